"""Reads of attendance, lists for the prison, follow-up and notices, scoped to the acting user.

Every read that returns personal data records the access (``privacy.services.access_log``)
with its purpose. Partner facilitators get first name, initial and unit only. Statistics go
through ``safe_count``: a count below the minimum is shown as "< 5".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition, Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.core.translation import CONTENT_LANGUAGES, localised
from concerto.detainees.models import Detainee, PresenceStatus
from concerto.detainees.permissions import sees_full_identity
from concerto.prisons.models import Prison, Unit
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log, safe_count
from concerto.registrations.models import Application
from concerto.registrations.permissions import PARTICIPANT_STATUSES

from . import permissions
from .models import AbsenceReason, Attendance, AttendanceStatus, FeedbackInterview, InterviewStatus, ServiceNotice
from .permissions import flagged, participated
from .services import (
    ATTENDED_STATUSES,
    ATTENDING_STATUSES,
    EditWindow,
    attendance_window,
    session_participant_statuses,
)


def _log(actor: Actor, action: str, purpose: str, detainees: list[Detainee], detail: str) -> None:
    if detainees:
        access_log(actor=actor, action=action, purpose=purpose, subjects=detainees, detail=detail)


# --- Who a person is, for this reader ------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A participant as the reader may see them: full identity, or first name, initial and unit."""

    detainee_id: int
    name: str
    prison_number: str
    unit: str
    unit_id: int | None

    @classmethod
    def of(cls, detainee: Detainee, *, full: bool) -> Person:
        return cls(
            detainee_id=detainee.pk,
            name=detainee.listed_name if full else detainee.short_name,
            prison_number=detainee.prison_number if full else "",
            unit=str(detainee.unit) if detainee.unit_id else "—",
            unit_id=detainee.unit_id,
        )


def _sort_key(person: Person) -> tuple[int, str, str]:
    return (person.unit_id is None, person.unit.casefold(), person.name.casefold())


def session_participants(session: Session) -> QuerySet[Application]:
    """Who is on a session's list: confirmed or active (completed, for a session held), or recorded."""
    recorded = Attendance.objects.filter(session=session, application=OuterRef("pk"))
    return (
        Application.objects.filter(edition_id=session.edition_id)
        .filter(Q(status__in=session_participant_statuses(session)) | Q(Exists(recorded)))
        .select_related("detainee__unit")
    )


# --- Attendance sheet ----------------------------------------------------------------------


@dataclass
class SheetRow:
    application: Application
    person: Person
    attendance: Attendance | None


@dataclass
class AttendanceSheet:
    session: Session
    rows: list[SheetRow]
    window: EditWindow
    editable: bool
    full_identity: bool

    @property
    def present(self) -> int:
        return sum(1 for row in self.rows if row.attendance and row.attendance.status == AttendanceStatus.PRESENT)

    @property
    def absent(self) -> int:
        return sum(1 for row in self.rows if row.attendance and row.attendance.status == AttendanceStatus.ABSENT)

    @property
    def not_recorded(self) -> int:
        return sum(1 for row in self.rows if row.attendance is None)


def attendance_sheet(*, actor: Actor, session: Session) -> AttendanceSheet:
    """The session's participants with their attendance; only for those who record it."""
    actor.require(permissions.can_record_attendance(actor, session))
    full = sees_full_identity(actor)
    records = {
        a.application_id: a for a in Attendance.objects.filter(session=session).select_related("reason", "recorded_by")
    }
    rows = [
        SheetRow(application, Person.of(application.detainee, full=full), records.get(application.pk))
        for application in session_participants(session)
    ]
    rows.sort(key=lambda row: _sort_key(row.person))
    _log(
        actor,
        AccessAction.VIEW,
        AccessPurpose.ATTENDANCE,
        [r.application.detainee for r in rows],
        f"session {session.pk}",
    )
    window = attendance_window(session)
    return AttendanceSheet(
        session=session,
        rows=rows,
        window=window,
        editable=window.is_open() and not session.is_cancelled,
        full_identity=full,
    )


