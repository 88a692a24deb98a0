"""Markdown -> blocks: headings, paragraphs, nested list items, pipe tables, blockquotes.

A small line-based reader: SLAs use a narrow slice of Markdown, and a full
CommonMark parser would be a dependency for little gain. Inline markup is
reduced to its text; HTML comments holding `sla-lint:` become directives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .._cache import rx
from ..document import BlockKind
from ._build import Item, PendingDirective
from .text import join_lines

_ATX = rx(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = rx(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = rx(r"^ {0,3}(`{3,}|~{3,})")
_LIST = rx(r"^(\s*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_QUOTE = rx(r"^ {0,3}> ?(.*)$")
_THEMATIC = rx(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_SEP = rx(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_QUOTES = rx(r"^(?: {0,3}> ?)+")
_MAX_QUOTE_DEPTH = 40  # nesting read as such; deeper quotes are read as one level
_REF_DEF = rx(r"^ {0,3}\[[^\]]+\]:\s+\S+")
_LEGAL_ITEM = rx(r"^\((?:[a-z]|[ivx]{1,5})\)\s")
_COMMENT = rx(r"<!--(.*?)-->", re.DOTALL)
_HTML_TAG = rx(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BR = rx(r"<br\s*/?>", re.IGNORECASE)

# Spans are bounded (_SPAN characters): an opener without its closer would otherwise be
# scanned to the end of the line from every opener, quadratic on one long line.
_SPAN = 400
_INLINE: list[tuple[re.Pattern[str], str]] = [
    (rx(rf"`+\s?(.{{1,{_SPAN}}}?)\s?`+"), r"\1"),
    (rx(rf"!\[([^\]]{{0,{_SPAN}}})\]\([^)]{{0,{_SPAN}}}\)"), r"\1"),
    (rx(rf"\[([^\]]{{1,{_SPAN}}})\]\([^)]{{0,{_SPAN}}}\)"), r"\1"),
    (rx(rf"\[([^\]]{{1,{_SPAN}}})\]\[[^\]]{{0,{_SPAN}}}\]"), r"\1"),
    (rx(rf"<((?:https?|mailto):[^>\s]{{1,{_SPAN}}})>"), r"\1"),
    (rx(rf"(\*\*|__)(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\1"), r"\2"),
    (rx(rf"(?<![\w*])\*(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (rx(rf"(?<![\w_])_(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)_(?![\w_])"), r"\1"),
    (rx(rf"~~(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)~~"), r"\1"),
]
_ESCAPE = rx(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
_ENTITY = rx(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def inline_text(text: str) -> str:
    """Markdown inline markup -> plain text."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")  # \x00 marks escapes below
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: "\x00" + str(ord(m.group(1))) + "\x00", text)
    if any(ch in text for ch in "*_~[<`"):
        for pattern, repl in _INLINE:
            text = pattern.sub(repl, text)
    text = _BR.sub("\n", text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "&" in text:
        import html

        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    if "\x00" in text:
        text = re.sub(r"\x00(\d+)\x00", lambda m: chr(int(m.group(1))), text)
    return text


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells = re.split(r"(?<!\\)\|", row)
    return [inline_text(c.strip().replace("\\|", "|")) for c in cells]


class _Reader:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self.directives: list[PendingDirective] = []
        self.table = 0

    def add(self, kind: BlockKind, text: str, **extra: Any) -> None:
        self.items.append((kind, text, extra))

    def parse(self, lines: list[str], depth: int = 0) -> None:
        """Blocks of `lines`; a blockquote's lines are parsed again, `depth` levels deep."""
        para: list[str] = []
        list_item: list[str] | None = None
        list_indents: list[int] = []
        item_indent = 0

        def flush() -> None:
            nonlocal para, list_item
            if para:
                text = inline_text(join_lines(para))
                if _LEGAL_ITEM.match(text):  # "(a) ..." paragraphs are list items, as in text
                    self.add(BlockKind.LIST_ITEM, text, level=max(len(list_indents), 1))
                else:
                    self.add(BlockKind.PARAGRAPH, text)
                para = []
            if list_item is not None:
                self.add(
                    BlockKind.LIST_ITEM, inline_text(join_lines(list_item)), level=len(list_indents)
                )
                list_item = None

        i = 0
        n = len(lines)
        while i < n:
            line = lines[i].expandtabs(4)
            stripped = line.strip()
            if not stripped:
                flush()
                i += 1
                continue
            fence = _FENCE.match(line)
            if fence:
                flush()
                code: list[str] = []
                i += 1
                while i < n and not lines[i].strip().startswith(fence.group(1)):
                    code.append(lines[i])
                    i += 1
                self.add(BlockKind.PARAGRAPH, "\n".join(code))
                i += 1
                continue
            atx = _ATX.match(line)
            if atx:
                flush()
                list_indents = []
                self.add(
                    BlockKind.HEADING, inline_text(atx.group(2) or ""), level=len(atx.group(1))
                )
                i += 1
                continue
            if para and list_item is None and _SETEXT.match(line) and not _LIST.match(line):
                text = inline_text(join_lines(para))
                para = []
                self.add(BlockKind.HEADING, text, level=1 if stripped[0] == "=" else 2)
                list_indents = []
                i += 1
                continue
            if _THEMATIC.match(line):
                flush()
                i += 1
                continue
            if "|" in line and i + 1 < n and _TABLE_SEP.match(lines[i + 1]) and "-" in lines[i + 1]:
                flush()
                list_indents = []
                rows = [_cells(line)]
                i += 2
                while i < n and lines[i].strip() and "|" in lines[i]:
                    rows.append(_cells(lines[i]))
                    i += 1
                for r, cells in enumerate(rows):
                    for c, cell in enumerate(cells):
                        self.add(BlockKind.TABLE_CELL, cell, table=self.table, row=r, col=c)
                self.table += 1
                continue
            quote = _QUOTE.match(line)
            if quote and list_item is None:
                flush()
                inner: list[str] = []
                while i < n and (q := _QUOTE.match(lines[i])):
                    inner.append(q.group(1))
                    i += 1
                if depth >= _MAX_QUOTE_DEPTH:  # "> > > ..." thousands deep: the rest at once
                    inner = [_QUOTES.sub("", ln, count=1) for ln in inner]
                self.parse(inner, depth + 1)
                continue
            if _REF_DEF.match(line) and not para:
                i += 1
                continue
            item = _LIST.match(line)
            if item and (item.group(3) or "").strip() and not (para and item.group(2)[0].isdigit()):
                flush()
                indent = len(item.group(1))
                while list_indents and list_indents[-1] > indent:
                    list_indents.pop()
                if not list_indents or list_indents[-1] < indent:
                    list_indents.append(indent)
                list_item = [item.group(3)]
                item_indent = indent
                i += 1
                continue
            if list_item is not None and (
                len(line) - len(line.lstrip()) > item_indent or lines[i - 1].strip()
            ):
                list_item.append(stripped)
                i += 1
                continue
            if list_item is None and not para:
                list_indents = []
            para.append(stripped)
            i += 1
        flush()


def _sub_comments(text: str, repl: Callable[[re.Match[str]], str]) -> str:
    """_COMMENT.sub(repl, text) in linear time: an unclosed "<!--" ends the search
    (the regex would rescan the rest of the text from every later "<!--")."""
    out: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        m = _COMMENT.match(text, start, end + 3)
        if m is None:  # pragma: no cover - find() saw both ends
            break
        out.append(text[pos:start])
        out.append(repl(m))
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def parse_markdown(text: str) -> tuple[list[Item], list[PendingDirective]]:
    reader = _Reader()
    pending: list[str] = []  # directives seen before the next line of content

    def take_comment(m: re.Match[str]) -> str:
        body = m.group(1).strip()
        if "sla-lint:" in body:
            pending.append(body[body.index("sla-lint:") :])
        return ""

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x01" in text:
        text = text.replace("\x01", "\ufffd")  # \x01 alone on a line marks a directive
    if "<!--" in text:
        # Comments are cut out of the text; a directive applies from the block after it.
        # Mark its position with a sentinel line so its item index is known after parsing.
        def mark(m: re.Match[str]) -> str:
            before = len(pending)
            take_comment(m)
            return "\n\x01\n" if len(pending) > before else ""

        text = _sub_comments(text, mark)
    directive_texts = iter(pending)
    chunk: list[str] = []
    for line in text.split("\n"):
        if line == "\x01":
            reader.parse(chunk)
            chunk = []
            reader.directives.append((len(reader.items), next(directive_texts)))
        else:
            chunk.append(line)
    reader.parse(chunk)
    return reader.items, reader.directives
