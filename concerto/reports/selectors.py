"""The yearly activity report: figures computed live by the database, a fixed number of queries.

What counts in a year (Europe/Brussels calendar year):

- **sessions held**: sessions not cancelled that started in the year, before now; **cancelled**:
  sessions of the year cancelled, with their reasons; **hours**: the length of the sessions held;
- **editions and activities run**: those with at least one session held in the year (activities
  published or archived since; drafts and proposals are not counted);
- **registrations** (applications, participants, dropouts, interviews): those of the editions run
  in the year, so an edition from December to February counts in both years;
- **participants**: distinct people whose application took a place (offered, confirmed, taking
  part, completed) or who dropped out after taking one;
- **attendance rate**: sessions attended out of the attendance recorded for the sessions held;
  per month too (a month's rate is hidden when fewer people than the minimum were recorded);
- **the year before**: its headline figures, and its hours per category for the comparison.

Counts of people (participants, applications, dropouts, interviews) below the minimum
(``privacy.safe_count``) are hidden, and so is the attendance rate of fewer people. Session,
edition, activity and hour figures describe the offer, not people, and are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.attendance.models import Attendance, AttendanceStatus, InterviewStatus
from concerto.catalogue.models import Activity, ActivityStatus, Session, SessionStatus
from concerto.catalogue.scheduling import local_zone
from concerto.core.translation import localised
from concerto.privacy.services import safe_count
from concerto.reference.models import Category
from concerto.registrations.models import PLACE_TAKING_STATUSES, Application, ApplicationStatus
from concerto.reports import permissions
from concerto.reports.models import ReportText

S = ApplicationStatus
FIRST_YEAR = 2000
RUN_STATUSES = (ActivityStatus.PUBLISHED, ActivityStatus.ARCHIVED)
# People who took a place, including those who dropped out after taking one.
PARTICIPANT_STATUSES = frozenset(PLACE_TAKING_STATUSES | {S.DROPPED_OUT})
# Outcome of an application, from its status now.
OUTCOMES: dict[str, frozenset[str]] = {
    "accepted": frozenset({S.ACCEPTED, S.OFFERED, S.CONFIRMED, S.ACTIVE, S.COMPLETED, S.DROPPED_OUT}),
    "waiting_list": frozenset({S.WAITING_LIST}),
    "refused": frozenset({S.REFUSED}),
    "in_screening": frozenset({S.APPLIED, S.IN_SCREENING}),
    "left": frozenset({S.WITHDRAWN, S.TRANSFERRED, S.RELEASED}),
}
MAX_CANCELLATION_REASONS = 10


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year + 1


@dataclass(frozen=True)
class ReportScope:
    year: int
    prison_id: int | None = None
    # None: every organisation; else the activities organised or partnered by these.
    organisation_ids: frozenset[int] | None = None


def report_scope(
    *, actor: Actor, year: int, prison_id: int | None = None, organisation_id: int | None = None
) -> ReportScope:
    """The figures ``actor`` may read: one organisation if asked (among theirs), else all theirs."""
    actor.require(permissions.can_read_reports(actor))
    allowed = permissions.organisation_scope(actor)
    if organisation_id is not None:
        actor.require(allowed is None or organisation_id in allowed)
        return ReportScope(year=year, prison_id=prison_id, organisation_ids=frozenset({organisation_id}))
    return ReportScope(year=year, prison_id=prison_id, organisation_ids=allowed)


# --- What the report holds -------------------------------------------------------------------


@dataclass
class Headline:
    """The figures of one year, for the whole scope."""

    activities: int = 0
    editions: int = 0
    sessions_held: int = 0
    sessions_cancelled: int = 0
    sessions_planned: int = 0  # still to come (the current year)
    hours: float = 0.0
    participants: int | None = 0
    applications: int | None = 0
    outcomes: dict[str, int | None] = field(default_factory=dict)
    dropouts: int | None = 0
    interviews_done: int | None = 0
    attendance_rate: int | None = None


@dataclass
class BreakdownRow:
    key: Any
    label: str
    activities: int = 0
    editions: int = 0
    sessions_held: int = 0
    hours: float = 0.0
    participants: int | None = 0


@dataclass
class CountRow:
    label: str
    count: int | None


@dataclass
class Comparison:
    label: str
    current: int | float | None
    previous: int | float | None
    is_rate: bool = False

    @property
    def change(self) -> int | float | None:
        if self.current is None or self.previous is None:
            return None
        difference = self.current - self.previous
        return round(difference, 1) if isinstance(difference, float) else difference


@dataclass
class MonthAttendance:
    month: dt.date  # the first day of the month
    recorded: int
    present: int
    rate: int | None  # None: nothing recorded, or fewer people than the minimum


@dataclass
class CategoryComparison:
    label: str
    hours: float
    previous_hours: float

    @property
    def change(self) -> float:
        return round(self.hours - self.previous_hours, 1)


@dataclass
class YearReport:
    scope: ReportScope
    headline: Headline
    previous: Headline
    by_organisation: list[BreakdownRow]
    by_category: list[BreakdownRow]
    by_target_group: list[BreakdownRow]
    by_unit: list[BreakdownRow]
    cancellation_reasons: list[CountRow]
    refusal_reasons: list[CountRow]
    attendance_by_month: list[MonthAttendance] = field(default_factory=list)
    # The year before: (label, hours held) per root category id.
    previous_hours_by_category: dict[Any, tuple[str, float]] = field(default_factory=dict)

    @property
    def category_comparison(self) -> list[CategoryComparison]:
        """Hours per root category, this year and the year before (every category of either year)."""
        before = self.previous_hours_by_category
        rows = [
            CategoryComparison(row.label, row.hours, before[row.key][1] if row.key in before else 0.0)
            for row in self.by_category
        ]
        current = {row.key for row in self.by_category}
        rows += [CategoryComparison(label, 0.0, hours) for key, (label, hours) in before.items() if key not in current]
        return rows

    @property
    def year(self) -> int:
        return self.scope.year

    @property
    def comparisons(self) -> list[Comparison]:
        now, before = self.headline, self.previous
        rows = [
            Comparison(_("Activities run"), now.activities, before.activities),
            Comparison(_("Editions run"), now.editions, before.editions),
            Comparison(_("Sessions held"), now.sessions_held, before.sessions_held),
            Comparison(_("Sessions cancelled"), now.sessions_cancelled, before.sessions_cancelled),
            Comparison(_("Hours delivered"), now.hours, before.hours),
            Comparison(_("Participants"), now.participants, before.participants),
            Comparison(_("Applications"), now.applications, before.applications),
            Comparison(_("Dropouts"), now.dropouts, before.dropouts),
            Comparison(_("Feedback interviews held"), now.interviews_done, before.interviews_done),
            Comparison(_("Attendance rate"), now.attendance_rate, before.attendance_rate, is_rate=True),
        ]
        return rows

    @property
    def outcome_rows(self) -> list[CountRow]:
        return [CountRow(str(outcome_label(key)), self.headline.outcomes.get(key)) for key in OUTCOMES]


def outcome_label(key: str) -> str:
    return {
        "accepted": _("Accepted (took or was offered a place, or is to be offered one)"),
        "waiting_list": _("On the waiting list"),
        "refused": _("Refused"),
        "in_screening": _("Not yet decided"),
        "left": _("Withdrew, transferred or released before the end"),
    }[key]


# --- The queries -------------------------------------------------------------------------------

DURATION = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())


def _hours(value: dt.timedelta | None) -> float:
    return round(value.total_seconds() / 3600, 1) if value else 0.0


def _sessions(scope: ReportScope, first_year: int, last_year: int | None = None) -> QuerySet[Session]:
    """The sessions of the scope's activities run (published or archived) from ``first_year`` to ``last_year``."""
    start, _end = year_bounds(first_year)
    _start, end = year_bounds(last_year or first_year)
    sessions = Session.objects.filter(
        starts_at__gte=start, starts_at__lt=end, edition__activity__status__in=RUN_STATUSES
    )
    if scope.prison_id is not None:
        sessions = sessions.filter(edition__prison_id=scope.prison_id)
    if scope.organisation_ids is not None:
        ids = scope.organisation_ids
        activities = Activity.objects.filter(Q(organiser_id__in=ids) | Q(partners__id__in=ids)).values("pk")
        sessions = sessions.filter(edition__activity_id__in=activities)
    return sessions


