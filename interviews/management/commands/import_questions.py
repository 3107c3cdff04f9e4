"""python manage.py import_questions PATH [--track SLUG] [--language ko|en] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.importing import ImportFileError, ImportReport
from interviews.importing import errors as import_errors
from interviews.importing.limits import ImportLimits
from interviews.services.bank import questions_import


class Command(BaseCommand):
    help = (
        "Imports questions from a CSV, JSON/JSONL, Markdown, text or .docx file. "
        "Re-importing updates questions instead of duplicating them; nothing is written "
        "if the file cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the file to import")
        parser.add_argument("--track", help="track slug for every question in the file")
        parser.add_argument("--language", choices=["ko", "en"], help="language of the questions")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )
        parser.add_argument(
            "--encoding",
            help="text encoding of a CSV/JSON/Markdown file "
            "(default: detected among UTF-8, UTF-16 and CP949/EUC-KR)",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(str(import_errors.FILE_NOT_FOUND % {"path": path}))
        try:
            # The same limits as the admin's upload; the size before the file is read.
            ImportLimits.from_settings().check_upload_size(path.stat().st_size)
            data = path.read_bytes()
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        except OSError as exc:
            raise CommandError(str(import_errors.FILE_UNREADABLE % {"error": exc})) from exc
        try:
            report = questions_import(
                data=data,
                filename=path.name,
                track_slug=options["track"],
                language=options["language"],
                dry_run=options["dry_run"],
                encoding=options["encoding"],
                progress=True,
            )
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        write_report(self, report, verbosity=options["verbosity"])
        if report.skipped and not (report.created or report.updated):
            raise CommandError(f"{path.name}: every question was skipped; nothing was imported")


def write_report(command: BaseCommand, report: ImportReport, *, verbosity: int = 1) -> None:
    if report.dry_run or verbosity >= 2:
        # A dry run is a preview: show what was found where.
        for item in report.items:
            if item.action != "skipped":
                drafted = " (drafted)" if item.drafted_key_points else ""
                command.stdout.write(
                    f"  {item.location}: {item.action}: {item.text[:70]} "
                    f"[{item.track}, {item.key_points} key points{drafted}]"
                )
    for problem in report.problems:
        label = "skipped" if problem.level == "error" else "warning"
        style = command.style.ERROR if problem.level == "error" else command.style.WARNING
        command.stdout.write(style(f"  {problem.location}: {label}: {problem.message}"))
    drafted_count = sum(1 for item in report.items if item.drafted_key_points)
    summary = f"{report.filename} ({report.file_format}): {report.summary()}"
    if drafted_count:
        summary += f"; drafted key points for {drafted_count} (needs review)"
    if report.misconceptions:
        summary += f"; {report.misconceptions} misconceptions read"
    if report.need_a_look:
        summary += f"; {report.need_a_look} need a look before publishing"
    if report.dry_run:
        summary += " — dry run, nothing was written"
    command.stdout.write(command.style.SUCCESS(summary))
