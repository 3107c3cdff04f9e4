"""Bootcamp staff pages (/staff/): thin adapters over interviews.selectors.staff.

Anonymous visitors are sent to log in; anyone who is not bootcamp staff, and staff asking
for a cohort they do not follow, get 404 so nothing about other cohorts leaks
(`access.staff_required`, `access.cohort_for_staff`). One module per page, named like the
selectors module it reads: `cohorts`, `dashboard`, `candidates`, `transcripts`,
`calibration`, `export`, `assignments`, `usage` (LLM usage and budgets); the forms are in
`forms`.
"""

from .access import cohort_for_staff, staff_required
from .assignments import assignment_delete, assignment_edit, assignment_new
from .calibration import calibration
from .candidates import candidate_detail
from .cohorts import cohort_list, invite_renew
from .dashboard import dashboard
from .export import csv_safe, export_csv
from .forms import (
    AssignmentForm,
    CohortBudgetForm,
    CohortCreateForm,
    InviteRenewForm,
    TurnReviewForm,
)
from .transcripts import transcript, turn_review
from .usage import cohort_budget, usage_list

__all__ = [
    "AssignmentForm",
    "CohortBudgetForm",
    "CohortCreateForm",
    "InviteRenewForm",
    "TurnReviewForm",
    "assignment_delete",
    "assignment_edit",
    "assignment_new",
    "calibration",
    "candidate_detail",
    "cohort_budget",
    "cohort_for_staff",
    "cohort_list",
    "csv_safe",
    "dashboard",
    "export_csv",
    "invite_renew",
    "staff_required",
    "transcript",
    "turn_review",
    "usage_list",
]
