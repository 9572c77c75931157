"""Value types shared by every layer: frozen, keyword-only dataclasses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "Answer",
    "Chunk",
    "Citation",
    "DocWrite",
    "Document",
    "HeadingSpan",
    "Feedback",
    "IngestReport",
    "CitationKind",
    "Mode",
    "Outcome",
    "PageSpan",
    "Passage",
    "SentenceSpan",
    "SkippedFile",
    "SourceInfo",
    "Turn",
    "page_range",
    "reading_of",
]

Mode = Literal["extractive", "llm"]
# answered: the sources answer it; closest: related evidence that does not answer (shown as such);
# not_answered: the sources don't say.
Outcome = Literal["answered", "closest", "not_answered"]
CitationKind = Literal["text", "details"]
MetaValue = str | int | float | bool


@dataclass(frozen=True, kw_only=True, slots=True)
class PageSpan:
    """Characters ``[start, end)`` of a document's text came from page ``page`` (1-based)."""

    page: int
    start: int
    end: int


def page_range(pages: Sequence[PageSpan], start: int, end: int) -> tuple[int | None, int | None]:
    """The page of character ``start`` and, when ``[start, end)`` runs onto a later page, the
    page of its last character (else None). ``(None, None)`` without page spans.

    An offset between two pages (the break joining them) counts as the next page for a
    start and the previous page for an end, so a quote never names a page it has no text on.
    """
    first = next((span.page for span in pages if span.end > start), None)
    last = next((span.page for span in reversed(pages) if span.start < max(end, start + 1)), None)
    if first is None:
        return last, None
    return first, last if last is not None and last > first else None


