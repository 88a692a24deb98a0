"""The clause library: reviewed, versioned clause text in three stances.

A clause file (`clause_library/<topic>/<clause_id>.yaml`) holds Jinja text for
each stance (customer, balanced, provider), typed variables read from the spec,
drafting notes for counsel, the lint rules it answers and examples that are run
as tests. `schemas/clause.yaml` is the cerberus schema for the format.

Spec paths (`from` of a variable, `applies_when` of a clause) are dotted paths
into the spec data as loaded from YAML:

- `maintenance.monthly_cap` walks mappings;
- `services[0].capacity` picks one list item, and
  `metrics[kind=availability].target` the first item whose `kind` matches;
- `services[].capacity` maps over every item and collects the values found;
- `applies_when: "!path"` negates: the clause applies when the path is absent
  or falsy.

A path applies when its value is present and truthy (for `[]` paths: when any
collected value is truthy). Missing keys are never an error in a path: the
variable's default is used, or binding fails with an error naming the clause
and the variable.

Rendered text is plain text: paragraphs are separated by a blank line, single
line breaks inside a paragraph are joined with a space, and a paragraph may
start with "(a) " for list items. Output renderers escape for their format.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template, TemplateError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from ._cache import derived, fingerprint, rx, yaml_data
from .agreement import Definition
from .errors import InputError
from .resources import clause_library_dir, schemas_dir
from .topics import TOPIC_TITLES, TOPICS, missing_rule_name
from .units import Duration, Money, Percent, QuantityError, format_number

STANCES: tuple[str, ...] = ("customer", "balanced", "provider")

VARIABLE_TYPES: tuple[str, ...] = (
    "percent", "duration", "money", "int", "float", "string", "bool", "list",
)

# Topics the library uses beyond the fixed lint topics: parts of a good SLA the
# linter does not score on their own, or companions that must sit beside a
# topic's default clause (one default per topic means one clause per section).
EXTRA_TOPIC_TITLES: dict[str, str] = {
    "definitions": "Definitions and interpretation",
    "downtime": "Downtime",
    "general": "Order of precedence",
    "firm_commitment": "Nature of the service levels",
    "priorities": "Incident priorities",
    "support_hours": "Support hours",
    "service_reviews": "Service reviews",
    "credit_payment": "Payment of service credits",
    "governing_law": "Governing law and jurisdiction",
}
EXTRA_TOPICS: tuple[str, ...] = tuple(EXTRA_TOPIC_TITLES)
ALL_TOPICS: tuple[str, ...] = TOPICS + EXTRA_TOPICS

# A sensible order of sections for an assembled agreement.
DOCUMENT_ORDER: tuple[str, ...] = (
    "general", "definitions", "downtime", "service_description", "firm_commitment",
    "availability", "measurement_method", "measurement_period", "independent_measurement",
    "capacity_limits", "maintenance", "exclusions", "priorities", "support_hours",
    "support_response", "resolution", "root_cause_analysis", "escalation",
    "customer_obligations", "reporting", "service_reviews", "service_credits",
    "credit_claim_process", "credit_cap", "credit_payment", "sole_remedy", "termination",
    "audit_rights", "change_mechanism", "dispute_resolution", "indemnification",
    "governing_law",
)

# The stable gaming and one-sided rule names of DESIGN.md; `satisfies` may also
# name `missing-<topic>` for any lint topic.
GAMING_RULES: tuple[str, ...] = (
    "acknowledgment-counts-as-response", "no-resolution-target", "provider-self-measurement",
    "measurement-unspecified", "narrow-downtime-definition", "long-measurement-window",
    "credits-require-claim", "low-credit-cap", "sole-and-exclusive-remedy", "no-remedy",
    "maintenance-exclusion-uncapped", "broad-exclusions", "vague-efforts-language",
    "unilateral-amendment", "provider-assigns-severity", "credits-non-cash-or-forfeitable",
    "credit-schedule-gap-or-overlap", "business-hours-clock",
)
# Rules the linter added beyond DESIGN.md whose fix is a library clause.
EXTRA_RULES: tuple[str, ...] = (
    "order-of-precedence-provider-chooses", "provider-decision-final", "termination-right-limited",
    "force-majeure-broad", "reports-on-request-only", "no-mediator-fallback",
    "no-monitoring-fallback", "achievement-percentage-target",
)
RULE_NAMES: frozenset[str] = (
    frozenset(GAMING_RULES) | frozenset(EXTRA_RULES) | {missing_rule_name(t) for t in TOPICS}
)

_ALWAYS = ("provider", "customer")
_ISO_DATE = rx(r"^\d{4}-\d{2}-\d{2}$")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)
_SEGMENT = rx(
    r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?:\[(?:(?P<index>\d*)|(?P<field>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>[^\]]+))\])?$"
)


def topic_title(topic: str) -> str:
    """Human title of a lint topic or an extra library topic."""
    return TOPIC_TITLES.get(topic) or EXTRA_TOPIC_TITLES.get(topic) or topic.replace("_", " ")


# --------------------------------------------------------------------------- paths


_MISSING = object()


def resolve_path(data: Any, path: str) -> Any:
    """Value at a dotted spec path, or `_MISSING`.

    `[]` collects over a list, `[2]` picks an item, `[kind=availability]` picks
    the first mapping item whose `kind` is `availability`.
    """
    values: list[Any] = [data]
    collecting = False
    for part in path.split("."):
        m = _SEGMENT.match(part)
        if not m:
            raise ValueError(f"bad path segment {part!r} in {path!r}")
        nxt: list[Any] = []
        for value in values:
            if not isinstance(value, Mapping) or m["key"] not in value:
                continue
            item = value[m["key"]]
            if m["field"] is not None:
                if isinstance(item, list):
                    found = [
                        x for x in item
                        if isinstance(x, Mapping) and str(x.get(m["field"])) == m["value"]
                    ]
                    nxt.extend(found[:1])
            elif m["index"] is None:
                nxt.append(item)
            elif not isinstance(item, list):
                continue
            elif m["index"] == "":
                collecting = True
                nxt.extend(item)
            elif int(m["index"]) < len(item):
                nxt.append(item[int(m["index"])])
        values = [v for v in nxt if v is not None]
        if not values:
            return _MISSING
    if collecting:
        return values
    return values[0]


def path_applies(data: Mapping[str, Any], condition: str) -> bool:
    negate = condition.startswith("!")
    path = condition[1:] if negate else condition
    value = resolve_path(data, path)
    if value is _MISSING:
        present = False
    elif "[]" in path and isinstance(value, list):
        present = any(_truthy(v) for v in value)
    else:
        present = _truthy(value)
    return present != negate


def _truthy(value: Any) -> bool:
    return bool(value) if isinstance(value, str | list | dict | bool | int | float) else True


# --------------------------------------------------------------------------- formatting


def _business_terms(text: str) -> str:
    # The library defines "Business Day" and "Business Hours"; use the defined terms.
    return text.replace("business day", "Business Day").replace("business hour", "Business Hour")


def format_value(kind: str, value: Any) -> Any:
    """A spec value (raw YAML or an already-parsed unit) formatted for prose."""
    if kind == "percent":
        # "98.0%" stays as written, so the clause says what the credit table beside it says
        text = str(Percent.parse(value))
        written = str(value).strip()
        if isinstance(value, str) and written.endswith("%") and written[:-1].strip().replace(".", "", 1).isdigit():
            return written[:-1].strip() + "%"
        return text
    if kind == "duration":
        return _business_terms(str(Duration.parse(value)))
    if kind == "money":
        return str(value if isinstance(value, Money) else Money.parse(value))
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise QuantityError(f"expected a whole number, got {value!r}")
        try:
            number = float(value)
        except ValueError:
            raise QuantityError(f"expected a whole number, got {value!r}") from None
        if number != int(number):
            raise QuantityError(f"expected a whole number, got {value!r}")
        return int(number)
    if kind == "float":
        if isinstance(value, bool):
            raise QuantityError(f"expected a number, got {value!r}")
        try:
            return format_number(float(value))
        except (TypeError, ValueError):
            raise QuantityError(f"expected a number, got {value!r}") from None
    if kind == "string":
        if isinstance(value, str) and _ISO_DATE.match(value):
            return _plain(date.fromisoformat(value))
        return _plain(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise QuantityError(f"expected true or false, got {value!r}")
        return value
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        return [_list_item(v) for v in items]
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _list_item(value: Any) -> Any:
    """An item of a list variable: mappings and lists keep their shape, scalars become prose."""
    if isinstance(value, Mapping):
        return {str(k): _list_item(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_list_item(v) for v in value]
    return _prose(value)


def _prose(value: Any) -> str:
    """A scalar inside a list: durations in the defined-term style, others as written."""
    if isinstance(value, Duration):
        return _business_terms(str(value))
    if isinstance(value, str):
        try:
            return _business_terms(str(Duration.parse(value)))
        except QuantityError:
            return value
    return _plain(value)


def _letter(index: int) -> str:
    return _LETTERS[(int(index) - 1) % len(_LETTERS)]


def _with_the(value: Any) -> str:
    """'Subscription Agreement' -> 'the Subscription Agreement' (unless it has an article)."""
    text = str(value)
    if re.match(r"(?i)(the|a|an|this|that|each|any|its|their)\b", text):
        return text
    return "the " + text


_CLAIM_PREFIX = rx(
    r"^(?:third[- ]party\s+)?claims?\s+(?:arising|resulting)\s+(?:from|out\s+of)\s+", re.IGNORECASE
)


def _cause(value: Any) -> str:
    """A scope item read after "arising from": drops a repeated "third-party claims arising from"."""
    return _CLAIM_PREFIX.sub("", _sentence(value))


def _sentence(value: Any) -> str:
    """Text to embed in a sentence: no trailing full stop or semicolon."""
    return str(value).strip().rstrip(".;").rstrip()


def _every(value: Any) -> str:
    """For "at least every ...": '1 hour' -> 'hour', '30 minutes' stays as it is."""
    text = str(value)
    return text[2:] if text.startswith("1 ") else text


def _thousands(value: Any) -> str:
    try:
        return f"{int(str(value)):,}"
    except ValueError:
        return str(value)


def _spelled(value: Any) -> str:
    """5 -> 'five (5)': the number in words and figures, as contracts often write it."""
    try:
        number = int(str(value))
    except ValueError:
        return str(value)
    if 0 <= number < len(_NUMBER_WORDS):
        return f"{_NUMBER_WORDS[number]} ({number})"
    return str(number)


def _make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["letter"] = _letter
    env.filters["spelled"] = _spelled
    env.filters["thousands"] = _thousands
    env.filters["the"] = _with_the
    env.filters["every"] = _every
    env.filters["sentence"] = _sentence
    env.filters["cause"] = _cause
    return env


_ENV = _make_env()


@lru_cache(maxsize=1024)
def _template(source: str) -> Template:
    """Compiled once: compiling is most of the cost of rendering a clause. The compiled
    code is kept between runs too (as Python keeps a module's), by the source's hash."""
    digest = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()
    code = derived(_template_kind(), digest, lambda: _ENV.compile(source))
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None)


@cache
def _template_kind() -> str:
    import jinja2

    return f"jinja-{jinja2.__version__}-{fingerprint(__file__)}"


def normalise_text(text: str) -> str:
    """Blank-line separated paragraphs; line breaks inside a paragraph become spaces."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if joined:
            paragraphs.append(re.sub(r"[ \t]+", " ", joined))
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: str
    source: str | None  # the `from` path into the spec data
    doc: str
    default: Any = None
    has_default: bool = False


@dataclass(frozen=True, slots=True)
class Example:
    stance: str
    data: Mapping[str, Any]
    contains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DefinedTerm:
    term: str
    meaning: Mapping[str, str]  # stance -> Jinja text (the same text for every stance if one was given)


@dataclass(slots=True)
class Clause:
    id: str
    version: str
    topic: str
    title: str
    default: bool
    variants: dict[str, str]
    notes: dict[str, str]
    satisfies: tuple[str, ...] = ()
    variables: dict[str, Variable] = field(default_factory=dict)
    applies_when: str | None = None
    defines: tuple[DefinedTerm, ...] = ()
    examples: tuple[Example, ...] = ()
    path: Path | None = None

    def applies(self, spec_data: Mapping[str, Any]) -> bool:
        """True when `applies_when` is unset or its path is present and truthy in the spec."""
        return self.applies_when is None or path_applies(spec_data, self.applies_when)

    def bind(self, spec_data: Mapping[str, Any]) -> dict[str, Any]:
        """Variable values for prose, read from the spec (defaults where the spec is silent)."""
        values: dict[str, Any] = {
            "provider": _party(spec_data, "provider", "Provider"),
            "customer": _party(spec_data, "customer", "Customer"),
        }
        for var in self.variables.values():
            raw = resolve_path(spec_data, var.source) if var.source else _MISSING
            if raw is _MISSING:
                if not var.has_default:
                    raise InputError(
                        f"clause '{self.id}' needs variable '{var.name}' from spec path "
                        f"'{var.source}', which the spec does not give",
                        self._where(),
                    )
                raw = var.default
            if raw is None:
                values[var.name] = None
                continue
            try:
                values[var.name] = format_value(var.type, raw)
            except QuantityError as exc:
                raise InputError(
                    f"clause '{self.id}' variable '{var.name}' (from '{var.source}'): {exc}",
                    self._where(),
                ) from None
        return values

    def render(self, stance: str, data: Mapping[str, Any]) -> str:
        """The clause text for a stance, with bound variable values (see `bind`)."""
        check_stance(stance)
        return self._render_text(self.variants[stance], data, f"variant '{stance}'")

    def render_spec(self, stance: str, spec_data: Mapping[str, Any]) -> str:
        """`render(stance, bind(spec_data))` in one step."""
        return self.render(stance, self.bind(spec_data))

    def default_values(self) -> dict[str, Any]:
        """Variable values for a preview: each default, or "[name]" where there is none."""
        values: dict[str, Any] = {"provider": "Provider", "customer": "Customer"}
        for name, var in self.variables.items():
            if not var.has_default:
                values[name] = f"[{name}]"
            elif var.default is not None:
                values[name] = format_value(var.type, var.default)
            else:
                values[name] = None
        return values

    def render_defaults(self, stance: str) -> str:
        """The text for a stance with default values (for browsing and the catalogue)."""
        return self.render(stance, self.default_values())

    def definitions(self, stance: str, data: Mapping[str, Any]) -> list[Definition]:
        """The defined terms this clause contributes, rendered for a stance."""
        check_stance(stance)
        return [
            Definition(d.term, self._render_text(d.meaning[stance], data, f"definition '{d.term}'"))
            for d in self.defines
        ]

    def _render_text(self, source: str, data: Mapping[str, Any], what: str) -> str:
        context: dict[str, Any] = {
            name: (None if var.default is None else format_value(var.type, var.default))
            for name, var in self.variables.items()
            if var.has_default
        }
        context.update({"provider": "Provider", "customer": "Customer"})
        context.update(data)
        try:
            return normalise_text(_template(source).render(context))
        except TemplateError as exc:
            raise InputError(f"clause '{self.id}' {what}: {_one_line(exc.message)}", self._where()) from None

    def _where(self) -> str | None:
        return str(self.path) if self.path else None


def _party(spec_data: Mapping[str, Any], role: str, fallback: str) -> str:
    value = resolve_path(spec_data, f"parties.{role}.short_name")
    return fallback if value is _MISSING else str(value)


def check_stance(stance: str) -> None:
    if stance not in STANCES:
        raise InputError(f"unknown stance '{stance}' (choose customer, balanced or provider)")


@dataclass(slots=True)
class Library:
    clauses: dict[str, Clause]
    root: Path | None = None

    def get(self, clause_id: str) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise InputError(f"unknown clause '{clause_id}'") from None

    def for_topic(self, topic: str) -> list[Clause]:
        """The topic's clauses: the default first, then by id."""
        found = [c for c in self.clauses.values() if c.topic == topic]
        return sorted(found, key=lambda c: (not c.default, c.id))

    def default_for(self, topic: str) -> Clause | None:
        return next((c for c in self.for_topic(topic) if c.default), None)

    def topics(self) -> list[str]:
        """Topics with clauses, in document order (unknown extras last, by name)."""
        present = {c.topic for c in self.clauses.values()}
        order = {t: i for i, t in enumerate(DOCUMENT_ORDER)}
        return sorted(present, key=lambda t: (order.get(t, len(order)), t))

    def select(
        self, topic: str, spec_data: Mapping[str, Any], pinned: str | None = None
    ) -> Clause | None:
        """The clause to draft for a topic: the pinned id, else the default if it applies,
        else the first other clause of the topic that applies, else None."""
        if pinned is not None:
            clause = self.get(pinned)
            if clause.topic != topic:
                raise InputError(f"clause '{pinned}' belongs to topic '{clause.topic}', not '{topic}'")
            return clause
        return next((c for c in self.for_topic(topic) if c.applies(spec_data)), None)


# --------------------------------------------------------------------------- loading


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = yaml_data((schemas_dir() / "clause.yaml").read_text("utf-8"), "clause-schema")
    return schema


def load_library(root: Path | None = None, *, strict: bool = False) -> Library:
    """Load every clause under `root` (the bundled library by default), schema-validated.

    `strict` also compiles every template and renders every example (what the tests and
    `sla-drafter clauses --check` do); drafting skips that, since a bad template still
    fails with a one-line error when it is rendered.
    """
    return _load_library((root or clause_library_dir()).resolve(), strict)


@cache
def _load_library(root: Path, strict: bool) -> Library:
    if not root.is_dir():
        raise InputError("clause library folder not found", str(root))
    clauses: dict[str, Clause] = {}
    for path in sorted(root.rglob("*.yaml")):
        clause = load_clause(path, strict=strict)
        if path.stem != clause.id:
            raise InputError(f"id: '{clause.id}' does not match the file name", str(path), 1)
        if clause.id in clauses:
            raise InputError(f"duplicate clause id '{clause.id}'", str(path))
        if path.parent != root and path.parent.name != clause.topic:
            raise InputError(
                f"clause '{clause.id}' has topic '{clause.topic}' but sits in folder "
                f"'{path.parent.name}'",
                str(path),
            )
        clauses[clause.id] = clause
    for topic in sorted({c.topic for c in clauses.values()}):
        defaults = [c.id for c in clauses.values() if c.topic == topic and c.default]
        if len(defaults) != 1:
            raise InputError(
                f"topic '{topic}' must have exactly one default clause, found {len(defaults)}"
                + (f" ({', '.join(sorted(defaults))})" if defaults else ""),
                str(root),
            )
    return Library(dict(sorted(clauses.items())), root)


def load_clause(path: Path, *, strict: bool = True) -> Clause:
    """Read and validate one clause file (and, when strict, compile its templates and
    render its examples); InputError names the file and field."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where) from None
    # A clause text that passed the schema once passes it again: the check is kept
    # between runs by the text's hash (and the schema's and this module's).
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    raw = derived(_valid_kind(), digest, lambda: _validated(text, where))
    clause = _build(raw, path)
    if strict:
        _check(clause, text)
    return clause


def _validated(text: str, where: str) -> dict[str, Any]:
    """The clause file's data, checked against the clause schema (InputError if not)."""
    try:
        raw = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", where,
                         mark.line + 1 if mark else None) from None
    if not isinstance(raw, dict):
        raise InputError("a clause file must be a YAML mapping", where, 1)
    validator = _validator()
    if not validator.validate(raw):
        field_path, message = _first_error(validator.errors)
        raise InputError(f"{field_path}: {message}", where, _line_of(text, field_path))
    return raw


