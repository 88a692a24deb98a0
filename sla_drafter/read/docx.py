"""DOCX -> blocks with python-docx, walking the body XML directly for speed.

python-docx opens the package and resolves styles; paragraph and table text is
read from the WordprocessingML elements (w:p, w:tbl, w:tc) in document order,
which is several times faster than the proxy objects and lets merged cells be
counted once. Text boxes, deleted text, headers and footers are skipped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._cache import rx
from ..document import BlockKind, Document
from ..errors import InputError
from ._build import Item, PendingDirective, finish

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, R, T = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "r", "t"))
TAB, BR, CR, PPR, TCPR = (f"{_W}{n}" for n in ("tab", "br", "cr", "pPr", "tcPr"))
SDT, SDT_CONTENT, CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
VAL, TYPE, ID = f"{_W}val", f"{_W}type", f"{_W}id"
NO_BREAK_HYPHEN, PTAB = f"{_W}noBreakHyphen", f"{_W}ptab"
COMMENT_START, COMMENT_REF = f"{_W}commentRangeStart", f"{_W}commentReference"
# run containers whose runs are visible text (w:del / w:moveFrom are deleted text)
_CONTAINERS = frozenset(
    f"{_W}{n}"
    for n in (
        "hyperlink",
        "ins",
        "smartTag",
        "fldSimple",
        "sdt",
        "sdtContent",
        "customXml",
        "moveTo",
        "dir",
        "bdo",
    )
)
_TOC_NAME = rx(r"^(?:toc \d|table of figures|inhaltsverzeichnis \d|verzeichnis \d)")
_TABS = rx(r"[ \t]*\t[ \t]*")
# a list marker typed into the text: "(a)", "(iv)", "a)"
_TYPED_ITEM = rx(r"^\s*\(?(?:[a-z]|[ivx]{1,5})\)\s")
# a multilevel clause number ("4.2", "12.3.1"): numbered paragraphs of a contract
_CLAUSE_LABEL = rx(r"\d+(?:\.\d+)+\.?")
_LIST_NAME_LEVEL = rx(r"\s(\d)$")
_HEADING_NAME = rx(
    r"^(?:heading|überschrift|titre|título|titolo|kop|rubrik|overskrift|otsikko|nagłówek)\s*(\d)$",
    re.I,
)


@dataclass(slots=True)
class _Style:
    heading: int = 0  # 1..9, 0 = not a heading
    title: bool = False
    is_list: bool = False
    list_level: int = 0
    num_id: str = ""  # numbering from the style (w:numPr), "" = none
    ilvl: int = 0
    skip: bool = False  # table-of-contents entries repeat the headings: not content


@dataclass(slots=True)
class _State:
    items: list[Item] = field(default_factory=list)
    directives: list[PendingDirective] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # comment id -> item index
    pending_anchors: list[str] = field(default_factory=list)
    table: int = 0
    page: int = 1
    page_breaks: int = 0
    break_after: bool = False
    title_seen: bool = False
    heading_seen: bool = False
    shift: int = 0


def _styles(doc: Any) -> tuple[dict[str, _Style], str | None]:
    """styleId -> resolved heading/list facts (following w:basedOn), and the default style id."""
    raw: dict[str, tuple[str, str | None, int, bool, int, str]] = {}
    default: str | None = None
    try:
        root = doc.styles.element
    except (KeyError, AttributeError):  # no styles part
        return {}, None
    for st in root.iterchildren(f"{_W}style"):
        if st.get(TYPE) not in (None, "paragraph"):
            continue
        sid = st.get(f"{_W}styleId") or ""
        name_el = st.find(f"{_W}name")
        name = (name_el.get(VAL) or "") if name_el is not None else ""
        based = st.find(f"{_W}basedOn")
        outline = 0
        has_num = False
        ilvl = 0
        num_id = ""
        ppr = st.find(PPR)
        if ppr is not None:
            ol = ppr.find(f"{_W}outlineLvl")
            if ol is not None and (ol.get(VAL) or "9").isdigit() and int(ol.get(VAL) or 9) < 9:
                outline = int(ol.get(VAL) or 0) + 1
            num = ppr.find(f"{_W}numPr")
            has_num = num is not None
            lvl = num.find(f"{_W}ilvl") if num is not None else None
            if lvl is not None and (lvl.get(VAL) or "").isdigit():
                ilvl = int(lvl.get(VAL) or 0)
            nid = num.find(f"{_W}numId") if num is not None else None
            num_id = (nid.get(VAL) or "") if nid is not None else ""
        based_on = based.get(VAL) if based is not None else None
        raw[sid] = (name, based_on, outline, has_num, ilvl, num_id)
        if st.get(f"{_W}default") in ("1", "true", "on"):
            default = sid
    out: dict[str, _Style] = {}

    def resolve(sid: str, depth: int = 0) -> _Style:
        if sid in out:
            return out[sid]
        if sid not in raw or depth > 20:
            return _Style()
        name, based, outline, has_num, ilvl, num_id = raw[sid]
        lname = name.strip().lower()
        parent = resolve(based, depth + 1) if based else _Style()
        m = _HEADING_NAME.match(lname)
        digit = _LIST_NAME_LEVEL.search(lname) if lname.startswith("list") else None
        style = _Style(
            list_level=int(digit.group(1))
            if digit
            else (ilvl + 1 if has_num else parent.list_level),
            heading=int(m.group(1)) if m else outline or parent.heading,
            title=lname == "title" or (parent.title and not m),
            is_list=lname.startswith("list") or has_num or parent.is_list,
            num_id=num_id if has_num else parent.num_id,
            ilvl=ilvl if has_num else parent.ilvl,
            skip=bool(_TOC_NAME.match(lname)) or parent.skip,
        )
        out[sid] = style
        return style

    for sid in raw:
        resolve(sid)
    return out, default


_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": lambda n: _roman(n).upper(),
    "lowerRoman": _roman,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerLetter": _letters,
}


class _Numbering:
    """Visible list numbers ("1.", "2.1", "(a)") from numbering.xml, for numbered headings."""

    def __init__(self, levels: dict[str, dict[int, tuple[str, str, int]]]) -> None:
        self.levels = levels  # numId -> ilvl -> (numFmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}

    @classmethod
    def load(cls, doc: Any) -> _Numbering | None:
        element = None
        for rel in doc.part.rels.values():
            if not rel.is_external and rel.reltype.endswith("/numbering"):
                element = getattr(rel.target_part, "element", None)
        if element is None:
            return None
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in element.iterchildren(f"{_W}abstractNum"):
            lvls: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iterchildren(f"{_W}lvl"):
                fmt_el, text_el, start_el = (
                    lvl.find(f"{_W}numFmt"),
                    lvl.find(f"{_W}lvlText"),
                    lvl.find(f"{_W}start"),
                )
                start = start_el.get(VAL) if start_el is not None else "1"
                lvls[int(lvl.get(f"{_W}ilvl") or 0)] = (
                    (fmt_el.get(VAL) or "decimal") if fmt_el is not None else "decimal",
                    (text_el.get(VAL) or "") if text_el is not None else "",
                    int(start) if (start or "").isdigit() else 1,
                )
            abstract[an.get(f"{_W}abstractNumId") or ""] = lvls
        levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        for num in element.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                levels[num.get(f"{_W}numId") or ""] = abstract.get(ref.get(VAL) or "", {})
        return cls(levels)

    def next(self, num_id: str, ilvl: int) -> str:
        """Advance the counter for (num_id, ilvl) and return the visible label ("" for bullets)."""
        lvls = self.levels.get(num_id)
        if not lvls or ilvl not in lvls or not 0 <= ilvl < 9:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, template, start = lvls[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt not in _FORMATS or not template:
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl_fmt, _, lvl_start = lvls.get(k, ("decimal", "", 1))
            value = counters[k] or lvl_start
            return _FORMATS.get(lvl_fmt, str)(value)

        return re.sub(r"%([1-9])", number, template)


class _Reader:
    def __init__(self, doc: Any) -> None:
        self.styles, self.default_style = _styles(doc)
        self.numbering = _Numbering.load(doc)
        self.plain = _Style()
        self.state = _State()

    # -- text ---------------------------------------------------------------
    def collect(self, el: Any, parts: list[str]) -> None:
        st = self.state
        for child in el:
            tag = child.tag
            if tag == R:
                for rc in child:
                    t = rc.tag
                    if t == T:
                        parts.append(rc.text or "")
                    elif t in (TAB, PTAB):
                        parts.append("\t")
                    elif t in (BR, CR):
                        if rc.get(TYPE) == "page":
                            st.page_breaks += 1
                            st.break_after = True
                        else:
                            parts.append("\n")
                    elif t == NO_BREAK_HYPHEN:
                        parts.append("-")
                    elif t == COMMENT_REF:
                        st.pending_anchors.append(rc.get(ID) or "")
            elif tag in _CONTAINERS:
                self.collect(child, parts)
            elif tag == COMMENT_START:
                st.pending_anchors.append(child.get(ID) or "")

    def para_text(self, p: Any) -> str:
        parts: list[str] = []
        self.collect(p, parts)
        return "".join(parts)

    # -- body -----------------------------------------------------------------
    def add(self, kind: BlockKind, text: str, extra: dict[str, Any]) -> None:
        st = self.state
        for cid in st.pending_anchors:
            st.anchors.setdefault(cid, len(st.items))
        st.pending_anchors.clear()
        extra["page"] = st.page
        st.items.append((kind, text, extra))

    def paragraph(self, p: Any) -> None:
        st = self.state
        ppr = p.find(PPR)
        style = self.styles.get(self.default_style or "", self.plain)
        outline = 0
        num_level = 0
        num_id = style.num_id
        ilvl = style.ilvl
        if ppr is not None:
            ps = ppr.find(f"{_W}pStyle")
            if ps is not None:
                style = self.styles.get(ps.get(VAL) or "", self.plain)
                num_id, ilvl = style.num_id, style.ilvl
            pb = ppr.find(f"{_W}pageBreakBefore")
            if pb is not None and pb.get(VAL) not in ("0", "false", "off"):
                st.page_breaks += 1
                st.page += 1
            ol = ppr.find(f"{_W}outlineLvl")
            if ol is not None and (ol.get(VAL) or "9").isdigit() and int(ol.get(VAL) or 9) < 9:
                outline = int(ol.get(VAL) or 0) + 1
            num = ppr.find(f"{_W}numPr")
            if num is not None:
                num_el = num.find(f"{_W}numId")
                num_id = (num_el.get(VAL) or "") if num_el is not None else style.num_id
                ilvl_el = num.find(f"{_W}ilvl")
                ilvl = int(ilvl_el.get(VAL) or 0) if ilvl_el is not None else style.ilvl
                if num_id != "0":
                    num_level = ilvl + 1
        text = self.para_text(p)  # read even when skipped: it may hold a page break
        if style.skip:
            if st.break_after:
                st.page += 1
                st.break_after = False
            return
        if "\t" in text:
            text = _TABS.sub(" ", text)  # "3.2<tab>The Provider": layout, not content
        level = outline or style.heading
        label = ""
        if num_id and num_id != "0" and self.numbering is not None:
            label = self.numbering.next(num_id, ilvl)
            if label and text.strip():
                # the number Word shows ("4.", "4.2", "(a)") is part of what the reader reads
                text = f"{label} {text.lstrip()}"
        if style.title and not level:
            if text.strip() and not st.heading_seen:
                st.title_seen = True
            self.add(BlockKind.HEADING, text, {"level": 1})
        elif level:
            if text.strip() and not st.heading_seen:
                st.heading_seen = True
                st.shift = 1 if st.title_seen else 0
            self.add(BlockKind.HEADING, text, {"level": level + st.shift})
        elif _CLAUSE_LABEL.fullmatch(label):
            self.add(BlockKind.PARAGRAPH, text, {})  # a numbered clause ("4.2"), not a list item
        elif num_level or style.is_list or _TYPED_ITEM.match(text):
            self.add(BlockKind.LIST_ITEM, text, {"level": num_level or style.list_level or 1})
        else:
            self.add(BlockKind.PARAGRAPH, text, {})
        if st.break_after:
            st.page += 1
            st.break_after = False

    def table(self, tbl: Any) -> None:
        st = self.state
        ordinal = st.table
        st.table += 1
        for r, tr in enumerate(tbl.iterchildren(TR)):
            col = 0
            trpr = tr.find(f"{_W}trPr")
            if trpr is not None:
                gb = trpr.find(f"{_W}gridBefore")
                if gb is not None and (gb.get(VAL) or "").isdigit():
                    col = int(gb.get(VAL) or 0)
            for tc in self._cells(tr):
                span = 1
                tcpr = tc.find(TCPR)
                if tcpr is not None:
                    gs = tcpr.find(f"{_W}gridSpan")
                    if gs is not None and (gs.get(VAL) or "").isdigit():
                        span = max(int(gs.get(VAL) or 1), 1)
                    vm = tcpr.find(f"{_W}vMerge")
                    if vm is not None and vm.get(VAL) != "restart":
                        col += span  # continuation of a vertically merged cell: counted once
                        continue
                texts: list[str] = []
                nested: list[Any] = []
                for child in tc:
                    if child.tag == P:
                        texts.append(self.para_text(child))
                    elif child.tag == TBL:
                        nested.append(child)
                    elif child.tag in (SDT, CUSTOM_XML):
                        texts.extend(self.para_text(p) for p in child.iter(P))
                self.add(
                    BlockKind.TABLE_CELL,
                    "\n".join(t.strip() for t in texts if t.strip()),
                    {"table": ordinal, "row": r, "col": col},
                )
                for inner in nested:
                    self.table(inner)
                col += span

    @staticmethod
    def _cells(tr: Any) -> list[Any]:
        cells = []
        for child in tr:
            if child.tag == TC:
                cells.append(child)
            elif child.tag in (SDT, CUSTOM_XML):
                cells.extend(c for c in child.iter(TC))
        return cells

    def body(self, el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag in (SDT, SDT_CONTENT, CUSTOM_XML):
                self.body(child)
            elif tag == COMMENT_START:
                self.state.pending_anchors.append(child.get(ID) or "")


def document_body(doc: Any, name: str) -> Any:
    """The w:body of the main document part; a part in another namespace has none."""
    body = getattr(doc.element, "body", None)
    if body is None:
        raise InputError(
            "not a readable DOCX: the main document part is not WordprocessingML (no w:body)",
            name,
        )
    return body


def hardened_parser(**options: Any) -> Any:
    """An lxml parser that resolves no entities, loads no DTD, never touches the network
    and keeps libxml2's size and depth limits (huge_tree off)."""
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
        **options,
    )


