"""The registration pages, used as staff would (no JavaScript needed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.registrations.models import Application, ApplicationStatus, EditionScreening
from concerto.registrations.tests.factories import EditionScreeningFactory, RefusalReasonFactory
from concerto.testing.factories import OrganisationFactory, PrisonFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_staff_find_a_person_by_number_and_record_a_paper_slip(signed_in, worker, edition, person):
    detainee = person(first_name="Karim", last_name="Benali", prison_number="987654")
    client = signed_in(worker)
    url = f"/en/registrations/editions/{edition.pk}/apply/"
    found = client.get(url, {"q": "987654"})
    assert found.status_code == 200
    assert "BENALI Karim (987654)" in found.text
    applied_on = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {"q": "987654", "detainee": detainee.pk, "source": "paper", "applied_on": applied_on, "priority": 0},
    )
    application = Application.objects.get(detainee=detainee)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/registrations/applications/{application.pk}/")
    assert application.recorded_by == worker
    again = client.post(
        url, {"q": "987654", "detainee": detainee.pk, "source": "paper", "applied_on": applied_on, "priority": 0}
    )
    assert again.status_code == 200
    assert "already applied to this edition" in again.text


def test_search_by_name_and_a_missing_choice_is_explained(signed_in, worker, edition, person):
    person(first_name="Karim", last_name="Benali")
    client = signed_in(worker)
    url = f"/en/registrations/editions/{edition.pk}/apply/"
    assert "BENALI Karim" in client.get(url, {"q": "benali"}).text
    assert "Nobody on the prison" in client.get(url, {"q": "nobody-like-this"}).text
    response = client.post(url, {"q": "benali", "source": "paper", "applied_on": "2026-01-01", "priority": 0})
    assert response.status_code == 200
    assert "Find the person, then choose them in the list." in response.text


def test_the_registrations_page_shows_places_the_waiting_list_in_order_and_checks(
    signed_in, manager, edition, application, person
):
    application(S.CONFIRMED)
    application(S.WAITING_LIST, detainee=person(last_name="Second"), priority=0)
    application(S.WAITING_LIST, detainee=person(last_name="First"), priority=4)
    application(S.IN_SCREENING, detainee=person(last_name="Candidate"))
    text = signed_in(manager).get(f"/en/registrations/editions/{edition.pk}/").text
    assert "Waiting list" in text
    waiting = text.split('id="waiting-list"')[1]
    assert waiting.index("FIRST") < waiting.index("SECOND")
    assert "Offer a place" in text  # two places are free
    assert 'name="decision" value="accept"' in text
    assert "Checks to look at" in text


def test_the_registrations_page_puts_places_then_decisions_participants_and_the_waiting_list_once(
    signed_in, manager, edition, application, person
):
    application(S.CONFIRMED, detainee=person(last_name="Member"))
    application(S.OFFERED, detainee=person(last_name="Offered"))
    application(S.WAITING_LIST, detainee=person(last_name="Waiting"))
    application(S.IN_SCREENING, detainee=person(last_name="Candidate"))
    application(S.APPLIED, detainee=person(last_name="Newcomer"))
    response = signed_in(manager).get(f"/en/registrations/editions/{edition.pk}/")
    text = response.text
    places = dict(
        zip(
            re.findall(r'class="stat-label">([^<]+)<', text),
            [int(v) for v in re.findall(r'class="stat-value">(\d+)<', text)],
            strict=True,
        )
    )
    assert places == {"places": 3, "taken": 2, "offered, awaiting an answer": 1, "free": 1, "waiting": 1}
    order = [text.index(f'id="{anchor}"') for anchor in ("places-title", "to-decide", "participants", "waiting-list")]
    assert order == sorted(order)
    assert text.count(">WAITING ") == 1  # the person is listed once (the waiting list)
    assert text.count('id="waiting-list"') == 1
    assert "All checks pass" not in text
    statuses = [row.label for row in response.context["counts"]]
    assert statuses == ["Applied", "In screening", "Place offered", "Confirmed", "Waiting list"]  # no zeros


def test_the_application_page_has_one_status_form_and_one_refusal_reason(signed_in, manager, application):
    app = application(S.IN_SCREENING)
    text = signed_in(manager).get(f"/en/registrations/applications/{app.pk}/").text
    assert text.count('class="stacked no-print status-form"') == 1
    assert text.count('name="refusal_reason"') == 1
    labels = re.findall(
        r'<button type="submit" name="(?:decision|to_status)" value="\w+" class="[^"]*"[^>]*>([^<]+)</button>', text
    )
    assert labels == [
        "Accept",
        "Put on the waiting list",
        "Refuse",
        "Record a withdrawal",
        "Record a transfer",
        "Record a release",
    ]
    assert len(set(labels)) == len(labels)


def test_a_decision_on_the_screening_page(signed_in, manager, edition, application):
    EditionScreeningFactory(edition=edition, checklist=["Motivated?"])
    app = application(S.IN_SCREENING)
    client = signed_in(manager)
    detail = client.get(f"/en/registrations/applications/{app.pk}/")
    assert detail.status_code == 200
    assert "Motivated?" in detail.text
    assert "Target group" in detail.text
    refused = client.post(f"/en/registrations/applications/{app.pk}/decide/", {"decision": "refuse"}, follow=True)
    assert "Choose the reason for the refusal." in refused.text
    response = client.post(f"/en/registrations/applications/{app.pk}/decide/", {"decision": "accept", "q0": "yes"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.OFFERED
    assert app.checklist_answers == {"Motivated?": True}


def test_staff_confirm_withdraw_and_record_the_prisons_answer(signed_in, manager, edition, application):
    app = application(S.OFFERED)
    client = signed_in(manager)
    today = timezone.localdate().isoformat()
    client.post(
        f"/en/registrations/applications/{app.pk}/prison-request/",
        {"kind": "security_clearance", "status": "granted", "requested_on": today, "answered_on": today},
    )
    assert app.prison_requests.get().status == "granted"
    back = f"/en/registrations/editions/{edition.pk}/"
    response = client.post(f"/en/registrations/applications/{app.pk}/move/", {"to_status": "confirmed", "next": back})
    assert response["Location"] == back
    assert Application.objects.get(pk=app.pk).status == S.CONFIRMED
    forbidden = client.post(f"/en/registrations/applications/{app.pk}/move/", {"to_status": "applied"}, follow=True)
    assert "cannot go from" in forbidden.text
    client.post(f"/en/registrations/applications/{app.pk}/move/", {"to_status": "withdrawn", "reason": "Moved"})
    assert Application.objects.get(pk=app.pk).status == S.WITHDRAWN
    history = client.get(f"/en/registrations/applications/{app.pk}/").text
    assert "Moved" in history


def test_refusal_reason_on_the_move_form(signed_in, manager, application):
    app = application(S.WAITING_LIST)
    reason = RefusalReasonFactory()
    signed_in(manager).post(
        f"/en/registrations/applications/{app.pk}/move/", {"to_status": "refused", "refusal_reason": reason.pk}
    )
    assert Application.objects.get(pk=app.pk).refusal_reason == reason


def test_the_screening_criteria_form(signed_in, manager, edition):
    client = signed_in(manager)
    url = f"/en/registrations/editions/{edition.pk}/screening/"
    page = client.get(url)
    assert page.status_code == 200
    assert re.search(r'<input type="checkbox" name="language_required"[^>]* checked>', page.text)  # on by default
    bad = client.post(url, {"offer_response_days": 0, "dropout_after_absences": 3})
    assert bad.status_code == 200
    assert "error-summary" in bad.text
    response = client.post(
        url,
        {
            "checklist_text": "Motivated?\n\nAvailable on Tuesdays?",
            "auto_offer": "on",
            "requires_security_clearance": "on",
            "offer_response_days": 4,
            "dropout_after_absences": 3,
        },
    )
    assert response.status_code == 302
    screening = EditionScreening.objects.get(edition=edition)
    assert screening.checklist == ["Motivated?", "Available on Tuesdays?"]
    assert (screening.auto_offer, screening.requires_security_clearance, screening.offer_response_days) == (
        True,
        True,
        4,
    )
    assert "Motivated?\nAvailable on Tuesdays?" in client.get(url).text
    assert screening.language_required is False  # an unticked box: no language of delivery required
    response = client.post(url, {"language_required": "on", "offer_response_days": 4, "dropout_after_absences": 3})
    assert response.status_code == 302
    assert EditionScreening.objects.get(edition=edition).language_required is True


def test_the_edition_page_links_to_its_registrations_for_those_who_may_open_them(signed_in, worker, member, edition):
    link = f'href="/en/registrations/editions/{edition.pk}/"'
    assert link in signed_in(worker).get(f"/en/catalogue/editions/{edition.pk}/").text
    elsewhere = OrganisationFactory(
        kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=PrisonFactory(code="saint-gilles", name_fr="Saint-Gilles")
    )
    stranger = member(Role.PRISON_STAFF, elsewhere)
    response = signed_in(stranger).get(f"/en/catalogue/editions/{edition.pk}/")
    assert response.status_code == 200
    assert link not in response.text
    assert signed_in(stranger).get(f"/en/registrations/editions/{edition.pk}/").status_code == 403
