"""Metrics from prose, tables and aligned text rows; document kind; parties."""

from __future__ import annotations

import pytest
from textdocs import doc_from_text

from sla_drafter.document import BlockKind, Document
from sla_drafter.extract import extract_terms
from sla_drafter.terms import Clock, DocKind, MeasuredBy, MetricKind, Window


def _avail(text: str) -> list[tuple[float | None, Window | None, MeasuredBy | None]]:
    t = extract_terms(doc_from_text(text))
    return [(m.target, m.window, m.measured_by) for m in t.metrics_of(MetricKind.AVAILABILITY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Service will be available ninety-nine point nine percent (99.9%) of the time in each calendar month.",
            [(99.9, Window.MONTH, MeasuredBy.UNSPECIFIED)],
        ),
        (
            "Uptime will be at least 99.95 per cent per calendar quarter.",
            [(99.95, Window.QUARTER, MeasuredBy.UNSPECIFIED)],
        ),
        (
            "Unavailability will not exceed 0.1% unavailability in any billing period.",
            [(99.9, Window.BILLING_PERIOD, MeasuredBy.UNSPECIFIED)],
        ),
        (
            "The Platform is available 99.5% of the time, as calculated over the month or the billing period.",
            [(99.5, Window.AMBIGUOUS, MeasuredBy.UNSPECIFIED)],
        ),
        (
            "Annual availability target: 99.99%. Availability is measured by the Provider's internal monitoring systems.",
            [(99.99, Window.YEAR, MeasuredBy.PROVIDER)],
        ),
        (
            "Availability of at least 99.9% in each month, measured by independent third-party monitoring.",
            [(99.9, Window.MONTH, MeasuredBy.THIRD_PARTY)],
        ),
        (
            "Availability of at least 99.9% each month, recorded by Acme's monitoring tools. "
            "Customer may export the raw data at any time.",
            [(99.9, Window.MONTH, MeasuredBy.JOINT)],
        ),
        (
            "Availability of at least 99.9% per month, as measured by the Customer's own monitoring.",
            [(99.9, Window.MONTH, MeasuredBy.CUSTOMER)],
        ),
        ("Service Credits: less than 99.5% but at least 99.0%: 5% credit.", []),
        ("If Availability is less than 99.9% but at least 99.0%, Customer receives a 10% credit.", []),
        (
            "Provider will ensure availability of at least 99.9% per month. "
            "If availability falls below 99.9%, Service Credits apply.",
            [(99.9, Window.MONTH, MeasuredBy.UNSPECIFIED)],
        ),
        ("95% of P1 tickets should meet the response target each month.", []),
        (
            "Monthly Uptime Percentage is calculated by subtracting from 100% the percentage of minutes "
            "in the month in which the Service was Unavailable. The Service will have a Monthly Uptime "
            "Percentage of at least 99.95% in each billing cycle.",
            [(99.95, Window.MONTH, MeasuredBy.UNSPECIFIED)],
        ),
        ("Service credits:\n\n99.95% > Availability >= 99.5%: 2 days of service", []),
        # plain words for a service that is up, and the provider's monitoring named by its kind
        (
            "The API will be up for at least 99.95% of the minutes in each calendar month, as seen by our edge monitoring.",
            [(99.95, Window.MONTH, MeasuredBy.PROVIDER)],
        ),
        ("The app stays reachable 99.9% of the time in each month.", [(99.9, Window.MONTH, MeasuredBy.UNSPECIFIED)]),
        ("Set up takes 95% of the project effort in each month.", []),
        ("Credits are up to 100% of the monthly fee.", []),
    ],
)
def test_availability_targets(text: str, expected: list[tuple[float, Window, MeasuredBy]]) -> None:
    assert _avail(text) == expected


def test_availability_method_is_the_formula() -> None:
    t = extract_terms(
        doc_from_text(
            "# Availability\n\nAvailability of 99.9% per month.\n\n"
            "Availability (%) = (Total Minutes - Downtime) / Total Minutes x 100"
        )
    )
    [m] = t.metrics_of(MetricKind.AVAILABILITY)
    assert m.method is not None and m.method.startswith("Availability (%) =")
    assert m.evidence is not None and "99.9%" in m.evidence.text


