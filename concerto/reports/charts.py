"""The yearly report's charts, drawn with ``concerto.core.charts`` (inline SVG, screen and PDF alike).

Each chart's figures are also in a table next to it on the page and in the PDF, and a hidden
count of people reads "fewer than 5" in both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from concerto.core.charts import Bar, BarGroup, bar_chart, grouped_bar_chart
from concerto.reports.selectors import YearReport


@dataclass
class ReportCharts:
    categories: SafeString | None
    comparison: SafeString | None
    units: SafeString | None
    attendance: SafeString | None


def hours_text(hours: float) -> str:
    return str(floatformat(hours, -1))


def month_name(report_month: dt.date) -> str:
    return capfirst(date_format(report_month, "F"))


def report_charts(report: YearReport) -> ReportCharts:
    """The four charts of the report; a chart with nothing to draw is ``None`` (the page says why)."""
    year, previous = str(report.year), str(report.year - 1)
    categories = (
        bar_chart(
            chart_id="chart-categories",
            title=_("Hours held per category in %(year)s") % {"year": year},
            bars=[Bar(row.label, row.hours, hours_text(row.hours)) for row in report.by_category],
            axis_label=_("Hours"),
        )
        if report.by_category
        else None
    )
    compared = report.category_comparison
    comparison = (
        grouped_bar_chart(
            chart_id="chart-comparison",
            title=_("Hours per category: %(year)s and %(previous)s") % {"year": year, "previous": previous},
            legend=[year, previous],
            groups=[
                BarGroup(
                    row.label,
                    [row.hours, row.previous_hours],
                    [hours_text(row.hours), hours_text(row.previous_hours)],
                )
                for row in compared
            ],
            axis_label=_("Hours"),
        )
        if compared
        else None
    )
    units = (
        bar_chart(
            chart_id="chart-units",
            title=_("Participants per unit in %(year)s") % {"year": year},
            bars=[Bar(row.label, row.participants) for row in report.by_unit],
            axis_label=_("Participants (distinct people)"),
        )
        if report.by_unit
        else None
    )
    months = report.attendance_by_month
    attendance = (
        bar_chart(
            chart_id="chart-attendance",
            title=_("Attendance rate per month in %(year)s") % {"year": year},
            bars=[
                Bar(
                    month_name(row.month),
                    row.rate,
                    f"{row.rate} %"
                    if row.rate is not None
                    else (_("fewer than 5 people") if row.recorded else _("no attendance recorded")),
                )
                for row in months
            ],
            axis_label=_("Sessions attended out of the attendance recorded (%)"),
            maximum=100,
        )
        if any(row.recorded for row in months)
        else None
    )
    return ReportCharts(categories=categories, comparison=comparison, units=units, attendance=attendance)
