"""Fixtures of the registration tests: an edition of the service "APO" and people who may apply to it."""

from __future__ import annotations

import pytest

from concerto.accounts.models import Role
from concerto.catalogue.models import Edition
from concerto.registrations.models import Application
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    UnitFactory,
)
from conftest import make_actor


@pytest.fixture
def unit(prison):
    return UnitFactory(prison=prison, code="remand-a")


@pytest.fixture
def edition(service, prison, unit) -> Edition:
    activity = ActivityFactory(organiser=service)
    return EditionFactory(activity=activity, prison=prison, units=[unit], capacity=3)


@pytest.fixture
def worker_actor(worker):
    return make_actor(worker)


@pytest.fixture
def manager_actor(manager):
    return make_actor(manager)


@pytest.fixture
def other_worker(member, other_service):
    return member(Role.SERVICE_WORKER, other_service, username="other-worker")


@pytest.fixture
def person(edition, unit):
    """person(**fields) -> a detainee of the edition's prison and unit."""

    def make(**fields):
        fields.setdefault("prison", edition.prison)
        fields.setdefault("unit", unit)
        return DetaineeFactory(**fields)

    return make


@pytest.fixture
def application(edition, person):
    """application(status, **fields) -> an application to ``edition`` (another edition if given)."""

    def make(status: str = "applied", **fields) -> Application:
        target = fields.pop("edition", edition)
        fields.setdefault("detainee", person(prison=target.prison))
        return ApplicationFactory(edition=target, status=status, **fields)

    return make
