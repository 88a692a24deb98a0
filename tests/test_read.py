"""Readers: every format becomes the same Document shape; bad input is one clear InputError."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sla_drafter.document import Block, BlockKind, Document
from sla_drafter.errors import InputError
from sla_drafter.read import MAX_BYTES, read_document, read_text

SAMPLES = Path("/work/shared/samples")


def check_offsets(doc: Document) -> None:
    for i, b in enumerate(doc.blocks):
        assert b.index == i
        assert doc.text[b.start : b.end] == b.text


def kinds(doc: Document, kind: BlockKind) -> list[Block]:
    return [b for b in doc.blocks if b.kind is kind]


def block(doc: Document, startswith: str) -> Block:
    return next(b for b in doc.blocks if b.text.startswith(startswith))


# -- plain text --------------------------------------------------------------------------

VENDOR_TEXT = """\
ACME HOSTING LTD
SERVICE LEVEL TERMS


1. INTRODUCTION

These terms apply to the hosting services supplied by Acme Hosting Ltd (the
"Provider") to the Customer. The Provider will use commercially reason-
able efforts to keep the Platform avail-
able.

2. UPTIME

2.1 The Provider will ensure the Platform is available 99.9% of the
time in each calendar month.
2.2 Uptime is measured by the Provider
using its own tools.
2.3 Service credits
The Customer may claim credits as set out below.

  Uptime between 99.9% and 99.0% ............ 5% of the monthly fee
  Uptime less than 99.0% .................... 10% of the monthly
                                              fee

3. EXCLUSIONS

The Service Levels do not apply to unavailability caused by:
  a) planned maintenance;
  b) the Customer or anything the Customer is responsible
     for; or
  - third party networks.
in each case as the Provider decides.

4. TARGETS

  Priority  Response      Resolution
  --------  ------------  ------------
  P1        15 minutes    4 hours
  P2        1 hour        8 hours
            (business     hours)
