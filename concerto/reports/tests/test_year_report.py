"""The yearly report on a small known world (``known_world.py``): figures, hidden small counts, scoping,
exports, queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.models import Role
from concerto.attendance.models import Attendance
from concerto.reports import selectors
from concerto.reports.tests.known_world import day, last_year, sessions
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    UnitFactory,
    target_group,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db


def report_for(user, **filters):
    actor = make_actor(user)
    return selectors.year_report(scope=selectors.report_scope(actor=actor, year=last_year(), **filters))


def by_label(rows):
    return {row.label: row for row in rows}


def test_figures_of_the_year_add_up_from_the_records(world, coordinator):
    report = report_for(coordinator)
    headline = report.headline
    assert (headline.activities, headline.editions) == (2, 2)
    assert (headline.sessions_held, headline.sessions_cancelled) == (5, 1)
    assert headline.hours == 9.0
    assert headline.participants == 9
    assert headline.applications == 12
    assert headline.attendance_rate == 83  # 15 present out of 18 recorded
    assert headline.outcomes["accepted"] == 9
    assert headline.outcomes["in_screening"] == 0
    assert [(row.label, row.count) for row in report.cancellation_reasons] == [("grève", 1)]

    organisations = by_label(report.by_organisation)
    assert (organisations["APO"].sessions_held, organisations["APO"].hours, organisations["APO"].participants) == (
        3,
        6.0,
        7,
    )
    assert organisations["Rizome-BXL"].sessions_held == 2
    categories = by_label(report.by_category)
    assert set(categories) == {"Training", "Sociocultural"}  # sub-themes count in their root
    assert categories["Training"].participants == 7
    groups = by_label(report.by_target_group)
    assert (groups["Men"].editions, groups["Men"].participants) == (2, 9)
    assert groups["Accused"].sessions_held == 2
    units = by_label(report.by_unit)
    assert (units["Unit A"].editions, units["Unit A"].sessions_held, units["Unit A"].participants) == (2, 5, 9)
    assert units["Unit B"].editions == 1

    assert (report.previous.sessions_held, report.previous.hours) == (1, 2.0)


def test_counts_of_fewer_than_five_people_are_hidden(world, coordinator):
    report = report_for(coordinator)
    assert report.headline.dropouts is None  # one dropout
    assert report.headline.interviews_done is None
    assert report.headline.outcomes["waiting_list"] is None
    assert [(row.label, row.count) for row in report.refusal_reasons] == [("Full", None)]
    assert by_label(report.by_organisation)["Rizome-BXL"].participants is None  # two people
    assert by_label(report.by_unit)["Unit B"].participants is None


def test_attendance_rate_of_fewer_than_five_people_is_not_shown(world, member, other_service):
    rizome = member(Role.SERVICE_WORKER, other_service)
    Attendance.objects.create(
        session=world["theatre"].sessions.first(), application=world["theatre"].applications.first(), status="present"
    )
    assert report_for(rizome).headline.attendance_rate is None


def test_a_service_reads_only_its_own_figures(world, member, other_service, service):
    rizome = member(Role.SERVICE_WORKER, other_service)
    report = report_for(rizome)
    assert report.headline.sessions_held == 2
    assert [row.label for row in report.by_organisation] == ["Rizome-BXL"]
    with pytest.raises(PermissionDenied):
        report_for(rizome, organisation_id=service.pk)


def test_the_page_ignores_another_services_organisation_in_the_filters(world, member, other_service, service):
    client = Client()
    client.force_login(member(Role.SERVICE_WORKER, other_service))
    response = client.get(f"/en/reports/{last_year()}/?organisation={service.pk}")
    assert response.status_code == 200
    assert response.context["report"].headline.sessions_held == 2
    assert "APO" not in {row.label for row in response.context["report"].by_organisation}


def test_coordinator_filters_by_organisation(world, coordinator, service):
    assert report_for(coordinator, organisation_id=service.pk).headline.sessions_held == 3


def test_csv_and_excel_exports_carry_the_figures_with_small_counts_hidden(world, coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.get(f"/en/reports/{last_year()}/report.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Sessions held", "5", "1"] in rows
    assert ["Dropouts", "< 5", "0"] in rows

    response = client.get(f"/en/reports/{last_year()}/report.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    summary = [list(row) for row in workbook["Summary"].iter_rows(values_only=True)]
    assert ["Hours delivered", 9.0, 2.0] in summary


def test_reports_index_goes_to_this_year(coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.get("/en/reports/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/reports/{timezone.localdate().year}/"
    assert client.get("/en/reports/1850/").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_report_makes_the_same_number_of_queries_whatever_the_size(world, coordinator, prison, service):
    client = Client()
    client.force_login(coordinator)
    url = f"/en/reports/{last_year()}/"
    client.get(url)  # the first visit saves the user's language choice
    small = _queries(client, url)
    for index in range(4):
        unit = UnitFactory(prison=prison, code=f"more-{index}")
        edition = EditionFactory(
            activity=ActivityFactory(organiser=service, target_groups=[target_group("women")]),
            prison=prison,
            units=[unit],
        )
        sessions(edition, [day(9, 2 + index)])
        for _ in range(3):
            ApplicationFactory(edition=edition, status="refused", detainee=DetaineeFactory(prison=prison))
    assert _queries(client, url) == small
