"""Attainment, service credits and the chronic-failure trigger from what actually happened.

How the agreement's words become arithmetic (each rule is the drafted clause's):

* Availability (%) = (Total − Excluded − Downtime) ÷ (Total − Excluded) × 100, in whole
  minutes of the Measurement Period in the service's time zone (a part of a minute counts
  as a whole minute). October in Europe/London has 44,700 minutes; a 30-day month 43,200.
  On a Business Hours clock only business minutes count (see calendar.py for DST).
* Each outage marks the minutes it covers in a per-service minute map, one map per cause,
  so overlapping outages count once and an outage crossing a month boundary lands in both.
  Memory depends on the months asked for, not on the number of rows.
* Causes: ``provider`` is Downtime; ``customer``, ``force_majeure`` and ``third_party``
  (a failure outside the provider's and its subcontractors' networks) are excluded only
  when the spec's exclusions list ``customer_caused``, ``force_majeure`` or ``internet``;
  otherwise they are Downtime. A minute that is Downtime under any row stays Downtime.
* Maintenance is excluded only with a maintenance block, only when its notice (the
  ``notified`` column) was at least the spec's notice, and only up to the monthly cap in
  each calendar month, earliest minutes first; the excess is Downtime. Emergency
  maintenance is excluded only with at least ``emergency_notice`` and counts towards the
  same cap (the balanced drafting); without it, it is Downtime.
* Tickets are measured from opening to first human response / resolution on their
  priority's clock; a business day is one Business Day's hours. A ticket still open at
  the end of its window is late if its target has already passed, otherwise not yet due.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import math
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from .._cache import rx
from ..errors import InputError
from ..spec import PRIORITY_KINDS, Spec, SpecMetric
from ..units import Duration, Money, Percent, format_number
from .calendar import (
    BusinessCalendar,
    add_duration,
    add_months,
    calendar_for,
    duration_seconds,
    month_label,
    month_start,
    next_month,
)
from .inputs import (
    CAUSES,
    OUTAGE_COLUMNS,
    OUTAGE_OPTIONAL,
    SAMPLE_COLUMNS,
    TICKET_COLUMNS,
    TICKET_OPTIONAL,
    CsvFile,
    parse_instant,
    parse_latency,
    parse_ok,
)

Month = tuple[int, int]
# Outage cause -> the spec exclusion that excludes it.
EXCLUSION_OF_CAUSE = {"customer": "customer_caused", "force_majeure": "force_majeure", "third_party": "internet"}
# Minute-map layers per service.
LAYERS = ("provider", "customer", "force_majeure", "third_party",
          "maintenance", "maintenance_late", "emergency", "emergency_late", "monitor")  # fmt: skip
ALL_SERVICES = "*"
INCIDENTS_KEPT = 25  # longest outages kept per month for the report (memory stays flat)
_MS = rx(r"^\s*(\d+(?:\.\d+)?)\s*(?:ms|msec|msecs|millisecond|milliseconds)\s*$", re.I)


# ---------------------------------------------------------------- results


@dataclass(slots=True)
class MetricResult:
    """One metric (one priority of a per-priority metric) over one window."""

    metric: str
    name: str
    service: str | None
    kind: str
    priority: str | None
    target: float | None
    unit: str
    attained: float | None
    met: bool | None
    window_start: str
    window_end: str
    clock: str
    minutes_down: int | None = None
    excluded_minutes: int | None = None
    total_minutes: int | None = None
    time_target: str | None = None
    tickets: int | None = None
    within_target: int | None = None
    not_yet_due: int | None = None
    late_tickets: int = 0
    exact: Fraction | None = None  # attainment as an exact fraction, for tier comparisons
    note: str = ""


@dataclass(slots=True)
class CreditLine:
    metric: str
    percent: Decimal
    reason: str


@dataclass(slots=True)
class CreditResult:
    percent: Decimal
    uncapped_percent: Decimal
    cap: Decimal | None
    capped: bool
    amount: Decimal | None
    currency: str | None
    lines: list[CreditLine] = field(default_factory=list)


@dataclass(slots=True)
class Incident:
    service: str
    start: int
    end: int
    cause: str
    note: str

    @property
    def minutes(self) -> int:
        return math.ceil((self.end - self.start) / 60)


@dataclass(slots=True)
class MonthResult:
    month: str
    metrics: list[MetricResult]
    credits: CreditResult
    claim_deadline: str | None
    missed_availability: bool
    incidents: list[Incident]


@dataclass(slots=True)
class CreditsReport:
    spec: Spec
    months: list[MonthResult]
    termination_triggered: bool
    termination_reason: str
    chronic: tuple[int, int] | None
    warnings: list[str] = field(default_factory=list)

    @property
    def current(self) -> MonthResult:
        return self.months[-1]


# ---------------------------------------------------------------- per-service minute maps


class Timeline:
    """Minute maps of one service over the months computed, one bytearray per layer."""

    def __init__(self, calendar: BusinessCalendar, months: list[Month]) -> None:
        self.calendar = calendar
        self.base = calendar.midnight(month_start(months[0]))
        self.edges = [(calendar.midnight(month_start(m)) - self.base) // 60 for m in months]
        self.edges.append((calendar.midnight(month_start(next_month(months[-1]))) - self.base) // 60)
        self.size = self.edges[-1]
        self.layers = {name: bytearray(self.size) for name in LAYERS}
        self.ones = memoryview(b"\x01" * self.size)
        self._mask: bytearray | None = None
        self.fails: bytearray | None = None
        self.checks: bytearray | None = None

    def mark(self, layer: str, start: int, end: int) -> None:
        """Mark every minute [start, end) touches (a part of a minute is a whole minute)."""
        lo = max((start - self.base) // 60, 0)
        hi = min(-((self.base - end) // 60), self.size)
        if hi > lo:
            self.layers[layer][lo:hi] = self.ones[: hi - lo]

    def business_mask(self) -> bytearray:
        """1 for each minute inside Business Hours on a Business Day."""
        if self._mask is None:
            mask = bytearray(self.size)
            for a, b in self.calendar.intervals(self.base, self.base + self.size * 60):
                lo, hi = (a - self.base) // 60, -((self.base - b) // 60)
                mask[lo:hi] = self.ones[: hi - lo]
            self._mask = mask
        return self._mask

    def finish_checks(self) -> None:
        """A minute is Downtime when most of its checks failed (the drafted method)."""
        if self.fails is None or self.checks is None:
            return
        monitor = self.layers["monitor"]
        for match in re.finditer(rb"[^\x00]", bytes(self.fails)):
            i = match.start()
            if self.fails[i] * 2 > self.checks[i]:
                monitor[i] = 1
        self.fails = self.checks = None


def _bits(layer: bytearray | memoryview, lo: int, hi: int) -> int:
    return int.from_bytes(layer[lo:hi], "big")


# ---------------------------------------------------------------- the engine


@dataclass(slots=True)
class _TicketTally:
    due: int = 0
    within: int = 0
    pending: int = 0


class CreditsEngine:
    """Reads the inputs once (streaming) and answers per metric, per window."""

    def __init__(self, spec: Spec, months: list[Month]) -> None:
        self.spec = spec
        self.name = str(spec.path)
        self.report_months = months
        self.metrics = spec.metrics()
        self.service_ids = [s["id"] for s in spec.services]
        self.calendars = {sid: calendar_for(spec.service(sid), self.name) for sid in self.service_ids}
        self.default_calendar = self.calendars[self.service_ids[0]]
        self.months = self._range_months()
        self.month_index = {m: i for i, m in enumerate(self.months)}
        self.timelines = {sid: Timeline(self.calendars[sid], self.months) for sid in self.service_ids}
        if any(m.service is None and m.kind == "availability" for m in self.metrics):
            self.timelines[ALL_SERVICES] = Timeline(self.default_calendar, self.months)
        self.tickets: dict[tuple[str, str, int], _TicketTally] = {}
        self.latency: dict[tuple[str, int, bool], dict[float, int]] = {}
        self.incidents: list[list[tuple[int, int, int, int, str, str, str]]] = [[] for _ in self.months]
        self._seq = 0
        self._shortest_kept = -1  # rows this long or shorter cannot enter any month's heap
        self.read: set[str] = set()  # which inputs were given: "outages", "tickets", "samples"

    # ------------------------------------------------------------ windows

    def _range_months(self) -> list[Month]:
        first = min((self.window_months(m, self.report_months[0])[0] for m in self.metrics),
                    default=self.report_months[0])  # fmt: skip
        first = min(first, self.report_months[0])
        out, month = [], first
        while month <= self.report_months[-1]:
            out.append(month)
            month = next_month(month)
        return out

    def window_months(self, metric: SpecMetric, month: Month) -> list[Month]:
        """The months of `metric`'s Measurement Period containing `month`, up to `month`
        (a quarter or contract year is reported to date)."""
        if metric.window == "quarter":
            first: Month = (month[0], (month[1] - 1) // 3 * 3 + 1)
        elif metric.window == "year":
            effective = dt.date.fromisoformat(str(self.spec.data["agreement"]["effective_date"]))
            year = month[0] if month[1] >= effective.month else month[0] - 1
            first = (year, effective.month)
        else:
            first = month
        out, cursor = [], first
        while cursor <= month:
            out.append(cursor)
            cursor = next_month(cursor)
        return out

    # ------------------------------------------------------------ spec blocks

    def block(self, name: str, service: str | None) -> dict[str, Any]:
        """A topic block for a service: its own level block if it has one, else the agreement's."""
        if service:
            own = ((self.spec.data.get("levels") or {}).get("services") or {}).get(service) or {}
            if own.get(name):
                return dict(own[name])
        found = self.spec.block(name)
        return dict(found) if isinstance(found, dict) else {}

    def calendar(self, service: str | None) -> BusinessCalendar:
        return self.calendars.get(service or "", self.default_calendar)

    # ------------------------------------------------------------ outages

    def read_outages(self, path: Path) -> None:
        """Mark each outage in its service's minute map. A large file is read in two halves
        by two processes (the maps are then OR-ed together: the result is the same)."""
        self.read.add("outages")
        file = CsvFile(path, OUTAGE_COLUMNS, OUTAGE_OPTIONAL)
        data_start = file.read_header()
        split = _split_point(path, data_start)
        if split is None:
            self._mark_outages(file, file.rows_between(data_start, 1 << 62, 1))
            return
        middle, lines_before = split
        self._read_in_two(file, data_start, middle, lines_before)

    def _read_in_two(self, file: CsvFile, data_start: int, middle: int, lines_before: int) -> None:
        """The second half in a forked child (which sends back its maps), the first here."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=self._outage_child, args=(file, middle, lines_before, send), daemon=True)
        child.start()
        send.close()
        try:
            self._mark_outages(file, file.rows_between(data_start, middle, 1))
            status, payload = receive.recv()
        finally:
            if child.is_alive() and not receive.poll():
                child.kill()
            child.join()
        if status == "error":
            message, line = payload
            raise file.error(line, message)
        layers, incidents = payload
        for sid, maps in layers.items():
            timeline = self.timelines[sid]
            for name, data in maps.items():
                merged = int.from_bytes(timeline.layers[name], "big") | int.from_bytes(data, "big")
                timeline.layers[name] = bytearray(merged.to_bytes(timeline.size, "big"))
        for i, entries in enumerate(incidents):
            for entry in entries:
                _push_incident(self.incidents[i], entry)

    def _outage_child(self, file: CsvFile, middle: int, lines_before: int, send: Any) -> None:
        """Forked: read the second half and send the minute maps and incidents back."""
        self._seq = 1 << 40  # after every row of the first half, as if read in one pass
        try:
            self._mark_outages(file, file.rows_between(middle, 1 << 62, lines_before))
        except InputError as exc:
            send.send(("error", (exc.message, exc.line)))
            return
        layers = {sid: {name: bytes(layer) for name, layer in t.layers.items()} for sid, t in self.timelines.items()}
        send.send(("ok", (layers, self.incidents)))

    def _mark_outages(self, file: CsvFile, rows: Iterable[tuple[int, list[str]]]) -> None:
        """The hot loop (1M rows): check each row, then mark its minutes."""
        known = set(self.service_ids)
        causes = set(CAUSES)
        timelines = self.timelines
        everything = timelines.get(ALL_SERVICES)
        lo_edge = min(t.base for t in timelines.values())
        hi_edge = max(t.base + t.size * 60 for t in timelines.values())
        maintenance = ("maintenance", "emergency_maintenance")
        layer_of = self._layer
        keep = self._keep_incident
        fromiso = dt.datetime.fromisoformat
        i_service, i_start, i_end, i_cause = (file.column(c) for c in OUTAGE_COLUMNS)
        i_note, i_notified = file.column("note"), file.column("notified")
        for line, cells in rows:
            service = cells[i_service].strip()
            if service not in known and service != ALL_SERVICES:
                raise file.error(line, f"unknown service {service!r} (services in the spec: {', '.join(sorted(known))}, or *)")
            cause = cells[i_cause].strip()
            if cause not in causes:
                raise file.error(line, f"unknown cause {cause!r} (expected one of: {', '.join(CAUSES)})")
            try:  # the common case inline; anything unusual goes through parse_instant's checks
                start_dt, end_dt = fromiso(cells[i_start]), fromiso(cells[i_end])
                if start_dt.tzinfo is None or end_dt.tzinfo is None:
                    raise ValueError
                start, end = math.floor(start_dt.timestamp()), math.ceil(end_dt.timestamp())
            except ValueError:
                start = parse_instant(cells[i_start], file, line, "start")
                end = parse_instant(cells[i_end], file, line, "end", round_up=True)
            if end < start:
                raise file.error(line, "end is before start")
            notified = None
            if i_notified >= 0 and cells[i_notified]:
                try:
                    notified_dt = fromiso(cells[i_notified])
                    if notified_dt.tzinfo is None:
                        raise ValueError
                    notified = math.floor(notified_dt.timestamp())
                except ValueError:
                    text = cells[i_notified].strip()
                    notified = parse_instant(text, file, line, "notified") if text else None
            if end <= lo_edge or start >= hi_edge:
                continue
            targets = (service,) if service != ALL_SERVICES else self.service_ids
            for sid in targets:
                layer = layer_of(cause, sid, start, notified) if cause in maintenance else cause
                timeline = timelines[sid]
                lo = (start - timeline.base) // 60
                hi = -((timeline.base - end) // 60)
                lo, hi = (lo if lo > 0 else 0), (hi if hi < timeline.size else timeline.size)
                if hi > lo:
                    timeline.layers[layer][lo:hi] = timeline.ones[: hi - lo]
            if everything is not None:
                everything.mark(layer_of(cause, None, start, notified), start, end)
            if end - start > self._shortest_kept:
                keep(service, start, end, cause, cells[i_note].strip() if i_note >= 0 else "")

    @functools.cache  # noqa: B019 - one engine per run; the rule depends on (cause, service) only
    def _notice_rule(self, cause: str, service: str | None) -> tuple[str, str, int | None, BusinessCalendar | None]:
        """(layer if notice is enough, layer if not, seconds of notice needed or None if the
        maintenance is never excluded, the calendar when the notice runs in business time)."""
        block = self.block("maintenance", service)
        emergency = cause == "emergency_maintenance"
        ok_layer, late_layer = ("emergency", "emergency_late") if emergency else ("maintenance", "maintenance_late")
        if not block:
            return ok_layer, late_layer, None, None  # no maintenance clause: nothing is removed
        notice_text = block.get("emergency_notice") if emergency else block.get("notice")
        if not notice_text:
            # Planned maintenance with no notice set needs none; emergency needs its own notice.
            return ok_layer, late_layer, (None if emergency else 0), None
        notice = Duration.parse(notice_text)
        calendar = self.calendar(service)
        return ok_layer, late_layer, duration_seconds(notice, calendar, notice.business), (calendar if notice.business else None)

    def _layer(self, cause: str, service: str | None, start: int, notified: int | None) -> str:
        """The map a maintenance row goes to: excluded only with the notice the spec requires."""
        if cause not in ("maintenance", "emergency_maintenance"):
            return cause
        ok_layer, late_layer, needed, calendar = self._notice_rule(cause, service)
        if needed is None:
            return late_layer
        if needed == 0:
            return ok_layer
        if notified is None or notified > start:
            return late_layer
        given = calendar.business_seconds(notified, start) if calendar is not None else start - notified
        return ok_layer if given >= needed else late_layer

    def _keep_incident(self, service: str, start: int, end: int, cause: str, note: str) -> None:
        """Keep the longest outages of each month (a bounded heap: memory stays flat)."""
        self._seq += 1
        timeline = next(iter(self.timelines.values()))
        entry = (end - start, -self._seq, start, end, service, cause, note)
        for i in range(len(self.months)):
            a = timeline.base + timeline.edges[i] * 60
            b = timeline.base + timeline.edges[i + 1] * 60
            if not (start < b and (end > a or start >= a)):
                continue
            _push_incident(self.incidents[i], entry)
        # Rows no longer than every month's shortest kept outage cannot enter any heap.
        if all(len(h) >= INCIDENTS_KEPT for h in self.incidents):
            self._shortest_kept = min(h[0][0] for h in self.incidents)

    # ------------------------------------------------------------ samples

    def read_samples(self, path: Path) -> None:
        """Count checks and failures per minute, and latencies per month (a histogram)."""
        self.read.add("samples")
        file = CsvFile(path, SAMPLE_COLUMNS, ())
        known = set(self.service_ids)
        rows = file.rows()
        i_service, i_time, i_ok, i_latency = (file.column(c) for c in SAMPLE_COLUMNS)
        fromiso = dt.datetime.fromisoformat
        everything = self.timelines.get(ALL_SERVICES)
        for timeline in self.timelines.values():
            timeline.fails, timeline.checks = bytearray(timeline.size), bytearray(timeline.size)
        masks = {sid: t.business_mask() for sid, t in self.timelines.items()}
        for line, cells in rows:
            service = cells[i_service].strip()
            if service not in known:
                raise file.error(line, f"unknown service {service!r} (services in the spec: {', '.join(sorted(known))})")
            try:  # the common case inline; parse_instant explains anything else
                stamp = fromiso(cells[i_time])
                if stamp.tzinfo is None:
                    raise ValueError
                when = math.floor(stamp.timestamp())
            except ValueError:
                when = parse_instant(cells[i_time], file, line, "time")
            ok = _OK.get(cells[i_ok])
            if ok is None:
                ok = parse_ok(cells[i_ok], file, line)
            latency = parse_latency(cells[i_latency], file, line) if cells[i_latency] else None
            timeline = self.timelines[service]
            minute = (when - timeline.base) // 60
            if not 0 <= minute < timeline.size:
                continue
            _count_check(timeline, minute, ok)
            if everything is not None:
                _count_check(everything, (when - everything.base) // 60, ok)
            if latency is None:
                continue
            month = bisect.bisect_right(timeline.edges, minute) - 1
            key = (service, month, masks[service][minute] == 1)
            hist = self.latency.get(key)
            if hist is None:
                hist = self.latency[key] = {}
            hist[latency] = hist.get(latency, 0) + 1
        for timeline in self.timelines.values():
            timeline.finish_checks()

    # ------------------------------------------------------------ tickets

    def read_tickets(self, path: Path) -> None:
        self.read.add("tickets")
        file = CsvFile(path, TICKET_COLUMNS, TICKET_OPTIONAL)
        known = set(self.service_ids)
        priorities = {d["id"] for d in (self.spec.data.get("priorities") or {}).get("definitions") or []}
        ticket_metrics = [m for m in self.metrics if m.kind in PRIORITY_KINDS]
        rows = file.rows()
        col = {name: file.column(name) for name in (*TICKET_COLUMNS, *TICKET_OPTIONAL)}
        for line, cells in rows:
            priority = cells[col["priority"]].strip()
            if priority not in priorities:
                raise file.error(line, f"unknown priority {priority!r} (priorities in the spec: {', '.join(sorted(priorities))})")
            service = cells[col["service"]].strip() if col["service"] >= 0 else ""
            if service and service not in known:
                raise file.error(line, f"unknown service {service!r} (services in the spec: {', '.join(sorted(known))})")
            opened = parse_instant(cells[col["opened"]], file, line, "opened")
            times: dict[str, int | None] = {}
            for column in ("first_human_response", "resolved"):
                text = cells[col[column]].strip()
                times[column] = parse_instant(text, file, line, column) if text else None
                value = times[column]
                if value is not None and value < opened:
                    what = "response" if column == "first_human_response" else "resolution"
                    raise file.error(line, f"{column}: the {what} is before the ticket was opened")
            for metric in ticket_metrics:
                if metric.service and service and metric.service != service:
                    continue
                done = times["first_human_response" if metric.kind == "support_response" else "resolved"]
                self._tally(metric, priority, opened, done)

    def _tally(self, metric: SpecMetric, priority: str, opened: int, done: int | None) -> None:
        target = next((t for t in metric.targets if t.priority == priority), None)
        if target is None:
            return
        calendar = self.calendar(metric.service)
        month = self._local_month(calendar, opened)
        index = self.month_index.get(month)
        if index is None:
            return
        business = target.clock == "business_hours" or target.target.business
        limit = duration_seconds(target.target, calendar, business)
        end = done if done is not None else calendar.midnight(month_start(next_month(month)))
        taken = calendar.business_seconds(opened, end) if business else end - opened
        tally = self.tickets.setdefault((metric.id, priority, index), _TicketTally())
        if done is None and taken <= limit:
            tally.pending += 1
            return
        tally.due += 1
        if taken <= limit:
            tally.within += 1

    @staticmethod
    def _local_month(calendar: BusinessCalendar, epoch: int) -> Month:
        day = calendar.local_date(epoch)
        return day.year, day.month

    # ------------------------------------------------------------ evaluation

    def evaluate(self) -> CreditsReport:
        results = [self._month(month) for month in self.report_months]
        fired, reason, chronic = self._termination(results)
        return CreditsReport(self.spec, results, fired, reason, chronic, self._assumptions())

    def _assumptions(self) -> list[str]:
        """What the spec left out that a Business Hours figure had to assume, once each."""
        used: list[str | None] = []
        for metric in self.metrics:
            if metric.targets and "tickets" not in self.read:
                continue  # no ticket was clocked
            clocks = [t.clock for t in metric.targets] if metric.targets else [metric.clock]
            if "business_hours" in clocks or any(t.target.business for t in metric.targets):
                used.append(metric.service)
        notice = self.block("maintenance", None).get("notice")
        if notice and Duration.parse(notice).business:
            used.append(None)
        out: list[str] = []
        for service in used:
            for text in self.calendar(service).assumed:
                if text not in out:
                    out.append(text)
        return out

    def _month(self, month: Month) -> MonthResult:
        metrics: list[MetricResult] = []
        for metric in self.metrics:
            metrics.extend(self._metric(metric, month))
        missed = any(r.kind == "availability" and r.met is False for r in metrics)
        credits = self._credits(metrics)
        deadline = self._claim_deadline(month, credits)
        index = self.month_index[month]
        incidents = sorted(self.incidents[index], key=lambda e: (e[2], e[3], e[4], e[5]))
        return MonthResult(
            month=month_label(month),
            metrics=metrics,
            credits=credits,
            claim_deadline=deadline,
            missed_availability=missed,
            incidents=[Incident(e[4], e[2], e[3], e[5], e[6]) for e in incidents],
        )

    def _window_dates(self, metric: SpecMetric, month: Month) -> tuple[str, str]:
        months = self.window_months(metric, month)
        last_day = month_start(next_month(months[-1])) - dt.timedelta(days=1)
        return month_start(months[0]).isoformat(), last_day.isoformat()

    def _metric(self, metric: SpecMetric, month: Month) -> list[MetricResult]:
        start, end = self._window_dates(metric, month)
        common: dict[str, Any] = {"metric": metric.id, "name": metric.display_name, "service": metric.service,
                  "kind": metric.kind, "window_start": start, "window_end": end, "clock": metric.clock}  # fmt: skip
        if metric.kind == "availability":
            return [self._availability(metric, month, common)]
        if metric.kind in PRIORITY_KINDS:
            return [self._ticket_metric(metric, month, t, common) for t in metric.targets]
        if metric.kind == "system_response_time":
            return [self._response_time(metric, month, common)]
        target = metric.percent.value if metric.percent else metric.number
        return [MetricResult(priority=None, target=target, unit=metric.unit, attained=None,
                             met=None, note="not measured", **common)]  # fmt: skip

    def _availability(self, metric: SpecMetric, month: Month, common: dict[str, Any]) -> MetricResult:
        timeline = self.timelines[metric.service or ALL_SERVICES]
        excluded_causes = self._excluded_causes(metric.service)
        cap = self._cap_minutes(metric.service)
        total = excluded = down = 0
        for m in self.window_months(metric, month):
            counts = self._availability_month(timeline, self.month_index[m], excluded_causes, cap, metric.clock)
            total, excluded, down = total + counts[0], excluded + counts[1], down + counts[2]
        target = metric.percent.value if metric.percent else None
        exact = Fraction(total - excluded - down, total - excluded) * 100 if total > excluded else Fraction(100)
        met = None if target is None else exact >= Fraction(format_number(target))
        return MetricResult(priority=None, target=target, unit="percent", attained=_round(exact), met=met,
                            minutes_down=down, excluded_minutes=excluded, total_minutes=total,
                            exact=exact, **common)  # fmt: skip

    def _excluded_causes(self, service: str | None) -> set[str]:
        standard = set((self.block("exclusions", service)).get("standard") or [])
        return {cause for cause, key in EXCLUSION_OF_CAUSE.items() if key in standard}

    def _cap_minutes(self, service: str | None) -> int | None:
        block = self.block("maintenance", service)
        if not block.get("monthly_cap"):
            return None
        cap = Duration.parse(block["monthly_cap"])
        return duration_seconds(cap, self.calendar(service), cap.business) // 60

    def _availability_month(self, timeline: Timeline, index: int, excluded_causes: set[str],
                            cap: int | None, clock: str) -> tuple[int, int, int]:  # fmt: skip
        """(total, excluded, downtime) minutes of one calendar month on the metric's clock."""
        lo, hi = timeline.edges[index], timeline.edges[index + 1]
        layer = {name: _bits(timeline.layers[name], lo, hi) for name in LAYERS}
        every = _bits(timeline.ones, 0, hi - lo)
        down = layer["provider"] | layer["maintenance_late"] | layer["emergency_late"]
        excl = 0
        for cause in EXCLUSION_OF_CAUSE:
            if cause in excluded_causes:
                excl |= layer[cause]
            else:
                down |= layer[cause]
        excl &= ~down & every
        maintenance = (layer["maintenance"] | layer["emergency"]) & ~down & ~excl & every
        within, over = _apply_cap(maintenance, hi - lo, cap)
        down |= over | (layer["monitor"] & ~(excl | within) & every)
        mask = _bits(timeline.business_mask(), lo, hi) if clock == "business_hours" else every
        return mask.bit_count(), ((excl | within) & mask).bit_count(), (down & mask).bit_count()

    def _ticket_metric(self, metric: SpecMetric, month: Month, target: Any, common: dict[str, Any]) -> MetricResult:
        if "tickets" not in self.read:
            return MetricResult(priority=target.priority, target=100.0, unit="percent_of_tickets",
                                attained=None, met=None, time_target=str(target.target),
                                note="no tickets file given", **{**common, "clock": target.clock})  # fmt: skip
        due = within = pending = 0
        for m in self.window_months(metric, month):
            tally = self.tickets.get((metric.id, target.priority, self.month_index[m]))
            if tally:
                due, within, pending = due + tally.due, within + tally.within, pending + tally.pending
        exact = Fraction(within * 100, due) if due else None
        clock = target.clock
        return MetricResult(
            priority=target.priority, target=100.0, unit="percent_of_tickets",
            attained=_round(exact) if exact is not None else None,
            met=(within == due) if due else None, time_target=str(target.target),
            tickets=due, within_target=within, not_yet_due=pending, late_tickets=due - within,
            exact=exact, note="" if due else "no tickets due",
            **{**common, "clock": clock},
        )  # fmt: skip

    def _response_time(self, metric: SpecMetric, month: Month, common: dict[str, Any]) -> MetricResult:
        target_ms = _target_ms(metric)
        counts: dict[float, int] = {}
        services = [metric.service] if metric.service else self.service_ids
        for m in self.window_months(metric, month):
            for sid in services:
                for business in (True, False) if metric.clock != "business_hours" else (True,):
                    for value, n in self.latency.get((sid, self.month_index[m], business), {}).items():
                        counts[value] = counts.get(value, 0) + n
        percentile = float(metric.percentile if metric.percentile is not None else 95)
        attained = _nearest_rank(counts, percentile)
        met = None if attained is None or target_ms is None else attained <= target_ms
        return MetricResult(priority=None, target=target_ms, unit="ms", attained=attained, met=met,
                            note="" if counts else ("no samples" if "samples" in self.read else "no samples file given"),
                            time_target=f"p{format_number(percentile)}", **common)  # fmt: skip

    # ------------------------------------------------------------ credits and termination

    def _credit_block(self, service: str | None) -> dict[str, Any]:
        return self.block("service_credits", service)

    def _credits(self, metrics: list[MetricResult]) -> CreditResult:
        main = self._credit_block(None)
        lines: list[CreditLine] = []
        for result in metrics:
            if result.kind != "availability" or result.exact is None:
                continue
            block = self._credit_block(result.service)
            tier = _tier(block.get("tiers") or [], result.exact)
            if tier is not None:
                pct = _dec(tier["credit"])
                lines.append(CreditLine(result.metric, pct, f"availability {format_number(result.attained or 0)}% in band {_band(tier)}"))
        rc = main.get("resolution_credit")
        if rc is not None:
            top = [d["id"] for d in (self.spec.data.get("priorities") or {}).get("definitions") or []][:2]
            for result in metrics:
                if result.kind == "resolution" and result.priority in top and result.late_tickets:
                    pct = _dec(rc) * result.late_tickets
                    lines.append(CreditLine(f"{result.metric}:{result.priority}", pct,
                                            f"{result.late_tickets} {result.priority} ticket(s) resolved late"))  # fmt: skip
        uncapped = sum((line.percent for line in lines), Decimal(0))
        cap = _dec(main["cap"]) if main.get("cap") is not None else None
        capped = cap is not None and uncapped > cap
        percent = cap if capped and cap is not None else uncapped
        amount = currency = None
        if main.get("monthly_fee"):
            fee = Money.parse(main["monthly_fee"])
            amount = (fee.amount * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            currency = fee.currency
        return CreditResult(percent, uncapped, cap, capped, amount, currency, lines)

    def _claim_deadline(self, month: Month, credits: CreditResult) -> str | None:
        """'automatic', or the last day to claim: report due date plus the claim window."""
        main = self._credit_block(None)
        if not main:
            return None
        if main.get("automatic", True) is not False:
            return "automatic"
        calendar = self.default_calendar
        day = month_start(next_month(month)) - dt.timedelta(days=1)
        due = (self.block("reporting", None)).get("due")
        if due:
            day = add_duration(day, Duration.parse(due), calendar)
        window = main.get("claim_window")
        if window:
            day = add_duration(day, Duration.parse(window), calendar)
        return day.isoformat()

    def _termination(self, months: list[MonthResult]) -> tuple[bool, str, tuple[int, int] | None]:
        block = self.block("termination", None)
        chronic = block.get("chronic_failure")
        pair = (int(chronic["misses"]), int(chronic["within"])) if chronic else None
        severe = Percent.parse(block["severe_failure"]).value if block.get("severe_failure") is not None else None
        for i, result in enumerate(months):
            if severe is not None:
                low = [r for r in result.metrics if r.kind == "availability" and r.exact is not None
                       and r.exact < Fraction(format_number(severe))]  # fmt: skip
                if low:
                    return True, f"severe failure: {low[0].metric} below {format_number(severe)}% in {result.month}", pair
            if pair is not None and result.missed_availability:
                recent = months[max(0, i - pair[1] + 1): i + 1]
                misses = sum(1 for r in recent if r.missed_availability)
                if misses >= pair[0]:
                    return True, (f"chronic failure: availability missed in {misses} of {len(recent)} "
                                  f"consecutive months up to {result.month}"), pair  # fmt: skip
        return False, "", pair


# ---------------------------------------------------------------- helpers

PARALLEL_MIN_BYTES = 16 * 1024 * 1024  # below this, a second process costs more than it saves


def _split_point(path: Path, data_start: int) -> tuple[int, int] | None:
    """(byte offset of the line after the middle, lines before it) when a file is worth
    reading in two halves; None when small, on one core, or quoted (a quoted field may
    hold a line break, so a split by lines could fall inside a row)."""
    size = path.stat().st_size
    if size < PARALLEL_MIN_BYTES or (os.cpu_count() or 1) < 2 or sys.platform != "linux":
        return None
    middle = size // 2
    lines = 0
    with path.open("rb") as handle:
        position = 0
        split = None
        while block := handle.read(1 << 20):
            if b'"' in block:
                return None
            if split is None:
                if position + len(block) > middle:
                    cut = block.find(b"\n", max(middle - position, 0))
                    if cut >= 0:
                        split = position + cut + 1
                        lines += block.count(b"\n", 0, cut + 1)
                    else:
                        lines += block.count(b"\n")
                else:
                    lines += block.count(b"\n")
            position += len(block)
    if split is None or split >= size:
        return None
    # `lines` counts the header's line too: the first row after the split is line lines + 1.
    return split, lines


_OK = {"true": True, "false": False, "1": True, "0": False}


def _count_check(timeline: Timeline, minute: int, ok: bool) -> None:
    """One more check of a minute (at most 255 are counted), and one more failure if not ok."""
    checks, fails = timeline.checks, timeline.fails
    if checks is not None and fails is not None and 0 <= minute < timeline.size and checks[minute] < 255:
        checks[minute] += 1
        if not ok:
            fails[minute] += 1


def _push_incident(heap: list[tuple[int, int, int, int, str, str, str]],
                   entry: tuple[int, int, int, int, str, str, str]) -> None:  # fmt: skip
    if len(heap) < INCIDENTS_KEPT:
        heapq.heappush(heap, entry)
    elif entry > heap[0]:
        heapq.heapreplace(heap, entry)



def _apply_cap(maintenance: int, width: int, cap: int | None) -> tuple[int, int]:
    """Split maintenance minutes into (within the monthly cap, over it), earliest first."""
    count = maintenance.bit_count()
    if cap is None or count <= cap:
        return maintenance, 0
    data = maintenance.to_bytes(width, "big")
    position = -1
    for _ in range(cap + 1):
        position = data.find(b"\x01", position + 1)
    over = int.from_bytes(data[position:], "big")
    return maintenance & ~over, over


def _tier(tiers: Iterable[dict[str, Any]], attained: Fraction) -> dict[str, Any] | None:
    """The band [at_least, below) the attainment falls in (each band includes its lower figure)."""
    for tier in tiers:
        below = Fraction(format_number(Percent.parse(tier["below"]).value))
        floor = tier.get("at_least")
        low = Fraction(format_number(Percent.parse(floor).value)) if floor is not None else None
        if attained < below and (low is None or attained >= low):
            return tier
    return None


def _band(tier: dict[str, Any]) -> str:
    below = Percent.parse(tier["below"])
    if tier.get("at_least") is None:
        return f"below {below}"
    return f"{Percent.parse(tier['at_least'])} to below {below}"


def _dec(raw: Any) -> Decimal:
    return Decimal(format_number(Percent.parse(raw).value))


def _round(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _target_ms(metric: SpecMetric) -> float | None:
    raw = metric.raw.get("target")
    if raw is None:
        return None
    match = _MS.match(str(raw))
    if match:
        return float(match[1])
    if metric.duration is not None:
        return round(metric.duration.minutes() * 60000, 3)
    return None


def _nearest_rank(counts: dict[float, int], percentile: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, math.ceil(percentile / 100 * total))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return max(counts)


def report_months(month: Month, count: int) -> list[Month]:
    """The `count` months ending with `month`, oldest first."""
    first = add_months(month_start(month), -(count - 1))
    out, cursor = [], (first.year, first.month)
    while cursor <= month:
        out.append(cursor)
        cursor = next_month(cursor)
    return out


def compute(spec: Spec, month: Month, months: int = 1, outages: Path | None = None,
            tickets: Path | None = None, samples: Path | None = None) -> CreditsReport:  # fmt: skip
    """The whole computation: read the inputs once, streaming, and evaluate each month."""
    if months < 1:
        raise InputError("--months must be 1 or more")
    engine = CreditsEngine(spec, report_months(month, months))
    if outages is not None:
        engine.read_outages(outages)
    if samples is not None:
        engine.read_samples(samples)
    if tickets is not None:
        engine.read_tickets(tickets)
    return engine.evaluate()
