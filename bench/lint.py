"""Lint benchmark: per-document cost against bare text extraction, and batch throughput.

    python bench/lint.py            # full run (about a minute)
    python bench/lint.py --quick    # smaller batch, fewer repeats

1. Generates SLAs of 5 and 20 pages as TXT, DOCX (python-docx) and PDF (WeasyPrint)
   from realistic clause text, and prints ms per document for `lint_path` against
   bare extraction of the same file (python-docx paragraphs + tables; pypdfium2
   get_text_range per page; a plain read for TXT), and the ratio. Target: DOCX and
   PDF at most 1.5x bare; TXT has no target (its "bare" is a file read) and is shown
   for reference. Then the same documents' time per pipeline stage.
2. Lints batches of 250, 500 and 1,000 generated 5-page text SLAs with
   `lint(..., jobs=2)`, each in a fresh process, and prints documents/second
   (target >= 150, the issue's figure) and peak RSS of the parent and of the busiest worker (memory
   should stay flat as the batch grows).

Timings are the best of several runs (the median is shown beside it): other work
on the machine only ever adds time. The load average is printed before and after,
since a busy machine makes every figure worse. Prints PASS or MISS per target.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROVIDERS = ["Northwind Cloud Ltd", "Brightloom Systems Inc", "Castellan Hosting GmbH", "Orbital Data plc"]
CUSTOMERS = ["Harbour & Vale Logistics plc", "Meridian Health Trust", "Quarry Lane Retail Ltd"]

SECTIONS: list[tuple[str, list[str]]] = [
    ("Service Description", [
        "The Service means the production instance of the {product} platform, its public API and the integrations listed in the Order Form, hosted by {p} in data centres located in the European Economic Area.",
        "The Service excludes any non-production, trial or sandbox environment, and any software installed on Customer's own systems.",
    ]),
    ("Availability", [
        "{p} shall make the Service Available at least {target}% of the time in each calendar month (the Availability Target).",
        "Availability is calculated as ((Total Minutes - Downtime Minutes) / Total Minutes) x 100, where Total Minutes is the number of minutes in the calendar month.",
        "Downtime means any period of one (1) minute or more during which the Service does not respond to synthetic transactions from at least two monitoring locations.",
    ]),
    ("Measurement and Reporting", [
        "Availability shall be measured by an independent third-party monitoring service selected by the parties, and Customer shall have read access to the raw monitoring data.",
        "{p} shall deliver a service level report within five (5) Business Days after the end of each month, showing Availability, incidents, response and resolution times and credits due.",
        "The parties shall meet quarterly to review service performance, open problems and improvement plans.",
    ]),
    ("Planned Maintenance", [
        "Planned Maintenance shall take place only between 01:00 and 05:00 UK time on Sundays, shall not exceed eight (8) hours in any calendar month, and requires at least five (5) Business Days' written notice.",
        "Maintenance that exceeds the monthly cap, or takes place outside the maintenance window, counts as Downtime.",
    ]),
    ("Support and Response", [
        "A Priority 1 Incident shall receive a response from a qualified engineer within thirty (30) minutes, twenty-four hours a day, seven days a week.",
        "A Priority 2 Incident shall receive a response within two (2) hours and a Priority 3 Incident within one (1) Business Day.",
        "An automated acknowledgement does not count as a response; a response means a human engineer has begun work and has contacted Customer.",
        "Customer assigns the priority of an Incident in good faith, using the definitions in Annex A.",
    ]),
    ("Resolution", [
        "{p} shall resolve or provide an acceptable workaround for a Priority 1 Incident within four (4) hours and a Priority 2 Incident within one (1) Business Day.",
        "For every Priority 1 Incident {p} shall deliver a root cause analysis within ten (10) Business Days, with the corrective actions taken.",
    ]),
    ("Service Credits", [
        "If Availability in a month falls below the Availability Target, {p} shall credit Customer the percentage of the monthly fees set out in the table below.",
        "Service Credits are applied automatically to the next invoice without any claim by Customer, and are paid in cash if no further invoice falls due.",
        "Service Credits in any month shall not exceed {cap}% of the monthly fees for that month.",
        "Service Credits are a price adjustment and are not Customer's sole and exclusive remedy.",
    ]),
    ("Exclusions", [
        "Downtime does not include unavailability caused by Customer's breach of the Agreement, by Customer's own equipment or network, or by a Force Majeure Event, provided {p} gives prompt notice and uses diligent efforts to mitigate.",
    ]),
    ("Chronic Failure and Termination", [
        "If {p} fails to meet the Availability Target in three (3) months within any rolling six (6) month period, Customer may terminate the Agreement by written notice without penalty.",
    ]),
    ("Escalation and Disputes", [
        "Any dispute about service levels shall first be escalated to the parties' service managers, then to their executive sponsors, and if unresolved within thirty (30) days may be referred to mediation and then arbitration.",
    ]),
    ("Changes", [
        "This SLA may be amended only by a written change agreed and signed by both parties under the change control procedure.",
    ]),
    ("Audit and Indemnity", [
        "Customer may, on thirty (30) days' notice and no more than once a year, audit {p}'s records of service performance.",
        "{p} shall indemnify Customer against third-party claims arising from {p}'s breach of data protection obligations.",
    ]),
]
CREDIT_TABLE = [("Availability", "Credit"), ("99.5% to below {target}%", "5%"), ("99.0% to below 99.5%", "10%"), ("below 99.0%", "20%")]
CHARS_PER_PAGE = 3000


def generate(pages: int, seed: int) -> list[tuple[str, object]]:
    """(kind, payload) items: ("h", title) | ("p", text) | ("t", rows). About 3,000 characters a page."""
    rng = random.Random(seed)
    values = {
        "p": rng.choice(PROVIDERS).split()[0],
        "product": rng.choice(["Fleet", "Ledger", "Atlas", "Beacon"]),
        "target": rng.choice(["99.9", "99.95", "99.8"]),
        "cap": rng.choice(["20", "25", "30"]),
    }
    items: list[tuple[str, object]] = [
        ("h", f"Service Level Agreement between {rng.choice(PROVIDERS)} and {rng.choice(CUSTOMERS)}")
    ]
    size, number = 0, 0
    while size < pages * CHARS_PER_PAGE:
        for title, paras in SECTIONS:
            number += 1
            items.append(("h", f"{number}. {title}"))
            for i, para in enumerate(paras):
                text = f"{number}.{i + 1} " + para.format(**values)
                items.append(("p", text))
                size += len(text)
            if title == "Service Credits":
                items.append(("t", [(a.format(**values), b) for a, b in CREDIT_TABLE]))
            if size >= pages * CHARS_PER_PAGE:
                break
    return items


def write_txt(items: list[tuple[str, object]], path: Path) -> None:
    lines: list[str] = []
    for kind, payload in items:
        if kind == "t":
            assert isinstance(payload, list)
            lines.extend(f"{a}    {b}" for a, b in payload)
            lines.append("")
        else:
            lines += [str(payload), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_docx(items: list[tuple[str, object]], path: Path) -> None:
    import docx

    d = docx.Document()
    for kind, payload in items:
        if kind == "h":
            d.add_heading(str(payload), level=1)
        elif kind == "p":
            d.add_paragraph(str(payload))
        else:
            assert isinstance(payload, list)
            table = d.add_table(rows=len(payload), cols=2)
            for r, (a, b) in enumerate(payload):
                table.cell(r, 0).text, table.cell(r, 1).text = a, b
    d.save(str(path))


def write_pdf(items: list[tuple[str, object]], path: Path) -> None:
    from html import escape

    import weasyprint

    parts = ["<html><body style='font: 11pt serif'>"]
    for kind, payload in items:
        if kind == "h":
            parts.append(f"<h2>{escape(str(payload))}</h2>")
        elif kind == "p":
            parts.append(f"<p>{escape(str(payload))}</p>")
        else:
            assert isinstance(payload, list)
            rows = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in payload)
            parts.append(f"<table border='1'>{rows}</table>")
    parts.append("</body></html>")
    weasyprint.HTML(string="".join(parts)).write_pdf(str(path))


def bare_txt(path: Path) -> int:
    return len(path.read_text(encoding="utf-8"))


def bare_docx(path: Path) -> int:
    import docx

    d = docx.Document(str(path))
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            n += sum(len(c.text) for c in row.cells)
    return n


def bare_pdf(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return n


def timed_ms(func: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(best, median) wall time of `func` in ms, after one warm-up call."""
    func()  # warm up imports and caches
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times)


