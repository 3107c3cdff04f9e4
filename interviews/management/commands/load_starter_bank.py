"""python manage.py load_starter_bank [--if-empty]"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.importing import ImportFileError
from interviews.services.bank import starter_bank_load


class Command(BaseCommand):
    help = (
        "Loads the starter question bank (tracks, topics and every questions_*.json, all "
        "published) and a default interviewer persona. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when questions already exist"
        )

    def handle(self, *args, **options) -> None:
        try:
            result = starter_bank_load(if_empty=options["if_empty"], progress=True)
        except ImportFileError as exc:
            raise CommandError(f"Starter bank not loaded: {exc}") from exc
        if result.skipped:
            self.stdout.write("Starter bank: questions already exist; nothing loaded.")
            return
        for report in result.reports:
            for problem in report.problems:
                self.stdout.write(
                    self.style.WARNING(f"  {report.filename} {problem.location}: {problem.message}")
                )
            self.stdout.write(f"  {report.filename}: {report.summary()}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Starter bank: {result.tracks} tracks, {result.topics} topics; questions "
                f"created {result.created}, updated {result.updated}, "
                f"skipped {result.skipped_questions}."
                + (" Default interviewer persona created." if result.persona_created else "")
            )
        )
