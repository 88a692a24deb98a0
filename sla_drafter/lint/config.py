"""Lint configuration: defaults < config file < playbook < command line.

The config file is `.sla-drafter.toml` (top-level keys) or the `[tool.sla-drafter]`
table of `pyproject.toml`, found by searching upward from the current directory
(the first folder holding either wins; `.sla-drafter.toml` before `pyproject.toml`),
or given with `--config PATH`. Keys:

    stance = "customer"              # or "provider"
    fail-on = "error"                # error | warning | info
    select = ["SLA2", "credits"]     # rules by code, name or group (default: all)
    ignore = ["vague-efforts-language"]
    playbook = "playbooks/buyer.yaml"  # relative to the config file
    format = "human"                 # human | json | sarif | html | github
    allow-inline-suppression = false # honour `sla-lint:` directives in the documents linted
    [tool.sla-drafter.severity]      # or [severity] in .sla-drafter.toml
    low-credit-cap = "warning"       # rule (code or name) -> error | warning | info

`select` and `ignore` are replaced, not merged, by a higher layer that sets them;
severity overrides merge rule by rule (the higher layer wins for the same rule);
a playbook's required topics add to the ones the rules already require.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..findings import Finding, Severity
from ..terms import Terms
from ..topics import TOPICS, missing_rule_name
from .layer import ANY_STANCE, Layer
from .registry import all_rules, get_rule

STANCES = ("customer", "balanced", "provider")
FORMATS = ("human", "json", "sarif", "html", "github")
CONFIG_NAMES = (".sla-drafter.toml", "pyproject.toml")
_KEYS = {
    "stance", "fail-on", "select", "ignore", "severity", "playbook", "format",
    "allow-inline-suppression",
}

# Rules the front end itself reports (not in the engine's registry).
UNUSED_SUPPRESSION = ("SLA901", "unused-suppression")
REQUIRED_TOPIC_CODE = "SLA902"
INLINE_SUPPRESSION = ("SLA903", "inline-suppression")


@dataclass(frozen=True, slots=True)
class LintConfig:
    stance: str = "customer"
    fail_on: Severity = Severity.ERROR
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Mapping[str, Severity]] = field(default_factory=dict)  # stance -> rule -> sev
    required_topics: tuple[str, ...] = ()
    format: str = "human"
    playbook: str | None = None  # the playbook's name, for reports
    sources: tuple[str, ...] = ()  # config files and playbooks that were read
    # Honour `sla-lint:` directives found in the documents themselves (opt-in: they come
    # from the side being judged).
    allow_inline_suppression: bool = False

    def with_stance(self, stance: str) -> LintConfig:
        if stance not in STANCES:
            raise InputError(f"unknown stance {stance!r} (use customer, balanced or provider)")
        return replace(self, stance=stance)

    def severity_for(self, stance: str | None = None) -> Mapping[str, Severity]:
        return self.severity.get(stance or self.stance, {})

    # -- applied to findings by the front end ---------------------------------------------

    def selected(self, finding: Finding) -> bool:
        keys = rule_keys(finding.code, finding.rule)
        if self.select is not None and not any(_matches(s, keys) for s in self.select):
            return False
        return not any(_matches(s, keys) for s in self.ignore)

    def postprocess(
        self, findings: Iterable[Finding], terms: Terms, stance: str, *, required: bool = True
    ) -> list[Finding]:
        """Add required-topic findings, filter by select/ignore, apply severity overrides."""
        out = list(findings)
        if required:
            out.extend(self._required_topic_findings(out, terms))
        overrides = {k.lower(): v for k, v in self.severity_for(stance).items()}
        result: list[Finding] = []
        for f in out:
            if not self.selected(f):
                continue
            level = overrides.get(f.code.lower()) or overrides.get(f.rule.lower())
            if level is not None and level is not f.severity:
                f = replace(f, severity=level)
            result.append(f)
        return result

    def _required_topic_findings(self, findings: list[Finding], terms: Terms) -> list[Finding]:
        from ..findings import Fix

        reported = {f.rule for f in findings}
        extra: list[Finding] = []
        for topic in self.required_topics:
            name = missing_rule_name(topic)
            if name in reported or topic not in terms.topics or terms.has(topic):
                continue
            rule = _engine_rule(name)
            code = str(getattr(rule, "code", REQUIRED_TOPIC_CODE))
            sev = Severity(str(getattr(rule, "severity", "warning")))
            clause = getattr(rule, "fix_clause", "") or ""
            fix_text = getattr(rule, "fix_text", "") or ""
            status = terms.status(topic).value
            extra.append(
                Finding(
                    code=code,
                    rule=name,
                    severity=sev,
                    topic=topic,
                    message=f"The playbook requires {topic.replace('_', ' ')}, which is {status.replace('_', ' ')} here.",
                    fix=Fix(str(clause), str(fix_text)) if clause or fix_text else None,
                )
            )
        return extra


# ------------------------------------------------------------------------ rule lookups


def _matches(selector: str, keys: tuple[str, ...]) -> bool:
    s = selector.strip().lower()
    return s == "all" or s in keys


@cache
def rule_keys(code: str, name: str) -> tuple[str, ...]:
    """Everything a selector may name for a rule: code, name, groups, aliases (lower case)."""
    keys = {code.lower(), name.lower()}
    rule = _engine_rule(code) or _engine_rule(name)
    if rule is not None:
        for attr in ("groups", "aliases"):
            keys.update(str(g).lower() for g in getattr(rule, attr, ()) or ())
    if (code, name) in (UNUSED_SUPPRESSION, INLINE_SUPPRESSION):
        keys.add("suppression")
    return tuple(sorted(keys))


@cache
def canonical(selector: str) -> str:
    """A rule's code for any spelling of its code or name (`sla201`, `SLA201`); groups as given."""
    s = selector.strip()
    rule = _engine_rule(s)
    if rule is None:
        rule = _engine_rule(s.lower())
    return str(rule.code) if rule is not None else s.lower()


