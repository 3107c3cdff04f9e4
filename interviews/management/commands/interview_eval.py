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

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from pydantic import ValidationError

from interviews.engine.answer_lines import AnswerLine, line_problem
from interviews.engine.text import has_hangul, text_language
from interviews.engine.types import KeyPointSpec, QuestionSpec


def _language(row: AnswerLine, question: str, answer: str) -> str:
    if row.language in {"ko", "en"}:
        return row.language
    return text_language(answer or question, "ko" if has_hangul(question) else "en")


def _bank_question(value: int | str, line: int) -> QuestionSpec | None:
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
        row = AnswerLine.model_validate_json(text)
    except ValidationError as error:
        raise CommandError(f"line {line}: {line_problem(error)}") from None
    model_answer = row.model_answer or ""
    key_points = tuple(KeyPointSpec(k.text, tuple(k.synonyms)) for k in row.key_points or ())

    spec = _bank_question(row.question, line)
    if spec is None:
        if isinstance(row.question, int):
            raise CommandError(f"line {line}: no bank question with id {row.question}")
        if not key_points and not model_answer:
            raise CommandError(
                f"line {line}: a question not in the bank needs key_points or a model_answer"
            )
        spec = QuestionSpec(
            text=row.question,
            language=_language(row, row.question, row.answer),
            model_answer=model_answer,
            key_points=key_points,
        )
    return spec, row.answer, _language(row, spec.text, row.answer)


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
