"""Tables rebuilt from table-cell blocks, with a header row when the first row is one,
and the text just before the table (its lead-in), which often names what it measures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._cache import rx
from ..document import Block, BlockKind, Document

# a value, not a label: "15 minutes", "99.9%", "4 business hours", a bare number ("1", "1.0")
_VALUE = rx(
    r"\d\s*(?:%|per\s*cent|percent|(?:business\s+|working\s+|calendar\s+)?"
    r"(?:minutes?|mins?|hours?|hrs?|h|days?|seconds?|secs?|ms|weeks?|months?|years?)\b)"
    r"|^\s*[\d.,:/-]+\s*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Table:
    index: int
    rows: list[list[Block]]  # data rows (header excluded)
    header: list[str] | None
    lead_in: str  # the block before the table
    heading: str

    @property
    def context(self) -> str:
        head = " ".join(self.header) if self.header else ""
        return f"{self.heading}\n{self.lead_in}\n{head}"

    @property
    def first(self) -> Block:
        return self.rows[0][0]


def doc_tables(doc: Document) -> list[Table]:
    by_table: dict[int, list[Block]] = {}
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL and b.table is not None:
            by_table.setdefault(b.table, []).append(b)
    out: list[Table] = []
    for t, blocks in sorted(by_table.items()):
        rows: dict[int, list[Block]] = {}
        for b in blocks:
            rows.setdefault(b.row or 0, []).append(b)
        ordered = [sorted(r, key=lambda x: x.col or 0) for _, r in sorted(rows.items())]
        first_cell = ordered[0][0]
        lead = doc.blocks[first_cell.index - 1] if first_cell.index > 0 else None
        lead_in = lead.text if lead is not None and lead.kind is not BlockKind.TABLE_CELL else ""
        header: list[str] | None = None
        if len(ordered) > 1 and _is_header([b.text for b in ordered[0]]):
            header = [b.text for b in ordered[0]]
            ordered = ordered[1:]
        out.append(Table(t, ordered, header, lead_in, first_cell.heading))
    return out


def _is_header(cells: list[str]) -> bool:
    """A first row of labels holds no values ("P1" and "Credit (% of one MRC)" are labels)."""
    return not any(_VALUE.search(c) for c in cells)
