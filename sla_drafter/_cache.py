"""Start-up cache: compiled regular expressions and parsed data files, kept between runs.

Nearly all of a single `lint` used to be start-up: the rule files, the topic lexicon
and the rule modules compile about a thousand regular expressions, and Python's
`re` parses and compiles each one in pure Python (about 0.4 ms apiece). The
compiled form is a list of integers that `_sre.compile` turns into a pattern in
microseconds, so this module keeps it on disk:

- `rx(pattern, flags)` is `re.compile` with a persistent cache of the compiled code.
  The pattern object it returns is the same object `re.compile` builds (equal, same
  groups, same matches); only the work of getting there is skipped.
- `yaml_data(text, key)` is a YAML parse (libyaml when present) whose result is
  cached by the SHA-1 of the text, so an edited file is simply parsed again.

One cache file per interpreter (its version and `_sre.MAGIC` are in the name, since
the code format is private to each), written atomically when a run added entries,
under `$SLA_DRAFTER_CACHE` or the user cache folder (`$XDG_CACHE_HOME/sla-drafter`,
`~/.cache/sla-drafter`). `SLA_DRAFTER_CACHE=off` disables it. Any problem (no
writable folder, a truncated or foreign file, an interpreter without these
internals) falls back to plain `re.compile` and a fresh parse: the cache can make a
run faster, never different.
"""

from __future__ import annotations

import array
import atexit
import contextlib
import gc
import hashlib
import importlib
import marshal
import os
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

_FORMAT = 4  # 4: adler32 check (a fifth of crc32's cost on a 2 MB file)
# Only what the package compiles or parses is meant to be kept; should something
# document-specific slip in, the file still stops growing here.
_MAX_ENTRIES = 10_000

_sre: Any
_re_compiler: Any
_re_parser: Any
try:  # the parts of `re` that compile; present in CPython 3.11-3.13
    _sre = importlib.import_module("_sre")
    _re_compiler = importlib.import_module("re._compiler")
    _re_parser = importlib.import_module("re._parser")
    _ENGINE: str | None = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
    if _sre.CODESIZE != 4:  # pragma: no cover - the code words would not fit the array
        _ENGINE = None
except (ImportError, AttributeError):  # pragma: no cover - another interpreter
    _ENGINE = None

T = TypeVar("T")

# (pattern, flags) -> (flags, code, groups, groupindex, indexgroup), as `_sre.compile` takes them
# The code is kept as the bytes of an array of code words: one bytes object loads in a
# copy, where a list of a few hundred thousand ints would be built int by int.
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_CODE_TYPE = next((t for t in "IL" if array.array(t).itemsize == 4), "I")


class YamlError(ValueError):
    """The text is not valid YAML (with the parser's message); callers need not import yaml."""


class _Store:
    """Three tables (compiled regexes, parsed YAML, derived values), read once per run."""

    TABLES = ("regex", "data", "derived")

    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, Any]] = {t: {} for t in self.TABLES}
        self.used: dict[str, dict[Any, Any]] = {t: {} for t in self.TABLES}  # this run's
        self.loaded = False
        self.dirty = False
        self.path: Path | None = None

    def get(self, table: str, key: Any) -> Any:
        value = self.tables[table].get(key)
        if value is not None:
            self.used[table][key] = value
        return value

    def put(self, table: str, key: Any, value: Any) -> None:
        if len(self.used[table]) < _MAX_ENTRIES:
            self.tables[table][key] = self.used[table][key] = value
            self.dirty = True

    def load(self) -> None:
        self.loaded = True
        self.path = _cache_file()
        if self.path is None:
            return
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        check, payload = blob[:4], blob[4:]
        if zlib.adler32(payload).to_bytes(4, "big") != check:
            return  # truncated or damaged: start again
        try:
            fmt, tables = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if fmt == _FORMAT and isinstance(tables, dict) and set(tables) == set(self.TABLES):
            self.tables = tables

    def save(self) -> None:
        """Write this run's entries, with the file's others while it stays small: entries
        for code that has since changed are never read again, and go at the next prune."""
        if not self.dirty or self.path is None:
            return
        self.dirty = False
        out = {}
        for name in self.TABLES:
            every, used = self.tables[name], self.used[name]  # `every` holds `used`
            kept = every if len(every) <= _MAX_ENTRIES else dict(used)
            if name != "regex":
                kept = _drop_superseded(name, kept, used)
            out[name] = kept
        try:
            payload = marshal.dumps((_FORMAT, out))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # here: most runs write nothing

            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".cache")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(zlib.adler32(payload).to_bytes(4, "big") + payload)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            pass  # a read-only home, a full disk: the next run compiles again


