"""Writes of attendance and follow-up. Each service checks permission and rules, then writes in one transaction.

Services raise ``PermissionDenied`` when the actor may not act and ``ValidationError`` (keyed by
field name, which forms and the API show next to the field) when the data breaks a rule.
Application statuses only ever change through ``registrations.services.application_move``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition, Session, SessionStatus
from concerto.core.translation import CONTENT_LANGUAGES, localised
from concerto.organisations.models import Organisation
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log
from concerto.registrations.models import Application, ApplicationStatus, EditionScreening
from concerto.registrations.services import application_move

from . import permissions
from .models import (
    AbsenceReason,
    Attendance,
    AttendanceStatus,
    DropoutReason,
    FeedbackInterview,
    InterviewStatus,
    ServiceNotice,
)

DEFAULT_DROPOUT_AFTER = 3
# Who is on a session's list: those holding a confirmed place or taking part.
ATTENDING_STATUSES = frozenset({ApplicationStatus.CONFIRMED, ApplicationStatus.ACTIVE})
# For a session already held, those who completed the edition since are still on its list.
ATTENDED_STATUSES = ATTENDING_STATUSES | {ApplicationStatus.COMPLETED}
# Those who left before the end: the service is asked to hold a feedback interview.
FLAGGED_STATUSES = frozenset({ApplicationStatus.DROPPED_OUT, ApplicationStatus.WITHDRAWN})


# --- Messages shared by the pages and the API ----------------------------------------------


def not_on_list_message() -> str:
    return _("This person is not on the list of this session.")


def unknown_application_message() -> str:
    return _("No participant you follow has this id.")


def interview_owner_message() -> str:
    return _("Only the service that holds the interview may change it.")


# --- Edit window ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EditWindow:
    opens_on: dt.date
    closes_on: dt.date

    def is_open(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


def attendance_window(session: Session) -> EditWindow:
    """From the session's day to ``CONCERTO_ATTENDANCE_EDIT_DAYS`` days after it (local dates)."""
    day = timezone.localtime(session.starts_at).date()
    return EditWindow(opens_on=day, closes_on=day + dt.timedelta(days=settings.CONCERTO_ATTENDANCE_EDIT_DAYS))


def attendance_check_open(session: Session) -> None:
    """Refuse (ValidationError) a cancelled session, or a day outside the attendance edit window."""
    if session.is_cancelled:
        raise ValidationError(_("This session was cancelled: there is no attendance to record."))
    window = attendance_window(session)
    today = timezone.localdate()
    if today < window.opens_on:
        raise ValidationError(
            _("Attendance can be recorded from the day of the session (%(day)s).")
            % {"day": date_format(window.opens_on, "SHORT_DATE_FORMAT")}
        )
    if today > window.closes_on:
        days = settings.CONCERTO_ATTENDANCE_EDIT_DAYS
        raise ValidationError(
            ngettext(
                "Attendance of this session could be recorded or changed until %(day)s "
                "(%(days)d day after the session). It is closed now.",
                "Attendance of this session could be recorded or changed until %(day)s "
                "(%(days)d days after the session). It is closed now.",
                days,
            )
            % {"day": date_format(window.closes_on, "SHORT_DATE_FORMAT"), "days": days}
        )


# --- Participants --------------------------------------------------------------------------


def session_participant_statuses(session: Session) -> frozenset[str]:
    if session.starts_at <= timezone.now():
        return frozenset(ATTENDED_STATUSES)
    return frozenset(ATTENDING_STATUSES)


def _is_listed(session: Session, application: Application) -> bool:
    if application.edition_id != session.edition_id:
        return False
    if application.status in session_participant_statuses(session):
        return True
    return Attendance.objects.filter(session=session, application=application).exists()


def _history_user(actor: Actor) -> User | None:
    # simple-history reads ``_history_user`` when no request is at hand (tests, API, tasks).
    return User(pk=actor.user_id) if actor.user_id else None


# --- Application moves (the registrations app owns the state machine) ---------------------


def _application_move(*, actor: Actor, application: Application, to_status: str, reason: str) -> Application:
    """Move an application through the registrations service, the only code that changes a status."""
    return application_move(actor=actor, application=application, to_status=to_status, reason=reason)


# --- Notices to services -------------------------------------------------------------------


