"""Plain text -> blocks: rejoin hard-wrapped lines, find headings, clauses, lists and tables.

The PDF reader feeds its extracted lines through the same `parse_lines`, so both
formats share one notion of a heading, a numbered clause and a list item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .._cache import rx
from ..document import BlockKind
from ._build import Item, PendingDirective


@dataclass(slots=True)
class SourceLine:
    text: str  # with leading indentation (spaces), no newline
    page: int | None = None
    heading: int = 0  # heading level hint from layout (PDF font size); 0 = none


_DIRECTIVE = rx(r"^\s*(?:#|//|<!--)\s*(sla-lint:.*?)\s*(?:-->)?\s*$")
# "2.1 The", "5. ", "3.2) "; a dotted number without a trailing dot must not be followed by
# a lowercase word, which would be a wrapped quantity ("12.5 hours").
_CLAUSE = rx(r"^(\s*)(?:(\d+(?:\.\d+)+)(?=\s+[^\sa-z])|\d+(?:\.\d+)*[.)])\s+\S")
_LIST = rx(
    r"^(\s*)(?:[-*•·▪◦‣–—]|\(?[a-zA-Z]\)|\((?:[ivx]{1,5}|[IVX]{1,5})\)|[ivx]{1,5}\)|\(\d{1,2}\)|[a-z]\.)\s+\S"
)
_NUMBERED_LIST = rx(r"^(\s+)\d{1,2}[.)]\s+\S")
_KEYWORD_NUM = r"(?:section|article|clause|schedule|annex|appendix|attachment|exhibit|part|chapter)"
_HEADING_NUM = rx(
    rf"^\s*(?:(?P<num>\d+(?:\.\d+)*)\.?|(?P<alpha>[A-Z]|[IVX]{{1,5}})[.)]|(?i:{_KEYWORD_NUM})\s+(?P<kw>[0-9A-Z]+(?:\.\d+)*)[.:]?)"
    r"(?:\s*[-–—:]\s*|\s+)(?P<rest>\S.*)$"
)
_DOCUMENT_KEYWORDS = frozenset(("schedule", "annex", "appendix", "attachment", "exhibit"))
_NUMBER_WORDS = rx(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|percent)\s*$",
    re.IGNORECASE,
)
_PAREN_NUMBER = rx(r"^\s*\(\d+\)")
_BARE_KEYWORD = rx(rf"^\s*(?i:{_KEYWORD_NUM})\s+[0-9A-Z]+(?:\.\d+)*\s*$")
_LEADER = rx(r"^(\s*)(\S.*?)\s*(?:\.{4,}|…{2,}|(?:\. ){3,}\.?|_{4,})\s*(\S.*)?$")
_RULE = rx(r"^\s*[-=]{2,}(?:\s+[-=]{2,})+\s*$")
_GAP = rx(r"\S {2,}\S")
_HYPHEN_END = rx(r"([A-Za-z])-$")
_WORD_END = rx(r"([A-Za-z]+)-$")
_KEEP_HYPHEN_PREFIXES = frozenset(
    [
        "non",
        "self",
        "cross",
        "third",
        "multi",
        "semi",
        "anti",
        "quasi",
        "well",
        "high",
        "low",
        "long",
        "short",
        "full",
        "part",
        "first",
        "second",
    ]
)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "per",
        "via",
        "vs",
    ]
)
# a line ending like this continues on the next line
_OPEN_END = rx(
    r"(?:[-,(/&]|\b(?:and|or|the|of|to|a|an|in|on|for|by|with|at|per))\s*$", re.IGNORECASE
)
_LETTERS = rx(r"[^\W\d_]")
_WS = rx(r"\s+")


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines with spaces, removing hyphens of words broken across lines.

    Linear in the total length: only the end of the text joined so far is looked
    at (20,000 lines of one paragraph used to rescan the whole joined text per line).
    """
    out: list[str] = []  # pieces; "".join(out) is the text joined so far
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if not out:
            out.append(part)
            continue
        prev = out[-1]  # non-empty, and ends where the joined text ends
        if not _HYPHEN_END.search(_tail(out, 2)):
            out.append(" ")
            out.append(part)
        elif not part[0].islower():
            out.append(part)  # "Dual-" + "Fed": a hyphenated compound, keep the hyphen
        else:
            tail = _tail(out)
            word = _WORD_END.search(tail)
            prefix = word.group(1).lower() if word else ""
            if prefix in _KEEP_HYPHEN_PREFIXES or (
                word and word.start() > 0 and tail[word.start() - 1] == "-"
            ):
                out.append(part)  # "non-" + "recurring", "end-to-" + "end"
            else:
                out[-1] = prev[:-1]
                out.append(part)
    return "".join(out)


