"""Curation of the question bank in the Django admin.

Curators (staff in the Curators group) edit tracks, topics, questions with their key
points and follow-ups, reference documents and the interviewer persona; import files
from an upload page; and preview a question as a candidate sees it, or the full
prompt a persona produces. Every page works under the site's CSP: no inline scripts
or styles, only Django admin's own static JavaScript.
"""

import logging

import nh3
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt

from interviews.importing import SUPPORTED_EXTENSIONS, ImportFileError
from interviews.models import (
    FollowUp,
    InterviewerPersona,
    KeyPoint,
    PersonaVersion,
    Question,
    QuestionLanguage,
    QuestionStatus,
    ReferenceChunk,
    ReferenceDocument,
    Topic,
    Track,
)
from interviews.services.bank import (
    key_points_mark_reviewed,
    question_spec,
    questions_import,
    questions_set_status,
)
from interviews.services.personas import (
    PersonaConflictError,
    persona_activate,
    persona_save,
    persona_spec,
)

logger = logging.getLogger(__name__)

PROMPT_PREVIEW_MISSING = _(
    "The prompt preview is not available yet: the engine does not provide "
    "interviews.engine.prompts.render_prompt_preview."
)
RECHUNK_MISSING = _(
    "Saved. Reference chunks were not rebuilt: the reference service "
    "(interviews.services.references.document_rechunk) is not available yet."
)
NO_QUESTION_FOR_PREVIEW = _("There are no questions yet; a sample question is used.")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(text: str) -> str:
    """Markdown exactly as the candidate's feedback shows it (sanitised)."""
    try:
        from interviews.markdown import render_markdown as site_render
    except ImportError:  # the candidate pages' renderer is optional here
        return mark_safe(nh3.clean(_markdown.render(text or "")))  # noqa: S308 - sanitised
    return site_render(text)


# --- Tracks and topics ------------------------------------------------------------------------
class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
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
class TopicAdmin(admin.ModelAdmin):
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


