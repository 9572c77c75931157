"""Sentence vectors, stored flat and read by document.

Answering reads the vectors of the sentences in the few passages it retrieved, always
by id and never by similarity. Kept in a fully indexed Chroma collection they cost
memory (the whole HNSW index loads on the first read: about 0.8 GB at 100k chunks),
disk and ingest time for a search nobody makes. So each document's sentence vectors
are one *blob*: float16 rows plus the ``(start, end)`` offsets of the sentence each
row belongs to, keyed by the document and its content hash (:func:`blob_key`).

Two homes, chosen by where the index lives:

* :class:`FileVectors` (the embedded index): one file per blob under
  ``<data_dir>/vectors/<collection>/``, written to a temporary name and renamed,
  read by row with ``pread`` (:class:`FileRows`), so a process holds a blob's offsets
  and only the rows a question reads.
* :class:`ChromaVectors` (a ``chroma run`` server): other machines cannot read a
  local file, so blobs are records of a ``<collection>-vectors`` collection on the
  server, one per document (the record's vector is the document's mean vector, so
  its HNSW index holds documents, not sentences: hundreds of times smaller).

Consistency with the index revision: a blob is content-addressed, written before
the chunks that point at it (their metadata carries the document hash) and removed
only once the document's record points at another hash or the document is gone.
A reader holding chunks of a version being removed gets no vectors for them (the
answerer skips such sentences), never another version's vectors.
"""

from __future__ import annotations

import array
import base64
import hashlib
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

__all__ = [
    "Blob",
    "BlobWriter",
    "ChromaVectors",
    "FileVectors",
    "VectorBlobs",
    "FileRows",
    "blob_key",
    "decode_blob",
    "encode_blob",
]

_MAGIC = b"ASV1"
_HEADER = 12  # magic, rows (uint32), dimensions (uint32)
_CACHE = 256  # blobs kept open per process (content-addressed, so never stale)


def _source_key(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def blob_key(source: str, doc_hash: str) -> str:
    """The key of one version of one document's sentence vectors."""
    return f"{_source_key(source)}-{doc_hash[:24]}"


def _span_keys(spans: np.ndarray) -> np.ndarray:
    """One sortable int64 per ``(start, end)`` offset pair (offsets are below 2**31)."""
    pairs = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    return (pairs[:, 0] << 32) | pairs[:, 1]


class FileRows:
    """The rows of a float array stored in a file, read with ``pread`` when indexed.

    ``rows[i]`` is one row, ``rows[[i, j, ...]]`` several, as with an ndarray (float16
    rows come back float16). A memory map would do the same with less code, but each page
    it faults in counts in the process's resident memory, and the kernel maps pages around
    the one read (fault-around; ``MADV_RANDOM`` does not stop it on the kernels here):
    scattered lookups soon had whole files resident (110 MB at 10k chunks, growing with the
    index). Reads land in the page cache instead, which the kernel shares and reclaims.
    """

    __slots__ = ("_dims", "_dtype", "_offset", "_path", "_row_bytes", "shape")

    def __init__(self, path: Path, *, offset: int, rows: int, dims: int, dtype: str | np.dtype[Any]) -> None:
        self._path = path
        self._offset = offset
        self._dims = dims
        self._dtype = np.dtype(dtype)
        self._row_bytes = dims * self._dtype.itemsize
        self.shape = (rows, dims)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, index: int | Sequence[int] | np.ndarray) -> np.ndarray:
        single = isinstance(index, (int, np.integer))
        rows = np.asarray([index] if single else index, dtype=np.int64).reshape(-1)
        n = self.shape[0]
        if rows.size and (int(rows.min()) < -n or int(rows.max()) >= n):
            raise IndexError(f"a row out of the {n} rows")
        rows = np.where(rows < 0, rows + n, rows)
        out = np.empty((rows.size, self._dims), dtype=self._dtype)
        if rows.size:
            # Runs of consecutive rows are one read each (a chunk's sentences are neighbours;
            # reading every row is one read).
            breaks = (np.flatnonzero(np.diff(rows) != 1) + 1).tolist()
            fd = os.open(self._path, os.O_RDONLY)
            try:
                for start, end in zip([0, *breaks], [*breaks, rows.size], strict=True):
                    size = (end - start) * self._row_bytes
                    data = os.pread(fd, size, self._offset + int(rows[start]) * self._row_bytes)
                    if len(data) != size:
                        raise OSError(f"{self._path.name}: shorter than its header says")
                    out[start:end] = np.frombuffer(data, dtype=self._dtype).reshape(end - start, self._dims)
            finally:
                os.close(fd)
        return out[0] if single else out


