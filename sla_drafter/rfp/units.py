"""Unit-aware helpers for comparing a vendor's levels with a buyer's: priority names,
business versus calendar time, measurement windows and the document's business day.
"""

from __future__ import annotations

import re

from .._cache import rx
from ..terms import Window
from ..units import BUSINESS_HOURS_PER_DAY, Duration

# Minutes per measurement window (a month is 30 days, as in drafted documents).
WINDOW_MINUTES: dict[str, float] = {
    "month": 30 * 1440.0,
    "billing_period": 30 * 1440.0,
    "quarter": 90 * 1440.0,
    "year": 365 * 1440.0,
    "week": 7 * 1440.0,
    "day": 1440.0,
}
SPEC_WINDOWS: dict[str, Window] = {"calendar_month": Window.MONTH, "quarter": Window.QUARTER, "year": Window.YEAR}
WINDOW_WORDS: dict[str, str] = {
    "month": "per calendar month", "billing_period": "per billing period", "quarter": "per quarter",
    "year": "per year", "week": "per week", "day": "per day",
}  # fmt: skip

_PRIORITY_NUMBER = rx(
    r"\b(?:p|pri|prio|priority|sev|severity|s|level|lvl|category|cat|class|tier|incident\s+level)"
    r"\s*[-:#.]?\s*(?P<n>[1-5])\b|^\s*(?P<lead>[1-5])\b",
    re.IGNORECASE,
)
_PRIORITY_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("critical", "urgent", "emergency", "highest", "blocker", "outage", "catastrophic")),
    (2, ("high", "major", "serious", "severe")),
    (3, ("medium", "moderate", "normal", "standard", "minor impact")),
    (4, ("low", "minor", "lowest", "cosmetic", "request", "informational", "trivial")),
)


def priority_rank(label: str) -> tuple[int | None, bool]:
    """'P1' / 'Severity 1' / 'Priority 1 (Critical)' -> (1, True); 'Urgent' -> (1, False).

    The flag says whether the rank came from a number (exact) or from a word, which a
    vendor's own scale may use differently (its top level may be called 'High').
    """
    m = _PRIORITY_NUMBER.search(label)
    if m:
        return int(m["n"] or m["lead"]), True
    low = label.lower()
    for rank, words in _PRIORITY_WORDS:
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
            return rank, False
    return None, False


def normalise_ranks(labels: list[str]) -> dict[str, int]:
    """Ranks for a vendor's priority labels; a whole word-only scale (three levels or more)
    whose top is not 'critical' (High / Medium / Low) is shifted so its top level is rank 1.
    Fewer labels may be a partial read of a longer scale, so they keep their word ranks."""
    ranks = {label: priority_rank(label) for label in labels}
    known = {label: r for label, (r, _) in ranks.items() if r is not None}
    if len(set(known.values())) >= 3 and not any(exact for _r, exact in ranks.values()):
        shift = min(known.values()) - 1
        return {label: r - shift for label, r in known.items()}
    return known


_RANGE = rx(
    r"(?P<h1>\d{1,2})(?:[:.](?P<m1>\d{2}))?\s*(?P<a1>a\.?m\.?|p\.?m\.?)?\s*"
    r"(?:-|–|to|until|and)\s*"
    r"(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?\s*(?P<a2>a\.?m\.?|p\.?m\.?)?",
    re.IGNORECASE,
)
_BUSINESS_DAY_CUE = rx(r"business\s+(?:hours?|days?)|working\s+(?:hours?|days?)|support\s+hours|office\s+hours", re.IGNORECASE)


def _hour(h: str, m: str | None, ampm: str | None) -> float:
    value = int(h) % 24 + (int(m) / 60 if m else 0.0)
    if ampm and ampm.lower().startswith("p") and int(h) < 12:
        value += 12
    if ampm and ampm.lower().startswith("a") and int(h) == 12:
        value -= 12
    return value


def business_day_hours(text: str) -> tuple[float, str | None]:
    """The length of the document's business day in hours and the phrase stating it.

    Looks for a time range ('09:00 to 17:00', '8am-6pm') near a business-hours cue;
    otherwise the project convention of 8 hours, with no phrase.
    """
    for cue in _BUSINESS_DAY_CUE.finditer(text):
        window = text[max(0, cue.start() - 160) : cue.end() + 160]
        for m in _RANGE.finditer(window):
            if not (m["m1"] or m["m2"] or m["a1"] or m["a2"]):
                continue  # "1 to 5" is not a time of day
            start = _hour(m["h1"], m["m1"], m["a1"])
            end = _hour(m["h2"], m["m2"], m["a2"] or (m["a1"] if not m["m2"] else None))
            if end > start and 4 <= end - start <= 16:
                return end - start, " ".join(m.group(0).split())
    return float(BUSINESS_HOURS_PER_DAY), None


def business_minutes(duration: Duration, day_hours: float) -> float:
    """Business time in minutes of running clock: a business day is `day_hours` hours."""
    if duration.business and duration.unit.value == "day":
        return duration.value * day_hours * 60
    return duration.minutes()


def metric_duration(target: float, unit: str) -> Duration | None:
    """A Terms metric's (target, unit) as a Duration: (4, 'business_hours') -> 4 business hours."""
    business = unit.startswith("business_")
    base = unit.removeprefix("business_").rstrip("s")
    if base == "m":
        return None  # "ms" is not a support duration
    try:
        return Duration.parse(f"{target} {'business ' if business else ''}{base}")
    except ValueError:
        return None


def allowance(percent: float, window: str) -> float:
    """Downtime minutes a target allows in one window."""
    return WINDOW_MINUTES[window] * (100.0 - percent) / 100.0


def hours_text(minutes: float) -> str:
    if minutes < 120:
        return f"{minutes:.1f} minutes".replace(".0 ", " ")
    return f"{minutes / 60:.1f} hours".replace(".0 ", " ")


def elapsed_days(duration: Duration, day_hours: float) -> float:
    """Calendar days a period for acting (a claim window, a notice) lasts at least:
    business days run on weekdays only, so five of them span seven calendar days."""
    if not duration.business:
        return duration.minutes() / 1440.0
    business_days = business_minutes(duration, day_hours) / (day_hours * 60)
    return business_days * 7 / 5
