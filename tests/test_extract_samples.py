"""Integration: the facts /work/shared/samples/README.md implies, extracted from each sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from sla_drafter.document import Document
from sla_drafter.extract import extract_terms
from sla_drafter.read import read_document
from sla_drafter.terms import DocKind, MeasuredBy, MetricKind, Terms, Window
from sla_drafter.topics import TopicStatus
from sla_drafter.units import Duration, TimeUnit

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/samples")


def _read(path: Path) -> Document:
    return read_document(path)


def _terms(name: str) -> Terms:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} not available")
    return extract_terms(_read(path))


def _status(t: Terms, topic: str) -> TopicStatus:
    return t.topics[topic].status


def test_vendor_saas() -> None:
    t = _terms("vendor_saas_sla.md")
    assert t.kind is DocKind.SLA
    [avail] = t.metrics_of(MetricKind.AVAILABILITY)
    assert (avail.target, avail.window, avail.measured_by) == (99.5, Window.MONTH, MeasuredBy.PROVIDER)
    assert avail.method and "Downtime Minutes" in avail.method
    assert _status(t, "indemnification") is TopicStatus.NEGATED
    assert _status(t, "termination") is TopicStatus.NEGATED
    assert _status(t, "support_response") is TopicStatus.PRESENT
    assert _status(t, "resolution") is TopicStatus.NEGATED
    assert _status(t, "sole_remedy") is TopicStatus.PRESENT
    assert _status(t, "independent_measurement") is TopicStatus.ABSENT
    assert _status(t, "dispute_resolution") is TopicStatus.ABSENT
    c = t.credits
    assert (c.automatic, c.cap_pct, c.cap_window, c.cash, c.forfeitable, c.sole_remedy) == (
        False, 15, Window.MONTH, False, True, True,
    )
    assert c.claim_window == Duration(10, TimeUnit.DAY)
    [sched] = c.schedules
    assert [(x.lower, x.upper, x.credit_pct) for x in sched.tiers] == [
        (99.0, 99.5, 5), (98.0, 99.0, 10), (None, 98.0, 15),
    ]
    assert all(x.lower_inclusive and not x.upper_inclusive for x in sched.tiers)
    responses = t.metrics_of(MetricKind.SUPPORT_RESPONSE)
    assert len(responses) == 4
    assert responses[1].unit == "business_hours" and responses[1].target == 4
    assert t.maintenance.excluded_from_downtime is True
    assert t.maintenance.notice is None and t.maintenance.monthly_cap is None
    assert t.maintenance.emergency_discretionary is True
    assert t.number_mismatches == []
    assert t.parties["provider"] == ["Brightloom"] and t.parties["customer"] == ["Customer"]


def test_messy() -> None:
    t = _terms("messy_vendor_terms.txt")
    [avail] = t.metrics_of(MetricKind.AVAILABILITY)
    assert (avail.target, avail.window, avail.measured_by) == (99.5, Window.AMBIGUOUS, MeasuredBy.PROVIDER)
    assert t.credits.cap_pct == 30
    assert [(m.words_value, m.digits_value) for m in t.number_mismatches] == [(30, 60)]
    assert "thirty (60) days" in t.number_mismatches[0].evidence.text
    assert t.credits.claim_window == Duration(60, TimeUnit.DAY)
    [sched] = t.credits.schedules
    bands = [(x.lower, x.lower_inclusive, x.upper, x.upper_inclusive, x.credit_pct) for x in sched.tiers]
    assert bands == [
        (99.0, True, 99.5, True, 5),
        (97.5, True, 99.0, True, 10),
        (95.0, True, 98.0, True, 20),  # overlaps the band above between 97.5 and 98.0
        (None, True, 95.0, False, 30),
    ]
    assert (t.credits.cash, t.credits.forfeitable, t.credits.sole_remedy) == (False, True, True)
    assert t.credits.automatic is False
    [resp] = t.metrics_of(MetricKind.SUPPORT_RESPONSE)
    assert (resp.target, resp.unit) == (4, "business_hours")
    assert not t.metrics_of(MetricKind.RESOLUTION)
    assert t.parties["provider"] == ["Provider", "Company", "we"]
    assert t.parties["customer"] == ["Customer", "Client", "you"]
    assert t.parties["defined"] == ["Provider", "Customer"]
    for topic in ("reporting", "termination", "indemnification", "dispute_resolution"):
        assert _status(t, topic) is TopicStatus.ABSENT, topic


def test_colocation() -> None:
    t = _terms("colocation_sla.txt")
    avail = t.metrics_of(MetricKind.AVAILABILITY)
    assert {m.target for m in avail} == {99.999, 99.99}
    assert all(m.window is Window.YEAR for m in avail)
    assert all(m.measured_by is MeasuredBy.PROVIDER for m in avail)
    names = [s.name for s in t.credits.schedules]
    assert names[:2] == ["Power - Dual-Fed Racks", "Power - Single-Fed Racks"]
    dual = t.credits.schedules[0]
    assert dual.window is Window.YEAR
    bands = [(x.lower, x.upper) for x in dual.tiers]
    assert bands == [(99.99, 99.999), (99.9, 99.95), (None, 99.9)]
    # the gap [99.95, 99.99) is visible: no tier covers it
    assert not any(
        (x.lower is None or x.lower <= 99.97) and (x.upper is None or x.upper > 99.97) for x in dual.tiers
    )
    assert (t.credits.cap_pct, t.credits.cap_window) == (100, Window.YEAR)
    assert t.credits.automatic is False
    assert t.credits.claim_window == Duration(30, TimeUnit.DAY)
    assert t.maintenance.notice == Duration(10, TimeUnit.DAY)
    assert t.maintenance.emergency_discretionary is False
    assert t.chronic_failure is not None
    assert (t.chronic_failure.misses, t.chronic_failure.within) == (3, 12)
    assert _status(t, "termination") is TopicStatus.PRESENT
    assert _status(t, "independent_measurement") is TopicStatus.ABSENT
    urgent = [m for m in t.metrics_of(MetricKind.SUPPORT_RESPONSE) if m.priority == "Urgent"]
    assert urgent and urgent[0].target == 30 and urgent[0].unit == "minutes"


def test_balanced() -> None:
    t = _terms("balanced_managed_services_sla.md")
    [avail] = t.metrics_of(MetricKind.AVAILABILITY)
    assert (avail.target, avail.window, avail.measured_by) == (99.9, Window.MONTH, MeasuredBy.THIRD_PARTY)
    c = t.credits
    assert (c.automatic, c.cap_pct, c.sole_remedy) == (True, 25, False)
    [sched] = c.schedules
    assert [(x.lower, x.upper, x.credit_pct) for x in sched.tiers] == [
        (99.5, 99.9, 5), (99.0, 99.5, 10), (98.0, 99.0, 15), (None, 98.0, 20),
    ]
    assert t.chronic_failure is not None
    assert (t.chronic_failure.misses, t.chronic_failure.within) == (3, 6)
    m = t.maintenance
    assert m.excluded_from_downtime is True
    assert m.monthly_cap == Duration(8, TimeUnit.HOUR)
    assert m.notice == Duration(5, TimeUnit.DAY, business=True)
    assert m.window is not None and "01:00" in m.window
    res = {x.priority: (x.target, x.unit, x.clock) for x in t.metrics_of(MetricKind.RESOLUTION)}
    assert res["P1 Critical"][:2] == (4, "hours")
    assert res["P3 Medium"][:2] == (3, "business_days")
    for topic in ("indemnification", "termination", "dispute_resolution", "change_mechanism",
                  "reporting", "capacity_limits", "independent_measurement", "escalation",
                  "root_cause_analysis", "service_description", "customer_obligations"):
        assert _status(t, topic) is TopicStatus.PRESENT, topic
    assert _status(t, "sole_remedy") is TopicStatus.NEGATED


def test_ola() -> None:
    t = _terms("helpdesk_internal_ola.txt")
    assert t.kind is DocKind.OLA
    assert _status(t, "service_credits") is TopicStatus.NEGATED
    assert not t.metrics_of(MetricKind.AVAILABILITY)
    res = {m.priority: (m.target, m.unit) for m in t.metrics_of(MetricKind.RESOLUTION)}
    assert res == {"P1": (2, "hours"), "P2": (6, "hours"), "P3": (2, "business_days"), "P4": (5, "business_days")}
    assert t.chronic_failure is None


def test_rfp() -> None:
    t = _terms("rfp_service_requirements.md")
    assert t.kind is DocKind.RFP
    [avail] = t.metrics_of(MetricKind.AVAILABILITY)
    assert (avail.target, avail.window, avail.measured_by) == (99.95, Window.MONTH, MeasuredBy.THIRD_PARTY)
    for topic in ("termination", "indemnification", "independent_measurement", "reporting",
                  "maintenance", "service_credits"):
        assert _status(t, topic) is TopicStatus.PRESENT, topic
    assert t.credits.automatic is True
    [rt] = t.metrics_of(MetricKind.SYSTEM_RESPONSE_TIME)
    assert (rt.target, rt.percentile) == (3, 95)
