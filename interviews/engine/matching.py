"""Fuzzy, Korean-aware matching of an answer against key points.

Terms come from Kiwi (through `text`), with three grading-specific additions that
retrieval does not need: negating prefixes stay on their noun (불가능, 비동기), so
"가능" never matches "불가능"; negations are counted, so "can" and "cannot" differ;
and terms are compared on a canonical jamo form, so transliteration variants
(스레드/쓰레드, 메세지/메시지) and typos still match through character n-grams.
"""

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from .text import _ascii_terms, _stem_english, get_kiwi, normalise

_HANGUL_BASE = 0xAC00
# Tense initials and near-identical vowels collapse: loanword spellings vary on these.
_INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ"  # ㄲ→ㄱ ㄸ→ㄷ ㅃ→ㅂ ㅆ→ㅅ ㅉ→ㅈ
_MEDIALS = "ㅏㅔㅑㅔㅓㅔㅕㅔㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"  # ㅐ→ㅔ ㅒ/ㅖ→ㅔ
_FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]

_KEEP_TAGS = {"NNG", "NNP", "NR", "SH", "XR"}  # ASCII terms come from the regex instead
_PREDICATE_TAGS = ("VV", "VA")
_NEG_PREFIXES = {"불", "비", "무", "미"}
_KEEP_ADVERBS = {"못", "안", "항상", "절대", "매번", "한번", "동시", "먼저", "나중"}
# Words too common in technical answers to show that a key point was covered.
_WEAK_TERMS = frozenset(
    """하다 되다 있다 같다 이다 보다 주다 가다 오다 쓰다 사용 경우 방법 때문 위하다 위해 통하다
    부분 정도 가지 이용 관련 문제 설명 의미 기능 처리 가능 필요 여러 다양 개 번 시 것 수 등 때
    use used using way thing things case make makes made get gets data value""".split()
)
_EN_NEGATION = re.compile(
    # "avoid", "prevent" and "without" deny like "not": "avoids a scan" = "does not scan".
    r"\b(?:not|never|no|cannot|without|neither|nor|none|avoid\w*|prevent\w*|instead)\b|n't\b",
    re.IGNORECASE,
)
_KO_DENYING_STEMS = {"막", "피하", "방지", "회피", "없애"}
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+|(?<=다\.)|(?<=요\.)")


# Loanwords written in Hangul and their English spelling: candidates mix both freely
# ("CPU bound" for "CPU 바운드"). Kept small and generic; curated synonyms cover the rest.
_LOANWORDS = """스레드:thread 쓰레드:thread 프로세스:process 락:lock 캐시:cache 캐싱:caching
인덱스:index 쿼리:query 트랜잭션:transaction 메모리:memory 큐:queue 스택:stack 힙:heap
해시:hash 테이블:table 서버:server 클라이언트:client 토큰:token 세션:session 쿠키:cookie
데코레이터:decorator 제너레이터:generator 이터레이터:iterator 클래스:class 리스트:list
튜플:tuple 딕셔너리:dictionary 키:key 패킷:packet 핸드셰이크:handshake 포트:port
프로토콜:protocol 데드락:deadlock 뮤텍스:mutex 세마포어:semaphore 컨텍스트:context
스위칭:switching 바이트코드:bytecode 인터프리터:interpreter 컴파일러:compiler 바운드:bound
멀티스레딩:multithreading 멀티프로세싱:multiprocessing 코루틴:coroutine 파티션:partition
샤딩:sharding 레플리카:replica 조인:join 페이지:page 스왑:swap 라우터:router 프록시:proxy
컨테이너:container 클로저:closure 래퍼:wrapper 콜백:callback 이벤트:event 루프:loop
블로킹:blocking 논블로킹:non-blocking 레퍼런스:reference 카운트:count 카운팅:counting
가비지:garbage 컬렉션:collection 포인터:pointer 버퍼:buffer 소켓:socket 스키마:schema
커밋:commit 롤백:rollback 버전:version 컬럼:column 로우:row 레코드:record 노드:node
트리:tree 그래프:graph 배열:array 링크드:linked 재귀:recursion 피벗:pivot 파티셔닝:partitioning
레이턴시:latency 스루풋:throughput 로드:load 밸런서:balancer 스케일:scale 캐시히트:cache-hit
미들웨어:middleware 라우팅:routing 엔드포인트:endpoint 페이로드:payload 헤더:header
시그니처:signature 해싱:hashing 솔트:salt 암호화:encryption 인코딩:encoding 디코딩:decoding
리다이렉트:redirect 프리플라이트:preflight 오리진:origin 크리덴셜:credential 체이닝:chaining
버킷:bucket 슬롯:slot 충돌:collision 인스턴스:instance 오브젝트:object 메서드:method
함수:function 변수:variable 상속:inheritance 인터페이스:interface 스냅샷:snapshot
""".split()
TRANSLITERATIONS: dict[str, str] = {}
for _pair in _LOANWORDS:
    _ko, _en = _pair.split(":")
    TRANSLITERATIONS[_ko] = _stem_english(_en)

