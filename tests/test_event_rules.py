"""A date or place answers a when/where question only from a sentence that says the asked
event, and a typed answer only from a passage that holds the numbers the question names."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answering._questions import analyze_question
from assistant.documents import load
from assistant.documents._chunking import chunk_document
from tests.plugins.selection import selection_harness

DOCUMENTS = {
    "early.md": "Ian Murdock founded the project in August 1993, while a student at Purdue University. "
    "The first release, Debian 0.91, came out in January 1994.",
    "leaders.md": "Wichert Akkerman succeeded Ian Jackson as Debian Project Leader in January of 1999.",
    "later.md": "Debian 2.0 was released in July 1998 for two architectures. "
    "Debian 5.0 was released in February 2009 for one more architecture than its predecessor.",
}


@pytest.fixture(scope="module")
def select(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Any:
    folder = tmp_path_factory.mktemp("releases")
    chunks = []
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
        # One sentence per chunk: the number rule reads a sentence's passage.
        chunks += chunk_document(load(folder / name, corpus_dir=folder), size=80)
    return selection_harness(chunks, embedder).select


def test_event_terms_of_when_and_where_questions() -> None:
    assert analyze_question("Where was Ian Murdock born?").event == ("born",)
    assert analyze_question("When was Debian 5.0 released?").event == ("releas",)
    # Names, numbers and the words for the answer's kind say nothing about the event.
    assert analyze_question("In what year was the Progeny company founded?").event == ("company", "found")
    assert analyze_question("Which country does Hartmut Koptein come from?").event == ()
    # An ordinal says which one, not what happened.
    assert analyze_question("When was Python first released?").event == ("releas",)
    assert analyze_question("Where was the first DebConf in Africa?").event == ()
    # Other questions have none.
    assert analyze_question("Who founded the project?").event == ()


def test_a_date_of_another_event_does_not_answer(select: Any) -> None:
    selection = select("When was Ian Murdock born?")
    murdock = [c for c in selection.candidates if "Ian Murdock founded" in c.sentence.text]
    assert murdock and not any(c.type_ok for c in murdock)
    assert selection.band != "answered"
    # The same sentence answers when it says the event asked about.
    founded = select("When did Ian Murdock found the project?")
    assert any(c.type_ok for c in founded.candidates if "Ian Murdock founded" in c.sentence.text)


def test_a_passage_without_the_asked_version_does_not_answer(select: Any) -> None:
    asked = select("When was Debian 5.0 released?")
    typed = {c.sentence.text for c in asked.candidates if c.type_ok}
    assert any("Debian 5.0 was released" in t for t in typed)
    assert not any("Debian 2.0" in t for t in typed)
    # A version no passage holds: every dated sentence is about another one.
    missing = select("When was Debian 3.1 released?")
    assert not any(c.type_ok for c in missing.candidates)
    assert missing.band != "answered"


def test_a_close_sentence_does_not_stand_for_the_asked_event_by_a_loose_word(select: Any) -> None:
    # The sentence is close to the question as a whole, so its topic words match loosely
    # ("end" and "succeeded" are near neighbours); the event asked about still needs a word
    # that says it.
    selection = select("When did Wichert Akkerman's term as Project Leader end?")
    took_office = [c for c in selection.candidates if "Wichert Akkerman succeeded" in c.sentence.text]
    assert took_office and took_office[0].local_cosine >= 0.65
    assert not took_office[0].type_ok
    # Asked about the event it says, the same sentence answers.
    started = select("When did Wichert Akkerman succeed Ian Jackson?")
    assert any(c.type_ok for c in started.candidates if "Wichert Akkerman succeeded" in c.sentence.text)


def test_a_passive_agent_holds_the_answer_of_a_who_question_in_other_words(
    tmp_path: Any, embedder: Any
) -> None:
    (tmp_path / "ports.md").write_text(
        "This port of the program for macOS is maintained by Simon Urbanek. "
        "The port for macOS is built every night.\n",
        encoding="utf-8",
    )
    chunks = chunk_document(load(tmp_path / "ports.md", corpus_dir=tmp_path), size=80)
    selection = selection_harness(chunks, embedder).select("Who looks after the port for macOS?")
    typed = {c.sentence.text for c in selection.candidates if c.type_ok}
    # The question's verb is not the sentence's: the passive's agent names who does it.
    assert any("maintained by Simon Urbanek" in t for t in typed)
    # A sentence naming no doer still does not say who.
    assert not any("built every night" in t for t in typed)
