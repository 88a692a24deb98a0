"""Document: what every reader produces and everything downstream consumes.

A Document is an ordered list of blocks (heading, paragraph, list item, table
cell) plus the full text they make when joined with newlines. Offsets
(`start`, `end`) are character offsets into `Document.text`, so a finding can
be highlighted in the whole text without knowing the source format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


@dataclass(frozen=True, slots=True)
class Location:
    page: int | None
    block: int
    heading: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "block": self.block,
            "heading": self.heading,
            "start": self.start,
            "end": self.end,
        }

    def sort_key(self) -> tuple[int, int, int]:
        return (self.start, self.end, self.block)


@dataclass(frozen=True, slots=True)
class Block:
    index: int
    kind: BlockKind
    text: str
    start: int
    page: int | None = None
    heading_path: tuple[str, ...] = ()
    level: int = 0  # heading level (1 = top) for headings; nesting depth for list items
    table: int | None = None  # table ordinal within the document, for table cells
    row: int | None = None
    col: int | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def heading(self) -> str:
        """The innermost heading this block sits under (or is)."""
        return self.heading_path[-1] if self.heading_path else ""


@dataclass(slots=True)
class Document:
    path: str
    blocks: list[Block]
    text: str = ""
    title: str = ""
    pages: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    # Inline lint directives found in comments (HTML/Markdown comments, Word comments,
    # `# sla-lint: ...` lines): (offset in `text` they apply from, directive text).
    directives: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        path: str,
        items: list[tuple[BlockKind, str, dict[str, Any]]],
        *,
        title: str = "",
        pages: int | None = None,
    ) -> Document:
        """Build a Document from (kind, text, extra) items, computing offsets and heading paths.

        `extra` may hold `page`, `level`, `table`, `row`, `col`. Heading paths are
        derived from heading levels so readers need not track them.
        """
        blocks: list[Block] = []
        parts: list[str] = []
        offset = 0
        path_stack: list[tuple[int, str]] = []
        heading_path: tuple[str, ...] = ()  # rebuilt only when the heading stack changes
        heading, cell = BlockKind.HEADING, BlockKind.TABLE_CELL
        for kind, raw, extra in items:
            text = raw.strip()
            if not text and kind is not cell:
                continue
            get = extra.get
            level = int(get("level", 0))
            if kind is heading:
                level = max(level, 1)
                while path_stack and path_stack[-1][0] >= level:
                    path_stack.pop()
                path_stack.append((level, text))
                heading_path = tuple(h for _, h in path_stack)
            block = Block(
                len(blocks), kind, text, offset, get("page"), heading_path, level,
                get("table"), get("row"), get("col"),
            )
            blocks.append(block)
            parts.append(text)
            offset += len(text) + 1
        return cls(path=path, blocks=blocks, text="\n".join(parts), title=title, pages=pages)

    def block_at(self, offset: int) -> Block:
        """The block containing a character offset (binary search)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.blocks[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.blocks[lo]

    def location(self, start: int, end: int) -> Location:
        if not self.blocks:
            return Location(page=None, block=0, heading="", start=start, end=end)
        block = self.block_at(start)
        return Location(
            page=block.page, block=block.index, heading=block.heading, start=start, end=end
        )

    def headings(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind is BlockKind.HEADING)

    def tables(self) -> dict[int, list[list[str]]]:
        """Table ordinal -> rows of cell texts, rebuilt from table-cell blocks."""
        out: dict[int, dict[int, dict[int, str]]] = {}
        for b in self.blocks:
            if b.kind is BlockKind.TABLE_CELL and b.table is not None:
                out.setdefault(b.table, {}).setdefault(b.row or 0, {})[b.col or 0] = b.text
        return {
            t: [[cells[c] for c in sorted(cells)] for _, cells in sorted(rows.items())]
            for t, rows in out.items()
        }
