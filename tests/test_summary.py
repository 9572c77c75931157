"""Extractive summaries: cue reading, prose-only sentences, the document chosen, citations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant import Assistant, Settings
from assistant.answering._summary import best_fit, is_summary_request, named_document, prose_sentence
from assistant.evals import load_dataset, run_eval
from assistant.testing import HashingEmbedder, InMemoryStore
from assistant.types import Chunk, Passage, SourceInfo

HARBOUR = """---
title: The Harbour Report
authors: Mara Lind; Oskar Berg
---
# The Harbour Report

## Contents

1. Construction
2. Traffic

## Construction

The new harbour opened in 2019 after six years of construction. The works cost about 900 million euros, most of it public money.

## Traffic

The harbour handles about 40,000 containers a month. Traffic grew fastest on the routes to the Baltic states.

## Fees

The port authority raised fees by 12 percent in 2021 to pay for dredging. Local fishermen opposed the increase.
"""
RAIL = """---
title: Rail Freight Notes
---
Rail freight grew by a third after the tunnel opened. Trains now carry most of the region's timber.
"""


@pytest.fixture
def assistant(tmp_path: Path) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    built = Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), embedder=HashingEmbedder(), store=InMemoryStore())
    yield built
    built.close()


@pytest.mark.parametrize(
    "question",
    ["Summarize the study.", "Give me a summary.", "TL;DR?", "Give me the gist", "What are the key takeaways of this report?",
     "Can you give me a short overview of the harbour report?", "What is this page about?",
     "What's the report about, in a nutshell?", "Sum up the chapter on fees.", "What are its main findings?"],
)
def test_summary_requests(question: str) -> None:
    assert is_summary_request(question)


@pytest.mark.parametrize(
    "question",
    ["What does the report say about fees?", "When did the harbour open?", "Who wrote the report?",
     "What is the fee about to become?", "What are the main causes of the delays?",
     "Who maintains the summary of harbour fees?", "When was the overview of the fees last updated?",
     "And how many key findings does the report list?"],
)
def test_other_questions_are_not_summary_requests(question: str) -> None:
    assert not is_summary_request(question)


def test_prose_sentences_only() -> None:
    assert prose_sentence("The new harbour opened in 2019 after six years of construction.")
    for line in ("## Construction", "1.2. Release Lifecycle of the Project.", "Prev | Next | Table of Contents",
                 "How do I install Python on Windows?", "and think it is a bug in the runtime.",
                 "Chapter One Of The Harbour Report Now."):
        assert not prose_sentence(line), line


def test_summary_cites_main_points_in_reading_order(assistant: Assistant) -> None:
    answer = assistant.ask("Summarize the report.")
    assert answer.grounded and answer.outcome == "answered" and answer.mode == "extractive"
    assert answer.text.startswith("The main points of “The Harbour Report”:")
    assert 2 <= len(answer.citations) <= 6
    starts = [c.start for c in answer.citations]
    assert starts == sorted(starts)
    for c in answer.citations:
        assert assistant.document_text(c.source)[c.start : c.end] == c.quote
        assert prose_sentence(c.quote)
        assert f"{c.quote} [{c.n}]" in answer.text
    # Distinct points: no sentence twice, and more than one section represented.
    assert len({c.quote for c in answer.citations}) == len(answer.citations)


def test_with_several_documents_the_named_one_is_summarised(assistant: Assistant, tmp_path: Path) -> None:
    (tmp_path / "corpus" / "rail.md").write_text(RAIL, encoding="utf-8")
    assistant.ingest()
    named = assistant.ask("Give me the gist of the rail freight notes.")
    assert {c.source for c in named.citations} == {"rail.md"}
    assert named.text.startswith("The main points of “Rail Freight Notes”:")
    unnamed = assistant.ask("TL;DR on container traffic?")
    assert unnamed.text.startswith("The index holds 2 documents")
    assert unnamed.grounded and len({c.source for c in unnamed.citations}) == 1


def _source(name: str, title: str) -> SourceInfo:
    return SourceInfo(source=name, title=title, chunks=1, ingested_at="", metadata={"title": title})


HISTORY = [
    _source("in-the-beginning.md", "In the Beginning"),
    _source("early-packaging.md", "The Early Debian Packaging System"),
    _source("releases-2x.md", "The 2.x Releases"),
    _source("releases-7x.md", "The 7.x Releases"),
]


@pytest.mark.parametrize(
    ("topic", "source"),
    [
        (["2.x", "releases"], "releases-2x.md"),  # the title's own words
        (["debian", "began"], "in-the-beginning.md"),  # an irregular form undone; fewest other words
        (["early", "debian", "packaging", "system"], "early-packaging.md"),
        (["releases"], None),  # two titles fit alike
        (["woody"], None),  # no title holds it
        ([], None),
    ],
)
def test_the_document_a_summary_request_names(topic: list[str], source: str | None) -> None:
    named = named_document(topic, HISTORY)
    assert (named.source if named else None) == source


def test_summary_figure_counts_only_the_named_document(assistant: Assistant, tmp_path: Path) -> None:
    """The eval's summary figure: a summary of another document is not an answer, and the share
    of gold main points quoted is reported beside it."""
    (tmp_path / "corpus" / "rail.md").write_text(RAIL, encoding="utf-8")
    assistant.ingest()
    cases = {"version": 1, "cases": [
        {"id": "sum-rail", "category": "summary", "document": "rail.md", "turns": ["Give me the gist of the rail freight notes."],
         "answerable": True, "gold_quotes": ["Rail freight grew by a third after the tunnel opened."], "key_facts": []},
        # The question names the rail notes; the case says the harbour report: a miss.
        {"id": "sum-wrong", "category": "summary", "document": "harbour.md", "turns": ["Summarize the rail freight notes."],
         "answerable": True, "gold_quotes": [], "key_facts": []},
    ]}
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump(cases), encoding="utf-8")
    report = run_eval(assistant, load_dataset(path), progress=False)
    rows = {r["id"]: r for r in report["case_results"]}
    assert rows["sum-rail"]["summary_on_document"] is True and rows["sum-rail"]["passed"]
    assert rows["sum-rail"]["summary_gold_covered"] == 1.0
    assert rows["sum-wrong"]["summary_on_document"] is False and not rows["sum-wrong"]["passed"]
    assert not rows["sum-wrong"]["refused"]  # answered, but from another document
    assert report["metrics"]["summaries_answered"] == 0.5
    assert report["metrics"]["summary_gold_covered"] == 1.0


def _passage(source: str) -> Passage:
    chunk = Chunk(id=f"{source}#0", source=source, title=source, text="Some text.", start=0, end=10, index=0)
    return Passage(chunk=chunk, score=1.0, rank=1)


HANDBOOK = [
    _source("internals.html", "The Inner Workings of the Debian Project"),
    _source("project.html", "The Debian Project"),
    _source("news.html", "Follow Debian News"),
    _source("lifecycle.html", "Lifecycle of a Release"),
]


def test_a_request_no_title_names_gets_the_retrieved_document_of_its_rarest_title_word() -> None:
    passages = [_passage("internals.html"), _passage("project.html"), _passage("lifecycle.html")]
    # "Debian" is in three titles, "release" in one.
    assert named_document(["debian", "release", "made"], HANDBOOK) is None
    assert best_fit(["debian", "release", "made"], HANDBOOK, passages).source == "lifecycle.html"
    # No title word at all, or a document no passage retrieved: the best passage's document.
    assert best_fit(["woody"], HANDBOOK, passages).source == "internals.html"
    assert best_fit(["news"], HANDBOOK, passages).source == "internals.html"
