"""Which compared thing each part of an answer is about, so a key point about one thing
is credited only where that thing (or nothing else) is spoken of.

The fluent wrong answer to a comparison keeps the rubric's words and moves them: "BFS uses
a stack and DFS uses a queue. DFS finds the shortest path" holds every word of "BFS gives
the shortest path", but the claim is said of DFS. So a key point about one compared thing
is judged on the answer without what is said of the others: in English the part of a
clause from another thing's mention on ("DFS finds the shortest path"), in Korean a clause
that names another thing and not this one ("BFS는 … 스택으로 구현하고"), and the clauses
after it that keep the other thing as their topic ("DFS는 깊이 들어가고, 큐로 구현합니다").
"""

import re
from functools import lru_cache
from itertools import pairwise

from . import clauses, matching
from .misconceptions import (
    Subject,
    claims_of,
    framing,
    is_korean_topic,
    question_subjects,
    same_subject,
    segments,
    topical,
)
from .text import has_hangul
from .types import KeyPointSpec, QuestionSpec

# An English subject opens its clause, maybe after a conjunction and an article ("and
# DFS uses", "while the left join keeps"), and no preposition follows it.
_EN_LEAD = re.compile(
    r"(?:^|\b(?:and|but|while|whereas|then|so|because|since)\s+|[,;:(]\s*)"
    r"(?:the\s+|a\s+|an\s+)?\W*$",
    re.IGNORECASE,
)
_EN_FRAMING = framing("with")  # in an answer, "in" or "under" before a thing places it
_EN_PREPOSITION = re.compile(r"^[\w.+#()/-]*\W+(?:of|in|on|for|to|with|from|by|than)\b", re.I)


@lru_cache(maxsize=50_000)
def _positions(subject: Subject, text: str) -> tuple[int, ...]:
    """Where `subject` is named in `text` (the same clauses are read for every key point)."""
    return tuple(subject.positions(text))


def _is_topic(clause: str, position: int, korean: bool) -> bool:
    """Whether the thing named at `position` is what the clause is about."""
    if korean:
        return is_korean_topic(clause[position:])
    if _EN_FRAMING.search(clause[:position]):
        return True  # "With MAP_PRIVATE your writes …"
    return bool(_EN_LEAD.search(clause[:position])) and not _EN_PREPOSITION.match(clause[position:])


def _topics_in(text: str, subject: Subject) -> bool:
    return any(
        _is_topic(clause, position, has_hangul(clause))
        for clause in clauses.clause_list(text)
        for position in _positions(subject, clause)
    )


@lru_cache(maxsize=500)
def compared(question: QuestionSpec) -> tuple[Subject, ...]:
    """The things a question compares: subjects of its key points (the question's own, or
    names key points open with, "BFS" for "breadth-first search") that several key points
    are about or that the model answer makes the topic of a sentence. A thing only named
    as an example ("a bank transfer") is none."""
    candidates = list(question_subjects(question))
    opening: dict[str, None] = {}  # acronyms key points open with
    for kp in question.key_points:
        found = matching.subject(kp.text)
        if found and found[1]:
            opening[found[0]] = None
    for term in opening:
        candidate = Subject(term, False)
        if not any(same_subject(candidate, s) for s in candidates):
            candidates.append(candidate)
    about: dict[str, int] = {}
    for kp in question.key_points:
        claims = claims_of(kp.text, tuple(candidates))
        if len(claims) == 1:
            token = claims[0][0].token.lower()
            about[token] = about.get(token, 0) + 1
    kept = [
        s
        for s in candidates
        if about.get(s.token.lower(), 0) >= 2 or _topics_in(question.model_answer, s)
    ]
    return _by_their_own_word(kept)


