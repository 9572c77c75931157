"""The indexed corpus: one store, its keyword index and the embedder, behind one
reader/writer lock, with ingest and the reads the answer pipeline makes.

Questions read concurrently; an ingest or a removal writes each document while no
question is reading. A retrieval and the sentence vectors it needs are read under the
same lock, so both come from one version of the index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import AssistantError, UsageError
from ..locks import RWLock
from ..protocols import Embedder, Loader, Store
from ..types import Document, IngestReport, Passage, SourceInfo
from ._chroma import sentence_id
from ._ingest import Ingestor
from ._keyword import BM25Index, KeywordIndexCache
from ._retrieval import HybridRetriever, RetrievalMode

__all__ = ["Corpus", "Retrieved"]

_WORD_CACHE_SIZE = 50_000


@dataclass(frozen=True, kw_only=True, slots=True)
class Retrieved:
    """One retrieval: the passages, the query's vector, and the vectors of every
    sentence in the passages (by :func:`sentence_id`), all from one index version."""

    passages: list[Passage]
    vector: np.ndarray
    sentence_vectors: dict[str, Any]


class Corpus:
    """The documents of one corpus folder as an index (any :class:`Store`)."""

    def __init__(
        self,
        *,
        store: Store,
        embedder: Embedder,
        keyword: KeywordIndexCache,
        loader: Loader,
        corpus_dir: Path,
        lock_path: Path,
        chunk_size: int,
        chunk_overlap: int,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.corpus_dir = corpus_dir
        self._keyword = keyword
        self._loader = loader
        self._lock_path = lock_path
        self._chunk_size = chunk_size
        self._chunk_overlap = chunk_overlap
        self._rw = RWLock()
        self._ingest_lock = threading.Lock()
        self._words: OrderedDict[str, np.ndarray] = OrderedDict()
        self._words_lock = threading.Lock()
        self._revision: str | None = None
        self._has_index = False
        self._retriever = HybridRetriever(
            store=store, keyword_index=self.keyword_index, embed_query=self.embed_query
        )

    # -- vectors and term statistics (the extractive answerer's inputs) -------------
    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_array([text])[0])

    def word_vectors(self, words: Sequence[str]) -> np.ndarray:
        """Vectors of single words, cached (least recently added dropped first)."""
        with self._words_lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._words]
        if missing:
            vecs = self.embedder.embed_array(missing)
            with self._words_lock:
                for w, v in zip(missing, vecs, strict=True):
                    self._words[w] = v
                while len(self._words) > _WORD_CACHE_SIZE:
                    self._words.popitem(last=False)
        with self._words_lock:
            return np.stack([self._words[w] for w in words]) if words else np.zeros((0, self.embedder.dimensions))

    def keyword_index(self) -> BM25Index:
        revision = self._revision or self.store.revision()
        return self._keyword.get(revision, self.store.all_chunks)

    def idf(self, term: str) -> float:
        return self.keyword_index().idf(term)

    def known(self, term: str) -> bool:
        return self.keyword_index().contains(term)

    # -- writes ----------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> IngestReport:
        with self._ingest_lock:
            ingestor = Ingestor(
                store=_LockedWrites(self.store, self._rw),
                embedder=self.embedder,
                loader=self._loader,
                corpus_dir=self.corpus_dir,
                lock_path=self._lock_path,
                chunk_size=self._chunk_size,
                chunk_overlap=self._chunk_overlap,
                sentence_id=sentence_id,
            )
            report = ingestor.run(paths, rebuild=rebuild, progress=progress)
            self._revision = None
            self._has_index = False
            return report

    def remove(self, source: str) -> bool:
        """Drop one document from the index; False when it was not indexed."""
        if source not in self.store.records():
            return False
        with self._ingest_lock, self._rw.write():
            self.store.delete_source(source)
        self._revision = None
        self._has_index = False
        return True

    def ensure_index(self) -> str | None:
        """Index the corpus folder on first use; returns a notice when it did."""
        if self._has_index or self.store.count() > 0:
            self._has_index = True
            return None
        report = self.ingest()
        documents = len(report.added) + len(report.updated)
        if documents == 0 and report.unchanged:
            # Another thread's ingest (a second session, a page indexing on open) got there first.
            self._has_index = True
            return None
        if documents == 0:
            raise AssistantError(
                f"No documents to answer from in {self.corpus_dir}",
                hint="add files there and run `assistant ingest`",
            )
        noun = "document" if documents == 1 else "documents"
        chunks = "chunk" if report.chunks_embedded == 1 else "chunks"
        return f"Indexed {self.corpus_dir}/ ({documents} {noun}, {report.chunks_embedded} {chunks}) on first use."

    # -- reads -----------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        return [
            SourceInfo(
                source=r.source, title=r.title, chunks=r.chunks, ingested_at=r.ingested_at, metadata=r.metadata
            )
            for r in sorted(self.store.records().values(), key=lambda r: r.source)
            if r.status == "complete"
        ]

    def document_text(self, source: str) -> str:
        document = self.store.document(source)
        if document is None:
            raise UsageError(f"No indexed document {source!r}", hint="run `assistant sources` to list them")
        return document.text

    def retrieve(self, query: str, k: int, *, mode: RetrievalMode = "hybrid") -> list[Passage]:
        with self._rw.read():
            return self._retriever.retrieve(query, k, mode=mode)

    def search(self, query: str, k: int) -> Retrieved:
        """Hybrid retrieval plus everything the answerers need, from one index version."""
        with self._rw.read():
            self._revision = self.store.revision()
            vector = self.embed_query(query)
            passages = self._retriever.retrieve(query, k, vector=vector)
            vectors = self.store.sentence_vectors([p.chunk for p in passages])
        return Retrieved(passages=passages, vector=vector, sentence_vectors=vectors)

    def top_document(self, query: str) -> Document | None:
        """The document of the best passage for ``query``."""
        with self._rw.read():
            top = self._retriever.retrieve(query, 1)
            return self.store.document(top[0].chunk.source) if top else None

    def close(self) -> None:
        self.store.close()


class _LockedWrites:
    """The store, with every write taken under the writer side of the RW lock."""

    def __init__(self, store: Store, rw: RWLock) -> None:
        self._store = store
        self._rw = rw

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def records(self) -> Any:
        return self._store.records()

    def write_documents(self, *args: Any, **kwargs: Any) -> None:
        with self._rw.write():
            self._store.write_documents(*args, **kwargs)

    def delete_source(self, source: str) -> int:
        with self._rw.write():
            return self._store.delete_source(source)

    def reset(self) -> None:
        with self._rw.write():
            self._store.reset()
