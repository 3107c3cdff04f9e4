"""Verdicts: listed misconceptions and swapped subjects contradict the key point they deny;
a correct answer is never contradicted; one formula turns verdicts into the score."""

from dataclasses import replace

import pytest

from interviews.engine import attribution, evaluate, evidence, misconceptions, rubric, scoring
from interviews.engine.types import (
    AnswerFlag,
    KeyPointSpec,
    KeyPointStatus,
    MisconceptionSpec,
    QuestionSpec,
)

IS_EQ = QuestionSpec(
    text="What is the difference between `is` and `==` in Python?",
    language="en",
    model_answer=(
        "`==` compares values by calling `__eq__`. `is` compares identity: it is True only "
        "when both names refer to the same object. Use `is` for None."
    ),
    key_points=(
        KeyPointSpec("== compares values via __eq__", ("value equality", "__eq__")),
        KeyPointSpec("is compares object identity", ("same object", "identity")),
        KeyPointSpec("Use is for None and singletons", ("is None",)),
    ),
    misconceptions=(
        MisconceptionSpec(
            "`is` compares values",
            "`is` compares identity; `==` compares values",
            "is compares object identity",
        ),
    ),
)


def _status(grade, text):
    return next(g.status for g in grade.key_points if g.key_point.text == text)


def test_a_listed_misconception_contradicts_the_key_point_it_denies():
    grade = rubric.grade(IS_EQ, "`is` compares values, and `==` checks whether it is None.")
    assert _status(grade, "is compares object identity") == KeyPointStatus.CONTRADICTED
    assert grade.misconceptions[0].text == "`is` compares values"
    right = rubric.grade(IS_EQ, "`is` compares identity, the same object; `==` compares values.")
    assert right.misconceptions == ()
    assert _status(right, "is compares object identity") == KeyPointStatus.COVERED


def test_the_correct_claim_about_the_other_operator_is_not_the_misconception():
    grade = rubric.grade(IS_EQ, "`==` compares values.")
    assert grade.misconceptions == ()
    assert grade.flag == AnswerFlag.NONE
    assert grade.score > 10  # a short correct partial answer is not junk


def test_a_swapped_subject_is_caught_without_a_list(ko_question):
    answer = "스레드는 각자 독립된 메모리 공간을 가지고, 프로세스끼리 힙을 공유합니다."
    grade = rubric.grade(ko_question, answer)
    assert _status(grade, "프로세스는 독립된 메모리 공간을 가진다") == KeyPointStatus.CONTRADICTED
    assert any("스레드" in hit.text for hit in grade.misconceptions)


def test_the_model_answer_is_never_contradicted(ko_question, en_question):
    for question in (ko_question, en_question, IS_EQ):
        grade = rubric.grade(question, question.model_answer)
        assert grade.misconceptions == ()
        assert all(g.status != KeyPointStatus.CONTRADICTED for g in grade.key_points)


def test_swaps_that_the_model_answer_also_states_are_not_generated():
    both = QuestionSpec(
        text="TCP와 UDP의 차이는?",
        language="ko",
        model_answer="TCP는 포트 번호를 쓴다. UDP도 포트 번호를 쓴다.",
        key_points=(KeyPointSpec("TCP는 포트 번호를 쓴다"), KeyPointSpec("UDP는 비연결형이다")),
    )
    swapped = {m.text for m in misconceptions.swapped_claims(both)}
    assert "UDP는 포트 번호를 쓴다" not in swapped


def test_one_formula_scores_the_verdicts():
    covered, partly, missed, contradicted = (
        KeyPointStatus.COVERED,
        KeyPointStatus.PARTLY,
        KeyPointStatus.MISSED,
        KeyPointStatus.CONTRADICTED,
    )
    assert scoring.scored([covered, covered, partly, missed]).score == 62
    assert scoring.scored([covered, covered, contradicted, missed]).score == 50 - 15
    assert scoring.scored([covered, missed], extra_misconceptions=1).score == 50 - 15
    assert scoring.scored([missed, contradicted]).score == scoring.MIN_ATTEMPT_SCORE
    assert scoring.scored([covered], flag=AnswerFlag.INJECTION).score == 0
    assert scoring.scored([covered] * 3, term_list=True).score == scoring.TERM_LIST_CAP
    # Words the reference never uses weigh against: 40 points per whole below 70 %.
    assert scoring.scored([covered, covered, partly, missed], support=0.5).score == 62 - 8
    assert scoring.scored([covered, covered, partly, missed], support=0.9).score == 62
    assert scoring.scored([covered, missed], support=0.0).score == 50 - 28
    # What support costs is what it takes off the score, after the floor of 11.
    assert scoring.scored([covered, missed], support=0.0).support_points == 28
    assert scoring.scored([covered] + [missed] * 4, support=0.2).support_points == 20 - 11
    assert scoring.scored([covered], flag=AnswerFlag.JUNK, support=0.0).support_points == 0


def test_the_card_shows_the_misconception_and_its_correction():
    evaluation = evaluate(question=IS_EQ, answer="`is` compares values in Python.", language="en")
    identity = evaluation.key_points[1]
    assert identity.status == KeyPointStatus.CONTRADICTED
    assert "`is` compares values" in identity.note and "identity" in identity.note
    assert identity.evidence == "`is` compares values in Python."
    assert identity.reference  # the model-answer passage it was checked against
    assert "`is` compares identity; `==` compares values" in evaluation.feedback
    assert f"**Score: {evaluation.score}/100**" in evaluation.feedback


def test_misconceptions_reach_the_llm_prompt():
    from interviews.engine import prompts

    messages = prompts.evaluation_messages(
        question=replace(IS_EQ), answer="x", persona=None, language="en"
    )
    assert "`is` compares values" in messages[1].content


PAIRED = QuestionSpec(
    text="리스트(list)와 튜플(tuple)의 차이점을 설명해주세요.",
    language="ko",
    model_answer=(
        "리스트는 mutable이라 요소를 바꿀 수 있고, 튜플은 immutable이라 만든 뒤 바꿀 수 없습니다."
    ),
    key_points=(
        KeyPointSpec("리스트는 mutable, 튜플은 immutable", ("변경 가능", "변경 불가")),
        KeyPointSpec("튜플은 hashable이라 dict key로 사용 가능", ("hashable",)),
    ),
)


def test_a_key_point_pairing_two_things_is_contradicted_when_the_sides_swap():
    wrong = "리스트는 immutable이라 바꿀 수 없고, 튜플은 mutable이라 append로 늘릴 수 있습니다."
    right = "튜플은 immutable이고 리스트는 mutable이라 append로 늘릴 수 있습니다."

    assert _status(rubric.grade(PAIRED, wrong), "리스트는 mutable, 튜플은 immutable") == (
        KeyPointStatus.CONTRADICTED
    )
    assert _status(rubric.grade(PAIRED, right), "리스트는 mutable, 튜플은 immutable") == (
        KeyPointStatus.COVERED
    )


JOINS = QuestionSpec(
    text="INNER JOIN과 LEFT JOIN의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "INNER JOIN은 조인 조건을 만족하는, 두 테이블 모두에 짝이 있는 행만 결과에 남깁니다. "
        "LEFT JOIN은 왼쪽 테이블의 모든 행을 남기고, 짝이 없으면 오른쪽 컬럼을 NULL로 채웁니다."
    ),
    key_points=(
        KeyPointSpec("INNER JOIN은 두 테이블 모두에 짝이 있는 행만 남긴다"),
        KeyPointSpec("LEFT JOIN은 왼쪽 테이블의 모든 행을 남긴다"),
        KeyPointSpec("짝이 없으면 오른쪽 컬럼은 NULL"),
    ),
)


