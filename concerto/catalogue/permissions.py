"""Catalogue access rules, in one place.

- Administrators see and change everything.
- Coordinators read every organisation's offer except other organisations' drafts, and may
  publish, send back or archive proposed and published activities and arrange any non-draft
  edition's schedule (including accepting a double booking with a reason).
- Service managers and workers write their own organisation's activities (as organiser or
  partner organisation); only managers publish and archive.
- Partner facilitators read published activities and the editions they run.
- Prison staff read the published offer and the schedule of their prison, including what is
  proposed for it (they must approve rooms and movements).
"""

from __future__ import annotations

from django.db.models import Q

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Activity, ActivityStatus, Edition

PUBLIC_STATUSES = (ActivityStatus.PUBLISHED, ActivityStatus.ARCHIVED)


def activity_visibility(actor: Actor) -> Q:
    """A filter on Activity that keeps what ``actor`` may read."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    own = actor.service_organisation_ids
    visible = Q(status__in=PUBLIC_STATUSES)
    if own:
        visible |= Q(organiser_id__in=own) | Q(partners__id__in=own)
    if actor.is_coordinator:
        visible |= Q(status=ActivityStatus.PROPOSED)
    if actor.is_partner_facilitator:
        visible |= Q(editions__facilitators__id=actor.user_id)
    if actor.is_prison_staff:
        visible |= Q(status=ActivityStatus.PROPOSED, editions__prison_id__in=actor.staff_prison_ids)
    return visible


def edition_visibility(actor: Actor) -> Q:
    """A filter on Edition that keeps what ``actor`` may read."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    visible = Q(activity__status__in=PUBLIC_STATUSES)
    own = actor.service_organisation_ids
    if own:
        visible |= Q(activity__organiser_id__in=own) | Q(activity__partners__id__in=own)
    if actor.is_coordinator:
        visible |= Q(activity__status=ActivityStatus.PROPOSED)
    if actor.is_partner_facilitator:
        visible |= Q(facilitators__id=actor.user_id)
    if actor.is_prison_staff:
        # The prison must know and approve what is coming, so proposed editions show too.
        visible |= Q(activity__status=ActivityStatus.PROPOSED, prison_id__in=actor.staff_prison_ids)
    return visible


def _writes_for(actor: Actor, activity: Activity) -> bool:
    own = actor.service_organisation_ids
    if not own:
        return False
    if activity.organiser_id in own:
        return True
    return activity.partners.filter(pk__in=own).exists()


def can_create_activity(actor: Actor) -> bool:
    return actor.is_admin or actor.is_service_staff


def can_edit_activity(actor: Actor, activity: Activity) -> bool:
    if activity.status == ActivityStatus.ARCHIVED:
        return actor.is_admin
    return actor.is_admin or _writes_for(actor, activity)


def can_move_activity(actor: Actor, activity: Activity, to_status: str) -> bool:
    """Whether ``actor`` may move ``activity`` to ``to_status`` (the move itself must be allowed too)."""
    if actor.is_admin:
        return True
    organiser_staff = activity.organiser_id in actor.service_organisation_ids
    organiser_manager = activity.organiser_id in actor.managed_organisation_ids
    current = activity.status
    if current == ActivityStatus.DRAFT and to_status == ActivityStatus.PROPOSED:
        return organiser_staff
    if current == ActivityStatus.DRAFT and to_status == ActivityStatus.ARCHIVED:
        return organiser_manager
    if current == ActivityStatus.PROPOSED:
        return organiser_manager or actor.is_coordinator
    if current == ActivityStatus.PUBLISHED and to_status == ActivityStatus.ARCHIVED:
        return organiser_manager or actor.is_coordinator
    if current == ActivityStatus.ARCHIVED and to_status == ActivityStatus.DRAFT:
        return organiser_manager
    return False


def can_manage_editions(actor: Actor, activity: Activity) -> bool:
    """Create editions and change their schedule."""
    if activity.status == ActivityStatus.ARCHIVED:
        return actor.is_admin
    if actor.is_admin or _writes_for(actor, activity):
        return True
    return actor.is_coordinator and activity.status != ActivityStatus.DRAFT


def can_manage_edition(actor: Actor, edition: Edition) -> bool:
    return can_manage_editions(actor, edition.activity)


def can_accept_double_booking(actor: Actor) -> bool:
    return actor.is_admin or actor.is_coordinator


def can_read_prison_calendar(actor: Actor, prison_id: int) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.sees_whole_offer or actor.is_service_staff or actor.is_partner_facilitator:
        return True
    return prison_id in actor.staff_prison_ids
