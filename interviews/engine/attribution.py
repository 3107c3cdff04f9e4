"""Claims said of the wrong thing, judged against the model answer.

A question that compares things ("401과 403", "clustered and non-clustered indexes")
gets the classic fluent wrong answer: each thing described with the other's property,
in the rubric's own vocabulary. The key points are often too terse to show it ("401:
인증 실패"), but the model answer says what is true of each thing. A sentence whose
*topic* is one compared thing and whose words match what the model answer says of
another, far better than anything it says of this one, is a misattribution.

Precision comes first: only a thing in topic position counts ("401은 …", "TCP is …",
not "프로세스 안에서 …"), and the sentence must match the other thing's model sentence
well while barely matching this thing's own.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import clauses, complexity, evidence, matching, ownership, vocabulary
from .misconceptions import (
    SUBJECT_MATCH,
    Subject,
    compared_subjects,
    family_names,
    opening_terms,
    question_subjects,
)
from .text import has_hangul, normalise
from .types import MisconceptionHit, QuestionSpec

# How well the sentence must match what the model answer says of the other thing, and
# how far below that its match with this thing's own model sentences must stay.
OTHER_AT = 0.4
OWN_BELOW = 0.5
MIN_TERMS = 3
MIN_OWN_TERMS = 6  # what the model answer and key points say of the thing, at least
_EXACT = 0.999

# Korean topic or subject particles after the thing, maybe after one more word ("클러스터드
# 인덱스는", "Access Token은"), but never a place or direction ("프로세스 안에서").
_KO_TOPIC = re.compile(
    r"^(?P<word>\s*(?:[A-Za-z][\w-]*|[가-힣]{1,5}?))??(?:들|끼리)?(?:은|는|이|가|도|란)(?![가-힣])"
)
_KO_NOT_TOPIC = re.compile(r"에서|에게|에는|으로|안에|밖에|처럼|보다")
_EN_LEAD = re.compile(
    r"(?:^|\b(?:and|but|while|whereas|then|so)\s+|[,;:]\s*)(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
_EN_PREPOSITION = re.compile(
    r"^\W*(?:of|in|on|for|to|with|from|by|into|inside|than|vs\.?|versus)\b", re.IGNORECASE
)
_SUBJECT_WORD_END = re.compile(r"[A-Za-z0-9_.+#()-]*")
_EN_NAME_START = re.compile(
    r"(?:\b(?!(?:Unlike|Like|With|Without|In|On|For|From|When|If|Than|After|Before|By|To|Of)"
    r"\b)[A-Z][\w-]*\s+){1,3}$"
)


@dataclass(frozen=True)
class _Said:
    subject: str  # the compared thing, lower-cased
    text: str
    terms: tuple[str, ...]


def _mentions(sentence: str, tokens: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, token) of each mention; a mention inside a longer one ("클러스터드" in
    "논클러스터드") is the longer thing's."""
    lowered = sentence.lower()
    found = []
    for token in tokens:
        start = lowered.find(token)
        while start >= 0:
            found.append((start, start + len(token), token))
            start = lowered.find(token, start + 1)
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    for mention in found:
        if any(m[0] <= mention[0] and mention[1] <= m[1] for m in kept):
            continue
        if mention[2].isascii() and (
            _inside_word(sentence, mention) or _in_compound(lowered, mention, tokens)
        ):
            continue
        kept.append(mention)
    return kept


_PLURAL_END = re.compile(r"e?s(?![A-Za-z])")


def _unplural(token: str, rest: str) -> str:
    """What follows a mention of `token`, past its plural ending ("threads" for "thread"; a
    letter or two, as "a" in "as", is no plural)."""
    if len(token) >= 3 and token.isalpha() and (plural := _PLURAL_END.match(rest)):
        return rest[plural.end() :]
    return rest


