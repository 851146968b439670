"""Permission matrix entries for the yearly activity report.

Coordinators and administrators read every organisation's figures; service staff read their
own organisations' (asking for another's shows their own); partners and prison staff are refused.
Only coordinators and administrators write the texts of the report's sections.
"""

from __future__ import annotations

from django.utils import timezone

from tests.test_permission_matrix import NOT_ALLOWED, NOT_FOUND, REDIRECT, Case, World, only

READERS = {"administrator", "coordinator", "service_manager", "service_worker", "other_service_worker"}
WRITERS = {"administrator", "coordinator"}


def build(world: World) -> None:
    """The report reads the base world's catalogue; it needs no objects of its own."""


def cases() -> list[Case]:
    fr = "/fr/reports"
    year = timezone.localdate().year
    return [
        Case("reports:index", lambda w: f"{fr}/", only(READERS, yes=REDIRECT)),
        Case("reports:year", lambda w: f"{fr}/{year}/", only(READERS)),
        Case(
            "reports:year",
            lambda w: f"{fr}/{year - 1}/?prison={w.prison_id}&organisation={w.organisation_id}",
            only(READERS),
        ),
        # A year out of range: no such report for those who read reports, a refusal for the others.
        Case("reports:year", lambda w: f"{fr}/1850/", only(READERS, yes=NOT_FOUND)),
        Case("reports:year_csv", lambda w: f"{fr}/{year}/report.csv", only(READERS)),
        Case("reports:year_xlsx", lambda w: f"{fr}/{year}/report.xlsx", only(READERS)),
        Case("reports:year_pdf", lambda w: f"{fr}/{year}/report.pdf", only(READERS)),
        Case("reports:section_text", lambda w: f"{fr}/{year}/texts/summary/", only(set(), no=NOT_ALLOWED)),
        Case(
            "reports:section_text",
            lambda w: f"{fr}/{year}/texts/summary/?prison={w.prison_id}",
            only(WRITERS, yes=REDIRECT),
            "post",
            {"summary-text": "Une année de reprise."},
        ),
    ]
