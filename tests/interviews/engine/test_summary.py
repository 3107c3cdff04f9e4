"""summarise: overall and per-topic scores, strengths, improvements, review list."""

from interviews.engine import summarise
from interviews.engine.types import TurnOutcome

OUTCOMES = [
    TurnOutcome("GIL이란?", "python", 90, missed=(), covered=("GIL은 락",)),
    TurnOutcome("데코레이터란?", "python", 70, missed=("functools.wraps",), covered=("감싼다",)),
    TurnOutcome("인덱스란?", "db", 30, missed=("쓰기 비용", "B-Tree"), covered=()),
    TurnOutcome("트랜잭션이란?", "db", None, skipped=True),
]


def test_scores_by_topic_and_overall():
    summary = summarise(outcomes=OUTCOMES, language="ko")
    assert summary.overall_score == round((90 + 70 + 30 + 0) / 4)
    assert summary.topic_scores == {"python": 80, "db": 15}
    assert "쓰기 비용" in summary.improvements
    assert "GIL은 락" in summary.strengths
    assert summary.review_questions == ("인덱스란?", "트랜잭션이란?")
    assert "## 면접 요약" in summary.text
    assert "(건너뜀)" in summary.text


def test_english_text_and_empty_session():
    summary = summarise(outcomes=OUTCOMES[:1], language="en")
    assert summary.text.startswith("## Interview summary")
    assert summary.review_questions == ()
    empty = summarise(outcomes=[], language="en")
    assert empty.overall_score is None
    assert "No answers were graded." in empty.text
