"""YAML phrase rules (Vale-style): simple checks are data that lawyers can add.

Each `*.yaml` file here is one rule that `extends` a generic check:

- `existence`: report each sentence where one of `patterns` matches, unless an
  `unless` pattern is in the same sentence, an `unless_nearby` pattern within
  `sentences` sentences either side, or an `unless_anywhere` pattern anywhere
  in the document, or an `unless_leadin` pattern in the lead-in sentence
  ("... provided that the Supplier:") that a list item completes. A pattern may carry its own
  `severity` and `message`, and a `leadin` regex: then it counts only in a list item whose
  lead-in matches ("Downtime excludes the following:" + "- slowness of single features").
  `once: true` reports only the first sentence, with the number of places.
  `when_absent` reports what the document leaves out, when no pattern matched: the
  document states a target of one of the `targets` topics and gives none of the
  `missing` topics (each absent or denied); the finding sits at the first target, with
  its own `severity` and `message`, and replaces the generic missing-<topic> finding.
  With `given_by` (regexes), the element counts as given only where one of them is
  found, whatever the topics' status: a formula that names no data source does not say
  how the figure is measured, and a source named beside the level is a method. An
  `unless_anywhere` regex found anywhere gives the element in other words; with `stated_as`,
  only targets stated in those words count (a response target must be called a response).
- `occurrence`: report when `pattern` occurs more than `max` times (at the
  first hit over the limit) or fewer than `min` times (at the first hit, or the
  document start).
- `conditional`: if `first` appears, `second` must appear somewhere too.

Patterns are Python regular expressions, matched case-insensitively, compiled
once when the rules load; a hit never crosses a line (block) break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...._cache import rx, yaml_data
from ....document import BlockKind
from ....findings import Severity
from ....terms import DocKind
from ....topics import TOPICS, TopicStatus
from ...registry import ALL_KINDS, Rule
from .._absence import not_given, stated_target
from .._common import leadin_text

if TYPE_CHECKING:
    from ....findings import Finding
    from ...context import RuleContext

PHRASES_DIR = Path(__file__).parent

_SEVERITIES = [s.value for s in Severity]
_PATTERN_ITEM = {
    "anyof": [
        {"type": "string", "empty": False},
        {
            "type": "dict",
            "schema": {
                "pattern": {"type": "string", "required": True, "empty": False},
                "severity": {"type": "string", "allowed": _SEVERITIES},
                "message": {"type": "string", "empty": False},
                # the hit counts only in a list item whose lead-in matches this regex
                # ("Downtime excludes the following:" + "- slowness of individual features")
                "leadin": {"type": "string", "empty": False},
            },
        },
    ]
}
_REGEX_LIST = {"type": "list", "schema": {"type": "string", "empty": False}}

# Cerberus schema of a phrase rule file; the tests validate every file against it.
PHRASE_RULE_SCHEMA: dict[str, Any] = {
    "code": {"type": "string", "required": True, "regex": r"SLA[1-9]\d\d"},
    "name": {"type": "string", "required": True, "regex": r"[a-z0-9]+(-[a-z0-9]+)*"},
    "extends": {
        "type": "string",
        "required": True,
        "allowed": ["existence", "occurrence", "conditional"],
    },
    "severity": {"type": "string", "required": True, "allowed": _SEVERITIES},
    "topic": {"type": "string", "nullable": True, "allowed": list(TOPICS)},
    # topic -> pattern: a finding's topic is the first whose pattern its sentence matches
    # (else `topic`), e.g. efforts language about resolving incidents is about resolution
    "topic_by": {
        "type": "dict",
        "keysrules": {"type": "string", "allowed": list(TOPICS)},
        "valuesrules": {"type": "string", "empty": False},
    },
    "groups": {"type": "list", "schema": {"type": "string", "regex": r"[a-z-]+"}},
    "kinds": {"type": "list", "schema": {"type": "string", "allowed": [k.value for k in DocKind]}},
    "stance": {
        "type": "dict",
        "keysrules": {"type": "string", "allowed": ["customer", "provider"]},
        "valuesrules": {"type": "string", "allowed": _SEVERITIES},
    },
    "message": {"type": "string", "required": True, "empty": False},
    "rationale": {"type": "string", "required": True, "empty": False},
    "anti_pattern": {"type": "string", "required": True, "empty": False},
    "best_practice": {"type": "string", "required": True, "empty": False},
    "fix": {
        "type": "dict",
        "required": True,
        "schema": {
            "clause": {"type": "string", "required": True},
            "text": {"type": "string", "required": True, "empty": False},
        },
    },
    "patterns": {
        "type": "list",
        "minlength": 1,
        "schema": _PATTERN_ITEM,
        "dependencies": {"extends": ["existence"]},
    },
    "once": {"type": "boolean"},
    "when_absent": {
        "type": "dict",
        "dependencies": {"extends": ["existence"]},
        "schema": {
            "targets": {"type": "list", "required": True, "minlength": 1, "schema": {"type": "string", "allowed": list(TOPICS)}},
            "missing": {"type": "list", "minlength": 1, "schema": {"type": "string", "allowed": list(TOPICS)}},
            "severity": {"type": "string", "required": True, "allowed": _SEVERITIES},
            "message": {"type": "string", "required": True, "empty": False},
            "given_by": _REGEX_LIST,
            "unless_anywhere": _REGEX_LIST,
            "stated_as": _REGEX_LIST,
        },
    },
    "unless": _REGEX_LIST,
    "unless_nearby": {
        "type": "dict",
        "schema": {
            "patterns": {**_REGEX_LIST, "required": True},
            "sentences": {"type": "integer", "min": 1, "max": 10, "required": True},
        },
    },
    "unless_anywhere": _REGEX_LIST,
    "unless_leadin": _REGEX_LIST,
    "pattern": {"type": "string", "empty": False, "dependencies": {"extends": ["occurrence"]}},
    "max": {"type": "integer", "min": 0},
    "min": {"type": "integer", "min": 1},
    "first": {"type": "string", "empty": False, "dependencies": {"extends": ["conditional"]}},
    "second": {"type": "string", "empty": False, "dependencies": {"extends": ["conditional"]}},
}

_REQUIRED_BY_TYPE = {
    "existence": ("patterns",),
    "occurrence": ("pattern",),
    "conditional": ("first", "second"),
}


def validate_phrase_rule(data: Any) -> list[str]:
    """Schema errors of one phrase rule file's data ([] when valid)."""
    from cerberus import Validator

    if not isinstance(data, dict):
        return ["a phrase rule must be a mapping"]
    v = Validator(PHRASE_RULE_SCHEMA)
    errors: list[str] = []
    if not v.validate(data):
        errors.extend(f"{k}: {msg}" for k, msg in sorted(v.errors.items()))
    for key in _REQUIRED_BY_TYPE.get(str(data.get("extends")), ()):
        if key not in data:
            errors.append(f"{key}: required by extends: {data.get('extends')}")
    absent = data.get("when_absent")
    if isinstance(absent, dict) and "missing" not in absent and "given_by" not in absent:
        errors.append("when_absent needs missing or given_by")
    if data.get("extends") == "occurrence" and "max" not in data and "min" not in data:
        errors.append("occurrence needs max or min")
    for pattern in _all_patterns(data):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(f"bad regex {pattern!r}: {exc}")
    return errors


