"""CSV and JSON / JSONL question files: one record per row or object."""

import contextlib
import csv
import io
import json
import re

from interviews.importing import errors
from interviews.importing.errors import ImportFileError
from interviews.importing.limits import ImportLimits
from interviews.importing.misconceptions import MISTAKES, WARNINGS, misconception_item
from interviews.importing.normalise import clean, split_list, split_synonyms
from interviews.importing.records import QuestionRecord

# Column / key names as curators write them, in English or Korean. Compared after
# casefolding and dropping spaces, underscores and hyphens ("Model answer" == "model_answer").
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("question", "questiontext", "text", "q", "질문", "문제", "문항", "면접질문"),
    "model_answer": (
        "modelanswer",
        "answer",
        "a",
        "sampleanswer",
        "답변",
        "답",
        "정답",
        "모범답안",
        "모범답변",
        "예시답변",
        "해설",
    ),
    "external_id": ("externalid", "id", "extid", "uid", "questionid", "아이디"),
    "track": ("track", "tracks", "트랙", "분야", "과정"),
    "topic": ("topic", "category", "주제", "토픽", "카테고리", "분류"),
    "language": ("language", "lang", "언어"),
    "difficulty": ("difficulty", "level", "난이도", "레벨"),
    "key_points": (
        "keypoints",
        "keypoint",
        "keywords",
        "핵심",
        "핵심포인트",
        "키포인트",
        "키워드",
        "핵심키워드",
        "채점기준",
    ),
    "follow_ups": (
        "followups",
        "followup",
        "followupquestions",
        "꼬리질문",
        "후속질문",
        "추가질문",
    ),
    "misconceptions": (
        "misconceptions",
        "misconception",
        "commonmistakes",
        "mistakes",
        "wronganswers",
        "흔한실수",
        "자주하는실수",
        "오답",
        "오해",
        "흔한오해",
    ),
    # Warnings hold advice as well as wrong claims: only items marked wrong are taken.
    "pitfalls": ("pitfalls", "pitfall", "gotchas", "caveats", "주의", "주의사항", "함정"),
    "hint": ("hint", "hints", "힌트"),
    "source": ("source", "reference", "출처", "참고"),
    "status": ("status", "state", "상태"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
# Top-level keys of a JSON file that give defaults for every question in it.
_FILE_DEFAULTS = ("track", "topic", "language", "difficulty", "status", "source")


def _key(name: object) -> str:
    return re.sub(r"[\s_\-]+", "", clean(name).casefold())


def field_for(name: object) -> str | None:
    return _ALIAS_TO_FIELD.get(_key(name))


def _key_points_from(value: object, record: QuestionRecord) -> list[tuple[str, list[str]]] | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().startswith("["):
        with contextlib.suppress(json.JSONDecodeError):  # not JSON after all: read as text
            value = json.loads(value)
    points: list[tuple[str, list[str]]] = []
    if isinstance(value, str):
        # "text | synonym, synonym" per line or per semicolon.
        for item in split_list(value):
            text, _, synonym_text = item.partition("|")
            if clean(text):
                points.append((clean(text), split_synonyms(synonym_text)))
        return points
    if not isinstance(value, list):
        record.warnings.append("key points are not a list; ignored")
        return None
    for item in value:
        if isinstance(item, dict):
            text = clean(item.get("text") or item.get("point") or item.get("key_point"))
            synonyms = split_synonyms(item.get("synonyms") or item.get("aliases") or [])
        else:
            text, synonyms = clean(item), []
        if text:
            points.append((text, synonyms))
        else:
            record.warnings.append("a key point without text was ignored")
    return points


def _follow_ups_from(value: object, record: QuestionRecord) -> list[str] | None:
    """Texts; a follow-up given as an object may carry its own answer and key points."""
    if value is None or value == "":
        return None
    if not isinstance(value, list):
        return split_list(value)
    items = []
    for item in value:
        if not isinstance(item, dict):
            if clean(item):
                items.append(clean(item))
            continue
        text = clean(item.get("text") or item.get("question"))
        if not text:
            continue
        items.append(text)
        answer = next((item[k] for k in item if field_for(k) == "model_answer"), "")
        if isinstance(answer, str) and clean(answer):
            record.follow_up_answers[text] = clean(answer)
        points = next((item[k] for k in item if field_for(k) == "key_points"), None)
        parsed = _key_points_from(points, record)
        if parsed:
            record.follow_up_key_points[text] = parsed
    return items


def _misconceptions_from(value: object, kind: str) -> list[tuple[str, str]] | None:
    """ "wrong → right" or "wrong | right" items, or objects {text, correction}."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().startswith("["):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    entries = value if isinstance(value, list) else split_list(str(value))
    items = []
    for entry in entries:
        if isinstance(entry, dict):
            text = clean(entry.get("text") or entry.get("misconception") or entry.get("wrong"))
            correction = clean(entry.get("correction") or entry.get("truth") or entry.get("right"))
            if text and (kind == MISTAKES or correction):
                items.append((text, correction))
            continue
        wrong, bar, right = clean(entry).partition("|")
        if bar and clean(wrong) and kind == MISTAKES:
            items.append((clean(wrong), clean(right)))
        elif item := misconception_item(clean(entry), kind):
            items.append(item)
    return items


def record_from_mapping(
    data: dict, *, location: str, defaults: dict | None = None
) -> QuestionRecord:
    values: dict[str, object] = dict(defaults or {})
    for name, value in data.items():
        field = field_for(name)
        if field and value not in (None, ""):
            values[field] = value
    record = QuestionRecord(text=clean(values.get("text")), location=location)
    for name in (
        "model_answer",
        "external_id",
        "track",
        "topic",
        "language",
        "difficulty",
        "hint",
        "source",
        "status",
    ):
        value = values.get(name)
        if isinstance(value, list | dict):
            record.warnings.append(f"“{name}” should be text; ignored")
            continue
        setattr(record, name, clean(value))
    record.key_points = _key_points_from(values.get("key_points"), record)
    record.follow_ups = _follow_ups_from(values.get("follow_ups"), record)
    mistakes = _misconceptions_from(values.get("misconceptions"), MISTAKES)
    warned = _misconceptions_from(values.get("pitfalls"), WARNINGS)
    if mistakes is not None or warned is not None:
        record.misconceptions = (mistakes or []) + (warned or [])
    return record


def read_json(text: str, *, limits: ImportLimits | None = None) -> list[QuestionRecord]:
    limits = limits or ImportLimits.from_settings()
    limits.check_json_depth(text)  # before parsing: json.loads recurses per level
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            str(errors.BAD_JSON % {"error": exc.msg, "line": exc.lineno, "column": exc.colno})
        ) from exc
    except RecursionError:
        raise ImportFileError(str(errors.JSON_TOO_DEEP)) from None
    defaults: dict = {}
    if isinstance(data, dict):
        if isinstance(data.get("questions"), list):
            defaults = {
                k: data[k] for k in _FILE_DEFAULTS if isinstance(data.get(k), str) and data[k]
            }
            items = data["questions"]
        elif any(field_for(k) == "text" for k in data):
            items = [data]
        else:
            raise ImportFileError(str(errors.JSON_SHAPE % {"found": _describe(data)}))
    elif isinstance(data, list):
        items = data
    else:
        raise ImportFileError(str(errors.JSON_SHAPE % {"found": _describe(data)}))
    limits.check_rows(len(items))
    records = []
    for index, item in enumerate(items, start=1):
        location = f"question {index}"
        if not isinstance(item, dict):
            raise ImportFileError(
                str(errors.JSON_ITEM_SHAPE % {"location": location, "found": _describe(item)})
            )
        records.append(record_from_mapping(item, location=location, defaults=defaults))
    return records


def read_jsonl(text: str, *, limits: ImportLimits | None = None) -> list[QuestionRecord]:
    limits = limits or ImportLimits.from_settings()
    lines = text.splitlines()
    limits.check_rows(sum(1 for line in lines if line.strip() and not _comment(line)))
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or _comment(line):
            continue
        limits.check_json_depth(line)
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                str(errors.BAD_JSONL % {"line": number, "error": exc.msg})
            ) from exc
        except RecursionError:
            raise ImportFileError(str(errors.JSON_TOO_DEEP)) from None
        location = f"line {number}"
        if not isinstance(item, dict):
            raise ImportFileError(
                str(errors.JSON_ITEM_SHAPE % {"location": location, "found": _describe(item)})
            )
        records.append(record_from_mapping(item, location=location))
    return records


def _comment(line: str) -> bool:
    return line.lstrip().startswith("//")


def _describe(value: object) -> str:
    if isinstance(value, dict):
        keys = ", ".join(list(map(str, value))[:5])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__.replace("str", "text").replace("NoneType", "null")


def looks_tabular(text: str) -> bool:
    """A tab-separated header naming a question column ("질문\t답변")."""
    for line in text.splitlines():
        if line.strip():
            cells = line.split("\t")
            return len(cells) >= 2 and any(field_for(cell) == "text" for cell in cells)
    return False


def read_csv(
    text: str, *, delimiter: str | None = None, limits: ImportLimits | None = None
) -> list[QuestionRecord]:
    """Rows past the row limit are never turned into records: the file is refused there."""
    limits = limits or ImportLimits.from_settings()
    if delimiter is None:
        first_line = text.lstrip().splitlines()[0] if text.strip() else ""
        counts = {d: first_line.count(d) for d in (",", "\t", ";")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header: list[str] | None = None
        header_line = 0
        while header is None:
            row = next(reader, None)
            if row is None:
                raise ImportFileError(str(errors.CSV_NO_HEADER))
            if any(cell.strip() for cell in row):
                header, header_line = row, reader.line_num
        fields = [field_for(name) for name in header]
        if "text" not in fields:
            raise ImportFileError(
                str(
                    errors.CSV_NO_QUESTION_COLUMN
                    % {
                        "expected": "question, text, 질문",
                        "found": ", ".join(h.strip() for h in header if h.strip()) or "-",
                    }
                )
            )
        ignored = [h.strip() for h, f in zip(header, fields, strict=True) if not f and h.strip()]
        records: list[QuestionRecord] = []
        start = reader.line_num + 1
        for row in reader:
            location = f"line {start}"
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            limits.check_rows(len(records) + 1)
            mapping = {h: v for h, v in zip(header, row, strict=False)}
            record = record_from_mapping(mapping, location=location)
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                record.warnings.append(
                    "the row has more cells than the header; extra cells ignored"
                )
            records.append(record)
    except csv.Error as exc:
        raise ImportFileError(
            str(errors.CSV_BROKEN % {"error": exc, "line": reader.line_num})
        ) from exc
    if ignored and records:
        records[0].warnings.append(f"columns ignored (line {header_line}): " + ", ".join(ignored))
    return records
