from django.urls import path

from interviews.views import assignments, history, interview, progress, voice

app_name = "interviews"

urlpatterns = [
    path("start/", interview.start, name="start"),
    path(
        "assignments/<int:assignment_id>/start/",
        assignments.start_assignment,
        name="assignment_start",
    ),
    path("<int:session_id>/", interview.interview, name="interview"),
    path("<int:session_id>/transcribe/", voice.transcribe, name="transcribe"),
    path("history/", history.history, name="history"),
    path("history/<int:session_id>/", history.history_detail, name="history_detail"),
    path("history/<int:session_id>/delete/", history.history_delete, name="history_delete"),
    path("history/<int:session_id>/export.md", history.history_export, name="history_export"),
    path("progress/", progress.progress, name="progress"),
    path("progress/practise/", progress.practise, name="practise"),
]
