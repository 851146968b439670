"""The attendance REST API: same rules as the pages, 400 with field errors, never 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from concerto.accounts.models import Role
from concerto.attendance.models import Attendance, ServiceNotice

from .factories import excused_reason, session_days_ago

pytestmark = pytest.mark.django_db


def api_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_sheet_all_present_then_an_exception(group, worker):
    session = session_days_ago(group.edition, 1)
    client = api_for(worker)
    sheet = client.get(f"/api/v1/attendance-sheets/{session.pk}/").json()
    assert sheet["editable"] is True
    assert {row["person"]["name"] for row in sheet["rows"]} == {"BENALI Karim", "PEETERS Jan", "DUBOIS Luc"}
    assert {row["status"] for row in sheet["rows"]} == {None}
    after = client.post(f"/api/v1/attendance-sheets/{session.pk}/all-present/").json()
    assert {row["status"] for row in after["rows"]} == {"present"}
    karim = group.people[0]
    body = {"application": karim.pk, "status": "absent", "reason": excused_reason().pk}
    response = client.post(f"/api/v1/attendance-sheets/{session.pk}/record/", body, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["application_status"]) == ("absent", "active")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "absent"}, "reason"),
        ({"status": "late"}, "status"),
        ({"status": "present", "minutes_late": 900}, "minutes_late"),
        ({"status": "present", "reason": 999999}, "reason"),
    ],
)
def test_bad_records_are_400_with_field_errors(group, worker, body, field):
    session = session_days_ago(group.edition, 1)
    response = api_for(worker).post(
        f"/api/v1/attendance-sheets/{session.pk}/record/", {"application": group.people[0].pk, **body}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Attendance.objects.exists()


def test_an_application_of_another_edition_is_a_400(group, worker):
    session = session_days_ago(group.edition, 1)
    response = api_for(worker).post(
        f"/api/v1/attendance-sheets/{session.pk}/record/", {"application": 999999, "status": "present"}, format="json"
    )
    assert response.status_code == 400
    assert "application" in response.json()["errors"], response.json()


def test_closed_window_is_a_400_with_the_reason(group, worker, settings):
    settings.CONCERTO_ATTENDANCE_EDIT_DAYS = 1
    session = session_days_ago(group.edition, 3)
    response = api_for(worker).post(f"/api/v1/attendance-sheets/{session.pk}/all-present/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "(1 day after the session). It is closed now." in response.json()["errors"]["non_field_errors"][0]


def test_partner_facilitators_get_first_name_and_initial_only(group):
    session = session_days_ago(group.edition, 1)
    rows = api_for(group.facilitator).get(f"/api/v1/attendance-sheets/{session.pk}/").json()["rows"]
    assert sorted((r["person"]["name"], r["person"]["prison_number"]) for r in rows) == [
        ("Jan P.", ""),
        ("Karim B.", ""),
        ("Luc D.", ""),
    ]


def test_notices_are_listed_and_marked_read_by_the_service_only(group, worker, service, other_service, member):
    notice = ServiceNotice.objects.create(organisation=service, message="A session was cancelled.")
    ServiceNotice.objects.create(organisation=other_service, message="Not for APO.")
    listed = api_for(worker).get("/api/v1/notices/").json()["results"]
    assert [item["id"] for item in listed] == [notice.pk]
    assert api_for(group.facilitator).get("/api/v1/notices/").status_code == 403
    stranger = member(Role.SERVICE_WORKER, other_service)
    assert api_for(stranger).post(f"/api/v1/notices/{notice.pk}/read/").status_code == 404
    assert api_for(worker).post(f"/api/v1/notices/{notice.pk}/read/").json()["read_at"] is not None


def test_absence_reasons_are_readable_by_everyone_signed_in(group, worker):
    reason = excused_reason()
    body = api_for(worker).get("/api/v1/absence-reasons/").json()
    assert [(item["code"], item["is_excused"]) for item in body["results"]] == [(reason.code, True)]
    assert api_for().get("/api/v1/absence-reasons/").status_code == 401
