"""Build 08_calderon_biomedical_imaging_service_schedule_b.docx with python-docx."""
from pathlib import Path
from docx import Document
from docx.shared import Pt
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).parent / "08_calderon_biomedical_imaging_service_schedule_b.docx"
doc = Document()
st = doc.styles["Normal"]; st.font.name = "Calibri"; st.font.size = Pt(10.5)

def H(t, lvl=1): doc.add_heading(t, level=lvl)
def P(t, bold=False, center=False):
    p = doc.add_paragraph(); r = p.add_run(t); r.bold = bold
    if center: p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p
def B(t): doc.add_paragraph(t, style="List Bullet")
def T(rows, header=True):
    t = doc.add_table(rows=len(rows), cols=len(rows[0])); t.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            cell = t.cell(i, j); cell.text = c
            if header and i == 0:
                for r in cell.paragraphs[0].runs: r.bold = True
    doc.add_paragraph()

sec = doc.sections[0]
sec.header.paragraphs[0].text = "Calderon Biomedical Services Pty Ltd - Equipment Service Agreement ESA-2291"
sec.footer.paragraphs[0].text = "Commercial-in-confidence"

P("SCHEDULE B", bold=True, center=True)
P("SERVICE LEVELS - DIAGNOSTIC IMAGING EQUIPMENT", bold=True, center=True)
P("Equipment Service Agreement ESA-2291 between Calderon Biomedical Services Pty Ltd (ABN withheld) (\"Calderon\", \"we\", \"our\") and Eastmarsh Regional Health Service (\"the Health Service\", \"you\")", center=True)
P("Term: 1 July 2026 to 30 June 2029")

H("1. Application of this Schedule")
P("1.1 This Schedule applies to the Covered Equipment listed in Table B1 and to the services we provide for it under this Agreement, namely:")
B("planned preventive maintenance (PM) visits at the intervals recommended by the original manufacturer;")
B("corrective maintenance, being the diagnosis and repair of faults, including on-site attendance and replacement parts;")
B("electrical safety testing and radiation output checks after each repair that affects them;")
B("remote diagnostics for equipment connected to our remote service gateway; and")
B("software updates released by the manufacturer for safety reasons.")
P("1.2 Maintenance of the equipment is the service; references in this Schedule to \"Planned Maintenance\" mean PM visits under clause 6 and not any interruption of a service we host.")
P("1.3 This Schedule does not apply to equipment that is added to the Agreement after the start of the Term until it has passed an acceptance inspection by us.")

H("2. Definitions")
P("Business Day: a day other than a Saturday, Sunday or public holiday in the State where the relevant Site is located.")
P("Clinical Hours: 8.00 am to 6.00 pm on Business Days, or such other hours as are stated for an item in Table B1.")
P("Cover Level: Gold, Silver or Bronze as shown for each item in Table B1.")
P("Downtime: the period during Clinical Hours in which an item of Covered Equipment cannot be used for clinical examinations because of a fault covered by this Agreement, starting when you log the fault with the Service Line and ending when our engineer returns the item to clinical use.")
P("Fault Category: the category assigned to a fault under clause 4.2.")
P("Metro Site: a Site within 50 km of the Calderon depot at Port Westerly. All other Sites are Regional Sites.")
P("Service Line: our national fault reporting line, staffed 24 hours a day, 7 days a week.")
P("Uptime: for an item of Covered Equipment in a Contract Quarter, the percentage calculated under clause 7.2.")
P("Contract Quarter: each period of three months starting on 1 July, 1 October, 1 January and 1 April.")

H("3. Covered Equipment")
P("Table B1 - Covered Equipment", bold=True)
T([
    ["Asset no.", "Equipment", "Site", "Cover Level", "Clinical Hours"],
    ["EM-0441", "CT scanner, 128-slice", "Eastmarsh Base Hospital (Metro)", "Gold", "24x7"],
    ["EM-0442", "MRI 1.5T", "Eastmarsh Base Hospital (Metro)", "Gold", "7.00 am - 10.00 pm, 7 days"],
    ["EM-0517", "General X-ray room, ceiling mounted", "Eastmarsh Base Hospital (Metro)", "Silver", "Standard"],
    ["EM-0608", "Mobile X-ray unit (x3)", "Eastmarsh Base Hospital (Metro)", "Silver", "Standard"],
    ["RH-1120", "CT scanner, 64-slice", "Kellaby District Hospital (Regional)", "Gold", "Standard"],
    ["RH-1185", "Ultrasound, general purpose (x4)", "Kellaby and Tumbrook Health Centres (Regional)", "Bronze", "Standard"],
])

