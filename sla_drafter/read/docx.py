"""DOCX -> blocks with python-docx, walking the body XML directly for speed.

python-docx opens the package and resolves styles; paragraph and table text is
read from the WordprocessingML elements (w:p, w:tbl, w:tc) in document order,
which is several times faster than the proxy objects and lets merged cells be
counted once. Text boxes, deleted text, headers and footers are skipped.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
_LIST_NAME_LEVEL = re.compile(r"\s(\d)$")
_HEADING_NAME = re.compile(
    r"^(?:heading|überschrift|titre|título|titolo|kop|rubrik|overskrift|otsikko|nagłówek)\s*(\d)$",
    re.I,
)


@dataclass(slots=True)
class _Style:
    heading: int = 0  # 1..9, 0 = not a heading
    title: bool = False
    is_list: bool = False
    list_level: int = 0


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
    raw: dict[str, tuple[str, str | None, int, bool, int]] = {}
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
        raw[sid] = (name, based.get(VAL) if based is not None else None, outline, has_num, ilvl)
        if st.get(f"{_W}default") in ("1", "true", "on"):
            default = sid
    out: dict[str, _Style] = {}

    def resolve(sid: str, depth: int = 0) -> _Style:
        if sid in out:
            return out[sid]
        if sid not in raw or depth > 20:
            return _Style()
        name, based, outline, has_num, ilvl = raw[sid]
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
        )
        out[sid] = style
        return style

    for sid in raw:
        resolve(sid)
    return out, default


class _Reader:
    def __init__(self, doc: Any) -> None:
        self.styles, self.default_style = _styles(doc)
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
        if ppr is not None:
            ps = ppr.find(f"{_W}pStyle")
            if ps is not None:
                style = self.styles.get(ps.get(VAL) or "", self.plain)
            pb = ppr.find(f"{_W}pageBreakBefore")
            if pb is not None and pb.get(VAL) not in ("0", "false", "off"):
                st.page_breaks += 1
                st.page += 1
            ol = ppr.find(f"{_W}outlineLvl")
            if ol is not None and (ol.get(VAL) or "9").isdigit() and int(ol.get(VAL) or 9) < 9:
                outline = int(ol.get(VAL) or 0) + 1
            num = ppr.find(f"{_W}numPr")
            if num is not None:
                num_id = num.find(f"{_W}numId")
                if num_id is None or num_id.get(VAL) != "0":
                    ilvl = num.find(f"{_W}ilvl")
                    num_level = int(ilvl.get(VAL) or 0) + 1 if ilvl is not None else 1
        text = self.para_text(p)
        level = outline or style.heading
        if style.title and not level:
            if text.strip() and not st.heading_seen:
                st.title_seen = True
            self.add(BlockKind.HEADING, text, {"level": 1})
        elif level:
            if text.strip() and not st.heading_seen:
                st.heading_seen = True
                st.shift = 1 if st.title_seen else 0
            self.add(BlockKind.HEADING, text, {"level": level + st.shift})
        elif num_level or style.is_list:
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


def _comments(doc: Any) -> dict[str, str]:
    """Comment id -> text, read from the comments part if there is one."""
    out: dict[str, str] = {}
    for rel in doc.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/comments"):
            continue
        part = rel.target_part
        element = getattr(part, "element", None)
        if element is None:
            from lxml import etree  # type: ignore[import-untyped]

            element = etree.fromstring(part.blob)
        for c in element.iterchildren(f"{_W}comment"):
            texts = ["".join(t.text or "" for t in p.iter(T)) for p in c.iter(P)]
            out[c.get(ID) or ""] = "\n".join(texts)
    return out


def read_docx(path: Path, name: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise InputError(f"not a readable DOCX ({exc})", name) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a readable DOCX ({type(exc).__name__}: {exc})", name) from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: a broken package
        raise InputError(f"not a readable DOCX ({type(exc).__name__}: {exc})", name) from exc
    reader = _Reader(doc)
    reader.body(doc.element.body)
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
