"""A GIN index for the catalogue's full-text search (PostgreSQL only; SQLite searches word by word).

The indexed expression must stay exactly the one ``selectors.search_activities`` builds from
``SEARCHABLE_FIELDS`` (SearchVector with the "simple" configuration), or PostgreSQL will not
use it; ``tests/test_query_budgets.py`` checks that it does.
"""

from django.db import migrations

FIELDS = [f"{name}_{code}" for name in ("title", "summary", "description") for code in ("fr", "nl", "en")]
EXPRESSION = " || ' ' || ".join(f"COALESCE({field}, '')" for field in FIELDS)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS activity_search_simple ON catalogue_activity "
            f"USING gin (to_tsvector('simple'::regconfig, {EXPRESSION}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS activity_search_simple")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
