"""Is this document something the linter can judge? English SLA text, or not.

The rules look for English contract wording. A document in another language, or
one with no SLA text at all (a letter, a stray note), would otherwise get a
missing-topic finding for every topic: noise that buries the one useful fact.
So, for documents (not specs):

- a document that seems to be in another language gets one `SLA905
  not-english` info finding naming the language it seems to be in (a guess from
  common function words over a handful of languages), and its missing-topic
  findings are left out;
- a document with no SLA text (no topic found in any form, no metric, nothing
  but missing-topic findings) gets one `SLA904 too-little-sla-text` info
  finding instead of its missing-topic findings.

Findings about wording the document does contain are always kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._cache import rx
from ..document import Document
from ..findings import Finding, Severity
from ..terms import Terms
from ..topics import TopicStatus

TOO_LITTLE_TEXT = ("SLA904", "too-little-sla-text")
OTHER_LANGUAGE = ("SLA905", "not-english")

# Common function words, chosen to tell these languages apart (few words shared).
_STOPWORD_TEXT: dict[str, str] = {
    "English": (
        "the and of to in is that for be shall will with by any or this on as are not which an "
        "at from its if than such all each"
    ),
    "German": (
        "der die das und ist nicht mit für von den dem zu auf eine einer im des werden wird "
        "oder bei nach sind auch sich"
    ),
    "French": (
        "le les et est une du pour dans par sur au aux qui sont ne pas cette avec sera ou leur "
        "ces être"
    ),
    "Spanish": (
        "el los las y es por para se al como su será sus lo este esta entre cuando "
        "mes"
    ),
    "Italian": (
        "il gli della delle dei degli è per che non sono nel nella alla sarà questo essere ai "
        "di ogni anche più"
    ),
    "Dutch": (
        "het een van dat voor met op niet zijn worden wordt te bij door aan naar ook deze dit "
        "wij"
    ),
    "Portuguese": (
        "os da do das dos é um uma com não em no na ao pelo pela será ser são às"
    ),
}
_STOPWORDS = {lang: frozenset(text.split()) for lang, text in _STOPWORD_TEXT.items()}
_WORD = rx(r"[^\W\d_]+")
_SAMPLE_CHARS = 60_000  # enough text to tell; keeps the guess linear and cheap
_MIN_WORDS = 20


def guess_language(text: str) -> str | None:
    """The language the text seems to be in (a name from _STOPWORDS), or None when there
    are too few words to tell. A share of function words, not a classifier: good enough
    to say "this is German", not to tell close dialects apart."""
    words = [w.lower() for w in _WORD.findall(text[:_SAMPLE_CHARS])]
    if len(words) < _MIN_WORDS:
        return None
    hits = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "English"))
    if best != "English" and hits[best] >= 0.1 * len(words) and hits[best] > 2 * hits["English"]:
        return best
    return "English" if hits["English"] else None


def _is_missing_topic(f: Finding) -> bool:
    return f.location is None and f.rule.startswith("missing-")


def _has_sla_text(terms: Terms, findings: Sequence[Finding]) -> bool:
    """Some topic found in any form (even negated), a metric, or a finding about wording."""
    if terms.metrics:
        return True
    if any(t.status is not TopicStatus.ABSENT for t in terms.topics.values()):
        return True
    return any(not _is_missing_topic(f) for f in findings)


def judge(doc: Document, terms: Terms, findings: list[Finding]) -> tuple[list[Finding], Finding | None]:
    """(findings to keep, the one note that replaces the missing-topic findings, if any)."""
    missing = [f for f in findings if _is_missing_topic(f)]
    if not missing:
        return findings, None
    kept = [f for f in findings if not _is_missing_topic(f)]
    language = guess_language(doc.text)
    if language is not None and language != "English":
        code, name = OTHER_LANGUAGE
        message = (
            f"The text seems to be in {language}, not English. The linter judges English "
            f"text, so the {len(missing)} missing-topic findings are left out; have the "
            "document reviewed in its language or lint an English version."
        )
        return kept, Finding(code, name, Severity.INFO, None, message)
    if not _has_sla_text(terms, findings):
        code, name = TOO_LITTLE_TEXT
        words = len(_WORD.findall(doc.text[:_SAMPLE_CHARS]))
        message = (
            f"Too little SLA text to judge ({words} word{'' if words == 1 else 's'}, no service level, credit, support "
            f"or other SLA topic found): the {len(missing)} missing-topic findings are left "
            "out. Is this the agreement?"
        )
        return kept, Finding(code, name, Severity.INFO, None, message)
    return findings, None
