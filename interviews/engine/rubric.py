"""The deterministic rubric: flags junk and injection, grades key points, scores.

Pure functions over dataclasses; the local chat model (providers.py) turns a
`RubricGrade` into streamed Markdown, and the OpenAI path reuses the guards here
so an LLM can never lift a junk or injecting answer above the cap.
"""

import re
from dataclasses import dataclass

from . import matching
from .text import normalise
from .types import AnswerFlag, KeyPointSpec, KeyPointStatus, QuestionSpec

FLAG_CAP = 10  # flagged answers never score above this
TERM_LIST_CAP = 40  # naming the right terms without a single sentence explains nothing
COVERED_AT = 0.58
CREDIT_FULL_AT = 0.72  # coverage earning full credit for a key point
POLARITY_MIN_COVERAGE = 0.5  # a clause must carry this much of a claim to judge its polarity
PARTLY_AT = 0.34
# Score of each flag: nothing to grade, or an attempt to game the grader.
FLAG_SCORES = {
    AnswerFlag.EMPTY: 0,
    AnswerFlag.JUNK: 0,
    AnswerFlag.INJECTION: 0,
    AnswerFlag.DONT_KNOW: 5,
    AnswerFlag.COPIED_QUESTION: 5,
    AnswerFlag.OFF_TOPIC: 5,
}

