import pytest
from django.core.cache import cache

from interviews.engine.retrieval import (
    Hit,
    RetrievalError,
    mark_content_changed,
    search,
)
from interviews.engine.retrieval.lexical import LexicalIndex
from interviews.engine.retrieval.local import LocalBackend
from interviews.engine.retrieval.version import VERSION_KEY, content_version
from interviews.models import KeyPoint, Question
from tests.factories import QuestionFactory, TrackFactory
from tests.interviews.engine.retrieval.conftest import make_document


def _ids(hits: list[Hit]) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in hits]


def test_korean_query_with_particles_finds_the_korean_decorator_question_first(bank):
    hits = search("파이썬에서 데코레이터는")

    assert hits[0].object_id == bank["ko_decorator"].pk
    assert hits[0].kind == "question"
    assert hits[0].text == bank["ko_decorator"].text
    assert hits[0].metadata["track"] == "python"
    assert hits[0].metadata["language"] == "ko"
    assert hits[0].metadata["topic"] == "python-functions"


def test_korean_query_in_other_words_finds_the_gil_question(bank):
    hits = search("멀티스레딩에서 GIL은 왜 문제가 되나요", language="ko")

    assert hits[0].object_id == bank["ko_gil"].pk


def test_english_query_finds_the_english_question(bank):
    hits = search("how do decorators work", language="en")

    assert hits[0].object_id == bank["en_decorator"].pk


def test_key_points_find_a_question_by_the_answer_words(bank):
    hits = search("global interpreter lock")

    assert hits[0].object_id == bank["en_gil"].pk


def test_hits_are_ordered_best_first_and_limited_to_k(bank):
    hits = search("python", k=2)

    assert len(hits) == 2
    assert hits[0].score >= hits[1].score > 0


@pytest.mark.parametrize("query", ["", "   ", "zzqxvw", "!!! ???", "은는이가", "the of and"])
def test_empty_or_unknown_queries_return_nothing(bank, query):
    assert search(query) == []


def test_an_empty_bank_returns_nothing(db):
    assert search("데코레이터") == []


def test_filters_by_track_language_and_kind(bank):
    document = make_document(
        title="Indexes in PostgreSQL",
        content="",
        track=TrackFactory(slug="databases"),
        chunks=["A B-tree index helps selective queries and ORDER BY."],
    )
    chunk = document.chunks.get()

    assert _ids(search("index", track="python")) == []
    assert ("question", bank["en_index"].pk) in _ids(search("index", track="databases"))
    assert _ids(search("index", kinds=("chunk",))) == [("chunk", chunk.pk)]
    assert all(hit.kind == "question" for hit in search("index", kinds=["question"]))
    assert search("index", kinds=()) == []
    assert search("제너레이터", language="en") == []
    assert {hit.metadata["language"] for hit in search("decorator 데코레이터")} == {"ko", "en"}
    assert search("decorator", track="no-such-track") == []


def test_a_chunk_without_a_track_is_found_under_every_track(bank):
    document = make_document(
        title="일반 면접 팁",
        content="",
        language="ko",
        chunks=["데코레이터 질문에는 예제 코드를 곁들이면 좋습니다."],
    )

    hits = search("데코레이터", track="python", kinds=("chunk",))

    assert _ids(hits) == [("chunk", document.chunks.get().pk)]
    assert hits[0].metadata["title"] == "일반 면접 팁"
    assert hits[0].metadata["document_id"] == document.pk


def test_drafts_and_retired_questions_are_not_found(db):
    QuestionFactory(text="What is a metaclass in Python?", status="draft")
    QuestionFactory(text="What is a metaclass used for?", status="retired")

    assert search("metaclass") == []


def test_the_index_follows_questions_added_edited_and_retired(bank):
    assert search("metaclass") == []

    question = QuestionFactory(text="What is a metaclass in Python?", language="en")
    assert _ids(search("metaclass")) == [("question", question.pk)]

    question.text = "What does __slots__ do to an instance?"
    question.save()
    assert search("metaclass") == []
    assert _ids(search("__slots__")) == [("question", question.pk)]

    question.status = "retired"
    question.save()
    assert search("__slots__") == []


def test_the_index_follows_key_points_and_deletions(bank):
    question = bank["en_index"]
    KeyPoint.objects.create(question=question, order=9, text="covering index avoids the heap")

    assert _ids(search("heap")) == [("question", question.pk)]

    question.delete()
    assert search("heap") == []


def test_the_index_is_built_once_while_nothing_changes(bank, mocker_bank_documents):
    search("데코레이터")
    search("GIL")
    search("index")

    assert mocker_bank_documents.calls == 1
    mark_content_changed()
    search("index")
    assert mocker_bank_documents.calls == 2


def test_another_process_sees_a_change_through_the_shared_version(bank):
    # Two backends stand for two processes sharing the cache.
    first, second = LocalBackend(), LocalBackend()
    assert first.search("metaclass", k=5, kinds=("question",), track=None, language=None) == []
    assert second.search("metaclass", k=5, kinds=("question",), track=None, language=None) == []

    question = QuestionFactory(text="What is a metaclass in Python?")

    for backend in (first, second):
        hits = backend.search("metaclass", k=5, kinds=("question",), track=None, language=None)
        assert _ids(hits) == [("question", question.pk)]


