"""PDF (pypdfium2): the text of each page as a reader sees it, with page spans, headings
from the document outline, and document information as metadata.

PDFium places words by their glyph positions, so words stay apart in files whose fonts have
no space glyph (where a content-stream reader runs them together), and it marks a word
hyphenated across a line break. What a page prints besides its text is left out
(:mod:`._pdflayout`): running headers and footers, page numbers, table-of-contents leader
lines. A heading of the outline (bookmarks) becomes a paragraph of its own and a heading of
the document, so its section is answer evidence as an HTML heading is; a document without an
outline has its headings told by their larger type.
"""

from __future__ import annotations

from pathlib import Path

from ..locks import PDFIUM_LOCK
from ..types import HeadingSpan, MetaValue, PageSpan
from ._common import _CONTROL, _SPACES, _clean_title, _describe, _fail, _ParsedWithHeadings
from ._pdflayout import (
    OutlineEntry,
    body_size,
    font_marks,
    footnotes,
    outline_marks,
    place_headings,
    repeated_furniture,
    run_on_pages,
    sized_lines,
)

_ENCRYPTED_HINT = "save an unencrypted copy and ingest that"


def _parse_pdf(data: bytes, path: Path, source: str) -> _ParsedWithHeadings:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if b"%PDF-" not in data[:1024]:
        raise _fail(source, "not a PDF file (no %PDF header)", "check the file's type and extension")
    # PDFium is one C library with global state: every call into it is serialised.
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                raise _fail(source, "encrypted PDF (needs a password)", _ENCRYPTED_HINT) from exc
            if code == pdfium_c.FPDF_ERR_SECURITY:
                raise _fail(source, "encrypted PDF that cannot be decrypted here", _ENCRYPTED_HINT) from exc
            raise _fail(source, f"corrupt PDF ({_describe(exc)})") from exc
        try:
            pages, failures = _page_texts(pdf)
            outline = _outline(pdf)
            info = _info(pdf)
        finally:
            pdf.close()
    if not any(raw for raw, _ in pages) and failures:
        raise _fail(source, f"corrupt PDF: no page could be read ({_describe(failures[0])})") from failures[0]

    sized = [sized_lines(raw, sizes) for raw, sizes in pages]
    drop = repeated_furniture([[line for line, _ in page] for page in sized])
    kept = [[ls for j, ls in enumerate(page) if (i, j) not in drop] for i, page in enumerate(sized)]
    lines = [[line for line, _ in page] for page in kept]
    # The outline names the headings when there is one; else the type they are set in does.
    marks = outline_marks(lines, outline) if outline else font_marks(kept)
    # Footnotes start a block of their own: they do not run on from the page's last sentence.
    notes = footnotes(kept)
    blocks, heading_at, note_blocks = place_headings(lines, marks, notes)
    # A sentence the page break cuts reads on across it, the page's footnotes before it.
    blocks, joins = run_on_pages(blocks, heading_at, note_blocks, lines, notes)

    spans: list[PageSpan] = []
    headings: list[HeadingSpan] = []
    offset = 0
    text = ""
    for number, page_blocks in enumerate(blocks, start=1):
        if not page_blocks:
            continue
        if spans:
            # The break joining this page to the previous one: a blank line, unless a sentence
            # runs on across it (one space or a line break).
            joiner = joins[number - 2] if blocks[number - 2] else "\n\n"
            text += joiner
            offset += len(joiner)
        start = offset
        for k, block in enumerate(page_blocks):
            if k:
                offset += 2
            level = heading_at.get((number - 1, k))
            if level is not None:
                headings.append(HeadingSpan(level=level, start=offset, end=offset + len(block)))
            offset += len(block)
        spans.append(PageSpan(page=number, start=start, end=offset))
        text += "\n\n".join(page_blocks)

    metadata: dict[str, MetaValue] = {"pages": len(pages)}
    if failures:
        metadata["unreadable_pages"] = len(failures)
    title = _strip_office_prefix(info.get("Title", ""))
    if info.get("Author"):
        metadata["authors"] = info["Author"]
    if info.get("Subject"):
        metadata["subject"] = info["Subject"]
    created = _pdf_date(info.get("CreationDate", ""))
    if created:
        metadata["date"] = created
    if not _clean_title(title) and text:
        title = _title_line(kept) or text.lstrip().split("\n", 1)[0]
    return title, text, metadata, spans, headings


def _title_line(pages: list[list[tuple[str, float]]]) -> str:
    """The title a document without one in its information dictionary shows: the line of its
    first page with text set in the largest type, when that is larger than the body text's."""
    first = next((page for page in pages if page), [])
    body = body_size(pages)
    lines = [(size, k, line) for k, (line, size) in enumerate(first) if any(ch.isalpha() for ch in line)]
    if not lines or not body:
        return ""
    size, _, line = max(lines, key=lambda x: (x[0], -x[1]))
    return line.strip() if size > body else ""


def _page_texts(pdf: object) -> tuple[list[tuple[str, list[float]]], list[BaseException]]:
    """Each page's text with the font size of each of its characters (("", []) for a page
    that cannot be read), and what went wrong."""
    import pypdfium2.raw as pdfium_c

    texts: list[tuple[str, list[float]]] = []
    failures: list[BaseException] = []
    for index in range(len(pdf)):  # type: ignore[arg-type]
        try:
            page = pdf[index]  # type: ignore[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                # One size per UTF-16 unit of the text; a character outside the BMP takes two.
                sizes = [pdfium_c.FPDFText_GetFontSize(textpage.raw, i) for i in range(textpage.count_chars())]
                texts.append((text, sizes if len(sizes) == len(text) else []))
            finally:
                textpage.close()
                page.close()
        except Exception as exc:  # noqa: BLE001 - one broken page should not lose the others
            failures.append(exc)
            texts.append(("", []))
    return texts, failures


def _outline(pdf: object) -> list[OutlineEntry]:
    """The outline's entries that point at a page, in document order; [] when there is none."""
    entries: list[OutlineEntry] = []
    try:
        for item in pdf.get_toc():  # type: ignore[attr-defined]
            dest = item.get_dest()
            page = dest.get_index() if dest is not None else None
            title = _SPACES.sub(" ", _CONTROL.sub(" ", item.get_title() or "")).strip()
            if page is not None and title:
                entries.append(OutlineEntry(level=item.level + 1, title=title, page=page))
    except Exception:  # noqa: BLE001, S112 - a broken outline only costs the headings
        return []
    return entries


def _info(pdf: object) -> dict[str, str]:
    """The document information dictionary, values with whitespace collapsed."""
    try:
        raw = pdf.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a broken info dictionary only costs the title
        return {}
    return {k: _SPACES.sub(" ", _CONTROL.sub(" ", str(v))).strip() for k, v in raw.items()}


def _pdf_date(raw: str) -> str:
    """A PDF date ("D:20240301120000+01'00'") as an ISO date ("2024-03-01"), or ""."""
    digits = raw.strip().removeprefix("D:")[:8]
    if len(digits) == 8 and digits.isdigit() and "01" <= digits[4:6] <= "12" and "01" <= digits[6:] <= "31":
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return ""


def _strip_office_prefix(title: str) -> str:
    title = title.strip()
    for prefix in ("Microsoft Word - ", "Microsoft PowerPoint - "):
        title = title.removeprefix(prefix)
    if title.lower() in {"untitled", "untitled document", "title"}:
        return ""
    return title
