"""Many simultaneous confirmations at the last places of an edition: never one too many, on PostgreSQL.

A confirmation reads the places taken, then writes. Without the row lock on the edition,
simultaneous requests would all read "free" and all confirm. SQLite serialises writers anyway,
so this runs only on PostgreSQL, where CI runs it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from concerto.detainees.models import Detainee
from concerto.registrations import selectors, services
from concerto.registrations.models import Application, ApplicationStatus
from conftest import make_actor

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]

CAPACITY = 50
FREE = 10
CONTENDERS = 200
THREADS = 40  # each one its own database connection; they all start together


def _people(edition, unit, count, status, first):
    detainees = Detainee.objects.bulk_create(
        Detainee(
            prison_id=edition.prison_id,
            unit=unit,
            prison_number=f"{first + n:06d}",
            first_name=f"P{first + n}",
            last_name=f"N{first + n}",
            legal_status="accused",
            gender="man",
        )
        for n in range(count)
    )
    return Application.objects.bulk_create(
        Application(edition=edition, detainee=d, status=status, source="paper", applied_on=dt.date(2026, 11, 2))
        for d in detainees
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirmations_never_exceed_the_capacity(edition, unit, manager):
    edition.capacity = CAPACITY
    edition.save()
    _people(edition, unit, CAPACITY - FREE, ApplicationStatus.CONFIRMED, first=100000)
    contenders = [a.pk for a in _people(edition, unit, CONTENDERS, ApplicationStatus.ACCEPTED, first=200000)]
    actor = make_actor(manager)
    barrier = threading.Barrier(THREADS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def confirm(application_ids: list[int]) -> None:
        results = []
        try:
            with translation.override("en"):
                barrier.wait(timeout=30)
                for pk in application_ids:
                    try:
                        services.application_move(
                            actor=actor, application=Application(pk=pk), to_status=ApplicationStatus.CONFIRMED
                        )
                        results.append("confirmed")
                    except ValidationError as error:
                        full = error.messages[0].startswith(f"No place left: {CAPACITY} of {CAPACITY} taken")
                        results.append("full" if full else f"other refusal: {error.messages}")
                    except Exception as error:  # noqa: BLE001 - any other outcome is a failure to report
                        results.append(f"error: {error!r}")
        finally:
            connections.close_all()
        with lock:
            outcomes.update(results)

    chunks = [contenders[i::THREADS] for i in range(THREADS)]
    threads = [threading.Thread(target=confirm, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == Counter({"confirmed": FREE, "full": CONTENDERS - FREE})
    assert selectors.edition_places(edition) == (CAPACITY, CAPACITY, 0)
    assert Application.objects.filter(edition=edition, status=ApplicationStatus.CONFIRMED).count() == CAPACITY
