"""A small world for attendance tests: an edition of APO with a partner facilitator and participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.catalogue.models import Edition, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Room, Unit
from concerto.registrations.models import Application
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    UnitFactory,
)


@dataclass
class Group:
    prison: Prison
    unit: Unit
    room: Room
    edition: Edition
    facilitator: User
    partner: Organisation
    people: list[Application]


@pytest.fixture
def group(prison, service, member) -> Group:
    unit = UnitFactory(prison=prison, code="a1", name_fr="Aile A1", name_nl="Vleugel A1")
    room = RoomFactory(prison=prison, name="Salle polyvalente 3")
    partner = OrganisationFactory(name="Théâtre du Bocal", kind=Organisation.Kind.PARTNER)
    facilitator = member(Role.PARTNER_FACILITATOR, partner, username="facilitator")
    activity = ActivityFactory(organiser=service, title_fr="Atelier théâtre", title_nl="Theaterworkshop")
    edition = EditionFactory(activity=activity, prison=prison, room=room, units=[unit], facilitators=[facilitator])
    people = [
        ApplicationFactory(
            edition=edition,
            status="confirmed",
            detainee=DetaineeFactory(prison=prison, unit=unit, first_name=first, last_name=last),
        )
        for first, last in [("Karim", "Benali"), ("Jan", "Peeters"), ("Luc", "Dubois")]
    ]
    return Group(prison, unit, room, edition, facilitator, partner, people)


@pytest.fixture
def day(clock):
    """Two days after suite now (asks for the suite's clock, so it is read after the travel)."""
    return timezone.localdate() + dt.timedelta(days=2)


@pytest.fixture
def busy_day(group, day, service):
    """Two units; the theatre workshop at 14:00 and a French class at 9:00 in another room; one cancelled session."""
    second_unit = UnitFactory(prison=group.prison, code="b2", name_fr="Aile B2", name_nl="Vleugel B2")
    classroom = RoomFactory(prison=group.prison, name="Classe 1")
    french = EditionFactory(
        activity=ActivityFactory(organiser=service, title_fr="Français langue étrangère", title_nl="Frans"),
        prison=group.prison,
        room=classroom,
        units=[group.unit, second_unit],
    )
    ApplicationFactory(
        edition=french,
        status="active",
        detainee=DetaineeFactory(prison=group.prison, unit=second_unit, first_name="Omar", last_name="Haddad"),
    )
    ApplicationFactory(edition=french, status="confirmed", detainee=group.people[0].detainee)
    ApplicationFactory(
        edition=french,
        status="waiting_list",
        detainee=DetaineeFactory(prison=group.prison, unit=second_unit, first_name="Not", last_name="Coming"),
    )
    theatre = SessionFactory(edition=group.edition, starts_at=aware(day, dt.time(14, 0)))
    SessionFactory(edition=french, starts_at=aware(day, dt.time(9, 0)))
    SessionFactory(edition=french, starts_at=aware(day, dt.time(16, 30)), status=SessionStatus.CANCELLED)
    SessionFactory(edition=group.edition, starts_at=aware(day + dt.timedelta(days=1), dt.time(14, 0)))
    return {"second_unit": second_unit, "theatre": theatre}
