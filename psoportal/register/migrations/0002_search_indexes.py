"""Trigram indexes for the register's name and place search on PostgreSQL.

The name search is a substring test on Certificate.search_name (the names folded when the
certificate was written); the place search asks `UPPER(city) LIKE UPPER('%text%')` (Django's
icontains). A GIN index of trigrams on the same expressions lets a selective search answer
from the index instead of a scan of every certificate. SQLite (the embedded development database) has no such index and keeps the scan.
Creating the pg_trgm extension needs a role allowed to create extensions (on managed
PostgreSQL: enable it once by hand if the migration role may not).
"""

from django.db import migrations

INDEXES = (
    ("register_certificate_name_trgm", "certification_certificate", '"search_name"'),
    ("register_certificate_city_trgm", "certification_certificate", 'UPPER("city"::text)'),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0001_register_import"),
        ("certification", "0007_certificate_search_name"),
    ]

    operations = [migrations.RunPython(create, drop)]
