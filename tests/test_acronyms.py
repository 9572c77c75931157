"""An acronym the question names and the passages spell out: the spelled-out name says it for
the sentence scorer's coverage, and the question is embedded with it for the similarity."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.answering import analyze_question
from assistant.answering._compose import _kind_acronym, _vector_with_expansions, acronym_expansion
from assistant.answering._extractive import spelled_by_initials
from assistant.answering._questions import is_acronym
from assistant.testing import HashingEmbedder, InMemoryStore
from assistant.types import Chunk, Passage, SentenceSpan


def _passage(*sentences: str, rank: int = 1) -> Passage:
    spans, at = [], 0
    for text in sentences:
        spans.append(SentenceSpan(start=at, end=at + len(text), text=text))
        at += len(text) + 1
    text = " ".join(sentences)
    chunk = Chunk(id=f"c{rank}", source="notes.md", title="Notes", text=text, start=0, end=len(text), index=0, sentences=tuple(spans))
    return Passage(chunk=chunk, score=1.0, rank=rank)


@pytest.mark.parametrize(
    ("acronym", "sentence", "expected"),
    [
        ("HPA", "The Harbour Pilots Association is an independent body.", True),
        # A function word inside the name adds no letter.
        ("BLS", "Figures from the Bureau of Labor Statistics were used.", True),
        # Opening the sentence, "A" is no part of the name, and does not hide it.
        ("GIL", "A Global Interpreter Lock is used internally.", True),
        # Every capitalised word counts: "Harbour Pilots" is no "HPA".
        ("HPA", "The Harbour Pilots meet in spring.", False),
        ("HPA", "The harbour pilots association meets in spring.", False),
    ],
)
def test_a_run_of_capitalised_words_spells_an_acronym_by_its_initials(acronym: str, sentence: str, expected: bool) -> None:
    assert spelled_by_initials(acronym, sentence) is expected


def test_an_acronym_is_capital_letters_only() -> None:
    assert is_acronym("PSF") and is_acronym("KP")
    assert not any(is_acronym(n) for n in ("Python", "MP3", "A", "Pakistani Taliban Movement"))


def test_an_acronym_is_expanded_from_the_passage_that_spells_it_out() -> None:
    passages = [
        _passage("Ships call at the HPA office before mooring."),
        _passage("The Harbour Pilots Association is an independent body.", "The HPA's mission is to keep the channel safe.", rank=2),
    ]
    assert acronym_expansion("HPA", passages) == "Harbour Pilots Association"
    # Not spelled out anywhere: nothing to expand.
    assert acronym_expansion("HPA", passages[:1]) is None


def test_an_acronym_used_as_a_common_noun_names_a_kind() -> None:
    assert _kind_acronym("PEP", [_passage("Look for a PEP titled “Release Schedule”.")])
    assert _kind_acronym("PEP", [_passage("PEPs are design documents.")])
    assert not _kind_acronym("HPA", [_passage("Donations to the HPA are tax-exempt.")])
    # The acronym is matched as written: "acts" and "an act" are the English word, not ACTs.
    assert not _kind_acronym("ACT", [_passage("The ACT office signs an act or two, and the acts are filed.")])


def test_the_question_is_embedded_with_the_long_form_of_its_acronym() -> None:
    passages = [_passage("The Harbour Pilots Association is an independent body.", "Donations to the HPA are tax-exempt.")]
    embedded: list[str] = []

    def embed(text: str) -> np.ndarray:
        embedded.append(text)
        return np.array([0.0, 1.0])

    question = "What exactly is the HPA?"
    original = np.array([1.0, 0.0])
    vector = _vector_with_expansions(question, analyze_question(question), passages, original, embed)
    assert embedded == ["What exactly is the HPA (Harbour Pilots Association)?"]
    # Both readings weigh alike: the question as asked, and with the long form.
    assert np.allclose(vector, np.array([1.0, 1.0]) / np.sqrt(2.0))

    # No acronym the passages spell out, or one they use as a common noun: the vector as it was.
    embedded.clear()
    plain = "What exactly is the harbour?"
    assert _vector_with_expansions(plain, analyze_question(plain), passages, original, embed) is original
    kinds = [_passage("The Port Entry Plan was adopted.", "Each PEP is reviewed by the board.")]
    asked = "Which PEP covers the channel?"
    assert _vector_with_expansions(asked, analyze_question(asked), kinds, original, embed) is original
    assert embedded == []


NOTES = """# Harbour notes

## Pilots

The Harbour Pilots Association is an independent body that trains and licenses the harbour pilots.

Donations to the HPA are tax-exempt. Members of the HPA meet every month in the old customs house. The HPA's newsletter comes out in spring.
"""


def test_what_is_an_acronym_is_answered_by_the_sentence_naming_it_in_full(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_text(NOTES, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore()) as assistant:
        answer = assistant.ask("What exactly is the HPA?")
    assert answer.outcome == "answered"
    quotes = [c.quote for c in answer.citations]
    assert any(re.search(r"Harbour Pilots Association is an independent body", q) for q in quotes), answer.text
