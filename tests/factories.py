"""factory_boy factories for the whole suite, kept in one place."""

import factory
from django.contrib.auth.models import Group

from accounts.models import BOOTCAMP_STAFF_GROUP, CURATOR_GROUP, Cohort, CohortMembership, User

TEST_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CuratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def curator_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=CURATOR_GROUP))


class StaffFactory(UserFactory):
    @factory.post_generation
    def staff_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=BOOTCAMP_STAFF_GROUP))


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")


class CohortMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortMembership

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = CohortMembership.Role.CANDIDATE
