from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which links the navigation shows: each role sees only what it may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"authenticated": False}}
    return {
        "nav": {
            "authenticated": True,
            "candidate": True,
            "staff": user.is_bootcamp_staff,
            "admin": user.is_staff and (user.is_curator or user.is_superuser),
        }
    }
