"""Settings for development, read from the environment.

Production (`psoportal.settings_production`) and tests (`psoportal.settings_test`) start from
this module and tighten or speed it up. Defaults here are safe for a laptop: SQLite under
`var/`, e-mail to files under `var/mail/`.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from psoportal.core.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("PSO_VAR_DIR", str(BASE_DIR / "var")))

# Development-only fallback; production refuses to start without SECRET_KEY.
SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key-never-use-in-production-4b1f9e")
DEBUG = envbool("DEBUG", True)
# seed_demo publishes a fixed TOTP seed; production settings switch it off.
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "csp",
    # django-ninja: the open API (register/api); listed so Swagger UI comes from our static files.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "psoportal.core",
    "psoportal.accounts",
    "psoportal.organisations",
    "psoportal.assessments",
    "psoportal.certification",
    "psoportal.schedule",
    "psoportal.billing",
    "psoportal.register",
    "psoportal.buyers",
    "psoportal.handbooks",
    "psoportal.news",
    "psoportal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/ only: drops cookies before the session is read, API-Version, CORS, problem+json.
    "psoportal.register.api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "psoportal.core.middleware.DutchUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Deny by default: anonymous visitors only reach views marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "psoportal.accounts.middleware.SessionLifetimeMiddleware",
    "psoportal.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "psoportal.urls"
WSGI_APPLICATION = "psoportal.wsgi.application"

# Form widgets render through templates/django/forms/widgets/, so they carry
# NL Design System classes.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "psoportal.core.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        # A kept connection (DB_CONN_MAX_AGE > 0) is checked before reuse: see
        # settings_production.py.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "mijnpso:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# A reset link is valid for one hour; it is void after any later login or password change
# because Django's token hashes last_login and the password hash.
PASSWORD_RESET_TIMEOUT = 3600

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "psoportal.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "psoportal.accounts.passwords.ContextWordValidator"},
    {"NAME": "psoportal.accounts.passwords.BreachedPasswordValidator"},
]

# Breached-password check (HIBP k-anonymity). Development and tests use an offline list.
PASSWORD_BREACH_CHECKER = envstr(
    "PASSWORD_BREACH_CHECKER", "psoportal.accounts.breach.OfflineBreachChecker"
)
# KvK lookup adapter; the offline one only checks the format.
KVK_LOOKUP_BACKEND = envstr("KVK_LOOKUP_BACKEND", "psoportal.organisations.kvk.OfflineKvkLookup")
KVK_API_KEY = envstr("KVK_API_KEY")

# Fernet key (urlsafe base64, 32 bytes) that encrypts TOTP seeds at rest. Outside production an
# empty value falls back to a key derived from SECRET_KEY; production requires it.
FIELD_ENCRYPTION_KEY = envstr("FIELD_ENCRYPTION_KEY")
# The open API (/api/v1/): its rate limits per client address (docs/rate-limits.md) can be
# switched off for a load test only; the address its OpenAPI document names for questions.
API_RATE_LIMITED = envbool("API_RATE_LIMITED", True)
API_CONTACT_EMAIL = envstr("API_CONTACT_EMAIL", "api@pso-portaal.local")
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 = use REMOTE_ADDR.
TRUSTED_PROXY_HOPS = envint("TRUSTED_PROXY_HOPS", 0)

# Sessions: idle and absolute lifetimes, enforced by SessionLifetimeMiddleware (seconds).
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SUDO_MODE_SECONDS = 30 * 60

# Version of the terms of use (Gebruiksvoorwaarden) a new account accepts.
TERMS_VERSION = "2025-1"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (d-m-Y), psoportal/core/formats/<lang>/formats.py
FORMAT_MODULE_PATH = ["psoportal.core.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "pso_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # FileSystemStorage that removes a half-written upload when the disk is full.
    "default": {"BACKEND": "psoportal.core.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded audit reports and quotes: outside the web root, served only through a view that
# checks the party (security: uploads are never served as static files).
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "MijnPSO <noreply@pso-portaal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# django-csp 4: everything from our own origin, nothing inline, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO; only its problems are news.
    "loggers": {"django.server": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# PSO-Nederland as the sender of its invoices (billing). Placeholders until the real account is
# configured in the environment; the invoice PDF prints them as they are.
BILLING_SENDER_NAME = envstr("PSO_BILLING_SENDER_NAME", "Stichting PSO-Nederland")
BILLING_SENDER_ADDRESS = envstr("PSO_BILLING_SENDER_ADDRESS", "Postbus 0000, 0000 AA Plaats")
BILLING_SENDER_KVK = envstr("PSO_BILLING_SENDER_KVK", "00000000")
BILLING_SENDER_VAT_NUMBER = envstr("PSO_BILLING_SENDER_VAT_NUMBER", "NL000000000B00")
BILLING_IBAN = envstr("PSO_BILLING_IBAN", "NL00 BANK 0000 0000 00")
