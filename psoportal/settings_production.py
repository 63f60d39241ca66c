"""Production settings: refuse to start without secrets, and harden transport and cookies."""

from __future__ import annotations

import dj_database_url

from psoportal.core.lib.env import envbool, envint, envlist, envsecret, envstr
from psoportal.settings import *  # noqa: F403

DEBUG = False
DEMO_DATA_ALLOWED = False
SECRET_KEY = envsecret("SECRET_KEY")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS must be set (comma-separated host names)")
# Links in e-mail (verification, password reset, invitations) are built from SITE_URL; the
# development default would send people to 127.0.0.1, so production cannot start without it.
SITE_URL = envsecret("SITE_URL").rstrip("/")
if not SITE_URL.startswith("https://"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SITE_URL must be the https:// address of the portal")
# Persistent connections (CONN_MAX_AGE) are checked before a request reuses them: after a
# PostgreSQL restart or failover each worker's kept connection is dead, and without the check
# the first request of every worker afterwards fails with a 500 (tests/faults/
# test_database_restart.py). The check is one round trip per request, only on a kept connection.
DATABASES = {
    "default": dj_database_url.parse(
        envsecret("DATABASE_URL"), conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# One cache for every application server: Django's default (LocMemCache) lives in one
# process, so each gunicorn worker on each machine would keep its own copy. The database cache
# is shared by all of them and needs nothing besides PostgreSQL; `migrate` makes its table
# (core/migrations/0002_cache_table.py; docs/deploy.md).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

STORAGES = {
    # FileSystemStorage that removes a half-written upload when the disk is full.
    "default": {"BACKEND": "psoportal.core.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TOTP seeds are encrypted with a key that lives outside the database.
FIELD_ENCRYPTION_KEY = envsecret("FIELD_ENCRYPTION_KEY")
PASSWORD_BREACH_CHECKER = envstr(
    "PASSWORD_BREACH_CHECKER", "psoportal.accounts.breach.HibpBreachChecker"
)

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# __Host- cookies cannot be set for another domain or over plain HTTP.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
