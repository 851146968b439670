"""The product at the calendar's edges: ISO week 53, the new year, daylight-saving changes.

Each test sets its own moment (the ``now`` marker or the ``clock`` fixture): these are the dates
where local time, UTC and the ISO calendar part ways. Brussels is UTC+1 in winter, UTC+2 in
summer; summer time starts on Sunday 28 March 2027 and ends on Sunday 31 October 2027.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from concerto.attendance import services as attendance_services
from concerto.attendance.tests.test_lists_and_pdfs import pdf_text
from concerto.catalogue import services as catalogue_services
from concerto.catalogue.scheduling import aware
from concerto.coverage import selectors as coverage_selectors
from concerto.coverage.analysis import Filters
from concerto.prisons.models import ActivityWindow
from concerto.registrations import services as registration_services
from concerto.registrations.models import ApplicationStatus
from concerto.registrations.tests.factories import EditionScreeningFactory
from concerto.reports import selectors as report_selectors
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    PrisonFactory,
    RoomFactory,
    SessionFactory,
    UnitFactory,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
UTC = dt.UTC


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tuesdays(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def week_title(html: str) -> str:
    return re.search(r'<h2 class="week-title"[^>]*>([^<]+)</h2>', html).group(1).strip()


def today_in_calendar(html: str) -> str:
    return re.search(r'aria-current="date">\s*<h3>([^<]+)<span class="date">([^<]+)</span>', html).group(2)


# --- ISO week 53 and the new year ------------------------------------------------------------


@pytest.fixture
def year_end_edition(prison, service):
    """Tuesdays 14:00 from 15 December 2026 to 12 January 2027, across ISO week 53 of 2026."""
    edition = EditionFactory(
        activity=ActivityFactory(organiser=service, title_fr="Atelier dessin", title_en="Drawing workshop"),
        prison=prison,
        starts_on=dt.date(2026, 12, 14),
        ends_on=dt.date(2027, 1, 15),
    )
    for day in tuesdays(dt.date(2026, 12, 15), dt.date(2027, 1, 12)):
        SessionFactory(edition=edition, starts_at=aware(day, dt.time(14, 0)))
    SessionFactory(edition=edition, starts_at=aware(dt.date(2026, 12, 31), dt.time(9, 0)))  # a Thursday
    SessionFactory(edition=edition, starts_at=aware(dt.date(2027, 1, 2), dt.time(10, 0)))  # a Saturday
    return edition


@pytest.mark.now("2026-12-28T00:30")  # Monday in Brussels, still Sunday 27 in UTC
def test_this_week_at_half_past_midnight_on_monday_is_iso_week_53_across_the_new_year(
    year_end_edition, coordinator, prison
):
    html = client_for(coordinator).get(f"/en/catalogue/calendar/prison/{prison.pk}/").content.decode()

    assert week_title(html) == "Week of 28/12/2026 to 03/01/2027"
    assert today_in_calendar(html) == "28/12"
    days = re.findall(r'<span class="date">([^<]+)</span>', html)
    assert days == ["28/12", "29/12", "30/12", "31/12", "01/01", "02/01", "03/01"]
    times = re.findall(r'<span class="time">([^<]+)</span>', html)
    assert times == ["14:00–16:00", "09:00–11:00", "10:00–12:00"]  # Tue 29/12, Thu 31/12, Sat 02/01
    assert f"?week={dt.date(2026, 12, 21).isoformat()}" in html
    assert f"?week={dt.date(2027, 1, 4).isoformat()}" in html


@pytest.mark.now("2027-01-03T23:30")  # Sunday of ISO week 53 of 2026, late evening
def test_the_last_day_of_week_53_still_shows_that_week_and_the_next_one_starts_on_4_january(
    year_end_edition, coordinator, prison
):
    client = client_for(coordinator)
    html = client.get(f"/en/catalogue/calendar/prison/{prison.pk}/").content.decode()
    assert week_title(html) == "Week of 28/12/2026 to 03/01/2027"
    assert today_in_calendar(html) == "03/01"

    next_week = client.get(f"/en/catalogue/calendar/prison/{prison.pk}/?week=2027-01-04").content.decode()
    assert week_title(next_week) == "Week of 04/01/2027 to 10/01/2027"
    assert re.findall(r'<span class="time">([^<]+)</span>', next_week) == ["14:00–16:00"]  # Tue 05/01


# --- Sessions at 14:00 on the daylight-saving change days ----------------------------------------


@pytest.fixture
def dst_prison():
    """A prison open on Sunday afternoons, and on public holidays (28 March 2027 is Easter Sunday)."""
    prison = PrisonFactory(code="dst", name_fr="Prison du dimanche", closed_on_public_holidays=False)
    ActivityWindow.objects.create(prison=prison, weekday=6, starts_at=dt.time(13, 30), ends_at=dt.time(17, 0))
    return prison


@pytest.fixture
def dst_edition(dst_prison, service, worker):
    """Created in February: a session on the last Sunday of March and of October 2027, 14:00–16:00."""
    unit = UnitFactory(prison=dst_prison, code="dst-a", name_fr="Aile D")
    edition = catalogue_services.edition_create(
        actor=make_actor(worker),
        activity=ActivityFactory(organiser=service, title_fr="Chorale", title_nl="Koor", title_en="Choir"),
        data=catalogue_services.EditionData(
            prison=dst_prison,
            units=[unit],
            room=RoomFactory(prison=dst_prison, name="Chapelle"),
            starts_on=dt.date(2027, 3, 1),
            ends_on=dt.date(2027, 10, 31),
            capacity=8,
            recurrence="FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
            session_starts_at=dt.time(14, 0),
            session_ends_at=dt.time(16, 0),
        ),
    )
    ApplicationFactory(
        edition=edition,
        status="confirmed",
        detainee=DetaineeFactory(prison=dst_prison, unit=unit, first_name="Karim", last_name="Benali"),
    )
    return edition


@pytest.mark.now("2027-02-01T10:00")
def test_sessions_at_14_00_on_both_change_days_are_stored_as_the_right_utc_instants(dst_edition):
    starts = [s.starts_at.astimezone(UTC) for s in dst_edition.sessions.order_by("starts_at")]
    assert starts == [
        dt.datetime(2027, 3, 28, 12, 0, tzinfo=UTC),  # summer time: UTC+2
        dt.datetime(2027, 10, 31, 13, 0, tzinfo=UTC),  # winter time again: UTC+1
    ]
    assert [timezone.localtime(s).strftime("%H:%M") for s in starts] == ["14:00", "14:00"]


@pytest.mark.now("2027-02-01T10:00")
@pytest.mark.parametrize("day", [dt.date(2027, 3, 28), dt.date(2027, 10, 31)], ids=["spring", "autumn"])
def test_the_calendar_and_the_movement_list_show_14_00_on_a_change_day(dst_edition, dst_prison, worker, day):
    client = client_for(worker)
    week = client.get(f"/en/catalogue/calendar/prison/{dst_prison.pk}/?week={day.isoformat()}").content.decode()
    assert re.findall(r'<span class="time">([^<]+)</span>', week) == ["14:00–16:00"]

    movements = client.get("/en/attendance/movements/", {"prison": dst_prison.pk, "day": day.isoformat()})
    assert "<td>14:00–16:00</td>" in movements.content.decode()


@needs_pdftotext
@pytest.mark.now("2027-02-01T10:00")
@pytest.mark.parametrize("day", [dt.date(2027, 3, 28), dt.date(2027, 10, 31)], ids=["spring", "autumn"])
def test_the_movement_list_and_participant_list_pdfs_show_14_00_on_a_change_day(dst_edition, dst_prison, worker, day):
    client = client_for(worker)
    movements = client.get("/nl/attendance/movements.pdf", {"prison": dst_prison.pk, "day": day.isoformat()})
    text = pdf_text(movements.content)
    assert "14:00" in text
    assert "13:00" not in text
    assert "12:00" not in text
    assert "BENALI Karim" in text

    session = dst_edition.sessions.get(starts_at__date=day)
    participants = pdf_text(client.get(f"/fr/attendance/sessions/{session.pk}/participants.pdf").content)
    assert "14:00" in participants
    assert "13:00" not in participants
    assert "12:00" not in participants


# --- Windows and deadlines that span a daylight-saving change ----------------------------------


def brussels(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.mark.now("2027-02-01T10:00")
def test_the_attendance_window_follows_brussels_days_across_the_spring_change(dst_edition, clock, settings):
    settings.CONCERTO_ATTENDANCE_EDIT_DAYS = 3
    session = dst_edition.sessions.order_by("starts_at").first()  # Sunday 28 March 2027, 14:00
    window = attendance_services.attendance_window(session)
    assert (window.opens_on, window.closes_on) == (dt.date(2027, 3, 28), dt.date(2027, 3, 31))

    clock.move_to(brussels(2027, 3, 27, 23, 30))
    with pytest.raises(ValidationError, match=r"from the day of the session \(28/03/2027\)"):
        attendance_services.attendance_check_open(session)
    clock.move_to(brussels(2027, 3, 28, 0, 30))  # still 27 March in UTC, already the 28th here
    attendance_services.attendance_check_open(session)
    clock.move_to(brussels(2027, 3, 31, 23, 30))  # summer time now: 21:30 UTC
    attendance_services.attendance_check_open(session)
    clock.move_to(brussels(2027, 4, 1, 0, 30))  # still 31 March in UTC
    with pytest.raises(ValidationError, match=r"until 31/03/2027 \(3 days after the session\)"):
        attendance_services.attendance_check_open(session)


@pytest.mark.parametrize(
    ("offered_at", "answer_by"),
    [
        ((2027, 3, 26, 10, 0), (2027, 3, 31, 10, 0)),  # offered in winter time, due in summer time
        ((2027, 10, 29, 10, 0), (2027, 11, 3, 10, 0)),  # offered in summer time, due in winter time
    ],
    ids=["spring", "autumn"],
)
def test_an_offer_deadline_keeps_the_time_of_day_across_a_change(
    dst_edition, dst_prison, manager, clock, offered_at, answer_by
):
    EditionScreeningFactory(edition=dst_edition, offer_response_days=5)
    unit = dst_edition.units.get()
    application = ApplicationFactory(
        edition=dst_edition, status="applied", detainee=DetaineeFactory(prison=dst_prison, unit=unit)
    )
    clock.move_to(brussels(*offered_at))

    offered = registration_services.application_decide(
        actor=make_actor(manager), application=application, decision="accept"
    )

    assert offered.status == ApplicationStatus.OFFERED
    assert timezone.localtime(offered.offer_expires_at).replace(second=0, microsecond=0) == brussels(*answer_by)
    clock.move_to(brussels(*answer_by) - dt.timedelta(minutes=1))
    assert registration_services.offers_expire() == 0
    clock.move_to(brussels(*answer_by) + dt.timedelta(minutes=1))
    assert registration_services.offers_expire() == 1


# --- A yearly report and a coverage period that cross the new year ----------------------------


@pytest.mark.now("2027-02-01T10:00")
def test_a_yearly_report_counts_each_session_in_the_year_it_was_held(year_end_edition, coordinator):
    actor = make_actor(coordinator)

    def held(year: int) -> int:
        report = report_selectors.year_report(scope=report_selectors.report_scope(actor=actor, year=year))
        return report.headline.sessions_held

    # Tuesdays 15, 22 and 29 December and Thursday 31 December; then 2, 5 and 12 January.
    assert (held(2026), held(2027)) == (4, 3)


@pytest.mark.now("2027-03-01T10:00")
def test_a_coverage_period_across_the_new_year_counts_the_weeks_on_both_sides(prison, service, coordinator):
    edition = EditionFactory(
        activity=ActivityFactory(organiser=service), prison=prison, starts_on=dt.date(2026, 11, 30)
    )
    edition.ends_on = dt.date(2027, 2, 26)
    edition.save()
    for day in tuesdays(dt.date(2026, 12, 1), dt.date(2027, 2, 23)):  # 13 Tuesdays, week 53 included
        SessionFactory(edition=edition, starts_at=aware(day, dt.time(14, 0)))
    period = coverage_selectors.Period(start=dt.date(2026, 12, 1), end=dt.date(2027, 2, 28))  # 90 days

    result = coverage_selectors.coverage_analysis(
        actor=make_actor(coordinator), prison=prison, period=period, filters=Filters()
    )

    [row] = [r for r in result.rows if edition.pk in r.edition_ids]
    assert (row.editions, row.sessions_per_week, row.hours_per_week) == (1, 1.0, 2.0)  # 13 sessions / 12.9 weeks
