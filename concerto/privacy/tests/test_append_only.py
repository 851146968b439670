"""On PostgreSQL the access log is append-only: UPDATE and DELETE are refused by a trigger, except
for the retention purge and the anonymiser (migration 0006, ``services.access_log_rewrite_allowed``).
SQLite, for development, has no such guard, so these run on PostgreSQL only, where CI runs them.

The suite builds its database without migrations (``--no-migrations``), so the ``trigger`` fixture
installs the trigger with the migration's own function, inside the test's transaction.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.privacy import selectors, services
from concerto.privacy.models import AccessAction, AccessPurpose, PersonalDataAccess
from concerto.testing.factories import DetaineeFactory, OrganisationFactory
from conftest import make_actor

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"),
    pytest.mark.django_db,
    pytest.mark.usefixtures("trigger"),
]
MIGRATION = importlib.import_module("concerto.privacy.migrations.0006_access_log_append_only")


@pytest.fixture
def trigger():
    with connection.schema_editor(atomic=False) as editor:
        MIGRATION.trigger_create(None, editor)


@pytest.fixture
def entry(worker, prison):
    person = DetaineeFactory(prison=prison)
    services.access_log(
        actor=make_actor(worker),
        action=AccessAction.VIEW,
        purpose=AccessPurpose.REGISTRATION,
        subject=person,
        detail="session 12",
    )
    return PersonalDataAccess.objects.get(subject_id=person.pk)


def test_changing_an_entry_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PersonalDataAccess.objects.filter(pk=entry.pk).update(purpose=AccessPurpose.ATTENDANCE)
    entry.refresh_from_db()
    assert entry.purpose == AccessPurpose.REGISTRATION


def test_deleting_an_entry_is_refused_even_in_raw_sql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_personaldataaccess WHERE id = %s", [entry.pk])
    assert PersonalDataAccess.objects.filter(pk=entry.pk).exists()


def test_the_retention_purge_still_deletes_old_entries(worker, prison, clock, settings):
    settings.CONCERTO_ACCESS_LOG_MONTHS = 36
    person = DetaineeFactory(prison=prison)
    clock.shift(-dt.timedelta(days=40 * 31))
    services.access_log(actor=make_actor(worker), action="view", purpose="registration", subject=person)
    clock.shift(dt.timedelta(days=40 * 31))
    services.access_log(actor=make_actor(worker), action="view", purpose="registration", subject=person)

    assert services.access_log_purge() == 1
    assert PersonalDataAccess.objects.about(person.pk).count() == 1


def test_the_anonymiser_blanks_the_details_and_the_guard_comes_back_after(entry, member):
    officer = member(Role.PRIVACY_OFFICER, OrganisationFactory(kind=Organisation.Kind.COORDINATION_BODY))
    actor = make_actor(officer)
    subject = selectors.subject_get(actor=actor, pk=entry.subject_id)

    services.subject_erase(actor=actor, subject=subject, reason="art. 17.1.a")

    entry.refresh_from_db()
    assert entry.detail == ""
    # Same outer transaction (the test's), after the anonymiser's block: refused again.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PersonalDataAccess.objects.filter(pk=entry.pk).update(detail="again")
