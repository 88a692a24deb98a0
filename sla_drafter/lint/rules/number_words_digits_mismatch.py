"""SLA401 number-words-digits-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ...units import format_number
from ..registry import Rule

if TYPE_CHECKING:
    from ..context import RuleContext


class NumberWordsDigitsMismatch(Rule):
    """A number in words disagrees with its figure."""

    code = "SLA401"
    name = "number-words-digits-mismatch"
    severity = Severity.ERROR
    topic = None
    groups = ("drafting",)
    rationale = (
        "When words and figures disagree, courts often prefer the words, so the figure the "
        "reader relies on may not be the binding one; fix the drafting before signature."
    )
    anti_pattern = "The Customer may claim a credit within fourteen (40) days of the incident."
    best_practice = "The Customer may claim a credit within fourteen (14) days of the incident."
    fix_clause = ""
    fix_text = "Make the words and the figure state the same number."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for mm in ctx.terms.number_mismatches:
            ev = mm.evidence
            yield ctx.finding(
                self,
                at=ev,
                message=(
                    f'"{mm.words}" says {format_number(mm.words_value)} in words but '
                    f"{format_number(mm.digits_value)} in figures."
                ),
            )
