"""Question analysis: answer types, the asked relation (head), clauses, follow-up merging."""

from __future__ import annotations

import pytest

from assistant.questions import analyze_followup, analyze_question, clause_spans, has_answer_type


@pytest.mark.parametrize(
    ("question", "answer_type", "head"),
    [
        ("Who leads the group?", "person", "lead"),
        ("Who ordered the strikes in the north?", "person", "order"),
        ("How many fighters does the movement have?", "number", "fight"),
        ("What books has the author written?", "any", "book"),
        ("When was the report published?", "date", ""),
        ("In what year did the war end?", "date", ""),  # "year" only names the answer's kind
        ("Who do the attacks target?", "any", ""),  # object question: not necessarily a name
    ],
)
def test_answer_type_and_head(question: str, answer_type: str, head: str) -> None:
    info = analyze_question(question)
    assert info.answer_type == answer_type
    assert info.head == head


def test_head_skips_names_in_the_question() -> None:
    assert analyze_question("Who was the Taliban's leader then?").head == "lead"


def test_light_verbs_are_not_focus_terms() -> None:
    info = analyze_question("Where did the army carry out raids?")
    assert "carry" not in info.focus
    assert "raid" in info.focus


def test_acronym_expansion_question() -> None:
    info = analyze_question("What does NATO stand for?")
    assert info.acronym == "NATO"
    assert analyze_question("What does NATO do?").acronym == ""


def test_what_role_asks_for_a_reason() -> None:
    assert analyze_question("What role does the rivalry play?").answer_type == "reason"


def test_clause_spans_index_the_sentence() -> None:
    sentence = "The report names two regions, which already suffer from unrest due to the fighting."
    spans = clause_spans(sentence)
    parts = [sentence[a:b] for a, b in spans]
    assert parts == ["The report names two regions", "which already suffer from unrest", "due to the fighting"]


def test_person_answer_needs_a_name_not_in_the_question() -> None:
    info = analyze_question("Who wrote the report?")
    assert has_answer_type("It was written by Jane Doe.", info)
    assert not has_answer_type("It was written by experts.", info)


def test_followup_keeps_the_topic_and_takes_what_is_asked_from_the_message() -> None:
    info = analyze_followup("Who leads it?", "Who leads it? Which militant alliances are growing?")
    assert info.answer_type == "person"
    assert info.head == "lead"
    assert "allianc" in info.focus or "alliance" in info.focus
