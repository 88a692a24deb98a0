"""`sla-drafter init`: write a bundled example spec to start from."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..fsutil import atomic_write
from ..resources import examples_dir
from . import user_errors

KINDS: tuple[str, ...] = ("saas", "managed-services", "internal-ola", "multi-level")
# Not a spec: a buyer's requirements profile (examples/requirements/rfp.yaml).
RFP_KIND = "rfp"


def example_text(kind: str) -> str:
    """The bundled example spec for a kind, as text."""
    if kind == RFP_KIND:
        path = examples_dir() / "requirements" / "rfp.yaml"
    elif kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; choose one of: {', '.join((*KINDS, RFP_KIND))}")
    else:
        path = examples_dir() / f"{kind}.yaml"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise InputError("bundled example is missing from the installation", str(path)) from None


@click.command(name="init")
@click.option(
    "--kind",
    type=click.Choice((*KINDS, RFP_KIND)),
    default="saas",
    show_default=True,
    help="Which example to start from.",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help="Where to write the spec (default spec.yaml; requirements.yaml for --kind rfp); '-' prints it.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@user_errors
def command(kind: str, output: str | None, force: bool) -> None:
    """Write an example spec (or, with --kind rfp, a requirements profile) to start from."""
    text = example_text(kind)
    if output is None:
        output = "requirements.yaml" if kind == RFP_KIND else "spec.yaml"
    if output == "-":
        click.echo(text, nl=False)
        return
    atomic_write(Path(output), text.encode("utf-8"), force=force)
    if kind == RFP_KIND:
        click.echo(f"wrote {output} (requirements example); use it with: sla-drafter rfp {output} -o matrix.xlsx", err=True)
        return
    click.echo(f"wrote {output} ({kind} example); check it with: sla-drafter validate {output}", err=True)
