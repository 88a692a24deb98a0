"""A plain, non-editable install must carry the data folders inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_FOLDERS = ("clause_library", "templates", "schemas", "examples")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("sla_drafter-*.whl"))


def test_wheel_ships_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in DATA_FOLDERS:
        source_files = {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert source_files, f"{folder} is empty"
        prefix = "sla_drafter/_data/"
        shipped = {n.removeprefix(prefix) for n in names if n.startswith(prefix + folder + "/")}
        assert source_files <= shipped, f"missing from wheel: {sorted(source_files - shipped)[:5]}"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sla-drafter = sla_drafter.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_non_editable_install_finds_its_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "from sla_drafter import resources\n"
        "for name in " + repr(DATA_FOLDERS) + ":\n"
        "    print(resources.data_dir(name))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    # run from tmp_path so the source checkout is not importable
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    for line in done.stdout.split():
        assert Path(line).is_relative_to(target / "sla_drafter" / "_data"), line
        assert any(Path(line).iterdir())


def test_wheel_ships_the_web_apps_templates_and_static_files(wheel: Path) -> None:
    """`sla-drafter serve` works offline from a wheel: every page template and asset is in it."""
    names = set(zipfile.ZipFile(wheel).namelist())
    web = ROOT / "sla_drafter" / "web"
    assets = {
        p.relative_to(ROOT).as_posix()
        for folder in ("templates", "static")
        for p in (web / folder).rglob("*")
        if p.is_file()
    }
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".html") for a in assets)
    assert assets <= names, f"missing from wheel: {sorted(assets - names)[:5]}"
