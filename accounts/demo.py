"""The demo accounts that a fresh install shows to a first-time visitor: the three printed
logins and their cohort. The cohort's candidates and their interviews are the interviews
app's (`interviews/demo.py`, which builds on these; this module never imports it)."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Cohort, CohortMembership, User
from accounts.roles import BOOTCAMP_STAFF_GROUP, CURATOR_GROUP, role_groups_ensure

DEMO_PASSWORD = "interview-demo-2026"  # noqa: S105 - published demo login, printed on purpose
DEMO_COHORT_NAME = "Demo Bootcamp · Cohort 1"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str
    language: str = "ko"


DEMO_ACCOUNTS = [
    DemoAccount("candidate@example.com", "김지원", "candidate"),
    DemoAccount("curator@example.com", "Curator Kim", "curator", "en"),
    DemoAccount("staff@example.com", "Staff Park", "staff"),
]


def demo_user_ensure(email: str, display_name: str, language: str) -> User:
    """The demo user with this email, created with the demo password if missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=display_name,
            preferred_language=language,
        )
    return user


@transaction.atomic
def demo_accounts_ensure() -> tuple[list[User], Cohort]:
    """Creates (or repairs) the demo accounts and cohort; safe to run again."""
    users: list[User] = []
    groups = role_groups_ensure()
    cohort, _ = Cohort.objects.get_or_create(name=DEMO_COHORT_NAME)
    for account in DEMO_ACCOUNTS:
        user = demo_user_ensure(account.email, account.display_name, account.language)
        if account.role == "curator":
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(groups[CURATOR_GROUP])
        elif account.role == "staff":
            user.groups.add(groups[BOOTCAMP_STAFF_GROUP])
            CohortMembership.objects.get_or_create(
                cohort=cohort, user=user, defaults={"role": CohortMembership.Role.STAFF}
            )
        else:
            CohortMembership.objects.get_or_create(
                cohort=cohort, user=user, defaults={"role": CohortMembership.Role.CANDIDATE}
            )
        users.append(user)
    return users, cohort
