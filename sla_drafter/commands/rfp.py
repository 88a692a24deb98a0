"""`sla-drafter rfp`: the buyer's RFP pieces from a requirements profile.

    sla-drafter rfp REQUIREMENTS -o matrix.xlsx            # bidder response matrix
    sla-drafter rfp REQUIREMENTS -o section.docx|.pdf|.md  # the RFP section
    sla-drafter rfp --from-spec spec.yaml [-o requirements.yaml]  # a profile from a spec
"""

from __future__ import annotations

from pathlib import Path

import click

from . import user_errors


@click.command(name="rfp")
@click.argument("requirements", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file; its suffix picks what: .xlsx (response matrix), .docx/.pdf/.md "
              "(RFP section), or .yaml with --from-spec ('-' prints).")
@click.option("--from-spec", "from_spec", type=click.Path(path_type=Path), default=None,
              help="Derive a requirements file from a spec instead.")
@click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
@user_errors
def command(requirements: Path | None, output: Path | None, from_spec: Path | None, force: bool) -> None:
    """Write the bidder response matrix or the RFP section from REQUIREMENTS,
    or derive a requirements file from a spec (--from-spec)."""
    from ..errors import InputError, OutputError
    from ..fsutil import atomic_write, check_writable

    if from_spec is not None:
        if requirements is not None:
            raise InputError("give either REQUIREMENTS or --from-spec, not both")
        _from_spec(from_spec, output, force)
        return
    if requirements is None:
        raise InputError("missing REQUIREMENTS (a requirements YAML file), or use --from-spec SPEC")
    if output is None:
        raise OutputError("missing -o/--output: a .xlsx (response matrix) or .docx, .pdf, .md (RFP section)")
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".docx", ".pdf", ".md"):
        raise OutputError(f"unsupported output type {output.suffix or '(no suffix)'!r}; use .xlsx, .docx, .pdf or .md",
                          str(output))  # fmt: skip
    check_writable(output, force)
    if output.exists() and requirements.exists() and output.resolve() == requirements.resolve():
        raise OutputError("output would overwrite the requirements file", str(output))
    from ..rfp.requirements import load_requirements

    reqs = load_requirements(requirements)
    if suffix == ".xlsx":
        from ..rfp.matrix import build_matrix

        atomic_write(output, build_matrix(reqs), force=force)
        click.echo(f"Wrote {output} (response matrix, {len(reqs.requirements)} requirements)")
        return
    from ..rfp.section import render_section

    atomic_write(output, render_section(reqs, suffix.lstrip(".")), force=force)
    click.echo(f"Wrote {output} (RFP section, {len(reqs.requirements)} requirements)")


def _from_spec(spec_path: Path, output: Path | None, force: bool) -> None:
    from ..fsutil import atomic_write, check_writable
    from ..rfp.derive import requirements_from_spec
    from ..spec import load_spec

    to_stdout = output is None or str(output) == "-"
    if output is not None and not to_stdout:
        check_writable(output, force)
    text = requirements_from_spec(load_spec(spec_path))
    if to_stdout or output is None:
        click.echo(text, nl=False)
        return
    atomic_write(output, text.encode("utf-8"), force=force)
    click.echo(f"Wrote {output} (requirements derived from {spec_path})", err=True)
