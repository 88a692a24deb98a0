"""Spec -> requirements profile: a buyer's ideal SLA and its RFP ask the same things.

`requirements_from_spec` maps each metric and topic block of a validated spec to a
requirement with a stable id in spec order, and returns YAML text that loads back
through `parse_requirements` (checked before it is returned).
"""

from __future__ import annotations

from typing import Any

import yaml

from ..spec import Spec
from ..units import Percent
from .requirements import parse_requirements

# Which requirements a derived profile makes mandatory, and their default weights.
_WEIGHTS: dict[str, tuple[str, int]] = {
    "availability": ("mandatory", 10),
    "measurement": ("mandatory", 5),
    "support_response": ("mandatory", 8),
    "resolution": ("mandatory", 8),
    "system_response_time": ("desirable", 4),
    "throughput": ("desirable", 3),
    "custom": ("desirable", 2),
    "capacity": ("mandatory", 4),
    "reporting": ("mandatory", 4),
    "service_credits": ("mandatory", 8),
    "termination": ("mandatory", 5),
    "indemnification": ("desirable", 2),
    "dispute_resolution": ("desirable", 2),
    "change_control": ("mandatory", 3),
    "escalation": ("desirable", 2),
    "root_cause_analysis": ("desirable", 2),
    "maintenance": ("desirable", 2),
    "audit": ("desirable", 1),
}



def _metric_requirements(spec: Spec) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    measured: list[dict[str, Any]] = []
    for metric in spec.metrics():
        raw = metric.raw
        req: dict[str, Any] = {"kind": metric.kind, "title": metric.display_name if metric.name else None}
        if metric.service:
            service = spec.service(metric.service)
            req["service"] = service["name"] if service else metric.service
        if metric.kind == "availability":
            req.update(target=str(metric.percent), window=metric.window, clock=metric.clock)
        elif metric.kind in ("support_response", "resolution"):
            req["targets"] = [
                {"priority": t.priority, "target": str(t.target), "clock": t.clock} for t in metric.targets
            ]
            if metric.kind == "support_response" and metric.human_response:
                req["human_response"] = True
        elif metric.kind == "system_response_time":
            req.update(target=str(raw["target"]), percentile=raw["percentile"], function=raw["function"],
                       window=metric.window)  # fmt: skip
        else:  # throughput, custom
            req["target"] = raw["target"]
            if raw.get("unit"):
                req["unit"] = raw["unit"]
            if metric.kind == "custom":
                req["description"] = raw.get("description") or metric.display_name
                # the metric's own name is what a vendor's paper (and our draft) calls it
                req["keywords"] = [metric.display_name]
        out.append(req)
        if metric.measured_by in ("third_party", "customer", "joint") and metric.kind == "availability":
            measured.append(
                {
                    "kind": "measurement",
                    "title": f"Measurement of {metric.display_name}",
                    "measured_by": metric.measured_by,
                    "tools": metric.method,
                    "data": metric.data_source,
                    "independent_monitoring": "required" if metric.measured_by == "third_party" else "allowed",
                }
            )
    return out + measured


def _capacity(spec: Spec) -> list[dict[str, Any]]:
    out = []
    for service in spec.services:
        cap = service.get("capacity") or {}
        if cap.get("concurrent_users") or cap.get("requests_per_second") is not None:
            req: dict[str, Any] = {"kind": "capacity", "title": f"Capacity of {service['name']}"}
            if cap.get("concurrent_users"):
                req["concurrent_users"] = cap["concurrent_users"]
            if cap.get("requests_per_second") is not None:
                req["requests_per_second"] = cap["requests_per_second"]
            out.append(req)
    return out


def _credits(block: dict[str, Any]) -> dict[str, Any]:
    req: dict[str, Any] = {"kind": "service_credits"}
    if block.get("tiers"):
        req["tiers"] = [
            {"below": str(Percent.parse(t["below"])), "credit": str(Percent.parse(t["credit"]))}
            for t in block["tiers"]
        ]
    if block.get("cap") is not None:
        req["min_cap"] = str(Percent.parse(block["cap"]))
    if block.get("automatic") is not None:
        req["automatic"] = bool(block["automatic"])
    if block.get("automatic") is False and block.get("claim_window"):
        req["min_claim_window"] = block["claim_window"]
    if block.get("sole_remedy") is False:
        req["sole_remedy_allowed"] = False
    return req