H("4. Reporting a fault")
P("4.1 You must report every fault by phone to the Service Line, quoting the asset number. Faults reported by email or to an engineer directly are not logged until they are entered on our service system.")
P("4.2 When you log a fault, the Service Line coordinator will assign it a Fault Category based on the information you provide:")
T([
    ["Fault Category", "Description"],
    ["Category 1 - Down", "The item cannot be used for any examination"],
    ["Category 2 - Impaired", "The item can be used but with a restriction on the examinations that can be performed or with reduced image quality"],
    ["Category 3 - Minor", "A fault that does not affect clinical use, such as a cosmetic defect or a non-clinical software issue"],
])
P("4.3 The Fault Category assigned by the Service Line determines the response that applies. If our engineer finds on arrival that the item can be used with a workaround, we may re-categorise the fault as Category 2.")

H("5. Response and attendance")
P("5.1 We will respond to faults within the following times, measured from the time the fault is logged with the Service Line:")
P("Table B2 - Response and on-site attendance", bold=True)
T([
    ["Cover Level", "Remote response (engineer calls you back)", "On-site attendance - Metro Site", "On-site attendance - Regional Site", "Hours"],
    ["Gold", "30 minutes", "4 hours", "8 hours", "24x7"],
    ["Silver", "2 hours", "Next Business Day", "2 Business Days", "Clinical Hours"],
    ["Bronze", "4 Business hours", "2 Business Days", "3 Business Days", "Clinical Hours"],
])
P("5.2 On-site attendance means that a qualified engineer has arrived at the Site and reported to the Medical Imaging department.")
P("5.3 The attendance times in Table B2 apply to Category 1 faults. For Category 2 and 3 faults we will agree an attendance time with you, which will normally be within the next scheduled visit or 5 Business Days, whichever is earlier.")
P("5.4 Where we can fix a fault remotely, no attendance is required.")

H("6. Planned preventive maintenance")
P("6.1 We will carry out PM visits at the intervals in the manufacturer's service manual. We will agree a PM schedule with your Medical Imaging Manager at the start of each contract year and confirm each visit at least 10 Business Days before it.")
P("6.2 We will carry out PM visits for Gold cover items outside Clinical Hours if you ask us to, at no extra charge.")
P("6.3 Time taken by an agreed PM visit is not Downtime. If a PM visit overruns its scheduled duration by more than two hours because of a fault found during the visit, the overrun counts as Downtime.")

H("7. Repair and Uptime")
P("7.1 Repair time. We cannot promise a repair time for any fault. Repair time depends on the nature of the fault and the availability of parts from the manufacturer, which is outside our control. For Gold and Silver cover, our aim is to return the item to clinical use within one Business Day of attendance for 90% of Category 1 faults in each Contract Quarter.")
P("7.2 Uptime Guarantee. For Gold cover items only, we guarantee Uptime of at least 97% in each Contract Quarter, calculated as:")
P("Uptime (%) = (Clinical Hours in the Contract Quarter - Downtime hours) / Clinical Hours in the Contract Quarter x 100")
P("7.3 Downtime is measured from our service job records, which show the time each fault was logged and the time the engineer returned the item to clinical use. Our records are conclusive unless you show them to be wrong by your own written fault log kept at the time.")
P("7.4 If an item with Gold cover does not achieve the Uptime Guarantee in a Contract Quarter, we will extend the Term of cover for that item, at no charge, by two weeks for each whole percentage point (or part) by which Uptime fell short. The extension for an item in any Contract Quarter will not exceed eight weeks.")
P("7.5 You must request an extension under clause 7.4 in writing within 30 days after the end of the Contract Quarter. We will confirm the extension in our quarterly service report.")
P("7.6 If an item with Gold cover does not achieve the Uptime Guarantee in two consecutive Contract Quarters, you may remove the item from this Agreement by giving us 30 days' written notice, and the charges for that item will end on the date of removal without any early termination fee.")

H("8. Parts")
P("8.1 All parts needed for corrective maintenance are included, except for the items in clause 8.3.")
P("8.2 We will hold a stock of commonly used spare parts at the Port Westerly depot. Parts we do not hold will be ordered from the manufacturer by express freight.")
P("8.3 The following are not included unless stated otherwise in Table B3: consumables such as paper, gel and accessories; batteries for mobile units after 24 months from installation; ultrasound transducers damaged by dropping or by cleaning with non-approved agents.")
P("Table B3 - High-value parts", bold=True)
T([
    ["Part", "Included for Gold cover", "Included for Silver cover", "Bronze cover"],
    ["CT X-ray tube", "Unlimited", "One per contract year", "Not applicable"],
    ["MRI cold head", "Unlimited", "Not applicable", "Not applicable"],
    ["X-ray detector panel", "Unlimited", "One per contract year", "Not applicable"],
    ["Ultrasound transducer (fault, not damage)", "Not applicable", "Not applicable", "Two per contract year across all units"],
])

