"""Errors users see: one line naming the file and what is wrong; the CLI exits 2."""

from __future__ import annotations


class SlaDrafterError(Exception):
    """Bad input or a refused operation. `str()` is the one line shown to the user."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class InputError(SlaDrafterError):
    """An input file is missing, unreadable, malformed or invalid."""


class OutputError(SlaDrafterError):
    """An output cannot be written (exists without --force, unwritable folder...)."""
