"""The extractive answerer over a few chunks, as the pipeline feeds it: retrieved passages in
order and every sentence's vector (for tests of answer selection without an index)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.answering import ExtractiveAnswerer, Selection
from assistant.answering._extractive import Candidate
from assistant.types import Answer, Chunk, Passage, SentenceSpan


def candidates_of(*texts: str) -> list[Candidate]:
    """One passage of ``texts``, each sentence a candidate in reading order (probability 0.5):
    for the rules that read candidates' text and order, not their scores."""
    spans: list[SentenceSpan] = []
    at = 0
    for t in texts:
        spans.append(SentenceSpan(start=at, end=at + len(t), text=t))
        at += len(t) + 1
    chunk = Chunk(id="c", source="a.md", title="A", text=" ".join(texts), start=0, end=at, index=0, sentences=tuple(spans))
    passage = Passage(chunk=chunk, score=1.0, rank=1)
    return [
        Candidate(passage=passage, sentence=s, sentence_id=str(i), cosine=0.5, local_cosine=0.5, coverage=0.5,
                  hard_misses=0, type_ok=True, score=0.5, probability=0.5, position=i)
        for i, s in enumerate(spans)
    ]


def _sid(source: str, start: int, end: int) -> str:
    return f"{source}:{start}:{end}"


@dataclass(frozen=True, kw_only=True)
class SelectionHarness:
    answerer: ExtractiveAnswerer
    passages: list[Passage]
    sentence_vectors: dict[str, np.ndarray]
    embedder: Any

    def _vector(self, question: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_array([question])[0])

    def select(self, question: str) -> Selection:
        return self.answerer.select(question, self._vector(question), self.passages, self.sentence_vectors)

    def answer(self, question: str) -> Answer:
        return self.answerer.answer(question, self._vector(question), self.passages, self.sentence_vectors)


def selection_harness(chunks: Sequence[Chunk], embedder: Any) -> SelectionHarness:
    """``chunks`` as passages ranked in their order, with every IDF 1."""
    passages = [Passage(chunk=c, score=1.0 / (i + 1), rank=i + 1) for i, c in enumerate(chunks)]
    spans = [(c.source, s) for c in chunks for s in c.sentences]
    vectors = embedder.embed_array([s.text for _, s in spans])
    sentence_vectors = {_sid(src, s.start, s.end): v for (src, s), v in zip(spans, vectors, strict=True)}
    answerer = ExtractiveAnswerer(
        idf=lambda term: 1.0, word_vectors=lambda words: embedder.embed_array(list(words)), sentence_id=_sid
    )
    return SelectionHarness(answerer=answerer, passages=passages, sentence_vectors=sentence_vectors, embedder=embedder)
