"""Property tests: whatever bytes a file holds, ``load`` returns a Document or raises LoaderError."""

from __future__ import annotations

import re
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import LoaderError
from assistant.documents import SUPPORTED_SUFFIXES, load
from assistant.types import Document
from tests.test_loaders import make_docx, make_pdf

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = sorted(SUPPORTED_SUFFIXES)


def _load_bytes(data: bytes, suffix: str) -> Document | None:
    """Load ``data`` written with ``suffix``; ``None`` when it was rejected with a LoaderError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sample{suffix}"
        path.write_bytes(data)
        try:
            document = load(path, corpus_dir=Path(folder))
        except LoaderError as exc:
            message = str(exc)
            assert message.startswith(f"Cannot load sample{suffix}: ")
            assert "\n" not in message
            return None
    _check_document(document, suffix)
    return document


def _check_document(document: Document, suffix: str) -> None:
    assert document.source == f"sample{suffix}"
    assert document.text.strip()
    assert "\x00" not in document.text and "\r" not in document.text
    assert document.title and "\n" not in document.title
    assert document.metadata["format"] in {"md", "txt", "html", "pdf", "docx"}
    assert isinstance(document.metadata["bytes"], int)
    previous_end = 0
    for span in document.pages:
        assert previous_end <= span.start < span.end <= len(document.text)
        previous_end = span.end
    # Every value must survive a JSON/Chroma round trip as text.
    document.text.encode("utf-8")
    document.title.encode("utf-8")


@PROFILE
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_escape_as_other_errors(data: bytes, suffix: str) -> None:
    _load_bytes(data, suffix)


@PROFILE
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=500),
    encoding=st.sampled_from(
        ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"]
    ),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_odd_encodings(text: str, encoding: str, suffix: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    _load_bytes(data, suffix)


@PROFILE
@given(
    words=st.lists(
        st.text(
            st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc")),
            min_size=1,
            max_size=30,
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_readable_utf8_and_latin1_text_round_trips(words: list[str]) -> None:
    """Printable text saved as UTF-8 loads verbatim; Latin-1 text too, when it has no C1 characters."""
    text = " ".join(words)
    if not text.strip():
        return
    document = _load_bytes(text.encode("utf-8"), ".txt")
    assert document is not None and document.text == text
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        return
    document = _load_bytes(latin, ".txt")
    assert document is not None
    assert document.text == latin.decode("cp1252", errors="replace") or document.text == text


@PROFILE
@given(
    utf8_part=st.text(alphabet="naïve café ∑ — abc", min_size=1, max_size=40),
    legacy_part=st.text(alphabet="résumé déjà vu", min_size=1, max_size=40),
)
def test_mixed_utf8_and_latin1_reads_both_parts(utf8_part: str, legacy_part: str) -> None:
    data = utf8_part.encode("utf-8") + b"\n" + legacy_part.encode("latin-1")
    document = _load_bytes(data, ".txt")
    if utf8_part.strip() or legacy_part.strip():
        assert document is not None
        # Leading blank lines are the one thing the text loader drops.
        assert document.text == re.sub(r"\A(?:[ \t]*\n)+", "", f"{utf8_part}\n{legacy_part}")


_PDF_PAGES = [["Attacks rose along the border.", "Second line."], ["Talks stalled in 2022."]]
_VALID_PDF = make_pdf(_PDF_PAGES, title="Border study")
_VALID_DOCX = make_docx()


@PROFILE
@given(cut=st.integers(min_value=0, max_value=len(_VALID_PDF)))
def test_truncated_pdf(cut: int) -> None:
    document = _load_bytes(_VALID_PDF[:cut], ".pdf")
    if document is not None:
        # Whatever survives the cut, it is text from the file, never invented.
        words = {word for page in _PDF_PAGES for line in page for word in line.split()}
        assert set(document.text.split()) <= words


@PROFILE
@given(cut=st.integers(min_value=0, max_value=len(_VALID_DOCX)))
def test_truncated_docx(cut: int) -> None:
    document = _load_bytes(_VALID_DOCX[:cut], ".docx")
    if cut < len(_VALID_DOCX):
        # The zip directory sits at the end: no prefix of the file is a readable archive.
        assert document is None
    else:
        assert document is not None


@PROFILE
@given(position=st.integers(min_value=0, max_value=len(_VALID_PDF) - 1), value=st.integers(0, 255))
def test_pdf_with_one_corrupted_byte(position: int, value: int) -> None:
    _load_bytes(_VALID_PDF[:position] + bytes([value]) + _VALID_PDF[position + 1 :], ".pdf")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_two_megabyte_single_line_loads_in_bounded_memory(suffix: str) -> None:
    line = ("The study expects attacks to persist " * 60_000)[: 2 * 1024 * 1024]
    data = line.encode("utf-8")

    tracemalloc.start()
    try:
        document = _load_bytes(data, suffix)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    print(f"\n{suffix}: 2 MB single line, peak traced memory {peak / 1048576:.1f} MB")
    assert document is not None
    assert document.text.strip() == line.strip()
    assert peak < 200 * 1024 * 1024
