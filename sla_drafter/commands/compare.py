"""`sla-drafter compare REQUIREMENTS VENDOR_DOC...`: vendors' SLAs against a requirements profile.

Exit codes: 0 every document compared; 2 bad requirements, bad options, or some
vendor document unreadable (one line each on stderr; the others are still compared
and reported).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import user_errors

FORMAT_CHOICES = ("human", "json", "html", "xlsx")
SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


@click.command(name="compare")
@click.argument("requirements", type=click.Path(path_type=Path))
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
              help="Output format (default: from the -o suffix (.json .html .xlsx), else human).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout (required for xlsx).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@user_errors
def command(requirements: Path, documents: tuple[str, ...], fmt: str | None, output: Path | None, force: bool) -> None:
    """Compare vendors' SLAs (DOCX, PDF, HTML, Markdown, text, or folders of them) with REQUIREMENTS.

    \b
    Each requirement is met, exceeded, weaker, missing or unclear, with the
    vendor's words and where they are. Several documents give a side-by-side
    table and a weighted score per vendor; --format xlsx fills the response matrix.
    """
    from ..errors import InputError, OutputError
    from ..fsutil import atomic_write, check_writable
    from ..rfp.compare import compare_documents
    from ..rfp.requirements import load_requirements

    if fmt is None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower(), "human") if output is not None else "human"
    if fmt == "xlsx" and output is None:
        raise OutputError("--format xlsx needs -o FILE.xlsx")
    if output is not None:
        check_writable(output, force)  # refuse before the (possibly long) run
        inputs = [requirements, *map(Path, documents)]
        if any(p.exists() and p.resolve() == output.resolve() for p in inputs):
            raise OutputError("is one of the inputs; choose another output file", str(output))
    reqs = load_requirements(requirements)
    comparison = compare_documents(reqs, documents)
    for _, message in comparison.errors:
        click.echo(f"error: {message}", err=True)
    if not comparison.vendors:
        raise InputError("no vendor document could be read")
    data = _render(comparison, fmt)
    if output is not None:
        atomic_write(output, data, force=force)
        click.echo(f"Wrote {output} ({len(comparison.vendors)} vendor{'s' if len(comparison.vendors) > 1 else ''})", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)
    sys.exit(comparison.exit_code())


def _render(comparison: object, fmt: str) -> bytes:
    from ..rfp import report
    from ..rfp.compare import Comparison

    assert isinstance(comparison, Comparison)
    if fmt == "xlsx":
        from ..rfp.matrix import build_matrix

        return build_matrix(comparison.requirements, comparison.vendors)
    if fmt == "json":
        return report.render_json(comparison).encode("utf-8")
    if fmt == "html":
        return report.render_html(comparison).encode("utf-8")
    return report.render_human(comparison).encode("utf-8")
