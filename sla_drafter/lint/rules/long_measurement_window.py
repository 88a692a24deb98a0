"""SLA206 long-measurement-window."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import MetricKind, Window
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule

if TYPE_CHECKING:
    from ..context import RuleContext

_PERIOD = (
    r"(?:(?:contract\s+|calendar\s+|financial\s+|fiscal\s+|service\s+)?(?:year|quarter)"
    r"|(?:rolling\s+)?(?:twelve|12|three|3)[- ]month(?:\s+period)?|annual\s+period)"
)
_LONG = rx(
    rf"\b(?:measured|calculated|assessed|determined|averaged)\s+(?:over|across|for|on\s+the\s+basis\s+of)\s+"
    rf"(?:each|every|a|the|any|that\s+whole)\s+{_PERIOD}"
    # an average taken across a long window, words in between: "stated as an average, taken over
    # all tickets of one priority, for each calendar quarter"
    rf"|\baverage[ds]?\b[^.\n]{{0,80}}?\b(?:over|across|for|in)\s+(?:each|every|a|the|any)\s+{_PERIOD}\b"
    r"|\bcalculated\s+(?:once\s+a\s+year|annually|quarterly)"
    r"|\b(?:measured|calculated|assessed|determined|computed)\s+on\s+an?\s+(?:annual|yearly|quarterly)\s+basis"
    r"|\b(?:applies|measured|calculated)\s+(?:per|for\s+each|over\s+each)\s+(?:subscription|contract|service|agreement)\s+year\b"
    r"|\b(?:annual|yearly|quarterly)\s+(?:power\s+|service\s+)?(?:availability|uptime)\b"
    # the figure itself is a rolling or annual one, however it is reported: "uptime is
    # reported on a rolling twelve-month basis" (a report cadence alone, "reported quarterly", is not)
    r"|\b(?:availability|uptime)\b[^.\n]{0,60}?\b(?:on|over|across)\s+an?\s+(?:rolling\s+|trailing\s+)"
    r"(?:twelve|12|six|6|three|3)[- ]month\b"
    r"|\b(?:availability|uptime)\b[^.\n]{0,60}?\bon\s+an?\s+(?:rolling\s+|trailing\s+)?(?:annual|yearly|twelve[- ]month|12[- ]month)\s+basis"
    # a KPI table's window column: "Inventory accuracy | ... | 99.5% | quarter"
    r"|\d\s*%\s*\|\s*(?:per\s+|each\s+|calendar\s+|rolling\s+)?(?:quarter|year|annum|annual(?:ly)?|quarterly|yearly|contract\s+year)\s*(?=\||$)"
    # a rolling window of three months or more by its days: "Time period: | Rolling last 90 days"
    r"|\b(?:rolling|trailing)\s+(?:last\s+|previous\s+)?(?:9\d|1\d\d|[2-3]\d\d|ninety|one\s+hundred\s+and\s+eighty)\s+days\b"
    # the days before the word: "95% uptime based on a 90 day rolling window"
    r"|\b(?:9\d|1\d\d|[2-3]\d\d|ninety)[\s-]days?\s+(?:rolling|trailing|sliding)\s+(?:window|period|basis)\b",
    re.IGNORECASE,
)
# "99.99% per Contract Year", "99.9% of the year": the period word is the anchor, the percentage is checked before it
_PER_PERIOD = rx(rf"\b(?:per|each|over\s+the|of\s+the|of\s+each|of\s+every)\s+{_PERIOD}\b(?!['’]s)", re.IGNORECASE)
_PCT_BEFORE = rx(r"(?:%|percent)[^.\n]{0,30}$", re.IGNORECASE)
# a satisfaction survey is scored over a quarter or a year by nature: its window hides no outage
_SURVEY = rx(r"\b(?:satisf\w*|surveys?|csat|net\s+promoter|nps)\b", re.IGNORECASE)
# money per period is no service level: "an interest rate of 5% per year", "prices rise 3% each year"
_MONEY_RATE = rx(
    r"\binterest\b|\blate\s+payments?\b|\binflation\b|\bindexation\b|\b(?:price|fee|charge|rate)s?\s+(?:increase|rise|adjustment)s?\b"
    r"|\b(?:increase|rise|adjust)\w*\s+(?:the\s+|its\s+|our\s+)?(?:prices?|fees?|charges?|rates?)\b|\bdiscount",
    re.IGNORECASE,
)
_AMBIGUOUS = rx(
    r"\b(?:calendar\s+)?month\s+or\s+(?:the\s+)?billing\s+(?:period|cycle)"
    r"|\bbilling\s+(?:period|cycle)\s+or\s+(?:the\s+)?(?:calendar\s+)?month",
    re.IGNORECASE,
)


class LongMeasurementWindow(Rule):
    """Availability is measured over a long or ambiguous window that hides short outages."""

    code = "SLA206"
    name = "long-measurement-window"
    severity = Severity.ERROR
    topic = "measurement_period"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "Averaged over a year, a four-hour outage still reads as 99.95%; a monthly window "
        "keeps serious outages visible and credits timely."
    )
    anti_pattern = "Uptime is measured across each contract year and must be at least 99.9%."
    best_practice = "Uptime is measured over each calendar month and must be at least 99.9%."
    fix_clause = "measurement.period"
    fix_text = "Measure availability and calculate credits for each calendar month."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        seen: set[int] = set()
        for _m, i in ctx.scan(_AMBIGUOUS):
            if i >= 0 and i not in seen:
                seen.add(i)
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    severity=Severity.WARNING,
                    message="The measurement period is ambiguous; the provider can pick the window that suits it.",
                )
        first: tuple[re.Match[str], int] | None = None
        places = 0
        text = ctx.doc.text
        hits = list(ctx.scan(_LONG))
        for m, i in ctx.scan(_PER_PERIOD):
            if i >= 0 and _PCT_BEFORE.search(text, max(ctx.sentences[i].start, m.start() - 40), m.start()):
                hits.append((m, i))
        hits.sort(key=lambda h: h[0].start())
        for m, i in hits:
            if i >= 0 and (_SURVEY.search(ctx.sentences[i].text) or _MONEY_RATE.search(ctx.sentences[i].text)):
                continue
            if i >= 0 and i not in seen:
                seen.add(i)
                places += 1
                first = first or (m, i)
        if first is not None:
            m, i = first
            quarter = "quarter" in m.group(0).lower()
            yield ctx.finding(
                self,
                sentence=ctx.sentences[i],
                severity=Severity.WARNING if quarter else Severity.ERROR,
                message=self.message + (f" ({places} places)" if places > 1 else ""),
            )
        if seen:
            return
        for metric in ctx.terms.metrics_of(MetricKind.AVAILABILITY):
            if metric.window in (Window.YEAR, Window.QUARTER, Window.AMBIGUOUS):
                ev = metric.evidence
                yield ctx.finding(
                    self,
                    at=ev,
                    severity=Severity.ERROR if metric.window is Window.YEAR else Severity.WARNING,
                )
                return
