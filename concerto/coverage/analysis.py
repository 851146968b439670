"""The coverage analysis as pure computation: plain rows in, a supply × demand table and findings out.

``selectors.coverage_inputs`` reads the rows with a fixed number of aggregate queries; nothing
here touches the database, so the rules below can be tested on rows written by hand.

Supply is what the published (or since archived) activities deliver in the period: their
editions running in it, with places (capacity), and the scheduled sessions and hours that fall
in the period, given per week. Demand is what people asked for: needs-survey wishes
(``surveys.analysis.theme_demand``), waiting lists, and refusals for lack of places (the refusal
reason coded ``no-place``).

Target groups combine across their dimensions (gender, legal status, circle): an activity for
"men + accused" is for accused men. Two audiences **overlap** unless, in some dimension both name,
they share no group ("men + accused" and "men + convicted" do not overlap; "men" and "accused"
do). An edition **reaches** a target group when its audience names that group or says nothing in
its dimension, and it serves a unit that houses the group (the unit's legal statuses and gender).

The findings and their rules (documented for coordinators in docs/guide-coordination.md):

- ``demand_without_supply``: survey wishes for a theme that no edition in the period serves.
  With no edition of the theme at all in the prison, one finding for the theme; otherwise one
  per target group whose wishes no edition of the theme reaches (and serves the wishers' unit).
  Fires on at least ``CONCERTO_MIN_COUNT`` (5) people.
- ``demand_above_supply``: a theme with editions, where the people waiting and refused for lack
  of places reach 5, or the wishers (at least 5) outnumber the places. High when those people
  are at least as many as the places.
- ``unit_without_offer`` / ``group_without_offer``: an active unit, or a target group housed in
  the prison, with no edition of a root category (training, psychosocial, sociocultural) in the
  period. Where the prison's list of people present is known, nobody present means no gap.
- ``language_gap``: a language spoken by at least N people present (N ≥ 5; 10 by default, see
  ``forms.default_min_speakers``) and no edition delivered in it in that prison in the period.
- ``organisation_overlap``: editions of one theme by two or more organisations, in the same
  prison, over overlapping periods, for overlapping audiences (one finding per cluster).
- ``competing_sessions``: sessions of two editions for a shared unit at overlapping times with
  overlapping audiences (one finding per pair of editions, with the number of clashes).

Filters narrow the rows (``analyse``): target group, unit, category and language keep the
editions, wishes, waiting lists and people that match. Two exceptions keep the findings true:
wishes are served by an edition in any language, and units or groups without an offer are
judged on every edition of the root category, whatever the theme or language asked for. The
organisation filter narrows the table and the overlaps to that organisation's editions; gaps
stay those of the whole offer.

Counts of people (wishers, waiting, refused, speakers, people present) go through
``privacy.services.safe_count`` before they enter a finding or a table row, so below 5 they are
``None`` ("fewer than 5") everywhere they are shown or exported. Places, sessions and hours are
not personal and stay exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerto.privacy.services import safe_count

GENDER_DIMENSION, LEGAL_STATUS_DIMENSION = "gender", "legal_status"
# The order of reference.TargetGroup.Dimension: groups read "men, convicted", not "convicted, men".
DIMENSION_ORDER = {GENDER_DIMENSION: 0, LEGAL_STATUS_DIMENSION: 1, "circle": 2}
# A detainee's gender (detainees.Gender) as the gender of target groups (TargetGroup.Gender).
DETAINEE_GENDER_GROUP = {"man": "men", "woman": "women"}


def min_count() -> int:
    return int(settings.CONCERTO_MIN_COUNT)


# --- Input rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7


@dataclass(frozen=True)
class CategoryRow:
    id: int
    code: str
    name: str
    parent_id: int | None
    position: tuple[int, int]  # root position, own position (roots: -1), for sorting

    @property
    def root_id(self) -> int:
        return self.parent_id or self.id

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


@dataclass(frozen=True)
class GroupRow:
    id: int
    code: str
    name: str
    dimension: str
    gender: str
    position: int

    @property
    def order(self) -> tuple[int, int, str]:
        """Position, then gender before legal status before circle, then code: one order, whatever the ids."""
        return (self.position, DIMENSION_ORDER.get(self.dimension, len(DIMENSION_ORDER)), self.code)


@dataclass(frozen=True)
class UnitRow:
    id: int
    prison_id: int
    code: str
    name: str
    gender: str  # prisons.Unit.Gender: men, women, mixed
    legal_status_ids: frozenset[int]
    is_active: bool = True


@dataclass(frozen=True)
class EditionRow:
    id: int
    activity_id: int
    title: str
    prison_id: int
    organiser_id: int
    partner_ids: frozenset[int]
    category_id: int
    root_category_id: int
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    unit_ids: frozenset[int]
    target_group_ids: frozenset[int]
    languages: frozenset[str]
    sessions: int = 0  # scheduled sessions in the period
    hours: float = 0.0  # their total length, in hours

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset({self.organiser_id}) | self.partner_ids


@dataclass(frozen=True)
class SessionRow:
    edition_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    id: int = 0


@dataclass(frozen=True)
class QueueRow:
    """Applications of one edition from one unit: on the waiting list, refused for lack of places."""

    edition_id: int
    unit_id: int | None
    waiting: int
    refused_no_place: int


@dataclass(frozen=True)
class WishRow:
    """Needs-survey demand (``surveys.analysis.ThemeDemand``) with the prison of its campaigns."""

    prison_id: int
    category_id: int
    root_category_id: int
    target_group_id: int | None
    unit_id: int | None
    language: str
    people: int
    score: int


@dataclass(frozen=True)
class PeopleRow:
    """People present in a prison, per unit, legal status, gender and (for speakers) language."""

    prison_id: int
    unit_id: int | None
    legal_status: str
    gender: str
    people: int
    language: str = ""


@dataclass
class Reference:
    """Names and shapes of the reference data, read once."""

    prisons: dict[int, str]
    categories: dict[int, CategoryRow]
    groups: dict[int, GroupRow]
    units: dict[int, UnitRow]
    languages: dict[str, str]  # ISO code -> name
    organisations: dict[int, str]


@dataclass
class Inputs:
    period: Period
    prison_ids: list[int]
    reference: Reference
    editions: list[EditionRow]
    sessions: list[SessionRow]
    queues: list[QueueRow]
    wishes: list[WishRow]
    present: list[PeopleRow]  # people present, without language
    speakers: list[PeopleRow]  # people present per language spoken
    campaigns: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # prison -> (id, name)
    readable_campaigns: frozenset[int] = frozenset()  # those whose results the reader may open
    surveys_available: bool = True


@dataclass(frozen=True)
class Filters:
    target_group: int | None = None
    unit: int | None = None
    category: int | None = None
    language: str = ""
    organisation: int | None = None
    min_speakers: int = 10  # see forms.default_min_speakers
    breakdown: str = ""  # "", "unit" or "language"


# --- Audiences ---------------------------------------------------------------------------------


def _by_dimension(group_ids: Iterable[int], groups: Mapping[int, GroupRow]) -> dict[str, set[int]]:
    split: dict[str, set[int]] = defaultdict(set)
    for group_id in group_ids:
        group = groups.get(group_id)
        if group is not None:
            split[group.dimension].add(group_id)
    return split


def audiences_overlap(first: Iterable[int], second: Iterable[int], groups: Mapping[int, GroupRow]) -> bool:
    """Whether two audiences may hold the same people: no dimension that both name is disjoint."""
    a, b = _by_dimension(first, groups), _by_dimension(second, groups)
    return all(a[dimension].intersection(b[dimension]) for dimension in a.keys() & b.keys())


def audience_includes(audience: Iterable[int], group_id: int, groups: Mapping[int, GroupRow]) -> bool:
    """Whether an audience takes people of ``group_id``: it names the group or says nothing in its dimension."""
    group = groups.get(group_id)
    if group is None:
        return False
    named = _by_dimension(audience, groups).get(group.dimension, set())
    return not named or group_id in named


def unit_houses(unit: UnitRow, group: GroupRow) -> bool:
    if group.dimension == LEGAL_STATUS_DIMENSION:
        return not unit.legal_status_ids or group.id in unit.legal_status_ids
    if group.dimension == GENDER_DIMENSION:
        return unit.gender == "mixed" or unit.gender == group.gender
    return True


def reaches(edition: EditionRow, group_id: int, reference: Reference) -> bool:
    """The edition is open to the group and serves a unit where people of the group live."""
    if not audience_includes(edition.target_group_ids, group_id, reference.groups):
        return False
    group = reference.groups[group_id]
    units = [reference.units[u] for u in edition.unit_ids if u in reference.units]
    return not units or any(unit_houses(unit, group) for unit in units)


def person_in_group(row: PeopleRow, group: GroupRow) -> bool:
    if group.dimension == LEGAL_STATUS_DIMENSION:
        return row.legal_status == group.code
    if group.dimension == GENDER_DIMENSION:
        return DETAINEE_GENDER_GROUP.get(row.gender) == group.gender
    return False


# --- Findings ----------------------------------------------------------------------------------


class Kind:
    DEMAND_WITHOUT_SUPPLY = "demand_without_supply"
    DEMAND_ABOVE_SUPPLY = "demand_above_supply"
    UNIT_WITHOUT_OFFER = "unit_without_offer"
    GROUP_WITHOUT_OFFER = "group_without_offer"
    LANGUAGE_GAP = "language_gap"
    ORGANISATION_OVERLAP = "organisation_overlap"
    COMPETING_SESSIONS = "competing_sessions"

    GAPS = (DEMAND_WITHOUT_SUPPLY, DEMAND_ABOVE_SUPPLY, UNIT_WITHOUT_OFFER, GROUP_WITHOUT_OFFER, LANGUAGE_GAP)
    OVERLAPS = (ORGANISATION_OVERLAP, COMPETING_SESSIONS)
    LABELS = {
        DEMAND_WITHOUT_SUPPLY: gettext_lazy("Demand without supply"),
        DEMAND_ABOVE_SUPPLY: gettext_lazy("Demand above supply"),
        UNIT_WITHOUT_OFFER: gettext_lazy("Unit without offer"),
        GROUP_WITHOUT_OFFER: gettext_lazy("Target group without offer"),
        LANGUAGE_GAP: gettext_lazy("Language without activity"),
        ORGANISATION_OVERLAP: gettext_lazy("Same theme by several organisations"),
        COMPETING_SESSIONS: gettext_lazy("Competing sessions"),
    }


class Severity:
    HIGH, MEDIUM, LOW = "high", "medium", "low"
    ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}
    LABELS = {HIGH: gettext_lazy("high"), MEDIUM: gettext_lazy("medium"), LOW: gettext_lazy("low")}


@dataclass(frozen=True)
class Finding:
    """One gap or overlap, with what it is about, its figures and the editions behind it.

    People counts in ``figures`` are already safe (``None`` below 5); places, sessions and
    hours are exact.
    """

    kind: str
    severity: str
    prison_id: int
    category_id: int | None = None
    target_group_id: int | None = None
    unit_id: int | None = None
    language: str = ""
    figures: dict[str, Any] = field(default_factory=dict)
    edition_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    first_clash: dt.datetime | None = None

    @property
    def is_gap(self) -> bool:
        return self.kind in Kind.GAPS

    @property
    def kind_label(self) -> str:
        return str(Kind.LABELS[self.kind])

    @property
    def severity_label(self) -> str:
        return str(Severity.LABELS[self.severity])


@dataclass(frozen=True)
class TableRow:
    """Supply against demand for one target group × category (× unit or language when broken down)."""

    target_group_id: int | None
    category_id: int
    unit_id: int | None
    language: str
    editions: int
    places: int
    sessions_per_week: float
    hours_per_week: float
    wishers: int | None
    score: int
    waiting: int | None
    refused_no_place: int | None
    edition_ids: tuple[int, ...]


@dataclass
class Analysis:
    inputs: Inputs
    filters: Filters
    rows: list[TableRow]
    gaps: list[Finding]
    overlaps: list[Finding]

    @property
    def findings(self) -> list[Finding]:
        return [*self.gaps, *self.overlaps]

    @property
    def reference(self) -> Reference:
        return self.inputs.reference

    @cached_property
    def editions(self) -> dict[int, EditionRow]:
        return {edition.id: edition for edition in self.inputs.editions}


# --- Narrowing by the filters -----------------------------------------------------------------


def _category_matches(category_id: int, wanted: int | None, reference: Reference) -> bool:
    """``category_id`` is ``wanted`` or, when ``wanted`` is a root, one of its sub-themes."""
    if wanted is None:
        return True
    if category_id == wanted:
        return True
    category = reference.categories.get(category_id)
    return category is not None and category.parent_id == wanted


def _edition_kept(edition: EditionRow, filters: Filters, reference: Reference) -> bool:
    """Editions the filters keep (the organisation filter is applied later: it narrows what is shown)."""
    if filters.unit and filters.unit not in edition.unit_ids:
        return False
    if filters.target_group and not audience_includes(edition.target_group_ids, filters.target_group, reference.groups):
        return False
    if filters.language and filters.language not in edition.languages:
        return False
    return _category_matches(edition.category_id, filters.category, reference)


def _wish_kept(wish: WishRow, filters: Filters, reference: Reference) -> bool:
    if filters.unit and wish.unit_id != filters.unit:
        return False
    if filters.target_group and wish.target_group_id != filters.target_group:
        return False
    if filters.language and wish.language != filters.language:
        return False
    return _category_matches(wish.category_id, filters.category, reference)


def _people_kept(row: PeopleRow, filters: Filters, reference: Reference) -> bool:
    if filters.unit and row.unit_id != filters.unit:
        return False
    if filters.language and row.language and row.language != filters.language:
        return False
    group = reference.groups.get(filters.target_group) if filters.target_group else None
    return (
        group is None
        or person_in_group(row, group)
        or group.dimension not in (GENDER_DIMENSION, LEGAL_STATUS_DIMENSION)
    )


# --- The analysis ------------------------------------------------------------------------------


def analyse(inputs: Inputs, filters: Filters) -> Analysis:
    """The supply × demand table, the gaps and the overlaps of ``inputs`` under ``filters``."""
    reference = inputs.reference
    editions = [e for e in inputs.editions if _edition_kept(e, filters, reference)]
    # Whether a unit or a group has an offer in a root category does not depend on the theme or
    # the language asked for (the root is the theme's; languages have their own gaps).
    offer = [e for e in inputs.editions if _edition_kept(e, replace(filters, language="", category=None), reference)]
    # Wishes are served by an edition whatever its language (the language filter keeps the wishes
    # of the people who answered in that language; language gaps are their own finding).
    any_language = [e for e in inputs.editions if _edition_kept(e, replace(filters, language=""), reference)]
    kept_ids = {e.id for e in editions}
    queues = [q for q in inputs.queues if q.edition_id in kept_ids and (not filters.unit or q.unit_id == filters.unit)]
    wishes = [w for w in inputs.wishes if _wish_kept(w, filters, reference)]
    speakers = [p for p in inputs.speakers if _people_kept(p, filters, reference)]
    sessions = [s for s in inputs.sessions if s.edition_id in kept_ids]
    organisation = filters.organisation

    by_id = {e.id: e for e in editions}

    def involves_organisation(finding: Finding) -> bool:
        return any(organisation in by_id[pk].organisation_ids for pk in finding.edition_ids if pk in by_id)

    shown = editions if organisation is None else [e for e in editions if organisation in e.organisation_ids]
    shown_ids = {e.id for e in shown}
    rows = supply_and_demand(
        editions=shown,
        queues=[q for q in queues if q.edition_id in shown_ids],
        wishes=wishes,
        reference=reference,
        breakdown=filters.breakdown,
        period=inputs.period,
    )
    gaps = [
        *demand_without_supply(editions=any_language, wishes=wishes, reference=reference),
        *demand_above_supply(editions=editions, queues=queues, wishes=wishes, reference=reference),
        *without_offer(
            editions=offer,
            prison_ids=inputs.prison_ids,
            present=inputs.present,
            filters=filters,
            reference=reference,
        ),
        *language_gaps(
            editions=editions, speakers=speakers, prison_ids=inputs.prison_ids, threshold=filters.min_speakers
        ),
    ]
    overlaps = [
        *organisation_overlaps(editions=editions, reference=reference),
        *competing_sessions(editions=editions, sessions=sessions, reference=reference, unit_id=filters.unit),
    ]
    if organisation is not None:
        # Gaps are gaps of the whole offer (another organisation's edition fills them as well);
        # overlaps are shown when the organisation takes part in them.
        overlaps = [o for o in overlaps if involves_organisation(o)]
    return Analysis(
        inputs=inputs,
        filters=filters,
        rows=rows,
        gaps=_sorted(gaps, filters, reference),
        overlaps=_sorted(overlaps, filters, reference),
    )


def relevance(finding: Finding, filters: Filters, reference: Reference) -> int:
    """How many of the filter's dimensions (target group, unit, category, language) the finding names.

    A finding about women answers a coverage filtered on women better than a language gap
    found on the way, which names no target group.
    """
    matches = [
        filters.target_group is not None and finding.target_group_id == filters.target_group,
        filters.unit is not None and finding.unit_id == filters.unit,
        filters.category is not None
        and finding.category_id is not None
        and _category_matches(finding.category_id, filters.category, reference),
        bool(filters.language) and finding.language == filters.language,
    ]
    return sum(matches)


def _sorted(findings: list[Finding], filters: Filters, reference: Reference) -> list[Finding]:
    """Those that match the filter's dimensions first, then the most severe, then by kind and prison."""
    return sorted(
        findings,
        key=lambda f: (
            -relevance(f, filters, reference),
            Severity.ORDER[f.severity],
            list(Kind.LABELS).index(f.kind),
            f.prison_id,
        ),
    )


