"""PDF -> blocks with pypdfium2: lines by geometry, furniture stripped, then the text parser.

Per page: one text call, then per line of pdfium's text its runs (text objects)
with their boxes, so bullets and table cells drawn as separate runs land on
their visual line, and a run wider than its characters (columns spaced with
blanks in a fixed-pitch font) is split where the gap is. Lines are grouped top
to bottom (a two-column page column by column). Running headers and footers
(lines set apart at the top or bottom of most pages, digits ignored) and
page-number lines are dropped. Extra vertical space starts a paragraph, a
larger font marks a heading, wrapped table cells fold into their row, and table
rows are laid out on shared columns for the text parser, which reads headings,
clauses, lists and tables exactly as it does for plain text. A table drawn with
cell borders is read from its rulings instead: each cell is the runs inside its
borders, so wrapped cells stay whole and columns never mix, and a table (or a
row) that a page break splits is joined again.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._cache import rx
from ..document import BlockKind, Document
from ..errors import InputError
from ._build import Item, finish
from .text import SourceLine, join_lines, parse_lines

_PAGE_NUMBER = rx(
    r"^(?:(?:page|p\.|seite|página|pagina)\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?"
    r"(?:\s*(?:of|/|von|de|di)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_MARKER = rx(r"^(?:\d+(?:\.\d+)*[.)]?|\(?[a-zA-Z]{1,2}[.)]|\([ivxIVX]{1,5}\)|[•·▪◦‣–—*-])$")
_PAD = "\uffff"  # placeholder for the second UTF-16 unit of a char outside the BMP
_RUN = rx(r"[^\r\n]+")
_DIGITS = rx(r"\d+")
_SPACES = rx(r"\s+")
_CLEAN = str.maketrans(
    {
        "\x02": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\ufffe": "-",
        "\xad": "-",
        "\xa0": " ",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb00": "ff",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\r": " ",
        "\n": " ",
        "\t": " ",
    }
)
MAX_PAGES = 5000
MAX_PAGE_CHARS = 60_000  # a dense page of small print holds about 8,000
MAX_CHARS = 3_000_000  # about 1,000 pages of dense text
_MAX_INDENT = 120  # characters: wider than any real indent or table column start
_MIN_CHAR_W = 1.0  # points; a narrower median character is a damaged font matrix
_EDGE_LINES = 3  # lines at the top and bottom of a page checked for furniture
_EDGE_BAND = 0.15  # ...and only within this fraction of the page height


@dataclass(slots=True, eq=False)
class _Seg:
    x0: float
    y0: float  # bottom
    x1: float
    y1: float  # top
    text: str
    index: int = -1  # pdfium index of the first char, when known


@dataclass(slots=True, eq=False)
class _Line:
    segs: list[_Seg]
    size: float = 0.0  # font size of the first run
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    mid: float = 0.0
    rendered: str | None = None  # table row laid out on shared columns (with its indent)
    tab: bool | None = None  # cached _tabular()
    cells: list[list[str]] | None = None  # a ruled table: rows of cell texts
    cols: list[float] | None = None  # ...and its column edges
    pages: list[int] | None = None  # ...and the page of each row

    @classmethod
    def of(cls, seg: _Seg) -> _Line:
        return cls(
            [seg], 0.0, "", seg.x0, seg.x1, seg.y1, seg.y0, (seg.y0 + seg.y1) / 2, None, None
        )

    def add(self, seg: _Seg) -> None:
        self.segs.append(seg)
        self.x0 = min(self.x0, seg.x0)
        self.x1 = max(self.x1, seg.x1)
        self.top = max(self.top, seg.y1)
        self.bottom = min(self.bottom, seg.y0)
        self.mid = (self.top + self.bottom) / 2


class _FastText:
    """pdfium text-page calls without pypdfium2's per-call wrapper objects (hot loops)."""

    def __init__(self, tp: Any) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self.tp = tp
        self.raw = tp.raw
        self._values = [ctypes.c_double() for _ in range(4)]
        self._refs = [ctypes.byref(v) for v in self._values]
        self._count_rects = raw.FPDFText_CountRects
        self._get_rect = raw.FPDFText_GetRect
        self._get_charbox = raw.FPDFText_GetCharBox

    def count_rects(self, index: int = 0, count: int = -1) -> int:
        return int(self._count_rects(self.raw, index, count))

    def get_rect(self, index: int) -> tuple[float, float, float, float]:
        left, top, right, bottom = self._refs
        self._get_rect(self.raw, index, left, top, right, bottom)
        v = self._values
        return v[0].value, v[3].value, v[2].value, v[1].value  # left, bottom, right, top

    def get_charbox(self, index: int) -> tuple[float, float, float, float]:
        left, right, bottom, top = self._refs
        self._get_charbox(self.raw, index, left, right, bottom, top)
        v = self._values
        return v[0].value, v[2].value, v[1].value, v[3].value  # left, bottom, right, top

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tp, name)


def prepare() -> None:
    """Import pypdfium2 (loading and initialising the pdfium library), once per process.

    Called before each PDF is read in a forked child, so the import happens in the
    parent and the children inherit it instead of each paying for it again."""
    import pypdfium2
    import pypdfium2.raw  # the ctypes bindings the hot loops use

    del pypdfium2


