"""SLA402 undefined-cross-reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...document import BlockKind
from ...findings import Finding, Severity
from ..registry import Rule
from ._numbering import defined_numbers_of

if TYPE_CHECKING:
    from ..context import RuleContext

_REF = rx(
    r"\b(?:section|clause|paragraph|para\.?)s?\s+(\d+(?:\.\d+)*)(?:\s*\([a-z0-9]+\))*"
    r"(?:\s*\([^()\n]{2,60}\))?"  # the section's title: "clause 21 (Dispute Resolution) of the MSA"
    r"(?P<other>\s+(?:of|in|to|under)\s+(?:the|this|that|its|each|any|our|your)\s+[A-Za-z-]+)?",
    re.IGNORECASE,
)
_THIS = rx(r"\s+(?:of|in|to|under)\s+(?:this|these)\b", re.IGNORECASE)


class UndefinedCrossReference(Rule):
    """A cross-reference points to a section the document does not have."""

    code = "SLA402"
    name = "undefined-cross-reference"
    severity = Severity.WARNING
    topic = None
    groups = ("drafting",)
    rationale = (
        "A reference to a missing section leaves the obligation it was meant to import "
        "undefined, and usually signals clauses renumbered or removed late in drafting."
    )
    anti_pattern = (
        "1. Support\n\nThe Supplier will give notice of maintenance as described in Clause 7.\n\n"
        "2. Credits\n\nCredits are set out in Clause 2."
    )
    best_practice = (
        "1. Support\n\nThe Supplier will give notice of maintenance as described in Clause 2.\n\n"
        "2. Maintenance\n\nThe Supplier gives five days' notice of maintenance."
    )
    fix_clause = ""
    fix_text = "Point the reference at the right section, or add the section it refers to."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        known: set[str] | None = None
        for m, _ in ctx.scan(_REF):
            other = m.group("other")
            if other and not _THIS.match(other):
                continue  # a section of another document
            if known is None:
                known = defined_numbers_of(ctx)
                if not known:
                    return  # an unnumbered document: nothing to check against
            number = m.group(1)
            block = ctx.doc.block_at(m.start())
            if block.kind is BlockKind.HEADING and m.start() - block.start < 4:
                continue  # "Section 6: ..." as a heading defines the number
            if number in known:
                continue
            top = number.split(".")[0]
            if "." in number and top in known and not any(k.startswith(top + ".") for k in known):
                continue  # sub-clauses are not numbered in this document
            sentence = ctx.sentence_at(m.start())
            yield ctx.finding(
                self,
                start=m.start(),
                end=m.end(1),
                evidence=sentence.text if sentence else m.group(0),
                message=f'"{m.group(0).strip()}" refers to a section this document does not have.',
            )
