"""The offer's projections are read once per publication: a committed change is seen at once."""

from __future__ import annotations

import pytest

from concerto.public import selectors
from concerto.testing.factories import EditionFactory


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
