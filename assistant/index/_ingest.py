"""Ingest: sync a folder of documents into the index, incrementally and safely.

* Unchanged documents (same bytes, model and chunking) are not embedded again.
* A changed document's chunks are replaced; a removed document's are deleted.
* Unreadable files are skipped with a reason and lose nothing already indexed.
* One ingest at a time per data directory (a file lock); a killed ingest is
  repaired by the next one (see ``ChromaStore``'s pending records).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..documents import MAX_FILE_BYTES
from ..documents._chunking import iter_chunks
from ..errors import IndexBusyError, LoaderError
from ..protocols import Embedder, IndexWriter, Loader
from ..types import Chunk, Document, DocWrite, IngestReport, SentenceSpan, SkippedFile

__all__ = ["SECTION_WEIGHT", "STREAM_CHUNKS", "Ingestor", "Progress", "chunk_vector"]

# (chunks done, chunks in all, source). While a large document is written in batches the
# total counts the rest of it at the characters-per-chunk seen so far: an estimate, refined
# after each batch and exact once the document is complete.
Progress = Callable[[int, int, str], None]
# 3: chunks keep their page spans; 4: HTML headings are section boundaries, chunks keep their section;
# 5: sentences longer than twice the chunk size are cut; 6: a single letter before a capitalised
# function word ends a sentence ("to build R. In the simplest case"); 7: an abbreviation after an
# opening bracket or quote ends none ("(e.g. 3.5.3, 3.6.2)"), and two stops after one end a sentence
# ("Inc.. Originally"); 8: "No." first in its sentence and before a word is a reply ("A:  No.
# Use 7-Zip" ends at "No.")
_CHUNKER_VERSION = "8"
_EMBED_BATCH_SENTENCES = 256
_PROGRESS_SLICE = 2048  # sentences embedded between two progress reports
# A document with more chunks than this is cut, embedded and written this many chunks at a
# time (and progress reported after each batch), so memory stays flat however long it is;
# smaller ones are written together, a few store calls for many documents.
STREAM_CHUNKS = 256
# Where a sentence's clause windows are: ``(start, end)`` offsets into its text. Ingest embeds
# them with the sentences and stores them like sentences (by their offsets in the document),
# so answering reads a window's vector instead of embedding it per question.
WindowSpans = Callable[[str], Sequence[tuple[int, int]]]
# Part of the content hash when windows are stored: an index written before them (or with
# another window rule) is embedded again by the next ingest, so its windows are there.
_WINDOWS_VERSION = "1"
# Part of a file's content hash, by suffix: how a document of that format is read. A document
# stored by an earlier reader is read again by the next ingest. PDF 2: PDFium's text, page
# furniture left out, outline headings as sections; 3: paragraphs told by their short last
# lines; 4: without an outline, headings told by their larger type; 5: footnotes a block of
# their own; 6: wrapped lines reflowed into one; 7: a bullet line starts a sentence (the
# splitter's rule, for every format; Markdown and text files rarely print bullet glyphs, and
# are read again when they change); 8: a table of contents' entries without leader dots (beside
# dotted ones) and running headers numbered in Roman numerals left out; 9: a sentence a page
# break cuts runs on across it, the page's footnotes before it. DOCX 2: Word's heading
# styles as sections. Text 2: headings read from the layout as sections; 3: a numbered or "Q:"
# question of several sentences, on up to three lines, a heading.
_READER_VERSIONS = {".pdf": "9", ".docx": "2", ".txt": "3"}


# How much a chunk's section trail ("Chapter > Section") weighs in its vector, against its
# sentences' normalised mean (1.0 = as much). Fitted on the development corpora's fit
# split by scripts/fit_section_weight.py: mean recall@5 of hybrid retrieval 0.873 with
# no trail, 0.916 at 0.25 and 0.5, 0.921 at 0.75 and 1.0 (the smaller weight kept);
# test split 0.895 -> 0.905.
SECTION_WEIGHT = 0.75


def chunk_vector(sentence_vectors: np.ndarray, section_vector: np.ndarray | None, weight: float | None = None) -> np.ndarray:
    """A chunk's vector: the normalised mean of its sentences' vectors, plus its section trail's
    vector times ``weight`` (``SECTION_WEIGHT`` when None), normalised again."""
    weight = SECTION_WEIGHT if weight is None else weight
    mean = np.asarray(sentence_vectors, dtype=np.float32).mean(axis=0)
    vector = mean / max(float(np.linalg.norm(mean)), 1e-12)
    if section_vector is not None and weight:
        vector = vector + weight * np.asarray(section_vector, dtype=np.float32)
        vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
    return vector


@dataclass(frozen=True, kw_only=True, slots=True)
class _Pending:
    document: Document
    doc_hash: str
    chunks: list[Chunk]
    sentences: list[tuple[str, SentenceSpan]]
    existed: bool
    has_record: bool  # anything stored for the source, even a half-written (pending) document


def _batches(chunks: Iterator[Chunk]) -> Iterator[list[Chunk]]:
    """``chunks`` in batches of ``STREAM_CHUNKS`` chunks or ``_PROGRESS_SLICE`` sentences,
    whichever comes first (progress is reported between batches)."""
    batch: list[Chunk] = []
    sentences = 0
    for chunk in chunks:
        batch.append(chunk)
        sentences += len(chunk.sentences)
        if len(batch) >= STREAM_CHUNKS or sentences >= _PROGRESS_SLICE:
            yield batch
            batch, sentences = [], 0
    if batch:
        yield batch


class _Meter:
    """Progress across one run: chunks written, and chunks known to be still to write."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0
        self.waiting = 0  # chunks of loaded documents not yet written

    def report(self, source: str, *, ahead: int = 0) -> None:
        """Report ``done`` of ``done + waiting + ahead`` (``ahead``: the estimated rest of the
        document being streamed)."""
        if self.progress is not None:
            self.progress(self.done, self.done + self.waiting + ahead, source)