def test_the_model_answers_sentence_said_of_the_other_side_is_a_swap():
    # Nearly every character of the model answer's INNER JOIN sentence, said of LEFT JOIN.
    swapped = (
        "LEFT JOIN은 조인 조건을 만족하는, 두 테이블 모두에 짝이 있는 행만 결과에 남깁니다. "
        "INNER JOIN은 왼쪽 테이블의 모든 행을 남기고, 짝이 없으면 NULL로 채웁니다."
    )
    result = evaluate(question=JOINS, answer=swapped, language="ko")
    assert any(k.status == KeyPointStatus.CONTRADICTED for k in result.key_points)
    model = evaluate(question=JOINS, answer=JOINS.model_answer, language="ko")
    assert not any(k.status == KeyPointStatus.CONTRADICTED for k in model.key_points)
    assert model.score >= 90 > result.score


def test_a_clause_after_a_comma_keeps_its_korean_topic():
    # "…만족하는, 짝이 있는 행만 남기고": the second clause is still about LEFT JOIN.
    hits = misconceptions.asserted(
        JOINS, "LEFT JOIN은 조건을 따져서, 두 테이블 모두에 짝이 있는 행만 남깁니다."
    )
    assert hits and "LEFT JOIN" in hits[0].evidence


def test_an_english_pronoun_clause_is_not_given_the_last_named_thing():
    question = QuestionSpec(
        text="What is the difference between a process and a thread?",
        language="en",
        model_answer=(
            "A process has its own address space. A thread runs inside a process; all threads "
            "of a process share its memory, but each has its own stack and registers."
        ),
        key_points=(
            KeyPointSpec("Process has its own address space"),
            KeyPointSpec("Each thread has its own stack and registers"),
        ),
    )
    result = evaluate(question=question, answer=question.model_answer, language="en")
    assert not result.misconceptions
    assert result.score >= 90


def test_a_key_point_opening_with_a_keyword_names_it_and_its_swap_is_caught():
    # No curated misconception: "is compares identity" names `is` as its subject, so
    # the answer giving `is` the job of `==` is caught as a swap.
    question = QuestionSpec(
        text="In review you see `if answer is 'yes':`. Why would you flag it?",
        language="en",
        model_answer=(
            "`==` compares values by calling `__eq__`, while `is` compares identity: whether "
            "both names point to the same object. It only seems to work because CPython "
            "interns some strings."
        ),
        key_points=(
            KeyPointSpec("== compares values (__eq__)"),
            KeyPointSpec("is compares identity (same object)"),
            KeyPointSpec("it only works by accident of string interning"),
        ),
    )
    wrong = evaluate(
        question=question,
        answer="`is` compares the values of two objects, and `==` checks whether they are the "
        "same object in memory, so `is` is right here.",
        language="en",
    )
    right = evaluate(
        question=question,
        answer="`is` checks identity, the same object, and `==` compares the values, so use "
        "`==` here; it only works by accident because of string interning.",
        language="en",
    )
    assert any(k.status == KeyPointStatus.CONTRADICTED for k in wrong.key_points)
    assert not any(k.status == KeyPointStatus.CONTRADICTED for k in right.key_points)
    assert right.score > wrong.score


def _status_codes_question():
    return QuestionSpec(
        text="401과 403의 차이를 설명해 주세요.",
        language="ko",
        model_answer=(
            "401 Unauthorized는 인증이 되지 않았거나 자격 증명이 유효하지 않을 때 반환합니다. "
            "403 Forbidden은 누구인지는 알지만 해당 리소스에 접근할 권한이 없을 때 반환하며, "
            "다시 로그인해도 결과가 바뀌지 않습니다."
        ),
        key_points=(
            KeyPointSpec("401: 인증 실패/미인증"),
            KeyPointSpec("403: 인증됐지만 권한 없음"),
        ),
    )


def test_a_property_of_the_other_compared_thing_is_a_misattribution():
    from interviews.engine import attribution

    wrong = "401은 누구인지는 알지만 리소스에 접근할 권한이 없을 때 반환하는 코드입니다."
    hits = attribution.misattributed(_status_codes_question(), wrong)
    assert [h.key_point for h in hits] == ["401: 인증 실패/미인증"]
    assert hits[0].correction.startswith("401 Unauthorized")


def test_the_model_answers_own_attribution_is_never_a_misattribution():
    from interviews.engine import attribution

    question = _status_codes_question()
    assert attribution.misattributed(question, question.model_answer) == ()
    right = "403은 로그인은 했지만 접근할 권한이 없을 때 반환됩니다."
    assert attribution.misattributed(question, right) == ()


def test_a_thing_named_in_passing_is_not_the_topic():
    from interviews.engine import attribution

    # "프로세스 안에서": a place, not what the sentence is about.
    question = QuestionSpec(
        text="프로세스와 스레드의 차이는?",
        language="ko",
        model_answer=(
            "프로세스는 독립된 메모리 공간을 가집니다. 스레드는 같은 프로세스의 힙을 "
            "공유하고 스택만 따로 가집니다."
        ),
        key_points=(KeyPointSpec("프로세스: 독립된 메모리"), KeyPointSpec("스레드: 힙 공유")),
    )
    answer = "스레드는 프로세스 안에서 힙을 공유하고 스택만 따로 가집니다."
    assert attribution.misattributed(question, answer) == ()


PAGE_REPLACEMENT = QuestionSpec(
    text="페이지 교체 알고리즘 FIFO와 LRU를 비교해 주세요.",
    language="ko",
    model_answer=(
        "FIFO는 가장 먼저 들어온 페이지를 교체합니다. LRU는 가장 오랫동안 참조되지 않은 "
        "페이지를 교체하고, 시간 지역성 덕분에 보통 FIFO보다 페이지 폴트가 적습니다."
    ),
    key_points=(
        KeyPointSpec("FIFO는 가장 먼저 메모리에 들어온 페이지를 교체 대상으로 고른다"),
        KeyPointSpec("LRU는 가장 오랫동안 참조되지 않은 페이지를 교체한다"),
        KeyPointSpec("LRU는 시간 지역성 덕분에 보통 FIFO보다 페이지 폴트가 적다"),
    ),
)


def test_the_thing_compared_with_is_not_a_claims_subject():
    """ "LRU는 … FIFO보다 폴트가 적다" is one claim about LRU: no swap reads it as "LRU:
    폴트가 적다" said of the wrong thing, and the true sentence is never contradicted."""
    swaps = {m.text for m in misconceptions.swapped_claims(PAGE_REPLACEMENT)}
    assert not any(text.lower().startswith("lru") and "폴트" in text for text in swaps)
    assert any(text.lower().startswith("lru") and "먼저" in text for text in swaps)
    answer = (
        "FIFO는 제일 먼저 들어온 페이지를 내보내요. LRU는 제일 오래 안 쓴 페이지를 "
        "내보내서, 최근에 쓴 건 또 쓴다는 지역성 덕분에 보통 폴트가 적어요."
    )
    result = rubric.grade(PAGE_REPLACEMENT, answer)
    assert not any(g.contradicted for g in result.key_points)
    assert not result.misconceptions


