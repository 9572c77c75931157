"""The benchmark's baseline ingest resumes after an interruption, as a run in parts needs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.testing import HashingEmbedder
from bench import baseline
from bench.synthetic import write_corpus


class _Embeddings:
    """LangChain's embeddings interface over the test suite's hashing embedder."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return self.inner.embed_array(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_array([text])[0].tolist()


class _Stop(Exception):
    pass


def _count(data: Path) -> int:
    return int(baseline._store(data, _Embeddings())._collection.count())


def test_an_interrupted_baseline_ingest_resumes_without_repeating_chunks(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 150)
    whole = baseline.ingest(corpus, tmp_path / "whole", _Embeddings(), 200)
    assert whole["chunks"] > 2000  # several batches of 1,000

    seen: list[dict[str, Any]] = []

    def stop_at_second(state: dict[str, Any]) -> None:
        seen.append(state)
        if len(seen) == 2:
            raise _Stop

    with pytest.raises(_Stop):
        baseline.ingest(corpus, tmp_path / "parts", _Embeddings(), 200, progress=stop_at_second)
    first = seen[0]
    assert 0 < first["files_done"] < 150 and first["chunks"] >= 1000 and first["seconds"] > 0
    # Stopped after the second batch was stored but before its report was saved: the run
    # resumes from the first report, so the second batch is written again, and replaces itself.
    assert _count(tmp_path / "parts") == seen[1]["chunks"]
    resumed = baseline.ingest(corpus, tmp_path / "parts", _Embeddings(), 200, resume=first)
    assert resumed["chunks"] == whole["chunks"]
    assert resumed["text_chars"] == whole["text_chars"]
    assert resumed["seconds"] >= first["seconds"]
    assert _count(tmp_path / "parts") == whole["chunks"]
