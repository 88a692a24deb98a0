"""Render an Agreement to DOCX with docxtpl and templates/docx/agreement.docx.

The template carries the styles, page set-up, running header, "Page X of Y"
footer and cover block. The numbered body (headings, clauses, definitions and
tables with varying columns) is WordprocessingML built here from the
template's own style ids and written where the template has `{{p body }}`: real
Word styles and real tables, without a python-docx object per paragraph, and
without going through docxtpl's passes or being parsed and serialised again
(see _body_filler; docs/performance.md, "Drafting").

docxtpl is imported inside the functions: it costs ~0.6 s to import.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from .._cache import derived, fingerprint, rx
from ..agreement import Agreement, Paragraph, Table
from ..resources import templates_dir
from .jinja import (
    definition_parts,
    effective_datetime,
    heading_level,
    keywords,
    particulars,
    party_label,
    section_heading,
    split_marker,
    template_env,
)

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

# Usable width of the A4 page between the template's margins (2.4 cm each), in twips.
TEXT_WIDTH_TWIPS = round((21.0 - 2 * 2.4) * 567)

# A signature row is 1.5 cm high: room to sign by hand.
SIGNATURE_ROW_TWIPS = round(1.5 * 567)

# Characters XML 1.0 cannot hold; they would corrupt document.xml.
_XML_ILLEGAL = rx("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_WHITESPACE = rx(r"\s+")
_LAYOUT = rx("[\t\n\r\v\f\x85\u2028\u2029]+")

# docxtpl turns `{_{`, `}_}`, `{_%` and `%_}` in the rendered XML into `{{`, `}}`, `{%`
# and `%}` (its escapes for template tags). Braces written as character references
# survive that pass and still read as braces: values come out exactly as written.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})

# python-docx refuses a core property longer than this.
_PROPERTY_LIMIT = 255

_STYLE_NAMES = {
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "body": "Body Text",
    "clause": "Clause",
    "list": "Clause List",
    "item": "Clause Item",
    "note": "Note",
    "definition": "Definition",
    "caption": "Table Caption",
    "cell": "Table Text",
    "cell_head": "Table Heading",
    "table": "SLA Table",
}


def template_path() -> Path:
    return templates_dir() / "docx" / "agreement.docx"


def _text(value: str) -> str:
    # Tabs and line breaks inside values would be turned into layout by docxtpl; values are data.
    # Printable text with no double space (most clause text) needs no cleaning: every
    # XML-illegal character and every whitespace character but the space is unprintable.
    if not value.isprintable() or "  " in value:
        value = _WHITESPACE.sub(" ", _XML_ILLEGAL.sub("", value))
    value = value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")  # saxutils.escape
    return value.translate(_BRACES) if "{" in value or "}" in value else value


def _cover(value: str) -> Markup:
    """A cover value as finished XML text: line breaks and tabs (which docxtpl would turn
    into Word breaks and tabs) read as spaces, and no docxtpl escapes; spacing kept."""
    text = _LAYOUT.sub(" ", _XML_ILLEGAL.sub("", value))
    return Markup(escape(text).translate(_BRACES))


def _property(value: str) -> str:
    """A core property python-docx accepts: one line, XML-safe, at most 255 characters
    (cut on a word boundary with an ellipsis; the document body keeps the whole value)."""
    text = _WHITESPACE.sub(" ", _XML_ILLEGAL.sub("", value)).strip()
    if len(text) <= _PROPERTY_LIMIT:
        return text
    cut = text[: _PROPERTY_LIMIT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > _PROPERTY_LIMIT // 2 else cut).rstrip(" ,;") + "…"


def _run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    value = _text(text)
    if not value:  # an empty element as lxml writes it (see _body_filler)
        return f'<w:r>{props}<w:t xml:space="preserve"/></w:r>'
    return f'<w:r>{props}<w:t xml:space="preserve">{value}</w:t></w:r>'


def _para(style_id: str, runs: str, num_pr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{num_pr}</w:pPr>{runs}</w:p>'


class _BodyWriter:
    """WordprocessingML for the agreement body, using the template's style ids.

    With `numbering` (a numId of CLAUSE_LEVELS), section and clause numbers are Word's
    own multilevel numbering, each numbered paragraph a bookmark, and "Section 12" in the
    text a REF field to that bookmark (its current number as the cached result), so
    Word keeps numbers and references right when clauses move. Without it, the numbers
    are typed text.
    """

    def __init__(self, style_ids: dict[str, str], numbering: Numbering | None = None) -> None:
        self.ids = style_ids
        self.out: list[str] = []
        self.numbering = numbering

    def _runs(self, text: str) -> str:
        return _ref_runs(text, self.numbering) if self.numbering else _run(text)

    def heading(self, level: int, text: str, number: str = "") -> None:
        if number and self.numbering is not None:
            body = self.numbering.mark(number, _run(text))
            self.out.append(_para(self.ids[f"heading{level}"], body, self.numbering.num_pr(number)))
        else:
            self.out.append(_para(self.ids[f"heading{level}"], _run(section_heading(number, text))))

    def paragraph(self, item: Paragraph) -> None:
        if item.style == "list":
            marker, text = split_marker(item.text)
            runs = (_run(item.number + " ") if item.number else "") + self._runs(text)
            if marker:
                self.out.append(_para(self.ids["item"], _run(marker) + "<w:r><w:tab/></w:r>" + runs))
            else:
                self.out.append(_para(self.ids["list"], runs))
        elif item.number:
            style = self.ids["note" if item.style == "note" else "clause"]
            if self.numbering is not None:
                body = self.numbering.mark(item.number, self._runs(item.text))
                self.out.append(_para(style, body, self.numbering.num_pr(item.number)))
            else:
                self.out.append(_para(style, _run(item.number) + "<w:r><w:tab/></w:r>" + _run(item.text)))
        else:
            self.out.append(_para(self.ids["note" if item.style == "note" else "body"], self._runs(item.text)))

    def table(self, table: Table, *, row_height: int = 0) -> None:
        width = max([1, len(table.header), *(len(r) for r in table.rows)])
        header = [*table.header, *([""] * (width - len(table.header)))]
        rows = [[*r, *([""] * (width - len(r)))] for r in table.rows]
        widths = _column_widths([header, *rows], width)
        if table.caption:
            self.out.append(_para(self.ids["caption"], _run(table.caption)))
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out = [
            "<w:tbl><w:tblPr>"
            f'<w:tblStyle w:val="{self.ids["table"]}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        ]
        # The header row repeats on every page; no row splits across pages.
        out.append(self._row(header, widths, "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
                             self.ids["cell_head"]))
        # Signature rows are tall enough to sign in (row_height in twips, at least).
        height = f'<w:trHeight w:val="{row_height}" w:hRule="atLeast"/>' if row_height else ""
        for row in rows:
            out.append(self._row(row, widths, f"<w:trPr><w:cantSplit/>{height}</w:trPr>", self.ids["cell"]))
        out.append("</w:tbl>")
        self.out.append("".join(out))
        # Word needs a paragraph between adjacent tables, and after a table that ends a cell.
        self.out.append(_para(self.ids["body"], ""))

    @staticmethod
    def _row(cells: list[str], widths: list[int], tr_pr: str, style_id: str) -> str:
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{_para(style_id, _run(c))}</w:tc>'
            for c, w in zip(cells, widths, strict=True)
        )
        return f"<w:tr>{tr_pr}{tcs}</w:tr>"


# One multilevel list for sections (level 0: "4." then a space) and their clauses (levels
# 1-2: "4.2", "4.2.1" then a tab). Indents come from the paragraph styles, as before.
CLAUSE_LEVELS = (("%1.", "space"), ("%1.%2", "tab"), ("%1.%2.%3", "tab"))
_ABSTRACT_ID = 9100  # ids of our own, clear of the template's lists
_CLAUSE_NUMBER = rx(r"\d+(?:\.\d+){0,2}")
# "Section 12", "clauses 4.2 and 4.3", "paragraph 7.1(b)": the words that precede a number
_REFERENCE = rx(
    r"\b(?:[Ss]ections?|SECTIONS?|[Cc]lauses?|CLAUSES?|[Pp]aragraphs?)\s+"
    r"(\d+(?:\.\d+)*(?:(?:\s*,\s*|\s+(?:and|or|to)\s+)\d+(?:\.\d+)*)*)"
)
# Every _REFERENCE match contains one of these: a substring test in C rules most text out.
_REFERENCE_WORDS = ("ection", "ECTION", "lause", "LAUSE", "aragraph")
_NUMBER_IN_LIST = rx(r"\d+(?:\.\d+)*")


def abstract_num_xml(abstract_id: int) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (text, suffix) in enumerate(CLAUSE_LEVELS)
    )
    return (
        f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_clause_numbering(tpl: DocxTemplate) -> int:
    """Add CLAUSE_LEVELS to the document's numbering part; the new numId."""
    from docx.oxml import parse_xml

    numbering = tpl.docx.part.numbering_part.element
    used = {int(n.get(f"{{{_W_NS}}}abstractNumId")) for n in numbering.findall(f"{{{_W_NS}}}abstractNum")}
    abstract_id = max([_ABSTRACT_ID - 1, *used]) + 1
    abstract = parse_xml(abstract_num_xml(abstract_id))
    nums = numbering.findall(f"{{{_W_NS}}}num")
    if nums:  # every w:abstractNum comes before the first w:num
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id: int = numbering.add_num(abstract_id).numId
    return num_id


