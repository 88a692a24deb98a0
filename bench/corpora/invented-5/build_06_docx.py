"""Build 06_wyvernhill_clinical_systems_support_schedule.docx (fictional UK hospital trust / clinical software supplier)."""
from docx import Document
from docx.shared import Pt
from pathlib import Path

OUT = Path(__file__).with_name("06_wyvernhill_clinical_systems_support_schedule.docx")
d = Document()
st = d.styles["Normal"]; st.font.name = "Arial"; st.font.size = Pt(10)
P = d.add_paragraph
H = d.add_heading


def table(rows):
    t = d.add_table(rows=0, cols=len(rows[0]))
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        cells = t.add_row().cells
        for c, v in zip(cells, r):
            c.text = v
            if i == 0:
                for run in c.paragraphs[0].runs:
                    run.bold = True
    P("")


def clauses(items):
    for num, text in items:
        P(f"{num}\t{text}")


P("WYVERNHILL HOSPITALS TRUST")
P("AGREEMENT FOR THE SUPPLY, IMPLEMENTATION AND SUPPORT OF AN ELECTRONIC PATIENT RECORD SYSTEM")
P("Contract No. WHT-PROC-2025-118")
H("SCHEDULE 6: SUPPORT AND MAINTENANCE SERVICES AND SERVICE LEVELS", 1)
P("Between: Wyvernhill Hospitals Trust (the \"Trust\") and Meridale Clinical Software Limited (the \"Supplier\")")

H("1. INTRODUCTION", 2)
clauses([
    ("1.1", "This Schedule sets out the support and maintenance services which the Supplier shall provide for the Meridale CareRecord electronic patient record system, including the patient administration, order communications, e-prescribing and medicines administration, theatres and emergency department modules licensed under Schedule 2 (the \"System\"), and the service levels that apply to those services."),
    ("1.2", "The System supports the delivery of care to patients 24 hours a day. The Parties acknowledge that failures of the System may affect patient safety and that the Service Levels in this Schedule have been set with that in mind."),
    ("1.3", "This Schedule applies from the Go-Live Date of the first module and continues for the Support Term set out in Schedule 5 (Charges)."),
])

H("2. DEFINITIONS", 2)
P("In this Schedule, unless the context requires otherwise:")
for term, meaning in [
    ("\"Clinical Hours\"", "means 24 hours a day, every day of the year."),
    ("\"Core Hours\"", "means 08:00 to 18:00 on Working Days."),
    ("\"Fault\"", "means any failure of the System to operate in accordance with the Specification, or any error in the System, that is reported by the Trust to the Supplier."),
    ("\"Fix\"", "means a permanent correction of a Fault, delivered to and accepted by the Trust in the live environment."),
    ("\"Live Environment\"", "means the production instance of the System hosted in the Supplier's UK data centres and used by the Trust for patient care."),
    ("\"Planned Downtime\"", "has the meaning given in paragraph 7."),
    ("\"Response\"", "means acknowledgement of a Fault by a Supplier support analyst who has reviewed the Fault, confirmed its Priority and contacted the Trust's Service Desk to begin diagnosis."),
    ("\"Restore\"", "means to return the affected function to use by clinical staff, whether by a Fix or by a Workaround, and \"Restoration\" shall be construed accordingly."),
    ("\"Service Month\"", "means each calendar month during the Support Term."),
    ("\"Workaround\"", "means a temporary measure, agreed by the Trust's Clinical Safety Officer where clinical risk is involved, which allows the affected function to be used pending a Fix."),
]:
    P(f"{term} {meaning}")

