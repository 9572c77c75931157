"""A why-question's answer takes the sentence right after it that states the cause."""

from __future__ import annotations

import pytest

from assistant.answering._extractive import _with_stated_reasons, gives_reason_for_previous, stated_reason
from tests.plugins.selection import candidates_of


@pytest.mark.parametrize(
    "sentence",
    [
        "This is due to the targeting of the harbour's old cranes.",
        "It stems from a change in the build settings.",
        "These were caused by the late frost.",
        "That happened because the cache was cold.",
        # A purpose answers why as a cause does.
        "This was introduced in order to shorten the wait at the locks.",
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
