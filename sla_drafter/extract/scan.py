"""Fast lookups shared by the extractors: find literal needles with str.find (C speed)
and map them to sentences or blocks by bisect on offsets."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def offsets_of(low: str, needles: Iterable[str], start: int = 0, end: int | None = None) -> list[int]:
    """Sorted offsets of every occurrence of each (lower-case) needle in `low`."""
    stop = len(low) if end is None else end
    out: list[int] = []
    for needle in needles:
        i = low.find(needle, start, stop)
        while i >= 0:
            out.append(i)
            i = low.find(needle, i + 1, stop)
    out.sort()
    return out


def indexes_at(starts: list[int], offsets: Iterable[int]) -> list[int]:
    """Sorted, distinct indexes of the spans (given by their sorted starts) holding each offset."""
    seen: set[int] = set()
    for off in offsets:
        i = bisect_right(starts, off) - 1
        if i >= 0:
            seen.add(i)
    return sorted(seen)
