"""Sentence vectors live outside the indexed collections: a flat float16 blob per document version."""

from __future__ import annotations

import platform
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.index import DIMENSIONS, MODEL_ID, ChromaStore, MiniLMEmbeddings, sentence_id
from assistant.index._heap import _find_trim
from assistant.index._vectors import FileRows, FileVectors, blob_key, decode_blob, encode_blob, read_npy_rows
from bench.synthetic import write_corpus


def test_a_blob_round_trips_offsets_and_float16_vectors() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((5, 8)).astype(np.float32)
    spans = [(0, 10), (11, 30), (31, 31), (40, 90), (91, 120)]
    blob = decode_blob(encode_blob(spans, vectors))
    assert [blob.row(a, b) for a, b in spans] == list(range(len(spans)))
    assert blob.row(0, 11) is None and blob.row(1, 10) is None and blob.row(200, 300) is None
    got = blob.get(40, 90)
    assert got is not None and got.dtype == np.float32
    np.testing.assert_allclose(got, vectors[3], rtol=1e-3, atol=1e-3)
    assert blob.get(40, 91) is None


def test_a_span_written_twice_reads_its_last_row() -> None:
    # Offsets out of order and one span twice: the lookup sorts them and keeps the last row,
    # as a mapping from span to row would.
    vectors = np.arange(12, dtype=np.float32).reshape(4, 3)
    spans = [(50, 60), (0, 10), (50, 60), (20, 2**31 - 1)]
    blob = decode_blob(encode_blob(spans, vectors))
    assert blob.row(50, 60) == 2
    assert blob.row(0, 10) == 1
    assert blob.row(20, 2**31 - 1) == 3
    assert blob.row(20, 2**31 - 2) is None


def test_file_blobs_keep_one_version_per_document(tmp_path: Path) -> None:
    store = FileVectors(tmp_path / "vectors")
    one = np.ones((2, 4), dtype=np.float32)
    store.put([("a.md", "h1", [(0, 5), (6, 9)], one, one[0]), ("b.md", "h1", [(0, 3)], one[:1], one[0])])
    store.put([("a.md", "h2", [(0, 7)], 2 * one[:1], one[0])])  # a new version, written beside the old
    assert store.keys() == {blob_key("a.md", "h1"), blob_key("a.md", "h2"), blob_key("b.md", "h1")}
    store.keep_only("a.md", "h2")
    assert store.keys() == {blob_key("a.md", "h2"), blob_key("b.md", "h1")}
    got = store.get([("a.md", "h2"), ("a.md", "h1")])
    assert list(got) == [("a.md", "h2")]
    vec = got[("a.md", "h2")].get(0, 7)
    assert vec is not None and vec.tolist() == [2.0] * 4
    store.keep_only("b.md", None)
    assert store.keys() == {blob_key("a.md", "h2")}


