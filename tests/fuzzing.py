"""Seed-mutation fuzzing of the document readers (stdlib `random` only, deterministic).

Each case is `(reader, index)`: the seed file and the mutations applied are drawn from
`random.Random(f"{reader}:{index}")`, so any misbehaving case can be replayed alone:

    python tests/fuzzing.py --reader pdf --replay 1234 --out case.pdf

A case passes when reading it either succeeds or raises the project's one-line
InputError (a PDF past the reader's own time budget is such an error: counted apart
as "refused for time"). It misbehaves when anything else escapes (a traceback),
when the error message spans lines, or when the case runs past the budget.

`make fuzz` runs `python tests/fuzzing.py` (FUZZ_CASES cases per reader, default
10,000; FUZZ_BUDGET seconds per document, default 10, given to the reader as
SLA_DRAFTER_TIME_LIMIT; FUZZ_LINT=1 to lint each document too), each case in a
worker process that is killed when it runs well past the budget, and prints the
counts per reader. The pytest suite runs a few hundred cases in-process
(tests/test_fuzz_readers.py).
"""

from __future__ import annotations

import io
import os
import random
import re
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
READERS = ("docx", "pdf", "html", "md", "txt")
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md", "txt": ".txt"}

# tokens that have broken readers before: deep nesting, long lines, magic, odd characters
_TOKENS = (
    b"%PDF-1.7\n",
    b"\x00",
    b"\xe2\x80\xae",  # RTL override
    b"\xe2\x80\x8f",  # RTL mark
    b"\xef\xbb\xbf",
    b"\r",
    b"\x01\n",
    b"<!-- sla-lint: disable-file=all -->",
    b" 99.9% ",
    b"| a | b |\n|---|---|\n",
    b"> ",
    b"- ",
    b"1. ",
    b"<div>",
    b"<table><tr><td>",
    b"&amp;",
    b"\\",
    b"`",
    b"*",
    b"\t",
)


# --------------------------------------------------------------------------- seeds


def _text_seeds(pattern: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(FIXTURES.glob(pattern))]


def build_docx() -> bytes:
    """A small DOCX with what the reader handles: title, headings, lists, a nested and
    merged table, a page break, comments (one a directive), a header."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("Acme Cloud Service Level Agreement", style="Title")
    d.add_heading("1. Availability", level=1)
    avail = d.add_paragraph("Acme will make the Service available 99.9% of the time.")
    d.add_heading("1.1 Measurement", level=2)
    d.add_paragraph("Measured by an independent monitor every 60 seconds.")
    d.add_paragraph("first bullet", style="List Bullet")
    d.add_paragraph("nested bullet", style="List Bullet 2")
    d.add_paragraph("one", style="List Number")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate((("Uptime", "Credit", "Notes"), ("< 99.9%", "5%", "x"))):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(1, 2).merge(t.cell(2, 2)).text = "merged down"
    t.cell(2, 0).merge(t.cell(2, 1)).text = "merged across"
    inner = t.cell(0, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner a"
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("2. Credits", level=1)
    credits = d.add_paragraph("Credits are capped at 10% of the monthly fee.")
    d.add_comment(credits.runs[0], text="sla-lint: disable=low-credit-cap", author="Legal")
    d.add_comment(avail.runs[0], text="an ordinary review comment", author="Legal")
    d.sections[0].header.paragraphs[0].text = "RUNNING HEADER"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def pdf_bytes(pages: list[bytes], *, compress: bool = False) -> bytes:
    """A valid PDF from raw page content streams (Helvetica as /F1), xref table included.

    Small and dependency-free, so tests can build many-page or hostile PDFs quickly.
    """
    import zlib

    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids: list[int] = []
    for content in pages:
        data = zlib.compress(content) if compress else content
        flt = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), flt, data))
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_ref
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def page_stream(
    lines: list[str | tuple[int, str]], *, size: int = 11, top: int = 740, step: int = 15
) -> bytes:
    """A content stream drawing one line of text per entry, top to bottom; an entry
    (y, text) is drawn at that height instead."""
    ops = []
    for k, line in enumerate(lines):
        y, line = line if isinstance(line, tuple) else (top - k * step, line)
        text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /F1 {size} Tf 72 {y} Td ({text}) Tj ET")
    return "\n".join(ops).encode("cp1252", "replace")


_PDF_PAGES = (
    [
        "Acme Service Level Agreement",
        "",
        "1. Availability",
        "The Provider will make the Service available 99.9% of the time in each month,",
        "measured by an independent monitor every 60 seconds.",
        "",
        "2. Service Credits",
        "If availability falls below 99.9% the Customer receives a credit of 10% of the",
        "monthly fee; below 99.0% a credit of 25%.",
    ],
    [
        "3. Support",
        "Priority 1 incidents get a response within 30 minutes, 24 hours a day.",
        "Uptime        Credit",
        "< 99.9%       10%",
        "< 99.0%       25%",
        "4. Termination",
        "The Customer may terminate after three consecutive months below 99.0%.",
    ],
)


def _pdf_seed_pages() -> list[list[str]]:
    return [[*p, "", "Acme Confidential", f"Page {n} of 2"] for n, p in enumerate(_PDF_PAGES, 1)]


@cache
def seeds(reader: str) -> tuple[bytes, ...]:
    """The unmutated files a reader's cases start from."""
    if reader == "txt":
        return tuple(_text_seeds("lint/*.txt") + _text_seeds("heldout/*.txt")[:3])
    if reader == "md":
        return tuple(_text_seeds("heldout/*.md") + _text_seeds("extract/*.md"))
    if reader == "html":
        return tuple(_text_seeds("unseen/*.html"))
    if reader == "docx":
        return (build_docx(),)
    if reader == "pdf":
        pages = [page_stream(p) for p in _pdf_seed_pages()]
        return (pdf_bytes(pages), pdf_bytes(pages, compress=True))
    raise ValueError(reader)


