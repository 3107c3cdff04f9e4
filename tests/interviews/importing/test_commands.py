"""import_questions and load_starter_bank, as run from a shell."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interviews.models import InterviewerPersona, PersonaVersion, Question, Topic, Track
from interviews.services.bank import STARTER_BANK_DIR

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_questions_reports_counts_and_problems(tmp_path, python_track, messy_docx):
    path = tmp_path / "notes.docx"
    path.write_bytes(messy_docx)

    out, _ = _run("import_questions", str(path), "--track", "python")
    assert "created 6, updated 0, skipped 0" in out
    out, _ = _run("import_questions", str(path), "--track", "python")
    assert "created 0, updated 6, skipped 0" in out
    assert Question.objects.count() == 6


def test_import_questions_dry_run(tmp_path, python_track):
    path = tmp_path / "q.csv"
    path.write_text("question,answer\nWhat is REST?,A style\nOrphan?,x\n", encoding="utf-8")

    out, _ = _run("import_questions", str(path), "--track", "python", "--dry-run")

    assert "created 2" in out and "dry run" in out
    assert "line 2: created: What is REST?" in out
    assert Question.objects.count() == 0


def test_import_questions_skips_with_line_numbers(tmp_path, python_track):
    path = tmp_path / "q.csv"
    path.write_text("question,track\nA?,python\nB?,\n", encoding="utf-8")

    out, _ = _run("import_questions", str(path))

    assert "line 3: skipped: no track" in out
    assert "created 1, updated 0, skipped 1" in out


def test_progress_bar_on_large_files_goes_to_stderr(tmp_path, python_track, capsys):
    rows = "\n".join(f"Question {i}?,Answer {i}." for i in range(40))
    path = tmp_path / "big.csv"
    path.write_text("question,answer\n" + rows + "\n", encoding="utf-8")

    out, _ = _run("import_questions", str(path), "--track", "python", "--language", "en")

    assert "created 40" in out
    assert "Importing big.csv" in capsys.readouterr().err
    assert Question.objects.filter(language="en").count() == 40


def test_import_questions_reads_a_cp949_csv_without_a_flag(tmp_path, python_track):
    path = tmp_path / "excel.csv"
    path.write_bytes("질문,답변\n인덱스란?,검색을 빠르게 하는 자료구조입니다.\n".encode("cp949"))

    out, _ = _run("import_questions", str(path), "--track", "python")

    assert "created 1" in out
    assert Question.objects.get().text == "인덱스란?"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.json", b"{nope", "bad.json: The file is not valid JSON"),
        ("bad.docx", b"garbage", "could not be opened"),
        ("bad.csv", b"title,body\nx,y\n", "no question column"),
        ("bad.csv", "質問\nインデックス\n".encode("shift_jis"), "encoding was not recognised"),
    ],
)
def test_import_questions_broken_file_is_a_command_error(
    tmp_path, python_track, name, data, message
):
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(CommandError, match=message):
        _run("import_questions", str(path), "--track", "python")
    assert Question.objects.count() == 0


def test_import_questions_missing_file(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        _run("import_questions", str(tmp_path / "nope.csv"))


def _starter_expectations():
    questions = []
    for path in sorted(STARTER_BANK_DIR.glob("questions_*.json")):
        questions += json.loads(path.read_text(encoding="utf-8"))["questions"]
    tracks = json.loads((STARTER_BANK_DIR / "tracks.json").read_text(encoding="utf-8"))["tracks"]
    return questions, tracks


def test_load_starter_bank_loads_everything_published_and_is_idempotent():
    questions, tracks = _starter_expectations()

    out, _ = _run("load_starter_bank")

    assert Question.objects.count() == len(questions)
    assert Question.objects.filter(status="published").count() == len(questions)
    assert Track.objects.count() == len(tracks) == 5
    assert Topic.objects.count() == sum(len(t["topics"]) for t in tracks)
    assert set(Question.objects.values_list("track__slug", flat=True)) == {
        t["slug"] for t in tracks
    }
    assert f"questions created {len(questions)}" in out
    if (STARTER_BANK_DIR / "questions_ko.json").exists():
        assert len(questions) >= 80
        assert Question.objects.filter(language="ko").exists()
    persona = InterviewerPersona.objects.get()
    assert persona.is_active and PersonaVersion.objects.filter(persona=persona).count() == 1

    out, _ = _run("load_starter_bank")

    assert f"created 0, updated {len(questions)}" in out
    assert Question.objects.count() == len(questions)
    assert InterviewerPersona.objects.count() == 1


def test_load_starter_bank_if_empty_skips_when_questions_exist(python_track):
    Question.objects.create(track=python_track, text="x?", language="en", external_id="x")

    out, _ = _run("load_starter_bank", "--if-empty")

    assert "nothing loaded" in out
    assert Question.objects.count() == 1


def test_import_questions_fails_when_every_question_was_skipped(tmp_path, python_track):
    path = tmp_path / "q.csv"
    path.write_text("question,track\nA?,\nB?,\n", encoding="utf-8")

    with pytest.raises(CommandError, match="every question was skipped"):
        _run("import_questions", str(path))

    assert Question.objects.count() == 0


def test_import_questions_says_how_many_need_a_look(tmp_path, python_track):
    path = tmp_path / "notes.md"
    path.write_text(
        "## GIL이란 무엇인가요?\n\nGIL은 한 번에 한 스레드만 바이트코드를 실행하게 하는 락입니다."
        " CPU 작업은 멀티프로세싱으로 병렬화합니다.\n\n흔한 실수:\n- GIL은 I/O도 막는다 →"
        " I/O 대기 중에는 GIL이 풀린다\n",
        encoding="utf-8",
    )

    out, _ = _run("import_questions", str(path), "--track", "python")

    assert "1 misconceptions read" in out
    assert "1 need a look before publishing" in out