_STORE = _Store()

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def _kind(table: str, key: Any) -> str:
    """An entry's kind: "phrase-rule" for "phrase-rule:<sha1>" (data), "engine-<fp>-anchors"
    for "engine-<fp>-anchors\\0<digest>" (derived)."""
    text = str(key)
    return text.rsplit(":", 1)[0] if table == "data" else text.split("\0", 1)[0]


def _drop_superseded(table: str, entries: dict[Any, Any], used: dict[Any, Any]) -> dict[Any, Any]:
    """Without the entries this run has replaced, so edits and upgrades do not pile up.

    data: a run that parsed files of a kind (say "phrase-rule") parsed all of that kind
    it needs, so other versions of that kind go. derived: a kind's name carries the
    fingerprints of the code it follows from, so "engine-<old>-anchors" goes once a run
    used "engine-<new>-anchors"; entries of the current kind stay, used or not."""
    live_kinds = {_kind(table, k) for k in used}
    if table == "data":
        return {k: v for k, v in entries.items() if k in used or _kind(table, k) not in live_kinds}
    live = {_FINGERPRINT.sub("", kind): kind for kind in live_kinds}
    return {
        k: v for k, v in entries.items()
        if live.get(_FINGERPRINT.sub("", _kind(table, k)), _kind(table, k)) == _kind(table, k)
    }


