"""How often a question reaches the embedding model: once, for retrieval (the question and
its words the vocabulary lacks), and once more only when it names an acronym that the
retrieved passages spell out (the question again with the long form after the acronym, which
the sentences are scored against as well). Ingest stores the vocabulary's words and the clause
windows of every sentence, so the answerer's deep pass reads them; an index without stored
windows makes at most one call more for the deep pass, never one per sentence."""

from __future__ import annotations

import re
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


def test_a_question_embeds_once_its_clause_windows_come_from_the_index(counted) -> None:
    assistant, counting = counted
    question = "Which groups claimed attacks in Pakistan?"
    assert vocabulary([question]) <= _indexed_words(assistant)  # every word is in the vocabulary
    counting.calls.clear()
    answer = assistant.ask(question)
    assert answer.outcome in ("answered", "closest", "not_answered")
    assert counting.calls == [[question]]  # retrieval: the question alone; nothing more to embed
    found = assistant._corpus.search(question, 5)
    windows = _window_ids(found)
    assert windows, "the passages' clause windows came with their sentences"
    counting.calls.clear()
    assistant.ask("Why did attacks increase after the Taliban took over Kabul?")
    assert len(counting.calls) == 1, counting.calls


def test_unknown_words_ride_with_the_question_and_no_question_makes_a_second_call(counted) -> None:
    assistant, counting = counted
    known = _indexed_words(assistant)
    question = "Did the zorblatt militias expand recruitment among Pakistani youth?"
    counting.calls.clear()
    assistant.ask(question)
    unknown = sorted(w for w in vocabulary([question]) if w not in known)
    assert "zorblatt" in unknown
    assert counting.calls[0][0] == question and sorted(counting.calls[0][1:]) == unknown
    assert len(counting.calls) == 1
    questions = [
        "Who wrote the study?",
        "Why did attacks increase after the Taliban took over Kabul?",
        "What does the study recommend to Pakistan's government?",
        "Where were the airstrikes?",
    ]
    for question in questions:
        with assistant._corpus._words_lock:
            assistant._corpus._words.clear()  # as if no earlier question had been asked
        counting.calls.clear()
        assistant.ask(question)
        assert len(counting.calls) == 1, (question, counting.calls)
        assert counting.calls[0][0] == question
    # The study spells "TTP" out ("the Pakistani Taliban Movement (TTP)"): one call more, the
    # question with the long form in brackets after the acronym, and nothing else.
    for question in ("When did the TTP announce the end of the ceasefire?", "How many attacks did the TTP claim in 2022?"):
        with assistant._corpus._words_lock:
            assistant._corpus._words.clear()
        counting.calls.clear()
        assistant.ask(question)
        assert counting.calls[0][0] == question and len(counting.calls) == 2, (question, counting.calls)
        before, after = question.split("TTP", 1)
        assert re.fullmatch(rf"{re.escape(before)}TTP \([A-Z][^()]+\){re.escape(after)}", counting.calls[1][0]), counting.calls
        assert len(counting.calls[1]) == 1
    # A two-letter topic term is in no vocabulary (it keeps words of three letters or more):
    # it rides with the question too, so the answerer's words need no call of their own.
    question = "Which attacks did the TTP claim in KP?"
    counting.calls.clear()
    assistant.ask(question)
    assert "kp" in counting.calls[0][1:] and len(counting.calls) == 2, counting.calls


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


def test_batches_are_short_first_full_when_alike_and_never_padded_much() -> None:
    from assistant.index._embeddings import _MAX_PADDING, _batches

    lengths = [24, 6, 10, 17, 6, 12, 8, 16, 10, 6, 11, 14, 10]
    batches = _batches(lengths, 32)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(lengths)
    assert len(batches) > 1  # one batch would pad every window to 24 tokens
    for batch in batches:
        sizes = [lengths[i] for i in batch]
        assert len(batch) == 1 or len(batch) * max(sizes) <= (1 + _MAX_PADDING) * sum(sizes)
    assert [len(b) for b in _batches([20] * 70, 32)] == [32, 32, 6]  # alike texts fill whole batches


def test_vectors_do_not_depend_on_the_batch_a_text_rides_in(embedder: MiniLMEmbeddings) -> None:
    texts = [
        "The global interpreter lock",
        "is often seen as a hindrance to deployment on multiprocessor server machines",
        "py2exe is another tool",
        "",
        "It converts byte code to C arrays, which a C compiler embeds into a new program",
    ]
    together = embedder.embed_array(texts)
    alone = np.stack([embedder.embed_array([t])[0] for t in texts])
    assert together.shape == (5, embedder.dimensions)
    assert np.all(np.sum(together * alone, axis=1) > 0.9999)  # row i is text i's vector
    assert float(together[0] @ together[2]) < 0.9


