"""Misconceptions an answer asserts: the curated ones a question lists, and the swaps no
list needs (one compared thing's key point said of the other: "UDP는 순서를 보장한다").

A claim is judged in a *segment*: a clause cut where another of the things the question
compares is named, so "`is` compares identity, `==` compares values" holds one segment
about `is` and one about `==`. A misconception is asserted when a segment about its
subject carries its words (and its distinctive words, the ones the truth lacks) with the
same polarity, and the segment does not restate the model answer. Precision comes first:
a correct answer must never be marked wrong.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from . import clauses, evidence, matching, vocabulary
from .evidence import code_tokens
from .text import ENGLISH_STOPWORDS, has_hangul, kiwi_tokens, normalise
from .types import MisconceptionHit, MisconceptionSpec, QuestionSpec

# Share of a misconception's terms a segment must carry; higher when the wrong claim uses
# only the truth's own words (it then differs by subject or order alone).
ASSERT_AT = 0.8
ASSERT_SAME_WORDS_AT = 0.95
SWAP_AT = 0.75
SUBJECT_MATCH = 0.85


def _code_pattern(token: str) -> re.Pattern[str]:
    escaped = re.escape(token)
    if not token[:1].isalnum():
        return re.compile(escaped)
    if token.lower() in ENGLISH_STOPWORDS:
        # "is" is also an English verb: it names the operator only in backticks, before a
        # Korean particle or "operator", or opening a clause as the subject of a verb ("is
        # compares identity"; not "if someone imports it", "in Python").
        return re.compile(
            rf"`{escaped}`|(?<![\w`]){escaped}(?=\s*(?:은|는|이|가|연산자|operator|keyword)"
            rf"(?![가-힣]))|^\W*(?:(?:the|and|but|while|whereas)\s+)?{escaped}"
            rf"(?=\s+(?:only\s+|just\s+|always\s+)?\w{{2,}}(?:es|ks|ts|ns|ls|ps|ds|rs|ys)\b)",
            re.IGNORECASE,
        )
    return re.compile(rf"(?<![\w]){escaped}(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Subject:
    """One thing a claim can be about: a code token, or a term (fuzzy-matched)."""

    token: str
    is_code: bool

    def positions(self, text: str) -> list[int]:
        if self.is_code:
            return [m.start() for m in _code_pattern(self.token).finditer(text)]
        return matching.term_positions(self.token, text, SUBJECT_MATCH)


_LABEL = re.compile(r"^\s*([^:：\n]{1,24}?)\s*[:：]\s*\S")  # noqa: RUF001 - full-width colon


def _subject_of(text: str) -> Subject | None:
    codes = code_tokens(text)
    if codes:
        return Subject(codes[0], True)
    label = _LABEL.match(normalise(text))
    if label and len(label.group(1).split()) <= 3:
        # "원자성: 전부 반영 또는 전부 취소", "1NF: atomic values": the label is the subject.
        terms = matching.analyse(label.group(1)).terms
        if terms:
            return Subject(terms[0], False)
    found = matching.subject(text)
    if not found or found[0] in matching.WEAK_TERMS:
        return None
    return Subject(found[0], False)


# A name of several words a key point opens with: before its Korean topic particle
# ("세션 고정은", "Continuous Delivery는"), or a run of capitalised English words ("ON DELETE
# CASCADE deletes").
_KO_OPENING = re.compile(
    r"^\s*((?:[\w.+#-]*[^\s은는이가을를에의로와과도만서]\s+){1,2}[\w.+#-]+?)(?:은|는|이|가)\s"
)
_EN_OPENING = re.compile(r"^\s*((?:[A-Z][\w.+#-]*\s+){1,3}[A-Z][\w.+#-]*)\b")


def opening_terms(text: str) -> tuple[str, ...]:
    """The words of the name of several words a text opens with, or () for none."""
    text = normalise(text)
    found = (_KO_OPENING if has_hangul(text) else _EN_OPENING).match(text)
    if not found:
        return ()
    terms = tuple(
        t
        for t in matching.analyse(found.group(1)).terms
        if t not in matching.WEAK_TERMS and t not in ENGLISH_STOPWORDS
    )
    return terms if len(terms) >= 2 else ()


@lru_cache(maxsize=2048)
def _opening_names(question: QuestionSpec) -> dict[str, Subject]:
    """Key points naming things of one family by a shared word ("Continuous Delivery는",
    "Continuous Deployment는"; "connect timeout", "read timeout"): each is about the word
    that tells it from the others, as answers name them ("Deployment는 …")."""
    openings = {kp.text: opening_terms(kp.text) for kp in question.key_points}
    # In how many different names each word stands.
    counts = Counter(t for terms in {ts for ts in openings.values() if ts} for t in set(terms))
    names = {}
    for text, terms in openings.items():
        if not terms or not any(counts[t] >= 2 for t in terms):
            continue
        own = next((t for t in terms if counts[t] == 1), None)
        if own is not None:
            names[text] = Subject(own, False)
    return names if len({n.token for n in names.values()}) >= 2 else {}


def question_subjects(question: QuestionSpec) -> tuple[Subject, ...]:
    """The things a question compares: code tokens it names and the subjects its key
    points open with, when the question itself names them."""
    subjects: dict[str, Subject] = {}
    texts = [question.text, *(kp.text for kp in question.key_points)]
    for text in texts:
        for token in code_tokens(text):
            if not re.search(r"\s", token):  # a snippet (`if x is 1:`) is no subject
                subjects.setdefault(token.lower(), Subject(token, True))
    question_terms = matching.analyse(question.text).terms
    labelled = [kp.text for kp in question.key_points if _LABEL.match(normalise(kp.text))]
    # Not the misconceptions' own subjects: "제2정규형은 …" would be swapped into the "2NF"
    # key point as if it named another thing, flagging a true claim.
    names = _opening_names(question)
    for text in [kp.text for kp in question.key_points]:
        subject = names.get(text) or _subject_of(text)
        if subject and (
            subject.is_code
            or matching.best_match(subject.token, question_terms) >= SUBJECT_MATCH
            # Several labelled key points ("원자성: …", "격리성: …") name the compared things.
            or (len(labelled) >= 2 and text in labelled)
        ):
            subjects.setdefault(subject.token.lower(), subject)
    return tuple(subjects.values())


@lru_cache(maxsize=2048)
def compared_subjects(question: QuestionSpec) -> tuple[Subject, ...]:
    """The things an answer can mistake for each other: of the question's subjects, the
    code tokens, the labelled key points' subjects, and the words the question sets beside
    another ("cookies, `localStorage` and `sessionStorage`", "TCP와 UDP"); the host and the
    destination of "how does a host find the destination's MAC" are not two such things.
    A key point that sets two things against each other ("AVL keeps heights within 1,
    while red-black trees …") names both, whether the question does or not."""
    subjects = question_subjects(question)
    labelled = [kp.text for kp in question.key_points if _LABEL.match(normalise(kp.text))]
    labels = {_subject_of(t) for t in labelled} if len(labelled) >= 2 else set()
    kept: dict[str, Subject] = {}
    named: list[Subject] = []
    for subject in subjects:
        if subject.is_code or subject in labels:
            kept.setdefault(subject.token.lower(), subject)
        else:
            named.append(subject)
    for kp in question.key_points:
        halves = _CONTRAST.split(normalise(kp.text), maxsplit=1)
        if len(halves) == 2:
            one, other = (_subject_of(half) for half in halves)
            if one is not None and other is not None and not same_subject(one, other):
                kept.setdefault(one.token.lower(), one)
                kept.setdefault(other.token.lower(), other)
    compared = _coordinated(question.text, [*kept.values(), *named])
    for subject in named:
        if subject in compared:
            kept.setdefault(subject.token.lower(), subject)
    lowered = normalise(question.text).lower()
    for first, second, shared in family_names(question.text):
        if any(
            f"{k.token.lower()} {first}" in lowered
            for k in kept.values()
            if not _same_term(shared, k)
        ):
            continue  # "a regular SQL view": the thing is "regular", not "SQL"
        for word in (Subject(first, False), Subject(second, False)):
            if not any(same_subject(k, word) for k in kept.values()):
                kept[word.token] = word
        # The shared word names the family, not one of its things.
        kept = {key: k for key, k in kept.items() if k.is_code or not _same_term(shared, k)}
    return tuple(kept.values())


_CONTRAST = re.compile(r",?\s+(?:while|whereas)\s+|,?\s*반면(?:에)?\s+", re.IGNORECASE)
# Two things of one family named by a shared word ("an adjacency list versus an adjacency
# matrix", "liveness probe와 readiness probe"): the words that tell them apart.
_WORD = r"[A-Za-z][\w-]*|[가-힣]+?"
_EN_FAMILY_LINK = r"\s+(?:versus|vs\.?|and|or)\s+(?:an?\s+|the\s+)?"
_KO_FAMILY_LINK = r"(?:와|과|랑|이랑|하고|및)\s+|\s+(?:vs\.?|대)\s+"
_FAMILIES = (
    # shared first word: "adjacency list versus adjacency matrix"
    re.compile(
        rf"\b(?P<shared>[A-Za-z][\w-]*)\s+(?P<one>[A-Za-z][\w-]*){_EN_FAMILY_LINK}"
        rf"(?P=shared)\s+(?P<two>[A-Za-z][\w-]*)",
        re.IGNORECASE,
    ),
    # … in Korean: "인접 리스트와 인접 행렬"
    re.compile(
        rf"(?P<shared>[가-힣]+)\s+(?P<one>{_WORD})(?:{_KO_FAMILY_LINK})(?P=shared)\s+"
        r"(?P<two>[A-Za-z][\w-]*|[가-힣]+?)(?=[은는이가을를의와과에도로]|\s|$)"
    ),
    # shared last word: "a hard link and a symbolic link", "단위 테스트와 통합 테스트"
    re.compile(
        rf"(?P<one>{_WORD})\s+(?P<shared>{_WORD})(?:{_EN_FAMILY_LINK}|{_KO_FAMILY_LINK})"
        rf"(?P<two>{_WORD})\s+(?P=shared)(?![A-Za-z0-9_-])",
        re.IGNORECASE,
    ),
)


# Not a family of things: articles and numbers, and aspects of one thing ("time complexity
# and space complexity", "the average case and the worst case", "read path and write path").
_NOT_FAMILY = frozenset(
    """a an the one two each every some any 각 두 한 complexity complexities 복잡도 case cases
    경우 path paths 경로 side sides cost costs 비용 time space 시간 공간 worst average best
    최악 평균 최선""".split()
)


def family_names(text: str) -> tuple[tuple[str, str, str], ...]:
    """(one, other, shared) for each pair of things the text names by a shared word."""
    text = normalise(text)
    out = []
    for pattern in _FAMILIES:
        for found in pattern.finditer(text):
            words = [found.group(g).lower() for g in ("one", "two", "shared")]
            if len(set(words)) == 3 and not any(
                w in ENGLISH_STOPWORDS or w in _NOT_FAMILY for w in words
            ):
                out.append((words[0], words[1], words[2]))
    return tuple(out)


# What may stand between two compared things the question names: "A and B", "A, B",
# "A vs B", "A differ from B", "A와 B", "A는 B와", "A/B".
_EN_LINKS = frozenset("and or vs vs. versus from with than compared against".split())
_KO_LINK_ENDINGS = ("와", "과", "랑", "이랑", "하고", "및", "나", "이나", "보다", "대", "vs")


def _is_link(word: str) -> bool:
    return (
        word.lower().strip(",/") in _EN_LINKS
        or word.endswith((",", "/"))
        or (has_hangul(word) and word.endswith(_KO_LINK_ENDINGS))
    )


def _linked(between: list[str], after: list[str]) -> bool:
    """Whether the words from one mention up to the next join them: the first's own
    words (at most four, no article: "regular SQL view and a materialized view"), a link,
    then at most two words before the second ("TCP와 UDP", "a list and a tuple")."""
    for index, word in enumerate(between[:4]):
        if index and word.lower() in _ARTICLES:
            return False
        if _is_link(word):
            return len(between) - index - 1 <= 2
    # "TCP는 UDP와 …": the second carries the link.
    return len(between) == 1 and bool(after) and has_hangul(after[0]) and _is_link(after[0])


_ARTICLES = frozenset({"a", "an", "the"})


def _coordinated(text: str, candidates: list[Subject]) -> set[Subject]:
    """The candidates the text names next to another candidate, joined by a link."""
    text = normalise(text)
    marks = sorted(((p, s) for s in candidates for p in s.positions(text)), key=lambda m: m[0])
    out: set[Subject] = set()
    for (start, first), (end, second) in pairwise(marks):
        if first == second or same_subject(first, second):
            continue
        if _linked(text[start:end].split(), text[end:].split()[:1]):
            out.update((first, second))
    return out


def segments(clause: str, subjects: tuple[Subject, ...]) -> list[tuple[Subject | None, str]]:
    """The clause cut at every mention of a compared thing; each piece with its subject."""
    found: list[tuple[int, Subject]] = []
    for subject in subjects:
        found.extend((position, subject) for position in subject.positions(clause))
    # Where two things are named at one place ("UNION ALL" for "UNION"), the longer name.
    found.sort(key=lambda mark: (mark[0], -len(mark[1].token)))
    marks = [
        mark for index, mark in enumerate(found) if not index or found[index - 1][0] != mark[0]
    ]
    pieces: list[tuple[Subject | None, str]] = []
    if not marks:
        return [(None, clause)]
    if clause[: marks[0][0]].strip():
        pieces.append((None, clause[: marks[0][0]]))
    for index, (position, subject) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else len(clause)
        if end > position:
            pieces.append((subject, clause[position:end]))
    return pieces


def _same_term(term: str, subject: Subject) -> bool:
    return matching.term_similarity(term, subject.token) >= SUBJECT_MATCH


def same_subject(a: Subject | None, b: Subject) -> bool:
    if a is None:
        return False
    if a.is_code or b.is_code:
        return a.token.lower() == b.token.lower()
    return matching.term_similarity(a.token, b.token) >= SUBJECT_MATCH


def _asserts(
    wrong: MisconceptionSpec,
    subject: Subject | None,
    answer: str,
    question: QuestionSpec,
    subjects: tuple[Subject, ...],
    question_terms: frozenset[str],
    swap: bool = False,
) -> str:
    """The answer's segment asserting `wrong`, or ""."""
    claim = matching.analyse(wrong.text)
    if not claim.terms:
        return ""
    truth_terms = set(matching.analyse(f"{wrong.correction} {wrong.key_point}").terms)
    distinctive = [
        t for t in claim.terms if matching.best_match(t, truth_terms) < SUBJECT_MATCH and len(t) > 1
    ]
    if subject is not None and not subject.is_code:
        distinctive = [t for t in distinctive if t != subject.token]
    needed = ASSERT_AT if distinctive else ASSERT_SAME_WORDS_AT
    if swap and subject is not None:
        # A swap keeps the truth's words: its property (all but the subject) said of the
        # other thing is the claim. It must hold two terms at least to mean anything.
        prop = [t for t in claim.terms if not (not subject.is_code and _same_term(t, subject))]
        # What the property says beyond the question's own words ("JOIN" names both
        # sides) and filler: "매칭, 행" is no claim about LEFT JOIN in particular.
        telling = [
            t
            for t in prop
            if t not in question_terms and t not in matching.WEAK_TERMS and len(t) > 1
        ]
        # Code names one thing exactly: "`is` compares values" needs one telling word.
        named = {s.token.lower() for s in subjects}
        said = [t for t in prop if t.lower() not in named]
        code_claim = subject.is_code and len(said) >= 2 and len(telling) >= 1
        if (
            len(telling) < 2
            and not code_claim
            and not (len(prop) == 1 and _polar(prop[0], question))
        ):
            return ""
        claim = matching.Terms(tuple(prop), claim.negations, claim.predicates)
        distinctive, needed = [], SWAP_AT
    for clause, owner, piece, inherited in _owned_pieces(answer, subjects):
        if subject is not None and not same_subject(owner, subject):
            continue
        terms = matching.analyse(piece)
        if (terms.negations > 0) != (claim.negations > 0):
            continue
        value = matching.coverage(claim.terms, terms.terms, question_terms)
        if matching.phrase_present(wrong.text, piece):
            value = 1.0
        if value < needed:
            continue
        if any(matching.best_match(t, terms.terms) < SUBJECT_MATCH for t in distinctive):
            continue
        if _model_restates(clause, owner, piece, question, subjects) or (
            inherited and evidence.restates_model_answer(clause, question)
        ):
            continue
        return normalise(clause)
    return ""


def _owned_pieces(
    answer: str, subjects: tuple[Subject, ...]
) -> list[tuple[str, Subject | None, str, bool]]:
    """(clause or sentence, subject, piece, inherited) for every segment of the answer. In Korean a
    clause that names no compared thing keeps the topic of the clause before it in the
    same sentence ("LEFT JOIN은 조건을 만족하는, 양쪽에 매칭되는 행만 남기고")."""
    out = []
    for sentence in clauses.sentences(answer):
        last: Subject | None = None
        korean = has_hangul(sentence)
        for clause in clauses.clauses(sentence):
            for owner, piece in segments(clause, subjects):
                inherited = owner is None and korean and last is not None
                owner = owner or (last if korean else None)
                last = owner
                # Evidence of an inherited topic is the sentence that names it.
                out.append((sentence if inherited else clause, owner, piece, inherited))
    return out


def _surface(subject: Subject, question: QuestionSpec) -> str:
    """How the question's own texts spell a thing found as a term ("MAP_SHARED" for
    "map_shared", "Throttling" for "throttl"), for the text a candidate is shown."""
    if subject.is_code:
        return subject.token
    for text in (question.text, *(kp.text for kp in question.key_points), question.model_answer):
        for position in subject.positions(text):
            word = re.match(r"[\w.+#-]+", text[position:])
            if word:
                return word.group().rstrip(".")
    return subject.token


def _said_of(text: str, own: Subject, other: Subject, surface: str = "") -> str:
    """`text` with its subject `own` replaced by `other` (spelt `surface`)."""
    positions = own.positions(text) if own.is_code else []
    if own.is_code and positions:
        start = positions[0]
        match = _code_pattern(own.token).match(text, start)
        end = match.end() if match else start + len(own.token)
        # The text's own backticks stay; a claim cut at the token keeps only its closing one.
        opening = "" if text[start - 1 : start] == "`" else "`"
        closing = "" if text[end : end + 1] == "`" else "`"
        return text[:start] + opening + other.token + closing + text[end:]
    # The whole word: a stem ("nest") must not leave half of it ("timeed").
    name = surface or other.token
    return re.sub(rf"{re.escape(own.token)}\w*", lambda _: name, text, count=1, flags=re.I)


# A thing named as what another is compared with or happens in ("FIFO보다", "FIFO에서",
# "than FIFO", "in FIFO") is not what that part of the claim is about.
_OBLIQUE = re.compile(r"^[\w.+#()-]*\s*(?:보다|에서|에게|에는|에|의|처럼|만큼|와|과|랑)(?![가-힣])")
_EN_OBLIQUE = re.compile(r"(?:\b(?:than|in|from|of|with|over|to|like)\s+(?:the\s+)?)$", re.I)


# A preposition opening a clause frames its topic ("With MAP_SHARED writes go back …",
# "In TCP, …"); inside one it places a thing ("cached in the TLB").
def framing(prepositions: str) -> re.Pattern[str]:
    """The end of the text before a thing that frames it as the clause's topic."""
    return re.compile(
        rf"(?:^|\b(?:and|but|while|whereas)\s+)(?:{prepositions})\s+(?:the\s+)?$", re.I
    )


_EN_FRAMING = framing("with|in|under")


def topical(clause: str, piece: str) -> bool:
    start = clause.find(piece)
    before = clause[:start] if start >= 0 else ""
    if _EN_FRAMING.search(before):
        return True
    return not (_OBLIQUE.match(piece) or _EN_OBLIQUE.search(before))


_KO_TOPIC_TAGS = {"JX", "JKS"}  # 은/는/도, 이/가
_MENTION_WORD_TAGS = {"NNG", "NNP", "SL", "SH", "SN", "SSO", "SSC", "SW", "SO", "XSN"}


@lru_cache(maxsize=20000)
def is_korean_topic(rest: str) -> bool:
    """Whether the name starting `rest` (one or two words) is followed by a topic or
    subject particle ("큐는", "LEFT JOIN은", "원자성(Atomicity)은"), not an object or
    copula ("스택으로", "chaining이고")."""
    words = " ".join(rest.split()[:2])[:60]
    for token in kiwi_tokens(words):
        if token.tag in _KO_TOPIC_TAGS:
            return True
        if token.tag not in _MENTION_WORD_TAGS:
            return False
    return False


def claims_of(kp_text: str, subjects: tuple[Subject, ...]) -> list[tuple[Subject, str]]:
    """(subject, claim) pairs a key point makes: one, or one per compared thing when it
    pairs them ("리스트는 mutable, 튜플은 immutable"). "LRU는 보통 FIFO보다 폴트가 적다"
    is one claim, about LRU."""
    merged: list[tuple[Subject | None, str]] = []
    for owner, piece in segments(kp_text, subjects):
        if merged and owner is not None and not topical(kp_text, piece):
            merged[-1] = (merged[-1][0], merged[-1][1] + piece)
        else:
            merged.append((owner, piece))
    pieces = [
        (owner, piece.strip(" ,;"))
        for owner, piece in merged
        if owner is not None and len(matching.analyse(piece).terms) >= 2
    ]
    if len({owner.token.lower() for owner, _ in pieces}) >= 2:
        if has_hangul(kp_text) and not all(
            _korean_topic(owner, piece) or _in_aside(kp_text, piece) for owner, piece in pieces
        ):
            # A Korean thing named after what is said of it ("… 필요하면 토큰 버킷, … 필요하면
            # 리키 버킷이 적합하다", "… 필요하면 `UNION ALL`을 쓰고"): the pieces do not part
            # its claims; none is read.
            return []
        return pieces
    own = _subject_of(kp_text)
    if own is None or not any(same_subject(own, s) for s in subjects):
        return []
    return [(own, kp_text)]


_KO_TOPIC_PARTICLE = re.compile(r"^`?\s*(?:은|는|이|가|도|란)(?![가-힣])")


def _korean_topic(owner: Subject, piece: str) -> bool:
    """Whether the piece opens with its thing as the topic ("`==`는 …", "큐는 …")."""
    if owner.is_code:
        match = _code_pattern(owner.token).match(piece.lstrip("`"))
        return bool(match and _KO_TOPIC_PARTICLE.match(piece.lstrip("`")[match.end() :]))
    return is_korean_topic(piece)


def _in_aside(text: str, piece: str) -> bool:
    """Whether the piece opens an aside of the text ("값 비교 (`__eq__` 호출)")."""
    start = text.find(piece)
    return start > 0 and text[:start].rstrip("` ").endswith("(")


_POLAR_PREFIXES = ("im", "in", "un", "non", "불", "비", "무")


def _polar(term: str, question: QuestionSpec) -> bool:
    """A word that is one side of a pair the rubric uses ("mutable" / "immutable",
    "가변" / "불변"): alone, said of the wrong thing, it is still a clear claim."""
    if term in vocabulary.OPPOSITES:
        return True
    rubric_terms = {t for kp in question.key_points for t in matching.analyse(kp.text).terms}
    return any(
        other == prefix + term or term == prefix + other
        for other in rubric_terms
        for prefix in _POLAR_PREFIXES
    )


_ASIDE = re.compile(r"\s*\([^()]{1,40}\)")
# A claim cut at the next compared thing's mention can end in the aside's opening ("`==`는
# 값 비교 (`" before "`__eq__` 호출)").
_OPEN_ASIDE = re.compile(r"\s*\(\s*`?\s*$")


_CODE_LIST = re.compile(
    r"`[^`\n]+`(?:\s*(?:[,/]|\bor\b|\band\b|및|또는|이나|나)\s*`[^`\n]+`)+", re.IGNORECASE
)
_EXAMPLES_AFTER = re.compile(r"^\s*(?:등|etc\b|and so on)", re.IGNORECASE)


def _code_lists(text: str) -> list[tuple[tuple[str, ...], bool]]:
    """Each run of code spans joined by commas, slashes or "or"/"and"/"및" in the text:
    its tokens, and whether "등" or "etc." marks them as examples."""
    text = normalise(text)
    return [
        (
            tuple(re.findall(r"`([^`\n]+)`", run.group())),
            bool(_EXAMPLES_AFTER.match(text[run.end() :])),
        )
        for run in _CODE_LIST.finditer(text)
    ]


@lru_cache(maxsize=2048)
def swapped_claims(question: QuestionSpec) -> tuple[MisconceptionSpec, ...]:
    """Each key point about one compared thing, said of another: the most common wrong
    answer. Skipped where the model answer says the same of the other thing too."""
    subjects = compared_subjects(question)
    if len(subjects) < 2:
        return ()
    out = []
    for kp in question.key_points:
        listed = _code_lists(kp.text)
        if any(len(items) >= 3 or examples for items, examples in listed):
            # Code listed as alternatives ("`flush=True`, `python -u`, `PYTHONUNBUFFERED=1`
            # 등으로 해결한다") shares one claim: no item's words are its own to swap.
            continue
        claims = claims_of(kp.text, subjects)
        paired = len(claims) > 1
        kp_terms = matching.analyse(kp.text).terms
        for index, (own, claim) in enumerate(claims):
            if index + 1 < len(claims):
                claim = _before_next_clause(claim)
            for other in subjects:
                if (
                    same_subject(own, other)
                    or same_subject(other, own)
                    or own.is_code != other.is_code
                ):
                    continue  # a code token and a word are not two things of one kind
                if any({own.token, other.token} <= set(items) for items, _ in listed):
                    continue  # "`list` and `dict` are mutable": both have the property
                named = any(_same_term(t, other) for t in kp_terms if t != own.token)
                if named and not paired:
                    # The key point names the other thing too ("Nested loops: O(n²) time"
                    # against the subject "time", "`@staticmethod`는 `self`나 `cls`를 받지
                    # 않는다" against `cls`): said of it, the claim is not a clear error.
                    continue
                # An aside in parentheses ("(__eq__)", "(same object)") is not the claim.
                bare = _OPEN_ASIDE.sub("", _ASIDE.sub(" ", claim)).strip()
                if bare.count("`") % 2:
                    bare = bare.rstrip("` ")  # the next code token's opening, cut off
                if len(matching.analyse(bare).terms) >= 2:
                    claim = bare
                if not any(
                    own.is_code or not _same_term(t, own)
                    for t in matching.analyse(_without_code(claim, own)).terms
                ):
                    continue  # nothing said of it ("`ETag`는 `If-None-Match`로" cut at the next)
                swapped = _said_of(claim, own, other, _surface(other, question))
                if swapped == claim or _model_answer_says(question, other, swapped, subjects):
                    continue
                out.append(MisconceptionSpec(swapped, kp.text, kp.text))
    return tuple(out)


def _before_next_clause(claim: str) -> str:
    """A claim cut at the next compared thing, less the clause that leads up to that thing
    ("`volatile` in Java 5+, and atomics with acquire/release, `std::call_once` … in C++11":
    the atomics are C++'s)."""
    parts = clauses.clause_list(claim)
    if len(parts) < 2:
        return claim
    start = claim.rfind(parts[-1])
    return claim[:start].rstrip(" ,;") if start > 0 else claim


def _without_code(claim: str, own: Subject) -> str:
    return claim.replace(own.token, " ") if own.is_code else claim


def _model_restates(
    clause: str,
    owner: Subject | None,
    piece: str,
    question: QuestionSpec,
    subjects: tuple[Subject, ...],
) -> bool:
    """Whether the answer's claim says what the model answer says of the same thing.

    Said of one compared thing, a sentence is judged against what the model answer says
    of that thing: "LEFT JOIN은 양쪽에 매칭되는 행만" copies the model's INNER JOIN
    sentence nearly character for character, and is still wrong."""
    if owner is None or len(subjects) < 2:
        return evidence.restates_model_answer(clause, question)
    for model_clause in clauses.clause_list(question.model_answer):
        for model_owner, model_piece in segments(model_clause, subjects):
            if (
                same_subject(model_owner, owner)
                and matching.containment(piece, model_piece) >= 0.8
                and matching.containment(model_piece, piece) >= 0.5
            ):
                return True
    return False


# Share of a swapped claim's property (its words but the subject) the model answer must
# say of the other thing before the swap is taken as true of both.
MODEL_SAYS_AT = 0.75


def _common_rubric_terms(question: QuestionSpec) -> frozenset[str]:
    per_point = [set(matching.analyse(kp.text).terms) for kp in question.key_points]
    if len(per_point) < 2:
        return frozenset()
    counts: dict[str, int] = {}
    for terms in per_point:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    return frozenset(t for t, n in counts.items() if n >= max(2, len(per_point) / 2))


def _model_answer_says(
    question: QuestionSpec, subject: Subject, claim: str, subjects: tuple[Subject, ...]
) -> bool:
    terms = tuple(
        t for t in matching.analyse(claim).terms if subject.is_code or not _same_term(t, subject)
    )
    # Words most key points share ("테이블", "행") tell the compared things apart no more
    # than the question's own words do: judge the property on the rest.
    common = _common_rubric_terms(question)
    terms = tuple(t for t in terms if t not in common) or terms
    for clause in clauses.clause_list(question.model_answer):
        for owner, piece in segments(clause, subjects):
            if (
                same_subject(owner, subject)
                and matching.coverage(terms, matching.analyse(piece).terms, frozenset())
                >= MODEL_SAYS_AT
            ):
                return True
    for kp in question.key_points:
        # A paired key point says one thing of each side: judge each side's part.
        for own, claim_text in claims_of(kp.text, subjects):
            if same_subject(own, subject) and (
                matching.coverage(terms, matching.analyse(claim_text).terms, frozenset())
                >= MODEL_SAYS_AT
            ):
                return True
    return False


def asserted(question: QuestionSpec, answer: str) -> tuple[MisconceptionHit, ...]:
    """The misconceptions (listed, then swaps) the answer asserts, each once."""
    subjects = compared_subjects(question)
    question_terms = frozenset(matching.analyse(question.text).terms)
    hits: list[MisconceptionHit] = []
    listed = [(wrong, False) for wrong in question.misconceptions]
    for wrong, swap in [*listed, *((w, True) for w in swapped_claims(question))]:
        subject = _subject_of(wrong.text)
        if subject is not None and not any(same_subject(subject, s) for s in subjects):
            subject = None  # not a compared thing: judge the whole clause
        if swap and subject is None:
            continue
        found = _asserts(wrong, subject, answer, question, subjects, question_terms, swap)
        if found and all(hit.text != wrong.text for hit in hits):
            hits.append(MisconceptionHit(wrong.text, wrong.correction, found, wrong.key_point))
    return tuple(hits)
