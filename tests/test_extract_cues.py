"""The cue trie: a cue is also found as plain writing contracts it."""

from __future__ import annotations

import pytest

from sla_drafter.extract.cues import CueSet, _contracted, lower_same_length


@pytest.mark.parametrize(
    ("cue", "form"),
    [
        ("will credit", "ll credit"),  # found after the apostrophe of "we'll"
        ("we will credit", "we'll credit"),
        ("does not count", "doesn't count"),
        ("not counted as downtime", "t counted as downtime"),  # after "isn'"
        ("you are responsible", "you're responsible"),
        ("cannot guarantee", "can't guarantee"),
        ("will not credit more than", "won't credit more than"),
    ],
)
def test_contracted_forms(cue: str, form: str) -> None:
    assert form in _contracted(cue)


def test_a_cue_without_auxiliary_has_no_other_form() -> None:
    assert _contracted("credit of") == []
    assert _contracted("willingness") == []


def _found(cues: list[str], text: str) -> list[tuple[str, str]]:
    cs = CueSet(cues)
    low = lower_same_length(text)
    return [(cs.cues[h.cue], low[h.start : h.end]) for h in cs.hits(low)]


def test_contractions_straight_and_curly_are_the_cue_itself() -> None:
    text = "We'll credit you. It isn’t counted. You're responsible. It doesn't count."
    assert _found(["will credit", "not counted", "are responsible", "does not count"], text) == [
        ("will credit", "ll credit"),
        ("not counted", "t counted"),
        ("are responsible", "re responsible"),
        ("does not count", "doesn't count"),
    ]


def test_the_full_form_is_still_found_and_other_words_are_not() -> None:
    assert _found(["will credit"], "we will credit the fee") == [("will credit", "will credit")]
    # "'ll" before another verb, "ll" inside a word: nothing
    assert _found(["will credit"], "we'll refund it; the bill credits nothing") == []
