"""Rules: every rule's examples and fixture cases through the real pipeline, plus engine behaviour.

Each rule has tests/fixtures/rules/<CODE>.yaml: `fail_str` cases must trigger the
rule, `pass_str` cases must not. The rule's own anti-pattern and best practice
are among them, so the documentation cannot drift from the behaviour.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cerberus import Validator

from sla_drafter.document import BlockKind, Document, Location
from sla_drafter.extract import extract_terms
from sla_drafter.findings import Finding, Severity
from sla_drafter.lint.engine import RuleContext, all_rules, get_rule, run_rules
from sla_drafter.lint.rules.phrases import (
    PHRASES_DIR,
    PhraseRule,
    load_phrase_rules,
    validate_phrase_rule,
)
from sla_drafter.read import read_text
from sla_drafter.terms import (
    CreditSchedule,
    CreditTier,
    DocKind,
    Evidence,
    Maintenance,
    Terms,
)
from sla_drafter.topics import TOPICS, TopicStatus, missing_rule_name
from sla_drafter.units import Duration

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "rules"

DESIGN_NAMES = [
    "acknowledgment-counts-as-response", "no-resolution-target", "provider-self-measurement",
    "measurement-unspecified", "narrow-downtime-definition", "long-measurement-window",
    "credits-require-claim", "low-credit-cap", "sole-and-exclusive-remedy", "no-remedy",
    "maintenance-exclusion-uncapped", "broad-exclusions", "vague-efforts-language",
    "unilateral-amendment", "provider-assigns-severity", "credits-non-cash-or-forfeitable",
    "credit-schedule-gap-or-overlap", "business-hours-clock",
    "number-words-digits-mismatch", "undefined-cross-reference", "duplicate-section-number",
    "inconsistent-party-names",
]

CASE_SCHEMA: dict[str, Any] = {
    "rule": {"type": "string", "required": True, "regex": r"SLA\d{3}"},
    "name": {"type": "string", "required": True},
    "cases": {
        "type": "list",
        "required": True,
        "minlength": 4,
        "schema": {
            "type": "dict",
            "schema": {
                "name": {"type": "string", "required": True, "empty": False},
                "fail_str": {"type": "string", "excludes": "pass_str", "required": True},
                "pass_str": {"type": "string", "excludes": "fail_str", "required": True},
                "kind": {"type": "string", "allowed": ["sla", "ola", "rfp"]},
                "stance": {"type": "string", "allowed": ["customer", "provider"]},
                "format": {"type": "string", "allowed": ["text", "markdown"]},
                "expect": {"type": "list", "schema": {"type": "string", "regex": r"SLA\d{3}"}},
            },
        },
    },
}


def _load_fixture(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _cases() -> list[Any]:
    out = []
    for path in sorted(FIXTURES.glob("SLA*.yaml")):
        data = _load_fixture(path)
        for case in data["cases"]:
            out.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return out


def lint_text(
    text: str, *, kind: str = "sla", stance: str = "customer", fmt: str = "markdown"
) -> list[Finding]:
    """The real pipeline: read -> extract -> rules, with the case's kind imposed."""
    doc = read_text(text, "<case>", fmt)
    terms = extract_terms(doc)
    terms.kind = DocKind(kind)
    return run_rules(doc, terms, stance=stance)


# -- fixture cases through the real pipeline -------------------------------------------

@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    failing = "fail_str" in case
    text = case["fail_str"] if failing else case["pass_str"]
    findings = lint_text(
        text,
        kind=case.get("kind", "sla"),
        stance=case.get("stance", "customer"),
        fmt=case.get("format", "markdown"),
    )
    codes = {f.code for f in findings}
    if failing:
        assert code in codes, f"{code} did not trigger; got {sorted(codes)}"
    else:
        assert code not in codes, [f.to_dict() for f in findings if f.code == code]
    for other in case.get("expect", []):
        assert other in codes


def test_every_rule_has_fixture_cases_with_its_examples() -> None:
    for rule in all_rules():
        path = FIXTURES / f"{rule.code}.yaml"
        assert path.exists(), f"{rule.code} {rule.name} has no fixture cases"
        data = _load_fixture(path)
        assert data["name"] == rule.name
        fails = [c["fail_str"].strip() for c in data["cases"] if "fail_str" in c]
        passes = [c["pass_str"].strip() for c in data["cases"] if "pass_str" in c]
        assert rule.anti_pattern.strip() in fails, f"{rule.code}: anti-pattern not tested"
        assert rule.best_practice.strip() in passes, f"{rule.code}: best practice not tested"
        assert len(fails) >= 2 and len(passes) >= 2, f"{rule.code}: needs more cases"


