"""The yearly report as tables, written to CSV (``;``, UTF-8 with BOM, for Excel in French or Dutch) or XLSX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from concerto.reports.selectors import BreakdownRow, YearReport

# Characters a spreadsheet would read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


def shown(value: Any) -> Any:
    """A figure as the report shows it: hidden small counts read "< 5"."""
    return f"< {settings.CONCERTO_MIN_COUNT}" if value is None else value


def rate(value: float | None) -> Any:
    """An attendance rate in percent; empty when there is none to give (no record, or too few people)."""
    return "" if value is None else value


def _breakdown(title: str, first: str, rows: list[BreakdownRow]) -> Table:
    header = [first, _("Activities"), _("Editions"), _("Sessions held"), _("Hours"), _("Participants")]
    return Table(
        title,
        header,
        [
            [row.label, row.activities, row.editions, row.sessions_held, row.hours, shown(row.participants)]
            for row in rows
        ],
    )


def report_tables(report: YearReport) -> list[Table]:
    year, previous = str(report.year), str(report.year - 1)
    return [
        Table(
            _("Summary"),
            [_("Figure"), year, previous],
            [
                [f"{row.label} (%)", rate(row.current), rate(row.previous)]
                if row.is_rate
                else [row.label, shown(row.current), shown(row.previous)]
                for row in report.comparisons
            ],
        ),
        _breakdown(_("By organisation"), _("Organisation"), report.by_organisation),
        _breakdown(_("By category"), _("Category"), report.by_category),
        _breakdown(_("By target group"), _("Target group"), report.by_target_group),
        _breakdown(_("By unit"), _("Unit"), report.by_unit),
        Table(
            _("Applications"),
            [_("Outcome"), _("Applications")],
            [[r.label, shown(r.count)] for r in report.outcome_rows],
        ),
        Table(
            _("Refusals"),
            [_("Reason"), _("Applications")],
            [[r.label, shown(r.count)] for r in report.refusal_reasons],
        ),
        Table(
            _("Cancellations"),
            [_("Reason"), _("Sessions")],
            [[r.label, r.count] for r in report.cancellation_reasons],
        ),
    ]


def _cell(value: Any) -> Any:
    # Free texts (cancellation reasons, names) must never run as a formula in a spreadsheet.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(tables: list[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for table in tables:
        writer.writerow([table.title])
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([_cell(value) for value in row])
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)[:31].strip() or "Sheet"
    candidate, number = cleaned, 2
    while candidate in used:
        suffix = f" {number}"
        candidate, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook  # imported here: only this export needs it
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
