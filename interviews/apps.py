from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        # Curated content changes invalidate the retriever's index in every process.
        from interviews.engine.retrieval import signals  # noqa: F401
