"""Config files, playbooks and their precedence: CLI > playbook > config file > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fixtures.lint import fake_pipeline

from sla_drafter.errors import InputError
from sla_drafter.findings import Finding, Severity
from sla_drafter.lint.config import (
    Layer,
    LintConfig,
    find_config,
    load_config_file,
    resolve_config,
)
from sla_drafter.lint.playbook import load_playbook, playbook_schema, validate_playbook
from sla_drafter.terms import Terms
from sla_drafter.topics import TOPICS

FIXTURES = Path(__file__).parent / "fixtures" / "lint"


@pytest.fixture(autouse=True)
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pipeline.install(monkeypatch)


# ---------------------------------------------------------------- discovery


def test_find_config_searches_upward(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) is None or not str(find_config(deep)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[tool.sla-drafter]\nstance = 'provider'\n")
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no table: skipped
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "a" / ".sla-drafter.toml").write_text("stance = 'customer'\n")
    assert find_config(deep) == (tmp_path / "a" / ".sla-drafter.toml").resolve()


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        "[tool.sla-drafter]\nstance = 'provider'\nfail-on = 'warning'\nselect = ['SLA2', 'SLA3']\n"
        "[tool.sla-drafter.severity]\nlow-credit-cap = 'info'\n"
    )
    cfg = resolve_config(config_path=path)
    assert cfg.stance == "provider" and cfg.fail_on is Severity.WARNING
    assert cfg.select == ("SLA2", "SLA3")
    assert cfg.severity_for("provider") == {"low-credit-cap": Severity.INFO}
    assert cfg.severity_for("customer") == {"low-credit-cap": Severity.INFO}
    assert cfg.sources == (str(path),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 'red'\n", "unknown key 'colour'"),
        ("stance = 'seller'\n", "stance"),
        ("fail-on = 'fatal'\n", "fail-on: 'fatal' is not a severity"),
        ("[severity]\nlow-credit-cap = 'high'\n", "severity.low-credit-cap"),
        ("format = 'xml'\n", "format"),
        ("select = 3\n", "select"),
        ("stance = \n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".sla-drafter.toml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_config_file(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_explicit_config_without_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n")
    with pytest.raises(InputError, match=r"no \[tool\.sla-drafter\] table"):
        resolve_config(config_path=path)


# ---------------------------------------------------------------- playbooks


def test_playbook_schema_lists_every_topic() -> None:
    allowed = playbook_schema()["required_topics"]["schema"]["allowed"]
    assert tuple(allowed) == TOPICS


def test_example_playbook_is_valid() -> None:
    layer = load_playbook(FIXTURES / "buyer-playbook.yaml")
    assert layer.name == "saas-buyer"
    assert layer.ignore == ("business-hours-clock",)
    assert layer.severity["customer"]["provider-self-measurement"] is Severity.ERROR
    assert layer.required_topics == ("audit_rights", "root_cause_analysis")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": "no name"}, "name: required field"),
        ({"name": "x", "severity": {"customer": {"low-credit-cap": "high"}}}, "severity.customer.low-credit-cap: unallowed value high"),
        ({"name": "x", "severity": {"seller": {}}}, "severity"),
        ({"name": "x", "required_topics": ["uptime"]}, "required_topics"),
        ({"name": "x", "colour": "red"}, "colour: unknown field"),
        (["a", "list"], "must be a YAML mapping"),
    ],
)
def test_bad_playbooks_fail_with_file_and_path(tmp_path: Path, data: object, message: str) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(InputError) as err:
        load_playbook(path)
    text = str(err.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text


def test_playbook_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text("name: x\nselect: [a,\n")
    with pytest.raises(InputError, match=r"book.yaml:\d+: invalid YAML"):
        load_playbook(path)


def test_validate_playbook_accepts_any_stance_key() -> None:
    doc = validate_playbook({"name": "x", "severity": {"any": {"SLA201": "info"}}}, "p.yaml")
    assert doc["severity"]["any"] == {"SLA201": "info"}


# ---------------------------------------------------------------- precedence


def write_layers(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "book.yaml"
    book.write_text(
        "name: team-book\n"
        "ignore: [from-playbook]\n"
        "severity:\n"
        "  customer: {rule-a: warning, rule-b: warning}\n"
        "  provider: {rule-a: info}\n"
        "required_topics: [audit_rights]\n"
    )
    cfg = tmp_path / ".sla-drafter.toml"
    cfg.write_text(
        "stance = 'provider'\nfail-on = 'warning'\nselect = ['from-config']\n"
        "ignore = ['from-config']\nplaybook = 'book.yaml'\nformat = 'json'\n"
        "[severity]\nrule-a = 'error'\nrule-c = 'error'\n"
    )
    return cfg, book


def test_precedence_config_playbook_cli(tmp_path: Path) -> None:
    cfg_path, _ = write_layers(tmp_path)
    cfg = resolve_config(cwd=tmp_path)
    assert cfg.sources == (str(cfg_path), str((tmp_path / "book.yaml").resolve()))
    assert cfg.playbook == "team-book"
    assert cfg.stance == "provider" and cfg.fail_on is Severity.WARNING and cfg.format == "json"
    assert cfg.select == ("from-config",)  # the playbook does not set select
    assert cfg.ignore == ("from-playbook",)  # playbook beats config file
    assert cfg.severity_for("customer") == {
        "rule-a": Severity.WARNING,
        "rule-b": Severity.WARNING,
        "rule-c": Severity.ERROR,
    }
    assert cfg.severity_for("provider") == {"rule-a": Severity.INFO, "rule-c": Severity.ERROR}
    assert cfg.required_topics == ("audit_rights",)

    cli = Layer(source="command line", stance="customer", fail_on=Severity.ERROR,
                ignore=("from-cli",), format="sarif")
    cfg = resolve_config(cli=cli, cwd=tmp_path)
    assert (cfg.stance, cfg.fail_on, cfg.ignore, cfg.format) == (
        "customer", Severity.ERROR, ("from-cli",), "sarif"
    )
    assert cfg.select == ("from-config",)


def test_cli_playbook_replaces_config_playbook(tmp_path: Path) -> None:
    write_layers(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text("name: other\nselect: [only-this]\n")
    cfg = resolve_config(cwd=tmp_path, playbook_path=other)
    assert cfg.playbook == "other" and cfg.select == ("only-this",)
    assert cfg.ignore == ("from-config",) and cfg.required_topics == ()


def test_missing_playbook_named_in_error(tmp_path: Path) -> None:
    (tmp_path / ".sla-drafter.toml").write_text("playbook = 'gone.yaml'\n")
    with pytest.raises(InputError, match=r"gone\.yaml: playbook not found"):
        resolve_config(cwd=tmp_path)


# ---------------------------------------------------------------- applying a config


def f(code: str, rule: str, sev: Severity = Severity.WARNING) -> Finding:
    return Finding(code, rule, sev, None, "m")


def test_postprocess_select_ignore_severity_and_required_topics() -> None:
    findings = [f("SLA1", "rule-a"), f("SLA2", "rule-b"), f("SLA3", "rule-c", Severity.ERROR)]
    terms = Terms()
    cfg = LintConfig(
        ignore=("rule-b",),
        severity={"customer": {"SLA1": Severity.ERROR}, "provider": {}},
        required_topics=("audit_rights", "availability"),
    )
    out = cfg.postprocess(findings, terms, "customer")
    assert [(x.code, x.severity.value) for x in out] == [
        ("SLA1", "error"), ("SLA3", "error"), ("SLA902", "warning"), ("SLA902", "warning")
    ]
    assert {x.rule for x in out if x.code == "SLA902"} == {"missing-audit-rights", "missing-availability"}
    assert [x.code for x in cfg.postprocess(findings, terms, "provider")][:1] == ["SLA1"]
    assert cfg.postprocess(findings, terms, "provider")[0].severity is Severity.WARNING
    only = LintConfig(select=("rule-c",))
    assert [x.code for x in only.postprocess(findings, terms, "customer")] == ["SLA3"]


def test_required_topic_not_duplicated_when_rules_report_it() -> None:
    cfg = LintConfig(required_topics=("audit_rights",))
    out = cfg.postprocess([f("SLA116", "missing-audit-rights")], Terms(), "customer")
    assert [x.code for x in out] == ["SLA116"]


def test_with_stance_rejects_unknown() -> None:
    with pytest.raises(InputError):
        LintConfig().with_stance("seller")


def _engine_works() -> bool:
    try:
        from sla_drafter.lint.engine import all_rules

        return bool(all_rules())
    except Exception:
        return False


@pytest.mark.skipif(not _engine_works(), reason="rule engine not importable yet")
def test_unknown_rule_in_config_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real engine's rule names
    path = tmp_path / ".sla-drafter.toml"
    path.write_text("ignore = ['no-such-rule']\n")
    with pytest.raises(InputError, match="unknown rule or group 'no-such-rule'"):
        resolve_config(config_path=path)
