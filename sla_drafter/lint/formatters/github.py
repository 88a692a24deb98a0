"""GitHub Actions workflow commands: `::error file=...,title=...::message`, one per finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import FormatOptions, display_path

if TYPE_CHECKING:
    from .. import LintResult

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(result: LintResult, options: FormatOptions) -> str:
    lines: list[str] = []
    for doc in result.documents:
        path = display_path(doc.path, options.base_dir)
        for f in doc.findings:
            props = [f"file={_prop(path)}"]
            if f.location is not None and doc.doc is not None:
                line = doc.doc.text.count("\n", 0, f.location.start) + 1
                props.append(f"line={line}")
            props.append(f"title={_prop(f'{f.code} {f.rule}')}")
            message = f.message
            if f.fix is not None and f.fix.clause:
                message += f" (fix: {f.fix.clause})"
            lines.append(f"::{LEVELS[f.severity.value]} {','.join(props)}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
