"""Who may read detainee data, and how much of it.

- Administrators: everything.
- Service managers and workers: the detainees of prisons where they work (to record paper
  applications they must find anyone on the prison's list); notes only of their own service.
- Prison staff: the detainees of their prison (names, number, unit: they know them already).
- Partner facilitators: only their own participants, and only first name, initial and unit.
- Coordinators without a service role: no personal data, only statistics.
"""

from __future__ import annotations

from django.db.models import Q

from concerto.accounts.permissions import Actor
from concerto.registrations.models import PLACE_TAKING_STATUSES


def detainee_visibility(actor: Actor) -> Q:
    """A filter on Detainee keeping the people ``actor`` may read at all."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin or actor.is_service_staff:
        return Q()
    visible = Q(pk__in=[])
    if actor.is_prison_staff:
        visible |= Q(prison_id__in=actor.staff_prison_ids)
    if actor.is_partner_facilitator:
        visible |= Q(
            applications__edition__facilitators__id=actor.user_id,
            applications__status__in=PLACE_TAKING_STATUSES,
        )
    return visible


def sees_full_identity(actor: Actor) -> bool:
    """Full name and prison number; partner facilitators see first name and initial only."""
    return actor.is_admin or actor.is_service_staff or actor.is_prison_staff


def can_import_prison_list(actor: Actor) -> bool:
    return actor.is_admin or bool(actor.managed_organisation_ids) or actor.is_prison_staff


def can_manage_detainees(actor: Actor) -> bool:
    return actor.is_admin or actor.is_service_staff