def _all_patterns(data: dict[str, Any]) -> Iterator[str]:
    for item in data.get("patterns") or ():
        yield item["pattern"] if isinstance(item, dict) else str(item)
        if isinstance(item, dict) and item.get("leadin"):
            yield item["leadin"]
    yield from data.get("unless") or ()
    yield from (data.get("unless_nearby") or {}).get("patterns") or ()
    yield from data.get("unless_anywhere") or ()
    yield from data.get("unless_leadin") or ()
    yield from (data.get("when_absent") or {}).get("given_by") or ()
    yield from (data.get("when_absent") or {}).get("unless_anywhere") or ()
    yield from (data.get("when_absent") or {}).get("stated_as") or ()
    for key in ("pattern", "first", "second"):
        if data.get(key):
            yield str(data[key])


# "7. SOLE REMEDY. The credits are ..." - a run-in title at the start of a paragraph
_RUN_IN_HEADING = rx(
    r"(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][A-Z0-9 ,&'/()-]{2,60}\.?"
    r"|\d+(?:\.\d+)*\.?\s+[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|and|of|or|the|to|for|&)){0,5}\."
)


def _any(patterns: Iterable[str]) -> re.Pattern[str] | None:
    pats = list(patterns)
    if not pats:
        return None
    return rx("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)


class PhraseRule(Rule):
    """A rule defined by a YAML file; the message comes from the file."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source
        self.code = data["code"]
        self.name = data["name"]
        self.extends: str = data["extends"]
        self.severity = Severity(data["severity"])
        self.topic = data.get("topic")
        self._topic_by = [
            (topic, rx(p, re.IGNORECASE)) for topic, p in (data.get("topic_by") or {}).items()
        ]
        self.groups = tuple(data.get("groups") or ())
        self.kinds = (
            frozenset(DocKind(k) for k in data["kinds"]) if data.get("kinds") else ALL_KINDS
        )
        self.stance_severity = {k: Severity(v) for k, v in (data.get("stance") or {}).items()}
        self._message: str = " ".join(str(data["message"]).split())
        self.rationale = " ".join(str(data["rationale"]).split())
        self.anti_pattern = str(data["anti_pattern"]).strip()
        self.best_practice = str(data["best_practice"]).strip()
        fix = data.get("fix") or {}
        self.fix_clause = str(fix.get("clause") or "")
        self.fix_text = " ".join(str(fix.get("text") or "").split())
        # existence: one scan with one named group per pattern
        self._items: list[tuple[Severity | None, str | None]] = []
        self._patterns: list[re.Pattern[str]] = []
        self._item_leadins: dict[int, re.Pattern[str]] = {}
        for item in data.get("patterns") or ():
            if isinstance(item, dict):
                pat = item["pattern"]
                sev = Severity(item["severity"]) if item.get("severity") else None
                msg = item.get("message")
                if item.get("leadin"):
                    self._item_leadins[len(self._patterns)] = rx(item["leadin"], re.IGNORECASE)
            else:
                pat, sev, msg = str(item), None, None
            self._patterns.append(rx(pat, re.IGNORECASE))
            self._items.append((sev, msg))
        self._unless = _any(data.get("unless") or ())
        nearby = data.get("unless_nearby") or {}
        self._nearby = _any(nearby.get("patterns") or ())
        self._nearby_n: int = int(nearby.get("sentences") or 0)
        self._anywhere = _any(data.get("unless_anywhere") or ())
        self._leadin = _any(data.get("unless_leadin") or ())
        self._pattern = _any([data["pattern"]]) if data.get("pattern") else None
        self._first = _any([data["first"]]) if data.get("first") else None
        self._when_absent: dict[str, Any] | None = data.get("when_absent")
        given_by = (self._when_absent or {}).get("given_by")
        self._given_by = _any(given_by) if given_by else None
        self._absent_unless = _any((self._when_absent or {}).get("unless_anywhere") or ())
        self._stated_as = _any((self._when_absent or {}).get("stated_as") or ())
        self._second = _any([data["second"]]) if data.get("second") else None

    @property
    def message(self) -> str:
        return self._message

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if self.extends == "existence":
            found = False
            for f in self._existence(ctx):
                found = True
                yield f
            if not found and self._when_absent is not None:
                yield from self._absent(ctx, self._when_absent)
        elif self.extends == "occurrence":
            yield from self._occurrence(ctx)
        else:
            yield from self._conditional(ctx)

    def _existence(self, ctx: RuleContext) -> Iterator[Finding]:
        # each pattern scans only the blocks holding its own anchors; hits merge by position
        hits = sorted(
            (m.start(), k, m, i) for k, p in enumerate(self._patterns) for m, i in ctx.scan(p)
        )
        seen: set[int] = set()
        excused: bool | None = None
        first: Finding | None = None
        for _, k, m, i in hits:
            if i < 0 or i in seen or "\n" in m.group(0):
                continue
            sentence = ctx.sentences[i]
            if sentence.block.kind is BlockKind.HEADING or _RUN_IN_HEADING.fullmatch(sentence.text):
                continue  # a title names a topic; the clause under it is what binds
            if self._unless is not None and self._unless.search(sentence.text):
                continue
            if self._nearby is not None and self._nearby.search(
                ctx.nearby_text(i, self._nearby_n, self._nearby_n)
            ):
                continue
            if self._leadin is not None and self._leadin.search(leadin_text(ctx.sentences, i)):
                continue
            item_leadin = self._item_leadins.get(k)
            if item_leadin is not None and not item_leadin.search(leadin_text(ctx.sentences, i)):
                continue
            if self._anywhere is not None:
                if excused is None:
                    excused = ctx.search(self._anywhere) is not None
                if excused:
                    return
            seen.add(i)
            sev, msg = self._items[k]
            f = ctx.finding(self, sentence=sentence, severity=sev, message=msg)
            if self._topic_by:
                topic = next((t for t, p in self._topic_by if p.search(sentence.text)), f.topic)
                f = replace(f, topic=topic)
            if not self.data.get("once"):
                yield f
            elif first is None:
                first = f
        if first is not None:
            if len(seen) > 1:
                first = replace(first, message=f"{first.message} ({len(seen)} places)")
            yield first

    def _absent(self, ctx: RuleContext, spec: dict[str, Any]) -> Iterator[Finding]:
        if self._given_by is not None:
            given = ctx.search(self._given_by) is not None
        else:
            given = not all(not_given(ctx, topic) for topic in spec["missing"])
        if given or (self._absent_unless is not None and ctx.search(self._absent_unless)):
            return
        severity, message = Severity(spec["severity"]), " ".join(str(spec["message"]).split())
        if self._stated_as is not None:
            # the target in the words asked for (a time, a table column or row) is the place
            stated = ctx.search(self._stated_as)
            if stated is None or not any(ctx.terms.status(t) is TopicStatus.PRESENT for t in spec["targets"]):
                return
            yield ctx.finding_near(self, stated.start(), stated.end(), severity=severity, message=message)
            return
        target = stated_target(ctx, spec["targets"])
        if target is None:
            return
        yield ctx.finding(self, at=target, severity=severity, message=message)

    def _occurrence(self, ctx: RuleContext) -> Iterator[Finding]:
        assert self._pattern is not None
        hits = [m for m, _ in ctx.scan(self._pattern)]
        limit = self.data.get("max")
        least = self.data.get("min")
        if limit is not None and len(hits) > int(limit):
            m = hits[int(limit)]
            yield ctx.finding(self, start=m.start(), end=m.end())
        elif least is not None and len(hits) < int(least):
            if hits:
                yield ctx.finding(self, start=hits[0].start(), end=hits[0].end())
            else:
                yield ctx.finding(self)

    def _conditional(self, ctx: RuleContext) -> Iterator[Finding]:
        assert self._first is not None and self._second is not None
        m = ctx.search(self._first)
        if m is None or ctx.search(self._second):
            return
        yield ctx.finding_near(self, m.start(), m.end())


def load_phrase_rules(folder: Path = PHRASES_DIR, validate: bool | None = None) -> list[PhraseRule]:
    """Load every phrase rule file in `folder`, sorted by file name.

    Files from another folder are validated as they load. The bundled files are
    validated where they are written (the tests check each against the schema), not
    on every run: validation took a third of a single lint's start-up.
    """
    if validate is None:
        validate = folder.resolve() != PHRASES_DIR.resolve()
    out: list[PhraseRule] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml_data(path.read_text(encoding="utf-8"), "phrase-rule")
        if validate:
            errors = validate_phrase_rule(data)
            if errors:
                raise ValueError(f"{path.name}: invalid phrase rule: {'; '.join(errors)}")
        out.append(PhraseRule(data, path.name))
    return out
