"""The monthly service report the reporting clause promises, as HTML, PDF or DOCX.

Same house style as the drafts: the HTML uses the drafts' stylesheet
(templates/html/agreement/style.css) through a sandboxed, autoescaping Jinja template
(templates/html/report/report.html.j2); the PDF is that HTML laid out by WeasyPrint
with the drafts' refusing URL fetcher and PDF/UA settings; the DOCX is built on the
drafts' Word template with its styles and table writer. Every date in the output's
metadata is the last day of the report month, never today, so output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..agreement import Agreement, Paragraph, Table
from ..errors import OutputError
from ..units import format_number
from .calendar import calendar_for
from .charts import Chart, attainment_chart, scoped_svg, tickets_chart
from .compute import INCIDENTS_KEPT, CreditsReport, MetricResult, MonthResult
from .output import attained_text, credits_text, met_text, metric_label, target_text

TEMPLATE = "report/report.html.j2"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
CAUSE_WORDS = {
    "provider": "Provider", "customer": "Customer", "maintenance": "Planned maintenance",
    "emergency_maintenance": "Emergency maintenance", "force_majeure": "Force majeure",
    "third_party": "Outside networks",
}  # fmt: skip


@dataclass(slots=True)
class Section:
    """One titled part of the report: paragraphs, tables and charts in order."""

    title: str
    items: list[Paragraph | Table | Chart] = field(default_factory=list)


@dataclass(slots=True)
class ReportDoc:
    title: str
    subtitle: str
    provider: str
    customer: str
    date: str  # ISO, the last day of the report month: the fixed metadata date
    reference: str
    sections: list[Section]


def month_words(label: str) -> str:
    year, month = label.split("-")
    return f"{_MONTHS[int(month) - 1]} {year}"


def _last_day(label: str) -> str:
    year, month = (int(p) for p in label.split("-"))
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (first_next - dt.timedelta(days=1)).isoformat()


def build(report: CreditsReport) -> ReportDoc:
    """The report's content, independent of the output format."""
    spec = report.spec
    current = report.current
    sections = [
        _summary(report),
        _availability(report),
        _incidents(report),
        _support(current),
        _other_levels(current),
        _credits(report),
        _trend(report),
        _method(),
    ]
    agreement = spec.data.get("agreement") or {}
    reference = str(agreement.get("reference") or "")
    subtitle = f"{spec.title}{' ' + reference if reference else ''}"
    return ReportDoc(
        title=f"Service Report: {month_words(current.month)}",
        subtitle=subtitle,
        provider=spec.party_name("provider"),
        customer=spec.party_name("customer"),
        date=_last_day(current.month),
        reference=reference,
        sections=[s for s in sections if s.items],
    )


def _summary(report: CreditsReport) -> Section:
    current = report.current
    measured = [m for m in current.metrics if m.met is not None]
    met = sum(1 for m in measured if m.met)
    text = (f"In {month_words(current.month)}, {met} of the {len(measured)} service levels measured "
            f"were met. Service Credits due: {credits_text(current.credits)}.")  # fmt: skip
    items: list[Paragraph | Table | Chart] = [Paragraph(text)]
    if current.claim_deadline == "automatic":
        items.append(Paragraph("Service Credits are applied automatically; no claim is needed."))
    elif current.claim_deadline:
        items.append(Paragraph(f"Service Credits must be claimed by {current.claim_deadline}."))
    if report.termination_triggered:
        items.append(Paragraph(f"The termination right has arisen: {report.termination_reason}."))
    return Section("Summary", items)


def _availability(report: CreditsReport) -> Section:
    current = report.current
    rows = [[m.name, m.service or "all", target_text(m), attained_text(m), met_text(m.met),
             str(m.minutes_down), str(m.excluded_minutes), str(m.total_minutes)]
            for m in current.metrics if m.kind == "availability"]  # fmt: skip
    if not rows:
        return Section("Availability")
    header = ["Service level", "Service", "Target", "Attained", "Met", "Downtime (min)",
              "Excluded (min)", "Minutes in period"]  # fmt: skip
    items: list[Paragraph | Table | Chart] = [Table("Availability against target", header, rows)]
    labels = [m.month for m in report.months]
    for metric in (m for m in current.metrics if m.kind == "availability" and m.target is not None):
        values = [_find(month, metric).attained for month in report.months]
        items.append(attainment_chart(metric.name, labels, values, float(metric.target or 0)))
    return Section("Availability", items)


def _find(month: MonthResult, metric: MetricResult) -> MetricResult:
    return next(m for m in month.metrics if m.metric == metric.metric and m.priority == metric.priority)


