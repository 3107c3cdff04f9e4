"""Plain data passed between the readers, the import service and its callers."""

from dataclasses import asdict, dataclass, field


@dataclass
class QuestionRecord:
    """One question as read from a file, before it is matched against the bank."""

    text: str
    location: str  # "line 12", "paragraph 7", "question 3": where a curator finds it
    model_answer: str = ""
    external_id: str = ""
    track: str = ""
    topic: str = ""
    language: str = ""
    difficulty: str = ""
    hint: str = ""
    source: str = ""
    status: str = ""
    # (text, synonyms) pairs; None means "the file says nothing about key points".
    key_points: list[tuple[str, list[str]]] | None = None
    follow_ups: list[str] | None = None
    # (wrong claim, correction) pairs; None means "the file says nothing about them".
    misconceptions: list[tuple[str, str]] | None = None
    # A follow-up's own model answer, by its text, where the file gives one.
    follow_up_answers: dict[str, str] = field(default_factory=dict)
    # A follow-up's own key points, by its text, where the file gives them.
    follow_up_key_points: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    section: str = ""  # the heading above it in notes: a hint for its topic (or track)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    location: str
    message: str
    level: str = "error"  # "error": the question was skipped; "warning": imported anyway

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True)
class ItemResult:
    """What happened to one question (the dry-run report lists these)."""

    location: str
    action: str  # "created" | "updated" | "skipped"
    text: str
    external_id: str = ""
    track: str = ""
    key_points: int = 0
    drafted_key_points: bool = False
    misconceptions: int = 0
    reason: str = ""
    question_id: int | None = None  # the row written (None when skipped, or a dry run)


@dataclass
class ImportReport:
    filename: str = ""
    file_format: str = ""
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.skipped

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def misconceptions(self) -> int:
        return sum(item.misconceptions for item in self.items)

    @property
    def need_a_look(self) -> int:
        """Imported questions a curator should read before publishing: drafted key points
        or a warning."""
        warned = {p.location for p in self.warnings}
        return sum(
            1
            for item in self.items
            if item.action != "skipped" and (item.drafted_key_points or item.location in warned)
        )

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, skipped {self.skipped}"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        """The report a background job stored (`to_json`)."""
        values = dict(data)
        problems = [Problem(**problem) for problem in values.pop("problems", [])]
        items = [ItemResult(**item) for item in values.pop("items", [])]
        return cls(**values, problems=problems, items=items)