# --------------------------------------------------------------------------- mutation


def _flip(rng: random.Random, data: bytearray) -> None:
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)


def _truncate(rng: random.Random, data: bytearray) -> None:
    del data[rng.randrange(1, max(2, len(data))) :]


def _duplicate(rng: random.Random, data: bytearray) -> None:
    """A chunk repeated many times in place (huge lines, tables, deep nesting)."""
    if not data:
        return
    a = rng.randrange(len(data))
    chunk = bytes(data[a : a + rng.choice((1, 2, 8, 40, 200))])
    times = rng.choice((2, 10, 100, 1000, 5000))
    data[a:a] = chunk * times


def _delete(rng: random.Random, data: bytearray) -> None:
    if data:
        a = rng.randrange(len(data))
        del data[a : a + rng.randint(1, 200)]


def _token(rng: random.Random, data: bytearray) -> None:
    token = rng.choice(_TOKENS) * rng.choice((1, 1, 3, 50, 2000))
    at = rng.randrange(len(data) + 1)
    data[at:at] = token


def _join_lines(rng: random.Random, data: bytearray) -> None:
    """Newlines removed from a stretch: one very long line."""
    a = rng.randrange(len(data) + 1)
    b = a + rng.choice((200, 2000, 50000))
    data[a:b] = bytes(data[a:b]).replace(b"\n", b" ")


_BYTE_MUTATORS: tuple[Callable[[random.Random, bytearray], None], ...] = (
    _flip,
    _flip,
    _truncate,
    _duplicate,
    _duplicate,
    _delete,
    _token,
    _token,
    _join_lines,
)


