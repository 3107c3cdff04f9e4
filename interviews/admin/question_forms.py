"""Forms of the question admin: key points with their synonyms, and the import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.importing import SUPPORTED_EXTENSIONS, ImportFileError
from interviews.importing.limits import ImportLimits
from interviews.models import KeyPoint, QuestionLanguage, Track


class SynonymsField(forms.CharField):
    """The JSON list of synonyms as one comma-separated line."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def has_changed(self, initial, data) -> bool:
        # Compare lists: an untouched blank row (None vs "") is not a change.
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)

    # A CharField on the form whose cleaned value is a list: narrower than Field's.
    def to_python(self, value) -> list[str]:  # type: ignore[override]
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
            ("", _("— detect —")),
            ("utf-8", "UTF-8"),
            ("cp949", _("Korean Windows (CP949 / EUC-KR)")),
            ("utf-16", "UTF-16"),
        ],
        required=False,
        help_text=_(
            "Detected from the file (UTF-8, UTF-16, or Korean Windows CP949); choose one only "
            "if the detection is wrong."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("dry run"),
        required=False,
        initial=True,
        help_text=_("Only show what would be imported; nothing is saved."),
    )

    def clean_file(self):
        """Over the size limit: refused here, before the file is read or stored."""
        upload = self.cleaned_data["file"]
        try:
            ImportLimits.from_settings().check_upload_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc), code="too_large") from exc
        return upload
