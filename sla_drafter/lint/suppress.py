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

Directives come from the document being judged, i.e. usually from the other
side: a vendor could silence the linter with one line. So they are honoured only
when the user opts in (`--allow-inline-suppression`, or the config key
`allow-inline-suppression = true`). Either way every directive found is reported
as an `SLA903 inline-suppression` info finding saying what it silenced, or would
have silenced; an ignored directive changes no other finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._cache import rx
from ..document import Block, BlockKind, Document
from ..findings import Finding, Severity
from .config import INLINE_SUPPRESSION, UNUSED_SUPPRESSION

DIRECTIVE_RE = rx(
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
    doc: Document, findings: list[Finding], *, honour: bool = True
) -> tuple[list[Finding], int, list[Finding]]:
    """(kept findings, number silenced, notes on the directives).

    With `honour`, matched findings are dropped and the notes are SLA901 warnings for
    unused directive entries plus an SLA903 note per directive that silenced something.
    Without it, every finding is kept and the notes are one SLA903 info per directive
    saying what it would have silenced.
    """
    directives = parse_directives(doc)
    if not directives:
        return list(findings), 0, []
    kept: list[Finding] = []
    silenced = 0
    hits: dict[int, list[str]] = {i: [] for i in range(len(directives))}
    for f in findings:
        hit = False
        keys = _keys(f)
        for i, d in enumerate(directives):
            matched = keys.intersection(d.rules)
            if not matched:
                continue
            if d.kind == "disable-file" or (
                f.location is not None and d.scope[0] <= f.location.start < d.scope[1]
            ):
                d.used.update(matched)
                hits[i].append(f.code)
                hit = True
        if hit and honour:
            silenced += 1
        else:
            kept.append(f)
    notes = [
        _directive_note(doc, d, hits[i], honour)
        for i, d in enumerate(directives)
        if hits[i] or not honour
    ]
    if honour:
        notes.extend(_unused(doc, directives))
    notes.sort(key=lambda f: f.sort_key())
    return kept, silenced, notes


def _directive_end(doc: Document, d: Directive) -> int:
    """End of the directive's own text when it sits in `doc.text` (not in a comment)."""
    return d.offset + len(d.text) if doc.text[d.offset : d.offset + len(d.text)] == d.text else d.offset


def _codes(codes: list[str]) -> str:
    """`SLA201 x2, SLA204`: which findings, how many of each, in code order."""
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return ", ".join(c if n == 1 else f"{c} x{n}" for c, n in sorted(counts.items()))


def _directive_note(doc: Document, d: Directive, codes: list[str], honour: bool) -> Finding:
    """The SLA903 note: a directive found, and what it silenced or would have silenced."""
    code, name = INLINE_SUPPRESSION
    n = len(codes)
    what = f"{n} finding{'s' if n != 1 else ''} ({_codes(codes)})" if codes else "nothing"
    if honour:
        message = f"Inline directive `{d.text}` silenced {what} (inline suppression allowed)."
    else:
        message = (
            f"Inline directive `{d.text}` found in the document and not honoured: "
            f"it would have silenced {what}. Directives in a document under review are "
            "ignored unless you pass --allow-inline-suppression."
        )
    return Finding(
        code=code,
        rule=name,
        severity=Severity.INFO,
        topic=None,
        message=message,
        evidence=d.text,
        location=doc.location(d.offset, _directive_end(doc, d)),
    )


def _unused(doc: Document, directives: list[Directive]) -> list[Finding]:
    """SLA901 warnings for directive entries that silenced nothing."""
    unused: list[Finding] = []
    code, name = UNUSED_SUPPRESSION
    for d in directives:
        for rule, shown in zip(d.rules, d.names or d.rules, strict=True):
            if rule in d.used:
                continue
            unused.append(
                Finding(
                    code=code,
                    rule=name,
                    severity=Severity.WARNING,
                    topic=None,
                    message=f"`sla-lint: {d.kind}={shown}` suppresses nothing; remove it.",
                    evidence=d.text,
                    location=doc.location(d.offset, _directive_end(doc, d)),
                )
            )
    return unused
