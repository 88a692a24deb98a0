"""SLA203 provider-self-measurement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import MeasuredBy
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import PROVIDER

if TYPE_CHECKING:
    from ..context import RuleContext

_CONCLUSIVE = rx(
    r"\b(?:sole\s+and\s+conclusive|conclusive\s+(?:record|evidence|proof)|final\s+and\s+binding\s+record)",
    re.IGNORECASE,
)
_FINAL = rx(
    r"\b(?:final|binding|conclusive)\b|\bsole\s+(?:record|evidence|source|basis)", re.IGNORECASE
)
_READ_ACCESS = rx(
    r"\bread(?:-only)?\s+access\b|\baccess\s+to\s+the\s+(?:raw\s+)?(?:monitoring\s+)?(?:data|readings|dashboards?)"
    r"|\bexport\s+the\s+raw\s+data",
    re.IGNORECASE,
)
# the buyer named as a role or a public body
_BUYER = (
    r"\b(?:the\s+)?(?:customer|client|buyer|authority|purchaser|trust|council|university|department|agency|"
    r"commissioner|government|board|school|hospital|you)"
)
_INDEPENDENT = rx(
    r"\bindependent\s+(?:third[- ]party\s+)?(?:monitor(?:ing|s)?|measurement)\b"
    # "an Independent Assurance Provider conducts end-user monitoring", "an independent
    # synthetic-monitoring firm": an outside body that measures (not an "independent contractor")
    r"|\bindependent\s+(?:[\w-]+\s+){0,2}?(?:providers?|agency|firm|company|assessors?|auditors?|body|organi[sz]ation)\b"
    r"[^.\n]{0,80}?\b(?:monitor\w*|measur\w*|probes?|tests?)\b"
    r"|\bindependent\s+[\w-]*monitoring\s+(?:providers?|services?|firm|company|vendor)\b"
    r"|\bthird[- ]party\s+(?:synthetic\s+)?monitoring"
    r"|\b(?:measured|monitored)\s+by\s+(?:the\s+)?(?:customer|client)\b"
    # the buyer may audit the raw figures behind the levels: "the Trust may ... audit records of Faults,
    # monitoring data and Service Level calculations"
    rf"|{_BUYER}\s+(?:may|shall\s+be\s+entitled\s+to|is\s+entitled\s+to|has\s+the\s+right\s+to)\b[^.\n]{{0,200}}?\b(?:audit|inspect|verify)\w*\b"
    r"[^.\n]{0,120}?\b(?:monitoring\s+(?:data|records|logs)|service\s+level\s+calculations?|performance\s+calculations?|raw\s+(?:data|measurements))\b"
    # the buyer's own tools named as a source: "Government monitoring tools", "the Buyer's own monitoring data"
    rf"|{_BUYER}(?:['’]s)?\s+(?:own\s+)?(?:[\w-]+\s+)?(?:monitoring|measurement)\s+(?:tools?|systems?|data|services?|probes?)\b"
    # the buyer, by whatever name, runs its own checks, or its figures win: "the Council may run its
    # own synthetic monitoring", "where the figures differ, the Trust's records prevail"
    rf"|{_BUYER}\s+(?:may|will|shall|can|is\s+entitled\s+to)\s+(?:also\s+)?(?:operate|run|carry\s+out|conduct|use|deploy|perform)\s+"
    r"(?:its|their|your)\s+own\s+(?:[\w-]+\s+){0,3}?(?:monitoring|measurements?|probes?|tests?|checks?)\b"
    rf"|{_BUYER}['’]s\s+(?:own\s+)?(?:[\w-]+\s+){{0,3}}?(?:records?|data|measurements?|monitoring(?:\s+data)?|figures)\s+(?:shall|will|are\s+to)\s+prevail\b",
    re.IGNORECASE,
)


# A possessive naming someone other than the customer or an outsider ("Acme's", "Acme’s"):
# in a measurement clause, an undefined trade name is almost always the provider's.
_OTHERS = (
    r"(?:customer|client|buyer|authority|purchaser|subscriber|licensee|user|auditor|agency|"
    r"regulator|third|party|independent|expert|arbitrator|adjudicator|mediator|court|tribunal|panel|committee|board|"
    r"trust|council|university|department|government|commissioner|school|hospital)"
)
_POSSESSIVE = rf"(?!{_OTHERS}['’]s)\w+['’]s"
# what a clause is about when the provider's word on it decides a credit
_SLA_OBJECT = rx(
    r"\b(?:uptime|availab|unavailab|downtime|outage|interruption|credit|claim|service\s+level|incident|"
    r"bugs?\b|defect|fault|failure|technical\s+(?:issues?|problems?)|request\s+is\s+covered)",
    re.IGNORECASE,
)
# the provider judges a claim or what counts, by its own lights (no tool named):
_JUDGE = rx(
    # "the provider will review the customer's claim against its uptime records"
    r"\b(?:review|check|assess|verif(?:y|ies)|validat(?:e|es)|evaluat(?:e|es))\s+(?:the\s+|any\s+|each\s+|such\s+|a\s+)?"
    r"(?:\w+['’]s\s+|your\s+)?(?:credit\s+)?(?:request|claim)s?\s+(?:against|by\s+reference\s+to)\b"
    r"(?!\s+(?:the\s+|any\s+)?(?:independent|customer|client|buyer|your|third|jointly|shared|agreed))"
    # "will make a determination in good faith based on its own logs and monitoring reports"
    r"|\b(?:determination|determines?|decides?|decision)\b[^.\n]{0,50}?\b(?:based\s+on|by\s+reference\s+to|"
    r"using|from)\s+(?:its|our|their)\s+(?:own\s+)?(?:internal\s+)?(?:system\s+|server\s+)?"
    r"(?:logs?|records?|monitoring|data|measurements?)\b"
    # "has an internal alerting system that tells it when the service is failing"
    r"|\binternal\s+(?:alerting|alarm|alert)\s+(?:systems?|tools?)\b"
    # "non-conformities will be treated as defects at the discretion of the vendor"
    r"|\b(?:considered|deemed|treated|regarded|classified|counted)\s+(?:as\s+)?(?:an?\s+)?"
    r"(?:bugs?|defects?|incidents?|downtime|outages?|unavailab\w*|errors?|failures?|faults?)\b"
    rf"[^.\n]{{0,40}}?\b(?:at|in)\s+(?:the\s+|its\s+|our\s+|{_POSSESSIVE}\s+)?(?:sole\s+|absolute\s+|own\s+)*discretion"
    rf"(?!\s+of\s+(?:the\s+)?{_OTHERS})"
    # "whether a request is covered ... the decision is at the discretion of the vendor"
    r"|\b(?:covered|eligib\w+|qualif\w+)\b[^.\n]{0,60}?\bdecision\s+(?:is|shall\s+be|will\s+be|rests)\s+"
    rf"(?:at|in|with)\s+(?:the\s+|its\s+|our\s+|{_POSSESSIVE}\s+)?(?:sole\s+|absolute\s+|own\s+)*discretion"
    rf"(?!\s+of\s+(?:the\s+)?{_OTHERS})",
    re.IGNORECASE,
)


# what a provider measures with: its tools, logs, probes, telemetry
_TOOLS = (
    r"(?:monitoring|tools?|systems?|records?|equipment|data|units|logs|probes?|telemetry|observability|"
    # a platform or portal the provider runs, and the timestamps it records there
    r"platforms?|portals?|timestamps|"
    r"(?:health|synthetic)[- ]checks?|checks\s+(?=(?:that\s+|which\s+)?(?:it|we)\s)|sensors?)"
)
# a customer's right over the provider's data is not the provider measuring itself
_CUSTOMER_RIGHT = rx(
    r"\b(?:customers?|clients?|buyers?|authority|purchasers?|subscribers?|licensees?|you|auditors?|nominees?)\b"
    r"[^.\n]{0,60}?\b(?:may|can|is\s+entitled\s+to|are\s+entitled\s+to|(?:has|have)\s+the\s+right\s+to|right\s+to)\s+"
    r"(?:\w+\s+)?(?:audit|inspect|examine|access|review|obtain|copy)\b"
    # an outside body's decision that binds the provider: "its decision is binding on us if you accept it"
    r"|\bbinding\s+on\s+(?:us|the\s+(?:provider|supplier|company|vendor|contractor|operator))\b",
    re.IGNORECASE,
)
# words a capitalised subject must not be, to be read as the provider's trade name
_NOT_NAMES = frozenset(
    ["the", "this", "that", "these", "those", "it", "its", "we", "our", "you", "your", "they", "their", "he", "she", "a", "an", "any", "each", "every", "all", "no", "customer", "client", "buyer", "purchaser", "subscriber", "licensee", "user", "users", "authority", "agency", "hospital", "merchant", "service", "services", "agreement", "schedule", "sla", "section", "clause", "table", "annex", "appendix", "exhibit", "priority", "severity", "if", "where", "when", "unless", "availability", "uptime", "downtime", "incident", "incidents", "credits", "credit", "either", "neither", "both", "party", "parties", "provider", "supplier", "vendor", "contractor", "company", "licensor", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_ACTOR = rx(
    r"\b([A-Z][A-Za-z0-9&-]{1,30})\s+(?:will|shall|may|must|runs|operates|provides|publishes|measures|"
    r"monitors|guarantees|commits|carries\s+out|opens|sets|assigns|determines|aims|reserves)\b"
)


def provider_names(ctx: RuleContext) -> tuple[str, ...]:
    """The provider's names: those the extractor found, else a trade name that acts
    ("Acme will ...", "Acme publishes ...") at least three times and more than any other."""
    found = ctx.memo.get("provider_names")
    if isinstance(found, tuple):
        return found
    names = tuple(n for n in ctx.terms.parties.get("provider", ()) if n.lower() not in ("we", "us", "our"))
    if not names:
        counts: dict[str, int] = {}
        for m in _ACTOR.finditer(ctx.doc.text):
            word = m.group(1)
            if word.lower() not in _NOT_NAMES:
                counts[word] = counts.get(word, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            names = (ranked[0][0],)
    ctx.memo["provider_names"] = names
    return names


@lru_cache(maxsize=64)
def _conclusive_re(names: tuple[str, ...]) -> re.Pattern[str]:
    """The provider's own records are final, or win over any other data: "Acme's logs are
    conclusive", "our records are final", "where the two differ, Acme's logs prevail"."""
    who = r"(?:its|our|their|" + _POSSESSIVE + ")"
    if names:
        who = "(?:" + "|".join(re.escape(n) + r"(?:['’]s)?" for n in names) + "|" + who[3:]
    owned = (
        rf"\b{who}\s+(?:own\s+)?(?:internal\s+)?(?:[\w-]+\s+){{0,2}}?"
        r"(?:records?|logs?|data|measurements?|telemetry|readings|figures|monitoring(?:\s+(?:data|results))?)"
    )
    return re.compile(
        rf"{owned}\s+(?:are|is|shall\s+be|will\s+be)\s+(?:(?:final|conclusive|binding|definitive|authoritative)\b)"
        rf"|{owned}\s+(?:will|shall|must)\s+(?:prevail|govern|control|take\s+precedence)\b"
        # "Acme's system logs are the sole basis for calculating uptime"
        rf"|{owned}\s+(?:are|is|shall\s+be|will\s+be)\s+the\s+(?:sole|only|exclusive)\s+(?:basis|source|record|evidence|measure)\b"
        # "Acme's determination (of availability) is final and binding"
        rf"|\b{who}\s+(?:own\s+)?(?:determination|calculation|assessment|decision|measurement|reading)\s+(?:of\s+[^.\n]{{0,80}}?)?"
        r"(?:is|shall\s+be|will\s+be)\s+(?:final|conclusive|binding)\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=64)
def _measures_re(names: tuple[str, ...]) -> re.Pattern[str]:
    """The provider, in the active voice, measures with tools it owns: "Acme measures the
    service levels from the access logs of its gateways", "using probes it operates"; and
    it checks a claim only against its own logs."""
    subj = r"(?:we|the\s+(?:service\s+)?provider|the\s+supplier|the\s+vendor|the\s+contractor|the\s+company|the\s+licensor)"
    if names:
        subj = "(?:" + "|".join(re.escape(n) for n in names) + "|" + subj[3:]
    owned = (
        rf"(?:\b(?:its|our|their)\s+(?:own\s+)?(?:[\w-]+\s+){{0,3}}?{_TOOLS}\b"
        rf"|\b{_TOOLS}\s+(?:of|from|on|in)\s+(?:its|our)\b"
        rf"|\b{_TOOLS}\s+(?:that\s+|which\s+)?(?:it|we)\s+(?:operates?|runs?|hosts?|maintains?|controls?|owns?|administers?)\b)"
    )
    poss = r"(?:its|our|" + (("|".join(re.escape(n) + r"['’]s" for n in names) + "|") if names else "") + r"the\s+provider['’]s)"
    return re.compile(
        rf"\b{subj}\s+(?:measures?|monitors?|calculates?|computes?|records?|tracks?|determines?|assess(?:es)?)\b[^.\n]{{0,80}}?{owned}"
        # the provider runs the probe itself: "we measure uptime with an HTTP request to a health endpoint"
        rf"|\b{subj}\s+(?:[^.\n]{{0,60}}?\s)?(?:measures?|monitors?|calculates?|tracks?|checks?)\s+(?:the\s+)?(?:sla\s+|service\s+|monthly\s+)?"
        r"(?:uptime|availability|downtime)\s+(?:\w+\s+)?(?:with|using|through|via|by\s+(?:sending|making|running|issuing|polling))\b"
        # "if we cannot confirm the downtime from our proxy logs, no credit is due"
        rf"|\b(?:confirm|verif(?:y|ies)|validat(?:e|es)|corroborat(?:e|es)|substantiat(?:e|es))\s+"
        rf"(?:the\s+|any\s+|such\s+|each\s+|that\s+)?(?:downtime|outages?|unavailability|incidents?|claims?|failures?|errors?)\b"
        rf"[^.\n]{{0,20}}?\b(?:from|against|in|using|with|by\s+reference\s+to)\s+{poss}\s+(?:own\s+)?(?:[\w-]+\s+){{0,2}}?{_TOOLS}\b",
        re.IGNORECASE,
    )


# the provider named as the passive agent, from its own tools ("as determined by Acme from its
# system logs"), or as the only one who works the figure out, no source named ("Uptime is
# calculated by Acme.")
_NAMED_AGENT = (
    rf"(?:the\s+)?(?!{_OTHERS}\b|an?\b|the\b|reference\b|means\b|us\b|you\b)(?-i:[A-Z][\w&-]+)(?:\s+(?-i:[A-Z][\w&-]+))?"
)
_PASSIVE_OWN = rx(
    r"\b(?:measured|recorded|calculated|computed|determined|monitored|derived|assessed)\s+(?:solely\s+|only\s+|exclusively\s+)?by\s+"
    rf"{_NAMED_AGENT}\s+(?:from|using|with|based\s+on|by\s+reference\s+to|through|via|on)\s+(?:its|their|our)\s+(?:own\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?{_TOOLS}\b"
    r"|\b(?:uptime|availability|downtime|unavailability)\s+(?:is|are|will\s+be|shall\s+be)\s+(?:calculated|measured|determined|computed)\s+"
    rf"(?:solely\s+|only\s+|exclusively\s+)?by\s+(?:{_NAMED_AGENT}|us|the\s+(?:service\s+)?(?:provider|supplier|vendor|contractor|company))\s*(?:[.;]|$)"
    # the clock starts only when the provider's own desk logs it: "we do not count any time before the
    # interruption has been logged by our Network Control Centre"
    r"|(?:\bnot|n['’]t)\s+count\s+(?:any\s+)?(?:time|minutes?|hours?)\s+before\b[^.\n]{0,60}?\b(?:logged|recorded|confirmed|detected|registered)\s+by\s+"
    r"(?:our|its|the\s+(?:provider|supplier|contractor|operator)['’]s)\b",
    re.IGNORECASE,
)


# the service watched with no one named, in the provider's own paper: "Service instances are
# continuously monitored for performance and error rates"; read only when nothing else is found
_PASSIVE_BARE = rx(
    r"\b(?:(?:service\s+)?instances?|(?:the\s+)?(?:service|platform|system|network|infrastructure)s?|uptime|availability|endpoints?|servers?|clusters?)\s+"
    r"(?:is|are)\s+(?:continuously\s+|constantly\s+|actively\s+|automatically\s+|regularly\s+|proactively\s+)?(?:monitored|measured|probed)\b"
    r"(?!\s+(?:by|through|with|via)\s+(?:an?\s+|the\s+)?(?:independent|third|external|customer|client|you|buyer))",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _confirm_re(names: tuple[str, ...]) -> re.Pattern[str]:
    """Downtime or a claim counts only once the provider confirms it: "confirmed by us"."""
    who = r"(?:the\s+)?(?:service\s+provider|provider|supplier|vendor|contractor|licensor|us|we)\b"
    if names:
        who = "(?:" + "|".join(re.escape(n) for n in names) + r")\b|" + who
    return re.compile(
        rf"\b(?:confirmed|verified|validated|acknowledged\s+and\s+confirmed)\s+by\s+(?:{who})"
        rf"(?![^.\n]{{0,40}}\b(?:and|or)\s+(?:the\s+)?(?:customer|client|independent))"
        # the downtime clock starts only when the provider confirms: "an Outage begins when we verify it"
        rf"|\b(?:downtime|outages?|unavailability|incidents?|faults?)\b[^.\n]{{0,60}}?\b(?:starts?|begins?|commences?)\b"
        rf"[^.\n]{{0,40}}?\b(?:when|once|after)\s+(?:{who})\s+(?:has\s+|have\s+)?"
        rf"(?:confirm|verif|validat|detect)\w*"
        # the noun: "credits are given upon notification by the Client and verification by the Host"
        rf"|\b(?:verification|confirmation|validation)\s+(?:of\s+[^.\n]{{0,40}}?)?by\s+(?:{who})"
        # the provider's own finding decides the claim: "should Acme determine that it has not met the
        # uptime requirement", "we make a good faith judgment on whether the SLA applies to the claim"
        rf"|\b(?:{who})\s+(?:determines?|concludes?|finds?|confirms?|agrees?)\s+(?:that\s+)?"
        rf"(?:it|we|they|the\s+[\w-]+|{who})\s+(?:has|have|did|does|do)\s*(?:not|n['’]t)\s+(?:met|meet|achieved?|satisf)"
        rf"|\b(?:judg(?:e)?ment|determination|decision)\s+(?:on|as\s+to|about)\s+whether\s+(?:the\s+)?(?:sla|service\s+levels?|credits?|claims?)\b"
        # the provider's approval decides the claim: "a credit is issued if we approve your claim"
        rf"|\b(?:if|once|when|after|upon|provided\s+that)\s+(?:{who})\s+(?:approves?|accepts?)\s+(?:your|the|a|such|each|any)\s+"
        rf"(?:[\w-]+\s+)?(?:claims?|requests?)\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=64)
def _self_re(names: tuple[str, ...]) -> re.Pattern[str]:
    who = PROVIDER.replace("(?:'s)?", "(?:['’]s)?")
    if names:
        # (a name ending in s takes a bare apostrophe: "monitored from CAOS' facilities")
        who = "(?:" + "|".join(re.escape(n) for n in names) + r")(?:['’]s?)?|" + who
    who += "|" + _POSSESSIVE
    tools = _TOOLS
    return re.compile(
        rf"\b(?:measured|recorded|calculated|computed|determined|monitored|derived|assessed|worked\s+out)\b[^.\n]{{0,40}}?\b(?:{who})\s"
        rf"[^.\n]{{0,40}}?\b{tools}\b"
        rf"|\b(?:{who}|its\s+own)\s+(?:own\s+)?(?:internal\s+)?(?:monitoring|measurement)\s+"
        rf"(?:systems?|tools?|data|records?)\b"
        rf"|\binternal\s+monitoring\s+(?:systems?|tools?|data)"
        # the target itself is "as measured by" the provider: "99.9% uptime, as measured by Acme"
        rf"|\bas\s+(?:measured|determined|calculated|recorded|monitored)\s+by\s+(?:the\s+)?(?:(?-i:[A-Z])[\w&-]*\s+){{0,2}}?(?:{who})(?:\s+(?-i:[A-Z])[\w&-]*){{0,2}}"
        # (the name ends the phrase: "as monitored by the NOC, on two consecutive months")
        rf"(?=\s*(?:[,.;:(\n]|$)|\s+(?:on|over|in|during|for|each|every|per|across|at)\s)"
        # "Helix's own monitoring records": an undefined name still measuring itself
        rf"|\b(?!(?:customer|client|buyer|authority|purchaser)['’]s)\w+['’]s\s+own\s+(?:internal\s+)?"
        rf"(?:monitoring|measurement)\s+(?:systems?|tools?|data|records?)\b",
        re.IGNORECASE,
    )


class ProviderSelfMeasurement(Rule):
    """Availability is measured only by the provider's own tools or records."""

    code = "SLA203"
    name = "provider-self-measurement"
    severity = Severity.WARNING
    topic = "independent_measurement"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "When the provider alone measures and its records are conclusive, the customer cannot "
        "prove a breach; independent or customer-visible monitoring is the accepted remedy."
    )
    anti_pattern = (
        "Uptime is determined from the Vendor's internal monitoring tools, whose logs are "
        "conclusive evidence of availability."
    )
    best_practice = (
        "Availability is measured by an independent third-party monitoring service agreed "
        "with the Customer, which has full read access to the data."
    )
    fix_clause = "measurement.independent"
    fix_text = (
        "Measure with an independent monitoring service, or at least give the customer read "
        "access to the raw data and a right to dispute it."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        names = provider_names(ctx)
        conclusive = next(
            (h for pattern in (_CONCLUSIVE, _conclusive_re(names)) for h in ctx.scan(pattern)
             if h[1] < 0 or not _CUSTOMER_RIGHT.search(ctx.sentences[h[1]].text)),
            None,
        )
        metrics = [m for m in ctx.terms.metrics if m.measured_by is not None]
        independent = ctx.search(_INDEPENDENT) is not None or any(
            m.measured_by in (MeasuredBy.THIRD_PARTY, MeasuredBy.CUSTOMER) for m in metrics
        )
        if independent and conclusive is None:
            return
        hit = conclusive
        if hit is None:
            hit = next(
                (
                    h
                    for pattern in (_self_re(names), _measures_re(names), _PASSIVE_OWN)
                    for h in ctx.scan(pattern)
                    if h[1] < 0 or not _CUSTOMER_RIGHT.search(ctx.sentences[h[1]].text)
                ),
                None,
            )
            if hit is None:
                hit = next(
                    (
                        h
                        for pattern in (_confirm_re(names), _JUDGE)
                        for h in ctx.scan(pattern)
                        if h[1] >= 0 and _SLA_OBJECT.search(ctx.sentences[h[1]].text)
                    ),
                    None,
                )
            if hit is None:
                hit = next((h for h in ctx.scan(_PASSIVE_BARE) if h[1] >= 0), None)
        by_provider = [m for m in metrics if m.measured_by is MeasuredBy.PROVIDER]
        if hit is None and not by_provider:
            return
        if conclusive is None and hit is not None and hit[1] >= 0:
            final = _FINAL.search(ctx.sentences[hit[1]].text)
            conclusive = (hit[0], hit[1]) if final else None
        severity = Severity.ERROR if conclusive is not None else Severity.WARNING
        if ctx.search(_READ_ACCESS) or any(m.measured_by is MeasuredBy.JOINT for m in metrics):
            severity = Severity.WARNING if conclusive is not None else Severity.INFO
        if hit is not None and hit[1] >= 0:
            yield ctx.finding(self, sentence=ctx.sentences[hit[1]], severity=severity)
            return
        ev = by_provider[0].evidence
        yield ctx.finding(
            self,
            at=ev,
            severity=severity,
        )
