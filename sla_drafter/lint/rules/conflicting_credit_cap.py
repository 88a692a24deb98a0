"""SLA409 conflicting-credit-cap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..._cache import rx
from ...findings import Finding, Severity
from ..registry import Rule

if TYPE_CHECKING:
    from ...extract.sentences import Sentence
    from ..context import RuleContext

# "will not exceed 25%", "capped at 30 percent", "a maximum of 50%", "limited to 10%"
_CAP = rx(
    r"\b(?:(?:shall|will|may|must|does|do)[^\S\n]+not[^\S\n]+(?:in[^\S\n]+(?:total|aggregate)[^\S\n]+)?exceed|"
    r"(?:is|are|be)[^\S\n]+capped[^\S\n]+at|capped[^\S\n]+at|cap(?:[^\S\n]+of)?|maximum(?:[^\S\n]+of)?|"
    r"(?:is|are|be)[^\S\n]+limited[^\S\n]+to|limited[^\S\n]+to)[^\S\n]+"
    r"(?:an?[^\S\n]+(?:total|aggregate)[^\S\n]+(?:of[^\S\n]+)?)?(?P<pct>\d{1,3}(?:\.\d+)?)[^\S\n]?(?:%|per[^\S\n]?cent|percent)",
    re.IGNORECASE,
)
_CREDIT = rx(r"\bcredit", re.IGNORECASE)
_PERIOD = rx(
    r"\b(?P<p>month|monthly|measurement[^\S\n]+period|quarter|quarterly|year|annual|annually|contract[^\S\n]+year)\b",
    re.IGNORECASE,
)
_PERIODS = {"monthly": "month", "quarterly": "quarter", "annual": "year", "annually": "year",
            "contract year": "year"}
# A statement of which cap governs resolves the conflict ("the lower cap prevails").
_PRECEDENCE = rx(r"\b(?:prevails?|precedence|overrides?|supersedes?|instead[^\S\n]+of)\b", re.IGNORECASE)


def _period(sentence: Sentence) -> str:
    m = _PERIOD.search(sentence.text)
    if m is None:
        return "any"
    word = " ".join(m.group("p").lower().split())
    return _PERIODS.get(word, word)


class ConflictingCreditCap(Rule):
    """The credit cap for one period is stated with different values."""

    code = "SLA409"
    name = "conflicting-credit-cap"
    severity = Severity.ERROR
    topic = "credit_cap"
    groups = ("drafting",)
    rationale = (
        "A cap is a single number. When one section caps the credits for a month at 25% and "
        "another at 30%, nothing says which applies and each party will claim the one that "
        "suits it; a court may read the ambiguity against the party who drafted it. State one "
        "cap per period, or say expressly which cap prevails (for example, a per-service cap "
        "within an overall cap)."
    )
    anti_pattern = (
        "4. Service Credits\n\nThe total Service Credits for any month will not exceed 25% of "
        "the monthly Charges.\n\n"
        "9. Hosting\n\nService Credits for the hosting service will not exceed 30% of the "
        "monthly Charges."
    )
    best_practice = (
        "4. Service Credits\n\nThe total Service Credits for any month will not exceed 25% of "
        "the monthly Charges.\n\n"
        "9. Hosting\n\nService Credits for the hosting service will not exceed 15% of the "
        "monthly Charges; the overall cap in Section 4 prevails over this cap."
    )
    fix_clause = ""
    fix_text = (
        "State the cap once for each period, or state per-service caps together with the order "
        "in which the caps apply."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        first: dict[str, tuple[float, Sentence]] = {}
        conflicts: list[tuple[Sentence, float, float, Sentence]] = []
        done: set[int] = set()
        for m, index in ctx.scan(_CAP):
            if index < 0 or index in done:
                continue
            sentence = ctx.sentences[index]
            if not _CREDIT.search(sentence.text):
                continue
            if _PRECEDENCE.search(sentence.text):
                return  # the document says how its caps relate
            done.add(index)
            value = float(m.group("pct"))
            period = _period(sentence)
            earlier = first.get(period)
            if earlier is None:
                first[period] = (value, sentence)
            elif earlier[0] != value:
                conflicts.append((sentence, value, earlier[0], earlier[1]))
        for sentence, value, before, where in conflicts:
            message = (
                f"Credits are capped at {value:g}% here but at {before:g}% under "
                f'"{where.block.heading or "an earlier section"}", and nothing says which prevails.'
            )
            yield ctx.finding(self, sentence=sentence, message=message)
