"""Core models: units, document offsets, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sla_drafter.document import BlockKind, Document
from sla_drafter.errors import OutputError
from sla_drafter.fsutil import atomic_write
from sla_drafter.units import (
    Duration,
    Money,
    Percent,
    QuantityError,
    TimeUnit,
    allowed_downtime_minutes,
)


@pytest.mark.parametrize(
    ("raw", "value", "unit", "business"),
    [
        ("4h", 4, TimeUnit.HOUR, False),
        ("30 minutes", 30, TimeUnit.MINUTE, False),
        ("2 business days", 2, TimeUnit.DAY, True),
        ("1 working day", 1, TimeUnit.DAY, True),
        ("15 min", 15, TimeUnit.MINUTE, False),
    ],
)
def test_duration_parse(raw: str, value: float, unit: TimeUnit, business: bool) -> None:
    d = Duration.parse(raw)
    assert (d.value, d.unit, d.business) == (value, unit, business)


@pytest.mark.parametrize("raw", ["soon", "4 fortnights", "2 business months", ""])
def test_duration_rejects(raw: str) -> None:
    with pytest.raises(QuantityError):
        Duration.parse(raw)


def test_percent_and_money() -> None:
    assert Percent.parse("99.9%").value == 99.9
    with pytest.raises(QuantityError, match="between 0 and 100"):
        Percent.parse(101)
    assert str(Money.parse("EUR 1,500")) == "EUR 1,500"
    assert Money.parse("$20").currency == "USD"
    with pytest.raises(QuantityError):
        Money.parse("1500")


def test_allowed_downtime() -> None:
    assert allowed_downtime_minutes(99.9) == 43.2
    assert allowed_downtime_minutes(99.5) == 216.0


def test_document_offsets_and_headings() -> None:
    doc = Document.build(
        "x.txt",
        [
            (BlockKind.HEADING, "1. Scope", {"level": 1}),
            (BlockKind.PARAGRAPH, "Applies to production.", {}),
            (BlockKind.HEADING, "1.1 Detail", {"level": 2}),
            (BlockKind.PARAGRAPH, "More text.", {}),
            (BlockKind.HEADING, "2. Credits", {"level": 1}),
            (BlockKind.TABLE_CELL, "5%", {"table": 0, "row": 0, "col": 1}),
            (BlockKind.TABLE_CELL, "99%", {"table": 0, "row": 0, "col": 0}),
        ],
    )
    idx = doc.text.index("More text.")
    loc = doc.location(idx, idx + 4)
    assert loc.heading == "1.1 Detail"
    assert doc.blocks[loc.block].heading_path == ("1. Scope", "1.1 Detail")
    assert doc.blocks[5].heading_path == ("2. Credits",)
    assert doc.tables() == {0: [["99%", "5%"]]}
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text


def test_atomic_write_refuses_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    atomic_write(out, b"one")
    with pytest.raises(OutputError, match="--force"):
        atomic_write(out, b"two")
    assert out.read_bytes() == b"one"
    atomic_write(out, b"two", force=True)
    assert out.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "missing" / "b.md", b"x")


def test_atomic_write_honours_umask_and_keeps_an_overwritten_files_mode(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        new = tmp_path / "new.md"
        atomic_write(new, b"one")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's 0600
        os.umask(0o077)
        private = tmp_path / "private.md"
        atomic_write(private, b"one")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
        shared = tmp_path / "shared.md"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        atomic_write(shared, b"new", force=True)
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_bytes() == b"new"
    finally:
        os.umask(old)
