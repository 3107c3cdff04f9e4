"""The audit trail's recorder: django-simple-history, minus saves that changed nothing."""

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import SimpleNamespace

from django.db import models
from simple_history.models import HistoricalRecords


class BankHistory(HistoricalRecords):
    """Keeps a snapshot (who, when, every audited field) of each save and delete.

    A save whose audited fields equal the latest snapshot is not recorded: re-importing
    an unchanged file saves every question again, and the admin saves the question when
    only one of its key points was edited. One indexed read per save buys a trail in
    which every "changed" entry shows what changed.
    """

    def post_save(self, instance: models.Model, created: bool, using=None, **kwargs) -> None:
        if not created and not kwargs.get("raw", False) and self._unchanged(instance):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance: models.Model) -> bool:
        names = [field.attname for field in self.fields_included(instance)]
        latest = getattr(instance, self.manager_name).values(*names).first()
        return latest is not None and all(latest[n] == getattr(instance, n) for n in names)


@contextmanager
def changes_recorded_as(user: models.Model | None) -> Iterator[None]:
    """Work done outside a request (a background import) recorded under `user`, as the
    history middleware records a request's work under the signed-in user."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user) if user is not None else None
    try:
        yield
    finally:
        if previous is None:
            with suppress(AttributeError):
                del context.request
        else:
            context.request = previous
