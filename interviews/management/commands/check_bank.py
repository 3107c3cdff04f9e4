"""python manage.py check_bank [--all] — lists the questions whose rubric cannot be met."""

from django.core.management.base import BaseCommand, CommandError

from interviews.models import Question
from interviews.services.bank.health import MODEL_ANSWER_MIN, bank_health


class Command(BaseCommand):
    help = (
        "Grades every published question's model answer against its own rubric and lists "
        "the questions whose rubric cannot be met (exit status 1 when there are any)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="check drafts and retired questions too"
        )

    def handle(self, *args, **options):
        questions = Question.objects.all() if options["all"] else None
        rows = bank_health(questions=questions)
        bad = [row for row in rows if not row.healthy]
        for row in bad:
            self.stdout.write(
                f"{row.external_id}: model answer scores {row.score}: {row.text[:70]}"
            )
            for text in row.contradicted:
                self.stdout.write(f"    contradicted by its own model answer: {text}")
            for text in row.not_met:
                self.stdout.write(f"    not covered by the model answer: {text}")
            for text in row.unmatchable:
                self.stdout.write(f"    its own wording does not meet it: {text}")
        self.stdout.write(
            f"{len(rows)} questions checked, {len(bad)} need a look "
            f"(model answer under {MODEL_ANSWER_MIN}, a contradiction, "
            "or an unmatchable key point)."
        )
        if bad:
            raise CommandError(f"{len(bad)} question(s) have a rubric that cannot be met.")
