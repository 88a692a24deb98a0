"""Document -> Terms: topics, numbers, durations, metrics, credits.

    from sla_drafter.extract import extract_terms
    terms = extract_terms(doc)

`extract_terms` scans the document text once per pattern family and maps hits to
sentences by offset; pass `sents` when the caller already split the document.
"""

from __future__ import annotations

from ..document import Document
from ..terms import Evidence, NumberMismatch, Terms
from .cues import lower_same_length
from .kind import detect_kind
from .numbers import find_mismatches
from .parties import extract_parties
from .sentences import Sentence, sentences
from .topics import detect_topics

__all__ = ["extract_terms"]


def extract_terms(doc: Document, sents: list[Sentence] | None = None) -> Terms:
    """Everything extraction can establish about `doc` (unknowns stay None)."""
    if sents is None:
        sents = sentences(doc)
    low = lower_same_length(doc.text)
    terms = Terms(kind=detect_kind(doc))
    terms.topics = detect_topics(doc, sents, low)
    terms.number_mismatches = _mismatches(doc)
    terms.parties = extract_parties(doc.text)
    return terms


def _mismatches(doc: Document) -> list[NumberMismatch]:
    out: list[NumberMismatch] = []
    for hit in find_mismatches(doc.text):
        assert hit.words is not None and hit.words_value is not None
        assert hit.digits_value is not None
        out.append(
            NumberMismatch(
                words=doc.text[hit.start : hit.end],
                words_value=hit.words_value,
                digits_value=hit.digits_value,
                evidence=Evidence(doc.text[hit.start : hit.end], doc.location(hit.start, hit.end)),
            )
        )
    return out