def read_npy_rows(path: Path) -> FileRows:
    """The rows of a two-dimensional ``.npy`` file (as ``np.save`` writes it), read by row."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        else:
            raise ValueError(f"{path.name}: .npy format {version} is not read here")
        offset = handle.tell()
    if fortran or len(shape) != 2:
        raise ValueError(f"{path.name}: not a C-ordered two-dimensional array")
    return FileRows(path, offset=offset, rows=shape[0], dims=shape[1], dtype=dtype)


@dataclass(frozen=True, kw_only=True, slots=True)
class Blob:
    """One document's sentence vectors. The row of a span is found by binary search: ``keys``
    holds the spans' keys sorted, ``order`` the row of ``vectors`` each belongs to. (A dict of
    offset pairs cost about 600 bytes a row, 70 MB for the 256 blobs a process keeps at 10k
    chunks; these arrays cost 16.)"""

    keys: np.ndarray  # int64 [n], sorted
    order: np.ndarray  # int64 [n], rows of ``vectors`` aligned with ``keys``
    vectors: np.ndarray | FileRows  # float16 [n, dimensions], in memory or read from the file

    def row(self, start: int, end: int) -> int | None:
        """The row of span ``(start, end)`` (the last one written, if written twice), or None."""
        key = (int(start) << 32) | int(end)
        i = int(np.searchsorted(self.keys, key, side="right")) - 1
        return int(self.order[i]) if i >= 0 and int(self.keys[i]) == key else None

    def get(self, start: int, end: int) -> np.ndarray | None:
        row = self.row(start, end)
        return None if row is None else np.asarray(self.vectors[row], dtype=np.float32)


def encode_blob(spans: Sequence[tuple[int, int]], vectors: np.ndarray) -> bytes:
    n, dims = (len(spans), vectors.shape[1]) if len(spans) else (0, vectors.shape[-1] if vectors.ndim == 2 else 0)
    header = _MAGIC + np.asarray([n, dims], dtype="<u4").tobytes()
    offsets = np.asarray(spans, dtype="<i4").reshape(n, 2).tobytes()
    return header + offsets + np.asarray(vectors, dtype="<f2").reshape(n, dims).tobytes()


def _header(head: bytes) -> tuple[int, int]:
    """Rows and dimensions from a blob's first ``_HEADER`` bytes."""
    if len(head) < _HEADER or head[:4] != _MAGIC:
        raise ValueError("not a sentence-vector blob")
    n, dims = (int(x) for x in np.frombuffer(head, dtype="<u4", count=2, offset=4))
    return n, dims


def _blob(offsets: bytes, vectors: np.ndarray | FileRows) -> Blob:
    """A blob from its ``(start, end)`` offsets (``<i4`` pairs) and its rows."""
    if len(offsets) != 8 * len(vectors):
        raise ValueError("a truncated sentence-vector blob")
    keys = _span_keys(np.frombuffer(offsets, dtype="<i4").reshape(-1, 2))
    order = np.argsort(keys, kind="stable")
    return Blob(keys=keys[order], order=order, vectors=vectors)


def _read_blob(path: Path) -> Blob:
    """A blob file's offsets, read now, and its rows, read from the file when asked for."""
    with open(path, "rb") as handle:
        n, dims = _header(handle.read(_HEADER))
        offsets = handle.read(8 * n)
    return _blob(offsets, FileRows(path, offset=_HEADER + 8 * n, rows=n, dims=dims, dtype="<f2"))


def decode_blob(data: bytes) -> Blob:
    """A blob from its bytes (the vectors stay a view of ``data``)."""
    n, dims = _header(data[:_HEADER])
    end = _HEADER + 8 * n
    vectors = np.frombuffer(data, dtype="<f2", count=n * dims, offset=end).reshape(n, dims)
    return _blob(data[_HEADER:end], vectors)


class VectorBlobs(Protocol):
    """Where sentence-vector blobs live (a folder, or a collection on a Chroma server)."""

    def put(self, items: Sequence[tuple[str, str, Sequence[tuple[int, int]], np.ndarray, np.ndarray]]) -> None:
        """Store ``(source, doc_hash, spans, vectors, document_vector)`` blobs."""
        ...

    def get(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Blob]:
        """The blobs of ``(source, doc_hash)`` pairs that exist."""
        ...

    def keep_only(self, source: str, doc_hash: str | None) -> None:
        """Remove every blob of ``source`` except ``doc_hash``'s (all of them when None)."""
        ...

    def keys(self) -> set[str]: ...

    def clear(self) -> None: ...

    def writer(self, source: str, doc_hash: str) -> BlobWriter:
        """A blob written in parts (a large document, batch by batch); nothing is visible
        to readers until :meth:`BlobWriter.commit`."""
        ...


