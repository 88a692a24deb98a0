"""Build 09_harbourline_stellan_park_venue_wifi_sla.pdf and its reading text .source.txt
(run with /work/main/.venv/bin/python). The PDF has a running header and page numbers;
the .source.txt is the reading text (tables as ' | ' rows, page furniture dropped)."""
import html
from pathlib import Path
from weasyprint import HTML

ROOT = Path(__file__).parent
STEM = "09_harbourline_stellan_park_venue_wifi_sla"
HEADER = "Harbourline Networks Ltd - Managed Venue Wi-Fi Agreement - Schedule 2 - Commercial in Confidence"

C = [
("title", "MANAGED VENUE WI-FI SERVICES AGREEMENT"),
("title", "SCHEDULE 2 - SERVICE LEVEL AGREEMENT"),
("p", "between Stellan Park Stadium Company Limited (the \"Venue\") and Harbourline Networks Ltd (the \"Supplier\")"),
("h", "1. Application"),
("p", "1.1 This Schedule sets out the service levels applicable to the Managed Wi-Fi Service described in Schedule 1 (Service Description), comprising the supply, operation, monitoring and support of the public, hospitality, media and operations wireless networks at Stellan Park Stadium, including 1,140 access points, the cloud wireless controller, the guest captive portal and the Internet connectivity supplied by the Supplier (together the \"Service\")."),
("p", "1.2 Words and expressions defined in the Agreement have the same meaning in this Schedule. In this Schedule:"),
("p", "\"Event\" means a match, concert or other event at the Venue listed in the Event Calendar provided by the Venue under paragraph 9, and \"Event Period\" means the period from three hours before the advertised start of an Event until two hours after its advertised finish;"),
("p", "\"Access Point Group\" means a group of access points serving one stand, concourse, hospitality level or back-of-house zone as listed in Schedule 1;"),
("p", "\"Month\" means a calendar month;"),
("p", "\"Monthly Charge\" means the monthly service charge payable under Schedule 5, excluding one-off charges and Event Day Engineering charges; and"),
("p", "\"Business Day\" means a day other than a Saturday, Sunday or public holiday in England."),
("h", "2. Availability"),
("p", "2.1 The Supplier shall ensure that the Service achieves Availability of not less than 99.9% in each Month and of not less than 99.95% during each Event Period."),
("p", "2.2 Availability shall be calculated for each Access Point Group as follows: Availability (%) = (Total Minutes - Unavailable Minutes) / Total Minutes x 100, where Total Minutes is the number of minutes in the Month (or the Event Period, as the case may be) excluding Permitted Maintenance. The Availability of the Service is the average of the Availability of all Access Point Groups, weighted by the number of access points in each."),
("p", "2.3 An Access Point Group is Unavailable in any minute in which more than 20% of its access points are not broadcasting the Venue's SSIDs or are not passing traffic to the Internet, as recorded by the Supplier's cloud wireless controller. Reduced throughput, increased latency or failure to meet the design capacity in paragraph 8 shall not of itself make an Access Point Group Unavailable."),
("p", "2.4 The Supplier shall give the Venue's IT Manager read-only access to the cloud wireless controller dashboard at all times so that the Venue can view the status of the Service."),
("h", "3. Maintenance"),
("p", "3.1 \"Permitted Maintenance\" means (a) planned maintenance carried out between 01:00 and 05:00 on a day that is not an Event day, notified to the Venue at least 5 Business Days in advance, not exceeding 8 hours in any Month; and (b) any emergency maintenance which the Supplier, acting reasonably, considers necessary to protect the security or integrity of the Service."),
("p", "3.2 The Supplier shall not carry out planned maintenance during an Event Period or within 24 hours before the start of an Event Period."),
("h", "4. Incident Management"),
("p", "4.1 The Venue may report Incidents 24 hours a day to the Supplier's Network Operations Centre by telephone or through the service portal. The Supplier shall also raise Incidents itself when its monitoring detects a fault. Incidents shall be assigned a Priority Level by the Supplier in accordance with the table below, and the Supplier may re-classify an Incident at any time after investigation."),
("table", [
  ["Priority Level", "Description", "Response (Event Period)", "Response (other times)", "Restoration (Event Period)", "Restoration (other times)"],
  ["P1", "Loss of service to one or more stands or to the ticketing, point-of-sale or media networks", "15 minutes", "1 hour", "2 hours", "8 hours"],
  ["P2", "Loss of service to an Access Point Group other than P1, or captive portal unavailable", "30 minutes", "4 hours", "4 hours", "2 Business Days"],
  ["P3", "Individual access points or non-service-affecting faults", "4 hours", "1 Business Day", "Next Business Day", "5 Business Days"],
]),
("p", "4.2 Response means that a Supplier engineer has acknowledged the Incident and has begun diagnosis. Restoration means that the affected service has been returned to normal operation or a workaround acceptable to the Venue acting reasonably has been put in place."),
("p", "4.3 During each Event Period the Supplier shall have at least one qualified network engineer on site at the Venue, and for Events with an expected attendance above 20,000, two engineers."),
("h", "5. Service Credits"),
("p", "5.1 If the Supplier fails to meet a service level in paragraph 2 or paragraph 4, the Venue shall be entitled to Service Credits calculated as follows:"),
("table", [
  ["Service level failure", "Service Credit"],
  ["Monthly Availability below 99.9% but at least 99.5%", "5% of the Monthly Charge"],
  ["Monthly Availability below 99.5% but at least 99.0%", "10% of the Monthly Charge"],
  ["Monthly Availability below 99.0%", "20% of the Monthly Charge"],
  ["Event Period Availability below 99.95%", "10% of the Monthly Charge for each affected Event"],
  ["P1 Incident not restored within the Event Period restoration time", "£2,500 per Incident"],
]),
("p", "5.2 Service Credits shall be calculated by the Supplier and shown in the Monthly Service Report, and the Supplier shall deduct them from the next invoice. The Venue is not required to make a claim."),
("p", "5.3 The total Service Credits in any Month shall not exceed 25% of the Monthly Charge."),
("p", "5.4 The parties agree that the Service Credits are a reasonable pre-estimate of the reduced value of the Service and are not a penalty. Service Credits shall be without prejudice to the Venue's right to terminate under paragraph 7 but shall otherwise be the Venue's sole and exclusive financial remedy for the failure concerned."),
("h", "6. Exclusions"),
("p", "6.1 The Supplier shall not be liable for a failure to meet a service level to the extent it is caused by:"),
("p", "(a) a Force Majeure Event;"),
("p", "(b) failure of the Venue's power supply, building management systems or structured cabling that is not maintained by the Supplier;"),
("p", "(c) interference from wireless equipment brought into the Venue by broadcasters, performers or contractors without the Supplier's approval under the Venue's Radio Frequency Policy; or"),
("p", "(d) changes to the Service made by the Venue or its contractors without the Supplier's consent."),
("h", "7. Persistent Failure"),
("p", "7.1 If (a) monthly Availability is below 99.0% in any two Months in a rolling period of six Months, or (b) Event Period Availability is below 99.5% for three Events in any season, the Venue may terminate the Agreement by giving not less than one month's written notice, without liability for any early termination charge."),
("h", "8. Design Capacity"),
("p", "8.1 The Service is designed to support up to 24,000 concurrent associated devices across the Venue and an aggregate Internet throughput of 10 Gbps. The service levels in paragraphs 2 and 4 shall apply in full up to the design capacity. Where the number of concurrent devices exceeds the design capacity, the Supplier shall not be in breach of any service level by reason of congestion."),
("h", "9. Venue Responsibilities"),
("p", "9.1 The Venue shall provide the Supplier with an Event Calendar for each season no later than 30 days before the first Event of the season, and notify any additional Event at least 14 days before it takes place."),
("p", "9.2 The Venue shall provide safe access for the Supplier's engineers to communications rooms and access point locations, including access equipment for high-level installations."),
("h", "10. Reporting and Review"),
("p", "10.1 The Supplier shall provide a Monthly Service Report within 5 Business Days after the end of each Month, setting out Availability for each Access Point Group, all Incidents and their response and restoration times, Service Credits due, peak concurrent users and throughput."),
("p", "10.2 Within 2 Business Days after each Event the Supplier shall provide a Post-Event Report. For each P1 Incident, the Supplier shall provide a root cause analysis report within 5 Business Days of restoration, including the actions taken to prevent recurrence."),
("p", "10.3 The parties shall meet before the start of each season and at least quarterly to review performance under this Schedule."),
("h", "11. Escalation"),
("p", "11.1 If a P1 Incident is not restored within the applicable restoration time, the Supplier's Network Operations Centre shall escalate it to the Supplier's Head of Service Delivery, and if not restored within twice the restoration time, to the Supplier's Managing Director, who shall keep the Venue's Head of Operations informed every 30 minutes."),
("h", "12. Disputes"),
("p", "12.1 Any dispute about Availability, Incident classification or Service Credits shall be resolved in accordance with clause 24 of the Agreement (Dispute Resolution), under which the dispute is first escalated to the parties' senior managers and may then be referred by either party to adjudication or to the courts of England and Wales."),
("h", "13. Variation"),
("p", "13.1 The service levels in this Schedule may be reviewed at the request of either party at the end of each season. Any change shall be agreed in writing under the Change Control Procedure in Schedule 7."),
]

