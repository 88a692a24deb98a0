"""SLA211 maintenance-exclusion-uncapped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...extract import DOWN_DURING_MAINTENANCE, SAVE_FOR
from ...findings import Finding, Severity
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import NUM, _is_item, leadin_text, list_items_after, table_header

if TYPE_CHECKING:
    from ...extract.sentences import Sentence
    from ..context import RuleContext

# change-management words for the same thing: "planned changes in the change window"
_CHANGES = (
    r"change\s+windows?|(?:planned|scheduled|emergency|standard|normal)\s+changes"
    # the work itself: "while the service is being upgraded or patched"
    r"|being\s+(?:upgraded|patched|maintained|serviced)"
)
_MAINT = rx(
    # (repair work is the service, not maintenance excluded from it: "on-site corrective maintenance")
    rf"(?<!corrective\s)(?<!reactive\s)(?<!breakdown\s)(?<!responsive\s)\b(?:maintenance|(?:planned|scheduled|emergency|urgent|maintenance|engineering)\s+works?|{_CHANGES}"
    r"|(?:planned|scheduled)(?:\s+(?:and|or)\s+(?:notified|announced|communicated|agreed))?\s+(?:outages?|downtime))\b",
    re.IGNORECASE,
)
_EXCLUDED = rx(
    rf"\b(?:maintenance|(?:planned|scheduled|emergency|urgent|maintenance|engineering)\s+works?|{_CHANGES})\b[^.\n]{{0,60}}?"
    r"\b(?:(?:is|are|will|shall)\s+not|(?:does|do)\s+not|isn['’]t|aren['’]t|won['’]t|doesn['’]t|don['’]t)\s+(?:be\s+)?"
    r"(?:count(?:ed)?|treated|considered|included|constitute|regarded)?\s*(?:as\s+|towards?\s+)?(?:an?\s+)?(?:downtime|unavailab|outage)"
    r"|\b(?:maintenance|(?:planned|scheduled)\s+(?:outages?|downtime))\b[^.\n]{0,60}?\b(?:is|are|will\s+be|shall\s+be)\s+excluded"
    r"|\b(?:planned|scheduled)\s+(?:outages?|downtime)\b[^.\n]{0,60}?\b(?:is|are|will|shall)\s+not\s+(?:be\s+)?(?:count(?:ed)?|treated|considered|included)\b"
    r"|\b(?:downtime|unavailability|outages?)\s+(?:does|do|will|shall)\s+not\s+include\b[^.\n]{0,80}?\bmaintenance"
    # "availability ... but excludes periods of ... or scheduled and notified downtime"
    r"|\b(?:exclud(?:es?|ing)|excus(?:es?|ing)|except(?:\s+for)?|not\s+including|(?:does|do)\s+not\s+include)\b"
    rf"[^.\n]{{0,160}}?\b(?:maintenance|{_CHANGES}|(?:planned|scheduled)(?:\s+(?:and|or)\s+(?:notified|announced|communicated|agreed))?"
    r"\s+(?:outages?|downtime|unavailability))\b"
    # the commitment does not reach it: "this guarantee does not cover scheduled maintenance"
    r"|\b(?:guarantee|sla|commitment|promise|service\s+levels?|targets?|uptime|availability)\b[^.\n]{0,30}?"
    r"(?:\b(?:does|do|will|shall)\s*(?:not|n['’]t)|\b(?:doesn|don|won)['’]t)\s+(?:cover|include|apply\s+to)\b[^.\n]{0,40}?\bmaintenance\b"
    # "available around the clock apart from planned maintenance periods", "during these maintenance
    # periods the service may not be available"
    r"|" + SAVE_FOR + r"[^.\n]{0,60}?\b(?:maintenance|(?:planned|scheduled)\s+(?:outages?|downtime))\b"
    r"|" + DOWN_DURING_MAINTENANCE,
    re.IGNORECASE,
)
# a lead-in whose list items are the excused events: "... at least 99.5% of the time, excusing only:"
_EXCL_LEADIN = rx(
    r"\b(?:exclud(?:es?|ing)|excus(?:es?|ing)|except(?:\s+for)?|not\s+including|(?:does|do)\s+not\s+include|"
    r"(?:does|do|shall|will)\s+not\s+(?:count|apply|cover)|(?:is|are|shall\s+be)\s+excluded)\b"
    # the same with a contraction: "the promise doesn't cover downtime caused by:"
    r"|(?:doesn|don|won)['’]t\s+(?:count|apply|cover|include)\b",
    re.IGNORECASE,
)
_EXCL_HEADING = rx(
    r"exclu|exception|(?:not|n['’]t)\s+(?:covered|included|count)|(?:does\s+not|doesn['’]t)\s+apply", re.IGNORECASE
)
_COUNTED = rx(
    r"\b(?:maintenance|(?:planned|scheduled|emergency|urgent|maintenance|engineering)\s+works?)\b[^.\n]{0,120}?\b(?:counts?\s+as|is|are|will\s+be\s+treated\s+as|constitutes?)\s+"
    r"(?:an?\s+)?(?:[A-Z]\w+\s+)?(?:downtime|outage|unavailab)",
    re.IGNORECASE,
)
_NOT = rx(r"\bnot\b|\bno\b", re.IGNORECASE)
_UNCAPPED = rx(r"whatever\s+its\s+(?:duration|length)|regardless\s+of\s+(?:its\s+)?(?:duration|length)", re.IGNORECASE)
_CAP = rx(
    rf"\b(?:maximum|up\s+to|exceed|no\s+more\s+than|limited\s+to|cap(?:ped)?|total\s+of|at\s+most|not\s+more\s+than)\b[^.\n]{{0,30}}?\b{NUM}\s*"
    r"(?:\)\s*)?(?:hours?|minutes?|hrs?)\b[^.\n]{0,30}?(?:\b(?:per|each|a|in\s+any|in\s+a|every)\s+"
    r"(?:calendar\s+|billing\s+|service\s+|contract\s+|given\s+)?month|\bmonthly\b"
    # the period the level is measured over: "up to six hours in any Measurement Period"
    r"|\b(?:per|each|a|in\s+any|in\s+a|every|in\s+each)\s+(?:measurement|service|reporting|billing|invoice)\s+period\b)"
    # a count of occasions a month: "on not more than two (2) occasions per month, each of not more than four hours"
    rf"|\b(?:not\s+more\s+than|no\s+more\s+than|up\s+to|at\s+most|maximum\s+of)\s+{NUM}\s*(?:\(\d+\)\s*)?(?:occasions?|times|windows?)\s+"
    r"(?:per|each|a|in\s+any|in\s+a|every)\s+(?:calendar\s+)?month\b[^.\n]{0,20}?\beach\s+(?:of\s+)?(?:not\s+more\s+than|no\s+more\s+than|up\s+to|at\s+most)\s+"
    rf"{NUM}\s*(?:\(\d+\)\s*)?(?:hours?|minutes?)",
    re.IGNORECASE,
)
_NOTICE = rx(
    rf"\b{NUM}\s*(?:\)\s*)?(?:calendar\s+|business\s+|working\s+)?(?:days?|hours?|weeks?)['’]?\s*"
    r"(?:prior\s+|advance\s+|written\s+|['’]\s+)*(?:notice|intimation)"
    # "notified at least 5 days in advance", "announced three working days ahead"
    rf"|\b{NUM}\s*(?:\)\s*)?(?:calendar\s+|business\s+|working\s+|clear\s+)?(?:days?|hours?|weeks?)\s+(?:in\s+advance|ahead|beforehand)\b"
    rf"|\bnotice\s+of\s+(?:at\s+least\s+)?{NUM}\s"
    rf"|\bnotice\b[^.\n]{{0,60}}?\b(?:of|giving)\s+(?:at\s+least|not\s+less\s+than|a\s+minimum\s+of)\s+{NUM}\s*(?:\)\s*)?"
    r"(?:calendar\s+|business\s+|working\s+|clear\s+)?(?:days?|hours?|weeks?)\b",
    re.IGNORECASE,
)
_NO_NOTICE = rx(
    r"\bno\s+(?:minimum\s+)?notice|\bwithout\s+(?:prior\s+)?notice|\bnot\s+obliged"
    # notice only tried for: "which we will try to announce on our status page at least 24 hours in advance"
    r"|\b(?:try|tries|attempt|endeavour|endeavor|aim)\s+to\s+(?:announce|notify|tell|warn|give\s+(?:you\s+)?notice|inform)\b",
    re.IGNORECASE,
)
_BUYER = r"(?:customer|client|buyer|authority|department|agency|council|trust|state|you)"
_BUYER_APPROVES = rx(
    rf"\b(?P<without>without\s+(?:the\s+)?)?(?:(?:prior\s+)?(?:written\s+)?(?:approval|consent|agreement)\s+of\s+the\s+{_BUYER}\b"
    rf"|{_BUYER}['’]s\s+(?:prior\s+)?(?:written\s+)?(?:approval|consent|agreement)\b)"
    # each slot agreed with the customer: "an agreed PM visit", "at times agreed with the Client"
    rf"|\bagreed\s+(?:(?:pm|preventive|preventative|planned|maintenance|service)\s+)+(?:visits?|slots?|windows?|times?|dates?)\b"
    rf"|\b(?:times?|dates?|slots?|windows?)\s+(?:mutually\s+)?agreed\s+(?:in\s+advance\s+)?(?:with|by)\s+(?:the\s+)?{_BUYER}\b"
    # "a maintenance window approved in advance in writing by the COR"
    rf"|\b(?:approved|authori[sz]ed|agreed)\s+(?:in\s+advance\s+)?(?:and\s+)?(?:in\s+writing\s+)?by\s+(?:the\s+)?(?:{_BUYER}|cor|contracting\s+officer(?:['’]s\s+representative)?|government|contract\s+manager)\b",
    re.IGNORECASE,
)
# an allowance the customer's approval is needed to exceed: "shall not exceed four hours ... without
# the Department's prior written approval"
_ALLOWANCE_BEFORE = rx(r"\b(?:not\s+exceed|no\s+more\s+than|maximum|limited\s+to|capped\s+at|more\s+than|beyond)\b[^.\n]{0,80}$", re.IGNORECASE)


def _buyer_approves(text: str) -> bool:
    """The customer approves each slot or each outage beyond an allowance; not maintenance done
    "without the Customer's approval"."""
    for m in _BUYER_APPROVES.finditer(text):
        if m.group("without") is None or _ALLOWANCE_BEFORE.search(text, 0, m.start()):
            return True
    return False


# a window that bounds nothing: open every day or night, or with more outages allowed outside it
_OPEN_WINDOW = rx(
    r"\b(?:every|each)\s+(?:day|night|weekday|working\s+day|business\s+day|morning|evening)\b|\b(?:daily|nightly)\b"
    r"|\b(?:additional|further|other|extra)\b[^.\n]{0,60}?\boutside\s+(?:of\s+)?(?:the|this|that|any|a)\b[^.\n]{0,30}?\bwindows?\b"
    r"|\boutside\s+(?:of\s+)?(?:the|this|that)\s+(?:[\w-]+\s+){0,3}?windows?\b"
    # more maintenance allowed beside it, unlimited, or emergency work excluded as well
    r"|\b(?:in\s+addition|further|additional|extra)\b[^.\n]{0,40}?\b(?:maintenance|works?|downtime|outages?)\b"
    r"|\b(?:no|not|n['’]t)\s+limit\b|\bwithout\s+limit|\bunlimited\b|\bemergency\s+(?:maintenance|works?|changes?)\b",
    re.IGNORECASE,
)
_WINDOW = rx(
    r"\b(?:between|from)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?\s*)?(?:and|to|-|–)\s*\d|\bmaintenance\s+window\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:hrs\s*)?(?:to|-|–|until)\s*\d{1,2}[:.]\d{2}\b",
    re.IGNORECASE,
)
_EMERGENCY = rx(
    r"\bemergency\s+(?:maintenance|works|changes?)\b[^.\n]{0,120}?\b(?:(?:sole|absolute|unfettered|own)\s+)?discretion"
    # the service taken down at will: "we reserve the right to reboot VMs without notice"
    r"|\breserves?\s+the\s+right\s+to\s+(?:reboot|restart|shut\s+down|take\s+(?:\w+\s+)?(?:offline|down)|interrupt|suspend|power\s+off)\b"
    r"[^.\n]{0,80}?\bwithout\s+(?:any\s+|prior\s+|advance\s+)?notice\b",
    re.IGNORECASE,
)
# emergency work whenever the provider sees fit: "at any time it considers necessary",
# "with such notice as it thinks practicable"; reported only where maintenance is excluded
_EMERGENCY_ANY_TIME = rx(
    r"\b(?:emergency|urgent)\s+(?:maintenance|works?|changes?|patch\w*|repairs?|fixes)\b[^.\n]{0,120}?"
    r"\b(?:at\s+any\s+time|whenever\s+(?:it|we|they)|as\s+(?:it|we|they|\w+)\s+(?:considers?|deems?|thinks?)\s+"
    r"(?:necessary|practicable|appropriate|fit)|(?:such\s+)?notice\s+(?:as|where|if)\s+(?:\w+\s+){0,2}?"
    r"(?:considers?\s+|deems?\s+|thinks?\s+)?(?:practicable|possible|feasible|appropriate)"
    r"|may\s+not\s+(?:always\s+)?be\s+able\s+to"
    # "any emergency maintenance which the Supplier, acting reasonably, considers necessary"
    r"|(?:which|that)\s+(?:the\s+)?\w+(?:\s*,[^,.\n]{0,30},)?\s+(?:considers?|deems?|thinks?|determines?)\s+(?:to\s+be\s+)?(?:necessary|appropriate|required))"
    # notice only tried for, then the urgent work: "we'll try to tell you beforehand, but we may not
    # always be able to, and urgent work isn't counted either"
    r"|\b(?:try|tries|attempt|endeavour|endeavor|aim)\s+to\s+(?:tell|notify|inform|warn|give)\b[^.\n]{0,120}?"
    r"\b(?:emergency|urgent)\s+(?:maintenance|works?|changes?|patch\w*|repairs?)\b",
    re.IGNORECASE,
)


def _title_above(sentences: list[Sentence], index: int) -> str:
    """The short title line above the list that holds sentence `index` ("Things we don't
    cover"), where the reader found no heading; '' when there is none."""
    block = sentences[index].block
    if block.heading or not _is_item(block):
        return ""
    for j in range(index - 1, max(-1, index - 12), -1):
        prev = sentences[j]
        if prev.block is block or _is_item(prev.block):
            continue
        text = prev.block.text.strip()
        if len(text) <= 80 and not text.endswith((".", ";", ",")):
            return text
        return ""
    return ""


def _counts(text: str) -> bool:
    """The sentence says maintenance (beyond some limit) counts as downtime."""
    c = _COUNTED.search(text)
    return c is not None and not _NOT.search(c.group(0))


class MaintenanceExclusionUncapped(Rule):
    """Maintenance is excluded from downtime without a monthly cap, minimum notice or fixed window."""

    code = "SLA211"
    name = "maintenance-exclusion-uncapped"
    severity = Severity.ERROR
    topic = "maintenance"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "If any announced maintenance is excluded from downtime, the provider can label an outage "
        "maintenance and keep 100% availability; a monthly cap, notice and a fixed window prevent it."
    )
    anti_pattern = (
        "Downtime does not include periods of planned maintenance. The Vendor will post "
        "planned maintenance on its website."
    )
    best_practice = (
        "Planned maintenance of up to four hours per calendar month, between 01:00 and 05:00 "
        "on Sundays and notified at least seven days in advance, is not Downtime. Maintenance "
        "beyond that limit counts as Downtime."
    )
    fix_clause = "maintenance.capped"
    fix_text = (
        "Exclude maintenance only within a fixed window, with minimum notice and a monthly cap; "
        "maintenance beyond the cap counts as downtime."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        maint = ctx.terms.maintenance
        excluded_at: Sentence | None = None
        for _, i in ctx.scan(_EXCLUDED):
            if i >= 0:
                excluded_at = ctx.sentences[i]
                break
        maint_sents: list[Sentence] = []
        counted = False
        for _, i in ctx.scan(_MAINT):
            if i < 0:
                continue
            s = ctx.sentences[i]
            if maint_sents and maint_sents[-1] is s:
                continue
            maint_sents.append(s)
            # a lead-in ("Planned Maintenance means maintenance that:") and its items
            maint_sents.extend(x for x in list_items_after(ctx.sentences, i) if x not in maint_sents)
            if excluded_at is None and (
                _EXCL_HEADING.search(s.block.heading)
                or _EXCL_LEADIN.search(leadin_text(ctx.sentences, i))
                or _EXCL_HEADING.search(_title_above(ctx.sentences, i))
                or _EXCL_HEADING.search(table_header(ctx.doc.text, s.start))
            ):
                excluded_at = s
            counted = counted or _counts(s.text)
        emergency = next(iter(ctx.scan(_EMERGENCY)), None)
        if emergency is None and (excluded_at is not None or maint.excluded_from_downtime is True):
            emergency = next(
                (h for h in ctx.scan(_EMERGENCY_ANY_TIME) if h[1] >= 0 and not _CAP.search(ctx.sentences[h[1]].text)),
                None,
            )
        if emergency is not None and emergency[1] >= 0 and not _counts(ctx.sentences[emergency[1]].text):
            yield ctx.finding(
                self,
                sentence=ctx.sentences[emergency[1]],
                severity=Severity.WARNING,
                message="Emergency maintenance is at the provider's sole discretion and excluded from downtime.",
            )
        if maint.excluded_from_downtime is False or counted:
            return
        if excluded_at is None and maint.excluded_from_downtime is not True:
            return
        text = "\n".join(s.text for s in maint_sents)
        uncapped = bool(_UNCAPPED.search(text))
        has_cap = not uncapped and (maint.monthly_cap is not None or bool(_CAP.search(text)))
        has_notice = not _NO_NOTICE.search(text) and (
            maint.notice is not None or bool(_NOTICE.search(text))
        )
        # the customer agrees each slot, or approves each outage beyond the allowance: the provider
        # cannot hide an outage in maintenance the customer did not accept
        if _buyer_approves(text):
            return
        has_window = maint.window is not None or bool(_WINDOW.search(text))
        missing = [
            label
            for label, ok in (("monthly cap", has_cap), ("minimum notice", has_notice), ("fixed window", has_window))
            if not ok
        ]
        # capped and announced in advance: a missing fixed window alone lets no outage hide; held
        # in a fixed window and announced: the window bounds it as a cap would
        # (not a window open every day or night, nor one the provider may add to at will)
        bounded_window = has_window and not _OPEN_WINDOW.search(text)
        if not missing or (has_notice and (has_cap or bounded_window)):
            return
        if not has_cap and not has_notice:
            severity = Severity.ERROR
        elif not has_cap or not has_notice:
            severity = Severity.WARNING
        else:
            severity = Severity.INFO
        message = "Maintenance is excluded from downtime with no " + ", no ".join(missing) + "."
        if excluded_at is not None:
            yield ctx.finding(self, sentence=excluded_at, severity=severity, message=message)
        else:
            ev = maint.evidence[0] if maint.evidence else None
            yield ctx.finding(
                self,
                at=ev,
                severity=severity,
                message=message,
            )
