"""Cairn's one settings module, configured only by environment variables.

Defaults are safe for production: DEBUG is off, SECRET_KEY is required, ALLOWED_HOSTS is
explicit, cookies are secure and HSTS is sent when served over HTTPS. ``make run`` and the test
suite set their development values explicitly (Makefile; cairn/testing/env.py). The variables
are listed in the README.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from cairn.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
    env_timezone,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("CAIRN_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG)
if SECRET_KEY is None:
    # Only reachable with DEBUG on: a per-checkout key that never protects real data.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Served over HTTPS (behind a TLS proxy, say): secure cookies, HSTS, redirect to https.
HTTPS = env_bool("CAIRN_HTTPS", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("CAIRN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "cairn.core",
    "cairn.audit",
    "cairn.accounts",
    "cairn.worklist",
    "cairn.clients",
    "cairn.admissions",
    "cairn.scheduling",
    "cairn.attendance",
    "cairn.assessments",
    "cairn.plans",
    "cairn.notes",
    "cairn.medications",
    "cairn.consents",
    "cairn.portal",
    "cairn.homework",
    "cairn.fhir",
    "cairn.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cairn.accounts.middleware.IdleLogoutMiddleware",
    "cairn.core.middleware.ProgramTimezoneMiddleware",
    "cairn.portal.middleware.PortalLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cairn.urls"
WSGI_APPLICATION = "cairn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cairn.core.context_processors.cairn",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cairn.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if not Path(DATABASES["default"]["NAME"]).is_absolute():
        DATABASES["default"]["NAME"] = str(BASE_DIR / DATABASES["default"]["NAME"])
    # IMMEDIATE takes the write lock when a transaction starts, so the audit chain's
    # read-last-then-append cannot interleave between threads (audit/chain.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not shared-cache memory: browser tests read and write from the live server's
    # threads too, and shared-cache SQLite answers "table is locked" instead of waiting.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing speed only: tests never hold real credentials (STYLE.md, convention 6).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Security baseline (DOMAIN.md): automatic logoff, lockout, multi-factor authentication.
IDLE_TIMEOUT_MINUTES = env_int("CAIRN_IDLE_TIMEOUT_MINUTES", 15, minimum=2)
MFA_REQUIRED = env_bool("CAIRN_MFA_REQUIRED", True)
BREAK_GLASS_HOURS = env_int("CAIRN_BREAK_GLASS_HOURS", 4, minimum=1)
AXES_FAILURE_LIMIT = env_int("CAIRN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CAIRN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Cairn"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "cairn" / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the program's time zone (DESIGN.md principle 7).
TIME_ZONE = env_timezone("CAIRN_TIME_ZONE", "America/New_York")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages copied from npm by the Makefile (never committed, never from a CDN).
STATICFILES_DIRS = [BASE_DIR / "cairn" / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("CAIRN_MEDIA_ROOT", str(VAR_DIR / "media")))

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cairn@localhost")

TASK_BACKEND = env_choice(
    "CAIRN_TASKS", "immediate" if TESTING else "database", ("database", "immediate")
)
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASK_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# The FHIR API's OAuth2 server (cairn/fhir): client credentials only, SMART v2 system scopes
# checked per registered client (cairn.fhir.scopes.SmartScopes).
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "cairn.fhir.scopes.SmartScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("CAIRN_FHIR_TOKEN_SECONDS", 3600),
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # migrations resolve it
CAIRN_FHIR_EXPORT_DIR = Path(env_str("CAIRN_FHIR_EXPORT_DIR", str(VAR_DIR / "fhir-export")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CAIRN_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
FORM_RENDERER = "cairn.core.forms.CairnRenderer"

# Lockout is per account on purpose (AXES_LOCKOUT_PARAMETERS above): a credential-stuffing
# attack from many addresses still locks the account. axes.W006 warns about the opposite case.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
