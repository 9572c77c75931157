"""One file to one :class:`Document`: read the bytes safely, pick the parser by suffix,
clean the title; every failure is one :class:`LoaderError`."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import LoaderError
from ..types import Document, HeadingSpan, MetaValue
from ._common import (
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    _FORMATS,
    _SPACES,
    _SUPPORTED_LIST,
    _clean_title,
    _describe,
    _fail,
    _Parsed,
    _ParsedWithHeadings,
)
from ._discover import source_name
from ._docx import _parse_docx
from ._html import _parse_html
from ._markdown import _parse_markdown, _parse_text
from ._pdf import _parse_pdf


def load(path: Path, *, corpus_dir: Path) -> Document:
    """Read one file into a :class:`Document` named by :func:`source_name`.

    Raises :class:`LoaderError` (and nothing else) when the file is missing, empty, larger
    than 50 MB, binary, undecodable, corrupt, encrypted, has no extractable text, or more
    text than :data:`MAX_TEXT_CHARS` (one limit for every format).
    ``metadata`` always holds ``format`` and ``bytes``.
    """
    path = Path(path)
    source = source_name(path, corpus_dir)
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise _fail(
            source, f"unsupported file type {suffix or '(no extension)'}", f"supported: {_SUPPORTED_LIST}"
        )
    data = _read_bytes(path, source)
    try:
        parsed = _PARSERS[fmt](data, path, source)
        title, text, metadata, pages = parsed[:4]
        headings: list[HeadingSpan] = list(parsed[4]) if len(parsed) > 4 else []  # type: ignore[misc]
    except LoaderError:
        raise
    except Exception as exc:
        label = {"pdf": "PDF", "docx": "DOCX", "html": "HTML"}.get(fmt, "text")
        raise _fail(source, f"corrupt or unreadable {label} file ({_describe(exc)})") from exc
    if not text.strip():
        raise _fail(source, "no extractable text", _no_text_hint(fmt))
    if len(text) > MAX_TEXT_CHARS:
        raise _fail(
            source,
            f"too much text ({len(text) / 1e6:.1f} million characters; the limit is {MAX_TEXT_CHARS / 1e6:.1f} million)",
            "split the document into smaller files",
        )
    clean: dict[str, MetaValue] = {k: v for k, v in metadata.items() if k not in {"format", "bytes"}}
    clean["format"] = fmt
    clean["bytes"] = len(data)
    return Document(
        source=source,
        title=_clean_title(title) or _title_from_stem(path),
        text=text,
        metadata=clean,
        pages=tuple(pages),
        headings=tuple(headings),
    )


def _no_text_hint(fmt: str) -> str:
    if fmt == "pdf":
        return "the PDF may be scanned images; run OCR on it first"
    return "add text to the file or remove it"


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise _fail(source, "not found", "check the path") from exc
    except OSError as exc:
        raise _fail(source, f"cannot read the file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _fail(source, "not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _fail(
            source,
            f"file too large ({_size(info.st_size, MAX_FILE_BYTES)} > {MAX_FILE_BYTES // 1048576} MB)",
            "split the file into smaller documents",
        )
    try:
        with open(path, "rb") as handle:
            # read(n) allocates n bytes up front, so ask for the size stat() reported plus
            # one byte; only a file that grew since then is read on, still bounded by the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise _fail(source, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise _fail(
            source,
            f"file too large (> {MAX_FILE_BYTES // 1048576} MB)",
            "split the file into smaller documents",
        )
    if not data.strip():
        raise _fail(source, "empty file", "add text to the file or remove it")
    return data


def _size(n: int, limit: int) -> str:
    """``n`` bytes for a message comparing it with ``limit``: in MB, with as many decimals
    as it takes to differ from the limit (50.0 MB would read as equal to 50 MB)."""
    for decimals in (1, 2, 3, 4, 5, 6):
        shown = f"{n / 1048576:.{decimals}f}"
        if float(shown) != limit / 1048576:
            return f"{shown} MB"
    return f"{n:,} bytes"


def _title_from_stem(path: Path) -> str:
    words = _SPACES.sub(" ", re.sub(r"[-_]+", " ", path.stem)).strip()
    return (words[:1].upper() + words[1:]) if words else path.name


_PARSERS: Mapping[str, Callable[[bytes, Path, str], _Parsed | _ParsedWithHeadings]] = {
    "md": _parse_markdown,
    "txt": _parse_text,
    "html": _parse_html,
    "pdf": _parse_pdf,
    "docx": _parse_docx,
}
