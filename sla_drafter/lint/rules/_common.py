"""Pieces shared by the Python rules: number words in patterns, party words, helpers."""

from __future__ import annotations

import re

from ...findings import Severity

# A number as digits, as words, or both ("ten (10)"); for patterns, not for values.
_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|forty-five|fifty|"
    r"sixty|ninety"
)
NUM = rf"(?:(?:{_WORDS})(?:\s*\(\d+\))?|\d+(?:\.\d+)?)"

# How a document names the provider when it does not use a defined name.
PROVIDER = (
    r"(?:the\s+)?(?:service\s+provider|provider|supplier|vendor|company|contractor|licensor|"
    r"we|our|us)(?:'s)?"
)
CUSTOMER = r"(?:the\s+)?(?:customer|client|buyer|purchaser|licensee|subscriber|you|your)(?:'s)?"

_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90})


def number_value(text: str) -> float | None:
    """'10', 'ten', 'ten (10)' -> 10.0; None when not a number."""
    m = re.search(r"\d+(?:\.\d+)?", text)
    if m:
        return float(m.group(0))
    return float(_NUMBER_WORDS[text.lower()]) if text.lower() in _NUMBER_WORDS else None


def worse(severity: Severity) -> Severity:
    """One step more severe (error stays error)."""
    return Severity.ERROR if severity is not Severity.INFO else Severity.WARNING


def milder(severity: Severity) -> Severity:
    """One step less severe (info stays info)."""
    return Severity.INFO if severity is not Severity.ERROR else Severity.WARNING