def test_an_english_conjunction_is_not_the_keyword_it_spells():
    """ "if someone imports it" is not about the `if` of `if __name__ == "__main__":`."""
    question = QuestionSpec(
        text='What does `if __name__ == "__main__":` do in a Python file?',
        language="en",
        model_answer=(
            "Run directly, a file's `__name__` is \"__main__\"; imported, it is the module's "
            "name. So the `if` block runs only when the file is executed as a script."
        ),
        key_points=(
            KeyPointSpec('When a file is run directly, `__name__` is "__main__"'),
            KeyPointSpec("When a file is imported, `__name__` is the module's import name"),
            KeyPointSpec("The `if` block runs only when the file is executed as a script"),
        ),
    )
    answer = (
        'If you run the file directly, `__name__` is "__main__"; if someone imports it, '
        "it's just the module name. So the block under the `if` only runs as a script."
    )
    result = rubric.grade(question, answer)
    assert not result.misconceptions
    assert not any(g.contradicted for g in result.key_points)


LOCKS = QuestionSpec(
    text="뮤텍스와 세마포어의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "뮤텍스는 한 번에 한 스레드만 임계 구역에 들이고 잠근 스레드만 풀 수 있습니다. "
        "세마포어는 카운터만큼 여러 스레드가 동시에 들어갈 수 있습니다."
    ),
    key_points=(
        KeyPointSpec("뮤텍스는 한 번에 한 스레드만 들어가고 잠근 스레드만 해제"),
        KeyPointSpec("세마포어는 카운터만큼 여러 스레드가 동시에 접근"),
    ),
)
HEAPS = QuestionSpec(
    text="What is the difference between a heap and a BST?",
    language="en",
    model_answer=(
        "A heap only keeps the largest element at the root and is stored in an array. A BST "
        "keeps every left subtree smaller than its node, so it supports ordered search."
    ),
    key_points=(
        KeyPointSpec("heap keeps the largest element at the root"),
        KeyPointSpec("BST keeps left subtrees smaller for ordered search"),
    ),
)


def test_saying_the_compared_things_are_the_same_is_a_misconception():
    korean = (
        "뮤텍스와 세마포어는 사실 이름만 다르고 같은 개념입니다. "
        "세마포어는 여러 스레드가 동시에 접근해요."
    )
    english = (
        "They're essentially the same structure. A heap keeps the largest element at the root."
    )
    for question, answer, honest in (
        (LOCKS, korean, "세마포어는 여러 스레드가 동시에 접근해요."),
        (HEAPS, english, "A heap keeps the largest element at the root."),
    ):
        graded = rubric.grade(question, answer)
        assert [hit.evidence for hit in graded.misconceptions] == [answer.split(". ")[0] + "."]
        assert graded.score < rubric.grade(question, honest).score


def test_a_shared_property_or_an_analogy_is_no_denied_difference():
    for question, answer in (
        (LOCKS, "둘 다 동기화 도구이지만 뮤텍스는 한 스레드만, 세마포어는 여러 스레드가 들어가요."),
        (HEAPS, "Both are trees, but a heap keeps the largest element at the root."),
        (HEAPS, "A heap is not the same thing as a BST: it keeps the largest element at the root."),
    ):
        assert attribution.denied_difference(question, answer) == ()


SEQUENCES = QuestionSpec(
    text="What is the difference between a list and a tuple in Python?",
    language="en",
    model_answer=(
        "Lists are mutable: you can append or change items. Tuples are immutable once "
        "created, so a tuple of hashable items can be a dict key."
    ),
    key_points=(
        KeyPointSpec("lists are mutable, tuples are immutable"),
        KeyPointSpec("tuples are hashable and usable as dict keys"),
    ),
)
WORKERS = QuestionSpec(
    text="프로세스와 스레드의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "프로세스는 각자 독립된 메모리 공간을 가집니다. 스레드는 한 프로세스 안에서 코드와 "
        "힙을 공유하고 스택만 따로 가집니다."
    ),
    key_points=(
        KeyPointSpec("프로세스는 독립된 메모리 공간을 가짐"),
        KeyPointSpec("스레드는 코드와 힙을 공유하고 스택은 별도"),
    ),
)


def test_the_opposite_of_what_the_model_answer_says_of_a_thing_is_a_misconception():
    for question, answer, wrong in (
        (SEQUENCES, "Both are mutable. Tuples can be dict keys.", "Both are mutable."),
        (
            WORKERS,
            "둘 다 각자 독립된 메모리 공간을 가져요. 스레드는 스택이 따로 있어요.",
            "둘 다 각자 독립된 메모리 공간을 가져요.",
        ),
    ):
        graded = rubric.grade(question, answer)
        assert [hit.evidence for hit in graded.misconceptions] == [wrong]


def test_a_shared_property_or_the_model_answers_own_claim_is_no_opposite():
    for question, answer in (
        (SEQUENCES, "Both are sequences, but lists are mutable and tuples are immutable."),
        (SEQUENCES, "Tuples are not mutable, so they can be dict keys."),
        (WORKERS, "둘 다 실행 단위이고, 스레드는 힙을 공유하지만 프로세스는 독립된 공간을 가져요."),
    ):
        assert attribution.opposite_of_model(question, answer) == ()


LIMITERS = QuestionSpec(
    text="토큰 버킷과 리키 버킷 알고리즘의 차이를 설명해 주세요.",
    language="ko",
    model_answer=(
        "토큰 버킷은 일정한 속도로 토큰을 채우고 요청마다 토큰을 쓰므로 쌓인 만큼 버스트를 "
        "허용합니다. 리키 버킷은 요청을 큐에 넣고 일정한 속도로 내보내 출력을 평탄화합니다. "
        "버스트 허용이 필요하면 토큰 버킷, 일정한 처리 속도가 필요하면 리키 버킷이 적합합니다."
    ),
    key_points=(
        KeyPointSpec("토큰 버킷은 쌓인 토큰만큼 버스트를 허용한다", ("버스트 허용",)),
        KeyPointSpec("리키 버킷은 일정한 속도로 요청을 처리한다", ("일정한 출력",)),
        KeyPointSpec(
            "버스트 허용이 필요하면 토큰 버킷, 일정한 처리 속도가 필요하면 리키 버킷이 적합하다"
        ),
    ),
)


def test_a_korean_key_point_naming_each_thing_after_its_claim_yields_no_swap():
    """The key point "… 필요하면 토큰 버킷, … 필요하면 리키 버킷이 적합하다" names each
    thing after what is said of it: read as claims that open with their subject, it paired
    토큰 버킷 with the other half, and a correct answer about 리키 버킷 read as a swap."""
    answer = (
        "토큰 버킷은 토큰이 쌓여 있으면 한 번에 통과시켜서 버스트 허용이죠. 리키 버킷은 요청을 "
        "큐에 담아두고 일정한 속도로만 빼서 처리해요."
    )
    graded = rubric.grade(LIMITERS, answer)
    assert graded.misconceptions == ()
    assert KeyPointStatus.CONTRADICTED not in {g.status for g in graded.key_points}
    swapped = (
        "토큰 버킷은 요청을 큐에 담아두고 일정한 속도로 처리해요. 리키 버킷은 버스트를 허용해요."
    )
    assert rubric.grade(LIMITERS, swapped).score < graded.score


