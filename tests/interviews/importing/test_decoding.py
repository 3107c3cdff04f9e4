"""Encodings Korean files arrive in, recognised without a flag."""

import codecs

import pytest

from interviews.importing import ImportFileError, read_records
from interviews.importing.decoding import decode_text

CSV = "질문,답변\n인덱스란 무엇인가요?,검색을 빠르게 하는 자료구조입니다.\n"
NOTES = (
    "## 운영체제\n\nQ. 교착 상태의 조건을 설명해 주세요.\n"
    "상호 배제, 점유 대기, 비선점, 순환 대기입니다.\n"
)


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode("cp949"),
        CSV.encode("euc-kr"),
        codecs.BOM_UTF8 + CSV.encode("utf-8"),
        CSV.encode("utf-8"),
        CSV.encode("utf-16"),  # with a BOM, as Excel writes it
        codecs.BOM_UTF16_BE + CSV.encode("utf-16-be"),
        CSV.encode("utf-16-le"),  # no BOM
        CSV.encode("utf-16-be"),
        CSV.encode("utf-32"),
    ],
    ids=[
        "cp949",
        "euc-kr",
        "utf-8-bom",
        "utf-8",
        "utf-16",
        "utf-16-be-bom",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
    ],
)
def test_csv_encodings_are_detected(data):
    _, records = read_records(data, filename="bank.csv")

    assert [(r.text, r.model_answer) for r in records] == [
        ("인덱스란 무엇인가요?", "검색을 빠르게 하는 자료구조입니다.")
    ]


def test_cp949_only_characters_are_read():
    # "똠" and "햏" exist in CP949 (Unified Hangul Code) but not in plain EUC-KR.
    data = "질문,답변\n똠양꿍 햏 테스트란?,UHC 확장 글자입니다.\n".encode("cp949")

    _, records = read_records(data, filename="bank.csv")

    assert records[0].text == "똠양꿍 햏 테스트란?"


def test_cp949_markdown_notes_and_windows_line_ends():
    data = NOTES.replace("\n", "\r\n").encode("cp949")

    _, records = read_records(data, filename="notes.md")

    assert [r.text for r in records] == ["교착 상태의 조건을 설명해 주세요."]
    assert records[0].model_answer == "상호 배제, 점유 대기, 비선점, 순환 대기입니다."


def test_excel_unicode_text_export_is_read_as_a_table():
    # Excel "Unicode text": UTF-16 with a BOM, tab-separated, saved as .txt.
    text = "질문\t답변\t난이도\r\nTCP와 UDP의 차이점은?\t연결 지향 여부입니다.\t신입\r\n"
    kind, records = read_records(text.encode("utf-16"), filename="export.txt")

    assert kind == "tsv"
    assert (records[0].text, records[0].model_answer, records[0].difficulty) == (
        "TCP와 UDP의 차이점은?",
        "연결 지향 여부입니다.",
        "신입",
    )


def test_utf16_notes_without_a_bom():
    _, records = read_records(NOTES.encode("utf-16-le"), filename="notes.txt")

    assert [r.text for r in records] == ["교착 상태의 조건을 설명해 주세요."]


def test_an_explicit_encoding_still_wins():
    assert decode_text("인덱스".encode("cp949"), encoding="cp949") == "인덱스"
    assert decode_text(codecs.BOM_UTF8 + b"abc", encoding="utf-8") == "abc"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Latin-1 French: not UTF-8, and as CP949 it would not read as Korean.
        ("Qu'est-ce qu'un café à Orléans? Très égal, déjà élevé.".encode("latin-1"), "line 1"),
        (b"question,answer\nok,fine\n\xff\xfe\xfd\xfc\x80\x81\n", "line 3"),
        # Mojibake-prone: Shift-JIS Japanese is neither UTF-8 nor Korean.
        ("質問,回答\nインデックスとは,検索を速くする\n".encode("shift_jis"), "not recognised"),
    ],
)
def test_undecodable_files_are_refused_with_where(data, expected):
    with pytest.raises(ImportFileError) as caught:
        read_records(data, filename="bank.csv")

    assert "not recognised" in str(caught.value)
    assert expected in str(caught.value)


def test_binary_data_is_not_text():
    with pytest.raises(ImportFileError) as caught:
        read_records(b"hello\n\x00\x01\x02\x03\x04 world", filename="notes.txt")

    assert "not text" in str(caught.value)


def test_wrong_explicit_encoding_is_refused():
    with pytest.raises(ImportFileError) as caught:
        decode_text("인덱스".encode("cp949"), encoding="utf-8")

    assert "not valid UTF-8" in str(caught.value)
