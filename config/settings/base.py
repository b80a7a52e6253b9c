"""Settings shared by every environment. Everything that varies comes from the environment."""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("RELAIS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def demo_key(seed: str) -> str:
    """A Fernet key derived from a public string: for demo and test settings only."""
    import base64
    import hashlib

    return base64.urlsafe_b64encode(hashlib.sha256(seed.encode()).digest()).decode()


# The public seeds of the demo and test keys: production refuses any key derived from them.
DEMO_FIELD_KEY_SEED = "relais-demo-field-key"
DEMO_MATCHING_KEY = "relais-demo-matching-key-not-secret"
DEMO_ACCESS_LOG_KEY = "relais-demo-access-log-key-not-secret"
DEMO_CELL_KEY_SECRET = "relais-demo-cell-key-not-secret"
DEMO_SECRET_KEYS = (
    "dev-only-not-secret-relais-demo-key-0123456789abcdef",
    "test-only-secret-key-not-used-anywhere-else-0123456789",
)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "relais.users.admin_site.RelaisAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "mozilla_django_oidc",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "auditlog",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "relais.utils",
    "relais.users",
    "relais.notifications",
    "relais.identity",
    "relais.structures",
    "relais.audit",
    "relais.ops",
    "django_prometheus",
    "relais.api",
    "relais.interop",
    "relais.demo",
    "relais.www.core",
    "relais.www.registry",
    "relais.www.board",
    "relais.www.audit",
    "relais.www.rights",
    "relais.www.interop",
    "relais.sites",
    "relais.www.sites",
    "relais.indicators",
    "relais.reports",
    "relais.www.dashboards",
    "relais.www.reports",
    "relais.www.opendata",
    "relais.governance",
    "relais.premises",
    "relais.www.governance",
    "relais.www.premises",
    "relais.people",
    "relais.referrals",
    "relais.stays",
    "relais.orientation",
    "relais.pathways",
    "relais.www.people",
    "relais.www.orientation",
    "relais.backups",
    "relais.retention",
    "relais.www.grants",
    "relais.www.accounts",
    "relais.www.notifications",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id; the metrics time the whole stack.
    "relais.ops.requests.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "relais.www.core.middleware.NoStoreWhenAuthenticatedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "relais.identity.middleware.SessionLifetimeMiddleware",
    "relais.identity.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "relais.identity.middleware.ProConnectFormActionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After htmx and messages: a fragment answer carries its flash messages out of band.
    "relais.www.core.middleware.HtmxMessagesMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # After authentication: which database each read of the view goes to.
    "relais.ops.replica.ReplicaReadsMiddleware",
    # Axes last: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "relais.www.core.context_processors.relais",
                "relais.www.accounts.context_processors.identity",
                "relais.ops.replica.replica",
            ],
        },
    },
]

# DSFR form templates, with a counter rather than a silent cut at a field's limit.
FORM_RENDERER = "relais.www.core.forms.LengthLimitRenderer"

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'relais.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # that two concurrent transactions never deadlock on a lock upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Statements of the write paths that ran this many times on a connection stay prepared on it
    # (relais/utils/prepared.py); Django's own cursors bind on the client and are never prepared.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5

# A PostgreSQL streaming replica for the reads that may lag (dashboards, exports, open data,
# aggregate API reads, the board): relais/ops/replica.py decides, page by page, and falls back to
# the primary when the replica lags or is gone. Never migrated: it follows the primary's WAL.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["relais.ops.replica.ReplicaRouter"]
# Days kept in the daily indicator facts (relais/indicators/facts.py), besides the dashboards' comparison days.
RELAIS_FACTS_DAYS = int(os.environ.get("RELAIS_FACTS_DAYS", "35"))
RELAIS_REPLICA_VIEWS = [
    "dashboards:*",
    "opendata:*",
    "interop:*",
    "board:index",
    "v1:availability-*",
    "v1:indicator-*",
    "v1:open-data-*",
]
RELAIS_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("RELAIS_REPLICA_MAX_LAG_SECONDS", "60"))
RELAIS_REPLICA_STICKY_SECONDS = int(os.environ.get("RELAIS_REPLICA_STICKY_SECONDS", "30"))
RELAIS_REPLICA_RETRY_SECONDS = float(os.environ.get("RELAIS_REPLICA_RETRY_SECONDS", "30"))


