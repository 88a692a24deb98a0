"""A few hundred seed-mutated files per run, each read or refused with one line.

The cases are deterministic (tests/fuzzing.py draws them from `random.Random(reader:index)`);
`make fuzz` runs thousands per reader in killable workers and prints the counts.
A failing case here can be replayed: `python tests/fuzzing.py --reader md --replay 62`.
"""

from __future__ import annotations

import pytest
from fuzzing import READERS, make_case, run_case

# cases per reader in the ordinary suite (the PDF ones fork a budgeted child each)
CASES = {"docx": 70, "pdf": 40, "html": 60, "md": 70, "txt": 60}
SECONDS = 15.0  # per case, generous for a busy machine; the slow cases used to take minutes


@pytest.mark.parametrize("reader", READERS)
def test_mutated_files_read_or_refused_with_one_line(reader: str) -> None:
    bad: list[str] = []
    outcomes: dict[str, int] = {}
    for index in range(CASES[reader]):
        outcome = run_case(reader, make_case(reader, index))
        outcomes[outcome.kind] = outcomes.get(outcome.kind, 0) + 1
        if outcome.bad:
            bad.append(f"case {index}: {outcome.kind} {outcome.detail}")
        elif outcome.seconds > SECONDS:
            bad.append(f"case {index}: {outcome.seconds:.1f} s")
    assert not bad, "\n".join(bad)
    # the mutations must exercise both ends: some files still read, some are refused
    assert outcomes.get("ok", 0) > 0 and outcomes.get("input-error", 0) > 0, outcomes


def test_annotate_mutated_docx_writes_or_refuses_with_one_line() -> None:
    """annotate opens the DOCX again with python-docx and replays the reader's walk: the
    same mutated files must not make it print a traceback either."""
    bad = []
    written = 0
    for index in range(40):
        outcome = run_case("docx", make_case("docx", index), annotate=True)
        written += outcome.kind == "ok"
        if outcome.bad:
            bad.append(f"case {index}: {outcome.kind} {outcome.detail}")
    assert not bad, "\n".join(bad)
    assert written > 0


def test_cases_are_deterministic() -> None:
    for reader in READERS:
        assert make_case(reader, 7) == make_case(reader, 7)
        assert make_case(reader, 7) != make_case(reader, 8)


@pytest.mark.parametrize(
    ("reader", "index"),
    [
        ("md", 9),  # StopIteration: a line holding the directive sentinel \x01
        ("md", 62),  # 45 s: 5,000 lines joined into one paragraph (quadratic join)
        ("md", 257),  # 11 s: inline emphasis regexes on one 200 KB line
        ("txt", 146),  # 8 s: the same join in the text reader
        ("docx", 34),  # AttributeError: document part in a foreign namespace
        ("docx", 258),  # lxml's message on two lines
    ],
)
def test_cases_that_misbehaved_before(reader: str, index: int) -> None:
    outcome = run_case(reader, make_case(reader, index))
    assert not outcome.bad, outcome
    assert outcome.seconds < SECONDS, outcome