def _organisation_language(organisation_id: int) -> str:
    """The first working language of the service that the interface speaks, else French."""
    through = Organisation.languages.through
    codes = (
        through.objects.filter(organisation_id=organisation_id).order_by("pk").values_list("language__code", flat=True)
    )
    return next((code for code in codes if code in CONTENT_LANGUAGES), settings.LANGUAGE_CODE)


def following_service_id(application: Application) -> int:
    """The service that follows a participant: the one that recorded the application, else the organiser."""
    return application.recorded_for_id or application.edition.activity.organiser_id


def notice_send(organisation_id: int, message: Callable[[], str], link: str = "") -> ServiceNotice:
    """One notice, written in the receiving service's language (``message`` is built in it). No names."""
    with translation.override(_organisation_language(organisation_id)):
        text = str(message())
    return ServiceNotice.objects.create(organisation_id=organisation_id, message=text[:400], link=link[:300])


def _activity_title(edition: Edition) -> str:
    return localised(edition.activity, "title").text


def _interview_link(application: Application) -> str:
    return reverse("attendance:interview", args=[application.pk])


def _dropout_notice(application: Application, reason: Callable[[], str]) -> ServiceNotice:
    def message() -> str:
        return _(
            "A participant of “%(activity)s” left the activity (%(reason)s): please schedule a feedback interview."
        ) % {"activity": _activity_title(application.edition), "reason": reason()}

    return notice_send(following_service_id(application), message, _interview_link(application))


def withdrawal_notify(*, application: Application) -> ServiceNotice | None:
    """Ask the following service to schedule an interview when a participant withdraws.

    Received after the commit of a withdrawal of someone who held a place (event
    ``ParticipantWithdrew``, see receivers.py); returns None when the application is not withdrawn.
    """
    if application.status != ApplicationStatus.WITHDRAWN:
        return None
    return _dropout_notice(application, lambda: _("withdrawn"))


def session_cancellation_notify(*, session: Session) -> list[ServiceNotice]:
    """Tell each service following a participant of ``session`` that it was cancelled, and why.

    Received once the cancellation by ``catalogue.services.session_cancel`` is committed (event
    ``SessionCancelled``, see receivers.py). One notice per distinct service; no names (the
    services know whom they follow).
    """
    session = Session.objects.select_related("edition__activity").get(pk=session.pk)
    applications = Application.objects.filter(
        edition_id=session.edition_id, status__in=ATTENDING_STATUSES
    ).select_related("edition__activity")
    services = sorted({following_service_id(application) for application in applications})
    local_start = timezone.localtime(session.starts_at)

    def message() -> str:
        return _(
            "The session of “%(activity)s” on %(day)s at %(time)s is cancelled (%(reason)s). "
            "Please tell the participants you follow."
        ) % {
            "activity": _activity_title(session.edition),
            "day": date_format(local_start.date(), "SHORT_DATE_FORMAT"),
            "time": local_start.strftime("%H:%M"),
            "reason": session.change_reason or "—",
        }

    link = reverse("attendance:participant_list", args=[session.pk])
    return [notice_send(service_id, message, link) for service_id in services]


def place_to_offer_notify(*, edition: Edition) -> ServiceNotice:
    """Prompt the organiser's service to offer a free place to the next person on the waiting list.

    Received when ``registrations.services.waiting_list_promote`` left a free place to offer by
    hand (event ``PlaceToOffer``, see receivers.py). Written in the language active at that moment.
    """
    return ServiceNotice.objects.create(
        organisation_id=edition.activity.organiser_id,
        message=_("A place is free in “%(edition)s”: offer it to the next person on the waiting list.")
        % {"edition": edition},
        link=reverse("registrations:edition", args=[edition.pk]),
    )


# --- Attendance ----------------------------------------------------------------------------


def _dropout_limit(edition_id: int) -> int:
    value = (
        EditionScreening.objects.filter(edition_id=edition_id).values_list("dropout_after_absences", flat=True).first()
    )
    return value or DEFAULT_DROPOUT_AFTER


