"""A small world for attendance tests: an edition of APO with a partner facilitator and participants."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from concerto.accounts.models import Role, User
from concerto.catalogue.models import Edition
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
