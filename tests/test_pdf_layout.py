"""A PDF page's lines as a reader reads them: page furniture left out, words whole again,
outline headings as blocks of their own (pure functions, and the loader on real PDFs)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.documents import chunk_document, load
from assistant.types import page_range
from assistant.documents._pdflayout import (
    OutlineEntry,
    font_marks,
    footnotes,
    outline_marks,
    page_lines,
    paragraphs,
    place_headings,
    run_on_pages,
    reflow,
    repeated_furniture,
    sized_lines,
)
from tests.test_loaders import make_pdf

ROOT = Path(__file__).resolve().parent.parent
MAINT_GUIDE = ROOT / "evals" / "dev" / "maint-guide" / "docs" / "maint-guide.en.pdf"


_WORDS = ("north", "south", "east", "west", "inner", "outer", "upper", "lower", "old", "new", "far", "near")


def _body(i: int) -> list[str]:
    """Five lines of text of page ``i``, none repeating another page's (no page-counting numbers)."""
    w = _WORDS[i % len(_WORDS)]
    return [f"The {w} quay tells of the harbour.", f"Its {w} wall is of stone.", "Boats moored along it.", f"The {w} gate opens early.", f"The {w} tide came in at {i * i + 5} past."]


# --------------------------------------------------------------------------- page_lines


def test_page_lines_join_a_word_hyphenated_across_lines_and_split_ligatures() -> None:
    raw = "parsing and structures man\ufffeagement, and\r\nDistinguished Rules.\r\n\r\nThe ﬁle is ﬂat.  \r\n"
    assert page_lines(raw) == ["parsing and structures management, and", "Distinguished Rules.", "The file is flat."]
    assert page_lines("Debian Main\ufffe\r\ntainers read it") == ["Debian Maintainers read it"]
    assert page_lines("a soft\u00ad\nhyphen") == ["a softhyphen"]


# --------------------------------------------------------------------------- furniture


def test_a_running_header_whose_number_counts_with_the_pages_is_furniture() -> None:
    pages = [[f"Harbour Report {i + 1} / 9", *_body(i)] for i in range(9)]
    drop = repeated_furniture(pages)
    assert drop == {(i, 0) for i in range(9)}


def test_identical_header_and_bare_page_numbers_are_furniture() -> None:
    pages = [["Harbour Report", *_body(i), str(i + 1)] for i in range(4)]
    drop = repeated_furniture(pages)
    assert drop == {(i, j) for i in range(4) for j in (0, 6)}
    assert repeated_furniture([["Harbour Report", *_body(0), "vii"]]) == {(0, 6)}
    assert repeated_furniture([["Page 3 of 12", *_body(0)]]) == {(0, 0)}


def test_chapter_headers_of_short_chapters_go_by_their_page_number() -> None:
    # Each chapter's header recurs on two pages only; its number counts with the pages.
    pages = []
    for i in range(8):
        chapter = i // 2 + 1
        pages.append([f"Chapter {chapter}: Topic {'ABCD'[chapter - 1]} {i + 3}", *_body(i)])
    assert repeated_furniture(pages) == {(i, 0) for i in range(8)}


def test_a_heading_that_recurs_at_page_tops_and_text_that_does_not_repeat_stay() -> None:
    # "Chapter 1", "Chapter 2", ... do not count with the pages: they are headings.
    pages = [[f"Chapter {i + 1}", f"Topic number {i}", *_body(i)] for i in range(0, 12, 3)]
    assert repeated_furniture(pages) == set()
    # A line that recurs in the middle of pages is text, not furniture.
    assert all((i, 2) not in repeated_furniture([_body(i) for i in range(6)]) for i in range(6))
    assert repeated_furniture([_body(i) for i in range(6)]) == set()
    # Too few pages to tell a running header from text.
    assert repeated_furniture([["Harbour Report", *_body(0)], ["Harbour Report", *_body(1)]]) == set()


def test_table_of_contents_leader_lines_are_furniture_anywhere() -> None:
    pages = [
        [
            "Table of Contents",
            "1 Introduction . . . . . . . . . . . . . 1",
            "2.1 ASN.1 syntax. . . . . . . . . . . 2",
            "Appendix A Copying ........ iv",
            "all the rest (libraries, help system, . . . ). This is the home",
            "More to come soon . . .",
        ]
    ]
    assert repeated_furniture(pages) == {(0, 1), (0, 2), (0, 3)}


def test_table_of_contents_entries_without_leaders_beside_dotted_ones_are_furniture() -> None:
    # A typeset table of contents sets its chapters' lines in bold without leader dots, and a
    # long title wraps with its leaders on the next line.
    page = [
        "Contents",
        "1 Getting started 1",
        "1.1 Social dynamics . . . . . . . . . . . 1",
        "1.2 Programs needed . . . . . . . . . . . 3",
        "2 First steps 6",
        "2.1 Why does the output from anova() depend on the",
        "order of factors in the model? . . . . . . . 7",
        "A Advanced packaging 53",
    ]
    assert repeated_furniture([page]) == {(0, j) for j in range(1, 8)}


