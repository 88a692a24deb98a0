"""sla_drafter: draft SLAs from a reviewed clause library, and lint the ones vendors send.

The public API mirrors the command line:

    draft(spec_path, out_path, stance="balanced")   # DOCX, PDF or Markdown; returns warnings
    lint(paths, stance=None, config=None)           # a file, or a list of files and folders
    annotate(path, out, stance="customer")          # a vendor DOCX back with Word comments
    load_spec(path)                                 # a validated Spec
    read_document(path)                             # any supported file as a Document

Each function imports its (heavy) modules on first call, so importing the package
stays cheap for the command line. They are real functions (not looked up lazily
by name), so `help(sla_drafter)` lists them with their signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .annotator import AnnotateResult
    from .document import Document
    from .findings import Severity
    from .lint import LintResult
    from .lint.config import LintConfig
    from .spec import Spec

__version__ = "0.1.0"

__all__ = ["__version__", "annotate", "draft", "lint", "load_spec", "read_document"]


def draft(
    spec_path: str | Path, out_path: str | Path, *, stance: str = "balanced", force: bool = False
) -> list[str]:
    """Draft the agreement a spec describes to `out_path` (.docx, .pdf or .md); return warnings.

    Raises InputError for a missing or invalid spec, OutputError for an output that
    exists (without `force`) or cannot be written.
    """
    from .assemble import draft as draft_

    return draft_(spec_path, out_path, stance=stance, force=force)


def lint(
    paths: str | Path | Sequence[str | Path],
    *,
    stance: str | None = None,
    config: LintConfig | None = None,
    jobs: int | None = None,
    keep_documents: bool = False,
    progress: bool = False,
) -> LintResult:
    """Lint one file (a str or Path) or a list of files and folders (searched recursively).

    `result.exit_code()` is 0 when clean, 1 with findings at or above fail-on, 2 when
    some input could not be read (`result.errors`); `result.to_dict()` is the JSON
    contract (docs/json-contract.md).
    """
    from .lint import lint as lint_

    return lint_(
        paths, stance=stance, config=config, jobs=jobs, keep_documents=keep_documents,
        progress=progress,
    )


def annotate(
    path: str | Path,
    out: str | Path,
    *,
    stance: str | None = "customer",
    config: LintConfig | None = None,
    force: bool = False,
    min_severity: Severity | str = "info",
) -> AnnotateResult:
    """Lint the DOCX at `path` and write it to `out` with each finding as a Word comment."""
    from .annotator import annotate as annotate_

    return annotate_(
        path, out, stance=stance, config=config, force=force, min_severity=min_severity
    )


def load_spec(path: str | Path) -> Spec:
    """Read, validate and normalise a spec; InputError names the file, line and data path."""
    from .spec import load_spec as load_spec_

    return load_spec_(path)


def read_document(path: str | Path) -> Document:
    """Read a DOCX, PDF, HTML, Markdown or text file into a Document (InputError if not)."""
    from .read import read_document as read_document_

    return read_document_(path)