def _held(now: dt.datetime) -> Q:
    return Q(status=SessionStatus.SCHEDULED, starts_at__lt=now)


def _in_year(year: int, prefix: str = "") -> Q:
    start, end = year_bounds(year)
    return Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": end})


def _editions_run(held_sessions: QuerySet[Session], years: tuple[int, ...]) -> dict[int, list[int]]:
    """The editions with a session held, per year, read once (about a thousand a year at the scale of
    Belgium): the application queries then use the index on the edition."""
    conditions = {year: _in_year(year) for year in years}
    rows = (
        held_sessions.order_by()
        .values("edition_id")
        .annotate(**{f"in_{year}": Count("pk", filter=condition) for year, condition in conditions.items()})
    )
    return {year: [row["edition_id"] for row in rows if row[f"in_{year}"]] for year in years}


def _headlines(scope: ReportScope, editions: dict[int, list[int]], now: dt.datetime) -> dict[int, Headline]:
    """The headline figures of each year of ``editions`` (a few queries for all years together)."""
    years = tuple(sorted(editions))
    sessions = _sessions(scope, years[0], years[-1])
    held = _held(now)
    offer_figures: dict[str, Any] = {}
    for year in years:
        this_year = _in_year(year)
        offer_figures.update(
            {
                f"held_{year}": Count("pk", filter=held & this_year),
                f"cancelled_{year}": Count("pk", filter=Q(status=SessionStatus.CANCELLED) & this_year),
                f"planned_{year}": Count(
                    "pk", filter=Q(status=SessionStatus.SCHEDULED, starts_at__gte=now) & this_year
                ),
                f"duration_{year}": Sum(DURATION, filter=held & this_year),
                f"editions_{year}": Count("edition_id", distinct=True, filter=held & this_year),
                f"activities_{year}": Count("edition__activity_id", distinct=True, filter=held & this_year),
            }
        )
    offer = sessions.aggregate(**offer_figures)
    # One query per year: a filter on a long list of editions inside each count would be slow.
    people = {
        year: Application.objects.filter(edition_id__in=editions[year]).aggregate(
            participants=Count("detainee_id", distinct=True, filter=Q(status__in=PARTICIPANT_STATUSES)),
            applications=Count("pk"),
            dropouts=Count("pk", filter=Q(status=S.DROPPED_OUT)),
            interviews=Count("feedback_interview", filter=Q(feedback_interview__status=InterviewStatus.DONE)),
            **{f"outcome_{key}": Count("pk", filter=Q(status__in=members)) for key, members in OUTCOMES.items()},
        )
        for year in years
    }
    attendance_figures: dict[str, Any] = {}
    for year in years:
        this_year = _in_year(year, "session__")
        attendance_figures.update(
            {
                f"recorded_{year}": Count("pk", filter=this_year),
                f"present_{year}": Count("pk", filter=this_year & Q(status=AttendanceStatus.PRESENT)),
            }
        )
    attendance = Attendance.objects.filter(session_id__in=sessions.filter(held).values("pk")).aggregate(
        **attendance_figures
    )
    headlines = {}
    for year in years:
        participants = safe_count(people[year]["participants"])
        recorded, present = attendance[f"recorded_{year}"], attendance[f"present_{year}"]
        # A rate over fewer people than the minimum would describe individuals.
        rate = round(100 * present / recorded) if participants and recorded else None
        headlines[year] = Headline(
            activities=offer[f"activities_{year}"],
            editions=offer[f"editions_{year}"],
            sessions_held=offer[f"held_{year}"],
            sessions_cancelled=offer[f"cancelled_{year}"],
            sessions_planned=offer[f"planned_{year}"],
            hours=_hours(offer[f"duration_{year}"]),
            participants=participants,
            applications=safe_count(people[year]["applications"]),
            outcomes={key: safe_count(people[year][f"outcome_{key}"]) for key in OUTCOMES},
            dropouts=safe_count(people[year]["dropouts"]),
            interviews_done=safe_count(people[year]["interviews"]),
            attendance_rate=rate,
        )
    return headlines