def _engine_rule(code_or_name: str) -> Any:
    try:
        return get_rule(code_or_name)
    except (KeyError, LookupError, ValueError, InputError):
        return None


@cache
def known_selectors() -> frozenset[str]:
    """Every code, name, alias and group a selector may use (from the rule catalogue)."""
    keys = {"all", "suppression", *(k.lower() for k in UNUSED_SUPPRESSION), REQUIRED_TOPIC_CODE.lower()}
    keys.update(k.lower() for k in INLINE_SUPPRESSION)
    from .applicability import OTHER_LANGUAGE, TOO_LITTLE_TEXT

    keys.update(k.lower() for k in (*OTHER_LANGUAGE, *TOO_LITTLE_TEXT))
    for rule in all_rules():
        keys.add(str(rule.code).lower())
        keys.add(str(rule.name).lower())
        for attr in ("groups", "aliases"):
            keys.update(str(g).lower() for g in getattr(rule, attr, ()) or ())
    keys.update(missing_rule_name(t) for t in TOPICS)
    return frozenset(keys)


def check_selectors(layer: Layer) -> None:
    names: list[str] = [*(layer.select or ()), *(layer.ignore or ())]
    for per_stance in layer.severity.values():
        names.extend(per_stance)
    if not names:
        return  # nothing to check: the rule catalogue need not load for this
    known = known_selectors()
    for name in names:
        if name.strip().lower() not in known:
            raise InputError(f"unknown rule or group {name!r} (see `sla-drafter rules`)", layer.source)


# ------------------------------------------------------------------------ parsing


