"""`sla-drafter annotate VENDOR.docx -o OUT.docx`: the vendor's document back with Word comments.

The rule options (--stance, --fail-on, --select, --ignore, --playbook, --config) and
--force are the lint command's own option objects, and the config is resolved the same
way (defaults < config file < playbook < command line), so annotate finds exactly what
`lint` finds. Exit codes as lint: 0 nothing at or above --fail-on, 1 something is,
2 usage or input errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import user_errors
from .lint import command as lint_command

# lint's options that mean the same here (reused, not redeclared)
SHARED_OPTIONS = (
    "force", "stance", "fail_on", "select", "ignore", "playbook", "config_path",
    "allow_inline_suppression",
)


@click.command(name="annotate")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The annotated copy to write (.docx); never the input itself.",
)
@click.option(
    "--min-severity",
    type=click.Choice(("info", "warning", "error")),
    default="info",
    show_default=True,
    help="Only comment on findings at or above this severity "
    "(the exit code still counts them all).",
)
@user_errors
def command(
    path: Path,
    output: Path,
    min_severity: str,
    force: bool,
    stance: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    playbook: Path | None,
    config_path: Path | None,
    allow_inline_suppression: bool,
) -> None:
    """Lint a vendor DOCX and write a copy with each finding as a Word comment.

    \b
    Comments sit on the sentence each finding is about; missing topics are
    listed in one comment on the title. Author "sla-drafter", dated with the
    input's last-modified date so the same input gives the same output.
    Exit codes: 0 nothing at or above --fail-on; 1 something is; 2 usage or
    input errors. Other formats: `sla-drafter lint --format html`.
    """
    from ..annotator import annotate, check_paths
    from ..findings import Severity
    from ..lint.config import config_from_options

    check_paths(path, output, force)  # refuse before reading any config or linting
    config = config_from_options(
        stance=stance, fail_on=fail_on, select=select, ignore=ignore,
        config_path=config_path, playbook_path=playbook,
        allow_inline_suppression=allow_inline_suppression,
    )
    result = annotate(
        path,
        output,
        stance=config.stance,
        config=config,
        force=force,
        min_severity=Severity(min_severity),
    )
    click.echo(result.summary_line())
    sys.exit(result.exit_code(config.fail_on))


command.params.extend(p for p in lint_command.params if p.name in SHARED_OPTIONS)
if {p.name for p in command.params} < {"path", "output", "min_severity", *SHARED_OPTIONS}:
    raise ImportError("sla_drafter.commands.lint no longer has the options annotate reuses")
