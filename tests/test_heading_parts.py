"""A heading the sentence splitter cut into several sentences is never quoted: each of its
sentences is a heading part (``heading_part``), whether or not a section number opens the chunk."""

from __future__ import annotations

from assistant.answering._extractive import heading_part
from assistant.text import sentence_spans
from assistant.types import Chunk

HEADING = "Q:  I cannot find BCJ and BCJ2 filters. Are they supported?"


def _chunk(text: str, section: str = HEADING) -> Chunk:
    return Chunk(
        id="c1", source="faq.txt", title="FAQ", text=text, start=0, end=len(text), index=0,
        sentences=tuple(sentence_spans(text)), section=section,
    )


def test_the_sentences_of_a_heading_are_its_parts_and_the_answer_is_not() -> None:
    chunk = _chunk(HEADING + "\n\nA:  BCJ filter is called \"x86\" in liblzma. BCJ2 is not included.")
    texts = [s.text for s in chunk.sentences]
    assert texts[:2] == ["Q:  I cannot find BCJ and BCJ2 filters.", "Are they supported?"]
    assert [heading_part(chunk, i) for i in range(len(texts))] == [True, True, False, False]


def test_a_section_number_may_open_the_chunk() -> None:
    heading = "I tried writing a suppression but it didn't work. Can you write my suppression for me?"
    chunk = _chunk("5.1. " + heading + "\n\nYes! Use the --gen-suppressions=yes feature.", section="Miscellaneous > " + heading)
    parts = [heading_part(chunk, i) for i in range(len(chunk.sentences))]
    # The section number ("5.1.", a sentence of its own) belongs to the heading too.
    assert parts == [True, True, True, False, False]


def test_a_chunk_that_does_not_open_with_its_heading_has_no_heading_parts() -> None:
    # A later chunk of the section, or a sentence that only repeats the heading's first words.
    chunk = _chunk("Q:  I cannot find BCJ and BCJ2 filters. They were removed in 5.0.")
    assert [heading_part(chunk, i) for i in range(len(chunk.sentences))] == [False, False]
    assert not heading_part(_chunk("BCJ is an x86 filter.", section=""), 0)
