"""The "Service Level Requirements" section of an RFP, through the drafting renderers.

The section is built as an `Agreement` (numbered sections, paragraphs, tables) and
rendered by the same Markdown, DOCX and PDF renderers as a drafted SLA, so it has the
same Word styles, numbering, running header and tagged PDF. Only the cover differs:
an RFP section is issued by the buyer to bidders, not made between two parties, so
the cover's three party lines are reworded after rendering (`_recover_*`).
"""

from __future__ import annotations

import io
from typing import Any

from ..agreement import Agreement, Definition, Paragraph, Part, Section, Table
from ..errors import OutputError
from .requirements import MEASURED_BY_WORDS, Requirement, Requirements

# The drafting templates' cover lines, and what an RFP section says instead.
_COVER_BETWEEN = "This agreement is made between:"
_COVER_AND = "and"
_RFP_ISSUED = "Issued by:"
_RFP_TO = "to"

_DEFAULT_STATES: dict[str, str] = {
    "availability": "the availability committed to, its measurement window and clock, and what counts as Downtime",
    "support_response": "the response time committed to for each priority, the clock it runs on, and what counts as a response",
    "resolution": "the resolution time committed to for each priority and the clock it runs on",
    "system_response_time": "the response time and percentile committed to, and how it is measured",
    "throughput": "the throughput committed to and the conditions it holds under",
    "capacity": "the load at which the service levels are committed to hold",
    "measurement": "who measures each level, with which tools and data, and the access given to the Buyer",
    "reporting": "the reports provided, their content, frequency and delivery",
    "service_credits": "the credit schedule, cap, and whether credits are automatic or must be claimed",
    "termination": "the right to terminate for repeated failure and its trigger",
}
_MEASUREMENT: dict[str, str] = {
    "support_response": "From the time the incident is reported to the first response by a person working on it.",
    "resolution": "From the time the incident is reported to the time service is restored, excluding only time "
                  "the Buyer is asked to act and has not yet acted.",
}  # fmt: skip
_WINDOWS = {"calendar_month": "calendar month", "quarter": "quarter", "year": "year"}
_CLOCKS = {"24x7": "24 hours a day, 7 days a week", "business_hours": "Business Hours"}


def _measurement(req: Requirement) -> str:
    r = req.raw
    if req.kind == "availability":
        text = f"Over each {_WINDOWS[r['window']]}, {_CLOCKS[r['clock']]}."
        if r.get("independent_monitoring") == "required":
            text += " The Buyer's independent monitoring must be accepted as a measurement source."
        return text
    if req.kind == "system_response_time":
        window = _WINDOWS.get(r.get("window", "calendar_month"), "calendar month")
        return f"At the {r['percentile']:g}th percentile of all requests to {r['function']} in each {window}."
    if req.kind == "measurement":
        bits = [f"Measured by {MEASURED_BY_WORDS[r['measured_by']]}" if r.get("measured_by") else "",
                f"using {r['tools']}" if r.get("tools") else "",
                f"from {r['data']}" if r.get("data") else ""]  # fmt: skip
        text = ", ".join(b for b in bits if b)
        if r.get("independent_monitoring"):
            text += f"; independent monitoring by the Buyer is {r['independent_monitoring']}"
        return (text or "As stated by the bidder") + "."
    return _MEASUREMENT.get(req.kind, "As stated in the bidder's Service Level Agreement.")