def test_support_targets_from_markdown_table() -> None:
    t = extract_terms(
        doc_from_text(
            "| Severity | Initial Response | Time to Restore | Support Hours |\n"
            "|---|---|---|---|\n"
            "| Sev 1 | 30 minutes | 4 hours | 24x7 |\n"
            "| Sev 2 | 2 hours | 1 business day | Business hours |\n"
        )
    )
    got = [(m.kind, m.priority, m.target, m.unit, m.clock) for m in t.metrics]
    assert got == [
        (MetricKind.SUPPORT_RESPONSE, "Sev 1", 30, "minutes", Clock.ALWAYS),
        (MetricKind.RESOLUTION, "Sev 1", 4, "hours", Clock.ALWAYS),
        (MetricKind.SUPPORT_RESPONSE, "Sev 2", 2, "hours", Clock.BUSINESS_HOURS),
        (MetricKind.RESOLUTION, "Sev 2", 1, "business_days", Clock.BUSINESS_HOURS),
    ]
    assert t.topics["resolution"].status.value == "present"


def test_support_targets_from_aligned_text_rows() -> None:
    text = (
        "Targets:\n\n"
        "  Priority  Response          Resolution        Updates            Cover\n"
        "  --------  ----------------  ----------------  -----------------  ---------\n"
        "  P1        15 minutes        2 hours           every 30 minutes   24x7\n"
        "  P3        4 working hours   2 working days    daily              Core hours\n"
    )
    doc = Document.build("x.txt", [(BlockKind.PARAGRAPH, text, {})])
    t = extract_terms(doc)
    got = [(m.kind, m.priority, m.target, m.unit, m.clock) for m in t.metrics]
    assert got == [
        (MetricKind.SUPPORT_RESPONSE, "P1", 15, "minutes", Clock.ALWAYS),
        (MetricKind.RESOLUTION, "P1", 2, "hours", Clock.ALWAYS),
        (MetricKind.SUPPORT_RESPONSE, "P3", 4, "business_hours", Clock.BUSINESS_HOURS),
        (MetricKind.RESOLUTION, "P3", 2, "business_days", Clock.BUSINESS_HOURS),
    ]


def test_support_targets_from_headerless_table_with_lead_in() -> None:
    doc = Document.build(
        "x",
        [
            (BlockKind.PARAGRAPH, "Response times are measured from when the desk logs the request:", {}),
            (BlockKind.TABLE_CELL, "Urgent (24x7)", {"table": 0, "row": 0, "col": 0}),
            (BlockKind.TABLE_CELL, "30 minutes", {"table": 0, "row": 0, "col": 1}),
            (BlockKind.TABLE_CELL, "Standard", {"table": 0, "row": 1, "col": 0}),
            (BlockKind.TABLE_CELL, "4 hours", {"table": 0, "row": 1, "col": 1}),
        ],
    )
    got = [(m.kind, m.priority, m.target, m.clock) for m in extract_terms(doc).metrics]
    assert got == [
        (MetricKind.SUPPORT_RESPONSE, "Urgent", 30, Clock.ALWAYS),
        (MetricKind.SUPPORT_RESPONSE, "Standard", 4, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "For critical issues we will respond within four (4) business hours of the report.",
            [(MetricKind.SUPPORT_RESPONSE, 4, "business_hours", Clock.BUSINESS_HOURS)],
        ),
        (
            "Provider will resolve Priority 1 incidents within 8 hours.",
            [(MetricKind.RESOLUTION, 8, "hours", None)],
        ),
        ("If mediation does not resolve the dispute within thirty (30) days, it goes to arbitration.", []),
        ("Customer must claim credits within 30 days.", []),
        (
            "Kestrel will restore a Total Loss of Service fault within a Mean Time To Repair (MTTR) of five (5) hours.",
            [(MetricKind.RESOLUTION, 5, "hours", None)],
        ),
    ],
)
def test_support_targets_from_prose(text: str, expected: list[tuple[MetricKind, float, str, Clock | None]]) -> None:
    t = extract_terms(doc_from_text(text))
    assert [(m.kind, m.target, m.unit, m.clock) for m in t.metrics] == expected