def _localised_name(row: dict[str, Any], prefix: str) -> str:
    names = SimpleNamespace(**{f"name_{code}": row.get(f"{prefix}name_{code}") or "" for code in ("fr", "nl", "en")})
    return localised(names, "name").text


def _breakdown(
    held_sessions: QuerySet[Session],
    applications: QuerySet[Application],
    *,
    key: Any,
    names: Iterable[str] = (),
    label: Any,
) -> list[BreakdownRow]:
    """One row per value of ``key`` (a path from the edition, the same for sessions and applications):
    the offer from the sessions held, the people from the applications (two queries)."""
    rows: dict[Any, BreakdownRow] = {}
    offer = (
        held_sessions.annotate(group=key)
        .values("group", *names)
        .annotate(
            sessions=Count("pk"),
            duration=Sum(DURATION),
            editions=Count("edition_id", distinct=True),
            activities=Count("edition__activity_id", distinct=True),
        )
        .order_by()
    )
    for row in offer:
        if row["group"] is None:
            continue
        rows[row["group"]] = BreakdownRow(
            key=row["group"],
            label=label(row),
            activities=row["activities"],
            editions=row["editions"],
            sessions_held=row["sessions"],
            hours=_hours(row["duration"]),
        )
    people = (
        applications.filter(status__in=PARTICIPANT_STATUSES)
        .annotate(group=key)
        .values("group")
        .annotate(n=Count("detainee_id", distinct=True))
        .order_by()
    )
    counts = {entry["group"]: entry["n"] for entry in people}
    for group, breakdown in rows.items():
        breakdown.participants = safe_count(counts.get(group, 0))
    return sorted(rows.values(), key=lambda row: (-row.sessions_held, row.label.casefold()))


