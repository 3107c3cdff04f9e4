"""What bootcamp staff read about their cohorts. Every function takes the asking staff member.

Access in one place: `cohort_get_for_staff` (accounts.selectors) decides which cohorts a
staff member follows, and everything below reaches candidates only through the cohort's
*current* candidate memberships, so a candidate who leaves disappears from every page at once.
Anything outside that raises Http404, which hides whether it exists.

`cohorts` checks access and lists a cohort's people; `activity` computes each candidate's
figures and the at-risk rules; `assignments` says who is done with each assignment;
`reviews` decides which staff reviews a cohort's pages show (its own staff's and
superusers'); `dashboard`, `candidates`, `transcripts`, `calibration`, `export` and
`usage` (LLM tokens and cost) read what each staff page shows.
"""

from .activity import (
    FALLING_DROP,
    INACTIVE_DAYS,
    STUCK_BELOW,
    STUCK_MIN_ANSWERS,
    STUCK_RECENT_DAYS,
    TOPIC_WINDOW_DAYS,
    TREND_WINDOW,
    CandidateRow,
    whole_points,
)
from .assignments import (
    AssignmentProgress,
    CohortAssignments,
    assignment_for_staff,
    cohort_assignments,
)
from .calibration import (
    CALIBRATION_TOLERANCE,
    Calibration,
    CalibrationStat,
    cohort_calibration_for_staff,
)
from .candidates import CANDIDATE_SESSIONS_SHOWN, CandidateProgress, candidate_progress_for_staff
from .cohorts import (
    CohortSummary,
    candidate_get_for_staff,
    cohort_list_for_staff,
    cohort_staff_members,
)
from .dashboard import (
    FILTERS,
    SORT_KEYS,
    TIMELINE_WEEKS,
    CohortDashboard,
    HeatmapRow,
    TopicCell,
    cohort_progress_for_staff,
)
from .export import CohortExport, ExportRow, cohort_export_for_staff
from .reviews import reviews_by_cohort_staff
from .transcripts import session_get_for_staff, session_turns_for_staff, turn_get_for_staff
from .usage import (
    CohortUsage,
    cohort_usage_for_staff,
    cohort_usage_list_for_staff,
    usage_period,
)

__all__ = [
    "CALIBRATION_TOLERANCE",
    "CANDIDATE_SESSIONS_SHOWN",
    "FALLING_DROP",
    "FILTERS",
    "INACTIVE_DAYS",
    "SORT_KEYS",
    "STUCK_BELOW",
    "STUCK_MIN_ANSWERS",
    "STUCK_RECENT_DAYS",
    "TIMELINE_WEEKS",
    "TOPIC_WINDOW_DAYS",
    "TREND_WINDOW",
    "AssignmentProgress",
    "Calibration",
    "CalibrationStat",
    "CandidateProgress",
    "CandidateRow",
    "CohortAssignments",
    "CohortDashboard",
    "CohortExport",
    "CohortSummary",
    "CohortUsage",
    "ExportRow",
    "HeatmapRow",
    "TopicCell",
    "assignment_for_staff",
    "candidate_get_for_staff",
    "candidate_progress_for_staff",
    "cohort_assignments",
    "cohort_calibration_for_staff",
    "cohort_export_for_staff",
    "cohort_list_for_staff",
    "cohort_progress_for_staff",
    "cohort_staff_members",
    "cohort_usage_for_staff",
    "cohort_usage_list_for_staff",
    "reviews_by_cohort_staff",
    "session_get_for_staff",
    "session_turns_for_staff",
    "turn_get_for_staff",
    "usage_period",
    "whole_points",
]
