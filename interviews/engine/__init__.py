"""The interviewer engine: the one small interface the rest of the code calls.

Implemented in `interviews/engine/` modules (providers, retrieval, chains, grading);
views, consumers and services import only from here and from `engine.types`.

    astream_evaluation(*, question, answer, persona=None, language) -> AsyncIterator[
        FeedbackDelta | FeedbackDone]        # raises EngineError on failure
    evaluate(*, question, answer, persona=None, language) -> Evaluation   # sync, whole
    choose_next_question(*, candidates, asked_ids, weak_topics, missed_key_points)
        -> QuestionSpec | None
    decide_follow_up(*, question, evaluation, follow_ups_asked, language) -> str | None
    summarise(*, outcomes, language) -> SessionSummary
"""
