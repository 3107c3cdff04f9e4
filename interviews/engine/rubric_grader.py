"""The offline grader: the deterministic rubric, streamed word by word. It yields its
`Evaluation` directly (no JSON round trip), with the score the rubric computed from its
verdicts, so the streamed "Score" line and the stored score are the same number."""

import asyncio
import re
from collections.abc import AsyncIterator

from django.conf import settings

from . import evidence, feedback, rubric
from .grader import LOCAL, GradingRequest, register
from .results import misconception_note
from .types import (
    AnswerFlag,
    Evaluation,
    FeedbackDelta,
    FeedbackDone,
    KeyPointResult,
    QuestionSpec,
)

_WORD_CHUNKS = re.compile(r"\S+\s*|\s+")


def rubric_evaluation(
    question: QuestionSpec, answer: str, language: str, *, graded_offline: bool = False
) -> Evaluation:
    """Grades with the rubric: verdicts with their evidence, the score, the feedback."""
    grade = rubric.grade(question, answer)
    markdown = feedback.rubric_feedback(question, grade, language)
    results = tuple(
        KeyPointResult(
            g.key_point.text,
            g.status,
            evidence=g.evidence,
            reference=evidence.reference_passage(question, g.key_point.text, g.key_point.synonyms),
            note=misconception_note(g.misconception) if g.misconception is not None else "",
        )
        for g in grade.key_points
    )
    strengths, improvements = feedback.strengths_and_improvements(grade)
    return Evaluation(
        score=grade.score,
        key_points=results,
        strengths=strengths if grade.flag == AnswerFlag.NONE else (),
        improvements=improvements,
        model_answer=question.model_answer,
        feedback=markdown,
        provider=LOCAL,
        graded_offline=graded_offline,
        flag=grade.flag,
        reason=feedback.reason_for(grade.flag, language),
        misconceptions=grade.misconceptions,
        support=grade.support,
        support_points=grade.support_points,
    )


class RubricGrader:
    name = LOCAL
    uses_language_model = False

    def __init__(self, chars_per_second: float) -> None:
        self.chars_per_second = chars_per_second

    async def astream(self, request: GradingRequest) -> AsyncIterator[FeedbackDelta | FeedbackDone]:
        # Grading is CPU work (and loads Kiwi on first use): keep it off the event loop.
        evaluation = await asyncio.to_thread(
            rubric_evaluation,
            request.question,
            request.answer,
            request.language,
            graded_offline=request.offline,
        )
        pace = self.chars_per_second if request.paced else 0.0
        for word in _WORD_CHUNKS.findall(evaluation.feedback):
            # Yield control even without a pause, so other streams progress.
            await asyncio.sleep(len(word) / pace if pace > 0 else 0)
            yield FeedbackDelta(word)
        yield FeedbackDone(evaluation)


@register(LOCAL)
def rubric_grader_from_settings() -> RubricGrader:
    return RubricGrader(settings.LOCAL_INTERVIEWER_CHARS_PER_SECOND)
