import json
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


PRODUCTION_REQUESTS = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
from django.test.utils import setup_test_environment

setup_test_environment()
# collectstatic has not run here; serve static names unhashed so pages render.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from psoportal.accounts.models import User
from django.utils import timezone
User.objects.create_user(email="bo@pso-nederland.example", password="een lange zin als wachtwoord",
                         email_verified_at=timezone.now())
client = Client(HTTP_HOST="pso.example")
plain = client.get("/account/inloggen/")
https = client.get("/account/inloggen/", secure=True, HTTP_X_FORWARDED_PROTO="https")
login = client.post("/account/inloggen/", {"email": "bo@pso-nederland.example",
                    "password": "een lange zin als wachtwoord"},
                    secure=True, HTTP_X_FORWARDED_PROTO="https")
missing = client.get("/bestaat-niet/", secure=True, HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": https.get("Strict-Transport-Security"),
    "cookies": {name: morsel.output(header="") for name, morsel in
                {**https.cookies, **login.cookies}.items()},
    "login": [login.status_code, login.get("Location")],
    "missing": [missing.status_code, "Traceback" in missing.content.decode()],
}))
"""


def test_production_redirects_to_https_and_sends_hsts_and_host_prefixed_secure_cookies():
    result = subprocess.run(  # noqa: S603 (runs our own constant script)
        [sys.executable, "-W", "ignore", "-c", PRODUCTION_REQUESTS],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "psoportal.settings_production",
             "SECRET_KEY": "x" * 60, "DATABASE_URL": "sqlite:///:memory:",
             "ALLOWED_HOSTS": "pso.example", "FIELD_ENCRYPTION_KEY": FERNET_KEY,
             "SITE_URL": "https://pso.example"},
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["plain"] == [301, "https://pso.example/account/inloggen/"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    # A __Host- cookie is only accepted by browsers when Secure, on Path=/ and without Domain.
    csrf = seen["cookies"]["__Host-csrftoken"]
    assert "; Secure" in csrf and "; Path=/" in csrf and "Domain=" not in csrf
    assert seen["login"] == [302, "/account/tweestapsverificatie/"]
    session = seen["cookies"]["__Host-sessionid"]
    assert "; Secure" in session and "; HttpOnly" in session and "; Path=/" in session
    assert seen["missing"] == [404, False]


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
