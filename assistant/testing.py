"""Test doubles that ship with the package: typed, deterministic, no ONNX model, no Chroma,
no network.

* :class:`ScriptedChatModel`: a :class:`~assistant.protocols.ChatClient` that returns the
  replies it was given, records every request, streams, fails in each way the real
  client reports (:func:`fail`), and takes its time when told (:func:`slow`: past the
  call's ``deadline`` it times out, as the real client does).
* :class:`JudgingChatModel`: a scripted model that also answers judge requests (the JSON
  claims of :mod:`assistant.answering._judge`) by replaying recorded verdicts.
* :class:`HashingEmbedder`: an :class:`~assistant.protocols.Embedder` from hashed words and
  character trigrams (same text, same vector; shared words, higher cosine).
* :class:`InMemoryStore`: a :class:`~assistant.protocols.Store` in dictionaries.

>>> from assistant import Assistant, Settings
>>> from assistant.testing import HashingEmbedder, InMemoryStore, ScriptedChatModel
>>> model = ScriptedChatModel(["The study was written by Ada [1]."])
>>> assistant = Assistant(Settings(corpus_dir="corpus"), embedder=HashingEmbedder(),
...                       store=InMemoryStore(), llm=model)            # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .errors import LLMConnectionError, LLMError, LLMResponseError, LLMStatusError, LLMTimeoutError
from .types import Chunk, Document, DocWrite, SentenceSpan

__all__ = [
    "Failure",
    "HashingEmbedder",
    "InMemoryStore",
    "JudgingChatModel",
    "Request",
    "ScriptedChatModel",
    "Slow",
    "StoredRecord",
    "fail",
    "slow",
]

FailureKind = Literal["timeout", "connection", "status", "malformed"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Failure:
    """A scripted failure: raised instead of a reply (``after`` stream pieces, if streaming)."""

    kind: FailureKind
    status_code: int = 503
    after: int = 0

    def error(self) -> LLMError:
        if self.kind == "timeout":
            return LLMTimeoutError("The language model did not answer within 1s", hint="raise ASSISTANT_LLM_DEADLINE")
        if self.kind == "connection":
            return LLMConnectionError("Cannot connect to the language model at http://127.0.0.1:9", hint="start it")
        if self.kind == "status":
            return LLMStatusError(
                f"The language model answered HTTP {self.status_code}", status_code=self.status_code
            )
        return LLMResponseError("The language model's response could not be parsed")


def fail(kind: FailureKind, *, status_code: int = 503, after: int = 0) -> Failure:
    """A scripted failure for :class:`ScriptedChatModel` (``after``: stream pieces sent first)."""
    return Failure(kind=kind, status_code=status_code, after=after)


@dataclass(frozen=True, kw_only=True, slots=True)
class Slow:
    """A scripted reply (or failure) that takes ``seconds`` to arrive."""

    reply: str | Failure
    seconds: float


def slow(reply: str | Failure, seconds: float) -> Slow:
    """``reply`` after ``seconds``; a call whose ``deadline`` option is shorter times out at its deadline."""
    return Slow(reply=reply, seconds=seconds)


def _wait(reply: str | Failure | Slow, options: dict[str, Any]) -> str | Failure:
    """Sleep as a :class:`Slow` reply says, timing out at the call's ``deadline`` as the real client does."""
    if not isinstance(reply, Slow):
        return reply
    deadline = options.get("deadline")
    if deadline is not None and reply.seconds > float(deadline):
        time.sleep(max(0.0, float(deadline)))
        raise LLMTimeoutError(
            f"The language model did not finish within the {float(deadline):g} s deadline",
            hint="raise ASSISTANT_LLM_DEADLINE",
        )
    time.sleep(reply.seconds)
    return reply.reply


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """One recorded call: the messages sent, the options, and whether it streamed."""

    messages: tuple[dict[str, str], ...]
    options: dict[str, Any]
    stream: bool


