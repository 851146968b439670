"""Privileged actions on accounts, told to the audit trail inside the acting transaction.

The audit trail is ``concerto.privacy`` (``privacy.services.audit_record``). Privacy builds on
accounts (it reads users, memberships and the actor), so accounts may not import it
(``tests/test_import_graph.py``). Accounts tells each privileged action through the one signal
here instead, and privacy connects its writer in ``PrivacyConfig.ready``.

The signal is sent with ``Signal.send`` (not ``send_robust``): the receiver writes its entry in
the caller's transaction, so an action rolled back leaves no entry, and an entry that cannot be
written makes the action fail instead of happening unrecorded. A deployment without the receiver
is refused (``ImproperlyConfigured``) rather than left silently without a trail.

The admin (``accounts/admin.py``) tells the changes of users and memberships it saves, the
unlocks of sign-in blocks and the resets of second factors; ``api_tokens.py`` tells the tokens
made and revoked. ``membership_told`` and ``user_told`` turn a before/after pair into entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_ip_address
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal
from django.http import HttpRequest

from concerto.accounts.models import Membership, User

# Arguments: actor (a User, an Actor or None for the system), kind (a privacy.AuditKind value),
# target, target_type, target_id, organisation_id, ip_address, detail (codes and counts only).
privileged_action = Signal()


def tell(
    *,
    actor: Any,
    kind: str,
    target: str = "",
    target_type: str = "",
    target_id: int | None = None,
    organisation_id: int | None = None,
    ip_address: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record one privileged action in the audit trail, in the current transaction."""
    if not privileged_action.has_listeners():
        raise ImproperlyConfigured("No audit trail receives privileged actions: is concerto.privacy installed?")
    privileged_action.send(
        sender=User,
        actor=actor,
        kind=kind,
        target=target,
        target_type=target_type,
        target_id=target_id,
        organisation_id=organisation_id,
        ip_address=ip_address,
        detail=detail or {},
    )


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, as django-axes reads it (behind the configured proxies)."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


# --- Memberships ------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipState:
    pk: int
    user_id: int
    username: str
    organisation_id: int
    role: str
    is_active: bool

    @classmethod
    def of(cls, membership: Membership) -> MembershipState:
        return cls(
            pk=membership.pk,
            user_id=membership.user_id,
            username=membership.user.username,
            organisation_id=membership.organisation_id,
            role=membership.role,
            is_active=membership.is_active,
        )


def membership_states(**filters: Any) -> dict[int, MembershipState]:
    """The memberships matching ``filters`` as they are in the database now, by id."""
    rows = Membership.objects.filter(**filters).select_related("user")
    return {row.pk: MembershipState.of(row) for row in rows}


def membership_told(
    *, actor: Any, before: MembershipState | None, after: MembershipState | None, ip_address: str | None
) -> None:
    """Tell what changed between two states of one membership (``None``: absent), if anything.

    Granted: a new active membership, or one made active again. Withdrawn: deleted, or made
    inactive. Changed: another role or organisation. The entry names the member by user name
    and the membership by id; the detail gives the role codes and organisation ids.
    """
    state = after or before
    if state is None:
        return
    base: dict[str, Any] = {
        "target": f"{state.username} · {state.role}",
        "target_type": "accounts.membership",
        "target_id": state.pk,
        "organisation_id": state.organisation_id,
        "ip_address": ip_address,
    }
    if before is None and after is not None:
        if after.is_active:
            tell(actor=actor, kind="membership_granted", detail={"user": after.user_id, "role": after.role}, **base)
        return
    if after is None or before is None:
        if before is not None and before.is_active:
            tell(actor=actor, kind="membership_revoked", detail={"user": before.user_id, "role": before.role}, **base)
        return
    detail: dict[str, Any] = {"user": after.user_id, "role": after.role}
    if before.role != after.role:
        detail["role_before"] = before.role
    if before.organisation_id != after.organisation_id:
        detail["organisation_before"] = before.organisation_id
    if before.is_active and not after.is_active:
        tell(actor=actor, kind="membership_revoked", detail=detail, **base)
    elif after.is_active and not before.is_active:
        tell(actor=actor, kind="membership_granted", detail=detail, **base)
    elif after.is_active and len(detail) > 2:
        tell(actor=actor, kind="membership_changed", detail=detail, **base)


# --- Users ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserState:
    pk: int
    username: str
    is_active: bool
    is_staff: bool
    is_superuser: bool
    group_ids: frozenset[int]
    permission_ids: frozenset[int]

    @classmethod
    def of(cls, user: User) -> UserState:
        return cls(
            pk=user.pk,
            username=user.username,
            is_active=user.is_active,
            is_staff=user.is_staff,
            is_superuser=user.is_superuser,
            group_ids=frozenset(user.groups.values_list("pk", flat=True)),
            permission_ids=frozenset(user.user_permissions.values_list("pk", flat=True)),
        )


def user_state(pk: int | None) -> UserState | None:
    """The user as stored now (``None`` for a user not saved yet)."""
    user = User.objects.filter(pk=pk).first() if pk else None
    return UserState.of(user) if user is not None else None


def user_told(*, actor: Any, before: UserState | None, after: UserState | None, ip_address: str | None) -> None:
    """Tell the privileged changes between two states of one account: created, deleted,
    (de)activated, staff or superuser flags, groups or permissions. Other fields (names, e-mail,
    language, password) are not privileged actions and leave no entry."""
    state = after or before
    if state is None:
        return
    base: dict[str, Any] = {
        "target": state.username,
        "target_type": "accounts.user",
        "target_id": state.pk,
        "ip_address": ip_address,
    }
    if after is None:
        tell(actor=actor, kind="user_deleted", **base)
        return
    flags = {"is_staff": after.is_staff, "is_superuser": after.is_superuser}
    if before is None:
        tell(actor=actor, kind="user_created", detail=flags, **base)
        if after.group_ids or after.permission_ids:
            tell(actor=actor, kind="user_permissions_changed", detail=_permissions_detail(None, after), **base)
        return
    if before.is_active and not after.is_active:
        tell(actor=actor, kind="user_deactivated", **base)
    elif after.is_active and not before.is_active:
        tell(actor=actor, kind="user_reactivated", **base)
    if (before.is_staff, before.is_superuser) != (after.is_staff, after.is_superuser):
        before_flags = {"is_staff_before": before.is_staff, "is_superuser_before": before.is_superuser}
        tell(actor=actor, kind="user_privileges_changed", detail={**flags, **before_flags}, **base)
    if (before.group_ids, before.permission_ids) != (after.group_ids, after.permission_ids):
        tell(actor=actor, kind="user_permissions_changed", detail=_permissions_detail(before, after), **base)


def _permissions_detail(before: UserState | None, after: UserState) -> dict[str, Any]:
    groups_before = before.group_ids if before else frozenset()
    permissions_before = before.permission_ids if before else frozenset()
    return {
        "groups_added": sorted(after.group_ids - groups_before),
        "groups_removed": sorted(groups_before - after.group_ids),
        "permissions_added": sorted(after.permission_ids - permissions_before),
        "permissions_removed": sorted(permissions_before - after.permission_ids),
    }
