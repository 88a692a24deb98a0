"""SLA207 credits-require-claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...document import BlockKind
from ...findings import Finding, Severity
from ...topics import TopicStatus
from ...units import TimeUnit
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import NUM, number_value

if TYPE_CHECKING:
    from ..context import RuleContext

AUTOMATIC_CREDITS = rx(
    # "the Customer does not need to make a claim"
    r"(?:\b(?:does|do)\s*(?:not|n['’]t)\s+need\s+to\s+(?:make|submit|file|raise|lodge)\s+(?:a\s+|any\s+)?(?:claim|request)s?\b)|"
    r"(?<!not )(?<!not be )(?<!n't )(?<!n’t )(?<!n't be )(?<!n’t be )\b(?:applied|credited|issued|paid|deducted)\s+automatically"
    r"|\bautomatically\s+(?:applied|credited|issued|deducted)"
    r"|\bwithout\s+(?:the\s+\w+\s+)?(?:having|needing|being\s+required)\s+to\s+(?:claim|request)"
    r"|\b(?:(?:does|do|will)\s+not|(?:doesn|don|won)['’]t)\s+(?:need|have)\s+to\s+(?:claim|request)"
    # "without any need for the Buyer to make a claim", "no claim is needed"
    r"|\b(?:without\s+(?:any\s+|the\s+)?|no\s+)(?:need|requirement)\s+(?:for\s+(?:the\s+)?\w+\s+)?to\s+"
    r"(?:make\s+|submit\s+|lodge\s+|file\s+|raise\s+)?(?:a\s+|any\s+)?(?:claim|request)"
    r"|\bno\s+(?:claim|request)\s+(?:is|will\s+be)\s+(?:needed|required|necessary)"
    # "the Buyer is not required to make any claim or request", "the Client need not claim them"
    r"|\b(?:(?:is|are)\s+not|(?:will|shall)\s+not\s+be|(?:is|are)n['’]t)\s+(?:required|obliged|expected)\s+to\s+"
    r"(?:make\s+|submit\s+|lodge\s+|file\s+|raise\s+)?(?:a\s+|any\s+)?(?:claim|request)"
    r"|\bneed\s+not\s+(?:make\s+|submit\s+|lodge\s+|file\s+|raise\s+)?(?:a\s+|any\s+)?(?:claim|request)",
    re.IGNORECASE,
)
# a duty on the provider, not the customer: "the Supplier shall deliver a Monthly Performance Report"
_PROVIDER_DUTY = rx(
    r"\b(?:supplier|provider|contractor|vendor|we)\s+(?:shall|must|will|is\s+to)\s+(?:\w+\s+){0,3}?(?:report|deliver|provide|send|publish|issue)\b",
    re.IGNORECASE,
)
_CUSTOMER_DUTY = rx(
    r"\b(?:customer|client|buyer|you|subscriber|licensee|authority|agency)\s+(?:shall|must|should|needs?\s+to|has\s+to|is\s+required\s+to)\b",
    re.IGNORECASE,
)
_CLAIM = rx(
    r"(?:\bnot|n['’]t)\s+(?:be\s+)?(?:issued|applied|credited|given|paid)\s+automatically"
    r"|\b(?:must|shall|should|needs?\s+to|is\s+required\s+to|has\s+to)\s+(?:\w+\s+){0,4}?"
    r"(?:request|claim|apply\s+for|ask\s+for|submit|notif(?:y|ied)|report(?![a-z])|open|raise|file|lodge)"
    r"|\bto\s+(?:claim|receive|request|obtain|get|be\s+eligible\s+for)\s+(?:a|any|the|your)\s+(?:service\s+)?(?:credit|rebate)"
    # the remedy in kind: "to receive additional days you must e-mail support within ten days"
    r"|\bto\s+(?:claim|receive|request|obtain|get)\s+(?:the\s+|any\s+|your\s+)?(?:additional|extra|bonus|free)\s+(?:days?|weeks?|months?)\b(?!\s+of\s+(?!service\b|subscription\b|use\b)\w)"
    r"[^.\n]{0,30}?\b(?:must|shall|should|need\s+to|needs\s+to|have\s+to|has\s+to)\b"
    # "upon written request", "upon our client's written request to be submitted within 30 days"
    r"|\b(?:up)?on\s+(?:(?:the|our|its|your)\s+)?(?:[\w-]+['’]s\s+)?(?:written\s+)?(?:request|application)\b"
    # "credits upon notification by Client and verification by Host"
    r"|\bupon\s+(?:written\s+)?notification\s+(?:by|from)\s+(?:the\s+)?(?:client|customer|you|subscriber|licensee)\b"
    # "raise a request through the portal to check if you are eligible for credits"
    r"|\b(?:raise|open|submit|file|log)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:ticket|request|case|claim)\b(?:[^.\n]|\.(?=\S)){0,80}?\b(?:eligible|entitled|qualify)\b"
    r"|\bmay\s+(?:request|claim|apply\s+for|ask\s+for)\s+(?:a|any|the)\s+(?:full\s+|partial\s+|pro[- ]rata\s+)?(?:service\s+)?(?:credit|refund)"
    r"|\b(?:requests?|claims?|applications?)\s+(?:for\s+(?:a\s+|any\s+)?(?:service\s+)?(?:credits?|rebates?)\s+)?(?:must|shall|should|need\s+to)\s+be\s+"
    r"(?:made|submitted|received|sent|lodged|raised|e-?mailed|filed|delivered|emailed)"
    # "claims for service credits must reach us within 48 hours"
    r"|\b(?:requests?|claims?)\s+(?:for\s+(?:a\s+|any\s+)?(?:service\s+)?credits?\s+)?(?:must|shall|should|need\s+to)\s+reach\s+(?:us|the\s+\w+)"
    # the burden put on the customer in so many words: "you are responsible for requesting credits",
    # "credits are not applied unless requested"
    r"|\bresponsible\s+for\s+(?:requesting|claiming|submitting|reporting|notifying|applying\s+for)\b"
    r"|\bunless\s+(?:so\s+)?(?:requested|claimed|applied\s+for)\b"
    # lost when not asked for in time: "credits not requested by the end of the following month are forfeited"
    r"|\b(?:credits?|rebates?|refunds?|compensation)\s+(?:that\s+(?:are|is)\s+)?(?:not|never)\s+(?:requested|claimed|applied\s+for|asked\s+for)\b[^.\n]{0,80}?"
    r"\b(?:forfeit\w*|lost|lapse\w*|void|waived|expire\w*|cancell?ed)\b"
    # the same in plain words: "just drop us a line within 14 days", "let us know within a week"
    rf"|\b(?:drop\s+us\s+a\s+(?:line|note|message)|let\s+us\s+know|tell\s+us|get\s+in\s+touch(?:\s+with\s+us)?|send\s+us\s+(?:a\s+|an\s+)?(?:note|message|line|e-?mail))\b(?:[^.\n]|\.(?=\w)){{0,80}}?\bwithin\s+{NUM}\s*(?:\(\d+\)\s*)?"
    r"(?:calendar\s+|business\s+|working\s+)?(?:hours?|days?)\b"
    # "email support@... with the outage times within 5 days"
    rf"|\b(?:e-?mail|write\s+to|contact|notify)\s+(?:us\b|[\w.+-]+@[\w.-]+|our\s+\w+|the\s+\w+\s+(?:team|desk))[^.\n]{{0,80}}?\bwithin\s+{NUM}\s*(?:\(\d+\)\s*)?"
    r"(?:calendar\s+|business\s+|working\s+)?(?:hours?|days?)\b"
    r"|\bonly\s+(?:be\s+)?(?:(?:issued|granted|paid|applied|given|credited|available|due|payable)\s+)?(?:if|when|where|once|after)\s+"
    r"(?:the\s+\w+|you)\s+(?:has\s+|have\s+)?(?:reports?|reported|notif(?:y|ies|ied)|claims?|claimed|requests?|requested|submits?|submitted|tells?|told|informs?|informed|raises?|raised)\b"
    r"|\b(?:submits?|makes?|files?|lodges?|sends?)\s+a\s+(?:valid\s+|written\s+|timely\s+)?(?:claim|request)\b"
    # a condition that the customer has reported each failure: "provided the Client has notified the
    # errors in writing", and an unreported failure deemed never to have happened
    r"|\bprovided\s+(?:that\s+)?(?:the\s+\w+|you)\s+(?:has|have)\s+(?:first\s+)?(?:notified|reported|claimed|requested|submitted|informed|raised)\b"
    r"|\bnot\s+(?:so\s+)?(?:notified|reported|claimed|raised)\s+(?:with\s+evidence\s+)?within\b[^.\n]{0,80}?\b(?:deemed|treated|taken)\s+"
    r"(?:not\s+to\s+have\s+(?:occurred|happened|taken\s+place)|as\s+not\s+having\s+(?:occurred|happened))"
    # an instruction with a deadline and no modal: "just raise a ticket within 3 days of the outage"
    r"|\b(?:open|raise|submit|send|file|log|lodge|e-?mail)\s+(?:us\s+)?(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:ticket|claim|request|case|e-?mail|message)\b[^.\n]{{0,60}}?\bwithin\s+{NUM}\s*(?:\(\d+\)\s*)?"
    r"(?:calendar\s+|business\s+|working\s+)?(?:hours?|days?)\b",
    re.IGNORECASE,
)
# credits by other names: rebates (AU/NZ), Service Failure Points (UK public sector), free days
# and penalties paid for a missed KPI ("shall pay a penalty of 4.00 for each late order")
_CREDIT = rx(
    r"\bcredit(?![\s-]*cards?\b)|\brebate|\bservice\s+failure\s+points?|\bmalus\b|\bservice\s+discounts?\b"
    # payments owed for a missed guaranteed standard: "you must claim in writing within three months"
    r"|\bpayments?\s+under\s+(?:the\s+)?(?:standards?|scheme|guarantee)|\bguaranteed\s+standards?\b|\bcompensation\b"
    # credits in kind: "free days of service", "service days"
    r"|\bfree\s+(?:days?|weeks?|months?)\b|\bservice\s+days\b"
    # days added to the term: "to receive additional days you must e-mail us" (not days of training)
    r"|\b(?:additional|extra|bonus)\s+(?:days?|weeks?|months?)\b(?!\s+of\s+(?!service\b|subscription\b|use\b)\w)"
    r"|\bpay\s+(?:a\s+)?penalt(?:y|ies)\b|\bpenalt(?:y|ies)\s+(?:of|under|shall|will|are|is|payable)\b",
    re.IGNORECASE,
)
# a section about the remedy for a miss, whatever the remedy is (a term extension, free months)
_REMEDY_HEADING = rx(r"\bremed(?:y|ies)\b|\bcompensation\b", re.IGNORECASE)
# a refund or waiver of fees for an outage is a credit by another name; a refund alone is not
# ("no refund on cancellation"), so the sentence's block must speak of a service failure
_REFUND = rx(
    r"\brefund|\bwaive[sd]?\s+(?:the\s+|all\s+|any\s+)?(?:\w+\s+)?(?:fees?|charges?)\b", re.IGNORECASE
)
_OUTAGE = rx(
    r"\b(?:unavailab\w*|downtime|outages?|uptime|availability|service\s+levels?)\b", re.IGNORECASE
)
_NOT_AUTOMATIC = rx(
    r"(?:\bnot|n['’]t)\s+(?:be\s+)?(?:issued|applied|credited|given|paid|deducted)\s+automatically", re.IGNORECASE
)
_DUTY = rx(r"\b(?:must|shall|required|not\s+(?:be\s+)?(?:issued|applied)\s+automatically)\b", re.IGNORECASE)
_WINDOW = rx(
    rf"\bwithin\s+({NUM})\s*(?:\(\d+\)\s*)?(?:calendar\s+|business\s+|working\s+)?(days?|hours?)", re.IGNORECASE
)

SHORT_CLAIM_DAYS = 10


class CreditsRequireClaim(Rule):
    """Service credits are given only if the customer claims them."""

    code = "SLA207"
    name = "credits-require-claim"
    severity = Severity.WARNING
    topic = "credit_claim_process"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "Credits that must be claimed, with evidence and within a short window, are often never "
        "paid; the provider already holds the data to apply them automatically."
    )
    anti_pattern = (
        "To obtain a service credit the Client must submit a claim to the Supplier within "
        "seven days of the end of the month."
    )
    best_practice = (
        "Service credits are credited automatically on the next invoice, without the Client "
        "having to claim them."
    )
    fix_clause = "credits.automatic"
    fix_text = "Apply credits automatically from the monthly report; if a claim is kept, allow at least 30 days."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.terms.status("service_credits") is TopicStatus.NEGATED:
            return  # the document denies credits altogether: there is nothing to claim
        credits = ctx.terms.credits
        # the extractor's "automatic" may miss a contracted denial ("aren't applied automatically")
        if (credits.automatic is True and ctx.search(_NOT_AUTOMATIC) is None) or ctx.search(AUTOMATIC_CREDITS):
            return
        first: int | None = None
        days: float | None = None
        for _m, i in ctx.scan(_CLAIM):
            if i < 0:
                continue
            s = ctx.sentences[i]
            if s.block.kind is BlockKind.HEADING:
                continue
            if _PROVIDER_DUTY.search(s.text) and not _CUSTOMER_DUTY.search(s.text):
                continue  # "the Supplier shall deliver a report showing the Service Credits": its duty
            if not (
                _CREDIT.search(s.block.text)
                or _CREDIT.search(s.block.heading)
                or _REMEDY_HEADING.search(s.block.heading)
                or (_REFUND.search(s.text) and _OUTAGE.search(s.block.text))
            ):
                continue
            if first is None or (
                not _DUTY.search(ctx.sentences[first].text) and _DUTY.search(s.text)
            ):
                first = i
            w = _WINDOW.search(s.text)
            if w and days is None:
                value = number_value(w.group(1))
                days = value / 24 if value is not None and w.group(2).lower().startswith("hour") else value
        if credits.claim_window is not None and days is None:
            cw = credits.claim_window
            if cw.unit is TimeUnit.DAY:
                days = cw.value
        if first is None:
            if credits.automatic is False and credits.evidence:
                ev = credits.evidence[0]
                yield ctx.finding(self, at=ev)
            return
        short = days is not None and days <= SHORT_CLAIM_DAYS
        yield ctx.finding(
            self,
            sentence=ctx.sentences[first],
            severity=Severity.ERROR if short else Severity.WARNING,
            message=(
                f"Service credits must be claimed, within only {days:g} days."
                if short and days is not None
                else None
            ),
        )
