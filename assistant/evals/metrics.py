"""Evaluation metrics: one definition each, used by the eval runner, the report and the tests.

Pure functions: no I/O, stdlib and numpy only. Every ratio is defined on empty
input: when its denominator would be zero the function returns ``None``
("not measured"), never ``0.0`` and never a ``ZeroDivisionError``, so an
aggregate can tell "scored zero" from "nothing to score" (see :func:`mean_of`).

Retrieval (``ranked_ids`` best first; repeats after the first occurrence are
ignored, so a chunk retrieved twice is counted once):

* :func:`recall_at_k`      ``|top_k ∩ gold| / |gold|``
* :func:`mrr_at_k`         ``1 / rank`` of the first gold id within the top k, else 0
* :func:`ndcg_at_k`        binary-relevance ``DCG@k / IDCG@k``

Answers:

* :func:`citation_validity`   share of citations whose ``quote == text[start:end]``
* :func:`faithfulness`        supported sentences / all sentences
* :func:`citation_recall`,
  :func:`citation_precision`  ALCE (Gao et al., 2023), with a pluggable support judge
* :func:`key_fact_recall`     share of reference facts found in the answer text
* :func:`answer_lead`,
  :func:`lead_states_fact`    the phrase an answer opens with before the sentence it cites,
                              and whether that phrase states one of the reference facts

Refusal (positives are the unanswerable questions):

* :func:`refusal_recall`      refused unanswerable / unanswerable
* :func:`false_refusal_rate`  refused answerable / answerable
* :func:`balanced_accuracy`   mean of the true-positive and true-negative rates

Latency: :func:`percentile`, :func:`latency_summary`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypedDict

import numpy as np

from ..errors import UsageError
from ..text import STOPWORDS, normalize, tokens

__all__ = [
    "CitationScores",
    "CitedSentence",
    "LatencySummary",
    "QuotedSpan",
    "QuotedSpanLike",
    "RefusalOutcome",
    "RefusalOutcomeLike",
    "SupportJudge",
    "alce_citation_scores",
    "balanced_accuracy",
    "citation_precision",
    "citation_recall",
    "citation_validity",
    "faithfulness",
    "false_refusal_rate",
    "key_fact_recall",
    "latency_summary",
    "mean_of",
    "mrr_at_k",
    "ndcg_at_k",
    "overlaps",
    "percentile",
    "quote_spans",
    "recall_at_k",
    "refusal_recall",
]


# --- retrieval -------------------------------------------------------------------


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise UsageError(f"k must be a positive integer, got {k!r}", hint="pass k >= 1")


def _top_k(ranked_ids: Iterable[Hashable], k: int) -> list[Hashable]:
    """The first ``k`` distinct ids, in rank order."""
    seen: dict[Hashable, None] = {}
    for item in ranked_ids:
        if item not in seen:
            seen[item] = None
            if len(seen) == k:
                break
    return list(seen)


def recall_at_k(ranked_ids: Sequence[Hashable], gold_ids: Iterable[Hashable], k: int) -> float | None:
    """Recall@k: the share of gold ids found among the first ``k`` distinct retrieved ids.

    ``recall@k = |top_k(ranked) ∩ gold| / |gold|``; ``None`` when ``gold`` is empty.
    """
    _check_k(k)
    gold = set(gold_ids)
    if not gold:
        return None
    return len(gold.intersection(_top_k(ranked_ids, k))) / len(gold)


def mrr_at_k(ranked_ids: Sequence[Hashable], gold_ids: Iterable[Hashable], k: int = 10) -> float | None:
    """Reciprocal rank at k: ``1 / r`` where ``r`` (1-based) is the rank of the first gold id.

    0.0 when no gold id is among the first ``k`` distinct ids; ``None`` when
    ``gold`` is empty. The mean over queries is MRR@k.
    """
    _check_k(k)
    gold = set(gold_ids)
    if not gold:
        return None
    for rank, item in enumerate(_top_k(ranked_ids, k), start=1):
        if item in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked_ids: Sequence[Hashable], gold_ids: Iterable[Hashable], k: int = 10) -> float | None:
    """nDCG@k with binary relevance (rel = 1 for a gold id, else 0).

    ``DCG@k = Σ_{i=1..k} rel_i / log2(i + 1)`` over the first ``k`` distinct ids;
    ``IDCG@k = Σ_{i=1..min(|gold|, k)} 1 / log2(i + 1)``; ``nDCG@k = DCG@k / IDCG@k``.
    ``None`` when ``gold`` is empty.
    """
    _check_k(k)
    gold = set(gold_ids)
    if not gold:
        return None
    dcg = sum(1.0 / math.log2(i + 1) for i, item in enumerate(_top_k(ranked_ids, k), start=1) if item in gold)
    idcg = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(gold), k) + 1))
    return dcg / idcg


def _collapsed(text: str) -> tuple[str, list[int]]:
    """``text`` with every run of whitespace made one space, and each kept character's offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    pending = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending = bool(out)
            continue
        if pending:
            out.append(" ")
            where.append(i - 1)
            pending = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def quote_spans(text: str, quotes: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` character spans of every occurrence of every quote in ``text``, sorted.

    Gold passages are given as exact quotes; retrieval relevance is judged on these
    spans (see :func:`overlaps`). A quote is found exactly or, failing that, with every run
    of whitespace in both counted as one space (a loader may break lines where the quote's
    author saw spaces); the span is then mapped back to exact offsets of ``text``. A quote
    that does not occur either way is a dataset error.
    """
    spans: set[tuple[int, int]] = set()
    collapsed: tuple[str, list[int]] | None = None
    for quote in quotes:
        if not quote or not quote.strip():
            raise UsageError("a gold quote is empty", hint="remove it from the dataset")
        at = text.find(quote)
        if at != -1:
            while at != -1:
                spans.add((at, at + len(quote)))
                at = text.find(quote, at + 1)
            continue
        if collapsed is None:
            collapsed = _collapsed(text)
        flat, where = collapsed
        needle = " ".join(quote.split())
        at = flat.find(needle)
        if at == -1:
            raise UsageError(f"gold quote not found in the document: {quote[:60]!r}",
                             hint="copy it exactly from the document text")
        while at != -1:
            spans.add((where[at], where[at + len(needle) - 1] + 1))
            at = flat.find(needle, at + 1)
    return tuple(sorted(spans))


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` shares at least one character with any of ``spans``.

    A retrieved chunk is relevant to a case when it overlaps one of the case's gold quote spans.
    """
    return any(a < end and start < b for a, b in spans)


# --- citations and faithfulness ---------------------------------------------------------


class QuotedSpanLike(Protocol):
    """Anything that points at ``document_text(source)[start:end]`` and carries the quote.

    :class:`assistant.types.Citation` satisfies it.
    """

    @property
    def source(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def quote(self) -> str: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class QuotedSpan:
    """A citation reduced to what validity needs: where it points and what it quotes."""

    source: str
    start: int
    end: int
    quote: str


def citation_validity(
    citations: Sequence[QuotedSpanLike], document_texts: Mapping[str, str]
) -> float | None:
    """The share of citations whose quote is exactly the slice it points at.

    A citation is valid when ``document_texts[c.source]`` exists,
    ``0 <= c.start < c.end <= len(text)`` and ``c.quote == text[c.start:c.end]``
    (character for character: no normalisation). ``None`` when there are no citations.
    """
    if not citations:
        return None
    valid = 0
    for c in citations:
        text = document_texts.get(c.source)
        if text is not None and 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.quote:
            valid += 1
    return valid / len(citations)


def faithfulness(sentence_judgements: Sequence[bool]) -> float | None:
    """The share of answer sentences judged supported by the passages they cite.

    ``faithfulness = #supported / #sentences``; one boolean per sentence (an
    uncited sentence should be judged ``False``). ``None`` when there are no sentences.
    """
    if not sentence_judgements:
        return None
    return sum(1 for ok in sentence_judgements if ok) / len(sentence_judgements)


SupportJudge = Callable[[str, tuple[str, ...]], bool]
"""``judge(sentence, passages) -> bool``: do these passages, taken together, support the sentence?

