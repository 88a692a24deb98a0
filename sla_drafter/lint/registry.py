"""The Rule interface and the registry of every rule (Python classes and YAML phrase rules).

A rule is one class (sqlfluff-style) or one YAML file of a generic type
(Vale-style). Both expose the same attributes: a stable `code` and dashed
`name`, a default `severity`, the `topic` it concerns, `groups` for selection,
the document `kinds` it applies to, severity caps by `stance`, a `rationale`, an
`anti_pattern` and a `best_practice` (both are tests), and the library clause
that fixes it. A Python rule's docstring's first line is its message.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from ..findings import Severity
from ..terms import DocKind

if TYPE_CHECKING:
    from ..findings import Finding
    from .context import RuleContext

ALL_KINDS: frozenset[DocKind] = frozenset(DocKind)
# The usual stance cap: a customer-protection finding is informational for the provider.
PROVIDER_INFO: Mapping[str, Severity] = MappingProxyType({"provider": Severity.INFO})
PROVIDER_WARNING: Mapping[str, Severity] = MappingProxyType({"provider": Severity.WARNING})
SLA_ONLY: frozenset[DocKind] = frozenset({DocKind.SLA})


class Rule:
    """Base class of every rule. Subclasses with a `code` register themselves."""

    code: str = ""
    name: str = ""
    severity: Severity = Severity.WARNING
    topic: str | None = None
    groups: tuple[str, ...] = ()
    kinds: frozenset[DocKind] = ALL_KINDS
    # Severity cap per stance, e.g. {"provider": Severity.INFO}: a customer-protection
    # finding is only informational when reviewing our own paper as the provider.
    stance_severity: Mapping[str, Severity] = MappingProxyType({})
    rationale: str = ""
    anti_pattern: str = ""
    best_practice: str = ""
    fix_clause: str = ""
    fix_text: str = ""
    source: str = "python"  # "python" or the YAML file name

    _registry: ClassVar[dict[str, type[Rule]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("code"):
            if cls.code in Rule._registry:
                raise ValueError(f"duplicate rule code {cls.code}")
            Rule._registry[cls.code] = cls

    @property
    def message(self) -> str:
        doc = (type(self).__doc__ or "").strip()
        return doc.splitlines()[0].strip() if doc else self.name

    def applies_to(self, kind: DocKind) -> bool:
        return kind in self.kinds

    def severity_for(self, stance: str, severity: Severity | None = None) -> Severity:
        """`severity` (or the default), capped by the stance override if there is one."""
        sev = severity or self.severity
        cap = self.stance_severity.get(stance)
        if cap is not None and cap.rank < sev.rank:
            return cap
        return sev

    def matches(self, keys: Collection[str]) -> bool:
        """True when any key names this rule by code, name or group (or is `all`)."""
        return any(
            k == self.code or k == self.name or k in self.groups or k == "all" for k in keys
        )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    def describe(self) -> dict[str, object]:
        """Everything the rule reference (docs/rules.md, `sla-drafter rules`) shows."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "topic": self.topic,
            "groups": list(self.groups),
            "kinds": sorted(k.value for k in self.kinds),
            "stance_severity": {k: v.value for k, v in sorted(self.stance_severity.items())},
            "message": self.message,
            "rationale": self.rationale,
            "anti_pattern": self.anti_pattern,
            "best_practice": self.best_practice,
            "fix_clause": self.fix_clause,
            "fix_text": self.fix_text,
            "source": self.source,
        }


@lru_cache(maxsize=1)
def _load() -> tuple[Rule, ...]:
    from . import rules as _rules  # noqa: F401  (importing registers the Python rules)
    from .rules.phrases import load_phrase_rules

    found: dict[str, Rule] = {code: cls() for code, cls in Rule._registry.items()}
    names = {r.name for r in found.values()}
    for rule in load_phrase_rules():
        if rule.code in found or rule.name in names:
            raise ValueError(f"duplicate rule {rule.code} {rule.name} ({rule.source})")
        found[rule.code] = rule
        names.add(rule.name)
    return tuple(sorted(found.values(), key=lambda r: r.code))


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    return list(_load())


def get_rule(code_or_name: str) -> Rule:
    """A rule by code (`SLA201`) or name (`acknowledgment-counts-as-response`)."""
    key = code_or_name.strip()
    for rule in _load():
        if key.upper() == rule.code or key == rule.name:
            return rule
    raise KeyError(f"unknown rule {code_or_name!r}")


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines())


def rules_markdown() -> str:
    """docs/rules.md: the rule reference, generated from the rules themselves (never edited)."""
    rules = all_rules()
    out = [
        "# Lint rules",
        "",
        "<!-- Generated by `python -m sla_drafter.lint.registry` from the rule classes and",
        "     sla_drafter/lint/rules/phrases/*.yaml. Do not edit; tests fail when it drifts. -->",
        "",
        "Severities are the defaults for the customer stance; a playbook or `--severity` may",
        "change them. Select or ignore rules by code, name or group.",
        "",
        "| Code | Name | Severity | Groups | Applies to | Topic |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        kinds = ", ".join(sorted(k.value for k in r.kinds))
        out.append(
            f"| {r.code} | [{r.name}](#{r.code.lower()}-{r.name}) | {r.severity.value} | "
            f"{', '.join(r.groups)} | {kinds} | {r.topic or ''} |"
        )
    for r in rules:
        out += ["", f"## {r.code} {r.name}", "", f"**{r.message}**", ""]
        facts = [
            f"Severity: {r.severity.value}",
            f"groups: {', '.join(r.groups)}",
            f"applies to: {', '.join(sorted(k.value for k in r.kinds))}",
        ]
        if r.stance_severity:
            facts.append(
                "by stance: "
                + ", ".join(f"{k} at most {v.value}" for k, v in sorted(r.stance_severity.items()))
            )
        facts.append("defined in: " + ("Python" if r.source == "python" else f"`phrases/{r.source}`"))
        out += ["; ".join(facts) + ".", "", r.rationale, "", "Anti-pattern:", "", _quote(r.anti_pattern)]
        out += ["", "Best practice:", "", _quote(r.best_practice), ""]
        fix = f"Fix: {r.fix_text}"
        if r.fix_clause:
            fix += f" (clause `{r.fix_clause}`)"
        out.append(fix)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    # Import the package module: run as __main__, this file would hold a second, empty registry.
    from sla_drafter.lint.registry import rules_markdown as render

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules.md")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
