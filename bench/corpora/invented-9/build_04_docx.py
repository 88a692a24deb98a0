"""Build 04_ashcombe_calloff_schedule14_service_levels.docx with python-docx (run with /work/main/.venv/bin/python)."""
from pathlib import Path
from docx import Document
from docx.shared import Pt
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).parent / "04_ashcombe_calloff_schedule14_service_levels.docx"
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
sec.header.paragraphs[0].text = "Call-Off Schedule 14 (Service Levels) - Call-Off Ref: LBA/ICT/2025/044"
sec.footer.paragraphs[0].text = "OFFICIAL - Crown Copyright model terms adapted by the Buyer"

P("Call-Off Schedule 14 (Service Levels)", bold=True, center=True)
P("Call-Off Contract for the Revenues, Benefits and Council Tax Platform Managed Service", center=True)
P("between the London Borough of Ashcombe (the \"Buyer\") and Fernbright Digital Services Limited (company no. 0847XXXX) (the \"Supplier\")", center=True)

H("1. Definitions")
P("1.1 In this Schedule, the following words shall have the following meanings and they shall supplement Joint Schedule 1 (Definitions):")
P("\"Critical Service Level Failure\" means (a) a Service Level Failure of Service Level 1 in any two (2) consecutive Measurement Periods; (b) Service Level Performance of Service Level 1 below 97.0% in any single Measurement Period; or (c) Service Level Failures of any Service Levels in four (4) or more Measurement Periods out of any six (6) consecutive Measurement Periods;")
P("\"Measurement Period\" means a calendar month, save that the first Measurement Period shall run from the Operational Service Commencement Date to the end of the calendar month following that in which it falls;")
P("\"Service Credits\" means any reduction in the amounts payable in respect of the Charges calculated in accordance with Part A of this Schedule;")
P("\"Service Credit Cap\" means in any Measurement Period fifteen per cent (15%) of the Charges payable to the Supplier under this Call-Off Contract in respect of the Managed Service for that Measurement Period;")
P("\"Service Hours\" means 07:00 to 20:00 Monday to Friday and 08:00 to 13:00 on Saturdays, excluding bank holidays in England, together with the additional hours in the annual billing period specified in paragraph 3.4 of Part B;")
P("\"Service Level Failure\" means a failure to meet the Service Level Performance Measure in respect of a Service Level;")
P("\"Service Level Performance Measure\" shall be as set out against the relevant Service Level in the Annex to Part A of this Schedule; and")
P("\"Service Level Threshold\" shall be as set out against the relevant Service Level in the Annex to Part A of this Schedule.")

H("2. What happens if we don't meet the Service Levels")
P("2.1 The Supplier shall at all times provide the Deliverables to meet or exceed the Service Level Performance Measure for each Service Level.")
P("2.2 The Supplier acknowledges that any Service Level Failure shall entitle the Buyer to the rights set out in Part A of this Schedule including the right to any Service Credits and that any Service Credit is a price adjustment and not an estimate of the Loss that may be suffered by the Buyer as a result of the Supplier's failure to meet any Service Level Performance Measure.")
P("2.3 The Supplier shall send Performance Monitoring Reports to the Buyer detailing the level of service which was achieved in accordance with the provisions of Part B (Performance Monitoring) of this Schedule.")
P("2.4 A Service Credit shall be the Buyer's exclusive financial remedy for a Service Level Failure except where:")
P("(a) the Supplier has over the previous (twelve) 12 month period exceeded the Service Credit Cap; and/or")
P("(b) the Service Level Failure results in a Critical Service Level Failure or otherwise gives rise to a right for the Buyer to terminate this Call-Off Contract;")
P("(c) the Service Level Failure has arisen due to a Prohibited Act or wilful Default by the Supplier; or")
P("(d) the Buyer is otherwise entitled to or does terminate this Call-Off Contract pursuant to Clause 10.4 (When CCS or the Buyer can end this contract).")
P("2.5 Not more than once in each Contract Year, the Buyer may, on giving the Supplier at least three (3) months' notice, change the weighting of Service Level Performance Measure in respect of one or more Service Levels, provided that the total number of Service Credit points does not exceed 100 and no single Service Level carries more than 40 points.")