The offline checker or an LLM judge plugs in here; ALCE used an NLI model on the
passages joined by newlines.
"""


@dataclass(frozen=True, kw_only=True, slots=True)
class CitedSentence:
    """One answer sentence and the texts of the passages it cites (in marker order)."""

    text: str
    passages: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class CitationScores:
    """ALCE citation recall and precision of one answer (``None`` when not measurable)."""

    recall: float | None
    precision: float | None
    sentences: int
    citations: int


def alce_citation_scores(sentences: Sequence[CitedSentence], judge: SupportJudge) -> CitationScores:
    """ALCE citation recall and precision (Gao et al., 2023, "Enabling LLMs to generate text with citations").

    For each sentence ``s`` with cited passages ``C``:

    * **recall**: ``s`` scores 1 when ``judge(s, C)`` (the citations together
      support it), 0 when not or when ``C`` is empty.
      ``recall = Σ score / #sentences``.
    * **precision**: a citation ``c ∈ C`` is *irrelevant* when ``c`` alone does
      not support ``s`` AND ``C \\ {c}`` still does. A citation counts as precise
      when its sentence is supported by ``C`` and it is not irrelevant (a single
      citation of a supported sentence is precise; citations of an unsupported
      sentence are not). ``precision = #precise / #citations``.

    Returns ``None`` for recall when there are no sentences and for precision when
    there are no citations (the ALCE script reports 0 for the latter; ``None``
    lets the caller skip refusals instead of scoring them). Each distinct
    ``(sentence, passages)`` pair is judged once.
    """
    cache: dict[tuple[str, tuple[str, ...]], bool] = {}

    def supported(sentence: str, passages: tuple[str, ...]) -> bool:
        key = (sentence, passages)
        if key not in cache:
            cache[key] = bool(judge(sentence, passages))
        return cache[key]

    recalled = 0
    precise = 0
    total_citations = 0
    for sentence in sentences:
        cited = tuple(sentence.passages)
        total_citations += len(cited)
        if not cited or not supported(sentence.text, cited):
            continue
        recalled += 1
        if len(cited) == 1:
            precise += 1
            continue
        for i, passage in enumerate(cited):
            alone = supported(sentence.text, (passage,))
            rest = cited[:i] + cited[i + 1 :]
            if alone or not supported(sentence.text, rest):
                precise += 1
    return CitationScores(
        recall=recalled / len(sentences) if sentences else None,
        precision=precise / total_citations if total_citations else None,
        sentences=len(sentences),
        citations=total_citations,
    )


def citation_recall(sentences: Sequence[CitedSentence], judge: SupportJudge) -> float | None:
    """ALCE citation recall: the share of sentences whose citations together support them.

    See :func:`alce_citation_scores`; ``None`` when there are no sentences.
    """
    return alce_citation_scores(sentences, judge).recall


def citation_precision(sentences: Sequence[CitedSentence], judge: SupportJudge) -> float | None:
    """ALCE citation precision: the share of citations that are not unnecessary.

    See :func:`alce_citation_scores`; ``None`` when there are no citations.
    """
    return alce_citation_scores(sentences, judge).precision


# --- refusal -----------------------------------------------------------------------


class RefusalOutcomeLike(Protocol):
    @property
    def answerable(self) -> bool: ...
    @property
    def refused(self) -> bool: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class RefusalOutcome:
    """One evaluated question: should it have been answered, and was it refused?

    ``refused`` means the assistant said the sources do not answer (``Answer.grounded`` is false).
    """

    answerable: bool
    refused: bool


def refusal_recall(cases: Iterable[RefusalOutcomeLike]) -> float | None:
    """The share of unanswerable questions that were refused.

    ``#(not answerable and refused) / #(not answerable)``; ``None`` when no case is unanswerable.
    """
    outcomes = [c.refused for c in cases if not c.answerable]
    if not outcomes:
        return None
    return sum(outcomes) / len(outcomes)


def false_refusal_rate(cases: Iterable[RefusalOutcomeLike]) -> float | None:
    """The share of answerable questions that were wrongly refused.

    ``#(answerable and refused) / #answerable``; ``None`` when no case is answerable.
    """
    outcomes = [c.refused for c in cases if c.answerable]
    if not outcomes:
        return None
    return sum(outcomes) / len(outcomes)


def balanced_accuracy(tp: int, fn: int, tn: int, fp: int) -> float | None:
    """Balanced accuracy: ``(TP / (TP + FN) + TN / (TN + FP)) / 2``.

    A class with no examples is left out (the result is the other class's rate);
    ``None`` when both are empty. For refusal, positives are the unanswerable
    questions: ``tp`` refused unanswerable, ``fn`` answered unanswerable,
    ``tn`` answered answerable, ``fp`` refused answerable.
    """
    counts = {"tp": tp, "fn": fn, "tn": tn, "fp": fp}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UsageError(f"{name} must be a non-negative integer, got {value!r}", hint="pass counts")
    rates = [hit / (hit + miss) for hit, miss in ((tp, fn), (tn, fp)) if hit + miss]
    if not rates:
        return None
    return sum(rates) / len(rates)


# --- key facts ---------------------------------------------------------------------

_MARKER = re.compile(r"\[\d+\]")
_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    # Case, typographic quotes and spacing must not decide whether a fact is present.
    return _SPACE.sub(" ", normalize(text).casefold()).strip()


def key_fact_recall(answer_text: str, key_facts: Sequence[str]) -> float | None:
    """The share of key facts that occur in the answer as substrings.

    Matching is case-insensitive, folds typographic quotes (’ “ ” to ' "),
    collapses whitespace, and ignores citation markers such as ``[1]``.
    ``#found / #key_facts``; ``None`` when ``key_facts`` is empty.
    """
    facts = [_fold(f) for f in key_facts if f.strip()]
    if not facts:
        return None
    answer = _fold(_MARKER.sub(" ", answer_text))
    return sum(1 for fact in facts if fact in answer) / len(facts)


_OPENING = re.compile(r"^(?:The sources say(?: otherwise)?:\s+)?(?P<lead>.+?) \[(?P<n>\d+)\]\.\s")


def answer_lead(answer_text: str, quotes: Mapping[int, str]) -> str | None:
    """The phrase ``answer_text`` opens with before the sentence it cites: its first words up to
    a citation marker and full stop ("Nora Al Habsi and Ali Bakr [1]. The study ..."), when they
    are a part of that citation's quote (``quotes``: citation number to quote) shorter than the
    whole; else None (the answer opens with a whole quoted sentence, or with its own words)."""
    found = _OPENING.match(answer_text)
    if found is None:
        return None
    lead, quote = found.group("lead"), quotes.get(int(found.group("n")), "")
    return lead if lead in quote and len(lead) < len(quote.strip(" .!?")) else None


def lead_states_fact(lead: str, key_facts: Sequence[str], question: str = "") -> bool | None:
    """Does the answer's opening phrase ``lead`` state one of ``key_facts``: one holds the other
    (case, quotes and spacing folded), or the phrase says at least half of a fact's content
    words (stop words and the question's own words left out; "a qualified majority of three
    quarters" states "three quarters (75%)")? None when there are no key facts."""
    facts = [f for f in key_facts if f.strip()]
    if not facts:
        return None
    folded = _fold(lead)
    asked = set(tokens(question))
    said = set(tokens(lead))
    for fact in facts:
        if _fold(fact) in folded or folded in _fold(fact):
            return True
        own = {w for w in tokens(fact) if w not in STOPWORDS and w not in asked}
        if own and 2 * len(own & said) >= len(own):
            return True
    return False


# --- aggregation and latency ---------------------------------------------------------


def mean_of(values: Iterable[float | None]) -> float | None:
    """The mean of the measured values, skipping ``None``; ``None`` when nothing was measured."""
    measured = [v for v in values if v is not None]
    if not measured:
        return None
    return sum(measured) / len(measured)


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0 <= p <= 100) with linear interpolation between ranks.

    For sorted values ``x_0..x_{n-1}``: position ``h = (n - 1) * p / 100``,
    result ``x_⌊h⌋ + (h - ⌊h⌋) * (x_⌊h⌋+1 - x_⌊h⌋)`` (numpy's default, Excel's
    PERCENTILE.INC). ``None`` when ``values`` is empty.
    """
    if not 0 <= p <= 100:  # also rejects NaN
        raise UsageError(f"percentile must be between 0 and 100, got {p!r}", hint="pass p in [0, 100]")
    if len(values) == 0:
        return None
    return float(np.percentile(np.asarray(values, dtype=float), p))


class LatencySummary(TypedDict):
    p50: float | None
    p95: float | None
    mean: float | None
    n: int


def latency_summary(values: Sequence[float]) -> LatencySummary:
    """``{"p50", "p95", "mean", "n"}`` of latencies (any unit; the caller's).

    Percentiles as in :func:`percentile`; with no values the statistics are ``None`` and ``n`` is 0.
    """
    if len(values) == 0:
        return {"p50": None, "p95": None, "mean": None, "n": 0}
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "mean": float(np.mean(np.asarray(values, dtype=float))),
        "n": len(values),
    }
