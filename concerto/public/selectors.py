"""The public offer: the one definition of what anyone, signed in or not, may see.

Every public output (pages, HSDS API, tabular package, calendar feeds, DCAT catalogue,
posters and flyers) reads the offer here and nowhere else. The functions hand out
projections (frozen dataclasses) rather than model instances, so a template or a serializer
cannot reach a private field by accident: rooms, capacities, facilitators, notes, drafts and
proposals, and anything about a detainee are simply not in them.

What is public:
- activities whose status is *published* (drafts, proposals and archived ones are not);
- their editions that have not ended (current and coming), in active prisons;
- those editions' sessions, with their times and whether they are cancelled;
- the organisations that organise or partner a public activity, and the justice-aid services
  and coordination bodies (what they do is public even between two editions);
- active prisons and their active units;
- the reference vocabulary (categories, target groups, aims) the offer is described with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.codes import edition_code
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session, SessionStatus
from concerto.catalogue.scheduling import describe_rule
from concerto.catalogue.selectors import linked_rows, search_activities
from concerto.core.translation import LocalisedText, localised, localised_order
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Aim, Category, NamedInThreeLanguages, TargetGroup
from concerto.registrations.models import PLACE_TAKING_STATUSES, Application

# An edition "starts soon" when its first day is at most this far ahead.
STARTING_SOON = dt.timedelta(days=21)
PUBLIC_ORGANISATION_KINDS = (Organisation.Kind.JUSTICE_AID_SERVICE, Organisation.Kind.COORDINATION_BODY)


class PublicState:
    """The coarse state of an edition that the public sees (never a number of places)."""

    OPEN = "open"
    FULL = "full"  # every place taken; applications go to the waiting list
    CANCELLED = "cancelled"  # every session cancelled

    LABELS = {
        OPEN: _("Places available"),
        FULL: _("Full: waiting list"),
        CANCELLED: _("Cancelled"),
    }


@dataclass(frozen=True)
class PublicTerm:
    """A category, target group, language, aim or community: a code and its names."""

    pk: int
    code: str
    name_fr: str
    name_nl: str
    name_en: str
    parent_pk: int | None = None

    @property
    def name(self) -> LocalisedText:
        return localised(self, "name")


@dataclass(frozen=True)
class PublicOrganisation:
    pk: int
    name: str
    acronym: str
    kind: str
    community: PublicTerm | None
    accreditation: str
    bruxelles_social_id: str
    website: str
    email: str
    phone: str
    address: str
    languages: tuple[PublicTerm, ...]
    # What it does and for whom, per language (the public organisation page shows them).
    description_fr: str = ""
    description_nl: str = ""
    description_en: str = ""
    audience_fr: str = ""
    audience_nl: str = ""
    audience_en: str = ""

    def tr(self, name: str) -> LocalisedText:
        return localised(self, name)

    @property
    def kind_label(self) -> str:
        return str(Organisation.Kind(self.kind).label)

    @property
    def display_name(self) -> str:
        return self.acronym or self.name

    @property
    def bruxelles_social_url(self) -> str:
        return f"https://social.brussels/organisation/{self.bruxelles_social_id}" if self.bruxelles_social_id else ""


@dataclass(frozen=True)
class PublicUnit:
    pk: int
    prison_pk: int
    code: str
    name_fr: str
    name_nl: str
    name_en: str
    kind: str
    regime: str
    gender: str

    @property
    def name(self) -> LocalisedText:
        return localised(self, "name")

    @property
    def kind_label(self) -> str:
        return str(Unit.Kind(self.kind).label)

    @property
    def regime_label(self) -> str:
        return str(Unit.Regime(self.regime).label)


@dataclass(frozen=True)
class PublicPrison:
    pk: int
    code: str
    name_fr: str
    name_nl: str
    name_en: str
    address: str
    units: tuple[PublicUnit, ...]

    @property
    def name(self) -> LocalisedText:
        return localised(self, "name")


@dataclass(frozen=True)
class PublicSession:
    pk: int
    edition_pk: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    is_cancelled: bool
    moved_from: dt.datetime | None
    # How many times it changed since it was created (RFC 5545 SEQUENCE grows with it).
    revision: int
    # When it last changed (its newest history row; None for rows written without history):
    # calendar feeds give it as LAST-MODIFIED.
    changed_at: dt.datetime | None = None


@dataclass(frozen=True)
class PublicEdition:
    pk: int
    activity_pk: int
    prison: PublicPrison
    units: tuple[PublicUnit, ...]
    starts_on: dt.date
    ends_on: dt.date
    recurrence: str
    session_starts_at: dt.time | None
    session_ends_at: dt.time | None
    state: str
    starts_soon: bool
    modified_at: dt.datetime

    @property
    def state_label(self) -> str:
        return str(PublicState.LABELS[self.state])

    @property
    def rhythm(self) -> str:
        """For example "Every Tuesday" (empty for editions whose sessions are set one by one)."""
        return describe_rule(self.recurrence) if self.recurrence else ""

    @property
    def code(self) -> str:
        """The short code printed on flyers and typed back in from a paper slip (catalogue/codes.py)."""
        return edition_code(self.pk)


@dataclass(frozen=True)
class PublicActivity:
    pk: int
    title_fr: str
    title_nl: str
    title_en: str
    summary_fr: str
    summary_nl: str
    summary_en: str
    description_fr: str
    description_nl: str
    description_en: str
    objectives_fr: str
    objectives_nl: str
    objectives_en: str
    screening_fr: str
    screening_nl: str
    screening_en: str
    category: PublicTerm
    target_groups: tuple[PublicTerm, ...]
    languages: tuple[PublicTerm, ...]
    aims: tuple[PublicTerm, ...]
    organiser: PublicOrganisation
    partners: tuple[PublicOrganisation, ...]
    editions: tuple[PublicEdition, ...] = field(default=())
    modified_at: dt.datetime | None = None

    def tr(self, name: str) -> LocalisedText:
        return localised(self, name)

    @property
    def title(self) -> LocalisedText:
        return localised(self, "title")


@dataclass
class PublicFilters:
    """The public offer's filters; every one optional."""

    text: str = ""
    prison: int | None = None
    unit_kind: str = ""
    regime: str = ""
    target_group: int | None = None
    category: int | None = None
    language: int | None = None
    organisation: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


