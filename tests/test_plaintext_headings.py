"""Headings of plain text, read from its layout (assistant/documents/_plaintext.py): numbered
lines, "Q:" lines, underlined lines, lines in capitals and questions over indented answers open
sections; a table of contents and prose do not; and the sections reach the chunks."""

from __future__ import annotations

from pathlib import Path

from assistant.documents import chunk_document, load
from assistant.documents._plaintext import text_headings


def headings(text: str) -> list[tuple[int, str]]:
    return [(h.level, " ".join(text[h.start : h.end].split())) for h in text_headings(text)]


def test_numbered_questions_and_chapters() -> None:
    text = (
        "Frequently Asked Questions about zlib\n\n\n"
        " 1. Is zlib Y2K-compliant?\n\n    Yes. zlib doesn't handle dates.\n\n"
        " 2. Where can I get a Windows DLL version?\n\n    The zlib sources can be compiled without change.\n\n"
        "10. I need a Delphi interface to zlib.\n\n    See the contrib/delphi directory.\n"
    )
    assert headings(text) == [
        (1, "Is zlib Y2K-compliant?"),
        (1, "Where can I get a Windows DLL version?"),
        (1, "I need a Delphi interface to zlib."),
    ]


def test_levels_follow_the_section_number_and_a_question_may_wrap() -> None:
    # The section number is no part of the heading's words (the sentence splitter reads it as a
    # sentence of its own); its level is.
    text = (
        "1. Background\n"
        "------------------------------------------------------------------------\n\n"
        "1.1. How do you pronounce \"Valgrind\"? \nThe \"Val\" as in the word \"value\".\n\n"
        "2.1. When building Valgrind, 'make' dies partway with an assertion \nfailure, something like this: \n\n"
        "    % make: expand.c:489: allocated_variable_append\n"
    )
    assert headings(text) == [
        (1, "Background"),
        (2, 'How do you pronounce "Valgrind"?'),
        (2, "When building Valgrind, 'make' dies partway with an assertion failure, something like this:"),
    ]


def test_question_labels_underlines_capitals_and_questions_over_indented_answers() -> None:
    assert headings("XZ Utils FAQ\n============\n\nQ:  What do the letters XZ mean?\n\nA:  Nothing.\n") == [
        (1, "XZ Utils FAQ"),
        (9, "Q: What do the letters XZ mean?"),
    ]
    assert headings("GENERAL INFORMATION\n\nSed is a stream editor.\n") == [(1, "GENERAL INFORMATION")]
    text = "Why don't I see SMP stats in top?\n\n\tYou didn't enable it.\n\nWhat systems are supported?\n\n\tLinux.\n"
    assert headings(text) == [(9, "Why don't I see SMP stats in top?"), (9, "What systems are supported?")]


def test_a_table_of_contents_and_prose_head_nothing() -> None:
    contents = "CONTENTS\n\n1. GENERAL INFORMATION\n1.1. Introduction\n1.2. Latest version\n\n2. BASIC SED\n2.1. What is sed?\n\n"
    assert headings(contents) == []
    prose = (
        "The man and man-db packages forked in the mid-1990s.\n\n"
        "I have great respect for the people who maintain man, but as a project it\n"
        "has fallen badly behind.\n\n"
        "Is this a question in the middle of prose?\nIt is followed by more prose at the same indent.\n\n"
        "A long separator follows a paragraph.\n"
        "------------------------------------------------------------------------\n"
    )
    assert headings(prose) == []


def test_plain_text_sections_reach_the_chunks(tmp_path: Path) -> None:
    (tmp_path / "faq.txt").write_text(
        "Gadget FAQ\n\n1. Is the gadget waterproof?\n\n   Yes, to a depth of two metres.\n\n"
        "2. How do I reset the gadget?\n\n   Hold the side button for ten seconds.\n",
        encoding="utf-8",
    )
    document = load(tmp_path / "faq.txt", corpus_dir=tmp_path)
    chunks = chunk_document(document, size=400)
    assert [c.section for c in chunks] == ["", "Is the gadget waterproof?", "How do I reset the gadget?"]
    # The section number opens its section, not the end of the one before.
    assert chunks[0].text == "Gadget FAQ"
    assert [s.text for s in chunks[2].sentences] == ["2.", "How do I reset the gadget?", "Hold the side button for ten seconds."]


def test_a_question_of_several_sentences_is_one_heading() -> None:
    # The first line may end a sentence of its own: the block ends asking, so it is the heading.
    text = (
        "Q:  I have installed xz, but my tar doesn't recognize .tar.xz files.\n"
        "    How can I extract .tar.xz files?\n\n"
        "A:  xz -dc foo.tar.xz | tar xf -\n\n\n"
        "42. The match.asm code in contrib is under the GNU General Public License.\n"
        "    Since it's part of zlib, doesn't that mean that all of zlib falls under the\n"
        "    GNU GPL?\n\n"
        "    No.  The files in contrib are not part of zlib.\n"
    )
    assert headings(text) == [
        (9, "Q: I have installed xz, but my tar doesn't recognize .tar.xz files. How can I extract .tar.xz files?"),
        (
            1,
            "The match.asm code in contrib is under the GNU General Public License. Since it's part of zlib,"
            " doesn't that mean that all of zlib falls under the GNU GPL?",
        ),
    ]


def test_a_numbered_paragraph_that_asks_nothing_heads_nothing() -> None:
    # Numbered prose of several lines that ends with a full stop is a list item, not a heading.
    text = (
        "Notes\n=====\n\n"
        "1. The build writes its logs to the output folder. Keep them until the\n"
        "   release is out, and delete them afterwards.\n\n"
        "Nothing else is kept.\n"
    )
    assert headings(text) == [(1, "Notes")]