def _weekly(value: float, period: Period | None) -> float:
    return round(value / period.weeks, 1) if period and period.weeks else round(value, 1)


# The supply × demand table ----------------------------------------------------------------------


@dataclass
class _Cell:
    editions: set[int] = field(default_factory=set)
    wishers: int = 0
    score: int = 0
    waiting: int = 0
    refused_no_place: int = 0


def supply_and_demand(
    *,
    editions: list[EditionRow],
    queues: list[QueueRow],
    wishes: list[WishRow],
    reference: Reference,
    breakdown: str = "",
    period: Period | None = None,
) -> list[TableRow]:
    """One row per target group × category (× unit or language) with supply or demand.

    An edition counts once in each row it belongs to: for each of its activity's target groups,
    and, broken down, for each unit it serves or language it is delivered in.
    """
    cells: dict[tuple[int | None, int, int | None, str], _Cell] = defaultdict(_Cell)
    by_id = {e.id: e for e in editions}

    def details(unit_ids: Iterable[int | None], languages: Iterable[str]) -> list[tuple[int | None, str]]:
        if breakdown == "unit":
            return [(unit_id, "") for unit_id in unit_ids] or [(None, "")]
        if breakdown == "language":
            return [(None, language) for language in languages] or [(None, "")]
        return [(None, "")]

    def groups_of(edition: EditionRow) -> list[int | None]:
        return list(edition.target_group_ids) or [None]

    for edition in editions:
        for group_id in groups_of(edition):
            for unit_id, language in details(edition.unit_ids, edition.languages):
                cells[(group_id, edition.category_id, unit_id, language)].editions.add(edition.id)
    for queue in queues:
        edition = by_id[queue.edition_id]
        for group_id in groups_of(edition):
            for unit_id, language in details([queue.unit_id], edition.languages):
                cell = cells[(group_id, edition.category_id, unit_id, language)]
                cell.waiting += queue.waiting
                cell.refused_no_place += queue.refused_no_place
    for wish in wishes:
        for unit_id, language in details([wish.unit_id], [wish.language]):
            cell = cells[(wish.target_group_id, wish.category_id, unit_id, language)]
            cell.wishers += wish.people
            cell.score += wish.score

    rows = []
    for (group_id, category_id, unit_id, language), cell in cells.items():
        supplied = [by_id[pk] for pk in sorted(cell.editions)]
        rows.append(
            TableRow(
                target_group_id=group_id,
                category_id=category_id,
                unit_id=unit_id,
                language=language,
                editions=len(supplied),
                places=sum(e.capacity for e in supplied),
                sessions_per_week=_weekly(sum(e.sessions for e in supplied), period),
                hours_per_week=_weekly(sum(e.hours for e in supplied), period),
                wishers=safe_count(cell.wishers),
                score=cell.score if safe_count(cell.wishers) else 0,
                waiting=safe_count(cell.waiting),
                refused_no_place=safe_count(cell.refused_no_place),
                edition_ids=tuple(e.id for e in supplied),
            )
        )

    def order(row: TableRow) -> tuple[Any, ...]:
        group = reference.groups.get(row.target_group_id) if row.target_group_id else None
        category = reference.categories.get(row.category_id)
        unit = reference.units.get(row.unit_id) if row.unit_id else None
        return (
            group is None,
            group.position if group else 0,
            group.name if group else "",
            category.position if category else (0, 0),
            unit is None,
            unit.name if unit else "",
            reference.languages.get(row.language, row.language),
        )

    return sorted(rows, key=order)