"""


def test_text_headings_clauses_lists_and_levels() -> None:
    doc = read_text(VENDOR_TEXT, "vendor.txt")
    check_offsets(doc)
    heads = [(b.text, b.level) for b in kinds(doc, BlockKind.HEADING)]
    assert heads == [
        ("ACME HOSTING LTD", 1),
        ("SERVICE LEVEL TERMS", 1),
        ("1. INTRODUCTION", 2),
        ("2. UPTIME", 2),
        ("2.3 Service credits", 3),
        ("3. EXCLUSIONS", 2),
        ("4. TARGETS", 2),
    ]
    clause = block(doc, "2.2 Uptime")
    assert clause.kind is BlockKind.PARAGRAPH
    assert clause.text == "2.2 Uptime is measured by the Provider using its own tools."
    assert clause.heading_path == ("SERVICE LEVEL TERMS", "2. UPTIME")
    assert block(doc, "The Customer may claim").heading_path[-1] == "2.3 Service credits"
    items = kinds(doc, BlockKind.LIST_ITEM)
    assert [b.text for b in items] == [
        "a) planned maintenance;",
        "b) the Customer or anything the Customer is responsible for; or",
        "- third party networks.",
    ]
    # a line less indented than the list item is not its continuation
    assert block(doc, "in each case").kind is BlockKind.PARAGRAPH
    assert doc.title == "ACME HOSTING LTD"


def test_text_rejoins_wrapped_lines_and_dehyphenates() -> None:
    doc = read_text(VENDOR_TEXT, "vendor.txt")
    intro = block(doc, "These terms apply")
    assert "commercially reasonable efforts to keep the Platform available." in intro.text
    assert "\n" not in intro.text
    # a hyphen in a compound split before a capital stays
    doc2 = read_text("The Dual-\nFed rack and the non-\nrecurring charges.\n")
    assert doc2.blocks[0].text == "The Dual-Fed rack and the non-recurring charges."


def test_text_dotted_leaders_and_aligned_tables() -> None:
    doc = read_text(VENDOR_TEXT, "vendor.txt")
    tables = doc.tables()
    assert tables[0] == [
        ["Uptime between 99.9% and 99.0%", "5% of the monthly fee"],
        ["Uptime less than 99.0%", "10% of the monthly fee"],
    ]
    assert tables[1] == [
        ["Priority", "Response", "Resolution"],
        ["P1", "15 minutes", "4 hours"],
        ["P2", "1 hour (business", "8 hours hours)"],
    ]
    cell = next(b for b in doc.blocks if b.table == 1 and b.row == 1 and b.col == 2)
    assert cell.kind is BlockKind.TABLE_CELL and cell.text == "4 hours"
    assert cell.heading_path[-1] == "4. TARGETS"


def test_text_unclear_columns_keep_rows_as_paragraphs() -> None:
    text = "Targets:\n\n  Name   Value\n  -----  -----\n  Alpha beta gamma delta\n"
    doc = read_text(text)
    assert not doc.tables()
    assert "Alpha beta gamma delta" in doc.text


def test_text_pipe_rows_stay_one_row_per_paragraph() -> None:
    # rows written with " | " between cells, one per line, are never rejoined as a wrapped paragraph
    text = (
        "Support\n\nSeverity | Effort | Response\n1 | Reasonable efforts, in business hours | 4 hours\n"
        "2 | Reasonable efforts, in business hours | 1 day\nThe figures are targets.\n"
    )
    doc = read_text(text)
    check_offsets(doc)
    paras = [b.text for b in kinds(doc, BlockKind.PARAGRAPH)]
    assert "1 | Reasonable efforts, in business hours | 4 hours" in paras
    assert "2 | Reasonable efforts, in business hours | 1 day" in paras
    assert "Severity | Effort | Response" in paras
    # a single line with a bar in it is prose as before
    one = read_text("The fee is payable monthly | quarterly\nat the Customer's choice.\n")
    assert [b.text for b in one.blocks] == ["The fee is payable monthly | quarterly at the Customer's choice."]


def test_text_capitalised_disclaimer_is_a_paragraph_not_headings() -> None:
    text = (
        "7. LIMITATION OF LIABILITY\n\n"
        "THE PROVIDER DISCLAIMS ALL WARRANTIES, EXPRESS OR\n"
        "IMPLIED, INCLUDING WITHOUT LIMITATION ANY WARRANTY OF\n"
        "MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE\n"
        "TO THE MAXIMUM EXTENT PERMITTED BY LAW.\n\n"
        "USD 5,000\n\n"
        "VERSION HISTORY\n"
    )
    doc = read_text(text)
    assert [(b.kind, b.text[:20]) for b in doc.blocks] == [
        (BlockKind.HEADING, "7. LIMITATION OF LIA"),
        (BlockKind.PARAGRAPH, "THE PROVIDER DISCLAI"),
        (BlockKind.PARAGRAPH, "USD 5,000"),
        (BlockKind.HEADING, "VERSION HISTORY"),
    ]


def test_text_short_numbered_item_among_sentence_items_is_no_heading() -> None:
    # a short item beside long ones numbered alike is an item of the same list; the short
    # numbered lines of a contents list stay headings
    text = (
        "EXCLUDED TIME\n\n"
        "Minutes of the following kinds are not counted as downtime:\n\n"
        "1. Announced maintenance windows\n"
        "2. Urgent maintenance needed to close a critical security hole in the platform\n"
        "3. Faults in networks the provider does not run\n\n"
        "4. Service Credits\n\n"
        "Credits are paid on request.\n"
    )
    doc = read_text(text)
    assert [(b.kind, b.text[:16]) for b in doc.blocks] == [
        (BlockKind.HEADING, "EXCLUDED TIME"),
        (BlockKind.PARAGRAPH, "Minutes of the f"),
        (BlockKind.PARAGRAPH, "1. Announced mai"),
        (BlockKind.PARAGRAPH, "2. Urgent mainte"),
        (BlockKind.PARAGRAPH, "3. Faults in net"),
        (BlockKind.HEADING, "4. Service Credi"),
        (BlockKind.PARAGRAPH, "Credits are paid"),
    ]


def test_text_directive_lines() -> None:
    doc = read_text("1. SCOPE\n\n# sla-lint: disable=missing-termination\nBody text here.\n")
    assert doc.directives == [(block(doc, "Body").start, "sla-lint: disable=missing-termination")]
    assert "sla-lint" not in doc.text


def test_text_wrapped_number_is_not_a_list_item() -> None:
    doc = read_text(
        "5.3 Provider will explain the reason in writing within five\n(5) business days.\n"
    )
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH]


# -- markdown ----------------------------------------------------------------------------

MARKDOWN = """\
# Acme Cloud SLA

