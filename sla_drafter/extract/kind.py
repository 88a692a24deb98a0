"""Document kind: a customer-facing SLA, an internal OLA, or a buyer's RFP requirements section."""

from __future__ import annotations

import re

from .._cache import rx
from ..document import Document
from ..terms import DocKind

_HEAD_CHARS = 1500
_OLA_TITLE = rx(r"\boperational[\s-]+level[\s-]+agreement\b|\bOLA\b", re.IGNORECASE)
_RFP_TITLE = rx(
    r"\brequest\s+for\s+(?:proposals?|tenders?|quotations?|information)\b|\bRF[PQTI]\b"
    r"|\binvitation\s+to\s+tender\b|\btender\s+(?:document|specification)\b",
    re.IGNORECASE,
)
_REQUIREMENT_ID = rx(
    r"\b[A-Z]{2,5}-\d{1,4}\b\s*(?:\((?:M|D|Mandatory|Desirable)\)|:)?"
    r"|\b(?:Mandatory|Desirable)\s*\((?:M|D)\)"
)


def detect_kind(doc: Document, low: str | None = None) -> DocKind:
    text = doc.text
    low = text.lower() if low is None else low
    head = (doc.title + "\n" + text[:_HEAD_CHARS]) if doc.title else text[:_HEAD_CHARS]
    # the title area only: an SLA may well say it is "supported by an OLA"
    title_area = (doc.title + "\n" if doc.title else "") + text[:300]
    ola_title = bool(_OLA_TITLE.search(title_area)) and not re.search(
        r"\b(?:supported|underpinned|backed)\s+by\s+(?:an?\s+|the\s+)?(?:internal\s+)?(?:OLA|operational)",
        title_area,
        re.IGNORECASE,
    )
    rfp_title = bool(_RFP_TITLE.search(head))
    # whole-text cues are counted with str.count / str.find (C speed), regexes run on the head
    rfp_body = sum(low.count(w) for w in ("bidder", "tenderer", "compliance matrix", "evaluation panel"))
    req_ids = 0
    if "(m)" in low or "mandatory" in low:
        req_ids = sum(
            1
            for m in _REQUIREMENT_ID.finditer(text, 0, 30_000)
            if "(" in m.group() or "Mandatory" in m.group()
        )
    ola_self = any(
        w in low
        for w in (
            "this operational level agreement",
            "this ola",
            "internal agreement between",
            "is not a contract",
            "between two teams",
        )
    )
    if ola_title and (ola_self or not rfp_title):
        return DocKind.OLA
    if rfp_title and (rfp_body >= 1 or req_ids >= 2):
        return DocKind.RFP
    if (rfp_body >= 1 and req_ids >= 3) or rfp_body >= 4:
        return DocKind.RFP
    if ola_self and ("operational level" in low or re.search(r"\bOLA\b", text)):
        return DocKind.OLA
    return DocKind.SLA
