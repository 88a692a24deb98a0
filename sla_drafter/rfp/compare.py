"""Compare vendors' SLAs with a requirements profile.

Each vendor document goes through exactly what `lint` runs (readers, extraction,
rules: `lint_path`), and each requirement is judged from the extracted Terms and
the lint findings:

- met / exceeded / weaker: the vendor states the level; it is equal, better, or worse
  once units are made comparable (business vs calendar time with the document's own
  business day, monthly vs quarterly vs annual windows, P1 / Severity 1 / Critical,
  caps in percent of monthly or annual fees or in money);
- missing: nothing in the document addresses it;
- unclear: the topic is there but the level cannot be read or compared.

A lint finding that undoes a requirement (credits that must be claimed against
required automatic credits, an acknowledgement that counts as a response) is named
on the requirement and makes a met level weaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .._cache import rx
from ..document import Location
from ..errors import SlaDrafterError
from ..findings import Finding, Severity
from ..terms import Clock, Evidence, MeasuredBy, Metric, MetricKind, Terms, Window
from ..topics import TopicStatus
from ..units import Duration, Money, Percent, QuantityError, format_number
from .requirements import Requirement, Requirements
from .units import (
    SPEC_WINDOWS,
    WINDOW_MINUTES,
    WINDOW_WORDS,
    allowance,
    business_day_hours,
    business_minutes,
    elapsed_days,
    hours_text,
    metric_duration,
    normalise_ranks,
    priority_rank,
)

SCHEMA_VERSION = 1


class Status(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    WEAKER = "weaker"
    MISSING = "missing"
    UNCLEAR = "unclear"


# Worst first: an aggregate takes the worst of its parts.
_SEVERITY = {Status.MISSING: 4, Status.WEAKER: 3, Status.UNCLEAR: 2, Status.MET: 1, Status.EXCEEDED: 0}
# Share of a requirement's weight each status earns in the score.
SCORE_CREDIT: dict[Status, float] = {
    Status.EXCEEDED: 1.0, Status.MET: 1.0, Status.WEAKER: 0.5, Status.UNCLEAR: 0.0, Status.MISSING: 0.0,
}  # fmt: skip


@dataclass(slots=True)
class Check:
    """One judged part of a requirement (a priority, a credit term...)."""

    status: Status
    offered: str | None
    reason: str
    label: str = ""
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "label": self.label,
            "status": self.status.value,
            "offered": self.offered,
            "evidence": ev.text if ev else None,
            "location": ev.location.to_dict() if ev and ev.location else None,
            "reason": self.reason,
        }


@dataclass(slots=True)
class Outcome:
    requirement: Requirement
    status: Status
    required: str
    offered: str | None
    reason: str
    evidence: Evidence | None = None
    details: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def complies(self) -> str:
        """The matrix's comply column: Yes / Partial / No ('' when it cannot be told)."""
        answers = {Status.MET: "Yes", Status.EXCEEDED: "Yes", Status.WEAKER: "Partial", Status.MISSING: "No"}
        return answers.get(self.status, "")

    def to_dict(self) -> dict[str, Any]:
        req = self.requirement
        ev = self.evidence
        return {
            "id": req.id,
            "title": req.title,
            "kind": req.kind,
            "need": req.need,
            "weight": req.weight,
            "status": self.status.value,
            "required": self.required,
            "offered": self.offered,
            "evidence": ev.text if ev else None,
            "location": ev.location.to_dict() if ev and ev.location else None,
            "reason": self.reason,
            "details": [d.to_dict() for d in self.details],
            "findings": [{"code": f.code, "rule": f.rule, "message": f.message} for f in self.findings],
        }


@dataclass(slots=True)
class VendorReport:
    path: str
    outcomes: list[Outcome]
    business_day_hours: float = 8.0

    def counts(self) -> dict[str, int]:
        return {s.value: sum(1 for o in self.outcomes if o.status is s) for s in Status}

    def score(self) -> float:
        """Weighted share of the requirements met, 0-100 (see SCORE_CREDIT)."""
        total = sum(o.requirement.weight for o in self.outcomes)
        if total <= 0:
            return 0.0
        got = sum(o.requirement.weight * SCORE_CREDIT[o.status] for o in self.outcomes)
        return round(100.0 * got / total, 1)

    def mandatory_failed(self) -> list[str]:
        bad = (Status.WEAKER, Status.MISSING)
        return [o.requirement.id for o in self.outcomes if o.requirement.mandatory and o.status in bad]

    def summary(self) -> dict[str, Any]:
        return {
            "requirements": len(self.outcomes),
            **self.counts(),
            "score": self.score(),
            "mandatory_failed": self.mandatory_failed(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.path,
            "requirements": [o.to_dict() for o in self.outcomes],
            "summary": self.summary(),
        }


@dataclass(slots=True)
class Comparison:
    requirements: Requirements
    vendors: list[VendorReport] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)

    def exit_code(self) -> int:
        return 2 if self.errors else 0

    def to_dict(self) -> dict[str, Any]:
        head = {"schema_version": SCHEMA_VERSION, "requirements_file": str(self.requirements.path)}
        if len(self.vendors) == 1:
            return {**head, **self.vendors[0].to_dict()}
        ranking = sorted(self.vendors, key=lambda v: (-v.score(), v.path))
        return {
            **head,
            "vendors": [v.to_dict() for v in self.vendors],
            "summary": {
                "vendors": len(self.vendors),
                "ranking": [
                    {"vendor": v.path, "score": v.score(), "mandatory_failed": v.mandatory_failed()}
                    for v in ranking
                ],
            },
        }


# --------------------------------------------------------------------------- context