def _requirement_section(number: int, req: Requirement) -> Section:
    section = Section(number=str(number), title=f"{req.title} ({req.id})")
    n = 0

    def para(label: str, text: str) -> None:
        nonlocal n
        n += 1
        section.content.append(Paragraph(f"{label}: {text}", number=f"{number}.{n}"))

    if req.get("description"):
        para("Requirement", str(req.get("description")))
    if req.kind in ("support_response", "resolution"):
        para("Required level", "the times in the table below, for each priority")
        rows = [[t["priority"], str(t["target"]), _CLOCKS[t["clock"]]] for t in req.get("targets")]
        section.content.append(Table(f"{req.id}: required {req.title.lower()} times", ["Priority", "Within", "Clock"], rows))
        if req.get("human_response"):
            para("Response", "an automated acknowledgement is not a response")
    else:
        para("Required level", req.required_level())
    para("Measurement", _measurement(req))
    weight = f", weight {req.weight:g}" if req.weight != 1 else ""
    need = ("Mandatory: a bid that does not meet it may be excluded" if req.mandatory
            else "Desirable: it is scored, and not meeting it does not exclude a bid")  # fmt: skip
    para("Need", need + weight)
    states = req.get("bidder_states") or _DEFAULT_STATES.get(req.kind, "how its Service Level Agreement meets this requirement")
    para("The bidder must state", f"{states}, with the clause of its Service Level Agreement that commits to it")
    return section


def _introduction(reqs: Requirements) -> Section:
    rfp = reqs.data["rfp"]
    buyer = reqs.buyer_short
    section = Section(number="1", title="Introduction and evaluation")
    intro = rfp.get("introduction") or (
        f"This section states the service levels {reqs.buyer} requires of the services in this request for "
        "proposal, how each is to be measured, and what each bidder must state in its response."
    )
    section.content.append(Paragraph(intro, number="1.1"))
    if rfp.get("services"):
        section.content.append(Paragraph("The services: " + "; ".join(rfp["services"]) + ".", number="1.2"))
    section.content += [
        Paragraph("Each requirement is mandatory or desirable. A bid that does not meet a mandatory requirement "
                  "may be excluded. Every requirement has a weight; the evaluation scores each answer as met in "
                  f"full (its whole weight), partly met (half of it) or not met (nothing), and {buyer} compares "
                  "bidders on the weighted total.", number="1.3"),
        Paragraph("Only levels that the bidder's Service Level Agreement commits to are evaluated: a level stated "
                  "in the response but not in the agreement the bidder would sign scores as not met.", number="1.4"),
        Paragraph("Levels are compared in their units: business time against calendar time, each measurement "
                  "window against the one required, and each priority scale against P1 to P4 as defined here.",
                  number="1.5"),
    ]  # fmt: skip
    return section


def _instructions(reqs: Requirements) -> Section | None:
    ins = reqs.instructions
    section = Section(number="2", title="Instructions to bidders")
    items = [("Responses are due by", ins.get("deadline")), ("Questions must be received by", ins.get("questions_by")),
             ("Format", ins.get("format")), ("Contact", ins.get("contact"))]  # fmt: skip
    n = 0
    for label, value in items:
        if value:
            n += 1
            section.content.append(Paragraph(f"{label}: {value}", number=f"2.{n}"))
    for note in ins.get("notes") or []:
        n += 1
        section.content.append(Paragraph(str(note), number=f"2.{n}"))
    if n == 0:
        return None
    return section


def _summary(reqs: Requirements, number: int) -> Section:
    rows = [[r.id, r.title, r.required_level(), r.need, f"{r.weight:g}"] for r in reqs.requirements]
    return Section(
        number=str(number),
        title="Summary of requirements",
        content=[
            Paragraph("The table lists every requirement; the sections that follow state each in full. The response "
                      "matrix issued with this request has one row per requirement.", number=f"{number}.1"),
            Table("Service level requirements", ["ID", "Requirement", "Required level", "Need", "Weight"], rows),
        ],
    )


def _definitions(reqs: Requirements) -> list[Definition]:
    rfp = reqs.data["rfp"]
    out = [
        Definition("Mandatory", "a requirement every bid must meet"),
        Definition("Desirable", "a requirement that is scored but does not exclude a bid"),
    ]
    if rfp.get("business_hours"):
        days = rfp.get("business_days") or "Monday to Friday"
        zone = f" ({rfp['timezone']} time)" if rfp.get("timezone") else ""
        out.insert(0, Definition("Business Hours", f"{rfp['business_hours']}{zone}, {days}"))
    out.append(Definition("P1 to P4", "the incident priorities, P1 the most severe; a bidder using other names "
                          "(Severity 1, Critical, Urgent) maps them to these"))  # fmt: skip
    return out


