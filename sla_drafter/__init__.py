"""sla_drafter: draft SLAs from a reviewed clause library, and lint the ones vendors send.

The public API mirrors the command line. Heavy modules load on first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "annotate", "draft", "lint", "load_spec", "read_document"]


def __getattr__(name: str) -> Any:
    # Lazy public API: importing sla_drafter must stay cheap for the CLI.
    if name == "draft":
        from .assemble import draft

        return draft
    if name == "lint":
        from .lint import lint

        return lint
    if name == "load_spec":
        from .spec import load_spec

        return load_spec
    if name == "annotate":
        from .annotator import annotate

        return annotate
    if name == "read_document":
        from .read import read_document

        return read_document
    raise AttributeError(name)