# Gaps ---------------------------------------------------------------------------------------------


def _matching(
    editions: Iterable[EditionRow], prison_id: int, category_id: int, reference: Reference
) -> list[EditionRow]:
    """Editions in the prison of the category or, for a root category, of any of its sub-themes."""
    return [
        e
        for e in editions
        if e.prison_id == prison_id
        and (
            e.category_id == category_id
            or (reference.categories[category_id].is_root and e.root_category_id == category_id)
        )
    ]


def _most_common(values: Mapping[Any, int]) -> Any:
    return max(values.items(), key=lambda item: item[1])[0] if values else None


def demand_without_supply(*, editions: list[EditionRow], wishes: list[WishRow], reference: Reference) -> list[Finding]:
    """Wishes that no edition in the period serves (see the module's rules)."""
    by_theme: dict[tuple[int, int], list[WishRow]] = defaultdict(list)
    for wish in wishes:
        if wish.category_id in reference.categories:
            by_theme[(wish.prison_id, wish.category_id)].append(wish)
    findings = []
    for (prison_id, category_id), rows in by_theme.items():
        supply = _matching(editions, prison_id, category_id, reference)
        if not supply:
            groups = {w.target_group_id for w in rows}
            findings.append(
                _demand_finding(prison_id, category_id, next(iter(groups)) if len(groups) == 1 else None, rows, ())
            )
            continue

        def served(wish: WishRow, supply: list[EditionRow] = supply) -> bool:
            return any(
                (wish.target_group_id is None or reaches(e, wish.target_group_id, reference))
                and (wish.unit_id is None or wish.unit_id in e.unit_ids)
                for e in supply
            )

        unserved: dict[int | None, list[WishRow]] = defaultdict(list)
        for wish in rows:
            if not served(wish):
                unserved[wish.target_group_id].append(wish)
        for group_id, group_rows in unserved.items():
            findings.append(_demand_finding(prison_id, category_id, group_id, group_rows, tuple(e.id for e in supply)))
    return [f for f in findings if f is not None]


