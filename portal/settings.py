"""Settings for the portal, read from the environment.

Every value has an embedded default that runs on one machine with no server to install
(SQLite in WAL mode, a file-system Celery broker, e-mail written to files, local media).
Production switches each piece by environment variable alone; see .env.example.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


# Debug pages list settings and posted data: only an explicit DEBUG=true turns them on.
DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)

# Where the embedded defaults keep their files (database, broker queue, mail, media, keys).
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))


def secret_key_kept_in(folder: Path) -> str:
    """The key stored in `folder`, made on first use. Written to a temporary file and linked
    into place, so processes starting together agree on one key."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        draft = folder / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # fails if another process got there first; theirs wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} holds no usable secret key; delete it to make one.")
    return key


# SECRET_KEY signs sessions and links; without one the portal keeps its own under VAR_DIR.
# Several machines serving one portal must share one SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or secret_key_kept_in(VAR_DIR)

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_IS_HTTPS = SITE_URL.startswith("https://")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    ",".join(["127.0.0.1", "localhost", "testserver", urlsplit(SITE_URL).hostname or "localhost"]),
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "portal",
    "portal.accounts",
    "portal.audit",
    "portal.api",
    "portal.notifications",
    "accommodations",
    "letters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.SecondFactorRequired",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.no_store",
    # Last, so it sees the answer a view gave: writes the reads the access rule noted.
    "portal.audit.middleware.record_reads",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "portal.rendering.PortalFormRenderer"

# Database: SQLite in WAL mode unless DATABASE_URL names another engine.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for the portal's short indexed queries. JIT compiling costs more than
    # running them. The default random_page_cost (4) models spinning disks; at 1.1 (SSD or
    # cached data) the planner looks students up by key instead of scanning the table, which
    # halves the student list's time in the database. Override with PG_SESSION_OPTIONS.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = env_str("PG_SESSION_OPTIONS", "-c jit=off -c random_page_cost=1.1")
    if env_bool("DB_PREPARED_STATEMENTS", True):
        # Parameters bound by the server let psycopg prepare a query once it has run five times
        # on a connection; PostgreSQL then skips parsing and planning it, which halves its
        # work per API request. Turn off behind a PgBouncer in transaction mode before 1.21.
        _pg_options.update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sign-in (django-allauth): e-mail and password, verified addresses, no open sign-up.
ACCOUNT_ADAPTER = "portal.accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pain team school portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
INVITATION_LIFETIME_DAYS = env_int("INVITATION_LIFETIME_DAYS", 7)

# Second factors (allauth.mfa): an authenticator app (TOTP) with recovery codes, and security
# keys or passkeys (WebAuthn) where the browser offers them; a passkey can also sign in alone.
# Clinic staff and clinic administrators must set one up (portal.middleware.SecondFactorRequired).
# WebAuthn needs https, or http://localhost in development.
MFA_ADAPTER = "portal.accounts.adapters.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {"add_webauthn": "portal.accounts.forms.AddSecurityKeyForm"}
MFA_TOTP_ISSUER = "Pain team school portal"
# One 30-second step either side: phone clocks drift.
MFA_TOTP_TOLERANCE = 1

# The audit log raises an alert for its clinic administrators when, within the window, one
# person is refused this many student look-ups, or one account meets this many failed sign-ins.
AUDIT_BURST_WINDOW_MINUTES = env_int("AUDIT_BURST_WINDOW_MINUTES", 10)
AUDIT_REFUSALS_BURST = env_int("AUDIT_REFUSALS_BURST", 10)
AUDIT_SIGN_IN_FAILURES_BURST = env_int("AUDIT_SIGN_IN_FAILURES_BURST", 5)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# `manage.py serve` collects into it; made here so WhiteNoise finds it before the first collect.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Stored files (signed letters, signature images, logos) are private: no route serves them and
# they live outside every served folder. Each leaves the portal only through a view that applies
# the access rule and writes the audit log. In production FILE_STORAGE=s3 keeps them as private
# objects in an S3-compatible bucket (django-storages), never published at a public address.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "private")))
FILE_STORAGE = env_str("FILE_STORAGE", "local")
if FILE_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
            "object_parameters": {"ServerSideEncryption": "AES256"}
            if env_bool("S3_SERVER_SIDE_ENCRYPTION", True)
            else {},
        },
    }
