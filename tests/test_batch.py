"""Batches: path collection, input order across processes, per-file errors, compact results."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.lint import fake_pipeline

from sla_drafter.findings import Severity
from sla_drafter.lint import is_spec_file, lint
from sla_drafter.lint.batch import collect_paths, run_batch
from sla_drafter.lint.config import LintConfig

FIXTURES = Path(__file__).parent / "fixtures" / "lint"


@pytest.fixture(autouse=True)
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pipeline.install(monkeypatch)


def make_batch(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = "vendor.txt" if i % 3 == 0 else "clean.txt"
        p = folder / f"doc{i:03d}.txt"
        shutil.copy(FIXTURES / src, p)
        paths.append(p)
    return paths


def test_collect_paths_walks_sorted_and_filters(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b" / "c.PDF").write_text("x")
    (tmp_path / "b" / "~$c.docx").write_text("x")
    (tmp_path / "b" / "c.docx~").write_text("x")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "d.txt").write_text("x")
    (tmp_path / "spec.yaml").write_text("# a spec\nsla_drafter: 1\ntitle: x\n")
    (tmp_path / "other.yml").write_text("name: playbook\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    files, errors = collect_paths([tmp_path, tmp_path / "a.md", tmp_path / "missing.txt"])
    assert files == [str(tmp_path / "a.md"), str(tmp_path / "b" / "c.PDF"), str(tmp_path / "spec.yaml")]
    assert errors == [(str(tmp_path / "missing.txt"), f"{tmp_path / 'missing.txt'}: no such file or folder")]


def test_is_spec_file(tmp_path: Path) -> None:
    spec = tmp_path / "s.yml"
    spec.write_text("sla_drafter: 1\n")
    nested = tmp_path / "n.yaml"
    nested.write_text("x:\n  sla_drafter: 1\n")
    assert is_spec_file(spec) and not is_spec_file(nested)
    assert not is_spec_file(tmp_path / "s.txt")


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_in_input_order_with_errors_in_place(tmp_path: Path, jobs: int) -> None:
    paths = make_batch(tmp_path, 9)
    paths[4].write_text("")  # empty: unreadable
    bad = tmp_path / "fake.docx"
    bad.write_text("plain text pretending to be Word")
    inputs = [*paths[:6], bad, *paths[6:]]
    outcomes = list(run_batch([str(p) for p in inputs], config=LintConfig(), jobs=jobs))
    assert [p for p, _ in outcomes] == [str(p) for p in inputs]
    errors = [(p, o) for p, o in outcomes if isinstance(o, str)]
    assert [p for p, _ in errors] == [str(paths[4]), str(bad)]
    for path, message in errors:
        assert message.startswith(path + ":") and "\n" not in message


def test_lint_batch_summary_and_exit_code(tmp_path: Path) -> None:
    paths = make_batch(tmp_path / "docs", 6)
    empty = tmp_path / "docs" / "zz-empty.txt"
    empty.write_text("   \n")
    result = lint([tmp_path / "docs"], jobs=2)
    assert [d.path for d in result.documents] == [str(p) for p in paths]
    assert [p for p, _ in result.errors] == [str(empty)]
    assert result.summary() == {"documents": 6, "errors": 2, "warnings": 4, "info": 2}
    assert result.exit_code() == 2
    result.errors.clear()
    assert result.exit_code() == 1 and result.exit_code(Severity.ERROR) == 1


def test_results_are_compact_unless_documents_are_kept(tmp_path: Path) -> None:
    paths = make_batch(tmp_path, 3)
    assert all(d.doc is None for d in lint(paths, jobs=2).documents)
    kept = lint(paths, jobs=2, keep_documents=True).documents
    assert all(d.doc is not None and d.doc.text for d in kept)


def test_parallel_equals_sequential(tmp_path: Path) -> None:
    paths = make_batch(tmp_path, 12)
    one = lint(paths, jobs=1).to_dict()
    many = lint(paths, jobs=3).to_dict()
    assert one == many


def test_stance_argument_overrides_config(tmp_path: Path) -> None:
    paths = make_batch(tmp_path, 1)
    cfg = LintConfig(severity={"customer": {}, "provider": {"SLA201": Severity.INFO}})
    sev = {f.code: f.severity for f in lint(paths, config=cfg, stance="provider", jobs=1).documents[0].findings}
    assert sev["SLA201"] is Severity.INFO
    sev = {f.code: f.severity for f in lint(paths, config=cfg, jobs=1).documents[0].findings}
    assert sev["SLA201"] is Severity.ERROR


def test_duplicate_paths_are_linted_once(tmp_path: Path) -> None:
    paths = make_batch(tmp_path, 2)
    result = lint([paths[0], tmp_path, paths[0]], jobs=1)
    assert [d.path for d in result.documents] == [str(paths[0]), str(paths[1])]


def test_invalid_spec_is_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("sla_drafter: 1\ntitle: 3\nbogus: x\n")
    result = lint([spec], jobs=1)
    assert len(result.errors) == 1
    path, message = result.errors[0]
    assert path == str(spec) and message.startswith(str(spec)) and "\n" not in message


def test_sla_drafter_lint_is_callable_either_way(tmp_path: Path) -> None:
    import sla_drafter
    import sla_drafter.lint

    paths = make_batch(tmp_path, 1)
    result = sla_drafter.lint(paths, jobs=1)  # type: ignore[operator]
    assert [d.path for d in result.documents] == [str(paths[0])]


def _die(task: object) -> object:
    import os

    os._exit(3)


def test_a_dead_worker_is_that_files_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sla_drafter.lint import batch

    paths = make_batch(tmp_path, 4)
    monkeypatch.setattr(batch, "_lint_one", _die)
    outcomes = list(run_batch([str(p) for p in paths], config=LintConfig(), jobs=2))
    assert [p for p, _ in outcomes] == [str(p) for p in paths]
    for path, outcome in outcomes:
        assert isinstance(outcome, str) and outcome.startswith(f"{path}: the process reading it died")
        assert "\n" not in outcome


_REAL_LINT_ONE = None


def _die_on_one(task: tuple[str, object, bool]) -> object:
    import os
    import signal

    if task[0].endswith("killer.txt"):
        os.kill(os.getpid(), signal.SIGKILL)  # a hostile file takes its worker down
    assert _REAL_LINT_ONE is not None
    return _REAL_LINT_ONE(task)


def test_one_killed_worker_does_not_lose_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sla_drafter.lint import batch

    global _REAL_LINT_ONE
    _REAL_LINT_ONE = batch._lint_one
    paths = [str(p) for p in make_batch(tmp_path, 40)]
    killer = tmp_path / "killer.txt"
    killer.write_text(Path(paths[0]).read_text())
    files = [*paths[:25], str(killer), *paths[25:]]
    monkeypatch.setattr(batch, "_lint_one", _die_on_one)
    outcomes = list(run_batch(files, config=LintConfig(), jobs=2))
    assert [p for p, _ in outcomes] == files  # input order, every file answered
    errors = [(p, o) for p, o in outcomes if isinstance(o, str)]
    assert errors == [(str(killer), f"{killer}: the process reading it died (killed, or the reader crashed); skipped")]
    assert all(not isinstance(o, str) for p, o in outcomes if p != str(killer))


def test_workers_pack_results_and_the_parent_keeps_them_as_they_are(tmp_path: Path) -> None:
    from sla_drafter.lint.batch import Packed, PackedResults

    paths = [str(p) for p in make_batch(tmp_path, 4)]
    packed = list(run_batch(paths, config=LintConfig(), jobs=2, packed=True))
    plain = list(run_batch(paths, config=LintConfig(), jobs=1))
    assert all(isinstance(o, Packed) for _, o in packed)
    store = PackedResults()
    for _, outcome in packed:
        assert isinstance(outcome, Packed)
        store.append(outcome)
    assert [d.to_dict() for d in store] == [o.to_dict() for _, o in plain if not isinstance(o, str)]
    kept = list(run_batch(paths, config=LintConfig(), jobs=2, packed=True, keep_documents=True))
    assert all(isinstance(o, Packed) and o.unpack().doc is not None for _, o in kept)  # documents too


def test_a_batch_keeps_documents_compressed_when_a_format_needs_their_text(tmp_path: Path) -> None:
    from sla_drafter.lint.batch import PackedResults

    paths = make_batch(tmp_path / "docs", 6)
    result = lint([str(p) for p in paths], jobs=1, keep_documents=True)
    assert isinstance(result.documents, PackedResults)  # bytes per file, unpacked on access
    texts = [d.doc.text for d in result.documents if d.doc is not None]
    assert len(texts) == 6 and all(texts)
    single = lint([str(paths[0])], jobs=1, keep_documents=True)
    assert isinstance(single.documents, list) and single.documents[0].doc is not None
