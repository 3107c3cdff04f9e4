from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Cohort, CohortMembership, Language, User
from accounts.selectors import (
    CohortError,
    cohort_get_by_invite,
    cohort_get_for_staff,
)


def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_set_language(*, user: User | AnonymousUser | None, language: str) -> str:
    """Validates a language choice and remembers it on the profile of a logged-in user."""
    if language not in Language.values:
        language = translation.get_language() or Language.ENGLISH
    if isinstance(user, User) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return language


# --- Cohorts ---------------------------------------------------------------------------------
# User-facing error messages; the tests import them (the invite ones live with the reads).
ALREADY_STAFF = _("You are staff in this cohort; candidates join with the invite.")
NOT_ALLOWED_TO_CREATE = _("Only bootcamp staff can create a cohort.")
INVITE_DAYS_MAX = 365


def cohort_create(*, creator: User, name: str, invite_valid_days: int | None = None) -> Cohort:
    """Creates a cohort with a fresh invite; the creator becomes its first staff member."""
    if not creator.is_bootcamp_staff:
        raise CohortError(str(NOT_ALLOWED_TO_CREATE))
    expires_at = None
    if invite_valid_days is not None:
        expires_at = timezone.now() + timedelta(days=invite_valid_days)
    with transaction.atomic():
        cohort = Cohort(
            name=" ".join(name.split()), created_by=creator, invite_expires_at=expires_at
        )
        cohort.full_clean()
        cohort.save()
        membership = CohortMembership(cohort=cohort, user=creator, role=CohortMembership.Role.STAFF)
        membership.full_clean(validate_unique=False)
        membership.save()
    return cohort


def cohort_invite_renew(
    *, staff: User, cohort_id: int, invite_valid_days: int | None = None
) -> Cohort:
    """Replaces the invite code (the old link stops working) and resets its expiry.

    Raises Http404 when `staff` may not manage that cohort.
    """
    cohort = cohort_get_for_staff(staff=staff, cohort_id=cohort_id)
    cohort.invite_code = Cohort._meta.get_field("invite_code").get_default()
    cohort.invite_expires_at = (
        timezone.now() + timedelta(days=invite_valid_days) if invite_valid_days else None
    )
    cohort.full_clean()
    cohort.save(update_fields=["invite_code", "invite_expires_at"])
    return cohort


def cohort_join(*, user: User, code: str) -> tuple[CohortMembership, bool]:
    """Adds `user` as a candidate of the cohort the invite opens; (membership, created)."""
    with transaction.atomic():
        cohort = cohort_get_by_invite(code=code)
        existing = (
            CohortMembership.objects.select_for_update().filter(cohort=cohort, user=user).first()
        )
        if existing is not None:
            if existing.role == CohortMembership.Role.STAFF:
                raise CohortError(str(ALREADY_STAFF))
            return existing, False
        membership = CohortMembership(
            cohort=cohort, user=user, role=CohortMembership.Role.CANDIDATE
        )
        membership.full_clean()
        membership.save()
    return membership, True


def cohort_leave(*, user: User, cohort_id: int) -> Cohort:
    """Removes the candidate membership; the cohort's staff lose access at once.

    Raises CohortMembership.DoesNotExist when `user` is not a candidate of that cohort.
    """
    with transaction.atomic():
        membership = (
            CohortMembership.objects.select_for_update()
            .select_related("cohort")
            .get(cohort_id=cohort_id, user=user, role=CohortMembership.Role.CANDIDATE)
        )
        cohort = membership.cohort
        membership.delete()
    return cohort


def cohort_budget_update(
    *,
    staff: User,
    cohort_id: int,
    monthly_tokens: int | None,
    daily_tokens_per_user: int | None,
    over_budget: str,
) -> Cohort:
    """Sets a cohort's LLM budgets (None: the setting's; 0: no limit) and what happens past
    one. Raises Http404 when `staff` may not manage that cohort."""
    cohort = cohort_get_for_staff(staff=staff, cohort_id=cohort_id)
    cohort.llm_monthly_tokens = monthly_tokens
    cohort.llm_daily_tokens_per_user = daily_tokens_per_user
    cohort.llm_over_budget = over_budget
    cohort.full_clean()
    cohort.save(
        update_fields=["llm_monthly_tokens", "llm_daily_tokens_per_user", "llm_over_budget"]
    )
    return cohort
