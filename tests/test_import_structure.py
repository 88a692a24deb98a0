"""The lint package's modules import in one direction (no circles):

rules -> context, registry;  engine -> context, registry;  registry -> rules (when loading);
config -> layer, registry (playbook only when one is given);  playbook -> layer.
Checked on the source, so a new import that closes a circle fails here, not at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LINT = Path(__file__).resolve().parent.parent / "sla_drafter" / "lint"


def _imports(path: Path, *, runtime_only: bool, top_level_only: bool = False) -> set[str]:
    """Relative modules `path` imports ('registry', 'engine', ...), resolved against lint/."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth_of_lint = len(path.relative_to(LINT).parts)  # 1 for lint/x.py, 2 for lint/rules/x.py
    found: set[str] = set()

    def visit(node: ast.AST, in_type_checking: bool, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            guarded = in_type_checking or (
                isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
            )
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.level:
                if (runtime_only and guarded) or (top_level_only and nested):
                    continue
                up = child.level - depth_of_lint  # levels above lint/
                if up == 0 and child.module:
                    found.add(child.module.split(".")[0])
                elif up == 0:
                    found.update(alias.name for alias in child.names)
            visit(child, guarded, nested)

    visit(tree, False, False)
    return found


def test_context_imports_no_rule_registry_or_engine() -> None:
    assert not _imports(LINT / "context.py", runtime_only=False) & {"engine", "rules", "config"}
    assert "registry" not in _imports(LINT / "context.py", runtime_only=True)  # the Rule type only


@pytest.mark.parametrize("path", sorted((LINT / "rules").rglob("*.py")), ids=lambda p: p.name)
def test_rules_import_the_context_not_the_engine(path: Path) -> None:
    assert "engine" not in _imports(path, runtime_only=False)


def test_config_and_playbook_do_not_import_each_other_at_load() -> None:
    assert "config" not in _imports(LINT / "playbook.py", runtime_only=False)
    config = _imports(LINT / "config.py", runtime_only=True, top_level_only=True)
    assert "playbook" not in config and "engine" not in config
    assert {"layer", "registry"} <= config


def test_engine_reads_the_catalogue_and_the_context() -> None:
    assert {"context", "registry"} <= _imports(LINT / "engine.py", runtime_only=True)
    assert "rules" not in _imports(LINT / "engine.py", runtime_only=False)
