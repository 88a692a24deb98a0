"""Issue 7: drafts a lawyer would send. The drafting rules (SLA405-SLA409) report nothing on
any draft, and the faults they found in earlier drafts stay fixed (one definition per term,
one cap per level with its precedence, each service part scoped to its service, OLA wording)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sla_drafter.assemble import STANCES, draft
from sla_drafter.lint import lint_path
from sla_drafter.lint.config import LintConfig

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (Path(__file__).parent / "fixtures" / "specs").glob("gate_*.yaml")
)
DRAFTING_RULES = ("SLA405", "SLA406", "SLA407", "SLA408", "SLA409", "SLA410")


def _markdown(spec: Path, stance: str, tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / f"{spec.stem}-{stance}.md"
    draft(spec, out, stance=stance, force=True)
    return out, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("stance", STANCES)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_drafting_rules_find_nothing(spec: Path, stance: str, tmp_path: Path) -> None:
    out, _ = _markdown(spec, stance, tmp_path)
    findings = lint_path(out, config=LintConfig(select=DRAFTING_RULES)).findings
    assert [f"{f.code} {f.message}" for f in findings] == []


@pytest.mark.parametrize("stance", STANCES)
def test_multi_level_defines_each_term_once_and_orders_its_caps(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "multi-level.yaml", stance, tmp_path)
    for term in ("Planned Maintenance", "Maintenance Window", "Emergency Maintenance", "Capacity Limit",
                 "Measurement Period", "Monitoring Service", "Service Credit"):
        assert len(re.findall(rf'["“]{term}["”]', text)) <= 1, term
    part_c = text[text.index("## Part C"):text.index("## Signatures")]
    assert "the Services" not in part_c and "The Services" not in part_c
    assert "prevails over this limit" in part_c
    assert "courts of London" not in text
    part_a = text[:text.index("## Part B")]
    assert "Policy Administration Platform: Measurement" not in part_a  # Part A cites every service


@pytest.mark.parametrize("stance", STANCES)
def test_internal_ola_speaks_of_teams(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "internal-ola.yaml", stance, tmp_path)
    cover = text[: text.index("## Definitions")]
    assert "Governing law" not in cover
    assert "“Provider”" not in cover and "“Customer”" not in cover
    for wrong in ("Operations's", "Agreement", "this SLA", "This SLA", "Service Credit",
                  "authorised representatives", "Downtime", "Availability calculation"):
        assert wrong not in text.replace("Operational Level Agreement", ""), wrong
    assert "## Approval" in text


def test_no_governing_law_leaves_the_cover_without_one(tmp_path: Path) -> None:
    spec = Path(__file__).parent / "fixtures" / "specs" / "gate_no_governing_law.yaml"
    _, text = _markdown(spec, "balanced", tmp_path)
    assert "Governing law" not in text[: text.index("## Definitions")]
    assert "·  ·" not in text and ":   ·" not in text


@pytest.mark.parametrize("stance", STANCES)
def test_tables_and_quotes_match_the_text(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "saas.yaml", stance, tmp_path)
    assert '"' not in text, "straight double quotes beside curly ones"
    assert "| Concurrent users | 1,500 |" in text
    assert "| At least 99.0% but below 99.5% |" in text and "| At least 99% " not in text


@pytest.mark.parametrize("stance", STANCES)
@pytest.mark.parametrize("name", ["saas", "managed-services", "multi-level"])
def test_one_rule_for_a_monitoring_failure(name: str, stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / f"{name}.yaml", stance, tmp_path)
    sections = re.split(r"\n#+ \d+\. ", text)
    for section in sections:
        if not section.split("\n", 1)[0].endswith("Measurement"):
            continue
        assert len(re.findall(r"monitoring (?:fails or )?is unavailable", section)) <= 1, section[:80]
        assert len(re.findall(r"may be changed only", section)) <= 1, section[:80]


@pytest.mark.parametrize("stance", STANCES)
def test_provider_indemnity_names_the_provider_and_escalation_follows_its_timings(
    stance: str, tmp_path: Path
) -> None:
    _, text = _markdown(ROOT / "examples" / "saas.yaml", stance, tmp_path)
    assert "indemnifying party's breach" not in text
    assert "(a) Provider's breach of the Agreement" in text  # the SLA's "this Agreement" is ambiguous
    # level 1 escalates after 2 hours: escalation cannot wait for the 4-hour resolution time
    escalation = text[text.index(". Escalation\n"):]
    escalation = escalation[: escalation.index("\n## ", 1)]
    assert "not Resolved within its resolution time" not in escalation
    assert "after 2 hours" in escalation


@pytest.mark.parametrize("name", ["saas", "managed-services", "multi-level"])
def test_service_level_is_defined_where_it_is_capitalised(name: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / f"{name}.yaml", "balanced", tmp_path)
    body = text[text.index("## Definitions"):]
    clauses = "\n".join(line for line in body.split("### Interpretation")[1].splitlines()
                        if not line.startswith("#"))  # "Part C: Service Level" names a level, not a term
    if re.search(r"\bService Level\b(?! Agreement)", clauses):
        assert "**“Service Level”** means" in body


@pytest.mark.parametrize("stance", ["balanced", "provider"])
def test_relief_clauses_list_the_capacity_relief(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "saas.yaml", stance, tmp_path)
    assert "Capacity Limit" in text
    # each relieving clause cited by number, as a REF field in Word
    assert ("Section 6 (Capacity), Section 7 (Exclusions), Section 8 (Maintenance) and "
            "Section 16 (Customer Obligations)") in text


@pytest.mark.parametrize("stance", STANCES)
def test_sla_and_agreement_are_defined_before_they_are_used(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "saas.yaml", stance, tmp_path)
    first_clause = text.index("**1.1**")
    assert text.index("**“SLA”** means") < first_clause
    assert text.index("**“Agreement”** means") < first_clause
    assert "(the “SLA”)" not in text and "(the “Agreement”)" not in text
