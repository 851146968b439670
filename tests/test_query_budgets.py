"""Key pages make a fixed number of queries, whatever the number of rows (no N+1).

Each page is measured twice, with a small and a larger world; the counts must be equal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concerto.accounts.models import Role
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.testing.factories import (
    ActivityFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    RoomFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2027, 1, 4)


def add_offer(prison, count: int, start: int) -> None:
    """``count`` activities, each with an edition, two units, a facilitator and two sessions this week."""
    for index in range(start, start + count):
        organisation = OrganisationFactory(name=f"Org {index}")
        facilitator = UserFactory(username=f"facilitator{index}")
        MembershipFactory(user=facilitator, organisation=organisation, role=Role.SERVICE_WORKER)
        edition = EditionFactory(
            activity=ActivityFactory(organiser=organisation),
            prison=prison,
            room=RoomFactory(prison=prison, name=f"Room {index}"),
            units=[UnitFactory(prison=prison, code=f"u{index}"), UnitFactory(prison=prison, code="shared")],
            facilitators=[facilitator],
        )
        for day in (1, 3):
            SessionFactory(edition=edition, starts_at=aware(MONDAY + dt.timedelta(days=day), dt.time(9, 0)))


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def coordinator_client():
    user = UserFactory(username="budget-coordinator")
    body = OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)
    MembershipFactory(user=user, organisation=body, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    return client


PAGES = [
    "/en/catalogue/",
    "/en/catalogue/?q=Atelier&category={category}",
    "/en/catalogue/calendar/prison/{prison}/?week=2027-01-04",
    "/en/dashboard/",
    "/api/v1/activities/",
    "/api/v1/editions/",
    "/api/v1/sessions/",
]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_number_of_rows(page, coordinator_client):
    prison = PrisonFactory()
    add_offer(prison, 2, start=0)
    category = ActivityFactory._meta.model.objects.first().category_id
    url = page.format(prison=prison.pk, category=category)
    coordinator_client.get(url)  # the first visit saves the user's language choice
    small = queries(coordinator_client, url)
    add_offer(prison, 8, start=2)
    large = queries(coordinator_client, url)
    assert large == small, f"{url}: {small} queries with 2 activities, {large} with 10"
