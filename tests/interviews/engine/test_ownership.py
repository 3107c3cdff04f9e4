"""A key point about one compared thing is credited only where that thing is spoken of:
the rubric's words said of the other thing ("DFS finds the shortest path") earn nothing."""

from interviews.engine import rubric
from interviews.engine.types import KeyPointSpec, KeyPointStatus, QuestionSpec

GRAPHS = QuestionSpec(
    text="Compare breadth-first search and depth-first search on a graph.",
    language="en",
    model_answer=(
        "BFS explores a graph level by level with a queue, so it finds the shortest path in "
        "an unweighted graph. DFS goes as deep as possible and then backtracks, using a "
        "stack or recursion."
    ),
    key_points=(
        KeyPointSpec("BFS explores level by level using a queue", ("level order",)),
        KeyPointSpec("BFS gives shortest path in unweighted graphs", ("shortest path",)),
        KeyPointSpec("DFS goes deep then backtracks using a stack", ("backtracking",)),
    ),
)

QUEUES = QuestionSpec(
    text="스택과 큐의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "스택은 나중에 넣은 것이 먼저 나오는 LIFO 구조이고, 큐는 먼저 넣은 것이 먼저 나오는 "
        "FIFO 구조입니다. 큐는 BFS나 작업 대기열에 쓰입니다."
    ),
    key_points=(
        KeyPointSpec("스택은 LIFO, 후입선출", ("LIFO",)),
        KeyPointSpec("큐는 FIFO, 선입선출", ("FIFO",)),
        KeyPointSpec("큐 용도: BFS, 작업 대기열", ("BFS", "작업 대기열")),
    ),
)


def _status(question: QuestionSpec, answer: str, index: int) -> KeyPointStatus:
    return rubric.grade(question, answer).key_points[index].status


def test_a_claim_said_of_the_other_thing_is_not_credited_in_english():
    wrong = "BFS uses a stack. DFS is the one that finds the shortest path in an unweighted graph."
    right = "BFS uses a queue, so it finds the shortest path in an unweighted graph."
    assert _status(GRAPHS, wrong, 1) == KeyPointStatus.MISSED
    assert _status(GRAPHS, right, 1) == KeyPointStatus.COVERED


def test_the_thing_a_claim_is_about_may_come_after_another_thing_is_named():
    # "than DFS" only compares: the sentence is still about BFS.
    answer = "BFS is better than DFS here because it finds the shortest path in unweighted graphs."
    assert _status(GRAPHS, answer, 1) == KeyPointStatus.COVERED


def test_a_claim_said_of_the_other_thing_is_not_credited_in_korean():
    wrong = "스택은 LIFO 구조입니다. BFS는 가까운 노드부터 쌓아 두니까 스택으로 구현합니다."
    right = "큐는 FIFO 구조라서 BFS나 작업 대기열에 씁니다."
    assert _status(QUEUES, wrong, 2) == KeyPointStatus.MISSED
    assert _status(QUEUES, right, 2) == KeyPointStatus.COVERED


def test_a_korean_clause_keeps_the_other_thing_as_its_topic():
    # The second clause names nothing: its topic is still 스택.
    wrong = "스택은 먼저 넣은 것이 먼저 나오고, 작업 대기열이나 BFS에 씁니다."
    assert _status(QUEUES, wrong, 2) in {KeyPointStatus.MISSED, KeyPointStatus.CONTRADICTED}


def test_a_swapped_answer_is_contradicted_not_taken_for_junk():
    answer = "DFS explores level by level with a queue and gives the shortest path. BFS backtracks."
    result = rubric.grade(GRAPHS, answer)
    assert result.flag == rubric.AnswerFlag.NONE
    assert result.score > rubric.FLAG_CAP


TESTS = QuestionSpec(
    text="단위 테스트와 통합 테스트의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "단위 테스트는 함수 하나를 외부 의존성 없이 따로 떼어 빠르게 검증합니다. 통합 테스트는 "
        "실제 DB와 외부 API를 함께 연결해 여러 모듈이 맞물려 동작하는지 검증합니다."
    ),
    key_points=(
        KeyPointSpec("단위 테스트는 함수 하나를 외부 의존성 없이 따로 검증한다", ("mock",)),
        KeyPointSpec(
            "통합 테스트는 실제 DB와 외부 API를 함께 연결해 동작을 검증한다", ("실제 DB 연결",)
        ),
    ),
)


def test_what_is_said_of_one_korean_subject_earns_the_other_nothing():
    answer = "통합 테스트는 실제 DB와 외부 API를 함께 연결해서 동작을 검증해요."
    result = rubric.grade(TESTS, answer)
    assert result.key_points[1].status == KeyPointStatus.COVERED
    assert result.key_points[0].status == KeyPointStatus.MISSED  # nothing said of 단위 테스트


INDEXES = QuestionSpec(
    text="클러스터드 인덱스와 논클러스터드 인덱스의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "클러스터드 인덱스는 데이터가 키 순서로 물리적으로 정렬되어 테이블당 하나만 만들 수 "
        "있습니다. 논클러스터드 인덱스는 별도 구조라 테이블당 여러 개 만들 수 있습니다."
    ),
    key_points=(
        KeyPointSpec("클러스터드는 테이블당 1개", ("하나만 생성 가능",)),
        KeyPointSpec("논클러스터드는 여러 개 가능", ("multiple per table",)),
    ),
)


def test_a_korean_loanword_with_non_is_another_thing():
    from interviews.engine import matching

    assert matching.term_similarity("클러스터드", "논클러스터드") == 0.0
    answer = "클러스터드 인덱스는 테이블당 하나만 만들 수 있고, 여러 개 만들 수는 없습니다."
    assert _status(INDEXES, answer, 1) == KeyPointStatus.MISSED


GIT = QuestionSpec(
    text="What is the difference between `git merge` and `git rebase`?",
    language="en",
    model_answer=(
        "`git merge` creates a merge commit whose parents are both branch tips, so history "
        "is preserved. `git rebase` replays your commits on top of a new base, creating new "
        "commits with new hashes. Rebase gives a linear history; merge keeps the true one."
    ),
    key_points=(
        KeyPointSpec("`git merge` creates a merge commit and preserves history"),
        KeyPointSpec("`git rebase` replays commits on a new base with new hashes"),
        KeyPointSpec("Rebase produces a linear history without merge commits"),
    ),
)


def test_a_command_named_by_its_own_word_is_still_spoken_of():
    # "merge" is `git merge`: the clause after "Rebase gives …" is about it.
    answer = "Rebase gives you a linear history, merge keeps a merge commit."
    assert _status(GIT, answer, 0) != KeyPointStatus.MISSED
