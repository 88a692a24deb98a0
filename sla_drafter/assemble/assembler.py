"""Spec + clause library + stance -> Agreement (numbered sections, tables, definitions).

The legal prose comes from library clauses; this module adds what only the
spec knows (parties, services, the tables of targets and credits, and derived
figures such as the downtime a target allows) and numbers everything.

Single-level agreements are one untitled Part. Multi-level agreements have a
Part per level: corporate-wide terms, customer-level terms, and one group of
sections per service. An internal OLA has teams instead of parties and no
credits, indemnity or external dispute sections.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .._cache import rx
from ..agreement import (
    Agreement,
    Content,
    Definition,
    Paragraph,
    Part,
    Section,
    SignatureBlock,
    Table,
)
from ..errors import InputError
from ..library import Clause, Library
from ..spec import Spec, SpecMetric
from ..units import DAYS_PER_MONTH, allowed_downtime_minutes, format_number

STANCES: tuple[str, ...] = ("customer", "balanced", "provider")

# Days in each measurement window for derived downtime figures (stated in the text and notes).
WINDOW_DAYS: dict[str, int] = {"calendar_month": DAYS_PER_MONTH, "quarter": 90, "year": 365}
WINDOW_WORDS: dict[str, str] = {
    "calendar_month": "calendar month",
    "quarter": "calendar quarter",
    "year": "contract year",
}
CLOCK_WORDS: dict[str, str] = {"24x7": "24x7", "business_hours": "Business Hours"}
CONVENTION_NOTE = (
    "Derived downtime figures assume a month of 30 days, a quarter of 90 days and a year of "
    "365 days; in a longer month the permitted Downtime grows in proportion."
)

# Topics whose sections an internal OLA never has.
OLA_SKIPPED_TOPICS = frozenset(
    {"service_credits", "credit_cap", "credit_payment", "credit_claim_process", "sole_remedy",
     "indemnification", "dispute_resolution", "governing_law",
     "general"}  # order of precedence against a contract an internal OLA does not have
)


@dataclass(frozen=True, slots=True)
class SectionPlan:
    """One kind of section: its title, the library topics it draws on and the spec block it needs."""

    key: str
    title: str
    topics: tuple[str, ...]
    block: str | None = None  # spec block (or special key) that must be present; None = always
    ola_title: str | None = None


PLANS: dict[str, SectionPlan] = {
    p.key: p
    for p in (
        SectionPlan("scope", "Scope and Purpose", ("definitions", "firm_commitment")),
        SectionPlan("services", "Services", ("service_description",)),
        SectionPlan("service_levels", "Service Levels", ("downtime", "availability")),
        SectionPlan("downtime", "Downtime", ("downtime",), "multi_level"),
        SectionPlan("support", "Incident Response and Resolution",
                    ("priorities", "support_hours", "support_response", "resolution"), "priorities"),
        SectionPlan("measurement", "Measurement",
                    ("measurement_method", "measurement_period", "independent_measurement")),
        SectionPlan("capacity", "Capacity", ("capacity_limits",), "capacity"),
        SectionPlan("exclusions", "Exclusions", ("exclusions",), "exclusions"),
        SectionPlan("maintenance", "Maintenance", ("maintenance",), "maintenance"),
        SectionPlan("credits", "Service Credits", ("service_credits", "credit_cap", "credit_payment"), "service_credits"),
        SectionPlan("claims", "Credit Claims", ("credit_claim_process",), "service_credits"),
        SectionPlan("remedies", "Remedies", ("sole_remedy",), "service_credits"),
        SectionPlan("reporting", "Reporting", ("reporting",), "reporting"),
        SectionPlan("reviews", "Service Reviews", ("service_reviews",), "service_reviews"),
        SectionPlan("rca", "Root Cause Analysis", ("root_cause_analysis",), "root_cause_analysis"),
        SectionPlan("escalation", "Escalation", ("escalation",), "escalation", "Internal Escalation"),
        SectionPlan("obligations", "Customer Obligations", ("customer_obligations",),
                    "customer_obligations", "Obligations of the Receiving Team"),
        SectionPlan("disputes", "Dispute Resolution", ("dispute_resolution",), "dispute_resolution",
                    "Resolving Disagreements"),
        SectionPlan("indemnification", "Indemnification", ("indemnification",), "indemnification"),
        SectionPlan("termination", "Termination for Service Failure", ("termination",), "termination"),
        SectionPlan("change", "Changes to this SLA", ("change_mechanism",), "change",
                    "Changes to this OLA"),
        SectionPlan("audit", "Audit", ("audit_rights",), "audit"),
        SectionPlan("governing_law", "Governing Law", ("governing_law",), "governing_law"),
        SectionPlan("general", "General", ("general",)),
    )
}
SINGLE_ORDER: tuple[str, ...] = tuple(PLANS)

# Multi-level placement of top-level blocks (a block carried by a level goes to that level).
CORPORATE_KEYS: tuple[str, ...] = (
    "scope", "services", "downtime", "measurement", "capacity", "exclusions", "maintenance", "credits", "claims", "remedies",
    "termination", "change", "audit", "disputes", "indemnification", "governing_law", "general",
)
CUSTOMER_KEYS: tuple[str, ...] = (
    "support", "escalation", "obligations", "reporting", "reviews", "rca",
)
# Capacity and the shared measurement terms are drafted once in Part A, each service's
# values in one table; a service part only states what differs for its own service.
SERVICE_KEYS: tuple[str, ...] = (
    "services", "service_levels", "measurement", "maintenance", "exclusions", "credits",
    "reporting", "termination",
)
# Which spec block each section key reads, for level placement.
KEY_BLOCK: dict[str, str] = {
    "exclusions": "exclusions", "maintenance": "maintenance", "credits": "service_credits",
    "claims": "service_credits", "remedies": "service_credits", "reporting": "reporting",
    "reviews": "service_reviews", "rca": "root_cause_analysis", "escalation": "escalation",
    "obligations": "customer_obligations", "disputes": "dispute_resolution",
    "indemnification": "indemnification", "termination": "termination", "change": "change",
    "audit": "audit",
}
PART_TITLES = {
    "corporate": "Part A: Corporate Level",
    "customer": "Part B: Customer Level",
    "services": "Part C: Service Level",
}

BuildFn = Callable[["_Context", dict[str, Any]], list[Content]]


# ---------------------------------------------------------------- helpers


def format_minutes(minutes: float) -> str:
    """43.2 -> '43.2 minutes'; 525.6 -> '525.6 minutes (8 hours 45.6 minutes)'."""
    text = f"{format_number(minutes)} minute{'' if minutes == 1 else 's'}"
    if minutes < 60:
        return text
    hours = int(minutes // 60)
    rest = round(minutes - hours * 60, 4)
    parts = f"{hours} hour{'' if hours == 1 else 's'}"
    if rest:
        parts += f" {format_number(rest)} minute{'' if rest == 1 else 's'}"
    return f"{text} ({parts})"


def downtime_allowance(target_pct: float, window: str) -> float:
    """Minutes of Downtime an availability target allows in one window of the stated length."""
    return allowed_downtime_minutes(target_pct, WINDOW_DAYS[window] * 1440)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(iso: str) -> str:
    """'2026-01-01' -> '1 January 2026' (locale-independent)."""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{day} {_MONTHS[month - 1]} {year}"


def _letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index % 26]


def _ordinal(value: float) -> str:
    n = int(value)
    if n != value:
        return f"{format_number(value)}th"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _priority_kinds() -> tuple[str, str]:
    return ("support_response", "resolution")


@dataclass(slots=True)
class _Context:
    spec: Spec
    library: Library
    stance: str
    warnings: list[str] = field(default_factory=list)
    definitions: dict[str, Definition] = field(default_factory=dict)
    used_clauses: set[str] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)  # topics the current section drew a clause for
    metric_index: dict[str, SpecMetric] = field(default_factory=dict)  # the spec's metrics by id, parsed once

    @property
    def provider(self) -> str:
        return self.spec.short_name("provider")

    @property
    def customer(self) -> str:
        return self.spec.short_name("customer")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _availability_first(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Availability metrics first, lowest target first: clauses that read the first availability
    metric (the credit threshold, the commitment) then state the target the credit tiers hang off."""
    def key(item: tuple[int, dict[str, Any]]) -> tuple[int, float, int]:
        index, metric = item
        if metric["kind"] == "availability":
            return (0, _pct(metric["target"]), index)
        return (1, 0.0, index)

    return [m for _, m in sorted(enumerate(metrics), key=key)]


