"""Draft key points from answers that came without any."""

from interviews.importing.keypoints import bare_keywords, draft_key_points, with_keywords

KOREAN_ANSWER = (
    "프로세스는 운영체제로부터 독립된 메모리 공간을 할당받는 실행 단위입니다. "
    "스레드는 프로세스 안에서 실행되는 흐름으로, 같은 프로세스의 힙과 데이터 영역을 공유합니다. "
    "스레드마다 스택과 레지스터는 따로 가집니다. "
    "그래서 스레드 간 통신은 빠르지만 공유 자원에 대한 동기화가 필요합니다. "
    "프로세스 간 통신은 IPC를 사용해야 하므로 비용이 더 큽니다. "
    "컨텍스트 스위칭 비용도 프로세스가 스레드보다 큽니다."
)


def test_korean_answer_gives_three_to_five_sensible_points():
    points = draft_key_points(
        answer=KOREAN_ANSWER, question="프로세스와 스레드의 차이를 설명해주세요.", language="ko"
    )

    assert 3 <= len(points) <= 5
    texts = [text for text, _ in points]
    assert all(0 < len(t) <= 120 for t in texts)
    assert all(not t.endswith(("입니다", ".")) for t in texts)  # condensed claims
    joined = " ".join(texts)
    assert "메모리" in joined and "스레드" in joined
    # Synonyms are the points' own noun phrases, for the grader to match on.
    synonyms = [s for _, syns in points for s in syns]
    assert any(s in {"메모리 공간", "실행 단위", "동기화", "공유 자원", "IPC"} for s in synonyms)
    assert "사용" not in synonyms


def test_first_point_is_condensed_from_the_copula():
    points = draft_key_points(answer=KOREAN_ANSWER, language="ko")

    assert points[0][0] == "프로세스는 운영체제로부터 독립된 메모리 공간을 할당받는 실행 단위"


def test_short_answer_gives_noun_phrases():
    points = draft_key_points(
        answer="참조 카운팅과 세대별 가비지 컬렉터를 사용합니다.", language="ko"
    )

    texts = [t for t, _ in points]
    assert "참조 카운팅" in texts
    assert any("가비지 컬렉터" in t for t in texts)


def test_english_answer():
    answer = (
        "A process has its own address space and resources. "
        "Threads live inside a process and share its memory, which makes communication cheap. "
        "Because memory is shared, threads need locks or other synchronisation. "
        "Context switches between threads are cheaper than between processes. "
        "A crash in one thread can take down the whole process."
    )

    points = draft_key_points(answer=answer, question="Process vs thread?", language="en")

    assert 3 <= len(points) <= 5
    assert any("share" in t for t, _ in points)


def test_no_answer_no_points():
    assert draft_key_points(answer="", language="ko") == []
    assert draft_key_points(answer="https://example.com", language="en") == []


def test_a_tag_list_is_keywords_and_a_claim_is_not():
    assert bare_keywords([("TCP, window", [])]) == ["TCP", "window"]
    assert bare_keywords([("TTL", []), ("cache-aside", []), ("write-through", [])]) == [
        "TTL",
        "cache-aside",
        "write-through",
    ]
    # A claim, a curator's synonyms, or a lone terse point are key points as written.
    assert bare_keywords([("TCP는 순서를 보장한다", []), ("UDP", [])]) == []
    assert bare_keywords([("전역 락", ["global lock"]), ("CPU 바운드", [])]) == []
    assert bare_keywords([("B-Tree 구조", [])]) == []


def test_keywords_join_the_drafted_point_that_shares_their_words():
    points, unplaced = with_keywords(
        [("수신 윈도우로 흐름 제어", ["흐름 제어"]), ("혼잡 제어는 slow start", [])],
        ["흐름 제어", "slow start", "Dijkstra"],
    )
    assert points[0] == ("수신 윈도우로 흐름 제어", ["흐름 제어"])
    assert points[1] == ("혼잡 제어는 slow start", ["slow start"])
    assert unplaced == ["Dijkstra"]
