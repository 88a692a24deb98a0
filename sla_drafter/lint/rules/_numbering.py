"""Section numbers a document defines, from headings and numbered paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...document import Block, BlockKind, Document

_NUMBERED = re.compile(r"^\W{0,3}(?:(?:section|clause|article|part)\s+)?(\d+(?:\.\d+)*)[.:)]?(?:\s+|$)", re.IGNORECASE)
_TITLE_LIKE = re.compile(r"^\W{0,3}(?:(?:section|clause|article|part)\s+)?\d+[.:)]?\s+[A-Z][^.;:!?]{0,70}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Numbered:
    number: str
    block: Block
    top_heading: bool  # a top-level section heading (not a list item or sub-clause)


def numbered_blocks(doc: Document) -> list[Numbered]:
    out: list[Numbered] = []
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL:
            continue
        m = _NUMBERED.match(b.text)
        if not m:
            continue
        number = m.group(1)
        top = "." not in number and (
            b.kind is BlockKind.HEADING
            or (b.kind is BlockKind.PARAGRAPH and bool(_TITLE_LIKE.match(b.text)))
        )
        out.append(Numbered(number, b, top))
    return out


def defined_numbers(doc: Document) -> set[str]:
    return {n.number for n in numbered_blocks(doc)}
