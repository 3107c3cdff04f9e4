"""The turn services' guards: one generation at a time, finished interviews refuse."""

import pytest

from interviews.models import InterviewerPersona, InterviewSession, Turn
from interviews.services.sessions import IfUnfinished
from interviews.services.turns import (
    InterviewActionError,
    Refusal,
    actions,
    answer_accept,
    lease_get,
    turn_claim_generation,
    turn_request_retry,
    turn_submit_answer,
)
from interviews.services.turns.limits import WORKER_ID

pytestmark = pytest.mark.django_db

S = Turn.EvaluationStatus


def test_answer_is_committed_pending_and_claimed_once(candidate, start_session):
    session = start_session(candidate)
    turn = session.turns.get()
    saved = turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text=" A ")
    assert saved.answer == "A"
    assert saved.evaluation_status == S.PENDING
    assert saved.answered_at is not None
    first = turn_claim_generation(turn_id=turn.pk)
    assert first is not None
    assert first.attempt == 1
    assert turn_claim_generation(turn_id=turn.pk) is None  # nobody else may claim it


def test_second_answer_to_a_busy_turn_is_refused(candidate, start_session):
    session = start_session(candidate)
    turn = session.turns.get()
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="First")
    with pytest.raises(InterviewActionError) as refused:
        turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="Again")
    assert refused.value.reason == Refusal.BUSY
    turn.refresh_from_db()
    assert turn.answer == "First"


def test_retry_of_a_stalled_generation_is_allowed_once_its_lease_is_gone(
    candidate, start_session, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    session = start_session(candidate)
    turn = session.turns.get()
    with django_capture_on_commit_callbacks(execute=True):
        turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="Answer")
    with pytest.raises(InterviewActionError):
        turn_request_retry(user=candidate, session_id=session.pk, turn_id=turn.pk)
    cache.delete(f"interviews:generation:{session.pk}")  # the worker died
    assert (
        turn_request_retry(user=candidate, session_id=session.pk, turn_id=turn.pk).evaluation_status
        == S.PENDING
    )


@pytest.mark.parametrize("user_fixture", ["other_candidate", "candidate"])
def test_refusals_for_other_users_and_finished_interviews(
    request, candidate, start_session, user_fixture
):
    session = start_session(candidate)
    turn = session.turns.get()
    user = request.getfixturevalue(user_fixture)
    if user_fixture == "candidate":
        InterviewSession.objects.filter(pk=session.pk).update(status="completed")
        expected = Refusal.FINISHED
    else:
        expected = Refusal.NOT_FOUND
    with pytest.raises(InterviewActionError) as refused:
        turn_submit_answer(user=user, session_id=session.pk, turn_id=turn.pk, text="Hi")
    assert refused.value.reason == expected
    turn.refresh_from_db()
    assert turn.answer == ""


def test_answer_accept_commits_and_claims_in_one_step(
    candidate, start_session, django_capture_on_commit_callbacks
):
    session = start_session(candidate)
    turn = session.turns.get()
    with django_capture_on_commit_callbacks(execute=True):
        inputs = answer_accept(
            user=candidate,
            session_id=session.pk,
            turn_id=turn.pk,
            text=" My answer ",
            channel="c1",
        )
    assert (inputs.turn_id, inputs.attempt, inputs.answer) == (turn.pk, 1, "My answer")
    assert inputs.question.text == turn.question_text
    turn.refresh_from_db()
    assert turn.evaluation_status == S.STREAMING
    assert turn.attempts == 1
    assert turn.answer == "My answer"
    assert lease_get(session.pk) == {"turn": turn.pk, "channel": "c1", "worker": WORKER_ID}
    assert turn_claim_generation(turn_id=turn.pk) is None  # already owned


