"""Build 04_*.docx (fictional hard FM service level schedule) with python-docx."""
from pathlib import Path
import docx
from docx.shared import Pt

OUT = Path(__file__).parent / "04_st_brannocs_trust_hard_fm_schedule.docx"

d = docx.Document()
st = d.styles["Normal"]; st.font.name = "Arial"; st.font.size = Pt(10)

def P(t, bold=False):
    p = d.add_paragraph(); r = p.add_run(t); r.bold = bold; return p

def T(rows):
    t = d.add_table(rows=len(rows), cols=len(rows[0])); t.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
            if i == 0:
                for r in t.cell(i, j).paragraphs[0].runs: r.bold = True
    d.add_paragraph()

d.add_heading("ST BRANNOC'S HEALTHCARE TRUST", level=1)
P("Hard Facilities Management Services Agreement - Veldane Estates Services Ltd")
d.add_heading("SCHEDULE 5: PERFORMANCE STANDARDS AND PAYMENT MECHANISM", level=2)
P("Version 2.1 - issued for contract signature")

d.add_heading("1. Introduction", level=3)
P("1.1 This Schedule describes how the Provider's performance of the Services will be measured and how the Monthly Service Payment will be adjusted where the Services fall short. The Services are the planned preventive maintenance, reactive maintenance and statutory compliance testing of the building engineering systems at St Brannoc's Hospital, the Wellbeck Community Hospital and the Tannery Lane Renal Unit, as specified in Schedule 2 (Service Specification).")
P("1.2 For the avoidance of doubt, maintenance is the Service. Nothing in this Schedule permits the Provider to treat time spent on planned maintenance as a reason for failing to meet a Rectification Time.")

d.add_heading("2. Definitions", level=3)
P("Authorised Officer: the Trust's Head of Estates or any person nominated by them in writing.")
P("CAFM System: the computer-aided facilities management system supplied and hosted by the Provider, to which the Trust has full read access at all times.")
P("Helpdesk: the Provider's helpdesk, staffed 24 hours a day, 7 days a week, which receives and logs all requests for reactive work.")
P("Attendance Time: the period from the logging of a request on the CAFM System until a competent operative is physically present at the location of the fault.")
P("Rectification Time: the period from the logging of a request until the fault is fully and permanently repaired and the area returned for clinical use. A temporary repair stops the clock only where the Authorised Officer agrees in writing.")
P("Working Day: Monday to Friday, excluding bank holidays in England.")

d.add_heading("3. Reactive Maintenance", level=3)
P("3.1 All reactive requests shall be logged by the Helpdesk and given a priority using the matrix below. The Helpdesk shall allocate the initial priority by reference to the location and nature of the fault; the Authorised Officer may change the priority at any time and the Provider shall follow that change.")
T([
    ["Priority", "Typical faults", "Attendance Time", "Rectification Time"],
    ["P1 Emergency", "Loss of medical gases, theatre ventilation, critical power, fire alarm fault in a clinical area", "20 minutes", "4 hours"],
    ["P2 Urgent", "Water leak, lift out of service with no alternative, heating failure on a ward", "1 hour", "24 hours"],
    ["P3 Routine", "Faulty lighting, sticking doors, non-clinical area issues", "1 Working Day", "5 Working Days"],
    ["P4 Planned", "Minor defects that can be bundled with planned work", "by arrangement", "20 Working Days"],
])
P("3.2 Where parts must be ordered, the Provider shall make the area safe within the Rectification Time and shall notify the Authorised Officer of the expected delivery date. The Rectification Time is extended only if the Authorised Officer agrees that the delay is outside the Provider's control.")

