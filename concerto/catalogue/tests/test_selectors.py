import datetime as dt

import pytest

from concerto.accounts.models import Role
from concerto.catalogue import selectors
from concerto.catalogue.models import ActivityStatus
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.testing.factories import (
    ActivityFactory,
    CategoryFactory,
    EditionFactory,
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    UnitFactory,
    target_group,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db


def test_search_finds_words_in_any_language(coordinator):
    ActivityFactory(title_fr="Atelier théâtre", title_nl="Theaterworkshop")
    ActivityFactory(title_fr="Classe d'accueil", title_nl="Onthaalklas")
    actor = make_actor(coordinator)
    found = selectors.activity_list(actor=actor, filters=selectors.CatalogueFilters(text="Theaterworkshop"))
    assert [a.title_fr for a in found] == ["Atelier théâtre"]


def test_category_filter_includes_sub_themes(coordinator):
    training = CategoryFactory(code="training", name_fr="Formation")
    languages = CategoryFactory(code="languages", name_fr="Langues", parent=training)
    ActivityFactory(title_fr="Classe d'accueil", category=languages)
    ActivityFactory(title_fr="Théâtre", category=CategoryFactory(code="theatre", name_fr="Théâtre"))
    found = selectors.activity_list(
        actor=make_actor(coordinator), filters=selectors.CatalogueFilters(category=training.pk)
    )
    assert [a.title_fr for a in found] == ["Classe d'accueil"]


def test_unit_filter_keeps_activities_with_an_edition_for_that_unit(coordinator, prison):
    remand = UnitFactory(prison=prison, code="remand")
    women = UnitFactory(prison=prison, code="women")
    EditionFactory(activity=ActivityFactory(title_fr="Pour les prévenus"), prison=prison, units=[remand])
    EditionFactory(activity=ActivityFactory(title_fr="Pour les femmes"), prison=prison, units=[women])
    found = selectors.activity_list(actor=make_actor(coordinator), filters=selectors.CatalogueFilters(unit=women.pk))
    assert [a.title_fr for a in found] == ["Pour les femmes"]


def test_partner_facilitator_does_not_see_another_organisations_draft(member):
    rizome = OrganisationFactory(name="Rizome-BXL")
    partner_org = OrganisationFactory(name="Compagnie", kind=Organisation.Kind.PARTNER)
    partner = member(Role.PARTNER_FACILITATOR, partner_org)
    ActivityFactory(title_fr="Brouillon Rizome", organiser=rizome, status=ActivityStatus.DRAFT)
    ActivityFactory(title_fr="Publiée", organiser=rizome, status=ActivityStatus.PUBLISHED)
    found = selectors.activity_list(actor=make_actor(partner))
    assert [a.title_fr for a in found] == ["Publiée"]


def test_coordinator_sees_proposals_but_not_other_services_drafts(coordinator, service):
    ActivityFactory(title_fr="Proposée", organiser=service, status=ActivityStatus.PROPOSED)
    ActivityFactory(title_fr="Brouillon", organiser=service, status=ActivityStatus.DRAFT)
    titles = {a.title_fr for a in selectors.activity_list(actor=make_actor(coordinator))}
    assert titles == {"Proposée"}


def test_week_calendar_places_sessions_on_their_local_day_and_flags_same_unit_overlaps(coordinator, prison):
    unit = UnitFactory(prison=prison, code="remand")
    monday = dt.date(2027, 1, 4)
    theatre = EditionFactory(
        activity=ActivityFactory(title_fr="Théâtre"),
        prison=prison,
        units=[unit],
        room=RoomFactory(prison=prison, name="Salle 1"),
    )
    drawing = EditionFactory(
        activity=ActivityFactory(title_fr="Dessin"),
        prison=prison,
        units=[unit],
        room=RoomFactory(prison=prison, name="Salle 2"),
    )
    SessionFactory(edition=theatre, starts_at=aware(monday + dt.timedelta(days=1), dt.time(14, 0)))
    SessionFactory(edition=drawing, starts_at=aware(monday + dt.timedelta(days=1), dt.time(15, 0)))
    SessionFactory(edition=drawing, starts_at=aware(monday + dt.timedelta(days=3), dt.time(9, 0)))

    days = selectors.week_calendar(actor=make_actor(coordinator), prison_id=prison.pk, monday=monday)
    assert [len(day.entries) for day in days] == [0, 2, 0, 1, 0, 0, 0]
    tuesday = days[1].entries
    assert all(entry.warnings for entry in tuesday)
    assert "Dessin" in tuesday[0].warnings[0]
    assert days[3].entries[0].warnings == []


def test_sessions_for_different_target_groups_do_not_compete(coordinator, prison):
    unit = UnitFactory(prison=prison, code="mixed")
    day = dt.date(2027, 1, 5)
    for title, group, room in (("Hommes", "men", "A"), ("Femmes", "women", "B")):
        edition = EditionFactory(
            activity=ActivityFactory(title_fr=title, target_groups=[target_group(group)]),
            prison=prison,
            units=[unit],
            room=RoomFactory(prison=prison, name=room),
        )
        SessionFactory(edition=edition, starts_at=aware(day, dt.time(14, 0)))
    sessions = selectors.sessions_in_period(
        actor=make_actor(coordinator), prison_id=prison.pk, start=day, end=day + dt.timedelta(days=1)
    )
    assert selectors.competing_sessions_warnings(sessions) == {}


@pytest.fixture
def titles_in_two_orders():
    """In French: Atelier < Classe < Yoga; in Dutch: Onthaalklas < Theaterworkshop < Zumba (only French: Yoga)."""
    ActivityFactory(title_fr="Classe d'accueil", title_nl="Onthaalklas", status=ActivityStatus.PUBLISHED)
    ActivityFactory(title_fr="Atelier théâtre", title_nl="Theaterworkshop", status=ActivityStatus.PUBLISHED)
    ActivityFactory(title_fr="Yoga", title_nl="", status=ActivityStatus.PUBLISHED)
    ActivityFactory(title_fr="Zumba douce", title_nl="aerobics", status=ActivityStatus.PUBLISHED)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Atelier théâtre", "Classe d'accueil", "Yoga", "Zumba douce"]),
        # Dutch titles, case ignored; the one without a Dutch title sorts by the French title it shows.
        ("nl", ["aerobics", "Onthaalklas", "Theaterworkshop", "Yoga"]),
    ],
)
def test_the_catalogue_sorts_by_the_titles_in_the_readers_language(
    coordinator, titles_in_two_orders, language, expected
):
    from django.utils import translation

    with translation.override(language):
        found = selectors.activity_list(actor=make_actor(coordinator))
        assert [a.tr("title").text for a in found] == expected


def test_the_dutch_catalogue_page_lists_dutch_titles_in_dutch_order(client, coordinator, titles_in_two_orders):
    client.force_login(coordinator)
    page = client.get("/nl/catalogue/").text
    positions = [page.index(title) for title in ("aerobics", "Onthaalklas", "Theaterworkshop", "Yoga")]
    assert positions == sorted(positions)
