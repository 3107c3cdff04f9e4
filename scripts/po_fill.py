"""Fills empty msgstr entries of a .po catalogue from a JSON {msgid: msgstr} file.

Usage: python scripts/po_fill.py locale/ko/LC_MESSAGES/django.po translations.json
       python scripts/po_fill.py locale/ko/LC_MESSAGES/django.po --missing  (lists msgids)
Plural entries are filled from a list value [singular, plural] or a single string.
"""

import json
import sys
from pathlib import Path


def _unquote(block: list[str]) -> str:
    return "".join(json.loads(line) for line in block)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def parse(path: Path) -> list[list[str]]:
    return [entry.splitlines() for entry in path.read_text(encoding="utf-8").split("\n\n")]


def _field(lines: list[str], key: str) -> tuple[int, int] | None:
    for i, line in enumerate(lines):
        if line.startswith(key + " "):
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
            return i, j
    return None


def _value(lines: list[str], key: str) -> str | None:
    span = _field(lines, key)
    if span is None:
        return None
    i, j = span
    first = lines[i][len(key) + 1 :]
    return _unquote([first, *lines[i + 1 : j]])


def main() -> None:
    path = Path(sys.argv[1])
    entries = parse(path)
    if sys.argv[2] == "--missing":
        missing = {}
        for lines in entries:
            msgid = _value(lines, "msgid")
            if not msgid:
                continue
            fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
            if _value(lines, "msgid_plural") is not None:
                if not _value(lines, "msgstr[0]") or fuzzy:
                    missing[msgid] = ""
            elif not _value(lines, "msgstr") or fuzzy:
                missing[msgid] = ""
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return
    translations = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    out = []
    for lines in entries:
        msgid = _value(lines, "msgid")
        if msgid and msgid in translations:
            value = translations[msgid]
            lines = [
                line.replace(", fuzzy", "") if line.startswith("#,") else line for line in lines
            ]
            lines = [line for line in lines if line != "#" and line.strip() != "#,"]
            lines = [line for line in lines if not line.startswith("#| ")]
            if _value(lines, "msgid_plural") is not None:
                forms = value if isinstance(value, list) else [value]
                span = _field(lines, "msgstr[0]")
                if span:
                    i, j = span
                    lines[i:j] = [f"msgstr[0] {_quote(forms[0])}"]
                    k = 1
                    while (span := _field(lines, f"msgstr[{k}]")) is not None:
                        lines[span[0] : span[1]] = []
                        k += 1
            else:
                span = _field(lines, "msgstr")
                if span:
                    i, j = span
                    lines[i:j] = [f"msgstr {_quote(value)}"]
        out.append("\n".join(lines))
    path.write_text("\n\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