def _check_dropout(*, actor: Actor, application: Application) -> bool:
    """Move the participant to "dropped out" after N consecutive unexcused absences (N per edition).

    Consecutive means the participant's N most recent recorded sessions (cancelled ones do not
    count); an excused absence or a presence breaks the series.
    """
    if application.status not in ATTENDING_STATUSES:
        return False
    limit = _dropout_limit(application.edition_id)
    latest = list(
        Attendance.objects.filter(application=application, session__status=SessionStatus.SCHEDULED)
        .order_by("-session__starts_at", "-pk")
        .values_list("status", "reason__is_excused")[:limit]
    )
    if len(latest) < limit or any(status != AttendanceStatus.ABSENT or excused for status, excused in latest):
        return False

    def reason() -> str:
        return _("%(count)d consecutive unexcused absences") % {"count": limit}

    _application_move(actor=actor, application=application, to_status=ApplicationStatus.DROPPED_OUT, reason=reason())
    _dropout_notice(application, reason)
    return True


def _activate(*, actor: Actor, application: Application) -> None:
    if application.status == ApplicationStatus.CONFIRMED:
        _application_move(
            actor=actor, application=application, to_status=ApplicationStatus.ACTIVE, reason=_("First session attended")
        )


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    session: Session,
    application: Application,
    status: str,
    reason: AbsenceReason | None = None,
    minutes_late: int = 0,
) -> Attendance:
    """Record (or correct) one participant's attendance at one session.

    Refuses (PermissionDenied) actors who neither run nor facilitate the edition, and
    (ValidationError) a cancelled session, a date outside the edit window, someone not on the
    session's list, an absence without a reason and lateness of someone absent. The first
    presence of a confirmed participant makes them active; N consecutive unexcused absences
    make them drop out, and their service is asked to schedule a feedback interview.
    """
    actor.require(permissions.can_record_attendance(actor, session))
    attendance_check_open(session)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("detainee", "edition__activity")
        .get(pk=application.pk)
    )
    errors: dict[str, list[str]] = {}
    if not _is_listed(session, application):
        errors["application"] = [not_on_list_message()]
    if status not in AttendanceStatus.values:
        errors["status"] = [_("Choose present or absent.")]
    if status == AttendanceStatus.ABSENT and reason is None:
        errors["reason"] = [_("Give the reason for the absence.")]
    if status == AttendanceStatus.ABSENT and minutes_late:
        errors["minutes_late"] = [_("Someone absent cannot be late.")]
    if not 0 <= minutes_late <= 600:
        errors["minutes_late"] = [_("Give the lateness in minutes, from 0 to 600.")]
    if errors:
        raise ValidationError(errors)
    if status == AttendanceStatus.PRESENT:
        reason = None
    attendance = Attendance.objects.filter(session=session, application=application).first()
    created = attendance is None
    if attendance is None:
        attendance = Attendance(session=session, application=application)
    elif (attendance.status, attendance.reason_id, attendance.minutes_late) == (
        status,
        reason.pk if reason else None,
        minutes_late,
    ):
        return attendance  # nothing changed: no history row, no log
    attendance.status = status
    attendance.reason = reason
    attendance.minutes_late = minutes_late
    attendance.recorded_by_id = actor.user_id
    attendance._history_user = _history_user(actor)  # type: ignore[attr-defined]
    attendance.save()
    access_log(
        actor=actor,
        action=AccessAction.CREATE if created else AccessAction.CHANGE,
        purpose=AccessPurpose.ATTENDANCE,
        subject=application.detainee,
        detail=f"session {session.pk}",
    )
    if status == AttendanceStatus.PRESENT:
        _activate(actor=actor, application=application)
    elif attendance.is_unexcused_absence:
        _check_dropout(actor=actor, application=application)
    return attendance


@transaction.atomic
def attendance_record_all_present(*, actor: Actor, session: Session) -> list[Attendance]:
    """Mark every participant not yet recorded as present; exceptions already recorded stay.

    Same refusals as ``attendance_record``. Returns the new records. Confirmed participants
    become active.
    """
    actor.require(permissions.can_record_attendance(actor, session))
    attendance_check_open(session)
    statuses = session_participant_statuses(session)
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .filter(edition_id=session.edition_id, status__in=statuses)
        .exclude(attendances__session=session)
        .select_related("detainee", "edition__activity")
        .order_by("pk")
    )
    user = _history_user(actor)
    rows = [
        Attendance(
            session=session, application=application, status=AttendanceStatus.PRESENT, recorded_by_id=actor.user_id
        )
        for application in applications
    ]
    created = bulk_create_with_history(rows, Attendance, default_user=user) if rows else []
    access_log(
        actor=actor,
        action=AccessAction.CREATE,
        purpose=AccessPurpose.ATTENDANCE,
        subjects=[application.detainee for application in applications],
        detail=f"session {session.pk}",
    )
    for application in applications:
        _activate(actor=actor, application=application)
    return list(created)


