import pytest
from django.core.management import call_command

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import Cohort, CohortMembership, User

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_usable():
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).count() == 3
    assert Cohort.objects.count() == 1
    curator = User.objects.get(email="curator@example.com")
    staff = User.objects.get(email="staff@example.com")
    assert curator.is_curator and curator.is_staff
    assert staff.is_bootcamp_staff
    assert CohortMembership.objects.filter(user=staff, role="staff").exists()
    assert User.objects.get(email="candidate@example.com").check_password(DEMO_PASSWORD)


def test_if_empty_skips_a_database_with_users(candidate):
    call_command("load_demo_data", "--if-empty")
    assert not User.objects.filter(email="candidate@example.com").exists()
