"""The Korean catalogue is complete: every message of the templates and of the socket's
frames is in it, translated (not empty, not fuzzy), and compiled into the .mo Django reads.
After adding a string: `make messages`, translate the new entries, and commit both files."""

import ast
import gettext
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
TEMPLATES = ROOT / "templates"
FRAMES = ROOT / "interviews" / "frames.py"
TEMPLATE_SUFFIXES = {".html", ".txt", ".md"}  # what `make messages` extracts
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None
    msgstrs: list[str]
    fuzzy: bool


def _entries(text: str) -> dict[str, Entry]:
    """The live entries of a .po file (obsolete `#~` ones and the header left out)."""
    entries: dict[str, Entry] = {}
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#") and " " in line:
                key, value = line.split(" ", 1)
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            entries[fields["msgid"]] = Entry(
                msgid=fields["msgid"],
                msgid_plural=fields.get("msgid_plural"),
                msgstrs=[v for k, v in fields.items() if k.startswith("msgstr")],
                fuzzy=any(line.startswith("#,") and "fuzzy" in line for line in lines),
            )
    return entries


CATALOGUE_ENTRIES = _entries(CATALOGUE.read_text(encoding="utf-8"))

# `templatize` turns a template into the gettext calls makemessages reads.
_CALL = re.compile(r"\b(n?gettext)\(((?:\s*u'(?:[^'\\]|\\.)*'\s*,?)+)")
_LITERAL = re.compile(r"u('(?:[^'\\]|\\.)*')")


def _template_messages(path: Path) -> set[str]:
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for _name, literals in _CALL.findall(source):
        # The singular is the msgid (a plural's second literal is its msgid_plural).
        found.add(ast.literal_eval(_LITERAL.findall(literals)[0]))
    return found


def _python_messages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT_NAMES
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def _messages_in_use() -> dict[str, set[str]]:
    """msgid → the files (relative to the project) that use it."""
    used: dict[str, set[str]] = {}
    paths = [p for p in TEMPLATES.rglob("*") if p.suffix in TEMPLATE_SUFFIXES]
    for path in paths:
        for msgid in _template_messages(path):
            used.setdefault(msgid, set()).add(str(path.relative_to(ROOT)))
    for msgid in _python_messages(FRAMES):
        used.setdefault(msgid, set()).add(str(FRAMES.relative_to(ROOT)))
    return used


def _untranslated(entry: Entry | None) -> bool:
    return entry is None or entry.fuzzy or not all(s.strip() for s in entry.msgstrs)


def test_the_walk_finds_the_messages_it_is_meant_to():
    used = _messages_in_use()

    assert "templates/interviews/export.md" in used["Date"]
    assert "interviews/frames.py" in used["Hints are only available in practice mode."]
    # A blocktranslate with a plural, by its singular.
    assert "templates/interviews/progress.html" in used["%(counter)s interview"]
    assert _untranslated(None)
    assert _untranslated(Entry("Date", None, [""], fuzzy=False))
    assert _untranslated(Entry("Date", None, ["날짜"], fuzzy=True))


def test_every_message_of_the_templates_and_frames_has_a_korean_translation():
    missing = {
        msgid: sorted(files)
        for msgid, files in _messages_in_use().items()
        if _untranslated(CATALOGUE_ENTRIES.get(msgid))
    }

    assert missing == {}, "run `make messages` and translate these"


def test_no_entry_of_the_catalogue_is_left_empty_or_fuzzy():
    untranslated = [m for m, entry in CATALOGUE_ENTRIES.items() if _untranslated(entry)]

    assert untranslated == []


def test_the_compiled_catalogue_is_up_to_date():
    with COMPILED.open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = [
        entry.msgid
        for entry in CATALOGUE_ENTRIES.values()
        if not entry.fuzzy
        and (
            translations.ngettext(entry.msgid, entry.msgid_plural, 1)
            if entry.msgid_plural
            else translations.gettext(entry.msgid)
        )
        != entry.msgstrs[0]
    ]

    assert stale == [], "run `make messages` (compilemessages) and commit the .mo"