**Version 2.** Published by [Acme](https://acme.example).

## 1. Availability

Acme will make the Service available **99.9%** of the time,
measured by _an independent monitor_ (`uptime-bot`).

<!-- sla-lint: disable=low-credit-cap -->
## 2. Service Credits

| Monthly Uptime | Credit |
|---|---:|
| Less than 99.9% | 5% |
| Less than 99.0% | 10% |

Credits:

- are applied automatically;
  to the next invoice
    - nested item
- are not the sole remedy.

> Quoted note with *emphasis*.

Setext Heading
--------------

1. first numbered
2. second numbered
"""


def test_markdown_structure() -> None:
    doc = read_text(MARKDOWN, "sla.md", fmt="markdown")
    check_offsets(doc)
    assert [(b.text, b.level) for b in doc.headings()] == [
        ("Acme Cloud SLA", 1),
        ("1. Availability", 2),
        ("2. Service Credits", 2),
        ("Setext Heading", 2),
    ]
    assert block(doc, "Version").text == "Version 2. Published by Acme."
    avail = block(doc, "Acme will")
    assert avail.text == (
        "Acme will make the Service available 99.9% of the time, "
        "measured by an independent monitor (uptime-bot)."
    )
    assert avail.heading_path == ("Acme Cloud SLA", "1. Availability")
    assert doc.tables() == {
        0: [["Monthly Uptime", "Credit"], ["Less than 99.9%", "5%"], ["Less than 99.0%", "10%"]]
    }
    items = [(b.text, b.level) for b in kinds(doc, BlockKind.LIST_ITEM)]
    assert items == [
        ("are applied automatically; to the next invoice", 1),
        ("nested item", 2),
        ("are not the sole remedy.", 1),
        ("first numbered", 1),
        ("second numbered", 1),
    ]
    assert block(doc, "Quoted").text == "Quoted note with emphasis."


def test_markdown_directive_points_at_next_block_and_is_not_text() -> None:
    doc = read_text(MARKDOWN, "sla.md", fmt="markdown")
    assert "sla-lint" not in doc.text and "<!--" not in doc.text
    assert doc.directives == [(block(doc, "2. Service").start, "sla-lint: disable=low-credit-cap")]


# -- html --------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Acme SLA</title><style>p { color: red }</style>
<script>var tracking = "SCRIPT TEXT";</script></head>
<body>
<header>SITE HEADER</header><nav><a href="/">NAV LINK</a></nav>
<main>
<h1>Acme Cloud SLA</h1>
<h2>1. Availability</h2>
<p>Acme will provide 99.9% availability &amp; report it monthly.<br>Measured per month.</p>
<!-- sla-lint: disable=provider-self-measurement -->
<h2>2. Credits</h2>
<ul><li>Credits are automatic<ul><li>and paid as cash</li></ul></li><li>Capped at 30%</li></ul>
<table>
<tr><th>Uptime</th><th>Credit</th></tr>
<tr><td>&lt; 99.9%</td><td>5%</td></tr>
<tr><td colspan="2">Notes apply</td></tr>
</table>
<noscript>NOSCRIPT TEXT</noscript>
</main>
<footer>SITE FOOTER</footer>
</body></html>
"""


def test_html_structure() -> None:
    doc = read_text(HTML, "sla.html", fmt="html")
    check_offsets(doc)
    for junk in ("SITE HEADER", "NAV LINK", "SCRIPT TEXT", "SITE FOOTER", "NOSCRIPT", "color"):
        assert junk not in doc.text
    assert doc.title == "Acme SLA"
    assert [(b.text, b.level) for b in doc.headings()] == [
        ("Acme Cloud SLA", 1),
        ("1. Availability", 2),
        ("2. Credits", 2),
    ]
    para = block(doc, "Acme will")
    assert (
        para.text
        == "Acme will provide 99.9% availability & report it monthly.\nMeasured per month."
    )
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.LIST_ITEM)] == [
        ("Credits are automatic", 1),
        ("and paid as cash", 2),
        ("Capped at 30%", 1),
    ]
    assert doc.tables() == {0: [["Uptime", "Credit"], ["< 99.9%", "5%"], ["Notes apply"]]}
    assert doc.directives == [
        (block(doc, "2. Credits").start, "sla-lint: disable=provider-self-measurement")
    ]