def _incidents(report: CreditsReport) -> Section:
    current = report.current
    calendar = calendar_for(report.spec.services[0], str(report.spec.path))

    def when(epoch: int) -> str:
        return dt.datetime.fromtimestamp(epoch, calendar.tz).strftime("%Y-%m-%d %H:%M")

    rows = [[i.service if i.service != "*" else "all", when(i.start), when(i.end), str(i.minutes),
             CAUSE_WORDS.get(i.cause, i.cause), i.note] for i in current.incidents]  # fmt: skip
    if not rows:
        return Section("Incidents", [Paragraph("No outages were recorded in the month.")])
    lead = (f"The {len(rows)} longest outages recorded in the month" if len(rows) >= INCIDENTS_KEPT
            else "Outages recorded in the month")  # fmt: skip
    header = ["Service", "Start", "End", "Minutes", "Cause", "Note"]
    return Section("Incidents", [
        Paragraph(f"{lead}, in order of start ({calendar.tz.key} time). Overlapping outages are "
                  "counted once in the availability figures."),
        Table("Outages", header, rows),
    ])  # fmt: skip


def _support(current: MonthResult) -> Section:
    tickets = [m for m in current.metrics if m.kind in ("support_response", "resolution")]
    if not tickets:
        return Section("Tickets")
    if all(m.tickets is None for m in tickets):
        return Section("Tickets", [Paragraph("No ticket records were given for this report.")])
    rows = [[m.name, m.priority or "", target_text(m), str(m.tickets), str(m.within_target),
             attained_text(m) if m.tickets else "-", str(m.not_yet_due), met_text(m.met)]
            for m in tickets]  # fmt: skip
    header = ["Service level", "Priority", "Target", "Tickets", "Within target", "Attained",
              "Not yet due", "Met"]  # fmt: skip
    items: list[Paragraph | Table | Chart] = [Table("Tickets per priority within target", header, rows)]
    for kind in ("support_response", "resolution"):
        of_kind = [m for m in tickets if m.kind == kind]
        if of_kind and any(m.tickets for m in of_kind):
            items.append(tickets_chart(of_kind[0].name, [m.priority or "" for m in of_kind],
                                       [m.attained for m in of_kind]))  # fmt: skip
    return Section("Tickets", items)


def _other_levels(current: MonthResult) -> Section:
    others = [m for m in current.metrics
              if m.kind not in ("availability", "support_response", "resolution")]  # fmt: skip
    if not others:
        return Section("Other service levels")
    rows = [[metric_label(m), m.service or "all", target_text(m), attained_text(m), met_text(m.met)]
            for m in others]  # fmt: skip
    return Section("Other service levels",
                   [Table("Other service levels", ["Service level", "Service", "Target", "Attained", "Met"], rows)])


def _credits(report: CreditsReport) -> Section:
    c = report.current.credits
    rows = [[line.metric, f"{format_number(float(line.percent))}%", line.reason] for line in c.lines]
    items: list[Paragraph | Table | Chart] = []
    if rows:
        items.append(Table("Service Credits", ["Service level", "Credit", "Reason"], rows))
    items.append(Paragraph(f"Total Service Credits for the month: {credits_text(c)}."))
    if c.cap is not None and not c.capped:
        items.append(Paragraph(f"The cap of {format_number(float(c.cap))}% of the Charges did not apply."))
    return Section("Service Credits", items)


def _trend(report: CreditsReport) -> Section:
    if len(report.months) < 2:
        return Section("Trend")
    measured = [m for m in report.current.metrics if m.met is not None or m.kind == "availability"]
    header = ["Service level", *[m.month for m in report.months]]
    rows = [[metric_label(metric), *[attained_text(_find(month, metric)) for month in report.months]]
            for metric in measured]  # fmt: skip
    rows.append(["Service Credits", *[credits_text(m.credits) for m in report.months]])
    items: list[Paragraph | Table | Chart] = [Table("Attainment by month", header, rows)]
    if report.chronic:
        misses = sum(1 for m in report.months if m.missed_availability)
        state = "has arisen" if report.termination_triggered else "has not arisen"
        items.append(Paragraph(f"Availability was missed in {misses} of the {len(report.months)} months shown. "
                               f"The termination right for chronic failure ({report.chronic[0]} misses within "
                               f"{report.chronic[1]} months) {state}."))  # fmt: skip
    return Section("Trend", items)


def _method() -> Section:
    return Section("How the figures are calculated", [Paragraph(
        "Availability is (Total Minutes − Excluded Minutes − Downtime Minutes) ÷ (Total Minutes − "
        "Excluded Minutes) × 100 over the Measurement Period in the service's time zone, in whole "
        "minutes; overlapping outages count once. Minutes are excluded only under the exclusions "
        "clause, and Planned Maintenance only with the notice required and within the monthly "
        "limit; maintenance beyond either counts as Downtime. Ticket times run on the clock their "
        "service level states, in Business Hours where it says so.")])


