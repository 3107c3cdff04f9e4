import pytest
from django.db import connections


@pytest.fixture(autouse=True, scope="session")
def _close_connection_pools(django_db_setup, django_db_blocker):
    # Return pooled connections so the test database can be dropped at the end.
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        for connection in connections.all():
            close_pool = getattr(connection, "close_pool", None)
            if close_pool is not None:
                close_pool()