def _tail(pieces: list[str], size: int = 64) -> str:
    """The last `size` characters of the pieces' join, without joining them all."""
    tail = ""
    for piece in reversed(pieces):
        tail = piece + tail
        if len(tail) >= size:
            break
    return tail[-size:]


_PIPE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PIPE_SEP = re.compile(r"\s\|\s|^\s*\||\|\s*$")


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a " | "-separated row, or None when the line is not one."""
    text = line.strip()
    if not _PIPE_SEP.search(text):
        return None
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    cells = [c.strip() for c in text.split(" | ")] if " | " in text else [c.strip() for c in text.split("|")]
    if len(cells) < 2 or all(not c for c in cells):
        return None
    return cells


def _item_beside(num: str, other: str | None) -> bool:
    """`other` is an item of the same numbered list as a line numbered `num`: numbered at the
    same depth and a sentence, not a title ("1. Emergency maintenance necessary to address
    critical security issues" beside "1. Scheduled Maintenance windows")."""
    if other is None:
        return False
    m = _HEADING_NUM.match(other)
    if m is None or m.group("num") is None or m.group("num").count(".") != num.count("."):
        return False
    rest = m.group("rest").strip()
    return len(rest) > 70 or rest[-1] in ".,;:" or len(rest.split()) > 10


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_caps(text: str) -> bool:
    """All letters upper case, and at least two of them."""
    return text == text.upper() and len(_LETTERS.findall(text)) >= 2


def _has_leader(line: str) -> bool:
    return ("...." in line or "…" in line or ". . ." in line or "____" in line) and bool(
        _LEADER.match(line)
    )


_TITLE_WORD = rx(r"[A-Za-z][A-Za-z'’-]*")


def _is_title_case(text: str) -> bool:
    words = _TITLE_WORD.findall(text)
    if not words:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _snap(line: str, b: int) -> int | None:
    """A column boundary at or near b that does not cut a word (layout from PDFs drifts)."""
    if len(line) <= b or line[b - 1] == " " or line[b] == " ":
        return b
    for d in (1, -1, 2, -2):
        k = b + d
        if 2 <= k < len(line) and line[k - 2 : k] == "  " and line[k] != " ":
            return k  # the cell starts after a gap of two or more spaces
    return None


@dataclass(slots=True)
class _Heading:
    depth: int  # numbering depth; 0 for unnumbered
    text: str


class _Parser:
    def __init__(self, lines: list[SourceLine]) -> None:
        self.lines = lines
        self.items: list[Item] = []
        self.directives: list[PendingDirective] = []
        self.headings: dict[int, _Heading] = {}  # item index -> heading info
        self.table = 0
        lengths = sorted(len(ln.text.rstrip()) for ln in lines if ln.text.strip())
        self.width = lengths[int(len(lengths) * 0.9)] if lengths else 80
        # the block being built: kind, parts, extra, indent of its first line
        self.cur: tuple[BlockKind, list[str], dict[str, Any], int] | None = None
        self.list_indents: list[int] = []

    # -- block assembly -------------------------------------------------
    def flush(self) -> None:
        if self.cur is not None:
            kind, parts, extra, _ = self.cur
            self.items.append((kind, join_lines(parts), extra))
            self.cur = None

    def start(self, kind: BlockKind, line: SourceLine, extra: dict[str, Any] | None = None) -> None:
        self.flush()
        ex: dict[str, Any] = {"page": line.page}
        ex.update(extra or {})
        self.cur = (kind, [line.text], ex, _indent(line.text))

    def heading(self, line: SourceLine, depth: int, level_hint: int = 0) -> None:
        self.flush()
        self.headings[len(self.items)] = _Heading(depth, line.text.strip())
        self.items.append(
            (BlockKind.HEADING, line.text.strip(), {"page": line.page, "level": level_hint})
        )
        self.list_indents = []

    # -- classification -------------------------------------------------
    def heading_depth(
        self,
        line: str,
        nxt: str | None,
        chunk_width: int,
        prev: str | None = None,
        tabular: bool | None = None,
    ) -> int | None:
        """Numbering depth (0 = unnumbered) if the line is a heading, else None.
        `tabular`: whether the line has a column gap or a dotted leader, when the caller
        has already looked."""
        text = line.strip()
        if tabular is None:
            tabular = _GAP.search(text) is not None or _has_leader(line)
        if len(text) > 90 or text[0].islower() or tabular:
            return None
        if _BARE_KEYWORD.match(text):
            return 1
        m = _HEADING_NUM.match(line)
        if m is None:
            if _is_caps(text) and text[-1] not in ".,;" and len(text) <= 80:
                return 0 if self.caps_heading(text, nxt, prev) else None
            return None
        rest = m.group("rest").strip()
        if len(rest) > 70 or rest[-1] in ".,;:" or not (rest[0].isupper() or rest[0] in "\"“'("):
            return None
        if m.group("num"):
            depth = m.group("num").count(".") + 1
            if _item_beside(m.group("num"), prev) or _item_beside(m.group("num"), nxt):
                return None  # "5. During scheduled maintenance" among sentences numbered alike
        elif m.group("kw") and text.split()[0].lower() in _DOCUMENT_KEYWORDS:
            depth = 0  # "Schedule 3", "Attachment C": the document's own title
        else:
            depth = 1
        if m.group("alpha") and not _is_caps(rest):
            return None
        if _is_caps(rest):
            return depth
        if _indent(line) >= 2:
            return None  # an indented "1. Customer Account Details" is a list item
        words = rest.split()
        title = _is_title_case(rest)
        if len(words) > (10 if title else 6):
            return None
        if nxt is not None:
            nxt_text = nxt.strip()
            if nxt_text[:1].islower():
                return None
            if len(line.rstrip()) >= 0.7 * max(chunk_width, 1) and not title:
                return None
        elif not title and not m.group("num"):
            return None
        return depth

    def caps_heading(self, text: str, nxt: str | None, prev: str | None) -> bool:
        """An unnumbered ALL-CAPS line as a heading, not a line of a capitalised disclaimer."""
        letters = len(_LETTERS.findall(text))
        if letters < 0.6 * len(text.replace(" ", "")) or _OPEN_END.search(text):
            return False  # "USD 5,000", "...EXPRESS OR"
        wide = 0.6 * self.width
        if prev is not None and _is_caps(prev) and len(prev.strip()) >= wide:
            return False  # inside a block of capitals
        if nxt is None:
            return True
        # the first line of a block of capitals, or a line the next one continues
        return not ((len(text) >= wide and _is_caps(nxt)) or nxt.strip()[:1].islower())

    # -- tables ---------------------------------------------------------
    def emit_table(self, rows: list[list[str]], pages: list[int | None]) -> None:
        self.flush()
        for r, (cells, page) in enumerate(zip(rows, pages, strict=True)):
            for c, cell in enumerate(cells):
                self.items.append(
                    (
                        BlockKind.TABLE_CELL,
                        cell,
                        {"page": page, "table": self.table, "row": r, "col": c},
                    )
                )
        self.table += 1

    def emit_rows_as_paragraphs(self, rows: list[list[SourceLine]]) -> None:
        self.flush()
        for row in rows:
            text = " ".join(_WS.sub(" ", ln.text.strip()) for ln in row)
            self.items.append((BlockKind.PARAGRAPH, text, {"page": row[0].page}))

    def leader_table(self, chunk: list[SourceLine], i: int) -> int:
        """Dotted-leader rows from chunk[i]; returns the index after the table."""
        rows: list[list[str]] = []
        pages: list[int | None] = []
        value_col = 0
        j = i
        while j < len(chunk):
            line = chunk[j].text
            m = _LEADER.match(line)
            if m:
                label, value = m.group(2), m.group(3) or ""
                rows.append([label.strip(), value.strip()])
                pages.append(chunk[j].page)
                value_col = m.start(3) if m.group(3) else len(line)
            elif (
                rows
                and line.strip()
                and _indent(line) >= max(value_col - 4, _indent(chunk[i].text) + 4)
            ):
                rows[-1][1] = join_lines([rows[-1][1], line])
            else:
                break
            j += 1
        self.emit_table(rows, pages)
        return j

    def aligned_table(self, chunk: list[SourceLine], i: int, ruled: bool) -> int | None:
        """A column-aligned table from chunk[i]; None when the columns are not clear."""
        region: list[SourceLine] = []
        base = _indent(chunk[i].text)
        j = i
        while j < len(chunk):
            text = chunk[j].text.rstrip()
            stripped = text.strip()
            if ruled or _GAP.search(stripped) or _RULE.match(text):
                region.append(chunk[j])
            elif region and _indent(text) >= base + 4:
                region.append(chunk[j])  # continuation of a wide cell
            else:
                break
            j += 1
        if not ruled and sum(1 for ln in region if _GAP.search(ln.text.strip())) < 2:
            return None
        texts = [ln.text.rstrip() for ln in region]
        rule_rows = [k for k, t in enumerate(texts) if _RULE.match(t)]
        if ruled and rule_rows:
            starts = [m.start() for m in re.finditer(r"[-=]+", texts[rule_rows[0]])]
        else:
            width = max(len(t) for t in texts)
            occupied = [False] * (width + 2)
            for t in texts:
                for k, ch in enumerate(t):
                    if ch != " ":
                        occupied[k] = True
            first = min(_indent(t) for t in texts if t.strip())
            starts = [first]
            k = first
            while k < width:
                if not occupied[k]:
                    g = k
                    while g < width and not occupied[g]:
                        g += 1
                    if g - k >= 2 and g < width:
                        starts.append(g)
                    k = g
                else:
                    k += 1
        body = [ln for k, ln in enumerate(region) if k not in rule_rows]
        if len(starts) < 2:
            if ruled:
                self.emit_rows_as_paragraphs([[ln] for ln in body])
                return j
            return None
        rows: list[list[list[str]]] = []
        row_lines: list[list[SourceLine]] = []
        pages: list[int | None] = []
        clear = True
        for ln in body:
            t = ln.text.rstrip()
            cuts = [starts[0]]
            for b in starts[1:]:
                cut = _snap(t, b)
                if cut is None:
                    clear = False
                    cut = b
                cuts.append(max(cut, cuts[-1]))
            cells = [
                t[c : (cuts[n + 1] if n + 1 < len(cuts) else len(t))].strip()
                for n, c in enumerate(cuts)
            ]
            if rows and not cells[0] and t[: starts[0]].strip() == "":
                for n, cell in enumerate(cells):
                    if cell:
                        rows[-1][n].append(cell)
                row_lines[-1].append(ln)
            else:
                rows.append([[cell] for cell in cells])
                row_lines.append([ln])
                pages.append(ln.page)
        if not clear:
            if not ruled:
                return None
            self.emit_rows_as_paragraphs(row_lines)
            return j
        self.emit_table([[join_lines(parts) for parts in row] for row in rows], pages)
        return j

    def pipe_table(self, chunk: list[SourceLine], i: int) -> int | None:
        """Rows written with " | " between cells, one per line ("Severity | Response",
        "1 | 30 minutes"): each row its own paragraph, never joined with the next one."""
        j = i
        while j < len(chunk) and _pipe_cells(chunk[j].text) is not None:
            j += 1
        if j - i < 2:
            return None
        # a Markdown-style rule under the header ("|---|:---|") is no row
        self.emit_rows_as_paragraphs([[ln] for ln in chunk[i:j] if not _PIPE_RULE.match(ln.text)])
        return j

    # -- main loop ------------------------------------------------------
    def run(self) -> None:
        chunk: list[SourceLine] = []
        for line in self.lines:
            m = _DIRECTIVE.match(line.text)
            if m:
                self.process(chunk)
                chunk = []
                self.flush()
                self.directives.append((len(self.items), m.group(1)))
                continue
            if line.text.strip():
                chunk.append(line)
            else:
                self.process(chunk)
                chunk = []
        self.process(chunk)
        self.flush()

    def process(self, chunk: list[SourceLine]) -> None:
        if not chunk:
            return
        self.flush()
        self.list_indents = []
        chunk_width = max(len(ln.text.rstrip()) for ln in chunk)
        i = 0
        prev_len = 0
        while i < len(chunk):
            line = chunk[i]
            text = line.text.expandtabs(8).rstrip()
            line.text = text
            nxt = chunk[i + 1].text if i + 1 < len(chunk) else None
            if line.heading:
                self.heading(line, 0, line.heading)
                i += 1
                prev_len = 0
                continue
            if _has_leader(text):
                i = self.leader_table(chunk, i)
                prev_len = 0
                continue
            if "|" in text and nxt is not None and "|" in nxt:
                end = self.pipe_table(chunk, i)
                if end is not None:
                    i = end
                    prev_len = 0
                    continue
            if nxt is not None and _RULE.match(nxt):
                end = self.aligned_table(chunk, i, ruled=True)
                if end is not None:
                    i = end
                    prev_len = 0
                    continue
            # (a column gap lies between the line's first and last non-blank characters:
            # searching the line itself finds the same as searching it stripped)
            gap = _GAP.search(text) is not None
            if gap:
                end = self.aligned_table(chunk, i, ruled=False)
                if end is not None:
                    i = end
                    prev_len = 0
                    continue
            # no leader here (a leader line went to leader_table above)
            depth = self.heading_depth(
                text, nxt, chunk_width, chunk[i - 1].text if i else None, tabular=gap
            )
            if depth is not None:
                self.heading(line, depth)
                i += 1
                prev_len = 0
                continue
            indent = _indent(text)
            list_match = _LIST.match(text) or _NUMBERED_LIST.match(text)
            if (
                list_match
                and i > 0
                and _PAREN_NUMBER.match(text)
                and _NUMBER_WORDS.search(chunk[i - 1].text)
            ):
                list_match = None  # "within ten\n(10) business days" is a wrapped line
            if list_match:
                while self.list_indents and self.list_indents[-1] > indent:
                    self.list_indents.pop()
                if not self.list_indents or self.list_indents[-1] < indent:
                    self.list_indents.append(indent)
                self.start(BlockKind.LIST_ITEM, line, {"level": len(self.list_indents)})
            elif _CLAUSE.match(text):
                self.list_indents = []
                self.start(BlockKind.PARAGRAPH, line)
            elif self.cur is None or self.cur[0] is BlockKind.HEADING:
                self.start(BlockKind.PARAGRAPH, line)
            elif self.cur[0] is BlockKind.LIST_ITEM and (
                indent < self.cur[3]
                or (
                    indent == self.cur[3]
                    and not text.lstrip()[:1].islower()
                    and chunk[i - 1].text.rstrip()[-1:] in (".", ";", ":")
                )
            ):
                # less indented than the item, or level with it after an ended item:
                # a new paragraph; level with it mid-sentence: a wrapped line
                self.list_indents = []
                self.start(BlockKind.PARAGRAPH, line)
            elif (
                prev_len < 0.6 * self.width
                and (text.lstrip()[:1].isupper() or text.lstrip()[:1].isdigit())
                and not _OPEN_END.search(chunk[i - 1].text)
            ):
                # the previous line ended early: a new line, not a wrapped one
                self.start(BlockKind.PARAGRAPH, line)
            else:
                self.cur[1].append(text)
            prev_len = len(text.rstrip())
            i += 1

    def leveled(self) -> list[Item]:
        """Assign heading levels: numbering depth, shifted below a leading title."""
        heads = sorted(self.headings.items())
        numbered = [k for k, h in heads if h.depth > 0]
        shift = 1 if numbered and heads and heads[0][1].depth == 0 else 0
        first_numbered = numbered[0] if numbered else len(self.items)
        out = list(self.items)
        for k, h in heads:
            kind, text, extra = out[k]
            if extra.get("level"):
                continue  # layout hint (PDF)
            level = h.depth + shift if h.depth else 1 if k < first_numbered or not shift else 2
            out[k] = (kind, text, {**extra, "level": level})
        return out


def parse_lines(lines: list[SourceLine]) -> tuple[list[Item], list[PendingDirective]]:
    parser = _Parser(lines)
    parser.run()
    return parser.leveled(), parser.directives


def parse_text(text: str) -> tuple[list[Item], list[PendingDirective]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n")
    return parse_lines([SourceLine(ln) for ln in lines])
