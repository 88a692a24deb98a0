"""Documents from literal test text, through the real readers."""

from __future__ import annotations

import re

from sla_drafter.document import Document
from sla_drafter.read import read_text

_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s|\|)", re.MULTILINE)


def doc_from_text(text: str, path: str = "<text>") -> Document:
    """Markdown when the text uses '#' headings or '|' tables, else plain text."""
    return read_text(text, path, "markdown" if _MARKDOWN.search(text) else "text")
