"""Build 03_fhra_service_desk_qasp.pdf (WeasyPrint) and its reading text 03_fhra_service_desk_qasp.source.txt.
Run with /work/main/.venv/bin/python. The body is kept in a light markup: '# ' heading, '## ' subheading,
'|' table row (first row of a block is the header), '- ' bullet, other lines paragraphs."""
import html
from pathlib import Path
from weasyprint import HTML

ROOT = Path(__file__).parent
STEM = "03_fhra_service_desk_qasp"

SRC = r"""
!ATTACHMENT J-4
!QUALITY ASSURANCE SURVEILLANCE PLAN (QASP)
!Enterprise Service Desk and End-User Support Services
!Solicitation No. 89HR-26-R-0117
!Federal Hydrographic Records Administration, Office of the Chief Information Officer
# 1. PURPOSE
This Quality Assurance Surveillance Plan (QASP) is a Government-developed document used to ensure that systematic quality assurance methods are applied in the administration of the performance-based task order resulting from the solicitation above. It describes what the Government will surveil, how it will surveil, who will perform the surveillance, how often, and how the results will be documented and acted on.
The QASP is not a substitute for the contractor's Quality Control Plan (QCP). The contractor, and not the Government, is responsible for management and quality control actions to meet the terms of the task order. The QASP recognises that unforeseen and uncontrollable situations may occur.
# 2. SCOPE OF SERVICES SURVEILLED
The contractor provides Tier 0 through Tier 2 end-user support to approximately 4,300 FHRA employees and contractors at headquarters in Silver Ridge, Maryland and eleven regional survey offices, including:
- a 24x7 service desk reachable by telephone, self-service portal, chat and email;
- desk-side support at headquarters and the four largest regional offices during core hours;
- imaging, deployment and refresh of laptops and mobile devices;
- account provisioning and de-provisioning in accordance with FHRA identity policy;
- the service desk knowledge base and self-help content.
Network operations, the hosting of FHRA applications, and Tier 3 application support are performed by other contractors and are outside the scope of this QASP, except where the Performance Requirements Summary measures a hand-off to them.
# 3. ROLES AND RESPONSIBILITIES
Contracting Officer (CO). The CO is the only person authorized to change the terms of the task order, including this QASP, and does so through a bilateral or unilateral modification in accordance with FAR Part 43. The CO makes final determinations on performance and on any reduction in price.
Contracting Officer's Representative (COR). The COR is designated in writing by the CO and performs the surveillance described in this plan, maintains the quality assurance file, and recommends actions to the CO. The COR has no authority to change the task order.
Technical Monitors. Up to four Technical Monitors in the regional offices may assist the COR by performing customer-satisfaction spot checks and by observing desk-side support.
Contractor Program Manager. The contractor's Program Manager is the contractor's single point of contact for performance issues and attends the monthly Performance Review.
# 4. METHODS OF SURVEILLANCE
The Government will use the following methods, singly or in combination:
(a) Automated data. The FHRA enterprise IT service management tool (ITSM), which is owned and administered by FHRA and to which the contractor has user access only, records ticket creation, priority, assignment, status changes and closure. The automatic call distributor (ACD) reports for the service desk telephone line are produced by the FHRA telecommunications office. These are the data of record.
(b) Random sampling. Each month the COR will select a random sample of at least 60 closed tickets and review them against the knowledge base, the closure code and the customer's description.
(c) Customer feedback. An automated survey is issued by the ITSM tool on closure of every ticket. Validated customer complaints received by the COR are also considered.
(d) Periodic inspection. The COR or a Technical Monitor may observe service desk operations, including listening to recorded calls, at any time during performance on one business day's notice.
# 5. PERFORMANCE REQUIREMENTS SUMMARY
The Performance Requirements Summary (PRS) below lists the performance objectives, standards, Acceptable Quality Levels (AQL) and methods of surveillance. Unless otherwise stated, performance is assessed for each calendar month.
| PRS No. | Performance Objective | Performance Standard | AQL | Surveillance Method
| PRS-1 | Service desk telephone answered | Calls answered by a live agent | 90% within 45 seconds; abandonment rate not more than 5% | ACD reports, monthly
| PRS-2 | Priority 1 incident response | Tier 2 technician assigned and contacting the affected user | 100% within 15 minutes, 24x7 | ITSM time stamps, 100% inspection
| PRS-3 | Priority 1 incident restoration | Service restored or VIP user provided with working loaner device | 95% within 4 hours | ITSM time stamps, 100% inspection
| PRS-4 | Priority 2-3 incident resolution | Incident resolved and closed with user confirmation | 90% within 1 business day (P2); 90% within 3 business days (P3) | ITSM time stamps, random sampling
| PRS-5 | First contact resolution | Tier 1 incidents resolved during the first contact without escalation | 70% | Random sampling
| PRS-6 | Account de-provisioning | Accounts of departing personnel disabled | 100% within 4 hours of the separation notice | ITSM, HR separation report comparison
| PRS-7 | Customer satisfaction | Surveys rated "satisfied" or "very satisfied" | 92% | ITSM survey results, monthly
| PRS-8 | Monthly status report | Complete and accurate report delivered | By the 7th business day of the following month | COR receipt
Priority levels are defined in Section C.5 of the Performance Work Statement (PWS). The priority of a ticket is set by the service desk agent in accordance with the PWS matrix; the COR may re-classify a ticket at any time, and the COR's classification governs for surveillance purposes.
A Priority 1 response is not satisfied by an automated e-mail, portal notification or an agent placing the ticket in a queue.
# 6. DOCUMENTING PERFORMANCE
6.1 The COR will record all surveillance observations in the quality assurance file. When an observation indicates defective performance, the COR will require the Program Manager to initial the observation.
6.2 The contractor shall deliver the Monthly Status Report required by PRS-8, containing the measured results for each PRS item, trend charts for the preceding six months, a list of all Priority 1 incidents, and the status of corrective actions.
6.3 For each Priority 1 incident that is not restored within 4 hours, the contractor shall submit a root cause analysis within 5 business days of restoration identifying the cause, the corrective action and the preventive action.
6.4 The COR will chair a monthly Performance Review with the Program Manager to discuss the Monthly Status Report, open Corrective Action Requests and customer feedback trends.
# 7. ACCEPTABLE AND UNACCEPTABLE PERFORMANCE
7.1 Performance at or above the AQL for a PRS item is acceptable. Performance below the AQL is unacceptable, and the COR will issue a Corrective Action Request (CAR) through the CO.
7.2 The contractor shall respond to a CAR within 5 business days with a corrective action plan. If the plan is not acceptable to the CO, or the defect recurs in the following month, the CO may exercise any of the remedies in Section 8.
7.3 The contractor may dispute a surveillance finding in writing to the CO within 10 business days of the CAR. The CO will issue a written decision, which is final unless appealed under the Disputes clause (FAR 52.233-1) of the task order.
# 8. REMEDIES
8.1 Where a service is not performed in conformity with the task order and the defect cannot be corrected by re-performance, the Government may reduce the price of the monthly firm-fixed-price line item for service desk operations by the percentage shown below.
| PRS No. | Reduction for the month in which the AQL is not met
| PRS-1, PRS-5, PRS-7 | 1% of the monthly price for each item missed
| PRS-2, PRS-3 | 3% of the monthly price for each item missed
| PRS-6 | 4% of the monthly price
| PRS-4, PRS-8 | 1% of the monthly price
8.2 Price reductions are applied by the CO on the invoice for the month following the month in which the defect occurred and do not require any request from the Government.
8.3 Reductions under this Section are not a penalty and are without prejudice to any other rights of the Government, including termination for default under FAR 52.212-4(m) when the contractor fails to meet the AQL for PRS-2 or PRS-3 in any three months of a rolling six-month period.
8.4 The contractor may earn back a reduction for PRS-1 or PRS-7 by exceeding the AQL for that item in each of the following two months.
# 9. EXCLUDED EVENTS
The COR will exclude from the measured results tickets and calls that were delayed because of (a) an outage of the FHRA ITSM tool, the ACD or the FHRA network, (b) a Government-declared facility closure, or (c) a dependency on another FHRA contractor, where the contractor has documented the hand-off in the ITSM within the response time. These exclusions must be requested by the contractor in the Monthly Status Report and approved by the COR.
# 10. REVISIONS TO THIS PLAN
This QASP will be reviewed at least annually, and may be revised by the Government at any time during performance to reflect changes in the PWS, in surveillance priorities or in the tools used. The contractor will be given a copy of each revision and 30 calendar days to comment before it takes effect.
"""


