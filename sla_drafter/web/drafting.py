"""The Draft page: questionnaire -> spec -> agreement preview and downloads.

The whole questionnaire is one form. Every POST rebuilds the spec mapping from
the form (`questionnaire.form_to_data`), validates it with the CLI's own
`parse_spec`, and then, by the button pressed: shows the problems beside their
fields, adds or removes a list item, previews the agreement, or returns the
DOCX, PDF, Markdown or spec YAML. Nothing is written to disk: the spec lives in
the form and the documents are rendered in memory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import SlaDrafterError
from . import questionnaire as q
from .forms import FormRefused, read_form
from .templating import page

STANCES = ("customer", "balanced", "provider")
STANCE_TEXT = {
    "customer": "Favours the buyer: firmer commitments, wider credits, narrower exclusions.",
    "balanced": "Market-standard middle ground both sides usually accept.",
    "provider": "Favours the supplier: softer commitments, capped remedies, wider exclusions.",
}
DOWNLOADS: dict[str, tuple[str, str]] = {
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (".pdf", "application/pdf"),
    "md": (".md", "text/markdown; charset=utf-8"),
    "yaml": (".yaml", "application/yaml"),
}
EXAMPLES = ("saas", "managed-services", "internal-ola", "multi-level")
MAX_SPEC_BYTES = 1024 * 1024


def _flat(form: FormData) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


def _library_view(stance: str, chosen: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each topic's clauses with their drafting notes, for the stance step."""
    from ..library import load_library, topic_title

    library = load_library()
    return [
        {
            "topic": topic,
            "title": topic_title(topic),
            "chosen": chosen.get(topic, ""),
            "clauses": [
                {"id": c.id, "title": c.title, "default": c.default, "notes": c.notes}
                for c in library.for_topic(topic)
            ],
        }
        for topic in library.topics()
    ]


def _render(request: Request, data: Mapping[str, Any], *, counts: Mapping[str, int] | None = None,
            stance: str = "balanced", check: bool = True, status: int = 200,
            preview: Any = None, warnings: list[str] | None = None,
            messages: list[str] | None = None, problems: Mapping[str, str] | None = None,
            focus: str = "") -> Response:
    steps = q.build_form(data, counts)
    validation = q.validate(data) if check else q.Validation([], {})
    by_path = {k: list(v) for k, v in validation.by_path.items()}
    for name, message in (problems or {}).items():
        by_path.setdefault(name, []).append(message)
    leftover = q.attach_errors(steps, by_path)
    chosen = data.get("clauses") or {}
    return page(
        request, "draft.html", status_code=status, title="Draft",
        steps=steps, validation=validation, checked=check, leftover=leftover,
        stance=stance, stances=STANCES, stance_text=STANCE_TEXT,
        library=_library_view(stance, chosen if isinstance(chosen, Mapping) else {}),
        preview=preview, warnings=warnings or [], messages=messages or [],
        examples=EXAMPLES, count_prefix=q.COUNT_PREFIX, focus=focus, blank=not data,
    )


async def draft_form(request: Request) -> Response:
    example = request.query_params.get("example", "")
    if example:
        from ..commands.init import example_text

        try:
            data = yaml.safe_load(example_text(example))
        except SlaDrafterError as exc:
            return _render(request, {}, check=False, status=404, messages=[str(exc)])
        return _render(request, data, check=True)
    return _render(request, {}, check=False)


def build(data: Mapping[str, Any], stance: str) -> tuple[Any, list[str]]:
    """(Agreement, warnings) for valid spec data, as `sla-drafter draft` builds them."""
    import importlib

    from ..library import load_library
    from ..spec import parse_spec

    spec = parse_spec(q.to_yaml(data), q.SPEC_NAME)
    assembler = importlib.import_module("sla_drafter.assemble.assembler")
    agreement, warnings = assembler.build_agreement(spec, load_library(), stance)
    return agreement, list(warnings)


def render_download(data: Mapping[str, Any], stance: str, fmt: str) -> tuple[bytes, str]:
    from ..assemble import render

    agreement, _ = build(data, stance)
    return render(agreement, fmt), _filename(agreement.reference or agreement.title)


def preview_html(data: Mapping[str, Any], stance: str) -> tuple[Any, list[str]]:
    from ..assemble.markdown import render_markdown
    from .mdhtml import markdown_to_html

    agreement, warnings = build(data, stance)
    return markdown_to_html(render_markdown(agreement).decode("utf-8")), warnings


def _filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80] or "agreement"


