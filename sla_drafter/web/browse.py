"""The Library and Rules pages: the clause library by topic, in each stance with its
drafting note, and every lint rule with its rationale and examples.

Both are read-only views of what `sla-drafter clauses` and `sla-drafter rules`
print, built once per process (the library and the rules do not change while
the server runs).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import SlaDrafterError
from .templating import page

STANCES = ("customer", "balanced", "provider")


@cache
def library_view() -> list[dict[str, Any]]:
    from ..library import describe_default, load_library, topic_title

    library = load_library()
    topics = []
    for topic in library.topics():
        clauses = []
        for c in library.for_topic(topic):
            try:
                texts = {s: c.render_defaults(s) for s in STANCES}
            except SlaDrafterError as exc:  # one bad template must not hide the library
                texts = {s: f"(cannot show this text: {exc})" for s in STANCES}
            clauses.append({
                "id": c.id, "title": c.title, "version": c.version, "default": c.default,
                "applies_when": c.applies_when or "", "satisfies": list(c.satisfies),
                "variables": [
                    {"name": v.name, "type": v.type, "source": v.source or "", "doc": v.doc,
                     "default": describe_default(v.default) if v.has_default else ""}
                    for v in c.variables.values()
                ],
                "texts": texts, "notes": {s: c.notes.get(s, "") for s in STANCES},
            })
        topics.append({"topic": topic, "title": topic_title(topic), "clauses": clauses})
    return topics


@cache
def rules_view() -> list[dict[str, Any]]:
    from ..lint.registry import all_rules
    from ..topics import TOPIC_TITLES

    out = []
    for rule in all_rules():
        d = dict(rule.describe())
        d["topic_title"] = TOPIC_TITLES.get(str(d.get("topic") or ""), "")
        out.append(d)
    return out


async def library_page(request: Request) -> Response:
    stance = request.query_params.get("stance", "")
    shown = (stance,) if stance in STANCES else STANCES
    return page(request, "library.html", title="Clause library", topics=library_view(),
                stances=STANCES, shown=shown, stance=stance)


async def rules_page(request: Request) -> Response:
    rules = rules_view()
    severity = request.query_params.get("severity", "")
    if severity in ("error", "warning", "info"):
        rules = [r for r in rules if r["severity"] == severity]
    return page(request, "rules.html", title="Review rules", rules=rules, severity=severity,
                total=len(rules_view()))


def routes() -> list[BaseRoute]:
    return [
        Route("/library", library_page, methods=["GET"]),
        Route("/rules", rules_page, methods=["GET"]),
    ]
