"""One problem, one finding: rules that say the same thing about the same words do not
both report it, and a finding's topic is what its sentence is about."""

from __future__ import annotations

from sla_drafter.lint import lint_document
from sla_drafter.read import read_text

SELF_MEASURED = (
    "# Service Level Agreement\n\n## 1. Availability\n\n"
    "The Provider will make the Service available 99.9% of the time in each calendar month. "
    "Availability is measured solely by the Provider's internal monitoring system, and the "
    "Provider's records are final and binding. The Customer has no right to independent or "
    "third-party monitoring.\n"
)
FORCE_MAJEURE = (
    "# Service Level Agreement\n\n## 1. Force majeure\n\n"
    "The Provider is not liable for any failure caused by events beyond its reasonable control, "
    "including failure of its suppliers or subcontractors, power failures and strikes by its "
    "own staff.\n\n## 2. Exclusions\n\n"
    "Downtime does not include outages caused by the failure of any supplier or subcontractor "
    "of the Provider.\n"
)
RESOLUTION_EFFORTS = (
    "# Service Level Agreement\n\n"
    "The Provider will use commercially reasonable efforts to resolve Priority 1 incidents "
    "within 4 hours.\n\n"
    "The Provider will endeavour to keep the Service available 99.9% of each month.\n"
)


def _codes(text: str) -> list[str]:
    return [f.code for f in lint_document(read_text(text, "x.md", fmt="markdown")).findings]


def test_self_measurement_and_its_denial_are_one_finding() -> None:
    codes = _codes(SELF_MEASURED)
    assert "SLA203" in codes  # provider-self-measurement says it
    assert "SLA122" not in codes  # not again as "expressly excludes independent measurement"


def test_a_broad_force_majeure_is_not_also_a_broad_exclusion() -> None:
    result = lint_document(read_text(FORCE_MAJEURE, "x.md", fmt="markdown"))
    fm = [f for f in result.findings if f.code == "SLA222"]
    broad = [f for f in result.findings if f.code == "SLA212"]
    assert len(fm) == 1 and fm[0].location is not None
    # the exclusion in section 2 is its own problem and stays; the force majeure sentence is not counted twice
    assert broad and all(f.location is not None and f.location.heading == "2. Exclusions" for f in broad)


def test_efforts_language_takes_the_topic_of_its_sentence() -> None:
    result = lint_document(read_text(RESOLUTION_EFFORTS, "x.md", fmt="markdown"))
    topics = {f.evidence.split(" to ")[0]: f.topic for f in result.findings if f.code == "SLA213"}
    assert topics == {
        "The Provider will use commercially reasonable efforts": "resolution",
        "The Provider will endeavour": "availability",
    }


def test_no_best_practice_is_an_error_on_its_own_topic() -> None:
    """A rule's recommended wording must not be what another rule on the same topic reports
    as an error (SLA111 once recommended the sole remedy SLA209 reports), at any stance."""
    from sla_drafter.lint.engine import all_rules

    clashes = []
    for rule in all_rules():
        if not rule.best_practice or not rule.topic:
            continue
        doc = read_text(rule.best_practice, "best-practice.txt")
        for stance in ("customer", "balanced", "provider"):
            for f in lint_document(doc, stance=stance).findings:
                if f.location is not None and f.topic == rule.topic and f.severity.value == "error":
                    clashes.append((rule.code, stance, f.code))
    assert clashes == []


def test_long_evidence_keeps_the_offending_end() -> None:
    long_sentence = (
        "# Terms\n\nIn respect of the Services, the Platform, the Documentation, every Order Form, "
        "every Statement of Work, every support policy, every acceptable use policy, every data "
        "processing addendum and every other policy or document referred to in any of them from "
        "time to time, including any update, replacement or supplement to any of them, where "
        "these Terms conflict with the Master Terms, the Master Terms or these Terms will apply "
        "as the Provider decides.\n"
    )
    result = lint_document(read_text(long_sentence, "x.md", fmt="markdown"))
    [f] = [f for f in result.findings if f.code == "SLA219"]
    assert len(f.evidence) <= 300
    assert f.evidence.startswith("In respect of the Services")
    assert f.evidence.endswith("will apply as the Provider decides.") and " ... " in f.evidence
