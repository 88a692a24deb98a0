"""Load and validate a requirements profile (schemas/requirements.yaml).

The machinery is the spec's (sla_drafter/spec.py): the same YAML parse with line
numbers, the same cerberus validator with typed-unit rules and the same
``file:line path: problem`` lines, all collected before anything is raised.
Only the schema and the cross-field rules (which keys each requirement kind
needs) are this module's.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .._cache import yaml_data
from .._spec_schema import _leaf_errors, _SpecValidator
from ..resources import schemas_dir
from ..spec import (
    DataPath,
    SpecError,
    _message,
    _Problems,
    parse_response_time,
    parse_yaml_mapping,
    read_yaml_file,
    schema_keys,
)
from ..units import Duration, Money, Percent, QuantityError, format_number

KINDS: tuple[str, ...] = (
    "availability", "support_response", "resolution", "system_response_time", "throughput",
    "capacity", "measurement", "reporting", "service_credits", "termination", "indemnification",
    "dispute_resolution", "change_control", "escalation", "root_cause_analysis", "maintenance",
    "audit", "custom",
)  # fmt: skip

# Keys every requirement may carry, whatever its kind.
COMMON_KEYS = frozenset({"id", "kind", "title", "need", "weight", "service", "description", "bidder_states"})
# Keys that only make sense for some kinds (anything else is reported, so a typo'd shape is caught).
KIND_KEYS: dict[str, frozenset[str]] = {
    "availability": frozenset({"target", "window", "clock", "measured_by", "tools", "data", "independent_monitoring"}),
    "support_response": frozenset({"targets", "human_response"}),
    "resolution": frozenset({"targets"}),
    "system_response_time": frozenset({"target", "percentile", "function", "window"}),
    "throughput": frozenset({"target", "unit", "window"}),
    "capacity": frozenset({"concurrent_users", "requests_per_second"}),
    "measurement": frozenset({"measured_by", "tools", "data", "independent_monitoring"}),
    "reporting": frozenset({"frequency", "content", "portal"}),
    "service_credits": frozenset({"tiers", "min_cap", "automatic", "min_claim_window", "sole_remedy_allowed"}),
    "termination": frozenset({"chronic_failure"}),
    "custom": frozenset({"target", "unit", "keywords", "items"}),
}
_TOPIC_KEYS = frozenset({"items", "keywords"})

TITLES: dict[str, str] = {
    "availability": "Availability",
    "support_response": "Incident response",
    "resolution": "Incident resolution",
    "system_response_time": "System response time",
    "throughput": "Throughput",
    "capacity": "Capacity",
    "measurement": "Measurement and independent monitoring",
    "reporting": "Service level reporting",
    "service_credits": "Service credits",
    "termination": "Termination for chronic failure",
    "indemnification": "Indemnity",
    "dispute_resolution": "Dispute resolution",
    "change_control": "Change control",
    "escalation": "Escalation",
    "root_cause_analysis": "Root cause analysis",
    "maintenance": "Planned maintenance",
    "audit": "Audit rights",
    "custom": "Requirement",
}

MEASURED_BY_WORDS = {
    "provider": "the bidder", "customer": "the Buyer", "third_party": "an independent third party",
    "joint": "the bidder, with the Buyer's access to the data",
}  # fmt: skip
_WINDOW_WORDS = {"calendar_month": "per calendar month", "quarter": "per quarter", "year": "per year"}
_CLOCK_WORDS = {"24x7": "24x7", "business_hours": "business hours"}


class RequirementsError(SpecError):
    """Several problems in one requirements file; `errors` holds every line."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement, validated; `raw` holds its normalised keys."""

    index: int
    id: str
    kind: str
    title: str
    need: str  # "mandatory" or "desirable"
    weight: float
    raw: dict[str, Any]

    @property
    def mandatory(self) -> bool:
        return self.need == "mandatory"

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def required_level(self) -> str:
        """The level in words, e.g. '99.9% per calendar month, 24x7'."""
        return required_level(self)


@dataclass(slots=True)
class Requirements:
    path: Path
    data: dict[str, Any]
    requirements: list[Requirement]
    lines: dict[DataPath, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.data["rfp"].get("title") or "Service Level Requirements")

    @property
    def buyer(self) -> str:
        return str(self.data["rfp"]["buyer"])

    @property
    def buyer_short(self) -> str:
        return str(self.data["rfp"].get("buyer_short") or "the Buyer")

    @property
    def instructions(self) -> dict[str, Any]:
        return dict(self.data.get("instructions") or {})

    def business_day_hours(self) -> float:
        """Length of the buyer's business day in hours (default 8)."""
        return hours_of_range(self.data["rfp"].get("business_hours")) or 8.0

    def monthly_fee(self) -> Money | None:
        fee = self.data["rfp"].get("monthly_fee")
        return Money.parse(fee) if fee is not None else None

    def by_id(self, ident: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == ident), None)


