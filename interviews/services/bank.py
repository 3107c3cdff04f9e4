"""Writes to the question bank: file imports, the starter bank, bulk curation.

`questions_import` is the one way questions enter from files (the management
command, the admin upload and the starter bank all call it). It is all-or-nothing
and idempotent: each question's identity is the file's external id or a hash of
its normalised text, so a second import updates rather than duplicates.
"""

import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from tqdm import tqdm

from interviews.engine.types import KeyPointSpec, QuestionSpec
from interviews.importing import errors
from interviews.importing.errors import ImportFileError
from interviews.importing.keypoints import draft_key_points
from interviews.importing.normalise import (
    clean,
    detect_language,
    difficulty_choice,
    hashed_external_id,
    language_choice,
    status_choice,
)
from interviews.importing.readers import read_records
from interviews.importing.records import ImportReport, ItemResult, Problem, QuestionRecord
from interviews.models import (
    Difficulty,
    FollowUp,
    InterviewerPersona,
    KeyPoint,
    Question,
    QuestionStatus,
    Topic,
    Track,
)

logger = logging.getLogger(__name__)

STARTER_BANK_DIR = Path(__file__).resolve().parent.parent / "data" / "starter_bank"
# A progress bar only helps when there is time to watch it.
PROGRESS_MIN_RECORDS = 25
_KEY_POINT_MAX = KeyPoint._meta.get_field("text").max_length
_SOURCE_MAX = Question._meta.get_field("source").max_length
_EXTERNAL_ID_MAX = Question._meta.get_field("external_id").max_length

NO_TRACK = "no track: choose one (--track) or add a track column"
UNKNOWN_TRACK_FOR_QUESTION = "unknown track “{track}”"
NO_TEXT = "no question text"
DUPLICATE_IN_FILE = "the same question as {location}, which is imported instead"


def _mark_content_changed() -> None:
    """Tells the retriever the bank changed (bulk writes send no signals)."""
    try:
        from interviews.engine.retrieval.version import mark_content_changed
    except ImportError:  # the retriever is optional for importing
        return
    mark_content_changed()


# --- Lookups ------------------------------------------------------------------------------
class _Catalogue:
    """Tracks and topics by slug or either name, loaded once per import."""

    def __init__(self) -> None:
        self.tracks: dict[str, Track] = {}
        self.topics: dict[int, dict[str, Topic]] = {}
        for track in Track.objects.all():
            for key in (track.slug, track.name, track.name_ko):
                if key:
                    self.tracks.setdefault(key.casefold().strip(), track)
        for topic in Topic.objects.all():
            by_key = self.topics.setdefault(topic.track_id, {})
            for key in (topic.slug, topic.name, topic.name_ko):
                if key:
                    by_key.setdefault(key.casefold().strip(), topic)

    def track(self, value: str) -> Track | None:
        return self.tracks.get(clean(value).casefold()) if value else None

    def topic(self, track: Track, value: str) -> Topic | None:
        return self.topics.get(track.pk, {}).get(clean(value).casefold()) if value else None


def track_for_slug(slug: str) -> Track:
    catalogue_track = Track.objects.filter(slug=slug).first()
    if catalogue_track is None:
        catalogue_track = _Catalogue().track(slug)
    if catalogue_track is None:
        existing = ", ".join(Track.objects.values_list("slug", flat=True)) or "-"
        raise ImportFileError(str(errors.UNKNOWN_TRACK % {"track": slug, "tracks": existing}))
    return catalogue_track


