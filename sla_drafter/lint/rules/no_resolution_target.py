"""SLA202 no-resolution-target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ...terms import MetricKind
from ...topics import TopicStatus
from ..registry import PROVIDER_INFO, SLA_ONLY, Rule
from ._absence import stated_target
from ._common import NUM

if TYPE_CHECKING:
    from ..context import RuleContext

_DISCLAIMED = rx(
    r"(?:\b(?:does|do|will|shall|can)\s*not|\b(?:doesn|don|won|can)['’]t)\s+(?:commit|guarantee|promise|warrant|undertake)\b"
    r"[^.\n]{0,60}?\b(?:resolution|resolve|fix|workaround|repair|restor\w*)"
    r"|\bno\s+(?:resolution|fix|restoration)\s+(?:times?|targets?|commitments?)\b"
    # "there is no target for completion of tickets", "no commitment is given for resolving cases"
    r"|\bno\s+(?:time\s+)?(?:targets?|commitments?|times?|guarantees?)\s+(?:(?:is|are)\s+(?:given|made|set)\s+)?"
    r"(?:for|to)\s+(?:the\s+)?(?:completion|resolution|closure|fix\w*|repair\w*|restoration|clos(?:e|ing)|resolv\w*|complet\w*)\b"
    r"|\bresolution\s+times?\s+(?:(?:are|is)\s+(?:not\s+guaranteed|estimates?|indicative)|(?:is|are)n['’]t\s+guaranteed)"
    # a label then its denial: "Resolution time: Cannot be guaranteed"
    r"|\bresolution\s+times?\s*[:–—-]\s*(?:cannot|can\s*not|can['’]t|not)\s+(?:be\s+)?(?:guaranteed|promised|committed)"
    # only an estimate of the time to fix is promised: "an estimated time to resolution
    # only", "will give an estimate of when the fault will be fixed"
    r"|\bestimat(?:e|es|ed|ion)\b[^.\n]{0,25}?\b(?:resolution|resolve|fix|repair|restor\w*)\b"
    r"(?!\s+(?:times?\s+)?(?:is\s+|are\s+|of\s+)?within\b)",
    re.IGNORECASE,
)


# a time to fix in words the topic cues may not hold: "restore power to the affected feed
# within four (4) hours", "faults are repaired within 2 working days"; not a breach
# "remedied within 30 days" (a cure period)
_FIX_WITHIN = rx(
    r"\b(?:resol(?:ve|ves|ved|ution)|restor(?:e|es|ed|ation)|fix(?:es|ed)?|repair(?:s|ed)?|"
    r"rectif(?:y|ies|ied)|work-?arounds?)\b[^.\n]{0,60}?\bwithin\s+"
    rf"{NUM}\s*(?:\(\d+\)\s*)?(?:business\s+|working\s+|calendar\s+|clock\s+)?"
    r"(?:minutes?|hours?|days?|weeks?)\b"
    # a ticket completed or closed within a time: "service requests are completed within 3 working days"
    r"|\b(?:tickets?|requests?|incidents?|cases?|calls?|queries|faults?)\b[^.\n]{0,60}?\b(?:complet|clos)(?:e|es|ed|ion)\s+within\s+"
    rf"{NUM}\s*(?:\(\d+\)\s*)?(?:business\s+|working\s+|calendar\s+|clock\s+)?(?:minutes?|hours?|days?|weeks?)\b",
    re.IGNORECASE,
)


# a fault remedied or a part replaced within hours: "defective hardware is remedied within 4 hours";
# a breach "remedied within 30 days" is a cure period, so minutes and hours only
_FIXED_IN_HOURS = rx(
    r"\b(?:defects?|defective|faults?|faulty|incidents?|failures?|failed|outages?|hardware|components?|parts?|errors?)\b"
    r"[^.\n]{0,80}?\b(?:remed\w*|replac\w*|swapped)\b[^.\n]{0,60}?\bwithin\s+"
    rf"{NUM}\s*(?:\(\d+\)\s*)?(?:business\s+|working\s+|clock\s+)?(?:minutes?|hours?)\b",
    re.IGNORECASE,
)


# fixing is not part of the service: "it does not include malware eradication or system restoration",
# "remediation is the Customer's responsibility"; a detection service owes no time to fix
_FIX_OUT_OF_SCOPE = rx(
    r"\b(?:does|do|shall|will)\s+not\s+(?:include|cover|extend\s+to)\b[^.\n]{0,120}?"
    r"\b(?:(?:system|service|incident|environment)\s+restoration|remediation|eradication|incident\s+resolution)\b"
    r"|\b(?:remediation|eradication|(?:system|service|incident)\s+restoration|incident\s+resolution)\b[^.\n]{0,60}?"
    r"\b(?:is|are|remains?|shall\s+be|will\s+be)\s+(?:out\s+of\s+scope|outside\s+(?:the\s+)?scope|excluded"
    r"|the\s+(?:customer|client|buyer)['’]s\s+responsibility|(?:the\s+)?responsibility\s+of\s+the\s+(?:customer|client|buyer))",
    re.IGNORECASE,
)


# a report about an incident is no time to fix it: "a post-incident report with the root cause
# and remediation steps within five business days"
_REPORT = rx(
    r"\b(?:reports?|root\s+cause|RCA|post[- ]incident|post[- ]mortem|analysis|lessons\s+learned|review)\b",
    re.IGNORECASE,
)
# a table column for the time to fix: "| Restoration target |", "| Time to resolve |"
_FIX_COLUMN = rx(r"\b(?:resol\w*|restor\w*|fix\w*|repair\w*|work-?arounds?|recover\w*|rectif\w*)\b", re.IGNORECASE)
_DURATION_CELL = rx(
    rf"\b{NUM}\s*(?:\(\d+\)\s*)?(?:business\s+|working\s+|calendar\s+|clock\s+)?(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b"
    r"|\bnext\s+(?:business\s+|working\s+)?day\b",
    re.IGNORECASE,
)


# a response to a task, not to a fault: remote hands, service requests, installs; such a task has no
# "resolution", so a response target for it alone owes no time to fix
_TASK = rx(
    r"\b(?:remote|smart)\s+hands\b|\bservice\s+requests?\b|\binstallations?\b|\bprovisioning\b|\bcross[- ]connects?\b"
    r"|\bmoves?,?\s+(?:adds?|additions?)\b"
    # questions answered, not faults fixed: "enquiries raised through the portal are answered within 4 hours"
    r"|\benquir(?:y|ies)\b|\bquer(?:y|ies)\b|\bquestions?\b|\bcorrespondence\b",
    re.IGNORECASE,
)
_FAULT = rx(
    r"\b(?:incidents?|faults?|outages?|failures?|defects?|errors?|breakdowns?|problems?|issues?|critical|urgent|"
    r"p[1-4]|priority|severity|sev\s*\d)\b",
    re.IGNORECASE,
)


# support is promised with its hours, and no time at all: "Support will be provided 24 hours a
# day, 7 days a week", "the platform provides 24/7 support for live services"; a desk open
# "Monday to Friday, 9:00-17:00" with no response or fix time commits to nothing either
_SUPPORT_HOURS = rx(
    r"\b(?:24\s*/\s*7|24\s*x\s*7(?:\s*x\s*365)?|round[- ]the[- ]clock)\s+(?:technical\s+|phone\s+|on[- ]call\s+)?support\b"
    r"|\b(?:support|help\s*desk|service\s+desk)\b[^.\n]{0,60}?\b(?:is\s+|are\s+|will\s+be\s+|shall\s+be\s+)"
    r"(?:provided|available|offered|staffed|open|given)\b[^.\n]{0,40}?"
    r"(?:\b24\s*/\s*7\b|\b24\s*x\s*7\b|\b24\s+hours\s+a\s+day\b|\bround[- ]the[- ]clock\b|\bat\s+all\s+times\b"
    r"|\bduring\s+(?:normal\s+)?(?:business|working|office)\s+hours\b"
    r"|\bmonday\s+(?:to|through|-|–)\s+friday\b)",
    re.IGNORECASE,
)


def _task_responses_only(ctx: RuleContext, first: str) -> bool:
    """Every response target found is for a task (remote hands, a service request), none for a fault."""
    texts = [first] + [e.text for e in ctx.terms.topics["support_response"].evidence]
    texts += [m.evidence.text for m in ctx.terms.metrics_of(MetricKind.SUPPORT_RESPONSE) if m.evidence is not None]
    return all(_TASK.search(t) and not _FAULT.search(t) for t in texts)


def _fix_column_with_times(text: str) -> bool:
    """A table has a time-to-fix column with a duration in at least one row."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.count("|") < 1:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cols = [k for k, c in enumerate(cells) if len(c) <= 40 and _FIX_COLUMN.search(c) and not _DURATION_CELL.search(c)]
        if not cols:
            continue
        for row in lines[n + 1 : n + 12]:
            if "|" not in row:
                if row.strip():
                    break
                continue
            rcells = [c.strip() for c in row.strip().strip("|").split("|")]
            if len(rcells) == len(cells) and any(_DURATION_CELL.search(rcells[k]) for k in cols):
                return True
    return False


