"""Whatever a file holds, reading it gives records or a clear ImportFileError, never a crash."""

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interviews.importing import ImportFileError, read_records

# Lines as notes are written: markers, Korean and English, arrows, bullets, code fences.
_PIECES = [
    "Q1.",
    "질문:",
    "💡",
    "A:",
    "→",
    "- ",
    "* ",
    "1) ",
    "2. ",
    "## ",
    "**",
    "`",
    "```",
    "흔한 실수:",
    "주의:",
    "Pitfalls",
    "꼬리질문:",
    "키워드: ",
    "오답: ",
    "❌ ",
    "(X)",
    "무엇인가요?",
    "설명해주세요.",
    "What is",
    "?",
    "프로세스",
    "스레드",
    "GIL",
    ",",
    "·",
    "\t",
    "|",
    "  ",
    "원자성(Atomicity), 일관성(Consistency), 고립성(Isolation), 지속성",
]
_line = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=8).map("".join)
_notes = st.lists(_line, max_size=25).map("\n".join)
_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(data: bytes, filename: str) -> None:
    try:
        _, records = read_records(data, filename=filename)
    except ImportFileError as exc:
        assert str(exc)
        return
    assert records
    for record in records:
        assert isinstance(record.text, str) and isinstance(record.model_answer, str)
        for text, correction in record.misconceptions or ():
            assert text.strip() and isinstance(correction, str)


@_SETTINGS
@given(_notes)
# A follow-up list opened, then the question closed by a heading line before its items.
@example("Q1.Q1.\n꼬리질문:\n**질문:\n1) 무엇인가요?")
def test_any_markdown_notes(text):
    _read(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").encode(), "n.md")


@_SETTINGS
@given(_notes)
def test_any_csv(text):
    _read(("question,answer,오답\n" + text).encode("utf-8", "replace"), "bank.csv")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["question", "answer", "key_points", "follow_ups", "오답", "pitfalls"])
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@_SETTINGS
@given(_json_values)
def test_any_json(value):
    _read(json.dumps(value, ensure_ascii=False).encode(), "bank.json")


@_SETTINGS
@given(_notes, st.sampled_from(["ko", "en", ""]))
def test_key_points_are_drafted_from_any_answer(answer, language):
    from interviews.importing.keypoints import draft_key_points

    points = draft_key_points(answer=answer, question="설명해주세요", language=language)

    assert len(points) <= 5
    assert all(text.strip() for text, _ in points)


_long_sentences = st.lists(
    st.tuples(st.integers(1, 60), st.sampled_from(["가", "나 ", "data "])).map(
        lambda t: t[1] * t[0]
    ),
    min_size=1,
    max_size=6,
).map(", ".join)


# A real bootcamp's notes crashed here: two clauses, the first short.
@_SETTINGS
@given(_long_sentences)
def test_any_long_sentence_splits_into_its_words(sentence):
    from interviews.importing.sentences import korean_sentences

    units = korean_sentences(sentence)

    assert "".join(u.text for u in units).replace(" ", "") == sentence.replace(" ", "")