def _demand_finding(
    prison_id: int, category_id: int, group_id: int | None, rows: list[WishRow], context_ids: tuple[int, ...]
) -> Finding | None:
    people = sum(w.people for w in rows)
    if people < min_count():
        return None
    units = {w.unit_id for w in rows}
    languages: dict[str, int] = defaultdict(int)
    for wish in rows:
        languages[wish.language] += wish.people
    return Finding(
        kind=Kind.DEMAND_WITHOUT_SUPPLY,
        severity=Severity.HIGH,
        prison_id=prison_id,
        category_id=category_id,
        target_group_id=group_id,
        unit_id=next(iter(units)) if len(units) == 1 else None,
        language=_most_common(languages) or "",
        figures={"wishers": safe_count(people), "score": sum(w.score for w in rows)},
        edition_ids=context_ids,
    )


def demand_above_supply(
    *, editions: list[EditionRow], queues: list[QueueRow], wishes: list[WishRow], reference: Reference
) -> list[Finding]:
    """Themes with editions whose waiting lists, refusals for lack of places or wishes exceed them.

    Fires when waiting + refused for lack of places ≥ 5, or when the wishers (≥ 5) outnumber
    the places. Waiting lists count for the editions' own theme; wishes for a root category
    are compared with the places of all its sub-themes.
    """
    queued: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for queue in queues:
        queued[queue.edition_id][0] += queue.waiting
        queued[queue.edition_id][1] += queue.refused_no_place
    wished: dict[tuple[int, int], int] = defaultdict(int)
    for wish in wishes:
        wished[(wish.prison_id, wish.category_id)] += wish.people
    themes = {(e.prison_id, e.category_id) for e in editions} | set(wished)
    findings = []
    for prison_id, category_id in sorted(themes):
        if category_id not in reference.categories:
            continue
        supply = _matching(editions, prison_id, category_id, reference)
        if not supply:
            continue  # demand_without_supply's case
        own = [e for e in supply if e.category_id == category_id]
        waiting = sum(queued[e.id][0] for e in own)
        refused = sum(queued[e.id][1] for e in own)
        wishers = wished.get((prison_id, category_id), 0)
        places = sum(e.capacity for e in supply)
        unserved = waiting + refused
        if unserved < min_count() and not (wishers >= min_count() and wishers > places):
            continue
        findings.append(
            Finding(
                kind=Kind.DEMAND_ABOVE_SUPPLY,
                severity=Severity.HIGH if max(unserved, wishers) >= places else Severity.MEDIUM,
                prison_id=prison_id,
                category_id=category_id,
                figures={
                    "places": places,
                    "waiting": safe_count(waiting),
                    "refused_no_place": safe_count(refused),
                    "wishers": safe_count(wishers),
                },
                edition_ids=tuple(e.id for e in supply),
                organisation_ids=tuple(sorted({e.organiser_id for e in supply})),
            )
        )
    return findings


