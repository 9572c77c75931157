"""PDF pages as images, with a quote's location boxed (pypdfium2, as the PDF loader reads them).

pypdfium2 is optional: without it, :func:`available` is false and the viewer shows the
page's text with the quote highlighted instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from assistant.documents import fold_page_text
from assistant.locks import PDFIUM_LOCK

__all__ = ["available", "locate", "render_page"]

_SCALE = 1.6  # 72 dpi * 1.6: readable on screen, small enough to send
_MIN_WORDS = 3  # the shortest beginning or end of a quote that is boxed on its own


def available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def locate(page_text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``page_text`` (PDFium's text of one page): the first and the
    one-past-last character index of the whole quote, wherever the page breaks its lines;
    else of its longest beginning or end on the page (a quote that runs on to the next page,
    or starts on the one before), at least three words; None when not even that is there."""
    folded, where = fold_page_text(page_text)
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
