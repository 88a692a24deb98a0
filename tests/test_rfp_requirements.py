"""Requirements profiles: the schema, one-line errors like a spec's, the bundled example,
`init --kind rfp`, and `rfp --from-spec`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sla_drafter._spec_schema import _SpecValidator
from sla_drafter.cli import cli
from sla_drafter.errors import InputError
from sla_drafter.resources import examples_dir, schemas_dir
from sla_drafter.rfp.derive import requirements_data, requirements_from_spec
from sla_drafter.rfp.requirements import (
    KINDS,
    RequirementsError,
    load_requirements,
    parse_requirements,
)
from sla_drafter.spec import load_spec

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"
BAD = sorted(FIXTURES.glob("bad_*.yaml"))
EXAMPLE = examples_dir() / "requirements" / "rfp.yaml"
SPECS = sorted(examples_dir().glob("*.yaml"))


def _errors(path: Path) -> list[str]:
    try:
        load_requirements(path)
    except RequirementsError as exc:
        return exc.errors
    except InputError as exc:
        return [str(exc)]
    return []


def test_schema_builds_and_lists_every_kind() -> None:
    loaded = yaml.safe_load((schemas_dir() / "requirements.yaml").read_text(encoding="utf-8"))
    _SpecValidator(loaded["schema"])  # raises SchemaError when malformed
    allowed = loaded["schema"]["requirements"]["schema"]["schema"]["kind"]["allowed"]
    assert tuple(allowed) == KINDS


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_requirements_give_exactly_the_expected_lines(path: Path) -> None:
    expected = [
        line.removeprefix("# expect: ").replace("{file}", str(path))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]
    assert expected, f"{path.name} has no '# expect:' line"
    assert _errors(path) == expected


def test_example_and_minimal_are_valid() -> None:
    reqs = load_requirements(EXAMPLE)
    assert [r.id for r in reqs.requirements] == [f"SLR-{i:02d}" for i in range(1, 14)]
    assert {r.kind for r in reqs.requirements} >= {"availability", "support_response", "service_credits", "capacity"}
    assert reqs.business_day_hours() == 10
    assert str(reqs.monthly_fee()) == "EUR 20,000"
    assert reqs.data["instructions"]["deadline"] == "2026-03-16"  # dates normalised to ISO text
    minimal = load_requirements(FIXTURES / "good_minimal.yaml")
    (only,) = minimal.requirements
    assert (only.weight, only.mandatory, only.raw["window"], only.raw["clock"]) == (1.0, True, "calendar_month", "24x7")
    assert only.required_level() == "at least 99.9% per calendar month; on a 24x7 clock"


def test_missing_file_directory_and_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_requirements(tmp_path / "none.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_requirements(tmp_path)
    with pytest.raises(InputError, match="top level must be a mapping"):
        parse_requirements("- a\n- b\n", "list.yaml")


def test_init_writes_the_example_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "requirements.yaml"
    runner = CliRunner()
    result = runner.invoke(cli, ["init", "--kind", "rfp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    out.write_text("mine", encoding="utf-8")
    again = runner.invoke(cli, ["init", "--kind", "rfp", "-o", str(out)])
    assert again.exit_code == 2
    assert again.output.strip() == f"error: {out}: already exists; use --force to overwrite"
    assert out.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_requirements_derived_from_every_example_spec_load_back(spec: Path) -> None:
    text = requirements_from_spec(load_spec(spec))
    reqs = parse_requirements(text, "derived.yaml")
    ids = [r.id for r in reqs.requirements]
    assert ids == [f"SLR-{i:02d}" for i in range(1, len(ids) + 1)]


def test_derived_requirements_carry_the_specs_levels() -> None:
    spec = load_spec(examples_dir() / "saas.yaml")
    data = requirements_data(spec)
    by_kind = {r["kind"]: r for r in data["requirements"]}
    assert data["rfp"]["buyer"] == "Harbour & Vale Logistics plc"
    assert (by_kind["availability"]["target"], by_kind["availability"]["window"]) == ("99.9%", "calendar_month")
    assert by_kind["support_response"]["targets"][0] == {"priority": "P1", "target": "15 minutes", "clock": "24x7"}
    assert by_kind["support_response"]["human_response"] is True
    assert by_kind["service_credits"]["min_cap"] == "30%" and by_kind["service_credits"]["automatic"] is True
    assert by_kind["termination"]["chronic_failure"] == {"misses": 3, "within": 6}
    assert by_kind["capacity"]["concurrent_users"] == 1500
    assert by_kind["measurement"]["independent_monitoring"] == "required"


def test_rfp_from_spec_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["rfp", "--from-spec", str(examples_dir() / "saas.yaml")])
    assert printed.exit_code == 0 and "sla_drafter_requirements: 1" in printed.output
    out = tmp_path / "req.yaml"
    wrote = runner.invoke(cli, ["rfp", "--from-spec", str(examples_dir() / "saas.yaml"), "-o", str(out)])
    assert wrote.exit_code == 0
    assert load_requirements(out).requirements
    bad = tmp_path / "bad.yaml"
    bad.write_text("sla_drafter: 1\n", encoding="utf-8")
    failed = runner.invoke(cli, ["rfp", "--from-spec", str(bad)])
    assert failed.exit_code == 2 and failed.output.startswith(f"error: {bad}:")
    assert len(failed.output.strip().splitlines()) >= 1 and "Traceback" not in failed.output


def test_init_rfp_defaults_to_requirements_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--kind", "rfp"]).exit_code == 0
    assert load_requirements(tmp_path / "requirements.yaml").requirements
    assert runner.invoke(cli, ["init"]).exit_code == 0
    assert (tmp_path / "spec.yaml").is_file()  # specs keep their default name
