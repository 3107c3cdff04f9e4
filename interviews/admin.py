from django.contrib import admin

from interviews.models import Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "track", "language", "difficulty", "status"]
