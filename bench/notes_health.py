"""Imported notes graded with their own answers: how many meet their drafted rubric?

    .venv/bin/python bench/notes_health.py [--dirs bench/data/realistic_notes,...]

Creates its own database (bench_notes) on the server of DATABASE_URL, migrates it,
loads the starter tracks, imports every notes file of the given folders (as a curator
would, with the track named after the file when it is not in the notes), and grades
each imported question's model answer against its own drafted key points
(`services.bank.health`); questions the notes leave unanswered are counted apart, as there
is nothing to grade. Prints the share scoring 90 or more (target >= 95 %), the
questions that do not, and the time taken. The database is dropped at the end.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch_db import close_django_connections, create_database, drop_database  # noqa: E402

BENCH_DB = "bench_notes"
DEFAULT_DIRS = "bench/data/realistic_notes,bench/data/realistic_notes_2"
TARGET = 0.95
# Files whose notes name no track: the one a curator would pick in the import form.
TRACK_BY_NAME = {"python": "python", "web": "web-backend", "cs": "cs-fundamentals"}


def _track_for(path: Path) -> str:
    for word, slug in TRACK_BY_NAME.items():
        if word in path.stem:
            return slug
    return "cs-fundamentals"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dirs", default=DEFAULT_DIRS)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = create_database(BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview_bot.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from interviews.models import Question
    from interviews.services.bank import questions_import
    from interviews.services.bank.health import MODEL_ANSWER_MIN, bank_health
    from interviews.services.bank.starter_bank import STARTER_BANK_DIR, tracks_load

    try:
        call_command("migrate", verbosity=0)
        import json

        tracks_load(data=json.loads((STARTER_BANK_DIR / "tracks.json").read_text()))
        files = [
            path
            for folder in args.dirs.split(",")
            for path in sorted((ROOT / folder).iterdir())
            if path.suffix in {".docx", ".md", ".txt", ".csv"} and path.name != "EXPECTED.md"
        ]
        for path in files:
            report = questions_import(
                data=path.read_bytes(), filename=path.name, track_slug=_track_for(path)
            )
            print(f"  {path.name}: {report.created} questions")
        started = time.perf_counter()
        # A question the notes give no answer for has nothing to grade: counted apart.
        unanswered = Question.objects.filter(model_answer="")
        rows = bank_health(questions=Question.objects.exclude(model_answer=""))
        elapsed = time.perf_counter() - started
        met = [r for r in rows if r.score >= MODEL_ANSWER_MIN]
        print(
            f"\nimported notes graded with their own answers: {len(met)}/{len(rows)} "
            f"({len(met) / max(1, len(rows)):.1%}) at {MODEL_ANSWER_MIN} or more "
            f"(target >= {TARGET:.0%}); {elapsed:.1f}s; "
            f"{unanswered.count()} more without an answer in the notes"
        )
        for row in rows:
            if row.score < MODEL_ANSWER_MIN:
                print(f"  {row.score:3d}  {row.text[:70]}")
                for text in row.not_met:
                    print(f"         not met: {text}")
    finally:
        close_django_connections()
        drop_database(BENCH_DB)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