_INDEMNIFYING = rx(r"\bthe indemnifying party's\b", re.IGNORECASE)


def _binding_view(spec: Spec) -> dict[str, Any]:
    """Spec data as clauses read it; an OLA's teams stand in for provider and customer."""
    data = copy.deepcopy(spec.data)
    data["metrics"] = _availability_first(data["metrics"])
    # Scope items are written for either party ("the indemnifying party's breach"); the list
    # they go into is the provider's indemnity, so they name the provider.
    levels = data.get("levels") or {}
    blocks = [data, levels.get("corporate") or {}, levels.get("customer") or {},
              *((levels.get("services") or {}).values())]
    provider = spec.short_name("provider")
    for block in blocks:
        indemnity = block.get("indemnification") or {}
        if indemnity.get("scope"):
            indemnity["scope"] = [
                _INDEMNIFYING.sub(f"{provider}'s", str(item)) for item in indemnity["scope"]
            ]
    if spec.is_ola:
        parties = data["parties"]
        for role in ("provider", "customer"):
            parties[role] = {"name": spec.party_name(role), "short_name": spec.short_name(role)}
    return data


# ---------------------------------------------------------------- clauses


def _pinned(ctx: _Context, topic: str) -> Clause | None:
    pins = ctx.spec.data.get("clauses") or {}
    if topic not in pins:
        return None
    clause_id = str(pins[topic])
    where = str(ctx.spec.path)
    line = ctx.spec.line_of(("clauses", topic))
    try:
        clause = ctx.library.get(clause_id)
    except (InputError, KeyError):
        raise InputError(f"clauses.{topic}: unknown library clause {clause_id!r}", where, line) from None
    if clause.topic != topic:
        raise InputError(
            f"clauses.{topic}: clause {clause_id!r} belongs to topic {clause.topic!r}", where, line
        )
    return clause


def _choose(ctx: _Context, topic: str, view: dict[str, Any]) -> Clause | None:
    pinned = _pinned(ctx, topic)
    if pinned is not None:
        if not pinned.applies(view):
            ctx.warn(f"clauses.{topic}: pinned clause {pinned.id!r} does not apply to this spec; left out")
            return None
        return pinned
    default = ctx.library.default_for(topic)
    if default is not None and default.applies(view):
        return default
    return next((c for c in ctx.library.for_topic(topic) if c.applies(view)), None)


def _clause_definitions(clause: Clause, stance: str, bound: dict[str, Any]) -> list[Definition]:
    make = getattr(clause, "definitions", None)
    if callable(make):
        found: list[Definition] = make(stance, bound)
        return found
    out = []
    for item in getattr(clause, "defines", ()) or ():
        term = item["term"] if isinstance(item, dict) else item.term
        meaning = item["meaning"] if isinstance(item, dict) else item.meaning
        if isinstance(meaning, dict):
            meaning = meaning.get(stance) or next(iter(meaning.values()))
        out.append(Definition(str(term), str(meaning)))
    return out


def _clause_paragraphs(ctx: _Context, topics: Iterable[str], view: dict[str, Any]) -> tuple[list[Content], list[str]]:
    content: list[Content] = []
    ids: list[str] = []
    ctx.covered = set()
    for topic in topics:
        clause = _choose(ctx, topic, view)
        if clause is None:
            continue
        ctx.covered.add(topic)
        try:
            bound = clause.bind(view)
            text = clause.render(ctx.stance, bound)
            definitions = _clause_definitions(clause, ctx.stance, bound)
        except InputError as exc:  # name the spec being drafted, not only the clause file
            raise InputError(f"cannot draft {topic} with clause {clause.id!r}: {exc.message}",
                             str(ctx.spec.path)) from None
        for definition in definitions:
            ctx.definitions.setdefault(definition.term.casefold(), definition)
        for chunk in text.split("\n\n"):
            chunk = chunk.strip()
            if chunk:
                is_item = len(chunk) > 3 and chunk[0] == "(" and chunk[2] == ")"
                content.append(Paragraph(chunk, style="list" if is_item else "body"))
        ids.append(clause.id)
        ctx.used_clauses.add(clause.id)
    return content, ids


# ---------------------------------------------------------------- own content


def _p(text: str) -> Paragraph:
    return Paragraph(text)


def _metric_target(ctx: _Context, m: SpecMetric) -> str:
    written = m.raw.get("target")
    if m.percent is not None and isinstance(written, str) and written.strip().endswith("%"):
        return _pct_text(written)  # "98.0%" as the spec and the credit bands write it
    if m.kind == "availability" and m.percent:
        return str(m.percent)
    if m.kind == "system_response_time":
        figure = f"{_grouped(m.number)} ms" if m.unit == "ms" and m.number is not None else str(m.duration)
        pct = f"{_ordinal(float(m.percentile))} percentile " if m.percentile is not None else ""
        return f"{pct}at most {figure}"
    if m.percent is not None:
        return str(m.percent)
    if m.number is not None:
        return f"{format_number(m.number)} {m.unit}".strip()
    return str(m.raw.get("target", ""))


def _measured_by(ctx: _Context, m: SpecMetric) -> str:
    if m.measured_by is None:
        return "Not stated"
    if m.measured_by == "provider":
        who = ctx.provider
        return f"{who} (records open to {ctx.customer})" if m.customer_access else who
    if m.measured_by == "customer":
        return ctx.customer
    if m.measured_by == "joint":
        return f"{ctx.provider} and {ctx.customer} jointly"
    return "Independent third party"


def _metrics_table(ctx: _Context, metrics: list[SpecMetric], caption: str) -> Table | None:
    rows = [
        [m.display_name, _metric_target(ctx, m), WINDOW_WORDS[m.window].capitalize(),
         CLOCK_WORDS[m.clock], _measured_by(ctx, m)]
        for m in metrics
        if m.kind not in _priority_kinds()
    ]
    if not rows:
        return None
    return Table(caption, ["Metric", "Target", "Window", "Clock", "Measured by"], rows)


def _downtime_paragraphs(ctx: _Context, metrics: list[SpecMetric]) -> list[Content]:
    out: list[Content] = []
    for m in metrics:
        if m.kind != "availability" or m.percent is None:
            continue
        pct = m.percent.value
        if m.clock == "business_hours":
            out.append(_p(
                f"The {m.display_name} target of {m.percent} is measured over Business Hours only; "
                f"it permits Downtime of no more than {format_number(round(100 - pct, 4))}% of the "
                f"Business Hours in each {WINDOW_WORDS[m.window]}."
            ))
            continue
        month = downtime_allowance(pct, "calendar_month")
        quarter = downtime_allowance(pct, "quarter")
        year = downtime_allowance(pct, "year")
        # Each figure once, on the convention in the Interpretation notes (a longer window
        # allows more): "no more than" a 30-day figure would contradict it in a 31-day month.
        figures = {"calendar_month": f"{format_minutes(month)} in a 30-day month",
                   "quarter": f"{format_minutes(quarter)} in a 90-day quarter",
                   "year": f"{format_minutes(year)} in a 365-day year"}
        own = figures.pop(m.window)
        others = " and ".join(figures.values())
        out.append(_p(
            f"For information: the {m.display_name} target of {m.percent}, measured per "
            f"{WINDOW_WORDS[m.window]}, permits Downtime of {own}, in proportion for a window of "
            f"another length; the same target would permit {others}."
        ))
    return out