class ScriptedChatModel:
    """Returns the given replies in order (the last one repeats), records each request.

    A reply is a string, a :class:`Failure` to raise, or a :class:`Slow` one. ``stream``
    yields a reply in word-sized pieces. Satisfies :class:`~assistant.protocols.ChatClient`.
    """

    def __init__(self, replies: Sequence[str | Failure | Slow], *, reachable: bool = True) -> None:
        if not replies:
            raise ValueError("give at least one reply")
        self.replies = list(replies)
        self.requests: list[Request] = []
        self.reachable = reachable
        self.closed = False
        self._lock = threading.Lock()

    def _next(self, messages: Sequence[Any], options: dict[str, Any], stream: bool) -> str | Failure | Slow:
        with self._lock:
            self.requests.append(
                Request(messages=tuple(dict(m) for m in messages), options=dict(options), stream=stream)
            )
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def complete(self, messages: Sequence[Any], **options: Any) -> str:
        reply = _wait(self._next(messages, options, False), options)
        if isinstance(reply, Failure):
            raise reply.error()
        return reply

    def stream(self, messages: Sequence[Any], **options: Any) -> Iterator[str]:
        reply = self._next(messages, options, True)
        return self._pieces(reply, options)

    @staticmethod
    def _pieces(reply: str | Failure | Slow, options: dict[str, Any]) -> Iterator[str]:
        reply = _wait(reply, options)
        if isinstance(reply, Failure):
            for i in range(reply.after):
                yield f"piece{i} "
            raise reply.error()
        yield from re.findall(r"\S+\s*|\s+", reply)

    def ping(self) -> bool:
        return self.reachable

    def close(self) -> None:
        self.closed = True


_CLAIM_LINE = re.compile(r'^\{"claim": .*\}$', re.MULTILINE)


class JudgingChatModel(ScriptedChatModel):
    """A scripted model that also judges: a request holding the judge's claims (one JSON
    object a line, ``{"claim": n, "passages": [...], "sentence": "..."}``) gets a JSON reply
    with the verdict recorded for each sentence in ``verdicts`` (sentence -> ``"supported"``,
    or ``{"verdict": ..., "span": ...}``); sentences not recorded get ``default`` (omitted
    when None). ``judge_reply`` replaces the whole judge reply (a :class:`Failure`, a
    :class:`Slow` one, or raw text). Other requests get the scripted ``replies``.
    """

    def __init__(
        self,
        replies: Sequence[str | Failure | Slow] = ("The sources do not say.",),
        *,
        verdicts: Mapping[str, str | Mapping[str, str]] | None = None,
        default: str | None = "supported",
        judge_reply: str | Failure | Slow | None = None,
    ) -> None:
        super().__init__(replies)
        self.verdicts = {" ".join(k.split()): v for k, v in (verdicts or {}).items()}
        self.default = default
        self.judge_reply = judge_reply
        self.judged: list[list[str]] = []  # the sentences of each judge request

    def complete(self, messages: Sequence[Any], **options: Any) -> str:
        content = str(messages[-1]["content"]) if messages else ""
        claims = [json.loads(line) for line in _CLAIM_LINE.findall(content)]
        if not claims:
            return super().complete(messages, **options)
        with self._lock:
            self.requests.append(Request(messages=tuple(dict(m) for m in messages), options=dict(options), stream=False))
            self.judged.append([str(c.get("sentence", "")) for c in claims])
        if self.judge_reply is not None:
            reply = _wait(self.judge_reply, options)
            if isinstance(reply, Failure):
                raise reply.error()
            return reply
        out = []
        for claim in claims:
            recorded = self.verdicts.get(" ".join(str(claim.get("sentence", "")).split()), self.default)
            if recorded is None:
                continue
            verdict = {"verdict": recorded, "span": ""} if isinstance(recorded, str) else dict(recorded)
            out.append({"claim": claim["claim"], **verdict})
        return json.dumps({"verdicts": out}, ensure_ascii=False)


