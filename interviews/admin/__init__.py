"""Curation of the question bank in the Django admin.

Curators (staff in the Curators group) edit tracks, topics, questions with their key
points and follow-ups, reference documents and the interviewer persona; import files
from an upload page; and preview a question as a candidate sees it, or the full
prompt a persona produces. Every page works under the site's CSP: no inline scripts
or styles, only Django admin's own static JavaScript.

One module per part of the bank (`tracks`, `questions` with `question_forms`,
`references`, `personas` with `persona_preview`); importing them here registers their
model admins when Django's admin autodiscovers this package. `history` is the audit trail:
every audited object's "History" page and the list of all changes; `analytics` how each
question performs with candidates (both for curators only).
"""

from .analytics import bank_analytics_view
from .history import AuditHistoryMixin, bank_changes_view
from .persona_preview import NO_QUESTION_FOR_PREVIEW
from .personas import InterviewerPersonaAdmin, PersonaForm, PersonaVersionInline
from .question_forms import KeyPointForm, QuestionImportForm, SynonymsField
from .questions import (
    FollowUpInline,
    KeyPointInline,
    NeedsReviewFilter,
    QuestionAdmin,
)
from .references import ReferenceChunkInline, ReferenceDocumentAdmin
from .tracks import TopicAdmin, TopicInline, TrackAdmin

__all__ = [
    "NO_QUESTION_FOR_PREVIEW",
    "AuditHistoryMixin",
    "FollowUpInline",
    "InterviewerPersonaAdmin",
    "KeyPointForm",
    "KeyPointInline",
    "NeedsReviewFilter",
    "PersonaForm",
    "PersonaVersionInline",
    "QuestionAdmin",
    "QuestionImportForm",
    "ReferenceChunkInline",
    "ReferenceDocumentAdmin",
    "SynonymsField",
    "TopicAdmin",
    "TopicInline",
    "TrackAdmin",
    "bank_analytics_view",
    "bank_changes_view",
]
