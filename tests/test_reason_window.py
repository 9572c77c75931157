"""A why-question's answer takes the sentence right after it that states the cause."""

from __future__ import annotations

import pytest

from assistant.answering._extractive import gives_reason_for_previous


@pytest.mark.parametrize(
    "sentence",
    [
        "This is due to the targeting of the harbour's old cranes.",
        "It stems from a change in the build settings.",
        "These were caused by the late frost.",
        "That happened because the cache was cold.",
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
