"""Structure-aware chunking with exact character offsets.

A document is split into blocks at headings and blank lines, blocks into
sentences, and sentences are packed into chunks of about ``size`` characters,
never cutting a sentence and never letting a chunk run across a heading. Each
chunk repeats the last ``overlap`` sentences of the previous chunk in the same
section. ``chunk.text == document.text[chunk.start:chunk.end]`` always.

Hand-written rather than langchain-text-splitters because every chunk must keep
exact offsets and whole sentences, which the character splitters do not promise.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from ..text import sentence_spans
from ..types import Chunk, Document, PageSpan, SentenceSpan

__all__ = ["chunk_document", "chunk_id"]

_HEADING = re.compile(r"^(#{1,6}\s+\S.*|[A-Z][^\n]{0,80}\n[=-]{3,})$", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")


def chunk_id(source: str, text: str, occurrence: int = 0) -> str:
    """Stable id from the source path and the chunk's content (and repeat count)."""
    digest = hashlib.sha256(f"{source}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return digest[:32]


def _sections(text: str) -> list[tuple[int, int]]:
    """Spans of text between headings (a heading starts its own section)."""
    cuts = sorted({0, len(text), *(m.start() for m in _HEADING.finditer(text))})
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    cursor = start
    for m in _BLANK.finditer(text, start, end):
        if text[cursor : m.start()].strip():
            blocks.append((cursor, m.start()))
        cursor = m.end()
    if text[cursor:end].strip():
        blocks.append((cursor, end))
    return blocks


def _bounded(text: str, sentences: list[SentenceSpan], limit: int) -> list[SentenceSpan]:
    """``sentences`` with every one longer than ``limit`` cut into pieces of at most ``limit``
    characters, at the last space before the limit when there is one. Text without sentence
    punctuation (a log, a table dump) would otherwise be one sentence, one chunk, one quote."""
    out: list[SentenceSpan] = []
    for sentence in sentences:
        if sentence.end - sentence.start <= limit:
            out.append(sentence)
            continue
        start = sentence.start
        while start < sentence.end:
            end = min(start + limit, sentence.end)
            if end < sentence.end:
                space = text.rfind(" ", start + limit // 2, end)
                end = space if space > start else end
            a, b = start, end
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(SentenceSpan(start=a, end=b, text=text[a:b]))
            start = end
    return out


def chunk_document(document: Document, *, size: int = 700, overlap: int = 1) -> list[Chunk]:
    """Split ``document`` into chunks of about ``size`` characters.

    A single sentence longer than ``size`` becomes a chunk of its own; one longer than
    ``2 * size`` is cut into pieces first, so no chunk (and no quote) is ever longer than that.
    """
    limit = 2 * size
    text = document.text
    groups: list[list[SentenceSpan]] = []
    for sec_start, sec_end in _sections(text):
        current: list[SentenceSpan] = []
        for b_start, b_end in _blocks(text, sec_start, sec_end):
            # A paragraph starts a fresh chunk once the current one is half full.
            if current and current[-1].end - current[0].start >= size // 2:
                groups.append(current)
                current = []
            for sentence in _bounded(text, sentence_spans(text, b_start, b_end), limit):
                if current and sentence.end - current[0].start > size:
                    groups.append(current)
                    keep = current[-overlap:] if overlap else []
                    # Overlap only while it leaves room for new text.
                    while keep and sentence.end - keep[0].start > size:
                        keep = keep[1:]
                    current = list(keep)
                current.append(sentence)
        if current:
            groups.append(current)

    chunks: list[Chunk] = []
    seen: Counter[str] = Counter()
    for index, sentences in enumerate(groups):
        start, end = sentences[0].start, sentences[-1].end
        body = text[start:end]
        occurrence = seen[body]
        seen[body] += 1
        chunks.append(
            Chunk(
                id=chunk_id(document.source, body, occurrence),
                source=document.source,
                title=document.title,
                text=body,
                start=start,
                end=end,
                index=index,
                sentences=tuple(sentences),
                page=document.page_at(start),
                pages=tuple(
                    PageSpan(page=p.page, start=max(p.start, start), end=min(p.end, end))
                    for p in document.pages
                    if p.start < end and p.end > start
                ),
            )
        )
    return chunks