def test_percentile_response_time_and_throughput() -> None:
    t = extract_terms(
        doc_from_text(
            "The 95th percentile API response time will not exceed 300 ms. "
            "The platform will sustain 500 requests per second."
        )
    )
    [rt] = t.metrics_of(MetricKind.SYSTEM_RESPONSE_TIME)
    assert (rt.target, rt.unit, rt.percentile) == (300, "ms", 95)
    [tp] = t.metrics_of(MetricKind.THROUGHPUT)
    assert (tp.target, tp.unit) == (500, "per_second")


def test_percentile_level_in_its_own_table_cell() -> None:
    from sla_drafter.read import read_text

    doc = read_text(
        "| Service level | Level | Window |\n| --- | --- | --- |\n"
        "| Search Response Time | 99th percentile at most 1.5 seconds | Calendar month |\n",
        path="levels.md",
        fmt="markdown",
    )
    [rt] = extract_terms(doc).metrics_of(MetricKind.SYSTEM_RESPONSE_TIME)
    assert (rt.target, rt.unit, rt.percentile) == (1.5, "seconds", 99)



@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("90th percentile at most 2 seconds", (2.0, "seconds", 90)),
        ("95th percentile within 1,200 ms", (1200.0, "ms", 95)),
        ("99th percentile ≤ 350 ms", (350.0, "ms", 99)),
        # a percentile of something that is not a time bound is not a response time
        ("95th percentile of orders shipped within 2 days", None),
        ("80th percentile customer satisfaction score", None),
    ],
)
def test_a_percentile_bounding_a_time_is_a_response_time_whatever_the_row_is_called(
    cell: str, expected: tuple[float, str, float] | None
) -> None:
    from sla_drafter.read import read_text

    doc = read_text(
        f"| Service level | Level | Window |\n| --- | --- | --- |\n| Label Print Time | {cell} | Calendar month |\n",
        path="levels.md",
        fmt="markdown",
    )
    found = [(m.target, m.unit, m.percentile) for m in extract_terms(doc).metrics_of(MetricKind.SYSTEM_RESPONSE_TIME)]
    assert found == ([expected] if expected else [])

@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("OPERATIONAL LEVEL AGREEMENT\n\nService Desk and Network team.\n\nThis is an internal agreement between two teams.", DocKind.OLA),
        ("# OLA: Database team and Application team\n\nTargets below.", DocKind.OLA),
        ("# Request for Proposal 2025-3\n\nBidders must complete the compliance matrix.", DocKind.RFP),
        (
            "# Section 6 Requirements\n\nSR-01 (M): Availability 99.9%.\n\nSR-02 (M): Monthly report.\n\n"
            "SR-03 (D): Dashboard.\n\nBidders must answer each requirement. Tenderers will be scored.\n\n"
            "The evaluation panel reviews the compliance matrix.",
            DocKind.RFP,
        ),
        ("# Service Level Agreement\n\nThis SLA is supported by internal OLAs with our suppliers.", DocKind.SLA),
        ("# Service Level Agreement\n\nAvailability 99.9%.", DocKind.SLA),
        (
            "# Section 4: Service Levels\n\nREQ-01 (M): Availability of 99.9%.\n\nREQ-02 (M): Monthly report.\n\n"
            "REQ-03 (D): Dashboard.\n\nBidders must state compliance with each requirement.",
            DocKind.RFP,
        ),
        ("# Service Level Agreement\n\nThis SLA is supported by an OLA between our teams.", DocKind.SLA),
    ],
)
def test_document_kind(text: str, kind: DocKind) -> None:
    assert extract_terms(doc_from_text(text)).kind is kind