H("3. SCOPE OF SUPPORT AND MAINTENANCE", 2)
clauses([
    ("3.1", "The Supplier shall provide:"),
    ("", "(a) second and third line support for all Faults reported by the Trust's IT Service Desk;"),
    ("", "(b) hosting, monitoring and operation of the Live Environment, a test environment and a training environment;"),
    ("", "(c) Fixes, patches and security updates;"),
    ("", "(d) new releases of the System in accordance with paragraph 11; and"),
    ("", "(e) the Service Levels, reporting and service reviews described in this Schedule."),
    ("3.2", "The annual charge for maintenance of modules is set out in Schedule 5 and is calculated as eighteen per cent (18%) of the licence fee for each module in use. This is a charge for the right to receive updates and support and is not connected with Planned Downtime."),
    ("3.3", "The Trust's IT Service Desk will provide first line support to its own users. All contact with the Supplier must come through the Trust's IT Service Desk or the named Trust super-users listed in Annex C. The Supplier shall not be obliged to accept Faults reported directly by ward or clinic staff, but shall redirect them to the Trust's IT Service Desk."),
    ("3.4", "Requests for configuration changes, new reports, new order sets or additional interfaces are not Faults. They shall be raised as a Change Request through the Supplier's portal and are dealt with under the Change Control Procedure in Schedule 9."),
])

H("4. PRIORITY LEVELS", 2)
clauses([
    ("4.1", "Each Fault shall be given one of the following Priorities:"),
])
table([
    ["Priority", "Definition", "Examples"],
    ["P1 - Critical", "The Live Environment is unavailable, or a function used for direct patient care is unavailable across the Trust, or there is a clinical safety risk with no Workaround", "Unable to log in; e-prescribing unavailable; wrong patient results displayed"],
    ["P2 - High", "A function used for patient care is unavailable in one or more departments, or seriously degraded across the Trust", "Theatres module unavailable; printing of wristbands failing in ED"],
    ["P3 - Medium", "A non-clinical function is unavailable, or a clinical function is impaired but a Workaround is in place", "Outpatient letter template error; slow report generation"],
    ["P4 - Low", "Minor Fault, cosmetic issue or query", "Spelling error on a screen; advice on configuration"],
])
clauses([
    ("4.2", "The Trust's IT Service Desk shall propose a Priority when reporting the Fault. The Supplier shall confirm the Priority at Response. The Supplier may lower the Priority of a P1 or P2 Fault once it has provided a Workaround, and the Response and Restoration targets for the lower Priority shall then apply to the remainder of the Fault, including the time taken to deliver a Fix."),
    ("4.3", "If the Trust's Clinical Safety Officer considers that a Fault presents a clinical safety risk, the Fault shall be treated as P1 until the Clinical Safety Officer agrees otherwise."),
])

H("5. SERVICE LEVELS", 2)
clauses([
    ("5.1", "The Supplier shall meet the following Service Levels in each Service Month:"),
])
table([
    ["Ref", "Service Level", "Target", "Hours"],
    ["SL1", "Live Environment availability", "99.9%", "Clinical Hours"],
    ["SL2", "P1 Response", "15 minutes", "Clinical Hours"],
    ["SL3", "P1 Restoration", "2 hours", "Clinical Hours"],
    ["SL4", "P2 Response", "30 minutes", "Clinical Hours"],
    ["SL5", "P2 Restoration", "6 hours", "Clinical Hours"],
    ["SL6", "P3 Response", "4 hours", "Core Hours"],
    ["SL7", "P3 Restoration", "5 Working Days", "Core Hours"],
    ["SL8", "P4 Response", "1 Working Day", "Core Hours"],
    ["SL9", "P4 Fix", "Next scheduled release", "Not applicable"],
    ["SL10", "Interface message latency (HL7 results and orders)", "95% of messages delivered within 60 seconds", "Clinical Hours"],
])
clauses([
    ("5.2", "Availability of the Live Environment for each Service Month shall be calculated as: Availability % = (Total Minutes - Unplanned Downtime Minutes) / (Total Minutes - Planned Downtime Minutes) x 100, where Unplanned Downtime means any period during which clinical users cannot log in to the Live Environment or cannot use a P1 function, other than Planned Downtime."),
    ("5.3", "Response and Restoration times run from the time the Fault is logged on the Supplier's service management tool by the Trust's IT Service Desk, or the time the Supplier's own monitoring detects the Fault if earlier, until the time the Trust's IT Service Desk confirms Response or Restoration."),
])