class Numbering:
    """Word numbering for one agreement: where numbers go, what they would read, bookmarks."""

    def __init__(self, num_id: int, agreement: Agreement) -> None:
        self.num_id = num_id
        self.targets: dict[str, str] = {}  # clause number -> bookmark name
        self._ids: dict[str, int] = {}
        self.consistent = self._simulate(agreement)

    def _simulate(self, agreement: Agreement) -> bool:
        """Would Word number every section and clause as the agreement does?"""
        counters = [0] * len(CLAUSE_LEVELS)
        for part in agreement.parts:
            for section in part.sections:
                numbers = [section.number] if section.number else []
                numbers += [
                    p.number for p in section.content
                    if isinstance(p, Paragraph) and p.number and p.style != "list"
                ]
                for number in numbers:
                    if not _CLAUSE_NUMBER.fullmatch(number):
                        return False
                    level = number.count(".")
                    counters[level] += 1
                    for deeper in range(level + 1, len(counters)):
                        counters[deeper] = 0
                    if ".".join(str(c) for c in counters[: level + 1]) != number:
                        return False
                    if number in self.targets:
                        return False
                    self.targets[number] = "_RefSLA" + number.replace(".", "_")
        return bool(self.targets)

    def num_pr(self, number: str) -> str:
        return f'<w:numPr><w:ilvl w:val="{number.count(".")}"/><w:numId w:val="{self.num_id}"/></w:numPr>'

    def mark(self, number: str, runs: str) -> str:
        """`runs` inside the bookmark a cross-reference to `number` points at."""
        name = self.targets[number]
        ident = self._ids.setdefault(number, len(self._ids) + 1)
        return (
            f'<w:bookmarkStart w:id="{ident}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{ident}"/>'
        )