# -- docx --------------------------------------------------------------------------------


def make_docx(path: Path, *, page_break: bool = False) -> Path:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("Acme Cloud Service Level Agreement", style="Title")
    d.add_heading("1. Availability", level=1)
    avail = d.add_paragraph("Acme will make the Service available 99.9% of the time.")
    d.add_heading("1.1 Measurement", level=2)
    d.add_paragraph("Measured by an independent monitor.")
    d.add_paragraph("first bullet", style="List Bullet")
    d.add_paragraph("nested bullet", style="List Bullet 2")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text = "Uptime"
    t.cell(0, 1).text = "Credit"
    t.cell(0, 2).text = "Notes"
    t.cell(1, 0).text = "< 99.9%"
    t.cell(1, 1).text = "5%"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "merged down"
    t.cell(2, 0).merge(t.cell(2, 1)).text = "merged across"
    inner = t.cell(0, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner a"
    inner.cell(0, 1).text = "inner b"
    if page_break:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("2. Credits", level=1)
    credits = d.add_paragraph("Credits are capped at 10%.")
    d.add_comment(credits.runs[0], text="sla-lint: disable=low-credit-cap", author="Legal")
    d.add_comment(avail.runs[0], text="an ordinary review comment", author="Legal")
    d.sections[0].header.paragraphs[0].text = "RUNNING HEADER"
    d.save(str(path))
    return path


def test_docx_structure(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "sla.docx"))
    check_offsets(doc)
    assert "RUNNING HEADER" not in doc.text
    assert [(b.text, b.level) for b in doc.headings()] == [
        ("Acme Cloud Service Level Agreement", 1),
        ("1. Availability", 2),
        ("1.1 Measurement", 3),
        ("2. Credits", 2),
    ]
    assert block(doc, "Measured").heading_path == (
        "Acme Cloud Service Level Agreement",
        "1. Availability",
        "1.1 Measurement",
    )
    assert [(b.text, b.level) for b in kinds(doc, BlockKind.LIST_ITEM)] == [
        ("first bullet", 1),
        ("nested bullet", 2),
    ]
    tables = doc.tables()
    assert tables[0] == [
        ["Uptime", "Credit", "Notes"],
        ["< 99.9%", "5%", "merged down"],
        ["merged across"],
    ]
    assert tables[1] == [["inner a", "inner b"]]
    merged = [b for b in doc.blocks if b.text == "merged down"]
    assert len(merged) == 1 and (merged[0].row, merged[0].col) == (1, 2)
    # the nested table follows the cell that holds it
    notes = block(doc, "Notes")
    assert doc.blocks[notes.index + 1].text == "inner a"
    assert all(b.page is None for b in doc.blocks) and doc.pages is None
    assert doc.directives == [(block(doc, "Credits are").start, "sla-lint: disable=low-credit-cap")]


def test_docx_page_breaks_give_pages(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "sla.docx", page_break=True))
    assert block(doc, "Acme will").page == 1
    assert block(doc, "2. Credits").page == 2
    assert doc.pages == 2


