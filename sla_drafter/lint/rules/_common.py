"""Pieces shared by the Python rules: number words in patterns, party words, helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..._cache import rx
from ...document import BlockKind
from ...findings import Severity

if TYPE_CHECKING:
    from ...document import Block
    from ...extract.sentences import Sentence

# A number as digits, as words, or both ("ten (10)"); for patterns, not for values.
_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|forty-five|fifty|"
    r"sixty|ninety"
)
NUM = rf"(?:(?:{_WORDS})(?:\s*\(\d+\))?|\d+(?:\.\d+)?)"

# How a document names the provider when it does not use a defined name.
PROVIDER = (
    r"(?:the\s+)?(?:service\s+provider|provider|supplier|vendor|company|contractor|licensor|"
    r"we|our|us)(?:'s)?"
)
CUSTOMER = r"(?:the\s+)?(?:customer|client|buyer|purchaser|licensee|subscriber|you|your)(?:'s)?"

_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90})


def number_value(text: str) -> float | None:
    """'10', 'ten', 'ten (10)' -> 10.0; None when not a number."""
    m = re.search(r"\d+(?:\.\d+)?", text)
    if m:
        return float(m.group(0))
    return float(_NUMBER_WORDS[text.lower()]) if text.lower() in _NUMBER_WORDS else None


def worse(severity: Severity) -> Severity:
    """One step more severe (error stays error)."""
    return Severity.ERROR if severity is not Severity.INFO else Severity.WARNING


def milder(severity: Severity) -> Severity:
    """One step less severe (info stays info)."""
    return Severity.INFO if severity is not Severity.ERROR else Severity.WARNING


# A list item's marker: "(a)", "b)", "(iv)", "2)", "-", "•"; how a reader splits
# items into blocks (one each, all in the lead-in's block, or wrapped lines) varies
# by format, so lead-in context is found from the text, not from block kinds.
_ITEM = rx(r"(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|[-•*–]\s)", re.IGNORECASE)
_ITEM_IN_BLOCK = rx(r":\s*\(?(?:a|i|1)\)", re.IGNORECASE)
_FURNITURE = rx(r"(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
# a running header or footer between two items of a list that crosses a page ("Service Level
# Agreement", "Confidential"): short, unnumbered, not a sentence
_RUNNING_LINE = rx(r"(?![\d(])[^\n]{1,60}(?<![.:;,])")
_MAX_FURNITURE = 2


def _is_item(block: Block) -> bool:
    """A list item: marked "(a)", "-", a reader's list item, or a fragment that starts in lower case
    (auto-numbered DOCX lists and some PDFs drop the "(a)")."""
    text = block.text.lstrip()
    return block.kind is BlockKind.LIST_ITEM or bool(_ITEM.match(text)) or text[:1].islower()


def _is_furniture(block_text: str) -> bool:
    text = block_text.strip()
    return bool(_FURNITURE.fullmatch(text) or _RUNNING_LINE.fullmatch(text))
_LEADIN_REACH = 12


def leadin_text(sentences: Sequence[Sentence], index: int) -> str:
    """The lead-in ("... provided that Provider:") that the list item at `index` completes, or ''.

    Walks back over earlier items of the same list (and page numbers between them)
    to the sentence ending in a colon; when the whole list sits in one block, the
    block's text up to the first item is the lead-in.
    """
    s = sentences[index]
    head = s.block.text[: s.start - s.block.start]
    m = _ITEM_IN_BLOCK.search(head)
    if m is not None:
        return head[: m.start() + 1]
    if not _is_item(s.block):
        return ""
    furniture = 0
    for j in range(index - 1, max(-1, index - _LEADIN_REACH), -1):
        prev = sentences[j]
        if prev.text.rstrip().endswith(":"):
            return prev.text
        if prev.block is s.block or _is_item(prev.block):
            continue
        if furniture < _MAX_FURNITURE and _is_furniture(prev.block.text):
            furniture += 1
            continue
        break
    return ""


def list_items_after(sentences: Sequence[Sentence], index: int) -> list[Sentence]:
    """The list items that complete the lead-in sentence at `index` (which ends in a colon)."""
    s = sentences[index]
    if not s.text.rstrip().endswith(":"):
        return []
    out: list[Sentence] = []
    furniture = 0
    for j in range(index + 1, min(len(sentences), index + _LEADIN_REACH)):
        nxt = sentences[j]
        if nxt.block is s.block or _is_item(nxt.block) or (out and nxt.block is out[-1].block):
            out.append(nxt)
        elif furniture < _MAX_FURNITURE and _is_furniture(nxt.block.text):
            furniture += 1
        else:
            break
    return out


def table_header(text: str, offset: int) -> str:
    """The header row of the table whose row holds `offset`, with the title line just above
    the table ("Excluded time | Notes"); '' when the offset is not in a table row."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if "|" not in text[start : end if end >= 0 else len(text)]:
        return ""
    header = ""
    pos = start
    while pos > 0:
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev_start : pos - 1]
        if "|" in line:
            header = line
        elif line.strip():
            return header + "\n" + line
        pos = prev_start
        if header and not line.strip():
            break
    return header
