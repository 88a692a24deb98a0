"""SLA404 inconsistent-party-names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...findings import Finding, Severity
from ..registry import Rule

if TYPE_CHECKING:
    from ..context import RuleContext

_PRONOUNS = {"we": "we", "us": "we", "our": "we", "ours": "we", "you": "you", "your": "you", "yours": "you"}


def _norm(name: str) -> str:
    n = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
    n = re.sub(r"(?:'s|s')$", "", n).strip().casefold()
    return _PRONOUNS.get(n, n)


# "Service Provider" shortened to "Provider" is the same name, not a second one
_QUALIFIERS = ("service ", "services ")


def _same(a: str, b: str) -> bool:
    """'brightloom' and 'brightloom software, inc.' name the same party."""
    return (
        a == b
        or a.startswith(b + " ")
        or b.startswith(a + " ")
        or any(a == q + b or b == q + a for q in _QUALIFIERS)
    )


def _distinct(names: list[str]) -> list[str]:
    out: list[str] = []
    for raw in names:
        n = _norm(raw)
        if n and not any(_same(n, _norm(o)) for o in out):
            out.append(raw.strip())
    return out


class InconsistentPartyNames(Rule):
    """One party is called by several names, or by names the document never defines."""

    code = "SLA404"
    name = "inconsistent-party-names"
    severity = Severity.WARNING
    topic = None
    groups = ("drafting",)
    rationale = (
        "When the supplier is 'the Provider', 'we' and 'the Company', a reader cannot tell whether "
        "one entity or several owe each obligation; use one defined name per party."
    )
    anti_pattern = (
        'This SLA is between Northwind Ltd (the "Supplier") and the Customer named in the '
        'order (the "Customer"). The Supplier will respond within one hour. The Vendor will '
        "keep the Service available 99.9% of each month, and we will report monthly."
    )
    best_practice = (
        'This SLA is between Northwind Ltd (the "Supplier") and the Customer named in the '
        'order (the "Customer"). The Supplier will respond within one hour. The Supplier will '
        "keep the Service available 99.9% of each month."
    )
    fix_clause = ""
    fix_text = "Define one name for each party and use it throughout."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        parties = ctx.terms.parties
        defined = [_norm(d) for d in parties.get("defined", [])]
        for side in ("provider", "customer"):
            names = _distinct(parties.get(side, []))
            if len(names) < 2:
                continue
            undefined = [n for n in names if not any(_same(_norm(n), d) for d in defined)]
            # with no defined name for this side there is no standard to be inconsistent with
            if not undefined or len(undefined) == len(names):
                continue
            first = _first_use(ctx, undefined)
            message = (
                f"The {side} is called " + ", ".join(f'"{n}"' for n in names)
                + "; not defined: " + ", ".join(f'"{n}"' for n in undefined) + "."
            )
            if first is not None:
                sentence = ctx.sentence_at(first)
                yield ctx.finding(
                    self, sentence=sentence, message=message
                ) if sentence is not None else ctx.finding(self, start=first, end=first, message=message)
            else:
                yield ctx.finding(self, message=message)


def _first_use(ctx: RuleContext, names: list[str]) -> int | None:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    m = re.search(rf"\b(?:{alts})\b", ctx.doc.text, re.IGNORECASE if all(n.islower() for n in names) else 0)
    return m.start() if m else None