ARP = QuestionSpec(
    text=(
        "How does a host find the MAC address for an IP address it wants to send to? Explain "
        "ARP, and what happens when the destination is on a different subnet."
    ),
    language="en",
    model_answer=(
        "The host checks its ARP cache and otherwise broadcasts an ARP request. For a "
        "destination on another subnet the host ARPs for the default gateway's MAC instead."
    ),
    key_points=(
        KeyPointSpec("The host checks its ARP cache and otherwise broadcasts an ARP request"),
        KeyPointSpec(
            "For a destination on another subnet the host ARPs for the default gateway's MAC "
            "instead"
        ),
        KeyPointSpec("The frame's MAC addresses change per hop while the IP destination stays"),
        KeyPointSpec("ARP has no authentication, so forged replies enable ARP spoofing"),
    ),
)


def test_words_the_question_names_apart_are_not_things_to_swap():
    # "host", "destination" and "ARP" open key points and occur in the question, but the
    # question never sets them beside each other: no answer can swap them.
    tokens = {s.token for s in misconceptions.question_subjects(ARP)}
    assert {"host", "destination"} <= tokens  # what claims are about, for ownership
    compared = {s.token for s in misconceptions.compared_subjects(ARP)}
    assert "host" not in compared and "arp" not in compared
    answer = (
        "ARP: check the cache, otherwise broadcast a request. If the subnet mask says the "
        "destination is remote, you resolve the default gateway's MAC instead and send the "
        "frame there; the IP destination stays the final host."
    )
    grade = rubric.grade(ARP, answer)
    assert grade.misconceptions == ()
    assert all(g.status != KeyPointStatus.CONTRADICTED for g in grade.key_points)


def test_things_the_question_sets_side_by_side_can_be_swapped():
    def compared(text, *key_points):
        spec = QuestionSpec(text, "en", "", tuple(KeyPointSpec(k) for k in key_points))
        return {s.token.lower() for s in misconceptions.compared_subjects(spec)}

    tcp = ("TCP guarantees ordered delivery", "UDP sends datagrams without guarantees")
    assert compared("What are the main differences between TCP and UDP?", *tcp) == {"tcp", "udp"}
    assert compared("TCP와 UDP의 차이를 설명해 주세요.", *tcp) == {"tcp", "udp"}
    lists = ("A list is mutable", "A tuple is immutable and hashable")
    assert compared("What is the difference between a list and a tuple?", *lists) == {
        "list",
        "tuple",
    }
    # Named in one question, but not beside each other.
    assert compared("When would you use a list? Say why a tuple can be a key.", *lists) == set()
    # A key point that sets two things against each other names both.
    trees = (
        "AVL keeps subtree heights within 1, while red-black trees allow more imbalance",
        "Balancing keeps lookups at O(log n)",
    )
    assert compared("Why does a binary search tree need to be balanced?", *trees) == {
        "avl",
        "red",
    }


def test_a_swap_says_something_of_the_thing_it_names():
    # Cut at each header the key point names, "`ETag`는 `" says nothing of `ETag`: said of
    # `no-store` it is no claim, and a correct sentence about `no-store` is not one.
    question = QuestionSpec(
        text="`Cache-Control`, `ETag`, `Last-Modified` 헤더는 각각 어떤 역할을 하나요?",
        language="ko",
        model_answer=(
            "`Cache-Control`은 `max-age`, `no-cache`, `no-store` 같은 지시어로 신선도를 "
            "정한다. 신선도가 지나면 `ETag` 값을 `If-None-Match`로, `Last-Modified` 값을 "
            "`If-Modified-Since`로 보내 재검증한다. 저장 자체를 막는 것은 `no-store`다."
        ),
        key_points=(
            KeyPointSpec("`Cache-Control`은 캐시 가능 여부와 신선도 기간(`max-age` 등)을 지정한다"),
            KeyPointSpec("신선도 기간 동안은 서버에 요청하지 않고 캐시된 응답을 바로 쓴다"),
            KeyPointSpec(
                "`ETag`는 `If-None-Match`로, `Last-Modified`는 `If-Modified-Since`로 "
                "조건부 요청에 쓰인다"
            ),
            KeyPointSpec("변경이 없으면 서버가 본문 없이 `304 Not Modified`를 반환한다"),
            KeyPointSpec(
                "`no-cache`는 매번 재검증하라는 뜻이고 저장 자체를 막는 것은 `no-store`다"
            ),
        ),
    )
    answer = (
        "`Cache-Control: max-age=600`이면 10분 동안은 서버에 다시 안 물어봐요. "
        "`no-store`는 아예 저장하지 말라는 거고요."
    )
    grade = rubric.grade(question, answer)
    assert grade.misconceptions == ()
    assert all(g.status != KeyPointStatus.CONTRADICTED for g in grade.key_points)


MMAP = QuestionSpec(
    text="What does `mmap` do, and how does it differ from calling `read()`?",
    language="en",
    model_answer=(
        "mmap maps a file into the virtual address space; pages load lazily on page faults. "
        "With MAP_SHARED writes go back to the file, while MAP_PRIVATE is copy-on-write and "
        "changes stay private to the process."
    ),
    key_points=(
        KeyPointSpec("mmap maps a file into the process's virtual address space"),
        KeyPointSpec(
            "With MAP_SHARED writes go back to the file (msync forces them), while "
            "MAP_PRIVATE is copy-on-write."
        ),
    ),
)


def test_a_key_point_opening_with_its_subject_framed_is_swapped_both_ways():
    # "With MAP_SHARED …" frames its topic; the preposition does not make it a place.
    kp = MMAP.key_points[1].text
    swaps = {s.text for s in misconceptions.swapped_claims(MMAP)}
    assert "MAP_SHARED is copy-on-write." in swaps  # spelt as the rubric spells it
    wrong = (
        "With MAP_PRIVATE your writes are flushed back to the file and visible to other "
        "processes, while MAP_SHARED gives each process its own copy-on-write pages."
    )
    right = (
        "With MAP_SHARED your writes go back to the file, while MAP_PRIVATE gives each "
        "process its own copy-on-write pages."
    )
    assert _status(rubric.grade(MMAP, wrong), kp) == KeyPointStatus.CONTRADICTED
    assert _status(rubric.grade(MMAP, right), kp) == KeyPointStatus.COVERED


def test_a_swapped_code_claim_keeps_the_texts_own_backticks():
    question = QuestionSpec(
        text="파이썬에서 `is`와 `==`의 차이는 무엇인가요?",
        language="ko",
        model_answer="`==`는 값이 같은지 비교합니다. `is`는 같은 객체인지 비교합니다.",
        key_points=(
            KeyPointSpec("`==`는 값 비교 (`__eq__` 호출)"),
            KeyPointSpec("`is`는 동일 객체(identity) 비교"),
        ),
    )
    swaps = {s.text for s in misconceptions.swapped_claims(question)}
    assert "`is`는 값 비교" in swaps
    assert "`==`는 동일 객체 비교" in {" ".join(s.split()) for s in swaps}
    assert not any("``" in s for s in swaps)


def test_backticks_pair_in_order_past_a_long_code_span():
    # The first span is too long to be a subject; skipping it must not pair its closing
    # backtick with the next opening one ("` and `" read as the code `and`).
    question = (
        "What does `ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC)` "
        "do, how is it different from `GROUP BY`, and how do `ROW_NUMBER`, `RANK` and "
        "`DENSE_RANK` differ?"
    )
    found = evidence.code_tokens(question)
    assert {"GROUP BY", "ROW_NUMBER", "RANK", "DENSE_RANK"} <= set(found)
    assert "and" not in found and "," not in found