def _roots(reference: Reference, filters: Filters) -> list[CategoryRow]:
    roots = sorted((c for c in reference.categories.values() if c.is_root), key=lambda c: c.position)
    if filters.category:
        wanted = reference.categories.get(filters.category)
        roots = [c for c in roots if wanted is not None and c.id == wanted.root_id]
    return roots


def without_offer(
    *,
    editions: list[EditionRow],
    prison_ids: list[int],
    present: list[PeopleRow],
    filters: Filters,
    reference: Reference,
) -> list[Finding]:
    """Active units, and target groups housed in the prison, with no edition of a root category.

    Where the prison's list of people present is known, a unit or group with nobody present is
    not a gap; where it is not (no list imported), the finding says nothing of people.
    """
    findings = []
    roots = _roots(reference, filters)
    people_in_unit: dict[int | None, int] = defaultdict(int)
    for row in present:
        people_in_unit[row.unit_id] += row.people
    known = {row.prison_id for row in present}

    def people_figure(prison_id: int, count: int) -> dict[str, Any] | None:
        if prison_id not in known:
            return {}
        return {"people_present": safe_count(count)} if count else None

    for prison_id in prison_ids:
        units = [
            u
            for u in reference.units.values()
            if u.prison_id == prison_id and u.is_active and (not filters.unit or u.id == filters.unit)
        ]
        if filters.target_group and filters.target_group in reference.groups:
            units = [u for u in units if unit_houses(u, reference.groups[filters.target_group])]
        in_prison = [e for e in editions if e.prison_id == prison_id]
        for unit in sorted(units, key=lambda u: u.code):
            unit_people = people_figure(prison_id, people_in_unit.get(unit.id, 0))
            for root in roots:
                if unit_people is None or any(
                    e.root_category_id == root.id and unit.id in e.unit_ids for e in in_prison
                ):
                    continue
                findings.append(
                    Finding(
                        kind=Kind.UNIT_WITHOUT_OFFER,
                        severity=Severity.MEDIUM,
                        prison_id=prison_id,
                        category_id=root.id,
                        unit_id=unit.id,
                        figures=unit_people,
                    )
                )
        for group in _housed_groups(units, reference, filters):
            group_people = people_figure(
                prison_id, sum(p.people for p in present if p.prison_id == prison_id and person_in_group(p, group))
            )
            for root in roots:
                if group_people is None or any(
                    e.root_category_id == root.id and reaches(e, group.id, reference) for e in in_prison
                ):
                    continue
                findings.append(
                    Finding(
                        kind=Kind.GROUP_WITHOUT_OFFER,
                        severity=Severity.MEDIUM,
                        prison_id=prison_id,
                        category_id=root.id,
                        target_group_id=group.id,
                        figures=group_people,
                    )
                )
    return findings