@cache
def _valid_kind() -> str:
    schema = fingerprint(schemas_dir() / "clause.yaml")
    return f"clause-valid-{fingerprint(__file__)}-{schema}"


# libyaml when present: ten times faster than the pure-Python loader, same results.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _validator() -> Any:
    import cerberus

    return cerberus.Validator(_schema())


def _first_error(errors: Any, prefix: str = "") -> tuple[str, str]:
    """Flatten cerberus' nested error tree to its first (field path, message)."""
    for key in sorted(errors, key=str):
        value = errors[key]
        here = f"{prefix}.{key}" if prefix else str(key)
        item = value[0] if isinstance(value, list) and value else value
        if isinstance(item, dict):
            return _first_error(item, here)
        return here, str(item)
    return prefix or "clause", "invalid"


def _line_of(text: str, field_path: str) -> int | None:
    """Line of the deepest mapping key of `field_path` that exists in the file."""
    try:
        node: Any = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line: int | None = None
    for part in field_path.split("."):
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if kv[0].value == part), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _build(raw: Mapping[str, Any], path: Path) -> Clause:
    variables = {
        name: Variable(
            name=name,
            type=spec["type"],
            source=spec.get("from"),
            doc=spec["doc"],
            default=spec.get("default"),
            has_default="default" in spec,
        )
        for name, spec in raw.get("variables", {}).items()
    }
    defines = tuple(
        DefinedTerm(
            d["term"],
            {s: d["meaning"] for s in STANCES}
            if isinstance(d["meaning"], str)
            else dict(d["meaning"]),
        )
        for d in raw.get("defines", [])
    )
    examples = tuple(
        Example(
            stance=e["stance"],
            data=dict(e.get("data") or {}),
            contains=tuple([e["contains"]] if isinstance(e["contains"], str) else e["contains"]),
        )
        for e in raw["examples"]
    )
    return Clause(
        id=raw["id"],
        version=raw["version"],
        topic=raw["topic"],
        title=raw["title"],
        default=raw["default"],
        variants={s: raw["variants"][s] for s in STANCES},
        notes={s: " ".join(raw["notes"][s].split()) for s in STANCES},
        satisfies=tuple(raw.get("satisfies", [])),
        variables=variables,
        applies_when=raw.get("applies_when"),
        defines=defines,
        examples=examples,
        path=path,
    )


