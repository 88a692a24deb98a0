"""A small plain-text/Markdown -> Document builder for tests and as a fallback.

Not a reader (sla_drafter.read does that properly): blank lines split paragraphs,
'#' lines and short numbered/upper-case lines are headings, '|' rows are table
cells, '- ' lines are list items.
"""

from __future__ import annotations

import re
from typing import Any

from ..document import BlockKind, Document

_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+[A-Z][^\n]{0,70}$")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}")


def _is_plain_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 80 or s.endswith((".", ",", ";", ":")):
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    if s.isupper() and len(s.split()) <= 10:
        return True
    return bool(_NUMBERED_HEADING.match(s)) and len(s.split()) <= 8 and s[-1].isalpha()


def doc_from_text(text: str, path: str = "<text>") -> Document:
    items: list[tuple[BlockKind, str, dict[str, Any]]] = []
    table = 0
    for para in re.split(r"\n\s*\n", text):
        para = para.strip("\n")
        if not para.strip():
            continue
        lines = para.split("\n")
        if all(line.strip().startswith("|") for line in lines):
            row = 0
            for line in lines:
                if _SEPARATOR_ROW.match(line.strip()):
                    continue
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                for col, cell in enumerate(cells):
                    items.append(
                        (BlockKind.TABLE_CELL, _clean(cell), {"table": table, "row": row, "col": col})
                    )
                row += 1
            table += 1
            continue
        if lines[0].startswith("#"):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            items.append((BlockKind.HEADING, _clean(lines[0].lstrip("#")), {"level": level}))
            lines = lines[1:]
        elif _is_plain_heading(lines[0]) and (len(lines) == 1 or not lines[1].startswith(" ")):
            level = 2 if re.match(r"^\d+\.\d", lines[0].strip()) else 1
            items.append((BlockKind.HEADING, lines[0].strip(), {"level": level}))
            lines = lines[1:]
        if not lines:
            continue
        if all(re.match(r"^\s*(?:[-*+]|\d+\.)\s+", line) for line in lines):
            for line in lines:
                items.append(
                    (BlockKind.LIST_ITEM, _clean(re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)), {})
                )
            continue
        items.append((BlockKind.PARAGRAPH, _clean("\n".join(lines)), {}))
    return Document.build(path, items)


def _clean(text: str) -> str:
    text = text.replace("**", "")
    return re.sub(r"^>\s?", "", text, flags=re.MULTILINE)
