"""A signed-in session ends after 30 idle minutes, and after 10 hours whatever the activity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    home = reverse("dashboard:home")
    assert client.get(home).status_code == 200
    return client, home


def test_a_session_left_idle_for_more_than_thirty_minutes_ends_with_a_message(signed_in, clock):
    client, home = signed_in
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(home).status_code == 200  # still within the idle timeout; this counts as activity

    clock.shift(dt.timedelta(minutes=31))
    response = client.get(home)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    login_page = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity" in login_page.content.decode()
    assert client.get(home).status_code == 302  # really signed out


def test_a_busy_session_still_ends_after_ten_hours(signed_in, clock):
    client, home = signed_in
    for _ in range(23):  # a request every 25 minutes for 9 h 35
        clock.shift(dt.timedelta(minutes=25))
        assert client.get(home).status_code == 200
    clock.shift(dt.timedelta(minutes=29))  # 10 h 04 after the login, 29 minutes after the last request

    response = client.get(home)

    assert response.status_code == 302
    assert "a session lasts at most 10 hours" in client.get(response["Location"]).content.decode()


def test_polling_marked_passive_does_not_keep_an_abandoned_session_alive(signed_in, clock):
    client, home = signed_in
    for _ in range(4):
        clock.shift(dt.timedelta(minutes=10))
        client.get(home, HTTP_X_CONCERTO_PASSIVE="1")

    assert client.get(home).status_code == 302


def test_signing_out_everywhere_ends_the_sessions_of_every_browser(client, worker, manager):
    laptop, phone, colleague = Client(), Client(), Client()
    for browser, user in ((laptop, worker), (phone, worker), (colleague, manager)):
        browser.force_login(user)
    home = reverse("dashboard:home")

    laptop.post(reverse("accounts:logout_everywhere"))

    assert phone.get(home).status_code == 302  # the other device is signed out too
    assert laptop.get(home).status_code == 302
    assert colleague.get(home).status_code == 200  # someone else's session is untouched
