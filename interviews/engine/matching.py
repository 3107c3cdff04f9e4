"""Fuzzy, Korean-aware matching of an answer against key points.

Terms come from Kiwi (through `text`), with three grading-specific additions that
retrieval does not need: negating prefixes stay on their noun (불가능, 비동기), so
"가능" never matches "불가능"; negations are counted, so "can" and "cannot" differ;
and terms are compared on a canonical jamo form, so transliteration variants
(스레드/쓰레드, 메세지/메시지) and typos still match through character n-grams.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .text import KiwiToken, english_terms, has_hangul, kiwi_tokens, normalise
from .vocabulary import TRANSLATIONS, TRANSLITERATIONS

_HANGUL_BASE = 0xAC00
# Tense initials and near-identical vowels collapse: loanword spellings vary on these.
_INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ"  # ㄲ→ㄱ ㄸ→ㄷ ㅃ→ㅂ ㅆ→ㅅ ㅉ→ㅈ
_MEDIALS = "ㅏㅔㅑㅔㅓㅔㅕㅔㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"  # ㅐ→ㅔ ㅒ/ㅖ→ㅔ
_FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]

_KEEP_TAGS = {"NNG", "NNP", "NR", "SH", "XR"}  # ASCII terms come from the regex instead
_PREDICATE_TAGS = ("VV", "VA")
_NEG_PREFIXES = {"불", "비", "무", "미", "논"}  # 논: the loanword "non-" (논클러스터드, 논블로킹)
# Said of both, or also of this one: "둘 다 O(n)", "both are O(n)", "adds an edge in O(1) too".
SAID_OF_BOTH = re.compile(
    r"둘\s*다|모두|역시|\bboth\b|\beither\b|\bequally\b|\btoo\b|\balso\b|\bas well\b",
    re.IGNORECASE,
)
_KEEP_ADVERBS = {"못", "안", "항상", "절대", "매번", "한번", "동시", "먼저", "나중"}
# Words too common in technical answers to show that a key point was covered.
WEAK_TERMS = frozenset(
    """하다 되다 있다 같다 이다 보다 주다 가다 오다 쓰다 사용 경우 방법 때문 위하다 위해 통하다
    부분 정도 가지 이용 관련 문제 설명 의미 기능 처리 가능 필요 여러 다양 개 번 시 것 수 등 때
    use used using way thing things case make makes made get gets data value""".split()
)
_EN_NEGATION = re.compile(
    # "avoid", "prevent" and "without" deny like "not": "avoids a scan" = "does not scan".
    # A word joined into a name ("If-None-Match", "no-store", "NOT_NULL") denies nothing.
    # Python's `None` written bare ("use is for None") denies nothing; "none" and "None of"
    # do.
    r"(?<![-_])\b(?:not|never|no|cannot|without|neither|nor|(?-i:none)|None(?=\s+of\b)"
    r"|avoid\w*|prevent\w*|instead)\b(?![-_]\w)|n't\b",
    re.IGNORECASE,
)
# Inline code names things: `None`, `no-store`, `NOT NULL` deny nothing. Backticks pair in
# order whatever a span's length (skipping a long one would pair its closing backtick with
# the next: "` and `").
CODE_SPAN = re.compile(r"`([^`\n]*)`")


def _outside_code(text: str) -> str:
    """`text` with its inline code blanked, character for character."""
    return CODE_SPAN.sub(lambda found: " " * len(found.group()), text)


_KO_DENYING_STEMS = {"막", "피하", "방지", "회피", "없애"}


@lru_cache(maxsize=100_000)
def canonical(text: str) -> str:
    """Jamo string with variant spellings collapsed; ASCII lower-cased, spaces dropped."""
    out = []
    for char in normalise(text).lower():
        code = ord(char) - _HANGUL_BASE
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            out.append(_INITIALS[initial] + _MEDIALS[medial] + _FINALS[final])
        elif char.isalnum():
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=100_000)
def _ngrams(text: str, n: int = 3) -> frozenset[str]:
    if len(text) <= n:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


# Pairs repeat across the answers to one question (the same rubric terms each time).
@lru_cache(maxsize=200_000)
def term_similarity(a: str, b: str) -> float:
    """1.0 for the same term, high for spelling variants and compounds, else low."""
    if a == b:
        return 1.0
    if TRANSLITERATIONS.get(a) == b or TRANSLITERATIONS.get(b) == a:
        return 0.95
    if b in TRANSLATIONS.get(a, ()) or a in TRANSLATIONS.get(b, ()):
        return 0.9  # the same idea in the other language ("얕다", "shallow")
    ca, cb = canonical(a), canonical(b)
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 0.95
    short, long_ = (a, b) if len(ca) <= len(cb) else (b, a)
    cs, cl = (ca, cb) if short is a else (cb, ca)
    is_korean = has_hangul(short)
    if is_korean and len(short) >= 2 and cs in cl:
        # 스레드 in 멀티스레드 counts; 동기 in 비동기 does not (a negating prefix).
        prefix = long_[: long_.find(short)] if short in long_ else ""
        if prefix and prefix[-1] in _NEG_PREFIXES:
            return 0.0
        return 0.85
    if not is_korean and len(cs) >= 5 and cl.startswith(cs):
        return 0.85  # serializ / serialization, cach / caching
    if (
        not is_korean
        and len(cs) >= 4
        and cl.endswith(cs)
        and long_[: len(long_) - len(short)]
        in {
            "im",
            "un",
            "in",
            "non",
            "a",
            "dis",
            "a-",
            "non-",
        }
    ):
        return 0.0  # mutable vs immutable
    ga, gb = _ngrams(ca), _ngrams(cb)
    if not ga or not gb:
        return 0.0
    dice = 2 * len(ga & gb) / (len(ga) + len(gb))
    return dice if dice >= 0.6 else 0.0


@dataclass(frozen=True)
class Terms:
    terms: tuple[str, ...]
    negations: int
    predicates: int
    # Where the Korean negations begin in the analysed text (character offsets).
    negated_at: tuple[int, ...] = ()


def first_negation(text: str) -> int | None:
    """Where the first English negation ("not", "never", "n't", "avoid…") starts, if any."""
    found = _EN_NEGATION.search(_outside_code(text))
    return found.start() if found else None


@lru_cache(maxsize=20000)
def analyse(text: str) -> Terms:
    """Content terms of a text, with its negation count (for polarity checks)."""
    text = normalise(text)
    if not text:
        return Terms((), 0, 0)
    terms: list[str] = []
    negations = len(_EN_NEGATION.findall(_outside_code(text)))
    predicates = 0
    negated_at: list[int] = []
    if has_hangul(text):
        tokens = kiwi_tokens(text)
        pending_prefix = ""
        for index, token in enumerate(tokens):
            form, tag = token.form, token.tag
            if form == "안" and tag == "NNG" and _predicate_follows(tokens, index):
                tag = "MAG"  # "커밋 안 된 데이터": Kiwi reads 안 된 as the noun 안 + 되다
            if tag == "XPN":
                pending_prefix = form if form in _NEG_PREFIXES else ""
                continue
            if tag in {"NNG", "NNP", "XR"} and pending_prefix:
                form = pending_prefix + form
                if form.startswith("불") and form[1:] in {"가", "가능", "필요"}:
                    negations += 1
                    negated_at.append(token.start)
            pending_prefix = ""
            if tag in {"XSV", "XSA"}:
                predicates += 1  # 공유(하다), 필요(하다): a noun made a predicate
                continue
            if tag == "VX" and form in {"않", "못하"}:
                negations += 1
                negated_at.append(token.start)
                continue
            if tag == "VCN" or (tag.startswith("VA") and form == "없"):
                negations += 1
                negated_at.append(token.start)
                predicates += 1
                terms.append("없다" if form == "없" else "아니다")
                continue
            if tag == "MAG":
                if form in {"못", "안"}:
                    negations += 1
                    negated_at.append(token.start)
                if form in _KEEP_ADVERBS:
                    terms.append(form)
                continue
            if tag in {"NNG"} and form in {"불가", "불가능"}:
                negations += 1
                negated_at.append(token.start)
            if form in _KO_DENYING_STEMS and (tag.startswith(_PREDICATE_TAGS) or tag == "NNG"):
                negations += 1
                negated_at.append(token.start)
            if tag.startswith(_PREDICATE_TAGS):
                predicates += 1
                terms.append(form + "다")
            elif tag in _KEEP_TAGS:
                terms.append(form)
    ascii_terms = english_terms(text)
    terms.extend(ascii_terms)
    if not predicates and len(ascii_terms) >= 2 and not has_hangul(text):
        predicates = 1  # an English phrase of several words makes a claim
    return Terms(tuple(terms), negations, predicates, tuple(negated_at))


def _predicate_follows(tokens: Sequence[KiwiToken], index: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        following is not None
        and following.tag in {"XSV", "VV", "VA"}
        and following.form in {"되", "돼", "하"}
    )


def _denies(token: KiwiToken) -> bool:
    """없다, 않다, 못하다: a predicate that denies what comes before it."""
    return (token.tag.startswith("VA") and token.form == "없") or (
        token.tag == "VX" and token.form in {"않", "못하"}
    )


def negations_only_describe(text: str) -> bool:
    """True when every negation of a Korean phrase sits in a noun's modifier ("없던 행이
    생김": a row that was not there appears): the phrase itself asserts, it denies nothing."""
    text = normalise(text)
    if not has_hangul(text) or _EN_NEGATION.search(_outside_code(text)):
        return False
    tokens = kiwi_tokens(text)
    found = False
    for index, token in enumerate(tokens):
        if _denies(token):
            found = True
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or following.tag != "ETM":
                return False
    return found


