"""The yearly report as tables, written to CSV or XLSX by the shared exports (``concerto.core.exports``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from concerto.core import exports
from concerto.core.exports import Sheet
from concerto.reports.selectors import BreakdownRow, YearReport


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


def report_sheets(report: YearReport) -> list[Sheet]:
    """The report's tables as sheets for the shared exports (``concerto.core.exports``)."""
    return [Sheet(table.title, [table.header, *table.rows]) for table in report_tables(report)]


def response(report: YearReport, file_format: str) -> HttpResponse:
    """The report as ``concerto-report-<year>.csv`` (every table under its title) or ``.xlsx`` (a sheet each)."""
    return exports.sheets_response(
        report_sheets(report), name=f"concerto-report-{report.year}", file_format=file_format, titled_csv=True
    )
