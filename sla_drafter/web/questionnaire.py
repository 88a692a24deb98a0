"""The Draft questionnaire, generated from schemas/spec.yaml.

The schema is walked once into a tree of `Node`s; each input's name is the data
path `format_path` prints (`metrics[0].target`), which is also where
`sla-drafter validate` reports problems, so each message lands beside its field
without a mapping table. Lists of mappings (metrics, tiers, escalation levels...)
repeat their fieldset; a hidden `__count__.<path>` field keeps how many items the
form shows, so an item just added (still empty) survives a round trip.

form -> data: `form_to_data` builds the spec mapping in schema order, converting
what the schema types say (integers, numbers, yes/no) and leaving anything that
does not convert as text so the validator names the problem. data -> form:
`build_form` fills the tree from a spec mapping (a loaded spec or an example).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .._cache import rx
from ..spec import SpecError, format_path, parse_spec

COUNT_PREFIX = "__count__."
SPEC_NAME = "spec.yaml"  # the name validation messages carry (the YAML the form makes)

# The questionnaire's steps: which top-level spec keys each one asks about.
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("agreement", "Agreement", ("title", "agreement")),
    ("parties", "Parties", ("parties",)),
    ("services", "Services", ("services",)),
    ("levels", "Service levels", ("priorities", "metrics")),
    ("credits", "Credits and maintenance", ("service_credits", "exclusions", "maintenance")),
    ("governance", "Reporting and governance",
     ("reporting", "service_reviews", "root_cause_analysis", "escalation", "change",
      "customer_obligations", "audit")),
    ("legal", "Disputes and termination", ("dispute_resolution", "indemnification", "termination")),
    ("multilevel", "Multi-level", ("levels",)),
)
# Blocks shown as a YAML text box rather than generated fields (deep, rarely used).
YAML_BLOCKS = frozenset({"levels"})

HINTS: dict[str, str] = {
    "percent": "a percentage, e.g. 99.9%",
    "duration": "a duration, e.g. 4h, 30 minutes, 2 business days",
    "money": "an amount with its currency, e.g. EUR 1,500",
    "hhmm_range": "e.g. 08:00-18:00",
    "iso_date": "a date, YYYY-MM-DD",
    "string_list": "one per line",
    "metrics.target": "availability: a percentage (99.9%); system_response_time: a duration "
    "(800 milliseconds); throughput or custom: a number with its unit",
    "metrics.unit": "for throughput and custom metrics, e.g. transactions per second",
    "levels": "YAML: corporate, customer and services blocks (multi-level agreements only)",
    "services.id": "lower-case letters, digits, - and _",
    "metrics.id": "lower-case letters, digits, - and _",
}
LABELS: dict[str, str] = {"sla_drafter": "Spec version", "id": "Id", "rca": "RCA"}
_SEGMENT = rx(r"([^.\[\]]+)|\[(\d+)\]")


def humanize(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def parse_name(name: str) -> tuple[str | int, ...]:
    """'metrics[0].target' -> ('metrics', 0, 'target') (the inverse of format_path)."""
    return tuple(int(i) if i else k for k, i in _SEGMENT.findall(name))


def _generic(path: Iterable[str | int]) -> str:
    """'metrics[0].target' -> 'metrics.target': the key hints are filed under."""
    return ".".join(p for p in path if isinstance(p, str))


@dataclass(slots=True)
class Node:
    kind: str  # field | group | list | yaml
    name: str  # data path, as format_path prints it
    key: str
    label: str
    rules: Mapping[str, Any]
    input: str = "text"  # text | number | select | bool | textarea | date
    options: tuple[str, ...] = ()
    value: str = ""
    required: bool = False
    hint: str = ""
    errors: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)  # group: fields; list: one group per item

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(c.error_count for c in self.children)


def _types(rules: Mapping[str, Any]) -> list[str]:
    t = rules.get("type", "string")
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def _is_dict_list(rules: Mapping[str, Any]) -> bool:
    item = rules.get("schema")
    return "list" in _types(rules) and isinstance(item, Mapping) and "dict" in _types(item) \
        and isinstance(item.get("schema"), Mapping)


def _is_string_list(rules: Mapping[str, Any]) -> bool:
    item = rules.get("schema")
    return "list" in _types(rules) and isinstance(item, Mapping) and _types(item) == ["string"] \
        and "allowed" not in item


def _field_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _node(path: tuple[str | int, ...], key: str, rules: Mapping[str, Any], value: Any,
          counts: Mapping[str, int]) -> Node:
    name = format_path(path)
    generic = _generic(path)
    hint = HINTS.get(generic) or HINTS.get(str(rules.get("check_with", ""))) or ""
    node = Node("field", name, key, humanize(key), rules, required=bool(rules.get("required")), hint=hint)
    types = _types(rules)
    if key in YAML_BLOCKS and len(path) == 1:
        node.kind, node.input = "yaml", "textarea"
        node.hint = HINTS.get(key, "YAML")
        node.value = yaml.safe_dump(value, sort_keys=False, allow_unicode=True) if value else ""
        return node
    if "dict" in types and isinstance(rules.get("schema"), Mapping):
        node.kind = "group"
        data = value if isinstance(value, Mapping) else {}
        node.children = [
            _node((*path, k), k, sub, data.get(k), counts) for k, sub in rules["schema"].items()
        ]
        return node
    if _is_dict_list(rules):
        node.kind = "list"
        items = value if isinstance(value, list) else []
        n = max(counts.get(name, 0), len(items), 1 if node.required else 0)
        item_rules = rules["schema"]
        node.children = [
            _node((*path, i), f"{i + 1}", item_rules, items[i] if i < len(items) else None, counts)
            for i in range(n)
        ]
        for i, child in enumerate(node.children):
            child.label = f"{node.label.rstrip('s')} {i + 1}"
        return node
    if _is_string_list(rules):
        node.input, node.hint = "textarea", hint or HINTS["string_list"]
    elif "list" in types:  # a list of allowed words (exclusions.standard)
        node.input = "multi"
        node.options = tuple(str(a) for a in rules.get("schema", {}).get("allowed", ()))
    elif "boolean" in types:
        node.input = "bool"
    elif "allowed" in rules:
        node.input, node.options = "select", tuple(str(a) for a in rules["allowed"])
        if value is None and "default" in rules:
            value = rules["default"]
    elif types in (["integer"], ["number"]):
        node.input = "number"
    elif rules.get("check_with") == "iso_date":
        node.input = "date"
    node.value = "\n".join(value) if node.input == "multi" and isinstance(value, list) \
        else _field_value(value)
    return node


def schema() -> dict[str, Any]:
    from ..spec import _schema

    return _schema()


def build_form(data: Mapping[str, Any] | None, counts: Mapping[str, int] | None = None) -> list[tuple[str, str, list[Node]]]:
    """(step id, step title, nodes) for every step, filled from `data`."""
    rules = schema()
    data = data or {}
    counts = counts or {}
    return [
        (sid, title, [_node((k,), k, rules[k], data.get(k), counts) for k in keys if k in rules])
        for sid, title, keys in STEPS
    ]


# --------------------------------------------------------------------------- form -> data


def _convert(rules: Mapping[str, Any], raw: str) -> Any:
    types = _types(rules)
    text = raw.strip()
    if "boolean" in types:
        return {"true": True, "false": False}.get(text, text)
    if types == ["integer"]:
        return int(text) if re.fullmatch(r"-?\d+", text) else text
    if "number" in types and rules.get("coerce") != "to_str":  # 250 with a unit, or 99.9
        try:
            number = float(text)
        except ValueError:
            return text
        if number != number or number in (float("inf"), float("-inf")):
            return text
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _collect(path: tuple[str | int, ...], rules: Mapping[str, Any], form: Mapping[str, list[str]],
             counts: dict[str, int]) -> Any:
    """The value for `path` from the flat form, or None when the user left it all empty."""
    name = format_path(path)
    types = _types(rules)
    if len(path) == 1 and path[0] in YAML_BLOCKS:
        text = "\n".join(form.get(name, [])).strip()
        if not text:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise YamlFieldError(name, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if "dict" in types and isinstance(rules.get("schema"), Mapping):
        out = {}
        for key, sub in rules["schema"].items():
            value = _collect((*path, key), sub, form, counts)
            if value is not None:
                out[key] = value
        return out or None
    if _is_dict_list(rules):
        n = _count(form, name)
        counts[name] = n
        items = [_collect((*path, i), rules["schema"], form, counts) for i in range(n)]
        return [item if item is not None else {} for item in items] or None
    values = form.get(name, [])
    if "list" in types:
        if _is_string_list(rules):
            lines = [line.strip() for v in values for line in v.splitlines() if line.strip()]
        else:
            lines = [v.strip() for v in values if v.strip()]
        return lines or None
    raw = values[-1] if values else ""
    if not raw.strip():
        return None
    return _convert(rules, raw)


def _count(form: Mapping[str, list[str]], name: str) -> int:
    raw = (form.get(COUNT_PREFIX + name) or ["0"])[-1]
    return min(int(raw), 200) if raw.isdigit() else 0


class YamlFieldError(Exception):
    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(message)


def form_to_data(form: Mapping[str, list[str]]) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    """(spec data, list counts, field errors found while reading: a YAML box that does not parse)."""
    rules = schema()
    data: dict[str, Any] = {"sla_drafter": 1}
    counts: dict[str, int] = {}
    problems: dict[str, str] = {}
    for key in rules:
        if key in ("sla_drafter", "clauses"):
            continue
        try:
            value = _collect((key,), rules[key], form, counts)
        except YamlFieldError as exc:
            problems[exc.name] = exc.message
            continue
        if value is not None:
            data[key] = value
    clauses = {
        name[len("clauses."):]: values[-1].strip()
        for name, values in form.items()
        if name.startswith("clauses.") and values and values[-1].strip()
    }
    if clauses:
        data["clauses"] = dict(sorted(clauses.items()))
    return data, counts, problems


def apply_list_action(counts: dict[str, int], data: dict[str, Any], action: str) -> str | None:
    """`add:<list path>` or `remove:<item path>`: change the data and counts; return the path
    to scroll to."""
    verb, _, target = action.partition(":")
    path = parse_name(target)
    if verb == "add" and path:
        counts[target] = counts.get(target, 0) + 1
        return f"{target}[{counts[target] - 1}]"
    if verb == "remove" and path and isinstance(path[-1], int):
        parent_path, index = path[:-1], path[-1]
        container: Any = data
        for part in parent_path:
            try:
                container = container[part]
            except (KeyError, IndexError, TypeError):
                return None
        parent = format_path(parent_path)
        if isinstance(container, list) and 0 <= index < len(container):
            del container[index]
            counts[parent] = max(counts.get(parent, 1) - 1, 0)
            _shift_counts(counts, parent, index)
        return parent
    return None


def _shift_counts(counts: dict[str, int], parent: str, removed: int) -> None:
    """Nested list counts of later items move down one index with their item."""
    prefix = f"{parent}["
    moved: dict[str, int] = {}
    for name in list(counts):
        if not name.startswith(prefix):
            continue
        index_text, _, rest = name[len(prefix):].partition("]")
        if not index_text.isdigit():
            continue
        index = int(index_text)
        value = counts.pop(name)
        if index == removed:
            continue
        moved[f"{prefix}{index - 1 if index > removed else index}]{rest}"] = value
    counts.update(moved)


# --------------------------------------------------------------------------- validation


_LINE = rx(r"^" + re.escape(SPEC_NAME) + r":(\d+) (\S+?): (.*)$")


def to_yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)


@dataclass(slots=True)
class Validation:
    lines: list[str]  # every message, as `sla-drafter validate spec.yaml` prints it
    by_path: dict[str, list[str]]  # data path -> messages for that field or group

    @property
    def ok(self) -> bool:
        return not self.lines


def validate(data: Mapping[str, Any]) -> Validation:
    """Validate the spec the form describes with the CLI's own checks (parse_spec)."""
    from ..errors import InputError

    text = to_yaml(data)
    try:
        parse_spec(text, SPEC_NAME)
    except SpecError as exc:
        lines = list(exc.errors)
    except InputError as exc:
        lines = [str(exc)]
    else:
        return Validation([], {})
    by_path: dict[str, list[str]] = {}
    for line in lines:
        match = _LINE.match(line)
        if match:
            by_path.setdefault(match.group(2), []).append(match.group(3))
    return Validation(lines, by_path)


