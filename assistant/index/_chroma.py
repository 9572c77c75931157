"""Chroma adapter: chunks, sentence vectors and document records.

Two collections share one Chroma database (embedded ``PersistentClient`` or a
``chroma run`` server):

* ``<name>``: one record per chunk (text, vector, offsets); the LangChain
  vector store (``langchain_chroma.Chroma``) runs over it.
* ``<name>-docs``: one record per document: its full text (citation offsets
  index it; a document written in batches keeps it in part records beside the
  record), content hash and status. A document's record is written
  ``pending`` before its chunks and ``complete`` after them, so an ingest killed
  half-way is detected and repaired by the next one.

Sentence vectors, computed at ingest so answering never embeds passages per
question, are read only by id: they live outside the indexed collections, one
float16 blob per document version (see :mod:`._vectors`): files in the data
folder for the embedded index, a ``<name>-vectors`` collection of one record per
document on a server. An index written before blobs existed keeps its
``<name>-sentences`` collection, read for documents that have no blob until
they are next ingested.

Vectors are computed by the caller (the same embedder for every front door);
collections are created with ``embedding_function=None``.

A short-lived reader (a command-line question) may open an existing embedded index
through chromadb's Rust layer without importing ``chromadb`` itself (``light_reads``,
:class:`_RustReader`): same engine, same files, reads only, for the chromadb versions
it was written against; the first write switches to chromadb's client.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from ..config import Settings
from ..errors import IndexBusyError, IndexMismatchError, IndexUnavailableError
from ..locks import ProcessShareLock
from ..types import Chunk, Document, DocWrite, PageSpan, SentenceSpan
from ._vectors import BlobWriter, ChromaVectors, FileVectors, VectorBlobs, blob_key

if TYPE_CHECKING:
    from langchain_chroma import Chroma

__all__ = ["ChromaStore", "DocRecord", "sentence_id"]

logger = logging.getLogger("assistant.index")

_SCHEMA = "1"
# One record in the documents collection is not a document: the index revision.
_REVISION_ID = "__index_revision__"
_MARKER = "marker"
_CHUNK_HASHES = 50_000  # chunk id -> document hash, remembered from reads
# Chunks read, kept by id with the version of their document they belong to: a chunk of a given
# id and document version never changes, so while that version is current it is not read again
# (retrieval reads about 30 candidates a question, and nearby questions share many: 60
# benchmark questions at 1k chunks read 1,900 candidates, 575 distinct). About 4.5 KB a chunk
# (its text, sentences and, for keyword-only candidates, its vector): at most about 5 MB.
_CHUNK_CACHE = 1_024
# A document written in batches keeps its text in records of this many characters beside
# its record (``text_parts`` in the record's metadata), written and read a few at a time:
# Chroma needs several times a text's size to write it as one record.
_TEXT_PART = 200_000
_TEXT_PARTS_PER_READ = 5


# Seconds a process waits for another one's ingest before opening the embedded index, and
# an ingest for short-lived readers (a CLI question) to close it before refusing.
_OPEN_WAIT = 10.0
_WRITE_WAIT = 5.0


def _is_current(meta: Any, current: dict[str, str]) -> bool:
    """True when a chunk's metadata belongs to its document's complete version (chunks
    written before versions were recorded carry no hash and always count)."""
    if not meta or "doc_hash" not in meta:
        return True
    return current.get(str(meta.get("source", ""))) == str(meta["doc_hash"])


def _in_chain(exc: BaseException, found: Callable[[BaseException], bool]) -> bool:
    """True when ``exc`` or one of the exceptions it wraps (five deep at most) is ``found``."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if found(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _vanished(exc: BaseException) -> bool:
    """True when ``exc`` (or what it wraps) is a Chroma server's report that an id asked for
    was deleted while it read ("Error finding id")."""
    return _in_chain(exc, lambda e: "Error finding id" in str(e))


def _is_timeout(exc: BaseException) -> bool:
    """True when ``exc`` (or what it wraps) is a timeout of the HTTP client."""
    import httpx

    return _in_chain(exc, lambda e: isinstance(e, httpx.TimeoutException | TimeoutError))


