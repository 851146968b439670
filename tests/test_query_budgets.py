"""Key pages make a fixed number of queries, whatever the number of rows (no N+1).

Each page is measured twice, with a small and a larger world; the counts must be equal. The
benchmark (``make bench``, docs/performance.md) measures the same pages at scale.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from concerto.accounts.models import Role, User
from concerto.attendance.models import Attendance
from concerto.catalogue.models import Edition, Session
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    LanguageFactory,
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
    "/en/reference-data/",
    "/en/reference-data/units/?prison={prison}",
    "/en/reference-data/rooms/",
    "/en/reference-data/organisations/",
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


# --- Pages and API lists with people: registrations, attendance, lists for the prison ------


@dataclass
class PeopleWorld:
    prison: Prison
    unit: Unit
    service: Organisation
    worker: User
    edition: Edition
    held: Session
    clients: dict[str, Client]

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.held.starts_at).date()


def add_people(world: PeopleWorld, count: int, start: int) -> None:
    """``count`` more participants of the edition, present yesterday, and as many more editions that met then."""
    language = LanguageFactory()
    for index in range(start, start + count):
        detainee = DetaineeFactory(prison=world.prison, unit=world.unit, prison_number=f"{500000 + index}")
        detainee.languages_spoken.add(language)
        application = ApplicationFactory(
            edition=world.edition, detainee=detainee, status="active", recorded_for=world.service
        )
        Attendance.objects.create(
            session=world.held, application=application, status="present", recorded_by=world.worker
        )
        other = EditionFactory(
            activity=ActivityFactory(organiser=world.service),
            prison=world.prison,
            room=RoomFactory(prison=world.prison, name=f"Room p{index}"),
            units=[world.unit],
        )
        SessionFactory(edition=other, starts_at=world.held.starts_at + dt.timedelta(minutes=index))
        ApplicationFactory(edition=other, detainee=detainee, status="active", recorded_for=world.service)


@pytest.fixture
def people_world(coordinator_client) -> PeopleWorld:
    prison = PrisonFactory()
    unit = UnitFactory(prison=prison, code="remand")
    service = OrganisationFactory(name="APO")
    administration = OrganisationFactory(
        name="Haren administration", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison
    )
    users = {
        "manager": (service, Role.SERVICE_MANAGER),
        "worker": (service, Role.SERVICE_WORKER),
        "prison_staff": (administration, Role.PRISON_STAFF),
    }
    clients = {"coordinator": coordinator_client}
    people = {}
    for role, (organisation, membership_role) in users.items():
        people[role] = UserFactory(username=f"budget-{role}")
        MembershipFactory(user=people[role], organisation=organisation, role=membership_role)
        clients[role] = Client()
        clients[role].force_login(people[role])
    edition = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison, units=[unit], capacity=50)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    held = SessionFactory(edition=edition, starts_at=aware(yesterday, dt.time(14, 0)))
    return PeopleWorld(prison, unit, service, people["worker"], edition, held, clients)


PEOPLE_PAGES = [
    ("manager", "/en/registrations/editions/{edition}/"),
    ("worker", "/en/attendance/sessions/{session}/"),
    ("prison_staff", "/en/attendance/sessions/{session}/participants/"),
    ("prison_staff", "/en/attendance/movements/?prison={prison}&day={day}"),
    ("prison_staff", "/en/attendance/movements.pdf?prison={prison}&day={day}"),
    ("worker", "/en/detainees/"),
    ("worker", "/api/v1/detainees/"),
    ("worker", "/api/v1/applications/"),
    ("worker", "/en/registrations/?q=Nom"),  # the entry page: people found, open editions offered
]


@pytest.mark.parametrize(("role", "page"), PEOPLE_PAGES)
def test_pages_with_people_make_as_many_queries_for_ten_people_as_for_two(role, page, people_world):
    world = people_world
    url = page.format(edition=world.edition.pk, session=world.held.pk, prison=world.prison.pk, day=world.day)
    client = world.clients[role]
    add_people(world, 2, start=0)
    client.get(url)  # the first visit saves the user's language choice
    small = queries(client, url)
    add_people(world, 8, start=2)
    large = queries(client, url)
    assert large == small, f"{url}: {small} queries with 2 people, {large} with 10"


def analysis_url(name: str, world: PeopleWorld) -> str | None:
    """The coverage analysis and a year's statistics, once their pages exist (by URL name)."""
    try:
        if name == "coverage:overview":
            return f"{reverse(name)}?prison={world.prison.pk}"
        year = world.day.year
        try:
            return reverse(name, args=[year])
        except NoReverseMatch:
            return reverse(name, kwargs={"year": year})
    except NoReverseMatch:
        return None


@pytest.mark.parametrize("name", ["coverage:overview", "reports:year"])
def test_analysis_pages_make_as_many_queries_for_ten_people_as_for_two(name, people_world):
    world = people_world
    with translation.override("en"):
        url = analysis_url(name, world)
    if url is None:
        pytest.skip(f"{name} does not exist yet")
    client = world.clients["coordinator"]
    add_people(world, 2, start=0)
    client.get(url)
    small = queries(client, url)
    add_people(world, 8, start=2)
    large = queries(client, url)
    assert large == small, f"{url}: {small} queries with 2 people, {large} with 10"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index exists on PostgreSQL only")
