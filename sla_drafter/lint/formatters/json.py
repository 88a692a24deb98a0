"""The JSON contract (docs/json-contract.md, schema_version 1): keys sorted, UTF-8, indent 2.

Built one document at a time, so a large batch never holds the whole result as
dicts; the text is exactly `json.dumps(result.to_dict(), sort_keys=True,
ensure_ascii=False, indent=2)` (a test checks this).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import FormatOptions

if TYPE_CHECKING:
    from .. import LintResult


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)


def _nested(value: Any, depth: int) -> str:
    """`value` dumped as it appears `depth` levels deep in an indent-2 document."""
    return _dumps(value).replace("\n", "\n" + "  " * depth)


def format_json(result: LintResult, options: FormatOptions) -> str:
    from .. import SCHEMA_VERSION

    parts: list[str] = []
    for doc in result.documents:
        parts.append("    " + _nested(doc.to_dict(), 2))
    documents = "[\n" + ",\n".join(parts) + "\n  ]" if parts else "[]"
    return (
        "{\n"
        f'  "documents": {documents},\n'
        f'  "schema_version": {SCHEMA_VERSION},\n'
        f'  "summary": {_nested(result.summary(), 1)}\n'
        "}\n"
    )
