"""Readers: DOCX, PDF, plain text, Markdown and HTML -> Document.

`read_document(path)` detects the format by content first (magic bytes), then
by suffix. Heavy libraries (python-docx, pypdfium2, lxml) load only when a file
of that format is read, so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..errors import InputError
from ._build import finish

__all__ = ["FORMATS", "MAX_BYTES", "detect_format", "one_line", "read_document", "read_text"]

MAX_BYTES = 50 * 1024 * 1024  # refuse larger inputs: no real SLA is this big
FORMATS = ("docx", "pdf", "html", "markdown", "text")

_MARKDOWN_SUFFIXES = frozenset((".md", ".markdown", ".mdown", ".mkd"))
_HTML_SUFFIXES = frozenset((".html", ".htm", ".xhtml"))
_IMAGE_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
)


def _looks_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml"):
        end = start.find(b"?>")
        start = start[end + 2 :].lstrip() if end >= 0 else start
    return start.startswith((b"<!doctype html", b"<html"))


def _looks_pdf(head: bytes, suffix: str) -> bool:
    """The PDF magic at the start (after a BOM or whitespace at most).

    A text file that merely mentions "%PDF-" in its first KiB is text; a file named
    *.pdf with a little junk before the header (a mail gateway's) is still a PDF, as
    pdfium reads it.
    """
    if head.lstrip(b"\xef\xbb\xbf \t\r\n\f\x00").startswith(b"%PDF-"):
        return True
    return suffix == ".pdf" and b"%PDF-" in head[:1024]


def detect_format(path: Path, head: bytes) -> str:
    """One of FORMATS, from the first bytes of the file and then its suffix."""
    suffix = path.suffix.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(
                f"corrupt zip archive, not a readable DOCX ({exc})", str(path)
            ) from exc
        if "word/document.xml" in names:
            return "docx"
        what = "DOCX" if suffix in (".docx", ".docm", ".dotx") else "supported document"
        raise InputError(f"not a {what}: zip archive without word/document.xml", str(path))
    if _looks_pdf(head, suffix):
        return "pdf"
    if suffix in (".docx", ".docm", ".dotx"):
        raise InputError("not a DOCX file (not a zip archive)", str(path))
    if suffix == ".pdf":
        raise InputError("not a readable PDF (no %PDF header)", str(path))
    if _looks_html(head):
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _HTML_SUFFIXES:
        return "html"
    return "text"


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"text is not valid UTF-16 ({exc.reason})", path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            # five byte values are unassigned in Windows-1252; a stray one is not hopeless
            stray = sum(data.count(bytes([b])) for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
            if stray <= max(1, len(data) // 1000):
                return data.decode("cp1252", errors="replace")
            raise InputError(
                "text is neither UTF-8 nor Windows-1252 "
                f"(byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})",
                path,
            ) from None


def one_line(text: str, limit: int = 300) -> str:
    """A message on one line (lxml's and pdfium's can span several), cut to `limit`."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _fail_closed(exc: BaseException, name: str, what: str) -> InputError:
    """Any failure inside a reader as the one-line input error naming the file."""
    if isinstance(exc, InputError):
        if "\n" not in exc.message and "\r" not in exc.message and exc.path is not None:
            return exc
        return InputError(one_line(exc.message), exc.path or name, exc.line)
    if isinstance(exc, RecursionError):
        return InputError(f"{what} is nested too deeply to read", name)
    if isinstance(exc, MemoryError):
        return InputError(f"{what} needs more memory than is available to read", name)
    detail = one_line(str(exc), 200)
    return InputError(
        f"not a readable {what} ({type(exc).__name__}{': ' + detail if detail else ''})", name
    )


_WHAT = {"docx": "DOCX", "pdf": "PDF", "html": "HTML", "markdown": "Markdown", "text": "text"}


def read_text(text: str, path: str = "<text>", fmt: str = "text") -> Document:
    """A Document from in-memory text: fmt is "text", "markdown" or "html".

    Raises InputError (one line naming `path`) for anything that cannot be read."""
    if fmt not in _WHAT or fmt in ("docx", "pdf"):
        raise ValueError(f"unknown text format {fmt!r}; expected text, markdown or html")
    try:
        doc = _read_text(text, path, fmt)
    except Exception as exc:  # RecursionError and MemoryError included
        raise _fail_closed(exc, path, _WHAT[fmt]) from exc
    doc.meta["format"] = fmt
    return doc


def _read_text(text: str, path: str, fmt: str) -> Document:
    if not text.strip():
        raise InputError("file is empty (only whitespace)", path)
    if fmt == "text":
        from .text import parse_text

        items, directives = parse_text(text)
        return finish(path, items, directives)
    if fmt == "markdown":
        from .markdown import parse_markdown

        items, directives = parse_markdown(text)
        return finish(path, items, directives)
    if fmt == "html":
        from .html import parse_html

        items, directives, title = parse_html(text, path)
        return finish(path, items, directives, title=title)
    raise ValueError(f"unknown text format {fmt!r}; expected text, markdown or html")


def _read_binary(p: Path, name: str, fmt: str, time_limit: float | None = None) -> Document:
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(p, name)
    from . import _sandbox
    from .pdf import prepare, read_pdf

    prepare()  # load pdfium here, once: every child then starts with it loaded

    # pdfium is C code that no Python check can stop: read in a child with a time
    # and memory budget, so a hostile PDF costs its own error, not the batch (the same
    # child reads the process's next PDF too)
    doc: Document = _sandbox.call_budgeted(
        read_pdf, p, name, name=name, seconds=time_limit, what="PDF"
    )
    return doc


def read_document(path: str | Path, *, time_limit: float | None = None) -> Document:
    """Read a DOCX, PDF, HTML, Markdown or plain-text file into a Document.

    Raises InputError (one line naming the file) for anything that cannot be read.
    A PDF is read within `time_limit` seconds (default $SLA_DRAFTER_TIME_LIMIT, else
    30) and a memory budget, in a child process on Linux; past either it is refused.
    """
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("file not found", name) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", name) from None
    if p.is_dir():
        raise InputError("is a directory, not a file", name)
    if st.st_size > MAX_BYTES:
        raise InputError(
            f"file is too large ({st.st_size / 2**20:.0f} MiB; limit {MAX_BYTES // 2**20} MiB)",
            name,
        )
    if st.st_size == 0:
        raise InputError("file is empty (0 bytes)", name)
    try:
        with p.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", name) from None
    try:
        fmt = detect_format(p, head)
    except Exception as exc:  # RecursionError and MemoryError included
        raise _fail_closed(exc, name, "document") from exc
    if fmt in ("docx", "pdf"):
        try:
            doc = _read_binary(p, name, fmt, time_limit)
        except Exception as exc:  # RecursionError and MemoryError included
            raise _fail_closed(exc, name, _WHAT[fmt]) from exc
        doc.meta["format"] = fmt
        return doc
    kind = next((what for magic, what in _IMAGE_MAGIC if head.startswith(magic)), "")
    if kind:
        raise InputError(f"unsupported format: {kind}", name)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "binary file, not a supported document (DOCX, PDF, HTML, Markdown or text)", name
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", name) from None
    return read_text(decode_text(data, name), name, fmt)
