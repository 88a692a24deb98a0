"""What a rule reads: `RuleContext`, with the scanning shortcuts that keep rules fast.

Rules see a `RuleContext`: the Document, its Terms, the sentences (split once)
and helpers that turn a sentence or a regex hit into a located Finding. Wording
rules scan `Document.text` once per compiled pattern and map each hit to its
sentence by bisection on offsets, so a rule never loops sentences x patterns.

Speed: Python's regex engine tries a pattern at every character (~30 ns each),
which for 50 patterns over a 60,000-character document is ~100 ms. So each
pattern's *anchors* - literal words of which every match must contain one - are
derived once from its parse tree; `scan` finds them with `str.find` in the
lower-cased text and runs the full pattern only over the blocks that hold one.
Patterns with word-start *prefixes* are tried only at those words, and patterns
with neither only at the characters they can start with (docs/performance.md).

This module imports no rule and no registry: rules import the type they receive
from here, the engine (lint/engine.py) builds one per document and runs them.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .._cache import derived, fingerprint, rx
from ..document import Document, Location
from ..extract.sentences import Sentence, sentences
from ..findings import Finding, Fix, Severity
from ..terms import DocKind, Evidence, Terms

if TYPE_CHECKING:
    from .registry import Rule

EVIDENCE_MAX = 300

# Words that name the provider or the customer whatever the document calls them.
_PROVIDER_WORDS = (
    "provider", "service provider", "supplier", "vendor", "company", "contractor",
    "licensor", "we", "us", "our",
)
_CUSTOMER_WORDS = (
    "customer", "client", "buyer", "purchaser", "licensee", "subscriber", "you", "your",
)


@lru_cache(maxsize=64)
def _party_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({re.escape(n) for n in names if n}, key=len, reverse=True)
    return re.compile(r"\b(?:the\s+)?(?:" + "|".join(alts) + r")(?:'s|s')?\b", re.IGNORECASE)


_sre: Any = importlib.import_module("re._parser")
_C: Any = importlib.import_module("re._constants")


def _items(node: Any) -> Any:
    """A parsed sequence's list of (op, argument) items: iterating a `SubPattern` itself goes
    through a Python-level `__getitem__` per item, a third of deriving a long pattern's facts."""
    return node.data if isinstance(node, _sre.SubPattern) else node

MIN_ANCHOR = 3
_WORD_START = rx(r"\b\w{3}")
# Words in nearly every SLA paragraph make poor anchors; prefer any other literal.
_COMMON = frozenset(
    [
        "provider", "customer", "client", "supplier", "vendor", "service", "services", "credit",
        "credits", "downtime", "failure", "failures", "will", "shall", "time", "times", "report",
        "request", "caused", "availability", "available", "minute", "minutes", "month", "monthly",
        "target", "targets", "level", "levels", "other", "from", "with", "which", "apply", "must",
        "should", "data", "system", "means", "value",
        # function words: in nearly every sentence
        "the", "and", "for", "not", "may", "any", "all", "are", "has", "have", "you", "its",
        "our", "this", "that", "such", "each", "per", "within", "only", "can", "their",
    ]
)


def _score(cand: frozenset[str]) -> tuple[bool, int, int, int]:
    common = sum(1 for c in cand if c.strip(" '") in _COMMON)
    shortest = min(len(c) for c in cand)
    return (shortest >= MIN_ANCHOR, -common, shortest, -len(cand))


def _required(items: Any) -> frozenset[str] | None:
    """Literal strings of which every match of the parsed sequence contains one (None: unknown)."""
    best: frozenset[str] | None = None

    def consider(cand: frozenset[str] | None) -> None:
        nonlocal best
        if not cand or min(len(c) for c in cand) < 1:
            return
        if best is None or _score(cand) > _score(best):
            best = cand

    run: list[str] = []
    for op, av in _items(items):
        if op is _C.LITERAL:
            run.append(chr(av).lower())
            continue
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        if op is _C.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is _C.BRANCH:
            alts = [_required(alt) for alt in av[1]]
            if all(a for a in alts):
                consider(frozenset().union(*[a for a in alts if a]))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            consider(_required(av[2]))
    consider(frozenset({"".join(run)}) if run else None)
    return best