@dataclass
class AttendanceChange:
    when: dt.datetime
    who: str
    person: Person
    kind: str
    status: str
    reason: str
    minutes_late: int


def attendance_changes(*, actor: Actor, sheet: AttendanceSheet) -> list[AttendanceChange]:
    """Every version of the sheet's records, newest first (django-simple-history), for its readers."""
    actor.require(permissions.can_record_attendance(actor, sheet.session))
    people = {row.application.pk: row.person for row in sheet.rows}
    history = (
        Attendance.history.filter(session_id=sheet.session.pk)  # type: ignore[attr-defined]
        .select_related("history_user", "reason")
        .order_by("-history_date", "-history_id")
    )
    statuses = dict(AttendanceStatus.choices)
    changes = []
    for record in history[:500]:
        person = people.get(record.application_id)
        if person is None:
            continue
        changes.append(
            AttendanceChange(
                when=record.history_date,
                who=str(record.history_user or ""),
                person=person,
                kind=str(record.get_history_type_display()),
                status=str(statuses.get(record.status, record.status)),
                reason=str(record.reason or ""),
                minutes_late=record.minutes_late,
            )
        )
    return changes


def attendance_get(*, actor: Actor, session: Session, application_id: int) -> Attendance | None:
    actor.require(permissions.can_record_attendance(actor, session))
    return Attendance.objects.filter(session=session, application_id=application_id).first()


def absence_reasons() -> QuerySet[AbsenceReason]:
    return AbsenceReason.objects.all()


# --- Lists for the prison ------------------------------------------------------------------


@dataclass
class ParticipantList:
    session: Session
    people: list[Person]
    full_identity: bool
    generated_at: dt.datetime


def participant_list(*, actor: Actor, session: Session, export: bool = False) -> ParticipantList:
    """Who comes to a session, by unit; for the prison, the services and the facilitators."""
    actor.require(permissions.can_read_participant_list(actor, session))
    full = sees_full_identity(actor)
    applications = list(session_participants(session))
    people = sorted((Person.of(a.detainee, full=full) for a in applications), key=_sort_key)
    action = AccessAction.EXPORT if export else AccessAction.VIEW
    _log(actor, action, AccessPurpose.PRISON_LISTS, [a.detainee for a in applications], f"session {session.pk}")
    return ParticipantList(session=session, people=people, full_identity=full, generated_at=timezone.now())


@dataclass
class Movement:
    person: Person
    session: Session
    activity: str


@dataclass
class UnitMovements:
    """The movements of one unit, by time (the list is printed unit by unit)."""

    unit: str
    movements: list[Movement]


@dataclass
class MovementList:
    prison: Prison
    day: dt.date
    unit: Unit | None
    movements: list[Movement]
    cancelled: list[Session]
    full_identity: bool
    generated_at: dt.datetime

    @property
    def by_unit(self) -> list[UnitMovements]:
        """``movements`` (already sorted by unit then time) cut into one group per unit."""
        groups: list[UnitMovements] = []
        for movement in self.movements:
            if not groups or groups[-1].unit != movement.person.unit:
                groups.append(UnitMovements(unit=movement.person.unit, movements=[]))
            groups[-1].movements.append(movement)
        return groups


# How far ahead the movement list looks for its first day with sessions.
MOVEMENT_LOOKAHEAD_DAYS = 60


