"""Business calendars and measurement windows, read from a service's `coverage` block.

Times are held as integer UTC epoch seconds. A business hour is a wall-clock hour in
the service's time zone: each Business Day's hours are the local times
``business_hours`` (e.g. 08:00-18:00) turned into instants, so a day on which the
clocks change is as long as the clock on the wall says it is (the repeated hour
counts twice, the skipped hour not at all). Measurement Periods run from 00:00 on
their first day to 24:00 on their last day, local time (the drafted clause).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .._cache import rx
from ..errors import InputError
from ..units import Duration, TimeUnit

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_HOURS = "09:00-17:00"  # the definitions clause's default when a spec gives none

# "public holidays in England" -> (country, subdivision) for the `holidays` package.
HOLIDAY_PLACES: dict[str, tuple[str, str | None]] = {
    "england": ("GB", "ENG"), "england and wales": ("GB", "ENG"), "wales": ("GB", "WLS"),
    "scotland": ("GB", "SCT"), "northern ireland": ("GB", "NIR"),
    "the united kingdom": ("GB", None), "united kingdom": ("GB", None), "the uk": ("GB", None),
    "uk": ("GB", None), "ireland": ("IE", None), "the republic of ireland": ("IE", None),
    "germany": ("DE", None), "france": ("FR", None), "spain": ("ES", None), "italy": ("IT", None),
    "the netherlands": ("NL", None), "netherlands": ("NL", None), "belgium": ("BE", None),
    "austria": ("AT", None), "switzerland": ("CH", None), "sweden": ("SE", None),
    "denmark": ("DK", None), "norway": ("NO", None), "finland": ("FI", None),
    "poland": ("PL", None), "portugal": ("PT", None), "the united states": ("US", None),
    "united states": ("US", None), "the us": ("US", None), "us": ("US", None),
    "usa": ("US", None), "canada": ("CA", None), "australia": ("AU", None),
    "new zealand": ("NZ", None), "india": ("IN", None), "japan": ("JP", None),
    "singapore": ("SG", None),
}  # fmt: skip
_CODE_RE = rx(r"^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$")
_NO_HOLIDAYS = ("none", "no holidays", "")


def parse_holidays(text: str | None) -> tuple[str, str | None] | str | None:
    """The coverage ``holidays`` text as (country, subdivision), None for no holidays,
    or the text itself when it names no place we know (the caller reports it)."""
    if text is None:
        return None
    words = text.strip()
    if words.lower() in _NO_HOLIDAYS:
        return None
    code = _CODE_RE.match(words)
    if code:
        return code[1], code[2]
    place = re.sub(r"^(?:the\s+)?(?:public|bank|statutory)?\s*(?:and bank\s+)?holidays?\s+(?:in|of|for)\s+",
                   "", words.lower()).strip().rstrip(".")  # fmt: skip
    return HOLIDAY_PLACES.get(place, words)


def parse_days(text: str | None) -> frozenset[int]:
    """'Monday to Friday', 'Mon-Sat', 'Monday, Wednesday', 'every day' -> weekday numbers."""
    if not text:
        return frozenset(range(5))
    lower = text.lower().strip()
    if lower in ("every day", "all days", "daily", "7 days a week", "monday to sunday"):
        return frozenset(range(7))
    span = re.match(r"^([a-z]+)\s*(?:to|-|–|through|until)\s*([a-z]+)$", lower)
    if span:
        first, last = _day(span[1]), _day(span[2])
        if first is not None and last is not None:
            return frozenset((first + k) % 7 for k in range((last - first) % 7 + 1))
    days = [_day(p) for p in re.split(r"\s*(?:,|and)\s*", lower) if p]
    if days and all(d is not None for d in days):
        return frozenset(d for d in days if d is not None)
    raise ValueError(f"cannot read business days {text!r} (write e.g. 'Monday to Friday')")


def _day(word: str) -> int | None:
    for i, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return i
    return None


def _hhmm(text: str) -> dt.time:
    hours, minutes = text.strip().split(":")
    return dt.time(int(hours), int(minutes))


@dataclass(slots=True)
class BusinessCalendar:
    """Business Days and Hours of one service: days, local hours, time zone and holidays."""

    tz: ZoneInfo
    days: frozenset[int]
    opens: dt.time
    closes: dt.time
    holiday_place: tuple[str, str | None] | None
    assumed: tuple[str, ...] = ()  # what the spec left out and this calendar assumes
    _holidays: dict[int, frozenset[dt.date]] = field(default_factory=dict)
    # Business intervals over a span of days with running totals, for O(log n) sums.
    _span: tuple[int, int] = (0, -1)
    _starts: list[int] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)
    _before: list[int] = field(default_factory=list)

    @property
    def day_seconds(self) -> int:
        """Length of a Business Day in business time (wall-clock hours from opening to closing)."""
        opens = self.opens.hour * 3600 + self.opens.minute * 60
        closes = self.closes.hour * 3600 + self.closes.minute * 60
        return closes - opens

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() in self.days and day not in self._holidays_of(day.year)

    def _holidays_of(self, year: int) -> frozenset[dt.date]:
        found = self._holidays.get(year)
        if found is None:
            found = frozenset()
            if self.holiday_place is not None:
                import holidays  # imported on first use: it loads every country's rules

                country, subdiv = self.holiday_place
                found = frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))
            self._holidays[year] = found
        return found

    def local_date(self, epoch: int) -> dt.date:
        return dt.datetime.fromtimestamp(epoch, self.tz).date()

    def midnight(self, day: dt.date) -> int:
        """The instant local midnight starts `day` (epoch seconds)."""
        return int(dt.datetime.combine(day, dt.time(0), self.tz).timestamp())

    def day_hours(self, day: dt.date) -> tuple[int, int] | None:
        """The business interval of a local date as instants, or None on a non-business day."""
        if not self.is_business_day(day):
            return None
        start = dt.datetime.combine(day, self.opens, self.tz).timestamp()
        end = dt.datetime.combine(day, self.closes, self.tz).timestamp()
        return int(start), int(end)

    def intervals(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Business intervals overlapping [start, end), clipped to it."""
        day = self.local_date(start) - dt.timedelta(days=1)
        last = self.local_date(end)
        while day <= last:
            hours = self.day_hours(day)
            if hours is not None and hours[1] > start and hours[0] < end:
                yield max(hours[0], start), min(hours[1], end)
            day += dt.timedelta(days=1)

    def business_seconds(self, start: int, end: int) -> int:
        """Business time between two instants (0 when end is not after start).

        A table of the business intervals of a span of days, with running totals, makes
        each call two binary searches: a million maintenance rows each checking their
        notice would otherwise walk the days between notice and start one by one.
        """
        if end <= start:
            return 0
        if start < self._span[0] or end > self._span[1]:
            self._build(start, end)
        return self._elapsed(end) - self._elapsed(start)

    def _build(self, start: int, end: int) -> None:
        low = min(start, self._span[0]) if self._span[1] >= 0 else start
        high = max(end, self._span[1])
        low, high = low - 400 * 86400, high + 400 * 86400  # room for the calls that follow
        self._starts, self._ends, self._before = [], [], []
        total = 0
        for a, b in self.intervals(low, high):
            self._starts.append(a)
            self._ends.append(b)
            self._before.append(total)
            total += b - a
        self._span = (low + 86400, high - 86400)

    def _elapsed(self, when: int) -> int:
        """Business seconds from the table's start up to `when`."""
        i = bisect.bisect_right(self._starts, when) - 1
        if i < 0:
            return 0
        return self._before[i] + min(when - self._starts[i], self._ends[i] - self._starts[i])

    def add_business_days(self, day: dt.date, count: int) -> dt.date:
        """The date `count` Business Days after `day`."""
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_business_day(day):
                count -= 1
        return day