def _priority_table(ctx: _Context, metrics: list[SpecMetric]) -> Table | None:
    priorities = (ctx.spec.data.get("priorities") or {}).get("definitions") or []
    by_kind: dict[str, dict[str, str]] = {k: {} for k in _priority_kinds()}
    for m in metrics:
        if m.kind in by_kind:
            for t in m.targets:
                target = _business_days(str(t.target))
                # a plain duration counted in Business Hours says so, as the clause does
                clock = " (24x7)" if t.clock == "24x7" else ("" if "Business" in target else " (Business Hours)")
                by_kind[m.kind][t.priority] = f"{target}{clock}"
    if not any(by_kind.values()):
        return None
    rows = []
    for p in priorities:
        label = f"{p['id']} ({p['name']})" if p.get("name") else p["id"]
        rows.append([label, by_kind["support_response"].get(p["id"], "-"), by_kind["resolution"].get(p["id"], "-")])
    return Table("Response and resolution targets by priority", ["Priority", "Response", "Resolution"], rows)


def _priority_definitions(ctx: _Context) -> Table | None:
    block = ctx.spec.data.get("priorities") or {}
    rows = [[p["id"], p.get("name", ""), p.get("definition", "")] for p in block.get("definitions") or []]
    if not rows:
        return None
    return Table("Priority definitions", ["Priority", "Name", "Meaning"], rows)


def _grouped(value: Any) -> str:
    """2400 -> '2,400', as the clauses write it; 12.5 stays '12.5'."""
    number = float(value)
    return f"{int(number):,}" if number == int(number) else format_number(number)


def _pct_text(value: Any) -> str:
    """A percentage as the spec writes it ('99.0%' stays '99.0%'), so tables match the clauses."""
    text = str(value).strip()
    if isinstance(value, str) and text.endswith("%"):
        return text.rstrip("%").strip() + "%"
    return f"{format_number(_pct(value))}%"


def _tier_table(block: dict[str, Any], caption: str) -> Table:
    base = {"monthly_charges": "monthly", "annual_charges": "annual", "service_charges": "service"}
    charges = base.get(block.get("base", "monthly_charges"), "monthly")
    rows = []
    for tier in block.get("tiers") or []:
        below = _pct_text(tier["below"])
        if tier.get("at_least") is not None:
            band = f"At least {_pct_text(tier['at_least'])} but below {below}"
        else:
            band = f"Below {below}"
        rows.append([band, _pct_text(tier["credit"])])
    return Table(caption, ["Availability achieved", f"Credit (% of {charges} charges)"], rows)


def _pct(value: Any) -> float:
    from ..units import Percent

    return Percent.parse(value).value


# ---------------------------------------------------------------- section builders