def _check(clause: Clause, text: str) -> None:
    """Checks cerberus cannot express: templates compile and use only declared
    variables, spec paths parse, examples render and contain their strings."""
    where = str(clause.path)
    known = set(clause.variables) | set(_ALWAYS)
    sources: list[tuple[str, str]] = [(f"variants.{s}", clause.variants[s]) for s in STANCES]
    for i, d in enumerate(clause.defines):
        sources += [(f"defines.{i}.meaning", d.meaning[s]) for s in STANCES]
    for field_path, source in sources:
        try:
            ast = _ENV.parse(source)
        except TemplateError as exc:
            raise InputError(f"{field_path}: bad template: {_one_line(exc.message)}", where,
                             _line_of(text, field_path)) from None
        unknown = sorted(meta.find_undeclared_variables(ast) - known)
        if unknown:
            raise InputError(f"{field_path}: uses undeclared variable '{unknown[0]}'", where,
                             _line_of(text, field_path))
        if any(isinstance(n, nodes.Call) for n in ast.find_all(nodes.Call)):
            raise InputError(f"{field_path}: calls are not allowed in clause text", where,
                             _line_of(text, field_path))
    for name, var in clause.variables.items():
        for path in filter(None, [var.source]):
            try:
                resolve_path({}, path)
            except ValueError as exc:
                raise InputError(f"variables.{name}.from: {exc}", where,
                                 _line_of(text, f"variables.{name}.from")) from None
    if clause.applies_when:
        try:
            resolve_path({}, clause.applies_when.lstrip("!"))
        except ValueError as exc:
            raise InputError(f"applies_when: {exc}", where, _line_of(text, "applies_when")) from None
    for i, example in enumerate(clause.examples):
        unknown_keys = sorted(set(example.data) - known)
        if unknown_keys:
            raise InputError(f"examples.{i}.data: unknown variable '{unknown_keys[0]}'", where,
                             _line_of(text, f"examples.{i}"))
        rendered = clause.render(example.stance, example.data)
        missing = [s for s in example.contains if s not in rendered]
        if missing:
            raise InputError(
                f"examples.{i}: the {example.stance} text does not contain {missing[0]!r}",
                where,
                _line_of(text, f"examples.{i}"),
            )


