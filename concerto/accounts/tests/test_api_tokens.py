"""API tokens: named per client, shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from concerto.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
ACTIVITIES = "/api/v1/activities/"


def api_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def make_token(client, name: str = "APO spreadsheet", days: int = 30) -> str:
    page = client.post(reverse("accounts:token_create"), {"name": name, "days": days})
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    return page.context["secret"]


def test_a_token_is_shown_once_kept_only_as_a_hash_and_opens_the_api(client, worker):
    client.force_login(worker)
    secret = make_token(client)

    row = ApiToken.objects.get(user=worker)
    assert row.name == "APO spreadsheet"
    assert secret not in (row.digest, row.token_key)
    assert secret.startswith(row.token_key)
    assert api_with(secret).get(ACTIVITIES).status_code == 200
    account = client.get(reverse("accounts:account")).content.decode()
    assert "APO spreadsheet" in account
    assert secret not in account


def test_a_token_stops_working_at_its_expiry(client, worker, clock):
    client.force_login(worker)
    secret = make_token(client, days=30)

    clock.shift(dt.timedelta(days=31))

    assert api_with(secret).get(ACTIVITIES).status_code == 401


def test_revoking_one_client_leaves_the_others_working(client, worker):
    client.force_login(worker)
    kept, revoked = make_token(client, "export"), make_token(client, "dashboard")

    key = ApiToken.objects.get(name="dashboard").token_key
    client.post(reverse("accounts:token_revoke", args=[key]))

    assert api_with(revoked).get(ACTIVITIES).status_code == 401
    assert api_with(kept).get(ACTIVITIES).status_code == 200


def test_a_token_without_a_name_is_refused_and_nothing_is_made(client, worker):
    client.force_login(worker)

    answer = client.post(reverse("accounts:token_create"), {"name": " ", "days": 30})

    assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked(client, worker, manager):
    client.force_login(manager)
    secret = make_token(client)
    key = ApiToken.objects.get().token_key
    client.force_login(worker)

    client.post(reverse("accounts:token_revoke", args=[key]))

    assert api_with(secret).get(ACTIVITIES).status_code == 200


def test_the_lifetimes_are_named_in_the_readers_language(client, worker):
    client.force_login(worker)

    page = client.get("/nl/account/").content.decode()

    with translation.override("nl"):
        assert translation.gettext("%(days)d days") % {"days": 90} in page
