import pytest

from concerto.accounts.models import Role
from concerto.catalogue.models import ActivityStatus, Edition, Session
from concerto.prisons.models import Unit
from concerto.testing.clock import SCENARIO_NOW
from concerto.testing.factories import ActivityFactory, EditionFactory, OrganisationFactory, RoomFactory, UnitFactory

# Literal dates below (editions from 4 January 2027): the module runs at their moment.
pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]

EDITIONS = "/api/v1/editions/"


@pytest.fixture
def room(prison):
    return RoomFactory(prison=prison, name="Salle polyvalente", capacity=15)


@pytest.fixture
def unit(prison):
    return UnitFactory(prison=prison, code="remand", gender=Unit.Gender.MEN)


def new_edition(activity, prison, unit, room, /, **overrides):
    payload = {
        "activity": activity.pk,
        "prison": prison.pk,
        "units": [unit.pk],
        "room": room.pk,
        "starts_on": "2027-01-04",
        "ends_on": "2027-01-31",
        "capacity": 10,
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "session_starts_at": "14:00",
        "session_ends_at": "16:00",
    }
    payload.update(overrides)
    return payload


def test_worker_creates_an_edition_and_its_weekly_sessions(api, worker, service, prison, unit, room):
    activity = ActivityFactory(organiser=service)
    response = api(worker).post(EDITIONS, new_edition(activity, prison, unit, room), format="json")
    assert response.status_code == 201, response.json()
    edition = Edition.objects.get(pk=response.json()["id"])
    assert edition.sessions.count() == 4  # the Tuesdays of January 2027
    assert response.json()["recurrence"] == "FREQ=WEEKLY;BYDAY=TU"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"recurrence": "FREQ=WEEKLY;BYDAY=XX"}, "recurrence"),
        ({"recurrence": "every tuesday"}, "recurrence"),
        ({"recurrence": "FREQ=WEEKLY;INTERVAL=0"}, "recurrence"),  # would never end in python-dateutil
        ({"recurrence": "FREQ=MONTHLY;BYDAY=+99TU"}, "recurrence"),  # fails while dates are computed
        ({"starts_on": "2027-01-31", "ends_on": "2027-01-04"}, "ends_on"),
        ({"starts_on": "04/01/2027"}, "starts_on"),
        ({"starts_on": "9999-12-31", "ends_on": "9999-12-31"}, "starts_on"),
        ({"session_starts_at": "2pm"}, "session_starts_at"),
        ({"units": [999999]}, "units"),
        ({"room": "salle"}, "room"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 40}, "capacity"),  # more than the room holds
        ({"excluded_dates": ["tomorrow"]}, "excluded_dates"),
    ],
)
def test_bad_edition_input_is_a_400_naming_the_field(api, worker, service, prison, unit, room, overrides, field):
    activity = ActivityFactory(organiser=service)
    response = api(worker).post(EDITIONS, new_edition(activity, prison, unit, room, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Edition.objects.exists()


def test_an_invisible_activity_is_refused_like_one_that_does_not_exist(api, worker, other_service, prison, unit, room):
    draft = ActivityFactory(organiser=other_service, status=ActivityStatus.DRAFT)
    client = api(worker)
    hidden = client.post(EDITIONS, new_edition(draft, prison, unit, room), format="json")
    draft_pk = draft.pk
    draft.delete()
    missing = client.post(EDITIONS, new_edition(draft, prison, unit, room, activity=draft_pk), format="json")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["errors"]["activity"] == missing.json()["errors"]["activity"]


def test_editions_of_another_organisation_cannot_be_planned(api, worker, other_service, prison, unit, room):
    published = ActivityFactory(organiser=other_service)
    response = api(worker).post(EDITIONS, new_edition(published, prison, unit, room), format="json")
    assert response.status_code == 403


def test_double_booking_is_refused_naming_the_room_and_the_other_activity(
    api, worker, member, service, other_service, prison, unit, room
):
    theatre = ActivityFactory(organiser=other_service, title_fr="Atelier théâtre")
    other_worker = member(Role.SERVICE_WORKER, other_service)
    first = api(other_worker).post(EDITIONS, new_edition(theatre, prison, unit, room), format="json")
    assert first.status_code == 201

    drawing = ActivityFactory(organiser=service, title_fr="Dessin")
    response = api(worker).post(EDITIONS, new_edition(drawing, prison, unit, room), format="json")
    assert response.status_code == 400
    message = response.json()["errors"]["room"][0]
    assert "Salle polyvalente" in message
    assert "Atelier théâtre" in message
    assert not Session.objects.filter(edition__activity=drawing).exists()


def test_edition_list_hides_editions_of_other_organisations_drafts(api, worker, service, other_service):
    own = EditionFactory(activity=ActivityFactory(organiser=service, status=ActivityStatus.DRAFT))
    hidden = EditionFactory(activity=ActivityFactory(organiser=other_service, status=ActivityStatus.DRAFT))
    client = api(worker)
    listed = client.get(EDITIONS)
    assert listed.status_code == 200
    assert {e["id"] for e in listed.json()["results"]} == {own.pk}
    assert client.get(f"{EDITIONS}{hidden.pk}/").status_code == 404
    assert client.get(EDITIONS, {"activity": hidden.activity_id}).status_code == 400


@pytest.mark.parametrize(
    "params",
    [{"prison": "x"}, {"period_start": "soon"}, {"period_start": "2027-03-01", "period_end": "2027-01-01"}],
)
def test_invalid_edition_filters_are_a_400(api, worker, params):
    response = api(worker).get(EDITIONS, params)
    assert response.status_code == 400
    assert set(params) & set(response.json()["errors"])


def test_partial_update_keeps_the_rest_of_the_edition(api, worker, service, prison, unit, room):
    activity = ActivityFactory(organiser=service)
    created = api(worker).post(EDITIONS, new_edition(activity, prison, unit, room), format="json").json()
    response = api(worker).patch(f"{EDITIONS}{created['id']}/", {"capacity": 8}, format="json")
    assert response.status_code == 200, response.json()
    edition = Edition.objects.get(pk=created["id"])
    assert (edition.capacity, edition.recurrence, list(edition.units.all())) == (8, "FREQ=WEEKLY;BYDAY=TU", [unit])


def test_update_by_someone_who_may_only_read_is_forbidden(api, member, service):
    edition = EditionFactory(activity=ActivityFactory(organiser=service))
    reader = member(Role.PARTNER_FACILITATOR, OrganisationFactory(kind="partner"))
    assert api(reader).patch(f"{EDITIONS}{edition.pk}/", {"capacity": 8}, format="json").status_code == 403
