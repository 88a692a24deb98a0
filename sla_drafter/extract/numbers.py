"""Numbers in contract prose: words, digits, both ("four (4)"), percentages, mismatches.

"ninety-nine point nine percent (99.9%)", "ninety-nine and one half percent",
"thirty (60) days", "1,500", "99.95 per cent", "0.1% unavailability".
Regexes are compiled once at import; scanning is one `finditer` per pattern family.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .._cache import rx

_UNITS: dict[str, int] = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_FRACTIONS: dict[str, float] = {
    "half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3,
    "thirds": 1 / 3, "tenth": 0.1, "tenths": 0.1,
}
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20, "thirtieth": 30,
}

_NUMWORD = (
    r"(?:zero|nil|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million)"
)
_TAIL = r"(?:point|and|a|an|half|halves|quarters?|thirds?|tenths?|" + _NUMWORD[3:-1] + ")"
# A run of number words: starts with a number word, continues with number words,
# "point", "and", "a", fractions; separated by spaces or hyphens.
_WORDS_RE = rx(
    r"\b(?:" + _NUMWORD + r"|a\s+half|one\s+half)(?:[\s-]+" + _TAIL + r")*\b",
    re.IGNORECASE,
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_DIGITS_RE = rx(r"(?<![\w.])(?:" + _DIGITS + r")(?![\w])")
# words followed by a parenthesised figure: "four (4)", "thirty (60)", "fifteen percent (15%)"

_WORD_SPLIT = rx(r"[\s-]+")


def parse_words(text: str) -> float | None:
    """Value of a run of number words, or None.

    "ninety-nine point nine" -> 99.9; "ninety-nine and one half" -> 99.5;
    "one thousand five hundred" -> 1500; "a half" -> 0.5; "thirty" -> 30.
    """
    tokens = [t for t in _WORD_SPLIT.split(text.lower().strip()) if t]
    if not tokens:
        return None
    total = 0
    current = 0
    seen = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _UNITS:
            current += _UNITS[tok]
            seen = True
        elif tok in _TENS:
            current += _TENS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1) * 100
            seen = True
        elif tok in ("thousand", "million"):
            total += (current or 1) * _SCALES[tok]
            current = 0
            seen = True
        elif tok == "point":
            digits = []
            for t in tokens[i + 1 :]:
                if t in _UNITS and _UNITS[t] < 10:
                    digits.append(str(_UNITS[t]))
                else:
                    break
            if not digits:
                break
            return float(f"{total + current}.{''.join(digits)}")
        elif tok == "and":
            # "ninety-nine and one half", "one hundred and five"
            rest = tokens[i + 1 :]
            frac = _fraction(rest)
            if frac is not None:
                return total + current + frac
        elif tok in ("a", "an"):
            frac = _fraction(tokens[i:])
            if frac is not None and not seen:
                return frac
        elif tok in _FRACTIONS:
            # "one half" as a whole phrase
            if seen and current in (1, 2, 3) and total == 0 and i == len(tokens) - 1:
                return current * _FRACTIONS[tok]
            break
        else:
            break
        i += 1
    if not seen:
        return None
    return float(total + current)


def _fraction(tokens: list[str]) -> float | None:
    if len(tokens) >= 2 and tokens[0] in ("a", "an", "one") and tokens[1] in _FRACTIONS:
        return _FRACTIONS[tokens[1]]
    if len(tokens) >= 2 and tokens[0] in ("two", "three") and tokens[1] in _FRACTIONS:
        return _UNITS[tokens[0]] * _FRACTIONS[tokens[1]]
    return None


def parse_digits(text: str) -> float:
    return float(text.replace(",", ""))


def parse_ordinal(word: str) -> int | None:
    w = word.lower()
    if w in _ORDINALS:
        return _ORDINALS[w]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w)
    return int(m.group(1)) if m else None


@dataclass(frozen=True, slots=True)
class NumberHit:
    """A number found in text: words, digits, or both paired ("four (4)")."""

    start: int
    end: int
    value: float  # the digits' value when both are given (digits govern)
    words: str | None = None
    words_value: float | None = None
    digits_value: float | None = None
    percent: bool = False

    @property
    def mismatch(self) -> bool:
        return (
            self.words_value is not None
            and self.digits_value is not None
            and abs(self.words_value - self.digits_value) > 1e-9
        )


_PAREN_DIGITS = rx(r"\(\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(%|per\s*cent|percent)?\s*\)")
_NUMBER_TOKENS = frozenset(
    [*_UNITS, *_TENS, *_SCALES, *_FRACTIONS, "point", "and", "a", "an"]
)
_WORD_TOKEN = rx(r"[A-Za-z]+")
_PAIR_LOOKBACK = 90


def _words_before(text: str, end: int) -> tuple[int, str, bool] | None:
    """The run of number words ending at `end` ("ninety-nine point nine percent "),
    as (start, words, says_percent); walking back token by token, not regex searching."""
    found = _words_value_before(text, end)
    return None if found is None else found[:3]


def _words_value_before(text: str, end: int) -> tuple[int, str, bool, float] | None:
    """`_words_before` and the words' value (parsed once, for the callers that need it).

    Walks the last `_NEAR_LOOKBACK` characters first; only when the run of words may reach
    further back (the walk needs the window's first, possibly cut, token or what lies
    before it) is the whole `_PAIR_LOOKBACK` window tokenised: the same answer either way.
    """
    lo = max(0, end - _PAIR_LOOKBACK)
    near = end - _NEAR_LOOKBACK
    if near > lo:
        found = _walk_back(text, near, end, 1)
        if found is not False:
            return found
    whole = _walk_back(text, lo, end, 0)
    assert whole is not False
    return whole


_NEAR_LOOKBACK = 40
_FURTHER: Literal[False] = False  # the walk needs tokens before its window


def _walk_back(
    text: str, lo: int, end: int, floor: int
) -> tuple[int, str, bool, float] | Literal[False] | None:
    """The walk of `_words_value_before` over the tokens of text[lo:end]; with `floor` 1 it
    reads no token below index 1 and returns `_FURTHER` (False) where it would."""
    tokens = list(_WORD_TOKEN.finditer(text, lo, end))
    percent = False
    i = len(tokens) - 1
    if i < floor and floor:
        return _FURTHER
    # "fifteen percent (15%)", "fifteen per cent (15%)", "fifteen% (15%)"
    tail = text[tokens[i].end() : end].strip() if i >= 0 else ""
    if tail not in ("", "%"):
        return None
    if tail == "%":
        percent = True
    if i >= 0 and tokens[i].group().lower() in ("percent", "cent"):
        percent = True
        i -= 1
        if i < floor and floor:
            return _FURTHER
        if i >= 0 and tokens[i + 1].group().lower() == "cent" and tokens[i].group().lower() == "per":
            i -= 1
    first = -1  # index of the run's first token
    while True:
        if i < floor:
            if floor:
                return _FURTHER
            break
        tok = tokens[i]
        if tok.group().lower() not in _NUMBER_TOKENS:
            break
        if first >= 0 and i + 1 < len(tokens) and text[tok.end() : tokens[i + 1].start()].strip(" -\n\t") != "":
            break
        first = i
        i -= 1
    if first < 0:
        return None
    # the run must start with a real number word, not "and"/"a"/"point"
    k = first
    while k < len(tokens) and tokens[k].start() < end and tokens[k].group().lower() in ("and", "a", "an", "point"):
        k += 1
    if k >= len(tokens) or tokens[k].group().lower() in ("percent", "per", "cent"):
        return None
    start = tokens[k].start()
    words = _TRAILING_PERCENT.sub("", text[start:end].strip()).strip()
    if not words:
        return None
    value = parse_words(words)
    if value is None:
        return None
    return start, words, percent, value


_TRAILING_PERCENT = rx(r"\s*(?:per\s*cent|percent|%)\s*$", re.IGNORECASE)


def find_pairs(text: str) -> Iterator[NumberHit]:
    """Every "words (digits)" pair in `text`, matched or not: "four (4)", "thirty (60)".

    Finds each "(digits)" with a cheap scan, then walks back over the number words before it.
    """
    for p in _PAREN_DIGITS.finditer(text):
        found = _words_value_before(text, p.start())
        if found is None:
            continue
        start, words, says_percent, wv = found
        dv = parse_digits(p.group(1))
        yield NumberHit(start, p.end(), dv, words, wv, dv, percent=says_percent or bool(p.group(2)))


def find_mismatches(text: str) -> list[NumberHit]:
    """Pairs whose words and digits disagree: "thirty (60) days" (not "four (4)")."""
    return [h for h in find_pairs(text) if h.mismatch]


def find_numbers(text: str) -> list[NumberHit]:
    """All numbers in order: paired forms first claim their span, then words, then digits."""
    hits: list[NumberHit] = list(find_pairs(text))
    taken = [(h.start, h.end) for h in hits]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _WORDS_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        v = parse_words(m.group())
        if v is None:
            continue
        # a lone article "a"/"an" is not a number; _WORDS_RE only starts at a real number word
        hits.append(NumberHit(m.start(), m.end(), v, m.group(), v, None))
        taken.append((m.start(), m.end()))
    for m in _DIGITS_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        v = parse_digits(m.group())
        hits.append(NumberHit(m.start(), m.end(), v, None, None, v))
    hits.sort(key=lambda h: h.start)
    return hits


@dataclass(frozen=True, slots=True)
class PercentHit:
    start: int
    end: int
    value: float
    words_value: float | None = None
    digits_value: float | None = None


# A decimal comma ("99,95 %", "99,9%", "99,995 %"): one or two decimals, or three after
# 90-99 (a thousands reading, 99995%, is no percentage). Not after "digit," so the "95"
# of "99,95 %" is never read alone.
_COMMA_DECIMAL = r"\d{1,3},\d{1,2}(?![\d,])|9\d,\d{3}(?![\d,])"
_DIGIT_PERCENT = rx(
    r"(?<![\w.])(?<!\d,)(" + _COMMA_DECIMAL + "|" + _DIGITS + r")\s*(?:%|per\s?cent\b|percent\b)",
    re.IGNORECASE,
)
_COMMA_DECIMAL_RE = rx(_COMMA_DECIMAL)
_PERCENT_WORD = rx(r"per\s?cent\b|percent\b", re.IGNORECASE)
_PAIRED_AFTER = rx(r"\s*\(\s*(" + _DIGITS + r")\s*%?\s*\)")


def find_percents(text: str) -> list[PercentHit]:
    """Percentages: "99.9%", "99.95 per cent", "thirty percent", "fifteen percent (15%)"."""
    if "%" not in text and "cent" not in text and "CENT" not in text and "Cent" not in text:
        return []
    if len(text) > _CACHE_CHARS:
        return _find_percents(text)
    # the extractors ask about the same cell or sentence several times: remembered
    return list(_percents(text))


_CACHE_CHARS = 1000  # only short texts (cells, sentences) are remembered


@lru_cache(maxsize=2048)
def _percents(text: str) -> tuple[PercentHit, ...]:
    return tuple(_find_percents(text))


def _find_percents(text: str) -> list[PercentHit]:
    has_cent = "cent" in text or "CENT" in text or "Cent" in text
    if "%" not in text and not has_cent:
        return []
    out: list[PercentHit] = []
    if has_cent:
        for m in _PERCENT_WORD.finditer(text):
            found = _words_value_before(text, m.end())
            if found is None:
                continue
            start, _, _, wv = found
            paired = _PAIRED_AFTER.match(text, m.end())
            if paired is not None:
                dv = parse_digits(paired.group(1))
                out.append(PercentHit(start, paired.end(), dv, wv, dv))
            else:
                out.append(PercentHit(start, m.end(), wv, wv, None))
    taken_starts = [h.start for h in out]  # word hits are in text order
    taken_ends = [h.end for h in out]
    for m in _DIGIT_PERCENT.finditer(text):
        k = bisect_right(taken_starts, m.start()) - 1
        if k >= 0 and m.start() < taken_ends[k]:
            continue
        figure = m.group(1)
        v = float(figure.replace(",", ".")) if _COMMA_DECIMAL_RE.fullmatch(figure) else parse_digits(figure)
        out.append(PercentHit(m.start(), m.end(), v, None, v))
    if taken_starts:
        out.sort(key=lambda h: h.start)
    return out


def percent_value(text: str) -> float | None:
    """The first percentage in `text`, or None."""
    hits = find_percents(text)
    return hits[0].value if hits else None
