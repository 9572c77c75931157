"""Follow-up questions end to end through :class:`Assistant` on a small history of an invented
harbour town (the real embedding model and Chroma, no model endpoint): the reading shown
(``resolved_question``) takes its referents from the conversation, and the answer quotes the
sentence the reading asks for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Answer, Assistant, Settings

pytestmark = pytest.mark.slow

HISTORY = """---
title: A Short History of Tarnwick
authors: Ines Costa
---
# A Short History of Tarnwick

## The harbour masters

Tarnwick was founded in 1871 by Mara Lind, then a surveyor at the Northern Ports Institute.
When Mara Lind retired in 1895, she appointed Oskar Berg as the next harbour master.
Oskar Berg was the natural choice to succeed her, as he had run the pilot service for nearly a decade.
Oskar Berg was replaced by Ines Costa as harbour master at the beginning of 1910.

## The harbour trust

Oskar Berg also led the effort to create the Trust for the Public Harbour.
Originally intended to hold the harbour's land on behalf of the town, its aims quickly expanded to the upkeep of the lighthouses.

## Tides and regattas

Tidal mapping was introduced in 1902 by the harbour office.
Tidal mapping is a survey of the water depth at each hour of the tide.
The first regatta was held in the outer bay of Tarnwick, on the 4th of August 1899.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    root: Path = tmp_path_factory.mktemp("tarnwick")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "tarnwick.md").write_text(HISTORY, encoding="utf-8")
    with Assistant(Settings(corpus_dir=corpus, data_dir=root / "data", llm_base_url=None)) as built:
        built.ingest()
        yield built


def _talk(assistant: Assistant, session: str, *turns: str) -> Answer:
    answer = None
    for turn in turns:
        answer = assistant.chat(session, turn)
    assert answer is not None
    return answer


def _quotes(answer: Answer) -> str:
    return " ".join(c.quote for c in answer.citations if c.kind == "text")


def test_him_after_a_question_asking_who_is_the_person_the_answer_gave(assistant: Assistant) -> None:
    first = assistant.chat("appointee", "Who did Mara Lind appoint as the next harbour master?")
    assert "Oskar Berg" in first.text
    why = assistant.chat("appointee", "Why him?")
    assert why.resolved_question == "Why Oskar Berg?"
    assert "natural choice" in _quotes(why)
    replaced = _talk(assistant, "successor", "Who did Mara Lind appoint as the next harbour master?", "And who replaced him?")
    assert replaced.resolved_question == "Who replaced Oskar Berg?"
    assert replaced.grounded and "Ines Costa" in replaced.text


def test_it_is_the_whole_name_the_last_question_gave(assistant: Assistant) -> None:
    answer = _talk(
        assistant, "trust", "Who led the effort to create the Trust for the Public Harbour?", "What was it originally for?"
    )
    assert answer.resolved_question == "What was the Trust for the Public Harbour originally for?"
    assert answer.grounded and "Originally intended to hold the harbour's land" in _quotes(answer)


def test_it_is_the_subject_of_the_last_question(assistant: Assistant) -> None:
    answer = _talk(assistant, "mapping", "When was tidal mapping introduced?", "What is it?")
    assert answer.resolved_question == "What is tidal mapping?"
    assert answer.grounded and "a survey of the water depth" in _quotes(answer)


def test_a_lone_when_asks_the_last_question_with_when(assistant: Assistant) -> None:
    answer = _talk(assistant, "regatta", "Where was the first regatta held?", "When?")
    assert answer.resolved_question == "When was the first regatta held?"
    assert answer.grounded and "1899" in answer.text


def test_a_doubted_answer_is_asked_again_and_a_wrong_belief_is_denied(assistant: Assistant) -> None:
    # "Are you sure?" asks the last question again: the same evidence, the reading shown.
    again = _talk(assistant, "doubt", "Who founded Tarnwick?", "Are you sure?")
    assert again.resolved_question == "Who founded Tarnwick?"
    assert again.grounded and "Mara Lind" in again.text and not again.text.startswith("The sources say otherwise")
    # A belief the sources do not share is answered "the sources say otherwise", with the evidence.
    denied = assistant.chat("doubt", "Really? I thought it was Oskar Berg.")
    assert denied.resolved_question == "Who founded Tarnwick?"
    assert denied.text.startswith("The sources say otherwise") and "Mara Lind" in denied.text
    # One they share is the answer again.
    agreed = assistant.chat("doubt", "Are you sure it was Mara Lind?")
    assert agreed.grounded and not agreed.text.startswith("The sources say otherwise")


def test_a_doubted_answer_stands_on_the_evidence_it_gave(assistant: Assistant) -> None:
    first = assistant.chat("stands", "When was tidal mapping introduced?")
    again = assistant.chat("stands", "Are you sure?")
    assert again.citations == first.citations and again.text == first.text