def _topic_requirements(spec: Spec) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    reporting = spec.block("reporting")
    if isinstance(reporting, dict) and reporting:
        req: dict[str, Any] = {"kind": "reporting"}
        if reporting.get("frequency"):
            req["frequency"] = reporting["frequency"]
        if reporting.get("portal"):
            req["portal"] = True
        if reporting.get("content"):
            req["content"] = list(reporting["content"])
        out.append(req)
    credits = spec.block("service_credits")
    if isinstance(credits, dict) and credits:
        out.append(_credits(credits))
    termination = spec.block("termination")
    if isinstance(termination, dict) and termination.get("chronic_failure"):
        chronic = termination["chronic_failure"]
        out.append({"kind": "termination", "chronic_failure": {"misses": chronic["misses"], "within": chronic["within"]}})
    indemnity = spec.block("indemnification")
    if isinstance(indemnity, dict) and indemnity:
        req = {"kind": "indemnification"}
        if indemnity.get("scope"):
            req["items"] = list(indemnity["scope"])
        else:
            req["description"] = "An indemnity for third-party claims arising from the bidder's breach."
        out.append(req)
    out += _described_topics(spec)
    return out


def _described_topics(spec: Spec) -> list[dict[str, Any]]:
    """Topics a requirement states in words: what the spec fixes, said as an ask."""
    out: list[dict[str, Any]] = []
    disputes = spec.block("dispute_resolution")
    if isinstance(disputes, dict) and disputes:
        steps = ["escalation between the parties" if disputes.get("escalation") else "",
                 "mediation" if disputes.get("mediation") else "",
                 str(disputes.get("final") or "")]  # fmt: skip
        text = ", then ".join(s for s in steps if s)
        out.append({"kind": "dispute_resolution", "description": f"A staged dispute procedure: {text}."})
    change = spec.block("change")
    if isinstance(change, dict) and change:
        text = "The service levels change only by written agreement of both parties"
        if change.get("review"):
            text += f", and are reviewed {change['review']}"
        out.append({"kind": "change_control", "description": text + "."})
    escalation = spec.block("escalation")
    if isinstance(escalation, list) and escalation:
        out.append({"kind": "escalation",
                    "description": f"A named escalation path of {len(escalation)} levels on both sides."})  # fmt: skip
    rca = spec.block("root_cause_analysis")
    if isinstance(rca, dict) and rca:
        prios = " and ".join(rca.get("priorities") or []) or "major"
        within = f" within {rca['within']}" if rca.get("within") else ""
        out.append({"kind": "root_cause_analysis",
                    "description": f"A written root cause analysis for every {prios} incident{within}."})  # fmt: skip
    maintenance = spec.block("maintenance")
    if isinstance(maintenance, dict) and maintenance:
        bits = [f"{maintenance['notice']} notice" if maintenance.get("notice") else "",
                f"at most {maintenance['monthly_cap']} a month" if maintenance.get("monthly_cap") else "",
                f"within {maintenance['window']}" if maintenance.get("window") else ""]  # fmt: skip
        out.append({"kind": "maintenance",
                    "description": "Planned maintenance with " + ", ".join(b for b in bits if b) + "."})  # fmt: skip
    audit = spec.block("audit")
    if isinstance(audit, dict) and audit:
        freq = audit.get("frequency") or "periodically"
        out.append({"kind": "audit", "description": f"The right to audit service level records {freq}."})
    return out


def _clean(req: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in req.items() if v is not None}


def requirements_data(spec: Spec) -> dict[str, Any]:
    """The requirements profile a spec implies, as plain data in schema order."""
    rfp: dict[str, Any] = {
        "title": "Service Level Requirements",
        "buyer": spec.party_name("customer"),
        "services": [s["name"] for s in spec.services],
    }
    coverage = next((s.get("coverage") for s in spec.services if s.get("coverage")), None) or {}
    for key in ("business_hours", "business_days", "timezone"):
        if coverage.get(key):
            rfp[key] = coverage[key]
    fee = (spec.block("service_credits") or {})
    if isinstance(fee, dict) and fee.get("monthly_fee"):
        rfp["monthly_fee"] = fee["monthly_fee"]
    reqs = _metric_requirements(spec) + _capacity(spec) + _topic_requirements(spec)
    numbered = []
    for i, req in enumerate(reqs, start=1):
        need, weight = _WEIGHTS[req["kind"]]
        head = {"id": f"SLR-{i:02d}", "kind": req["kind"], "title": req.get("title"), "need": need, "weight": weight}
        numbered.append(_clean({**head, **{k: v for k, v in req.items() if k not in head}}))
    return {"sla_drafter_requirements": 1, "rfp": rfp, "requirements": numbered}


def requirements_from_spec(spec: Spec) -> str:
    """YAML text of the derived profile, validated by loading it back."""
    data = requirements_data(spec)
    header = (
        f"# Requirements derived from {spec.path.name} by `sla-drafter rfp --from-spec`.\n"
        "# Review need (mandatory/desirable) and weight for each requirement before issuing.\n"
    )
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    parse_requirements(text, f"<derived from {spec.path}>")
    return text


__all__ = ["requirements_data", "requirements_from_spec"]
