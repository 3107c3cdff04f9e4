"""choose_next_question and decide_follow_up."""

from interviews.engine import choose_next_question, decide_follow_up
from interviews.engine.types import (
    AnswerFlag,
    Evaluation,
    KeyPointResult,
    KeyPointSpec,
    KeyPointStatus,
    QuestionSpec,
)


def _q(qid, topic, *points, follow_ups=()):
    return QuestionSpec(
        text=f"question {qid}",
        language="ko",
        model_answer="",
        key_points=tuple(KeyPointSpec(p) for p in points),
        question_id=qid,
        topic=topic,
        follow_ups=follow_ups,
    )


POOL = [
    _q(1, "python", "GIL은 한 번에 한 스레드만 실행"),
    _q(2, "python", "데코레이터는 함수를 감싼다"),
    _q(3, "db", "인덱스는 B-Tree로 정렬된 구조"),
    _q(4, "db", "트랜잭션 격리 수준과 팬텀 리드"),
    _q(5, "network", "TCP 3-way handshake"),
]


def test_never_repeats_and_returns_none_when_exhausted():
    asked: set[int] = set()
    seen = []
    for _ in POOL:
        q = choose_next_question(
            candidates=POOL, asked_ids=asked, weak_topics={}, missed_key_points=[]
        )
        assert q.question_id not in asked
        asked.add(q.question_id)
        seen.append(q.question_id)
    assert sorted(seen) == [1, 2, 3, 4, 5]
    assert (
        choose_next_question(candidates=POOL, asked_ids=asked, weak_topics={}, missed_key_points=[])
        is None
    )


def test_prefers_weak_topics():
    q = choose_next_question(
        candidates=POOL,
        asked_ids=set(),
        weak_topics={"python": 90.0, "db": 30.0, "network": 85.0},
        missed_key_points=[],
    )
    assert q.topic == "db"


def test_prefers_questions_like_missed_key_points():
    q = choose_next_question(
        candidates=POOL,
        asked_ids=set(),
        weak_topics={"python": 50.0, "db": 50.0, "network": 50.0},
        missed_key_points=["팬텀 리드가 생기는 격리 수준"],
    )
    assert q.question_id == 4


def test_is_deterministic_and_seedable():
    kwargs = {"candidates": POOL, "asked_ids": set(), "weak_topics": {}, "missed_key_points": []}
    first = choose_next_question(**kwargs)
    assert all(choose_next_question(**kwargs) == first for _ in range(5))
    picks = {choose_next_question(**kwargs, seed=seed).question_id for seed in range(20)}
    assert len(picks) > 1


def _evaluation(score, statuses, flag=AnswerFlag.NONE):
    return Evaluation(
        score=score,
        key_points=tuple(KeyPointResult(t, s) for t, s in statuses),
        strengths=(),
        improvements=(),
        model_answer="",
        feedback="",
        provider="local",
        graded_offline=False,
        flag=flag,
    )


QUESTION = _q(
    9,
    "db",
    "인덱스는 B-Tree",
    "쓰기 비용 증가",
    "카디널리티",
    follow_ups=("인덱스가 쓰기 성능에 주는 영향은?",),
)
MIXED = [
    ("인덱스는 B-Tree", KeyPointStatus.COVERED),
    ("쓰기 비용 증가", KeyPointStatus.MISSED),
    ("카디널리티", KeyPointStatus.PARTLY),
]


def test_curated_follow_up_first_then_generated_then_none():
    ev = _evaluation(50, MIXED)
    first = decide_follow_up(question=QUESTION, evaluation=ev, language="ko")
    assert first == "인덱스가 쓰기 성능에 주는 영향은?"
    second = decide_follow_up(question=QUESTION, evaluation=ev, asked=[first], language="ko")
    # The curated one probed the write cost; the generated one turns to the other gap.
    assert second and "카디널리티" in second
    assert (
        decide_follow_up(question=QUESTION, evaluation=ev, asked=[first, second], language="ko")
        is None
    )


def test_a_follow_up_is_never_asked_twice():
    ev = _evaluation(50, [("쓰기 비용 증가", KeyPointStatus.MISSED)])
    first = decide_follow_up(question=QUESTION, evaluation=ev, language="ko")
    second = decide_follow_up(question=QUESTION, evaluation=ev, asked=[first], language="ko")
    assert second is not None
    assert second != first
    assert "쓰기 비용 증가" in second


def test_generated_follow_up_in_english():
    question = _q(10, "db", "index is a B-tree", "writes get slower")
    ev = _evaluation(
        40,
        [
            ("index is a B-tree", KeyPointStatus.COVERED),
            ("writes get slower", KeyPointStatus.MISSED),
        ],
    )
    text = decide_follow_up(question=question, evaluation=ev, language="en")
    assert text.startswith("Could you say more about") and "writes get slower" in text


def test_no_follow_up_for_junk_injection_or_a_high_score():
    for ev in (
        _evaluation(0, MIXED, AnswerFlag.INJECTION),
        _evaluation(5, MIXED, AnswerFlag.DONT_KNOW),
        _evaluation(95, MIXED),
        _evaluation(60, [("인덱스는 B-Tree", KeyPointStatus.COVERED)]),
    ):
        assert decide_follow_up(question=QUESTION, evaluation=ev, language="ko") is None