def test_the_version_moves_again_after_commit(bank, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bank["en_gil"].save()
        during = content_version()

    assert before != during != content_version()
    assert callbacks  # the after-commit bump was registered


def test_a_lost_version_key_rebuilds_the_index(bank):
    search("decorator")
    Question.objects.filter(pk=bank["en_gil"].pk).update(text="What is a metaclass?")
    assert search("metaclass") == []  # update() sends no signal: still the old index

    cache.delete(VERSION_KEY)

    assert _ids(search("metaclass")) == [("question", bank["en_gil"].pk)]


def test_an_unknown_backend_is_a_clear_error(settings):
    settings.RETRIEVER_BACKEND = "elastic"

    with pytest.raises(RetrievalError, match="Unknown RETRIEVER_BACKEND 'elastic'"):
        search("decorator")


def test_the_index_class_takes_plain_documents():
    index = LexicalIndex.from_pairs(
        [
            (1, "파이썬 데코레이터는 함수를 감싸는 함수입니다."),
            (2, "The GIL lets one thread run Python bytecode at a time."),
            (3, "인덱스는 선택도가 높은 조건에서 쿼리를 빠르게 합니다."),
        ]
    )

    assert [hit.object_id for hit in index.search("데코레이터를")] == [1]
    assert [hit.object_id for hit in index.search("threads")] == [2]
    assert index.search("") == []
    assert index.search("데코레이터", k=0) == []
    assert len(index) == 3
    assert index.tokenize_seconds > 0


@pytest.fixture
def mocker_bank_documents(monkeypatch):
    from interviews.engine.retrieval import local

    real = local.bank_documents

    class Counter:
        calls = 0

    def counting():
        Counter.calls += 1
        return real()

    monkeypatch.setattr(local, "bank_documents", counting)
    return Counter


@pytest.mark.parametrize("texts", [["", "   "], ["!!!", "?!"], ["the of", "and"]])
def test_documents_with_nothing_searchable_make_an_empty_index(texts):
    index = LexicalIndex.from_pairs(enumerate(texts))

    assert index.search("thread") == []
    assert index.search("은") == []


def test_a_rebuild_tokenises_only_the_changed_texts(monkeypatch):
    from interviews.engine.retrieval import lexical

    first = LexicalIndex.from_pairs(
        [(1, "데코레이터 설명"), (2, "GIL과 스레드"), (3, "plain text")]
    )
    sent_to_kiwi = []
    real = lexical.tokenize_many

    def counting(texts):
        sent_to_kiwi.extend(texts)
        return real(texts)

    monkeypatch.setattr(lexical, "tokenize_many", counting)
    second = LexicalIndex.from_pairs(
        [(1, "데코레이터 설명"), (2, "GIL과 프로세스"), (3, "plain text")]
    )
    assert sent_to_kiwi == ["데코레이터 설명", "GIL과 프로세스"]  # nothing to reuse
    sent_to_kiwi.clear()

    reused = LexicalIndex(second.documents, known_tokens=first.field_tokens)

    assert sent_to_kiwi == ["GIL과 프로세스"]
    assert [hit.object_id for hit in reused.search("프로세스")] == [2]
    assert [hit.object_id for hit in reused.search("데코레이터")] == [1]


def test_the_local_backend_reuses_tokens_after_an_edit(bank, monkeypatch):
    from interviews.engine.retrieval import lexical

    search("데코레이터")
    sent_to_kiwi = []
    real = lexical.tokenize_many

    def counting(texts):
        sent_to_kiwi.extend(texts)
        return real(texts)

    monkeypatch.setattr(lexical, "tokenize_many", counting)
    question = bank["ko_generator"]
    question.text = "파이썬 제너레이터는 메모리를 어떻게 아끼나요?"
    question.save()

    assert search("메모리를")[0].object_id == question.pk
    assert sent_to_kiwi == [question.text]


def test_warm_up_builds_the_index_before_the_first_search(bank, mocker_bank_documents):
    from interviews.engine.retrieval import warm_up

    assert warm_up() == len(bank)
    search("데코레이터")

    assert mocker_bank_documents.calls == 1


def test_warm_up_does_nothing_for_pinecone(settings):
    from interviews.engine.retrieval import warm_up

    settings.RETRIEVER_BACKEND = "pinecone"

    assert warm_up() == 0


# Committed rows: the search runs on a pool thread with its own connection, as it does live.
@pytest.mark.django_db(transaction=True)
def test_reference_passages_for_the_grader_come_from_chunks_only():
    from asgiref.sync import async_to_sync

    from interviews.engine.retrieval import areference_passages
    from interviews.models import ReferenceDocument
    from interviews.services.references import document_rechunk

    document = ReferenceDocument.objects.create(
        title="GIL notes",
        language="en",
        content="The global interpreter lock lets one thread run Python bytecode at a time.",
    )
    document_rechunk(document=document)
    passages = async_to_sync(areference_passages)("What does the global interpreter lock do?")
    assert passages and "one thread run Python bytecode" in passages[0]
    assert async_to_sync(areference_passages)("zzzz qqqq") == []
