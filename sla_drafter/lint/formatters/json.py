"""The JSON contract of DESIGN.md (schema_version 1): keys sorted, UTF-8, indent 2."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import FormatOptions

if TYPE_CHECKING:
    from .. import LintResult


def format_json(result: LintResult, options: FormatOptions) -> str:
    return json.dumps(result.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
