from django.core.management.base import BaseCommand

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from interviews.demo import demo_data_ensure


class Command(BaseCommand):
    help = "Creates the demo logins, their cohort and its interview history (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users.",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("The database already has users; demo data not loaded.")
            return
        _, cohort = demo_data_ensure()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (cohort: {cohort.name})."))
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ with:")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<10} {account.email:<26} {DEMO_PASSWORD}")
