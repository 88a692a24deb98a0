"""The Compare page: a requirements profile (bundled example or uploaded YAML) against
vendors' SLAs, with the gap table, the weighted scores and the response matrix.

It follows the Review page: uploads are read with the same limits, each vendor file is
written under a name of our making (`01.pdf`) in a private temporary folder that is
removed before the response goes out, and the user's file names are labels only. The
requirements YAML is parsed from memory under its label, so its problems read exactly
like the CLI's (`rfp.yaml:7 requirements[0].target: must be between 0 and 100`). What the
page and the downloads need afterwards (the Comparison: requirements and outcomes, no
document bytes) is kept in memory for the last few comparisons.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..read import MAX_BYTES
from ..rfp.compare import Comparison
from ..rfp.requirements import Requirements
from .forms import FormRefused, read_form
from .reviewing import ACCEPT, Upload, _attachment, _read_upload, safe_suffix
from .security import REPORT_CSP
from .templating import page

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUIREMENTS_ACCEPT = ".yaml,.yml"
STATUSES = ("met", "exceeded", "weaker", "missing", "unclear")


class RequirementsRefused(Exception):
    """The chosen or uploaded requirements cannot be used; `lines` are the CLI's error lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def bundled_requirements() -> list[str]:
    """The example requirements files shipped with the package (file names, sorted)."""
    from ..resources import examples_dir

    folder = examples_dir() / "requirements"
    return sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else []


def _parse(text: str, label: str) -> Requirements:
    from ..errors import SlaDrafterError
    from ..rfp.requirements import parse_requirements

    try:
        return parse_requirements(text, label, Path(label))
    except SlaDrafterError as exc:
        raise RequirementsRefused([line for line in str(exc).splitlines() if line.strip()]) from None


def example_requirements(name: str) -> Requirements:
    """A bundled example by file name, labelled as in a checkout (`examples/requirements/rfp.yaml`)."""
    from ..resources import examples_dir

    if name not in bundled_requirements():
        raise RequirementsRefused([f"no bundled requirements file {name!r}"])
    text = (examples_dir() / "requirements" / name).read_text(encoding="utf-8")
    return _parse(text, f"examples/requirements/{name}")


def uploaded_requirements(upload: Upload) -> Requirements:
    """Requirements from an uploaded YAML, named by its label in every message."""
    if upload.error is not None:
        raise RequirementsRefused([upload.error])
    if not upload.data:
        raise RequirementsRefused([f"{upload.name}: file is empty (0 bytes)"])
    try:
        text = upload.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RequirementsRefused([f"{upload.name}: not a text file (expected UTF-8 YAML)"]) from None
    return _parse(text, upload.name)


def compare_uploads(reqs: Requirements, uploads: list[Upload]) -> Comparison:
    """Compare each upload in its own file of a private temporary folder, removed on return.

    Messages are the CLI's one-line errors with our temporary path replaced by the label."""
    from ..rfp.compare import compare_documents

    comparison = Comparison(reqs)
    slots: dict[int, str] = {}  # upload index -> our file name for it
    with tempfile.TemporaryDirectory(prefix="sla-drafter-web-") as folder:
        for i, upload in enumerate(uploads):
            if upload.error is None:
                slots[i] = str(Path(folder) / f"{i + 1:02d}{safe_suffix(upload.name)}")
                Path(slots[i]).write_bytes(upload.data)
        done = compare_documents(reqs, list(slots.values()))
    labels = {path: uploads[i].name for i, path in slots.items()}
    for vendor in done.vendors:
        vendor.path = labels[vendor.path]
    errors = dict(done.errors)
    for i, upload in enumerate(uploads):  # in upload order, as the user chose them
        if upload.error is not None:
            comparison.errors.append((upload.name, upload.error))
        elif slots[i] in errors:
            comparison.errors.append((upload.name, errors[slots[i]].replace(slots[i], upload.name)))
    comparison.vendors.extend(done.vendors)
    return comparison


class CompareStore:
    """The last few comparisons, in memory only; the oldest go first."""

    def __init__(self, limit: int = 12) -> None:
        self._items: OrderedDict[str, Comparison] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def add(self, comparison: Comparison) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = comparison
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Comparison:
        with self._lock:
            comparison = self._items.get(key)
        if comparison is None:
            raise HTTPException(404, "this comparison is no longer in memory; upload the files again")
        return comparison


def _store(request: Request) -> CompareStore:
    store: CompareStore = request.app.state.comparisons
    return store


def _form_page(request: Request, errors: list[str], status_code: int = 200, chosen: str = "") -> Response:
    examples = bundled_requirements()
    return page(request, "compare.html", status_code=status_code, title="Compare", errors=errors,
                accept=ACCEPT, requirements_accept=REQUIREMENTS_ACCEPT, examples=examples,
                chosen=chosen if chosen in examples else (examples[0] if examples else ""),
                max_mib=MAX_BYTES // 2**20)


async def compare_form(request: Request) -> Response:
    return _form_page(request, [])


def _files(form: FormData, name: str) -> list[UploadFile]:
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and (f.filename or f.size)]


