"""Bytes to text: byte-order marks, declared encodings, UTF-16 without a mark, UTF-8 with
a cp1252 fallback; binary data is refused."""

from __future__ import annotations

import codecs
import re

from ..errors import LoaderError
from ._common import _CONTROL, _MAX_CONTROL_SHARE, _NEWLINES, _fail


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode each byte that is not UTF-8 as cp1252 (latin-1 for its five unused bytes).

    Files mixing UTF-8 with a legacy Windows encoding, and plain cp1252 files, then read
    as their authors wrote them instead of failing or turning every accent into mojibake.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_char(b) for b in bad), error.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error("assistant-cp1252", _cp1252_fallback)


def _decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes to text with newlines normalised; binary data raises :class:`LoaderError`.

    Order: a byte-order mark; the encoding the file declares (HTML); UTF-16 without a mark
    (recognised by its zero bytes); UTF-8 with cp1252 for any byte that is not UTF-8.
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _fail(
                    source,
                    f"undecodable text: the file starts with a {encoding} mark but is not {encoding}",
                    "re-save it as UTF-8",
                ) from exc
            break
    if text is None and declared:
        text = _decode_declared(data, declared)
    if text is None and b"\x00" in data:
        text = _decode_utf16_without_bom(data)
        if text is None:
            raise _fail(
                source, "binary data (contains NUL bytes), not text", "convert it to a supported format"
            )
    if text is None:
        text = data.decode("utf-8", errors="assistant-cp1252")
    if "\x00" in text:
        raise _fail(
            source, "binary data (contains NUL characters), not text", "convert it to a supported format"
        )
    controls = len(text) - len(_CONTROL.sub("", text))
    if controls and controls > _MAX_CONTROL_SHARE * len(text):
        raise _fail(
            source,
            "binary data (too many control characters), not text",
            "convert it to a supported format or re-save it as UTF-8",
        )
    return _NEWLINES.sub("\n", text)


def _decode_declared(data: bytes, declared: str) -> str | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec in {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"}:
        # Browsers read latin-1/ascii labels as windows-1252; UTF-8 gets the mixed fallback.
        return (
            data.decode("utf-8", errors="assistant-cp1252")
            if codec == "utf-8"
            else data.decode("cp1252", errors="assistant-cp1252")
        )
    if codec.startswith(("utf-16", "utf-32")):
        return None  # no mark: fall through to the zero-byte heuristic
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a mark: mostly-ASCII text has a zero in every other byte."""
    if len(data) < 2 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros >= 0.4 * half and even_zeros < 0.1 * half:
        encoding = "utf-16-le"
    elif even_zeros >= 0.4 * half and odd_zeros < 0.1 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
