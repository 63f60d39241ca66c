"""Test settings: fast hashing, in-memory mail and cache, SQLite unless DATABASE_URL is set."""

from __future__ import annotations

import tempfile
from pathlib import Path

from psoportal.settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Uploads of a test run go to a throwaway directory, never into var/.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pso-private-"))
HANDBOOK_REGISTRY_SECONDS = 24 * 3600  # handbooks/registry.py: reset explicitly in tests
