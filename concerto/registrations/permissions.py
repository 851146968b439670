"""Who may read and change applications, in one place.

- Administrators: everything.
- Registration managers: the service staff (managers and workers) of the activity's organiser
  and of its partner organisations. They record, screen and decide, move applications along
  the state machine, record the prison's answers and set the edition's screening criteria.
- Referring services: any service's staff may record an application for one of their own
  services (a referral) to an edition of a published activity. The staff of the service an
  application is recorded for read it and may withdraw it; the decisions stay with the managers.
- Partner facilitators: the participants (confirmed, taking part, completed) of the editions they
  run, with first name, initial and unit only. They may mark them as taking part, completed or
  dropped out (attendance is theirs to see).
- Prison staff: the participants of the editions in their prison (for the prison's lists).
- Coordinators without a service role: counts only, hidden below the minimum count.
"""

from __future__ import annotations

from django.db.models import Q

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition
from concerto.registrations.models import Application, ApplicationStatus

S = ApplicationStatus
# The people who are in the group: what participant lists (prison, facilitators, attendance) show.
PARTICIPANT_STATUSES = frozenset({S.CONFIRMED, S.ACTIVE, S.COMPLETED})
# The moves a facilitator may make for the participants of an edition they run.
FACILITATOR_MOVES = frozenset(
    {
        (S.CONFIRMED, S.ACTIVE),
        (S.ACTIVE, S.COMPLETED),
        (S.CONFIRMED, S.DROPPED_OUT),
        (S.ACTIVE, S.DROPPED_OUT),
    }
)


def _manager_q(actor: Actor) -> Q:
    """A filter on Edition: the editions of activities the actor's services organise or partner."""
    own = actor.service_organisation_ids
    return Q(activity__organiser_id__in=own) | Q(activity__partners__id__in=own)


def application_visibility(actor: Actor) -> Q:
    """A filter on Application keeping the full records ``actor`` may read (names, screening, decisions)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    if not actor.is_service_staff:
        return Q(pk__in=[])
    # Two conditions on indexed columns of the application itself, which PostgreSQL combines
    # with a bitmap OR; a condition across the activity's partners would scan every application.
    return Q(edition_id__in=managed_edition_ids(actor)) | Q(recorded_for_id__in=actor.service_organisation_ids)


def managed_edition_ids(actor: Actor) -> list[int]:
    """The editions whose applications ``actor``'s services manage (organiser or partner), as ids."""
    if not actor.service_organisation_ids:
        return []
    return sorted(set(Edition.objects.filter(_manager_q(actor)).values_list("pk", flat=True)))


def participant_visibility(actor: Actor) -> Q:
    """A filter on Application keeping the rows ``actor`` may see in participant lists."""
    visible = application_visibility(actor)
    if actor.is_prison_staff:
        visible |= Q(edition__prison_id__in=actor.staff_prison_ids, status__in=PARTICIPANT_STATUSES)
    if actor.is_partner_facilitator:
        visible |= Q(edition__facilitators__id=actor.user_id, status__in=PARTICIPANT_STATUSES)
    return visible


def can_manage_registrations(actor: Actor, edition: Edition) -> bool:
    """Screen, decide, move and set the screening criteria of ``edition``'s applications."""
    if actor.is_admin:
        return True
    own = actor.service_organisation_ids
    if not own:
        return False
    return Edition.objects.filter(_manager_q(actor), pk=edition.pk).exists()


def can_record_application(actor: Actor, edition: Edition | None = None) -> bool:
    """Record an application (paper slip, referral) to ``edition`` for one of the actor's services.

    Whether the edition takes applications (its activity published) is the service's rule.
    """
    return actor.is_admin or actor.is_service_staff


def can_open_registrations(actor: Actor, edition: Edition) -> bool:
    """Open the edition's registrations page (its content is then scoped to the actor)."""
    if not actor.is_authenticated:
        return False
    if actor.is_admin or actor.is_coordinator or actor.is_service_staff:
        return True
    if edition.prison_id in actor.staff_prison_ids:
        return True
    return _facilitates(actor, edition)


def _facilitates(actor: Actor, edition: Edition) -> bool:
    if actor.user_id is None or not actor.is_partner_facilitator:
        return False
    return edition.facilitators.filter(pk=actor.user_id).exists()


def can_move_application(actor: Actor, application: Application, to_status: str) -> bool:
    """Whether ``actor``'s role allows this move (the state machine must allow it too)."""
    edition = application.edition
    if can_manage_registrations(actor, edition):
        return True
    if to_status == S.WITHDRAWN and application.recorded_for_id in actor.service_organisation_ids:
        return True
    return (application.status, to_status) in FACILITATOR_MOVES and _facilitates(actor, edition)


def sees_applications(actor: Actor) -> bool:
    """Whether ``actor`` may read any full application record at all (else lists or counts only)."""
    return actor.is_admin or actor.is_service_staff


def can_answer_prison_requests(actor: Actor, prison_id: int) -> bool:
    """Answer requests to a prison (clearance, movement permission): its own staff, or an administrator."""
    return actor.is_admin or prison_id in actor.staff_prison_ids