# Requests aimed at the grader, not at the topic. Each pattern needs a grading word, a
# role label or a fake tag, so answers that mention "SQL injection", "system call",
# "override a method", "점수를 매겨 정렬" or "100 ms" never match.
_NOT_A_UNIT = r"(?!\s*(?:ms|s\b|초|분|개|번|명|건|회|줄|바이트|bytes?|kb|mb|gb|req|rps|qps|%|x\b))"
_INJECTION_PATTERNS = [
    r"\b(?:ignore|disregard|forget)\b[^.\n]{0,40}\b(?:instructions?|prompts?|rubric|guidelines"
    r"|directions|rules above|previous rules|grading rules)\b",
    r"\b(?:give|grant|award|rate|score|grade)\b[^.\n]{0,30}(?:\b100\b"
    + _NOT_A_UNIT
    + r"|full (?:score|marks?|points?)|perfect score|maximum score|top score)",
    r"\b(?:score|grade)\s*(?:this|it|me|the answer)?\s*(?:is|=|:|as|to|of)\s*\"?100\b"
    + _NOT_A_UNIT,
    r"\byou are now\b|\bact as\b[^.\n]{0,30}\b(?:grader|examiner|evaluator)|\bdeveloper mode\b",
    r"\bnew instructions?\b|\bjailbreak\b",
    r"(?:^|\n)\s*[\[(<]?\s*(?:system|assistant|developer|grader|시스템|어시스턴트|채점자|평가자)"
    r"(?:\s*(?:message|prompt|메시지|지시|지침))?\s*[\])>]?\s*[:：]",  # noqa: RUF001 - full-width colon
    r"\[\s*(?:system|시스템|채점자|평가자|grader)[^\]\n]{0,15}\]",
    r"[{,]\s*[\"']?(?:score|점수|grade)[\"']?\s*:\s*[\"']?\d",
    r"<\s*/?\s*(?:system|instructions?|answer|evaluation|question|key_points|persona)\b",
    r"<\|?(?:im_start|im_end|endoftext)\|?>",
    r"(?:지시|지침|프롬프트|instruction)\S{0,3}\s*(?:을|를|은|는)?\s*(?:모두\s*)?(?:무시|잊|무효|폐기)",
    r"(?:만점|100\s*점|최고\s*점)\S{0,3}\s*(?:을|를|으로|로)?\s*"
    r"(?:줘|주세요|주십시오|주라|줄\s*것|주어야|부여|처리|달라|받게|드려|줍니다|줄게|기록|출력|설정)",
    r"(?:점수|score|성적)\s*[:=]\s*100",
    r"채점\s*(?:기준|지시|규칙)\S{0,3}\s*(?:무시|바꿔|변경)",
    r"이\s*답변(?:은|에)?\s*(?:만점|100\s*점)",
    # A score of 100 next to a grading word, in either order, or "만점" at all.
    r"(?:score|점수|grade|채점|성적)\S{0,12}[^\n.]{0,25}\b100\b" + _NOT_A_UNIT,
    r"\b100\s*(?:점|/\s*100|points?|marks?)\S{0,3}\s*[^\n.]{0,15}(?:주|부여|처리|기록|출력|설정"
    r"|give|award|assign|output|record|set)",
    r"만점|full marks|perfect score",
    r"\b(?:score|grade)_?(?:override|overwrite)|override\W{0,3}(?:score|grade|grading)",
    # Talking to the grader, or handing it a new role.
    r"(?:채점자|채점기|채점\s*(?:ai|모델|시스템)|평가자|ai\s*면접관|면접관\s*ai|\bgrader\b"
    r"|grading (?:model|system|assistant|ai))"
    r"[^\n]{0,40}(?:에게|께|님|지시|지침|명령|역할|\byou\b|\byour\b|instruction|\bmust\b|please)",
    r"(?<![가-힣])(?:당신|너|넌)\S{0,2}\s*(?:이제|지금부터|앞으로)|지금부터\s*(?:당신|너)"
    r"|(?:당신|너|ai)\S{0,3}\s*[^\n.]{0,20}역할\S{0,2}\s*(?:을|를)?\s*(?:연기|맡|해)|역할극",
    r"\bfrom now on\b,?\s*you (?:are|will|must|should)\b|\bpretend (?:to be|you)|\brole-?play"
    r"|\byour new (?:role|task)",
    r"</?\s*[가-힣][가-힣_\s]{0,20}>",
    r"<!--[^>]{0,200}(?:score|grade|grader|점수|채점)",
    r"\btrusted\b[^\n]{0,20}\b(?:grader|instruction)",
    # Notes addressed to whoever grades, and talk about changing the rubric: answers to
    # technical questions have no reason to address the grading process itself.
    r"\b(?:note|message|memo|instructions?|request)s?\s+(?:to|for)\s+(?:the\s+)?"
    r"(?:automated\s+|ai\s+)?(?:grader|evaluator|examiner|reviewer|scorer|assessor|model|ai)\b",
    r"\b(?:grader|evaluator|examiner|scorer|assessor)(?:'s)?\s+(?:note|notice|instruction)",
    r"\b(?:evaluator|scorer|assessor|grading (?:model|system))\b[^\n]{0,60}"
    r"\b(?:should|must|please|apply|output|ignore|mark|treat)\b",
    r"\brubric\b[^\n]{0,60}\b(?:updated?|new|v\d|version|apply|applies|override|supersede)",
    r"\b(?:apply|use|follow)\s+(?:the\s+)?(?:updated|new|revised)\s+(?:rubric|grading|scoring)",
    r"\bfull credit\b|\bmaximum (?:score|marks|points)\b|\boutput\s+(?:pass|a?\s*score)",
    r"\bscore\s*[:=]\s*(?:1(?:\.0+)?|10\s*/\s*10)\b",
    r"\bmark\b[^\n.]{0,30}\b(?:key ?points?|all points)\b[^\n.]{0,20}\b(?:covered|met|correct)",
    r"\bi(?:'m| am)\s+(?:the|a|an)\s+(?:developer|admin|administrator|creator|owner|operator)"
    r"\s+of\s+(?:this|the)\s+(?:system|app|service|grader|bot)",
    r"(?:평가|채점)\s*(?:지침|기준|규칙|루브릭|방식)[^\n]{0,40}(?:업데이트|변경|우선|새로|새\s|적용|무효)",
    r"(?:이|본|제|현재)\s*(?:답변|답|글|응답)\S{0,2}\s*(?:을|를)?\s*(?:평가|채점)\S{0,2}\s*"
    r"(?:하는|할)\s*(?:모델|ai|시스템|프로그램|분|사람)",
    r"(?:키\s*포인트|핵심\s*포인트|핵심\s*개념|항목)[^\n]{0,30}(?:충족|covered|다\s*맞|전부|모두)"
    r"\S{0,3}\s*(?:으로|로)?\s*(?:표시|처리|체크|인정|기록|간주)",
    r"(?:저는|제가|전)\s*(?:이\s*)?(?:시스템|서비스|플랫폼|봇)\S{0,2}\s*(?:개발자|관리자|운영자|담당자)",
    r"루브릭",
]
_INJECTION = re.compile("|".join(f"(?:{p})" for p in _INJECTION_PATTERNS), re.IGNORECASE)
_DONT_KNOW = re.compile(
    r"모르겠|모릅니다|몰라|모름|잘\s*모르|기억(?:이|나지)?\s*(?:안|않)|생각(?:이)?\s*(?:안|않)\s*나|"
    r"패스|스킵|넘어가|답변\s*(?:못|안)|공부\s*(?:못|안)|해\s*본\s*적\s*(?:이\s*)?없|"
    r"\bi\s*(?:do\s*not|don'?t)\s*know\b|\bno\s*idea\b|\bnot\s*sure\b|\bpass\b|\bskip\b|"
    r"\bidk\b|\bi\s*have\s*no\s*clue\b|\bno\s*clue\b|\bi\s*forgot\b|\bi\s*can'?t\s*remember\b",
    re.IGNORECASE,
)
_JAMO_ONLY = re.compile(r"^[\sㄱ-ㅎㅏ-ㅣ.,!?~^;:ㅋㅎㅠㅜ]+$")
_REPEATS = re.compile(r"(.)\1{3,}")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


