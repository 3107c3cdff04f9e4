from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        # Curated content changes invalidate the retriever's index in every process, and
        # what the answer path keeps in memory (persona, cohorts) is forgotten on change.
        from interviews import signals as memo_signals  # noqa: F401
        from interviews.engine.retrieval import signals  # noqa: F401
