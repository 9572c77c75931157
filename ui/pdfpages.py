"""PDF pages as images, with a quote's location boxed (pypdfium2, as the PDF loader reads them).

pypdfium2 is optional: without it, :func:`available` is false and the viewer shows the
page's text with the quote highlighted instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from assistant.locks import PDFIUM_LOCK

__all__ = ["available", "locate", "render_page"]

_SCALE = 1.6  # 72 dpi * 1.6: readable on screen, small enough to send


def available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


# Characters PDFium reports for a line broken inside a word (a soft hyphen the loader drops,
# joining the word's halves) and typographic ligatures the loader reads as their letters.
_BREAK_HYPHENS = "\ufffe\u00ad"
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_MIN_WORDS = 3


def _folded(page_text: str) -> tuple[str, list[int]]:
    """The page's text as the loader reads it (whitespace runs as one space, a word broken
    across lines whole, ligatures as letters), with the page's character index of each of
    its characters."""
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(page_text):
        ch = page_text[i]
        if ch in _BREAK_HYPHENS:
            # The hyphen and the line break after it go: the word's halves join.
            i += 1
            while i < len(page_text) and page_text[i] in "\r\n":
                i += 1
            continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            i += 1
            continue
        for letter in _LIGATURES.get(ch, ch):
            out.append(letter)
            where.append(i)
        i += 1
    return "".join(out), where


def locate(page_text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``page_text`` (PDFium's text of one page): the first and the
    one-past-last character index of the whole quote, wherever the page breaks its lines;
    else of its longest beginning or end on the page (a quote that runs on to the next page,
    or starts on the one before), at least three words; None when not even that is there."""
    folded, where = _folded(page_text)
    words = quote.split()
    for size in range(len(words), min(len(words), _MIN_WORDS) - 1, -1):
        for part in dict.fromkeys((" ".join(words[:size]), " ".join(words[-size:]))):
            at = folded.find(part) if part else -1
            if at >= 0:
                return where[at], where[at + len(part) - 1] + 1
    return None


def render_page(path: Path, page: int, quotes: Sequence[str]) -> tuple[bytes, int]:
    """Page ``page`` (1-based) of the PDF at ``path`` as PNG bytes, each of ``quotes`` found
    on it boxed in yellow; also returns how many quotes were found. Raises ``ValueError``
    when the file cannot be read as a PDF or has no such page."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    # The loader may be reading another PDF in this process: PDFium takes one caller at a time.
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise ValueError(f"cannot open {path.name} as a PDF: {exc}") from exc
        try:
            if not 1 <= page <= len(pdf):
                raise ValueError(f"{path.name} has no page {page}")
            pdf_page = pdf[page - 1]
            height = pdf_page.get_height()
            image = pdf_page.render(scale=_SCALE).to_pil().convert("RGB")
            overlay = ImageDraw.Draw(image, "RGBA")
            text_page = pdf_page.get_textpage()
            found = 0
            page_text = text_page.get_text_range()
            for quote in quotes:
                span = locate(page_text, quote)
                if span is None:
                    continue
                index, end = span
                for i in range(text_page.count_rects(index, end - index)):
                    left, bottom, right, top = text_page.get_rect(i)
                    box = (left * _SCALE - 2, (height - top) * _SCALE - 2, right * _SCALE + 2, (height - bottom) * _SCALE + 2)
                    overlay.rectangle(box, fill=(255, 214, 10, 90), outline=(214, 158, 0, 255), width=2)
                found += 1
            text_page.close()
            # A thin frame shows where the (usually white) page ends on the white app background.
            overlay.rectangle((0, 0, image.width - 1, image.height - 1), outline=(190, 190, 190, 255), width=2)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            return buffer.getvalue(), found
        finally:
            pdf.close()
