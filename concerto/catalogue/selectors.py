"""Reads of the catalogue, always scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session, SessionStatus
from concerto.catalogue.permissions import activity_visibility, edition_visibility
from concerto.catalogue.scheduling import aware
from concerto.core.translation import localised_order

# The PostgreSQL search is served by a GIN index on exactly this expression (catalogue migration 0002):
# change both together.
SEARCHABLE_FIELDS = [f"{name}_{code}" for name in ("title", "summary", "description") for code in ("fr", "nl", "en")]


@dataclass
class CatalogueFilters:
    text: str = ""
    prison: int | None = None
    unit: int | None = None
    target_group: int | None = None
    category: int | None = None
    language: int | None = None
    organisation: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    status: str = ""


def activity_list(*, actor: Actor, filters: CatalogueFilters | None = None) -> QuerySet[Activity]:
    """The activities ``actor`` may read, filtered; full-text search on PostgreSQL, words elsewhere."""
    filters = filters or CatalogueFilters()
    visible = Activity.objects.filter(pk__in=Activity.objects.filter(activity_visibility(actor)).values("pk"))
    queryset = visible.select_related("category__parent", "organiser").prefetch_related("target_groups", "languages")
    if filters.text.strip():
        queryset = search_activities(queryset, filters.text.strip())
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(Q(category_id=filters.category) | Q(category__parent_id=filters.category))
    # Many-to-many filters as EXISTS: joins would repeat activities and need a DISTINCT over
    # every column (descriptions included), which the count of the paginator repeats.
    if filters.target_group:
        queryset = queryset.filter(Exists(linked_rows(Activity.target_groups, targetgroup_id=filters.target_group)))
    if filters.language:
        queryset = queryset.filter(Exists(linked_rows(Activity.languages, language_id=filters.language)))
    if filters.organisation:
        partner = Exists(linked_rows(Activity.partners, organisation_id=filters.organisation))
        queryset = queryset.filter(Q(organiser_id=filters.organisation) | partner)
    edition_filter = Q()
    if filters.prison:
        edition_filter &= Q(prison_id=filters.prison)
    if filters.unit:
        edition_filter &= Q(units__id=filters.unit)
    if filters.period_start:
        edition_filter &= Q(ends_on__gte=filters.period_start)
    if filters.period_end:
        edition_filter &= Q(starts_on__lte=filters.period_end)
    if edition_filter:
        queryset = queryset.filter(
            Exists(Edition.objects.filter(edition_filter, activity_id=OuterRef("pk")).filter(edition_visibility(actor)))
        )
    # By the title the reader sees: Dutch titles on Dutch pages, another language where one is missing.
    return queryset.order_by(localised_order("title"), "pk")


def linked_rows(relation: Any, **target: int) -> QuerySet[Any]:
    """Rows of a many-to-many table linking the outer activity to ``target``."""
    through = relation.through
    return through.objects.filter(activity_id=OuterRef("pk"), **target)


def search_activities(queryset: QuerySet[Activity], text: str) -> QuerySet[Activity]:
    """``queryset`` narrowed to the activities whose texts, in any language, match ``text``."""
    if connection.vendor == "postgresql":
        vector = SearchVector(*SEARCHABLE_FIELDS, config="simple")
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(text, config="simple", search_type="websearch")
        )
    for word in text.split():
        word_filter = Q()
        for name in SEARCHABLE_FIELDS:
            word_filter |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(word_filter)
    return queryset


def activity_get(*, actor: Actor, pk: int) -> Activity:
    """One activity, or 404 when it does not exist or ``actor`` may not read it."""
    queryset = Activity.objects.filter(activity_visibility(actor)).distinct()
    return get_object_or_404(
        queryset.select_related("category__parent", "organiser", "contact").prefetch_related(
            "target_groups", "languages", "partners", "aims"
        ),
        pk=pk,
    )


def edition_list_for_activity(*, actor: Actor, activity: Activity) -> QuerySet[Edition]:
    return (
        Edition.objects.filter(pk__in=Edition.objects.filter(edition_visibility(actor), activity=activity).values("pk"))
        .select_related("prison", "room")
        .prefetch_related("units", "facilitators")
        .annotate(session_count=Count("sessions", filter=Q(sessions__status=SessionStatus.SCHEDULED)))
        .order_by("starts_on")
    )


def edition_list(*, actor: Actor) -> QuerySet[Edition]:
    """Every edition ``actor`` may read, soonest first."""
    return (
        Edition.objects.filter(pk__in=Edition.objects.filter(edition_visibility(actor)).values("pk"))
        .select_related("prison", "room")
        .prefetch_related("units", "facilitators")
        .order_by("starts_on", "pk")
    )


def session_list(*, actor: Actor) -> QuerySet[Session]:
    """Every session of the editions ``actor`` may read, in time order."""
    return (
        Session.objects.filter(edition_id__in=Edition.objects.filter(edition_visibility(actor)).values("pk"))
        .select_related("edition__activity", "room")
        .order_by("starts_at", "pk")
    )


def edition_get(*, actor: Actor, pk: int) -> Edition:
    # The rule is checked on that one edition in a subquery (its joins may repeat the row), so the
    # main query needs no DISTINCT over every column.
    visible = Edition.objects.filter(edition_visibility(actor), pk=pk).values("pk")
    queryset = Edition.objects.filter(pk__in=visible)
    return get_object_or_404(
        queryset.select_related("activity__organiser", "activity__category", "prison", "room").prefetch_related(
            "units", "facilitators", Prefetch("sessions", queryset=Session.objects.select_related("room"))
        ),
        pk=pk,
    )


def session_get(*, actor: Actor, pk: int) -> Session:
    visible_editions = Edition.objects.filter(edition_visibility(actor)).values("pk")
    return get_object_or_404(
        Session.objects.select_related("edition__activity", "edition__prison", "room").filter(
            edition_id__in=visible_editions
        ),
        pk=pk,
    )


# --- Calendar ------------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class CalendarEntry:
    session: Session
    warnings: list[str] = field(default_factory=list)


@dataclass
class CalendarDay:
    day: dt.date
    entries: list[CalendarEntry]


def sessions_in_period(
    *, actor: Actor, prison_id: int, start: dt.date, end: dt.date, unit_id: int | None = None
) -> list[Session]:
    """Sessions of visible editions in a prison from ``start`` to ``end`` (exclusive)."""
    visible_editions = Edition.objects.filter(edition_visibility(actor), prison_id=prison_id)
    if unit_id:
        visible_editions = visible_editions.filter(units__id=unit_id)
    return list(
        Session.objects.filter(
            edition_id__in=visible_editions.values("pk"),
            # Said again on the joined edition, so that PostgreSQL starts from the prison's editions
            # (then their sessions of the period, index session_edition_start), not from every
            # prison's sessions of the period.
            edition__prison_id=prison_id,
            starts_at__gte=aware(start, dt.time(0, 0)),
            starts_at__lt=aware(end, dt.time(0, 0)),
        )
        .select_related("room", "edition__activity__organiser", "edition__activity__category__parent")
        .prefetch_related("edition__units", "edition__activity__target_groups", "edition__facilitators")
        .order_by("starts_at", "pk")
    )


def competing_sessions_warnings(sessions: list[Session]) -> dict[int, list[str]]:
    """Same-unit overlaps: sessions at the same time for the same unit and target groups.

    They are allowed (different people may go) but shown, since they may compete for the
    same detainees. Returns session id -> warning texts.
    """
    from django.utils.translation import gettext as _

    scheduled = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    # Each session's units and target groups are read once (not once per pair), and only
    # sessions of the same prison can share a unit: a busy week stays linear, not quadratic.
    units = {s.pk: {u.pk: u for u in s.edition.units.all()} for s in scheduled}
    groups = {s.pk: {g.pk for g in s.edition.activity.target_groups.all()} for s in scheduled}
    by_prison: dict[int, list[Session]] = defaultdict(list)
    for session in scheduled:
        by_prison[session.edition.prison_id].append(session)
    warnings: dict[int, list[str]] = defaultdict(list)
    for same_prison in by_prison.values():
        for index, first in enumerate(same_prison):
            first_units, first_groups = units[first.pk], groups[first.pk]
            for second in same_prison[index + 1 :]:
                if second.starts_at >= first.ends_at:
                    break
                if second.edition_id == first.edition_id:
                    continue
                shared_units = [first_units[pk] for pk in units[second.pk] if pk in first_units]
                second_groups = groups[second.pk]
                if not shared_units or (first_groups and second_groups and not first_groups & second_groups):
                    continue
                names = ", ".join(str(u) for u in shared_units)
                warnings[first.pk].append(
                    _("Same time as “%(other)s” for %(units)s: they may compete for the same people.")
                    % {"other": second.edition.activity, "units": names}
                )
                warnings[second.pk].append(
                    _("Same time as “%(other)s” for %(units)s: they may compete for the same people.")
                    % {"other": first.edition.activity, "units": names}
                )
    return dict(warnings)


def week_calendar(*, actor: Actor, prison_id: int, monday: dt.date, unit_id: int | None = None) -> list[CalendarDay]:
    sessions = sessions_in_period(
        actor=actor, prison_id=prison_id, start=monday, end=monday + dt.timedelta(days=7), unit_id=unit_id
    )
    warnings = competing_sessions_warnings(sessions)
    days = {monday + dt.timedelta(days=i): CalendarDay(monday + dt.timedelta(days=i), []) for i in range(7)}
    for session in sessions:
        local_day = timezone.localtime(session.starts_at).date()
        if local_day in days:
            days[local_day].entries.append(CalendarEntry(session, warnings.get(session.pk, [])))
    return list(days.values())


# --- Dashboard -----------------------------------------------------------------------------


@dataclass
class Dashboard:
    sessions_this_week: int
    running_editions: Sequence[Edition]
    proposed_activities: list[Activity]
    ending_soon: list[Edition]
    warnings: list[tuple[Session, str]]
    accepted_double_bookings: list[Session]
    counts_by_status: dict[str, int]


def dashboard_for(*, actor: Actor, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    monday = week_start(today)
    sunday_end = monday + dt.timedelta(days=7)
    visible_editions = Edition.objects.filter(edition_visibility(actor)).values("pk")
    week_sessions = list(
        Session.objects.filter(
            edition_id__in=visible_editions,
            starts_at__gte=aware(monday, dt.time(0, 0)),
            starts_at__lt=aware(sunday_end, dt.time(0, 0)),
        )
        .select_related("room", "edition__activity__organiser", "edition__prison")
        .prefetch_related("edition__units", "edition__activity__target_groups")
        .order_by("starts_at", "pk")
    )
    running_ids = {s.edition_id for s in week_sessions if s.status == SessionStatus.SCHEDULED}
    running = list(
        Edition.objects.filter(pk__in=running_ids)
        .select_related("activity__organiser", "prison", "room")
        .annotate(
            week_sessions=Count(
                "sessions",
                filter=Q(
                    sessions__starts_at__gte=aware(monday, dt.time(0, 0)),
                    sessions__starts_at__lt=aware(sunday_end, dt.time(0, 0)),
                    sessions__status=SessionStatus.SCHEDULED,
                ),
            )
        )
        .order_by(localised_order("title", prefix="activity__"), "pk")
    )
    warnings_by_session = competing_sessions_warnings(week_sessions)
    by_id = {s.pk: s for s in week_sessions}
    warnings = [(by_id[pk], text) for pk, texts in warnings_by_session.items() for text in texts]
    warnings.sort(key=lambda item: item[0].starts_at)
    activities = Activity.objects.filter(pk__in=Activity.objects.filter(activity_visibility(actor)).values("pk"))
    proposed = list(
        activities.filter(status=ActivityStatus.PROPOSED).select_related("organiser").order_by("updated_at")
    )
    ending = list(
        Edition.objects.filter(pk__in=visible_editions, ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=30))
        .select_related("activity__organiser", "prison")
        .order_by("ends_on")
    )
    accepted = list(
        Session.objects.filter(edition_id__in=visible_editions, starts_at__gte=aware(today, dt.time(0, 0)))
        .exclude(conflict_accepted_reason="")
        .select_related("edition__activity", "room")
        .order_by("starts_at")[:20]
    )
    counts: dict[str, Any] = dict(activities.values_list("status").annotate(n=Count("pk")).order_by())
    return Dashboard(
        sessions_this_week=sum(1 for s in week_sessions if s.status == SessionStatus.SCHEDULED),
        running_editions=running,
        proposed_activities=proposed,
        ending_soon=ending,
        warnings=warnings,
        accepted_double_bookings=accepted,
        counts_by_status={status: counts.get(status, 0) for status in ActivityStatus.values},
    )
