"""Everyday use: the balanced stance in lint and annotate, init's header, the README tour."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_drafter.cli import cli
from sla_drafter.commands.init import example_text

ROOT = Path(__file__).resolve().parent.parent
VENDOR = (
    "# Service Level Agreement\n\n"
    "## 1. Availability\n\n"
    "The Provider shall make the Service available 99.5% of the time in each calendar month, "
    "as measured by the Provider's internal monitoring tools.\n\n"
    "## 2. Service credits\n\n"
    "If availability falls below 99.5%, the Customer may request a credit of 5% of the monthly "
    "fee by writing to the Provider within 5 days of the end of the month. Service credits are "
    "the Customer's sole and exclusive remedy.\n\n"
    "## 3. Changes\n\n"
    "The Provider may amend this SLA at any time by posting a new version on its website.\n"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _severities(stance: str) -> dict[tuple[str, int], str]:
    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--stance", stance, "vendor.md"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    return {(f["code"], (f["location"] or {"start": -1})["start"]): f["severity"] for f in findings}


def test_lint_accepts_the_balanced_stance_between_the_two_sides(tmp_path: Path) -> None:
    (tmp_path / "vendor.md").write_text(VENDOR)
    customer, balanced, provider = (_severities(s) for s in ("customer", "balanced", "provider"))
    rank = {"info": 0, "warning": 1, "error": 2}
    assert set(balanced) == set(customer)  # the same findings, perhaps softer
    assert all(rank[balanced[k]] <= rank[customer[k]] for k in balanced)
    softened = [k for k in balanced if rank[balanced[k]] < rank[customer[k]]]
    assert softened, "a protection for the customer alone is at most a warning when balanced"
    assert all(balanced[k] == "warning" and provider.get(k, "info") != "error" for k in softened)


def test_annotate_accepts_the_balanced_stance(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for para in VENDOR.split("\n\n"):
        d.add_paragraph(para.lstrip("# "))
    d.save(str(tmp_path / "vendor.docx"))
    result = CliRunner().invoke(
        cli, ["annotate", "vendor.docx", "-o", "out.docx", "--stance", "balanced"]
    )
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "out.docx").exists()


def test_init_header_matches_the_default_stance() -> None:
    header = "".join(line for line in example_text("saas").splitlines(keepends=True) if line.startswith("#"))
    assert "customer-side draft)" not in header
    assert "balanced" in header
    from sla_drafter.commands.draft import command

    stance = next(p for p in command.params if p.name == "stance")
    assert stance.default == "balanced"


def test_readme_tour_is_runnable_as_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    assert ".venv/bin/activate" in readme or ".venv/bin/sla-drafter" in readme
    for fmt in re.findall(r"--format[ =](\w+)", readme):
        assert fmt in ("human", "json", "sarif", "html", "github"), fmt
    assert (ROOT / "docs" / "json-contract.md").is_file()
    assert (ROOT / "docs" / "lint-result.schema.json").is_file()
    assert "docs/json-contract.md" in readme