def test_batches_stay_within_the_token_budget() -> None:
    from assistant.index._embeddings import _MAX_BATCH_TOKENS, _batches

    # Long sentences of one length would fill a batch of 32: the budget splits them.
    lengths = [200] * 40 + [256] * 3 + [5] * 10
    batches = _batches(lengths, 32)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) * max(lengths[i] for i in batch) <= _MAX_BATCH_TOKENS
    assert [len(b) for b in _batches([20] * 70, 32)] == [32, 32, 6]  # short texts still fill batches
    assert _batches([4000], 32) == [[0]]  # a text over the budget goes alone


def _window_ids(found) -> set[str]:
    """The keys of ``found.sentence_vectors`` that are clause windows, not sentences."""
    from assistant.index import sentence_id

    sentences = {sentence_id(p.chunk.source, s.start, s.end) for p in found.passages for s in p.chunk.sentences}
    return set(found.sentence_vectors) - sentences


def _without_windows(found) -> dict:
    """The retrieval's vectors as an index without stored clause windows gives them."""
    windows = _window_ids(found)
    return {sid: vec for sid, vec in found.sentence_vectors.items() if sid not in windows}


QUESTIONS = [
    "When did the TTP announce the end of the ceasefire?",
    "Why did attacks increase after the Taliban took over Kabul?",
    "What does the study recommend to Pakistan's government?",
    "Which groups claimed attacks in Pakistan?",
    "How many attacks did the TTP claim in 2022?",
    "Who leads the TTP?",
]


def test_ingest_stores_each_sentences_clause_windows_as_the_model_embeds_them(counted, embedder) -> None:
    from assistant.answering import clause_window_spans

    assistant, counting = counted
    found = assistant._corpus.search("When did the TTP announce the end of the ceasefire?", 5)
    chunk = found.passages[0].chunk
    spans = [(s, a, b) for s in chunk.sentences for a, b in clause_window_spans(s.text)]
    assert spans, "the fixture's best passage has sentences of several clauses"
    stored = assistant._store.span_vectors([(chunk, s.start + a, s.start + b) for s, a, b in spans])
    assert len(stored) == len({(s.start + a, s.start + b) for s, a, b in spans})
    texts = [s.text[a:b] for s, a, b in spans]
    want = embedder.embed_array(texts)
    from assistant.index import sentence_id

    got = np.stack([stored[sentence_id(chunk.source, s.start + a, s.start + b)] for s, a, b in spans])
    assert np.all(np.sum(got * want, axis=1) > 0.999)  # float16 rows of each window's own vector
    assert assistant._store.span_vectors([(chunk, chunk.start, chunk.start + 1)]) == {}  # not stored: absent


def test_stored_windows_select_what_embedding_them_per_question_selects(counted) -> None:
    """The same sentences, band and scores (within float16 rounding) whether the windows are
    read from the index or embedded for the question (every deep candidate's windows)."""
    from dataclasses import replace

    assistant, counting = counted
    answerer = assistant._pipeline.answerer
    exact = replace(answerer.thresholds, window_gain=None)
    for question in QUESTIONS:
        found = assistant._corpus.search(question, 5)
        assert _window_ids(found)
        counting.calls.clear()
        stored = answerer.select(question, found.vector, found.passages, found.sentence_vectors)
        assert counting.calls == []  # the deep pass embedded nothing
        answerer.thresholds, kept = exact, answerer.thresholds
        try:
            embedded = answerer.select(question, found.vector, found.passages, _without_windows(found))
        finally:
            answerer.thresholds = kept
        assert stored.band == embedded.band, question
        assert [c.sentence_id for c in stored.chosen] == [c.sentence_id for c in embedded.chosen], question
        assert abs(stored.probability - embedded.probability) < 0.01, question
        by_id = {c.sentence_id: c for c in embedded.candidates}
        for cand in stored.candidates:
            assert abs(cand.local_cosine - by_id[cand.sentence_id].local_cosine) < 0.005, (question, cand.sentence.text)