Choice = tuple[tuple[frozenset[str], ...], ...]  # branches, each with the conditions it needs


def _conditions(items: Any, choices: list[Choice] | None = None) -> list[frozenset[str]]:
    """Sets of literal strings of which every match of the parsed sequence contains one
    each: a conjunction, where `_required` picks the one best set. A block that lacks every
    literal of one set holds no match (lookarounds are left out: they may read outside it).
    A literal run goes on into the group after it when every branch of the group starts with
    a literal: the parser splits `tr(?:y|ies)` into "tr" and a group, the match holds "try"
    or "tries".

    `choices`, when given, gets the branches every match goes through, each alternative
    with its own conditions: a match holds the conditions of one alternative of each. Only
    where that says more than the one set made of the branch (an alternative needs two
    literals or more)."""
    seq = _items(items)
    out: list[frozenset[str]] = []
    run: list[str] = []
    for i, (op, av) in enumerate(seq):
        if op is _C.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            head = "".join(run)
            out.append(frozenset({head}))
            if op in (_C.SUBPATTERN, _C.BRANCH):
                rest = _prefixes(seq[i : i + 1])
                if rest and len(rest) <= _MAX_FIRST:
                    out.append(frozenset(head + r for r in rest))
            run = []
        if op is _C.SUBPATTERN:
            out.extend(_conditions(av[-1], choices))
        elif op is _C.BRANCH:
            alts = [_conditions(alt) for alt in av[1]]
            if all(alts):
                out.append(frozenset().union(*[max(a, key=_score) for a in alts]))
            if choices is not None:
                each = [_usable_conditions(a, None) for a in alts]
                if all(each) and any(len(a) > 1 for a in each):
                    choices.append(tuple(each))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            out.extend(_conditions(av[2], choices))
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def _implies(a: frozenset[str], b: frozenset[str]) -> bool:
    """Text holding one literal of `a` holds one of `b` (each of `a` contains one of `b`)."""
    return all(any(kb in ka for kb in b) for ka in a)


def _usable_conditions(
    found: list[frozenset[str]], anchor: frozenset[str] | None
) -> tuple[frozenset[str], ...]:
    """The conditions worth a search: literals long enough and ASCII (what `lower()` leaves
    comparable), none implied by another or by the anchors (which are searched first); the
    most selective first."""
    usable = sorted(
        {
            c for c in found
            if min(len(k) for k in c) >= MIN_ANCHOR and all(k.isascii() for k in c)
            and (anchor is None or not _implies(anchor, c))
        },
        key=lambda c: (_score(c), sorted(c)),
        reverse=True,
    )
    kept: list[frozenset[str]] = []
    for c in usable:
        if not any(_implies(k, c) for k in kept):
            kept.append(c)
    return tuple(c for c in kept if not any(o is not c and _implies(o, c) for o in kept))


_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")


def _prefixes(items: Any) -> frozenset[str] | None:
    """Literal strings one of which every match of the parsed sequence starts with (None: unknown)."""
    seq = list(_items(items))
    i = 0
    while i < len(seq) and str(seq[i][0]) in _ZERO_WIDTH:
        i += 1  # \b, lookarounds: they consume nothing
    if i == len(seq):
        return None
    run: list[str] = []
    while i < len(seq) and seq[i][0] is _C.LITERAL:
        run.append(chr(seq[i][1]).lower())
        i += 1
    head = "".join(run)
    if head:
        if i < len(seq):
            rest = _prefixes(seq[i:]) if seq[i][0] in (_C.BRANCH, _C.SUBPATTERN) else None
            if rest:
                return frozenset(head + r for r in rest)
        return frozenset({head})
    op, av = seq[i]
    if op is _C.SUBPATTERN:
        return _prefixes(list(_items(av[-1])) + seq[i + 1 :])
    if op is _C.BRANCH:
        alts = [_prefixes(list(_items(alt)) + seq[i + 1 :]) for alt in av[1]]
        return frozenset().union(*alts) if all(alts) else None  # type: ignore[arg-type]
    if op is _C.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        # an optional start: the match starts with the option or with what follows it
        with_opt = _prefixes(list(_items(av[2])) + seq[i + 1 :])
        without = _prefixes(seq[i + 1 :])
        return with_opt | without if with_opt and without else None
    return None