H("6. MONITORING AND MEASUREMENT", 2)
clauses([
    ("6.1", "The Supplier shall monitor the Live Environment continuously using automated monitoring tools that simulate a clinical user logging in, searching for a test patient and opening a test prescription chart at intervals of no more than two (2) minutes."),
    ("6.2", "Performance against the Service Levels shall be calculated by the Supplier from its monitoring tools and its service management tool. The Trust shall have read-only access to both."),
    ("6.3", "Where the records of the Trust's IT Service Desk differ from the Supplier's records as to the time a Fault was reported or Restored, the Parties shall discuss the difference at the monthly service review and, failing agreement, the matter may be referred to the dispute resolution procedure in paragraph 15."),
])

H("7. PLANNED DOWNTIME", 2)
clauses([
    ("7.1", "The Supplier may take the Live Environment out of service for planned maintenance and upgrades (\"Planned Downtime\") provided that:"),
    ("", "(a) Planned Downtime is agreed with the Trust's Head of Digital Services at least fifteen (15) Working Days in advance;"),
    ("", "(b) it takes place between 01:00 and 05:00 on a Tuesday or Wednesday morning, unless the Trust agrees otherwise;"),
    ("", "(c) it does not exceed four (4) hours in any Service Month or twelve (12) hours in any Contract Year; and"),
    ("", "(d) the Supplier provides the downtime procedures pack and read-only continuity access described in Annex D for its duration."),
    ("7.2", "Any period of downtime that does not meet these conditions shall be treated as Unplanned Downtime."),
])

H("8. EXCLUSIONS", 2)
clauses([
    ("8.1", "The Supplier shall not be responsible for a failure to meet a Service Level to the extent that it is caused by:"),
    ("", "(a) the Trust's own network, Wi-Fi, end-user devices, printers or third-party systems that are not supplied by the Supplier;"),
    ("", "(b) any act or omission of the Trust in breach of this Agreement, including failure to provide remote access for diagnosis;"),
    ("", "(c) a Force Majeure Event under clause 25 of this Agreement; or"),
    ("", "(d) Planned Downtime."),
    ("8.2", "The Supplier shall remain responsible for the performance of its own subcontractors, including its hosting provider."),
])

H("9. SERVICE CREDITS", 2)
clauses([
    ("9.1", "If the Supplier fails to meet a Service Level in a Service Month, the Trust shall be entitled to a Service Credit calculated in accordance with the table below as a percentage of the Monthly Support Charge."),
])
table([
    ["Service Level", "Failure", "Service Credit"],
    ["SL1", "Availability below 99.9% but at or above 99.5%", "5%"],
    ["SL1", "Availability below 99.5% but at or above 99.0%", "10%"],
    ["SL1", "Availability below 99.0%", "15%"],
    ["SL2 to SL5", "Each P1 or P2 Fault where Response or Restoration target missed", "2% per Fault"],
    ["SL6 to SL8", "Less than 90% of Faults meeting target in the Service Month", "1%"],
    ["SL10", "Target missed in the Service Month", "2%"],
])
clauses([
    ("9.2", "The total Service Credits in any Service Month shall not exceed twenty per cent (20%) of the Monthly Support Charge for that Service Month."),
    ("9.3", "The Supplier shall calculate the Service Credits and include them in the monthly service report. Service Credits shall be deducted from the next invoice for Support Charges. The Trust need not claim them."),
    ("9.4", "Service Credits are the Trust's sole financial remedy for the Supplier's failure to meet a Service Level, but are without prejudice to the Trust's rights under paragraph 10 and under clause 31 (Termination) of this Agreement."),
])

