"""Drafting: Spec + clause library + stance -> Agreement -> DOCX, PDF or Markdown.

`draft()` is the public entry point (and `sla-drafter draft`). Renderers and
their heavy libraries (docxtpl, WeasyPrint) load on first use, so importing
this package stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, OutputError
from ..fsutil import atomic_write, check_writable

if TYPE_CHECKING:
    from ..agreement import Agreement

__all__ = ["FORMATS", "STANCES", "Drafted", "draft", "draft_agreement", "render"]

STANCES: tuple[str, ...] = ("customer", "balanced", "provider")

# format -> (output suffix, renderer module, renderer function)
FORMATS: dict[str, tuple[str, str, str]] = {
    "docx": (".docx", "sla_drafter.assemble.docx", "render_docx"),
    "pdf": (".pdf", "sla_drafter.assemble.pdf", "render_pdf"),
    "md": (".md", "sla_drafter.assemble.markdown", "render_markdown"),
}
_ALIASES = {"markdown": "md"}


@dataclass(slots=True)
class Drafted:
    """What a draft produced: where, from which agreement, with which warnings."""

    path: Path
    format: str
    agreement: Agreement
    warnings: list[str] = field(default_factory=list)


def _renderer(fmt: str) -> Callable[[Agreement], bytes]:
    key = _ALIASES.get(fmt.lower().lstrip("."), fmt.lower().lstrip("."))
    if key not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; supported: {', '.join(sorted(FORMATS))}")
    _, module, name = FORMATS[key]
    func: Callable[[Agreement], bytes] = getattr(importlib.import_module(module), name)
    return func


def render(agreement: Agreement, fmt: str) -> bytes:
    """Render an Agreement as `docx`, `pdf` or `md` (alias `markdown`) bytes."""
    return _renderer(fmt)(agreement)


def format_for(path: Path) -> str:
    """The output format named by a file's suffix, or OutputError naming the supported ones."""
    suffix = path.suffix.lower()
    for fmt, (fmt_suffix, _, _) in FORMATS.items():
        if suffix == fmt_suffix:
            return fmt
    supported = ", ".join(s for s, _, _ in FORMATS.values())
    raise OutputError(
        f"unsupported output type {path.suffix or '(no suffix)'!r}; use one of {supported}",
        str(path),
    )


def _build(spec_path: Path, stance: str) -> tuple[Agreement, list[str]]:
    """Load the spec and the library and assemble the agreement (the other engineers' modules)."""
    from ..library import load_library
    from ..spec import load_spec

    # Imported by name: the assembler is another module's contract; this keeps the seam explicit.
    assembler = importlib.import_module("sla_drafter.assemble.assembler")
    spec = load_spec(spec_path)
    built: tuple[Agreement, list[str]] = assembler.build_agreement(spec, load_library(), stance)
    return built


def draft_agreement(
    spec_path: str | Path, out_path: str | Path, *, stance: str = "balanced", force: bool = False
) -> Drafted:
    """Like `draft()`, returning the agreement too (the CLI reports its section count)."""
    spec = Path(spec_path)
    out = Path(out_path)
    fmt = format_for(out)
    check_writable(out, force)  # before any expensive work
    if stance not in STANCES:
        raise InputError(f"unknown stance {stance!r}; use one of {', '.join(STANCES)}")
    if not spec.is_file():
        raise InputError("no such spec file" if not spec.exists() else "not a file", str(spec))
    if spec.resolve() == out.resolve() or (out.exists() and out.samefile(spec)):
        raise OutputError("output would overwrite the spec", str(out))
    agreement, warnings = _build(spec, stance)
    data = render(agreement, fmt)
    atomic_write(out, data, force=force)
    return Drafted(path=out, format=fmt, agreement=agreement, warnings=list(warnings))


def draft(
    spec_path: str | Path, out_path: str | Path, *, stance: str = "balanced", force: bool = False
) -> list[str]:
    """Draft the agreement a spec describes to `out_path` (.docx, .pdf or .md); return warnings.

    Raises InputError for a missing or invalid spec, an unknown stance or clause,
    and OutputError for an unsupported suffix, an existing output without
    `force`, or a folder that cannot be written.
    """
    return draft_agreement(spec_path, out_path, stance=stance, force=force).warnings
