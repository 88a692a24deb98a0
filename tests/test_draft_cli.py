"""`sla-drafter draft` and `sla_drafter.draft()`: formats by suffix, safe writes, one-line errors."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from test_render import sample_agreement

import sla_drafter
import sla_drafter.assemble as assemble
from sla_drafter.agreement import Agreement
from sla_drafter.cli import cli
from sla_drafter.errors import InputError, OutputError

ROOT = Path(__file__).resolve().parent.parent
SAAS = ROOT / "examples" / "saas.yaml"
HAVE_ASSEMBLER = importlib.util.find_spec("sla_drafter.assemble.assembler") is not None
needs_assembler = pytest.mark.skipif(not HAVE_ASSEMBLER, reason="assembler not landed yet")


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """Stand in for spec loading + assembly, so these tests exercise only drafting's own logic."""
    calls: list[tuple[Path, str]] = []

    def build(spec_path: Path, stance: str) -> tuple[Agreement, list[str]]:
        calls.append((spec_path, stance))
        agreement = sample_agreement()
        agreement.stance = stance
        return agreement, ["clause credits.tiered: cap below 50%"]

    monkeypatch.setattr(assemble, "_build", build)
    return calls


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(SAAS.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["draft", *args])
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert "Traceback" not in err


# --- success -----------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_draft_writes_the_format_named_by_the_suffix(
    fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"sla{suffix}"
    code, stdout, stderr = run(str(spec), "-o", str(out), "--stance", "customer")
    assert code == 0, stderr
    assert stdout.strip() == f"Wrote {out} (4 sections, stance customer)"
    assert "warning: clause credits.tiered: cap below 50%" in stderr
    assert fake_build == [(spec, "customer")]
    data = out.read_bytes()
    if suffix == ".md":
        assert data.startswith(b"# Service Level Agreement\n")
    else:
        assert docx.Document(io.BytesIO(data)).tables[0].rows[1].cells[1].text == "99.9%"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_default_stance_is_balanced(fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path) -> None:
    code, stdout, _ = run(str(spec), "-o", str(tmp_path / "a.md"))
    assert code == 0
    assert "stance balanced" in stdout
    assert fake_build[0][1] == "balanced"


