"""The start-up cache makes runs faster, never different (sla_drafter/_cache.py)."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from sla_drafter import _cache

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "unseen"

TRICKY = [
    (r"(?P<amount>\d+(?:[.,]\d+)?)\s*%", 0),
    (r"(?<!not )\bshall\s+(?:credit|refund)\b", re.IGNORECASE),
    (r"^\s*(\d+(?:\.\d+)*)\.?\s+(?P<title>[A-Z][^\n]{0,80})$", re.MULTILINE),
    (r"[“\"](?P<term>[A-Z][\w -]{1,40})[”\"]\s+(?:means|shall mean)", 0),
    (r"(?=(?:sole|exclusive)\s+remed)|(?P<x>exclusive)", re.IGNORECASE),
    (r"(a)(b)?(?(2)c|d)", 0),
    (r"\bdowntime\b .{0,40}? minutes?", re.IGNORECASE | re.DOTALL),
    (r"""(?x) \d+  # a number
         \s* (?:hours?|days?)""", 0),
]
TEXT = (
    'Provider shall credit 10,5 % and 99.9% of the fee. "Downtime" means the time.\n'
    "1.2 Service Credits\nThe sole remedy is exclusive. abd ac ab abc\n"
    "downtime of at most 30 minutes; 4 hours and 2 days\n"
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache in a folder of the test's own."""
    monkeypatch.setenv("SLA_DRAFTER_CACHE", str(tmp_path))
    monkeypatch.setattr(_cache, "_STORE", _cache._Store())
    return tmp_path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert a == b  # same pattern, flags and compiled code
    assert (a.groups, a.groupindex) == (b.groups, b.groupindex)
    assert [m.groups() for m in a.finditer(TEXT)] == [m.groups() for m in b.finditer(TEXT)]
    assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)]


def test_cached_patterns_are_the_patterns_re_compiles(store: Path) -> None:
    cold = [_cache.rx(p, f) for p, f in TRICKY]
    _cache.save()
    assert any(store.iterdir()), "the cache was not written"
    _cache._STORE = _cache._Store()  # a new run: everything comes from the file
    warm = [_cache.rx(p, f) for p, f in TRICKY]
    assert not _cache._STORE.dirty, "the second run compiled again"
    for (p, f), c, w in zip(TRICKY, cold, warm, strict=True):
        _same(c, re.compile(p, f))
        _same(w, re.compile(p, f))


def test_a_bad_pattern_raises_as_re_does(store: Path) -> None:
    with pytest.raises(re.error):
        _cache.rx(r"(unclosed")
    assert not _cache._STORE.dirty


def test_a_damaged_or_foreign_cache_file_is_ignored(store: Path) -> None:
    _cache.rx(r"\bcredit\w*")
    _cache.save()
    (path,) = store.iterdir()
    path.write_bytes(path.read_bytes()[:-7])  # truncated
    _cache._STORE = _cache._Store()
    _same(_cache.rx(r"\bcredit\w*"), re.compile(r"\bcredit\w*"))
    assert _cache._STORE.dirty  # compiled afresh, and will be written again
    path.write_bytes(b"not a cache at all")
    _cache._STORE = _cache._Store()
    assert _cache.yaml_data("a: [1, 2]", "t") == {"a": [1, 2]}


def test_yaml_data_is_a_fresh_copy_and_follows_the_text(store: Path) -> None:
    first = _cache.yaml_data("items: [1, 2]\n", "t")
    first["items"].append(3)
    assert _cache.yaml_data("items: [1, 2]\n", "t") == {"items": [1, 2]}
    assert _cache.yaml_data("items: [1, 2, 4]\n", "t") == {"items": [1, 2, 4]}
    assert _cache.yaml_data("when: 2026-01-31\n", "t")["when"].year == 2026  # dates: not cached


def test_derived_values_are_kept_by_kind_and_key(store: Path) -> None:
    calls: list[str] = []

    def compute(value: str) -> frozenset[str]:
        calls.append(value)
        return frozenset({value})

    assert _cache.derived("k1", "x", lambda: compute("a")) == frozenset({"a"})
    assert _cache.derived("k1", "x", lambda: compute("b")) == frozenset({"a"})
    assert _cache.derived("k2", "x", lambda: compute("c")) == frozenset({"c"})
    assert calls == ["a", "c"]


def test_a_derived_value_keep_rejects_is_worked_out_again(store: Path) -> None:
    calls: list[bool] = []

    def check(result: bool) -> bool:
        calls.append(result)
        return result

    assert _cache.derived("k3", "x", lambda: check(False), keep=bool) is False
    assert _cache.derived("k3", "x", lambda: check(True), keep=bool) is True
    assert _cache.derived("k3", "x", lambda: check(False), keep=bool) is True  # the pass was kept
    assert calls == [False, True]


def test_disabled_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLA_DRAFTER_CACHE", "off")
    monkeypatch.setattr(_cache, "_STORE", _cache._Store())
    _same(_cache.rx(r"\d+ days?"), re.compile(r"\d+ days?"))
    _cache.save()
    assert _cache._STORE.path is None