# --- querysets (internal: what is public, as rows) -------------------------------------------


def public_activity_rows() -> QuerySet[Activity]:
    return Activity.objects.filter(status=ActivityStatus.PUBLISHED)


def public_edition_rows(today: dt.date | None = None) -> QuerySet[Edition]:
    today = today or timezone.localdate()
    return Edition.objects.filter(activity__status=ActivityStatus.PUBLISHED, ends_on__gte=today, prison__is_active=True)


def public_session_rows(today: dt.date | None = None) -> QuerySet[Session]:
    return Session.objects.filter(edition__in=public_edition_rows(today))


def public_organisation_rows() -> QuerySet[Organisation]:
    published = Q(organised_activities__status=ActivityStatus.PUBLISHED) | Q(
        partnered_activities__status=ActivityStatus.PUBLISHED
    )
    chosen = Organisation.objects.filter(published | Q(kind__in=PUBLIC_ORGANISATION_KINDS)).values("pk")
    return Organisation.objects.filter(pk__in=chosen, is_active=True)


# --- projections ------------------------------------------------------------------------------


def _term(row: NamedInThreeLanguages) -> PublicTerm:
    return PublicTerm(
        pk=row.pk,
        code=row.code,
        name_fr=row.name_fr,
        name_nl=row.name_nl,
        name_en=row.name_en,
        parent_pk=getattr(row, "parent_id", None),
    )


def _organisation(row: Organisation) -> PublicOrganisation:
    return PublicOrganisation(
        pk=row.pk,
        name=row.name,
        acronym=row.acronym,
        kind=row.kind,
        community=_term(row.community) if row.community else None,
        accreditation=row.accreditation,
        bruxelles_social_id=row.bruxelles_social_id,
        website=row.website,
        email=row.email,
        phone=row.phone,
        address=row.address,
        languages=tuple(_term(language) for language in row.languages.all()),
        description_fr=row.description_fr,
        description_nl=row.description_nl,
        description_en=row.description_en,
        audience_fr=row.audience_fr,
        audience_nl=row.audience_nl,
        audience_en=row.audience_en,
    )