@dataclass(slots=True)
class _Vendor:
    """What one requirement check reads about the vendor document."""

    terms: Terms
    findings: list[Finding]
    text: str
    day_hours: float
    day_phrase: str | None
    buyer_day_hours: float
    monthly_fee: Money | None
    services: tuple[str, ...] = ()

    def finding(self, *rules: str, service: str | None = None) -> list[Finding]:
        """The findings of these rules that bear on `service`: in a document with a part per
        service, a finding under another service's heading does not undo this one's level."""
        found = [f for f in self.findings if f.rule in rules]
        if not service or len(self.services) < 2:
            return found
        return [f for f in found if _heading_service(f, self.services) in (None, service)]

    def topic(self, topic: str) -> TopicStatus:
        return self.terms.status(topic)

    def topic_evidence(self, topic: str) -> Evidence | None:
        found = self.terms.topics[topic].evidence
        return found[0] if found else None


def _heading_service(f: Finding, services: Sequence[str]) -> str | None:
    """The one service whose name (by its significant words) the finding's heading matches
    best; None when the heading names no service or two equally."""
    heading = f.location.heading if f.location is not None and f.location.heading else ""
    if not heading:
        return None
    scores = [(_shared_words(heading, s), s) for s in services]
    best = max(score for score, _ in scores)
    winners = [s for score, s in scores if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _worst(statuses: Sequence[Status]) -> Status:
    return max(statuses, key=lambda s: _SEVERITY[s]) if statuses else Status.MISSING


def _aggregate(checks: list[Check]) -> Status:
    """Worst of the parts; missing parts among present ones make the whole weaker."""
    statuses = [c.status for c in checks]
    if statuses and all(s is Status.MISSING for s in statuses):
        return Status.MISSING
    if any(s in (Status.WEAKER, Status.MISSING) for s in statuses):
        return Status.WEAKER
    if any(s is Status.UNCLEAR for s in statuses):
        return Status.UNCLEAR
    if statuses and all(s is Status.EXCEEDED for s in statuses):
        return Status.EXCEEDED
    return Status.MET


def _by_comparison(better: bool, equal: bool) -> Status:
    return Status.EXCEEDED if better and not equal else Status.MET if better or equal else Status.WEAKER


# --------------------------------------------------------------------------- availability


def _avail_offered(m: Metric) -> str:
    window = WINDOW_WORDS.get(m.window.value, "") if m.window else "(no window stated)"
    clock = " in business hours only" if m.clock is Clock.BUSINESS_HOURS else ""
    return f"{format_number(m.target or 0)}% {window}{clock}".strip()


def _availability(req: Requirement, v: _Vendor) -> Outcome:
    required_pct = Percent.parse(req.get("target")).value
    req_window = SPEC_WINDOWS[req.get("window", "calendar_month")].value
    metrics = [m for m in v.terms.metrics_of(MetricKind.AVAILABILITY) if m.target is not None]
    if not metrics:
        return _topic_only(req, v, "availability", "no availability target found")
    named = _for_service(metrics, req.get("service"))
    m = min(named or metrics, key=lambda x: x.target or 0.0)
    offered = _avail_offered(m)
    note = ""
    if named and len(metrics) > 1:
        note = f" (the target for {req.get('service')})" if len(named) == 1 else \
            f" (the lowest of {len(named)} targets for {req.get('service')})"  # fmt: skip
    elif len(metrics) > 1:
        note = f" (the lowest of {len(metrics)} availability targets)"
    assert m.target is not None
    reasons: list[str] = []
    if m.window is None or m.window in (Window.AMBIGUOUS,) or m.window.value not in WINDOW_MINUTES:
        if m.target < required_pct:
            status = Status.WEAKER
            reasons.append(f"{format_number(m.target)}% is below the required {format_number(required_pct)}%")
        else:
            status = Status.UNCLEAR
            reasons.append("no single measurement window is stated, so the downtime it allows cannot be bounded")
    else:
        status, why = _window_compare(required_pct, req_window, m.target, m.window.value)
        reasons.append(why)
    if req.get("clock", "24x7") == "24x7" and m.clock is Clock.BUSINESS_HOURS:
        status = Status.WEAKER
        reasons.append("it is measured in business hours only, so outages outside them do not count")
    independent = req.get("independent_monitoring")
    if independent == "required" and m.measured_by is MeasuredBy.PROVIDER:
        status = _worst([status, Status.WEAKER])
        reasons.append("it is measured only by the vendor's own tools, and independent monitoring is required")
    return Outcome(req, status, req.required_level(), offered + note, "; ".join(reasons), m.evidence)


_WORD = rx(r"[a-z0-9]{4,}")


def _shared_words(a: str, b: str) -> int:
    """How many significant words (four letters or more) two names or texts share."""
    return len(set(_WORD.findall(a.lower())) & set(_WORD.findall(b.lower())))


def _for_service(metrics: list[Metric], service: str | None) -> list[Metric]:
    """The metrics whose name, sentence or heading name the requirement's service (by its
    significant words); none when the requirement names no service or nothing matches."""
    if not service or len(metrics) < 2:
        return []
    scored: list[tuple[int, Metric]] = []
    for m in metrics:
        ev = m.evidence
        where = " ".join([m.name, ev.text if ev else "", ev.location.heading if ev and ev.location else ""])
        scored.append((_shared_words(service, where), m))
    best = max(score for score, _ in scored)
    return [m for score, m in scored if score == best] if best > 0 else []


def _window_compare(req_pct: float, req_window: str, off_pct: float, off_window: str) -> tuple[Status, str]:
    """Worst-case downtime inside one required window that the offer still allows."""
    need = allowance(req_pct, req_window)
    off_minutes = WINDOW_MINUTES[off_window]
    req_minutes = WINDOW_MINUTES[req_window]
    if off_minutes > req_minutes:
        worst = min(allowance(off_pct, off_window), req_minutes)
        words = WINDOW_WORDS[off_window].removeprefix("per ")
        why = (f"{format_number(off_pct)}% {WINDOW_WORDS[off_window]} allows a single outage of "
               f"{hours_text(worst)} in one {WINDOW_WORDS[req_window].removeprefix('per ')}, against "
               f"{hours_text(need)} allowed by {format_number(req_pct)}% {WINDOW_WORDS[req_window]}")  # fmt: skip
        if worst > need + 1e-9:
            return Status.WEAKER, why
        return (Status.EXCEEDED if worst < need - 1e-9 else Status.MET), f"{why} (the {words} target still holds)"
    worst = allowance(off_pct, off_window) * req_minutes / off_minutes
    why = (f"offered {format_number(off_pct)}% {WINDOW_WORDS[off_window]} against required "
           f"{format_number(req_pct)}% {WINDOW_WORDS[req_window]}")  # fmt: skip
    if off_window != req_window:
        why += f" (at most {hours_text(worst)} per {WINDOW_WORDS[req_window].removeprefix('per ')})"
    return _by_comparison(off_pct > req_pct, abs(off_pct - req_pct) < 1e-9), why


# --------------------------------------------------------------------------- support


def _duration_text(d: Duration, clock: Clock | None) -> str:
    text = str(d)
    if clock is Clock.BUSINESS_HOURS and not d.business:
        text += " (business-hours clock)"
    return text


def _priority_check(target: dict[str, Any], metric: Metric | None, v: _Vendor, label: str) -> Check:
    want = Duration.parse(target["target"])
    req_business = want.business or target.get("clock") == "business_hours"
    if metric is None or metric.target is None:
        return Check(Status.MISSING, None, f"no {label} target for {target['priority']}", target["priority"])
    got = metric_duration(metric.target, metric.unit)
    if got is None:
        return Check(Status.UNCLEAR, f"{format_number(metric.target)} {metric.unit}",
                     "the offered time cannot be read as a duration", target["priority"], metric.evidence)  # fmt: skip
    off_business = got.business or metric.clock is Clock.BUSINESS_HOURS
    offered = f"{metric.priority}: {_duration_text(got, metric.clock)}"
    head = f"required {target['priority']} {label} within {want}"
    if not req_business:
        if off_business:
            return Check(Status.WEAKER, offered,
                         f"{head} around the clock; offered {got} on a business-hours clock, which stops "
                         f"outside business hours", target["priority"], metric.evidence)  # fmt: skip
        status = _by_comparison(got.minutes() < want.minutes(), abs(got.minutes() - want.minutes()) < 1e-9)
        return Check(status, offered, f"{head}; offered {got}", target["priority"], metric.evidence)
    if not off_business:
        return _calendar_against_business(want, got, offered, head, target["priority"], metric.evidence, v)
    want_min = business_minutes(want, v.buyer_day_hours)
    got_min = business_minutes(got, v.day_hours)
    status = _by_comparison(got_min < want_min, abs(got_min - want_min) < 1e-9)
    reason = f"{head}; offered {got}"
    if got.unit != want.unit:
        reason += (f" ({hours_text(got_min)} of business time with the vendor's {format_number(v.day_hours)}-hour "
                   f"business day, against {hours_text(want_min)})")  # fmt: skip
    if status in (Status.MET, Status.EXCEEDED) and v.day_hours < v.buyer_day_hours:
        status = Status.UNCLEAR
        reason += (f"; but the vendor's business day ({v.day_phrase or format_number(v.day_hours) + ' hours'}) is "
                   f"shorter than the required {format_number(v.buyer_day_hours)} hours, so its clock runs less each day")  # fmt: skip
    return Check(status, offered, reason, target["priority"], metric.evidence)


def _calendar_against_business(want: Duration, got: Duration, offered: str, head: str, prio: str,
                               evidence: Evidence | None, v: _Vendor) -> Check:  # fmt: skip
    """A 24x7 offer against business time: calendar time never runs slower than business time,
    and a business day spans at least a calendar day of elapsed time."""
    bound = want.value * 1440.0 if want.unit.value == "day" else want.minutes()
    if got.minutes() <= bound + 1e-9:
        better = got.minutes() < bound - 1e-9
        return Check(Status.EXCEEDED if better else Status.MET, offered,
                     f"{head}; offered {got} around the clock, which is never slower", prio, evidence)  # fmt: skip
    return Check(Status.UNCLEAR, offered,
                 f"{head}; offered {got} around the clock, which is faster or slower than {want} depending on "
                 "when the incident is raised", prio, evidence)  # fmt: skip


def _per_priority(req: Requirement, v: _Vendor) -> Outcome:
    kind = MetricKind(req.kind)
    label = "response" if kind is MetricKind.SUPPORT_RESPONSE else "resolution"
    metrics = [m for m in v.terms.metrics_of(kind) if m.priority]
    ranks = normalise_ranks(sorted({m.priority for m in metrics if m.priority}))
    checks: list[Check] = []
    for target in req.get("targets"):
        want_rank, _exact = priority_rank(target["priority"])
        match = next((m for m in metrics if m.priority and ranks.get(m.priority) == want_rank and want_rank), None)
        if match is None:
            match = next((m for m in metrics if (m.priority or "").lower() == target["priority"].lower()), None)
        checks.append(_priority_check(target, match, v, label))
    if not metrics:
        outcome = _topic_only(req, v, req.kind, f"no {label} targets by priority found")
        outcome.details = checks if outcome.status is not Status.MISSING else []
        return outcome
    status = _aggregate(checks)
    offered = "; ".join(c.offered for c in checks if c.offered) or None
    reasons = [c.reason for c in checks if c.status is not Status.MET]
    evidence = next((c.evidence for c in checks if c.evidence), None)
    return Outcome(req, status, req.required_level(), offered,
                   "; ".join(reasons) or "every priority meets its target", evidence, checks)  # fmt: skip


# --------------------------------------------------------------------------- performance


def _to_ms(value: float, unit: str) -> float:
    return value if unit == "ms" else value * 1000.0


def _response_time(req: Requirement, v: _Vendor) -> Outcome:
    from ..spec import parse_response_time

    duration, _value, _unit = parse_response_time(req.get("target"))
    want_ms = duration.value * 1000.0 if duration.unit.value == "second" else duration.minutes() * 60000.0
    want_pct = float(req.get("percentile"))
    metrics = [m for m in v.terms.metrics_of(MetricKind.SYSTEM_RESPONSE_TIME) if m.target is not None]
    if not metrics:
        return _missing(req, "no response-time target found")
    metrics = _for_service(metrics, req.get("service")) or metrics
    m = next((x for x in metrics if x.percentile == want_pct), metrics[0])
    assert m.target is not None
    got_ms = _to_ms(m.target, m.unit)
    pct = f" at the {format_number(m.percentile)}th percentile" if m.percentile is not None else " (no percentile)"
    offered = f"{format_number(got_ms)} ms{pct}"
    if m.percentile is None:
        return Outcome(req, Status.UNCLEAR, req.required_level(), offered,
                       "no percentile is stated: an average can hide slow responses", m.evidence)  # fmt: skip
    reasons = [f"required {format_number(want_ms)} ms at the {format_number(want_pct)}th percentile; offered {offered}"]
    status = _by_comparison(got_ms < want_ms, abs(got_ms - want_ms) < 1e-9)
    if m.percentile < want_pct:
        status = Status.WEAKER
        reasons.append(f"a {format_number(m.percentile)}th percentile leaves the slowest "
                       f"{format_number(100 - m.percentile)}% of requests unbounded")  # fmt: skip
    elif m.percentile > want_pct and status is Status.MET:
        status = Status.EXCEEDED
    return Outcome(req, status, req.required_level(), offered, "; ".join(reasons), m.evidence)


def _per_second(value: float, unit: str) -> float | None:
    unit = unit.lower()
    if "second" in unit:
        return value
    if "minute" in unit:
        return value / 60.0
    if "hour" in unit:
        return value / 3600.0
    return None


def _throughput(req: Requirement, v: _Vendor) -> Outcome:
    want = _per_second(float(req.get("target")), str(req.get("unit")))
    metrics = [m for m in v.terms.metrics_of(MetricKind.THROUGHPUT) if m.target is not None]
    if not metrics:
        return _topic_only(req, v, "capacity_limits", "no throughput figure found")
    metrics = _for_service(metrics, req.get("service")) or metrics
    m = max(metrics, key=lambda x: _per_second(x.target or 0.0, x.unit) or 0.0)
    assert m.target is not None
    got = _per_second(m.target, m.unit)
    offered = f"{format_number(m.target)} {m.name} {m.unit.replace('_', ' ')}"
    if want is None or got is None:
        return Outcome(req, Status.UNCLEAR, req.required_level(), offered, "the units cannot be compared", m.evidence)
    status = _by_comparison(got > want, abs(got - want) < 1e-9)
    return Outcome(req, status, req.required_level(), offered,
                   f"required {format_number(want)} per second; offered {format_number(got)} per second", m.evidence)  # fmt: skip


def _capacity(req: Requirement, v: _Vendor) -> Outcome:
    checks: list[Check] = []
    if req.get("concurrent_users"):
        want = float(req.get("concurrent_users"))
        users = [m for m in v.terms.metrics if m.unit == "users" and m.target is not None]
        if users:
            m = max(users, key=lambda x: x.target or 0.0)
            got = m.target or 0.0
            checks.append(Check(_by_comparison(got > want, got == want), f"{format_number(got)} simultaneous users",
                                f"required {format_number(want)} simultaneous users; offered {format_number(got)}",
                                "users", m.evidence))  # fmt: skip
        else:
            checks.append(Check(Status.MISSING, None, "no figure for simultaneous users", "users"))
    if req.get("requests_per_second") is not None:
        want = float(req.get("requests_per_second"))
        rates: list[tuple[float, Metric]] = []
        for metric in v.terms.metrics_of(MetricKind.THROUGHPUT):
            rate = _per_second(metric.target, metric.unit) if metric.target is not None else None
            if rate is not None:
                rates.append((rate, metric))
        if rates:
            rate, m = max(rates, key=lambda x: x[0])
            checks.append(Check(_by_comparison(rate > want, abs(rate - want) < 1e-9), f"{format_number(rate)} per second",
                                f"required {format_number(want)} requests per second; offered {format_number(rate)}",
                                "rate", m.evidence))  # fmt: skip
        else:
            checks.append(Check(Status.MISSING, None, "no request-rate figure", "rate"))
    status = _aggregate(checks)
    if status is Status.MISSING:
        return _topic_only(req, v, "capacity_limits", "; ".join(c.reason for c in checks))
    offered = "; ".join(c.offered for c in checks if c.offered) or None
    evidence = next((c.evidence for c in checks if c.evidence), None)
    return Outcome(req, status, req.required_level(), offered, "; ".join(c.reason for c in checks), evidence, checks)


# --------------------------------------------------------------------------- measurement, reporting


def _measurement(req: Requirement, v: _Vendor) -> Outcome:
    avail = v.terms.metrics_of(MetricKind.AVAILABILITY)
    by = {m.measured_by for m in avail if m.measured_by is not None}
    independent = v.topic("independent_measurement") is TopicStatus.PRESENT
    evidence = next((m.evidence for m in avail if m.measured_by not in (None, MeasuredBy.UNSPECIFIED)), None)
    evidence = evidence or v.topic_evidence("independent_measurement") or v.topic_evidence("measurement_method")
    offered = ", ".join(sorted(b.value.replace("_", " ") for b in by if b is not MeasuredBy.UNSPECIFIED)) or None
    if independent:
        offered = f"{offered}; the customer may monitor independently" if offered else "the customer may monitor independently"
    wanted = req.get("measured_by")
    if not by - {MeasuredBy.UNSPECIFIED} and not independent:
        if v.topic("measurement_method") is TopicStatus.ABSENT:
            return _missing(req, "the SLA does not say how the levels are measured")
        return Outcome(req, Status.UNCLEAR, req.required_level(), offered,
                       "a measurement method is described but not who measures", evidence)  # fmt: skip
    good = {MeasuredBy.THIRD_PARTY, MeasuredBy.CUSTOMER} if wanted in ("third_party", "customer") else \
        {MeasuredBy.THIRD_PARTY, MeasuredBy.CUSTOMER, MeasuredBy.JOINT}  # fmt: skip
    if wanted == "provider" or by & good or (independent and req.get("independent_monitoring") != "required"):
        return Outcome(req, Status.MET, req.required_level(), offered, f"measured by {offered}", evidence)
    if independent:
        return Outcome(req, Status.MET, req.required_level(), offered,
                       "the vendor measures, and the customer may run its own monitoring", evidence)  # fmt: skip
    return Outcome(req, Status.WEAKER, req.required_level(), offered,
                   f"measured only by {offered}; required {str(wanted or 'independent').replace('_', ' ')} measurement", evidence)  # fmt: skip


_FREQ = {"weekly": 1, "monthly": 2, "quarterly": 3, "annually": 4, "annual": 4, "yearly": 4}
_FREQ_RE = rx(r"\b(weekly|monthly|quarterly|annually|annual|yearly|(?:each|every)\s+(?:calendar\s+|contract\s+)?(?:week|month|quarter|year))\b", re.IGNORECASE)
_FREQ_WORD = {"week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "annually"}
_REPORT_NOUN = rx(r"\breports?\b(?!ed)", re.IGNORECASE)
_NOT_REPORT = rx(r"\b(?:review|audit|incident\s+report|breach)", re.IGNORECASE)
_PORTAL = rx(r"\b(?:portal|dashboard|online|web\s*site|website|status\s+page)\b", re.IGNORECASE)


def _sentences_with(text: str, needle: str) -> list[str]:
    """The sentences (to a full stop or line break) containing `needle`, case-insensitive.

    A plain find and two rfind/find per hit: a regex with `[^.\\n]*` on both sides of the
    needle backtracks over every line and cost more than the whole lint run on 20 pages.
    """
    low = text.lower()
    out: list[str] = []
    at = low.find(needle)
    while at >= 0:
        start = max(low.rfind(".", 0, at), low.rfind("\n", 0, at)) + 1
        ends = [e for e in (low.find(".", at), low.find("\n", at)) if e >= 0]
        end = min(ends) if ends else len(text)
        out.append(text[start:end].strip())
        at = low.find(needle, end)
    return out


_ITEM = rx(r"^\s*(?:\(?[a-z0-9]{1,3}[.)]|[-•*–])\s+\S")


def _items_after(text: str, lead_in: str, limit: int = 30) -> list[str]:
    """The list items right after the lead-in sentence `lead_in` (blank lines between them)."""
    at = text.find(lead_in)
    if at < 0:
        return []
    items: list[str] = []
    for line in text[at + len(lead_in) :].splitlines()[: limit * 2 + 1]:
        if not line.strip():
            continue
        if not _ITEM.match(line):
            break
        items.append(line.strip())
    return items[:limit]


_STOP = frozenset({"with", "each", "their", "against", "stated", "period", "periods", "every", "which", "from",
                   "performance", "service", "services", "level", "levels", "cause", "limits", "claimed"})  # fmt: skip


def _report_content(items: list[str], said: str) -> Check:
    """Report contents the SLA's reporting sentences mention (by each item's significant words).
    Not mentioned is `unclear`, not weaker: a report template may sit in an annex not read."""
    absent = []
    for item in items:
        words = [w for w in _WORD.findall(item.lower()) if w not in _STOP]
        if words and not any(w.rstrip("s") in said for w in words):
            absent.append(item)
    if absent:
        return Check(Status.UNCLEAR, None, "the reporting clause does not mention: " + "; ".join(absent), "content")
    return Check(Status.MET, "required content", "the reporting clause covers the required content", "content")


def _reporting(req: Requirement, v: _Vendor) -> Outcome:
    if v.topic("reporting") is TopicStatus.ABSENT:
        return _missing(req, "no service level reporting found")
    evidence = v.topic_evidence("reporting")
    sentences = [x for x in _sentences_with(v.text, "report") if not _NOT_REPORT.search(x)]
    if evidence is not None:
        sentences.insert(0, evidence.text)
    # "Each report will include:" and its list: the items say what the report covers
    sentences += [item for x in sentences if x.endswith(":") for item in _items_after(v.text, x)]
    freq: str | None = None
    # a sentence about "the report" before one where figures are "reported" for a period
    for sentence in sorted(sentences, key=lambda x: _REPORT_NOUN.search(x) is None):
        hit = _FREQ_RE.search(sentence)
        if hit:
            word = hit.group(1).lower().split()[-1]
            freq = _FREQ_WORD.get(word, word)
            break
    checks: list[Check] = []
    if req.get("frequency"):
        want = _FREQ[req.get("frequency")]
        if freq is None:
            checks.append(Check(Status.UNCLEAR, None, "no reporting frequency stated", "frequency"))
        else:
            got = _FREQ[freq]
            checks.append(Check(_by_comparison(got < want, got == want), f"{freq} reports",
                                f"required {req.get('frequency')} reports; offered {freq}", "frequency"))  # fmt: skip
    if req.get("portal"):
        portal = any(_PORTAL.search(s) for s in sentences)
        checks.append(Check(Status.MET if portal else Status.WEAKER, "on a portal" if portal else None,
                            "reports are on a portal" if portal else "no portal for reports is mentioned", "portal"))  # fmt: skip
    if req.get("content"):
        checks.append(_report_content(req.get("content"), " ".join(sentences).lower()))
    status = _aggregate(checks) if checks else Status.MET
    offered = ", ".join(c.offered for c in checks if c.offered) or "reports"
    reason = "; ".join(c.reason for c in checks) or "reporting is provided"
    return Outcome(req, status, req.required_level(), offered, reason, evidence, checks)


# --------------------------------------------------------------------------- credits


def _tier_credit(schedules: list[Any], attainment: float) -> tuple[float | None, Evidence | None]:
    for schedule in schedules:
        for tier in schedule.tiers:
            lo_ok = tier.lower is None or attainment > tier.lower or (tier.lower_inclusive and attainment == tier.lower)
            hi_ok = tier.upper is None or attainment < tier.upper or (tier.upper_inclusive and attainment == tier.upper)
            if lo_ok and hi_ok:
                return float(tier.credit_pct), tier.evidence or schedule.evidence
    return None, None


_MONEY_CAP = rx(
    r"(?:cap\w*|maximum|exceed|limited\s+to|not\s+more\s+than)[^.\n]{0,60}?"
    r"(?P<money>(?:[A-Z]{3}|[$€£])\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:[A-Z]{3}))",
)


_CAP_NEEDLES = ("cap", "exceed", "maximum", "limited to", "not more than")


def _cap_check(want_raw: Any, v: _Vendor) -> Check:
    credits = v.terms.credits
    evidence = credits.evidence[0] if credits.evidence else None
    try:
        want_pct: float | None = Percent.parse(want_raw).value
        want_money: Money | None = None
    except QuantityError:
        want_pct, want_money = None, Money.parse(want_raw)
    if credits.cap_pct is not None:
        monthly = credits.cap_pct * (12 if credits.cap_window is Window.YEAR else 3 if credits.cap_window is Window.QUARTER else 1)
        base = {Window.YEAR: "annual", Window.QUARTER: "quarterly"}.get(credits.cap_window or Window.MONTH, "monthly")
        offered = f"cap {format_number(credits.cap_pct)}% of {base} fees"
        note = f" (= {format_number(monthly)}% of monthly fees)" if base != "monthly" else ""
        if want_pct is not None:
            return Check(_by_comparison(monthly > want_pct, abs(monthly - want_pct) < 1e-9), offered,
                         f"required a cap of at least {format_number(want_pct)}% of monthly fees; offered {offered}{note}",
                         "cap", evidence)  # fmt: skip
        assert want_money is not None
        if v.monthly_fee is None or v.monthly_fee.currency != want_money.currency:
            return Check(Status.UNCLEAR, offered, f"the cap is a percentage and the requirement is {want_money}; "
                         "set rfp.monthly_fee to compare them", "cap", evidence)  # fmt: skip
        got = float(v.monthly_fee.amount) * monthly / 100.0
        return Check(_by_comparison(got > float(want_money.amount), got == float(want_money.amount)), offered,
                     f"required at least {want_money}; offered {offered}{note}, {want_money.currency} {got:,.0f} "
                     f"on fees of {v.monthly_fee} a month", "cap", evidence)  # fmt: skip
    hit = next((m for needle in _CAP_NEEDLES for sentence in _sentences_with(v.text, needle)
                if (m := _MONEY_CAP.search(sentence))), None)  # fmt: skip
    if hit:
        try:
            money = Money.parse(hit["money"].replace(" ", ""))
        except QuantityError:
            money = None
        if money is not None:
            ev = Evidence(" ".join(hit.group(0).split()))
            if want_money is not None and money.currency == want_money.currency:
                return Check(_by_comparison(money.amount > want_money.amount, money.amount == want_money.amount),
                             f"cap {money}", f"required at least {want_money}; offered {money}", "cap", ev)  # fmt: skip
            if want_pct is not None and v.monthly_fee is not None and money.currency == v.monthly_fee.currency:
                pct = 100.0 * float(money.amount) / float(v.monthly_fee.amount)
                return Check(_by_comparison(pct > want_pct, abs(pct - want_pct) < 1e-9), f"cap {money}",
                             f"required at least {format_number(want_pct)}% of monthly fees; offered {money}, "
                             f"{format_number(round(pct, 1))}% of {v.monthly_fee}", "cap", ev)  # fmt: skip
            return Check(Status.UNCLEAR, f"cap {money}", "the cap is money and the requirement a percentage; "
                         "set rfp.monthly_fee to compare them", "cap", ev)  # fmt: skip
    if v.topic("credit_cap") is TopicStatus.PRESENT:
        return Check(Status.UNCLEAR, None, "a credit cap is mentioned but its amount cannot be read", "cap", evidence)
    return Check(Status.UNCLEAR, None, "no credit cap is stated; confirm that credits are uncapped", "cap")


def _credits(req: Requirement, v: _Vendor) -> Outcome:
    credits = v.terms.credits
    if v.topic("service_credits") is TopicStatus.ABSENT and not credits.schedules:
        return _missing(req, "no service credits found")
    evidence = credits.evidence[0] if credits.evidence else v.topic_evidence("service_credits")
    checks: list[Check] = []
    for tier in req.get("tiers") or []:
        below = Percent.parse(tier["below"]).value
        want = Percent.parse(tier["credit"]).value
        label = f"below {format_number(below)}%"
        if not credits.schedules:
            checks.append(Check(Status.UNCLEAR, None, f"no credit table could be read for {label}", label))
            continue
        got, ev = _tier_credit(credits.schedules, below - 0.0001)
        if got is None:
            checks.append(Check(Status.WEAKER, None, f"no credit is due just {label}", label, ev))
        else:
            checks.append(Check(_by_comparison(got > want, abs(got - want) < 1e-9), f"{format_number(got)}% {label}",
                                f"required {format_number(want)}% credit {label}; offered {format_number(got)}%", label, ev))  # fmt: skip
    if req.get("min_cap") is not None:
        checks.append(_cap_check(req.get("min_cap"), v))
    if req.get("automatic"):
        if credits.automatic is True:
            checks.append(Check(Status.MET, "automatic", "credits are applied automatically", "automatic", evidence))
        elif credits.automatic is False or credits.claim_window is not None:
            window = f" within {credits.claim_window}" if credits.claim_window else ""
            checks.append(Check(Status.WEAKER, f"must be claimed{window}",
                                f"automatic credits are required; the customer must claim them{window}", "automatic", evidence))  # fmt: skip
        else:
            checks.append(Check(Status.UNCLEAR, None, "it is not stated whether credits are automatic or claimed", "automatic"))
    if req.get("min_claim_window"):
        want_d = Duration.parse(req.get("min_claim_window"))
        if credits.automatic is True:
            checks.append(Check(Status.EXCEEDED, "automatic", "credits are automatic, so no claim window applies", "claim window", evidence))
        elif credits.claim_window is not None:
            got_d = credits.claim_window
            got_m, want_m = elapsed_days(got_d, v.day_hours), elapsed_days(want_d, v.buyer_day_hours)
            checks.append(Check(_by_comparison(got_m > want_m, abs(got_m - want_m) < 1e-9), f"claim within {got_d}",
                                f"required at least {want_d} to claim; offered {got_d}", "claim window", evidence))  # fmt: skip
        else:
            checks.append(Check(Status.UNCLEAR, None, "no claim window is stated", "claim window"))
    if req.get("sole_remedy_allowed") is False:
        if credits.sole_remedy:
            checks.append(Check(Status.WEAKER, "credits are the sole remedy",
                                "credits must not be the sole remedy; the SLA makes them the sole and exclusive remedy",
                                "sole remedy", v.topic_evidence("sole_remedy")))  # fmt: skip
        else:
            checks.append(Check(Status.MET, None, "credits are not stated to be the sole remedy", "sole remedy"))
    status = _aggregate(checks) if checks else Status.MET
    offered = "; ".join(c.offered for c in checks if c.offered) or None
    reasons = [c.reason for c in checks if c.status is not Status.MET] or [c.reason for c in checks]
    first = next((c.evidence for c in checks if c.evidence and c.status is status), evidence)
    return Outcome(req, status, req.required_level(), offered, "; ".join(reasons), first, checks)


# --------------------------------------------------------------------------- termination, topics


def _termination(req: Requirement, v: _Vendor) -> Outcome:
    want = req.get("chronic_failure")
    chronic = v.terms.chronic_failure
    if chronic is None or chronic.misses is None or chronic.within is None:
        return _topic_only(req, v, "termination", "no termination right for repeated failures found")
    offered = f"after {chronic.misses} misses within {chronic.within}"
    better = chronic.misses <= want["misses"] and chronic.within >= want["within"]
    equal = chronic.misses == want["misses"] and chronic.within == want["within"]
    status = _by_comparison(better, equal)
    reason = f"required a right after {want['misses']} missed months within {want['within']}; offered {offered}"
    return Outcome(req, status, req.required_level(), offered, reason, chronic.evidence)


_TOPIC_OF = {
    "availability": "availability", "support_response": "support_response", "resolution": "resolution",
    "termination": "termination", "capacity_limits": "capacity_limits",
    "indemnification": "indemnification", "dispute_resolution": "dispute_resolution",
    "change_control": "change_mechanism", "escalation": "escalation",
    "root_cause_analysis": "root_cause_analysis", "maintenance": "maintenance", "audit": "audit_rights",
}  # fmt: skip


def _missing(req: Requirement, reason: str) -> Outcome:
    return Outcome(req, Status.MISSING, req.required_level(), None, reason)


def _topic_only(req: Requirement, v: _Vendor, topic: str, absent_reason: str) -> Outcome:
    """Judged by the topic alone: present (its level unreadable), by reference, negated or absent."""
    status = v.topic(_TOPIC_OF.get(topic, topic))
    evidence = v.topic_evidence(_TOPIC_OF.get(topic, topic))
    if status is TopicStatus.ABSENT:
        return _missing(req, absent_reason)
    if status is TopicStatus.NEGATED:
        return Outcome(req, Status.WEAKER, req.required_level(), "expressly excluded", "the SLA excludes it", evidence)
    if status is TopicStatus.BY_REFERENCE:
        return Outcome(req, Status.UNCLEAR, req.required_level(), "by reference to another document",
                       "incorporated by reference; the referenced document is not part of the SLA read", evidence)  # fmt: skip
    return Outcome(req, Status.UNCLEAR, req.required_level(), "addressed, level not stated",
                   f"the SLA addresses it, but the level cannot be read ({absent_reason})", evidence)  # fmt: skip


def _clause(req: Requirement, v: _Vendor) -> Outcome:
    topic = _TOPIC_OF[req.kind]
    status = v.topic(topic)
    evidence = v.topic_evidence(topic)
    if status is TopicStatus.PRESENT:
        return Outcome(req, Status.MET, req.required_level(), "clause present",
                       "the SLA has a clause on it (its wording is for the panel to confirm)", evidence)  # fmt: skip
    return _topic_only(req, v, topic, f"no {req.title.lower()} clause found")


def _custom(req: Requirement, v: _Vendor) -> Outcome:
    words = req.get("keywords") or []
    low = v.text.lower()
    for word in words:
        at = low.find(word.lower())
        if at >= 0:
            start = max(low.rfind("\n", 0, at) + 1, 0)
            end = low.find("\n", at)
            snippet = " ".join(v.text[start : end if end >= 0 else len(v.text)].split())[:300]
            return Outcome(req, Status.UNCLEAR, req.required_level(), f"mentions '{word}'",
                           "the SLA mentions it; the panel judges whether it meets the requirement", Evidence(snippet))  # fmt: skip
    return _missing(req, "none of its keywords appear in the SLA" if words else "a custom requirement without keywords cannot be found automatically")


# Lint rules named on a requirement of a kind. The predicate says whether the finding undoes
# what this requirement asks (the level may read as met, the term defeats it); otherwise the
# finding is named for the panel and the status stands (compare's own check is more exact,
# e.g. a cap compared in the requirement's units).
Undoes = Callable[[Requirement, Finding], bool]


def _always(_req: Requirement, _f: Finding) -> bool:
    return True


def _never(_req: Requirement, _f: Finding) -> bool:
    return False


def _asks(*keys: str) -> Undoes:
    return lambda req, _f: any(req.get(k) not in (None, False) for k in keys)


def _asks_as_error(*keys: str) -> Undoes:
    """As `_asks`, for a rule whose warnings say a term is left undefined ("Response Time" never
    defined) rather than stated against the buyer: those are noted, only its errors undo."""
    asks = _asks(*keys)
    return lambda req, f: f.severity is Severity.ERROR and asks(req, f)


UNDOING_RULES: dict[str, dict[str, Undoes]] = {
    "availability": {"narrow-downtime-definition": _always, "maintenance-exclusion-uncapped": _always,
                     "vague-efforts-language": _always, "long-measurement-window": _never},
    "support_response": {"acknowledgment-counts-as-response": _asks_as_error("human_response"),
                         "provider-assigns-severity": _never},
    "resolution": {"no-resolution-target": _always},
    "measurement": {"provider-self-measurement": lambda r, _f: r.get("independent_monitoring") == "required"
                    or r.get("measured_by") in ("third_party", "customer"),
                    "measurement-unspecified": _always, "no-monitoring-fallback": _never},
    "reporting": {"reports-on-request-only": _always},
    "service_credits": {"credits-require-claim": _asks("automatic", "min_claim_window"),
                        "low-credit-cap": _never, "sole-and-exclusive-remedy": _never,
                        "credits-non-cash-or-forfeitable": _always,
                        "credit-schedule-gap-or-overlap": _asks("tiers"), "no-remedy": _always,
                        "conflicting-credit-cap": _asks("min_cap")},
    "termination": {"termination-right-limited": _always},
    "change_control": {"unilateral-amendment": _always},
    "dispute_resolution": {"provider-decision-final": _always, "no-mediator-fallback": _never},
    "maintenance": {"maintenance-exclusion-uncapped": _always},
}  # fmt: skip


def _apply_findings(outcome: Outcome, v: _Vendor) -> Outcome:
    req = outcome.requirement
    rules = UNDOING_RULES.get(req.kind, {})
    found = v.finding(*rules, service=req.get("service"))
    if not found:
        return outcome
    outcome.findings = found
    undo = [f for f in found if rules[f.rule](req, f)]
    notes = [f"{f.code} {f.rule}: {f.message.rstrip('.')}" for f in [*undo, *(f for f in found if f not in undo)]]
    if undo and outcome.status is not Status.MISSING:
        if outcome.status is not Status.WEAKER:
            outcome.status = Status.WEAKER
        notes[0] = "the lint rules find a term that undoes it: " + notes[0]
    outcome.reason = "; ".join([outcome.reason, *notes]) if outcome.reason else "; ".join(notes)
    if outcome.evidence is None and found[0].location is not None:
        outcome.evidence = Evidence(found[0].evidence, found[0].location)
    return outcome


_CHECKS: dict[str, Callable[[Requirement, _Vendor], Outcome]] = {
    "availability": _availability,
    "support_response": _per_priority,
    "resolution": _per_priority,
    "system_response_time": _response_time,
    "throughput": _throughput,
    "capacity": _capacity,
    "measurement": _measurement,
    "reporting": _reporting,
    "service_credits": _credits,
    "termination": _termination,
    "custom": _custom,
}


def compare_terms(reqs: Requirements, path: str, terms: Terms, findings: list[Finding], text: str) -> VendorReport:
    """Judge every requirement against one vendor document's Terms and lint findings."""
    day_hours, phrase = business_day_hours(text)
    services = tuple(str(s) for s in reqs.data["rfp"].get("services") or ())
    vendor = _Vendor(terms, findings, text, day_hours, phrase, reqs.business_day_hours(), reqs.monthly_fee(), services)
    outcomes = [_apply_findings(_CHECKS.get(r.kind, _clause)(r, vendor), vendor) for r in reqs.requirements]
    return VendorReport(path=path, outcomes=outcomes, business_day_hours=day_hours)


def compare_path(reqs: Requirements, path: str | Path) -> VendorReport:
    """Read and lint one vendor document exactly as `lint` does, then compare."""
    from ..lint import lint_path

    result = lint_path(path, keep_document=True)
    assert result.doc is not None
    return compare_terms(reqs, str(path), result.terms, result.findings, result.doc.text)


def compare_documents(reqs: Requirements, paths: Sequence[str | Path]) -> Comparison:
    """Compare several vendors (folders are searched as `lint` searches them). A file that
    cannot be read is one error line naming it, as in a lint batch; the others go through."""
    from ..lint.batch import collect_paths

    files, errors = collect_paths(paths)
    comparison = Comparison(reqs, errors=list(errors))
    for path in files:
        try:
            comparison.vendors.append(compare_path(reqs, path))
        except SlaDrafterError as exc:
            message = str(exc) if exc.path else f"{path}: {exc}"
            comparison.errors.append((path, "; ".join(x.strip() for x in message.splitlines() if x.strip())))
        except MemoryError:
            comparison.errors.append((path, f"{path}: too large to read"))
        except Exception as exc:  # a reader crashing on one odd file must not sink the others
            detail = str(exc).splitlines()[0] if str(exc) else ""
            comparison.errors.append((path, f"{path}: cannot read ({type(exc).__name__}{': ' + detail if detail else ''})"))
    return comparison


def location_text(location: Location | None) -> str:
    """'p. 3, §2. Support' / '§2. Support' / '' for people and spreadsheets."""
    if location is None:
        return ""
    parts = []
    if location.page:
        parts.append(f"p. {location.page}")
    if location.heading:
        parts.append(f"§{location.heading}" if location.heading[:1].isdigit() else location.heading)
    return ", ".join(parts) or f"block {location.block}"
