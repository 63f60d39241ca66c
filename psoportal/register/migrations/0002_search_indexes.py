"""Trigram indexes for the register's name and place search on PostgreSQL.

The search asks `UPPER(name) LIKE UPPER('%text%')` (Django's icontains); without an index that
is a scan of every certificate and every KvK scope row per request, 60 ms at 20,000
certificates. A GIN index of trigrams on the same UPPER(...) expression answers it from the
index. SQLite (the embedded development database) has no such index and keeps the scan.
Creating the pg_trgm extension needs a role allowed to create extensions (on managed
PostgreSQL: enable it once by hand if the migration role may not).
"""

from django.db import migrations

INDEXES = (
    ("register_certificate_name_trgm", "certification_certificate", "organisation_name"),
    ("register_certificate_city_trgm", "certification_certificate", "city"),
    ("register_scope_name_trgm", "certification_certificatescope", "name"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0001_register_import"),
        ("certification", "0006_register_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
