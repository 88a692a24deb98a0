"""`sla-drafter lint PATH...`: check SLAs and report in one of several formats.

Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or input
errors (each unreadable file is one line on stderr; the others are still linted
and reported).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import user_errors

FORMAT_CHOICES = ("human", "json", "sarif", "html", "github")
SUFFIX_FORMATS = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html"}


@click.command(name="lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
              help="Output format (default: from the -o suffix (.json .sarif .html), the config, or human).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--stance", type=click.Choice(("customer", "balanced", "provider")), default=None,
              help="Whose side you are on (default: customer; balanced: protections for one "
              "side only are at most warnings).")
@click.option("--fail-on", type=click.Choice(("error", "warning", "info")), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (codes, names or groups; repeat or comma-separate).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option("--playbook", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A playbook YAML file (overrides the config's playbook).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Config file (default: search upward for .sla-drafter.toml "
              "or pyproject.toml [tool.sla-drafter]).")
@click.option("--allow-inline-suppression", is_flag=True,
              help="Honour `sla-lint:` directives found in the documents (off by default: "
              "they come from the side being judged; found directives are always reported).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Parallel processes (default: the number of CPUs).")
@click.option("--no-color", is_flag=True, help="No colour in human output.")
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no progress, topics or summary.")
@user_errors
def command(
    paths: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    force: bool,
    stance: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    playbook: Path | None,
    config_path: Path | None,
    allow_inline_suppression: bool,
    jobs: int | None,
    no_color: bool,
    quiet: bool,
) -> None:
    """Check SLAs (DOCX, PDF, text, Markdown, HTML, spec YAML) and folders of them.

    \b
    Exit codes: 0 nothing at or above --fail-on; 1 something is;
    2 usage or input errors (one line per unreadable file on stderr;
    the other files are still checked and reported).
    Inline suppression: a line or comment `sla-lint: disable=RULE`
    (to the end of its section), `disable-next=RULE` or `disable-file=RULE`,
    honoured only with --allow-inline-suppression (each one found is
    reported as an SLA903 info finding either way).
    """
    from ..errors import InputError
    from ..lint import lint
    from ..lint.config import config_from_options
    from ..lint.formatters import NEEDS_DOCUMENT, FormatOptions, render

    if fmt is None and output is not None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower())  # -o report.html means HTML
    config = config_from_options(
        stance=stance, fail_on=fail_on, select=select, ignore=ignore,
        config_path=config_path, playbook_path=playbook, fmt=fmt,
        allow_inline_suppression=allow_inline_suppression,
    )
    if output is not None:  # (fsutil imported here: a report on stdout writes no file)
        from ..fsutil import check_writable, refuse_inputs
        from ..lint.batch import collect_paths

        check_writable(output, force)  # refuse before the (possibly long) run
        refuse_inputs(output, [*paths, *collect_paths(paths)[0]])  # files found in folders too
    fmt_name = config.format
    result = lint(
        list(paths),
        config=config,
        jobs=jobs,
        keep_documents=fmt_name in NEEDS_DOCUMENT,
        progress=not quiet,
    )
    for _, message in result.errors:
        click.echo(f"error: {message}", err=True)
    if not result.documents and not result.errors:
        raise InputError(f"no SLA files found in {', '.join(paths)}")
    color = (
        output is None
        and not no_color
        and "NO_COLOR" not in os.environ
        and sys.stdout.isatty()
    )
    import shutil

    tty = output is None and sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else None
    report = render(result, fmt_name, FormatOptions(color=color, quiet=quiet, width=width))
    if output is not None:
        from ..fsutil import atomic_write

        atomic_write(output, report.encode("utf-8"), force=force)
    else:
        click.echo(report, nl=False, color=color)
    sys.exit(result.exit_code(config.fail_on))