def _cache_file() -> Path | None:
    if _ENGINE is None:
        return None
    setting = os.environ.get("SLA_DRAFTER_CACHE", "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        folder = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "sla-drafter"
    from . import __version__

    # a CLI command has a file of its own (see hold_gc): a lint does not read the clause
    # library's and templates' entries a draft keeps, nor a draft the rules'
    profile = f"-{_PROFILE[0]}" if _PROFILE else ""
    return folder / f"startup-{__version__}-{_ENGINE}{profile}.bin"


def _store() -> _Store:
    if not _STORE.loaded:
        _STORE.load()
        atexit.register(_STORE.save)
    return _STORE


def _compile_entry(pattern: str, flags: int) -> Entry:
    """What `re._compiler.compile` computes before it calls `_sre.compile`."""
    parsed = _re_parser.parse(pattern, flags)
    code = _re_compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        array.array(_CODE_TYPE, code).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _build(pattern: str, entry: Entry) -> Any:
    final_flags, code, groups, groupindex, indexgroup = entry
    words = array.array(_CODE_TYPE)
    words.frombytes(code)
    return _sre.compile(pattern, final_flags, words.tolist(), groups, groupindex, indexgroup)


def rx(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, with the compiled code cached between runs."""
    flags = int(flags)
    if _ENGINE is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    store = _store()
    key = (pattern, flags)
    entry = store.get("regex", key)
    if entry is not None:
        # known good (this code compiled it before): built when first used, since a lint
        # uses about a third of the thousand-odd patterns the rules and lexicon define
        return cast("re.Pattern[str]", _LazyPattern(pattern, flags, entry))
    return _compiled(pattern, flags)


def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """The pattern compiled now (from the cache's code when it builds), entered in the cache."""
    store = _store()
    entry = store.get("regex", (pattern, flags))
    if entry is not None:
        try:
            compiled: re.Pattern[str] = _build(pattern, entry)
            return compiled
        except (RuntimeError, TypeError, ValueError, OverflowError):
            pass  # not this interpreter's code after all: compile afresh
    try:
        entry = _compile_entry(pattern, flags)
        compiled = _build(pattern, entry)
    except re.error:
        raise
    except Exception:  # pragma: no cover - internals changed: behave like re
        return re.compile(pattern, flags)
    store.put("regex", (pattern, flags), entry)
    return compiled


# what callers take from a pattern; kept on the stand-in once built, so that a call costs
# what it costs on the pattern itself
_PATTERN_METHODS = (
    "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
)


def _pattern_hash(pattern: str, entry: Entry) -> int:
    """What `hash()` of the pattern built from `entry` is, without building it: CPython's
    pattern_hash (hash of the source, of the code's bytes, the flags, the code's length)."""
    code = entry[1]
    value = hash(pattern) ^ hash(code) ^ entry[0] ^ (len(code) // 4)  # isbytes: 0
    return -2 if value == -1 else value


_HASH_RULE: list[bool] = []


def _hash_rule_holds() -> bool:
    """Whether `_pattern_hash` is this interpreter's rule (checked once, on a few patterns)."""
    if not _HASH_RULE:
        try:
            samples = [("a", 0), ("(?P<n>b)c?", 2), ("[d-z]", 34)]  # cheap to compile
            _HASH_RULE.append(all(
                hash(_build(p, e)) == _pattern_hash(p, e)
                for p, f in samples
                for e in [_compile_entry(p, f)]
            ))
        except Exception:  # whatever the reason: build the pattern to hash it
            _HASH_RULE.append(False)
    return _HASH_RULE[0]


class _LazyPattern:
    """Stands in for the `re.Pattern` `rx` returns until it is first used, then hands every
    attribute to the built pattern. `pattern` and `flags` are there without building it.

    Equal to the built pattern (and hashes like one built from the same source), and pickles
    as one."""

    def __init__(self, pattern: str, flags: int, entry: Entry) -> None:
        self.pattern = pattern
        self.flags = entry[0]  # what re.Pattern.flags says (with re.UNICODE added)
        self._source_flags = flags
        self._entry: Entry | None = entry
        self._real: re.Pattern[str] | None = None
        self._hash: int | None = None

    def _built(self) -> re.Pattern[str]:
        real = self._real
        if real is None:
            entry = self._entry
            try:
                real = _build(self.pattern, entry) if entry is not None else None
            except (RuntimeError, TypeError, ValueError, OverflowError):
                real = None
            if real is None:
                real = _compiled(self.pattern, self._source_flags)
            self._real, self._entry = real, None
            for name in _PATTERN_METHODS:
                self.__dict__[name] = getattr(real, name)
        return real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_real", "_entry", "_hash"):
            raise AttributeError(name)
        return getattr(self._built(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyPattern):
            other = other._built()
        return self._built() == other

    def __hash__(self) -> int:
        # kept: a pattern is immutable, and the engine looks its facts up by pattern for
        # every scan (a built pattern hashes its whole code again on every call)
        value = self._hash
        if value is None:
            entry = self._entry
            if entry is not None and _hash_rule_holds():
                value = _pattern_hash(self.pattern, entry)
            else:
                value = hash(self._built())
            self._hash = value
        return value

    def __repr__(self) -> str:
        return repr(self._built())

    def __reduce__(self) -> tuple[Any, ...]:
        return re.compile, (self.pattern, self._source_flags)

    def __copy__(self) -> _LazyPattern:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _LazyPattern:
        return self


def yaml_data(text: str, kind: str) -> Any:
    """`yaml.safe_load(text)` (libyaml when present), cached by the text's SHA-1.

    `kind` names what the text is (e.g. "phrase-rule") so unrelated files never share
    an entry. A value marshal cannot store (a date, say) is parsed on every run.
    """
    store = _store()
    key = kind + ":" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    blob = store.get("data", key)
    if isinstance(blob, bytes):
        return marshal.loads(blob)  # a fresh copy: callers may change what they get
    import yaml  # here: most runs never parse YAML again

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from None
    with contextlib.suppress(ValueError):
        store.put("data", key, marshal.dumps(data))
    return data


def fingerprint(path: str | Path) -> str:
    """A short hash of a source file, to key `derived` results by the code computing them."""
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return "unknown"


def derived(kind: str, key: str, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """`compute()`, cached between runs under `kind` and `key`.

    For values that follow from the key alone (what a regex's parse tree says about
    its literals, say). `kind` must change when the computing code does: pass a
    `fingerprint` of its source file in it. The value must be one marshal can store
    (None, numbers, strings, tuples, lists, dicts, sets, frozensets); else it is
    computed on every run. `keep`: only values it accepts are kept (a check's pass,
    say, where a failure must be worked out again to report its errors).
    """
    store = _store()
    # the key by its digest: entries stay small whatever the key (a long pattern, say)
    full = kind + "\0" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    table = store.tables["derived"]
    if full in table:
        value: T = table[full]
        store.used["derived"][full] = value
        return value
    value = compute()
    if keep is not None and not keep(value):
        return value
    try:
        marshal.dumps(cast(Any, value))
    except ValueError:
        return value
    store.put("derived", full, value)
    return value


def save() -> None:
    """Write what this run added (also done at exit)."""
    if _STORE.loaded:
        _STORE.save()


# --------------------------------------------------------------------------- start-up of a CLI run
# Two costs of a short run that no cached value removes: the cyclic garbage collector,
# which walks the start-up's long-lived objects (modules, compiled rules, the cache's
# tables) again and again while they are being built (a fifth of a text lint), and
# the patterns other modules (click, json, tomllib, nupunkt) compile with `re.compile`
# as they are imported. The CLI holds the collector until its start-up is done and
# seeds `re`'s own cache with the patterns its last start-up compiled.

_SEED_KIND = "re-seed"
_SEED_MAX = 400  # below re's own cache size (512), so seeding never evicts a pattern
_held: list[str] = []  # the command whose start-up holds the collector (at most one)
_PROFILE: list[str] = []  # the CLI command whose cache file this run reads and writes


def hold_gc(command: str) -> None:
    """Called first by the CLI: no cyclic collection until `release_gc`, and `re`'s cache
    seeded with what `command`'s start-up compiled last time."""
    if _held or not gc.isenabled():
        return
    if not _STORE.loaded and command.isidentifier():
        _PROFILE[:] = [command]
    gc.disable()
    _held.append(command)
    _seed_re(command)


def release_gc(*, done: bool = True) -> None:
    """The start-up is done: what it built lives as long as the process, so it is moved
    out of the collector's sight (`gc.freeze`) and collection resumes for the per-document
    work. Records the start-up's `re.compile` patterns for the next run's seeding.
    `done=False` (a run that ended early, say on an error) only resumes collection.
    Without `hold_gc` (the library used from other code) this does nothing."""
    if not _held:
        return
    command = _held.pop()
    if done:
        _record_re(command)
        gc.freeze()
    gc.enable()


def _re_cache() -> dict[Any, Any] | None:
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) and _ENGINE is not None else None


def _seed_re(command: str) -> None:
    cache = _re_cache()
    if cache is None:
        return
    store = _store()
    keys = store.get("derived", _SEED_KIND + "\0" + command)
    if not isinstance(keys, list):
        return
    for key in keys:
        try:
            pattern, flags = key
            entry = store.get("regex", (pattern, flags))
            if entry is not None:
                cache[(str, pattern, flags)] = _build(pattern, entry)
        except (RuntimeError, TypeError, ValueError, OverflowError):
            continue  # a damaged entry: re compiles that one itself


def _record_re(command: str) -> None:
    """Remember the text patterns in `re`'s cache now, at the end of the start-up (before
    any document: a document's own patterns are never kept)."""
    cache = _re_cache()
    if cache is None:
        return
    store = _store()
    name = _SEED_KIND + "\0" + command
    known = store.get("derived", name)
    seen = [
        (k[1], k[2])
        for k in list(cache)
        if len(k) == 3 and k[0] is str and type(k[1]) is str and type(k[2]) is int
        and not k[2] & (re.DEBUG | 1)  # 1: re.TEMPLATE, which warns when compiled
    ]
    if isinstance(known, list) and set(map(tuple, known)) >= set(seen):
        return
    keys = []
    for pattern, flags in dict.fromkeys([*(known if isinstance(known, list) else []), *seen]):
        if store.get("regex", (pattern, flags)) is None:
            try:
                store.put("regex", (pattern, flags), _compile_entry(pattern, flags))
            except Exception:
                continue
        keys.append((pattern, flags))
    keys = keys[-_SEED_MAX:]
    store.put("derived", name, keys)

