"""Tracks and their topics, each listed with its number of questions."""

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from interviews.models import Topic, Track

from .history import AuditHistoryMixin
from .inlines import LabelledTabularInline

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _QuestionCount(TypedDict):
    """What `get_queryset` annotates each row with."""

    _questions: int


class TopicInline(LabelledTabularInline):
    model = Topic
    extra = 0
    fields = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Track)
class TrackAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "name_ko", "slug", "order", "question_count"]
    list_editable = ["order"]
    search_fields = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TopicInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="_questions")
    def question_count(self, obj: "WithAnnotations[Track, _QuestionCount]") -> int:
        return obj._questions


@admin.register(Topic)
class TopicAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "name_ko", "track", "slug", "question_count"]
    list_filter = ["track"]
    list_select_related = ["track"]
    search_fields = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="_questions")
    def question_count(self, obj: "WithAnnotations[Topic, _QuestionCount]") -> int:
        return obj._questions
