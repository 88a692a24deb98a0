"""Build templates/docx/agreement.docx, the docxtpl template for drafted agreements.

Run `python templates/docx/build_template.py` after changing it and commit the
generated .docx; tests check that the committed template matches this script.

The template holds presentation only: Word styles, A4 page set-up, a running
header with the title, a "Page X of Y" footer made of real PAGE and NUMPAGES
fields, and the cover block. The numbered body arrives as one docxtpl
subdocument (`{{p body }}`) built from these styles by sla_drafter/assemble/docx.py.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

OUT = Path(__file__).resolve().parent / "agreement.docx"

BODY_FONT = "Cambria"
HEADING_FONT = "Calibri"
INK = RGBColor(0x1F, 0x29, 0x37)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x55, 0x5F, 0x6B)
HEADER_FILL = "DCE3EC"

# The styles sla_drafter/assemble/docx.py relies on; tests check they exist.
STYLE_NAMES = (
    "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Body Text",
    "Clause", "Clause List", "Clause Item", "Note", "Definition", "Party", "Cover Detail",
    "Table Caption", "Table Text", "Table Heading", "SLA Table", "Header", "Footer",
)


def _font(style: ParagraphStyle, name: str, size: float, *, bold: bool = False,
          italic: bool = False, color: RGBColor | None = INK) -> None:
    style.font.name = name
    # East-Asian and complex-script slots too, so Word never falls back to theme fonts.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    if color is not None:
        style.font.color.rgb = color


def _spacing(style: ParagraphStyle, before: float, after: float, line: float = 1.1) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line


def _paragraph_style(doc: Document, name: str, base: str) -> ParagraphStyle:
    styles = doc.styles
    if name in [s.name for s in styles]:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.quick_style = True
    style.base_style = styles[base]
    return style  # type: ignore[no-any-return]


def _define_styles(doc: Document) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, BODY_FONT, 10.5)
    _spacing(normal, 0, 6)

    _font(styles["Title"], HEADING_FONT, 26, bold=True, color=ACCENT)
    _spacing(styles["Title"], 0, 4, 1.0)
    # The default Title carries a bottom border and theme colours; keep it plain.
    ppr = styles["Title"].element.get_or_add_pPr()
    for child in ppr.findall(qn("w:pBdr")):
        ppr.remove(child)
    _font(styles["Subtitle"], HEADING_FONT, 14, italic=False, color=MUTED)
    _spacing(styles["Subtitle"], 0, 18)

    for level, size, before in ((1, 14, 16), (2, 12, 10), (3, 11, 8)):
        heading = styles[f"Heading {level}"]
        _font(heading, HEADING_FONT, size, bold=True, color=ACCENT)
        _spacing(heading, before, 4, 1.0)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.keep_together = True

    body = styles["Body Text"]
    body.base_style = normal
    _font(body, BODY_FONT, 10.5)
    _spacing(body, 0, 6)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    # Numbered clause: the number is text ("4.2"), then a tab to a hanging indent,
    # so every reader (Word, python-docx, our linter) sees the same numbers.
    clause = _paragraph_style(doc, "Clause", "Body Text")
    clause.paragraph_format.left_indent = Cm(1.25)
    clause.paragraph_format.first_line_indent = Cm(-1.25)
    clause.paragraph_format.tab_stops.add_tab_stop(Cm(1.25), WD_TAB_ALIGNMENT.LEFT)

    # Real Word bullets: based on List Bullet, which carries the default bullet numbering.
    listed = _paragraph_style(doc, "Clause List", "List Bullet")
    _font(listed, BODY_FONT, 10.5)
    listed.paragraph_format.left_indent = Cm(1.9)
    listed.paragraph_format.first_line_indent = Cm(-0.5)
    _spacing(listed, 0, 3)

    # A lettered item, "(a)<tab>text": the letter is text, so it reads back exactly; no bullet.
    item = _paragraph_style(doc, "Clause Item", "Body Text")
    item.paragraph_format.left_indent = Cm(1.95)
    item.paragraph_format.first_line_indent = Cm(-0.7)
    item.paragraph_format.tab_stops.add_tab_stop(Cm(1.95), WD_TAB_ALIGNMENT.LEFT)
    _spacing(item, 0, 3)

    note = _paragraph_style(doc, "Note", "Body Text")
    _font(note, BODY_FONT, 9.5, italic=True, color=MUTED)
    note.paragraph_format.left_indent = Cm(1.25)

    definition = _paragraph_style(doc, "Definition", "Body Text")
    definition.paragraph_format.left_indent = Cm(0.6)
    _spacing(definition, 0, 4)

    party = _paragraph_style(doc, "Party", "Normal")
    _font(party, HEADING_FONT, 12, bold=True)
    party.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _spacing(party, 2, 2)

    detail = _paragraph_style(doc, "Cover Detail", "Normal")
    _font(detail, HEADING_FONT, 10, color=MUTED)
    _spacing(detail, 0, 2)

    caption = _paragraph_style(doc, "Table Caption", "Normal")
    _font(caption, HEADING_FONT, 9.5, bold=True, color=ACCENT)
    _spacing(caption, 8, 3)
    caption.paragraph_format.keep_with_next = True

    cell = _paragraph_style(doc, "Table Text", "Normal")
    _font(cell, HEADING_FONT, 9.5)
    _spacing(cell, 1, 1, 1.0)

    cell_head = _paragraph_style(doc, "Table Heading", "Table Text")
    _font(cell_head, HEADING_FONT, 9.5, bold=True, color=INK)

    for name in ("Header", "Footer"):
        _font(styles[name], HEADING_FONT, 8.5, color=MUTED)

    _table_style(doc)


def _table_style(doc: Document) -> None:
    """'SLA Table': Table Grid borders, a shaded bold header row, compact cell margins."""
    styles = doc.styles
    table = styles.add_style("SLA Table", WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    table.quick_style = True
    el = table.element
    tbl_pr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "8896A8")
        borders.append(border)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", "40"), ("left", "90"), ("bottom", "40"), ("right", "90")):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), width)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    el.append(tbl_pr)

    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    first.append(rpr)
    tc_pr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    tc_pr.append(shading)
    first.append(tc_pr)
    el.append(first)


def _field(paragraph: object, instruction: str, placeholder: str) -> None:
    """Append a complex field (begin / instrText / separate / cached value / end)."""
    p = paragraph._p  # type: ignore[attr-defined]

    def run_with(child: object) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    value = OxmlElement("w:t")
    value.text = placeholder
    run_with(value)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def build() -> bytes:
    doc = Document()
    _define_styles(doc)

    section = doc.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)
    section.left_margin = Cm(2.4)
    section.right_margin = Cm(2.4)
    section.header_distance = Cm(1.1)
    section.footer_distance = Cm(1.0)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run("{{ title }}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")

    # Cover block: title, subtitle, the parties and the agreement particulars.
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.style = doc.styles["Title"]
    body.add_run("{{ title }}")
    doc.add_paragraph("{{ subtitle }}", style="Subtitle")
    doc.add_paragraph("This agreement is made between:", style="Cover Detail")
    doc.add_paragraph("{{ provider }}{{ provider_label }}", style="Party")
    doc.add_paragraph("and", style="Cover Detail")
    doc.add_paragraph("{{ customer }}{{ customer_label }}", style="Party")
    doc.add_paragraph("{{ particulars }}", style="Cover Detail")
    doc.add_paragraph("{{p body }}", style="Body Text")

    props = doc.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "last_modified_by",
                 "category", "identifier", "language", "content_status", "version"):
        setattr(props, name, "")
    fixed = dt.datetime(2000, 1, 1)
    props.created = fixed
    props.modified = fixed
    props.last_printed = fixed
    props.revision = 1

    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Same content, fixed timestamps: so the committed template only changes when its content does."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    target.write_bytes(build())
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
