import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from concerto.core.logging import JsonFormatter, RedactPersonalData
from concerto.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_health_check_answers_200_when_the_database_answers():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["database"]) == ("ok", "ok")


def test_health_check_answers_503_when_the_database_is_unreachable():
    with mock.patch("concerto.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response["Retry-After"] == "30"


def test_request_log_line_is_json_with_the_route_and_without_the_query_string(caplog):
    user = UserFactory(username="reader", first_name="Yasmina", last_name="Haddad")
    client = Client()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="concerto.request"):
        client.get("/fr/catalogue/?q=Haddad+secret")
    record = next(r for r in caplog.records if r.name == "concerto.request")
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["route"] == "catalogue:activity_list"
    assert payload["status"] == 200
    assert payload["user_id"] == user.pk
    assert "Haddad" not in line
    assert "secret" not in line


def test_personal_fields_passed_to_a_logger_are_redacted():
    record = logging.makeLogRecord({"msg": "import", "last_name": "Haddad", "rows": 3})
    RedactPersonalData().filter(record)
    payload = json.loads(JsonFormatter().format(record))
    assert payload["last_name"] == "[redacted]"
    assert payload["rows"] == 3
