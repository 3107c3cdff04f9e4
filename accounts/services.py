from django.utils import translation

from accounts.models import Language, User


def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_set_language(*, user: User | None, language: str) -> str:
    """Validates a language choice and remembers it on the profile of a logged-in user."""
    if language not in Language.values:
        language = translation.get_language() or Language.ENGLISH
    if user is not None and user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return language