_kiwi_lock = threading.Lock()


def _kiwi_tokens(text: str) -> list:
    # Grading may run in worker threads (asyncio.to_thread); Kiwi does not promise
    # thread safety, and a call takes about a millisecond, so serialise it.
    with _kiwi_lock:
        return list(get_kiwi().tokenize(text))


def canonical(text: str) -> str:
    """Jamo string with variant spellings collapsed; ASCII lower-cased, spaces dropped."""
    out = []
    for char in normalise(text).lower():
        code = ord(char) - _HANGUL_BASE
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            out.append(_INITIALS[initial] + _MEDIALS[medial] + _FINALS[final])
        elif char.isalnum():
            out.append(char)
    return "".join(out)


def _ngrams(text: str, n: int = 3) -> set[str]:
    if len(text) <= n:
        return {text} if text else set()
    return {text[i : i + n] for i in range(len(text) - n + 1)}


@lru_cache(maxsize=50000)
def term_similarity(a: str, b: str) -> float:
    """1.0 for the same term, high for spelling variants and compounds, else low."""
    if a == b:
        return 1.0
    if TRANSLITERATIONS.get(a) == b or TRANSLITERATIONS.get(b) == a:
        return 0.95
    ca, cb = canonical(a), canonical(b)
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 0.95
    short, long_ = (a, b) if len(ca) <= len(cb) else (b, a)
    cs, cl = canonical(short), canonical(long_)
    is_korean = bool(re.search(r"[가-힣]", short))
    if is_korean and len(short) >= 2 and cs in cl:
        # 스레드 in 멀티스레드 counts; 동기 in 비동기 does not (a negating prefix).
        prefix = long_[: long_.find(short)] if short in long_ else ""
        if prefix and prefix[-1] in _NEG_PREFIXES:
            return 0.0
        return 0.85
    if not is_korean and len(cs) >= 5 and cl.startswith(cs):
        return 0.85  # serializ / serialization, cach / caching
    if (
        not is_korean
        and len(cs) >= 4
        and cl.endswith(cs)
        and long_[: len(long_) - len(short)]
        in {
            "im",
            "un",
            "in",
            "non",
            "a",
            "dis",
            "a-",
            "non-",
        }
    ):
        return 0.0  # mutable vs immutable
    ga, gb = _ngrams(ca), _ngrams(cb)
    if not ga or not gb:
        return 0.0
    dice = 2 * len(ga & gb) / (len(ga) + len(gb))
    return dice if dice >= 0.6 else 0.0


@dataclass(frozen=True)
class Terms:
    terms: tuple[str, ...]
    negations: int
    predicates: int


