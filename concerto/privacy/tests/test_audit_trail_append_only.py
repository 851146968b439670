"""On PostgreSQL the audit trail is append-only: UPDATE and DELETE are refused by a trigger, except
the retention purge's deletes (migration 0008, ``services.audit_trail_purge``). SQLite, for
development, has no such guard, so these run on PostgreSQL only, where CI runs them.

As for the access log (``test_append_only.py``), the suite builds its database without migrations,
so the ``trigger`` fixture installs the trigger with the migration's own function.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from concerto.privacy import services
from concerto.privacy.models import AuditEntry, AuditKind

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"),
    pytest.mark.django_db,
    pytest.mark.usefixtures("trigger"),
]
MIGRATION = importlib.import_module("concerto.privacy.migrations.0008_audit_trail_append_only")


@pytest.fixture
def trigger():
    with connection.schema_editor(atomic=False) as editor:
        MIGRATION.trigger_create(None, editor)


@pytest.fixture
def entry(worker):
    return services.audit_record(actor=worker, kind=AuditKind.API_TOKEN_CREATED, target="script (abc1…)")


def test_changing_an_entry_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_username="someone-else")
    entry.refresh_from_db()
    assert entry.actor_username == "worker"


def test_deleting_an_entry_is_refused_even_in_raw_sql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_retention_purge_still_deletes_old_entries_and_the_guard_comes_back_after(worker, clock, settings):
    settings.CONCERTO_AUDIT_TRAIL_YEARS = 10
    clock.shift(-dt.timedelta(days=11 * 366))
    services.audit_record(actor=worker, kind=AuditKind.EXPORT, target="old")
    clock.shift(dt.timedelta(days=11 * 366))
    kept = services.audit_record(actor=worker, kind=AuditKind.EXPORT, target="kept")

    assert services.audit_trail_purge() == 1
    assert list(AuditEntry.objects.values_list("target", flat=True)) == ["kept"]
    # Same outer transaction (the test's), after the purge: refused again, and never an update.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=kept.pk).delete()


def test_even_the_purge_may_not_rewrite_an_entry(entry):
    def rewrite_with_the_purges_permission() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [services.AUDIT_REWRITE_SETTING])
            cursor.execute("UPDATE privacy_auditentry SET target = 'changed' WHERE id = %s", [entry.pk])

    with pytest.raises(DatabaseError, match="append-only"):
        rewrite_with_the_purges_permission()
    entry.refresh_from_db()
    assert entry.target == "script (abc1…)"
