"""The clause library: schema, rendering, binding from specs, CLI and the generated catalogue."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sla_drafter.cli import cli
from sla_drafter.errors import InputError
from sla_drafter.library import (
    ALL_TOPICS,
    GAMING_RULES,
    RULE_NAMES,
    STANCES,
    Clause,
    Variable,
    catalogue_markdown,
    load_clause,
    load_library,
    resolve_path,
)
from sla_drafter.resources import clause_library_dir, examples_dir, schemas_dir
from sla_drafter.topics import TOPICS, missing_rule_name
from sla_drafter.units import Duration, Money, Percent

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clauses"
LIBRARY = load_library()
CLAUSES = sorted(LIBRARY.clauses.values(), key=lambda c: c.id)
CLAUSE_FILES = sorted(clause_library_dir().rglob("*.yaml"))
SAAS: dict[str, Any] = yaml.safe_load((examples_dir() / "saas.yaml").read_text(encoding="utf-8"))

REQUIRED_IDS = (
    "services.description", "availability.commitment", "measurement.method",
    "measurement.independent", "measurement.period", "definitions.downtime", "definitions.core",
    "support.human_response", "support.resolution_targets", "support.priority_assignment",
    "support.coverage_hours", "reporting.monthly_report", "reviews.service_review",
    "credits.tiered", "credits.automatic", "credits.cap", "credits.payment",
    "remedies.not_exclusive", "exclusions.narrow", "maintenance.capped", "customer.obligations",
    "disputes.ladder", "indemnity.third_party", "termination.chronic_failure",
    "change.mutual_agreement", "escalation.ladder", "capacity.limits", "rca.report",
    "audit.rights", "general.firm_commitment", "general.order_of_precedence",
    "governing_law.clause",
)

# Wording our own linter reports as gameable; customer and balanced text must never contain it.
GAMEABLE = re.compile(
    r"commercially reasonable|best efforts|reasonable endeavours|sole and exclusive|"
    r"sole discretion|continued use .{0,40}acceptance|may (?:amend|modify|update) this SLA",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- files and schema


@pytest.mark.parametrize("path", CLAUSE_FILES, ids=lambda p: p.stem)
def test_every_clause_file_validates(path: Path) -> None:
    clause = load_clause(path)
    assert clause.id == path.stem
    assert path.parent.name == clause.topic
    assert set(clause.variants) == set(STANCES) == set(clause.notes)
    assert clause.examples, "every clause needs at least one example"


def test_schema_topics_match_the_code() -> None:
    schema = yaml.safe_load((schemas_dir() / "clause.yaml").read_text(encoding="utf-8"))
    assert tuple(schema["topic"]["allowed"]) == ALL_TOPICS
    assert set(TOPICS) <= set(ALL_TOPICS)


BAD_FIXTURES = sorted(FIXTURES.glob("bad_*.yaml"))


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", BAD_FIXTURES, ids=lambda p: p.stem)
def test_bad_clause_fixtures_are_rejected(path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_clause(path)
    message = str(caught.value)
    assert _expected(path) in message
    assert message.startswith(str(path))
    assert "\n" not in message


def test_bad_fixtures_cover_the_main_mistakes() -> None:
    names = {p.stem for p in BAD_FIXTURES}
    assert {"bad_missing_variant", "bad_unknown_topic", "bad_variable_without_type",
            "bad_example_not_contained"} <= names


def test_good_fixture_passes_and_errors_carry_lines() -> None:
    clause = load_clause(FIXTURES / "good_minimal.yaml")
    assert clause.render("balanced", {"target": "99.5%"}) == "Provider will meet 99.5% each month."
    with pytest.raises(InputError) as caught:
        load_clause(FIXTURES / "bad_unknown_topic.yaml")
    assert caught.value.line == 4  # the `topic:` line, after the header comment


def test_library_rejects_two_defaults_and_misplaced_files(tmp_path: Path) -> None:
    good = FIXTURES / "good_minimal.yaml"
    (tmp_path / "availability").mkdir()
    shutil.copy(good, tmp_path / "availability" / "demo.sample.yaml")
    assert list(load_library(tmp_path).clauses) == ["demo.sample"]

    twins = tmp_path / "twins"
    (twins / "availability").mkdir(parents=True)
    shutil.copy(good, twins / "availability" / "demo.sample.yaml")
    twin = yaml.safe_load(good.read_text(encoding="utf-8"))
    twin["id"] = "demo.twin"
    (twins / "availability" / "demo.twin.yaml").write_text(yaml.safe_dump(twin), encoding="utf-8")
    with pytest.raises(InputError, match="exactly one default clause, found 2"):
        load_library(twins)

    other = tmp_path / "other"
    (other / "maintenance").mkdir(parents=True)
    shutil.copy(good, other / "maintenance" / "demo.sample.yaml")
    with pytest.raises(InputError, match="sits in folder 'maintenance'"):
        load_library(other)

    renamed = tmp_path / "renamed"
    (renamed / "availability").mkdir(parents=True)
    shutil.copy(good, renamed / "availability" / "demo.other.yaml")
    with pytest.raises(InputError, match="does not match the file name"):
        load_library(renamed)


def test_load_library_is_cached_per_root() -> None:
    assert load_library() is LIBRARY
    assert load_library(clause_library_dir()) is LIBRARY


# ---------------------------------------------------------------- content


def test_required_ids_exist() -> None:
    missing = [cid for cid in REQUIRED_IDS if cid not in LIBRARY.clauses]
    assert missing == []


def test_every_topic_has_exactly_one_default() -> None:
    for topic in TOPICS:
        default = LIBRARY.default_for(topic)
        assert default is not None, topic
        assert LIBRARY.for_topic(topic)[0] is default
    for topic in LIBRARY.topics():
        assert sum(c.default for c in LIBRARY.for_topic(topic)) == 1, topic


def test_satisfies_names_are_known_rules() -> None:
    assert "missing-credit-claim-process" in RULE_NAMES
    assert {missing_rule_name(t) for t in TOPICS} <= RULE_NAMES
    for clause in CLAUSES:
        for rule in clause.satisfies:
            assert rule in RULE_NAMES, f"{clause.id}: {rule}"
    answered = {rule for c in CLAUSES for rule in c.satisfies}
    # Every gaming rule has at least one library clause that answers it.
    assert set(GAMING_RULES) <= answered


EXAMPLES = [(c, i) for c in CLAUSES for i in range(len(c.examples))]


@pytest.mark.parametrize(("clause", "index"), EXAMPLES,
                         ids=[f"{c.id}-{i}" for c, i in EXAMPLES])
def test_every_example_renders_and_contains_its_strings(clause: Clause, index: int) -> None:
    example = clause.examples[index]
    text = clause.render(example.stance, example.data)
    for needle in example.contains:
        assert needle in text


@pytest.mark.parametrize("clause", CLAUSES, ids=lambda c: c.id)
@pytest.mark.parametrize("stance", STANCES)
def test_every_clause_renders_from_the_saas_spec(clause: Clause, stance: str) -> None:
    bound = clause.bind(SAAS)
    text = clause.render(stance, bound)
    assert text and text == text.strip()
    assert "{{" not in text and "{%" not in text
    assert "\n\n\n" not in text
    for paragraph in text.split("\n\n"):
        assert "\n" not in paragraph and paragraph == paragraph.strip()
    for definition in clause.definitions(stance, bound):
        assert definition.term and definition.meaning and "{{" not in definition.meaning
    if stance != "provider":
        assert not GAMEABLE.search(text), f"{clause.id} {stance}: {GAMEABLE.search(text)}"


@pytest.mark.parametrize("clause", CLAUSES, ids=lambda c: c.id)
def test_every_clause_renders_with_defaults_only(clause: Clause) -> None:
    for stance in STANCES:
        assert clause.render(stance, clause.bind({})) == clause.render_defaults(stance)


def test_stances_differ() -> None:
    for clause in CLAUSES:
        texts = {clause.render(s, clause.bind(SAAS)) for s in STANCES}
        assert len(texts) >= 2, clause.id


def test_saas_values_reach_the_text() -> None:
    def text(cid: str, stance: str = "balanced") -> str:
        clause = LIBRARY.get(cid)
        return clause.render(stance, clause.bind(SAAS))

    assert "at least 99.9% in each Measurement Period" in text("availability.commitment")
    maint = text("maintenance.capped", "customer")
    assert "Sundays 01:00 to 05:00 UK time" in maint
    assert "at least 5 Business Days" in maint and "no more than 8 hours" in maint
    assert "will not exceed 30% of the Charges" in text("credits.cap")
    chronic = text("termination.chronic_failure")
    assert "three (3) or more Measurement Periods within any six (6)" in chronic
    assert "below 98.0%" in chronic and "within 60 days" in chronic  # as the spec and the credit table write it
    assert "at least 1,500 concurrent users and 200 requests per second" in text("capacity.limits", "customer")
    assert "exceeds 85% of the Capacity Limit" in text("capacity.limits")
    disputes = text("disputes.ladder", "customer")
    assert "the parties' service managers" in disputes and "the LCIA Rules" in disputes
    assert "seat of arbitration will be London" in disputes
    assert "For every P1 and P2 Incident" in text("rca.report")
    assert "(d) P4: 1 Business Day, counted in Business Hours." in text("support.human_response")
    assert "Subscription Agreement dated 1 January 2026" in text("general.order_of_precedence")
    assert "applies from 1 January 2026" in text("general.order_of_precedence")
    assert "Harbour" not in text("services.description")  # short names, not legal names
    defs = {d.term: d.meaning for d in LIBRARY.get("definitions.core").definitions(
        "customer", LIBRARY.get("definitions.core").bind(SAAS))}
    assert defs["Business Hours"] == "08:00 to 18:00 (Europe/London time) on a Business Day"  # a range in words
    assert "automated acknowledgement" in defs["Response"]


# ---------------------------------------------------------------- binding and rendering


def _clause(variables: dict[str, Variable], text: str = "{{ x }}") -> Clause:
    return Clause(
        id="t.clause", version="1.0.0", topic="availability", title="T", default=True,
        variants={s: text for s in STANCES}, notes={s: "n" for s in STANCES},
        variables=variables,
    )


def test_bind_accepts_raw_and_parsed_units() -> None:
    clause = _clause({
        "pct": Variable("pct", "percent", "a.pct", "d"),
        "dur": Variable("dur", "duration", "a.dur", "d"),
        "fee": Variable("fee", "money", "a.fee", "d"),
        "n": Variable("n", "int", "a.n", "d"),
        "f": Variable("f", "float", "a.f", "d"),
        "items": Variable("items", "list", "a.items", "d"),
        "when": Variable("when", "string", "a.when", "d"),
    })
    raw = {"a": {"pct": "99.9%", "dur": "2 business days", "fee": "EUR 1500", "n": 3,
                 "f": 2.50, "items": ["x", 4], "when": date(2026, 3, 5)}}
    parsed = {"a": {"pct": Percent(99.9), "dur": Duration.parse("2 business days"),
                    "fee": Money.parse("EUR 1,500"), "n": "3", "f": "2.5", "items": ["x", 4],
                    "when": date(2026, 3, 5)}}
    expected = {"provider": "Provider", "customer": "Customer", "pct": "99.9%",
                "dur": "2 Business Days", "fee": "EUR 1,500", "n": 3, "f": "2.5",
                "items": ["x", "4"], "when": "5 March 2026"}
    assert clause.bind(raw) == expected
    assert clause.bind(parsed) == expected


def test_bind_uses_defaults_and_party_short_names() -> None:
    clause = _clause({"x": Variable("x", "duration", "m.notice", "d", "4h", True)})
    assert clause.bind({})["x"] == "4 hours"
    bound = clause.bind({"parties": {"provider": {"short_name": "Supplier"},
                                     "customer": {"short_name": "Client"}}})
    assert (bound["provider"], bound["customer"]) == ("Supplier", "Client")


def test_bind_missing_value_without_default_names_clause_and_variable() -> None:
    clause = _clause({"x": Variable("x", "percent", "metrics[kind=availability].target", "d")})
    with pytest.raises(InputError, match=r"clause 't.clause' needs variable 'x'"):
        clause.bind({"metrics": [{"kind": "resolution", "target": "4h"}]})


def test_bind_bad_value_is_an_input_error() -> None:
    clause = _clause({"x": Variable("x", "percent", "a", "d")})
    with pytest.raises(InputError, match=r"variable 'x' .*between 0 and 100"):
        clause.bind({"a": "150%"})
    with pytest.raises(InputError, match="whole number"):
        _clause({"x": Variable("x", "int", "a", "d")}).bind({"a": 2.5})


def test_unknown_stance_and_clause() -> None:
    clause = LIBRARY.get("credits.cap")
    with pytest.raises(InputError) as caught:
        clause.render("neutral", clause.bind(SAAS))
    assert str(caught.value) == "unknown stance 'neutral' (choose customer, balanced or provider)"
    with pytest.raises(InputError) as caught:
        LIBRARY.get("credits.nope")
    assert str(caught.value) == "unknown clause 'credits.nope'"


def test_values_are_data_not_templates() -> None:
    hostile = "{{ 7*7 }} & <Ltd>"
    spec = dict(SAAS)
    spec["parties"] = {"provider": {"name": "X", "short_name": hostile},
                       "customer": {"name": "Y", "short_name": "{% raw %}Client"}}
    spec["services"] = [{"id": "a", "name": "{{ provider }}", "description": "<b>bold</b> & co"}]
    clause = LIBRARY.get("services.description")
    text = clause.render("customer", clause.bind(spec))
    assert text.startswith(hostile + " will provide the following services to {% raw %}Client")
    assert "(a) {{ provider }}: <b>bold</b> & co." in text
    assert "49" not in text and "&amp;" not in text


def test_missing_template_variable_is_an_input_error() -> None:
    clause = _clause({}, "{{ provider }} and {{ customer }}")
    assert clause.render("balanced", {}) == "Provider and Customer"
    broken = _clause({}, "{{ nothing }}")
    with pytest.raises(InputError, match="'nothing' is undefined"):
        broken.render("balanced", {})


def test_resolve_path_forms() -> None:
    assert resolve_path(SAAS, "metrics[kind=resolution].targets[0].target") == "4 hours"
    assert resolve_path(SAAS, "services[0].capacity.concurrent_users") == 1500
    assert resolve_path(SAAS, "services[].coverage.hours") == ["24x7"]
    missing = resolve_path(SAAS, "metrics[kind=throughput].target")
    assert missing is resolve_path({}, "anything")


def test_applies_when_and_select() -> None:
    capacity = LIBRARY.get("capacity.limits")
    assert capacity.applies(SAAS)
    assert not capacity.applies({"services": [{"id": "a"}]})
    assert capacity.applies({"services": [{"id": "a"}, {"id": "b", "capacity": {"concurrent_users": 5}}]})

    manual = {"service_credits": {"automatic": False, "claim_window": "45 days"}}
    assert LIBRARY.select("credit_claim_process", SAAS).id == "credits.automatic"
    chosen = LIBRARY.select("credit_claim_process", manual)
    assert chosen is not None and chosen.id == "credits.on_request"
    assert "within 45 days" in chosen.render_spec("balanced", manual)
    pinned = LIBRARY.select("credit_claim_process", SAAS, pinned="credits.on_request")
    assert pinned is not None and pinned.id == "credits.on_request"
    with pytest.raises(InputError, match="belongs to topic 'credit_cap'"):
        LIBRARY.select("credit_claim_process", SAAS, pinned="credits.cap")


def test_definitions_follow_the_stance() -> None:
    clause = LIBRARY.get("definitions.downtime")
    bound = clause.bind(SAAS)
    customer = clause.definitions("customer", bound)[0].meaning
    provider = clause.definitions("provider", bound)[0].meaning
    assert "respond so slowly" in customer and "respond so slowly" not in provider


def test_list_punctuation() -> None:
    clause = LIBRARY.get("customer.obligations")
    text = clause.render("balanced", {"items": ["do a", "do b.", "do c"]})
    assert "(a) do a;\n\n(b) do b; and\n\n(c) do c." in text


# ---------------------------------------------------------------- command line


def test_cli_lists_topics_topic_and_clause() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["clauses"])
    assert listing.exit_code == 0
    for topic in TOPICS:
        assert f"\n{topic} - " in "\n" + listing.output
    assert "  support.human_response - Response times (default)" in listing.output

    topic = runner.invoke(cli, ["clauses", "credit_claim_process"])
    assert topic.exit_code == 0
    assert topic.output.splitlines()[1:] == [
        "  credits.automatic - Service Credits applied automatically (default)",
        "  credits.on_request - Service Credits on request",
    ]

    shown = runner.invoke(cli, ["clauses", "maintenance.capped", "--stance", "provider"])
    assert shown.exit_code == 0
    assert "version 1.0.0" in shown.output and "cap [duration] from maintenance.monthly_cap" in shown.output
    assert "provider text:" in shown.output and "customer text:" not in shown.output
    assert "provider note:" in shown.output

    every = runner.invoke(cli, ["clauses", "maintenance.capped"])
    assert all(f"{s} text:" in every.output for s in STANCES)


def test_cli_unknown_is_one_line_exit_2() -> None:
    result = CliRunner().invoke(cli, ["clauses", "nonsense"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "unknown topic or clause 'nonsense'" in result.output


# ---------------------------------------------------------------- generated catalogue


def test_catalogue_is_up_to_date() -> None:
    checked_in = (ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")
    assert checked_in == catalogue_markdown(LIBRARY), "run: python docs/gen_clauses.py"


def test_catalogue_lists_every_clause() -> None:
    text = catalogue_markdown(LIBRARY)
    for clause in CLAUSES:
        assert f"### `{clause.id}` - {clause.title}" in text


def test_lint_fixes_point_at_clauses_that_answer_them() -> None:
    """Every lint rule whose fix names a library clause: the clause exists and lists the rule."""
    registry = pytest.importorskip("sla_drafter.lint.registry")
    rules = registry.all_rules()
    names = {rule.name for rule in rules}
    for clause in CLAUSES:
        for name in clause.satisfies:
            assert name in names, f"{clause.id} satisfies unknown rule {name}"
    for rule in rules:
        fix = getattr(rule, "fix_clause", "")
        if fix:
            assert rule.name in LIBRARY.get(fix).satisfies, f"{rule.name} -> {fix}"


@pytest.mark.parametrize("stance", ["customer", "balanced"])
def test_drafted_saas_lints_without_the_rules_its_clauses_answer(stance: str) -> None:
    """The generator and the linter check each other: a customer or balanced draft of the
    SaaS example has no errors, and no finding names a rule that a drafted clause answers."""
    assembler = pytest.importorskip("sla_drafter.assemble.assembler")
    markdown = pytest.importorskip("sla_drafter.assemble.markdown")
    lint = pytest.importorskip("sla_drafter.lint")
    from sla_drafter.read import read_text
    from sla_drafter.spec import load_spec

    agreement, _ = assembler.build_agreement(load_spec(examples_dir() / "saas.yaml"), LIBRARY, stance)
    text = markdown.render_markdown(agreement).decode("utf-8")
    result = lint.lint_document(read_text(text, "draft.md", fmt="markdown"), stance="customer")
    answered = {rule for s in agreement.sections() for cid in s.clause_ids
                if cid in LIBRARY.clauses for rule in LIBRARY.get(cid).satisfies}
    assert answered >= {"acknowledgment-counts-as-response", "maintenance-exclusion-uncapped"}
    problems = [(f.severity.value, f.rule, f.evidence) for f in result.findings
                if f.severity.value == "error" or f.rule in answered]
    assert problems == []


def test_strict_loading_checks_templates_that_runtime_loading_defers(tmp_path: Path) -> None:
    bad = FIXTURES / "bad_undeclared_variable.yaml"
    (tmp_path / "availability").mkdir()
    target = tmp_path / "availability" / "demo.sample.yaml"
    target.write_text(bad.read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library(tmp_path)  # schema-valid, so drafting can load it
    assert list(library.clauses) == ["demo.sample"]
    with pytest.raises(InputError, match="undeclared variable"):
        load_library(tmp_path, strict=True)


def test_bundled_library_passes_strict_check() -> None:
    result = CliRunner().invoke(cli, ["clauses", "--check"])
    assert result.exit_code == 0, result.output
    assert f"{len(LIBRARY.clauses)} clauses, all valid" in result.output
