import pytest

from interviews.engine.retrieval import search
from interviews.models import ReferenceChunk
from interviews.services.references import (
    CHUNK_MAX_CHARS,
    CHUNK_MIN_CHARS,
    document_rechunk,
    split_into_chunks,
)
from tests.interviews.engine.retrieval.conftest import make_document

KOREAN_SENTENCE = "데코레이터는 함수를 인자로 받아 새로운 함수를 반환하는 고차 함수입니다. "
ENGLISH_SENTENCE = "A decorator wraps a function to add behaviour such as logging or caching. "


def _paragraph(sentence: str, chars: int) -> str:
    return (sentence * (chars // len(sentence) + 1))[:chars].rsplit(". ", 1)[0] + "."


def test_short_paragraphs_are_packed_and_kept_whole():
    paragraphs = [_paragraph(KOREAN_SENTENCE, 150) for _ in range(8)]

    chunks = split_into_chunks("\n\n".join(paragraphs))

    assert len(chunks) > 1
    for chunk in chunks:
        assert CHUNK_MIN_CHARS <= len(chunk) <= CHUNK_MAX_CHARS
        assert all(part in paragraphs for part in chunk.split("\n\n"))


def test_a_long_paragraph_splits_at_sentence_ends():
    paragraph = _paragraph(KOREAN_SENTENCE, 2000)

    chunks = split_into_chunks(paragraph)

    assert len(chunks) >= 3
    assert all(len(chunk) <= CHUNK_MAX_CHARS for chunk in chunks)
    assert all(chunk.endswith(".") for chunk in chunks)
    assert " ".join(chunks) == paragraph


def test_a_new_paragraph_starts_a_chunk_once_it_is_long_enough():
    first = _paragraph(ENGLISH_SENTENCE, 500)
    second = _paragraph(ENGLISH_SENTENCE, 200)

    # The first paragraph is long enough alone; the short second one joins the third.
    assert len(first) >= CHUNK_MIN_CHARS > len(second)
    assert split_into_chunks(f"{first}\n\n{second}\n\n{first}") == [
        first,
        f"{second}\n\n{first}",
    ]


def test_a_short_tail_joins_the_chunk_before_it():
    body = _paragraph(ENGLISH_SENTENCE, 700)

    assert split_into_chunks(f"{body}\n\nShort note.") == [f"{body}\n\nShort note."]


def test_code_fences_stay_together_and_keep_their_lines():
    code = "```python\ndef deco(func):\n\n    return func\n```"
    prose = _paragraph(ENGLISH_SENTENCE, 300)

    chunks = split_into_chunks(f"{prose}\n\n{code}")

    assert chunks == [f"{prose}\n\n{code}"]


def test_text_without_spaces_is_cut_at_the_limit():
    chunks = split_into_chunks("가" * 2000)

    assert [len(chunk) for chunk in chunks] == [800, 800, 400]


@pytest.mark.parametrize("content", ["", "   \n\n  \n"])
def test_empty_content_has_no_chunks(content):
    assert split_into_chunks(content) == []


def test_document_rechunk_replaces_the_old_chunks(db):
    document = make_document(title="Decorators", content="", chunks=["old text about metaclasses"])
    document.content = "\n\n".join(_paragraph(ENGLISH_SENTENCE, 300) for _ in range(5))
    document.save()

    count = document_rechunk(document=document)

    chunks = list(document.chunks.order_by("order"))
    assert count == len(chunks) >= 2
    assert [chunk.order for chunk in chunks] == list(range(count))
    assert "metaclasses" not in " ".join(chunk.text for chunk in chunks)


def test_rechunked_text_is_searchable_at_once(db):
    document = make_document(title="GIL", content="", language="ko", chunks=["메타클래스 설명"])
    assert search("메타클래스")

    document.content = "GIL은 한 번에 한 스레드만 파이썬 바이트코드를 실행하게 합니다."
    document_rechunk(document=document)

    assert search("메타클래스") == []
    assert search("바이트코드를")[0].object_id == document.chunks.get().pk


def test_a_failed_rechunk_keeps_the_old_chunks(db, monkeypatch):
    document = make_document(title="Decorators", content="New content.", chunks=["old chunk"])

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ReferenceChunk.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        document_rechunk(document=document)

    assert list(document.chunks.values_list("text", flat=True)) == ["old chunk"]