def _attendance_by_month(held_sessions: QuerySet[Session], year: int) -> list[MonthAttendance]:
    """Attendance recorded and present per month of ``year`` (Brussels months), one query."""
    zone = local_zone()
    starts = [dt.datetime(year, month, 1, tzinfo=zone) for month in range(1, 13)]
    bounds = list(zip(starts, [*starts[1:], dt.datetime(year + 1, 1, 1, tzinfo=zone)], strict=True))
    figures: dict[str, Any] = {}
    for month, (start, end) in enumerate(bounds, start=1):
        in_month = Q(session__starts_at__gte=start, session__starts_at__lt=end)
        figures.update(
            {
                f"recorded_{month}": Count("pk", filter=in_month),
                f"present_{month}": Count("pk", filter=in_month & Q(status=AttendanceStatus.PRESENT)),
                f"people_{month}": Count("application__detainee_id", distinct=True, filter=in_month),
            }
        )
    counts = Attendance.objects.filter(session_id__in=held_sessions.values("pk")).aggregate(**figures)
    months = []
    for month, (start, _end) in enumerate(bounds, start=1):
        recorded, present = counts[f"recorded_{month}"], counts[f"present_{month}"]
        # A rate over fewer people than the minimum would describe individuals.
        shown = recorded and safe_count(counts[f"people_{month}"])
        months.append(
            MonthAttendance(
                month=start.date(),
                recorded=recorded,
                present=present,
                rate=round(100 * present / recorded) if shown else None,
            )
        )
    return months


def _hours_by_root_category(held_sessions: QuerySet[Session], label: Any) -> dict[Any, tuple[str, float]]:
    rows = (
        held_sessions.annotate(group=Coalesce("edition__activity__category__parent", "edition__activity__category"))
        .values("group")
        .annotate(duration=Sum(DURATION))
        .order_by()
    )
    return {row["group"]: (label(row), _hours(row["duration"])) for row in rows if row["group"] is not None}


