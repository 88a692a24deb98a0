"""Document -> Terms: topics, numbers, durations, metrics, credits.

    from sla_drafter.extract import extract_terms
    terms = extract_terms(doc)            # or extract_terms(doc, sents) to reuse a split

`extract_terms` scans the document text once per pattern family and maps hits to
sentences by offset; pass `sents` when the caller already split the document.

Parts, each usable alone:
- topics.py + lexicon.yaml: topic status (present / absent / by_reference / negated)
  with evidence; cues are data a lawyer can edit (`load_lexicon(path)`).
- numbers.py, durations.py: number words and figures, percentages, mismatches
  ("thirty (60) days"), durations incl. business time.
- metrics.py: availability (target, window, measured_by, method), support response
  and resolution per priority (tables, aligned text rows, prose), response-time
  percentiles, throughput.
- credits.py: credit schedules with exact band bounds, cap, automatic, claim window,
  cash, forfeiture; maintenance; chronic failure.
- kind.py (SLA / OLA / RFP), parties.py (defined and used party names).
"""

from __future__ import annotations

from ..document import Document
from ..terms import Evidence, MetricKind, NumberMismatch, Terms, TopicFinding
from ..topics import TopicStatus
from .credits import extract_chronic_failure, extract_credits, extract_maintenance
from .cues import lower_same_length
from .kind import detect_kind
from .metrics import extract_metrics
from .numbers import find_mismatches
from .parties import extract_parties
from .sentences import Sentence, sentences
from .tables import doc_tables
from .topics import detect_topics

__all__ = ["extract_terms"]


def extract_terms(doc: Document, sents: list[Sentence] | None = None) -> Terms:
    """Everything extraction can establish about `doc` (unknowns stay None)."""
    if sents is None:
        sents = sentences(doc)
    low = lower_same_length(doc.text)
    terms = Terms(kind=detect_kind(doc, low))
    terms.topics = detect_topics(doc, sents, low)
    terms.number_mismatches = _mismatches(doc)
    terms.parties = extract_parties(doc.text)
    tables = doc_tables(doc)
    terms.metrics = extract_metrics(doc, sents, terms.parties.get("provider", ()), low, tables)
    avail = terms.metrics_of(MetricKind.AVAILABILITY)
    default_window = next((m.window for m in avail if m.window is not None), None)
    sole = terms.topics["sole_remedy"].status
    sole_remedy = (
        True if sole is TopicStatus.PRESENT else False if sole is TopicStatus.NEGATED else None
    )
    terms.credits = extract_credits(doc, sents, default_window, sole_remedy, low, tables)
    terms.maintenance = extract_maintenance(doc, sents, low)
    terms.chronic_failure = extract_chronic_failure(doc, sents, low)
    _backfill_topics(terms)
    return terms


def _backfill_topics(terms: Terms) -> None:
    """Structured facts found by the metric and credit extractors make a topic present."""

    def promote(topic: str, evidence: list[Evidence]) -> None:
        finding = terms.topics[topic]
        if finding.status in (TopicStatus.ABSENT, TopicStatus.BY_REFERENCE) and evidence:
            terms.topics[topic] = TopicFinding(TopicStatus.PRESENT, evidence[:3])

    def metric_evidence(kind: MetricKind) -> list[Evidence]:
        return [m.evidence for m in terms.metrics_of(kind) if m.evidence is not None]

    promote("availability", metric_evidence(MetricKind.AVAILABILITY))
    promote("support_response", metric_evidence(MetricKind.SUPPORT_RESPONSE))
    promote("resolution", metric_evidence(MetricKind.RESOLUTION))
    promote(
        "service_credits",
        [s.evidence for s in terms.credits.schedules if s.evidence is not None],
    )
    if terms.credits.cap_pct is not None:
        promote("credit_cap", terms.credits.evidence[:1])
    avail = terms.metrics_of(MetricKind.AVAILABILITY)
    promote("measurement_period", [m.evidence for m in avail if m.window and m.evidence])
    if terms.credits.automatic is False or terms.credits.claim_window is not None:
        # a claim the customer must make; automatic credits have no claim process
        promote("credit_claim_process", terms.credits.evidence[:2])
    if terms.chronic_failure is not None and terms.chronic_failure.evidence is not None:
        promote("termination", [terms.chronic_failure.evidence])


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
                evidence=Evidence(_sentence_text(doc, hit.start, hit.end), doc.location(hit.start, hit.end)),
            )
        )
    return out


def _sentence_text(doc: Document, start: int, end: int) -> str:
    """The text around a hit, from the previous full stop or line break to the next."""
    text = doc.text
    block = doc.block_at(start)
    a = max(text.rfind(". ", block.start, start) + 2, block.start)
    b = text.find(". ", end, block.end)
    return " ".join(text[a : b + 1 if b >= 0 else block.end].split())