def test_docx_custom_heading_styles_and_numbered_lists(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    d = docx.Document()
    # a localised heading style: its own name, based on no heading, outline level 0
    custom = d.styles.add_style("Überschrift Eins", WD_STYLE_TYPE.PARAGRAPH)
    ppr = custom.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    ppr.append(outline)
    # a style based on Heading 2 inherits its level
    sub = d.styles.add_style("Clause Heading", WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = d.styles["Heading 2"]
    d.add_paragraph("1. Leistungen", style="Überschrift Eins")
    d.add_paragraph("1.1 Verfügbarkeit", style="Clause Heading")
    item = d.add_paragraph("directly numbered, second level")
    num = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "1")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num.append(ilvl)
    num.append(num_id)
    item._p.get_or_add_pPr().append(num)
    d.add_paragraph("plain body text")
    path = tmp_path / "custom.docx"
    d.save(str(path))
    doc = read_document(path)
    check_offsets(doc)
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        (BlockKind.HEADING, "1. Leistungen", 1),
        (BlockKind.HEADING, "1.1 Verfügbarkeit", 2),
        (BlockKind.LIST_ITEM, "directly numbered, second level", 2),
        (BlockKind.PARAGRAPH, "plain body text", 0),
    ]
    assert doc.blocks[-1].heading_path == ("1. Leistungen", "1.1 Verfügbarkeit")


def test_docx_numbered_headings_get_their_visible_numbers(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.oxml.parser import OxmlElement

    d = docx.Document()
    numbering = d.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(
            [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)")]
        )
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(paragraph: object, ilvl: int) -> None:
        num = OxmlElement("w:numPr")
        lvl = OxmlElement("w:ilvl")
        lvl.set(qn("w:val"), str(ilvl))
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), "90")
        num.append(lvl)
        num.append(num_id)
        paragraph._p.get_or_add_pPr().append(num)  # type: ignore[attr-defined]

    numbered(d.add_heading("Availability", level=1), 0)
    numbered(d.add_heading("Measurement", level=2), 1)
    numbered(d.add_paragraph("scheduled maintenance"), 2)
    numbered(d.add_heading("Reporting", level=2), 1)
    numbered(d.add_heading("Credits", level=1), 0)
    path = tmp_path / "numbered.docx"
    d.save(str(path))
    doc = read_document(path)
    assert [b.text for b in doc.headings()] == [
        "1. Availability",
        "1.1 Measurement",
        "1.2 Reporting",
        "2. Credits",
    ]
    item = block(doc, "(a) scheduled")  # a numbered item reads as Word shows it
    assert item.kind is BlockKind.LIST_ITEM and item.level == 3


def test_docx_typed_numbers_and_markers(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    from docx.enum.style import WD_STYLE_TYPE

    d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("3. Reporting\t7", style="toc 1")  # a table-of-contents entry
    d.add_paragraph("3.2\tThe Provider will report monthly.")
    d.add_paragraph("(a)\tscheduled maintenance;")
    path = tmp_path / "typed.docx"
    d.save(str(path))
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "3.2 The Provider will report monthly."),
        (BlockKind.LIST_ITEM, "(a) scheduled maintenance;"),
    ]


