"""Answer selection over a small real HTML page: headings are section boundaries and never
answers, the body under the heading that matches the question is, and select() exposes
the scored candidates, the probability and the outcome band."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answering._questions import analyze_question, is_cross_reference, is_label_like
from assistant.documents import load
from assistant.documents._chunking import chunk_document
from tests.plugins.selection import selection_harness

PAGE = """<html><head><title>Widget FAQ</title></head><body><div role="main">
<h1>Widget FAQ</h1>
<ul><li>How do I reset a widget?</li><li>Why is my widget slow?</li></ul>
<h2>How do I reset a widget?</h2>
<p>Hold the side button for ten seconds until the light blinks twice. The widget then restarts with its factory settings.</p>
<p>See the section on updates below for more.</p>
<h2>Why is my widget slow?</h2>
<p>A widget slows down when its cache is full. Clearing the cache from the settings menu restores its speed.</p>
</div></body></html>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("page")
    (folder / "faq.html").write_text(PAGE, encoding="utf-8")
    document = load(folder / "faq.html", corpus_dir=folder)
    chunks = chunk_document(document, size=400)
    harness = selection_harness(chunks, embedder)
    return {"document": document, "chunks": chunks, "select": harness.select, "harness": harness}


def test_html_headings_split_chunks_and_name_their_sections(page: dict[str, Any]) -> None:
    document = page["document"]
    assert [document.text[h.start : h.end] for h in document.headings] == [
        "Widget FAQ", "How do I reset a widget?", "Why is my widget slow?"
    ]
    sections = {c.section for c in page["chunks"]}
    assert "Widget FAQ > How do I reset a widget?" in sections
    assert "Widget FAQ > Why is my widget slow?" in sections
    starts = {h.start for h in document.headings}
    for chunk in page["chunks"]:
        # No chunk runs across a heading: a heading is only ever a chunk's first sentence.
        assert all(s.start not in starts for s in chunk.sentences[1:])


def test_the_body_under_the_matching_heading_answers(page: dict[str, Any]) -> None:
    selection = page["select"]("How can I reset my widget?")
    assert selection.band == "answered" and selection.chosen
    # Quoted from the body of the section whose heading matches, not from the table of contents.
    assert selection.chosen[0].section == "Widget FAQ > How do I reset a widget?"
    assert all(not c.is_heading and not c.sentence.text.endswith("?") for c in selection.chosen)
    probabilities = [c.probability for c in selection.candidates]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probabilities) and 0.0 <= selection.probability <= 1.0
    headings = [c for c in selection.candidates if c.is_heading]
    assert headings and all(c.probability < selection.chosen[0].probability for c in headings)


def test_answer_quotes_what_select_chose(page: dict[str, Any]) -> None:
    question = "Why does a widget get slow?"
    selection = page["harness"].select(question)
    answer = page["harness"].answer(question)
    assert answer.grounded and selection.band == "answered"
    assert [c.quote for c in answer.citations] == [c.sentence.text for c in selection.chosen]
    assert "cache is full" in answer.text


def test_an_unrelated_question_is_not_answered(page: dict[str, Any]) -> None:
    selection = page["select"]("Who invented the widget and in which year?")
    assert selection.band != "answered" and not selection.chosen


def test_structure_lines_are_recognised() -> None:
    assert is_cross_reference("See the section on updates below for more.")
    assert not is_cross_reference("Hold the side button for ten seconds.")
    assert is_label_like("2.1 Installing the widget")
    assert is_label_like("Frequently asked questions")
    assert not is_label_like("The widget restarts with its factory settings.")
    # An ellipsis closes a statement as a full stop does.
    assert not is_label_like("The widget is therefore not threatened by rust…")


def test_question_reading_rules() -> None:
    assert analyze_question("What happens when I import a module twice?").answer_type == "any"
    assert analyze_question("When was Debian founded?").answer_type == "date"
    assert analyze_question("And when did it start?").answer_type == "date"
    now = analyze_question("Now, I'd like to know: does Python run on Linux?")
    assert "Now" not in now.names and not any(n.startswith("I'") for n in now.names)
    assert analyze_question("Is Python available on Linux?").names == ("Python", "Linux")
    where = analyze_question("Where is the os module documented?")
    from assistant.answering._questions import has_answer_type

    assert where.answer_type == "place"
    assert has_answer_type("It is documented in the library reference under the os package.", where)


