"""Questions with their key points and follow-ups: status actions, file import and a
preview of the question as a candidate sees it."""

from typing import TYPE_CHECKING, TypedDict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.http import AuthenticatedHttpRequest
from interviews.importing import ImportFileError
from interviews.markdown import render_markdown
from interviews.models import FollowUp, KeyPoint, Misconception, Question, QuestionStatus, Topic
from interviews.selectors.import_jobs import import_job_get_for_user, import_jobs_recent_for_user
from interviews.services.bank import NO_TRACK, key_points_mark_reviewed, questions_set_status
from interviews.services.bank.health import bank_health
from interviews.services.bank.import_jobs import import_job_create

from .history import AuditHistoryMixin
from .inlines import LabelledTabularInline
from .question_forms import KeyPointForm, QuestionImportForm

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _RubricCounts(TypedDict):
    """What `get_queryset` annotates each question with."""

    _key_points: int
    _needs_review: bool


class KeyPointInline(LabelledTabularInline):
    model = KeyPoint
    form = KeyPointForm
    extra = 1


class _OwnKeyPointsMixin:
    """A foreign key to a key point offers only this question's key points."""

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "key_point":
            parent = getattr(self, "_parent", None)
            kwargs["queryset"] = (
                KeyPoint.objects.filter(question=parent) if parent else KeyPoint.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MisconceptionInline(_OwnKeyPointsMixin, LabelledTabularInline):
    model = Misconception
    extra = 1
    fields = ["order", "text", "correction", "key_point"]


class FollowUpInline(_OwnKeyPointsMixin, admin.StackedInline):
    model = FollowUp
    extra = 1
    fields = ["order", "text", "key_point", "model_answer", "key_points"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("key points needing review")
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", _("Needs review")), ("no", _("Reviewed")), ("none", _("No key points"))]

    def queryset(self, request, queryset):
        pending = KeyPoint.objects.filter(question=OuterRef("pk"), needs_review=True)
        if self.value() == "yes":
            return queryset.filter(Exists(pending))
        if self.value() == "no":
            return queryset.filter(~Exists(pending), key_points__isnull=False).distinct()
        if self.value() == "none":
            return queryset.filter(key_points__isnull=True)
        return queryset


@admin.register(Question)
class QuestionAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = [
        "short_text",
        "track",
        "topic",
        "language",
        "difficulty",
        "status",
        "key_point_count",
        "review_flag",
        "rubric_health",
    ]
    list_display_links = ["short_text"]
    list_filter = [
        "status",
        "track",
        "topic",
        "difficulty",
        "language",
        NeedsReviewFilter,
        "rubric_healthy",
    ]
    list_select_related = ["track", "topic"]
    search_fields = ["text", "external_id", "model_answer", "key_points__text"]
    search_help_text = _("Searches question text, external id, model answer and key points.")
    list_per_page = 50
    readonly_fields = ["external_id", "rubric_score", "rubric_healthy", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["track", "topic", "text", "language", "difficulty", "status"]}),
        (_("Answer"), {"fields": ["model_answer", "hint", "rubric_score", "rubric_healthy"]}),
        (
            _("Origin"),
            {
                "fields": ["source", "external_id", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [KeyPointInline, MisconceptionInline, FollowUpInline]
    actions = ["publish", "retire", "make_draft", "mark_reviewed", "check_rubrics"]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _key_points=Count("key_points", distinct=True),
                _needs_review=Count(
                    "key_points", filter=Q(key_points__needs_review=True), distinct=True
                ),
            )
        )

    @admin.display(description=_("rubric health"), ordering="rubric_score")
    def rubric_health(self, obj: Question) -> str:
        if obj.rubric_healthy is None:
            return "-"
        mark = "✓" if obj.rubric_healthy else "✗"
        return f"{mark} {obj.rubric_score}"

    def save_related(self, request, form, formsets, change):
        # Key points and misconceptions are saved with the inlines: check the rubric after.
        super().save_related(request, form, formsets, change)
        (row,) = bank_health(questions=[form.instance])
        if not row.healthy:
            self.message_user(
                request,
                _(
                    "This question's model answer scores %(score)s on its own rubric: "
                    "check its key points (run check_bank for details)."
                )
                % {"score": row.score},
                messages.WARNING,
            )

    @admin.action(description=_("Check the rubric of selected questions"), permissions=["change"])
    def check_rubrics(self, request, queryset):
        rows = bank_health(questions=queryset)
        bad = sum(not row.healthy for row in rows)
        self.message_user(
            request,
            _("%(count)s question(s) checked, %(bad)s need a look.")
            % {"count": len(rows), "bad": bad},
            messages.WARNING if bad else messages.SUCCESS,
        )

    @admin.display(description=_("question"), ordering="text")
    def short_text(self, obj: Question) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description=_("key points"), ordering="_key_points")
    def key_point_count(self, obj: "WithAnnotations[Question, _RubricCounts]") -> int:
        return obj._key_points

    @admin.display(description=_("needs review"), boolean=True, ordering="_needs_review")
    def review_flag(self, obj: "WithAnnotations[Question, _RubricCounts]") -> bool:
        return bool(obj._needs_review)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "topic":
            kwargs["queryset"] = Topic.objects.select_related("track").order_by(
                "track__order", "track__name", "name"
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "topic":
            # Topic names repeat across tracks ("SQL"); show which track each is in.
            field.label_from_instance = lambda t: f"{t.track.display_name} · {t.display_name}"
        return field

    # Actions: one UPDATE each, through the bank service.
    def _set_status(self, request, queryset, status: str, message: str) -> None:
        changed = questions_set_status(questions=queryset, status=status)
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Publish selected questions"), permissions=["change"])
    def publish(self, request, queryset):
        pending = queryset.filter(key_points__needs_review=True).distinct().count()
        self._set_status(
            request, queryset, QuestionStatus.PUBLISHED, _("Published %(count)s question(s).")
        )
        if pending:
            self.message_user(
                request,
                ngettext(
                    "%(count)s published question still has key points needing review.",
                    "%(count)s published questions still have key points needing review.",
                    pending,
                )
                % {"count": pending},
                messages.WARNING,
            )

    @admin.action(description=_("Retire selected questions"), permissions=["change"])
    def retire(self, request, queryset):
        self._set_status(
            request, queryset, QuestionStatus.RETIRED, _("Retired %(count)s question(s).")
        )

    @admin.action(description=_("Move selected questions back to draft"), permissions=["change"])
    def make_draft(self, request, queryset):
        self._set_status(
            request, queryset, QuestionStatus.DRAFT, _("Moved %(count)s question(s) to draft.")
        )

    @admin.action(description=_("Mark key points of selected as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        changed = key_points_mark_reviewed(questions=queryset)
        self.message_user(
            request, _("Marked %(count)s key point(s) as reviewed.") % {"count": changed}
        )

    # Extra pages: import and preview.
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        """The upload: stored as a job, then the job's page shows how it goes."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST":
            form = QuestionImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                track = form.cleaned_data["track"]
                try:
                    job = import_job_create(
                        user=request.user,
                        filename=upload.name,
                        data=upload.read(),
                        track_slug=track.slug if track else "",
                        language=form.cleaned_data["language"],
                        encoding=form.cleaned_data["encoding"],
                        dry_run=form.cleaned_data["dry_run"],
                    )
                except ImportFileError as exc:
                    form.add_error("file", str(exc))
                else:
                    return redirect("admin:interviews_question_import_job", job_id=job.pk)
        else:
            form = QuestionImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import questions"),
            "form": form,
            "recent_jobs": import_jobs_recent_for_user(user=request.user),
            "changelist_url": reverse("admin:interviews_question_changelist"),
        }
        return TemplateResponse(request, "admin/interviews/question/import.html", context)

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """An import's status, then its report; the page reloads itself until it ends."""
        state = import_job_get_for_user(user=request.user, job_id=job_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import of %(name)s") % {"name": state.job.filename},
            "state": state,
            "job": state.job,
            "report": state.report,
            "import_url": reverse("admin:interviews_question_import"),
            "changelist_url": reverse("admin:interviews_question_changelist"),
            # Shown in the form's own words instead (the service's names the CLI flag).
            "no_track_message": NO_TRACK,
        }
        return TemplateResponse(request, "admin/interviews/question/import_job.html", context)

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        question = get_object_or_404(
            Question.objects.select_related("track", "topic").prefetch_related(
                "key_points", "follow_ups"
            ),
            pk=object_id,
        )
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": question,
            "title": _("Preview: %(question)s") % {"question": self.short_text(question)},
            "question": question,
            "answer_html": render_markdown(question.model_answer),
            "key_points": list(question.key_points.all()),
            "follow_ups": list(question.follow_ups.all()),
            "change_url": reverse("admin:interviews_question_change", args=[question.pk]),
        }
        return TemplateResponse(request, "admin/interviews/question/preview.html", context)
