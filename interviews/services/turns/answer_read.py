"""The answer's locked read as one statement written once per process.

`answer_accept` reads the interview's latest turn with its session (locked), track and
topic, and the candidate's LLM usage today, on every answer. Built by the ORM
(`select_related`, `select_for_update(of=...)`, an annotated subquery) the query took
more CPU to compose than PostgreSQL took to run it, and a burst of answers composes it
side by side under one interpreter lock. The columns and converters come from the
models' own metadata, so a new field is read without editing this SQL; what the usage
counts is `selectors/llm_usage.py`'s `user_tokens_today_sql`.
"""

import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from django.db import connection
from django.db.models import Model

from interviews.models import InterviewSession, Topic, Track, Turn
from interviews.selectors.llm_usage import day_start, user_tokens_today_sql

_Converter = Callable[[Any, Any, Any], Any]
_Part = tuple[type[Model], list[str], list[tuple[int, list[_Converter], Any]]]


@functools.cache
def _statement(vendor: str) -> tuple[str, tuple[_Part, ...]]:
    """The SQL and, per model in select order, its attribute names and each column's
    database converters (`vendor`: the cache key; the statement is the connection's)."""
    quote = connection.ops.quote_name
    tables = (("t", Turn), ("s", InterviewSession), ("tr", Track), ("tp", Topic))
    columns: list[str] = []
    parts: list[_Part] = []
    for alias, model in tables:
        fields = model._meta.concrete_fields
        converters = []
        for field in fields:
            col = field.get_col(alias)
            # As the ORM's compiler applies them: the backend's, then the field's.
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            converters.append((len(columns), found, col))
            columns.append(f"{alias}.{quote(field.column)}")
        parts.append((model, [field.attname for field in fields], converters))
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    turn, session = quote(Turn._meta.db_table), quote(InterviewSession._meta.db_table)
    track, topic = quote(Track._meta.db_table), quote(Topic._meta.db_table)
    # Identifiers from the models' metadata; every value is a parameter.
    sql = (
        f"SELECT {', '.join(columns)}, {user_tokens_today_sql()} "  # noqa: S608 - see above
        f"FROM {turn} t JOIN {session} s ON s.id = t.session_id "
        f"JOIN {track} tr ON tr.id = s.track_id LEFT JOIN {topic} tp ON tp.id = t.topic_id "
        f"WHERE t.session_id = %s AND s.candidate_id = %s "
        f"ORDER BY t.{quote('order')} DESC LIMIT 1{lock}"
    )
    return sql, tuple(parts)


def _instance(part: _Part, row: Sequence[Any]) -> Model | None:
    model, names, converters = part
    values = []
    for index, found, col in converters:
        value = row[index]
        for convert in found:
            value = convert(value, col, connection)
        values.append(value)
    if values[names.index("id")] is None:  # the outer-joined topic of a turn without one
        return None
    return model.from_db(connection.alias, names, values)


def latest_turn_locked(
    *, user_id: int, session_id: int, now: datetime | None = None
) -> Turn | None:
    """The latest turn of the user's interview, its session (row locked, to the end of the
    caller's transaction), track and topic loaded, and `llm_tokens_today` set; None when
    the interview is not the user's or has no turn."""
    sql, parts = _statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, day_start(now), session_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    turn, session, track, topic = (_instance(part, row) for part in parts)
    # Inner joins: the turn, its session and track are always there.
    turn, session = cast(Turn, turn), cast(InterviewSession, session)
    session.track = cast(Track, track)
    turn.session = session
    turn.topic = cast(Topic | None, topic)
    turn.llm_tokens_today = int(row[-1])  # type: ignore[attr-defined]
    return turn
