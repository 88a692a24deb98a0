"""Build 10_marlbrook_fulfilment_kpi_schedule.pdf (fictional UK 3PL warehouse KPI schedule) with weasyprint."""
from pathlib import Path
from weasyprint import HTML

OUT = Path(__file__).with_name("10_marlbrook_fulfilment_kpi_schedule.pdf")

CSS = """
@page {
  size: A4; margin: 26mm 20mm 24mm 20mm;
  @top-left { content: "Marlbrook Fulfilment Ltd"; font: 8pt Helvetica, sans-serif; color: #555; }
  @top-right { content: "Warehousing Agreement - Schedule 4 (KPIs)"; font: 8pt Helvetica, sans-serif; color: #555; }
  @bottom-left { content: "Commercial in confidence"; font: 8pt Helvetica, sans-serif; color: #777; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Helvetica, sans-serif; color: #777; }
}
body { font: 10pt/1.4 Helvetica, Arial, sans-serif; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; }
h2 { font-size: 11.5pt; margin: 14pt 0 4pt 0; }
p { margin: 3pt 0 5pt 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt 0; font-size: 9pt; }
th, td { border: 0.6pt solid #666; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #e4e9ef; }
.small { font-size: 8.5pt; color: #444; }
"""

BODY = """
<h1>SCHEDULE 4 &ndash; KEY PERFORMANCE INDICATORS</h1>
<p class="small">to the Warehousing and Fulfilment Services Agreement dated 2 March 2026 between Marlbrook Fulfilment Ltd (&ldquo;Marlbrook&rdquo;) and Pebblewick Home Goods Ltd (&ldquo;the Client&rdquo;)</p>

<h2>1. Purpose</h2>
<p>1.1 This Schedule sets out the key performance indicators (&ldquo;KPIs&rdquo;) against which Marlbrook&rsquo;s performance of the warehousing, pick, pack and despatch, returns processing and inventory management services at the Daventry fulfilment centre (the &ldquo;Services&rdquo;) will be measured, and the consequences of failing to meet them.</p>
<p>1.2 The KPIs apply from the first full calendar month after the end of the Transition Period (twelve weeks from the first receipt of stock).</p>

<h2>2. Definitions</h2>
<p>2.1 <b>Cut-off Time</b> means 14:00 on a Working Day for standard orders and 16:30 for next-day premium orders.</p>
<p>2.2 <b>Order Line</b> means a single SKU and quantity on a customer order received through the Client&rsquo;s order management integration.</p>
<p>2.3 <b>Measurement Month</b> means a calendar month.</p>
<p>2.4 <b>Working Day</b> means Monday to Friday, excluding bank holidays in England, save that between 1 November and 31 December Saturdays are also Working Days.</p>
<p>2.5 <b>WMS</b> means Marlbrook&rsquo;s warehouse management system.</p>

<h2>3. KPI table</h2>
<table>
<tr><th>No.</th><th>KPI</th><th>Definition and calculation</th><th>Target</th><th>Data source</th></tr>
<tr><td>K1</td><td>Dock to stock</td><td>Inbound deliveries booked in, checked and available to pick within the target, as a % of all inbound deliveries</td><td>98% within 24 hours of arrival (48 hours for unscheduled deliveries)</td><td>WMS receipt and putaway timestamps</td></tr>
<tr><td>K2</td><td>Same-day despatch</td><td>Orders received before Cut-off Time despatched the same Working Day / all orders received before Cut-off Time x 100</td><td>99.5%</td><td>WMS and carrier manifest</td></tr>
<tr><td>K3</td><td>Order accuracy</td><td>(Order Lines despatched &ndash; Order Lines with a pick error reported by end customers or found at Client audit) / Order Lines despatched x 100</td><td>99.85%</td><td>WMS; Client customer service records</td></tr>
<tr><td>K4</td><td>Inventory accuracy</td><td>Locations counted with no variance / locations counted x 100, from perpetual cycle counts and the annual independent stocktake</td><td>99.6% by location</td><td>Cycle count records; independent stocktake report</td></tr>
<tr><td>K5</td><td>Returns processing</td><td>Returns inspected, graded and updated in WMS within the target</td><td>95% within 3 Working Days</td><td>WMS</td></tr>
<tr><td>K6</td><td>Stock damage in custody</td><td>Value of stock damaged while in Marlbrook&rsquo;s custody / average value of stock held x 100</td><td>0.05% or less</td><td>Damage log signed by both parties</td></tr>
<tr><td>K7</td><td>Client query response</td><td>Client e-mails to the account team answered by a named person within the target (automatic replies do not count)</td><td>95% within 4 working hours</td><td>Shared account mailbox</td></tr>
</table>

<h2>4. Measurement</h2>
<p>4.1 Marlbrook shall calculate K1, K2, K5 and K7 from the data sources in the KPI table for each Measurement Month. The Client shall have live read-only access to the WMS client portal, including the KPI dashboard, which refreshes every 15 minutes.</p>
<p>4.2 For K3, pick errors are counted from the Client&rsquo;s own customer service records of wrong or missing items reported by end customers within 30 days of delivery, together with any errors found in Client audit samples. Marlbrook may challenge a reported error only by producing the packing-bench camera record for the order.</p>
<p>4.3 For K4, a full stocktake shall be carried out each January by an independent stocktaking firm appointed by the Client, and its result shall be used as the K4 figure for January and as a check on the accuracy of Marlbrook&rsquo;s cycle counts for the preceding twelve months. The cost of the stocktake is shared equally.</p>
<p>4.4 The Client may carry out unannounced audits of up to 200 packed orders per Measurement Month at the despatch area, and may attend cycle counts.</p>

<h2>5. Volumes and capacity</h2>
<p>5.1 Marlbrook shall reserve 3,800 pallet positions and 12,000 pick-face locations for the Client throughout the Term.</p>
<p>5.2 The Client shall provide a rolling 13-week volume forecast by the Wednesday of each week. The KPIs for K1, K2 and K5 shall not apply on any Working Day on which orders or inbound units exceed 125% of the forecast for that day, provided that Marlbrook has notified the Client of the excess by 10:00 on the following Working Day. K3, K4, K6 and K7 continue to apply.</p>
<p>5.3 Inbound deliveries must be booked through the Marlbrook booking portal at least 24 hours in advance, with an advance shipping notice. Unbooked deliveries may be received at Marlbrook&rsquo;s discretion and are measured against the 48-hour K1 target.</p>

<h2>6. Reporting and reviews</h2>
<p>6.1 Marlbrook shall send the Client a KPI report by the fifth Working Day of each month showing performance against each KPI for the previous Measurement Month, the underlying data, any KPI Rebate due and, for any KPI missed, the cause and the corrective action being taken.</p>
<p>6.2 The parties shall hold a monthly operational review at the Daventry site and a quarterly business review attended by Marlbrook&rsquo;s Operations Director and the Client&rsquo;s Head of Supply Chain, covering KPI trends, forecast accuracy, peak planning and continuous improvement initiatives.</p>
<p>6.3 Where a KPI is missed in any Measurement Month, Marlbrook shall provide a written root cause analysis and corrective action plan at or before the next monthly operational review.</p>

<h2>7. KPI Rebates</h2>
<p>7.1 For each of K2, K3 and K4 missed in a Measurement Month, Marlbrook shall give the Client a rebate of 3% of the monthly warehouse management fee. For each of K1, K5 and K7 missed, the rebate is 1.5%.</p>
<p>7.2 Total KPI Rebates shall not exceed 12% of the monthly warehouse management fee in any Measurement Month.</p>
<p>7.3 KPI Rebates are calculated by Marlbrook in the KPI report and credited on the next monthly invoice without the need for a claim. Any rebate outstanding at the end of the Term shall be paid to the Client within 30 days.</p>
<p>7.4 KPI Rebates are without prejudice to the Client&rsquo;s other rights and remedies, including its claim for loss of or damage to stock under clause 9 of the Agreement.</p>

<h2>8. Exclusions</h2>
<p>8.1 Marlbrook shall not be treated as failing a KPI to the extent that the failure results from: (a) late or inaccurate data, advance shipping notices or forecasts from the Client; (b) carrier failure after goods have been handed to the carrier and scanned onto the manifest, where the carrier is appointed by the Client; (c) a Force Majeure Event under clause 21 of the Agreement; or (d) an outage of the Client&rsquo;s order management platform.</p>

<h2>9. Stock liability and indemnity</h2>
<p>9.1 In addition to the KPI Rebates, Marlbrook shall indemnify the Client against loss of or damage to stock while in its custody, valued at the Client&rsquo;s landed cost, up to &pound;250,000 per event, as set out in clause 9 of the Agreement. Shrinkage identified by the independent stocktake above 0.1% of the value of stock held shall be reimbursed at landed cost.</p>

<h2>10. Persistent failure</h2>
<p>10.1 If Marlbrook misses the same KPI in three consecutive Measurement Months, or misses any three KPIs in a single Measurement Month, the Client may serve a Performance Notice. If the relevant KPIs are not met in each of the two Measurement Months following the Performance Notice, the Client may terminate the Agreement on 90 days&rsquo; written notice without paying the early termination charge in Schedule 5, and Marlbrook shall co-operate with an orderly exit under Schedule 8.</p>

<h2>11. Escalation and disputes</h2>
<p>11.1 Operational issues shall be escalated from the Site Account Manager to the General Manager (Daventry) and then to the Operations Director if not resolved within two Working Days at each level. Disagreements about a KPI calculation or rebate that are not resolved at the monthly operational review shall be referred to the dispute resolution procedure in clause 24 of the Agreement.</p>

<h2>12. Review</h2>
<p>12.1 The KPIs and targets shall be reviewed at the quarterly business review held each September. Changes take effect only if agreed in writing and signed by both parties.</p>
"""

HTML(string=f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{BODY}</body></html>").write_pdf(OUT)
print(OUT)
