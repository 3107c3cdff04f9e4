"""The interviewer persona: every save is kept as a version, one persona is active, and a
curator can preview the prompt it produces or restore an earlier version."""

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from interviews.models import (
    InterviewerPersona,
    PersonaVersion,
    Question,
    QuestionLanguage,
    QuestionStatus,
)
from interviews.services.bank import question_spec
from interviews.services.personas import (
    PersonaConflictError,
    PersonaRestoreError,
    persona_activate,
    persona_restore_version,
    persona_save,
    persona_version_is_current,
)

from .history import AuditHistoryMixin
from .inlines import LabelledTabularInline
from .persona_preview import (
    NO_QUESTION_FOR_PREVIEW,
    preview_question_choices,
    render_prompt,
    sample_question,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _VersionCount(TypedDict):
    """What `get_queryset` annotates each persona with."""

    _versions: int


# Every column of a version, all read-only.
_VERSION_COLUMNS = (
    "version",
    "name",
    "tone",
    "language",
    "instructions",
    "edited_by",
    "created_at",
)

RESTORED = _("Restored version %(old)s of “%(name)s”; it is now version %(new)s.")


class PersonaVersionInline(LabelledTabularInline):
    model = PersonaVersion
    extra = 0
    max_num = 0
    can_delete = False
    fields = _VERSION_COLUMNS
    readonly_fields = _VERSION_COLUMNS
    ordering = ["-version"]
    classes = ["collapse"]
    verbose_name_plural = _("versions (every save is kept)")

    def get_queryset(self, request: HttpRequest):
        # Every row shows its editor and is compared with its persona: one query for all.
        return super().get_queryset(request).select_related("persona", "edited_by")

    # Names only: a narrower list than the stubs' (invariant) list of field groups.
    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:  # type: ignore[override]
        fields = list(_VERSION_COLUMNS)
        # The restore column only for those who may change the persona.
        if obj is not None and request.user.has_perm("interviews.change_interviewerpersona"):
            fields.append("restore")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("restore"))
    def restore(self, version: PersonaVersion) -> str | Promise:
        if persona_version_is_current(version=version):
            return _("current text")
        url = reverse(
            "admin:interviews_interviewerpersona_restore_version",
            args=[version.persona_id, version.pk],
        )
        return format_html('<a href="{}">{}</a>', url, _("Restore this version…"))


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
class InterviewerPersonaAdmin(AuditHistoryMixin, admin.ModelAdmin):
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
    def version_count(self, obj: "WithAnnotations[InterviewerPersona, _VersionCount]") -> int:
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
            path(
                "<int:object_id>/versions/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_version_view),
                name="{}_{}_restore_version".format(*info),
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
        spec = question_spec(question) if question is not None else sample_question(language)
        messages_out, unavailable = render_prompt(persona, spec, language)
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
            "question_choices": preview_question_choices(questions, language, question),
            "prompt_messages": messages_out,
            "unavailable": unavailable,
            "note": note,
            "change_url": reverse("admin:interviews_interviewerpersona_change", args=[persona.pk]),
        }
        return TemplateResponse(
            request, "admin/interviews/interviewerpersona/prompt_preview.html", context
        )

    def restore_version_view(
        self, request: HttpRequest, object_id: int, version_id: int
    ) -> HttpResponse:
        """Asks to confirm (GET), then restores the version as a new one (POST)."""
        persona = get_object_or_404(InterviewerPersona, pk=object_id)
        if not self.has_change_permission(request, persona):
            raise PermissionDenied
        version = get_object_or_404(
            PersonaVersion.objects.select_related("persona", "edited_by"),
            pk=version_id,
            persona=persona,
        )
        change_url = reverse("admin:interviews_interviewerpersona_change", args=[persona.pk])
        if request.method == "POST":
            try:
                restored = persona_restore_version(version=version, user=request.user)
            except (PersonaRestoreError, PersonaConflictError) as exc:
                self.message_user(request, str(exc), messages.ERROR)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.log_change(
                    request,
                    restored.persona,
                    f"Restored version {version.version} as version {restored.version}.",
                )
                self.message_user(
                    request,
                    RESTORED
                    % {"old": version.version, "name": restored.name, "new": restored.version},
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": persona,
            "title": _("Restore version %(version)s of “%(name)s”?")
            % {"version": version.version, "name": persona.name},
            "persona": persona,
            "version": version,
            "is_current": persona_version_is_current(version=version),
            "comparison": _comparison(persona, version),
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/interviews/interviewerpersona/restore_version.html", context
        )


_ComparisonRow = tuple[str | Promise, str | Promise, str | Promise]


def _comparison(persona: InterviewerPersona, version: PersonaVersion) -> list[_ComparisonRow]:
    """(field label, current value, the version's value) for what a restore brings back."""
    labels: dict[str, dict[str, str | Promise]] = {
        "tone": dict(InterviewerPersona.Tone.choices),
        "language": dict(QuestionLanguage.choices),
    }
    rows: list[_ComparisonRow] = []
    for name in ("name", "tone", "language", "instructions"):
        choices = labels.get(name, {})
        current, old = getattr(persona, name), getattr(version, name)
        rows.append(
            (
                cast("Field[Any, Any]", InterviewerPersona._meta.get_field(name)).verbose_name,
                choices.get(current, current),
                choices.get(old, old),
            )
        )
    return rows
