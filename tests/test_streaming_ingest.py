"""A large document is cut, embedded and written in batches, and switched in only when whole.

The batch size is lowered (``STREAM_CHUNKS``) so that small synthetic documents take the
batched path with the real embedding model and a real Chroma index; the memory test at the
end ingests real sizes in child processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.answering import clause_window_spans
from assistant.errors import ModelError
from assistant.index import DIMENSIONS, MODEL_ID, ChromaStore, MiniLMEmbeddings, sentence_id
from assistant.index import _chroma, _ingest
from assistant.index._vectors import FileVectors, blob_key, encode_blob
from bench.synthetic import write_corpus
from tests.plugins.chroma_server import assert_index_matches_corpus, assert_vectors_match_records, index_state
from tests.test_bounded_inputs import measured

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    """Documents of more than 4 chunks are written 4 chunks at a time, their text in parts of
    500 characters."""
    monkeypatch.setattr(_ingest, "STREAM_CHUNKS", 4)
    monkeypatch.setattr(_chroma, "_TEXT_PART", 500)
    return 4


def _text_parts_match_records(settings: Settings) -> None:
    """Text parts exist for the current version of each document written in batches, and no other."""
    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    try:
        _, docs = store._collections()
        parts = docs.get(where={"text_part": {"$gte": 0}}, include=["metadatas"])["metadatas"]
        records = store.records()
        assert parts and all(records[m["source"]].doc_hash == m["doc_hash"] for m in parts)
    finally:
        store.close()


def _corpus(tmp_path: Path, seed: int = 5) -> Settings:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2, seed=seed, sections=3, paragraphs=3)
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data")


def _every_sentence_vector(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    """Every sentence of every stored chunk has its vector, and it is the model's vector."""
    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    try:
        ids, _ = store.all_chunks()
        chunks = store.get_chunks(ids)
        vectors = store.sentence_vectors(chunks)
        spans = {(c.source, s.start, s.end): s.text for c in chunks for s in c.sentences}
        assert set(vectors) == {sentence_id(*key) for key in spans}
        keys = list(spans)[::7]
        for key, want in zip(keys, embedder.embed_array([spans[k] for k in keys]), strict=True):
            assert float(np.dot(vectors[sentence_id(*key)], want)) == pytest.approx(1.0, abs=2e-3)
        # And every sentence's clause windows, by their offsets, with the model's vectors.
        windows = {
            (c.source, s.start + a, s.start + b): (c, s.text[a:b])
            for c in chunks
            for s in c.sentences
            for a, b in clause_window_spans(s.text)
        }
        assert windows, "the synthetic sentences have clauses"
        stored = store.span_vectors([(chunk, start, end) for (_, start, end), (chunk, _) in windows.items()])
        assert set(stored) == {sentence_id(*key) for key in windows}
        keys = list(windows)[::11]
        for key, want in zip(keys, embedder.embed_array([windows[k][1] for k in keys]), strict=True):
            assert float(np.dot(stored[sentence_id(*key)], want)) == pytest.approx(1.0, abs=2e-3)
    finally:
        store.close()