def movement_default_day(*, actor: Actor, prisons: QuerySet[Prison]) -> dt.date:
    """The day the movement list opens on: the first day, from today on, with a session to move people to.

    Today counts while one of its sessions has not ended yet; otherwise the next day with a
    session that is not cancelled, among the sessions ``actor`` may see in ``prisons``. Today
    when nothing is planned in the next ``MOVEMENT_LOOKAHEAD_DAYS`` days.
    """
    today = timezone.localdate()
    upcoming = (
        Session.objects.filter(
            permissions.movement_scope(actor),
            edition__prison__in=prisons,
            ends_at__gt=timezone.now(),
            starts_at__lt=aware(today + dt.timedelta(days=MOVEMENT_LOOKAHEAD_DAYS), dt.time(0, 0)),
        )
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if upcoming is None:
        return today
    return max(today, timezone.localtime(upcoming).date())


def movement_list(
    *, actor: Actor, prison: Prison, day: dt.date, unit: Unit | None = None, export: bool = False
) -> MovementList:
    """Who moves from which unit to which room at what time on ``day``, by unit then time.

    Sessions of that day in that prison that ``actor`` may see, times their confirmed or
    active participants still in the prison. Cancelled sessions are listed without people.
    """
    actor.require(permissions.can_read_movement_lists(actor, prison.pk))
    full = sees_full_identity(actor)
    in_scope = Session.objects.filter(permissions.movement_scope(actor)).values("pk")
    sessions = list(
        Session.objects.filter(
            pk__in=in_scope,
            edition__prison=prison,
            starts_at__gte=aware(day, dt.time(0, 0)),
            starts_at__lt=aware(day + dt.timedelta(days=1), dt.time(0, 0)),
        )
        .select_related("room", "edition__activity")
        .order_by("starts_at", "pk")
    )
    held = [s for s in sessions if not s.is_cancelled]
    statuses = ATTENDED_STATUSES if day < timezone.localdate() else ATTENDING_STATUSES
    applications = Application.objects.filter(
        edition_id__in={s.edition_id for s in held},
        status__in=statuses,
        detainee__presence=PresenceStatus.PRESENT,
    ).select_related("detainee__unit")
    if unit is not None:
        applications = applications.filter(detainee__unit=unit)
    by_edition: dict[int, list[Application]] = {}
    for application in applications:
        by_edition.setdefault(application.edition_id, []).append(application)
    movements = [
        Movement(Person.of(application.detainee, full=full), session, localised(session.edition.activity, "title").text)
        for session in held
        for application in by_edition.get(session.edition_id, [])
    ]
    movements.sort(
        key=lambda m: (m.person.unit_id is None, m.person.unit.casefold(), m.session.starts_at, m.person.name)
    )
    detainees = [a.detainee for listed in by_edition.values() for a in listed]
    action = AccessAction.EXPORT if export else AccessAction.VIEW
    _log(actor, action, AccessPurpose.PRISON_LISTS, detainees, f"movements {prison.pk} {day.isoformat()}")
    return MovementList(
        prison=prison,
        day=day,
        unit=unit,
        movements=movements,
        cancelled=[s for s in sessions if s.is_cancelled],
        full_identity=full,
        generated_at=timezone.now(),
    )


def movement_prisons(*, actor: Actor) -> QuerySet[Prison]:
    """Prisons whose movement lists ``actor`` may open."""
    prisons = Prison.objects.filter(is_active=True)
    if actor.is_admin or actor.is_service_staff or actor.is_partner_facilitator:
        return prisons
    return prisons.filter(pk__in=actor.staff_prison_ids)


# --- Follow-up -----------------------------------------------------------------------------


def with_rates(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate sessions recorded, attended and unexcused absences, counted by the database."""
    held = Q(attendances__session__status=SessionStatus.SCHEDULED)
    absent = held & Q(attendances__status=AttendanceStatus.ABSENT)
    unexcused = Q(attendances__reason__isnull=True) | Q(attendances__reason__is_excused=False)
    return queryset.annotate(
        sessions_recorded=Count("attendances", filter=held),
        sessions_attended=Count("attendances", filter=held & Q(attendances__status=AttendanceStatus.PRESENT)),
        absences=Count("attendances", filter=absent),
        unexcused_absences=Count("attendances", filter=absent & unexcused),
        is_flagged=Exists(Application.objects.filter(flagged(), pk=OuterRef("pk"))),
    )


def rate(attended: int, recorded: int) -> int | None:
    """Attendance in whole percent of the sessions recorded; None before any record."""
    return round(100 * attended / recorded) if recorded else None


@dataclass
class InterviewView:
    """What the reader may see of an interview: always that it exists; notes only for its service."""

    interview: FeedbackInterview
    status: str
    status_label: str
    planned_on: dt.date | None
    held_on: dt.date | None
    organisation: str
    reason_codes: list[str] | None
    reasons: list[str] | None
    notes: str | None
    may_edit: bool


def _interview_view(actor: Actor, interview: FeedbackInterview) -> InterviewView:
    from .models import DropoutReason

    secret = permissions.can_read_interview_notes(actor, interview)
    labels = dict(DropoutReason.choices)
    return InterviewView(
        interview=interview,
        status=interview.status,
        status_label=str(interview.get_status_display()),
        planned_on=interview.planned_on,
        held_on=interview.held_on,
        organisation=interview.organisation.acronym or interview.organisation.name,
        reason_codes=list(interview.reasons) if secret else None,
        reasons=[str(labels.get(code, code)) for code in interview.reasons] if secret else None,
        notes=interview.notes if secret else None,
        may_edit=secret,
    )


@dataclass
class ParticipantRate:
    application: Application
    person: Person
    sessions_recorded: int
    sessions_attended: int
    absences: int
    unexcused_absences: int
    rate: int | None
    flagged: bool
    interview: InterviewView | None
    may_certify: bool = False
    may_schedule_interview: bool = False


@dataclass
class EditionStatistics:
    """Counts for anyone who may see the follow-up; ``None`` counts are shown as "< 5"."""

    participants: int | None
    dropouts: int | None
    interviews_held: int | None
    sessions_held: int
    rate: int | None


@dataclass
class FollowUp:
    edition: Edition
    statistics: EditionStatistics
    rows: list[ParticipantRate] | None  # None: counts only (coordinators without a service role)
    dropout_after: int
    full_identity: bool = False
    services: list[int] = field(default_factory=list)


def edition_statistics(*, edition: Edition) -> EditionStatistics:
    """Participation figures of an edition, aggregated in the database, small counts hidden."""
    participants = Application.objects.filter(participated(), edition=edition)
    counts = participants.aggregate(
        people=Count("pk", distinct=True),
        dropouts=Count("pk", filter=flagged(), distinct=True),
    )
    attendance = Attendance.objects.filter(session__edition=edition, session__status=SessionStatus.SCHEDULED).aggregate(
        recorded=Count("pk"), attended=Count("pk", filter=Q(status=AttendanceStatus.PRESENT))
    )
    interviews = FeedbackInterview.objects.filter(application__edition=edition, status=InterviewStatus.DONE).count()
    sessions_held = edition.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now()).count()
    people = safe_count(counts["people"])
    return EditionStatistics(
        participants=people,
        dropouts=safe_count(counts["dropouts"]),
        interviews_held=safe_count(interviews),
        sessions_held=sessions_held,
        # A rate over fewer people than the minimum would describe individuals.
        rate=rate(attendance["attended"], attendance["recorded"]) if people else None,
    )


def participation_rates(*, actor: Actor, edition: Edition) -> list[ParticipantRate]:
    """Each participant the actor follows, with attendance rate, dropout flag and interview."""
    full = sees_full_identity(actor)
    followed = Application.objects.filter(permissions.followed_applications(actor), edition=edition).values("pk")
    applications = (
        with_rates(Application.objects.filter(participated(), pk__in=followed))
        .select_related("detainee__unit", "feedback_interview__organisation")
        .order_by("pk")
    )
    own = actor.service_organisation_ids
    running = own & permissions.edition_service_ids(edition)
    rows = []
    for application in applications:
        interview = getattr(application, "feedback_interview", None)
        following = bool(running) or application.recorded_for_id in own
        rows.append(
            ParticipantRate(
                application=application,
                person=Person.of(application.detainee, full=full),
                sessions_recorded=application.sessions_recorded,  # type: ignore[attr-defined]
                sessions_attended=application.sessions_attended,  # type: ignore[attr-defined]
                absences=application.absences,  # type: ignore[attr-defined]
                unexcused_absences=application.unexcused_absences,  # type: ignore[attr-defined]
                rate=rate(application.sessions_attended, application.sessions_recorded),  # type: ignore[attr-defined]
                flagged=application.is_flagged,  # type: ignore[attr-defined]
                interview=_interview_view(actor, interview) if interview else None,
                may_certify=actor.is_admin or following,
                may_schedule_interview=following and interview is None and application.is_flagged,  # type: ignore[attr-defined]
            )
        )
    rows.sort(key=lambda row: _sort_key(row.person))
    _log(
        actor,
        AccessAction.VIEW,
        AccessPurpose.FOLLOW_UP,
        [r.application.detainee for r in rows],
        f"edition {edition.pk}",
    )
    return rows


def edition_dropouts(*, actor: Actor, edition: Edition) -> list[ParticipantRate]:
    return [row for row in participation_rates(actor=actor, edition=edition) if row.flagged]


def follow_up(*, actor: Actor, edition: Edition) -> FollowUp:
    """The edition's follow-up page: figures for all who may open it, people only for those who follow them."""
    actor.require(permissions.can_read_follow_up(actor, edition))
    from .services import _dropout_limit

    sees_people = (
        actor.is_admin
        or permissions.runs_edition(actor, edition)
        or permissions.facilitates(actor, edition)
        or actor.is_service_staff
    )
    return FollowUp(
        edition=edition,
        statistics=edition_statistics(edition=edition),
        rows=participation_rates(actor=actor, edition=edition) if sees_people else None,
        dropout_after=_dropout_limit(edition.pk),
        full_identity=sees_full_identity(actor),
    )


def application_for_follow_up(*, actor: Actor, pk: int) -> Application:
    """One application the actor follows (organiser, partner, following service, facilitator), else 404."""
    followed = Application.objects.filter(permissions.followed_applications(actor)).values("pk")
    return get_object_or_404(
        Application.objects.filter(pk__in=followed).select_related(
            "detainee__unit", "edition__activity__organiser", "edition__prison"
        ),
        pk=pk,
    )


def interview_for(*, actor: Actor, application: Application) -> InterviewView | None:
    """The participant's interview as the reader may see it (notes for the interviewer's service only).

    The interview page names the person, so each reading is logged, with or without an interview.
    """
    interview = FeedbackInterview.objects.filter(application=application).select_related("organisation").first()
    detail = f"interview {interview.pk}" if interview else f"application {application.pk}"
    access_log(
        actor=actor,
        action=AccessAction.VIEW,
        purpose=AccessPurpose.FOLLOW_UP,
        subject=Detainee(pk=application.detainee_id),
        detail=detail,
    )
    return _interview_view(actor, interview) if interview else None


def interviews_visible(*, actor: Actor) -> QuerySet[FeedbackInterview]:
    """Interviews of participants the actor follows (their notes still depend on the service)."""
    followed = Application.objects.filter(permissions.followed_applications(actor)).values("pk")
    return (
        FeedbackInterview.objects.filter(application_id__in=followed)
        .select_related("organisation", "application")
        .order_by("-updated_at", "-pk")
    )


def interview_views(*, actor: Actor, interviews: list[FeedbackInterview]) -> list[InterviewView]:
    """Interviews as ``actor`` may see them; reading notes is logged, one row per person."""
    views = [_interview_view(actor, interview) for interview in interviews]
    with_notes = [Detainee(pk=view.interview.application.detainee_id) for view in views if view.notes is not None]
    _log(actor, AccessAction.VIEW, AccessPurpose.FOLLOW_UP, with_notes, "interviews")
    return views


def interview_get(*, actor: Actor, pk: int) -> FeedbackInterview:
    return get_object_or_404(interviews_visible(actor=actor), pk=pk)


def interview_is_flagged(application: Application) -> bool:
    return Application.objects.filter(flagged(), pk=application.pk).exists()


# --- Certificates --------------------------------------------------------------------------


def certificate_language(detainee: Detainee) -> str:
    """The first language the person reads that the certificate exists in (fr, nl, en), else French."""
    through = Detainee.languages_read.through
    codes = through.objects.filter(detainee_id=detainee.pk).order_by("pk").values_list("language__code", flat=True)
    return next((code for code in codes if code in CONTENT_LANGUAGES), "fr")


@dataclass
class Certificate:
    application: Application
    language: str
    person_name: str
    activity_title: str
    starts_on: dt.date
    ends_on: dt.date
    sessions_attended: int
    sessions_held: int
    organiser: str
    issued_on: dt.date
    hours_attended: float = 0.0
    prison: str = ""
    partners: tuple[str, ...] = ()


def certificate(*, actor: Actor, application: Application, language: str | None = None) -> Certificate:
    """What a certificate of participation states; logs the export. The one document meant to leave the services.

    Refuses (ValidationError) someone who attended no session.
    """
    actor.require(permissions.can_issue_certificate(actor, application))
    detainee = application.detainee
    language = language if language in CONTENT_LANGUAGES else certificate_language(detainee)
    edition = application.edition
    presence = Attendance.objects.filter(
        application=application, status=AttendanceStatus.PRESENT, session__status=SessionStatus.SCHEDULED
    ).aggregate(
        sessions=Count("pk"),
        duration=Sum(ExpressionWrapper(F("session__ends_at") - F("session__starts_at"), output_field=DurationField())),
    )
    attended = presence["sessions"]
    if not attended:
        raise ValidationError(_("This person attended no session yet: there is nothing to certify."))
    held = edition.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now()).count()
    access_log(
        actor=actor,
        action=AccessAction.EXPORT,
        purpose=AccessPurpose.CERTIFICATE,
        subject=detainee,
        detail=f"application {application.pk} {language}",
    )
    return Certificate(
        application=application,
        language=language,
        person_name=f"{detainee.first_name} {detainee.last_name}",
        activity_title=localised(edition.activity, "title", language).text,
        starts_on=edition.starts_on,
        ends_on=edition.ends_on,
        sessions_attended=attended,
        sessions_held=held,
        organiser=edition.activity.organiser.name,
        issued_on=timezone.localdate(),
        hours_attended=round(presence["duration"].total_seconds() / 3600, 1) if presence["duration"] else 0.0,
        prison=localised(edition.prison, "name", language).text if edition.prison_id else "",
        partners=tuple(edition.activity.partners.order_by("name").values_list("name", flat=True)),
    )


# --- Notices -------------------------------------------------------------------------------


def notices_for(*, actor: Actor, unread_only: bool = False) -> QuerySet[ServiceNotice]:
    """Notices to the actor's services, newest first."""
    actor.require(permissions.can_read_notices(actor))
    notices = ServiceNotice.objects.filter(organisation_id__in=actor.service_organisation_ids).select_related(
        "organisation"
    )
    return notices.filter(read_at__isnull=True) if unread_only else notices


def notice_get(*, actor: Actor, pk: int) -> ServiceNotice:
    return get_object_or_404(ServiceNotice.objects.filter(organisation_id__in=actor.service_organisation_ids), pk=pk)


# --- For the home pages (bounded lists of work to do) --------------------------------------


def _not_recorded_count() -> Coalesce:
    """Per session: its confirmed or active participants without an attendance record yet."""
    recorded = Attendance.objects.filter(session_id=OuterRef(OuterRef("pk")), application_id=OuterRef("pk"))
    missing = (
        Application.objects.filter(edition_id=OuterRef("edition_id"), status__in=ATTENDING_STATUSES)
        .exclude(Exists(recorded))
        .order_by()
        .values("edition_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(missing), 0)


def _participant_count(statuses: frozenset[str] | tuple[str, ...], *, present_only: bool = False) -> Coalesce:
    """Per session: the people of its edition in ``statuses`` (still in the prison, if asked)."""
    people = Application.objects.filter(edition_id=OuterRef("edition_id"), status__in=statuses)
    if present_only:
        people = people.filter(detainee__presence=PresenceStatus.PRESENT)
    counted = people.order_by().values("edition_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _between(start: dt.date, days: int) -> Q:
    return Q(
        starts_at__gte=aware(start, dt.time(0, 0)), starts_at__lt=aware(start + dt.timedelta(days=days), dt.time(0, 0))
    )


def sessions_awaiting_attendance(*, actor: Actor, start: dt.date, days: int = 2) -> QuerySet[Session]:
    """Sessions from ``start`` for ``days`` days, of editions ``actor``'s services run (organiser or partner),
    where some participant's attendance is not recorded yet; each carries ``not_recorded``."""
    own = actor.service_organisation_ids
    if not own:
        return Session.objects.none()
    run = Edition.objects.filter(Q(activity__organiser_id__in=own) | Q(activity__partners__id__in=own)).values("pk")
    return (
        Session.objects.filter(_between(start, days), edition_id__in=run, status=SessionStatus.SCHEDULED)
        .select_related("edition__activity", "room")
        .annotate(not_recorded=_not_recorded_count())
        .filter(not_recorded__gt=0)
        .order_by("starts_at", "pk")
    )


def dropouts_without_interview(*, actor: Actor) -> QuerySet[Application]:
    """People who dropped out (or left after holding a place) and whom ``actor``'s services follow,
    whose feedback interview is not held yet (none, or only planned): the oldest departure first."""
    own = actor.service_organisation_ids
    if not own:
        return Application.objects.none()
    run = Edition.objects.filter(Q(activity__organiser_id__in=own) | Q(activity__partners__id__in=own)).values("pk")
    return (
        Application.objects.filter(flagged(), Q(recorded_for_id__in=own) | Q(edition_id__in=run))
        .filter(Q(feedback_interview__isnull=True) | Q(feedback_interview__status=InterviewStatus.PLANNED))
        .select_related("detainee__unit", "edition__activity", "feedback_interview")
        .order_by("status_changed_at", "pk")
    )


@dataclass
class MovementDay:
    """What moves in one prison on one day: sessions held and people to move (counts, no names)."""

    prison: Prison
    day: dt.date
    sessions: int
    people: int


def movement_days(*, actor: Actor, start: dt.date, days: int = 2) -> list[MovementDay]:
    """Per prison of ``actor``'s (prison staff) and per day from ``start``: sessions and movements to expect.

    Counts what the movement list of that day lists (confirmed or active participants still in
    the prison, times the day's sessions), in two queries whatever the number of sessions.
    """
    if not actor.is_prison_staff:
        return []
    in_scope = Session.objects.filter(permissions.movement_scope(actor)).values("pk")
    rows = (
        Session.objects.filter(
            _between(start, days),
            pk__in=in_scope,
            edition__prison_id__in=actor.staff_prison_ids,
            status=SessionStatus.SCHEDULED,
        )
        .annotate(people=_participant_count(ATTENDING_STATUSES, present_only=True))
        .values_list("edition__prison_id", "starts_at", "people")
    )
    totals: dict[tuple[int, dt.date], list[int]] = {}
    for prison_id, starts_at, people in rows:
        counted = totals.setdefault((prison_id, timezone.localtime(starts_at).date()), [0, 0])
        counted[0] += 1
        counted[1] += people
    prisons = Prison.objects.filter(pk__in=actor.staff_prison_ids).order_by("code")
    return [
        MovementDay(
            prison=prison,
            day=day,
            sessions=totals.get((prison.pk, day), [0, 0])[0],
            people=totals.get((prison.pk, day), [0, 0])[1],
        )
        for prison in prisons
        for day in (start + dt.timedelta(days=offset) for offset in range(days))
    ]


def sessions_cancelled_on(*, actor: Actor, day: dt.date) -> QuerySet[Session]:
    """Sessions of ``day`` in the prisons of ``actor`` (prison staff) that were cancelled."""
    if not actor.is_prison_staff:
        return Session.objects.none()
    in_scope = Session.objects.filter(permissions.movement_scope(actor)).values("pk")
    return (
        Session.objects.filter(
            _between(day, 1),
            pk__in=in_scope,
            edition__prison_id__in=actor.staff_prison_ids,
            status=SessionStatus.CANCELLED,
        )
        .select_related("edition__activity", "room")
        .order_by("starts_at", "pk")
    )


def facilitated_sessions(*, actor: Actor, since: dt.datetime) -> QuerySet[Session]:
    """The coming sessions of the editions ``actor`` facilitates (ending after ``since``), soonest first."""
    if actor.user_id is None:
        return Session.objects.none()
    facilitated = Edition.objects.filter(facilitators__id=actor.user_id).values("pk")
    return (
        Session.objects.filter(edition_id__in=facilitated, status=SessionStatus.SCHEDULED, ends_at__gt=since)
        .select_related("edition__activity", "edition__prison", "room")
        .order_by("starts_at", "pk")
    )


def facilitated_participant_lists(*, actor: Actor, today: dt.date) -> QuerySet[Edition]:
    """Editions ``actor`` facilitates that are not over, each with ``participants`` and ``next_session_id``
    (the session whose participant list to open; None when no session is left)."""
    if actor.user_id is None:
        return Edition.objects.none()
    people = (
        Application.objects.filter(edition_id=OuterRef("pk"), status__in=PARTICIPANT_STATUSES)
        .order_by()
        .values("edition_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    coming = Session.objects.filter(
        edition_id=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gte=aware(today, dt.time(0, 0))
    ).order_by("starts_at", "pk")
    return (
        Edition.objects.filter(
            pk__in=Edition.objects.filter(facilitators__id=actor.user_id).values("pk"), ends_on__gte=today
        )
        .select_related("activity", "prison")
        .annotate(participants=Coalesce(Subquery(people), 0), next_session_id=Subquery(coming.values("pk")[:1]))
        .order_by("starts_on", "pk")
    )


# --- A person's page -------------------------------------------------------------------------


@dataclass
class PersonParticipation:
    """Attendance and interview of one of a person's participations, as the reader may see them."""

    application_id: int
    edition: Edition
    sessions_attended: int
    sessions_recorded: int
    interview_status: str | None  # the interview's existence and status, never its content
    interview_service: str


def person_participations(*, actor: Actor, detainee: Detainee) -> list[PersonParticipation]:
    """Sessions attended out of those recorded, and whether a feedback interview exists, per edition.

    Only the participations ``actor`` follows (``permissions.followed_applications``). Logged as a
    follow-up read of the person when anything is shown.
    """
    followed = Application.objects.filter(permissions.followed_applications(actor), detainee_id=detainee.pk).values(
        "pk"
    )
    applications = (
        with_rates(Application.objects.filter(participated(), pk__in=followed))
        .select_related("edition__activity", "feedback_interview__organisation")
        .order_by("-edition__starts_on", "-pk")
    )
    rows = []
    for application in applications:
        interview = getattr(application, "feedback_interview", None)
        rows.append(
            PersonParticipation(
                application_id=application.pk,
                edition=application.edition,
                sessions_attended=application.sessions_attended,  # type: ignore[attr-defined]
                sessions_recorded=application.sessions_recorded,  # type: ignore[attr-defined]
                interview_status=str(interview.get_status_display()) if interview else None,
                interview_service=(interview.organisation.acronym or interview.organisation.name) if interview else "",
            )
        )
    if rows:
        _log(actor, AccessAction.VIEW, AccessPurpose.FOLLOW_UP, [Detainee(pk=detainee.pk)], "person page")
    return rows
