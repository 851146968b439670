"""The registration cycle in the demo: applications, a full edition and its waiting list,
attendance, a dropout and its feedback interview, and a finished edition with certificates.

Everything goes through the registrations and attendance services, each call made by the staff
of a service that runs the edition (``actor_for`` of a demo user), so the demo obeys the same
rules and permissions as the interface and writes the same history and access log. One
exception, marked where it happens: attendance of sessions older than the edit window
(``CONCERTO_ATTENDANCE_EDIT_DAYS``), which the service rightly refuses, is written directly.

- **Full edition** (French reception class, APO): every place taken (confirmed participants and
  one offer awaiting an answer) and three people on the waiting list; offers are automatic, so
  a withdrawal offers the place to the first person waiting.
- **Current groups** (Dutch reception class, digital skills, reading club): a few participants
  each, so the movement lists of the coming days have people and rooms.
- **Reception classes** (French and Dutch) require no language of delivery (their screening
  criteria say so): they are for people who speak neither language, and the language check
  passes for them.
- **Attendance** of every session up to today, today's included (a sheet opens on the day of
  its session): "all present", then a few absences (court hearing: excused; refusal: not).
  That is this week's sessions, and for the Dutch class, which began two weeks earlier
  (activities.py), every session since its start.
- **Dropout**: a participant of the Dutch class misses its last N sessions (the edition's
  ``dropout_after_absences``) without excuse; the attendance service moves him to "dropped out"
  and the service that follows him (APO, which referred him) plans the feedback interview,
  still to be held.
- **Finished edition** (an earlier drawing workshop): participants who completed it, with
  their attendance, so certificates can be printed.

Idempotent: an edition that has applications already is left as it is (a demonstration may
have moved them). The services date applications and open attendance by the real clock, so
registrations are loaded only when ``today`` is the real date; loading the demo for another
day (as tests do) leaves them out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor, actor_for
from concerto.attendance import services as attendance
from concerto.attendance.models import AbsenceReason, Attendance, AttendanceStatus, FeedbackInterview, InterviewStatus
from concerto.catalogue.models import ActivityStatus, Edition, Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.demo import data as d
from concerto.demo.detainees import SAMPLE_GONE, SLIP_PERSON, demo_people, slip_person_number
from concerto.detainees.models import Detainee, Gender, PresenceStatus
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison
from concerto.reference.models import TargetGroup
from concerto.registrations import services as registrations
from concerto.registrations.models import Application, ApplicationSource, ApplicationStatus, EditionScreening
from concerto.registrations.screening import GENDER_GROUPS
from concerto.registrations.selectors import edition_places

S = ApplicationStatus
Src = ApplicationSource

# The absence reasons the demo uses, created when missing with the values of the migration that
# seeds them (attendance/migrations/0003): tests build their database without data migrations.
ABSENCE_REASONS: dict[str, tuple[str, str, str, bool, int]] = {
    "court_hearing": ("Audience au tribunal", "Zitting in de rechtbank", "Court hearing", True, 10),
    "medical": ("Raison médicale", "Medische reden", "Medical", True, 30),
    "refused": ("A refusé de venir", "Weigerde te komen", "Refused to come", False, 70),
}
COURT_HEARING, MEDICAL, REFUSED = "court_hearing", "medical", "refused"
# The demo's prison staff (Haren): who prints the movement lists.
PRISON_STAFF = "prison"

# People the sample list (docs/samples/liste-haren.csv) reports gone: importing it would release
# them, which is its own demonstration; they stay out of these groups.
GONE = frozenset(demo_people()[position].prison_number for position in SAMPLE_GONE)
# The person whose slip a new user records (``_slip_line``): in no group, so he may still apply.
SLIP = slip_person_number()


@dataclass(frozen=True)
class Applicant:
    """One application: how it reached the service, when, and where screening leaves it."""

    outcome: str  # S.CONFIRMED, S.OFFERED or S.WAITING_LIST
    source: str
    applied_days_before: int  # before the edition's first day (negative: after it; never after today)
    priority: int = 0
    recorded_by: str = ""  # username; the plan's recorder when empty
    referred_by: str = ""  # organisation name, for a referral by a service


@dataclass(frozen=True)
class Absence:
    participant: int  # index in the plan's applicants
    session: int  # index among the sessions recorded (0: the first, -1: the last)
    reason: str  # AbsenceReason code


@dataclass(frozen=True)
class GroupPlan:
    title_fr: str  # the activity (with its organiser)
    organiser: str
    recorder: str  # username of the staff member who records the applications
    decider: str  # username of the staff member who screens, decides and records attendance
    applicants: tuple[Applicant, ...] = ()
    absences: tuple[Absence, ...] = ()
    dropout: int | None = None  # index of the participant who stops coming
    follower: str = ""  # username of the staff of the service that holds the dropout's interview
    finished: bool = False  # the last edition that ended, rather than the current one
    fill: bool = False  # every place taken (one of them offered) and three people waiting
    auto_offer: bool = False
    # Off for the reception classes: they are for people who speak none of their languages.
    language_required: bool = True


FULL = GroupPlan(
    title_fr="Classe d'accueil : le français du quotidien en prison",
    organiser=d.APO,
    recorder="worker",
    decider="manager",
    absences=(Absence(2, 0, COURT_HEARING), Absence(6, -1, REFUSED)),
    fill=True,
    auto_offer=True,
    language_required=False,
)
DROPOUT = GroupPlan(
    title_fr="Classe d'accueil en néerlandais pour allophones",
    organiser=d.CAW,
    recorder="caw",
    decider="caw",
    applicants=(
        Applicant(S.CONFIRMED, Src.PAPER, 24),
        Applicant(S.CONFIRMED, Src.PSYCHOSOCIAL_SERVICE, 21, priority=1),
        Applicant(S.CONFIRMED, Src.PAPER, 19),
        # APO follows this person and referred him: APO is told of the dropout and holds the interview.
        Applicant(S.CONFIRMED, Src.SERVICE_REFERRAL, 17, recorded_by="worker", referred_by=d.APO),
        Applicant(S.CONFIRMED, Src.PRISON_STAFF, 12),
        Applicant(S.CONFIRMED, Src.PAPER, 9),
    ),
    absences=(Absence(1, -2, COURT_HEARING),),
    dropout=3,
    follower="worker",
    language_required=False,
)
DIGITAL = GroupPlan(
    title_fr="Compétences numériques de base : se préparer à la sortie",
    organiser=d.CAW,
    recorder="caw",
    decider="caw",
    applicants=(
        Applicant(S.CONFIRMED, Src.PAPER, 15),
        Applicant(S.CONFIRMED, Src.SERVICE_REFERRAL, 13, recorded_by="worker", referred_by=d.APO),
        Applicant(S.CONFIRMED, Src.PRISON_STAFF, 11),
        Applicant(S.CONFIRMED, Src.PAPER, 8),
    ),
)
READING = GroupPlan(
    title_fr="Club de lecture à la bibliothèque",
    organiser=d.APO,
    recorder="worker",
    decider="worker",
    applicants=(
        Applicant(S.CONFIRMED, Src.PAPER, 14),
        Applicant(S.CONFIRMED, Src.PAPER, 12),
        Applicant(S.CONFIRMED, Src.PSYCHOSOCIAL_SERVICE, 10, priority=1),
        Applicant(S.CONFIRMED, Src.PRISON_STAFF, 6),
        Applicant(S.CONFIRMED, Src.PAPER, 3),
    ),
    absences=(Absence(1, -1, MEDICAL),),
)
FINISHED = GroupPlan(
    title_fr="Atelier dessin et peinture",
    organiser=d.SIREAS,
    recorder="sireas",
    decider="sireas",
    applicants=(
        Applicant(S.CONFIRMED, Src.PAPER, 20),
        Applicant(S.CONFIRMED, Src.PAPER, 18),
        Applicant(S.CONFIRMED, Src.SERVICE_REFERRAL, 17, recorded_by="worker", referred_by=d.APO),
        Applicant(S.CONFIRMED, Src.PRISON_STAFF, 15),
        Applicant(S.CONFIRMED, Src.PAPER, 12),
        Applicant(S.CONFIRMED, Src.PSYCHOSOCIAL_SERVICE, 10, priority=1),
        Applicant(S.CONFIRMED, Src.PAPER, 7),
    ),
    absences=(Absence(0, 1, COURT_HEARING), Absence(3, 4, MEDICAL), Absence(5, 7, REFUSED)),
    finished=True,
)
PLANS: tuple[GroupPlan, ...] = (FULL, DROPOUT, DIGITAL, READING, FINISHED)

# The full edition: sources, days before the start, priorities, who records. Confirmed
# participants cycle through the first list; the offer and the waiting list come after.
_FULL_SOURCES = (
    (Src.PAPER, ""),
    (Src.SERVICE_REFERRAL, d.CAW),
    (Src.PAPER, ""),
    (Src.PSYCHOSOCIAL_SERVICE, ""),
    (Src.PRISON_STAFF, ""),
)
_FULL_LATE = (
    Applicant(S.OFFERED, Src.PAPER, 4),
    # The waiting list, in its order: the highest priority first, then the earliest application.
    Applicant(S.WAITING_LIST, Src.PSYCHOSOCIAL_SERVICE, 1, priority=2),
    Applicant(S.WAITING_LIST, Src.SERVICE_REFERRAL, 3, recorded_by="caw", referred_by=d.CAW),
    Applicant(S.WAITING_LIST, Src.PAPER, -1),
)
WAITING = sum(1 for applicant in _FULL_LATE if applicant.outcome == S.WAITING_LIST)


def full_applicants(capacity: int) -> tuple[Applicant, ...]:
    """All places but one confirmed, one offered and awaiting an answer, then the waiting list."""
    confirmed = []
    for index in range(max(capacity - 1, 0)):
        source, referred_by = _FULL_SOURCES[index % len(_FULL_SOURCES)]
        confirmed.append(Applicant(S.CONFIRMED, source, 24 - index * 18 // max(capacity, 1), referred_by=referred_by))
    return (*confirmed, *_FULL_LATE)


# --- Finding the demo's editions and people ----------------------------------------------------


def plan_edition(plan: GroupPlan, prison: Prison, today: dt.date) -> Edition | None:
    """The plan's edition: the one running today, or (finished plans) the last one that ended."""
    editions = Edition.objects.filter(
        prison=prison, activity__title_fr=plan.title_fr, activity__organiser__name=plan.organiser
    ).select_related("activity")
    if plan.finished:
        return editions.filter(ends_on__lt=today).order_by("-ends_on", "-pk").first()
    return editions.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on", "-pk").first()


