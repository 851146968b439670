import datetime as dt

import pytest

from concerto.accounts.models import Role
from concerto.catalogue.models import ActivityStatus, Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.testing.clock import SCENARIO_NOW
from concerto.testing.factories import ActivityFactory, EditionFactory, OrganisationFactory, SessionFactory

# Literal dates below (editions from 4 January 2027): the module runs at their moment.
pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]

SESSIONS = "/api/v1/sessions/"


@pytest.fixture
def edition(service, prison):
    return EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)


def test_worker_adds_a_one_off_session(api, worker, edition):
    payload = {"edition": edition.pk, "starts_at": "2027-01-14T09:00:00", "ends_at": "2027-01-14T11:00:00"}
    response = api(worker).post(SESSIONS, payload, format="json")
    assert response.status_code == 201, response.json()
    session = Session.objects.get(pk=response.json()["id"])
    assert session.origin == Session.Origin.ONE_OFF
    assert session.starts_at == aware(dt.date(2027, 1, 14), dt.time(9, 0))  # read in Brussels time
    assert session.room == edition.room


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": "14/01/2027 09:00"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00:00"}, "starts_at"),
        ({"ends_at": "2027-01-14T08:00:00"}, "ends_at"),  # before the start
        ({"starts_at": "2027-01-16T09:00:00", "ends_at": "2027-01-16T11:00:00"}, "starts_at"),  # a Saturday
        ({"edition": 999999}, "edition"),
        ({"room": 999999}, "room"),
    ],
)
def test_bad_session_input_is_a_400_naming_the_field(api, worker, edition, overrides, field):
    payload = {"edition": edition.pk, "starts_at": "2027-01-14T09:00:00", "ends_at": "2027-01-14T11:00:00"}
    payload.update(overrides)
    response = api(worker).post(SESSIONS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_move_keeps_the_original_time_and_the_reason(api, worker, edition):
    session = SessionFactory(edition=edition)
    response = api(worker).post(
        f"{SESSIONS}{session.pk}/move/",
        {"starts_at": "2027-01-07T14:00:00", "ends_at": "2027-01-07T16:00:00", "reason": "Strike"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    session.refresh_from_db()
    assert session.moved_from == aware(dt.date(2027, 1, 5), dt.time(14, 0))
    assert (session.change_reason, session.room) == ("Strike", edition.room)


def test_move_without_a_reason_is_a_400(api, worker, edition):
    session = SessionFactory(edition=edition)
    response = api(worker).post(
        f"{SESSIONS}{session.pk}/move/",
        {"starts_at": "2027-01-07T14:00:00", "ends_at": "2027-01-07T16:00:00", "reason": ""},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_cancel_once_then_refuse_a_second_time(api, worker, edition):
    session = SessionFactory(edition=edition)
    url = f"{SESSIONS}{session.pk}/cancel/"
    cancelled = api(worker).post(url, {"reason": "Lockdown"}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == SessionStatus.CANCELLED
    again = api(worker).post(url, {"reason": "Lockdown"}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"]["non_field_errors"]


def test_readers_may_not_cancel(api, member, edition):
    session = SessionFactory(edition=edition)
    reader = member(Role.PRISON_STAFF, OrganisationFactory(kind="prison_administration", prison=edition.prison))
    response = api(reader).post(f"{SESSIONS}{session.pk}/cancel/", {"reason": "No"}, format="json")
    assert response.status_code == 403


def test_sessions_list_by_period_and_hides_other_organisations_drafts(api, worker, edition, other_service):
    early = SessionFactory(edition=edition)
    later = SessionFactory(edition=edition, starts_at=aware(dt.date(2027, 1, 12), dt.time(14, 0)))
    hidden = SessionFactory(
        edition=EditionFactory(activity=ActivityFactory(organiser=other_service, status=ActivityStatus.DRAFT))
    )
    client = api(worker)
    assert {s["id"] for s in client.get(SESSIONS).json()["results"]} == {early.pk, later.pk}
    in_period = client.get(SESSIONS, {"from": "2027-01-10", "to": "2027-01-12", "prison": edition.prison_id})
    assert [s["id"] for s in in_period.json()["results"]] == [later.pk]
    assert client.get(f"{SESSIONS}{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("params", [{"from": "next week"}, {"from": "2027-02-01", "to": "2027-01-01"}, {"unit": "u"}])
def test_invalid_session_filters_are_a_400(api, worker, params):
    response = api(worker).get(SESSIONS, params)
    assert response.status_code == 400
    assert set(params) & set(response.json()["errors"])
