"""CSV, JSON and JSONL files, and files too broken to read."""

import io
import json
import zipfile

import pytest

from interviews.importing import ImportFileError, read_records
from interviews.importing import errors as import_errors


def test_csv_with_korean_headers_key_points_and_synonyms():
    text = (
        "번호,질문,모범답안,핵심 키워드,트랙,난이도,꼬리질문,메모\n"
        '1,GIL이란?,"한 번에 한 스레드만 실행합니다.","전역 락 | global lock, 락; CPU 바운드",'
        "python,주니어,멀티프로세싱은?,x\n"
        ",,,,,,,\n"
        '2,"여러 줄\n질문",답,,python,senior,,\n'
    )
    kind, records = read_records(text.encode("utf-8-sig"), filename="bank.csv")

    assert kind == "csv"
    first, second = records
    assert first.text == "GIL이란?"
    assert first.key_points == [("전역 락", ["global lock", "락"]), ("CPU 바운드", [])]
    assert first.follow_ups == ["멀티프로세싱은?"]
    assert (first.track, first.difficulty, first.location) == ("python", "주니어", "line 2")
    assert second.text == "여러 줄\n질문" and second.location == "line 4"
    assert any("메모" in w and "번호" in w for w in first.warnings)


def test_semicolon_csv_is_sniffed():
    text = "question;answer;track\nWhat is REST?;An architectural style;web-backend\n"
    _, records = read_records(text.encode(), filename="x.csv")

    assert (records[0].text, records[0].model_answer) == ("What is REST?", "An architectural style")


def test_starter_bank_json_format():
    data = {
        "questions": [
            {
                "external_id": "en-x-1",
                "track": "python",
                "topic": "python-basics",
                "language": "en",
                "difficulty": "mid",
                "question": "What is a closure?",
                "model_answer": "A function that remembers its enclosing scope.",
                "key_points": [{"text": "remembers enclosing scope", "synonyms": ["free vars"]}],
                "follow_ups": ["What is nonlocal for?"],
                "hint": "Think of nested functions.",
                "source": "team",
                "status": "published",
            }
        ]
    }
    _, records = read_records(json.dumps(data).encode(), filename="q.json")

    record = records[0]
    assert record.external_id == "en-x-1" and record.status == "published"
    assert record.key_points == [("remembers enclosing scope", ["free vars"])]
    assert record.follow_ups == ["What is nonlocal for?"]
    assert record.location == "question 1"


def test_jsonl_locations_are_lines():
    text = '{"question": "A?", "answer": "a"}\n\n{"text": "B?", "key_points": ["b", "c"]}\n'
    _, records = read_records(text.encode(), filename="q.jsonl")

    assert [(r.text, r.location) for r in records] == [("A?", "line 1"), ("B?", "line 3")]
    assert records[1].key_points == [("b", []), ("c", [])]


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("bad.json", b'{"questions": [{"question": "x",}]}', "not valid JSON"),
        ("bad.json", b'{"tracks": []}', "questions"),
        ("bad.jsonl", b'{"question": "a"}\n{broken\n', "Line 2"),
        ("bad.csv", "이름,내용\n가,나\n".encode(), "no question column"),
        ("sjis.csv", "質問,回答\nインデックスとは,検索\n".encode("shift_jis"), "not recognised"),
        ("empty.md", b"   \n", "empty"),
        ("nothing.md", "# 제목만\n\n----\n".encode(), "No questions"),
        ("binary.txt", b"\x00\x01\x02\x03 hello", "not text"),
        ("notes.docx", b"PK\x03\x04 not really a zip", "could not be opened"),
        ("notes.doc", b"\xd0\xcf\x11\xe0", "Unsupported file type"),
    ],
)
def test_broken_files_raise_a_clear_error(filename, data, expected):
    with pytest.raises(ImportFileError) as caught:
        read_records(data, filename=filename)

    assert expected in str(caught.value)


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")

    with pytest.raises(ImportFileError) as caught:
        read_records(buffer.getvalue(), filename="fake.docx")

    assert str(caught.value) == str(import_errors.BAD_DOCX)


def test_explicit_encoding_reads_cp949():
    data = "질문,답변\n인덱스란?,검색 구조\n".encode("cp949")

    _, records = read_records(data, filename="cp949.csv", encoding="cp949")

    assert records[0].text == "인덱스란?"
