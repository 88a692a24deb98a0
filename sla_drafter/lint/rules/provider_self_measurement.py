"""SLA203 provider-self-measurement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ...terms import MeasuredBy
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import PROVIDER

if TYPE_CHECKING:
    from ..engine import RuleContext

_CONCLUSIVE = re.compile(
    r"\b(?:sole\s+and\s+conclusive|conclusive\s+(?:record|evidence|proof)|final\s+and\s+binding\s+record)",
    re.IGNORECASE,
)
_FINAL = re.compile(
    r"\b(?:final|binding|conclusive)\b|\bsole\s+(?:record|evidence|source|basis)", re.IGNORECASE
)
_READ_ACCESS = re.compile(
    r"\bread(?:-only)?\s+access\b|\baccess\s+to\s+the\s+(?:raw\s+)?(?:monitoring\s+)?(?:data|readings|dashboards?)"
    r"|\bexport\s+the\s+raw\s+data",
    re.IGNORECASE,
)
_INDEPENDENT = re.compile(
    r"\bindependent\s+(?:third[- ]party\s+)?(?:monitoring|measurement)"
    r"|\bthird[- ]party\s+(?:synthetic\s+)?monitoring"
    r"|\b(?:measured|monitored)\s+by\s+(?:the\s+)?(?:customer|client)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _self_re(names: tuple[str, ...]) -> re.Pattern[str]:
    who = PROVIDER
    if names:
        who = "(?:" + "|".join(re.escape(n) for n in names) + r")(?:'s)?|" + PROVIDER
    tools = r"(?:monitoring|tools?|systems?|records?|equipment|data|units|logs|probes?)"
    return re.compile(
        rf"\b(?:measured|recorded|calculated|computed|determined|monitored)\b[^.\n]{{0,40}}?\b(?:{who})\s"
        rf"[^.\n]{{0,40}}?\b{tools}\b"
        rf"|\b(?:{who}|its\s+own)\s+(?:own\s+)?(?:internal\s+)?(?:monitoring|measurement)\s+"
        rf"(?:systems?|tools?|data|records?)\b"
        rf"|\binternal\s+monitoring\s+(?:systems?|tools?|data)"
        # "Helix's own monitoring records": an undefined name still measuring itself
        rf"|\b(?!(?:customer|client|buyer|authority|purchaser)'s)\w+'s\s+own\s+(?:internal\s+)?"
        rf"(?:monitoring|measurement)\s+(?:systems?|tools?|data|records?)\b",
        re.IGNORECASE,
    )


class ProviderSelfMeasurement(Rule):
    """Availability is measured only by the provider's own tools or records."""

    code = "SLA203"
    name = "provider-self-measurement"
    severity = Severity.WARNING
    topic = "independent_measurement"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "When the provider alone measures and its records are conclusive, the customer cannot "
        "prove a breach; independent or customer-visible monitoring is the accepted remedy."
    )
    anti_pattern = (
        "Uptime is determined from the Vendor's internal monitoring tools, whose logs are "
        "conclusive evidence of availability."
    )
    best_practice = (
        "Availability is measured by an independent third-party monitoring service agreed "
        "with the Customer, which has full read access to the data."
    )
    fix_clause = "measurement.independent"
    fix_text = (
        "Measure with an independent monitoring service, or at least give the customer read "
        "access to the raw data and a right to dispute it."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        conclusive = next(iter(ctx.scan(_CONCLUSIVE)), None)
        metrics = [m for m in ctx.terms.metrics if m.measured_by is not None]
        independent = ctx.search(_INDEPENDENT) is not None or any(
            m.measured_by in (MeasuredBy.THIRD_PARTY, MeasuredBy.CUSTOMER) for m in metrics
        )
        if independent and conclusive is None:
            return
        hit = conclusive
        if hit is None:
            names = tuple(ctx.terms.parties.get("provider", ()))
            hit = next(iter(ctx.scan(_self_re(names))), None)
        by_provider = [m for m in metrics if m.measured_by is MeasuredBy.PROVIDER]
        if hit is None and not by_provider:
            return
        if conclusive is None and hit is not None and hit[1] >= 0:
            final = _FINAL.search(ctx.sentences[hit[1]].text)
            conclusive = (hit[0], hit[1]) if final else None
        severity = Severity.ERROR if conclusive is not None else Severity.WARNING
        if ctx.search(_READ_ACCESS) or any(m.measured_by is MeasuredBy.JOINT for m in metrics):
            severity = Severity.WARNING if conclusive is not None else Severity.INFO
        if hit is not None and hit[1] >= 0:
            yield ctx.finding(self, sentence=ctx.sentences[hit[1]], severity=severity)
            return
        ev = by_provider[0].evidence
        loc = ev.location if ev else None
        yield ctx.finding(
            self,
            start=loc.start if loc else None,
            end=loc.end if loc else None,
            evidence=ev.text if ev else "",
            severity=severity,
        )
