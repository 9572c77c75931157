"""The source viewer's PDF pages: rendered with pypdfium2, the quote's location boxed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.test_loaders import make_pdf
from ui import pdfpages

pytestmark = pytest.mark.skipif(not pdfpages.available(), reason="pypdfium2 is not installed")


def _yellow_rows(png: bytes) -> list[int]:
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        return [
            y for y in range(height)
            if any((lambda p: p[0] > 200 and p[1] > 180 and p[2] < 170)(rgb.getpixel((x, y))) for x in range(0, width, 4))
        ]


def test_the_quote_is_boxed_on_its_own_page(tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(make_pdf([["Annual report.", "Ships arrived."],
                              ["The harbour master counted 733 ships.", "Most came from the north."]]))
    png, found = pdfpages.render_page(pdf, 2, ["The harbour master counted 733 ships."])
    assert found == 1
    rows = _yellow_rows(png)
    assert rows and max(rows) - min(rows) < 60  # one line boxed, near the top where the text is
    assert min(rows) < 250
    plain, none = pdfpages.render_page(pdf, 1, ["The harbour master counted 733 ships."])
    assert none == 0 and not _yellow_rows(plain)


def test_bad_pages_and_files_are_value_errors(tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(make_pdf([["One page."]]))
    with pytest.raises(ValueError, match="no page 3"):
        pdfpages.render_page(pdf, 3, [])
    broken = tmp_path / "b.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    with pytest.raises(ValueError, match="cannot open"):
        pdfpages.render_page(broken, 1, [])


def test_a_quote_the_page_breaks_over_two_lines_is_boxed_whole(tmp_path: Path) -> None:
    pdf = tmp_path / "w.pdf"
    pdf.write_bytes(make_pdf([["The harbour master counted 733 ships and most of", "them came from the north that spring.",
                               "Trade fell later."]]))
    png, found = pdfpages.render_page(pdf, 1, ["The harbour master counted 733 ships and most of them came from the north that spring."])
    assert found == 1
    rows = _yellow_rows(png)
    # Both lines (14 pt apart, 1.6 px a point) are boxed, the third is not.
    assert 14 * 1.6 < max(rows) - min(rows) < 2 * 14 * 1.6 + 10


def test_locate_reads_the_page_as_the_loader_does() -> None:
    page = "The harbour master coun\ufffe\r\nted 733 ships and\r\nmost of them came from the north.\r\nNew para\ufb01les."
    quote = "The harbour master counted 733 ships and most of them came from the north."
    start, end = pdfpages.locate(page, quote)
    assert page[start:end].startswith("The harbour") and page[start:end].endswith("north.")
    assert pdfpages.locate(page, "parafiles.") == (page.index("para"), len(page))
    # A quote running on to the next page: its beginning here, at least three words of it.
    start, end = pdfpages.locate(page, "came from the north. The next page goes on")
    assert page[start:end] == "came from the north."
    assert pdfpages.locate(page, "north. The ships") is None
    assert pdfpages.locate(page, "nothing of the kind here") is None
