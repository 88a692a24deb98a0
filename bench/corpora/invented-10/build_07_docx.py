"""Build 07_marrowfield_veridane_equipment_maintenance_schedule3.docx (run with /work/main/.venv/bin/python)."""
from pathlib import Path
import docx
from docx.shared import Pt
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).parent / "07_marrowfield_veridane_equipment_maintenance_schedule3.docx"

d = docx.Document()
st = d.styles["Normal"]; st.font.name = "Arial"; st.font.size = Pt(10)

def H(t, lvl=1):
    d.add_heading(t, level=lvl)

def P(t, bold=False):
    p = d.add_paragraph(); r = p.add_run(t); r.bold = bold
    return p

def table(rows, widths=None):
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            t.cell(i, j).text = cell
            if i == 0:
                for r in t.cell(i, j).paragraphs[0].runs:
                    r.bold = True
    d.add_paragraph()

t = d.add_paragraph(); t.alignment = WD_ALIGN_PARAGRAPH.CENTER
r = t.add_run("MARROWFIELD AND DISTRICT HOSPITALS NHS FOUNDATION TRUST"); r.bold = True
t = d.add_paragraph(); t.alignment = WD_ALIGN_PARAGRAPH.CENTER
t.add_run("Contract for the Maintenance of Diagnostic Imaging and Critical Care Equipment\nContract Reference MDH/EBME/2025/114")
t = d.add_paragraph(); t.alignment = WD_ALIGN_PARAGRAPH.CENTER
r = t.add_run("SCHEDULE 3 - SERVICE LEVELS, UPTIME GUARANTEE AND PERFORMANCE REGIME"); r.bold = True

H("1. Interpretation")
P("1.1 In this Schedule the following definitions apply in addition to those in the Conditions:")
P("\"Contractor\" means Veridane Medical Systems UK Limited.")
P("\"Trust\" means Marrowfield and District Hospitals NHS Foundation Trust.")
P("\"Equipment\" means the items listed in Schedule 1 (Equipment Register), grouped into Category A (critical imaging: CT scanners, MRI scanners and the interventional angiography suite), Category B (other imaging: general radiography rooms, mobile X-ray units and ultrasound systems) and Category C (critical care: patient monitoring central stations, ventilators and infusion pump fleets).")
P("\"Contract Quarter\" means each period of three months starting on 1 April, 1 July, 1 October and 1 January.")
P("\"Clinical Hours\" means 07:00 to 22:00 on every day of the year for Category A Equipment, and 08:00 to 18:00 Monday to Friday (excluding bank holidays) for Category B Equipment.")
P("\"Downtime\" means any period during Clinical Hours in which an item of Equipment cannot be used for its full clinical purpose, or can be used only with a restriction imposed by the Contractor's engineer or the Trust's Clinical Engineering department on grounds of patient or operator safety or image quality.")
P("\"Planned Preventive Maintenance\" or \"PPM\" means the preventive maintenance visits set out in the PPM Plan agreed under paragraph 5.")

H("2. Scope of Services")
P("2.1 The Contractor shall provide comprehensive maintenance of the Equipment, including planned preventive maintenance, corrective maintenance, all parts (including X-ray tubes, detectors and MRI coils), software updates and safety upgrades, remote diagnostics and technical support to the Trust's Clinical Engineering department, in accordance with the manufacturer's recommendations, IEC 62353 and the Medicines and Healthcare products Regulatory Agency's guidance on managing medical devices.")

H("3. Response and Fix Times")
P("3.1 The Trust shall report faults to the Contractor's Customer Support Centre by telephone or through the Contractor's service portal. The Contractor shall log each call and shall meet the response and fix times in Table 3.1. Times run from the Trust's call, as recorded in the Trust's Clinical Engineering log or the Contractor's portal, whichever is earlier.")
P("3.2 The priority of each fault shall be set by the Trust's Clinical Engineering department when reporting the fault.")
P("Table 3.1 - Response and fix times", bold=True)
table([
    ["Priority", "Definition", "Remote response by qualified engineer", "Engineer on site", "Fix (restore to full clinical use)"],
    ["1", "Category A or C Equipment unusable, or any fault creating a patient safety risk", "30 minutes", "4 hours", "24 hours"],
    ["2", "Category A or C Equipment restricted; Category B Equipment unusable", "1 hour", "8 hours", "2 working days"],
    ["3", "Fault not affecting clinical use", "4 hours", "Next working day", "5 working days"],
])
P("3.3 A remote response means a telephone or remote-session conversation between a qualified field service engineer or applications specialist and the Trust's staff about the specific fault. An automated message or a call-handler's log reference is not a response for the purposes of this paragraph.")
P("3.4 Where a fix requires a part which is not held in the United Kingdom, the Contractor shall notify the Trust within 4 hours of diagnosis, and the fix time shall be extended by the shorter of the actual shipping time and 48 hours.")

