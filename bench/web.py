"""Page timings of the web app (`sla-drafter serve`), against a real server on loopback.

    python bench/web.py [--repeats 5]

Starts `sla-drafter serve` on a free port, then measures over HTTP:
- review: upload a generated 20-page PDF (and DOCX) until the review page is
  served, then the report frame (the first paint of the findings);
- compare: both of them against examples/requirements/rfp.yaml, until the report
  frame and the filled response matrix are served;
- draft: the questionnaire's live-validation round trip for the SaaS example,
  the preview, and the DOCX and PDF downloads.
Figures are medians in milliseconds.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from lint import generate, write_docx, write_pdf  # type: ignore[import-not-found]  # noqa: E402

from sla_drafter.web.questionnaire import form_pairs  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def median_ms(func: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def wait_up(client: httpx.Client) -> None:
    for _ in range(100):
        try:
            client.get("/")
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sla_drafter.cli", "serve", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    try:
        with tempfile.TemporaryDirectory() as folder, \
                httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120, follow_redirects=True) as client:
            wait_up(client)
            csrf = client.cookies["sla_csrf"]
            pdf, docx = Path(folder) / "sla-20p.pdf", Path(folder) / "sla-20p.docx"
            write_pdf(generate(20, seed=20), pdf)
            write_docx(generate(20, seed=20), docx)
            print(f"web app timings, median of {args.repeats} (ms)")
            for path in (pdf, docx):
                data = path.read_bytes()

                def review(data: bytes = data, name: str = path.name) -> None:
                    r = client.post("/review", data={"csrf": csrf, "stance": "customer"},
                                    files={"files": (name, data)})
                    r.raise_for_status()
                    report = client.get(r.url.path + "/report.html")
                    report.raise_for_status()
                    assert "<mark" in report.text

                print(f"  review {path.name}: upload to report shown  {median_ms(review, args.repeats):8.1f}")

            def compare() -> None:
                r = client.post("/compare", data={"csrf": csrf, "example": "rfp.yaml"},
                                files=[("files", (p.name, p.read_bytes())) for p in (pdf, docx)])
                r.raise_for_status()
                assert "Side by side" in client.get(r.url.path + "/report.html").text
                client.get(r.url.path + "/matrix.xlsx").raise_for_status()

            print(f"  compare PDF+DOCX: upload to report, XLSX {median_ms(compare, args.repeats):8.1f}")
            spec = yaml.safe_load((ROOT / "examples" / "saas.yaml").read_text("utf-8"))
            fields = [*form_pairs(spec), ("csrf", csrf)]

            def post(url: str, action: str | None = None) -> Callable[[], None]:
                body = fields + ([("action", action)] if action else [])

                def run() -> None:
                    client.post(url, content=str(httpx.QueryParams(body)),
                                headers={"content-type": "application/x-www-form-urlencoded"}).raise_for_status()

                return run

            print(f"  draft: validation round trip           {median_ms(post('/draft/validate'), args.repeats):8.1f}")
            print(f"  draft: preview                         {median_ms(post('/draft', 'preview'), args.repeats):8.1f}")
            print(f"  draft: DOCX download                   {median_ms(post('/draft', 'download:docx'), args.repeats):8.1f}")
            print(f"  draft: PDF download                    {median_ms(post('/draft', 'download:pdf'), args.repeats):8.1f}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