def split_names(values: Iterable[str]) -> tuple[str, ...]:
    """`["a,b", " c"]` -> `("a", "b", "c")`: options may repeat or hold comma lists."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


def parse_severity(value: Any, source: str, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise InputError(
            f"{where}: {value!r} is not a severity (use error, warning or info)", source
        ) from None


def _names(value: Any, source: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_names([value])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return split_names(value)
    raise InputError(f"{key}: expected a list of rule codes, names or groups", source)


def layer_from_table(table: Mapping[str, Any], source: str, base: Path) -> Layer:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InputError(
            f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})", source
        )
    layer = Layer(source=source)
    if "stance" in table:
        if table["stance"] not in STANCES:
            raise InputError(f"stance: {table['stance']!r} is not customer, balanced or provider", source)
        layer.stance = str(table["stance"])
    if "fail-on" in table:
        layer.fail_on = parse_severity(table["fail-on"], source, "fail-on")
    if "select" in table:
        layer.select = _names(table["select"], source, "select")
    if "ignore" in table:
        layer.ignore = _names(table["ignore"], source, "ignore")
    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, Mapping):
            raise InputError("severity: expected a table of rule = level", source)
        layer.severity[ANY_STANCE] = {
            str(k): parse_severity(v, source, f"severity.{k}") for k, v in sev.items()
        }
    if "playbook" in table:
        if not isinstance(table["playbook"], str):
            raise InputError("playbook: expected a file path", source)
        layer.playbook = (base / table["playbook"]).resolve()
    if "format" in table:
        if table["format"] not in FORMATS:
            raise InputError(
                f"format: {table['format']!r} is not one of {', '.join(FORMATS)}", source
            )
        layer.format = str(table["format"])
    if "allow-inline-suppression" in table:
        if not isinstance(table["allow-inline-suppression"], bool):
            raise InputError("allow-inline-suppression: expected true or false", source)
        layer.allow_inline_suppression = table["allow-inline-suppression"]
    return layer


def load_config_file(path: Path) -> Layer | None:
    """The layer a config file gives; None for a pyproject.toml without `[tool.sla-drafter]`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("config file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read config file: {exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("sla-drafter")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise InputError("[tool.sla-drafter] must be a table", str(path))
    else:
        table = data
    return layer_from_table(table, str(path), path.parent)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `.sla-drafter.toml`, or `pyproject.toml` with `[tool.sla-drafter]`, upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        dotfile = folder / ".sla-drafter.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "sla-drafter" in data["tool"]:
                return pyproject
    return None


def merge(layers: Iterable[Layer]) -> LintConfig:
    """Later layers win: pass them lowest first (config file, playbook, command line)."""
    stance, fail_on, fmt = "customer", Severity.ERROR, "human"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    required: list[str] = []
    severity: dict[str, dict[str, Severity]] = {s: {} for s in STANCES}
    sources: list[str] = []
    playbook_name: str | None = None
    allow_inline = False
    for layer in layers:
        if layer.source and layer.source != "command line":
            sources.append(layer.source)
        stance = layer.stance or stance
        fail_on = layer.fail_on or fail_on
        fmt = layer.format or fmt
        if layer.select is not None:
            select = layer.select
        if layer.ignore is not None:
            ignore = layer.ignore
        for topic in layer.required_topics:
            if topic not in required:
                required.append(topic)
        for key, rules in sorted(layer.severity.items(), key=lambda kv: kv[0] != ANY_STANCE):
            for st in STANCES if key == ANY_STANCE else (key,):
                severity[st].update(rules)
        playbook_name = layer.name or playbook_name
        if layer.allow_inline_suppression is not None:
            allow_inline = layer.allow_inline_suppression
    return LintConfig(
        stance=stance,
        fail_on=fail_on,
        select=select,
        ignore=ignore,
        severity=severity,
        required_topics=tuple(required),
        format=fmt,
        playbook=playbook_name,
        sources=tuple(sources),
        allow_inline_suppression=allow_inline,
    )


def config_from_options(
    *,
    stance: str | None,
    fail_on: str | None,
    select: Iterable[str],
    ignore: Iterable[str],
    config_path: str | Path | None,
    playbook_path: str | Path | None,
    fmt: str | None = None,
    allow_inline_suppression: bool = False,
) -> LintConfig:
    """The effective config for a command that takes the lint options (`lint`, `annotate`)."""
    select, ignore = tuple(select), tuple(ignore)
    cli_layer = Layer(
        source="command line",
        stance=stance,
        fail_on=Severity(fail_on) if fail_on else None,
        select=split_names(select) if select else None,
        ignore=split_names(ignore) if ignore else None,
        format=fmt,
        allow_inline_suppression=True if allow_inline_suppression else None,
    )
    return resolve_config(cli=cli_layer, config_path=config_path, playbook_path=playbook_path)


def resolve_config(
    *,
    cli: Layer | None = None,
    config_path: str | Path | None = None,
    playbook_path: str | Path | None = None,
    cwd: Path | None = None,
    search: bool = True,
) -> LintConfig:
    """Build the effective LintConfig: defaults < config file < playbook < command line.

    `config_path` (from --config) skips the upward search; `playbook_path` (from
    --playbook) replaces the config file's playbook.
    """
    layers: list[Layer] = []
    file_layer: Layer | None = None
    if config_path is not None:
        path = Path(config_path)
        file_layer = load_config_file(path)
        if file_layer is None:
            raise InputError("has no [tool.sla-drafter] table", str(path))
    elif search:
        found = find_config(cwd)
        if found is not None:
            file_layer = load_config_file(found)
    if file_layer is not None:
        check_selectors(file_layer)
        layers.append(file_layer)
    book = Path(playbook_path) if playbook_path is not None else (
        file_layer.playbook if file_layer is not None else None
    )
    if book is not None:
        from .playbook import load_playbook  # here: most runs have no playbook

        pb = load_playbook(book)
        check_selectors(pb)
        layers.append(pb)
    if cli is not None:
        check_selectors(cli)
        layers.append(cli)
    return merge(layers)
