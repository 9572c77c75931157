"""Answering: pick the sentences that answer a question, or say the sources don't.

The extractive answerer quotes sentences verbatim from the retrieved passages, so
every claim is its own citation. It decides answerability from the best
sentence's embedding similarity to the question, how much of the question's
topic it covers (lexically, or through close word vectors), and whether it holds
the kind of answer asked for (a name for "who", a date for "when", ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .questions import QuestionInfo, analyze_question, has_answer_type, reason_cue
from .text import normalize, stem, tokens
from .types import Answer, Citation, Passage, SentenceSpan

__all__ = [
    "NOT_ANSWERED",
    "REFUSED_INSTRUCTION",
    "Candidate",
    "ExtractiveAnswerer",
    "Thresholds",
    "citation_for",
]

NOT_ANSWERED = "The sources don't say. The closest passages are listed below."
REFUSED_INSTRUCTION = (
    "I only answer questions from the documents, and I don't follow instructions given in a question. "
    "The sources don't say this."
)

WordVectors = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, kw_only=True, slots=True)
class Thresholds:
    """Answerability thresholds (tuned on the public gold set in ``evals/``)."""

    min_score: float = 0.45
    min_cosine: float = 0.1
    min_coverage: float = 0.6
    word_match: float = 0.6
    extra_margin: float = 0.1
    max_sentences: int = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    passage: Passage
    sentence: SentenceSpan
    sentence_id: str
    cosine: float
    coverage: float
    type_ok: bool
    score: float


def citation_for(n: int, passage: Passage, span: SentenceSpan) -> Citation:
    """A citation of ``span`` (absolute offsets) inside ``passage``'s document."""
    chunk = passage.chunk
    quote = chunk.text[span.start - chunk.start : span.end - chunk.start]
    return Citation(
        n=n,
        source=chunk.source,
        title=chunk.title,
        chunk_id=chunk.id,
        start=span.start,
        end=span.end,
        quote=quote,
        page=chunk.page,
    )


class ExtractiveAnswerer:
    """Answers from retrieved passages without any language model."""

    def __init__(
        self,
        *,
        idf: Callable[[str], float],
        word_vectors: WordVectors | None,
        sentence_id: Callable[[str, int, int], str],
        thresholds: Thresholds | None = None,
    ) -> None:
        self._idf = idf
        self._word_vectors = word_vectors
        self._sentence_id = sentence_id
        self.thresholds = thresholds or Thresholds()

    # -- scoring -------------------------------------------------------------------
    def _coverage(self, info: QuestionInfo, sentence: str, context: str) -> float:
        if not info.focus:
            return 1.0
        sent_tokens = [t for t in tokens(sentence)]
        sent_stems = {stem(t) for t in sent_tokens}
        ctx_stems = {stem(t) for t in tokens(context)}
        weights = [max(self._idf(f), 0.2) for f in info.focus]
        matched = [0.0] * len(info.focus)
        missing: list[int] = []
        for i, f in enumerate(info.focus):
            if f in sent_stems:
                matched[i] = 1.0
            elif len(f) >= 4 and any(t.endswith(f) for t in sent_stems):
                matched[i] = 0.9  # compounds: "strike" in "airstrikes"
            elif f in ctx_stems:
                matched[i] = 0.8
            else:
                missing.append(i)
        if missing and self._word_vectors is not None and sent_tokens:
            words = sorted({t for t in sent_tokens if len(t) > 2})
            if words:
                q_vecs = self._word_vectors([info.focus_words[i] for i in missing])
                s_vecs = self._word_vectors(words)
                sims = q_vecs @ s_vecs.T
                for row, i in enumerate(missing):
                    best = float(sims[row].max())
                    if best >= self.thresholds.word_match:
                        matched[i] = best
        return float(sum(w * m for w, m in zip(weights, matched, strict=True)) / sum(weights))

    def candidates(
        self,
        info: QuestionInfo,
        question_vector: np.ndarray,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, np.ndarray],
    ) -> list[Candidate]:
        seen: set[tuple[str, int, int]] = set()
        out: list[Candidate] = []
        for passage in passages:
            chunk = passage.chunk
            for span in chunk.sentences:
                key = (chunk.source, span.start, span.end)
                if key in seen:
                    continue
                seen.add(key)
                sid = self._sentence_id(chunk.source, span.start, span.end)
                vec = sentence_vectors.get(sid)
                if vec is None:
                    continue
                cosine = float(np.dot(question_vector, vec))
                coverage = self._coverage(info, span.text, chunk.text)
                type_ok = has_answer_type(span.text, info)
                score = 0.35 * cosine + 0.65 * coverage
                if info.answer_type == "reason" and reason_cue(span.text):
                    score += 0.03
                score -= 0.01 * (passage.rank - 1)
                out.append(
                    Candidate(
                        passage=passage,
                        sentence=span,
                        sentence_id=sid,
                        cosine=cosine,
                        coverage=coverage,
                        type_ok=type_ok,
                        score=score,
                    )
                )
        out.sort(key=lambda c: -c.score)
        return out

    # -- answering -----------------------------------------------------------------
    def answer(
        self,
        question: str,
        question_vector: np.ndarray,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, np.ndarray],
        *,
        info: QuestionInfo | None = None,
    ) -> Answer:
        """An extractive answer, or a grounded=False answer with the closest passages."""
        info = info or analyze_question(question)
        related = tuple(passages[:3])
        if info.is_attack:
            return Answer(text=REFUSED_INSTRUCTION, grounded=False, mode="extractive", related=related)
        cands = self.candidates(info, question_vector, passages, sentence_vectors)
        chosen = self.select(info, cands)
        if not chosen:
            return Answer(text=NOT_ANSWERED, grounded=False, mode="extractive", related=related)
        chosen.sort(key=lambda c: (c.passage.chunk.source, c.sentence.start))
        citations = []
        parts = []
        for n, cand in enumerate(chosen, start=1):
            citations.append(citation_for(n, cand.passage, cand.sentence))
            parts.append(f"{cand.sentence.text} [{n}]")
        return Answer(text=" ".join(parts), grounded=True, mode="extractive", citations=tuple(citations))

    def select(self, info: QuestionInfo, cands: Sequence[Candidate]) -> list[Candidate]:
        """The sentences to quote, best first; empty when the sources do not answer."""
        t = self.thresholds
        typed = [c for c in cands if c.type_ok]
        if not typed:
            return []
        best = typed[0]
        if best.score < t.min_score or best.cosine < t.min_cosine or best.coverage < t.min_coverage:
            return []
        context = normalize(" ".join(c.passage.chunk.text for c in cands[:1] + [best])).lower()
        for name in info.names:
            if normalize(name).lower() not in context:
                return []
        chosen = [best]
        for cand in typed[1:]:
            if len(chosen) >= t.max_sentences:
                break
            if cand.score >= best.score - t.extra_margin and cand.cosine >= t.min_cosine and cand.coverage >= t.min_coverage:
                chosen.append(cand)
        return chosen
