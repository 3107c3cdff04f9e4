"""The full prompt a persona produces, as the persona admin previews it.

The preview never takes the page down: a failure shows as a note.
"""

import logging

from django.utils.translation import gettext_lazy as _

from interviews.engine.prompts import render_prompt_preview
from interviews.models import InterviewerPersona, Question
from interviews.services.personas import persona_spec

logger = logging.getLogger(__name__)

NO_QUESTION_FOR_PREVIEW = _("There are no questions yet; a sample question is used.")


def preview_question_choices(questions, language: str, chosen: Question | None) -> list[Question]:
    """Questions in the preview's language (all of them if there are none), chosen first."""
    same_language = list(questions.filter(language=language)[:200])
    choices = same_language or list(questions[:200])
    if chosen is not None and chosen not in choices:
        choices.insert(0, chosen)
    return choices


def sample_question(language: str):
    from interviews.engine.types import KeyPointSpec, QuestionSpec

    if language == "ko":
        return QuestionSpec(
            text="프로세스와 스레드의 차이를 설명해주세요.",
            language="ko",
            model_answer="프로세스는 독립된 메모리를 갖고, 스레드는 그 메모리를 공유합니다.",
            key_points=(
                KeyPointSpec("프로세스는 독립된 메모리"),
                KeyPointSpec("스레드는 메모리 공유"),
            ),
        )
    return QuestionSpec(
        text="What is the difference between a process and a thread?",
        language="en",
        model_answer="A process has its own memory space; threads share their process's memory.",
        key_points=(KeyPointSpec("process has its own memory"), KeyPointSpec("threads share")),
    )


def render_prompt(persona: InterviewerPersona, spec, language: str):
    """[(role, text)] from the engine's preview, or ([], message) when it failed."""
    try:
        rendered = render_prompt_preview(
            persona=persona_spec(persona), question=spec, language=language
        )
    except Exception as exc:  # the preview must never take the admin page down
        logger.exception("Prompt preview failed")
        return [], str(_("The prompt preview failed: %(error)s") % {"error": exc})
    return _as_messages(rendered), ""


def _as_messages(rendered) -> list[tuple[str, str]]:
    if isinstance(rendered, str):
        return [("", rendered)]
    if isinstance(rendered, dict):
        if "messages" in rendered:
            return _as_messages(rendered["messages"])
        return [(str(k), str(v)) for k, v in rendered.items()]
    out: list[tuple[str, str]] = []
    for item in rendered if isinstance(rendered, list | tuple) else [rendered]:
        if isinstance(item, dict):
            out.append((str(item.get("role", "")), str(item.get("content", ""))))
        elif isinstance(item, list | tuple) and len(item) == 2:
            out.append((str(item[0]), str(item[1])))
        elif hasattr(item, "content"):
            out.append(
                (str(getattr(item, "type", "") or getattr(item, "role", "")), str(item.content))
            )
        else:
            out.append(("", str(item)))
    return out
