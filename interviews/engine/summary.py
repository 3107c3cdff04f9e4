"""The end-of-session summary: scores by topic, strengths, gaps, questions to review."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TypedDict

from langchain_core.runnables import RunnableLambda

from .types import SessionSummary, TurnOutcome

REVIEW_BELOW = 60  # questions scoring under this are worth reviewing
STRONG_TOPIC_AT = 75

_TEXT = {
    "ko": {
        "title": "## 면접 요약",
        "overall": "**전체 점수: {score}/100** ({answered}/{total}문항 답변)",
        "no_score": "채점된 답변이 없습니다.",
        "topics": "### 주제별 점수",
        "strengths": "### 강점",
        "improvements": "### 보완할 점",
        "review": "### 다시 볼 질문",
        "skipped": " (건너뜀)",
        "strong_topic": "{topic} 주제를 잘 이해하고 있습니다",
    },
    "en": {
        "title": "## Interview summary",
        "overall": "**Overall score: {score}/100** ({answered}/{total} questions answered)",
        "no_score": "No answers were graded.",
        "topics": "### Scores by topic",
        "strengths": "### Strengths",
        "improvements": "### To improve",
        "review": "### Questions to review",
        "skipped": " (skipped)",
        "strong_topic": "Solid understanding of {topic}",
    },
}


class _SummaryInputs(TypedDict):
    outcomes: list[TurnOutcome]
    language: str


def _summarise(inputs: _SummaryInputs) -> SessionSummary:
    outcomes: list[TurnOutcome] = inputs["outcomes"]
    t = _TEXT.get(inputs["language"], _TEXT["en"])
    graded = [o for o in outcomes if not o.skipped and o.score is not None]
    # A skipped question counts as zero: the summary should not flatter by omission.
    counted = [0 if (o.skipped or o.score is None) else o.score for o in outcomes]
    overall = round(sum(counted) / len(counted)) if outcomes and graded else None

    by_topic: dict[str, list[int]] = defaultdict(list)
    for outcome, score in zip(outcomes, counted, strict=True):
        by_topic[outcome.topic or "general"].append(score)
    topic_scores = {topic: round(sum(s) / len(s)) for topic, s in by_topic.items()}

    covered = Counter(point for o in graded for point in o.covered)
    missed = Counter(point for o in outcomes for point in o.missed)
    strengths = [point for point, _ in covered.most_common(5)]
    strong = sorted(
        (topic for topic, score in topic_scores.items() if score >= STRONG_TOPIC_AT),
        key=lambda topic: -topic_scores[topic],
    )
    strengths = [t["strong_topic"].format(topic=topic) for topic in strong[:2]] + strengths
    improvements = [point for point, _ in missed.most_common(5)]
    review = [
        o.question for o in outcomes if o.skipped or o.score is None or o.score < REVIEW_BELOW
    ]

    lines = [t["title"], ""]
    if overall is None:
        lines.append(t["no_score"])
    else:
        lines.append(t["overall"].format(score=overall, answered=len(graded), total=len(outcomes)))
    if topic_scores:
        lines += ["", t["topics"]]
        lines += [f"- {topic}: {score}/100" for topic, score in sorted(topic_scores.items())]
    for heading, items in ((t["strengths"], strengths[:5]), (t["improvements"], improvements)):
        if items:
            lines += ["", heading, *[f"- {item}" for item in items]]
    if review:
        lines += ["", t["review"]]
        for o in outcomes:
            if o.question in review:
                lines.append(f"- {o.question}" + (t["skipped"] if o.skipped else ""))
    return SessionSummary(
        overall_score=overall,
        topic_scores=topic_scores,
        strengths=tuple(strengths[:5]),
        improvements=tuple(improvements),
        review_questions=tuple(dict.fromkeys(review)),
        text="\n".join(lines),
    )


summary_chain = RunnableLambda(_summarise, name="summarise")


def summarise(*, outcomes: Sequence[TurnOutcome], language: str) -> SessionSummary:
    return summary_chain.invoke({"outcomes": list(outcomes), "language": language})
