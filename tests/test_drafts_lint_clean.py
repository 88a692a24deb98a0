"""The generator and the linter check each other: every `init --kind` example and every
gate spec, drafted in every stance to Markdown, DOCX and PDF, lints with zero errors at the
default lint stance (customer), the drafting rules (SLA405-SLA409) included.

Each reader returns lettered lists, lead-ins and tables in its own block shapes, and the
rules must not depend on them, so all three formats are gated. The gate specs add what the
examples do not cover: no governing law, two services, a customer-based agreement. The PDF
cases carry "pdf" in their ids (`-k "not pdf"` skips them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sla_drafter.assemble import STANCES, draft
from sla_drafter.commands.init import KINDS
from sla_drafter.lint import lint_path
from sla_drafter.resources import examples_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GATE_SPECS = sorted((Path(__file__).parent / "fixtures" / "specs").glob("gate_*.yaml"))
SPECS = EXAMPLES + GATE_SPECS


def _errors(spec: Path, out: Path, stance: str) -> list[str]:
    draft(spec, out, stance=stance, force=True)
    result = lint_path(out, stance="customer")
    return [
        f"{f.code} {f.rule}: {f.message} | {f.evidence[:120]}"
        for f in result.findings
        if f.severity.value == "error"
    ]


def test_every_init_kind_is_gated() -> None:
    gated = {p.name for p in EXAMPLES}
    assert {(examples_dir() / f"{kind}.yaml").name for kind in KINDS} <= gated
    assert {p.stem for p in GATE_SPECS} == {
        "gate_no_governing_law", "gate_two_services", "gate_customer_based"
    }


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
@pytest.mark.parametrize("stance", STANCES)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_draft_lints_clean(spec: Path, stance: str, fmt: str, tmp_path: Path) -> None:
    assert _errors(spec, tmp_path / f"{spec.stem}.{fmt}", stance) == []
