"""Shared helpers for readers: items plus pending directives -> Document."""

from __future__ import annotations

from typing import Any

from ..document import BlockKind, Document
from ..errors import InputError

Item = tuple[BlockKind, str, dict[str, Any]]
# (index of the item the directive applies from, directive text)
PendingDirective = tuple[int, str]


def finish(
    path: str,
    items: list[Item],
    directives: list[PendingDirective] | None = None,
    *,
    title: str = "",
    pages: int | None = None,
    allow_empty: bool = False,
) -> Document:
    """Build the Document, dropping empty items and placing directives at block offsets."""
    kept: list[Item] = []
    new_index: list[int] = []  # item index -> index of first kept item at or after it
    for kind, text, extra in items:
        new_index.append(len(kept))
        if kind is BlockKind.TABLE_CELL or text.strip():
            kept.append((kind, text, extra))
    new_index.append(len(kept))
    if not kept and not allow_empty:
        raise InputError("no text found in document", path)
    if not title:
        title = next((t.strip() for k, t, _ in kept if k is BlockKind.HEADING), "")
    doc = Document.build(path, kept, title=title, pages=pages)
    for item_index, text in directives or []:
        block_index = new_index[min(item_index, len(items))]
        offset = doc.blocks[block_index].start if block_index < len(doc.blocks) else len(doc.text)
        doc.directives.append((offset, text.strip()))
    return doc
