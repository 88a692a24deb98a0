"""Section numbers a document defines, from headings and numbered paragraphs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..._cache import rx
from ...document import Block, BlockKind, Document

if TYPE_CHECKING:
    from ..context import RuleContext

_NUMBERED = rx(r"^\W{0,3}(?:(?:section|clause|article|part)\s+)?(\d+(?:\.\d+)*)[.:)]?(?:\s+|$)", re.IGNORECASE)
_TITLE_LIKE = rx(r"^\W{0,3}(?:(?:section|clause|article|part)\s+)?\d+[.:)]?\s+[A-Z][^.;:!?]{0,70}$", re.IGNORECASE)


class Numbered(NamedTuple):
    number: str
    block: Block
    top_heading: bool  # a top-level section heading (not a list item or sub-clause)


def numbered_blocks(doc: Document) -> list[Numbered]:
    out: list[Numbered] = []
    match, title_like = _NUMBERED.match, _TITLE_LIKE.match
    cell, heading, paragraph = BlockKind.TABLE_CELL, BlockKind.HEADING, BlockKind.PARAGRAPH
    for b in doc.blocks:
        kind = b.kind
        if kind is cell:
            continue
        m = match(b.text)
        if not m:
            continue
        number = m.group(1)
        top = "." not in number and (
            kind is heading or (kind is paragraph and title_like(b.text) is not None)
        )
        out.append(Numbered(number, b, top))
    return out


def numbered_of(ctx: RuleContext) -> list[Numbered]:
    """`numbered_blocks(ctx.doc)`, computed once per rule run and shared by the rules."""
    found = ctx.memo.get("numbered_blocks")
    if found is None:
        found = ctx.memo["numbered_blocks"] = numbered_blocks(ctx.doc)
    assert isinstance(found, list)
    return found


def defined_numbers(doc: Document) -> set[str]:
    return {n.number for n in numbered_blocks(doc)}


def defined_numbers_of(ctx: RuleContext) -> set[str]:
    return {n.number for n in numbered_of(ctx)}