def _unit(row: Unit) -> PublicUnit:
    return PublicUnit(
        pk=row.pk,
        prison_pk=row.prison_id,
        code=row.code,
        name_fr=row.name_fr,
        name_nl=row.name_nl,
        name_en=row.name_en,
        kind=row.kind,
        regime=row.regime,
        gender=row.gender,
    )


def _prison(row: Prison, units: Iterable[Unit] = ()) -> PublicPrison:
    return PublicPrison(
        pk=row.pk,
        code=row.code,
        name_fr=row.name_fr,
        name_nl=row.name_nl,
        name_en=row.name_en,
        address=row.address,
        units=tuple(_unit(unit) for unit in units if unit.is_active),
    )


def _states(editions: Sequence[Edition]) -> dict[int, str]:
    """Each edition's coarse state, in two queries for any number of editions."""
    ids = [edition.pk for edition in editions]
    taken = dict(
        Application.objects.filter(edition_id__in=ids, status__in=PLACE_TAKING_STATUSES)
        .values_list("edition_id")
        .annotate(n=Count("pk"))
        .values_list("edition_id", "n")
    )
    sessions = {
        row["edition_id"]: row
        for row in Session.objects.filter(edition_id__in=ids)
        .values("edition_id")
        .annotate(total=Count("pk"), cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)))
    }
    states = {}
    for edition in editions:
        counts = sessions.get(edition.pk)
        if counts and counts["total"] and counts["total"] == counts["cancelled"]:
            states[edition.pk] = PublicState.CANCELLED
        elif taken.get(edition.pk, 0) >= edition.capacity:
            states[edition.pk] = PublicState.FULL
        else:
            states[edition.pk] = PublicState.OPEN
    return states


def _editions(rows: Sequence[Edition], today: dt.date) -> list[PublicEdition]:
    states = _states(rows)
    return [
        PublicEdition(
            pk=row.pk,
            activity_pk=row.activity_id,
            prison=_prison(row.prison),
            units=tuple(_unit(unit) for unit in row.units.all()),
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            recurrence=row.recurrence,
            session_starts_at=row.session_starts_at,
            session_ends_at=row.session_ends_at,
            state=states[row.pk],
            starts_soon=today <= row.starts_on <= today + STARTING_SOON,
            modified_at=row.updated_at,
        )
        for row in rows
    ]


def _edition_rows(activity_ids: Iterable[int], today: dt.date) -> QuerySet[Edition]:
    return (
        public_edition_rows(today)
        .filter(activity_id__in=list(activity_ids))
        .select_related("prison")
        .prefetch_related("units")
        .order_by("starts_on", "pk")
    )


def _activities(rows: Sequence[Activity], today: dt.date, edition_filter: Q | None = None) -> list[PublicActivity]:
    editions_by_activity: dict[int, list[PublicEdition]] = defaultdict(list)
    edition_rows = _edition_rows((row.pk for row in rows), today)
    if edition_filter is not None:
        edition_rows = edition_rows.filter(edition_filter).distinct()
    for edition in _editions(list(edition_rows), today):
        editions_by_activity[edition.activity_pk].append(edition)
    return [
        PublicActivity(
            pk=row.pk,
            title_fr=row.title_fr,
            title_nl=row.title_nl,
            title_en=row.title_en,
            summary_fr=row.summary_fr,
            summary_nl=row.summary_nl,
            summary_en=row.summary_en,
            description_fr=row.description_fr,
            description_nl=row.description_nl,
            description_en=row.description_en,
            objectives_fr=row.objectives_fr,
            objectives_nl=row.objectives_nl,
            objectives_en=row.objectives_en,
            screening_fr=row.screening_fr,
            screening_nl=row.screening_nl,
            screening_en=row.screening_en,
            category=_term(row.category),
            target_groups=tuple(_term(group) for group in row.target_groups.all()),
            languages=tuple(_term(language) for language in row.languages.all()),
            aims=tuple(_term(aim) for aim in row.aims.all()),
            organiser=_organisation(row.organiser),
            partners=tuple(_organisation(partner) for partner in row.partners.all() if partner.is_active),
            editions=tuple(editions_by_activity.get(row.pk, [])),
            modified_at=row.updated_at,
        )
        for row in rows
    ]