def _housed_groups(units: list[UnitRow], reference: Reference, filters: Filters) -> list[GroupRow]:
    """Target groups living in these units: their legal statuses, and genders (mixed: both)."""
    housed = []
    for group in reference.groups.values():
        if group.dimension not in (GENDER_DIMENSION, LEGAL_STATUS_DIMENSION):
            continue
        if group.dimension == LEGAL_STATUS_DIMENSION and not any(group.id in u.legal_status_ids for u in units):
            continue
        if group.dimension == GENDER_DIMENSION and not any(u.gender in (group.gender, "mixed") for u in units):
            continue
        if filters.target_group and group.id != filters.target_group:
            continue
        housed.append(group)
    return sorted(housed, key=lambda g: g.order)


def language_gaps(
    *, editions: list[EditionRow], speakers: list[PeopleRow], prison_ids: list[int], threshold: int
) -> list[Finding]:
    """Languages spoken by at least ``threshold`` people present (never fewer than 5), with no edition in them."""
    threshold = max(threshold, min_count())
    spoken: dict[tuple[int, str], int] = defaultdict(int)
    for row in speakers:
        spoken[(row.prison_id, row.language)] += row.people
    delivered = {(e.prison_id, language) for e in editions for language in e.languages}
    findings = []
    for (prison_id, language), people in sorted(spoken.items(), key=lambda item: (item[0][0], -item[1], item[0][1])):
        if prison_id not in prison_ids or people < threshold or (prison_id, language) in delivered:
            continue
        findings.append(
            Finding(
                kind=Kind.LANGUAGE_GAP,
                severity=Severity.MEDIUM,
                prison_id=prison_id,
                language=language,
                figures={"speakers": safe_count(people)},
            )
        )
    return findings


# Overlaps -----------------------------------------------------------------------------------------