def calendar_for(service: dict[str, Any] | None, spec_name: str) -> BusinessCalendar:
    """Build a service's calendar from its coverage block; bad values name the spec."""
    coverage = (service or {}).get("coverage") or {}
    where = f"services[{service.get('id') if service else '?'}].coverage"
    zone = coverage.get("timezone") or "UTC"
    try:
        tz = ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"{where}.timezone: unknown time zone {zone!r} (use an IANA name like Europe/London)", spec_name) from None
    try:
        days = parse_days(coverage.get("business_days"))
    except ValueError as exc:
        raise InputError(f"{where}.business_days: {exc}", spec_name) from None
    opens, closes = (str(coverage.get("business_hours") or DEFAULT_HOURS)).split("-")
    place = parse_holidays(coverage.get("holidays"))
    if isinstance(place, str):
        raise InputError(
            f"{where}.holidays: cannot tell which public holidays {place!r} means "
            "(write e.g. 'public holidays in England', a country code like 'DE' or 'none')",
            spec_name,
        )
    assumed = []
    if not coverage.get("business_hours"):
        assumed.append(f"{where} gives no business_hours: Business Hours are taken as {DEFAULT_HOURS}")
    if coverage.get("holidays") is None:
        assumed.append(f"{where} names no holidays: no public holidays are taken out of Business Days")
    return BusinessCalendar(tz, days, _hhmm(opens), _hhmm(closes), place, tuple(assumed))


def duration_seconds(duration: Duration, calendar: BusinessCalendar, business: bool) -> int:
    """A target or notice period in seconds of the clock it runs on.

    On a business clock a business day is one Business Day's hours (e.g. 10 hours for
    08:00-18:00); on a 24x7 clock a day is 24 hours.
    """
    unit = duration.unit
    if unit is TimeUnit.DAY and (business or duration.business):
        return round(duration.value * calendar.day_seconds)
    if unit is TimeUnit.MONTH:
        return round(duration.value * 30 * 86400)
    if unit is TimeUnit.YEAR:
        return round(duration.value * 365 * 86400)
    return round(duration.minutes() * 60)


def add_duration(day: dt.date, duration: Duration, calendar: BusinessCalendar) -> dt.date:
    """The date a period stated in days, weeks, months or Business Days after `day` ends."""
    if duration.business and duration.unit is TimeUnit.DAY:
        return calendar.add_business_days(day, round(duration.value))
    if duration.unit is TimeUnit.MONTH:
        return add_months(day, round(duration.value))
    if duration.unit is TimeUnit.YEAR:
        return add_months(day, 12 * round(duration.value))
    if duration.business:  # business hours or minutes: whole Business Days, rounded up
        days = -(-duration.minutes() * 60 // calendar.day_seconds)
        return calendar.add_business_days(day, int(days))
    return day + dt.timedelta(minutes=duration.minutes())


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def month_start(month: tuple[int, int]) -> dt.date:
    return dt.date(month[0], month[1], 1)


def next_month(month: tuple[int, int]) -> tuple[int, int]:
    year, m = month
    return (year + 1, 1) if m == 12 else (year, m + 1)


def parse_month(text: str) -> tuple[int, int]:
    """'2026-10' -> (2026, 10)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise InputError(f"--month: expected a month like 2026-10, got {text!r}")
    return int(match[1]), int(match[2])


def month_label(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"