def _field(bookmark: str, shown: str) -> str:
    """A REF field to `bookmark` showing its full-context number; `shown` is the cached result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> REF {bookmark} \\w \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _ref_runs(text: str, numbering: Numbering) -> str:
    """Runs for `text` with every reference to a numbered section or clause a REF field."""
    if not any(word in text for word in _REFERENCE_WORDS) or _REFERENCE.search(text) is None:
        return _run(text)  # most paragraphs
    out: list[str] = []
    last = 0
    for ref in _REFERENCE.finditer(text):
        for num in _NUMBER_IN_LIST.finditer(ref.group(1)):
            start, end = ref.start(1) + num.start(), ref.start(1) + num.end()
            bookmark = numbering.targets.get(num.group())
            if bookmark is None:
                continue  # not a number of this agreement (another document's clause)
            if start > last:
                out.append(_run(text[last:start]))
            out.append(_field(bookmark, num.group()))
            last = end
    if last < len(text) or not out:
        out.append(_run(text[last:]))
    return "".join(out)


def _column_widths(rows: list[list[str]], columns: int) -> list[int]:
    """Share the text width by the longest text of each column, within sensible bounds.

    A column is never narrower than its longest word (words do not wrap) nor than
    about eight characters; long prose columns are capped so short ones keep room.
    """
    weights = []
    for i in range(columns):
        texts = [r[i] for r in rows]
        longest = max((len(t) for t in texts), default=0)
        longest_word = max((len(w) for t in texts for w in t.split()), default=0)
        weights.append(max(min(longest, 40), longest_word + 2, 8))
    total = sum(weights) or 1
    widths = [TEXT_WIDTH_TWIPS * w // total for w in weights]
    widths[-1] += TEXT_WIDTH_TWIPS - sum(widths)
    return widths


def body_xml(agreement: Agreement, style_ids: dict[str, str], num_id: int | None = None) -> str:
    """The body (definitions, parts, sections, clauses, tables) as WordprocessingML.

    `num_id`: the numbering instance of CLAUSE_LEVELS in the document, for Word-native
    numbers; used only when Word would number every paragraph as the agreement does."""
    numbering = Numbering(num_id, agreement) if num_id is not None else None
    if numbering is not None and not numbering.consistent:
        numbering = None
    w = _BodyWriter(style_ids, numbering)
    if agreement.definitions or agreement.notes:
        w.heading(1, "Definitions")
        for definition in agreement.definitions:
            term, rest = definition_parts(definition)
            w.out.append(_para(style_ids["definition"], _run(term, bold=True) + w._runs(rest)))
        if agreement.notes:
            w.heading(2, "Interpretation")
            for note in agreement.notes:
                w.out.append(_para(style_ids["list"], w._runs(note)))
    for part in agreement.parts:
        if part.title:
            w.heading(1, part.title)
        for section in part.sections:
            w.heading(heading_level(section.level), section.title, section.number)
            for item in section.content:
                if isinstance(item, Table):
                    w.table(item)
                else:
                    w.paragraph(item)
    if agreement.signatures is not None:
        block = agreement.signatures
        w.heading(1, block.title)
        w.out.append(_para(style_ids["body"], _run(block.intro)))
        w.table(block.table, row_height=SIGNATURE_ROW_TWIPS)
    return "".join(w.out)


def style_ids(tpl: DocxTemplate) -> dict[str, str]:
    """The template's style id for each of _STYLE_NAMES, as `styles[name].style_id` gives it.

    One walk over the styles: a lookup by name each runs an XPath query over the
    template's 175 styles again.
    """
    from docx.styles import BabelFish

    styles = tpl.docx.styles
    names = {key: BabelFish.ui2internal(name) for key, name in _STYLE_NAMES.items()}
    wanted = set(names.values())
    first: dict[str, str] = {}
    for style in styles.element.iterchildren(f"{{{_W_NS}}}style"):
        name = style.find(f"{{{_W_NS}}}name")
        value = None if name is None else name.get(f"{{{_W_NS}}}val")
        if value in wanted and value not in first:
            first[value] = style.get(f"{{{_W_NS}}}styleId")
    # A name not found: python-docx's own lookup (by id, with its warning, or its KeyError).
    return {key: first[name] if first.get(name) is not None else styles[_STYLE_NAMES[key]].style_id
            for key, name in names.items()}


def cover_context(agreement: Agreement) -> dict[str, Any]:
    """The template's values other than the body: cover and running header."""
    return {
        "title": _cover(agreement.title),
        "subtitle": _cover(agreement.subtitle),
        "provider": _cover(agreement.provider),
        "customer": _cover(agreement.customer),
        "provider_label": _cover(party_label(agreement.provider, agreement.provider_short)),
        "customer_label": _cover(party_label(agreement.customer, agreement.customer_short)),
        "particulars": _cover(particulars(agreement)),
    }


