"""Settings for Interview Bot.

Every environment variable is read once, here, with an embedded default so that a
fresh clone runs with no configuration at all. The README lists each variable.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from interview_bot.env import Env, parse_prices

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", True)
_INSECURE_DEV_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", _INSECURE_DEV_KEY)
if not DEBUG and SECRET_KEY == _INSECURE_DEV_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is false.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Daphne first so that `runserver` serves HTTP and websockets alike.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "allauth",
    "allauth.account",
    "simple_history",
    "accounts",
    "interviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "interview_bot.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets the bank's audit trail (simple_history) record who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "interview_bot.urls"
WSGI_APPLICATION = "interview_bot.wsgi.application"
ASGI_APPLICATION = "interview_bot.asgi.application"

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
                "accounts.context_processors.navigation",
                "interviews.context_processors.staff_comments",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite file by default, PostgreSQL (psycopg 3 with its pool) by URL
# ---------------------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_database = env.db_url_config(DATABASE_URL)
if _database["ENGINE"] == "django.db.backends.postgresql":
    # The pool replaces persistent connections; Django requires CONN_MAX_AGE=0 with it.
    _database["CONN_MAX_AGE"] = 0
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", 20),
        "timeout": 10,
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Redis: channel layer and cache when REDIS_URL is set, in-process otherwise
# ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", "")
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", "interview_bot")
CHANNEL_LAYERS: dict[str, dict[str, Any]]
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub, not the list-based RedisChannelLayer: that one funnels every socket
            # of a process through one Redis inbox with a shared capacity, and under ~25
            # concurrent streams it silently dropped deltas and final frames (bench/stream.py).
            # Pub/sub delivers to live subscribers only, which suits streaming: a client that
            # reconnects resyncs from the database.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # redis-py 8 times idle reads out after 5 s by default, which drops
                # idle subscribers; no read timeout keeps them (channels_redis#422).
                "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                "prefix": f"{REDIS_KEY_PREFIX}:asgi",
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "interview_bot.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ---------------------------------------------------------------------------
# Background jobs (question imports): an RQ queue on the same Redis, or inline
# ---------------------------------------------------------------------------
# "rq": the admin's import is queued and run by `python manage.py run_import_jobs`;
# "inline": it runs in the request that uploads it (the default without REDIS_URL, so
# `make run` needs no worker; the import limits below bound it all the same).
IMPORT_JOBS_BACKEND = env.str("IMPORT_JOBS_BACKEND", "rq" if REDIS_URL else "inline")
if IMPORT_JOBS_BACKEND not in {"rq", "inline"}:
    raise ImproperlyConfigured(
        f"IMPORT_JOBS_BACKEND must be rq or inline, not {IMPORT_JOBS_BACKEND!r}"
    )
if IMPORT_JOBS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("IMPORT_JOBS_BACKEND=rq needs REDIS_URL.")
IMPORT_JOBS_QUEUE = f"{REDIS_KEY_PREFIX}:imports"
# A job still running after this is stopped by the worker and marked failed.
IMPORT_JOB_TIMEOUT_SECONDS = env.int("IMPORT_JOB_TIMEOUT_SECONDS", 900)

# ---------------------------------------------------------------------------
# Accounts and authentication (django-allauth)
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Curators land in the admin after logging in (accounts/adapters.py).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupProfileForm"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# "optional" keeps a fresh clone usable without a mail server; production sets
# "mandatory" (see README).
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", "optional")
# allauth's rate limits stay on (they are cache-backed); a breach renders 429.html.
# Failed logins: 10 a minute per IP, and 5 per 5 minutes per account (the lockout).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}

# ---------------------------------------------------------------------------
# Email (console backend by default)
# ---------------------------------------------------------------------------
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", "Interview Bot <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Internationalisation: Korean and English; the browser's Accept-Language picks
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static files (WhiteNoise; nothing from a CDN)
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded question files are read in memory up to this size (admin import).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# ---------------------------------------------------------------------------
# Question imports: what one file may cost, refused before the work it bounds
# ---------------------------------------------------------------------------
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# A .docx is a zip: its parts are checked unpacked, as declared and as really read.
IMPORT_MAX_DOCX_PART_BYTES = env.int("IMPORT_MAX_DOCX_PART_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_DOCX_TOTAL_BYTES = env.int("IMPORT_MAX_DOCX_TOTAL_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_DOCX_ENTRIES = env.int("IMPORT_MAX_DOCX_ENTRIES", 1000)
# Notes: Word paragraphs (tables' included), or non-blank lines of Markdown / text.
IMPORT_MAX_PARAGRAPHS = env.int("IMPORT_MAX_PARAGRAPHS", 10_000)
# CSV/TSV rows, JSON items, JSONL lines, and the questions of any one file.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", 5_000)
IMPORT_MAX_JSON_DEPTH = env.int("IMPORT_MAX_JSON_DEPTH", 20)

# ---------------------------------------------------------------------------
# Security (check --deploy clean when DJANGO_DEBUG=false)
# ---------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env.bool("DJANGO_BEHIND_PROXY", False):
    # Only trust X-Forwarded-Proto from a proxy that sets it itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
}

# ---------------------------------------------------------------------------
# The interviewer (engine): providers are chosen by these at call time
# ---------------------------------------------------------------------------
OPENAI_API_KEY = env.str("OPENAI_API_KEY", "")
OPENAI_BASE_URL = env.str("OPENAI_BASE_URL", "")
OPENAI_MODEL = env.str("OPENAI_MODEL", "gpt-4o-mini")
OPENAI_EMBEDDING_MODEL = env.str("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small")
OPENAI_TIMEOUT_SECONDS = env.float("OPENAI_TIMEOUT_SECONDS", 30.0)
OPENAI_MAX_RETRIES = env.int("OPENAI_MAX_RETRIES", 2)
OPENAI_MAX_TOKENS = env.int("OPENAI_MAX_TOKENS", 900)
# OPENAI_TIMEOUT_SECONDS is per read; this bounds one whole evaluation (0 = derived:
# timeout x (retries + 1) + 10 s, at most 180 s).
OPENAI_DEADLINE_SECONDS = env.float("OPENAI_DEADLINE_SECONDS", 0.0)
# Spoken answers: the model of the OpenAI-compatible audio/transcriptions endpoint (same
# key and base URL as the chat model, so a local Whisper-compatible server works). Blank:
# no server transcription (the browser's own speech recognition is offered instead).
OPENAI_TRANSCRIPTION_MODEL = env.str("OPENAI_TRANSCRIPTION_MODEL", "")
# "local" (the built-in rubric interviewer) unless an OpenAI key or server is configured;
# set but blank also means "local". Any other name grades offline too (grader registry).
INTERVIEWER_PROVIDER = (
    env.str(
        "INTERVIEWER_PROVIDER", "openai" if (OPENAI_API_KEY or OPENAI_BASE_URL) else "local"
    ).lower()
    or "local"
)
# Pace of the offline interviewer's stream, in characters per second (0 = no delay).
LOCAL_INTERVIEWER_CHARS_PER_SECOND = env.float("LOCAL_INTERVIEWER_CHARS_PER_SECOND", 400.0)
# "local" or "pinecone"; set but blank also means "local".
RETRIEVER_BACKEND = env.str("RETRIEVER_BACKEND", "local").lower() or "local"

# ---------------------------------------------------------------------------
# The live interview (websocket streaming)
# ---------------------------------------------------------------------------
# Deltas are batched this often (the first one is sent at once).
INTERVIEW_STREAM_BATCH_SECONDS = env.float("INTERVIEW_STREAM_BATCH_SECONDS", 0.04)
# One feedback generation may take at most this long before the turn is marked failed.
INTERVIEW_GENERATION_DEADLINE_SECONDS = env.float("INTERVIEW_GENERATION_DEADLINE_SECONDS", 120.0)
# Tokens (prompt + completion) the language model may spend on one user's answers per day
# (TIME_ZONE's day); past it the offline interviewer grades, marked as such. 0: no limit.
LLM_DAILY_TOKENS_PER_USER = env.int("LLM_DAILY_TOKENS_PER_USER", 200_000)
# Tokens the language model may spend on a cohort's current candidates per calendar month
# (TIME_ZONE's). Staff can override both limits per cohort, and choose what happens past
# one: a polite refusal (the answer waits for a retry) or the offline interviewer. 0: none.
LLM_MONTHLY_TOKENS_PER_COHORT = env.int("LLM_MONTHLY_TOKENS_PER_COHORT", 5_000_000)
# Estimated cost on the usage pages: price per 1,000 prompt / completion tokens per model,
# "model=input/output" (one number: both), comma-separated.
LLM_PRICE_PER_1K_TOKENS = parse_prices(
    "LLM_PRICE_PER_1K_TOKENS",
    env.str("LLM_PRICE_PER_1K_TOKENS", "gpt-4o-mini=0.00015/0.0006,gpt-4o=0.0025/0.01"),
)
# Answers, retries, hints and skips per user per minute before a polite refusal.
INTERVIEW_ACTIONS_PER_MINUTE = env.int("INTERVIEW_ACTIONS_PER_MINUTE", 20)
# Spoken answers: one recording's size and length, and whether recordings are kept
# (off: the audio is transcribed and dropped; on: stored with its transcript).
INTERVIEW_AUDIO_MAX_BYTES = env.int("INTERVIEW_AUDIO_MAX_BYTES", 5 * 1024 * 1024)
INTERVIEW_AUDIO_MAX_SECONDS = env.int("INTERVIEW_AUDIO_MAX_SECONDS", 180)
INTERVIEW_KEEP_AUDIO = env.bool("INTERVIEW_KEEP_AUDIO", False)
PINECONE_API_KEY = env.str("PINECONE_API_KEY", "")
PINECONE_INDEX = env.str("PINECONE_INDEX", "interview-bot")
PINECONE_HOST = env.str("PINECONE_HOST", "")
PINECONE_NAMESPACE = env.str("PINECONE_NAMESPACE", "interview-bot")
# The pinecone client retries 5xx and connection errors 5 times (~8 s) by default.
PINECONE_MAX_RETRIES = env.int("PINECONE_MAX_RETRIES", 2)
