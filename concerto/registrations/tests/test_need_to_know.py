"""Need to know: a service reads in full only the people it follows, and finds others narrowly to register them.

The scene from issue 13: a worker of Rizome-BXL, whose service has an edition in Haren, read the
full record of every detainee of Haren. Now Rizome lists only the people it follows; it finds
someone new by exact prison number or a name of three letters or more, as a short match, each
search logged; and once Rizome records an application, it follows that person.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from concerto.privacy.models import AccessPurpose, PersonalDataAccess
from concerto.registrations.models import Application
from concerto.registrations.selectors import REGISTER_SEARCH_LIMIT
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    PrisonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
URL = "/en/registrations/"


@pytest.fixture
def rizome_edition(other_service, prison, unit):
    """Rizome works in Haren too: it organises an edition there."""
    return EditionFactory(activity=ActivityFactory(organiser=other_service), prison=prison, units=[unit])


@pytest.fixture
def apos_person(person, edition):
    """Someone APO follows (an application to APO's edition) and Rizome has never met."""
    detainee = person(first_name="Emre", last_name="Kaya", prison_number="312481", expected_release_on=None)
    ApplicationFactory(detainee=detainee, edition=edition)
    return detainee


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_a_worker_of_another_service_no_longer_reads_apos_people(client, other_worker, rizome_edition, apos_person):
    assert api(other_worker).get("/api/v1/detainees/").json()["results"] == []
    assert api(other_worker).get(f"/api/v1/detainees/{apos_person.pk}/").status_code == 404
    client.force_login(other_worker)
    assert "Kaya" not in client.get("/en/detainees/").text
    assert client.get(f"/en/detainees/{apos_person.pk}/").status_code == 404


def test_once_rizome_records_an_application_it_follows_the_person(
    client, other_worker, rizome_edition, apos_person, worker
):
    client.force_login(other_worker)
    response = client.post(
        URL,
        {
            "q": "312481",
            "detainee": apos_person.pk,
            "edition": rizome_edition.pk,
            "source": "paper",
            "applied_on": timezone.localdate().isoformat(),
            "priority": 0,
            "then": "record",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Application.objects.filter(detainee=apos_person, edition=rizome_edition).exists()
    assert [row["last_name"] for row in api(other_worker).get("/api/v1/detainees/").json()["results"]] == ["Kaya"]
    assert client.get(f"/en/detainees/{apos_person.pk}/").status_code == 200
    # APO still follows them; nobody else was opened up.
    assert api(worker).get(f"/api/v1/detainees/{apos_person.pk}/").status_code == 200


def test_the_exact_prison_number_finds_a_short_match_and_the_search_is_logged(
    client, other_worker, rizome_edition, apos_person
):
    apos_person.legal_status = "interned"
    apos_person.save()
    client.force_login(other_worker)
    response = client.get(URL, {"q": "312481"})
    assert response.context["new_people"] == [apos_person]
    assert "KAYA Emre (312481)" in response.text
    assert "not followed by your service yet" in response.text
    assert "Interned" not in response.text  # a short match: no legal status, languages or release date
    logged = PersonalDataAccess.objects.get(user=other_worker, purpose=AccessPurpose.SEARCH_TO_REGISTER)
    assert logged.subject_id == apos_person.pk


def test_fewer_than_three_letters_finds_nobody_new_and_says_why(client, other_worker, rizome_edition, apos_person):
    client.force_login(other_worker)
    response = client.get(URL, {"q": "Ka"})
    assert response.context["new_people"] == []
    assert "at least three letters of their name" in response.text
    assert not PersonalDataAccess.objects.filter(purpose=AccessPurpose.SEARCH_TO_REGISTER).exists()
    # A part of the prison number is not a prison number.
    assert client.get(URL, {"q": "3124"}).context["new_people"] == []


def test_a_name_search_shows_at_most_ten_and_writes_one_entry_naming_them(client, other_worker, rizome_edition, person):
    for number in range(REGISTER_SEARCH_LIMIT + 3):
        person(last_name=f"Peeters-{number:02d}")
    client.force_login(other_worker)
    response = client.get(URL, {"q": "peeters"})
    shown = response.context["new_people"]
    assert len(shown) == REGISTER_SEARCH_LIMIT
    logged = PersonalDataAccess.objects.get(purpose=AccessPurpose.SEARCH_TO_REGISTER)
    assert logged.subject_ids == sorted(d.pk for d in shown)
    assert logged.count == REGISTER_SEARCH_LIMIT


def test_choosing_someone_not_followed_opens_the_record_with_its_purpose_logged(
    client, other_worker, rizome_edition, apos_person
):
    client.force_login(other_worker)
    response = client.get(URL, {"detainee": apos_person.pk})
    assert response.context["chosen"] == apos_person
    assert response.context["chosen_is_new"]
    assert "The person chosen to register" in response.text
    logged = PersonalDataAccess.objects.get(subject_id=apos_person.pk, user=other_worker)
    assert (logged.purpose, logged.detail) == (AccessPurpose.REGISTRATION, "chosen to register, not followed yet")


def test_people_of_a_prison_where_the_service_does_not_work_are_never_found(client, other_worker, apos_person):
    client.force_login(other_worker)  # Rizome has no edition in Haren here
    assert client.get(URL, {"q": "312481"}).context["new_people"] == []
    assert client.get(URL, {"detainee": apos_person.pk}).context["chosen"] is None


def test_the_demo_worker_still_finds_their_people_by_any_word(client, worker, edition, apos_person):
    """People the service follows are searched as before: any word of their names, in full."""
    client.force_login(worker)
    response = client.get(URL, {"q": "Em"})
    assert response.context["people"] == [apos_person]
    assert response.context["new_people"] == []


def test_the_edition_form_finds_new_people_of_its_prison_only(client, other_worker, rizome_edition, apos_person):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Ailleurs")
    DetaineeFactory(prison=elsewhere, unit=UnitFactory(prison=elsewhere), last_name="Kayanova")
    EditionFactory(activity=ActivityFactory(organiser=rizome_edition.activity.organiser), prison=elsewhere)
    client.force_login(other_worker)
    response = client.get(f"/en/registrations/editions/{rizome_edition.pk}/apply/", {"q": "kaya"})
    assert response.context["new_people"] == [apos_person]
