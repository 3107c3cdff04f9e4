"""Lines that carry nothing for the bank: links, reference labels, page numbers, rules."""

import re
import unicodedata

from interviews.importing.asking import SENTENCE_END

_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>()]+>?|\[[^\]]*\]\([^)]*\)", re.IGNORECASE)
_REFERENCE_LABELS = (
    r"(?:참고|참조|출처|레퍼런스|references?|ref|sources?|see\s+also|링크|links?|관련\s*링크"
    r"|참고\s*(?:자료|문서|링크|사이트|블로그|글)|더\s*읽을\s*거리|further\s+reading|reading)"
)
# "참고:", "출처 -", "[출처] …", "참고 자료" — not "참조 카운팅은 …".
_REFERENCE_LABEL = re.compile(
    rf"^(?:[\[(<]{_REFERENCE_LABELS}\s*\d*\s*[\])>]"
    rf"|{_REFERENCE_LABELS}\s*\d*\s*(?:[:)\]\-\u2013]|$))",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^[-\u2013—(\[]?\s*(?:p\.?|pg\.?|page|페이지)?\s*\d{1,4}\s*(?:(?:/|of)\s*\d{1,4})?\s*"
    r"(?:쪽|페이지|p)?\s*[-\u2013—)\]]?\.?$",
    re.IGNORECASE,
)
_DATE = r"\d{2,4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*[.일]?"
# A date alone, or with what happened on it ("2023.11.25 추가분").
_DATE_LINE = re.compile(
    rf"^{_DATE}\s*(?:(?:추가분?|추가\s*내용|업데이트|수정|기준|작성|정리|updated?|added|edited)"
    r"\s*[.:)]?)?$",
    re.I,
)
_CONTENTS_TITLE = re.compile(
    r"^[#\s*_\[(]*(?:목차|차례|table\s+of\s+contents|contents|toc|질문\s*목록"
    r"|question\s+list)[\s*_\])]*:?$",
    re.IGNORECASE,
)
_JUNK_WORDS = re.compile(
    r"^(?:\(계속\)|\(continued\)|continued|계속"
    r"|copyright.*|©.*|all\s+rights\s+reserved.*|<br\s*/?>|<!--.*-->|!\[[^\]]*\]\([^)]*\))$",
    re.IGNORECASE,
)
# Placeholders for an answer still to write: "(추가 예정)", "TODO", "작성 중…".
_PLACEHOLDER = re.compile(
    r"^[\s(\[<{]*(?:(?:내용\s*|답변\s*|설명\s*)?(?:추가|작성|보충|업데이트|정리|수정)\s*(?:예정|중|필요)"
    r"|to\s*do|tbd|tba|wip|coming\s+soon|work\s+in\s+progress|빈칸|미작성|작성\s*전)"
    r"[\s.…!)\]>}]*$",
    re.IGNORECASE,
)

# Notes to self ("TODO: OSI 7 layer 정리 추가") and stamps ("last updated: 2024-06-02",
# "작성: 백엔드 3기 스터디 / 최종 수정 2024.05.12"): about the notes, not their content.
_NOTE_TO_SELF = re.compile(r"^[\[(]?\s*(?:todo|fixme|xxx|할\s*일)\s*[\])]?\s*[:\uff1a\-]", re.I)
# The end marker alone ("--- 끝 ---"), or followed by a closing remark with a link
# ("끝. 질문은 노션에 → https://…"); "끝. 이렇게 하면 교착 상태가 풀립니다." is content.
_THE_END = re.compile(
    r"^[-=*~_#\s]*(?:끝|the\s+end|end|fin)"
    r"(?:[-=*~_#\s.!]*$|\s*[.!]+\s+.*(?:https?://|www\.))",
    re.I,
)
_STAMP = re.compile(
    r"^(?:last\s+(?:updated|modified|edited)|updated|modified|작성(?:일|자)?|최종\s*수정(?:일)?"
    r"|수정(?:일)?|업데이트)\b.{0,40}?\d{2,4}\s*[.\-/년]\s*\d{1,2}(?:\s*[.\-/월]\s*\d{1,2}\s*[.일]?)?"
    r"\s*$",
    re.I,
)


def only_symbols(text: str) -> bool:
    """Emoji rows, rules ("----", "* * *") and stray punctuation carry no text."""
    return all(unicodedata.category(ch)[0] in "SPZM" or ch.isspace() for ch in text)


def is_junk(text: str) -> bool:
    stripped = text.strip()
    if not stripped or only_symbols(stripped):
        return True
    if (
        _PAGE_NUMBER.match(stripped)
        or _DATE_LINE.match(stripped)
        or _JUNK_WORDS.match(stripped)
        or _PLACEHOLDER.match(stripped)
        or _NOTE_TO_SELF.match(stripped)
        or _STAMP.match(stripped)
        or _THE_END.match(stripped)
        or is_contents_title(stripped)
    ):
        return True
    without_urls = _URL.sub(" ", stripped)
    has_url = without_urls != stripped
    label = _REFERENCE_LABEL.match(stripped)
    if label:
        rest = _URL.sub(" ", stripped[label.end() :]).strip(" -\u2013:()[]<>\"'")
        # "참고: https://…" or "참고 자료" are junk; "참고: GIL은 CPython에만 있다." is content.
        if has_url or (len(rest) <= 40 and not SENTENCE_END.search(rest)):
            return True
    if has_url:
        rest = without_urls.strip(" -\u2013:()[]<>\"'|·•,")
        if not rest or only_symbols(rest) or len(rest) <= 25:
            return True
    return False


def is_contents_title(text: str) -> bool:
    """ "목차", "## Contents", "[TOC]": a table of contents follows."""
    return bool(_CONTENTS_TITLE.match(text.strip()))


def is_break(text: str) -> bool:
    """A rule ("----", "* * *", "====") or a page number: the notes move on here."""
    stripped = text.strip()
    return bool(_PAGE_NUMBER.match(stripped)) or (
        only_symbols(stripped) and len(stripped.replace(" ", "")) >= 3
    )