def _activity_rows() -> QuerySet[Activity]:
    return (
        public_activity_rows()
        .select_related("category", "organiser__community")
        .prefetch_related(
            "target_groups", "languages", "aims", "organiser__languages", "partners__community", "partners__languages"
        )
    )


def _edition_filter(filters: PublicFilters) -> Q | None:
    edition_filter = Q()
    if filters.prison:
        edition_filter &= Q(prison_id=filters.prison)
    if filters.unit_kind:
        edition_filter &= Q(units__kind=filters.unit_kind)
    if filters.regime:
        edition_filter &= Q(units__regime=filters.regime)
    if filters.period_start:
        edition_filter &= Q(ends_on__gte=filters.period_start)
    if filters.period_end:
        edition_filter &= Q(starts_on__lte=filters.period_end)
    return edition_filter or None


def offer_queryset(filters: PublicFilters | None = None, *, today: dt.date | None = None) -> QuerySet[Activity]:
    """The public activities matching ``filters`` as rows, in the reader's title order (for paginating)."""
    filters = filters or PublicFilters()
    today = today or timezone.localdate()
    # Plain rows: a page of them is turned into projections by ``offer_page``, from the cache.
    queryset = public_activity_rows()
    if filters.text.strip():
        queryset = search_activities(queryset, filters.text.strip())
    if filters.category:
        queryset = queryset.filter(Q(category_id=filters.category) | Q(category__parent_id=filters.category))
    # Many-to-many filters as EXISTS, as the catalogue does (catalogue.selectors.linked_rows):
    # joins would repeat activities and need a DISTINCT over every column, descriptions
    # included, that the paginator's count repeats.
    if filters.target_group:
        queryset = queryset.filter(Exists(linked_rows(Activity.target_groups, targetgroup_id=filters.target_group)))
    if filters.language:
        queryset = queryset.filter(Exists(linked_rows(Activity.languages, language_id=filters.language)))
    if filters.organisation:
        partner = Exists(linked_rows(Activity.partners, organisation_id=filters.organisation))
        queryset = queryset.filter(Q(organiser_id=filters.organisation) | partner)
    edition_filter = _edition_filter(filters)
    editions = public_edition_rows(today)
    if edition_filter is not None:
        editions = editions.filter(edition_filter)
    # Only activities with a current or coming edition are "the offer".
    queryset = queryset.filter(pk__in=editions.values("activity_id"))
    return queryset.order_by(localised_order("title"), "pk")


def offer_page(
    rows: Iterable[Activity], filters: PublicFilters | None = None, *, today: dt.date | None = None
) -> list[PublicActivity]:
    """Projections of one page of ``offer_queryset`` rows, each with its editions that match the filters."""
    filters = filters or PublicFilters()
    ids = list(rows.values_list("pk", flat=True)) if isinstance(rows, QuerySet) else [row.pk for row in rows]
    return _activities_by_id(ids, today or timezone.localdate(), filters)


def _activities_by_id(ids: Sequence[int], today: dt.date, filters: PublicFilters) -> list[PublicActivity]:
    """Projections of the activities ``ids``, in that order, kept in the cache one by one.

    A projection depends on the publication stamp, the day (editions end, "starting soon"
    moves) and the filters that choose editions (prison, unit, period), not on the search
    text: every search, page and language that shows an activity shares its projection until
    something public changes. Nothing private is in a projection, so nothing private is cached.
    """
    edition_filter = _edition_filter(filters)

    def compute(wanted: Sequence[int]) -> dict[int, PublicActivity]:
        rows = list(_activity_rows().filter(pk__in=list(wanted)))
        return {activity.pk: activity for activity in _activities(rows, today, edition_filter)}

    if not settings.CONCERTO_PUBLIC_OFFER_CACHE:
        computed = compute(ids)
        return [computed[pk] for pk in ids if pk in computed]
    from concerto.public import stamp

    editions_chosen_by = (filters.prison, filters.unit_kind, filters.regime, filters.period_start, filters.period_end)
    variant = hashlib.sha256(repr(editions_chosen_by).encode()).hexdigest()[:16]
    prefix = f"public-activity:v{stamp.current().version}:{today.isoformat()}:{variant}:"
    kept = cache.get_many([f"{prefix}{pk}" for pk in ids])
    found = {int(key.removeprefix(prefix)): activity for key, activity in kept.items()}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {f"{prefix}{pk}": activity for pk, activity in computed.items()},
            timeout=settings.CONCERTO_PUBLIC_OFFER_CACHE_SECONDS,
        )
        found.update(computed)
    return [found[pk] for pk in ids if pk in found]


