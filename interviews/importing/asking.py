"""Whether a line of notes asks: Korean endings, "?", English question forms.

Bootcamp notes mark few questions explicitly; many are just a line that asks
("…설명해주세요.", "…인가요?", "…의 차이", "Explain …"). These tests are shared by
the markers, the walk and the table-of-contents filter.
"""

import re

QUESTION_EMOJI = "💡❓❔🤔🧐🙋"
# "…? A: …", "…? A10. …", "…? 답변) …": the answer written on the question's line.
_INLINE_ANSWER = re.compile(
    # A capital "A" only: "the complexity of a 3) nested loop" holds no answer label.
    r"\s+(?:(?-i:A)|Answer|답|답변)\s*(?::|\d{1,3}\s*[.):]|(?<=답변)\))\s+",
    re.IGNORECASE,
)
WRAPPING_EMPHASIS = re.compile(r"^(\*\*|__)(.+?)\1$")

# A line that asks: ends with "?" or a Korean question / request ending.
_ASK_END = re.compile(
    r"(?:[?]"
    r"|(?:해|하여|해서|해\s*보|봐|어|아)\s*(?:주세요|주십시오|주시겠어요|주시겠습니까|주실래요|줄래요|보세요|보시오|보십시오)"
    r"|(?:주세요|주십시오|주시겠어요|주시겠습니까)"
    r"|(?:설명|서술|기술|비교|정의|논술|말|요약|답|논의|설계)\s*(?:하시오|하세요|하라|해라|하십시오|할\s*것)"
    r"|(?:인가요|인가|인지요|일까요|일까|나요|까요|가요|습니까|입니까|합니까|됩니까|는지|은지|인지"
    r"|는가|은가|던가|을까|할까|될까|뭔가요|뭘까요|무엇인가|무엇인지|무엇일까|무엇입니까)"
    # Terse note titles that still ask: "OSI 7계층에 대해 설명", "TCP와 UDP의 차이", "REST란".
    r"|에\s*대(?:해|해서|하여)\s*(?:설명|서술|말|논)?|의\s*차이(?:점)?|[가-힣A-Za-z0-9)]\s*(?:이)?란"
    # "…의 장단점은", "…를 쓰는 이유는": a topic noun left open for the answer.
    r"|(?:차이점|차이|장단점|장점|단점|특징|이유|방법|종류|원리|역할|과정|목적|의미|개념|원인"
    r"|해결\s*방법|해결책|동작\s*방식|동작\s*원리|작동\s*원리|기준|조건|문제점|한계|용도|흐름|순서)"
    r"\s*(?:은|는))"
    r"\s*[.。!…]*$"
)
_ENGLISH_IMPERATIVE = re.compile(
    r"^(?:(?:please|(?:can|could|would)\s+you)\s+)?"
    r"(?:explain|describe|compare|contrast|define|discuss|outline|summari[sz]e|"
    r"walk\s+(?:me|us)\s+through|tell\s+(?:me|us)|give\s+(?:an?\s+)?examples?)\b",
    re.IGNORECASE,
)
# "What is a CDN", "Why is HTTPS safer than HTTP": notes often drop the "?".
# A question word and then a verb, so "When the buffer fills" stays a statement.
_ENGLISH_QUESTION_WORD = re.compile(
    r"^(?:what|why|how|when|where|which|who)(?:'s|\s+(?:is|are|was|were|does|do|did|can"
    r"|could|should|would|will|happens|makes|causes))\s+\S",
    re.IGNORECASE,
)
# A question that leans on what came before ("그렇다면 …?") is part of an answer.
_RHETORICAL_START = re.compile(
    r"^(?:그렇다면|그러면|그럼|그래서|그런데|근데|이때|이 때|그 이유는|왜 그럴까|왜냐하면|즉|"
    r"so\b|then\b|but\b|and\b)",
    re.IGNORECASE,
)
# "출처: …, 틀린 거 있으면 알려주세요", "Note: …?": a remark about the notes, never a question.
_NOTE_LABEL = re.compile(
    r"^[\[(<]?\s*(?:출처|참고|참조|작성자?|메모|비고|주의|note|notes|source|sources|author"
    r"|last\s+updated|updated|수정일?)\s*[\])>]?\s*[:\uff1a]",
    re.IGNORECASE,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.?!。])\s+")