def test_numbered_lines_away_from_a_table_of_contents_stay() -> None:
    # The same shapes in running text: no dotted entry beside them, so they are text; nor is a
    # sentence that opens with the article "A" one.
    page = ["2 First steps 6", "The harbour opened in 1990.", "A boat came in at 6", "1.1 Social dynamics . . . . . . 1"]
    assert repeated_furniture([page]) == {(0, 3)}
    assert repeated_furniture([["2 First steps 6", "A boat came in at 6", *_body(0)]]) == set()


def test_a_running_header_numbered_in_roman_numerals_is_furniture() -> None:
    pages = [[f"Harbour Report {numeral}", *_body(i)] for i, numeral in enumerate(["ii", "iii", "iv", "v", "vi"])]
    assert repeated_furniture(pages) == {(i, 0) for i in range(5)}
    # A title ending in a numeral that does not count with the pages is a heading.
    pages = [[f"Part {numeral}", *_body(i)] for i, numeral in enumerate(["iv", "i", "ix", "ii"])]
    assert repeated_furniture(pages) == set()


def test_the_maintainers_guide_table_of_contents_is_not_text() -> None:
    document = load(MAINT_GUIDE, corpus_dir=MAINT_GUIDE.parent)
    assert "Other files under the debian directory 29" not in document.text
    assert "Debian New Maintainers’ Guide iv" not in document.text
    assert "Other files under the debian directory" in document.text  # the chapter's heading


# --------------------------------------------------------------------------- headings


def test_outline_headings_become_blocks_of_their_own() -> None:
    pages = [
        ["Chapter 1", "Getting started The Right Way", "This document tries to describe.", "1.1 Social", "dynamics of Debian", "We all are volunteers."],
        ["Some text ends here.", "2.2. Choose your program", "You have probably chosen."],
    ]
    outline = [
        OutlineEntry(level=1, title="Getting started The Right Way", page=0),
        OutlineEntry(level=2, title="Social dynamics of Debian", page=0),
        OutlineEntry(level=2, title="Choose your program", page=0),  # points at the page before
        OutlineEntry(level=2, title="Not on any page", page=1),
    ]
    blocks, levels, _ = place_headings(pages, outline_marks(pages, outline))
    assert blocks == [
        ["Chapter 1 Getting started The Right Way", "This document tries to describe.", "1.1 Social dynamics of Debian", "We all are volunteers."],
        ["Some text ends here.", "2.2. Choose your program", "You have probably chosen."],
    ]
    assert levels == {(0, 0): 1, (0, 2): 2, (1, 1): 2}


def test_a_title_inside_a_sentence_is_no_heading() -> None:
    pages = [["See the section on Choose your program for more.", "Choose your program"]]
    blocks, levels, _ = place_headings(pages, outline_marks(pages, [OutlineEntry(level=1, title="Choose your program", page=0)]))
    assert blocks == [["See the section on Choose your program for more.", "Choose your program"]]
    assert levels == {(0, 1): 1}


def test_lines_carry_the_size_most_of_their_letters_have() -> None:
    raw = "2.1 Syntax\r\nThe parser is case sensi\ufffe\r\ntive, as a rule."
    sizes = [14.0] * 10 + [0.0, 0.0] + [10.0] * (len(raw) - 12)
    assert sized_lines(raw, sizes) == [("2.1 Syntax", 14.0), ("The parser is case sensitive, as a rule.", 10.0)]
    assert sized_lines(raw) == [("2.1 Syntax", 0.0), ("The parser is case sensitive, as a rule.", 0.0)]


def test_without_an_outline_headings_are_told_by_their_larger_type() -> None:
    body = [(f"Body text line {k} of the report goes on at some length here", 10.0) for k in range(6)]
    pages = [
        [("Chapter 1", 20.0), ("Getting Started", 17.0), *body[:3], ("1.1 Why it matters?", 14.0), *body[3:]],
        [*body[:2], ("A quote set large, for effect.", 14.0), ("2024", 17.0), ("1.2 Next steps", 14.0), *body[2:]],
    ]
    marks = font_marks(pages)
    assert marks == {0: {0: (1, 1), 5: (5, 2)}, 1: {4: (4, 2)}}
    # A document in one size has no headings by type.
    assert font_marks([[(line, 10.0) for line, _ in body]]) == {}


