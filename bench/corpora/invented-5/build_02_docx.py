"""Build 02_corvane_managed_detection_service_schedule.docx (fictional Australian MDR/SOC provider)."""
from docx import Document
from docx.shared import Pt
from pathlib import Path

OUT = Path(__file__).with_name("02_corvane_managed_detection_service_schedule.docx")
d = Document()
st = d.styles["Normal"]; st.font.name = "Calibri"; st.font.size = Pt(10.5)


def table(rows, style="Light Grid Accent 1"):
    t = d.add_table(rows=0, cols=len(rows[0]))
    try:
        t.style = style
    except Exception:
        t.style = "Table Grid"
    for r in rows:
        cells = t.add_row().cells
        for c, v in zip(cells, r):
            c.text = v
    d.add_paragraph("")


P = d.add_paragraph
d.add_heading("Corvane Cyber Pty Ltd", 0)
P("ABN 62 418 903 557  |  Level 9, 120 Flinders Lane, Melbourne VIC 3000")
d.add_heading("Schedule 2 - Managed Detection and Response Service Description and Service Levels", 1)
P("Document CVN-SD-MDR  |  Version 4.2  |  Classification: Customer Confidential")

d.add_heading("1. About this Schedule", 2)
P("This Schedule describes the Corvane Managed Detection and Response service (\"MDR Service\") and the service levels that apply to it. It forms part of the Master Services Agreement between Corvane Cyber Pty Ltd (\"Corvane\") and the organisation named in the Order Form (\"the Customer\"). Where this Schedule and the Order Form are inconsistent, the Order Form prevails.")
P("The MDR Service provides 24x7 monitoring of security telemetry collected from the Customer's endpoints, identity platform, firewalls and cloud tenancies, triage of alerts by Corvane analysts in our Security Operations Centre (SOC), notification of confirmed security incidents, and remote containment actions where the Customer has authorised them in the Response Authorisation Matrix.")
P("The MDR Service does not include on-site incident response, forensic investigation, malware reverse engineering, penetration testing or remediation of the Customer's systems. These can be ordered separately as Incident Response Retainer hours.")

d.add_heading("2. Service components", 2)
table([
    ["Component", "Description", "Standard tier", "Enhanced tier"],
    ["Log ingestion and correlation", "Collection of telemetry into the Corvane SIEM platform", "Up to 50 GB per day", "Up to 150 GB per day"],
    ["Endpoint detection", "EDR agent licences managed by Corvane", "Up to 1,000 endpoints", "Up to 5,000 endpoints"],
    ["Alert triage", "Analyst review of correlated alerts", "24x7", "24x7"],
    ["Threat hunting", "Analyst-led hunts against Customer telemetry", "Quarterly", "Monthly"],
    ["Containment actions", "Host isolation, account disablement, IP blocking", "With Customer approval", "Pre-authorised per Response Authorisation Matrix"],
    ["Customer portal", "Case tracking, reports and dashboards", "Included", "Included"],
])

d.add_heading("3. Priority of security incidents", 2)
P("Corvane analysts will assign a priority to each confirmed security incident using Corvane's triage methodology, taking into account the asset criticality information supplied by the Customer during onboarding. Corvane's assignment of priority is final for the purposes of this Schedule, although the Customer may ask the SOC to review it.")
table([
    ["Priority", "Meaning", "Typical examples"],
    ["P1 - Critical", "Active compromise with confirmed impact, or imminent threat to critical assets", "Ransomware execution; domain administrator compromise"],
    ["P2 - High", "Confirmed malicious activity without confirmed impact", "Successful phishing credential capture; malware quarantined on a server"],
    ["P3 - Medium", "Suspicious activity needing Customer validation", "Impossible-travel sign-in; unusual privileged access"],
    ["P4 - Low", "Informational, policy or hygiene finding", "Unsupported operating system detected; weak configuration"],
])

