"""Each import limit refuses its file with a clear message, before the work it bounds,
and writes nothing."""

import io
import json
import struct
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from interviews.importing import ImportFileError, notes, read_records, structured
from interviews.importing import errors as import_errors
from interviews.models import Question
from interviews.services.bank import questions_import
from tests.interviews.importing.conftest import MESSY_NOTES, build_docx

MB = 1024 * 1024


def _message(template, **values) -> str:
    return str(template % values)


def _with_part(docx: bytes, name: str, content: bytes) -> bytes:
    """The .docx with one more part (deflated: zeros shrink a thousandfold)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr(name, content)
    return out.getvalue()


def _declaring(archive: bytes, name: str, size: int) -> bytes:
    """The archive with `name`'s uncompressed size rewritten to `size` in the central
    directory and the local header: a crafted archive that looks small."""
    data = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        entry = source.getinfo(name)
    struct.pack_into("<I", data, entry.header_offset + 22, size)  # local header
    encoded = name.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length] == encoded:
            struct.pack_into("<I", data, position + 24, size)
            break
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def test_a_small_docx_with_a_huge_zero_filled_part_is_refused_unread(python_track):
    bomb = _with_part(build_docx(MESSY_NOTES), "word/media/zeros.bin", bytes(64 * MB))
    assert len(bomb) < 200 * 1024  # what the upload weighs

    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as refused:
            questions_import(data=bomb, filename="notes.docx", track_slug="python")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(refused.value) == _message(
        import_errors.DOCX_PART_TOO_LARGE, part="word/media/zeros.bin", limit="20.0\xa0MB"
    )
    assert peak < 16 * MB  # the 64 MB part was never unpacked
    assert not Question.objects.exists()


def test_a_docx_whose_declared_sizes_lie_is_refused_without_unpacking_the_truth(python_track):
    honest = _with_part(build_docx(MESSY_NOTES), "word/media/zeros.bin", bytes(64 * MB))
    lying = _declaring(honest, "word/media/zeros.bin", 100)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("word/media/zeros.bin").file_size == 100

    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as refused:
            questions_import(data=lying, filename="notes.docx", track_slug="python")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(refused.value) == _message(
        import_errors.DOCX_DAMAGED_PART, part="word/media/zeros.bin"
    )
    assert peak < 16 * MB
    assert not Question.objects.exists()


def test_parts_each_under_the_cap_but_too_large_together_are_refused(settings):
    settings.IMPORT_MAX_DOCX_PART_BYTES = 1 * MB
    settings.IMPORT_MAX_DOCX_TOTAL_BYTES = 2 * MB
    docx = build_docx(MESSY_NOTES)
    for number in range(3):
        docx = _with_part(docx, f"word/media/part{number}.bin", bytes(900 * 1024))

    with pytest.raises(ImportFileError) as refused:
        read_records(docx, filename="notes.docx")

    assert str(refused.value) == _message(import_errors.DOCX_TOO_LARGE_UNPACKED, limit="2.0\xa0MB")


def test_a_docx_of_too_many_parts_is_refused(settings):
    settings.IMPORT_MAX_DOCX_ENTRIES = 30
    docx = build_docx(MESSY_NOTES)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        for number in range(31 - len(source.infolist())):
            target.writestr(f"customXml/extra{number}.xml", b"<x/>")

    with pytest.raises(ImportFileError) as refused:
        read_records(out.getvalue(), filename="notes.docx")

    assert str(refused.value) == _message(import_errors.DOCX_TOO_MANY_PARTS, count=31, limit=30)


def test_an_ordinary_docx_passes_every_limit():
    _kind, records = read_records(build_docx(MESSY_NOTES), filename="notes.docx")
    assert len(records) == 6


def test_a_csv_over_the_row_cap_is_refused_where_the_cap_is_passed(
    settings, monkeypatch, python_track
):
    settings.IMPORT_MAX_ROWS = 50
    header = "question,answer\n"
    rows = "".join(f"What is thing {n}?,It is a thing.\n" for n in range(51))
    built = []
    real = structured.record_from_mapping
    monkeypatch.setattr(
        structured,
        "record_from_mapping",
        lambda *args, **kwargs: built.append(1) or real(*args, **kwargs),
    )

    with pytest.raises(ImportFileError) as refused:
        questions_import(data=(header + rows).encode(), filename="bank.csv", track_slug="python")

    assert str(refused.value) == _message(import_errors.TOO_MANY_ROWS, limit=50)
    assert len(built) == 50  # the 51st row was never read into a record
    assert not Question.objects.exists()

    built.clear()
    report = questions_import(
        data=(header + rows.split("\n", 1)[1]).encode(), filename="bank.csv", track_slug="python"
    )
    assert report.created == 50


def test_json_and_jsonl_over_the_row_cap_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    items = [{"question": f"Q{n}?"} for n in range(4)]

    for data, filename in [
        (json.dumps(items), "bank.json"),
        ("\n".join(json.dumps(item) for item in items), "bank.jsonl"),
    ]:
        with pytest.raises(ImportFileError, match="more than 3 rows"):
            read_records(data.encode(), filename=filename)


def test_over_deep_json_is_refused_before_it_is_parsed(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("json.loads ran on a file over the depth limit")

    monkeypatch.setattr(structured.json, "loads", never)
    hint: list = []
    for _ in range(20):
        hint = [hint]
    deep = {"questions": [{"question": "Deep?", "hint": hint}]}  # 24 levels; 22 in the item alone

    with pytest.raises(ImportFileError) as refused:
        read_records(json.dumps(deep).encode(), filename="deep.json")
    assert str(refused.value) == str(import_errors.JSON_TOO_DEEP)

    with pytest.raises(ImportFileError, match="nested too deeply"):
        read_records(json.dumps(deep["questions"][0]).encode(), filename="deep.jsonl")


def test_brackets_inside_json_strings_do_not_count_as_depth():
    text = "What does " + "[" * 40 + " mean? \\" + '" ' + "{" * 40
    data = json.dumps([{"question": text, "answer": "Brackets."}]).encode()

    _kind, records = read_records(data, filename="brackets.json")

    assert records[0].text == text


def test_notes_with_too_many_paragraphs_are_refused_before_the_walk(settings, monkeypatch):
    settings.IMPORT_MAX_PARAGRAPHS = 30

    def never(*args, **kwargs):
        raise AssertionError("the notes were walked")

    monkeypatch.setattr(notes, "records_from_blocks", never)
    paragraphs = [f"Paragraph {n} of the notes." for n in range(31)]

    with pytest.raises(ImportFileError) as refused:
        read_records(build_docx(paragraphs), filename="notes.docx")
    assert str(refused.value) == _message(import_errors.TOO_MANY_PARAGRAPHS, count=31, limit=30)

    markdown = "\n\n".join(paragraphs).encode()  # blank lines are no paragraphs
    with pytest.raises(ImportFileError) as refused:
        read_records(markdown, filename="notes.md")
    assert str(refused.value) == _message(import_errors.TOO_MANY_PARAGRAPHS, count=31, limit=30)


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    settings, tmp_path, python_track
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    data = b"question,answer\n" + b"What is x?,x.\n" * 80
    assert len(data) > 1000

    with pytest.raises(ImportFileError) as refused:
        questions_import(data=data, filename="bank.csv", track_slug="python")
    assert "over 1000\xa0bytes" in str(refused.value)

    path = tmp_path / "bank.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="files over 1000"):
        call_command("import_questions", str(path), "--track", "python")
    assert not Question.objects.exists()


def test_limit_messages_are_korean_for_a_korean_curator(settings):
    settings.IMPORT_MAX_ROWS = 1
    with translation.override("ko"), pytest.raises(ImportFileError) as refused:
        read_records(b"question\nA?\nB?\n", filename="bank.csv")

    assert "1" in str(refused.value) and "행" in str(refused.value)