def test_footnotes_are_the_small_type_at_a_page_end_from_their_first_mark() -> None:
    body = [(f"Body text line {k} of the guide runs on at some length here, as body text does.", 10.0) for k in range(5)]
    pages = [
        [*body, ("Figure 2: a caption set small", 8.0), ("1The document assumes a recent system.", 8.0), ("etc., at least.", 8.0)],
        [*body, ("A small-type line with no mark", 8.0)],
        body,
    ]
    assert footnotes(pages) == {0: 6}
    blocks, _, starts = place_headings([[line for line, _ in page] for page in pages], {}, footnotes(pages))
    assert starts == {0: len(blocks[0]) - 1}
    assert blocks[0][-1] == "1The document assumes a recent system.\netc., at least."
    # Wrapped prose reads as one line; a short line (code, a list item) keeps its break.
    wrapped = ["The design of R has been influenced by two languages, S and Scheme (http://", "community.org/scheme), as the", "$ make", "runs the build."]
    assert reflow(wrapped, 60) == "The design of R has been influenced by two languages, S and Scheme (http://community.org/scheme), as the\n$ make\nruns the build."
    assert reflow(wrapped, 0) == "\n".join(wrapped)


def test_a_sentence_cut_by_a_page_break_runs_on_across_it() -> None:
    full = "A line of body text that runs right up to the margin of the page, as prose"
    pages = [
        [full, full, full, "does, and this sentence goes on after the page break because the page"],
        ["ended there. A new paragraph starts here.", "Short code line", full],
        [full, full, "$ make install", "1A footnote at the page end, in small type."],
        ["at the shell prompt installs it.", full],
        [full, full, "A page that ends its sentence with the last line of the page."],
        ["lower case, yet the sentence before ended.", full],
    ]
    blocks, levels, starts = place_headings(pages, {}, {2: 3})
    out, joins = run_on_pages(blocks, levels, starts, pages, {2: 3})
    # A wrapped line joins with a space; a short code line keeps its line break; the page's
    # footnote comes before the paragraph that runs on; a page ending a sentence, or a next
    # page opening with a capital, keeps its blank line.
    assert joins == [" ", "\n\n", "\n", "\n\n", "\n\n"]
    assert out[2] == ["1A footnote at the page end, in small type.", blocks[2][0]]
    assert out[0] == blocks[0] and out[3] == blocks[3]
    # A heading on either side of the break keeps it.
    heading = {1: {0: (0, 1)}}
    blocks, levels, starts = place_headings(pages[:2], heading)
    assert run_on_pages(blocks, levels, starts, pages[:2])[1] == ["\n\n"]


# --------------------------------------------------------------------------- the loader


