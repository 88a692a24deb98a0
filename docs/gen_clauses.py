"""Regenerate docs/clauses.md from clause_library/ (tests fail when it drifts).

Usage: python docs/gen_clauses.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sla_drafter.library import catalogue_markdown, load_library

TARGET = Path(__file__).resolve().parent / "clauses.md"


def main(argv: list[str]) -> int:
    text = catalogue_markdown(load_library())
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date; run python docs/gen_clauses.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
