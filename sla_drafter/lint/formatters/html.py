"""A self-contained HTML report: each document's text with the evidence highlighted.

One file, inline CSS, no scripts, no external resources. Left: the document's
blocks in order (headings as headings, table cells in tables), each finding's
evidence in a `<mark>` coloured by severity. Right: the findings, each linking
to its mark and back. Then the topic coverage table, and a summary. Every piece
of document text goes through jinja2's autoescape (sandboxed environment), so a
document containing `<script>` shows it as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...document import Block, BlockKind, Document
from ...findings import Finding, Severity
from ...topics import TOPIC_TITLES, TOPICS
from . import FormatOptions, display_path, truncate

if TYPE_CHECKING:
    from jinja2 import Template

    from .. import DocumentResult, LintResult


@dataclass(slots=True)
class Segment:
    text: str
    severity: str | None = None  # highest severity of the findings covering it
    target: str | None = None  # finding id the mark links to
    anchors: list[str] = field(default_factory=list)  # finding ids whose evidence starts here
    title: str = ""


@dataclass(slots=True)
class Piece:
    """One thing in the text column: a block, or a whole table."""

    kind: str  # heading | paragraph | list_item | table | page (a page break; level = page)
    level: int = 0
    segments: list[Segment] = field(default_factory=list)
    rows: list[list[list[Segment]]] = field(default_factory=list)


def _segments(block: Block, spans: list[tuple[int, int, str, Finding]], seen: set[str]) -> list[Segment]:
    lo, hi = block.start, block.end
    local = [
        (max(s, lo), min(max(e, s + 1), hi), fid, f)
        for s, e, fid, f in spans
        if s < hi and max(e, s + 1) > lo
    ]
    if not local:
        return [Segment(block.text)]
    cuts = sorted({lo, hi, *(s for s, _, _, _ in local), *(e for _, e, _, _ in local)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        cover = [(fid, f) for s, e, fid, f in local if s <= a < e]
        seg = Segment(block.text[a - lo : b - lo])
        if cover:
            worst = max(cover, key=lambda c: (c[1].severity.rank, -int(c[0].split("f")[-1])))
            seg.severity = worst[1].severity.value
            seg.target = worst[0]
            seg.title = "; ".join(f"{f.code} {f.rule}" for _, f in cover)
            for fid, _ in cover:
                if fid not in seen:
                    seen.add(fid)
                    seg.anchors.append(fid)
        out.append(seg)
    return out


def _pieces(doc: Document, findings: list[tuple[str, Finding]]) -> list[Piece]:
    spans = sorted(
        (f.location.start, f.location.end, fid, f) for fid, f in findings if f.location is not None
    )
    seen: set[str] = set()
    pieces: list[Piece] = []
    tables_done: set[int] = set()
    by_table: dict[int, list[Block]] = {}
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL and b.table is not None:
            by_table.setdefault(b.table, []).append(b)
    page: int | None = None
    for b in doc.blocks:
        if b.page is not None and b.page != page:
            if page is not None or b.page > 1:
                pieces.append(Piece("page", b.page))
            page = b.page
        relevant = [s for s in spans if s[0] < b.end + 1 and max(s[1], s[0] + 1) > b.start]
        if b.kind is BlockKind.TABLE_CELL and b.table is not None:
            if b.table in tables_done:
                continue
            tables_done.add(b.table)
            cells = by_table[b.table]
            grid: dict[int, dict[int, Block]] = {}
            for c in cells:
                grid.setdefault(c.row or 0, {})[c.col or 0] = c
            width = max((max(r) + 1 for r in grid.values()), default=0)
            rows: list[list[list[Segment]]] = []
            for r in sorted(grid):
                row: list[list[Segment]] = []
                for col in range(width):
                    cell = grid[r].get(col)
                    if cell is None:
                        row.append([])
                    else:
                        cell_spans = [s for s in spans if s[0] < cell.end + 1 and max(s[1], s[0] + 1) > cell.start]
                        row.append(_segments(cell, cell_spans, seen))
                rows.append(row)
            pieces.append(Piece("table", rows=rows))
            continue
        level = min(b.level + 2, 6) if b.kind is BlockKind.HEADING else b.level
        pieces.append(Piece(b.kind.value, level, _segments(b, relevant, seen)))
    return pieces


def _where(f: Finding) -> str:
    loc = f.location
    if loc is None:
        return "whole document"
    parts = []
    if loc.page is not None:
        parts.append(f"page {loc.page}")
    if loc.heading:
        parts.append(truncate(loc.heading, 50))
    return ", ".join(parts) or f"block {loc.block + 1}"


def _document_view(index: int, d: DocumentResult, options: FormatOptions) -> dict[str, Any]:
    ids = [(f"d{index}-f{i}", f) for i, f in enumerate(d.findings)]
    has_text = d.doc is not None
    findings = [
        {
            "id": fid,
            "linked": has_text and f.location is not None,
            "code": f.code,
            "rule": f.rule,
            "severity": f.severity.value,
            "topic": TOPIC_TITLES.get(f.topic or "", f.topic or ""),
            "message": f.message,
            "evidence": truncate(f.evidence, 300),
            "where": _where(f),
            "fix": f.fix.to_dict() if f.fix else None,
        }
        for fid, f in ids
    ]
    topics = []
    for t in TOPICS:
        tf = d.terms.topics.get(t)
        status = tf.status.value if tf is not None else "absent"
        evidence = truncate(tf.evidence[0].text, 140) if tf is not None and tf.evidence else ""
        topics.append({"slug": t, "title": TOPIC_TITLES[t], "status": status, "evidence": evidence})
    return {
        "id": f"d{index}",
        "path": display_path(d.path, options.base_dir),
        "kind": d.kind,
        "doc_kind": getattr(d.terms.kind, "value", str(d.terms.kind)),
        "title": d.doc.title if d.doc is not None else "",
        "pieces": _pieces(d.doc, ids) if d.doc is not None else [],
        "findings": findings,
        "topics": topics,
        "counts": {s.value: d.count(s) for s in Severity},
        "present": sum(1 for t in topics if t["status"] == "present"),
        "suppressed": d.suppressed,
    }


@cache
def _template() -> Template:
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(TEMPLATE)


def format_html(result: LintResult, options: FormatOptions) -> str:
    docs = [_document_view(i, d, options) for i, d in enumerate(result.documents)]
    html: str = _template().render(
        docs=docs,
        summary=result.summary(),
        errors=sorted(result.errors),
        topic_count=len(TOPICS),
        version=__version__,
    )
    return html.rstrip("\n") + "\n"


TEMPLATE = r"""{% macro seg(s) %}{% if s.severity %}{% for a in s.anchors[1:] %}<span class="anchor" id="{{ a }}"></span>{% endfor %}<mark class="{{ s.severity }}"{% if s.anchors %} id="{{ s.anchors[0] }}"{% endif %} title="{{ s.title }}"><a href="#{{ s.target }}-item">{{ s.text }}</a></mark>{% else %}{% for a in s.anchors %}<span class="anchor" id="{{ a }}"></span>{% endfor %}{{ s.text }}{% endif %}{% endmacro %}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sla-drafter {{ version }}">
<title>SLA lint report{% if docs|length == 1 %}: {{ docs[0].path }}{% endif %}</title>
<style>
:root { --error:#c62828; --error-bg:#fde2e1; --warning:#a15c00; --warning-bg:#fff1c7;
        --info:#1f5f99; --info-bg:#dcecfb; --ink:#1d2330; --muted:#5f6b7a; --line:#e3e7ee; --paper:#fff; --bg:#f5f7fa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header.top { background:#1d2330; color:#fff; padding:18px 28px; }
header.top h1 { margin:0 0 6px; font-size:22px; font-weight:600; }
.badges { display:flex; gap:8px; flex-wrap:wrap; }
.badge { display:inline-block; padding:2px 10px; border-radius:999px; font-size:13px; font-weight:600; background:#e9edf3; color:var(--ink); }
.badge.error { background:var(--error-bg); color:var(--error); }
.badge.warning { background:var(--warning-bg); color:var(--warning); }
.badge.info { background:var(--info-bg); color:var(--info); }
main { padding:20px 28px 40px; max-width:1500px; margin:0 auto; }
nav.toc ul { margin:0; padding-left:18px; }
section.doc { background:var(--paper); border:1px solid var(--line); border-radius:10px; margin:0 0 28px; padding:18px 22px; }
section.doc > h2 { margin:0 0 4px; font-size:19px; word-break:break-all; }
.meta { color:var(--muted); font-size:13px; margin-bottom:12px; }
.columns { display:grid; grid-template-columns:minmax(0, 3fr) minmax(300px, 2fr); gap:22px; align-items:start; }
@media (max-width: 900px) { .columns { grid-template-columns:1fr; } }
@media print { .columns { grid-template-columns:1fr; } .text { border-right:0; padding-right:0; }
  aside.findings { position:static; max-height:none; overflow:visible; } body { background:#fff; } }
.text { font-family: Georgia, "Times New Roman", serif; font-size:15.5px; border-right:1px solid var(--line); padding-right:22px; }
.text h3, .text h4, .text h5, .text h6 { font-family:system-ui, sans-serif; margin:1.2em 0 .4em; }
.text p { margin:.45em 0; }
.text p.li { padding-left:1.2em; text-indent:-1em; }
.text p.li::before { content:"• "; color:var(--muted); }
.text table { border-collapse:collapse; margin:.8em 0; font-size:14px; display:block; max-width:100%; overflow-x:auto; }
.text td { border:1px solid var(--line); padding:4px 8px; vertical-align:top; }
mark { padding:0 1px; border-radius:3px; border-bottom:2px solid; scroll-margin-top:80px; }
mark a { color:inherit; text-decoration:none; }
mark.error { background:var(--error-bg); border-color:var(--error); }
mark.warning { background:var(--warning-bg); border-color:var(--warning); }
mark.info { background:var(--info-bg); border-color:var(--info); }
mark:target, li.finding:target { outline:3px solid #6b46c1; outline-offset:2px; }
.anchor { scroll-margin-top:80px; }
.page { margin:1.2em 0 .6em; border-top:1px dashed var(--line); color:var(--muted); font:12px system-ui, sans-serif; text-align:right; }
aside.findings { position:sticky; top:10px; max-height:calc(100vh - 20px); overflow:auto; }
aside.findings h3 { margin:0 0 8px; font-size:16px; }
ol.findings { list-style:none; margin:0; padding:0; }
li.finding { border:1px solid var(--line); border-left:5px solid var(--muted); border-radius:6px; padding:8px 10px; margin:0 0 10px; background:#fff; scroll-margin-top:20px; }
li.finding.error { border-left-color:var(--error); }
li.finding.warning { border-left-color:var(--warning); }
li.finding.info { border-left-color:var(--info); }
.sev { font-size:11px; font-weight:700; text-transform:uppercase; letter-spacing:.04em; padding:1px 6px; border-radius:4px; }
.sev.error { background:var(--error-bg); color:var(--error); }
.sev.warning { background:var(--warning-bg); color:var(--warning); }
.sev.info { background:var(--info-bg); color:var(--info); }
.code { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:13px; }
.where { font-size:12.5px; color:var(--muted); }
.where a { color:#3b5bdb; }
blockquote { margin:6px 0; padding:4px 10px; border-left:3px solid var(--line); color:#3c4655; font-family:Georgia, serif; font-size:14px; }
.fix { font-size:13.5px; margin-top:4px; }
.fix b { color:#2e7d32; }
table.topics, table.summary { border-collapse:collapse; width:100%; font-size:14px; margin-top:8px; }
table.topics th, table.topics td, table.summary th, table.summary td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
.status { font-weight:600; font-size:12.5px; padding:1px 8px; border-radius:999px; white-space:nowrap; }
.status.present { background:#dff3e4; color:#1b6e35; }
.status.absent { background:var(--error-bg); color:var(--error); }
.status.by_reference { background:var(--info-bg); color:var(--info); }
.status.negated { background:var(--warning-bg); color:var(--warning); }
details { margin-top:16px; }
summary { cursor:pointer; font-weight:600; }
.none { color:#1b6e35; font-weight:600; }
.errors { background:var(--error-bg); border:1px solid var(--error); border-radius:8px; padding:10px 16px; margin-bottom:20px; }
td.num, th.num { text-align:right; }
</style>
</head>
<body>
<header class="top">
  <h1>SLA lint report</h1>
  <div class="badges">
    <span class="badge">{{ summary.documents }} document{{ "" if summary.documents == 1 else "s" }}</span>
    <span class="badge error">{{ summary.errors }} error{{ "" if summary.errors == 1 else "s" }}</span>
    <span class="badge warning">{{ summary.warnings }} warning{{ "" if summary.warnings == 1 else "s" }}</span>
    <span class="badge info">{{ summary.info }} info</span>
  </div>
</header>
<main>
{% if errors %}
<div class="errors" role="alert">
  <strong>{{ errors|length }} file{{ "" if errors|length == 1 else "s" }} could not be read:</strong>
  <ul>{% for path, message in errors %}<li>{{ message }}</li>{% endfor %}</ul>
</div>
{% endif %}
{% if docs|length > 1 %}
<nav class="toc"><ul>
{% for d in docs %}  <li><a href="#{{ d.id }}">{{ d.path }}</a> &mdash; {{ d.counts.error }} errors, {{ d.counts.warning }} warnings, {{ d.counts.info }} info</li>
{% endfor %}</ul></nav>
{% endif %}
{% for d in docs %}
<section class="doc" id="{{ d.id }}">
  <h2>{{ d.path }}</h2>
  <div class="meta">{{ d.kind }} &middot; {{ d.doc_kind }}{% if d.title %} &middot; {{ d.title }}{% endif %} &middot; {{ d.present }}/{{ topic_count }} topics present{% if d.suppressed %} &middot; {{ d.suppressed }} suppressed{% endif %}</div>
  <div class="columns">
    <article class="text">
{% if not d.pieces %}
      <p class="where">(The document text is not included in this report.)</p>
{% endif %}
{% for p in d.pieces %}
{% if p.kind == "page" %}
      <div class="page" id="{{ d.id }}-p{{ p.level }}">page {{ p.level }}</div>
{% elif p.kind == "heading" %}
      <h{{ p.level }}>{% for s in p.segments %}{{ seg(s) }}{% endfor %}</h{{ p.level }}>
{% elif p.kind == "table" %}
      <table>{% for row in p.rows %}<tr>{% for cell in row %}<td>{% for s in cell %}{{ seg(s) }}{% endfor %}</td>{% endfor %}</tr>{% endfor %}</table>
{% else %}
      <p{% if p.kind == "list_item" %} class="li" style="margin-left: {{ p.level }}em"{% endif %}>{% for s in p.segments %}{{ seg(s) }}{% endfor %}</p>
{% endif %}
{% endfor %}
    </article>
    <aside class="findings">
      <h3>Findings ({{ d.findings|length }})</h3>
{% if not d.findings %}
      <p class="none">No findings.</p>
{% endif %}
      <ol class="findings">
{% for f in d.findings %}
        <li class="finding {{ f.severity }}" id="{{ f.id }}-item">
          <div><span class="sev {{ f.severity }}">{{ f.severity }}</span> <span class="code">{{ f.code }} {{ f.rule }}</span></div>
          <div class="where">{% if f.linked %}<a href="#{{ f.id }}">{{ f.where }}</a>{% else %}{{ f.where }}{% endif %}{% if f.topic %} &middot; {{ f.topic }}{% endif %}</div>
          <div>{{ f.message }}</div>
{% if f.evidence %}
          <blockquote>{{ f.evidence }}</blockquote>
{% endif %}
{% if f.fix %}
          <div class="fix"><b>Fix:</b> {% if f.fix.clause %}<span class="code">{{ f.fix.clause }}</span> {% endif %}{{ f.fix.text }}</div>
{% endif %}
        </li>
{% endfor %}
      </ol>
    </aside>
  </div>
  <details open>
    <summary>Topic coverage</summary>
    <table class="topics">
      <tr><th>Topic</th><th>Status</th><th>Evidence</th></tr>
{% for t in d.topics %}
      <tr><td>{{ t.title }}</td><td><span class="status {{ t.status }}">{{ t.status|replace("_", " ") }}</span></td><td>{{ t.evidence }}</td></tr>
{% endfor %}
    </table>
  </details>
</section>
{% endfor %}
<section class="doc">
  <h2>Summary</h2>
  <table class="summary">
    <tr><th>Document</th><th>Kind</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th></tr>
{% for d in docs %}
    <tr><td><a href="#{{ d.id }}">{{ d.path }}</a></td><td>{{ d.kind }}</td><td class="num">{{ d.counts.error }}</td><td class="num">{{ d.counts.warning }}</td><td class="num">{{ d.counts.info }}</td></tr>
{% endfor %}
    <tr><th>Total</th><th>{{ summary.documents }}</th><th class="num">{{ summary.errors }}</th><th class="num">{{ summary.warnings }}</th><th class="num">{{ summary.info }}</th></tr>
  </table>
</section>
</main>
</body>
</html>
"""