# ---------------------------------------------------------------- rendering


def render_report(report: CreditsReport, suffix: str) -> bytes:
    doc = build(report)
    if suffix in (".html", ".htm"):
        return render_html(doc).encode("utf-8")
    if suffix == ".pdf":
        return render_pdf(doc)
    if suffix == ".docx":
        return render_docx(doc)
    raise OutputError(f"unknown report format {suffix!r}; use .pdf, .docx or .html")


def _view(doc: ReportDoc) -> dict[str, Any]:
    from ..assemble.pdf import stylesheet

    sections = []
    charts = 0
    for section in doc.sections:
        items: list[dict[str, Any]] = []
        for item in section.items:
            if isinstance(item, Table):
                items.append({"kind": "table", "caption": item.caption, "header": item.header, "rows": item.rows})
            elif isinstance(item, Chart):
                # Our own SVG from matplotlib, not data: kept as markup (the alt text is escaped).
                charts += 1
                svg = Markup(scoped_svg(item.svg, f"chart{charts}-"))
                items.append({"kind": "chart", "title": item.title, "alt": item.alt, "svg": svg})
            else:
                items.append({"kind": "paragraph", "text": item.text})
        sections.append({"title": section.title, "items": items})
    return {"title": doc.title, "subtitle": doc.subtitle, "provider": doc.provider,
            "customer": doc.customer, "date": doc.date, "sections": sections,
            "css": Markup(stylesheet())}  # fmt: skip


def render_html(doc: ReportDoc) -> str:
    from ..assemble.jinja import html_env

    return html_env().get_template(TEMPLATE).render(_view(doc))


def render_pdf(doc: ReportDoc) -> bytes:
    from weasyprint import HTML

    from ..assemble.pdf import pdf_options, refusing_fetcher

    html = render_html(doc)
    pdf: bytes = HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf(**pdf_options(html))
    return pdf


def _as_agreement(doc: ReportDoc) -> Agreement:
    """The report's cover data in the Agreement shape the drafts' DOCX helpers read."""
    return Agreement(title=doc.title, subtitle=doc.subtitle, provider=doc.provider,
                     customer=doc.customer, effective_date=doc.date, governing_law="",
                     stance="", reference=doc.reference, kind="report")  # fmt: skip


def render_docx(doc: ReportDoc) -> bytes:
    import io
    from xml.sax.saxutils import escape

    from docx.shared import Mm
    from docxtpl import DocxTemplate

    from ..assemble import docx as house
    from ..assemble.jinja import effective_datetime, sandboxed_env

    agreement = _as_agreement(doc)
    tpl = DocxTemplate(str(house.template_path()))
    tpl.init_docx()
    ids = house.style_ids(tpl)
    writer = house._BodyWriter(ids)
    for section in doc.sections:
        writer.heading(1, section.title)
        for item in section.items:
            if isinstance(item, Table):
                writer.table(item)
            elif isinstance(item, Chart):
                picture = tpl.docx.part.new_pic_inline(io.BytesIO(item.png), Mm(160), None).xml
                # Alt text for screen readers, as the HTML and PDF give it.
                picture = picture.replace("<wp:docPr ", f'<wp:docPr descr="{escape(item.alt, {chr(34): "&quot;"})}" ', 1)
                run = f"<w:r><w:drawing>{picture}</w:drawing></w:r>"
                writer.out.append(f'<w:p><w:pPr><w:pStyle w:val="{ids["body"]}"/></w:pPr>{run}</w:p>')
                writer.out.append(house._para(ids["caption"], house._run(item.alt)))
            else:
                writer.paragraph(item)
    context = {
        "title": doc.title, "subtitle": doc.subtitle, "provider": doc.provider,
        "customer": doc.customer, "provider_label": "", "customer_label": "",
        "particulars": f"Report month: {month_words(doc.date[:7])}  ·  Issued for the month ending {doc.date}",
        "body": Markup("".join(writer.out)),
    }  # fmt: skip
    tpl.render(context, jinja_env=sandboxed_env())
    for paragraph in tpl.docx.paragraphs:
        if paragraph.text.strip() == "This agreement is made between:":
            for run in paragraph.runs[1:]:
                run.text = ""
            paragraph.runs[0].text = "Service report under the agreement between:"
    house.set_core_properties(tpl, agreement)
    tpl.docx.core_properties.category = "Service Report"
    when = effective_datetime(agreement)
    return house._save_fixed_time(tpl, (max(when.year, 1980), when.month, when.day, 0, 0, 0))