def attach_errors(steps: list[tuple[str, str, list[Node]]], by_path: Mapping[str, list[str]]) -> list[str]:
    """Put each message on the node with its path, or the nearest enclosing one; return the
    paths no node took (shown at the top of the form)."""
    index: dict[str, Node] = {}

    def walk(nodes: Iterable[Node]) -> None:
        for n in nodes:
            index[n.name] = n
            walk(n.children)

    for _, _, nodes in steps:
        walk(nodes)
    leftover: list[str] = []
    for name, messages in by_path.items():
        path = parse_name(name)
        while path and format_path(path) not in index:
            path = path[:-1]
        if path:
            index[format_path(path)].errors.extend(messages)
        else:
            leftover.extend(f"{name}: {m}" for m in messages)
    return leftover


def form_pairs(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (name, value) pairs the questionnaire filled from `data` submits (what a browser
    sends without touching anything): for scripts and benchmarks that drive the app."""
    pairs: list[tuple[str, str]] = []

    def walk(node: Node) -> None:
        if node.kind == "list":
            pairs.append((COUNT_PREFIX + node.name, str(len(node.children))))
        if node.kind in ("group", "list"):
            for child in node.children:
                walk(child)
        elif node.input == "multi":
            pairs.extend((node.name, v) for v in node.value.split("\n") if v)
        else:
            pairs.append((node.name, node.value))

    for _, _, nodes in build_form(data):
        for node in nodes:
            walk(node)
    clauses = data.get("clauses")
    if isinstance(clauses, Mapping):
        pairs.extend((f"clauses.{k}", str(v)) for k, v in clauses.items())
    return pairs
