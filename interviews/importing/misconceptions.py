"""Misconceptions written in notes: "흔한 실수", "오답", "주의", "Common mistakes", "Pitfalls".

A section of mistakes lists wrong claims, often with the truth after an arrow
("is는 값을 비교한다 → is는 같은 객체인지 비교한다"). A warnings section ("주의",
"Pitfalls") mostly gives advice ("숫자 비교에 is를 쓰지 말 것"), which is true and must
never become a misconception a correct answer could match: there only items marked
wrong (❌, "X", "오답:") or written as wrong → right are taken.
"""

import re

from interviews.importing.asking import strip_emphasis
from interviews.importing.normalise import clean

MISTAKES = "mistakes"
WARNINGS = "warnings"

_MISTAKE_TITLES = (
    r"흔한\s*(?:실수|오해|오답|착각)(?:\s*들)?",
    r"자주\s*(?:하는|나오는|틀리는)\s*(?:실수|오해|오답)",
    r"잘못된\s*(?:답변|답|생각|이해|설명)",
    r"오답(?:\s*노트|\s*예시)?",
    r"오해",
    r"틀린\s*(?:답|답변|설명)",
    r"common\s+(?:mistakes?|misconceptions?|errors?|wrong\s+answers?)",
    r"misconceptions?",
    r"wrong\s+answers?",
    r"mistakes?\s+to\s+avoid",
)
_WARNING_TITLES = (
    r"주의(?:\s*사항|\s*할\s*점|\s*점)?",
    r"함정",
    r"pitfalls?",
    r"gotchas?",
    r"caveats?",
    r"watch\s+out",
)
_TITLE = re.compile(
    r"^[\W_]*(?:(?P<mistakes>" + "|".join(_MISTAKE_TITLES) + r")"
    r"|(?P<warnings>" + "|".join(_WARNING_TITLES) + r"))"
    r"\s*(?:[:：\-\u2013\u2014]\s*(?P<rest>.*)|\s*$)",  # noqa: RUF001 - full-width colon
    re.IGNORECASE,
)
# "❌ …", "(X) …", "X: …", "오답: …", "Wrong: …"
_WRONG_MARK = re.compile(
    r"^(?:[❌✗✘\u00d7🚫]\ufe0f?\s*|\(\s*[xX✗]\s*\)\s*|[xX]\s*[:.)]\s+"
    r"|(?:오답|틀린\s*(?:답|말)|잘못된\s*(?:답|말)|wrong|myth|incorrect)\s*[:：]\s*)",  # noqa: RUF001
    re.IGNORECASE,
)
_WRONG_TAIL = re.compile(r"\s*(?:\(\s*[xX✗]\s*\)|[❌✗✘]\ufe0f?|\(틀림\)|\(오답\))\s*$")
# The truth after the wrong claim.
_TRUTH = re.compile(
    r"\s*(?:→|->|=>|⇒|➡️?|👉)\s*"
    r"|\s*[(\[]?(?:⭕|✅|⭘|\(\s*[oO]\s*\))\s*"
    r"|\s+[-\u2013\u2014]\s+(?=(?:실제로는|사실은|정답|올바른|correct|actually|in fact|truth))"
    r"|[.;,]?\s*(?:실제로는|사실은|정답\s*[:：]|올바른\s*(?:답|설명)\s*[:：]|바른\s*답\s*[:：]"  # noqa: RUF001
    r"|correct(?:ion)?\s*[:：]|actually[,:]|in fact[,:]|truth\s*[:：]|right\s*[:：])\s*",  # noqa: RUF001
    re.IGNORECASE,
)
_QUOTES = "\"'\u201c\u201d\u2018\u2019「」『』"
MAX_TEXT = 300


def section_title(text: str) -> tuple[str, str] | None:
    """(kind, text after the title) when a line opens a misconception section."""
    match = _TITLE.match(strip_emphasis(clean(text)))
    if match is None:
        return None
    kind = MISTAKES if match.group("mistakes") else WARNINGS
    return kind, clean(match.group("rest") or "")


def is_marked_wrong(text: str) -> bool:
    """An item written as wrong: ❌ / (X) / "오답:" or "wrong → right"."""
    text = clean(text)
    return bool(_WRONG_MARK.match(text) or _WRONG_TAIL.search(text) or _TRUTH.search(text))


def misconception_item(text: str, kind: str) -> tuple[str, str] | None:
    """(wrong claim, correction) for one item of a section, or None if it is not one."""
    text = strip_emphasis(clean(text))
    if kind == WARNINGS and not (_WRONG_MARK.match(text) or _WRONG_TAIL.search(text)):
        # Advice, not a wrong claim, even with an arrow ("Never compare with is -> use ==").
        return None
    text = _WRONG_MARK.sub("", text, count=1)
    parts = _TRUTH.split(text, maxsplit=1)
    wrong = _WRONG_TAIL.sub("", parts[0]).strip(_QUOTES + " .")
    correction = parts[1].strip(_QUOTES + " ") if len(parts) > 1 else ""
    correction = re.sub(r"^(?:정답|correct(?:ion)?)\s*[:：]\s*", "", correction, flags=re.I)  # noqa: RUF001
    if len(wrong) < 4 or not re.search(r"\w", wrong):
        return None
    return wrong[:MAX_TEXT], correction[:MAX_TEXT]