def docx_context(agreement: Agreement, ids: dict[str, str], num_id: int | None = None) -> dict[str, Any]:
    """The whole context agreement.docx renders to the draft, the body as pre-built XML.

    `render_docx` renders the template with `cover_context` and puts the same body
    in the saved document part (`_body_filler`); this is the one-step equivalent, for bare docxtpl.
    """
    return {**cover_context(agreement), "body": Markup(body_xml(agreement, ids, num_id))}


# Where the body goes in the rendered template: a processing instruction, which no
# value can produce (values are escaped) and none of docxtpl's passes touches.
_BODY_MARK = "sla-drafter-body"
_BODY_PI = f"<?{_BODY_MARK}?>"

MemberFilter = Callable[[str, bytes], bytes]


def _body_filler(member: str, body: str) -> MemberFilter:
    """What writes `body` into the saved document part, in place of the `_BODY_PI` mark.

    Passed to docxtpl as a value, the body went through its passes over the rendered
    XML (a regex callback for every paragraph, run and text, to turn tabs and line
    breaks in values into Word's; then a parse of the whole body, and a serialisation
    at save) which change nothing in it: its text holds no tabs, breaks or template
    escapes (`_text`) and its tables no ragged rows. Written as it is, it gives the
    same document.xml, byte for byte: body_xml's XML is what lxml would serialise
    (text escaped as lxml escapes it), but for the character references for braces
    that only docxtpl needs (`_BRACES`; "&#123;" can only be ours, as a "&" in text is
    "&amp;"), which go back to braces here.
    """
    mark = _BODY_PI.encode("utf-8")
    data = body.replace("&#123;", "{").replace("&#125;", "}").encode("utf-8")

    def fill(name: str, blob: bytes) -> bytes:
        if name != member:
            return blob
        if blob.count(mark) != 1:  # pragma: no cover - the packaged template has one {{p body }}
            raise RuntimeError(f"{template_path()}: the rendered document has no single body mark")
        return blob.replace(mark, data)

    return fill