def _candidates(edition: Edition, count: int, taken: set[int], *, language_required: bool = True) -> list[Detainee]:
    """``count`` people who fit the edition: its units, gender and legal status, in the prison.

    Left out: people already chosen, people with an application to another edition over the
    same weeks (no clash between groups) and people the sample list reports gone. Those who
    pass the language and release checks come first, then by prison number (always the same).
    Where no language is required (a reception class), those who speak none of the activity's
    languages come first instead: they are whom it is for.
    """
    groups = list(edition.activity.target_groups.all())
    genders = {g.gender for g in groups if g.dimension == TargetGroup.Dimension.GENDER}
    statuses = {g.code for g in groups if g.dimension == TargetGroup.Dimension.LEGAL_STATUS}
    language_ids = set(edition.activity.languages.values_list("pk", flat=True))
    busy = Application.objects.filter(
        edition__starts_on__lte=edition.ends_on, edition__ends_on__gte=edition.starts_on
    ).values("detainee_id")
    people = (
        Detainee.objects.filter(
            prison_id=edition.prison_id,
            presence=PresenceStatus.PRESENT,
            anonymised_at__isnull=True,
            unit__in=edition.units.all(),
        )
        .exclude(pk__in=busy)
        .exclude(pk__in=taken)
        .exclude(prison_number__in=[*GONE, SLIP])
        .prefetch_related("languages_read", "languages_spoken")
    )
    if statuses:
        people = people.filter(legal_status__in=statuses)
    fitting = [p for p in people if not genders or GENDER_GROUPS.get(Gender(p.gender)) in genders]

    def order(person: Detainee) -> tuple[bool, bool, str]:
        known = {lang.pk for lang in person.languages_read.all()} | {lang.pk for lang in person.languages_spoken.all()}
        leaves_early = person.expected_release_on is not None and person.expected_release_on < edition.ends_on
        speaks = not language_ids or bool(known & language_ids)
        return (speaks != language_required, leaves_early, person.prison_number)

    return sorted(fitting, key=order)[:count]


