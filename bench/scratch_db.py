"""A throwaway PostgreSQL database for a benchmark, on the server of DATABASE_URL."""

import contextlib
import os
import sys
from collections.abc import Iterator

import psycopg
from psycopg import sql

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    """The URL of database `name` on the same server as DATABASE_URL (PostgreSQL only)."""
    if not BASE_URL.startswith(("postgres://", "postgresql://")):
        sys.exit(f"{sys.argv[0]} needs a PostgreSQL DATABASE_URL.")
    return BASE_URL.rsplit("/", 1)[0] + "/" + name


def _admin(statement: sql.Composed) -> None:
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(statement)


def drop_database(name: str) -> None:
    _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create_database(name: str) -> str:
    """Creates `name` afresh (dropping a leftover) and returns its URL."""
    url = database_url(name)
    drop_database(name)
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url


@contextlib.contextmanager
def past_timestamps(*fields) -> Iterator[None]:
    """bulk_create keeps given times only with auto_now_add off (bench data only)."""
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def close_django_connections() -> None:
    """Closes Django's connections and psycopg pools before the database is dropped."""
    from django.db import connections

    connections.close_all()
    for connection in connections.all():
        if hasattr(connection, "close_pool"):
            connection.close_pool()