elif FILE_STORAGE == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be local or s3, not {FILE_STORAGE!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Cache: shared between processes (rate limits); Redis in production.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# E-mail: files a person can open under var/mail unless an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_FILE_PATH = VAR_DIR / "mail"
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Pain team school portal <no-reply@portal.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a broker that needs no server by default; Redis or RabbitMQ by CELERY_BROKER_URL.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        # Local files are cheap to poll; the default second between polls delays every task.
        "polling_interval": 0.2,
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Longer than the longest task, so a slow task is not handed to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Signed letters: the clinic's PKCS#12 certificate; without it a development certificate is made
# on first use under LETTERS_DEV_SIGNING_DIR and every PDF says it carries a development signature.
LETTERS_SIGNING_PKCS12 = env_str("LETTERS_SIGNING_PKCS12")
LETTERS_SIGNING_PKCS12_PASSPHRASE = env_str("LETTERS_SIGNING_PKCS12_PASSPHRASE")
LETTERS_TIMESTAMP_URL = env_str("LETTERS_TIMESTAMP_URL")
LETTERS_DEV_SIGNING_DIR = env_str("LETTERS_DEV_SIGNING_DIR", str(VAR_DIR / "signing"))

# Notifications: how long a claimed send may take before the sweep hands it out again, the
# first retry delay after a mail-server error (doubling each time), and when to give up.
NOTIFICATIONS_SEND_LEASE_SECONDS = env_int("NOTIFICATIONS_SEND_LEASE_SECONDS", 300)
NOTIFICATIONS_RETRY_BACKOFF_SECONDS = env_int("NOTIFICATIONS_RETRY_BACKOFF_SECONDS", 30)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 10)

def _api_rate(name: str, default: str) -> str | None:
    rate = env_str(name) or default
    return None if rate.strip().lower() == "off" else rate


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "portal.api.filters.AskedFilterBackend",
        "portal.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    # Per person, and per client address for requests without one (a mistyped or guessed
    # token counts there): "300/min", or per s, hour or day. Counted in the default cache.
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttling.PersonThrottle",
        "portal.api.throttling.ClientThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        # "off" turns a limit off (a benchmark on a private machine, never production).
        "user": _api_rate("API_THROTTLE_USER", "300/min"),
        "anon": _api_rate("API_THROTTLE_ANON", "60/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pain team school portal API",
    "DESCRIPTION": (BASE_DIR / "portal" / "api" / "description.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "accommodations.models.Category",
        "ImplementerEnum": "accommodations.models.Implementer",
        "ReleaseScopeEnum": "accommodations.models.Release.SCOPES",
        "LetterKindEnum": "letters.models.LetterKind",
        "ShareStatusEnum": "letters.api.serializers.SHARE_STATUSES",
        "NotificationKindEnum": "portal.notifications.kinds.Kind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: the documentation pages load nothing from the internet.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "tryItOutEnabled": False, "validatorUrl": None},
}

# Security headers. When SITE_URL is https, the portal is assumed to sit behind a TLS proxy
# that sets X-Forwarded-Proto: cookies are secure, plain http is redirected, and browsers are
# told to use https only (HSTS). Each can be turned off by its own variable.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", SITE_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
if env_bool("BEHIND_TLS_PROXY", SITE_IS_HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SITE_IS_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if SITE_IS_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SITE_IS_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SITE_IS_HTTPS)

# Client addresses: how many proxies in front of the portal append to X-Forwarded-For. With
# 0 (the default) the address is the connection's own; behind one TLS proxy set 1. The audit
# log, the sign-in limits and the share and verification limits all use it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Content-Security-Policy: scripts, styles, fonts and images from the portal itself only; no
# inline script or style, no framing, forms post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
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
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

for _folder in (VAR_DIR, MEDIA_ROOT, EMAIL_FILE_PATH):
    Path(_folder).mkdir(parents=True, exist_ok=True)