class BlobWriter(Protocol):
    """One blob, appended to batch by batch, then committed whole or aborted."""

    def add(self, spans: Sequence[tuple[int, int]], vectors: np.ndarray) -> None:
        """Append the rows of ``spans`` (vectors aligned with them)."""
        ...

    def commit(self, document_vector: np.ndarray) -> None:
        """Make the blob readable, atomically."""
        ...

    def abort(self) -> None:
        """Drop what was written (the blob never appears)."""
        ...


class _Cache:
    def __init__(self) -> None:
        self._items: OrderedDict[str, Blob] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Blob | None:
        with self._lock:
            blob = self._items.get(key)
            if blob is not None:
                self._items.move_to_end(key)
            return blob

    def put(self, key: str, blob: Blob) -> None:
        with self._lock:
            self._items[key] = blob
            while len(self._items) > _CACHE:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class FileVectors:
    """Blobs as files in one folder, read by row (the embedded index)."""

    suffix = ".f16"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache = _Cache()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def put(self, items: Sequence[tuple[str, str, Sequence[tuple[int, int]], np.ndarray, np.ndarray]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for source, doc_hash, spans, vectors, _ in items:
            path = self._path(blob_key(source, doc_hash))
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(encode_blob(spans, vectors))
            os.replace(tmp, path)  # atomic: readers see the whole blob or none

    def writer(self, source: str, doc_hash: str) -> BlobWriter:
        return _FileBlobWriter(self, self._path(blob_key(source, doc_hash)))

    def get(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Blob]:
        out: dict[tuple[str, str], Blob] = {}
        for source, doc_hash in dict.fromkeys(wanted):
            key = blob_key(source, doc_hash)
            blob = self._cache.get(key)
            if blob is None:
                try:
                    blob = _read_blob(self._path(key))
                except (OSError, ValueError):
                    continue  # absent (an index from before blobs, or a version being removed)
                self._cache.put(key, blob)
            out[(source, doc_hash)] = blob
        return out

    def keep_only(self, source: str, doc_hash: str | None) -> None:
        keep = self._path(blob_key(source, doc_hash)).name if doc_hash is not None else None
        for path in self.folder.glob(f"{_source_key(source)}-*{self.suffix}"):
            if path.name != keep:
                path.unlink(missing_ok=True)

    def keys(self) -> set[str]:
        return {p.name.removesuffix(self.suffix) for p in self.folder.glob(f"*{self.suffix}")}

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._cache.clear()


class _FileBlobWriter:
    """Rows go to a temporary file as they come, offsets to a small array (eight bytes a
    sentence); the commit writes header and offsets, copies the rows after them in blocks and
    renames the result into place. The format puts the offsets first, and the row count is
    known only at the end, hence the copy (a few seconds' worth of disk for a large document,
    and no vectors held in memory)."""

    def __init__(self, owner: FileVectors, path: Path) -> None:
        owner.folder.mkdir(parents=True, exist_ok=True)
        stem = f".{path.name}.{os.getpid()}.{threading.get_ident()}"
        self._path = path
        self._rows_path = path.with_name(f"{stem}.rows.tmp")
        self._tmp = path.with_name(f"{stem}.tmp")
        self._rows = open(self._rows_path, "wb")  # noqa: SIM115 (closed by commit or abort)
        self._offsets = array.array("i")
        self._dims: int | None = None

    def add(self, spans: Sequence[tuple[int, int]], vectors: np.ndarray) -> None:
        rows = np.asarray(vectors, dtype="<f2")
        if len(spans) != len(rows):
            raise ValueError(f"{len(spans)} spans but {len(rows)} vectors")
        if not len(spans):
            return
        self._dims = rows.shape[1]
        for start, end in spans:
            self._offsets.extend((start, end))
        self._rows.write(rows.tobytes())

    def commit(self, document_vector: np.ndarray) -> None:
        self._rows.close()
        n = len(self._offsets) // 2
        dims = self._dims if self._dims is not None else int(np.asarray(document_vector).shape[-1])
        offsets = np.frombuffer(self._offsets, dtype=np.int32).astype("<i4")
        try:
            with open(self._tmp, "wb") as out, open(self._rows_path, "rb") as rows:
                out.write(_MAGIC + np.asarray([n, dims], dtype="<u4").tobytes() + offsets.tobytes())
                shutil.copyfileobj(rows, out, 1 << 20)
            os.replace(self._tmp, self._path)  # atomic: readers see the whole blob or none
        finally:
            self._rows_path.unlink(missing_ok=True)
            self._tmp.unlink(missing_ok=True)

    def abort(self) -> None:
        self._rows.close()
        self._rows_path.unlink(missing_ok=True)
        self._tmp.unlink(missing_ok=True)


class ChromaVectors:
    """Blobs as records of one Chroma collection (a ``chroma run`` server), base64 in the document field.

    ``call(what, fn, *args, **kwargs)`` runs a collection method and translates its errors.
    """

    def __init__(self, collection: Any, call: Callable[..., Any], batch: int) -> None:
        self._col = collection
        self._call = call
        self._batch = batch
        self._cache = _Cache()

    def put(self, items: Sequence[tuple[str, str, Sequence[tuple[int, int]], np.ndarray, np.ndarray]]) -> None:
        for i in range(0, len(items), self._batch):
            part = items[i : i + self._batch]
            self._call(
                "write sentence vectors",
                self._col.upsert,
                ids=[blob_key(s, h) for s, h, _, _, _ in part],
                embeddings=[np.asarray(doc_vec, dtype=np.float32).tolist() for *_, doc_vec in part],
                documents=[base64.b64encode(encode_blob(spans, vecs)).decode() for _, _, spans, vecs, _ in part],
                metadatas=[{"source": s, "doc_hash": h} for s, h, _, _, _ in part],
            )

    def get(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Blob]:
        out: dict[tuple[str, str], Blob] = {}
        missing: dict[str, tuple[str, str]] = {}
        for pair in dict.fromkeys(wanted):
            key = blob_key(*pair)
            blob = self._cache.get(key)
            if blob is None:
                missing[key] = pair
            else:
                out[pair] = blob
        if missing:
            got = self._call("read sentence vectors", self._col.get, ids=list(missing), include=["documents"])
            for key, text in zip(got["ids"], got["documents"], strict=False):
                blob = decode_blob(base64.b64decode(text))
                self._cache.put(key, blob)
                out[missing[key]] = blob
        return out

    def keep_only(self, source: str, doc_hash: str | None) -> None:
        got = self._call("list sentence vectors", self._col.get, where={"source": source}, include=[])
        keep = blob_key(source, doc_hash) if doc_hash is not None else None
        stale = [key for key in got["ids"] if key != keep]
        if stale:
            self._call("delete sentence vectors", self._col.delete, ids=stale)

    def keys(self) -> set[str]:
        total = int(self._call("count sentence vectors", self._col.count))
        out: set[str] = set()
        for offset in range(0, total, 5000):
            got = self._call("list sentence vectors", self._col.get, include=[], limit=5000, offset=offset)
            out.update(got["ids"])
        return out

    def clear(self) -> None:
        self._cache.clear()  # the collection itself is dropped by the store's reset

    def writer(self, source: str, doc_hash: str) -> BlobWriter:
        return _RecordBlobWriter(self, source, doc_hash)


class _RecordBlobWriter:
    """On a server a blob is one record, sent whole: its float16 rows are kept (two bytes per
    dimension and sentence, a quarter of the float32 vectors) until the commit sends it."""

    def __init__(self, owner: ChromaVectors, source: str, doc_hash: str) -> None:
        self._owner = owner
        self._source = source
        self._doc_hash = doc_hash
        self._spans: list[tuple[int, int]] = []
        self._rows: list[np.ndarray] = []

    def add(self, spans: Sequence[tuple[int, int]], vectors: np.ndarray) -> None:
        rows = np.asarray(vectors, dtype="<f2")
        if len(spans) != len(rows):
            raise ValueError(f"{len(spans)} spans but {len(rows)} vectors")
        if len(spans):
            self._spans.extend((int(a), int(b)) for a, b in spans)
            self._rows.append(rows)

    def commit(self, document_vector: np.ndarray) -> None:
        dims = int(np.asarray(document_vector).shape[-1])
        rows = np.concatenate(self._rows) if self._rows else np.zeros((0, dims), dtype="<f2")
        self._rows = []
        self._owner.put([(self._source, self._doc_hash, self._spans, rows, document_vector)])

    def abort(self) -> None:
        self._spans, self._rows = [], []
