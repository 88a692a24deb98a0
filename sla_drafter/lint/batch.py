"""Batches: find the files, lint them across cores, hand results back in input order.

Workers return compact DocumentResults (Terms and findings; the Document only
when a formatter needs its text), so the parent's memory does not grow with the
documents' size. Unless documents are kept, a worker also packs its result
(pickle + zlib) itself: the parent only stores bytes, so it never becomes the
bottleneck of a wide batch. Workers are forked on Linux (no re-import), get the
config once (pool initializer) and take files in chunks. A file that cannot be
read becomes one line of error and the rest of the batch goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

import click

from .._cache import rx
from ..errors import SlaDrafterError
from .config import LintConfig

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import ProcessPoolExecutor

    from . import DocumentResult

SUFFIXES = frozenset(
    {".docx", ".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".yaml", ".yml"}
)
# What a file named on the command line may be: the above, the readers' other names for
# the same formats, or no suffix at all (read by its content).
NAMED_SUFFIXES = SUFFIXES | {".mdown", ".mkd", ".xhtml", ".docm", ".dotx", ""}

# Reports sla-drafter writes (`lint -o`), recognised by their first bytes.
_HUMAN_REPORT = rx(r"[^\n]+  \((?:document|spec), [\w-]+\)\n  ")
_REPORT_HEADS: tuple[tuple[str, str], ...] = (
    ('<meta name="generator" content="sla-drafter', "an HTML lint report"),
    ('{\n  "documents": [', "a JSON lint report"),
    ('{\n  "$schema": "https://json.schemastore.org/sarif', "a SARIF log"),
    ("::error file=", "a GitHub annotations report"),
    ("::warning file=", "a GitHub annotations report"),
    ("::notice file=", "a GitHub annotations report"),
)


def own_report(path: Path) -> str | None:
    """What kind of report sla-drafter wrote this file as (`lint -o`), or None: our own
    reports are not SLAs, and a folder linted twice must not lint its last report."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return None
    for marker, what in _REPORT_HEADS:
        if marker in head[:2048] if marker.startswith("<meta") else head.startswith(marker):
            return what
    if _HUMAN_REPORT.match(head):
        return "a lint report"
    return None


def refusal(path: Path) -> str | None:
    """Why a file named on the command line is not linted (one line), or None."""
    report = own_report(path)
    if report is not None:
        return f"{path}: {report} written by sla-drafter, not an SLA"
    suffix = path.suffix.lower()
    if suffix not in NAMED_SUFFIXES:
        return (
            f"{path}: not a supported file type ({path.suffix}); lint reads .docx, .pdf, "
            ".txt, .md, .html and sla-drafter spec .yaml files"
        )
    if suffix in (".yaml", ".yml"):
        from . import is_spec_file

        if not is_spec_file(path):
            return f"{path}: a YAML file that is not an sla-drafter spec (no top-level `sla_drafter:` key)"
    return None


def _skipped(name: str) -> bool:
    """Hidden files and editors' or Office's temporary files."""
    return (
        name.startswith((".", "~", "#"))
        or name.endswith(("~", ".tmp", ".swp", ".bak"))
    )


def walk(folder: Path) -> list[Path]:
    """Lintable files under a folder, recursively, sorted, skipping hidden and temp entries."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _skipped(d) and d != "__pycache__")
        for name in sorted(files):
            if _skipped(name) or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = Path(root) / name
            if path.suffix.lower() in (".yaml", ".yml"):
                from . import is_spec_file

                if not is_spec_file(path):  # other YAML (playbooks, configs) is not an SLA
                    continue
            elif own_report(path) is not None:  # an earlier run's report.html, report.txt...
                continue
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """Expand folders; (files in order, without duplicates; (path, error) for missing ones)."""
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            candidates = [str(x) for x in walk(p)]
        elif p.exists():
            refused = refusal(p)
            if refused is not None:
                errors.append((str(raw), refused))
                continue
            candidates = [str(raw)]
        else:
            errors.append((str(raw), f"{raw}: no such file or folder"))
            continue
        for c in candidates:
            key = os.path.realpath(c)
            if key not in seen:
                seen.add(key)
                files.append(c)
    return files, errors


def _lint_one(task: tuple[str, LintConfig, bool]) -> DocumentResult | str:
    """Worker: lint one file; any failure becomes a one-line message naming the file."""
    from . import lint_path

    path, config, keep = task
    try:
        return lint_path(path, stance=config.stance, config=config, keep_document=keep)
    except SlaDrafterError as exc:
        message = str(exc) if exc.path else f"{path}: {exc}"
        return "; ".join(line.strip() for line in message.splitlines() if line.strip())
    except MemoryError:
        return f"{path}: too large to read"
    except Exception as exc:  # a reader crashing on one odd file must not sink the batch
        detail = str(exc).splitlines()[0] if str(exc) else ""
        return f"{path}: cannot read ({type(exc).__name__}{': ' + detail if detail else ''})"


class Packed(bytes):
    """A DocumentResult pickled and compressed (what PackedResults stores)."""

    @classmethod
    def of(cls, result: DocumentResult) -> Packed:
        import pickle  # here: a single document is never packed
        import zlib

        return cls(zlib.compress(pickle.dumps(result, pickle.HIGHEST_PROTOCOL), 1))

    def unpack(self) -> DocumentResult:
        import pickle
        import zlib

        result: DocumentResult = pickle.loads(zlib.decompress(self))
        return result


# Set once per worker process by the pool initializer: (config, keep_documents, pack).
_WORKER: tuple[LintConfig, bool, bool] | None = None


def _init_worker(config: LintConfig, keep: bool, pack: bool) -> None:
    global _WORKER
    _WORKER = (config, keep, pack)


def _lint_in_worker(path: str) -> DocumentResult | Packed | str:
    assert _WORKER is not None, "worker not initialised"
    config, keep, pack = _WORKER
    outcome = _lint_one((path, config, keep))
    return Packed.of(outcome) if pack and not isinstance(outcome, str) else outcome


class PackedResults(Sequence["DocumentResult"]):
    """Finished documents kept compressed (pickle + zlib, about 3 KB for a 5-page SLA) and
    unpacked on access, so a batch's memory hardly grows with the number of files."""

    def __init__(self) -> None:
        self._items: list[Packed] = []

    def append(self, result: DocumentResult | Packed) -> None:
        self._items.append(result if isinstance(result, Packed) else Packed.of(result))

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> DocumentResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[DocumentResult]: ...
    def __getitem__(self, index: int | slice) -> DocumentResult | list[DocumentResult]:
        if isinstance(index, slice):
            return [self._unpack(b) for b in self._items[index]]
        return self._unpack(self._items[index])

    def __iter__(self) -> Iterator[DocumentResult]:
        return (self._unpack(b) for b in self._items)

    @staticmethod
    def _unpack(data: Packed) -> DocumentResult:
        return data.unpack()

    def __repr__(self) -> str:
        return f"<PackedResults of {len(self)} documents>"


