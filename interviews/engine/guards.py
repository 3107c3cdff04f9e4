"""Guards on the answer itself, before any grading: empty or junk text, "I don't know",
requests aimed at the grader (injection), and bare lists of terms.

The rubric applies them first; the OpenAI path applies them too, so an LLM can never
lift a junk or injecting answer above the cap.
"""

import re

from . import matching
from .text import has_hangul, normalise
from .types import AnswerFlag

# Requests aimed at the grader, not at the topic. Each pattern needs a grading word, a
# role label or a fake tag, so answers that mention "SQL injection", "system call",
# "override a method", "점수를 매겨 정렬" or "100 ms" never match.
_NOT_A_UNIT = r"(?!\s*(?:ms|s\b|초|분|개|번|명|건|회|줄|바이트|bytes?|kb|mb|gb|req|rps|qps|%|x\b))"
_INJECTION_PATTERNS = [
    r"\b(?:ignore|disregard|forget)\b[^.\n]{0,40}\b(?:instructions?|prompts?|rubric|guidelines"
    r"|directions|rules above|previous rules|grading rules)\b",
    # "give me all keys between 100 and 200" asks for a range, not a score.
    r"\b(?:give|grant|award|rate|score|grade)\b"
    r"(?:(?!\b(?:between|from|first|top|last|keys?|rows?|items?|records?|results?)\b)[^.\n]){0,30}"
    r"(?:(?<!\d)100(?!\d)"
    + _NOT_A_UNIT
    + r"(?!\s*(?:and|to|or|-|~)\s*\d)|full (?:score|marks?|points?)|perfect score|maximum score"
    r"|top score)",
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
    r"[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)\b",  # a chat message in JSON
    r"(?:지시|지침|프롬프트|instruction)\S{0,3}\s*(?:을|를|은|는)?\s*(?:모두\s*)?(?:무시|잊|무효|폐기)",
    r"(?:만점|100\s*점|최고\s*점)\S{0,3}\s*(?:을|를|으로|로)?\s*"
    r"(?:줘|주세요|주십시오|주라|줄\s*것|주어야|부여|처리|달라|받게|드려|줍니다|줄게|기록|출력|설정"
    r"|입력)",
    # "이 문항은 채점 대상에서 제외": claims about the grading itself.
    r"채점\s*(?:대상|범위)\S{0,3}\s*(?:에서\s*)?(?:제외|빠)",
    r"(?:점수|score)\S{0,2}\s*100\s*(?:으로|로|점으로)\s*(?:기록|입력|처리|매겨|설정|저장)",
    r"(?:점수|score|성적)\s*[:=]\s*100",
    r"채점\s*(?:기준|지시|규칙)\S{0,3}\s*(?:무시|바꿔|변경)",
    r"이\s*답변(?:은|에)?\s*(?:만점|100\s*점)",
    # A score of 100 next to a grading word, in either order, or "만점" at all.
    r"(?:score|점수|grade|채점|성적)\S{0,12}[^\n.]{0,25}(?<!\d)100(?!\d)" + _NOT_A_UNIT,
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
    # A verdict written for the grader to take: "Label: good", "Key points covered: 5/5",
    # an "Evaluation result" or a "### Grading" block that says not to grade again.
    r"[\"']?\blabel[\"']?\s*[:=]\s*[\"']?(?:good|correct|pass(?:ed)?|excellent|perfect)\b",
    r"\bkey ?points? (?:covered|met)\s*[:=]\s*\d+\s*/\s*\d+",
    r"\b(?:evaluation|grading|scoring)\s+(?:result|outcome|verdict)s?\b[^\n]{0,20}[:=(]",
    r"\bdo not re-?(?:evaluate|grade|score|assess)\b|\bblock is authoritative\b"
    r"|\bkeep (?:this|the) (?:result|score|label|verdict)\b",
    r"(?:^|\n)\s*#{1,6}\s*(?:grading|evaluation|score|verdict|채점|평가)\s*(?:\n|$)",
    r"covered_key_points|[\"']verdicts?[\"']\s*:",
]
_INJECTION = re.compile("|".join(f"(?:{p})" for p in _INJECTION_PATTERNS), re.IGNORECASE)
DONT_KNOW = re.compile(
    r"모르겠|모릅니다|몰라|모름|잘\s*모르|기억(?:이|나지)?\s*(?:안|않)|생각(?:이)?\s*(?:안|않)\s*나|"
    r"패스|스킵|넘어가|답변\s*(?:못|안)|공부\s*(?:못|안)|해\s*본\s*적\s*(?:이\s*)?없|"
    r"\bi\s*(?:do\s*not|don'?t)\s*know\b|\bno\s*idea\b|\bnot\s*sure\b|\bpass\b|\bskip\b|"
    r"\bidk\b|\bi\s*have\s*no\s*clue\b|\bno\s*clue\b|\bi\s*forgot\b|"
    r"\b(?:can'?t|cannot|could\s*n[o']t|don'?t|do\s*not)\s*(?:really\s*)?(?:remember|recall)\b",
    re.IGNORECASE,
)
# "I'm not sure, but related terms are X, Y, Z": words offered in place of an answer.
TERMS_OFFERED = re.compile(
    r"\b(?:related|relevant|associated|some)\s+(?:terms|keywords|words|concepts|buzzwords)\b"
    r"|\bkeywords?\s*(?:are|:)|(?:관련|연관)(?:된|있는)?\s*(?:용어|키워드|단어|개념)|키워드(?:는|로는|만)?",
    re.IGNORECASE,
)
_JAMO_ONLY = re.compile(r"^[\sㄱ-ㅎㅏ-ㅣ.,!?~^;:ㅋㅎㅠㅜ]+$")
_REPEATS = re.compile(r"(.)\1{3,}")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")

