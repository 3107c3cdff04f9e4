from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("cohorts/join/", views.join_cohort, name="join_cohort"),
    path("cohorts/join/<str:code>/", views.join_cohort, name="join_cohort_code"),
    path("cohorts/<int:cohort_id>/leave/", views.leave_cohort, name="leave_cohort"),
]
