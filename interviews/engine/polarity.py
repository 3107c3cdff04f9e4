"""Whether an answer states a key point the wrong way round: its negation differs ("can"
against "cannot"), an opposite stands in for a word ("faster" for "slower"), or the two
things a question compares swap places ("TCP is connectionless, UDP connection-oriented").
"""

import re

from . import clauses, matching, vocabulary
from .text import has_hangul, normalise

# A clause must carry this much of a claim before its polarity is judged.
POLARITY_MIN_COVERAGE = 0.5


def polarity_differs(claim: matching.Terms, answer: str, qt: frozenset[str]) -> bool:
    """True when the claim appears only with the opposite polarity ("can" vs "cannot").

    Judged clause by clause: the clause carrying the claim best decides, unless another
    clause carries it nearly as well with the claim's own polarity (Korean negation is
    easy to miscount in long spoken sentences)."""
    # Presence, not parity: a clause rarely negates twice, and counting errs more often.
    parity = claim.negations > 0
    scored = []
    # A positive claim restated past a dash ("doesn't rewrite anything — it creates a merge
    # commit") is judged on the restatement; a negative one keeps the dash's two sides
    # together ("None of that is useful work — it's overhead").
    for clause in clauses.clause_list(answer, dashes=not parity):
        value = matching.coverage(claim.terms, matching.analyse(clause).terms, qt)
        scored.append((value, _negates(clause, claim, value, qt) == parity))
    if not scored:
        return False
    best = max(value for value, _ in scored)
    if best < POLARITY_MIN_COVERAGE:
        return False
    agreeing = max((value for value, same in scored if same), default=0.0)
    return agreeing < 0.75 * best


# "without" and what it is joined to: a `code` span, or one word after an article.
_WITHOUT_PHRASE = re.compile(r"\bwithout\s+(?:`[^`]+`|(?:(?:a|an|the|any)\s+)?[\w-]+)", re.I)


def _negates(clause: str, claim: matching.Terms, value: float, qt: frozenset[str]) -> bool:
    """Whether the clause negates the claim. English negates before the verb: a claim
    stated in full before the first "not" ("every class calls super() … whatever it
    doesn't use") is not negated by a later, subordinate one. Korean negates after it,
    so there the clause's negation counts as it is."""
    analysed = matching.analyse(clause)
    if analysed.negations == 0:
        return False
    text = normalise(clause)
    if claim.negations:
        return True  # a negative claim keeps the whole clause's negation
    if matching.negations_only_qualify(text):
        # "안 바뀌었으면 304가 와요", "If it has not changed, the server returns 304": the
        # negation is the condition's.
        return False
    if has_hangul(text):
        return _negated_after_claim(text, claim, analysed.negated_at)
    first = matching.first_negation(text)
    if first is None or value <= 0:
        return True
    before = matching.coverage(claim.terms, matching.analyse(text[:first]).terms, qt)
    if before >= 0.9 * value:
        return False
    # "defining `__eq__` without `__hash__` sets `__hash__` to None": "without" denies
    # only what it is joined to; the claim said beside it stands.
    rest = _WITHOUT_PHRASE.sub(" ", text)
    remaining = matching.analyse(rest)
    return remaining.negations > 0 or (
        matching.coverage(claim.terms, remaining.terms, qt) < 0.9 * value
    )


def _negated_after_claim(text: str, claim: matching.Terms, negated_at: tuple[int, ...]) -> bool:
    """Korean negates after what it denies: a negation before the claim's last word
    ("그건 막는데 … phantom read가 생길 수 있고") belongs to an earlier part of the sentence."""
    ends = [
        position
        for term in claim.terms
        if term not in matching.WEAK_TERMS
        for position in matching.term_positions(term, text)
    ]
    if not negated_at or not ends:
        return True
    return max(negated_at) > max(ends)


def opposite_in_answer(claim: matching.Terms, answer: str, qt: frozenset[str]) -> bool:
    """True when the clause that carries the claim swaps one of its terms for the opposite
    ("writes get slower" answered with "writes get faster") and never states it as is."""
    # A claim holding both sides of a pair ("리스트는 mutable, 튜플은 immutable") says one
    # of each thing: a clause with one side is part of it, not its opposite.
    pivots = [
        t
        for t in claim.terms
        if t in vocabulary.OPPOSITES and not vocabulary.OPPOSITES[t] & set(claim.terms)
    ]
    if not pivots:
        return False
    best_terms: tuple[str, ...]
    best_value, best_terms = 0.0, ()
    for clause in clauses.clause_list(answer):
        terms = matching.analyse(clause).terms
        value = matching.coverage(claim.terms, terms, qt)
        if value > best_value:
            best_value, best_terms = value, terms
    if best_value < 0.25:
        return False
    present = set(best_terms)
    return any(pivot not in present and vocabulary.OPPOSITES[pivot] & present for pivot in pivots)


def _has(term: str, terms: tuple[str, ...] | set[str]) -> bool:
    return term in terms or matching.best_match(term, terms) >= 0.85


