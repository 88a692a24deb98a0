"""Annotate a vendor DOCX: the same document back, with each lint finding as a Word comment.

    result = annotate("vendor.docx", "vendor-reviewed.docx", stance="customer")
    result.summary_line()      # "Wrote vendor-reviewed.docx: 7 comments (2 errors, ...)"
    result.exit_code()         # 0 / 1, like `lint` (by the config's fail-on)

The input is linted exactly as `sla-drafter lint` would (`lint_path`, same config), then
opened again with python-docx and each finding is attached as a real Word comment
(author "sla-drafter", initials "SLA"):

* Where it is anchored. `Finding.location.block` indexes the Document's blocks, which
  `sla_drafter.read.docx` builds by walking the body XML. The same walk is replayed here
  with the reader's own `_Reader` (its paragraph and table-cell rules, table-of-contents
  skipping, merged cells counted once), recording which `w:p` elements make each item;
  items the reader drops (empty paragraphs) are dropped the same way. The mapping is
  checked against the Document's block texts; should the two ever disagree, a block is
  found by its text instead. Within the block the comment covers the runs holding the
  evidence span (`Location.start/end` minus the block start, found in the run texts with
  whitespace normalised); when the span cannot be found, the whole paragraph (or all the
  cell's paragraphs).
* Findings without a location (`missing-<topic>` and other whole-document findings), and
  any whose block cannot be found, go into one summary comment on the first block
  (normally the title), listing the missing topics and each finding.
* Comment text: ``[SEVERITY CODE rule] message — Fix: fix text (library clause: id)``.
* Determinism: python-docx stamps comments with the current time; every comment is
  dated instead with the input's `core_properties.modified` (else `created`; a document
  with neither gets undated comments, not an invented date), and the output zip's member
  timestamps are fixed, so the same input and options give byte-identical output.

The input file is never written; the output is written atomically, refuses to overwrite
without `force`, and may not be the input itself.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._cache import rx
from .document import Document
from .errors import InputError, OutputError
from .findings import Finding, Severity
from .fsutil import atomic_write, check_writable

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from .lint import DocumentResult, LintConfig

__all__ = ["AUTHOR", "INITIALS", "AnnotateResult", "Comment", "annotate", "comment_text"]

AUTHOR = "sla-drafter"
INITIALS = "SLA"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _R, _T, _RPR = f"{_W}p", f"{_W}r", f"{_W}t", f"{_W}rPr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TAB, _PTAB, _BR, _CR = f"{_W}tab", f"{_W}ptab", f"{_W}br", f"{_W}cr"
_NO_BREAK_HYPHEN, _TYPE = f"{_W}noBreakHyphen", f"{_W}type"
_SPACE = rx(r"\s+")
_FORMAT_NAMES = {"pdf": "a PDF", "html": "HTML", "markdown": "Markdown", "text": "plain text"}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment written: its id in the output, what it says and where it sits."""

    comment_id: int
    text: str
    findings: tuple[Finding, ...]
    block: int | None  # the Document block it is anchored on
    anchor: str  # "span" (the evidence runs), "paragraph" (the whole block) or "summary"


@dataclass(slots=True)
class AnnotateResult:
    """What `annotate` wrote. `findings` are the commented ones (whole-document findings
    first, then located ones in document order); the summary line's error/warning/info
    counts are of these findings, its comment count of `comments` (the whole-document
    findings share one comment)."""

    path: str
    out: str
    lint: DocumentResult  # everything lint found (before --min-severity)
    findings: list[Finding]  # the findings written as comments
    comments: list[Comment] = field(default_factory=list)
    date: dt.datetime | None = None  # the date every comment carries (None: undated)
    fail_on: Severity = Severity.ERROR

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, fail_on: Severity | None = None) -> int:
        """Like `lint`: 1 when lint found something at or above `fail_on`, else 0.

        Counts every finding lint reported, including those below --min-severity."""
        level = (fail_on or self.fail_on).rank
        return 1 if any(f.severity.rank >= level for f in self.lint.findings) else 0

    def summary_line(self) -> str:
        def n(count: int, word: str, plural: str) -> str:
            return f"{count} {word if count == 1 else plural}"

        return (
            f"Wrote {self.out}: {n(len(self.comments), 'comment', 'comments')} "
            f"({n(self.count(Severity.ERROR), 'error', 'errors')}, "
            f"{n(self.count(Severity.WARNING), 'warning', 'warnings')}, "
            f"{self.count(Severity.INFO)} info)"
        )


