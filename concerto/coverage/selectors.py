"""Reads for the coverage analysis: aggregate rows from the catalogue, registrations, detainees
and needs surveys, in a fixed number of queries whatever the number of activities and editions.

Only counts leave the database for people (waiting lists, refusals, people present, speakers,
survey wishes): no detainee is listed or read one by one. ``analysis.analyse`` turns the rows
into the table and the findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Activity, Edition, Session, SessionStatus
from concerto.catalogue.permissions import PUBLIC_STATUSES
from concerto.catalogue.scheduling import aware
from concerto.core.translation import localised
from concerto.coverage import analysis
from concerto.coverage.analysis import (
    CategoryRow,
    EditionRow,
    GroupRow,
    Inputs,
    PeopleRow,
    Period,
    QueueRow,
    Reference,
    SessionRow,
    UnitRow,
    WishRow,
)
from concerto.coverage.permissions import can_view_coverage
from concerto.detainees.models import Detainee, PresenceStatus
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Category, Language, TargetGroup
from concerto.registrations.models import Application, ApplicationStatus

# The refusal reason (registrations.RefusalReason, an editable list) that means "no place left":
# refusals with it count as demand the offer could not take. Seeded by registrations' migration 0003.
NO_PLACE_REFUSAL_CODE = "no-place"


def quarter_of(day: dt.date) -> Period:
    """The calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    next_start = dt.date(day.year + 1, 1, 1) if first_month == 10 else dt.date(day.year, first_month + 3, 1)
    return Period(start=start, end=next_start - dt.timedelta(days=1))


def current_quarter() -> Period:
    return quarter_of(timezone.localdate())


def _name(obj: Any, field: str = "name") -> str:
    return localised(obj, field).text


def _title(row: Mapping[str, Any]) -> str:
    return _name(
        SimpleNamespace(**{f"title_{code}": row[f"activity__title_{code}"] for code in ("fr", "nl", "en")}), "title"
    )


def reference_data(prison_ids: list[int]) -> Reference:
    """Names (in the active language) and shapes of prisons, categories, groups, units, languages."""
    categories = list(Category.objects.select_related("parent"))
    units = Unit.objects.filter(prison_id__in=prison_ids).prefetch_related("legal_statuses")
    return Reference(
        prisons={p.pk: _name(p) for p in Prison.objects.filter(pk__in=prison_ids)},
        categories={
            c.pk: CategoryRow(
                id=c.pk,
                code=c.code,
                name=_name(c),
                parent_id=c.parent_id,
                position=(c.parent.position, c.position) if c.parent else (c.position, -1),
            )
            for c in categories
        },
        groups={
            g.pk: GroupRow(
                id=g.pk, code=g.code, name=_name(g), dimension=g.dimension, gender=g.gender, position=g.position
            )
            for g in TargetGroup.objects.all()
        },
        units={
            u.pk: UnitRow(
                id=u.pk,
                prison_id=u.prison_id,
                code=u.code,
                name=_name(u),
                gender=u.gender,
                legal_status_ids=frozenset(g.pk for g in u.legal_statuses.all()),
                is_active=u.is_active,
            )
            for u in units
        },
        languages={language.code: _name(language) for language in Language.objects.all()},
        organisations={},
    )


@dataclass(frozen=True)
class Scope:
    prison_ids: list[int]
    period: Period


def analysed_prisons(prison: Prison | None) -> list[int]:
    if prison is not None:
        return [prison.pk]
    return list(Prison.objects.filter(is_active=True).values_list("pk", flat=True))


def offered_editions(scope: Scope) -> QuerySet[Edition]:
    """Editions of published (or since archived) activities running in the period: the supply."""
    return Edition.objects.filter(
        activity__status__in=PUBLIC_STATUSES,
        prison_id__in=scope.prison_ids,
        starts_on__lte=scope.period.end,
        ends_on__gte=scope.period.start,
    )