def organisation_overlaps(*, editions: list[EditionRow], reference: Reference) -> list[Finding]:
    """Editions of one theme by several organisations in one prison, same time, same people."""
    by_theme: dict[tuple[int, int], list[EditionRow]] = defaultdict(list)
    for edition in editions:
        by_theme[(edition.prison_id, edition.category_id)].append(edition)
    findings = []
    for (prison_id, category_id), theme in sorted(by_theme.items()):
        parent = {e.id: e.id for e in theme}

        def find(pk: int, parent: dict[int, int] = parent) -> int:
            while parent[pk] != pk:
                parent[pk] = parent[parent[pk]]
                pk = parent[pk]
            return pk

        for index, first in enumerate(theme):
            for second in theme[index + 1 :]:
                if (
                    first.organiser_id != second.organiser_id
                    and first.starts_on <= second.ends_on
                    and second.starts_on <= first.ends_on
                    and audiences_overlap(first.target_group_ids, second.target_group_ids, reference.groups)
                ):
                    parent[find(first.id)] = find(second.id)
        clusters: dict[int, list[EditionRow]] = defaultdict(list)
        for edition in theme:
            clusters[find(edition.id)].append(edition)
        for cluster in clusters.values():
            if len(cluster) < 2:
                continue
            common = frozenset.intersection(*(e.target_group_ids for e in cluster))
            findings.append(
                Finding(
                    kind=Kind.ORGANISATION_OVERLAP,
                    severity=Severity.LOW,
                    prison_id=prison_id,
                    category_id=category_id,
                    target_group_id=min(common, key=lambda g: reference.groups[g].order) if common else None,
                    figures={
                        "groups": tuple(sorted(common, key=lambda g: reference.groups[g].order)),
                        "organisations": len({e.organiser_id for e in cluster}),
                        "editions": len(cluster),
                        "places": sum(e.capacity for e in cluster),
                    },
                    edition_ids=tuple(sorted(e.id for e in cluster)),
                    organisation_ids=tuple(sorted({e.organiser_id for e in cluster})),
                )
            )
    return findings


def competing_sessions(
    *, editions: list[EditionRow], sessions: list[SessionRow], reference: Reference, unit_id: int | None = None
) -> list[Finding]:
    """Sessions of two editions for a shared unit at overlapping times, for overlapping audiences.

    The calendar's same-unit warning (``catalogue.selectors.competing_sessions_warnings``),
    extended to target-group dimensions and summarised per pair of editions.
    """
    by_id = {e.id: e for e in editions}
    # Each unit's sessions, in time order: only sessions that share a unit can compete.
    by_unit: dict[int, list[SessionRow]] = defaultdict(list)
    for session in sessions:
        edition = by_id.get(session.edition_id)
        if edition is None:
            continue
        for unit in edition.unit_ids:
            if not unit_id or unit == unit_id:
                by_unit[unit].append(session)
    overlap: dict[tuple[int, int], bool] = {}
    clashes: dict[tuple[int, int], dict[tuple[int, int], dt.datetime]] = defaultdict(dict)
    units_of_pair: dict[tuple[int, int], set[int]] = defaultdict(set)
    for unit, unit_sessions in by_unit.items():
        unit_sessions.sort(key=lambda s: s.starts_at)
        active: list[SessionRow] = []
        for session in unit_sessions:
            active = [a for a in active if a.ends_at > session.starts_at]
            for other in active:
                if other.edition_id == session.edition_id:
                    continue
                key = (other.edition_id, session.edition_id)
                if key[0] > key[1]:
                    key = (key[1], key[0])
                if key not in overlap:
                    first, second = by_id[key[0]], by_id[key[1]]
                    overlap[key] = audiences_overlap(first.target_group_ids, second.target_group_ids, reference.groups)
                if overlap[key]:
                    # A pair of sessions counts once, even when the editions share several units;
                    # the clash begins when the later of the two starts.
                    clashes[key][(min(other.id, session.id), max(other.id, session.id))] = session.starts_at
                    units_of_pair[key].add(unit)
            active.append(session)
    pairs = {key: list(found.values()) for key, found in clashes.items()}
    shared_units = {key: frozenset(units) for key, units in units_of_pair.items()}
    findings = []
    for (first_id, second_id), times in sorted(pairs.items()):
        first, units = by_id[first_id], sorted(shared_units[(first_id, second_id)])
        findings.append(
            Finding(
                kind=Kind.COMPETING_SESSIONS,
                severity=Severity.MEDIUM,
                prison_id=first.prison_id,
                unit_id=units[0] if len(units) == 1 else None,
                figures={"clashes": len(times), "units": tuple(units)},
                edition_ids=(first_id, second_id),
                organisation_ids=tuple(sorted({first.organiser_id, by_id[second_id].organiser_id})),
                first_clash=min(times),
            )
        )
    return findings


# --- Sentences ---------------------------------------------------------------------------------


def people_text(value: int | None) -> str:
    """A safe count as words: the number, or "fewer than 5"."""
    if value is None:
        return _("fewer than 5")
    return str(value)


