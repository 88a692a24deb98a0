"""Build 05_ashgrove_county_dhs_attachment_j3_prs_qasp.pdf (WeasyPrint) and its reading text .source.txt
from the same content list, so the two stay in step."""
from html import escape
from pathlib import Path
from weasyprint import HTML

HERE = Path(__file__).parent
STEM = "05_ashgrove_county_dhs_attachment_j3_prs_qasp"

# ("h1"|"h2"|"p"|"c"|"table", content)
C = [
 ("h1", "ATTACHMENT J-3"),
 ("c", "PERFORMANCE REQUIREMENTS SUMMARY AND QUALITY ASSURANCE SURVEILLANCE PLAN"),
 ("c", "Contract No. DHS-IT-2026-118 - Benefits Case Management System (BCMS) Help Desk and Application Support"),
 ("c", "Ashgrove County Department of Human Services"),
 ("h2", "1. Purpose"),
 ("p", "1.1 This Attachment sets out the performance requirements the Contractor must meet under the Statement of Work (Attachment J-1) and describes how the County will monitor and evaluate the Contractor's performance. It is a County document; the County may revise the surveillance methods in Section 5 at any time by written notice to the Contractor, but the Performance Requirements and deductions in Section 4 may be changed only by a bilateral contract modification."),
 ("p", "1.2 The services covered are: Tier 1 help desk for approximately 1,400 County eligibility workers and supervisors using BCMS; Tier 2 application support, including defect triage, configuration changes and data fixes; monthly release deployment to the production environment; and operation of the BCMS batch schedule (nightly eligibility redeterminations, notices and interface files to the State)."),
 ("h2", "2. Roles"),
 ("p", "2.1 Contracting Officer (CO): the only County official authorized to change the contract, issue Corrective Action Requests at Level 3, and make deductions."),
 ("p", "2.2 Contracting Officer's Representative (COR): the County employee designated to carry out surveillance under this plan. The COR may be assisted by Technical Monitors from the DHS Office of Information Systems."),
 ("p", "2.3 Contractor Program Manager: the Contractor's single point of contact for performance matters."),
 ("h2", "3. Definitions"),
 ("p", "Business Hours: 7:00 a.m. to 6:00 p.m. Pacific time, Monday through Friday, excluding County holidays."),
 ("p", "Acceptable Quality Level (AQL): the minimum level of performance for a requirement, measured over the Rating Period."),
 ("p", "Rating Period: each calendar month of contract performance."),
 ("p", "Priority 1 Incident: BCMS is unavailable, or a defect prevents eligibility workers in one or more offices from issuing benefits, with no workaround. The County's BCMS Product Owner assigns or confirms the priority of every incident."),
 ("p", "Response: a Contractor technician has made contact with the person reporting the incident, confirmed the problem and begun diagnosis. An automated ticket notification is not a Response."),
 ("p", "Resolution: the incident is closed with the agreement of the reporting user or the BCMS Product Owner, and normal operation is restored."),
 ("h2", "4. Performance Requirements Summary"),
 ("p", "4.1 The Contractor shall meet the following Performance Requirements (PR). Deductions are expressed as a percentage of the Contractor's monthly invoice for the Firm-Fixed-Price line items CLIN 0001 and 0002."),
 ("table", [
   ["PR", "Performance Requirement", "Standard", "AQL", "Method of Surveillance", "Deduction if AQL not met"],
   ["PR-1", "BCMS production availability", "Production BCMS available to users during Business Hours and 6:00-9:00 p.m. weekdays", "99.5% of scheduled hours per Rating Period", "Automated monitoring by County synthetic transaction tool; COR review of monthly report", "3%"],
   ["PR-2", "Help desk call answer", "Calls answered by a live agent within 60 seconds", "90% of calls", "County telephony system (ACD) reports pulled by COR", "1%"],
   ["PR-3", "Priority 1 incident response", "Response within 15 minutes, 24x7", "95% of P1 incidents", "100% inspection of P1 tickets by COR", "2%"],
   ["PR-4", "Priority 1 incident resolution", "Resolution or County-accepted workaround within 4 hours", "90% of P1 incidents", "100% inspection of P1 tickets by COR", "3%"],
   ["PR-5", "Priority 2 and 3 incident resolution", "P2 within 1 Business Day; P3 within 5 Business Days", "90% of incidents", "Random sample of 25 tickets per Rating Period", "1%"],
   ["PR-6", "Nightly batch completion", "Nightly batch cycle complete by 6:00 a.m.", "No more than 1 late completion per Rating Period", "Batch scheduler logs reviewed by Technical Monitor", "2%"],
   ["PR-7", "Release quality", "No Priority 1 defect introduced by a release within 10 days of deployment", "100%", "Incident records; COR determination", "2%"],
   ["PR-8", "Monthly status report", "Delivered complete and accurate by the 5th business day", "100%", "COR review", "0.5%"],
 ]),
 ("p", "4.2 The total of deductions for any Rating Period shall not exceed 10% of the Contractor's monthly invoice for CLIN 0001 and 0002."),
 ("p", "4.3 Periods of BCMS unavailability during a maintenance window approved in advance in writing by the COR are excluded from the calculation of PR-1. Unavailability caused by the State's eligibility gateway, the County network or County-provided hardware is also excluded, where the Contractor has promptly notified the County help desk of the cause."),
 ("p", "4.4 Deductions are taken by the County on the invoice for the month following the Rating Period. The Contractor does not need to request them and the County does not need to make a claim. Deductions are not a penalty; they reflect the reduced value to the County of services that did not meet the standard. They do not limit the County's other rights under the contract, including the right to recover damages."),
 ("h2", "5. Surveillance methods"),
 ("p", "5.1 The COR will evaluate the Contractor's performance using the methods listed in the PRS: automated monitoring by County-operated tools, 100% inspection, random sampling, and validated user complaints. The Contractor's own reports will be used as a cross-check but are not the primary source for PR-1 and PR-2."),
 ("p", "5.2 The Contractor shall give the COR read access to the ticketing system used to perform this contract, and shall retain all ticket, log and monitoring data for the life of the contract plus three years. The County and its auditors may inspect and copy these records at any time during normal business hours."),
 ("p", "5.3 The COR will document surveillance results on the Surveillance Activity Checklist and will provide the Contractor with a copy by the 10th business day after each Rating Period."),
 ("h2", "6. Reporting"),
 ("p", "6.1 The Contractor shall deliver a monthly status report covering performance against each PR, a list of all P1 and P2 incidents with timelines, the batch completion log, release notes, and staffing changes."),
 ("p", "6.2 For each Priority 1 incident the Contractor shall notify the BCMS Product Owner by telephone and email within 30 minutes of logging and provide updates every hour until resolution."),
 ("h2", "7. Corrective action"),
 ("p", "7.1 When an AQL is not met, the COR may issue a Corrective Action Request (CAR). Within 5 business days the Contractor shall respond in writing identifying the cause of the failure, the corrective actions taken or planned, and the date by which the standard will again be met."),
 ("p", "7.2 CARs are issued at three levels. Level 1 is issued by the COR. Level 2 is issued by the COR where the same requirement fails in a second Rating Period, and requires a meeting between the Contractor Program Manager and the DHS Chief Information Officer. Level 3 is issued by the CO."),
 ("p", "7.3 Failure to meet the AQL for PR-1, PR-3 or PR-4 in any three Rating Periods within a twelve-month period is a failure to perform the services under the contract, and the County may terminate the contract for default in whole or in part under General Provision 22."),
 ("h2", "8. Contractor responsibilities and County responsibilities"),
 ("p", "8.1 The County will provide the Contractor remote access to the BCMS environments through the County VPN, notify the Contractor of planned County network changes at least 5 business days in advance, and make BCMS subject-matter experts available for user acceptance testing of each release."),
 ("p", "8.2 The Contractor shall not be held to PR-5 for any month in which the number of P2 and P3 incidents logged exceeds 1,500, unless the excess is caused by a Contractor release."),
 ("h2", "9. Disputes"),
 ("p", "9.1 If the Contractor disagrees with a surveillance result or a deduction, it shall notify the COR in writing within 15 days of receiving the Surveillance Activity Checklist. The COR and the Contractor Program Manager will meet to try to resolve the disagreement. Any disagreement that is not resolved within 30 days shall be decided by the CO under the Disputes provision of the contract (General Provision 31)."),
]