_CONDITION_ENDINGS = frozenset({"면", "으면"})


@lru_cache(maxsize=5000)
def negations_only_qualify(text: str) -> bool:
    """True when every negation of a Korean claim sits in a modifier or a condition
    ("all-visible이 아닌 페이지는 힙을 확인한다", "보장하지 못하면 중단시킨다"): the claim
    itself is positive, and an answer that says it without the negation ("all-visible인
    페이지만 힙을 건너뛴다") states it the same way round."""
    text = normalise(text)
    if not has_hangul(text):
        return _negations_only_in_conditions(text)
    if _EN_NEGATION.search(_outside_code(text)):
        return False
    tokens = kiwi_tokens(text)
    found = 0
    for index, token in enumerate(tokens):
        short = token.form in {"안", "못"} and (
            token.tag == "MAG" or (token.tag == "NNG" and _predicate_follows(tokens, index))
        )
        if short:
            # "안 바뀌었으면": the negated predicate's own ending decides.
            index = _ending_after(tokens, index + 1)
            if index < 0:
                return False
        elif not (_denies(token) or token.tag == "VCN"):
            continue
        found += 1
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None:
            return False
        if following.tag == "EC" and following.form in _CONDITION_ENDINGS:
            continue
        if following.tag != "ETM" or not _modifies_an_argument(tokens, index + 2):
            return False  # "암호화가 아닌 인코딩": the negation is the claim
    # Every negation the claim holds is one of those: "못 읽는다", "안 된다" are not.
    return bool(found) and found == analyse(text).negations


