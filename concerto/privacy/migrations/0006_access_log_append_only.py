"""On PostgreSQL the access log is append-only: a trigger refuses UPDATE and DELETE on it.

Only the two writers that must rewrite it may: the retention purge (``access_log_purge``) and the
anonymiser, which set the transaction-local ``concerto.access_log_rewrite`` to 'on' first
(``privacy.services.access_log_rewrite_allowed``). TRUNCATE is left to the table's owner (the
test runner flushes with it); the application's database role should not own the table in
production (see docs/operations.md). SQLite (development) has no such guard.
"""

from django.db import migrations

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION privacy_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('concerto.access_log_rewrite', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only the retention purge and the anonymiser rewrite it.';
END
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER privacy_access_log_append_only
    BEFORE UPDATE OR DELETE ON privacy_personaldataaccess
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_append_only();
"""


def trigger_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the function's RAISE uses '%', which a driver would read as a placeholder.
        schema_editor.execute(TRIGGER_FUNCTION, params=None)
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_access_log_append_only ON privacy_personaldataaccess")
        schema_editor.execute(TRIGGER)


def trigger_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_access_log_append_only ON privacy_personaldataaccess")
        schema_editor.execute("DROP FUNCTION IF EXISTS privacy_access_log_append_only()")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0005_subject_requests_and_disclosure")]

    operations = [migrations.RunPython(trigger_create, trigger_drop)]