# --- Questions --------------------------------------------------------------------------------
class SynonymsField(forms.CharField):
    """The JSON list of synonyms as one comma-separated line."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def has_changed(self, initial, data) -> bool:
        # Compare lists: an untouched blank row (None vs "") is not a change.
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        items: list[str] = []
        for item in text.replace("\n", ",").split(","):
            item = item.strip()
            if item and item not in items:
                items.append(item)
        return items


class KeyPointForm(forms.ModelForm):
    synonyms = SynonymsField(
        label=_("synonyms"),
        required=False,
        help_text=_("Comma-separated: other words for the same idea."),
        widget=forms.TextInput(attrs={"size": 50}),
    )

    class Meta:
        model = KeyPoint
        fields = ["order", "text", "synonyms", "needs_review"]
        widgets = {"text": forms.TextInput(attrs={"size": 60})}


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    form = KeyPointForm
    extra = 1


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    fields = ["order", "text", "key_point"]

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "key_point":
            # Only this question's key points can be probed.
            parent = getattr(self, "_parent", None)
            kwargs["queryset"] = (
                KeyPoint.objects.filter(question=parent) if parent else KeyPoint.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "CSV, JSON, JSONL, Markdown, text or Word (.docx) interview notes. "
            "Re-importing the same file updates questions instead of duplicating them."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )
    track = forms.ModelChoiceField(
        label=_("track"),
        queryset=Track.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("— from the file —"),
        help_text=_("Required for notes; CSV/JSON files may name a track per question."),
    )
    language = forms.ChoiceField(
        label=_("language"),
        choices=[("", _("— detect —")), *QuestionLanguage.choices],
        required=False,
    )
    encoding = forms.ChoiceField(
        label=_("text encoding"),
        choices=[
            ("", _("UTF-8 (default)")),
            ("cp949", _("Korean Windows (CP949 / EUC-KR)")),
            ("utf-16", "UTF-16"),
        ],
        required=False,
        help_text=_("For CSV, JSON and Markdown files saved by older Korean Excel or Notepad."),
    )
    dry_run = forms.BooleanField(
        label=_("dry run"),
        required=False,
        initial=True,
        help_text=_("Only show what would be imported; nothing is saved."),
    )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "short_text",
        "track",
        "topic",
        "language",
        "difficulty",
        "status",
        "key_point_count",
        "review_flag",
    ]
    list_display_links = ["short_text"]
    list_filter = ["status", "track", "topic", "difficulty", "language", NeedsReviewFilter]
    list_select_related = ["track", "topic"]
    search_fields = ["text", "external_id", "model_answer", "key_points__text"]
    search_help_text = _("Searches question text, external id, model answer and key points.")
    list_per_page = 50
    readonly_fields = ["external_id", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["track", "topic", "text", "language", "difficulty", "status"]}),
        (_("Answer"), {"fields": ["model_answer", "hint"]}),
        (
            _("Origin"),
            {
                "fields": ["source", "external_id", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [KeyPointInline, FollowUpInline]
    actions = ["publish", "retire", "make_draft", "mark_reviewed"]

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

    @admin.display(description=_("question"), ordering="text")
    def short_text(self, obj: Question) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description=_("key points"), ordering="_key_points")
    def key_point_count(self, obj: Question) -> int:
        return obj._key_points

    @admin.display(description=_("needs review"), boolean=True, ordering="_needs_review")
    def review_flag(self, obj: Question) -> bool:
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
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        error = None
        if request.method == "POST":
            form = QuestionImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                track = form.cleaned_data["track"]
                try:
                    report = questions_import(
                        data=upload.read(),
                        filename=upload.name,
                        track_slug=track.slug if track else None,
                        language=form.cleaned_data["language"] or None,
                        dry_run=form.cleaned_data["dry_run"],
                        encoding=form.cleaned_data["encoding"] or None,
                    )
                except ImportFileError as exc:
                    error = str(exc)
                    form.add_error("file", error)
                else:
                    if not report.dry_run:
                        self.message_user(
                            request,
                            _("Imported %(name)s: %(summary)s.")
                            % {"name": report.filename, "summary": report.summary()},
                            messages.SUCCESS,
                        )
        else:
            form = QuestionImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import questions"),
            "form": form,
            "report": report,
            "error": error,
            "changelist_url": reverse("admin:interviews_question_changelist"),
        }
        return TemplateResponse(request, "admin/interviews/question/import.html", context)

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


# --- Reference documents ----------------------------------------------------------------------
class ReferenceChunkInline(admin.TabularInline):
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
class ReferenceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "track", "language", "chunk_count", "updated_at"]
    list_filter = ["track", "language"]
    list_select_related = ["track"]
    search_fields = ["title", "source", "content"]
    inlines = [ReferenceChunkInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_chunks=Count("chunks"))

    @admin.display(description=_("chunks"), ordering="_chunks")
    def chunk_count(self, obj: ReferenceDocument) -> int:
        return obj._chunks

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # After everything is saved, so the chunks follow the content just written.
        try:
            from interviews.services.references import document_rechunk
        except ImportError:
            self.message_user(request, RECHUNK_MISSING, messages.WARNING)
            return
        document_rechunk(document=form.instance)


# --- Interviewer persona ----------------------------------------------------------------------
class PersonaVersionInline(admin.TabularInline):
    model = PersonaVersion
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["version", "name", "tone", "language", "instructions", "edited_by", "created_at"]
    readonly_fields = fields
    ordering = ["-version"]
    classes = ["collapse"]
    verbose_name_plural = _("versions (every save is kept)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PersonaForm(forms.ModelForm):
    # Not the model field itself: form validation would reject activating a second
    # persona (the one-active constraint) before persona_save deactivates the first.
    active = forms.BooleanField(
        label=_("active"),
        required=False,
        help_text=_("The interviewer candidates meet. Activating this one deactivates the others."),
    )

    class Meta:
        model = InterviewerPersona
        fields = ["name", "tone", "language", "instructions"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["active"].initial = self.instance.is_active


@admin.register(InterviewerPersona)
class InterviewerPersonaAdmin(admin.ModelAdmin):
    form = PersonaForm
    list_display = ["name", "tone", "language", "is_active", "version_count", "updated_at"]
    list_filter = ["is_active", "tone", "language"]
    search_fields = ["name", "instructions"]
    fields = ["name", "tone", "language", "active", "instructions"]
    inlines = [PersonaVersionInline]
    actions = ["activate"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_versions=Count("versions"))

    @admin.display(description=_("versions"), ordering="_versions")
    def version_count(self, obj: InterviewerPersona) -> int:
        return obj._versions

    def save_model(self, request, obj, form, change) -> None:
        # Through the service: it keeps a version and keeps one persona active.
        obj.is_active = form.cleaned_data.get("active", False)
        try:
            persona_save(persona=obj, user=request.user)
        except PersonaConflictError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    @admin.action(description=_("Activate the selected persona"), permissions=["change"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one persona to activate."), messages.ERROR)
            return
        persona = queryset.get()
        persona_activate(persona=persona, user=request.user)
        self.message_user(request, _("“%(name)s” is now active.") % {"name": persona.name})

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/prompt-preview/",
                self.admin_site.admin_view(self.prompt_preview_view),
                name="{}_{}_prompt_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def prompt_preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        persona = get_object_or_404(InterviewerPersona, pk=object_id)
        if not self.has_view_permission(request, persona):
            raise PermissionDenied
        language = request.GET.get("language") or persona.language
        if language not in QuestionLanguage.values:
            language = persona.language
        questions = Question.objects.select_related("track", "topic").order_by(
            "-status", "track", "id"
        )
        question = None
        question_id = request.GET.get("question", "")
        if question_id.isdigit():
            question = questions.filter(pk=int(question_id)).first()
        if question is None:
            question = (
                questions.filter(language=language, status=QuestionStatus.PUBLISHED).first()
                or questions.filter(language=language).first()
                or questions.first()
            )
        note = "" if question is not None else NO_QUESTION_FOR_PREVIEW
        spec = question_spec(question) if question is not None else _sample_question(language)
        messages_out, unavailable = _render_prompt(persona, spec, language)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": persona,
            "title": _("Prompt preview: %(name)s") % {"name": persona.name},
            "persona": persona,
            "question": question,
            "spec": spec,
            "language": language,
            "languages": QuestionLanguage.choices,
            "question_choices": _question_choices(questions, language, question),
            "prompt_messages": messages_out,
            "unavailable": unavailable,
            "note": note,
            "change_url": reverse("admin:interviews_interviewerpersona_change", args=[persona.pk]),
        }
        return TemplateResponse(
            request, "admin/interviews/interviewerpersona/prompt_preview.html", context
        )


def _question_choices(questions, language: str, chosen: Question | None) -> list[Question]:
    """Questions in the preview's language (all of them if there are none), chosen first."""
    same_language = list(questions.filter(language=language)[:200])
    choices = same_language or list(questions[:200])
    if chosen is not None and chosen not in choices:
        choices.insert(0, chosen)
    return choices