def hours_of_range(value: Any) -> float | None:
    """'08:00-18:00' -> 10.0."""
    if not value:
        return None
    start, _, end = str(value).partition("-")
    try:
        sh, sm = (int(x) for x in start.strip().split(":"))
        eh, em = (int(x) for x in end.strip().split(":"))
    except ValueError:
        return None
    return (eh * 60 + em - sh * 60 - sm) / 60.0


# ---------------------------------------------------------------- level in words


def cap_text(value: Any) -> str:
    try:
        return f"{Percent.parse(value)} of the period's fees"
    except QuantityError:
        return str(Money.parse(value))


def required_level(req: Requirement) -> str:
    """What the buyer requires, as one line a bidder reads in the RFP and the matrix."""
    r = req.raw
    kind = req.kind
    parts: list[str] = []
    if kind == "availability":
        parts.append(f"at least {Percent.parse(r['target'])} {_WINDOW_WORDS[r.get('window', 'calendar_month')]}")
        parts.append(f"on a {_CLOCK_WORDS[r.get('clock', '24x7')]} clock")
        if r.get("independent_monitoring"):
            parts.append(f"independent monitoring {r['independent_monitoring']}")
    elif kind in ("support_response", "resolution"):
        verb = "human response" if kind == "support_response" else "resolution"
        for t in r["targets"]:
            clock = f" ({_CLOCK_WORDS[t['clock']]} clock)" if t.get("clock") else ""
            parts.append(f"{t['priority']}: {verb} within {Duration.parse(t['target'])}{clock}")
        if kind == "support_response" and r.get("human_response"):
            parts.append("an automated acknowledgement is not a response")
    elif kind == "system_response_time":
        parts.append(f"{r['target']} at the {format_number(float(r['percentile']))}th percentile for {r['function']}")
    elif kind in ("throughput", "custom") and r.get("target") is not None:
        unit = f" {r['unit']}" if r.get("unit") else ""
        parts.append(f"at least {_show(r['target'])}{unit}")
    elif kind == "capacity":
        if r.get("concurrent_users"):
            parts.append(f"levels hold with {r['concurrent_users']:,} simultaneous users")
        if r.get("requests_per_second") is not None:
            parts.append(f"levels hold at {_show(r['requests_per_second'])} requests per second")
    elif kind == "measurement":
        if r.get("measured_by"):
            parts.append(f"measured by {MEASURED_BY_WORDS[r['measured_by']]}")
        if r.get("tools"):
            parts.append(f"using {r['tools']}")
        if r.get("independent_monitoring"):
            parts.append(f"independent monitoring {r['independent_monitoring']}")
    elif kind == "reporting":
        if r.get("frequency"):
            parts.append(f"{r['frequency']} reports")
        if r.get("portal"):
            parts.append("on a customer portal")
        if r.get("content"):
            parts.append("covering " + "; ".join(r["content"]))
    elif kind == "service_credits":
        parts += _credit_parts(r)
    elif kind == "termination" and r.get("chronic_failure"):
        c = r["chronic_failure"]
        parts.append(f"right to terminate after {c['misses']} missed months within {c['within']}")
    if kind not in ("support_response", "resolution") and r.get("items"):
        parts.append("; ".join(r["items"]))
    if not parts:
        parts.append(str(r.get("description") or TITLES[kind]))
    return "; ".join(parts)


