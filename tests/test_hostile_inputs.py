"""Hostile and careless files, built at test time: each is read, or refused with one line
naming the file, fast and in little memory; nothing escapes as a traceback."""

from __future__ import annotations

import io
import os
import struct
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fuzzing import build_docx, page_stream, pdf_bytes

from sla_drafter.errors import InputError
from sla_drafter.read import read_document, read_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def one_line_error(path: Path, match: str = "") -> InputError:
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(f"{path}: "), message
    assert match in message, message
    return err.value


def docx_with(path: Path, changes: dict[str, bytes | None], *, base: bytes | None = None) -> Path:
    """The seed DOCX with some members replaced or added (None: removed)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base or build_docx())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        names = src.namelist()
        for info in src.infolist():
            data = changes.get(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in changes.items():
            if name not in names and data is not None:
                dst.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def comments_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(build_docx())) as zf:
        data = zf.read("word/comments.xml")
    return data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:comments [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9))
    + b"]>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE w:comments [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
XXE_HTTP = b'<?xml version="1.0"?><!DOCTYPE w:comments [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'


# -- DOCX: entities ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prolog", "ref"),
    [("laughs", BILLION_LAUGHS, b"&j;"), ("xxe", XXE, b"&x;"), ("xxe-http", XXE_HTTP, b"&x;")],
)
def test_entities_in_comments_are_refused_with_one_line(
    tmp_path: Path, name: str, prolog: bytes, ref: bytes
) -> None:
    body = prolog + comments_xml().replace(b"sla-lint:", ref + b" sla-lint:", 1)
    path = docx_with(tmp_path / f"{name}.docx", {"word/comments.xml": body})
    start = time.perf_counter()
    one_line_error(path, "declares a DTD or entities")
    assert time.perf_counter() - start < 5


def test_entities_in_document_part_are_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(build_docx())) as zf:
        doc = zf.read("word/document.xml").split(b"?>", 1)[1]
    prolog = BILLION_LAUGHS.replace(b"w:comments", b"w:document")
    path = docx_with(tmp_path / "laughs.docx", {"word/document.xml": prolog + doc})
    one_line_error(path, "word/document.xml declares a DTD")


def test_annotate_refuses_entities_with_one_line(tmp_path: Path) -> None:
    from sla_drafter.annotator import annotate

    body = BILLION_LAUGHS + comments_xml().replace(b"sla-lint:", b"&j; sla-lint:", 1)
    path = docx_with(tmp_path / "laughs.docx", {"word/comments.xml": body})
    with pytest.raises(InputError) as err:
        annotate(path, tmp_path / "out.docx")
    assert "\n" not in str(err.value) and str(err.value).startswith(str(path))
    assert not (tmp_path / "out.docx").exists()


def test_python_docx_parses_with_the_hardened_parser(tmp_path: Path) -> None:
    """After a read, python-docx's own parsers are ours: no entity is substituted even
    where a DTD would otherwise declare one (its parser is module state anyone can replace)."""
    from docx.opc import oxml as opc
    from docx.oxml import parser as oxml

    from sla_drafter.read.docx import _HARDENED

    read_document(docx_with(tmp_path / "plain.docx", {}))
    assert oxml.oxml_parser in _HARDENED and opc.oxml_parser in _HARDENED
    xml = (
        b'<!DOCTYPE w:p [<!ENTITY e "expanded">]><w:p xmlns:w="' + W.encode() + b'">'
        b"<w:r><w:t>&e;</w:t></w:r></w:p>"
    )
    element = oxml.parse_xml(xml)
    assert "expanded" not in "".join(element.itertext())


# -- DOCX: bombs and broken parts --------------------------------------------------------


def test_zip_bomb_in_document_part_fails_fast(tmp_path: Path) -> None:
    """Whitespace compresses about 1,000 to 1: a few hundred KiB that expand to 100 MiB."""
    with zipfile.ZipFile(io.BytesIO(build_docx())) as zf:
        doc = zf.read("word/document.xml")
    cut = doc.index(b"</w:body>")
    bomb = doc[:cut] + b" " * (100 * 2**20) + doc[cut:]
    path = docx_with(tmp_path / "bomb.docx", {"word/document.xml": bomb})
    del bomb
    assert path.stat().st_size < 2 * 2**20
    start = time.perf_counter()
    one_line_error(path, "zip bomb")
    assert time.perf_counter() - start < 2


def test_zip_bomb_many_tiny_paragraphs(tmp_path: Path) -> None:
    """A million tiny paragraphs: within the size cap but compressed hundreds to one."""
    with zipfile.ZipFile(io.BytesIO(build_docx())) as zf:
        doc = zf.read("word/document.xml")
    cut = doc.index(b"</w:body>")
    many = doc[:cut] + b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 600_000 + doc[cut:]
    path = docx_with(tmp_path / "paragraphs.docx", {"word/document.xml": many})
    start = time.perf_counter()
    one_line_error(path, "zip bomb")
    assert time.perf_counter() - start < 2


def test_huge_image_part_is_refused(tmp_path: Path) -> None:
    image = "word/media/image1.png"
    path = docx_with(tmp_path / "image.docx", {image: b"\x89PNG\r\n\x1a\n" + bytes(100 * 2**20)})
    one_line_error(path, image)


def test_part_larger_than_its_header_says_is_refused(tmp_path: Path) -> None:
    """A central directory that under-declares a part: zipfile reads no further than the
    header says and the checksum then fails, reported as a damaged part."""
    path = docx_with(tmp_path / "lying.docx", {})
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    at = data.index(b"PK\x01\x02" + bytes(0))
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", data, at + 24, 100)  # uncompressed size
    path.write_bytes(bytes(data))
    one_line_error(path, "part word/document.xml is damaged")


def test_document_part_in_a_foreign_namespace(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(build_docx())) as zf:
        doc = zf.read("word/document.xml")
    path = docx_with(
        tmp_path / "foreign.docx", {"word/document.xml": doc.replace(W.encode(), b"urn:x-other")}
    )
    one_line_error(path, "not WordprocessingML")


def test_lxml_multi_line_message_is_one_line(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(build_docx())) as zf:
        doc = zf.read("word/document.xml")
    path = docx_with(
        tmp_path / "nul.docx", {"word/document.xml": doc.replace(b"<w:t>", b"<w:t>\x00", 1)}
    )
    one_line_error(path, "not a readable DOCX")


# -- PDF -----------------------------------------------------------------------------------


def test_two_thousand_page_pdf(tmp_path: Path) -> None:
    pages = [
        page_stream(
            [(760, "Acme SLA"), (700, f"{k}. The Provider answers call {k}."), (40, f"Page {k}")]
        )
        for k in range(1, 2001)
    ]
    path = tmp_path / "many.pdf"
    path.write_bytes(pdf_bytes(pages))
    start = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - start < 20
    assert doc.pages == 2000
    assert "2000. The Provider answers call 2000." in doc.text
    assert "Acme SLA" not in doc.text and "Page 7" not in doc.text


def test_one_short_clause_per_page_is_not_stripped_as_furniture(tmp_path: Path) -> None:
    """Clauses that differ only in their number, one per page at the top: content, not a
    running header, even though digits aside they repeat on every page."""
    pages = [page_stream([(760, f"Clause {k} applies to the Service.")]) for k in range(1, 7)]
    path = tmp_path / "clauses.pdf"
    path.write_bytes(pdf_bytes(pages))
    doc = read_document(path)
    for k in range(1, 7):
        assert f"Clause {k} applies to the Service." in doc.text


def test_running_header_and_page_numbers_still_stripped_beside_one_clause_pages(
    tmp_path: Path,
) -> None:
    pages = [
        page_stream(
            [(760, "Acme Confidential"), (700, f"Clause {k} applies."), (40, f"Page {k} of 6")]
        )
        for k in range(1, 7)
    ]
    path = tmp_path / "furniture.pdf"
    path.write_bytes(pdf_bytes(pages))
    doc = read_document(path)
    assert "Clause 6 applies." in doc.text
    assert "Acme Confidential" not in doc.text and "of 6" not in doc.text


def test_near_zero_character_width_does_not_explode_indents() -> None:
    """A damaged font matrix: characters 1e-9 pt wide and a line far right made an
    indent of 1e15 spaces (MemoryError, or gigabytes on the way)."""
    from sla_drafter.read.pdf import _MAX_INDENT, _columns, _items, _Line, _Seg

    assert _columns(1e6, 1e-9) == _MAX_INDENT
    assert _columns(float("nan"), 5.0) == 0 and _columns(10.0, float("inf")) == 0
    assert _columns(50.0, 0.0) == 0 and _columns(-40.0, 5.0) == 0
    lines = []
    for x0, y, text in (
        (72.0, 700.0, "The Provider shall make the Service available"),
        (1e6, 680.0, "99.9% of the time in each month, measured"),
    ):
        line = _Line.of(_Seg(x0, y, x0 + 1e-9 * len(text), y + 11, text, -1))
        line.text, line.size = text, 11.0
        lines.append(line)
    items = _items([(lines, 792.0)])
    assert any("99.9% of the time" in text for _, text, _ in items)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="budgets need fork")
def test_pdf_past_its_time_budget_is_refused(tmp_path: Path) -> None:
    """pdfium rebuilding a broken cross-reference table with thousands of duplicated
    objects takes many seconds inside C code: the budget stops it, one line."""
    from fuzzing import make_case

    hostile = make_case("pdf", 310)  # about 14 s in FPDF_LoadDocument alone
    path = tmp_path / "slow.pdf"
    path.write_bytes(hostile)
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"took longer than 0\.5 s") as err:
        read_document(path, time_limit=0.5)
    assert time.perf_counter() - start < 5
    assert "\n" not in str(err.value)


def test_text_mentioning_pdf_magic_is_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "Attachments must be sent as PDF files (they begin with %PDF-1.7).\n\n"
        "The Provider shall make the Service available 99.9% of the time.\n"
    )
    doc = read_document(path)
    assert doc.meta["format"] == "text"
    assert "99.9% of the time" in doc.text


def test_pdf_with_junk_before_its_header_is_still_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "mailed.pdf"
    path.write_bytes(
        b"X-Gateway: scanned\r\n" + pdf_bytes([page_stream(["Service credits apply."])])
    )
    assert read_document(path).meta["format"] == "pdf"


# -- text, Markdown, HTML ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("markdown", "> " * 50_000 + "deep quote"),
        ("markdown", "".join("  " * k + "- item\n" for k in range(3000))),
        ("markdown", "\x01\n<!-- sla-lint: disable=x -->\n\x01\nThe Provider shall respond."),
        ("markdown", "Escaped \\* and \x0099999999999\x00 and \x00\x00 NULs stay text."),
        ("text", "The Provider\u202e shall\u200f respond\x00 within 4 hours.\n" * 2000),
        ("html", "<div>" * 50_000 + "deep"),
        ("html", "<p>" + "<span>" * 250 + "ok"),
    ],
)
def test_deep_or_odd_text_reads_or_refuses_with_one_line(fmt: str, text: str) -> None:
    start = time.perf_counter()
    try:
        read_text(text, "odd", fmt)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("odd: ")
    assert time.perf_counter() - start < 5


def test_deep_html_says_why() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        read_text("<html><body>" + "<div>" * 400 + "text", "deep.html", "html")


def _lint_seconds(text: str) -> float:
    from sla_drafter.lint import lint_document

    doc = read_text(text, "x.txt")
    start = time.perf_counter()
    lint_document(doc)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit",
    [
        "Availability of the Service shall be at least 99.9%, ",  # one sentence, many percentages
        "Uptime   99.9%   of the time, ",  # gaps that look like table rows
    ],
)
def test_one_long_line_lints_as_fast_as_prose(unit: str) -> None:
    """Percentages on one 200 KB line used to rescan the line each (9 s for 20 KB)."""
    size = 200_000
    one_line = (unit * (size // len(unit) + 1))[:size]
    prose = "\n\n".join(
        ["The Provider shall make the Service available 99.9% of the time in each month."]
        * (size // 80)
    )
    _lint_seconds(prose[:2000])  # warm the rule and regex caches
    assert _lint_seconds(one_line) < 3 * _lint_seconds(prose) + 1


def test_twenty_thousand_markdown_table_lines_stay_linear() -> None:
    rows = "".join(f"| P{k % 4} | {k} minutes | 99.9% |\n" for k in range(20_000))
    start = time.perf_counter()
    read_text("# Support\n\n" + rows, "t.md", "markdown")  # no separator row: one paragraph
    read_text("# Support\n\n| a | b | c |\n|---|---|---|\n" + rows, "t.md", "markdown")
    assert time.perf_counter() - start < 5


# -- folders -------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_in_a_folder(tmp_path: Path) -> None:
    from sla_drafter.lint import lint

    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sla.txt").write_text("The Provider shall make the Service available 99.9%.\n")
    os.symlink(folder, folder / "sub" / "loop")
    os.symlink(folder / "missing", folder / "dangling.txt")
    start = time.perf_counter()
    result = lint([folder], jobs=1)
    assert time.perf_counter() - start < 30
    paths = [d.path for d in result.documents]
    assert sum(1 for p in paths if p.endswith("sla.txt")) == 1, paths


# -- annotate --------------------------------------------------------------------------------


def test_annotate_is_linear_in_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx scanned every comment for each new comment's id (10,000 findings took
    145 s); the existing comments are now read once per annotate, and the ids are the ones
    python-docx itself would give."""
    import docx
    from docx.oxml.comments import CT_Comments

    from sla_drafter.annotator import annotate

    d = docx.Document()
    d.add_heading("1. Support", level=1)
    for k in range(150):
        d.add_paragraph(
            f"{k + 1}. Response to incident {k} within {k % 7 + 2} hours, measured by the "
            "Provider, at its sole discretion, using commercially reasonable efforts."
        )
    src = tmp_path / "many.docx"
    d.save(str(src))
    scans = 0
    original = CT_Comments._next_available_comment_id

    def counting(element: CT_Comments) -> int:
        nonlocal scans
        scans += 1
        return original(element)

    monkeypatch.setattr(CT_Comments, "_next_available_comment_id", counting)
    result = annotate(src, tmp_path / "out.docx")
    assert len(result.comments) > 250
    assert scans == 1
    assert CT_Comments._next_available_comment_id is counting  # put back after
    ids = [c.comment_id for c in docx.Document(str(tmp_path / "out.docx")).comments]
    assert ids == list(range(len(result.comments)))