H("4. Uptime Guarantee")
P("4.1 The Contractor guarantees that each item of Category A Equipment shall achieve Uptime of at least 98.0% in each Contract Quarter, and each item of Category B Equipment at least 96.0%.")
P("4.2 Uptime for an item of Equipment in a Contract Quarter shall be calculated as: (Clinical Hours in the Contract Quarter - Downtime hours) / Clinical Hours in the Contract Quarter x 100.")
P("4.3 Downtime shall be measured by the Trust from the Clinical Engineering computerised maintenance management system (CMMS). Downtime begins when the fault is reported under paragraph 3.1 and ends when the Trust's Clinical Engineering department accepts the Equipment back into clinical use following the Contractor's test. The Contractor shall have read access to the CMMS entries for the Equipment.")
P("4.4 The following shall not count as Downtime:")
P("(a) PPM carried out in accordance with the agreed PPM Plan, up to the PPM allowance for that item stated in Schedule 1 (which shall not exceed 16 Clinical Hours per item per Contract Quarter); PPM time in excess of that allowance shall count as Downtime;")
P("(b) periods during which the Trust has refused or been unable to give the Contractor's engineer access to the Equipment, provided the Contractor has recorded the refusal in the CMMS at the time;")
P("(c) faults caused by misuse, accident or the connection of equipment not approved by the Contractor, as agreed between the parties or determined under paragraph 10; and")
P("(d) failure of the Trust's electricity supply, chilled water or building services outside the Equipment's terminal connections.")

H("5. Planned Preventive Maintenance")
P("5.1 The Contractor shall propose a PPM Plan for each Contract Year at least 30 days before its start. The Trust's Clinical Engineering Manager shall agree the dates with the relevant clinical departments. PPM on Category A Equipment shall be carried out outside Clinical Hours unless the Trust agrees otherwise.")

H("6. Performance Deductions")
P("6.1 If an item of Equipment fails to achieve its Uptime guarantee in a Contract Quarter, the Trust shall be entitled to a deduction from the Quarterly Charge for that item as set out in Table 6.1.")
P("Table 6.1 - Performance deductions", bold=True)
table([
    ["Shortfall below guaranteed Uptime", "Deduction (% of Quarterly Charge for the item)"],
    ["Up to and including 1.0 percentage point", "10%"],
    ["More than 1.0 and up to and including 3.0 percentage points", "25%"],
    ["More than 3.0 and up to and including 5.0 percentage points", "50%"],
    ["More than 5.0 percentage points", "100%"],
])
P("6.2 In addition, for each Priority 1 fault where the Contractor misses the on-site or fix time, the Trust shall be entitled to a deduction of £750 for each complete period of 4 hours by which the time is exceeded.")
P("6.3 The Contractor shall calculate the deductions from the CMMS data and show them in the Quarterly Performance Report. The Trust shall apply them to the next invoice. Where no further invoice will be issued, the Contractor shall pay the amount to the Trust within 30 days. The Trust is not required to make a claim to receive a deduction.")
P("6.4 Performance deductions are a price adjustment reflecting the reduced value of the Services. They are without prejudice to the Trust's other rights and remedies, including its right to claim damages and its rights under paragraph 9.")

H("7. Reporting, Reviews and Root Cause Analysis")
P("7.1 The Contractor shall provide a Quarterly Performance Report within 10 working days after the end of each Contract Quarter, showing for each item of Equipment the Uptime achieved, each fault and its response and fix times, PPM completed against the PPM Plan and any performance deductions.")
P("7.2 The parties' contract managers shall hold a performance review meeting each Contract Quarter.")
P("7.3 For each Priority 1 fault, and for any item of Equipment with three or more faults in a Contract Quarter, the Contractor shall provide a written root cause analysis within 10 working days of the fix, setting out the cause, the corrective action taken and the steps to prevent recurrence.")

H("8. Records and Audit")
P("8.1 The Contractor shall keep complete service records for each item of Equipment, including job sheets, parts used, test results and software versions, and shall give the Trust copies on request.")
P("8.2 The Trust or its appointed auditor may, on 10 working days' notice, audit the Contractor's service records, engineer training records and calibration certificates for test equipment used under this Contract.")

H("9. Persistent Failure")
P("9.1 If any item of Category A Equipment fails to achieve Uptime of 93.0% in two consecutive Contract Quarters, or in any three Contract Quarters in a period of twelve months, the Trust may by written notice terminate the Contract in respect of that item, or in respect of all Equipment, with effect from the date stated in the notice, and clause 27 of the Conditions (consequences of termination) shall apply.")

H("10. Disputes")
P("10.1 Any dispute about the measurement of Uptime or the application of this Schedule shall first be referred to the contract managers, who shall meet within 10 working days. If they cannot resolve it within a further 10 working days, it shall be referred to the Trust's Director of Estates and Facilities and the Contractor's UK Service Director. If the dispute is still unresolved, either party may refer it to mediation in accordance with the dispute resolution procedure in clause 31 of the Conditions.")

H("11. Indemnity")
P("11.1 The Contractor shall indemnify the Trust against all losses, claims and costs arising from death or personal injury caused by the negligent performance of the Services or by any defect in parts supplied by the Contractor, in accordance with clause 19 of the Conditions.")

H("12. Escalation")
P("12.1 If a Priority 1 fault is not fixed within 12 hours, the Contractor's Customer Support Centre shall escalate it to the Contractor's Regional Service Manager, who shall contact the Trust's Clinical Engineering Manager. If it is not fixed within 24 hours, it shall be escalated to the Contractor's UK Service Director, who shall agree a written recovery plan with the Trust.")

H("13. Variation")
P("13.1 This Schedule may be varied only in writing signed by authorised representatives of both parties in accordance with the change control procedure in clause 34 of the Conditions. The parties shall review the Equipment Register and PPM allowances annually.")

d.save(OUT)
print("wrote", OUT)
