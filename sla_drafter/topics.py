"""The fixed topic slugs shared by the clause library, the spec and the linter (DESIGN.md)."""

from __future__ import annotations

from enum import StrEnum

TOPICS: tuple[str, ...] = (
    "service_description",
    "availability",
    "support_response",
    "resolution",
    "measurement_method",
    "measurement_period",
    "reporting",
    "service_credits",
    "credit_claim_process",
    "credit_cap",
    "sole_remedy",
    "exclusions",
    "maintenance",
    "customer_obligations",
    "dispute_resolution",
    "indemnification",
    "termination",
    "change_mechanism",
    "escalation",
    "capacity_limits",
    "root_cause_analysis",
    "independent_measurement",
    "audit_rights",
)

TOPIC_TITLES: dict[str, str] = {
    "service_description": "Service description",
    "availability": "Availability",
    "support_response": "Support response",
    "resolution": "Resolution",
    "measurement_method": "Measurement method",
    "measurement_period": "Measurement period",
    "reporting": "Reporting",
    "service_credits": "Service credits",
    "credit_claim_process": "Credit claim process",
    "credit_cap": "Credit cap",
    "sole_remedy": "Sole remedy",
    "exclusions": "Exclusions",
    "maintenance": "Maintenance",
    "customer_obligations": "Customer obligations",
    "dispute_resolution": "Dispute resolution",
    "indemnification": "Indemnification",
    "termination": "Termination for chronic failure",
    "change_mechanism": "Change mechanism",
    "escalation": "Escalation",
    "capacity_limits": "Capacity limits",
    "root_cause_analysis": "Root cause analysis",
    "independent_measurement": "Independent measurement",
    "audit_rights": "Audit rights",
}


class TopicStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    BY_REFERENCE = "by_reference"
    NEGATED = "negated"


def missing_rule_name(topic: str) -> str:
    """`indemnification` -> `missing-indemnification` (rule names use dashes)."""
    return "missing-" + topic.replace("_", "-")
