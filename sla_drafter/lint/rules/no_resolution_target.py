"""SLA202 no-resolution-target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ...terms import MetricKind
from ...topics import TopicStatus
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule

if TYPE_CHECKING:
    from ..engine import RuleContext

_DISCLAIMED = re.compile(
    r"\b(?:does|do|will|shall|can)\s*not\s+(?:commit|guarantee|promise|warrant|undertake)\b"
    r"[^.\n]{0,60}?\b(?:resolution|resolve|fix|workaround|repair|restor\w*)"
    r"|\bno\s+(?:resolution|fix|restoration)\s+(?:times?|targets?|commitments?)\b"
    r"|\bresolution\s+times?\s+(?:are|is)\s+(?:not\s+guaranteed|estimates?|indicative)",
    re.IGNORECASE,
)


class NoResolutionTarget(Rule):
    """Support has response targets but no resolution targets, or resolution is expressly not committed."""

    code = "SLA202"
    name = "no-resolution-target"
    severity = Severity.ERROR
    topic = "resolution"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "A response target alone is met by picking up the ticket; only a resolution (restore) "
        "target commits the provider to ending the outage (ITIL 4 Incident Management)."
    )
    anti_pattern = (
        "The Supplier will answer Priority 1 tickets within one hour. The Supplier does not "
        "guarantee any time to fix or work around a fault."
    )
    best_practice = (
        "The Supplier will respond to Priority 1 incidents within 15 minutes and resolve them "
        "within 4 hours."
    )
    fix_clause = "support.resolution_targets"
    fix_text = "Add resolution (restore) targets for each priority, at least for P1 and P2."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for _m, i in ctx.scan(_DISCLAIMED):
            if i >= 0:
                yield ctx.finding(self, sentence=ctx.sentences[i])
                return
        terms = ctx.terms
        responses = terms.metrics_of(MetricKind.SUPPORT_RESPONSE)
        if not responses or terms.metrics_of(MetricKind.RESOLUTION):
            return
        # an absent topic is missing-resolution's to report
        if terms.status("resolution") is TopicStatus.ABSENT:
            return
        ev = responses[0].evidence
        loc = ev.location if ev else None
        yield ctx.finding(
            self,
            start=loc.start if loc else None,
            end=loc.end if loc else None,
            evidence=ev.text if ev else "",
        )
