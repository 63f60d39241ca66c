"""Production keeps its cache where every application server sees it (docs/deploy.md).

Django's default cache lives in one process's memory: with several gunicorn workers on
several machines, each would keep a copy of its own. Production uses the database cache.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from psoportal.register.selectors import register_institutions
from tests.register.factories import certificate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def production_caches() -> dict:
    """CACHES as psoportal.settings_production builds it from a production environment."""
    environ = {
        **os.environ, "SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://pso@db/pso",
        "ALLOWED_HOSTS": "pso.example", "FIELD_ENCRYPTION_KEY": "a" * 43 + "=",
        "SITE_URL": "https://pso.example",
        "DJANGO_SETTINGS_MODULE": "psoportal.settings_production",
    }
    result = subprocess.run(
        [sys.executable, "-c",
         "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"],
        cwd=ROOT, env=environ, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def test_production_caches_in_the_database_that_every_server_shares(production_caches):
    assert production_caches["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}


@pytest.mark.django_db
def test_the_registers_institution_list_is_kept_in_the_shared_cache_table(production_caches):
    """`migrate` made the table (no separate createcachetable step to forget)."""
    certificate(institution="Keurmerk Certificering B.V.")
    with override_settings(CACHES=production_caches):
        assert register_institutions() == ["Keurmerk Certificering B.V."]
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM django_cache")
            keys = [row[0] for row in cursor.fetchall()]
    assert any("register:institutions:" in key for key in keys)