def harden_python_docx() -> None:
    """Make python-docx parse every part with the hardened settings.

    python-docx builds its two module-level parsers (package and document parts) with
    resolve_entities=False only; their other settings are lxml's defaults, which a
    future lxml could change. The replacements keep the custom element classes.
    """
    from docx.opc import oxml as opc
    from docx.oxml import parser as oxml

    modules: tuple[Any, ...] = (oxml, opc)
    for module in modules:
        if any(module.oxml_parser is done for done in _HARDENED):
            continue
        hardened = hardened_parser(remove_blank_text=True)
        hardened.set_element_class_lookup(module.element_class_lookup)
        module.oxml_parser = hardened
        _HARDENED.append(hardened)


_HARDENED: list[Any] = []


def _comments(doc: Any) -> dict[str, str]:
    """Comment id -> text, read from the comments part if there is one."""
    out: dict[str, str] = {}
    for rel in doc.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/comments"):
            continue
        part = rel.target_part
        element = getattr(part, "element", None)
        if element is None:
            from lxml import etree

            element = etree.fromstring(part.blob, hardened_parser())
        for c in element.iterchildren(f"{_W}comment"):
            texts = ["".join(t.text or "" for t in p.iter(T)) for p in c.iter(P)]
            out[c.get(ID) or ""] = "\n".join(texts)
    return out


