"""How the notes reader scales: seconds per size for generated notes files.

    .venv/bin/python bench/import_scale.py [--sizes 1000,2000,4000,10000] [--formats md,docx]
                                           [--profile N]

Generates interview notes of N paragraphs the way bootcamp notes are written (headings,
💡 / "Q:" / numbered / bare asking lines, answer paragraphs, bullets, follow-ups, keyword
lines, "흔한 실수" sections, links, rules and page numbers, Korean and English) and times
`read_records` on them: decoding or unzipping, blocks, markers, the table-of-contents
filter and the walk that finds questions, i.e. everything before the database. Drafting
key points (Kiwi, per question) and writing rows are left out: both are per question.
No database is needed. `--profile N` prints the top functions of a cProfile run at size N.
Run it with the default settings' limits lifted (the sizes here exceed none of them).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS_KO = ["프로세스", "스레드", "인덱스", "트랜잭션", "캐시", "가비지 컬렉션", "TCP", "REST"]
TOPICS_EN = ["a process", "a thread", "an index", "a transaction", "a cache", "a socket"]


def _question_group(number: int) -> list[tuple[str, str]]:
    """(kind, text) paragraphs for one question: its marker line, answer, extras."""
    ko = TOPICS_KO[number % len(TOPICS_KO)]
    en = TOPICS_EN[number % len(TOPICS_EN)]
    shape = number % 6
    if shape == 0:
        question = ("plain", f"💡 {ko} {number}번 개념에 대해 설명해주세요.")
    elif shape == 1:
        question = ("plain", f"Q: {ko}와 {number}번 구조의 차이는 무엇인가요?")
    elif shape == 2:
        question = ("number", f"{ko} {number}의 장단점은?")
    elif shape == 3:
        question = ("plain", f"What is {en} number {number} and why does it matter?")
    elif shape == 4:
        question = ("heading3", f"{ko} {number} 동작 원리를 설명해 주세요.")
    else:
        question = ("plain", f"Explain how {en} {number} behaves under load.")
    korean = shape not in {3, 5}
    if korean:
        answer = [
            ("plain", f"{ko} {number}은 자원을 나누는 단위이며 독립된 메모리를 가집니다."),
            ("plain", "컨텍스트 스위칭 비용이 크고, 통신에는 IPC를 사용해야 합니다."),
            ("bullet", "장점: 하나가 죽어도 다른 것에 영향이 적습니다."),
            ("bullet", "단점: 생성과 전환 비용이 큽니다."),
        ]
    else:
        answer = [
            ("plain", f"{en.capitalize()} {number} owns its resources and is scheduled by the OS."),
            ("plain", "Switching costs a context switch; sharing needs explicit IPC or locks."),
            ("bullet", "Pro: isolation keeps one failure from spreading."),
            ("bullet", "Con: creating and switching is expensive."),
        ]
    extras: list[tuple[str, str]] = []
    if number % 4 == 0:
        extras.append(("plain", f"꼬리 질문: {ko} {number}을 줄이는 방법은 무엇인가요?"))
        extras.append(("plain", "A: 풀을 두어 재사용하고 생성 횟수를 줄입니다."))
    if number % 5 == 0:
        extras.append(("plain", "키워드: 메모리 격리, 컨텍스트 스위칭, IPC"))
    if number % 7 == 0:
        extras.append(("plain", "흔한 실수"))
        extras.append(("bullet", f"{ko}는 메모리를 공유한다 → 기본적으로 공유하지 않는다"))
    if number % 9 == 0:
        extras.append(("plain", "참고: https://example.com/notes"))
    if number % 11 == 0:
        extras.append(("plain", "----"))
        extras.append(("plain", f"- {number // 11} -"))
    return [question, *answer, *extras]


def generate_paragraphs(size: int, shape: str = "notes") -> list[tuple[str, str]]:
    """shape "notes": questions with their answers; "listed": the notes open with a list of
    every question (no answers), which the questions and answers below repeat."""
    groups: list[list[tuple[str, str]]] = []
    total = 1
    while total < size:
        group = _question_group(len(groups))
        if len(groups) % 25 == 0:
            group.insert(0, ("heading2", f"파트 {len(groups) // 25 + 1}"))
        groups.append(group)
        total += len(group) + (1 if shape == "listed" else 0)
    paragraphs: list[tuple[str, str]] = [("heading1", "백엔드 면접 준비 노트")]
    if shape == "listed":
        paragraphs += [next(p for p in group if p[0] != "heading2") for group in groups]
    for group in groups:
        paragraphs.extend(group)
    return paragraphs[:size]


def as_markdown(paragraphs: list[tuple[str, str]]) -> bytes:
    lines = []
    for kind, text in paragraphs:
        if kind.startswith("heading"):
            lines.append("#" * int(kind[-1]) + " " + text)
        elif kind == "bullet":
            lines.append(f"- {text}")
        elif kind == "number":
            lines.append(f"1. {text}")
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def as_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    from docx import Document

    document = Document()
    for kind, text in paragraphs:
        if kind.startswith("heading"):
            document.add_heading(text, level=int(kind[-1]))
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "number":
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,4000,10000")
    parser.add_argument("--formats", default="md,docx")
    parser.add_argument("--shapes", default="notes,listed")
    parser.add_argument("--profile", type=int, default=0, help="profile one size (paragraphs)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
    import django

    django.setup()
    from interviews.engine.text import warm_up
    from interviews.importing.readers import read_records

    warm_up()  # Kiwi is loaded once per process: not part of any size's figure
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    if args.profile:
        for shape in shapes:
            paragraphs = generate_paragraphs(args.profile, shape)
            for fmt in formats:
                data = as_docx(paragraphs) if fmt == "docx" else as_markdown(paragraphs)
                profiler = cProfile.Profile()
                profiler.runcall(read_records, data, filename=f"notes.{fmt}")
                print(f"== {shape}, {fmt}, {args.profile} paragraphs")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return 0

    print(
        f"{'shape':<7} {'format':<6} {'paragraphs':>10} {'bytes':>10} {'questions':>9} "
        f"{'seconds':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        for shape in shapes:
            paragraphs = generate_paragraphs(size, shape)
            for fmt in formats:
                data = as_docx(paragraphs) if fmt == "docx" else as_markdown(paragraphs)
                started = time.perf_counter()
                _kind, records = read_records(data, filename=f"notes.{fmt}")
                elapsed = time.perf_counter() - started
                print(
                    f"{shape:<7} {fmt:<6} {size:>10} {len(data):>10} {len(records):>9} "
                    f"{elapsed:>8.2f}"
                )
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
