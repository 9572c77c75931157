"""Ports: what orchestration needs from the adapters.

The real adapters live in ``embeddings.py``, ``chroma_index.py``,
``keyword_index.py``, ``sessions.py`` and ``llm/``; typed fakes for tests live
in ``assistant/testing.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from .types import Chunk, Document, SkippedFile, Turn

__all__ = ["ChatBackend", "Embedder", "KeywordIndex", "Loader", "SessionStore", "VectorIndex"]


@runtime_checkable
class Embedder(Protocol):
    """Text to unit-length vectors."""

    model_id: str
    dimensions: int

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]: ...


class VectorIndex(Protocol):
    """Chunks with their vectors, searchable by similarity."""

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], doc_hash: str) -> None: ...

    def delete_source(self, source: str) -> int: ...

    def search(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...

    def count(self) -> int: ...


class KeywordIndex(Protocol):
    """BM25 over chunk texts."""

    def search(self, query: str, k: int) -> list[tuple[str, float]]: ...


class SessionStore(Protocol):
    """Conversation turns keyed by a session id chosen by the front door."""

    def append(self, session_id: str, turn: Turn) -> None: ...

    def history(self, session_id: str, limit: int = 20) -> list[Turn]: ...

    def list_sessions(self) -> list[tuple[str, str, str]]: ...

    def delete(self, session_id: str) -> bool: ...


class ChatBackend(Protocol):
    """An OpenAI-compatible chat-completions client."""

    def complete(self, messages: Sequence[dict[str, str]], **options: object) -> str: ...

    def stream(self, messages: Sequence[dict[str, str]], **options: object) -> Iterator[str]: ...


class Loader(Protocol):
    """Files to documents (``assistant.loaders`` module satisfies this)."""

    def discover(self, corpus_dir: Path, paths: Sequence[Path] | None = None) -> tuple[list[Path], list[SkippedFile]]: ...

    def source_name(self, path: Path, corpus_dir: Path) -> str: ...

    def load(self, path: Path, *, corpus_dir: Path) -> Document: ...
