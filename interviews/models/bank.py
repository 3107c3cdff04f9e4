"""The question bank that curators maintain in the admin."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from interviews.models.audit import BankHistory

# The audit trail (django-simple-history, see audit.py): every save of a curated row keeps
# a snapshot with who and when. The timestamp the snapshot has anyway, and the figures the
# rubric-health check computes, are left out so a diff shows only what a curator changed.
_NOT_AUDITED = ["updated_at"]


class QuestionLanguage(models.TextChoices):
    KOREAN = "ko", "한국어"
    ENGLISH = "en", "English"


class Difficulty(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    MID = "mid", _("Mid-level")
    SENIOR = "senior", _("Senior")


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class _BilingualName(models.Model):
    name = models.CharField(_("name (English)"), max_length=100)
    name_ko = models.CharField(_("name (Korean)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the language of the current request."""
        return self.name_in(get_language() or "")

    def name_in(self, language: str) -> str:
        """The name in `language` (an interview's, say): Korean when it has a Korean name."""
        if language.startswith("ko") and self.name_ko:
            return self.name_ko
        return self.name


class Track(_BilingualName):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = BankHistory()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")


class Topic(_BilingualName):
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="topics", verbose_name=_("track")
    )
    slug = models.SlugField(_("slug"), max_length=60)

    history = BankHistory()

    class Meta:
        ordering = ["track", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["track", "slug"], name="unique_topic_slug_per_track")
        ]


class Question(models.Model):
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="questions", verbose_name=_("track")
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("topic"),
    )
    text = models.TextField(_("question"))
    language = models.CharField(
        _("language"), max_length=2, choices=QuestionLanguage.choices, db_index=True
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.JUNIOR
    )
    model_answer = models.TextField(_("model answer"), blank=True)
    hint = models.TextField(_("hint"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.DRAFT,
        db_index=True,
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    # Stable identity for idempotent imports: an id given by the file, or a hash of
    # the normalised question text when the file has none.
    external_id = models.CharField(_("external id"), max_length=120, unique=True)
    # Rubric health (services.bank.health): the model answer's score on its own rubric,
    # and whether the rubric can be met at all. Null until checked.
    rubric_score = models.PositiveSmallIntegerField(_("model answer score"), null=True, blank=True)
    rubric_healthy = models.BooleanField(_("rubric can be met"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = BankHistory(excluded_fields=[*_NOT_AUDITED, "rubric_score", "rubric_healthy"])

    class Meta:
        ordering = ["track", "topic", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["track", "language", "difficulty", "status"])]

    def __str__(self) -> str:
        return self.text[:80]


class KeyPoint(models.Model):
    """One thing a good answer covers; graded covered / partly / missed."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="key_points", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("key point"), max_length=300)
    synonyms = models.JSONField(
        _("synonyms"), default=list, blank=True, help_text=_("Other words for the same idea.")
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Drafted automatically from the answer; a curator should check it."),
    )

    history = BankHistory()

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("key point")
        verbose_name_plural = _("key points")

    def __str__(self) -> str:
        return self.text


class FollowUp(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("follow-up question"))
    key_point = models.ForeignKey(
        KeyPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("probes key point"),
    )
    # The follow-up's own rubric: its answer is graded on these, not on the parent's.
    model_answer = models.TextField(_("model answer"), blank=True)
    key_points = models.JSONField(
        _("key points"),
        default=list,
        blank=True,
        help_text=_('[{"text": "...", "synonyms": ["..."]}]; empty: the probed key point.'),
    )

    history = BankHistory()

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.text[:80]


class Misconception(models.Model):
    """A wrong claim candidates commonly make; an answer asserting it contradicts the key
    point it denies."""

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="misconceptions",
        verbose_name=_("question"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("misconception"), max_length=300)
    correction = models.CharField(_("correction"), max_length=300, blank=True)
    key_point = models.ForeignKey(
        KeyPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="misconceptions",
        verbose_name=_("denies key point"),
    )

    history = BankHistory()

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("misconception")
        verbose_name_plural = _("misconceptions")

    def __str__(self) -> str:
        return self.text


class ReferenceDocument(models.Model):
    title = models.CharField(_("title"), max_length=200)
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("track"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=QuestionLanguage.choices, default="ko"
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    content = models.TextField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = BankHistory(excluded_fields=_NOT_AUDITED)

    class Meta:
        ordering = ["title"]
        verbose_name = _("reference document")
        verbose_name_plural = _("reference documents")

    def __str__(self) -> str:
        return self.title


class ReferenceChunk(models.Model):
    document = models.ForeignKey(
        ReferenceDocument,
        on_delete=models.CASCADE,
        related_name="chunks",
        verbose_name=_("document"),
    )
    order = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("reference chunk")
        verbose_name_plural = _("reference chunks")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="unique_chunk_order")
        ]

    def __str__(self) -> str:
        return f"{self.document} #{self.order}"


class InterviewerPersona(models.Model):
    """The interviewer's voice. One is active; every save is kept as a version."""

    class Tone(models.TextChoices):
        FRIENDLY = "friendly", _("Friendly and encouraging")
        NEUTRAL = "neutral", _("Neutral and precise")
        STRICT = "strict", _("Strict, like a real panel")

    name = models.CharField(_("name"), max_length=100)
    instructions = models.TextField(_("system instructions"))
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices, default=Tone.FRIENDLY)
    language = models.CharField(
        _("language"), max_length=2, choices=QuestionLanguage.choices, default="ko"
    )
    is_active = models.BooleanField(_("active"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = BankHistory(excluded_fields=_NOT_AUDITED)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("interviewer persona")
        verbose_name_plural = _("interviewer personas")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="only_one_active_persona",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PersonaVersion(models.Model):
    persona = models.ForeignKey(
        InterviewerPersona,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("persona"),
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=100)
    instructions = models.TextField(_("system instructions"))
    tone = models.CharField(_("tone"), max_length=10)
    language = models.CharField(_("language"), max_length=2)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["persona", "-version"]
        verbose_name = _("persona version")
        verbose_name_plural = _("persona versions")
        constraints = [
            models.UniqueConstraint(fields=["persona", "version"], name="unique_persona_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
