"""Run the rules over one document: select, ignore, re-grade, drop restated findings, sort.

The rules come from the catalogue (lint/registry.py), each reading the document through
one `RuleContext` (lint/context.py, where the scanning shortcuts live).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..document import Document
from ..extract.sentences import Sentence
from ..findings import Finding, Severity
from ..terms import Terms
from .context import EVIDENCE_MAX, RuleContext, anchors, first_chars, prefixes
from .registry import Rule, all_rules, get_rule

__all__ = [
    "EVIDENCE_MAX", "Rule", "RuleContext", "all_rules", "anchors", "first_chars", "get_rule",
    "prefixes", "run_rules",
]


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
    sents: list[Sentence] | None = None,
) -> list[Finding]:
    """Run every applicable rule; findings sorted by location then code.

    `select`, `ignore` and `severities` are keyed by rule code, rule name or group;
    `sents` is the document's sentence split when the caller already has it.
    """
    ctx = RuleContext(doc, terms, stance, sents)
    out: list[Finding] = []
    gaming: set[str] = set()  # names of the rules that report a specific problem
    for rule in all_rules():
        if not rule.applies_to(ctx.kind):
            continue
        if select is not None and not rule.matches(select):
            continue
        if ignore and rule.matches(ignore):
            continue
        forced = _override(rule, severities) if severities else None
        if "gaming" in rule.groups:
            gaming.add(rule.name)
        for f in rule.check(ctx):
            if forced is not None and f.severity is not forced:
                f = Finding(
                    f.code, f.rule, forced, f.topic, f.message, f.evidence, f.location, f.fix
                )
            out.append(f)
    out = _drop_restated(out, gaming)
    out = _drop_superseded(out)
    out.sort(key=Finding.sort_key)
    return out


# rule -> rules whose finding on the same words it already says, more precisely:
# a broad force majeure clause is reported once, not also as a broad exclusion.
SUPERSEDES: Mapping[str, tuple[str, ...]] = {"force-majeure-broad": ("broad-exclusions",)}


def _drop_superseded(findings: list[Finding]) -> list[Finding]:
    """One problem, one finding: drop a finding whose span overlaps the span of a finding
    from a rule that supersedes it (SUPERSEDES)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in findings:
        if f.location is not None:
            for general in SUPERSEDES.get(f.rule, ()):
                spans.setdefault(general, []).append((f.location.start, f.location.end))
    if not spans:
        return findings
    return [
        f
        for f in findings
        if f.location is None
        or not any(
            s < f.location.end and f.location.start < e for s, e in spans.get(f.rule, ())
        )
    ]


def _drop_restated(findings: list[Finding], gaming: Collection[str] = ()) -> list[Finding]:
    """Drop a `missing-<topic>` finding that restates a more specific one on its topic.

    One problem, one finding: "No resolution commitment." is reported by
    no-resolution-target, not also by missing-resolution (same words quoted); and a topic
    that is simply absent, where a gaming rule already reports what its absence does
    (no-remedy for service levels without credits, measurement-unspecified for a target
    without a method), is not reported again as a bare missing topic; nor, when the
    document denies the topic outright, as a second finding on the denial (measurement
    by the provider alone, and a sentence refusing independent measurement, are one
    problem)."""
    specific = {
        (f.topic, f.location.start, f.location.end)
        for f in findings
        if f.location is not None and not f.rule.startswith("missing-")
    }
    explained = {f.topic for f in findings if f.rule in gaming}
    if not specific and not explained:
        return findings
    return [
        f
        for f in findings
        if not (
            f.rule.startswith("missing-")
            and (
                (f.location is not None and (f.topic, f.location.start, f.location.end) in specific)
                or f.topic in explained
            )
        )
    ]
