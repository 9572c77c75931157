"""A chunk that ends with what goes on in the next one ("The harbour master writes:") brings that
next chunk into the answer's passages: read from the index (Chroma on disk), the current
version only, never past its section."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings
from assistant.testing import InMemoryStore

OPENING = (
    "The harbour of Port Alba was rebuilt after the storm of 1902. The old quay was torn down and a new one was "
    "laid further out into the bay, with room for the larger steamers of the day. The work took four years and "
    "cost the town most of its savings, and the harbour board met every week to decide what came next. "
    "In his memoirs, the harbour master of those years writes:"
)
QUOTE = (
    "\u201cWe laid the first stone of the new quay on a cold morning in March, and the whole town came down to "
    "watch the divers go under.\u201d"
)
AFTER = "The new quay opened in 1906."


def _write(corpus: Path, tail: str = AFTER) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    text = f"# Port Alba\n\n## The harbour\n\n{OPENING}\n\n{QUOTE}\n\n{tail}\n\n## The lighthouse\n\nThe lighthouse is older than the quay.\n"
    (corpus / "alba.md").write_text(text, encoding="utf-8")


@pytest.fixture()
def assistant(tmp_path: Path, embedder: MiniLMEmbeddings) -> Assistant:
    _write(tmp_path / "corpus")
    with Assistant(Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data"), embedder=embedder) as a:
        a.ingest()
        yield a


def _chunks(assistant: Assistant) -> list:
    corpus = assistant.pipeline.corpus
    chunks = corpus.store.get_chunks([cid for cid in corpus.store.all_chunks()[0]])
    return sorted(chunks, key=lambda c: c.index)


def test_the_index_reads_a_chunk_s_next_one(assistant: Assistant) -> None:
    chunks = _chunks(assistant)
    store = assistant.pipeline.corpus.store
    assert any(c.sentences[-1].text.endswith("writes:") for c in chunks)
    for chunk, following in zip(chunks, chunks[1:]):
        found = store.next_chunk(chunk)
        assert found is not None and found.id == following.id and found.text == following.text
    assert store.next_chunk(chunks[-1]) is None


def test_a_quotation_in_the_next_chunk_follows_the_passages(assistant: Assistant) -> None:
    question = "What does the harbour master write in his memoirs?"
    found = assistant.pipeline.corpus.search(question, 1)
    (first,) = found.passages
    assert first.chunk.sentences[-1].text.endswith("writes:")
    # The chunk the colon points into follows the retrieved one, with its sentences' vectors;
    # it is no retrieved passage itself.
    (following,) = found.following
    assert following.rank == 2 and QUOTE in following.chunk.text
    assert following.chunk.index == first.chunk.index + 1 and following.chunk.section == first.chunk.section
    answer = assistant.ask(question)
    assert any("laid the first stone" in c.quote for c in answer.citations)
    assert answer.text.index("writes:") < answer.text.index("laid the first stone")


def test_the_next_chunk_is_of_the_current_version(assistant: Assistant, tmp_path: Path) -> None:
    _write(tmp_path / "corpus", tail="The new quay opened in 1907, a year late.")
    assistant.ingest()
    chunks = _chunks(assistant)
    assert all("1906" not in c.text for c in chunks)
    store = assistant.pipeline.corpus.store
    for chunk, following in zip(chunks, chunks[1:]):
        found = store.next_chunk(chunk)
        assert found is not None and found.id == following.id


def test_the_memory_store_reads_the_next_chunk_too(assistant: Assistant) -> None:
    chunks = _chunks(assistant)
    memory = InMemoryStore()
    memory._chunks.update({c.id: c for c in chunks})
    assert memory.next_chunk(chunks[0]) == chunks[1]
    assert memory.next_chunk(chunks[-1]) is None