def test_a_thing_named_only_in_a_condition_is_not_given_a_property():
    question = QuestionSpec(
        text=(
            "크롬이 탭마다 스레드가 아니라 프로세스를 쓰는 이유를 프로세스와 스레드의 "
            "차이로 설명해 주세요."
        ),
        language="ko",
        model_answer=(
            "프로세스는 독립된 가상 주소 공간을 할당받는 실행 단위이고, 스레드는 한 "
            "프로세스 안에서 힙을 공유하며 스택만 따로 갖는 실행 흐름입니다. "
            "프로세스는 서로 격리되어 한 프로세스가 죽어도 다른 프로세스는 영향을 받지 않습니다."
        ),
        key_points=(
            KeyPointSpec("프로세스는 독립된 메모리 공간"),
            KeyPointSpec("스레드는 프로세스 안에서 힙 등 메모리를 공유하고 스택만 따로 가진다"),
        ),
    )
    correct = "한 스레드가 메모리를 잘못 건드려서 죽으면 같은 프로세스 전체가 같이 죽어요."
    assert attribution.misattributed(question, correct) == ()


def test_a_thing_named_again_in_its_own_description_keeps_the_description():
    # The model answer names FIN twice in the sentence about it; what follows the second
    # mention (delivered data, TIME_WAIT) is still FIN's, not the connection's.
    question = QuestionSpec(
        text=(
            "What's the difference between a TCP connection being closed with FIN versus RST? "
            "Why do you sometimes get 'Connection refused' immediately and other times "
            "'Connection timed out'?"
        ),
        language="en",
        model_answer=(
            "FIN is the graceful close: a side sends FIN to say it has finished sending, the "
            "other side acknowledges it, data already in flight is still delivered, and the "
            "connection goes through the normal teardown and TIME_WAIT. RST is an abortive "
            "reset: it tears the connection down immediately and discards unsent data. "
            "'Connection refused' means nothing was listening, so the host answered with an "
            "RST. 'Connection timed out' means the SYN was silently dropped."
        ),
        key_points=(
            KeyPointSpec("FIN performs a graceful close and in-flight data is still delivered."),
            KeyPointSpec("RST aborts the connection immediately and discards unsent data."),
            KeyPointSpec("Connection refused means the host replied with an RST."),
            KeyPointSpec("Connection timed out means no response arrived."),
        ),
    )
    right = (
        "FIN = orderly close, data already sent still gets delivered, normal teardown + TIME_WAIT."
    )
    assert attribution.misattributed(question, right) == ()


def _timeouts_question() -> QuestionSpec:
    return QuestionSpec(
        text="connect timeout과 read timeout의 차이를 설명해 주세요.",
        language="ko",
        model_answer=(
            "connect timeout은 TCP 연결(과 TLS 핸드셰이크)을 맺을 때까지 기다리는 최대 "
            "시간으로, 서버가 죽었거나 네트워크가 막혔을 때 빨리 실패하게 해 주며 보통 짧게 "
            "잡습니다. read timeout은 연결된 뒤 응답 데이터를 기다리는 시간, 정확히는 바이트와 "
            "바이트 사이의 최대 대기 시간으로, 서버가 느리게 처리할 때 발동합니다."
        ),
        key_points=(
            KeyPointSpec("connect timeout은 TCP 연결을 맺을 때까지 기다리는 최대 시간이다."),
            KeyPointSpec("read timeout은 연결 후 응답 데이터를 기다리는 최대 시간이다."),
        ),
    )


def test_a_thing_placed_against_the_other_is_not_described_with_its_property():
    # Each half names the other timeout to say where its own one ends or starts: the words
    # are the other's, the property is not.
    english = QuestionSpec(
        text="What is the difference between a connect timeout and a read timeout?",
        language="en",
        model_answer=(
            "The connect timeout bounds how long the client waits to establish the TCP "
            "connection. The read timeout bounds how long the client waits for response data "
            "after the connection is established."
        ),
        key_points=(
            KeyPointSpec("The connect timeout limits establishing the TCP connection."),
            KeyPointSpec("The read timeout limits waiting for response data."),
        ),
    )
    right = (
        "The connect timeout ends before any response data can arrive, and the read timeout "
        "only starts once the TCP connection is established."
    )
    assert attribution.crossed(english, right) == ()
    question = _timeouts_question()
    right = (
        "connect timeout은 TCP 연결 맺는 데까지 기다리는 시간이고, read timeout은 연결 후 "
        "응답 바이트를 기다리는 시간이에요."
    )
    assert attribution.crossed(question, right) == ()
    assert attribution.crossed(question, question.model_answer) == ()


def test_a_thing_compared_with_or_named_inside_a_clause_does_not_end_the_description():
    tcp_udp = QuestionSpec(
        text="How do TCP and UDP differ?",
        language="en",
        model_answer=(
            "TCP is connection-oriented: it sets up a connection with a three-way handshake, "
            "retransmits lost packets and delivers bytes in order. UDP is connectionless: it "
            "sends datagrams right away with no handshake, which gives lower latency."
        ),
        key_points=(
            KeyPointSpec("TCP is connection-oriented and reliable, delivering bytes in order."),
            KeyPointSpec("UDP is connectionless with lower latency."),
        ),
    )
    right = "TCP is slower than UDP, since UDP sends datagrams right away with lower latency."
    assert attribution.misattributed(tcp_udp, right) == ()
    process_thread = QuestionSpec(
        text="What is the difference between a process and a thread?",
        language="en",
        model_answer=(
            "A process has its own address space and resources, isolated from other processes. "
            "A thread runs inside a process and shares the process memory with the other threads."
        ),
        key_points=(
            KeyPointSpec("A process has its own isolated address space."),
            KeyPointSpec("Threads share the memory of their process."),
        ),
    )
    right = (
        "A process owns memory that its threads share, and a thread cannot see another "
        "process address space."
    )
    assert attribution.misattributed(process_thread, right) == ()


def _on_delete_question() -> QuestionSpec:
    return QuestionSpec(
        text=(
            "Explain what `ON DELETE CASCADE`, `ON DELETE RESTRICT` and `ON DELETE SET NULL` "
            "do when a parent row is deleted."
        ),
        language="en",
        model_answer=(
            "ON DELETE CASCADE deletes the child rows together with the parent. ON DELETE "
            "RESTRICT blocks deleting a parent that still has child rows and raises an error. "
            "ON DELETE SET NULL keeps the child rows but sets their foreign key column to NULL."
        ),
        key_points=(
            KeyPointSpec("ON DELETE CASCADE deletes the child rows along with the parent."),
            KeyPointSpec("ON DELETE RESTRICT blocks deleting a parent that still has children."),
            KeyPointSpec("ON DELETE SET NULL keeps the child rows but sets their key to NULL."),
        ),
    )


def test_things_named_by_a_shared_word_are_told_apart_by_the_other_word():
    # "ON DELETE CASCADE", "ON DELETE RESTRICT": the things are CASCADE and RESTRICT.
    tokens = {s.token for s in misconceptions.question_subjects(_on_delete_question())}
    assert {"cascade", "restrict", "set"} <= tokens
    question = QuestionSpec(
        text="Continuous Delivery와 Continuous Deployment는 어떻게 다른가요?",
        language="ko",
        model_answer="",
        key_points=(
            KeyPointSpec("Continuous Delivery는 프로덕션 배포를 사람이 승인한다."),
            KeyPointSpec("Continuous Deployment는 사람 개입 없이 자동으로 배포한다."),
        ),
    )
    tokens = {s.token for s in misconceptions.question_subjects(question)}
    assert {"delivery", "deployment"} <= tokens


