"""Load and validate a spec file (schemas/spec.yaml) into a typed, normalised Spec.

Every problem is reported as one line naming the file, the line and the data
path, e.g. ``spec.yaml:14 metrics[2].target: must be between 0 and 100``. All
problems in a file are collected before anything is raised, so a user fixes
them in one pass.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ._cache import derived, fingerprint, rx, yaml_data
from .errors import InputError
from .resources import schemas_dir
from .units import Duration, Percent, QuantityError, TimeUnit, format_number

if TYPE_CHECKING:
    from cerberus.errors import ValidationError

    from ._spec_schema import _SpecValidator

DataPath = tuple[str | int, ...]

AGREEMENT_TYPES = ("service-based", "customer-based", "multi-level", "internal-ola")
# Metric kinds whose targets are per priority, and kinds with a single target.
PRIORITY_KINDS = ("support_response", "resolution")
LEVELS = ("corporate", "customer", "services")
# Topic blocks a multi-level `levels.<level>` entry may carry (same shape as top level).
LEVEL_BLOCKS = (
    "exclusions", "maintenance", "service_credits", "reporting", "service_reviews",
    "root_cause_analysis", "escalation", "dispute_resolution", "indemnification",
    "termination", "change", "customer_obligations", "audit",
)  # fmt: skip
OLA_FORBIDDEN = ("service_credits", "indemnification")

# Characters no output can carry: C0/C1 controls (tab, line feed and carriage return are
# layout, kept), lone surrogates, and the non-characters U+FFFE/U+FFFF (XML refuses them).
_BAD_CHAR = rx("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Values that also become DOCX core properties, which python-docx caps at 255 characters.
SHORT_TEXT_LIMIT = 255


class SpecError(InputError):
    """Several problems in one spec; `errors` holds every line, `str()` shows them all."""

    def __init__(self, errors: list[str], path: str, line: int | None = None) -> None:
        self.errors = list(errors)
        super().__init__(errors[0] if errors else "invalid spec", path, line)

    def __str__(self) -> str:
        return "\n".join(self.errors)


def format_path(path: DataPath) -> str:
    """('metrics', 2, 'target') -> 'metrics[2].target'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "spec"


# ---------------------------------------------------------------- line numbers


