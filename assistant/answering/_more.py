"""What a reader asks of the last answer: more of it, or where it comes from.

A reader who asks "Tell me more." after an answer wants the text that goes on from the
sentences they were shown, not the same answer again: the sentences after the last one quoted,
in the same section of the same document, quoted and cited as every answer is. When the section
ends there, the answer says so rather than repeating itself.

A reader who asks "Where does it say that?" wants the last answer's sources: each quote with the
document, section and page it is from, cited again, not a new search for the word "say".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..types import Answer, Chunk, Citation, Passage, SentenceSpan
from ._extractive import citation_for
from ._summary import prose_sentence

# How many sentences a request for more quotes at most: as many as one answer quotes.
MORE_SENTENCES = 3

NOTHING_MORE = "The sources say no more about this: the section ends with the last sentence quoted."
NOTHING_TO_GO_ON = "There is nothing to go on from: the last question was not answered from the sources."
SOURCES_CHANGED = "The document the last answer quoted has changed since: ask the question again to see what it says now."
NO_SOURCES = "The last answer quoted no source that answers it: the sources did not say."


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


def sources_of(answer: Answer | None, sections: Mapping[str, str]) -> Answer:
    """Where each quote of ``answer`` (the last answer, as it still stands) comes from: its
    document's title, its section (``sections``: chunk id to section), its page, and the quote,
    cited again. :data:`NO_SOURCES` (grounded=False) when it answered from none."""
    cited = list(answer.citations) if answer is not None and answer.grounded else []
    if not cited:
        return Answer(text=NO_SOURCES, grounded=False, mode="extractive")
    lines = []
    for c in cited:
        if c.kind != "text":
            lines.append(f"From the document details of “{c.title or c.source}” ({c.field}): {c.quote} [{c.n}]")
            continue
        where = [f"“{c.title or c.source}”"]
        if sections.get(c.chunk_id):
            where.append(f"section “{sections[c.chunk_id]}”")
        if c.page is not None:
            where.append(f"p. {c.page}" if c.page_end in (None, c.page) else f"pp. {c.page}–{c.page_end}")
        lines.append(f"From {', '.join(where)}: “{c.quote}” [{c.n}]")
    return Answer(text=" ".join(lines), grounded=True, mode="extractive", citations=tuple(cited))
