"""The question bank's audit trail as curators read it: who changed what, when, field by field.

django-simple-history keeps one snapshot table per audited model (`models/audit.py`); a
change is a snapshot compared with the one before it of the same row. A question's page
shows its key points, follow-ups and misconceptions too, a track's its topics, so "who last
changed this question's key points" is answered where the curator looks.

Both reads run a fixed number of queries: a page of the list is one UNION over the tables,
then two queries per model on the page (its snapshots, the ones before them) and one per
model a changed foreign key points to.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import pairwise
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.translation import gettext as _

from accounts.models import User
from interviews.models import (
    FollowUp,
    InterviewerPersona,
    KeyPoint,
    Misconception,
    Question,
    ReferenceDocument,
    Topic,
    Track,
)
from interviews.selectors.curation import curator_check

# Every audited model by its admin name, in the order the list's filter offers them.
AUDITED: dict[str, type[models.Model]] = {
    str(model._meta.model_name): model
    for model in (
        Question,
        KeyPoint,
        FollowUp,
        Misconception,
        Track,
        Topic,
        ReferenceDocument,
        InterviewerPersona,
    )
}
# Rows shown on their parent's page: parent model → {part model: field naming the parent}.
PARTS: dict[type[models.Model], dict[type[models.Model], str]] = {
    Question: {KeyPoint: "question", FollowUp: "question", Misconception: "question"},
    Track: {Topic: "track"},
}
_PARENT_FIELD = {part: field for parts in PARTS.values() for part, field in parts.items()}
CHANGES_PER_PAGE = 50

_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# The reason migration 0006_history gives the snapshot it took of every existing row.
TRAIL_START_REASON = "state when the audit trail began"


@dataclass(frozen=True)
class FieldChange:
    field: str  # the field's label
    old: str
    new: str


@dataclass(frozen=True)
class BankChange:
    history_id: int
    model: str  # the audited model's admin name ("keypoint")
    model_label: str
    object_id: int
    object_label: str  # the row as it read after this change (before it, for a delete)
    action: str  # "created" | "changed" | "deleted" | "recorded" (the trail's first snapshot)
    when: datetime
    who: User | None  # None: a command or the starter bank, with nobody signed in
    changes: list[FieldChange]
    parent: tuple[str, int] | None  # (model, id) of the page it is shown on: a key point's question


@dataclass(frozen=True)
class BankChangeList:
    changes: list[BankChange]
    page: Page
    models: list[tuple[str, str]]  # (admin name, label) the list can be filtered by
    editors: list[User]
    model: str
    editor_id: int | None


def bank_changes_for_curator(
    *, curator: User, model: str = "", editor_id: int | None = None, page: int | str = 1
) -> BankChangeList:
    """Every change to the bank, newest first, optionally of one model or by one person."""
    curator_check(user=curator)
    keys = [model] if model in AUDITED else list(AUDITED)
    snapshots = []
    for key in keys:
        rows = _history(AUDITED[key]).all()
        if editor_id is not None:
            rows = rows.filter(history_user_id=editor_id)
        snapshots.append(
            rows.annotate(kind=Value(key)).values("history_id", "history_date", "kind").order_by()
        )
    union = snapshots[0].union(*snapshots[1:], all=True) if len(snapshots) > 1 else snapshots[0]
    paginator = Paginator(union.order_by("-history_date", "-history_id"), CHANGES_PER_PAGE)
    current = paginator.get_page(page)
    wanted: dict[str, list[int]] = defaultdict(list)
    for row in current.object_list:
        wanted[row["kind"]].append(row["history_id"])
    by_id: dict[tuple[str, int], BankChange] = {}
    for key, ids in wanted.items():
        for change in _changes(AUDITED[key], _history(AUDITED[key]).filter(history_id__in=ids)):
            by_id[(key, change.history_id)] = change
    changes = [by_id[(row["kind"], row["history_id"])] for row in current.object_list]
    editors = list(User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).order_by("email"))
    return BankChangeList(
        changes=changes,
        page=current,
        models=[(key, str(m._meta.verbose_name_plural)) for key, m in AUDITED.items()],
        editors=editors,
        model=model if model in AUDITED else "",
        editor_id=editor_id,
    )


def object_changes_for_curator(
    *, curator: User, model: type[models.Model], object_id: int
) -> list[BankChange]:
    """One row's changes, and its parts' (a question's key points, follow-ups and
    misconceptions; a track's topics), newest first; also for a row since deleted."""
    curator_check(user=curator)
    changes = _changes(model, _history(model).filter(id=object_id), previous_in_rows=True)
    for part, parent_field in PARTS.get(model, {}).items():
        rows = _history(part).filter(**{f"{parent_field}_id": object_id})
        changes += _changes(part, rows, previous_in_rows=True)
    return sorted(changes, key=lambda c: (c.when, c.history_id), reverse=True)


def _history(model: type[models.Model]) -> Any:
    """`model.history`, the snapshot manager each audited model declares (`BankHistory`
    in `models/bank.py`); django-simple-history has no types, and `Model` no `history`."""
    return model.history  # type: ignore[attr-defined]


def _changes(
    model: type[models.Model], rows: models.QuerySet, *, previous_in_rows: bool = False
) -> list[BankChange]:
    """The changes the snapshots `rows` of `model` made. With `previous_in_rows`, `rows`
    holds every snapshot of its rows, so each one's predecessor is among them; otherwise
    the predecessors are looked up (one query)."""
    history = _history(model).model
    rows = rows.select_related("history_user")
    if previous_in_rows:
        snapshots = list(rows.order_by("id", "history_date", "history_id"))
        previous = {}
        for before, after in pairwise(snapshots):
            if before.id == after.id:
                previous[after.history_id] = before
    else:
        earlier = history.objects.filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
            id=OuterRef("id"),
        ).order_by("-history_date", "-history_id")
        snapshots = list(rows.annotate(previous_id=Subquery(earlier.values("history_id")[:1])))
        wanted = [s.previous_id for s in snapshots if s.previous_id]
        found = history.objects.in_bulk(wanted)
        previous = {s.history_id: found[s.previous_id] for s in snapshots if s.previous_id}
    labels = _ForeignKeyLabels(model, snapshots, previous.values())
    return [_change(model, s, previous.get(s.history_id), labels) for s in snapshots]


