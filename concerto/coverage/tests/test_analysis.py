"""The analysis on the known world of ``world.py`` finds exactly the gaps and overlaps it was built for."""

from __future__ import annotations

import datetime as dt

import pytest

from concerto.coverage import selectors
from concerto.coverage.analysis import Filters, Kind, Severity
from concerto.coverage.tests.world import PERIOD, build_world
from concerto.testing.clock import SCENARIO_NOW
from concerto.testing.factories import target_group
from conftest import make_actor

# Literal dates below (editions from 4 January 2027): the module runs at their moment.
pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]


@pytest.fixture
def world():
    return build_world()


def analyse(world, coordinator, **filters):
    return selectors.coverage_analysis(
        actor=make_actor(coordinator), prison=world.prison, period=PERIOD, filters=Filters(**filters)
    )


def summary(findings) -> set[tuple]:
    """Each finding as (kind, category code, target group code, unit code, language)."""
    return {
        (
            f.kind,
            f.category_id,
            f.target_group_id,
            f.unit_id,
            f.language,
        )
        for f in findings
    }


def test_the_known_world_gives_exactly_the_expected_gaps(world, coordinator):
    result = analyse(world, coordinator)

    assert summary(result.gaps) == {
        (Kind.DEMAND_WITHOUT_SUPPLY, world.music.pk, world.convicted.pk, world.unit_b.pk, "fr"),
        (Kind.DEMAND_ABOVE_SUPPLY, world.reception.pk, None, None, ""),
        (Kind.UNIT_WITHOUT_OFFER, world.training.pk, None, world.unit_b.pk, ""),
        (Kind.GROUP_WITHOUT_OFFER, world.training.pk, world.convicted.pk, None, ""),
        (Kind.LANGUAGE_GAP, None, None, None, "ro"),
    }
    by_kind = {f.kind: f for f in result.gaps}
    assert by_kind[Kind.DEMAND_WITHOUT_SUPPLY].figures["wishers"] == 7
    assert by_kind[Kind.DEMAND_WITHOUT_SUPPLY].edition_ids == (world.music_edition.pk,)
    above = by_kind[Kind.DEMAND_ABOVE_SUPPLY]
    assert above.figures == {"places": 10, "waiting": 6, "refused_no_place": None, "wishers": None}
    assert above.severity == Severity.MEDIUM  # 8 people left out, fewer than the 10 places
    assert above.edition_ids == (world.reception_edition.pk,)
    assert by_kind[Kind.LANGUAGE_GAP].figures == {"speakers": 10}
    assert by_kind[Kind.UNIT_WITHOUT_OFFER].figures == {"people_present": 7}


def test_the_known_world_gives_exactly_the_expected_overlaps(world, coordinator):
    result = analyse(world, coordinator)

    assert summary(result.overlaps) == {
        (Kind.ORGANISATION_OVERLAP, world.theatre.pk, world.men.pk, None, ""),
        (Kind.COMPETING_SESSIONS, None, None, world.unit_a.pk, ""),
    }
    by_kind = {f.kind: f for f in result.overlaps}
    overlap = by_kind[Kind.ORGANISATION_OVERLAP]
    assert overlap.edition_ids == tuple(sorted([world.apo_theatre.pk, world.rizome_theatre.pk]))
    assert set(overlap.organisation_ids) == {world.apo.pk, world.rizome.pk}
    competing = by_kind[Kind.COMPETING_SESSIONS]
    assert set(competing.edition_ids) == {world.reception_edition.pk, world.music_edition.pk}
    assert competing.figures["clashes"] == 2


def test_supply_and_demand_table_gives_weekly_figures_and_hides_small_counts(world, coordinator):
    result = analyse(world, coordinator)

    rows = {(r.target_group_id, r.category_id): r for r in result.rows}
    reception = rows[(world.accused.pk, world.reception.pk)]
    weeks = PERIOD.days / 7
    assert (reception.editions, reception.places) == (1, 10)
    assert reception.sessions_per_week == round(3 / weeks, 1)
    assert reception.hours_per_week == round(6 / weeks, 1)
    assert (reception.waiting, reception.refused_no_place, reception.wishers) == (6, None, None)
    music_for_convicted = rows[(world.convicted.pk, world.music.pk)]
    assert (music_for_convicted.editions, music_for_convicted.places, music_for_convicted.wishers) == (0, 0, 7)
    theatre = rows[(world.convicted.pk, world.theatre.pk)]
    assert (theatre.editions, theatre.places) == (2, 18)


def test_breakdown_by_unit_puts_waiting_people_in_their_unit(world, coordinator):
    result = analyse(world, coordinator, breakdown="unit", category=world.reception.pk)

    assert {(r.target_group_id, r.unit_id) for r in result.rows} == {
        (world.men.pk, world.unit_a.pk),
        (world.accused.pk, world.unit_a.pk),
    }
    assert all(r.waiting == 6 for r in result.rows)


