"""The cohort's progress as rows for the CSV export (the dashboard's figures, flattened)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from accounts.models import Cohort, User
from interviews.models import Topic

from .dashboard import TopicCell, cohort_progress_for_staff


@dataclass(frozen=True)
class ExportRow:
    candidate: User
    track: str
    topic: str
    answers: int
    topic_average: float | None
    sessions_30d: int
    average_30d: float | None
    last_activity: datetime | None
    risks: list[str]


def cohort_export_rows_for_staff(*, staff: User, cohort: Cohort) -> Iterable[ExportRow]:
    """One row per candidate per topic answered (a candidate with none gets one blank row)."""
    dashboard = cohort_progress_for_staff(staff=staff, cohort=cohort, sort="name")
    for row, heat in zip(dashboard.rows, dashboard.heatmap, strict=True):
        cells: list[tuple[Topic | None, TopicCell]] = [
            (t, c) for t, c in zip(dashboard.topics, heat.cells, strict=True) if c.answers
        ]
        if not cells:
            cells = [(None, TopicCell(average=None, answers=0))]
        for topic, cell in cells:
            yield ExportRow(
                candidate=row.candidate,
                track=topic.track.display_name if topic else "",
                topic=topic.display_name if topic else "",
                answers=cell.answers,
                topic_average=cell.average,
                sessions_30d=row.sessions_30d,
                average_30d=None if row.average is None else round(row.average, 1),
                last_activity=row.last_activity,
                risks=row.risks,
            )
