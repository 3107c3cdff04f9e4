"""Word lists the matcher leans on: Hangul loanwords with their English spelling, and
opposites that turn a claim around while keeping its vocabulary."""

from .text import stem_english

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
    TRANSLITERATIONS[_ko] = stem_english(_en)


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