def describe(finding: Finding, analysis: Analysis) -> str:
    """The finding as one sentence in the active language, with its figures."""
    reference = analysis.reference
    editions = analysis.editions
    figures = finding.figures
    names: dict[str, Any] = {
        "prison": reference.prisons.get(finding.prison_id, ""),
        "category": reference.categories[finding.category_id].name if finding.category_id else "",
        "group": reference.groups[finding.target_group_id].name.lower() if finding.target_group_id else "",
        "unit": reference.units[finding.unit_id].name if finding.unit_id in reference.units else "",
        "language": reference.languages.get(finding.language, finding.language),
        "period": _period_text(analysis.inputs.period),
    }
    text: Callable[[], str]
    if finding.kind == Kind.DEMAND_WITHOUT_SUPPLY:
        names["wishers"] = people_text(figures["wishers"])
        if finding.target_group_id and finding.edition_ids:
            text = lambda: _(  # noqa: E731
                "%(prison)s: %(wishers)s people (%(group)s) wish for “%(category)s”, but none of its editions "
                "in %(period)s is open to them."
            )
        elif finding.target_group_id:
            text = lambda: _(  # noqa: E731
                "%(prison)s: %(wishers)s people (%(group)s) wish for “%(category)s”, and no edition of it "
                "runs in %(period)s."
            )
        else:
            text = lambda: _(  # noqa: E731
                "%(prison)s: %(wishers)s people wish for “%(category)s”, and no edition of it runs in %(period)s."
            )
    elif finding.kind == Kind.DEMAND_ABOVE_SUPPLY:
        names.update(
            places=figures["places"],
            waiting=people_text(figures["waiting"]),
            refused=people_text(figures["refused_no_place"]),
            wishers=people_text(figures["wishers"]),
        )
        text = lambda: _(  # noqa: E731
            "%(prison)s: “%(category)s” offers %(places)s places in %(period)s, against %(waiting)s people on "
            "waiting lists, %(refused)s refused for lack of places and %(wishers)s wishes in needs surveys."
        )
    elif finding.kind == Kind.UNIT_WITHOUT_OFFER and "people_present" in figures:
        names["people"] = people_text(figures["people_present"])
        text = lambda: _(  # noqa: E731
            "%(prison)s: the unit “%(unit)s” (%(people)s people present) has no “%(category)s” activity in %(period)s."
        )
    elif finding.kind == Kind.UNIT_WITHOUT_OFFER:
        text = lambda: _("%(prison)s: the unit “%(unit)s” has no “%(category)s” activity in %(period)s.")  # noqa: E731
    elif finding.kind == Kind.GROUP_WITHOUT_OFFER and "people_present" in figures:
        names["people"] = people_text(figures["people_present"])
        text = lambda: _(  # noqa: E731
            "%(prison)s: no “%(category)s” activity is open to %(group)s (%(people)s people present) in %(period)s."
        )
    elif finding.kind == Kind.GROUP_WITHOUT_OFFER:
        text = lambda: _("%(prison)s: no “%(category)s” activity is open to %(group)s in %(period)s.")  # noqa: E731
    elif finding.kind == Kind.LANGUAGE_GAP:
        names["speakers"] = people_text(figures["speakers"])
        text = lambda: _(  # noqa: E731
            "%(prison)s: %(speakers)s people present speak %(language)s, and no activity is delivered in it "
            "in %(period)s."
        )
    elif finding.kind == Kind.ORGANISATION_OVERLAP:
        names["organisations"] = _and_list(sorted(reference.organisations.get(o, "") for o in finding.organisation_ids))
        names["editions"] = figures["editions"]
        names["places"] = figures["places"]
        names["group"] = ", ".join(reference.groups[g].name.lower() for g in figures.get("groups", ()))
        if names["group"]:
            text = lambda: _(  # noqa: E731
                "%(prison)s: %(organisations)s offer “%(category)s” to %(group)s in %(period)s "
                "(%(editions)s editions, %(places)s places)."
            )
        else:
            text = lambda: _(  # noqa: E731
                "%(prison)s: %(organisations)s offer “%(category)s” to the same people in %(period)s "
                "(%(editions)s editions, %(places)s places)."
            )
    else:
        first, second = (editions[pk] for pk in finding.edition_ids)
        names.update(
            first=first.title,
            second=second.title,
            units=", ".join(reference.units[u].name for u in figures["units"] if u in reference.units),
            clashes=figures["clashes"],
            when=date_format(timezone.localtime(finding.first_clash), "SHORT_DATETIME_FORMAT")
            if finding.first_clash
            else "",
        )
        text = lambda: _(  # noqa: E731
            "%(prison)s: “%(first)s” and “%(second)s” meet %(units)s at the same time %(clashes)s times "
            "in %(period)s (first on %(when)s): they compete for the same people."
        )
    return text() % names


def _and_list(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _period_text(period: Period) -> str:
    return _("the period from %(start)s to %(end)s") % {
        "start": date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": date_format(period.end, "SHORT_DATE_FORMAT"),
    }


def finding_summary(finding: Finding, analysis: Analysis) -> str:
    """A short text naming the finding, for the activity proposal drafted from it (no people counts)."""
    reference = analysis.reference
    parts = [finding.kind_label]
    if finding.category_id:
        parts.append(reference.categories[finding.category_id].name)
    if finding.target_group_id:
        parts.append(reference.groups[finding.target_group_id].name)
    if finding.unit_id in reference.units:
        parts.append(reference.units[finding.unit_id].name)
    if finding.language:
        parts.append(reference.languages.get(finding.language, finding.language))
    parts.append(reference.prisons.get(finding.prison_id, ""))
    return " · ".join(p for p in parts if p)[:200]