def test_no_fixture_without_a_rule() -> None:
    codes = {r.code for r in all_rules()}
    for path in FIXTURES.glob("*.yaml"):
        assert path.stem in codes, f"{path.name} tests no rule"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fixture_files_match_schema(path: Path) -> None:
    v = Validator(CASE_SCHEMA)
    assert v.validate(_load_fixture(path)), v.errors


def test_fixture_schema_rejects_bad_cases() -> None:
    v = Validator(CASE_SCHEMA)
    both = {"name": "x", "fail_str": "a", "pass_str": "b"}
    neither = {"name": "x"}
    bad_kind = {"name": "x", "fail_str": "a", "kind": "msa"}
    good = {"name": "x", "fail_str": "a"}
    for bad in (both, neither, bad_kind):
        assert not v.validate({"rule": "SLA201", "name": "n", "cases": [good, good, good, bad]})
    assert v.validate({"rule": "SLA201", "name": "n", "cases": [good] * 4})


# -- phrase rules (YAML) ------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(PHRASES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_phrase_rule_files_match_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert validate_phrase_rule(data) == []
    assert path.stem == f"{data['code']}-{data['name']}"


GOOD_PHRASE: dict[str, Any] = {
    "code": "SLA999", "name": "test-rule", "extends": "existence", "severity": "info",
    "message": "m", "rationale": "r", "anti_pattern": "a", "best_practice": "b",
    "fix": {"clause": "", "text": "t"}, "patterns": ["foo"],
}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"severity": "high"}, "severity"),
        ({"code": "X1"}, "code"),
        ({"name": "Has Spaces"}, "name"),
        ({"extends": "substitution"}, "extends"),
        ({"patterns": ["(unclosed"]}, "bad regex"),
        ({"topic": "pricing"}, "topic"),
        ({"kinds": ["msa"]}, "kinds"),
        ({"extends": "conditional", "patterns": None}, "first"),
        ({"rationale": None}, "rationale"),
    ],
)
def test_phrase_schema_rejects_bad_rules(change: dict[str, Any], error: str) -> None:
    data = {**GOOD_PHRASE, **change}
    data = {k: v for k, v in data.items() if v is not None}
    errors = validate_phrase_rule(data)
    assert any(error in e for e in errors), errors
    assert validate_phrase_rule(GOOD_PHRASE) == []


def _doc(text: str) -> tuple[Document, Terms]:
    doc = read_text(text, "<t>", "markdown")
    return doc, extract_terms(doc)


def test_occurrence_and_conditional_phrase_rules(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        yaml.safe_dump({**GOOD_PHRASE, "code": "SLA998", "name": "too-many-shalls",
                        "extends": "occurrence", "pattern": r"\bshall\b", "max": 2,
                        "patterns": None} | {}, sort_keys=False).replace("patterns: null\n", ""),
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        yaml.safe_dump({**GOOD_PHRASE, "code": "SLA997", "name": "credit-needs-cap",
                        "extends": "conditional", "first": r"\bcredit", "second": r"\bcap\b",
                        "patterns": None}).replace("patterns: null\n", ""),
        encoding="utf-8",
    )
    occurrence, conditional = load_phrase_rules(tmp_path)
    assert isinstance(occurrence, PhraseRule)
    doc, terms = _doc("It shall run. It shall stop. It shall pause. A credit applies.")
    ctx = RuleContext(doc, terms)
    hits = list(occurrence.check(ctx))
    assert len(hits) == 1 and hits[0].location is not None
    assert doc.text[hits[0].location.start : hits[0].location.end] == "shall"
    assert [f.code for f in conditional.check(ctx)] == ["SLA997"]
    doc2, terms2 = _doc("A credit applies, subject to a cap of 30%.")
    assert list(conditional.check(RuleContext(doc2, terms2))) == []