SENTENCE_END = re.compile(r"(?:[.。!]|다|요|음|함|됨|임|있음|없음)\s*[.。]?$")


MAX_QUESTION_LENGTH = 300  # a longer "question" is a paragraph of answer that ended with "?"
MAX_TITLE_LENGTH = 100


def asks(text: str) -> bool:
    text = strip_importance(text).rstrip(" \"'\u201d\u2019)]」』*_~" + QUESTION_EMOJI)
    if _NOTE_LABEL.match(text):
        return False
    if _ASK_END.search(text):
        return True
    if len(SENTENCE_SPLIT.split(text)) != 1:
        return False
    # "Explain the difference between processes and threads." asks without a "?".
    if _ENGLISH_IMPERATIVE.match(text):
        return True
    # A question word opening one short line with no full stop ("What is a CDN"); "When
    # the buffer fills, the writer blocks." is a statement.
    return (
        bool(_ENGLISH_QUESTION_WORD.match(text))
        and len(text) <= MAX_TITLE_LENGTH
        and not text.endswith((".", "!", ":", ";", ","))
        and "," not in text
    )


def looks_like_title(text: str) -> bool:
    """A short noun phrase ("1. 프로세스와 스레드의 차이"), not a sentence of an answer."""
    return (
        0 < len(text) <= MAX_TITLE_LENGTH and not SENTENCE_END.search(text) and ":" not in text[:-1]
    )


def split_inline_answer(text: str) -> tuple[str, str]:
    """'GIL이란? A: 한 번에…' or 'GIL이란 무엇인가요? GIL은…' → (question, answer)."""
    match = _INLINE_ANSWER.search(text)
    if match and match.start() > 3:
        return text[: match.start()].strip(), text[match.end() :].strip()
    sentences = SENTENCE_SPLIT.split(text)
    for index, sentence in enumerate(sentences[:-1]):
        if asks(sentence):
            rest = " ".join(sentences[index + 1 :]).strip()
            if len(rest) >= 10:
                return " ".join(sentences[: index + 1]).strip(), rest
            break
    return text, ""


# Importance marks curators add to a question: "\*\*\*", "⭐⭐", "(중요)", "[필수]".
_IMPORTANCE_AFTER = re.compile(
    r"(?:\s*(?:\\?\*){2,}|\s*[⭐★☆]+|\s*[(\[][⭐★☆*]+[)\]]|\s*[(\[](?:중요|필수|빈출|자주\s*나옴|important)[)\]])+\s*$",
    re.IGNORECASE,
)
_IMPORTANCE_BEFORE = re.compile(r"^(?:[(\[](?:중요|필수|빈출|important)[)\]]\s*)+", re.IGNORECASE)
# Markers sit at the very end of a line: searching only its tail keeps a long line of
# "** ** **" from costing seconds (the trailing pattern backtracks at every position).
_IMPORTANCE_TAIL = 80


def strip_importance(text: str) -> str:
    """ "GIL이란? ⭐⭐", "(중요) GIL이란?", "GIL이란? **" → "GIL이란?"."""
    text = _IMPORTANCE_BEFORE.sub("", text.strip())
    cut = max(0, len(text) - _IMPORTANCE_TAIL)
    return (text[:cut] + _IMPORTANCE_AFTER.sub("", text[cut:])).strip()


def clean_question(text: str) -> str:
    text = strip_importance(text)
    return strip_emphasis(text).replace("\\*", "*").strip()


def strip_emphasis(text: str) -> str:
    match = WRAPPING_EMPHASIS.match(text)
    return match.group(2).strip() if match else text


def is_question_sentence(text: str, *, has_current: bool, has_answer: bool) -> bool:
    """A bare line that asks starts a question unless it reads as part of an answer."""
    if len(text) > MAX_QUESTION_LENGTH:
        return False
    sentences = [s for s in SENTENCE_SPLIT.split(text) if s.strip()]
    if has_current and _RHETORICAL_START.match(sentences[-1].strip()):
        return False
    if len(sentences) == 1:
        return True
    # "Context. Question?" is a question only where an answer could have ended, and when
    # the context is short; a paragraph that ends by asking belongs to the answer.
    if len(sentences) > 2 or (has_current and not has_answer):
        return False
    return len(sentences[0]) <= 80
