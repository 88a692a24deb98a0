"""bench/lint.py times the pipeline's stages through lint's private seams; keep them in step.

Nothing here is timed: the figures live in bench/, this only runs its stage timer once.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "lint.py"


def test_bench_stage_timer_runs_on_a_small_document(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_lint", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    doc = tmp_path / "sla.txt"
    doc.write_text(
        "1. AVAILABILITY\n\nProvider will make the Service available 99.9% of each month.\n",
        encoding="utf-8",
    )
    stages = bench.stage_ms(doc, 1)
    assert len(stages) == 5 and all(ms >= 0 for ms in stages)