def test_bad_phrase_file_fails_loading(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("code: SLA9\nname: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="invalid phrase rule"):
        load_phrase_rules(tmp_path)


# -- registry -------------------------------------------------------------------------------

def test_registry_codes_names_and_order() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    names = {r.name for r in rules}
    assert len(names) == len(rules)
    for name in DESIGN_NAMES:
        assert name in names
    for i, topic in enumerate(TOPICS):
        rule = get_rule(f"SLA{101 + i}")
        assert rule.name == missing_rule_name(topic) and rule.topic == topic
    assert get_rule("SLA201").name == "acknowledgment-counts-as-response"
    assert get_rule("acknowledgment-counts-as-response").code == "SLA201"
    assert get_rule("sla201").code == "SLA201"
    with pytest.raises(KeyError):
        get_rule("no-such-rule")


def test_every_rule_is_documented() -> None:
    for rule in all_rules():
        assert re.fullmatch(r"SLA[1-4]\d\d", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.message and rule.rationale and rule.anti_pattern and rule.best_practice
        assert rule.fix_text, rule.code
        assert rule.groups, rule.code
        assert rule.topic is None or rule.topic in TOPICS


def test_fix_clauses_exist_in_the_library() -> None:
    library = ROOT / "clause_library"
    if not library.is_dir():
        pytest.skip("no clause library")
    ids = {p.stem for p in library.glob("*/*.yaml")}
    if not ids:
        pytest.skip("clause library is empty")
    for rule in all_rules():
        if rule.fix_clause:
            assert rule.fix_clause in ids, f"{rule.code}: unknown clause {rule.fix_clause}"


# -- engine -----------------------------------------------------------------------------------

VENDORISH = (
    "# Service Level Agreement\n\n"
    "The Vendor may amend this SLA at any time by posting a revised version.\n\n"
    "Service credits are the Customer's sole and exclusive remedy.\n\n"
    "Support tickets receive a response within 1 hour.\n"
)


def test_run_rules_sorted_and_deterministic() -> None:
    doc, terms = _doc(VENDORISH)
    first = run_rules(doc, terms)
    again = run_rules(doc, terms)
    assert [f.to_dict() for f in first] == [f.to_dict() for f in again]
    assert [f.sort_key() for f in first] == sorted(f.sort_key() for f in first)
    codes = {f.code for f in first}
    assert {"SLA214", "SLA209"} <= codes


def test_select_ignore_and_severities_by_code_name_group() -> None:
    doc, terms = _doc(VENDORISH)
    only = run_rules(doc, terms, select=["unilateral-amendment"])
    assert {f.code for f in only} == {"SLA214"}
    missing = run_rules(doc, terms, select=["missing"])
    assert missing and all(f.rule.startswith("missing-") for f in missing)
    without = run_rules(doc, terms, ignore=["SLA214", "missing"])
    assert "SLA214" not in {f.code for f in without}
    assert not any(f.rule.startswith("missing-") for f in without)
    regraded = run_rules(doc, terms, select=["SLA209", "SLA214"],
                         severities={"one-sided": Severity.INFO, "SLA209": Severity.WARNING})
    by_code = {f.code: f.severity for f in regraded}
    assert by_code == {"SLA209": Severity.WARNING, "SLA214": Severity.INFO}


def test_provider_stance_lowers_customer_protections() -> None:
    doc, terms = _doc(VENDORISH)
    customer = {f.code: f.severity for f in run_rules(doc, terms)}
    provider = {f.code: f.severity for f in run_rules(doc, terms, stance="provider")}
    assert customer["SLA214"] is Severity.ERROR
    assert provider["SLA214"] is Severity.INFO
    assert customer["SLA117"] is Severity.ERROR and provider["SLA117"] is Severity.INFO
    # provider protections matter more for the provider
    assert "SLA110" not in customer and "SLA110" in provider


def test_finding_carries_fix_location_and_evidence() -> None:
    doc, terms = _doc(VENDORISH)
    f = next(f for f in run_rules(doc, terms) if f.code == "SLA214")
    assert f.fix is not None and f.fix.clause == "change.mutual_agreement"
    assert f.location is not None and "amend this SLA" in doc.text[f.location.start : f.location.end]
    assert "amend this SLA" in f.evidence
    assert f.topic == "change_mechanism"


# -- missing-<topic> by kind, stance and status ------------------------------------------------

def _terms(kind: DocKind = DocKind.SLA, **status: TopicStatus) -> Terms:
    terms = Terms(kind=kind)
    for topic in TOPICS:
        terms.topics[topic].status = TopicStatus.PRESENT
    for topic, st in status.items():
        terms.topics[topic].status = st
    return terms


def _plain_doc() -> Document:
    return Document.build("<t>", [(BlockKind.PARAGRAPH, "Uptime is 99.9% each month.", {})])


def test_missing_topic_statuses() -> None:
    doc = _plain_doc()
    ev = Evidence("No indemnity is given.", Location(None, 0, "", 0, 10))
    terms = _terms(indemnification=TopicStatus.NEGATED, dispute_resolution=TopicStatus.BY_REFERENCE,
                   termination=TopicStatus.ABSENT)
    terms.topics["indemnification"].evidence = [ev]
    terms.topics["dispute_resolution"].evidence = [Evidence("as set out in the MSA", None)]
    found = {f.rule: f for f in run_rules(doc, terms, select=["missing"])}
    assert found["missing-termination"].severity is Severity.ERROR
    assert found["missing-termination"].location is None
    neg = found["missing-indemnification"]
    assert neg.severity is Severity.ERROR and neg.evidence == "No indemnity is given."
    assert neg.location is not None and neg.location.end == 10
    assert found["missing-dispute-resolution"].severity is Severity.INFO
    assert set(found) == {"missing-termination", "missing-indemnification", "missing-dispute-resolution"}


def test_missing_topics_for_ola_and_rfp() -> None:
    doc = _plain_doc()
    absent = dict.fromkeys(TOPICS, TopicStatus.ABSENT)
    ola = {f.rule: f.severity for f in run_rules(doc, _terms(DocKind.OLA, **absent), select=["missing"])}
    for never in ("service-credits", "credit-cap", "credit-claim-process", "sole-remedy",
                  "indemnification", "termination", "dispute-resolution", "audit-rights"):
        assert f"missing-{never}" not in ola
    assert set(ola.values()) == {Severity.INFO}
    rfp = {f.rule for f in run_rules(doc, _terms(DocKind.RFP, **absent), select=["missing"])}
    assert rfp == {"missing-dispute-resolution", "missing-change-mechanism"}


def test_negated_provider_protection_is_not_a_customer_problem() -> None:
    doc = _plain_doc()
    terms = _terms(sole_remedy=TopicStatus.NEGATED)
    assert not run_rules(doc, terms, select=["missing-sole-remedy"])
    assert run_rules(doc, terms, select=["missing-sole-remedy"], stance="provider")


# -- Terms-driven logic ---------------------------------------------------------------------------

def _sched(target: float | None, *tiers: tuple[float | None, float | None, bool, bool]) -> CreditSchedule:
    return CreditSchedule(
        name="Availability",
        target=target,
        tiers=[CreditTier(5.0 * (i + 1), lo, hi, lo_inc, hi_inc) for i, (lo, hi, lo_inc, hi_inc) in enumerate(tiers)],
    )


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        (_sched(99.9, (99.5, 99.9, True, False), (99.0, 99.5, True, False), (None, 99.0, True, False)), None),
        (_sched(99.999, (99.99, 99.999, True, False), (99.90, 99.95, True, False), (None, 99.90, True, False)), "gap between 99.95% and 99.99%"),
        (_sched(99.5, (99.0, 99.5, True, True), (97.5, 99.0, True, True), (95.0, 98.0, True, True)), "overlap"),
        (_sched(99.5, (99.0, 99.6, True, False), (98.0, 99.0, True, False)), "meets the 99.5% target"),
        # touching the target at one point ("at or below 99.5%" under "at least 99.5%") is read for the customer
        (_sched(99.5, (99.0, 99.5, True, True), (98.0, 99.0, True, False)), None),
        (_sched(99.9, (99.0, 99.5, True, False)), "no credit between 99.5% and the 99.9% target"),
        (_sched(None, (99.0, 99.5, True, True), (98.0, 99.0, True, True)), "99% falls in two bands"),
    ],
)
def test_credit_schedule_gaps_and_overlaps(schedule: CreditSchedule, problem: str | None) -> None:
    terms = _terms()
    terms.credits.schedules = [schedule]
    found = run_rules(_plain_doc(), terms, select=["SLA217"])
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0].message