@lru_cache(maxsize=20000)
def analyse(text: str) -> Terms:
    """Content terms of a text, with its negation count (for polarity checks)."""
    text = normalise(text)
    if not text:
        return Terms((), 0, 0)
    terms: list[str] = []
    negations = len(_EN_NEGATION.findall(text))
    predicates = 0
    if re.search(r"[가-힣]", text):
        tokens = _kiwi_tokens(text)
        pending_prefix = ""
        for token in tokens:
            form, tag = token.form, token.tag
            if tag == "XPN":
                pending_prefix = form if form in _NEG_PREFIXES else ""
                continue
            if tag in {"NNG", "NNP", "XR"} and pending_prefix:
                form = pending_prefix + form
                if form.startswith("불") and form[1:] in {"가", "가능", "필요"}:
                    negations += 1
            pending_prefix = ""
            if tag in {"XSV", "XSA"}:
                predicates += 1  # 공유(하다), 필요(하다): a noun made a predicate
                continue
            if tag == "VX" and form in {"않", "못하"}:
                negations += 1
                continue
            if tag == "VCN" or (tag.startswith("VA") and form == "없"):
                negations += 1
                predicates += 1
                terms.append("없다" if form == "없" else "아니다")
                continue
            if tag == "MAG":
                if form in {"못", "안"}:
                    negations += 1
                if form in _KEEP_ADVERBS:
                    terms.append(form)
                continue
            if tag in {"NNG"} and form in {"불가", "불가능"}:
                negations += 1
            if form in _KO_DENYING_STEMS and (tag.startswith(_PREDICATE_TAGS) or tag == "NNG"):
                negations += 1
            if tag.startswith(_PREDICATE_TAGS):
                predicates += 1
                terms.append(form + "다")
            elif tag in _KEEP_TAGS:
                terms.append(form)
    ascii_terms = _ascii_terms(text)
    terms.extend(ascii_terms)
    if not predicates and len(ascii_terms) >= 2 and not re.search(r"[가-힣]", text):
        predicates = 1  # an English phrase of several words makes a claim
    return Terms(tuple(terms), negations, predicates)


@lru_cache(maxsize=5000)
def subject(text: str) -> tuple[str, bool] | None:
    """The first noun-like term of a short claim, and whether it is an acronym (TCP, BFS)."""
    text = normalise(text)
    if re.search(r"[가-힣]", text):
        for token in _kiwi_tokens(text):
            if token.tag in {"NNG", "NNP", "SH"}:
                return token.form, False
            if token.tag == "SL":
                terms = _ascii_terms(token.form)
                if terms:
                    return terms[0], token.form.isupper() and len(token.form) >= 2
        return None
    match = re.search(r"[A-Za-z][A-Za-z0-9_+#-]*", text)
    while match:
        word = match.group(0)
        terms = _ascii_terms(word)
        if terms:
            return terms[0], word.isupper() and len(word) >= 2
        match = re.compile(r"[A-Za-z][A-Za-z0-9_+#-]*").search(text, match.end())
    return None


# Coordinating endings start a new claim ("A는 X이고 B는 Y"); causal ones (~니까, ~어서)
# keep the subject ("POST는 201을 주니까 멱등합니다"), so they do not split.
_CLAUSE_ENDINGS = frozenset("고 지만 는데 은데 ㄴ데 며 으며 는데요 지만요 거나".split())
_EN_CLAUSE = re.compile(
    r"\s*(?:;|,\s*(?:and|but|so|while|whereas|which|because)\b|\b(?:while|whereas|but|because)\b"
    r"|\band\b(?=\s+(?:it|they|he|she|we|you|this|that|the|a|an|its|their)\b)"
    r"|(?-i:\band\b(?=\s+[A-Z])))\s*",  # "BFS uses a stack and DFS uses a queue": two claims
    re.IGNORECASE,
)


@lru_cache(maxsize=5000)
def clauses(sentence: str) -> tuple[str, ...]:
    """A sentence cut at connective endings ("~고", "~지만") and English conjunctions, so a
    claim's polarity is judged on its own clause: "A는 바꿀 수 있고 B는 없다" holds two."""
    pieces: list[str] = []
    for part in _EN_CLAUSE.split(sentence):
        if not part or not part.strip():
            continue
        if not re.search(r"[가-힣]", part):
            pieces.append(part.strip())
            continue
        start = 0
        for token in _kiwi_tokens(part):
            if (token.tag == "EC" and token.form in _CLAUSE_ENDINGS) or token.tag == "SP":
                end = token.start + token.len
                if part[start:end].strip():
                    pieces.append(part[start:end].strip(" ,"))
                start = end
        if part[start:].strip(" ,."):
            pieces.append(part[start:].strip(" ,"))
    return tuple(p for p in pieces if p) or (sentence,)


def windows(text: str) -> list[str]:
    """Clauses, neighbouring clause pairs, then sentences and sentence pairs: smallest first."""
    sents = sentences(text) or [normalise(text)]
    result: list[str] = []
    for sent in sents:
        parts = clauses(sent)
        result.extend(parts)
        result.extend(f"{a} {b}" for a, b in pairwise(parts))
    result.extend(s for s in sents if s not in result)
    result.extend(f"{a} {b}" for a, b in pairwise(sents))
    return list(dict.fromkeys(result))


