import pytest

from concerto.accounts.models import Role
from concerto.catalogue.models import Activity, ActivityStatus
from concerto.testing.clock import SCENARIO_NOW
from concerto.testing.factories import (
    ActivityFactory,
    CategoryFactory,
    EditionFactory,
    LanguageFactory,
    OrganisationFactory,
    target_group,
)

# Literal dates below (editions from 4 January 2027): the module runs at their moment.
pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]

ACTIVITIES = "/api/v1/activities/"


def ids(response):
    return {item["id"] for item in response.json()["results"]}


def new_activity(organiser, **overrides):
    payload = {
        "title_fr": "Atelier d'écriture",
        "summary_fr": "Écrire ensemble.",
        "category": CategoryFactory().pk,
        "target_groups": [target_group("men").pk],
        "languages": [LanguageFactory().pk],
        "organiser": organiser.pk,
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def facilitator(member):
    return member(Role.PARTNER_FACILITATOR, OrganisationFactory(kind="partner"), username="facilitator")


def test_partner_facilitator_never_sees_another_organisations_draft(api, facilitator, other_service):
    draft = ActivityFactory(organiser=other_service, status=ActivityStatus.DRAFT)
    published = ActivityFactory(organiser=other_service, status=ActivityStatus.PUBLISHED)
    client = api(facilitator)

    listed = client.get(ACTIVITIES)
    assert listed.status_code == 200
    assert ids(listed) == {published.pk}
    assert client.get(f"{ACTIVITIES}{draft.pk}/").status_code == 404
    assert client.get(f"{ACTIVITIES}{published.pk}/").status_code == 200
    assert client.get(f"{ACTIVITIES}99999999999999999999999/").status_code == 404
    # Nor through a filter or a write: the answer is the one for an id that does not exist.
    assert client.get(f"{ACTIVITIES}{draft.pk}/transition/").status_code == 405
    assert client.post(f"{ACTIVITIES}{draft.pk}/transition/", {"to_status": "proposed"}).status_code == 404
    assert client.patch(f"{ACTIVITIES}{draft.pk}/", {"title_fr": "x"}).status_code == 404


def test_service_worker_lists_own_drafts_but_not_other_organisations_drafts(api, worker, service, other_service):
    own = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    ActivityFactory(organiser=other_service, status=ActivityStatus.DRAFT)
    published = ActivityFactory(organiser=other_service)
    assert ids(api(worker).get(ACTIVITIES)) == {own.pk, published.pk}


def test_coordinator_sees_proposed_activities_but_not_drafts(api, coordinator, service):
    proposed = ActivityFactory(organiser=service, status=ActivityStatus.PROPOSED)
    ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    assert ids(api(coordinator).get(ACTIVITIES)) == {proposed.pk}


def test_list_filters_by_status_and_category(api, worker, service):
    workshop = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    ActivityFactory(organiser=service, status=ActivityStatus.PUBLISHED)
    client = api(worker)
    assert ids(client.get(ACTIVITIES, {"status": "draft"})) == {workshop.pk}
    assert len(ids(client.get(ACTIVITIES, {"status": "", "prison": "", "q": ""}))) == 2  # empty means no filter
    other_category = CategoryFactory(code="training", name_fr="Formation")
    assert ids(client.get(ACTIVITIES, {"category": other_category.pk})) == set()


def test_list_filters_by_prison_through_visible_editions(api, worker, service, prison):
    in_haren = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison).activity
    ActivityFactory(organiser=service)
    assert ids(api(worker).get(ACTIVITIES, {"prison": prison.pk, "period_start": "2027-02-01"})) == {in_haren.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"prison": "abc"}, "prison"),
        ({"unit": "999999"}, "unit"),
        ({"period_start": "31/12/2026"}, "period_start"),
        ({"period_start": "2027-02-01", "period_end": "2027-01-01"}, "period_end"),
        ({"status": "deleted"}, "status"),
        ({"organisation": "99999999999999999999999"}, "organisation"),
    ],
)
def test_invalid_filters_are_a_400_naming_the_parameter(api, worker, params, field):
    response = api(worker).get(ACTIVITIES, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_title_comes_in_the_request_language_and_says_when_it_falls_back(api, worker, service):
    activity = ActivityFactory(organiser=service, title_fr="Théâtre", title_nl="Theater", title_en="")
    client = api(worker)
    dutch = client.get(f"{ACTIVITIES}{activity.pk}/", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert (dutch["title"], dutch["title_language"]) == ("Theater", "nl")
    english = client.get(f"{ACTIVITIES}{activity.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (english["title"], english["title_language"]) == ("Théâtre", "fr")
    assert english["title_en"] == ""


def test_service_worker_creates_a_draft_for_own_organisation(api, worker, service):
    response = api(worker).post(ACTIVITIES, new_activity(service), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["title"] == "Atelier d'écriture"
    assert Activity.objects.get(pk=body["id"]).organiser == service


def test_service_worker_cannot_create_for_another_organisation(api, worker, other_service):
    response = api(worker).post(ACTIVITIES, new_activity(other_service), format="json")
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_partner_facilitator_cannot_create_activities(api, facilitator, service):
    assert api(facilitator).post(ACTIVITIES, new_activity(service), format="json").status_code == 403


def test_unknown_ids_and_wrong_types_are_field_errors(api, worker, service):
    payload = new_activity(service, category=999999, target_groups=[999999], languages="fr", default_capacity="many")
    response = api(worker).post(ACTIVITIES, payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"category", "target_groups", "languages", "default_capacity"}


def test_missing_required_fields_and_missing_title_are_field_errors(api, worker, service):
    client = api(worker)
    missing = client.post(ACTIVITIES, {}, format="json")
    assert missing.status_code == 400
    assert {"category", "organiser", "target_groups", "languages"} <= set(missing.json()["errors"])
    untitled = client.post(ACTIVITIES, new_activity(service, title_fr=""), format="json")
    assert untitled.status_code == 400
    assert "title_fr" in untitled.json()["errors"]


def test_malformed_json_is_a_400(api, worker):
    response = api(worker).post(ACTIVITIES, data='{"title_fr": ', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_json_that_is_not_an_object_is_a_400(api, worker):
    response = api(worker).post(ACTIVITIES, data="[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_partial_update_changes_only_the_given_fields(api, worker, service):
    activity = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT, title_fr="Avant")
    response = api(worker).patch(f"{ACTIVITIES}{activity.pk}/", {"title_nl": "Na"}, format="json")
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert (activity.title_fr, activity.title_nl) == ("Avant", "Na")


def test_full_update_by_a_worker_of_another_organisation_is_forbidden(api, worker, other_service):
    activity = ActivityFactory(organiser=other_service)
    response = api(worker).put(f"{ACTIVITIES}{activity.pk}/", new_activity(other_service), format="json")
    assert response.status_code == 403


def test_delete_is_not_allowed(api, manager, service):
    activity = ActivityFactory(organiser=service)
    assert api(manager).delete(f"{ACTIVITIES}{activity.pk}/").status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_worker_proposes_a_draft_and_manager_publishes_it(api, worker, manager, service):
    activity = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    url = f"{ACTIVITIES}{activity.pk}/transition/"
    proposed = api(worker).post(url, {"to_status": "proposed", "note": "Ready"}, format="json")
    assert proposed.status_code == 200
    assert proposed.json()["status"] == "proposed"
    assert api(manager).post(url, {"to_status": "published"}, format="json").json()["status"] == "published"


def test_worker_may_not_publish(api, worker, service):
    activity = ActivityFactory(organiser=service, status=ActivityStatus.PROPOSED)
    response = api(worker).post(f"{ACTIVITIES}{activity.pk}/transition/", {"to_status": "published"}, format="json")
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PROPOSED


def test_a_move_outside_the_allowed_transitions_is_a_400(api, manager, service):
    activity = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    url = f"{ACTIVITIES}{activity.pk}/transition/"
    skipped = api(manager).post(url, {"to_status": "published"}, format="json")
    assert skipped.status_code == 400
    assert skipped.json()["errors"]["non_field_errors"]
    unknown = api(manager).post(url, {"to_status": "deleted"}, format="json")
    assert unknown.status_code == 400
    assert "to_status" in unknown.json()["errors"]