def _line_map(node: yaml.Node, path: DataPath, lines: dict[DataPath, int]) -> None:
    """Record the 1-based line of every data path (keys point at their key's line)."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            _line_map(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines)


def _duplicate_keys(node: yaml.Node, path: DataPath) -> Iterator[tuple[DataPath, int]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                yield (*path, key), key_node.start_mark.line + 1
            seen.add(key)
            yield from _duplicate_keys(value_node, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, index))


@dataclass(slots=True)
class _Problems:
    """Collects (line, path, message) and formats them as one line each."""

    file: str
    lines: dict[DataPath, int]
    items: list[tuple[int, str, str]] = field(default_factory=list)

    def line_of(self, path: DataPath) -> int:
        probe = tuple(path)
        while probe not in self.lines and probe:
            probe = probe[:-1]
        return self.lines.get(probe, 1)

    def add(self, path: DataPath, message: str) -> None:
        item = (self.line_of(path), format_path(path), message)
        if item not in self.items:
            self.items.append(item)

    def formatted(self) -> list[str]:
        return [f"{self.file}:{line} {where}: {msg}" for line, where, msg in sorted(self.items)]


# ---------------------------------------------------------------- schema


def _to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)  # version: 1.0 stays "1.0"
    return value


@cache
def _validator() -> _SpecValidator:
    """One validator per process: building it checks the whole schema, which costs more
    than validating a spec. `validate()` resets its state on every call. cerberus is
    imported here, not with the module: a spec whose check is cached never needs it."""
    from ._spec_schema import _SpecValidator

    return _SpecValidator(_schema())


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml_data((schemas_dir() / "spec.yaml").read_text("utf-8"), "spec-schema")
    schema: dict[str, Any] = loaded["schema"]
    return schema


def schema_keys(path: DataPath, schema: dict[str, Any] | None = None) -> list[str]:
    """The keys a schema (the spec's by default) allows in the mapping at `path` (for
    "did you mean" hints)."""
    rules: Any = {"type": "dict", "schema": _schema() if schema is None else schema}
    for part in path:
        if not isinstance(rules, dict):
            return []
        if isinstance(part, int) and rules.get("type") == "list":
            rules = rules.get("schema")
        elif rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
            rules = rules["schema"].get(part)
        elif rules.get("type") == "dict" and "valuesrules" in rules:
            rules = rules["valuesrules"]
        else:
            return []
    if isinstance(rules, dict) and rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
        return sorted(rules["schema"])
    return []


def _message(error: ValidationError) -> str:
    if error.code == 0x03:  # unknown field
        path = tuple(error.document_path)
        close = difflib.get_close_matches(str(path[-1]), schema_keys(path[:-1]), n=1, cutoff=0.6)
        return f"unknown key (did you mean '{close[0]}'?)" if close else "unknown key"
    if error.code == 0x02:
        return "required key is missing"
    if error.code == 0x24:  # bad type
        wanted = error.constraint if isinstance(error.constraint, list) else [error.constraint]
        names = {"string": "text", "dict": "a mapping", "list": "a list", "integer": "a whole number",
                 "number": "a number", "boolean": "true or false", "date": "a date"}  # fmt: skip
        return "must be " + " or ".join(names.get(str(w), str(w)) for w in wanted)
    if error.code in (0x44, 0x46):  # unallowed value
        allowed = ", ".join(str(a) for a in error.constraint)
        return f"unknown value {error.value!r}; expected one of: {allowed}"
    if error.code == 0x41:
        return f"must match the pattern {error.constraint!r} (lower-case letters, digits, - and _)"
    field_name = error.document_path[-1] if error.document_path else ""
    from ._spec_schema import format_message

    return format_message(field_name, error)


# ---------------------------------------------------------------- Spec


@dataclass(frozen=True, slots=True)
class PriorityTarget:
    priority: str
    target: Duration
    clock: str
    index: int  # position in `targets`, for data paths


@dataclass(frozen=True, slots=True)
class SpecMetric:
    """A metric with its quantities parsed; stance-independent."""

    index: int
    id: str
    kind: str
    name: str
    service: str | None
    window: str
    clock: str
    percent: Percent | None  # availability-like targets
    duration: Duration | None  # response-time targets
    number: float | None  # throughput / custom numeric targets
    unit: str
    percentile: float | None
    measured_by: str | None
    method: str | None
    data_source: str | None
    customer_access: bool | None
    human_response: bool | None
    targets: tuple[PriorityTarget, ...]
    raw: dict[str, Any]

    @property
    def path(self) -> str:
        return f"metrics[{self.index}]"

    @property
    def display_name(self) -> str:
        return self.name or self.id


@dataclass(slots=True)
class Spec:
    path: Path
    data: dict[str, Any]
    lines: dict[DataPath, int] = field(default_factory=dict)  # data path -> 1-based line

    def line_of(self, path: DataPath) -> int | None:
        """Line of a data path in the spec file (nearest existing ancestor), if known."""
        probe = tuple(path)
        while probe and probe not in self.lines:
            probe = probe[:-1]
        return self.lines.get(probe)

    @property
    def agreement_type(self) -> str:
        return str(self.data["agreement"]["type"])

    @property
    def is_ola(self) -> bool:
        return self.agreement_type == "internal-ola"

    @property
    def is_multi_level(self) -> bool:
        return self.agreement_type == "multi-level"

    @property
    def title(self) -> str:
        default = "Operational Level Agreement" if self.is_ola else "Service Level Agreement"
        return str(self.data.get("title") or default)

    def party_name(self, role: str) -> str:
        """Full name of the provider or customer (for an OLA, the team(s) in that role)."""
        parties = self.data["parties"]
        if role in parties:
            return str(parties[role]["name"])
        teams = [t["name"] for t in parties.get("teams", []) if t["role"] == role]
        return " and ".join(teams)

    def short_name(self, role: str) -> str:
        parties = self.data["parties"]
        if role in parties:
            return str(parties[role].get("short_name") or role.capitalize())
        teams = [t for t in parties.get("teams", []) if t["role"] == role]
        if len(teams) == 1:
            return str(teams[0].get("short_name") or teams[0]["name"])
        return {"provider": "Provider Team", "customer": "Customer Team"}.get(role, role)

    @property
    def services(self) -> list[dict[str, Any]]:
        return list(self.data["services"])

    def service(self, service_id: str) -> dict[str, Any] | None:
        return next((s for s in self.data["services"] if s["id"] == service_id), None)

    def metrics(self) -> list[SpecMetric]:
        return [_spec_metric(i, m) for i, m in enumerate(self.data["metrics"])]

    def block(self, name: str) -> dict[str, Any] | list[Any] | None:
        """A top-level topic block, or for multi-level specs the first level carrying it."""
        value = self.data.get(name)
        if value is not None:
            return value  # type: ignore[no-any-return]
        for _level, payload in self.level_blocks():
            if name in payload:
                return payload[name]  # type: ignore[no-any-return]
        return None

    def level_blocks(self) -> list[tuple[str, dict[str, Any]]]:
        """(level name, payload) for corporate, customer and each service level, in order."""
        levels = self.data.get("levels") or {}
        out: list[tuple[str, dict[str, Any]]] = []
        for name in ("corporate", "customer"):
            if name in levels:
                out.append((name, levels[name]))
        for service_id, payload in (levels.get("services") or {}).items():
            out.append((f"services.{service_id}", payload))
        return out

    def min_availability_target(self) -> float | None:
        values = [m.percent.value for m in self.metrics() if m.kind == "availability" and m.percent]
        return min(values) if values else None


_MS_WORDS = ("ms", "millisecond", "milliseconds", "msec", "msecs")


def parse_response_time(raw: Any) -> tuple[Duration, float, str]:
    """A system response time: '800 milliseconds' / '800ms' / '2 seconds' -> (Duration, value, unit).

    units.Duration has no millisecond unit, so milliseconds become fractional
    seconds in the Duration while (value, 'ms') keeps the figure as written.
    """
    text = str(raw).strip().lower()
    for word in sorted(_MS_WORDS, key=len, reverse=True):
        if text.endswith(word):
            number = text[: -len(word)].strip()
            try:
                value = float(number)
            except ValueError:
                break
            if value < 0:
                break
            return Duration(value / 1000.0, TimeUnit.SECOND), value, "ms"
    duration = Duration.parse(raw)
    return duration, duration.value, _duration_unit(duration)


def _duration_unit(duration: Duration) -> str:
    word = duration.unit.value + "s"
    return f"business_{word}" if duration.business else word


def _unit_of(kind: str, raw: dict[str, Any], duration: Duration | None) -> str:
    if kind == "availability":
        return "percent"
    if duration is not None:
        return _duration_unit(duration)
    return str(raw.get("unit") or "")


def _spec_metric(index: int, raw: dict[str, Any]) -> SpecMetric:
    kind = raw["kind"]
    percent = duration = None
    number: float | None = None
    response_unit = ""
    target = raw.get("target")
    if target is not None:
        if kind == "availability":
            percent = Percent.parse(target)
        elif kind == "system_response_time":
            duration, number, response_unit = parse_response_time(target)
        elif isinstance(target, int | float) and not isinstance(target, bool):
            number = float(target)
        elif isinstance(target, str) and target.strip().endswith("%"):
            percent = Percent.parse(target)
    measurement = raw.get("measurement") or {}
    targets = tuple(
        PriorityTarget(t["priority"], Duration.parse(t["target"]), t.get("clock") or raw["clock"], i)
        for i, t in enumerate(raw.get("targets") or [])
    )
    return SpecMetric(
        index=index,
        id=raw["id"],
        kind=kind,
        name=raw.get("name") or "",
        service=raw.get("service"),
        window=raw["window"],
        clock=raw["clock"],
        percent=percent,
        duration=duration,
        number=number,
        unit=response_unit or (_unit_of(kind, raw, duration) if not percent else "percent"),
        percentile=raw.get("percentile"),
        measured_by=measurement.get("by"),
        method=measurement.get("method"),
        data_source=measurement.get("data"),
        customer_access=measurement.get("customer_access"),
        human_response=raw.get("human_response"),
        targets=targets,
        raw=raw,
    )


# ---------------------------------------------------------------- loading


def load_spec(path: str | Path) -> Spec:
    """Read, validate and normalise a spec; raise InputError/SpecError naming file, line and path."""
    path = Path(path)
    return parse_spec(read_yaml_file(path, "spec file"), str(path), path)


def read_yaml_file(path: Path, what: str) -> str:
    """The text of a YAML file we validate (a spec, a requirements file); a file that
    cannot be read is one InputError naming it."""
    name = str(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not a {what}", name) from None
    except UnicodeDecodeError:
        raise InputError("not a text file (expected UTF-8 YAML)", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", name) from None


# libyaml when present: the pure-Python parser is ten times slower on a large spec.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it."""
    try:
        return _parse_with(_YAML_LOADER, text)
    except yaml.YAMLError:
        if _YAML_LOADER is yaml.SafeLoader:
            raise
        # Errors come from the pure-Python parser, so messages do not depend on libyaml.
        return _parse_with(yaml.SafeLoader, text)


