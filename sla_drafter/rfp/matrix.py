"""The bidder response matrix (XLSX, openpyxl): blank for bidders, or filled from vendors' SLAs.

Blank (`sla-drafter rfp REQ -o matrix.xlsx`): one row per requirement; the buyer's columns
(id, requirement, required level, need, weight) are locked and the bidder's (offered level,
comply Yes/No/Partial from a dropdown, comments, SLA reference) are open; the sheet is
protected without a password, so a bidder cannot change the ask by accident but nobody is
prompted for one. Header frozen, widths and wrapping set, header row repeated on every
printed page, landscape and fitted to the page width. An Instructions sheet comes first.

Filled (`sla-drafter compare REQ vendor... --format xlsx`): one vendor fills the bidder's
columns (offered level, comply, the reason as comment, the SLA location as reference,
the vendor's words as a cell comment); several vendors get one column group each and a
weighted score row, for the evaluation panel.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Any

from .requirements import Requirements

if TYPE_CHECKING:
    from .compare import Outcome, VendorReport

COMPLY_CHOICES = ("Yes", "No", "Partial")
BUYER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("ID", 9), ("Requirement", 30), ("Required level", 48), ("Mandatory / desirable", 14), ("Weight", 8),
)  # fmt: skip
BIDDER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Offered level", 40), ("Comply", 10), ("Bidder's comments", 40), ("Reference to bidder's SLA", 22),
)  # fmt: skip
VENDOR_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Offered level", 34), ("Comply", 10), ("Status", 11), ("Reason", 44), ("SLA reference", 18),
)  # fmt: skip
MATRIX_SHEET = "Response matrix"
INSTRUCTIONS_SHEET = "Instructions"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    return {
        "head_font": Font(bold=True, color="FFFFFF"),
        "head_fill": PatternFill("solid", fgColor="1F3864"),
        "bidder_fill": PatternFill("solid", fgColor="FFF2CC"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "open": Protection(locked=False),
        "locked": Protection(locked=True),
    }


def _instructions(wb: Any, reqs: Requirements, filled: bool) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    ins = reqs.instructions
    rows: list[tuple[str, str]] = [
        ("RFP", f"{reqs.title}" + (f" ({reqs.data['rfp']['reference']})" if reqs.data["rfp"].get("reference") else "")),
        ("Issued by", reqs.buyer),
    ]
    if filled:
        rows.append(("This workbook", "The response matrix filled in by sla-drafter compare from each vendor's SLA, "
                     "for the evaluation panel. Check each row against the vendor's SLA before scoring."))  # fmt: skip
    else:
        rows += [
            ("How to answer", f"On the '{MATRIX_SHEET}' sheet, complete the yellow columns for every requirement: "
             "the level you offer, whether you comply (Yes, No or Partial, from the list), any comment, and the "
             "clause of your SLA that commits to it. The other columns are locked."),
            ("Mandatory requirements", "A 'No' or an unanswered mandatory requirement may exclude the bid."),
            ("Evaluation", "Each requirement counts by its weight: a level met in full scores the whole weight, a "
             "partial level half of it. Only levels your SLA commits to are evaluated."),
        ]  # fmt: skip
    for key, label in (("deadline", "Deadline"), ("questions_by", "Questions by"), ("format", "Format"), ("contact", "Contact")):
        if ins.get(key):
            rows.append((label, str(ins[key])))
    for note in ins.get("notes") or []:
        rows.append(("Note", str(note)))
    ws.append(["", ""])
    ws["A1"] = reqs.title
    ws["A1"].font = Font(bold=True, size=14)
    for label, text in rows:
        ws.append([label, text])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows(min_row=2):
        row[0].font = Font(bold=True)
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _page_setup(ws: Any, last_col: str) -> None:
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.auto_filter.ref = f"A1:{last_col}{ws.max_row}"


def _header(ws: Any, columns: list[tuple[str, int]], st: dict[str, Any]) -> None:
    from openpyxl.utils import get_column_letter

    ws.append([name for name, _ in columns])
    for i, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        cell = ws.cell(row=1, column=i)
        cell.font = st["head_font"]
        cell.fill = st["head_fill"]
        cell.alignment = st["wrap"]


def _buyer_cells(req: Any) -> list[Any]:
    return [req.id, req.title, req.required_level(), req.need, req.weight]


def _comply_validation(ws: Any, ranges: list[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(COMPLY_CHOICES) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Comply", error="Choose Yes, No or Partial.")  # fmt: skip
    dv.promptTitle = "Comply"
    dv.prompt = "Yes, No or Partial"
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    for ref in ranges:
        dv.add(ref)


def _protect(ws: Any) -> None:
    """Sheet protection with no password: locked cells stay as issued, nobody is prompted."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # bidders may widen columns and rows to read
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = True


