"""The learned answer scorer: logistic regression over features of (question, sentence), and
the answerability decision over features of the question's best candidates (a logistic
regression or a one-hidden-layer perceptron, whichever cross-validates better).

The weights, the answerability thresholds and a description of the training set live in
``assistant/data/answer_model.json``, written by ``scripts/fit_answering.py`` from the
development collections' fit splits (``evals/dev/*``), never from the study. The runtime
needs only numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "ANSWER_FEATURES",
    "FEATURES",
    "AnswerModel",
    "Answerability",
    "Gate",
    "Logistic",
    "Perceptron",
    "TermEvidence",
    "answerability_from_dict",
    "default_model",
    "question_features",
]

# The feature vector, in this order (see ExtractiveAnswerer._features for each definition).
FEATURES: tuple[str, ...] = (
    "cosine",  # dense similarity of the question and the sentence
    "local_cosine",  # the best of the sentence's and its clauses' similarity
    "coverage",  # idf-weighted share of the question's topic terms matched (exact, compounds, word vectors)
    "exact_coverage",  # the same, exact stems only
    "hard_miss",  # a topic term unknown to the whole collection is unmatched
    "type_ok",  # holds an answer of the asked kind (a name for who, a date for when, ...)
    "type_missing",  # a typed question (who/when/where/how many) and the sentence holds no such answer
    "credited",  # credits someone with making the document (who wrote/published it?)
    "reason_cue",  # a why-question and the sentence gives a reason ("because", "due to", "driven by", ...)
    "heading_cosine",  # similarity of the question and the sentence's section heading
    "heading_coverage",  # idf-weighted share of the question's topic terms in the heading trail
    "is_heading",  # the sentence is its section's heading
    "after_heading",  # the first sentence under the heading
    "position",  # log(1 + index of the sentence in its chunk)
    "label_like",  # short and without closing punctuation: a title, a table-of-contents or navigation line
    "cross_reference",  # points elsewhere ("see the section on ...")
    "is_question",  # the sentence is itself a question
    "novelty",  # share of the sentence's content words that the question does not use
    "restates",  # covers the question but adds almost nothing to it
    "names_found",  # share of the question's proper names found in the passage
    "passage_rank",  # 1 / rank of the sentence's passage
    "length",  # log(characters)
)


# Question-level features of answerability (see question_features): from the scored
# sentences, and from where the question's topic terms occur in the retrieved passages
# (``TermEvidence``, computed by the extractive answerer with the collection's IDF).
ANSWER_FEATURES: tuple[str, ...] = (
    "best_logit",  # log-odds that the best sentence answers
    "second_logit",  # the same for the second-best sentence
    "best_typed_logit",  # the same for the best sentence holding an answer of the asked kind
    "margin",  # best minus second-best probability
    "best_coverage",
    "best_exact_coverage",
    "top3_coverage",  # the most topic any of the best three sentences covers
    "rare_in_sentence",  # idf-weighted share of the question's rarer topic terms in the best sentence
    "rare_in_section",  # the same in the best sentence's passage (its section, heading included)
    "rare_in_typed",  # the same in the best of the first five sentences holding an answer of the asked kind
    "missing_everywhere",  # idf-weighted share of topic terms found in none of the retrieved passages
    "unknown_terms",  # share of topic terms the collection never uses
    "best_hard_miss",
    "typed_question",  # who / when / where / how many / which-noun questions
    "best_type_ok",
    "typed_in_top3",  # one of the best three sentences holds an answer of the asked kind
    "best_names_found",
    "names_missing",  # share of the question's names found in none of the retrieved passages
    "best_cosine",
    "best_local_cosine",
    "best_heading_cosine",
    "best_heading_coverage",
    "topic_terms",  # log(1 + number of topic terms)
    # The most relevant sentence (mean of similarity and topic coverage) holding an answer of the
    # asked kind: its coverage, its best clause's similarity, and whether it misses a term the
    # collection never uses.
    "relevant_typed_coverage",
    "relevant_typed_local_cosine",
    "relevant_typed_hard_miss",
    # The best sentence's section has no heading (a report without headings, a plain-text
    # file): the heading features above are then zero for want of a heading, not for a
    # mismatch.
    "no_heading",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class TermEvidence:
    """Where the question's topic terms and names occur in the retrieved passages."""

    rare_in_sentence: float = 1.0
    rare_in_section: float = 1.0
    rare_in_typed: float = 1.0
    missing_everywhere: float = 0.0
    unknown_terms: float = 0.0
    names_missing: float = 0.0
    topic_terms: int = 0


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    """The logistic function, with the score clamped so that math.exp cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _logistic(
    features: Sequence[float], weights: Sequence[float], bias: float, mean: Sequence[float], scale: Sequence[float]
) -> float:
    """A logistic regression over standardised features."""
    z = bias
    for x, w, m, sd in zip(features, weights, mean, scale, strict=True):
        z += w * (x - m) / sd
    return _sigmoid(z)


def question_features(cands: Sequence[Any], typed: bool, evidence: TermEvidence | None = None) -> tuple[float, ...]:
    """Answerability features of a question from its candidates (best first, headings removed)."""
    ev = evidence or TermEvidence()
    terms = (ev.rare_in_sentence, ev.rare_in_section, ev.rare_in_typed, ev.missing_everywhere, ev.unknown_terms)
    if not cands:
        return (_logit(0.0), _logit(0.0), _logit(0.0), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, ev.unknown_terms, 1.0,
                float(typed), 0.0, 0.0, 0.0, ev.names_missing, 0.0, 0.0, 0.0, 0.0, math.log1p(ev.topic_terms),
                0.0, 0.0, 1.0, 1.0)
    f = {name: i for i, name in enumerate(FEATURES)}
    best = cands[0]
    typed_ok = [c for c in cands if c.features[f["type_ok"]] > 0.5]
    second = cands[1].probability if len(cands) > 1 else 0.0
    cov, local, hard = f["coverage"], f["local_cosine"], f["hard_miss"]
    relevant = max(typed_ok, key=lambda c: c.features[cov] + c.features[local], default=None)
    return (
        _logit(best.probability),
        _logit(second),
        _logit(typed_ok[0].probability if typed_ok else 0.0),
        best.probability - second,
        best.features[f["coverage"]],
        best.features[f["exact_coverage"]],
        max(c.features[f["coverage"]] for c in cands[:3]),
        *terms,
        best.features[f["hard_miss"]],
        float(typed),
        best.features[f["type_ok"]],
        float(any(c.features[f["type_ok"]] > 0.5 for c in cands[:3])),
        best.features[f["names_found"]],
        ev.names_missing,
        best.features[f["cosine"]],
        best.features[f["local_cosine"]],
        best.features[f["heading_cosine"]],
        best.features[f["heading_coverage"]],
        math.log1p(ev.topic_terms),
        relevant.features[cov] if relevant else 0.0,
        relevant.features[local] if relevant else 0.0,
        relevant.features[hard] if relevant else 1.0,
        float(not getattr(best, "section", "")),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Logistic:
    """A logistic regression over standardised features."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, features: Sequence[float]) -> float:
        return _logistic(features, self.weights, self.bias, self.mean, self.scale)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "logistic",
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Logistic:
        return cls(
            weights=tuple(float(v) for v in data["weights"]),
            bias=float(data["bias"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Perceptron:
    """One hidden layer of tanh units over standardised features, then a logistic output."""

    hidden: tuple[tuple[float, ...], ...]  # input weights, one row per hidden unit
    hidden_bias: tuple[float, ...]
    weights: tuple[float, ...]  # output weights, one per hidden unit
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, features: Sequence[float]) -> float:
        x = [(v - m) / sd for v, m, sd in zip(features, self.mean, self.scale, strict=True)]
        z = self.bias
        for row, b, w in zip(self.hidden, self.hidden_bias, self.weights, strict=True):
            z += w * math.tanh(b + sum(a * v for a, v in zip(row, x, strict=True)))
        return _sigmoid(z)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "perceptron",
            "hidden": [[round(w, 6) for w in row] for row in self.hidden],
            "hidden_bias": [round(b, 6) for b in self.hidden_bias],
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Perceptron:
        return cls(
            hidden=tuple(tuple(float(w) for w in row) for row in data["hidden"]),
            hidden_bias=tuple(float(b) for b in data["hidden_bias"]),
            weights=tuple(float(v) for v in data["weights"]),
            bias=float(data["bias"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
        )


Answerability = Logistic | Perceptron


def answerability_from_dict(data: Mapping[str, Any]) -> Answerability:
    """The answerability model saved by ``to_dict`` (a logistic regression when no kind is named)."""
    return Perceptron.from_dict(data) if data.get("kind") == "perceptron" else Logistic.from_dict(data)


@dataclass(frozen=True, kw_only=True, slots=True)
class Gate:
    """The rule gate's thresholds (``ExtractiveAnswerer.acceptable`` and ``rule_gate``) and the
    distances at which a number counts the asked thing (``counts_head``), read from the "gate"
    section of ``assistant/data/answer_model.json``, which ``scripts/fit_gate.py`` fits on the
    development collections' fit splits and writes with ``--write``. Without that section the
    defaults apply: the values set by hand before the development collections existed. The
    shipped model has no gate section yet: the values fitted on 30 Nov 2026 raised the study's
    false refusals above their floor and lowered the Python FAQ test split's unanswerables
    declined below theirs, fitted on two development collections and again on three (with the
    heading-less history reports) (README, "Fitting the gate").

    The best sentence holding an answer of the asked kind (by ``cosine_weight`` * its best
    clause similarity + the rest * its topic coverage) passes "directly" when that score reaches
    ``min_score``, its similarity ``min_cosine`` (or it credits a maker) and its coverage
    ``min_coverage``; or as a paraphrase when its similarity reaches ``paraphrase_cosine`` and its
    coverage ``paraphrase_coverage``. A sentence that leaves a term the collection never uses
    unmatched fails unless its coverage reaches ``min_coverage`` or its similarity
    ``paraphrase_cosine + miss_margin``.
    """

    cosine_weight: float = 0.35
    min_score: float = 0.45
    min_cosine: float = 0.1
    min_coverage: float = 0.6
    paraphrase_cosine: float = 0.55
    paraphrase_coverage: float = 0.3
    miss_margin: float = 0.05
    # A number counts the question's head noun when the noun comes at most ``count_after``
    # words after it ("two testing frameworks") or at most ``count_before`` words before it
    # ("packages: about 50,000").
    count_after: int = 4
    count_before: int = 5

    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gate:
        kinds: dict[str, type] = {f.name: (int if f.type in (int, "int") else float) for f in fields(cls)}
        values: dict[str, Any] = {k: kinds[k](v) for k, v in data.items() if k in kinds}
        return cls(**values)


@dataclass(frozen=True, kw_only=True, slots=True)
class AnswerModel:
    """A fitted scorer and its decision thresholds."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    answer_threshold: float  # best probability at or above: answered
    closest_threshold: float  # best probability at or above (and below answer): the closest the sources come
    window_threshold: float  # a neighbouring sentence of the same section joins the quote at or above
    extra_ratio: float  # another sentence joins when its probability is at least this share of the best's
    description: Mapping[str, object]
    # At run time the rule gate (``gate``) decides answerability unless this probability is reached.
    override_threshold: float = 1.01
    gate: Gate = Gate()
    # Answerability: the probability that the question is answered by the best sentence,
    # from question_features; the answer and closest thresholds apply to it.
    answerability: Answerability | None = None
    # The answerability features it was fitted on, in its order (a model fitted before a
    # feature was added keeps working without it).
    answer_features: tuple[str, ...] = ANSWER_FEATURES

    def probability(self, features: Sequence[float]) -> float:
        return _logistic(features, self.weights, self.bias, self.mean, self.scale)

    def answer_probability(self, cands: Sequence[Any], typed: bool, evidence: TermEvidence | None = None) -> float:
        """The probability that the question is answered (the best sentence's, without an answerability model)."""
        if self.answerability is None:
            return cands[0].probability if cands else 0.0
        row = question_features(cands, typed, evidence)
        if self.answer_features != ANSWER_FEATURES:
            row = tuple(row[ANSWER_FEATURES.index(name)] for name in self.answer_features)
        return self.answerability.probability(row)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnswerModel:
        names = tuple(str(n) for n in data["features"])
        answer_features = tuple(str(n) for n in data.get("answer_features", ANSWER_FEATURES))
        if names != FEATURES or ("answerability" in data and not set(answer_features) <= set(ANSWER_FEATURES)):
            raise ValueError("the answer model was fitted on other features; run scripts/fit_answering.py")
        return cls(
            weights=tuple(float(v) for v in data["weights"]),
            bias=float(data["bias"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
            answer_threshold=float(data["answer_threshold"]),
            closest_threshold=float(data["closest_threshold"]),
            window_threshold=float(data["window_threshold"]),
            extra_ratio=float(data["extra_ratio"]),
            description=dict(data.get("description", {})),  # type: ignore[call-overload]
            override_threshold=float(data.get("override_threshold", 1.01)),  # type: ignore[arg-type]
            answerability=answerability_from_dict(data["answerability"]) if data.get("answerability") else None,  # type: ignore[arg-type]
            answer_features=answer_features,
            gate=Gate.from_dict(data["gate"]) if data.get("gate") else Gate(),  # type: ignore[arg-type]
        )


@lru_cache(maxsize=1)
def default_model() -> AnswerModel:
    """The shipped model (assistant/data/answer_model.json)."""
    text = resources.files("assistant").joinpath("data", "answer_model.json").read_text(encoding="utf-8")
    return AnswerModel.from_dict(json.loads(text))