def _inside_word(sentence: str, mention: tuple[int, int, str]) -> bool:
    """Whether the mention is part of a longer word ("a" in "as"); a plural is the thing."""
    start, end, token = mention
    rest = _unplural(token, sentence[end:])
    before = sentence[start - 1] if start > 0 else " "
    after = rest[0] if rest else " "
    return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalpha())


_SLASH_AFTER = re.compile(r"/([a-z0-9][\w.]*)")
_SLASH_BEFORE = re.compile(r"([a-z0-9][\w.]*)/$")


def _in_compound(lowered: str, mention: tuple[int, int, str], tokens: tuple[str, ...]) -> bool:
    """Whether the mention is half of a name joined by a slash ("TCP" in "TCP/IP"), not a
    pair of compared things ("TCP/UDP")."""
    start, end, _ = mention
    after = _SLASH_AFTER.match(lowered, end)
    before = _SLASH_BEFORE.search(lowered[max(0, start - 40) : start])
    other = after.group(1) if after else before.group(1) if before else ""
    return bool(other) and other not in tokens


def _is_topic(sentence: str, start: int, end: int, family: tuple[str, ...] = ()) -> bool:
    rest = sentence[end:]
    rest = rest[_SUBJECT_WORD_END.match(rest).end() :].lstrip("`")  # type: ignore[union-attr]
    if re.match(r"\s*[가-힣]", rest):
        topic = _KO_TOPIC.match(rest)
        return bool(topic) and not _KO_NOT_TOPIC.search(rest[: topic.end()] if topic else "")
    # The close of a capitalised name ("ON DELETE CASCADE deletes", "Continuous Delivery
    # keeps") is where the name stands.
    before = sentence[:start].removesuffix("`")  # "`COUNT(*)` counts …"
    for word in family:
        # "an adjacency matrix is …": the family's word opens the thing's name.
        before = re.sub(rf"\b{re.escape(word)}\s+$", "", before, flags=re.IGNORECASE)
    before = _EN_NAME_START.sub("", before)
    return bool(_EN_LEAD.search(before)) and not _EN_PREPOSITION.match(rest)


_EN_COMPARED_WITH = re.compile(r"\b(?:than|unlike|like|vs\.?|versus)\s+(?:the\s+)?$", re.I)
_KO_IN_PASSING = re.compile(r"^\S*?(?:와|과|보다|처럼|같이|를|을|의|에서|에게|로|으로)(?![가-힣])")


def _in_passing(sentence: str, start: int, end: int) -> bool:
    """Whether the thing named here is only compared with or acted on: not a new topic."""
    return bool(_EN_COMPARED_WITH.search(sentence[:start]) or _KO_IN_PASSING.match(sentence[end:]))


def _irregular_plural(token: str) -> str:
    """The plural of a name that does not end in "s" after it ("matrix", "policy"), or ""."""
    if len(token) < 4 or not token.isalpha() or not token.isascii():
        return ""
    if token.endswith(("ix", "ex")):
        return token[:-2] + "ices"
    if token.endswith("y") and token[-2] not in "aeiou":
        return token[:-1] + "ies"
    return ""


