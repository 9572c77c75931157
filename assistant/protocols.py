"""Ports: what orchestration needs from the adapters.

The real adapters are ``embeddings.MiniLMEmbeddings``, ``chroma_index.ChromaStore``,
``keyword_index.BM25Index`` and the ``loaders`` module; the facade (``sdk.py``)
wires them in, and mypy checks they fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from .types import Chunk, Document, DocWrite, SkippedFile

__all__ = ["Embedder", "IndexWriter", "KeywordSearch", "Loader", "PassageSearch"]


class Embedder(Protocol):
    """Text to unit-length vectors (rows of a float array)."""

    @property
    def model_id(self) -> str: ...

    def embed_array(self, texts: Sequence[str]) -> Any: ...


class IndexWriter(Protocol):
    """What ingest reads and writes in the index."""

    def records(self) -> Mapping[str, Any]: ...

    def write_documents(self, items: Sequence[DocWrite], now: str) -> None: ...

    def delete_source(self, source: str) -> int: ...

    def reset(self) -> None: ...


class PassageSearch(Protocol):
    """Dense search over chunks, and chunks by id."""

    def dense_search(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...


class KeywordSearch(Protocol):
    """BM25 over chunk texts."""

    def search(self, query: str, k: int) -> list[tuple[str, float]]: ...


class Loader(Protocol):
    """Files to documents (the ``assistant.loaders`` module satisfies this)."""

    def discover(self, corpus_dir: Path, paths: Sequence[Path] | None = None) -> tuple[list[Path], list[SkippedFile]]: ...

    def source_name(self, path: Path, corpus_dir: Path) -> str: ...

    def load(self, path: Path, *, corpus_dir: Path) -> Document: ...
