"""The generator and the linter check each other: every example spec, drafted in any
stance, lints with zero errors at the default lint stance (customer).

Markdown drafts cover every stance (fast); the balanced drafts (the default drafting
stance) are also drafted to DOCX and PDF, because each reader returns lettered
lists, lead-ins and tables in its own block shapes and the rules must not depend on
them. The PDF cases carry "pdf" in their ids (`-k "not pdf"` skips them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sla_drafter.assemble import STANCES, draft
from sla_drafter.lint import lint_path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


# Issue 7: the drafting rules (SLA405-SLA409) found the multi-level draft defining
# "Planned Maintenance", "Capacity Limit", "Service Credit" and others once per service part
# and capping credits at 25% and 30% with nothing saying which prevails. Until the
# assembler drafts one model of a multi-level agreement these cases must fail (strict).
KNOWN_FAULTS = {"multi-level"}


def _gate(spec: Path) -> pytest.MarkDecorator | tuple[()]:
    if spec.stem in KNOWN_FAULTS:
        return pytest.mark.xfail(strict=True, reason="issue 7: multi-level definitions and caps repeated")
    return ()


def _cases(specs: list[Path]) -> list[object]:
    return [pytest.param(s, id=s.stem, marks=_gate(s)) for s in specs]


def _errors(spec: Path, out: Path, stance: str) -> list[str]:
    draft(spec, out, stance=stance, force=True)
    result = lint_path(out, stance="customer")
    return [
        f"{f.code} {f.rule}: {f.message} | {f.evidence[:120]}"
        for f in result.findings
        if f.severity.value == "error"
    ]


def test_there_are_examples() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("stance", STANCES)
@pytest.mark.parametrize("spec", _cases(EXAMPLES))
def test_markdown_draft_lints_clean(spec: Path, stance: str, tmp_path: Path) -> None:
    assert _errors(spec, tmp_path / f"{spec.stem}.md", stance) == []


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("spec", _cases(EXAMPLES))
def test_balanced_docx_and_pdf_drafts_lint_clean(spec: Path, fmt: str, tmp_path: Path) -> None:
    assert _errors(spec, tmp_path / f"{spec.stem}.{fmt}", "balanced") == []