def _by_their_own_word(subjects: list[Subject]) -> tuple[Subject, ...]:
    """Commands compared under one program ("`git merge`", "`git rebase`") by the word
    that tells them apart, as answers name them ("merge keeps a merge commit"). A key
    point naming the command in full is then about no single compared thing and is
    credited on the whole answer: "`git merge`" was never found in "merge keeps …", so
    the sentence was read as said of rebase alone."""
    heads = [s.token.split()[0].lower() for s in subjects if s.is_code and " " in s.token]
    shared = {head for head in heads if heads.count(head) >= 2}
    result: list[Subject] = []
    for subject in subjects:
        words = subject.token.split()
        if subject.is_code and len(words) == 2 and words[0].lower() in shared:
            subject = Subject(words[1], True)
        if not any(same_subject(subject, kept) or same_subject(kept, subject) for kept in result):
            result.append(subject)
    return tuple(result)


@lru_cache(maxsize=2000)
def _subjects_of(
    kp_text: str, question: QuestionSpec
) -> tuple[Subject, tuple[Subject, ...]] | None:
    """The compared thing a key point is about and the others (those it does not name
    itself), or None when it is about no single one of them."""
    subjects = compared(question)
    if len(subjects) < 2:
        return None
    claims = claims_of(kp_text, subjects)
    if len(claims) != 1:
        return None
    own = claims[0][0]
    others = tuple(
        s
        for s in subjects
        if not same_subject(s, own) and not same_subject(own, s) and not _positions(s, kp_text)
    )
    return (own, others) if others else None


def _own_part(
    clause: str, own: Subject, others: tuple[Subject, ...], korean: bool, topic: bool
) -> tuple[str, bool]:
    """The clause's part not about another thing, and whether another thing is the topic
    the next Korean clause keeps."""
    if korean:
        if _positions(own, clause):
            return clause, False
        if any(_is_topic(clause, p, True) for s in others for p in _positions(s, clause)):
            return "", True
        return ("", True) if topic else (clause, False)
    # English: from another thing's mention on, the clause speaks of it, unless that
    # thing is only compared with or placed somewhere ("than UDP", "in the TLB").
    pieces: list[tuple[Subject | None, str]] = []
    for owner, piece in segments(clause, (own, *others)):
        if pieces and owner is not None and not topical(clause, piece):
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + piece)
        else:
            pieces.append((owner, piece))
    kept = [
        piece
        for owner, piece in pieces
        if owner is None or same_subject(owner, own) or _positions(own, piece)
    ]
    return " ".join(k.strip(" ,") for k in kept if k.strip(" ,")), False


@lru_cache(maxsize=5000)
def own_parts(text: str, own: Subject, others: tuple[Subject, ...]) -> tuple[tuple[str, ...], ...]:
    """Each sentence's clauses with what they say of other things than `own` taken out
    ("" for a clause wholly about another thing)."""
    sentences = []
    for sentence in clauses.sentences(text):
        korean = has_hangul(sentence)
        topic = False
        parts = []
        for clause in clauses.clauses(sentence):
            part, topic = _own_part(clause, own, others, korean, topic)
            parts.append(part)
        sentences.append(tuple(parts))
    return tuple(sentences)


def own_windows(
    kp: KeyPointSpec, answer: str, question: QuestionSpec | None, windows: list[str]
) -> list[str]:
    """`windows` (clauses.windows of the answer), or, when a key point is about one
    compared thing and the answer speaks of another, the same windows built from what the
    answer says of no other thing."""
    found = _subjects_of(kp.text, question) if question is not None else None
    if found is None:
        return windows
    own, others = found
    sentences = own_parts(answer, own, others)
    changed = [p for parts in sentences for p in parts] != clauses.clause_list(answer)
    if not changed:
        return windows
    result: list[str] = []
    whole = []
    for parts in sentences:
        result.extend(p for p in parts if p)
        result.extend(f"{a} {b}" for a, b in pairwise(parts) if a and b)
        whole.append(" ".join(p for p in parts if p))
    result.extend(s for s in whole if s and s not in result)
    result.extend(f"{a} {b}" for a, b in pairwise(whole) if a and b)
    return list(dict.fromkeys(result))
