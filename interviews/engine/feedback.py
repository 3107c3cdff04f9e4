"""The rubric interviewer's Markdown feedback and the candidate-facing reasons, ko and en."""

from . import evidence
from .rubric import TERM_LIST_CAP, RubricGrade
from .text import text_language
from .types import AnswerFlag, KeyPointStatus, QuestionSpec

REASONS = {
    "ko": {
        AnswerFlag.EMPTY: "답변이 비어 있어 채점할 내용이 없습니다.",
        AnswerFlag.JUNK: "의미 있는 내용이 없거나 너무 짧아 채점할 수 없습니다.",
        AnswerFlag.DONT_KNOW: "모른다는 답변이라 기술적인 내용을 채점할 수 없습니다.",
        AnswerFlag.COPIED_QUESTION: "질문을 그대로 옮긴 답변이라 채점할 수 없습니다.",
        AnswerFlag.OFF_TOPIC: "질문이 묻는 내용을 다루지 않아 점수를 줄 수 없습니다.",
        AnswerFlag.INJECTION: (
            "답변에 채점 지시를 바꾸거나 점수를 요구하는 내용이 있어 채점하지 않았습니다."
        ),
    },
    "en": {
        AnswerFlag.EMPTY: "The answer is empty, so there is nothing to grade.",
        AnswerFlag.JUNK: "The answer is too short or has no meaningful content to grade.",
        AnswerFlag.DONT_KNOW: "The answer says you don't know, so there is no content to grade.",
        AnswerFlag.COPIED_QUESTION: (
            "The answer repeats the question, so there is nothing to grade."
        ),
        AnswerFlag.OFF_TOPIC: (
            "The answer does not address what the question asks, so it cannot earn points."
        ),
        AnswerFlag.INJECTION: (
            "The answer tries to change the grading instructions or asks for a score, "
            "so it was not graded."
        ),
    },
}

_TEXT = {
    "ko": {
        "score": "**점수: {score}/100**",
        "covered": "### 잘 설명한 부분",
        "missing": "### 보완할 부분",
        "partly": "언급은 했지만 설명이 부족합니다.",
        "missed": "답변에서 빠졌습니다.",
        "contradicted": "반대로 설명한 것으로 보입니다. 다시 확인해 보세요.",
        "misconception": "흔한 오해입니다: “{wrong}”",
        "correction": "바로잡기: {correction}",
        "other_misconceptions": "### 바로잡을 내용",
        "why": "모범 답안의 설명: “{why}”",
        "none_covered": "- 핵심 개념을 아직 설명하지 못했습니다.",
        "all_covered": "- 핵심 내용을 모두 다뤘습니다. 실무 사례를 덧붙이면 더 좋습니다.",
        "to_cover": "### 좋은 답변이 다뤄야 할 내용",
        "offline": (
            "> AI 면접관이 이 답변을 채점하지 못해 내장 채점 기준(루브릭)으로 채점했습니다."
        ),
        "rubric_note": "_키워드와 핵심 개념 기준으로 채점했습니다. 모범 답안과 비교해 보세요._",
        "term_list": (
            "> 용어만 나열한 답변이라 점수를 {cap}점으로 제한했습니다. 각 개념이 무엇이고 왜 "
            "중요한지 문장으로 설명해 보세요."
        ),
        "unsupported": (
            "> 답변에 쓴 용어 중 {share}%만 모범 답안과 핵심 개념에 나와서 {points}점을 "
            "뺐습니다. 덧붙인 원인이나 동작 방식이 맞는지 다시 확인해 보세요."
        ),
    },
    "en": {
        "score": "**Score: {score}/100**",
        "covered": "### What you covered",
        "missing": "### What to add",
        "partly": "mentioned, but not explained fully.",
        "missed": "missing from your answer.",
        "contradicted": "this seems to be stated the wrong way round; check it again.",
        "misconception": "a common misconception: “{wrong}”",
        "correction": "Correction: {correction}",
        "other_misconceptions": "### What to correct",
        "why": "Why it matters: “{why}”",
        "none_covered": "- None of the key ideas were explained yet.",
        "all_covered": "- You covered every key idea. A practical example would make it stronger.",
        "to_cover": "### What a good answer covers",
        "offline": (
            "> The AI interviewer could not grade this answer, so the built-in rubric "
            "graded it offline."
        ),
        "rubric_note": "_Graded against the key ideas of a good answer; compare with the model "
        "answer._",
        "term_list": (
            "> The answer only lists terms, so its score is capped at {cap}. Explain in "
            "sentences what each idea is and why it matters."
        ),
        "unsupported": (
            "> Only {share}% of the terms in your answer appear in the model answer and key "
            "points, so {points} points were taken off. Check that the causes and mechanisms "
            "you added are right."
        ),
    },
}