def build_matrix(reqs: Requirements, vendors: list[VendorReport] | None = None) -> bytes:
    """The workbook as bytes: blank (no vendors), one vendor's answers, or several side by side."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    vendors = vendors or []
    st = _styles()
    wb = Workbook()
    _instructions(wb, reqs, filled=bool(vendors))
    ws = wb.create_sheet(MATRIX_SHEET)
    if len(vendors) <= 1:
        columns = [*BUYER_COLUMNS, *BIDDER_COLUMNS]
        _header(ws, columns, st)
        outcomes = vendors[0].outcomes if vendors else [None] * len(reqs.requirements)
        for req, outcome in zip(reqs.requirements, outcomes, strict=True):
            ws.append(_buyer_cells(req) + _bidder_cells(outcome))
        first_open = len(BUYER_COLUMNS) + 1
        comply_col = get_column_letter(first_open + 1)
        open_cols = range(first_open, len(columns) + 1)
        if vendors:
            _vendor_comments(ws, vendors[0], first_open)
    else:
        columns = list(BUYER_COLUMNS)
        for v in vendors:
            name = v.path.rsplit("/", 1)[-1]
            columns += [(f"{name}: {label}", width) for label, width in VENDOR_COLUMNS]
        _header(ws, columns, st)
        for i, req in enumerate(reqs.requirements):
            row = _buyer_cells(req)
            for v in vendors:
                o = v.outcomes[i]
                row += [o.offered or "", o.complies, o.status.value, o.reason, _where(o)]
            ws.append(row)
        for k, v in enumerate(vendors):
            _vendor_comments(ws, v, len(BUYER_COLUMNS) + 1 + k * len(VENDOR_COLUMNS))
        _score_rows(ws, vendors)
        comply_col = ""
        open_cols = range(0)
    last_row = 1 + len(reqs.requirements)
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        for cell in row:
            cell.alignment = st["wrap"]
            cell.protection = st["locked"]
    for col in open_cols:
        for r in range(2, last_row + 1):
            cell = ws.cell(row=r, column=col)
            cell.protection = st["open"]
            cell.fill = st["bidder_fill"]
    if comply_col:
        _comply_validation(ws, [f"{comply_col}2:{comply_col}{last_row}"])
    else:
        comply_refs = []
        for k in range(len(vendors)):
            letter = get_column_letter(len(BUYER_COLUMNS) + 2 + k * len(VENDOR_COLUMNS))
            comply_refs.append(f"{letter}2:{letter}{last_row}")
        _comply_validation(ws, comply_refs)
    _page_setup(ws, get_column_letter(len(columns)))
    _protect(ws)
    wb.active = 1 if vendors else 0
    when = _fixed_properties(wb, reqs)
    buffer = io.BytesIO()
    wb.save(buffer)
    from ..assemble.docx import deterministic_zip  # any OOXML package: fixed member timestamps

    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    return deterministic_zip(_fixed_modified(buffer.getvalue(), when), stamp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_modified(package: bytes, when: dt.datetime) -> bytes:
    """openpyxl stamps docProps/core.xml with the time of saving whatever the workbook says:
    put the workbook's own date back, so equal inputs give equal bytes."""
    import zipfile

    fixed = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + fixed + rb"\g<2>", data)
            target.writestr(info, data)
    return out.getvalue()


def _bidder_cells(outcome: Outcome | None) -> list[Any]:
    if outcome is None:
        return ["", "", "", ""]
    return [outcome.offered or "", outcome.complies, f"{outcome.status.value}: {outcome.reason}", _where(outcome)]


def _where(outcome: Outcome) -> str:
    from .compare import location_text

    return location_text(outcome.evidence.location) if outcome.evidence and outcome.evidence.location else ""


def _vendor_comments(ws: Any, vendor: VendorReport, offered_col: int) -> None:
    """The vendor's own words as a comment on its offered-level cell."""
    from openpyxl.comments import Comment

    for i, o in enumerate(vendor.outcomes):
        if o.evidence and o.evidence.text:
            text = " ".join(o.evidence.text.split())[:1500]
            comment = Comment(f"Evidence ({vendor.path.rsplit('/', 1)[-1]}): {text}", "sla-drafter")
            comment.width, comment.height = 320, 140
            ws.cell(row=2 + i, column=offered_col).comment = comment


def _score_rows(ws: Any, vendors: list[VendorReport]) -> None:
    from openpyxl.styles import Font

    score_row: list[Any] = ["Score", "Weighted score (0-100)", "", "", ""]
    failed_row: list[Any] = ["", "Mandatory requirements not met", "", "", ""]
    for v in vendors:
        score_row += [v.score(), "", "", "", ""]
        failed_row += [", ".join(v.mandatory_failed()) or "none", "", "", "", ""]
    ws.append(score_row)
    ws.append(failed_row)
    for cell in ws[ws.max_row - 1]:
        cell.font = Font(bold=True)


def _fixed_properties(wb: Any, reqs: Requirements) -> dt.datetime:
    """Metadata from the requirements, not the clock, so equal inputs give equal workbooks."""
    issued = reqs.data["rfp"].get("issued")
    try:
        when = dt.datetime.fromisoformat(str(issued)) if issued else dt.datetime(2000, 1, 1)
    except ValueError:
        when = dt.datetime(2000, 1, 1)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "sla-drafter"
    wb.properties.title = f"{reqs.title}: response matrix"
    return when
