"""`sla-drafter validate SPEC...`: check specs against the schema and cross-field rules."""

from __future__ import annotations

import sys

import click

from ..errors import SlaDrafterError
from ..spec import SpecError, load_spec


@click.command(name="validate")
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=True))
def command(specs: tuple[str, ...]) -> None:
    """Check each SPEC; print "<path>: valid" or every problem, one per line.

    Exits 2 when any spec is invalid; the others are still checked.
    """
    failed = False
    for path in specs:
        try:
            load_spec(path)
        except SpecError as exc:
            failed = True
            for line in exc.errors:
                click.echo(line, err=True)
        except SlaDrafterError as exc:
            failed = True
            click.echo(str(exc), err=True)
        else:
            click.echo(f"{path}: valid")
    if failed:
        sys.exit(2)
