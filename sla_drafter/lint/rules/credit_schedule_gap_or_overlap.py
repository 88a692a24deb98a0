"""SLA217 credit-schedule-gap-or-overlap."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import CreditSchedule, CreditTier, MetricKind
from ...units import format_number
from ..registry import PROVIDER_WARNING, SLA_ONLY, Rule
from ._common import PROVIDER

if TYPE_CHECKING:
    from ..context import RuleContext

_PROVIDER_PICKS = rx(
    rf"\b{PROVIDER}\s+(?:will|shall|may)\s+(?:decide|determine|choose|select|elect)\s+which\s+"
    r"(?:band|tier|level|percentage|credit)"
    r"|\bmore\s+than\s+one\s+(?:of\s+the\s+(?:above\s+)?)?(?:bands?|tiers?|levels?)\b[^.\n]{0,80}?"
    r"\b(?:decide|determine|choose|select|elect)",
    re.IGNORECASE,
)


def _fmt(v: float | None) -> str:
    return "-inf" if v is None else format_number(v) + "%"


def _decimals(v: float) -> int:
    text = format_number(v)
    return len(text.split(".", 1)[1]) if "." in text else 0


def _states_target(text: str, figure: float) -> bool:
    """The document states `figure` as a level to meet: ">= 99.9%", "at least 99.9%", "99.9% or higher"."""
    num = re.escape(format_number(figure)) + r"0*"
    pat = (
        rf"(?:>=|≥|=>|\bat\s+least|\bno\s+less\s+than|\bnot\s+less\s+than|\bminimum\s+(?:of\s+)?)\s*(?<![\d.]){num}\s*%"
        rf"|(?<![\d.]){num}\s*%\s*(?:or\s+(?:higher|more|above|greater|better)|and\s+above)"
    )
    return re.search(pat, text, re.IGNORECASE) is not None


def _resolve(tiers: list[CreditTier], stated: set[float], text: str) -> list[CreditTier]:
    """Read bare ranges ("99% - 99.9%") the way the document's own target shows.

    When the top figure of the table is stated elsewhere as the level to meet (">= 99.9%"),
    that figure is not in the top band, so the drafter's bare ranges exclude their upper
    figure: [99, 99.9), [95, 99). Without such a statement a shared figure stays in both bands.
    """
    loose = [t for t in tiers if t.loose and t.upper is not None]
    if not loose:
        return tiers
    top = max(t.upper for t in loose if t.upper is not None)
    if top in stated or _states_target(text, top):
        return [replace(t, upper_inclusive=False) if t.loose else t for t in tiers]
    return tiers


def _problems(
    schedule: CreditSchedule, stated: set[float] | None = None, text: str = ""
) -> list[tuple[str, tuple[CreditTier, ...]]]:
    """Each problem of the schedule, with the bands (rows) it lies between."""
    stated = stated or set()
    tiers = [t for t in schedule.tiers if t.lower is not None or t.upper is not None]
    if len(tiers) < 1:
        return []
    tiers = _resolve(tiers, stated, text)

    def top(t: CreditTier) -> float:
        return t.upper if t.upper is not None else float("inf")

    tiers.sort(key=lambda t: (top(t), t.lower if t.lower is not None else float("-inf")), reverse=True)
    out: list[tuple[str, tuple[CreditTier, ...]]] = []
    target = schedule.target
    first = tiers[0]
    # a stated target above the whole table: no credit between the top band and the target
    above = [v for v in stated if 90.0 <= v < 100.0]
    if first.upper is not None and above and min(above) > first.upper:
        target = min(above)
    if target is not None and first.upper is not None:
        # a top band "at or below 99.9%" under an "at least 99.9%" target only touches it at one
        # point, which a reader resolves for the customer: not a defect worth a finding
        if first.upper > target and not (first.loose and first.upper_inclusive):
            out.append(
                (f"the top band reaches {_fmt(first.upper)}, which meets the {_fmt(target)} target", (first,))
            )
        elif first.upper < target and (
            # a top band that stops short of its own figure ("less than 99.8%") under a 99.9% target
            # leaves everything from 99.8% up to the target without a credit, however close
            (not first.upper_inclusive and not first.loose)
            or target - first.upper > 1.5 * 10.0 ** -max(_decimals(target), _decimals(first.upper), 1)
        ):
            # "99.0% - 99.89%" under a 99.9% target runs up to it at the precision written
            out.append((f"no credit between {_fmt(first.upper)} and the {_fmt(target)} target", (first,)))
    for hi, lo in itertools.pairwise(tiers):
        a, b = hi.lower, lo.upper
        if a is None or b is None:
            # "Below 99%: 10% / Below 95%: 30%": a band without a floor runs down to the next one
            continue
        step = 10.0 ** -max(_decimals(a), _decimals(b), 1)
        # a lower band that stops short of its upper figure ("less than 99.8%") leaves everything
        # from that figure up to the next band uncovered, however the figures are written
        open_below = not lo.upper_inclusive and not lo.loose and a > b
        # ("above 99.0%" over "below 99.0%" misses the single figure 99.0% itself, which a measured
        # share of minutes almost never equals: no finding, as with a band touching the target)
        if open_below or a - b > step * 1.5:
            out.append((f"gap between {_fmt(b)} and {_fmt(a)}", (hi, lo)))
        elif a > b:
            continue  # "95% - 97.99%" then "98% - 99.5%": contiguous at the precision the figures are written to
        elif a < b:
            out.append((f"bands overlap between {_fmt(a)} and {_fmt(b)}", (hi, lo)))
        elif hi.lower_inclusive and lo.upper_inclusive:
            out.append((f"{_fmt(a)} falls in two bands", (hi, lo)))
    return out


# the metric a band row names before its bounds: "Availability less than 99.95% ...",
# "Authorization Success Rate below 99.9%"; rows of different metrics are separate schedules
_ROW_METRIC = rx(
    r"^\W*([a-z][a-z /&-]{2,60}?)\s+(?:(?:is|was|falls?)\s+)?(?:less\s+than|below|under|lower\s+than|at\s+least|above|"
    r"more\s+than|greater\s+than|between|from|[<>≤≥]|\d)",
    re.IGNORECASE,
)
_AVAILABILITY_WORD = rx(r"\b(?:availab|uptime|unavailab)", re.IGNORECASE)
# a row that opens with its bound names no metric: "Less than 99.9% ...", "Below 99%"
_BOUND_FIRST = rx(r"^(?:less|below|under|lower|at|above|more|greater|between|from|up|if|when|where|equal)\b")


def _metric_groups(schedule: CreditSchedule) -> list[tuple[CreditSchedule, bool]]:
    """The schedule split by the metric its rows name, each with whether it is the availability
    schedule that the document's availability target applies to; one group when rows name none
    or all the same."""
    groups: dict[str, list[CreditTier]] = {}
    for t in schedule.tiers:
        m = _ROW_METRIC.match(t.evidence.text) if t.evidence is not None else None
        key = " ".join(m.group(1).lower().split()) if m else ""
        key = "" if _BOUND_FIRST.match(key) else key
        groups.setdefault(key, []).append(t)
    if len(groups) < 2 or "" in groups:
        return [(schedule, True)]
    # the schedule's one target belongs to no group in particular ("monthly availability" and
    # "availability in a payroll window" have targets of their own): each group is read against
    # the targets the document states, not the table's
    return [
        (replace(schedule, tiers=tiers, target=None), bool(_AVAILABILITY_WORD.search(key)))
        for key, tiers in groups.items()
    ]


def _rows(tiers: list[CreditTier]) -> tuple[int, int, str] | None:
    """The span of the band rows in the document and their text, quoted row by row."""
    located = sorted(
        {(t.evidence.location.start, t.evidence.location.end, t.evidence.text)
         for t in tiers
         if t.evidence is not None and t.evidence.location is not None},
    )
    if not located:
        return None
    quoted: list[str] = []
    for _, _, text in located:
        if text not in quoted:
            quoted.append(text)
    return located[0][0], max(end for _, end, _ in located), " / ".join(quoted)


class CreditScheduleGapOrOverlap(Rule):
    """The credit bands leave gaps, overlap, include the target, or let the provider pick the band."""

    code = "SLA217"
    name = "credit-schedule-gap-or-overlap"
    severity = Severity.ERROR
    topic = "service_credits"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_WARNING
    rationale = (
        "Attainment that falls in a gap earns no credit, and overlapping bands invite the lower "
        "credit; bands must run continuously from the target downwards."
    )
    anti_pattern = (
        "| Monthly availability | Credit |\n|---|---|\n"
        "| Below 99.9% but at least 99.5% | 5% |\n"
        "| Below 99.0% but at least 98.0% | 10% |\n"
        "| Below 98.0% | 20% |"
    )
    best_practice = (
        "| Monthly availability | Credit |\n|---|---|\n"
        "| Below 99.9% but at least 99.5% | 5% |\n"
        "| Below 99.5% but at least 98.0% | 10% |\n"
        "| Below 98.0% | 20% |"
    )
    fix_clause = "credits.tiered"
    fix_text = "Make the bands contiguous: each band's lower bound is the next band's upper bound, starting just below the target."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        stated = {
            m.target
            for m in ctx.terms.metrics
            if m.kind is MetricKind.AVAILABILITY and m.target is not None and m.unit == "percent"
        }
        for whole in ctx.terms.credits.schedules:
            yield from self._check_schedule(ctx, whole, stated)
        for _, i in ctx.scan(_PROVIDER_PICKS):
            if i >= 0:
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message="The provider decides which credit band applies where several fit.",
                )
                return

    def _check_schedule(self, ctx: RuleContext, whole: CreditSchedule, stated: set[float]) -> Iterator[Finding]:
        """Each metric's bands on their own: an availability table is read against the
        availability target, another metric's rows only against each other."""
        for schedule, is_availability in _metric_groups(whole):
            if not is_availability:
                schedule = replace(schedule, target=None)
            problems = _problems(schedule, stated if is_availability else set(), ctx.doc.text)
            if not problems:
                continue
            label = f"{schedule.name} credit schedule" if schedule.name else "Credit schedule"
            message = f"{label}: " + "; ".join(text for text, _ in problems) + "."
            # point at (and quote) the rows that leave the gap or overlap, not the header
            rows = _rows([t for _, tiers in problems for t in tiers])
            if rows is not None:
                start, end, quoted = rows
                yield ctx.finding(self, start=start, end=end, evidence=quoted, message=message)
                continue
            loc = schedule.evidence.location if schedule.evidence else None
            if loc is not None:  # the evidence is then the text at the location
                yield ctx.finding(self, start=loc.start, end=loc.end, message=message)
            else:
                yield ctx.finding(self, evidence="", message=message)
