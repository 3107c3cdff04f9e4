"""Builders for messy question files, written the way real notes are."""

import io
import json

import pytest
from docx import Document

from interviews.models import Topic, Track


def build_docx(items: list) -> bytes:
    """items: text (Normal paragraph) or (kind, ...) tuples:
    ("heading", level, text), ("number", text) Word auto-numbering, ("bullet", text),
    ("bold", text), ("table", [[cells], ...]), ("code", text) in a monospace font,
    ("style", style name, text).
    """
    document = Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        kind = item[0]
        if kind == "heading":
            document.add_heading(item[2], level=item[1])
        elif kind == "number":
            document.add_paragraph(item[1], style="List Number")
        elif kind == "bullet":
            document.add_paragraph(item[1], style="List Bullet")
        elif kind == "bold":
            document.add_paragraph().add_run(item[1]).bold = True
        elif kind == "code":
            document.add_paragraph().add_run(item[1]).font.name = "Consolas"
        elif kind == "style":
            document.add_paragraph(item[2], style=item[1])
        elif kind == "table":
            rows = item[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            raise ValueError(kind)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# A bootcamp's notes: mixed markers, links, junk lines, Korean and English.
MESSY_NOTES = [
    ("heading", 1, "백엔드 면접 준비 노트 (2024)"),
    "작성: 3기 수강생 / 마지막 수정 2024.03.02",
    ("heading", 2, "파이썬"),
    "💡 GIL이란 무엇이고, 왜 필요한가요?",
    "GIL(Global Interpreter Lock)은 CPython에서 한 번에 하나의 스레드만 파이썬 바이트코드를 "
    "실행하도록 막는 전역 락입니다.",
    "참조 카운팅 기반의 메모리 관리를 스레드 안전하게 만들기 위해 필요합니다.",
    "그래서 CPU 바운드 작업은 멀티스레딩으로 빨라지지 않고, 멀티프로세싱을 사용해야 합니다.",
    "https://docs.python.org/3/glossary.html#term-global-interpreter-lock",
    "참고: https://realpython.com/python-gil/",
    "🔥🔥🔥",
    "Q: 데코레이터를 설명해주세요.",
    "데코레이터는 함수를 인자로 받아 기능을 덧붙인 새 함수를 반환하는 함수입니다.",
    ("bullet", "로깅, 캐싱, 인증 검사에 자주 씁니다."),
    ("bullet", "functools.wraps로 원래 함수의 이름과 docstring을 유지합니다."),
    "꼬리 질문: 클래스도 데코레이터가 될 수 있나요?",
    "----",
    "- 3 -",
    "1) 리스트와 튜플의 차이",
    "리스트는 가변 객체이고 튜플은 불변 객체입니다.",
    "튜플은 해시 가능하므로 딕셔너리의 키로 쓸 수 있습니다.",
    "2) 파이썬의 메모리 관리 방식은 어떻게 되나요?",
    "파이썬은 참조 카운팅으로 대부분의 객체를 즉시 해제합니다.",
    "1. 참조 카운트가 0이 되면 메모리를 해제합니다.",
    "2. 순환 참조는 세대별 가비지 컬렉터가 처리합니다.",
    "",
    "🙂",
    "제너레이터와 이터레이터의 차이점을 설명해 주세요.",
    "이터레이터는 __next__로 값을 하나씩 꺼내는 객체입니다.",
    "제너레이터는 yield로 이터레이터를 간단히 만드는 함수로, 값을 지연 평가합니다.",
    "[블로그 정리](https://example.com/generators)",
    "What is the difference between a process and a thread?",
    "A process has its own memory space; threads of one process share memory.",
    "Switching between threads is cheaper than switching processes.",
    "12",
]

MESSY_QUESTIONS = [
    "GIL이란 무엇이고, 왜 필요한가요?",
    "데코레이터를 설명해주세요.",
    "리스트와 튜플의 차이",
    "파이썬의 메모리 관리 방식은 어떻게 되나요?",
    "제너레이터와 이터레이터의 차이점을 설명해 주세요.",
    "What is the difference between a process and a thread?",
]


@pytest.fixture
def messy_docx() -> bytes:
    return build_docx(MESSY_NOTES)


@pytest.fixture
def python_track(db) -> Track:
    track = Track.objects.create(slug="python", name="Python", name_ko="파이썬", order=1)
    Topic.objects.create(track=track, slug="python-basics", name="Basics", name_ko="언어 기초")
    return track


@pytest.fixture
def web_track(db) -> Track:
    return Track.objects.create(slug="web-backend", name="Web & backend", name_ko="웹/백엔드")


def starter_style_json(questions: list[dict]) -> bytes:
    return json.dumps({"questions": questions}, ensure_ascii=False).encode("utf-8")
