"""On PostgreSQL the audit trail is append-only: a trigger refuses UPDATE and DELETE on it.

Only the retention purge (``audit_trail_purge``) may delete, after setting the transaction-local
``concerto.audit_trail_rewrite`` to 'on' (``privacy.services.audit_trail_rewrite_allowed``); it
never updates. Nothing rewrites an entry: the trail holds no detainee's personal data, so the
anonymiser has nothing to blank in it. TRUNCATE is left to the table's owner, as for the access
log (migration 0006; docs/operations.md). SQLite (development) has no such guard.
"""

from django.db import migrations

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION privacy_audit_trail_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('concerto.audit_trail_rewrite', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only the retention purge deletes from it.';
END
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER privacy_audit_trail_append_only
    BEFORE UPDATE OR DELETE ON privacy_auditentry
    FOR EACH ROW EXECUTE FUNCTION privacy_audit_trail_append_only();
"""


def trigger_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the function's RAISE uses '%', which a driver would read as a placeholder.
        schema_editor.execute(TRIGGER_FUNCTION, params=None)
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_audit_trail_append_only ON privacy_auditentry")
        schema_editor.execute(TRIGGER)


def trigger_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_audit_trail_append_only ON privacy_auditentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS privacy_audit_trail_append_only()")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_audit_trail")]

    operations = [migrations.RunPython(trigger_create, trigger_drop)]
