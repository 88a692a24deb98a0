"""Drafts go to the other side: their metadata names the agreement, never the drafting stance.

Each example is drafted in every stance to DOCX and PDF and the metadata read back:
title, parties, reference and version only; no author (a customer draft must not
name the provider as its author); no stance anywhere in the properties.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from sla_drafter.assemble import STANCES, draft
from sla_drafter.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
STANCE_WORDS = ("stance", "customer-side", "provider-side", "balanced")


def _no_stance(text: str) -> None:
    lowered = text.casefold()
    for word in STANCE_WORDS:
        assert word not in lowered, f"{word!r} in metadata: {text!r}"


@pytest.mark.parametrize("stance", STANCES)
@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.stem)
def test_docx_core_properties_are_neutral(spec_path: Path, stance: str, tmp_path: Path) -> None:
    out = tmp_path / "draft.docx"
    draft(spec_path, out, stance=stance, force=True)
    spec = load_spec(spec_path)
    props = docx.Document(str(out)).core_properties
    assert props.title == spec.title
    assert props.author == "" and props.last_modified_by == ""
    assert props.comments == ""
    assert spec.party_name("provider") in props.keywords
    assert spec.party_name("customer") in props.keywords
    reference = spec.data["agreement"].get("reference")
    if reference:
        assert reference in props.keywords and props.identifier == reference
    assert props.version == str(spec.data["agreement"].get("version", "1.0"))
    assert props.category == ("Operational Level Agreement" if spec.is_ola else "Service Level Agreement")
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        for name in archive.namelist():
            if name.startswith("docProps/") and name.endswith(".xml"):
                values = re.findall(r">([^<]+)<", archive.read(name).decode("utf-8"))
                _no_stance(" | ".join(values))


@pytest.mark.parametrize("stance", ["customer", "provider"])
@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.stem)
def test_pdf_metadata_is_neutral(spec_path: Path, stance: str, tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"
    draft(spec_path, out, stance=stance, force=True)
    spec = load_spec(spec_path)
    pdf = pdfium.PdfDocument(str(out))
    try:
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    assert meta["Title"] == spec.title
    assert not meta.get("Author")
    assert spec.party_name("customer") in meta["Keywords"]
    assert spec.party_name("provider") in meta["Keywords"]
    for value in meta.values():
        _no_stance(value)
