"""Build 05_new_caldera_dorl_exhibit_d_sla_liquidated_damages.pdf with weasyprint."""
from pathlib import Path
from weasyprint import HTML

HERE = Path(__file__).parent
OUT = HERE / "05_new_caldera_dorl_exhibit_d_sla_liquidated_damages.pdf"

CSS = """
@page {
  size: Letter; margin: 1in 0.9in 0.9in 0.9in;
  @top-left { content: "Contract No. DRL-2026-0417"; font-size: 8pt; color: #444; }
  @top-right { content: "Exhibit D - Service Levels and Liquidated Damages"; font-size: 8pt; color: #444; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
  @bottom-left { content: "State of New Caldera - Department of Revenue and Licensing"; font-size: 7pt; color: #666; }
}
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 14pt; text-align: center; margin-bottom: 2pt; }
h2 { font-size: 11pt; margin-top: 14pt; text-transform: uppercase; }
p.c { text-align: center; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9pt; }
th, td { border: 0.6pt solid #333; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #e6e6e6; }
ol.alpha { list-style-type: lower-alpha; }
"""

BODY = """
<h1>EXHIBIT D</h1>
<p class="c"><b>SERVICE LEVEL AGREEMENT, PERFORMANCE STANDARDS AND LIQUIDATED DAMAGES</b></p>
<p class="c">Vehicle Registration and Titling Online System (VRTOS) - Hosting, Maintenance and Operations</p>
<p class="c">Between the State of New Caldera, Department of Revenue and Licensing, and Bellweather Civic Systems, LLC</p>

<h2>D.1 Purpose and Applicability</h2>
<p>D.1.1 This Exhibit establishes the performance standards the Contractor must meet in providing hosting, maintenance and operations (M&amp;O) services for the VRTOS, the remedies available to the Department when a standard is not met, and the process for measuring and reporting performance.</p>
<p>D.1.2 This Exhibit applies from the Go-Live Date through the end of the Contract term, including any renewal term. During the Transition-In period described in Exhibit B, only standards PS-6 and PS-7 apply.</p>
<p>D.1.3 The M&amp;O services covered include: the public-facing VRTOS web portal and mobile site; the County Clerk workstation application; the interfaces with the Department of Public Safety, the State lienholder registry and the payment processor; the production, disaster recovery and test environments; application maintenance of the VRTOS code base, including defect correction and the annual release of legislative changes; and the Tier 2 and Tier 3 help desk for County Clerk staff.</p>

<h2>D.2 Definitions</h2>
<p>Capitalized terms not defined in this Exhibit have the meanings given in the Contract.</p>
<p><b>"Business Day"</b> means Monday through Friday, excluding State holidays.</p>
<p><b>"Defect"</b> means any failure of the VRTOS to operate in accordance with the Requirements Specification.</p>
<p><b>"Failure"</b> means the Contractor's failure to achieve a Performance Standard in a Reporting Period.</p>
<p><b>"IV&amp;V Contractor"</b> means the independent verification and validation contractor engaged by the Department under a separate contract, which is not affiliated with the Contractor.</p>
<p><b>"Performance Standard"</b> or <b>"PS"</b> means a standard listed in Table D-1.</p>
<p><b>"Reporting Period"</b> means a calendar month.</p>
<p><b>"Scheduled Downtime"</b> means downtime within the Maintenance Window that the Department has approved in accordance with Section D.5.</p>
<p><b>"Severity Level"</b> means the classification of an incident under Table D-2. The Department's Contract Administrator determines the Severity Level. The Contractor may propose a Severity Level, but the Department's determination controls.</p>
<p><b>"System Available"</b> means that a user can log in to the VRTOS public portal and complete a registration renewal transaction, including payment authorization, end to end.</p>

<h2>D.3 Performance Standards</h2>
<p>D.3.1 The Contractor shall meet each Performance Standard in Table D-1 in each Reporting Period.</p>
<p><b>Table D-1 - Performance Standards</b></p>
<table>
<tr><th>PS</th><th>Performance Standard</th><th>Acceptable Quality Level</th><th>Method of Surveillance</th><th>Liquidated Damages</th></tr>
<tr><td>PS-1</td><td>System Available, 24 hours a day, 7 days a week</td><td>99.8% of minutes in the Reporting Period, excluding Scheduled Downtime</td><td>IV&amp;V Contractor synthetic transaction monitoring, every 5 minutes from two locations outside the Contractor's network</td><td>$1,500 for each 0.1% (or part) below the AQL</td></tr>
<tr><td>PS-2</td><td>County Clerk application available, Business Days 7:00 a.m. to 7:00 p.m. Mountain Time</td><td>99.5% of those hours</td><td>IV&amp;V Contractor monitoring; County Clerk outage reports</td><td>$1,000 for each 0.1% (or part) below the AQL</td></tr>
<tr><td>PS-3</td><td>Page response time for portal transactions</td><td>95% of page loads in under 3 seconds</td><td>IV&amp;V Contractor real-user timing data, sampled</td><td>$750 per Reporting Period</td></tr>
<tr><td>PS-4</td><td>Incident response (Table D-2)</td><td>100% of Severity 1 and 2 incidents; 95% of Severity 3</td><td>Department help desk ticketing system time stamps</td><td>$500 per late Severity 1 response; $250 per late Severity 2 response</td></tr>
<tr><td>PS-5</td><td>Incident resolution (Table D-2)</td><td>100% of Severity 1; 95% of Severity 2 and 3</td><td>Department help desk ticketing system time stamps</td><td>$2,500 per hour or part hour beyond target for Severity 1; $500 per Business Day for Severity 2</td></tr>
<tr><td>PS-6</td><td>Monthly Performance Report delivered complete</td><td>By the 10th Business Day of the following month</td><td>Contract Administrator receipt log</td><td>$200 per Business Day late</td></tr>
<tr><td>PS-7</td><td>Disaster recovery: restoration of production at the DR site</td><td>Within 8 hours, with no more than 15 minutes of data loss</td><td>Annual DR test witnessed by the IV&amp;V Contractor; actual events</td><td>$5,000 per hour or part hour beyond 8 hours</td></tr>
</table>
<p>D.3.2 PS-3 applies only while concurrent portal sessions do not exceed 5,000. The Contractor shall notify the Department within one Business Day if concurrent sessions exceed 4,000 on any day.</p>

<p><b>Table D-2 - Severity Levels, Response and Resolution</b></p>
<table>
<tr><th>Severity</th><th>Description</th><th>Response (Contractor engineer engaged and Department notified)</th><th>Resolution (service restored or Department-approved workaround)</th></tr>
<tr><td>1 - Critical</td><td>System not Available; data corruption; security breach; payment processing failing</td><td>15 minutes, 24x7</td><td>4 hours</td></tr>
<tr><td>2 - High</td><td>Major function failing for many users with no workaround; a State interface failing</td><td>1 hour, 24x7</td><td>1 Business Day</td></tr>
<tr><td>3 - Medium</td><td>Function impaired, workaround exists</td><td>4 business hours</td><td>10 Business Days or next scheduled release, as the Department approves</td></tr>
<tr><td>4 - Low</td><td>Cosmetic or documentation issue</td><td>2 Business Days</td><td>Next scheduled release</td></tr>
</table>
<p>D.3.3 An automated ticket receipt does not constitute a response. A response occurs when a qualified Contractor engineer has begun diagnosis and has notified the Department's help desk by phone (Severity 1 and 2) or ticket update (Severity 3 and 4).</p>
<p>D.3.4 A workaround does not change the Severity Level unless the Department agrees in writing. Where a workaround is approved, the Defect remains open and shall be corrected no later than the next scheduled release.</p>

<h2>D.4 Measurement</h2>
<p>D.4.1 Availability under PS-1 is calculated as: (total minutes in the Reporting Period - Scheduled Downtime minutes - unavailable minutes) / (total minutes in the Reporting Period - Scheduled Downtime minutes) x 100. A minute is unavailable if the IV&amp;V Contractor's synthetic transaction fails from both monitoring locations in the check covering that minute.</p>
<p>D.4.2 The IV&amp;V Contractor's records are the measurement of record for PS-1, PS-2, PS-3 and PS-7. The Contractor shall also operate its own monitoring and shall provide the Department with read-only access to its monitoring console. Where the Contractor's data shows that a failed check was caused by a fault in the IV&amp;V Contractor's monitoring, the Contractor may submit that data with its Monthly Performance Report and the Contract Administrator will decide whether to adjust the result.</p>
<p>D.4.3 Response and resolution times are measured from the time a ticket is opened in the Department's help desk system, or the time the Contractor first becomes aware of the incident, whichever is earlier.</p>

<h2>D.5 Maintenance Window</h2>
<p>D.5.1 The Maintenance Window is Sunday from 1:00 a.m. to 5:00 a.m. Mountain Time.</p>
<p>D.5.2 The Contractor shall submit a request for Scheduled Downtime to the Contract Administrator at least five (5) Business Days before the proposed date. Scheduled Downtime shall not exceed four (4) hours in any Reporting Period without the Department's prior written approval.</p>
<p>D.5.3 Downtime outside the Maintenance Window, or not approved in advance, is unavailable time for PS-1 and PS-2, including emergency patching.</p>

<h2>D.6 Reporting</h2>
<p>D.6.1 The Contractor shall deliver a Monthly Performance Report to the Contract Administrator by the tenth Business Day following each Reporting Period. The report shall contain: results for each Performance Standard, with the supporting data; a list of all incidents by Severity Level with their response and resolution times; Scheduled Downtime taken; capacity and utilization trends; and the Contractor's calculation of any liquidated damages.</p>
<p>D.6.2 The Contractor shall maintain a public service status notice on the VRTOS portal home page, updated within 30 minutes of the start of any Severity 1 incident and at least every hour until resolution.</p>
<p>D.6.3 The Contractor's Project Manager shall attend a monthly performance meeting with the Department and the IV&amp;V Contractor.</p>

<h2>D.7 Root Cause Analysis</h2>
<p>D.7.1 For each Severity 1 incident, and for each Severity 2 incident that recurs within 30 days, the Contractor shall deliver a written root cause analysis within five (5) Business Days of resolution. The analysis shall identify the cause, the corrective actions taken and the preventive actions planned, with dates. The Department may require the Contractor to revise an analysis it considers incomplete.</p>

<h2>D.8 Liquidated Damages</h2>
<p>D.8.1 The parties agree that the Department will suffer damages from a Failure that are difficult to determine, and that the amounts in Table D-1 are a reasonable estimate of those damages and are not a penalty.</p>
<p>D.8.2 The Contract Administrator will review each Monthly Performance Report and the IV&amp;V Contractor's data, and will issue a written Notice of Assessment stating the liquidated damages assessed. The Department will deduct the assessed amount from the next payment due to the Contractor.</p>
<p>D.8.3 Liquidated damages assessed for any Reporting Period shall not exceed twenty percent (20%) of the monthly M&amp;O fee for that Reporting Period, except that damages under PS-7 are not subject to this limit.</p>
<p>D.8.4 Liquidated damages are not the Department's exclusive remedy. Assessment of liquidated damages does not waive the Department's right to require correction, to withhold payment for non-conforming work, to recover actual damages for losses not covered by this Exhibit, or to terminate the Contract.</p>
<p>D.8.5 The Department may, in its sole discretion, waive liquidated damages for a Failure where the Contractor demonstrates that it was caused by the Department, another State agency, or a Force Majeure event as defined in Section 22 of the Contract. Failures caused by the Contractor's subcontractors, hosting providers or software suppliers are the Contractor's responsibility.</p>

<h2>D.9 Corrective Action and Chronic Failure</h2>
<p>D.9.1 For any Failure, the Contractor shall submit a Corrective Action Plan within ten (10) Business Days of the Notice of Assessment. The Contractor shall implement the plan once approved by the Department.</p>
<p>D.9.2 Failure to meet the same Performance Standard in three (3) consecutive Reporting Periods, or in any four (4) Reporting Periods within twelve (12) months, or failure to meet PS-1 by more than two percentage points in any one Reporting Period, constitutes a Chronic Failure. A Chronic Failure is a material breach of the Contract and the Department may terminate the Contract for default under Section 24 of the Contract without an additional cure period.</p>

<h2>D.10 Escalation</h2>
<p>D.10.1 Issues concerning performance under this Exhibit that cannot be resolved between the Contractor's Project Manager and the Department's Contract Administrator within five (5) Business Days shall be escalated to the Contractor's Account Executive and the Department's Chief Information Officer.</p>
<p>D.10.2 During a Severity 1 incident the Contractor's on-call manager shall update the Department's help desk manager by telephone at least every 30 minutes.</p>

<h2>D.11 Disputes Concerning Assessments</h2>
<p>D.11.1 The Contractor may dispute a Notice of Assessment by written notice to the Contract Administrator within fifteen (15) Business Days of receiving it, stating the grounds and attaching supporting data.</p>
<p>D.11.2 The Contract Administrator will issue a written decision within fifteen (15) Business Days. The Contractor may appeal the decision to the Department's Procurement Director, whose decision is final at the agency level. Nothing in this Section limits the Contractor's rights under the claims procedure in Section 27 of the Contract and applicable State law.</p>

<h2>D.12 Department Responsibilities</h2>
<p>D.12.1 The Department shall: (a) provide the Contractor with timely access to State interfaces and test data; (b) respond to requests for Scheduled Downtime within three (3) Business Days; (c) ensure County Clerk offices report incidents through the Department help desk rather than directly to the Contractor; and (d) review and approve release packages within the period set in the Contractor's approved release schedule.</p>
<p>D.12.2 Where the Department does not perform a responsibility in D.12.1 and the Contractor shows that this caused a Failure, the Failure will not be counted.</p>

<h2>D.13 Records and Audit</h2>
<p>D.13.1 The Contractor shall retain all monitoring data, ticket records and logs used to calculate performance for at least three (3) years after the end of the Contract. The Department, the State Auditor and their authorized representatives may audit these records at any time during normal business hours on five (5) Business Days' notice.</p>

<h2>D.14 Modification</h2>
<p>D.14.1 The Performance Standards, Acceptable Quality Levels and liquidated damages in this Exhibit may be modified only by a written amendment to the Contract signed by both parties. The Department may request a review of the Performance Standards at each annual Contract renewal.</p>
"""

HTML(string=f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{BODY}</body></html>").write_pdf(str(OUT))
print("wrote", OUT)