def _sample_question(language: str):
    from interviews.engine.types import KeyPointSpec, QuestionSpec

    if language == "ko":
        return QuestionSpec(
            text="프로세스와 스레드의 차이를 설명해주세요.",
            language="ko",
            model_answer="프로세스는 독립된 메모리를 갖고, 스레드는 그 메모리를 공유합니다.",
            key_points=(
                KeyPointSpec("프로세스는 독립된 메모리"),
                KeyPointSpec("스레드는 메모리 공유"),
            ),
        )
    return QuestionSpec(
        text="What is the difference between a process and a thread?",
        language="en",
        model_answer="A process has its own memory space; threads share their process's memory.",
        key_points=(KeyPointSpec("process has its own memory"), KeyPointSpec("threads share")),
    )


def _render_prompt(persona: InterviewerPersona, spec, language: str):
    """[(role, text)] from the engine's preview, or ([], message) when it is missing."""
    try:
        from interviews.engine.prompts import render_prompt_preview
    except ImportError:
        return [], str(PROMPT_PREVIEW_MISSING)
    try:
        rendered = render_prompt_preview(
            persona=persona_spec(persona), question=spec, language=language
        )
    except Exception as exc:  # the preview must never take the admin page down
        logger.exception("Prompt preview failed")
        return [], str(_("The prompt preview failed: %(error)s") % {"error": exc})
    return _as_messages(rendered), ""


def _as_messages(rendered) -> list[tuple[str, str]]:
    if isinstance(rendered, str):
        return [("", rendered)]
    if isinstance(rendered, dict):
        if "messages" in rendered:
            return _as_messages(rendered["messages"])
        return [(str(k), str(v)) for k, v in rendered.items()]
    out: list[tuple[str, str]] = []
    for item in rendered if isinstance(rendered, list | tuple) else [rendered]:
        if isinstance(item, dict):
            out.append((str(item.get("role", "")), str(item.get("content", ""))))
        elif isinstance(item, list | tuple) and len(item) == 2:
            out.append((str(item[0]), str(item[1])))
        elif hasattr(item, "content"):
            out.append(
                (str(getattr(item, "type", "") or getattr(item, "role", "")), str(item.content))
            )
        else:
            out.append(("", str(item)))
    return out
