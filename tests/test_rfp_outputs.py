"""The buyers' outputs read back: the response matrix (openpyxl: cells, data validation, frozen
panes, print set-up, protection), the RFP section (python-docx text and numbering, Markdown,
PDF), compare's JSON against its JSON Schema, HTML escaping, and the CLI's one-line errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner

from sla_drafter.cli import cli
from sla_drafter.resources import examples_dir
from sla_drafter.rfp.compare import compare_documents
from sla_drafter.rfp.matrix import COMPLY_CHOICES, INSTRUCTIONS_SHEET, MATRIX_SHEET, build_matrix
from sla_drafter.rfp.requirements import load_requirements
from sla_drafter.rfp.section import render_section

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = examples_dir() / "requirements" / "rfp.yaml"
SCHEMA = json.loads((ROOT / "docs" / "compare.schema.json").read_text(encoding="utf-8"))

VENDOR_A = """\
# Alder Systems Service Level Agreement

## 1. Availability
Availability will be 99.95% in each calendar month, measured by an independent third-party monitoring service.

## 2. Support

| Severity | Response | Resolution |
| --- | --- | --- |
| Severity 1 | 15 minutes | 4 hours |
| Severity 2 | 1 hour | 8 hours |
| Severity 3 | 4 business hours | 3 business days |
| Severity 4 | 1 business day | 10 business days |

## 3. Credits
Service credits are applied automatically. Credits are capped at 30% of the monthly fees.

## 4. Termination
If Availability falls below the target in three (3) months in any six (6) consecutive months, the Customer may terminate this Agreement.
"""

VENDOR_B = """\
BIRCH HOSTING - SERVICE LEVELS

1. UPTIME
The Hosted Service shall achieve Availability of at least 99.9% measured over each calendar year, as measured by Birch's monitoring tools.

