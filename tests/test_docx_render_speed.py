"""The DOCX renderer's shortcuts give the document docxtpl gives: same bytes, less work.

`render_docx` renders the template's cover with docxtpl and puts the pre-built body in
afterwards, where passing the body to docxtpl as a value took it through passes that
change nothing in it. These tests hold the shortcuts to the one-step rendering.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docxtpl import DocxTemplate
from test_render import ESCAPES, INJECTION, escaped_agreement, sample_agreement

from sla_drafter.agreement import Agreement, Paragraph, Table
from sla_drafter.assemble import _build
from sla_drafter.assemble import docx as house
from sla_drafter.assemble.jinja import effective_datetime, sandboxed_env

ROOT = Path(__file__).resolve().parent.parent


def one_step(agreement: Agreement) -> bytes:
    """The draft as docxtpl renders it with the body in the context (the renderer before)."""
    tpl = DocxTemplate(str(house.template_path()))
    tpl.init_docx()
    context = house.docx_context(agreement, house.style_ids(tpl), house.add_clause_numbering(tpl))
    tpl.render(context, jinja_env=sandboxed_env())
    house.set_core_properties(tpl, agreement)
    when = effective_datetime(agreement)
    return house._save_fixed_time(tpl, (max(when.year, 1980), when.month, when.day, 0, 0, 0))


def hostile() -> Agreement:
    """Values that XML, docxtpl or Jinja treat specially, text that cleans to nothing, empty cells."""
    agreement = escaped_agreement()
    agreement.parts[0].sections[0].content[0].text += (
        f" {INJECTION} <?pi?> ]]> &amp; &#123; 'single' \"double\" \U0001f600 Section 2\u00a0and\u2009 4.2."
    )
    agreement.parts[0].sections[0].content.append(Paragraph("\x01\x02", "1.4"))
    agreement.parts[1].sections[0].content.append(Table("\x0b", ["", "B"], [["", ""], ["x\r\ny"]]))
    return agreement


CASES = {
    "sample": sample_agreement,
    "hostile": hostile,
    "multi-level": lambda: _build(ROOT / "examples" / "multi-level.yaml", "customer")[0],
    "ola": lambda: _build(ROOT / "examples" / "internal-ola.yaml", "provider")[0],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_body_put_in_after_rendering_gives_the_same_docx_bytes(name: str) -> None:
    agreement = CASES[name]()
    assert house.render_docx(agreement) == one_step(agreement)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_body_is_written_as_lxml_would_write_it(name: str) -> None:
    """So writing it into document.xml as it is equals parsing it into the tree and saving."""
    from lxml import etree

    agreement = CASES[name]()
    tpl = DocxTemplate(str(house.template_path()))
    tpl.init_docx()
    body = house.body_xml(agreement, house.style_ids(tpl), house.add_clause_numbering(tpl))
    body = body.replace("&#123;", "{").replace("&#125;", "}")
    wrapped = f'<w:body xmlns:w="{house._W_NS}">{body}</w:body>'
    assert etree.tostring(etree.fromstring(wrapped), encoding="unicode") == wrapped


def test_docxtpl_passes_never_see_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    listing = DocxTemplate.resolve_listing

    def spy(self: Any, xml: str) -> Any:
        seen.append(xml)
        return listing(self, xml)

    monkeypatch.setattr(DocxTemplate, "resolve_listing", spy)
    data = house.render_docx(hostile())
    assert seen and not any("Service Credits" in xml or "Dispute Resolution" in xml for xml in seen)
    assert b"Dispute Resolution" in _document_xml(data)
    assert f"Body {ESCAPES}.".encode() in _document_xml(data)


def test_style_ids_are_python_docx_lookups_by_name() -> None:
    tpl = DocxTemplate(str(house.template_path()))
    tpl.init_docx()
    styles = tpl.docx.styles
    assert house.style_ids(tpl) == {key: styles[name].style_id for key, name in house._STYLE_NAMES.items()}


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_text_skips_cleaning_only_where_cleaning_changes_nothing() -> None:
    def cleaned(value: str) -> str:
        from xml.sax.saxutils import escape

        return escape(house._WHITESPACE.sub(" ", house._XML_ILLEGAL.sub("", value))).translate(house._BRACES)

    # The shortcut's premise, over every code point: what cleaning removes or collapses is unprintable.
    for code in range(0x110000):
        c = chr(code)
        if house._XML_ILLEGAL.match(c) or (house._WHITESPACE.match(c) and c != " "):
            assert not c.isprintable(), hex(code)
    chars = [chr(c) for c in range(0x3100)] + ["\u2028", "\u2029", "\u3000", "\ufeff", "\ufffe", "\uffff"]
    for c in chars:
        for value in (f"a{c}b", f"a {c} b", f"{c}{c}", f" {c}", f"Section{c}4.2 {{x}} & <y>"):
            assert house._text(value) == cleaned(value), repr(value)


def test_reference_words_are_in_every_reference() -> None:
    """The substring test before the reference pattern only rules out text it cannot match."""
    pattern = house._REFERENCE.pattern
    assert pattern.startswith(r"\b(?:[Ss]ections?|SECTIONS?|[Cc]lauses?|CLAUSES?|[Pp]aragraphs?)\s+")
    for word in ("Section", "section", "SECTION", "Clause", "clause", "CLAUSE", "Paragraph", "paragraph"):
        for form in (word, word + ("S" if word.isupper() else "s")):
            text = f"see {form} 4.2"
            assert house._REFERENCE.search(text) and any(w in text for w in house._REFERENCE_WORDS)


def test_a_warm_render_compiles_none_of_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import Environment

    agreement = sample_agreement()
    first = house.render_docx(agreement)  # compiles the template's parts once, keeps the code
    compiled: list[str] = []
    compile_ = Environment.compile

    def spy(self: Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(source)[:40])
        return compile_(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", spy)
    assert house.render_docx(agreement) == first
    assert compiled == []


def test_template_members_written_as_stored_equal_compressing_them_again(monkeypatch: pytest.MonkeyPatch) -> None:
    agreement = sample_agreement()
    reused = house.render_docx(agreement)
    assert {"word/styles.xml", "word/stylesWithEffects.xml"} <= set(house._template_members())
    monkeypatch.setattr(house, "_template_members", dict)  # nothing stored: every member compressed
    assert house.render_docx(agreement) == reused


def test_a_warm_render_compresses_no_unchanged_template_member(monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    house.render_docx(sample_agreement())
    sizes: list[int] = []
    compressobj = zlib.compressobj

    class Spy:
        def __init__(self, *args: Any) -> None:
            self.inner = compressobj(*args)

        def compress(self, data: bytes) -> bytes:
            sizes.append(len(data))
            return self.inner.compress(data)

        def flush(self) -> bytes:
            return self.inner.flush()

    monkeypatch.setattr(zlib, "compressobj", Spy)
    data = house.render_docx(sample_agreement())
    assert sizes and max(sizes) < 100_000  # document.xml and the small changed parts only
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert len(archive.read("word/styles.xml")) > 300_000


def test_a_changed_template_member_is_compressed_again() -> None:
    """Same size, other content: the SHA-1 check, not the size, decides what is reused."""
    tpl = DocxTemplate(str(house.template_path()))
    tpl.init_docx()

    def edit(name: str, blob: bytes) -> bytes:
        return blob.replace(b"Clause", b"Clauze", 1) if name == "word/styles.xml" else blob

    data = house._save_fixed_time(tpl, (2026, 1, 1, 0, 0, 0), edit)
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(house.template_path()) as template:
        styles = archive.read("word/styles.xml")
        original = template.read("word/styles.xml")
    assert len(styles) == len(original) and styles != original
    assert styles == original.replace(b"Clause", b"Clauze", 1)


def test_styles_are_written_as_stored_without_serialising_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from docx.opc.part import XmlPart

    agreement = sample_agreement()
    first = house.render_docx(agreement)
    serialised: list[str] = []
    blob = XmlPart.blob

    def spy(self: XmlPart) -> bytes:
        serialised.append(self.partname.membername)
        return blob.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(XmlPart, "blob", property(spy))
    assert house.render_docx(agreement) == first
    assert "word/document.xml" in serialised and "word/styles.xml" not in serialised
    # ... and render_docx leaves them as they were: saving them afresh gives the same file.
    monkeypatch.setattr(house, "_UNCHANGED", frozenset())
    assert house.render_docx(agreement) == first
    assert "word/styles.xml" in serialised
