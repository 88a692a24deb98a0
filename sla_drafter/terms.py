"""Terms: what an SLA says, as data. Shared by drafting (Spec -> Terms) and linting (Document -> Terms).

Rules read Terms, so the same rule checks our own draft and a vendor's paper.
Every field that extraction could not establish is `None` (unknown), which
rules must treat differently from an explicit "no".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .document import Location
from .topics import TOPICS, TopicStatus
from .units import Duration


class DocKind(StrEnum):
    """What kind of document this is; decides which topics are required."""

    SLA = "sla"  # a customer-facing agreement (service- or customer-based, multi-level)
    OLA = "ola"  # an internal operational level agreement: no credits, no indemnity
    RFP = "rfp"  # a buyer's requirements section: constraints for bidders, not a signed SLA


class MetricKind(StrEnum):
    AVAILABILITY = "availability"
    SUPPORT_RESPONSE = "support_response"
    RESOLUTION = "resolution"
    SYSTEM_RESPONSE_TIME = "system_response_time"
    THROUGHPUT = "throughput"
    CUSTOM = "custom"


class Window(StrEnum):
    """Measurement window of a metric."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    BILLING_PERIOD = "billing_period"
    AMBIGUOUS = "ambiguous"  # e.g. "the month or the billing period"


class Clock(StrEnum):
    ALWAYS = "24x7"
    BUSINESS_HOURS = "business_hours"


class MeasuredBy(StrEnum):
    PROVIDER = "provider"
    CUSTOMER = "customer"
    THIRD_PARTY = "third_party"
    JOINT = "joint"  # provider measures, customer has read access / raw data / may verify
    UNSPECIFIED = "unspecified"


@dataclass(slots=True)
class Evidence:
    text: str
    location: Location | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "location": self.location.to_dict() if self.location else None,
        }


@dataclass(slots=True)
class TopicFinding:
    status: TopicStatus = TopicStatus.ABSENT
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status.value, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(slots=True)
class Metric:
    kind: MetricKind
    target: float | None
    unit: str  # "percent", "minutes", "hours", "business_hours", "business_days", "days", "ms", "seconds", "per_second", ...
    name: str = ""
    window: Window | None = None
    clock: Clock | None = None
    measured_by: MeasuredBy | None = None
    method: str | None = None  # how it is measured (formula, probe, data source)
    priority: str | None = None  # "P1", "Severity 2", ...
    percentile: float | None = None  # for response-time metrics, e.g. 95
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "name": self.name,
            "target": self.target,
            "unit": self.unit,
            "window": self.window.value if self.window else None,
            "clock": self.clock.value if self.clock else None,
            "measured_by": self.measured_by.value if self.measured_by else None,
            "priority": self.priority,
        }


@dataclass(slots=True)
class CreditTier:
    """A band of attainment and the credit it earns, e.g. [99.0, 99.5) -> 5%.

    `lower`/`upper` are the attainment bounds (None = unbounded); inclusivity is
    explicit so gaps and overlaps can be found exactly.
    """

    credit_pct: float
    lower: float | None = None
    upper: float | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = False
    evidence: Evidence | None = None
    # written as a bare range ("99% - 99.9%", "99.95 to 99%"): which band a shared figure belongs
    # to is not stated; the rule reads it from the document's own target where it can
    loose: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "credit_pct": self.credit_pct,
            "lower": self.lower,
            "upper": self.upper,
            "lower_inclusive": self.lower_inclusive,
            "upper_inclusive": self.upper_inclusive,
        }


@dataclass(slots=True)
class CreditSchedule:
    name: str  # e.g. "Availability", "Power - Dual-Fed Racks"
    tiers: list[CreditTier] = field(default_factory=list)
    target: float | None = None  # the availability target the schedule hangs off, if known
    window: Window | None = None
    evidence: Evidence | None = None


@dataclass(slots=True)
class Credits:
    schedules: list[CreditSchedule] = field(default_factory=list)
    cap_pct: float | None = None  # cap as % of the period's fees
    cap_window: Window | None = None
    automatic: bool | None = None  # True: applied without a claim
    claim_window: Duration | None = None  # time the customer has to claim
    cash: bool | None = None  # True: payable as cash/refund; False: invoice credit only
    forfeitable: bool | None = None  # expire, lapse on termination, withheld for arrears
    sole_remedy: bool | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Maintenance:
    excluded_from_downtime: bool | None = None
    notice: Duration | None = None
    monthly_cap: Duration | None = None
    window: str | None = None  # fixed window text, e.g. "Sundays 01:00-05:00 UK time"
    emergency_discretionary: bool | None = None  # emergency maintenance at provider's discretion
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class ChronicFailure:
    misses: int | None = None  # N missed windows ...
    within: int | None = None  # ... within M windows
    evidence: Evidence | None = None


@dataclass(slots=True)
class NumberMismatch:
    """Words and digits that disagree: "thirty (60) days"."""

    words: str
    words_value: float
    digits_value: float
    evidence: Evidence


@dataclass(slots=True)
class Terms:
    kind: DocKind = DocKind.SLA
    topics: dict[str, TopicFinding] = field(
        default_factory=lambda: {t: TopicFinding() for t in TOPICS}
    )
    metrics: list[Metric] = field(default_factory=list)
    credits: Credits = field(default_factory=Credits)
    maintenance: Maintenance = field(default_factory=Maintenance)
    chronic_failure: ChronicFailure | None = None
    parties: dict[str, list[str]] = field(default_factory=dict)  # role -> names used
    number_mismatches: list[NumberMismatch] = field(default_factory=list)

    def status(self, topic: str) -> TopicStatus:
        return self.topics[topic].status

    def has(self, topic: str) -> bool:
        """True when the topic is present, or incorporated by reference."""
        return self.topics[topic].status in (TopicStatus.PRESENT, TopicStatus.BY_REFERENCE)

    def metrics_of(self, kind: MetricKind) -> list[Metric]:
        return [m for m in self.metrics if m.kind is kind]

    def topics_dict(self) -> dict[str, Any]:
        return {t: self.topics[t].to_dict() for t in TOPICS}
