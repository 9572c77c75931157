"""Structure-aware chunking with exact character offsets.

A document is split into blocks at headings and blank lines, blocks into
sentences, and sentences are packed into chunks of about ``size`` characters,
never cutting a sentence and never letting a chunk run across a heading (HTML
headings come from the markup, Markdown ones from the text, plain text's from its
layout). Each chunk keeps its section's heading trail (``Chunk.section``). Each
chunk repeats the last ``overlap`` sentences of the previous chunk in the same
section. ``chunk.text == document.text[chunk.start:chunk.end]`` always.

Hand-written rather than langchain-text-splitters because every chunk must keep
exact offsets and whole sentences, which the character splitters do not promise.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator

from ..text import sentence_spans
from ..types import Chunk, Document, PageSpan, SentenceSpan
from ._plaintext import SECTION_NUMBER

__all__ = ["chunk_document", "chunk_id", "iter_chunks"]

_HEADING = re.compile(r"^(#{1,6}\s+\S.*|[A-Z][^\n]{0,80}\n[=-]{3,})$", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")


def chunk_id(source: str, text: str, occurrence: int = 0) -> str:
    """Stable id from the source path and the chunk's content (and repeat count)."""
    digest = hashlib.sha256(f"{source}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return digest[:32]


def _headings(document: Document) -> list[tuple[int, int, int, str]]:
    """``(start, end, level, text)`` of every heading: the loader's (HTML markup) or, for
    Markdown and plain text, ATX (``## x``) and setext (underlined) headings."""
    text = document.text
    if document.headings:
        return [(h.start, h.end, h.level, " ".join(text[h.start : h.end].split())) for h in document.headings]
    found = []
    for m in _HEADING.finditer(text):
        line = m.group(0)
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            label = line.strip("#").strip()
        else:
            first, _, rule = line.partition("\n")
            level = 1 if rule.startswith("=") else 2
            label = first.strip()
        found.append((m.start(), m.end(), level, " ".join(label.split())))
    return found


def _sections(document: Document) -> list[tuple[int, int, str]]:
    """Spans of text between headings (a heading starts its own section), each with its
    heading trail ("Chapter > Section")."""
    text = document.text
    heads = sorted(h for h in _headings(document) if 0 <= h[0] < len(text))
    # A heading's section number, left out of the heading on its line ("40. Does zlib ...?"),
    # opens its section with it.
    heads = [(_line_start(text, h[0]), *h[1:]) for h in heads]
    cuts = sorted({0, len(text), *(h[0] for h in heads)})
    trail_at: dict[int, str] = {}
    stack: list[tuple[int, str]] = []
    for start, _, level, label in heads:
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, label))
        trail_at[start] = " > ".join(lab for _, lab in stack if lab)
    out = []
    trail = ""
    for a, b in zip(cuts, cuts[1:], strict=False):
        trail = trail_at.get(a, trail)
        if text[a:b].strip():
            out.append((a, b, trail))
    return out


_SECTION_NUMBER = re.compile(rf"[ \t]*{SECTION_NUMBER}[ \t]+")


def _line_start(text: str, at: int) -> int:
    """Where the line of a heading starting at ``at`` starts, when only a section number comes
    before it there; ``at`` otherwise."""
    start = text.rfind("\n", 0, at) + 1
    return start if start < at and _SECTION_NUMBER.fullmatch(text, start, at) else at


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
    return list(iter_chunks(document, size=size, overlap=overlap))


def iter_chunks(document: Document, *, size: int = 700, overlap: int = 1) -> Iterator[Chunk]:
    """The chunks of :func:`chunk_document`, one at a time and in order, so a large document
    is cut as it is embedded and never held as a list of chunks (or of their texts)."""
    limit = 2 * size
    text = document.text
    # Repeated chunk bodies are told apart by a count, kept by digest rather than by text.
    seen: Counter[bytes] = Counter()
    index = 0

    def make(sentences: list[SentenceSpan], trail: str) -> Chunk:
        nonlocal index
        start, end = sentences[0].start, sentences[-1].end
        body = text[start:end]
        digest = hashlib.sha256(body.encode()).digest()
        occurrence = seen[digest]
        seen[digest] += 1
        chunk = Chunk(
            id=chunk_id(document.source, body, occurrence),
            source=document.source,
            title=document.title,
            text=body,
            start=start,
            end=end,
            index=index,
            sentences=tuple(sentences),
            page=document.page_at(start),
            section=trail,
            pages=tuple(
                PageSpan(page=p.page, start=max(p.start, start), end=min(p.end, end))
                for p in document.pages
                if p.start < end and p.end > start
            ),
        )
        index += 1
        return chunk

    for sec_start, sec_end, trail in _sections(document):
        current: list[SentenceSpan] = []
        for b_start, b_end in _blocks(text, sec_start, sec_end):
            # A paragraph starts a fresh chunk once the current one is half full.
            if current and current[-1].end - current[0].start >= size // 2:
                yield make(current, trail)
                current = []
            for sentence in _bounded(text, sentence_spans(text, b_start, b_end), limit):
                if current and sentence.end - current[0].start > size:
                    yield make(current, trail)
                    keep = current[-overlap:] if overlap else []
                    # Overlap only while it leaves room for new text.
                    while keep and sentence.end - keep[0].start > size:
                        keep = keep[1:]
                    current = list(keep)
                current.append(sentence)
        if current:
            yield make(current, trail)
