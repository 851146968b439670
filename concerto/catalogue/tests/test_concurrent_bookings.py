"""Two services booking the same room at the same time: exactly one wins, on PostgreSQL.

The booking check reads then writes; without the row lock on the room, both requests
could read "free" and both write. SQLite serialises writers anyway, so this runs only on
PostgreSQL, where CI runs it.
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from concerto.accounts.models import Role
from concerto.catalogue import services
from concerto.catalogue.models import Session
from concerto.prisons.models import Unit
from concerto.testing.factories import ActivityFactory, OrganisationFactory, RoomFactory, UnitFactory
from conftest import make_actor

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]

ATTEMPTS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_of_one_room_let_exactly_one_through(member, prison):
    room = RoomFactory(prison=prison, name="Salle polyvalente", capacity=20)
    unit = UnitFactory(prison=prison, code="remand", gender=Unit.Gender.MEN)
    contenders = []
    for index in range(ATTEMPTS):
        organisation = OrganisationFactory(name=f"Service {index}")
        actor = make_actor(member(Role.SERVICE_WORKER, organisation))
        contenders.append((actor, ActivityFactory(organiser=organisation)))
    data = services.EditionData(
        prison=prison,
        units=[unit],
        room=room,
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 1, 29),
        capacity=10,
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        session_starts_at=dt.time(14, 0),
        session_ends_at=dt.time(16, 0),
    )
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(actor, activity):
        try:
            barrier.wait()
            services.edition_create(actor=actor, activity=activity, data=data)
            result = "booked"
        except ValidationError:
            result = "refused"
        except Exception as error:  # noqa: BLE001 - any other outcome is a failure to report
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=contender) for contender in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["booked"] + ["refused"] * (ATTEMPTS - 1)
    assert Session.objects.filter(room=room).count() == 4
