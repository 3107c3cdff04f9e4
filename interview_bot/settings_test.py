"""Test-only overrides: speed, and isolation between test runs sharing the servers.

The test command sets DATABASE_URL and REDIS_URL, so tests run on PostgreSQL and
Redis exactly as production does; only what follows differs.
"""

import os

from interview_bot.settings import *  # noqa: F403
from interview_bot.settings import CACHES, CHANNEL_LAYERS, DATABASES, REDIS_URL

# Several test runs (and helpers) may share one PostgreSQL and one Redis: give each
# run its own test database and its own Redis key space.
_RUN_ID = os.environ.get("TEST_RUN_ID", str(os.getpid()))
DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_interview_bot_{_RUN_ID}"
if REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"test{_RUN_ID}:asgi"
    CACHES["default"]["KEY_PREFIX"] = f"test{_RUN_ID}"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The offline interviewer streams without artificial pauses in tests.
LOCAL_INTERVIEWER_CHARS_PER_SECOND = 0.0
INTERVIEWER_PROVIDER = "local"
RETRIEVER_BACKEND = "local"

# Imports run in the request here, so a test sees their result at once; the job tests
# that need the queue switch to "rq" and run a burst worker on this run's own queue.
IMPORT_JOBS_BACKEND = "inline"
IMPORT_JOBS_QUEUE = f"test{_RUN_ID}:imports"
# The suffix above, for a test that starts a worker process on this run's queue and cache.
TEST_RUN_ID = _RUN_ID
