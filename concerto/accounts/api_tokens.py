"""API tokens: one per client, named, with an expiry, stored hashed, revocable (django-rest-knox).

The secret is shown once, when the token is made; the database keeps its SHA-512 digest and
its first characters (to tell tokens apart in the list). A token past its expiry stops working
and knox deletes it at its next use. Revoking deletes it at once. Both leave an entry in the
audit trail (``accounts/audit.py``), in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from concerto.accounts import audit
from concerto.accounts.models import ApiToken, User

LIFETIME_CHOICES_DAYS = (30, 90, 365)


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens still valid, newest first."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


@transaction.atomic
def token_create(user: User, *, name: str, days: int, ip_address: str | None = None) -> tuple[ApiToken, str]:
    """A new token for the client ``name``, valid ``days`` days: the row and the secret (shown once)."""
    days = max(1, min(days, settings.CONCERTO_API_TOKEN_MAX_DAYS))
    token, secret = ApiToken.objects.create(user=user, expiry=dt.timedelta(days=days), name=name.strip())  # type: ignore[misc]
    audit.tell(
        actor=user,
        kind="api_token_created",
        target=f"{token.name} ({token.token_key}…)",
        target_type="accounts.apitoken",
        ip_address=ip_address,
        detail={"days": days, "token_key": token.token_key},
    )
    return token, secret


@transaction.atomic
def token_revoke(user: User, token_key: str, *, ip_address: str | None = None) -> bool:
    """Revoke the user's token whose first characters are ``token_key``; False if there is none."""
    token = ApiToken.objects.filter(user=user, token_key=token_key).first()
    if token is None:
        return False
    name = token.name
    ApiToken.objects.filter(pk=token.pk).delete()
    audit.tell(
        actor=user,
        kind="api_token_revoked",
        target=f"{name} ({token_key}…)",
        target_type="accounts.apitoken",
        ip_address=ip_address,
        detail={"token_key": token_key},
    )
    return True
