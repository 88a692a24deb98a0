"""Where the data folders live: inside the wheel (`sla_drafter/_data/`) or at the repo top level."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Path of a top-level data folder: `clause_library`, `templates`, `schemas` or `examples`."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    source = _PACKAGE.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"sla_drafter data folder {name!r} is missing from the installation")


def clause_library_dir() -> Path:
    return data_dir("clause_library")


def templates_dir() -> Path:
    return data_dir("templates")


def schemas_dir() -> Path:
    return data_dir("schemas")


def examples_dir() -> Path:
    return data_dir("examples")
