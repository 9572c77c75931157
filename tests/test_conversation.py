"""Follow-up resolution against the conversation so far."""

from __future__ import annotations

from assistant.answering._followups import resolve_followup
from assistant.types import Turn


def _history(question: str, answer: dict | None = None) -> list[Turn]:
    return [
        Turn(role="user", content=question, resolved=question),
        Turn(role="assistant", content="", answer=answer or {"grounded": False, "citations": []}),
    ]


def test_first_message_is_not_a_followup() -> None:
    res = resolve_followup("Who wrote the report?", [])
    assert not res.is_followup
    assert res.text == res.query == "Who wrote the report?"


def test_person_pronoun_takes_the_name_from_the_grounded_answer() -> None:
    answer = {"grounded": True, "answer": "Written by Jane Doe, a historian.", "citations": []}
    res = resolve_followup("What is her role?", _history("Who wrote the report?", answer))
    assert res.text == "What is Jane Doe's role?"
    assert res.is_followup


def test_plural_pronoun_takes_the_last_plural_noun() -> None:
    res = resolve_followup("What were they aimed at?", _history("Where did the army carry out airstrikes?"))
    assert res.text == "What were the airstrikes aimed at?"


def test_elliptical_question_retrieves_with_the_previous_one() -> None:
    res = resolve_followup("why?", _history("Will the attacks continue?"))
    assert res.is_followup
    assert "Will the attacks continue?" in res.query


def test_standalone_question_after_history_is_kept() -> None:
    res = resolve_followup("What is the capital of the region of Waziristan?", _history("Who wrote it?"))
    assert res.text == "What is the capital of the region of Waziristan?"
    assert not res.is_followup
