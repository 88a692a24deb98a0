"""Word-native DOCX: clause numbers from Word's multilevel numbering, cross-references as REF
fields to bookmarks on the numbered paragraphs, and our reader reading the numbers back."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from test_render import sample_agreement

from sla_drafter.agreement import Paragraph, Section
from sla_drafter.assemble import _build
from sla_drafter.assemble.docx import render_docx
from sla_drafter.read import read_document

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _body(data: bytes) -> object:
    return docx.Document(io.BytesIO(data)).element.body


def _numbered(body: object) -> list[tuple[str, str]]:
    """(numId, ilvl) of every paragraph numbered directly."""
    out = []
    for num in body.iter(f"{W}numPr"):  # type: ignore[attr-defined]
        out.append((num.find(f"{W}numId").get(f"{W}val"), num.find(f"{W}ilvl").get(f"{W}val")))
    return out


def _refs_and_bookmarks(body: object) -> tuple[list[tuple[str, str]], set[str]]:
    """(bookmark, cached result) of each REF field, and the names of the bookmarks."""
    marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}  # type: ignore[attr-defined]
    refs: list[tuple[str, str]] = []
    for p in body.iter(f"{W}p"):  # type: ignore[attr-defined]
        state, target, shown = "", "", []
        for r in p.iter(f"{W}r"):
            fld = r.find(f"{W}fldChar")
            if fld is not None:
                kind = fld.get(f"{W}fldCharType")
                if kind == "begin":
                    state, target, shown = "code", "", []
                elif kind == "separate":
                    state = "result"
                elif kind == "end":
                    refs.append((target, "".join(shown)))
                    state = ""
                continue
            instr = r.find(f"{W}instrText")
            if state == "code" and instr is not None:
                m = re.match(r"\s*REF\s+(\S+)", instr.text or "")
                target = m.group(1) if m else ""
            elif state == "result":
                shown.extend(t.text or "" for t in r.iter(f"{W}t"))
    return refs, marks


@pytest.mark.parametrize("stance", ["customer", "balanced", "provider"])
@pytest.mark.parametrize("spec", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_drafts_with_word_numbering_and_live_cross_references(spec: Path, stance: str) -> None:
    agreement, _ = _build(spec, stance)
    data = render_docx(agreement)
    body = _body(data)
    numbered = _numbered(body)
    sections = sum(1 for part in agreement.parts for s in part.sections if s.number)
    clauses = sum(
        1 for part in agreement.parts for s in part.sections for p in s.content
        if isinstance(p, Paragraph) and p.number and p.style != "list"
    )
    assert len(numbered) == sections + clauses
    assert len({n for n, _ in numbered}) == 1  # one list, numbered continuously
    assert {lvl for _, lvl in numbered} >= {"0", "1"}
    refs, marks = _refs_and_bookmarks(body)
    assert refs, "the example cross-refers to no section"
    for target, shown in refs:
        assert target in marks, target
        assert target == "_RefSLA" + shown.replace(".", "_")  # the cached result is its number
    # no typed number is left in front of a clause
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert not any(re.match(r"\d+\.\d+\t", t) for t in texts)


def test_the_reader_reads_the_numbers_word_shows() -> None:
    agreement = sample_agreement()
    doc = read_document_from_bytes(render_docx(agreement))
    lines = [b.text for b in doc.blocks]
    assert "1. Service Description" in lines
    assert any(t.startswith("1.1 Provider shall provide the Northwind Fleet Platform") for t in lines)
    assert any(t.startswith("4.2 Credits in any month are capped at 30%") for t in lines)


def read_document_from_bytes(data: bytes) -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.docx"
        path.write_bytes(data)
        return read_document(path)


def test_a_reference_becomes_a_field_only_for_a_number_of_this_agreement() -> None:
    agreement = sample_agreement()
    part = agreement.parts[0]
    section = part.sections[1]
    text = "Escalate under Section 1 or clause 4.2, as clause 9.9 of the Framework Agreement allows."
    changed = replace(section, content=[*section.content[:1], Paragraph(text, "2.2")])
    agreement = replace(agreement, parts=[replace(part, sections=[part.sections[0], changed]), *agreement.parts[1:]])
    refs, marks = _refs_and_bookmarks(_body(render_docx(agreement)))
    assert sorted(shown for _, shown in refs) == ["1", "4.2"]
    assert all(target in marks for target, _ in refs)


def test_numbers_word_would_not_reproduce_stay_typed() -> None:
    agreement = sample_agreement()
    part = agreement.parts[0]
    skipped = replace(part.sections[1], number="5")  # 1 then 5: Word would show 2
    agreement = replace(agreement, parts=[replace(part, sections=[part.sections[0], skipped]), *agreement.parts[1:]])
    data = render_docx(agreement)
    assert _numbered(_body(data)) == []
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "5. Dispute Resolution" in texts
    assert any(t.startswith("1.1\tProvider shall provide") for t in texts)


def test_section_typing_keeps_working_without_numbers() -> None:
    agreement = sample_agreement()
    part = agreement.parts[0]
    plain = Section("", "Background", level=2, content=[Paragraph("No numbers here.")])
    agreement = replace(agreement, parts=[replace(part, sections=[plain, *part.sections]), *agreement.parts[1:]])
    texts = [p.text for p in docx.Document(io.BytesIO(render_docx(agreement))).paragraphs]
    assert "Background" in texts
