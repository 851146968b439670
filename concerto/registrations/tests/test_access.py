"""Who reads what: scoping by role and organisation, short names for facilitators, counts, access log."""

from __future__ import annotations

import pytest
from django.http import Http404
from rest_framework.test import APIClient

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.privacy.models import PersonalDataAccess
from concerto.registrations import selectors
from concerto.registrations.models import ApplicationStatus
from concerto.testing.factories import OrganisationFactory, PrisonFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def facilitator(member, edition):
    partner = OrganisationFactory(name="Theatre company", kind=Organisation.Kind.PARTNER)
    edition.activity.partners.add(partner)
    user = member(Role.PARTNER_FACILITATOR, partner, username="facilitator")
    edition.facilitators.add(user)
    return user


@pytest.fixture
def prison_staff(member, prison):
    administration = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison)
    return member(Role.PRISON_STAFF, administration, username="officer")


@pytest.fixture
def people(application, person):
    participant = application(S.CONFIRMED, detainee=person(first_name="Karim", last_name="Benali"))
    candidate = application(S.IN_SCREENING, detainee=person(first_name="Jan", last_name="Peeters"))
    return participant, candidate


def client_for(client, user):
    client.force_login(user)
    return client


def page(client, edition):
    return client.get(f"/en/registrations/editions/{edition.pk}/")


def test_the_organisers_staff_read_every_application_and_each_read_is_logged(client, worker, edition, people):
    participant, candidate = people
    assert set(selectors.application_list(actor=make_actor(worker), edition=edition)) == {participant, candidate}
    response = page(client_for(client, worker), edition)
    assert response.status_code == 200
    assert "BENALI Karim" in response.text
    assert "PEETERS Jan" in response.text
    logged = PersonalDataAccess.objects.filter(user=worker, action="view", purpose="registration")
    assert logged.named_ids() == {participant.detainee_id, candidate.detainee_id}


def test_a_partner_facilitator_sees_only_first_name_initial_and_unit_of_their_participants(
    client, facilitator, edition, people
):
    participant, _candidate = people
    actor = make_actor(facilitator)
    assert not selectors.application_list(actor=actor, edition=edition).exists()
    with pytest.raises(Http404):
        selectors.application_get(actor=actor, pk=participant.pk)
    assert list(selectors.participants(actor=actor, edition=edition)) == [participant]
    response = page(client_for(client, facilitator), edition)
    assert response.status_code == 200
    assert "Karim B." in response.text
    assert "Benali" not in response.text
    assert "BENALI" not in response.text
    assert participant.detainee.prison_number not in response.text
    assert "Peeters" not in response.text
    assert "PEETERS" not in response.text
    assert client.get(f"/en/registrations/applications/{participant.pk}/").status_code == 404


def test_another_organisations_worker_cannot_read_the_applications(client, other_worker, edition, people):
    _participant, _candidate = people
    actor = make_actor(other_worker)
    assert not selectors.application_list(actor=actor, edition=edition).exists()
    assert not selectors.participants(actor=actor, edition=edition).exists()
    response = page(client_for(client, other_worker), edition)
    assert response.status_code == 200
    assert "BENALI" not in response.text
    assert "PEETERS" not in response.text
    for app in people:
        assert client.get(f"/en/registrations/applications/{app.pk}/").status_code == 404


def test_the_referring_service_reads_its_own_referrals_only(client, other_worker, other_service, application, people):
    referred = application(S.APPLIED, recorded_for=other_service)
    assert list(selectors.application_list(actor=make_actor(other_worker))) == [referred]
    assert client_for(client, other_worker).get(f"/en/registrations/applications/{referred.pk}/").status_code == 200


def test_prison_staff_see_the_participants_of_their_prison_for_their_lists(
    client, prison_staff, member, edition, people
):
    participant, _candidate = people
    actor = make_actor(prison_staff)
    assert not selectors.application_list(actor=actor, edition=edition).exists()
    assert list(selectors.participants(actor=actor, edition=edition)) == [participant]
    response = page(client_for(client, prison_staff), edition)
    assert "BENALI Karim" in response.text
    assert "PEETERS" not in response.text
    elsewhere = OrganisationFactory(
        kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=PrisonFactory(code="saint-gilles", name_fr="Saint-Gilles")
    )
    stranger = member(Role.PRISON_STAFF, elsewhere)
    assert not selectors.participants(actor=make_actor(stranger), edition=edition).exists()


def test_coordinators_see_counts_only_and_never_a_count_under_five(client, coordinator, edition, application, people):
    for _ in range(5):
        application(S.WAITING_LIST)
    overview = selectors.edition_overview(actor=make_actor(coordinator), edition=edition)
    counts = {row.status: row.count for row in overview.counts}
    assert counts[S.WAITING_LIST] == 5
    assert counts[S.CONFIRMED] is None  # 1: hidden
    assert counts[S.REFUSED] == 0
    response = page(client_for(client, coordinator), edition)
    assert "fewer than 5" in response.text
    assert "BENALI" not in response.text
    assert "Karim" not in response.text
    assert not PersonalDataAccess.objects.filter(user=coordinator).exists()


def test_the_api_applies_the_same_rules(facilitator, other_worker, worker, edition, people):
    participant, _candidate = people
    api = APIClient()
    for user in (facilitator, other_worker):
        api.force_authenticate(user)
        assert api.get(f"/api/v1/applications/{participant.pk}/").status_code == 404
        assert api.get("/api/v1/applications/").json()["results"] == []
    api.force_authenticate(facilitator)
    rows = api.get(f"/api/v1/participants/?edition={edition.pk}").json()["results"]
    assert [(row["name"], row["prison_number"]) for row in rows] == [("Karim B.", None)]
    api.force_authenticate(worker)
    assert api.get(f"/api/v1/applications/{participant.pk}/").json()["detainee"]["last_name"] == "Benali"
