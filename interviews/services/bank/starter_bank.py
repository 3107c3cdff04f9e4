"""The bundled starter bank: tracks.json and every questions_*.json, published."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from interviews.importing.errors import ImportFileError
from interviews.importing.records import ImportReport
from interviews.models import (
    InterviewerPersona,
    Question,
    QuestionStatus,
    Topic,
    Track,
)
from interviews.services.bank.importing import questions_import
from interviews.services.bank.question_parts import follow_up_rubrics_set, replace_misconceptions

STARTER_BANK_DIR = Path(__file__).resolve().parents[2] / "data" / "starter_bank"


@dataclass
class StarterBankResult:
    skipped: bool = False
    tracks: int = 0
    topics: int = 0
    reports: list[ImportReport] = field(default_factory=list)
    persona_created: bool = False
    misconceptions: int = 0
    follow_up_rubrics: int = 0

    @property
    def created(self) -> int:
        return sum(r.created for r in self.reports)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.reports)

    @property
    def skipped_questions(self) -> int:
        return sum(r.skipped for r in self.reports)


def tracks_load(*, data: dict[str, Any]) -> tuple[int, int]:
    """Creates or updates tracks and their topics from tracks.json's structure."""
    tracks = topics = 0
    for order, item in enumerate(data.get("tracks", []), start=1):
        track, _ = Track.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item.get("name", item["slug"]),
                "name_ko": item.get("name_ko", ""),
                "order": item.get("order", order),
                "description": item.get("description", ""),
            },
        )
        tracks += 1
        for topic in item.get("topics", []):
            Topic.objects.update_or_create(
                track=track,
                slug=topic["slug"],
                defaults={
                    "name": topic.get("name", topic["slug"]),
                    "name_ko": topic.get("name_ko", ""),
                },
            )
            topics += 1
    return tracks, topics


def starter_bank_load(
    *, if_empty: bool = False, directory: Path | None = None, progress: bool = False
) -> StarterBankResult:
    """Loads tracks.json and every questions_*.json, all published, in one transaction."""
    if if_empty and Question.objects.exists():
        return StarterBankResult(skipped=True)
    directory = directory or STARTER_BANK_DIR
    result = StarterBankResult()
    with transaction.atomic():
        tracks_file = directory / "tracks.json"
        try:
            tracks_data = json.loads(tracks_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ImportFileError(f"{tracks_file.name}: {exc}") from exc
        result.tracks, result.topics = tracks_load(data=tracks_data)
        for path in sorted(directory.glob("questions_*.json")):
            try:
                report = questions_import(
                    data=path.read_bytes(),
                    filename=path.name,
                    force_status=QuestionStatus.PUBLISHED,
                    progress=progress,
                )
            except ImportFileError as exc:
                raise ImportFileError(f"{path.name}: {exc}") from exc
            result.reports.append(report)
        result.misconceptions, result.follow_up_rubrics = starter_rubrics_load(directory=directory)
        if not InterviewerPersona.objects.exists():
            from interviews.services.personas import persona_create_default

            persona_create_default()
            result.persona_created = True
    return result


def _read_optional(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"{path.name}: {exc}") from exc


def starter_rubrics_load(*, directory: Path) -> tuple[int, int]:
    """misconceptions.json and follow_up_rubrics.json (keyed by external id): a question's
    misconceptions are replaced; a follow-up, found by its text, gets its own rubric."""
    misconceptions = _read_optional(directory / "misconceptions.json")
    rubrics = _read_optional(directory / "follow_up_rubrics.json")
    ids = set(misconceptions) | set(rubrics)
    questions = Question.objects.filter(external_id__in=ids).prefetch_related(
        "key_points", "follow_ups"
    )
    created = updated = 0
    for question in questions:
        items = misconceptions.get(question.external_id)
        if items is not None:
            created += replace_misconceptions(
                question,
                [(item["text"], item.get("correction") or "") for item in items],
                denies=[item.get("key_point") for item in items],
            )
        rubrics_for = rubrics.get(question.external_id, [])
        updated += follow_up_rubrics_set(
            question,
            {r["text"]: r.get("model_answer", "") for r in rubrics_for if r.get("text")},
            {
                r["text"]: [(kp["text"], list(kp.get("synonyms", []))) for kp in r["key_points"]]
                for r in rubrics_for
                if r.get("text") and r.get("key_points")
            },
            language=question.language,
        )
    return created, updated
