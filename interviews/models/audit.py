"""The audit trail's recorder: django-simple-history, minus saves that changed nothing."""

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
