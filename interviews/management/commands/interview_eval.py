"""Grades answers from a JSON Lines file with the configured interviewer.

    python manage.py interview_eval answers.jsonl [--output results.jsonl]

Each input line: {"question": <text or bank id>, "answer": "...", optional
"model_answer", "key_points": [str | {"text", "synonyms"}], "language"}. A bank
question (by id, or by its exact text) is graded with the bank's key points; any
other question with the line's own model answer and key points. Every line is
checked before anything is graded, so a bad line stops the run with its number.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from interviews.engine.text import has_hangul, text_language
from interviews.engine.types import KeyPointSpec, QuestionSpec


def _key_points(raw: Any, line: int) -> tuple[KeyPointSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CommandError(f"line {line}: key_points must be a list")
    points = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            points.append(KeyPointSpec(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            synonyms = item.get("synonyms") or []
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                raise CommandError(f"line {line}: key point synonyms must be a list of strings")
            points.append(KeyPointSpec(item["text"].strip(), tuple(synonyms)))
        else:
            raise CommandError(f"line {line}: each key point must be text or an object with a text")
    return tuple(points)


def _language(row: dict[str, Any], question: str, answer: str) -> str:
    if row.get("language") in {"ko", "en"}:
        return row["language"]
    return text_language(answer or question, "ko" if has_hangul(question) else "en")


def _bank_question(value: Any, line: int) -> QuestionSpec | None:
    from interviews.models import Question
    from interviews.services.bank import question_spec

    queryset = Question.objects.select_related("track", "topic").prefetch_related(
        "key_points", "follow_ups"
    )
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            question = queryset.filter(pk=value).first()
        else:
            question = queryset.filter(text=str(value).strip()).order_by("pk").first()
    except DatabaseError as error:
        if isinstance(value, int):
            raise CommandError(
                f"line {line}: question {value} needs the question bank, which is not "
                f"reachable ({str(error).splitlines()[0]})"
            ) from None
        # Without a database, a question given as text is graded from the line itself.
        return None
    return question_spec(question) if question else None


def parse_line(text: str, line: int) -> tuple[QuestionSpec, str, str]:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"line {line}: not valid JSON ({error.msg})") from None
    if not isinstance(row, dict):
        raise CommandError(f"line {line}: expected a JSON object")
    question, answer = row.get("question"), row.get("answer")
    if isinstance(question, bool) or not isinstance(question, (int, str)) or question == "":
        raise CommandError(f"line {line}: 'question' must be question text or a bank id")
    if not isinstance(answer, str):
        raise CommandError(f"line {line}: 'answer' must be a string")
    model_answer = row.get("model_answer") or ""
    if not isinstance(model_answer, str):
        raise CommandError(f"line {line}: 'model_answer' must be a string")
    key_points = _key_points(row.get("key_points"), line)

    spec = _bank_question(question, line)
    if spec is None:
        if isinstance(question, int):
            raise CommandError(f"line {line}: no bank question with id {question}")
        if not key_points and not model_answer:
            raise CommandError(
                f"line {line}: a question not in the bank needs key_points or a model_answer"
            )
        spec = QuestionSpec(
            text=question.strip(),
            language=_language(row, question, answer),
            model_answer=model_answer,
            key_points=key_points,
        )
    return spec, answer, _language(row, spec.text, answer)


class Command(BaseCommand):
    help = "Grade answers from a JSON Lines file and write one JSON result per line."

    def add_arguments(self, parser):
        parser.add_argument("input", help="JSON Lines file of questions and answers")
        parser.add_argument("--output", help="write results here instead of standard output")

    def handle(self, *args, **options):
        from interviews.engine import evaluate
        from interviews.engine.types import EngineError

        path = Path(options["input"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        jobs = []
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if text.strip():
                jobs.append((number, *parse_line(text, number)))

        results = []
        for number, spec, answer, language in jobs:
            try:
                evaluation = evaluate(question=spec, answer=answer, language=language)
            except EngineError as error:
                raise CommandError(f"line {number}: grading failed: {error}") from None
            results.append(
                {
                    "score": evaluation.score,
                    "key_points_covered": evaluation.covered,
                    "key_points_partly": [
                        k.text for k in evaluation.key_points if k.status == "partly"
                    ],
                    "key_points_missed": evaluation.missed,
                    "provider": evaluation.provider,
                    "graded_offline": evaluation.graded_offline,
                    "flag": str(evaluation.flag),
                }
            )
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
        if options.get("output"):
            Path(options["output"]).write_text(lines, encoding="utf-8")
            self.stderr.write(f"{len(results)} answers graded -> {options['output']}")
        else:
            (self.stdout if self.stdout else sys.stdout).write(lines, ending="")
