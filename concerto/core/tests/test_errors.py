"""Errors in the client's terms: problem details under /api/, a 503 page when the database is down."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from concerto.accounts.models import Role
from concerto.catalogue.models import Activity

pytestmark = pytest.mark.django_db

ACTIVITIES = "/api/v1/activities/"
PROBLEM = "application/problem+json"
DATABASE_DOWN = mock.patch(
    "django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError("connection refused")
)


def api_client(user=None, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user)
    return client


def problem(response) -> dict:
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == response.status_code
    assert body["type"] == f"urn:concerto:problem:{body['code']}"
    return body


def test_invalid_values_are_a_problem_naming_each_field_in_the_clients_language(worker, service):
    response = api_client(worker, "nl").post(ACTIVITIES, {"organiser": service.pk}, format="json")
    assert response.status_code == 400
    body = problem(response)
    assert body["code"] == "validation"
    assert body["title"] == "Ongeldige aanvraag"
    assert {"category", "target_groups", "languages"} <= set(body["errors"])
    assert body["errors"]["category"] == ["Dit veld is verplicht."]


def test_unknown_api_addresses_unauthenticated_calls_and_wrong_methods_answer_json():
    missing = api_client().get("/api/v1/no-such-thing/")
    assert (missing.status_code, problem(missing)["code"]) == (404, "not_found")

    anonymous = api_client().get(ACTIVITIES)
    assert (anonymous.status_code, problem(anonymous)["code"]) == (401, "not_authenticated")
    assert anonymous["WWW-Authenticate"] == "Token"


def test_a_wrong_method_is_a_405_problem(worker):
    response = api_client(worker).delete("/api/v1/prisons/")
    assert (response.status_code, problem(response)["code"]) == (405, "method_not_allowed")


def test_a_body_nested_ten_thousand_deep_is_a_400_and_creates_nothing(worker):
    body = "[" * 10_000 + "]" * 10_000
    response = api_client(worker).post(ACTIVITIES, data=body, content_type="application/json")
    assert response.status_code == 400
    assert problem(response)["code"] == "body_too_deep"
    assert not Activity.objects.exists()


def test_a_body_over_the_size_limit_is_a_400_naming_the_limit(worker, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"summary_fr": "x" * 2000})
    response = api_client(worker).post(ACTIVITIES, data=body, content_type="application/json")
    assert response.status_code == 400
    detail = problem(response)
    assert detail["code"] == "body_too_large"
    assert "1.0\xa0KB" in detail["detail"]


def test_malformed_json_is_a_400_problem_saying_where(worker):
    response = api_client(worker).post(ACTIVITIES, data='{"title_fr": ', content_type="application/json")
    assert response.status_code == 400
    body = problem(response)
    assert body["code"] == "malformed"
    assert "not valid JSON" in body["detail"]


def test_an_unexpected_error_in_the_api_is_a_json_500_without_the_trace(worker):
    with mock.patch("concerto.catalogue.api.selectors.activity_list", side_effect=RuntimeError("secret detail")):
        response = api_client(worker).get(ACTIVITIES)
    assert response.status_code == 500
    body = problem(response)
    assert body["code"] == "server_error"
    assert "secret" not in response.content.decode()


def test_with_the_database_down_the_api_answers_a_503_problem_with_retry_after(member, service):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="fr", raise_request_exception=False)
    client.force_login(member(Role.SERVICE_WORKER, service))
    with DATABASE_DOWN:
        response = client.get(ACTIVITIES)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = problem(response)
    assert body["code"] == "database_unavailable"
    assert body["detail"].startswith("La base de données est injoignable")


def test_with_the_database_down_pages_answer_a_translated_503_with_retry_after(worker):
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    with DATABASE_DOWN:
        response = client.get("/nl/catalogue/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Concerto is even niet beschikbaar" in page
    assert "Traceback" not in page


def test_other_database_errors_stay_500_errors(worker):
    """An integrity or programming error is a bug to fix, not an outage to wait out."""
    from django.db import ProgrammingError

    client = Client(raise_request_exception=False)
    client.force_login(worker)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=ProgrammingError("bug")):
        response = client.get("/en/catalogue/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_json_parser_stops_reading_past_the_limit(settings):
    """DRF reads the stream itself, past Django's own check: the parser applies the limit."""
    import io

    from concerto.api.parsers import BodyTooLarge, JSONParser

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    stream = io.BytesIO(b'{"a": "' + b"x" * 5000 + b'"}')
    with pytest.raises(BodyTooLarge, match=r"larger than 1\.0\xa0KB"):
        JSONParser().parse(stream, parser_context={})
    assert stream.tell() == 1025  # read no further than the limit and one byte
    assert JSONParser().parse(io.BytesIO(b'{"a": 1}'), parser_context={}) == {"a": 1}