H("3. Critical Service Level Failure")
P("On the occurrence of a Critical Service Level Failure:")
P("3.1 any Service Credits that would otherwise have accrued during the relevant Service Period shall not accrue; and")
P("3.2 the Buyer shall be entitled to withhold a sum equal to any Service Credits that would have accrued had the Critical Service Level Failure not occurred,")
P("provided that the operation of this paragraph 3 shall be without prejudice to the right of the Buyer to terminate this Call-Off Contract in whole or in part and/or to recover from the Supplier any Losses incurred by the Buyer as a result of such Critical Service Level Failure.")

H("Part A: Service Levels and Service Credits")
H("1. Service Levels", 2)
P("1.1 If the level of performance of the Supplier: (a) is likely to or fails to meet any Service Level Performance Measure; or (b) is likely to cause or causes a Critical Service Level Failure to occur, the Supplier shall immediately notify the Buyer in writing and the Buyer, in its absolute discretion and without limiting any other of its rights, may require the Supplier to prepare and deliver a Rectification Plan, instruct the Supplier to comply with the Rectification Plan Process, or, if a Service Level Failure has occurred, deduct from the Charges the applicable Service Credits.")
H("2. Service Credits", 2)
P("2.1 The Buyer shall use the Performance Monitoring Reports supplied by the Supplier to verify the calculation and accuracy of the Service Credits, if any, applicable to each Service Period.")
P("2.2 Service Credits are a reduction of the amounts payable in respect of the Deliverables and do not include VAT. The Supplier shall set-off the value of any Service Credits against the appropriate invoice in accordance with calculation formula in the Annex to Part A of this Schedule. The Buyer is not required to make any claim for Service Credits to be applied.")
P("2.3 The total Service Credits in any Measurement Period shall not exceed the Service Credit Cap.")

P("Annex A to Part A: Services Levels and Service Credits Table", bold=True)
T([
    ["Service Level", "Performance Criterion", "Key Indicator", "Service Level Performance Measure", "Service Level Threshold", "Service Credit for each Service Period"],
    ["SL1", "Availability of the Revenues and Benefits Platform (production)", "Platform Availability during Service Hours", "99.8%", "99.0%", "0.5% of the monthly Charges for each 0.1% below the Performance Measure (to a maximum of 8%)"],
    ["SL2", "Availability of the Citizen Self-Service Portal", "Portal Availability, 24 hours a day", "99.5%", "98.5%", "0.5% of the monthly Charges for each 0.1% below the Performance Measure (to a maximum of 4%)"],
    ["SL3", "Response to Severity 1 Incidents", "Time from logging to a qualified engineer working on the Incident and the Buyer's duty officer informed by telephone", "30 minutes in 100% of cases", "1 hour", "1% per Incident not meeting the Performance Measure"],
    ["SL4", "Resolution of Severity 1 Incidents", "Time to restore the affected service or implement an agreed workaround", "4 hours in 95% of cases", "8 hours", "2% per Incident exceeding the Service Level Threshold"],
    ["SL5", "Resolution of Severity 2 Incidents", "Time to restore or workaround", "1 Working Day in 90% of cases", "3 Working Days", "0.5% per Incident exceeding the Service Level Threshold"],
    ["SL6", "Annual billing run", "Council Tax annual bills produced and passed to the Buyer's print contractor", "By 5 March in each year", "By 12 March", "5% of the monthly Charges for March"],
])
P("The Service Credits shall be calculated on the basis of the following formula:")
P("Service Level Performance = (Service Hours in the Measurement Period - minutes of Unavailability during Service Hours) / Service Hours in the Measurement Period x 100, where Unavailability is any period in which a Buyer user is unable to log in to, or complete a transaction on, the affected platform for a reason within the Supplier's responsibility.")

