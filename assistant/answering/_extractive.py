"""Answering: pick the sentences that answer a question, or say the sources don't.

The extractive answerer quotes sentences verbatim from the retrieved passages, so
every claim is its own citation. It decides answerability from the best
sentence's embedding similarity to the question, how much of the question's
topic it covers (lexically, or through close word vectors), and whether it holds
the kind of answer asked for (a name for "who", a date for "when", ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._questions import (
    NAMING,
    QuestionInfo,
    analyze_question,
    clause_spans,
    credits_creator,
    has_answer_type,
    reason_cue,
)
from ..text import normalize, stem, tokens
from ..types import Answer, Citation, Passage, SentenceSpan

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

# A sentence that gives the reason for the one before it: "This is due to ...", "It stems from ...".
_ANAPHORIC_REASON = re.compile(
    r"^(this|that|it|these|those|such)\b[^.]{0,40}?\b(due to|because|stems? from|results? from|caused by|"
    r"driven by|the result of|a result of|owing to)\b",
    re.IGNORECASE,
)

WordVectors = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, kw_only=True, slots=True)
class Thresholds:
    """Answerability thresholds, tuned on evals/study.yaml (checked against evals/heldout.yaml,
    which was written before tuning and never tuned on)."""

    # How much the sentence's (or its best clause's) similarity counts against focus-term coverage.
    cosine_weight: float = 0.35
    # Sentences (best by cheap features) that get word-vector matching and clause scoring.
    deep_candidates: int = 8
    min_score: float = 0.45
    min_cosine: float = 0.1
    min_coverage: float = 0.6
    # A close paraphrase may share few words with the text: accept it on similarity.
    paraphrase_cosine: float = 0.55
    paraphrase_coverage: float = 0.3
    word_match: float = 0.55
    # In a sentence this close to the question as a whole, a less similar word is its counterpart.
    close_sentence: float = 0.65
    close_word_match: float = 0.45
    head_match: float = 0.6
    extra_margin: float = 0.1
    max_sentences: int = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    passage: Passage
    sentence: SentenceSpan
    sentence_id: str
    cosine: float
    local_cosine: float  # the best of the sentence's and its clauses' similarity to the question
    coverage: float
    hard_misses: int
    type_ok: bool
    score: float
    # It credits someone with making the document, as a question about its makers asks.
    credited: bool = False


def citation_for(n: int, passage: Passage, span: SentenceSpan) -> Citation:
    """A citation of ``span`` (absolute offsets) inside ``passage``'s document."""
    chunk = passage.chunk
    quote = chunk.text[span.start - chunk.start : span.end - chunk.start]
    page, page_end = chunk.pages_of(span.start, span.end)
    return Citation(
        n=n,
        source=chunk.source,
        title=chunk.title,
        chunk_id=chunk.id,
        start=span.start,
        end=span.end,
        quote=quote,
        page=page,
        page_end=page_end,
    )