@dataclass(frozen=True)
class KeyPointGrade:
    key_point: KeyPointSpec
    coverage: float  # 0..1, after negation checks
    status: KeyPointStatus
    contradicted: bool = False


@dataclass(frozen=True)
class RubricGrade:
    score: int
    key_points: tuple[KeyPointGrade, ...]
    flag: AnswerFlag
    relevance: float  # share of the answer's terms found in the reference material
    term_list: bool = False  # only terms, no sentence: capped at TERM_LIST_CAP


_EN_VERBS = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|will|would|should"
    r"|may|might|must|uses?|used|means?|makes?|allows?|lets?|gives?|keeps?|returns?|runs?"
    r"|stores?|takes?|needs?|works?|calls?|creates?|becomes?)\b",
    re.IGNORECASE,
)
_KO_SENTENCE_END = re.compile(r"[가-힣](?:다|요|죠|음|함|됨|임|냐|까)(?![가-힣])")


def is_term_list(answer: str) -> bool:
    """Terms without a single sentence ("GIL 스레드 락 multiprocessing")."""
    text = normalise(answer)
    analysed = matching.analyse(text)
    if len(set(analysed.terms)) < 5:
        return False
    if re.search(r"[가-힣]", text):
        return analysed.predicates == 0 and not _KO_SENTENCE_END.search(text)
    # English verbs are hard to spot without a tagger: a list also lacks sentence
    # punctuation, pronouns and articles.
    return (
        len(text.split()) >= 6
        and not _EN_VERBS.search(text)
        and not re.search(r"[.!?]|\b(?:i|you|we|it|they|this|that|the|a|an)\b", text, re.I)
    )


def detect_injection(answer: str) -> bool:
    return bool(_INJECTION.search(normalise(answer)))


def _is_keyboard_mash(word: str) -> bool:
    word = word.lower()
    if len(word) < 3:
        return False
    if any(word in row or word[:4] in row for row in _KEYBOARD_ROWS):
        return True
    vowels = sum(c in "aeiouy" for c in word)
    return word.isalpha() and len(word) >= 4 and vowels == 0