def edition_rows(scope: Scope, reference: Reference) -> tuple[list[EditionRow], list[SessionRow]]:
    """The supply: editions with their units, audiences, languages, and sessions in the period."""
    editions = offered_editions(scope)
    activity_ids = editions.values("activity_id")
    rows = list(
        editions.values(
            "id",
            "activity_id",
            "prison_id",
            "starts_on",
            "ends_on",
            "capacity",
            "activity__organiser_id",
            "activity__organiser__name",
            "activity__category_id",
            "activity__category__parent_id",
            "activity__title_fr",
            "activity__title_nl",
            "activity__title_en",
        ).order_by("starts_on", "pk")
    )
    units: dict[int, set[int]] = defaultdict(set)
    for edition_id, unit_id in Edition.units.through.objects.filter(edition_id__in=editions.values("pk")).values_list(
        "edition_id", "unit_id"
    ):
        units[edition_id].add(unit_id)
    groups: dict[int, set[int]] = defaultdict(set)
    for activity_id, group_id in Activity.target_groups.through.objects.filter(
        activity_id__in=activity_ids
    ).values_list("activity_id", "targetgroup_id"):
        groups[activity_id].add(group_id)
    languages: dict[int, set[str]] = defaultdict(set)
    for activity_id, code in Activity.languages.through.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", "language__code"
    ):
        languages[activity_id].add(code)
    partners: dict[int, set[int]] = defaultdict(set)
    for activity_id, organisation_id in Activity.partners.through.objects.filter(
        activity_id__in=activity_ids
    ).values_list("activity_id", "organisation_id"):
        partners[activity_id].add(organisation_id)
    sessions = [
        SessionRow(edition_id=edition_id, starts_at=starts_at, ends_at=ends_at, id=pk)
        for pk, edition_id, starts_at, ends_at in Session.objects.filter(
            edition_id__in=editions.values("pk"),
            status=SessionStatus.SCHEDULED,
            starts_at__gte=aware(scope.period.start, dt.time(0, 0)),
            starts_at__lt=aware(scope.period.end + dt.timedelta(days=1), dt.time(0, 0)),
        ).values_list("pk", "edition_id", "starts_at", "ends_at")
    ]
    held: dict[int, list[SessionRow]] = defaultdict(list)
    for session in sessions:
        held[session.edition_id].append(session)
    result = []
    for row in rows:
        edition_sessions = held.get(row["id"], [])
        reference.organisations[row["activity__organiser_id"]] = row["activity__organiser__name"]
        category_id = row["activity__category_id"]
        result.append(
            EditionRow(
                id=row["id"],
                activity_id=row["activity_id"],
                title=_title(row),
                prison_id=row["prison_id"],
                organiser_id=row["activity__organiser_id"],
                partner_ids=frozenset(partners.get(row["activity_id"], ())),
                category_id=category_id,
                root_category_id=row["activity__category__parent_id"] or category_id,
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                capacity=row["capacity"],
                unit_ids=frozenset(units.get(row["id"], ())),
                target_group_ids=frozenset(groups.get(row["activity_id"], ())),
                languages=frozenset(languages.get(row["activity_id"], ())),
                sessions=len(edition_sessions),
                hours=sum((s.ends_at - s.starts_at).total_seconds() for s in edition_sessions) / 3600,
            )
        )
    return result, sessions


def queue_rows(scope: Scope) -> list[QueueRow]:
    """Per edition and applicant's unit: people on the waiting list, people refused for lack of places."""
    waiting = Q(status=ApplicationStatus.WAITING_LIST)
    refused = Q(status=ApplicationStatus.REFUSED, refusal_reason__code=NO_PLACE_REFUSAL_CODE)
    rows = (
        Application.objects.filter(waiting | refused, edition_id__in=offered_editions(scope).values("pk"))
        .values("edition_id", "detainee__unit_id")
        .annotate(waiting=Count("pk", filter=waiting), refused=Count("pk", filter=refused))
        .order_by()
    )
    return [
        QueueRow(
            edition_id=row["edition_id"],
            unit_id=row["detainee__unit_id"],
            waiting=row["waiting"],
            refused_no_place=row["refused"],
        )
        for row in rows
    ]


def people_rows(scope: Scope) -> tuple[list[PeopleRow], list[PeopleRow]]:
    """People present now (their unit, legal status, gender), and the same per language spoken."""
    present = Detainee.objects.filter(
        prison_id__in=scope.prison_ids, presence=PresenceStatus.PRESENT, anonymised_at__isnull=True
    )
    people = [
        PeopleRow(
            prison_id=row["prison_id"],
            unit_id=row["unit_id"],
            legal_status=row["legal_status"],
            gender=row["gender"],
            people=row["n"],
        )
        for row in present.values("prison_id", "unit_id", "legal_status", "gender").annotate(n=Count("pk")).order_by()
    ]
    speakers = [
        PeopleRow(
            prison_id=row["detainee__prison_id"],
            unit_id=row["detainee__unit_id"],
            legal_status=row["detainee__legal_status"],
            gender=row["detainee__gender"],
            language=row["language__code"],
            people=row["n"],
        )
        for row in Detainee.languages_spoken.through.objects.filter(
            detainee__prison_id__in=scope.prison_ids,
            detainee__presence=PresenceStatus.PRESENT,
            detainee__anonymised_at__isnull=True,
        )
        .values(
            "detainee__prison_id", "detainee__unit_id", "detainee__legal_status", "detainee__gender", "language__code"
        )
        .annotate(n=Count("detainee_id"))
        .order_by()
    ]
    return people, speakers


