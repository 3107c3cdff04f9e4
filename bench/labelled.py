"""The benchmarks' labelled answer sets (bench/data/*.jsonl): interview_eval's line
format plus the question id, the label and the answer's search query, checked on load."""

from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import StrictStr, ValidationError

from interviews.engine.answer_lines import AnswerLine, line_problem

Label = Literal["good", "partial", "wrong", "junk", "injection"]
LABELS: tuple[str, ...] = get_args(Label)


class LabelledAnswer(AnswerLine):
    qid: StrictStr
    label: Label
    language: Literal["ko", "en"]
    track: StrictStr = ""
    query: StrictStr = ""


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """Every line of `path` as a dict; a bad line stops the benchmark with its number."""
    rows = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            rows.append(LabelledAnswer.model_validate_json(text).model_dump())
        except ValidationError as error:
            raise SystemExit(f"{path}:{number}: {line_problem(error)}") from None
    return rows
