"""Terse notes that pair things with what holds of them ("READ COMMITTED: Non-Repeatable
Read", "401: 인증 실패", "클러스터드: 데이터가 키 순서로 정렬") and an answer that pairs
them the other way ("READ COMMITTED에서 Phantom Read가 발생하고 …").

A key point "head: body" whose siblings are key points of the same form is a pair. A
stretch of a sentence (from a clause that names one head, and no other, up to the next
clause that names a head) that says the body of another pair and not its own is a swap:
it contradicts the pair it names. The model answer's own sentences never are. Heads are
matched on their exact words ("READ COMMITTED" is not "READ UNCOMMITTED"); a stretch
with a negation or a "prevents" ("Dirty Read는 막지만") is not read, since saying what a
thing rules out names another's body correctly.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from . import clauses, evidence, matching
from .text import has_hangul, kiwi_tokens
from .types import MisconceptionHit, QuestionSpec

_PAIR = re.compile(r"^\s*([^:：]{1,40}?)\s*[:：]\s*(.+)$")  # noqa: RUF001 - the full-width colon
_MAX_HEAD_WORDS = 3
# Words that label a pair rather than name its thing ("스택 예", "큐 용도", "Use cases").
_LABELS = frozenset(
    "예 예시 용도 사용 example examples use uses case cases 장점 단점 pros cons".split()
)
_PREVENTS = re.compile(
    r"막|방지|해결|없애|prevent|avoid|solv|fix|eliminat|rule[sd]? out|protect", re.IGNORECASE
)
BODY_AT = 0.6  # a stretch says another pair's body
OWN_BELOW = 0.34  # … and not its own
WHOLE_BODY_AT = 0.9


@dataclass(frozen=True)
class Pair:
    key_point: str
    head: frozenset[str]
    body: tuple[str, ...]


@lru_cache(maxsize=2048)
def _pair(text: str) -> Pair | None:
    found = _PAIR.match(text)
    if not found:
        return None
    head_text, body_text = found.groups()
    if len(head_text.split()) > _MAX_HEAD_WORDS or matching.first_negation(head_text) is not None:
        return None
    head = frozenset(
        t
        for t in matching.analyse(head_text).terms
        if t not in _LABELS and t not in matching.WEAK_TERMS
    )
    body = matching.analyse(body_text).terms
    if not head or not body:
        return None
    return Pair(text, head, body)


def pairs_of(question: QuestionSpec) -> tuple[Pair, ...]:
    """The question's pairs, when two or more name different things."""
    found = [p for kp in question.key_points if (p := _pair(kp.text)) is not None]
    heads = {p.head for p in found}
    if len(heads) < 2 or len(heads) < len(found):
        return ()  # one pair is no mapping; a head twice is not one thing per pair
    # A body that names other heads ("4단계: READ UNCOMMITTED < …") orders them: no pair.
    return tuple(p for p in found if sum(o.head <= set(p.body) for o in found if o != p) < 2)


def swapped(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """One hit per stretch of a sentence that names one head and pairs it with another's
    body: from the clause that names it up to the next clause that names a head."""
    pairs = pairs_of(question)
    if len(pairs) < 2:
        return ()
    question_terms = frozenset(matching.analyse(question.text).terms)
    hits: list[MisconceptionHit] = []
    for sentence in clauses.sentences(answer):
        for pair, stretch in _stretches(pairs, clauses.clauses(sentence)):
            said = [t for part in stretch for t in matching.analyse(part).terms]
            rest = [t for t in said if t not in pair.head]
            if _said(pair, pair.body, rest, question_terms) >= OWN_BELOW:
                continue
            if any(_rules_out(part) for part in stretch) or _said_of_both(stretch[0]):
                continue
            if evidence.restates_model_answer(" ".join(stretch), question):
                continue  # the model answer's own words are never a swap
            for other in pairs:
                if other is pair:
                    continue
                if _said(pair, other.body, rest, question_terms) >= BODY_AT:
                    text = " ".join(stretch)
                    hits.append(MisconceptionHit(text, pair.key_point, text, pair.key_point))
                    break
    return tuple(hits)


def _stretches(pairs: tuple[Pair, ...], parts: tuple[str, ...]) -> list[tuple[Pair, list[str]]]:
    """Each run of clauses that starts where exactly one head is named and runs on over
    clauses that name none."""
    runs: list[tuple[Pair, list[str]]] = []
    current: tuple[Pair, list[str]] | None = None
    for part in parts:
        said = matching.analyse(part)
        terms = set(said.terms)
        named = [p for p in pairs if p.head <= terms and not _inside_body(p, pairs, said)]
        if named:
            current = (named[0], [part]) if len(named) == 1 else None
            if current is not None:
                runs.append(current)
        elif current is not None:
            current[1].append(part)
    return runs


def _said_of_both(part: str) -> bool:
    """ "401도 접근이 거부된 응답이지만", "401 is also a refusal": what is said of this head
    is said of the other too, no swap."""
    if matching.SAID_OF_BOTH.search(part):
        return True
    return has_hangul(part) and any(t.form == "도" and t.tag == "JX" for t in kiwi_tokens(part))


def _rules_out(part: str) -> bool:
    """ "Dirty Read는 막지만", "doesn't have phantom reads": what a thing rules out."""
    return bool(_PREVENTS.search(part)) or matching.first_negation(part) is not None


def _inside_body(pair: Pair, pairs: tuple[Pair, ...], said: matching.Terms) -> bool:
    """The head's words are those of another pair's body that the clause says ("REPEATABLE
    READ" in "non-repeatable read가 생깁니다"): the clause names that body, not the head."""
    return any(
        other is not pair
        and pair.head <= set(other.body)
        and matching.coverage(other.body, said.terms, frozenset()) >= WHOLE_BODY_AT
        for other in pairs
    )


def _said(
    pair: Pair, body: tuple[str, ...], terms: list[str], question_terms: frozenset[str]
) -> float:
    """How much of `body` (beyond the words of the pair's own head) the terms say."""
    target = [t for t in body if t not in pair.head]
    if not target:
        return 0.0
    return matching.coverage(target, terms, question_terms)
