"""The detainee API: same scoping as the pages, reduced identity for partners, 400 not 500."""

import pytest
from rest_framework.test import APIClient

from concerto.accounts.models import Role
from concerto.detainees.tests.factories import DetaineeNoteFactory
from concerto.organisations.models import Organisation
from concerto.privacy.models import PersonalDataAccess
from concerto.testing.factories import ApplicationFactory, DetaineeFactory, EditionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def amina(prison, units):
    return DetaineeFactory(prison=prison, unit=units["remand-men"], first_name="Amina", last_name="Benali")


@pytest.fixture
def followed(amina, works_in_haren):
    """The service follows Amina: an application to its edition in Haren (need to know)."""
    return ApplicationFactory(detainee=amina, edition=works_in_haren)


def test_service_staff_read_the_full_record_and_it_is_logged(worker, works_in_haren, amina, followed):
    body = api(worker).get("/api/v1/detainees/").json()
    assert [row["last_name"] for row in body["results"]] == ["Benali"]
    assert PersonalDataAccess.objects.filter(subject_id=amina.pk, user=worker, action="view").exists()


def test_partner_facilitators_get_the_reduced_record(member, prison, units, amina):
    partner = member(Role.PARTNER_FACILITATOR, OrganisationFactory(kind=Organisation.Kind.PARTNER))
    edition = EditionFactory(prison=prison, units=[units["remand-men"]])
    edition.facilitators.set([partner])
    ApplicationFactory(detainee=amina, edition=edition, status="active")
    body = api(partner).get(f"/api/v1/detainees/{amina.pk}/").json()
    assert body == {"id": amina.pk, "first_name": "Amina", "initial": "B", "unit": units["remand-men"].pk}


def test_coordinators_are_refused(coordinator):
    assert api(coordinator).get("/api/v1/detainees/").status_code == 403


def test_create_with_languages_by_iso_code(worker, works_in_haren, prison, units):
    response = api(worker).post(
        "/api/v1/detainees/",
        {
            "prison": prison.pk,
            "prison_number": "9001",
            "first_name": "Ion",
            "last_name": "Popescu",
            "legal_status": "accused",
            "unit": units["remand-men"].pk,
            "languages_spoken": ["ro", "fr"],
            "languages_read": ["ro"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["languages_spoken"]) == ["fr", "ro"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prison_number": "85.07.30-033.28"}, "prison_number"),
        ({"languages_read": ["xx"]}, "languages_read"),
        ({"expected_release_on": "31/12/2027"}, "expected_release_on"),
        ({"expected_release_on": "9999-01-01"}, "expected_release_on"),
        ({"unit": 999999}, "unit"),
        ({"legal_status": "free"}, "legal_status"),
    ],
)
def test_bad_input_is_a_400_on_the_field(worker, works_in_haren, amina, followed, body, field):
    response = api(worker).patch(f"/api/v1/detainees/{amina.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_duplicate_prison_number_is_a_400(worker, works_in_haren, amina, followed, prison, units):
    other = DetaineeFactory(prison=prison, unit=units["remand-men"])
    ApplicationFactory(detainee=other, edition=works_in_haren)
    response = api(worker).patch(f"/api/v1/detainees/{other.pk}/", {"prison_number": amina.prison_number})
    assert response.status_code == 400
    assert "prison_number" in response.json()["errors"]


def test_notes_of_own_service_only(worker, works_in_haren, amina, followed, service, other_service):
    DetaineeNoteFactory(detainee=amina, organisation=other_service, text="Secret")
    client = api(worker)
    assert client.post(f"/api/v1/detainees/{amina.pk}/notes/", {"text": "Vu"}, format="json").status_code == 201
    notes = client.get(f"/api/v1/detainees/{amina.pk}/notes/").json()
    assert [note["text"] for note in notes] == ["Vu"]
    response = client.post(
        f"/api/v1/detainees/{amina.pk}/notes/", {"text": "x", "organisation": other_service.pk}, format="json"
    )
    assert response.status_code == 400
