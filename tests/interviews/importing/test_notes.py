"""Reading free-form notes: questions found, answers kept, junk dropped."""

import pytest

from interviews.importing import read_records
from interviews.importing.notes import asks, is_junk
from tests.interviews.importing.conftest import MESSY_QUESTIONS, build_docx


def test_messy_docx_finds_every_question_in_order(messy_docx):
    kind, records = read_records(messy_docx, filename="notes.docx")

    assert kind == "docx"
    assert [r.text for r in records] == MESSY_QUESTIONS


def test_messy_docx_answers_keep_content_and_drop_junk(messy_docx):
    _, records = read_records(messy_docx, filename="notes.docx")
    by_text = {r.text: r for r in records}

    gil = by_text["GIL이란 무엇이고, 왜 필요한가요?"].model_answer
    assert "전역 락" in gil and "멀티프로세싱" in gil
    for junk in ("http", "참고", "🔥"):
        assert junk not in gil
    decorator = by_text["데코레이터를 설명해주세요."]
    assert "- functools.wraps로" in decorator.model_answer
    assert decorator.follow_ups == ["클래스도 데코레이터가 될 수 있나요?"]
    assert "꼬리" not in decorator.model_answer and "- 3 -" not in decorator.model_answer
    memory = by_text["파이썬의 메모리 관리 방식은 어떻게 되나요?"].model_answer
    assert "1. 참조 카운트가 0이 되면" in memory and "2. 순환 참조는" in memory
    generators = by_text["제너레이터와 이터레이터의 차이점을 설명해 주세요."].model_answer
    assert "지연 평가" in generators and "example.com" not in generators
    process = by_text["What is the difference between a process and a thread?"].model_answer
    assert "cheaper" in process and not process.rstrip().endswith("12")


def test_docx_locations_are_paragraph_numbers(messy_docx):
    _, records = read_records(messy_docx, filename="notes.docx")

    assert records[0].location == "paragraph 4"
    assert all(r.location.startswith("paragraph ") for r in records)


def test_section_heading_is_kept_as_a_hint_not_a_question(messy_docx):
    _, records = read_records(messy_docx, filename="notes.docx")

    assert records[0].section == "파이썬"
    assert "백엔드 면접 준비 노트 (2024)" not in [r.text for r in records]


def test_word_auto_numbering_and_heading_titles():
    data = build_docx(
        [
            ("heading", 1, "Networks"),
            ("heading", 2, "TCP handshake"),
            "The client sends SYN, the server answers SYN-ACK, and the client sends ACK.",
            ("heading", 2, "DNS resolution"),
            "The resolver asks the root, then the TLD server, then the authoritative server.",
            ("number", "Explain what happens when you type a URL into the browser."),
            "DNS lookup, TCP and TLS handshakes, then the HTTP request and rendering.",
            ("number", "Why is UDP used for DNS?"),
            "A single small request and answer fit in one datagram; no handshake is needed.",
        ]
    )

    _, records = read_records(data, filename="network.docx")

    assert [r.text for r in records] == [
        "TCP handshake",
        "DNS resolution",
        "Explain what happens when you type a URL into the browser.",
        "Why is UDP used for DNS?",
    ]
    assert records[0].section == "Networks"
    assert "SYN-ACK" in records[0].model_answer


def test_numbered_answer_lists_stay_in_the_answer():
    data = build_docx(
        [
            "1. 프로세스와 스레드의 차이",
            "프로세스는 독립된 메모리 공간을 가집니다.",
            "1. 코드 영역",
            "2. 데이터 영역",
            "3. 힙과 스택",
            "2. 뮤텍스와 세마포어의 차이",
            "뮤텍스는 하나의 스레드만, 세마포어는 정해진 수만큼 접근을 허용합니다.",
        ]
    )

    _, records = read_records(data, filename="os.docx")

    assert [r.text for r in records] == ["프로세스와 스레드의 차이", "뮤텍스와 세마포어의 차이"]
    assert "3. 힙과 스택" in records[0].model_answer


