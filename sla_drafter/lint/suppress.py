"""Inline suppression: `sla-lint:` directives in a document.

Directives come from comments the readers found (`Document.directives`: HTML and
Markdown comments, Word comments, `# sla-lint:` lines) and from plain lines in
the document text:

    sla-lint: disable=credits-require-claim, SLA204
    sla-lint: disable-next=SLA204
    sla-lint: disable-file=vague-efforts-language

Rules are named by code or name (case-insensitive), or `all`. Scope:

- `disable`: from the directive to the end of its section, i.e. up to the next
  heading of the same or a higher level than the heading the directive sits
  under (to the end of the document when it sits under no heading);
- `disable-next`: the next block (paragraph, list item, table cell, heading)
  after the directive;
- `disable-file`: the whole document, including findings with no location
  (such as missing topics).

A finding is silenced when its evidence starts inside the scope. A directive
entry that silences nothing yields an `SLA901 unused-suppression` warning at the
directive, so stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Block, BlockKind, Document
from ..findings import Finding, Severity
from .config import UNUSED_SUPPRESSION

DIRECTIVE_RE = re.compile(
    r"sla-lint:\s*(?P<kind>disable-next|disable-file|disable)\s*=\s*(?P<rules>[\w\-]+(?:\s*,\s*[\w\-]+)*)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Directive:
    kind: str  # disable | disable-next | disable-file
    rules: tuple[str, ...]  # lower case codes / names / "all"
    offset: int  # where the directive is, in Document.text
    text: str
    scope: tuple[int, int]  # [start, end) offsets silenced
    used: set[str]
    names: tuple[str, ...] = ()  # the rules as written, for messages


def parse_directives(doc: Document) -> list[Directive]:
    # (offset, where "the next block" may start, directive text). A comment directive's
    # offset is the start of the block it precedes; a text directive sits in its own line.
    found: list[tuple[int, int, str]] = []
    for offset, text in doc.directives:
        for m in DIRECTIVE_RE.finditer(text):
            found.append((offset, offset, m.group(0)))
    for m in DIRECTIVE_RE.finditer(doc.text):
        line_end = doc.text.find("\n", m.end())
        found.append((m.start(), len(doc.text) if line_end < 0 else line_end + 1, m.group(0)))
    out: list[Directive] = []
    seen: set[tuple[int, str]] = set()
    for offset, after, text in sorted(found):
        if (offset, text) in seen:
            continue
        seen.add((offset, text))
        parsed = DIRECTIVE_RE.search(text)
        assert parsed is not None
        kind = parsed.group("kind").lower()
        names = tuple(r.strip() for r in parsed.group("rules").split(",") if r.strip())
        rules = tuple(n.lower() for n in names)
        scope = _scope(doc, kind, offset, after)
        out.append(Directive(kind, rules, offset, text, scope, set(), names))
    return out


def _scope(doc: Document, kind: str, offset: int, after: int) -> tuple[int, int]:
    end_of_doc = len(doc.text) + 1
    if kind == "disable-file" or not doc.blocks:
        return (0, end_of_doc) if kind == "disable-file" else (offset, end_of_doc)
    if kind == "disable-next":
        nxt = next((b for b in doc.blocks if b.start >= after), None)
        if nxt is None:
            return (offset, offset)
        return (nxt.start, nxt.end + 1)
    here = doc.block_at(offset)
    level = _section_level(doc, here)
    for b in doc.blocks[here.index + 1 :]:
        if b.kind is BlockKind.HEADING and (level == 0 or b.level <= level):
            return (offset, b.start)
    return (offset, end_of_doc)


def _section_level(doc: Document, block: Block) -> int:
    """Level of the heading a block sits under (0 when under none)."""
    if block.kind is BlockKind.HEADING:
        return block.level
    for b in reversed(doc.blocks[: block.index]):
        if b.kind is BlockKind.HEADING:
            return b.level
    return 0


def _keys(f: Finding) -> set[str]:
    return {f.code.lower(), f.rule.lower(), "all"}


def apply_suppressions(
    doc: Document, findings: list[Finding]
) -> tuple[list[Finding], int, list[Finding]]:
    """(kept findings, number silenced, SLA901 warnings for unused directive entries)."""
    directives = parse_directives(doc)
    if not directives:
        return list(findings), 0, []
    kept: list[Finding] = []
    silenced = 0
    for f in findings:
        hit = False
        keys = _keys(f)
        for d in directives:
            matched = keys.intersection(d.rules)
            if not matched:
                continue
            if d.kind == "disable-file" or (
                f.location is not None and d.scope[0] <= f.location.start < d.scope[1]
            ):
                d.used.update(matched)
                hit = True
        if hit:
            silenced += 1
        else:
            kept.append(f)
    unused: list[Finding] = []
    code, name = UNUSED_SUPPRESSION
    for d in directives:
        for rule, shown in zip(d.rules, d.names or d.rules, strict=True):
            if rule in d.used:
                continue
            end = d.offset + len(d.text) if doc.text[d.offset : d.offset + len(d.text)] == d.text else d.offset
            unused.append(
                Finding(
                    code=code,
                    rule=name,
                    severity=Severity.WARNING,
                    topic=None,
                    message=f"`sla-lint: {d.kind}={shown}` suppresses nothing; remove it.",
                    evidence=d.text,
                    location=doc.location(d.offset, end),
                )
            )
    return kept, silenced, unused