def swapped_subject(
    claim: matching.Terms,
    answer: str,
    entities: frozenset[str],
    qt: frozenset[str],
    min_property: int = 2,
) -> bool:
    """True when the claim's property is said about the other thing being compared.

    In "TCP와 UDP의 차이" the key point "TCP는 순서를 보장한다" answered with "UDP는 순서를
    보장한다" keeps every word but one: the subject. Entities are the question's own terms
    that key points are about; the property is the claim's remaining terms."""
    own = [t for t in claim.terms if t in entities]
    others = entities - set(own)
    prop = tuple(t for t in claim.terms if t not in entities)
    if not own or not others or len(prop) < min_property:
        return False
    scored = []
    for clause in clauses.clause_list(answer):
        terms = matching.analyse(clause).terms
        value = matching.coverage(prop, terms, qt)
        if value >= 0.5:
            has_own = any(_has(t, terms) for t in own)
            has_other = any(_has(t, terms) for t in others)
            scored.append((value, has_own, has_other))
    if not scored:
        return False
    best = max(v for v, _, _ in scored)
    swapped = max((v for v, own_, other in scored if other and not own_), default=0.0)
    right = max((v for v, own_, _ in scored if own_), default=0.0)
    return swapped >= best - 1e-9 and right < 0.75 * swapped


# A key point that lists steps in order: "루트 → TLD → 권한 있는 네임서버 순", "A, B, C 순서로".
_ARROW = re.compile(r"\s*(?:→|->|=>)\s*")
_KO_ORDER_MARK = re.compile(r"(?:순서?|차례)(?:로|대로|으로)?(?![가-힣])")
_ANSWER_ORDER_MARK = re.compile(
    r"순서?(?:로|대로|으로)?|차례|다음|부터|시작|마지막|먼저|이어서|\bthen\b|\bfirst\b|\bnext\b"
    r"|\bfinally\b|\bfollowed by\b|\bstarts?\b|→|->",
    re.IGNORECASE,
)


def _steps(kp_text: str) -> list[str]:
    """The ordered steps a key point lists, or [] when it lists none."""
    text = normalise(kp_text)
    if len(_ARROW.findall(text)) >= 2:
        parts = _ARROW.split(text)
    elif _KO_ORDER_MARK.search(text) and text.count(",") >= 2:
        parts = text.split(",")
    else:
        return []
    return [p.strip() for p in parts if p.strip()] if len(parts) >= 3 else []


def _step_term(step: str, others: list[str], first: bool) -> str:
    """The term naming a step that no other step shares, read in the step's own word
    order: the one nearest the arrow ("루트" in "리졸버가 루트 →", "권한" in "→ 권한 있는
    네임서버 순으로")."""
    other_terms = {t for other in others for t in matching.analyse(other).terms}
    words = [w.group(0) for w in re.finditer(r"[\w.+#-]+", _KO_ORDER_MARK.sub("", step))]
    for word in reversed(words) if first else words:
        for term in matching.analyse(word).terms:
            if term not in other_terms and term not in matching.WEAK_TERMS and len(term) > 1:
                return term
    return ""


def order_reversed(kp_text: str, answer: str) -> str:
    """The answer's sentence that names a key point's ordered steps in another order
    ("권한 있는 네임서버에서 시작해 TLD, 그다음 루트 순으로"), or "". The sentence must mark an
    order itself, so naming the steps in passing is never taken as ordering them."""
    steps = _steps(kp_text)
    if not steps:
        return ""
    terms = [
        _step_term(step, [s for s in steps if s is not step], index == 0)
        for index, step in enumerate(steps)
    ]
    if not all(terms):
        return ""
    for sentence in clauses.sentences(answer):
        if not _ANSWER_ORDER_MARK.search(sentence):
            continue
        firsts = [next(iter(matching.term_positions(term, sentence)), None) for term in terms]
        named = [p for p in firsts if p is not None]
        enough = len(named) >= 3 or (len(named) == len(terms) and len(named) >= 2)
        if enough and named != sorted(named):
            return sentence
    return ""


# A sequence of three or more short items: bytes, ranks, an output order ("12 34 56 78",
# "1, 1, 3", "A, D, B, C").
_ITEM = r"(?:\d{1,4}|[A-Z])"
_RUN = re.compile(rf"(?<![\w.]){_ITEM}(?:(?:\s*(?:,|→|->)\s*|\s+){_ITEM}){{2,}}(?!\w|\.\w)")
_RUN_ITEM = re.compile(r"\d{1,4}|[A-Z]")


def _runs(text: str) -> list[tuple[str, ...]]:
    return [tuple(_RUN_ITEM.findall(run.group())) for run in _RUN.finditer(normalise(text))]


def sequence_reordered(kp_text: str, answer: str, entities: frozenset[str]) -> str:
    """The answer's sentence that gives the key point's sequence in another order, said of
    the key point's own thing ("Big-endian … 78 56 34 12" for "Big-endian stores … 12 34
    56 78"), or "". A sentence that also gives the sequence as it is, or names another
    compared thing, is left alone."""
    kp_runs = [run for run in _runs(kp_text) if len(set(run)) >= 2]
    if not kp_runs:
        return ""
    kp_terms = matching.analyse(_RUN.sub(" ", normalise(kp_text))).terms
    own = {t for t in kp_terms if t in entities}
    # "endianness" is no other thing than "endian".
    others = {t for t in entities - own if all(matching.term_similarity(t, o) < 0.85 for o in own)}
    for sentence in clauses.sentences(answer):
        runs = _runs(sentence)
        if not runs or any(run in runs for run in kp_runs):
            continue
        terms = matching.analyse(sentence).terms
        if own:
            if not any(_has(t, terms) for t in own) or any(_has(t, terms) for t in others):
                continue
        elif matching.coverage(kp_terms, terms, frozenset()) < 0.4:
            continue
        if any(
            sorted(run) == sorted(kp_run) and run != kp_run for run in runs for kp_run in kp_runs
        ):
            return sentence
    return ""