def set_core_properties(tpl: DocxTemplate, agreement: Agreement) -> None:
    """Document properties from the agreement; every date is the effective date, never now.

    Only title, parties, reference and version: no stance, and no author, because a
    draft goes to the other side and its properties must not say who drafted it or how.
    """
    when = effective_datetime(agreement)
    props = tpl.docx.core_properties
    props.title = _property(agreement.title)
    props.subject = _property(agreement.subtitle)
    props.author = ""
    props.last_modified_by = ""
    props.keywords = _property(keywords(agreement))
    props.category = _property(agreement.category)
    props.identifier = _property(agreement.reference)
    props.version = _property(agreement.version)
    props.comments = ""
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1


def deterministic_zip(
    data: bytes, date_time: tuple[int, int, int, int, int, int], members: MemberFilter | None = None
) -> bytes:
    """Re-pack a DOCX with fixed member timestamps so equal input gives equal bytes
    (each member's bytes through `members(name, bytes)` first, when given)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            blob = src.read(info.filename)
            dst.writestr(fixed, members(info.filename, blob) if members else blob, compresslevel=6)
    return out.getvalue()


# What render_docx never modifies after opening the template (see _save_fixed_time).
_UNCHANGED = frozenset({"word/styles.xml"})


def render_docx(agreement: Agreement) -> bytes:
    """The agreement as DOCX bytes (identical bytes for an identical Agreement)."""
    from docxtpl import DocxTemplate

    when = effective_datetime(agreement)
    tpl = DocxTemplate(str(template_path()))
    tpl.init_docx()
    ids = style_ids(tpl)
    num_id = add_clause_numbering(tpl)
    tpl.render({**cover_context(agreement), "body": Markup(_BODY_PI)}, jinja_env=template_env())
    set_core_properties(tpl, agreement)
    fill = _body_filler(tpl.docx.part.partname.membername, body_xml(agreement, ids, num_id))
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    try:
        return _save_fixed_time(tpl, stamp, fill, _UNCHANGED)
    except (AttributeError, ImportError, _NeedsZip64):  # python-docx internals moved: save, then re-pack
        buffer = io.BytesIO()
        tpl.save(buffer)
        return deterministic_zip(buffer.getvalue(), stamp, fill)


class _Stored:
    """A member of the template package as the file stores it: CRC, size, SHA-1, deflated bytes."""

    __slots__ = ("crc", "data", "digest", "size")

    def __init__(self, crc: int, size: int, digest: str, data: bytes) -> None:
        self.crc, self.size, self.digest, self.data = crc, size, digest, data


def _template_members() -> dict[str, _Stored]:
    """The template's deflated members as stored, for the ones a draft leaves unchanged.

    styles.xml and stylesWithEffects.xml are 95% of the package (790 kB) and never change;
    compressing them again was a fifth of the DOCX render. The SHA-1 of each member's
    content comes from the start-up cache (keyed by the template file's own SHA-1), so
    nothing is decompressed on a warm run.
    """
    blob = template_path().read_bytes()
    digests = derived(_members_kind(), hashlib.sha1(blob).hexdigest(), lambda: _member_digests(blob))
    out: dict[str, _Stored] = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for info in archive.infolist():
            start = info.header_offset
            header = blob[start : start + 30]
            if (info.filename not in digests or info.compress_type != zipfile.ZIP_DEFLATED
                    or info.flag_bits & 0x1 or len(header) < 30 or header[:4] != b"PK\x03\x04"):
                continue  # not deflated, encrypted, or not where the directory says: compress afresh
            name_length, extra_length = struct.unpack("<2H", header[26:30])
            begin = start + 30 + name_length + extra_length
            data = blob[begin : begin + info.compress_size]
            out[info.filename] = _Stored(info.CRC, info.file_size, digests[info.filename], data)
    return out


def _member_digests(blob: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {i.filename: hashlib.sha1(archive.read(i)).hexdigest() for i in archive.infolist()}


@cache
def _members_kind() -> str:
    return f"docx-template-members-{fingerprint(__file__)}"


class _NeedsZip64(Exception):
    """A package of over 2 GB: left to zipfile (render_docx's fallback save), which writes ZIP64."""


class _FixedTimeZipWriter:
    """python-docx's physical package writer interface: a ZIP with fixed member timestamps.

    Members are deflated at level 6 as zipfile does, and laid out as zipfile lays them
    out (same headers, same bytes: the fallback save through zipfile gives an identical
    file); a member whose content is the template's own is written as the template
    stores it, without compressing it again.
    """

    def __init__(self, target: io.BytesIO, date_time: tuple[int, int, int, int, int, int],
                 members: MemberFilter | None = None, stored: dict[str, _Stored] | None = None) -> None:
        self._target = target
        self._date_time = date_time
        self._members = members
        self._stored = stored or {}
        self._central: list[bytes] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        data = self._members(name, blob) if self._members else blob
        stored = self._stored.get(name)
        if stored is not None and stored.size == len(data) and stored.digest == hashlib.sha1(data).hexdigest():
            self._add(name, stored.crc, stored.size, stored.data)
            return
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._add(name, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())

    def write_stored(self, pack_uri: Any) -> None:
        """The template's own member, as stored (for a part the caller knows is unchanged)."""
        stored = self._stored[pack_uri.membername]
        self._add(pack_uri.membername, stored.crc, stored.size, stored.data)

    def _add(self, name: str, crc: int, size: int, deflated: bytes) -> None:
        if max(size, len(deflated), self._target.tell()) > _ZIP64_LIMIT:
            raise _NeedsZip64(name)
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.CRC, info.file_size, info.compress_size = crc, size, len(deflated)
        info.header_offset = self._target.tell()
        self._target.write(info.FileHeader(False))
        self._target.write(deflated)
        self._central.append(_central_entry(info))

    def close(self) -> None:
        offset = self._target.tell()
        for entry in self._central:
            self._target.write(entry)
        size = self._target.tell() - offset
        count = len(self._central)
        self._target.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, offset, 0))