@dataclass(frozen=True, kw_only=True, slots=True)
class HeadingSpan:
    """A heading of level ``level`` (1 = top) at characters ``[start, end)`` of a document's text."""

    level: int
    start: int
    end: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Document:
    """A loaded file: its plain text and metadata.

    ``source`` is the path relative to the corpus folder (posix separators) or,
    for files outside it, the absolute path. Citation offsets index ``text``.
    """

    source: str
    title: str
    text: str
    metadata: Mapping[str, MetaValue] = field(default_factory=dict)
    pages: tuple[PageSpan, ...] = ()
    # Headings the loader saw in the markup (HTML); Markdown headings are read from the text.
    headings: tuple[HeadingSpan, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page holding character ``offset``, for paged formats (PDF)."""
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        return None


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceSpan:
    """One sentence: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Chunk:
    """A passage of a document, ``text == document_text[start:end]``.

    ``id`` is stable: derived from the source path and the chunk's content. ``page`` is the
    page the chunk starts on; ``pages`` holds the document's page spans that overlap the
    chunk (absolute offsets, empty for documents without pages), so a quote inside the
    chunk can name its own page (:meth:`pages_of`).
    """

    id: str
    source: str
    title: str
    text: str
    start: int
    end: int
    index: int
    sentences: tuple[SentenceSpan, ...] = ()
    page: int | None = None
    # The heading trail of the section the chunk sits in, outermost first, joined by " > "
    # ("" before the first heading). A chunk never runs across a heading.
    section: str = ""
    pages: tuple[PageSpan, ...] = ()

    def pages_of(self, start: int, end: int) -> tuple[int | None, int | None]:
        """``(page, page_end)`` of the characters ``[start, end)`` (absolute offsets) of this
        chunk: see :func:`page_range`. A chunk stored without its page spans (an index built
        before they were kept) answers with the page it starts on."""
        if not self.pages:
            return self.page, None
        return page_range(self.pages, start, end)


@dataclass(frozen=True, kw_only=True, slots=True)
class DocWrite:
    """One document's records for an index write. ``chunk_vectors`` and ``sentence_vectors``
    are float arrays aligned with ``chunks`` and ``sentences``; ``replace`` deletes what was
    stored for the source first (skipped for sources never written)."""

    document: Document
    doc_hash: str
    chunks: Sequence[Chunk]
    chunk_vectors: Any
    sentences: Sequence[tuple[str, SentenceSpan]]
    sentence_vectors: Any
    replace: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Passage:
    """A retrieved chunk with its fused score and 1-based rank."""

    chunk: Chunk
    score: float
    rank: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Citation:
    """One ``[n]`` marker of an answer.

    Contract for ``kind == "text"``: ``quote == document_text[start:end]`` for the document
    at ``source``; a citation for which that does not hold is a bug. A ``"details"``
    citation cites a document detail from its metadata (title, authors, publisher, date):
    ``field`` names it, ``quote`` is its value and ``start == end == 0``.
    ``page`` is the page of the quote's start and ``page_end`` that of its end when the
    quote crosses a page break (None for documents without pages).
    """

    n: int
    source: str
    title: str
    chunk_id: str
    start: int
    end: int
    quote: str
    page: int | None = None
    page_end: int | None = None
    kind: CitationKind = "text"
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("page", "page_end", "field"):
            if data[key] is None:
                del data[key]
        return data


def reading_of(question: str, resolved: str) -> str | None:
    """``resolved`` when it says more than ``question`` (not just other case or punctuation)."""
    def words(text: str) -> list[str]:
        return "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()

    return resolved if question and resolved and words(question) != words(resolved) else None


@dataclass(frozen=True, kw_only=True, slots=True)
class Answer:
    """An answer with its citations.

    ``outcome`` is one of three: ``answered``; ``closest`` (the citations are the closest
    the sources come, related evidence that does not answer); ``not_answered``.
    ``grounded`` is true only for ``answered`` (when ``outcome`` is not given it follows
    ``grounded``). When not answered, ``related`` holds the closest passages (not sources).
    ``notice`` carries a one-line remark for the user, such as why the LLM mode fell back.
    """

    text: str
    grounded: bool
    mode: Mode
    citations: tuple[Citation, ...] = ()
    related: tuple[Passage, ...] = ()
    session: str | None = None
    question: str = ""
    resolved_question: str = ""
    notice: str | None = None
    unsupported: tuple[str, ...] = ()
    outcome: Outcome | None = None

    def __post_init__(self) -> None:
        if self.outcome is None:
            object.__setattr__(self, "outcome", "answered" if self.grounded else "not_answered")
        elif self.grounded != (self.outcome == "answered"):
            raise ValueError(f"grounded={self.grounded} contradicts outcome={self.outcome!r}")

    @property
    def read_as(self) -> str | None:
        """The question as it was answered, when that differs from what was typed (a resolved
        follow-up, a ranked author named): front doors show it so the reading can be checked."""
        return reading_of(self.question, self.resolved_question)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of an answer (stable contract)."""
        return {
            "answer": self.text,
            "grounded": self.grounded,
            "outcome": self.outcome,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "session": self.session,
            "question": self.question,
            "resolved_question": self.resolved_question,
            "notice": self.notice,
            "unsupported": list(self.unsupported),
            "related": [
                {
                    "source": p.chunk.source,
                    "title": p.chunk.title,
                    "chunk_id": p.chunk.id,
                    "start": p.chunk.start,
                    "end": p.chunk.end,
                    "text": p.chunk.text,
                    "score": round(p.score, 6),
                }
                for p in self.related
            ],
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class SkippedFile:
    source: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class IngestReport:
    """What an ingest did: sources per outcome, chunk counts, skipped files with reasons."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped "
            f"({self.chunks_embedded} {'chunk' if self.chunks_embedded == 1 else 'chunks'} embedded, "
            f"{self.chunks_deleted} deleted, {self.seconds:.1f}s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "updated": list(self.updated),
            "removed": list(self.removed),
            "unchanged": list(self.unchanged),
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "chunks_embedded": self.chunks_embedded,
            "chunks_deleted": self.chunks_deleted,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class SourceInfo:
    """An indexed document as listed by ``Assistant.sources()``."""

    source: str
    title: str
    chunks: int
    ingested_at: str
    metadata: Mapping[str, MetaValue] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class Turn:
    """One message of a conversation; assistant turns keep their answer's dict."""

    role: Literal["user", "assistant"]
    content: str
    resolved: str = ""
    answer: Mapping[str, Any] | None = None
    created_at: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Feedback:
    """A reader's rating of one answer: ``turn`` counts the session's answers from 0."""

    session_id: str
    turn: int
    rating: Literal["up", "down"]
    comment: str
    question: str
    answer: Mapping[str, Any]
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        """One JSONL line of the export: enough to become an eval case."""
        return {
            "session_id": self.session_id,
            "turn": self.turn,
            "rating": self.rating,
            "comment": self.comment,
            "question": self.question,
            "answer": self.answer.get("answer", ""),
            "outcome": self.answer.get("outcome"),
            "citations": list(self.answer.get("citations") or []),
            "created_at": self.created_at,
        }