def offer(filters: PublicFilters | None = None, *, today: dt.date | None = None) -> list[PublicActivity]:
    """The whole public offer (for feeds, open data and print): small enough to read at once.

    Kept in the cache per publication stamp, day and filters (``CONCERTO_PUBLIC_OFFER_CACHE``):
    the HSDS pages, the feeds, the prison pages and the posters then share one read of the
    offer until something public changes. The projections hold nothing private, so the cache
    holds nothing private either.
    """
    today = today or timezone.localdate()
    if not settings.CONCERTO_PUBLIC_OFFER_CACHE:
        return offer_page(offer_queryset(filters, today=today), filters, today=today)
    from concerto.public import stamp

    wanted = hashlib.sha256(repr(filters).encode()).hexdigest()[:24]
    key = f"public-offer:v{stamp.current().version}:{today.isoformat()}:{wanted}"
    found: list[PublicActivity] | None = cache.get(key)
    if found is None:
        found = offer_page(offer_queryset(filters, today=today), filters, today=today)
        cache.set(key, found, timeout=settings.CONCERTO_PUBLIC_OFFER_CACHE_SECONDS)
    return found


def activity_get(pk: int, *, today: dt.date | None = None) -> PublicActivity | None:
    """One public activity with all its current and coming editions, or None if it is not public."""
    rows = list(_activity_rows().filter(pk=pk))
    if not rows:
        return None
    return _activities(rows, today or timezone.localdate())[0]


def sessions_of(edition_ids: Iterable[int]) -> list[PublicSession]:
    """The sessions of public editions (cancelled ones included, marked), in time order."""
    ids = list(edition_ids)
    # Each session's history rows (simple-history keeps them in a table of their own, with no
    # reverse relation to join on): how many, and the newest.
    history = Session.history.model.objects.filter(id=OuterRef("pk")).order_by().values("id")
    rows = (
        Session.objects.filter(edition_id__in=ids, edition__activity__status=ActivityStatus.PUBLISHED)
        .annotate(
            revisions=Coalesce(Subquery(history.annotate(n=Count("history_id")).values("n")), 0),
            changed_at=Subquery(history.annotate(last=Max("history_date")).values("last")),
        )
        .order_by("starts_at", "pk")
    )
    return [
        PublicSession(
            pk=row.pk,
            edition_pk=row.edition_id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            is_cancelled=row.status == SessionStatus.CANCELLED,
            moved_from=row.moved_from,
            revision=max(row.revisions - 1, 0),
            changed_at=row.changed_at,
        )
        for row in rows
    ]


def organisation_list() -> list[PublicOrganisation]:
    rows = public_organisation_rows().select_related("community").prefetch_related("languages").order_by("name")
    return [_organisation(row) for row in rows]


def organisation_get(pk: int) -> PublicOrganisation | None:
    row = public_organisation_rows().select_related("community").prefetch_related("languages").filter(pk=pk).first()
    return _organisation(row) if row else None


def prison_list() -> list[PublicPrison]:
    rows = Prison.objects.filter(is_active=True).prefetch_related(
        Prefetch("units", queryset=Unit.objects.filter(is_active=True).order_by("code"))
    )
    return [_prison(row, row.units.all()) for row in rows.order_by("code")]


def prison_get(pk: int) -> PublicPrison | None:
    return next((prison for prison in prison_list() if prison.pk == pk), None)


def unit_get(pk: int) -> tuple[PublicPrison, PublicUnit] | None:
    """An active unit of an active prison, with its prison, or None (for posters and sheets per unit)."""
    for prison in prison_list():
        for unit in prison.units:
            if unit.pk == pk:
                return prison, unit
    return None


def category_terms() -> dict[int, PublicTerm]:
    """Every category of the taxonomy by primary key (its parent too), to find an activity's root theme.

    The taxonomy is reference data, public as a whole; posters draw one pictogram per root category.
    """
    return {row.pk: _term(row) for row in Category.objects.all()}