def comment_text(finding: Finding) -> str:
    """`[SEVERITY CODE rule] message — Fix: fix text (library clause: clause id)`."""
    text = f"[{finding.severity.value.upper()} {finding.code} {finding.rule}] {finding.message}"
    fix = finding.fix
    if fix is not None and (fix.text or fix.clause):
        text += f" — Fix: {fix.text}" if fix.text else " — Fix: see the library clause"
        if fix.clause:
            text += f" (library clause: {fix.clause})"
    return text


def _summary_text(findings: Sequence[Finding]) -> str:
    missing = [
        (f.topic or f.rule.removeprefix("missing-")).replace("_", " ").replace("-", " ")
        for f in findings
        if f.rule.startswith("missing-")
    ]
    head = (
        f"sla-drafter: {len(findings)} finding{'s' if len(findings) != 1 else ''} "
        "about the document as a whole."
    )
    if missing:
        head += f" Missing topics: {', '.join(dict.fromkeys(missing))}."
    lines = [head]
    for f in findings:
        line = comment_text(f)
        if f.location is not None and f.evidence:
            line += f' (at: "{_shorten(f.evidence)}")'
        lines.append(line)
    return "\n".join(lines)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- block map


def _block_paragraphs(
    docx_doc: DocxDocument, name: str = "<docx>"
) -> list[tuple[str, list[Any]]]:
    """Replay sla_drafter.read.docx's body walk: for each item it would keep, in order,
    (item text, the w:p elements it was read from)."""
    from .read.docx import _Reader, document_body

    class _Mapping(_Reader):
        def __init__(self, doc: Any) -> None:
            super().__init__(doc)
            self.sources: list[list[Any]] = []
            self.pending: list[Any] = []

        def para_text(self, p: Any) -> str:
            self.pending.append(p)
            return super().para_text(p)

        def paragraph(self, p: Any) -> None:
            self.pending = []  # a skipped paragraph (table of contents) feeds no item
            super().paragraph(p)

        def add(self, kind: Any, text: str, extra: dict[str, Any]) -> None:
            super().add(kind, text, extra)
            self.sources.append(self.pending)
            self.pending = []

    reader = _Mapping(docx_doc)
    reader.body(document_body(docx_doc, name))
    items = reader.state.items
    if len(items) != len(reader.sources):  # the reader changed under us: no mapping
        return []
    from .document import BlockKind

    # read._build.finish and Document.build keep table cells and non-blank paragraphs
    return [
        (text.strip(), sources)
        for (kind, text, _), sources in zip(items, reader.sources, strict=True)
        if kind is BlockKind.TABLE_CELL or text.strip()
    ]


def _resolve_blocks(doc: Document, mapped: list[tuple[str, list[Any]]]) -> dict[int, list[Any]]:
    """Block index -> w:p elements. Exact when the replayed walk matches the Document
    block for block; otherwise each block is found by its text (nearest same-text item)."""
    if len(mapped) == len(doc.blocks) and all(
        text == block.text for (text, _), block in zip(mapped, doc.blocks, strict=True)
    ):
        return {i: ps for i, (_, ps) in enumerate(mapped)}
    by_text: dict[str, list[int]] = {}
    for i, (text, _) in enumerate(mapped):
        by_text.setdefault(_norm(text), []).append(i)
    out: dict[int, list[Any]] = {}
    for block in doc.blocks:
        candidates = by_text.get(_norm(block.text))
        if candidates:
            best = min(candidates, key=lambda i: abs(i - block.index))
            out[block.index] = mapped[best][1]
    return out


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --------------------------------------------------------------------------- runs


@dataclass(slots=True)
class _Run:
    element: Any  # w:r (python-docx CT_R)
    paragraph: Any  # its w:p
    start: int
    end: int


def _visible_runs(p: Any, containers: frozenset[str]) -> Iterable[Any]:
    """The w:r elements whose text the reader reads: direct runs and runs inside
    hyperlinks, insertions, fields, content controls...; not deleted text."""
    for child in p:
        if child.tag == _R:
            yield child
        elif child.tag in containers:
            yield from _visible_runs(child, containers)


def _run_text(r: Any) -> str:
    parts: list[str] = []
    for rc in r:
        tag = rc.tag
        if tag == _T:
            parts.append(rc.text or "")
        elif tag in (_TAB, _PTAB):
            parts.append("\t")
        elif tag in (_BR, _CR):
            if rc.get(_TYPE) != "page":
                parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _layout(paragraphs: Sequence[Any]) -> tuple[str, list[_Run]]:
    """The block's text as its runs spell it (paragraphs joined by newlines), with spans."""
    from .read.docx import _CONTAINERS

    runs: list[_Run] = []
    parts: list[str] = []
    offset = 0
    for k, p in enumerate(paragraphs):
        if k:
            parts.append("\n")
            offset += 1
        for r in _visible_runs(p, _CONTAINERS):
            text = _run_text(r)
            runs.append(_Run(r, p, offset, offset + len(text)))
            parts.append(text)
            offset += len(text)
    return "".join(parts), runs


