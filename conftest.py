"""Shared pytest fixtures: a standard actor per role, built on the factories."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import translation

from concerto.accounts.models import Role, User
from concerto.accounts.permissions import Actor, actor_for
from concerto.organisations.models import Organisation
from concerto.testing import clock as suite_clock
from concerto.testing.factories import MembershipFactory, OrganisationFactory, PrisonFactory, UserFactory


def pytest_report_header(config: pytest.Config) -> str:
    return suite_clock.describe()


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest):
    """Every test starts at suite now (see concerto/testing/clock.py), or at its ``now`` marker.

    The clock ticks from there. Yields time-machine's traveller: ``clock.move_to(moment)``,
    ``clock.shift(timedelta)``.
    """
    marker = request.node.get_closest_marker("now")
    moment = suite_clock.parse_moment(marker.args[0]) if marker else suite_clock.SUITE_NOW
    with time_machine.travel(moment, tick=True) as traveller:
        yield traveller


@pytest.fixture
def now(clock):
    """The current instant on the suite's clock (asks for the clock, so it is read after the travel)."""
    from django.utils import timezone

    return timezone.now()


@pytest.fixture
def today(clock):
    """The current day in Brussels on the suite's clock."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: public pages cached by an earlier test would outlive its data."""
    from django.core.cache import cache

    from concerto.opendata import hsds

    cache.clear()
    hsds.forget_shared_directory()


@pytest.fixture(autouse=True)
def public_offer_read_afresh(settings):
    """Tests change data inside a transaction that never commits, so the publication stamp never
    moves: the offer's cache would serve the state before the change. Tests read it afresh;
    ``concerto/public/tests/test_offer_cache.py`` tests the cache itself, with commits."""
    settings.CONCERTO_PUBLIC_OFFER_CACHE = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per user; tests need many users and no security."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inside the test, as soon as they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def english_messages():
    """Services speak the reader's language; tests read their messages in English (the source)."""
    with translation.override("en"):
        yield


def make_actor(user: User) -> Actor:
    user.__dict__.pop("_concerto_actor", None)
    return actor_for(user)


@pytest.fixture
def prison():
    return PrisonFactory()


@pytest.fixture
def service():
    return OrganisationFactory(name="APO", acronym="APO")


@pytest.fixture
def other_service():
    return OrganisationFactory(name="Rizome-BXL", acronym="Rizome")


@pytest.fixture
def member():
    """member(role, organisation) -> User with that membership."""

    def make(role: str, organisation: Organisation | None = None, **user_fields) -> User:
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, organisation=organisation or OrganisationFactory(), role=role)
        return user

    return make


@pytest.fixture
def worker(member, service) -> User:
    return member(Role.SERVICE_WORKER, service, username="worker")


@pytest.fixture
def manager(member, service) -> User:
    return member(Role.SERVICE_MANAGER, service, username="manager")


@pytest.fixture
def coordinator(member) -> User:
    body = OrganisationFactory(name="Coordination Cocom", kind=Organisation.Kind.COORDINATION_BODY)
    return member(Role.COORDINATOR, body, username="coordinator")
