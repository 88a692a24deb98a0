"""Safe output: atomic writes, never overwrite without force, never touch inputs."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def check_writable(path: Path, force: bool) -> None:
    """Refuse early (before expensive rendering) when the output cannot be written."""
    if path.exists() and not force:
        raise OutputError("already exists; use --force to overwrite", str(path))
    if path.exists() and path.is_dir():
        raise OutputError("is a directory", str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"folder {str(parent)!r} does not exist", str(path))
    if not os.access(parent, os.W_OK):
        raise OutputError(f"folder {str(parent)!r} is not writable", str(path))


def _identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of what a path names (links followed); None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def refuse_inputs(output: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output that is one of the inputs: the same resolved path, or the same file
    through another name (symlink, hard link). `inputs` are all the files read, including
    those found by walking folders, so `-o FOLDER/doc.txt --force` cannot overwrite one."""
    target = os.path.realpath(output)
    ident = _identity(output)
    for p in inputs:
        if os.path.realpath(p) == target or (ident is not None and _identity(p) == ident):
            raise OutputError("is one of the inputs; choose another output file", str(output))


def _current_umask() -> int:
    """The process umask (reading it means setting it; set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _output_mode(path: Path) -> int:
    """The mode the written file gets: an existing file's own mode (overwriting with --force
    keeps it), else what the umask gives a new file (mkstemp alone would make it 0600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_current_umask()


def atomic_write(path: Path, data: bytes, force: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename over it in one step."""
    check_writable(path, force)
    mode = _output_mode(path)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():
            raise OutputError("already exists; use --force to overwrite", str(path))
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", str(path)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
