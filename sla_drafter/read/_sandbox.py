"""Run a reader in a forked child with a time and memory budget (Linux).

pdfium is C: a mutated PDF can keep it busy for minutes (rebuilding a broken
cross-reference table is quadratic in duplicated objects) or make it allocate
gigabytes, and no Python-level check can interrupt it. A forked child can be
killed: the parent waits at most `seconds`, the child's address space may grow
by at most `memory` bytes, and either budget exceeded is the file's one-line
InputError while the caller (a batch) goes on. Forking costs a few milliseconds
(copy-on-write; the child has every module the parent imported).

`call_budgeted(fn, *args)` (a module-level function: it is sent to the child by name)
keeps its child between calls: a reader child serves file after file under the same
budgets, so a batch or a long-running process forks once, not per file, and reads in a
child whose memory is already its own (a freshly forked child copies each page of the
parent's heap it touches, which cost more than the fork). A file that fails in a way
other than a refusal (an exception, memory), a child grown past `_RETIRE_GROWTH`, and
a child over its time (killed) are not used again: the next file gets a fresh child.

Without os.fork (Windows), or with SLA_DRAFTER_NO_SANDBOX=1, the reader runs in
process, without the budgets.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from ..errors import InputError

resource: Any
try:  # imported here, once: a child importing it would pay for it on every document
    import resource
except ImportError:  # pragma: no cover - Windows, where no child is forked
    resource = None

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
    return cast(T, _outcome(pickle.loads(data), name, what, memory))  # our own child's output


def call_budgeted(
    fn: Callable[..., T],
    *args: object,
    name: str,
    seconds: float | None = None,
    memory: int = DEFAULT_MEMORY,
    what: str = "document",
) -> T:
    """fn(*args) in this process's reader child, under the same budgets as `run_budgeted`:
    a fresh child for the first call and after a child is retired, the same one otherwise.
    `fn` and `args` are pickled (fn by its module and name)."""
    if not available():
        return fn(*args)
    if not _Server.lock.acquire(blocking=False):  # another thread is using the reader child
        return run_budgeted(lambda: fn(*args), name, seconds=seconds, memory=memory, what=what)
    try:
        return _call_server(fn, args, name, time_limit(seconds), memory, what)
    finally:
        _Server.lock.release()


def _call_server(
    fn: Callable[..., T], args: tuple[object, ...], name: str, seconds: float, memory: int, what: str
) -> T:
    request = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
    server = _Server.get(memory)
    try:
        try:
            server.send(request)
        except OSError:  # it went away between files (killed from outside): one more try
            server.close()
            server = _Server.get(memory)
            server.send(request)
        data, timed_out = server.receive(seconds)
    except BaseException:
        # interrupted between request and reply (Ctrl+C): a reply left in the pipe would
        # answer the next request, so this child is not used again
        server.close()
        raise
    if timed_out:
        server.close()
        raise InputError(
            f"reading the {what} took longer than {seconds:g} s; refusing it (damaged or hostile?)",
            name,
        )
    if data is None:
        server.close()
        raise _over_memory(name, what, memory, "or crashed the reader")
    retire, out = pickle.loads(data)  # our own child's output
    if retire:
        server.close()
    return cast(T, _outcome(out, name, what, memory))


_HEADER = struct.Struct("!Q")  # each message: its length, then its bytes
_RETIRE_GROWTH = 512 * 2**20  # a reader child whose address space grew this much is replaced


class _Server:
    """This process's reader child: requests in on one pipe, replies out on another."""

    current: _Server | None = None
    lock = threading.Lock()  # one request at a time (the web app reads in threads)

    def __init__(self, memory: int) -> None:
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(req_w)
            os.close(res_r)
            _serve(req_r, res_w, memory)
        os.close(req_r)
        os.close(res_w)
        self.pid, self.req, self.res, self.memory = pid, req_w, res_r, memory
        self.owner = os.getpid()
        self.buffer = b""

    @classmethod
    def get(cls, memory: int) -> _Server:
        server = cls.current
        if server is not None and (server.owner != os.getpid() or server.memory != memory):
            server.close()
            server = None
        if server is None:
            server = cls.current = cls(memory)
        return server

    def send(self, request: bytes) -> None:
        _write_all(self.req, _HEADER.pack(len(request)) + request)

    def receive(self, seconds: float) -> tuple[bytes | None, bool]:
        """(reply, timed_out); reply None when the child ended without one."""
        deadline = time.monotonic() + seconds
        data = b""
        size: int | None = None
        while size is None or len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, True
            ready, _, _ = select.select([self.res], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.res, 1 << 20)
            if not chunk:
                return None, False
            data += chunk
            if size is None and len(data) >= _HEADER.size:
                size = _HEADER.size + _HEADER.unpack_from(data)[0]
        return data[_HEADER.size :], False

    def close(self) -> None:
        """Stop using the child: in this process, end it (it leaves on its own once its
        request pipe closes, or is killed if still busy) and reap it; in a forked copy of
        the process, only let go of the inherited pipes."""
        if _Server.current is self:
            _Server.current = None
        for fd in (self.req, self.res):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.owner == os.getpid():
            _reap(self.pid)


