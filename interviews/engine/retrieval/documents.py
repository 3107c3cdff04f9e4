"""What the retrievers search, read from the curated bank as plain `SearchDocument`s."""

from collections.abc import Iterable

from django.db.models import Prefetch

from interviews.engine.retrieval.types import CHUNK, QUESTION, SearchDocument
from interviews.engine.text import is_hangul_word
from interviews.models import KeyPoint, Question, QuestionStatus, ReferenceChunk

# The question's own words matter most; key points and the topic name widen what
# finds it (a candidate's wording, a topic asked by name) without outranking it.
QUESTION_WEIGHT = 3
KEY_POINT_WEIGHT = 1
TOPIC_WEIGHT = 1
TITLE_WEIGHT = 1


def question_documents() -> list[SearchDocument]:
    """Every published question, with its key points and topic as extra fields."""
    questions = (
        Question.objects.filter(status=QuestionStatus.PUBLISHED)
        .select_related("track", "topic")
        .prefetch_related(Prefetch("key_points", queryset=KeyPoint.objects.order_by("order", "id")))
        .order_by("id")
    )
    documents = []
    for question in questions:
        topic = question.topic
        documents.append(
            question_document(
                object_id=question.pk,
                text=question.text,
                track=question.track.slug,
                language=question.language,
                key_points=[(p.text, p.synonyms or []) for p in question.key_points.all()],
                topic=topic.slug if topic else "",
                topic_names=(topic.name, topic.name_ko) if topic else (),
                difficulty=question.difficulty,
            )
        )
    return documents


def question_document(
    *,
    object_id: int,
    text: str,
    track: str,
    language: str,
    key_points: Iterable[tuple[str, Iterable[str]]] = (),
    topic: str = "",
    topic_names: Iterable[str] = (),
    difficulty: str = "",
) -> SearchDocument:
    """A question as retrieval sees it (also used by the benchmark on plain data)."""
    points = " ".join(" ".join([point, *map(str, synonyms)]) for point, synonyms in key_points)
    return SearchDocument(
        kind=QUESTION,
        object_id=object_id,
        text=text,
        track=track,
        language=language,
        fields=(
            (text, QUESTION_WEIGHT),
            (points, KEY_POINT_WEIGHT),
            (" ".join(n for n in topic_names if n), TOPIC_WEIGHT),
        ),
        metadata={"topic": topic, "difficulty": difficulty},
    )


def chunk_documents() -> list[SearchDocument]:
    """Every reference chunk; the document's title is searched with it."""
    chunks = ReferenceChunk.objects.select_related("document__track").order_by(
        "document_id", "order"
    )
    documents = []
    for chunk in chunks:
        document = chunk.document
        documents.append(
            SearchDocument(
                kind=CHUNK,
                object_id=chunk.pk,
                text=chunk.text,
                track=document.track.slug if document.track else "",
                language=document.language,
                fields=((chunk.text, 1), (document.title, TITLE_WEIGHT)),
                metadata={
                    "document_id": document.pk,
                    "title": document.title,
                    "order": chunk.order,
                    "source": document.source,
                },
            )
        )
    return documents


def bank_documents() -> list[SearchDocument]:
    return question_documents() + chunk_documents()


def bank_terms() -> set[str]:
    """Korean single-word terms curators wrote as key-point synonyms ("장고", "데코레이터").

    Taught to Kiwi so a loanword is one token in documents and queries alike.
    Multi-word synonyms are skipped: a phrase is not a word.
    """
    synonyms = KeyPoint.objects.filter(question__status=QuestionStatus.PUBLISHED).values_list(
        "synonyms", flat=True
    )
    terms = set()
    for values in synonyms:
        for value in values or []:
            word = str(value).strip()
            # "GIL은" or "2번" would teach Kiwi a word glued to a particle or a number.
            if 2 <= len(word) <= 8 and is_hangul_word(word):
                terms.add(word)
    return terms
