"""PDF pages as images, with a quote's location boxed (pypdfium2, as the PDF loader reads them).

pypdfium2 is optional: without it, :func:`available` is false and the viewer shows the
page's text with the quote highlighted instead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from assistant.locks import PDFIUM_LOCK

__all__ = ["available", "render_page"]

_SCALE = 1.6  # 72 dpi * 1.6: readable on screen, small enough to send


def available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _needles(quote: str) -> list[str]:
    """The quote, then shorter prefixes of it: PDF text breaks lines where the loader joined them."""
    words = re.sub(r"\s+", " ", quote).strip().split(" ")
    out = [" ".join(words)]
    for size in (12, 6, 3):
        if len(words) > size:
            out.append(" ".join(words[:size]))
    return [n for n in out if n]


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
            for quote in quotes:
                for needle in _needles(quote):
                    searcher = text_page.search(needle, match_case=True)
                    hit = searcher.get_next()
                    searcher.close()
                    if hit is None:
                        continue
                    index, count = hit
                    for i in range(text_page.count_rects(index, count)):
                        left, bottom, right, top = text_page.get_rect(i)
                        box = (left * _SCALE - 2, (height - top) * _SCALE - 2, right * _SCALE + 2, (height - bottom) * _SCALE + 2)
                        overlay.rectangle(box, fill=(255, 214, 10, 90), outline=(214, 158, 0, 255), width=2)
                    found += 1
                    break
            text_page.close()
            # A thin frame shows where the (usually white) page ends on the white app background.
            overlay.rectangle((0, 0, image.width - 1, image.height - 1), outline=(190, 190, 190, 255), width=2)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            return buffer.getvalue(), found
        finally:
            pdf.close()