def test_a_swap_between_things_of_one_family_contradicts_their_key_points():
    question = _on_delete_question()
    wrong = (
        "RESTRICT means the child rows are kept but their foreign key is set to NULL, "
        "and SET NULL blocks the delete with an error."
    )
    hits = attribution.crossed(question, wrong)
    assert {hit.key_point for hit in hits} == {kp.text for kp in question.key_points[1:]}
    assert attribution.crossed(question, question.model_answer) == ()


def _process_thread_question() -> QuestionSpec:
    return QuestionSpec(
        text="What is the difference between a process and a thread?",
        language="en",
        model_answer=(
            "A process is a running program with its own address space, memory and resources, "
            "isolated from other processes. A thread is a unit of execution inside a process; "
            "threads of one process share its heap and open files but each has its own stack "
            "and registers. Switching between threads is cheaper than switching between "
            "processes."
        ),
        key_points=(
            KeyPointSpec("A process has its own isolated address space"),
            KeyPointSpec(
                "Threads of the same process share its memory (heap) but have their own stacks"
            ),
            KeyPointSpec("Thread switches and creation are cheaper than process ones"),
        ),
    )


def test_a_plural_names_the_thing_and_its_key_point():
    # "Threads" is a mention of "thread", and of the key points opening with it the one
    # nearest the claim is the one it denies.
    question = _process_thread_question()
    wrong = "Threads have their own isolated address space, while a process shares its heap."
    hits = attribution.misattributed(question, wrong)
    assert [h.key_point for h in hits] == [question.key_points[1].text]
    right = (
        "A process owns its own address space. Threads share the process's heap, but every "
        "thread has its own stack, and switching threads is cheaper than switching processes."
    )
    assert attribution.misattributed(question, right) == ()
    assert attribution.crossed(question, right) == ()


def _buffering_question() -> QuestionSpec:
    return QuestionSpec(
        text=(
            "`print` 출력이 터미널에서는 바로 보이는데 파일로 리다이렉트하면 늦게 나오는 이유와 "
            "해결책을 `flush=True`, `PYTHONUNBUFFERED=1`과 함께 설명해 주세요."
        ),
        language="ko",
        model_answer=(
            "터미널에 연결된 stdout은 줄 단위로 버퍼링되고, 파일이나 파이프는 블록 단위로 "
            "버퍼링되어 버퍼가 찰 때 한꺼번에 씁니다. `flush=True`, `python -u`, "
            "`PYTHONUNBUFFERED=1` 등으로 바로 쓰게 할 수 있습니다."
        ),
        key_points=(
            KeyPointSpec("터미널의 stdout은 줄 단위 버퍼링이다"),
            KeyPointSpec("파일이나 파이프로 보내면 블록 단위 버퍼링이다"),
            KeyPointSpec("`flush=True`, `python -u`, `PYTHONUNBUFFERED=1` 등으로 해결한다"),
        ),
    )


def test_code_listed_as_alternatives_shares_one_claim():
    question = _buffering_question()
    third = question.key_points[2].text
    assert [m for m in misconceptions.swapped_claims(question) if m.key_point == third] == []
    right = "PYTHONUNBUFFERED=1을 넣거나 print(flush=True)를 쓰면 바로 나옵니다."
    assert misconceptions.asserted(question, right) == ()


def test_things_listed_together_are_not_swapped_with_each_other():
    question = QuestionSpec(
        text="What is the difference between `list`, `dict` and `tuple` in mutability?",
        language="en",
        model_answer="`list` and `dict` are mutable; `tuple` is immutable and can be hashed.",
        key_points=(KeyPointSpec("`list` and `dict` are mutable, `tuple` is immutable"),),
    )
    swaps = [m.text for m in misconceptions.swapped_claims(question)]
    assert not any(text.startswith(("`list` are mutable", "`dict` and")) for text in swaps)
    assert any(text.startswith("`tuple`") and "mutable" in text for text in swaps), swaps


def _graph_question() -> QuestionSpec:
    return QuestionSpec(
        text="When would you use an adjacency list versus an adjacency matrix?",
        language="en",
        model_answer=(
            "An adjacency matrix is a V by V array, so it takes O(V²) memory however few edges "
            "there are, and an edge check is O(1). An adjacency list stores each vertex's "
            "neighbours, so it uses O(V + E) memory and suits sparse graphs."
        ),
        key_points=(
            KeyPointSpec(
                "An adjacency matrix uses O(V²) memory while an adjacency list uses O(V + E)"
            ),
            KeyPointSpec("The matrix gives O(1) edge checks"),
        ),
    )


def test_things_named_by_a_shared_word_are_told_apart_by_the_other():
    names = {s.token for s in misconceptions.compared_subjects(_graph_question())}
    assert {"list", "matrix"} <= names and "adjacency" not in names


def test_a_complexity_said_of_the_other_thing_is_a_misattribution():
    question = _graph_question()
    wrong = (
        "An adjacency list uses O(V²) memory because every vertex keeps room for all the "
        "others, while a matrix only needs O(V + E)."
    )
    hits = attribution.swapped_complexities(question, wrong)
    assert hits and hits[0].text.startswith("list uses O(V2)")
    right = (
        "An adjacency list uses O(V + E) memory, while a matrix takes O(V²) but checks an "
        "edge in O(1)."
    )
    assert attribution.swapped_complexities(question, right) == ()
    shared = "Scanning every edge is O(V + E) for both, and a matrix is O(V²) to allocate."
    assert attribution.swapped_complexities(question, shared) == ()
    assert (
        evaluate(question=question, answer=wrong, language="en").score
        < evaluate(question=question, answer=right, language="en").score
    )


def _merge_question() -> QuestionSpec:
    return QuestionSpec(
        text="What is the difference between `git merge` and `git rebase`?",
        language="en",
        model_answer=(
            "`git merge` combines two branches by creating a new merge commit that has both "
            "branch tips as parents, preserving the exact history. `git rebase` instead "
            "replays your commits one by one on top of another base, producing new commits "
            "with new hashes and a linear history. Merge is non-destructive and keeps the "
            "original commits untouched, while rebase rewrites history."
        ),
        key_points=(
            KeyPointSpec("`git merge` creates a merge commit with both branch tips as parents"),
            KeyPointSpec("`git rebase` replays commits on top of a new base with new hashes"),
            KeyPointSpec("Rebase rewrites history while merge does not"),
        ),
    )


def test_a_backticked_thing_opening_an_english_sentence_is_its_topic():
    question = _merge_question()
    wrong = (
        "`git rebase` combines two branches by creating a new merge commit with both branch "
        "tips as parents, so the exact history is preserved."
    )
    assert attribution.misattributed(question, wrong)


def test_a_thing_named_short_is_the_same_thing():
    # "merge" is "`git merge`" named short: what the model says of either is its own.
    right = (
        "Merge takes the two branches and makes a new merge commit that has both as parents, "
        "so the history shows exactly what happened. Rebase replays my commits on top of "
        "main, so I get new commits with different hashes and a straight-line history."
    )
    assert attribution.misattributed(_merge_question(), right) == ()


def test_a_thing_the_model_barely_describes_is_never_given_anothers_property():
    question = QuestionSpec(
        text="What is the difference between a `list` and a `tuple`?",
        language="en",
        model_answer=(
            "`tuple` is immutable. `list` is a mutable sequence: you can append, remove and "
            "reassign its items in place, and it cannot be hashed or used as a dict key."
        ),
        key_points=(KeyPointSpec("`list` is mutable"), KeyPointSpec("`tuple` is immutable")),
    )
    right = (
        "`tuple` items cannot be reassigned in place, so it can be hashed and used as a dict key."
    )
    assert attribution.misattributed(question, right) == ()


