"""The shared text helpers: Hangul tests, the one language detector, the Kiwi entry points."""

import threading
from pathlib import Path

import pytest

from interviews.engine import text
from interviews.engine.text import (
    has_hangul,
    is_hangul_word,
    kiwi_sentences,
    kiwi_tokens,
    kiwi_tokens_many,
    needs_kiwi,
    text_language,
    tokenize,
    tokenize_many,
)

ROOT = Path(__file__).resolve().parents[3]


def test_hangul_helpers():
    assert has_hangul("GIL은 락입니다")
    assert not has_hangul("GIL is a lock")
    assert not has_hangul("ㅋㅋㅋ")  # jamo alone are no syllables
    assert not has_hangul(None)
    assert is_hangul_word("장고")
    assert not is_hangul_word("GIL은")
    assert not is_hangul_word("2번")
    assert not is_hangul_word("")
    assert needs_kiwi("漢字")
    assert needs_kiwi("스레드")
    assert not needs_kiwi("thread")


@pytest.mark.parametrize(
    "question",
    [
        # Korean questions full of English terms: each was called English by a plain
        # letter count, which sent them to the wrong candidates when imported.
        "@staticmethod와 @classmethod의 차이는?",
        "TCP 3-way handshake 과정은?",
        "INNER JOIN과 LEFT JOIN의 차이",
        "MRO(Method Resolution Order)는 무엇인가요?",
        "Mutex vs Semaphore 차이점은?",
    ],
)
def test_korean_with_many_english_terms_is_korean(question):
    assert text_language(question) == "ko"
    assert text_language(question, "en") == "ko"


@pytest.mark.parametrize(
    "answer",
    [
        "The GIL (Global Interpreter Lock, 전역 인터프리터 락) lets one thread run bytecode.",
        "Process has its own memory, threads share the heap. 끝.",
    ],
)
def test_english_with_a_korean_gloss_is_english(answer):
    assert text_language(answer, "ko") == "en"


def test_short_text_is_the_default_or_korean_when_it_holds_hangul():
    assert text_language("모름", "en") == "en"
    assert text_language("idk", "ko") == "ko"
    assert text_language("모름") == "ko"
    assert text_language("idk") == "en"
    assert text_language("", "fr") == "en"  # only ko and en are languages here


class _CountingLock:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acquired = 0

    def __enter__(self):
        self.lock.acquire()
        self.acquired += 1
        return self

    def __exit__(self, *exc):
        self.lock.release()


def test_every_kiwi_call_holds_its_lock(monkeypatch):
    lock = _CountingLock()
    monkeypatch.setattr(text, "_KIWI_LOCK", lock)
    tokenize.cache_clear()

    assert [t.form for t in kiwi_tokens("스레드를 씁니다")][:1] == ["스레드"]
    assert lock.acquired == 1
    assert len(kiwi_tokens_many(["하나", "둘"])) == 2
    assert lock.acquired == 2
    assert kiwi_sentences("첫 문장입니다. 두 번째 문장입니다.") == [
        "첫 문장입니다.",
        "두 번째 문장입니다.",
    ]
    assert lock.acquired == 3
    assert tokenize("데코레이터는 함수를 감쌉니다")
    assert tokenize_many(["데코레이터", "제너레이터"])
    assert lock.acquired == 5
    text.add_user_words(["파이썬테스트단어"])
    assert lock.acquired == 6


def test_a_large_batch_goes_to_kiwi_in_slices(monkeypatch):
    lock = _CountingLock()
    monkeypatch.setattr(text, "_KIWI_LOCK", lock)
    texts = [f"문장 {i}" for i in range(text.KIWI_BATCH * 2 + 1)]

    tokens = kiwi_tokens_many(texts)

    assert len(tokens) == len(texts)
    assert [t.form for t in tokens[-1]] == ["문장", str(len(texts) - 1)]
    assert lock.acquired == 3


