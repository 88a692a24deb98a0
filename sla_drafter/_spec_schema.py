"""The spec schema's cerberus validator, kept apart so that `spec` imports cerberus (and
its importlib.metadata) only when a spec has to be checked: a spec text that passed once
is known to pass from the start-up cache."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from cerberus import TypeDefinition, Validator
from cerberus.errors import BasicErrorHandler, ValidationError

from .units import Duration, Money, Percent, QuantityError


class _SpecValidator(Validator):  # type: ignore[misc]
    """Cerberus validator with typed-unit rules backed by sla_drafter.units."""

    # YAML `true` is not a count: keep booleans out of integer fields.
    types_mapping: ClassVar[dict[str, Any]] = {
        **Validator.types_mapping,
        "integer": TypeDefinition("integer", (int,), (bool,)),
    }

    def _check_with_percent(self, field_name: str, value: Any) -> None:
        try:
            Percent.parse(value)
        except QuantityError as exc:
            self._error(field_name, str(exc))

    def _check_with_duration(self, field_name: str, value: Any) -> None:
        try:
            Duration.parse(value)
        except QuantityError as exc:
            self._error(field_name, str(exc))

    def _check_with_money(self, field_name: str, value: Any) -> None:
        try:
            Money.parse(value)
        except QuantityError as exc:
            self._error(field_name, str(exc))

    def _check_with_hhmm_range(self, field_name: str, value: Any) -> None:
        parts = str(value).split("-")
        ok = len(parts) == 2 and all(_is_hhmm(p.strip()) for p in parts)
        if not ok:
            self._error(field_name, f"expected hours like '08:00-18:00', got {value!r}")
        elif parts[0].strip() >= parts[1].strip():
            self._error(field_name, "the end time must be after the start time")

    def _check_with_iso_date(self, field_name: str, value: Any) -> None:
        if isinstance(value, dt.date):
            return
        text = str(value).strip()
        try:
            dt.date.fromisoformat(text)
        except ValueError as exc:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # shaped like a date, not a real one
                self._error(field_name, f"not a real date: {value!r} ({exc})")
            else:
                self._error(field_name, f"expected a date like 2026-01-01, got {value!r}")

    def _normalize_coerce_to_str(self, value: Any) -> Any:
        from .spec import _to_str

        return _to_str(value)


def _is_hhmm(text: str) -> bool:
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        return False
    return int(text[:2]) <= 23 and int(text[3:]) <= 59


def _leaf_errors(errors: list[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        if error.is_group_error and error.child_errors:
            yield from _leaf_errors(error.child_errors)
        else:
            yield error


_HANDLER = BasicErrorHandler()


_HANDLER = BasicErrorHandler()


def format_message(field_name: Any, error: ValidationError) -> str:
    """cerberus' own wording for an error our messages do not reword."""
    text: str = _HANDLER._format_message(field_name, error)
    return text