def test_force_overwrites_and_without_force_nothing_changes(
    fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a.md"
    out.write_bytes(b"precious")
    code, _, err = run(str(spec), "-o", str(out))
    assert_one_line_error(code, err, str(out), "already exists", "--force")
    assert out.read_bytes() == b"precious"
    assert fake_build == []  # refused before any expensive work
    code, _, err = run(str(spec), "-o", str(out), "--force")
    assert code == 0, err
    assert out.read_bytes().startswith(b"# Service Level Agreement")


def test_api_returns_warnings(fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path) -> None:
    warnings = sla_drafter.draft(spec, tmp_path / "a.md", stance="provider")
    assert warnings == ["clause credits.tiered: cap below 50%"]
    assert (tmp_path / "a.md").is_file()


# --- errors: exit 2, one line, nothing written --------------------------------------------------

def test_unsupported_suffix(fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "sla.odt"
    code, _, err = run(str(spec), "-o", str(out))
    assert_one_line_error(code, err, str(out), ".odt", ".docx", ".pdf", ".md")
    assert not out.exists()
    with pytest.raises(OutputError, match="no suffix"):
        sla_drafter.draft(spec, tmp_path / "sla")


def test_missing_spec(fake_build: list[tuple[Path, str]], tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    code, _, err = run(str(tmp_path / "nope.yaml"), "-o", str(out))
    assert_one_line_error(code, err, "nope.yaml", "no such spec file")
    assert not out.exists()


def test_unknown_stance(fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    code, _, err = run(str(spec), "-o", str(out), "--stance", "aggressive")
    assert_one_line_error(code, err, "unknown stance 'aggressive'", "customer, balanced, provider")
    assert not out.exists()
    assert fake_build == []


def test_missing_output_folder(fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "a.docx"
    code, _, err = run(str(spec), "-o", str(out))
    assert_one_line_error(code, err, "does not exist")
    assert not out.parent.exists()


def test_unwritable_output_folder(
    fake_build: list[tuple[Path, str]], spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: chmod does not stop root, and CI may run as root.
    import sla_drafter.fsutil as fsutil

    real_access = fsutil.os.access
    monkeypatch.setattr(fsutil.os, "access", lambda path, mode: mode != fsutil.os.W_OK and real_access(path, mode))
    out = tmp_path / "a.md"
    code, _, err = run(str(spec), "-o", str(out))
    assert_one_line_error(code, err, "not writable")
    assert not out.exists()
    assert fake_build == []


def test_output_may_not_replace_the_spec(fake_build: list[tuple[Path, str]], tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text("sla_drafter: 1\n", encoding="utf-8")
    code, _, err = run(str(spec), "-o", str(spec), "--force")
    assert_one_line_error(code, err, "overwrite the spec")
    assert spec.read_text(encoding="utf-8") == "sla_drafter: 1\n"


def test_invalid_spec_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sla_drafter: 1\ntitle: [unclosed\n", encoding="utf-8")
    out = tmp_path / "a.md"
    code, _, err = run(str(bad), "-o", str(out))
    assert_one_line_error(code, err, "bad.yaml")
    assert not out.exists()


def test_output_option_is_required(spec: Path) -> None:
    code, _, err = run(str(spec))
    assert code == 2
    assert "--output" in err


# --- end to end (once the assembler and library have landed) -----------------------------------

@needs_assembler
def test_saas_example_drafts_to_markdown_and_docx(tmp_path: Path) -> None:
    md = tmp_path / "saas.md"
    code, stdout, err = run(str(SAAS), "-o", str(md))
    assert code == 0, err
    assert stdout.startswith(f"Wrote {md} (")
    text = md.read_text(encoding="utf-8")
    assert "Northwind Cloud Services Ltd" in text
    assert "Harbour & Vale Logistics plc" in text
    assert "99.9%" in text
    out = tmp_path / "saas.docx"
    assert run(str(SAAS), "-o", str(out))[0] == 0
    document = docx.Document(str(out))
    assert document.core_properties.created.date().isoformat() == "2026-01-01"
    assert any("99.9%" in cell.text for t in document.tables for row in t.rows for cell in row.cells)


@needs_assembler
def test_saas_example_drafts_to_pdf(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    out = tmp_path / "saas.pdf"
    code, stdout, err = run(str(SAAS), "-o", str(out), "--stance", "customer")
    assert code == 0, err
    assert "stance customer" in stdout
    pdf = pdfium.PdfDocument(str(out))
    try:
        first = pdf[0].get_textpage().get_text_range()
        count = len(pdf)
        assert pdf.get_metadata_dict()["Title"] == "Service Level Agreement"
    finally:
        pdf.close()
    assert f"Page 1 of {count}" in first
    assert "Harbour & Vale Logistics plc" in first


@needs_assembler
def test_unknown_clause_is_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    text = SAAS.read_text(encoding="utf-8")
    spec.write_text(text + "\nclauses:\n  service_credits: credits.no_such_clause\n", encoding="utf-8")
    out = tmp_path / "a.md"
    code, _, err = run(str(spec), "-o", str(out))
    assert_one_line_error(code, err, "credits.no_such_clause")
    assert not out.exists()


# --- import cost ------------------------------------------------------------------------------

def test_cli_and_api_import_no_heavy_libraries() -> None:
    code = (
        "import sys, sla_drafter, sla_drafter.cli, sla_drafter.assemble, sla_drafter.commands.draft;"
        "heavy = [m for m in ('weasyprint', 'docxtpl', 'docx') if m in sys.modules];"
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_errors_are_the_documented_types(spec: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        sla_drafter.draft(tmp_path / "missing.yaml", tmp_path / "a.md")
    with pytest.raises(OutputError):
        sla_drafter.draft(spec, tmp_path / "a.txt")


# --- the generator and the linter check each other (STYLE.md habit 5) ---------------------------

HAVE_LINT = importlib.util.find_spec("sla_drafter.lint") is not None


@needs_assembler
@pytest.mark.skipif(not HAVE_LINT, reason="linter not landed yet")
@pytest.mark.parametrize("suffix", [".md", ".docx", ".pdf"])
def test_drafted_saas_reads_back_and_lints_without_errors(tmp_path: Path, suffix: str) -> None:
    from sla_drafter.findings import Severity
    from sla_drafter.lint import lint_path

    out = tmp_path / f"saas{suffix}"
    sla_drafter.draft(SAAS, out, stance="customer")
    result = lint_path(out, stance="customer")
    errors = [f"{f.rule}: {f.evidence}" for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
