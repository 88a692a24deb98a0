"""`sla-drafter rules [CODE_OR_NAME]`: list the lint rules, or explain one."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from ..errors import InputError
from . import user_errors


def _severity(rule: Any) -> str:
    sev = getattr(rule, "severity", "")
    return str(getattr(sev, "value", sev))


def _table(rules: list[Any]) -> str:
    rows = [("CODE", "NAME", "SEVERITY", "GROUPS")]
    rows += [
        (str(r.code), str(r.name), _severity(r), ", ".join(sorted(str(g) for g in r.groups or ())))
        for r in rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join([row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3]]).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def _section(title: str, body: str) -> list[str]:
    body = body.strip()
    if not body:
        return []
    return ["", click.style(title, bold=True), textwrap.indent(body, "  ")]


def explain(rule: Any) -> str:
    summary = str(getattr(rule, "message", "") or "")
    if not summary:
        doc = (rule.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else ""
    lines = [f"{rule.code} {rule.name}  ({_severity(rule)})"]
    if summary:
        lines.append(summary)
    topic = getattr(rule, "topic", None)
    groups = ", ".join(sorted(str(g) for g in getattr(rule, "groups", ()) or ()))
    lines.append(f"topic: {topic or '-'}   groups: {groups or '-'}")
    lines += _section("Why", str(getattr(rule, "rationale", "") or ""))
    lines += _section("Anti-pattern", str(getattr(rule, "anti_pattern", "") or ""))
    lines += _section("Best practice", str(getattr(rule, "best_practice", "") or ""))
    clause = str(getattr(rule, "fix_clause", "") or "")
    fix = str(getattr(rule, "fix_text", "") or "")
    lines += _section("Fix", (f"library clause {clause}\n" if clause else "") + fix)
    return "\n".join(lines)


@click.command(name="rules")
@click.argument("code_or_name", required=False)
@user_errors
def command(code_or_name: str | None) -> None:
    """List lint rules (code, name, severity, groups), or explain one."""
    from ..lint.registry import all_rules, get_rule

    if code_or_name is None:
        click.echo(_table(sorted(all_rules(), key=lambda r: str(r.code))))
        return
    try:
        rule = get_rule(code_or_name)
    except (KeyError, LookupError, ValueError):
        rule = None
    if rule is None:
        raise InputError(f"no rule {code_or_name!r} (run `sla-drafter rules` to list them)")
    click.echo(explain(rule))