# --- The import -----------------------------------------------------------------------------
def questions_import(
    *,
    data: bytes,
    filename: str,
    track_slug: str | None = None,
    language: str | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    force_status: str | None = None,
    progress: bool = False,
) -> ImportReport:
    """Imports a question file; raises ImportFileError (writing nothing) if it is unusable.

    A dry run does the whole import inside a transaction and rolls it back, so its
    report (created / updated / skipped, drafted key points) is exactly what a real
    run would do.
    """
    forced_track = track_for_slug(track_slug) if track_slug else None
    forced_language = None
    if language:
        forced_language = language_choice(language)
        if not forced_language:
            raise ImportFileError(f"Unknown language “{language}” (use ko or en).")
    file_format, records = read_records(data, filename=filename, encoding=encoding)
    report = ImportReport(filename=Path(filename).name, file_format=file_format, dry_run=dry_run)
    importer = _Importer(
        report=report,
        forced_track=forced_track,
        forced_language=forced_language,
        force_status=force_status,
        default_source=Path(filename).name if file_format in {"docx", "markdown", "text"} else "",
    )
    external_ids = [importer.external_id_for(r) for r in records]
    # The same question twice (a table of contents, then the section): keep the copy with
    # the most answer, report the others.
    best: dict[str, int] = {}
    for index, (record, external_id) in enumerate(zip(records, external_ids, strict=True)):
        kept = best.get(external_id)
        if kept is None or len(record.model_answer) > len(records[kept].model_answer):
            best[external_id] = index
    importer.kept = {external_id: records[index].location for external_id, index in best.items()}
    bar = tqdm(
        records,
        desc=f"Importing {report.filename}",
        unit="q",
        file=sys.stderr,
        disable=not progress or len(records) < PROGRESS_MIN_RECORDS,
    )
    try:
        with transaction.atomic():
            importer.existing = {
                q.external_id: q
                for q in Question.objects.filter(external_id__in=[e for e in external_ids if e])
            }
            for record, external_id in zip(bar, external_ids, strict=True):
                importer.import_one(record, external_id)
            if dry_run:
                transaction.set_rollback(True)
    finally:
        bar.close()
    if not dry_run and (report.created or report.updated):
        _mark_content_changed()
    return report


@dataclass
class _Importer:
    report: ImportReport
    forced_track: Track | None
    forced_language: str | None
    force_status: str | None
    default_source: str
    existing: dict[str, Question] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)  # external id → location imported
    catalogue: _Catalogue = field(default_factory=_Catalogue)

    def external_id_for(self, record: QuestionRecord) -> str:
        if record.external_id:
            return record.external_id
        return hashed_external_id(record.text) if record.text else ""

    def skip(self, record: QuestionRecord, reason: str, external_id: str = "") -> None:
        self.report.skipped += 1
        self.report.problems.append(Problem(record.location, reason, "error"))
        self.report.items.append(
            ItemResult(
                location=record.location,
                action="skipped",
                text=record.text[:200],
                external_id=external_id,
                reason=reason,
            )
        )

    def warn(self, record: QuestionRecord, message: str) -> None:
        self.report.problems.append(Problem(record.location, message, "warning"))

    def import_one(self, record: QuestionRecord, external_id: str) -> None:
        for message in record.warnings:
            self.warn(record, message)
        if not record.text:
            self.skip(record, NO_TEXT)
            return
        if len(external_id) > _EXTERNAL_ID_MAX:
            self.skip(record, f"external id longer than {_EXTERNAL_ID_MAX} characters")
            return
        kept = self.kept.get(external_id, record.location)
        if kept != record.location or external_id in self.seen:
            self.skip(record, DUPLICATE_IN_FILE.format(location=kept))
            return
        self.seen[external_id] = record.location

        track = self.forced_track or self.catalogue.track(record.track)
        if track is None and record.track:
            self.skip(record, UNKNOWN_TRACK_FOR_QUESTION.format(track=record.track), external_id)
            return
        if track is None and record.section:
            track = self.catalogue.track(record.section)
        if track is None:
            self.skip(record, NO_TRACK, external_id)
            return

        question = self.existing.get(external_id)
        creating = question is None
        if creating:
            question = Question(external_id=external_id, status=QuestionStatus.DRAFT)
        question.track = track
        question.text = record.text

        language = self.forced_language or language_choice(record.language)
        if language is None:
            self.warn(record, f"unknown language “{record.language}”; detected from the text")
        if not language:
            language = question.language if not creating else detect_language(record.text)
        question.language = language

        difficulty = difficulty_choice(record.difficulty)
        if difficulty is None:
            self.warn(record, f"unknown difficulty “{record.difficulty}”; left as it was")
        if difficulty:
            question.difficulty = difficulty
        elif creating:
            question.difficulty = Difficulty.JUNIOR

        status = self.force_status or status_choice(record.status)
        if status is None:
            self.warn(record, f"unknown status “{record.status}”; imported as draft")
        if status:
            question.status = status

        topic = self.catalogue.topic(track, record.topic)
        if record.topic and topic is None:
            self.warn(record, f"topic “{record.topic}” is not in track {track.slug}; left empty")
        if topic is None and record.section:
            topic = self.catalogue.topic(track, record.section)
        if (
            topic is not None
            or creating
            or (question.topic_id and question.topic.track_id != track.pk)
        ):
            question.topic = topic

        if record.model_answer or creating:
            question.model_answer = record.model_answer
        if record.hint:
            question.hint = record.hint
        source = record.source or (self.default_source if creating else "")
        if source:
            question.source = source[:_SOURCE_MAX]

        try:
            question.full_clean(validate_unique=False)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
            )
            self.skip(record, reasons, external_id)
            return
        question.save()
        self.existing[external_id] = question

        drafted = False
        if record.key_points is not None:
            points = []
            for text, synonyms in record.key_points:
                if len(text) > _KEY_POINT_MAX:
                    self.warn(record, f"a key point was cut to {_KEY_POINT_MAX} characters")
                    text = text[: _KEY_POINT_MAX - 1] + "…"
                points.append((text, synonyms))
            _replace_key_points(question, points, needs_review=False)
            key_point_count = len(points)
        else:
            key_point_count = 0 if creating else question.key_points.count()
            if key_point_count == 0:
                points = draft_key_points(
                    answer=question.model_answer, question=question.text, language=language
                )
                if points:
                    _replace_key_points(question, points, needs_review=True)
                    key_point_count, drafted = len(points), True
                else:
                    self.warn(record, "no answer to draft key points from; add them by hand")
        if record.follow_ups is not None:
            _replace_follow_ups(question, record.follow_ups)
        if not question.model_answer:
            self.warn(record, "no answer found for this question")

        action = "created" if creating else "updated"
        if creating:
            self.report.created += 1
        else:
            self.report.updated += 1
        self.report.items.append(
            ItemResult(
                location=record.location,
                action=action,
                text=question.text[:200],
                external_id=external_id,
                track=track.slug,
                key_points=key_point_count,
                drafted_key_points=drafted,
            )
        )