H("9. Included call-outs")
P("9.1 Gold and Silver cover include unlimited corrective call-outs.")
P("9.2 Bronze cover includes four corrective call-outs per item per contract year. Further call-outs are charged at the labour and travel rates in Schedule C. Time on site during further call-outs is not covered by Table B2.")

H("10. What is not covered")
P("10.1 We are not responsible for delays or Downtime caused by:")
B("use of the equipment other than in accordance with the manufacturer's operating instructions, or by staff who have not been trained in its use;")
B("power supply failures, voltage surges, water damage, fire or failure of the air-conditioning in the room where the equipment is installed;")
B("repairs, modifications or software installed by anyone other than Calderon or the manufacturer;")
B("the Health Service's network, PACS, RIS or other IT systems;")
B("delays by the manufacturer in supplying parts, software or technical support;")
B("delays in access to the equipment, including where the item is in use for a patient; and")
B("any event outside our reasonable control.")

H("11. Your responsibilities")
P("11.1 The Health Service will:")
B("ensure the equipment is operated only by trained staff and in accordance with the manufacturer's instructions;")
B("keep the equipment rooms within the temperature and humidity ranges in the manufacturer's site planning guide;")
B("give our engineers access to the equipment when they arrive, and make it available for PM visits at the agreed times;")
B("keep the remote service gateway connected for items that have one; and")
B("nominate a Medical Imaging contact and a Biomedical Engineering contact for each Site.")
P("11.2 Where the equipment is not made available to our engineer on arrival, the response and Uptime measures are suspended until it is.")

H("12. Reports and reviews")
P("12.1 Our engineer will leave a signed service report after each visit, describing the work done, parts fitted and the results of any safety tests.")
P("12.2 Within 15 Business Days after the end of each Contract Quarter we will send you a quarterly service report listing all faults, response and attendance times, PM visits completed and, for Gold cover items, the Uptime achieved.")
P("12.3 The Biomedical Engineering Manager and our Account Manager will meet every six months to review performance and the PM schedule.")
P("12.4 If an item has three or more Category 1 faults within 30 days, we will carry out a root cause investigation and give you a written report with our findings and recommendations within 10 Business Days.")

H("13. Escalation")
P("Table B4 - Escalation contacts", bold=True)
T([
    ["Level", "When", "Calderon contact"],
    ["1", "Attendance time missed, or no update for 4 hours on a Category 1 fault", "Service Line Supervisor"],
    ["2", "Category 1 fault not fixed within 2 Business Days of attendance", "State Service Manager"],
    ["3", "Category 1 fault not fixed within 5 Business Days of attendance", "National Service Director"],
])

H("14. Records")
P("14.1 We will keep service records for each item of Covered Equipment for at least 7 years. The Health Service may inspect and audit those records, and the training records of the engineers who work on its equipment, on 5 Business Days' notice.")

H("15. Indemnity")
P("15.1 Each party indemnifies the other against liability for personal injury, death or damage to tangible property to the extent caused by the negligent act or omission of the indemnifying party, its employees or subcontractors in connection with this Agreement.")

H("16. Disputes")
P("16.1 If a dispute arises under this Schedule, either party may give the other a dispute notice. Senior managers of each party will meet within 10 Business Days to try to resolve it.")
P("16.2 If the dispute is not resolved within 20 Business Days after the dispute notice, either party may refer it to mediation by a mediator agreed by the parties or, failing agreement, nominated by the president of the law society of the State in which the Health Service is located. Nothing in this clause prevents a party from seeking urgent interlocutory relief.")

H("17. Termination by Calderon")
P("17.1 We may suspend services for, or terminate this Agreement in respect of, any item for which our invoices remain unpaid for more than 60 days after we have given you written notice of the overdue amount.")

H("18. Variations")
P("18.1 This Schedule may be varied only in writing signed by authorised representatives of both parties. Equipment may be added or removed by a Variation Form signed by both parties, and the charges will be adjusted at the rates in Schedule C.")

doc.save(str(OUT))
print("wrote", OUT)
