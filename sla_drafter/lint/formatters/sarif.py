"""SARIF 2.1.0 for code-scanning tools.

Every rule of the engine is listed in `tool.driver.rules`. Regions refer to the
*extracted text* of the document (the blocks joined by newlines, as in
`Document.text`): `charOffset`/`charLength` are exact there, and `startLine`/
`endLine` count lines of that text, which matches the file's own lines for plain
text and Markdown only roughly and not at all for DOCX and PDF. Fingerprints
hash the rule, the heading and the evidence, not offsets, so they survive edits
elsewhere in the document.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ... import __version__
from ...findings import Finding
from ..config import INLINE_SUPPRESSION, UNUSED_SUPPRESSION
from . import FormatOptions, display_path

if TYPE_CHECKING:
    from .. import LintResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sla-drafter/sla-drafter"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    code, name = str(rule.code), str(rule.name)
    doc = (getattr(rule, "__doc__", None) or "").strip()
    message = getattr(rule, "message", None)
    if isinstance(message, str) and message:
        short = message
    else:
        short = doc.splitlines()[0].strip() if doc else name.replace("-", " ").capitalize()
    rationale = str(getattr(rule, "rationale", "") or "") or short
    anti = str(getattr(rule, "anti_pattern", "") or "")
    best = str(getattr(rule, "best_practice", "") or "")
    clause = str(getattr(rule, "fix_clause", "") or "")
    fix_text = str(getattr(rule, "fix_text", "") or "")
    text = [rationale]
    md = [f"**{code} {name}**", "", rationale]
    if anti:
        text.append(f"Anti-pattern: {anti}")
        md += ["", "**Anti-pattern**", "", _quote_md(anti)]
    if best:
        text.append(f"Best practice: {best}")
        md += ["", "**Best practice**", "", _quote_md(best)]
    if clause or fix_text:
        text.append(f"Fix: {clause}{': ' if clause and fix_text else ''}{fix_text}")
        md += ["", "**Fix**", "", f"Library clause `{clause}`. {fix_text}".strip() if clause else fix_text]
    groups = sorted(str(g) for g in (getattr(rule, "groups", ()) or ()))
    severity = getattr(rule, "severity", "warning")
    severity = getattr(severity, "value", severity)
    descriptor: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rationale},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": LEVELS.get(str(severity), "warning")},
        "properties": {"tags": groups, "topic": getattr(rule, "topic", None)},
    }
    return descriptor


def _quote_md(text: str) -> str:
    return "\n".join("> " + line for line in text.strip().splitlines())


class _FrontEndRule:
    """Rules the front end reports itself (not in the engine's registry)."""

    code, name = UNUSED_SUPPRESSION
    severity = "warning"
    topic = None
    groups = ("suppression",)
    rationale = (
        "An sla-lint directive that silences nothing hides nothing today but will hide a "
        "real finding tomorrow; remove stale suppressions."
    )
    anti_pattern = "sla-lint: disable=low-credit-cap   (in a section without a credit cap)"
    best_practice = "Suppress only where the rule fires, and say why next to the directive."
    fix_clause = ""
    fix_text = "Delete the directive."
    __doc__ = "An inline suppression suppresses nothing."


class _InlineSuppressionRule:
    """An `sla-lint:` directive found in the document, and what it (would have) silenced."""

    code, name = INLINE_SUPPRESSION
    severity = "info"
    topic = None
    groups = ("suppression",)
    rationale = (
        "Directives come from the document under review, i.e. usually from the vendor: they "
        "are honoured only with --allow-inline-suppression, and reported either way."
    )
    anti_pattern = "sla-lint: disable-file=all   (in a vendor's SLA)"
    best_practice = "Suppress findings in your config or playbook, not in the document judged."
    fix_clause = ""
    fix_text = "Review the findings the directive targets."


def _rules() -> list[Any]:
    from ..registry import all_rules

    rules: list[Any] = list(all_rules())
    for extra in (_FrontEndRule, _InlineSuppressionRule):
        if not any(str(r.code) == extra.code for r in rules):
            rules.append(extra)
    return sorted(rules, key=lambda r: str(r.code))


def _artifact(path: str, options: FormatOptions) -> dict[str, str]:
    """Relative to the source root (%SRCROOT%, the current folder) when inside it, else a file: URI."""
    shown = display_path(path, options.base_dir)
    if shown.startswith("/"):
        return {"uri": "file://" + quote(shown, safe="/:@-._~")}
    return {"uri": quote(shown, safe="/:@-._~"), "uriBaseId": "%SRCROOT%"}


def _location_of(uri: str) -> dict[str, str]:
    if uri.startswith("file://"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def fingerprint(f: Finding) -> str:
    heading = f.location.heading if f.location else ""
    basis = "\x1f".join((f.code, f.rule, heading, " ".join(f.evidence.split()), f.topic or ""))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def _result(
    f: Finding, uri: str, index: dict[str, int], rules: list[Any], text: str | None, starts: list[int]
) -> dict[str, Any]:
    if f.code not in index:
        index[f.code] = len(rules)
        rules.append(type("R", (), {"code": f.code, "name": f.rule, "severity": f.severity.value}))
    message = f.message
    if f.fix is not None and f.fix.clause:
        message += f" Fix: use library clause {f.fix.clause}."
    physical: dict[str, Any] = {"artifactLocation": _location_of(uri)}
    loc = f.location
    if loc is not None:
        region: dict[str, Any] = {
            "charOffset": max(0, loc.start),
            "charLength": max(0, loc.end - loc.start),
        }
        if text is not None and 0 <= loc.start <= len(text):
            end = min(max(loc.end, loc.start), len(text))
            first = bisect_right(starts, loc.start)
            last = bisect_right(starts, max(loc.start, end - 1))
            region["startLine"] = first
            region["startColumn"] = loc.start - starts[first - 1] + 1
            region["endLine"] = last
            region["endColumn"] = end - starts[last - 1] + 1
            region["snippet"] = {"text": text[loc.start : end]}
        elif f.evidence:
            region["snippet"] = {"text": f.evidence}
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if loc is not None and loc.heading:
        location["logicalLocations"] = [{"name": loc.heading, "kind": "section"}]
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVELS[f.severity.value],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"slaFinding/v1": fingerprint(f)},
        "properties": {"rule": f.rule, "topic": f.topic},
    }
    if loc is not None and loc.page is not None:
        result["properties"]["page"] = loc.page
    return result


def format_sarif(result: LintResult, options: FormatOptions) -> str:
    rules = _rules()
    index = {str(r.code): i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for doc in result.documents:
        artifact = _artifact(doc.path, options)
        uri = artifact["uri"]
        artifacts.append({"location": dict(artifact)})
        text = doc.doc.text if doc.doc is not None else None
        starts = _line_starts(text) if text is not None else []
        results.extend(_result(f, uri, index, rules, text, starts) for f in doc.findings)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "sla-drafter",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(r) for r in rules],
            }
        },
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": message}}
                    for _, message in result.errors
                ],
            }
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
