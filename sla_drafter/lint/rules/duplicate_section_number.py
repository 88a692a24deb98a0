"""SLA403 duplicate-section-number."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ..registry import Rule
from ._numbering import numbered_of

if TYPE_CHECKING:
    from ..context import RuleContext


class DuplicateSectionNumber(Rule):
    """Two sections carry the same number."""

    code = "SLA403"
    name = "duplicate-section-number"
    severity = Severity.INFO
    topic = None
    groups = ("drafting",)
    rationale = (
        "Duplicate numbering makes every cross-reference to that number ambiguous and usually "
        "means sections were inserted or deleted without renumbering."
    )
    anti_pattern = "1. Scope\n\nThe SLA covers hosting.\n\n2. Support\n\nSupport is 24x7.\n\n2. Credits\n\nCredits apply."
    best_practice = "1. Scope\n\nThe SLA covers hosting.\n\n2. Support\n\nSupport is 24x7.\n\n3. Credits\n\nCredits apply."
    fix_clause = ""
    fix_text = "Renumber the sections and update the cross-references."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        seen: dict[str, str] = {}
        for n in numbered_of(ctx):
            if not n.top_heading:
                continue
            if n.number in seen:
                b = n.block
                yield ctx.finding(
                    self,
                    start=b.start,
                    end=b.end,
                    evidence=b.text,
                    message=f'Section number {n.number} is used twice ("{seen[n.number]}" and "{b.text}").',
                )
            else:
                seen[n.number] = n.block.text