def year_report(*, scope: ReportScope, now: dt.datetime | None = None) -> YearReport:
    """The report of ``scope.year`` (and the previous year's headline figures), in a fixed number of queries."""
    now = now or timezone.now()
    year, previous_year = scope.year, scope.year - 1
    editions = _editions_run(_sessions(scope, previous_year, year).filter(_held(now)), (year, previous_year))
    headlines = _headlines(scope, editions, now)
    held_sessions = _sessions(scope, year).filter(_held(now))
    applications = Application.objects.filter(edition_id__in=editions[year])
    roots = {category.pk: category for category in Category.objects.filter(parent__isnull=True)}

    def root_label(row: dict[str, Any]) -> str:
        category = roots.get(row["group"])
        return str(category) if category is not None else "—"

    by_organisation = _breakdown(
        held_sessions,
        applications,
        key=F("edition__activity__organiser_id"),
        names=("edition__activity__organiser__name",),
        label=lambda row: row["edition__activity__organiser__name"],
    )
    by_category = _breakdown(
        held_sessions,
        applications,
        key=Coalesce("edition__activity__category__parent", "edition__activity__category"),
        label=root_label,
    )
    group_names = tuple(f"edition__activity__target_groups__name_{code}" for code in ("fr", "nl", "en"))
    by_target_group = _breakdown(
        held_sessions,
        applications,
        key=F("edition__activity__target_groups"),
        names=group_names,
        label=lambda row: _localised_name(row, "edition__activity__target_groups__"),
    )
    unit_names = tuple(f"edition__units__name_{code}" for code in ("fr", "nl", "en"))
    by_unit = _breakdown(
        held_sessions,
        applications,
        key=F("edition__units"),
        names=unit_names,
        label=lambda row: _localised_name(row, "edition__units__"),
    )
    cancelled = (
        _sessions(scope, scope.year)
        .filter(status=SessionStatus.CANCELLED)
        .annotate(reason=Lower(Trim("change_reason")))
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )
    cancellation_reasons = [
        CountRow(row["reason"] or _("No reason given"), row["n"]) for row in cancelled[:MAX_CANCELLATION_REASONS]
    ]
    refused = (
        applications.filter(status=S.REFUSED)
        .values("refusal_reason_id", "refusal_reason__name_fr", "refusal_reason__name_nl", "refusal_reason__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    refusal_reasons = [
        CountRow(
            _localised_name(row, "refusal_reason__") if row["refusal_reason_id"] else _("No reason given"),
            safe_count(row["n"]),
        )
        for row in refused
    ]
    return YearReport(
        scope=scope,
        headline=headlines[year],
        previous=headlines[previous_year],
        by_organisation=by_organisation,
        by_category=by_category,
        by_target_group=by_target_group,
        by_unit=by_unit,
        cancellation_reasons=cancellation_reasons,
        refusal_reasons=refusal_reasons,
        attendance_by_month=_attendance_by_month(held_sessions, year),
        previous_hours_by_category=_hours_by_root_category(
            _sessions(scope, previous_year).filter(_held(now)), root_label
        ),
    )


# --- The coordinator's texts -------------------------------------------------------------------


@dataclass(frozen=True)
class TextScope:
    """Where the texts of a report are kept: its year, prison (None: all) and organisation (None: all)."""

    year: int
    prison_id: int | None
    organisation_id: int | None


def text_scope(scope: ReportScope) -> TextScope | None:
    """The texts that go with ``scope``'s figures; ``None`` when its figures are a reader's own mix
    of several organisations (a service of two organisations reading "all of mine"), which no
    coordinator writes for."""
    ids = scope.organisation_ids
    if ids is not None and len(ids) != 1:
        return None
    return TextScope(scope.year, scope.prison_id, next(iter(ids)) if ids else None)


def text_lookup(where: TextScope) -> Q:
    """The texts of one report: its year, its prison (or none: every prison), its organisation (or none)."""
    prison = Q(prison_id=where.prison_id) if where.prison_id is not None else Q(prison__isnull=True)
    organisation = (
        Q(organisation_id=where.organisation_id) if where.organisation_id is not None else Q(organisation__isnull=True)
    )
    return Q(year=where.year) & prison & organisation


def report_texts(where: TextScope | None) -> dict[str, ReportText]:
    """The section texts of a report, by section (one query)."""
    if where is None:
        return {}
    texts = ReportText.objects.filter(text_lookup(where)).select_related("updated_by")
    return {text.section: text for text in texts}


def earlier_versions(texts: dict[str, ReportText], most: int = 5) -> dict[str, list[Any]]:
    """The earlier versions of each text, newest first (one query for all sections)."""
    if not texts:
        return {}
    history = (
        ReportText.history.filter(id__in=[text.pk for text in texts.values()])
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    versions: dict[str, list[Any]] = {}
    for record in history:
        versions.setdefault(record.section, []).append(record)
    # The newest record is the text as it stands; the others are its earlier versions.
    return {section: records[1 : most + 1] for section, records in versions.items()}