def test_low_credit_cap_from_terms() -> None:
    terms = _terms()
    terms.credits.cap_pct = 10.0
    terms.credits.evidence = [Evidence("capped", Location(None, 0, "", 0, 6))]
    assert [f.code for f in run_rules(_plain_doc(), terms, select=["SLA208"])] == ["SLA208"]
    terms.credits.cap_pct = 30.0
    assert run_rules(_plain_doc(), terms, select=["SLA208"]) == []


def test_maintenance_from_terms() -> None:
    doc = _plain_doc()
    terms = _terms()
    terms.maintenance = Maintenance(excluded_from_downtime=True)
    found = run_rules(doc, terms, select=["SLA211"])
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    terms.maintenance = Maintenance(
        excluded_from_downtime=True, notice=Duration.parse("5 days"),
        monthly_cap=Duration.parse("4 hours"), window="Sundays 01:00-05:00",
    )
    assert run_rules(doc, terms, select=["SLA211"]) == []


def test_inconsistent_party_names_from_terms() -> None:
    doc = _plain_doc()
    terms = _terms()
    terms.parties = {"provider": ["Brightloom", "Brightloom Software, Inc."],
                     "customer": ["Customer"], "defined": ["Brightloom", "Customer"]}
    assert run_rules(doc, terms, select=["SLA404"]) == []
    terms.parties["provider"].append("we")
    found = run_rules(doc, terms, select=["SLA404"])
    assert len(found) == 1 and '"we"' in found[0].message


