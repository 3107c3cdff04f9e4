"""Writes to the question bank: file imports, the starter bank, bulk curation.

`questions_import` is the one way questions enter from files (the management
command, the admin upload and the starter bank all call it). It is all-or-nothing
and idempotent: each question's identity is the file's external id or a hash of
its normalised text, so a second import updates rather than duplicates.

- `importing.py`: `questions_import` and the per-question rules;
- `import_jobs.py`: the admin's upload as a background job (RQ, or inline without Redis);
- `catalogue.py`: tracks and topics by slug or name;
- `question_parts.py`: key points and follow-ups replaced in place;
- `questions.py`: bulk curation and the engine's view of a question;
- `starter_bank.py`: the bundled tracks and questions.
"""

from interviews.services.bank.catalogue import track_for_slug
from interviews.services.bank.importing import (
    DUPLICATE_IN_FILE,
    NO_TEXT,
    NO_TRACK,
    PROGRESS_MIN_RECORDS,
    UNKNOWN_TRACK_FOR_QUESTION,
    questions_import,
)
from interviews.services.bank.questions import (
    key_points_mark_reviewed,
    misconceptions_snapshot,
    question_spec,
    questions_set_status,
)
from interviews.services.bank.starter_bank import (
    STARTER_BANK_DIR,
    StarterBankResult,
    starter_bank_load,
    tracks_load,
)

__all__ = [
    "DUPLICATE_IN_FILE",
    "NO_TEXT",
    "NO_TRACK",
    "PROGRESS_MIN_RECORDS",
    "STARTER_BANK_DIR",
    "UNKNOWN_TRACK_FOR_QUESTION",
    "StarterBankResult",
    "key_points_mark_reviewed",
    "misconceptions_snapshot",
    "question_spec",
    "questions_import",
    "questions_set_status",
    "starter_bank_load",
    "track_for_slug",
    "tracks_load",
]
