"""Complexities stated the wrong way contradict the key point that states the right one;
a correct answer, an alternative named as such and another case or measure do not."""

from dataclasses import replace

import pytest

from interviews.engine import complexity, rubric
from interviews.engine.types import KeyPointSpec, KeyPointStatus, QuestionSpec

HEAP = QuestionSpec(
    text="How does a binary heap work as a priority queue? Give the time complexities.",
    language="en",
    model_answer=(
        "A binary heap is a complete binary tree stored in an array. Peek is O(1); insert "
        "and pop sift up or down, O(log n). Bottom-up heapify builds a heap in O(n), not "
        "O(n log n), because most nodes sit near the bottom."
    ),
    key_points=(
        KeyPointSpec("A binary heap is a complete binary tree stored in an array"),
        KeyPointSpec("Peek is O(1); insert and pop are O(log n)"),
        KeyPointSpec("Bottom-up heapify builds a heap in O(n)"),
    ),
)

BINARY_SEARCH = QuestionSpec(
    text="How does binary search work and what does it need?",
    language="en",
    model_answer=(
        "Compare with the middle element and discard the half that cannot hold the target. "
        "It takes O(log n) comparisons, versus O(n) for linear search. It needs sorted "
        "input with random access."
    ),
    key_points=(
        KeyPointSpec("Compare with the middle, discard half each step"),
        KeyPointSpec("O(log n) time"),
        KeyPointSpec("Requires sorted input with random access", ("O(1) indexing",)),
    ),
)

HASH_TABLE = QuestionSpec(
    text="해시 테이블의 시간 복잡도와 충돌 해결 방법을 설명해 주세요.",
    language="ko",
    model_answer=(
        "해시 함수로 버킷을 계산하므로 평균 O(1)에 조회합니다. 충돌이 한 버킷에 몰리면 "
        "최악 O(n)이 됩니다. 체이닝이나 개방 주소법으로 충돌을 해결합니다."
    ),
    key_points=(
        KeyPointSpec("해시 값으로 버킷을 계산해 평균 O(1)에 조회한다"),
        KeyPointSpec("충돌이 몰리면 최악 O(n)이다"),
        KeyPointSpec("체이닝이나 개방 주소법으로 충돌을 해결한다"),
    ),
)


@pytest.mark.parametrize(
    ("written", "shape"),
    [
        ("O(n log n)", "O(nlogn)"),
        ("O(N log N)", "O(n lg n)"),
        ("O(n²)", "O(n^2)"),
        ("O(n**2)", "O(n^2)"),
        ("O(2n)", "O(n)"),
        ("O(V + E)", "O(n + m)"),
        ("O(L)", "O(m)"),
        ("constant time", "O(1)"),
        ("선형 시간", "O(n)"),
    ],
)
def test_a_complexity_is_read_by_its_shape(written, shape):
    assert complexity.shapes(written) == complexity.shapes(shape)


def test_different_complexities_have_different_shapes():
    found = [complexity.shapes(t) for t in ("O(log n)", "O(n log n)", "O(n)", "O(n·m)", "O(1)")]
    assert len(set(found)) == 5


def test_a_probing_scheme_is_no_complexity():
    assert complexity.shapes("quadratic probing, linear probing") == frozenset()


def test_another_complexity_for_what_a_key_point_speaks_of_contradicts_it():
    answer = (
        "A heap is a complete binary tree in an array. Heapify is O(n log n) because you "
        "insert the n elements one at a time."
    )
    hits = complexity.misstated(HEAP, answer)
    assert [h.key_point for h in hits] == ["Bottom-up heapify builds a heap in O(n)"]
    grade = rubric.grade(HEAP, answer)
    heapify = next(g for g in grade.key_points if "heapify" in g.key_point.text)
    assert heapify.status == KeyPointStatus.CONTRADICTED
    assert "O(n log n)" in heapify.evidence


def test_a_topic_only_key_point_is_what_an_unattached_complexity_speaks_of():
    answer = (
        "Binary search splits the array in two and searches both halves, so its time "
        "complexity is O(n log n)."
    )
    hits = complexity.misstated(BINARY_SEARCH, answer)
    assert [h.key_point for h in hits] == ["O(log n) time"]


@pytest.mark.parametrize(
    "answer",
    [
        # the right complexities
        "Peek is O(1), insert and pop are O(log n), and bottom-up heapify is O(n).",
        # an alternative named as one
        "Heapify is O(n); inserting one by one instead would be O(n log n).",
        "Bottom-up heapify is O(n), not O(n log n).",
        # the same sentence gives the key point's own as well
        "Building by repeated inserts costs O(n log n) but heapify does it in O(n).",
    ],
)
def test_a_correct_answer_is_not_contradicted(answer):
    assert complexity.misstated(HEAP, answer) == ()


def test_a_complexity_of_another_case_is_not_read_against_the_average():
    # Java's HashMap turns a crowded bucket into a tree: worst O(log n) is correct, and it
    # is no statement about the average, whose key point names the bucket too.
    average_only = replace(
        HASH_TABLE, key_points=(HASH_TABLE.key_points[0], HASH_TABLE.key_points[2])
    )
    answer = "자바 HashMap은 버킷을 트리로 바꿔서 조회가 최악 O(log n)이에요."
    assert complexity.misstated(average_only, answer) == ()


def test_a_conditional_extra_fact_is_not_read():
    answer = (
        "평균 O(1)이고 최악 O(n)이에요. 파이썬 리스트로 큐를 만들면 pop(0)이 O(n)이라 "
        "deque를 씁니다."
    )
    assert complexity.misstated(HASH_TABLE, answer) == ()


def test_a_wrong_average_contradicts_the_average_key_point():
    answer = "해시 테이블은 키를 정렬해서 이진 탐색하기 때문에 평균 O(log n)에 조회합니다."
    hits = complexity.misstated(HASH_TABLE, answer)
    assert [h.key_point for h in hits] == ["해시 값으로 버킷을 계산해 평균 O(1)에 조회한다"]
