"""The HSDS directory is built once per publication stamp and shared: a committed change is seen at once."""

from __future__ import annotations

import pytest
from django.test import Client

from concerto.opendata.hsds import hsds_id, shared_directory
from concerto.testing.factories import EditionFactory, OrganisationFactory

API = "/opendata/hsds"


@pytest.fixture
def cached(settings):
    settings.CONCERTO_PUBLIC_OFFER_CACHE = True


def names(**query: str) -> list[str]:
    return [service["name"] for service in Client().get(f"{API}/services", query).json()["contents"]]


@pytest.mark.django_db(transaction=True)
def test_the_directory_is_shared_until_something_public_changes(cached):
    partner = OrganisationFactory(name="Compagnie de théâtre")
    theatre = EditionFactory(activity__title_fr="Atelier théâtre").activity
    theatre.partners.add(partner)
    EditionFactory(activity__title_fr="Cours de français")
    assert shared_directory() is shared_directory()

    assert names() == ["Atelier théâtre", "Cours de français"]
    assert names(search="théâtre") == ["Atelier théâtre"]
    assert names(organization_id=hsds_id("organisation", partner.pk)) == ["Atelier théâtre"]
    # A search lists fewer services; every one stays reachable by its id.
    assert shared_directory(search="théâtre").find_activity(hsds_id("activity", theatre.pk)) is not None

    before = shared_directory()
    theatre.title_fr = "Atelier théâtre-forum"
    theatre.save()  # committed at once: the stamp moves

    assert shared_directory() is not before
    assert names() == ["Atelier théâtre-forum", "Cours de français"]
