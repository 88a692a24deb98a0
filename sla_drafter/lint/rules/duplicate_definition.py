"""SLA407 duplicate-definition."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..._cache import rx
from ...document import BlockKind
from ...findings import Finding, Severity
from ..registry import Rule

if TYPE_CHECKING:
    from ...extract.sentences import Sentence
    from ..context import RuleContext

_Q1, _Q2 = "[\"“]", "[\"”]"
_TERM = r"(?P<term>[A-Z][A-Za-z0-9'’&/\- ]{0,58}[A-Za-z0-9])"
# "“Downtime” means ...", "Downtime means ..." (unquoted only at the start of a block or item)
_MEANS = rx(
    rf"(?:{_Q1}{_TERM}{_Q2}|^(?:\(?[a-z0-9]{{1,3}}[.)][^\S\n]+|\d+(?:\.\d+)*[^\S\n]+)?{_TERM.replace('term', 'bare')})"
    r"[^\S\n]*,?[^\S\n]+(?:means|shall[^\S\n]+mean|has[^\S\n]+the[^\S\n]+meaning|refers[^\S\n]+to|is[^\S\n]+defined[^\S\n]+as)\b",
    re.MULTILINE,
)
# "... (together, the “Services”)", "(the “Monitoring Service”)"
_INLINE = rx(
    r"\((?:together,?[^\S\n]+|collectively,?[^\S\n]+|each[^\S\n]+)?(?:the[^\S\n]+|a[^\S\n]+|an[^\S\n]+)?"
    rf"{_Q1}{_TERM}{_Q2}\)"
)
# A definition meant for one place only is not a second definition of the document's term.
_SCOPED = rx(
    r"\b(?:for[^\S\n]+the[^\S\n]+purposes?[^\S\n]+of|in[^\S\n]+this[^\S\n]+(?:section|clause|paragraph|schedule|part|annex)|"
    r"for[^\S\n]+this[^\S\n]+(?:service|section|schedule|part))\b",
    re.IGNORECASE,
)
_NOT_TERMS = frozenset(
    ["this", "that", "it", "which", "what", "such", "each", "any", "the", "these", "those", "there", "here", "who", "failure", "all", "no", "one", "none", "either", "neither", "both", "other", "another"]
)
_SCOPED_MEANING = rx(
    r"(?:the[^\S\n]+following[^\S\n]+)?(?:for|in[^\S\n]+respect[^\S\n]+of|with[^\S\n]+respect[^\S\n]+to|in[^\S\n]+relation[^\S\n]+to)[^\S\n]",
    re.IGNORECASE,
)
_NAME = rx(
    r"(?<![\w&])[A-Z][\w&'’.-]*(?:,?[^\S\n]+(?:[A-Z0-9][\w&'’.-]*|&|of|and|for|plc))*"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_NUMBER = rx(r"^[^\S\n]*(?:\d+(?:\.\d+)*|\([a-z0-9]{1,3}\))[^\S\n]+")


@dataclass(frozen=True, slots=True)
class _Definition:
    term: str
    meaning: str  # normalised, to compare
    sentence: Sentence


def _normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).strip(" .;:").casefold()


def definitions(ctx: RuleContext) -> list[_Definition]:
    """Every term the document defines, with what it says the term means."""
    found = ctx.memo.get("definitions")
    if isinstance(found, list):
        return found
    out: list[_Definition] = []
    for m, index in ctx.scan(_MEANS):
        if index < 0:
            continue
        sentence = ctx.sentences[index]
        if sentence.block.kind is BlockKind.TABLE_CELL or _SCOPED.search(sentence.text):
            continue
        term = m.group("term") or m.group("bare")
        if m.group("term") is None and term.split()[0].casefold() in _NOT_TERMS:
            continue  # "This means that ..." explains, it does not define
        meaning = ctx.doc.text[m.end(): sentence.end]
        if "meaning" in m.group(0).lower():
            continue  # "has the meaning given in paragraph 6.1" points to the definition
        if _SCOPED_MEANING.match(meaning.lstrip(" ,")):
            continue  # "means the following for a Single Region": one of several scoped meanings
        out.append(_Definition(term, _normalise(meaning), sentence))
    for m, index in ctx.scan(_INLINE):
        if index < 0:
            continue
        sentence = ctx.sentences[index]
        if sentence.block.kind is BlockKind.TABLE_CELL or _SCOPED.search(sentence.text):
            continue
        before = ctx.doc.text[sentence.start: m.start()]
        name = _name_ending(before)
        # "Northwind Ltd (the “Supplier”)": the term means that name; otherwise the sentence
        meaning = name or _NUMBER.sub("", before + ctx.doc.text[m.end(): sentence.end])
        out.append(_Definition(m.group("term"), _normalise(meaning), sentence))
    out.sort(key=lambda d: d.sentence.start)
    ctx.memo["definitions"] = out
    return out


def _name_ending(text: str) -> str:
    """The proper name `text` ends with ("... between Northwind Ltd" -> "Northwind Ltd"), or ''."""
    end = len(text.rstrip(" ,"))
    last = ""
    for m in _NAME.finditer(text, 0, end):
        if m.end() == end:
            last = m.group(0)
    return last


class DuplicateDefinition(Rule):
    """A term is defined more than once."""

    code = "SLA407"
    name = "duplicate-definition"
    severity = Severity.ERROR
    topic = None
    groups = ("drafting",)
    rationale = (
        "One term, one definition: when a term is defined twice, every use of it can be read "
        "either way, and the parties will each rely on the meaning that suits them. Two identical "
        "definitions are a warning (one will drift when the other is edited); two different ones "
        "are an error."
    )
    anti_pattern = (
        "Definitions\n\n"
        '"Planned Maintenance" means maintenance notified five days ahead and performed on '
        "Sundays between 01:00 and 05:00.\n\n"
        "Maintenance\n\n"
        '"Planned Maintenance" means maintenance notified two days ahead, performed at any time.'
    )
    best_practice = (
        "Definitions\n\n"
        '"Planned Maintenance" means maintenance notified five days ahead and performed on '
        "Sundays between 01:00 and 05:00.\n\n"
        "Maintenance\n\n"
        "Planned Maintenance is limited to four hours in each calendar month."
    )
    fix_clause = ""
    fix_text = (
        "Define the term once, in the definitions section; put values that differ by service "
        "in a table or schedule, or use distinct defined terms."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        first: dict[str, _Definition] = {}
        seen: set[tuple[str, str]] = set()
        for d in definitions(ctx):
            key = d.term.casefold()
            earlier = first.get(key)
            if earlier is None:
                first[key] = d
                continue
            if earlier.sentence.start == d.sentence.start or (key, d.meaning) in seen:
                continue
            seen.add((key, d.meaning))
            same = d.meaning == earlier.meaning
            where = earlier.sentence.block.heading or "earlier"
            message = (
                f'"{d.term}" is defined again, '
                + ("in the same words" if same else "with a different meaning")
                + f' (first defined under "{where}").'
            )
            yield ctx.finding(
                self, sentence=d.sentence, message=message,
                severity=Severity.WARNING if same else Severity.ERROR,
            )
