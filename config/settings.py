"""Settings, all from the environment (12-factor).

DATABASE_URL  default: SQLite under var/ (no server needed)
REDIS_URL     unset: in-process channel layer and a file-system Celery transport;
              set: channels-redis, a Redis cache and a Redis broker
SECRET_KEY    required unless DEBUG
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.conf import global_settings

from config.beat import schedule as beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
_DEV_SECRET = "django-insecure-development-only-key-never-used-in-production"
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if DEBUG else None)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
_RUN_PORT = env("HISAAB_PORT", default="8000")  # make run's pages
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"http://127.0.0.1:{_RUN_PORT}", f"http://localhost:{_RUN_PORT}"]
)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
# Browser origins allowed to open the WebSocket (apps that send no Origin need a token).
WEBSOCKET_ALLOWED_ORIGINS = env.list("WEBSOCKET_ALLOWED_ORIGINS", default=CSRF_TRUSTED_ORIGINS)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "channels",
    "realtime",
    "social",
    "ledger.khata",
    "ledger.finance",
    "invoicing",
]

MIDDLEWARE = [
    "config.body_limit.BodyLimitMiddleware",  # before anything can read the body
    "django.middleware.security.SecurityMiddleware",
    "config.security_headers.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.locale.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside the idempotency layer, so that even a failure inside it (a dropped database
    # connection during its rollback) still answers in the API's error shape.
    "config.api.middleware.ApiErrorMiddleware",
    "realtime.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hisaab.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif env.int("DB_POOL_SIZE", default=0):
    # Under ASGI every concurrent request runs in its own thread, so per-thread persistent
    # connections grow with concurrency; a pool bounds them per process (psycopg_pool).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": env.int("DB_POOL_SIZE"), "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "social.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "en"
# The pages' languages (config.locale picks one per request: the profile's, else the
# browser's); amounts and dates follow the language's locale (config.display).
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Uploaded files (receipts, config/receipts.py) go through Django's storage API: the file system
# under MEDIA_ROOT by default; FILE_STORAGE_BACKEND (a dotted class, e.g. django-storages'
# "storages.backends.s3.S3Storage") with FILE_STORAGE_OPTIONS (JSON) puts them in any store.
# There is no MEDIA_URL route: files are served by views that check access first.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {
        "BACKEND": env("FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env.bool("TESTING", default=False):
    STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    # Fewer PBKDF2 rounds under test, same algorithm: Django's own hasher verifies these hashes,
    # and this one verifies full-strength ones (tests/hashers.py).
    PASSWORD_HASHERS = [
        "tests.hashers.QuickPBKDF2PasswordHasher",
        *(h for h in global_settings.PASSWORD_HASHERS if not h.endswith(".PBKDF2PasswordHasher")),
    ]

# Request limits (config/body_limit.py): a body over its limit answers 413 in the error shape
# before it is read. Every body but a file upload: DATA_UPLOAD_MAX_MEMORY_SIZE; multipart
# uploads (statement imports of 5 MB, receipts of 10 MB at most): MAX_UPLOAD_BODY_SIZE. nginx's
# client_max_body_size is rendered from the larger (deploy/nginx.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
MAX_UPLOAD_BODY_SIZE = env.int("MAX_UPLOAD_BODY_SIZE", default=11 * 1024 * 1024)
RECEIPT_MAX_BYTES = env.int("RECEIPT_MAX_BYTES", default=10 * 1000 * 1000)
RECEIPTS_PER_RECORD = env.int("RECEIPTS_PER_RECORD", default=10)
# A deleted record's receipts (files and rows) are kept this long, so a restore brings them back.
RECEIPT_RETENTION_DAYS = env.int("RECEIPT_RETENTION_DAYS", default=30)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- Redis: channel layer, cache, Celery broker -------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env("CHANNEL_PREFIX", default="hisaab"),
                "capacity": 1000,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", default="hisaab"),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    # A task whose worker died is redelivered after the visibility timeout (Redis' default is
    # an hour); our tasks finish in seconds and are idempotent, so ten minutes is safe.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    # An embedded transport that needs no server: messages are files under var/celery/.
    CELERY_BROKER_URL = "filesystem://"
    _celery_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "control_folder": str(_celery_dir / "control"),  # kombu's default is ./control
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "store_processed": False,
    }

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every periodic job (config/beat.py); BEAT_EVERY_SECONDS > 0 runs each that often instead
# (the deployment smoke test compresses a day into seconds with it).
BEAT_EVERY_SECONDS = env.float("BEAT_EVERY_SECONDS", default=0)
CELERY_BEAT_SCHEDULE = beat_schedule(BEAT_EVERY_SECONDS)

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "social.authentication.CachedJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {
        "login_failures": env("LOGIN_FAILURE_RATE", default="5/min"),
    },
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

# Sign-in limits per window (social/login_guard.py): per (account, address), per account from
# anywhere, and per address over all accounts (high: many people share a NAT or proxy).
LOGIN_GUARD_WINDOW = env.int("LOGIN_GUARD_WINDOW", default=300)
LOGIN_GUARD_PAIR_LIMIT = env.int("LOGIN_GUARD_PAIR_LIMIT", default=5)
LOGIN_GUARD_ACCOUNT_LIMIT = env.int("LOGIN_GUARD_ACCOUNT_LIMIT", default=50)
LOGIN_GUARD_ADDRESS_LIMIT = env.int("LOGIN_GUARD_ADDRESS_LIMIT", default=500)
REGISTRATIONS_PER_ADDRESS_HOUR = env.int("REGISTRATIONS_PER_ADDRESS_HOUR", default=20)
INVITE_ACCEPTS_PER_USER_HOUR = env.int("INVITE_ACCEPTS_PER_USER_HOUR", default=30)
# Proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated; config/addresses.py).
# Empty: the connection's peer is the client. Behind nginx on the same host: 127.0.0.1,::1.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Seconds a process keeps a user's row for bearer-token requests (social/authentication.py).
AUTH_USER_CACHE_SECONDS = env.float("AUTH_USER_CACHE_SECONDS", default=5.0)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=30)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    # Tokens carry a hash of the password: a reset (or any password change) ends every
    # access token at once, on the API and on sockets, not 15 minutes later.
    "CHECK_REVOKE_TOKEN": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Hisaab API",
    "DESCRIPTION": "Shared expenses, khata, personal finance and invoice financing, synced live.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        # finance: several fields share a name ("kind", "repeat") with different choices
        "FinanceAccountKindEnum": "ledger.finance.models.accounts.AccountKind",
        "FinanceCategoryKindEnum": "ledger.finance.models.categories.CategoryKind",
        "FinanceBillRepeatEnum": "ledger.finance.models.schedules.BillRepeat",
        "FinanceRecurringRepeatEnum": "ledger.finance.models.schedules.RecurringRepeat",
        "SocialRecurringRepeatEnum": "social.models.recurring.RecurringRepeat",
        "FinanceDirectionEnum": "ledger.finance.models.transactions.Direction",
        # IOUs: "direction" too (lent / borrowed), on create and on edit
        "IouDirectionEnum": ["lent", "borrowed"],
    },
}
# khata's choice sets, named (several share field names such as kind, role, status).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update({
    "KhataPartyKindEnum": "ledger.khata.models.PartyKind",
    "KhataEntryKindEnum": "ledger.khata.models.EntryKind",
    "KhataPunchKindEnum": "ledger.khata.models.PunchKind",
    "KhataRoleEnum": "ledger.khata.models.Role",
    "KhataMemberRoleEnum": ["manager", "clerk"],
    "KhataStaffStatusEnum": "ledger.khata.models.StaffStatus",
    "KhataAttendanceStatusEnum": "ledger.khata.models.AttendanceStatus",
    "KhataBillStatusEnum": "ledger.khata.models.BillStatus",
    "KhataBillKindEnum": "ledger.khata.models.BillKind",
    "KhataCreditNoteStateEnum": "ledger.khata.models.CreditNoteState",
    "KhataBillStateEnum": "ledger.khata.models.BillState",
})

# --- Product settings --------------------------------------------------------------------------
HISAAB_BASE_URL = env("HISAAB_BASE_URL", default=f"http://127.0.0.1:{_RUN_PORT}")
CHANGE_RETENTION_DAYS = env.int("CHANGE_RETENTION_DAYS", default=30)
IDEMPOTENCY_RETENTION_HOURS = env.int("IDEMPOTENCY_RETENTION_HOURS", default=48)
# Sockets: heartbeat (head + presence refresh + catch-up) period, and per-socket limits.
REALTIME_HEARTBEAT_SECONDS = env.float("REALTIME_HEARTBEAT_SECONDS", default=25.0)
# Without Redis (make run), how often the socket process reads the feed's heads to pick up
# writes answered by other processes (realtime/heartbeat.follow).
REALTIME_FOLLOW_SECONDS = env.float("REALTIME_FOLLOW_SECONDS", default=0.5)
# The port of the socket server when it is not behind the pages' own origin: `make run` serves
# HTTP from gunicorn on HISAAB_PORT and /ws/ from daphne on this port of the same host (pages
# open their socket there, and the CSP allows it). Unset in production: nginx serves both.
WEBSOCKET_PORT = env.int("HISAAB_WS_PORT", default=0) or None
REALTIME_MAX_FRAME_BYTES = env.int("REALTIME_MAX_FRAME_BYTES", default=8192)
REALTIME_FLOOD_RATE = env.float("REALTIME_FLOOD_RATE", default=10.0)
REALTIME_FLOOD_BURST = env.float("REALTIME_FLOOD_BURST", default=30.0)
# A token socket is told this long before its access token expires, to renew it in-band.
REALTIME_AUTH_WARNING_SECONDS = env.float("REALTIME_AUTH_WARNING_SECONDS", default=60.0)

# --- Email (password reset, address verification: social/emails.py) ---------------------------
# EMAIL_URL (smtp+tls://user:password@host:587) selects SMTP; unset, mail is printed on the
# console (what `make run` shows). Tests use Django's in-memory outbox.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Hisaab <no-reply@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# A reset link works once, for this long (Django's PasswordResetTokenGenerator).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_SECONDS", default=3600)
EMAIL_VERIFY_SECONDS = env.int("EMAIL_VERIFY_SECONDS", default=3 * 24 * 3600)
# Reset requests per hour: per address asked for, and per client address.
PASSWORD_RESETS_PER_EMAIL_HOUR = env.int("PASSWORD_RESETS_PER_EMAIL_HOUR", default=5)
PASSWORD_RESETS_PER_ADDRESS_HOUR = env.int("PASSWORD_RESETS_PER_ADDRESS_HOUR", default=20)
# Tests run the mail task in the request (nothing queued on a broker no worker reads).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=env.bool("TESTING", default=False))

# --- Security (production values come from the environment) -------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# HSTS (sent on HTTPS responses only): a year unless DEBUG; 0 turns it off.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy of every response (config/security_headers.py). Style attributes stay
# allowed (progress bars carry their width), <style> elements and inline scripts do not.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],  # a business's logo may live elsewhere
    "connect-src": ["'self'"],  # the API and /ws/ (same origin)
    "font-src": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Swagger UI (drf-spectacular) loads its bundle from jsDelivr; its start script is served
# from here (SpectacularSwaggerSplitView), not inline.
CONTENT_SECURITY_POLICY_PATHS = {
    "/api/docs/": {
        "script-src": ["'self'", "https://cdn.jsdelivr.net"],
        "style-src": ["'self'", "https://cdn.jsdelivr.net"],
        "img-src": ["'self'", "data:", "https://cdn.jsdelivr.net"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Invoicing ---------------------------------------------------------------------------------
# Demo money a new user's wallet receives from the platform treasury, once.
INVOICING_DEMO_CREDIT = env("INVOICING_DEMO_CREDIT", default="1000000.00")
INVOICING_DEMO_CURRENCY = env("INVOICING_DEMO_CURRENCY", default="INR")
# Percent of the advance the platform keeps when it disburses to the seller.
INVOICING_PLATFORM_FEE_PERCENT = env("INVOICING_PLATFORM_FEE_PERCENT", default="0.50")
# A listing's due date must be at least this many days ahead (and at most a year).
INVOICING_MIN_DAYS_TO_DUE = env.int("INVOICING_MIN_DAYS_TO_DUE", default=15)
INVOICING_MAX_DAYS_TO_DUE = env.int("INVOICING_MAX_DAYS_TO_DUE", default=365)
# An overdue invoice defaults this many days after its due date.
INVOICING_DEFAULT_AFTER_DAYS = env.int("INVOICING_DEFAULT_AFTER_DAYS", default=30)
# Largest single demo top-up.
INVOICING_MAX_TOP_UP = env("INVOICING_MAX_TOP_UP", default="10000000.00")
