"""Forgets what a process keeps in memory for the answer path when its rows change.

Imported once from InterviewsConfig.ready(); `dispatch_uid` keeps a second import
from connecting twice. Each forget runs at once and again after commit, so a read made
in between from the old rows is not kept either.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from accounts.models import Cohort, CohortMembership
from interviews.models import InterviewerPersona
from interviews.services.sessions.specs import forget_active_persona
from interviews.services.turns.budget import forget_cohorts

FORGET: dict[type[Model], Callable[[], None]] = {
    InterviewerPersona: forget_active_persona,
    Cohort: forget_cohorts,
    CohortMembership: forget_cohorts,
}


def _changed(sender: type[Model], **kwargs: object) -> None:
    forget = FORGET[sender]
    forget()
    transaction.on_commit(forget)


for _model in FORGET:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"memo-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"memo-delete-{_model.__name__}")
