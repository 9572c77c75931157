"""How often a question reaches the embedding model: once for retrieval (the question and
its words the vocabulary lacks), and at most once more for everything the answerer's deep
pass needs (clause windows, words), never once per sentence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings
from assistant.index._corpus import vocabulary

ROOT = Path(__file__).resolve().parent.parent


class CountingEmbedder:
    """The real model, recording the texts of every call that reaches it."""

    def __init__(self, inner: MiniLMEmbeddings) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dimensions = inner.dimensions
        self.calls: list[list[str]] = []

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.embed_array(texts)

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()


@pytest.fixture()
def counted(settings: Settings, embedder: MiniLMEmbeddings) -> tuple[Assistant, CountingEmbedder]:
    counting = CountingEmbedder(embedder)
    assistant = Assistant(settings.model_copy(update={"llm_base_url": None}), embedder=counting)  # type: ignore[arg-type]
    assistant.ingest()
    yield assistant, counting
    assistant.close()


def _indexed_words(assistant: Assistant) -> set[str]:
    """The words whose vectors ingest stored (the vocabulary file)."""
    _, texts = assistant._store.all_chunks()
    words = vocabulary(texts)
    assert assistant._corpus._word_file is not None and not assistant._corpus._word_file.missing(words)
    return words


def test_a_fresh_question_embeds_once_for_retrieval_and_once_for_the_answer(counted) -> None:
    assistant, counting = counted
    question = "Which groups claimed attacks in Pakistan?"
    assert vocabulary([question]) <= _indexed_words(assistant)  # every word is in the vocabulary
    counting.calls.clear()
    answer = assistant.ask(question)
    assert answer.outcome in ("answered", "closest", "not_answered")
    assert counting.calls[0] == [question]  # retrieval: the question alone, its words are stored
    assert len(counting.calls) == 2, counting.calls  # and one batch for the deep pass
    windows = counting.calls[1]
    assert len(windows) > 1 and all(len(text.split()) >= 2 for text in windows)  # clause windows
    counting.calls.clear()
    assistant.ask(question)  # asked again: its windows are remembered
    assert counting.calls == [[question]]


def test_unknown_words_ride_with_the_question_and_no_question_makes_more_than_two_calls(counted) -> None:
    assistant, counting = counted
    known = _indexed_words(assistant)
    question = "Did the zorblatt militias expand recruitment among Pakistani youth?"
    counting.calls.clear()
    assistant.ask(question)
    unknown = sorted(w for w in vocabulary([question]) if w not in known)
    assert "zorblatt" in unknown
    assert counting.calls[0][0] == question and sorted(counting.calls[0][1:]) == unknown
    assert len(counting.calls) <= 2
    questions = [
        "Who wrote the study?",
        "When did the TTP announce the end of the ceasefire?",
        "Why did attacks increase after the Taliban took over Kabul?",
        "How many attacks did the TTP claim in 2022?",
        "What does the study recommend to Pakistan's government?",
        "Where were the airstrikes?",
    ]
    for question in questions:
        counting.calls.clear()
        assistant.ask(question)
        assert 1 <= len(counting.calls) <= 2, (question, counting.calls)
        assert counting.calls[0][0] == question


def test_word_vectors_take_the_cache_the_vocabulary_file_and_one_model_call(counted, embedder) -> None:
    assistant, counting = counted
    corpus = assistant._corpus
    stored = sorted(_indexed_words(assistant))[:3]
    corpus.word_vectors(["remembered words"])
    counting.calls.clear()
    words = [*stored, "remembered words", "zorblatt", "quuxified", stored[0]]
    got = corpus.word_vectors(words)
    assert counting.calls == [["zorblatt", "quuxified"]]  # only what neither memory nor the file holds
    assert got.shape == (len(words), embedder.dimensions)
    want = embedder.embed_array(words)
    # The vocabulary file keeps float16: each row is still the word's own vector.
    assert np.all(np.sum(got * want, axis=1) > 0.999)
    assert corpus.word_vectors([]).shape == (0, embedder.dimensions)


def test_warm_up_reads_the_vocabulary_before_the_first_question(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    offline = settings.model_copy(update={"llm_base_url": None})
    with Assistant(offline, embedder=embedder) as first:
        first.ingest()
    with Assistant(offline, embedder=embedder) as second:
        words = second._corpus._word_file
        assert words is not None and words._loaded is None  # nothing is read on construction
        second.warm_up()
        assert words._loaded is not None and len(words._loaded[1]) > 100
