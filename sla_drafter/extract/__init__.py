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

import re

from .._cache import rx
from ..document import BlockKind, Document
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

__all__ = ["DOWN_DURING_MAINTENANCE", "SAVE_FOR", "extract_terms"]


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
    _maintenance_needs_exclusion(terms, sents)
    return terms


# maintenance kept out of the figures: "scheduled downtime is excluded", "planned maintenance is
# allowed, up to 8 hours a month", a list of what "does not count" or "Downtime does not include:"
_MAINT_WORD = rx(
    r"\bmaint(?:ain|enance)|\b(?:scheduled|planned|notified|announced|routine|preventive)\s+(?:downtimes?|outages?|works?|interruptions?|visits?)\b"
    r"|\b(?:service|change|maintenance)\s+windows?\b|\bpatch(?:es|ing)?\b|\bppm\b",
    re.IGNORECASE,
)
# what the promise leaves aside: "available 24/7 apart from planned maintenance" (also read by SLA211)
SAVE_FOR = r"\b(?:apart\s+from|save\s+for|barring)\b"
# the service allowed to be down while maintenance lasts (also read by SLA211)
DOWN_DURING_MAINTENANCE = (
    r"\bduring\s+(?:these|the|any|such|scheduled|planned)\s+(?:[\w-]+\s+){0,2}?(?:maintenance|windows?|periods?)\b"
    r"[^.;\n]{0,60}?\b(?:may|might|will|can)\s+(?:not\s+be\s+(?:available|accessible)|be\s+(?:unavailable|inaccessible|offline|down))\b"
)
_LEFT_OUT = rx(
    r"\bexclu\w*|\bexcept\w*|\bexcus\w*|\bexempt|\ballowed\b|\bpermitted\b|\bother\s+than\b|\bdisregard|\bcarve[sd]?[- ]out|\bleft\s+out\b"
    r"|(?:\bnot|n['’]t|\bnever)\s+(?:\w+\s+){0,2}?(?:count\w*|includ\w*|consider\w*|deemed|treated|constitut\w*|apply|applies|covered|taken\s+into\s+account)\b"
    r"|\b(?:does|do|shall|will)\s+not\s+(?:count|include|apply|constitute)|\bno\s+(?:[\w-]+\s+){0,3}?(?:credits?|commitments?)\b"
    r"|\bis\s+not\s+(?:an?\s+)?(?:downtime|outage|unavailab\w*|breach|failure)|\bnone\s+of\s+(?:these|the\s+following)\s+(?:counts?|is|are)\b"
    # an allowance of planned downtime: "Scheduled Downtime is limited to 4 hours a month"
    r"|\b(?:downtime|outages?)\s+(?:is|are|will\s+be|shall\s+be)\s+(?:limited|capped)\s+(?:to|at)\b"
    # "available 24/7 apart from planned maintenance", "during these maintenance periods the
    # service may not be available"
    r"|" + SAVE_FOR + "|" + DOWN_DURING_MAINTENANCE,
    re.IGNORECASE,
)
_COUNTS_IN = rx(r"\binclusive\s+of\s+(?:any\s+|all\s+)?(?:scheduled|planned)\b|\bincluding\s+(?:scheduled|planned)\s+maintenance\b", re.IGNORECASE)


def _maintenance_needs_exclusion(terms: Terms, sents: list[Sentence]) -> None:
    """The maintenance topic is maintenance left out of the service levels: windows and
    notices alone ("scheduled maintenance: monthly", "we alert users five days ahead") leave
    it absent, and a target "inclusive of scheduled maintenance" denies it."""
    finding = terms.topics["maintenance"]
    if finding.status is not TopicStatus.PRESENT or terms.maintenance.excluded_from_downtime:
        return
    counts = False
    for i, s in enumerate(sents):
        if _MAINT_WORD.search(s.text) is None:
            continue
        if _COUNTS_IN.search(s.text):
            counts = True
            continue
        # the sentence, its heading, or the lead-in of the list it is in ("... excusing only:")
        near = [s.text, s.block.heading]
        # or the title line over the list ("What isn't covered")
        in_list = s.block.kind is BlockKind.LIST_ITEM
        for j in range(i - 1, max(-1, i - 9), -1):
            prev = sents[j]
            if prev.block.heading != s.block.heading or s.start - prev.end > 1500:
                break
            if prev.text.rstrip().endswith(":"):
                near.append(prev.text)
                if j > 0 and len(sents[j - 1].text) < 60:
                    near.append(sents[j - 1].text)  # a title written as a line: "Excluded events"
                break
            if in_list and prev.block.kind is not BlockKind.LIST_ITEM:
                if len(prev.text) < 60:
                    near.append(prev.text)
                break
        if any(_LEFT_OUT.search(t) for t in near if t):
            return
    if counts or terms.maintenance.excluded_from_downtime is False:
        terms.topics["maintenance"] = TopicFinding(TopicStatus.NEGATED, finding.evidence)
    else:
        terms.topics["maintenance"] = TopicFinding()


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
