"""Compare benchmark: `compare` against `lint` on the same vendor document.

    python bench/compare.py            # 20-page DOCX and PDF (and TXT for reference)
    python bench/compare.py --quick    # fewer repeats

Generates the same 20-page SLAs as bench/lint.py (DOCX with python-docx, PDF with
WeasyPrint) and times `lint_path` against `compare_path` with the bundled requirements
example (13 requirements). `compare` runs exactly what `lint` runs, then judges each
requirement, so the ratio is the cost of the judging. Target: at most 1.2x lint for
DOCX and PDF. Best of several runs (median beside it); the load average is printed,
since a busy machine makes every figure worse. Prints PASS or MISS per target.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("bench_lint", ROOT / "bench" / "lint.py")
assert _spec is not None and _spec.loader is not None
bench_lint = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_lint)

TARGET = 1.2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7

    from sla_drafter.lint import lint_path
    from sla_drafter.resources import examples_dir
    from sla_drafter.rfp.compare import compare_path
    from sla_drafter.rfp.requirements import load_requirements

    reqs = load_requirements(examples_dir() / "requirements" / "rfp.yaml")
    writers = {"txt": bench_lint.write_txt, "docx": bench_lint.write_docx, "pdf": bench_lint.write_pdf}
    print(bench_lint.machine())
    print(f"compare_path vs lint_path, 20 pages, ms (best of {repeats}; median in brackets)")
    print(f"{'format':<6} {'lint ms':>17} {'compare ms':>17} {'ratio':>7}  target")
    all_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, write in writers.items():
            path = Path(tmp) / f"sla-20p.{fmt}"
            write(bench_lint.generate(20, seed=20), path)
            lint_ms, lint_med = bench_lint.timed_ms(lambda p=path: lint_path(p, keep_document=False), repeats)
            cmp_ms, cmp_med = bench_lint.timed_ms(lambda p=path: compare_path(reqs, p), repeats)
            ratio = cmp_ms / lint_ms if lint_ms else float("inf")
            if fmt == "txt":
                target = "reference only"
            else:
                ok = ratio <= TARGET
                all_ok &= ok
                target = f"<= {TARGET}x  {bench_lint.verdict(ok)}"
            print(f"{fmt:<6} {lint_ms:>8.2f} ({lint_med:>6.2f}) {cmp_ms:>8.2f} ({cmp_med:>6.2f}) {ratio:>6.2f}x  {target}")
    print(bench_lint.machine())
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