_EN_VERBS = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|will|would|should"
    r"|may|might|must|uses?|used|means?|makes?|allows?|lets?|gives?|keeps?|returns?|runs?"
    r"|stores?|takes?|needs?|works?|calls?|creates?|becomes?)\b",
    re.IGNORECASE,
)
_EN_FUNCTION_WORDS = re.compile(
    r"\b(?:i|you|we|it|they|this|that|the|a|an|because|so|if|when|which)\b", re.IGNORECASE
)
_LIST_SEPARATORS = re.compile(r"[.,;:/|\n]+\s*")
_KO_SENTENCE_END = re.compile(r"[가-힣](?:다|요|죠|음|함|됨|임|냐|까)(?![가-힣])")


def is_term_list(answer: str) -> bool:
    """Terms without a single sentence ("GIL 스레드 락 multiprocessing")."""
    text = normalise(answer)
    analysed = matching.analyse(text)
    if len(set(analysed.terms)) < 5:
        return False
    labels = [label for label in _LABELS.findall(text) if not _LIST_LABEL.search(label)]
    if len(labels) >= 2:
        return False  # labelled notes ("Reads: no full scan. Writes: slower") say what of what
    if _mostly_bare_items(text):
        return True
    if has_hangul(text):
        return analysed.predicates == 0 and not _KO_SENTENCE_END.search(text)
    # English verbs are hard to spot without a tagger: a list also lacks pronouns and
    # articles, and its items are mostly single words ("Kubernetes. Redis. Kafka. CDN.");
    # terse notes ("B-tree index, O(log n) lookup, slower writes") are answers.
    if _EN_VERBS.search(text) or _EN_FUNCTION_WORDS.search(text):
        return False
    items = [item for item in _LIST_SEPARATORS.split(text) if item.strip()]
    if len(items) == 1:
        # Terms separated by spaces alone ("normalization 1NF 2NF 3NF BCNF keys").
        items = text.split()
        return len(items) >= 7
    single = sum(1 for item in items if len(item.split()) == 1)
    short = all(len(item.split()) <= 3 for item in items)
    return len(items) >= 5 and short and single >= 0.6 * len(items)


# "Reads: no full scan": a label (a word or two, not a number or a URL's scheme) and a space.
_LABELS = re.compile(r"(?:^|[.\n;]\s*)([^\W\d][^\s:.;,]{0,19}(?:\s[^\s:.;,]{1,20})?)\s*:\s")
# Labels that only introduce a list: "Key terms: …", "Related: …", "키워드: …".
_LIST_LABEL = re.compile(
    r"term|keyword|related|concept|buzzword|topic|idea|용어|키워드|관련|개념|주제", re.IGNORECASE
)
# Items of a list, parted also at question marks ("Why is X? because it is X. big O. …").
_ITEMS = re.compile(r"[.,;/|\n?!]+\s*|\s+-\s+")
BARE_ITEMS_AT = 6  # bare terms a list needs before a sentence or two beside it are a lead-in


def _mostly_bare_items(text: str) -> bool:
    """A string of bare terms with at most two short sentences beside it ("CAP theorem is
    about consistency, availability, partition tolerance, CP, AP, CA, quorum."): the
    sentences only introduce the list. Notes that label their items ("Cookies: ~4KB,
    auto-sent") pair terms with what is said of them and are answers (`is_term_list`)."""
    items = [item.strip() for item in _ITEMS.split(text) if item.strip()]
    bare: list[str] = []
    rest: list[str] = []
    for item in items:
        (bare if _is_bare(item) else rest).append(item)
    return (
        len(bare) >= BARE_ITEMS_AT
        and len(bare) >= 0.75 * len(items)
        and len(rest) <= 2
        and all(len(item.split()) <= 9 for item in rest)
    )


def _is_bare(item: str) -> bool:
    """One or two words that say nothing of each other: no verb, no Korean predicate."""
    if len(item.split()) > 2 or _EN_VERBS.search(item):
        return False
    return not (has_hangul(item) and matching.analyse(item).predicates)


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
    if (
        len(text.split()) <= 3
        and not re.search(r"[가-힣]{2,}(?:다|요|죠|음|함|니다)\b", text)
        # "`==` compares values." is a short answer, not a bare term.
        and not (
            len(text.split()) == 3 and re.search(r"[A-Za-z]{3,}s\b", text) and text[-1] in ".!"
        )
    ):
        # A bare term or two ("SYN", "bfs dfs") names the topic but explains nothing.
        return AnswerFlag.JUNK
    # Keyboard mash, maybe with numbers typed between ("asdfgh jkl 200 300 qwertyuiop").
    spelled = [w for w in words if not w.isdigit()]
    if (
        spelled
        and len(words) <= 10
        and (len(spelled) == len(words) or len(spelled) >= 2)
        and all(w.isascii() and w.isalpha() for w in spelled)
        and all(_is_keyboard_mash(w) for w in spelled)
    ):
        return AnswerFlag.JUNK
    return AnswerFlag.NONE
