"""Tables as files: CSV and XLSX, written the same way by every app (surveys, coverage, reports).

- **CSV**: ``;`` between fields, UTF-8 with a byte order mark and CRLF line ends, so Excel set
  to Belgian (French or Dutch) settings opens it in columns with accents intact.
- **XLSX** (openpyxl): one sheet per table, its header row bold and frozen, columns as wide as
  their texts (within reason).
- **Formulas never run**: a text cell that a spreadsheet would read as the start of a formula
  (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, so a
  typed-in answer or a free-text reason cannot run as a formula (CSV injection). This is the one
  place that does it; numbers are left alone.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse

Row = Sequence[Any]
FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31
FORBIDDEN_IN_SHEET_TITLES = "[]:*?/\\"


def neutralise(value: Any) -> Any:
    """``value`` as a cell: a text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Sheet:
    """A table to write: rows of cells, the first one a header (bold and frozen in XLSX)."""

    title: str
    rows: list[Row] = field(default_factory=list)
    # Rows written above the header in XLSX (a title line); CSV writes them too.
    preamble: list[Row] = field(default_factory=list)


def csv_content(rows: Iterable[Row]) -> bytes:
    """One CSV file of ``rows`` (Excel's habits: ``;``, BOM, CRLF), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_of_sheets(sheets: Iterable[Sheet], *, titled: bool = False) -> bytes:
    """Several tables in one CSV file, one blank line between them; ``titled``: each under its title."""
    rows: list[Row] = []
    for index, sheet in enumerate(sheets):
        if index:
            rows.append([])
        if titled:
            rows.append([sheet.title])
        rows.extend(sheet.preamble)
        rows.extend(sheet.rows)
    return csv_content(rows)


def sheet_title(title: str, used: set[str]) -> str:
    """A valid sheet name (31 characters, none of ``[]:*?/\\``), unique within ``used``."""
    cleaned = "".join(" " if char in FORBIDDEN_IN_SHEET_TITLES else char for char in title)
    cleaned = cleaned[:SHEET_TITLE_MAX].strip() or "Sheet"
    candidate, number = cleaned, 2
    while candidate in used:
        suffix = f" {number}"
        candidate, number = cleaned[: SHEET_TITLE_MAX - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def xlsx_content(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per table, every cell neutralised."""
    from openpyxl import Workbook  # imported here: only the XLSX exports need it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in sheets:
        sheet = workbook.create_sheet(title=sheet_title(table.title, used))
        for row in table.preamble:
            sheet.append([neutralise(value) for value in row])
        header_row = len(table.preamble) + 1
        widths: dict[int, int] = defaultdict(int)
        for row in table.rows:
            sheet.append([neutralise(value) for value in row])
            for column, value in enumerate(row, start=1):
                widths[column] = max(widths[column], min(len(str(value)), 60))
        if table.rows:
            for cell in sheet[header_row]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = f"A{header_row + 1}"
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = max(width + 2, 8)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(content: bytes, *, filename: str, file_format: str) -> HttpResponse:
    """A download, never cached (exports may hold figures or answers not meant for a shared cache)."""
    response = HttpResponse(content, content_type=CSV_TYPE if file_format == "csv" else XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def sheets_response(sheets: Sequence[Sheet], *, name: str, file_format: str, titled_csv: bool = False) -> HttpResponse:
    """``sheets`` as ``name.csv`` (all tables in one file) or ``name.xlsx`` (one sheet each)."""
    content = csv_of_sheets(sheets, titled=titled_csv) if file_format == "csv" else xlsx_content(sheets)
    return file_response(content, filename=f"{name}.{file_format}", file_format=file_format)