def test_a_longer_name_at_the_same_place_is_the_thing_named():
    union_all = misconceptions.Subject("UNION ALL", True)
    union = misconceptions.Subject("UNION", True)
    pieces = misconceptions.segments("`UNION ALL`은 중복을 그대로 남긴다", (union_all, union))
    assert [owner for owner, _ in pieces if owner is not None] == [union_all]


def test_a_korean_thing_named_after_its_claim_parts_no_claims_in_code_either():
    # "… 필요하면 `UNION ALL`을 쓰고, … 때만 `UNION`을 쓴다": the code names the choice, not
    # the subject of what precedes it.
    subjects = (misconceptions.Subject("UNION ALL", True), misconceptions.Subject("UNION", True))
    kp = "중복도 필요하면 `UNION ALL`을 쓰고, 중복 제거가 필요할 때만 `UNION`을 쓴다"
    assert misconceptions.claims_of(kp, subjects) == []
    paired = "`UNION`은 중복을 제거하고, `UNION ALL`은 중복을 그대로 남긴다"
    assert len(misconceptions.claims_of(paired, subjects)) == 2


def _sorting_question() -> QuestionSpec:
    return QuestionSpec(
        text="Compare QuickSort and MergeSort: time complexity, worst case, and memory use.",
        language="en",
        model_answer=(
            "QuickSort runs in O(n log n) on average but degrades to O(n²) in the worst case "
            "when the pivots are bad, and sorts in place with O(log n) stack. MergeSort always "
            "runs in O(n log n), but it needs O(n) extra memory for merging, and it is stable."
        ),
        key_points=(
            KeyPointSpec("QuickSort is O(n log n) on average but O(n²) in the worst case"),
            KeyPointSpec("MergeSort is O(n log n) in every case"),
            KeyPointSpec("MergeSort needs O(n) extra memory while QuickSort is in place"),
        ),
    )


@pytest.mark.parametrize(
    "right",
    [
        "MergeSort never degrades to O(n²); it is always O(n log n) but needs O(n) memory.",
        "MergeSort avoids the O(n²) worst case entirely.",
        "QuickSort doesn't need the O(n) buffer that MergeSort needs.",
        "QuickSort saves the O(n) memory MergeSort uses, since it sorts in place.",
        "병합 정렬은 최악에도 O(n log n)이고 O(n²)이 안 나와요.",
    ],
)
def test_a_complexity_denied_or_avoided_is_no_misattribution(right):
    assert attribution.swapped_complexities(_sorting_question(), right) == ()


def test_a_complexity_said_beside_the_things_own_may_be_true():
    # The model answer gives O(1) only to the matrix; a list adds an edge in O(1) too.
    right = "An adjacency list adds an edge in O(1) and uses O(V + E) memory."
    assert attribution.swapped_complexities(_graph_question(), right) == ()


def test_a_dotted_names_short_form_is_a_mention_of_it():
    question = QuestionSpec(
        text="What is the difference between `Promise.all` and `Promise.allSettled`?",
        language="en",
        model_answer=(
            "`Promise.all` resolves with every result but rejects immediately when any promise "
            "rejects (fail-fast). `Promise.allSettled` never rejects: it waits for every promise "
            "and resolves with objects holding a status and a value or a reason."
        ),
        key_points=(
            KeyPointSpec("`Promise.all` rejects as soon as any promise rejects"),
            KeyPointSpec("`Promise.allSettled` waits for all promises and never rejects"),
        ),
    )
    right = (
        "`Promise.all` rejects on the first failure, while `allSettled` always resolves after "
        "all promises settle, with status and value or reason objects."
    )
    assert attribution.misattributed(question, right) == ()


def test_aspects_of_one_thing_are_no_family_of_things():
    assert misconceptions.family_names("Compare the time complexity and space complexity.") == ()
    assert misconceptions.family_names("the average case and the worst case of quicksort") == ()
    assert misconceptions.family_names("a hard link and a symbolic link") == (
        ("hard", "symbolic", "link"),
    )
    assert misconceptions.family_names("인접 리스트와 인접 행렬은 언제 쓰나요?") == (
        ("리스트", "행렬", "인접"),
    )


def test_a_true_complexity_of_each_thing_raises_no_misconception():
    right = (
        "In practice QuickSort is usually faster, O(n log n) average with O(n²) worst case, "
        "and MergeSort is always O(n log n) but needs O(n) extra memory."
    )
    result = evaluate(question=_sorting_question(), answer=right, language="en")
    assert result.misconceptions == ()


def test_one_sentence_read_as_wrong_by_two_checks_is_one_mistake():
    # Both swapped pieces are read as misattributed and as crossed: each is one mistake.
    question = QuestionSpec(
        text="리스트와 튜플의 차이점을 설명해 주세요.",
        language="ko",
        model_answer=(
            "리스트는 mutable 시퀀스라 요소를 추가, 삭제, 수정할 수 있고, 튜플은 immutable "
            "시퀀스라 생성 후 변경할 수 없습니다. 튜플은 크기가 고정되어 있어 메모리를 조금 덜 "
            "쓰고 생성도 약간 빠르며, 리스트는 append를 대비해 여유 공간을 미리 잡아둡니다."
        ),
        key_points=(
            KeyPointSpec("리스트는 mutable, 튜플은 immutable"),
            KeyPointSpec("튜플이 메모리를 덜 쓰고 약간 빠름"),
        ),
    )
    wrong = (
        "리스트가 크기가 고정돼 있어서 더 가볍고, 튜플은 append를 대비해 여유 공간을 미리 "
        "잡아두기 때문에 더 무겁습니다."
    )
    assert attribution.misattributed(question, wrong) and attribution.crossed(question, wrong)
    found = [
        m.evidence for m in evaluate(question=question, answer=wrong, language="ko").misconceptions
    ]
    assert len(found) == 2 and len(set(found)) == 2


def test_a_plural_not_ending_in_s_after_the_name_is_a_mention():
    wrong = "Adjacency matrices use O(V + E) memory, while adjacency lists need O(V²) memory."
    subjects = {
        h.text.split()[0] for h in attribution.swapped_complexities(_graph_question(), wrong)
    }
    assert subjects == {"matrices", "lists"}


def _try_else_question() -> QuestionSpec:
    return QuestionSpec(
        text="`try` 문에서 `else`와 `finally` 블록은 각각 언제 실행되나요?",
        language="ko",
        model_answer=(
            "`else` 블록은 `try` 블록이 예외 없이 끝났을 때만 실행되고, 예외가 나서 "
            "`except`로 갔다면 실행되지 않습니다. `finally`는 예외가 나든 `return`으로 "
            "빠져나가든 블록을 떠날 때 항상 실행되어 정리 작업에 씁니다."
        ),
        key_points=(
            KeyPointSpec("`else`는 `try`에서 예외가 발생하지 않았을 때만 실행된다"),
            KeyPointSpec("`finally`는 예외 여부와 관계없이 항상 실행된다"),
        ),
    )


def test_a_thing_named_inside_a_korean_topics_claim_leaves_the_claim_to_the_topic():
    # The model answer's "`else` 블록은 `try` 블록이 … 실행되고" is what it says of `else`,
    # not of `try`: the answer that says it of `else` is right.
    question = _try_else_question()
    right = (
        "finally는 항상 실행되는 블록이라 파일 닫기를 넣습니다. else는 예외가 없을 때 실행되고요."
    )
    assert attribution.misattributed(question, right) == ()
    graded = rubric.grade(question, right)
    assert not any(g.status == KeyPointStatus.CONTRADICTED for g in graded.key_points)


