"""Notes in the shapes other bootcamps keep them: contents pages, topic headings, tables."""

from interviews.importing import read_records
from tests.interviews.importing.conftest import build_docx

# A Word file with a contents page, a heading per topic, and answers holding lists,
# code and tables, with the usual junk between.
CONTENTS_NOTES = [
    ("heading", 1, "기술 면접 스터디 정리"),
    ("style", "TOC Heading", "목차"),
    "1. 프로세스와 스레드의 차이점은?",
    "2. HashMap의 동작 원리를 설명해 주세요",
    "3. TCP 연결 과정",
    "4. 캐시 스탬피드란 무엇인가요",
    ("heading", 1, "운영체제"),
    ("heading", 2, "1. 프로세스와 스레드의 차이점은?"),
    "프로세스는 실행 중인 프로그램으로 독립된 메모리 공간을 가집니다.",
    ("bullet", "스레드는 프로세스 안에서 힙과 데이터 영역을 공유합니다."),
    ("bullet", "컨텍스트 스위칭 비용은 스레드가 더 작습니다."),
    (
        "table",
        [
            ["구분", "프로세스", "스레드"],
            ["메모리", "독립", "공유"],
            ["통신", "IPC 필요?", "공유 메모리"],
        ],
    ),
    "참고: https://ko.wikipedia.org/wiki/프로세스",
    "---",
    ("heading", 1, "자료구조"),
    ("bold", "2. HashMap의 동작 원리를 설명해 주세요"),
    "키의 hashCode로 버킷 인덱스를 구하고, 충돌은 체이닝으로 처리합니다.",
    ("code", "int index = (n - 1) & hash(key);"),
    ("code", "boolean found = map.containsKey(key) ? true : false;"),
    ("code", "// 이 값이 null일 수 있을까?"),
    "버킷의 항목이 8개를 넘으면 트리로 바뀝니다.",
    "https://docs.oracle.com/javase/8/docs/api/java/util/HashMap.html",
    ("heading", 1, "Networking"),
    ("heading", 2, "3. TCP 연결 과정에서 3-way handshake의"),
    "단계를 설명해 주세요.",
    "클라이언트가 SYN을 보내고 서버가 SYN-ACK로 답한 뒤 클라이언트가 ACK를 보냅니다.",
    "(추가 예정)",
    ("heading", 2, "4. 캐시 스탬피드란 무엇인가요"),
    "(추가 예정)",
]
CONTENTS_QUESTIONS = [
    "프로세스와 스레드의 차이점은?",
    "HashMap의 동작 원리를 설명해 주세요",
    "TCP 연결 과정에서 3-way handshake의 단계를 설명해 주세요.",
    "캐시 스탬피드란 무엇인가요",
]


def test_contents_page_does_not_duplicate_questions():
    _, records = read_records(build_docx(CONTENTS_NOTES), filename="study.docx")

    assert [r.text for r in records] == CONTENTS_QUESTIONS
    assert [r.section for r in records] == ["운영체제", "자료구조", "Networking", "Networking"]


def test_answers_keep_lists_tables_and_code_and_drop_junk():
    _, records = read_records(build_docx(CONTENTS_NOTES), filename="study.docx")
    process, hashmap, tcp, stampede = records

    assert "- 스레드는 프로세스 안에서" in process.model_answer
    assert "| 구분 | 프로세스 | 스레드 |" in process.model_answer
    assert "| 통신 | IPC 필요? | 공유 메모리 |" in process.model_answer
    assert "| --- | --- | --- |" in process.model_answer
    assert "wikipedia" not in process.model_answer
    assert "---" not in process.model_answer.splitlines()
    assert "(n - 1) & hash(key)" in hashmap.model_answer
    assert "이 값이 null일 수 있을까?" in hashmap.model_answer
    assert "```" in hashmap.model_answer and hashmap.model_answer.endswith("트리로 바뀝니다.")
    assert "oracle" not in hashmap.model_answer
    assert tcp.model_answer.startswith("클라이언트가 SYN") and "추가 예정" not in tcp.model_answer
    assert stampede.model_answer == ""