def source_text():
    out = []
    for kind, val in C:
        if kind == "table":
            out += [" | ".join(r) for r in val]
        else:
            out.append(val)
        out.append("")
    return "\n".join(out).strip() + "\n"

def build_html():
    parts = []
    for kind, val in C:
        if kind == "title":
            parts.append(f"<h1>{html.escape(val)}</h1>")
        elif kind == "h":
            parts.append(f"<h2>{html.escape(val)}</h2>")
        elif kind == "p":
            parts.append(f"<p>{html.escape(val)}</p>")
        else:
            rows = []
            for i, r in enumerate(val):
                tag = "th" if i == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in r) + "</tr>")
            parts.append("<table>" + "".join(rows) + "</table>")
    css = """
    @page { size: A4; margin: 25mm 20mm 22mm 20mm;
      @top-center { content: "%s"; font: 8pt Arial, sans-serif; color: #555; }
      @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; }
      @bottom-left { content: "HNL-SLA-STP-02 v1.3"; font: 8pt Arial, sans-serif; color: #555; } }
    body { font: 10pt Arial, sans-serif; line-height: 1.35; }
    h1 { font-size: 12pt; text-align: center; margin: 0 0 4pt 0; }
    h2 { font-size: 10.5pt; margin: 12pt 0 4pt 0; }
    p { margin: 0 0 6pt 0; text-align: justify; }
    table { border-collapse: collapse; width: 100%%; margin: 4pt 0 8pt 0; font-size: 8.5pt; }
    th, td { border: 0.5pt solid #444; padding: 3pt; vertical-align: top; text-align: left; }
    th { background: #e4e8ee; }
    """ % HEADER
    return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(parts)}</body></html>"

if __name__ == "__main__":
    (ROOT / f"{STEM}.source.txt").write_text(source_text(), encoding="utf-8")
    HTML(string=build_html()).write_pdf(str(ROOT / f"{STEM}.pdf"))
    print("wrote", STEM)
