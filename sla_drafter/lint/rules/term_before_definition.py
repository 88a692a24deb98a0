"""SLA411 term-used-before-definition."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...document import BlockKind
from ...findings import Finding, Severity
from ..registry import Rule
from .duplicate_definition import definitions

if TYPE_CHECKING:
    from ..context import RuleContext

_DEFINITIONS_HEADING = rx(
    r"\b(?:definitions|defined[^\S\n]+terms|interpretation|glossary)\b", re.IGNORECASE
)
_QUOTED_BEFORE = frozenset("\"“‘'(")
_MIN_WORDS = 6
_MAX_REPORTED = 10  # past this, one more finding says nothing new: the order is the problem


class TermUsedBeforeDefinition(Rule):
    """A defined term is used before the sentence that defines it."""

    code = "SLA411"
    name = "term-used-before-definition"
    severity = Severity.INFO
    topic = None
    groups = ("drafting",)
    rationale = (
        "A reader meets a capitalised term and has to guess what it means until the definition "
        "comes. Where a definitions section comes first, that is where a reader looks; where none "
        "precedes the use, the term should be defined at or before its first use, or the "
        "definitions moved to the front. Reported once per term, at the first use."
    )
    anti_pattern = (
        "1. Service Levels\n\n"
        "The Supplier will keep the Platform available 99.5% of each month, measured over each "
        "Reporting Period.\n\n"
        "9. Interpretation of terms used above\n\n"
        '"Reporting Period" means a calendar month.'
    )
    best_practice = (
        "1. Service Levels\n\n"
        '"Reporting Period" means a calendar month.\n\n'
        "The Supplier will keep the Platform available 99.5% of each month, measured over each "
        "Reporting Period."
    )
    fix_clause = ""
    fix_text = (
        "Define the term at or before its first use, or move the definitions to a section at the "
        "start of the document."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.doc.text
        glossary = next(
            (b.start for b in ctx.doc.blocks
             if b.kind is BlockKind.HEADING and _DEFINITIONS_HEADING.search(b.text)),
            None,
        )
        first_definition: dict[str, int] = {}
        for d in definitions(ctx):
            first_definition.setdefault(d.term, d.sentence.start)
        reported = 0
        for term, defined_at in sorted(first_definition.items(), key=lambda kv: kv[1]):
            if len(term) < 3 or (" " not in term and term.isupper() and len(term) < 4):
                continue  # "SLA", "P1": abbreviations read the same before and after
            pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
            for m in pattern.finditer(text, 0, defined_at):
                if glossary is not None and glossary < m.start():
                    break  # a definitions section came first: that is where readers look
                if text[m.start() - 1 : m.start()] in _QUOTED_BEFORE:
                    continue  # a quoted mention names the term, it does not use it
                index = ctx.sentence_index(m.start())
                if index < 0:
                    continue
                sentence = ctx.sentences[index]
                if sentence.block.kind is not BlockKind.PARAGRAPH and sentence.block.kind is not BlockKind.LIST_ITEM:
                    continue  # titles and headings name things; table cells are often labels
                if m.start() == sentence.start:
                    continue  # a capital at a sentence start may be an ordinary word
                if len(sentence.text.split()) <= _MIN_WORDS:
                    continue  # a title line or a run-in heading ("1. Service Credit.") names it
                definition = ctx.sentence_at(defined_at)
                where = f"; the definition comes later: {_clip(definition.text)}" if definition else ""
                yield ctx.finding(
                    self,
                    start=m.start(),
                    end=m.end(),
                    evidence=sentence.text,
                    message=f'"{term}" is used before it is defined{where}',
                )
                reported += 1
                break
            if reported >= _MAX_REPORTED:
                return


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "..."
