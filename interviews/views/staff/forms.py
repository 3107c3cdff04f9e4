"""Forms of the staff pages (input parsing only; the services validate again)."""

from django import forms
from django.utils.translation import gettext_lazy

from accounts import services as account_services
from interviews.models.reviews import MAX_REVIEW_COMMENT_LENGTH
from interviews.services import reviews as review_services


class CohortCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Cohort name"), max_length=120)
    invite_valid_days = forms.IntegerField(
        label=gettext_lazy("Invite valid for (days)"),
        required=False,
        min_value=1,
        max_value=account_services.INVITE_DAYS_MAX,
        help_text=gettext_lazy("Leave empty for an invite that does not expire."),
    )


class InviteRenewForm(forms.Form):
    invite_valid_days = CohortCreateForm.base_fields["invite_valid_days"]


class TurnReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REVIEW_COMMENT_LENGTH}),
    )
    score = forms.IntegerField(
        label=gettext_lazy("Your score (0 to 100)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
        error_messages={"invalid": review_services.SCORE_OUT_OF_RANGE},
    )