H("10. SERIOUS SERVICE FAILURE", 2)
clauses([
    ("10.1", "A Serious Service Failure occurs if:"),
    ("", "(a) SL1 availability is below 99.0% in any two (2) Service Months within a rolling period of six (6) Service Months;"),
    ("", "(b) more than three (3) P1 Faults are not Restored within their target in any rolling period of three (3) Service Months; or"),
    ("", "(c) a single P1 Fault is not Restored within twenty-four (24) hours."),
    ("10.2", "Following a Serious Service Failure, the Trust may by written notice require the Supplier to produce a remediation plan within ten (10) Working Days. If the Supplier fails to produce an acceptable plan, or fails to implement it, or a further Serious Service Failure occurs within six (6) Service Months of the first, the Trust may terminate this Agreement, or the support of the affected modules, with immediate effect by written notice, without liability for any termination charge."),
])

H("11. RELEASES AND UPDATES", 2)
clauses([
    ("11.1", "The Supplier issues one major release of the System each year, normally in the second quarter, and up to three maintenance releases between major releases. The Supplier shall support the current major release and the previous major release."),
    ("11.2", "The Trust shall upgrade to a supported release within twelve (12) months of its general availability. The Service Levels for P3 and P4 Faults shall not apply to a release that is no longer supported, but the P1 and P2 Service Levels shall continue to apply."),
    ("11.3", "The Supplier shall provide the Trust with release notes and a clinical safety case report for each release not less than thirty (30) Working Days before it is deployed to the test environment."),
])

H("12. REPORTING AND SERVICE REVIEWS", 2)
clauses([
    ("12.1", "The Supplier shall send the Trust a service report within five (5) Working Days after the end of each Service Month, setting out performance against each Service Level, all P1 and P2 Faults with their timelines, Service Credits due, open Faults by age, Planned Downtime taken and forthcoming, and capacity and performance trends."),
    ("12.2", "The Parties shall meet monthly to review the service report. A quarterly service review, attended by the Trust's Chief Clinical Information Officer and the Supplier's Account Director, shall review trends, clinical safety incidents, the release roadmap and continuous improvement."),
    ("12.3", "During a P1 Fault the Supplier shall update the Trust's IT Service Desk at least every thirty (30) minutes and shall publish the status of the Fault on the Supplier's customer status page."),
    ("12.4", "The Supplier shall provide a root cause analysis report for every P1 Fault, and for any P2 Fault that the Trust requests, within ten (10) Working Days of Restoration."),
])

H("13. ESCALATION", 2)
table([
    ["Stage", "Trust", "Supplier", "When"],
    ["1", "IT Service Desk Manager", "Support Team Leader", "Target missed or at Trust's request"],
    ["2", "Head of Digital Services", "Head of Customer Support", "P1 not Restored within 4 hours"],
    ["3", "Chief Information Officer", "Operations Director", "P1 not Restored within 8 hours"],
    ["4", "Chief Executive", "Managing Director", "P1 not Restored within 24 hours"],
])

H("14. TRUST RESPONSIBILITIES", 2)
clauses([
    ("14.1", "The Trust shall:"),
    ("", "(a) provide first line support and log all Faults on the Supplier's service management tool with the information set out in Annex C;"),
    ("", "(b) make available a clinical contact for P1 and P2 Faults at all times;"),
    ("", "(c) maintain its network, devices and third-party systems to the requirements of the Technical Architecture in Schedule 3;"),
    ("", "(d) appoint a Clinical Safety Officer and maintain its own clinical risk management process."),
    ("14.2", "Clinical users reporting problems to the Trust's IT Service Desk are asked to quote the patient's hospital number where it is safe and lawful to do so, so that the Fault can be reproduced."),
])

