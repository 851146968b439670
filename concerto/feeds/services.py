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
from concerto.privacy.models import AuditKind
from concerto.privacy.services import audit_record


class NoPrivateFeed(Exception):
    """The user holds no role with sessions of its own (see ``selectors.may_have_private_feed``)."""


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def private_feed_renew(*, user: User, ip_address: str | None = None) -> str:
    """Give ``user`` a new secret for their private feed and return it (the only time it is seen).

    The previous secret stops working at once: its fingerprint is overwritten. The renewal is
    entered in the audit trail, in this transaction. Raises ``NoPrivateFeed`` for a user who may
    not have a private feed.
    """
    if not user.is_active or not may_have_private_feed(actor_for(user)):
        raise NoPrivateFeed
    secret = secrets.token_urlsafe(32)
    _row, created = PrivateFeedToken.objects.update_or_create(
        user=user, defaults={"token_hash": _fingerprint(secret), "created_at": timezone.now()}
    )
    audit_record(
        actor=user,
        kind=AuditKind.FEED_ADDRESS_RENEWED,
        target=user.username,
        target_type="accounts.user",
        target_id=user.pk,
        ip_address=ip_address,
        detail={"replaced": not created},
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
