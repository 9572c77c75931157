"""Document details (title, authors, publisher, date) read from metadata and cited as such."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from assistant import Assistant, Settings
from assistant.answering._details import names_a_detail, pick_document, read_detail_claim, read_detail_question, split_names
from assistant.documents import load
from assistant.testing import HashingEmbedder, InMemoryStore
from assistant.types import SourceInfo
from tests.test_loaders import make_pdf

DOC = """---
title: The Harbour Report
authors:
  - Mara Lind
  - Oskar Berg
publisher: Northern Ports Institute
date: 2022-05-04
---
# The Harbour Report

The Harbour Report, written by Mara Lind and Oskar Berg, reviews the new harbour.

The new harbour opened in 2019 after six years of construction. It handles about 40,000 containers a month.
"""
OTHER = """---
title: Rail Freight Notes
authors: Ines Costa
---
Rail freight grew by a third after the tunnel opened. Trains now carry most timber.
"""


@pytest.fixture
def assistant(tmp_path: Path) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(DOC, encoding="utf-8")
    (corpus / "rail.md").write_text(OTHER, encoding="utf-8")
    built = Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), embedder=HashingEmbedder(), store=InMemoryStore())
    yield built
    built.close()


@pytest.mark.parametrize(
    ("question", "field", "count"),
    [
        ("Who wrote the study?", "authors", False),
        ("How many people authored it?", "authors", True),
        ("Authors?", "authors", False),
        ("Who published it?", "publisher", False),
        ("Which organisation produced this research?", "publisher", False),
        ("When was it published?", "date", False),
        ("What year was the report written?", "date", False),
        ("What is the report called?", "title", False),
        ("What is the title of the paper?", "title", False),
    ],
)
def test_detail_questions_are_read(question: str, field: str, count: bool) -> None:
    detail = read_detail_question(question)
    assert detail is not None and (detail.field, detail.count) == (field, count)


@pytest.mark.parametrize(
    "question",
    [
        "Who founded the harbour authority?",  # no document named
        "When was Python first released?",
        "What is the name of the program in the section on loops?",  # a name inside the document
        "What does the report say about fees?",
        "Who wrote the Zen of Python?",
    ],
)
def test_other_questions_are_not_detail_questions(question: str) -> None:
    assert read_detail_question(question) is None


def test_authors_answer_leads_with_the_names_and_cites_the_details(assistant: Assistant) -> None:
    answer = assistant.ask("Who wrote the Harbour Report?")
    assert answer.text.startswith("Mara Lind and Oskar Berg [1].")
    details = answer.citations[0]
    assert (details.kind, details.field, details.quote, details.source) == ("details", "authors", "Mara Lind; Oskar Berg", "harbour.md")
    assert (details.start, details.end) == (0, 0)
    assert answer.grounded and answer.outcome == "answered"
    # The sentence of the text that credits them is quoted too, and checkable by slicing.
    text = [c for c in answer.citations if c.kind == "text"]
    assert text and "written by Mara Lind and Oskar Berg" in text[0].quote
    assert assistant.document_text(text[0].source)[text[0].start : text[0].end] == text[0].quote
    assert answer.to_dict()["citations"][0]["field"] == "authors"


def test_author_count_publisher_date_and_title(assistant: Assistant) -> None:
    assert assistant.ask("How many people authored the harbour report?").text.startswith("Two authors: Mara Lind and Oskar Berg [1].")
    assert assistant.ask("Who published the harbour report?").text.startswith("Northern Ports Institute [1].")
    assert assistant.ask("When was the harbour report published?").text.startswith("2022-05-04 [1].")
    assert assistant.ask("What is the title of the rail freight notes?").text.startswith("Rail Freight Notes [1].")


def test_the_document_the_question_names_is_chosen(assistant: Assistant) -> None:
    answer = assistant.ask("Who wrote the notes on rail freight?")
    assert answer.text.startswith("Ines Costa [1].")
    assert answer.citations[0].source == "rail.md"


def test_what_the_question_says_the_document_is_about_may_be_said_in_its_text(assistant: Assistant) -> None:
    # "the report on container handling": the report's text says it handles containers, though
    # no detail of it does.
    detail = read_detail_question("Who wrote the report on container handling?")
    assert detail is not None and detail.subject == ("contain", "handl") and detail.topic == ()
    answer = assistant.ask("Who wrote the report on container handling?")
    assert answer.text.startswith("Mara Lind and Oskar Berg [1].")
    assert answer.citations[0].kind == "details" and answer.citations[0].source == "harbour.md"


def test_a_missing_detail_or_another_topic_falls_through_to_the_text(assistant: Assistant) -> None:
    # The rail notes record no publisher; the report on fishing is not in the index.
    for question in ("Who published the rail freight notes?", "Who wrote the report on fishing quotas?"):
        answer = assistant.ask(question)
        assert not any(c.kind == "details" for c in answer.citations)


def test_follow_up_reads_the_document_from_the_conversation(assistant: Assistant) -> None:
    assistant.chat("s1", "When did the new harbour open?")
    answer = assistant.chat("s1", "Who wrote it?")
    assert answer.text.startswith("Mara Lind and Oskar Berg [1].")


def test_split_names() -> None:
    assert split_names("A One; B Two") == ["A One", "B Two"]
    assert split_names("A One, B Two and C Three") == ["A One", "B Two", "C Three"]


def test_pdf_and_docx_details_reach_the_metadata(tmp_path: Path) -> None:
    pdf = make_pdf([["Body text of the brief."]], title="Port Brief", author="Mara Lind, Oskar Berg")
    # /CreationDate added to the info dictionary the helper writes.
    pdf = pdf.replace(b"/Author (", b"/CreationDate (D:20230115093000Z) /Author (", 1)
    pdf = _fix_xref(pdf)
    (tmp_path / "brief.pdf").write_bytes(pdf)
    document = load(tmp_path / "brief.pdf", corpus_dir=tmp_path)
    assert (document.title, document.metadata["authors"], document.metadata["date"]) == ("Port Brief", "Mara Lind, Oskar Berg", "2023-01-15")

    word = docx.Document()
    word.core_properties.title = "Dock Memo"
    word.core_properties.author = "Ines Costa"
    import datetime as dt

    word.core_properties.created = dt.datetime(2021, 3, 2, 10, 0, 0)
    word.add_paragraph("The memo covers dock safety.")
    buffer = io.BytesIO()
    word.save(buffer)
    (tmp_path / "memo.docx").write_bytes(buffer.getvalue())
    memo = load(tmp_path / "memo.docx", corpus_dir=tmp_path)
    assert (memo.title, memo.metadata["authors"], memo.metadata["date"]) == ("Dock Memo", "Ines Costa", "2021-03-02")


def _fix_xref(pdf: bytes) -> bytes:
    """Recompute the xref table after an edit moved the objects."""
    import re

    head, _, _ = pdf.partition(b"xref\n")
    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj\n", head)]
    trailer = re.search(rb"trailer\n.*", pdf, re.S).group(0).split(b"startxref")[0]
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return head + xref + trailer + b"startxref\n%d\n%%%%EOF\n" % len(head)


# -- what makes a question about a document's details (pure logic) --------------------------

HISTORY_TITLES = ["The 6.x Releases", "In the Beginning", "The Early Debian Packaging System"]


@pytest.mark.parametrize(
    "question",
    [
        "When was woody released?",  # a terse-looking question whose topic is what the text tells of
        "When was sarge released?",
        "When was Potato released?",
        "Who released Debian 1.1?",
    ],
)
def test_a_topic_the_text_talks_about_is_not_a_detail_question(question: str) -> None:
    assert read_detail_question(question, HISTORY_TITLES) is None


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Authors?", ()),
        ("Publication date?", ()),
        ("Published when?", ()),
        ("When was the report first published?", ()),  # the frame's words are no topic
        ("How many people authored the study?", ()),
        ("Who wrote the TRENDS study on the Pakistani Taliban?", ("trend",)),  # "on ...": its subject
        ("What is its first point release called?", ("point",)),
    ],
)
def test_the_topic_left_besides_the_frame(question: str, topic: tuple[str, ...]) -> None:
    detail = read_detail_question(question)
    assert detail is not None and detail.topic == topic


def test_a_title_written_out_names_the_document() -> None:
    detail = read_detail_question("Who published The 6.x Releases?", HISTORY_TITLES)
    assert detail is not None and (detail.field, detail.title, detail.topic) == ("publisher", "The 6.x Releases", ())
    # Without the titles the same words name no document.
    assert read_detail_question("Who published The 6.x Releases?") is None
    # A one-word title is too short to name a document by.
    assert read_detail_question("Who published Debian?", ["Debian"]) is None


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("Who published The 6.x Releases, and when?", ("publisher", "date")),
        ("Who wrote it and when was it published?", ("authors", "date")),
        ("Who wrote the report? When was it published?", ("authors", "date")),
        ("Who wrote the study?", ("authors",)),
    ],
)
def test_every_part_of_a_multi_part_detail_question(question: str, fields: tuple[str, ...]) -> None:
    detail = read_detail_question(question, HISTORY_TITLES)
    assert detail is not None and detail.fields == fields


def test_a_part_about_something_else_leaves_the_question_to_the_text() -> None:
    assert read_detail_question("Who wrote it, and what does it say about woody?") is None
    # "..., and when?" after a question about an event asks when the event happened.
    assert read_detail_question("Who replaced Bruce Perens as Project Leader, and when?") is None


def test_a_bare_wh_word_is_not_a_detail_question() -> None:
    # "When?" after "Where was the first DebConf held?" asks about the DebConf.
    assert read_detail_question("When?") is None
    assert read_detail_question("Who?") is None


def _info(source: str, title: str, **meta: str) -> SourceInfo:
    return SourceInfo(source=source, title=title, chunks=1, ingested_at="", metadata={"title": title, **meta})


STUDY = _info(
    "escalation.md", "The Escalation of Threats by the Pakistani Taliban: Indications and Implications",
    authors="Nora Al Habsi; Ali Bakr", publisher="TRENDS Research and Advisory",
)
RELEASES = _info("releases-6x.md", "The 6.x Releases", publisher="Debian Project", date="2023-02-15")


def test_the_topic_must_be_the_documents_own_words() -> None:
    sources = [STUDY, RELEASES]
    trends = read_detail_question("Who wrote the TRENDS study on the Pakistani Taliban?")
    assert trends is not None and pick_document(trends, sources, []) == STUDY
    point = read_detail_question("What is its first point release called?")
    assert point is not None and pick_document(point, sources, []) is None
    # One document: still only when the topic is its own.
    assert pick_document(point, [RELEASES], []) is None
    assert pick_document(trends, [RELEASES], []) is None
    titled = read_detail_question("Who published The 6.x Releases, and when?", [s.title for s in sources])
    assert titled is not None and pick_document(titled, sources, []) == RELEASES


def test_multi_part_detail_answer_answers_every_part_held(assistant: Assistant) -> None:
    answer = assistant.ask("Who published the harbour report, and when?")
    assert answer.text.startswith("Northern Ports Institute [1]; 2022-05-04 [2].")
    assert [(c.kind, c.field) for c in answer.citations[:2]] == [("details", "publisher"), ("details", "date")]
    # A part the details do not hold is named, the other answered.
    rail = assistant.ask("Who wrote the rail freight notes, and when?")
    assert rail.text.startswith("Ines Costa [1]. The document's details do not record its date.")
    assert {c.source for c in rail.citations} == {"rail.md"}


def test_a_title_written_out_without_a_document_noun(assistant: Assistant) -> None:
    answer = assistant.ask("Who wrote Rail Freight Notes?")
    assert answer.text.startswith("Ines Costa [1].") and answer.citations[0].source == "rail.md"


def test_a_question_about_what_the_text_tells_is_answered_from_the_text(assistant: Assistant) -> None:
    answer = assistant.ask("When did the new harbour open?")
    assert not any(c.kind == "details" for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "named"),
    [("Who wrote it?", True), ("When was woody released?", True), ("Publication date?", True),
     ("What is the report called?", True), ("Where did the first DebConf meet?", False), ("Why?", False)],
)
def test_the_cheap_test_before_titles_are_listed(question: str, named: bool) -> None:
    assert names_a_detail(question) is named
    # Every question read as a detail question passes it.
    if read_detail_question(question) is not None:
        assert names_a_detail(question)


@pytest.mark.parametrize(
    ("question", "field", "claimed", "exclusive"),
    [
        ("Did Mara Lind write the harbour report?", "authors", "Mara Lind", False),
        ("Was the report on the new harbour written by Ines Costa?", "authors", "Ines Costa", False),
        ("Did Mara Lind write the report alone?", "authors", "Mara Lind", True),
        ("Was the report written by one person?", "authors", "", True),
        ("Was the harbour report published by the Northern Ports Institute?", "publisher", "Northern Ports Institute", False),
        ("Was the report published in 2019?", "date", "2019", False),
    ],
)
def test_yes_no_questions_about_a_detail_are_read(question: str, field: str, claimed: str, exclusive: bool) -> None:
    claim = read_detail_claim(question)
    assert claim is not None
    assert (claim.detail.field, claim.claimed, claim.exclusive) == (field, claimed, exclusive)


@pytest.mark.parametrize(
    "question",
    ["Who wrote the report?", "Did the new harbour open in 2019?", "Was the report about the harbour?", "Is the report long?"],
)
def test_other_questions_are_no_detail_claims(question: str) -> None:
    assert read_detail_claim(question) is None


def test_a_detail_claim_is_answered_from_the_details_either_way(assistant: Assistant) -> None:
    # The recorded detail says whether the claim holds; either way it is the evidence, cited
    # as the document's details, with the sentence of the text that states it.
    cases = {
        "Did Mara Lind write the harbour report?": "The sources say: Mara Lind and Oskar Berg [1].",
        "Was the harbour report written by Ines Costa?": "The sources say otherwise: Mara Lind and Oskar Berg [1].",
        "Did Mara Lind write the harbour report alone?": "The sources say otherwise: Mara Lind and Oskar Berg [1].",
        "Was the harbour report published by the Northern Ports Institute?": "The sources say: Northern Ports Institute [1].",
        "Was the harbour report published in 2019?": "The sources say otherwise: 2022-05-04 [1].",
        "Was the rail freight notes written by one person?": "The sources say: Ines Costa [1].",
    }
    for question, opening in cases.items():
        answer = assistant.ask(question)
        assert answer.text.startswith(opening), question
        assert answer.citations[0].kind == "details" and answer.outcome == "answered"
    text = [c for c in assistant.ask("Did Mara Lind write the harbour report?").citations if c.kind == "text"]
    assert text and assistant.document_text(text[0].source)[text[0].start : text[0].end] == text[0].quote
    # A detail the document does not record leaves the question to the text.
    assert not any(c.kind == "details" for c in assistant.ask("Was the rail freight notes published by Acme?").citations)


def test_a_detail_claim_after_an_answer_that_quoted_its_sentence_quotes_it_again(assistant: Assistant) -> None:
    first = assistant.chat("s9", "Who is Mara Lind?")
    assert any(c.kind == "text" and "written by Mara Lind and Oskar Berg" in c.quote for c in first.citations)
    answer = assistant.chat("s9", "Did she write it alone?")
    assert answer.text.startswith("The sources say otherwise: Mara Lind and Oskar Berg [1].")
    assert any(c.kind == "text" and "written by Mara Lind and Oskar Berg" in c.quote for c in answer.citations)
