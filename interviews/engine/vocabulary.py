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
커널:kernel 스케줄러:scheduler 인터럽트:interrupt 파일:file 디스크:disk 디렉터리:directory
디렉토리:directory 타임아웃:timeout 브라우저:browser 렌더링:rendering 컴포넌트:component
리프:leaf 루트:root 샘플:sample 랜덤:random 리더:leader 쿼럼:quorum 트리거:trigger 뷰:view
윈도우:window 그룹:group 로그:log 모니터링:monitoring 빌드:build 이미지:image 테스트:test
모킹:mocking 스텁:stub 클러스터:cluster 레플리케이션:replication 커넥션:connection 풀:pool
체크포인트:checkpoint 파이프라인:pipeline 레이어:layer 스코프:scope 모듈:module 패키지:package
라이브러리:library 프레임워크:framework 템플릿:template 시퀀스:sequence 알고리즘:algorithm
바이너리:binary 비트:bit 바이트:byte 플래그:flag 리소스:resource 네임스페이스:namespace
도메인:domain 호스트:host 오프셋:offset 커서:cursor 페이지네이션:pagination 배치:batch
스트림:stream 스트리밍:streaming 버퍼링:buffering 사이클:cycle 엔트리:entry 레벨:level
패치:patch 메이저:major 마이너:minor 버그:bug 픽스:fix 릴리스:release 업데이트:update
업그레이드:upgrade 디펜던시:dependency 브랜치:branch 머지:merge
""".split()
TRANSLITERATIONS: dict[str, str] = {}
for _pair in _LOANWORDS:
    _ko, _en = _pair.split(":")
    TRANSLITERATIONS[_ko] = stem_english(_en)


# Native Korean technical words and their English equivalents: a candidate answering an
# English question in Korean (or the other way round) states the same claim in other
# words. Generic vocabulary of interview topics only; curated synonyms cover the rest.
_TRANSLATIONS = """얕다:shallow 깊다:deep 복사:copy 사본:copy 원본:original 바깥:outer 안쪽:inner
내부:inner,internal 외부:outer,external 연결:connection,connect,connected 비연결:connectionless
신뢰:reliable,reliability 신뢰성:reliable,reliability 순서:order,ordered 전달:deliver,delivery
보장:guarantee,guaranteed 재전송:retransmission,retransmit 흐름:flow 혼잡:congestion 제어:control
빠르다:fast,faster,quick 느리다:slow,slower 주소:address 공간:space 독립:independent,isolated
가상:virtual 물리:physical 임계:critical 구역:section,region 접근:access 제한:limit,restrict
출처:origin 허용:allow,allowed,permit 요청:request 응답:response,reply 최단:shortest 경로:path,route
가중치:weight,weighted 너비:breadth,width 깊이:depth 탐색:search,traverse,traversal
변경:change,modify
바꾸다:change,modify,mutate 수정:modify,update,edit 객체:object 재귀:recursive,recursion
정렬:sort,sorted 평균:average 최악:worst 최선:best 복잡도:complexity 비교:compare,comparison
값:value 동일:identical,same,identity 같다:same,equal 저장:store,save,storage 읽다:read 삭제:delete
생성:create,creation 갱신:update 전체:whole,entire,full,all 인증:authentication,authenticate
인가:authorization,authorize 권한:permission,authorization 실패:fail,failure 격리:isolation,isolate
원자성:atomicity,atomic 일관성:consistency,consistent 지속성:durability,durable 내구성:durability
잠금:lock 교착:deadlock 상태:state,status 대기:wait,waiting 해제:release,free,unlock
할당:allocate,allocation 반환:return,free 예외:exception 동적:dynamic 정적:static 지역:local
전역:global 호출:call,invoke 인자:argument,parameter 매개변수:parameter,argument 기본값:default
정의:define,definition 반복:iterate,iteration,repeat 지연:lazy,delay,latency 다형성:polymorphism
캡슐화:encapsulation 추상화:abstraction 보안:security,secure 분할:partition,split,divide
정복:conquer 병합:merge 분산:distribute,distributed 복제:replication,replica,replicate
확장:scale,extend,expand 수평:horizontal 수직:vertical 부하:load 중복:duplicate,redundancy
정규화:normalization,normalize 무결성:integrity 외래키:foreign 기본키:primary 고유:unique
조회:lookup,query,read 검색:search,lookup 범위:range 키:key 행:row 열:column 결과:result
포함:include,contain 유지:keep,maintain 공유:share,shared 통신:communication,communicate
전송:transmit,transfer,send 수신:receive 송신:send 패킷:packet 손실:loss,lost 중간:middle
암호:cipher,encryption 인증서:certificate 서명:signature,sign 대칭:symmetric 비대칭:asymmetric
교환:exchange,swap 협상:negotiate,negotiation 가변:mutable 불변:immutable 변하다:change
크기:size 고정:fixed 길이:length 배열:array 연속:contiguous 노드:node 포인터:pointer
삽입:insert,insertion 제거:remove,removal,delete 앞:front 뒤:back,rear 처음:first,beginning
마지막:last,end 먼저:first 나중:later 동시:concurrent,concurrently,simultaneous 병렬:parallel
직렬:serial 순차:sequential 실행:execute,execution,run 작업:task,job,work 스케줄링:scheduling
문맥:context 전환:switch,switching 비용:cost,overhead 오버헤드:overhead 자원:resource
경쟁:race,contention 조건:condition 상호:mutual 배제:exclusion 카운터:counter 신호:signal
간선:edge 정점:vertex,node 음수:negative 양수:positive 우선순위:priority 거리:distance
무한대:infinity,infinite 부모:parent 자식:child,children 형제:sibling 이웃:neighbor,neighbour
인접:adjacent,adjacency 방문:visit,visited 최소:minimum,min,least 최대:maximum,max,most
신장:spanning 순환:cycle,circular 확률:probability,chance 무작위:random,randomly
균등:uniform,uniformly 표본:sample 만료:expire,expiry,expiration 재시도:retry
멱등:idempotent 멱등성:idempotency,idempotent 압축:compress,compression
검증:verify,validate,validation 복호화:decrypt,decryption 비밀:secret 비밀번호:password
속성:attribute,property 계층:layer,hierarchy 의존성:dependency 주입:inject,injection
배포:deploy,deployment,release 장애:failure,outage,fault 가용성:availability,available
합의:consensus 선출:elect,election 과반:majority,quorum 동기:synchronous,sync
비동기:asynchronous,async 쓰기:write 읽기:read 요소:element 출력:output 입력:input
문자열:string 정수:integer 참조:reference,refer 소유권:ownership 누수:leak
병목:bottleneck 처리량:throughput 대역폭:bandwidth 재사용:reuse 초기화:initialize,reset
종료:terminate,exit,shutdown 취소:cancel,cancellation 이진:binary 탐욕:greedy
낙관적:optimistic 비관적:pessimistic 무효화:invalidate,invalidation 불일치:inconsistent,mismatch
복구:recover,recovery 노출:expose,exposure 공격:attack 공격자:attacker 위조:forge,forgery
탈취:steal,hijack 변조:tamper 사용자:user 저장소:storage,repository 원격:remote
전파:propagate,propagation 증가:increase,increment 감소:decrease,decrement 차수:degree
""".split()
TRANSLATIONS: dict[str, frozenset[str]] = {}
for _pair in _TRANSLATIONS:
    _ko, _words = _pair.split(":")
    TRANSLATIONS[_ko] = frozenset(stem_english(w) for w in _words.split(","))


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
    ("얕다", "깊다"),
    ("shallow", "deep"),
    ("lazy", "eager"),
    ("짧다", "길다"),
    ("대칭", "비대칭"),
    ("symmetric", "asymmetric"),
    ("높아지다", "낮아지다"),
    ("빨라지다", "느려지다"),
    ("커지다", "작아지다"),
    ("늘리다", "줄이다"),
    ("connection-oriented", "connectionless"),
    ("연결형", "비연결형"),
    ("reliable", "unreliable"),
    ("ordered", "unordered"),
    ("explicit", "implicit"),
    ("명시적", "암시적"),
]
OPPOSITES: dict[str, set[str]] = {}
for _a, _b in _OPPOSITES:
    OPPOSITES.setdefault(_a, set()).add(_b)
    OPPOSITES.setdefault(_b, set()).add(_a)

# Opposites of degree ("faster" / "slower", "더 크다" / "작다"): which side holds depends on
# what a thing is compared with, so said of one thing alone they state no clear error.
GRADED = frozenset(
    """빠르다 느리다 크다 작다 많다 적다 높다 낮다 증가 감소 늘다 줄다 늘어나다 줄어들다 가볍다
    무겁다 먼저 나중 안전 위험 짧다 길다 높아지다 낮아지다 빨라지다 느려지다 커지다 작아지다 늘리다
    줄이다 fast slow faster slower large small larger smaller more less fewer increase decrease
    increas decreas high low higher lower before after first last lightweight heavyweight cheap
    expensive cheaper costlier safe unsafe""".split()
)
