"""Hybrid retrieval's dense side counts each candidate's best-matching sentence
(``index._retrieval``): a chunk whose answer is one sentence among others on other matters is
not buried by the mean of its sentences, and a keyword-only candidate is scored too. The chunks
it reads are kept by document version, never served stale."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant import Assistant, Settings
from assistant.index import HybridRetriever, sentence_id
from assistant.index._keyword import BM25Index
from assistant.testing import HashingEmbedder, InMemoryStore
from assistant.types import Chunk, Document, DocWrite, SentenceSpan

DIMS = 8


def _unit(*pairs: tuple[int, float]) -> np.ndarray:
    v = np.zeros(DIMS, dtype=np.float32)
    for axis, value in pairs:
        v[axis] = value
    return v / np.linalg.norm(v)


def _write(store: InMemoryStore, source: str, sentences: list[tuple[str, np.ndarray]]) -> Chunk:
    """One document of one chunk whose sentences have the given vectors; the chunk's vector is
    their normalised mean, as ingest makes it."""
    text = " ".join(t for t, _ in sentences)
    spans, at = [], 0
    for t, _ in sentences:
        spans.append(SentenceSpan(start=at, end=at + len(t), text=t))
        at += len(t) + 1
    chunk = Chunk(id=f"{source}-0", source=source, title=source, text=text, start=0, end=len(text), index=0, sentences=tuple(spans))
    vectors = np.stack([v for _, v in sentences])
    mean = vectors.mean(axis=0)
    store.write_documents(
        [
            DocWrite(
                document=Document(source=source, title=source, text=text),
                doc_hash=source,
                chunks=[chunk],
                chunk_vectors=[mean / np.linalg.norm(mean)],
                sentences=[(sentence_id(source, s.start, s.end), s) for s in spans],
                sentence_vectors=vectors,
                replace=False,
            )
        ],
        "2026-11-30T00:00:00+00:00",
    )
    return chunk


def _retriever(store: InMemoryStore, weight: float) -> HybridRetriever:
    ids, texts = store.all_chunks()
    keyword = BM25Index(ids, texts)
    return HybridRetriever(
        store=store,
        keyword_index=lambda: keyword,
        embed_query=lambda _: _unit((0, 1.0)),
        sentence_weight=weight,
    )


def test_a_chunk_holding_the_one_matching_sentence_rises_above_a_chunk_that_matches_on_average() -> None:
    store = InMemoryStore()
    # "chronicle": one sentence is exactly the question's direction, three are about other matters.
    chronicle = _write(
        store,
        "chronicle.md",
        [("First fact.", _unit((0, 1.0))), ("Second fact.", _unit((1, 1.0))), ("Third fact.", _unit((2, 1.0))), ("Fourth fact.", _unit((3, 1.0)))],
    )
    # "overview": every sentence leans towards the question, none answers it.
    overview = _write(
        store,
        "overview.md",
        [("Broad remark.", _unit((0, 0.7), (4, 0.714))), ("General remark.", _unit((0, 0.7), (5, 0.714)))],
    )
    question = "unrelated words"  # no keyword match: the dense side alone decides
    by_chunk_vector = [p.chunk.id for p in _retriever(store, 0.0).retrieve(question, 2)]
    by_best_sentence = [p.chunk.id for p in _retriever(store, 2.0).retrieve(question, 2)]
    assert by_chunk_vector == [overview.id, chronicle.id]
    assert by_best_sentence == [chronicle.id, overview.id]


def test_a_keyword_only_candidate_is_scored_by_its_vectors_and_its_sentences_come_back() -> None:
    store = InMemoryStore()
    # 24 chunks nearer the question than the target on the dense side: the target is outside the
    # dense pool (20), found by its keyword alone.
    for i in range(24):
        _write(store, f"near-{i:02d}.md", [(f"Filler text {i}.", _unit((0, 0.9), (1 + i % 6, 0.44)))])
    target = _write(store, "target.md", [("The aptitude tool.", _unit((0, 0.3), (7, 0.95))), ("Other.", _unit((6, 1.0)))])
    ranked = _retriever(store, 0.5).rank("aptitude", 5)
    ids = [p.chunk.id for p in ranked.passages]
    assert target.id in ids
    wanted = {sentence_id(p.chunk.source, s.start, s.end) for p in ranked.passages for s in p.chunk.sentences}
    assert set(ranked.sentence_vectors) == wanted
    np.testing.assert_allclose(
        ranked.sentence_vectors[sentence_id("target.md", 0, len("The aptitude tool."))], _unit((0, 0.3), (7, 0.95)), rtol=1e-6
    )


ALPHA = "The reading room keeps the parish registers of the eighteenth century on its upper shelves."
BETA = "Visitors who wish to consult them sign the register at the front desk before noon."
FIRST = "A new opening paragraph about the building's history now comes before everything else."


def test_a_chunk_read_before_a_re_ingest_is_read_again_in_its_new_version(tmp_path: Path) -> None:
    """Chunks read are kept by id and document version: once the document changes, a chunk whose
    text did not change (same id) comes back with the new version's offsets, so every citation
    still slices the stored text."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "room.md").write_text(f"{ALPHA}\n\n{BETA}\n")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", chunk_size=100, chunk_overlap=0)
    with Assistant(settings, embedder=HashingEmbedder()) as assistant:
        assistant.ingest()
        [before] = [p.chunk for p in assistant.retrieve("parish registers upper shelves", k=3) if p.chunk.text == ALPHA]
        assert before.start == 0
        (corpus / "room.md").write_text(f"{FIRST}\n\n{ALPHA}\n\n{BETA}\n")
        assert list(assistant.ingest().updated) == ["room.md"]
        passages = assistant.retrieve("parish registers upper shelves", k=3)
        [after] = [p.chunk for p in passages if p.chunk.text == ALPHA]
        assert after.id == before.id  # the same text, so the same chunk id
        assert after.start == len(FIRST) + 2
        text = assistant.document_text("room.md")
        assert all(text[p.chunk.start : p.chunk.end] == p.chunk.text for p in passages)