def _find_span(text: str, needle: str, near: int) -> tuple[int, int] | None:
    """Where `needle` occurs in `text` (whitespace-insensitive), the occurrence nearest `near`."""
    norm_chars: list[str] = []
    origin: list[int] = []  # normalised index -> index in text
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if in_space or not norm_chars:
                continue
            in_space = True
            norm_chars.append(" ")
        else:
            in_space = False
            norm_chars.append(ch)
        origin.append(i)
    haystack = "".join(norm_chars)
    target = _norm(needle)
    if not target:
        return None
    hits: list[int] = []
    pos = haystack.find(target)
    while pos >= 0:
        hits.append(pos)
        pos = haystack.find(target, pos + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(origin[h] - near))
    return origin[best], origin[best + len(target) - 1] + 1


def _anchor_runs(
    paragraphs: Sequence[Any],
    block_text: str = "",
    start: int = 0,
    end: int = 0,
    evidence: str = "",
) -> tuple[list[_Run], str]:
    """(first..last runs to comment on, "span" or "paragraph"): the runs covering
    block_text[start:end] (else `evidence`) in the block's runs, else all of its runs."""
    text, runs = _layout(paragraphs)
    span: tuple[int, int] | None = None
    needles = [(block_text[start:end], start)] if 0 <= start < end else []
    if evidence:
        needles.append((evidence, max(start, 0)))
    if needles and start <= 0 and len(needles[0][0].split(None, 1)) == 2:
        # numbered headings carry their visible number ("1. Availability"), not in any run
        needles.append((needles[0][0].split(None, 1)[1], 0))
    for needle, near in needles:
        span = _find_span(text, needle, near)
        if span is not None:
            break
    if span is not None:
        a, b = span
        covered = [r for r in runs if r.start < b and r.end > a]
        if covered:
            return [covered[0], covered[-1]], "span"
    texted = [r for r in runs if r.end > r.start]
    if texted:
        return [texted[0], texted[-1]], "paragraph"
    if runs:
        return [runs[0], runs[-1]], "paragraph"
    p = paragraphs[0]
    return [_Run(p.add_r(), p, 0, 0)], "paragraph"  # a paragraph without runs: anchor an empty one


def _split_at_spans(doc: Document, blocks: dict[int, list[Any]], findings: Sequence[Finding]) -> None:
    """Split runs where a finding's span starts and ends, so each comment covers its own
    sentence, not the whole run (often the whole paragraph, in a document typed in Word).

    All cuts are made before any finding is anchored, so one finding's cut never shrinks
    another's anchor. Only plain runs (properties and one text element) are split; the
    copy keeps the run's formatting, so the document reads and looks the same."""
    spans: dict[int, set[tuple[int, int]]] = {}
    for f in findings:
        loc = f.location
        if loc is None or not 0 <= loc.block < len(doc.blocks) or loc.block not in blocks:
            continue
        block = doc.blocks[loc.block]
        s, e = loc.start - block.start, min(loc.end - block.start, len(block.text))
        if 0 <= s < e:
            spans.setdefault(loc.block, set()).add((s, e))
    for index, pairs in spans.items():
        block = doc.blocks[index]
        text, runs = _layout(blocks[index])
        points: set[int] = set()
        for s, e in sorted(pairs):
            found = _find_span(text, block.text[s:e], s)  # as _anchor_runs finds it
            if found is not None:
                points.update(found)
        for r in runs:
            inner = sorted((p - r.start for p in points if r.start < p < r.end), reverse=True)
            for k in inner:  # right to left: the left part keeps the element and its offsets
                _split_run(r.element, k)


def _split_run(r: Any, k: int) -> None:
    """Cut a plain run (w:rPr and one w:t) after `k` characters into two runs."""
    from copy import deepcopy

    texts = [c for c in r if c.tag == _T]
    if len(texts) != 1 or any(c.tag not in (_T, _RPR) for c in r):
        return
    value = texts[0].text or ""
    if not 0 < k < len(value):
        return
    right = deepcopy(r)
    texts[0].text = value[:k]
    next(c for c in right if c.tag == _T).text = value[k:]
    for t in (texts[0], next(c for c in right if c.tag == _T)):
        t.set(_XML_SPACE, "preserve")
    r.addnext(right)


