"""Safe output: atomic writes, never overwrite without force, never touch inputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


def atomic_write(path: Path, data: bytes, force: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename over it in one step."""
    check_writable(path, force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
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
