"""The demo accounts that a fresh install shows to a first-time visitor."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import BOOTCAMP_STAFF_GROUP, CURATOR_GROUP, Cohort, CohortMembership, User

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


@transaction.atomic
def demo_accounts_ensure() -> tuple[list[User], Cohort]:
    """Creates (or repairs) the demo accounts and cohort; safe to run again."""
    users: list[User] = []
    cohort, _ = Cohort.objects.get_or_create(name=DEMO_COHORT_NAME)
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                display_name=account.display_name,
                preferred_language=account.language,
            )
        if account.role == "curator":
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(Group.objects.get(name=CURATOR_GROUP))
        elif account.role == "staff":
            user.groups.add(Group.objects.get(name=BOOTCAMP_STAFF_GROUP))
            CohortMembership.objects.get_or_create(
                cohort=cohort, user=user, defaults={"role": CohortMembership.Role.STAFF}
            )
        else:
            CohortMembership.objects.get_or_create(
                cohort=cohort, user=user, defaults={"role": CohortMembership.Role.CANDIDATE}
            )
        users.append(user)
    return users, cohort
