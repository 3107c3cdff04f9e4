"""The audit trail in the admin: each audited object's "History" page, and the list of
every change to the bank. Curators only (`selectors.bank_history` checks)."""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from interviews.selectors.bank_history import (
    BankChange,
    bank_changes_for_curator,
    object_changes_for_curator,
)


def _opens(change: BankChange) -> str:
    """The history page a change is read on: its own, or its parent's (a key point's
    question). History pages, not change forms, since the row may have been deleted."""
    model, object_id = change.parent or (change.model, change.object_id)
    return reverse(f"admin:interviews_{model}_history", args=[object_id])


if TYPE_CHECKING:
    from django.db import models

    # Mixed into a `ModelAdmin`; mypy reads it as one, Django as a plain class.
    _ModelAdmin = admin.ModelAdmin[models.Model]
else:
    _ModelAdmin = object


class AuditHistoryMixin(_ModelAdmin):
    """Replaces the admin's "History" page (its own log of admin form saves) with the audit
    trail, which also has imports, bulk actions and, for a question, its key points,
    follow-ups and misconceptions."""

    def history_view(  # type: ignore[override]  # the admin lets only signed-in staff in
        self, request: AuthenticatedHttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        try:
            pk = int(unquote(object_id))
        except ValueError as exc:
            raise Http404 from exc
        changes = object_changes_for_curator(curator=request.user, model=self.model, object_id=pk)
        if obj is None and not changes:
            raise Http404
        label = str(obj) if obj is not None else changes[0].object_label
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "object_label": label,
            "title": _("History: %(object)s") % {"object": label},
            "rows": [(change, None) for change in changes],
            "changelist_url": reverse("bank_changes"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/interviews/history/object_history.html", context)


def bank_changes_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every change to the question bank, newest first, filtered by model or editor."""
    editor = request.GET.get("editor", "")
    data = bank_changes_for_curator(
        curator=request.user,
        model=request.GET.get("model", ""),
        editor_id=int(editor) if editor.isdigit() else None,
        page=request.GET.get("page", 1),
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Changes to the question bank"),
        "data": data,
        "rows": [(change, _opens(change)) for change in data.changes],
        "query": request.GET.copy(),
    }
    return TemplateResponse(request, "admin/interviews/history/changes.html", context)