def answer_language(answer: str, default: str) -> str:
    """The language the candidate wrote in: feedback follows it."""
    return text_language(answer, default if default in _TEXT else "en")


def text(language: str) -> dict[str, str]:
    return _TEXT.get(language, _TEXT["en"])


def reason_for(flag: AnswerFlag, language: str) -> str:
    if flag == AnswerFlag.NONE:
        return ""
    return REASONS.get(language, REASONS["en"])[flag]


def unsupported_note(support: float, points: int, language: str) -> str:
    """Why the score lost `points` for words the reference never uses ("" for none)."""
    if points <= 0:
        return ""
    return text(language)["unsupported"].format(share=round(100 * support), points=points)


def rubric_feedback(question: QuestionSpec, grade: RubricGrade, language: str) -> str:
    t = text(language)
    lines = [t["score"].format(score=grade.score), ""]
    if grade.flag != AnswerFlag.NONE:
        lines += [reason_for(grade.flag, language), "", t["to_cover"]]
        lines += [f"- {g.key_point.text}" for g in grade.key_points]
        return "\n".join(lines)
    if grade.term_list:
        lines += [t["term_list"].format(cap=TERM_LIST_CAP), ""]
    note = unsupported_note(grade.support, grade.support_points, language)
    if note:
        lines += [note, ""]
    covered = [g for g in grade.key_points if g.status == KeyPointStatus.COVERED]
    missing = [g for g in grade.key_points if g.status != KeyPointStatus.COVERED]
    lines.append(t["covered"])
    lines += [f"- ✅ {g.key_point.text}" for g in covered] or [t["none_covered"]]
    lines += ["", t["missing"]]
    if not missing:
        lines.append(t["all_covered"])
    for g in missing:
        if g.misconception is not None:
            note = t["misconception"].format(wrong=g.misconception.text)
        elif g.contradicted:
            note = t["contradicted"]
        elif g.status == KeyPointStatus.PARTLY:
            note = t["partly"]
        else:
            note = t["missed"]
        mark = "◐" if g.status == KeyPointStatus.PARTLY else "❌"
        lines.append(f"- {mark} **{g.key_point.text}**: {note}")
        if g.misconception is not None and g.misconception.correction:
            lines.append(f"  {t['correction'].format(correction=g.misconception.correction)}")
        why = evidence.reference_passage(question, g.key_point.text, g.key_point.synonyms)
        if why:
            lines.append(f"  {t['why'].format(why=why)}")
    denied = {g.misconception.text for g in grade.key_points if g.misconception is not None}
    others = [hit for hit in grade.misconceptions if hit.text not in denied]
    if others:
        lines += ["", t["other_misconceptions"]]
        for hit in others:
            lines.append(f"- ❌ {t['misconception'].format(wrong=hit.text)}")
            if hit.correction:
                lines.append(f"  {t['correction'].format(correction=hit.correction)}")
    lines += ["", t["rubric_note"]]
    return "\n".join(lines)


def strengths_and_improvements(grade: RubricGrade) -> tuple[tuple[str, ...], tuple[str, ...]]:
    strengths = tuple(g.key_point.text for g in grade.key_points if g.status == "covered")
    improvements = tuple(g.key_point.text for g in grade.key_points if g.status != "covered")
    return strengths, improvements
