"""Bytes to text, strictly: a file in the wrong encoding is refused, never guessed at.

Silently decoding CP949 as Latin-1 would import mojibake that looks fine to the
parser; refusing with the byte position (and a hint) is kinder to the curator.
"""

import codecs

from interviews.importing import errors
from interviews.importing.errors import ImportFileError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, *, encoding: str | None = None) -> str:
    if not data or not data.strip():
        raise ImportFileError(str(errors.EMPTY_FILE))
    chosen = encoding or "utf-8"
    if not encoding:
        for bom, name in _BOMS:
            if data.startswith(bom):
                chosen = name
                break
    try:
        codecs.lookup(chosen)
    except LookupError as exc:
        raise ImportFileError(str(errors.UNKNOWN_ENCODING % {"encoding": chosen})) from exc
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            str(errors.NOT_UTF8 % {"encoding": chosen.upper(), "position": exc.start})
        ) from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        # NUL bytes mean a binary file (or UTF-16 without a BOM) that happened to decode.
        raise ImportFileError(
            str(errors.NOT_UTF8 % {"encoding": chosen.upper(), "position": text.index("\x00")})
        )
    if not text.strip():
        raise ImportFileError(str(errors.EMPTY_FILE))
    return text
