"""User-facing import errors. Messages are constants so tests and callers share them."""

from django.utils.translation import gettext_lazy as _

UNSUPPORTED_FORMAT = _(
    "Unsupported file type “%(extension)s”. Use .csv, .tsv, .json, .jsonl, .md, .txt or .docx."
)
EMPTY_FILE = _("The file is empty.")
NOT_UTF8 = _(
    "The file is not valid %(encoding)s text (byte %(position)s). "
    "Check the encoding chosen, or leave it out to have it detected."
)
UNDECODABLE = _(
    "The file's text encoding was not recognised (tried UTF-8, UTF-16 and Korean "
    "CP949/EUC-KR; the first unreadable byte is on line %(line)s, byte %(position)s). "
    "Save it as UTF-8 and import it again."
)
BINARY_TEXT = _(
    "The file is not text: it holds control characters (line %(line)s). "
    "Save it as UTF-8 text, or import the .docx itself."
)
UNKNOWN_ENCODING = _("Unknown text encoding “%(encoding)s”.")
BAD_JSON = _("The file is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
JSON_TOO_DEEP = _("The JSON is nested too deeply to be a question file.")
BAD_JSONL = _("Line %(line)s is not valid JSON: %(error)s.")
JSON_SHAPE = _(
    "The JSON must be a list of questions or an object with a “questions” list (found %(found)s)."
)
JSON_ITEM_SHAPE = _("%(location)s: each question must be a JSON object, not %(found)s.")
CSV_NO_HEADER = _("The CSV file has no header row.")
CSV_NO_QUESTION_COLUMN = _(
    "The CSV file has no question column (expected one of: %(expected)s; found: %(found)s)."
)
CSV_BROKEN = _("The CSV file could not be read: %(error)s (line %(line)s).")
BAD_DOCX = _("The .docx file could not be opened (it is damaged or not a Word document).")
# Limits (`limits.py`): each names the limit, so the curator knows what to split or fix.
FILE_TOO_LARGE = _(
    "The file is %(size)s; files over %(limit)s are not imported. Split it into smaller files."
)
DOCX_TOO_MANY_PARTS = _(
    "The .docx file holds %(count)s parts, more than the %(limit)s a Word document of notes "
    "needs; it was not opened."
)
DOCX_PART_TOO_LARGE = _(
    "The .docx file unpacks to more than %(limit)s in one part (“%(part)s”); it was not "
    "opened. Remove large embedded files, or split the notes into smaller documents."
)
DOCX_TOO_LARGE_UNPACKED = _(
    "The .docx file unpacks to more than %(limit)s in all; it was not opened. Remove large "
    "embedded files, or split the notes into smaller documents."
)
DOCX_DAMAGED_PART = _(
    "The .docx file is damaged: its part “%(part)s” does not match the size or checksum it "
    "declares. It was not opened; save the notes again from Word."
)
TOO_MANY_PARAGRAPHS = _(
    "The notes have %(count)s paragraphs; at most %(limit)s are imported from one file. "
    "Split the notes into smaller files."
)
TOO_MANY_ROWS = _(
    "The file has more than %(limit)s rows or questions; at most %(limit)s are imported "
    "from one file. Split it into smaller files."
)
NO_QUESTIONS = _("No questions were found in the file.")
UNKNOWN_TRACK = _("Unknown track “%(track)s”. Existing tracks: %(tracks)s.")
FILE_NOT_FOUND = _("File not found: %(path)s")
FILE_UNREADABLE = _("The file could not be read: %(error)s")


class ImportFileError(Exception):
    """The whole file is unusable: nothing is written and the message is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)

    def __str__(self) -> str:
        return self.message
