"""Playbooks: a reviewed YAML file of lint choices for one kind of deal.

    name: saas-buyer
    description: Customer-side review of a SaaS vendor SLA.
    select: [...]            # rules by code, name or group (omitted: every rule)
    ignore: [business-hours-clock]
    severity:
      customer: {provider-self-measurement: error}
      provider: {low-credit-cap: info}
      any: {vague-efforts-language: info}
    required_topics: [audit_rights]

Validated against `schemas/playbook.yaml` (cerberus). A playbook sits above the
config file and below the command line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..findings import Severity
from ..resources import schemas_dir
from .layer import ANY_STANCE, Layer


@cache
def playbook_schema() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((schemas_dir() / "playbook.yaml").read_text("utf-8"))
    return data


def _flatten(errors: Any, prefix: str = "") -> list[str]:
    """Cerberus' nested error tree -> ["severity.customer.x: unallowed value 'high'", ...]."""
    out: list[str] = []
    if isinstance(errors, dict):
        for key in sorted(errors, key=str):
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            out.extend(_flatten(errors[key], path))
    elif isinstance(errors, list):
        for item in errors:
            if isinstance(item, str):
                out.append(f"{prefix}: {item}")
            else:
                out.extend(_flatten(item, prefix))
    else:
        out.append(f"{prefix}: {errors}")
    return out


def validate_playbook(data: Any, source: str) -> dict[str, Any]:
    from cerberus import Validator

    if not isinstance(data, dict):
        raise InputError("a playbook must be a YAML mapping", source)
    validator = Validator(playbook_schema())
    if not validator.validate(data):
        raise InputError("; ".join(_flatten(validator.errors)), source)
    doc: dict[str, Any] = validator.document
    return doc


def load_playbook(path: str | Path) -> Layer:
    p = Path(path)
    source = str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("playbook not found", source) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read playbook: {exc}", source) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", source, line) from None
    book = validate_playbook(data, source)
    layer = Layer(source=source, name=str(book["name"]))
    if "select" in book:
        layer.select = tuple(book["select"])
    if "ignore" in book:
        layer.ignore = tuple(book["ignore"])
    for stance, rules in (book.get("severity") or {}).items():
        key = ANY_STANCE if stance == "any" else str(stance)
        layer.severity[key] = {str(r): Severity(v) for r, v in rules.items()}
    layer.required_topics = tuple(book.get("required_topics") or ())
    return layer
