"""Output formats: one module per format, each a function (LintResult, FormatOptions) -> str.

All of them build on `Finding.to_dict()` / `DocumentResult.to_dict()`, so the
formats cannot disagree about what was found. Modules load on first use.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError

if TYPE_CHECKING:
    from .. import LintResult


@dataclass(frozen=True, slots=True)
class FormatOptions:
    color: bool = False  # ANSI colour (human format only)
    quiet: bool = False  # findings only: no topic lines, no summary table
    base_dir: Path | None = None  # paths in SARIF/GitHub output are made relative to this
    width: int | None = None  # terminal columns (human format); None: not a terminal


Formatter = Callable[["LintResult", FormatOptions], str]

# name -> (module, function). Keep in step with config.FORMATS.
FORMATTERS: dict[str, tuple[str, str]] = {
    "human": ("sla_drafter.lint.formatters.human", "format_human"),
    "json": ("sla_drafter.lint.formatters.json", "format_json"),
    "sarif": ("sla_drafter.lint.formatters.sarif", "format_sarif"),
    "html": ("sla_drafter.lint.formatters.html", "format_html"),
    "github": ("sla_drafter.lint.formatters.github", "format_github"),
}

# Formats that show the document text, so the batch must keep Documents for them.
NEEDS_DOCUMENT = frozenset({"html", "sarif", "github"})


def get_formatter(name: str) -> Formatter:
    entry = FORMATTERS.get(name)
    if entry is None:
        raise InputError(f"unknown format {name!r} (use {', '.join(FORMATTERS)})")
    func: Formatter = getattr(importlib.import_module(entry[0]), entry[1])
    return func


def render(result: LintResult, name: str, options: FormatOptions | None = None) -> str:
    return get_formatter(name)(result, options or FormatOptions())


def display_path(path: str, base_dir: Path | None = None) -> str:
    """A path relative to `base_dir` (default: the current folder) when inside it, with /."""
    base = (base_dir or Path.cwd()).resolve()
    try:
        rel = Path(os.path.abspath(path)).relative_to(base)
    except ValueError:
        return Path(path).as_posix()
    return rel.as_posix()


def truncate(text: str, limit: int = 160) -> str:
    """One line of at most `limit` characters, cut at a word boundary (not mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def shorten_middle(text: str, limit: int) -> str:
    """One line of at most about `limit` characters keeping the start and the end, cut at
    word boundaries: the offending words of a quoted sentence are often its last ones
    ("... as the Provider decides")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    half = max(1, (limit - 3) // 2)
    head = text[:half]
    tail = text[-half:]
    if " " in head[half // 2 :]:
        head = head[: head.rfind(" ")]
    if " " in tail[: half // 2]:
        tail = tail[tail.find(" ") + 1 :]
    return f"{head.rstrip(' ,;:')} … {tail.lstrip()}"