def build_section(reqs: Requirements) -> Agreement:
    """The RFP section as an Agreement the drafting renderers lay out."""
    rfp = reqs.data["rfp"]
    sections = [_introduction(reqs)]
    instructions = _instructions(reqs)
    if instructions is not None:
        sections.append(instructions)
    sections.append(_summary(reqs, len(sections) + 1))
    for req in reqs.requirements:
        sections.append(_requirement_section(len(sections) + 1, req))
    reference = str(rfp.get("reference") or "")
    return Agreement(
        title=reqs.title,
        subtitle=f"Request for proposal {reference}".strip(),
        provider=reqs.buyer,
        customer="Bidders responding to this request for proposal",
        effective_date=str(rfp.get("issued") or "2000-01-01"),
        governing_law="",
        stance="customer",
        parts=[Part(title="", sections=sections)],
        definitions=_definitions(reqs),
        reference=reference,
        provider_short=reqs.buyer_short.removeprefix("the ").strip() or "Buyer",
        customer_short="",
        kind="rfp",
    )


def render_section(reqs: Requirements, fmt: str) -> bytes:
    """'md', 'docx' or 'pdf' bytes of the RFP section."""
    agreement = build_section(reqs)
    if fmt == "md":
        from ..assemble.markdown import markdown_lines

        lines = [_RFP_ISSUED if line == _COVER_BETWEEN else _RFP_TO if line == _COVER_AND else line
                 for line in markdown_lines(agreement)]  # fmt: skip
        return ("\n".join(lines).replace("Effective date:", "Issued:") + "\n").encode("utf-8")
    if fmt == "docx":
        from ..assemble.docx import render_docx

        return _recover_docx(render_docx(agreement), agreement)
    if fmt == "pdf":
        return _render_pdf(agreement)
    raise OutputError(f"unknown format {fmt!r}; use md, docx or pdf")


def _recover_html(html: str) -> str:
    return (html.replace(f'<p class="cover-detail">{_COVER_BETWEEN}</p>', f'<p class="cover-detail">{_RFP_ISSUED}</p>')
                .replace(f'<p class="cover-detail">{_COVER_AND}</p>', f'<p class="cover-detail">{_RFP_TO}</p>')
                .replace("Effective date:", "Issued:"))  # fmt: skip


def _render_pdf(agreement: Agreement) -> bytes:
    from weasyprint import HTML

    from ..assemble.pdf import pdf_options, refusing_fetcher, render_html

    html = _recover_html(render_html(agreement))
    pdf: bytes = HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf(**pdf_options(html))
    return pdf


def _recover_docx(data: bytes, agreement: Agreement) -> bytes:
    """Reword the cover's party lines and the category; keep fixed timestamps."""
    from docx import Document

    from ..assemble.docx import deterministic_zip
    from ..assemble.jinja import effective_datetime

    doc: Any = Document(io.BytesIO(data))
    swaps = {_COVER_BETWEEN: _RFP_ISSUED, _COVER_AND: _RFP_TO}
    for paragraph in doc.paragraphs[:12]:
        text = paragraph.text
        if text in swaps and paragraph.runs:
            paragraph.runs[0].text = swaps[text]
            for run in paragraph.runs[1:]:
                run.text = ""
        elif text.startswith("Effective date:"):
            for run in paragraph.runs:
                run.text = run.text.replace("Effective date:", "Issued:")
    doc.core_properties.category = "Request for Proposal"
    buffer = io.BytesIO()
    doc.save(buffer)
    when = effective_datetime(agreement)
    return deterministic_zip(buffer.getvalue(), (max(when.year, 1980), when.month, when.day, 0, 0, 0))