_EN_CONDITION = re.compile(r"\b(?:if|unless|when|whenever|once|until|in case)\b", re.I)
# A condition ends at a punctuation mark or where a clause with its own subject is joined
# on ("… when latency matters and it does not retransmit": that negation is the claim's).
_EN_CLAUSE_BREAK = re.compile(r"[,;:.]|\b(?:and|but|so)\s+(?=(?:it|they|this|we|you)\b)", re.I)
_COMMA_BEFORE_END = re.compile(r"[^.;:!?]*,")  # the condition closes before the sentence does


def _negations_only_in_conditions(text: str) -> bool:
    """The English counterpart: every negation sits in a condition ("… fails the test if
    the interactions don't match"), one to a condition, so the claim itself is positive."""
    plain = _outside_code(text)
    negations = list(_EN_NEGATION.finditer(plain))
    if not negations:
        return False
    conditions_used = set()
    for negation in negations:
        start = max(
            (m.end() for m in _EN_CLAUSE_BREAK.finditer(plain, 0, negation.start())), default=0
        )
        condition = _EN_CONDITION.search(plain, start, negation.start())
        if condition is None or condition.start() in conditions_used:
            return False  # "If … doesn't respond, the node isn't used": the second is a claim
        opens = not plain[start : condition.start()].strip(" -(")
        if opens and not _COMMA_BEFORE_END.match(plain, negation.end()):
            return False  # "If fast reaches null there is no cycle": no comma ends the condition
        conditions_used.add(condition.start())
    return True


def ends_as_condition(text: str) -> bool:
    """A Korean text whose last ending is a condition ("스레드가 … 죽으면 같은"): what it
    says is the premise of another claim. One that goes on past its condition ("… 짝이
    없으면 NULL로 채웁니다") still claims."""
    if not has_hangul(text):
        return False
    endings = [t for t in kiwi_tokens(text) if t.tag in {"EC", "EF"}]
    return bool(endings) and endings[-1].tag == "EC" and endings[-1].form in _CONDITION_ENDINGS


