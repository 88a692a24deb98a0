"""Renderers: an Agreement to Markdown (golden), DOCX (read back with python-docx) and PDF (pypdfium2)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from sla_drafter.agreement import Agreement, Definition, Paragraph, Part, Section, Table
from sla_drafter.assemble import render
from sla_drafter.assemble.docx import render_docx
from sla_drafter.assemble.markdown import render_markdown
from sla_drafter.assemble.pdf import refusing_fetcher, render_html, render_pdf
from sla_drafter.errors import InputError, OutputError
from sla_drafter.read import read_document

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
INJECTION = "{{ 7*7 }} & <Ltd>"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sample_agreement(provider: str = "Northwind Cloud Services Ltd",
                     customer: str = "Harbour & Vale Logistics plc") -> Agreement:
    """A realistic two-level agreement: parts, numbered clauses, lists, notes, tables, definitions."""
    corporate = Part(
        title="Part A: Corporate Level",
        sections=[
            Section("1", "Service Description", level=2, clause_ids=["service.description"], content=[
                Paragraph("Provider shall provide the Northwind Fleet Platform (the “Service”) "
                          "to Customer in accordance with this Agreement.", "1.1"),
                Paragraph("The Service includes:", "1.2"),
                Paragraph("the production web application and its public API;", style="list"),
                Paragraph("data storage and daily backups.", style="list"),
            ]),
            Section("2", "Dispute Resolution", level=2, content=[
                Paragraph("A dispute is first referred to the parties' service managers, who shall "
                          "meet within 5 business days.", "2.1"),
                Paragraph("Unresolved disputes are finally settled by arbitration in London under "
                          "the LCIA Rules.", "2.2"),
            ]),
        ],
    )
    service = Part(
        title="Part B: Service Level",
        sections=[
            Section("3", "Availability", level=2, clause_ids=["availability.monthly"], content=[
                Paragraph("Provider shall ensure the Service is Available at least 99.9% of the "
                          "time in each calendar month.", "3.1"),
                Paragraph("Availability is measured by an independent monitoring service every "
                          "60 seconds from at least three locations.", "3.2"),
                Table("Table 1: Service levels", ["Metric", "Target", "Window", "Measured by"], [
                    ["Platform Availability", "99.9%", "calendar month", "third party"],
                    ["API Response Time (p95)", "800 ms", "calendar month", "third party"],
                    ["P1 response | human", "15 minutes", "24x7", "Provider"],
                ]),
                Paragraph("99.9% of a 30-day month allows 43.2 minutes of Downtime.", style="note"),
            ]),
            Section("4", "Service Credits", level=2, clause_ids=["credits.tiered"], content=[
                Paragraph("If Availability falls below the target, Provider shall credit the "
                          "following percentage of the monthly charges automatically.", "4.1"),
                Table("Table 2: Service credits", ["Monthly Availability", "Credit"], [
                    ["below 99.9% and at least 99.5%", "5%"],
                    ["below 99.5% and at least 99.0%", "10%"],
                    ["below 99.0% and at least 98.0%", "15%"],
                    ["below 98.0%", "25%"],
                ]),
                Paragraph("Credits in any month are capped at 30% of that month's charges.", "4.2"),
                Paragraph("Credits are:", "4.3"),
                Paragraph("(a) applied automatically to the next invoice; and", style="list"),
                Paragraph("(b) paid in cash if no invoice remains.", style="list"),
                Paragraph("Service credits are not Customer's sole remedy.", "4.4"),
            ]),
        ],
    )
    return Agreement(
        title="Service Level Agreement",
        subtitle="Northwind Fleet Platform",
        provider=provider,
        customer=customer,
        effective_date="2026-01-01",
        governing_law="England and Wales",
        stance="balanced",
        parts=[corporate, service],
        definitions=[
            Definition("Downtime", "any minute in which the Service is not Available"),
            Definition("Business Day", "means a day other than a Saturday, Sunday or public holiday in England."),
        ],
        notes=["A month is 30 days for derived figures such as allowed Downtime."],
    )


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return sample_agreement()


@pytest.fixture(scope="module")
def injected() -> Agreement:
    return sample_agreement(provider=INJECTION, customer='Q "uote" {% raw %} & Co')


@pytest.fixture(scope="module")
def docx_bytes(agreement: Agreement) -> bytes:
    return render_docx(agreement)


@pytest.fixture(scope="module")
def document(docx_bytes: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_bytes))


@pytest.fixture(scope="module")
def pdf_bytes(agreement: Agreement) -> bytes:
    return render_pdf(agreement)


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def docx_text(document: docx.document.Document) -> str:
    lines = [f"[{p.style.name}] {p.text}" for p in document.paragraphs if p.text]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines) + "\n"


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SLA_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, f"{name} drifted; rerun with SLA_UPDATE_GOLDEN=1 and review"


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_matches_golden(agreement: Agreement) -> None:
    check_golden("agreement.md", render_markdown(agreement).decode("utf-8"))


def test_markdown_is_byte_identical_across_runs(agreement: Agreement) -> None:
    assert render_markdown(agreement) == render_markdown(sample_agreement())


def test_markdown_structure(agreement: Agreement) -> None:
    md = render_markdown(agreement).decode("utf-8")
    assert md.startswith("# Service Level Agreement\n")
    assert "\n## Definitions\n" in md
    assert "\n## Part B: Service Level\n" in md
    assert "\n### 3. Availability\n" in md
    assert "\n**3.1** Provider shall ensure" in md
    assert "| Platform Availability | 99.9% | calendar month | third party |" in md
    assert "| P1 response \\| human | 15 minutes | 24x7 | Provider |" in md  # pipe escaped
    assert "| below 98.0% | 25% |" in md
    assert "**“Downtime”** means any minute" in md
    assert "**“Business Day”** means a day other" in md  # no doubled "means"
    assert "- the production web application" in md
    # Lettered items keep their letters and get no bullet.
    assert "\n(a) applied automatically to the next invoice; and\n\n(b) paid in cash" in md
    assert "- (a)" not in md


def test_docx_lettered_items_have_no_bullet(document: docx.document.Document) -> None:
    items = [p.text for p in document.paragraphs if p.style.name == "Clause Item"]
    assert items == ["(a)\tapplied automatically to the next invoice; and", "(b)\tpaid in cash if no invoice remains."]
    bullets = [p.text for p in document.paragraphs if p.style.name == "Clause List"]
    assert "the production web application and its public API;" in bullets


# --- DOCX -------------------------------------------------------------------------------------

def test_docx_text_matches_golden(document: docx.document.Document) -> None:
    check_golden("agreement.docx.txt", docx_text(document))


def test_docx_uses_real_styles(document: docx.document.Document) -> None:
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title"
    assert styles[1] == "Subtitle"
    for name in ("Heading 1", "Heading 2", "Clause", "Clause List", "Definition", "Note", "Party"):
        assert name in styles, name
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Availability" in headings  # its number "3." is Word's (tests/test_docx_numbering.py)


def test_docx_numbered_clauses(document: docx.document.Document, docx_bytes: bytes, tmp_path: Path) -> None:
    clauses = [p for p in document.paragraphs if p.style.name == "Clause"]
    assert clauses[0].text.startswith("Provider shall provide")
    levels = [p._p.pPr.numPr.ilvl.val for p in clauses]  # Word numbers them: level 1 is "%1.%2"
    assert levels == [1] * 10
    path = tmp_path / "draft.docx"
    path.write_bytes(docx_bytes)
    read = [b.text.split(" ")[0] for b in read_document(path).blocks]
    assert [n for n in read if re.fullmatch(r"\d+\.\d+", n)] == [
        "1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "4.3", "4.4"
    ]


def test_docx_tables_are_real_word_tables(document: docx.document.Document) -> None:
    tables = document.tables
    assert len(tables) == 2
    metrics, credits = tables
    assert [c.text for c in metrics.rows[0].cells] == ["Metric", "Target", "Window", "Measured by"]
    assert metrics.rows[1].cells[1].text == "99.9%"
    assert [r.cells[1].text for r in credits.rows[1:]] == ["5%", "10%", "15%", "25%"]
    assert metrics.style.name == "SLA Table"
    # The header row repeats on each page; rows do not split.
    first_row = metrics.rows[0]._tr
    assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
    assert credits.rows[2]._tr.find(f"{W}trPr/{W}tblHeader") is None


def test_docx_page_setup_header_and_footer_fields(document: docx.document.Document) -> None:
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01
    assert abs(section.page_height.cm - 29.7) < 0.01
    assert section.header.paragraphs[0].text == "Service Level Agreement"
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert [i.split()[0] for i in instructions] == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[0].text == "Page 1 of 1"


def test_docx_core_properties_use_the_effective_date(document: docx.document.Document) -> None:
    props = document.core_properties
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert props.title == "Service Level Agreement"
    assert props.subject == "Northwind Fleet Platform"
    assert "Harbour & Vale Logistics plc" in props.keywords
    assert props.created == when
    assert props.modified == when
    assert props.last_printed == when
    assert props.revision == 1


def test_docx_is_byte_identical_across_runs(docx_bytes: bytes) -> None:
    again = render_docx(sample_agreement())
    assert again == docx_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_docx_cover_names_both_parties(document: docx.document.Document) -> None:
    parties = [p.text for p in document.paragraphs if p.style.name == "Party"]
    assert parties == [
        "Northwind Cloud Services Ltd (the “Provider”)",
        "Harbour & Vale Logistics plc (the “Customer”)",
    ]


# --- PDF --------------------------------------------------------------------------------------

def test_pdf_text_footer_and_metadata(pdf_bytes: bytes) -> None:
    text = pdf_text(pdf_bytes)
    assert "Page 1 of" in text
    assert "Harbour & Vale Logistics plc" in text
    for value in ("99.9%", "25%", "3.1", "Service Level Agreement", "Downtime"):
        assert value in text, value
    pdf = pdfium.PdfDocument(pdf_bytes)
    meta = pdf.get_metadata_dict()
    pdf.close()
    assert meta["Title"] == "Service Level Agreement"
    assert not meta.get("Author")
    assert meta["CreationDate"].startswith("D:20260101")
    assert meta["ModDate"].startswith("D:20260101")


def test_pdf_is_tagged(pdf_bytes: bytes) -> None:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        assert pdfium.raw.FPDFCatalog_IsTagged(pdf.raw)
    finally:
        pdf.close()


def test_html_is_self_contained(agreement: Agreement) -> None:
    html = render_html(agreement)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert 'content: "Page " counter(page) " of " counter(pages)' in html  # CSS inlined verbatim
    assert "<thead>" in html


def test_url_fetcher_refuses_everything() -> None:
    fetcher = refusing_fetcher()
    for url in ("file:///etc/passwd", "https://example.com/x.css", "data:text/plain,hi"):
        with pytest.raises(ValueError, match="not allowed"):
            fetcher.fetch(url)


# --- Values are data --------------------------------------------------------------------------

def test_injection_is_literal_in_markdown(injected: Agreement) -> None:
    md = render_markdown(injected).decode("utf-8")
    assert f"**{INJECTION}** (the “Provider”)" in md
    assert '**Q "uote" {% raw %} & Co**' in md
    assert "49" not in md


def test_injection_is_literal_in_docx(injected: Agreement) -> None:
    document = docx.Document(io.BytesIO(render_docx(injected)))
    texts = [p.text for p in document.paragraphs]
    assert f"{INJECTION} (the “Provider”)" in texts
    assert 'Q "uote" {% raw %} & Co (the “Customer”)' in texts
    assert INJECTION in document.core_properties.keywords
    assert not any("49" in t for t in texts)


def test_injection_is_literal_in_pdf(injected: Agreement) -> None:
    data = render_pdf(injected)
    text = pdf_text(data)
    assert INJECTION in text
    assert 'Q "uote" {% raw %} & Co' in text
    pdf = pdfium.PdfDocument(data)
    assert INJECTION in pdf.get_metadata_dict()["Keywords"]
    pdf.close()


ESCAPES = "A {_{ B }_} C {_% D %_} E"  # docxtpl's own escapes: must come out as written


def escaped_agreement() -> Agreement:
    agreement = sample_agreement(provider=f"Brace {ESCAPES} Ltd", customer="Tab\tand\nnewline plc")
    agreement.parts[0].sections[0].content.append(Paragraph(f"Body {ESCAPES}.", "1.3"))
    return agreement


def test_docxtpl_escapes_are_literal_in_every_format() -> None:
    agreement = escaped_agreement()
    md = render_markdown(agreement).decode("utf-8")
    assert f"Brace {ESCAPES} Ltd" in md and f"Body {ESCAPES}." in md
    document = docx.Document(io.BytesIO(render_docx(agreement)))
    text = docx_text(document)
    assert f"Brace {ESCAPES} Ltd (the “Provider”)" in text
    assert f"Body {ESCAPES}." in text
    assert f"Brace {ESCAPES} Ltd" in document.core_properties.keywords
    pdf = " ".join(pdf_text(render_pdf(agreement)).split())
    assert f"Brace {ESCAPES} Ltd" in pdf and f"Body {ESCAPES}." in pdf


def test_newlines_and_tabs_in_a_party_name_are_no_word_breaks() -> None:
    raw = render_docx(escaped_agreement())
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    cover = xml[: xml.index("newline plc") + 200]
    assert "<w:br/>" not in cover and "<w:tab/>" not in cover[cover.index("Tab") :]
    document = docx.Document(io.BytesIO(raw))
    assert "Tab and newline plc (the “Customer”)" in docx_text(document)


def test_overlong_metadata_does_not_crash_the_docx() -> None:
    long_name = "Very Long Provider Name " * 15  # 360 characters: python-docx refuses > 255
    agreement = sample_agreement(provider=long_name.strip(), customer="C" * 300)
    document = docx.Document(io.BytesIO(render_docx(agreement)))
    assert long_name.strip() in docx_text(document)  # the body keeps the whole name
    assert len(document.core_properties.keywords) <= 255


# --- Errors and dispatch ----------------------------------------------------------------------

def test_render_dispatches_by_format(agreement: Agreement) -> None:
    assert render(agreement, "md") == render_markdown(agreement)
    assert render(agreement, "markdown") == render_markdown(agreement)
    with pytest.raises(OutputError, match="unknown format 'odt'"):
        render(agreement, "odt")


def test_bad_effective_date_is_an_input_error() -> None:
    bad = sample_agreement()
    bad.effective_date = "1st of January"
    with pytest.raises(InputError, match="not an ISO date"):
        render_docx(bad)


def test_empty_agreement_renders_everywhere() -> None:
    empty = Agreement(title="SLA", subtitle="", provider="P", customer="C",
                      effective_date="2026-03-04", governing_law="Scotland", stance="provider")
    assert render_markdown(empty).startswith(b"# SLA\n")
    document = docx.Document(io.BytesIO(render_docx(empty)))
    assert document.tables == []
    assert "4 March 2026" in render_markdown(empty).decode()


# --- The template is reproducible from its script ---------------------------------------------

def _load_builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "templates/docx/build_template.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_template_builder_reproduces_committed_template() -> None:
    builder = _load_builder()
    built = zipfile.ZipFile(io.BytesIO(builder.build()))
    committed = zipfile.ZipFile(ROOT / "templates/docx/agreement.docx")
    assert sorted(built.namelist()) == sorted(committed.namelist())
    for name in ("word/styles.xml", "word/document.xml", "word/numbering.xml"):
        assert built.read(name) == committed.read(name), f"{name} differs: rerun templates/docx/build_template.py"
    template = docx.Document(str(ROOT / "templates/docx/agreement.docx"))
    names = {s.name for s in template.styles}
    assert set(builder.STYLE_NAMES) <= names


def test_template_builder_script_runs(tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    result = subprocess.run([sys.executable, str(ROOT / "templates/docx/build_template.py"), str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (ROOT / "templates/docx/agreement.docx").read_bytes()


def test_docx_fallback_save_gives_the_same_bytes(
    agreement: Agreement, docx_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sla_drafter.assemble.docx as docx_module

    def moved(*args: object) -> bytes:
        raise AttributeError("python-docx internals moved")

    monkeypatch.setattr(docx_module, "_save_fixed_time", moved)
    assert render_docx(agreement) == docx_bytes


def test_pdf_long_table_repeats_its_header_and_counts_pages() -> None:
    rows = [[f"Metric {i}", f"{90 + i % 10}.9%", "calendar month"] for i in range(70)]
    long = sample_agreement()
    long.parts[1].sections[0].content.append(Table("Table 9: Many levels", ["Name", "Target", "Window"], rows))
    pdf = pdfium.PdfDocument(render_pdf(long))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert len(texts) >= 2
    assert f"Page 2 of {len(texts)}" in texts[1]
    pages_with_table = [t for t in texts if "Metric 1" in t or "Metric 69" in t]
    assert len(pages_with_table) >= 2
    for text in pages_with_table:
        assert "Name Target Window" in text  # the header row repeats on every page of the table
    assert all("Service Level Agreement" in t for t in texts)  # running header


def test_pdf_never_ends_a_page_with_a_heading_or_a_table_caption(tmp_path: Path) -> None:
    from sla_drafter.assemble import draft_agreement

    out = tmp_path / "multi.pdf"
    drafted = draft_agreement(ROOT / "examples" / "multi-level.yaml", out)
    agreement = drafted.agreement
    stranded = {section_title for part in agreement.parts for section_title in (
        *(f"{s.number}. {s.title}" if s.number else s.title for s in part.sections),
        *(t.caption for s in part.sections for t in s.content if isinstance(t, Table) and t.caption),
    )}
    pdf = pdfium.PdfDocument(out.read_bytes())
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert len(pages) > 10
    for number, text in enumerate(pages[:-1], 1):
        body = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in body if line != agreement.title and not line.startswith("Page ")]
        assert body[-1] not in stranded, f"page {number} ends with {body[-1]!r}"
