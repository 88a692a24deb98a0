"""Human output: findings grouped by document, a topic coverage line, a summary table.

Colour only when `FormatOptions.color` is set (the CLI sets it for a terminal
without NO_COLOR or --no-color).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ...findings import Finding, Severity
from ...topics import TOPICS
from . import FormatOptions, display_path, shorten_middle, truncate

if TYPE_CHECKING:
    from .. import DocumentResult, LintResult

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
# Quote and fix lengths when the output is not a terminal (a file, a pipe): fixed, so the
# same inputs give the same bytes.
QUOTE_CHARS = 300
FIX_CHARS = 200


def _style(text: str, options: FormatOptions, **kw: object) -> str:
    return click.style(text, **kw) if options.color else text  # type: ignore[arg-type]


def where(f: Finding) -> str:
    """`p.3 § 4. Service Credits` - the place a reader can find in the document."""
    loc = f.location
    if loc is None:
        return "(document)"
    parts = []
    if loc.page is not None:
        parts.append(f"p.{loc.page}")
    if loc.heading:
        parts.append(f"§ {truncate(loc.heading, 40)}")
    if not parts:
        parts.append(f"block {loc.block + 1}")
    return " ".join(parts)


def _limits(options: FormatOptions) -> tuple[int, int]:
    """(quote, fix) lengths: up to three lines of the terminal for a quote, two for a fix."""
    if options.width is None:
        return QUOTE_CHARS, FIX_CHARS
    line = max(40, options.width - 8)  # less the indent and the quote marks
    return 3 * line, 2 * line


def _order(f: Finding) -> tuple[int, int, int, str]:
    """Errors first, then warnings, then info; within a severity, in document order."""
    start, end, code = f.sort_key()
    return (-f.severity.rank, start, end, code)


# Repeats of one finding are listed as places under its first occurrence, at most this many.
PLACES_SHOWN = 8


def _grouped(findings: list[Finding]) -> list[list[Finding]]:
    """The findings in reading order (_order), repeats of the same rule and message gathered
    under their first occurrence: every rule's repeats are shown the same way."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in sorted(findings, key=_order):
        groups.setdefault((f.severity.value, f.code, f.message), []).append(f)
    return list(groups.values())


def _places(more: list[Finding]) -> str:
    shown = ", ".join(where(f) for f in more[:PLACES_SHOWN])
    rest = len(more) - PLACES_SHOWN
    return f"    also at: {shown}" + (f" and {rest} more" if rest > 0 else "")


def _finding(f: Finding, options: FormatOptions, more: list[Finding] | None = None) -> list[str]:
    sev = f.severity.value
    head = (
        f"  {where(f)}: "
        + _style(sev, options, fg=COLOURS[sev], bold=True)
        + " "
        + _style(f"{f.code} {f.rule}", options, bold=True)
    )
    quote_chars, fix_chars = _limits(options)
    lines = [head, f"    {f.message}"]
    if f.evidence:
        lines.append("    " + _style(f"> “{shorten_middle(f.evidence, quote_chars)}”", options, dim=True))
    if f.fix is not None and (f.fix.clause or f.fix.text):
        text = truncate(f.fix.text, fix_chars) if f.fix.text else ""
        fix = f"{f.fix.clause}: {text}" if f.fix.clause and text else (f.fix.clause or text)
        lines.append("    " + _style("fix: ", options, fg="green") + fix)
    if more:
        lines.append(_places(more))
    return lines


def coverage(doc: DocumentResult) -> str:
    counts: dict[str, list[str]] = {}
    for topic in TOPICS:
        finding = doc.terms.topics.get(topic)
        status = finding.status.value if finding is not None else "absent"
        counts.setdefault(status, []).append(topic)
    present = len(counts.get("present", []))
    line = f"  topics: {present}/{len(TOPICS)} present"
    for status in ("by_reference", "negated", "absent"):
        topics = counts.get(status, [])
        if topics:
            names = ", ".join(topics[:6]) + (", …" if len(topics) > 6 else "")
            line += f"; {status.replace('_', ' ')} {len(topics)} ({names})"
    return line


def summary_table(result: LintResult, options: FormatOptions) -> list[str]:
    rows = [
        (display_path(d.path, options.base_dir), d.kind, str(d.count(Severity.ERROR)), str(d.count(Severity.WARNING)), str(d.count(Severity.INFO)))
        for d in result.documents
    ]
    s = result.summary()
    total = ("total", f"{s['documents']} docs", str(s["errors"]), str(s["warnings"]), str(s["info"]))
    header = ("document", "kind", "errors", "warnings", "info")
    widths = [max(len(r[i]) for r in [header, total, *rows]) for i in range(5)]
    widths[0] = min(widths[0], 60)

    def fmt(r: tuple[str, ...]) -> str:
        first = r[0] if len(r[0]) <= widths[0] else "…" + r[0][-(widths[0] - 1) :]
        cells = [first.ljust(widths[0]), r[1].ljust(widths[1])]
        cells += [c.rjust(w) for c, w in zip(r[2:], widths[2:], strict=True)]
        return "  ".join(cells).rstrip()

    rule = "-" * len(fmt(header))
    out = [_style(fmt(header), options, bold=True), rule, *(fmt(r) for r in rows), rule, fmt(total)]
    if result.errors:
        out.append(f"{len(result.errors)} file(s) could not be read (see the errors above)")
    return out


def format_human(result: LintResult, options: FormatOptions) -> str:
    lines: list[str] = []
    for doc in result.documents:
        if options.quiet and not doc.findings:
            continue
        title = display_path(doc.path, options.base_dir)
        kind = doc.terms.kind.value if hasattr(doc.terms.kind, "value") else str(doc.terms.kind)
        lines.append(_style(title, options, bold=True, underline=True) + f"  ({doc.kind}, {kind})")
        if not doc.findings:
            lines.append("  " + _style("no findings", options, fg="green"))
        for first, *more in _grouped(doc.findings):
            lines.extend(_finding(first, options, more))
        if not options.quiet:
            lines.append(coverage(doc))
            if doc.suppressed:
                lines.append(f"  {doc.suppressed} finding(s) suppressed by sla-lint directives")
        lines.append("")
    if not options.quiet:
        lines.extend(summary_table(result, options))
    return "\n".join(lines).rstrip("\n") + "\n"
