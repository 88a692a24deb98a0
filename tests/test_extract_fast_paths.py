"""The extractors' shortcuts give exactly the answers of the plain computations they replace."""

from __future__ import annotations

import random
import re

from sla_drafter.extract import numbers
from sla_drafter.extract.parties import _has_word

_WORDS = [
    "one", "two", "five", "ninety", "nine", "point", "and", "a", "an", "half", "hundred",
    "thousand", "percent", "per", "cent", "within", "Section", "days", "%", "-", "the",
    "twenty", "seven", "quarter", "thirty", "Ninety-Nine", "(", ")", "4", "99.9",
]
_SEPS = [" ", " ", " ", "-", "  ", "\n", ", ", "", "%", " - "]


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 25)):
            parts += [rng.choice(_WORDS), rng.choice(_SEPS)]
        out.append("".join(parts) + rng.choice(["(5)", " (5)", "(99.9%)", " (10)"]))
    return out


def test_short_walk_back_equals_the_full_window() -> None:
    for text in _texts(3000, seed=7):
        end = text.rfind("(")
        full = numbers._walk_back(text, max(0, end - numbers._PAIR_LOOKBACK), end, 0)
        assert numbers._words_value_before(text, end) == full, text


def test_short_walk_back_on_long_runs() -> None:
    text = "fee of ninety-nine point nine nine nine nine nine nine percent (99.999999%)"
    end = text.index("(")
    assert numbers._words_value_before(text, end) == numbers._walk_back(text, 0, end, 0)
    assert numbers.find_mismatches("within thirty (60) days") != []


def test_has_word_equals_a_boundary_regex() -> None:
    rng = random.Random(3)
    alphabet = ["us", "we", "our", "you", "your", " ", "_", "b", "1", "é", ".", "\n", "status"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for word in ("us", "we", "our", "you", "your"):
            expected = re.search(rf"(?<![^\W_]){word}(?![^\W_])", text) is not None
            assert _has_word(text, word) is expected, (text, word)


def test_percents_remembered_are_copies() -> None:
    first = numbers.find_percents("credits of 10% of the fee")
    first.clear()
    assert [h.value for h in numbers.find_percents("credits of 10% of the fee")] == [10.0]


def test_maintenance_exclusion_shortcut_equals_the_regex() -> None:
    from sla_drafter.extract.credits import _MAINT_EXCLUDED, _maint_excluded

    rng = random.Random(5)
    pieces = [
        "maintenance", " ", "not", "NOT", "be", "counted", "Excluded", "except", "minutes", "of",
        "planned", "less", "without", "regard", "does", "include", "apply", "mİnutes", "leſs",
        "wıthout", "downtime", "never", "\n", "-",
    ]
    for _ in range(5000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert _maint_excluded(text) is (_MAINT_EXCLUDED.search(text) is not None), text
