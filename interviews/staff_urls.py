"""Bootcamp staff pages, mounted at /staff/ (views in the interviews/views/staff/ package)."""

from django.urls import path

from interviews.views import staff as views

app_name = "staff"

urlpatterns = [
    path("", views.cohort_list, name="cohorts"),
    path("usage/", views.usage_list, name="usage"),
    path("cohorts/<int:cohort_id>/budget/", views.cohort_budget, name="budget"),
    path("cohorts/<int:cohort_id>/assignments/new/", views.assignment_new, name="assignment_new"),
    path(
        "cohorts/<int:cohort_id>/assignments/<int:assignment_id>/edit/",
        views.assignment_edit,
        name="assignment_edit",
    ),
    path(
        "cohorts/<int:cohort_id>/assignments/<int:assignment_id>/delete/",
        views.assignment_delete,
        name="assignment_delete",
    ),
    path("cohorts/<int:cohort_id>/", views.dashboard, name="dashboard"),
    path("cohorts/<int:cohort_id>/invite/", views.invite_renew, name="invite_renew"),
    path("cohorts/<int:cohort_id>/calibration/", views.calibration, name="calibration"),
    path("cohorts/<int:cohort_id>/export.csv", views.export_csv, name="export"),
    path(
        "cohorts/<int:cohort_id>/candidates/<int:candidate_id>/",
        views.candidate_detail,
        name="candidate",
    ),
    path(
        "cohorts/<int:cohort_id>/interviews/<int:session_id>/",
        views.transcript,
        name="transcript",
    ),
    path(
        "cohorts/<int:cohort_id>/turns/<int:turn_id>/review/",
        views.turn_review,
        name="turn_review",
    ),
]