def sentence_id(source: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{source}\x00{start}\x00{end}".encode()).hexdigest()[:32]


def _doc_id(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def _text_part_id(source: str, doc_hash: str, n: int) -> str:
    """The id of part ``n`` of one version's text (versions side by side until the switch)."""
    return f"{_doc_id(source)}-{doc_hash[:24]}-text-{n}"


@dataclass(frozen=True, kw_only=True, slots=True)
class DocRecord:
    source: str
    title: str
    doc_hash: str
    status: str
    chunks: int
    ingested_at: str
    metadata: dict[str, Any]


def _batched(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# chromadb's defaults for an embedded client (``chromadb.config.Settings``).
_TENANT = "default_tenant"
_DATABASE = "default_database"
# The chromadb releases whose Rust layer _RustReader calls as written (its calls and
# conversions are those of chromadb.api.rust in 1.5); another release opens the client.
_RUST_LAYER_VERSIONS = ("1.5.",)


def _rust_layer_known() -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chromadb").startswith(_RUST_LAYER_VERSIONS)
    except PackageNotFoundError:
        return False


class _RustCollection:
    """One collection of an embedded index, read through the Rust layer under chromadb's
    ``PersistentClient`` (``chromadb_rust_bindings``): ``get``, ``query`` and ``count`` with
    the client's keyword arguments and result dictionaries, for the reads this store makes.
    The conversions are those of ``chromadb.api.rust`` and ``Collection`` (chromadb 1.5)."""

    def __init__(self, bindings: Any, model: Any) -> None:
        self._bindings = bindings
        self.id = str(model.id)
        self.name = str(model.name)
        self.metadata = model.metadata

    def count(self) -> int:
        return int(self._bindings.count(self.id, _TENANT, _DATABASE))

    def get(
        self,
        ids: Sequence[str] | None = None,
        where: dict[str, Any] | None = None,
        limit: int | None = None,
        offset: int | None = None,
        include: Sequence[str] = ("metadatas", "documents"),
    ) -> dict[str, Any]:
        include = list(include)
        got = self._bindings.get(
            self.id,
            list(ids) if ids is not None else None,
            json.dumps(where) if where else None,
            limit,
            offset or 0,
            None,
            include,
            _TENANT,
            _DATABASE,
        )
        return {
            "ids": got.ids,
            "embeddings": np.array(got.embeddings) if "embeddings" in include else None,
            "documents": got.documents,
            "metadatas": got.metadatas,
            "uris": None,
            "included": include,
        }

    def query(
        self, query_embeddings: Sequence[Sequence[float]], n_results: int = 10, include: Sequence[str] = ()
    ) -> dict[str, Any]:
        include = list(include)
        got = self._bindings.query(
            self.id,
            None,
            [np.asarray(v, dtype=np.float32) for v in query_embeddings],
            n_results,
            None,
            None,
            include,
            _TENANT,
            _DATABASE,
        )
        return {
            "ids": got.ids,
            "distances": got.distances,
            "metadatas": got.metadatas,
            "documents": got.documents,
            "embeddings": (
                [np.array(e) for e in got.embeddings] if "embeddings" in include and got.embeddings else None
            ),
            "uris": None,
            "included": include,
        }


class _RustReader:
    """An embedded index opened for reading without importing ``chromadb`` itself (about half
    a second of a new process's CPU: its API models, embedding functions, telemetry and HTTP
    client): the same Rust engine, sqlite file and vector index files its client opens.

    Reads only: the store leaves it (:meth:`ChromaStore._leave_reader`) before any write, as
    two engines in one process would each cache their own view of the index."""

    def __init__(self, path: Path) -> None:
        import chromadb_rust_bindings as rust

        config = rust.SqliteDBConfig(
            hash_type=rust.MigrationHash.MD5,  # chromadb's default migrations_hash_algorithm
            migration_mode=rust.MigrationMode.Validate,  # an existing index only: never migrate it
            url=str(path / "chroma.sqlite3"),
        )
        try:
            import resource

            files = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        except ImportError:  # Windows
            files = 512
        # chromadb sizes its vector index cache from the open-file limit (five files an index).
        self._bindings: Any = rust.Bindings(
            allow_reset=False, sqlite_db_config=config, persist_path=str(path), hnsw_cache_size=max(1, files // 5)
        )

    def get_collection(self, name: str, **_: Any) -> _RustCollection:
        return _RustCollection(self._bindings, self._bindings.get_collection(name, _TENANT, _DATABASE))

    def list_collections(self) -> list[str]:
        return [str(c.name) for c in self._bindings.list_collections(None, None, _TENANT, _DATABASE)]

    def close(self) -> None:
        self._bindings = None  # the engine closes its files when the last reference goes


class ChromaStore:
    """All reads and writes of the index. Thread-safe for concurrent readers."""

    def __init__(
        self,
        settings: Settings,
        *,
        model_id: str,
        dimensions: int,
        embeddings: Any = None,
        light_reads: bool = False,
    ) -> None:
        """``light_reads``: open an existing embedded index for reading without importing
        ``chromadb`` (:class:`_RustReader`), for a short-lived process that mostly reads (a
        command-line question); the first write, or :attr:`vectorstore`, opens chromadb's
        client instead, for good."""
        self._settings = settings
        self._light = light_reads and not settings.chroma_url
        self._model_id = model_id
        self._dimensions = dimensions
        self._embeddings = embeddings
        self._lock = threading.RLock()
        self._client: Any = None
        self._share: ProcessShareLock | None = None
        self._chunks: Any = None
        self._docs: Any = None
        self._vectors: VectorBlobs | None = None
        self._legacy: Any = None  # the pre-blob sentences collection, when the index has one
        self._chunk_hash: dict[str, str] = {}
        # chunk id -> (chunk, its document's hash, its vector when read)
        self._chunk_cache: OrderedDict[str, tuple[Chunk, str, np.ndarray | None]] = OrderedDict()
        self._current: tuple[str, dict[str, str]] | None = None
        self._store: Chroma | None = None
        self._pinned = threading.local()  # this thread's revision inside ``reading()``

    # -- connection ----------------------------------------------------------------
    @property
    def location(self) -> str:
        return self._settings.chroma_url or str(self._settings.chroma_path)

    def _connect(self) -> Any:
        import chromadb

        chroma_settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=True)
        url = self._settings.chroma_url
        if url:
            parsed = urlparse(url if "://" in url else f"http://{url}")
            if not parsed.hostname:
                raise IndexUnavailableError(f"Invalid Chroma URL {url!r}", hint="use e.g. http://127.0.0.1:8000")
            self._preflight(parsed.geturl().rstrip("/"))
            try:
                client = chromadb.HttpClient(
                    host=parsed.hostname,
                    port=parsed.port or (443 if parsed.scheme == "https" else 80),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
            except Exception as exc:
                raise IndexUnavailableError(
                    f"Cannot reach the Chroma server at {url}: {exc}",
                    hint="start it with `chroma run --path DIR --host 127.0.0.1 --port N` or unset ASSISTANT_CHROMA_URL",
                ) from exc
            self._bound_timeouts(client, self._settings.chroma_timeout)
            return client
        path = self._settings.chroma_path
        self._hold_shared()
        try:
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except Exception as exc:
            raise IndexUnavailableError(
                f"Cannot open the index at {path}: {exc}",
                hint="check the folder's permissions or set ASSISTANT_DATA_DIR",
            ) from exc

    def _preflight(self, base: str) -> None:
        """Fail fast, with the URL, when the server is down or hangs."""
        import httpx

        try:
            response = httpx.get(f"{base}/api/v2/heartbeat", timeout=self._timeout())
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise IndexUnavailableError(
                f"Cannot reach the Chroma server at {base} ({type(exc).__name__})",
                hint="start it with `chroma run --host 127.0.0.1 --port N --path DIR` or unset ASSISTANT_CHROMA_URL",
            ) from exc

    def _timeout(self) -> Any:
        import httpx

        seconds = self._settings.chroma_timeout
        return httpx.Timeout(seconds, connect=min(3.0, seconds))

    def _bound_timeouts(self, client: Any, seconds: float) -> None:
        # chromadb's HTTP client has no timeout by default: a hung server would hang
        # every caller. Its session is not public, so set it where it exists. Every call
        # (the first of a new process and the thousandth of a long-running one) gets the
        # same short limit; writes are batched small enough to stay well inside it.
        import httpx

        session = getattr(getattr(client, "_server", None), "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = self._timeout()

    def _file_vectors(self) -> FileVectors:
        return FileVectors(self._settings.data_dir / "vectors" / self._settings.collection)

    def _collections(self) -> tuple[Any, Any]:
        """The chunk and document collections (and the sentence-vector blobs), opened once."""
        if self._chunks is not None:
            return self._chunks, self._docs
        with self._lock:
            if self._chunks is None and self._light:
                self._open_reader()
            if self._chunks is None:
                client = self._client or self._connect()
                self._client = client
                meta = {"embedding_model": self._model_id, "dimensions": self._dimensions, "schema": _SCHEMA}
                config = {"hnsw": {"space": "cosine"}}
                name = self._settings.collection
                try:
                    chunks = client.get_or_create_collection(
                        name, embedding_function=None, metadata=meta, configuration=config
                    )
                    docs = client.get_or_create_collection(
                        f"{name}-docs", embedding_function=None, metadata=meta, configuration=config
                    )
                    vectors: VectorBlobs
                    if self._settings.chroma_url:
                        blobs = client.get_or_create_collection(
                            f"{name}-vectors", embedding_function=None, metadata=meta, configuration=config
                        )
                        vectors = ChromaVectors(blobs, self._call, 500)
                    else:
                        vectors = self._file_vectors()
                    legacy = None
                    if any(c == f"{name}-sentences" for c in self._collection_names(client)):
                        legacy = client.get_collection(f"{name}-sentences", embedding_function=None)
                except Exception as exc:
                    raise IndexUnavailableError(f"Cannot open the index at {self.location}: {exc}") from exc
                self._check_model(chunks)
                self._docs, self._vectors, self._legacy = docs, vectors, legacy
                self._chunks = chunks
        return self._chunks, self._docs

    def _check_model(self, chunks: Any) -> None:
        built_with = (chunks.metadata or {}).get("embedding_model")
        if built_with and built_with != self._model_id:
            raise IndexMismatchError(
                f"The index at {self.location} was built with the embedding model {built_with!r}, "
                f"not {self._model_id!r}",
                hint="run `assistant ingest --rebuild`",
            )

    def _open_reader(self) -> None:
        """Open the collections through :class:`_RustReader` when the embedded index exists and
        has them; otherwise (a new index, a chromadb whose Rust layer differs) leave it to the
        client. Called under the lock."""
        self._light = False  # one attempt: after it, the client opens whatever is missing
        path = self._settings.chroma_path
        if not (path / "chroma.sqlite3").is_file() or not _rust_layer_known():
            return
        self._hold_shared()
        try:
            reader = _RustReader(path)
        except Exception as exc:  # noqa: BLE001 - the client opens the index and reports its own errors
            logger.debug("opening the index through chromadb's Rust layer failed: %s", exc)
            return
        name = self._settings.collection
        try:
            names = reader.list_collections()
            if name not in names or f"{name}-docs" not in names:
                reader.close()
                return
            chunks = reader.get_collection(name)
            docs = reader.get_collection(f"{name}-docs")
            legacy = reader.get_collection(f"{name}-sentences") if f"{name}-sentences" in names else None
        except Exception as exc:  # noqa: BLE001 - as above
            logger.debug("reading the index through chromadb's Rust layer failed: %s", exc)
            reader.close()
            return
        try:
            self._check_model(chunks)
        except IndexMismatchError:
            reader.close()  # the client opens it next time, and says the same
            raise
        self._client = reader
        self._docs, self._vectors, self._legacy = docs, self._file_vectors(), legacy
        self._chunks = chunks

    def _leave_reader(self) -> None:
        """Close the light reader, if open, so that the next use opens chromadb's client."""
        with self._lock:
            self._light = False
            if isinstance(self._client, _RustReader):
                self._client.close()
                self._client = None
                self._chunks = self._docs = self._vectors = self._legacy = None

    @staticmethod
    def _collection_names(client: Any) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in client.list_collections()]

    def _blobs(self) -> VectorBlobs:
        self._collections()
        assert self._vectors is not None
        return self._vectors

    def open(self) -> None:
        """Connect and open the collections now rather than on the first read."""
        self._collections()

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (IndexMismatchError, IndexUnavailableError):
            raise
        except Exception as exc:
            if self._settings.chroma_url and _is_timeout(exc):
                raise IndexUnavailableError(
                    f"The Chroma server at {self._settings.chroma_url} did not answer within "
                    f"{self._settings.chroma_timeout:g} s (while trying to {what})",
                    hint="check that the server is running and not overloaded, or raise ASSISTANT_CHROMA_TIMEOUT",
                ) from exc
            raise IndexUnavailableError(
                f"The index at {self.location} failed to {what}: {exc}",
                hint="check the Chroma server or run `assistant ingest --rebuild`",
            ) from exc

    @property
    def vectorstore(self) -> Chroma:
        """The LangChain vector store over the chunk collection."""
        if self._store is None:
            from langchain_chroma import Chroma

            self._leave_reader()
            self._collections()
            self._store = Chroma(
                client=self._client,
                collection_name=self._settings.collection,
                embedding_function=self._embeddings,
                create_collection_if_not_exists=False,
            )
        return self._store

    # -- document records ------------------------------------------------------------
    def _paged(self, collection: Any, what: str, include: list[str]) -> Iterable[tuple[str, Any]]:
        """Every record of ``collection`` as ``(id, metadata)``, in pages (Chroma refuses huge gets)."""
        page = 5000
        offset = 0
        while True:
            got = self._call(what, collection.get, include=include, limit=page, offset=offset)
            ids = got["ids"]
            metas = got["metadatas"] or [{}] * len(ids)
            yield from zip(ids, metas, strict=False)
            if len(ids) < page:
                return
            offset += page

    def records(self) -> dict[str, DocRecord]:
        _, docs = self._collections()
        out: dict[str, DocRecord] = {}
        for _, meta in self._paged(docs, "list documents", ["metadatas"]):
            if _MARKER in meta or "text_part" in meta:
                continue
            out[str(meta["source"])] = DocRecord(
                source=str(meta["source"]),
                title=str(meta.get("title", "")),
                doc_hash=str(meta.get("doc_hash", "")),
                status=str(meta.get("status", "")),
                chunks=int(meta.get("chunks", 0)),
                ingested_at=str(meta.get("ingested_at", "")),
                metadata=json.loads(str(meta.get("meta_json", "{}"))),
            )
        return out

    def revision(self) -> str:
        """Changes whenever any document is added, changed or removed.

        Read from one marker record that every write replaces, so asking costs one
        lookup however many documents there are (and writers in other processes
        sharing a server change it too). An index written before the marker existed
        falls back to hashing every document record until its next write. Inside
        :meth:`reading`, the revision read when the block began.
        """
        pinned = getattr(self._pinned, "revision", None)
        if pinned is not None:
            return str(pinned)
        _, docs = self._collections()
        got = self._call("read the index revision", docs.get, ids=[_REVISION_ID], include=["metadatas"])
        if got["ids"]:
            return str(got["metadatas"][0].get("revision", ""))
        items = sorted((r.source, r.doc_hash, r.status) for r in self.records().values())
        return hashlib.sha256(json.dumps(items).encode()).hexdigest()[:16]

    @contextmanager
    def reading(self) -> Iterator[str]:
        """One read of several steps (a retrieval: search, chunks, sentence vectors): the
        revision is read once, and this thread's reads inside the block use it, so they see one
        version and ask for it once, not once a step. Yields the revision."""
        outer = getattr(self._pinned, "revision", None)
        revision = outer if outer is not None else self.revision()
        self._pinned.revision = revision
        try:
            yield revision
        finally:
            self._pinned.revision = outer

    def _marker_vector(self) -> list[float]:
        return (np.ones(self._dimensions) / np.sqrt(self._dimensions)).tolist()

    @staticmethod
    def _revision_meta() -> dict[str, Any]:
        return {_MARKER: "revision", "revision": uuid.uuid4().hex[:16]}

    def _bump_revision(self) -> None:
        _, docs = self._collections()
        self._call(
            "write the index revision",
            docs.upsert,
            ids=[_REVISION_ID],
            embeddings=[self._marker_vector()],
            documents=[""],
            metadatas=[self._revision_meta()],
        )

    def document(self, source: str) -> Document | None:
        _, docs = self._collections()
        for _ in range(3):
            got = self._call("read a document", docs.get, ids=[_doc_id(source)], include=["documents", "metadatas"])
            if not got["ids"]:
                return None
            meta = got["metadatas"][0]
            text = got["documents"][0] or ""
            if "text_parts" in meta:
                parts = self._text_parts(docs, source, str(meta.get("doc_hash", "")), int(meta["text_parts"]))
                if parts is None:
                    continue  # that version was replaced while we read it: read the new one
                text = parts
            pages = tuple(
                PageSpan(page=p, start=s, end=e) for p, s, e in json.loads(str(meta.get("pages_json", "[]")))
            )
            return Document(
                source=source,
                title=str(meta.get("title", "")),
                text=text,
                metadata=json.loads(str(meta.get("meta_json", "{}"))),
                pages=pages,
            )
        raise IndexUnavailableError(
            f"The text of {source} kept changing while it was read from {self.location}",
            hint="try again once `assistant ingest` has finished",
        )

    def _text_parts(self, docs: Any, source: str, doc_hash: str, count: int) -> str | None:
        """One version's text from its parts; None when a part is gone (the version was replaced)."""
        pieces: list[str] = []
        for first in range(0, count, _TEXT_PARTS_PER_READ):
            ids = [_text_part_id(source, doc_hash, n) for n in range(first, min(count, first + _TEXT_PARTS_PER_READ))]
            got = self._call("read a document", docs.get, ids=ids, include=["documents"])
            by_id = dict(zip(got["ids"], got["documents"], strict=False))
            if any(i not in by_id for i in ids):
                return None
            pieces.extend(by_id[i] or "" for i in ids)
        return "".join(pieces)

    def _write_text_parts(self, docs: Any, document: Document, doc_hash: str) -> int:
        """Write ``document``'s text as parts of version ``doc_hash``; returns how many."""
        text = document.text
        count = max(1, -(-len(text) // _TEXT_PART))
        for n in range(count):
            self._call(
                "write a document",
                docs.upsert,
                ids=[_text_part_id(document.source, doc_hash, n)],
                embeddings=[self._marker_vector()],
                documents=[text[n * _TEXT_PART : (n + 1) * _TEXT_PART]],
                metadatas=[{"source": document.source, "doc_hash": doc_hash, "text_part": n}],
            )
        return count

    def _delete_text_parts(self, source: str, keep: str | None) -> None:
        """The text parts of ``source`` (all, or those of versions other than ``keep``)."""
        _, docs = self._collections()
        parts: dict[str, Any] = {"text_part": {"$gte": 0}}
        where: dict[str, Any] = (
            {"$and": [{"source": source}, parts]}
            if keep is None
            else {"$and": [{"source": source}, parts, {"doc_hash": {"$ne": keep}}]}
        )
        ids = self._call("list document parts", docs.get, where=where, include=[])["ids"]
        for batch in _batched(ids, self._max_batch()):
            self._call("delete document parts", docs.delete, ids=list(batch))

    # -- writes ----------------------------------------------------------------------
    def _doc_meta(self, document: Document, doc_hash: str, status: str, chunks: int, now: str) -> dict[str, Any]:
        return {
            "source": document.source,
            "title": document.title,
            "doc_hash": doc_hash,
            "status": status,
            "chunks": chunks,
            "ingested_at": now,
            "meta_json": json.dumps(dict(document.metadata), ensure_ascii=False),
            "pages_json": json.dumps([[p.page, p.start, p.end] for p in document.pages]),
        }

    def write_documents(self, items: Sequence[DocWrite], now: str) -> None:
        """Write several documents with one call per collection and step.

        Order (the revision switch): a ``pending`` record only for documents that have no
        complete version yet; sentence vector blobs and chunks of the new version beside the
        old; every record ``complete`` with a new index revision, in one call (the switch);
        then the chunks and blobs of replaced versions. Readers keep only chunks whose
        ``doc_hash`` is their record's (:meth:`current_hashes`), so until the switch they
        answer from the old version and after it from the new one, never from a mix. A crash
        before the switch leaves the old version in place (or a pending record) and chunks
        of no version, which the next ingest of the document overwrites or removes.
        """
        if not items:
            return
        chunk_col, doc_col = self._collections()
        blobs = self._blobs()
        vectors = []
        for item in items:
            v = item.chunk_vectors.mean(axis=0) if len(item.chunk_vectors) else np.ones(self._dimensions)
            vectors.append(v / max(float(np.linalg.norm(v)), 1e-12))
        limit = self._max_batch()
        with self._lock:
            complete = self._complete_hashes(doc_col, [item.document.source for item in items])
            first = [i for i, item in enumerate(items) if item.document.source not in complete]
            if first:
                self._write_records(doc_col, [items[i] for i in first], [vectors[i] for i in first], "pending", now)
            blobs.put(
                [
                    (
                        item.document.source,
                        item.doc_hash,
                        [(span.start, span.end) for _, span in item.sentences],
                        np.asarray(item.sentence_vectors),
                        vector,
                    )
                    for item, vector in zip(items, vectors, strict=True)
                ]
            )
            chunk_rows: list[tuple[Chunk, np.ndarray, str]] = []
            for item in items:
                for chunk, vec in zip(item.chunks, item.chunk_vectors, strict=True):
                    chunk_rows.append((chunk, vec, item.doc_hash))
            for batch in _batched(list(range(len(chunk_rows))), limit):
                self._call(
                    "write chunks",
                    chunk_col.upsert,
                    ids=[chunk_rows[i][0].id for i in batch],
                    embeddings=np.stack([chunk_rows[i][1] for i in batch]).tolist(),
                    documents=[chunk_rows[i][0].text for i in batch],
                    metadatas=[self._chunk_meta(chunk_rows[i][0], chunk_rows[i][2]) for i in batch],
                )
            self._write_records(doc_col, items, vectors, "complete", now)
            for item in items:
                if item.replace:
                    self._delete_parts(item.document.source, keep=item.doc_hash)
                    blobs.keep_only(item.document.source, item.doc_hash)

    def _write_records(
        self, doc_col: Any, items: Sequence[DocWrite], vectors: Sequence[np.ndarray], status: str, now: str
    ) -> None:
        self._upsert_records(
            doc_col, [(i.document, i.doc_hash, len(i.chunks)) for i in items], vectors, status, now
        )

    def _upsert_records(
        self,
        doc_col: Any,
        items: Sequence[tuple[Document, str, int]],
        vectors: Sequence[np.ndarray],
        status: str,
        now: str,
        *,
        text_parts: int | None = None,
    ) -> None:
        """Document records (``(document, doc_hash, chunk count)``) and a new index revision
        in one call, so neither changes alone. With ``text_parts`` the text is not in the
        record but in that many part records already written."""
        metas = [self._doc_meta(doc, doc_hash, status, n, now) for doc, doc_hash, n in items]
        if text_parts is not None:
            for meta in metas:
                meta["text_parts"] = text_parts
        self._call(
            "write documents",
            doc_col.upsert,
            ids=[*(_doc_id(doc.source) for doc, _, _ in items), _REVISION_ID],
            embeddings=[*(np.asarray(v).tolist() for v in vectors), self._marker_vector()],
            documents=[*("" if text_parts is not None else doc.text for doc, _, _ in items), ""],
            metadatas=[*metas, self._revision_meta()],
        )

    def write_in_parts(self, document: Document, doc_hash: str, *, replace: bool, now: str) -> _PartWriter:
        """Write one large document batch by batch: ``with store.write_in_parts(...) as w:
        w.add(chunks, chunk_vectors, sentences, sentence_vectors)`` for each batch.

        The same switch as :meth:`write_documents`: a ``pending`` record first when the
        document has no complete version; the text as part records of the new version (a
        long text in one record costs Chroma several times its size to write); each batch's
        chunks beside the old version's and its
        sentence vectors appended to a blob that no reader sees yet; on a clean exit the blob
        is committed, the record turns ``complete`` with a new revision in one call, and the
        replaced version's chunks and blob go. An exception (or a kill) before the exit leaves
        the previous complete state: the blob is dropped and the chunks written belong to no
        version, for the next ingest to overwrite or remove. Only the current batch is held.
        """
        return _PartWriter(self, document, doc_hash, replace=replace, now=now)

    def _add_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray, doc_hash: str) -> None:
        chunk_col, _ = self._collections()
        for batch in _batched(list(range(len(chunks))), self._max_batch()):
            self._call(
                "write chunks",
                chunk_col.upsert,
                ids=[chunks[i].id for i in batch],
                embeddings=np.asarray(vectors[list(batch)], dtype=np.float32).tolist(),
                documents=[chunks[i].text for i in batch],
                metadatas=[self._chunk_meta(chunks[i], doc_hash) for i in batch],
            )

    @staticmethod
    def _chunk_meta(chunk: Chunk, doc_hash: str) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "source": chunk.source,
            "title": chunk.title,
            "start": chunk.start,
            "end": chunk.end,
            "index": chunk.index,
            "doc_hash": doc_hash,
            "sentences": json.dumps([[s.start, s.end] for s in chunk.sentences]),
        }
        if chunk.page is not None:
            meta["page"] = chunk.page
        if chunk.section:
            meta["section"] = chunk.section
        if chunk.pages:
            meta["pages"] = json.dumps([[p.page, p.start, p.end] for p in chunk.pages])
        return meta

    def _max_batch(self) -> int:
        # A server gets smaller batches, so one write stays well within ASSISTANT_CHROMA_TIMEOUT.
        ceiling = 256 if self._settings.chroma_url else 2000
        try:
            return max(1, min(int(self._client.get_max_batch_size()), ceiling))
        except Exception:
            return min(1000, ceiling)

    def _complete_hashes(self, doc_col: Any, sources: Sequence[str]) -> dict[str, str]:
        """The hash of the complete version of each of ``sources`` that has one."""
        got = self._call("read documents", doc_col.get, ids=[_doc_id(s) for s in sources], include=["metadatas"])
        return {
            str(meta["source"]): str(meta.get("doc_hash", ""))
            for meta in got["metadatas"] or []
            if meta and meta.get("status") == "complete"
        }

    def current_hashes(self) -> dict[str, str]:
        """Source to the ``doc_hash`` of its complete version: the chunks readers may use.
        Read once per index revision."""
        revision = self.revision()
        with self._lock:
            if self._current is not None and self._current[0] == revision:
                return self._current[1]
        hashes = {r.source: r.doc_hash for r in self.records().values() if r.status == "complete"}
        with self._lock:
            self._current = (revision, hashes)
        return hashes

    def _delete_parts(self, source: str, *, keep: str | None = None) -> int:
        """The chunks of ``source`` (all, or all but version ``keep``'s), and its sentences in a
        pre-blob index; blobs go once a write completes."""
        chunk_col, _ = self._collections()
        where: dict[str, Any] = (
            {"source": source} if keep is None else {"$and": [{"source": source}, {"doc_hash": {"$ne": keep}}]}
        )
        existing = self._call("list chunks", chunk_col.get, where=where, include=[])
        ids = existing["ids"]
        for batch in _batched(ids, self._max_batch()):
            self._call("delete chunks", chunk_col.delete, ids=list(batch))
        if self._legacy is not None:
            self._call("delete sentences", self._legacy.delete, where={"source": source})
        self._delete_text_parts(source, keep)
        return len(ids)

    def delete_source(self, source: str) -> int:
        """Remove a document and all its chunks; returns how many chunks went."""
        _, doc_col = self._collections()
        with self._lock:
            removed = self._delete_parts(source)
            self._call("delete a document", doc_col.delete, ids=[_doc_id(source)])
            self._bump_revision()
            self._blobs().keep_only(source, None)
        return removed

    def reset(self) -> None:
        """Drop every collection and the sentence-vector blobs (``--rebuild``)."""
        self._leave_reader()
        with self._lock:
            client = self._client or self._connect()
            self._client = client
            name = self._settings.collection
            for col in (name, f"{name}-sentences", f"{name}-vectors", f"{name}-docs"):
                try:
                    client.delete_collection(col)
                except Exception:  # absent collections are what we want anyway
                    pass
            if self._vectors is not None:
                self._vectors.clear()
            if not self._settings.chroma_url:
                self._file_vectors().clear()
            self._chunks = self._docs = self._vectors = self._legacy = None
            self._chunk_hash.clear()
            self._chunk_cache.clear()
            self._store = None

    # -- reads -----------------------------------------------------------------------
    def count(self) -> int:
        chunk_col, _ = self._collections()
        return int(self._call("count chunks", chunk_col.count))

    def dense_search(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the ``k`` nearest chunks."""
        return [(chunk.id, score) for chunk, score in self.dense_chunks(vector, k)]

    def dense_chunks(self, vector: Sequence[float], k: int) -> list[tuple[Chunk, float]]:
        """The ``k`` nearest chunks with their cosine similarities."""
        chunk_col, _ = self._collections()
        if k <= 0:
            return []
        # Chroma returns fewer than n_results when the collection is smaller: no count needed.
        # Twice k, because during a re-ingest a document's old and new chunks are both there.
        got = self._call("search", chunk_col.query, query_embeddings=[list(vector)], n_results=2 * k, include=["distances"])
        ranked = list(zip(got["ids"][0], got["distances"][0], strict=False))
        # The search returns distances only (its metadata for 2k results costs more than the
        # search); the chunks are read by id, the first k first: the rest only when some of
        # those belong to a version not (or no longer) switched in.
        found: list[tuple[Chunk, float]] = []
        for lo in range(0, len(ranked), k):
            part = ranked[lo : lo + k]
            read = {c.id: c for c in self.get_chunks([cid for cid, _ in part])}
            found.extend((read[cid], 1.0 - float(d)) for cid, d in part if cid in read)
            if len(found) >= k:
                break
        return found[:k]

    def _chunk_of(self, cid: str, text: str, meta: Any) -> Chunk:
        start = int(meta["start"])
        spans = tuple(
            SentenceSpan(start=s, end=e, text=text[s - start : e - start])
            for s, e in json.loads(str(meta.get("sentences", "[]")))
        )
        if "doc_hash" in meta:
            self._remember_hash(cid, str(meta["doc_hash"]))
        return Chunk(
            id=cid,
            source=str(meta["source"]),
            title=str(meta.get("title", "")),
            text=text,
            start=start,
            end=int(meta["end"]),
            index=int(meta.get("index", 0)),
            sentences=spans,
            page=int(meta["page"]) if "page" in meta else None,
            section=str(meta.get("section", "")),
            pages=tuple(PageSpan(page=p, start=a, end=b) for p, a, b in json.loads(str(meta.get("pages", "[]")))),
        )

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by id, in the order given (unknown ids are left out)."""
        return [chunk for chunk, _ in self._get_chunks(ids, vectors=False)]

    def chunks_with_vectors(self, ids: Sequence[str]) -> list[tuple[Chunk, np.ndarray]]:
        """Chunks by id with their stored vectors, in the order given (unknown ids are left out)."""
        return self._get_chunks(ids, vectors=True)

    def next_chunk(self, chunk: Chunk) -> Chunk | None:
        """The chunk after ``chunk`` in its document's current version (None after its last)."""
        chunk_col, _ = self._collections()
        where = {"$and": [{"source": chunk.source}, {"index": chunk.index + 1}]}
        got = self._call("read chunks", chunk_col.get, where=where, include=["documents", "metadatas"])
        current = self.current_hashes()
        for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=False):
            if _is_current(meta, current):
                return self._chunk_of(cid, text, meta)
        return None

    def _get_chunks(self, ids: Sequence[str], *, vectors: bool) -> list[tuple[Chunk, Any]]:
        if not ids:
            return []
        current = self.current_hashes()
        by_id: dict[str, tuple[Chunk, Any]] = {}
        with self._lock:
            for cid in dict.fromkeys(ids):
                hit = self._chunk_cache.get(cid)
                if hit is not None and current.get(hit[0].source) == hit[1] and (hit[2] is not None or not vectors):
                    self._chunk_cache.move_to_end(cid)
                    by_id[cid] = (hit[0], hit[2])
                    if cid not in self._chunk_hash:
                        self._remember_hash(cid, hit[1])
        missing = [cid for cid in dict.fromkeys(ids) if cid not in by_id]
        if missing:
            chunk_col, _ = self._collections()
            include = ["documents", "metadatas", "embeddings"] if vectors else ["documents", "metadatas"]
            try:
                got = self._call("read chunks", chunk_col.get, ids=missing, include=include)
            except IndexUnavailableError as exc:
                if not _vanished(exc):
                    raise
                got = self._get_each(chunk_col, missing, include)
            embeddings = got.get("embeddings") if vectors else None
            for i, (cid, text, meta) in enumerate(zip(got["ids"], got["documents"], got["metadatas"], strict=False)):
                if not _is_current(meta, current):
                    continue  # a version not (or no longer) switched in
                vector = np.asarray(embeddings[i], dtype=np.float32) if embeddings is not None else None
                chunk = self._chunk_of(cid, text, meta)
                by_id[cid] = (chunk, vector)
                if "doc_hash" in meta:  # chunks written before versions were recorded are not kept
                    self._keep_chunk(chunk, str(meta["doc_hash"]), vector)
        return [by_id[i] for i in ids if i in by_id]

    def _get_each(self, chunk_col: Any, ids: Sequence[str], include: list[str]) -> dict[str, list[Any]]:
        """``ids`` read one at a time, those another process deleted meanwhile left out: a
        Chroma server asked for several ids while a writer deletes one of them fails the whole
        read ("Error finding id"), where a deleted id belongs to a version already switched out."""
        got: dict[str, list[Any]] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        for cid in ids:
            try:
                one = self._call("read chunks", chunk_col.get, ids=[cid], include=include)
            except IndexUnavailableError as exc:
                if _vanished(exc):
                    continue
                raise
            for key in got:
                values = one.get(key)
                if values is not None:
                    got[key].extend(list(values))
        return got

    def _keep_chunk(self, chunk: Chunk, doc_hash: str, vector: np.ndarray | None) -> None:
        with self._lock:
            old = self._chunk_cache.pop(chunk.id, None)
            if vector is None and old is not None and old[1] == doc_hash:
                vector = old[2]
            self._chunk_cache[chunk.id] = (chunk, doc_hash, vector)
            while len(self._chunk_cache) > _CHUNK_CACHE:
                self._chunk_cache.popitem(last=False)

    def _remember_hash(self, chunk_id: str, doc_hash: str) -> None:
        with self._lock:
            if len(self._chunk_hash) >= _CHUNK_HASHES:
                self._chunk_hash.pop(next(iter(self._chunk_hash)))
            self._chunk_hash[chunk_id] = doc_hash

    def _hashes(self, chunks: Sequence[Chunk]) -> dict[str, str]:
        """The document hash each chunk was written with (from reads, else one lookup)."""
        known = {c.id: self._chunk_hash[c.id] for c in chunks if c.id in self._chunk_hash}
        unknown = [c.id for c in chunks if c.id not in known]
        if unknown:
            chunk_col, _ = self._collections()
            got = self._call("read chunks", chunk_col.get, ids=list(dict.fromkeys(unknown)), include=["metadatas"])
            for cid, meta in zip(got["ids"], got["metadatas"], strict=False):
                if meta and "doc_hash" in meta:
                    known[cid] = str(meta["doc_hash"])
                    self._remember_hash(cid, known[cid])
        return known

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """The vector of every sentence in ``chunks``, by :func:`sentence_id`."""
        if not chunks:
            return {}
        self._collections()
        hashes = self._hashes(chunks)
        blobs = self._blobs().get((c.source, hashes[c.id]) for c in chunks if c.id in hashes)
        out: dict[str, np.ndarray] = {}
        missing: list[str] = []
        for chunk in chunks:
            blob = blobs.get((chunk.source, hashes.get(chunk.id, "")))
            for span in chunk.sentences:
                sid = sentence_id(chunk.source, span.start, span.end)
                vec = blob.get(span.start, span.end) if blob is not None else None
                if vec is None:
                    missing.append(sid)
                else:
                    out[sid] = vec
        if missing and self._legacy is not None:
            got = self._call(
                "read sentence vectors", self._legacy.get, ids=list(dict.fromkeys(missing)), include=["embeddings"]
            )
            for sid, vec in zip(got["ids"], got["embeddings"], strict=False):
                out[sid] = np.asarray(vec, dtype=np.float32)
        return out

    def span_vectors(self, spans: Sequence[tuple[Chunk, int, int]]) -> dict[str, np.ndarray]:
        """Vectors stored for ``(chunk, start, end)`` spans (offsets in the chunk's document) inside
        the chunk's sentences: a sentence's clause windows, written with its sentences. Keyed
        by :func:`sentence_id`; spans not stored are left out."""
        if not spans:
            return {}
        self._collections()
        chunks = list({chunk.id: chunk for chunk, _, _ in spans}.values())
        hashes = self._hashes(chunks)
        blobs = self._blobs().get((c.source, hashes[c.id]) for c in chunks if c.id in hashes)
        out: dict[str, np.ndarray] = {}
        for chunk, start, end in spans:
            blob = blobs.get((chunk.source, hashes.get(chunk.id, "")))
            vec = blob.get(start, end) if blob is not None else None
            if vec is not None:
                out[sentence_id(chunk.source, start, end)] = vec
        return out

    def current_span_vectors(self, source: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
        """Vectors stored for ``(start, end)`` spans (sentences, clause windows) of the current
        version of ``source``, by offsets; spans not stored are left out."""
        doc_hash = self.current_hashes().get(source)
        if doc_hash is None or not spans:
            return {}
        blob = self._blobs().get([(source, doc_hash)]).get((source, doc_hash))
        if blob is None:
            return {}
        out: dict[tuple[int, int], np.ndarray] = {}
        for start, end in spans:
            vec = blob.get(start, end)
            if vec is not None:
                out[(start, end)] = vec
        return out

    def sentence_rows(self, chunks: Sequence[Chunk]) -> list[np.ndarray]:
        """For each chunk, the vectors of its sentences as the rows of one float32 array, in
        sentence order (sentences without a stored vector left out): what
        :meth:`sentence_vectors` reads, without keying every sentence by its id."""
        if not chunks:
            return []
        self._collections()
        hashes = self._hashes(chunks)
        blobs = self._blobs().get((c.source, hashes[c.id]) for c in chunks if c.id in hashes)
        out: list[np.ndarray] = []
        for chunk in chunks:
            blob = blobs.get((chunk.source, hashes.get(chunk.id, "")))
            found_rows = [blob.row(s.start, s.end) for s in chunk.sentences] if blob is not None else [None]
            rows = [r for r in found_rows if r is not None]
            if blob is not None and len(rows) == len(found_rows):
                out.append(np.asarray(blob.vectors[rows], dtype=np.float32))
                continue
            # An index from before blobs (or a version being replaced): read by sentence id.
            vectors = self.sentence_vectors([chunk])
            found = [vectors.get(sentence_id(chunk.source, s.start, s.end)) for s in chunk.sentences]
            kept = [np.asarray(v, dtype=np.float32) for v in found if v is not None]
            out.append(np.stack(kept) if kept else np.zeros((0, self._dimensions), dtype=np.float32))
        return out

    def vector_keys(self) -> tuple[set[str], set[str]]:
        """``(blob keys stored, blob keys the complete documents need)``: equal in a consistent index."""
        stored = self._blobs().keys()
        needed = {blob_key(r.source, r.doc_hash) for r in self.records().values() if r.status == "complete"}
        return stored, needed

    def all_chunks(self) -> tuple[list[str], list[str]]:
        """Every chunk id and text (for the keyword index)."""
        chunk_col, _ = self._collections()
        ids: list[str] = []
        texts: list[str] = []
        total = self.count()
        # Chroma's peak while it builds a page is several times the page's text: 5,000 chunks a
        # page cost 60 MB above the texts themselves, 1,000 about a fifth of that.
        page = 1000
        for offset in range(0, total, page):
            got = self._call("list chunks", chunk_col.get, include=["documents"], limit=page, offset=offset)
            ids.extend(got["ids"])
            texts.extend(got["documents"])
        return ids, texts

    def chunk_sources(self) -> dict[str, str]:
        """Chunk id to source, for consistency checks."""
        chunk_col, _ = self._collections()
        return {cid: str(meta["source"]) for cid, meta in self._paged(chunk_col, "list chunks", ["metadatas"])}

    def close(self) -> None:
        self._chunks = self._docs = self._vectors = self._legacy = None
        self._store = None
        client, self._client = self._client, None
        if client is not None:
            # Dropping the client is not enough: chromadb keeps one System per path for the
            # process (its sqlite connection, segment files and threads) until the last client
            # of that path is closed.
            try:
                client.close()
            except Exception as exc:  # a server that went away, or an already stopped System
                logger.debug("closing the Chroma client failed: %s", exc)
        if self._share is not None:
            self._share.close()
            self._share = None

    # -- one writer ------------------------------------------------------------------
    @property
    def _open_marker(self) -> Any:
        return self._settings.data_dir / "index-open.lock"

    def _hold_shared(self) -> ProcessShareLock:
        """Say that this process has the embedded index open (waiting while another writes)."""
        if self._share is None:
            try:
                self._share = ProcessShareLock.open(self._open_marker, wait=_OPEN_WAIT)
            except TimeoutError:
                raise IndexBusyError(
                    f"Another process is writing the index at {self._settings.chroma_path}",
                    hint="retry when its `assistant ingest` has finished",
                ) from None
        return self._share

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index for writing (an ingest or a removal).

        Embedded, Chroma caches what it read in every process that opened the folder, and
        a process does not see another's writes: so writing waits a few seconds for other
        processes to close the index and then refuses with :class:`IndexBusyError` naming
        the server mode. With a Chroma server every process sees every write: no wait.
        """
        if self._settings.chroma_url:
            yield
            return
        self._leave_reader()
        # Not _collections(): a --rebuild must get here even when the collections are unusable.
        hold = self._hold_shared().exclusive(wait=_WRITE_WAIT)
        try:
            hold.__enter__()
        except BlockingIOError:
            raise IndexBusyError(
                f"Another process has the index at {self._settings.chroma_path} open (a running app, bot or "
                "chat), and the embedded index takes writes only from the one process that has it open",
                hint="stop that process and run `assistant ingest` again, or share the index between processes "
                "with a Chroma server: `chroma run --path DIR --host 127.0.0.1 --port 8000` and "
                "ASSISTANT_CHROMA_URL=http://127.0.0.1:8000",
            ) from None
        try:
            yield
        finally:
            hold.__exit__(None, None, None)


class _PartWriter:
    """:meth:`ChromaStore.write_in_parts`: a context manager whose ``add`` takes one batch."""

    def __init__(self, store: ChromaStore, document: Document, doc_hash: str, *, replace: bool, now: str) -> None:
        self._store = store
        self._document = document
        self._doc_hash = doc_hash
        self._replace = replace
        self._now = now
        self._chunks = 0
        self._sum: np.ndarray | None = None
        self._blob: BlobWriter | None = None
        self._text_parts = 0

    def __enter__(self) -> _PartWriter:
        store = self._store
        _, doc_col = store._collections()
        source = self._document.source
        with store._lock:
            if source not in store._complete_hashes(doc_col, [source]):
                # The pending record only marks the document as half-written (no reader lists or
                # cites a pending document), so it goes without the text.
                placeholder = np.ones(store._dimensions) / np.sqrt(store._dimensions)
                bare = dataclasses.replace(self._document, text="")
                store._upsert_records(doc_col, [(bare, self._doc_hash, 0)], [placeholder], "pending", self._now)
        with store._lock:
            self._text_parts = store._write_text_parts(doc_col, self._document, self._doc_hash)
        self._blob = store._blobs().writer(source, self._doc_hash)
        return self

    def add(
        self,
        chunks: Sequence[Chunk],
        chunk_vectors: np.ndarray,
        sentences: Sequence[tuple[str, SentenceSpan]],
        sentence_vectors: np.ndarray,
    ) -> None:
        """Store one batch: its chunks (with their vectors) and its sentences' vectors (each
        sentence once per document: a sentence repeated by a chunk's overlap is not sent again)."""
        assert self._blob is not None, "use write_in_parts() as a context manager"
        if len(chunks) != len(chunk_vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(chunk_vectors)} vectors")
        self._blob.add([(span.start, span.end) for _, span in sentences], sentence_vectors)
        with self._store._lock:
            self._store._add_chunks(chunks, chunk_vectors, self._doc_hash)
        total = np.asarray(chunk_vectors, dtype=np.float64).sum(axis=0)
        self._sum = total if self._sum is None else self._sum + total
        self._chunks += len(chunks)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        assert self._blob is not None
        if kind is not None:
            self._blob.abort()
            return
        store = self._store
        _, doc_col = store._collections()
        vector = self._sum if self._sum is not None else np.ones(store._dimensions)
        vector = (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)
        try:
            self._blob.commit(vector)
        except BaseException:
            self._blob.abort()
            raise
        source = self._document.source
        with store._lock:
            store._upsert_records(
                doc_col,
                [(self._document, self._doc_hash, self._chunks)],
                [vector],
                "complete",
                self._now,
                text_parts=self._text_parts,
            )
            if self._replace:
                store._delete_parts(source, keep=self._doc_hash)
                store._blobs().keep_only(source, self._doc_hash)
