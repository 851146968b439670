"""The offer's projections are read once per publication: a committed change is seen at once."""

from __future__ import annotations

import pytest

from concerto.public import selectors
from concerto.testing.factories import EditionFactory, PrisonFactory


@pytest.fixture
def cached(settings):
    settings.CONCERTO_PUBLIC_OFFER_CACHE = True


@pytest.mark.django_db(transaction=True)
def test_the_offer_is_read_once_until_something_public_changes(cached, django_assert_num_queries):
    edition = EditionFactory(activity__title_fr="Théâtre")
    assert [activity.title_fr for activity in selectors.offer()] == ["Théâtre"]

    with django_assert_num_queries(1):  # the publication stamp only
        assert [activity.title_fr for activity in selectors.offer()] == ["Théâtre"]

    edition.activity.title_fr = "Théâtre-forum"
    edition.activity.save()  # committed at once (no test transaction here): the stamp moves

    assert [activity.title_fr for activity in selectors.offer()] == ["Théâtre-forum"]


@pytest.mark.django_db(transaction=True)
def test_a_page_of_the_offer_shares_each_activity_between_searches_until_a_change(cached, django_assert_num_queries):
    theatre = EditionFactory(activity__title_fr="Atelier théâtre").activity
    EditionFactory(activity__title_fr="Atelier dessin")

    def page(text: str) -> list[str]:
        filters = selectors.PublicFilters(text=text)
        return [activity.title_fr for activity in selectors.offer_page(selectors.offer_queryset(filters), filters)]

    assert page("atelier") == ["Atelier dessin", "Atelier théâtre"]
    with django_assert_num_queries(2):  # the page's ids and the stamp: both projections come from the cache
        assert page("théâtre") == ["Atelier théâtre"]

    theatre.title_fr = "Atelier théâtre-forum"
    theatre.save()

    assert page("atelier") == ["Atelier dessin", "Atelier théâtre-forum"]


@pytest.mark.django_db(transaction=True)
def test_editions_chosen_by_a_filter_are_not_served_from_the_unfiltered_projection(cached):
    haren = EditionFactory(activity__title_fr="Atelier théâtre")
    EditionFactory(activity=haren.activity, prison=PrisonFactory(code="lantin", name_fr="Prison de Lantin"))
    everywhere = selectors.PublicFilters()
    only_haren = selectors.PublicFilters(prison=haren.prison_id)

    def editions(filters: selectors.PublicFilters) -> list[int]:
        (activity,) = selectors.offer_page(selectors.offer_queryset(filters), filters)
        return [edition.pk for edition in activity.editions]

    assert len(editions(everywhere)) == 2
    assert editions(only_haren) == [haren.pk]
    assert len(editions(everywhere)) == 2