def survey_rows(scope: Scope) -> tuple[list[WishRow], dict[int, list[tuple[int, str]]], bool]:
    """Theme wishes of the needs campaigns overlapping the period, per prison.

    One call of ``surveys.analysis.theme_demand`` per prison that ran such a campaign (a few
    queries each), whatever the number of responses.
    """
    from concerto.surveys.models import Campaign, QuestionnairePurpose, Response

    campaigns: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for campaign in (
        Campaign.objects.filter(
            edition__isnull=True,
            version__questionnaire__purpose=QuestionnairePurpose.NEEDS,
            prison_id__in=scope.prison_ids,
            starts_on__lte=scope.period.end,
            ends_on__gte=scope.period.start,
        )
        .order_by("-starts_on", "name")
        .only("pk", "prison_id", "name", "name_nl", "name_en")
    ):
        # Named in the reader's language (French when not translated).
        campaigns[campaign.prison_id].append((campaign.pk, str(campaign)))
    demand = _theme_demand()
    if demand is None:
        return [], dict(campaigns), False
    wishes = []
    for prison_id, prison_campaigns in campaigns.items():
        responses = Response.objects.filter(campaign_id__in=[pk for pk, _ in prison_campaigns])
        for row in demand(responses):
            wishes.append(
                WishRow(
                    prison_id=prison_id,
                    category_id=row.category_id,
                    root_category_id=row.root_category_id,
                    target_group_id=row.target_group_id,
                    unit_id=row.unit_id,
                    language=row.language,
                    people=row.people,
                    score=row.score,
                )
            )
    return wishes, dict(campaigns), True


def readable_campaigns(actor: Actor, campaign_ids: list[int]) -> frozenset[int]:
    """The campaigns among ``campaign_ids`` whose results ``actor`` may open (surveys' rule)."""
    if not campaign_ids:
        return frozenset()
    from concerto.surveys.models import Campaign
    from concerto.surveys.permissions import campaign_visibility

    return frozenset(
        Campaign.objects.filter(campaign_visibility(actor), pk__in=campaign_ids).values_list("pk", flat=True)
    )


def _theme_demand() -> Any:
    """``surveys.analysis.theme_demand``, or None while the surveys app does not provide it."""
    try:
        from concerto.surveys.analysis import theme_demand
    except ImportError:
        return None
    return theme_demand


def coverage_inputs(*, actor: Actor, prison: Prison | None, period: Period) -> Inputs:
    """Every row the analysis needs for ``prison`` (None: every active prison) over ``period``.

    The offer is shared and the people figures are aggregates, so the rows are the same for
    every reader allowed the analysis (PermissionDenied for the others).
    """
    actor.require(can_view_coverage(actor))
    scope = Scope(prison_ids=analysed_prisons(prison), period=period)
    reference = reference_data(scope.prison_ids)
    editions, sessions = edition_rows(scope, reference)
    present, speakers = people_rows(scope)
    wishes, campaigns, surveys_available = survey_rows(scope)
    readable = readable_campaigns(actor, [pk for found in campaigns.values() for pk, _name in found])
    return Inputs(
        period=period,
        prison_ids=scope.prison_ids,
        reference=reference,
        editions=editions,
        sessions=sessions,
        queues=queue_rows(scope),
        wishes=wishes,
        present=present,
        speakers=speakers,
        campaigns=campaigns,
        readable_campaigns=readable,
        surveys_available=surveys_available,
    )


def coverage_analysis(
    *, actor: Actor, prison: Prison | None, period: Period, filters: analysis.Filters
) -> analysis.Analysis:
    return analysis.analyse(coverage_inputs(actor=actor, prison=prison, period=period), filters)


# --- For the home pages (bounded lists of work to do) --------------------------------------


def coverage_alerts(*, actor: Actor, period: Period | None = None) -> tuple[analysis.Analysis, list[analysis.Finding]]:
    """The high-severity gaps of the whole offer (every active prison) over ``period`` (the current
    quarter by default), most severe first, with the analysis they come from (to describe them)."""
    period = period or current_quarter()
    result = coverage_analysis(actor=actor, prison=None, period=period, filters=analysis.Filters())
    return result, [finding for finding in result.gaps if finding.severity == analysis.Severity.HIGH]
