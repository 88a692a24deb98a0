"""The rule engine's shortcuts find exactly what a plain scan finds."""

from __future__ import annotations

from pathlib import Path

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
