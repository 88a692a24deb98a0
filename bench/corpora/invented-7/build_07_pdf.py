"""Build 07_*.pdf from src/07_kransberg.txt with weasyprint (running header/footer via @page margin boxes)."""
import html
from pathlib import Path
from weasyprint import HTML

HERE = Path(__file__).parent
SRC = HERE / "src" / "07_kransberg.txt"
OUT = HERE / "07_kransberg_managed_vpc_sla.pdf"

CSS = """
@page {
  size: A4; margin: 30mm 24mm 28mm 24mm;
  @top-left { content: "Kransberg Cloud Hosting (Pty) Ltd"; font: 8.5pt Helvetica, Arial, sans-serif; color: #555; }
  @top-right { content: "KCH-SLA-VPC-04 v4.2"; font: 8.5pt Helvetica, Arial, sans-serif; color: #555; }
  @bottom-left { content: "Confidential - Customer Copy"; font: 8pt Helvetica, Arial, sans-serif; color: #777; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Helvetica, Arial, sans-serif; color: #777; }
}
body { font: 11pt/1.55 Georgia, "DejaVu Serif", serif; }
h1 { font: bold 16pt Helvetica, Arial, sans-serif; margin: 0 0 4pt; }
h2 { font: bold 13pt Helvetica, Arial, sans-serif; margin: 0 0 10pt; color: #223; }
h3 { font: bold 11.5pt Helvetica, Arial, sans-serif; margin: 18pt 0 6pt; page-break-after: avoid; }
p { margin: 0 0 8pt; text-align: left; }
p.meta { font-size: 9pt; color: #444; border-bottom: 1px solid #999; padding-bottom: 6pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-size: 10pt; }
td, th { border: 1px solid #777; padding: 4pt 6pt; vertical-align: top; }
th { background: #e6e9ef; text-align: left; }
"""

def convert(text):
    out, table, first_para = [], [], True
    def flush():
        if table:
            rows = [r.split(" | ") for r in table]
            h = "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in rows[0]) + "</tr>"
            b = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
            out.append(f"<table>{h}{b}</table>")
            table.clear()
    for line in text.splitlines():
        if " | " in line and not line.startswith("Document "):
            table.append(line); continue
        flush()
        if not line.strip():
            continue
        if line.startswith("### "):
            out.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("Document "):
            out.append(f"<p class='meta'>{html.escape(line)}</p>")
        else:
            out.append(f"<p>{html.escape(line)}</p>")
    flush()
    return "\n".join(out)

doc = f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{convert(SRC.read_text())}</body></html>"
HTML(string=doc).write_pdf(OUT)
import pypdfium2 as pdfium
print(OUT, len(pdfium.PdfDocument(str(OUT))), "pages")