# --------------------------------------------------------------------------- catalogue


def catalogue_markdown(library: Library) -> str:
    """docs/clauses.md: the clause catalogue, generated (never edited by hand)."""
    out = [
        "# Clause catalogue",
        "",
        "Generated from `clause_library/` by `python docs/gen_clauses.py`; do not edit by hand.",
        "Each clause has a customer, a balanced and a provider variant; "
        "`sla-drafter clauses ID` shows the text.",
        "",
        "A topic's default clause is drafted unless the spec pins another (`clauses: {topic: id}`).",
        "Variables are read from the spec by dotted path: `maintenance.notice`, "
        "`services[0].capacity`,",
        "`metrics[kind=availability].target` (first list item whose `kind` matches) and "
        "`services[].capacity`",
        "(every item). `Applies when` names a path that must be present and truthy; "
        "a leading `!` negates it.",
        "The format is `schemas/clause.yaml`; the loader is `sla_drafter/library.py`.",
        "",
    ]
    for topic in library.topics():
        out += [f"## {topic_title(topic)} (`{topic}`)", ""]
        for clause in library.for_topic(topic):
            flag = " (default)" if clause.default else ""
            out += [f"### `{clause.id}` - {clause.title}{flag}", ""]
            out.append(f"- Version: {clause.version}")
            if clause.applies_when:
                out.append(f"- Applies when: `{clause.applies_when}`")
            if clause.satisfies:
                out.append("- Satisfies: " + ", ".join(f"`{s}`" for s in clause.satisfies))
            if clause.defines:
                out.append("- Defines: " + ", ".join(d.term for d in clause.defines))
            if clause.variables:
                out.append("- Variables:")
                for var in clause.variables.values():
                    src = f" from `{var.source}`" if var.source else ""
                    dflt = f" (default: {describe_default(var.default)})" if var.has_default else ""
                    out.append(f"  - `{var.name}` ({var.type}{src}){dflt}: {var.doc}")
            out.append("- Notes:")
            for stance in STANCES:
                out.append(f"  - {stance.capitalize()}: {clause.notes[stance]}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def describe_default(value: Any) -> str:
    """A variable's default in one line, for the catalogue and the `clauses` command."""
    if isinstance(value, list):
        items = [
            ", ".join(f"{k} {v}" for k, v in v.items()) if isinstance(v, Mapping) else str(v)
            for v in value
        ]
        return "; ".join(items) or "none"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def iter_rule_names(library: Library) -> Iterable[tuple[str, str]]:
    """(clause id, rule name) for every `satisfies` entry: which clause fixes which rule."""
    for clause in library.clauses.values():
        for rule in clause.satisfies:
            yield clause.id, rule


def _one_line(message: str | None) -> str:
    return " ".join((message or "template error").split())
