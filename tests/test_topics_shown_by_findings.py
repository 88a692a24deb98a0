"""A rule that quotes the clause it weighs shows the clause is there, where the topic cues
missed its wording: the topic is reported present with the finding's quote as evidence."""

from __future__ import annotations

from pathlib import Path

from sla_drafter.lint import DocumentResult, lint_path
from sla_drafter.topics import TopicStatus

ASK_FOR_CREDIT = (
    "OUR PROMISE\n\n1. Booking pages are available 99.5% of each calendar month, as measured by"
    " our monitoring.\n\n2. If we miss that, you may ask for a credit of 30% of that month's plan fee.\n"
)


def _lint(tmp_path: Path, text: str) -> DocumentResult:
    p = tmp_path / "sla.txt"
    p.write_text(text, encoding="utf-8")
    return lint_path(p)


def test_a_claim_the_rule_quotes_is_a_claim_process(tmp_path: Path) -> None:
    result = _lint(tmp_path, ASK_FOR_CREDIT)
    rules = {f.rule for f in result.findings}
    assert "credits-require-claim" in rules
    found = result.terms.topics["credit_claim_process"]
    assert found.status is TopicStatus.PRESENT
    assert [e.text for e in found.evidence] == ["2. If we miss that, you may ask for a credit of 30% of that month's plan fee."]
    assert "missing-credit-claim-process" not in rules


def test_without_the_finding_the_topic_stays_absent(tmp_path: Path) -> None:
    text = ASK_FOR_CREDIT.replace("you may ask for a credit", "we apply a credit")
    result = _lint(tmp_path, text)
    assert "credits-require-claim" not in {f.rule for f in result.findings}
    assert result.terms.topics["credit_claim_process"].status is TopicStatus.ABSENT
