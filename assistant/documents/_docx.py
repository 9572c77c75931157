"""DOCX (python-docx): paragraphs and table rows, core properties as metadata; zip bombs refused."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..types import HeadingSpan, MetaValue
from ._common import (
    _CONTROL,
    _MAX_DOCX_UNCOMPRESSED,
    _MAX_DOCX_XML,
    _NEWLINES,
    _SPACES,
    _describe,
    _fail,
    _ParsedWithHeadings,
)


def _parse_docx(data: bytes, path: Path, source: str) -> _ParsedWithHeadings:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not data.startswith(b"PK"):
        raise _fail(source, "not a DOCX file (not a zip archive)", "check the file's type and extension")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            infos = archive.infolist()
            inflated = sum(info.file_size for info in infos)
            xml = sum(info.file_size for info in infos if info.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail(source, f"corrupt DOCX (broken zip archive: {_describe(exc)})") from exc
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise _fail(source, "encrypted DOCX", "save an unencrypted copy and ingest that")
        raise _fail(source, "not a Word document (word/document.xml is missing)")
    # Checked from the archive's directory, before anything is decompressed (zipfile never
    # inflates a member past the size its directory entry states).
    if inflated > _MAX_DOCX_UNCOMPRESSED or xml > _MAX_DOCX_XML:
        what, size, limit = (
            ("its XML", xml, _MAX_DOCX_XML) if xml > _MAX_DOCX_XML else ("it", inflated, _MAX_DOCX_UNCOMPRESSED)
        )
        raise _fail(
            source,
            f"DOCX would unpack to {size / 1048576:.0f} MB ({what}; the limit is {limit // 1048576} MB): "
            f"{len(data) / 1024:.0f} KB compressed that far is a decompression bomb or far too long a document",
            "split the document into smaller files",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _fail(source, f"corrupt DOCX ({_describe(exc)})") from exc

    paragraphs: list[str] = []
    headings: list[HeadingSpan] = []
    first_heading = ""
    offset = 0

    def add(text: str) -> int:
        """Append a paragraph; its start offset in the joined text."""
        nonlocal offset
        start = offset + (2 if paragraphs else 0)  # the "\n\n" before it
        paragraphs.append(text)
        offset = start + len(text)
        return start

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _docx_paragraph_text(block.text)
            if not text:
                continue
            style = _style_name(block)
            if not first_heading and (style == "title" or style.startswith("heading")):
                first_heading = text
            start = add(text)
            level = _heading_level(style)
            if level is not None:
                # Word's built-in heading styles ("Heading 1" ...) mark the document's sections.
                headings.append(HeadingSpan(level=level, start=start, end=start + len(text)))
        elif isinstance(block, Table):
            for row in _docx_table_rows(block):
                add(row)

    metadata: dict[str, MetaValue] = {}
    title = ""
    try:
        props = document.core_properties
        title = props.title or ""
        if props.author:
            metadata["authors"] = _SPACES.sub(" ", props.author).strip()
        if props.subject:
            metadata["subject"] = _SPACES.sub(" ", props.subject).strip()
        if props.created is not None:
            metadata["date"] = props.created.date().isoformat()
    except Exception:  # noqa: BLE001, S110 - broken document properties only cost metadata
        pass
    return title or first_heading, "\n\n".join(paragraphs), metadata, [], headings


def _heading_level(style: str) -> int | None:
    """The level of a built-in heading style ("heading 2" -> 2), else None."""
    m = re.fullmatch(r"heading\s*([1-9])", style)
    return int(m.group(1)) if m else None


def _style_name(paragraph: Any) -> str:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - a dangling style reference is not worth failing over
        return ""
    return (name or "").strip().lower()


def _docx_paragraph_text(text: str) -> str:
    text = _CONTROL.sub(" ", _NEWLINES.sub("\n", text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _docx_table_rows(table: Any) -> Iterator[str]:
    """One line per row, cells joined by " | "; a merged cell counts once."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat the same element
                continue
            seen.add(id(cell._tc))
            text = _SPACES.sub(" ", _docx_paragraph_text(cell.text)).strip()
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)