def test_only_the_text_module_touches_kiwi():
    users = [
        path.relative_to(ROOT).as_posix()
        for folder in ("interviews", "accounts", "interview_bot", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if "kiwipiepy" in path.read_text(encoding="utf-8")
    ]
    assert users == ["interviews/engine/text.py"]


def test_original_span_gives_back_the_candidates_own_characters():
    from interviews.engine.text import normalise, original_span

    original = "리스트 탐색은 O(n²)이고 ㅎㅎ 전각ＡＢＣ도 있습니다."
    fragment = normalise(original)[len("리스트 탐색은 ") :]
    assert original_span(fragment, original) == original[len("리스트 탐색은 ") :]
    assert original_span("O(n2)", original) == "O(n²)"
    # Not in the text, or cut inside one character's expansion: the fragment as given.
    assert original_span("해시", original) == "해시"
    assert original_span("ﬁ", "ﬁle") == "ﬁ"
    assert original_span("f", "ﬁle") == "f"


def test_an_unspaced_korean_negation_read_as_a_noun_still_negates():
    # Kiwi reads "안 된" in "커밋 안 된 데이터를" as the noun 안 ("inside") + 되다.
    from interviews.engine import matching

    assert matching.analyse("dirty read는 커밋 안 된 데이터를 읽는 현상이고").negations == 1
    assert matching.analyse("커밋 안 된 데이터 읽기").negations == 1
    assert matching.analyse("프로세스 안에서 실행된다").negations == 0


def test_a_negation_in_a_condition_or_a_modifier_does_not_make_the_claim_negative():
    from interviews.engine import matching

    qualify = matching.negations_only_qualify
    assert qualify("all-visible이 아닌 페이지는 힙을 확인해야 한다")
    assert qualify("워킹 셋을 보장하지 못하면 일부 프로세스를 중단시킨다")
    # The negation is the claim: "encoding, not encryption"; "does not guarantee".
    assert not qualify("JWT payload는 암호화가 아닌 인코딩")
    assert not qualify("UDP는 순서를 보장하지 않는다")
    assert not qualify("UDP는 순서를 보장하지 않는다, 보장하지 못하면 재전송한다")


def test_a_claim_denied_in_its_main_clause_is_negative_whatever_its_modifiers():
    from interviews.engine import matching

    # "않은" only qualifies the data, but "못 읽는다" denies the claim itself.
    assert not matching.negations_only_qualify("커밋되지 않은 데이터는 다른 트랜잭션이 못 읽는다")


def test_a_particle_after_inline_code_is_read_as_a_particle():
    # Kiwi alone reads "`args`가" as the noun 가 and "`*args`는" as the verb 늘다.
    from interviews.engine import matching
    from interviews.engine.misconceptions import is_korean_topic

    tags = [(t.form, t.tag) for t in kiwi_tokens("`args`가 이름")]
    assert ("가", "JKS") in tags
    assert "늘다" not in matching.analyse("`*args`는 남는 위치 인자를 튜플로 받는다").terms
    assert is_korean_topic("`**kwargs`는 나머지 키워드 인자를")
    # Offsets stay the text's own: one character for one.
    first = kiwi_tokens("`x`는")[1]
    assert "`x`는"[first.start : first.start + first.len] == "x"


def test_a_negation_word_inside_inline_code_denies_nothing():
    from interviews.engine import matching

    assert matching.analyse("`None`은 싱글턴 객체다").negations == 0
    assert matching.analyse("returns `None` when the key is missing").negations == 0
    assert matching.analyse("it does not return `None`").negations == 1


def test_a_negation_word_joined_into_a_name_denies_nothing():
    from interviews.engine import matching

    # A key point cut inside its code span ("`If-None-Match: "<etag") keeps no backtick pair.
    assert matching.analyse('the client sends If-None-Match: "<etag').negations == 0
    assert matching.analyse("use no-store for sensitive pages").negations == 0
    assert matching.analyse("the response is not stored").negations == 1


def test_a_short_negation_in_a_condition_only_qualifies():
    from interviews.engine import matching

    qualify = matching.negations_only_qualify
    assert qualify("ETag를 If-None-Match로 보내서 안 바뀌었으면 304가 와요.")
    assert qualify("못 읽으면 재시도한다")
    assert not qualify("스레드는 메모리를 안 공유한다")
    assert not qualify("UDP는 순서를 보장 안 한다")


def test_an_english_negation_in_a_condition_only_qualifies():
    from interviews.engine import matching

    qualify = matching.negations_only_qualify
    assert qualify("A mock fails the test if the interactions don't match.")
    assert qualify("If the node does not answer, it is marked dead.")
    # Outside any condition, or after the condition's end, the negation is the claim.
    assert not qualify("A stub never fails a test.")
    assert not qualify("If the lock is held, other threads cannot enter.")
    assert not qualify("If fast reaches null there is no cycle")  # no comma ends the condition
    assert not qualify("If you don't index it the planner won't use it")  # two to one condition
    # A clause with its own subject joined on ends the condition: its negation is the claim.
    assert not qualify("UDP is chosen when latency matters and it does not retransmit packets.")


def test_a_negated_condition_does_not_state_a_positive_claim_the_wrong_way_round():
    from interviews.engine import matching, polarity

    claim = matching.Terms(("조건", "요청", "304", "반환"), 0, 1)
    # The negation comes after the claim's words, but only in its condition.
    answer = "304를 반환하는 조건부 요청은 내용이 안 바뀌었으면 와요."
    assert not polarity.polarity_differs(claim, answer, frozenset())
    assert polarity.polarity_differs(claim, "조건부 요청에는 304를 반환 안 해요.", frozenset())