d.add_heading("4. Planned Preventive Maintenance", level=3)
P("4.1 The Provider shall complete each PPM task in the agreed annual PPM programme in the month it is scheduled. Tasks on systems listed as critical in Schedule 2 shall be completed within the week scheduled.")
T([
    ["Key Performance Indicator", "Target", "Measured"],
    ["KPI 1 - P1 Attendance Time met", "100%", "monthly"],
    ["KPI 2 - P1 and P2 Rectification Time met", "98%", "monthly"],
    ["KPI 3 - P3 Rectification Time met", "95%", "monthly"],
    ["KPI 4 - PPM tasks completed in scheduled month", "98%", "monthly"],
    ["KPI 5 - Statutory tests (water hygiene, electrical, lifts, fire) completed on time", "100%", "monthly"],
    ["KPI 6 - Helpdesk calls answered within 30 seconds", "95%", "monthly"],
])

d.add_heading("5. Measurement and Monitoring", level=3)
P("5.1 Performance shall be measured from the time stamps recorded on the CAFM System. Operatives shall record arrival and completion on handheld devices at the point of work; times entered retrospectively shall be flagged on the system.")
P("5.2 The Trust's Estates Compliance Officer shall each month inspect a random sample of not less than 5% of jobs recorded as complete, and may attend unannounced. Where the sample shows a job recorded as complete that was not completed, that job counts as a failure, and the sample rate for the following month rises to 15%.")
P("5.3 The Provider shall keep all CAFM records, certificates and logbooks for the life of the Agreement and six years after, and shall permit the Trust and its auditors to inspect and copy them on reasonable notice.")

d.add_heading("6. Performance Deductions", level=3)
P("6.1 Each failure to meet a KPI target attracts Service Failure Points as follows:")
T([
    ["Failure", "Service Failure Points"],
    ["Each P1 request where Attendance Time or Rectification Time is missed", "15"],
    ["Each P2 request where Rectification Time is missed", "6"],
    ["Each P3 request where Rectification Time is missed", "2"],
    ["Each PPM or statutory task not completed on time", "3"],
    ["KPI 6 below target in the month", "10"],
])
P("6.2 Each Service Failure Point is worth 0.1% of the Monthly Service Payment. The deduction shall be calculated by the Provider and shown on the monthly invoice; the Trust need not make any claim. The Trust may correct the calculation by reference to the CAFM System and its own inspections.")
P("6.3 Total deductions in a month shall not exceed 15% of the Monthly Service Payment.")
P("6.4 No deduction applies to a failure to the extent caused by a Trust default, including refusal of access to a clinical area for infection prevention reasons, or by a Relief Event under clause 28 of the Agreement.")

d.add_heading("7. Warning Notices and Termination", level=3)
P("7.1 If the Provider accrues more than 150 Service Failure Points in any month, the Trust may issue a Warning Notice.")
P("7.2 If three or more Warning Notices are issued in any rolling period of nine months, or the Provider fails KPI 5 in two consecutive months, the Trust may terminate the Agreement by notice under clause 41 (Provider Default).")

d.add_heading("8. Reports, Meetings and Incident Reports", level=3)
P("8.1 Within five Working Days after the end of each month, the Provider shall issue a Monthly Performance Report showing each KPI, every failure with its Service Failure Points, PPM completion by site, and outstanding remedial work.")
P("8.2 The parties shall hold a monthly performance meeting to review the report. Minutes shall be taken by the Provider.")
P("8.3 Following any loss of a critical system, the Provider shall submit within 48 hours a written incident report identifying the cause of the failure and the action taken to prevent it happening again.")

d.add_heading("9. Trust Responsibilities", level=3)
P("9.1 The Trust shall give the Provider's operatives access to all areas needed to perform the Services, subject to the Trust's infection control and permit-to-work procedures, and shall report faults through the Helpdesk rather than directly to operatives.")

d.add_heading("10. Additional Works", level=3)
P("10.1 Requests for new works, alterations or moves that are not part of the Services shall be raised by the Trust on a Change Request Form and will be quoted separately. Such works are not subject to the Attendance and Rectification Times in this Schedule.")

d.save(OUT)
print(OUT)