def _bounded(items: Any) -> bool:
    """Every match starts at a word boundary (`\\b` before anything that consumes)."""
    for op, av in _items(items):
        if op is _C.AT:
            return bool(av is _C.AT_BOUNDARY)
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            continue
        if op is _C.SUBPATTERN:
            return _bounded(av[-1])
        if op is _C.BRANCH:
            return all(_bounded(alt) for alt in av[1])
        return False
    return False


# A pattern's anchors, prefixes and first characters follow from its text and this module's code: kept
# between runs (parsing every rule's regexes again took a quarter of a single lint).
_DERIVED = "engine-" + fingerprint(__file__) + "-"


# What IGNORECASE matches to an ASCII letter beside its two cases (Kelvin sign, long s, dotted
# and dotless i): a first-character class must list them too.
_CASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_MAX_FIRST = 40  # more possible first characters than this: the pattern starts almost anywhere


def _first_items(seq: list[Any], flags: int) -> set[str] | None:
    """Regex class items (escaped characters, `\\d`) one of which starts every match of the
    parsed sequence; None when unknown, too many, or when the sequence can match empty."""
    i = 0
    while i < len(seq) and str(seq[i][0]) in _ZERO_WIDTH:
        i += 1
    if i == len(seq):
        return None  # nothing consumed: an empty match
    op, av = seq[i]
    nocase = bool(flags & re.IGNORECASE)
    if op is _C.LITERAL:
        return _char_items(chr(av), nocase)
    if op is _C.IN:
        out: set[str] = set()
        for kind, value in av:
            if kind is _C.LITERAL:
                got = _char_items(chr(value), nocase)
            elif kind is _C.CATEGORY and value is _C.CATEGORY_DIGIT:
                got = {"\\d"}
            else:
                return None  # ranges, negation, \w, \s: too wide or too subtle to list
            if got is None:
                return None
            out |= got
        return out
    rest = seq[i + 1 :]
    if op is _C.SUBPATTERN:
        _group, add, remove, body = av
        inner = _first_items(list(_items(body)), (flags | add) & ~remove)
        # a group that may match empty would also need `rest`: _first_items said None then
        return inner
    if op is _C.BRANCH:
        items: set[str] = set()
        for alt in av[1]:
            got = _first_items(list(_items(alt)) + rest, flags)
            if got is None:
                return None
            items |= got
        return items if len(items) <= _MAX_FIRST else None
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        low, _high, body = av
        first = _first_items(list(_items(body)), flags)
        if first is None:
            return None
        if low >= 1:
            return first
        after = _first_items(rest, flags)
        return first | after if after is not None else None
    return None


def _char_items(ch: str, nocase: bool) -> set[str] | None:
    if not nocase or ch.lower() == ch.upper():
        return {re.escape(ch)}
    if not ch.isascii():
        return None  # non-ASCII case folding: not worth listing
    low = ch.lower()
    return {re.escape(c) for c in low + low.upper() + _CASE_EXTRAS.get(low, "")}


