"""Credits speed and memory: a year of one-minute samples, and 1,000,000 outage rows.

Run: .venv/bin/python bench/credits.py [--rows N] [--runs N]

Each case runs `sla_drafter.credits.compute` (spec load excluded, CSV streamed from
disk) in a fresh subprocess that prints its wall time and its peak resident memory, so
imports and caches of one case do not help the next. Outage files of 100,000 and of
1,000,000 rows (one month, four services, overlapping, all causes) show memory flat as
rows grow: the minute maps depend on the months computed, not on the rows.
Target (issue 11): 1,000,000 outage rows in under 5 s on 2 cores.
Figures are medians of --runs runs; this is a script, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPEC = ROOT / "examples" / "managed-services.yaml"  # services hosting, network, service-desk
CAUSES = ("provider",) * 6 + ("customer", "maintenance", "emergency_maintenance", "force_majeure", "third_party")


def write_outages(path: Path, rows: int, seed: int = 11) -> None:
    """`rows` outages in October 2026 (UTC offsets), 1-120 minutes each, overlapping freely."""
    rng = random.Random(seed)
    start = int(dt.datetime(2026, 10, 1, tzinfo=dt.UTC).timestamp())
    span = 31 * 86400
    services = ("hosting", "network", "service-desk", "*")
    utc = dt.UTC
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("service,start,end,cause,note,notified\n")
        batch = []
        for i in range(rows):
            begin = start + rng.randrange(span)
            end = begin + 60 * rng.randint(1, 120)
            cause = CAUSES[i % len(CAUSES)]
            notified = ""
            if cause.endswith("maintenance"):
                notified = dt.datetime.fromtimestamp(begin - 86400 * 8, utc).isoformat()
            batch.append(f"{services[i % 4]},{dt.datetime.fromtimestamp(begin, utc).isoformat()},"
                         f"{dt.datetime.fromtimestamp(end, utc).isoformat()},{cause},,{notified}\n")  # fmt: skip
            if len(batch) == 10000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))


def write_samples(path: Path, seed: int = 12) -> None:
    """A year (2026) of one-minute checks of one service: 525,600 rows, 0.1% failing."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("service,time,ok,latency_ms\n")
        batch = []
        for minute in range(365 * 1440):
            when = (start + dt.timedelta(minutes=minute)).isoformat()
            ok = rng.random() > 0.001
            batch.append(f"hosting,{when},{'true' if ok else 'false'},{rng.randint(40, 900) if ok else ''}\n")
            if len(batch) == 10000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))


def child(kind: str, path: str, month: str, months: int) -> None:
    """Run one computation and print {"seconds", "peak_mb"} as JSON."""
    from sla_drafter.credits import compute
    from sla_drafter.credits.calendar import parse_month
    from sla_drafter.spec import load_spec

    spec = load_spec(SPEC)
    began, cpu = time.perf_counter(), time.process_time()
    if kind == "outages":
        compute(spec, parse_month(month), months, outages=Path(path))
    else:
        empty = Path(path).with_name("empty-outages.csv")
        empty.write_text("service,start,end,cause\n", encoding="utf-8")
        compute(spec, parse_month(month), months, outages=empty, samples=Path(path))
    seconds = time.perf_counter() - began
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the forked reader of a large file
    parent_cpu = time.process_time() - cpu
    child_cpu = children.ru_utime + children.ru_stime
    peak_mb = max(own.ru_maxrss, children.ru_maxrss) / 1024
    # With both cores free the wall time is about the busier process's CPU time.
    print(json.dumps({"seconds": seconds, "cpu": parent_cpu + child_cpu,
                      "critical": max(parent_cpu, child_cpu), "peak_mb": peak_mb}))


def run_child(kind: str, path: Path, month: str, months: int, runs: int) -> tuple[float, float, float, float]:
    seconds, cpus, critical, peaks = [], [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), month, str(months)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        data = json.loads(out.strip().splitlines()[-1])
        seconds.append(data["seconds"])
        cpus.append(data["cpu"])
        critical.append(data["critical"])
        peaks.append(data["peak_mb"])
    return statistics.median(seconds), statistics.median(cpus), statistics.median(critical), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=4, metavar=("KIND", "PATH", "MONTH", "MONTHS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, month, months = args.child
        child(kind, path, month, int(months))
        return
    with tempfile.TemporaryDirectory(prefix="sla-credits-bench-") as folder:
        tmp = Path(folder)
        samples = tmp / "samples.csv"
        write_samples(samples)
        secs, cpu, _, peak = run_child("samples", samples, "2026-12", 12, args.runs)
        print(f"samples: a year of one-minute checks (525,600 rows, 12 months): {secs:.2f} s "
              f"(CPU {cpu:.2f} s), peak {peak:.0f} MB")
        for rows in sorted({args.rows // 10, args.rows}):
            outages = tmp / f"outages-{rows}.csv"
            write_outages(outages, rows)
            size = outages.stat().st_size / 1e6
            secs, cpu, critical, peak = run_child("outages", outages, "2026-10", 1, args.runs)
            verdict = "" if rows != 1_000_000 else ("  (target < 5 s: met)" if secs < 5 else "  (target < 5 s: MISSED)")
            print(f"outages: {rows:,} rows ({size:.0f} MB of CSV): {secs:.2f} s wall{verdict}; CPU {cpu:.2f} s "
                  f"in all processes, {critical:.2f} s in the busier one (the wall time with both cores "
                  f"free); peak {peak:.0f} MB per process")
        load = os.getloadavg()[0]
        print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores (other work slows the wall times)")


if __name__ == "__main__":
    main()
