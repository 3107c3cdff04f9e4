from django.urls import path  # noqa: F401  (views are added by the live-interview work)

app_name = "interviews"

urlpatterns: list = []