def _resolution_stated(ctx: RuleContext) -> bool:
    """A time to fix is stated: an extracted metric, a sentence or a table column; a report
    deadline is not one."""
    if ctx.terms.metrics_of(MetricKind.RESOLUTION) or ctx.search(_FIX_WITHIN) is not None or ctx.search(_FIXED_IN_HOURS) is not None:
        return True
    ev = stated_target(ctx, ("resolution",))
    if ev is not None and not _REPORT.search(ev.text):
        return True
    return "|" in ctx.doc.text and _fix_column_with_times(ctx.doc.text)


_HOURS_ONLY = (
    "Support is offered by its hours alone: no time to respond to or resolve an incident is "
    "committed, so a ticket can stay open indefinitely."
)


class NoResolutionTarget(Rule):
    """Support has response targets but no resolution targets, or resolution is expressly not committed."""

    code = "SLA202"
    name = "no-resolution-target"
    severity = Severity.ERROR
    topic = "resolution"
    groups = ("gaming",)
    kinds = SLA_ONLY
    stance_severity = PROVIDER_INFO
    rationale = (
        "A response target alone is met by picking up the ticket; only a resolution (restore) "
        "target commits the provider to ending the outage (ITIL 4 Incident Management)."
    )
    anti_pattern = (
        "The Supplier will answer Priority 1 tickets within one hour. The Supplier does not "
        "guarantee any time to fix or work around a fault."
    )
    best_practice = (
        "The Supplier will respond to Priority 1 incidents within 15 minutes and resolve them "
        "within 4 hours."
    )
    fix_clause = "support.resolution_targets"
    fix_text = "Add resolution (restore) targets for each priority, at least for P1 and P2."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for _m, i in ctx.scan(_DISCLAIMED):
            if i >= 0:
                yield ctx.finding(self, sentence=ctx.sentences[i])
                return
        terms = ctx.terms
        if _resolution_stated(ctx):
            return  # a time to fix is stated, in a table, a sentence or a row
        # a response target, and resolution either absent (this finding replaces the bare
        # missing-resolution) or named with no time ("we work on the case until resolved")
        ev = stated_target(ctx, ("support_response",))
        if terms.status("resolution") is TopicStatus.BY_REFERENCE:
            return
        if ev is None:
            # no response time either: support promised by its hours alone owes nothing
            if terms.status("support_response") is TopicStatus.BY_REFERENCE or terms.metrics_of(MetricKind.SUPPORT_RESPONSE):
                return
            for _m, i in ctx.scan(_SUPPORT_HOURS):
                if i >= 0 and ctx.search(_FIX_OUT_OF_SCOPE) is None:
                    yield ctx.finding(self, sentence=ctx.sentences[i], message=_HOURS_ONLY)
                return
            return
        if ctx.search(_FIX_OUT_OF_SCOPE) is not None:
            return  # the service does not fix: no time to fix is owed
        if _task_responses_only(ctx, ev.text):
            return  # only tasks (remote hands, service requests) have a response time: nothing to resolve
        yield ctx.finding(self, at=ev)