def _sessions(edition: Edition, today: dt.date) -> list[Session]:
    """The edition's scheduled sessions from its start to the end of ``today``."""
    return list(
        edition.sessions.filter(
            status=SessionStatus.SCHEDULED, starts_at__lt=aware(today + dt.timedelta(days=1), dt.time(0, 0))
        ).order_by("starts_at", "pk")
    )


def _next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:  # Saturday, Sunday
        day += dt.timedelta(days=1)
    return day


# --- Loading ------------------------------------------------------------------------------------


class _Loader:
    def __init__(self, *, prison: Prison, today: dt.date) -> None:
        self.prison = prison
        self.today = today
        self.users = {user.username: user for user in User.objects.filter(username__in=_usernames())}
        self.actors: dict[str, Actor] = {}
        self.taken: set[int] = set()
        self.reasons = {code: _absence_reason(code) for code in ABSENCE_REASONS}

    def actor(self, username: str) -> Actor:
        if username not in self.actors:
            user = self.users[username]
            user.__dict__.pop("_concerto_actor", None)  # memberships may have changed during the load
            self.actors[username] = actor_for(user)
        return self.actors[username]

    def load(self, plan: GroupPlan) -> None:
        edition = plan_edition(plan, self.prison, self.today)
        if edition is None or edition.activity.status != ActivityStatus.PUBLISHED:
            return
        if Application.objects.filter(edition=edition).exists():
            # Loaded before (and perhaps changed since, during a demonstration): left as it is.
            self.taken |= set(Application.objects.filter(edition=edition).values_list("detainee_id", flat=True))
            return
        applicants = full_applicants(edition.capacity) if plan.fill else plan.applicants
        people = _candidates(edition, len(applicants), self.taken, language_required=plan.language_required)
        if len(people) < len(applicants):
            return  # the prison's list changed too much for this group: better none than half of one
        self.taken |= {person.pk for person in people}
        if plan.auto_offer or not plan.language_required:
            registrations.edition_screening_update(
                actor=self.actor(plan.decider),
                edition=edition,
                auto_offer=plan.auto_offer,
                language_required=plan.language_required,
            )
        applications = [
            self._apply(plan, edition, applicant, person) for applicant, person in zip(applicants, people, strict=True)
        ]
        self._attend(plan, edition, applications)
        if plan.finished:
            self._complete(plan, applications)

    def _apply(self, plan: GroupPlan, edition: Edition, applicant: Applicant, person: Detainee) -> Application:
        recorder = self.actor(applicant.recorded_by or plan.recorder)
        decider = self.actor(plan.decider)
        referred_by = Organisation.objects.get(name=applicant.referred_by) if applicant.referred_by else None
        application = registrations.application_create(
            actor=recorder,
            detainee=person,
            edition=edition,
            source=applicant.source,
            applied_on=min(edition.starts_on - dt.timedelta(days=applicant.applied_days_before), self.today),
            referred_by=referred_by,
            priority=applicant.priority,
        )
        # "Accept" offers a place while one is free for this person, else puts them on the waiting list.
        application = registrations.application_decide(actor=decider, application=application, decision="accept")
        if applicant.outcome == S.CONFIRMED and application.status == S.OFFERED:
            # The person said yes (through staff).
            application = registrations.application_move(actor=decider, application=application, to_status=S.CONFIRMED)
        return application

    def _attend(self, plan: GroupPlan, edition: Edition, applications: Sequence[Application]) -> None:
        """Attendance of the sessions held so far: everyone present, then the plan's absences."""
        sessions = _sessions(edition, self.today)
        if not sessions:
            return
        absences: dict[int, list[tuple[Application, str]]] = {}
        for absence in plan.absences:
            if absence.participant < len(applications) and -len(sessions) <= absence.session < len(sessions):
                session = sessions[absence.session]
                absences.setdefault(session.pk, []).append((applications[absence.participant], absence.reason))
        limit = registrations.screening_for(edition).dropout_after_absences
        last = sessions[-limit:]
        # The service flags the dropout: only when each of the last N sessions can still be recorded.
        if plan.dropout is not None and len(sessions) > limit and all(_open(session) for session in last):
            for session in last:
                absences.setdefault(session.pk, []).append((applications[plan.dropout], REFUSED))
        decider = self.actor(plan.decider)
        for session in sessions:
            if _open(session):
                attendance.attendance_record_all_present(actor=decider, session=session)
                for application, reason in absences.get(session.pk, []):
                    attendance.attendance_record(
                        actor=decider,
                        session=session,
                        application=application,
                        status=AttendanceStatus.ABSENT,
                        reason=self.reasons[reason],
                    )
            else:
                reasons = {application.pk: reason for application, reason in absences.get(session.pk, [])}
                self._attend_directly(plan, session, applications, reasons)
        # Someone present only at sessions written directly is taking part too.
        present = Attendance.objects.filter(status=AttendanceStatus.PRESENT).values("application_id")
        ids = [a.pk for a in applications]
        for application in Application.objects.filter(Q(pk__in=ids), Q(pk__in=present), status=S.CONFIRMED):
            registrations.application_move(
                actor=decider, application=application, to_status=S.ACTIVE, reason=_("First session attended")
            )
        if plan.dropout is not None:
            self._interview(plan, applications[plan.dropout])

    def _attend_directly(
        self,
        plan: GroupPlan,
        session: Session,
        applications: Sequence[Application],
        reasons: dict[int, str],
    ) -> None:
        # Written directly, not through attendance_record: the session is older than the edit
        # window (CONCERTO_ATTENDANCE_EDIT_DAYS), which the service refuses, as it should for a
        # real sheet. Only demo data of the past take this path; statuses still move through
        # application_move.
        user = self.users[plan.decider]
        listed = Application.objects.filter(
            pk__in=[a.pk for a in applications], status__in=attendance.ATTENDED_STATUSES
        ).exclude(attendances__session=session)
        rows = [
            Attendance(
                session=session,
                application=application,
                status=AttendanceStatus.ABSENT if application.pk in reasons else AttendanceStatus.PRESENT,
                reason=self.reasons[reasons[application.pk]] if application.pk in reasons else None,
                recorded_by=user,
            )
            for application in listed.order_by("pk")
        ]
        if rows:
            bulk_create_with_history(rows, Attendance, default_user=user)

    def _interview(self, plan: GroupPlan, application: Application) -> None:
        application = Application.objects.select_related("edition__activity").get(pk=application.pk)
        if application.status != S.DROPPED_OUT or not plan.follower:
            return
        attendance.interview_schedule(
            actor=self.actor(plan.follower),
            application=application,
            data=attendance.InterviewData(status=InterviewStatus.PLANNED, planned_on=_next_weekday(self.today)),
        )

    def _complete(self, plan: GroupPlan, applications: Iterable[Application]) -> None:
        decider = self.actor(plan.decider)
        for application in Application.objects.filter(pk__in=[a.pk for a in applications], status=S.ACTIVE):
            registrations.application_move(actor=decider, application=application, to_status=S.COMPLETED)


