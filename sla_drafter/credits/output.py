"""The credits result as JSON (docs/credits.schema.json), a human table or CSV.

All three are deterministic: the same inputs give byte-identical output (no run dates,
no absolute paths, fixed key and row order).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from ..units import format_number
from .compute import CreditResult, CreditsReport, MetricResult, MonthResult

CSV_COLUMNS = (
    "month", "metric", "name", "service", "kind", "priority", "target", "unit", "time_target",
    "attained", "met", "minutes_down", "excluded_minutes", "total_minutes", "tickets",
    "within_target", "credit_percent", "credit_amount", "currency", "capped", "claim_deadline",
    "termination_triggered",
)  # fmt: skip


def _number(value: Decimal | float | int | None) -> float | int | None:
    """Whole numbers as integers, others as floats (JSON has one number type)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def metric_json(m: MetricResult) -> dict[str, Any]:
    return {
        "metric": m.metric,
        "name": m.name,
        "service": m.service,
        "kind": m.kind,
        "priority": m.priority,
        "target": _number(m.target),
        "unit": m.unit,
        "time_target": m.time_target,
        "clock": m.clock,
        "window": {"start": m.window_start, "end": m.window_end},
        "attained": _number(m.attained),
        "met": m.met,
        "minutes_down": m.minutes_down,
        "excluded_minutes": m.excluded_minutes,
        "total_minutes": m.total_minutes,
        "tickets": m.tickets,
        "within_target": m.within_target,
        "not_yet_due": m.not_yet_due,
        "note": m.note or None,
    }


def credits_json(c: CreditResult) -> dict[str, Any]:
    return {
        "percent": _number(c.percent),
        "amount": _number(c.amount),
        "currency": c.currency,
        "capped": c.capped,
        "uncapped_percent": _number(c.uncapped_percent),
        "cap": _number(c.cap),
        "lines": [{"metric": line.metric, "percent": _number(line.percent), "reason": line.reason} for line in c.lines],
    }


def month_json(month: MonthResult) -> dict[str, Any]:
    return {
        "month": month.month,
        "metrics": [metric_json(m) for m in month.metrics],
        "credits": credits_json(month.credits),
        "claim_deadline": month.claim_deadline,
        "availability_missed": month.missed_availability,
    }


def to_json(report: CreditsReport) -> str:
    """The report month in the issue's shape, earlier months under `history` (oldest first)."""
    data = month_json(report.current)
    data["termination_triggered"] = report.termination_triggered
    data["termination_reason"] = report.termination_reason or None
    data["chronic_failure"] = ({"misses": report.chronic[0], "within": report.chronic[1]}
                               if report.chronic else None)  # fmt: skip
    data["history"] = [month_json(m) for m in report.months[:-1]]
    data["warnings"] = list(report.warnings)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | Decimal):
        return format_number(float(value))
    return str(value)


def to_csv(report: CreditsReport) -> str:
    """One row per metric (per priority) per month; the month's credits repeat on each row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for month in report.months:
        c = month.credits
        for m in month.metrics:
            writer.writerow([_cell(v) for v in (
                month.month, m.metric, m.name, m.service, m.kind, m.priority, m.target, m.unit,
                m.time_target, m.attained, m.met, m.minutes_down, m.excluded_minutes,
                m.total_minutes, m.tickets, m.within_target, c.percent,
                None if c.amount is None else f"{c.amount:.2f}", c.currency,
                c.capped, month.claim_deadline, report.termination_triggered,
            )])  # fmt: skip
    return out.getvalue()


def target_text(m: MetricResult) -> str:
    if m.unit == "percent" and m.target is not None:
        return f"{format_number(m.target)}%"
    if m.kind in ("support_response", "resolution"):
        on_business = m.clock == "business_hours" and "business" not in (m.time_target or "")
        return f"{m.time_target} (Business Hours)" if on_business else str(m.time_target)
    if m.kind == "system_response_time" and m.target is not None:
        return f"{m.time_target} {format_number(m.target)} ms"
    return format_number(m.target) if m.target is not None else "-"


def attained_text(m: MetricResult) -> str:
    if m.attained is None:
        return m.note or "-"
    if m.kind == "availability":
        return f"{format_number(m.attained)}%"
    if m.kind in ("support_response", "resolution"):
        return f"{format_number(m.attained)}% ({m.within_target}/{m.tickets})"
    if m.kind == "system_response_time":
        return f"{format_number(m.attained)} ms"
    return format_number(m.attained)


def met_text(met: bool | None) -> str:
    return "-" if met is None else ("yes" if met else "NO")


def metric_label(m: MetricResult) -> str:
    return f"{m.name} {m.priority}" if m.priority else m.name


def money_text(c: CreditResult) -> str:
    if c.amount is None:
        return ""
    return f" = {c.currency} {c.amount:,.2f}"


def credits_text(c: CreditResult) -> str:
    text = f"{format_number(float(c.percent))}%{money_text(c)}"
    if c.capped and c.cap is not None:
        text += f" (capped at {format_number(float(c.cap))}%; {format_number(float(c.uncapped_percent))}% before the cap)"
    return text


def to_human(report: CreditsReport) -> str:
    lines: list[str] = []
    for month in report.months:
        lines.extend(_human_month(month))
        lines.append("")
    if report.chronic or report.termination_triggered:
        if report.termination_triggered:
            lines.append(f"Termination right: FIRED - {report.termination_reason}")
        elif report.chronic:
            misses = sum(1 for m in report.months if m.missed_availability)
            lines.append(f"Termination right: not fired ({misses} availability miss(es) in the "
                         f"{len(report.months)} month(s) given; fires at {report.chronic[0]} within {report.chronic[1]})")  # fmt: skip
    return "\n".join(lines).rstrip("\n") + "\n"


def _human_month(month: MonthResult) -> list[str]:
    rows = [("Metric", "Service", "Target", "Attained", "Met", "Down", "Excluded")]
    for m in month.metrics:
        rows.append((metric_label(m), m.service or "-", target_text(m), attained_text(m), met_text(m.met),
                     _cell(m.minutes_down) or "-", _cell(m.excluded_minutes) or "-"))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = [f"Service levels for {month.month}"]
    for row in rows:
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    out.append(f"Service credits: {credits_text(month.credits)}")
    for line in month.credits.lines:
        out.append(f"  {line.metric}: {format_number(float(line.percent))}% ({line.reason})")
    if month.claim_deadline:
        out.append(f"Claim deadline: {month.claim_deadline}")
    return out
