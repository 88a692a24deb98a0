"""Signature block, per kind, in every format: an SLA's parties sign (name, title, date lines);
an internal OLA's teams approve by role (team, role, name, date). Read back from the files."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
import yaml

from sla_drafter.assemble import draft
from sla_drafter.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _expected(spec_path: Path) -> tuple[str, list[str], list[list[str]]]:
    """(heading, header, first cells of each row) the spec's kind calls for."""
    spec = load_spec(spec_path)
    if spec.is_ola:
        teams = spec.data["parties"]["teams"]
        return ("Approval", ["Team", "Approving role", "Name", "Signature", "Date"],
                [[t["name"], t["manager"]] for t in teams])
    return ("Signatures", ["Signed for", spec.party_name("provider"), spec.party_name("customer")],
            [["Signature"], ["Name"], ["Title"], ["Date"]])


@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.stem)
def test_markdown_signature_block(spec_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.md"
    draft(spec_path, out, force=True)
    heading, header, rows = _expected(spec_path)
    text = out.read_text(encoding="utf-8")
    tail = text[text.index(f"\n## {heading}\n"):]
    assert "| " + " | ".join(header) + " |" in tail
    for row in rows:
        assert "| " + " | ".join(row) + " |" in tail
    assert text.rstrip().endswith("|"), "the signature block closes the document"


@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.stem)
def test_docx_signature_block(spec_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    draft(spec_path, out, force=True)
    heading, header, rows = _expected(spec_path)
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert heading in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == header
    body = table.rows[1:]
    assert len(body) == len(rows)
    for row, expected in zip(body, rows, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[: len(expected)] == expected
        assert cells[header.index("Signature") if "Signature" in header else 1] == ""
        height = row._tr.find(f"{W}trPr/{W}trHeight")
        assert height is not None and int(height.get(f"{W}val")) >= 800  # room to sign


@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.stem)
def test_pdf_signature_block(spec_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    draft(spec_path, out, force=True)
    heading, header, rows = _expected(spec_path)
    pdf = pdfium.PdfDocument(str(out))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    tail = text[text.rindex(heading):]
    for word in [*header, *(cell for row in rows for cell in row)]:
        assert word in tail, word


def test_signatory_names_and_titles_come_from_the_spec(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "examples" / "saas.yaml").read_text(encoding="utf-8"))
    data["parties"]["provider"]["signatory"] = {"name": "Ada Byrne", "title": "Chief Operating Officer"}
    data["parties"]["customer"]["signatory"] = {"title": "Head of Procurement"}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "d.docx"
    draft(spec, out, force=True)
    table = docx.Document(str(out)).tables[-1]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Name"] == ["Ada Byrne", ""]
    assert rows["Title"] == ["Chief Operating Officer", "Head of Procurement"]
    assert rows["Date"] == ["", ""] and rows["Signature"] == ["", ""]


def test_ola_approver_name_comes_from_the_spec(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "examples" / "internal-ola.yaml").read_text(encoding="utf-8"))
    data["parties"]["teams"][0]["approver"] = "Niamh Walsh"
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "d.md"
    draft(spec, out, force=True)
    assert "| Network Operations | Network Operations Manager | Niamh Walsh |  |  |" in out.read_text(encoding="utf-8")
