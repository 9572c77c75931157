"""What one question asks of the embedded Chroma index: the revision once (not once for the
search, once for the chunks and once for the sentence vectors), one vector search, one read
of the chunks; and a write in between is still seen by the next question."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant, Settings
from assistant.index import ChromaStore, MiniLMEmbeddings

ROOT = Path(__file__).resolve().parent.parent


class RecordingStore(ChromaStore):
    """The real store, recording what each call to Chroma was for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[str] = []

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(what)
        return super()._call(what, fn, *args, **kwargs)


@pytest.fixture()
def recorded(settings: Settings, embedder: MiniLMEmbeddings) -> Iterator[tuple[Assistant, RecordingStore]]:
    settings = settings.model_copy(update={"llm_base_url": None})
    store = RecordingStore(settings, model_id=embedder.model_id, dimensions=embedder.dimensions, embeddings=embedder)
    assistant = Assistant(settings, embedder=embedder, store=store)
    assistant.ingest()
    assistant.ask("Which groups claimed attacks in Pakistan?")  # the keyword index and hashes are loaded
    yield assistant, store
    assistant.close()
    store.close()


def test_a_question_reads_the_revision_once(recorded: tuple[Assistant, RecordingStore]) -> None:
    assistant, store = recorded
    store.calls.clear()
    answer = assistant.ask("Who leads the Pakistani Taliban?")
    assert answer.related or answer.citations
    assert store.calls.count("read the index revision") == 1, store.calls
    assert store.calls.count("search") == 1
    store.calls.clear()
    passages = assistant.retrieve("Which groups claimed attacks in Pakistan?", k=3)
    assert passages
    assert store.calls.count("read the index revision") == 1, store.calls


def test_a_document_added_between_questions_is_found(
    recorded: tuple[Assistant, RecordingStore], settings: Settings
) -> None:
    assistant, _ = recorded
    before = {p.chunk.source for p in assistant.retrieve("How do I install a Python package with pip?", k=5)}
    extra = ROOT / "evals" / "dev" / "pyfaq" / "docs" / "installed.html"
    shutil.copy(extra, settings.corpus_dir / extra.name)
    assistant.ingest()
    after = {p.chunk.source for p in assistant.retrieve("Why is Python installed on my computer?", k=5)}
    assert extra.name not in before
    assert extra.name in after