class HashingEmbedder:
    """Deterministic unit vectors from hashed lower-cased words and character trigrams.

    Each word adds its own feature (weight 2) and its character trigrams (weight 1) at hashed
    positions with hashed signs. A word's contributions are computed once per embedder and
    reused (the sums are small integers, so the order they are added in changes nothing).
    """

    def __init__(self, dimensions: int = 256) -> None:
        self._dimensions = dimensions
        self._words: dict[str, tuple[list[int], list[float]]] = {}

    @property
    def model_id(self) -> str:
        return f"hashing-{self._dimensions}"

    @property
    def dimensions(self) -> int:
        return self._dimensions

    def _slot(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "little") % self._dimensions
        return index, 1.0 if digest[4] & 1 else -1.0

    def _word(self, word: str) -> tuple[list[int], list[float]]:
        """The positions and signed weights a word adds: its own feature, then its trigrams."""
        known = self._words.get(word)
        if known is None:
            index, sign = self._slot(f"w:{word}")
            indices, weights = [index], [2.0 * sign]
            padded = f"#{word}#"
            for i in range(max(1, len(padded) - 2)):
                index, sign = self._slot(f"c:{padded[i : i + 3]}")
                indices.append(index)
                weights.append(sign)
            known = self._words[word] = (indices, weights)
        return known

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self._dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            indices: list[int] = []
            weights: list[float] = []
            for word in re.findall(r"\w+", text.lower()):
                i, w = self._word(word)
                indices += i
                weights += w
            if indices:
                out[row] = np.bincount(indices, weights=weights, minlength=self._dimensions)
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm > 0 else 1.0 / np.sqrt(self._dimensions)
        return out


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredRecord:
    """A document record as :meth:`InMemoryStore.records` returns it (the fields ingest reads)."""

    source: str
    title: str
    doc_hash: str
    status: str
    chunks: int
    ingested_at: str
    metadata: dict[str, Any] = field(default_factory=dict)


class _InMemoryParts:
    """:meth:`InMemoryStore.write_in_parts`: batches kept until the exit writes them at once."""

    def __init__(self, store: InMemoryStore, document: Document, doc_hash: str, *, replace: bool, now: str) -> None:
        self._store = store
        self._document = document
        self._doc_hash = doc_hash
        self._replace = replace
        self._now = now
        self._chunks: list[Chunk] = []
        self._chunk_vectors: list[np.ndarray] = []
        self._sentences: list[tuple[str, SentenceSpan]] = []
        self._sentence_vectors: list[np.ndarray] = []

    def __enter__(self) -> _InMemoryParts:
        return self

    def add(
        self,
        chunks: Sequence[Chunk],
        chunk_vectors: Any,
        sentences: Sequence[tuple[str, SentenceSpan]],
        sentence_vectors: Any,
    ) -> None:
        self._chunks.extend(chunks)
        self._chunk_vectors.extend(np.asarray(chunk_vectors, dtype=np.float32))
        self._sentences.extend(sentences)
        self._sentence_vectors.extend(np.asarray(sentence_vectors, dtype=np.float32))

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if kind is not None:
            return
        self._store.write_documents(
            [
                DocWrite(
                    document=self._document,
                    doc_hash=self._doc_hash,
                    chunks=self._chunks,
                    chunk_vectors=np.stack(self._chunk_vectors),
                    sentences=self._sentences,
                    sentence_vectors=np.stack(self._sentence_vectors),
                    replace=self._replace,
                )
            ],
            self._now,
        )