# -- the blob written in parts -------------------------------------------------------------------
def test_a_blob_written_in_parts_is_the_blob_written_at_once(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((7, 6)).astype(np.float32)
    spans = [(i * 10, i * 10 + 8) for i in range(7)]
    whole = FileVectors(tmp_path / "whole")
    whole.put([("a.md", "h1", spans, vectors, vectors[0])])
    parts = FileVectors(tmp_path / "parts")
    writer = parts.writer("a.md", "h1")
    writer.add(spans[:3], vectors[:3])
    writer.add([], vectors[:0])
    assert parts.keys() == set()  # nothing readable before the commit
    writer.add(spans[3:], vectors[3:])
    writer.commit(vectors[0])
    name = f"{blob_key('a.md', 'h1')}.f16"
    assert (tmp_path / "parts" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert (tmp_path / "parts" / name).read_bytes() == encode_blob(spans, vectors)
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == [name]  # no temporary files left


def test_an_aborted_blob_leaves_nothing(tmp_path: Path) -> None:
    blobs = FileVectors(tmp_path / "vectors")
    blobs.put([("a.md", "old", [(0, 4)], np.ones((1, 3), np.float32), np.ones(3))])
    writer = blobs.writer("a.md", "new")
    writer.add([(0, 5)], np.ones((1, 3), np.float32))
    writer.abort()
    assert [p.name for p in (tmp_path / "vectors").iterdir()] == [f"{blob_key('a.md', 'old')}.f16"]
    assert blobs.keys() == {blob_key("a.md", "old")}


# -- a document written in batches ---------------------------------------------------------------
def test_a_large_document_is_written_in_batches_with_every_vector(
    tmp_path: Path, embedder: MiniLMEmbeddings, small_batches: int
) -> None:
    settings = _corpus(tmp_path)
    calls: list[tuple[int, int, str]] = []
    with Assistant(settings, embedder=embedder) as assistant:
        report = assistant.ingest(progress=lambda done, total, source: calls.append((done, total, source)))
        answer = assistant.ask("What did the provincial government report?")
    stored, records = index_state(settings)
    assert len(report.added) == 2 and all(len(ids) > small_batches for ids in stored.values())
    assert_index_matches_corpus(settings)
    _every_sentence_vector(settings, embedder)
    _text_parts_match_records(settings)
    # Progress came batch by batch inside each document, never went back, and ended exact.
    assert len(calls) > 2 * 2
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert calls[-1][0] == calls[-1][1] == report.chunks_embedded == sum(len(ids) for ids in stored.values())
    with Assistant(settings, embedder=embedder) as reader:
        assert answer.citations
        for citation in answer.citations:
            assert reader.document_text(citation.source)[citation.start : citation.end] == citation.quote
        for source in stored:
            assert reader.document_text(source) == (settings.corpus_dir / source).read_text()
        # A removed document takes its text parts with it.
        gone = sorted(stored)[0]
        (settings.corpus_dir / gone).unlink()
        assert reader.ingest().removed == (gone,)
    assert_index_matches_corpus(settings)
    _text_parts_match_records(settings)


def test_readers_keep_the_old_version_until_a_batched_document_is_complete(
    tmp_path: Path, embedder: MiniLMEmbeddings, small_batches: int
) -> None:
    settings = _corpus(tmp_path)
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        source = sorted(p.name for p in settings.corpus_dir.iterdir())[0]
        path = settings.corpus_dir / source
        old = assistant.document_text(source)
        # The new version: every paragraph gains a sentence with a word the old one lacks.
        path.write_text(path.read_text().replace(".\n\n", ". The quartermaster logged it.\n\n"))
        seen: list[tuple[int, bool, bool]] = []
        question = f"{old[:200]} quartermaster logged"  # found in the old version and the new one

        def progress(done: int, total: int, name: str) -> None:
            if name != source or done == total:
                return
            ours = [p for p in assistant.retrieve(question, k=8) if p.chunk.source == source]
            seen.append(
                (
                    len(ours),
                    assistant.document_text(source) == old,
                    all(p.chunk.text == old[p.chunk.start : p.chunk.end] for p in ours),
                )
            )

        report = assistant.ingest(progress=progress)
        assert report.updated == (source,)
        assert len(seen) >= 2 and all(found for found, _, _ in seen)
        assert all(same_text and old_chunks for _, same_text, old_chunks in seen), seen
        new = assistant.document_text(source)
        assert "quartermaster" in new and "quartermaster" not in old
        top = [p for p in assistant.retrieve("quartermaster logged", k=3) if p.chunk.source == source]
        assert top and all(p.chunk.text == new[p.chunk.start : p.chunk.end] for p in top)
        assert new == path.read_text()
    assert_index_matches_corpus(settings)
    _text_parts_match_records(settings)


class _FailingAfter:
    """The real model, failing from its ``n``-th call on (a model crash half-way through a document)."""

    def __init__(self, inner: MiniLMEmbeddings, n: int) -> None:
        self.inner, self.n, self.calls = inner, n, 0
        self.model_id, self.dimensions = inner.model_id, inner.dimensions

    def embed_array(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        if self.calls >= self.n:
            raise ModelError("the embedding model failed")
        return self.inner.embed_array(texts)


def test_a_failure_half_way_through_a_document_keeps_the_previous_version(
    tmp_path: Path, embedder: MiniLMEmbeddings, small_batches: int
) -> None:
    settings = _corpus(tmp_path)
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
    before_chunks, before = index_state(settings)
    texts = {}
    with Assistant(settings, embedder=embedder) as reader:
        texts = {s: reader.document_text(s) for s in before}
    for path in settings.corpus_dir.iterdir():
        path.write_text(path.read_text().replace(".\n\n", ". The quartermaster logged it.\n\n"))

    failing = _FailingAfter(embedder, 3)
    with Assistant(settings, embedder=failing) as assistant:
        with pytest.raises(ModelError):
            assistant.ingest()
        assert failing.calls == 3  # it failed inside the first document, after two batches were written
        for source, text in texts.items():
            assert assistant.document_text(source) == text
    _, after = index_state(settings)
    assert {s: (r.doc_hash, r.status) for s, r in after.items()} == {  # type: ignore[attr-defined]
        s: (r.doc_hash, r.status) for s, r in before.items()  # type: ignore[attr-defined]
    }
    assert_vectors_match_records(settings)
    folder = settings.data_dir / "vectors" / settings.collection
    assert all(p.suffix == ".f16" and not p.name.startswith(".") for p in folder.iterdir())

    with Assistant(settings, embedder=embedder) as assistant:
        report = assistant.ingest()
    assert sorted(report.updated) == sorted(before_chunks)
    assert_index_matches_corpus(settings)
    _every_sentence_vector(settings, embedder)
    _text_parts_match_records(settings)


@pytest.mark.chroma_server
def test_a_batched_document_on_a_server_has_every_vector(
    tmp_path: Path, embedder: MiniLMEmbeddings, chroma_server_url: str, small_batches: int
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1, seed=8, sections=3, paragraphs=3)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", chroma_url=chroma_server_url, collection="parts")
    with Assistant(settings, embedder=embedder) as assistant:
        report = assistant.ingest(rebuild=True)
        assert report.chunks_embedded > small_batches
    assert not (settings.data_dir / "vectors").exists()
    _every_sentence_vector(settings, embedder)


# -- the command line ----------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_the_cli_shows_progress_through_a_large_file(tmp_path: Path) -> None:
    """`assistant ingest` on a terminal: the bar moves through the document's chunks (done of
    the estimated total) before the document is complete."""
    import fcntl
    import pty
    import re
    import select
    import struct
    import termios
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    study = (ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md").read_text()
    # Far more than one batch of chunks; a repeated text, so each batch embeds few distinct sentences.
    (corpus / "ledger.txt").write_text("\n\n".join([study.replace("#", "")] * 45))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_DATA_DIR=str(tmp_path / "data"), TERM="xterm")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a terminal has a size
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest"], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    seen = ""
    try:
        end = time.monotonic() + 300  # a bound on a hung child, not a timing assertion
        # poll(), not select(): late in a long test session descriptors can exceed select's 1024.
        watch = select.poll()
        watch.register(master, select.POLLIN)
        while process.poll() is None or watch.poll(0):
            if time.monotonic() > end:
                raise AssertionError(f"ingest did not finish; the terminal shows:\n{seen[-2000:]}")
            if watch.poll(500):
                try:
                    seen += os.read(master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    assert process.wait() == 0, seen
    summary = re.search(r"1 added, .*\((\d+) chunks embedded", seen)
    assert summary, seen
    chunks = int(summary.group(1))
    assert chunks > _ingest.STREAM_CHUNKS
    shown = [(int(a), int(b)) for a, b in re.findall(r"Embedding:[^\r\n]*?\b(\d+)/(\d+) \[", seen)]
    partial = [(done, total) for done, total in shown if 0 < done < chunks]
    assert partial, seen  # the bar showed while the document was still being written
    assert all(total > done for done, total in partial)
    assert "ledger.txt" in seen and "Traceback" not in seen



# -- memory ----------------------------------------------------------------------------------------
_INGEST_ONE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from assistant import Assistant, Settings
    from assistant.testing import HashingEmbedder
    settings = Settings(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]))
    with Assistant(settings, embedder=HashingEmbedder()) as assistant:
        report = assistant.ingest()
    print(json.dumps({"added": list(report.added), "chunks": report.chunks_embedded}))
    """
)


def _large_text(path: Path, chars: int) -> None:
    """About ``chars`` characters of report-style text (headings and paragraphs, a realistic
    vocabulary, no two documents alike), as one .txt file."""
    from bench.synthetic import documents

    written = 0
    with path.open("w", encoding="utf-8") as handle:
        for doc in documents(chars // 1500 + 10, seed=31, sections=3, paragraphs=2):
            if written >= chars:
                break
            handle.write(doc.text + "\n\n")
            written += len(doc.text) + 2


def _peak_ingest(tmp_path: Path, chars: int) -> dict[str, object]:
    corpus = tmp_path / f"corpus-{chars}"
    corpus.mkdir()
    _large_text(corpus / "large.txt", chars)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    # Measured from a small launcher: a process's peak counts its parent's at the time it
    # was started (Linux keeps the high-water mark across exec), and pytest's can be larger.
    done = measured([sys.executable, "-c", _INGEST_ONE, str(corpus), str(tmp_path / f"data-{chars}")], env)
    assert done["code"] == 0, str(done["err"])[-3000:]
    result = json.loads(str(done["out"]).strip().splitlines()[-1])
    assert result["added"] == ["large.txt"]
    return {**result, "peak_mb": done["peak_mb"]}


@pytest.mark.slow
def test_peak_memory_stays_flat_as_a_text_file_grows(tmp_path: Path) -> None:
    """A 1M- and a 4M-character .txt, each ingested by a child process into a real embedded
    Chroma index (the shipped hashing embedder: the real model would take minutes for 4M
    characters; its own memory is bounded a model call, which the next test checks). Before the document
    was written in batches, peak memory grew by 207 MB from the first to the second (215 to
    422 MB); batched, by 55 to 70 MB (about 165 to 230 MB): what is left grows with the index,
    not with the document being written (Chroma's chunk collection and the text it stores,
    the keyword index rebuilt over every chunk at the end)."""
    small = _peak_ingest(tmp_path, 1_000_000)
    large = _peak_ingest(tmp_path, 4_000_000)
    growth = float(large["peak_mb"]) - float(small["peak_mb"])  # type: ignore[arg-type]
    print(
        f"\npeak RSS: 1M chars {small['peak_mb']:.0f} MB ({small['chunks']} chunks), "
        f"4M chars {large['peak_mb']:.0f} MB ({large['chunks']} chunks): +{growth:.0f} MB"
    )
    assert int(large["chunks"]) > 3 * int(small["chunks"])  # type: ignore[arg-type]
    assert growth < 100


# -- memory with the real model --------------------------------------------------------------------
_MODEL_ONLY = textwrap.dedent(
    """
    from assistant.index import MiniLMEmbeddings
    MiniLMEmbeddings().embed_array(["warm up"])
    """
)

_INGEST_REAL = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from assistant import Assistant, Settings
    settings = Settings(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]))
    with Assistant(settings) as assistant:
        report = assistant.ingest()
    print(json.dumps({"added": list(report.added), "chunks": report.chunks_embedded}))
    """
)


def _long_sentence_text(path: Path, chars: int) -> None:
    """About ``chars`` characters of report-style text in which each section is a paragraph
    of ordinary sentences and then one long sentence (the next paragraphs' sentences joined
    by semicolons, about 1,300 characters: the model reads its first 256 tokens, the
    longest input it takes), as one .txt file. Batches of such sentences once took a model
    call hundreds of MB. A block of 15,000 characters repeats, so each batch embeds few
    distinct sentences (they are embedded once a batch) and the real model gets through a
    large file in seconds."""
    from bench.synthetic import documents

    paragraphs: list[str] = []
    joined: list[str] = []  # the clauses of the section's long sentence
    for doc in documents(12, seed=47, sections=3, paragraphs=5):
        for paragraph in [*doc.text.split("\n\n"), "#"]:
            paragraph = paragraph.strip()
            if paragraph.startswith("#"):
                if joined:
                    paragraphs.append("; ".join(joined) + ".")
                joined = []
                paragraphs.append(paragraph)
            elif paragraph and paragraphs[-1].startswith("#"):
                paragraphs.append(paragraph)  # the section's first paragraph: ordinary sentences
            elif paragraph:
                for clause in paragraph.split(". "):
                    if sum(len(c) + 2 for c in joined) < 1_300:
                        joined.append(clause.rstrip("."))
    block = "\n\n".join(p for p in paragraphs if p != "#")[:15_000]
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(chars // len(block) + 1):
            handle.write(block + "\n\n")


def _peak_real(tmp_path: Path, chars: int) -> dict[str, object]:
    corpus = tmp_path / f"real-{chars}"
    corpus.mkdir()
    _long_sentence_text(corpus / "large.txt", chars)
    done = measured([sys.executable, "-c", _INGEST_REAL, str(corpus), str(tmp_path / f"real-data-{chars}")], _child_env(tmp_path))
    assert done["code"] == 0, str(done["err"])[-3000:]
    result = json.loads(str(done["out"]).strip().splitlines()[-1])
    assert result["added"] == ["large.txt"]
    return {**result, "peak_mb": done["peak_mb"]}


def _child_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env


@pytest.mark.slow
def test_peak_memory_with_the_real_model_stays_flat_and_near_the_model_itself(tmp_path: Path) -> None:
    """The bundled model, in child processes: loading it and embedding one text; ingesting a
    200k-character .txt; ingesting a 1.5M-character one, both with many sentences of the
    model's longest input. Long sentences batched together once cost a model call hundreds
    of MB (8 texts of 200 tokens: 330 MB; a 1M-character ingest of real documentation peaked
    at 891 MB). Measured here before the attention bound in ``_embeddings.py``: 299, 585 and
    685 MB; with it: 300, 363 and 404 MB. The ingests stay within the loaded model plus the
    index's own memory, and the larger file adds little."""
    model = measured([sys.executable, "-c", _MODEL_ONLY], _child_env(tmp_path))
    assert model["code"] == 0, str(model["err"])[-3000:]
    small = _peak_real(tmp_path, 200_000)
    large = _peak_real(tmp_path, 1_500_000)
    model_mb, small_mb, large_mb = (float(r["peak_mb"]) for r in (model, small, large))  # type: ignore[arg-type]
    print(
        f"\npeak RSS with the real model: the model alone {model_mb:.0f} MB; 200k chars {small_mb:.0f} MB "
        f"({small['chunks']} chunks); 1.5M chars {large_mb:.0f} MB ({large['chunks']} chunks)"
    )
    assert int(large["chunks"]) > 6 * int(small["chunks"])  # type: ignore[arg-type]
    assert large_mb - small_mb < 100
    assert large_mb - model_mb < 250