def detect_junk(answer: str) -> AnswerFlag:
    """EMPTY or JUNK for text with nothing to grade, else NONE (relevance is judged later)."""
    text = normalise(answer)
    letters = re.sub(r"[\W_]+", "", text)
    if not letters:
        return AnswerFlag.EMPTY
    if _JAMO_ONLY.match(text):
        return AnswerFlag.JUNK
    if len(set(letters)) <= 2 or (_REPEATS.search(letters) and len(set(letters)) <= 4):
        return AnswerFlag.JUNK
    words = re.findall(r"[A-Za-z]+|[가-힣]+|\d+", text)
    if len(text.split()) <= 3 and not re.search(r"[가-힣]{2,}(?:다|요|죠|음|함|니다)\b", text):
        # A bare term or two ("SYN", "bfs dfs") names the topic but explains nothing.
        return AnswerFlag.JUNK
    if (
        words
        and len(words) <= 6
        and all(w.isascii() and w.isalpha() for w in words)
        and all(_is_keyboard_mash(w) for w in words)
    ):
        return AnswerFlag.JUNK
    return AnswerFlag.NONE


def _reference_text(question: QuestionSpec) -> str:
    parts = [question.text, question.model_answer]
    for kp in question.key_points:
        parts.append(kp.text)
        parts.extend(kp.synonyms)
    return "\n".join(parts)


def _best_window(
    terms: tuple[str, ...], windows: list[str], question_terms: frozenset[str]
) -> tuple[float, str]:
    """The smallest window holding most of the terms: a claim is judged where it is made."""
    best, best_window = 0.0, ""
    for window in windows:
        value = matching.coverage(terms, matching.analyse(window).terms, question_terms)
        if value > best + 1e-9:
            best, best_window = value, window
    return best, best_window


def _polarity_differs(claim: matching.Terms, answer: str, qt: frozenset[str]) -> bool:
    """True when the claim appears only with the opposite polarity ("can" vs "cannot").

    Judged clause by clause: the clause carrying the claim best decides, unless another
    clause carries it nearly as well with the claim's own polarity (Korean negation is
    easy to miscount in long spoken sentences)."""
    # Presence, not parity: a clause rarely negates twice, and counting errs more often.
    parity = claim.negations > 0
    scored = []
    for clause in matching.clause_list(answer):
        value = matching.coverage(claim.terms, matching.analyse(clause).terms, qt)
        scored.append((value, (matching.analyse(clause).negations > 0) == parity))
    if not scored:
        return False
    best = max(value for value, _ in scored)
    if best < POLARITY_MIN_COVERAGE:
        return False
    agreeing = max((value for value, same in scored if same), default=0.0)
    return agreeing < 0.75 * best


def _opposite_in_answer(claim: matching.Terms, answer: str, qt: frozenset[str]) -> bool:
    """True when the clause that carries the claim swaps one of its terms for the opposite
    ("writes get slower" answered with "writes get faster") and never states it as is."""
    pivots = [t for t in claim.terms if t in matching.OPPOSITES]
    if not pivots:
        return False
    best_value, best_terms = 0.0, ()
    for clause in matching.clause_list(answer):
        terms = matching.analyse(clause).terms
        value = matching.coverage(claim.terms, terms, qt)
        if value > best_value:
            best_value, best_terms = value, terms
    if best_value < 0.25:
        return False
    present = set(best_terms)
    return any(pivot not in present and matching.OPPOSITES[pivot] & present for pivot in pivots)


def _has(term: str, terms: tuple[str, ...] | set[str]) -> bool:
    return term in terms or matching.best_match(term, terms) >= 0.85