d.add_heading("4. Service levels", 2)
P("The following service level targets apply to the MDR Service. Times are measured from the moment the alert is created in the Corvane SIEM platform to the relevant event recorded in the Corvane case management system.")
table([
    ["Service level", "P1", "P2", "P3", "P4"],
    ["Time to Triage", "15 minutes", "30 minutes", "4 hours", "1 business day"],
    ["Time to Notify Customer", "30 minutes", "1 hour", "8 hours", "Monthly report"],
    ["Containment action (where pre-authorised)", "30 minutes after notification", "2 hours after notification", "Not applicable", "Not applicable"],
])
P("Triage is complete when the alert has been reviewed by Corvane's automated enrichment engine or an analyst and either closed as benign, merged into an existing case, or promoted to a security incident. Notification may be by automated e-mail generated from the case management system, followed by a telephone call for P1 incidents.")
P("Corvane does not commit to a time to resolve security incidents. Eradication and recovery are the Customer's responsibility, and Corvane will provide recommendations and reasonable assistance within the scope of the MDR Service.")
P("The Customer portal will be reachable 99.5% of the time in each calendar month, excluding maintenance windows notified in the portal.")

d.add_heading("5. Measurement and reporting", 2)
P("All service level performance is calculated by Corvane from the timestamps held in the Corvane SIEM platform and case management system. Customer-side logs are not used for this purpose.")
P("Corvane will publish a monthly service report in the Customer portal by the tenth business day of each month, covering alert volumes, incidents by priority, service level attainment, containment actions taken and recommendations. Enhanced tier customers also receive a quarterly service review with their Customer Success Manager and a SOC lead.")
P("For every P1 incident, Corvane will provide a written post-incident report within five (5) business days of the incident being closed, setting out the timeline, the root cause as far as it can be established from the telemetry available, and recommendations.")

d.add_heading("6. Failure to meet service levels", 2)
P("Corvane will use reasonable endeavours to meet the service level targets in section 4. The targets are not guarantees and no service credits, rebates or other financial remedies apply if a target is not met. Where Corvane misses a P1 or P2 notification target in two consecutive months, Corvane will, on request, meet the Customer to discuss an improvement plan.")

d.add_heading("7. Customer responsibilities", 2)
P("The MDR Service depends on the Customer's participation. The Customer's obligations include the following:")
for b in [
    "Keep the escalation contact list in the portal current, with at least two contacts reachable by telephone 24x7.",
    "Maintain log sources and EDR agents in a healthy state and respond to Corvane's log-source health notifications within two business days.",
    "Notify Corvane at least five business days before any penetration test, red team exercise or vulnerability scan, so that related alerts can be suppressed.",
    "Complete and maintain the Response Authorisation Matrix; containment actions that are not authorised in the Matrix will wait for a telephone approval from a Customer contact.",
    "Ensure any change to the Customer's network that affects log forwarding is advised through the portal before it is made.",
]:
    P(b, style="List Bullet")
P("Service level targets do not apply to alerts from log sources that the Customer has not kept healthy, or while the Customer's escalation contacts cannot be reached.")

d.add_heading("8. Capacity", 2)
P("Log ingestion above the daily volume for the Customer's tier, averaged over a calendar month, will be charged at the excess rate in the Order Form. Where ingestion exceeds 130% of the tier volume on any day, Corvane may throttle or queue non-critical log sources and the service level targets will not apply to alerts generated from queued data.")

d.add_heading("9. Escalation", 2)
P("If the Customer is not satisfied with the handling of a case, it can escalate as follows:")
table([
    ["Step", "Contact", "When"],
    ["1", "SOC Shift Lead (via 1300 number, option 2)", "At any time"],
    ["2", "SOC Manager", "If not resolved by the Shift Lead within 4 hours"],
    ["3", "Head of Managed Services", "If not resolved by the SOC Manager within 1 business day"],
])

d.add_heading("10. Security and compliance", 2)
P("Corvane's SOC operations are certified to ISO/IEC 27001 and are audited annually by an independent certification body. A copy of the current certificate and Statement of Applicability is available on request under a non-disclosure agreement. Corvane does not permit customer audits of its SOC facilities, but will respond to one reasonable security questionnaire per year.")
P("Customer data is stored in Australian data centres. Support is available in English; Corvane can arrange Japanese-speaking analysts for Enhanced tier customers with operations in Japan.")

d.add_heading("11. Changes to this Schedule", 2)
P("Corvane may update this Service Description from time to time to reflect changes in the threat landscape, its tooling or its operating model, by publishing a new version in the Customer portal. The updated version applies from the date of publication. Corvane will not reduce the service level targets in section 4 during the Customer's current term.")

d.save(OUT)
print(OUT)