def test_same_relation_pairs_a_verb_with_its_noun() -> None:
    from assistant.answering._extractive import same_relation
    from assistant.text import stem

    assert same_relation(stem("directs"), stem("direction"))
    assert same_relation(stem("organises"), stem("organization"))  # British and American spelling
    assert same_relation(stem("governs"), stem("government"))
    # -ion spells a final d, de or t of its base s or ss.
    assert same_relation(stem("extends"), stem("extensions"))
    assert same_relation(stem("decided"), stem("decision"))
    assert same_relation(stem("permit"), stem("permission"))
    assert not same_relation(stem("mist"), stem("mission"))
    # A longer word that is not a nominalisation is another word.
    assert not same_relation(stem("directs"), stem("directory"))
    # A short verb and its agent noun ("use" / "users"), but no other suffix on a short stem.
    assert same_relation(stem("use"), stem("users"))
    assert not same_relation(stem("use"), stem("usage"))


def test_irregular_forms_share_a_lemma_stem() -> None:
    from assistant.answering._questions import lemma_stem as _lemma_stem

    assert _lemma_stem("led") == _lemma_stem("leads")
    assert _lemma_stem("wrote") == _lemma_stem("written") == _lemma_stem("write")
    assert _lemma_stem("paid") != _lemma_stem("pad")
    # Regular forms of words too short for the stemmer: the base must be a WordNet lemma and
    # the form none itself ("seed" is its own word, not a past tense of "see").
    assert _lemma_stem("died") == _lemma_stem("die") == _lemma_stem("dies")
    assert _lemma_stem("uses") == _lemma_stem("use")
    assert _lemma_stem("seed") != _lemma_stem("see")
    assert _lemma_stem("need") == "need"


def test_an_agent_described_by_who_answers_a_who_question() -> None:
    from assistant.answering._extractive import describes_agent

    # The asked relation and the personal relative pronoun in one window.
    assert describes_agent("the project secretary, who is in charge of the organization of votes", {"organization"})
    assert describes_agent("the one who does things gets to decide how to do them", {"decide"})
    # Without "who" a sentence holding the relation names no agent ("votes are organised yearly").
    assert not describes_agent("votes are organised yearly", {"organised"})
    # "who" without the relation describes someone else.
    assert not describes_agent("developers who maintain packages", {"organization"})


def test_an_agent_named_by_a_noun_for_people_answers_a_who_question() -> None:
    from assistant.answering._extractive import names_agent

    question = "Who started the ferry service?"
    # A person noun in the plural, or after a determiner, before the asked relation.
    assert names_agent("A group of sailors opposed to the tolls started the ferry service", {"started"}, question)
    assert names_agent("the mayor has real authority; he started it", {"started"}, question)
    # Not after the relation, not without a determiner in the singular, not the question's own.
    assert not names_agent("The ferry service started with two sailors", {"started"}, question)
    assert not names_agent("Mayor Lind's budget started the ferry service", {"started"}, question)
    assert not names_agent("the sailors' ferry service started", {"started"}, "Which sailors started the ferry service?")
    # A relation's word that itself names people says who they are no more than the question.
    assert not names_agent("releasing its members and leaders", {"leaders"}, "Who leads the group?")