def _open(session: Session) -> bool:
    return attendance.attendance_window(session).is_open()


def _usernames() -> set[str]:
    names = set()
    for plan in PLANS:
        names |= {plan.recorder, plan.decider, plan.follower}
        names |= {applicant.recorded_by for applicant in (*plan.applicants, *_FULL_LATE)}
    return names - {""}


def _absence_reason(code: str) -> AbsenceReason:
    name_fr, name_nl, name_en, excused, position = ABSENCE_REASONS[code]
    reason, _created = AbsenceReason.objects.get_or_create(
        code=code,
        defaults={
            "name_fr": name_fr,
            "name_nl": name_nl,
            "name_en": name_en,
            "is_excused": excused,
            "position": position,
        },
    )
    return reason


COUNTED: tuple[type[models.Model], ...] = (Application, EditionScreening, Attendance, FeedbackInterview, AbsenceReason)


@transaction.atomic
def demo_registrations(*, prison: Prison, today: dt.date) -> Counter[str]:
    """Load the registration cycle around ``today`` in ``prison``; returns what was created.

    Does nothing unless ``today`` is the real date (the services check dates against the
    clock), and leaves alone every edition that has applications already.
    """
    created: Counter[str] = Counter()
    if today != timezone.localdate():
        return created
    before = {model: model._default_manager.count() for model in COUNTED}
    loader = _Loader(prison=prison, today=today)
    for plan in PLANS:
        loader.load(plan)
    for model in COUNTED:
        created[str(model._meta.verbose_name_plural)] += model._default_manager.count() - before[model]
    return created


