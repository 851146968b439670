"""The benchmark's floor view exists only on benchmark servers (CONCERTO_BENCH)."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, reverse

import concerto.urls
from concerto.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls_with_bench(settings):
    """The root URLs as a benchmark server builds them; restored afterwards."""
    settings.CONCERTO_BENCH = True
    importlib.reload(concerto.urls)
    clear_url_caches()
    yield
    settings.CONCERTO_BENCH = False
    importlib.reload(concerto.urls)
    clear_url_caches()


def test_without_the_setting_the_floor_is_not_there(client):
    client.force_login(UserFactory())
    with pytest.raises(NoReverseMatch):
        reverse("bench:floor")
    assert client.get("/fr/bench/floor/").status_code == 404


def test_on_a_benchmark_server_the_floor_answers_signed_in_users_only(urls_with_bench):
    assert reverse("bench:floor") == "/en/bench/floor/"  # the tests speak English
    anonymous = Client().get("/fr/bench/floor/")
    assert anonymous.status_code == 302
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/fr/bench/floor/")
    assert response.status_code == 200
    assert response.content == b"ok"
