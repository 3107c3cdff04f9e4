"""factory_boy factories for the whole suite, kept in one place."""

from datetime import timedelta

import factory

from accounts.models import Cohort, CohortMembership, User
from accounts.roles import BOOTCAMP_STAFF_GROUP, CURATOR_GROUP, role_groups_ensure

TEST_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory[User]):
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
            obj.groups.add(role_groups_ensure()[CURATOR_GROUP])


class StaffFactory(UserFactory):
    @factory.post_generation
    def staff_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(role_groups_ensure()[BOOTCAMP_STAFF_GROUP])


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")


class CohortMembershipFactory(factory.django.DjangoModelFactory[CohortMembership]):
    class Meta:
        model = CohortMembership

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = CohortMembership.Role.CANDIDATE


# --- Question bank --------------------------------------------------------------------------
from interviews.models import (  # noqa: E402 - grouped with their factories
    Assignment,
    InterviewSession,
    KeyPoint,
    Question,
    Topic,
    Track,
    Turn,
)


class TrackFactory(factory.django.DjangoModelFactory[Track]):
    class Meta:
        model = Track
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"track-{n}")
    name = factory.Sequence(lambda n: f"Track {n}")
    name_ko = factory.Sequence(lambda n: f"트랙 {n}")


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic

    track = factory.SubFactory(TrackFactory)
    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    name_ko = factory.Sequence(lambda n: f"주제 {n}")


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    track = factory.SubFactory(TrackFactory)
    topic = factory.SubFactory(TopicFactory, track=factory.SelfAttribute("..track"))
    text = factory.Sequence(lambda n: f"What is a Python decorator (variant {n})?")
    language = "en"
    difficulty = "junior"
    status = "published"
    external_id = factory.Sequence(lambda n: f"test-{n}")
    model_answer = (
        "A decorator is a callable that takes a function and returns a new function. "
        "It wraps the original to add behaviour such as logging or caching. "
        "The @ syntax is shorthand for reassigning the name to the wrapped function. "
        "functools.wraps keeps the original name and docstring."
    )
    hint = "Think about what @decorator above a def is equivalent to."

    @factory.post_generation
    def key_points(obj, create, extracted, **kwargs):
        if not create:
            return
        points = extracted or [
            ("takes a function and returns a new function", ["higher-order function"]),
            ("wraps the original to add behaviour", ["wrapper", "logging", "caching"]),
            ("@ syntax reassigns the name", ["syntactic sugar", "func = deco(func)"]),
            ("functools.wraps keeps metadata", ["wraps", "__name__", "docstring"]),
        ]
        for order, (text, synonyms) in enumerate(points):
            KeyPoint.objects.create(question=obj, order=order, text=text, synonyms=synonyms)


class InterviewSessionFactory(factory.django.DjangoModelFactory[InterviewSession]):
    class Meta:
        model = InterviewSession

    candidate = factory.SubFactory(UserFactory)
    track = factory.SubFactory(TrackFactory)
    level = "junior"
    language = "en"
    mode = InterviewSession.Mode.PRACTICE
    length = 3


class TurnFactory(factory.django.DjangoModelFactory[Turn]):
    class Meta:
        model = Turn

    session = factory.SubFactory(InterviewSessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    question = factory.SubFactory(QuestionFactory)
    topic = factory.SelfAttribute("question.topic")
    question_text = factory.SelfAttribute("question.text")
    model_answer = factory.SelfAttribute("question.model_answer")


class AssignmentFactory(factory.django.DjangoModelFactory[Assignment]):
    """Open since yesterday, due in a week (local dates)."""

    class Meta:
        model = Assignment

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Practice set {n}")
    track = factory.SubFactory(TrackFactory)
    level = "junior"
    language = "en"
    mode = InterviewSession.Mode.PRACTICE
    length = 3
    opens_on = factory.LazyFunction(lambda: _today() - timedelta(days=1))
    due_on = factory.LazyFunction(lambda: _today() + timedelta(days=7))


def _today():
    from django.utils import timezone

    return timezone.localdate()
