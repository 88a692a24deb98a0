"""Streaming readers for outages.csv, tickets.csv and samples.csv.

Rows are read one at a time with the csv module and handed to the caller, so memory
stays flat however many rows a file holds. Each file starts with a header row naming
its columns (any order; extra optional columns are named below). The first bad row
stops the run with one line naming the file, the line and what is wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError

OUTAGE_COLUMNS = ("service", "start", "end", "cause")
OUTAGE_OPTIONAL = ("note", "notified")  # notified: when maintenance notice was given
TICKET_COLUMNS = ("id", "priority", "opened", "first_human_response", "resolved")
TICKET_OPTIONAL = ("service",)
SAMPLE_COLUMNS = ("service", "time", "ok", "latency_ms")
CAUSES = ("provider", "customer", "maintenance", "emergency_maintenance", "force_majeure", "third_party")
_TRUE = frozenset(("true", "1", "yes", "y", "ok", "up", "pass"))
_FALSE = frozenset(("false", "0", "no", "n", "fail", "failed", "down"))


class _Slice(io.RawIOBase):
    """The next `size` bytes of an open binary file, as a stream of its own (so the csv
    module reads half a file at C speed)."""

    def __init__(self, handle: io.BufferedReader, size: int) -> None:
        self.handle = handle
        self.remaining = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self.remaining)
        if count <= 0:
            return 0
        got = self.handle.readinto(memoryview(buffer)[:count]) or 0
        self.remaining -= got
        return got


class CsvFile:
    """One input CSV: opens it, checks the header and yields (line number, cells by column)."""

    def __init__(self, path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        self.path = path
        self.name = str(path)
        self.required = required
        self.optional = optional
        self.columns: dict[str, int] = {}
        self.width = 0

    def error(self, line: int, message: str) -> InputError:
        return InputError(message, self.name, line)

    def _open(self) -> IO[str]:
        try:
            return self.path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise InputError("file not found", self.name) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a CSV file", self.name) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", self.name) from None

    def column(self, name: str) -> int:
        """Index of a column in the header read by `rows()`, or -1 for an absent optional one."""
        return self.columns.get(name, -1)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for each data row; blank lines are skipped. The header is read
        and checked here, before the first row, so `column()` works as soon as this returns."""
        handle = self._open()
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise self.error(1, f"empty file; expected a header row: {','.join(self.required)}")
            self.columns = self._columns(header)
        except BaseException as exc:
            handle.close()
            if isinstance(exc, UnicodeDecodeError):
                raise InputError("not a UTF-8 text file", self.name) from None
            if isinstance(exc, csv.Error):
                raise self.error(1, f"not valid CSV: {exc}") from None
            raise
        return self._data(handle, reader, len(header))

    def _data(self, handle: IO[str], reader: Any, width: int) -> Iterator[tuple[int, list[str]]]:
        with handle:
            try:
                for cells in reader:
                    if not cells or (len(cells) == 1 and not cells[0].strip()):
                        continue
                    if len(cells) != width:
                        raise self.error(reader.line_num, f"expected {width} fields, got {len(cells)}")
                    yield reader.line_num, cells
            except UnicodeDecodeError:
                raise InputError("not a UTF-8 text file", self.name) from None
            except csv.Error as exc:
                raise self.error(reader.line_num, f"not valid CSV: {exc}") from None

    def read_header(self) -> int:
        """Read and check the header alone; return the byte offset where the data rows start."""
        try:
            with self.path.open("rb") as handle:
                raw = handle.readline()
        except FileNotFoundError:
            raise InputError("file not found", self.name) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", self.name) from None
        try:
            header = next(csv.reader([raw.decode("utf-8-sig")]), None)
        except UnicodeDecodeError:
            raise InputError("not a UTF-8 text file", self.name) from None
        if not header:
            raise self.error(1, f"empty file; expected a header row: {','.join(self.required)}")
        self.columns = self._columns(header)
        self.width = len(header)
        return len(raw)

    def rows_between(self, start: int, end: int, lines_before: int) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for the rows in bytes [start, end) of the file, which begin on a line
        boundary after `lines_before` lines; `read_header()` must have been called."""
        with self.path.open("rb") as handle:
            handle.seek(start)
            text = io.TextIOWrapper(io.BufferedReader(_Slice(handle, end - start)), encoding="utf-8", newline="")
            reader = csv.reader(text)
            try:
                for cells in reader:
                    if not cells or (len(cells) == 1 and not cells[0].strip()):
                        continue
                    if len(cells) != self.width:
                        raise self.error(lines_before + reader.line_num, f"expected {self.width} fields, got {len(cells)}")
                    yield lines_before + reader.line_num, cells
            except UnicodeDecodeError:
                raise InputError("not a UTF-8 text file", self.name) from None
            except csv.Error as exc:
                raise self.error(lines_before + reader.line_num, f"not valid CSV: {exc}") from None

    def _columns(self, header: list[str]) -> dict[str, int]:
        names = [h.strip().lower() for h in header]
        columns = {name: i for i, name in enumerate(names)}
        for name in self.required:
            if name not in columns:
                raise self.error(1, f"missing column {name!r} (header must name: {','.join(self.required)})")
        for name in names:
            if name not in self.required and name not in self.optional:
                raise self.error(1, f"unknown column {name!r}")
        return columns


def parse_instant(text: str, file: CsvFile, line: int, column: str, round_up: bool = False) -> int:
    """An ISO 8601 timestamp with a UTC offset -> whole epoch seconds (a fraction is dropped,
    or with `round_up` counted as a whole second: the end of an outage)."""
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise file.error(line, f"{column}: not an ISO 8601 time: {text!r}") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise file.error(line, f"{column}: {text!r} has no UTC offset (add e.g. +00:00 or Z)")
    return math.ceil(when.timestamp()) if round_up else math.floor(when.timestamp())


def parse_ok(text: str, file: CsvFile, line: int) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise file.error(line, f"ok: expected true or false, got {text!r}")


def parse_latency(text: str, file: CsvFile, line: int) -> float | None:
    value = text.strip()
    if not value:
        return None
    try:
        latency = float(value)
    except ValueError:
        raise file.error(line, f"latency_ms: not a number: {text!r}") from None
    if latency < 0 or latency != latency:
        raise file.error(line, f"latency_ms: must be zero or more, got {text!r}")
    return latency
