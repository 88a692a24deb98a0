"""Spec -> Terms: what a spec says, in the Terms model the linter reads.

The mapping is exact (no extraction, no guessing): every topic present in the
spec carries evidence naming the spec path it came from, e.g.
``service_credits.cap: 30%``.
"""

from __future__ import annotations

from typing import Any

from .spec import Spec, SpecMetric
from .terms import (
    ChronicFailure,
    Clock,
    Credits,
    CreditSchedule,
    CreditTier,
    DocKind,
    Evidence,
    Maintenance,
    MeasuredBy,
    Metric,
    MetricKind,
    Terms,
    TopicFinding,
    Window,
)
from .topics import TopicStatus
from .units import Duration, Percent, format_number

WINDOWS: dict[str, Window] = {
    "calendar_month": Window.MONTH,
    "quarter": Window.QUARTER,
    "year": Window.YEAR,
}
CREDIT_BASE_WINDOWS: dict[str, Window] = {
    "monthly_charges": Window.MONTH,
    "annual_charges": Window.YEAR,
    "service_charges": Window.MONTH,
}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def _evidence(path: str, value: Any) -> Evidence:
    return Evidence(text=f"{path}: {_show(value)}")


def measured_by(metric: SpecMetric) -> MeasuredBy:
    """Provider measurement the customer can inspect counts as joint (DESIGN.md MeasuredBy.JOINT)."""
    if metric.measured_by is None:
        return MeasuredBy.UNSPECIFIED
    if metric.measured_by == "provider" and metric.customer_access:
        return MeasuredBy.JOINT
    return MeasuredBy(metric.measured_by)


def _metric_terms(metric: SpecMetric) -> list[Metric]:
    kind = MetricKind(metric.kind)
    common: dict[str, Any] = {
        "name": metric.display_name,
        "window": WINDOWS[metric.window],
        "measured_by": measured_by(metric),
        "method": metric.method,
        "percentile": float(metric.percentile) if metric.percentile is not None else None,
    }
    if metric.targets:
        out = []
        for t in metric.targets:
            unit = t.target.unit.value + "s"
            out.append(
                Metric(
                    kind=kind,
                    target=t.target.value,
                    unit=f"business_{unit}" if t.target.business else unit,
                    clock=Clock(t.clock),
                    priority=t.priority,
                    evidence=_evidence(f"{metric.path}.targets[{t.index}].target", str(t.target)),
                    **common,
                )
            )
        return out
    if metric.percent is not None:
        target: float | None = metric.percent.value
    elif metric.number is not None:
        target = metric.number
    elif metric.duration is not None:
        target = metric.duration.value
    else:
        target = None
    raw_target = metric.raw.get("target")
    return [
        Metric(
            kind=kind,
            target=target,
            unit=metric.unit,
            clock=Clock(metric.clock),
            evidence=_evidence(f"{metric.path}.target", raw_target),
            **common,
        )
    ]


def credit_tiers(block: dict[str, Any], path: str) -> list[CreditTier]:
    """Spec tiers {below, at_least, credit} -> attainment bands [at_least, below)."""
    tiers = []
    for j, tier in enumerate(block.get("tiers") or []):
        lower = Percent.parse(tier["at_least"]).value if tier.get("at_least") is not None else None
        tiers.append(
            CreditTier(
                credit_pct=Percent.parse(tier["credit"]).value,
                lower=lower,
                upper=Percent.parse(tier["below"]).value,
                lower_inclusive=True,
                upper_inclusive=False,
                evidence=_evidence(f"{path}.tiers[{j}]", tier),
            )
        )
    return tiers