def _scope(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    spec = ctx.spec
    agreement = spec.data["agreement"]
    kind = "operational level agreement" if spec.is_ola else "service level agreement"
    def named(role: str, short: str) -> str:
        # the cover names each party with its defined short name; defining it again here would
        # make two definitions of one term
        return f"the {spec.party_name(role)} team" if spec.is_ola else spec.party_name(role)

    who = f"between {named('provider', ctx.provider)} and {named('customer', ctx.customer)}"
    reference = f" (reference {agreement['reference']}, version {agreement.get('version', '1.0')})" if agreement.get("reference") else ""
    out: list[Content] = [_p(
        f"This {kind}{reference} is made {who} and takes effect on "
        f"{long_date(str(agreement['effective_date']))}."
    )]
    if agreement.get("purpose"):
        out.append(_p(str(agreement["purpose"])))
    if agreement.get("master_agreement") and spec.is_ola:
        # an SLA names the contract it forms part of in the definition of "Agreement" and in its
        # General section ("governed by" here read as a choice of law beside the governing law clause)
        out.append(_p(f"It forms part of the {agreement['master_agreement']}."))
    if agreement.get("term"):
        out.append(_p(f"It runs for {agreement['term']} from its effective date unless ended earlier under its terms."))
    if spec.is_ola:
        out.append(_p(
            "It is an internal arrangement between teams of one organisation. It creates no service "
            "credits, payments or indemnities; a missed service level leads to review and improvement action."
        ))
    return out


def _services(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    out: list[Content] = []
    # a multi-level agreement describes every service once, in Part A's Services section
    described = "service_description" in ctx.covered or ctx.spec.is_multi_level
    for service in view["services"]:
        if not described:
            text = f"{service['name']}: {service.get('description', '').strip()}".rstrip(": ")
            out.append(_p(text))
        if service.get("components"):
            out.append(_p(f"The {service['name']} service includes:"))
            last = len(service["components"]) - 1
            out.extend(Paragraph(f"({_letter(i)}) {c}" + ("." if i == last else "; and" if i == last - 1 else ";"),
                                 style="list")
                       for i, c in enumerate(service["components"]))
        coverage = service.get("coverage") or {}
        # "Provider supports Claims Portal" lacked its article, and "Network Operations supports
        # Network Incident Support" read as support of support: name the support hours instead
        if coverage.get("hours") == "business_hours":
            out.append(_p(f"The support hours for the {service['name']} service are Business Hours."))
        elif coverage:
            out.append(_p(f"The support hours for the {service['name']} service are 24 hours a day, 7 days a week."))
    return out


def _service_levels(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    metrics = [m for m in _view_metrics(ctx, view) if m.kind not in _priority_kinds()]
    out: list[Content] = []
    if not metrics:
        return out
    # "will" and "service level" as every clause writes them, and the defined Measurement Period
    out.append(_p(f"{ctx.provider} will meet each service level in the table below in each Measurement Period."))
    table = _metrics_table(ctx, metrics, "Service Levels")
    if table:
        out.append(table)
    for m in metrics:
        if m.kind == "system_response_time" and m.raw.get("function"):
            out.append(_p(f"The {m.display_name} service level times {m.raw['function']}."))
    out.extend(_downtime_paragraphs(ctx, metrics))
    return out


def _support(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    metrics = [m for m in _view_metrics(ctx, view) if m.kind in _priority_kinds()]
    out: list[Content] = []
    defs = None if "priorities" in ctx.covered else _priority_definitions(ctx)
    if defs:
        assigned = (ctx.spec.data.get("priorities") or {}).get("assigned_by")
        who = {"customer": ctx.customer, "provider": ctx.provider, "joint": f"{ctx.provider} and {ctx.customer} together"}
        if assigned:
            out.append(_p(f"{who[assigned]} assigns each Incident one of the priorities below."))
        out.append(defs)
    table = _priority_table(ctx, metrics)
    if table:
        out.append(table)
    if ctx.spec.is_multi_level:  # no shared Measurement section for group-wide support metrics
        out.extend(_measurement_lines(metrics))
    if any(m.human_response for m in metrics) and "support_response" not in ctx.covered:
        out.append(_p("An automated acknowledgement is not a response; a response is made by a qualified person who has begun work on the Incident."))
    return out


def _view_metrics(ctx: _Context, view: dict[str, Any]) -> list[SpecMetric]:
    """The view's metrics as typed SpecMetrics, in the view's order."""
    if not ctx.metric_index:
        ctx.metric_index.update((m.id, m) for m in ctx.spec.metrics())
    return [ctx.metric_index[m["id"]] for m in view["metrics"]]


def _measurement(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    metrics = _view_metrics(ctx, view)
    if "measurement_method" in ctx.covered:  # the clause states the first availability method
        described = next((m for m in metrics if m.kind == "availability"), None)
        metrics = [m for m in metrics if m is not described and not _measured_alike(m, described)]
    return _measurement_lines(metrics)


def _measured_alike(m: SpecMetric, other: SpecMetric | None) -> bool:
    """Another availability metric measured exactly as the one the clause describes."""
    return (other is not None and m.kind == other.kind == "availability" and m.method == other.method
            and m.measured_by == other.measured_by)


def _measurement_lines(metrics: list[SpecMetric]) -> list[Content]:
    """One sentence per method: metrics measured the same way (response and resolution from
    the same ticket timestamps) are named together rather than described twice."""
    groups: dict[tuple[str, str], list[str]] = {}
    for m in metrics:
        if m.method:
            groups.setdefault((m.method, m.data_source or ""), []).append(m.display_name)
    by_data: dict[str, list[str]] = {}
    for (method, data), names in groups.items():
        who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        verb = "is" if len(names) == 1 else "are each"
        by_data.setdefault(data, []).append(f"{who} {verb} measured by {method}.")
    out: list[Content] = []
    for data, sentences in by_data.items():
        # one data source named once, after every method that reads it
        source = f" The data used {'is' if len(sentences) == 1 else 'for each is'} {data}." if data else ""
        out.append(_p(" ".join(sentences) + source))
    return out


def _capacity(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    rows = []
    for service in view["services"]:
        cap = service.get("capacity") or {}
        if cap.get("concurrent_users"):
            rows.append([service["name"], "Concurrent users", _grouped(cap["concurrent_users"])])
        if cap.get("requests_per_second") is not None:
            rows.append([service["name"], "Requests per second", _grouped(cap["requests_per_second"])])
        if cap.get("storage"):
            rows.append([service["name"], "Storage", str(cap["storage"])])
    if not rows:
        return []
    return [Table("Capacity limits", ["Service", "Limit", "Value"], rows)]


def _credits(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    block = view.get("service_credits") or {}
    if not block.get("tiers"):
        return []
    return [_tier_table(block, "Service credits for Availability")]


def _escalation(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    if "escalation" in ctx.covered:  # the clause lists the levels and contacts
        return []
    rows = [
        [str(e["level"]), e.get("provider", "-"), e.get("customer", "-"), e.get("after", "-")]
        for e in view.get("escalation") or []
    ]
    if not rows:
        return []
    return [Table("Escalation contacts", ["Level", ctx.provider, ctx.customer, "Escalate after"], rows)]


def _internal_disputes(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    """An OLA's disagreements stay inside the organisation."""
    block = view.get("dispute_resolution") or {}
    out: list[Content] = []
    for step in block.get("escalation") or []:
        within = f" within {step['within']}" if step.get("within") else ""
        within = _business_days(within)
        out.append(_p(f"A disagreement about this OLA goes first to {step['forum']}, who aim to settle it{within}."))
    if block.get("decided_by"):
        out.append(_p(f"A disagreement still open after those steps is decided by the {block['decided_by']}, whose decision both teams follow."))
    return out


def _governing_law(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    return []


OWN: dict[str, BuildFn] = {
    "scope": _scope,
    "services": _services,
    "service_levels": _service_levels,
    "support": _support,
    "measurement": _measurement,
    "capacity": _capacity,
    "credits": _credits,
    "escalation": _escalation,
}


def _topic_fits(topic: str, view: dict[str, Any]) -> bool:
    """Availability wording only where the view has an availability metric; independent
    measurement wording only where someone other than the provider measures."""
    metrics = view["metrics"]
    if topic in ("availability", "downtime", "measurement_method"):
        return any(m["kind"] == "availability" for m in metrics)
    if topic == "independent_measurement":
        return any((m.get("measurement") or {}).get("by") in ("third_party", "customer") for m in metrics)
    return True


def _block_present(ctx: _Context, plan: SectionPlan, view: dict[str, Any]) -> bool:
    if plan.block is None:
        return True
    if plan.block == "multi_level":
        return ctx.spec.is_multi_level
    if plan.block == "capacity":
        return any(s.get("capacity") for s in view["services"])
    if plan.block == "governing_law":
        return bool(view["agreement"].get("governing_law"))
    if plan.block == "priorities":
        return bool(view.get("priorities")) or any(m["kind"] in _priority_kinds() for m in view["metrics"])
    return bool(view.get(plan.block))


def _build(ctx: _Context, key: str, view: dict[str, Any], title: str | None = None,
           intro: list[Content] | None = None, skip: tuple[str, ...] = (), own: bool = True) -> Section | None:
    plan = PLANS[key]
    if not _block_present(ctx, plan, view):
        return None
    ola = ctx.spec.is_ola
    topics = tuple(t for t in plan.topics if not (ola and t in OLA_SKIPPED_TOPICS))
    topics = tuple(t for t in topics if t not in skip and _topic_fits(t, view))
    clause_content, ids = _clause_paragraphs(ctx, topics, view)
    content: list[Content] = list(intro or [])
    if ola and key == "disputes":
        content += _internal_disputes(ctx, view)
    elif key in OWN and own and key != "services":
        content += OWN[key](ctx, view)
    _name_the_service(ctx, key, view, clause_content)
    if key == "support":
        _mixed_support_hours(ctx, clause_content)
    content += clause_content
    if key == "services" and own:  # the services are introduced before their support hours
        content += OWN[key](ctx, view)
    if key == "exclusions" and clause_content:
        content += _other_relief(ctx, view)
    if key == "measurement" and "measurement_period" in ctx.covered:
        content += _other_windows(ctx, view)
    if key == "governing_law" and not clause_content:
        content.append(_p(f"This agreement is governed by the law of {view['agreement']['governing_law']}."))
    if not content or (not ids and key not in OWN and key not in ("disputes", "governing_law")):
        if plan.block is not None and topics:
            ctx.warn(f"{plan.block}: no library clause applies for {', '.join(topics)}; the section is left out")
        return None
    name = (plan.ola_title if ola and plan.ola_title else None) or plan.title
    return Section(number="", title=title or name, content=content, clause_ids=ids)


def _name_the_service(ctx: _Context, key: str, view: dict[str, Any], content: list[Content]) -> None:
    """The availability clauses are drafted for the first availability metric; where a
    single-level agreement has several services they name that metric's own service, not
    "the Services" (which would commit every service to one service's target)."""
    if key not in ("service_levels", "measurement") or ctx.spec.is_multi_level or len(view["services"]) < 2:
        return
    first = next((m for m in _view_metrics(ctx, view) if m.kind == "availability"), None)
    names = {s["id"]: s["name"] for s in view["services"]}
    if first is None or first.raw.get("service") not in names:
        return
    name = names[first.raw["service"]]
    for item in content:
        if isinstance(item, Paragraph):
            item.text = (item.text.replace("Availability of the Services is at least", f"Availability of the {name} service is at least")
                         .replace("If Availability is below", f"If Availability of the {name} service is below"))
            if item.text.startswith("Availability is measured by"):
                alike = [m.display_name for m in _view_metrics(ctx, view) if m is first or _measured_alike(m, first)]
                who = alike[0] if len(alike) == 1 else f"{', '.join(alike[:-1])} and {alike[-1]} are each"
                item.text = f"{who}{item.text[len('Availability is') if len(alike) > 1 else len('Availability'):]}"


_ALL_HANDLED = "All Incidents will be handled 24 hours a day, 7 days a week, including weekends and public holidays."


def _mixed_support_hours(ctx: _Context, content: list[Content]) -> None:
    """The support clause reads the first service's coverage; where another service is
    supported only in Business Hours, "all Incidents handled 24x7" would contradict it."""
    hours = {(s.get("coverage") or {}).get("hours") for s in ctx.spec.services} - {None}
    if "business_hours" not in hours or len(hours) < 2:
        return
    for item in content:
        if isinstance(item, Paragraph) and item.text == _ALL_HANDLED:
            item.text = (_ALL_HANDLED[:-1] + ", except that an Incident affecting only a service whose support "
                         "hours are Business Hours will be handled during Business Hours unless it is of one of "
                         "the two highest Priorities.")


def _other_relief(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    """The exclusions clause excuses a failure "only" for its listed causes; the capacity and
    customer obligations clauses relieve too, so the exclusions say they stand beside them."""
    names = [name for name, present in (
        ("capacity", any(s.get("capacity") for s in view["services"])),
        ("customer obligations", bool(view.get("customer_obligations") or ctx.spec.block("customer_obligations"))),
    ) if present]
    if not names:
        return []
    clauses = f"the {' and '.join(names)} clause{'s' if len(names) > 1 else ''}"
    return [_p(f"The relief under {clauses} applies in addition to this Section.")]


def _other_windows(ctx: _Context, view: dict[str, Any]) -> list[Content]:
    """The Measurement Period is defined by the first availability metric's window; a service
    level with another window (a quarterly laptop replacement rate) is measured over its own."""
    metrics = [m for m in _view_metrics(ctx, view) if m.kind not in _priority_kinds()]
    main = next((m.window for m in metrics if m.kind == "availability"), "calendar_month")
    others = sorted({m.window for m in metrics} - {main}, key=list(WINDOW_WORDS).index)
    return [
        _p(f"For {', '.join(m.display_name for m in metrics if m.window == w)}, measured per "
           f"{WINDOW_WORDS[w]}, the Measurement Period is each {WINDOW_WORDS[w]} instead.")
        for w in others
    ]


# ---------------------------------------------------------------- views and levels


def _view_with(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    view = dict(base)
    for key, value in overrides.items():
        if key not in ("title", "scope"):
            view[key] = value
    return view


def _service_view(base: dict[str, Any], service: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    view = _view_with(base, overrides)
    view["services"] = [service]
    view["metrics"] = [m for m in base["metrics"] if m.get("service") == service["id"]]
    return view


def _single_level(ctx: _Context, view: dict[str, Any], ola: bool) -> list[Part]:
    sections: list[Section] = []
    for key in SINGLE_ORDER:
        if ola and key in ("credits", "claims", "remedies", "indemnification", "governing_law"):
            continue
        section = _build(ctx, key, view)
        if section:
            sections.append(section)
    return [Part(title="", sections=sections)]


def _business_days(duration: str) -> str:
    return re.sub(r"\bbusiness (day|hour)", lambda m: f"Business {m[1].capitalize()}", str(duration))


def _service_maintenance(name: str, block: dict[str, Any]) -> list[Content]:
    """A service's own maintenance values: a table, applied through Part A's maintenance clause."""
    labels = (("window", "Maintenance Window"), ("notice", "Notice of Planned Maintenance"),
              ("monthly_cap", "Planned Maintenance limit in a calendar month"),
              ("emergency_notice", "Notice of Emergency Maintenance"))
    rows = [[label, _business_days(block[key])] for key, label in labels if block.get(key)]
    return [
        Table(f"Maintenance of the {name}", ["Item", "Value for this service"], rows),
        _p(f"For the {name}, the maintenance clause applies with the values in the table above in place "
           "of the values stated there. Every other service keeps the values stated there."),
    ]


def _service_credits(name: str, block: dict[str, Any]) -> list[Content]:
    """A service's own credit bands and cap, under Part A's credit clause and overall cap."""
    out: list[Content] = []
    if block.get("tiers"):
        out.append(_tier_table(block, f"Service credits for the {name}"))
        out.append(_p(f"Service Credits for the {name} are calculated under the service credits clause "
                      "using the bands in the table above in place of the bands stated there."))
    if block.get("resolution_credit") is not None:
        pct = format_number(_pct(block["resolution_credit"]))
        out.append(_p(f"The further Service Credit for each Incident affecting the {name} that is not "
                      f"Resolved within its resolution time is {pct}% of the Charges for the {name}."))
    if block.get("cap") is not None:
        cap = format_number(_pct(block["cap"]))
        out.append(_p(f"Service Credits for the {name} in any Measurement Period will not exceed {cap}% of "
                      f"the Charges for the {name} in that Measurement Period; the overall limit in the "
                      "service credits clause also applies and prevails over this limit."))
    return out


_THE_SERVICES = rx(r"\b([Tt])he Services\b")


def _scope_to_service(section: Section, name: str) -> None:
    """In a service's own part, "the Services" (defined as every service) becomes that service."""
    for item in section.content:
        if isinstance(item, Paragraph):
            item.text = _THE_SERVICES.sub(lambda m: f"{m[1]}he {name}", item.text)


SERVICE_SCOPED: dict[str, Callable[[str, dict[str, Any]], list[Content]]] = {
    "maintenance": _service_maintenance,
    "credits": _service_credits,
}


def _multi_level(ctx: _Context, base: dict[str, Any]) -> list[Part]:
    # the binding view's levels, not the raw spec's: the view names the provider in each
    # level's indemnity scope ("Provider's breach", not "the indemnifying party's breach")
    levels = base.get("levels") or {}
    corporate = levels.get("corporate") or {}
    customer = levels.get("customer") or {}
    service_levels = levels.get("services") or {}

    def carried_by(level: dict[str, Any], key: str) -> bool:
        return KEY_BLOCK.get(key, "") in level

    parts: list[Part] = []
    # Corporate: its own keys, unless the customer level carries that block.
    corp_view = _view_with(base, corporate)
    sections: list[Section] = []
    for key in CORPORATE_KEYS + tuple(k for k in CUSTOMER_KEYS if carried_by(corporate, k)):
        if key in CUSTOMER_KEYS and not carried_by(corporate, key):
            continue
        if carried_by(customer, key):
            continue
        intro: list[Content] | None = [_p(corporate["scope"])] if key == "scope" and corporate.get("scope") else None
        if key == "measurement":  # the Measurement Period and Monitoring Service, defined once
            # Part A's monitoring terms serve every service: an independent monitoring service
            # measuring any of them is defined here, whichever service has the lowest target
            independent = [m for m in corp_view["metrics"] if (m.get("measurement") or {}).get("by") == "third_party"]
            measured = dict(corp_view, metrics=independent + [m for m in corp_view["metrics"] if m not in independent])
            section = _build(ctx, key, measured, skip=("measurement_method",), own=False)
        else:
            # The corporate Services section only names the services; Part C describes each one.
            section = _build(ctx, key, corp_view, intro=intro, own=key != "services")
        if section:
            sections.append(section)
    parts.append(Part(corporate.get("title") or PART_TITLES["corporate"], sections))

    # Customer: customer keys plus any corporate key whose block the customer level carries.
    cust_view = _view_with(base, customer)
    cust_view["metrics"] = [m for m in base["metrics"] if m["kind"] in _priority_kinds() or not m.get("service")]
    sections = []
    keys = tuple(k for k in CUSTOMER_KEYS if not carried_by(corporate, k)) + tuple(
        k for k in CORPORATE_KEYS if carried_by(customer, k)
    )
    first = True
    for key in keys:
        intro = [_p(customer["scope"])] if first and customer.get("scope") else None
        section = _build(ctx, key, cust_view, intro=intro)
        if section:
            sections.append(section)
            first = False
    parts.append(Part(customer.get("title") or PART_TITLES["customer"], sections))

    # Services: one group of sections per service.
    sections = []
    for service in base["services"]:
        overrides = service_levels.get(service["id"]) or {}
        view = _service_view(base, service, overrides)
        name = service["name"]
        for key in SERVICE_KEYS:
            if key not in ("services", "service_levels", "measurement") and not carried_by(overrides, key):
                continue
            intro = [_p(overrides["scope"])] if key == "services" and overrides.get("scope") else None
            title = name if key == "services" else f"{name}: {PLANS[key].title}"
            scoped = SERVICE_SCOPED.get(key)
            if scoped is not None and carried_by(corporate, key):
                section = Section(number="", title=title, content=scoped(name, overrides[KEY_BLOCK[key]]))
            else:
                section = _build(ctx, key, view, title=title, intro=intro,
                                 skip=("downtime", "service_description", "measurement_period",
                                       "independent_measurement"))
            if section:
                section.level = 2
                _scope_to_service(section, name)
                sections.append(section)
    parts.append(Part(PART_TITLES["services"], sections))
    for part in parts:
        for section in part.sections:
            section.level = 2
    return parts


# ---------------------------------------------------------------- numbering and warnings


def _number(parts: list[Part]) -> None:
    index = 0
    for part in parts:
        for section in part.sections:
            index += 1
            section.number = str(index)
            para = 0
            for item in section.content:
                if isinstance(item, Paragraph) and item.style == "body":
                    para += 1
                    item.number = f"{index}.{para}"


# Library clauses name each other by subject ("the maintenance clause") because they do
# not know the numbering; once numbered, each such phrase becomes a real citation.
_CLAUSE_REFERENCES: dict[str, str] = {
    "dispute resolution": "dispute_resolution",
    "dispute": "dispute_resolution",
    "change": "change_mechanism",
    "maintenance": "maintenance",
    "measurement": "measurement_method",
    "exclusions": "exclusions",
    "remedies": "sole_remedy",
    "service credits": "service_credits",
    "capacity": "capacity_limits",
    "customer obligations": "customer_obligations",
    "audit": "audit_rights",
    "support": "support_response",
}
_CLAUSE_NAMES = "|".join(sorted(map(re.escape, _CLAUSE_REFERENCES), key=len, reverse=True))
_CLAUSE_REFERENCE_RE = rx(r"\bthe (" + _CLAUSE_NAMES + r") clause\b")
# "the maintenance, exclusions, capacity and customer obligations clauses of this SLA": each
# name cited, and a name with no section left out (no relief under a clause the draft lacks)
_CLAUSE_LIST_RE = rx(
    r"\bthe ((?:(?:" + _CLAUSE_NAMES + r"), )*(?:" + _CLAUSE_NAMES + r")) (and|or) (" + _CLAUSE_NAMES
    + r") clauses(?: of this (?:SLA|Agreement))?\b"
)
# Sections drawn by glue rather than a library clause (an OLA's disagreements), by title.
_TITLE_TOPICS: dict[str, str] = {"Resolving Disagreements": "dispute_resolution"}


def _cite_sections(parts: list[Part], library: Library, definitions: dict[str, Definition],
                   per_service: bool = False) -> None:
    """Replace "the maintenance clause" with "Section 7 (Maintenance)", preferring the
    section in the same part; phrases whose topic has no section are left as written."""
    located: list[tuple[int, str, Section]] = []  # (part index, topic, section)
    for p, part in enumerate(parts):
        for section in part.sections:
            for clause_id in section.clause_ids:
                if clause_id in library.clauses:
                    located.append((p, library.clauses[clause_id].topic, section))
            if section.title in _TITLE_TOPICS:
                located.append((p, _TITLE_TOPICS[section.title], section))

    def citation(topic: str, part_index: int | None) -> str | None:
        same = [s for p, t, s in located if t == topic and p == part_index]
        elsewhere = [(p, s) for p, t, s in located if t == topic]
        if not same and len(elsewhere) > 1 and len({p for p, _ in elsewhere}) == 1:
            # one section per service in another part: cite them all, not the first service's
            p, first = elsewhere[0]
            kind = first.title.split(": ")[-1]
            return f"the {kind} section of each service in {parts[p].title.split(':')[0]}"
        found = same[:1] or [s for _, s in elsewhere[:1]]
        return f"Section {found[0].number} ({found[0].title})" if found else None

    def listed(match: re.Match[str], part_index: int | None) -> str:
        names = [*match[1].split(", "), match[3]]
        cited = [c for c in (citation(_CLAUSE_REFERENCES[n], part_index) for n in names) if c]
        cited.sort(key=lambda c: int(m[1]) if (m := re.match(r"Section (\d+) ", c)) else 0)
        if not cited:
            return match[0]
        if len(cited) == 1:
            return cited[0]
        return f"{', '.join(cited[:-1])} {match[2]} {cited[-1]}"

    def rewrite(text: str, part_index: int | None) -> str:
        def one(match: re.Match[str]) -> str:
            return citation(_CLAUSE_REFERENCES[match[1]], part_index) or match[0]

        if " clause" not in text:
            return text
        text = _CLAUSE_LIST_RE.sub(lambda m: listed(m, part_index), text)
        return _CLAUSE_REFERENCE_RE.sub(one, text)

    for p, part in enumerate(parts):
        for section in part.sections:
            for item in section.content:
                if isinstance(item, Paragraph):
                    item.text = rewrite(item.text, p)
    for key, definition in definitions.items():
        meaning = rewrite(definition.meaning, None)
        if "section of each service" in meaning or per_service:
            # measured per service: a shared definition speaks of the service concerned, not
            # of all the Services at once (one service's outage is not every service's)
            for pattern, replacement in _PER_SERVICE_WORDS:
                meaning = pattern.sub(replacement, meaning)
        definitions[key] = Definition(definition.term, meaning)


_PER_SERVICE_WORDS = (
    (rx(r"\bthe Services are\b"), "the service concerned is"),
    (rx(r"\bthe Services cannot\b"), "the service concerned cannot"),
    (rx(r"\ba material function of the Services\b"), "a material function of that service"),
)


# An internal OLA has no Agreement, no SLA, no credits and no signatures by authorised
# representatives: library wording written for contracts is re-worded for teams.
OLA_WORDS: tuple[tuple[str, str], ...] = (
    (r" or, if this SLA does not define it, in the Agreement", ""),
    (r"\bThis (?:SLA|Agreement)\b", "This OLA"),
    (r"\b(?:this SLA|this Agreement|the Agreement)\b", "this OLA"),
    (r"\bsigned by (?:the )?authorised representatives of (?:both|each) part(?:y|ies)",
     "approved by the approving role of each team"),
    (r"\bany Service Credit or other right\b", "any right"),
    (r"\b([Aa]ny|[Nn]o) service level, Service Credit or right\b", r"\1 service level or right"),
    (r"\bas signed\b", "as approved"),
    (r", which may be chargeable at the rates in this OLA", ""),
    (r"\bService Credits(?:;|,) ", ""),
    (r"\bcovering charges, ", "covering cost, "),
    (r" [^.\n]*\bwill not charge for preparing impact assessments\.", ""),
    # no charges between teams, and no breach of a contract that does not exist
    (r" ?Reporting and handling Incidents is included in the charges for the Services\.", ""),
    (r"^.*\bwill not charge for reporting or handling Incidents\b.*$", ""),
    (r"^Reports are free of charge\. ", ""),
    (r"^A failure to meet a service level is a breach of this OLA\.$", ""),
    (r"\ba breach of this OLA by\b", "a failure to follow this OLA by"),
    (r"\bdescribed above or in this OLA\b", "described above"),
    # teams, not parties (a "third party" stays one)
    (r"\bthe parties sign\b", "both teams approve"),
    (r"\b([Ee]ither|[Ee]ach|[Oo]ne) party\b", r"\1 team"),
    (r"\b([Tt])he parties\b", r"\1he teams"),
    (r"\bOnce in each contract year\b", "Once a year"),
    (r"\bcontract year\b", "year"),
    (r"\bcontinued use of or payment for\b", "continued use of"),
    (r"\bthe confidentiality of its other customers\b", "the confidentiality of other teams' information"),
    # "this SLA and the Agreement" both became "this OLA"
    (r"\bthis OLA and (?:in )?this OLA\b", "this OLA"),
)
# The SLA is one document of the Agreement (defined as the contract it forms part of): "this
# Agreement" in spec text means one or the other, and the one it can mean is the SLA itself at
# the start of a sentence, the Agreement elsewhere ("Provider's breach of the Agreement").
SLA_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bThis Agreement\b", "This SLA"),
    (r"\bthis Agreement\b", "the Agreement"),
)
# With no capacity stated there is no capacity limit to relieve or to review against.
NO_CAPACITY_WORDS: tuple[tuple[str, str], ...] = (
    (r" \(unless caused by use above an agreed capacity limit\)", ""),
    (r"(?<=, )capacity, (?=[a-z])", ""),  # a list of review topics, not "a lack of capacity, and"
    (r"(?<=; )capacity; (?=[a-z])", ""),
)
CAPACITY_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bunless caused by use above an agreed capacity limit\b", "unless caused by use above a Capacity Limit"),
)
# With no availability metric there is no Downtime or Availability calculation to exclude from.
NO_AVAILABILITY_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bA period is excluded from Downtime, and a failure to meet a service level is excused,", "A failure to meet a service level is excused"),
    (r"\bA period is excluded from Downtime, and a failure\b", "A failure"),
    (r"\bNo other event excludes Downtime or excuses a failure\b", "No other event excuses a failure"),
    (r"\bis excluded from the Availability calculation\b", "does not count against the service levels"),
    (r"\bcounts as Downtime\b", "counts against the service levels"),
    (r" ?Availability is calculated over the whole Measurement Period, and a Measurement Period in which "
     r"the Services were provided for less than half of the period is combined with the next one\.",
     " A Measurement Period in which the Services were provided for less than half of the period is "
     "combined with the next one."),
)


_STRAIGHT_QUOTES = rx(r'"([^"\n]*)"')


@lru_cache(maxsize=256)
def _literal(source: str) -> tuple[str, ...]:
    """Words a pattern cannot match without (the longest run of plain characters outside any
    group, e.g. "will not charge for reporting or handling Incidents"), so a rule whose words
    are absent is skipped without a regex scan; () when the pattern has no such run."""
    runs: list[str] = []
    run, depth, i = "", 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            runs.append(run)
            run, i = "", i + 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if depth == 0 and (char.isalnum() or char in " ,;'"):
            run += char
        else:
            if char in "?*+{" and run:
                run = run[:-1]  # the character a quantifier applies to is optional
            runs.append(run)
            run = ""
        i += 1
    runs.append(run)
    if "|" in _top_level(source):  # alternatives at the top level: no word every match has
        return ()
    best = max(runs, key=len)
    return (best,) if len(best) >= 4 else ()


def _top_level(source: str) -> str:
    """The characters of a pattern outside its groups and classes."""
    out, depth, escaped = [], 0, False
    for char in source:
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _reword(parts: list[Part], definitions: dict[str, Definition], spec: Spec,
            names: Iterable[str]) -> None:
    """Kind-specific vocabulary, the possessive of a name ending in s ("Operations'"), curly quotes.

    Each rule carries the words it needs ("needles"): a rule none of whose needles occurs is
    not run, which keeps the rewording pass cheap on a long agreement."""
    rules: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = []

    def add(table: Iterable[tuple[str, str]], flags: int = 0) -> None:
        rules.extend((re.compile(a, flags), b, _literal(a)) for a, b in table)

    if spec.is_ola:
        add(OLA_WORDS, re.MULTILINE)
        add(_team_words(spec), re.MULTILINE)
    else:
        add(SLA_WORDS)
    if not any(m.kind == "availability" for m in spec.metrics()):
        add(NO_AVAILABILITY_WORDS)
    has_capacity = any(s.get("capacity") for s in spec.services)
    add(CAPACITY_WORDS if has_capacity else NO_CAPACITY_WORDS)
    for name in sorted({n for n in names if n.endswith("s")}, key=len, reverse=True):
        rules.append((re.compile(rf"\b{re.escape(name)}'s\b"), f"{name}'", (f"{name}'s",)))
    for name in sorted(set(names), key=len, reverse=True):
        # "Network Operations' Network Operations Manager" is "the Network Operations Manager"
        rules.append((re.compile(rf"\b{re.escape(name)}(?:'s|') (?={re.escape(name)}\b)"), "the ",
                      (f"{name}'s {name}", f"{name}' {name}")))
    if spec.is_ola:
        provider, customer = (spec.short_name(r) for r in ("provider", "customer"))
        # teams of one organisation: one role named for both ("Network Operations' Head of IT
        # Operations and Service Desk's Head of IT Operations") is one person (between two
        # companies it is two people, so an SLA keeps both)
        rules.append((re.compile(rf"\b{re.escape(provider)}(?:'s|') ([A-Z][\w ]*?) and {re.escape(customer)}(?:'s|') \1\b"),
                      r"the \1", (f" and {customer}'s ", f" and {customer}' ")))
    # A term defined in the body ("the Monitoring Service", "a Service Review") is written as
    # defined wherever the library or the spec wrote it in lower case.
    body = "\n".join(_texts(parts))
    for pattern, term, replacement in _INLINE_TERMS:
        if term.casefold() in definitions or f'"{term}"' in body or f"“{term}”" in body:
            rules.append((pattern, replacement, (term.lower(),)))
        elif term == "Monitoring Service":  # no monitoring service to link to
            rules.append((rx(r", or a link to it in the monitoring service\b"), ", or a link to it",
                          ("in the monitoring service",)))
    # One quotation style throughout: the definitions section uses curly quotes, so the body does.
    rules.append((_STRAIGHT_QUOTES, "“\\1”", ('"',)))

    # A rule with needles runs only on the texts that contain one; a rule without runs once
    # over every text joined by line breaks (each text is one line, a pattern anchored with ^
    # or $ is compiled MULTILINE, and none crosses a line break). Either way the pass costs
    # little on a long agreement, which keeps drafting within its bench target.
    texts: list[str] = []
    for part in parts:
        for section in part.sections:
            texts.append(section.title)
            for item in section.content:
                if isinstance(item, Paragraph):
                    texts.append(item.text)
                else:
                    texts.append(item.caption)
                    texts.extend(c for row in item.rows for c in row)
    texts.extend(d.meaning for d in definitions.values())
    one_line = not any("\n" in text for text in texts)
    for pattern, replacement, needles in rules:
        if needles or not one_line:  # only the texts that have the rule's words
            texts = [pattern.sub(replacement, t) if not needles or any(n in t for n in needles) else t
                     for t in texts]
        else:  # one scan of every text, joined line by line (^ and $ rules are MULTILINE)
            texts = pattern.sub(replacement, "\n".join(texts)).split("\n")
    fixed = iter(texts)
    for part in parts:
        for section in part.sections:
            section.title = next(fixed)
            for item in section.content:
                if isinstance(item, Paragraph):
                    item.text = next(fixed)
                else:
                    item.caption = next(fixed)
                    item.rows = [[next(fixed) for _ in row] for row in item.rows]
            # a sentence the kind has no use for (an OLA's "free of charge") leaves no empty clause
            section.content = [i for i in section.content if not isinstance(i, Paragraph) or i.text.strip()]
    for key, definition in definitions.items():
        definitions[key] = Definition(definition.term, next(fixed))


# (lower-case wording, the term it stands for, its replacement)
_INLINE_TERMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (rx(r"(?<=\bthe )(?:independent )?monitoring service\b"), "Monitoring Service", "Monitoring Service"),
    (rx(r"\bservice review\b"), "Service Review", "Service Review"),
    (rx(r"(?<=\bmeasured by )an independent monitoring service(?= using\b)"), "Monitoring Service",
     "the Monitoring Service"),
    (rx(r"\bthe charges for the Services\b"), "Charges", "the Charges"),
)


def _texts(parts: list[Part]) -> Iterable[str]:
    for part in parts:
        for section in part.sections:
            for item in section.content:
                if isinstance(item, Paragraph):
                    yield item.text


_FORMULA = "Availability for each Measurement Period is calculated as follows"
_FALLBACK = rx(r"^If the monitoring (?:fails or )?is unavailable for any period")


def _share_measurement(parts: list[Part]) -> Section | None:
    """A multi-level agreement states the availability formula once, in Part A's Measurement
    section, not once per service; a service's own rule for a monitoring failure says that it
    replaces Part A's for that service. Returns Part A's Measurement section if it took the formula."""
    shared = next((s for s in parts[0].sections if s.title == PLANS["measurement"].title), None) if parts else None
    if shared is None or len(parts) < 3:
        return None
    formulas = [(section, item) for section in parts[2].sections for item in section.content
                if isinstance(item, Paragraph) and item.text.startswith(_FORMULA)]
    general_rule = any(isinstance(i, Paragraph) and _FALLBACK.match(i.text) for i in shared.content)
    for section in parts[2].sections if general_rule else ():
        service = section.title.split(": ")[0]
        for item in section.content:
            if isinstance(item, Paragraph) and _FALLBACK.match(item.text):
                item.text = (f"For the {service}, in place of Section {shared.number} ({shared.title}) on this "
                             f"point, i{item.text[1:]}")
    if len(formulas) < 2 or len({item.text for _, item in formulas}) != 1:
        return None
    for section, item in formulas:
        section.content.remove(item)
    text = formulas[0][1].text.replace(_FORMULA, "Availability of each service for each Measurement Period is calculated as follows", 1)
    text = text.replace("the number of minutes of Downtime in the Measurement Period",
                        "the number of minutes of Downtime of that service in the Measurement Period")
    shared.content.insert(0, Paragraph(text))
    return shared


def _team_words(spec: Spec) -> list[tuple[str, str]]:
    """An OLA's Incidents reach the providing team by assignment from the receiving team, whose
    failures are named after it ("Service Desk Failure"), and the providing team has no separate
    service desk of its own."""
    provider, customer = spec.short_name("provider"), spec.short_name("customer")
    p, c = re.escape(provider), re.escape(customer)
    return [
        (r"\bCustomer Failure\b", f"{customer} Failure"),
        (rf"\b{c} reports the Incident(?: through (?:an|any) agreed channel)?", f"{customer} assigns the Incident to {provider}"),
        (r"\bthe Incident is reported or, if earlier, detected\b",
         f"the Incident is assigned to {provider} or, if earlier, detected"),
        (rf"\bis logged with {p}(?:'s|') service desk\b", f"is assigned to {provider}"),
        (rf"^{p}(?:'s|') service desk\b", f"The {provider} team"),
        (rf"\b{p}(?:'s|') service desk\b", f"the {provider} team"),
        (r"\bThe service desk is staffed\b", f"{provider} is staffed"),
    ]


def _spec_warnings(ctx: _Context) -> None:
    spec = ctx.spec
    for m in spec.metrics():
        if not m.method:
            ctx.warn(f"{m.path} ({m.display_name}): no measurement method; say how it is measured (measurement.method)")
        if m.measured_by is None:
            ctx.warn(f"{m.path} ({m.display_name}): nobody is named to measure it (measurement.by)")
    credits = [("service_credits", spec.data.get("service_credits"))] + [
        (f"levels.{lvl}.service_credits", payload.get("service_credits")) for lvl, payload in spec.level_blocks()
    ]
    for path, block in credits:
        if block and block.get("cap") is None:
            ctx.warn(f"{path}: no cap on service credits (cap)")
    has_availability = any(m.kind == "availability" for m in spec.metrics())
    if has_availability and not spec.is_ola and not spec.block("service_credits"):
        ctx.warn("service_credits: none; a missed availability target has no financial remedy")
    if not spec.is_ola and not spec.block("termination"):
        ctx.warn("termination: no right to end the agreement for chronic service failure")


# ---------------------------------------------------------------- entry point


def build_agreement(spec: Spec, library: Library, stance: str = "balanced") -> tuple[Agreement, list[str]]:
    """Assemble the agreement for a spec in a stance; returns it with drafting warnings."""
    if stance not in STANCES:
        raise InputError(f"unknown stance {stance!r}; choose one of: {', '.join(STANCES)}")
    ctx = _Context(spec=spec, library=library, stance=stance)
    for topic in spec.data.get("clauses") or {}:
        _pinned(ctx, topic)  # unknown ids fail before any drafting
    view = _binding_view(spec)
    parts = _multi_level(ctx, view) if spec.is_multi_level else _single_level(ctx, view, spec.is_ola)
    _number(parts)
    shared = _share_measurement(parts) if spec.is_multi_level else None
    if shared is not None:
        _number(parts)
    # with more than one service, each is available or down on its own
    _cite_sections(parts, library, ctx.definitions, per_service=len(spec.services) > 1)
    names = [spec.party_name(r) for r in ("provider", "customer")] + [ctx.provider, ctx.customer]
    if shared is not None and "availability" in ctx.definitions:
        old = ctx.definitions["availability"]
        ctx.definitions["availability"] = Definition(old.term, re.sub(
            r"calculated as set out in [^,.;]*", f"calculated as set out in Section {shared.number} ({shared.title})",
            old.meaning))
    _reword(parts, ctx.definitions, spec, names)
    _number(parts)  # again: rewording may have dropped a clause the kind has no use for
    _spec_warnings(ctx)
    data = spec.data
    agreement_data = data["agreement"]
    subtitle_bits = [b for b in (agreement_data.get("reference"), f"version {agreement_data.get('version', '1.0')}") if b]
    definitions = _own_definitions(ctx)
    for key, definition in ctx.definitions.items():
        definitions.setdefault(key, definition)
    if "service level" not in definitions and _uses_service_level(parts):
        definitions["service level"] = Definition(
            "Service Level",
            "each commitment set out in the Service Levels table for a service, with the target, "
            "measurement window and clock stated for it.",
        )
    agreement = Agreement(
        title=spec.title,
        subtitle=", ".join(str(b) for b in subtitle_bits),
        provider=spec.party_name("provider"),
        customer=spec.party_name("customer"),
        provider_short=spec.short_name("provider"),
        customer_short=spec.short_name("customer"),
        effective_date=str(agreement_data["effective_date"]),
        governing_law="" if spec.is_ola else str(agreement_data.get("governing_law", "")),
        stance=stance,
        parts=parts,
        definitions=[definitions[k] for k in sorted(definitions)],
        notes=[CONVENTION_NOTE] if any(m.kind == "availability" for m in spec.metrics()) else [],
        version=str(agreement_data.get("version", "1.0")),
        kind="ola" if spec.is_ola else "sla",
        reference=str(agreement_data.get("reference") or ""),
        signatures=signature_block(spec),
    )
    return agreement, ctx.warnings


SIGNATURE_FIELDS: tuple[str, ...] = ("Signature", "Name", "Title", "Date")
APPROVAL_HEADER: list[str] = ["Team", "Approving role", "Name", "Signature", "Date"]


def signature_block(spec: Spec) -> SignatureBlock:
    """Signature lines for the parties of an SLA; an approval block by role for an internal OLA.

    Names and titles come from the spec when it gives them; otherwise the cell is left
    blank for the signer to complete, never filled with a placeholder.
    """
    parties = spec.data["parties"]
    if spec.is_ola:
        rows = [
            [str(team["name"]), str(team.get("manager") or f"{team['name']} lead"),
             str(team.get("approver") or ""), "", ""]
            for team in parties.get("teams") or []
        ]
        return SignatureBlock(
            "Approval",
            "Each team approves this OLA through the role named below. The approval commits "
            "the team to the service levels and duties set out above until this OLA is replaced.",
            Table("", list(APPROVAL_HEADER), rows),
        )
    signatories = [parties[role].get("signatory") or {} for role in ("provider", "customer")]
    values = {
        "Name": [str(s.get("name") or "") for s in signatories],
        "Title": [str(s.get("title") or "") for s in signatories],
    }
    rows = [[field, *values.get(field, ["", ""])] for field in SIGNATURE_FIELDS]
    return SignatureBlock(
        "Signatures",
        "Each party signs this SLA by its authorised representative on the date written below.",
        Table("", ["Signed for", spec.party_name("provider"), spec.party_name("customer")], rows),
    )


_SERVICE_LEVEL = rx(r"\bService Level\b(?! Agreement)")


def _uses_service_level(parts: list[Part]) -> bool:
    """Whether the body capitalises "Service Level" as a term (not in "Service Level Agreement")."""
    return any(
        isinstance(item, Paragraph) and _SERVICE_LEVEL.search(item.text)
        for part in parts for section in part.sections for item in section.content
    )


def _own_definitions(ctx: _Context) -> dict[str, Definition]:
    """Terms only the spec can define (e.g. Business Hours from the coverage block)."""
    out: dict[str, Definition] = {}
    if "business hours" in ctx.definitions:
        return out
    for service in ctx.spec.services:
        coverage = service.get("coverage") or {}
        if coverage.get("business_hours"):
            days = coverage.get("business_days", "Monday to Friday")
            tz = f" ({coverage['timezone']} time)" if coverage.get("timezone") else ""
            hol = f", excluding {coverage['holidays']}" if coverage.get("holidays") else ""
            out["business hours"] = Definition(
                "Business Hours", f"{coverage['business_hours']}{tz} on {days}{hol}."
            )
            break
    return out
