"""Who may read and record attendance, lists for the prison, follow-up and interviews.

- Administrators: everything except the notes of feedback interviews (professional secrecy:
  only the interviewer's service reads them).
- Service managers and workers of the activity's organiser or partner organisations record
  attendance, follow every participant of the edition and schedule feedback interviews.
  A service that follows a participant (the application's ``recorded_for``) follows that
  participant too, in any edition.
- Partner facilitators record attendance of the sessions they facilitate and see their own
  participants' first name, initial and unit; they see that an interview took place, not its notes.
- Prison staff read the movement list and participant lists of their prison (they move people).
- Coordinators without a service role see rates and counts only, never names.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition, Session
from concerto.registrations.models import Application, ApplicationStatus

from .models import Attendance, FeedbackInterview

# Held a place: what makes someone a participant whose attendance is followed.
HELD_A_PLACE = (ApplicationStatus.CONFIRMED, ApplicationStatus.ACTIVE)
# Left before the end of the edition.
LEAVING_STATUSES = (ApplicationStatus.WITHDRAWN, ApplicationStatus.TRANSFERRED, ApplicationStatus.RELEASED)


def _took_a_place() -> Exists:
    history = Application.history.model  # type: ignore[attr-defined]
    return Exists(history.objects.filter(id=OuterRef("pk"), status__in=HELD_A_PLACE))


def _attended_any() -> Exists:
    return Exists(Attendance.objects.filter(application=OuterRef("pk")))


def participated() -> Q:
    """Applications of people who took part: confirmed and later, or who left after holding a place."""
    return Q(status__in=[*HELD_A_PLACE, ApplicationStatus.COMPLETED, ApplicationStatus.DROPPED_OUT]) | (
        Q(status__in=LEAVING_STATUSES) & (Q(_took_a_place()) | Q(_attended_any()))
    )


def flagged() -> Q:
    """Dropped out, or withdrew after holding a place: a feedback interview is due."""
    return Q(status=ApplicationStatus.DROPPED_OUT) | (
        Q(status=ApplicationStatus.WITHDRAWN) & (Q(_took_a_place()) | Q(_attended_any()))
    )


def edition_service_ids(edition: Edition) -> set[int]:
    """The organiser and partner organisations of the edition's activity."""
    activity = edition.activity
    return {activity.organiser_id, *activity.partners.values_list("pk", flat=True)}


def runs_edition(actor: Actor, edition: Edition) -> bool:
    """Staff of the organiser or of a partner organisation of the edition's activity."""
    own = actor.service_organisation_ids
    return bool(own) and bool(own & edition_service_ids(edition))


def facilitates(actor: Actor, edition: Edition) -> bool:
    """A partner facilitator who runs this edition (the same rule registrations applies to their moves)."""
    if actor.user_id is None or not actor.is_partner_facilitator:
        return False
    return edition.facilitators.filter(pk=actor.user_id).exists()


def can_record_attendance_for_edition(actor: Actor, edition: Edition) -> bool:
    return actor.is_admin or runs_edition(actor, edition) or facilitates(actor, edition)


def can_record_attendance(actor: Actor, session: Session) -> bool:
    return can_record_attendance_for_edition(actor, session.edition)


def can_read_participant_list(actor: Actor, session: Session) -> bool:
    edition = session.edition
    if can_record_attendance(actor, session):
        return True
    return edition.prison_id in actor.staff_prison_ids


def can_read_movement_lists(actor: Actor, prison_id: int) -> bool:
    """Whether the movement-list page opens at all; rows are scoped by ``movement_scope``."""
    if actor.is_admin or actor.is_service_staff or actor.is_partner_facilitator:
        return True
    return prison_id in actor.staff_prison_ids


def movement_scope(actor: Actor) -> Q:
    """A filter on Session: the sessions whose movements ``actor`` may read."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    visible = Q(pk__in=[])
    if actor.staff_prison_ids:
        visible |= Q(edition__prison_id__in=actor.staff_prison_ids)
    own = actor.service_organisation_ids
    if own:
        visible |= Q(edition__activity__organiser_id__in=own) | Q(edition__activity__partners__id__in=own)
    if actor.is_partner_facilitator:
        visible |= Q(edition__facilitators__id=actor.user_id)
    return visible


def followed_applications(actor: Actor) -> Q:
    """A filter on Application: the participants whose follow-up ``actor`` may read."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    visible = Q(pk__in=[])
    if actor.is_partner_facilitator:
        visible |= Q(edition__facilitators__id=actor.user_id)
    own = actor.service_organisation_ids
    if own:
        visible |= (
            Q(recorded_for_id__in=own)
            | Q(edition__activity__organiser_id__in=own)
            | Q(edition__activity__partners__id__in=own)
        )
    return visible


def can_read_follow_up(actor: Actor, edition: Edition) -> bool:
    """The edition's follow-up page: names for those who follow participants, counts for coordinators."""
    if actor.is_admin or actor.is_coordinator or runs_edition(actor, edition) or facilitates(actor, edition):
        return True
    own = actor.service_organisation_ids
    followed = Application.objects.filter(participated(), edition_id=edition.pk, recorded_for_id__in=own)
    return bool(own) and followed.exists()


def interview_services(actor: Actor, application: Application) -> frozenset[int]:
    """The actor's services that may hold the feedback interview with this participant."""
    own = actor.service_organisation_ids
    if not own:
        return frozenset()
    allowed = edition_service_ids(application.edition)
    if application.recorded_for_id:
        allowed.add(application.recorded_for_id)
    return frozenset(own & allowed)


def can_manage_interview(actor: Actor, application: Application, interview: FeedbackInterview | None) -> bool:
    """Schedule a new interview (a following service), or change one (only the interviewer's service)."""
    if interview is not None and interview.pk is not None:
        return interview.organisation_id in actor.service_organisation_ids
    return bool(interview_services(actor, application))


def can_read_interview_notes(actor: Actor, interview: FeedbackInterview) -> bool:
    """Only the interviewer's service: not administrators, not the organiser, not coordinators."""
    return interview.organisation_id in actor.service_organisation_ids


def can_issue_certificate(actor: Actor, application: Application) -> bool:
    if actor.is_admin:
        return True
    return bool(interview_services(actor, application))


def can_read_notices(actor: Actor) -> bool:
    return actor.is_service_staff
