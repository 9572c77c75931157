"""Misspelled question words read as the collection's own words (assistant.answering._spelling)."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant, Settings
from assistant.answering._spelling import corrected, edits1
from assistant.testing import HashingEmbedder, InMemoryStore

VOCABULARY = {"autobuilder", "harbour", "harbours", "ferry", "ferries", "pilots", "pilot", "pivot", "here", "there", "timetable"}
# How many passages each stem occurs in (the keyword index's document frequency).
FREQUENCY = {"pilot": 5, "pivot": 1}


def _fixed(text: str) -> str:
    return corrected(text, has_word=VOCABULARY.__contains__, idf=lambda s: -FREQUENCY.get(s, 0))


def test_edits_one_step_away() -> None:
    near = edits1("ferry")
    assert {"fery", "ferrry", "frery", "berry"} <= near
    assert "ferry" not in near and "fyrre" not in near


def test_a_word_neither_english_nor_the_collections_is_read_as_the_collections() -> None:
    assert _fixed("When does the ferrry leave the habrour?") == "When does the ferry leave the harbour?"
    # The capitals stay as typed.
    assert _fixed("Habrour TIMETBLE") == "Harbour TIMETABLE"
    # Of two words one edit away, the one in more passages.
    assert _fixed("Who is the pirot?") == "Who is the pilot?"
    assert corrected("Who is the pirot?", has_word=VOCABULARY.__contains__, idf=lambda s: FREQUENCY.get(s, 0)) == "Who is the pivot?"


def test_words_that_are_english_known_short_or_part_of_an_address_stay() -> None:
    # English (a function word the word list lacks included), the collection's own, too short.
    for text in ("Where is the ferry?", "Whose ferry is it?", "Although it rains", "the pilots", "a frry"):
        assert _fixed(text) == text
    # The first letter is kept as typed, and a form of a collection's word is matched by its stem.
    assert _fixed("the aferry timetable") == "the aferry timetable"
    assert _fixed("the autobuilders") == "the autobuilders"
    # Nothing one edit away: kept.
    assert _fixed("the zqxwv timetable") == "the zqxwv timetable"
    # Inside an address, a path or an identifier.
    for text in ("see habrour.org", "open /etc/habrour", "call habrour_open()", "the pre-habrour era"):
        assert _fixed(text) == text


DOC = """# The Harbour Guide

The night ferry leaves the harbour at ten. Pilots board every ship that enters the harbour.
"""


def test_a_misspelled_question_is_answered_and_its_reading_shown(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "guide.md").write_text(DOC, encoding="utf-8")
    with Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), embedder=HashingEmbedder(), store=InMemoryStore()) as assistant:
        assistant.ingest()
        answer = assistant.ask("When does the nihgt ferry leave the harbuor?")
        assert answer.read_as == "When does the night ferry leave the harbour?"
        assert answer.outcome == "answered" and "ten" in answer.text
        # Spelled right, nothing is read otherwise.
        assert assistant.ask("When does the night ferry leave the harbour?").read_as is None