def best_ms(func: Callable[[], object], repeats: int) -> float:
    return timed_ms(func, repeats)[0]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"load average {load} on {cpus} CPUs"


def per_document(folder: Path, repeats: int) -> bool:
    from sla_drafter.lint import lint_path

    writers = {"txt": (write_txt, bare_txt), "docx": (write_docx, bare_docx), "pdf": (write_pdf, bare_pdf)}
    print(f"Per document: lint_path vs bare text extraction, ms (best of {repeats}; median in brackets)")
    print(f"{'format':<6} {'pages':>5} {'lint ms':>17} {'bare ms':>17} {'ratio':>7}  target")
    all_ok = True
    stages: list[tuple[str, int, tuple[float, ...]]] = []
    for fmt, (write, bare) in writers.items():
        for pages in (5, 20):
            path = folder / f"sla-{pages}p.{fmt}"
            write(generate(pages, seed=pages), path)
            lint_ms, lint_med = timed_ms(lambda p=path: lint_path(p, keep_document=False), repeats)
            bare_ms, bare_med = timed_ms(lambda p=path, b=bare: b(p), repeats)
            ratio = lint_ms / bare_ms if bare_ms else float("inf")
            if fmt == "txt":
                shown, target = "    n/a", "none (bare is a file read)"
            else:
                ok = ratio <= 1.5
                all_ok &= ok
                shown, target = f"{ratio:>6.2f}x", f"<= 1.5x  {verdict(ok)}"
            print(
                f"{fmt:<6} {pages:>5} {lint_ms:>8.2f} ({lint_med:>6.2f}) {bare_ms:>8.2f} ({bare_med:>6.2f})"
                f" {shown}  {target}"
            )
            stages.append((fmt, pages, stage_ms(path, repeats)))
    print(f"\nWhere lint time goes (ms, best of {repeats})")
    print(f"{'format':<6} {'pages':>5} {'read':>8} {'split':>8} {'extract':>8} {'rules':>8} {'front':>8}")
    for fmt, pages, parts in stages:
        print(f"{fmt:<6} {pages:>5} " + " ".join(f"{x:8.2f}" for x in parts))
    return all_ok


