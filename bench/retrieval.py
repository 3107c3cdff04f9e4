"""Measures the local retriever: index build, tokenising, query latency and recall@5.

    .venv/bin/python bench/retrieval.py [--sizes 1000,10000,100000] [--queries 200]

Synthetic part: Korean + English technical chunks generated from a vocabulary, indexed
with LexicalIndex directly (no database). Recall part: bench/data/grading_set.jsonl
(qid, language, question, query, ...): its unique questions plus the starter bank as
distractors; a hit is the query's own question in the top 5.
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")

import django  # noqa: E402 - Django is configured before the app imports below

django.setup()

from bench.labelled import read_labelled  # noqa: E402
from interviews.engine.retrieval.documents import question_document  # noqa: E402
from interviews.engine.retrieval.lexical import LexicalIndex  # noqa: E402
from interviews.engine.retrieval.types import CHUNK, SearchDocument  # noqa: E402
from interviews.engine.text import tokenize, warm_up  # noqa: E402

GRADING_SET = ROOT / "bench" / "data" / "grading_set.jsonl"
STARTER_BANK = ROOT / "interviews" / "data" / "starter_bank"
P95_TARGET_MS = 20.0

# Words for generated text; a multi-line string split on whitespace.
KO_NOUNS = """데코레이터 클로저 제너레이터 이터레이터 코루틴 스레드 프로세스 메모리 가비지
컬렉션 참조 카운트 인터프리터 바이트코드 모듈 패키지 가상환경 의존성
트랜잭션 격리 수준 인덱스 쿼리 실행 계획 정규화 조인
커넥션 풀 캐시 세션 쿠키 토큰 인증 인가 미들웨어
라우팅 직렬화 역직렬화 마이그레이션 스키마 테이블 레코드 파티션 샤딩
복제 장애 조치 로드 밸런서 프록시 소켓 패킷 프로토콜
핸드셰이크 암호화 인증서 해시 충돌 배열 연결 리스트 스택
힙 트리 그래프 정렬 탐색 재귀 동적 계획법 복잡도
시간 공간 컨텍스트 스위칭 데드락 뮤텍스 세마포어 이벤트 루프
비동기 동기 콜백 예외 처리 로깅 모니터링 배포 컨테이너
이미지 오케스트레이션 테스트 픽스처 목 객체 상속 다형성 캡슐화
추상화 인터페이스 메서드 속성 생성자 소멸자 제네릭 타입 힌트
검증 성능 병목 프로파일링 최적화 확장성 가용성 일관성 지연
시간 처리량 요청 응답 상태 코드 헤더 본문""".split()
KO_PARTICLES = ["은", "는", "이", "가", "을", "를", "에서", "으로", "의", "와", "과", "에", "도"]
KO_PREDICATES = """사용합니다 동작합니다 필요합니다 발생합니다 줄어듭니다 늘어납니다
보장합니다 관리합니다 처리합니다 저장합니다 공유합니다 차단합니다
반환합니다 호출합니다 비교됩니다 개선됩니다""".split()
EN_TERMS = """decorator closure generator iterator coroutine thread process memory garbage collector
reference count interpreter bytecode module package virtualenv dependency transaction isolation
index query planner normalization join connection pool cache session cookie token authentication
authorization middleware routing serializer migration schema table partition sharding replication
failover load balancer proxy socket packet protocol handshake encryption certificate hash collision
array linked list stack heap tree graph sort search recursion complexity deadlock mutex semaphore
event loop async callback exception logging monitoring deployment container image kubernetes test
fixture mock inheritance polymorphism encapsulation interface method attribute constructor generic
latency throughput request response header body GIL ORM SQL HTTP TCP UDP DNS TLS REST GraphQL
select_related prefetch_related asyncio multiprocessing functools.wraps B-tree WAL MVCC""".split()
EN_VERBS = """uses wraps blocks releases shares stores returns calls locks caches retries serializes
validates schedules replicates invalidates allocates frees streams batches""".split()


def _zipf_choice(rng: random.Random, words: list[str]) -> str:
    # Real text reuses a few words a lot and most words rarely.
    return words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    ko, en = KO_NOUNS[:], EN_TERMS[:]
    rng.shuffle(ko)
    rng.shuffle(en)
    # A long tail of identifiers, as real technical text has (cache_manager_12).
    tail = [f"{rng.choice(EN_TERMS).split('.')[0].lower()}_{i}" for i in range(20000)]
    return ko, en + tail


def _sentence(rng: random.Random, ko: list[str], en: list[str]) -> str:
    roll = rng.random()
    if roll < 0.5:
        words = [_zipf_choice(rng, ko) + rng.choice(KO_PARTICLES) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.5:
            words.insert(rng.randint(0, len(words)), _zipf_choice(rng, en))
        return " ".join(words) + " " + rng.choice(KO_PREDICATES) + "."
    if roll < 0.8:
        subject, other = _zipf_choice(rng, en), _zipf_choice(rng, en)
        extra = " ".join(_zipf_choice(rng, en) for _ in range(rng.randint(1, 4)))
        return f"The {subject} {rng.choice(EN_VERBS)} the {other} when {extra} is busy."
    term = _zipf_choice(rng, en)
    noun = _zipf_choice(rng, ko)
    particle, predicate = rng.choice(KO_PARTICLES), rng.choice(KO_PREDICATES)
    return f"{term}{rng.choice(['는', '를', '에서'])} {noun}{particle} {predicate}."


def synthetic_chunks(count: int, seed: int = 7) -> list[tuple[int, str]]:
    rng = random.Random(seed)
    ko, en = _vocabulary(rng)
    chunks = []
    for pk in range(count):
        sentences = [_sentence(rng, ko, en) for _ in range(rng.randint(5, 17))]
        chunks.append((pk, " ".join(sentences)))
    return chunks


def synthetic_queries(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    ko, en = _vocabulary(rng)
    queries = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            queries.append(f"{rng.choice(ko)}에서 {rng.choice(ko)}는 어떻게 동작하나요?")
        elif kind == 1:
            queries.append(f"How does the {rng.choice(en)} handle {rng.choice(en)} under load?")
        else:
            term, noun, particle = rng.choice(EN_TERMS), rng.choice(ko), rng.choice(KO_PARTICLES)
            queries.append(f"{term}를 쓸 때 {noun}{particle} 주의할 점")
    return queries


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_size(size: int, queries: list[str]) -> None:
    chunks = synthetic_chunks(size)
    chars = statistics.mean(len(text) for _, text in chunks)
    index = LexicalIndex.from_pairs(chunks)
    # A curator edits one chunk: the next build reuses every other chunk's tokens.
    edited = [*chunks[:-1], (chunks[-1][0], chunks[-1][1] + " 수정된 문장입니다.")]
    started = time.perf_counter()
    LexicalIndex(
        [SearchDocument(kind=CHUNK, object_id=pk, text=text) for pk, text in edited],
        known_tokens=index.field_tokens,
    )
    rebuild = time.perf_counter() - started
    tokenize.cache_clear()  # every size sees the queries fresh
    for query in queries[:5]:
        index.search(query + " 워밍업", k=5)
    total, scoring, tokenising, hit_counts = [], [], [], []
    for query in queries:
        started = time.perf_counter()
        terms = tokenize(query)
        tokenised = time.perf_counter()
        hits = index.search(query, k=5)  # tokenize() is cached now: this is scoring + top-k
        done = time.perf_counter()
        tokenising.append((tokenised - started) * 1000)
        scoring.append((done - tokenised) * 1000)
        total.append((done - started) * 1000)
        hit_counts.append(len(hits))
        assert terms, query
    p95 = _percentile(total, 0.95)
    print(
        f"{size:>7,} chunks (avg {chars:.0f} chars): tokenise {index.tokenize_seconds:6.2f} s, "
        f"build {index.build_seconds:5.2f} s, rebuild after 1 edit {rebuild:5.2f} s | "
        f"query p50 {_percentile(total, 0.5):5.2f} ms, "
        f"p95 {p95:5.2f} ms (tokenise p95 {_percentile(tokenising, 0.95):4.2f}, "
        f"score+top-k p95 {_percentile(scoring, 0.95):5.2f}) | "
        f"{statistics.mean(hit_counts):.1f} hits/query"
        + ("" if p95 < P95_TARGET_MS else f"  ** over the {P95_TARGET_MS:.0f} ms target **")
    )


def _starter_questions() -> list[dict]:
    topics = {}
    tracks_file = STARTER_BANK / "tracks.json"
    if tracks_file.exists():
        for track in json.loads(tracks_file.read_text())["tracks"]:
            for topic in track.get("topics", []):
                topics[(track["slug"], topic["slug"])] = (
                    topic.get("name", ""),
                    topic.get("name_ko", ""),
                )
    questions = []
    for path in sorted(STARTER_BANK.glob("questions_*.json")):
        for item in json.loads(path.read_text())["questions"]:
            item["topic_names"] = topics.get((item.get("track"), item.get("topic")), ())
            questions.append(item)
    return questions


def _key_points(item: dict) -> list[tuple[str, list[str]]]:
    points: list[tuple[str, list[str]]] = []
    for point in item.get("key_points") or []:
        if isinstance(point, str):
            points.append((point, []))
        else:
            points.append((point.get("text", ""), point.get("synonyms") or []))
    return points


def bench_recall() -> None:
    if not GRADING_SET.exists():
        print(f"recall@5: skipped, {GRADING_SET.relative_to(ROOT)} is not there yet.")
        return
    rows = read_labelled(GRADING_SET)
    starter = _starter_questions()
    documents: list[SearchDocument] = []
    pk_of_text: dict[str, int] = {}

    def add(text: str, **fields) -> int:
        key = " ".join(text.split())
        if key not in pk_of_text:
            pk_of_text[key] = len(documents)
            documents.append(question_document(object_id=len(documents), text=text, **fields))
        return pk_of_text[key]

    # Starter questions first, so a grading question that is also a starter question
    # is indexed once, with its key points and topic as in the real bank.
    for item in starter:
        add(
            item["question"],
            track=item.get("track", ""),
            language=item.get("language", ""),
            key_points=_key_points(item),
            topic=item.get("topic", ""),
            topic_names=item["topic_names"],
        )
    target = {}
    for row in rows:
        target[row["qid"]] = add(
            row["question"],
            track=row.get("track", ""),
            language=row.get("language", ""),
            key_points=_key_points(row),
        )
    index = LexicalIndex(documents)
    # The set has one row per graded answer: each (question, query) pair counts once.
    pairs = list({(row["qid"], row["query"]): row for row in rows}.values())
    _report_recall(index, target, pairs, "query", f"{len(set(target.values()))} questions")
    answers = [row for row in rows if len((row.get("answer") or "").strip()) >= 20]
    _report_recall(index, target, answers, "answer", "candidate answers as queries")


def _report_recall(index: LexicalIndex, target: dict, rows: list[dict], field: str, what: str):
    if not rows:
        return
    found = found_filtered = 0
    reciprocal = 0.0
    misses = []
    for row in rows:
        wanted = target[row["qid"]]
        ranked = [hit.object_id for hit in index.search(row[field], k=5)]
        language = row.get("language")
        filtered = [h.object_id for h in index.search(row[field], k=5, language=language)]
        if wanted in ranked:
            found += 1
            reciprocal += 1 / (ranked.index(wanted) + 1)
        else:
            misses.append(row)
        found_filtered += wanted in filtered
    total = len(rows)
    print(
        f"recall@5 over {total} {field} texts ({what}; {len(index)} questions indexed with the "
        f"starter bank): {found / total:.3f} (MRR@5 {reciprocal / total:.3f}); "
        f"with the language filter: {found_filtered / total:.3f}"
    )
    for row in misses[:5]:
        print(f"  miss [{row.get('language', '?')}] {row['qid']}: {row[field][:70]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    started = time.perf_counter()
    warm_up()
    print(f"Kiwi loaded and warmed up in {time.perf_counter() - started:.2f} s")
    queries = synthetic_queries(args.queries)
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        bench_size(size, queries)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    bench_recall()


if __name__ == "__main__":
    main()
