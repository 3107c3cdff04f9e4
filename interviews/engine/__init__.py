"""The interviewer engine: the one small interface the rest of the code calls.

Implemented in `interviews/engine/` modules (providers, retrieval, chains, grading);
views, consumers and services import only from here and from `engine.types`.

    astream_evaluation(*, question, answer, persona=None, language, references=())
        -> AsyncGenerator[FeedbackDelta | FeedbackDone, None]  # raises EngineError on failure
    astream_explanation(*, verdict, answer, language) -> AsyncIterator[FeedbackDelta]
        # "why?" about one verdict; never raises
    uses_language_model() -> bool   # whether reference passages are worth fetching
    model_request_sent               # ContextVar: a callable the LLM grader's HTTP client
                                     # calls when the model's response begins
    evaluate(*, question, answer, persona=None, language) -> Evaluation   # sync, whole
    choose_next_question(*, candidates, asked_ids, weak_topics, missed_key_points)
        -> QuestionSpec | None
    decide_follow_up(*, question, evaluation, asked, language) -> str | None
    follow_up_rubric(*, question, follow_up, gaps) -> (key points, model answer)
    summarise(*, outcomes, language) -> SessionSummary
    atranscribe(*, audio, filename, content_type, language) -> str
        # a spoken answer's text; raises TranscriptionError
    transcription_available() -> bool   # whether a transcription server is configured

Also `aevaluate(...)` (the async whole-result form) and, in `prompts`,
`render_prompt_preview(*, persona, question, language) -> str` for the admin.

Modules: `grader` (the port every provider implements, and the registry that picks one
from settings at call time), `rubric_grader` (offline) and `llm_grader` (ChatOpenAI via
`providers`), `scoring` (the one score formula over verdicts), `results` (the LLM's
checked verdict block), `evidence`, `misconceptions`, `rubric` + `matching`
(deterministic, Korean-aware grading), `feedback` (the rubric's Markdown in ko/en),
`prompts`, `planning` (next question, follow-ups), `summary`.
"""

from .evaluation import aevaluate, astream_evaluation, evaluate
from .explain import astream_explanation
from .grader import get_grader
from .planning import choose_next_question, decide_follow_up, follow_up_rubric
from .summary import summarise
from .transcription import TranscriptionError, atranscribe, transcription_available
from .types import EngineError, Evaluation, FeedbackDelta, FeedbackDone, model_request_sent

__all__ = [
    "EngineError",
    "Evaluation",
    "FeedbackDelta",
    "FeedbackDone",
    "TranscriptionError",
    "aevaluate",
    "astream_evaluation",
    "astream_explanation",
    "atranscribe",
    "choose_next_question",
    "decide_follow_up",
    "evaluate",
    "follow_up_rubric",
    "model_request_sent",
    "summarise",
    "transcription_available",
    "uses_language_model",
]


def uses_language_model() -> bool:
    """True when an LLM grades: only then do reference passages help (the rubric ignores them)."""
    return get_grader().uses_language_model