def _credit_blocks(spec: Spec) -> list[tuple[str, str, dict[str, Any]]]:
    """(schedule name, spec path, block) for every service_credits block in the spec."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    if spec.data.get("service_credits"):
        found.append(("Availability", "service_credits", spec.data["service_credits"]))
    for level, payload in spec.level_blocks():
        if payload.get("service_credits"):
            name = "Availability"
            if level.startswith("services."):
                service = spec.service(level.split(".", 1)[1])
                name = f"Availability - {service['name']}" if service else name
            found.append((name, f"levels.{level}.service_credits", payload["service_credits"]))
    return found


def _credits(spec: Spec, metrics: list[SpecMetric]) -> Credits:
    blocks = _credit_blocks(spec)
    credits = Credits()
    if not blocks:
        return credits
    availability = [m for m in metrics if m.kind == "availability" and m.percent]
    for name, path, block in blocks:
        service_id = path.split(".")[2] if path.startswith("levels.services.") else None
        own = [m for m in availability if service_id is None or m.service == service_id]
        target = min(m.percent.value for m in own if m.percent) if own else None
        window = WINDOWS[own[0].window] if own else None
        credits.schedules.append(
            CreditSchedule(
                name=name,
                tiers=credit_tiers(block, path),
                target=target,
                window=window,
                evidence=_evidence(f"{path}.tiers", f"{len(block.get('tiers') or [])} tiers"),
            )
        )
    _, path, main = blocks[0]
    if main.get("cap") is not None:
        credits.cap_pct = Percent.parse(main["cap"]).value
        credits.cap_window = CREDIT_BASE_WINDOWS.get(main.get("base", "monthly_charges"), Window.MONTH)
        credits.evidence.append(_evidence(f"{path}.cap", main["cap"]))
    if main.get("automatic") is not None:
        credits.automatic = bool(main["automatic"])
        credits.evidence.append(_evidence(f"{path}.automatic", main["automatic"]))
    if main.get("claim_window"):
        credits.claim_window = Duration.parse(main["claim_window"])
    if main.get("payment"):
        credits.cash = main["payment"] in ("cash", "either")
        credits.evidence.append(_evidence(f"{path}.payment", main["payment"]))
    if main.get("sole_remedy") is not None:
        credits.sole_remedy = bool(main["sole_remedy"])
        credits.evidence.append(_evidence(f"{path}.sole_remedy", main["sole_remedy"]))
    return credits


def _maintenance(block: dict[str, Any] | None) -> Maintenance:
    if not block:
        return Maintenance()
    return Maintenance(
        # Planned maintenance that keeps to notice, cap and window is not Downtime.
        excluded_from_downtime=True,
        notice=Duration.parse(block["notice"]) if block.get("notice") else None,
        monthly_cap=Duration.parse(block["monthly_cap"]) if block.get("monthly_cap") else None,
        window=block.get("window"),
        emergency_discretionary=False if block.get("emergency_notice") else None,
        evidence=[_evidence(f"maintenance.{k}", v) for k, v in block.items()],
    )


def _block_path(spec: Spec, name: str) -> str:
    if spec.data.get(name) is not None:
        return name
    for level, payload in spec.level_blocks():
        if name in payload:
            return f"levels.{level}.{name}"
    return name


def _topics(spec: Spec, metrics: list[SpecMetric]) -> dict[str, list[Evidence]]:
    """topic -> evidence for every topic the spec covers."""
    found: dict[str, list[Evidence]] = {}

    def add(topic: str, path: str, value: Any) -> None:
        found.setdefault(topic, []).append(_evidence(path, value))

    for i, service in enumerate(spec.services):
        add("service_description", f"services[{i}].name", service["name"])
        if service.get("capacity"):
            add("capacity_limits", f"services[{i}].capacity", service["capacity"])
    for m in metrics:
        if m.kind in ("availability", "support_response", "resolution"):
            add(m.kind, f"{m.path}.kind", m.kind)
        if m.method:
            add("measurement_method", f"{m.path}.measurement.method", m.method)
        add("measurement_period", f"{m.path}.window", m.window)
        if m.measured_by in ("third_party", "customer"):
            add("independent_measurement", f"{m.path}.measurement.by", m.measured_by)
    simple = {
        "reporting": "reporting",
        "exclusions": "exclusions",
        "maintenance": "maintenance",
        "customer_obligations": "customer_obligations",
        "dispute_resolution": "dispute_resolution",
        "indemnification": "indemnification",
        "change_mechanism": "change",
        "escalation": "escalation",
        "root_cause_analysis": "root_cause_analysis",
        "audit_rights": "audit",
    }
    for topic, block_name in simple.items():
        value = spec.block(block_name)
        if value:
            add(topic, _block_path(spec, block_name), value)
    termination = spec.block("termination")
    if isinstance(termination, dict):
        path = _block_path(spec, "termination")
        for key in ("chronic_failure", "severe_failure"):
            if termination.get(key) is not None:
                add("termination", f"{path}.{key}", termination[key])
    credits = spec.block("service_credits")
    if isinstance(credits, dict):
        path = _block_path(spec, "service_credits")
        if credits.get("tiers"):
            add("service_credits", f"{path}.tiers", f"{len(credits['tiers'])} tiers")
        if credits.get("cap") is not None:
            add("credit_cap", f"{path}.cap", credits["cap"])
        if credits.get("automatic") is not None:
            add("credit_claim_process", f"{path}.automatic", credits["automatic"])
        if credits.get("claim_window"):
            add("credit_claim_process", f"{path}.claim_window", credits["claim_window"])
        if credits.get("sole_remedy") is not None:
            add("sole_remedy", f"{path}.sole_remedy", credits["sole_remedy"])
    return found


def _parties(spec: Spec) -> dict[str, list[str]]:
    parties = spec.data["parties"]
    out: dict[str, list[str]] = {}
    for role in ("provider", "customer"):
        if role in parties:
            names = [parties[role]["name"]]
            if parties[role].get("short_name"):
                names.append(parties[role]["short_name"])
            out[role] = names
    for team in parties.get("teams") or []:
        names = out.setdefault(team["role"], [])
        names.append(team["name"])
        if team.get("short_name"):
            names.append(team["short_name"])
    return out


def spec_to_terms(spec: Spec) -> Terms:
    """The Terms a spec states, exactly; topics it does not cover stay absent."""
    metrics = spec.metrics()
    terms = Terms(kind=DocKind.OLA if spec.is_ola else DocKind.SLA)
    for topic, evidence in _topics(spec, metrics).items():
        terms.topics[topic] = TopicFinding(status=TopicStatus.PRESENT, evidence=evidence)
    terms.metrics = [t for m in metrics for t in _metric_terms(m)]
    terms.credits = _credits(spec, metrics)
    maintenance = spec.block("maintenance")
    terms.maintenance = _maintenance(maintenance if isinstance(maintenance, dict) else None)
    termination = spec.block("termination")
    if isinstance(termination, dict) and termination.get("chronic_failure"):
        chronic = termination["chronic_failure"]
        terms.chronic_failure = ChronicFailure(
            misses=chronic["misses"],
            within=chronic["within"],
            evidence=_evidence(f"{_block_path(spec, 'termination')}.chronic_failure", chronic),
        )
    terms.parties = _parties(spec)
    return terms
