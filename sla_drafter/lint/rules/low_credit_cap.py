"""SLA208 low-credit-cap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ...terms import Window
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import NUM, number_value

if TYPE_CHECKING:
    from ..engine import RuleContext

MIN_MONTHLY_CAP_PCT = 20.0

# The threshold is a share of the fees of the period the cap covers, whatever that period is:
# "10% of the quarterly charges" and "8% of the fees for the subscription year" are both low,
# since at most that share of what the customer pays is ever at risk for the provider.
_CAP_PCT = re.compile(
    r"(?:\b(?:not\s+exceed|exceed|capped\s+at|limited\s+to|maximum\s+of|no\s+more\s+than|cap\s+of|up\s+to)"
    # a negated "more than": "will not accumulate ... in an amount more than 8% of the fees"
    r"|\b(?:not|never)\b[^.\n%]{0,80}?\b(?:more|greater|higher)\s+than|\bnot\b[^.\n%]{0,80}?\bin\s+excess\s+of)"
    rf"\s+[*_]*({NUM})\s*[*_]*\s*(?:%|percent|per\s+cent)",
    re.IGNORECASE,
)
_CAP_ANNUAL_MONTH = re.compile(
    r"\b(?:not\s+exceed|exceed|capped\s+at|limited\s+to|maximum\s+of|no\s+more\s+than)\s+"
    r"(?:the\s+)?(?:one|1|a\s+single)\s*(?:\(1\)\s*)?month'?s",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"\bcredit", re.IGNORECASE)
_PERCENT = re.compile(r"(?:%|\bper\s*cent\b|\bpercent\b)\s+of\b", re.IGNORECASE)
_MONTHS_IN: dict[Window | None, int] = {Window.QUARTER: 3, Window.YEAR: 12}
_YEAR = re.compile(r"\b(?:year|annum|annual|annually|twelve[- ]month|12[- ]month)", re.IGNORECASE)


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
        "makes a prolonged outage cheaper for the provider than fixing it."
    )
    # The threshold is a share of the fees of the period the cap covers: 10% of a quarter's
    # charges and 2 months' fees in a year (17%) are low; 15 days of service per month (50%) is not.
    anti_pattern = "Credits in any month are limited to 10% of the monthly fee for the affected service."
    best_practice = "Credits in any month are limited to 30% of the monthly fee for the affected service."
    fix_clause = "credits.cap"
    fix_text = "Cap credits at no less than 20-30% of the monthly charges, per month."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
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
            value = number_value(m.group(1)) if m else None
            if value is None or value >= MIN_MONTHLY_CAP_PCT:
                continue
            yield ctx.finding(
                self,
                sentence=s,
                message=f"Service credits are capped at {value:g}% of the fees.",
            )
            return
        credits = ctx.terms.credits
        cap = credits.cap_pct
        if cap is None:
            return
        ev_text = credits.evidence[0].text if credits.evidence else ""
        # a cap in months' fees or days of service is read as a share of ONE month's fee;
        # over a quarter or a year it is a smaller share of that period's fees
        in_month_fees = not _PERCENT.search(ev_text)
        months = _MONTHS_IN.get(credits.cap_window, 1) if in_month_fees else 1
        share = cap / months
        low = share < MIN_MONTHLY_CAP_PCT or (credits.cap_window is Window.YEAR and in_month_fees and cap <= 100)
        if low and credits.evidence:
            ev = credits.evidence[0]
            loc = ev.location
            yield ctx.finding(
                self,
                start=loc.start if loc else None,
                end=loc.end if loc else None,
                evidence=ev.text,
                message=f"Service credits are capped at {share:.3g}% of the fees for the period the cap covers.",
            )
