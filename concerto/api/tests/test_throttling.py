"""The API stops a client that sends too many requests, per user and per address, with a clear 429."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_rates(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"user": "5/minute", "address": "8/minute"}
    settings.REST_FRAMEWORK = rest
    cache.clear()
    yield
    cache.clear()


def test_a_user_over_the_limit_gets_a_429_problem_saying_when_to_try_again(worker):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="192.0.2.1")
    client.force_authenticate(worker)

    answers = [client.get("/api/v1/activities/") for _ in range(6)]

    assert [answer.status_code for answer in answers[:5]] == [200] * 5
    refused = answers[5]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"


def test_one_address_is_limited_whoever_signs_in(worker, manager):
    answers = []
    for user in (worker, manager):
        client = APIClient(REMOTE_ADDR="198.51.100.9")
        client.force_authenticate(user)
        answers += [client.get("/api/v1/activities/").status_code for _ in range(5)]

    assert answers[:8] == [200] * 8
    assert answers[8:] == [429, 429]