def clause_list(text: str) -> list[str]:
    return [c for sent in (sentences(text) or [normalise(text)]) for c in clauses(sent)]


# Opposites that turn a claim around while keeping its vocabulary ("빠르다" for "느리다").
_OPPOSITES = [
    ("빠르다", "느리다"),
    ("크다", "작다"),
    ("많다", "적다"),
    ("높다", "낮다"),
    ("증가", "감소"),
    ("늘다", "줄다"),
    ("늘어나다", "줄어들다"),
    ("가볍다", "무겁다"),
    ("공유", "독립"),
    ("먼저", "나중"),
    ("안전", "위험"),
    ("동기", "비동기"),
    ("가변", "불변"),
    ("정렬", "비정렬"),
    ("fast", "slow"),
    ("faster", "slower"),
    ("large", "small"),
    ("larger", "smaller"),
    ("more", "less"),
    ("more", "fewer"),
    ("increase", "decrease"),
    ("increas", "decreas"),
    ("high", "low"),
    ("higher", "lower"),
    ("shared", "separate"),
    ("shared", "independent"),
    ("safe", "unsafe"),
    ("sorted", "unsorted"),
    ("before", "after"),
    ("first", "last"),
    ("sync", "async"),
    ("synchronous", "asynchronous"),
    ("blocking", "non-blocking"),
    ("stateless", "stateful"),
    ("mutable", "immutable"),
    ("lifo", "fifo"),
    ("lightweight", "heavyweight"),
    ("cheap", "expensive"),
    ("cheaper", "costlier"),
]
OPPOSITES: dict[str, set[str]] = {}
for _a, _b in _OPPOSITES:
    OPPOSITES.setdefault(_a, set()).add(_b)
    OPPOSITES.setdefault(_b, set()).add(_a)


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_SPLIT.split(normalise(text))]
    return [p for p in parts if p]


def term_weight(term: str, question_terms: frozenset[str]) -> float:
    weak = term in _WEAK_TERMS or (len(term) == 1 and not term.isascii())
    weight = 0.25 if weak else 1.0
    if term in question_terms:
        # Repeating the question's own words shows little understanding.
        weight *= 0.5
    return weight


def best_match(term: str, candidates: Iterable[str]) -> float:
    return max((term_similarity(term, c) for c in candidates), default=0.0)


def coverage(
    target: Sequence[str], answer_terms: Sequence[str], question_terms: frozenset[str]
) -> float:
    """Weighted share of the target's terms that the answer contains (fuzzily)."""
    if not target:
        return 0.0
    answer_set = set(answer_terms)
    total = got = 0.0
    for term in dict.fromkeys(target):
        weight = term_weight(term, question_terms)
        total += weight
        got += weight * (1.0 if term in answer_set else best_match(term, answer_set))
    return got / total if total else 0.0


def phrase_present(phrase: str, answer: str) -> bool:
    """The phrase appears in the answer as written (spacing and spelling variants aside)."""
    phrase = normalise(phrase).lower()
    if len(canonical(phrase)) < 4:
        return False
    if phrase.isascii():
        pattern = r"(?<![a-z0-9_])" + r"\s*".join(map(re.escape, phrase.split())) + r"(?![a-z0-9_])"
        return re.search(pattern, normalise(answer).lower()) is not None
    compact_phrase = canonical(phrase)
    compact_answer = canonical(answer)
    start = compact_answer.find(compact_phrase)
    while start >= 0:
        before = compact_answer[max(0, start - 3) : start]
        if before not in {canonical(p) for p in _NEG_PREFIXES}:
            return True
        start = compact_answer.find(compact_phrase, start + 1)
    return False


def char_similarity(a: str, b: str) -> float:
    """Cosine of character-trigram sets on canonical forms (paraphrase-tolerant)."""
    ga, gb = _ngrams(canonical(a)), _ngrams(canonical(b))
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / ((len(ga) * len(gb)) ** 0.5)


def containment(part: str, whole: str) -> float:
    """Share of `part`'s character trigrams found in `whole`."""
    gp, gw = _ngrams(canonical(part)), _ngrams(canonical(whole))
    if not gp:
        return 0.0
    return len(gp & gw) / len(gp)
