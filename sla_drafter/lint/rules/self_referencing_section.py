"""SLA406 self-referencing-section."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...document import BlockKind
from ...findings import Finding, Severity
from ..registry import Rule
from ._numbering import Numbered, numbered_of

if TYPE_CHECKING:
    from ..context import RuleContext

_REF = rx(
    r"\b(?P<this>this[^\S\n]+)?(?:section|clause|paragraph)[^\S\n]+(?P<number>\d+(?:\.\d+)*)(?!\.?\d)"
    r"(?:[^\S\n]*\([^()\n]{2,60}\))?"
    r"(?P<other>[^\S\n]+(?:of|in|to|under)[^\S\n]+(?:the|that|its|each|any|our|your)[^\S\n]+[A-Za-z-]+)?",
    re.IGNORECASE,
)
_HEADING_NUMBER = rx(r"^\W{0,3}(?:(?:section|clause|article|part)[^\S\n]+)?(\d+(?:\.\d+)*)", re.IGNORECASE)


class SelfReferencingSection(Rule):
    """A section or clause refers to itself as if it were another provision."""

    code = "SLA406"
    name = "self-referencing-section"
    severity = Severity.WARNING
    topic = None
    groups = ("drafting",)
    rationale = (
        "A clause that says a matter is dealt with 'as set out in Section 5' while standing in "
        "Section 5 points the reader in a circle: the rule it promises is usually missing, or "
        "was meant to be in another section that was moved or renumbered."
    )
    anti_pattern = (
        "5. Measurement\n\n5.1 Availability is measured every minute by an external monitor.\n\n"
        "5.2 If the monitor fails, Availability for that period is established as set out in "
        "Section 5 (Measurement)."
    )
    best_practice = (
        "5. Measurement\n\n5.1 Availability is measured every minute by an external monitor.\n\n"
        "5.2 If the monitor fails, Availability for that period is established from the "
        "Supplier's server logs, as set out in Section 6 (Monitoring Failures).\n\n"
        "6. Monitoring Failures\n\n6.1 The Supplier's server logs are used when the monitor fails."
    )
    fix_clause = ""
    fix_text = (
        "State the rule in the clause itself, or point the reference at the section that "
        "really holds it."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        hits = [(m, i) for m, i in ctx.scan(_REF) if not m.group("other")]
        if not hits:
            return
        numbered = {n.block.index: n for n in numbered_of(ctx)}
        if not numbered:
            return
        section_of = _sections(ctx, numbered)
        for m, index in hits:
            block = ctx.doc.block_at(m.start())
            if block.kind is BlockKind.HEADING or block.kind is BlockKind.TABLE_CELL:
                continue
            number = m.group("number")
            own = numbered.get(block.index)
            clause = own.number if own is not None and m.start() > block.start + len(own.number) else None
            section = section_of.get(block.index)
            itself = number == clause or (number == section and not m.group("this"))
            if not itself:
                continue
            sentence = ctx.sentences[index] if index >= 0 else None
            what = f"clause {clause}" if number == clause else f"Section {section}"
            message = f'"{m.group(0).strip()}" stands inside {what}: the reference points to itself.'
            if sentence is not None:
                yield ctx.finding(self, sentence=sentence, message=message)
            else:
                yield ctx.finding(self, start=m.start(), end=m.end(), message=message)


def _sections(ctx: RuleContext, numbered: dict[int, Numbered]) -> dict[int, str | None]:
    """The top-level section number each block stands in (None under an unnumbered heading)."""
    out: dict[int, str | None] = {}
    current: str | None = None
    for block in ctx.doc.blocks:
        n = numbered.get(block.index)
        if block.kind is BlockKind.HEADING:
            m = _HEADING_NUMBER.match(block.text)
            current = m.group(1).split(".")[0] if m else None
        elif n is not None and n.top_heading:
            current = n.number
        out[block.index] = current
    return out
