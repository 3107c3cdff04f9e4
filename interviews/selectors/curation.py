"""Who may read the curators' pages (the audit trail, the bank's analytics)."""

from django.core.exceptions import PermissionDenied

from accounts.models import User


def curator_check(*, user: User) -> None:
    """PermissionDenied unless `user` is a curator who may open the admin (or a superuser)."""
    if not (user.is_authenticated and user.is_staff and user.is_curator):
        raise PermissionDenied