# --- What to try -------------------------------------------------------------------------------


def _path(name: str, *args: object, query: str = "") -> str:
    """A page's path in French (the demo's language; the language menu switches)."""
    with translation.override("fr"):
        path = reverse(name, args=args)
    return f"{path}?{query}" if query else path


def _day(day: dt.date) -> str:
    return date_format(day, "l d/m/Y")


def movement_day(prison: Prison, today: dt.date, days: int = 14) -> dt.date | None:
    """The first day after ``today`` when people of ``prison`` move to an activity (within ``days``)."""
    for offset in range(1, days + 1):
        day = today + dt.timedelta(days=offset)
        held = Session.objects.filter(
            edition__prison=prison,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=aware(day, dt.time(0, 0)),
            starts_at__lt=aware(day + dt.timedelta(days=1), dt.time(0, 0)),
        )
        moving = Application.objects.filter(
            edition__in=held.values("edition_id"),
            status__in=attendance.ATTENDING_STATUSES,
            detainee__presence=PresenceStatus.PRESENT,
        )
        if moving.exists():
            return day
    return None


def _full_line(prison: Prison, today: dt.date) -> str | None:
    full = plan_edition(FULL, prison, today)
    if full is None or not Application.objects.filter(edition=full).exists():
        return None
    places = edition_places(full)
    return _(
        "Full edition (log in as %(user)s): “%(title)s”, %(taken)d of %(capacity)d places taken, %(waiting)d on "
        "the waiting list. Record one more application, then withdraw a participant: the place is offered to the "
        "first person waiting. %(url)s"
    ) % {
        "user": FULL.decider,
        "title": full.activity.title_fr,
        "taken": places.taken,
        "capacity": places.capacity,
        "waiting": Application.objects.filter(edition=full, status=S.WAITING_LIST).count(),
        "url": _path("registrations:edition", full.pk),
    }