def _forget_server() -> None:  # pragma: no cover - runs in forked children
    """A forked process does not share its parent's reader child (the pipes are let go)."""
    _Server.lock = threading.Lock()  # another thread may have held it at the fork
    server = _Server.current
    if server is not None:
        server.close()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_server)


@atexit.register
def _stop_server() -> None:
    server = _Server.current
    if server is not None:
        server.close()


def _serve(req_fd: int, res_fd: int, memory: int) -> None:  # pragma: no cover - the child
    """Answer requests until the parent lets go of the pipe or the child retires; never return."""
    code = 0
    gc.freeze()  # as in _child: the parent's heap is not this child's to collect
    gc.enable()  # its own garbage is (the parent may have paused collection at the fork)
    try:
        start = _address_space()
        while True:
            request = _read_message(req_fd)
            if request is None:
                break
            _limit_memory(memory)  # a fresh budget for each file
            out = _attempt(_answer, request)
            del request
            retire = out[0] in ("memory", "exception") or (
                start > 0 and _address_space() - start > _RETIRE_GROWTH
            )
            reply = _dumps((retire, out))
            _write_all(res_fd, _HEADER.pack(len(reply)) + reply)
            if retire:
                break
            del out, reply
    except BaseException:  # the pipe is gone: nothing to report to
        code = 1
    finally:
        os._exit(code)


def _answer(request: bytes) -> object:  # pragma: no cover - the child
    fn, args = pickle.loads(request)
    return fn(*args)


def _read_message(fd: int) -> bytes | None:  # pragma: no cover - the child
    """One length-prefixed message, or None at the end of the pipe."""
    data = b""
    size: int | None = None
    while size is None or len(data) < size:
        chunk = os.read(fd, max(size - len(data), 1 << 16) if size is not None else _HEADER.size)
        if not chunk:
            return None
        data += chunk
        if size is None and len(data) >= _HEADER.size:
            size = _HEADER.size + _HEADER.unpack_from(data)[0]
    return data[_HEADER.size :]


def _outcome(out: tuple[str, object], name: str, what: str, memory: int) -> Any:
    """The child's result, or its failure as the file's InputError."""
    status, payload = out
    if status == "ok":
        return payload
    if status == "memory":
        raise _over_memory(name, what, memory)
    if status == "exception":
        raise InputError(f"not a readable {what} ({payload})", name)
    message, path, line = cast(tuple[str, "str | None", "int | None"], payload)
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
    # The parent's objects are the child's to read, not to collect: a collection would walk
    # (and so copy, page by page) the parent's whole heap
    gc.freeze()
    try:
        _limit_memory(memory)
        _write_all(write_fd, _dumps(_attempt(fn)))
    except BaseException:  # the pipe is gone: nothing to report to
        code = 1
    finally:
        os._exit(code)


def _limit_memory(memory: int) -> None:
    """Let the address space grow by at most `memory` bytes from here (the soft limit only,
    so that a reader child can set it again before each file)."""
    try:
        limit = _address_space() + memory
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (AttributeError, ValueError, OSError):
        pass


def _attempt(fn: Callable[..., object], *args: object) -> tuple[str, object]:
    """(status, payload): ("ok", fn(*args)), or the failure as the parent reports it."""
    try:
        return ("ok", fn(*args))
    except InputError as exc:
        return ("error", (exc.message, exc.path, exc.line))
    except MemoryError:
        return ("memory", None)
    except BaseException as exc:  # reported to the parent as one line
        detail = " ".join(str(exc).split())[:200]
        return ("exception", f"{type(exc).__name__}: {detail}")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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
