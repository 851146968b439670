"""Thirty wrong passwords lock the account; the right password is refused until the lock ends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from concerto.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-pass-word"


@pytest.fixture
def user():
    user = UserFactory(username="amina")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, password: str, username: str = "amina", address: str = "192.0.2.10"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_lock_the_account_with_a_message_saying_until_when(client, user, clock):
    answers = [sign_in(client, f"wrong-{attempt}").status_code for attempt in range(30)]

    assert answers[:9] == [200] * 9  # the form again, "please enter a correct user name and password"
    assert set(answers[10:]) == {429}
    refused = sign_in(client, PASSWORD)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Too many failed sign-ins" in text
    assert "blocked until" in text
    assert "_auth_user_id" not in client.session

    clock.shift(dt.timedelta(minutes=16))
    assert sign_in(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_one_address_trying_many_user_names_is_locked_too(client, user):
    for attempt in range(10):
        sign_in(client, "wrong", username=f"someone-{attempt}", address="198.51.100.7")

    assert sign_in(client, PASSWORD, address="198.51.100.7").status_code == 429
    assert sign_in(client, PASSWORD, address="192.0.2.99").status_code == 302  # the user from elsewhere


def test_a_success_resets_the_count(client, user):
    for _ in range(9):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(9):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