H("Part B: Performance Monitoring")
H("3. Performance Monitoring and Performance Review", 2)
P("3.1 Within twenty (20) Working Days of the Start Date the Supplier shall provide the Buyer with details of how the process in respect of the monitoring and reporting of Service Levels will operate between the Parties and the Parties will endeavour to agree such process as soon as reasonably possible.")
P("3.2 The Supplier shall provide the Buyer with performance monitoring reports (\"Performance Monitoring Reports\") in accordance with the process and timescales agreed pursuant to paragraph 3.1 above which shall contain, as a minimum, the following information in respect of the relevant Service Period just ended: (a) for each Service Level, the actual performance achieved over the Service Level for the relevant Service Period; (b) a summary of all failures to achieve Service Levels that occurred during that Service Period; (c) details of any Critical Service Level Failures; (d) for any repeat failures, actions taken to resolve the underlying cause and prevent recurrence; (e) the Service Credits to be applied in respect of the relevant period indicating the failures and Service Levels to which the Service Credits relate; and (f) such other details as the Buyer may reasonably require from time to time.")
P("3.3 The Parties shall attend meetings to discuss Performance Monitoring Reports (\"Performance Review Meetings\") on a monthly basis. The Performance Review Meetings will be the forum for the review by the Supplier and the Buyer of the Performance Monitoring Reports.")
P("3.4 During the annual billing period from 1 February to 31 March in each year the Service Hours for SL1 shall be extended to 07:00 to 22:00 on every day including weekends.")
P("3.5 Availability for SL1 and SL2 shall be measured by an external synthetic monitoring service procured by the Supplier and approved by the Buyer, which shall execute a scripted log-in and account enquiry every five (5) minutes. The Buyer shall be given its own read-only login to that monitoring service.")
P("3.6 The Supplier shall provide to the Buyer such documentation as the Buyer may reasonably require in order to verify the level of the performance by the Supplier and the calculations of the amount of Service Credits for any specified Service Period. The Buyer may, on reasonable notice, audit the Supplier's records of Incidents and monitoring data for that purpose.")
H("4. Satisfaction Surveys", 2)
P("4.1 The Supplier shall undertake satisfaction surveys in respect of the Supplier's provision of the Deliverables. The Buyer shall be entitled to notify the Supplier of any aspects of their performance of the provision of the Deliverables which the responses to the Satisfaction Surveys reasonably suggest are not in accordance with this Contract.")
H("5. Permitted Maintenance and Relief", 2)
P("5.1 Unavailability during Permitted Maintenance shall not count towards SL1 or SL2. Permitted Maintenance means maintenance carried out outside Service Hours on not more than two (2) occasions per month, each of not more than four (4) hours, notified to the Buyer at least ten (10) Working Days in advance, or any other maintenance the Buyer has approved in writing.")
P("5.2 The Supplier shall not be liable for a Service Level Failure to the extent caused by a Buyer Cause or by a Force Majeure Event, provided the Supplier has complied with its obligations under Clause 20 (Circumstances beyond your control) and Call-Off Schedule 8 (Business Continuity).")
P("5.3 Severity Levels shall be assigned by the Buyer's service desk when logging the Incident, in accordance with the definitions in Call-Off Schedule 20 (Call-Off Specification). The Supplier may request reclassification and any disagreement shall be determined by the Buyer's ICT Service Manager, acting reasonably.")
P("5.4 Any dispute regarding the measurement of Service Levels or the calculation of Service Credits shall be resolved in accordance with Clause 34 (Resolving disputes) of the Core Terms.")
P("5.5 The Buyer shall ensure that each new version of its local council tax reduction scheme rules is supplied to the Supplier by 15 January in each year, failing which SL6 shall not apply for that year.")
doc.save(OUT)
print("wrote", OUT.name)
