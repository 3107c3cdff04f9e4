import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.roles import BOOTCAMP_STAFF_GROUP, CURATOR_GROUP

DISPLAY_NAME_MAX_LENGTH = 60


class Language(models.TextChoices):
    KOREAN = "ko", "한국어"
    ENGLISH = "en", "English"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with an email address.

    The profile (display name, preferred language) lives on the user itself: every
    page needs it, and a separate table would cost a query per request.
    Roles: everyone is a candidate; curators are in the Curators group (admin access
    to the question bank); bootcamp staff are in the Bootcamp staff group.
    """

    # Removing AbstractUser's fields: django-stubs types them as str, so each assignment
    # is ignored (assignment) on purpose.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=DISPLAY_NAME_MAX_LENGTH)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KOREAN
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # An email-only manager in place of AbstractUser's username one (a narrower API).
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @cached_property
    def group_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_curator(self) -> bool:
        return self.is_superuser or CURATOR_GROUP in self.group_names

    @property
    def is_bootcamp_staff(self) -> bool:
        return self.is_superuser or BOOTCAMP_STAFF_GROUP in self.group_names


def new_invite_code() -> str:
    return secrets.token_urlsafe(9)


class OverBudget(models.TextChoices):
    """What happens to a cohort's candidate past an LLM budget (daily or monthly)."""

    REFUSE = "refuse", _("Refuse politely: the answer is saved and can be retried later")
    OFFLINE = "offline", _("Grade with the offline interviewer, marked as such")


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=120)
    invite_code = models.CharField(
        _("invite code"), max_length=32, unique=True, default=new_invite_code
    )
    invite_expires_at = models.DateTimeField(_("invite expires at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # LLM budgets: empty means the setting (LLM_MONTHLY_TOKENS_PER_COHORT,
    # LLM_DAILY_TOKENS_PER_USER); 0 means no limit.
    llm_monthly_tokens = models.PositiveBigIntegerField(
        _("LLM tokens per month for the cohort"), null=True, blank=True
    )
    llm_daily_tokens_per_user = models.PositiveIntegerField(
        _("LLM tokens per candidate per day"), null=True, blank=True
    )
    llm_over_budget = models.CharField(
        _("past a budget"), max_length=10, choices=OverBudget.choices, default=OverBudget.REFUSE
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name

    @property
    def invite_is_valid(self) -> bool:
        return self.invite_expires_at is None or self.invite_expires_at > timezone.now()


class CohortMembership(models.Model):
    class Role(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        STAFF = "staff", _("Staff")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CANDIDATE)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["cohort", "role", "joined_at"]
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="unique_cohort_member"),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cohort} ({self.role})"
