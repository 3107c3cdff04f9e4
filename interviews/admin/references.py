"""Reference documents; saving one rebuilds its chunks for retrieval."""

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from interviews.models import ReferenceChunk, ReferenceDocument
from interviews.services.references import document_rechunk

from .history import AuditHistoryMixin
from .inlines import LabelledTabularInline

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _ChunkCount(TypedDict):
    """What `get_queryset` annotates each document with."""

    _chunks: int


class ReferenceChunkInline(LabelledTabularInline):
    model = ReferenceChunk
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["order", "text"]
    readonly_fields = ["order", "text"]
    classes = ["collapse"]
    verbose_name_plural = _("chunks (rebuilt automatically on save)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReferenceDocument)
class ReferenceDocumentAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["title", "track", "language", "chunk_count", "updated_at"]
    list_filter = ["track", "language"]
    list_select_related = ["track"]
    search_fields = ["title", "source", "content"]
    inlines = [ReferenceChunkInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_chunks=Count("chunks"))

    @admin.display(description=_("chunks"), ordering="_chunks")
    def chunk_count(self, obj: "WithAnnotations[ReferenceDocument, _ChunkCount]") -> int:
        return obj._chunks

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # After everything is saved, so the chunks follow the content just written.
        document_rechunk(document=form.instance)
