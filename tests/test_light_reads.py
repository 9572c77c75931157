"""An embedded index read without importing chromadb (``ChromaStore(light_reads=True)``, what a
command-line question opens): the same reads as chromadb's own client, and the client, for
good, from the first write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.index import ChromaStore, MiniLMEmbeddings

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "Who wrote the study?"


def _store(settings: Settings, embedder: MiniLMEmbeddings, *, light: bool) -> ChromaStore:
    return ChromaStore(
        settings, model_id=embedder.model_id, dimensions=embedder.dimensions, embeddings=embedder, light_reads=light
    )


@pytest.fixture()
def indexed(settings: Settings, embedder: MiniLMEmbeddings, corpus_dir: Path) -> Settings:
    (corpus_dir / "notes.md").write_text(
        "# Field notes\n\nThe archive opens at nine. Visitors sign the register at the desk.\n"
    )
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
    return settings


# Every read a question makes, printed as JSON (vectors rounded), by a store of either kind.
_READS = """
import json, sys
import numpy as np
from assistant import Settings
from assistant.index import ChromaStore, MiniLMEmbeddings

settings = Settings(corpus_dir=sys.argv[1], data_dir=sys.argv[2])
light = sys.argv[3] == "light"
embedder = MiniLMEmbeddings()
store = ChromaStore(settings, model_id=embedder.model_id, dimensions=embedder.dimensions, light_reads=light)
vector = embedder.embed_array([sys.argv[4]])[0]
hits = store.dense_search(vector.tolist(), 5)
chunks = store.get_chunks([cid for cid, _ in hits])
sentence_vectors = store.sentence_vectors(chunks)
nearest = store.dense_chunks(vector.tolist(), 5)
with_vectors = store.chunks_with_vectors([cid for cid, _ in hits][::-1])
records = store.records()
out = {
    "chromadb_imported": "chromadb" in sys.modules,
    "count": store.count(),
    "revision": store.revision(),
    "records": {s: [r.title, r.doc_hash, r.status, r.chunks] for s, r in records.items()},
    "current": store.current_hashes(),
    "hits": [[cid, round(score, 5)] for cid, score in hits],
    "chunks": [[c.id, c.source, c.start, c.end, c.text] for c in chunks],
    "nearest": [[c.id, c.text, [[x.start, x.end] for x in c.sentences], round(score, 5)] for c, score in nearest],
    "with_vectors": [[c.id, c.text, np.round(np.asarray(v, dtype=float), 3).tolist()] for c, v in with_vectors],
    "sentence_vectors": {k: np.round(np.asarray(v, dtype=float), 3).tolist() for k, v in sentence_vectors.items()},
    "all_chunks": store.all_chunks(),
    "documents": {s: store.document(s).text for s in sorted(records)},
    "chunk_sources": store.chunk_sources(),
}
store.close()
print(json.dumps(out))
"""


def _reads(settings: Settings, kind: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _READS, str(settings.corpus_dir), str(settings.data_dir), kind, QUESTION],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_light_reads_give_what_the_client_gives_without_importing_chromadb(indexed: Settings) -> None:
    light = _reads(indexed, "light")
    client = _reads(indexed, "client")
    assert light.pop("chromadb_imported") is False
    assert client.pop("chromadb_imported") is True
    assert light == client
    assert len(light["records"]) == 2 and light["hits"] and light["sentence_vectors"]  # type: ignore[arg-type]
    # The search that reads its chunks in the same call finds what the search and a read find.
    assert [row[:2] for row in light["nearest"]] == [[row[0], row[4]] for row in light["chunks"]]  # type: ignore[index]
    assert [row[0] for row in light["with_vectors"]] == [row[0] for row in light["chunks"]][::-1]  # type: ignore[index]


def test_the_first_write_switches_to_the_client_and_reads_see_it(
    indexed: Settings, embedder: MiniLMEmbeddings, corpus_dir: Path
) -> None:
    store = _store(indexed, embedder, light=True)
    try:
        with Assistant(indexed, embedder=embedder, store=store) as assistant:
            assert "Nora Al Habsi" in assistant.ask(QUESTION).text
            (corpus_dir / "hours.md").write_text("# Opening hours\n\nThe reading room closes at five on Fridays.\n")
            report = assistant.ingest()
            assert list(report.added) == ["hours.md"]
            [top] = assistant.retrieve("When does the reading room close on Fridays?", k=1)
            assert top.chunk.source == "hours.md" and "five on Fridays" in top.chunk.text
            assert {s.source for s in assistant.sources()} >= {"hours.md", "notes.md"}
            count = store.count()
    finally:
        store.close()
    fresh = _store(indexed, embedder, light=True)
    try:
        assert fresh.count() == count
        assert "hours.md" in fresh.records()
    finally:
        fresh.close()


def test_a_new_index_opens_through_the_client(settings: Settings, embedder: MiniLMEmbeddings) -> None:
    store = _store(settings, embedder, light=True)
    try:
        assert store.count() == 0
        assert (settings.chroma_path / "chroma.sqlite3").is_file()
        assert store.records() == {}
    finally:
        store.close()


def test_light_reads_return_the_clients_vectors(indexed: Settings, embedder: MiniLMEmbeddings) -> None:
    """The vector search through the Rust layer ranks as the client does, in process too."""
    vector = embedder.embed_array([QUESTION])[0].tolist()
    light, client = _store(indexed, embedder, light=True), _store(indexed, embedder, light=False)
    try:
        got, expected = light.dense_search(vector, 5), client.dense_search(vector, 5)
        assert [cid for cid, _ in got] == [cid for cid, _ in expected]
        assert np.allclose([s for _, s in got], [s for _, s in expected], atol=1e-6)
    finally:
        light.close()
        client.close()


def test_a_chromadb_release_it_was_not_written_for_opens_the_client(
    indexed: Settings, embedder: MiniLMEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.index import _chroma

    monkeypatch.setattr(_chroma, "_RUST_LAYER_VERSIONS", ("0.0.",))
    store = _store(indexed, embedder, light=True)
    try:
        assert store.count() > 0 and len(store.records()) == 2
        vector = embedder.embed_array([QUESTION])[0].tolist()
        assert store.dense_search(vector, 3)
        assert not isinstance(store._client, _chroma._RustReader)  # chromadb's own client
    finally:
        store.close()