@pytest.mark.django_db(transaction=True)  # real commits: the lease is taken on commit
def test_answer_accept_that_cannot_start_leaves_a_retryable_turn(
    candidate, start_session, monkeypatch
):

    def broken(turn):
        raise RuntimeError("persona table unavailable")

    monkeypatch.setattr(actions, "generation_inputs", broken)
    session = start_session(candidate)
    turn = session.turns.get()
    with pytest.raises(RuntimeError):
        answer_accept(
            user=candidate, session_id=session.pk, turn_id=turn.pk, text="My answer", channel="c1"
        )
    turn.refresh_from_db()
    assert turn.answer == "My answer"  # the answer is kept
    assert turn.evaluation_status == S.FAILED
    assert lease_get(session.pk) is None
    retried = turn_request_retry(user=candidate, session_id=session.pk, turn_id=turn.pk)
    assert retried.evaluation_status == S.PENDING


def test_answer_accept_costs_a_fixed_handful_of_queries(
    candidate, start_session, django_assert_num_queries
):
    session = start_session(candidate)
    turn = session.turns.get()
    # Savepoint, current turn (+ topic, + session locked, + track, + today's LLM usage),
    # answer and claim, questions-answered count, release, persona: one transaction, no
    # read-back.
    with django_assert_num_queries(6):
        answer_accept(
            user=candidate, session_id=session.pk, turn_id=turn.pk, text="My answer", channel="c"
        )


def test_the_answer_path_reads_the_persona_and_cohorts_once_in_a_while(
    candidate, start_session, django_assert_num_queries, settings
):
    from interviews.engine.retrieval import warm_up

    settings.INTERVIEWER_PROVIDER = "openai"  # the LLM budget is checked
    warm_up()
    first = start_session(candidate)
    second = start_session(candidate, if_unfinished=IfUnfinished.KEEP)
    first_turn, second_turn = first.turns.get(), second.turns.get()
    # Savepoint, current turn (with today's usage), answer, count, release; the cohorts;
    # the persona.
    with django_assert_num_queries(7):
        answer_accept(
            user=candidate,
            session_id=first.pk,
            turn_id=first_turn.pk,
            text="My answer",
            channel="c",
        )
    # The persona and the cohorts as the first answer read them.
    with django_assert_num_queries(5):
        answer_accept(
            user=candidate,
            session_id=second.pk,
            turn_id=second_turn.pk,
            text="My answer",
            channel="c",
        )


def test_a_persona_saved_here_is_used_by_the_next_answer_at_once(db, monkeypatch):
    from interviews.services.sessions import active_persona, specs

    assert active_persona() is None
    persona = InterviewerPersona.objects.create(
        name="Strict", instructions="Be strict.", tone="strict", language="en", is_active=True
    )
    assert active_persona().name == "Strict"
    # A change made elsewhere (no signal here) is seen once the cached read is old.
    InterviewerPersona.objects.filter(pk=persona.pk).update(name="Stricter")
    assert active_persona().name == "Strict"
    monkeypatch.setattr(specs, "PERSONA_CACHE_SECONDS", 0.0)
    assert active_persona().name == "Stricter"
    persona.delete()
    assert active_persona() is None


def test_a_stale_workers_result_is_discarded(candidate, start_session):
    from interviews.engine.types import Evaluation
    from interviews.services.turns import turn_store_evaluation

    session = start_session(candidate)
    turn = session.turns.get()
    turn_submit_answer(user=candidate, session_id=session.pk, turn_id=turn.pk, text="A")
    first = turn_claim_generation(turn_id=turn.pk)
    Turn.objects.filter(pk=turn.pk).update(attempts=first.attempt + 1)  # a retry took over

    stored = turn_store_evaluation(
        turn_id=turn.pk,
        attempt=first.attempt,
        evaluation=Evaluation(
            score=99,
            key_points=(),
            strengths=(),
            improvements=(),
            model_answer="",
            feedback="late",
            provider="local",
            graded_offline=False,
        ),
        first_token_ms=1,
        latency_ms=2,
    )

    turn.refresh_from_db()
    assert stored is False and turn.feedback != "late" and turn.score is None
