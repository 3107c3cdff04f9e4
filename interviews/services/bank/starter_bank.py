"""The bundled starter bank: tracks.json and every questions_*.json, published."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from interviews.importing.errors import ImportFileError
from interviews.importing.records import ImportReport
from interviews.models import InterviewerPersona, Question, QuestionStatus, Topic, Track
from interviews.services.bank.importing import questions_import

STARTER_BANK_DIR = Path(__file__).resolve().parents[2] / "data" / "starter_bank"


@dataclass
class StarterBankResult:
    skipped: bool = False
    tracks: int = 0
    topics: int = 0
    reports: list[ImportReport] = field(default_factory=list)
    persona_created: bool = False

    @property
    def created(self) -> int:
        return sum(r.created for r in self.reports)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.reports)

    @property
    def skipped_questions(self) -> int:
        return sum(r.skipped for r in self.reports)


def tracks_load(*, data: dict) -> tuple[int, int]:
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
        if not InterviewerPersona.objects.exists():
            from interviews.services.personas import persona_create_default

            persona_create_default()
            result.persona_created = True
    return result