def _lenient_dates(loader_class: Any) -> Any:
    """The loader, except that a date-shaped scalar that is no real date (2026-02-30) stays
    text: YAML would raise a bare ValueError with no line; validation reports it with one."""

    def timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return loader.construct_yaml_timestamp(node)
        except ValueError:
            return loader.construct_scalar(node)

    lenient: Any = type(f"Lenient{loader_class.__name__}", (loader_class,), {})
    lenient.add_constructor("tag:yaml.org,2002:timestamp", timestamp_or_text)
    return lenient


def _parse_with(loader_class: Any, text: str) -> tuple[yaml.Node | None, Any]:
    loader = _LENIENT[loader_class](text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


_LENIENT: dict[Any, Any] = {cls: _lenient_dates(cls) for cls in {_YAML_LOADER, yaml.SafeLoader}}


def parse_spec(text: str, name: str = "<spec>", path: Path | None = None) -> Spec:
    """Validate spec text; `name` is the file name used in messages."""
    raw, lines, problems = parse_yaml_mapping(
        text, name, "the spec is empty", "sla_drafter: 1, agreement: ..."
    )
    plain = _plain(raw)
    # A spec text that passed the schema once passes it again: the verdict is kept between
    # runs by the text's hash (and the schema's and this module's), as the clause library's
    # is. Only a pass is kept; a failing spec is checked again to report its errors.
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    ok = derived(_valid_kind(), digest, lambda: _schema_valid(plain, problems), keep=bool)
    # Without normalisation the validated document is the input itself: the schema's three
    # normalisations (a default window and clock, version as text) follow.
    data: dict[str, Any] = _schema_defaults(plain) if ok else plain
    _check_text(data, (), problems)
    try:
        _cross_checks(data, problems)
    except (KeyError, TypeError, AttributeError, ValueError):
        # Malformed data the schema already reported; cross-field rules need its shape.
        if ok:
            raise
    if problems.items:
        raise SpecError(problems.formatted(), name, min(problems.items)[0])
    data = _normalise(data)
    return Spec(path=path or Path(name), data=data, lines=lines)


def _schema_valid(plain: dict[str, Any], problems: _Problems) -> bool:
    """Whether the spec data passes the schema, its errors added to `problems`. Checked
    without cerberus' normalisation pass, which took two thirds of the time."""
    validator = _validator()
    ok: bool = validator.validate(plain, normalize=False)
    if not ok:
        from ._spec_schema import _leaf_errors

        for error in _leaf_errors(list(validator._errors)):
            problems.add(tuple(error.document_path), _message(error))
    return ok


def _valid_kind() -> str:
    return f"spec-valid-{fingerprint(__file__)}-{fingerprint(schemas_dir() / 'spec.yaml')}"


def parse_yaml_mapping(
    text: str, name: str, empty: str, keys_hint: str
) -> tuple[dict[str, Any], dict[DataPath, int], _Problems]:
    """A YAML document that must be a mapping: its data, the line of every path, and the
    problems found so far (duplicate keys). Syntax errors, an empty document or another
    top level are one InputError with the line."""
    try:
        node, raw = _compose_and_construct(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "syntax error"
        raise InputError(f"not valid YAML: {problem}", name, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", name) from None
    if node is None or raw is None:
        raise InputError(empty, name, 1)
    if not isinstance(raw, dict):
        raise InputError(f"the top level must be a mapping of keys ({keys_hint})", name, node.start_mark.line + 1)
    lines: dict[DataPath, int] = {}
    _line_map(node, (), lines)
    problems = _Problems(name, lines)
    for dup_path, dup_line in _duplicate_keys(node, ()):
        problems.items.append((dup_line, format_path(dup_path), "duplicate key"))
    return raw, lines, problems


def _schema_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """What the schema's `default` and `coerce` rules give a valid spec (schemas/spec.yaml:
    agreement.version as text; each metric's window and clock when not given)."""
    agreement = data.get("agreement")
    if isinstance(agreement, dict) and "version" in agreement:
        agreement["version"] = _to_str(agreement["version"])
    for metric in data.get("metrics") or []:
        if isinstance(metric, dict):
            metric.setdefault("window", "calendar_month")
            metric.setdefault("clock", "24x7")
    return data


def _plain(value: Any) -> Any:
    """A deep copy with YAML-only types kept (dates stay dates until normalisation)."""
    return copy.deepcopy(value)


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO strings; per-priority clocks default to the metric's clock."""
    agreement = data["agreement"]
    date = agreement["effective_date"]
    agreement["effective_date"] = date.isoformat() if isinstance(date, dt.date) else str(date)
    for metric in data["metrics"]:
        for target in metric.get("targets") or []:
            target.setdefault("clock", metric["clock"])
    return data


# ---------------------------------------------------------------- text values


def _short_text(path: DataPath) -> bool:
    """Title, reference, version and party or team names: they also become DOCX metadata."""
    return path in (("title",), ("agreement", "reference"), ("agreement", "version")) or (
        len(path) >= 3 and path[0] == "parties" and path[-1] == "name"
    )


def _check_text(value: Any, path: DataPath, problems: _Problems) -> None:
    """Every string: no character an output cannot carry; short fields within 255 characters."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(item, (*path, key), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, (*path, index), problems)
    elif isinstance(value, str):
        bad = _BAD_CHAR.search(value)
        if bad is not None:
            char = bad.group(0)
            what = "a non-character" if char in "\ufffe\uffff" else "a control character"
            problems.add(path, f"contains {what} (U+{ord(char):04X}); remove it")
        if _short_text(path) and len(value) > SHORT_TEXT_LIMIT:
            problems.add(path, f"longer than {SHORT_TEXT_LIMIT} characters ({len(value)}); shorten it")


# ---------------------------------------------------------------- cross-field rules


def _pct(value: Any) -> float | None:
    try:
        return Percent.parse(value).value
    except QuantityError:
        return None


def _cross_checks(data: dict[str, Any], problems: _Problems) -> None:
    kind = data["agreement"]["type"]
    _check_parties(data, kind, problems)
    service_ids = _unique_ids(data["services"], "services", problems)
    priority_ids = _unique_ids((data.get("priorities") or {}).get("definitions") or [], "priorities.definitions", problems)
    _unique_ids(data["metrics"], "metrics", problems)
    has_priorities = "priorities" in data
    for i, metric in enumerate(data["metrics"]):
        _check_metric(i, metric, service_ids, priority_ids, has_priorities, problems)

    targets = [v for m in data["metrics"] if m["kind"] == "availability" and (v := _pct(m.get("target"))) is not None]
    lowest = min(targets) if targets else None
    if "service_credits" in data:
        _check_credits(data["service_credits"], ("service_credits",), lowest, problems)
    rca = data.get("root_cause_analysis") or {}
    for j, prio in enumerate(rca.get("priorities") or []):
        if prio not in priority_ids:
            problems.add(("root_cause_analysis", "priorities", j), f"priority {prio!r} is not defined in priorities.definitions")
    termination = data.get("termination") or {}
    _check_termination(termination, ("termination",), lowest, problems)
    _check_levels(data, kind, service_ids, lowest, problems)
    for topic, clause_id in (data.get("clauses") or {}).items():
        if not str(clause_id).strip():
            problems.add(("clauses", topic), "clause id must not be empty")


def _check_parties(data: dict[str, Any], kind: str, problems: _Problems) -> None:
    parties = data["parties"]
    if kind == "internal-ola":
        teams = parties.get("teams") or []
        if len(teams) < 2:
            problems.add(("parties", "teams") if "teams" in parties else ("parties",),
                         "an internal OLA names at least two teams (parties.teams: [{name, role}, ...])")  # fmt: skip
        roles = {t["role"] for t in teams}
        if teams and not {"provider", "customer"} <= roles:
            problems.add(("parties", "teams"), "teams need at least one 'provider' and one 'customer' role")
        for role in ("provider", "customer"):
            if role in parties:
                problems.add(("parties", role), "an internal OLA names teams, not a provider and customer")
        final = (data.get("dispute_resolution") or {}).get("final")
        if final not in (None, "internal"):
            problems.add(("dispute_resolution", "final"), "an internal OLA resolves disputes internally (final: internal)")
        for block in OLA_FORBIDDEN:
            if block in data:
                problems.add((block,), f"an internal OLA carries no {block.replace('_', ' ')}")
    else:
        for role in ("provider", "customer"):
            if role not in parties:
                problems.add(("parties",), f"parties.{role} is required for a {kind} agreement")
        if "teams" in parties:
            problems.add(("parties", "teams"), "teams are only for an internal-ola agreement")
        if (data.get("dispute_resolution") or {}).get("final") == "internal":
            problems.add(("dispute_resolution", "final"), "internal dispute resolution is only for an internal-ola agreement")
    if kind == "multi-level" and not data.get("levels"):
        problems.add(("agreement", "type"), "a multi-level agreement needs a levels block (corporate, customer, services)")
    if kind != "multi-level" and "levels" in data:
        problems.add(("levels",), "levels are only for a multi-level agreement")


def _unique_ids(items: list[dict[str, Any]], where: str, problems: _Problems) -> set[str]:
    seen: set[str] = set()
    base: DataPath = tuple(where.split("."))
    for i, item in enumerate(items):
        ident = str(item.get("id"))
        if ident in seen:
            problems.add((*base, i, "id"), f"duplicate id {ident!r}")
        seen.add(ident)
    return seen


def _check_metric(i: int, metric: dict[str, Any], service_ids: set[str], priority_ids: set[str],
                  has_priorities: bool, problems: _Problems) -> None:  # fmt: skip
    here: DataPath = ("metrics", i)
    kind = metric["kind"]
    service = metric.get("service")
    if service is not None and service not in service_ids:
        problems.add((*here, "service"), f"service {service!r} is not defined in services")
    target = metric.get("target")
    if kind in PRIORITY_KINDS:
        if not metric.get("targets"):
            problems.add(here, f"a {kind} metric needs per-priority targets (targets: [{{priority, target}}])")
        if target is not None:
            problems.add((*here, "target"), f"a {kind} metric sets its targets per priority, under targets")
        if metric.get("targets") and not has_priorities:
            problems.add(here, "per-priority targets need a priorities block defining them")
        for j, item in enumerate(metric.get("targets") or []):
            if has_priorities and item["priority"] not in priority_ids:
                problems.add((*here, "targets", j, "priority"), f"priority {item['priority']!r} is not defined in priorities.definitions")
        return
    if metric.get("targets"):
        problems.add((*here, "targets"), f"per-priority targets apply only to support_response and resolution metrics, not {kind}")
    if target is None:
        problems.add(here, f"a {kind} metric needs a target")
        return
    if kind == "availability":
        try:
            Percent.parse(target)
        except QuantityError as exc:
            problems.add((*here, "target"), str(exc))
    elif kind == "system_response_time":
        try:
            parse_response_time(target)
        except QuantityError as exc:
            problems.add((*here, "target"), str(exc))
        if metric.get("percentile") is None:
            problems.add(here, "a system_response_time metric needs a percentile (e.g. 95)")
        if not metric.get("function"):
            problems.add(here, "a system_response_time metric names the function it times (function: ...)")
    elif kind in ("throughput", "custom"):
        numeric = isinstance(target, int | float) and not isinstance(target, bool)
        if not numeric and _pct(target) is None:
            problems.add((*here, "target"), f"expected a number (with unit) or a percentage, got {target!r}")
        if numeric and not metric.get("unit"):
            problems.add(here, f"a {kind} metric with a numeric target needs a unit")


def _check_credits(credits: dict[str, Any], here: DataPath, lowest: float | None, problems: _Problems) -> None:
    tiers = credits.get("tiers") or []
    previous_floor: float | None = None
    for j, tier in enumerate(tiers):
        below = _pct(tier.get("below"))
        floor = _pct(tier.get("at_least")) if tier.get("at_least") is not None else None
        where: DataPath = (*here, "tiers", j)
        if below is None:
            continue
        if floor is not None and floor >= below:
            problems.add((*where, "at_least"), "must be lower than below")
        if j == 0 and lowest is not None and below > lowest:
            problems.add((*where, "below"), f"the first tier must start at or below the availability target ({format_number(lowest)}%)")
        if j > 0 and previous_floor is None:
            problems.add(where, "a tier follows an open-ended tier (only the last tier may omit at_least)")
        elif j > 0 and previous_floor is not None and below != previous_floor:
            gap = "a gap" if below < previous_floor else "an overlap"
            problems.add((*where, "below"), f"tiers must be contiguous: {gap} between {format_number(below)}% and {format_number(previous_floor)}%")
        previous_floor = floor
    if credits.get("automatic") is False and not credits.get("claim_window"):
        problems.add(here, "credits that are not automatic need a claim_window")


def _check_termination(block: dict[str, Any], here: DataPath, lowest: float | None, problems: _Problems) -> None:
    chronic = block.get("chronic_failure")
    if chronic and chronic["misses"] > chronic["within"]:
        problems.add((*here, "chronic_failure", "misses"), "cannot be more than within")
    severe = _pct(block.get("severe_failure")) if block.get("severe_failure") is not None else None
    if severe is not None and lowest is not None and severe >= lowest:
        problems.add((*here, "severe_failure"), f"must be below the availability target ({format_number(lowest)}%)")


def _check_levels(data: dict[str, Any], kind: str, service_ids: set[str], lowest: float | None,
                  problems: _Problems) -> None:  # fmt: skip
    levels = data.get("levels") or {}
    blocks: list[tuple[DataPath, dict[str, Any]]] = [
        (("levels", name), levels[name]) for name in ("corporate", "customer") if name in levels
    ]
    for service_id, payload in (levels.get("services") or {}).items():
        if service_id not in service_ids:
            problems.add(("levels", "services", service_id), f"service {service_id!r} is not defined in services")
        blocks.append((("levels", "services", service_id), payload))
    for here, payload in blocks:
        floor = lowest
        if here[1] == "services":  # a service's own credits hang off that service's targets
            own = [v for m in data["metrics"] if m["kind"] == "availability" and m.get("service") == here[2]
                   and (v := _pct(m.get("target"))) is not None]  # fmt: skip
            floor = min(own) if own else lowest
        if "service_credits" in payload:
            _check_credits(payload["service_credits"], (*here, "service_credits"), floor, problems)
        if "termination" in payload:
            _check_termination(payload["termination"], (*here, "termination"), floor, problems)
        for block in payload:
            # A service may override a top-level block; corporate and customer may not repeat one.
            if here[1] != "services" and block in LEVEL_BLOCKS and block in data:
                problems.add((*here, block), f"{block} is already set at the top level; set it in one place")
