"""Typed quantities: percentages, durations and money. Never free strings.

Specs write them compactly (`99.9%`, `4h`, `30 minutes`, `2 business days`,
`EUR 1,500`); extraction from prose produces the same types, so rules compare
like with like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from ._cache import rx

# Minutes per unit. Business time is kept apart (a business day is not 1440 minutes).
_MINUTES = {"second": 1 / 60, "minute": 1.0, "hour": 60.0, "day": 1440.0, "week": 10080.0}
# Month convention used for derived figures; stated in drafted documents.
DAYS_PER_MONTH = 30
MINUTES_PER_MONTH = DAYS_PER_MONTH * 1440
BUSINESS_HOURS_PER_DAY = 8


class TimeUnit(StrEnum):
    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


_UNIT_ALIASES: dict[str, TimeUnit] = {
    "s": TimeUnit.SECOND, "sec": TimeUnit.SECOND, "secs": TimeUnit.SECOND,
    "second": TimeUnit.SECOND, "seconds": TimeUnit.SECOND,
    "m": TimeUnit.MINUTE, "min": TimeUnit.MINUTE, "mins": TimeUnit.MINUTE,
    "minute": TimeUnit.MINUTE, "minutes": TimeUnit.MINUTE,
    "h": TimeUnit.HOUR, "hr": TimeUnit.HOUR, "hrs": TimeUnit.HOUR,
    "hour": TimeUnit.HOUR, "hours": TimeUnit.HOUR,
    "d": TimeUnit.DAY, "day": TimeUnit.DAY, "days": TimeUnit.DAY,
    "w": TimeUnit.WEEK, "wk": TimeUnit.WEEK, "week": TimeUnit.WEEK, "weeks": TimeUnit.WEEK,
    "month": TimeUnit.MONTH, "months": TimeUnit.MONTH,
    "y": TimeUnit.YEAR, "year": TimeUnit.YEAR, "years": TimeUnit.YEAR,
}

_DURATION_RE = rx(
    r"^\s*(?P<value>\d+(?:\.\d+)?)\s*"
    r"(?P<qual>business|working|calendar)?\s*"
    r"(?P<unit>[a-z]+)\s*$",
    re.IGNORECASE,
)


class QuantityError(ValueError):
    """A value that is not a well-formed quantity; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Percent:
    value: float

    @classmethod
    def parse(cls, raw: Any) -> Percent:
        if isinstance(raw, bool):
            raise QuantityError(f"expected a percentage like '99.9%', got {raw!r}")
        if isinstance(raw, int | float):
            value = float(raw)
        else:
            text = str(raw).strip().rstrip("%").strip()
            try:
                value = float(text)
            except ValueError:
                raise QuantityError(f"expected a percentage like '99.9%', got {raw!r}") from None
        if not 0 <= value <= 100:
            raise QuantityError("must be between 0 and 100")
        return cls(value)

    def __str__(self) -> str:
        return f"{format_number(self.value)}%"


@dataclass(frozen=True, slots=True)
class Duration:
    value: float
    unit: TimeUnit
    business: bool = False  # business hours/days rather than calendar time

    @classmethod
    def parse(cls, raw: Any) -> Duration:
        if isinstance(raw, Duration):
            return raw
        m = _DURATION_RE.match(str(raw))
        if not m:
            raise QuantityError(
                f"expected a duration like '4h', '30 minutes' or '2 business days', got {raw!r}"
            )
        unit = _UNIT_ALIASES.get(m["unit"].lower())
        if unit is None:
            raise QuantityError(f"unknown time unit {m['unit']!r} in {raw!r}")
        qual = (m["qual"] or "").lower()
        business = qual in ("business", "working")
        if business and unit not in (TimeUnit.HOUR, TimeUnit.DAY, TimeUnit.MINUTE):
            raise QuantityError(f"business time must be minutes, hours or days, got {raw!r}")
        return cls(float(m["value"]), unit, business)

    def minutes(self) -> float:
        """Length in minutes of elapsed time (business days count as 8 business hours)."""
        if self.unit is TimeUnit.MONTH:
            return self.value * MINUTES_PER_MONTH
        if self.unit is TimeUnit.YEAR:
            return self.value * 365 * 1440
        if self.business and self.unit is TimeUnit.DAY:
            return self.value * BUSINESS_HOURS_PER_DAY * 60
        return self.value * _MINUTES[self.unit.value]

    def __str__(self) -> str:
        n = format_number(self.value)
        word = self.unit.value if self.value == 1 else self.unit.value + "s"
        return f"{n} business {word}" if self.business else f"{n} {word}"

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit.value, "business": self.business}


_MONEY_RE = rx(
    r"^\s*(?:(?P<cur1>[A-Z]{3}|[$€£])\s*)?(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<cur2>[A-Z]{3})?\s*$"
)
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def parse(cls, raw: Any) -> Money:
        m = _MONEY_RE.match(str(raw))
        cur = (m["cur1"] or m["cur2"]) if m else None
        if not m or not cur:
            raise QuantityError(f"expected money with a currency like 'EUR 1,500', got {raw!r}")
        try:
            amount = Decimal(m["amount"].replace(",", ""))
        except InvalidOperation:
            raise QuantityError(f"bad amount in {raw!r}") from None
        return cls(amount, _SYMBOLS.get(cur, cur))

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,}"


def format_number(value: float) -> str:
    """99.0 -> '99', 99.95 -> '99.95' (no float noise)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def allowed_downtime_minutes(target_pct: float, window_minutes: float = MINUTES_PER_MONTH) -> float:
    """Downtime an availability target allows per window: 99.9% of 30 days is 43.2 minutes."""
    return round(window_minutes * (100.0 - target_pct) / 100.0, 4)