def test_a_name_joined_by_a_slash_is_not_its_halves():
    question = QuestionSpec(
        text="OSI 7계층과 TCP/IP 4계층을 비교하고 HTTP와 TCP가 어느 계층인지 말해 주세요.",
        language="ko",
        model_answer=(
            "OSI는 물리, 데이터링크, 네트워크, 전송, 세션, 표현, 응용으로 나눈 참조 모델이고, "
            "실제로 쓰는 TCP/IP 모델은 이를 링크, 인터넷, 전송, 응용 4계층으로 단순화합니다. "
            "HTTP는 응용 계층 프로토콜이고, TCP는 포트로 프로세스를 "
            "구분하고 신뢰성 있는 전송을 담당하는 전송 계층 프로토콜입니다."
        ),
        key_points=(
            KeyPointSpec("OSI는 7계층이다"),
            KeyPointSpec("TCP/IP 모델은 링크·인터넷·전송·응용 4계층이다"),
            KeyPointSpec("TCP는 포트로 프로세스를 구분하고 신뢰성 있는 전송을 담당한다"),
        ),
    )
    right = "TCP/IP는 실제로 쓰는 모델이라 링크, 인터넷, 전송, 응용 4개로 단순화돼 있어요."
    assert attribution.misattributed(question, right) == ()
    # Two compared things joined by a slash are still both named.
    swap = "TCP/UDP 중 TCP는 응용 계층 프로토콜입니다."
    assert [m[2] for m in attribution._mentions(swap.lower(), ("tcp", "udp"))] == [
        "tcp",
        "udp",
        "tcp",
    ]


def test_the_clause_leading_up_to_the_next_thing_is_not_the_claim_of_the_one_before():
    question = QuestionSpec(
        text="How is double-checked locking fixed in Java and in C++?",
        language="en",
        model_answer=(
            "In Java 5 and later the field must be `volatile`; in C++11 you use "
            "`std::call_once`, a function-local static or atomics with acquire/release ordering."
        ),
        key_points=(
            KeyPointSpec(
                "The fix is `volatile` in Java 5+ (or a holder class), and atomics with "
                "acquire/release, `std::call_once` or function-local statics in C++11"
            ),
        ),
    )
    assert not any("acquire" in m.text for m in misconceptions.swapped_claims(question))
    right = (
        "Make it volatile in Java 5+. In C++11 use std::call_once or an atomic with "
        "acquire/release."
    )
    graded = rubric.grade(question, right)
    assert graded.key_points[0].status != KeyPointStatus.CONTRADICTED


def _linking_question() -> QuestionSpec:
    return QuestionSpec(
        text="정적 링킹과 동적 링킹의 차이는 무엇인가요?",
        language="ko",
        model_answer=(
            "정적 링킹은 빌드 시점에 필요한 라이브러리 코드를 실행 파일 안에 복사해 넣는 "
            "방식이라 실행 파일이 크지만 실행 환경에 라이브러리가 없어도 독립적으로 돌아갑니다. "
            "동적 링킹은 실행 파일에는 참조만 남기고, 실행할 때 동적 링커가 공유 라이브러리를 "
            "찾아 연결하는 방식입니다. 실행 파일이 작고 여러 프로세스가 라이브러리를 메모리에서 "
            "공유합니다."
        ),
        key_points=(
            KeyPointSpec("정적 링킹은 빌드 시점에 라이브러리 코드를 실행 파일에 포함시킨다"),
            KeyPointSpec("동적 링킹은 실행 시점에 동적 링커가 공유 라이브러리를 찾아 연결한다"),
        ),
    )


def test_a_swap_is_judged_on_the_words_that_tell_the_things_apart():
    # Both things' model sentences speak of libraries and executables: those words match
    # either side, and only the rest shows the swap.
    question = _linking_question()
    wrong = (
        "동적 링킹은 컴파일할 때 라이브러리를 실행 파일 안에 복사해 넣는 방식이고, 정적 링킹은 "
        "실행 파일에 라이브러리 경로만 적어두고 실행할 때 불러오는 방식이에요."
    )
    assert attribution.misattributed(question, wrong) or attribution.crossed(question, wrong)
    right = (
        "정적 링킹은 빌드할 때 라이브러리를 실행 파일에 복사해 넣어서 파일이 커지고, 동적 "
        "링킹은 실행할 때 링커가 공유 라이브러리를 찾아 연결해요."
    )
    assert attribution.misattributed(question, right) == ()
    assert attribution.crossed(question, right) == ()


def test_a_sequence_given_in_another_order_contradicts_its_key_point():
    question = QuestionSpec(
        text="What is endianness? Show how 0x12345678 is stored big- and little-endian.",
        language="en",
        model_answer=(
            "Endianness is the order of a multi-byte value's bytes in memory. Big-endian "
            "stores the most significant byte first: 12 34 56 78. Little-endian stores the "
            "least significant byte first: 78 56 34 12, as x86 does."
        ),
        key_points=(
            KeyPointSpec("Big-endian stores the most significant byte first: 12 34 56 78"),
            KeyPointSpec("Little-endian stores the least significant byte first: 78 56 34 12"),
        ),
    )
    wrong = rubric.grade(
        question, "Little-endian machines store it as 12 34 56 78. Big-endian reverses it."
    )
    assert _status(wrong, question.key_points[1].text) == KeyPointStatus.CONTRADICTED
    for right in (
        "Big-endian is 12 34 56 78 and little-endian is 78 56 34 12.",
        "On x86, which is little-endian, memory holds 78 56 34 12. Big-endian: 12 34 56 78.",
    ):
        graded = rubric.grade(question, right)
        assert not any(g.status == KeyPointStatus.CONTRADICTED for g in graded.key_points)
    order = QuestionSpec(
        text="In what order do the logs print: sync A, setTimeout B, promise C, sync D?",
        language="en",
        model_answer="It prints A, D, C, B: synchronous code, then microtasks, then timers.",
        key_points=(KeyPointSpec("The output order is A, D, C, B"),),
    )
    assert rubric.grade(order, "The output order is A, D, B, C.").key_points[0].status == (
        KeyPointStatus.CONTRADICTED
    )
    assert rubric.grade(order, "The output order is A, D, C, B.").key_points[0].status == (
        KeyPointStatus.COVERED
    )


def test_a_claim_naming_the_other_code_thing_is_not_swapped_onto_it():
    question = QuestionSpec(
        text="`@classmethod`와 `@staticmethod`의 차이는? `cls`와 `self`는 무엇을 받나요?",
        language="ko",
        model_answer=(
            "`@classmethod`는 첫 인자로 클래스 자체(`cls`)를 받습니다. `@staticmethod`는 "
            "`self`도 `cls`도 자동으로 받지 않는 평범한 함수입니다."
        ),
        key_points=(
            KeyPointSpec("`@classmethod`는 첫 번째 인자로 클래스 자체(`cls`)를 받는다"),
            KeyPointSpec("`@staticmethod`는 `self`나 `cls`를 자동으로 받지 않는 일반 함수다"),
        ),
    )
    assert not any(
        m.text.startswith("`cls`") and "받지 않는" in m.text
        for m in misconceptions.swapped_claims(question)
    )