@lru_cache(maxsize=2048)
def _names(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Every way the compared things are named, longest first, and the thing each other
    name stands for: "allSettled" is "Promise.allSettled" named short and "merge" is "git
    merge", whether the question names them short or not; "matrices" is "matrix"."""
    alias = {t: u for t in tokens for u in tokens if u.endswith(("." + t, " " + t))}
    alias.update(
        (short, t)
        for t in tokens
        if "." in t and len(short := t.rsplit(".", 1)[1]) >= 4 and short not in tokens
    )
    alias.update((plural, alias.get(t, t)) for t in tokens if (plural := _irregular_plural(t)))
    return tuple(sorted({*tokens, *alias}, key=len, reverse=True)), alias


def _named_mentions(text: str, tokens: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """`_mentions` under every name of the things, each given as the thing it names."""
    named, alias = _names(tokens)
    return [(start, end, alias.get(t, t)) for start, end, t in _mentions(text, named)]


_KO_SUBJECT = re.compile(r"^\s*(?:[A-Za-z][\w-]*|[가-힣]{1,5}?)??(?:이|가)(?![가-힣])")


def _nested_subject(sentence: str, topic_end: int, mention: tuple[int, int, str]) -> bool:
    """Whether the mention is the subject (이/가) of a clause inside the Korean topic's
    claim ("페이징은 프레임으로 나누므로 외부 단편화가 없다"): no comma or "-고" parts them."""
    rest = sentence[mention[1] :]
    rest = rest[_SUBJECT_WORD_END.match(rest).end() :].lstrip("`")  # type: ignore[union-attr]
    if not _KO_SUBJECT.match(rest):
        return False
    between = sentence[topic_end : mention[0]]
    return has_hangul(between) and not re.search(r"[,;]|고\s", between)


def _said(
    text: str, tokens: tuple[str, ...], family: tuple[str, ...] = (), nested: bool = False
) -> list[_Said]:
    """What the text says of each compared thing: from a topical mention to the next
    mention, within one sentence; with `nested`, past a thing named inside the Korean
    topic's claim (the model answer's claims are read generously: a longer claim of the
    thing's own only lowers the chance of calling an answer's sentence another's)."""
    out = []
    named, _ = _names(tokens)
    for sentence in clauses.sentences(normalise(text)):
        mentions = _named_mentions(sentence, tokens)
        for index, (start, end, token) in enumerate(mentions):
            # The thing named again ("FIN is the graceful close: a side sends FIN to say …")
            # is still what the piece describes, and so is a thing it is only compared with
            # ("slower than UDP", "UDP보다") or, in Korean, a thing it acts on ("CI를 통과한
            # 변경"): the piece runs on to another thing's mention.
            stops = [
                m
                for m in mentions[index + 1 :]
                if m[2] != token and not _in_passing(sentence, m[0], m[1])
            ]
            if not _is_topic(sentence, start, end, family):
                continue
            # "`else` 블록은 `try` 블록이 예외 없이 끝났을 때 실행된다": a thing named as the
            # subject (이/가) before the topic's predicate opens a clause inside its claim.
            while nested and stops and _nested_subject(sentence, end, stops[0]):
                stops.pop(0)
            stop = stops[0][0] if stops else len(sentence)
            piece = sentence[start:stop]
            terms = tuple(
                t
                for t in matching.analyse(_unplural(token, piece[end - start :])).terms
                if t not in matching.WEAK_TERMS
                and all(matching.term_similarity(t, other) < 0.85 for other in named)
            )
            out.append(_Said(token, piece.strip(), terms))
    return out


@lru_cache(maxsize=4096)
def _described(question: QuestionSpec, subject: str) -> int:
    """How many words the model answer and the key points about the thing say of it."""
    model = sum(len(m.terms) for m in _model_said(question) if m.subject == subject)
    about = _key_points_about(question, subject)
    return model + sum(len(matching.analyse(text).terms) for text in about)


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return 0.0
    there = matching.coverage(a, b, frozenset())
    back = matching.coverage(b, a, frozenset())
    return 2 * there * back / (there + back) if there + back else 0.0


@lru_cache(maxsize=2048)
def _shared_terms(question: QuestionSpec) -> frozenset[str]:
    """Words the model answer says of two compared things or more ("라이브러리", "실행 파일"
    of static and dynamic linking): they tell neither thing apart."""
    subjects: dict[str, set[str]] = {}
    for said in _model_said(question):
        for term in said.terms:
            subjects.setdefault(term, set()).add(said.subject)
    return frozenset(t for t, things in subjects.items() if len(things) >= 2)


def _distinct(terms: tuple[str, ...], shared: frozenset[str]) -> tuple[str, ...]:
    return tuple(t for t in terms if t not in shared) or terms


def _term_views(question: QuestionSpec) -> tuple[frozenset[str], ...]:
    """The words left out of a comparison: none, then those the things share."""
    shared = _shared_terms(question)
    return (frozenset(), shared) if shared else (frozenset(),)


def _likeness(said: _Said, model: list[_Said], shared: frozenset[str]) -> float:
    """How closely the piece matches the nearest of the model's pieces, less the words
    left out."""
    terms = _distinct(said.terms, shared)
    return max(_similarity(terms, _distinct(m.terms, shared)) for m in model)


@lru_cache(maxsize=2048)
def _compared_tokens(question: QuestionSpec) -> tuple[str, ...]:
    """The compared things' tokens, longest first (a longer name wins its mention)."""
    return tuple(sorted({s.token.lower() for s in compared_subjects(question)}, key=len)[::-1])


@lru_cache(maxsize=2048)
def _family(question: QuestionSpec) -> tuple[str, ...]:
    """The words naming a family of compared things ("adjacency" of "adjacency list" and
    "adjacency matrix")."""
    return tuple({shared for _, _, shared in family_names(question.text)})


@lru_cache(maxsize=2048)
def _model_said(question: QuestionSpec) -> tuple[_Said, ...]:
    """What the model answer says of each compared thing, read once per question."""
    said = _said(question.model_answer, _compared_tokens(question), _family(question), nested=True)
    return tuple(s for s in said if s.terms)


def misattributed(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """The answer's sentences that give one compared thing another's property, each as a
    misconception: what was said, and what the model answer says of that thing."""
    tokens = _compared_tokens(question)
    if len(tokens) < 2 or not question.model_answer:
        return ()
    model = _model_said(question)
    hits: list[MisconceptionHit] = []
    for said in _said(answer, tokens, _family(question)):
        if len(said.terms) < MIN_TERMS or matching.ends_as_condition(said.text):
            continue
        own = [m for m in model if m.subject == said.subject]
        others = [m for m in model if m.subject != said.subject]
        if not own or not others or _described(question, said.subject) < MIN_OWN_TERMS:
            continue  # too little said of the thing to tell what is not its own
        if _misattributed(question, said, own, others):
            truth = max(own, key=lambda m: _similarity(said.terms, m.terms) + len(m.terms) / 1e3)
            hits.append(
                MisconceptionHit(
                    said.text,
                    truth.text,
                    said.text,
                    _key_point_of(question, said.subject, said.terms),
                )
            )
    return tuple(hits)


# Two compared things described in one sentence, each with the other's property: either
# description alone may be too loose to call, but both crossed at once is the swap.
CROSSED_AT = 0.12  # each piece's likeness to the other thing's model sentences, at least
CROSSED_MARGIN = 1.1  # … and this many times its likeness to its own thing's,
CROSSED_OWN_BELOW = 0.3  # … which stays low


def crossed(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """The answer's sentences that describe two compared things each with what the model
    answer says of the other ("connect timeout은 연결이 맺어진 뒤 응답을 기다리는 시간이고,
    read timeout은 TCP 연결을 맺는 데 걸리는 시간"), both pieces as misconceptions."""
    tokens = _compared_tokens(question)
    if len(tokens) < 2 or not question.model_answer:
        return ()
    model: dict[str, list[_Said]] = {}
    for said in _model_said(question):
        model.setdefault(said.subject, []).append(said)
    hits: list[MisconceptionHit] = []
    for sentence in clauses.sentences(answer):
        pieces = [
            said
            for said in _said(sentence, tokens, _family(question))
            if len(said.terms) >= 2
            and said.subject in model
            and matching.analyse(said.text).negations == 0
        ]
        for index, one in enumerate(pieces):
            for other in pieces[index + 1 :]:
                if one.subject == other.subject:
                    continue
                if _crossed(one, model[one.subject], model[other.subject]) and _crossed(
                    other, model[other.subject], model[one.subject]
                ):
                    for piece in (one, other):
                        truth = max(
                            model[piece.subject], key=lambda m: _similarity(piece.terms, m.terms)
                        )
                        hits.append(
                            MisconceptionHit(
                                piece.text,
                                truth.text,
                                piece.text,
                                _key_point_of(question, piece.subject, piece.terms),
                            )
                        )
    return tuple(hits)


_CASES = frozenset("worst average best amortized amortised 최악 평균 최선".split())
# A complexity avoided, not claimed: "avoids the O(n²) worst case", "saves the O(n) memory"
# (a denied one, "never degrades to O(n²)", is a negation; "instead of" is a hedge).
_AVOIDED = re.compile(r"\b(?:without|avoid\w*|sav(?:e|es|ing)|spar\w*)\b|피하", re.IGNORECASE)


@lru_cache(maxsize=2048)
def _model_complexities(
    question: QuestionSpec,
) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """The complexities the model answer and the key points give each compared thing, and
    the model's first sentence about it."""
    shapes: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for said in _model_said(question):
        shapes.setdefault(said.subject, set()).update(complexity.shapes(said.text))
        first.setdefault(said.subject, said.text)
    # What a key point says from a thing's mention to the next thing's is that thing's
    # too, topic or not ("배열 중간 삽입·삭제는 … O(n)").
    tokens = _compared_tokens(question)
    for kp in question.key_points:
        for text in map(normalise, (kp.text, *kp.synonyms)):
            mentions = _named_mentions(text, tokens)
            ends = [m[0] for m in mentions[1:]] + [len(text)] if mentions else []
            for (start, _, token), stop in zip(mentions, ends, strict=True):
                if token in shapes:
                    shapes[token].update(complexity.shapes(text[start:stop]))
    return {k: frozenset(v) for k, v in shapes.items()}, first


def swapped_complexities(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """The answer's descriptions giving a compared thing a complexity that the model
    answer gives only another of them ("an adjacency list uses O(V²) memory" when O(V²) is
    the matrix's): the lexical match of the words around it is too loose to call, the
    complexity is not."""
    tokens = _compared_tokens(question)
    if len(tokens) < 2 or not question.model_answer:
        return ()
    model, model_text = _model_complexities(question)
    hits: list[MisconceptionHit] = []
    for said in _said(answer, tokens, _family(question)):
        if (
            said.subject not in model
            or said.subject in _CASES  # "the worst case becomes O(n log n)" with introsort
            or complexity.hedged(said.text)
            or matching.SAID_OF_BOTH.search(said.text)
            or _AVOIDED.search(said.text)
            or matching.analyse(said.text).negations
        ):
            continue
        stated = complexity.shapes(said.text)
        others = set().union(*(v for k, v in model.items() if k != said.subject))
        wrong = stated - model[said.subject]
        # A description that also gives the thing its own complexity may say a true one the
        # model answer does not ("a list adds an edge in O(1) and uses O(V + E) memory").
        if (
            stated
            and wrong == stated
            and wrong <= others
            and not matching.ends_as_condition(said.text)
        ):
            hits.append(
                MisconceptionHit(
                    said.text,
                    model_text[said.subject],
                    said.text,
                    _key_point_of(question, said.subject, said.terms),
                )
            )
    return tuple(hits)


def _likenesses(
    question: QuestionSpec, piece: _Said, own: list[_Said], other: list[_Said]
) -> Iterator[tuple[float, float]]:
    """The piece's likeness to its own thing's model pieces and to the other thing's, on
    all its words, then on those that tell the things apart."""
    for shared in _term_views(question):
        if shared and not _tells_apart(piece, shared):
            continue
        yield _likeness(piece, own, shared), _likeness(piece, other, shared)


def _crossed(piece: _Said, own: list[_Said], other: list[_Said]) -> bool:
    own_best = _likeness(piece, own, frozenset())
    other_best = _likeness(piece, other, frozenset())
    return (
        other_best >= CROSSED_AT
        and other_best >= CROSSED_MARGIN * own_best
        and own_best < CROSSED_OWN_BELOW
    )


def _misattributed(
    question: QuestionSpec, said: _Said, own: list[_Said], others: list[_Said]
) -> bool:
    return any(
        other_best >= OTHER_AT and own_best < OWN_BELOW * other_best
        for own_best, other_best in _likenesses(question, said, own, others)
    )


def _tells_apart(said: _Said, shared: frozenset[str]) -> bool:
    """Whether the piece keeps words enough, numbers aside, once the shared ones are out
    ("ROW_NUMBER = 1,2,3 always unique" keeps too few to be judged on them)."""
    kept = [t for t in said.terms if t not in shared and not t.isdigit()]
    return len(kept) >= MIN_TERMS


@lru_cache(maxsize=4096)
def _key_points_about(question: QuestionSpec, subject: str) -> tuple[str, ...]:
    """The key points about the thing: their text opens with it (maybe plural, maybe after
    an article and the family's word), or with a name it closes."""
    family = "|".join(re.escape(word) for word in _family(question))
    # "An adjacency matrix uses …" opens with the matrix.
    lead = re.compile(rf"^\W*(?:(?:a|an|the)\s+)?(?:(?:{family})\s+)?" if family else r"^\W*")
    about = tuple(
        kp.text
        for kp in question.key_points
        if (opening := lead.sub("", normalise(kp.text).lower(), count=1)).startswith(subject)
        and not _unplural(subject, opening[len(subject) :])[:1].isalnum()
    )
    # "ON DELETE RESTRICT blocks …": the thing closes the name the key point opens with.
    return about or tuple(
        kp.text
        for kp in question.key_points
        if any(
            matching.term_similarity(t, subject) >= SUBJECT_MATCH for t in opening_terms(kp.text)
        )
    )


def _key_point_of(question: QuestionSpec, subject: str, terms: tuple[str, ...] = ()) -> str:
    """The key point about the thing, or "": of several, the one nearest what was said of
    it (`terms`)."""
    about = _key_points_about(question, subject)
    if len(about) > 1 and terms:
        return max(about, key=lambda text: _similarity(terms, matching.analyse(text).terms))
    return about[0] if about else ""


# "A와 B는 사실 같은 개념", "이름만 다르고", "they are basically the same thing", "aliases":
# said of the things a question asks to tell apart, it denies the difference itself.
_KO_SAME = re.compile(
    r"(?:같은|동일한)\s*(?:개념|의미|말)(?![가-힣]*(?:처럼|같이))|이름만\s*다르|완전히\s*같은\s*(?:것|거)"
)
_EN_SAME = re.compile(
    r"\b(?:basically|essentially|really|actually|just)\s+the\s+same\b"
    r"|\bthe\s+same\s+(?:thing|idea|concept|structure|meaning)\b|\baliases\b",
    re.IGNORECASE,
)
_KO_BOTH = re.compile(r"둘\s*다|둘은|두\s*(?:개|가지|방식|용어)")
_EN_BOTH = re.compile(r"^\W*(?:they|both|the\s+two)\b", re.IGNORECASE)
_EN_NOT = re.compile(r"\bnot\b|n't\b", re.IGNORECASE)


def denied_difference(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """The answer's sentence saying the compared things are one and the same, when the
    question asks how they differ: a misconception that no key point lists."""
    subjects = question_subjects(question)
    if len(subjects) < 2 or not question.model_answer:
        return ()
    for sentence in clauses.sentences(normalise(answer)):
        korean = bool(re.search(r"[가-힣]", sentence))
        same = (_KO_SAME if korean else _EN_SAME).search(sentence)
        if not same or (not korean and _EN_NOT.search(sentence[: same.start()])):
            continue
        named = sum(bool(s.positions(sentence[: same.start()])) for s in subjects)
        both = (_KO_BOTH if korean else _EN_BOTH).search(sentence[: same.start()])
        if named >= 2 or both:
            truth = clauses.sentences(question.model_answer)[0]
            return (MisconceptionHit(sentence, truth, sentence, ""),)
    return ()


_POLAR_PREFIXES = ("im", "in", "un", "non", "불", "비", "무")
_KO_ALL = re.compile(r"둘\s*다|모두")
_EN_ALL = re.compile(r"\b(?:both|all)\b", re.IGNORECASE)


def _categorical_opposites(term: str, rubric_terms: frozenset[str]) -> set[str]:
    """The words that deny `term` outright ("immutable" for "mutable", "stateless" for
    "stateful"); opposites of degree ("faster") are left out."""
    if term in vocabulary.GRADED:
        return set()
    found = set(vocabulary.OPPOSITES.get(term, ())) - vocabulary.GRADED
    found |= {
        other
        for other in rubric_terms
        for prefix in _POLAR_PREFIXES
        if other == prefix + term or term == prefix + other
    }
    return found


@lru_cache(maxsize=500)
def _model_polarity(
    question: QuestionSpec,
) -> tuple[tuple[Subject, tuple[Subject, ...], tuple[str, ...], dict[str, set[str]]], ...]:
    """Per compared thing: the others, what the model answer says of it, and the words of
    that which have a categorical opposite (with the opposites)."""
    subjects = ownership.compared(question)
    if len(subjects) < 2 or not question.model_answer:
        return ()
    rubric_terms = frozenset(
        t
        for text in (question.model_answer, *(kp.text for kp in question.key_points))
        for t in matching.analyse(text).terms
    )
    names = {s.token.lower() for s in subjects}
    out = []
    for subject in subjects:
        others = tuple(s for s in subjects if s is not subject)
        said = tuple(
            part
            for parts in ownership.own_parts(question.model_answer, subject, others)
            for part in parts
            if part and subject.positions(part)
        )
        model_terms = {t for part in said for t in matching.analyse(part).terms}
        polar = {
            term: opposite
            for term in model_terms
            if term.lower() not in names
            and (opposite := _categorical_opposites(term, rubric_terms))
            and not opposite & model_terms
        }
        if polar:
            out.append((subject, others, said, polar))
    return tuple(out)


def opposite_of_model(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """The answer's clauses that say of one compared thing the opposite of what the model
    answer says of it ("Both are mutable" against "tuples are immutable", "세션은 …
    stateless 방식" against "세션은 서버가 상태를 저장하는 stateful 방식"). Only categorical
    opposites count, and a negated clause is left alone (its polarity is easy to misread)."""
    hits: list[MisconceptionHit] = []
    for subject, others, said, polar in _model_polarity(question):
        for parts in ownership.own_parts(answer, subject, others):
            for part in parts:
                korean = bool(re.search(r"[가-힣]", part))
                if not part or not (
                    subject.positions(part) or (_KO_ALL if korean else _EN_ALL).search(part)
                ):
                    continue
                analysed = matching.analyse(part)
                terms = set(analysed.terms)
                wrong = [t for t, opposite in polar.items() if t not in terms and opposite & terms]
                if (
                    not wrong
                    or analysed.negations
                    or evidence.restates_model_answer(part, question)
                ):
                    continue
                truth = next(p for p in said if wrong[0] in matching.analyse(p).terms)
                if all(hit.evidence != part for hit in hits):
                    hits.append(
                        MisconceptionHit(part, truth, part, _key_point_with(question, wrong[0]))
                    )
    return tuple(hits)


def _key_point_with(question: QuestionSpec, term: str) -> str:
    """The key point that states `term`, or ""."""
    for kp in question.key_points:
        if term in matching.analyse(kp.text).terms:
            return kp.text
    return ""