# Every question marker a notes file might use, under topic headings that do not ask.
MARKER_NOTES = [
    ("heading", 1, "자료구조"),
    "Q1. 배열과 연결 리스트의 차이점은?",
    "배열은 인덱스로 O(1) 접근하고, 연결 리스트는 삽입과 삭제가 O(1)입니다.",
    "Q2) 스택과 큐를 설명해 주세요",
    "스택은 LIFO, 큐는 FIFO 구조입니다.",
    ("heading", 1, "Networking"),
    "[Q] What is the difference between TCP and UDP",
    "TCP is connection-oriented and reliable; UDP is connectionless and faster.",
    "문제 3. HTTP 상태 코드 404와 500의 차이",
    "404는 클라이언트가 없는 자원을 요청한 것이고 500은 서버 오류입니다.",
    "질문: REST API란 무엇인가요",
    "자원을 URI로 표현하고 HTTP 메서드로 행위를 나타내는 API입니다.",
    "Explain how DNS resolution works.",
    "The resolver asks the root server, then the TLD server, then the authoritative server.",
    "Why is HTTPS safer than HTTP",
    "HTTPS encrypts traffic with TLS and authenticates the server with a certificate.",
    "What is a CDN",
    "A network of edge servers that serve cached content close to users.",
    "관계형 데이터베이스의 정규화는 무엇인가요",
    "중복을 줄이기 위해 테이블을 나누는 과정입니다.",
]
MARKER_QUESTIONS = [
    "배열과 연결 리스트의 차이점은?",
    "스택과 큐를 설명해 주세요",
    "What is the difference between TCP and UDP",
    "HTTP 상태 코드 404와 500의 차이",
    "REST API란 무엇인가요",
    "Explain how DNS resolution works.",
    "Why is HTTPS safer than HTTP",
    "What is a CDN",
    "관계형 데이터베이스의 정규화는 무엇인가요",
]


def test_every_question_marker_under_topic_headings():
    _, records = read_records(build_docx(MARKER_NOTES), filename="markers.docx")

    assert [r.text for r in records] == MARKER_QUESTIONS
    assert [r.section for r in records] == ["자료구조"] * 2 + ["Networking"] * 7
    assert all(r.model_answer for r in records)


# Questions only in bold, the answers plain, a code paragraph that asks.
BOLD_NOTES = [
    ("bold", "가비지 컬렉션이란 무엇인가요"),
    "더 이상 참조되지 않는 객체의 메모리를 자동으로 회수하는 기능입니다.",
    ("bold", "동기와 비동기의 차이점은?"),
    "동기는 작업이 끝날 때까지 기다립니다.",
    ("bullet", "비동기는 기다리지 않고 다음 작업을 진행합니다."),
    ("bold", "SQL 인젝션을 막는 방법을 설명해 주세요"),
    "사용자 입력을 쿼리에 직접 붙이지 않고 바인딩 변수를 씁니다.",
    ("code", "SELECT * FROM users WHERE id = ?"),
    ("bold", "장점"),
    "입력값이 SQL로 해석되지 않습니다.",
]


def test_bold_paragraph_questions_with_code_that_asks():
    _, records = read_records(build_docx(BOLD_NOTES), filename="bold.docx")

    assert [r.text for r in records] == [
        "가비지 컬렉션이란 무엇인가요",
        "동기와 비동기의 차이점은?",
        "SQL 인젝션을 막는 방법을 설명해 주세요",
    ]
    assert "WHERE id = ?" in records[2].model_answer
    assert "**장점**" in records[2].model_answer


# A plain-text file whose numbered list of questions is repeated with answers below.
PLAIN_CONTENTS = """면접 예상 질문 모음

1. 트랜잭션의 ACID를 설명해 주세요.
2. 인덱스가 느려지는 경우는?
3. 정규화와 반정규화의 차이점은?

1. 트랜잭션의 ACID를 설명해 주세요.
원자성, 일관성, 격리성, 지속성을 말합니다.

2. 인덱스가 느려지는 경우는?
데이터 변경이 잦으면 인덱스를 갱신하는 비용이 커집니다.

3. 정규화와 반정규화의 차이점은?
정규화는 중복을 없애고, 반정규화는 조회 성능을 위해 중복을 허용합니다.
"""


