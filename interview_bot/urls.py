from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from interview_bot import views
from interviews.admin import bank_analytics_view, bank_changes_view

# The admin's own login would bypass allauth's lockout (ACCOUNT_RATE_LIMITS): sign in
# through allauth first, then the admin lets staff in.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("interviews/", include("interviews.urls")),
    path("staff/", include("interviews.staff_urls")),
    # The bank's audit trail and analytics: admin pages (its login and permission checks).
    path(
        "admin/interviews/changes/",
        admin.site.admin_view(bank_changes_view),
        name="bank_changes",
    ),
    path(
        "admin/interviews/analytics/",
        admin.site.admin_view(bank_analytics_view),
        name="bank_analytics",
    ),
    path("admin/", admin.site.urls),
]

handler403 = "interview_bot.views.permission_denied"
handler404 = "interview_bot.views.page_not_found"
handler500 = "interview_bot.views.server_error"
# allauth looks this name up in ROOT_URLCONF when a rate limit is hit.
handler429 = "interview_bot.views.rate_limited"
