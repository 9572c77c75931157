"""A topic term the sentence does not say, said by a close word elsewhere in its passage
(``Thresholds.passage_word_match``, fitted by scripts/fit_passage_match.py)."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assistant.answering._extractive import Candidate, ExtractiveAnswerer, _QuestionFacts
from assistant.answering._scoring import FEATURES
from assistant.answering._questions import analyze_question
from assistant.types import Chunk, Passage, SentenceSpan

TEXT = "The widget has a large button. Blind users hear it read aloud by speech."
QUESTION = "Can sightless people operate the widget?"

# "blind" is close to "sightless" (cosine 0.8); every other word gets its own random direction.
_CLOSE = {"sightless": np.array([1.0, 0.0]), "blind": np.array([0.8, 0.6])}


def _vector(word: str) -> np.ndarray:
    rng = np.random.default_rng(zlib.crc32(word.encode()))
    v = np.concatenate([np.zeros(2), rng.normal(size=62)])
    if word in _CLOSE:
        v = np.concatenate([_CLOSE[word], np.zeros(62)])
    return v / np.linalg.norm(v)


def word_vectors(words: Sequence[str]) -> np.ndarray:
    return np.stack([_vector(w) for w in words])


def _chunk() -> Chunk:
    first = TEXT.index(" Blind")
    spans = (
        SentenceSpan(start=0, end=first, text=TEXT[:first]),
        SentenceSpan(start=first + 1, end=len(TEXT), text=TEXT[first + 1 :]),
    )
    return Chunk(id="c1", source="w.md", title="Widget", text=TEXT, start=0, end=len(TEXT), index=0, sentences=spans)


def _answerer(threshold: float | None, known: set[str] | None = None) -> ExtractiveAnswerer:
    answerer = ExtractiveAnswerer(
        idf=lambda t: 1.0,
        known=(lambda t: t in known) if known is not None else None,
        word_vectors=word_vectors,
        sentence_id=lambda source, a, b: f"{source}:{a}:{b}",
    )
    answerer.thresholds = replace(answerer.thresholds, passage_word_match=threshold)
    return answerer


def _coverage(answerer: ExtractiveAnswerer) -> tuple[float, int, float]:
    """The first sentence's coverage, hard misses and passage credit."""
    info = analyze_question(QUESTION)
    chunk = _chunk()
    facts = _QuestionFacts(answerer, info, word_vectors([QUESTION])[0], {})
    sentence = chunk.sentences[0].text
    coverage, hard, _, _, credit = answerer._coverage_parts(
        info, sentence, chunk.text, semantic=False, weights=facts.weights, passage_sims=facts.passage_sims(chunk)
    )
    return coverage, hard, credit


def test_passage_similarities_are_each_terms_best_word_of_the_passage() -> None:
    answerer = _answerer(0.5)
    info = analyze_question(QUESTION)
    sims = _QuestionFacts(answerer, info, word_vectors([QUESTION])[0], {}).passage_sims(_chunk())
    assert sims is not None
    by_word = dict(zip(info.focus_words, sims, strict=True))
    assert abs(by_word["sightless"] - 0.8) < 1e-6
    assert by_word["widget"] > 0.999  # said by form too
    assert by_word["operate"] < 0.5


def test_a_term_said_by_a_close_word_of_the_passage_counts_half_for_the_gate() -> None:
    # Four focus terms of weight 1: "widget" in the sentence (1), "sightless" by "blind" in the
    # passage (a credit of 0.5 with the threshold), "people" and "operate" nowhere. The coverage
    # itself (the learned scorer's feature) is as without the threshold.
    coverage, _, credit = _coverage(_answerer(0.5))
    assert abs(coverage - 0.25) < 1e-9 and abs(credit - 0.125) < 1e-9
    assert _coverage(_answerer(None)) == (coverage, 0, 0.0)


def test_the_threshold_decides_how_close_the_passage_word_must_be() -> None:
    assert _coverage(_answerer(0.85))[2] == 0.0
    assert _coverage(_answerer(0.75))[2] > 0.0


def test_a_term_the_collection_never_uses_stays_a_hard_miss() -> None:
    # Only its form makes a term known: a close word does not.
    known = {"widget", "peopl", "operat"}
    assert _coverage(_answerer(0.5, known))[1] == 1
    assert _coverage(_answerer(None, known))[1] == 1


def test_the_gate_reads_the_credit_and_the_learned_scorer_does_not() -> None:
    chunk = _chunk()
    passage = Passage(chunk=chunk, score=1.0, rank=1)
    vectors = {f"w.md:{s.start}:{s.end}": word_vectors([s.text])[0] for s in chunk.sentences}
    info = analyze_question(QUESTION)
    question_vector = word_vectors([QUESTION])[0]

    def first(threshold: float | None) -> Candidate:
        cands = _answerer(threshold).candidates(info, question_vector, [passage], vectors)
        return next(c for c in cands if c.position == 0)

    with_match, without = first(0.5), first(None)
    assert with_match.features == without.features and with_match.probability == without.probability
    assert with_match.features[FEATURES.index("coverage")] == without.coverage
    assert with_match.coverage > without.coverage
    assert with_match.rule_score > without.rule_score


def test_a_term_the_collection_never_uses_is_missed_though_a_close_word_of_the_sentence_says_it() -> None:
    # "blind" (cosine 0.8) stands for "sightless" in the coverage; it is still another word, and
    # "sightless" one the collection never uses: a hard miss.
    info = analyze_question(QUESTION)
    sentence = _chunk().sentences[1].text
    for known, hard in (({"widget", "peopl", "operat", "sightles"}, 0), ({"widget", "peopl", "operat"}, 1)):
        answerer = _answerer(None, known)
        coverage, misses, _, _, _ = answerer._coverage_parts(info, sentence, sentence, word_match=0.5)
        assert coverage > 0.0  # the close word counts in the coverage
        assert misses == hard


def test_a_symbols_name_is_no_hard_miss() -> None:
    # "slash" stands for the "/" the reader wrote: a collection that never writes the word
    # does not miss it, while a word of the reader's own still is missed.
    answerer = _answerer(None, {"widget"})
    info = analyze_question("What does the / on the widget mean for the sightless?")
    assert "slash" in info.focus_words
    sentence = _chunk().sentences[0].text
    _, hard, _, _, _ = answerer._coverage_parts(info, sentence, TEXT, semantic=False)
    assert hard == 1  # "sightless" only
