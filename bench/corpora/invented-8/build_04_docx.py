"""Build 04_halberd_mutual_ito_schedule6_service_levels.docx with python-docx."""
from pathlib import Path
from docx import Document
from docx.shared import Pt
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).parent / "04_halberd_mutual_ito_schedule6_service_levels.docx"
doc = Document()
st = doc.styles["Normal"]; st.font.name = "Arial"; st.font.size = Pt(10)


def H(t, lvl=1): doc.add_heading(t, level=lvl)


def P(t, bold=False, center=False):
    p = doc.add_paragraph(); r = p.add_run(t); r.bold = bold
    if center: p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def T(rows):
    t = doc.add_table(rows=len(rows), cols=len(rows[0])); t.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            cell = t.cell(i, j); cell.text = c
            if i == 0:
                for r in cell.paragraphs[0].runs: r.bold = True
    doc.add_paragraph()


sec = doc.sections[0]
sec.header.paragraphs[0].text = "Halberd Mutual Insurance Society - IT Outsourcing Agreement - Schedule 6"
sec.footer.paragraphs[0].text = "Execution version - Confidential"

P("SCHEDULE 6", bold=True, center=True)
P("SERVICE LEVELS, SERVICE CREDITS AND PERFORMANCE MANAGEMENT", bold=True, center=True)
P("to the Information Technology Outsourcing Agreement dated 2 March 2026 between Halberd Mutual Insurance Society (the \"Customer\") and Tolland Ridge Technology Services Limited (the \"Supplier\")", center=True)

H("1. Interpretation")
P("1.1 In this Schedule the following words have the following meanings:")
P("\"At-Risk Amount\" means, for any Service Month, 12% of the Monthly Service Charges invoiced for that Service Month.")
P("\"Critical Service Level\" means a Service Level identified as critical in Table 6-1.")
P("\"Critical Service Level Failure\" means (a) a failure to meet the Minimum Service Level for the same Critical Service Level in two consecutive Service Months or in any three Service Months in a rolling twelve-month period, or (b) Service Credits in any Service Month reaching 75% of the At-Risk Amount.")
P("\"Expected Service Level\" means the level of performance that the Supplier is required to achieve for each Service Level.")
P("\"Minimum Service Level\" means the level of performance below which a Service Level Failure has occurred.")
P("\"Measurement Tools\" means the tools described in paragraph 4.")
P("\"Relief Event\" has the meaning given in clause 27 of the Agreement.")
P("\"Service Month\" means a calendar month, save that the first Service Month begins on the Service Commencement Date.")
P("\"Service Credit Points\" means the points set out against each Service Level in Table 6-1.")

H("2. Purpose and scope")
P("2.1 This Schedule sets out the Service Levels against which the Supplier's performance of the Services will be measured, the regime of Service Credits that applies where the Supplier fails to achieve them, and the governance of service performance.")
P("2.2 The Services measured are those described in Schedule 2 (Services Description): the End User Computing Service (service desk, desk-side support and device management), the Hosting Service (operation of the Customer's private cloud and mainframe environments at the Supplier's Leeds and Newport data centres) and the Application Management Service for the applications listed in Annex 2-C.")
P("2.3 Where the Supplier fails to achieve an Expected Service Level but achieves the Minimum Service Level, no Service Credit is payable but the failure must be reported and paragraph 8 (Root cause and remediation) applies.")

H("3. Service Levels")
P("3.1 The Supplier shall meet or exceed the Expected Service Level for each Service Level in every Service Month.")
P("Table 6-1 - Service Levels", bold=True)
T([
    ["Ref", "Service Level", "Measure", "Expected", "Minimum", "Critical", "Points"],
    ["SL01", "Availability - Tier 1 applications", "Percentage of Service Hours (24x7) that each Tier 1 application is available to end users", "99.95%", "99.80%", "Yes", "40"],
    ["SL02", "Availability - Tier 2 applications", "Percentage of Service Hours (06:00-22:00 daily) that each Tier 2 application is available", "99.7%", "99.4%", "Yes", "25"],
    ["SL03", "Service desk call answer", "Percentage of calls answered by an agent within 30 seconds", "90%", "85%", "No", "8"],
    ["SL04", "Incident resolution - Severity 1", "Percentage of Severity 1 Incidents resolved within 4 hours of logging", "95%", "90%", "Yes", "30"],
    ["SL05", "Incident resolution - Severity 2", "Percentage of Severity 2 Incidents resolved within 8 hours of logging", "95%", "90%", "No", "15"],
    ["SL06", "Incident resolution - Severity 3", "Percentage of Severity 3 Incidents resolved within 3 Business Days", "92%", "88%", "No", "6"],
    ["SL07", "Backup success", "Percentage of scheduled backup jobs completed successfully, failed jobs re-run within 24 hours", "99.5%", "98.5%", "No", "10"],
    ["SL08", "Customer satisfaction", "Average score in the quarterly end-user satisfaction survey run by the Customer", "4.2 / 5", "3.8 / 5", "No", "6"],
])
P("3.2 Severity levels are assigned by the service desk on logging in accordance with the Severity Matrix in Annex 6-A. The Customer's Service Manager may re-classify any Incident, and the re-classification applies from the time of logging.")
P("3.3 An Incident is \"resolved\" when the affected service has been restored to normal operation for the affected users and the Customer has confirmed this or not disputed it within 2 Business Days. The provision of a workaround stops the clock only if the Customer agrees to the workaround.")
P("3.4 An application is \"available\" when end users can log in and perform the key transactions listed for it in Annex 6-B with a response time no worse than the threshold shown there. Degraded performance beyond those thresholds counts as unavailability.")

