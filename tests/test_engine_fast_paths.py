"""The rule engine's shortcuts find exactly what a plain scan finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from textdocs import doc_from_text

from sla_drafter._cache import _LazyPattern
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


def test_learnt_word_index_sees_a_word_at_the_very_start() -> None:
    """The learnt index finds word starts after a non-word character; the text's first word
    has none before it and is looked at apart."""
    keys = frozenset({"service", "credit"})
    for text in ("Service credits apply.\n\n(Service) credit, service-credit", "service"):
        doc = doc_from_text(text)
        first = engine.RuleContext(doc, extract_terms(doc))
        first._starts_at(keys)  # learnt
        ctx = engine.RuleContext(doc, extract_terms(doc))
        partial = ctx._index_for(keys)
        assert ctx._words_of is not None
        full = engine.RuleContext(doc, extract_terms(doc))._word_index()
        for key in ("ser", "cre"):
            assert partial.get(key, []) == full.get(key, []), (text, key)
        assert partial["ser"][0] == 0


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


CONDITION_CASES = [
    # (pattern, flags, the conditions beside the anchors: sets of literals a match holds one of
    # each). The parser factors a common start out of branches, (?:efforts|endeavours) is "e"
    # then "fforts" or "ndeavo": the run goes on into the group after it.
    (r"\bcommercially\s+reasonable\s+(?:efforts|endeavou?rs)", re.IGNORECASE,
     {frozenset({"reasonable"}), frozenset({"efforts", "endeavo"})}),
    (r"\brespon(?:se|d)\b[^.\n]{0,150}?\b(?:automat(?:ed|ic)|auto-?generated)\b", re.IGNORECASE,
     {frozenset({"response", "respond"}),
      frozenset({"automated", "automatic", "auto-generated", "autogenerated"})}),
    (r"\b(?:we|they)\s+(?:tr(?:y|ies)|attempts?)\s+to\b", re.IGNORECASE,
     {frozenset({"try", "tries", "attempt"})}),
    # lookarounds may read outside the block: "notice" and "thirty" are no conditions
    (r"(?<=notice\s)period\s+of\s+(?=thirty)days", 0, {frozenset({"days"})}),
    (r"(?:foo)?bar\s+baz", 0, {frozenset({"baz"})}),  # an optional group gives nothing
    (r"(?-i:ISP)s?\s+outages?", re.IGNORECASE, {frozenset({"isp"})}),
    (r"caf\u00e9\s+men\u00fc\s+card", 0, {frozenset({"card"})}),  # not ASCII: lower() may differ
    (r"(?:ab|cd)\s+menu", 0, set()),  # "menu" is the anchor; "ab" or "cd" too short
    (r"(?:x|menu\s+card)\s+menu", 0, set()),  # one alternative gives nothing: no condition
    (r"xylophones\s+(?:xylo|phone)", 0, set()),  # implied by the anchor ("xylophones")
]


@pytest.mark.parametrize(("pattern", "flags", "conditions"), CONDITION_CASES)
def test_conditions_of_a_pattern(pattern: str, flags: int, conditions: set[frozenset[str]]) -> None:
    from sla_drafter.lint import context

    facts = context._facts(re.compile(pattern, flags))
    assert set(facts.conditions) == conditions
    assert facts.anchors not in facts.conditions


CHOICE_CASES = [
    # (pattern, the alternatives' conditions of the branch a match goes through)
    (r"\bnot\s+applied\s+automatically|\bmust\s+(?:\w+\s+){0,4}?(?:claim|request)",
     [[{"automatically"}, {"applied"}, {"not"}], [{"claim", "request"}, {"must"}]]),
    (r"(?:alpha\s+beta|gamma)\s+delta", [[{"alpha"}, {"beta"}], [{"gamma"}]]),
    (r"(?:alpha|gamma)\s+delta", []),  # one literal each: the union ("alpha" or "gamma") says it
    (r"(?:alpha\s+beta|\w+)\s+delta", []),  # an alternative needing nothing: no choice
]


@pytest.mark.parametrize(("pattern", "choices"), CHOICE_CASES)
def test_choices_of_a_pattern(pattern: str, choices: list[list[set[str]]]) -> None:
    from sla_drafter.lint import context

    found = context._facts(re.compile(pattern, re.IGNORECASE)).choices
    assert len(found) == (1 if choices else 0)
    assert [[set(c) for c in alt] for choice in found for alt in choice] == choices


def test_a_block_holds_one_alternative_of_each_choice() -> None:
    from sla_drafter.lint import context

    pattern = re.compile(CHOICE_CASES[0][0], re.IGNORECASE)
    facts = context._facts(pattern)
    conds, choices = facts.conditions, facts.choices
    assert context._holds_in("credits are not applied automatically", conds, choices)
    assert context._holds_in("you must file a claim", conds, choices)
    # each alternative's literals, but spread over both: neither alternative is whole
    assert not context._holds_in("not automatically: a claim", conds, choices)
    doc = doc_from_text("Credits are applied automatically.\n\nNo claim need be made.\n\nYou must claim them.")
    ctx = engine.RuleContext(doc, extract_terms(doc))
    assert [doc.text[s:e] for s, e in ctx._spans(pattern)] == ["You must claim them."]
    assert [m.group(0) for m, _ in ctx.scan(pattern)] == ["must claim"]


def _rule_patterns() -> list[re.Pattern[str]]:
    import importlib
    import pkgutil

    import sla_drafter.lint.rules as rules_pkg
    from sla_drafter.lint.rules.phrases import PhraseRule

    rules = engine.all_rules()
    patterns = [p for r in rules if isinstance(r, PhraseRule) for p in r._patterns]
    patterns += [p for r in rules if isinstance(r, PhraseRule) for p in (r._given_by, r._anywhere) if p]
    for info in pkgutil.iter_modules(rules_pkg.__path__):
        module = importlib.import_module(f"{rules_pkg.__name__}.{info.name}")
        # rx() hands out a stand-in until a pattern is first used (warm start-up cache)
        patterns += [v for v in vars(module).values() if isinstance(v, re.Pattern | _LazyPattern)]
    return patterns


def test_narrowed_scan_finds_what_a_plain_block_scan_finds() -> None:
    """Every rule pattern over the samples: the blocks left out for lacking a condition's
    literals hold no match, and `scan` (anchors, conditions, prefixes) finds what finditer
    finds block by block. Also checks the narrowing is taken: blocks holding an anchor
    but lacking a condition are skipped."""
    patterns = _rule_patterns()
    assert len(patterns) > 150
    skipped = 0
    for ctx in _contexts():
        blocks = ctx.doc.blocks
        for pattern in patterns:
            keys = engine.anchors(pattern)
            if keys is None and engine.prefixes(pattern) is None:
                continue  # scanned over the whole text, as the other tests check
            plain = [
                m.span() for b in blocks for m in pattern.finditer(ctx.doc.text, b.start, b.end)
            ]
            assert [m.span() for m, _ in ctx.scan(pattern)] == plain, pattern.pattern
            if keys is None:
                continue
            with_anchor = sorted(ctx._held(keys))
            scanned = {s for s, _ in ctx._spans(pattern)}
            skipped += sum(1 for b in with_anchor if blocks[b].start not in scanned)
    assert skipped > 100  # the conditions do narrow the scan on these samples
