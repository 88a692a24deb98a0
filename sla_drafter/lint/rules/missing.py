"""missing-<topic> (SLA101-SLA123): a topic the document should cover is absent or denied.

One Rule class per topic, generated from the table below, in `TOPICS` order.
Which topics matter depends on the document kind and the stance: an internal
OLA needs no credits, indemnity or termination right; an RFP requirements
section is only asked for what buyers put in requirements; a provider reviewing
its own paper cares about exclusions and caps more than about credits.

A topic incorporated `by_reference` is satisfied (reported at most as info). A
`negated` topic (the document says it is not given) is worse than an absent one
for the side it protects, and is reported at the sentence that denies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import DocKind, MetricKind
from ...topics import TOPIC_TITLES, TOPICS, TopicStatus, missing_rule_name
from ..registry import Rule
from ._common import worse
from .credits_require_claim import AUTOMATIC_CREDITS

if TYPE_CHECKING:
    from ..context import RuleContext

E, W, INF = Severity.ERROR, Severity.WARNING, Severity.INFO


# topics that an extracted metric proves present even where no cue sits in one sentence
_METRIC_TOPICS = {
    "availability": MetricKind.AVAILABILITY,
    "support_response": MetricKind.SUPPORT_RESPONSE,
    "resolution": MetricKind.RESOLUTION,
}


@dataclass(frozen=True)
class _Spec:
    customer: Severity | None  # SLA, customer stance (None: not reported)
    provider: Severity | None  # SLA, provider stance
    protects: str  # "customer", "provider" or "both": whose protection a denial removes
    rationale: str
    anti: str
    best: str
    clause: str
    fix: str


_MAIN = "The Provider will make the Service available 99.9% of the time in each calendar month."

SPECS: dict[str, _Spec] = {
    "service_description": _Spec(
        W, W, "both",
        "Service levels mean little unless the document says which service, components and environments they cover.",
        "The Provider will respond to incidents within one hour.",
        "This SLA applies to the hosting and operation of the Customer's payroll application, including its production and test environments.",
        "services.description", "Describe the covered service, its components and what is out of scope.",
    ),
    "availability": _Spec(
        E, INF, "customer",
        "An SLA without an availability target commits the provider to nothing about uptime (ITIL 4 Service Level Management).",
        "The Provider will respond to P1 incidents within one hour.",
        _MAIN,
        "availability.commitment", "State an availability target as a percentage over each calendar month.",
    ),
    "support_response": _Spec(
        W, INF, "customer",
        "Without response targets the customer cannot hold the provider to a timely reaction to incidents.",
        _MAIN,
        "The Provider will respond to Priority 1 incidents within 30 minutes, at any time of day.",
        "support.human_response", "Add response targets by priority.",
    ),
    "resolution": _Spec(
        W, INF, "customer",
        "Response without resolution targets lets incidents stay open indefinitely while the SLA is met.",
        _MAIN,
        "The Provider will resolve Priority 1 incidents within 4 hours of the incident being reported.",
        "support.resolution_targets", "Add resolution (restore) targets by priority.",
    ),
    "measurement_method": _Spec(
        E, W, "both",
        "A target without a formula or method of measurement cannot be verified or enforced.",
        # an availability target without a method is measurement-unspecified's to report
        "The Provider will respond to Priority 1 incidents within one hour.",
        "Availability is calculated as (Total Minutes - Downtime Minutes) / Total Minutes x 100.",
        "measurement.method", "Add the availability formula and say what data it uses.",
    ),
    "measurement_period": _Spec(
        W, W, "both",
        "Without a stated measurement period the same outage can be averaged away over any window the provider picks.",
        "The Provider will keep the Service available 99.9% of the time.",
        _MAIN,
        "measurement.period", "Measure each target over a calendar month.",
    ),
    "reporting": _Spec(
        W, INF, "customer",
        "Without regular reports the customer must detect and evidence every failure itself.",
        _MAIN,
        "Within five Business Days after each month end the Provider will send the Customer a service report on availability, incidents and credits due.",
        "reporting.monthly_report", "Require a monthly service report and regular service reviews.",
    ),
    "service_credits": _Spec(
        E, INF, "customer",
        "Service credits are the usual financial consequence of a missed service level; without them targets are unenforceable in practice.",
        # targets with no remedy at all are no-remedy's to report; here exit is the only remedy
        "If Availability falls below 99.9% in three months of any six, the Customer may terminate the Agreement.",
        "If Availability in a month falls below 99.9%, the Provider will credit 10% of the monthly charges.",
        "credits.tiered", "Add a tiered service credit schedule.",
    ),
    "credit_claim_process": _Spec(
        INF, INF, "customer",
        "If credits are not automatic, the customer needs to know how and when to claim them.",
        "If Availability in a month falls below 99.9%, the Provider will credit 10% of the monthly charges.",
        "Service Credits are applied automatically to the next invoice; the Customer does not need to claim them.",
        "credits.automatic", "Make credits automatic, or state how and when to claim them.",
    ),
    "credit_cap": _Spec(
        None, W, "provider",
        "An uncapped credit regime exposes the provider to open-ended price reductions.",
        "If Availability in a month falls below 99.9%, the Provider will credit 10% of the monthly charges.",
        "Total Service Credits in any month will not exceed 30% of the monthly charges.",
        "credits.cap", "Cap total credits per month as a percentage of the monthly charges.",
    ),
    "sole_remedy": _Spec(
        None, W, "provider",
        "Providers usually state whether credits are the sole remedy for a missed level; silence leaves damages claims open.",
        _MAIN,
        # the provider's position, stated so that the customer keeps the right to terminate:
        # sole-and-exclusive-remedy (SLA209) does not report it
        "Service Credits are the Customer's sole remedy for failure to meet the Availability "
        "target, but do not affect the Customer's right to terminate for chronic failure.",
        "remedies.not_exclusive", "State whether credits are the sole remedy or a price adjustment alongside other rights.",
    ),
    "exclusions": _Spec(
        INF, W, "provider",
        "Without defined exclusions it is unclear which events the provider is excused from.",
        _MAIN,
        "Downtime does not include unavailability caused by the Customer's own equipment or by Planned Maintenance within the agreed window.",
        "exclusions.narrow", "List narrow, defined exclusions (customer-caused events, capped maintenance).",
    ),
    "maintenance": _Spec(
        # "no maintenance is excluded; all unavailability counts" takes away the provider's relief
        W, W, "provider",
        "Maintenance rules (notice, window, monthly cap) decide how much planned downtime the customer must accept.",
        _MAIN,
        "Planned maintenance takes place on Sundays between 01:00 and 05:00 with at least five Business Days' notice, up to four hours per month.",
        "maintenance.capped", "Set a maintenance window, minimum notice and a monthly cap.",
    ),
    "customer_obligations": _Spec(
        INF, W, "provider",
        "The provider's relief for customer-caused failures needs stated customer obligations.",
        _MAIN,
        "The Customer is responsible for giving the Provider timely access to its systems and approving changes within agreed timescales.",
        "customer.obligations", "List the customer's dependencies and the relief for failing them.",
    ),
    "dispute_resolution": _Spec(
        W, INF, "both",
        "Disputes about attainment and credits need a stated path (escalation, mediation, arbitration or courts).",
        _MAIN,
        "Any dispute under this SLA is referred first to the parties' service managers, then to executives, then to mediation.",
        "disputes.ladder", "Add a stepped dispute resolution clause.",
    ),
    "indemnification": _Spec(
        E, INF, "customer",
        "Indemnities allocate third-party claim risk; an SLA for a critical service usually carries or points to them.",
        _MAIN,
        "The Provider will indemnify the Customer against losses arising from third-party claims resulting from the Provider's breach.",
        "indemnity.third_party", "Add mutual indemnities for third-party claims, or point to those in the main agreement.",
    ),
    "termination": _Spec(
        E, INF, "customer",
        "Without a right to terminate for chronic failure the customer is locked into a failing service (a standard chronic-failure clause).",
        _MAIN,
        "If the Provider misses the Availability target in three months within a rolling six-month period, the Customer may terminate the Agreement without penalty.",
        "termination.chronic_failure", "Add a right to terminate for chronic or severe service-level failure.",
    ),
    "change_mechanism": _Spec(
        W, INF, "both",
        "Service levels change over a contract's life; without a change procedure one side ends up changing them alone.",
        _MAIN,
        "Changes to this SLA take effect only when agreed in writing and signed by both parties.",
        "change.mutual_agreement", "Require changes to be agreed in writing by both parties.",
    ),
    "escalation": _Spec(
        W, INF, "customer",
        "An escalation path gets stuck incidents to people with authority to act.",
        _MAIN,
        "If a P1 incident is not resolved within two hours, the Customer may escalate it to the Provider's Service Delivery Manager.",
        "escalation.ladder", "Add functional and management escalation levels with contacts and triggers.",
    ),
    "capacity_limits": _Spec(
        INF, INF, "both",
        "Service levels usually hold only within a stated capacity; a limit should be explicit rather than argued after the fact.",
        _MAIN,
        "The Service is sized for up to 500 concurrent users.",
        "capacity.limits", "State the capacity the service levels hold for and how it is increased.",
    ),
    "root_cause_analysis": _Spec(
        INF, INF, "customer",
        "Root-cause reports after major incidents are how recurring failures get fixed.",
        _MAIN,
        "The Provider will deliver a root cause analysis report for every P1 incident within five Business Days.",
        "rca.report", "Require a root-cause report for every major incident.",
    ),
    "independent_measurement": _Spec(
        INF, INF, "customer",
        "Measurement by a third party or by the customer avoids the provider marking its own homework.",
        _MAIN,
        "Availability is measured by an independent third-party monitoring service to which the Customer has read access.",
        "measurement.independent", "Use independent monitoring, or give the customer read access to the raw data.",
    ),
    "audit_rights": _Spec(
        INF, INF, "customer",
        "A right to audit the provider's service-level records lets the customer verify reported attainment.",
        _MAIN,
        "The Customer may audit the Provider's records relating to the service levels once a year on reasonable notice.",
        "audit.rights", "Give the customer a right to audit service-level records.",
    ),
}

# An internal OLA: only what teams owe each other, informational at most.
OLA_TOPICS = frozenset(
    {"service_description", "availability", "support_response", "resolution", "escalation", "reporting"}
)
# A buyer's requirements section: only what buyers put in requirements, at low severity.
RFP_TOPICS = frozenset({"dispute_resolution", "change_mechanism"})
# Topics an attachment to a main agreement often leaves to it.
MAIN_AGREEMENT_TOPICS = frozenset({"dispute_resolution", "indemnification", "change_mechanism"})

_ATTACHMENT = rx(
    r"^\W*(?:attachment|schedule|annex|exhibit|appendix)\b[^\n]{0,80}", re.IGNORECASE
)


def _is_attachment(ctx: RuleContext) -> bool:
    return any(_ATTACHMENT.match(b.text) for b in ctx.doc.blocks[:3])


class MissingTopicRule(Rule):
    """Base of the generated missing-<topic> rules."""

    topic_slug: str = ""
    spec: _Spec

    def base_severity(self, ctx: RuleContext) -> Severity | None:
        slug = self.topic_slug
        if ctx.kind is DocKind.OLA:
            return Severity.INFO if slug in OLA_TOPICS else None
        if ctx.kind is DocKind.RFP:
            return Severity.INFO if slug in RFP_TOPICS else None
        sev = self.spec.provider if ctx.stance == "provider" else self.spec.customer
        if sev is not None and slug in MAIN_AGREEMENT_TOPICS and _is_attachment(ctx):
            sev = Severity.INFO
        return sev

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        slug = self.topic_slug
        found = ctx.terms.topics[slug]
        if found.status is TopicStatus.PRESENT:
            return
        base = self.base_severity(ctx)
        title = TOPIC_TITLES[slug].lower()
        # Outside an SLA a "denial" is usually a requirement or internal policy
        # ("the Trust will not accept unilateral changes"), so treat it as absence.
        absent = found.status is TopicStatus.ABSENT or (
            found.status is TopicStatus.NEGATED and ctx.kind is not DocKind.SLA
        )
        if absent:
            if base is None:
                return
            if found.status is TopicStatus.ABSENT and slug in _METRIC_TOPICS and ctx.terms.metrics_of(_METRIC_TOPICS[slug]):
                return  # a target stated only in a table ("Portal availability | 99.5%") is still a target
            if slug == "maintenance" and _regulates_maintenance(ctx):
                return  # windows, notice or a cap, with the maintenance still counted as downtime
            if slug == "credit_claim_process" and (
                ctx.terms.credits.automatic
                or not ctx.terms.has("service_credits")
                or ctx.search(AUTOMATIC_CREDITS) is not None
            ):
                return
            yield ctx.finding(self, severity=base)
            return
        ev = found.evidence[0] if found.evidence else None
        start = ev.location.start if ev and ev.location else None
        end = ev.location.end if ev and ev.location else None
        evidence = ev.text if ev else ""
        if found.status is TopicStatus.BY_REFERENCE:
            if base is None:
                return
            yield ctx.finding(
                self,
                start=start,
                end=end,
                severity=Severity.INFO,
                message=f"The {title} terms are only incorporated by reference; check the referenced document.",
                evidence=evidence,
            )
            return
        # NEGATED: worse than absent for the side the topic protects.
        side = self.spec.protects
        if base is None or (side != "both" and side != ctx.stance):
            return
        yield ctx.finding(
            self,
            start=start,
            end=end,
            # worse than absent for the customer; for the provider, a considered position
            severity=worse(base) if ctx.stance == "customer" else base,
            message=f"The document expressly excludes {title}.",
            evidence=evidence,
        )


def _regulates_maintenance(ctx: RuleContext) -> bool:
    """The document sets maintenance windows, notice or a cap without leaving the maintenance
    out of the service levels (the maintenance topic is the exclusion)."""
    # extract_maintenance keeps a sentence as evidence whenever it sets any of those fields
    return bool(ctx.terms.maintenance.evidence)


def _make(index: int, slug: str) -> type[MissingTopicRule]:
    spec = SPECS[slug]
    title = TOPIC_TITLES[slug].lower()
    attrs = {
        "__doc__": f"No {title} clause.",
        "__module__": __name__,
        "code": f"SLA{101 + index}",
        "name": missing_rule_name(slug),
        "severity": spec.customer or Severity.INFO,
        "topic": slug,
        "groups": ("missing",),
        "topic_slug": slug,
        "spec": spec,
        "rationale": spec.rationale,
        "anti_pattern": spec.anti,
        "best_practice": spec.best,
        "fix_clause": spec.clause,
        "fix_text": spec.fix,
    }
    cls_name = "Missing" + "".join(p.title() for p in slug.split("_"))
    return type(cls_name, (MissingTopicRule,), attrs)


MISSING_RULES: tuple[type[MissingTopicRule], ...] = tuple(
    _make(i, slug) for i, slug in enumerate(TOPICS)
)
