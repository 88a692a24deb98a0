"""Run a reader in a forked child with a time and memory budget (Linux).

pdfium is C: a mutated PDF can keep it busy for minutes (rebuilding a broken
cross-reference table is quadratic in duplicated objects) or make it allocate
gigabytes, and no Python-level check can interrupt it. A forked child can be
killed: the parent waits at most `seconds`, the child's address space may grow
by at most `memory` bytes, and either budget exceeded is the file's one-line
InputError while the caller (a batch) goes on. Forking costs a few milliseconds
(copy-on-write; the child has every module the parent imported).

Without os.fork (Windows), or with SLA_DRAFTER_NO_SANDBOX=1, the reader runs in
process, without the budgets.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import InputError

T = TypeVar("T")

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY = 2 * 2**30  # bytes the child may add to the parent's address space
TIME_LIMIT_ENV = "SLA_DRAFTER_TIME_LIMIT"  # seconds per document, overrides the default


def time_limit(seconds: float | None = None) -> float:
    """The per-document budget: `seconds` if given, else $SLA_DRAFTER_TIME_LIMIT, else 30.

    The environment reaches batch workers without any wiring; a bad value is ignored."""
    if seconds is not None and seconds > 0:
        return seconds
    try:
        value = float(os.environ.get(TIME_LIMIT_ENV, ""))
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 else DEFAULT_SECONDS


def available() -> bool:
    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and os.environ.get("SLA_DRAFTER_NO_SANDBOX", "") not in ("1", "true", "yes")
    )


def run_budgeted(
    fn: Callable[[], T],
    name: str,
    *,
    seconds: float | None = None,
    memory: int = DEFAULT_MEMORY,
    what: str = "document",
) -> T:
    """fn() in a forked child; its result (pickled) or its InputError in the parent.

    `seconds` defaults to time_limit()."""
    if not available():
        return fn()
    seconds = time_limit(seconds)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
        os.close(read_fd)
        _child(fn, write_fd, memory)
    os.close(write_fd)
    try:
        data, timed_out = _collect(read_fd, seconds)
    finally:
        os.close(read_fd)
        _reap(pid)
    if timed_out:
        raise InputError(
            f"reading the {what} took longer than {seconds:g} s; refusing it (damaged or hostile?)",
            name,
        )
    if not data:
        raise _over_memory(name, what, memory, "or crashed the reader")
    status, payload = pickle.loads(data)  # our own child's output
    if status == "ok":
        result: T = payload
        return result
    if status == "memory":
        raise _over_memory(name, what, memory)
    if status == "exception":
        raise InputError(f"not a readable {what} ({payload})", name)
    message, path, line = payload
    raise InputError(message, path if path is not None else name, line)


def _over_memory(name: str, what: str, memory: int, also: str = "") -> InputError:
    return InputError(
        f"reading the {what} needed more than {memory // 2**20} MiB of memory"
        f"{' ' + also if also else ''}; refusing it (damaged or hostile?)",
        name,
    )


def _child(fn: Callable[[], object], write_fd: int, memory: int) -> None:  # pragma: no cover
    """Run fn under the memory limit; write (status, payload) to the pipe; never return."""
    code = 0
    try:
        try:
            import resource

            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
        try:
            out: tuple[str, object] = ("ok", fn())
        except InputError as exc:
            out = ("error", (exc.message, exc.path, exc.line))
        except MemoryError:
            out = ("memory", None)
        except BaseException as exc:  # reported to the parent as one line
            detail = " ".join(str(exc).split())[:200]
            out = ("exception", f"{type(exc).__name__}: {detail}")
        data = _dumps(out)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]
    except BaseException:  # the pipe is gone: nothing to report to
        code = 1
    finally:
        os._exit(code)


def _dumps(out: object) -> bytes:
    """`pickle.dumps`, with a Document's blocks as plain argument tuples: a slotted dataclass
    pickles through Python-level `__getstate__`/`__setstate__` (about half the cost of
    sending a PDF's Document back), while `Block(*fields)` rebuilds the same block."""
    import copyreg
    import io
    from dataclasses import fields

    from ..document import Block

    if any(not f.init for f in fields(Block)):  # pragma: no cover - Block(*fields) would not do
        return pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
    names = tuple(f.name for f in fields(Block))

    def reduce_block(block: Block) -> tuple[type[Block], tuple[object, ...]]:
        return Block, tuple([getattr(block, n) for n in names])

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, Block: reduce_block}
    pickler.dump(out)
    return buffer.getvalue()


def _address_space() -> int:
    """The process's current virtual size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _collect(fd: int, seconds: float) -> tuple[bytes, bool]:
    """Everything the child writes, until EOF or the deadline (then timed_out=True)."""
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Kill the child if it still runs (over budget, or exiting anyway) and reap it."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