def _change(model, snapshot, before, labels: "_ForeignKeyLabels") -> BankChange:
    parent_field = _PARENT_FIELD.get(model)
    if snapshot.history_type == "~" and before is not None:
        delta = snapshot.diff_against(before, foreign_keys_are_objs=False)
        changes = [
            FieldChange(
                field=_label(model, c.field),
                old=labels.show(model, c.field, c.old),
                new=labels.show(model, c.field, c.new),
            )
            for c in sorted(delta.changes, key=lambda c: _order(model, c.field))
        ]
    elif snapshot.history_type == "+":
        changes = [
            FieldChange(field=_label(model, name), old="", new=labels.show(model, name, value))
            for name, value in _filled_fields(model, snapshot, skip=parent_field)
        ]
    else:
        changes = []
    parent = None
    if parent_field:
        parent = (parent_field, getattr(snapshot, f"{parent_field}_id"))
    return BankChange(
        history_id=snapshot.history_id,
        model=model._meta.model_name,
        model_label=str(model._meta.verbose_name),
        object_id=snapshot.id,
        object_label=str(snapshot.history_object),  # built from the snapshot, no query
        action=(
            "recorded"
            if snapshot.history_change_reason == TRAIL_START_REASON
            else _ACTIONS.get(snapshot.history_type, snapshot.history_type)
        ),
        when=snapshot.history_date,
        who=snapshot.history_user,
        changes=changes,
        parent=parent,
    )


@cache
def _audited_fields(model) -> list[models.Field]:
    tracked = {f.name for f in model.history.model.tracked_fields}
    return [f for f in model._meta.concrete_fields if f.name in tracked and f.editable]


def _order(model, name: str) -> int:
    names = [f.name for f in _audited_fields(model)]
    return names.index(name) if name in names else len(names)


def _filled_fields(model, snapshot, *, skip: str | None) -> Iterable[tuple[str, object]]:
    for field in _audited_fields(model):
        if field.name in ("id", skip):
            continue
        value = getattr(snapshot, field.attname)
        if value not in (None, "", [], {}):
            yield field.name, value


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


class _ForeignKeyLabels:
    """Names for the foreign-key values of some snapshots: one query per related model."""

    def __init__(self, model, snapshots: Iterable, previous: Iterable) -> None:
        self.names: dict[type[models.Model], dict[object, str]] = {}
        ids: dict[type[models.Model], set[int]] = defaultdict(set)
        relations = [f for f in _audited_fields(model) if f.is_relation]
        for snapshot in [*snapshots, *previous]:
            for field in relations:
                value = getattr(snapshot, field.attname)
                if value is not None:
                    # A model class by now ("self" and "app.Model" are resolved).
                    ids[cast("type[models.Model]", field.related_model)].add(value)
        for related, wanted in ids.items():
            self.names[related] = {
                pk: str(obj) for pk, obj in related._default_manager.in_bulk(wanted).items()
            }

    def show(self, model, name: str, value: object) -> str:
        field = model._meta.get_field(name)
        if value is None or value == "":
            return ""
        if field.is_relation:
            return self.names.get(field.related_model, {}).get(value) or _("#%(id)s (deleted)") % {
                "id": value
            }
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ", ".join(value)
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        return str(value)
