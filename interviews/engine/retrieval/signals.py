"""Marks retrieval content as changed whenever curated content is saved or deleted.

Imported once from InterviewsConfig.ready(); `dispatch_uid` keeps a second import
from connecting twice.
"""

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from interviews.engine.retrieval.version import mark_content_changed
from interviews.models import KeyPoint, Question, ReferenceChunk, ReferenceDocument, Topic, Track

# Topic and track names and slugs are searched and filtered on too.
WATCHED_MODELS = (Question, KeyPoint, ReferenceDocument, ReferenceChunk, Topic, Track)


def content_changed(sender: type[Model], **kwargs: object) -> None:
    mark_content_changed()


for _model in WATCHED_MODELS:
    post_save.connect(
        content_changed, sender=_model, dispatch_uid=f"retrieval-save-{_model.__name__}"
    )
    post_delete.connect(
        content_changed, sender=_model, dispatch_uid=f"retrieval-delete-{_model.__name__}"
    )