def _with_outline(data: bytes, entries: list[tuple[str, int]]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for title, page in entries:
        writer.add_outline_item(title, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_loader_leaves_out_furniture_and_cuts_sections_at_outline_headings(tmp_path: Path) -> None:
    pages = [
        ["Harbour Report 1 / 4", "1 Tides", "The tide rose by a metre in 2023.", "1"],
        ["Harbour Report 2 / 4", "The ferry kept its hours.", "2 Trade", "Trade doubled over the year.", "2"],
        ["Harbour Report 3 / 4", "Cargo came from the south.", "3"],
        ["Harbour Report 4 / 4", "The port closed in winter.", "4"],
    ]
    data = _with_outline(make_pdf(pages, title="Harbour Report"), [("Tides", 0), ("Trade", 1)])
    path = tmp_path / "harbour.pdf"
    path.write_bytes(data)

    document = load(path, corpus_dir=tmp_path)

    assert "Harbour Report" not in document.text
    assert "\n1\n" not in f"\n{document.text}\n"
    assert document.text.startswith("1 Tides\n\nThe tide rose by a metre in 2023.")
    assert [document.text[h.start : h.end] for h in document.headings] == ["1 Tides", "2 Trade"]
    chunks = chunk_document(document)
    sections = {s.text: c.section for c in chunks for s in c.sentences}
    assert sections["The tide rose by a metre in 2023."] == "1 Tides"
    assert sections["Trade doubled over the year."] == "2 Trade"
    # Page spans still locate every sentence on its page.
    assert document.page_at(document.text.index("Cargo")) == 3
    assert document.page_at(document.text.index("Trade doubled")) == 2


@pytest.mark.skipif(not MAINT_GUIDE.exists(), reason="the development PDF is not in this checkout")
def test_real_pdf_reads_as_its_pages_print() -> None:
    document = load(MAINT_GUIDE, corpus_dir=MAINT_GUIDE.parent)
    text = document.text
    assert document.title == "Debian New Maintainers' Guide"
    assert document.metadata["authors"] == "Josip Rodin and Osamu Aoki"
    # Words stay apart (the fonts have no space glyph) and hyphenated words are whole.
    assert "The rewrite of this tutorial document with updated contents" in text
    assert "Guide for Debian Maintainers" in text
    assert "\ufffe" not in text
    # The running header ("Debian New Maintainers' Guide 7 / 57") is on no page any more.
    assert "/ 57" not in text
    # All 90 outline entries are headings; sections carry them.
    assert len(document.headings) == 90
    sections = {c.section for c in chunk_document(document)}
    assert "Chapter 2 First steps > 2.2 Choose your program" in sections


def test_paragraphs_end_at_a_short_line_that_ends_a_sentence() -> None:
    lines = [
        "R is a system for statistical computation and graphics. It consists of a language",
        "plus a run-time environment with graphics and a debugger.",
        "The design of R has been heavily influenced by two existing languages, S and",
        "Scheme, as the section on S explains at some length. 2",
        "Whereas the resulting language is very similar in appearance to S, the underlying",
        "implementation is derived from Scheme and its semantics.",
        "• a bullet item",
    ]
    assert paragraphs(lines) == [lines[0:2], lines[2:4], lines[4:6], lines[6:]]
    # A full line that ends a sentence does not end its paragraph; nor does a short one
    # followed by a lower-case continuation.
    run = [
        "A full line of text that happens to end its sentence right at the margin.",
        "Then more text follows on this line, as long as the first one was, or so.",
        "and a few words.",
    ]
    assert paragraphs(run) == [run]
    assert paragraphs(["short.", "lower case next"]) == [["short.", "lower case next"]]


def _typeset_pdf(pages: list[list[tuple[str, float]]]) -> bytes:
    """A PDF whose lines are set in the given sizes (Helvetica, no outline)."""
    writer = PdfWriter()
    for lines in pages:
        writer.add_blank_page(612, 792)
    data = io.BytesIO()
    writer.write(data)
    # Each page's content: one text object per line, top to bottom.
    reader = PdfReader(io.BytesIO(data.getvalue()))
    writer = PdfWriter(clone_from=reader)
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject(
        {NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"), NameObject("/BaseFont"): NameObject("/Helvetica")}
    )
    for page, lines in zip(writer.pages, pages, strict=True):
        y, ops = 760.0, []
        for text, size in lines:
            y -= size * 1.4  # each line below the last by its own size
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 {size} Tf 72 {y:.0f} Td ({escaped}) Tj ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_loader_finds_headings_by_type_in_a_pdf_without_outline(tmp_path: Path) -> None:
    text = "The harbour report covers the tides and the trade of the year in some detail."
    path = tmp_path / "report.pdf"
    path.write_bytes(
        _typeset_pdf(
            [
                [("Tides", 16.0), (text, 10.0), ("The tide rose by a metre in 2023.", 10.0)],
                [("Trade", 16.0), (text, 10.0), ("Trade doubled over the year.", 10.0)],
            ]
        )
    )
    document = load(path, corpus_dir=tmp_path)
    assert [document.text[h.start : h.end] for h in document.headings] == ["Tides", "Trade"]
    sections = {s.text: c.section for c in chunk_document(document) for s in c.sentences}
    assert sections["Trade doubled over the year."] == "Trade"


def test_loader_keeps_a_sentence_a_page_break_cuts_whole(tmp_path: Path) -> None:
    line = "The harbour report covers the tides and the trade of the year in detail,"
    path = tmp_path / "report.pdf"
    path.write_bytes(
        _typeset_pdf(
            [
                [(line, 10.0), (line, 10.0), (line, 10.0), ("and the tide tables kept by the harbour master for the spring and summer", 10.0)],
                [("season are printed at the end of it.", 10.0), (line, 10.0), (line, 10.0), ("Trade doubled over the year.", 10.0)],
            ]
        )
    )
    document = load(path, corpus_dir=tmp_path)
    sentences = [s for c in chunk_document(document) for s in c.sentences]
    cut = next(s for s in sentences if "tide tables" in s.text)
    assert cut.text.endswith("for the spring and summer season are printed at the end of it.")
    # Its quote starts on page 1 and ends on page 2.
    assert page_range(document.pages, cut.start, cut.end) == (1, 2)
    assert [p.page for p in document.pages] == [1, 2]


def test_a_pdf_without_a_title_is_named_by_its_largest_type(tmp_path: Path) -> None:
    body = "The harbour report covers the tides and the trade of the year in some detail."
    path = tmp_path / "untitled.pdf"
    path.write_bytes(_typeset_pdf([[("Internal draft i", 8.0), ("Harbour Report 2023", 22.0), (body, 10.0), (body, 10.0)]]))
    assert load(path, corpus_dir=tmp_path).title == "Harbour Report 2023"


def test_a_page_number_is_a_number_or_a_roman_numeral_not_any_word_of_those_letters() -> None:
    pages = [[*_body(i), word] for i, word in enumerate(["xiv", "did", "civil", "- 4 -"])]
    assert repeated_furniture(pages) == {(0, 5), (3, 5)}
