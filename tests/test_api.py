"""The public API mirrors the command line and loads its modules lazily."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import sla_drafter


def test_public_names_resolve_to_callables() -> None:
    # A submodule named like a public function would shadow it once imported: import them all.
    for module in pkgutil.walk_packages(sla_drafter.__path__, "sla_drafter."):
        importlib.import_module(module.name)
    for name in sla_drafter.__all__:
        if name != "__version__":
            assert callable(getattr(sla_drafter, name)), name


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, sla_drafter, sla_drafter.cli\n"
        "heavy = [m for m in ('weasyprint', 'docxtpl', 'docx', 'pypdfium2', 'cerberus') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_lint_takes_one_path_as_a_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendor.md").write_text("# SLA\n\nAvailability is 99.9% each month.\n")
    result = sla_drafter.lint("vendor.md", jobs=1)
    assert [d.path for d in result.documents] == ["vendor.md"] and result.errors == []
    assert [d.path for d in sla_drafter.lint(tmp_path / "vendor.md", jobs=1).documents] == [
        str(tmp_path / "vendor.md")
    ]
    (tmp_path / "a.md").write_text("A.\n")
    (tmp_path / "b.md").write_text("B.\n")
    missing = sla_drafter.lint("ab", jobs=1)  # not the files "a" and "b"
    assert list(missing.documents) == [] and [p for p, _ in missing.errors] == ["ab"]


def test_help_shows_the_public_api_and_loads_nothing_heavy() -> None:
    code = (
        "import sys, pydoc, sla_drafter\n"
        "text = pydoc.render_doc(sla_drafter, renderer=pydoc.plaintext)\n"
        "heavy = [m for m in ('weasyprint', 'docxtpl', 'docx', 'pypdfium2', 'cerberus',\n"
        "         'sla_drafter.lint', 'sla_drafter.assemble') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "print(text)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy, _, text = out.stdout.partition("\n")
    assert heavy == ""
    for name in ("draft(", "lint(", "annotate(", "load_spec(", "read_document("):
        assert name in text, name
    assert "__getattr__" not in text.partition("FUNCTIONS")[2]
    assert "stance: 'str' = 'balanced'" in text or "stance: str = 'balanced'" in text