def test_the_catalogue_search_uses_its_full_text_index(coordinator_client):
    """The index of catalogue migration 0002 must index exactly the expression the search builds."""
    migration = importlib.import_module("concerto.catalogue.migrations.0002_activity_search_index")
    with connection.schema_editor(atomic=False) as editor:
        migration.create(None, editor)
    ActivityFactory(title_fr="Atelier théâtre")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # bitmap scans only: the GIN index, or all of a b-tree
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get("/en/catalogue/?q=théâtre").status_code == 200
        search = next(q["sql"] for q in captured.captured_queries if "to_tsvector" in q["sql"])
        cursor.execute(f"EXPLAIN {search}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "activity_search_simple" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_the_applications_a_service_reads_are_found_by_index_not_by_scanning_them_all(people_world):
    """The visibility rule must read the application's own indexed columns (25 s at Europe scale when it did not)."""
    world = people_world
    add_people(world, 3, start=0)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # bitmap scans only: a rule with no index condition shows
        with CaptureQueriesContext(connection) as captured:
            assert world.clients["worker"].get("/api/v1/applications/").status_code == 200
        listing = next(
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "registrations_application"."id"') and "LIMIT" in q["sql"]
        )
        cursor.execute(f"EXPLAIN {listing}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on registrations_application" not in plan, plan
    assert "Index Scan on registrations_application_recorded_for_id" in plan, plan


# --- The home page of each role ----------------------------------------------------------


def add_home_work(world: PeopleWorld, facilitator: User, count: int, start: int) -> None:
    """``count`` more of every kind of work a home page lists: applications to screen, offers,
    dropouts, notices, requests to the prison, sessions today with attendance to enter, facilitated sessions."""
    from concerto.attendance.models import ServiceNotice
    from concerto.registrations.models import PrisonRequest

    today = timezone.localdate()
    for index in range(start, start + count):
        edition = EditionFactory(
            activity=ActivityFactory(organiser=world.service),
            prison=world.prison,
            room=RoomFactory(prison=world.prison, name=f"Room h{index}"),
            units=[world.unit],
            facilitators=[facilitator],
            capacity=5,
        )

        def applicant(status: str, number: int, edition: Edition = edition, **fields) -> object:
            detainee = DetaineeFactory(prison=world.prison, unit=world.unit, prison_number=f"{700000 + number}")
            return ApplicationFactory(
                edition=edition, detainee=detainee, status=status, recorded_for=world.service, **fields
            )

        applicant("applied", 10 * index)
        applicant("offered", 10 * index + 1, offer_expires_at=timezone.now() + dt.timedelta(hours=12))
        applicant("waiting_list", 10 * index + 2)
        applicant("dropped_out", 10 * index + 3)
        accepted = applicant("accepted", 10 * index + 4)
        PrisonRequest.objects.create(application=accepted, kind="movement_permission", requested_on=today)
        applicant("confirmed", 10 * index + 5)
        SessionFactory(edition=edition, starts_at=aware(today, dt.time(9, 0)) + dt.timedelta(minutes=index))
        SessionFactory(
            edition=edition,
            starts_at=aware(today + dt.timedelta(days=1), dt.time(9, 0)) + dt.timedelta(minutes=index),
        )
        ServiceNotice.objects.create(organisation=world.service, message=f"Notice {index}")


@pytest.mark.parametrize("role", ["worker", "manager", "prison_staff", "facilitator", "coordinator"])
def test_each_roles_home_page_makes_as_many_queries_for_ten_items_as_for_two(role, people_world):
    world = people_world
    partner = OrganisationFactory(name="Theatre company", kind=Organisation.Kind.PARTNER)
    facilitator = UserFactory(username="budget-facilitator")
    MembershipFactory(user=facilitator, organisation=partner, role=Role.PARTNER_FACILITATOR)
    world.clients["facilitator"] = Client()
    world.clients["facilitator"].force_login(facilitator)
    client = world.clients[role]
    add_home_work(world, facilitator, 2, start=0)
    client.get("/en/dashboard/")  # the first visit saves the user's language choice
    small = queries(client, "/en/dashboard/")
    add_home_work(world, facilitator, 8, start=2)
    large = queries(client, "/en/dashboard/")
    assert large == small, f"home of {role}: {small} queries with 2 of each, {large} with 10"
    assert small <= 35, f"home of {role}: {small} queries"


def test_a_persons_page_makes_as_many_queries_for_ten_applications_as_for_two(people_world):
    """The person's applications, places on waiting lists, attendance and interviews: counted in bulk."""
    from concerto.attendance.models import FeedbackInterview

    world = people_world
    client = world.clients["worker"]
    detainee = DetaineeFactory(prison=world.prison, unit=world.unit, prison_number="599999")
    url = f"/en/detainees/{detainee.pk}/"

    def apply(count: int) -> None:
        for index in range(count):
            edition = EditionFactory(activity=ActivityFactory(organiser=world.service), prison=world.prison)
            ApplicationFactory(edition=edition, detainee=detainee, status="waiting_list")
            ApplicationFactory(edition=edition, status="waiting_list", priority=1)
            done = EditionFactory(activity=ActivityFactory(organiser=world.service), prison=world.prison)
            dropped = ApplicationFactory(edition=done, detainee=detainee, status="dropped_out")
            session = SessionFactory(edition=done, starts_at=world.held.starts_at - dt.timedelta(days=index + 1))
            Attendance.objects.create(session=session, application=dropped, status="present")
            FeedbackInterview.objects.create(application=dropped, organisation=world.service, status="planned")

    client.get(url)
    apply(1)
    small = queries(client, url)
    apply(4)
    large = queries(client, url)
    assert large == small, f"{url}: {small} queries with 2 applications, {large} with 10"
