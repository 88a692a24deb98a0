"""What a document commits to, for the rules that report an element it leaves out.

A careful reviewer reports an absent element as the problem it causes, not as a bare
"missing topic": service levels with no remedy at all are `no-remedy`, response targets
with nothing about resolution are `no-resolution-target`, an availability target with no
method of measurement is `measurement-unspecified`. These helpers answer the two questions
those rules ask: does the document state a target of this kind, and is this topic given?
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..._cache import rx
from ...terms import Evidence, MetricKind
from ...topics import TopicStatus

if TYPE_CHECKING:
    from ..context import RuleContext

# topics whose targets the metric extractor also finds (in tables, in prose)
TARGET_METRICS: dict[str, MetricKind] = {
    "availability": MetricKind.AVAILABILITY,
    "support_response": MetricKind.SUPPORT_RESPONSE,
    "resolution": MetricKind.RESOLUTION,
}


# a target has a figure: "99.5%", "within 4 hours", "two business days"
_FIGURE = rx(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
    r"forty|sixty|ninety)\b",
    re.IGNORECASE,
)
_PERCENT = rx(r"\b\d{2,3}(?:\.\d+)?\s*(?:%|per\s*cent|percent)", re.IGNORECASE)
# a time target has a duration: "within 4 hours", "two business days", "30 mins", "next
# working day"; a section number ("2. Response Time") or a time set elsewhere ("within the
# Target Response Time") is none
_DURATION = rx(
    r"(?:\d+(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|"
    r"thirty|forty|forty-five|sixty|ninety))\s*(?:\(\d+\)\s*)?(?:-\s*)?"
    r"(?:(?:business|working|calendar|clock|support|office|waking)\s+)?"
    r"(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\b"
    r"|\b(?:next|same|following)\s+(?:business\s+|working\s+)?day\b",
    re.IGNORECASE,
)
_FIGURE_OF = {"availability": _PERCENT, "support_response": _DURATION, "resolution": _DURATION}
_NEAR = 160  # characters after a topic's evidence where its figure may stand
_HEADER_ROWS = 3  # rows under a table header where its figure may stand
_TABLE_NEXT = rx(r"[ \t]*\n(?:[ \t]*\n)*[^\n|]*\|")  # the next line that is not blank is a table row


def stated_target(ctx: RuleContext, topics: tuple[str, ...] | list[str]) -> Evidence | None:
    """Evidence of the first target the document states for one of `topics` (an extracted
    metric, or the topic present in a sentence with a figure), in the order given; None
    when it states none."""
    for topic in topics:
        kind = TARGET_METRICS.get(topic)
        if kind is not None:
            for metric in ctx.terms.metrics_of(kind):
                if metric.evidence is not None:
                    return metric.evidence
        found = ctx.terms.topics[topic]
        if found.status is TopicStatus.PRESENT:
            # the topic named with a figure in its sentence or just after it (a table header
            # and its rows); "support is available in French" is no target
            for ev in found.evidence:
                loc = ev.location
                near = ctx.doc.text[loc.start : loc.end + _NEAR] if loc else ev.text
                if loc and ("|" in ev.text or _TABLE_NEXT.match(ctx.doc.text, loc.end)):
                    # a table header, or a heading over a table ("Initial Response Goals" over
                    # "Severity | Gold | Silver"): its first rows, however long their description cells
                    end = loc.end if "|" in ev.text else ctx.doc.text.find("\n", loc.end + 1)
                    for _ in range(_HEADER_ROWS):
                        end = ctx.doc.text.find("\n", end + 1)
                        if end < 0:
                            end = len(ctx.doc.text)
                            break
                    near = ctx.doc.text[loc.start : end]
                if _FIGURE_OF.get(topic, _FIGURE).search(near):
                    return ev
    return None


def not_given(ctx: RuleContext, topic: str) -> bool:
    """The topic is neither present nor incorporated by reference (absent or denied),
    and no extracted metric gives it."""
    kind = TARGET_METRICS.get(topic)
    if kind is not None and ctx.terms.metrics_of(kind):
        return False
    return ctx.terms.status(topic) in (TopicStatus.ABSENT, TopicStatus.NEGATED)