# -- generated reference -------------------------------------------------------------------------

def test_docs_rules_md_is_up_to_date() -> None:
    from sla_drafter.lint.registry import rules_markdown

    path = ROOT / "docs" / "rules.md"
    assert path.exists(), "run: python -m sla_drafter.lint.registry"
    assert path.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md drifted from the rules; run: python -m sla_drafter.lint.registry"
    )
    for rule in all_rules():
        assert f"## {rule.code} {rule.name}" in path.read_text(encoding="utf-8")


def test_empty_and_heading_only_documents() -> None:
    empty = Document.build("<t>", [])
    assert {f.rule for f in run_rules(empty, Terms())} >= {"missing-availability", "missing-termination"}
    assert all(f.location is None for f in run_rules(empty, Terms()))
    headings = Document.build(
        "<t>", [(BlockKind.HEADING, "1. Scope", {}), (BlockKind.HEADING, "1. Scope", {})]
    )
    found = [f for f in run_rules(headings, Terms()) if not f.rule.startswith("missing-")]
    assert [f.code for f in found] == ["SLA403"]


def test_anchored_scan_finds_what_a_full_scan_finds() -> None:
    """The engine's anchor and prefix shortcuts must not change what a pattern matches."""
    import importlib
    import pkgutil

    import sla_drafter.lint.rules as rules_pkg
    from sla_drafter.lint.rules.phrases import PhraseRule

    text = "\n\n".join(str(r.anti_pattern) + "\n\n" + str(r.best_practice) for r in all_rules())
    doc, terms = _doc(text)
    ctx = RuleContext(doc, terms)
    patterns = [p for r in all_rules() if isinstance(r, PhraseRule) for p in r._patterns]
    for info in pkgutil.iter_modules(rules_pkg.__path__):
        module = importlib.import_module(f"{rules_pkg.__name__}.{info.name}")
        patterns += [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    assert len(patterns) > 100
    for pattern in patterns:
        full = [m.span() for m in pattern.finditer(doc.text) if "\n" not in m.group(0)]
        fast = [m.span() for m, _ in ctx.scan(pattern)]
        assert fast == full, pattern.pattern


def test_run_in_title_is_not_a_second_finding() -> None:
    """'7. SOLE REMEDY. The credits ...': the title names the topic; the clause after it is reported once."""
    text = "7. SOLE REMEDY. The credits in this SLA are Customer's sole and exclusive remedy for downtime."
    hits = [f for f in lint_text(text, fmt="text") if f.rule == "sole-and-exclusive-remedy"]
    assert [f.evidence for f in hits] == [
        "The credits in this SLA are Customer's sole and exclusive remedy for downtime."
    ]


def test_a_sentence_denying_a_topic_is_reported_once_by_the_specific_rule() -> None:
    text = (
        "# Support\n\n"
        "Provider will respond to P1 incidents within 1 hour.\n\n"
        "No resolution commitment. Provider does not commit to any time for resolution.\n"
    )
    doc = read_text(text, "x.md", fmt="markdown")
    terms = extract_terms(doc)
    assert terms.status("resolution") is TopicStatus.NEGATED
    found = run_rules(doc, terms)
    spans = {}
    for f in found:
        if f.topic == "resolution" and f.location is not None:
            spans.setdefault((f.location.start, f.location.end), []).append(f.rule)
    assert spans, "the denial must be reported"
    for rules in spans.values():
        assert len(rules) == 1, rules
    assert any("no-resolution-target" in r for r in spans.values())
    # with the specific rule ignored, the missing-topic finding still carries the denial
    fallback = run_rules(doc, terms, ignore=["no-resolution-target"])
    assert any(f.rule == "missing-resolution" and f.location is not None for f in fallback)
