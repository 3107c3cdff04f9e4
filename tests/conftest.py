import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from tests.factories import (
    TEST_PASSWORD,
    CohortFactory,
    CohortMembershipFactory,
    CuratorFactory,
    StaffFactory,
    UserFactory,
)


def _clear_own_cache_keys() -> None:
    """Empties this run's cache keys only: other runs may share the Redis database."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        # The Redis client is private to RedisCache (django-stubs does not declare it).
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _close_database_pool(django_db_setup, django_db_blocker):
    """Closes pooled connections (left by worker threads) before the test database is
    dropped, so the drop succeeds and no test database is left on the shared server."""
    yield
    with django_db_blocker.unblock():
        default = connections["default"]
        if default.vendor == "postgresql":
            # A live-server or worker thread may still hold a connection of its own.
            with default.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        for connection in connections.all(initialized_only=True):
            connection.close()
            if hasattr(connection, "close_pool"):
                connection.close_pool()


def _forget_memos() -> None:
    """What a process keeps in memory for the answer path (interviews/signals.py): a
    test's rows are rolled back without a signal, so the next test must not see them."""
    from interviews.signals import FORGET

    for forget in set(FORGET.values()):
        forget()


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache (Redis in the test run): start clean.
    _clear_own_cache_keys()
    _forget_memos()
    yield
    _clear_own_cache_keys()
    _forget_memos()


@pytest.fixture(autouse=True)
def _default_language():
    # A test that renders in Korean (a view, a consumer, a service) must not leave the
    # next test's messages in Korean: each starts and ends on the default language.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def candidate(db):
    return UserFactory(display_name="Candidate One")


@pytest.fixture
def other_candidate(db):
    return UserFactory(display_name="Candidate Two")


@pytest.fixture
def curator(db):
    return CuratorFactory(display_name="Curator")


@pytest.fixture
def cohort(db, candidate):
    cohort = CohortFactory(name="Cohort A")
    CohortMembershipFactory(cohort=cohort, user=candidate)
    return cohort


@pytest.fixture
def cohort_staff(db, cohort):
    staff = StaffFactory(display_name="Cohort Staff")
    CohortMembershipFactory(cohort=cohort, user=staff, role="staff")
    return staff


@pytest.fixture
def other_staff(db):
    staff = StaffFactory(display_name="Other Staff")
    CohortMembershipFactory(cohort=CohortFactory(name="Cohort B"), user=staff, role="staff")
    return staff


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, display_name="Root")


@pytest.fixture
def openai_server(settings):
    """The local OpenAI-compatible test server, with the interviewer configured to use it."""
    from tests.fakes.openai_server import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        settings.INTERVIEWER_PROVIDER = "openai"
        settings.OPENAI_API_KEY = "test-key"
        settings.OPENAI_BASE_URL = server.url
        settings.OPENAI_MODEL = "fake-model"
        settings.OPENAI_TIMEOUT_SECONDS = 1.0
        settings.OPENAI_MAX_RETRIES = 0
        yield server
