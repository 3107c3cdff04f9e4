"""The bank's analytics page in the admin: how each question performs, sortable and
filterable, for curators (`selectors.bank_analytics` checks)."""

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from interviews.models import QuestionLanguage, QuestionStatus
from interviews.selectors import bank_analytics as selectors


def _columns(current: str) -> list[dict[str, str]]:
    """Column headers with the sort each link asks for (a second click reverses it)."""
    labels = {
        "text": _("Question"),
        "attempts": _("Attempts"),
        "mean": _("Mean score"),
        "spread": _("Spread (SD)"),
        "flagged": _("Flagged"),
        "followed": _("Follow-up asked"),
        "discrimination": _("Discrimination"),
    }
    columns = []
    for key, label in labels.items():
        if current == key:
            target, state = f"-{key}", "ascending"
        elif current == f"-{key}":
            target, state = key, "descending"
        else:
            target, state = (key if key in ("text", "discrimination", "mean") else f"-{key}"), ""
        columns.append({"key": key, "label": label, "sort": target, "state": state})
    return columns


def bank_analytics_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    minimum = request.GET.get("min_attempts", "")
    data = selectors.bank_analytics_for_curator(
        curator=request.user,
        sort=request.GET.get("sort", selectors.DEFAULT_SORT),
        track=request.GET.get("track", ""),
        language=request.GET.get("language", ""),
        status=request.GET.get("status", ""),
        min_attempts=int(minimum) if minimum.isdigit() else 0,
        page=request.GET.get("page", 1),
        fresh=request.GET.get("fresh") == "1",
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Question bank analytics"),
        "data": data,
        "columns": _columns(data.sort),
        "languages": QuestionLanguage.choices,
        "statuses": QuestionStatus.choices,
        "min_candidates": selectors.DISCRIMINATION_MIN_CANDIDATES,
        "refresh_minutes": selectors.FIGURES_CACHE_SECONDS // 60,
        "shortcuts": [
            ("discrimination", _("Least discriminating")),
            ("mean", _("Hardest")),
            ("-mean", _("Easiest")),
            ("-flagged", _("Most often flagged")),
        ],
    }
    return TemplateResponse(request, "admin/interviews/analytics/questions.html", context)
