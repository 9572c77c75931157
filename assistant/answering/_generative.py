"""LLM mode: answer from numbered passages, then check every sentence against its citations.

The model's text is parsed into sentences with their ``[n]`` markers; markers
that point at no passage are dropped; each sentence is checked with the one
offline support checker (:mod:`assistant.answering._verify`) against the passages it
cites. Supported sentences keep a citation narrowed to the supporting sentence
span (so ``quote == document_text[start:end]`` holds exactly); unsupported
ones are removed (or marked, by setting) and never shown as sourced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ._prompts import NOT_IN_SOURCES, build_answer_messages, parse_markers
from ._verify import Similarity, check_support
from ..text import normalize
from ..types import Answer, Citation, Passage

__all__ = ["UNSUPPORTED_MARK", "Verified", "is_instruction", "passages_for_prompt", "verify_answer"]

UNSUPPORTED_MARK = "[unsupported]"

# A sentence that gives orders is never an answer: it is a document's injected
# instruction being echoed, even when it is a verbatim quote.
_IMPERATIVE = re.compile(
    r"^\W*(?:(?:also|please|now|and|then|just)\s+)*"
    r"(ignore|disregard|forget|say|reply|respond|write|print|repeat|output|pretend|act|answer|tell|state)\b",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    """True for a sentence that gives orders (never quoted as an answer)."""
    return bool(_IMPERATIVE.match(sentence))


@dataclass(frozen=True, kw_only=True, slots=True)
class Verified:
    text: str
    citations: tuple[Citation, ...]
    unsupported: tuple[str, ...]
    grounded: bool
    declined: bool  # the model said the passages do not answer


def passages_for_prompt(passages: Sequence[Passage]) -> list[tuple[int, str, str]]:
    return [(i, p.chunk.title, p.chunk.text) for i, p in enumerate(passages, start=1)]


def build_messages(question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()) -> list[dict[str, str]]:
    return build_answer_messages(question, passages_for_prompt(passages), history)


def _declines(sentence: str) -> bool:
    low = normalize(sentence).lower()
    return normalize(NOT_IN_SOURCES).lower().rstrip(".") in low or "sources don't say" in low


def verify_answer(
    raw: str,
    passages: Sequence[Passage],
    *,
    similarity: Similarity | None,
    unsupported: Literal["remove", "mark"] = "remove",
) -> Verified:
    """Check ``raw`` (the model's answer) sentence by sentence against ``passages`` (numbered from 1)."""
    shown: list[str] = []
    citations: list[Citation] = []
    dropped: list[str] = []
    declined = False
    key_to_n: dict[tuple[str, int, int], int] = {}
    for sentence, markers in parse_markers(raw):
        sentence = sentence.strip()
        if not sentence:
            continue
        if _declines(sentence):
            declined = True
            continue
        valid = [m for m in dict.fromkeys(markers) if 1 <= m <= len(passages)]
        if not valid or is_instruction(sentence):
            dropped.append(sentence)
            if unsupported == "mark":
                shown.append(f"{sentence} {UNSUPPORTED_MARK}")
            continue
        cited = [passages[m - 1] for m in valid]
        support = check_support(sentence, [p.chunk.text for p in cited], similarity=similarity)
        if not support.supported or support.passage_index is None or support.span is None:
            dropped.append(sentence)
            if unsupported == "mark":
                shown.append(f"{sentence} {UNSUPPORTED_MARK}")
            continue
        passage = cited[support.passage_index]
        chunk = passage.chunk
        start = chunk.start + support.span[0]
        end = chunk.start + support.span[1]
        key = (chunk.source, start, end)
        if key not in key_to_n:
            key_to_n[key] = len(key_to_n) + 1
            page, page_end = chunk.pages_of(start, end)
            citations.append(
                Citation(
                    n=key_to_n[key],
                    source=chunk.source,
                    title=chunk.title,
                    chunk_id=chunk.id,
                    start=start,
                    end=end,
                    quote=chunk.text[support.span[0] : support.span[1]],
                    page=page,
                    page_end=page_end,
                )
            )
        shown.append(f"{sentence} [{key_to_n[key]}]")
    grounded = bool(citations)
    return Verified(
        text=" ".join(shown),
        citations=tuple(citations),
        unsupported=tuple(dropped),
        grounded=grounded,
        declined=declined and not grounded,
    )


def to_answer(verified: Verified, passages: Sequence[Passage]) -> Answer:
    return Answer(
        text=verified.text,
        grounded=verified.grounded,
        mode="llm",
        citations=verified.citations,
        related=() if verified.grounded else tuple(passages[:3]),
        unsupported=verified.unsupported,
    )
