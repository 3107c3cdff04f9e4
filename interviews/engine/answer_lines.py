"""The JSON Lines format of graded answers: `interview_eval`'s input, and (with a label)
the benchmarks' answer sets in bench/data.

    {"question": <text or bank id>, "answer": "...", "model_answer"?: "...",
     "key_points"?: [text | {"text", "synonyms"}], "language"?: "ko" | "en"}
"""

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


class KeyPointLine(BaseModel):
    """A key point: its text alone, or {"text", "synonyms"}."""

    text: Text
    synonyms: list[StrictStr] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @field_validator("synonyms", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return value or []


class AnswerLine(BaseModel):
    """One line. Fields are checked in this order; unknown fields are ignored."""

    question: StrictInt | Text  # a bank id, or question text
    answer: StrictStr
    model_answer: StrictStr | None = None
    key_points: list[KeyPointLine] | None = None
    language: Any = None  # "ko" or "en"; anything else means "detect it"


# By the field the first error is in.
PROBLEMS = {
    "question": "'question' must be question text or a bank id",
    "answer": "'answer' must be a string",
    "model_answer": "'model_answer' must be a string",
}


def line_problem(validation: ValidationError) -> str:
    """What a line got wrong, from its first error: "'answer' must be a string"."""
    error = validation.errors()[0]
    location = error["loc"]
    if error["type"] == "json_invalid":
        return f"not valid JSON ({error['ctx']['error']})"
    if not location:
        return "expected a JSON object"
    if location[0] == "key_points":
        if "synonyms" in location:
            return "key point synonyms must be a list of strings"
        if len(location) > 1:
            return "each key point must be text or an object with a text"
        return "key_points must be a list"
    field = location[0]
    return PROBLEMS.get(str(field), f"'{field}': {error['msg'].lower()}")
