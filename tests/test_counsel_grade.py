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
    # whose breach of data protection: the indemnity is the provider's
    assert "(b) Provider's breach of its data protection and confidentiality obligations" in text
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


@pytest.mark.parametrize("stance", STANCES)
def test_multi_level_service_parts_read_as_one_service(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "multi-level.yaml", stance, tmp_path)
    part_c = text[text.index("## Part C"):text.index("## Signatures")]
    # "the Policy Administration Platform achieve Availability": the verb agrees with one service
    assert "achieve Availability" not in text
    assert "Availability of the Policy Administration Platform is at least 99.95%" in part_c
    # each service is described once (Part A), not again at the head of its own part
    assert "Policy Administration Platform: The production policy administration system" not in part_c
    assert "(b) document generation for schedules, certificates and renewal notices; and" in part_c
    assert "Provider supports" not in text
    # the capacity text states every limit the capacity table states
    assert "(d) Insurance Data Warehouse: 300 concurrent users and 40 TB of storage" in text
    # a quarterly service level is not measured per calendar month
    assert "For Laptop Replacement, measured per calendar quarter, the Measurement Period is each calendar quarter" in text
    assert "the indemnifying party" not in text and "(a) Provider's breach of the Agreement" in text


@pytest.mark.parametrize("stance", STANCES)
def test_two_services_each_keep_their_own_levels(stance: str, tmp_path: Path) -> None:
    spec = Path(__file__).parent / "fixtures" / "specs" / "gate_two_services.yaml"
    _, text = _markdown(spec, stance, tmp_path)
    # one service's target does not bind every service, nor its capacity size both
    assert "Availability of the Services is at least" not in text
    assert "Availability of the Northwind Fleet Platform service is at least 99.9%" in text
    assert "The Services are sized" not in text and "provide the Services with capacity" not in text
    assert "in which the service concerned is not in Downtime" in text
    # two availability levels measured the same way are described once
    assert "Platform Availability and Archive Availability are each measured by" in text
    assert "Archive Availability is measured by" not in text


@pytest.mark.parametrize("stance", STANCES)
def test_internal_ola_runs_from_assignment_and_names_each_role_once(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "internal-ola.yaml", stance, tmp_path)
    # the OLA measures from assignment to Network Operations (Section 4); so do its clocks
    assert "Service Desk reports the Incident" not in text and "the Incident is reported" not in text
    assert "assign" in text[text.index("The response time runs"):][:120]
    assert "level 3: the Head of IT Operations, after 4 hours" in text
    assert "Customer Failure" not in text and "(a “Service Desk Failure”)" in text
    assert "Network Operations' service desk" not in text and "The service desk" not in text
    assert "## Approval" in text and "Each team approves this OLA" in text


@pytest.mark.parametrize("name", ["saas", "internal-ola", "multi-level"])
def test_relief_is_cited_to_sections_the_draft_has(name: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / f"{name}.yaml", "balanced", tmp_path)
    relief = re.search(r"is relieved of a service level only under ([^.]+)\.", text)
    assert relief is not None
    cited = re.findall(r"Section (\d+) \(([^)]+)\)", relief[1])
    assert len(cited) >= 3
    for number, title in cited:
        assert re.search(rf"^#+ {number}\. {re.escape(title)}$", text, re.MULTILINE), (number, title)
    assert ("Capacity" in relief[1]) == ("# 6. Capacity" in text or "# 5. Capacity" in text)


@pytest.mark.parametrize("stance", STANCES)
def test_the_agreement_is_named_once_and_definitions_are_not_circular(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "saas.yaml", stance, tmp_path)
    # the defined Agreement is the contract the spec names, not a description of one
    assert "**“Agreement”** means the Subscription Agreement dated 1 January 2026, of which this SLA forms part." in text
    # "governed by" the Subscription Agreement read as a second choice of law; 23.1 says it once
    assert "It forms part of, and is governed by" not in text
    # Planned Maintenance was defined by reference to its own monthly total
    assert "(c) Planned Maintenance in that calendar month totals" not in text
    _, services = _markdown(ROOT / "examples" / "managed-services.yaml", stance, tmp_path)
    assert "(a) Managed Hosting: 80 TB of replicated storage" in services
    assert "of storage of storage" not in services
    assert "every 60 seconds by an independent monitoring service" not in services