def html_doc():
    out = []
    for kind, c in C:
        if kind == "table":
            rows = "".join("<tr>" + "".join(("<th>%s</th>" if i == 0 else "<td>%s</td>") % escape(x) for x in r) + "</tr>"
                           for i, r in enumerate(c))
            out.append(f"<table>{rows}</table>")
        elif kind == "c":
            out.append(f'<p class="c"><b>{escape(c)}</b></p>')
        else:
            out.append(f"<{kind}>{escape(c)}</{kind}>")
    return "\n".join(out)


def source_text():
    out = []
    for kind, c in C:
        if kind == "table":
            out.extend(" | ".join(r) for r in c)
        else:
            out.append(c)
        out.append("")
    return "\n".join(out)


CSS = """
@page { size: Letter; margin: 0.9in 0.8in;
  @top-right { content: "Contract No. DHS-IT-2026-118 - Attachment J-3"; font-size: 8pt; color: #555; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 13pt; text-align: center; margin-bottom: 2pt; }
h2 { font-size: 10.5pt; margin-top: 12pt; }
p.c { text-align: center; margin: 0 0 3pt 0; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 6pt 0; }
th, td { border: 0.6pt solid #222; padding: 3pt; vertical-align: top; text-align: left; }
th { background: #ddd; }
"""

HTML(string=f"<html><head><style>{CSS}</style></head><body>{html_doc()}</body></html>").write_pdf(HERE / f"{STEM}.pdf")
(HERE / f"{STEM}.source.txt").write_text(source_text(), encoding="utf-8")
print("wrote", STEM)