def default_jobs() -> int:
    return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """fork on Linux: workers start in milliseconds with every module the parent imported,
    instead of re-importing the package (spawn, and forkserver, Python 3.14's default).
    Elsewhere the platform's default (macOS system libraries are not fork-safe)."""
    import multiprocessing  # here: a single document never starts a pool

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _prepare() -> None:
    """Load the rule catalogue, the topic lexicon and the sentence splitter before the
    workers fork, so that each worker starts with them instead of loading its own copy."""
    from . import prepare

    prepare()


def run_batch(
    files: Sequence[str],
    *,
    config: LintConfig,
    jobs: int | None = None,
    keep_documents: bool = False,
    progress: bool = False,
    packed: bool = False,
) -> Iterator[tuple[str, DocumentResult | Packed | str]]:
    """Yield (path, DocumentResult or error line) in input order.

    With `packed=True`, results come as `Packed` bytes (documents too, with `keep_documents`),
    made in the worker processes, for `PackedResults` to store as they are.
    """
    n_jobs = max(1, min(jobs or default_jobs(), len(files) or 1))
    show = progress and len(files) > 1 and sys.stderr.isatty()
    pack = packed
    if n_jobs == 1:
        tasks = ((f, config, keep_documents) for f in files)
        outcomes: Iterator[DocumentResult | Packed | str] = map(_lint_one, tasks)
        yield from _with_progress(files, outcomes, show)
        return
    _prepare()
    outcomes = _pooled(files, n_jobs, (config, keep_documents, pack))
    yield from _with_progress(files, outcomes, show)


def _pool(n_jobs: int, init: tuple[LintConfig, bool, bool]) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor  # here: a single document starts no pool

    return ProcessPoolExecutor(
        max_workers=n_jobs, mp_context=_context(), initializer=_init_worker, initargs=init
    )


def _pooled(
    files: Sequence[str], n_jobs: int, init: tuple[LintConfig, bool, bool]
) -> Iterator[DocumentResult | Packed | str]:
    """Outcomes in input order from a pool of workers; a worker that dies (killed, or a
    reader crashing the interpreter) costs only the file it was reading.

    The pool maps the files in chunks. When a worker dies the pool breaks and every
    unfinished result is lost, without saying whose file did it: the files that were in
    flight are then linted one at a time, each in a pool of its own, so the culprit is
    its own error line and the others get their results; a fresh pool takes the rest."""
    from concurrent.futures.process import BrokenProcessPool

    start = 0
    while start < len(files):
        # chunks: few round trips per worker, yet small enough to keep both cores busy at the end
        chunksize = max(1, min(32, (len(files) - start) // (n_jobs * 4)))
        try:
            with _pool(n_jobs, init) as pool:
                for outcome in pool.map(_lint_in_worker, files[start:], chunksize=chunksize):
                    yield outcome
                    start += 1
            return
        except BrokenProcessPool:
            # the lost results are those of the chunks in flight: at most one per worker
            for path in files[start : start + n_jobs * chunksize]:
                yield _isolated(path, init)
                start += 1


def _isolated(path: str, init: tuple[LintConfig, bool, bool]) -> DocumentResult | Packed | str:
    """Lint one file in a worker of its own; its death is this file's one-line error."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(1, init) as pool:
            return pool.submit(_lint_in_worker, path).result()
    except BrokenProcessPool:
        return f"{path}: the process reading it died (killed, or the reader crashed); skipped"


def _with_progress(
    files: Sequence[str], outcomes: Iterator[DocumentResult | Packed | str], show: bool
) -> Iterator[tuple[str, DocumentResult | Packed | str]]:
    if not show:
        yield from zip(files, outcomes, strict=True)
        return
    with click.progressbar(
        length=len(files), label="Linting", file=sys.stderr, show_pos=True
    ) as bar:
        for path, outcome in zip(files, outcomes, strict=True):
            bar.update(1)
            yield path, outcome
