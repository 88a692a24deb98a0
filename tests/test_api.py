"""The public API mirrors the command line and loads its modules lazily."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

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
