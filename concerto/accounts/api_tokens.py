"""API tokens: one per client, named, with an expiry, stored hashed, revocable (django-rest-knox).

The secret is shown once, when the token is made; the database keeps its SHA-512 digest and
its first characters (to tell tokens apart in the list). A token past its expiry stops working
and knox deletes it at its next use. Revoking deletes it at once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from concerto.accounts.models import ApiToken, User

LIFETIME_CHOICES_DAYS = (30, 90, 365)


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens still valid, newest first."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def token_create(user: User, *, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the client ``name``, valid ``days`` days: the row and the secret (shown once)."""
    days = max(1, min(days, settings.CONCERTO_API_TOKEN_MAX_DAYS))
    return ApiToken.objects.create(user=user, expiry=dt.timedelta(days=days), name=name.strip())  # type: ignore[return-value]


def token_revoke(user: User, token_key: str) -> bool:
    """Revoke the user's token whose first characters are ``token_key``; False if there is none."""
    deleted, _ = ApiToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)