class _Facts(NamedTuple):
    """What a pattern's parse tree says about where its matches can be (one parse for all)."""

    anchors: frozenset[str] | None  # literals every match contains
    prefixes: frozenset[str] | None  # word-start literals every match begins with
    first: re.Pattern[str] | None  # a one-class regex of the characters every match starts with
    # further sets of literals every match contains one of each (beside the anchors)
    conditions: tuple[frozenset[str], ...]
    # the sets (anchors included) that a match found at a prefix does not already satisfy
    after_prefix: tuple[frozenset[str], ...]
    choices: tuple[Choice, ...]  # one alternative's conditions of each must hold
    first_literals: tuple[str, ...]  # the characters `first` matches, but for `\d`


_FACTS: dict[re.Pattern[str], _Facts] = {}


def _facts(pattern: re.Pattern[str]) -> _Facts:
    found = _FACTS.get(pattern)
    if found is None:
        anchor, prefix, first, conditions, choices = derived(
            _DERIVED + "facts", f"{pattern.flags}:{pattern.pattern}", lambda: _find_facts(pattern)
        )
        finder = rx("[" + "".join(first) + "]") if first else None
        after_prefix = tuple(
            c
            for c in ((anchor, *conditions) if anchor is not None else conditions)
            if prefix is not None and not all(any(k in p for k in c) for p in prefix)
        )
        # an item is a character, escaped or not, or `\d`
        literals = tuple(item[-1] for item in first or () if item != "\\d")
        found = _FACTS[pattern] = _Facts(anchor, prefix, finder, conditions, after_prefix, choices, literals)
    return found


def _find_facts(
    pattern: re.Pattern[str],
) -> tuple[
    frozenset[str] | None,
    frozenset[str] | None,
    tuple[str, ...] | None,
    tuple[frozenset[str], ...],
    tuple[Choice, ...],
]:
    try:
        parsed = _sre.parse(pattern.pattern, pattern.flags)
    except Exception:  # an exotic construct: scan the whole text
        return None, None, None, (), ()

    def usable(found: frozenset[str] | None) -> frozenset[str] | None:
        return None if found is not None and min(len(a) for a in found) < MIN_ANCHOR else found

    def guarded(compute: Callable[[], frozenset[str] | None]) -> frozenset[str] | None:
        try:
            return usable(compute())
        except Exception:
            return None

    seq = parsed.data
    anchor = guarded(lambda: _required(parsed))
    # only word-start prefixes: they are looked up in the per-document word index
    prefix = guarded(lambda: _prefixes(seq) if _bounded(seq) else None)
    try:
        items = _first_items(list(_items(seq)), pattern.flags)
    except Exception:
        items = None
    first = tuple(sorted(items)) if items and len(items) <= _MAX_FIRST else None
    try:
        found_choices: list[Choice] = []
        conditions = _usable_conditions(_conditions(parsed, found_choices), anchor)
        choices = tuple(found_choices)
    except Exception:
        conditions, choices = (), ()
    return anchor, prefix, first, conditions, choices


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The pattern's anchor literals (lower case), or None when it has no usable ones."""
    return _facts(pattern).anchors


def prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case literals every match starts with, when all are long enough to search for."""
    return _facts(pattern).prefixes


def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-class regex for the characters every match of `pattern` starts with (None when
    not known or too many). Searching for it runs in C at a character's cost."""
    return _facts(pattern).first


# Characters that IGNORECASE matches to an ASCII letter but that lower() leaves non-ASCII
# (dotless i, long s): where the text has one, a search for lower-case literals could miss
# a match, so `scan(..., also=...)` does not narrow by them.
_FOLD_ODD = ("\u0131", "\u017f")


_WORD3 = rx(r"\w{3}")
# Three-character word starts the rules have asked for in this process (see `_index_for`):
# words starting otherwise ("we ", "p1 ") are never in a word index, so never asked for here.
_ASKED: set[str] = set()
_MAX_ASKED = 2000
_ASKED_PATTERN: list[tuple[re.Pattern[str], frozenset[str]]] = []
_WANTED: dict[frozenset[str], frozenset[str]] = {}  # a pattern's prefixes -> their word starts


