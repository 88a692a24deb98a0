"""Credits computation (issue 11): every figure below is worked out by hand beside it."""

from __future__ import annotations

import importlib
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from sla_drafter.credits import compute
from sla_drafter.credits.compute import CreditsReport, MetricResult
from sla_drafter.errors import InputError
from sla_drafter.spec import load_spec

HEAD = "service,start,end,cause,note,notified\n"


def make_spec(tmp_path: Path, *, timezone: str = "UTC", clock: str = "24x7", hours: str = "08:00-18:00",
              days: str = "Monday to Friday", holidays: str = "none", extra: str = "",
              exclusions: str = "[customer_caused, force_majeure, internet]") -> Path:  # fmt: skip
    """A small valid spec: one service, 99.9% availability, P1-P3 tickets, tiered credits."""
    text = textwrap.dedent(f"""\
        sla_drafter: 1
        agreement: {{type: service-based, effective_date: 2026-01-01}}
        parties:
          provider: {{name: P Ltd}}
          customer: {{name: C plc}}
        services:
          - id: app
            name: App
            coverage: {{hours: 24x7, business_hours: "{hours}", business_days: {days}, timezone: {timezone}, holidays: {holidays}}}
        priorities:
          definitions:
            - {{id: P1, name: Critical, definition: down}}
            - {{id: P2, name: High, definition: impaired}}
            - {{id: P3, name: Medium, definition: minor}}
        metrics:
          - {{id: availability, kind: availability, service: app, target: 99.9%, clock: {clock}}}
          - id: response
            kind: support_response
            targets:
              - {{priority: P1, target: 15 minutes, clock: 24x7}}
              - {{priority: P3, target: 4 business hours, clock: business_hours}}
          - id: resolution
            kind: resolution
            targets:
              - {{priority: P1, target: 4 hours, clock: 24x7}}
              - {{priority: P2, target: 8 hours, clock: 24x7}}
              - {{priority: P3, target: 3 business days, clock: business_hours}}
        exclusions: {{standard: {exclusions}}}
        """) + textwrap.dedent(extra)  # fmt: skip
    if "service_credits:" not in extra:
        text += textwrap.dedent("""\
            service_credits:
              monthly_fee: EUR 10,000
              tiers:
                - {below: 99.9%, at_least: 99.5%, credit: 5%}
                - {below: 99.5%, at_least: 99.0%, credit: 10%}
                - {below: 99.0%, credit: 25%}
              resolution_credit: 2%
              cap: 30%
              automatic: true
            """)
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def outages(tmp_path: Path, rows: str, name: str = "outages.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + textwrap.dedent(rows), encoding="utf-8")
    return path


def run(spec: Path, month: tuple[int, int], months: int = 1, out: Path | None = None,
        tickets: Path | None = None, samples: Path | None = None) -> CreditsReport:  # fmt: skip
    return compute(load_spec(spec), month, months, out, tickets, samples)


def availability(report: CreditsReport, index: int = -1) -> MetricResult:
    return next(m for m in report.months[index].metrics if m.metric == "availability")


def ticket(report: CreditsReport, metric: str, priority: str) -> MetricResult:
    return next(m for m in report.current.metrics if m.metric == metric and m.priority == priority)


# ---------------------------------------------------------------- month lengths


def test_31_day_month(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-01-14T10:00:00Z,2026-01-14T11:00:00Z,provider,,\n")
    a = availability(run(spec, (2026, 1), out=out))
    assert a.total_minutes == 31 * 1440 == 44640
    assert a.minutes_down == 60
    assert a.attained == 99.8656  # (44640 - 60) / 44640 = 99.86559...%
    assert a.met is False  # below 99.9%


def test_30_day_month_tier_boundary_exactly_on_the_threshold(tmp_path: Path) -> None:
    # 0.5% of 43,200 minutes is 216 minutes: Availability is exactly 99.5%, which is the
    # lower figure of the 5% band (bands include their lower figure), not the 10% band.
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-11-02T00:00:00Z,2026-11-02T03:36:00Z,provider,,\n")
    report = run(spec, (2026, 11), out=out)
    a = availability(report)
    assert a.total_minutes == 30 * 1440 == 43200
    assert (a.minutes_down, a.attained) == (216, 99.5)
    assert report.current.credits.percent == Decimal(5)
    assert report.current.credits.amount == Decimal("500.00")  # 5% of EUR 10,000
    assert report.current.credits.currency == "EUR"
    # One minute more (217) is 99.49769...%: the 10% band.
    out2 = outages(tmp_path, "app,2026-11-02T00:00:00Z,2026-11-02T03:37:00Z,provider,,\n", "o2.csv")
    assert run(spec, (2026, 11), out=out2).current.credits.percent == Decimal(10)


def test_february_and_a_leap_february(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-02-10T08:00:00Z,2026-02-10T10:00:00Z,provider,,\n"
                            "app,2028-02-10T08:00:00Z,2028-02-10T10:00:00Z,provider,,\n")  # fmt: skip
    feb = availability(run(spec, (2026, 2), out=out))
    assert feb.total_minutes == 28 * 1440 == 40320
    assert feb.attained == 99.7024  # (40320 - 120) / 40320 = 99.70238...%
    leap = availability(run(spec, (2028, 2), out=out))
    assert leap.total_minutes == 29 * 1440 == 41760
    assert leap.attained == 99.7126  # (41760 - 120) / 41760 = 99.71264...%


def test_a_month_with_a_dst_change_has_its_real_length(tmp_path: Path) -> None:
    # October 2026 in London ends BST on the 25th: 31 days + 1 hour = 44,700 minutes.
    spec = make_spec(tmp_path, timezone="Europe/London")
    a = availability(run(spec, (2026, 10), out=outages(tmp_path, "")))
    assert a.total_minutes == 44640 + 60 == 44700
    assert a.attained == 100.0


# ---------------------------------------------------------------- DST in business hours


def test_dst_change_during_business_hours(tmp_path: Path) -> None:
    # Business Hours 00:00-06:00 every day, London. On Sunday 25 October 2026 the clocks go
    # back at 02:00 BST, so 01:00-02:00 happens twice: that day has 7 hours of business
    # time. October: 30 days x 6 h + 7 h = 187 h = 11,220 minutes.
    spec = make_spec(tmp_path, timezone="Europe/London", clock="business_hours",
                     hours="00:00-06:00", days="every day")  # fmt: skip
    # 00:30 BST (23:30Z on the 24th) to 01:30 GMT (01:30Z): 2 hours elapsed, all in business hours.
    out = outages(tmp_path, "app,2026-10-25T00:30:00+01:00,2026-10-25T01:30:00+00:00,provider,,\n")
    a = availability(run(spec, (2026, 10), out=out))
    assert a.total_minutes == 11220
    assert a.minutes_down == 120
    assert a.attained == 98.9305  # (11220 - 120) / 11220 = 98.93048...%
    # March 2026: clocks go forward on the 29th at 01:00 GMT; 01:00-02:00 never happens.
    # 31 x 6 h - 1 h = 185 h = 11,100 minutes.
    march = availability(run(spec, (2026, 3), out=out))
    assert march.total_minutes == 11100


def test_ticket_clocked_in_business_hours_across_a_dst_change(tmp_path: Path) -> None:
    # Same 00:00-06:00 every-day calendar; P3 response target 4 business hours.
    # Opened 25 Oct 00:00 BST, answered 04:30 GMT: 00:00-01:00 BST, 01:00-02:00 BST,
    # 01:00-02:00 GMT, 02:00-04:30 GMT = 5.5 business hours > 4: late.
    # (Read as fixed offsets or on another day it would be 4.5 hours.)
    spec = make_spec(tmp_path, timezone="Europe/London", hours="00:00-06:00", days="every day")
    tickets = tmp_path / "t.csv"
    tickets.write_text("id,priority,opened,first_human_response,resolved\n"
                       "T1,P3,2026-10-25T00:00:00+01:00,2026-10-25T04:30:00+00:00,2026-10-25T05:00:00+00:00\n"
                       "T2,P3,2026-10-26T00:00:00+00:00,2026-10-26T04:00:00+00:00,2026-10-26T05:00:00+00:00\n",
                       encoding="utf-8")  # fmt: skip
    r = ticket(run(spec, (2026, 10), out=outages(tmp_path, ""), tickets=tickets), "response", "P3")
    assert (r.tickets, r.within_target) == (2, 1)  # T2 took exactly 4 business hours: within
    assert r.attained == 50.0 and r.met is False


# ---------------------------------------------------------------- overlaps and boundaries


def test_overlapping_outages_count_once(tmp_path: Path) -> None:
    # 10:00-11:00 and 10:30-11:30 overlap: the union is 10:00-11:30 = 90 minutes, not 120.
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-01-05T10:00:00Z,2026-01-05T11:00:00Z,provider,,\n"
                            "app,2026-01-05T10:30:00Z,2026-01-05T11:30:00Z,provider,,\n"
                            "*,2026-01-05T10:45:00Z,2026-01-05T10:50:00Z,provider,,\n")  # fmt: skip
    assert availability(run(spec, (2026, 1), out=out)).minutes_down == 90


def test_outage_across_midnight_at_month_end_is_split(tmp_path: Path) -> None:
    # 31 Oct 23:30Z to 1 Nov 00:45Z: 30 minutes in October, 45 in November.
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-10-31T23:30:00Z,2026-11-01T00:45:00Z,provider,,\n")
    report = run(spec, (2026, 11), months=2, out=out)
    assert [availability(report, i).minutes_down for i in (0, 1)] == [30, 45]
    assert [m.month for m in report.months] == ["2026-10", "2026-11"]


def test_month_boundaries_are_local_midnight(tmp_path: Path) -> None:
    # London: BST ended on 25 Oct, so 31 Oct 23:30Z is 23:30 local and the outage
    # 23:30Z-00:30Z puts 30 minutes in each month.
    spec = make_spec(tmp_path, timezone="Europe/London")
    out = outages(tmp_path, "app,2026-10-31T23:30:00Z,2026-11-01T00:30:00Z,provider,,\n"
                            "app,2026-09-30T23:10:00Z,2026-09-30T23:40:00Z,provider,,\n")  # fmt: skip
    report = run(spec, (2026, 11), months=3, out=out)
    # 30 Sep 23:10Z is 1 Oct 00:10 BST: the 30 minutes belong to October, none to September.
    assert [availability(report, i).minutes_down for i in (0, 1, 2)] == [0, 30 + 30, 30]


def test_a_part_minute_counts_as_a_whole_minute(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-01-05T10:00:30Z,2026-01-05T10:02:10Z,provider,,\n")
    assert availability(run(spec, (2026, 1), out=out)).minutes_down == 3  # minutes 10:00, 10:01, 10:02
    # Half a second into 10:03 still touches the minute 10:03.
    out = outages(tmp_path, "app,2026-01-05T10:00:00Z,2026-01-05T10:03:00.5+00:00,provider,,\n", "o2.csv")
    assert availability(run(spec, (2026, 1), out=out)).minutes_down == 4


# ---------------------------------------------------------------- maintenance


MAINTENANCE = """\
    maintenance: {notice: 2 days, monthly_cap: 2 hours, emergency_notice: 1 hour}
    """


def test_maintenance_within_and_beyond_its_cap_and_notice(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, extra=MAINTENANCE)
    out = outages(tmp_path, """\
        app,2026-01-04T01:00:00Z,2026-01-04T02:30:00Z,maintenance,,2026-01-01T09:00:00Z
        app,2026-01-11T01:00:00Z,2026-01-11T02:00:00Z,maintenance,,2026-01-08T09:00:00Z
        app,2026-01-18T01:00:00Z,2026-01-18T01:30:00Z,maintenance,,2026-01-17T09:00:00Z
        app,2026-01-25T01:00:00Z,2026-01-25T01:10:00Z,maintenance,,
        """)
    a = availability(run(spec, (2026, 1), out=out))
    # Row 1: 90 minutes with 2.7 days' notice, inside the 120-minute cap: excluded.
    # Row 2: 60 minutes with notice: the first 30 fill the cap (excluded), 30 are Downtime.
    # Row 3: 30 minutes with 16 hours' notice (< 2 days): Downtime.
    # Row 4: 10 minutes, no notice recorded: Downtime.
    assert a.excluded_minutes == 90 + 30 == 120
    assert a.minutes_down == 30 + 30 + 10 == 70
    assert a.attained == 99.8428  # (44640 - 120 - 70) / (44640 - 120) = 99.84277...%


def test_the_cap_is_per_calendar_month(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, extra=MAINTENANCE)
    out = outages(tmp_path, """\
        app,2026-01-31T23:00:00Z,2026-02-01T01:00:00Z,maintenance,,2026-01-20T09:00:00Z
        app,2026-02-08T01:00:00Z,2026-02-08T03:00:00Z,maintenance,,2026-01-20T09:00:00Z
        """)
    report = run(spec, (2026, 2), months=2, out=out)
    jan, feb = availability(report, 0), availability(report, 1)
    assert (jan.excluded_minutes, jan.minutes_down) == (60, 0)
    # February: 60 (row 1's second hour) + 120 = 180 minutes of maintenance; cap 120.
    assert (feb.excluded_minutes, feb.minutes_down) == (120, 60)


def test_emergency_maintenance_needs_its_notice_and_counts_towards_the_cap(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, extra=MAINTENANCE)
    out = outages(tmp_path, """\
        app,2026-01-06T12:00:00Z,2026-01-06T13:40:00Z,emergency_maintenance,,2026-01-06T10:00:00Z
        app,2026-01-07T12:00:00Z,2026-01-07T12:15:00Z,emergency_maintenance,,2026-01-07T11:30:00Z
        app,2026-01-11T01:00:00Z,2026-01-11T02:00:00Z,maintenance,,2026-01-05T09:00:00Z
        """)
    a = availability(run(spec, (2026, 1), out=out))
    # Emergency, 2 h notice >= 1 h: 100 minutes excluded, counting towards the 120 cap.
    # Emergency, 30 min notice < 1 h: 15 minutes Downtime.
    # Planned 60 minutes: 20 fit under the cap, 40 are Downtime.
    assert (a.excluded_minutes, a.minutes_down) == (120, 15 + 40)


def test_without_a_maintenance_block_maintenance_is_downtime(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-01-04T01:00:00Z,2026-01-04T02:00:00Z,maintenance,,2025-12-01T00:00:00Z\n")
    a = availability(run(spec, (2026, 1), out=out))
    assert (a.excluded_minutes, a.minutes_down) == (0, 60)


def test_notice_in_business_days_uses_the_calendar(tmp_path: Path) -> None:
    # 5 Business Days' notice, England: notice given Friday 18 Dec 2026 09:00 for work on
    # Thursday 31 Dec 09:00. Business Days between: 18 (from 09:00), 21, 22, 23, 24, 29, 30
    # and the 31st up to 09:00 (25 and 28 Dec are holidays; 26/27 a weekend) - more than 5.
    # Notice given Wednesday 23 Dec 09:00 for 11:00 on the 31st: 9 h + 10 h (24th) + 10 h
    # (29th) + 10 h (30th) + 3 h (31st) = 42 business hours < 5 x 10 h.
    extra = "maintenance: {notice: 5 business days, monthly_cap: 8 hours}\n"
    spec = make_spec(tmp_path, timezone="Europe/London", hours="08:00-18:00",
                     holidays="public holidays in England", extra=extra)  # fmt: skip
    out = outages(tmp_path, """\
        app,2026-12-31T09:00:00Z,2026-12-31T10:00:00Z,maintenance,,2026-12-18T09:00:00Z
        app,2026-12-31T11:00:00Z,2026-12-31T11:20:00Z,maintenance,,2026-12-23T09:00:00Z
        """)
    a = availability(run(spec, (2026, 12), out=out))
    assert (a.excluded_minutes, a.minutes_down) == (60, 20)


# ---------------------------------------------------------------- exclusions


@pytest.mark.parametrize(("cause", "key"), [("customer", "customer_caused"),
                                            ("force_majeure", "force_majeure"),
                                            ("third_party", "internet")])  # fmt: skip
def test_every_exclusion_cause(tmp_path: Path, cause: str, key: str) -> None:
    row = f"app,2026-01-05T10:00:00Z,2026-01-05T10:45:00Z,{cause},,\n"
    listed = make_spec(tmp_path, exclusions=f"[{key}]")
    a = availability(run(listed, (2026, 1), out=outages(tmp_path, row)))
    assert (a.excluded_minutes, a.minutes_down) == (45, 0)
    assert a.attained == 100.0  # (44640 - 45 - 0) / (44640 - 45)
    # Not listed in the spec's exclusions: the same 45 minutes are Downtime.
    others = [k for k in ("customer_caused", "force_majeure", "internet") if k != key]
    unlisted = make_spec(tmp_path, exclusions=f"[{', '.join(others)}]")
    b = availability(run(unlisted, (2026, 1), out=outages(tmp_path, row)))
    assert (b.excluded_minutes, b.minutes_down) == (0, 45)


def test_provider_cause_is_never_excluded_and_wins_over_an_exclusion(tmp_path: Path) -> None:
    # Customer-caused 10:00-11:00 overlaps provider 10:30-11:30: 10:30-11:00 is Downtime
    # (a minute that is Downtime under any row stays Downtime), 10:00-10:30 excluded.
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-01-05T10:00:00Z,2026-01-05T11:00:00Z,customer,,\n"
                            "app,2026-01-05T10:30:00Z,2026-01-05T11:30:00Z,provider,,\n")  # fmt: skip
    a = availability(run(spec, (2026, 1), out=out))
    assert (a.excluded_minutes, a.minutes_down) == (30, 60)


# ---------------------------------------------------------------- credits, cap, deadline, trigger


def test_a_cap_that_binds(tmp_path: Path) -> None:
    # 700 minutes down in January: (44640 - 700) / 44640 = 98.43% -> 25% band,
    # plus 4 P1 tickets resolved late x 2% = 8%: 33% uncapped, capped at 30% = EUR 3,000.
    spec = make_spec(tmp_path)
    out = outages(tmp_path, "app,2026-01-05T00:00:00Z,2026-01-05T11:40:00Z,provider,,\n")
    tickets = tmp_path / "t.csv"
    rows = "".join(f"T{i},P1,2026-01-0{i}T09:00:00Z,2026-01-0{i}T09:05:00Z,2026-01-0{i}T14:00:00Z\n"
                   for i in range(1, 5))  # fmt: skip  (5 hours > 4 hours: late)
    tickets.write_text("id,priority,opened,first_human_response,resolved\n" + rows, encoding="utf-8")
    credits = run(spec, (2026, 1), out=out, tickets=tickets).current.credits
    assert credits.uncapped_percent == Decimal(33)
    assert (credits.percent, credits.capped, credits.amount) == (Decimal(30), True, Decimal("3000.00"))


def test_claim_deadline_when_credits_must_be_claimed(tmp_path: Path) -> None:
    # Report due 5 Business Days after 31 Oct 2026 (a Saturday): 2-6 Nov -> 6 Nov;
    # claim window 30 days after the report -> 6 Dec 2026.
    extra = """\
        service_credits:
          tiers: [{below: 99.9%, credit: 10%}]
          automatic: false
          claim_window: 30 days
        reporting: {due: 5 business days}
        """
    spec = make_spec(tmp_path, timezone="Europe/London", holidays="public holidays in England", extra=extra)
    report = run(spec, (2026, 10), out=outages(tmp_path, ""))
    assert report.current.claim_deadline == "2026-12-06"
    assert report.current.credits.amount is None  # no monthly_fee: percent only


def test_automatic_credits_have_no_deadline(tmp_path: Path) -> None:
    report = run(make_spec(tmp_path), (2026, 10), out=outages(tmp_path, ""))
    assert report.current.claim_deadline == "automatic"


def test_chronic_failure_fires_on_the_nth_miss(tmp_path: Path) -> None:
    # 3 misses within 6 months; misses in Jan, Mar and May 2026 (60 minutes down each,
    # below 99.9%); Feb and Apr clean. The trigger fires with the third miss (May).
    extra = "termination: {chronic_failure: {misses: 3, within: 6}}\n"
    spec = make_spec(tmp_path, extra=extra)
    out = outages(tmp_path, "".join(f"app,2026-0{m}-10T10:00:00Z,2026-0{m}-10T11:00:00Z,provider,,\n"
                                    for m in (1, 3, 5)))  # fmt: skip
    before = run(spec, (2026, 4), months=4, out=out)
    assert before.termination_triggered is False  # two misses so far
    fired = run(spec, (2026, 5), months=5, out=out)
    assert fired.termination_triggered is True
    assert "3 of 5" in fired.termination_reason and "2026-05" in fired.termination_reason
    # Looking only at Mar-May (3 windows) still finds just two misses.
    assert run(spec, (2026, 5), months=3, out=out).termination_triggered is False


def test_severe_failure_fires_in_a_single_month(tmp_path: Path) -> None:
    extra = "termination: {severe_failure: 98%}\n"
    spec = make_spec(tmp_path, extra=extra)
    # 900 minutes of 44640: 97.98% < 98%.
    out = outages(tmp_path, "app,2026-01-05T00:00:00Z,2026-01-05T15:00:00Z,provider,,\n")
    report = run(spec, (2026, 1), out=out)
    assert report.termination_triggered is True and "severe" in report.termination_reason


# ---------------------------------------------------------------- tickets and samples


def test_tickets_in_calendar_and_business_time_with_holidays(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, timezone="Europe/London", holidays="public holidays in England")
    tickets = tmp_path / "t.csv"
    tickets.write_text(
        "id,priority,opened,first_human_response,resolved\n"
        # P3, 4 business hours: Thu 24 Dec 17:00 -> Tue 29 Dec 10:00 is 1 h + 2 h = 3 h
        # (25 and 28 Dec are holidays in England, 26/27 a weekend): within.
        "A,P3,2026-12-24T17:00:00Z,2026-12-29T10:00:00Z,2026-12-29T12:00:00Z\n"
        # P1, 15 minutes round the clock: 16 minutes is late.
        "B,P1,2026-12-25T03:00:00Z,2026-12-25T03:16:00Z,2026-12-25T05:00:00Z\n"
        # P1 answered in exactly 15 minutes: within.
        "C,P1,2026-12-26T03:00:00Z,2026-12-26T03:15:00Z,2026-12-26T06:00:00Z\n"
        # P3 still unresolved, opened Thu 31 Dec 17:00: 1 business hour by the end of the
        # month, target 3 business days (30 h): not yet due, so not counted.
        "D,P3,2026-12-31T17:00:00Z,2026-12-31T17:30:00Z,\n",
        encoding="utf-8",
    )
    report = run(spec, (2026, 12), out=outages(tmp_path, ""), tickets=tickets)
    p3 = ticket(report, "response", "P3")
    assert (p3.tickets, p3.within_target) == (2, 2)
    p1 = ticket(report, "response", "P1")
    assert (p1.tickets, p1.within_target, p1.attained) == (2, 1, 50.0)
    res3 = ticket(report, "resolution", "P3")
    assert (res3.tickets, res3.within_target, res3.not_yet_due) == (1, 1, 1)
    res1 = ticket(report, "resolution", "P1")
    assert (res1.tickets, res1.within_target) == (2, 2)  # 2 h and 3 h, target 4 h


def test_samples_majority_of_checks_and_percentile(tmp_path: Path) -> None:
    extra = """\
        service_credits: {tiers: [{below: 99.9%, credit: 10%}]}
        """
    spec_path = make_spec(tmp_path, extra=extra)
    text = spec_path.read_text(encoding="utf-8").replace(
        "metrics:\n",
        "metrics:\n  - {id: latency, kind: system_response_time, service: app, function: search,"
        " target: 800 milliseconds, percentile: 90}\n",
    )
    spec_path.write_text(text, encoding="utf-8")
    samples = tmp_path / "s.csv"
    lines = ["service,time,ok,latency_ms"]
    # 10:00 - three checks, two fail: Downtime. 10:01 - one of three fails: up.
    lines += ["app,2026-01-05T10:00:05Z,false,", "app,2026-01-05T10:00:25Z,false,",
              "app,2026-01-05T10:00:45Z,true,100"]  # fmt: skip
    lines += ["app,2026-01-05T10:01:05Z,false,", "app,2026-01-05T10:01:25Z,true,200",
              "app,2026-01-05T10:01:45Z,true,300"]  # fmt: skip
    # Latencies 100..1000 in steps of 100 overall (10 values): p90 by nearest rank = 900.
    lines += [f"app,2026-01-06T10:0{i}:00Z,true,{v}" for i, v in enumerate((400, 500, 600, 700, 800, 900, 1000))]
    samples.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run(spec_path, (2026, 1), out=outages(tmp_path, ""), samples=samples)
    assert availability(report).minutes_down == 1
    latency = next(m for m in report.current.metrics if m.metric == "latency")
    assert (latency.attained, latency.target, latency.met) == (900.0, 800.0, False)


def test_monitoring_downtime_explained_by_an_excluded_outage_is_excluded(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)
    samples = tmp_path / "s.csv"
    samples.write_text("service,time,ok,latency_ms\napp,2026-01-05T10:00:10Z,false,\n"
                       "app,2026-01-05T10:05:10Z,false,\n", encoding="utf-8")  # fmt: skip
    out = outages(tmp_path, "app,2026-01-05T10:00:00Z,2026-01-05T10:02:00Z,customer,,\n")
    a = availability(run(spec, (2026, 1), out=out, samples=samples))
    assert (a.excluded_minutes, a.minutes_down) == (2, 1)


def test_unknown_holiday_place_is_an_error_naming_the_spec(tmp_path: Path) -> None:
    spec = make_spec(tmp_path, holidays="holidays on the moon")
    with pytest.raises(InputError, match=r"spec\.yaml.*holidays"):
        run(spec, (2026, 1), out=outages(tmp_path, ""))


# ---------------------------------------------------------------- reading a large file in two halves


def test_two_halves_give_the_same_result_as_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = importlib.import_module("sla_drafter.credits.compute")

    spec = make_spec(tmp_path, extra=MAINTENANCE)
    rows = []
    for i in range(3000):  # outages of 1-60 minutes, overlapping, every cause, some for all services
        day, minute, length = 1 + i % 28, (i * 37) % 1380, 1 + i % 60
        begin = f"2026-01-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00Z"
        end_minute = minute + length
        end = f"2026-01-{day:02d}T{end_minute // 60:02d}:{end_minute % 60:02d}:00Z"
        cause = ("provider", "customer", "maintenance", "third_party", "force_majeure")[i % 5]
        rows.append(f"{'app' if i % 7 else '*'},{begin},{end},{cause},note {i},2025-12-20T00:00:00Z\n")
    out = outages(tmp_path, "".join(rows))
    one = run(spec, (2026, 1), out=out)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 1)
    assert engine._split_point(out, 0) is not None
    two = run(spec, (2026, 1), out=out)
    a, b = availability(one), availability(two)
    assert (a.minutes_down, a.excluded_minutes) == (b.minutes_down, b.excluded_minutes)
    assert a.minutes_down > 0 and a.excluded_minutes > 0
    assert one.current.incidents == two.current.incidents


def test_a_bad_row_in_the_second_half_names_its_real_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = importlib.import_module("sla_drafter.credits.compute")

    spec = make_spec(tmp_path)
    good = "app,2026-01-05T10:00:00Z,2026-01-05T10:30:00Z,provider,,\n"
    out = outages(tmp_path, good * 500 + "app,2026-01-05T10:00:00Z,2026-01-05T09:00:00Z,provider,,\n" + good * 10)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 1)
    with pytest.raises(InputError, match=r"outages\.csv:502: end is before start"):
        run(spec, (2026, 1), out=out)
    # And in the first half: the first bad row wins.
    out = outages(tmp_path, good * 5 + "app,bad,2026-01-05T09:00:00Z,provider,,\n" + good * 500
                  + "zzz,2026-01-05T10:00:00Z,2026-01-05T10:30:00Z,provider,,\n")  # fmt: skip
    with pytest.raises(InputError, match=r"outages\.csv:7: start: not an ISO 8601 time"):
        run(spec, (2026, 1), out=out)


