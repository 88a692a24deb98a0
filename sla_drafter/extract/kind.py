"""Document kind: a customer-facing SLA, an internal OLA, or a buyer's RFP requirements section."""

from __future__ import annotations

import re

from ..document import Document
from ..terms import DocKind

_HEAD_CHARS = 1500
_OLA_TITLE = re.compile(r"\boperational[\s-]+level[\s-]+agreement\b|\bOLA\b", re.IGNORECASE)
_OLA_SELF = re.compile(
    r"\bthis\s+(?:operational[\s-]+level[\s-]+agreement|OLA)\b"
    r"|\binternal\s+agreement\s+between\b"
    r"|\bis\s+not\s+a\s+(?:legally\s+binding\s+)?contract\b"
    r"|\bbetween\s+(?:two|the)\s+(?:internal\s+)?teams\b",
    re.IGNORECASE,
)
_RFP_TITLE = re.compile(
    r"\brequest\s+for\s+(?:proposals?|tenders?|quotations?|information)\b|\bRF[PQTI]\b"
    r"|\binvitation\s+to\s+tender\b|\btender\s+(?:document|specification)\b",
    re.IGNORECASE,
)
_RFP_BODY = re.compile(
    r"\bbidders?\b|\btenderers?\b|\brespondents?\s+(?:must|should|shall)\b"
    r"|\bcompliance\s+matrix\b|\bevaluation\s+(?:panel|criteria|score)\b",
    re.IGNORECASE,
)
_REQUIREMENT_ID = re.compile(
    r"\b[A-Z]{2,5}-\d{1,4}\b\s*(?:\((?:M|D|Mandatory|Desirable)\)|:)?"
    r"|\b(?:Mandatory|Desirable)\s*\((?:M|D)\)"
)


def detect_kind(doc: Document) -> DocKind:
    text = doc.text
    head = (doc.title + "\n" + text[:_HEAD_CHARS]) if doc.title else text[:_HEAD_CHARS]
    ola_title = bool(_OLA_TITLE.search(head))
    rfp_title = bool(_RFP_TITLE.search(head))
    rfp_body = len(_RFP_BODY.findall(text))
    req_ids = sum(1 for m in _REQUIREMENT_ID.finditer(text) if "(" in m.group() or "Mandatory" in m.group())
    ola_self = bool(_OLA_SELF.search(text))
    if ola_title and (ola_self or not rfp_title):
        return DocKind.OLA
    if rfp_title and (rfp_body >= 1 or req_ids >= 2):
        return DocKind.RFP
    if rfp_body >= 3 and req_ids >= 3:
        return DocKind.RFP
    if ola_self and re.search(r"\bOLA\b|operational\s+level", text, re.IGNORECASE):
        return DocKind.OLA
    return DocKind.SLA
