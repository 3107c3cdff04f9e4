"""Bytes to text: UTF-8, UTF-16 or Korean CP949 / EUC-KR, recognised without a flag.

Korean files exported on Windows come as UTF-8 with a BOM (Excel "CSV UTF-8"),
UTF-16 (Excel "Unicode text"), or CP949 (Excel "CSV", Notepad "ANSI"). A BOM decides;
without one, NUL bytes on one side of each pair mean UTF-16, strict UTF-8 is tried
next, then CP949 (a superset of EUC-KR), kept only if the result reads as Korean.
Anything else is refused with the byte position: silently decoding it as Latin-1
would import mojibake that looks fine to the parser.
"""

import codecs
import re
import unicodedata

from interviews.importing import errors
from interviews.importing.errors import ImportFileError

# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Controls other than tab, newline, carriage return and form feed mean binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Real Korean text uses the common Hangul and symbols of KS X 1001 (lead bytes A1-C8,
# trail bytes A1-FE); other bytes read as CP949 give rare syllables and Hanja instead
# (Shift-JIS Japanese: none of them common, GBK Chinese: under half).
_MIN_COMMON_KOREAN_SHARE = 0.8
# NUL bytes never occur in UTF-8 text; a few, nearly all on one side of each byte
# pair, are the ASCII characters of UTF-16 without a BOM.
_MIN_NULS = 2
_MIN_NUL_PARITY_SHARE = 0.9


def decode_text(data: bytes, *, encoding: str | None = None) -> str:
    if not data or not data.strip(b" \t\r\n\x00"):
        raise ImportFileError(str(errors.EMPTY_FILE))
    text = _decode_as(data, encoding) if encoding else _detect_and_decode(data)
    text = text.lstrip("\ufeff")
    control = _CONTROL.search(text)
    if control:
        # NUL and other controls mean a binary file that happened to decode.
        line = text.count("\n", 0, control.start()) + 1
        raise ImportFileError(str(errors.BINARY_TEXT % {"line": line}))
    if not text.strip():
        raise ImportFileError(str(errors.EMPTY_FILE))
    return text


def _decode_as(data: bytes, encoding: str) -> str:
    """The curator named the encoding: use it strictly (a BOM of that family is dropped)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise ImportFileError(str(errors.UNKNOWN_ENCODING % {"encoding": encoding})) from exc
    if name == "utf-8":
        name = "utf-8-sig"
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            str(errors.NOT_UTF8 % {"encoding": encoding.upper(), "position": exc.start})
        ) from exc


def _detect_and_decode(data: bytes) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError as exc:
                raise _undecodable(data, exc.start) from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        raise _undecodable(data, utf8_error.start) from utf8_error
    if not _reads_as_korean(text):
        raise _undecodable(data, utf8_error.start) from utf8_error
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 or even_nuls + odd_nuls < _MIN_NULS:
        return None
    if odd_nuls >= _MIN_NUL_PARITY_SHARE * (even_nuls + odd_nuls):
        name = "utf-16-le"  # "A\x00": the high byte comes second
    elif even_nuls >= _MIN_NUL_PARITY_SHARE * (even_nuls + odd_nuls):
        name = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text) or not _reads_as_text(text):
        return None
    return text


def _reads_as_text(text: str) -> bool:
    """No private-use or unassigned code points: what binary data decodes to."""
    return not any(unicodedata.category(ch) in {"Co", "Cn", "Cs"} for ch in text)


def _reads_as_korean(text: str) -> bool:
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    if not foreign:
        return True
    common = 0
    for ch in foreign:
        encoded = ch.encode("cp949", errors="replace")
        if len(encoded) == 2 and 0xA1 <= encoded[0] <= 0xC8 and encoded[1] >= 0xA1:
            common += 1
    return common / len(foreign) >= _MIN_COMMON_KOREAN_SHARE


def _undecodable(data: bytes, position: int) -> ImportFileError:
    line = data.count(b"\n", 0, position) + 1
    return ImportFileError(str(errors.UNDECODABLE % {"line": line, "position": position}))
