"""SLA208 low-credit-cap."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import MetricKind, Window
from ...topics import TopicStatus
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import NUM, number_value

if TYPE_CHECKING:
    from ..context import RuleContext

MIN_MONTHLY_CAP_PCT = 20.0
# Where credits are expressly without prejudice to the customer's other remedies (damages,
# termination), the cap no longer bounds what a failure costs the provider; only a cap below
# this share is still a token remedy worth reporting.
MIN_CAP_PCT_OTHER_REMEDIES = 10.0
# Where credits are the sole and exclusive remedy and the customer has no right to end the
# agreement for chronic failure, a cap of up to half the fee is also reported (as info).
MAX_CAP_PCT_SOLE_REMEDY = 50.0

# The threshold is a share of the fees of the period the cap covers, whatever that period is:
# "10% of the quarterly charges" and "8% of the fees for the subscription year" are both low,
# since at most that share of what the customer pays is ever at risk for the provider.
_CAP_PCT = rx(
    r"(?:\b(?:not\s+exceed|exceed|capped\s+at|limited\s+to|maximum\s+of|no\s+more\s+than|cap\s+of|up\s+to|ceiling\s+of|limit\s+of)"
    # a negated "more than": "will not accumulate ... in an amount more than 8% of the fees",
    # "in no event will credits for a month be more than 15%"
    r"|\b(?:not|never|no\s+(?:event|case|circumstances))\b[^.\n%]{0,80}?\b(?:more|greater|higher)\s+than|\bnot\b[^.\n%]{0,80}?\bin\s+excess\s+of)"
    rf"\s+[*_]*({NUM})\s*[*_]*\s*(?:%|percent|per\s+cent)"
    # not a band of the credit table: "up to 0.5% below target | 5%"
    r"(?!\s*(?:below|above|under|over|short\s+of|of\s+(?:the\s+)?(?:target|downtime|unavailab)))",
    re.IGNORECASE,
)
# the ceiling on credits by its outsourcing name: '"At-Risk Amount" means 6% of the Monthly Service Charge'
_AT_RISK = rx(
    r"\b(?:at[\s-]risk\s+amount|(?:service\s+)?credit\s+pool|service\s+credit\s+cap)\b[\"”']?\s*(?:means|is|shall\s+(?:mean|be)|will\s+be|equals?)\s+(?:an\s+amount\s+equal\s+to\s+)?"
    rf"[*_]*({NUM})\s*[*_]*\s*(?:%|percent|per\s+cent)",
    re.IGNORECASE,
)
_CAP_ANNUAL_MONTH = rx(
    r"\b(?:not\s+exceed|exceed|capped\s+at|limited\s+to|maximum\s+of|no\s+more\s+than)\s+"
    r"(?:the\s+)?(?:one|1|a\s+single)\s*(?:\(1\)\s*)?month(?:['’]?s|\s+of)\b",
    re.IGNORECASE,
)
# (a penalty scheme by other names: "the total malus in any quarter is limited to 6% of the fees")
_CREDIT = rx(
    r"\bcredit|\brebate|\bmalus\b|\bpenalt(?:y|ies)\b|\b(?:service\s+level|performance|kpi)\s+(?:deductions?|reductions?)"
    # "the total reduction in any Period will not exceed 3% of the management fee"
    r"|\b(?:total|aggregate)\s+(?:fee\s+|price\s+|performance\s+)?(?:reductions?|deductions?|adjustments?)\b",
    re.IGNORECASE,
)
# a remedy in kind named without the word "credit": free months, term extensions, compensation
_REMEDY = rx(r"\bcredit|\bfree\b|\bextension|\bcompensation|\bremed(?:y|ies)|\brebate", re.IGNORECASE)
# "one free month per account in any twelve months": a single month's service a year
_ONE_FREE_MONTH_A_YEAR = rx(
    r"\b(?:one|1|a\s+single)\s*(?:\(1\)\s*)?(?:free\s+months?|months?['’]?s?\s+(?:of\s+)?(?:free\s+)?(?:\w+\s+)?(?:service|credit))\b"
    r"[^.\n]{0,60}?\b(?:per|in\s+any|in\s+each|each|every|a)\s+(?:calendar\s+|contract\s+|subscription\s+)?"
    r"(?:year|annum|12[- ]months?|twelve[- ]months?)\b",
    re.IGNORECASE,
)
# a cap over the whole life of the contract: "no more than three months of extensions in total over the Term"
_LIFETIME_CAP = rx(
    r"\b(?:not\s+exceed|no\s+more\s+than|maximum\s+of|capped\s+at|limited\s+to|at\s+most|up\s+to)\s+"
    rf"({NUM})\s*(?:\(\d+\)\s*)?(months?|weeks?)\b[^.\n]{{0,60}}?"
    r"\b(?:(?:over|during|for|across|throughout)\s+(?:the\s+)?(?:whole\s+|entire\s+|full\s+)?(?:term|life|lifetime|duration)\b"
    r"|in\s+(?:total|aggregate)\s+(?:over|during|for)\s+the\s+(?:agreement|contract))",
    re.IGNORECASE,
)
# the contract's length, to weigh a lifetime cap: "an initial term of three years", "Term: 1 May 2026 to 30 April 2029"
_TERM_LENGTH = rx(
    rf"\b(?:initial\s+|minimum\s+|contract\s+)?term\b[^.\n]{{0,30}}?\b({NUM})\s*(?:\(\d+\)\s*)?[- ]?(years?|months?)\b",
    re.IGNORECASE,
)
_TERM_DATES = rx(
    r"\bterm\b[^.\n\d]{0,15}[^.\n]{0,20}?\b((?:19|20)\d\d)\b[^.\n]{0,5}\s*(?:to|until|through|-|–)\s*[^.\n]{0,20}?\b((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# credits worked out on a fee that leaves out most of what the customer pays: "the Platform Fee
# does not include transaction fees, scheme fees or usage charges"
_NARROW_BASE = rx(
    r"\b(?:does\s+not\s+include|doesn['’]t\s+include|(?:shall|will)\s+not\s+include|exclud(?:es|ing)|other\s+than)\b"
    r"[^.\n]{0,30}?\b(?:per[- ]transaction|transaction|usage(?:[- ]based)?|processing|variable|volume|consumption|"
    r"overage|metered|pass[- ]through|scheme|interchange)\s+(?:[\w-]+\s+)?(?:fees|charges|costs)\b",
    re.IGNORECASE,
)
# credits keep the customer's other remedies: "without prejudice to any other rights or remedies",
# "nothing in this Part restricts the Buyer's other rights or remedies", "not the sole remedy"
_NOT_PROVIDER = r"(?!(?:provider|supplier|vendor|contractor|licensor)['’]s)"
_OTHER_REMEDIES = rx(
    rf"\bwithout\s+prejudice\s+to\s+(?:any\s+|the\s+|all\s+)?(?:other\s+)?{_NOT_PROVIDER}(?:[\w-]+['’]s\s+)?(?:other\s+)?"
    r"(?:rights?|remed(?:y|ies)|claims?)\b"
    r"|\b(?:nothing\s+in\s+this\s+(?:[\w-]+\s+){0,3}?|(?:does|do|shall|will)\s+not\s+)(?:limits?|restricts?|excludes?|prejudices?)\s+"
    rf"(?:any\s+|the\s+)?(?:other\s+)?{_NOT_PROVIDER}(?:[\w-]+['’]s\s+)?(?:other\s+)?(?:rights?|remed(?:y|ies))\b"
    r"|\b(?:is|are)\s+not\s+(?:the\s+|its\s+|their\s+|[\w-]+['’]s\s+)?(?:sole|exclusive|only)\s+(?:and\s+exclusive\s+)?remed",
    re.IGNORECASE,
)
# a share of ONE month's fee for a whole year: "capped at 15% of one monthly charge in each contract year"
_PCT_OF_ONE_MONTH_A_YEAR = rx(
    rf"[*_]*({NUM})\s*[*_]*\s*(?:%|percent|per\s+cent)\s+of\s+(?:one|a\s+single|1)\s+(?:month(?:ly|['’]s)?)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:fees?|charges?|price|payments?|rent)\b[^.\n]{0,40}?\b(?:per|in\s+(?:any|each|a)|each|every|for\s+the)\s+"
    r"(?:calendar\s+|contract\s+|subscription\s+)?(?:year|annum|12[- ]months?|twelve[- ]months?)\b",
    re.IGNORECASE,
)
# a cap stated as a fixed sum of money, whatever the customer pays: "limited to £500 in any month",
# "shall not exceed EUR 2,000 per year"; not "the greater of 500 EUR and 30% of the fee", nor a
# credit amount "of up to $50 for each hour"
_CAP_MONEY = rx(
    r"(?:\b(?:not\s+exceed|capped\s+at|limited\s+to|maximum\s+of|no\s+more\s+than|cap\s+of|at\s+most)\s+"
    # the ceiling as subject: "the maximum credit in any month shall be EUR 50"
    r"|\b(?:maximum|most|highest|total)\s+(?:(?:service\s+)?credits?|compensation|rebates?|amount)\b[^.\n]{0,40}?"
    r"\b(?:is|shall\s+be|will\s+be|amounts\s+to)\s+)"
    r"(?:(?:an?\s+)?(?:total|aggregate|amount)\s+of\s+)?"
    # the sum in words first, the figure after it in brackets: "one thousand U.S. dollars (US$1,000)"
    r"(?:(?:[a-z-]+\s+){1,4}?(?:u\.?s\.?\s+|australian\s+|canadian\s+)?(?:dollars|euros|pounds)\s*\(\s*)?"
    r"(?:(?:US|AU|CA|NZ)?[$£€¥]\s?\d[\d,.]*|(?:EUR|USD|GBP|CHF|AUD|CAD|NZD)\s?\d[\d,.]*|\d[\d,.]*\s?(?:EUR|USD|GBP|CHF|AUD|CAD|NZD|euros?|dollars?|pounds?)\b)",
    re.IGNORECASE,
)
# a cap in days of service for a period: "up to a maximum of five (5) additional days in any
# quarter", "capped at 3 free days per month"; its share is those days over the period's days
_CAP_DAYS = rx(
    r"\b(?:not\s+exceed|capped\s+at|limited\s+to|maximum\s+of|no\s+more\s+than|cap\s+of|at\s+most|up\s+to)\s+"
    rf"({NUM})\s*(?:\(\d+\)\s*)?(?:additional\s+|extra\s+|free\s+|bonus\s+|service\s+)?days?\b(?:\s+of\s+(?:free\s+)?(?:service|subscription|use))?"
    r"[^.\n]{0,30}?\b(?:in|per|for|during)\s+(?:any|each|a|every|the|one)\s+(?:calendar\s+|contract\s+|billing\s+|subscription\s+)?"
    r"(month|quarter|year)\b",
    re.IGNORECASE,
)
# the ceiling as subject: "The maximum Service Credit in any Measurement Period is five (5) days"
_CAP_DAYS_SUBJECT = rx(
    r"\bmaximum\s+(?:total\s+)?(?:service\s+)?credits?\s+(?:in|for|per)\s+(?:any|each|a|one)\s+(?:calendar\s+|contract\s+|billing\s+)?"
    r"(month|quarter|year|(?:measurement|service|billing|reporting)\s+period)\s+(?:is|shall\s+be|will\s+be)\s+"
    rf"({NUM})\s*(?:\(\d+\)\s*)?(?:additional\s+|extra\s+|free\s+|service\s+)?days?\b",
    re.IGNORECASE,
)
_DAYS_IN = {"month": 30.4, "quarter": 91.3, "year": 365.0}
# a single credit said to be all there is: "That's the maximum credit for any month", "this is
# the most you will receive, however long the outage"; the amount is in the sentences before
_THAT_IS_THE_MOST = rx(
    r"\b(?:that|this|it)(?:['’]s|\s+is)\s+(?:the\s+)?(?:maximum|most|highest|largest|only)\b"
    r"[^.\n]{0,60}?\b(?:credit|rebate|refund|compensation|you\s+(?:can|will|could|may)\s+(?:get|receive|claim))",
    re.IGNORECASE,
)
_CREDIT_PCT = rx(
    rf"\b(?:credit\w*|rebate|refund|give\s+(?:you\s+)?back)\b[^.\n]{{0,30}}?[*_]*({NUM})\s*[*_]*\s*(?:%|percent|per\s+cent)\s+of\b",
    re.IGNORECASE,
)
_LIABILITY = rx(r"\bliabilit(?:y|ies)\b|\bdamages\b", re.IGNORECASE)
# a fixed sum that is only one side of a comparison: "the greater of EUR 500 and 30% of the fee"
_GREATER_OF_WORDS = rx(r"\b(?:greater|higher|larger)\s+of\b", re.IGNORECASE)
_PERCENT_NEAR = rx(r"%|\bper\s*cent\b|\bpercent\b", re.IGNORECASE)
_PERCENT = rx(r"(?:%|\bper\s*cent\b|\bpercent\b)\s+of\b", re.IGNORECASE)
_MONTHS_IN: dict[Window | None, int] = {Window.QUARTER: 3, Window.YEAR: 12}
# one fixed credit whatever the length of the outage: "a flat credit of 5% of that month's fee"
_FLAT_CREDIT = rx(
    rf"\b(?:flat|fixed|single|one-?off)\s+(?:service\s+)?(?:credit|rebate|refund|compensation)\s+(?:of|equal\s+to|amounting\s+to)\s+[*_]*({NUM})\s*[*_]*\s*(?:%|percent|per\s+cent)",
    re.IGNORECASE,
)
# credits that grow with the outage or the number of misses: no highest tier bounds them
_ACCRUES = rx(
    r"\b(?:for\s+(?:each|every)|per)\s+(?:(?:additional|further|full|whole|complete|started|part(?:ial)?)\s+)?"
    r"(?:\d+\s+)?(?:minutes?|hours?|days?|incidents?|outages?|failures?|breach(?:es)?|misse?s?|occurrences?|(?:[\d.]+\s*%|percentage\s+points?))\b",
    re.IGNORECASE,
)
_YEAR = rx(r"\b(?:year|annum|annual|annually|twelve[- ]month|12[- ]month)", re.IGNORECASE)
# credits that only give back the downtime itself: "credits are calculated from the actual downtime
# in proportion to the month", "a refund pro rata to the duration of the outage", "the fees for the
# time the service was unavailable"; one hour down in a month then costs the provider 0.14%
_DOWN = r"(?:the\s+)?(?:actual\s+|total\s+|cumulative\s+)?(?:(?:length|duration|period)\s+of\s+(?:the\s+|any\s+)?)?(?:downtime|outages?|unavailability|interruptions?)\b"
_PRO_RATA = rx(
    r"\b(?:in\s+proportion\s+to|proportion(?:al|ate)(?:ly)?\s+to|pro[-\s]?rat(?:a|ed)\s+(?:to|for|by|on|according\s+to|based\s+on)"
    r"|prorated\s+(?:to|for|by|on|according\s+to|based\s+on))\s+" + _DOWN
    + r"|\b(?:calculated|computed|worked\s+out|determined)\s+(?:by|from|on|according\s+to|based\s+on)\s+" + _DOWN + r"[^.\n]{0,40}?\b(?:in\s+)?proportion"
    r"|\b(?:fees?|charges?)\s+(?:paid\s+|payable\s+)?for\s+the\s+(?:period|time|duration|hours?|minutes?)\s+"
    r"(?:of\s+" + _DOWN + r"|(?:during\s+which|when|that|for\s+which)\s+the\s+[\w-]+(?:\s+[\w-]+)?\s+(?:was|is|were)\s+(?:down|unavailable))",
    re.IGNORECASE,
)
# a multiple of the downtime's fees is not a bare pro-rata credit: "ten times the fees for the downtime"
_MULTIPLE = rx(r"\b\d+\s*x\b|\b(?:\d+|two|three|four|five|ten|twenty|fifty|hundred)\s+times\b|\b(?:double|triple|twice)\b", re.IGNORECASE)
_REFUND = rx(r"\bcredit|\brefund|\brebate|\bcompensat|\breimburs", re.IGNORECASE)


class LowCreditCap(Rule):
    """Total service credits are capped too low to matter."""

    code = "SLA208"
    name = "low-credit-cap"
    severity = Severity.WARNING
    topic = "credit_cap"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "A cap below about 20% of the monthly fee, or one month's fee across a whole year, "
        "makes a prolonged outage cheaper for the provider than fixing it; where credits are "
        "the sole remedy and there is no exit for chronic failure, even half the fee is low."
    )
    # The threshold is a share of the fees of the period the cap covers: 10% of a quarter's
    # charges and 2 months' fees in a year (17%) are low; 15 days of service per month (50%) is not.
    anti_pattern = "Credits in any month are limited to 10% of the monthly fee for the affected service."
    best_practice = "Credits in any month are limited to 30% of the monthly fee for the affected service."
    fix_clause = "credits.cap"
    fix_text = "Cap credits at no less than 20-30% of the monthly charges, per month."

    def _term_months(self, ctx: RuleContext) -> float:
        """The contract's length in months, or 12 when the document does not say."""
        m = ctx.search(_TERM_LENGTH)
        if m is not None:
            value = number_value(m.group(1))
            if value:
                return value * (12 if m.group(2).lower().startswith("year") else 1)
        d = ctx.search(_TERM_DATES)
        if d is not None:
            years = int(d.group(2)) - int(d.group(1))
            if 0 < years <= 15:
                return years * 12.0
        return 12.0

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        threshold = MIN_CAP_PCT_OTHER_REMEDIES if ctx.search(_OTHER_REMEDIES) is not None else MIN_MONTHLY_CAP_PCT
        found = list(self._below(ctx, threshold))
        if found or threshold < MIN_MONTHLY_CAP_PCT or not _credits_are_all(ctx):
            yield from found
            return
        # credits are the sole remedy and there is no exit for chronic failure: the cap bounds
        # everything a failed month can cost the provider, and half a month's fee is low too
        for f in self._below(ctx, math.nextafter(MAX_CAP_PCT_SOLE_REMEDY, math.inf)):
            yield replace(
                f,
                severity=Severity.INFO,
                message=f.message.rstrip(".")
                + ", and they are the sole remedy with no right to leave for repeated failure.",
            )
            return

    def _below(self, ctx: RuleContext, threshold: float) -> Iterator[Finding]:
        """The first cap, in any of its forms, that leaves less than `threshold`% of the fees at risk."""
        for _m, i in ctx.scan(_ONE_FREE_MONTH_A_YEAR):
            if i >= 0 and _REMEDY.search(ctx.sentences[i].text + " " + ctx.sentences[i].block.heading):
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message="The remedy is capped at one month's service for a whole year.",
                )
                return
        for hit, i in ctx.scan(_LIFETIME_CAP):
            sent = ctx.sentences[i] if i >= 0 else None
            if sent is None or not _REMEDY.search(sent.text + " " + sent.block.heading):
                continue
            value = number_value(hit.group(1))
            if value is None:
                continue
            months = value if hit.group(2).lower().startswith("month") else value / 4.33
            share = 100 * months / self._term_months(ctx)
            if share < MIN_MONTHLY_CAP_PCT:
                yield ctx.finding(
                    self,
                    sentence=sent,
                    message=f"The remedy is capped over the whole term at about {share:.2g}% of the service paid for.",
                )
                return
        for _m, i in ctx.scan(_NARROW_BASE):
            if i < 0:
                continue
            base = ctx.sentences[i]
            if _CREDIT.search(base.text) or _CREDIT.search(base.block.heading) or (
                i > 0 and _CREDIT.search(ctx.sentences[i - 1].text) and ctx.sentences[i - 1].block is base.block
            ):
                yield ctx.finding(
                    self,
                    sentence=base,
                    severity=Severity.INFO,
                    message="Credits are worked out on a fee that leaves out the usage or transaction charges.",
                )
                return
        for hit, i in ctx.scan(_PCT_OF_ONE_MONTH_A_YEAR):
            value = number_value(hit.group(1))
            if i >= 0 and value is not None and _REMEDY.search(ctx.sentences[i].text + " " + ctx.sentences[i].block.heading):
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message=f"Service credits are capped at {value:g}% of one month's fee for a whole year.",
                )
                return
        for _m, i in ctx.scan(_CAP_ANNUAL_MONTH):
            if i >= 0 and _YEAR.search(ctx.sentences[i].text):
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message="Service credits are capped at one month's fee for a whole year.",
                )
                return
        # caps are read only in sentences about credits: one cheap scan, then local matching
        seen: set[int] = set()
        for _, i in ctx.scan(_CREDIT):
            if i < 0 or i in seen:
                continue
            seen.add(i)
            s = ctx.sentences[i]
            # a cap in percent names a percentage: without "%" or "cent" the regex cannot match
            has_pct = "%" in s.text or "cent" in s.text.lower()
            m = _CAP_PCT.search(s.text) if has_pct else None
            if m is not None and _LIABILITY.search(s.text, 0, m.start()):
                continue  # "total liability is limited to 10% of the fees, excluding credits"
            value = number_value(m.group(1)) if m else None
            if value is None or value >= threshold:
                continue
            yield ctx.finding(
                self,
                sentence=s,
                message=f"Service credits are capped at {value:g}% of the fees.",
            )
            return
        for m, i in ctx.scan(_CAP_MONEY):
            if i < 0:
                continue
            s = ctx.sentences[i]
            local = _CAP_MONEY.search(s.text)
            grows = _GREATER_OF_WORDS.search(s.text) or (
                local is not None and _PERCENT_NEAR.search(s.text, local.end(), local.end() + 40)
            )
            if not _CREDIT.search(s.text + " " + s.block.heading) or grows:
                continue  # a cap on something else, or one that also grows with the fees
            if local is not None and _LIABILITY.search(s.text, 0, local.start()):
                continue  # "the supplier's liability ... shall not exceed $2,000": not a credit cap
            yield ctx.finding(
                self,
                sentence=s,
                message=f"Service credits are capped at a fixed sum ({m.group(0).split()[-1]}) whatever the fees paid.",
            )
            return
        at_risk = self._share_below(ctx, _AT_RISK, threshold, "The At-Risk Amount caps credits at {:g}% of the charges.")
        if at_risk is not None:
            yield at_risk
            return
        found = list(self._days_or_flat(ctx, threshold))
        if found:
            yield from found
            return
        for _m, i in ctx.scan(_PRO_RATA):
            if i < 0:
                continue
            sent = ctx.sentences[i]
            if _REFUND.search(sent.text) and not _MULTIPLE.search(sent.text):
                yield ctx.finding(
                    self,
                    sentence=sent,
                    message="Credits only give back the fees for the downtime itself: an hour down in a month "
                    "costs the provider about 0.14% of the fee.",
                )
                return
        flat = self._share_below(
            ctx, _FLAT_CREDIT, threshold, "A single flat credit of {:g}% is all a month's failure can cost the provider."
        )
        if flat is not None:
            yield flat
            return
        credits = ctx.terms.credits
        cap = credits.cap_pct
        if cap is None:
            yield from self._highest_tier(ctx, threshold)
            return
        ev_text = credits.evidence[0].text if credits.evidence else ""
        liability = _LIABILITY.search(ev_text)
        if liability is not None and not _CREDIT.search(ev_text, 0, liability.start()):
            return  # a cap on the provider's liability, the credits named only as left out of it
        # a cap in months' fees or days of service is read as a share of ONE month's fee;
        # over a quarter or a year it is a smaller share of that period's fees
        in_month_fees = not _PERCENT.search(ev_text)
        months = _MONTHS_IN.get(credits.cap_window, 1) if in_month_fees else 1
        share = cap / months
        low = share < threshold or (credits.cap_window is Window.YEAR and in_month_fees and cap <= 100)
        if low and credits.evidence:
            ev = credits.evidence[0]
            yield ctx.finding(
                self,
                at=ev,
                message=f"Service credits are capped at {share:.3g}% of the fees for the period the cap covers.",
            )

    def _days_or_flat(self, ctx: RuleContext, threshold: float) -> Iterator[Finding]:
        """A cap in days of service for a period, or one credit said to be the most there is."""
        days_caps = [(h, i, h.group(1), h.group(2)) for h, i in ctx.scan(_CAP_DAYS)]
        days_caps += [(h, i, h.group(2), h.group(1)) for h, i in ctx.scan(_CAP_DAYS_SUBJECT)]
        for _hit, i, amount, period in days_caps:
            value = number_value(amount)
            if i < 0 or value is None:
                continue
            unit = period.lower() if period.lower() in _DAYS_IN else self._period_unit(ctx)
            share = 100 * value / _DAYS_IN[unit]
            if share < threshold:
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message=f"The remedy is capped at {value:g} days of service a {unit}, about {share:.2g}% of it.",
                )
                return
        for _m, i in ctx.scan(_THAT_IS_THE_MOST):
            if i < 0:
                continue
            sent = ctx.sentences[i]
            # the amount in this sentence or the two before it in the same block
            for j in range(i, max(i - 3, -1), -1):
                if ctx.sentences[j].block is not sent.block:
                    break
                m = _CREDIT_PCT.search(ctx.sentences[j].text)
                value = number_value(m.group(1)) if m else None
                if value is not None and value < threshold:
                    yield ctx.finding(
                        self,
                        sentence=sent,
                        message=f"A single credit of {value:g}% is the most a month's failure can cost the provider.",
                    )
                    return

    def _share_below(
        self, ctx: RuleContext, pattern: re.Pattern[str], threshold: float, message: str
    ) -> Finding | None:
        """The first sentence where `pattern`'s share (its group 1) is below the threshold."""
        for hit, i in ctx.scan(pattern):
            value = number_value(hit.group(1))
            if i >= 0 and value is not None and value < threshold:
                return ctx.finding(self, sentence=ctx.sentences[i], message=message.format(value))
        return None

    @staticmethod
    def _period_unit(ctx: RuleContext) -> str:
        """What a "Measurement Period" is: the availability target's window (a defined term is
        read by the extractor), else a month, the usual one."""
        for metric in ctx.terms.metrics_of(MetricKind.AVAILABILITY):
            if metric.window is Window.QUARTER:
                return "quarter"
            if metric.window is Window.YEAR:
                return "year"
        return "month"

    def _highest_tier(self, ctx: RuleContext, threshold: float) -> Iterator[Finding]:
        """No stated cap, but a credit table whose highest tiers, added up over every schedule,
        stay below the threshold: that sum is the most a month can cost the provider, unless
        the credits grow with each hour or incident (then no tier bounds them)."""
        schedules = [s for s in ctx.terms.credits.schedules if s.tiers]
        if not schedules or any(t.loose for s in schedules for t in s.tiers):
            return
        top = sum(max(t.credit_pct for t in s.tiers) for s in schedules)
        if top <= 0 or top >= threshold:
            return
        for s in schedules:
            for t in s.tiers:
                text = t.evidence.text if t.evidence else ""
                if _ACCRUES.search(text):
                    return
        ev = next((t.evidence for s in schedules for t in s.tiers if t.evidence is not None), None)
        if ev is None:
            return
        ctx_text = " ".join(x.text for x in ctx.terms.credits.evidence)
        if _ACCRUES.search(ctx_text):
            return
        yield ctx.finding(
            self,
            at=ev,
            message=f"The highest credit is {top:g}% of the fees: all a month's failure can cost the provider.",
        )


def _credits_are_all(ctx: RuleContext) -> bool:
    """Credits are the customer's sole remedy and it has no termination right for failure."""
    topics = ctx.terms.topics
    return topics["sole_remedy"].status is TopicStatus.PRESENT and topics["termination"].status is not TopicStatus.PRESENT
