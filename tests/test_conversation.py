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


def test_plural_pronoun_reaches_back_past_a_singular_question() -> None:
    history = _history("Why are the dock workers striking?") + _history("And the pay part, can you expand?")
    res = resolve_followup("So how do they see the owners?", history)
    assert res.text == "How do the workers see the owners?"  # not "the pay part"
    # With nothing plural to stand for, "they" stays as it is.
    assert "they" in resolve_followup("How do they see it?", _history("And the pay part?")).text


def test_elliptical_question_retrieves_with_the_previous_one() -> None:
    res = resolve_followup("why?", _history("Will the attacks continue?"))
    assert res.is_followup
    assert "Will the attacks continue?" in res.query


def test_standalone_question_after_history_is_kept() -> None:
    res = resolve_followup("What is the capital of the region of Waziristan?", _history("Who wrote it?"))
    assert res.text == "What is the capital of the region of Waziristan?"
    assert not res.is_followup


# -- entities: people picked out of the conversation's lists -----------------------------

from assistant.answering._followups import conversation_entities, is_person_name, resolve_references  # noqa: E402

_AUTHORS = {
    "grounded": True,
    "answer": "Mara Lind and Oskar Berg [1].",
    "citations": [{"kind": "details", "field": "authors", "quote": "Mara Lind; Oskar Berg", "start": 0, "end": 0}],
}


def test_person_names_are_told_from_organisations_by_their_words() -> None:
    for name in ("Jane Doe", "Nora Al Habsi", "Guido van Rossum", "Ian Murdock"):
        assert is_person_name(name), name
    for name in ("Scientific Publications Department", "Python Software Foundation", "Debian Project Leader", "TTP",
                 "TRENDS Research and Advisory"):
        assert not is_person_name(name), name


def test_entities_keep_the_listed_order_of_the_details() -> None:
    entities = conversation_entities(_history("Who wrote the report?", _AUTHORS))
    assert [e.text for e in entities if e.kind == "person"][:2] == ["Mara Lind", "Oskar Berg"]


def test_other_author_and_colleague_pick_the_one_not_talked_about() -> None:
    history = _history("Who wrote the report?", _AUTHORS)
    assert resolve_followup("What is her role?", history).text == "What is Mara Lind's role?"
    assert resolve_followup("And the other author?", history).text.startswith("Oskar Berg")
    asked_about_lind = [
        *history,
        Turn(role="user", content="What does Mara Lind study?", resolved="What does Mara Lind study?"),
        Turn(role="assistant", content="", answer={"grounded": True, "answer": "Harbours [1].", "citations": []}),
    ]
    assert resolve_followup("What about her colleague?", asked_about_lind).text == "Oskar Berg?"
    assert resolve_followup("Where does her colleague work?", asked_about_lind).text == "Where does Oskar Berg work?"


def test_positions_count_in_the_documents_details_without_a_conversation() -> None:
    documents = [{"authors": "Mara Lind; Oskar Berg; Ines Costa"}]
    assert resolve_references("What does the second author study?", [], documents) == "What does Oskar Berg study?"
    assert resolve_references("What is the last author's job?", [], documents) == "What is Ines Costa's job?"
    assert resolve_references("What does the fifth author study?", [], documents) == "What does the fifth author study?"
