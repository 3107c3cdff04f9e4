"""Writes to interviewer personas: every save is kept as a version; one is active."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from interviews.engine.types import PersonaSpec
from interviews.models import InterviewerPersona, PersonaVersion

DEFAULT_PERSONA_NAME = "기본 면접관 / Default interviewer"
# Short on purpose: the engine's own instructions (Korean and English) carry the
# grading rules; the persona only sets the voice.
DEFAULT_PERSONA_INSTRUCTIONS = (
    "당신은 주니어 개발자를 면접하는 차분하고 공정한 기술 면접관입니다. "
    "한 번에 한 질문만 하고, 지원자의 답을 끝까지 들은 뒤 맞은 점, 빠진 점, "
    "개선할 점을 구체적이고 친절하게 알려 주세요. 지원자가 먼저 답하기 전에는 "
    "모범 답안을 알려 주지 마세요.\n\n"
    "You are a calm, fair technical interviewer for junior developers. Ask one question "
    "at a time, listen to the whole answer, then say specifically and kindly what was "
    "right, what was missing and how to improve. Do not reveal the model answer before "
    "the candidate has tried."
)
ACTIVATION_CONFLICT = _("Another persona was activated at the same moment; please save again.")
# User-facing error messages of a restore; the tests import them.
RESTORE_UNCHANGED = _("This version is already the persona's current text; nothing to restore.")
RESTORE_NOT_ALLOWED = _("You may not change interviewer personas.")

# What a version records of its persona, and so what a restore brings back.
_VERSIONED_FIELDS = ("name", "instructions", "tone", "language")


class PersonaConflictError(Exception):
    pass


class PersonaRestoreError(Exception):
    """A restore refused for a reason the curator can read (message is translated)."""


def persona_save(
    *, persona: InterviewerPersona, user: User | AnonymousUser | None = None
) -> InterviewerPersona:
    """Saves the persona and records the saved state as a new PersonaVersion.

    Activating it deactivates every other persona in the same transaction (the
    database allows only one active row).
    """
    persona.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            if persona.is_active:
                # Lock every persona row so two activations cannot interleave.
                others = InterviewerPersona.objects.select_for_update().order_by("pk")
                if persona.pk:
                    others = others.exclude(pk=persona.pk)
                ids = [p.pk for p in others if p.is_active]
                if ids:
                    InterviewerPersona.objects.filter(pk__in=ids).update(is_active=False)
            persona.save()
            # Serialises version numbers per persona.
            InterviewerPersona.objects.select_for_update().filter(pk=persona.pk).exists()
            latest = persona.versions.aggregate(latest=Max("version"))["latest"] or 0
            PersonaVersion.objects.create(
                persona=persona,
                version=latest + 1,
                name=persona.name,
                instructions=persona.instructions,
                tone=persona.tone,
                language=persona.language,
                edited_by=user if isinstance(user, User) else None,
            )
    except IntegrityError as exc:
        raise PersonaConflictError(ACTIVATION_CONFLICT) from exc
    return persona


def persona_activate(
    *, persona: InterviewerPersona, user: User | AnonymousUser | None = None
) -> InterviewerPersona:
    persona.is_active = True
    return persona_save(persona=persona, user=user)


def _has_text_of(persona: InterviewerPersona, version: PersonaVersion) -> bool:
    return all(getattr(persona, name) == getattr(version, name) for name in _VERSIONED_FIELDS)


def persona_version_is_current(*, version: PersonaVersion) -> bool:
    """Whether the persona's current text is the version's (restoring it would change nothing)."""
    return _has_text_of(version.persona, version)


def persona_restore_version(
    *, version: PersonaVersion, user: User | AnonymousUser
) -> PersonaVersion:
    """Makes an earlier version the persona's current text again; returns the new version.

    History is never rewritten: the restored text is saved through `persona_save`, which
    appends a version edited by `user`. Whether the persona is active does not change.
    Raises PermissionDenied unless `user` may change personas, PersonaRestoreError when the
    version is already the current text, ValidationError if its text no longer validates.
    """
    if not user.has_perm("interviews.change_interviewerpersona"):
        raise PermissionDenied(RESTORE_NOT_ALLOWED)
    with transaction.atomic():
        # Every persona row, in the order persona_save locks them, so `is_active` is read
        # fresh and a concurrent activation waits instead of being undone by this save.
        locked = InterviewerPersona.objects.select_for_update().order_by("pk")
        persona = next((p for p in locked if p.pk == version.persona_id), None)
        if persona is None:
            raise InterviewerPersona.DoesNotExist("The version's persona was deleted.")
        if _has_text_of(persona, version):
            raise PersonaRestoreError(RESTORE_UNCHANGED)
        for name in _VERSIONED_FIELDS:
            setattr(persona, name, getattr(version, name))
        persona_save(persona=persona, user=user)
        return persona.versions.latest("version")


def persona_create_default(*, user: User | None = None) -> InterviewerPersona:
    persona = InterviewerPersona(
        name=DEFAULT_PERSONA_NAME,
        instructions=DEFAULT_PERSONA_INSTRUCTIONS,
        tone=InterviewerPersona.Tone.FRIENDLY,
        language="ko",
        is_active=not InterviewerPersona.objects.filter(is_active=True).exists(),
    )
    return persona_save(persona=persona, user=user)


def persona_spec(persona: InterviewerPersona | PersonaVersion) -> PersonaSpec:
    return PersonaSpec(
        name=persona.name,
        instructions=persona.instructions,
        tone=persona.tone,
        language=persona.language,
    )