# ZIP records (PKWARE APPNOTE 4.3.12 and 4.3.16), packed as zipfile packs them.
_CENTRAL_RECORD = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's threshold for ZIP64 records


def _central_entry(info: zipfile.ZipInfo) -> bytes:
    """The central directory record zipfile writes for `info` (no ZIP64, no comment, no extra)."""
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    filename = info.filename.encode("ascii" if info.filename.isascii() else "utf-8")
    flags = info.flag_bits | (0 if info.filename.isascii() else 0x800)
    record = _CENTRAL_RECORD.pack(
        b"PK\x01\x02", info.create_version, info.create_system,
        info.extract_version, info.reserved, flags, info.compress_type, dostime, dosdate,
        info.CRC, info.compress_size, info.file_size, len(filename), 0, 0, 0,
        info.internal_attr, info.external_attr, info.header_offset,
    )
    return record + filename


def _save_fixed_time(tpl: DocxTemplate, date_time: tuple[int, int, int, int, int, int],
                     members: MemberFilter | None = None, unchanged: frozenset[str] = frozenset()) -> bytes:
    """Serialise the rendered package once, with fixed timestamps (no save-then-repack);
    each member's bytes through `members(name, bytes)` when given.

    `unchanged`: members the caller never modifies after opening the template, written
    as the template stores them without serialising them again (styles.xml: 350 kB of
    XML, 2-3 ms). The tests hold render_docx's output to the one saved without this.
    """
    from docx.opc.pkgwriter import PackageWriter

    package_writer: Any = PackageWriter  # private static helpers, partly untyped
    package = tpl.docx.part.package
    for part in package.parts:
        part.before_marshal()
    stored = _template_members()
    buffer = io.BytesIO()
    writer = _FixedTimeZipWriter(buffer, date_time, members, stored)
    package_writer._write_content_types_stream(writer, package.parts)
    package_writer._write_pkg_rels(writer, package.rels)
    for part in package.parts:  # PackageWriter._write_parts, but for the unchanged parts
        name = part.partname.membername
        if name in unchanged and name in stored:  # not through `members` either
            writer.write_stored(part.partname)
        else:
            writer.write(part.partname, part.blob)
        if len(part.rels):
            writer.write(part.partname.rels_uri, part.rels.xml)
    writer.close()
    return buffer.getvalue()
