"""Bootcamp staff pages, mounted at /staff/ (views in interviews/views/staff.py)."""

app_name = "staff"

urlpatterns: list = []