def _run(args: list[str], cache: str, cwd: Path) -> bytes:
    env = {**os.environ, "SLA_DRAFTER_CACHE": cache}
    done = subprocess.run(
        [sys.executable, "-c", "from sla_drafter.cli import main; main()", *args],
        cwd=cwd, env=env, capture_output=True, check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout


def test_outputs_are_byte_identical_without_with_a_cold_and_with_a_warm_cache(tmp_path: Path) -> None:
    """Also through the CLI's start-up (collector held, `re` seeded) and the PDF sandbox."""
    from test_read import make_docx, three_page_pdf

    docs = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md"})[:3]
    docs += [three_page_pdf(tmp_path / "three.pdf"), make_docx(tmp_path / "vendor.docx")]
    assert docs
    cache = tmp_path / "cache"
    runs: dict[str, list[bytes]] = {}
    for label, setting in (("off", "off"), ("cold", str(cache)), ("warm", str(cache))):
        out = []
        for fmt in ("json", "sarif"):
            out.append(_run(["lint", "--format", fmt, *map(str, docs)], setting, tmp_path))
        target = tmp_path / f"{label}.md"
        _run(["draft", str(ROOT / "examples" / "saas.yaml"), "-o", str(target)], setting, tmp_path)
        out.append(target.read_bytes())
        runs[label] = out
        if label == "cold":
            assert any(cache.iterdir()), "the cold run wrote no cache"
    assert runs["off"] == runs["cold"] == runs["warm"]
    assert all(runs["off"])


def test_entries_no_run_uses_are_pruned_once_the_file_grows(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cache, "_MAX_ENTRIES", 3)

    def run(*patterns: str) -> set[str]:
        _cache._STORE = _cache._Store()
        for p in patterns:
            _cache.rx(p)
        _cache.save()
        fresh = _cache._Store()
        fresh.load()
        return {p for p, _ in fresh.tables["regex"]}

    assert run("a+", "b+") == {"a+", "b+"}
    assert run("c+") == {"a+", "b+", "c+"}  # small enough: the others stay
    assert run("d+", "a+") == {"d+", "a+"}  # over the limit: only what this run used


def test_entries_a_run_has_replaced_are_dropped(store: Path) -> None:
    def run(*steps: tuple[str, str, str]) -> set[str]:
        _cache._STORE = _cache._Store()
        for table, kind, key in steps:
            if table == "derived":
                _cache.derived(kind, key, lambda k=key: k)
            else:
                _cache.yaml_data(key, kind)
        _cache.save()
        fresh = _cache._Store()
        fresh.load()
        return {str(k).split("\0")[0] for k in fresh.tables["derived"]} | {
            str(k).rsplit(":", 1)[0] + "=" + str(len(fresh.tables["data"])) for k in fresh.tables["data"]
        }

    old, new = "0123456789abcdef", "fedcba9876543210"
    first = run(("derived", f"engine-{old}-anchors", "p1"), ("derived", "cue-trie-" + old, "c"),
                ("data", "phrase-rule", "a: 1"), ("data", "phrase-rule", "b: 1"))
    assert first == {f"engine-{old}-anchors", "cue-trie-" + old, "phrase-rule=2"}
    # the engine changed: its old anchors go, the cue trie (not used this run) stays;
    # one phrase file changed: the old version goes
    second = run(("derived", f"engine-{new}-anchors", "p1"),
                 ("data", "phrase-rule", "a: 2"), ("data", "phrase-rule", "b: 1"))
    assert second == {f"engine-{new}-anchors", "cue-trie-" + old, "phrase-rule=2"}


_GC_PROBE = """
import gc, sys
from sla_drafter import _cache, cli  # what main() imports before it holds the collector
frozen_at_collection = []
gc.callbacks.append(
    lambda phase, info: frozen_at_collection.append(gc.get_freeze_count()) if phase == "start" else None
)
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(gc.isenabled(), gc.get_freeze_count(), frozen_at_collection.count(0), file=sys.stderr)
"""


def _probe(script: str, args: list[str], cache: Path, ok: tuple[int, ...] = (0, 1)) -> list[str]:
    env = {**os.environ, "SLA_DRAFTER_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode in ok, done.stderr
    return done.stderr.strip().splitlines()[-1].split()


def test_a_cli_lint_collects_no_garbage_during_its_start_up(tmp_path: Path) -> None:
    """The collector waits while the start-up builds what the run keeps, then resumes with
    that frozen; collections before `lint` is called (click's import) are not ours."""
    doc = SAMPLES / "uk_call_off_schedule.txt"
    enabled, frozen, before_freeze = _probe(_GC_PROBE, ["lint", "--format", "json", str(doc)], tmp_path)
    assert enabled == "True"  # collection resumed for the documents
    assert int(frozen) > 10_000  # the start-up's modules and tables, out of the collector's sight
    assert before_freeze == "0"  # not one collection while they were being built


def test_a_cli_draft_collects_no_garbage_while_it_imports_its_modules(tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    args = ["draft", str(ROOT / "examples" / "saas.yaml"), "-o", str(out)]
    enabled, frozen, before_freeze = _probe(_GC_PROBE, args, tmp_path)
    assert out.read_text(encoding="utf-8").startswith("#")
    assert enabled == "True" and int(frozen) > 10_000 and before_freeze == "0"


def test_a_cli_run_that_fails_early_resumes_collection(tmp_path: Path) -> None:
    enabled, frozen, _ = _probe(_GC_PROBE, ["lint", str(tmp_path / "missing.txt")], tmp_path, ok=(0,))  # (its exit 2 is caught)
    assert enabled == "True" and frozen == "0"  # nothing was loaded for good: nothing frozen


def test_the_library_leaves_the_collector_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from sla_drafter.lint import lint

    monkeypatch.setenv("SLA_DRAFTER_CACHE", str(tmp_path))
    frozen = gc.get_freeze_count()
    lint(str(SAMPLES / "one_page_commitment.txt"), jobs=1)
    assert gc.isenabled() and gc.get_freeze_count() == frozen


_RE_PROBE = """
import sys
import re._compiler as compiler
compiled = []
original = compiler.compile
def counting(p, flags=0):
    compiled.append(p)
    return original(p, flags)
compiler.compile = counting
from sla_drafter import cli
compiled.clear()  # click's, before the CLI starts: not seeded
try:
    cli.main(["lint", "--format", "json", *sys.argv[1:]])
except SystemExit:
    pass
print(len(compiled), file=sys.stderr)
"""


def test_a_second_lint_finds_the_patterns_its_start_up_compiles_in_res_cache(tmp_path: Path) -> None:
    """Modules imported by the start-up (nupunkt, json, tomllib) compile with `re.compile`;
    the next run finds those patterns already in `re`'s cache, built from the cached code."""
    doc = str(SAMPLES / "one_page_commitment.txt")
    first = int(_probe(_RE_PROBE, [doc], tmp_path)[0])  # cold: yaml's patterns too
    second = int(_probe(_RE_PROBE, [doc], tmp_path)[0])
    third = int(_probe(_RE_PROBE, [doc], tmp_path)[0])
    # without seeding a warm run still compiles about four in five of a cold run's
    # (nupunkt's, json's, tomllib's...); what is left is the document's own few
    assert first >= 20
    assert second <= first // 2 and third <= first // 2


def test_lint_and_draft_keep_files_of_their_own(tmp_path: Path) -> None:
    """A lint does not read the clause library's entries a draft keeps (a draft's file is a
    tenth of a lint's), and each command still finds its own entries in the next run."""
    cache = tmp_path / "cache"
    doc = str(SAMPLES / "one_page_commitment.txt")
    out = tmp_path / "d.md"
    for _ in range(2):
        _run(["lint", "--format", "json", doc], str(cache), tmp_path)
        _run(["draft", str(ROOT / "examples" / "saas.yaml"), "-o", str(out), "--force"], str(cache), tmp_path)
    files = {p.name.rsplit("-", 1)[-1]: p for p in cache.iterdir()}
    assert set(files) == {"lint.bin", "draft.bin"}
    for name, path in files.items():
        blob = path.read_bytes()
        assert zlib.adler32(blob[4:]).to_bytes(4, "big") == blob[:4]
        _, tables = marshal.loads(blob[4:])
        kinds = {str(k).split("\0")[0].split("-")[0] for k in tables["derived"]}
        assert ("jinja" in kinds) == (name == "draft.bin"), kinds  # compiled clause templates
        assert ("engine" in kinds) == (name == "lint.bin"), kinds  # the rules' pattern facts


def test_a_cached_pattern_is_built_when_first_used_and_acts_as_re_compiles_it(store: Path) -> None:
    """A lint uses about a third of the patterns its rules and lexicon define: those the
    cache knows are built on first use; until then `pattern` and `flags` are there."""
    import copy
    import pickle

    for p, f in TRICKY:
        _cache.rx(p, f)
    _cache.save()
    _cache._STORE = _cache._Store()
    for p, f in TRICKY:
        real = re.compile(p, f)
        lazy = _cache.rx(p, f)
        assert lazy.__dict__["_real"] is None  # not built yet
        assert (lazy.pattern, lazy.flags) == (real.pattern, real.flags)
        assert hash(lazy) == hash(real) and lazy.__dict__["_real"] is None  # hashed unbuilt
        assert {real: 1}[lazy] == 1 and lazy == real and real == lazy
        _same(lazy, real)
        assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]
        assert lazy.sub("#", TEXT) == real.sub("#", TEXT) and lazy.split(TEXT) == real.split(TEXT)
        assert pickle.loads(pickle.dumps(lazy)) == real and copy.deepcopy(lazy) is lazy
    assert not _cache._STORE.dirty  # nothing compiled afresh