def cache_settings(url: str) -> dict:
    """The cache shared by every process (API throttling): Redis/Valkey for a redis:// URL, else a
    database table (`manage.py createcachetable`, run after each migrate)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "relais",
            }
        }
    # Room for the published universes of the facts read (relais/indicators/fact_memo.py: a few hundred per
    # refresh) beside the open-data files: Django's default of 300 would cull them a third at a time.
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "relais_cache",
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        }
    }


CACHES = cache_settings(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "relais.identity.proconnect.ProConnectBackend",
    "rules.permissions.ObjectPermissionBackend",
    "relais.users.backends.GrantBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "relais.identity.validators.NotDemoPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# French messages for the libraries that ship none (django-otp-webauthn's passkey screens).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files live outside the web root and are only served through views that check access.
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
# Sessions end after RELAIS_IDLE_TIMEOUT_MINUTES without activity for the roles that see person-level
# data, and for everyone RELAIS_SESSION_MAX_HOURS after signing in (relais/identity/sessions.py).
RELAIS_IDLE_TIMEOUT_MINUTES = int(os.environ.get("RELAIS_IDLE_TIMEOUT_MINUTES", "30"))
RELAIS_SESSION_MAX_HOURS = int(os.environ.get("RELAIS_SESSION_MAX_HOURS", "12"))
# Merges, exports of person-level data and grant changes need a proof of identity this recent.
RELAIS_REAUTH_MINUTES = int(os.environ.get("RELAIS_REAUTH_MINUTES", "10"))
SESSION_COOKIE_AGE = RELAIS_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every page comes from this origin only: no CDN, no external font, no inline script without nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

# Failures are counted per account and, separately, per client address; each lockout lasts
# RELAIS_LOCKOUT_BASE_MINUTES doubled by every earlier lockout of the day (relais/identity/lockout.py).
# Failures and lockouts are rows in the database: every process and server sees the same ones.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("RELAIS_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = "relais.identity.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "relais.identity.client_ip.client_ip"
RELAIS_LOCKOUT_BASE_MINUTES = int(os.environ.get("RELAIS_LOCKOUT_BASE_MINUTES", "15"))
# How many reverse proxies in front of Relais append to X-Forwarded-For. 0: the peer address is the
# client (no header is believed). Behind one proxy set 1, or every user shares the proxy's address.
RELAIS_TRUSTED_PROXY_COUNT = int(os.environ.get("RELAIS_TRUSTED_PROXY_COUNT", "0"))

# ProConnect (relais/identity/proconnect.py, mozilla-django-oidc). Enabled when PROCONNECT_ISSUER
# and PROCONNECT_CLIENT_ID are set; the endpoints come from the issuer's discovery document
# unless given one by one.
PROCONNECT_ISSUER = os.environ.get("PROCONNECT_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("PROCONNECT_SCOPES", "openid email given_name usual_name siret uid")
OIDC_RP_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": os.environ.get("PROCONNECT_ACR_VALUES", "eidas1")}
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PROCONNECT_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PROCONNECT_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PROCONNECT_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PROCONNECT_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("PROCONNECT_END_SESSION_ENDPOINT", "")
# A ProConnect sign-in with one of these acr values (or "mfa" in amr) counts as the second factor.
PROCONNECT_MFA_ACR_VALUES = env_list("PROCONNECT_MFA_ACR_VALUES", "eidas2,eidas3")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's logout
OIDC_CREATE_USER = True  # ProConnectBackend.create_user records an access request, never an account
OIDC_TIMEOUT = 10
OIDC_OP_LOGOUT_URL_METHOD = "relais.identity.proconnect.provider_logout_url"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/proconnect/echec/"

# Break-glass: how long a soignant, maraude or operateur reads a person outside their scope.
RELAIS_BREAK_GLASS_MINUTES = int(os.environ.get("RELAIS_BREAK_GLASS_MINUTES", "60"))

# Second factor (relais/identity/second_factor.py): the name shown in the authenticator app.
OTP_TOTP_ISSUER = "Relais"
# Passkeys (django-otp-webauthn), as a second factor only: the domain Relais is served on, and its origins.
OTP_WEBAUTHN_RP_ID = os.environ.get("RELAIS_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "Relais"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("RELAIS_WEBAUTHN_ORIGINS", "http://localhost:8000")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

AUDITLOG_INCLUDE_ALL_MODELS = False

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email of notifications: Django's SMTP backend, configured from the environment; sent by the task worker.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Relais <ne-pas-repondre@relais.invalid>")
# The site's address, for the links of emails (written outside any request).
RELAIS_BASE_URL = os.environ.get("RELAIS_BASE_URL", "http://127.0.0.1:8000")
# How often the header's count of unread notifications refreshes, in seconds.
RELAIS_NOTIFICATION_POLL_SECONDS = int(os.environ.get("RELAIS_NOTIFICATION_POLL_SECONDS", "30"))
# State opinions on premises: first reminder this many days before they are due.
RELAIS_REVIEW_REMINDER_DAYS = int(os.environ.get("RELAIS_REVIEW_REMINDER_DAYS", "3"))

# One JSON object per line on stderr, each with the id of the request it belongs to. Log primary
# keys and codes, never names or health data (tests/ops/test_observability.py walks the pages to check).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "relais.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "relais.ops.logs.RelaisJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"relais": {"level": os.environ.get("RELAIS_LOG_LEVEL", "INFO")}},
}

# Relais-specific settings.
RELAIS_DEMO = False
# Hours after which a declared availability figure is shown as stale, by structure kind.
# Administrators can override each kind in the database (structures.FreshnessRule).
RELAIS_DEFAULT_FRESHNESS_HOURS = 72
# The occupancy by structure published to outside audiences (board, API, map) is computed once per
# process and kept while the live rows and the registry are unchanged, at most this long (what no
# live row tells: a merge of person records).
RELAIS_PUBLISHED_OCCUPANCY_SECONDS = int(os.environ.get("RELAIS_PUBLISHED_OCCUPANCY_SECONDS", "300"))
# Whether they are unchanged is asked of the database at most this often (two scans of 5,000 rows, which
# cost a find-a-place request as much as its own figures); a write of live rows by the same process is
# seen at once, one by another process within this delay (a replica's lag allows sixty times more).
RELAIS_PUBLISHED_RECHECK_SECONDS = float(os.environ.get("RELAIS_PUBLISHED_RECHECK_SECONDS", "1"))
# The board's filter bar: its choices (programmes, occupied sites) read again at most this long after.
RELAIS_FILTER_CHOICES_SECONDS = int(os.environ.get("RELAIS_FILTER_CHOICES_SECONDS", "60"))
DSFR_MARK_OPTIONAL_FIELDS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "relais.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "relais.api.throttling.ApiKeyRateThrottle",
        "relais.api.throttling.SessionRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": os.environ.get("RELAIS_API_KEY_RATE", "600/minute"),
        "session": os.environ.get("RELAIS_API_SESSION_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "relais.api.exceptions.relais_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Relais",
    "DESCRIPTION": (
        "API du système d'information partagé du plan crack de Paris. Authentification par clé "
        "(en-tête `Authorization: Api-Key <clé>`) délivrée par l'administrateur, ou par session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StructureKindEnum": "relais.structures.enums.StructureKind",
        "PlaceKindEnum": "relais.structures.enums.PlaceKind",
        "RoleEnum": "relais.users.enums.Role",
        "DeclineReasonEnum": "relais.referrals.enums.DeclineReason",
        "ExitDestinationEnum": "relais.stays.enums.ExitDestination",
    },
}
# Map tiles (e.g. "https://tile.example.org/{z}/{x}/{y}.png"). Empty: the map shows markers only,
# with no request to any other origin. When set, its origin is added to img-src on the map page.
RELAIS_MAP_TILES_URL = os.environ.get("RELAIS_MAP_TILES_URL", "")
RELAIS_MAP_TILES_ATTRIBUTION = os.environ.get("RELAIS_MAP_TILES_ATTRIBUTION", "")  # plain text, e.g. "© OpenStreetMap"
# Leaflet's JS and CSS, served from our own origin as static/leaflet/. Only django-leaflet's static
# files are used: its app is not installed (its admin integration needs GDAL).
STATICFILES_DIRS += [("leaflet", Path(importlib.util.find_spec("leaflet").origin).parent / "static" / "leaflet")]
# Premises pipeline: days the State has to give its opinions on a proposal, and the upload size limit.
RELAIS_PREMISES_RESPONSE_DAYS = 30
RELAIS_PREMISES_MAX_UPLOAD_MB = 10
# ClamAV daemon's unix socket (Debian's clamav-daemon: /run/clamav/clamd.ctl). Set, every uploaded
# document is scanned and refused on a hit or when the scan cannot be made; empty, no scan.
RELAIS_CLAMD_SOCKET = os.environ.get("RELAIS_CLAMD_SOCKET", "")
# Person-level data (issue 3). Both keys come from the environment and never reach the database
# or the repository: RELAIS_FIELD_KEY (Fernet) encrypts aliases and health notes at rest,
# RELAIS_MATCHING_KEY (HMAC-SHA256) turns quasi-identifiers into the matching key.
RELAIS_FIELD_KEY = os.environ.get("RELAIS_FIELD_KEY", "")
RELAIS_MATCHING_KEY = os.environ.get("RELAIS_MATCHING_KEY", "")
RELAIS_CONSENT_VALIDITY_DAYS = 365
# An unanswered referral is flagged after the first delay and expires after the second.
RELAIS_REFERRAL_REMIND_AFTER_HOURS = int(os.environ.get("RELAIS_REFERRAL_REMIND_AFTER_HOURS", "24"))
RELAIS_REFERRAL_EXPIRE_AFTER_HOURS = int(os.environ.get("RELAIS_REFERRAL_EXPIRE_AFTER_HOURS", "72"))
# RELAIS_ACCESS_LOG_KEY (HMAC-SHA256) seals the access log's chain; its signed heads are appended to
# RELAIS_ACCESS_LOG_ANCHORS by `anchor_access_log` and must be copied somewhere the database owner cannot write.
RELAIS_ACCESS_LOG_KEY = os.environ.get("RELAIS_ACCESS_LOG_KEY", "")
# RELAIS_CELL_KEY_SECRET draws the record keys of the cell-key method (published figures, README).
RELAIS_CELL_KEY_SECRET = os.environ.get("RELAIS_CELL_KEY_SECRET", "")
RELAIS_ACCESS_LOG_ANCHORS = Path(os.environ.get("RELAIS_ACCESS_LOG_ANCHORS", VAR_DIR / "access-log-anchors.jsonl"))
AUDITLOG_MASK_CALLABLE = "relais.people.crypto.mask_entirely"
# Operations (README, Exploitation). /metrics answers only with this bearer token; none: 404.
RELAIS_METRICS_TOKEN = os.environ.get("RELAIS_METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False  # no query at each process start: /readyz reports migrations
# /readyz fails beyond these: the oldest task waiting that long, the last backup that old. Without
# any backup recorded it fails only where backups are required (PostgreSQL production).
RELAIS_READYZ_QUEUE_LAG_SECONDS = int(os.environ.get("RELAIS_READYZ_QUEUE_LAG_SECONDS", "300"))
RELAIS_READYZ_BACKUP_MAX_AGE_HOURS = int(os.environ.get("RELAIS_READYZ_BACKUP_MAX_AGE_HOURS", "26"))
RELAIS_READYZ_REQUIRE_BACKUP = env_bool("RELAIS_READYZ_REQUIRE_BACKUP", False)
# Sentry-compatible error reporting, only when a DSN is given (relais/ops/sentry.py strips person data).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from relais.ops.sentry import sentry_init

    sentry_init(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", ""))
# Backups (`manage.py backup`): dated SQLite copies kept here; on PostgreSQL, the pgBackRest stanza.
RELAIS_BACKUP_DIR = Path(os.environ.get("RELAIS_BACKUP_DIR", VAR_DIR / "backups"))
RELAIS_BACKUP_KEEP = int(os.environ.get("RELAIS_BACKUP_KEEP", "14"))
RELAIS_PGBACKREST_STANZA = os.environ.get("RELAIS_PGBACKREST_STANZA", "relais")
RELAIS_PGBACKREST_CONFIG = os.environ.get("RELAIS_PGBACKREST_CONFIG", "")
# Open-data files read from the daily facts, written once per version of their facts and served from here
# (each server its own: the same facts give the same bytes). Public figures only.
RELAIS_OPENDATA_DIR = Path(os.environ.get("RELAIS_OPENDATA_DIR", VAR_DIR / "opendata"))
# A file a request finds missing is written by a process of its own (`write_opendata`), not by the worker.
RELAIS_OPENDATA_WRITE_APART = env_bool("RELAIS_OPENDATA_WRITE_APART", True)
# Retention by category of data, with the legal basis of each duration (`manage.py purge_retention`).
from .retention import RELAIS_RETENTION  # noqa: E402, F401