def _asked_pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    """One regex for the word starts in `_ASKED` (as a trie on the first character, which the
    regex engine dispatches on), and the set it covers; rebuilt when `_ASKED` grows."""
    if _ASKED_PATTERN and len(_ASKED_PATTERN[0][1]) == len(_ASKED):
        return _ASKED_PATTERN[0]
    by_first: defaultdict[str, list[str]] = defaultdict(list)
    for w in sorted(_ASKED):
        by_first[w[0]].append(re.escape(w[1:]))
    body = "|".join(re.escape(f) + "(?:" + "|".join(rest) + ")" for f, rest in by_first.items())
    # a word start is a word character after a non-word one: the regex engine skips to the
    # non-word characters in C (`\b` first is tried at every character); the text's very
    # start is looked at apart (`_index_for`)
    compiled = (re.compile(r"\W(" + body + ")"), frozenset(_ASKED))
    _ASKED_PATTERN[:] = [compiled]
    return compiled


def lower_same_length(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(ch.lower()[:1] for ch in text)


def _holds_in(text: str, conds: tuple[frozenset[str], ...], choices: tuple[Choice, ...]) -> bool:
    """`text` (lower case) holds one literal of each of `conds`, and the conditions of one
    alternative of each of `choices`."""
    for cond in conds:
        for key in cond:
            if key in text:
                break
        else:
            return False
    for choice in choices:
        for alt in choice:
            for cond in alt:
                for key in cond:
                    if key in text:
                        break
                else:
                    break  # this alternative lacks one of its conditions
            else:
                break  # this alternative holds
        else:
            return False
    return True


_SHORT_SPAN = 2_000  # characters: a span this short is searched whole (`_finditer`)


class RuleContext:
    """What a rule reads: the document, its terms, its sentences, and the stance."""

    __slots__ = (
        "_allowed_cache", "_anchor_cache", "_block_cache", "_block_ends", "_block_starts", "_low",
        "_lows", "_odd", "_starts",
        "_starts_cache", "_words", "_words_of", "doc", "kind", "memo", "sentences", "stance", "terms",
    )

    def __init__(
        self,
        doc: Document,
        terms: Terms,
        stance: str = "customer",
        sents: list[Sentence] | None = None,
    ) -> None:
        self.doc = doc
        self.terms = terms
        self.stance = stance
        self.kind: DocKind = terms.kind
        self.sentences: list[Sentence] = sentences(doc) if sents is None else sents
        self._starts = [s.start for s in self.sentences]
        self._low = lower_same_length(doc.text)
        self._block_starts = [b.start for b in doc.blocks]
        self._block_ends = [b.start + len(b.text) for b in doc.blocks]
        self._starts_cache: dict[frozenset[str], list[int]] = {}
        self._block_cache: dict[object, list[tuple[int, int]]] = {}
        self._anchor_cache: dict[str, list[int]] = {}
        self._allowed_cache: dict[tuple[tuple[frozenset[str], ...], tuple[Choice, ...]], dict[int, bool]] = {}
        self._lows: list[str] | None = None
        self._odd: bool | None = None
        self._words: dict[str, list[int]] | None = None
        self._words_of: frozenset[str] | None = None  # the word starts `_words` covers (None: all)
        # what rule helpers compute once per document and share (e.g. numbered blocks)
        self.memo: dict[str, object] = {}

    def _blocks_with(self, key: str) -> list[int]:
        """Indices of the blocks whose lower-cased text contains `key` (cached per key)."""
        found = self._anchor_cache.get(key)
        if found is None:
            low, starts, blocks = self._low, self._block_starts, self.doc.blocks
            found = []
            i = low.find(key)
            while i >= 0:
                b = bisect_right(starts, i) - 1
                found.append(b)
                i = low.find(key, max(blocks[b].start + len(blocks[b].text), i + 1))
            self._anchor_cache[key] = found
        return found

    def _held(self, keys: frozenset[str]) -> set[int]:
        """Indices of the blocks holding one of `keys`."""
        held: set[int] = set()
        for key in keys:
            held.update(self._blocks_with(key))
        return held

    def _holds(self, b: int, conds: tuple[frozenset[str], ...], choices: tuple[Choice, ...] = ()) -> bool:
        """Block `b` holds one literal of each of `conds`, and the conditions of one
        alternative of each of `choices` (looked for in the block's own text: a block a
        rule's anchors let through is short, the whole text is not)."""
        lows = self._lows
        if lows is None:
            low = self._low
            lows = self._lows = [low[s:e] for s, e in zip(self._block_starts, self._block_ends, strict=True)]
        return _holds_in(lows[b], conds, choices)

    def _spans(
        self, pattern: re.Pattern[str], also: tuple[frozenset[str], ...] = ()
    ) -> list[tuple[int, int]]:
        """Text spans (blocks) that may hold a match: those containing an anchor, and one
        literal of each of the pattern's further conditions and of each set in `also`."""
        text = self.doc.text
        facts = _facts(pattern)
        keys = facts.anchors
        if keys is None or not self.doc.blocks:
            # the whole text, unless it lacks what every match needs
            if (
                (facts.conditions or facts.choices)
                and not self._fold_odd()
                and not _holds_in(self._low, facts.conditions, facts.choices)
            ):
                return []
            return [(0, len(text))]
        conds, choices = facts.conditions, facts.choices
        if (also or conds or choices) and self._fold_odd():
            also, conds, choices = (), (), ()
        cache_key = (keys, conds, choices, *also)
        cached = self._block_cache.get(cache_key)
        if cached is not None:
            return cached
        blocks = self.doc.blocks
        hit = self._held(keys)
        for cond in also:
            if not hit:
                break
            hit &= self._held(cond)
        spans = [
            (blocks[b].start, blocks[b].end)
            for b in sorted(hit)
            if not (conds or choices) or self._holds(b, conds, choices)
        ]
        self._block_cache[cache_key] = spans
        return spans

    def _fold_odd(self) -> bool:
        """The text holds a character IGNORECASE matches to an ASCII letter that `lower()`
        leaves non-ASCII: searching lower-case literals could miss a match there."""
        odd = self._odd
        if odd is None:
            odd = self._odd = any(c in self._low for c in _FOLD_ODD)
        return odd

    def _allowed(self, conds: tuple[frozenset[str], ...], choices: tuple[Choice, ...]) -> dict[int, bool]:
        """Whether a block holds what `_holds` checks, filled in as blocks are asked about
        (shared by the patterns with the same conditions)."""
        known = self._allowed_cache.get((conds, choices))
        if known is None:
            known = self._allowed_cache[(conds, choices)] = {}
        return known

    # -- locating -------------------------------------------------------------------
    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing (or last starting before) `offset`; -1 if none."""
        return bisect_right(self._starts, offset) - 1

    def sentence_at(self, offset: int) -> Sentence | None:
        i = self.sentence_index(offset)
        return self.sentences[i] if i >= 0 else None

    def _word_index(self) -> dict[str, list[int]]:
        """First three characters of each word -> offsets where such words start (built once)."""
        if self._words is None or self._words_of is not None:
            index: defaultdict[str, list[int]] = defaultdict(list)
            for m in _WORD_START.finditer(self._low):
                index[m.group()].append(m.start())
            self._words = index
            self._words_of = None
        return self._words

    def _index_for(self, keys: frozenset[str]) -> dict[str, list[int]]:
        """A word index holding (at least) the words that start with the keys' first three
        characters. The rules ask for much the same words in every document, so once they
        are known (`_ASKED`) only those are indexed, in one scan, and the whole index is
        built only if a rule asks for a word start outside them."""
        wanted = _WANTED.get(keys)
        if wanted is None:
            # others are in no index
            wanted = _WANTED[keys] = frozenset(k[:3] for k in keys if _WORD3.fullmatch(k[:3]))
        words, covered = self._words, self._words_of
        if words is not None and (covered is None or wanted <= covered):
            if covered is None and len(_ASKED) <= _MAX_ASKED:
                _ASKED.update(wanted)  # learnt for the next document
            return words
        if words is None and wanted <= _ASKED and len(_ASKED) <= _MAX_ASKED:
            pattern, of = _asked_pattern()
            low = self._low
            index: dict[str, list[int]] = {low[:3]: [0]} if low[:3] in of else {}
            for m in pattern.finditer(low):
                k = m.group(1)
                got = index.get(k)
                if got is None:
                    index[k] = [m.start(1)]
                else:
                    got.append(m.start(1))
            self._words, self._words_of = index, of
            return index
        if len(_ASKED) <= _MAX_ASKED:
            _ASKED.update(wanted)
        return self._word_index()

    def _starts_at(self, keys: frozenset[str]) -> list[int]:
        """Sorted offsets of the words starting with one of `keys` (each 3+ characters).
        Cached per key set: patterns of a rule family often share their first words."""
        found = self._starts_cache.get(keys)
        if found is None:
            low, index = self._low, self._index_for(keys)
            found = []
            for key in keys:
                at = index.get(key[:3], ())
                if len(key) == 3:
                    found += at  # the index holds the places of exactly these three characters
                else:
                    found += [pos for pos in at if low.startswith(key, pos)]
            found.sort()
            self._starts_cache[keys] = found
        return found

    def _match_at_prefixes(self, pattern: re.Pattern[str], keys: frozenset[str]) -> Iterator[re.Match[str]]:
        """finditer, but trying the pattern only where a match can start (in a block that
        holds the rest of what a match needs)."""
        text, starts, ends = self.doc.text, self._block_starts, self._block_ends
        match = pattern.match
        positions = self._starts_at(keys)
        if not positions:
            return
        facts = _facts(pattern)
        conds, choices = facts.after_prefix, facts.choices
        allowed = self._allowed(conds, choices) if (conds or choices) and not self._fold_odd() else None
        last = -1
        for pos in positions:
            if pos < last:
                continue
            b = bisect_right(starts, pos) - 1
            if allowed is not None:
                ok = allowed.get(b)
                if ok is None:
                    ok = allowed[b] = self._holds(b, conds, choices)
                if not ok:
                    continue
            m = match(text, pos, ends[b])
            if m is not None:
                last = max(m.end(), pos + 1)
                yield m

    def scan(
        self, pattern: re.Pattern[str], also: tuple[frozenset[str], ...] = ()
    ) -> Iterator[tuple[re.Match[str], int]]:
        """Every hit of `pattern` (within one block) with the index of its sentence.

        `also`: sets of lower-case ASCII literals of which the caller knows
        every match holds one each; blocks without them are skipped. A promise, not a filter:
        it must hold for every match, or hits are lost.
        """
        sent_starts = self._starts
        keys = prefixes(pattern) if self.doc.blocks else None
        if keys is not None:
            for m in self._match_at_prefixes(pattern, keys):
                yield m, bisect_right(sent_starts, m.start()) - 1
            return
        text = self.doc.text
        for start, end in self._spans(pattern, also):
            # a block is nearly always short: finditer itself, as _finditer would call it
            hits = (
                pattern.finditer(text, start, end)
                if end - start < _SHORT_SPAN
                else self._finditer(pattern, start, end)
            )
            for m in hits:
                yield m, bisect_right(sent_starts, m.start()) - 1

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The first hit of `pattern` in the document (within one block), or None."""
        keys = prefixes(pattern) if self.doc.blocks else None
        if keys is not None:
            return next(self._match_at_prefixes(pattern, keys), None)
        for start, end in self._spans(pattern):
            m = next(self._finditer(pattern, start, end), None)
            if m is not None:
                return m
        return None

    def _finditer(self, pattern: re.Pattern[str], start: int, end: int) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text, start, end)`, trying the pattern only where a match can
        start when that is a small part of the span (same matches: every match starts with
        one of those characters, and a match found is skipped past as finditer does)."""
        text = self.doc.text
        finder = first_chars(pattern)
        if finder is None or end - start < _SHORT_SPAN:
            yield from pattern.finditer(text, start, end)
            return
        # counted first (str.count, in C): where they are many, listing their places costs more
        # than it saves. An estimate (`\d` is not counted) only chooses between two exact ways.
        if sum([text.count(ch, start, end) for ch in _facts(pattern).first_literals]) * 8 > end - start:
            yield from pattern.finditer(text, start, end)
            return
        candidates = [m.start() for m in finder.finditer(text, start, end)]
        match, last = pattern.match, start
        for pos in candidates:
            if pos < last:
                continue
            m = match(text, pos, end)
            if m is not None:
                last = m.end() if m.end() > pos else pos + 1
                yield m

    def nearby_text(self, index: int, before: int, after: int) -> str:
        lo = max(0, index - before)
        hi = min(len(self.sentences), index + after + 1)
        return "\n".join(s.text for s in self.sentences[lo:hi])

    def location(self, start: int, end: int) -> Location:
        return self.doc.location(start, end)

    # -- parties --------------------------------------------------------------------
    @property
    def provider_re(self) -> re.Pattern[str]:
        """Matches any way the provider is named: its defined names, `the Provider`, `we`..."""
        return _party_regex(tuple(self.terms.parties.get("provider", ())) + _PROVIDER_WORDS)

    @property
    def customer_re(self) -> re.Pattern[str]:
        return _party_regex(tuple(self.terms.parties.get("customer", ())) + _CUSTOMER_WORDS)

    # -- findings -------------------------------------------------------------------
    def finding_near(
        self, rule: Rule, start: int, end: int, *, severity: Severity | None = None, message: str | None = None
    ) -> Finding:
        """A Finding at the sentence holding `start`, or at the span when no sentence does."""
        sentence = self.sentence_at(start)
        if sentence is not None:
            return self.finding(rule, sentence=sentence, severity=severity, message=message)
        return self.finding(rule, start=start, end=end, severity=severity, message=message)

    def finding(
        self,
        rule: Rule,
        *,
        sentence: Sentence | None = None,
        start: int | None = None,
        end: int | None = None,
        severity: Severity | None = None,
        message: str | None = None,
        evidence: str | None = None,
        at: Evidence | None = None,
    ) -> Finding:
        """A Finding for `rule`, located at a sentence, a character span, or what the
        extraction quoted (`at`: its text at its place), or nowhere."""
        location: Location | None = None
        if at is not None:
            evidence = at.text if evidence is None else evidence
            if at.location is not None:
                start, end = at.location.start, at.location.end
        if sentence is not None:
            location = sentence.location(self.doc)
            if evidence is None:
                evidence = sentence.text
        elif start is not None:
            stop = end if end is not None else start
            location = self.doc.location(start, stop)
            if evidence is None:
                evidence = self.doc.text[start:stop]
        text = " ".join((evidence or "").split())
        if len(text) > EVIDENCE_MAX:
            text = _shorten_evidence(text)
        fix = Fix(rule.fix_clause, rule.fix_text) if rule.fix_clause or rule.fix_text else None
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=rule.severity_for(self.stance, severity),
            topic=rule.topic,
            message=message or rule.message,
            evidence=text,
            location=location,
            fix=fix,
        )


def _shorten_evidence(text: str) -> str:
    """At most about EVIDENCE_MAX characters: the start and the end of a long sentence with
    " ... " between, cut at word boundaries. The end is kept because the words a finding is
    about often close the sentence ("... will apply as the Provider decides")."""
    half = (EVIDENCE_MAX - 5) // 2
    head, tail = text[:half], text[-half:]
    if " " in head[half // 2 :]:
        head = head[: head.rfind(" ")]
    if " " in tail[: half // 2]:
        tail = tail[tail.find(" ") + 1 :]
    return f"{head.rstrip()} ... {tail.lstrip()}"