def test_without_stored_windows_the_deep_pass_embeds_only_those_that_can_change_the_answer(counted) -> None:
    """An index without stored windows (built before them, or by a custom store): clause windows
    are embedded in one call, only for the sentences whose windows could change which sentences
    rank best (``Thresholds.window_gain``); the selections are those of embedding every deep
    candidate's windows."""
    from dataclasses import replace

    assistant, _ = counted
    answerer = assistant._pipeline.answerer
    requested: list[list[str]] = []
    lookup = answerer._word_vectors

    def recording(texts: Sequence[str]) -> np.ndarray:
        requested.append(list(texts))
        return lookup(texts)

    answerer._word_vectors = recording
    pruned = answerer.thresholds
    assert pruned.window_gain is not None
    runs: dict[str, tuple[list[tuple], set[str]]] = {}
    try:
        for name, thresholds in (("every window", replace(pruned, window_gain=None)), ("pruned", pruned)):
            answerer.thresholds = thresholds
            selections, windows = [], set()
            for question in QUESTIONS:
                found = assistant._corpus.search(question, 5)
                requested.clear()
                got = answerer.select(question, found.vector, found.passages, _without_windows(found))
                selections.append((got.band, [c.sentence_id for c in got.chosen], round(got.probability, 6)))
                windows.update(text for call in requested for text in call if " " in text.strip())
                assert sum(1 for call in requested if any(" " in t.strip() for t in call)) <= 1, question
            runs[name] = (selections, windows)
    finally:
        answerer.thresholds = pruned
        answerer._word_vectors = lookup
    assert runs["pruned"][0] == runs["every window"][0]
    assert runs["pruned"][1] < runs["every window"][1]  # a strict subset of the windows


_HTML = """<html><head><title>Release notes</title></head><body>
<h1>Release notes</h1>
<h2>Installing</h2>
<p>The installer asks for a mirror, and it then downloads the packages it needs. Installing
takes about twenty minutes on a slow connection, although a local mirror makes it faster.</p>
<h2>Upgrading</h2>
<p>Upgrades keep your configuration files unless you choose to replace them. Read the notes
on removed packages before you upgrade, because some of them are gone for good.</p>
<h2>Known problems</h2>
<p>Some graphics cards need firmware that the installer does not ship. When the screen stays
black after booting, add the firmware package and restart.</p>
</body></html>
"""


def test_a_document_read_whole_takes_its_stored_vectors_even_where_its_chunks_are_cut_again(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    """A summary reads a whole document, cutting it into chunks again from the stored text
    (which lacks the markup's headings, so chunk ids can differ from the indexed ones): its
    sentences' vectors are read from the index by their offsets, not embedded again."""
    from assistant.documents._chunking import chunk_document
    from assistant.index import sentence_id

    (settings.corpus_dir / "notes.html").write_text(_HTML)
    counting = CountingEmbedder(embedder)
    offline = settings.model_copy(update={"llm_base_url": None})
    with Assistant(offline, embedder=counting) as assistant:  # type: ignore[arg-type]
        assistant.ingest()
        corpus = assistant._corpus
        document = assistant._store.document("notes.html")
        assert document is not None
        cut = chunk_document(document, size=offline.chunk_size, overlap=offline.chunk_overlap)
        indexed = assistant._store.sentence_vectors(cut)
        assert len(indexed) < sum(len(c.sentences) for c in cut), "re-cut chunks are not all found by chunk id"
        counting.calls.clear()
        chunks, vectors = corpus.document_sentences("notes.html")
        assert counting.calls == []
        spans = [s for c in chunks for s in c.sentences]
        got = np.stack([vectors[sentence_id("notes.html", s.start, s.end)] for s in spans])
        want = embedder.embed_array([s.text for s in spans])
        assert np.all(np.sum(got * want, axis=1) > 0.999)


def test_a_question_read_twice_in_a_row_is_embedded_once(settings: Settings, embedder: MiniLMEmbeddings, tmp_path: Path) -> None:
    """A question that may name a person by position ("the first one") reads its best document
    first (for the authors it could mean), then its passages: when the document names nobody,
    the question is unchanged and its vector and unknown words, embedded for the first read,
    serve the second."""
    from assistant.answering._followups import refers_by_position

    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "notes.html").write_text(_HTML)
    counting = CountingEmbedder(embedder)
    offline = settings.model_copy(update={"llm_base_url": None, "corpus_dir": corpus})
    with Assistant(offline, embedder=counting) as assistant:  # type: ignore[arg-type]
        assistant.ingest()
        question = "Which zorblatt package was the first one the installer downloaded?"
        assert refers_by_position(question)
        counting.calls.clear()
        assistant.ask(question)
        assert len(counting.calls) == 1 and counting.calls[0][0] == question, counting.calls
        assert "zorblatt" in counting.calls[0]