def _open(path: Path, name: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4 or "password" in str(exc).lower():
            raise InputError("PDF is encrypted (password required)", name) from None
        raise InputError(f"not a readable PDF ({exc})", name) from None


def _segments(tp: Any) -> list[_Seg]:
    """Runs of text with their boxes and first char index, from pdfium's own line breaks.

    One get_text_range call per page; per line one count_rects call, and only lines
    made of several runs (table rows, bullets, font changes) need more.
    """
    text = tp.get_text_range()
    if len(text) != tp.count_chars():
        # a char outside the BMP counts twice in pdfium: pad it so indices line up
        text = "".join(ch + _PAD if ord(ch) > 0xFFFF else ch for ch in text)
        if len(text) != tp.count_chars():
            return _segments_bounded(tp)
    out: list[_Seg] = []
    # the common line, one run: its box straight from pdfium (what _add_run does for it,
    # without a Python call per line between them)
    page, count_rects, get_rect = tp.raw, tp._count_rects, tp._get_rect
    left, top, right, bottom = tp._refs
    v_left, v_top, v_right, v_bottom = tp._values
    for m in _RUN.finditer(text):
        start, end = m.span()
        line = m.group()
        if "\ufffe" not in line:
            n = count_rects(page, start, end - start)
            if n == 1:
                if line.strip():
                    get_rect(page, 0, left, top, right, bottom)
                    out.append(
                        _Seg(v_left.value, v_bottom.value, v_right.value, v_top.value,
                             line.translate(_CLEAN), start)
                    )
            elif n > 1:
                _add_run(tp, text, start, end, out)
            continue
        # pdfium joins a word hyphenated across lines and marks the break with U+FFFE;
        # keep the visual lines apart (the text parser rejoins them)
        for k in [k + 1 for k, ch in enumerate(m.group()) if ch == "\ufffe"] + [end - start]:
            _add_run(tp, text, start, m.start() + k, out)
            start = m.start() + k
    return _split_wide(tp, out, text)


def _add_run(tp: Any, text: str, start: int, end: int, out: list[_Seg]) -> None:
    """The runs of one line of pdfium's text (chars start..end) appended to out."""
    if start >= end:
        return
    n = tp.count_rects(start, end - start)
    if n <= 1:
        if n == 1 and text[start:end].strip():
            x0, y0, x1, y1 = tp.get_rect(0)
            out.append(_Seg(x0, y0, x1, y1, text[start:end].translate(_CLEAN), start))
        return
    rects = [tp.get_rect(i) for i in range(n)]
    # split the line's chars between its runs: the first char at or right of each run
    cuts = [start]
    lo = start
    for rx0, _ry0, _rx1, _ry1 in rects[1:]:
        hi = end
        a = lo
        while a < hi:  # binary search, chars of one line run left to right
            mid_i = (a + hi) // 2
            if tp.get_charbox(mid_i)[2] <= rx0 + 0.01:
                a = mid_i + 1
            else:
                hi = mid_i
        cuts.append(a)
        lo = a
    cuts.append(end)
    for (x0, y0, x1, y1), a, b in zip(rects, cuts, cuts[1:], strict=False):
        piece = text[a:b]
        if piece.strip():
            out.append(_Seg(x0, y0, x1, y1, piece.translate(_CLEAN), a))


def _split_wide(tp: Any, segs: list[_Seg], text: str) -> list[_Seg]:
    """Split runs that are much wider than their text: column gaps drawn with spaces.

    Text printed in a monospace font keeps table columns apart with runs of spaces
    that pdfium reports as one space; such a run is wider than its characters
    explain, so only those runs are measured char by char.
    """
    for s in segs:
        if s.index >= 0 and s.text[:1].isspace():
            # a leading (generated) space may sit far left of the first glyph
            lead = len(s.text) - len(s.text.lstrip())
            if lead < len(s.text):
                s.x0 = tp.get_charbox(s.index + lead)[0]
    measured = sorted(
        ((s.x1 - s.x0) / len(s.text.strip()), s.index)
        for s in segs
        if len(s.text.strip()) >= 20 and s.index >= 0
    )
    if not measured:
        return segs
    char_w, typical_index = measured[len(measured) // 2]
    # Text set in a fixed-pitch font (printed plain text) shows one extra space as a
    # run wider than its characters; proportional text varies, so only clearly wide
    # runs (or headings in a larger font, which then do not split) are measured.
    import pypdfium2.raw as raw

    page_fixed = _fixed_pitch(tp, typical_index)
    font_size = raw.FPDFText_GetFontSize
    out: list[_Seg] = []
    for s in segs:
        n = len(s.text)
        core = s.text.strip()
        width = s.x1 - s.x0
        if s.index < 0 or " " not in core:
            out.append(s)
            continue
        excess = width - char_w * len(core)
        if not (excess > 0.6 * char_w if page_fixed else width > 1.35 * char_w * len(core)):
            out.append(s)
            continue
        if not page_fixed:
            # a heading in a larger font is wide for its size only if wider still
            scale = font_size(tp.raw, s.index) / max(font_size(tp.raw, typical_index), 1e-6)
            if width <= 1.35 * char_w * len(core) * max(scale, 1.0):
                out.append(s)
                continue
        start = s.index
        boxes = [tp.get_charbox(i) for i in range(start, start + n)]
        lefts = [b[0] for k, b in enumerate(boxes) if b[2] > b[0] and not text[start + k].isspace()]
        steps = sorted(b - a for a, b in itertools.pairwise(lefts) if b > a)
        advance = steps[len(steps) // 2] if steps else char_w
        gap_limit = (1.6 if page_fixed else 2.5) * advance  # two spaces in fixed pitch
        piece_start = 0
        last_right: float | None = None
        for k, (bx0, _by0, bx1, _by1) in enumerate(boxes):
            ch = text[start + k]
            if ch.isspace() or bx1 <= bx0:
                continue
            if last_right is not None and bx0 - last_right > gap_limit:
                piece = text[start + piece_start : start + k]
                out.append(_piece(s, boxes, piece_start, piece))
                piece_start = k
            last_right = bx1
        out.append(_piece(s, boxes, piece_start, text[start + piece_start : start + n]))
    return out


def _fixed_pitch(tp: Any, index: int) -> bool:
    import ctypes

    import pypdfium2.raw as raw

    flags = ctypes.c_int(0)
    raw.FPDFText_GetFontInfo(tp.raw, index, None, 0, ctypes.byref(flags))
    return bool(flags.value & 1)


def _piece(seg: _Seg, boxes: list[Any], offset: int, piece: str) -> _Seg:
    own = [
        b
        for ch, b in zip(piece, boxes[offset : offset + len(piece)], strict=False)
        if b[2] > b[0] and not ch.isspace()
    ]
    x0 = min((b[0] for b in own), default=seg.x0)
    x1 = max((b[2] for b in own), default=seg.x1)
    return _Seg(x0, seg.y0, x1, seg.y1, piece.translate(_CLEAN), seg.index + offset)


def _segments_bounded(tp: Any) -> list[_Seg]:
    out: list[_Seg] = []
    for i in range(tp.count_rects()):
        x0, y0, x1, y1 = tp.get_rect(i)
        text = tp.get_text_bounded(x0, y0, x1, y1).translate(_CLEAN)
        if text.strip():
            out.append(_Seg(x0, y0, x1, y1, text))
    return out


def _group_lines(segs: list[_Seg]) -> list[_Line]:
    """Visual lines, top to bottom: runs whose vertical middles fall within the other's height."""
    segs.sort(key=lambda s: (-(s.y0 + s.y1), s.x0))
    lines: list[_Line] = []
    cur: _Line | None = None
    for s in segs:
        if cur is not None:
            mid = (s.y0 + s.y1) / 2
            height = max(cur.top - cur.bottom, s.y1 - s.y0, 1.0)
            if abs(cur.mid - mid) < 0.45 * height or (
                # a comma or full stop drawn apart sits low, but within the line
                s.y1 > cur.bottom and s.y0 < cur.top and not any(ch.isalnum() for ch in s.text)
            ):
                cur.add(s)
                continue
        cur = _Line.of(s)
        lines.append(cur)
    return lines


def _reading_order(segs: list[_Seg], width: float) -> list[_Line]:
    """Lines in reading order; a two-column page is read column by column.

    Two columns: several long runs lie wholly left of the page middle and several
    wholly right of it. Runs that cross the middle (a title, a full-width table)
    cut the page into bands; each band is read left column, then right column.
    """
    mid = width / 2
    slack = 0.02 * width
    long_run = 0.25 * width
    left = [s for s in segs if s.x1 <= mid + slack]
    right = [s for s in segs if s.x0 >= mid - slack and s.x1 > mid + slack]
    if (
        sum(1 for s in left if s.x1 - s.x0 > long_run) < 3
        or sum(1 for s in right if s.x1 - s.x0 > long_run) < 3
        or len(left) + len(right) < 0.6 * len(segs)
    ):
        return _group_lines(segs)
    in_cols = {id(s) for s in left} | {id(s) for s in right}
    crossing = [s for s in segs if id(s) not in in_cols]
    low = min(s.y0 for s in right)
    high = max(s.y1 for s in right)
    if sum(1 for s in crossing if low < (s.y0 + s.y1) / 2 < high) > 0.1 * (len(left) + len(right)):
        return _group_lines(segs)  # full-width lines among them: a table, not two columns
    spanning = _group_lines(crossing)
    bands: list[tuple[list[_Seg], list[_Seg]]] = [([], []) for _ in range(len(spanning) + 1)]
    for column, group in ((0, left), (1, right)):
        for s in group:
            smid = (s.y0 + s.y1) / 2
            band = sum(1 for ln in spanning if ln.mid > smid)
            bands[band][column].append(s)
    out: list[_Line] = []
    for b, (lcol, rcol) in enumerate(bands):
        if b > 0:
            out.append(spanning[b - 1])
        out.extend(_group_lines(lcol))
        out.extend(_group_lines(rcol))
    return out


def _page_lines(page: Any, tp: Any, width: float, height: float) -> list[_Line]:
    import pypdfium2.raw as raw

    tp = _FastText(tp)
    segs, tables = _ruled_tables(tp, _segments(tp), _grids(page, width, height))
    lines = _reading_order(segs, width)
    for table in tables:  # in the flow where the table's top is
        at = next((k for k, ln in enumerate(lines) if ln.mid < table.top), len(lines))
        lines.insert(at, table)
    font_size = raw.FPDFText_GetFontSize
    for line in lines:
        if len(line.segs) > 1:
            line.segs.sort(key=lambda s: s.x0)
        first = line.segs[0]
        index = first.index
        if index < 0:
            found = tp.get_index(first.x0 + 0.5, (first.y0 + first.y1) / 2, 2, 2)
            index = found if isinstance(found, int) else -1  # None: no char there
        line.size = round(float(font_size(tp.raw, index)), 1) if index >= 0 else 0.0
        if not line.size:
            line.size = round(first.y1 - first.y0, 1)
    return lines


def _layout(line: _Line) -> str:
    """Line text with its runs joined by a space (tables are laid out by _render_tables)."""
    out = ""
    prev: _Seg | None = None
    for s in line.segs:
        text = s.text.strip()
        if prev is None:
            out = text
        elif s.x0 - prev.x1 < max(
            0.15 * (prev.x1 - prev.x0) / max(len(prev.text), 1),
            0.17 * line.size,  # narrower than a word space (about a quarter of the size)
        ) and not (prev.text.endswith(" ") or s.text.startswith(" ")):
            out += text  # runs that touch: one word in two fonts, or drawn in pieces
        else:
            out += " " + text
        prev = s
    return out.replace(_PAD, "")


def _hanging(line: _Line) -> bool:
    """A clause number or list marker set apart from its text: "3.2<tab>The Provider..."."""
    return len(line.segs) == 2 and bool(_MARKER.match(line.segs[0].text.strip()))


def _tabular(line: _Line, char_w: float) -> bool:
    """Runs on the line separated by a column gap: a table row (char_w is fixed per document)."""
    if line.tab is None:
        line.tab = len(line.segs) > 1 and (
            not _hanging(line)
            and any(b.x0 - a.x1 > 1.5 * char_w for a, b in itertools.pairwise(line.segs))
        )
    return line.tab


def _aligned(line: _Line, row: _Line) -> bool:
    """Every run of line starts where one of the row's cells starts, and ends before the next."""
    if line.cells is not None or row.cells is not None:
        return False
    starts = sorted(s.x0 for s in row.segs)
    for s in line.segs:
        k = next((k for k, x in enumerate(starts) if abs(s.x0 - x) <= 4.0), None)
        if k is None or (k + 1 < len(starts) and s.x1 > starts[k + 1]):
            return False
    return True


def _merge_wrapped_rows(lines: list[_Line], char_w: float) -> list[_Line]:
    """Fold the wrapped lines of table cells into their row.

    Rows of a table sit further apart than the lines inside a wrapped cell, so
    within a run of table lines the tight gaps are continuations, provided the
    continuation's runs start under the row's cells. Tables whose rows are all
    equally spaced are left as they are.
    """
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        if not _tabular(lines[i], char_w):
            out.append(lines[i])
            i += 1
            continue
        run = [lines[i]]
        j = i + 1
        while (
            j < len(lines)
            and lines[j].size == run[0].size
            and (_tabular(lines[j], char_w) or _aligned(lines[j], run[-1]))
        ):
            run.append(lines[j])
            j += 1
        gaps = [a.mid - b.mid for a, b in itertools.pairwise(run)]
        if gaps and min(gaps) > 0 and max(gaps) > 1.4 * min(gaps):
            tight = (min(gaps) + max(gaps)) / 2  # glyph boxes make gaps vary a little
            columns = max(len(ln.segs) for ln in run)
            # rows set apart by space below the header too: every tight gap is inside a row,
            # even where all the row's cells wrap (a wider gap under the header alone says
            # nothing about the rows, so there a line with every cell filled is a new row)
            spaced_rows = any(gap > tight for gap in gaps[1:])
            merged = [run[0]]
            for cur, gap in zip(run[1:], gaps, strict=True):
                row = merged[-1]
                # a wrapped cell's next line: close below, under the row's cells
                if (
                    gap <= tight
                    and (spaced_rows or len(cur.segs) < columns)
                    and _aligned(cur, row)
                ):
                    for seg in cur.segs:
                        cell = min(row.segs, key=lambda c: abs(c.x0 - seg.x0))
                        cell.text = cell.text.rstrip() + " " + seg.text.strip()
                        cell.x1 = max(cell.x1, seg.x1)
                    row.bottom = min(row.bottom, cur.bottom)
                    row.text = " ".join(c.text.strip() for c in row.segs)
                else:
                    merged.append(cur)
            out.extend(merged)
        else:
            out.extend(run)
        i = j
    return out


def _render_tables(lines: list[_Line], left: float, char_w: float) -> None:
    """Lay out each run of table rows on shared character columns, one per cell position.

    Cells are placed by their x position, and each column is as wide as its longest
    text, so the text parser sees aligned columns even where a cell's text (wrapped
    lines folded in) is longer than the space it had on the page.
    """
    i = 0
    while i < len(lines):
        if not _tabular(lines[i], char_w):
            i += 1
            continue
        run = [lines[i]]
        j = i + 1
        while j < len(lines) and (_tabular(lines[j], char_w) or _aligned(lines[j], run[-1])):
            run.append(lines[j])
            j += 1
        i = j
        if len(run) < 2:
            continue
        starts: list[float] = []
        for x in sorted(s.x0 for ln in run for s in ln.segs):
            if not starts or x - starts[-1] > 4.0:
                starts.append(x)
        cells: list[dict[int, str]] = []
        for ln in run:
            row: dict[int, str] = {}
            for seg in ln.segs:
                col = max(k for k, x in enumerate(starts) if x <= seg.x0 + 4.0)
                row[col] = (row[col] + " " + seg.text.strip()) if col in row else seg.text.strip()
            cells.append(row)
        widths = [max((len(r.get(k, "")) for r in cells), default=0) for k in range(len(starts))]
        indent = " " * _columns(starts[0] - left, char_w)
        for ln, row in zip(run, cells, strict=True):
            text = "".join(row.get(k, "").ljust(w + 3) for k, w in enumerate(widths) if w)
            ln.rendered = (indent + text).rstrip()


def _columns(dx: float, char_w: float) -> int:
    """An indent in characters, capped: a near-zero or broken character width (a
    damaged font matrix) must not turn into gigabytes of spaces."""
    if not (math.isfinite(dx) and math.isfinite(char_w)) or char_w <= 0:
        return 0
    return min(_MAX_INDENT, max(0, round(dx / char_w)))


def _key(text: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub(" ", text.strip().lower()))


def _strip_furniture(pages: list[tuple[list[_Line], float]]) -> None:
    """Drop running headers/footers and page-number lines near the page edges, in place."""

    def edges(lines: list[_Line], height: float) -> list[_Line]:
        """Lines at the top and bottom of the page set apart from the body by extra space."""
        spacing = sorted(a.mid - b.mid for a, b in itertools.pairwise(lines))
        typical = spacing[len(spacing) // 4] if spacing else 0.0  # line, not paragraph, spacing
        found: list[_Line] = []
        for run in (lines[: _EDGE_LINES + 1], lines[::-1][: _EDGE_LINES + 1]):
            for k in range(1, len(run)):
                gap = abs(run[k - 1].mid - run[k].mid)
                if gap > 1.3 * typical:
                    found.extend(ln for ln in run[:k] if ln not in found)
                    break
            else:
                if len(lines) == 1:
                    found.extend(run)
        band = [
            ln
            for ln in found
            if ln.top >= height * (1 - _EDGE_BAND) or ln.bottom <= height * _EDGE_BAND
        ]
        return band

    found = [edges(lines, height) for lines, height in pages]
    seen: dict[str, list[tuple[int, str]]] = {}
    for page_index, candidates in enumerate(found):
        keys: set[str] = set()
        for ln in candidates:
            key = _key(ln.text)
            if key not in keys:
                keys.add(key)
                seen.setdefault(key, []).append((page_index, ln.text.strip()))
    need = max(2, (len(pages) + 1) // 2)
    repeated = (
        {k for k, hits in seen.items() if len(hits) >= need and _running(hits, need)}
        if len(pages) >= 2
        else set()
    )
    total = sum(len(lines) for lines, _ in pages)
    for loose in (True, False):
        # loose: lines equal but for a page counter go too; if that leaves nothing, only
        # word-for-word repeats and page numbers; if even that leaves nothing, keep all:
        # what repeats on every page is then the content
        drops = [
            [
                ln
                for ln in candidates
                if _PAGE_NUMBER.match(ln.text.strip())
                or (
                    _key(ln.text) in repeated
                    and (_exact(ln, seen) or (loose and len(lines) > 1))
                )
            ]
            for (lines, _), candidates in zip(pages, found, strict=True)
        ]
        if total - sum(len(d) for d in drops) > 0:
            for (lines, _), drop in zip(pages, drops, strict=True):
                gone = {id(ln) for ln in drop}
                lines[:] = [ln for ln in lines if id(ln) not in gone]
            return


def _exact(line: _Line, seen: dict[str, list[tuple[int, str]]]) -> bool:
    """The line's text repeats word for word on other pages (not just digits aside)."""
    text = line.text.strip()
    return sum(1 for _, t in seen.get(_key(line.text), []) if t == text) >= 2


def _running(hits: list[tuple[int, str]], need: int) -> bool:
    """Lines that differ only in digits are a running header or footer when the same
    text repeats, or when a number in them counts the pages ("Page 3 of 12",
    "Acme SLA - 3"); "Clause 1 applies", "Clause 2 applies" on pages 4 and 9 are content.
    """
    if Counter(text for _, text in hits).most_common(1)[0][1] >= need:
        return True
    numbers = [(page, [int(d) for d in _DIGITS.findall(text)[:6]]) for page, text in hits]
    width = min(len(nums) for _, nums in numbers)
    for k in range(width):
        offsets = Counter(nums[k] - page for page, nums in numbers)
        if offsets.most_common(1)[0][1] >= need:
            return True
    return False


def _check_chars(tp: Any, page_no: int, so_far: int, name: str) -> int:
    """The page's character count, refused past the per-page and per-document caps
    (a content stream that draws the same run a million times is not a contract)."""
    n = int(tp.count_chars())
    if n > MAX_PAGE_CHARS:
        raise InputError(
            f"PDF page {page_no} has {n} characters (limit {MAX_PAGE_CHARS}); damaged?", name
        )
    if so_far + n > MAX_CHARS:
        raise InputError(f"PDF has more than {MAX_CHARS} characters of text (limit)", name)
    return n


def read_pdf(path: Path, name: str) -> Document:
    pdf = _open(path, name)
    try:
        n_pages = len(pdf)
        if n_pages > MAX_PAGES:
            raise InputError(f"PDF has {n_pages} pages (limit {MAX_PAGES})", name)
        pages: list[tuple[list[_Line], float]] = []
        chars = 0
        for i in range(n_pages):
            page = pdf[i]
            try:
                width, height = page.get_size()
                tp = page.get_textpage()
                try:
                    chars += _check_chars(tp, i + 1, chars, name)
                    lines = _page_lines(page, tp, width, height)
                finally:
                    tp.close()
            finally:
                page.close()
            for ln in lines:
                if ln.cells is not None:
                    ln.text = " ".join(" ".join(row) for row in ln.cells).replace(_PAD, "")
                    ln.pages = [i + 1] * len(ln.cells)
                    continue
                ln.text = " ".join(s.text.strip() for s in ln.segs).replace(_PAD, "")
            pages.append((lines, height))
    except InputError:
        raise
    except Exception as exc:  # pdfium errors on damaged pages
        raise InputError(f"not a readable PDF ({exc})", name) from None
    finally:
        pdf.close()
    if not any(lines for lines, _ in pages):
        raise InputError("PDF has no text layer (scanned image?); run OCR first", name)
    _strip_furniture(pages)
    return finish(name, _items(pages), None, pages=n_pages)


def _items(pages: list[tuple[list[_Line], float]]) -> list[Item]:
    """Page lines -> source lines for the text parser (indent, blank lines, heading hints).

    A ruled table goes to the parser as one placeholder line, replaced by its cells after.
    """
    _join_split_tables(pages)
    all_lines = [ln for lines, _ in pages for ln in lines if ln.cells is None]
    tables: list[_Line] = []
    sizes: Counter[float] = Counter()
    widths: list[float] = []
    for ln in all_lines:
        sizes[ln.size] += len(ln.text)
        seg = ln.segs[0]
        if len(seg.text.strip()) >= 10:
            widths.append((seg.x1 - seg.x0) / len(seg.text.strip()))
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    char_w = sorted(widths)[len(widths) // 2] if widths else body * 0.5
    char_w = max(char_w, _MIN_CHAR_W) if math.isfinite(char_w) else _MIN_CHAR_W
    head_sizes = sorted({s for s in sizes if s >= body * 1.15}, reverse=True)
    level_of = {s: n + 1 for n, s in enumerate(head_sizes[:6])}
    left = min((ln.x0 for ln in all_lines), default=0.0)
    pages = [(_merge_wrapped_rows(lines, char_w), height) for lines, height in pages]
    # across page breaks: a table may start on one page and go on at the next
    _render_tables([ln for lines, _ in pages for ln in lines], left, char_w)
    # line spacing of body text, per page and over the document (short pages borrow it)
    page_spacing = [
        sorted(
            a.mid - b.mid
            for a, b in itertools.pairwise(lines)
            if a.size == b.size == body and a.mid > b.mid and a.cells is None is b.cells
        )
        for lines, _ in pages
    ]
    every = sorted(g for gaps in page_spacing for g in gaps)
    doc_typical = every[len(every) // 4] if len(every) >= 3 else body
    out: list[SourceLine] = []
    for page_no, (lines, _) in enumerate(pages, start=1):
        spacing = page_spacing[page_no - 1]
        typical = spacing[len(spacing) // 4] if len(spacing) >= 8 else doc_typical
        prev: _Line | None = None
        if out and lines:
            last = out[-1].text.rstrip()
            first = lines[0].text.lstrip()
            if last and last[-1] in ".:;" and (first[:1].isupper() or first[:1].isdigit()):
                out.append(SourceLine("", page_no))
        for ln in lines:
            if ln.cells is not None:
                out += [SourceLine(""), SourceLine(_placeholder(len(tables)), page_no), SourceLine("")]
                tables.append(ln)
                prev = ln
                continue
            level = level_of.get(ln.size, 0) if len(ln.text) <= 150 else 0
            if prev is not None:
                gap = prev.mid - ln.mid
                tabular = _tabular(prev, char_w) and _tabular(ln, char_w)
                if (
                    (gap > 1.45 * typical and not tabular)
                    or (gap < 0 and prev.text.rstrip()[-1:] in (".", ":", ";"))
                    or (level and not level_of.get(prev.size))
                ):
                    out.append(SourceLine("", page_no))
                elif level and out and out[-1].heading == level:
                    out[-1].text += " " + ln.text.strip()  # a heading wrapped over two lines
                    prev = ln
                    continue
            if ln.rendered is not None:
                out.append(SourceLine(ln.rendered, page_no, 0))
                prev = ln
                continue
            indent = _columns(ln.x0 - left, char_w)
            out.append(SourceLine(" " * indent + _layout(ln), page_no, level))
            prev = ln
        if out and out[-1].heading:
            out.append(SourceLine("", page_no))
    items, _directives = parse_lines(out)
    return _place_tables(items, tables)


def _placeholder(n: int) -> str:
    # private-use marks and a lower-case word: never a heading, clause or list item
    return f"\ue000table {n}\ue000"


def _place_tables(items: list[Item], tables: list[_Line]) -> list[Item]:
    """Placeholders replaced by their tables' cells; tables numbered in document order."""
    if not tables:
        return items
    marks = {_placeholder(n): t for n, t in enumerate(tables)}
    out: list[Item] = []
    ordinal = 0
    for kind, text, extra in items:
        table = marks.get(text.strip()) if kind is BlockKind.PARAGRAPH else None
        if table is not None and table.cells is not None:
            pages: list[int | None] = (
                list(table.pages) if table.pages else [extra.get("page")] * len(table.cells)
            )
            for r, (row, page) in enumerate(zip(table.cells, pages, strict=True)):
                for c, cell in enumerate(row):
                    out.append(
                        (
                            BlockKind.TABLE_CELL,
                            cell,
                            {"page": page, "table": ordinal, "row": r, "col": c},
                        )
                    )
            ordinal += 1
        elif kind is BlockKind.TABLE_CELL:
            if extra.get("row") == 0 and extra.get("col") == 0:
                ordinal += 1
            out.append((kind, text, {**extra, "table": ordinal - 1}))
        else:
            out.append((kind, text, extra))
    return out


def _join_split_tables(pages: list[tuple[list[_Line], float]]) -> None:
    """A ruled table that ends one page and starts the next on the same columns is one table.

    The first row on the new page is the rest of the last row when one of its
    cells carries on a sentence that cell left open.
    """
    for k in range(len(pages) - 1, 0, -1):
        before, after = pages[k - 1][0], pages[k][0]
        if not before or not after:
            continue
        a, b = before[-1], after[0]
        if a.cells is None or b.cells is None or a.cols is None or b.cols is None:
            continue
        if len(a.cols) != len(b.cols) or any(
            abs(x - y) > 2 * _RULE_TOL for x, y in zip(a.cols, b.cols, strict=True)
        ):
            continue
        last, first = a.cells[-1], b.cells[0]
        rows, row_pages = b.cells, b.pages or [k + 1] * len(b.cells)
        if any(_carries_on(x, y) for x, y in zip(last, first, strict=True)):
            a.cells[-1] = [join_lines([x, y]) for x, y in zip(last, first, strict=True)]
            rows, row_pages = rows[1:], row_pages[1:]
        a.cells.extend(rows)
        a.pages = (a.pages or []) + row_pages
        a.text += " " + b.text
        after.pop(0)


def _carries_on(end: str, start: str) -> bool:
    """start goes on with the sentence end left open (a cell split by a page break)."""
    return bool(end and start and end[-1] not in ".;:!?" and (start[0].islower() or start[0] in "(-"))

# -- ruled tables ----------------------------------------------------------------------
# A table drawn with cell borders is read from its rulings: each cell's text is the
# runs inside its borders, whatever their spacing, so a wrapped cell stays one cell
# and neighbouring columns never mix. Rows split by a page break are joined again.

_RULE_THIN = 3.0  # a path at most this thick is a ruling line
_RULE_TOL = 3.0  # rulings this close are one edge
_MAX_PATHS = 4000  # pages with more vector objects (charts, drawings) are not searched
_MAX_PATH_SEGMENTS = 400


@dataclass(slots=True, eq=False)
class _Grid:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom
    hs: list[tuple[float, float, float]]  # horizontal rulings (y, x0, x1)
    vs: list[tuple[float, float, float]]  # vertical rulings (x, y0, y1)

    def inside(self, x: float, y: float) -> bool:
        return self.xs[0] < x < self.xs[-1] and self.ys[-1] < y < self.ys[0]

    def split_row(self, k: int, col: int) -> bool:
        """A ruling on row edge k under column col (the cells above and below are apart)."""
        a, b = self.xs[col], self.xs[col + 1]
        y = self.ys[k]
        return any(
            abs(h[0] - y) <= _RULE_TOL and min(h[2], b) - max(h[1], a) >= 0.5 * (b - a)
            for h in self.hs
        )

    def split_col(self, k: int, row: int) -> bool:
        """A ruling on column edge k beside row row."""
        top, bottom = self.ys[row], self.ys[row + 1]
        x = self.xs[k]
        return any(
            abs(v[0] - x) <= _RULE_TOL and min(v[2], top) - max(v[1], bottom) >= 0.5 * (top - bottom)
            for v in self.vs
        )


def _rulings(
    page: Any, width: float, height: float
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) lines drawn on the page.

    Thin paths (a border drawn as a line or a thin filled box) count by their
    bounds; other visible paths (stroked or filled boxes) by their straight edges.
    """
    import ctypes

    import pypdfium2.raw as raw

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    n = raw.FPDFPage_CountObjects(page.raw)
    if n > _MAX_PATHS:
        return hs, vs
    bounds = [ctypes.c_float() for _ in range(4)]
    brefs = [ctypes.byref(v) for v in bounds]
    path_type = raw.FPDF_PAGEOBJ_PATH
    get_object, get_type, get_bounds = (
        raw.FPDFPage_GetObject,
        raw.FPDFPageObj_GetType,
        raw.FPDFPageObj_GetBounds,
    )
    for i in range(n):
        obj = get_object(page.raw, i)
        if get_type(obj) != path_type or not get_bounds(obj, *brefs):
            continue
        x0, y0, x1, y1 = (v.value for v in bounds)
        w, h = x1 - x0, y1 - y0
        if w > 0.8 * width and h > 0.5 * height:
            continue  # the page's background
        if h <= _RULE_THIN and w > _RULE_THIN:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w <= _RULE_THIN and h > _RULE_THIN:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif w > _RULE_THIN and h > _RULE_THIN:
            _path_edges(obj, hs, vs)
    return hs, vs


def _path_edges(
    obj: Any, hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]
) -> None:
    """The straight axis-aligned edges of a visible path (a box around or behind a cell)."""
    import ctypes

    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return
    if not stroke.value:
        if not fill.value:
            return
        rgba = [ctypes.c_uint(0) for _ in range(4)]
        raw.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in rgba))
        if min(v.value for v in rgba[:3]) >= 250 or rgba[3].value == 0:
            return  # white on white: draws nothing
    count = raw.FPDFPath_CountSegments(obj)
    if count <= 0 or count > _MAX_PATH_SEGMENTS:
        return
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return
    px, py = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    cur: tuple[float, float] | None = None

    def edge(a: tuple[float, float], b: tuple[float, float]) -> None:
        if abs(a[1] - b[1]) < 0.5 and abs(a[0] - b[0]) > _RULE_THIN:
            hs.append((a[1], min(a[0], b[0]), max(a[0], b[0])))
        elif abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) > _RULE_THIN:
            vs.append((a[0], min(a[1], b[1]), max(a[1], b[1])))

    for k in range(count):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py))
        x, y = px.value, py.value
        pt = (m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = pt
        elif kind == raw.FPDF_SEGMENT_LINETO and cur is not None:
            edge(cur, pt)
        cur = pt
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            edge(pt, start)
            cur = start


def _merge_rulings(lines: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear pieces that touch joined into one line (borders drawn cell by cell)."""
    out: list[tuple[float, float, float]] = []
    for pos, a, b in sorted(lines):
        for k in range(len(out) - 1, -1, -1):
            p, c, d = out[k]
            if pos - p > _RULE_TOL:
                out.append((pos, a, b))
                break
            if a <= d + _RULE_TOL and b >= c - _RULE_TOL:
                out[k] = (p, min(a, c), max(b, d))
                break
        else:
            out.append((pos, a, b))
    return out


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _RULE_TOL:
            continue
        out.append(v)
    return out


def _grids(page: Any, width: float, height: float) -> list[_Grid]:
    """Ruled tables on the page: rulings that cross, with at least two columns."""
    hs, vs = _rulings(page, width, height)
    if len(vs) < 2:
        return []
    hs, vs = _merge_rulings(hs), _merge_rulings(vs)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = _RULE_TOL
    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - tol <= x <= x1 + tol and y0 - tol <= y <= y1 + tol:
                parent[find(i)] = find(len(hs) + j)
    # column rules of one height side by side: a row running through a page, its borders
    # open at the top and bottom
    for j, (_x, y0, y1) in enumerate(vs):
        for k in range(j + 1, len(vs)):
            if abs(vs[k][1] - y0) <= tol and abs(vs[k][2] - y1) <= tol:
                parent[find(len(hs) + k)] = find(len(hs) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids: list[_Grid] = []
    for ghs, gvs in groups.values():
        if len(gvs) < 2 or len(ghs) + len(gvs) < 4:
            continue
        ends = [min(h[1] for h in ghs), max(h[2] for h in ghs)] if ghs else []
        xs = _edges([v[0] for v in gvs] + ends)
        ys = _edges([h[0] for h in ghs] + [min(v[1] for v in gvs), max(v[2] for v in gvs)])
        if len(xs) < 3 or ys[-1] - ys[0] < 8.0:
            continue
        grids.append(_Grid(xs, ys[::-1], ghs, gvs))
    return grids


def _split_at_edges(tp: Any, seg: _Seg, edges: list[float]) -> list[_Seg]:
    """A run that crosses column edges cut at them, by its chars' boxes."""
    cuts = [x for x in edges if seg.x0 + 1.0 < x < seg.x1 - 1.0]
    if not cuts or seg.index < 0:
        return [seg]
    n = len(seg.text)
    boxes = [tp.get_charbox(i) for i in range(seg.index, seg.index + n)]
    out: list[_Seg] = []
    a = 0
    for x in cuts:
        b = a
        while b < n and (boxes[b][0] + boxes[b][2]) / 2 < x:
            b += 1
        if b > a and seg.text[a:b].strip():
            out.append(_piece(seg, boxes, a, seg.text[a:b]))
        a = b
    if seg.text[a:].strip():
        out.append(_piece(seg, boxes, a, seg.text[a:]))
    return out


def _cell_text(segs: list[_Seg], size: float) -> str:
    """A cell's runs in reading order: its lines top to bottom, each left to right."""
    lines = _group_lines(segs)
    for line in lines:
        line.segs.sort(key=lambda s: s.x0)
        line.size = size
    return " ".join(join_lines([_layout(ln) for ln in lines]).split())


def _ruled_tables(tp: Any, segs: list[_Seg], grids: list[_Grid]) -> tuple[list[_Seg], list[_Line]]:
    """Runs outside the tables, and one line per table holding its cells."""
    if not grids:
        return segs, []
    owned: list[list[_Seg]] = [[] for _ in grids]
    rest: list[_Seg] = []
    for seg in segs:
        x, y = (seg.x0 + seg.x1) / 2, (seg.y0 + seg.y1) / 2
        k = next((k for k, g in enumerate(grids) if g.inside(x, y)), None)
        if k is None:
            rest.append(seg)
        else:
            owned[k].extend(_split_at_edges(tp, seg, grids[k].xs[1:-1]))
    tables: list[_Line] = []
    for grid, inside in zip(grids, owned, strict=True):
        if not inside:
            continue
        line = _grid_line(grid, inside, _font_size(tp, inside))
        if line is None:
            rest.extend(inside)
        else:
            tables.append(line)
    return rest, tables


def _font_size(tp: Any, segs: list[_Seg]) -> float:
    import pypdfium2.raw as raw

    index = next((s.index for s in segs if s.index >= 0), -1)
    return float(raw.FPDFText_GetFontSize(tp.raw, index)) if index >= 0 else 0.0


def _grid_line(grid: _Grid, segs: list[_Seg], size: float) -> _Line | None:
    """The table a grid holds, as one line whose cells are rows of cell texts."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    # a cell merged across a missing ruling belongs to the top-left grid cell it covers
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            if r > 0 and not grid.split_row(r, c):
                owner[r, c] = owner[r - 1, c]
            elif c > 0 and not grid.split_col(c, r):
                owner[r, c] = owner[r, c - 1]
            else:
                owner[r, c] = (r, c)
    by_cell: dict[tuple[int, int], list[_Seg]] = {}
    for seg in segs:
        x, y = (seg.x0 + seg.x1) / 2, (seg.y0 + seg.y1) / 2
        c = max(k for k in range(n_cols) if grid.xs[k] <= x) if x >= grid.xs[0] else 0
        r = max((k for k in range(n_rows) if grid.ys[k] >= y), default=0)
        by_cell.setdefault(owner[r, min(c, n_cols - 1)], []).append(seg)
    rows = [
        [_cell_text(by_cell[r, c], size) if (r, c) in by_cell else "" for c in range(n_cols)]
        for r in range(n_rows)
    ]
    kept = [row for row in rows if any(row)]
    if not kept or sum(1 for c in range(n_cols) if any(row[c] for row in kept)) < 2:
        return None  # a box around text, not a table
    first = min(segs, key=lambda s: (-s.y1, s.x0))
    line = _Line.of(_Seg(grid.xs[0], grid.ys[-1], grid.xs[-1], grid.ys[0], first.text, first.index))
    line.cells = kept
    line.cols = grid.xs
    line.tab = False
    return line
