"""Tracks and their topics, each listed with its number of questions."""

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from interviews.models import Topic, Track

from .history import AuditHistoryMixin


class TopicInline(admin.TabularInline):
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
    def question_count(self, obj: Track) -> int:
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
    def question_count(self, obj: Topic) -> int:
        return obj._questions
