"""PDF (pypdf): page texts with page spans, document information as metadata."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ..errors import LoaderError
from ..types import MetaValue, PageSpan
from ._common import _CONTROL, _NEWLINES, _SPACES, _clean_title, _describe, _fail, _Parsed


# pypdf logs every repair it makes to a broken file; without a handler of its own those
# lines would reach stderr through logging's last resort and bury the one-line LoaderError.
# Applications that configure logging still receive them through propagation.
logging.getLogger("pypdf").addHandler(logging.NullHandler())



def _parse_pdf(data: bytes, path: Path, source: str) -> _Parsed:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise _fail(source, "not a PDF file (no %PDF header)", "check the file's type and extension")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise _fail(source, f"corrupt PDF ({_describe(exc)})") from exc

    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise _fail(
                source,
                "encrypted PDF that cannot be decrypted here",
                "save an unencrypted copy and ingest that",
            ) from exc
        if not unlocked:
            raise _fail(
                source, "encrypted PDF (needs a password)", "save an unencrypted copy and ingest that"
            )

    try:
        page_list = list(reader.pages)
    except FileNotDecryptedError as exc:
        raise _fail(
            source, "encrypted PDF (needs a password)", "save an unencrypted copy and ingest that"
        ) from exc
    except Exception as exc:
        raise _fail(source, f"corrupt PDF: cannot read its pages ({_describe(exc)})") from exc

    pieces: list[str] = []
    spans: list[PageSpan] = []
    failures: list[BaseException] = []
    offset = 0
    for number, page in enumerate(page_list, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page should not lose the others
            failures.append(exc)
            continue
        text = _clean_pdf_text(raw)
        if not text:
            continue
        if pieces:
            offset += 2  # the "\n\n" joining this page to the previous one
        spans.append(PageSpan(page=number, start=offset, end=offset + len(text)))
        pieces.append(text)
        offset += len(text)
    if not pieces and failures:
        raise _fail(source, f"corrupt PDF: no page could be read ({_describe(failures[0])})") from failures[0]

    text = "\n\n".join(pieces)
    metadata: dict[str, MetaValue] = {"pages": len(page_list)}
    if failures:
        metadata["unreadable_pages"] = len(failures)
    title = ""
    try:
        info = reader.metadata
        if info is not None:
            title = _strip_office_prefix(str(info.title or ""))
            if info.author:
                metadata["authors"] = _SPACES.sub(" ", str(info.author)).strip()
            if info.subject:
                metadata["subject"] = _SPACES.sub(" ", str(info.subject)).strip()
            created = _creation_date(info)
            if created:
                metadata["date"] = created
    except Exception:  # noqa: BLE001, S110 - a broken info dictionary only costs the title
        pass
    if not _clean_title(title) and text:
        title = text.lstrip().split("\n", 1)[0]
    return title, text, metadata, spans


def _creation_date(info: object) -> str:
    """/CreationDate as an ISO date ("2024-03-01"), or "" when absent or unreadable."""
    try:
        created = getattr(info, "creation_date", None)
    except Exception:  # noqa: BLE001 - a malformed date string costs only the date
        created = None
    if created is not None:
        return created.date().isoformat()
    # pypdf leaves some malformed values unparsed: "D:20240301..." still starts with the date.
    raw = str(getattr(info, "get", lambda *_: "")("/CreationDate", "") or "")
    digits = raw.removeprefix("D:")[:8]
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return ""


def _clean_pdf_text(raw: str) -> str:
    text = _NEWLINES.sub("\n", raw)
    # Extraction leaves stray control characters (unmapped glyphs) that would only add noise.
    text = _CONTROL.sub(" ", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


def _strip_office_prefix(title: str) -> str:
    title = title.strip()
    for prefix in ("Microsoft Word - ", "Microsoft PowerPoint - "):
        title = title.removeprefix(prefix)
    if title.lower() in {"untitled", "untitled document", "title"}:
        return ""
    return title
