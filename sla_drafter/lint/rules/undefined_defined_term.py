"""SLA410 undefined-term."""

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

# "the Agreement", "the Service Credits": how a defined term is used in a sentence.
# Narrowed to the words that name a governing document: the usual trace of text carried over
# from a contract into a paper that has none (a vendor's other capitalised words are too often
# defined in an order form or cover page this rule cannot see).
_USE = rx(r"(?<![\w.])the[^\S\n]+(?P<term>Agreement|Contract|Master[^\S\n]+Agreement|Framework)\b(?![^\S\n]*[(\-“\"])")
_DEFINITIONS_HEADING = rx(r"\b(?:definitions|defined[^\S\n]+terms|interpretation|glossary)\b", re.IGNORECASE)
# "capitalised terms have the meanings given in the Master Agreement": another document's
# definitions apply, so a term this document does not define may be defined there.
_INCORPORATES = rx(
    r"\b(?:meanings?|defined)\b[^.\n]{0,80}?\b(?:in|under|by)[^\S\n]+(?:the|your|our|its|each|any)[^\S\n]+"
    r"(?P<doc>(?-i:[A-Z][A-Za-z]*(?:[^\S\n]+[A-Z][A-Za-z]*){0,4}))",
    re.IGNORECASE,
)
_MIN_DEFINITIONS = 3
_OWN_PARTS = frozenset({"definitions", "definitions section", "glossary", "schedule", "section", "clause"})
_HEADING_NUMBER = rx(r"^[^\S\n]*(?:(?:section|clause|part)[^\S\n]+)?[\d.]*[^\S\n]*", re.IGNORECASE)


class UndefinedTerm(Rule):
    """A capitalised term is used as a defined term but never defined."""

    code = "SLA410"
    name = "undefined-term"
    severity = Severity.WARNING
    topic = None
    groups = ("drafting",)
    rationale = (
        "Capitalising a term tells the reader it has a defined meaning. In a document with its own "
        "definitions that incorporates no other document's, a capitalised term that is never "
        "defined has no meaning but the ordinary one, and usually marks text carried over from "
        "another agreement (an internal OLA speaking of 'the Agreement')."
    )
    anti_pattern = (
        "1. Definitions\n\n"
        '"Incident" means an unplanned interruption of the Service.\n\n'
        '"Service" means the payroll platform.\n\n'
        '"Team" means the Payroll Operations team.\n\n'
        "2. Support\n\n"
        "The Team will respond to each Incident within one hour. A missed response is a breach "
        "of the Agreement, reviewed under the Agreement."
    )
    best_practice = (
        "1. Definitions\n\n"
        '"Incident" means an unplanned interruption of the Service.\n\n'
        '"Service" means the payroll platform.\n\n'
        '"Team" means the Payroll Operations team.\n\n'
        "2. Support\n\n"
        "The Team will respond to each Incident within one hour. A missed response is reviewed "
        "at the next monthly meeting."
    )
    fix_clause = ""
    fix_text = "Define the term in the definitions section, or write it in lower case as an ordinary word."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not any(b.kind is BlockKind.HEADING and _DEFINITIONS_HEADING.search(b.text)
                   for b in ctx.doc.blocks):
            return
        defined = {d.term.casefold() for d in definitions(ctx)}
        if len(defined) < _MIN_DEFINITIONS:
            return
        headings = {_HEADING_NUMBER.sub("", b.text).strip(" .").casefold()
                    for b in ctx.doc.blocks if b.kind is BlockKind.HEADING}
        for m, _ in ctx.scan(_INCORPORATES):
            doc_name = m.group("doc").strip()
            if doc_name.casefold() in _OWN_PARTS:
                continue  # "the meanings given in the Definitions section": this document's own
            if doc_name.casefold() in defined or " " in doc_name:
                return  # an identified document's definitions apply too
        parties = {n.casefold() for side in ("provider", "customer", "defined")
                   for n in ctx.terms.parties.get(side, [])}
        uses: dict[str, list[int]] = {}
        for m, index in ctx.scan(_USE):
            term = m.group("term")
            key = term.casefold()
            if (key in defined or key.rstrip("s") in defined or key + "s" in defined
                    or key in parties or key in headings):
                continue
            uses.setdefault(term, []).append(index)
        for term, indexes in sorted(uses.items(), key=lambda kv: kv[1][0]):
            if len(indexes) < 2:
                continue  # one mention is as likely a name as a term
            sentence = ctx.sentences[indexes[0]] if indexes[0] >= 0 else None
            message = f'"{term}" is capitalised like a defined term but the document never defines it.'
            if sentence is not None:
                yield ctx.finding(self, sentence=sentence, message=message)
            else:
                yield ctx.finding(self, message=message)
