"""A why-question's answer takes the sentence right after it that states the cause."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assistant.answering._extractive import _with_stated_reasons, gives_reason_for_previous, stated_reason
from assistant.answering._pipeline import _reason_follows
from assistant.documents._chunking import chunk_document
from assistant.types import Document, Passage
from tests.plugins.selection import candidates_of, selection_harness


@pytest.mark.parametrize(
    "sentence",
    [
        "This is due to the targeting of the harbour's old cranes.",
        "It stems from a change in the build settings.",
        "These were caused by the late frost.",
        "That happened because the cache was cold.",
        # A purpose answers why as a cause does.
        "This was introduced in order to shorten the wait at the locks.",
        # A subject that names a reason or a purpose, pointing back or standing alone.
        "The goal here is to stop new bugs from reaching the quay.",
        "The reason for this is that the locks were closed.",
        "Its aim was to shorten the wait.",
    ],
)
def test_anaphoric_cause_points_back(sentence: str) -> None:
    assert gives_reason_for_previous(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This is the main square of the town.",  # anaphoric, but no cause
        "The delay is due to the frost.",  # a cause, but its subject is not the sentence before
        "It was built in 1902 and later extended for the railway company that ran it.",
        "The goals of the harbour board are listed below.",  # a reason noun with its own topic
        "The reasoning is sound.",
    ],
)
def test_other_sentences_do_not(sentence: str) -> None:
    assert not gives_reason_for_previous(sentence)


def test_the_cause_may_come_one_sentence_later_when_it_says_again_what_it_explains() -> None:
    chosen, middle, cause = candidates_of(
        "A night ferry was introduced in 2019.",
        "Mostly, it carries freight from the outer quay.",
        "This was introduced in order to free the day ferry for passengers.",
    )
    assert _with_stated_reasons([chosen], [chosen, middle, cause], 3) == [chosen, cause]
    # A cause of something else, one sentence later, does not join.
    chosen, middle, other = candidates_of(
        "A night ferry was introduced in 2019.",
        "Mostly, it carries freight from the outer quay.",
        "This is due to the shallow water there.",
    )
    assert _with_stated_reasons([chosen], [chosen, middle, other], 3) == [chosen]


def test_stated_reason_finds_the_sentence_that_explains_one_of_a_chunk() -> None:
    sentences = [c.sentence for c in candidates_of(
        "A night ferry was introduced in 2019.",
        "Mostly, it carries freight from the outer quay.",
        "This was introduced in order to free the day ferry for passengers.",
        "This is due to the shallow water there.",
    )]
    assert stated_reason(sentences, 0) == 2  # one sentence between: the cause says again what it explains
    assert stated_reason(sentences, 1) == 2
    assert stated_reason(sentences, 2) == 3
    assert stated_reason(sentences, 3) is None


def test_a_cause_is_found_in_the_chunk_that_goes_on_after_the_sentence_it_explains() -> None:
    """Chunks overlap: the chunk that ends with the sentence does not hold its cause, the next does."""
    first, second, cause = candidates_of(
        "The quay was closed in winter.",
        "The ferry docks at the outer pier.",
        "This is done in order to keep the boats off the ice.",
    )
    whole = first.passage.chunk
    ending = replace(whole, id="c1", sentences=whole.sentences[:2], index=0)
    going_on = replace(whole, id="c2", sentences=whole.sentences[1:], index=1)
    one, two = Passage(chunk=ending, score=1.0, rank=1), Passage(chunk=going_on, score=0.9, rank=2)
    chosen = replace(second, passage=one, position=1)
    following = replace(cause, passage=two, position=1)
    assert _with_stated_reasons([chosen], [chosen, following], 3) == [chosen, following]
    shown = (("a.md", second.sentence.start, second.sentence.end),)
    assert _reason_follows([one, two], shown)
    assert not _reason_follows([one], shown)


def test_a_yes_no_question_about_a_reason_is_not_given_the_cause_of_its_answer(embedder: Any) -> None:
    text = (
        "The harbour board raised the mooring fees in 2020. Other reasons for the higher fees include the cost of "
        "dredging the channel. This stems from the silting of the river mouth every spring."
    )
    document = Document(source="fees.md", title="Fees", text=text)
    select = selection_harness(chunk_document(document), embedder).select
    asked = select("Is the cost of dredging one of the reasons for the higher fees?")
    assert asked.band == "answered"
    assert [c.sentence.text for c in asked.chosen] == [
        "Other reasons for the higher fees include the cost of dredging the channel."
    ]
    # A why-question takes the sentence that gives the cause of the one that answers.
    why = select("Why did the fees include the cost of dredging the channel?")
    assert "This stems from the silting of the river mouth every spring." in [c.sentence.text for c in why.chosen]
