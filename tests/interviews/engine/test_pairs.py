"""Terse "head: body" key points: an answer that pairs a head with another's body
contradicts the pair it names; one that pairs them right, or says what a thing rules
out, does not."""

from interviews.engine import pairs, rubric
from interviews.engine.types import KeyPointSpec, KeyPointStatus, QuestionSpec

ISOLATION = QuestionSpec(
    text="트랜잭션 격리 수준 네 가지와 각 수준에서 생기는 이상 현상을 설명해 주세요.",
    language="ko",
    model_answer=(
        "격리 수준은 READ UNCOMMITTED, READ COMMITTED, REPEATABLE READ, SERIALIZABLE "
        "순으로 엄격해집니다. READ UNCOMMITTED에서는 Dirty Read가, READ COMMITTED에서는 "
        "Non-Repeatable Read가, REPEATABLE READ에서는 Phantom Read가 생길 수 있습니다."
    ),
    key_points=(
        KeyPointSpec("4단계: READ UNCOMMITTED < READ COMMITTED < REPEATABLE READ < SERIALIZABLE"),
        KeyPointSpec("READ UNCOMMITTED: Dirty Read"),
        KeyPointSpec("READ COMMITTED: Non-Repeatable Read"),
        KeyPointSpec("REPEATABLE READ: Phantom Read"),
    ),
)

STATUS = QuestionSpec(
    text="HTTP 401과 403의 차이는 무엇인가요?",
    language="ko",
    model_answer="401은 인증이 안 된 요청이고, 403은 인증은 됐지만 권한이 없는 요청입니다.",
    key_points=(
        KeyPointSpec("401: 인증 실패/미인증"),
        KeyPointSpec("403: 인증됐지만 권한 없음"),
    ),
)


def test_the_pairs_of_a_question_leave_out_a_body_that_orders_the_heads():
    heads = [p.key_point for p in pairs.pairs_of(ISOLATION)]
    assert heads == [
        "READ UNCOMMITTED: Dirty Read",
        "READ COMMITTED: Non-Repeatable Read",
        "REPEATABLE READ: Phantom Read",
    ]


def test_a_head_paired_with_another_body_contradicts_its_pair():
    answer = (
        "READ COMMITTED에서 Phantom Read가 발생하고 REPEATABLE READ에서 Dirty Read가 발생합니다."
    )
    hits = pairs.swapped(ISOLATION, answer)
    assert [h.key_point for h in hits] == [
        "READ COMMITTED: Non-Repeatable Read",
        "REPEATABLE READ: Phantom Read",
    ]
    grade = rubric.grade(ISOLATION, answer)
    statuses = {g.key_point.text: g.status for g in grade.key_points}
    assert statuses["READ COMMITTED: Non-Repeatable Read"] == KeyPointStatus.CONTRADICTED


def test_401_and_403_swapped():
    answer = "401은 로그인은 됐지만 권한이 없을 때고, 403은 아예 로그인을 안 한 상태예요."
    hits = pairs.swapped(STATUS, answer)
    assert [h.key_point for h in hits] == ["401: 인증 실패/미인증"]


def test_the_right_pairing_is_never_a_swap():
    answer = (
        "READ UNCOMMITTED는 커밋 안 된 값이 보여서 dirty read가 나고요, READ COMMITTED는 "
        "커밋된 것만 보지만 같은 row를 두 번 읽으면 값이 달라지는 non-repeatable read가 "
        "생깁니다. REPEATABLE READ는 범위 검색에서 phantom read가 생길 수 있어요."
    )
    assert pairs.swapped(ISOLATION, answer) == ()


def test_what_a_thing_rules_out_is_no_swap():
    answer = "READ COMMITTED는 Dirty Read는 막지만 Non-Repeatable Read는 생깁니다."
    assert pairs.swapped(ISOLATION, answer) == ()


def test_one_pair_alone_is_no_mapping():
    question = QuestionSpec(
        text="What is a mutex?",
        language="en",
        model_answer="A mutex lets one thread at a time into a critical section.",
        key_points=(KeyPointSpec("Mutex: one holder at a time"), KeyPointSpec("Has an owner")),
    )
    assert pairs.pairs_of(question) == ()


def test_the_model_answers_own_sentence_is_never_a_swap():
    # The starter bank's isolation question: its own model answer scored 68 before.
    question = QuestionSpec(
        text="트랜잭션 격리 수준과 각 수준에서 생기는 이상 현상을 설명해 주세요.",
        language="ko",
        model_answer=(
            "Dirty Read는 다른 트랜잭션이 아직 커밋하지 않은 데이터를 읽는 현상으로, "
            "READ UNCOMMITTED에서만 발생합니다. Non-Repeatable Read는 한 트랜잭션 안에서 같은 "
            "행을 두 번 읽었는데 그 사이 다른 트랜잭션의 수정·커밋 때문에 값이 달라지는 "
            "현상으로, READ COMMITTED까지 발생합니다."
        ),
        key_points=(
            KeyPointSpec("Dirty Read: 커밋 안 된 데이터 읽기"),
            KeyPointSpec("Non-Repeatable Read: 같은 행 재조회 시 값 변경"),
            KeyPointSpec("Phantom Read: 범위 재조회 시 새 행 등장"),
        ),
    )
    assert pairs.swapped(question, question.model_answer) == ()


def test_what_is_said_of_a_head_too_is_no_swap():
    # "401 … 도": the refusal is shared; what follows says what is 401's own.
    question = QuestionSpec(
        text="HTTP 상태 코드 401과 403의 차이를 설명해 주세요.",
        language="ko",
        model_answer=(
            "401 Unauthorized는 인증이 되지 않았거나 자격 증명이 유효하지 않을 때 반환합니다. "
            "403 Forbidden은 누구인지는 알지만 해당 리소스에 접근할 권한이 없을 때 반환합니다."
        ),
        key_points=(
            KeyPointSpec("401: 인증 실패/미인증"),
            KeyPointSpec("403: 인증됐지만 권한 없음"),
        ),
    )
    answer = (
        "403 Forbidden은 요청한 사용자가 누구인지는 서버가 알지만 그 사용자에게 리소스 접근 "
        "권한이 없을 때의 응답이고, 401 Unauthorized도 접근이 거부된 응답이지만 권한 이전에 "
        "인증이 안 됐거나 자격 증명이 유효하지 않아 누구인지 모를 때 씁니다."
    )
    assert pairs.swapped(question, answer) == ()
