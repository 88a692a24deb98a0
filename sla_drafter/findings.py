"""Findings and severities: the one shape every formatter builds on (`Finding.to_dict`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .document import Location


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Fix:
    clause: str  # clause id in clause_library, e.g. "support.human_response"
    text: str  # short instruction or the clause text to insert

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "text": self.text}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # stable, e.g. "SLA201"
    rule: str  # stable dashed name, e.g. "acknowledgment-counts-as-response"
    severity: Severity
    topic: str | None
    message: str
    evidence: str = ""
    location: Location | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, str]:
        loc = self.location
        return (loc.start if loc else -1, loc.end if loc else -1, self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "topic": self.topic,
            "message": self.message,
            "evidence": self.evidence,
            "location": self.location.to_dict() if self.location else None,
            "fix": self.fix.to_dict() if self.fix else None,
        }
