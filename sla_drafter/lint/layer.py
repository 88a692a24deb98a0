"""One layer of lint settings (config file, playbook or command line), before merging.

Its own module so that the playbook loader and the config resolver both read it and
neither imports the other: config loads playbooks, playbooks build layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Severity

ANY_STANCE = "*"


@dataclass(slots=True)
class Layer:
    """What one source (config file, playbook, command line) says; None = not set."""

    source: str
    stance: str | None = None
    fail_on: Severity | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: dict[str, dict[str, Severity]] = field(default_factory=dict)  # stance|* -> rule -> sev
    required_topics: tuple[str, ...] = ()
    playbook: Path | None = None
    format: str | None = None
    name: str | None = None  # playbook name
    allow_inline_suppression: bool | None = None
