"""The privacy officer reads the access log per user, person and period, and sees unusual reading
flagged with its reason and a link to the entries behind it."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from concerto.accounts.models import Role
from concerto.privacy import selectors, services
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.testing.factories import ActivityFactory, ApplicationFactory, DetaineeFactory, EditionFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = dt.date(2027, 3, 10)


@pytest.fixture
def officer(member):
    return member(Role.PRIVACY_OFFICER)


def _at(clock, hour: int, day: dt.date = DAY) -> None:
    clock.move_to(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=BRUSSELS))


def _view(actor, person) -> None:
    services.access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=person)


@pytest.mark.now("2027-03-12T10:00")
def test_reading_many_people_the_service_does_not_follow_is_flagged(officer, worker, service, prison, clock):
    followed = ApplicationFactory(
        edition=EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)
    ).detainee
    strangers = DetaineeFactory.create_batch(10, prison=prison)
    actor = make_actor(worker)
    _at(clock, 10)
    _view(actor, followed)
    for person in strangers[:9]:
        _view(actor, person)
    period = {"actor": make_actor(officer), "since": DAY, "until": DAY}
    assert [flag.kind for flag in selectors.unusual_reading(**period)] == []  # nine: under the limit

    _view(actor, strangers[9])
    (flag,) = selectors.unusual_reading(**period)
    assert (flag.kind, flag.user, flag.count) == ("outside", worker, 10)
    assert "10 people whom none of their services follows" in flag.reason


@pytest.mark.now("2027-03-12T10:00")
def test_night_reading_and_bulk_exports_are_flagged_and_link_to_their_entries(officer, worker, prison, clock):
    actor = make_actor(worker)
    person = DetaineeFactory(prison=prison)
    _at(clock, 23)
    _view(actor, person)
    _at(clock, 14)
    _view(actor, person)
    services.access_log(
        actor=actor,
        action=AccessAction.EXPORT,
        purpose=AccessPurpose.PRISON_LISTS,
        subjects=DetaineeFactory.create_batch(50, prison=prison),
    )
    _at(clock, 10, DAY + dt.timedelta(days=2))
    client = Client()
    client.force_login(officer)

    page = client.get("/en/privacy/access-log/unusual/", {"since": DAY, "until": DAY}).content.decode()

    assert "1 access between 22:00 and 06:00." in page
    assert "1 export or list of many people (50 in it)." in page
    links = [html.unescape(part.split('"')[0]) for part in page.split('href="/en/privacy/access-log/?')[1:]]
    night = next(link for link in links if "at_night=on" in link)
    night_page = client.get(f"/en/privacy/access-log/?{night}").content.decode()
    assert "1 access" in night_page
    assert "Viewed" in night_page
    bulk = next(link for link in links if "min_count=50" in link)
    assert "(50 records)" in client.get(f"/en/privacy/access-log/?{bulk}").content.decode()


@pytest.mark.now("2027-03-12T10:00")
def test_the_log_filters_by_user_person_and_period(officer, worker, member, service, prison, clock):
    other = member(Role.SERVICE_WORKER, service)
    person, someone_else = DetaineeFactory.create_batch(2, prison=prison)
    _at(clock, 9, DAY - dt.timedelta(days=5))
    _view(make_actor(worker), person)
    _at(clock, 9)
    _view(make_actor(worker), person)
    _view(make_actor(other), person)
    _view(make_actor(worker), someone_else)
    actor = make_actor(officer)

    found = selectors.access_log_list(actor=actor, user_id=worker.pk, subject_id=person.pk, since=DAY, until=DAY)

    assert [(row.user, row.subject_id, row.at.date()) for row in found] == [(worker, person.pk, DAY)]
    assert selectors.access_log_list(actor=actor, until=DAY - dt.timedelta(days=1)).count() == 1


def test_only_administrators_and_privacy_officers_read_the_log(officer, worker, member, service):
    assert selectors.access_log_list(actor=make_actor(officer)).count() == 0
    assert selectors.access_log_list(actor=make_actor(member(Role.ADMINISTRATOR, service))).count() == 0
    for reader in (worker, member(Role.COORDINATOR)):
        with pytest.raises(PermissionDenied):
            selectors.access_log_list(actor=make_actor(reader))
