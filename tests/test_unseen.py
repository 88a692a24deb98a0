"""SLAs written for generalisation: structures and vocabularies unlike the samples.

Each tests/fixtures/unseen/<name>.expect.yaml was written, as a procurement lawyer
would read the document, before the linter was run on it:

- `must`: rule names that must be reported; an entry that is a list is satisfied by
  any one of its names (the finding may fairly be carried by either rule);
- `must_not`: rule names that must not be reported at all;
- `at_most`: rule name -> the highest severity it may be reported at;
- `max_errors` / `max_warnings`: ceilings on the counts at the customer stance;
- `kind`: the document kind the linter must recognise.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from sla_drafter.findings import Finding, Severity
from sla_drafter.lint import lint_path

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
EXPECTS = sorted(UNSEEN.glob("*.expect.yaml"))
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _expect(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@cache
def _lint(document: str) -> tuple[str, tuple[Finding, ...]]:
    result = lint_path(UNSEEN / document, stance="customer")
    return result.terms.kind.value, tuple(result.findings)


def _ids(path: Path) -> str:
    return path.name.removesuffix(".expect.yaml")


def test_at_least_six_unseen_documents() -> None:
    assert len(EXPECTS) >= 6
    for path in EXPECTS:
        assert (UNSEEN / _expect(path)["document"]).is_file(), path.name


@pytest.mark.parametrize("path", EXPECTS, ids=_ids)
def test_unseen_must(path: Path) -> None:
    exp = _expect(path)
    kind, findings = _lint(exp["document"])
    if exp.get("kind"):
        assert kind == exp["kind"]
    got = {f.rule for f in findings}
    missed = []
    for entry in exp.get("must") or []:
        options = {entry} if isinstance(entry, str) else set(entry)
        if not options & got:
            missed.append(entry)
    assert missed == [], f"missed {missed}; got {sorted(got)}"


@pytest.mark.parametrize("path", EXPECTS, ids=_ids)
def test_unseen_must_not(path: Path) -> None:
    exp = _expect(path)
    _, findings = _lint(exp["document"])
    forbidden = set(exp.get("must_not") or [])
    wrong = [f"{f.rule}: {f.evidence[:100]}" for f in findings if f.rule in forbidden]
    limits = {rule: Severity(sev) for rule, sev in (exp.get("at_most") or {}).items()}
    wrong += [
        f"{f.rule} at {f.severity.value}: {f.evidence[:100]}"
        for f in findings
        if f.rule in limits and _RANK[f.severity] > _RANK[limits[f.rule]]
    ]
    assert wrong == []


@pytest.mark.parametrize("path", EXPECTS, ids=_ids)
def test_unseen_severity_ceilings(path: Path) -> None:
    exp = _expect(path)
    _, findings = _lint(exp["document"])
    for key, severity in (("max_errors", Severity.ERROR), ("max_warnings", Severity.WARNING)):
        if key in exp:
            hits = [f"{f.rule}: {f.evidence[:100]}" for f in findings if f.severity is severity]
            assert len(hits) <= int(exp[key]), hits


def _flat(text: str) -> str:
    return " ".join(text.replace("|", " ").split())


# the unseen documents, and the shared samples where present (tables with credit bands)
_SAMPLES = Path(os.environ.get("SLA_SAMPLES", "/work/shared/samples"))
LOCATED = [UNSEEN / _expect(p)["document"] for p in EXPECTS] + (
    sorted(p for p in _SAMPLES.glob("*_*.*")) if _SAMPLES.is_dir() else []
)


@pytest.mark.parametrize("document", LOCATED, ids=lambda p: p.name)
def test_evidence_quotes_the_located_text(document: Path) -> None:
    """A finding's evidence and location agree: the evidence quotes the text at the location
    (row by row, " / " between rows), or the location is a phrase inside the quoted sentence."""
    result = lint_path(document, stance="customer")
    assert result.doc is not None
    wrong = []
    for f in result.findings:
        if f.location is None or not f.evidence:
            continue
        at = _flat(result.doc.text[f.location.start : f.location.end])
        # rows joined by " / "; a long sentence shortened to its start " ... " its end
        quoted = [
            _flat(piece)
            for part in f.evidence.split(" / ")
            for piece in part.removesuffix("...").split(" ... ")
        ]
        if not all(q in at for q in quoted) and at not in _flat(f.evidence):
            wrong.append(f"{f.rule}: {f.evidence[:60]!r} at {at[:60]!r}")
    assert wrong == []