def test_the_same_question_again_gets_the_same_answer(tmp_path: Path) -> None:
    # A follow-up is first answered without the sentence the last answer led with; the same
    # question word for word is asked again, and gets the same answer, not the next-best one.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferries.md").write_text(
        "# Ferries\n\nThe Nordlys was the first ferry to sail to Skarholm, in 1890.\n"
        "The Aurora was the first ferry to sail to Skarholm with a steam engine, in 1891.\n",
        encoding="utf-8",
    )
    with Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data", llm_base_url=None)) as built:
        built.ingest()
        first = built.chat("repeat", "Which ferry was the first to sail to Skarholm?")
        again = built.chat("repeat", "Which ferry was the first to sail to Skarholm?")
        assert first.grounded and again.text == first.text and again.citations == first.citations


def test_a_doubted_answer_whose_document_changed_is_answered_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferries.md").write_text("# Ferries\n\nThe Nordlys was the first ferry to sail to Skarholm.\n", encoding="utf-8")
    with Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data", llm_base_url=None)) as built:
        built.ingest()
        first = built.chat("changed", "Which ferry was the first to sail to Skarholm?")
        assert "Nordlys" in first.text
        (corpus / "ferries.md").write_text(
            "# Ferries\n\nAfter a long dispute, the Aurora was the first ferry to sail to Skarholm.\n", encoding="utf-8"
        )
        built.ingest()
        # The recorded quote is no longer the document's text: the question is answered again.
        again = built.chat("changed", "Are you sure? I thought it was the Nordlys.")
        assert again.text.startswith("The sources say otherwise") and "Aurora" in again.text


def test_doubting_an_answer_the_sources_do_not_give_keeps_it_unanswered(assistant: Assistant) -> None:
    # "The sources don't say" survives the reader's pushback: doubting it adds nothing to them.
    first = assistant.chat("unsaid", "Which university did Mara Lind attend?")
    assert not first.grounded
    pushed = assistant.chat("unsaid", "Really? I thought it was Uppsala.")
    assert pushed.resolved_question == "Which university did Mara Lind attend?"
    assert not pushed.grounded and pushed.outcome != "answered"


PILOTS = """
## The pilot service

The pilot service was started by Oskar Berg in 1885.
Karl Holm soon took over the running of the pilot service.

## The harbour guard

In 1890 the harbour guard raided the caves of Skarholm, targeting the smugglers' stores of brandy.

## The lifeboat station

The lifeboat station will move to the north pier next spring.
This is due to the silting of the south channel.
The lifeboat station was moved once before, in 1890, because its old slipway had collapsed.
"""


@pytest.fixture(scope="module")
def with_pilots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    root: Path = tmp_path_factory.mktemp("tarnwick-pilots")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "tarnwick.md").write_text(HISTORY + PILOTS, encoding="utf-8")
    with Assistant(Settings(corpus_dir=corpus, data_dir=root / "data", llm_base_url=None)) as built:
        built.ingest()
        yield built


def test_a_follow_up_is_not_answered_with_the_sentence_that_answered_the_last_question(with_pilots: Assistant) -> None:
    first = with_pilots.chat("pilots", "Who started the pilot service?")
    assert first.text.startswith("Oskar Berg")
    took = with_pilots.chat("pilots", "Who took it over?")
    assert took.resolved_question == "Who took the pilot service over?"
    # The sentence naming who started it answered the last question; quoted again it would
    # lead with the same name.
    assert took.grounded and took.text.startswith("Karl Holm")
    assert "started by Oskar Berg" not in _quotes(took)


def test_the_last_answer_s_sentence_is_quoted_again_when_nothing_else_answers(with_pilots: Assistant) -> None:
    # "aimed" is not a word of the sentence that answered where; it still says what they targeted.
    answer = _talk(with_pilots, "raids", "Where did the harbour guard carry out raids?", "What were they aimed at?")
    assert answer.resolved_question == "What were the raids aimed at?"
    assert answer.grounded and "targeting the smugglers' stores" in _quotes(answer)


def test_why_of_the_last_answer_is_the_reason_the_source_gives_right_after_it(with_pilots: Assistant) -> None:
    answer = _talk(with_pilots, "lifeboat", "Where will the lifeboat station move?", "Why there?")
    # The sentence that answered where is quoted again, first, with the one that says why;
    # the other move's cause does not lead.
    assert answer.grounded
    assert [c.quote for c in answer.citations[:2]] == [
        "The lifeboat station will move to the north pier next spring.",
        "This is due to the silting of the south channel.",
    ]
    assert answer.text.startswith("The lifeboat station will move")
