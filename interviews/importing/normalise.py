"""Field values as files spell them (Korean or English, any case) to the bank's choices."""

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.?!。:;…]+$")

DIFFICULTY_ALIASES = {
    "junior": "junior",
    "jr": "junior",
    "entry": "junior",
    "easy": "junior",
    "beginner": "junior",
    "신입": "junior",
    "주니어": "junior",
    "초급": "junior",
    "하": "junior",
    "쉬움": "junior",
    "mid": "mid",
    "mid-level": "mid",
    "middle": "mid",
    "intermediate": "mid",
    "medium": "mid",
    "중급": "mid",
    "미드": "mid",
    "중": "mid",
    "보통": "mid",
    "senior": "senior",
    "sr": "senior",
    "hard": "senior",
    "advanced": "senior",
    "expert": "senior",
    "시니어": "senior",
    "고급": "senior",
    "상": "senior",
    "어려움": "senior",
}
STATUS_ALIASES = {
    "draft": "draft",
    "초안": "draft",
    "published": "published",
    "publish": "published",
    "public": "published",
    "live": "published",
    "공개": "published",
    "게시": "published",
    "retired": "retired",
    "retire": "retired",
    "archived": "retired",
    "보관": "retired",
    "폐기": "retired",
}
LANGUAGE_ALIASES = {
    "ko": "ko",
    "kr": "ko",
    "kor": "ko",
    "korean": "ko",
    "한국어": "ko",
    "한글": "ko",
    "en": "en",
    "eng": "en",
    "english": "en",
    "영어": "en",
}


def clean(value: object) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalise_question_text(text: str) -> str:
    """The identity of a question: case, spacing and end punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.replace("`", "").replace("*", "")
    text = _SPACE.sub(" ", text).strip()
    return _TRAILING.sub("", text)


def hashed_external_id(text: str) -> str:
    digest = hashlib.sha256(normalise_question_text(text).encode("utf-8")).hexdigest()
    return f"imp-{digest[:24]}"


def _lookup(value: str, aliases: dict[str, str]) -> str | None:
    key = clean(value).casefold().replace("_", "-")
    if not key:
        return ""
    return aliases.get(key)


def difficulty_choice(value: str) -> str | None:
    """'' when absent, None when unrecognised, else a Difficulty value."""
    return _lookup(value, DIFFICULTY_ALIASES)


def status_choice(value: str) -> str | None:
    return _lookup(value, STATUS_ALIASES)


def language_choice(value: str) -> str | None:
    return _lookup(value, LANGUAGE_ALIASES)


def split_list(value: object, *, separators: str = r"\n|;") -> list[str]:
    """A list given as a list, JSON-ish text, or text separated by newlines or semicolons."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [clean(v) for v in value if clean(v)]
    return [clean(v) for v in re.split(separators, str(value)) if clean(v)]


def split_synonyms(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        items = [clean(v) for v in value]
    else:
        text = unicodedata.normalize("NFKC", str(value or ""))
        items = [clean(v) for v in re.split(r"[,、]|\n", text)]
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