def _slip_line(prison: Prison, today: dt.date) -> str | None:
    full = plan_edition(FULL, prison, today)
    person = Detainee.objects.filter(prison=prison, prison_number=SLIP, presence=PresenceStatus.PRESENT).first()
    if full is None or person is None or Application.objects.filter(edition=full, detainee=person).exists():
        return None
    waiting = Application.objects.filter(edition=full, status=S.WAITING_LIST).count()
    return _(
        "A paper slip (log in as %(user)s): %(name)s (%(number)s) asks to join “%(title)s”. From the home page, "
        "“Record an application”: search his number, choose the edition, “Record and accept”; the edition is full, "
        "so he is number %(position)d on the waiting list. %(url)s"
    ) % {
        "user": FULL.recorder,
        "name": " ".join(SLIP_PERSON),
        "number": SLIP,
        "title": full.activity.title_fr,
        "position": waiting + 1,
        "url": _path("registrations:start", query=f"q={SLIP}"),
    }


def _movement_line(prison: Prison, today: dt.date) -> str | None:
    day = movement_day(prison, today)
    if day is None:
        return None
    return _("Movement list (log in as %(user)s): print the one of %(day)s. %(url)s") % {
        "user": PRISON_STAFF,
        "day": _day(day),
        "url": _path("attendance:movement_list", query=f"prison={prison.pk}&day={day.isoformat()}"),
    }


