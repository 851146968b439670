"""The coverage analysis as files: CSV (``;`` and UTF-8 with BOM, so Belgian Excel opens it) and XLSX.

Both hold the findings (one row each, with the sentence shown on the page and the editions
behind it) and the supply × demand table. Counts of people below 5 read "fewer than 5", as on
the page. The shared exports (``concerto.core.exports``) write the files and neutralise formulas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from concerto.core import exports
from concerto.core.exports import FORMATS, Sheet
from concerto.coverage.analysis import Analysis, TableRow, describe, people_text

__all__ = ["FORMATS", "as_csv", "as_xlsx", "finding_rows", "prisons_text", "response", "table_rows"]


def _people(value: int | None) -> Any:
    return value if value is not None else people_text(None)


def finding_rows(analysis: Analysis) -> Iterator[list[Any]]:
    reference = analysis.reference
    editions = analysis.editions
    yield [
        _("Kind"),
        _("Gap or overlap"),
        _("Severity"),
        _("Prison"),
        _("Category"),
        _("Target group"),
        _("Unit"),
        _("Language"),
        _("Finding"),
        _("Editions"),
    ]
    for finding in analysis.findings:
        yield [
            finding.kind_label,
            _("Gap") if finding.is_gap else _("Overlap"),
            finding.severity_label,
            reference.prisons.get(finding.prison_id, ""),
            reference.categories[finding.category_id].name if finding.category_id else "",
            reference.groups[finding.target_group_id].name if finding.target_group_id else "",
            reference.units[finding.unit_id].name if finding.unit_id in reference.units else "",
            reference.languages.get(finding.language, finding.language),
            describe(finding, analysis),
            " | ".join(f"#{pk} {editions[pk].title}" for pk in finding.edition_ids),
        ]


def table_rows(analysis: Analysis) -> Iterator[list[Any]]:
    reference = analysis.reference
    yield [
        _("Target group"),
        _("Root category"),
        _("Category"),
        _("Unit"),
        _("Language"),
        _("Editions"),
        _("Places"),
        _("Sessions per week"),
        _("Hours per week"),
        _("Wishes in surveys"),
        _("Weighted demand"),
        _("Waiting list"),
        _("Refused for lack of places"),
    ]
    for row in analysis.rows:
        yield _table_row(row, analysis, reference)


def _table_row(row: TableRow, analysis: Analysis, reference: Any) -> list[Any]:
    category = reference.categories[row.category_id]
    return [
        reference.groups[row.target_group_id].name if row.target_group_id else _("Not stated"),
        reference.categories[category.root_id].name,
        category.name,
        reference.units[row.unit_id].name if row.unit_id in reference.units else "",
        reference.languages.get(row.language, row.language),
        row.editions,
        row.places,
        row.sessions_per_week,
        row.hours_per_week,
        _people(row.wishers),
        row.score,
        _people(row.waiting),
        _people(row.refused_no_place),
    ]


def prisons_text(analysis: Analysis) -> str:
    """The prison analysed, or "All prisons" when several are."""
    if len(analysis.inputs.prison_ids) == 1:
        return analysis.reference.prisons[analysis.inputs.prison_ids[0]]
    return _("All prisons")


def _title(analysis: Analysis) -> list[str]:
    period = analysis.inputs.period
    return [_("Coverage and overlaps"), prisons_text(analysis), f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"]


def as_csv(analysis: Analysis) -> bytes:
    return exports.csv_content([_title(analysis), [], *finding_rows(analysis), [], *table_rows(analysis)])


def _sheets(analysis: Analysis) -> list[Sheet]:
    return [
        Sheet(_("Findings"), list(finding_rows(analysis)), preamble=[_title(analysis)]),
        Sheet(_("Supply and demand"), list(table_rows(analysis))),
    ]


def as_xlsx(analysis: Analysis) -> bytes:
    return exports.xlsx_content(_sheets(analysis))


def response(analysis: Analysis, file_format: str) -> HttpResponse:
    period = analysis.inputs.period
    content = as_csv(analysis) if file_format == "csv" else as_xlsx(analysis)
    name = f"coverage-{period.start.isoformat()}-{period.end.isoformat()}.{file_format}"
    return exports.file_response(content, filename=name, file_format=file_format)