def _anchor(
    doc: Document, blocks: dict[int, list[Any]], finding: Finding
) -> tuple[list[_Run], str] | None:
    """Where a located finding's comment goes; None when its block cannot be found."""
    loc = finding.location
    if loc is None or not 0 <= loc.block < len(doc.blocks) or loc.block not in blocks:
        return None
    block = doc.blocks[loc.block]
    s, e = loc.start - block.start, loc.end - block.start
    runs, how = _anchor_runs(
        blocks[loc.block], block.text, s, min(e, len(block.text)), finding.evidence
    )
    if how == "span" and loc.end > block.end + 1:  # the span runs on into later blocks
        last = doc.block_at(loc.end - 1)
        if last.index > block.index and last.index in blocks:
            tail, tail_how = _anchor_runs(blocks[last.index], last.text, 0, loc.end - last.start)
            if tail_how == "span":
                runs = [runs[0], tail[-1]]
    return runs, how


# --------------------------------------------------------------------------- API


def _comment_date(docx_doc: DocxDocument) -> dt.datetime | None:
    """The input's last-modified date (else created), else None (comments go undated). A
    package without core properties is left without them (python-docx would add some
    stamped now())."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.parts.coreprops import CorePropertiesPart

    package = docx_doc.part.package
    try:
        part = package.part_related_by(RT.CORE_PROPERTIES) if package is not None else None
    except KeyError:
        part = None
    if not isinstance(part, CorePropertiesPart):
        return None
    props = part.core_properties
    for value in (props.modified, props.created):
        if isinstance(value, dt.datetime):
            # core properties are UTC; python-docx returns them naive
            return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    return None


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def check_paths(path: Path, out: Path, force: bool) -> None:
    """Refuse before linting: input missing or not a DOCX; output not .docx, the input
    itself, or existing without `force`."""
    from .read import detect_format

    name = str(path)
    if not path.exists():
        raise InputError("no such file", name)
    if path.is_dir():
        raise InputError("is a directory", name)
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", name) from None
    other = "for a report on other formats use `sla-drafter lint --format html -o report.html`"
    try:
        fmt = detect_format(path, head)
    except InputError as exc:  # a .docx that is not one, a corrupt zip...
        raise InputError(f"annotate needs a .docx file: {exc.message}; {other}", name) from None
    if fmt != "docx":
        from .lint import is_spec_file

        what = "an sla-drafter spec" if is_spec_file(path) else _FORMAT_NAMES.get(fmt, fmt)
        raise InputError(f"annotate needs a .docx file, not {what}; {other}", name)
    if out.resolve() == path.resolve() or (out.exists() and out.samefile(path)):
        raise OutputError("is the input file; choose another output file", str(out))
    if out.suffix.lower() != ".docx":
        raise OutputError("annotate writes a Word document; name the output *.docx", str(out))
    check_writable(out, force)


def annotate(
    path: str | Path,
    out: str | Path,
    *,
    stance: str | None = "customer",
    config: LintConfig | None = None,
    force: bool = False,
    min_severity: Severity | str = Severity.INFO,
) -> AnnotateResult:
    """Lint the DOCX at `path` and write it to `out` with each finding as a Word comment.

    `stance` wins over `config.stance` (pass None to use the config's). Findings below
    `min_severity` are not written (they still count for `AnnotateResult.exit_code`).
    Raises InputError (unreadable or non-DOCX input) and OutputError (output exists
    without `force`, is the input, or cannot be written).
    """
    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from .lint import LintConfig, lint_path
    from .read import one_line
    from .read.docx import check_package, harden_python_docx

    src, dst = Path(path), Path(out)
    check_paths(src, dst, force)
    cfg = config or LintConfig()
    if stance is not None:
        cfg = cfg.with_stance(stance)
    floor = Severity(min_severity)

    data = src.read_bytes()  # read once: the file itself is never opened for writing
    result = lint_path(src, config=cfg, keep_document=True)
    doc = result.doc
    if doc is None:  # pragma: no cover - keep_document=True always keeps it
        raise InputError("the linted document was not kept", str(src))
    try:
        # the reader checked the file a moment ago; a file changed since lands here
        check_package(io.BytesIO(data), str(src))
        harden_python_docx()
        docx_doc = docx.Document(io.BytesIO(data))
        blocks = _resolve_blocks(doc, _block_paragraphs(docx_doc, str(src)))
    except InputError:
        raise
    except Exception as exc:  # a damaged package is the file's one-line error
        detail = one_line(f"{type(exc).__name__}: {exc}", 200)
        raise InputError(f"not a readable DOCX ({detail})", str(src)) from None
    findings = [f for f in result.findings if f.severity.rank >= floor.rank]
    date = _comment_date(docx_doc)

    _split_at_spans(doc, blocks, findings)
    placed: list[tuple[Finding, list[_Run], str]] = []  # anchored before any comment is added
    summary: list[Finding] = []
    for f in findings:
        where = _anchor(doc, blocks, f)
        if where is None:
            summary.append(f)
        else:
            placed.append((f, *where))

    comments: list[Comment] = []
    ids = _CommentIds(docx_doc)

    def add(
        runs: list[_Run], text: str, fs: tuple[Finding, ...], block: int | None, how: str
    ) -> None:
        first, last = runs[0], runs[-1]
        proxies = [Run(r.element, Paragraph(r.paragraph, docx_doc)) for r in (first, last)]
        with ids:
            comment = docx_doc.add_comment(proxies, text=text, author=AUTHOR, initials=INITIALS)
        # python-docx stamps now(): keep output reproducible (the input's date, or none)
        if date is None:
            comment._comment_elm.attrib.pop(f"{_W}date", None)
        else:
            comment._comment_elm.date = date
        comments.append(Comment(comment.comment_id, text, fs, block, how))

    if summary:  # on the first block with text: normally the title
        first_block = next((b.index for b in doc.blocks if b.text and b.index in blocks), None)
        paragraphs = (
            blocks[first_block]
            if first_block is not None
            else _first_paragraphs(docx_doc, str(src))
        )
        runs, _ = _anchor_runs(paragraphs)
        add(runs, _summary_text(summary), tuple(summary), first_block, "summary")
    # The same comment on the same runs is written once, carrying every finding it stands for
    # (a rule firing twice in one sentence must not stack identical comments).
    grouped: dict[tuple[Any, Any, str], tuple[list[_Run], str, list[Finding]]] = {}
    for f, runs, how in placed:
        key = (runs[0].element, runs[-1].element, comment_text(f))
        grouped.setdefault(key, (runs, how, []))[2].append(f)
    for (_, _, text), (runs, how, fs) in grouped.items():
        first = fs[0]
        add(runs, text, tuple(fs), first.location.block if first.location else None, how)

    buffer = io.BytesIO()
    docx_doc.save(buffer)
    atomic_write(dst, _fixed_zip(buffer.getvalue()), force=force)
    return AnnotateResult(
        path=str(path),
        out=str(out),
        lint=result,
        findings=summary + [f for f, _, _ in placed],
        comments=comments,
        date=date,
        fail_on=cfg.fail_on,
    )


class _CommentIds:
    """Comment ids handed out in constant time while annotate adds its comments.

    python-docx finds each new comment's id by reading every existing comment's id
    (max + 1), which made annotate quadratic in findings (10,000 took 145 s). Inside
    `with ids:` its lookup is replaced by a counter that starts where python-docx's
    own would (max + 1) and falls back to it near the 32-bit limit. The replacement
    is on the class (lxml element proxies hold no state) and is undone on exit; a
    lock keeps two annotate calls in threads from sharing it.
    """

    _lock = threading.Lock()

    def __init__(self, docx_doc: DocxDocument) -> None:
        self.next: int | None = None

    def __enter__(self) -> None:
        from docx.oxml.comments import CT_Comments

        self._lock.acquire()
        original = CT_Comments._next_available_comment_id
        self._original = original

        def next_id(element: Any) -> int:
            if self.next is None or self.next > 2**31 - 1:
                self.next = original(element)
            value = self.next
            self.next += 1
            return value

        CT_Comments._next_available_comment_id = next_id  # type: ignore[method-assign,assignment]

    def __exit__(self, *exc: object) -> None:
        from docx.oxml.comments import CT_Comments

        CT_Comments._next_available_comment_id = self._original  # type: ignore[method-assign]
        self._lock.release()


def _first_paragraphs(docx_doc: DocxDocument, name: str) -> list[Any]:
    """The first body paragraph with text (or any paragraph), when no block could be mapped."""
    from .read.docx import document_body

    paragraphs = list(document_body(docx_doc, name).iter(_P))
    if not paragraphs:
        raise InputError("no paragraph to attach comments to", name)
    with_text = [p for p in paragraphs if "".join(p.itertext()).strip()]
    return [(with_text or paragraphs)[0]]
