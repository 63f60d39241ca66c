"""The production settings, with one change: static files are served from the source
directories instead of a collected, compressed manifest. `collectstatic` with WhiteNoise's
compression takes about a minute on this machine and no fault here concerns static files;
everything else (DEBUG off, persistent database connections, secure cookies behind a TLS
proxy, SMTP, the file storages) is exactly what `make serve` runs."""

from psoportal.settings_production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
