import pytest

# Until InterviewsConfig.ready() imports it, connect the receivers here.
import interviews.engine.retrieval.signals  # noqa: F401 - connects the receivers
from interviews.engine.retrieval import local, vector
from interviews.models import ReferenceChunk, ReferenceDocument
from tests.factories import QuestionFactory, TopicFactory, TrackFactory
from tests.fakes.pinecone_server import FakePinecone


@pytest.fixture(autouse=True)
def _fresh_retrievers():
    local.backend.reset()
    yield
    local.backend.reset()
    vector.open_index.cache_clear()
    vector.embeddings.cache_clear()
    vector.vector_store.cache_clear()


@pytest.fixture
def bank(db):
    """A small bilingual bank: Korean and English Python questions, a database question."""
    python = TrackFactory(slug="python", name="Python", name_ko="파이썬")
    databases = TrackFactory(slug="databases", name="Databases", name_ko="데이터베이스")
    functions = TopicFactory(
        track=python, slug="python-functions", name="Functions", name_ko="함수와 데코레이터"
    )
    concurrency = TopicFactory(
        track=python, slug="python-concurrency", name="Concurrency", name_ko="동시성"
    )
    indexes = TopicFactory(track=databases, slug="db-indexes", name="Indexes", name_ko="인덱스")
    return {
        "ko_decorator": QuestionFactory(
            track=python,
            topic=functions,
            language="ko",
            text="파이썬의 데코레이터란 무엇이며 어떻게 동작하나요?",
            key_points=[
                ("함수를 받아 새 함수를 반환한다", ["고차 함수", "래퍼"]),
                ("@ 문법은 이름을 다시 바인딩한다", ["문법적 설탕"]),
            ],
        ),
        "ko_gil": QuestionFactory(
            track=python,
            topic=concurrency,
            language="ko",
            text="파이썬에서 GIL이 멀티스레딩 성능에 미치는 영향을 설명해 주세요.",
            key_points=[("한 번에 한 스레드만 바이트코드를 실행한다", ["전역 인터프리터 락"])],
        ),
        "ko_generator": QuestionFactory(
            track=python,
            topic=functions,
            language="ko",
            text="파이썬 제너레이터와 이터레이터의 차이는 무엇인가요?",
            key_points=[("yield로 값을 하나씩 만든다", ["지연 평가"])],
        ),
        "en_decorator": QuestionFactory(
            track=python,
            topic=functions,
            language="en",
            text="What is a decorator in Python and how does it work?",
        ),
        "en_gil": QuestionFactory(
            track=python,
            topic=concurrency,
            language="en",
            text="How does the GIL affect multithreaded Python programs?",
            key_points=[("only one thread runs bytecode at a time", ["global interpreter lock"])],
        ),
        "en_index": QuestionFactory(
            track=databases,
            topic=indexes,
            language="en",
            text="When does a B-tree index speed up a query, and when does it not?",
            key_points=[("selective predicates use the index", ["selectivity"])],
        ),
    }


def make_document(*, title, content, track=None, language="en", chunks=()):
    document = ReferenceDocument.objects.create(
        title=title, content=content, track=track, language=language
    )
    for order, text in enumerate(chunks):
        ReferenceChunk.objects.create(document=document, order=order, text=text)
    return document


@pytest.fixture
def fake_pinecone():
    with FakePinecone() as fake:
        yield fake


@pytest.fixture
def pinecone_settings(settings, fake_pinecone, monkeypatch):
    """The pinecone backend pointed at the local test double, with no retries."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("LANGSMITH_TRACING", "false")
    settings.RETRIEVER_BACKEND = "pinecone"
    settings.PINECONE_API_KEY = "test-key"
    settings.PINECONE_HOST = fake_pinecone.url
    settings.PINECONE_INDEX = "interview-bot"
    settings.PINECONE_NAMESPACE = "test"
    settings.PINECONE_MAX_RETRIES = 0
    settings.OPENAI_BASE_URL = fake_pinecone.openai_url
    settings.OPENAI_API_KEY = "test"
    settings.OPENAI_EMBEDDING_MODEL = "fake-embedding"
    settings.OPENAI_MAX_RETRIES = 0
    settings.OPENAI_TIMEOUT_SECONDS = 5.0
    return settings
