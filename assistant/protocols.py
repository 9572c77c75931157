"""Ports: what the pipeline and ingest need from the adapters, in one place.

The real adapters are ``index.MiniLMEmbeddings``, ``index.ChromaStore``,
``index.BM25Index``, the ``documents`` package, ``llm.LLMClient``,
``sessions.SQLiteSessionStore`` and ``answering.ExtractiveAnswerer``; the fakes in
``assistant.testing`` satisfy the same ports. The facade (``sdk.py``) wires them in,
and mypy checks they fit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from .types import Answer, Chunk, Document, DocWrite, Passage, SentenceSpan, SkippedFile, Turn

__all__ = [
    "Answerer",
    "ChatClient",
    "Embedder",
    "IndexWriter",
    "KeywordSearch",
    "Loader",
    "PartWriter",
    "PassageSearch",
    "SessionStore",
    "Store",
]


class Embedder(Protocol):
    """Text to unit-length vectors (rows of a float array)."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def embed_array(self, texts: Sequence[str]) -> Any: ...


class PartWriter(Protocol):
    """One document written batch by batch: a context manager whose clean exit switches the
    index to the new version (and whose exit by an exception leaves the previous one)."""

    def __enter__(self) -> PartWriter: ...

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None: ...

    def add(
        self,
        chunks: Sequence[Chunk],
        chunk_vectors: Any,
        sentences: Sequence[tuple[str, SentenceSpan]],
        sentence_vectors: Any,
    ) -> None:
        """One batch: chunks and their vectors, and the vectors of sentences not sent before."""
        ...


class IndexWriter(Protocol):
    """What ingest reads and writes in the index."""

    def records(self) -> Mapping[str, Any]: ...

    def write_documents(self, items: Sequence[DocWrite], now: str) -> None: ...

    def write_in_parts(self, document: Document, doc_hash: str, *, replace: bool, now: str) -> PartWriter:
        """Write one large document in batches (see :class:`PartWriter`)."""
        ...

    def delete_source(self, source: str) -> int: ...

    def reset(self) -> None: ...

    def writing(self) -> AbstractContextManager[None]:
        """Held around an ingest or a removal; raises ``IndexBusyError`` when this process
        may not write now (another process has an embedded index open)."""
        ...


class PassageSearch(Protocol):
    """Dense search over chunks, chunks by id, and the vectors of their sentences."""

    def dense_search(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]: ...

    def dense_chunks(self, vector: Sequence[float], k: int) -> list[tuple[Chunk, float]]:
        """The ``k`` nearest chunks themselves, with their cosine similarities."""
        ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...

    def next_chunk(self, chunk: Chunk) -> Chunk | None:
        """The chunk after ``chunk`` in its document's current version (None after its last)."""
        ...

    def chunks_with_vectors(self, ids: Sequence[str]) -> list[tuple[Chunk, Any]]:
        """Chunks by id with their stored (unit) vectors, in the order given."""
        ...

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, Any]:
        """The vector of every sentence in ``chunks``, keyed by ``index.sentence_id``."""
        ...

    def span_vectors(self, spans: Sequence[tuple[Chunk, int, int]]) -> dict[str, Any]:
        """Vectors stored for ``(chunk, start, end)`` spans (document offsets) inside the chunk's
        sentences (their clause windows, written at ingest like sentences), keyed by
        ``index.sentence_id``; spans not stored are left out."""
        ...

    def current_span_vectors(self, source: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Any]:
        """Vectors stored for ``(start, end)`` spans (sentences, clause windows) of the current
        version of document ``source``, by offsets (spans not stored are left out): for
        chunks cut again from the stored document, whose ids need not be the indexed ones'."""
        ...

    def sentence_rows(self, chunks: Sequence[Chunk]) -> list[Any]:
        """Per chunk, its sentences' stored vectors as the rows of one array, in sentence order
        (sentences without a stored vector left out)."""
        ...


class Store(IndexWriter, PassageSearch, Protocol):
    """The whole index store: documents, chunks, sentence vectors and a revision that
    changes with every write (``index.ChromaStore``; ``testing.InMemoryStore``)."""

    @property
    def location(self) -> str: ...

    def revision(self) -> str: ...

    def count(self) -> int: ...

    def document(self, source: str) -> Document | None: ...

    def all_chunks(self) -> tuple[list[str], list[str]]: ...

    def close(self) -> None: ...


class KeywordSearch(Protocol):
    """BM25 over chunk texts."""

    def search(self, query: str, k: int) -> list[tuple[str, float]]: ...


class Loader(Protocol):
    """Files to documents (the ``assistant.documents`` package satisfies this)."""

    def discover(self, corpus_dir: Path, paths: Sequence[Path] | None = None) -> tuple[list[Path], list[SkippedFile]]: ...

    def source_name(self, path: Path, corpus_dir: Path) -> str: ...

    def load(self, path: Path, *, corpus_dir: Path) -> Document: ...


class ChatClient(Protocol):
    """An OpenAI-compatible chat endpoint (``llm.LLMClient``; ``testing.ScriptedChatModel``).

    Failures are raised as :class:`~assistant.errors.LLMError` subclasses.
    """

    def complete(self, messages: Sequence[Any], **options: Any) -> str: ...

    def stream(self, messages: Sequence[Any], **options: Any) -> Iterator[str]: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...


class Answerer(Protocol):
    """Question plus retrieved passages to an answer quoted from them (``answering.ExtractiveAnswerer``)."""

    def answer(
        self,
        question: str,
        question_vector: Any,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, Any],
        *,
        info: Any = None,
    ) -> Answer: ...


class SessionStore(Protocol):
    """Conversation turns by session id (``sessions.SQLiteSessionStore``)."""

    def append(self, session_id: str, *turns: Turn) -> None:
        """Store ``turns`` together: after a crash either all of them are there or none."""

    def history(self, session_id: str, limit: int = 20) -> list[Turn]: ...

    def list_sessions(self) -> list[tuple[str, str, str]]: ...

    def delete(self, session_id: str) -> bool: ...

    def close(self) -> None: ...
