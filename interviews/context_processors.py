from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from interviews.selectors.comments import staff_comments_new_count_for_user


def staff_comments(request: HttpRequest) -> dict[str, int | Callable[[], int]]:
    """`new_staff_comments`: the navigation's unread badge. Templates call a callable
    when they use it, so the count is read only by a page that shows it, once (cached for
    this request), and only for a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"new_staff_comments": 0}

    @cache
    def new_staff_comments() -> int:
        return staff_comments_new_count_for_user(user=user)

    return {"new_staff_comments": new_staff_comments}
