"""`sla-drafter credits --report`: the monthly service report in HTML, PDF and DOCX."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_drafter.cli import cli
from sla_drafter.credits import compute
from sla_drafter.credits.calendar import parse_month
from sla_drafter.credits.report import build, render_report
from sla_drafter.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "managed-services.yaml"
OUTAGES = (
    "service,start,end,cause,note\n"
    "hosting,2026-10-03T10:00:00+01:00,2026-10-03T11:00:00+01:00,provider,<b>db</b> {{ 7*7 }} failover\n"
    "hosting,2026-09-02T09:00:00+01:00,2026-09-02T23:00:00+01:00,provider,storage\n"
)
TICKETS = (
    "id,priority,opened,first_human_response,resolved\n"
    "T1,P1,2026-10-05T09:00:00+01:00,2026-10-05T09:10:00+01:00,2026-10-05T15:00:00+01:00\n"
)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    folder = tmp_path_factory.mktemp("report")
    (folder / "o.csv").write_text(OUTAGES, encoding="utf-8")
    (folder / "t.csv").write_text(TICKETS, encoding="utf-8")
    return compute(load_spec(EXAMPLE), parse_month("2026-10"), 3, folder / "o.csv", folder / "t.csv")


def test_report_content(result: object) -> None:
    doc = build(result)  # type: ignore[arg-type]
    titles = [s.title for s in doc.sections]
    for needed in ("Summary", "Availability", "Incidents", "Tickets", "Service Credits", "Trend"):
        assert needed in titles
    assert doc.title == "Service Report: October 2026"
    assert doc.date == "2026-10-31"


def test_html_report_is_escaped_deterministic_and_has_charts(result: object) -> None:
    first = render_report(result, ".html").decode("utf-8")  # type: ignore[arg-type]
    assert first == render_report(result, ".html").decode("utf-8")  # type: ignore[arg-type]
    # Data is data: the outage note comes out escaped, not as markup or evaluated template code.
    assert "&lt;b&gt;db&lt;/b&gt; {{ 7*7 }} failover" in first
    assert "<b>db</b>" not in first
    charts = re.findall(r'<figure class="chart" role="img" aria-label="([^"]*)"', first)
    assert len(charts) >= 3  # two availability trends and the resolution tickets chart
    assert "Hosting Availability: target 99.9%; 2026-08: 100%, 2026-09: 98.0556%, 2026-10: 99.8658%" in charts  # (44700 - 60) / 44700
    assert first.count("<svg") == len(charts)
    # Ids are unique on the page and every reference inside a chart resolves.
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r'href="#([^"]+)"', first)) | set(re.findall(r"url\(#([^)]+)\)", first))
    assert refs and refs <= set(ids)
    # Inline SVG without prolog, run date or library version: the bytes depend on the data only.
    assert "<?xml" not in first and "<!DOCTYPE svg" not in first
    assert "<dc:date>" not in first and "Matplotlib v" not in first


def test_pdf_report_is_deterministic(result: object) -> None:
    first = render_report(result, ".pdf")  # type: ignore[arg-type]
    assert first.startswith(b"%PDF")
    assert first == render_report(result, ".pdf")  # type: ignore[arg-type]


def test_pdf_report_text(result: object, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(render_report(result, ".pdf"))  # type: ignore[arg-type]
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Service Report: October 2026" in text
    assert "99.8658%" in text and "GBP" in text


def test_docx_report_is_deterministic_with_images_and_house_styles(result: object) -> None:
    first = render_report(result, ".docx")  # type: ignore[arg-type]
    assert first == render_report(result, ".docx")  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert len(media) >= 3
        body = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    assert 'descr="Hosting Availability: target 99.9%;' in body  # alt text on the chart
    assert "Service report under the agreement between:" in body
    assert "This agreement is made between" not in body
    assert "&lt;b&gt;db&lt;/b&gt; {{ 7*7 }} failover" in body
    assert "2026-10-31" in core and "Service Report" in core


def test_cli_writes_the_report_and_refuses_overwrite(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text(OUTAGES, encoding="utf-8")
    args = ["credits", str(EXAMPLE), "--outages", str(tmp_path / "o.csv"), "--month", "2026-10"]
    result = CliRunner().invoke(cli, [*args, "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = CliRunner().invoke(cli, [*args, "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "already exists" in result.stderr
    result = CliRunner().invoke(cli, [*args, "--report", str(tmp_path / "r.txt")])
    assert result.exit_code == 2 and ".pdf, .docx or .html" in result.stderr
    assert not (tmp_path / "r.txt").exists()


def test_computing_credits_imports_no_plotting_or_pdf_library() -> None:
    code = ("import sys; import sla_drafter.commands.credits, sla_drafter.credits.compute, "
            "sla_drafter.credits.output; "
            "print(sorted(m for m in ('matplotlib', 'weasyprint', 'docxtpl', 'holidays') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout  # fmt: skip
    assert out.strip() == "[]"
