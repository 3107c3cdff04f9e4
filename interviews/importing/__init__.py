"""Reading question files (CSV, JSON/JSONL, Markdown, .docx notes) into plain records.

Parsing lives here and writes nothing; `interviews.services.bank.questions_import`
turns the records into rows inside one transaction.
"""

from interviews.importing.errors import ImportFileError
from interviews.importing.readers import SUPPORTED_EXTENSIONS, read_records
from interviews.importing.records import ImportReport, ItemResult, Problem, QuestionRecord

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ImportFileError",
    "ImportReport",
    "ItemResult",
    "Problem",
    "QuestionRecord",
    "read_records",
]
