"""The Review page: upload vendor SLAs, see the HTML lint report, download JSON, SARIF
and the annotated DOCX.

Each upload is written to a private temporary folder (mode 0700, its own per
request) under a name of our making (`01.pdf`: the index and a suffix from an
allow-list), linted there, and the folder is removed before the response goes
out. The user's file name is only a label. What the report and downloads need
afterwards (the lint results, and the bytes of DOCX inputs for annotation) is
kept in memory, in a small store that forgets the oldest reviews.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .._cache import rx
from ..findings import Severity
from ..lint import DocumentResult, LintConfig, LintResult
from ..read import MAX_BYTES
from ..topics import TOPIC_TITLES, TOPICS
from .forms import FormRefused, read_form
from .security import REPORT_CSP
from .templating import page

SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".md", ".markdown", ".txt", ".text")
ACCEPT = ",".join(SUFFIXES)
SEVERITIES = ("error", "warning", "info")  # most serious first, as the report shows them
STANCES = ("customer", "provider")
_CONTROL = rx(r"[\x00-\x1f\x7f]")


def display_name(filename: str | None, index: int) -> str:
    """The label shown for an upload: the base name the browser sent, without folders or
    control characters, at most 120 characters. Never used to open or write a file."""
    name = _CONTROL.sub("", (filename or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if not name or name in (".", ".."):
        name = f"upload-{index + 1}"
    return name if len(name) <= 120 else name[:60] + "…" + name[-59:]


def safe_suffix(name: str) -> str:
    """The suffix the readers use to tell Markdown, HTML and text apart, if it is one we read."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix in SUFFIXES else ".txt"


@dataclass(slots=True)
class Upload:
    name: str  # the label
    data: bytes
    error: str | None = None  # set when the upload itself was refused (too large, empty)


@dataclass(slots=True)
class Review:
    stance: str
    result: LintResult
    docx: dict[int, tuple[str, bytes]]  # document index -> (label, original bytes)


class ReviewStore:
    """The last few reviews, in memory only (the documents never touch the disk again):
    at most `limit` reviews and `max_bytes` of kept DOCX originals; the oldest go first."""

    def __init__(self, limit: int = 12, max_bytes: int = 4 * MAX_BYTES) -> None:
        self._items: OrderedDict[str, Review] = OrderedDict()
        self._limit = limit
        self._max_bytes = max_bytes
        self._lock = threading.Lock()

    @staticmethod
    def _size(review: Review) -> int:
        return sum(len(data) for _, data in review.docx.values())

    def add(self, review: Review) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = review
            while len(self._items) > self._limit or (
                len(self._items) > 1 and sum(map(self._size, self._items.values())) > self._max_bytes
            ):
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Review:
        with self._lock:
            review = self._items.get(key)
        if review is None:
            raise HTTPException(404, "this review is no longer in memory; upload the files again")
        return review


