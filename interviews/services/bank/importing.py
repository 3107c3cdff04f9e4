"""`questions_import`: a question file into bank rows, all-or-nothing and idempotent."""

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Model
from tqdm import tqdm

from interviews.engine.retrieval import mark_content_changed
from interviews.engine.text import text_language
from interviews.importing.errors import ImportFileError
from interviews.importing.keypoints import bare_keywords, draft_key_points, with_keywords
from interviews.importing.normalise import (
    difficulty_choice,
    hashed_external_id,
    language_choice,
    status_choice,
)
from interviews.importing.readers import read_records
from interviews.importing.records import ImportReport, ItemResult, Problem, QuestionRecord
from interviews.models import Difficulty, KeyPoint, Question, QuestionStatus, Track
from interviews.services.bank.catalogue import Catalogue, track_for_slug
from interviews.services.bank.question_parts import (
    follow_up_rubrics_set,
    replace_follow_ups,
    replace_key_points,
    replace_misconceptions,
)

logger = logging.getLogger(__name__)

# A progress bar only helps when there is time to watch it.
PROGRESS_MIN_RECORDS = 25


def _max_length(model: type[Model], name: str) -> int:
    field = model._meta.get_field(name)
    if not isinstance(field, CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a CharField with a max_length")
    return field.max_length


_KEY_POINT_MAX = _max_length(KeyPoint, "text")
_SOURCE_MAX = _max_length(Question, "source")
_EXTERNAL_ID_MAX = _max_length(Question, "external_id")

NO_TRACK = "no track: choose one (--track) or add a track column"
UNKNOWN_TRACK_FOR_QUESTION = "unknown track “{track}”"
NO_TEXT = "no question text"
DUPLICATE_IN_FILE = "the same question as {location}, which is imported instead"


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
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Imports a question file; raises ImportFileError (writing nothing) if it is unusable
    or over a limit (`interviews.importing.limits`, from settings).

    A dry run does the whole import inside a transaction and rolls it back, so its
    report (created / updated / skipped, drafted key points) is exactly what a real
    run would do. `on_progress(done, total)` is called as questions are written.
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
        dry_run=dry_run,
        forced_track=forced_track,
        forced_language=forced_language,
        force_status=force_status,
        default_source=Path(filename).name if file_format in {"docx", "markdown", "text"} else "",
        filename=Path(filename).name,
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
            for done, (record, external_id) in enumerate(
                zip(bar, external_ids, strict=True), start=1
            ):
                importer.import_one(record, external_id)
                if on_progress is not None:
                    on_progress(done, len(records))
            if dry_run:
                transaction.set_rollback(True)
    finally:
        bar.close()
    if not dry_run and (report.created or report.updated):
        mark_content_changed()
    return report


@dataclass
class _Importer:
    report: ImportReport
    dry_run: bool
    forced_track: Track | None
    forced_language: str | None
    force_status: str | None
    default_source: str
    filename: str = ""  # its name may say the track ("python_notes.docx")
    existing: dict[str, Question] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)  # external id → location imported
    catalogue: Catalogue = field(default_factory=Catalogue)

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
        if track is None and self.filename:
            track = self.catalogue.track_in_filename(self.filename)
        if track is None:
            self.skip(record, NO_TRACK, external_id)
            return

        question = self.existing.get(external_id)
        creating = question is None
        if question is None:
            question = Question(external_id=external_id, status=QuestionStatus.DRAFT)
        question.track = track
        question.text = record.text

        language = self.forced_language or language_choice(record.language)
        if language is None:
            self.warn(record, f"unknown language “{record.language}”; detected from the text")
        if not language:
            language = question.language if not creating else text_language(record.text)
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
            or (question.topic is not None and question.topic.track_id != track.pk)
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
        keywords = bare_keywords(record.key_points or [])
        if keywords and question.model_answer:
            # Tags, not claims: draft the points from the answer and keep the tags as
            # their synonyms.
            points, unplaced = with_keywords(
                draft_key_points(
                    answer=question.model_answer, question=question.text, language=language
                ),
                keywords,
            )
            if len(points) >= 2:  # an answer too short to draft from keeps the tags
                replace_key_points(question, points, needs_review=True)
                key_point_count, drafted = len(points), True
                if unplaced:
                    self.warn(
                        record,
                        "keywords no drafted key point mentions: " + ", ".join(unplaced),
                    )
        if record.key_points is not None and not drafted:
            points = []
            for text, synonyms in record.key_points:
                if len(text) > _KEY_POINT_MAX:
                    self.warn(record, f"a key point was cut to {_KEY_POINT_MAX} characters")
                    text = text[: _KEY_POINT_MAX - 1] + "…"
                points.append((text, synonyms))
            replace_key_points(question, points, needs_review=False)
            key_point_count = len(points)
        elif not drafted:
            key_point_count = 0 if creating else question.key_points.count()
            if key_point_count == 0:
                points = draft_key_points(
                    answer=question.model_answer, question=question.text, language=language
                )
                if points:
                    replace_key_points(question, points, needs_review=True)
                    key_point_count, drafted = len(points), True
                else:
                    self.warn(record, "no answer to draft key points from; add them by hand")
        if record.follow_ups is not None:
            replace_follow_ups(question, record.follow_ups)
            if record.follow_up_answers or record.follow_up_key_points:
                follow_up_rubrics_set(
                    question,
                    record.follow_up_answers,
                    record.follow_up_key_points,
                    language=language,
                )
        if record.misconceptions is not None:
            replace_misconceptions(question, record.misconceptions)
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
                misconceptions=len(record.misconceptions or ()),
                question_id=None if self.dry_run else question.pk,
            )
        )