# Budgets checked before python-docx opens the package (which reads every part into memory
# and parses each XML part whole): a DOCX bomb is refused in milliseconds, in little memory.
MAX_MEMBERS = 5000  # zip entries
MAX_PART_BYTES = 64 * 2**20  # one part (an image may be large)
MAX_XML_PART_BYTES = 24 * 2**20  # one XML part: a parsed tree takes about 15x its size
MAX_TOTAL_BYTES = 160 * 2**20  # all parts together
MAX_RATIO = 100  # decompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 2**20
_CHUNK = 2**20
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"


def check_package(path: Path | Any, name: str) -> None:
    """Refuse a zip bomb or an XML part with a DTD before any part is parsed.

    Declared sizes and ratios are checked first (cheap); then every XML part is
    decompressed as a stream (zipfile stops at the declared size, so a lying
    header fails its checksum) looking for a DTD: OOXML parts never carry one
    (ECMA-376 Part 2 forbids it), and a DTD is how entity expansion (billion
    laughs) and external entities (XXE) get in.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable DOCX (corrupt zip archive: {exc})", name) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(
                f"not a readable DOCX: {len(infos)} zip entries (limit {MAX_MEMBERS})", name
            )
        declared = 0
        for info in infos:
            _check_declared(info, name)
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise InputError(
                f"refused: the DOCX expands to {_mib(declared)} "
                f"(limit {_mib(MAX_TOTAL_BYTES)}); a zip bomb?",
                name,
            )
        for info in infos:
            _check_actual(zf, info, name)


def _is_xml(filename: str) -> bool:
    return filename.lower().endswith((".xml", ".rels", ".vml"))


def _check_declared(info: zipfile.ZipInfo, name: str) -> None:
    limit = MAX_XML_PART_BYTES if _is_xml(info.filename) else MAX_PART_BYTES
    if info.file_size > limit:
        raise InputError(
            f"refused: part {info.filename} expands to {_mib(info.file_size)} "
            f"(limit {_mib(limit)}); a zip bomb?",
            name,
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(
            f"refused: part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}"
            f" to 1 (limit {MAX_RATIO}); a zip bomb?",
            name,
        )


def _check_actual(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Decompress an XML part as a stream, looking for a DTD.

    zipfile yields no more than a part's declared size (then fails its checksum), so
    the declared sizes checked before bound what python-docx can read; a part whose
    data does not match its header is reported here, by name.
    """
    if not _is_xml(info.filename):
        return
    tail = b""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                window = tail + chunk
                if any(mark in window for mark in _DTD_MARKS):
                    raise InputError(
                        f"refused: part {info.filename} declares a DTD or entities "
                        "(never in a real DOCX; entity expansion or external entities?)",
                        name,
                    )
                tail = chunk[-32:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise InputError(
            f"not a readable DOCX: part {info.filename} is damaged "
            f"(its data does not match its header: {exc})",
            name,
        ) from None


def read_docx(path: Path, name: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_package(path, name)
    harden_python_docx()
    try:
        doc = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise InputError(f"not a readable DOCX ({exc})", name) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a readable DOCX ({type(exc).__name__}: {exc})", name) from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: a broken package
        raise InputError(f"not a readable DOCX ({type(exc).__name__}: {exc})", name) from exc
    reader = _Reader(doc)
    reader.body(document_body(doc, name))
    st = reader.state
    if st.pending_anchors:
        for cid in st.pending_anchors:
            st.anchors.setdefault(cid, len(st.items))
    items = st.items
    if not st.page_breaks:
        items = [(k, t, {**e, "page": None}) for k, t, e in items]
    for cid, text in _comments(doc).items():
        if "sla-lint:" in text:
            st.directives.append((st.anchors.get(cid, 0), text[text.index("sla-lint:") :].strip()))
    st.directives.sort(key=lambda d: d[0])
    title = ""
    props = doc.core_properties
    if props.title:
        title = props.title.strip()
    return finish(
        name, items, st.directives, title=title, pages=st.page if st.page_breaks else None
    )