def test_a_passive_agent_answers_a_who_question_in_other_words() -> None:
    from assistant.answering._extractive import passive_agent

    question = analyze_question("Who looks after the ferry timetable?")
    # The passive's "by" phrase names who does its verb, whatever verb the question uses.
    assert passive_agent(question, "The ferry timetable is maintained by Anna Lind (and previously by Jon Berg).")
    assert passive_agent(question, "The timetable was sponsored by the harbour board for one year.")
    assert passive_agent(question, "The timetable's pages are managed by volunteers of the harbour team.")
    # The passive's subject must say the question's topic, and its agent none of its words.
    assert not passive_agent(question, "The harbour was built by Anna Lind.")
    assert not passive_agent(analyze_question("Who leads the harbour team?"), "The harbour's ferries are run by the harbour team.")
    assert passive_agent(question, "The ferry timetable is made by Anna Lind.")
    # A subject that is the question's name says what it asks about; an agent holding a word
    # the question does not say is no restatement of it.
    assert passive_agent(analyze_question("Who succeeded Jon Berg as harbour master?"), "Jon Berg was replaced by Anna Lind in 1998.")
    assert passive_agent(analyze_question("Who runs the harbour's ferries?"), "The harbour's ferries are managed by the harbour team.")
    # A "by" phrase of manner, means or time, or a gerund, names no doer.
    assert not passive_agent(question, "The ferry timetable is updated by hand every spring.")
    assert not passive_agent(question, "The timetable is printed by default in the guide.")
    assert not passive_agent(question, "The timetable is kept current by checking the harbour's notices.")
    # No passive, or no who-question: nothing is read.
    assert not passive_agent(question, "Anna Lind walked by the ferry timetable.")
    assert not passive_agent(analyze_question("When was the ferry timetable made?"), "It was made by Anna Lind.")


def test_title_lines_are_never_quoted(embedder: Any, tmp_path: Any) -> None:
    # A sidebar's title sits in the body of a section, not in its heading trail: it reads like a
    # label and is not quoted, while the sidebar's sentences and a bare link line are.
    page = """<html><body><div role="main"><h1>Widget guide</h1>
<div class="sidebar"><p class="title"><strong>HISTORY The origin of the widget name</strong></p>
<p>The name widget is a blend of the words window and gadget.</p></div>
<p>Widgets are sold in three colours.</p>
<p>The driver for every widget is at:</p><p>https://example.org/widget-driver</p>
</div></body></html>"""
    (tmp_path / "guide.html").write_text(page, encoding="utf-8")
    chunks = chunk_document(load(tmp_path / "guide.html", corpus_dir=tmp_path), size=400)
    harness = selection_harness(chunks, embedder)
    origin = harness.select("What is the origin of the widget name?")
    assert any(c.sentence.text.startswith("HISTORY") for c in origin.candidates)
    assert origin.chosen and all(not c.sentence.text.startswith("HISTORY") for c in origin.chosen)
    assert "window and gadget" in harness.answer("What is the origin of the widget name?").text
    link = harness.answer("Where is the widget driver?")
    assert "https://example.org/widget-driver" in link.text


def test_a_works_credit_by_name_says_who_wrote_it() -> None:
    from assistant.answering._extractive import _credited_work

    credited = "It was studied in an article called Counting Harbours: The Size of the Fleet, by Mara Lind and Oskar Berg."
    assert _credited_work(analyze_question("Who wrote Counting Harbours?"), credited)
    assert _credited_work(analyze_question("Who penned Counting Harbours?"), "by Mara Lind, Oskar Berg")
    # Only who wrote it: "by <name>" after another verb names another relation's agent.
    assert not _credited_work(analyze_question("Who founded the guild?"), credited)
    assert not _credited_work(analyze_question("Who wrote Counting Harbours?"), "It was moored by the river in 1990.")


def test_a_phrasal_verb_is_not_said_by_the_same_verb_with_another_particle() -> None:
    from assistant.answering._extractive import _same_relation_tokens

    asked = analyze_question("Who looks after the harbour timetable?")
    words = "look for the harbour timetable in the hall".split()
    # "Look for" is another verb than "look after"; "looks" alone and "looked after" still say it.
    assert not _same_relation_tokens(asked, words, lambda t: t.startswith("look"))
    assert _same_relation_tokens(asked, "anna looks at nothing else and looks daily".split(), lambda t: t.startswith("look")) == {"looks"}
    assert _same_relation_tokens(asked, "it is looked after by anna".split(), lambda t: t.startswith("look")) == {"looked"}
    # A question whose verb is no phrasal verb keeps every use of it.
    plain = analyze_question("Who maintains the harbour timetable?")
    assert _same_relation_tokens(plain, "anna maintains it for the board".split(), lambda t: t.startswith("maintain"))