class Ingestor:
    """Builds and maintains the index for one corpus folder."""

    def __init__(
        self,
        *,
        store: IndexWriter,
        embedder: Embedder,
        loader: Loader,
        corpus_dir: Path,
        lock_path: Path,
        chunk_size: int,
        chunk_overlap: int,
        sentence_id: Callable[[str, int, int], str],
        lock_timeout: float = 60.0,
        windows: WindowSpans | None = None,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._loader = loader
        self._corpus_dir = corpus_dir
        self._lock_path = lock_path
        self._chunk_size = chunk_size
        self._chunk_overlap = chunk_overlap
        self._sentence_id = sentence_id
        self._lock_timeout = lock_timeout
        self._windows = windows

    # -- locking ---------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a+") as handle:
            deadline = time.monotonic() + self._lock_timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusyError(
                            "Another ingest is running on this index",
                            hint="wait for it to finish, then run `assistant ingest` again",
                        ) from None
                    time.sleep(0.2)
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(str(os.getpid()))
                handle.flush()
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _hash_file(self, path: Path) -> str | None:
        """The content hash of ``path``, read in blocks; None (nothing read) when the file is
        larger than any loader accepts, so the loader's own refusal names the size."""
        if os.stat(path).st_size > MAX_FILE_BYTES:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as handle:
            read = 0
            while block := handle.read(1 << 20):
                read += len(block)
                if read > MAX_FILE_BYTES:  # it grew since stat()
                    return None
                h.update(block)
        reader = _READER_VERSIONS.get(path.suffix.lower())
        if reader:
            h.update(f"|reader {reader}".encode())
        return self._finish(h)

    def _finish(self, h: Any) -> str:
        h.update(
            f"|{self._embedder.model_id}|{self._chunk_size}|{self._chunk_overlap}|{_CHUNKER_VERSION}".encode()
            + (f"|section {SECTION_WEIGHT}".encode() if SECTION_WEIGHT else b"")
            + (f"|windows {_WINDOWS_VERSION}".encode() if self._windows is not None else b"")
        )
        return h.hexdigest()

    # -- the job ---------------------------------------------------------------------
    def run(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Sync ``paths`` (or the whole corpus folder when None) into the index."""
        began = time.perf_counter()
        meter = _Meter(progress)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._locked(), self._store.writing():
            if rebuild:
                self._store.reset()
            records = self._store.records()
            files, skipped_list = self._loader.discover(self._corpus_dir, paths)
            skipped = list(skipped_list)
            unchanged: list[str] = []
            seen: set[str] = set()
            pending: list[_Pending] = []
            streamed: list[tuple[str, bool]] = []  # (source, existed) of documents written in batches
            for path in files:
                source = self._loader.source_name(path, self._corpus_dir)
                seen.add(source)
                try:
                    doc_hash = self._hash_file(path)
                except OSError as exc:
                    skipped.append(SkippedFile(source=source, reason=f"cannot read: {exc.strerror or exc}"))
                    continue
                record = records.get(source)
                if doc_hash and record is not None and record.status == "complete" and record.doc_hash == doc_hash:
                    unchanged.append(source)
                    continue
                try:
                    document = self._loader.load(path, corpus_dir=self._corpus_dir)
                except LoaderError as exc:
                    skipped.append(SkippedFile(source=source, reason=exc.message))
                    continue
                if doc_hash is None:  # grew past the limit between the two looks
                    skipped.append(SkippedFile(source=source, reason="file too large"))
                    continue
                cut = iter_chunks(document, size=self._chunk_size, overlap=self._chunk_overlap)
                chunks = list(itertools.islice(cut, STREAM_CHUNKS + 1))
                if not chunks:
                    skipped.append(SkippedFile(source=source, reason="no text to index"))
                    continue
                if len(chunks) > STREAM_CHUNKS:
                    self._stream(
                        document, doc_hash, itertools.chain(chunks, cut), replace=record is not None, now=now, meter=meter
                    )
                    streamed.append((source, record is not None and record.status == "complete"))
                    continue
                spans: dict[tuple[int, int], SentenceSpan] = {}
                for chunk in chunks:
                    for s in chunk.sentences:
                        spans.setdefault((s.start, s.end), s)
                sentences = [(self._sentence_id(source, a, b), span) for (a, b), span in sorted(spans.items())]
                meter.waiting += len(chunks)
                pending.append(
                    _Pending(
                        document=document,
                        doc_hash=doc_hash,
                        chunks=chunks,
                        sentences=sentences,
                        existed=record is not None and record.status == "complete",
                        has_record=record is not None,
                    )
                )

            removed: list[str] = []
            deleted = 0
            skipped_sources = {s.source for s in skipped}
            if paths is None:
                for source, record in records.items():
                    if source not in seen:
                        deleted += self._store.delete_source(source)
                        removed.append(source)
                    elif record.status != "complete" and source in skipped_sources:
                        # A half-written document whose file is now unreadable: drop the debris.
                        deleted += self._store.delete_source(source)
                        removed.append(source)

            self._embed_and_write(pending, meter, now)
            return IngestReport(
                added=tuple(
                    [*(s for s, existed in streamed if not existed), *(p.document.source for p in pending if not p.existed)]
                ),
                updated=tuple(
                    [*(s for s, existed in streamed if existed), *(p.document.source for p in pending if p.existed)]
                ),
                removed=tuple(removed),
                unchanged=tuple(unchanged),
                skipped=tuple(skipped),
                chunks_embedded=meter.done,
                chunks_deleted=deleted,
                seconds=time.perf_counter() - began,
            )

    def _embed_reporting(self, texts: list[str], group: list[_Pending], meter: _Meter) -> np.ndarray:
        """Embed ``texts`` in slices, reporting progress between them: a single large document
        takes minutes to embed, and its progress must show while it does."""
        if len(texts) <= _PROGRESS_SLICE or meter.progress is None:
            return np.asarray(self._embedder.embed_array(texts))
        parts: list[np.ndarray] = []
        chunks = sum(len(p.chunks) for p in group)
        for start in range(0, len(texts), _PROGRESS_SLICE):
            parts.append(np.asarray(self._embedder.embed_array(texts[start : start + _PROGRESS_SLICE])))
            embedded = min(len(texts), start + _PROGRESS_SLICE)
            # Embedding is nearly all of the time: count the group's chunks as done in proportion.
            # (The last step, done + chunks, is reported once the group is written.)
            shown = min(chunks - 1, chunks * embedded // len(texts))
            meter.progress(meter.done + shown, meter.done + meter.waiting, group[-1].document.source)
        return np.concatenate(parts)

    def _window_spans(self, sentences: Iterable[SentenceSpan]) -> list[SentenceSpan]:
        """The clause windows of ``sentences`` as spans of the document, each once, none of
        them a sentence itself (sentences do not overlap, so a window can only repeat its own
        sentence or another window of it)."""
        if self._windows is None:
            return []
        out: list[SentenceSpan] = []
        for span in sentences:
            taken = {(span.start, span.end)}
            for a, b in self._windows(span.text):
                key = (span.start + a, span.start + b)
                if key not in taken:
                    taken.add(key)
                    out.append(SentenceSpan(start=key[0], end=key[1], text=span.text[a:b]))
        return out

    def _embed_and_write(self, pending: list[_Pending], meter: _Meter, now: str) -> None:
        # Embed sentences in large batches across documents; a chunk's vector is
        # the normalised mean of its sentences' vectors, so each text is embedded once.
        group: list[_Pending] = []
        size = 0
        for item in [*pending, None]:
            if item is not None:
                group.append(item)
                size += len(item.sentences)
                if size < _EMBED_BATCH_SENTENCES:
                    continue
            if not group:
                continue
            texts = [span.text for p in group for _, span in p.sentences]
            sections = [c.section for p in group for c in p.chunks if c.section] if SECTION_WEIGHT else []
            windows = [self._window_spans(span for _, span in p.sentences) for p in group]
            # Identical sentences (boilerplate, repeated headings) are embedded once per batch,
            # in the same model call as the section trails and the clause windows.
            distinct = list(dict.fromkeys([*texts, *sections, *(w.text for spans in windows for w in spans)]))
            embedded = self._embed_reporting(distinct, group, meter)
            row_of = {text: i for i, text in enumerate(distinct)}
            vectors = embedded[[row_of[t] for t in texts]]
            offset = 0
            writes: list[DocWrite] = []
            for p, spans in zip(group, windows, strict=True):
                n = len(p.sentences)
                sent_vecs = vectors[offset : offset + n]
                offset += n
                row = {span_id: i for i, (span_id, _) in enumerate(p.sentences)}
                chunk_vecs = np.zeros((len(p.chunks), sent_vecs.shape[1]), dtype=np.float32)
                for ci, chunk in enumerate(p.chunks):
                    rows = [row[self._sentence_id(chunk.source, s.start, s.end)] for s in chunk.sentences]
                    section = embedded[row_of[chunk.section]] if SECTION_WEIGHT and chunk.section else None
                    chunk_vecs[ci] = chunk_vector(sent_vecs[rows], section)
                writes.append(
                    DocWrite(
                        document=p.document,
                        doc_hash=p.doc_hash,
                        chunks=p.chunks,
                        chunk_vectors=chunk_vecs,
                        # The clause windows are stored as sentences are, by their offsets.
                        sentences=[*p.sentences, *((self._sentence_id(p.document.source, w.start, w.end), w) for w in spans)],
                        sentence_vectors=np.concatenate([sent_vecs, embedded[[row_of[w.text] for w in spans]]])
                        if spans
                        else sent_vecs,
                        replace=p.has_record,
                    )
                )
            # One write per group: a handful of store calls instead of several per document.
            self._store.write_documents(writes, now)
            for p in group:
                meter.done += len(p.chunks)
                meter.waiting -= len(p.chunks)
                meter.report(p.document.source)
            group, size = [], 0

    def _stream(
        self, document: Document, doc_hash: str, chunks: Iterator[Chunk], *, replace: bool, now: str, meter: _Meter
    ) -> None:
        """Embed and write a large document ``STREAM_CHUNKS`` chunks at a time.

        Held at once: the document's text (as loaded; citations index it), one batch of chunks
        and their vectors, and the vectors of the previous batch's last chunk (the next chunk
        may repeat its sentences as overlap). Each sentence is embedded and stored once.
        """
        source = document.source
        length = max(1, len(document.text))
        written = 0
        carried: dict[tuple[int, int], np.ndarray] = {}
        with self._store.write_in_parts(document, doc_hash, replace=replace, now=now) as writer:
            batches = _batches(chunks)
            batch = next(batches, [])
            while batch:
                new: dict[tuple[int, int], SentenceSpan] = {}
                for chunk in batch:
                    for span in chunk.sentences:
                        key = (span.start, span.end)
                        if key not in carried:
                            new.setdefault(key, span)
                sections = [c.section for c in batch if c.section] if SECTION_WEIGHT else []
                windows = self._window_spans(new.values())
                distinct = list(
                    dict.fromkeys([*(span.text for span in new.values()), *sections, *(w.text for w in windows)])
                )
                embedded = np.asarray(self._embedder.embed_array(distinct))
                row_of = {text: i for i, text in enumerate(distinct)}
                vector_of = {key: embedded[row_of[span.text]] for key, span in new.items()}
                vector_of.update(carried)
                chunk_vecs = np.zeros((len(batch), embedded.shape[1]), dtype=np.float32)
                for ci, chunk in enumerate(batch):
                    rows = np.stack([vector_of[(s.start, s.end)] for s in chunk.sentences])
                    section = embedded[row_of[chunk.section]] if SECTION_WEIGHT and chunk.section else None
                    chunk_vecs[ci] = chunk_vector(rows, section)
                sentences = [(self._sentence_id(source, a, b), span) for (a, b), span in new.items()]
                sentences += [(self._sentence_id(source, w.start, w.end), w) for w in windows]
                new_vecs = (
                    np.stack([*(vector_of[key] for key in new), *(embedded[row_of[w.text]] for w in windows)])
                    if sentences
                    else np.zeros((0, embedded.shape[1]), np.float32)
                )
                writer.add(batch, chunk_vecs, sentences, new_vecs)
                carried = {(s.start, s.end): vector_of[(s.start, s.end)] for s in batch[-1].sentences}
                written += len(batch)
                meter.done += len(batch)
                covered = max(1, batch[-1].end)
                batch = next(batches, [])
                if batch:  # the last batch is reported once the document is switched in
                    # The rest of the document at the characters-per-chunk seen so far.
                    ahead = max(1, math.ceil((length - covered) * written / covered))
                    meter.report(source, ahead=ahead)
        meter.report(source)
