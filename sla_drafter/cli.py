"""The `sla-drafter` command line. Subcommands load lazily so `--help` stays fast.

Each subcommand lives in `sla_drafter/commands/<name>.py` as a click command
named `command`. Errors of type SlaDrafterError print one line and exit 2.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

# name -> (module, one-line help). Help is duplicated here so `--help` imports nothing heavy.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("sla_drafter.commands.init", "Write an example spec to start from."),
    "validate": ("sla_drafter.commands.validate", "Check a spec against the schema."),
    "draft": ("sla_drafter.commands.draft", "Draft an agreement from a spec (DOCX, PDF, Markdown)."),
    "lint": ("sla_drafter.commands.lint", "Check SLAs (DOCX, PDF, text, Markdown, HTML, spec)."),
    "annotate": ("sla_drafter.commands.annotate", "Return a vendor DOCX with findings as Word comments."),
    "rules": ("sla_drafter.commands.rules", "List lint rules, or explain one."),
    "clauses": ("sla_drafter.commands.clauses", "List library clauses, or show one."),
    "rfp": ("sla_drafter.commands.rfp", "RFP section or bidder response matrix from requirements."),
    "compare": ("sla_drafter.commands.compare", "Compare vendors' SLAs with RFP requirements."),
    "serve": ("sla_drafter.commands.serve", "Run the web app (draft, review) on this computer."),
    "credits": ("sla_drafter.commands.credits", "Service levels met and credits owed from outages and tickets."),
}


def _group() -> Any:
    """The click group, built on first use: `main` starts a command's start-up (see
    HOLD_GC) before click, which costs a tenth of a lint's start-up, is imported."""
    cached = _BUILT.get("cli")
    if cached is not None:
        return cached
    import click

    class LazyGroup(click.Group):
        def list_commands(self, ctx: click.Context) -> list[str]:
            return sorted(COMMANDS)

        def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
            entry = COMMANDS.get(cmd_name)
            if entry is None:
                return None
            module = importlib.import_module(entry[0])
            command: click.Command = module.command
            return command

        def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    @click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(package_name="sla-drafter")
    def cli() -> None:
        """Draft Service Level Agreements and lint the ones vendors send you."""

    _BUILT.update(cli=cli, LazyGroup=LazyGroup)
    return cli


_BUILT: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    """`cli` (the click group) and `LazyGroup`, as this module always offered them."""
    if name in ("cli", "LazyGroup"):
        _group()
        return _BUILT[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Commands whose start-up holds the garbage collector (see _cache.hold_gc) until they
# call `_cache.release_gc()`, once everything they load for good is loaded.
HOLD_GC = frozenset({"lint", "draft"})


def main(argv: list[str] | None = None) -> Any:
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    held = command in HOLD_GC
    if held:
        from . import _cache

        _cache.hold_gc(str(command))
    try:
        return _main(argv)
    finally:
        if held:
            _cache.release_gc(done=False)  # a run that never got to its documents


def _main(argv: list[str] | None) -> Any:
    import click

    from .errors import SlaDrafterError

    try:
        return _group().main(args=argv, prog_name="sla-drafter", standalone_mode=True)
    except SlaDrafterError as exc:  # commands normally handle these; this is the backstop
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