H("15. DISPUTES", 2)
clauses([
    ("15.1", "Any dispute concerning this Schedule shall first be discussed at the monthly service review. If it is not resolved within ten (10) Working Days, it shall be escalated to the stage 3 contacts in paragraph 13 and, if still unresolved, dealt with under clause 36 (Dispute Resolution) of this Agreement, which provides for mediation and then the courts of England and Wales."),
])

H("16. CAPACITY", 2)
clauses([
    ("16.1", "The Live Environment is sized for up to 3,200 concurrent clinical users and 1.2 million HL7 messages per day. The Supplier shall monitor usage against these figures and report it in the monthly service report. If the Trust expects to exceed them, it shall give the Supplier three (3) months' notice and the Parties shall agree any additional capacity and charges through the Change Control Procedure."),
    ("16.2", "Data storage for scanned documents is included up to 25 TB. Additional storage is charged in accordance with Schedule 5."),
])

H("17. AUDIT", 2)
clauses([
    ("17.1", "The Trust may, on twenty (20) Working Days' notice and no more than once in any Contract Year (or at any time following a Serious Service Failure), audit the Supplier's records of Faults, monitoring data and Service Level calculations, either itself or through an internal audit provider appointed by the Trust."),
])

H("18. BUSINESS CONTINUITY AND DISASTER RECOVERY", 2)
clauses([
    ("18.1", "The Supplier shall host the Live Environment in two geographically separate UK data centres and shall replicate Trust data between them continuously. In the event of the loss of the primary data centre, the Supplier shall restore the Live Environment in the secondary data centre within four (4) hours (recovery time objective) with no more than fifteen (15) minutes of data loss (recovery point objective)."),
    ("18.2", "The Supplier shall test failover to the secondary data centre at least once in each Contract Year, on a date agreed with the Trust, and shall provide a written test report within ten (10) Working Days. Where the test fails to meet the recovery objectives, the Supplier shall repeat the test within three (3) months at its own cost."),
    ("18.3", "The Supplier shall maintain and provide to the Trust a read-only business continuity viewer, refreshed at least every fifteen (15) minutes, which holds current medication charts, allergies, active problems and ward lists, and which can be used on Trust devices during any downtime of the Live Environment."),
    ("18.4", "The Trust is responsible for its own downtime procedures, including the printing of paper charts and the training of ward staff in their use."),
])

H("19. SECURITY PATCHING AND VULNERABILITY MANAGEMENT", 2)
clauses([
    ("19.1", "The Supplier shall apply security patches to the operating systems, databases and middleware supporting the Live Environment within fourteen (14) days of release for patches rated critical, and within thirty (30) days for patches rated high, using Planned Downtime where downtime is required."),
    ("19.2", "The Supplier shall notify the Trust within twenty-four (24) hours of becoming aware of any vulnerability in the System that is being actively exploited, and shall agree with the Trust an emergency remediation plan. Any downtime needed to implement that plan shall be agreed with the Trust and shall not count as Unplanned Downtime if the Trust agrees in writing that it should not."),
    ("19.3", "The Supplier shall commission an annual penetration test of the Live Environment by an accredited independent testing company and share the executive summary and remediation plan with the Trust. The penetration test concerns security assurance and is not used to measure the Service Levels."),
    ("19.4", "The Supplier shall maintain certification to ISO/IEC 27001 for the scope of the hosting and support services throughout the Support Term."),
])

H("20. REVIEW OF THIS SCHEDULE", 2)
clauses([
    ("20.1", "The Parties shall review this Schedule annually at the quarterly service review held nearest to the anniversary of the first Go-Live Date. Any change must be agreed in writing through the Change Control Procedure in Schedule 9."),
])

P("ANNEX C: INFORMATION REQUIRED WHEN LOGGING A FAULT")
for b in ["Name and contact number of the reporting Trust Service Desk analyst",
          "Module, screen and function affected",
          "Number of users or departments affected",
          "Steps to reproduce and any error message",
          "Whether there is a clinical safety risk"]:
    P(b, style="List Bullet")

d.save(OUT)
print(OUT)