class InMemoryStore:
    """The index in dictionaries; thread-safe. Satisfies :class:`~assistant.protocols.Store`."""

    location = "memory"

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._records: dict[str, StoredRecord] = {}
        self._documents: dict[str, Document] = {}
        self._chunks: dict[str, Chunk] = {}
        self._chunk_vectors: dict[str, np.ndarray] = {}
        self._sentences: dict[str, tuple[str, np.ndarray]] = {}
        self._sentence_ids: dict[tuple[str, int, int], str] = {}
        self._revision = uuid.uuid4().hex[:16]
        self.closed = False

    def _bump(self) -> None:
        self._revision = uuid.uuid4().hex[:16]

    # -- writes ----------------------------------------------------------------------
    def write_documents(self, items: Sequence[DocWrite], now: str) -> None:
        with self._lock:
            for item in items:
                source = item.document.source
                if item.replace:
                    self._delete_parts(source)
                for (sid, span), vec in zip(item.sentences, item.sentence_vectors, strict=True):
                    self._sentences[sid] = (source, np.asarray(vec, dtype=np.float32))
                    self._sentence_ids[(source, span.start, span.end)] = sid
                for chunk, vec in zip(item.chunks, item.chunk_vectors, strict=True):
                    self._chunks[chunk.id] = chunk
                    self._chunk_vectors[chunk.id] = np.asarray(vec, dtype=np.float32)
                self._documents[source] = item.document
                self._records[source] = StoredRecord(
                    source=source,
                    title=item.document.title,
                    doc_hash=item.doc_hash,
                    status="complete",
                    chunks=len(item.chunks),
                    ingested_at=now,
                    metadata=dict(item.document.metadata),
                )
            self._bump()

    def write_in_parts(self, document: Document, doc_hash: str, *, replace: bool, now: str) -> _InMemoryParts:
        """Batches are gathered and written as one document on a clean exit."""
        return _InMemoryParts(self, document, doc_hash, replace=replace, now=now)

    def _delete_parts(self, source: str) -> int:
        ids = [cid for cid, chunk in self._chunks.items() if chunk.source == source]
        for cid in ids:
            del self._chunks[cid]
            del self._chunk_vectors[cid]
        for sid in [sid for sid, (src, _) in self._sentences.items() if src == source]:
            del self._sentences[sid]
        return len(ids)

    def delete_source(self, source: str) -> int:
        with self._lock:
            removed = self._delete_parts(source)
            self._records.pop(source, None)
            self._documents.pop(source, None)
            self._bump()
            return removed

    def writing(self) -> AbstractContextManager[None]:
        """Always allowed: the index lives in this process only."""
        return nullcontext()

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            self._documents.clear()
            self._chunks.clear()
            self._chunk_vectors.clear()
            self._sentences.clear()
            self._sentence_ids.clear()
            self._bump()

    # -- reads -----------------------------------------------------------------------
    def records(self) -> dict[str, StoredRecord]:
        with self._lock:
            return dict(self._records)

    def revision(self) -> str:
        return self._revision

    def count(self) -> int:
        return len(self._chunks)

    def document(self, source: str) -> Document | None:
        return self._documents.get(source)

    def dense_search(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        with self._lock:
            if k <= 0 or not self._chunks:
                return []
            ids = list(self._chunk_vectors)
            scores = np.stack([self._chunk_vectors[i] for i in ids]) @ np.asarray(vector, dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: (-float(scores[i]), ids[i]))[:k]
        return [(ids[i], float(scores[i])) for i in order]

    def dense_chunks(self, vector: Sequence[float], k: int) -> list[tuple[Chunk, float]]:
        with self._lock:
            return [(self._chunks[cid], score) for cid, score in self.dense_search(vector, k)]

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        with self._lock:
            return [self._chunks[i] for i in ids if i in self._chunks]

    def chunks_with_vectors(self, ids: Sequence[str]) -> list[tuple[Chunk, np.ndarray]]:
        with self._lock:
            return [(self._chunks[i], self._chunk_vectors[i]) for i in ids if i in self._chunks]

    def next_chunk(self, chunk: Chunk) -> Chunk | None:
        with self._lock:
            return next(
                (c for c in self._chunks.values() if c.source == chunk.source and c.index == chunk.index + 1), None
            )

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, Any]:
        with self._lock:
            out: dict[str, Any] = {}
            for chunk in chunks:
                for span in chunk.sentences:
                    sid = self._sentence_ids.get((chunk.source, span.start, span.end))
                    if sid is not None and sid in self._sentences:
                        out[sid] = self._sentences[sid][1]
            return out

    def span_vectors(self, spans: Sequence[tuple[Chunk, int, int]]) -> dict[str, Any]:
        with self._lock:
            out: dict[str, Any] = {}
            for chunk, start, end in spans:
                sid = self._sentence_ids.get((chunk.source, start, end))
                if sid is not None and sid in self._sentences:
                    out[sid] = self._sentences[sid][1]
            return out

    def current_span_vectors(self, source: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Any]:
        with self._lock:
            out: dict[tuple[int, int], Any] = {}
            for start, end in spans:
                sid = self._sentence_ids.get((source, start, end))
                if sid is not None and sid in self._sentences:
                    out[(start, end)] = self._sentences[sid][1]
            return out

    def sentence_rows(self, chunks: Sequence[Chunk]) -> list[np.ndarray]:
        with self._lock:
            out = []
            for chunk in chunks:
                sids = [self._sentence_ids.get((chunk.source, s.start, s.end)) for s in chunk.sentences]
                rows = [self._sentences[sid][1] for sid in sids if sid is not None and sid in self._sentences]
                out.append(np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32))
            return out

    def all_chunks(self) -> tuple[list[str], list[str]]:
        with self._lock:
            ids = sorted(self._chunks)
            return ids, [self._chunks[i].text for i in ids]

    def close(self) -> None:
        self.closed = True