def test_a_quoted_file_is_read_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = importlib.import_module("sla_drafter.credits.compute")

    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 1)
    out = outages(tmp_path, 'app,2026-01-05T10:00:00Z,2026-01-05T10:30:00Z,provider,"a\nb",\n' * 50)
    assert engine._split_point(out, 0) is None
    assert availability(run(make_spec(tmp_path), (2026, 1), out=out)).minutes_down == 30


def test_assumptions_for_business_hours_are_reported(tmp_path: Path) -> None:
    spec = make_spec(tmp_path)  # the P3 targets run on Business Hours
    text = spec.read_text(encoding="utf-8").replace(', business_hours: "08:00-18:00"', "").replace(", holidays: none", "")
    spec.write_text(text, encoding="utf-8")
    assert run(spec, (2026, 1), out=outages(tmp_path, "")).warnings == []  # no ticket was clocked
    tickets = tmp_path / "t.csv"
    tickets.write_text("id,priority,opened,first_human_response,resolved\n", encoding="utf-8")
    warnings = run(spec, (2026, 1), out=outages(tmp_path, ""), tickets=tickets).warnings
    assert warnings == [
        "services[app].coverage gives no business_hours: Business Hours are taken as 09:00-17:00",
        "services[app].coverage names no holidays: no public holidays are taken out of Business Days",
    ]
    assert run(make_spec(tmp_path), (2026, 1), out=outages(tmp_path, ""), tickets=tickets).warnings == []
