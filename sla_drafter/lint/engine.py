"""Run the rules over one document: select, ignore, re-grade, sort.

Rules see a `RuleContext`: the Document, its Terms, the sentences (split once)
and helpers that turn a sentence or a regex hit into a located Finding. Wording
rules scan `Document.text` once per compiled pattern and map each hit to its
sentence by bisection on offsets, so a rule never loops sentences x patterns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache

from ..document import Document, Location
from ..extract.sentences import Sentence, sentences
from ..findings import Finding, Fix, Severity
from ..terms import DocKind, Terms
from .registry import Rule, all_rules, get_rule

__all__ = ["Rule", "RuleContext", "all_rules", "get_rule", "run_rules"]

EVIDENCE_MAX = 300

# Words that name the provider or the customer whatever the document calls them.
_PROVIDER_WORDS = (
    "provider", "service provider", "supplier", "vendor", "company", "contractor",
    "licensor", "we", "us", "our",
)
_CUSTOMER_WORDS = (
    "customer", "client", "buyer", "purchaser", "licensee", "subscriber", "you", "your",
)


@lru_cache(maxsize=64)
def _party_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({re.escape(n) for n in names if n}, key=len, reverse=True)
    return re.compile(r"\b(?:the\s+)?(?:" + "|".join(alts) + r")(?:'s|s')?\b", re.IGNORECASE)


class RuleContext:
    """What a rule reads: the document, its terms, its sentences, and the stance."""

    __slots__ = ("_starts", "doc", "kind", "sentences", "stance", "terms")

    def __init__(self, doc: Document, terms: Terms, stance: str = "customer") -> None:
        self.doc = doc
        self.terms = terms
        self.stance = stance
        self.kind: DocKind = terms.kind
        self.sentences: list[Sentence] = sentences(doc)
        self._starts = [s.start for s in self.sentences]

    # -- locating -------------------------------------------------------------------
    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing (or last starting before) `offset`; -1 if none."""
        return bisect_right(self._starts, offset) - 1

    def sentence_at(self, offset: int) -> Sentence | None:
        i = self.sentence_index(offset)
        return self.sentences[i] if i >= 0 else None

    def scan(self, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], int]]:
        """Every hit of `pattern` in the whole text with the index of its sentence."""
        for m in pattern.finditer(self.doc.text):
            yield m, self.sentence_index(m.start())

    def nearby_text(self, index: int, before: int, after: int) -> str:
        lo = max(0, index - before)
        hi = min(len(self.sentences), index + after + 1)
        return "\n".join(s.text for s in self.sentences[lo:hi])

    def location(self, start: int, end: int) -> Location:
        return self.doc.location(start, end)

    # -- parties --------------------------------------------------------------------
    @property
    def provider_re(self) -> re.Pattern[str]:
        """Matches any way the provider is named: its defined names, `the Provider`, `we`..."""
        return _party_regex(tuple(self.terms.parties.get("provider", ())) + _PROVIDER_WORDS)

    @property
    def customer_re(self) -> re.Pattern[str]:
        return _party_regex(tuple(self.terms.parties.get("customer", ())) + _CUSTOMER_WORDS)

    # -- findings -------------------------------------------------------------------
    def finding(
        self,
        rule: Rule,
        *,
        sentence: Sentence | None = None,
        start: int | None = None,
        end: int | None = None,
        severity: Severity | None = None,
        message: str | None = None,
        evidence: str | None = None,
    ) -> Finding:
        """A Finding for `rule`, located at a sentence or a character span (or nowhere)."""
        location: Location | None = None
        if sentence is not None:
            location = sentence.location(self.doc)
            if evidence is None:
                evidence = sentence.text
        elif start is not None:
            stop = end if end is not None else start
            location = self.doc.location(start, stop)
            if evidence is None:
                evidence = self.doc.text[start:stop]
        text = " ".join((evidence or "").split())
        if len(text) > EVIDENCE_MAX:
            text = text[: EVIDENCE_MAX - 3].rstrip() + "..."
        fix = Fix(rule.fix_clause, rule.fix_text) if rule.fix_clause or rule.fix_text else None
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=rule.severity_for(self.stance, severity),
            topic=rule.topic,
            message=message or rule.message,
            evidence=text,
            location=location,
            fix=fix,
        )


def _override(rule: Rule, severities: Mapping[str, Severity | str]) -> Severity | None:
    for key in (rule.code, rule.name, *rule.groups, "all"):
        if key in severities:
            return Severity(severities[key])
    return None


def run_rules(
    doc: Document,
    terms: Terms,
    *,
    stance: str = "customer",
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    severities: Mapping[str, Severity] | None = None,
) -> list[Finding]:
    """Run every applicable rule; findings sorted by location then code.

    `select`, `ignore` and `severities` are keyed by rule code, rule name or group.
    """
    ctx = RuleContext(doc, terms, stance)
    out: list[Finding] = []
    for rule in all_rules():
        if not rule.applies_to(ctx.kind):
            continue
        if select is not None and not rule.matches(select):
            continue
        if ignore and rule.matches(ignore):
            continue
        forced = _override(rule, severities) if severities else None
        for f in rule.check(ctx):
            if forced is not None and f.severity is not forced:
                f = Finding(
                    f.code, f.rule, forced, f.topic, f.message, f.evidence, f.location, f.fix
                )
            out.append(f)
    out.sort(key=Finding.sort_key)
    return out