def test_inline_answer_and_marker_alone_on_a_line():
    data = build_docx(
        [
            "Q1. 인덱스란? A: 검색을 빠르게 하는 자료구조입니다.",
            "💡",
            "트랜잭션의 ACID를 설명하세요.",
            "원자성, 일관성, 격리성, 지속성입니다.",
        ]
    )

    _, records = read_records(data, filename="db.docx")

    assert [(r.text, r.model_answer) for r in records] == [
        ("인덱스란?", "검색을 빠르게 하는 자료구조입니다."),
        ("트랜잭션의 ACID를 설명하세요.", "원자성, 일관성, 격리성, 지속성입니다."),
    ]


def test_docx_question_answer_table_is_read_as_rows():
    data = build_docx(
        [
            "면접 질문 표",
            (
                "table",
                [["질문", "답변", "난이도"], ["HTTP와 HTTPS의 차이는?", "TLS 암호화", "신입"]],
            ),
        ]
    )

    _, records = read_records(data, filename="table.docx")

    assert len(records) == 1
    assert records[0].text == "HTTP와 HTTPS의 차이는?"
    assert records[0].model_answer == "TLS 암호화"
    assert records[0].difficulty == "신입"
    assert records[0].location == "table 1, row 2"


def test_markdown_notes_with_headings_code_and_junk():
    text = """# 장고 면접

## ORM

### N+1 문제란 무엇인가요?
연관 객체를 반복문에서 하나씩 조회해 쿼리가 N+1번 실행되는 문제입니다.

```python
for book in Book.objects.all():
    print(book.author.name)  # 여기서 매번 쿼리?
```

select_related나 prefetch_related로 해결합니다.
> 참고: https://docs.djangoproject.com/
***

**Q. CSRF 공격을 막는 방법은?**
- CSRF 토큰을 폼에 넣고 서버가 검증합니다.
- SameSite 쿠키를 사용합니다.
"""
    _, records = read_records(text.encode("utf-8"), filename="django.md")

    assert [r.text for r in records] == ["N+1 문제란 무엇인가요?", "CSRF 공격을 막는 방법은?"]
    orm = records[0]
    assert orm.location == "line 5"
    assert "```python" in orm.model_answer and "매번 쿼리?" in orm.model_answer
    assert "select_related" in orm.model_answer and "djangoproject" not in orm.model_answer
    assert records[1].model_answer.startswith("- CSRF 토큰")


@pytest.mark.parametrize(
    "line",
    [
        "https://example.com/a/b?c=d",
        "<https://example.com>",
        "[링크](https://example.com)",
        "참고:",
        "참고 자료",
        "출처: https://ko.wikipedia.org/wiki/GIL",
        "Reference - https://example.com",
        "🔥🔥",
        "👉 👉",
        "----",
        "* * *",
        "====",
        "12",
        "- 12 -",
        "p. 3",
        "3 / 10",
        "Page 4 of 9",
        "2024.03.02",
    ],
)
def test_junk_lines(line):
    assert is_junk(line)


@pytest.mark.parametrize(
    "line",
    [
        "참고: GIL은 CPython에만 있는 구현 세부사항입니다.",
        "GIL은 전역 락입니다.",
        "자세한 내용은 https://example.com 의 공식 문서에서 세대별 GC 설명을 확인하세요.",
    ],
)
def test_content_lines_are_not_junk(line):
    assert not is_junk(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("프로세스와 스레드의 차이를 설명해주세요.", True),
        ("트랜잭션 격리 수준에는 무엇이 있나요", True),
        ("인덱스는 언제 사용하나요?", True),
        ("정규화를 설명하시오.", True),
        ("ACID란 무엇인가", True),
        ("Explain the CAP theorem.", True),
        ("What is a closure?", True),
        ("GIL은 전역 락입니다.", False),
        ("파일을 닫을 때는 with 문을 쓰세요.", False),
        ("A process has its own memory.", False),
    ],
)
def test_asks(line, expected):
    assert asks(line) is expected


