from __future__ import annotations

from assistant.documents import chunk_document
from assistant.index import reciprocal_rank_fusion
from assistant.text import sentence_spans
from assistant.types import Document

TEXT = (
    "# Overview\n\nDr. Smith wrote the first part. It covers 3.5 topics! Does it end here? No.\n\n"
    "A second paragraph follows. It has two sentences.\n\n## Details\n\n"
    + " ".join(f"Sentence number {i} talks about item {i}." for i in range(30))
)


def _doc(text: str = TEXT) -> Document:
    return Document(source="notes/a.md", title="A", text=text)


def test_sentence_spans_index_the_text_exactly() -> None:
    spans = sentence_spans(TEXT)
    assert spans
    for span in spans:
        assert TEXT[span.start : span.end] == span.text
        assert span.text == span.text.strip()
    texts = [s.text for s in spans]
    assert "Dr. Smith wrote the first part." in texts  # an abbreviation does not end a sentence
    assert "It covers 3.5 topics!" in texts


def test_a_single_letter_ends_a_sentence_before_a_capitalised_function_word() -> None:
    text = "You need a C compiler to build R. In the simplest case, run make. Ask J. Smith or Richard M. Stallman."
    assert [s.text for s in sentence_spans(text)] == [
        "You need a C compiler to build R.",
        "In the simplest case, run make.",
        "Ask J. Smith or Richard M. Stallman.",
    ]


def test_an_abbreviation_after_a_bracket_ends_no_sentence_and_two_stops_end_one() -> None:
    text = "Bugfix releases (e.g. 3.5.3, 3.6.2) are managed for stability. They come often."
    assert [s.text for s in sentence_spans(text)] == [
        "Bugfix releases (e.g. 3.5.3, 3.6.2) are managed for stability.",
        "They come often.",
    ]
    text = "He created Software in the Public Interest, Inc.. Originally it took donations. See Dr. Who."
    assert [s.text for s in sentence_spans(text)] == [
        "He created Software in the Public Interest, Inc..",
        "Originally it took donations.",
        "See Dr. Who.",
    ]


def test_a_reply_no_ends_its_sentence_and_the_abbreviation_does_not() -> None:
    assert [s.text for s in sentence_spans("A:  No. Use 7-Zip to handle .7z files.")] == [
        "A:  No.",
        "Use 7-Zip to handle .7z files.",
    ]
    assert [s.text for s in sentence_spans("No. Go away.")] == ["No.", "Go away."]
    assert [s.text for s in sentence_spans("It is No. 1 on the list. Then go.")] == ["It is No. 1 on the list.", "Then go."]
    # Not first in its sentence, "no." keeps the reading it always had.
    text = "In general, no. There are already millions of lines."
    assert [s.text for s in sentence_spans(text)] == [text]


def test_a_line_opening_with_a_bullet_starts_a_sentence() -> None:
    text = "The main features are:\n• On-line management.\n– a sub item\n- a Markdown item\nand the rest"
    assert [s.text for s in sentence_spans(text)] == [
        "The main features are:",
        "• On-line management.",
        "– a sub item",
        "- a Markdown item\nand the rest",
    ]


def test_chunks_keep_offsets_and_whole_sentences() -> None:
    document = _doc()
    chunks = chunk_document(document, size=200, overlap=1)
    assert len(chunks) > 3
    sentence_starts = {s.start for s in sentence_spans(TEXT)}
    sentence_ends = {s.end for s in sentence_spans(TEXT)}
    for chunk in chunks:
        assert TEXT[chunk.start : chunk.end] == chunk.text
        assert chunk.start in sentence_starts and chunk.end in sentence_ends
        for s in chunk.sentences:
            assert TEXT[s.start : s.end] == s.text
        assert len(chunk.text) <= 200 or len(chunk.sentences) == 1


def test_chunks_do_not_cross_headings() -> None:
    chunks = chunk_document(_doc(), size=2000, overlap=0)
    details = TEXT.index("## Details")
    for chunk in chunks:
        assert not (chunk.start < details < chunk.end)


def test_overlap_repeats_the_last_sentence() -> None:
    chunks = chunk_document(_doc(), size=200, overlap=1)
    tail = [c for c in chunks if c.start > TEXT.index("## Details")]
    for prev, nxt in zip(tail, tail[1:], strict=False):
        assert prev.sentences[-1] == nxt.sentences[0]


def test_ids_are_stable_and_depend_on_source_and_content() -> None:
    first = chunk_document(_doc(), size=300)
    again = chunk_document(_doc(), size=300)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    moved = chunk_document(Document(source="other.md", title="A", text=TEXT), size=300)
    assert not {c.id for c in moved} & {c.id for c in first}
    edited = chunk_document(_doc(TEXT.replace("item 29", "item 99")), size=300)
    changed = {c.id for c in edited} ^ {c.id for c in first}
    assert changed and len(changed) <= 4  # only the chunks holding the edit change


def test_repeated_text_gets_distinct_ids() -> None:
    text = "Same sentence here.\n\n# H\n\nSame sentence here."
    chunks = chunk_document(_doc(text), size=100)
    assert len(chunks) == 2 and chunks[0].id != chunks[1].id


def test_rrf_fuses_by_reciprocal_rank() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]], k=60)
    scores = dict(fused)
    assert [i for i, _ in fused][:2] == ["a", "c"]
    assert abs(scores["a"] - (1 / 61 + 1 / 62)) < 1e-12
    assert abs(scores["d"] - 1 / 63) < 1e-12
    assert reciprocal_rank_fusion([]) == []
