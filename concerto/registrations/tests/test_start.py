"""The registrations entry page: find a person or an edition, record the slip in one form."""

from __future__ import annotations

import pytest
from django.utils import timezone

from concerto.privacy.models import PersonalDataAccess
from concerto.registrations.models import Application, ApplicationStatus
from concerto.registrations.wording import ordinal
from concerto.testing.factories import ActivityFactory, ApplicationFactory, EditionFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
URL = "/en/registrations/"


def slip(detainee, to, then="record", **fields):
    data = {
        "q": detainee.prison_number,
        "detainee": detainee.pk,
        "edition": to.pk,
        "source": "paper",
        "applied_on": timezone.localdate().isoformat(),
        "priority": 0,
        "then": then,
    }
    data.update(fields)
    return data


def test_a_number_from_the_slip_finds_the_person_chosen_already_and_is_logged(client, worker, edition, person):
    detainee = person(first_name="Emre", last_name="Kaya", prison_number="312481")
    client.force_login(worker)
    response = client.get(URL, {"q": "312481"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["detainee"] == detainee.pk
    assert form.initial["edition"] == edition.pk  # the only open edition of the person's prison
    assert "KAYA Emre (312481)" in response.text
    assert '<option value="" selected>No referral</option>' in response.text
    assert PersonalDataAccess.objects.about(detainee.pk).filter(detail="registrations entry page").exists()


def test_recording_and_accepting_in_a_full_edition_says_the_place_on_the_waiting_list(
    client, worker, edition, person, application
):
    for _ in range(edition.capacity):
        application(S.CONFIRMED)
    for _ in range(3):
        application(S.WAITING_LIST)
    detainee = person(first_name="Emre", last_name="Kaya")
    client.force_login(worker)
    response = client.post(URL, slip(detainee, edition, then="accept"), follow=True)
    recorded = Application.objects.get(detainee=detainee)
    assert recorded.status == S.WAITING_LIST
    assert recorded.recorded_by == worker
    assert "No place is free: 4th on the waiting list." in response.text


def test_recording_only_leaves_the_application_to_screen(client, worker, edition, person):
    detainee = person()
    client.force_login(worker)
    response = client.post(URL, slip(detainee, edition), follow=True)
    assert Application.objects.get(detainee=detainee).status == S.APPLIED
    assert "screening comes next" in response.text


def test_bad_input_is_explained_next_to_the_fields_and_nothing_is_saved(client, worker, edition, person):
    detainee = person()
    client.force_login(worker)
    response = client.post(URL, slip(detainee, edition, edition="", applied_on="2999-01-01", then="accept"))
    assert response.status_code == 200
    assert response.context["form"].errors["edition"] == ["Choose the edition the person applies to."]
    assert not Application.objects.exists()
    response = client.post(URL, slip(detainee, edition, applied_on="2999-01-01"))
    assert response.context["form"].errors["applied_on"] == ["The application date cannot be in the future."]
    assert 'id="id_applied_on_error"' in response.text
    assert not Application.objects.exists()


def test_a_referring_service_records_but_may_not_accept_for_another_services_edition(
    client, other_worker, edition, person
):
    detainee = person()
    client.force_login(other_worker)
    # The other service sees this prison's people through an application recorded for it.
    rizome = other_worker.memberships.get().organisation
    ApplicationFactory(detainee=detainee, edition=EditionFactory(prison=edition.prison), recorded_for=rizome)
    response = client.post(URL, slip(detainee, edition, then="accept"))
    assert response.status_code == 200
    assert "does not decide on this edition" in response.text
    assert not Application.objects.filter(edition=edition).exists()


def test_an_edition_found_by_its_title_pre_fills_the_form(client, worker, edition, person):
    edition.activity.title_en = "Theatre workshop"
    edition.activity.save()
    client.force_login(worker)
    response = client.get(URL, {"q": "theatre"})
    assert [e.pk for e in response.context["found_editions"]] == [edition.pk]
    detainee = person()
    response = client.get(URL, {"edition": edition.pk, "q": detainee.prison_number})
    assert response.context["form"].initial["edition"] == edition.pk


def test_a_person_page_link_pre_fills_the_person(client, worker, edition, person):
    detainee = person()
    client.force_login(worker)
    response = client.get(URL, {"detainee": detainee.pk})
    assert response.context["form"].initial["detainee"] == detainee.pk
    assert response.context["chosen"] == detainee


def test_editions_not_yet_published_or_over_are_not_offered(client, worker, edition, service, prison, unit):
    ActivityFactory(organiser=service, status="draft")
    EditionFactory(activity=ActivityFactory(organiser=service, status="draft"), prison=prison, units=[unit])
    client.force_login(worker)
    response = client.get(URL, {"q": "x"})
    assert list(response.context["form"].fields["edition"].queryset) == [edition]


def test_coordinators_partners_and_prison_staff_do_not_record(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    ("number", "english"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (21, "21st")]
)
def test_ordinals_read_naturally_in_english(number, english):
    assert ordinal(number) == english


# --- the edition's code from a flyer's slip ---------------------------------------------------


def test_a_worker_types_the_code_from_a_flyer_and_records_the_application(client, worker, edition, person):
    from concerto.catalogue.codes import edition_code

    detainee = person(first_name="Emre", last_name="Kaya", prison_number="312481")
    client.force_login(worker)
    code = edition_code(edition.pk)
    typed = f" {code[:3].lower()}-{code[3:]} "  # as copied by hand: lower case, a dash, spaces
    response = client.get(URL, {"q": typed})
    form_url = f"/en/registrations/editions/{edition.pk}/apply/"
    assert response.status_code == 302
    assert response["Location"] == form_url
    page = client.get(form_url, {"q": "312481"})
    assert "KAYA Emre (312481)" in page.text  # the person search of the edition's form
    data = {
        "q": "312481",
        "detainee": detainee.pk,
        "source": "paper",
        "applied_on": timezone.localdate().isoformat(),
        "priority": 0,
    }
    client.post(form_url, data, follow=True)
    recorded = Application.objects.get(detainee=detainee)
    assert recorded.edition == edition
    assert recorded.recorded_by == worker


def test_a_wrong_code_says_so_and_records_nothing(client, worker, edition, person):
    from concerto.catalogue.codes import edition_code

    person(prison_number="312481")
    client.force_login(worker)
    code = edition_code(edition.pk)
    wrong_check = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.get(URL, {"q": wrong_check})
    assert response.status_code == 200
    assert f"No open edition has the code “{wrong_check}”" in response.text
    assert 'role="alert"' in response.text
    # A right code of an edition that takes no application (a draft) is refused the same way.
    draft = EditionFactory(activity=ActivityFactory(status="draft"), prison=edition.prison)
    response = client.get(URL, {"q": edition_code(draft.pk)})
    assert "No open edition has the code" in response.text
    assert not Application.objects.exists()


def test_a_name_is_not_taken_for_a_code(client, worker, edition, person):
    person(first_name="Marco", last_name="Rossi")
    client.force_login(worker)
    response = client.get(URL, {"q": "Marco"})
    assert response.status_code == 200
    assert "No open edition has the code" not in response.text
