"""Durations in prose -> units.Duration.

"four (4) business hours", "2 Business Days", "ten (10) calendar days", "30 minutes",
"twelve (12) months", "1 hour", "4 Support Hours" (support hours are business hours),
"five working days".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._cache import rx
from ..units import Duration, TimeUnit
from .numbers import _DIGITS, _NUMWORD, _TAIL, parse_digits, parse_words

_UNIT_WORDS: dict[str, TimeUnit] = {
    "second": TimeUnit.SECOND, "sec": TimeUnit.SECOND, "secs": TimeUnit.SECOND,
    "minute": TimeUnit.MINUTE, "min": TimeUnit.MINUTE, "mins": TimeUnit.MINUTE,
    "hour": TimeUnit.HOUR, "hr": TimeUnit.HOUR, "hrs": TimeUnit.HOUR, "h": TimeUnit.HOUR,
    "day": TimeUnit.DAY, "week": TimeUnit.WEEK, "month": TimeUnit.MONTH, "year": TimeUnit.YEAR,
}
_BUSINESS_QUALS = ("business", "working", "support", "core", "office", "service desk")

_DURATION_RE = rx(
    r"(?P<num>(?:\b" + _NUMWORD + r"(?:[\s-]+" + _TAIL + r")*)"
    r"(?:\s*\(\s*(?P<paired>" + _DIGITS + r")\s*\))?"
    r"|(?<![\w.])(?:" + _DIGITS + r"))"
    r"[\s-]*(?P<qual>business|working|calendar|clock|support|core|office|elapsed)?[\s-]*"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?)"
    r"(?:['’]s?)?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DurationHit:
    start: int
    end: int
    duration: Duration
    words_value: float | None = None
    digits_value: float | None = None


def find_durations(text: str) -> list[DurationHit]:
    out: list[DurationHit] = []
    for m in _DURATION_RE.finditer(text):
        num = m["num"]
        paired = m["paired"]
        words_value: float | None = None
        digits_value: float | None = None
        if num[0].isdigit() or num[0] == ".":
            digits_value = parse_digits(num)
        else:
            # strip the "(60)" part from the words group when present
            words_part = num.split("(")[0]
            words_value = parse_words(words_part)
            if paired is not None:
                digits_value = parse_digits(paired)
        value = digits_value if digits_value is not None else words_value
        if value is None:
            continue
        unit_word = m["unit"].lower().rstrip("s") or "s"
        unit = _UNIT_WORDS.get(unit_word)
        if unit is None:
            continue
        qual = (m["qual"] or "").lower()
        business = qual in _BUSINESS_QUALS and unit in (TimeUnit.MINUTE, TimeUnit.HOUR, TimeUnit.DAY)
        out.append(DurationHit(m.start(), m.end(), Duration(value, unit, business),
                               words_value, digits_value))
    return out


def parse_duration(text: str) -> Duration | None:
    """The first duration in `text`, or None."""
    hits = find_durations(text)
    return hits[0].duration if hits else None