def test_the_chroma_store_and_the_in_memory_store_give_the_same_candidate_reads(tmp_path: Path) -> None:
    """The reads the ranking makes (nearest chunks, chunks with their vectors, sentence rows) are
    the same from the real store as from the shipped fake, for the same ingest."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "room.md").write_text(f"{ALPHA} {BETA}\n\n{FIRST}\n")
    (corpus / "hours.md").write_text("The archive opens at nine. It closes at five on Fridays.\n")
    embedder = HashingEmbedder()
    memory = InMemoryStore()
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", chunk_size=100, chunk_overlap=0)
    with Assistant(settings, embedder=embedder) as real, Assistant(settings, embedder=embedder, store=memory) as fake:
        real.ingest()
        fake.ingest()
        store = real._store
        vector = np.asarray(embedder.embed_array(["When does the archive close?"])[0])
        nearest, expected = store.dense_chunks(vector.tolist(), 3), memory.dense_chunks(vector.tolist(), 3)  # type: ignore[attr-defined]
        assert [c.id for c, _ in nearest] == [c.id for c, _ in expected]
        np.testing.assert_allclose([s for _, s in nearest], [s for _, s in expected], atol=1e-5)
        ids = [c.id for c, _ in nearest][::-1]
        read, kept = store.chunks_with_vectors(ids), memory.chunks_with_vectors(ids)  # type: ignore[attr-defined]
        assert [c for c, _ in read] == [c for c, _ in kept]
        for (_, a), (_, b) in zip(read, kept, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-6)
        chunks = [c for c, _ in read]
        for a, b in zip(store.sentence_rows(chunks), memory.sentence_rows(chunks), strict=True):  # type: ignore[attr-defined]
            assert a.shape == b.shape and a.shape[0] > 0
            np.testing.assert_allclose(a, b, atol=2e-3)  # float16 on disk


def test_each_side_s_first_passage_is_among_the_fused_ones() -> None:
    store = InMemoryStore()
    # Twenty-four chunks the dense side ranks in order (the query's direction, less and less),
    # which say one of the query's words, the first ones more often: both sides rank them high.
    for n in range(24):
        text = "Harbour " * max(1, 8 - n) + f"remark number {n}."
        _write(store, f"dense{n:02d}.md", [(text, _unit((0, 1.0 - 0.02 * n), (1 + n % 7, 0.5)))])
    # One chunk that alone holds all of the query's words, its vector away from the query's:
    # the keyword side's first, below the dense side's pool.
    keyword = _write(store, "exact.md", [("The harbour ferry timetable.", _unit((7, 1.0)))])
    retriever = _retriever(store, 0.25)
    query = "harbour ferry timetable"
    assert retriever._keyword_index().search(query, 1)[0][0] == keyword.id
    fused = [p.chunk.id for p in retriever.retrieve(query, 5)]
    # The keyword side's first passage is there, in place of the last fused one; the passages
    # both sides rank high still lead.
    assert keyword.id in fused and len(fused) == 5
    assert fused[-1] == keyword.id and fused[0] == "dense00.md-0"