class ExtractiveAnswerer:
    """Answers from retrieved passages without any language model."""

    def __init__(
        self,
        *,
        idf: Callable[[str], float],
        known: Callable[[str], bool] | None = None,
        word_vectors: WordVectors | None,
        sentence_id: Callable[[str, int, int], str],
        thresholds: Thresholds | None = None,
    ) -> None:
        self._idf = idf
        self._known = known or (lambda term: True)
        self._word_vectors = word_vectors
        self._sentence_id = sentence_id
        self.thresholds = thresholds or Thresholds()

    # -- scoring -------------------------------------------------------------------
    def _coverage(
        self, info: QuestionInfo, sentence: str, context: str, *, semantic: bool = True, word_match: float | None = None
    ) -> tuple[float, int, set[str]]:
        """IDF-weighted share of the question's focus terms the sentence matches, how many focus
        terms unknown to the whole collection it leaves unmatched ("hard misses"), and the
        sentence's tokens that match the question's head term."""
        if not info.focus:
            return 1.0, 0, set()
        sent_tokens = tokens(sentence)
        sent_stems = {stem(t) for t in sent_tokens}
        ctx_stems = {stem(t) for t in tokens(context)}
        weights = [max(self._idf(f), 0.2) for f in info.focus]
        matched = [0.0] * len(info.focus)
        head_tokens: set[str] = set()
        missing: list[int] = []
        for i, f in enumerate(info.focus):
            if f in sent_stems:
                matched[i] = 1.0
                if f == info.head:
                    head_tokens.update(t for t in sent_tokens if stem(t) == f)
            elif f in NAMING and sent_stems & NAMING:
                matched[i] = 0.9
            elif len(f) >= 4 and any(t.endswith(f) for t in sent_stems):
                matched[i] = 0.9  # compounds: "strike" in "airstrikes"
                if f == info.head:
                    head_tokens.update(t for t in sent_tokens if stem(t).endswith(f))
            else:
                if f in ctx_stems:
                    matched[i] = 0.5
                missing.append(i)
        if semantic and missing and self._word_vectors is not None and sent_tokens:
            words = sorted({t for t in sent_tokens if len(t) > 2})
            if words:
                q_vecs = self._word_vectors([info.focus_words[i] for i in missing])
                s_vecs = self._word_vectors(words)
                sims = q_vecs @ s_vecs.T
                for row, i in enumerate(missing):
                    best = float(sims[row].max())
                    if best >= (word_match or self.thresholds.word_match) and best > matched[i]:
                        matched[i] = best
                    if info.focus[i] == info.head:
                        # A word the question itself uses is not evidence of the asked relation
                        # ("foreigners" is not a nationality).
                        head_tokens.update(
                            w
                            for w, sim in zip(words, sims[row], strict=True)
                            if sim >= self.thresholds.head_match and stem(w) not in info.focus
                        )
        coverage = float(sum(w * m for w, m in zip(weights, matched, strict=True)) / sum(weights))
        hard = sum(1 for i, f in enumerate(info.focus) if matched[i] < 0.5 and not self._known(f))
        return coverage, hard, head_tokens

    def _windows(self, text: str) -> list[str]:
        """The sentence's clauses and pairs of neighbouring clauses (the sentence itself excluded)."""
        spans = clause_spans(text)
        if len(spans) <= 1:
            return []
        out = [text[a:b] for a, b in spans]
        out += [text[spans[i][0] : spans[i + 1][1]] for i in range(len(spans) - 1)]
        return [w for w in dict.fromkeys(out) if len(w.split()) >= 2]

    def _typed(self, info: QuestionInfo, windows: Sequence[str], head_tokens: set[str]) -> bool:
        """Does one window hold both an answer of the asked kind and the asked relation?"""
        for window in windows:
            if not has_answer_type(window, info):
                continue
            if not info.head or info.answer_type not in ("person", "number") or head_tokens & set(tokens(window)):
                return True
        return False

    def candidates(
        self,
        info: QuestionInfo,
        question_vector: np.ndarray,
        passages: Sequence[Passage],
        sentence_vectors: dict[str, np.ndarray],
    ) -> list[Candidate]:
        # Cheap features for every sentence first (precomputed vectors, lexical coverage);
        # word-vector matching and clause windows, which embed text, only for the best few.
        seen: set[tuple[str, int, int]] = set()
        rough: list[tuple[float, Passage, SentenceSpan, str, float]] = []
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
                lexical, _, _ = self._coverage(info, span.text, chunk.text, semantic=False)
                prescore = self.thresholds.cosine_weight * cosine + (1 - self.thresholds.cosine_weight) * lexical
                rough.append((prescore, passage, span, sid, cosine))
        rough.sort(key=lambda r: -r[0])
        out = [
            self._candidate(info, question_vector, passage, span, sid, cosine, deep=i < self.thresholds.deep_candidates)
            for i, (_, passage, span, sid, cosine) in enumerate(rough)
        ]
        out.sort(key=lambda c: -c.score)
        return out

    def _candidate(
        self,
        info: QuestionInfo,
        question_vector: np.ndarray,
        passage: Passage,
        span: SentenceSpan,
        sid: str,
        cosine: float,
        *,
        deep: bool,
    ) -> Candidate:
        chunk = passage.chunk
        windows = self._windows(span.text) if deep else []
        local = cosine
        if windows and self._word_vectors is not None:
            local = max(cosine, float((self._word_vectors(windows) @ question_vector).max()))
        t = self.thresholds
        word_match = t.close_word_match if local >= t.close_sentence else t.word_match
        coverage, hard, head_tokens = self._coverage(info, span.text, chunk.text, semantic=deep, word_match=word_match)
        if info.acronym and re.search(rf"\(\s*{re.escape(info.acronym)}\s*\)", span.text):
            coverage, hard = 1.0, 0  # "Name (ACRONYM)" spells the acronym out
        credit = credits_creator(span.text, info)
        if info.creator:
            # Who made the document: only a sentence crediting someone with it answers.
            coverage, hard = (1.0, 0) if credit else (0.0, hard)
            type_ok = bool(credit) and has_answer_type(span.text, info)
        elif info.head and not head_tokens:
            type_ok = False  # the sentence does not say the asked relation or kind of thing
        elif info.answer_type in ("any", "reason"):
            type_ok = True
        else:
            type_ok = self._typed(info, [span.text, *windows], head_tokens)
        score = self.thresholds.cosine_weight * local + (1 - self.thresholds.cosine_weight) * coverage
        score += 0.1 * credit  # the asked role ("authored by") over a looser credit ("a study by")
        if info.answer_type == "reason" and reason_cue(span.text):
            score += 0.03
        score -= 0.01 * (passage.rank - 1)
        return Candidate(
            passage=passage,
            sentence=span,
            sentence_id=sid,
            cosine=cosine,
            local_cosine=local,
            coverage=coverage,
            hard_misses=hard,
            type_ok=type_ok,
            score=score,
            credited=bool(credit),
        )

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

    def acceptable(self, cand: Candidate) -> bool:
        """Does this sentence answer the question well enough to quote it?"""
        t = self.thresholds
        if cand.hard_misses and cand.coverage < t.min_coverage and cand.local_cosine < t.paraphrase_cosine + 0.05:
            return False
        # A terse question ("Publisher?") is barely similar to any sentence; a credit answers it.
        similar = cand.local_cosine >= t.min_cosine or cand.credited
        direct = cand.score >= t.min_score and similar and cand.coverage >= t.min_coverage
        paraphrase = cand.local_cosine >= t.paraphrase_cosine and cand.coverage >= t.paraphrase_coverage
        return direct or paraphrase

    @staticmethod
    def _following(cand: Candidate, cands: Sequence[Candidate]) -> Candidate | None:
        """The candidate sentence that directly follows ``cand`` in its document, if retrieved."""
        after = [
            c
            for c in cands
            if c.passage.chunk.source == cand.passage.chunk.source and c.sentence.start >= cand.sentence.end
        ]
        nearest = min(after, key=lambda c: c.sentence.start, default=None)
        if nearest is None or nearest.sentence.start - cand.sentence.end > 4:
            return None
        return nearest

    def select(self, info: QuestionInfo, cands: Sequence[Candidate]) -> list[Candidate]:
        """The sentences to quote, best first; empty when the sources do not answer."""
        t = self.thresholds
        typed = [c for c in cands if c.type_ok]
        if not typed:
            return []
        best = typed[0]
        if not self.acceptable(best):
            return []
        context = normalize(" ".join(c.passage.chunk.text for c in [*cands[:1], best])).lower()
        for name in info.names:
            # "Kabul and Islamabad" reads as one name ("Research and Advisory" is one); either
            # form being in the text will do.
            parts = re.split(r"\s+and\s+", normalize(name).lower())
            if normalize(name).lower() not in context and not all(part in context for part in parts):
                return []
        chosen = [best]
        if info.answer_type == "reason":
            follow = self._following(best, cands)
            if follow is not None and _ANAPHORIC_REASON.match(follow.sentence.text):
                # "X will happen. This is due to Y.": the reason sits in the next sentence.
                chosen.append(follow)
        for cand in typed[1:]:
            if cand in chosen:
                continue
            if len(chosen) >= t.max_sentences:
                break
            if cand.score >= best.score - t.extra_margin and self.acceptable(cand):
                chosen.append(cand)
        return chosen