def test_terse_titles_labels_and_tips():
    data = build_docx(
        [
            "OSI 7계층에 대해 설명",
            "답변",
            "물리, 데이터 링크, 네트워크, 전송, 세션, 표현, 응용 계층입니다.",
            "💡 Tip: 각 계층의 대표 프로토콜을 함께 외우면 좋습니다.",
            "질문",
            "TCP와 UDP의 차이",
            "TCP는 연결형이고 UDP는 비연결형입니다.",
            "REST란",
            "자원을 URI로 표현하고 HTTP 메서드로 상태를 전달하는 아키텍처 스타일입니다.",
        ]
    )

    _, records = read_records(data, filename="net.docx")

    assert [r.text for r in records] == ["OSI 7계층에 대해 설명", "TCP와 UDP의 차이", "REST란"]
    assert records[0].model_answer.startswith("물리, 데이터 링크")
    assert "💡 Tip: 각 계층의" in records[0].model_answer
    assert "답변" not in records[0].model_answer


def test_q_and_a_lines_arrows_stars_sources_and_a_new_part():
    data = build_docx(
        [
            ("heading", 1, "Spring / Java 면접 대비"),
            "Q. JVM의 메모리 구조를 설명해주세요 (★★★)",
            "A. 메서드 영역, 힙, 스택, PC 레지스터, 네이티브 메서드 스택으로 나뉩니다.",
            ("bullet", "힙: 객체가 저장되고 GC 대상입니다."),
            "Q. GC는 언제 일어나나요?",
            "👉 Eden 영역이 가득 차면 Minor GC가 일어납니다.",
            "➡️ 답: STW 시간이 길어지면 서비스가 멈춘 것처럼 보입니다.",
            ("bold", "3. 오버로딩과 오버라이딩의 차이점은?"),
            "오버로딩은 같은 이름의 여러 메서드, 오버라이딩은 부모 메서드를 재정의합니다.",
            "[출처] 자바의 정석 | 작성자 홍길동",
            "- 4 / 12 -",
            "Interview questions (English)",
            ("bullet", "What is dependency injection?"),
            ("bullet", "Objects receive their collaborators instead of creating them."),
        ]
    )

    _, records = read_records(data, filename="java.docx")

    assert [r.text for r in records] == [
        "JVM의 메모리 구조를 설명해주세요",
        "GC는 언제 일어나나요?",
        "오버로딩과 오버라이딩의 차이점은?",
        "What is dependency injection?",
    ]
    assert records[0].model_answer.endswith("- 힙: 객체가 저장되고 GC 대상입니다.")
    assert records[1].model_answer == (
        "Eden 영역이 가득 차면 Minor GC가 일어납니다.\n\n"
        "STW 시간이 길어지면 서비스가 멈춘 것처럼 보입니다."
    )
    assert records[2].model_answer.endswith("재정의합니다.")
    assert records[3].section == "Interview questions (English)"


def test_markdown_with_bold_labels_and_keywords():
    text = """## **Q1.** 캐시 무효화 전략은 무엇이 있나요?
**Answer:** TTL, 쓰기 시 삭제, 이벤트 기반 무효화가 있습니다.
**키워드:** TTL, cache-aside, write-through

## **Q2.** CDN을 쓰는 이유는?
**A:** 사용자와 가까운 엣지에서 정적 파일을 제공해 지연을 줄입니다.
"""
    _, records = read_records(text.encode(), filename="cache.md")

    assert [r.text for r in records] == ["캐시 무효화 전략은 무엇이 있나요?", "CDN을 쓰는 이유는?"]
    assert records[0].model_answer == "TTL, 쓰기 시 삭제, 이벤트 기반 무효화가 있습니다."
    assert records[0].key_points == [("TTL", []), ("cache-aside", []), ("write-through", [])]
    assert records[1].model_answer.startswith("사용자와 가까운 엣지")