def _replace_key_points(
    question: Question, points: list[tuple[str, list[str]]], *, needs_review: bool
) -> None:
    """Updates key points in place by position, so follow-ups keep pointing at them."""
    existing = list(question.key_points.order_by("order", "id"))
    to_update, to_create = [], []
    for order, (text, synonyms) in enumerate(points):
        if order < len(existing):
            point = existing[order]
            point.order, point.text, point.synonyms = order, text, list(synonyms)
            point.needs_review = needs_review
            to_update.append(point)
        else:
            to_create.append(
                KeyPoint(
                    question=question,
                    order=order,
                    text=text,
                    synonyms=list(synonyms),
                    needs_review=needs_review,
                )
            )
    KeyPoint.objects.bulk_update(to_update, ["order", "text", "synonyms", "needs_review"])
    KeyPoint.objects.bulk_create(to_create)
    extra = [p.pk for p in existing[len(points) :]]
    if extra:
        KeyPoint.objects.filter(pk__in=extra).delete()


def _replace_follow_ups(question: Question, texts: list[str]) -> None:
    existing = list(question.follow_ups.order_by("order", "id"))
    to_update, to_create = [], []
    for order, text in enumerate(texts):
        if order < len(existing):
            follow_up = existing[order]
            follow_up.order, follow_up.text = order, text
            to_update.append(follow_up)
        else:
            to_create.append(FollowUp(question=question, order=order, text=text))
    FollowUp.objects.bulk_update(to_update, ["order", "text"])
    FollowUp.objects.bulk_create(to_create)
    extra = [f.pk for f in existing[len(texts) :]]
    if extra:
        FollowUp.objects.filter(pk__in=extra).delete()


# --- Curation -------------------------------------------------------------------------------
def questions_set_status(*, questions: QuerySet[Question], status: str) -> int:
    """Publishes, retires or drafts many questions in one statement."""
    if status not in QuestionStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    with transaction.atomic():
        changed = questions.exclude(status=status).update(status=status)
    if changed:
        _mark_content_changed()
    return changed


def key_points_mark_reviewed(*, questions: QuerySet[Question]) -> int:
    changed = KeyPoint.objects.filter(question__in=questions, needs_review=True).update(
        needs_review=False
    )
    if changed:
        _mark_content_changed()
    return changed


def question_spec(question: Question) -> QuestionSpec:
    """The plain dataclass the engine takes, from a question row."""
    return QuestionSpec(
        text=question.text,
        language=question.language,
        model_answer=question.model_answer,
        key_points=tuple(
            KeyPointSpec(text=k.text, synonyms=tuple(k.synonyms or ()))
            for k in question.key_points.all()
        ),
        question_id=question.pk,
        track=question.track.slug if question.track_id else "",
        topic=question.topic.slug if question.topic_id else "",
        difficulty=question.difficulty,
        hint=question.hint,
        follow_ups=tuple(f.text for f in question.follow_ups.all()),
    )


# --- The starter bank -----------------------------------------------------------------------
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
