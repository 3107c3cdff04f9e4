"""The cohort's progress as rows for the CSV export (the dashboard's figures, flattened)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from accounts.models import Cohort, User
from interviews.models import Assignment, Topic
from interviews.selectors.assignments import AssignmentState

from .dashboard import CohortDashboard, TopicCell, cohort_progress_for_staff


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
    # The state of each of the cohort's assignments (`CohortExport.assignments`' order).
    assignments: list[AssignmentState]


@dataclass(frozen=True)
class CohortExport:
    assignments: list[Assignment]  # one column each
    rows: Iterable[ExportRow]


def cohort_export_for_staff(*, staff: User, cohort: Cohort) -> CohortExport:
    """The export's assignment columns and its rows: one per candidate per topic answered
    (a candidate with none gets one blank row)."""
    dashboard = cohort_progress_for_staff(staff=staff, cohort=cohort, sort="name")
    return CohortExport(assignments=dashboard.assignments.assignments, rows=_rows(dashboard))


def _rows(dashboard: CohortDashboard) -> Iterable[ExportRow]:
    progress = dashboard.assignments.progress
    for row, heat in zip(dashboard.rows, dashboard.heatmap, strict=True):
        states = [item.state_by_candidate[row.candidate.pk] for item in progress]
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
                assignments=states,
            )
