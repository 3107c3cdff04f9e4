import io
import socket
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from interviews.engine.retrieval import RetrievalError, asearch, search
from interviews.engine.retrieval.vector import NOT_CONFIGURED
from tests.fakes.pinecone_server import fake_embedding
from tests.interviews.engine.retrieval.conftest import make_document

NAMESPACE = "test"


def _sync(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("sync_vectors", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def synced(bank, pinecone_settings, fake_pinecone):
    make_document(
        title="Decorators",
        content="",
        track=bank["en_decorator"].track,
        chunks=["functools.wraps copies the wrapped function's name and docstring."],
    )
    _sync()
    return bank


def test_sync_vectors_upserts_questions_and_chunks_with_metadata(
    bank, pinecone_settings, fake_pinecone
):
    document = make_document(title="Decorators", content="", chunks=["functools.wraps copies."])
    chunk = document.chunks.get()

    stdout, stderr = _sync("--batch-size", "4")

    question = bank["ko_decorator"]
    assert fake_pinecone.ids(NAMESPACE) == {f"question-{q.pk}" for q in bank.values()} | {
        f"chunk-{chunk.pk}"
    }
    stored = fake_pinecone.vector(f"question-{question.pk}", NAMESPACE)
    assert stored["metadata"] == {
        "text": question.text,
        "kind": "question",
        "object_id": float(question.pk),
        "track": "python",
        "language": "ko",
        "topic": "python-functions",
        "difficulty": "junior",
    }
    assert fake_pinecone.vector(f"chunk-{chunk.pk}", NAMESPACE)["metadata"]["track"] == ""
    assert "Upserted 7 vectors (6 questions, 1 chunks); deleted 0 stale vectors." in stdout
    assert "Upserting" in stderr and "7/7" in stderr
    assert fake_pinecone.paths().count("/vectors/upsert") == 2  # 7 documents, batches of 4
    assert fake_pinecone.requests[0]["headers"]["Api-Key"] == "test-key"


def test_sync_vectors_deletes_vectors_of_removed_and_retired_questions(
    synced, fake_pinecone, pinecone_settings
):
    removed, retired = synced["en_index"], synced["en_gil"]
    removed_id, retired_id = f"question-{removed.pk}", f"question-{retired.pk}"
    # Someone else's vector in the same namespace is not ours to delete.
    fake_pinecone.upsert(
        {
            "namespace": NAMESPACE,
            "vectors": [{"id": "other-1", "values": fake_embedding("x"), "metadata": {}}],
        }
    )
    assert {removed_id, retired_id} <= fake_pinecone.ids(NAMESPACE)

    removed.delete()
    retired.status = "retired"
    retired.save()
    stdout, _ = _sync()

    ids = fake_pinecone.ids(NAMESPACE)
    assert removed_id not in ids
    assert retired_id not in ids
    assert "other-1" in ids
    assert f"question-{synced['ko_decorator'].pk}" in ids
    assert "deleted 2 stale vectors" in stdout


def test_sync_vectors_dry_run_writes_nothing(bank, pinecone_settings, fake_pinecone):
    stdout, _ = _sync("--dry-run")

    assert fake_pinecone.ids(NAMESPACE) == set()
    assert fake_pinecone.embedding_calls == 0
    assert "/vectors/upsert" not in fake_pinecone.paths()
    assert "would upsert 6 vectors (6 questions, 0 chunks) and delete 0" in stdout


def test_search_through_pinecone_returns_the_right_document_with_metadata(synced):
    question = synced["en_decorator"]

    hits = search("What is a decorator in Python?", k=3)

    assert hits[0].kind == "question"
    assert hits[0].object_id == question.pk
    assert isinstance(hits[0].object_id, int)
    assert hits[0].text == question.text
    assert hits[0].metadata["track"] == "python"
    assert hits[0].metadata["language"] == "en"
    assert 0 < hits[0].score <= 1
    assert len(hits) <= 3


def test_pinecone_search_filters_by_kind_track_and_language(synced, fake_pinecone):
    chunks = search("functools wraps docstring", kinds=("chunk",))
    assert {hit.kind for hit in chunks} == {"chunk"}

    assert all(h.metadata["language"] == "ko" for h in search("decorator", language="ko"))
    assert search("index", track="databases")[0].object_id == synced["en_index"].pk
    assert all(h.metadata["track"] in {"databases", ""} for h in search("x", track="databases"))
    last_query = [r for r in fake_pinecone.requests if r["path"] == "/query"][-1]
    assert last_query["body"]["filter"] == {"track": {"$in": ["databases", ""]}}


def test_search_uses_pinecone_when_configured(synced):
    hits = search("How does the GIL affect threads?", k=2)

    assert len(hits) <= 2
    assert (hits[0].kind, hits[0].object_id) == ("question", synced["en_gil"].pk)


@pytest.mark.asyncio
async def test_asearch_runs_the_configured_backend(pinecone_settings, fake_pinecone):
    fake_pinecone.upsert(
        {
            "namespace": NAMESPACE,
            "vectors": [
                {
                    "id": "question-5",
                    "values": fake_embedding("python decorator"),
                    "metadata": {"text": "Decorators?", "kind": "question", "object_id": 5},
                }
            ],
        }
    )

    hits = await asearch("python decorator")

    assert [(hit.kind, hit.object_id) for hit in hits] == [("question", 5)]


def test_a_pinecone_5xx_is_a_clear_error_without_retries(synced, fake_pinecone):
    fake_pinecone.fail_status = 503
    started = time.monotonic()

    with pytest.raises(
        RetrievalError, match=r"Pinecone at http://127\.0\.0\.1:\d+ failed: HTTP 503"
    ):
        search("decorator")
    with pytest.raises(CommandError, match="failed: HTTP 503"):
        _sync()

    assert time.monotonic() - started < 5


def test_an_unreachable_pinecone_is_a_clear_error(bank, pinecone_settings):
    pinecone_settings.PINECONE_HOST = _closed_port_url()

    with pytest.raises(CommandError, match=r"failed: unreachable") as error:
        _sync()
    with pytest.raises(RetrievalError, match=r"failed: unreachable"):
        search("decorator")

    assert "Traceback" not in str(error.value)


def test_a_failing_embeddings_endpoint_is_a_clear_error(bank, pinecone_settings):
    pinecone_settings.OPENAI_BASE_URL = _closed_port_url() + "/v1"

    with pytest.raises(CommandError, match="The embeddings endpoint failed"):
        _sync()
    with pytest.raises(RetrievalError, match="The embeddings endpoint failed"):
        search("decorator")


@pytest.mark.parametrize("missing", ["PINECONE_API_KEY", "PINECONE_HOST_AND_INDEX"])
def test_sync_vectors_without_pinecone_settings_says_what_to_set(db, settings, missing):
    settings.PINECONE_API_KEY = "" if missing == "PINECONE_API_KEY" else "key"
    if missing == "PINECONE_HOST_AND_INDEX":
        settings.PINECONE_HOST = ""
        settings.PINECONE_INDEX = ""

    with pytest.raises(CommandError) as error:
        _sync()

    assert str(error.value) == NOT_CONFIGURED


def test_pinecone_chunk_hits_carry_their_document(synced):
    hits = search("functools wraps docstring", kinds=("chunk",), k=1)

    assert hits[0].text == "functools.wraps copies the wrapped function's name and docstring."
    assert hits[0].metadata["title"] == "Decorators"
    assert isinstance(hits[0].metadata["document_id"], int)
    assert hits[0].metadata["order"] == 0


@pytest.mark.asyncio
async def test_asearch_finds_chunks_from_async_code(pinecone_settings, fake_pinecone):
    fake_pinecone.upsert(
        {
            "namespace": NAMESPACE,
            "vectors": [
                {
                    "id": "chunk-9",
                    "values": fake_embedding("tcp handshake"),
                    "metadata": {"text": "SYN, SYN-ACK, ACK", "kind": "chunk", "object_id": 9},
                }
            ],
        }
    )

    hits = await asearch("tcp handshake", kinds=("chunk",))

    assert [(hit.kind, hit.object_id, hit.text) for hit in hits] == [
        ("chunk", 9, "SYN, SYN-ACK, ACK")
    ]
