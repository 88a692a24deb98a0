"""Spec loading and validation: fixtures carry their expected error lines; examples; CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cerberus import Validator
from cerberus.schema import SchemaError
from click.testing import CliRunner

from sla_drafter._spec_schema import _SpecValidator
from sla_drafter.errors import InputError
from sla_drafter.resources import examples_dir, schemas_dir
from sla_drafter.spec import SpecError, format_path, load_spec, parse_response_time
from sla_drafter.spec_terms import spec_to_terms
from sla_drafter.terms import Clock, DocKind, MeasuredBy, MetricKind, Window
from sla_drafter.topics import TOPICS, TopicStatus
from sla_drafter.units import TimeUnit

FIXTURES = Path(__file__).parent / "fixtures" / "specs"
GOOD = sorted(FIXTURES.glob("good_*.yaml"))
BAD = sorted(FIXTURES.glob("bad_*.yaml"))
EXAMPLES = sorted(examples_dir().glob("*.yaml"))


def _errors(path: Path) -> list[str]:
    try:
        load_spec(path)
    except SpecError as exc:
        return exc.errors
    except InputError as exc:
        return [str(exc)]
    return []


def test_fixture_folders_are_populated() -> None:
    assert len(GOOD) >= 3 and len(BAD) >= 15
    assert {p.stem for p in EXAMPLES} >= {"saas", "managed-services", "internal-ola", "multi-level"}


@pytest.mark.parametrize("path", GOOD + EXAMPLES, ids=lambda p: p.name)
def test_good_specs_validate(path: Path) -> None:
    assert _errors(path) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_specs_give_exactly_the_expected_lines(path: Path) -> None:
    expected = [
        line.removeprefix("# expect: ").replace("{file}", str(path))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]
    assert expected, f"{path.name} has no '# expect:' line"
    assert _errors(path) == expected


def test_single_error_is_an_input_error_with_line() -> None:
    path = FIXTURES / "bad_percent_range.yaml"
    with pytest.raises(InputError) as info:
        load_spec(path)
    assert str(info.value) == f"{path}:15 metrics[0].target: must be between 0 and 100"
    assert info.value.line == 15


def test_several_errors_are_all_collected_in_line_order() -> None:
    with pytest.raises(SpecError) as info:
        load_spec(FIXTURES / "bad_several.yaml")
    lines = [int(e.split(":")[1].split()[0]) for e in info.value.errors]
    assert len(lines) == 3 and lines == sorted(lines)
    assert str(info.value).count("\n") == 2


def test_missing_file_and_directory() -> None:
    with pytest.raises(InputError, match="file not found"):
        load_spec(FIXTURES / "no_such_spec.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_spec(FIXTURES)


def test_unit_typing_accepts_and_rejects(tmp_path: Path) -> None:
    base = (FIXTURES / "good_minimal.yaml").read_text(encoding="utf-8")
    for good in ("4h", "30 minutes", "2 business days", "1 business day"):
        spec = tmp_path / "ok.yaml"
        spec.write_text(base + f"maintenance: {{notice: {good}}}\n", encoding="utf-8")
        assert _errors(spec) == []
    spec = tmp_path / "bad.yaml"
    spec.write_text(base + "maintenance: {notice: soon}\n", encoding="utf-8")
    (error,) = _errors(spec)
    assert error.startswith(f"{spec}:18 maintenance.notice: expected a duration")


def test_version_number_becomes_text(tmp_path: Path) -> None:
    text = (FIXTURES / "good_minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "v.yaml"
    path.write_text(text.replace("  type: service-based\n", "  type: service-based\n  version: 2.0\n"), encoding="utf-8")
    assert load_spec(path).data["agreement"]["version"] == "2.0"


def test_normalised_data_fills_defaults_and_iso_dates() -> None:
    spec = load_spec(FIXTURES / "good_credits_support.yaml")
    assert spec.data["agreement"]["effective_date"] == "2026-01-01"
    metric = spec.data["metrics"][0]
    assert (metric["window"], metric["clock"]) == ("calendar_month", "24x7")
    targets = spec.data["metrics"][1]["targets"]
    assert [t["clock"] for t in targets] == ["24x7", "business_hours"]


def test_typed_metric_helpers() -> None:
    spec = load_spec(examples_dir() / "saas.yaml")
    by_id = {m.id: m for m in spec.metrics()}
    assert by_id["availability"].percent is not None and by_id["availability"].percent.value == 99.9
    latency = by_id["api-latency"]
    assert (latency.number, latency.unit, latency.percentile) == (800.0, "ms", 95)
    assert latency.duration is not None and latency.duration.unit is TimeUnit.SECOND
    p3 = by_id["response"].targets[2]
    assert (p3.priority, p3.target.value, p3.target.business, p3.clock) == ("P3", 4, True, "business_hours")
    assert spec.party_name("customer") == "Harbour & Vale Logistics plc"


def test_response_time_parsing() -> None:
    assert parse_response_time("800ms")[1:] == (800.0, "ms")
    assert parse_response_time("2 seconds")[1:] == (2.0, "seconds")
    with pytest.raises(ValueError):
        parse_response_time("fast")


def test_format_path() -> None:
    assert format_path(("metrics", 2, "target")) == "metrics[2].target"
    assert format_path(()) == "spec"


def test_schema_file_is_a_valid_cerberus_schema() -> None:
    loaded = yaml.safe_load((schemas_dir() / "spec.yaml").read_text(encoding="utf-8"))
    _SpecValidator(loaded["schema"])  # raises SchemaError when malformed
    with pytest.raises(SchemaError):  # the typed-unit rules exist only on the spec validator
        Validator(loaded["schema"])


# ---------------------------------------------------------------- Spec -> Terms


def test_spec_to_terms_saas_exact() -> None:
    terms = spec_to_terms(load_spec(examples_dir() / "saas.yaml"))
    assert terms.kind is DocKind.SLA
    assert all(terms.status(t) is TopicStatus.PRESENT for t in TOPICS)
    assert terms.topics["credit_cap"].evidence[0].text == "service_credits.cap: 30%"
    availability = terms.metrics_of(MetricKind.AVAILABILITY)[0]
    assert availability.to_dict() == {
        "kind": "availability", "name": "Platform Availability", "target": 99.9, "unit": "percent",
        "window": "month", "clock": "24x7", "measured_by": "third_party", "priority": None,
    }  # fmt: skip
    assert availability.evidence is not None and availability.evidence.text == "metrics[0].target: 99.9%"
    responses = terms.metrics_of(MetricKind.SUPPORT_RESPONSE)
    assert [(m.priority, m.target, m.unit, m.clock) for m in responses] == [
        ("P1", 15, "minutes", Clock.ALWAYS),
        ("P2", 30, "minutes", Clock.ALWAYS),
        ("P3", 4, "business_hours", Clock.BUSINESS_HOURS),
        ("P4", 1, "business_days", Clock.BUSINESS_HOURS),
    ]
    assert all(m.measured_by is MeasuredBy.JOINT for m in responses)  # provider + customer access
    (schedule,) = terms.credits.schedules
    assert [(t.lower, t.upper, t.credit_pct) for t in schedule.tiers] == [
        (99.5, 99.9, 5), (99.0, 99.5, 10), (98.0, 99.0, 15), (None, 98.0, 25),
    ]  # fmt: skip
    assert (schedule.target, schedule.window) == (99.9, Window.MONTH)
    credits = terms.credits
    assert (credits.cap_pct, credits.automatic, credits.cash, credits.sole_remedy) == (30, True, False, False)
    assert credits.claim_window is not None and credits.claim_window.value == 30
    assert terms.maintenance.monthly_cap is not None and terms.maintenance.monthly_cap.minutes() == 480
    assert terms.maintenance.window == "Sundays 01:00 to 05:00 UK time"
    assert terms.chronic_failure is not None
    assert (terms.chronic_failure.misses, terms.chronic_failure.within) == (3, 6)
    assert terms.parties["customer"] == ["Harbour & Vale Logistics plc", "Customer"]


def test_spec_to_terms_ola_and_minimal() -> None:
    ola = spec_to_terms(load_spec(examples_dir() / "internal-ola.yaml"))
    assert ola.kind is DocKind.OLA
    assert not ola.has("service_credits") and not ola.has("indemnification")
    assert ola.parties["provider"][0] == "Network Operations"
    assert ola.credits.schedules == []
    minimal = spec_to_terms(load_spec(FIXTURES / "good_minimal.yaml"))
    present = {t for t in TOPICS if minimal.has(t)}
    assert present == {"service_description", "availability", "measurement_method",
                       "measurement_period", "independent_measurement"}  # fmt: skip
    assert minimal.chronic_failure is None and minimal.credits.cap_pct is None


def test_spec_to_terms_multi_level_finds_level_blocks() -> None:
    terms = spec_to_terms(load_spec(examples_dir() / "multi-level.yaml"))
    assert terms.has("dispute_resolution") and terms.has("reporting")
    assert terms.topics["reporting"].evidence[0].text.startswith("levels.customer.reporting:")
    names = [s.name for s in terms.credits.schedules]
    assert names == ["Availability", "Availability - Policy Administration Platform",
                     "Availability - Claims Portal"]  # fmt: skip
    assert terms.credits.schedules[1].target == 99.95
    throughput = terms.metrics_of(MetricKind.THROUGHPUT)[0]
    assert (throughput.target, throughput.unit) == (250, "quote requests per second, sustained for 15 minutes")


# ---------------------------------------------------------------- commands


def test_validate_command_exit_codes() -> None:
    from sla_drafter.commands.validate import command

    runner = CliRunner()
    ok = runner.invoke(command, [str(examples_dir() / "saas.yaml")])
    assert ok.exit_code == 0 and ok.output.strip().endswith("saas.yaml: valid")
    bad = FIXTURES / "bad_several.yaml"
    mixed = runner.invoke(command, [str(bad), str(FIXTURES / "good_minimal.yaml")])
    assert mixed.exit_code == 2
    assert "good_minimal.yaml: valid" in mixed.output
    assert f"{bad}:18 termination.chronic_failure.misses: cannot be more than within" in mixed.output
    assert "Traceback" not in mixed.output


@pytest.mark.parametrize("args", [["validate"], ["draft", "-o", "out.md"], ["lint"]])
def test_bad_date_is_one_line_with_its_line_in_every_command(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sla_drafter.cli import cli

    monkeypatch.chdir(tmp_path)
    spec = FIXTURES / "bad_date.yaml"
    result = CliRunner().invoke(cli, [args[0], str(spec), *args[1:]])
    assert result.exit_code == 2
    expected = f"{spec}:4 agreement.effective_date: not a real date: '2026-02-30'"
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and expected in errors[0], result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.md").exists()


def test_init_command(tmp_path: Path) -> None:
    from sla_drafter.commands.init import command

    runner = CliRunner()
    out = tmp_path / "spec.yaml"
    first = runner.invoke(command, ["--kind", "internal-ola", "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert out.read_text(encoding="utf-8") == (examples_dir() / "internal-ola.yaml").read_text(encoding="utf-8")
    assert load_spec(out).is_ola
    again = runner.invoke(command, ["-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.output
    forced = runner.invoke(command, ["-o", str(out), "--force"])
    assert forced.exit_code == 0
    assert "Northwind" in out.read_text(encoding="utf-8")  # default kind is saas
    printed = runner.invoke(command, ["--kind", "multi-level", "-o", "-"])
    assert printed.exit_code == 0 and "type: multi-level" in printed.output
    unknown = runner.invoke(command, ["--kind", "nope", "-o", "-"])
    assert unknown.exit_code == 2


def test_a_spec_that_passed_once_is_not_checked_again_and_a_bad_one_still_is(tmp_path: Path) -> None:
    """The schema's verdict on a spec text is kept in the start-up cache, so a warm draft
    never imports cerberus; an invalid spec is checked every time and reports its errors."""
    import os
    import subprocess
    import sys

    good = examples_dir() / "saas.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("sla_drafter: 1", "sla_drafter: 1\nbogus_key: 1"), "utf-8")
    env = {**os.environ, "SLA_DRAFTER_CACHE": str(tmp_path / "cache")}
    probe = (
        "import sys\nfrom sla_drafter.spec import load_spec, SpecError\n"
        "load_spec(sys.argv[1])\nprint('cerberus' in sys.modules)\n"
        "try:\n    load_spec(sys.argv[2])\nexcept SpecError as e:\n    print(str(e).splitlines()[0])\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", probe, str(good), str(bad)], env=env, capture_output=True,
                       text=True, check=True).stdout.splitlines()
        for _ in range(3)
    ]  # fmt: skip
    assert runs[0][0] == "True"  # cold: the schema checked the good spec
    assert runs[1][0] == runs[2][0] == "False"  # warm: its verdict was kept
    assert all("bogus_key" in r[1] and "unknown key" in r[1] for r in runs)