def mutate_bytes(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    buf = bytearray(data)
    for _ in range(rounds or rng.randint(1, 3)):
        rng.choice(_BYTE_MUTATORS)(rng, buf)
    return bytes(buf)


_XML_TRICKS = (
    # a document part in a foreign namespace
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"urn:x-other"),
    (b"<w:body>", b"<w:body><w:sdt><w:sdtContent>" * 300),
    (b"<w:p>", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><w:p>'),
    (b"<w:t>", b"<w:t>&a;"),
    (b"w:val=", b'w:val="99999999999999999999" x='),
    (b"<w:tbl>", b"<w:tbl><w:tr><w:tc><w:tbl>" * 50),
)


def mutate_docx(rng: random.Random, data: bytes) -> bytes:
    """Mutate one or two zip members (XML byte-level or structural), then re-zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [(info, zf.read(info)) for info in zf.infolist()]
    except zipfile.BadZipFile:
        return mutate_bytes(rng, data)
    if rng.random() < 0.15:
        return mutate_bytes(rng, data, 1)  # the zip container itself
    for _ in range(rng.randint(1, 2)):
        k = rng.randrange(len(members))
        if rng.random() < 0.5:
            k = next(
                (i for i, (m, _) in enumerate(members) if m.filename == "word/document.xml"), k
            )
        info, body = members[k]
        if rng.random() < 0.3:
            old, new = rng.choice(_XML_TRICKS)
            body = body.replace(old, new, rng.choice((1, 1000)))
        else:
            body = mutate_bytes(rng, body)
        members[k] = (info, body)
    if rng.random() < 0.05 and len(members) > 1:
        del members[rng.randrange(len(members))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, body in members:
            zf.writestr(info.filename, body)
    return out.getvalue()


_PDF_OPS = (
    b" 0.0001 0 0 0.0001 0 0 cm ",
    b" 1e30 0 0 1e30 0 0 cm ",
    b" 0.00001 Tz ",
    b" 100000 Tc ",
    b" -1e9 TL ",
    b" /F1 0.001 Tf ",
    b" /F1 100000 Tf ",
    b" q " * 100,
    b" 0 0 m 1000 1000 l S ",
    b" 0 0 612 1 re f " * 50,
    b" BT (xxxxxxxxxx) Tj ET " * 200,
    b" T* ",
    b" (\x00\x01\xff) Tj ",
)
_STREAM = re.compile(rb"stream\n(.*?)\nendstream", re.DOTALL)


def mutate_pdf(rng: random.Random, data: bytes) -> bytes:
    """Content-stream mutation (rebuilt with a correct xref), or raw bytes."""
    streams = _STREAM.findall(data)
    if not streams or rng.random() < 0.35 or b"FlateDecode" in data:
        return mutate_bytes(rng, data)
    pages = list(streams)
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(pages))
        body = bytearray(pages[k])
        if rng.random() < 0.5:
            op = rng.choice(_PDF_OPS)
            at = rng.randrange(len(body) + 1)
            body[at:at] = op * rng.choice((1, 1, 10, 300))
        else:
            body = bytearray(mutate_bytes(rng, bytes(body)))
        pages[k] = bytes(body)
    if rng.random() < 0.2:
        pages = pages * rng.choice((2, 50, 400))
    return pdf_bytes(pages)


def make_case(reader: str, index: int) -> bytes:
    """The bytes of case `index` for `reader` (deterministic)."""
    rng = random.Random(f"{reader}:{index}")
    seed = rng.choice(seeds(reader))
    if reader == "docx":
        return mutate_docx(rng, seed)
    if reader == "pdf":
        return mutate_pdf(rng, seed)
    return mutate_bytes(rng, seed)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # "ok", "input-error", "multi-line", "traceback", "timeout"
    seconds: float
    detail: str = ""

    @property
    def bad(self) -> bool:
        return self.kind not in ("ok", "input-error")


def run_case(
    reader: str,
    data: bytes,
    *,
    lint: bool = False,
    annotate: bool = False,
    folder: str | None = None,
) -> Outcome:
    """Read (and optionally lint, or annotate a DOCX) the bytes as a file of the reader's format."""
    from sla_drafter.errors import InputError
    from sla_drafter.read import read_document

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / f"case{SUFFIX[reader]}"
        path.write_bytes(data)
        try:
            if annotate:
                from sla_drafter.annotator import annotate as annotate_docx

                annotate_docx(path, Path(tmp) / "out.docx")
            elif lint:
                from sla_drafter.lint import lint_path

                lint_path(path, keep_document=False)
            else:
                read_document(path)
        except InputError as exc:
            took = time.perf_counter() - start
            message = str(exc)
            if "\n" in message or "\r" in message or not message.startswith(str(path)):
                return Outcome("multi-line", took, message[:300])
            return Outcome("input-error", took, message[len(str(path)) + 2 :][:200])
        except BaseException as exc:  # any other escape is the finding
            if isinstance(exc, KeyboardInterrupt):
                raise
            took = time.perf_counter() - start
            tb = traceback.format_exception(exc)
            return Outcome(
                "traceback",
                took,
                f"{type(exc).__name__}: {exc}"[:200] + " @ " + tb[-2].strip()[:200],
            )
    return Outcome("ok", time.perf_counter() - start)


def _worker(
    conn: object, lint: bool, memory_mb: int, annotate: bool = False
) -> None:  # pragma: no cover - subprocess
    import resource

    if memory_mb:
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        job = conn.recv()  # type: ignore[attr-defined]
        if job is None:
            return
        reader, index = job
        outcome = run_case(
            reader, make_case(reader, index), lint=lint, annotate=annotate and reader == "docx"
        )
        conn.send(outcome)  # type: ignore[attr-defined]


class _Pool:
    """One worker process at a time; a case over budget kills it and starts another."""

    def __init__(self, lint: bool, memory_mb: int, annotate: bool = False) -> None:
        self.lint, self.memory_mb, self.annotate = lint, memory_mb, annotate
        self.proc: object = None
        self._start()

    def _start(self) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker, args=(child, self.lint, self.memory_mb, self.annotate), daemon=True
        )
        self.proc.start()  # type: ignore[attr-defined]

    def run(self, reader: str, index: int, budget: float) -> Outcome:
        """The case's outcome; killed (a timeout) at budget plus slack for a busy machine."""
        start = time.perf_counter()
        self.conn.send((reader, index))
        if self.conn.poll(budget * 1.5 + 5):
            try:
                outcome: Outcome = self.conn.recv()
            except EOFError:
                pass
            else:
                stopped = "took longer than" in outcome.detail  # the reader's own budget
                if outcome.seconds > budget and not stopped:
                    detail = f"ran {outcome.seconds:.1f} s, over the {budget:g} s budget"
                    return Outcome("timeout", outcome.seconds, detail)
                return outcome
            self._restart()
            return Outcome(
                "traceback", time.perf_counter() - start, "worker died (crash or memory)"
            )
        self._restart()
        return Outcome("timeout", time.perf_counter() - start, f"over {budget:g} s budget")

    def _restart(self) -> None:
        proc = self.proc
        proc.kill()  # type: ignore[attr-defined]
        proc.join()  # type: ignore[attr-defined]
        self._start()

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(5)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reader", action="append", choices=READERS)
    ap.add_argument("--cases", type=int, default=int(os.environ.get("FUZZ_CASES", "10000")))
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--budget", type=float, default=float(os.environ.get("FUZZ_BUDGET", "10")))
    ap.add_argument("--memory-mb", type=int, default=int(os.environ.get("FUZZ_MEMORY_MB", "3000")))
    ap.add_argument("--lint", action="store_true", default=os.environ.get("FUZZ_LINT") == "1")
    ap.add_argument(
        "--annotate",
        action="store_true",
        default=os.environ.get("FUZZ_ANNOTATE") == "1",
        help="annotate each DOCX case (sla-drafter annotate) instead of only reading it",
    )
    ap.add_argument("--replay", type=int, help="run one case in-process and show the outcome")
    ap.add_argument("--out", help="with --replay: also write the case's bytes here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every misbehaving case")
    args = ap.parse_args(argv)
    readers = args.reader or list(READERS)
    os.environ["SLA_DRAFTER_TIME_LIMIT"] = str(args.budget)  # the readers' own budget
    if args.replay is not None:
        for reader in readers:
            data = make_case(reader, args.replay)
            if args.out:
                Path(args.out).write_bytes(data)
            annotate = args.annotate and reader == "docx"
            print(
                reader,
                args.replay,
                len(data),
                run_case(reader, data, lint=args.lint, annotate=annotate),
            )
        return 0
    pool = _Pool(args.lint, args.memory_mb, args.annotate)
    total_bad = 0
    print(
        f"{'reader':<6} {'tried':>6} {'bad':>4} {'traceback':>9} {'multi-line':>10} "
        f"{'timeout':>7} {'slowest':>8}  (budget {args.budget:g} s)"
    )
    for reader in readers:
        kinds: Counter[str] = Counter()
        worst: list[tuple[float, int, str]] = []
        examples: dict[str, str] = {}
        for index in range(args.start, args.start + args.cases):
            outcome = pool.run(reader, index, args.budget)
            kinds[outcome.kind] += 1
            if outcome.kind == "input-error" and "took longer than" in outcome.detail:
                kinds["refused-for-time"] += 1
            worst.append((outcome.seconds, index, outcome.kind))
            worst = sorted(worst, reverse=True)[:3]
            if outcome.bad:
                key = outcome.kind + ":" + outcome.detail.split(" @ ")[0][:60]
                examples.setdefault(key, f"case {index}: {outcome.detail}")
                if args.verbose:
                    print(f"  {reader} case {index}: {outcome.kind} {outcome.detail}", flush=True)
        bad = kinds["traceback"] + kinds["multi-line"] + kinds["timeout"]
        total_bad += bad
        print(
            f"{reader:<6} {args.cases:>6} {bad:>4} {kinds['traceback']:>9} {kinds['multi-line']:>10} "
            f"{kinds['timeout']:>7} {worst[0][0] if worst else 0:>7.2f}s  "
            f"(ok {kinds['ok']}, refused {kinds['input-error']} of which for time "
            f"{kinds['refused-for-time']}; slowest cases "
            + ", ".join(f"#{i} {s:.2f}s" for s, i, _ in worst)
            + ")",
            flush=True,
        )
        for example in list(examples.values())[:8]:
            print(f"    {example}")
    pool.close()
    return 1 if total_bad else 0


if __name__ == "__main__":
    sys.exit(main())
