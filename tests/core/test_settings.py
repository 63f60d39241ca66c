import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from psoportal.core.lib import env

ROOT = Path(__file__).resolve().parents[2]
FERNET_KEY = "a" * 43 + "="  # a syntactically valid Fernet key, for import tests only


def _import_production(**environ: str) -> subprocess.CompletedProcess:
    required = {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "FIELD_ENCRYPTION_KEY", "SITE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in required}
    return subprocess.run(
        [sys.executable, "-c", "import psoportal.settings_production"],
        cwd=ROOT, env={**clean, **environ}, capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "FIELD_ENCRYPTION_KEY", "SITE_URL"]
)
def test_production_refuses_to_start_without_a_required_setting(missing):
    environ = {
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://pso@db/pso",
        "ALLOWED_HOSTS": "pso.example",
        "FIELD_ENCRYPTION_KEY": FERNET_KEY,
        "SITE_URL": "https://pso.example",
    }
    del environ[missing]
    result = _import_production(**environ)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_starts_with_all_required_settings():
    result = _import_production(
        SECRET_KEY="x" * 60, DATABASE_URL="postgres://pso@db/pso", ALLOWED_HOSTS="pso.example",
        FIELD_ENCRYPTION_KEY=FERNET_KEY, SITE_URL="https://pso.example",
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_a_site_url_without_https():
    result = _import_production(
        SECRET_KEY="x" * 60, DATABASE_URL="postgres://pso@db/pso", ALLOWED_HOSTS="pso.example",
        FIELD_ENCRYPTION_KEY=FERNET_KEY, SITE_URL="http://pso.example",
    )
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_uses_host_prefixed_secure_cookies():
    result = subprocess.run(
        [sys.executable, "-c",
         "import psoportal.settings_production as s;"
         "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
         " s.SECURE_HSTS_SECONDS, s.DEBUG)"],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://pso@db/pso",
             "ALLOWED_HOSTS": "pso.example", "FIELD_ENCRYPTION_KEY": FERNET_KEY,
             "SITE_URL": "https://pso.example"},
    )
    assert result.stdout.split() == [
        "__Host-sessionid", "__Host-csrftoken", "True", "31536000", "False"
    ]


def test_envbool_rejects_a_value_that_is_not_a_boolean(monkeypatch):
    monkeypatch.setenv("PSO_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="PSO_FLAG"):
        env.envbool("PSO_FLAG")


def test_envint_rejects_a_value_that_is_not_an_integer(monkeypatch):
    monkeypatch.setenv("PSO_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="PSO_NUMBER"):
        env.envint("PSO_NUMBER", 1)


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("PSO_SECRET", raising=False)
    monkeypatch.setenv("PSO_SECRET_FILE", str(secret))
    assert env.envsecret("PSO_SECRET") == "from-a-file"


def test_envlist_splits_on_commas(monkeypatch):
    monkeypatch.setenv("PSO_HOSTS", "a.example, b.example,,")
    assert env.envlist("PSO_HOSTS") == ["a.example", "b.example"]
