"""python manage.py run_import_jobs [--burst]: the worker of the admin's imports."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rq import SimpleWorker

from interviews.services.bank.import_jobs import import_queue


class Command(BaseCommand):
    help = (
        "Runs the question imports uploaded in the admin (IMPORT_JOBS_BACKEND=rq), one after "
        "another, from the RQ queue on REDIS_URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="run the jobs queued now, then exit"
        )

    def handle(self, *args, **options) -> None:
        if not settings.REDIS_URL:
            raise CommandError(
                "run_import_jobs needs REDIS_URL; without it imports run in the request."
            )
        queue = import_queue()
        # SimpleWorker: jobs run in this process, not a fork each, so the database pool
        # and Kiwi (seconds to load) are set up once; RQ still stops a job at its timeout.
        worker = SimpleWorker([queue], connection=queue.connection)
        worker.work(burst=options["burst"])