def test_bold_titles_head_questions_in_notes_without_other_markers():
    data = build_docx(
        [
            ("bold", "프로세스와 스레드"),
            "프로세스는 독립된 메모리를 갖고, 스레드는 메모리를 공유합니다.",
            ("bold", "장점"),
            "스레드 간 통신이 빠릅니다.",
            ("bold", "뮤텍스와 세마포어"),
            "뮤텍스는 하나, 세마포어는 여러 스레드의 접근을 허용합니다.",
        ]
    )

    _, records = read_records(data, filename="os.docx")

    assert [r.text for r in records] == ["프로세스와 스레드", "뮤텍스와 세마포어"]
    assert "**장점**" in records[0].model_answer


def test_bold_is_emphasis_when_the_notes_mark_questions_otherwise():
    data = build_docx(
        [
            "Q1. 캐시란?",
            ("bold", "지역성 원리"),
            "자주 쓰는 데이터를 가까운 곳에 둡니다.",
            "Q2. CDN이란?",
            ("bold", "엣지 서버"),
            "사용자와 가까운 서버에서 정적 파일을 제공합니다.",
        ]
    )

    _, records = read_records(data, filename="cache.docx")

    assert [r.text for r in records] == ["캐시란?", "CDN이란?"]
    assert records[0].model_answer.startswith("**지역성 원리**")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("What is a CDN", True),
        ("Why is HTTPS safer than HTTP", True),
        ("How does garbage collection work", True),
        ("Can you explain the event loop.", True),
        ("캐시 스탬피드란 무엇인가요", True),
        ("동기와 비동기의 차이점은?", True),
        ("인덱스를 설명해 주세요", True),
        ("트랜잭션 격리 수준의 종류는", True),
        ("When the buffer is full the writer blocks", False),
        ("What is stored in the heap, and why.", False),
        ("How it works: the client retries", False),
    ],
)
def test_asks_without_a_question_mark(line, expected):
    assert asks(line) is expected


@pytest.mark.parametrize("line", ["(추가 예정)", "추가 예정", "TODO", "(작성 중)", "TBD.", "[TOC]"])
def test_placeholders_are_junk(line):
    assert is_junk(line)


def test_numbered_answer_labels_are_not_kept_in_answers():
    notes = (
        "Q1. 페이지 교체 알고리즘 종류는? A1. FIFO, LRU, LFU가 있습니다.\n"
        "Q2. TCP 3-way handshake 과정은?\n"
        "A2.\n"
        "1) 클라이언트가 SYN을 보냅니다.\n"
        "2) 서버가 SYN+ACK로 응답합니다.\n"
    ).encode()
    _kind, records = read_records(notes, filename="notes.txt")
    answers = {r.text: r.model_answer for r in records}
    assert answers["페이지 교체 알고리즘 종류는?"].startswith("FIFO, LRU")
    assert "클라이언트가 SYN" in answers["TCP 3-way handshake 과정은?"]
    assert not any(a.startswith(("A1", "A2")) for a in answers.values())


def test_a_question_about_the_aside_tag_is_not_a_notion_callout():
    notes = (
        "# Web\n## HTML의 <aside> 태그는 언제 쓰나요?\n본문과 별개인 보충 내용에 씁니다.\n"
        "## CSS의 float란?\n요소를 왼쪽이나 오른쪽으로 띄웁니다.\n"
        "<aside>\n💡 팁: 예시를 들 것\n</aside>\n"
    ).encode()
    _kind, records = read_records(notes, filename="notes.md")
    assert [r.text for r in records] == ["HTML의 <aside> 태그는 언제 쓰나요?", "CSS의 float란?"]
    assert not any("팁" in r.model_answer for r in records)


@pytest.mark.parametrize(
    "line", ["끝. 이렇게 하면 교착 상태가 풀립니다.", "End. The process then exits with code 0."]
)
def test_a_sentence_opening_with_an_end_word_is_content(line):
    assert not is_junk(line)


def test_a_lowercase_a_before_a_number_is_no_answer_label():
    _kind, records = read_records(
        b"What is the complexity of a 3) nested loop?\nO(n^3) for three nested loops over n.\n",
        filename="notes.txt",
    )
    assert [r.text for r in records] == ["What is the complexity of a 3) nested loop?"]
