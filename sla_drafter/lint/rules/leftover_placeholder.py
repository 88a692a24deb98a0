"""SLA405 leftover-placeholder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ..registry import Rule

if TYPE_CHECKING:
    from ..context import RuleContext

# What a template leaves for the drafter to fill in. Each alternative is narrow on purpose:
# vendor paper uses brackets for "[Reserved]", roman "XX" for article numbers and "TBD" in
# prose rarely, so only the shapes templates use are reported.
_PLACEHOLDER = rx(
    r"\[[^\S\n]*(?:insert|enter|specify|add|name[^\S\n]+of|date[^\S\n]+of|amount[^\S\n]+of|number[^\S\n]+of|describe|"
    r"to[^\S\n]+be[^\S\n]+(?:confirmed|agreed|determined))\b[^\[\]\n]{0,80}\]"  # [insert date], [name of ...]
    r"|\[[^\S\n]*[●•…_.]{1,8}[^\S\n]*\]"  # [●], [•], [...], [___]
    r"|\[(?![^\S\n]*(?:NOTE|RESERVED|INTENTIONALLY)\b)[A-Z][A-Z0-9&'/,.\- ]{2,58}[A-Z0-9.]\](?![(\[:])"
    r"|\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}"  # template code left unrendered
    r"|(?<![\w-])(?:TBD|TBC|TBA)(?![\w-])"
    r"|(?<![\w.])(?:\d{1,3}\.)?[Xx]{1,3}(?:\.[Xx]{1,3})?[^\S\n]?%"  # XX%, 99.XX%, X%
    r"|(?<![\w.])\d{1,3}\.[Xx]{1,3}(?![\w])"  # 99.XX
    r"|\b(?:XX|xx|\[X\]|\[N\])[^\S\n]+(?:business[^\S\n]+)?(?:minutes|hours|days|weeks|months|years)\b"
)


class LeftoverPlaceholder(Rule):
    """A template placeholder was left in the document."""

    code = "SLA405"
    name = "leftover-placeholder"
    severity = Severity.ERROR
    topic = None
    groups = ("drafting",)
    rationale = (
        "A bracketed blank, an unrendered template field or 'TBD' means a term was never agreed: "
        "a court may find no agreement on it at all, or read it against the party who drafted it. "
        "Every placeholder must be completed or the sentence removed before signature."
    )
    anti_pattern = (
        "This SLA is made between Northwind Ltd and [CUSTOMER NAME]. Northwind will keep the "
        "Service available XX% of each calendar month, with credits of [insert percentage] of "
        "the monthly fee."
    )
    best_practice = (
        "This SLA is made between Northwind Ltd and Harbour Logistics plc. Northwind will keep "
        "the Service available 99.9% of each calendar month, with credits of 10% of the monthly fee."
    )
    fix_clause = ""
    fix_text = "Complete every placeholder with the agreed value, or delete the sentence that holds it."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        reported: set[int] = set()
        for m, index in ctx.scan(_PLACEHOLDER):
            if index in reported:
                continue
            reported.add(index)
            sentence = ctx.sentences[index] if index >= 0 else None
            found = m.group(0).strip()
            message = f'Leftover placeholder "{found}": complete it or delete it.'
            if sentence is not None:
                yield ctx.finding(self, sentence=sentence, message=message)
            else:
                yield ctx.finding(self, start=m.start(), end=m.end(), message=message)
