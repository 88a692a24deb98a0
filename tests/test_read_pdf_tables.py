"""PDF tables: each cell read whole from its wrapped lines, rows in order, one table.

The PDFs are written here with WeasyPrint, in our own words: ruled tables (cell
borders) with 3-5 columns whose cells wrap, a cell spanning two rows, a row split by
a page break, and a borderless table whose rows are set apart by padding.
"""

from __future__ import annotations

from pathlib import Path

from sla_drafter.document import BlockKind, Document
from sla_drafter.read import read_document

RULED = "border: 0.75pt solid black;"
STYLE = """<style>
@page {{ size: {page}; margin: 2cm }} body {{ font: 10pt sans-serif }}
table {{ border-collapse: collapse; width: 100% }}
td {{ {cell} padding: 4pt 6pt; vertical-align: top }}
</style>"""

LEVELS = [
    ["Service level", "Target", "Measured by", "Credit"],
    [
        "Availability of the production platform",
        "99.95% in each calendar month, not counting agreed maintenance windows",
        "An independent monitoring service polling every minute from three regions",
        "10% of the monthly fee for each 0.1% below the target",
    ],
    [
        "Priority 1 response",
        "The supplier will respond within thirty minutes, at any hour of any day",
        "Ticket timestamps in the shared service desk",
        "5% of the monthly fee",
    ],
    ["Priority 2 response", "Within two business hours", "Ticket timestamps", "None"],
]


def html(rows: list[list[str]], cell: str, page: str = "A4", tail: str = "") -> str:
    def td(text: str) -> str:
        return text if text.startswith("<td") else f"<td>{text}</td>"

    body = "".join("<tr>" + "".join(td(c) for c in row) + "</tr>" for row in rows)
    return (
        f"<html><head>{STYLE.format(page=page, cell=cell)}</head><body>"
        "<p>The service levels are these.</p>"
        f"<table>{body}</table><p>Credits are paid monthly.</p>{tail}</body></html>"
    )


def make(tmp_path: Path, name: str, page: str) -> Document:
    import weasyprint

    path = tmp_path / f"{name}.pdf"
    weasyprint.HTML(string=page).write_pdf(str(path))
    return read_document(path)


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]


def test_ruled_table_cells_read_whole(tmp_path: Path) -> None:
    doc = make(tmp_path, "ruled", html(LEVELS, RULED))
    assert doc.tables() == {0: LEVELS}
    assert paragraphs(doc) == ["The service levels are these.", "Credits are paid monthly."]
    cells = [b for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert [(b.row, b.col) for b in cells] == [(r, c) for r in range(4) for c in range(4)]


def test_borderless_table_rows_apart_by_padding(tmp_path: Path) -> None:
    doc = make(tmp_path, "plain", html(LEVELS, ""))
    assert doc.tables() == {0: LEVELS}


def test_five_columns_of_different_lengths_do_not_mix(tmp_path: Path) -> None:
    rows = [
        ["Priority", "Example", "Response", "Restore", "Updates"],
        [
            "P1",
            "The whole service is down for every user",
            "15 minutes",
            "A workaround within four hours and a fix within one business day",
            "Every hour by email and on the status page until resolved",
        ],
        [
            "P2",
            "A major feature fails for many users and no workaround exists",
            "One hour, in business hours only",
            "Two business days",
            "Daily",
        ],
    ]
    doc = make(tmp_path, "five", html(rows, RULED))
    assert doc.tables() == {0: rows}


def test_cell_spanning_rows_and_lines_within_a_cell(tmp_path: Path) -> None:
    rows = [
        ["Area", "Duty", "Measure"],
        [
            '<td rowspan="2">Support desk</td>',
            "Answer calls promptly in business hours.<br>Log every call in the tracker.",
            "Monthly report",
        ],
        ["Escalate faults it cannot fix within one business hour", "Sample audit"],
    ]
    doc = make(tmp_path, "span", html(rows, RULED))
    assert doc.tables() == {
        0: [
            ["Area", "Duty", "Measure"],
            [
                "Support desk",
                "Answer calls promptly in business hours. Log every call in the tracker.",
                "Monthly report",
            ],
            ["", "Escalate faults it cannot fix within one business hour", "Sample audit"],
        ]
    }


def test_row_split_by_a_page_break_stays_one_row_of_one_table(tmp_path: Path) -> None:
    long_cell = " ".join(
        f"Step {n}: the supplier records the fault, tells the customer and keeps working on it."
        for n in range(1, 6)
    )
    rows = [
        ["Stage", "What happens", "Owner"],
        ["Intake", "The customer reports a fault by phone or portal", "Customer"],
        ["Handling", long_cell, "Supplier"],
        ["Closure", "The customer confirms the fault is fixed", "Customer"],
    ]
    filler = "<p>" + "This paragraph only fills the page so the table breaks. " * 28 + "</p>"
    page = html(rows, RULED, page="A5").replace("<body>", "<body>" + filler)
    doc = make(tmp_path, "split", page)
    assert doc.pages is not None and doc.pages >= 2
    tables = doc.tables()
    assert list(tables) == [0]
    assert tables[0] == rows
    pages = {b.page for b in doc.blocks if b.kind is BlockKind.TABLE_CELL}
    assert len(pages) >= 2
