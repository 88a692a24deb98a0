"""Measurement windows and clocks named in prose: "each calendar month", "Contract Year",
"the month or the billing period" (ambiguous), "24x7", "business hours"."""

from __future__ import annotations

import re

from .._cache import rx
from ..terms import Clock, Window

_AMBIGUOUS = rx(
    r"\bmonth\s+or\s+(?:the\s+)?billing\s+(?:period|cycle)\b"
    r"|\bbilling\s+(?:period|cycle)\s+or\s+(?:the\s+)?(?:calendar\s+)?month\b"
    r"|\bmonth\s+or\s+(?:the\s+)?(?:quarter|year)\b",
    re.IGNORECASE,
)
_WINDOWS: tuple[tuple[Window, re.Pattern[str]], ...] = (
    (Window.BILLING_PERIOD, rx(r"\bbilling\s+(?:period|cycle|month)\b", re.IGNORECASE)),
    (
        Window.YEAR,
        rx(
            r"\bcontract\s+year\b|\bannual(?:ly)?\b|\bper\s+(?:calendar\s+)?year\b|\beach\s+year\b"
            r"|\bcalendar\s+year\b|\bin\s+any\s+year\b|\byearly\b|\bper\s+annum\b"
            # a window column or phrase in months: "Measured over | 12 months", "a rolling twelve-month period"
            r"|\b(?:rolling\s+|trailing\s+)?(?:12|twelve)[\s-]months?\b(?!['’]?\s*(?:notice|written))",
            re.IGNORECASE,
        ),
    ),
    (Window.QUARTER, rx(r"\bquarter(?:ly)?\b", re.IGNORECASE)),
    (Window.MONTH, rx(r"\bmonth(?:ly)?\b", re.IGNORECASE)),
    (Window.WEEK, rx(r"\bweek(?:ly)?\b", re.IGNORECASE)),
    (Window.DAY, rx(r"\b(?:per|each)\s+day\b|\bdaily\b", re.IGNORECASE)),
)
_ALWAYS = rx(r"\b24\s*[x×/*]\s*7(?:\s*[x×/*]\s*365)?\b|\bround[\s-]the[\s-]clock\b|\b24\s+hours\s+a\s+day\b", re.IGNORECASE)
_BUSINESS = rx(
    r"\b(?:business|working|support|core|office)\s+(?:hours?|days?)\b|\bbusiness\s+day\b",
    re.IGNORECASE,
)


_NEEDLES: dict[Window, tuple[str, ...]] = {
    Window.BILLING_PERIOD: ("billing",),
    Window.YEAR: ("year", "annual", "annum", "12 month", "12-month", "twelve"),
    Window.QUARTER: ("quarter",),
    Window.MONTH: ("month",),
    Window.WEEK: ("week",),
    Window.DAY: ("day",),
}


def window_in(text: str) -> Window | None:
    """The measurement window a piece of text names, first match by precedence."""
    low = text.lower()
    if " or " in low and "month" in low and _AMBIGUOUS.search(text):
        return Window.AMBIGUOUS
    found: list[tuple[int, Window]] = []
    for window, pat in _WINDOWS:
        if not any(n in low for n in _NEEDLES[window]):
            continue  # str.find is much cheaper than a case-insensitive regex
        m = pat.search(text)
        if m:
            found.append((m.start(), window))
    if not found:
        return None
    # billing period and year beat a passing "month" ("one month's MRC per Contract Year")
    kinds = {w for _, w in found}
    for w in (Window.BILLING_PERIOD, Window.YEAR, Window.QUARTER):
        if w in kinds and Window.MONTH not in kinds:
            return w
    found.sort()
    return found[0][1]


def clock_in(text: str) -> Clock | None:
    low = text.lower()
    if any(n in low for n in (" hour", " day")) and _BUSINESS.search(text):
        return Clock.BUSINESS_HOURS
    if any(n in low for n in ("24", "clock")) and _ALWAYS.search(text):
        return Clock.ALWAYS
    return None


_DEFINED_PERIOD = rx(
    r"[\"“](?P<term>[A-Z][\w\s-]{2,40}?)[\"”]\s+(?:means|shall\s+mean|is)\s+(?:a|each|one|the)?\s*"
    r"(?P<what>calendar\s+month|month|calendar\s+quarter|quarter|calendar\s+year|year|contract\s+year|"
    r"billing\s+(?:period|cycle)|week|day)\b",
)


def defined_windows(text: str) -> dict[str, Window]:
    """Defined periods: '"Service Period" means a calendar month' -> {"service period": MONTH}."""
    if "mean" not in text and " is " not in text:
        return {}
    out: dict[str, Window] = {}
    for m in _DEFINED_PERIOD.finditer(text):
        w = window_in(m["what"])
        if w is not None:
            out[" ".join(m["term"].lower().split())] = w
    return out


def window_by_definition(text: str, defined: dict[str, Window]) -> Window | None:
    low = text.lower()
    for term, w in defined.items():
        if term in low:
            return w
    return None