@pytest.mark.parametrize(
    ("name", "expected_gaps", "expected_overlaps"),
    [
        ("theatre", {Kind.LANGUAGE_GAP}, {Kind.ORGANISATION_OVERLAP}),
        ("unit_a", {Kind.DEMAND_ABOVE_SUPPLY, Kind.LANGUAGE_GAP}, {Kind.COMPETING_SESSIONS}),
        (
            "convicted",
            {Kind.DEMAND_WITHOUT_SUPPLY, Kind.UNIT_WITHOUT_OFFER, Kind.GROUP_WITHOUT_OFFER},
            {Kind.ORGANISATION_OVERLAP},
        ),
        # Romanian: its speakers have no activity; no edition, wish or overlap is in Romanian. Units and
        # groups without an offer do not depend on the language (languages have their own gaps).
        ("romanian", {Kind.LANGUAGE_GAP, Kind.UNIT_WITHOUT_OFFER, Kind.GROUP_WITHOUT_OFFER}, set()),
        # Gaps are the whole offer's; the overlaps shown are those the organisation takes part in.
        ("rizome", set(Kind.GAPS), {Kind.ORGANISATION_OVERLAP}),
    ],
)
def test_filters_narrow_the_findings(world, coordinator, name, expected_gaps, expected_overlaps):
    filters = {
        "theatre": {"category": world.theatre.pk},
        "unit_a": {"unit": world.unit_a.pk},
        "convicted": {"target_group": world.convicted.pk},
        "rizome": {"organisation": world.rizome.pk},
        "romanian": {"language": "ro"},
    }[name]

    result = analyse(world, coordinator, **filters)

    assert {f.kind for f in result.gaps} == expected_gaps
    assert len(result.gaps) == len(expected_gaps)
    assert {f.kind for f in result.overlaps} == expected_overlaps
    assert len(result.overlaps) == len(expected_overlaps)


def test_language_gaps_follow_the_threshold_but_never_below_five(world, coordinator):
    assert {f.language for f in analyse(world, coordinator, min_speakers=10).gaps if f.kind == Kind.LANGUAGE_GAP} == {
        "ro"
    }
    assert not [f for f in analyse(world, coordinator, min_speakers=11).gaps if f.kind == Kind.LANGUAGE_GAP]
    # Two people speak Arabic: a threshold of 2 would single them out, so 5 applies.
    assert {f.language for f in analyse(world, coordinator, min_speakers=2).gaps if f.kind == Kind.LANGUAGE_GAP} == {
        "ro"
    }


def test_an_edition_outside_the_period_is_no_supply(world, coordinator):
    world.music_edition.starts_on, world.music_edition.ends_on = dt.date(2026, 9, 1), dt.date(2026, 12, 15)
    world.music_edition.save()

    result = analyse(world, coordinator)

    assert world.music_edition.pk not in {pk for f in result.findings for pk in f.edition_ids}
    assert not [f for f in result.overlaps if f.kind == Kind.COMPETING_SESSIONS]
    # Music is now wished by the convicted with no edition at all in the period.
    music = [f for f in result.gaps if f.kind == Kind.DEMAND_WITHOUT_SUPPLY]
    assert [(f.category_id, f.edition_ids, f.figures["wishers"]) for f in music] == [(world.music.pk, (), 7)]


def test_wishes_in_one_language_are_served_by_an_edition_in_another(world, coordinator):
    """The French forms ask for music for the convicted: no music edition reaches them, in any language."""
    result = analyse(world, coordinator, language="fr")

    assert [(f.kind, f.category_id) for f in result.gaps if f.kind == Kind.DEMAND_WITHOUT_SUPPLY] == [
        (Kind.DEMAND_WITHOUT_SUPPLY, world.music.pk)
    ]
    # Editions in French only: the Dutch music edition is no supply in the table.
    assert {r.category_id for r in result.rows if r.editions} == {world.reception.pk, world.theatre.pk}


def test_an_overlap_names_its_groups_in_the_reading_order_whatever_their_ids(coordinator):
    # The legal-status groups exist before "men": their ids are lower, the order must not follow.
    target_group("convicted"), target_group("accused")
    world = build_world()

    result = analyse(world, coordinator)

    overlap = next(f for f in result.overlaps if f.kind == Kind.ORGANISATION_OVERLAP)
    assert overlap.target_group_id == world.men.pk
    assert overlap.figures["groups"] == (world.men.pk, world.convicted.pk)


def test_findings_about_the_filtered_target_group_come_before_the_others(world, coordinator):
    result = analyse(world, coordinator, target_group=world.convicted.pk)

    named = [f.target_group_id == world.convicted.pk for f in result.gaps]
    assert named == sorted(named, reverse=True)
    assert named.count(True) == 2  # demand without supply and the group without offer
    assert result.gaps[-1].kind == Kind.UNIT_WITHOUT_OFFER  # names a unit, not the group


def test_a_language_filter_puts_that_languages_gap_first_whatever_its_severity(world, coordinator):
    result = analyse(world, coordinator, language="ro")

    assert result.gaps[0].kind == Kind.LANGUAGE_GAP
    assert result.gaps[0].language == "ro"


def test_without_a_filter_the_most_severe_findings_come_first(world, coordinator):
    result = analyse(world, coordinator)

    order = [Severity.ORDER[f.severity] for f in result.gaps]
    assert order == sorted(order)