def test_docx_with_broken_xml_is_input_error(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    with pytest.raises(InputError, match="not a readable DOCX") as err:
        read_document(bad)
    assert str(err.value).startswith(f"{bad}: ")


# -- pdf ---------------------------------------------------------------------------------

PDF_HTML = """<html><head><style>
@page {{ size: A5; margin: 2cm;
  @top-center {{ content: "Acme Confidential - Rev 3"; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); }} }}
body {{ font-family: sans-serif; font-size: 10pt; }}
p {{ margin: 0 0 8pt 0; }}
td {{ padding: 2pt 24pt 2pt 0; }}
</style></head><body>
<h1>Acme Cloud SLA</h1>
{sections}
<table><tr><td>Uptime</td><td>Credit</td></tr>
<tr><td>Below 99.9%</td><td>5%</td></tr><tr><td>Below 99.0%</td><td>10%</td></tr></table>
</body></html>"""


def make_pdf(path: Path, html: str) -> Path:
    import weasyprint

    weasyprint.HTML(string=html).write_pdf(str(path))
    return path


def three_page_pdf(path: Path) -> Path:
    body = "The Provider will make the Service available in line with this Schedule. " * 5
    sections = "".join(
        f"<h2>{n}. Section {n}</h2><p>{n}.1 {body}</p><ul><li>first point</li><li>second point</li></ul>"
        for n in range(1, 7)
    )
    sections += '<p style="width: 9em">Availability is measured by an independent third-party monitoring service.</p>'
    return make_pdf(path, PDF_HTML.format(sections=sections))


@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return read_document(three_page_pdf(tmp_path_factory.mktemp("pdf") / "sla.pdf"))


def test_pdf_strips_running_header_footer_and_page_numbers(pdf_doc: Document) -> None:
    check_offsets(pdf_doc)
    assert pdf_doc.pages is not None and pdf_doc.pages >= 3
    assert "Acme Confidential" not in pdf_doc.text
    assert "Page 1 of" not in pdf_doc.text and "Page 2 of" not in pdf_doc.text
    assert "The Provider will make the Service available" in pdf_doc.text
    assert {b.page for b in pdf_doc.blocks} == set(range(1, pdf_doc.pages + 1))


def test_pdf_structure(pdf_doc: Document) -> None:
    heads = [(b.text, b.level) for b in pdf_doc.headings()]
    assert heads[0] == ("Acme Cloud SLA", 1)
    assert ("3. Section 3", 2) in heads
    para = block(pdf_doc, "3.1 The Provider")
    assert para.kind is BlockKind.PARAGRAPH
    assert para.heading_path == ("Acme Cloud SLA", "3. Section 3")
    assert para.text.count("The Provider will make") == 5  # wrapped lines rejoined
    items = [b for b in kinds(pdf_doc, BlockKind.LIST_ITEM) if b.heading == "3. Section 3"]
    assert [b.text for b in items] == ["• first point", "• second point"]
    # narrow paragraph: wrapped (and possibly hyphenated) lines become one block
    assert block(pdf_doc, "Availability is").text.endswith("monitoring service.")
    assert pdf_doc.tables()[0] == [
        ["Uptime", "Credit"],
        ["Below 99.9%", "5%"],
        ["Below 99.0%", "10%"],
    ]
    assert all(b.page is not None for b in pdf_doc.blocks)


TWO_COLUMN_HTML = """<html lang="en"><head><style>
@page {{ size: A4; margin: 2cm }} body {{ font-size: 11pt }}
.cols {{ column-count: 2; column-gap: 1cm }} p {{ hyphens: auto; text-align: justify }}
</style></head><body><h1>Two Column SLA</h1><div class="cols">{sections}</div></body></html>"""


def test_pdf_two_columns_read_in_order_and_dehyphenated(tmp_path: Path) -> None:
    body = (
        "The Provider shall maintain comprehensive availability measurements independently "
        "verified by internationally recognised organisations. "
    )
    sections = "".join(
        f"<h2>{n}. Part {name}</h2><p>{body * 3}</p>"
        for n, name in enumerate(("One", "Two", "Three", "Four"), start=1)
    )
    doc = read_document(make_pdf(tmp_path / "cols.pdf", TWO_COLUMN_HTML.format(sections=sections)))
    check_offsets(doc)
    assert [b.text for b in doc.headings()] == [
        "Two Column SLA",
        "1. Part One",
        "2. Part Two",
        "3. Part Three",
        "4. Part Four",
    ]
    paragraphs = kinds(doc, BlockKind.PARAGRAPH)
    assert len(paragraphs) == 4
    for p in paragraphs:
        assert p.text == (body * 3).strip()  # hyphenated line breaks rejoined


def printed_text_pdf(path: Path, text: str) -> Path:
    """Plain text printed to PDF in a fixed-pitch font, with a page-number footer."""
    import html

    page = (
        "<html><head><style>@page { size: A4; margin: 1.5cm; "
        "@bottom-right { content: counter(page) } } pre { font-size: 9pt }</style></head>"
        f"<body><pre>{html.escape(text)}</pre></body></html>"
    )
    return make_pdf(path, page)


def shape(doc: Document) -> list[tuple[str, str, int, int | None, int | None, int | None]]:
    return [(b.kind.value, b.text, b.level, b.table, b.row, b.col) for b in doc.blocks]


def test_printed_plain_text_pdf_reads_like_the_text(tmp_path: Path) -> None:
    texts = [VENDOR_TEXT]
    if SAMPLES.is_dir():
        texts += [
            (SAMPLES / n).read_text() for n in ("colocation_sla.txt", "helpdesk_internal_ola.txt")
        ]
    for n, text in enumerate(texts):
        pdf = read_document(printed_text_pdf(tmp_path / f"printed{n}.pdf", text))
        check_offsets(pdf)
        assert shape(pdf) == shape(read_text(text)), n


def test_pdf_wrapped_table_cells_and_hanging_clause_numbers(tmp_path: Path) -> None:
    page = """<html><head><style>
    @page { size: A4; margin: 2cm } body { font-size: 10pt }
    td { padding: 4pt 10pt; vertical-align: top }
    .n { display: inline-block; width: 3em }
    </style></head><body>
    <p><span class="n">3.1</span>The Provider will meet each Service Level.</p>
    <p><span class="n">3.2</span>Service Levels are measured monthly.</p>
    <table>
    <tr><td style="width: 6em">Metric</td><td style="width: 8em">Target</td><td>Measured by</td></tr>
    <tr><td style="width: 6em">Platform Availability</td><td style="width: 8em">99.9% per calendar month</td>
        <td>Independent third party</td></tr>
    <tr><td style="width: 6em">API Response Time</td><td style="width: 8em">800 ms</td>
        <td>Provider</td></tr>
    </table></body></html>"""
    doc = read_document(make_pdf(tmp_path / "wrapped.pdf", page))
    check_offsets(doc)
    assert doc.tables() == {
        0: [
            ["Metric", "Target", "Measured by"],
            ["Platform Availability", "99.9% per calendar month", "Independent third party"],
            ["API Response Time", "800 ms", "Provider"],
        ]
    }
    assert [b.text for b in kinds(doc, BlockKind.PARAGRAPH)] == [
        "3.1 The Provider will meet each Service Level.",
        "3.2 Service Levels are measured monthly.",
    ]


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    svg = (
        "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='100' "
        "height='50'><rect width='100' height='50' fill='black'/></svg>"
    )
    path = make_pdf(tmp_path / "scan.pdf", f'<html><body><img src="{svg}"></body></html>')
    with pytest.raises(InputError, match="no text layer") as err:
        read_document(path)
    assert str(path) in str(err.value)


def encrypted_pdf_bytes() -> bytes:
    """A PDF whose standard security handler rejects the empty password."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objs) + 1, b"ab" * 16, b"ab" * 16, xref)
    )
    return bytes(out)


# -- bad input ---------------------------------------------------------------------------


def bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    cases: dict[str, tuple[Path, str]] = {}

    def write(name: str, data: bytes) -> Path:
        p = tmp / name
        p.write_bytes(data)
        return p

    cases["missing"] = (tmp / "nope.docx", "file not found")
    (tmp / "folder.txt").mkdir()
    cases["directory"] = (tmp / "folder.txt", "is a directory")
    cases["empty"] = (write("empty.txt", b""), "file is empty")
    cases["whitespace"] = (write("blank.md", b"  \n\n\t \n"), "file is empty")
    cases["binary"] = (write("blob.txt", b"abc\x00\x01\x02" * 50), "binary file")
    cases["image"] = (write("scan.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "PNG image")
    cases["docx-not-zip"] = (write("fake.docx", b"just some text"), "not a DOCX file")
    buf = tmp / "other.docx"
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    cases["docx-no-document-xml"] = (buf, "without word/document.xml")
    cases["corrupt-zip"] = (write("broken.docx", b"PK\x03\x04" + b"\x00garbage" * 20), "zip")
    cases["pdf-corrupt"] = (write("broken.pdf", b"%PDF-1.7\n1 0 obj garbage"), "not a readable PDF")
    cases["pdf-no-header"] = (write("fake.pdf", b"hello there"), "not a readable PDF")
    cases["pdf-encrypted"] = (write("locked.pdf", encrypted_pdf_bytes()), "PDF is encrypted")
    cases["undecodable"] = (write("weird.txt", b"Caf\xc3 \x81\x8d\x8f\x90\x9d"), "neither UTF-8")
    cases["no-text-html"] = (
        write("empty.html", b"<!doctype html><html><body><script>x()</script></body></html>"),
        "no text",
    )
    import docx

    empty_docx = tmp / "empty.docx"
    docx.Document().save(str(empty_docx))
    cases["no-text-docx"] = (empty_docx, "no text found")
    return cases


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "whitespace",
        "binary",
        "image",
        "docx-not-zip",
        "docx-no-document-xml",
        "corrupt-zip",
        "pdf-corrupt",
        "pdf-no-header",
        "pdf-encrypted",
        "undecodable",
        "no-text-html",
        "no-text-docx",
    ],
)
def test_bad_input_is_one_line_input_error(tmp_path: Path, case: str) -> None:
    path, message = bad_inputs(tmp_path)[case]
    with pytest.raises(InputError) as err:
        read_document(path)
    text = str(err.value)
    assert text.startswith(f"{path}: "), text
    assert message in text
    assert "\n" not in text


def test_huge_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 3 * 2**20)  # sparse: no real disk use
    with pytest.raises(InputError, match=r"file is too large \(53 MiB; limit 50 MiB\)"):
        read_document(path)


def test_cp1252_and_bom_text_decode(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes("Credits \u2013 5% of the caf\u00e9 fee.\n".encode("cp1252"))
    assert read_document(p).text == "Credits \u2013 5% of the caf\u00e9 fee."
    stray = tmp_path / "stray.txt"
    stray.write_bytes(b"Uptime 99.9% \x96 measured monthly" + b" by the Provider." * 80 + b"\x81\n")
    assert read_document(stray).text.startswith("Uptime 99.9% \u2013 measured monthly")
    q = tmp_path / "bom.txt"
    q.write_bytes(b"\xef\xbb\xbfUptime 99.9%.\n")
    assert read_document(q).text == "Uptime 99.9%."


def test_detection_by_content_before_suffix(tmp_path: Path) -> None:
    html = tmp_path / "page.txt"
    html.write_text("<!DOCTYPE html><html><body><h1>Title</h1><p>Body.</p></body></html>")
    doc = read_document(html)
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    docx_path = make_docx(tmp_path / "renamed.bin")
    assert read_document(docx_path).title == "Acme Cloud Service Level Agreement"
    md = tmp_path / "notes.md"
    md.write_text("# Heading\n\nText.\n")
    assert read_document(md).blocks[0].kind is BlockKind.HEADING
    assert [read_document(p).meta["format"] for p in (html, docx_path, md)] == [
        "html",
        "docx",
        "markdown",
    ]


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "sla.docx")
    before = path.read_bytes()
    read_document(path)
    assert path.read_bytes() == before


# -- the shared samples --------------------------------------------------------------------


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples folder absent")
def test_samples_read_with_structure() -> None:
    for path in sorted(SAMPLES.iterdir()):
        if path.name == "README.md":
            continue
        doc = read_document(path)
        check_offsets(doc)
        assert doc.headings(), path
        assert len(doc.blocks) > 20, path
    saas = read_document(SAMPLES / "vendor_saas_sla.md")
    credits = [
        b
        for b in saas.blocks
        if b.kind is BlockKind.TABLE_CELL and b.heading == "5. Service Credits"
    ]
    assert [b.text for b in credits][:4] == [
        "Monthly Uptime Percentage",
        "Service Credit",
        "Less than 99.5% but at least 99.0%",
        "5%",
    ]
    messy = read_document(SAMPLES / "messy_vendor_terms.txt")
    assert "2. UPTIME" in [b.text for b in messy.headings()]
    band = [t for t in messy.tables().values() if t[0][0].startswith("Uptime between 99.5%")]
    assert band and band[0][0] == ["Uptime between 99.5% and 99.0%", "5% of the monthly fee"]
    colo = read_document(SAMPLES / "colocation_sla.txt")
    assert colo.blocks[0].text == "ATTACHMENT C - SERVICE LEVEL AGREEMENT"
    assert ["Below 99.90%", "20%"] in colo.tables()[2]
    ola = read_document(SAMPLES / "helpdesk_internal_ola.txt")
    targets = next(t for t in ola.tables().values() if t[0][0] == "Priority")
    assert targets[1] == ["P1", "15 minutes", "2 hours", "every 30 minutes", "24x7 (on-call)"]