async def _requirements(form: FormData, chosen: str) -> Requirements:
    """The uploaded requirements YAML if one was chosen, else the bundled example."""
    uploaded = _files(form, "requirements_file")
    if uploaded:
        upload = await _read_upload(uploaded[0], 0)
        return await run_in_threadpool(uploaded_requirements, upload)
    return await run_in_threadpool(example_requirements, chosen)


async def compare_upload(request: Request) -> Response:
    try:
        form = await read_form(request)
    except FormRefused as exc:
        return _form_page(request, [exc.message], exc.status)
    chosen = str(form.get("example") or "")
    try:
        items = _files(form, "files")
        if not items:
            return _form_page(request, ["choose at least one vendor SLA"], 400, chosen)
        try:
            reqs = await _requirements(form, chosen)
        except RequirementsRefused as exc:
            return _form_page(request, exc.lines, 422, chosen)
        uploads = [await _read_upload(item, i) for i, item in enumerate(items)]
    finally:
        await form.close()
    comparison = await run_in_threadpool(compare_uploads, reqs, uploads)
    if not comparison.vendors:  # nothing readable: the errors, on the upload page
        return _form_page(request, [m for _, m in comparison.errors], 422, chosen)
    key = _store(request).add(comparison)
    return RedirectResponse(f"/compare/{key}", status_code=303)


def _vendor_rows(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {"name": v.path, "score": f"{v.score():g}", "counts": v.counts(),
         "failed": ", ".join(v.mandatory_failed())}
        for v in comparison.vendors
    ]  # fmt: skip


async def compare_page(request: Request) -> Response:
    key = request.path_params["key"]
    comparison = _store(request).get(key)
    reqs = comparison.requirements
    n = len(comparison.vendors)
    return page(
        request, "compare_result.html", title="Compare", key=key,
        heading=f"{reqs.title}: {n} vendor{'' if n == 1 else 's'}",
        requirements_file=str(reqs.path), requirement_count=len(reqs.requirements),
        vendors=_vendor_rows(comparison), statuses=STATUSES,
        errors=[m for _, m in comparison.errors], accept=ACCEPT,
        requirements_accept=REQUIREMENTS_ACCEPT, examples=bundled_requirements(),
        chosen=reqs.path.name if str(reqs.path).startswith("examples/requirements/") else "",
        max_mib=MAX_BYTES // 2**20,
    )


async def compare_report(request: Request) -> Response:
    """The CLI's HTML comparison report, for the frame on the compare page."""
    from ..rfp.report import render_html

    comparison = _store(request).get(request.path_params["key"])
    return HTMLResponse(render_html(comparison), headers={
        "content-security-policy": REPORT_CSP, "x-frame-options": "SAMEORIGIN",
    })


def _stem(reqs: Requirements) -> str:
    return Path(reqs.path.name).stem or "requirements"


async def compare_download(request: Request) -> Response:
    """`compare --format json|xlsx` and `rfp REQ -o matrix.xlsx` for the stored comparison."""
    from ..rfp.matrix import build_matrix
    from ..rfp.report import render_json

    comparison = _store(request).get(request.path_params["key"])
    what = request.path_params["what"]
    reqs = comparison.requirements
    if what == "report.json":
        return _attachment(render_json(comparison), f"{_stem(reqs)}-comparison.json", "application/json")
    if what == "matrix.xlsx":
        data = await run_in_threadpool(build_matrix, reqs, comparison.vendors)
        return _attachment(data, f"{_stem(reqs)}-comparison.xlsx", XLSX_TYPE)
    if what == "blank-matrix.xlsx":
        data = await run_in_threadpool(build_matrix, reqs, None)
        return _attachment(data, f"{_stem(reqs)}-matrix.xlsx", XLSX_TYPE)
    raise HTTPException(404, f"no download {what!r} (report.json, matrix.xlsx or blank-matrix.xlsx)")


async def example_matrix(request: Request) -> Response:
    """The blank bidder matrix for a bundled example, before any vendor is compared."""
    from ..rfp.matrix import build_matrix

    name = request.query_params.get("example", "")
    try:
        reqs = await run_in_threadpool(example_requirements, name)
    except RequirementsRefused as exc:
        raise HTTPException(404, exc.lines[0]) from None
    data = await run_in_threadpool(build_matrix, reqs, None)
    return _attachment(data, f"{_stem(reqs)}-matrix.xlsx", XLSX_TYPE)


def routes() -> list[BaseRoute]:
    return [
        Route("/compare", compare_form, methods=["GET"]),
        Route("/compare", compare_upload, methods=["POST"]),
        Route("/compare/matrix.xlsx", example_matrix, methods=["GET"]),
        Route("/compare/{key}", compare_page, methods=["GET"]),
        Route("/compare/{key}/report.html", compare_report, methods=["GET"]),
        Route("/compare/{key}/{what}", compare_download, methods=["GET"]),
    ]


def install(state: Any) -> None:
    """Give the app its comparison store (one per app, so tests do not share results)."""
    state.comparisons = CompareStore()
