"""What every loader module shares: the supported formats, limits, and one error shape."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import LoaderError
from ..types import HeadingSpan, MetaValue, PageSpan

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"})
MAX_FILE_BYTES = 50 * 1024 * 1024
# One limit on the text a document may give, whatever its format (a compressed DOCX or
# PDF can hold far more text than its file size suggests). Ten million characters are
# about 5,000 pages: ingesting them embeds some 100,000 sentences (minutes on two cores)
# and the whole document is held in memory while it is, so the limit bounds both.
MAX_TEXT_CHARS = 10_000_000
# A DOCX is a zip: refuse archives that would inflate far beyond any real document
# before python-docx decompresses them into memory. Its XML is parsed into a tree about
# ten times its size, so the XML parts get a tighter limit than the whole (images included).
_MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_DOCX_XML = 32 * 1024 * 1024
# Real text has almost no control characters; random bytes decoded as cp1252/latin-1 have
# about one in nine.
_MAX_CONTROL_SHARE = 0.02
_TITLE_MAX_CHARS = 300

_FORMATS: Mapping[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED_SUFFIXES))

# Control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")
_SPACES = re.compile(r"\s+")



_Parsed = tuple[str, str, dict[str, MetaValue], list[PageSpan]]
# A parser may add the headings it saw in the markup as a fifth item.
_ParsedWithHeadings = tuple[str, str, dict[str, MetaValue], list[PageSpan], list[HeadingSpan]]


def _fail(source: str, reason: str, hint: str | None = None) -> LoaderError:
    return LoaderError(
        f"Cannot load {source}: {reason}", hint=hint or "fix or remove the file, then ingest again"
    )


def _describe(exc: BaseException) -> str:
    detail = _SPACES.sub(" ", str(exc)).strip()
    name = type(exc).__name__
    return f"{name}: {detail[:160]}" if detail else name


def _clean_title(title: str | None) -> str:
    if not title:
        return ""
    title = _CONTROL.sub(" ", title)
    title = _SPACES.sub(" ", title).strip()
    if len(title) > _TITLE_MAX_CHARS:
        title = title[: _TITLE_MAX_CHARS - 1].rstrip() + "…"
    return title
