from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ProfileForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import CohortMembership


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.preferred_language,
            samesite="Lax",
            max_age=365 * 24 * 3600,
        )
        return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "cohorts": selectors.cohorts_for_candidate(user=request.user)},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = services.user_set_language(
        user=request.user, language=request.POST.get("language", "")
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 24 * 3600
    )
    return response


# --- Cohorts ---------------------------------------------------------------------------------
@login_required
def join_cohort(request: AuthenticatedHttpRequest, code: str = "") -> HttpResponse:
    """The invite link or the code form: GET shows the cohort and its staff, POST joins."""
    if request.method == "POST":
        code = request.POST.get("code", code).strip()
    preview, error = None, ""
    if code:
        try:
            preview = selectors.invite_preview_for_user(user=request.user, code=code)
        except selectors.CohortError as exc:
            error = exc.message
    elif request.method == "POST":
        error = str(selectors.INVITE_INVALID)
    if request.method == "POST" and not error:
        try:
            membership, created = services.cohort_join(user=request.user, code=code)
        except services.CohortError as exc:
            error = exc.message
        else:
            name = membership.cohort.name
            if created:
                messages.success(
                    request,
                    _("You joined %(cohort)s. Its staff can now see your interviews.")
                    % {"cohort": name},
                )
            else:
                messages.info(request, _("You are already in %(cohort)s.") % {"cohort": name})
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/join_cohort.html",
        {"code": code, "preview": None if error else preview, "error": error},
        status=HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK,
    )


@login_required
@require_POST
def leave_cohort(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    try:
        cohort = services.cohort_leave(user=request.user, cohort_id=cohort_id)
    except CohortMembership.DoesNotExist as exc:
        raise Http404("Not a member of this cohort.") from exc
    messages.success(
        request,
        _("You left %(cohort)s. Its staff can no longer see your interviews.")
        % {"cohort": cohort.name},
    )
    return redirect("accounts:profile")
