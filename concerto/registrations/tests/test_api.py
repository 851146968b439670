"""The registration API: same rules as the pages, 400 with field errors on bad input, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from concerto.registrations.models import Application, ApplicationStatus
from concerto.registrations.tests.factories import RefusalReasonFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
APPLICATIONS = "/api/v1/applications/"


@pytest.fixture
def api():
    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make


def body(detainee, edition, /, **overrides):
    data = {
        "detainee": detainee.pk,
        "edition": edition.pk,
        "source": "paper",
        "applied_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
    }
    data.update(overrides)
    return data


def test_staff_record_an_application_and_get_it_back_with_its_checks(api, worker, edition, person):
    response = api(worker).post(APPLICATIONS, body(person(), edition, priority=2), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["priority"], data["recorded_by"]) == ("applied", 2, worker.pk)
    assert [check["code"] for check in data["checks"]] == [
        "target_group",
        "legal_status",
        "unit",
        "language",
        "release",
        "clash",
    ]
    assert {check["outcome"] for check in data["checks"]} <= {"pass", "warning", "fail"}


def test_a_second_application_is_a_400_on_the_person(api, worker, edition, person):
    detainee = person()
    client = api(worker)
    assert client.post(APPLICATIONS, body(detainee, edition), format="json").status_code == 201
    response = client.post(APPLICATIONS, body(detainee, edition), format="json")
    assert response.status_code == 400
    assert "detainee" in response.json()["errors"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"detainee": "abc"}, "detainee"),
        ({"detainee": 999999}, "detainee"),
        ({"edition": 999999}, "edition"),
        ({"source": "fax"}, "source"),
        ({"applied_on": "yesterday"}, "applied_on"),
        ({"applied_on": "9999-12-31"}, "applied_on"),
        ({"applied_on": "2999-01-01"}, "applied_on"),
        ({"priority": -1}, "priority"),
        ({"priority": 101}, "priority"),
        ({"referred_by": "x"}, "referred_by"),
        ({"source": "service_referral"}, "referred_by"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, worker, edition, person, overrides, field):
    response = api(worker).post(APPLICATIONS, body(person(), edition, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Application.objects.exists()


def test_roles_without_a_service_cannot_record(api, coordinator, edition, person):
    assert api(coordinator).post(APPLICATIONS, body(person(), edition), format="json").status_code == 403
    assert api().post(APPLICATIONS, body(person(), edition), format="json").status_code == 401


def test_moves_follow_the_state_machine(api, manager, application):
    app = application(S.APPLIED)
    client = api(manager)
    response = client.post(f"{APPLICATIONS}{app.pk}/move/", {"to_status": "confirmed"}, format="json")
    assert response.status_code == 400
    assert "to_status" in response.json()["errors"]
    assert client.post(f"{APPLICATIONS}{app.pk}/move/", {"to_status": "nope"}, format="json").status_code == 400
    response = client.post(f"{APPLICATIONS}{app.pk}/move/", {"to_status": "refused"}, format="json")
    assert response.status_code == 400
    assert "refusal_reason" in response.json()["errors"]
    reason = RefusalReasonFactory()
    response = client.post(
        f"{APPLICATIONS}{app.pk}/move/", {"to_status": "refused", "refusal_reason": reason.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "refused"


def test_a_full_edition_answers_400_with_the_reason(api, manager, edition, application):
    for _ in range(edition.capacity):
        application(S.CONFIRMED)
    app = application(S.ACCEPTED)
    response = api(manager).post(f"{APPLICATIONS}{app.pk}/move/", {"to_status": "confirmed"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"][0].startswith(
        ("No place left", "Plus de place", "Geen plaats")
    )


def test_decisions_through_the_api(api, manager, application):
    client = api(manager)
    app = application(S.APPLIED)
    assert client.post(f"{APPLICATIONS}{app.pk}/decide/", {}, format="json").status_code == 400
    bad = client.post(
        f"{APPLICATIONS}{app.pk}/decide/", {"decision": "accept", "checklist_answers": "x"}, format="json"
    )
    assert bad.status_code == 400
    assert "checklist_answers" in bad.json()["errors"]
    response = client.post(f"{APPLICATIONS}{app.pk}/decide/", {"decision": "accept"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "offered"
    assert response.json()["offer_expires_at"]


def test_the_referring_service_may_not_decide(api, other_worker, other_service, application):
    app = application(S.IN_SCREENING, recorded_for=other_service)
    response = api(other_worker).post(f"{APPLICATIONS}{app.pk}/decide/", {"decision": "accept"}, format="json")
    assert response.status_code == 403


def test_requests_to_the_prison_are_recorded_then_updated(api, manager, application):
    app = application(S.OFFERED)
    client = api(manager)
    today = timezone.localdate().isoformat()
    payload = {"application": app.pk, "kind": "security_clearance", "status": "requested", "requested_on": today}
    created = client.post("/api/v1/prison-requests/", payload, format="json")
    assert created.status_code == 201, created.json()
    answered = client.post(
        "/api/v1/prison-requests/", {**payload, "status": "granted", "answered_on": today}, format="json"
    )
    assert answered.status_code == 200
    assert answered.json()["id"] == created.json()["id"]
    listed = client.get("/api/v1/prison-requests/").json()["results"]
    assert [(r["kind"], r["status"]) for r in listed] == [("security_clearance", "granted")]
    bad = client.post("/api/v1/prison-requests/", {**payload, "status": "granted"}, format="json")
    assert bad.status_code == 400
    assert "answered_on" in bad.json()["errors"]


def test_refusal_reasons_are_readable_by_any_signed_in_user(api, coordinator):
    reason = RefusalReasonFactory(code="security", name_en="Security reasons")
    response = api(coordinator).get("/api/v1/refusal-reasons/")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == [reason.code]
    assert api(coordinator).post("/api/v1/refusal-reasons/", {}, format="json").status_code == 405


def test_list_filters_are_checked(api, worker, edition, application):
    app = application(S.WAITING_LIST)
    client = api(worker)
    rows = client.get(APPLICATIONS, {"edition": edition.pk, "status": "waiting_list"}).json()["results"]
    assert [row["id"] for row in rows] == [app.pk]
    assert client.get(APPLICATIONS, {"status": "nope"}).status_code == 400
    assert client.get(APPLICATIONS, {"edition": "x"}).status_code == 400


def test_the_schema_documents_the_registration_endpoints(api):
    paths = api().get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/applications/",
        "/api/v1/applications/{id}/move/",
        "/api/v1/applications/{id}/decide/",
        "/api/v1/prison-requests/",
        "/api/v1/participants/",
        "/api/v1/refusal-reasons/",
    ):
        assert path in paths