def edition_get(pk: int, *, today: dt.date | None = None) -> tuple[PublicActivity, PublicEdition] | None:
    """One public edition (current or coming) with its activity, or None if it is not public."""
    activity_id = public_edition_rows(today).filter(pk=pk).values_list("activity_id", flat=True).first()
    activity = activity_get(activity_id, today=today) if activity_id else None
    edition = next((edition for edition in activity.editions if edition.pk == pk), None) if activity else None
    return (activity, edition) if activity and edition else None


@dataclass(frozen=True)
class PublicVocabulary:
    """The reference terms the offer is described with (reference data holds nothing private)."""

    categories: tuple[PublicTerm, ...]
    target_groups: tuple[PublicTerm, ...]
    aims: tuple[PublicTerm, ...]


def vocabulary() -> PublicVocabulary:
    """Every category (both levels), target group and aim, in their editors' order.

    The open-data directory (HSDS taxonomies) publishes the whole vocabulary, not only the terms
    in use today, so that a harvester's term ids stay valid between two editions.
    """
    return PublicVocabulary(
        categories=tuple(_term(row) for row in Category.objects.order_by("position", "code")),
        target_groups=tuple(_term(row) for row in TargetGroup.objects.order_by("position", "code")),
        aims=tuple(_term(row) for row in Aim.objects.order_by("position", "code")),
    )


@dataclass(frozen=True)
class PublicUnitOffer:
    """One unit of a prison and the public editions that serve it, each with its activity."""

    unit: PublicUnit
    offer: tuple[tuple[PublicActivity, PublicEdition], ...]


def prison_offer(prison: PublicPrison, *, today: dt.date | None = None) -> list[PublicUnitOffer]:
    """What each active unit of ``prison`` is offered: for its public page, units sorted by kind then code."""
    activities = offer(PublicFilters(prison=prison.pk), today=today)
    units = sorted(prison.units, key=lambda unit: (list(Unit.Kind.values).index(unit.kind), unit.code))
    return [
        PublicUnitOffer(
            unit=unit,
            offer=tuple(
                (activity, edition)
                for activity in activities
                for edition in activity.editions
                if any(served.pk == unit.pk for served in edition.units)
            ),
        )
        for unit in units
    ]


@dataclass(frozen=True)
class PublicFilterChoices:
    """What the public offer's filters offer: only terms that some published activity uses."""

    prisons: tuple[PublicPrison, ...]
    organisations: tuple[PublicOrganisation, ...]
    categories: tuple[PublicTerm, ...]
    target_groups: tuple[PublicTerm, ...]
    languages: tuple[PublicTerm, ...]


def offer_filter_choices() -> PublicFilterChoices:
    """The choices of the offer's filters, so that a filter never offers what no public activity has.

    Cached per publication stamp like the offer (``CONCERTO_PUBLIC_OFFER_CACHE``): every search
    page shows them, and they change only when the offer does.
    """
    if not settings.CONCERTO_PUBLIC_OFFER_CACHE:
        return _offer_filter_choices()
    from concerto.public import stamp

    key = f"public-filter-choices:v{stamp.current().version}"
    found: PublicFilterChoices | None = cache.get(key)
    if found is None:
        found = _offer_filter_choices()
        cache.set(key, found, timeout=settings.CONCERTO_PUBLIC_OFFER_CACHE_SECONDS)
    return found


def _offer_filter_choices() -> PublicFilterChoices:
    from concerto.reference.models import Category, Language, TargetGroup

    published = public_activity_rows()
    used_categories = (
        Category.objects.filter(Q(activities__in=published) | Q(children__activities__in=published))
        .select_related("parent")
        .distinct()
    )

    def tree_order(row: Category) -> tuple[int, int, int, int]:
        top = row.parent or row
        return (top.position, top.pk, 0 if row.parent is None else 1, row.position)

    return PublicFilterChoices(
        prisons=tuple(prison_list()),
        organisations=tuple(organisation_list()),
        categories=tuple(_term(row) for row in sorted(used_categories, key=tree_order)),
        target_groups=tuple(
            _term(row)
            for row in TargetGroup.objects.filter(activity__in=published).distinct().order_by("position", "code")
        ),
        languages=tuple(
            _term(row)
            for row in Language.objects.filter(activity__in=published).distinct().order_by("position", "name_fr")
        ),
    )