def _ending_after(tokens: Sequence[KiwiToken], start: int) -> int:
    """The index just before the ending that closes the predicate starting at `start`
    (stems, suffixes and tense markers skipped), or -1."""
    for index in range(start, len(tokens)):
        if tokens[index].tag.startswith("E") and tokens[index].tag != "EP":
            return index - 1
        if not tokens[index].tag.startswith(("VV", "VA", "XSV", "XSA", "VX", "EP", "NNG", "XR")):
            return -1
    return -1


def _modifies_an_argument(tokens: Sequence[KiwiToken], start: int) -> bool:
    """Whether the noun after a modifier takes a particle and a predicate follows: the
    modifier narrows what the claim is about ("아닌 페이지는 … 확인한다")."""
    for index in range(start, len(tokens)):
        if tokens[index].tag.startswith("J"):
            return any(t.tag.startswith(("VV", "VA", "XSV", "VX")) for t in tokens[index:])
        if not tokens[index].tag.startswith(("NN", "SL", "SH", "XSN")):
            return False
    return False


@lru_cache(maxsize=5000)
def subject(text: str) -> tuple[str, bool] | None:
    """The first noun-like term of a short claim, and whether it is an acronym (TCP, BFS)."""
    text = normalise(text)
    if has_hangul(text):
        for token in kiwi_tokens(text):
            if token.tag in {"NNG", "NNP", "SH"}:
                return token.form, False
            if token.tag == "SL":
                terms = english_terms(token.form)
                if terms:
                    return terms[0], token.form.isupper() and len(token.form) >= 2
        return None
    match = re.search(r"[A-Za-z][A-Za-z0-9_+#-]*", text)
    while match:
        word = match.group(0)
        terms = english_terms(word)
        if terms:
            return terms[0], word.isupper() and len(word) >= 2
        match = re.compile(r"[A-Za-z][A-Za-z0-9_+#-]*").search(text, match.end())
    return None


_WORD = re.compile(r"[\w.+#-]+")


def term_positions(term: str, text: str, at: float = 0.85) -> list[int]:
    """Where the words of `text` that say `term` start (matched on their analysed
    form, so "스레드는" and "threads" are found for "스레드" and "thread")."""
    out = []
    for word in _WORD.finditer(text):
        terms = analyse(word.group(0)).terms
        if terms and best_match(term, terms) >= at:
            out.append(word.start())
    return out


def term_weight(term: str, question_terms: frozenset[str]) -> float:
    weak = term in WEAK_TERMS or (len(term) == 1 and not term.isascii())
    weight = 0.25 if weak else 1.0
    if term in question_terms:
        # Repeating the question's own words shows little understanding.
        weight *= 0.5
    return weight


def best_match(term: str, candidates: Iterable[str]) -> float:
    return max((term_similarity(term, c) for c in candidates), default=0.0)


def coverage(
    target: Sequence[str], answer_terms: Sequence[str], question_terms: frozenset[str]
) -> float:
    """Weighted share of the target's terms that the answer contains (fuzzily)."""
    if not target:
        return 0.0
    answer_set = set(answer_terms)
    total = got = 0.0
    for term in dict.fromkeys(target):
        weight = term_weight(term, question_terms)
        total += weight
        got += weight * (1.0 if term in answer_set else best_match(term, answer_set))
    return got / total if total else 0.0


def phrase_present(phrase: str, answer: str) -> bool:
    """The phrase appears in the answer as written (spacing and spelling variants aside)."""
    phrase = normalise(phrase).lower()
    if len(canonical(phrase)) < 4:
        return False
    if phrase.isascii():
        pattern = r"(?<![a-z0-9_])" + r"\s*".join(map(re.escape, phrase.split())) + r"(?![a-z0-9_])"
        return re.search(pattern, normalise(answer).lower()) is not None
    compact_phrase = canonical(phrase)
    compact_answer = canonical(answer)
    start = compact_answer.find(compact_phrase)
    while start >= 0:
        before = compact_answer[max(0, start - 3) : start]
        if before not in {canonical(p) for p in _NEG_PREFIXES}:
            return True
        start = compact_answer.find(compact_phrase, start + 1)
    return False


def char_similarity(a: str, b: str) -> float:
    """Cosine of character-trigram sets on canonical forms (paraphrase-tolerant)."""
    ga, gb = _ngrams(canonical(a)), _ngrams(canonical(b))
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / float((len(ga) * len(gb)) ** 0.5)


def containment(part: str, whole: str) -> float:
    """Share of `part`'s character trigrams found in `whole`."""
    gp, gw = _ngrams(canonical(part)), _ngrams(canonical(whole))
    if not gp:
        return 0.0
    return len(gp & gw) / len(gp)