def stage_ms(path: Path, repeats: int) -> tuple[float, float, float, float, float]:
    """The pipeline's stages timed apart (the private seams lint_document uses): read, the
    sentence split (done once per lint and shared by extraction and rules), extraction
    and rules given the split, and the front end (config, suppressions)."""
    import sla_drafter.lint as api
    from sla_drafter.lint.config import LintConfig
    from sla_drafter.lint.suppress import apply_suppressions

    cfg = LintConfig()
    doc = api._read_document(str(path))
    sents = api._sentences(doc)
    terms = api._extract_terms(doc, sents)
    findings = api._run_rules(doc, terms, cfg, "customer", sents)
    read = best_ms(lambda: api._read_document(str(path)), repeats)
    split_ms = best_ms(lambda: api._sentences(doc), repeats)
    extract = best_ms(lambda: api._extract_terms(doc, sents), repeats)
    rules = best_ms(lambda: api._run_rules(doc, terms, cfg, "customer", sents), repeats)
    front = best_ms(
        lambda: apply_suppressions(doc, cfg.postprocess(findings, terms, "customer")), repeats
    )
    return read, split_ms, extract, rules, front


def peak_rss_mib() -> float:
    """This process's peak RSS. VmHWM, because ru_maxrss survives exec and would report the
    peak of the bench process that started us (WeasyPrint and all)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_child(folder: Path, n: int, jobs: int) -> None:
    """Run in a fresh process: lint the first n files, print docs/s and peak RSS (MiB)."""
    from sla_drafter.lint import lint

    files = sorted(folder.glob("*.txt"))[:n]
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    result = lint(files, jobs=jobs)
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0  # parent and workers (reaped when the pool closes)
    assert len(result.documents) == n and not result.errors, result.errors[:3]
    parent = peak_rss_mib()
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{n} {n / elapsed:.1f} {parent:.1f} {child:.1f} {cpu / n * 1000:.2f}")


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def batches(folder: Path, sizes: list[int], jobs: int, rounds: int) -> bool:
    biggest = max(sizes)
    texts = folder / "batch"
    texts.mkdir()
    for i in range(biggest):
        write_txt(generate(5, seed=1000 + i), texts / f"sla-{i:05d}.txt")
    print(
        f"\nBatch: 5-page text SLAs through lint(..., jobs={jobs}), each size in a fresh process,"
        f" best of {rounds}"
    )
    print(f"{'docs':>6} {'docs/s':>8} {'parent RSS MiB':>15} {'worker RSS MiB':>15} {'CPU ms/doc':>11}")
    rows = []
    for n in sizes:
        runs = []
        for _ in range(rounds):
            proc = subprocess.run(
                [sys.executable, __file__, "--batch-child", str(texts), str(n), str(jobs)],
                check=False, capture_output=True, text=True,
            )
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"{n:>6} failed: {last}")
                return False
            out = proc.stdout.split()
            runs.append((int(out[0]), float(out[1]), float(out[2]), float(out[3]), float(out[4])))
        size, rate, parent, child, cpu_ms = max(runs, key=lambda r: r[1])
        rows.append((size, rate, parent, child, cpu_ms))
        print(f"{size:>6} {rate:>8.1f} {parent:>15.1f} {child:>15.1f} {cpu_ms:>11.2f}")
    rate_ok = rows[-1][1] >= 150
    growth = rows[-1][2] - rows[0][2]
    flat_ok = growth <= max(25.0, 0.15 * rows[0][2])
    print(f"throughput at {rows[-1][0]} docs: {rows[-1][1]:.1f} docs/s (target >= 150)  {verdict(rate_ok)}")
    capacity = jobs * 1000 / rows[-1][4] if rows[-1][4] else float("inf")
    print(
        f"  (CPU {rows[-1][4]:.2f} ms per document in parent and workers together: {jobs} idle cores"
        f" would give about {capacity:.0f} docs/s; for reference only, the verdict is measured)"
    )
    print(f"parent RSS growth {rows[0][0]} -> {rows[-1][0]} docs: {growth:+.1f} MiB (flat: <= 25 MiB or 15%)  {verdict(flat_ok)}")
    return rate_ok and flat_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="batch of 100/200/400, 3 repeats, 1 round")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch-child", nargs=3, metavar=("DIR", "N", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_child:
        folder, n, jobs = args.batch_child
        batch_child(Path(folder), int(n), int(jobs))
        return
    print(f"Machine at start: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="sla-bench-") as tmp:
        folder = Path(tmp)
        ok = per_document(folder, repeats=3 if args.quick else 9)
        sizes = [100, 200, 400] if args.quick else [250, 500, 1000]
        ok &= batches(folder, sizes, args.jobs, rounds=1 if args.quick else 2)
    print(f"\nMachine at end: {machine()} (figures from a busy machine are pessimistic)")
    print("ALL TARGETS MET" if ok else "SOME TARGETS MISSED")


if __name__ == "__main__":
    main()
