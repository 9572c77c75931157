"""The indexed corpus: one store, its keyword index and the embedder, behind one
reader/writer lock, with ingest and the reads the answer pipeline makes.

Questions read concurrently; an ingest or a removal writes each document while no
question is reading. A retrieval and the sentence vectors it needs are read under the
same lock, so both come from one version of the index.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import AssistantError, UsageError
from ..locks import RWLock
from ..protocols import Embedder, Loader, PartWriter, Store
from ..documents._chunking import chunk_document
from ..text import STOPWORDS, tokens
from ..types import Chunk, Document, DocWrite, IngestReport, Passage, SentenceSpan, SourceInfo
from ._chroma import sentence_id
from ._ingest import Ingestor, WindowSpans
from ._keyword import BM25Index, KeywordIndexCache
from ._retrieval import HybridRetriever, RetrievalMode
from ._heap import release_free_heap
from ._vectors import FileRows, read_npy_rows

__all__ = ["Corpus", "Retrieved"]

_WORD_CACHE_SIZE = 50_000
_WORD_BATCH = 512
# Words of chunks written whose vectors the vocabulary file does not hold yet (one JSON list a line).
_PENDING = "pending.jsonl"


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words whose vectors answering looks up: the answerer compares a question's terms
    with every token longer than two characters of a candidate sentence ("run-time",
    "don't" and "1991" included)."""
    return {t for text in texts for t in tokens(text) if len(t) > 2}


class WordVectorFile:
    """The corpus vocabulary's word vectors, computed at ingest and kept beside the keyword index.

    ``vocab.json`` names the model, the words in row order and the float16 vectors file;
    it is replaced atomically after a new vectors file is complete, so a reader sees one
    whole version. A word's vector never changes for a model, so the file only grows
    (words of removed documents stay: a few bytes, and harmless).
    """

    def __init__(self, folder: Path, model_id: str) -> None:
        self.folder = folder
        self._model_id = model_id
        self._loaded: tuple[float, dict[str, int], FileRows] | None = None
        self._lock = threading.Lock()

    def _read(self) -> tuple[dict[str, int], FileRows] | None:
        index = self.folder / "vocab.json"
        try:
            mtime = index.stat().st_mtime
        except OSError:
            return None
        current = self._loaded
        if current is not None and current[0] == mtime:
            return current[1], current[2]
        with self._lock:
            try:
                state = json.loads(index.read_text())
                if state.get("model") != self._model_id:
                    return None
                words = state["words"]
                vectors = read_npy_rows(self.folder / state["file"])
                if vectors.shape[0] != len(words):
                    return None
            except (OSError, ValueError, KeyError):
                return None
            rows = {w: i for i, w in enumerate(words)}
            del state, words
            self._loaded = (mtime, rows, vectors)
            release_free_heap()  # the decoded vocab.json's temporaries
            return rows, vectors

    def load(self) -> None:
        """Read the current version now rather than on the first lookup."""
        self._read()

    def close(self) -> None:
        """Forget the loaded version (the next lookup reads vocab.json again)."""
        with self._lock:
            self._loaded = None

    def lookup(self, words: Sequence[str]) -> dict[str, np.ndarray]:
        loaded = self._read()
        if loaded is None:
            return {}
        rows, vectors = loaded
        found = [(w, rows[w]) for w in words if w in rows]
        if not found:
            return {}
        block = np.asarray(vectors[[r for _, r in found]], dtype=np.float32)
        return {w: block[i] for i, (w, _) in enumerate(found)}

    def words(self) -> Container[str]:
        """The vocabulary's words (tokens), as loaded now."""
        loaded = self._read()
        return loaded[0] if loaded is not None else frozenset()

    def missing(self, words: Iterable[str]) -> list[str]:
        known = self.words()
        return sorted(w for w in words if w not in known)

    def note_pending(self, words: Iterable[str]) -> None:
        """Record words to embed when the ingest ends, on disk first: an ingest stopped before
        its vocabulary step (a crash, Ctrl-C, a machine going down) leaves them to the next
        ingest, which would otherwise embed only the words of the documents it writes itself."""
        listed = sorted(words)
        if not listed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / _PENDING, "a", encoding="utf-8") as out:
            out.write(json.dumps(listed) + "\n")

    def pending(self) -> set[str]:
        """The words recorded by :meth:`note_pending` and not yet embedded."""
        try:
            lines = (self.folder / _PENDING).read_text(encoding="utf-8").splitlines()
        except OSError:
            return set()
        found: set[str] = set()
        for line in lines:
            try:
                found.update(str(w) for w in json.loads(line))
            except ValueError:
                continue  # the last line of a process stopped while writing it
        return found

    def has_pending(self) -> bool:
        return (self.folder / _PENDING).is_file()

    def clear_pending(self) -> None:
        (self.folder / _PENDING).unlink(missing_ok=True)

    def extend(self, words: Sequence[str], vectors: np.ndarray) -> None:
        if not len(words):
            return
        loaded = self._read()
        old_words = list(loaded[0]) if loaded is not None else []
        old = loaded[1][np.arange(len(loaded[1]))] if loaded is not None else np.zeros((0, vectors.shape[1]), dtype=np.float16)
        merged = np.concatenate([old, np.asarray(vectors, dtype=np.float16)])
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"words-{uuid.uuid4().hex[:12]}.npy"
        np.save(self.folder / name, merged)
        tmp = self.folder / f".vocab.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"model": self._model_id, "file": name, "words": [*old_words, *words]}))
        os.replace(tmp, self.folder / "vocab.json")
        for stale in self.folder.glob("words-*.npy"):
            if stale.name != name:
                stale.unlink(missing_ok=True)