async def _read(request: Request) -> tuple[dict[str, list[str]], FormData] | Response:
    try:
        form = await read_form(request, max_files=1)
    except FormRefused as exc:
        return page(request, "error.html", status_code=exc.status, title="Draft",
                    message=exc.message, status=exc.status)
    return _flat(form), form


async def draft_post(request: Request) -> Response:
    got = await _read(request)
    if isinstance(got, Response):
        return got
    flat, form = got
    await form.close()
    stance = (flat.get("stance") or ["balanced"])[-1]
    if stance not in STANCES:
        stance = "balanced"
    action = (flat.get("action") or ["check"])[-1]
    data, counts, problems = q.form_to_data(flat)
    if action.startswith(("add:", "remove:")):
        focus = q.apply_list_action(counts, data, action) or ""
        return _render(request, data, counts=counts, stance=stance, check=False,
                       problems=problems, focus=focus)
    if action == "download:yaml":  # the spec as it stands, valid or not, to keep working on
        return _attachment(q.to_yaml(data).encode("utf-8"), "spec.yaml", "yaml")
    validation = q.validate(data)
    if problems or not validation.ok:
        return _render(request, data, counts=counts, stance=stance, status=422, problems=problems,
                       messages=["The spec has problems; each is shown beside its field."])
    try:
        if action == "preview":
            html, warnings = await run_in_threadpool(preview_html, data, stance)
            return _render(request, data, counts=counts, stance=stance, preview=html,
                           warnings=warnings, focus="preview")
        fmt = action.removeprefix("download:")
        if fmt in ("docx", "pdf", "md"):
            body, stem = await run_in_threadpool(render_download, data, stance, fmt)
            return _attachment(body, stem + DOWNLOADS[fmt][0], fmt)
    except SlaDrafterError as exc:
        return _render(request, data, counts=counts, stance=stance, status=422,
                       messages=[str(exc)])
    return _render(request, data, counts=counts, stance=stance,
                   messages=["The spec is valid."] if action == "check" else [])


def _attachment(body: bytes, filename: str, fmt: str) -> Response:
    return Response(body, media_type=DOWNLOADS[fmt][1], headers={
        "content-disposition": f'attachment; filename="{filename}"',
    })


async def draft_validate(request: Request) -> Response:
    """For the page's script: the problems as JSON, keyed by field path."""
    got = await _read(request)
    if isinstance(got, Response):
        return JSONResponse({"error": "refused"}, status_code=got.status_code)
    flat, form = got
    await form.close()
    data, _counts, problems = q.form_to_data(flat)
    validation = q.validate(data)
    fields = {k: list(v) for k, v in validation.by_path.items()}
    for name, message in problems.items():
        fields.setdefault(name, []).append(message)
    return JSONResponse({"ok": validation.ok and not problems, "lines": validation.lines,
                         "fields": fields})


async def draft_load(request: Request) -> Response:
    """Load an existing spec (uploaded or pasted) into the questionnaire."""
    got = await _read(request)
    if isinstance(got, Response):
        return got
    flat, form = got
    upload = form.get("spec_file")
    text = (flat.get("spec_text") or [""])[-1]
    name = "spec.yaml"
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(MAX_SPEC_BYTES + 1)
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1] or name
        if len(raw) > MAX_SPEC_BYTES:
            await form.close()
            return _render(request, {}, check=False, status=413,
                           messages=[f"{name}: spec is too large (limit 1 MiB)"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            await form.close()
            return _render(request, {}, check=False, status=422,
                           messages=[f"{name}: not a text file (expected UTF-8 YAML)"])
    await form.close()
    if not text.strip():
        return _render(request, {}, check=False, status=400,
                       messages=["choose a spec file or paste its YAML"])
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        return _render(request, {}, check=False, status=422,
                       messages=[f"{where}: not valid YAML: {exc.problem or 'syntax error'}"])
    except yaml.YAMLError as exc:
        return _render(request, {}, check=False, status=422, messages=[f"{name}: not valid YAML: {exc}"])
    if not isinstance(data, dict):
        return _render(request, {}, check=False, status=422, messages=[
            f"{name}: the top level must be a mapping of keys (sla_drafter: 1, agreement: ...)"])
    unknown = sorted(str(k) for k in data if k not in q.schema())
    messages = [f"{name}: ignored keys the questionnaire does not know: {', '.join(unknown)}"] if unknown else []
    return _render(request, data, messages=messages)


def routes() -> list[BaseRoute]:
    return [
        Route("/draft", draft_form, methods=["GET"]),
        Route("/draft", draft_post, methods=["POST"]),
        Route("/draft/validate", draft_validate, methods=["POST"]),
        Route("/draft/load", draft_load, methods=["POST"]),
    ]
