"""SLA218 business-hours-clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import Clock, MetricKind
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._common import table_header

if TYPE_CHECKING:
    from ..context import RuleContext

# "non-urgent" and "not critical" name the lowest priorities
_CRITICAL = (
    r"(?<!non-)(?<!non\s)(?<!not\s)(?:critical|urgent|P1|priority\s*1|severity\s*1|sev\s*1|level\s*1|emergency|total\s+loss(?:\s+of\s+service)?"
    # the top category named by its effect: "issues that impact platform availability", "the service is down"
    r"|(?:issues?|incidents?|problems?|faults?)\s+(?:that\s+|which\s+)?(?:impact|affect)\w*\s+(?:the\s+)?"
    r"(?:(?:platform|service|system|production)\s+)?availability"
    r"|(?:service|platform|system)\s+(?:is\s+)?(?:down|unavailable))"
)
# weekdays and a span of the day, in either order: "Monday to Friday 9am to 5pm", "M-F 8am to 6pm",
# "9:00 A.M. to 5:00 P.M, Monday to Friday"
_WEEKDAYS = r"(?:mon(?:day)?\s*(?:to|-|–|through)\s*fri(?:day)?|m[-/]f)\b"
_HOURS_SPAN = (
    r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|a\.m\.?)?\s*(?:to|-|–|until|till)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:pm|p\.m\.?)?"
)
# a business-hours clock, named or spelled out ("Monday to Friday 9am to 5pm", "during weekdays")
_BH = (
    r"(?:(?:business|working|office|support)\s+(?:hours?|days?)"
    # a weekday care level by name: "8 Standard Care Hours"
    r"|(?:standard|basic|normal)\s+(?:care|cover|support|service)\s+hours?"
    rf"|{_WEEKDAYS}[^.\n]{{0,14}}?{_HOURS_SPAN}"
    rf"|(?<![\d:.]){_HOURS_SPAN}[^.\n]{{0,14}}?\b{_WEEKDAYS}"
    r"|(?:during|on)\s+weekdays|weekdays\s+only)"
)
# every _BH match holds one of these (lower-cased) literals
_BH_LITERALS = frozenset({"business", "working", "office", "support", "standard", "basic", "normal", "mon", "m-f", "m/f", "weekdays"})
_TEXT = rx(
    rf"\b{_CRITICAL}\b[^.\n]{{0,120}}?\b{_BH}\b|\b{_BH}\b[^.\n]{{0,60}}?\b(?:for|of)\s+(?:all\s+)?{_CRITICAL}\b",
    re.IGNORECASE,
)
_CRITICAL_RE = rx(rf"\b{_CRITICAL}\b", re.IGNORECASE)
# every _TEXT match names a critical priority, so holds one of these (lower-cased) words
_CRITICAL_WORDS = (
    frozenset({"critical", "urgent", "p1", "priority", "sev", "level", "emergency", "total", "availability", "down", "unavailable"}),
)
# between the critical priority and the business-hours clock: the clock belongs to something else
_SWITCH = rx(r"24\s*[x×/]\s*7|24\s+hours|round\s+the\s+clock|at\s+any\s+time|;", re.IGNORECASE)
# right after the business-hours clock: it belongs to the other priorities ("within 1 hour for urgent
# tickets and within 1 Business Day for all other tickets")
_FOR_OTHERS = rx(
    r"[^.\n;]{0,20}?\bfor\s+(?:all\s+|the\s+|any\s+)?(?:other|remaining|lower|non-?urgent|non-?critical|standard|routine)\b",
    re.IGNORECASE,
)
_REPORT = rx(r"\breports?\b|\broot[- ]cause|\bRCA\b", re.IGNORECASE)
# an escalation timetable ("Level 2 | Service Manager | 2 hours after Level 1 or next Working Day"):
# when a matter goes up the chain, not how fast the incident is answered or fixed
_ESCALATION = rx(r"\bescalat\w*|\b(?:after|following)\s+(?:the\s+)?(?:level|stage|tier|step)\s*\d", re.IGNORECASE)
# the clock stops outside the support hours: "the clock is paused outside those hours", "time outside
# core support hours is not counted"
_HOURS_WORDS = r"(?:(?:core|normal|regular|standard|usual|business|working|office|support|supported|service|staffed|cover|coverage|contracted)\s+)*(?:hours|days)"
_PAUSED_OUTSIDE = rx(
    r"\b(?:clocks?|time|timers?|measurement)\b[^.\n]{0,40}?\b(?:paused|pauses|stops?|stopped|suspended|frozen|on\s+hold|"
    r"not\s+(?:counted|run|running|measured)|(?:can\s*not|can[’']t|(?:does|do|will|shall)\s+not)\s+(?:advance|run|count|accrue|tick))\b"
    r"[^.\n]{0,20}?\boutside\s+(?:of\s+)?(?:"
    # "outside this window", "outside the support period"
    r"(?:the\s+|those\s+|these\s+|this\s+|that\s+)?(?:(?:support|service(?:\s+level)?|cover(?:age)?)\s+)?(?:windows?|period)\b"
    r"|(?:the\s+|those\s+|these\s+)?"
    + _HOURS_WORDS
    + r")"
    # "Response Time (excluding non-business hours)", "response times exclude non-working days"
    + r"|\b(?:clocks?|times?|timers?|measurement|targets?)\b[^.\n]{0,100}?\bexclud\w*\s+non[- ]?(?:business|working|office|support)\s+(?:hours|days)\b"
    # "(non-business hours excluded)"
    + r"|\b(?:clocks?|times?|timers?|measurement|targets?)\b[^.\n]{0,100}?\bnon[- ]?(?:business|working|office|support)\s+(?:hours|days)\s+(?:are\s+|is\s+)?excluded\b"
    + r"|\btime\s+outside\s+(?:of\s+)?(?:the\s+|those\s+|these\s+)?"
    + _HOURS_WORDS
    + r"\s+(?:is|are|will\s+be|shall\s+be)\s+(?:not\s+(?:counted|measured|included)|excluded|disregarded|ignored)\b",
    re.IGNORECASE,
)
_PAUSED_WORDS = (frozenset({"outside", "exclud"}),)
# the same said the other way round: "the clock for faults counts working hours only", "the
# timer runs only during business hours"
_CLOCK_ONLY_IN = rx(
    r"\b(?:clocks?|timers?|(?:target|response|resolution|restoration|fix)\s+times?)\b[^.\n]{0,40}?\b(?:counts?|runs?|ticks?|is\s+measured\s+in|measures?)\s+"
    r"(?:only\s+(?:during|in|within)\s+(?:the\s+)?" + _HOURS_WORDS + r"|(?:during\s+|in\s+|within\s+)?(?:the\s+)?" + _HOURS_WORDS + r"\s+only)\b"
    # "target times only run during Support Hours"
    r"|\b(?:clocks?|timers?|(?:target|response|resolution|restoration|fix)\s+times?)\s+only\s+(?:counts?|runs?|ticks?)\s+(?:during|in|within)\s+(?:the\s+)?"
    + _HOURS_WORDS + r"\b",
    re.IGNORECASE,
)
_ONLY_WORDS = (frozenset({"only"}),)
# every response or resolution time, the critical ones included, is counted in business hours:
# "All response times are measured in Business Hours (08:30-17:30, Monday to Friday)"
_ALL_TIMES_IN_BH = rx(
    r"\b(?:all|every|each\s+of\s+the)\s+(?:(?:response|resolution|restoration|fix|target|service\s+level)\s+)?(?:times?|targets?)\b[^.\n]{0,40}?"
    r"\b(?:are|is|will\s+be|shall\s+be)\s+(?:measured|counted|calculated|tracked|timed)\s+(?:only\s+)?(?:in|during|within)\s+(?:the\s+)?"
    r"(?:business|working|office|support|core)\s+(?:hours|days)\b",
    re.IGNORECASE,
)
_ALL_WORDS = (frozenset({"all", "every", "each"}),)
# the targets' clock as a footnote or a table row: "Based on working days | Monday to Friday | 09:00 - 17:00",
# "all times are based on business hours"
_BASED_ON_BH = rx(
    r"(?:(?<![^\n|])\s*|\b(?:times?|targets?|slas?|service\s+levels?|figures)\s+(?:are\s+|is\s+)?)based\s+on\s+"
    r"(?:business|working|office)\s+(?:days|hours)\b",
    re.IGNORECASE,
)
_BASED_WORDS = (frozenset({"based"}),)
# what comes in after hours waits for the next opening, or work stops when the desk closes: "requests
# that arrive after hours are addressed at the start of business", "work ceases when the help desk
# closes for the day, whatever the severity"
_WAITS_FOR_OPENING = rx(
    r"\b(?:after|outside(?:\s+of)?)\s+(?:(?:business|working|office|support|normal)\s+)?hours\b[^.\n]{0,60}?"
    r"\b(?:addressed|handled|dealt\s+with|picked\s+up|responded\s+to|worked\s+on|processed|actioned|answered|looked\s+at)\s+"
    r"(?:at|on|from|by)\s+the\s+(?:start|beginning|opening|next)\s+(?:of\s+)?(?:the\s+)?(?:next\s+)?(?:business|working)\b"
    # "outside of these hours, the on-call engineer will respond as soon as possible the next business day"
    r"|\b(?:after|outside(?:\s+of)?)\s+(?:these|those|our\s+(?:business|working|office|support|operating)|(?:business|working|office|support|normal|operating))\s+hours\b"
    r"[^.\n]{0,80}?\b(?:respond\w*|repl(?:y|ies|ied)|answer\w*|handl\w*|address\w*|pick\w*\s+up|look\w*\s+at)\b[^.\n]{0,40}?"
    r"\b(?:on\s+)?the\s+(?:next|following)\s+(?:business|working)\s+day\b"
    r"|\bwork\b[^.\n]{0,40}?\b(?:ceases?|stops?|pauses?|is\s+suspended|will\s+be\s+(?:cease|stop|pause|suspend)\w*)\b[^.\n]{0,20}?"
    r"\b(?:upon|on|at|when)\s+(?:the\s+)?(?:closure|close|closing|end)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:help\s*desk|service\s+desk|support|office|business\s+day)",
    re.IGNORECASE,
)
_WAITS_WORDS = (frozenset({"after", "outside", "work"}),)
# support itself is staffed only in business hours: "We are here for you in our business hours between
# 8am and 6pm CET", "Support is available Monday to Friday, 9:00 to 17:00"
_SUPPORT_ONLY_IN_BH = rx(
    r"\b(?:we\s+are\s+(?:here|available|on\s+hand)\s+(?:for\s+you|to\s+help)|(?:our\s+)?(?:support|help\s*desk|service\s+desk)\s+(?:team\s+)?"
    r"(?:is\s+|are\s+)?(?:available|provided|offered|open|staffed)|support\s+hours\s+(?:are|:))"
    r"[^.\n]{0,60}?(?:\b(?:in|during|within)\s+(?:our\s+|normal\s+|regular\s+|standard\s+)?(?:business|working|office)\s+hours\b"
    r"|\bbetween\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|a\.m\.)?\s*(?:and|-|–|to)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:pm|p\.m\.)"
    rf"|\b{_WEEKDAYS})",
    re.IGNORECASE,
)
_SUPPORT_ONLY_WORDS = (frozenset({"here", "available", "hand", "support", "help", "service"}),)
# a time target: "8h", "30 minutes", "1 business day"
_TIME_TARGET = rx(r"\b\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?|d|days?)\b|\bbusiness\s+days?\b", re.IGNORECASE)
# business hours for every issue, whatever its severity: "a target first response of 8 business hours for all issues"
_BH_FOR_ALL = rx(
    r"\b(?:business|working|office|support)\s+(?:hours?|days?)\b[^.\n;]{0,30}?\bfor\s+(?:all|every|any)\s+"
    r"(?:issues?|incidents?|tickets?|priorities|severities|severity\s+levels|faults?|requests?|cases?|calls?)\b",
    re.IGNORECASE,
)
_OUTSIDE = rx(
    r"\boutside\s+(?:of\s+)?(?:(?:normal|regular|standard|usual|core)\s+)?(?:business|working|office)\s+hours", re.IGNORECASE
)
# support that runs only in business hours, whatever the priority: "respond within 3 business hours",
# "help with problems during normal business hours", "Support (Monday - Friday): 9am to 5pm"
_BH_SUPPORT = rx(
    r"\bwithin\s+(?:\d+|one|two|three|four|five|six|eight)(?:\s*\(\d+\))?\s+(?:business|working|office|support)\s+hours?\b"
    r"|\b(?:problems?|incidents?|issues?|faults?|tickets?|requests?|support|troubleshoot\w*|assist\w*|respon\w*|help|operations)\b"
    r"[^.\n]{0,60}?\bduring\s+(?:(?:normal|regular|standard|usual|core)\s+)?(?:business|working|office)\s+hours\b"
    rf"|\b(?:support|respon\w*|help\s*line|help\s*desk|service\s+desk|hotline)\b[^.\n]{{0,30}}?{_BH}",
    re.IGNORECASE,
)
# what may stand between "availability" and the hours it is counted in; it runs on over a decimal
# point ("Availability of 99.5% during ...")
_LEAD_IN = r"(?:[^.\n]|\.(?=\d)){0,100}?"
# availability counted only in business hours: "Availability: the minutes in the month during Business Hours"
_BH_AVAILABILITY = rx(
    rf"\b(?:availability|uptime)\b{_LEAD_IN}\b(?:during|within|in)\s+(?:(?:normal|regular|standard|core|the)\s+)?"
    r"(?:business|working|office)\s+hours\b"
    # the service said to be available in office hours, the figure after: "available during office
    # hours, Monday to Friday, and in that time we aim for 99.9% availability"
    r"|\bavailable\s+(?:only\s+)?(?:during|within|in)\s+(?:(?:normal|regular|standard|core|the)\s+)?(?:business|working|office)\s+hours\b"
    r"(?=(?:[^.\n]|\.(?=\d)){0,160}?\d(?:\.\d+)?\s*%)",
    re.IGNORECASE,
)
# availability counted only in named hours other than business hours ("Clinical Hours", "Service
# Hours", "Operating Hours"): a weekday span or "only" must show the hours are not round the clock
_HOURS_NAMES = r"service|clinical|core|operating|operational|trading|opening|school|support|staffed|production"
_NAMED_HOURS_AVAILABILITY = rx(
    rf"\b(?:availability|uptime)\b{_LEAD_IN}\b(?:during|within|in|over|across|for)\s+(?:the\s+)?(?:{_HOURS_NAMES})\s+hours\b"
    r"(?=[^.\n]{0,80}?(?:\bonly\b|\bmon(?:day)?\s*(?:to|-|–|through)\s*fri(?:day)?\b))",
    re.IGNORECASE,
)
# the same named hours defined elsewhere as a span of the day: "Availability ... 99.5% of Core Hours"
# with "Core Hours are 07:00 to 19:00 on Working Days" in the definitions
_NAMED_HOURS_ANY = rx(
    rf"\b(?:availability|uptime|availabl[ey])\b{_LEAD_IN}\b(?:during|within|in|over|across|for|of)\s+(?:the\s+)?"
    rf"(?P<name>{_HOURS_NAMES}|prime|peak)\s+hours\b",
    re.IGNORECASE,
)
_DAY_SPAN = (
    r"\b(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.))\s*(?:hrs\s*)?(?:to|-|–|until|and)\s*"
    r"(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.))"
)
_WHOLE_DAY = rx(r"24\s*(?:x|×|/|hours)|\bround\s+the\s+clock|00[:.]00\s*(?:to|-|–|until)\s*(?:24[:.]00|23[:.]59)", re.IGNORECASE)


def _named_hours_span(ctx: RuleContext, name: str) -> bool:
    """Whether the document defines `<name> Hours` as a span of the day, not round the clock."""
    definition = rx(
        rf"\b{name}\s+hours\W{{0,3}}\s+(?:means|are|is|shall\s+mean|refers?\s+to|run|runs|cover|covers)\b[^.\n]{{0,100}}?{_DAY_SPAN}",
        re.IGNORECASE,
    )
    m = ctx.search(definition)
    return m is not None and not _WHOLE_DAY.search(m.group(0))


# a fault reported out of hours waits for the next opening: "a call logged out of hours is treated as
# logged when support next opens"
_DEEMED_NEXT = rx(
    r"\b(?:received|reported|raised|logged|opened|notified|submitted)\s+(?:outside\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?:normal|regular|standard|core)\s+)?(?:service|business|working|office|support|operating|core)\s+(?:hours|days?)\b"
    # the hours spelled out: "a fault reported after 18:00 or at a weekend is treated as reported at 08:00"
    r"|(?:after|before)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs|h)?(?:\s+(?:or|and)\s+(?:at|on|over|during)\s+(?:a\s+|the\s+)?"
    r"(?:weekends?|(?:public|bank)\s+holidays?))?|(?:at|on|over|during)\s+(?:a\s+|the\s+)?(?:weekends?|(?:public|bank)\s+holidays?))"
    r"[^.\n]{0,80}?\b(?:deemed|treated|considered|taken|regarded)\s+(?:to\s+have\s+been\s+|as\s+(?:having\s+been\s+)?)?"
    r"(?:received|reported|raised|logged|opened|notified|submitted)\b[^.\n]{0,40}?\b(?:next|following|start|begin\w*|opening)\b",
    re.IGNORECASE,
)
_DEEMED_WORDS = (frozenset({"outside", "after", "before", "weekend", "weekends", "holiday", "holidays"}),)
# critical incidents handled round the clock as part of the service (not as a paid option)
_CRITICAL_24X7 = rx(
    rf"\b{_CRITICAL}\b[^.\n]{{0,120}}?(?:24\s*[x×/]\s*7|\b24\s*hours?\s+a\s+day|round[- ]the[- ]clock|around\s+the\s+clock)"
    rf"|(?:24\s*[x×/]\s*7|\b24\s*hours?\s+a\s+day|round[- ]the[- ]clock|around\s+the\s+clock)[^.\n]{{0,120}}?\b{_CRITICAL}\b",
    re.IGNORECASE,
)
_ADD_ON = rx(
    r"\b(?:option|optional|add-?on|additional\s+(?:fee|charge)|surcharge|booked|purchased|premium|extra\s+charge)\b", re.IGNORECASE
)
# a clock counted in working hours belongs to support only beside a support word: "deliveries put
# away within 24 working hours" is a warehouse target
_SUPPORT_CONTEXT = rx(
    r"\b(?:support|respon\w*|tickets?|incidents?|faults?|calls?|requests?|quer(?:y|ies)|issues?|problems?|acknowledg\w*"
    r"|restor\w*|resol\w*|fix\w*|repair\w*|help\s*desk|service\s+desk|engineer\w*|technician\w*)\b",
    re.IGNORECASE,
)
_WITHIN_BH = rx(r"\bwithin\s+\S+(?:\s*\(\d+\))?\s+(?:business|working|office|support)\s+hours?\b", re.IGNORECASE)
_SUPPORT_DESK = rx(r"\bsupport\b|\bhelp\s*desk|\bservice\s+desk|\btickets?\b|\bcontact", re.IGNORECASE)
_BH_SUPPORT_WORDS = (_BH_LITERALS,)
# a lower priority on business hours is fine ("P3: within 8 business hours")
_LOW_PRIORITY = rx(
    r"\b(?:P[2-5]|priority\s*[2-5]|severity\s*[2-5]|sev\s*[2-5]|level\s*[2-5]|low|minor|medium|moderate|normal(?!\s+(?:business|working|office))|non-urgent"
    r"|non-critical|standard\s+requests?|service\s+requests?|enquir\w+|questions?|(?:e-?mail\s+)?quer(?:y|ies))\b",
    re.IGNORECASE,
)
_MAINTENANCE = rx(r"\bmaint(?:ain|enance)|\bupgrade", re.IGNORECASE)
# cover outside business hours: a 24x7 clock, an on-call or out-of-hours route for urgent issues
_ROUND_THE_CLOCK = rx(
    r"24\s*[x×/]\s*7|\b24\s*hours?\s+a\s+day|twenty[- ]four\s+hours\s+a\s+day|round[- ]the[- ]clock|around\s+the\s+clock"
    r"|\b(?:7|seven)\s+days\s+a\s+week|\bout[- ]of[- ]hours\b|\bafter[- ]hours\b|\bon[- ]call\b|\bpager\b"
    r"|\bemergency\s+(?:line|number|phone|contact|support|hotline)"
    r"|\boutside\s+(?:of\s+)?(?:(?:normal|regular|standard|usual|core)\s+)?(?:business|working|office)\s+hours\b"
    r"[^.\n]{0,80}?\b(?:urgent|emergency|critical|call|phone|telephone|page|contact|e-?mail:)",
    re.IGNORECASE,
)


# a priority table's row on a business-hours clock: "1 | reasonable efforts, during normal business
# hours | 24 hours" under "Severity Level | Level of Effort | Initial response"
_ROW_BH = rx(
    r"(?:^|(?<=\n))[^\n|]{1,300}\|[^\n]*?(?:\b(?:business|working|office)\s+(?:hours?|days?)\b"
    rf"|\b{_WEEKDAYS}[^.\n|]{{0,14}}?{_HOURS_SPAN})",
    re.IGNORECASE,
)
_ROW_BH_WORDS = (frozenset({"business", "working", "office", "mon", "m-f", "m/f"}),)
_CRITICAL_CELL = rx(
    r"(?:(?:p|sev(?:erity)?|priority|level|prio|s)\W{0,2}1|critical|urgent|emergency|1)\b(?!\s*[.:]?\d)", re.IGNORECASE
)
_PRIORITY_HEADER = rx(r"\b(?:severity|priority|level|impact|category|prio)\b", re.IGNORECASE)


def _critical_row(text: str, start: int, row: str) -> bool:
    """The pipe `row` at `start` is the top priority's: its first cell names priority 1 (a bare
    number only under a Severity/Priority header), or it is the first row under such a header,
    whatever its name ("High")."""
    first = row.split("|", 1)[0]
    if _CRITICAL_CELL.match(first.strip().lstrip("*_([")):
        if not first.strip().isdigit():
            return True
        header = table_header(text, start).split("\n", 1)[0]
        return _PRIORITY_HEADER.search(header.split("|", 1)[0]) is not None
    prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
    prev = text[prev_start : start - 1] if start > 0 else ""
    prev_first = prev.split("|", 1)[0]
    return (
        "|" in prev
        and not any(ch.isdigit() for ch in prev_first + first)
        and _LOW_PRIORITY.search(first) is None
        and _PRIORITY_HEADER.search(prev_first) is not None
    )


# a 24x7 mention that is no out-of-hours support: denied ("we do not have 24/7 shifts") or about the
# service being up ("the platform is expected to be available 24/7")
_NOT_24X7 = rx(r"\b(?:not|no|without|never)\b[^.\n]{0,40}$", re.IGNORECASE)
_UP_WORDS = rx(r"\b(?:availab\w*|uptime|operat\w*|runs?|running|accessible|online|up)\b", re.IGNORECASE)
_HELP_WORDS = rx(
    r"\b(?:support\w*|respon\w*|tickets?|calls?|engineers?|on[- ]call|incidents?|phone|telephone|desk|contact\w*|escalat\w*|staff\w*|pager|emergenc\w*|urgent|critical|p1)\b",
    re.IGNORECASE,
)


def _round_the_clock_support(ctx: RuleContext) -> bool:
    """Somewhere the document gives out-of-hours cover: a 24x7 clock, on-call, an emergency line."""
    text = ctx.doc.text
    for m, i in ctx.scan(_ROUND_THE_CLOCK):
        if i < 0:
            return True
        sent = ctx.sentences[i]
        if _NOT_24X7.search(text, sent.start, m.start()):
            continue
        if _UP_WORDS.search(sent.text) and not _HELP_WORDS.search(sent.text):
            continue
        return True
    return False


class BusinessHoursClock(Rule):
    """Critical incidents are handled on a business-hours clock."""

    code = "SLA218"
    name = "business-hours-clock"
    severity = Severity.ERROR
    topic = "support_response"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "An outage on Friday evening with a four-business-hour response is answered on Monday; "
        "critical incidents need a 24x7 clock, while P3/P4 may run in business hours."
    )
    anti_pattern = "Priority 1 tickets will be answered within two working hours."
    best_practice = (
        "Priority 1 tickets will be answered within 30 minutes, 24 hours a day, 7 days a week. "
        "Priority 3 tickets will be answered within one business day."
    )
    fix_clause = "support.coverage_hours"
    fix_text = "Run P1 (and P2) response and resolution clocks 24x7; keep business hours for P3/P4."

    @staticmethod
    def _critical_round_the_clock(ctx: RuleContext) -> bool:
        """Critical incidents run 24x7 as part of the service, not only for those who buy an option."""
        for _m, i in ctx.scan(_CRITICAL_24X7):
            if i < 0 or not _ADD_ON.search(ctx.sentences[i].text):
                return True
        return False

    def _critical_in_staffed_hours(self, ctx: RuleContext) -> Finding | None:
        """Support is staffed only in business hours, a critical priority has a time target, and
        nothing gives out-of-hours cover: the critical clock runs in business hours."""
        for _m, i in ctx.scan(_SUPPORT_ONLY_IN_BH, also=_SUPPORT_ONLY_WORDS):
            if i < 0 or _ROUND_THE_CLOCK.search(ctx.sentences[i].text):
                continue
            if not self._critical_target(ctx) or _round_the_clock_support(ctx) or self._critical_round_the_clock(ctx):
                return None
            return ctx.finding(
                self,
                sentence=ctx.sentences[i],
                message="Support works only in business hours and nothing covers nights or weekends, so the critical priority's clock waits for opening time.",
            )
        return None

    @staticmethod
    def _critical_target(ctx: RuleContext) -> bool:
        """A critical priority is given a time: in its sentence, or in its table row."""
        text = ctx.doc.text
        for m, i in ctx.scan(_CRITICAL_RE):
            if i < 0:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line = text[line_start : line_end if line_end >= 0 else None]
            if _TIME_TARGET.search(line if "|" in line else ctx.sentences[i].text):
                return True
        return False

    def _named_hours_availability(self, ctx: RuleContext) -> Finding | None:
        """Availability counted only in named hours ("Clinical Hours", "Core Hours"): shown to be
        weekday hours in the sentence itself, or defined elsewhere as a span of the day."""
        patterns = ((_NAMED_HOURS_AVAILABILITY, "set weekday hours"), (_NAMED_HOURS_ANY, "set hours of the day"))
        for pattern, hours in patterns:
            for m, i in ctx.scan(pattern):
                if i < 0:
                    continue
                s = ctx.sentences[i]
                if _SUPPORT_DESK.search(s.text) or _MAINTENANCE.search(s.text):
                    continue
                if pattern is _NAMED_HOURS_ANY and not _named_hours_span(ctx, m.group("name").lower()):
                    continue
                return ctx.finding(
                    self,
                    sentence=s,
                    severity=Severity.WARNING,
                    message=f"Availability is counted only in {hours}, so night and weekend outages do not count.",
                )
        return None

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        seen: set[int] = set()
        for m, i in ctx.scan(_TEXT, also=_CRITICAL_WORDS):
            if i < 0 or i in seen:
                continue
            s = ctx.sentences[i]
            if _REPORT.search(s.text):
                continue  # a report deadline, not the incident clock
            if _ESCALATION.search(s.text) or _ESCALATION.search(s.block.heading):
                continue  # when a matter is escalated, not the incident clock
            if _SWITCH.search(m.group(0)) or _FOR_OTHERS.match(ctx.doc.text, m.end(), s.end):
                continue
            if _OUTSIDE.search(m.group(0)) and not re.search(r"charg|not\s+(?:available|call|telephone)", s.text, re.I):
                continue
            seen.add(i)
            yield ctx.finding(self, sentence=s)
        if seen:
            return
        for m, i in ctx.scan(_ROW_BH, also=_ROW_BH_WORDS):
            if i < 0:
                continue
            line_end = ctx.doc.text.find("\n", m.start())
            row = ctx.doc.text[m.start() : line_end if line_end >= 0 else None]
            if not _critical_row(ctx.doc.text, m.start(), row):
                continue
            if _ROUND_THE_CLOCK.search(row) or _OUTSIDE.search(row) or _REPORT.search(row) or _ESCALATION.search(row):
                continue
            yield ctx.finding(
                self,
                sentence=ctx.sentences[i],
                message="The top priority's row in the table runs on business hours, so a critical fault at night or at a weekend waits.",
            )
            return
        for _m, i in ctx.scan(_DEEMED_NEXT, also=_DEEMED_WORDS):
            if i < 0:
                continue
            s = ctx.sentences[i]
            if _LOW_PRIORITY.search(s.text) or self._critical_round_the_clock(ctx):
                continue
            yield ctx.finding(
                self,
                sentence=s,
                message="A fault reported out of hours counts as reported only when the next support hours begin.",
            )
            return
        paused = [
            *ctx.scan(_PAUSED_OUTSIDE, also=_PAUSED_WORDS),
            *ctx.scan(_CLOCK_ONLY_IN, also=_ONLY_WORDS),
            *ctx.scan(_ALL_TIMES_IN_BH, also=_ALL_WORDS),
            *ctx.scan(_BASED_ON_BH, also=_BASED_WORDS),
            *ctx.scan(_WAITS_FOR_OPENING, also=_WAITS_WORDS),
        ]
        for _m, i in ctx.scan(_BH_FOR_ALL, also=_ALL_WORDS):
            if i >= 0:
                yield ctx.finding(
                    self,
                    sentence=ctx.sentences[i],
                    message="Every issue, the critical ones included, is answered on a business-hours clock.",
                )
                return
        for _m, i in paused:
            if i < 0:
                continue
            s = ctx.sentences[i]
            named = _CRITICAL_RE.search(s.text) is not None
            if (_LOW_PRIORITY.search(s.text) and not named) or (not named and self._critical_round_the_clock(ctx)):
                continue  # only the low priorities stop, or critical faults run round the clock
            yield ctx.finding(
                self,
                sentence=s,
                message="The clock stops outside support hours, so a critical fault raised at night or at a weekend waits.",
            )
            return
        staffed = self._critical_in_staffed_hours(ctx)
        if staffed is not None:
            yield staffed
            return
        named_hours = self._named_hours_availability(ctx)
        if named_hours is not None:
            yield named_hours
            return
        for _m, i in ctx.scan(_BH_AVAILABILITY, also=_BH_SUPPORT_WORDS):
            if i < 0:
                continue
            s = ctx.sentences[i]
            if _SUPPORT_DESK.search(s.text) or _MAINTENANCE.search(s.text) or _OUTSIDE.search(s.text):
                continue
            yield ctx.finding(
                self,
                sentence=s,
                # a warning: a service used only in business hours may fairly be measured in them
                severity=Severity.WARNING,
                message="Availability is counted only in business hours, so night and weekend outages do not count.",
            )
            return
        if not _round_the_clock_support(ctx):
            for _m, i in ctx.scan(_BH_SUPPORT, also=_BH_SUPPORT_WORDS):
                if i < 0:
                    continue
                s = ctx.sentences[i]
                if _REPORT.search(s.text) or _MAINTENANCE.search(s.text) or _OUTSIDE.search(s.text) or _LOW_PRIORITY.search(s.text):
                    continue
                if _WITHIN_BH.search(s.text) and not _SUPPORT_CONTEXT.search(s.text + " " + s.block.heading):
                    continue
                yield ctx.finding(
                    self,
                    sentence=s,
                    message="Support runs only in business hours, with no out-of-hours cover for urgent incidents.",
                )
                return
        for metric in ctx.terms.metrics:
            if metric.kind not in (MetricKind.SUPPORT_RESPONSE, MetricKind.RESOLUTION):
                continue
            critical = bool(metric.priority and _CRITICAL_RE.search(metric.priority))
            business = metric.clock is Clock.BUSINESS_HOURS or metric.unit.startswith("business")
            # the quoted text must show the business clock, or the clock was read from a neighbour
            ev_text = metric.evidence.text if metric.evidence else ""
            shown = metric.evidence is None or any(
                not _SWITCH.search(m.group(0))
                and not _FOR_OTHERS.match(ev_text, m.end())
                and not _REPORT.search(ev_text[max(0, m.start() - 60) : m.end()])
                for m in _TEXT.finditer(ev_text)
            )
            if critical and business and shown:
                ev = metric.evidence
                yield ctx.finding(self, at=ev)
                return
