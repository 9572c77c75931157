"""More of the last answer: what the text says next.

A reader who asks "Tell me more." after an answer wants the text that goes on from the
sentences they were shown, not the same answer again: the sentences after the last one quoted,
in the same section of the same document, quoted and cited as every answer is. When the section
ends there, the answer says so rather than repeating itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Answer, Chunk, Citation, Passage, SentenceSpan
from ._extractive import citation_for
from ._summary import prose_sentence

# How many sentences a request for more quotes at most: as many as one answer quotes.
MORE_SENTENCES = 3

NOTHING_MORE = "The sources say no more about this: the section ends with the last sentence quoted."


def continued(shown: Sequence[Citation], chunks: Sequence[Chunk], *, limit: int = MORE_SENTENCES) -> Answer | None:
    """The sentences of running prose (:func:`prose_sentence`) that follow the last of the
    ``shown`` text citations in their document (``chunks``: that document's chunks, in order),
    within the same section, that no citation already quotes: at most ``limit``, as a grounded
    answer. A grounded=False answer (:data:`NOTHING_MORE`) when the section ends there; None when
    the shown citations are not in ``chunks`` (the document changed or is another one)."""
    texts = [c for c in shown if c.kind == "text"]
    if not texts:
        return None
    source = texts[0].source
    mine = [c for c in texts if c.source == source]
    last = max(mine, key=lambda c: c.end)
    seen = {(c.start, c.end) for c in mine}
    at = next((i for i, chunk in enumerate(chunks) if chunk.source == source and chunk.start <= last.start < chunk.end), None)
    if at is None:
        return None
    section = chunks[at].section
    picked: list[tuple[Chunk, SentenceSpan]] = []
    for chunk in chunks[at:]:
        if chunk.section != section:
            break
        for span in chunk.sentences:
            if span.start < last.end or any(a < span.end and span.start < b for a, b in seen):
                continue
            if not prose_sentence(span.text):
                continue
            seen.add((span.start, span.end))  # a sentence in the overlap of two chunks comes once
            picked.append((chunk, span))
            if len(picked) >= limit:
                break
        if len(picked) >= limit:
            break
    if not picked:
        return Answer(text=NOTHING_MORE, grounded=False, mode="extractive")
    citations = tuple(
        citation_for(n, Passage(chunk=chunk, score=1.0, rank=1), span) for n, (chunk, span) in enumerate(picked, start=1)
    )
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    return Answer(text=text, grounded=True, mode="extractive", citations=citations)
