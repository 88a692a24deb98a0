"""Credit schedules (exact bounds), caps, claims, cash, forfeiture, maintenance, chronic failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from textdocs import doc_from_text

from sla_drafter.document import BlockKind, Document
from sla_drafter.extract import extract_terms
from sla_drafter.extract.credits import Band, parse_band
from sla_drafter.read import read_document, read_text
from sla_drafter.terms import Window
from sla_drafter.units import Duration, TimeUnit


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("Less than 99.5% but at least 99.0%", Band(99.0, 99.5, True, False)),
        ("Below 99.999% but at or above 99.99%", Band(99.99, 99.999, True, False)),
        ("Uptime between 99.5% and 99.0%", Band(99.0, 99.5, True, True)),
        ("between 98.0% and 99.0%", Band(98.0, 99.0, True, True)),
        ("Less than 98.0%", Band(None, 98.0, True, False)),
        ("Below 99.90%", Band(None, 99.9, True, False)),
        ("99.0% - 99.5%", Band(99.0, 99.5, True, True)),
        ("99.0% to < 99.5%", Band(99.0, 99.5, True, False)),
        ("At least 99.0% but less than 99.5%", Band(99.0, 99.5, True, False)),
        ("≥ 99.0% and < 99.5%", Band(99.0, 99.5, True, False)),
        ("99.5% or below", Band(None, 99.5, True, True)),
        ("more than 95% and up to 99%", Band(95.0, 99.0, False, True)),
        ("ninety-nine percent", None),
        ("99.9% > Availability ≥ 99.0%", Band(99.0, 99.9, True, False)),
        ("99.0% <= Uptime < 99.9%", Band(99.0, 99.9, True, False)),
        ("< 99.0%", Band(None, 99.0, True, False)),
        ("99.0% – < 99.9%", Band(99.0, 99.9, True, False)),
        (">= 99.5%", Band(99.5, None, True, False)),
        ("99.5 per cent to below 99.9 per cent", Band(99.5, 99.9, True, False)),
        ("From 99.0% up to but excluding 99.9%", Band(99.0, 99.9, True, False)),
        ("Under 99.5% and at or over 99%", Band(99.0, 99.5, True, False)),
        ("99.00 - 99.49%", Band(99.0, 99.49, True, True)),
        ("Over 99.5%", Band(99.5, None, False, False)),
        ("Fewer than 5 - 10%", None),
        ("less than 99.9% but greater than or equal to 99.0%", Band(99.0, 99.9, True, False)),
        ("was less than or equal to 99.9%, but greater than 99.0%", Band(99.0, 99.9, False, True)),
    ],
)
def test_parse_band(text: str, band: Band | None) -> None:
    assert parse_band(text) == band


@pytest.mark.parametrize(
    ("text", "band", "loose"),
    [
        ("98.5 to 97%", Band(97.0, 98.5, True, True), True),  # written from the top
        ("97 - 98.5%", Band(97.0, 98.5, True, True), True),
        ("between 97.0% and 98.5%", Band(97.0, 98.5, True, True), True),
        ("97.0% to below 98.5%", Band(97.0, 98.5, True, False), False),
        ("Under 98.5% and at or over 97%", Band(97.0, 98.5, True, False), False),
        ("Credit of 10 to 25%", None, False),  # a small first figure is no attainment
    ],
)
def test_parse_band_bare_ranges_are_loose(text: str, band: Band | None, loose: bool) -> None:
    got = parse_band(text)
    assert got == band
    assert (got.loose if got else False) is loose


def test_rows_glued_by_the_reader_are_split_and_a_second_bound_is_no_credit() -> None:
    doc = _credits_doc(
        "Monthly uptime | Credit\n\n98% - 99.5% | 5%\n\n95% - 98% | 15% < 95% | 40%\n\n"
        "Monthly uptime | Credit\n\n< 99.5% - >= 98.0% | 3 days"
    )
    [s] = extract_terms(doc).credits.schedules
    assert [(x.lower, x.upper, x.credit_pct) for x in s.tiers] == [(98.0, 99.5, 5), (95.0, 98.0, 15), (None, 95.0, 40)]


def _credits_doc(rows: str, tail: str = "") -> Document:
    return doc_from_text("# Service Credits\n\n" + rows + "\n\n" + tail)


def test_markdown_credit_table_and_claim_terms() -> None:
    doc = _credits_doc(
        "| Monthly Availability | Credit |\n|---|---|\n"
        "| Less than 99.9% but at least 99.0% | 10% |\n| Less than 99.0% | 25% |",
        "Credits are not issued automatically. Customer must submit a claim within ten (10) "
        "business days after the end of the month.\n\n"
        "Total credits in any month will not exceed 50% of the monthly fee.\n\n"
        "Credits will not be paid as cash and expire on termination.",
    )
    t = extract_terms(doc)
    [s] = t.credits.schedules
    assert s.window is Window.MONTH and s.target == 99.9
    assert [(x.lower, x.upper, x.credit_pct) for x in s.tiers] == [(99.0, 99.9, 10), (None, 99.0, 25)]
    c = t.credits
    assert c.automatic is False
    assert c.claim_window == Duration(10, TimeUnit.DAY, business=True)
    assert (c.cap_pct, c.cap_window) == (50, Window.MONTH)
    assert (c.cash, c.forfeitable) == (False, True)
    assert c.evidence


def test_dotted_leader_rows_with_between_bands() -> None:
    text = (
        "If uptime in a month falls below target the Client may get a credit:\n\n"
        "  Uptime between 99.9% and 99.5% ......... 5% of the monthly fee\n"
        "  Uptime between 99.5% and 99.0% ......... 10% of the monthly fee\n"
        "  Uptime less than 99.0% ................. 25% of the monthly fee"
    )
    t = extract_terms(doc_from_text(text))
    [s] = t.credits.schedules
    assert [(x.lower, x.lower_inclusive, x.upper, x.upper_inclusive, x.credit_pct) for x in s.tiers] == [
        (99.5, True, 99.9, True, 5),
        (99.0, True, 99.5, True, 10),  # both ends inclusive: 99.5 sits in two bands
        (None, True, 99.0, False, 25),
    ]


def test_several_schedules_each_with_its_name_and_window() -> None:
    doc = Document.build(
        "x",
        [
            (BlockKind.HEADING, "6. Service Credits", {"level": 1}),
            (BlockKind.PARAGRAPH, "6.2 Power - Dual-Fed Racks:", {}),
            (BlockKind.TABLE_CELL, "Annual Power Availability", {"table": 0, "row": 0, "col": 0}),
            (BlockKind.TABLE_CELL, "Credit (% of one MRC)", {"table": 0, "row": 0, "col": 1}),
            (BlockKind.TABLE_CELL, "Below 99.999% but at or above 99.99%", {"table": 0, "row": 1, "col": 0}),
            (BlockKind.TABLE_CELL, "5%", {"table": 0, "row": 1, "col": 1}),
            (BlockKind.PARAGRAPH, "6.3 Power - Single-Fed Racks:", {}),
            (BlockKind.TABLE_CELL, "Below 99.99% but at or above 99.95%", {"table": 1, "row": 0, "col": 0}),
            (BlockKind.TABLE_CELL, "5%", {"table": 1, "row": 0, "col": 1}),
            (BlockKind.TABLE_CELL, "Below 99.95%", {"table": 1, "row": 1, "col": 0}),
            (BlockKind.TABLE_CELL, "10%", {"table": 1, "row": 1, "col": 1}),
            (BlockKind.PARAGRAPH, "Total Service Credits for any Contract Year will not exceed one (1) month's MRC.", {}),
        ],
    )
    t = extract_terms(doc)
    assert [(s.name, s.target, len(s.tiers)) for s in t.credits.schedules] == [
        ("Power - Dual-Fed Racks", 99.999, 1),
        ("Power - Single-Fed Racks", 99.99, 2),
    ]
    assert t.credits.schedules[0].window is Window.YEAR
    assert (t.credits.cap_pct, t.credits.cap_window) == (100, Window.YEAR)


def test_prose_credit_tier() -> None:
    t = extract_terms(
        doc_from_text(
            "Cooling: if Cooling Availability for a Contract Year is below 99.99%, "
            "the Provider will credit five percent (5%) of one month's MRC."
        )
    )
    [s] = t.credits.schedules
    assert s.name == "Cooling"
    assert [(x.lower, x.upper, x.upper_inclusive, x.credit_pct) for x in s.tiers] == [(None, 99.99, False, 5)]


@pytest.mark.parametrize(
    ("text", "automatic", "cash", "forfeitable"),
    [
        ("Service Credits are applied automatically to the next invoice.", True, None, None),
        ("Credits are credited without the need for a claim.", True, None, None),
        ("Service Credits are only given on written request.", False, None, None),
        ("Credits may be applied only against future invoices and will not be paid as cash or refunded.", None, False, None),
        ("Credits are not refundable as cash.", None, False, None),
        ("Credits will be paid as a refund if the Customer asks.", None, True, None),
        ("Credits are only available to customers who are up to date with payment.", None, None, True),
        ("Unused credits expire twelve (12) months after issue.", None, None, True),
        ("Service Credits are applied to the next invoice.", None, None, None),
        ("Service Credits are not forfeited on termination.", None, None, False),
        ("Unused credits do not expire and are paid to the Customer in cash when the Agreement ends.", None, True, False),
        ("Credits outstanding when the Order ends are paid to the Customer as a refund.", None, True, None),
    ],
)
def test_credit_flags(text: str, automatic: bool | None, cash: bool | None, forfeitable: bool | None) -> None:
    c = extract_terms(doc_from_text(text)).credits
    assert (c.automatic, c.cash, c.forfeitable) == (automatic, cash, forfeitable)


def test_claim_window_uses_digits_and_records_mismatch() -> None:
    t = extract_terms(doc_from_text("To claim a credit you must notify us within thirty (60) days of the incident."))
    assert t.credits.claim_window == Duration(60, TimeUnit.DAY)
    [m] = t.number_mismatches
    assert (m.words_value, m.digits_value) == (30, 60)
    assert m.evidence.location is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Planned Maintenance is carried out on Sundays between 01:00 and 05:00 UK time with at least "
            "five (5) Business Days' written notice, up to a maximum of eight (8) hours per calendar month, "
            "and is excluded from Downtime.",
            (True, Duration(5, TimeUnit.DAY, True), Duration(8, TimeUnit.HOUR), "Sundays between 01:00 and 05:00 UK time", None),
        ),
        (
            "Scheduled maintenance is not Downtime. Emergency maintenance may be carried out at any time in the Provider's sole discretion.",
            (True, None, None, None, True),
        ),
        (
            "Provider will give at least ten (10) calendar days' notice of planned maintenance. "
            "Planned maintenance that causes an outage counts as Downtime. "
            "For emergency maintenance Provider will give as much notice as practicable.",
            (False, Duration(10, TimeUnit.DAY), None, None, False),
        ),
        (
            "Kestrel may carry out Planned Outages on ten (10) days' notice between 00:00 and 06:00, for no "
            "more than 4 hours in any month. Planned Outages are not counted as Downtime.",
            (True, Duration(10, TimeUnit.DAY), Duration(4, TimeUnit.HOUR), "between 00:00 and 06:00", None),
        ),
        (
            "Planned maintenance is not excluded from Availability.",
            (False, None, None, None, None),
        ),
        (
            "An unplanned outage is Downtime from the moment it starts.",
            (None, None, None, None, None),
        ),
    ],
)
def test_maintenance(text: str, expected: tuple[object, ...]) -> None:
    m = extract_terms(doc_from_text(text)).maintenance
    window = m.window.removeprefix("on ") if m.window else None
    assert (m.excluded_from_downtime, m.notice, m.monthly_cap, window, m.emergency_discretionary) == expected
    assert bool(m.evidence) is (expected[0] is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Chronic Failure occurs if Provider fails the target in any three (3) months within a rolling six (6) month period.", (3, 6)),
        ("If a rack suffers three (3) or more separate Power Outages in a Contract Year, Customer may terminate.", (3, 12)),
        ("Customer may terminate if availability is missed in 2 consecutive months within any 3 month period.", (2, 3)),
        ("If either team misses a target for two months in a row, its manager writes a plan.", None),
        # the window in measurement periods or billing cycles, not only months (our own draft's
        # wording read back: "six consecutive" is the window, not a run of six misses)
        ("A Chronic Failure occurs if Availability is below its service level in three (3) or more "
         "Measurement Periods within any six (6) consecutive Measurement Periods, and Customer may terminate.", (3, 6)),
        ("Customer may terminate if uptime is missed in 2 billing cycles within 4 consecutive billing cycles.", (2, 4)),
        ("Customer may terminate after six (6) consecutive Measurement Periods below target.", (6, 6)),
    ],
)
def test_chronic_failure(text: str, expected: tuple[int, int] | None) -> None:
    cf = extract_terms(doc_from_text(text)).chronic_failure
    assert (None if cf is None else (cf.misses, cf.within)) == expected


def test_cloud_provider_style_sla() -> None:
    from sla_drafter.terms import Clock, MetricKind
    from sla_drafter.topics import TopicStatus

    path = Path(__file__).parent / "fixtures" / "extract" / "cloud_style_sla.md"
    t = extract_terms(read_document(path))
    [avail] = t.metrics_of(MetricKind.AVAILABILITY)
    assert (avail.target, avail.window) == (99.99, Window.MONTH)
    [s] = t.credits.schedules
    assert [(x.lower, x.lower_inclusive, x.upper, x.upper_inclusive, x.credit_pct) for x in s.tiers] == [
        (99.0, True, 99.99, False, 10),
        (95.0, True, 99.0, False, 30),
        (None, True, 95.0, False, 100),
    ]
    c = t.credits
    assert (c.automatic, c.cash, c.sole_remedy) == (False, False, True)
    assert c.claim_window == Duration(2, TimeUnit.MONTH)
    support = [(m.priority, m.target, m.unit, m.clock) for m in t.metrics_of(MetricKind.SUPPORT_RESPONSE)]
    assert support == [
        ("Critical", 15, "minutes", Clock.ALWAYS),
        ("High", 1, "hours", Clock.ALWAYS),
        ("Normal", 12, "business_hours", Clock.BUSINESS_HOURS),
    ]
    assert t.topics["dispute_resolution"].status is TopicStatus.BY_REFERENCE
    assert t.topics["exclusions"].status is TopicStatus.PRESENT
    assert t.topics["credit_claim_process"].status is TopicStatus.PRESENT
    assert t.topics["termination"].status is TopicStatus.ABSENT
    assert t.parties["provider"][0] == "Nimbusfield"


def test_docx_style_headed_tables_and_consecutive_failures() -> None:
    doc = Document.build(
        "x.docx",
        [
            (BlockKind.HEADING, "3. Service Credits", {"level": 1}),
            (BlockKind.TABLE_CELL, "Availability", {"table": 0, "row": 0, "col": 0}),
            (BlockKind.TABLE_CELL, "Credit (% of monthly charges)", {"table": 0, "row": 0, "col": 1}),
            (BlockKind.TABLE_CELL, "99.0% - 99.94%", {"table": 0, "row": 1, "col": 0}),
            (BlockKind.TABLE_CELL, "5%", {"table": 0, "row": 1, "col": 1}),
            (BlockKind.TABLE_CELL, "< 99.0%", {"table": 0, "row": 2, "col": 0}),
            (BlockKind.TABLE_CELL, "15%", {"table": 0, "row": 2, "col": 1}),
            (BlockKind.PARAGRAPH, "Service Credits shall be deducted from the next invoice automatically.", {}),
            (BlockKind.HEADING, "5. Termination", {"level": 1}),
            (
                BlockKind.PARAGRAPH,
                "The Buyer may terminate this Contract if Availability falls below 99.0% in any two "
                "consecutive Service Periods.",
                {},
            ),
        ],
    )
    t = extract_terms(doc)
    [s] = t.credits.schedules
    assert s.window is None  # "monthly charges" is the fee, not the measurement window
    assert [(x.lower, x.lower_inclusive, x.upper, x.upper_inclusive) for x in s.tiers] == [
        (99.0, True, 99.94, True),
        (None, True, 99.0, False),
    ]
    assert t.credits.automatic is True
    assert t.chronic_failure is not None
    assert (t.chronic_failure.misses, t.chronic_failure.within) == (2, 2)


@pytest.mark.parametrize(
    ("text", "automatic"),
    [
        ("Service Credits are not issued automatically.", False),
        ("Credits will not automatically be applied.", False),
        ("Credits are deducted from the next invoice automatically.", True),
    ],
)
def test_automatic_wording(text: str, automatic: bool) -> None:
    assert extract_terms(doc_from_text(text)).credits.automatic is automatic


def test_chronic_x_of_y_months() -> None:
    cf = extract_terms(
        doc_from_text("Customer may terminate if Provider misses the target in any three (3) of six (6) consecutive months.")
    ).chronic_failure
    assert cf is not None and (cf.misses, cf.within) == (3, 6)


def test_public_sector_style_schedule() -> None:
    from sla_drafter.terms import MeasuredBy, MetricKind
    from sla_drafter.topics import TopicStatus

    path = Path(__file__).parent / "fixtures" / "extract" / "public_sector_schedule.txt"
    t = extract_terms(read_document(path))
    [avail] = t.metrics_of(MetricKind.AVAILABILITY)  # not the threshold, not "95% of calls"
    assert (avail.target, avail.window) == (99.8, Window.MONTH)  # "Service Period" means a calendar month
    assert avail.measured_by is MeasuredBy.THIRD_PARTY
    res = {m.priority: (m.target, m.unit) for m in t.metrics_of(MetricKind.RESOLUTION)}
    assert res == {"Priority 1": (4, "hours"), "Priority 2": (8, "hours")}
    # "the Authority is not required to claim them": automatic credits, no claim process
    assert t.topics["credit_claim_process"].status is TopicStatus.ABSENT
    c = t.credits
    assert (c.cap_pct, c.cap_window, c.automatic, c.sole_remedy) == (20, Window.MONTH, True, False)
    assert t.chronic_failure is not None
    assert (t.chronic_failure.misses, t.chronic_failure.within) == (2, 2)
    for topic in ("termination", "reporting", "independent_measurement", "service_credits", "credit_cap"):
        assert t.topics[topic].status is TopicStatus.PRESENT, topic
    assert t.topics["sole_remedy"].status is TopicStatus.NEGATED
    assert t.parties["provider"] == ["Supplier"] and t.parties["customer"] == ["Authority"]


def test_claim_window_no_later_than() -> None:
    c = extract_terms(
        doc_from_text("Customer must submit a credit claim no later than 15 business days after the end of the month.")
    ).credits
    assert c.claim_window == Duration(15, TimeUnit.DAY, business=True)
    assert c.automatic is False


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("Service Credits in any month shall not exceed the monthly fee for the Service.", (100, Window.MONTH)),
        ("Total credits will not exceed 10% of the monthly charges per quarter.", (10, Window.QUARTER)),
        ("Credits in a Contract Year are capped at two (2) months' fees.", (200, Window.YEAR)),
        ("Credits will not exceed thirty percent of the monthly fee in any month.", (30, Window.MONTH)),
        ("Total service credits in any month will not exceed 15 days of service.", (50, Window.MONTH)),
        ("Rebates will not exceed 20 per cent of the total Monthly Service Fee in any month.", (20, Window.MONTH)),
    ],
)
def test_credit_caps(text: str, cap: tuple[float, Window]) -> None:
    c = extract_terms(doc_from_text(text)).credits
    assert (c.cap_pct, c.cap_window) == cap


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # one band per paragraph, "per cent", the top band reads "below target"
            "If availability at a site falls below its target, the Customer receives a rebate:\n\n"
            "Below target but at or above 99.0 per cent: 5 per cent of the Monthly Service Fee.\n\n"
            "Below 99.0 per cent but at or above 98.0 per cent: 10 per cent of the Monthly Service Fee.\n\n"
            "Below 98.0 per cent: 20 per cent of the Monthly Service Fee.",
            [(99.0, None, 5.0), (98.0, 99.0, 10.0), (None, 98.0, 20.0)],
        ),
        (  # the figure left of the comparison, credits in days of service (thirtieths of the month)
            "If Circuit Availability in a month is below 99.95%, the Customer is entitled to service credits:\n\n"
            "99.95% > Availability >= 99.5%: 3 days of service\n\n"
            "99.5% > Availability >= 99.0%: 6 days of service\n\n"
            "Availability < 99.0%: 12 days of service",
            [(99.5, 99.95, 10.0), (99.0, 99.5, 20.0), (None, 99.0, 40.0)],
        ),
        (  # a range with a dash and a colon
            "Service credits:\n\n- 99.0% - 99.5%: 5%\n- below 99.0%: 10%",
            [(99.0, 99.5, 5.0), (None, 99.0, 10.0)],
        ),
    ],
)
def test_one_band_per_line_schedules(rows: str, expected: list[tuple[float | None, float | None, float]]) -> None:
    [s] = extract_terms(doc_from_text("# Service Credits\n\n" + rows)).credits.schedules
    assert [(x.lower, x.upper, round(x.credit_pct, 2)) for x in s.tiers] == expected


def test_one_band_lines_without_credit_context_are_not_a_schedule() -> None:
    doc = doc_from_text("# Targets\n\nKPI 1: 99.5% - 99.9%: 2 Service Failure Points\n\nKPI 2: below 99.5%: 5 points")
    assert extract_terms(doc).credits.schedules == []


def test_service_failure_points_bands_in_one_paragraph() -> None:
    doc = doc_from_text(
        "# Service Credits\n\nEach Service Failure Point equals a Service Credit of 0.5% of the monthly Charges.\n\n"
        "# Annex\n\nKPI 1: Availability below 99.8% but at or above 99.5%: 2 Service Failure Points. "
        "Below 99.5% but at or above 99.0%: 5 Service Failure Points. Below 99.0%: 10 Service Failure Points."
    )
    [s] = extract_terms(doc).credits.schedules
    assert [(x.lower, x.upper, x.credit_pct) for x in s.tiers] == [(99.5, 99.8, 1.0), (99.0, 99.5, 2.5), (None, 99.0, 5.0)]


def test_points_without_a_stated_value_are_not_read_as_credits() -> None:
    doc = doc_from_text("# Annex\n\nBelow 99.8% but at or above 99.5%: 2 Service Failure Points. Below 99.5%: 5 Service Failure Points.")
    assert extract_terms(doc).credits.schedules == []


def test_column_rows_one_per_paragraph_make_one_schedule() -> None:
    """A text table whose rows each became a paragraph (DOCX, PDF) is still one schedule."""
    doc = doc_from_text(
        "# Service Credits\n\nAnnual Power Availability        Credit (% of one MRC)\n\n"
        "Below 99.999% but at or above 99.99%      5%\n\nBelow 99.95% but at or above 99.90%      10%\n\n"
        "Below 99.90%      20%\n\nUptime between 99.0% and 98.0% ...... 30% of the monthly fee"
    )
    [s] = extract_terms(doc).credits.schedules
    assert [(x.lower, x.upper, x.credit_pct) for x in s.tiers] == [
        (99.99, 99.999, 5), (99.9, 99.95, 10), (None, 99.9, 20), (98.0, 99.0, 30)
    ]


def test_days_of_service_column_is_a_credit_column() -> None:
    doc = doc_from_text(
        "## Uptime remedy\n\n| Monthly availability | Service days added |\n|---|---|\n"
        "| 99.0% or higher but below target | 3 |\n| Below 99.0% | 9 days |\n"
    )
    [s] = extract_terms(doc).credits.schedules
    assert [(x.lower, x.upper, round(x.credit_pct)) for x in s.tiers] == [(99.0, None, 10), (None, 99.0, 30)]


def test_list_intro_is_the_block_each_list_hangs_from() -> None:
    from sla_drafter.document import BlockKind
    from sla_drafter.extract.credits import _list_intro
    from sla_drafter.read import read_text

    text = "Intro one:\n\n- a\n- b\n- c\n\nMiddle paragraph.\n\n- d\n- e\n\nEnd.\n"
    doc = read_text(text)

    def naive(index: int) -> str | None:
        i = index - 1
        while i >= 0 and doc.blocks[i].kind is BlockKind.LIST_ITEM:
            i -= 1
        return doc.blocks[i].text if i >= 0 else None

    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert len(items) == 5
    for block in doc.blocks:
        assert _list_intro(doc, block) == naive(block.index)
    assert {_list_intro(doc, b) for b in items} == {"Intro one:", "Middle paragraph."}


def test_bar_rows_with_days_of_credit_and_credit_first_calculation_cells() -> None:
    # "Component | 99.9% to 97% | 7 days credit": a bar row whose credit is days of service
    doc = read_text(
        "Credits\n\nComponent | Monthly uptime | Credit\nPortal | 99.9% to 97% | 7 days credit\n"
        "Portal | 97% to 95% | 14 days credit\n",
        "<t>",
        "text",
    )
    [s] = extract_terms(doc).credits.schedules
    assert [(x.lower, x.upper, round(x.credit_pct, 1)) for x in s.tiers] == [(97.0, 99.9, 23.3), (95.0, 97.0, 46.7)]
    # a calculation cell stating each credit before its band
    doc = doc_from_text(
        "# Credits\n\n| Feature | Credit calculation |\n|---|---|\n| Portal | 10% of the fees paid in a quarter "
        "where Uptime was less than or equal to 99.9% but greater than 99.0%; or 25% of the fees paid in a quarter "
        "where Uptime was less than 99.0%. |\n"
    )
    [s] = extract_terms(doc).credits.schedules
    assert [(x.credit_pct, x.lower, x.upper) for x in s.tiers] == [(10.0, 99.0, 99.9), (25.0, None, 99.0)]