def parse(src):
    blocks = []
    for line in src.strip("\n").splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        elif line.startswith("!"):
            blocks.append(("title", line[1:]))
        elif line.startswith("# "):
            blocks.append(("h", line[2:]))
        elif line.startswith("- "):
            blocks.append(("li", line[2:]))
        else:
            blocks.append(("p", line))
    return blocks


def to_html(blocks):
    e = html.escape
    out, inlist = [], False
    for kind, val in blocks:
        if kind != "li" and inlist:
            out.append("</ul>"); inlist = False
        if kind == "title":
            out.append(f'<p class="t">{e(val)}</p>')
        elif kind == "h":
            out.append(f"<h2>{e(val)}</h2>")
        elif kind == "p":
            out.append(f"<p>{e(val)}</p>")
        elif kind == "li":
            if not inlist:
                out.append("<ul>"); inlist = True
            out.append(f"<li>{e(val)}</li>")
        elif kind == "table":
            rows = val
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{e(c)}</th>" for c in rows[0]) + "</tr>")
            for r in rows[1:]:
                out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
            out.append("</table>")
    if inlist:
        out.append("</ul>")
    return "\n".join(out)


def to_text(blocks):
    lines = []
    for kind, val in blocks:
        if kind == "table":
            lines += [" | ".join(r) for r in val]
        elif kind == "li":
            lines.append("- " + val)
        else:
            lines.append(val)
    return "\n".join(lines) + "\n"


CSS = """
@page { size: Letter; margin: 0.9in 0.9in 0.9in 0.9in;
  @top-left { content: "FHRA OCIO - Solicitation 89HR-26-R-0117"; font-size: 8pt; color: #555; }
  @top-right { content: "Attachment J-4 - QASP"; font-size: 8pt; color: #555; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
p.t { text-align: center; font-weight: bold; margin: 1pt 0; }
h2 { font-size: 10.5pt; margin-top: 13pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6pt 0; }
th, td { border: 0.5pt solid #222; padding: 3pt; vertical-align: top; text-align: left; }
th { background: #dde3ea; }
"""

blocks = parse(SRC)
doc = f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{to_html(blocks)}</body></html>"
HTML(string=doc).write_pdf(str(ROOT / f"{STEM}.pdf"))
(ROOT / f"{STEM}.source.txt").write_text(to_text(blocks), encoding="utf-8")
print("built", STEM)
