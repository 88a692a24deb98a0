"""`sla-drafter draft SPEC -o OUT.docx|.pdf|.md`: draft an agreement from a spec."""

from __future__ import annotations

from pathlib import Path

import click

from . import user_errors


@click.command(name="draft")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(path_type=Path),
    help="Output file; its suffix picks the format: .docx, .pdf or .md.",
)
@click.option(
    "--stance", default="balanced", show_default=True, metavar="customer|balanced|provider",
    help="Whose interests the clause variants favour.",
)
@click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
@user_errors
def command(spec: Path, output: Path, stance: str, force: bool) -> None:
    """Draft an agreement from SPEC (DOCX, PDF or Markdown)."""
    import importlib

    from .. import _cache
    from ..assemble import draft_agreement

    # what every draft imports, while the start-up still holds the garbage collector
    for module in ("sla_drafter.library", "sla_drafter.spec", "sla_drafter.assemble.assembler"):
        importlib.import_module(module)
    _cache.release_gc()
    result = draft_agreement(spec, output, stance=stance, force=force)
    sections = len(result.agreement.sections())
    click.echo(f"Wrote {result.path} ({sections} sections, stance {stance})")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
