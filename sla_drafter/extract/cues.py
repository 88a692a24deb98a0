"""Compile many cue phrases into one regex, scanned once over the document text.

Cue syntax (lexicon.yaml), matched case-insensitively at a word start:
- words separated by spaces (or hyphens) match any run of spaces, hyphens or slashes:
  "root cause" matches "root-cause" and "root\\ncause";
- `*` at the end of a word matches any ending: "indemnif*" -> indemnify, indemnification;
- `...` skips up to eight words: "defend ... against claims";
- anything else is literal.

The cues are merged into a character trie so the regex engine checks one branch per
character instead of one per cue (300 cues over 60,000 characters in about a millisecond).
A zero-width lookahead at each word start finds the longest cue starting there, so a
cue inside a longer one ("resolution" inside "dispute resolution") is also seen and
callers can drop subsumed hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .._cache import derived, fingerprint, rx

_SEP = r"[\s\-/]+"
_GAP = r"(?:[\s\-/]+[^\s\-/]+){0,8}?[\s\-/]+"
_END = "\x00end"
_MAX_CUE_CHARS = 400  # a cue with gaps spans at most a few hundred characters
# (an apostrophe, straight or curly, also starts a word: a contraction's second half,
# "we'll credit", is a cue's "will credit"; see `_contracted`)
_BEFORE_WORD = "[\\s(\\[{\"'“‘’«/\\-–—*_>|:;,.]"

_DERIVED = "cue-trie-" + fingerprint(__file__)

Atom = str  # a regex fragment for one step of the trie


def cue_key(cue: str) -> str:
    """The form a cue is known by: lower case, single spaces, and a hyphen read as a space,
    as the trie reads it ("on-site within" and "on site within" are one cue, whose
    conditions all apply; two keys on one trie path would lose the first one's)."""
    return " ".join(cue.lower().replace("-", " ").split())


# the contracted forms of a cue's auxiliary and negation, as plain writing uses them
_NEGATED_AUX = {
    "will not": "won't", "do not": "don't", "does not": "doesn't", "did not": "didn't",
    "is not": "isn't", "are not": "aren't", "was not": "wasn't", "were not": "weren't",
    "cannot": "can't", "can not": "can't", "would not": "wouldn't", "should not": "shouldn't",
    "must not": "mustn't", "has not": "hasn't", "have not": "haven't",
}
_PRONOUN = r"(?:we|you|i|they|it|he|she|that|this|there|who)"
_SUBJECT_AUX = rx(r"\b(" + _PRONOUN + r") (will|are|have|would)\b")
_SHORT_AUX = {"will": "ll", "are": "re", "have": "ve", "would": "d"}
_NEGATED = rx(r"\b(?:" + "|".join(sorted(_NEGATED_AUX, key=len, reverse=True)) + r")\b")
# a cue that starts with the auxiliary or the negation: its contracted half starts after the
# apostrophe ("will credit" in "we'll credit", "not counted" in "isn't counted")
_LEADING = {"will": "ll", "are": "re", "have": "ve", "not": "t"}


def _contracted(key: str) -> list[str]:
    """The same cue as written with contractions: "will credit" -> "ll credit" (found after the
    apostrophe of "we'll"), "we will credit" -> "we'll credit", "does not count" ->
    "doesn't count", "you are responsible" -> "you're responsible". Plain-language SLAs
    ("We'll credit 10%", "You're responsible for", "isn't counted as downtime") say what formal
    ones do with the auxiliary shortened."""
    forms = {key}
    for form in list(forms):
        forms.add(_NEGATED.sub(lambda m: _NEGATED_AUX[m.group(0)], form))
    for form in list(forms):
        forms.add(_SUBJECT_AUX.sub(lambda m: m.group(1) + "'" + _SHORT_AUX[m.group(2)], form))
    for form in list(forms):
        first, _, rest = form.partition(" ")
        if rest and first in _LEADING:
            forms.add(_LEADING[first] + " " + rest)
    forms.discard(key)
    return sorted(forms)


def _atoms(cue: str) -> list[Atom]:
    cue = " ".join(cue.lower().split())
    out: list[Atom] = []
    i = 0
    while i < len(cue):
        if cue.startswith(" ... ", i):
            out.append(_GAP)
            i += 5
            continue
        ch = cue[i]
        if ch in " -":
            out.append(_SEP)
        elif ch == "*":
            out.append(r"\w*")
        elif ch in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
        i += 1
    return out


def _ends_in_word(cue: str) -> bool:
    c = cue.rstrip()
    return bool(c) and (c[-1].isalnum())


class CueHit(NamedTuple):
    """A cue found in text (a tuple: cheap to make by the thousand)."""

    cue: int  # index into the compiled cue list
    start: int
    end: int


class CueSet:
    """A set of cue phrases compiled into one trie regex."""

    def __init__(self, cues: Iterable[str]) -> None:
        self.cues: list[str] = []
        index: dict[str, int] = {}
        for c in cues:
            key = cue_key(c)
            if key and key not in index:
                index[key] = len(self.cues)
                self.cues.append(key)
        self.index = index
        # each cue's forms (itself and its contracted forms, found as the cue: same index, same
        # conditions) and the trie's regex follow from the cue list and this module's code: kept
        # between runs
        forms, body = derived(_DERIVED, "\n".join(self.cues), self._forms_and_trie)
        self._forms: list[tuple[str, int]] = forms
        # Compiled without IGNORECASE (which doubles the cost): callers scan lowered text.
        # The pattern starts with the character before a word (space, punctuation), a
        # character class the regex engine skips to in C, instead of trying every position.
        self.pattern = rx(_BEFORE_WORD + r"(?=" + body + ")" if body else r"(?!x)x")
        # group number -> cue index (a match's `lastindex` is its cue's group)
        self._gapped = [" ... " in c for c in self.cues]
        # first three characters -> (cue, its characters before any wildcard or separator)
        self._by_head: dict[str, list[tuple[int, str]]] | None = None
        self._shadow_candidates: dict[int, list[tuple[int, str]]] = {}  # per cue (`shadowed_at`)
        self._cue_rx: dict[int, re.Pattern[str]] = {}  # a cue's own regex (`shadowed_at`)
        self._group_cue = [0] * (self.pattern.groups + 1)
        for name, group in self.pattern.groupindex.items():
            self._group_cue[group] = self._forms[int(name[1:])][1]

    def _forms_and_trie(self) -> tuple[list[tuple[str, int]], str]:
        index = self.index
        forms = [(c, i) for i, c in enumerate(self.cues)]
        forms += [(f, i) for i, c in enumerate(self.cues) for f in _contracted(c) if f not in index]
        self._forms = forms
        return forms, self._trie_regex()

    def _trie_regex(self) -> str:
        trie: dict[str, object] = {}
        for j, (form, _) in enumerate(self._forms):
            node = trie
            for atom in _atoms(form):
                node = node.setdefault(atom, {})  # type: ignore[assignment]
            node.setdefault(_END, j)
        return self._emit(trie)

    def _emit(self, node: dict[str, object]) -> str:
        alts: list[str] = []
        # a literal continuation before a wildcard: the engine takes the first branch that
        # matches, so "audit*" tried first would hide "audits" and "resolv*" "resolved within"
        for atom in sorted((k for k in node if k != _END), key=lambda a: (a == r"\w*", a)):
            child = node[atom]
            assert isinstance(child, dict)
            alts.append(atom + self._emit(child))
        if _END in node:
            j = node[_END]  # the form's index: a cue's forms are groups of their own
            assert isinstance(j, int)
            boundary = r"\b" if _ends_in_word(self._forms[j][0]) else ""
            alts.append(f"{boundary}(?P<c{j}>)")
        if not alts:
            return ""
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    def shadowed_at(self, cue: int, text: str, pos: int, end: int) -> list[int]:
        """The other cues that also match at `pos`, where the trie reported `cue`.

        At one place the trie reports one cue, the longest ("availability" over "availab*",
        "to qualify for" over "qualify"). A cue whose conditions all fail there is no cue, and
        the cues it hid are tried (`detect_topics`). Candidates share the cue's first three
        characters; each is tested by its literal start, then by its own regex (compiled on
        first use)."""
        candidates = self._shadow_candidates.get(cue)
        if candidates is None:
            by_head = self._by_head
            if by_head is None:
                by_head = self._by_head = {}
                for j, key in enumerate(self.cues):
                    literal = key[: next((i for i, ch in enumerate(key) if ch in "* -'’"), len(key))]
                    by_head.setdefault(key[:3], []).append((j, literal))
            key = self.cues[cue]
            bucket = by_head.get(key[:3], [])
            own = next(lit for j, lit in bucket if j == cue)
            # where `cue` was found the text starts with its literal head: a cue whose head
            # neither extends it nor is part of it cannot match there. A cue that continues
            # `cue` itself ("customer obligations" after "customer") is tried by the trie before
            # `cue` ends, so it did not match there either.
            candidates = self._shadow_candidates[cue] = [
                (j, lit)
                for j, lit in bucket
                if j != cue
                and (own.startswith(lit) or lit.startswith(own))
                and not self.cues[j].startswith(key)
            ]
        found: list[int] = []
        for j, literal in candidates:
            if not text.startswith(literal, pos):
                continue
            pattern = self._cue_rx.get(j)
            if pattern is None:
                other = self.cues[j]
                pattern = self._cue_rx[j] = rx("".join(_atoms(other)) + (r"\b" if _ends_in_word(other) else ""))
            if pattern.match(text, pos, end) is not None:
                found.append(j)
        return found

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[CueHit]:
        end = len(text) if endpos is None else endpos
        first = self._match_at(text, pos, end)
        if first is not None:
            yield first
        group_cue = self._group_cue
        for m in self.pattern.finditer(text, pos, end):
            group = m.lastindex
            if group is None:
                continue
            yield CueHit(group_cue[group], m.start() + 1, m.end(group))

    def _match_at(self, text: str, pos: int, end: int) -> CueHit | None:
        """A cue starting exactly at `pos` (the pattern needs a character before the word,
        so give it one; one compiled pattern instead of two halves the compile time)."""
        if pos > 0 and text[pos - 1].isalnum():
            return None
        m = self.pattern.match("\n" + text[pos : min(end, pos + _MAX_CUE_CHARS)])
        if m is None or m.lastgroup is None:
            return None
        return CueHit(self._forms[int(m.lastgroup[1:])][1], pos, pos + m.end(m.lastgroup) - 1)

    def hits(self, text: str) -> list[CueHit]:
        """Hits with those inside a longer hit removed ("resolution" in "dispute resolution").

        `text` must be lowered with `lower_same_length`.
        """
        out: list[CueHit] = []
        reach = -1
        gapped = self._gapped
        first = self._match_at(text, 0, len(text))
        if first is not None:
            out.append(first)
            if not gapped[first.cue]:
                reach = first.end
        append, make, group_cue = out.append, tuple.__new__, self._group_cue
        for m in self.pattern.finditer(text):
            group = m.lastindex
            if group is None:
                continue
            end = m.end(group)
            if end <= reach:
                continue  # subsumed by an earlier, longer hit
            cue = group_cue[group]
            append(make(CueHit, (cue, m.start() + 1, end)))
            if not gapped[cue]:
                # the words a "..." skips are not part of the phrase: a cue among them
                # ("report of the root cause ... within") is a hit of its own
                reach = end
        return out


def lower_same_length(text: str) -> str:
    """`text.lower()`, keeping offsets: characters whose lower case is longer keep one char."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower()[:1] for ch in text)