H("4. Measurement")
P("4.1 The Supplier shall measure and record its performance against each Service Level using the Measurement Tools: the Supplier's IT service management platform for SL03 to SL07, and the Customer's end-user experience monitoring platform, operated by the Customer's Digital Operations team, for SL01 and SL02.")
P("4.2 Availability is calculated as: (Service Hours in the Service Month - minutes of unavailability within Service Hours) / Service Hours in the Service Month x 100.")
P("4.3 The Customer shall have read-only access at all times to the Supplier's IT service management platform and to the raw data used to calculate each Service Level.")
P("4.4 The Supplier shall not change a Measurement Tool, or the way it is configured to calculate a Service Level, without the Customer's prior written approval.")
P("4.5 Where any data required to measure a Service Level is not available for any reason within the Supplier's control, the Service Level shall be deemed to have been missed at the Minimum Service Level for the period for which data is unavailable.")

H("5. Service Credits")
P("5.1 If the Supplier fails to achieve a Minimum Service Level in a Service Month, a Service Credit shall be calculated as:")
P("Service Credit = (Service Credit Points for the failed Service Level / 100) x At-Risk Amount x 0.25")
P("5.2 The Customer may, on 30 days' notice and not more than twice in any Contract Year, reallocate Service Credit Points between Service Levels, provided that the total points do not exceed 140 and no single Service Level carries more than 40 points.")
P("5.3 The total Service Credits payable for any Service Month shall not exceed the At-Risk Amount.")
P("5.4 The Supplier shall show Service Credits as a deduction on the invoice for the Service Month following the month in which they accrued. Service Credits accrued in the final Service Month of the Term shall be paid to the Customer within 30 days.")
P("5.5 The parties agree that Service Credits are a price adjustment to reflect the reduced value of the Services and are not an estimate of the loss that the Customer may suffer. Service Credits are without prejudice to the Customer's right to claim damages or to exercise any other remedy, but any damages shall be reduced by the amount of Service Credits paid for the same failure.")

H("6. Relief and planned maintenance")
P("6.1 The Supplier shall not be liable for a Service Level Failure to the extent that it is caused by a Relief Event, provided that the Supplier has notified the Customer within 5 Business Days of becoming aware of it and has used all reasonable efforts to mitigate its effects.")
P("6.2 Planned maintenance carried out within the Maintenance Windows set out in Annex 6-C, and approved by the Customer through the change management process at least 10 Business Days in advance, shall not count as unavailability. Maintenance outside those windows, or exceeding 8 hours in any Service Month for any Tier 1 application, counts as unavailability.")

H("7. Customer responsibilities")
P("7.1 The Customer shall perform the Customer Responsibilities set out in Schedule 3, including providing the Supplier with access to Customer sites during Business Hours, maintaining the third-party software licences listed in Schedule 3, and giving the Supplier at least 60 days' notice of any planned increase of more than 15% in the number of supported end users.")
P("7.2 The Service Levels for SL03 and SL05 apply while monthly call and incident volumes remain within 120% of the baselines in Annex 6-D. Where volumes exceed 120% of baseline in a Service Month, the parties shall discuss in good faith whether a Relief Event applies.")

H("8. Reporting, root cause and remediation")
P("8.1 By the 7th Business Day of each Service Month the Supplier shall deliver a Monthly Performance Report showing performance against each Service Level, every Service Level Failure, the Service Credits accrued, trend analysis over the previous 12 months and the status of open remediation plans.")
P("8.2 For every Severity 1 Incident, and for every failure to meet a Minimum Service Level, the Supplier shall provide within 10 Business Days a root cause analysis report and a remediation plan describing the corrective actions, responsible persons and completion dates.")
P("8.3 Service performance shall be reviewed at the monthly Service Management Board. Issues not resolved at that Board shall be escalated to the Quarterly Executive Steering Committee in accordance with Schedule 12 (Governance).")

H("9. Critical Service Level Failure")
P("9.1 On the occurrence of a Critical Service Level Failure the Customer may, without prejudice to its other rights, terminate this Agreement in whole or in respect of the affected Service tower for material default under clause 41.2 of the Agreement by giving written notice to the Supplier.")

H("10. Audit")
P("10.1 The Customer or an independent auditor appointed by it may, on 10 Business Days' notice, audit the Measurement Tools, the data recorded by them and the calculation of Service Levels and Service Credits. If an audit reveals that Service Credits have been under-calculated, the Supplier shall pay the shortfall and, where the shortfall exceeds 5%, the reasonable costs of the audit.")

H("11. Review and change")
P("11.1 The parties shall review the Service Levels at the end of each Contract Year. Any change to this Schedule, including the addition or removal of Service Levels, shall be made only through the Change Control Procedure in Schedule 9.")
P("11.2 Any dispute about the measurement of a Service Level or the calculation of a Service Credit shall be resolved in accordance with Schedule 13 (Dispute Resolution Procedure).")

doc.save(OUT)
print("wrote", OUT.name)