async def _read_upload(item: UploadFile, index: int) -> Upload:
    name = display_name(item.filename, index)
    chunks: list[bytes] = []
    size = 0
    while chunk := await item.read(1024 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            await item.close()
            return Upload(name, b"", f"{name}: file is too large (limit {MAX_BYTES // 2**20} MiB)")
        chunks.append(chunk)
    await item.close()
    return Upload(name, b"".join(chunks))


def lint_uploads(uploads: list[Upload], stance: str) -> Review:
    """Lint each upload in its own file of a private temporary folder, removed on return.

    Messages are the CLI's one-line errors with our temporary path replaced by the label."""
    from ..lint.batch import _lint_one
    from ..read import detect_format

    config = LintConfig().with_stance(stance)
    documents: list[DocumentResult] = []
    errors: list[tuple[str, str]] = []
    originals: dict[int, tuple[str, bytes]] = {}
    with tempfile.TemporaryDirectory(prefix="sla-drafter-web-") as folder:
        for i, upload in enumerate(uploads):
            if upload.error is not None:
                errors.append((upload.name, upload.error))
                continue
            path = Path(folder) / f"{i + 1:02d}{safe_suffix(upload.name)}"
            path.write_bytes(upload.data)
            outcome = _lint_one((str(path), config, True))
            if isinstance(outcome, str):
                errors.append((upload.name, outcome.replace(str(path), upload.name)))
                continue
            outcome.path = upload.name
            if outcome.doc is not None:
                outcome.doc.path = upload.name
            try:
                is_docx = detect_format(path, upload.data[:8192]) == "docx"
            except Exception:  # it was linted, so it was read; a failure here only hides a button
                is_docx = False
            if is_docx:
                originals[len(documents)] = (upload.name, upload.data)
            documents.append(outcome)
    return Review(stance, LintResult(documents=documents, errors=errors), originals)


def filtered(result: LintResult, severities: set[str], topic: str) -> LintResult:
    """The result with only the findings at the chosen severities (and topic, if one)."""
    docs = [
        replace(d, findings=[
            f for f in d.findings
            if f.severity.value in severities and (not topic or f.topic == topic)
        ])
        for d in result.documents
    ]
    return LintResult(documents=docs, errors=result.errors, fail_on=result.fail_on)


def _filters(request: Request) -> tuple[set[str], str]:
    chosen = {s for s in request.query_params.getlist("severity") if s in SEVERITIES}
    topic = request.query_params.get("topic", "")
    return (chosen or set(SEVERITIES)), (topic if topic in TOPICS else "")


def _store(request: Request) -> ReviewStore:
    store: ReviewStore = request.app.state.reviews
    return store


async def review_form(request: Request) -> Response:
    return page(request, "review.html", title="Review", accept=ACCEPT, stances=STANCES,
                errors=[], review=None, max_mib=MAX_BYTES // 2**20)


async def review_upload(request: Request) -> Response:
    try:
        form = await read_form(request)
    except FormRefused as exc:
        return page(request, "review.html", status_code=exc.status, title="Review", accept=ACCEPT,
                    stances=STANCES, errors=[exc.message], review=None, max_mib=MAX_BYTES // 2**20)
    stance = str(form.get("stance") or "customer")
    items = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    if stance not in STANCES or not items:
        await form.close()
        message = "choose at least one file" if stance in STANCES else f"unknown stance {stance!r}"
        return page(request, "review.html", status_code=400, title="Review", accept=ACCEPT,
                    stances=STANCES, errors=[message], review=None, max_mib=MAX_BYTES // 2**20)
    uploads = [await _read_upload(item, i) for i, item in enumerate(items)]
    await form.close()
    review = await run_in_threadpool(lint_uploads, uploads, stance)
    if not review.result.documents:  # nothing readable: the errors, on the upload page
        return page(request, "review.html", status_code=422, title="Review", accept=ACCEPT,
                    stances=STANCES, errors=[m for _, m in review.result.errors], review=None,
                    max_mib=MAX_BYTES // 2**20)
    key = _store(request).add(review)
    return RedirectResponse(f"/review/{key}", status_code=303)


async def review_page(request: Request) -> Response:
    key = request.path_params["key"]
    review = _store(request).get(key)
    severities, topic = _filters(request)
    query = "&".join([*(f"severity={s}" for s in SEVERITIES if s in severities),
                      *([f"topic={topic}"] if topic else [])])
    result = review.result
    shown = filtered(result, severities, topic)
    return page(
        request, "review_result.html", title="Review", key=key, review=review,
        summary=result.summary(), shown=shown.summary(), query=query,
        severities=SEVERITIES, chosen=severities, topic=topic,
        topics=[(t, TOPIC_TITLES[t]) for t in TOPICS],
        documents=[(i, d.path, i in review.docx) for i, d in enumerate(result.documents)],
        counts=[(d.path, {s: d.count(Severity(s)) for s in SEVERITIES}) for d in result.documents],
        errors=[m for _, m in result.errors], accept=ACCEPT, stances=STANCES,
        max_mib=MAX_BYTES // 2**20,
    )


async def review_report(request: Request) -> Response:
    """The CLI's HTML report (filtered), for the frame on the review page."""
    from ..lint.formatters import FormatOptions, render

    review = _store(request).get(request.path_params["key"])
    severities, topic = _filters(request)
    html = render(filtered(review.result, severities, topic), "html", FormatOptions())
    return HTMLResponse(html, headers={
        "content-security-policy": REPORT_CSP, "x-frame-options": "SAMEORIGIN",
    })


def _attachment(data: bytes | str, filename: str, media_type: str) -> Response:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "download"
    return Response(data, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="{ascii_name}"',
    })


async def review_download(request: Request) -> Response:
    from ..lint.formatters import FormatOptions, render

    review = _store(request).get(request.path_params["key"])
    fmt = request.path_params["fmt"]
    if fmt == "json":
        return _attachment(render(review.result, "json", FormatOptions()), "sla-review.json",
                           "application/json")
    if fmt == "sarif":
        return _attachment(render(review.result, "sarif", FormatOptions()), "sla-review.sarif",
                           "application/sarif+json")
    raise HTTPException(404, f"no download format {fmt!r} (json or sarif)")


def annotate_bytes(name: str, data: bytes, stance: str) -> bytes:
    """The annotated DOCX for one upload, made in a private temporary folder."""
    from ..annotator import annotate

    with tempfile.TemporaryDirectory(prefix="sla-drafter-web-") as folder:
        src = Path(folder) / "input.docx"
        out = Path(folder) / "annotated.docx"
        src.write_bytes(data)
        annotate(src, out, stance=stance)
        return out.read_bytes()


async def review_annotated(request: Request) -> Response:
    from ..errors import SlaDrafterError

    review = _store(request).get(request.path_params["key"])
    index = request.path_params["index"]
    if index not in review.docx:
        raise HTTPException(404, "annotated copies are made for DOCX uploads only")
    name, data = review.docx[index]
    try:
        out = await run_in_threadpool(annotate_bytes, name, data, review.stance)
    except SlaDrafterError as exc:
        raise HTTPException(422, f"{name}: {exc.message}") from None
    stem = Path(name).stem or "document"
    return _attachment(out, f"{stem}-annotated.docx",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def routes() -> list[BaseRoute]:
    return [
        Route("/review", review_form, methods=["GET"]),
        Route("/review", review_upload, methods=["POST"]),
        Route("/review/{key}", review_page, methods=["GET"]),
        Route("/review/{key}/report.html", review_report, methods=["GET"]),
        Route("/review/{key}/report.{fmt}", review_download, methods=["GET"]),
        Route("/review/{key}/annotated/{index:int}", review_annotated, methods=["GET"]),
    ]


def install(state: Any) -> None:
    """Give the app its review store (one per app, so tests do not share reviews)."""
    state.reviews = ReviewStore()