def _attendance_line(prison: Prison, today: dt.date) -> str | None:
    """The last attendance sheet recorded, of the full edition if it has one yet."""
    for plans in ((FULL,), (FULL, DROPOUT, DIGITAL, READING)):
        editions = {edition.pk: plan for plan in plans if (edition := plan_edition(plan, prison, today)) is not None}
        session = (
            Session.objects.filter(edition__in=list(editions), attendances__isnull=False)
            .select_related("edition__activity")
            .order_by("-starts_at", "-pk")
            .first()
        )
        if session is not None:
            return _(
                "Attendance (log in as %(user)s): the sheet of “%(title)s” on %(day)s; change a line or mark "
                "someone late. %(url)s"
            ) % {
                # Whoever recorded the sheet: the staff of the service that runs the edition.
                "user": editions[session.edition_id].decider,
                "title": session.edition.activity.title_fr,
                "day": _day(timezone.localtime(session.starts_at).date()),
                "url": _path("attendance:session_sheet", session.pk),
            }
    return None


def _dropout_line(prison: Prison, today: dt.date) -> str | None:
    edition = plan_edition(DROPOUT, prison, today)
    dropout = (
        Application.objects.filter(edition=edition, status=S.DROPPED_OUT, feedback_interview__isnull=False)
        .select_related("detainee")
        .order_by("pk")
        .first()
    )
    if edition is None or dropout is None:
        return None
    return _(
        "Dropout (log in as %(user)s): %(name)s stopped coming to “%(title)s” (%(count)d unexcused absences in a "
        "row); record the planned feedback interview. %(url)s"
    ) % {
        "user": DROPOUT.follower,
        "name": f"{dropout.detainee.first_name} {dropout.detainee.last_name}",
        "title": edition.activity.title_fr,
        "count": registrations.screening_for(edition).dropout_after_absences,
        "url": _path("attendance:interview", dropout.pk),
    }


def _certificate_line(prison: Prison, today: dt.date) -> str | None:
    edition = plan_edition(FINISHED, prison, today)
    completed = Application.objects.filter(edition=edition, status=S.COMPLETED, attendances__isnull=False)
    first = completed.order_by("pk").first()
    last = Session.objects.filter(edition=edition, status=SessionStatus.SCHEDULED).order_by("-starts_at").first()
    if edition is None or first is None or last is None:
        return None
    return _(
        "Certificates (log in as %(user)s): “%(title)s” ended on %(day)s; %(count)d participants completed it. "
        "%(url)s (one certificate: %(pdf)s)"
    ) % {
        "user": FINISHED.decider,
        "title": edition.activity.title_fr,
        "day": _day(timezone.localtime(last.starts_at).date()),
        "count": completed.distinct().count(),
        "url": _path("attendance:follow_up", edition.pk),
        "pdf": _path("attendance:certificate_pdf", first.pk),
    }


def demo_try_it(*, prison: Prison, today: dt.date) -> list[str]:
    """A few lines telling a new user where to try the registration cycle (reads only).

    Each line names the demo user to log in as: the staff of the service that owns the data
    shown (the edition's organiser, the service that follows the dropout), or prison staff for
    the movement list.
    """
    lines = (
        _full_line(prison, today),
        _slip_line(prison, today),
        _movement_line(prison, today),
        _attendance_line(prison, today),
        _dropout_line(prison, today),
        _certificate_line(prison, today),
    )
    return [line for line in lines if line]