def _swapped_subject(
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
    for clause in matching.clause_list(answer):
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


def grade_key_point(
    kp: KeyPointSpec,
    answer: str,
    answer_terms: tuple[str, ...],
    question_terms: frozenset[str],
    entities: frozenset[str] = frozenset(),
) -> KeyPointGrade:
    windows = matching.windows(answer)
    main = matching.analyse(kp.text)
    # The key point's own wording, judged in the smallest window that carries it; terms
    # scattered over the whole answer are weaker evidence.
    main_value, main_window = _best_window(main.terms, windows, question_terms)
    scattered = matching.coverage(main.terms, answer_terms, question_terms) * 0.75
    best = max(main_value, scattered)
    if matching.phrase_present(kp.text, answer):
        best = 1.0
        main_window = main_window or answer
    contradicted = False
    # "can" is not "cannot": the same words with the opposite polarity are a mistake.
    # Opposite words ("faster" for "slower") and swapped subjects ("UDP" for "TCP") too.
    is_claim = bool(main.predicates or main.negations) and bool(main_window)
    if best >= PARTLY_AT and (
        (is_claim and _polarity_differs(main, answer, question_terms))
        or _opposite_in_answer(main, answer, question_terms)
        or _swapped_subject(main, answer, entities, question_terms)
    ):
        best *= 0.5
        contradicted = True

    for synonym in kp.synonyms:
        target = matching.analyse(synonym)
        if not target.terms:
            continue
        value, window = _best_window(target.terms, windows, question_terms)
        if matching.phrase_present(synonym, answer):
            value = 1.0
            window = next((w for w in windows if matching.phrase_present(synonym, w)), answer)
        if value < PARTLY_AT or not window:
            continue
        claim = target
        if not target.negations:
            # A synonym names the idea ("힙 공유", "full scan"); the claim's polarity is
            # the key point's.
            claim = matching.Terms(target.terms, main.negations, main.predicates)
        if (claim.predicates or claim.negations) and _polarity_differs(
            claim, answer, question_terms
        ):
            contradicted = True
            continue
        own = tuple(t for t in main.terms if t in entities)
        if own and _swapped_subject(
            matching.Terms(own + target.terms, 0, 0), answer, entities, question_terms, 1
        ):
            contradicted = True
            continue
        # A synonym is anchored by the key point's other words nearby: a bare term in an
        # unrelated clause ("큐는 LIFO") is weaker than a claim about the right subject.
        window_terms = matching.analyse(window).terms
        anchor = matching.coverage(main.terms, window_terms, question_terms)
        if any(
            term not in target.terms
            and (len(term) > 1 or term in question_terms)
            and term not in matching._WEAK_TERMS
            and matching.best_match(term, window_terms) >= 0.85
            for term in main.terms
        ):
            anchor = 1.0  # the synonym is said about the key point's own subject
        ceiling = 1.0 if len(target.terms) > 1 else 0.9
        best = max(best, value * ceiling * (0.6 + 0.4 * min(1.0, anchor * 1.5)))
    if best >= COVERED_AT:
        status = KeyPointStatus.COVERED
    elif best >= PARTLY_AT:
        status = KeyPointStatus.PARTLY
    else:
        status = KeyPointStatus.MISSED
    return KeyPointGrade(kp, round(best, 3), status, contradicted and best < COVERED_AT)


def _relevance(answer_terms: tuple[str, ...], reference_terms: frozenset[str]) -> float:
    if not answer_terms:
        return 0.0
    hits = 0.0
    unique = list(dict.fromkeys(answer_terms))
    for term in unique:
        if term in reference_terms:
            hits += 1
        elif matching.best_match(term, reference_terms) >= 0.7:
            hits += 0.8
    return hits / len(unique)


def grade(question: QuestionSpec, answer: str) -> RubricGrade:
    """Grades an answer against the question's key points, deterministically."""
    answer = normalise(answer)
    key_points = question.key_points or (KeyPointSpec(question.model_answer or question.text),)
    flag = detect_junk(answer)
    if flag == AnswerFlag.EMPTY:
        return _flagged(key_points, flag)
    if detect_injection(answer):
        return _flagged(key_points, AnswerFlag.INJECTION)
    if flag != AnswerFlag.NONE:
        return _flagged(key_points, flag)

    answer_terms = matching.analyse(answer).terms
    question_terms = frozenset(matching.analyse(question.text).terms)
    reference_terms = frozenset(matching.analyse(_reference_text(question)).terms)
    entities = _entities(question, question_terms, key_points)
    grades = tuple(
        grade_key_point(kp, answer, answer_terms, question_terms, entities) for kp in key_points
    )
    credits = [_credit(g.coverage) for g in grades]
    kp_mean = sum(credits) / len(credits)
    relevance = _relevance(answer_terms, reference_terms)

    # Nothing beyond the question's own words: the question copied back.
    novel = [t for t in dict.fromkeys(answer_terms) if matching.best_match(t, question_terms) < 0.7]
    copied = matching.containment(answer, question.text) >= 0.8 and len(novel) <= 2
    if copied:
        return _flagged(key_points, AnswerFlag.COPIED_QUESTION, relevance)
    short = len(novel) <= 6 or len(answer.split()) <= 25
    if _DONT_KNOW.search(answer) and kp_mean < 0.1 and short:
        return _flagged(key_points, AnswerFlag.DONT_KNOW, relevance)
    # No key point even partly met and most words from elsewhere: an answer to another question.
    best = max((g.coverage for g in grades), default=0.0)
    if (kp_mean < 0.08 or best < PARTLY_AT) and relevance < 0.3:
        few_words = len(set(answer_terms)) < 3
        flag = AnswerFlag.JUNK if few_words else AnswerFlag.OFF_TOPIC
        return _flagged(key_points, flag, relevance)

    similarity = matching.char_similarity(
        answer, question.model_answer or _reference_text(question)
    )
    contradictions = sum(g.contradicted for g in grades)
    score = 12 + 76 * kp_mean + 12 * min(1.0, similarity / 0.45)
    score -= 6 * contradictions
    # An answer that touches some point but is mostly elsewhere is weaker than a focused one.
    score -= 8 * max(0.0, 0.3 - relevance) / 0.3
    term_list = is_term_list(answer)
    if term_list:
        score = min(score, TERM_LIST_CAP)
    score = max(FLAG_CAP + 1, min(100, round(score)))
    return RubricGrade(score, grades, AnswerFlag.NONE, round(relevance, 3), term_list)


def _entities(
    question: QuestionSpec, question_terms: frozenset[str], key_points: tuple[KeyPointSpec, ...]
) -> frozenset[str]:
    """The things a question compares ("TCP", "UDP"): the subjects key points open with,
    kept when the question names them or several key points share them."""
    subjects: dict[str, int] = {}
    named: set[str] = set()  # Korean nouns and acronyms: things, not verbs like "requires"
    for kp in key_points:
        found_subject = matching.subject(kp.text)
        if not found_subject or found_subject[0] in matching._WEAK_TERMS:
            continue
        term, acronym = found_subject
        subjects[term] = subjects.get(term, 0) + 1
        if acronym or not term.isascii():
            named.add(term)
    found = {
        t for t, count in subjects.items() if t in question_terms or (count >= 2 and t in named)
    }
    # Also the question's own terms that key points make claims about ("프로세스와 스레드").
    for kp in key_points:
        found.update(
            t
            for t in matching.analyse(kp.text).terms
            if t in question_terms and t not in matching._WEAK_TERMS and len(t) > 1
        )
    # Two or more: a comparison; one alone is just the topic.
    return frozenset(found) if len(found) >= 2 else frozenset()


def _credit(coverage: float) -> float:
    # A smooth credit keeps rankings stable near the covered/partly thresholds.
    return max(0.0, min(1.0, (coverage - 0.15) / (CREDIT_FULL_AT - 0.15)))


def _flagged(
    key_points: tuple[KeyPointSpec, ...], flag: AnswerFlag, relevance: float = 0.0
) -> RubricGrade:
    grades = tuple(KeyPointGrade(kp, 0.0, KeyPointStatus.MISSED) for kp in key_points)
    return RubricGrade(FLAG_SCORES[flag], grades, flag, round(relevance, 3))
