"""SLA217 credit-schedule-gap-or-overlap."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ...terms import CreditSchedule, CreditTier
from ...units import format_number
from ..registry import PROVIDER_WARNING, SLA_ONLY, Rule
from ._common import PROVIDER

if TYPE_CHECKING:
    from ..engine import RuleContext

_PROVIDER_PICKS = re.compile(
    rf"\b{PROVIDER}\s+(?:will|shall|may)\s+(?:decide|determine|choose|select|elect)\s+which\s+"
    r"(?:band|tier|level|percentage|credit)"
    r"|\bmore\s+than\s+one\s+(?:of\s+the\s+(?:above\s+)?)?(?:bands?|tiers?|levels?)\b[^.\n]{0,80}?"
    r"\b(?:decide|determine|choose|select|elect)",
    re.IGNORECASE,
)


def _fmt(v: float | None) -> str:
    return "-inf" if v is None else format_number(v) + "%"


def _problems(schedule: CreditSchedule) -> list[tuple[str, tuple[CreditTier, ...]]]:
    """Each problem of the schedule, with the bands (rows) it lies between."""
    tiers = [t for t in schedule.tiers if t.lower is not None or t.upper is not None]
    if len(tiers) < 1:
        return []

    def top(t: CreditTier) -> float:
        return t.upper if t.upper is not None else float("inf")

    tiers.sort(key=lambda t: (top(t), t.lower if t.lower is not None else float("-inf")), reverse=True)
    out: list[tuple[str, tuple[CreditTier, ...]]] = []
    target = schedule.target
    first = tiers[0]
    if target is not None and first.upper is not None:
        if first.upper > target or (first.upper == target and first.upper_inclusive):
            out.append(
                (f"the top band reaches {_fmt(first.upper)}, which meets the {_fmt(target)} target", (first,))
            )
        elif first.upper < target:
            out.append((f"no credit between {_fmt(first.upper)} and the {_fmt(target)} target", (first,)))
    for hi, lo in itertools.pairwise(tiers):
        a, b = hi.lower, lo.upper
        if a is None or b is None:
            if a is None:
                out.append((f"bands overlap below {_fmt(b)}", (hi, lo)))
            continue
        if a > b or (a == b and not hi.lower_inclusive and not lo.upper_inclusive):
            out.append((f"gap between {_fmt(b)} and {_fmt(a)}", (hi, lo)))
        elif a < b:
            out.append((f"bands overlap between {_fmt(a)} and {_fmt(b)}", (hi, lo)))
        elif hi.lower_inclusive and lo.upper_inclusive:
            out.append((f"{_fmt(a)} falls in two bands", (hi, lo)))
    return out


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
        for schedule in ctx.terms.credits.schedules:
            problems = _problems(schedule)
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
        for _, i in ctx.scan(_PROVIDER_PICKS):
            if i >= 0:
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message="The provider decides which credit band applies where several fit.",
                )
                return