def _check_every_sentence_has_its_vector(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    try:
        ids, _ = store.all_chunks()
        chunks = store.get_chunks(ids[:40])
        vectors = store.sentence_vectors(chunks)
        spans = {(c.source, s.start, s.end): s.text for c in chunks for s in c.sentences}
        assert set(vectors) == {sentence_id(*key) for key in spans}
        texts = list(spans.values())[:12]
        expected = embedder.embed_array(texts)
        for key, want in zip(list(spans)[:12], expected, strict=True):
            # float16 storage: the cosine with the model's own vector stays at 1 to three decimals.
            assert float(np.dot(vectors[sentence_id(*key)], want)) == pytest.approx(1.0, abs=2e-3)
    finally:
        store.close()


def test_the_embedded_index_keeps_sentence_vectors_in_files(tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6, seed=2, sections=1, paragraphs=2)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
    folder = settings.data_dir / "vectors" / settings.collection
    assert len(list(folder.glob("*.f16"))) == 6
    _check_every_sentence_has_its_vector(settings, embedder)


@pytest.mark.chroma_server
def test_a_server_index_keeps_sentence_vectors_on_the_server(
    tmp_path: Path, embedder: MiniLMEmbeddings, chroma_server_url: str
) -> None:
    """Another machine cannot read the ingesting machine's files: vectors must come from the server."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4, seed=3, sections=1, paragraphs=2)
    settings = Settings(
        corpus_dir=corpus, data_dir=tmp_path / "writer", chroma_url=chroma_server_url, collection="vectors-test"
    )
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest(rebuild=True)
    assert not (settings.data_dir / "vectors").exists()
    shutil.rmtree(settings.data_dir)
    reader = settings.model_copy(update={"data_dir": tmp_path / "reader"})
    _check_every_sentence_has_its_vector(reader, embedder)


class _Counting:
    """The shipped hashing embedder, counting model calls."""

    def __init__(self) -> None:
        from assistant.testing import HashingEmbedder

        self.inner = HashingEmbedder()
        self.model_id = self.inner.model_id
        self.dimensions = self.inner.dimensions
        self.calls: list[list[str]] = []

    def embed_array(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.embed_array(texts)

    def embed_texts(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()


def test_the_vocabulary_is_embedded_at_ingest_and_a_question_costs_one_call(tmp_path: Path) -> None:
    from assistant.index._corpus import vocabulary

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=5, sections=1, paragraphs=2)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    embedder = _Counting()
    with Assistant(settings, embedder=embedder) as assistant:  # type: ignore[arg-type]
        assistant.ingest()
        _, texts = assistant._corpus.store.all_chunks()
        words = sorted(vocabulary(texts))
    assert (settings.data_dir / "bm25" / f"{settings.collection}-words" / "vocab.json").is_file()

    # A new process: the corpus's words come from the file, not the model.
    embedder = _Counting()
    with Assistant(settings, embedder=embedder) as assistant:  # type: ignore[arg-type]
        corpus_obj = assistant._corpus
        vectors = corpus_obj.word_vectors(words[:50])
        assert embedder.calls == []
        expected = embedder.inner.embed_array(words[:50])
        np.testing.assert_allclose(vectors, expected, atol=2e-3)
        found = corpus_obj.search("Which zyzzogeton attacks were reported near Quetta?", 5)
        assert len(embedder.calls) == 1  # the question and its one unknown word, together
        assert embedder.calls[0][0] == "Which zyzzogeton attacks were reported near Quetta?"
        assert "zyzzogeton" in embedder.calls[0]
        assert found.passages
        corpus_obj.word_vectors(["zyzzogeton", "attacks", "quetta"])
        assert len(embedder.calls) == 1


def test_a_chunk_vector_leans_towards_its_section_by_the_weight() -> None:
    from assistant.index._ingest import chunk_vector

    rng = np.random.default_rng(1)
    sentences = rng.standard_normal((3, 16)).astype(np.float32)
    section = rng.standard_normal(16).astype(np.float32)
    section /= np.linalg.norm(section)
    plain = chunk_vector(sentences, None, 0.75)
    mean = sentences.mean(axis=0)
    np.testing.assert_allclose(plain, mean / np.linalg.norm(mean), rtol=1e-5)
    np.testing.assert_allclose(chunk_vector(sentences, section, 0.0), plain, rtol=1e-5)
    leaning = [float(chunk_vector(sentences, section, w) @ section) for w in (0.25, 0.75, 1.5)]
    assert float(plain @ section) < leaning[0] < leaning[1] < leaning[2]
    assert float(np.linalg.norm(chunk_vector(sentences, section, 0.75))) == pytest.approx(1.0, abs=1e-5)


def test_file_rows_read_what_numpy_stored(tmp_path: Path) -> None:
    stored = np.random.default_rng(1).standard_normal((40, 6)).astype(np.float16)
    np.save(tmp_path / "rows.npy", stored)
    rows = read_npy_rows(tmp_path / "rows.npy")
    assert rows.shape == (40, 6) and len(rows) == 40
    np.testing.assert_array_equal(rows[7], stored[7])
    np.testing.assert_array_equal(rows[-1], stored[-1])
    # Runs of neighbours, rows out of order, a repeat: each as ndarray fancy indexing gives it.
    for wanted in ([3, 4, 5, 6], [9, 2, 3, 30, 31, 0], [5, 5], [39, 0], []):
        np.testing.assert_array_equal(rows[wanted], stored[wanted])
    assert rows[[1, 2]].dtype == np.float16
    with pytest.raises(IndexError):
        rows[40]
    with pytest.raises(IndexError):
        rows[[0, -41]]


def test_file_rows_refuse_what_they_cannot_read(tmp_path: Path) -> None:
    np.save(tmp_path / "flat.npy", np.zeros(10, dtype=np.float16))
    with pytest.raises(ValueError, match="two-dimensional"):
        read_npy_rows(tmp_path / "flat.npy")
    (tmp_path / "short.npy").write_bytes(b"\x93NUMPY")
    with pytest.raises(ValueError):
        read_npy_rows(tmp_path / "short.npy")
    # A file cut short after its header: the read says so instead of returning garbage.
    np.save(tmp_path / "cut.npy", np.ones((8, 4), dtype=np.float16))
    data = (tmp_path / "cut.npy").read_bytes()
    (tmp_path / "cut.npy").write_bytes(data[:-20])
    rows = read_npy_rows(tmp_path / "cut.npy")
    np.testing.assert_array_equal(rows[0], np.ones(4, dtype=np.float16))
    with pytest.raises(OSError, match="shorter"):
        rows[7]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_reading_blob_rows_maps_nothing_of_the_file(tmp_path: Path) -> None:
    # Mapped pages count in resident memory, and the kernel maps the neighbours of each page
    # read: scattered lookups once held whole files resident. Rows are read, not mapped.
    store = FileVectors(tmp_path / "vectors")
    rng = np.random.default_rng(2)
    spans = [(i * 10, i * 10 + 9) for i in range(3000)]
    vectors = rng.standard_normal((3000, 384)).astype(np.float32)
    store.put([("big.md", "ab" * 16, spans, vectors, vectors.mean(axis=0))])
    blob = store.get([("big.md", "ab" * 16)])[("big.md", "ab" * 16)]
    for i in range(0, 3000, 97):
        row = blob.row(*spans[i])
        assert row is not None
        np.testing.assert_allclose(np.asarray(blob.vectors[row], dtype=np.float32), vectors[i], atol=1e-2)
    path = tmp_path / "vectors" / f"{blob_key('big.md', 'ab' * 16)}.f16"
    assert path.exists()
    assert str(path) not in Path("/proc/self/maps").read_text()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_the_heap_can_be_trimmed_where_glibc_runs() -> None:
    trim = _find_trim()
    assert trim is not None
    assert trim(0) in (0, 1)


def test_an_interrupted_ingest_leaves_its_words_to_the_next_one(tmp_path: Path) -> None:
    # The vocabulary is embedded when an ingest ends; stopped before that, the next ingest (which
    # writes only the documents still missing) must still embed the words of those written before.
    from assistant.index._corpus import vocabulary

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=11, sections=8, paragraphs=10)  # documents of several embedding batches
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    words_dir = settings.data_dir / "bm25" / f"{settings.collection}-words"

    class Stop(Exception):
        pass

    seen: list[str] = []

    def stop_after_first(done: int, total: int, source: str) -> None:
        if source not in seen:
            seen.append(source)
        if len(seen) > 1:
            raise Stop  # the second document begins: the first one is stored

    with Assistant(settings, embedder=MiniLMEmbeddings()) as assistant:
        with pytest.raises(Stop):
            assistant.ingest(progress=stop_after_first)
        _, first_texts = assistant._corpus.store.all_chunks()
    assert first_texts, "the first document was written before the stop"
    assert (words_dir / "pending.jsonl").is_file()
    assert not (words_dir / "vocab.json").is_file()

    with Assistant(settings, embedder=MiniLMEmbeddings()) as assistant:
        report = assistant.ingest()
        assert report.added  # the documents the stopped ingest did not reach
        _, texts = assistant._corpus.store.all_chunks()
        missing = assistant._corpus._word_file.missing(vocabulary(first_texts) | vocabulary(texts))
    assert missing == []
    assert not (words_dir / "pending.jsonl").exists()
