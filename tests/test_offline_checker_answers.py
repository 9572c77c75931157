"""The offline checker alone (``answer_judge="offline"``), end to end through :class:`Assistant`
with the scripted model: a faithful paraphrased answer that joins two statements is kept whole,
and each hard error the offline rules read (an opposite, a reversed cause, a swapped role, a number
moved, a denial elsewhere in the passage, a possibility stated as certain) is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.testing import HashingEmbedder, InMemoryStore, ScriptedChatModel

DOC = """---
title: The Ferry Review
authors: Ines Varga
---
# The Ferry Review

The Coastal Ferry Board (CFB) runs four routes across the bay. Ferries have sailed every 20 to 40 minutes since 1998.
As of the summer timetable, the north route will have a sailing every 30 minutes.
The closure of the old pier has led to longer queues at the south terminal, delaying some commuters.
Tugs are slow vessels whose engines aren't yet converted, while barges are electric.
Although the night service is still popular, it is not funded anymore. Storms may disrupt the winter timetable.
"""
QUESTION = "What does the review say about the ferries?"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.md").write_text(DOC, encoding="utf-8")
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data", answer_judge="offline")


def ask(settings: Settings, reply: str):
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore(), llm=ScriptedChatModel([reply])) as assistant:
        answer = assistant.ask(QUESTION)
        for c in answer.citations:
            assert assistant.document_text(c.source)[c.start : c.end] == c.quote
    return answer


def test_a_faithful_paraphrased_answer_is_kept_whole_by_the_offline_checker(settings: Settings) -> None:
    faithful = (
        "The CFB operates four routes across the bay [1]. "
        "From the summer timetable, the north route will have a sailing every 30 minutes [1]. "
        "Closing the old pier resulted in longer queues at the south terminal [1]. "
        "The night service is still popular but no longer funded [1]."
    )
    answer = ask(settings, faithful)
    assert (answer.mode, answer.grounded, answer.unsupported) == ("llm", True, ())
    for sentence in faithful.split(" [1]. "):
        assert sentence.removesuffix(" [1].") in answer.text


HARD_ERRORS = {
    "antonym": "Closing the old pier has led to shorter queues at the south terminal [1].",
    "reversed_cause": "The closure of the old pier was caused by longer queues at the south terminal [1].",
    "role_swap": "Barges are slow vessels whose engines aren't yet converted, while tugs are electric [1].",
    "displaced_number": "As of the summer timetable, the north route will have a sailing every 40 minutes [1].",
    "denied_elsewhere": "The night service is still funded [1].",
    "hedge_dropped": "Storms will disrupt the winter timetable [1].",
}


@pytest.mark.parametrize("kind", sorted(HARD_ERRORS))
def test_each_hard_error_is_removed_by_the_offline_checker(settings: Settings, kind: str) -> None:
    wrong = HARD_ERRORS[kind]
    answer = ask(settings, f"The Coastal Ferry Board runs four routes across the bay [1]. {wrong}")
    assert (answer.mode, answer.grounded) == ("llm", True)
    assert answer.unsupported == (wrong.replace(" [1]", ""),)
    assert "four routes" in answer.text and wrong.replace(" [1]", "") not in answer.text


LONG_DOC = """---
title: The Dam Review
authors: Ines Varga
---
# The Dam Review

The review covers the National Water Authority (NWA), which manages the upper lake and its three reservoirs.
It was founded in 1990 and reports to the regional council every year.
The lake supplies drinking water to about 45,000 households in the valley.

# Criticism

Farmers in the lower valley have complained about water rationing for several summers.
Critics say the authority has ignored the farmers and the fishermen of the lower valley.
"""


def test_a_name_the_document_defined_before_the_cited_passage_stands_for_the_authority(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dam.md").write_text(LONG_DOC, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", answer_judge="offline", chunk_size=200, chunk_overlap=0)
    reply = "Critics say the NWA has ignored the farmers and the fishermen of the lower valley [1]."
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore(), llm=ScriptedChatModel([reply] * 2)) as assistant:
        answer = assistant.ask("What do critics say about the farmers and the fishermen?")
        cited = [c.quote for c in answer.citations]
        wrong = Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore(),
                          llm=ScriptedChatModel([reply.replace("NWA", "OECD")]))
    assert answer.mode == "llm" and answer.unsupported == (), answer
    assert all("NWA" not in q for q in cited)  # the name is not in the cited passage itself
    with wrong:
        other = wrong.ask("What do critics say about the farmers and the fishermen?")
    assert other.unsupported == ("Critics say the OECD has ignored the farmers and the fishermen of the lower valley.",)
