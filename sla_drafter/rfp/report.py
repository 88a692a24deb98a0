"""Comparison reports: human text, JSON (docs/compare.md, schemas/compare-report.json) and HTML.

All three are deterministic: the same requirements and documents give the same bytes.
HTML goes through the project's sandboxed, autoescaping Jinja environment, so a vendor's
text containing markup shows as text.
"""

from __future__ import annotations

import json

from .compare import Comparison, Outcome, VendorReport, location_text

_MARK = {"met": "met", "exceeded": "exceeded", "weaker": "WEAKER", "missing": "MISSING", "unclear": "unclear"}


def render_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _summary_line(vendor: VendorReport) -> str:
    c = vendor.counts()
    counts = ", ".join(f"{c[k]} {k}" for k in ("met", "exceeded", "weaker", "missing", "unclear"))
    failed = vendor.mandatory_failed()
    tail = f"; mandatory not met: {', '.join(failed)}" if failed else "; every mandatory requirement met"
    return f"score {vendor.score():g}/100 ({counts}){tail}"


def _outcome_lines(o: Outcome) -> list[str]:
    req = o.requirement
    lines = [f"{req.id}  {_MARK[o.status.value]:<9} {req.title} [{req.need}, weight {req.weight:g}]",
             f"    required: {o.required}"]  # fmt: skip
    if o.offered:
        where = location_text(o.evidence.location) if o.evidence and o.evidence.location else ""
        lines.append(f"    offered:  {o.offered}" + (f"  ({where})" if where else ""))
    lines.append(f"    reason:   {o.reason}")
    if o.evidence and o.evidence.text:
        lines.append(f"    evidence: \"{_short(o.evidence.text)}\"")
    return lines


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_human(comparison: Comparison) -> str:
    reqs = comparison.requirements
    lines: list[str] = []
    if len(comparison.vendors) == 1:
        vendor = comparison.vendors[0]
        lines.append(f"{vendor.path} against {reqs.path}: {_summary_line(vendor)}")
        lines.append("")
        for o in vendor.outcomes:
            lines += [*_outcome_lines(o), ""]
    elif comparison.vendors:
        lines += _side_by_side(comparison)
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""


def _side_by_side(comparison: Comparison) -> list[str]:
    vendors = comparison.vendors
    names = [v.path.rsplit("/", 1)[-1] for v in vendors]
    width = max(9, *(len(n) for n in names))
    head = f"{'ID':<8}{'NEED':<11}{'WT':>4}  " + "".join(f"{n:<{width + 2}}" for n in names) + "REQUIREMENT"
    lines = [f"{comparison.requirements.path}: {len(vendors)} vendors", "", head]
    for i, req in enumerate(comparison.requirements.requirements):
        cells = "".join(f"{_MARK[v.outcomes[i].status.value]:<{width + 2}}" for v in vendors)
        lines.append(f"{req.id:<8}{req.need:<11}{req.weight:>4g}  {cells}{req.title}")
    lines.append(f"{'SCORE':<8}{'':<11}{'':>4}  " + "".join(f"{v.score():<{width + 2}g}" for v in vendors))
    lines.append("")
    for v in sorted(vendors, key=lambda x: (-x.score(), x.path)):
        lines.append(f"{v.path}: {_summary_line(v)}")
    lines.append("")
    for v in vendors:
        lines.append(f"## {v.path}")
        for o in v.outcomes:
            if o.status.value in ("weaker", "missing", "unclear"):
                lines.append(f"{o.requirement.id}  {_MARK[o.status.value]:<9} {o.reason}")
        lines.append("")
    return lines


def render_html(comparison: Comparison) -> str:
    from .. import __version__
    from ..assemble.jinja import html_env

    template = html_env().get_template("compare/report.html.j2")
    vendors = [
        {
            "path": v.path,
            "score": f"{v.score():g}",
            "summary": _summary_line(v),
            "outcomes": [
                {**o.to_dict(), "where": location_text(o.evidence.location) if o.evidence else ""}
                for o in v.outcomes
            ],
        }
        for v in comparison.vendors
    ]
    rows = [
        {"id": r.id, "title": r.title, "need": r.need, "weight": f"{r.weight:g}", "required": r.required_level(),
         "cells": [v.outcomes[i].status.value for v in comparison.vendors]}
        for i, r in enumerate(comparison.requirements.requirements)
    ]  # fmt: skip
    return template.render(
        title=comparison.requirements.title,
        requirements_file=str(comparison.requirements.path),
        vendors=vendors,
        rows=rows,
        version=__version__,
    )
