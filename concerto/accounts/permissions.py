"""Who may do what: the acting user's roles, computed once per request.

Every selector and service takes an ``Actor`` so that scoping by organisation and
prison cannot be forgotten. Templates only mirror these rules; they never decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from concerto.accounts.models import Membership, Role

SERVICE_ROLES = frozenset({Role.SERVICE_MANAGER, Role.SERVICE_WORKER})


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    is_admin: bool = False
    # A Django superuser (not the administrator role): reads the audit trail beside the privacy officer.
    is_superuser: bool = False
    is_coordinator: bool = False
    # organisation id -> roles held in it
    roles_by_organisation: dict[int, frozenset[str]] = field(default_factory=dict)
    # prisons whose schedule this actor may read as prison staff
    staff_prison_ids: frozenset[int] = frozenset()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def roles(self) -> frozenset[str]:
        held: set[str] = set()
        for roles in self.roles_by_organisation.values():
            held |= roles
        if self.is_admin:
            held.add(Role.ADMINISTRATOR)
        return frozenset(held)

    def organisations_with(self, *roles: str) -> frozenset[int]:
        wanted = set(roles)
        return frozenset(org for org, held in self.roles_by_organisation.items() if held & wanted)

    @property
    def service_organisation_ids(self) -> frozenset[int]:
        """Organisations whose activities this actor writes (service manager or worker)."""
        return self.organisations_with(*SERVICE_ROLES)

    @property
    def managed_organisation_ids(self) -> frozenset[int]:
        return self.organisations_with(Role.SERVICE_MANAGER)

    @property
    def is_service_staff(self) -> bool:
        return bool(self.service_organisation_ids)

    @property
    def is_partner_facilitator(self) -> bool:
        return bool(self.organisations_with(Role.PARTNER_FACILITATOR))

    @property
    def is_prison_staff(self) -> bool:
        return bool(self.staff_prison_ids)

    @property
    def is_privacy_officer(self) -> bool:
        """Audits the access log and answers subject requests; reads no detainee pages by this role."""
        return bool(self.organisations_with(Role.PRIVACY_OFFICER))

    @property
    def sees_whole_offer(self) -> bool:
        return self.is_admin or self.is_coordinator

    @property
    def may_manage_reference_data(self) -> bool:
        return self.is_admin or self.is_coordinator

    def require(self, allowed: bool, message: Any = None) -> None:
        if not allowed:
            raise PermissionDenied(message or _("You are not allowed to do this."))


ANONYMOUS = Actor(user_id=None)


def actor_for(user: Any) -> Actor:
    """Build (and cache on the user object) the actor for a Django user."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_concerto_actor", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    prisons: set[int] = set()
    memberships = Membership.objects.filter(user=user, is_active=True, organisation__is_active=True).values_list(
        "organisation_id", "role", "organisation__prison_id"
    )
    for organisation_id, role, prison_id in memberships:
        roles.setdefault(organisation_id, set()).add(role)
        if role == Role.PRISON_STAFF and prison_id:
            prisons.add(prison_id)
    all_roles = {role for held in roles.values() for role in held}
    actor = Actor(
        user_id=user.pk,
        is_admin=bool(user.is_superuser) or Role.ADMINISTRATOR in all_roles,
        is_superuser=bool(user.is_superuser),
        is_coordinator=Role.COORDINATOR in all_roles,
        roles_by_organisation={org: frozenset(held) for org, held in roles.items()},
        staff_prison_ids=frozenset(prisons),
    )
    user._concerto_actor = actor
    return actor
