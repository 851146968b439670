"""Every pair of statuses against APPLICATION_TRANSITIONS: allowed moves happen, the others are refused."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from concerto.accounts.models import Role
from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition
from concerto.prisons.models import Unit
from concerto.registrations import services
from concerto.registrations.models import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    PLACE_TAKING_STATUSES,
    TAKES_A_PLACE,
    ApplicationStatus,
    RefusalReason,
)
from concerto.registrations.tests.factories import RefusalReasonFactory
from concerto.testing.clock import travel_to_suite_now
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    UnitFactory,
    UserFactory,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db

STATUSES = list(ApplicationStatus.values)
PAIRS = list(itertools.product(STATUSES, STATUSES))


@dataclass
class Machine:
    edition: Edition
    unit: Unit
    actor: Actor
    reason: RefusalReason


@pytest.fixture(scope="module")
def machine(django_db_setup, django_db_blocker):
    """One edition and its manager for the 169 moves, made once (each test then rolls back its own changes)."""
    with travel_to_suite_now(), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            service = OrganisationFactory(name="APO (state machine)")
            prison = PrisonFactory(code="machine", windows=False)
            unit = UnitFactory(prison=prison, code="machine-unit")
            edition = EditionFactory(
                activity=ActivityFactory(organiser=service), prison=prison, units=[unit], room=None, capacity=5
            )
            manager = UserFactory(username="machine-manager")
            MembershipFactory(user=manager, organisation=service, role=Role.SERVICE_MANAGER)
            yield Machine(edition=edition, unit=unit, actor=make_actor(manager), reason=RefusalReasonFactory())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_each_move_is_made_or_refused_as_the_state_machine_says(current, target, machine):
    detainee = DetaineeFactory(prison=machine.edition.prison, unit=machine.unit)
    app = ApplicationFactory(edition=machine.edition, detainee=detainee, status=current)
    manager_actor = machine.actor
    allowed = target in APPLICATION_TRANSITIONS[current]
    reason = machine.reason if target == ApplicationStatus.REFUSED else None
    if allowed:
        moved = services.application_move(actor=manager_actor, application=app, to_status=target, refusal_reason=reason)
        app.refresh_from_db()
        assert moved.status == app.status == target
        assert app.history.first().history_change_reason
    else:
        with translation.override("en"), pytest.raises(ValidationError) as error:
            services.application_move(actor=manager_actor, application=app, to_status=target, refusal_reason=reason)
        message = error.value.message_dict["to_status"][0]
        assert str(ApplicationStatus(current).label) in message
        assert str(ApplicationStatus(target).label) in message
        app.refresh_from_db()
        assert app.status == current


def test_every_status_says_whether_it_takes_a_place_and_where_it_may_go():
    assert set(TAKES_A_PLACE) == set(STATUSES) == set(APPLICATION_TRANSITIONS)
    assert {ApplicationStatus.OFFERED, ApplicationStatus.CONFIRMED, ApplicationStatus.ACTIVE} <= PLACE_TAKING_STATUSES
    assert ApplicationStatus.WAITING_LIST not in PLACE_TAKING_STATUSES
    # Every open application can be closed by a departure from the prison.
    for status in OPEN_STATUSES:
        assert {ApplicationStatus.RELEASED, ApplicationStatus.TRANSFERRED} <= APPLICATION_TRANSITIONS[status]


def test_an_unknown_status_is_refused_with_a_clear_error(machine):
    app = ApplicationFactory(edition=machine.edition, detainee=DetaineeFactory(prison=machine.edition.prison))
    with pytest.raises(ValidationError) as error:
        services.application_move(actor=machine.actor, application=app, to_status="graduated")
    assert "to_status" in error.value.message_dict


def test_the_documentation_lists_exactly_the_allowed_moves():
    text = (Path(settings.BASE_DIR) / "docs" / "registrations.md").read_text(encoding="utf-8")
    table = text.split("<!-- transitions -->")[1].split("<!-- /transitions -->")[0]
    documented = re.findall(r"^\| `(\w+)` \| `(\w+)` \|", table, flags=re.MULTILINE)
    declared = {(a, b) for a, targets in APPLICATION_TRANSITIONS.items() for b in targets}
    assert sorted(documented) == sorted(declared)
    diagram = text.split("```mermaid")[1].split("```")[0]
    arrows = set(re.findall(r"^\s*(\w+) --> (\w+)\s*$", diagram, flags=re.MULTILINE))
    # "open" is the box around the open statuses: its arrows stand for one arrow from each of them.
    drawn = {(a, b) for a, b in arrows if a != "open"} | {
        (status, b) for a, b in arrows if a == "open" for status in OPEN_STATUSES
    }
    assert drawn == declared