def test_plain_text_contents_list_is_not_imported_twice():
    _, records = read_records(PLAIN_CONTENTS.encode(), filename="db.txt")

    assert [r.text for r in records] == [
        "트랜잭션의 ACID를 설명해 주세요.",
        "인덱스가 느려지는 경우는?",
        "정규화와 반정규화의 차이점은?",
    ]
    assert all(r.model_answer for r in records)


MARKDOWN = """# Backend interview notes

## 목차
- [HTTP 메서드](#http-메서드)
- [GIL](#gil)
1. [Q: 멱등성이란 무엇인가요?](#q-멱등성이란-무엇인가요)

---

### Q: 멱등성이란 무엇인가요?
같은 요청을 여러 번 보내도 결과가 같은 성질입니다.

```http
PUT /users/1 HTTP/1.1
Is this idempotent?
```

참고: https://developer.mozilla.org/ko/docs/Glossary/Idempotent

**1. GET과 POST의 차이는?**
- GET은 조회, POST는 생성에 씁니다.
- GET은 본문 없이 쿼리 문자열을 씁니다.

```python
def handler(request):
    # 여기서 캐시해도 될까?
    return cached if cached else None  # 왜 None?
```

**2. 파이썬의 GIL이 무엇인지 설명해 주세요**
한 번에 한 스레드만 바이트코드를 실행하게 하는 락입니다.

~~~
what happens with threads?
~~~

(추가 예정)
"""


def test_markdown_q_headings_bold_numbers_and_fences():
    _, records = read_records(MARKDOWN.encode(), filename="backend.md")

    assert [r.text for r in records] == [
        "멱등성이란 무엇인가요?",
        "GET과 POST의 차이는?",
        "파이썬의 GIL이 무엇인지 설명해 주세요",
    ]
    assert "Is this idempotent?" in records[0].model_answer
    assert "mozilla" not in records[0].model_answer
    assert "# 여기서 캐시해도 될까?" in records[1].model_answer
    assert records[1].model_answer.startswith("- GET은 조회")
    assert "what happens with threads?" in records[2].model_answer
    assert "추가 예정" not in records[2].model_answer


def test_an_unclosed_fence_does_not_swallow_the_questions_after_it():
    text = """Q1. 클로저란 무엇인가요?
```js
function outer() { return () => x; }

Q2. 호이스팅을 설명해 주세요.
선언이 스코프의 맨 위로 끌어올려지는 것처럼 동작하는 현상입니다.
"""
    _, records = read_records(text.encode(), filename="js.md")

    assert [r.text for r in records] == ["클로저란 무엇인가요?", "호이스팅을 설명해 주세요."]


def test_header_less_question_and_answer_table_is_read_as_rows():
    data = build_docx(
        [
            ("heading", 1, "데이터베이스"),
            (
                "table",
                [
                    ["인덱스란 무엇인가요?", "검색을 빠르게 하는 자료구조입니다."],
                    ["트랜잭션 격리 수준을 설명해 주세요", "READ UNCOMMITTED부터 SERIALIZABLE까지"],
                ],
            ),
        ]
    )

    _, records = read_records(data, filename="db.docx")

    assert [(r.text, r.location) for r in records] == [
        ("인덱스란 무엇인가요?", "table 1, row 1"),
        ("트랜잭션 격리 수준을 설명해 주세요", "table 1, row 2"),
    ]
    assert records[1].model_answer.startswith("READ UNCOMMITTED")


def test_word_contents_entries_and_notes_all_in_a_coding_font():
    entries = [("style", "TOC Heading", "Contents")]
    entries += [("code", text) for text in ("What is a deadlock?", "Deadlock is a cycle of waits.")]
    entries += [
        ("code", "Explain the four conditions."),
        ("code", "Mutual exclusion, hold and wait."),
    ]

    _, records = read_records(build_docx(entries), filename="mono.docx")

    # Everything is in Consolas, so the font says nothing: the questions are read as usual.
    assert [r.text for r in records] == ["What is a deadlock?", "Explain the four conditions."]
