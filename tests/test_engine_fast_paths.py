"""The rule engine's shortcuts find exactly what a plain scan finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from textdocs import doc_from_text

from sla_drafter.extract import extract_terms
from sla_drafter.lint import engine
from sla_drafter.lint.rules import business_hours_clock

_FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = sorted([*_FIXTURES.joinpath("unseen").glob("*.txt"), *_FIXTURES.joinpath("lint").glob("*.txt")])


def _contexts() -> list[engine.RuleContext]:
    out = []
    for path in SAMPLES:
        doc = doc_from_text(path.read_text(encoding="utf-8"), path=str(path))
        out.append(engine.RuleContext(doc, extract_terms(doc)))
    return out


def test_scan_with_also_finds_what_the_plain_scan_finds() -> None:
    pattern = business_hours_clock._TEXT
    found = 0
    for ctx in _contexts():
        plain = [(m.span(), i) for m, i in ctx.scan(pattern)]
        narrowed = [(m.span(), i) for m, i in ctx.scan(pattern, also=business_hours_clock._CRITICAL_WORDS)]
        assert narrowed == plain
        found += len(plain)
    assert found  # the samples do exercise the pattern


def test_learnt_word_index_equals_the_whole_index() -> None:
    keys = frozenset({"service", "credit", "respon", "maintenance", "availab", "we shall"})
    for ctx in _contexts():
        ctx._starts_at(keys)  # the word starts asked for are learnt
    for ctx in _contexts():
        partial = ctx._index_for(keys)
        assert ctx._words_of is not None  # the narrower, learnt index
        full = engine.RuleContext(ctx.doc, ctx.terms)._word_index()
        for key in keys:
            assert partial.get(key[:3], []) == full.get(key[:3], []), key
        assert ctx._starts_at(keys) == sorted(
            p for k in keys for p in full.get(k[:3], ()) if ctx._low.startswith(k, p)
        )


FIRST_CHAR_CASES = [
    # (pattern, flags, the characters every match must start with, or None: not knowable)
    (r"\[[^\S\n]*(?:insert|enter)\b[^\]\n]{0,40}\]|\{\{[^{}\n]{0,80}\}\}|(?<![\w-])TBD(?![\w-])", 0, "[{T"),
    (r"(?<![\w.])(?:\d{1,3}\.)?[Xx]{1,3}[^\S\n]?%", 0, "0123456789Xx"),
    (r"\bsole\s+remed", re.IGNORECASE, "Ssſ"),
    (r"\b(?:kelvin|index)", re.IGNORECASE, "KkKIiİı"),
    (r"(?i:x)|Y", 0, "XxY"),
    (r"a?b", 0, "ab"),
    (r"(?:a|b?)c", 0, "abc"),  # an empty alternative: the match may start with what follows
    (r"(a|b?)c", 0, None),  # a capturing group that may be empty: not derived (conservative)
    (r"\w+ly", 0, None),  # \w: too wide to list
    (r"(?:abc)?", 0, None),  # may match empty
]


@pytest.mark.parametrize(("pattern", "flags", "chars"), FIRST_CHAR_CASES)
def test_first_characters_of_a_pattern(pattern: str, flags: int, chars: str | None) -> None:
    finder = engine.first_chars(re.compile(pattern, flags))
    if chars is None:
        assert finder is None
        return
    assert finder is not None
    for ch in chars:
        assert finder.fullmatch(ch), (pattern, ch)
    assert not finder.fullmatch("q")


def test_first_character_search_finds_what_finditer_finds() -> None:
    rng = random.Random(7)
    words = ["[insert date]", "{{ x }}", "TBD", "99.XX%", "XX%", "x %", "sole remedy", "ſole remed",
             "the", "service", "credit", "[", "{", "T", "X", "12", "\n", "  "]
    text = " ".join(rng.choice(words) for _ in range(3000))
    doc = doc_from_text(text)
    ctx = engine.RuleContext(doc, extract_terms(doc))
    checked = 0
    for pattern, flags, chars in FIRST_CHAR_CASES:
        compiled = re.compile(pattern, flags)
        plain = [m.span() for m in compiled.finditer(doc.text)]
        fast = [m.span() for m in ctx._finditer(compiled, 0, len(doc.text))]
        assert fast == plain, pattern
        checked += bool(plain) and chars is not None
    assert checked >= 4  # the text exercises the shortcut, not only the fallbacks
