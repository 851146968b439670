"""The private feed's secret address: hand out a new one, and find whose feed a secret opens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from concerto.accounts.models import User
from concerto.accounts.permissions import actor_for
from concerto.feeds.models import PrivateFeedToken
from concerto.feeds.selectors import may_have_private_feed


class NoPrivateFeed(Exception):
    """The user holds no role with sessions of its own (see ``selectors.may_have_private_feed``)."""


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def private_feed_renew(*, user: User) -> str:
    """Give ``user`` a new secret for their private feed and return it (the only time it is seen).

    The previous secret stops working at once: its fingerprint is overwritten. Raises
    ``NoPrivateFeed`` for a user who may not have a private feed.
    """
    if not user.is_active or not may_have_private_feed(actor_for(user)):
        raise NoPrivateFeed
    secret = secrets.token_urlsafe(32)
    PrivateFeedToken.objects.update_or_create(
        user=user, defaults={"token_hash": _fingerprint(secret), "created_at": timezone.now()}
    )
    return secret


def private_feed_owner(*, secret: str) -> User | None:
    """The user whose feed ``secret`` opens, or None (unknown, replaced, or the user lost the right).

    A user deactivated, or who no longer holds a role with sessions of their own, gets nothing,
    even with the right secret.
    """
    fingerprint = _fingerprint(secret)
    row = PrivateFeedToken.objects.select_related("user").filter(token_hash=fingerprint).first()
    if row is None or not hmac.compare_digest(row.token_hash, fingerprint):
        return None
    user = row.user
    if not user.is_active or not may_have_private_feed(actor_for(user)):
        return None
    return user
