"""Numbers and durations in prose: words, digits, pairs, mismatches (table-driven)."""

from __future__ import annotations

import pytest

from sla_drafter.extract.durations import find_durations, parse_duration
from sla_drafter.extract.numbers import (
    find_mismatches,
    find_numbers,
    find_percents,
    parse_ordinal,
    parse_words,
    percent_value,
)
from sla_drafter.units import Duration, TimeUnit


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("zero", 0),
        ("four", 4),
        ("twelve", 12),
        ("thirty", 30),
        ("ninety-nine", 99),
        ("ninety nine", 99),
        ("ninety-nine point nine", 99.9),
        ("ninety-nine point nine five", 99.95),
        ("ninety-nine and one half", 99.5),
        ("ninety-nine and a half", 99.5),
        ("ninety-nine and a quarter", 99.25),
        ("one half", 0.5),
        ("a half", 0.5),
        ("one hundred", 100),
        ("one hundred and five", 105),
        ("one thousand five hundred", 1500),
        ("seven hundred and fifty", 750),
    ],
)
def test_parse_words(words: str, value: float) -> None:
    assert parse_words(words) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "banana", "and", "point"])
def test_parse_words_rejects_non_numbers(text: str) -> None:
    assert parse_words(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ninety-nine point nine percent (99.9%) of the time", 99.9),
        ("ninety-nine and one half percent of the time", 99.5),
        ("thirty percent of the monthly fee", 30),
        ("99.95 per cent", 99.95),
        ("99.95 percent", 99.95),
        ("at least 99.9% in each month", 99.9),
        ("fifteen percent (15%) of the fee", 15),
        ("0.1% unavailability", 0.1),
        ("no percentage here", None),
        ("Verfügbarkeit 99,95 % pro Monat", 99.95),  # a decimal comma, not "95 %"
        ("99,9% each month", 99.9),
        ("99,995 % uptime", 99.995),
        ("a fee of 1,500% is no decimal comma", 1500),
    ],
)
def test_percent_value(text: str, value: float | None) -> None:
    got = percent_value(text)
    if value is None:
        assert got is None
    else:
        assert got == pytest.approx(value)


def test_comma_decimal_percentages_and_lists() -> None:
    assert [h.value for h in find_percents("credits of 5%,10%,25%")] == [5, 10, 25]
    assert [h.value for h in find_percents("99,95 % availability, 10,5 % credit")] == [99.95, 10.5]


def test_percent_pair_keeps_both_values() -> None:
    [hit] = find_percents("fifteen percent (20%) of the fee")
    assert (hit.words_value, hit.digits_value, hit.value) == (15, 20, 20)


def test_numbers_in_order_with_thousands_and_pairs() -> None:
    hits = find_numbers("up to 1,500 users, four (4) hours, 2 business days, twelve months")
    assert [h.value for h in hits] == [1500, 4, 2, 12]
    assert hits[1].words == "four"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("within thirty (60) days of the incident", [(30, 60)]),
        ("five (3) Business Days", [(5, 3)]),
        ("fifteen percent (20%)", [(15, 20)]),
        ("four (4) hours", []),
        ("twelve (12) months and ten (10) calendar days", []),
        ("three (3) months within a rolling six (6) month period", []),
        ("one (1) month's MRC", []),
        ("fifteen percent (15%)", []),
        ("99.9% (ninety-nine point nine)", []),
    ],
)
def test_mismatches(text: str, expected: list[tuple[float, float]]) -> None:
    assert [(h.words_value, h.digits_value) for h in find_mismatches(text)] == expected


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("four (4) business hours", Duration(4, TimeUnit.HOUR, True)),
        ("2 Business Days", Duration(2, TimeUnit.DAY, True)),
        ("five working days", Duration(5, TimeUnit.DAY, True)),
        ("4 Support Hours", Duration(4, TimeUnit.HOUR, True)),
        ("ten (10) calendar days", Duration(10, TimeUnit.DAY, False)),
        ("30 minutes", Duration(30, TimeUnit.MINUTE, False)),
        ("twelve (12) months", Duration(12, TimeUnit.MONTH, False)),
        ("1 hour", Duration(1, TimeUnit.HOUR, False)),
        ("sixty (60) seconds", Duration(60, TimeUnit.SECOND, False)),
        ("at least five (5) Business Days' written notice", Duration(5, TimeUnit.DAY, True)),
        ("thirty (60) days", Duration(60, TimeUnit.DAY, False)),  # digits govern
        ("eight (8) hours per calendar month", Duration(8, TimeUnit.HOUR, False)),
    ],
)
def test_parse_duration(text: str, duration: Duration) -> None:
    assert parse_duration(text) == duration


def test_duration_mismatch_keeps_words_value() -> None:
    [hit] = find_durations("within thirty (60) days")
    assert (hit.words_value, hit.digits_value) == (30, 60)


def test_no_duration() -> None:
    assert parse_duration("Customer may terminate") is None


@pytest.mark.parametrize(("word", "value"), [("first", 1), ("third", 3), ("5th", 5), ("x", None)])
def test_ordinals(word: str, value: int | None) -> None:
    assert parse_ordinal(word) == value
