"""`sla-drafter clauses [TOPIC_OR_ID] [--stance S]`: browse the clause library."""

from __future__ import annotations

import textwrap

import click

from ..errors import InputError
from . import user_errors

_WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    """Wrap each paragraph of clause text for the terminal, keeping blank lines between them."""
    return "\n\n".join(
        textwrap.fill(p, _WIDTH, initial_indent=indent, subsequent_indent=indent)
        for p in text.split("\n\n")
    )


@click.command(name="clauses")
@click.argument("topic_or_id", required=False)
@click.option(
    "--stance",
    type=click.Choice(["customer", "balanced", "provider"]),
    default=None,
    help="Show only this stance's text (all three when omitted).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Validate the whole library: compile every template and render every example.",
)
@user_errors
def command(topic_or_id: str | None, stance: str | None, check: bool) -> None:
    """List library clauses by topic, list one topic's clauses, or show one clause.

    With no argument, lists every topic with its clause ids and titles. With a
    topic (e.g. `maintenance`), lists that topic's clauses. With a clause id
    (e.g. `support.human_response`), shows its variables, text and drafting notes.
    """
    from ..library import STANCES, describe_default, load_library, topic_title

    library = load_library(strict=check)
    if check:
        click.echo(f"{library.root}: {len(library.clauses)} clauses, all valid")
        return
    if topic_or_id is None:
        for topic in library.topics():
            click.echo(f"{topic} - {topic_title(topic)}")
            for clause in library.for_topic(topic):
                click.echo(_clause_line(clause.id, clause.title, clause.default))
        return
    if topic_or_id in library.topics():
        click.echo(f"{topic_or_id} - {topic_title(topic_or_id)}")
        for clause in library.for_topic(topic_or_id):
            click.echo(_clause_line(clause.id, clause.title, clause.default))
        return
    if topic_or_id not in library.clauses:
        raise InputError(
            f"unknown topic or clause '{topic_or_id}' (run `sla-drafter clauses` to list them)"
        )
    clause = library.get(topic_or_id)
    click.echo(f"{clause.id} - {clause.title}")
    click.echo(f"version {clause.version}, topic {clause.topic}"
               + (", default for its topic" if clause.default else ""))
    if clause.applies_when:
        click.echo(f"applies when: {clause.applies_when}")
    if clause.satisfies:
        click.echo("satisfies: " + ", ".join(clause.satisfies))
    if clause.variables:
        click.echo("\nvariables:")
        for var in clause.variables.values():
            source = f" from {var.source}" if var.source else ""
            default = f" (default: {describe_default(var.default)})" if var.has_default else ""
            click.echo(f"  {var.name} [{var.type}]{source}{default}: {var.doc}")
    stances = [stance] if stance else list(STANCES)
    for name in stances:
        data = clause.render_defaults(name)
        click.echo(f"\n{name} text:")
        click.echo(_wrap(data))
        click.echo(f"\n{name} note:")
        click.echo(_wrap(clause.notes[name]))
    if clause.defines:
        click.echo("\ndefines:")
        for name in stances:
            bound = clause.default_values()
            for definition in clause.definitions(name, bound):
                click.echo(f"  [{name}] \"{definition.term}\": {definition.meaning}")


def _clause_line(clause_id: str, title: str, default: bool) -> str:
    marker = " (default)" if default else ""
    return f"  {clause_id} - {title}{marker}"