# --- Feedback interviews -------------------------------------------------------------------


@dataclass
class InterviewData:
    status: str = InterviewStatus.PLANNED
    planned_on: dt.date | None = None
    held_on: dt.date | None = None
    reasons: Iterable[str] = ()
    notes: str = ""


def _check_interview(data: InterviewData) -> list[str]:
    errors: dict[str, list[str]] = {}
    if data.status not in InterviewStatus.values:
        errors["status"] = [_("Choose a status.")]
    unknown = set(data.reasons) - set(DropoutReason.values)
    if unknown:
        errors["reasons"] = [_("Choose reasons from the list.")]
    today = timezone.localdate()
    if data.held_on and data.held_on > today:
        errors["held_on"] = [_("An interview cannot have been held in the future.")]
    if data.status == InterviewStatus.DONE and not data.held_on:
        errors["held_on"] = [_("Give the day the interview was held.")]
    if data.status == InterviewStatus.PLANNED and data.held_on:
        errors["status"] = [_("An interview that was held is no longer planned.")]
    if errors:
        raise ValidationError(errors)
    return sorted(set(data.reasons), key=list(DropoutReason.values).index)


def _fill_interview(interview: FeedbackInterview, data: InterviewData, reasons: list[str], actor: Actor) -> None:
    interview.status = data.status
    interview.planned_on = data.planned_on
    interview.held_on = data.held_on
    interview.reasons = reasons
    interview.notes = data.notes.strip()
    interview.interviewer_id = actor.user_id


@transaction.atomic
def interview_schedule(
    *, actor: Actor, application: Application, data: InterviewData, organisation: Organisation | None = None
) -> FeedbackInterview:
    """Schedule (or record) the feedback interview with someone who dropped out or withdrew.

    Only staff of a service following the participant (organiser, partner, or the service
    that recorded the application) may; the interview and its notes belong to that service.
    Refuses a participant still taking part and a second interview.
    """
    allowed = permissions.interview_services(actor, application)
    actor.require(bool(allowed), _("Only a service following this participant schedules their feedback interview."))
    errors: dict[str, list[str]] = {}
    if organisation is None and len(allowed) == 1:
        organisation = Organisation.objects.get(pk=next(iter(allowed)))
    if organisation is None or organisation.pk not in allowed:
        errors["organisation"] = [_("Choose the service holding the interview.")]
    if application.status not in FLAGGED_STATUSES:
        errors["application"] = [_("A feedback interview is for someone who dropped out or withdrew.")]
    if FeedbackInterview.objects.filter(application=application).exists():
        errors["application"] = [_("A feedback interview is already planned or recorded for this participant.")]
    if errors:
        raise ValidationError(errors)
    reasons = _check_interview(data)
    interview = FeedbackInterview(application=application, organisation=organisation)
    _fill_interview(interview, data, reasons, actor)
    interview.save()
    access_log(
        actor=actor,
        action=AccessAction.CREATE,
        purpose=AccessPurpose.FOLLOW_UP,
        subject=application.detainee,
        detail=f"interview {interview.pk}",
    )
    return interview


@transaction.atomic
def interview_update(*, actor: Actor, application: Application, data: InterviewData) -> FeedbackInterview:
    """Change the interview's status, dates, reasons or notes: only the interviewer's service may."""
    interview = FeedbackInterview.objects.select_for_update().filter(application=application).first()
    if interview is None:
        raise ValidationError({"application": [_("No feedback interview is planned for this participant yet.")]})
    actor.require(
        permissions.can_manage_interview(actor, application, interview),
        interview_owner_message(),
    )
    reasons = _check_interview(data)
    _fill_interview(interview, data, reasons, actor)
    interview.save()
    access_log(
        actor=actor,
        action=AccessAction.CHANGE,
        purpose=AccessPurpose.FOLLOW_UP,
        subject=application.detainee,
        detail=f"interview {interview.pk}",
    )
    return interview


# --- Notices -------------------------------------------------------------------------------


@transaction.atomic
def notice_mark_read(*, actor: Actor, notice: ServiceNotice) -> ServiceNotice:
    """Mark a notice read for its whole service (one reader is enough: the service is told)."""
    actor.require(notice.organisation_id in actor.service_organisation_ids)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