@dataclass(frozen=True, kw_only=True, slots=True)
class Retrieved:
    """One retrieval: the passages, the query's vector, and the vectors of every
    sentence in the passages (by :func:`sentence_id`), all from one index version."""

    passages: list[Passage]
    vector: np.ndarray
    sentence_vectors: dict[str, Any]
    # The next chunk of a passage that ends with what goes on in it (``Corpus.search``): only
    # ever quoted after the sentence that introduces it, never retrieved in its own right.
    following: tuple[Passage, ...] = ()


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
        words_dir: Path | None = None,
        windows: WindowSpans | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.corpus_dir = corpus_dir
        self._keyword = keyword
        self._loader = loader
        self._lock_path = lock_path
        self._chunk_size = chunk_size
        self._chunk_overlap = chunk_overlap
        # Where a sentence's clause windows are (the answerer's rule): ingest embeds and stores
        # them, and a search reads them with its passages' sentences (None: neither).
        self._windows = windows
        self._rw = RWLock()
        self._ingest_lock = threading.Lock()
        self._words: OrderedDict[str, np.ndarray] = OrderedDict()
        self._words_lock = threading.Lock()
        # The last question embedded, with its vector: a question read twice in a row (its best
        # document, then its passages) is embedded once.
        self._last_question: tuple[str, np.ndarray] | None = None
        self._word_file = WordVectorFile(words_dir, embedder.model_id) if words_dir is not None else None
        self._new_terms: set[str] = set()
        self._revision: str | None = None
        self._sources: tuple[str, list[Any]] | None = None  # (revision, its complete records)
        self._sources_lock = threading.Lock()
        self._has_index = False
        self._retriever = HybridRetriever(
            store=store, keyword_index=self.keyword_index, embed_query=self.embed_query
        )

    # -- vectors and term statistics (the extractive answerer's inputs) -------------
    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_array([text])[0])

    def _cache_words(self, vectors: dict[str, np.ndarray]) -> None:
        with self._words_lock:
            self._words.update(vectors)
            while len(self._words) > _WORD_CACHE_SIZE:
                self._words.popitem(last=False)

    def _uncached(self, words: Iterable[str]) -> list[str]:
        """Words neither in memory nor in the vocabulary file (those found there are cached)."""
        with self._words_lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._words]
        if missing and self._word_file is not None:
            found = self._word_file.lookup(missing)
            if found:
                self._cache_words(found)
                missing = [w for w in missing if w not in found]
        return missing

    def word_vectors(self, words: Sequence[str]) -> np.ndarray:
        """Vectors of single words (or short texts): from memory, the vocabulary file written at
        ingest, or one model call for the rest (so at most one call, whatever the number)."""
        if not words:
            return np.zeros((0, self.embedder.dimensions), dtype=np.float32)
        found: dict[str, np.ndarray] = {}
        with self._words_lock:
            for w in dict.fromkeys(words):
                vec = self._words.get(w)
                if vec is not None:
                    found[w] = vec
        rest = [w for w in dict.fromkeys(words) if w not in found]
        if rest and self._word_file is not None:
            stored = self._word_file.lookup(rest)
            if stored:
                self._cache_words(stored)
                found.update(stored)
                rest = [w for w in rest if w not in stored]
        if rest:
            embedded = dict(zip(rest, np.asarray(self.embedder.embed_array(rest)), strict=True))
            self._cache_words(embedded)
            found.update(embedded)
        # Built from ``found``, not the cache: a batch larger than the cache still comes back whole.
        return np.stack([found[w] for w in words])

    def _embed_question(self, query: str) -> np.ndarray:
        """The query's vector, and in the same model call the vectors of its words that the
        vocabulary lacks (the answerer compares them with the passages' words), its two-letter
        words and single digits included: the vocabulary holds no such word, yet one may be a
        topic term of the question ("GR", "KP"), whose vector the answerer asks for."""
        short = {t for t in tokens(query) if len(t) <= 2 and t not in STOPWORDS and (len(t) == 2 or t.isdigit())}
        extra = self._uncached(vocabulary([query]) | short)
        last = self._last_question
        if last is not None and last[0] == query and not extra:
            return last[1]
        vectors = np.asarray(self.embedder.embed_array([query, *extra]))
        if extra:
            self._cache_words(dict(zip(extra, vectors[1:], strict=True)))
        self._last_question = (query, vectors[0])
        return vectors[0]

    def _note_terms(self, chunks: Sequence[Chunk]) -> None:
        """Collect the words and section headings of chunks being written (embedded after the ingest)."""
        if self._word_file is None:
            return
        terms = vocabulary(c.text for c in chunks)
        for chunk in chunks:
            # The answerer compares a question with a chunk's section heading (the trail's last part).
            if chunk.section:
                terms.add(chunk.section.rsplit(" > ", 1)[-1])
        new = terms - self._new_terms
        self._word_file.note_pending(new)
        self._new_terms.update(new)

    def _index_vocabulary(self) -> None:
        """Build the keyword index for the new revision and embed the new words and headings
        (this ingest's, and those an interrupted ingest recorded and did not embed)."""
        self.keyword_index()
        terms, self._new_terms = self._new_terms, set()
        if self._word_file is None:
            return
        new = self._word_file.missing(terms | self._word_file.pending())
        for i in range(0, len(new), _WORD_BATCH * 8):
            part = new[i : i + _WORD_BATCH * 8]
            self._word_file.extend(part, np.asarray(self.embedder.embed_array(part)))
        self._word_file.clear_pending()

    def keyword_index(self) -> BM25Index:
        revision = self._revision or self.store.revision()
        return self._keyword.get(revision, self.store.all_chunks)

    def idf(self, term: str) -> float:
        return self.keyword_index().idf(term)

    def known(self, term: str) -> bool:
        return self.keyword_index().contains(term)

    def words(self) -> Container[str]:
        """The words of the collection's documents (lower-case tokens of three characters or
        more, as the vocabulary kept at ingest holds them; one of a removed document may stay)."""
        return self._word_file.words() if self._word_file is not None else frozenset()

    def warm_up(self) -> None:
        """Make the first question fast: open the index, load its keyword index and its vector
        index (one search) in a background thread (importing ``chromadb`` alone takes about
        half a second) while this thread loads the embedding model and reads the vocabulary's
        word list. Failures are left for the question itself to raise, with its own message."""

        def open_index() -> None:
            try:
                opener = getattr(self.store, "open", None)
                if opener is not None:
                    opener()
                if self.store.count() > 0:
                    self.keyword_index().warm_up()
                    # The first search loads the vector index from disk (tens of milliseconds at
                    # 1k chunks, more as it grows): any unit vector will do.
                    dims = self.embedder.dimensions
                    self.store.dense_search([dims**-0.5] * dims, 1)
            except Exception:  # noqa: BLE001 - the question that follows reports it properly
                pass

        thread = threading.Thread(target=open_index, name="open-index", daemon=True)
        thread.start()
        try:
            self.embedder.embed_array(["warm up"])
            if self._word_file is not None:
                self._word_file.load()  # tens of thousands of words at 100k chunks
        finally:
            thread.join()

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
                store=_LockedWrites(self.store, self._rw, self._note_terms),
                embedder=self.embedder,
                loader=self._loader,
                corpus_dir=self.corpus_dir,
                lock_path=self._lock_path,
                chunk_size=self._chunk_size,
                chunk_overlap=self._chunk_overlap,
                sentence_id=sentence_id,
                windows=self._windows,
            )
            report = ingestor.run(paths, rebuild=rebuild, progress=progress)
            self._revision = None
            self._has_index = False
            pending = self._word_file is not None and self._word_file.has_pending()
            if report.added or report.updated or rebuild or pending:
                with self._rw.read():
                    self._index_vocabulary()
            return report

    def remove(self, source: str) -> bool:
        """Drop one document from the index; False when it was not indexed."""
        if source not in self.store.records():
            return False
        with self._ingest_lock, self.store.writing(), self._rw.write():
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
        """The complete documents, by source. Their records are read once per index revision
        (a document's record never changes without a new revision): reading every record is
        about 40 ms at 400 documents, and a question about a document's details or a summary
        asks for them."""
        revision = self.store.revision()
        with self._sources_lock:
            cached = self._sources if self._sources is not None and self._sources[0] == revision else None
        if cached is None:
            records = [r for r in sorted(self.store.records().values(), key=lambda r: r.source) if r.status == "complete"]
            cached = (revision, records)
            with self._sources_lock:
                self._sources = cached
        # Each call gets its own metadata dicts: a caller may change them.
        return [
            SourceInfo(
                source=r.source, title=r.title, chunks=r.chunks, ingested_at=r.ingested_at, metadata=dict(r.metadata)
            )
            for r in cached[1]
        ]

    def document_text(self, source: str) -> str:
        document = self.store.document(source)
        if document is None:
            raise UsageError(f"No indexed document {source!r}", hint="run `assistant sources` to list them")
        return document.text

    def _reading(self) -> AbstractContextManager[str]:
        """One version of the index for a read of several steps: the store's ``reading()``
        when it has one (the revision is then read once), else its current revision."""
        reading = getattr(self.store, "reading", None)
        return reading() if reading is not None else nullcontext(self.store.revision())

    def retrieve(self, query: str, k: int, *, mode: RetrievalMode = "hybrid") -> list[Passage]:
        with self._rw.read(), self._reading():
            return self._retriever.retrieve(query, k, mode=mode)

    def search(self, query: str, k: int) -> Retrieved:
        """Hybrid retrieval plus everything the answerers need, from one index version."""
        with self._rw.read(), self._reading() as revision:
            self._revision = revision
            vector = self._embed_question(query)
            ranked = self._retriever.rank(query, k, vector=vector)
            following = self._following(ranked.passages)
            windows = self._window_vectors(ranked.passages)
        return Retrieved(
            passages=ranked.passages,
            vector=vector,
            sentence_vectors={**ranked.sentence_vectors, **windows} if windows else ranked.sentence_vectors,
            following=following,
        )

    def _following(self, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        """The next chunk of each of ``passages`` that ends with what goes on in that chunk (a
        sentence ending with a colon or a semicolon: "Ian Murdock writes:", a list's item), when
        it is of the same section and not retrieved itself: a chunk ends where a paragraph
        starts once it is half full, so a quotation, a code block or a list's other items may
        stand in the next one. Ranked after the retrieved passages."""
        held = {(p.chunk.source, p.chunk.index) for p in passages}
        out: list[Passage] = []
        for passage in passages:
            chunk = passage.chunk
            if not chunk.sentences or not chunk.sentences[-1].text.rstrip().endswith((":", ";")):
                continue
            if (chunk.source, chunk.index + 1) in held:
                continue
            following = self.store.next_chunk(chunk)
            if following is None or following.section != chunk.section:
                continue
            held.add((following.source, following.index))
            out.append(Passage(chunk=following, score=passage.score, rank=len(passages) + len(out) + 1))
        return tuple(out)

    def _window_vectors(self, passages: Sequence[Passage]) -> dict[str, Any]:
        """The stored vectors of the clause windows of ``passages``' sentences, by
        :func:`sentence_id` of their offsets (none when the index holds no windows)."""
        read = getattr(self.store, "span_vectors", None)
        if self._windows is None or read is None or not passages:
            return {}
        spans: dict[tuple[str, int, int], tuple[Chunk, int, int]] = {}
        for passage in passages:
            chunk = passage.chunk
            for span in chunk.sentences:
                for a, b in self._windows(span.text):
                    spans.setdefault((chunk.source, span.start + a, span.start + b), (chunk, span.start + a, span.start + b))
        return dict(read(list(spans.values()))) if spans else {}

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The indexed chunks with these ids, in the order given (ids no longer held are left out)."""
        with self._rw.read():
            return self.store.get_chunks(ids)

    def section_from(self, chunk_id: str, limit: int = 4) -> list[Chunk]:
        """The indexed chunk ``chunk_id`` and the chunks after it in its document while they are
        of its section, at most ``limit`` in all; empty when the index no longer holds it."""
        with self._rw.read():
            got = self.store.get_chunks([chunk_id])
            out = got[:1]
            while out and len(out) < limit:
                following = self.store.next_chunk(out[-1])
                if following is None or following.section != out[0].section:
                    break
                out.append(following)
        return out

    def document_sentences(self, source: str) -> tuple[list[Chunk], dict[str, Any]]:
        """One indexed document's chunks (cut as ingest cut them, so their ids and sentence
        offsets match the index) and the vectors of their sentences, by :func:`sentence_id`."""
        with self._rw.read():
            document = self.store.document(source)
            if document is None:
                return [], {}
            chunks = chunk_document(document, size=self._chunk_size, overlap=self._chunk_overlap)
            vectors = dict(self.store.sentence_vectors(chunks))
            # The stored text lacks what only the loader saw (markup headings), so a re-cut
            # chunk can differ from the indexed one (another id, so its vectors are not found
            # by chunk): its sentences are read by their offsets in the document's current
            # version, and only those ingest cut otherwise are embedded.
            spans = {
                (span.start, span.end): sentence_id(chunk.source, span.start, span.end)
                for chunk in chunks
                for span in chunk.sentences
                if sentence_id(chunk.source, span.start, span.end) not in vectors
            }
            read = getattr(self.store, "current_span_vectors", None)
            if spans and read is not None:
                for key, vec in read(source, list(spans)).items():
                    vectors[spans[key]] = vec
        missing: dict[str, str] = {}
        for chunk in chunks:
            for span in chunk.sentences:
                sid = sentence_id(chunk.source, span.start, span.end)
                if sid not in vectors:
                    missing[sid] = span.text
        if missing:
            embedded = self.embedder.embed_array(list(missing.values()))
            vectors.update(zip(missing, np.asarray(embedded), strict=True))
        return chunks, vectors

    def top_document(self, query: str) -> Document | None:
        """The document of the best passage for ``query``."""
        with self._rw.read(), self._reading():
            # Embedded as a question (its words the vocabulary lacks in the same call): the
            # question's retrieval, which follows, then finds everything it needs embedded.
            top = self._retriever.retrieve(query, 1, vector=self._embed_question(query))
            return self.store.document(top[0].chunk.source) if top else None

    def close(self) -> None:
        """Let go of the files this object maps; the store is closed by whoever opened it."""
        if self._word_file is not None:
            self._word_file.close()


class _LockedWrites:
    """The store, with every write taken under the writer side of the RW lock."""

    def __init__(self, store: Store, rw: RWLock, on_write: Callable[[Sequence[Chunk]], None] | None = None) -> None:
        self._store = store
        self._rw = rw
        self.on_write = on_write

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def records(self) -> Any:
        return self._store.records()

    def write_documents(self, items: Sequence[DocWrite], now: str) -> None:
        # Noted before the write: stopped between the two, the words are only embedded early.
        if self.on_write is not None:
            self.on_write([c for item in items for c in item.chunks])
        with self._rw.write():
            self._store.write_documents(items, now)

    def write_in_parts(self, document: Document, doc_hash: str, *, replace: bool, now: str) -> PartWriter:
        return _LockedParts(self._store.write_in_parts(document, doc_hash, replace=replace, now=now), self)

    def delete_source(self, source: str) -> int:
        with self._rw.write():
            return self._store.delete_source(source)

    def reset(self) -> None:
        with self._rw.write():
            self._store.reset()


class _LockedParts:
    """A :class:`PartWriter` whose every step is taken under the writer side of the RW lock
    (the embedding between two batches is not)."""

    def __init__(self, inner: PartWriter, owner: _LockedWrites) -> None:
        self._inner = inner
        self._owner = owner

    def __enter__(self) -> _LockedParts:
        with self._owner._rw.write():
            self._inner.__enter__()
        return self

    def add(
        self,
        chunks: Sequence[Chunk],
        chunk_vectors: Any,
        sentences: Sequence[tuple[str, SentenceSpan]],
        sentence_vectors: Any,
    ) -> None:
        if self._owner.on_write is not None:
            self._owner.on_write(chunks)
        with self._owner._rw.write():
            self._inner.add(chunks, chunk_vectors, sentences, sentence_vectors)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        with self._owner._rw.write():
            self._inner.__exit__(kind, exc, tb)