def test_parties_defined_and_used_names() -> None:
    text = (
        'This SLA is between Acme Hosting Ltd ("Acme") and the customer named in the Order Form ("Customer"). '
        "We will notify you of changes. The Client must pay on time. The Company may suspend service."
    )
    parties = extract_terms(doc_from_text(text)).parties
    assert parties["defined"] == ["Acme", "Customer"]
    assert parties["provider"] == ["Acme", "Company", "we"]
    assert parties["customer"] == ["Customer", "Client", "you"]


def test_restated_target_is_one_metric() -> None:
    t = extract_terms(
        doc_from_text(
            "# Summary\n\nAvailability target: 99.9% per month.\n\n# 4. Availability\n\n"
            "4.1 Provider will ensure availability of at least 99.9% in each calendar month."
        )
    )
    assert [(m.target, m.window) for m in t.metrics_of(MetricKind.AVAILABILITY)] == [(99.9, Window.MONTH)]


def test_transposed_support_table() -> None:
    t = extract_terms(
        doc_from_text(
            "| Target | P1 | P2 | P3 |\n|---|---|---|---|\n"
            "| Response time | 15 minutes | 1 hour | 4 business hours |\n"
            "| Resolution time | 4 hours | 8 hours | 3 business days |\n"
            "| Support hours | 24x7 | 24x7 | Business hours |\n"
        )
    )
    got = [(m.kind, m.priority, m.target, m.unit, m.clock) for m in t.metrics]
    assert got == [
        (MetricKind.SUPPORT_RESPONSE, "P1", 15, "minutes", Clock.ALWAYS),
        (MetricKind.SUPPORT_RESPONSE, "P2", 1, "hours", Clock.ALWAYS),
        (MetricKind.SUPPORT_RESPONSE, "P3", 4, "business_hours", Clock.BUSINESS_HOURS),
        (MetricKind.RESOLUTION, "P1", 4, "hours", Clock.ALWAYS),
        (MetricKind.RESOLUTION, "P2", 8, "hours", Clock.ALWAYS),
        (MetricKind.RESOLUTION, "P3", 3, "business_days", Clock.BUSINESS_HOURS),
    ]


def test_targets_listed_under_a_lead_in() -> None:
    t = extract_terms(
        doc_from_text(
            "The Provider will respond to faults within the following times, measured from the fault "
            "being reported:\n\nSeverity 1 (site down): 30 minutes, 24 hours a day, 7 days a week.\n\n"
            "Severity 3 (non-urgent): 1 business day.\n\nThe Provider will report monthly."
        )
    )
    assert [(m.kind, m.target, m.unit, m.priority, m.clock) for m in t.metrics] == [
        (MetricKind.SUPPORT_RESPONSE, 30, "minutes", "Severity 1", Clock.ALWAYS),
        (MetricKind.SUPPORT_RESPONSE, 1, "business_days", "Severity 3", Clock.BUSINESS_HOURS),
    ]


def test_a_colon_list_without_a_target_lead_in_is_not_read() -> None:
    t = extract_terms(doc_from_text("Contacts for the following:\n\nSeverity 1: call 0800 000 000 within office hours."))
    assert t.metrics == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The API will have no more than 22 minutes of Downtime in any calendar month.", [(99.949, Window.MONTH)]),
        ("Unavailability will not exceed 8.76 hours of downtime per year.", [(99.9, Window.YEAR)]),
        ("For each 10 minutes of Downtime beyond 22 minutes of downtime in a month, a credit of USD 500 applies.", []),
    ],
)
def test_downtime_allowance_is_an_availability_target(text: str, expected: list[tuple[float, Window]]) -> None:
    t = extract_terms(doc_from_text(text))
    assert [(m.target, m.window) for m in t.metrics if m.kind is MetricKind.AVAILABILITY] == expected


def test_hyphenated_severity_is_a_priority() -> None:
    [m] = extract_terms(doc_from_text("Engineers respond to Sev-1 incidents within 15 minutes, 24/7.")).metrics
    assert m.priority == "Sev-1"