def _credit_parts(r: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    for tier in r.get("tiers") or []:
        parts.append(f"at least {Percent.parse(tier['credit'])} credit below {Percent.parse(tier['below'])}")
    if r.get("min_cap") is not None:
        parts.append(f"cap at least {cap_text(r['min_cap'])}")
    if r.get("automatic"):
        parts.append("credits applied automatically, without a claim")
    if r.get("min_claim_window"):
        parts.append(f"claim window at least {Duration.parse(r['min_claim_window'])}")
    if r.get("sole_remedy_allowed") is False:
        parts.append("credits are not the sole remedy")
    return parts


def _show(value: Any) -> str:
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


# ---------------------------------------------------------------- validation


@cache
def _schema() -> dict[str, Any]:
    text = (schemas_dir() / "requirements.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml_data(text, "requirements-schema")
    schema: dict[str, Any] = loaded["schema"]
    return schema


@cache
def _validator() -> _SpecValidator:
    return _SpecValidator(_schema())


def _error_message(error: Any) -> str:
    """The spec's wording, with "did you mean" hints drawn from this schema."""
    if error.code == 0x03:
        path = tuple(error.document_path)
        close = difflib.get_close_matches(str(path[-1]), schema_keys(path[:-1], _schema()), n=1, cutoff=0.6)
        return f"unknown key (did you mean '{close[0]}'?)" if close else "unknown key"
    if error.code == 0x41:
        return f"must match the pattern {error.constraint!r} (e.g. SLR-01)"
    return _message(error)


def load_requirements(path: str | Path) -> Requirements:
    """Read and validate a requirements file; InputError / RequirementsError name file, line, path."""
    path = Path(path)
    return parse_requirements(read_yaml_file(path, "requirements file"), str(path), path)


def parse_requirements(text: str, name: str = "<requirements>", path: Path | None = None) -> Requirements:
    raw, lines, problems = parse_yaml_mapping(
        text, name, "the requirements file is empty", "sla_drafter_requirements: 1, rfp: ..., requirements: ..."
    )
    validator = _validator()
    ok = validator.validate(raw)
    if not ok:
        for error in _leaf_errors(list(validator._errors)):
            problems.add(tuple(error.document_path) or ("requirements",), _error_message(error))
    data: dict[str, Any] = validator.document if ok else raw
    try:
        _cross_checks(data, problems)
    except (KeyError, TypeError, AttributeError, ValueError):
        # Malformed data the schema already reported; cross-field rules need its shape.
        if ok:
            raise
    if problems.items:
        raise RequirementsError(problems.formatted(), name, min(problems.items)[0])
    data = _normalise(data)
    reqs = [_requirement(i, r) for i, r in enumerate(data["requirements"])]
    return Requirements(path=path or Path(name), data=data, requirements=reqs, lines=lines)


def _requirement(index: int, raw: dict[str, Any]) -> Requirement:
    weight = raw.get("weight")
    return Requirement(
        index=index,
        id=raw["id"],
        kind=raw["kind"],
        title=str(raw.get("title") or TITLES[raw["kind"]]),
        need=raw["need"],
        weight=float(weight) if weight is not None else 1.0,
        raw=raw,
    )


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text; availability windows and clocks default as in a spec."""
    for block, key in (("rfp", "issued"), ("instructions", "deadline"), ("instructions", "questions_by")):
        value = (data.get(block) or {}).get(key)
        if isinstance(value, dt.date):
            data[block][key] = value.isoformat()
    for req in data["requirements"]:
        if req["kind"] == "availability":
            req.setdefault("window", "calendar_month")
            req.setdefault("clock", "24x7")
        for target in req.get("targets") or []:
            target.setdefault("clock", "24x7")
    return data


def _cross_checks(data: dict[str, Any], problems: _Problems) -> None:
    seen: set[str] = set()
    for i, req in enumerate(data["requirements"]):
        here: DataPath = ("requirements", i)
        if req["id"] in seen:
            problems.add((*here, "id"), f"duplicate id {req['id']!r}")
        seen.add(req["id"])
        _check_requirement(req, here, problems)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _check_requirement(req: dict[str, Any], here: DataPath, problems: _Problems) -> None:
    kind = req["kind"]
    allowed = COMMON_KEYS | KIND_KEYS.get(kind, _TOPIC_KEYS)
    for key in req:
        if key not in allowed:
            problems.add((*here, key), f"does not apply to {_article(kind)} {kind} requirement")
    needs: dict[str, tuple[str, ...]] = {
        "availability": ("target",),
        "support_response": ("targets",),
        "resolution": ("targets",),
        "system_response_time": ("target", "percentile", "function"),
        "throughput": ("target", "unit"),
        "termination": ("chronic_failure",),
        "custom": ("description",),
    }
    for key in needs.get(kind, ()):
        if req.get(key) is None:
            problems.add(here, f"{_article(kind)} {kind} requirement needs {key}")
    target = req.get("target")
    if target is not None:
        _check_target(kind, target, (*here, "target"), problems)
    if kind == "capacity" and req.get("concurrent_users") is None and req.get("requests_per_second") is None:
        problems.add(here, "a capacity requirement needs concurrent_users or requests_per_second")
    if kind == "service_credits":
        if not any(req.get(k) is not None for k in KIND_KEYS["service_credits"]):
            problems.add(here, "a service_credits requirement needs tiers, min_cap, automatic, min_claim_window or sole_remedy_allowed")
        if req.get("min_cap") is not None:
            try:
                cap_text(req["min_cap"])
            except QuantityError:
                problems.add((*here, "min_cap"), f"expected a percentage like '20%' or money like 'EUR 50,000', got {req['min_cap']!r}")
    if kind == "termination" and req.get("chronic_failure"):
        c = req["chronic_failure"]
        if c["misses"] > c["within"]:
            problems.add((*here, "chronic_failure", "misses"), "cannot be more than within")


def _check_target(kind: str, target: Any, where: DataPath, problems: _Problems) -> None:
    try:
        if kind == "availability":
            Percent.parse(target)
        elif kind == "system_response_time":
            parse_response_time(target)
        elif kind == "throughput" and (isinstance(target, bool) or not isinstance(target, int | float)):
            problems.add(where, f"expected a number, got {target!r}")
    except QuantityError as exc:
        problems.add(where, str(exc))