2. SERVICE CREDITS
The Customer must claim credits within 5 days of the end of the month. Credits are capped at 10% of the monthly fees.
"""


@pytest.fixture
def vendors(tmp_path: Path) -> list[Path]:
    a = tmp_path / "alder.md"
    a.write_text(VENDOR_A, encoding="utf-8")
    b = tmp_path / "birch.txt"
    b.write_text(VENDOR_B, encoding="utf-8")
    return [a, b]


def _matrix(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# ----------------------------------------------------------------- response matrix


def test_blank_matrix_layout_validation_and_protection() -> None:
    reqs = load_requirements(EXAMPLE)
    wb = _matrix(build_matrix(reqs))
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, MATRIX_SHEET]
    ws = wb[MATRIX_SHEET]
    header = [c.value for c in ws[1]]
    assert header == ["ID", "Requirement", "Required level", "Mandatory / desirable", "Weight", "Offered level",
                      "Comply", "Bidder's comments", "Reference to bidder's SLA"]
    assert ws.max_row == 1 + len(reqs.requirements)
    first = [c.value for c in ws[2]]
    assert first[:5] == ["SLR-01", "Platform availability", "at least 99.9% per calendar month; on a 24x7 clock", "mandatory", 10]
    assert first[5:] == [None, None, None, None]
    # header frozen, print titles, landscape fitted to one page wide
    assert ws.freeze_panes == "C2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.column_dimensions["C"].width == 48 and ws["C2"].alignment.wrap_text
    # comply dropdown on every answer row
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(COMPLY_CHOICES) + '"'
    assert str(dv.sqref) == f"G2:G{ws.max_row}"
    # protected sheet, no password; buyer's cells locked, bidder's open
    assert ws.protection.sheet is True and not ws.protection.password
    assert all(ws.cell(row=2, column=c).protection.locked for c in range(1, 6))
    assert not any(ws.cell(row=2, column=c).protection.locked for c in range(6, 10))
    instructions = wb[INSTRUCTIONS_SHEET]
    labels = [instructions.cell(row=r, column=1).value for r in range(1, instructions.max_row + 1)]
    assert "Deadline" in labels and "Contact" in labels and "How to answer" in labels


def test_matrix_filled_from_one_vendor(vendors: list[Path]) -> None:
    reqs = load_requirements(EXAMPLE)
    comparison = compare_documents(reqs, vendors[:1])
    ws = _matrix(build_matrix(reqs, comparison.vendors))[MATRIX_SHEET]
    row = {c.column_letter: c.value for c in ws[2]}  # SLR-01 availability
    assert row["F"] == "99.95% per calendar month" and row["G"] == "Yes"
    assert row["H"].startswith("exceeded: ") and row["I"] == "§1. Availability"
    assert "99.95%" in ws["F2"].comment.text  # the vendor's own words
    comply = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=7).value for r in range(2, ws.max_row + 1)}
    assert comply["SLR-10"] == "No"  # no indemnity in this SLA
    assert set(comply.values()) <= {"Yes", "No", "Partial", None}


def test_matrix_side_by_side_with_scores(vendors: list[Path]) -> None:
    reqs = load_requirements(EXAMPLE)
    comparison = compare_documents(reqs, vendors)
    ws = _matrix(build_matrix(reqs, comparison.vendors))[MATRIX_SHEET]
    header = [c.value for c in ws[1]]
    assert header[5:10] == ["alder.md: Offered level", "alder.md: Comply", "alder.md: Status", "alder.md: Reason", "alder.md: SLA reference"]
    assert header[10] == "birch.txt: Offered level"
    score_row = ws.max_row - 1
    assert ws.cell(row=score_row, column=1).value == "Score"
    scores = [ws.cell(row=score_row, column=6).value, ws.cell(row=score_row, column=11).value]
    assert scores == [v.score() for v in comparison.vendors] and scores[0] > scores[1]
    assert ws.cell(row=2, column=13).value == "weaker"  # birch: 99.9% per year against 99.9% per month
    assert len(ws.data_validations.dataValidation[0].sqref.ranges) == 2


# ----------------------------------------------------------------- RFP section


def test_section_markdown_is_numbered_and_deterministic() -> None:
    reqs = load_requirements(EXAMPLE)
    text = render_section(reqs, "md").decode("utf-8")
    assert text == render_section(reqs, "md").decode("utf-8")
    assert "Issued by:" in text and "made between" not in text
    assert "## 1. Introduction and evaluation" in text and "## 2. Instructions to bidders" in text
    assert "## 4. Platform availability (SLR-01)" in text
    assert "**4.1** Required level: at least 99.9% per calendar month; on a 24x7 clock" in text
    assert "**4.3** Need: Mandatory: a bid that does not meet it may be excluded, weight 10" in text
    assert "| P1 | 30 minutes | 24 hours a day, 7 days a week |" in text
    assert text.count("The bidder must state") == len(reqs.requirements)


def test_section_docx_reads_back_with_word_styles() -> None:
    reqs = load_requirements(EXAMPLE)
    data = render_section(reqs, "docx")
    assert data == render_section(reqs, "docx")  # fixed timestamps
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["Service Level Requirements", "Request for proposal RFP-2026-007", "Issued by:"]
    assert not any("made between" in t for t in texts)
    # section and clause numbers are Word's own list numbering (level 0 "4.", level 1 "4.1")
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    headings = [p.text for p in numbered if p._p.pPr.numPr.ilvl.val == 0]
    assert headings[:4] == ["Introduction and evaluation", "Instructions to bidders", "Summary of requirements",
                            "Platform availability (SLR-01)"]  # fmt: skip
    assert len(headings) == 3 + len(reqs.requirements)
    clauses = [p.text for p in numbered if p._p.pPr.numPr.ilvl.val == 1]
    assert "Required level: at least 99.9% per calendar month; on a 24x7 clock" in clauses
    assert sum(t.startswith("The bidder must state") for t in clauses) == len(reqs.requirements)
    tables = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["ID", "Requirement", "Required level", "Need", "Weight"] in tables
    assert document.core_properties.category == "Request for Proposal"


def test_section_pdf_has_the_requirements() -> None:
    import pypdfium2

    data = render_section(load_requirements(EXAMPLE), "pdf")
    pdf = pypdfium2.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Issued by:" in text and "SLR-13" in text and "made between" not in text


# ----------------------------------------------------------------- compare CLI


def test_compare_json_matches_the_schema_and_is_deterministic(vendors: list[Path]) -> None:
    runner = CliRunner()
    one = runner.invoke(cli, ["compare", str(EXAMPLE), str(vendors[0]), "--format", "json"])
    assert one.exit_code == 0, one.output
    data = json.loads(one.output)
    jsonschema.validate(data, SCHEMA)
    assert data["requirements"][0]["status"] == "exceeded"
    assert runner.invoke(cli, ["compare", str(EXAMPLE), str(vendors[0]), "--format", "json"]).output == one.output
    many = runner.invoke(cli, ["compare", str(EXAMPLE), *map(str, vendors), "--format", "json"])
    both = json.loads(many.output)
    jsonschema.validate(both, SCHEMA)
    assert [v["vendor"] for v in both["vendors"]] == [str(v) for v in vendors]
    # a status outside the five fails the schema
    data["requirements"][0]["status"] = "compliant"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_compare_human_side_by_side(vendors: list[Path]) -> None:
    result = CliRunner().invoke(cli, ["compare", str(EXAMPLE), *map(str, vendors)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    row = next(line for line in lines if line.startswith("SLR-01"))
    assert row.split()[3:5] == ["exceeded", "WEAKER"]
    assert any(line.startswith("SCORE") for line in lines)


def test_compare_html_escapes_vendor_text(tmp_path: Path) -> None:
    vendor = tmp_path / "x.txt"
    vendor.write_text("AVAILABILITY\n\nAvailability of the <script>alert(1)</script> service will be 99.5% in each calendar month.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["compare", str(EXAMPLE), str(vendor), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_compare_xlsx_needs_an_output_and_writes_one(tmp_path: Path, vendors: list[Path]) -> None:
    runner = CliRunner()
    refused = runner.invoke(cli, ["compare", str(EXAMPLE), str(vendors[0]), "--format", "xlsx"])
    assert refused.exit_code == 2 and refused.output.strip() == "error: --format xlsx needs -o FILE.xlsx"
    out = tmp_path / "filled.xlsx"
    assert runner.invoke(cli, ["compare", str(EXAMPLE), str(vendors[0]), "-o", str(out)]).exit_code == 0
    assert openpyxl.load_workbook(out)[MATRIX_SHEET]["G2"].value == "Yes"


def test_bad_requirements_unreadable_vendor_and_existing_output(tmp_path: Path, vendors: list[Path]) -> None:
    runner = CliRunner()
    bad = tmp_path / "req.yaml"
    bad.write_text("sla_drafter_requirements: 1\nrfp: {buyer: X}\nrequirements:\n  - {id: SLR-1, kind: audit, need: desirable}\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(bad), str(vendors[0])])
    assert result.exit_code == 2
    assert result.output == f"error: {bad}:4 requirements[0].id: must match the pattern 'SLR-[0-9]{{2,}}' (e.g. SLR-01)\n"

    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a docx")
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["compare", str(EXAMPLE), str(broken), str(vendors[0]), "-o", str(out)])
    assert result.exit_code == 2
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and str(broken) in error_lines[0]
    assert json.loads(out.read_text(encoding="utf-8"))["vendor"] == str(vendors[0])  # the other still compared

    before = out.read_bytes()
    again = runner.invoke(cli, ["compare", str(EXAMPLE), str(vendors[0]), "-o", str(out)])
    assert again.exit_code == 2
    assert again.output.strip() == f"error: {out}: already exists; use --force to overwrite"
    assert out.read_bytes() == before
    matrix = tmp_path / "m.xlsx"
    matrix.write_bytes(b"keep")
    kept = runner.invoke(cli, ["rfp", str(EXAMPLE), "-o", str(matrix)])
    assert kept.exit_code == 2 and matrix.read_bytes() == b"keep"
    assert runner.invoke(cli, ["rfp", str(EXAMPLE), "-o", str(matrix), "--force"]).exit_code == 0
    assert openpyxl.load_workbook(matrix).sheetnames == [INSTRUCTIONS_SHEET, MATRIX_SHEET]


def test_rfp_cli_formats_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    for suffix in (".md", ".docx"):
        out = tmp_path / f"section{suffix}"
        result = runner.invoke(cli, ["rfp", str(EXAMPLE), "-o", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 0
    wrong = runner.invoke(cli, ["rfp", str(EXAMPLE), "-o", str(tmp_path / "x.odt")])
    assert wrong.exit_code == 2 and "unsupported output type '.odt'" in wrong.output
    missing = runner.invoke(cli, ["rfp", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "m.xlsx")])
    assert missing.exit_code == 2 and missing.output.strip() == f"error: {tmp_path / 'none.yaml'}: file not found"
    assert not (tmp_path / "m.xlsx").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("sla_drafter_requirements: 1\nrfp: {buyer: X}\nrequirements:\n  - {id: SLR-01, kind: availability, need: must}\n", encoding="utf-8")
    for out in ("m.xlsx", "s.docx"):
        result = runner.invoke(cli, ["rfp", str(bad), "-o", str(tmp_path / out)])
        assert result.exit_code == 2 and not (tmp_path / out).exists()
        assert result.output.splitlines() == [
            f"error: {bad}:4 requirements[0]: an availability requirement needs target",
            f"{bad}:4 requirements[0].need: unknown value 'must'; expected one of: mandatory, desirable",
        ]


def test_buyer_loop_three_vendors_docx_pdf_html(tmp_path: Path) -> None:
    """init -> section and matrix -> three vendors' SLAs (Word, PDF, web page) -> scored matrix and gap report."""
    import weasyprint

    runner = CliRunner()
    req = tmp_path / "requirements.yaml"
    assert runner.invoke(cli, ["init", "--kind", "rfp", "-o", str(req)]).exit_code == 0
    assert runner.invoke(cli, ["rfp", str(req), "-o", str(tmp_path / "section.docx")]).exit_code == 0
    assert runner.invoke(cli, ["rfp", str(req), "-o", str(tmp_path / "matrix.xlsx")]).exit_code == 0

    word = tmp_path / "alder.docx"
    document = docx.Document()
    for line in VENDOR_A.splitlines():
        if line.startswith("## "):
            document.add_heading(line[3:], level=1)
        elif line and not line.startswith(("|", "#")):
            document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    for r, cells in enumerate([("Severity", "Response", "Resolution"), ("Severity 1", "15 minutes", "4 hours"),
                               ("Severity 2", "1 hour", "8 hours")]):  # fmt: skip
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(str(word))
    pdf = tmp_path / "birch.pdf"
    paragraphs = "".join(f"<p>{line}</p>" for line in VENDOR_B.splitlines() if line)
    weasyprint.HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf(str(pdf))
    web = tmp_path / "cedar.html"
    web.write_text(
        "<html><body><h1>Cedar SLA</h1><h2>Availability</h2><p>Availability will be 99.9% in each calendar month.</p>"
        "<h2>Indemnity</h2><p>Cedar shall indemnify the Customer against third-party claims.</p></body></html>",
        encoding="utf-8",
    )
    evaluation = tmp_path / "evaluation.xlsx"
    result = runner.invoke(cli, ["compare", str(req), str(word), str(pdf), str(web), "-o", str(evaluation)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(evaluation)[MATRIX_SHEET]
    groups = [c.value for c in ws[1] if c.value and c.value.endswith(": Status")]
    assert groups == ["alder.docx: Status", "birch.pdf: Status", "cedar.html: Status"]
    statuses = [ws.cell(row=2, column=c).value for c in (8, 13, 18)]  # SLR-01 per vendor
    assert statuses == ["exceeded", "weaker", "met"]
    birch_offer = ws.cell(row=2, column=11).value
    assert birch_offer.startswith("99.9% per year") and ws.cell(row=2, column=15).value.startswith("p. 1")
    gap = runner.invoke(cli, ["compare", str(req), str(word), str(pdf), str(web)])
    assert "## " + str(pdf) in gap.output and "SLR-08  WEAKER" in gap.output


def test_matrix_bytes_are_reproducible(vendors: list[Path]) -> None:
    reqs = load_requirements(EXAMPLE)
    assert build_matrix(reqs) == build_matrix(reqs)
    comparison = compare_documents(reqs, vendors)
    assert build_matrix(reqs, comparison.vendors) == build_matrix(reqs, compare_documents(reqs, vendors).vendors)
    assert _matrix(build_matrix(reqs)).properties.created.date().isoformat() == "2026-02-02"
    import zipfile

    with zipfile.ZipFile(io.BytesIO(build_matrix(reqs))) as package:  # member times: the issue date, not now
        assert {info.date_time for info in package.infolist()} == {(2026, 2, 2, 0, 0, 0)}
