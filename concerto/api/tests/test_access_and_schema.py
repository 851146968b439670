import pytest
from rest_framework.test import APIClient

from concerto.accounts.api_tokens import token_create
from concerto.testing.factories import ActivityFactory, RoomFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/activities/", "/api/v1/prisons/", "/api/v1/sessions/"])
def test_anonymous_requests_are_refused(url):
    response = APIClient().get(url)
    assert response.status_code == 401


def test_token_authentication_works(worker, service):
    activity = ActivityFactory(organiser=service)
    _, secret = token_create(worker, name="spreadsheet", days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = client.get("/api/v1/activities/")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [activity.pk]
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/activities/").status_code == 401


def test_prisons_come_with_their_units_rooms_and_activity_hours(api, worker, prison):
    unit = UnitFactory(prison=prison)
    room = RoomFactory(prison=prison, unit=unit)
    response = api(worker).get(f"/api/v1/prisons/{prison.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [u["id"] for u in body["units"]] == [unit.pk]
    assert [r["id"] for r in body["rooms"]] == [room.pk]
    assert len(body["activity_windows"]) == 10


def test_organisations_publish_no_contact_persons(api, worker, service):
    body = api(worker).get(f"/api/v1/organisations/{service.pk}/").json()
    assert "contacts" not in body
    assert "accreditation" not in body
    assert body["name"] == "APO"


def test_reference_data_is_read_only(api, coordinator):
    response = api(coordinator).post("/api/v1/categories/", {"code": "x", "name_fr": "X"}, format="json")
    assert response.status_code == 405


def test_openapi_schema_lists_the_catalogue(api):
    response = api().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3")
    assert "/api/v1/activities/" in schema["paths"]
    assert "/api/v1/activities/{id}/transition/" in schema["paths"]


def test_the_schema_documents_the_problem_answers_and_local_times(api):
    schema = api().get("/api/schema/", {"format": "json"}).json()

    activities = schema["paths"]["/api/v1/activities/"]["get"]["responses"]
    assert {"400", "401", "403", "404", "429", "503"} <= set(activities)
    problem = activities["429"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/Problem"}
    starts = schema["components"]["schemas"]["Edition"]["properties"]["session_starts_at"]
    assert "format" not in str(starts)  # "14:00:00" is a local wall time, not RFC 3339's full-time
    assert "pattern" in str(starts)