def test_pdf_char_index_none_does_not_refuse_a_readable_file(tmp_path: Path) -> None:
    """A mutated PDF whose first run has no char index and where pdfium finds no char at
    its position either (get_index -> None) was refused with "'>=' not supported"."""
    from fuzzing import make_case

    path = tmp_path / "case19.pdf"
    path.write_bytes(make_case("pdf", 19))
    doc = read_document(path)
    assert "99.9%" in doc.text


# -- the budgeted child ------------------------------------------------------------------


needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="budgets need fork")


@needs_fork
def test_budget_child_returns_results_and_input_errors() -> None:
    from sla_drafter.read import _sandbox

    assert _sandbox.run_budgeted(lambda: {"pages": [1, 2]}, "f.pdf") == {"pages": [1, 2]}

    def refuse() -> None:
        raise InputError("PDF is encrypted", "f.pdf")

    with pytest.raises(InputError, match=r"^f\.pdf: PDF is encrypted$"):
        _sandbox.run_budgeted(refuse, "f.pdf")
    with pytest.raises(InputError, match=r"^f\.pdf: not a readable PDF \(ZeroDivisionError: "):
        _sandbox.run_budgeted(lambda: 1 // 0, "f.pdf", what="PDF")


@needs_fork
def test_budget_child_sends_a_document_back_unchanged() -> None:
    """Blocks travel as argument tuples (a slotted dataclass pickles field by field in
    Python): the Document the parent gets equals the child's, with the same block types."""
    import pickle

    from sla_drafter.read import _sandbox, read_text

    text = "# Service Levels\n\n## Availability\n\n| Level | Credit |\n|---|---|\n| 99.9% | 10% |\n\n" + (
        "The Provider shall restore the Service within four hours. " * 40 + "\n\n"
    ) * 30
    doc = read_text(text, "sla.md", fmt="markdown")
    kinds = {b.kind for b in doc.blocks}
    assert len(kinds) >= 3 and any(b.heading_path for b in doc.blocks)
    back = _sandbox.run_budgeted(lambda: doc, "sla.md")
    assert back == doc and [type(b) for b in back.blocks] == [type(b) for b in doc.blocks]
    assert pickle.loads(_sandbox._dumps(("ok", doc))) == ("ok", doc)


@needs_fork
def test_budget_child_is_stopped_past_its_time() -> None:
    from sla_drafter.read import _sandbox

    start = time.perf_counter()
    with pytest.raises(InputError, match=r"took longer than 0\.3 s"):
        _sandbox.run_budgeted(lambda: time.sleep(30), "slow.pdf", seconds=0.3)
    assert time.perf_counter() - start < 5


@needs_fork
def test_budget_child_is_stopped_past_its_memory() -> None:
    from sla_drafter.read import _sandbox

    def hog() -> int:
        return len(bytearray(2 * 2**30))  # 2 GiB in one go

    with pytest.raises(InputError, match="MiB of memory") as err:
        _sandbox.run_budgeted(hog, "big.pdf", memory=256 * 2**20)
    assert str(err.value).startswith("big.pdf: ") and "\n" not in str(err.value)


def _slow(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _fail(kind: str) -> int:
    if kind == "refuse":
        raise InputError("PDF is encrypted", "f.pdf")
    return 1 // 0


@needs_fork
def test_reader_child_serves_file_after_file_within_budgets() -> None:
    """call_budgeted keeps one reader child between calls; a refusal keeps it, an exception
    or a run over time replaces it, and every budget still holds."""
    from sla_drafter.read import _sandbox

    first = _sandbox.call_budgeted(os.getpid, name="a.pdf")
    assert first != os.getpid()
    assert _sandbox.call_budgeted(os.getpid, name="b.pdf") == first  # the same child
    with pytest.raises(InputError, match=r"^f\.pdf: PDF is encrypted$"):
        _sandbox.call_budgeted(_fail, "refuse", name="f.pdf")
    assert _sandbox.call_budgeted(os.getpid, name="c.pdf") == first  # a refusal keeps it
    with pytest.raises(InputError, match=r"^f\.pdf: not a readable PDF \(ZeroDivisionError: "):
        _sandbox.call_budgeted(_fail, "crash", name="f.pdf", what="PDF")
    second = _sandbox.call_budgeted(os.getpid, name="d.pdf")
    assert second not in (first, os.getpid())  # an exception retires the child
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"took longer than 0\.3 s"):
        _sandbox.call_budgeted(_slow, 30.0, name="slow.pdf", seconds=0.3)
    assert time.perf_counter() - start < 5
    assert _sandbox.call_budgeted(_slow, 0.0, name="e.pdf") not in (second, os.getpid())


@needs_fork
def test_reader_child_interrupted_mid_request_is_not_used_again() -> None:
    """A reply the parent never read (Ctrl+C while it waited) must not answer the next call."""
    import signal

    from sla_drafter.read import _sandbox

    first = _sandbox.call_budgeted(os.getpid, name="a.pdf")

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(KeyboardInterrupt):
            _sandbox.call_budgeted(_slow, 1.0, name="slow.pdf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert _sandbox.call_budgeted(os.getpid, name="b.pdf") not in (first, os.getpid())


def test_time_limit_from_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from sla_drafter.read import _sandbox

    monkeypatch.delenv(_sandbox.TIME_LIMIT_ENV, raising=False)
    assert _sandbox.time_limit() == 30.0
    monkeypatch.setenv(_sandbox.TIME_LIMIT_ENV, "7.5")
    assert _sandbox.time_limit() == 7.5 and _sandbox.time_limit(2.0) == 2.0
    monkeypatch.setenv(_sandbox.TIME_LIMIT_ENV, "soon")
    assert _sandbox.time_limit() == 30.0