@pytest.mark.parametrize("stance", STANCES)
def test_multi_level_states_shared_rules_once_and_overrides_expressly(stance: str, tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "multi-level.yaml", stance, tmp_path)
    # one availability formula for every service, in Part A, and the definition points to it
    assert text.count("is calculated as follows: Availability (%)") == 1
    part_a = text[text.index("## Part A"):text.index("## Part B")]
    assert "Availability of each service for each Measurement Period is calculated as follows" in part_a
    assert re.search(r"\*\*“Availability”\*\* means [^\n]*calculated as set out in Section 4 \(Measurement\)\.", text)
    # a service's own rule for a monitoring failure says which rule of Part A it replaces
    part_c = text[text.index("## Part C"):]
    general = re.search(r"^\*\*4\.\d+\*\* If the monitoring", part_a, re.MULTILINE)
    for rule in () if general is None else re.findall(r"^\*\*[\d.]+\*\* (.*\bif the monitoring (?:fails or )?is unavailable\b.*)$", part_c,
                           re.MULTILINE | re.IGNORECASE):
        assert rule.startswith("For the ") and "in place of Section 4 (Measurement)" in rule, rule


@pytest.mark.parametrize("stance", STANCES)
def test_charges_and_missed_levels_use_the_documents_own_words(stance: str, tmp_path: Path) -> None:
    _, sla = _markdown(ROOT / "examples" / "saas.yaml", stance, tmp_path)
    assert "the charges for the Services" not in sla  # “Charges” is defined
    _, ola = _markdown(ROOT / "examples" / "internal-ola.yaml", stance, tmp_path)
    # the OLA calls its commitments service levels, and 1.8 says they are not mere targets
    assert "a missed service level leads to review and improvement action" in ola
    assert "missed target" not in ola and "to the targets and duties" not in ola


def test_support_hours_do_not_contradict_a_business_hours_service(tmp_path: Path) -> None:
    # the Insurance Data Warehouse is supported in Business Hours; "all Incidents handled 24x7" was not true of it
    _, text = _markdown(ROOT / "examples" / "multi-level.yaml", "customer", tmp_path)
    assert "The support hours for the Insurance Data Warehouse service are Business Hours." in text
    assert "public holidays.\n" not in text[text.index("All Incidents will be handled"):][:200]
    assert "whose support hours are Business Hours will be handled during Business Hours" in text


def test_provider_multi_level_cites_support_and_each_capacity_limit(tmp_path: Path) -> None:
    _, text = _markdown(ROOT / "examples" / "multi-level.yaml", "provider", tmp_path)
    # "handled under the support clauses" named no clause; the Capacity Limit is one per service
    assert "is an Incident handled under Section 18 (Incident Response and Resolution)" in text
    assert "when use of a service regularly exceeds 80% of its Capacity Limit" in text
    _, balanced = _markdown(ROOT / "examples" / "multi-level.yaml", "balanced", tmp_path)
    assert "caused solely by use of a service above its Capacity Limit" in balanced


@pytest.mark.parametrize("stance", ["balanced", "customer"])
def test_multi_level_defines_the_monitoring_service_its_services_use(stance: str, tmp_path: Path) -> None:
    # four services are measured by an independent monitoring service; Part A said only how
    # the provider's own tools are checked, because the lowest target happened to be self-measured
    _, text = _markdown(ROOT / "examples" / "multi-level.yaml", stance, tmp_path)
    part_a = text[text.index("## Part A"):text.index("## Part B")]
    assert "(the “Monitoring Service”)" in part_a
    assert "measured by an independent monitoring service using" not in text
    assert "Availability is measured by the Monitoring Service using" in text


def test_same_title_on_both_sides_is_two_people_between_two_companies(tmp_path: Path) -> None:
    # an OLA's teams share one Head of IT Operations; an SLA's parties each have their own
    spec = tmp_path / "same-title.yaml"
    spec.write_text((ROOT / "examples" / "saas.yaml").read_text(encoding="utf-8").replace(
        "customer: IT Service Manager", "customer: Service Delivery Manager"), encoding="utf-8")
    _, text = _markdown(spec, "balanced", tmp_path)
    assert "Provider's Service Delivery Manager and Customer's Service Delivery Manager, after 2 hours" in text
