"""The shared cache's table (production settings: DatabaseCache in `django_cache`).

Made by `migrate`, so no deployment can forget a separate `createcachetable` step: a missing
table would turn every page that reads the cache (the register's search form) into a 500.
Development and tests keep their in-process cache and simply carry the unused table.
"""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "django_cache"


def create(apps, schema_editor):
    # With a table name, createcachetable makes it whatever CACHES says (and skips it when it
    # exists already, e.g. made by hand before this migration).
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias,
                 verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_event")]

    operations = [migrations.RunPython(create, drop)]
