"""Follow-up resolution against the conversation so far."""

from __future__ import annotations

from assistant.answering._followups import answer_may_repeat, points_into_answer, repeats_shown, resolve_followup
from assistant.answering._questions import analyze_question
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


def test_only_the_first_person_pronoun_is_replaced_by_the_name() -> None:
    # Later pronouns go on pointing back to the name, as a reader would write it.
    answer = {"grounded": True, "answer": "Written by Jane Doe, a historian.", "citations": []}
    res = resolve_followup("Where did she work while she wrote it?", _history("Who wrote the report?", answer))
    assert res.text.startswith("Where did Jane Doe work while she wrote")
    res = resolve_followup("What did her team do while she was away?", _history("Who wrote the report?", answer))
    assert res.text.startswith("What did Jane Doe's team do while she was away")


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
    res = resolve_followup("And in the north?", _history("Will the attacks continue?"))
    assert res.is_followup
    assert "Will the attacks continue?" in res.query
    # A lone wh-word is the previous question asked with it.
    res = resolve_followup("why?", _history("Will the attacks continue?"))
    assert res.is_followup and res.text == "Why will the attacks continue?"
    assert "the attacks continue" in res.query


def test_a_whole_question_after_a_continuing_and_asks_on_its_own() -> None:
    answer = {"grounded": True, "answer": "Jane Doe first chaired the guild in 1990 [1].", "citations": []}
    history = _history("Who chaired the harbour guild first?", answer)
    res = resolve_followup("And who replaced her as chair, and when?", history)
    assert res.text == "Who replaced Jane Doe as chair, and when?"
    # Its own words are its topic and its query: the question before would dilute them.
    assert res.query == res.text and "first" not in res.query
    # Still elliptical: too few words of its own, a substitute "one", a thing pronoun, "what about".
    for message in ("And who else?", "And what about the second one?", "And how was it funded?", "So the newer ones?"):
        assert "Who chaired the harbour guild first?" in resolve_followup(message, history).query, message


def test_an_opener_goes_with_the_punctuation_after_it() -> None:
    history = _history("How many ferries cross to Tarnwick?")
    for message in ("OK. Who runs the harbour guild?", "Ok! Who runs the harbour guild?", "Okay, who runs the harbour guild?"):
        assert resolve_followup(message, history).text == "Who runs the harbour guild?", message
    res = resolve_followup("And... where?", history)
    assert res.text == "Where?" and "How many ferries cross to Tarnwick?" in res.query


def test_an_acknowledgement_before_the_question_is_set_aside() -> None:
    def read(*turns: str) -> str:
        history = [Turn(role="user", content=t) for t in turns[:-1]]
        return resolve_followup(turns[-1], history).text

    # "Who wrote it?" reads "it" as a written work, whatever thanks come first.
    assert read("How many ferries cross to Tarnwick?", "Thanks. And who wrote it?") == "Who wrote it?"
    assert read("When did the new bridge open?", "Great, thank you! How long is it?") == "How long is the new bridge?"
    assert resolve_followup("Thanks. Who runs the harbour guild?", []).text == "Who runs the harbour guild?"
    # A message that only thanks, or whose first sentence says more, stays as it is.
    assert read("When did the new bridge open?", "Thanks.") == "Thanks."
    assert read("When did the new bridge open?", "I see the tolls. How long is it?").startswith("I see the tolls.")


def test_a_short_question_naming_something_new_asks_on_its_own() -> None:
    history = _history("Is the harbour named after a river?")
    res = resolve_followup("What is the TPA?", history)
    assert res.text == "What is the TPA?" and res.query == "What is the TPA?"
    # Without a name of its own it still leans on the question before.
    assert "Is the harbour named after a river?" in resolve_followup("What is it?", history).query


def test_a_request_in_the_imperative_asks_on_its_own() -> None:
    history = _history("When did the new bridge open?")
    for message in ("List the harbour ferries.", "Give me the ferry timetable."):
        res = resolve_followup(message, history)
        assert res.query == res.text == message, message
    # A bare pronoun object still leans on the question before.
    assert "When did the new bridge open?" in resolve_followup("List them.", history).query


def test_an_ordinal_without_its_noun_counts_in_the_series_asked_about() -> None:
    history = _history("Which ferries sailed from Tarnwick in the 1990s?")
    assert resolve_followup("Which was the first?", history).text == "Which was the first ferry?"
    # "it" standing for that ordinal gets its noun too; "the second one" goes on in the series,
    # not with the last plural noun asked about.
    asked_first = [
        *history,
        Turn(role="user", content="Which was the first?", resolved="Which was the first ferry?"),
        Turn(role="assistant", content="", answer={"grounded": False, "citations": []}),
    ]
    assert resolve_followup("When did it sail?", asked_first).text == "When did the first ferry sail?"
    counted = [
        *asked_first,
        Turn(role="user", content="How many cars did it carry?", resolved="How many cars did the first ferry carry?"),
        Turn(role="assistant", content="", answer={"grounded": False, "citations": []}),
    ]
    assert resolve_followup("And the second one?", counted).text == "The second ferry?"


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


def test_a_name_ending_in_a_company_abbreviation_or_a_noun_for_a_body_is_no_persons() -> None:
    # The closing abbreviations of companies and WordNet's nouns for groups (noun.group).
    for name in ("Canonical Ltd.", "Acme Corp", "Harbour Islamic Party", "Red Army", "Harbour Team"):
        assert not is_person_name(name), name
    for name in ("Sam Jones Jr.", "Mara Lind"):
        assert is_person_name(name), name


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


def test_a_bare_possessive_asks_the_last_question_of_the_other_person() -> None:
    history = [
        *_history("Who wrote the report?", _AUTHORS),
        Turn(role="user", content="What is Mara Lind's role?", resolved="What is Mara Lind's role?"),
        Turn(role="assistant", content="", answer={"grounded": True, "answer": "Surveyor [1].", "citations": []}),
    ]
    for message in ("And his?", "What about his?", "and hers?"):
        assert resolve_followup(message, history).text == "What is Oskar Berg's role?", message
    # No person in the last question: nothing to swap.
    assert resolve_followup("And his?", _history("Where is the harbour?")).text != "Where is the harbour?"


def test_a_pronoun_keeps_the_gender_the_readers_own_pronouns_gave() -> None:
    history = [
        *_history("Who wrote the report?", _AUTHORS),
        Turn(role="user", content="What is Mara Lind's role?", resolved="What is Mara Lind's role?"),
        Turn(role="assistant", content="", answer={"grounded": True, "answer": "Surveyor [1].", "citations": []}),
        Turn(role="user", content="And his?", resolved="What is Oskar Berg's role?"),
        Turn(role="assistant", content="", answer={"grounded": True, "answer": "Pilot [1].", "citations": []}),
    ]
    # "his" was read as Oskar Berg, so "her" is the other author; "he" stays Oskar Berg.
    assert resolve_followup("Where does she work?", history).text == "Where does Mara Lind work?"
    assert resolve_followup("Where does he work?", history).text == "Where does Oskar Berg work?"


def test_positions_count_in_the_documents_details_without_a_conversation() -> None:
    documents = [{"authors": "Mara Lind; Oskar Berg; Ines Costa"}]
    assert resolve_references("What does the second author study?", [], documents) == "What does Oskar Berg study?"
    assert resolve_references("What is the last author's job?", [], documents) == "What is Ines Costa's job?"
    assert resolve_references("What does the fifth author study?", [], documents) == "What does the fifth author study?"


# -- the last answer as referent: list items, its answer phrase, what it said ------------

from assistant.answering._followups import answer_items  # noqa: E402


def _answered(text: str, quote: str = "") -> dict:
    citations = [{"kind": "text", "quote": quote or text, "start": 0, "end": 0}]
    return {"grounded": True, "answer": text, "citations": citations}


def test_list_items_of_the_last_answer() -> None:
    assert answer_items(_answered("There are two editions of the atlas: 1.x and 2.x. [1]")) == ["1.x", "2.x"]
    assert answer_items(_answered("Firms that use the atlas include Acme, Globex, and Initech Ltd. [1]")) == [
        "Acme", "Globex", "Initech Ltd"
    ]
    extracted = "Harbours publish three guides: Port Alba for sailors, Port Brava for divers, Port Cala for children, etc."
    assert answer_items(_answered(extracted)) == ["Port Alba", "Port Brava", "Port Cala"]
    # Two phrases joined by "and" without a colon are no list; nor is a cross-reference's title.
    assert answer_items(_answered("The pier was rebuilt and painted in spring. [1]")) == []
    assert answer_items(_answered("More is in Section 2, “Ports and Piers”, dedicated to that purpose. [1]")) == []
    assert answer_items(None) == []


def test_semicolons_part_list_items_that_hold_commas() -> None:
    listed = (
        "Among the common tools, you can find: [1] the harbour almanac (tides), which lists, for each port, the tides; [2] "
        "pilot charts, such as the Alba and Brava sets, showing the currents; [3] the buoy register, which gives "
        "every buoy's colour. [4]"
    )
    assert answer_items(_answered(listed)) == ["the harbour almanac (tides)", "pilot charts", "the buoy register"]


def test_clauses_that_each_open_with_a_name_list_those_names() -> None:
    clauses = (
        "Acme sold its harbour division in 2001, Globex declared bankruptcy on January 17th 2001, "
        "and Initech ceased trading on October 1st, 2001. [1]"
    )
    assert answer_items(_answered(clauses)) == ["Acme", "Globex", "Initech"]
    # Clauses opening with common words name nothing.
    assert answer_items(_answered("Many ships left in 2001, some stayed for repairs, and the rest were sold. [1]")) == []


def test_a_position_picks_the_item_of_the_last_answers_list() -> None:
    history = _history("Which editions of the atlas are there?", _answered("There are two editions of the atlas: 1.x and 2.x. [1]"))
    assert resolve_followup("Is the first one still sold?", history).text == "Is 1.x still sold?"
    assert resolve_followup("And the last one?", history).text == "2.x?"
    # Without a list, "the first one" is the first of the things the question asked about.
    res = resolve_followup("When was the first one printed?", _history("Are there printed maps of the harbour?"))
    assert res.text == "When was the first map printed?"


def test_it_is_the_thing_the_last_exchange_brought_in() -> None:
    # The thing the question named, with its determiner.
    assert resolve_followup("Who started it?", _history("What is Tarnwick?")).text == "Who started Tarnwick?"
    assert resolve_followup("How slow did it get?", _history("Has anyone tried removing the GIL?")).text == (
        "How slow did the GIL get?"
    )
    # "Is there a ferry to X?": the question brings in the ferry.
    assert resolve_followup("How busy is it?", _history("Is there a ferry serving Tarnwick?")).text == (
        "How busy is the ferry?"
    )
    # "Which company ...?": the company the answer named, not the thing asked about.
    answer = _answered("Acme Ltd [1]. Acme Ltd built the Tarnwick ferry. [1]")
    assert resolve_followup("Who founded it?", _history("Which company built the Tarnwick ferry?", answer)).text == (
        "Who founded Acme Ltd?"
    )
    # Without the phrase: the name the answer gives that the question did not, else the noun asked.
    answer = _answered("Ferries on that line are run by Acme Ltd, a shipping firm. [1]")
    assert resolve_followup("Who founded it?", _history("Which company runs the Tarnwick ferry?", answer)).text == (
        "Who founded Acme Ltd?"
    )
    assert resolve_followup("Who founded it?", _history("Which company runs the Tarnwick ferry?")).text == (
        "Who founded the company?"
    )
    # A person's name is no thing of a kind no person can be: an answer opening with a note by
    # its writer leaves the ferry asked about, not the writer.
    answer = _answered("Here is a note, written by Mara Lind: [1] I worked on the ferry at the harbour. [2]")
    assert resolve_followup("How old is it?", _history("Which ferry at the harbour inspired the song?", answer)).text == (
        "How old is the ferry?"
    )
    # The person the question's own "he" stands for is not what its "it" stands for: "it" is
    # left for the document, not read as the same person twice.
    answer = _answered("a ferry pilot at the harbour [1]. Mara Lind, a ferry pilot at the harbour, wrote the guide. [1]")
    resolved = resolve_followup("Did she write it alone?", _history("Who is Mara Lind?", answer)).text
    assert resolved == "Did Mara Lind write it alone?"
    # A clause the answer led with is no "it": a pronoun stands for a noun phrase. The noun
    # phrase of the question stands in ("the standard module", not "the standard").
    answer = _answered("you still can't plan night crossings [1]. The tide module does it (though you still can't plan night crossings). [1]")
    res = resolve_followup("What can't it plan?", _history("Which standard module plans ferry crossings?", answer))
    assert res.text == "What can't the standard module plan?"
    # A lead opening with its article keeps it, in lower case inside the question.
    answer = _answered("The tide timetable module [1]. The tide timetable module plans them. [1]")
    res = resolve_followup("What can't it plan?", _history("Which standard module plans ferry crossings?", answer))
    assert res.text == "What can't the tide timetable module plan?"
    # A list the answer led with is no "it".
    answer = _answered("Acme, Globex, and Initech [1]. Firms that use the ferry include Acme, Globex, and Initech. [1]")
    res = resolve_followup("Since when has the first one used it?", _history("Which firms use the Tarnwick ferry?", answer))
    assert res.text == "Since when has Acme used the Tarnwick ferry?"
    assert resolve_followup("Is it late?", _history("When does the Tarnwick ferry leave?")).text == "Is the Tarnwick ferry late?"
    # "What's the best X ...?": the X the answer identifies, not a name the question happens to hold.
    answer = _answered("The most important boat to hire on the Tarnwick coast is the harbour-master boat. [1]")
    res = resolve_followup("What happens when I hire it?", _history("What's the single best boat to take before sailing Tarnwick waters?", answer))
    assert res.text == "What happens when I hire the harbour-master boat?"


def test_he_is_the_person_the_last_answer_led_with() -> None:
    answer = _answered("Mara Lind [1]. Mara Lind founded Tarnwick in 1990. [1]")
    res = resolve_followup("When did he create it?", _history("Who founded Tarnwick?", answer))
    assert res.text == "When did Mara Lind create Tarnwick?"


def test_a_message_leaning_on_the_last_answer_retrieves_with_it() -> None:
    quote = "Harbour dues use the sliding tariff to set a fee by tonnage"
    history = _history("Can dues depend on a ship's size?", _answered(quote + ". [1]", quote))
    res = resolve_followup("What is that tariff called?", history)
    assert res.is_followup and res.text == "What is that tariff called?"
    # Retrieval sees the previous question and the answer's sentence; the question's topic
    # (what the answer must be about) stays the message's own.
    assert "Can dues depend on a ship's size?" in res.query and quote in res.query
    assert res.topic == "What is that tariff called?"
    res = resolve_followup("What triggered that in particular?", history)
    assert quote in res.query
    # "the tariff": a definite noun the answer said and the question before did not.
    res = resolve_followup("What is the tariff called?", history)
    assert res.is_followup and quote in res.query
    # One the question before said ("the ship") points no further than that question.
    res = resolve_followup("What is the ship called?", history)
    assert quote not in res.query
    # A "he" the conversation gave no person for borrows nothing.
    res = resolve_followup("Where was he born?", _history("Who built the pier?"))
    assert res.query == "Where was he born?"
    # "which one" leans on the list before it.
    res = resolve_followup("Which one suits small boats?", _history("Which tariffs do the harbours use?"))
    assert res.is_followup and "Which tariffs do the harbours use?" in res.query


def test_who_wrote_it_reads_it_as_a_written_work() -> None:
    def read(*turns: str) -> str:
        history = [Turn(role="user", content=t) for t in turns[:-1]]
        return resolve_followup(turns[-1], history).text

    # The last question's topic when it is a written work, else the document named earlier.
    assert read("When was the first paper written?", "Who wrote it?") == "Who wrote the first paper?"
    assert read("Tell me about the report.", "Who wrote it?") == "Who wrote the report?"
    # A topic that is no written work is not what was written: the pronoun stays for the
    # details reading, which takes it for the document.
    assert read("When did the new bridge open?", "Who wrote it?") == "Who wrote it?"
    # Other details keep the thing reading: software is released too.
    assert read("What is Quillmark?", "When was it first released?") == "When was Quillmark first released?"


def test_after_an_inverted_auxiliary_the_subject_stops_before_the_verb() -> None:
    history = [Turn(role="user", content="When did the new bridge open?")]
    assert resolve_followup("How long is it?", history).text == "How long is the new bridge?"
    history = [Turn(role="user", content="Does the new bridge have a name?")]
    assert resolve_followup("How long is it?", history).text == "How long is the new bridge?"


# -- referents by agreement: whole names, people, subjects; sluices ----------------------

from assistant.answering._followups import is_person_in, question_subject, sluice_reading, whole_names  # noqa: E402


def test_names_are_taken_whole() -> None:
    assert whole_names("Who led the effort to create Software in the Public Interest?") == [
        "Software in the Public Interest"
    ]
    # A capitalised English word opening a title that runs to the end is the whole title.
    assert whole_names("Who wrote Counting harbours?") == ["Counting harbours"]
    # Not when a preposition follows: "Testing" is named, then the clause goes on.
    assert whole_names("What happens to Testing during the freeze?") == ["Testing"]
    # An acronym opens no title, though it spells an English word ("cran", a measure of herring).
    assert whole_names("Where is the main CRAN server hosted?") == ["CRAN"]
    res = resolve_followup("What was it originally for?", _history("Who led the effort to create Trust for the Public Harbour?"))
    assert res.text == "What was Trust for the Public Harbour originally for?"
    res = resolve_followup("What did it estimate?", _history("Who wrote Counting harbours?"))
    assert res.text == "What did Counting harbours estimate?"


def test_a_name_used_as_a_place_or_thing_is_no_person() -> None:
    quote = "More news can be found on Harbour Notes, which collects articles by local sailors."
    assert not is_person_in("Harbour Notes", quote)
    assert is_person_in("Mara Lind", "Tarnwick was founded by Mara Lind, a surveyor.")
    # "he" finds no person in an answer that only names a website; "it" is still read.
    res = resolve_followup("When did he create it?", _history("Who founded Tarnwick?", _answered(quote)))
    assert res.text == "When did he create Tarnwick?"


def test_after_a_question_asking_who_he_is_the_person_the_answer_gave() -> None:
    answer = _answered("When Mara Lind retired, she appointed Oskar Berg as the next harbour master. [1]")
    history = _history("Who did Mara Lind appoint as harbour master?", answer)
    assert resolve_followup("Why him?", history).text == "Why Oskar Berg?"
    assert resolve_followup("And who replaced him?", history).text == "Who replaced Oskar Berg?"
    # A question not asking who keeps the person it named.
    history = _history("Where did Mara Lind work?", answer)
    assert resolve_followup("When did she retire?", history).text == "When did Mara Lind retire?"


def test_who_is_a_named_person_keeps_that_person_for_she() -> None:
    # "Who is X?" is answered by a description of X, which may name others (a report's title,
    # a colleague): "she" is still X.
    answer = _answered(
        "The survey of Tarnwick Harbour, written by Mara Lind, a surveyor, and Oskar Berg, "
        "a harbour master, describes the new quays. [1]"
    )
    history = _history("Who is Mara Lind?", answer)
    assert resolve_followup("How old is she?", history).text == "How old is Mara Lind?"
    # Asking who did something still takes the person the answer gave.
    history = _history("Who wrote the survey with Mara Lind?", _answered("Oskar Berg co-wrote the survey. [1]"))
    assert resolve_followup("How old is he?", history).text == "How old is Oskar Berg?"


def test_it_is_the_subject_of_the_last_question() -> None:
    assert question_subject("When was tidal mapping introduced?") == "tidal mapping"
    assert question_subject("How does a ship get into the harbour?") == "the ship"
    assert question_subject("What does Tarnwick's harbour board decide on?") == "Tarnwick's harbour board"
    assert question_subject("What is the Trust's mission?") == "the Trust"
    assert question_subject("Is Tarnwick run by a company?") == "Tarnwick"
    # After "the", a name modifies the nouns that follow it, up to a participle.
    assert question_subject("When was the Tarnwick lighthouse rebuilt?") == "the Tarnwick lighthouse"
    assert question_subject("Was the Tarnwick ferry written about in 1990?") == "the Tarnwick ferry"
    assert question_subject("Is the Tarnwick ferry run by the council?") == "the Tarnwick ferry"
    assert question_subject("Is the Tarnwick ferry in service?") == "the Tarnwick ferry"
    # Not someone ("a skipper"), not a plural ("it" is singular), not an indefinite pronoun.
    assert question_subject("Where does a skipper moor a new ferry?") is None
    assert question_subject("Which fees did harbour owners raise?") is None
    assert question_subject("Has anyone tried dredging the bay?") is None
    assert resolve_followup("What is it?", _history("When was tidal mapping introduced?")).text == "What is tidal mapping?"
    res = resolve_followup("When does it meet?", _history("What does Tarnwick's harbour board decide on?"))
    assert res.text == "When does Tarnwick's harbour board meet?"
    res = resolve_followup("How long must it wait?", _history("How does a ship get into the harbour?"))
    assert res.text == "How long must the ship wait?"
    res = resolve_followup("How quickly do the docks get it?", _history("Where does a skipper moor a new ferry?"))
    assert res.text == "How quickly do the docks get the new ferry?"


def test_a_lone_wh_word_asks_the_previous_question_again() -> None:
    assert sluice_reading("When?", "Where was the first regatta held?") == "When was the first regatta held?"
    assert sluice_reading("Why exactly?", "Is Tarnwick a good harbour for yachts?") == (
        "Why is Tarnwick a good harbour for yachts?"
    )
    assert sluice_reading("Since when?", "Does the ferry stop at Tarnwick?") == "Since when does the ferry stop at Tarnwick?"
    assert sluice_reading("Why?", "Which fee did the harbour board raise?") == "Why did the harbour board raise that fee?"
    # A question asking who or what did something gives no proposition to ask about.
    assert sluice_reading("Why?", "What happens to the fees in winter?") is None
    assert sluice_reading("What about the fees?", "Where was the first regatta held?") is None
    quote = "The first regatta was held in the outer bay."
    res = resolve_followup("When?", _history("Where was the first regatta held?", _answered(quote + " [1]", quote)))
    assert res.is_followup and res.text == "When was the first regatta held?"
    assert quote in res.query


def test_clauses_joined_by_and_are_no_list() -> None:
    answer = _answered("They are deputies of the Harbour Master and check cargo and keep logs. [1]")
    assert answer_items(answer) == []
    res = resolve_followup("How many votes did the last one get?", _history("Who have led the harbour?", answer))
    assert res.text == "How many votes did the last one get?"


def test_and_the_x_replaces_the_phrase_with_the_same_head_noun() -> None:
    from assistant.answering._followups import substitution_reading

    assert substitution_reading("And the Chief Harbour Masters?", "What does the Harbour Master do?") == (
        "What do the Chief Harbour Masters do?"
    )
    assert substitution_reading("What about the Outer Pier?", "When was the Inner Pier built?") == "When was the Outer Pier built?"
    # No phrase of that head noun, or a position in a list: other readings apply.
    assert substitution_reading("And the DVD version?", "How much software does its CD-ROM hold?") is None
    assert substitution_reading("And the second author?", "Who is the first author?") is None
    res = resolve_followup("And the Chief Harbour Masters?", _history("What does the Harbour Master do?"))
    assert res.is_followup and res.text == "What do the Chief Harbour Masters do?"
    assert "What does the Harbour Master do?" in res.query


def test_and_a_name_replaces_the_last_name_of_its_kind() -> None:
    from assistant.answering._followups import name_substitution_reading

    assert name_substitution_reading("And Tern?", "When was Petrel launched?") == "When was Tern launched?"
    # The article that introduced the name goes with it.
    assert name_substitution_reading("What about Portwell?", "Who founded the HPA?") == "Who founded Portwell?"
    # A person's name for a person's, though another name comes later.
    assert name_substitution_reading("And Jane Doe?", "Where was Mara Lind working when Portwell began?") == (
        "Where was Jane Doe working when Portwell began?"
    )
    # No name to replace, no name given, or a question word: other readings apply.
    assert name_substitution_reading("And Tern?", "When was the ferry launched?") is None
    assert name_substitution_reading("And the second one?", "When was Petrel launched?") is None
    assert name_substitution_reading("And When?", "Who launched Petrel?") is None
    res = resolve_followup("And Tern?", _history("When was Petrel launched?"))
    assert res.is_followup and res.text == "When was Tern launched?"
    # What is no longer asked about is not searched for.
    assert "Petrel" not in res.query


def test_which_of_takes_the_one_the_answer_gave() -> None:
    from assistant.answering._followups import aligned_referent

    answer = _answered("Of the ferries built by the yard, only Tern still sails. [1]")
    assert aligned_referent("Which of the yard's ferries still sails?", answer) == "Tern"
    assert aligned_referent("Which of the yard's ferries still sails?", _answered("The yard closed in 1990. [1]")) is None
    res = resolve_followup("How fast is it?", _history("Which of the yard's ferries still sails?", answer))
    assert res.text == "How fast is Tern?"


def test_a_preposition_left_at_the_end_follows_the_predicate() -> None:
    assert question_subject("What is buildd short for?") == "buildd"
    assert question_subject("What is a general resolution in Debian?") == "the general resolution"


def test_a_date_is_not_the_thing_a_which_question_asked_for() -> None:
    answer = _answered("The firm, after years of losses, closed in April of 2007. [1]")
    res = resolve_followup("When did it close?", _history("What company did Mara Lind create later?", answer))
    assert res.text == "When did the company close?"


# -- what a follow-up's answer may quote again ---------------------------------------------


def _cited(*spans: tuple[str, int, int], grounded: bool = True) -> dict:
    return {
        "grounded": grounded,
        "answer": "...",
        "citations": [{"kind": "text", "source": s, "start": a, "end": b, "quote": "..."} for s, a, b in spans],
    }


def test_a_follow_up_carries_the_sentence_the_last_answer_led_with() -> None:
    answer = _cited(("a.md", 10, 60), ("a.md", 61, 90))
    res = resolve_followup("Who took it over?", _history("Who wrote the earliest packaging tool?", answer))
    assert res.is_followup
    assert res.shown == (("a.md", 10, 60),)
    assert res.previous == "Who wrote the earliest packaging tool?"
    assert res.message == "Who took it over?"
    # Not after an answer that was not grounded, nor for a first question.
    declined = _cited(("a.md", 10, 60), grounded=False)
    assert resolve_followup("Who took it over?", _history("Who wrote the tool?", declined)).shown == ()
    assert resolve_followup("Who wrote the tool?", []).shown == ()


def test_picking_an_item_of_the_last_answer_keeps_its_sentence() -> None:
    answer = _cited(("a.md", 10, 60))
    for message in ("And the second one?", "What is the last one for?", "And the latter?"):
        assert points_into_answer(message)
        assert resolve_followup(message, _history("Which distributions derive from it?", answer)).shown == ()
    assert not points_into_answer("When was it first posted?")


def test_a_sentence_repeats_the_last_answer_when_it_says_nothing_the_follow_up_adds() -> None:
    led = "The earliest packaging tool, written by Ian Murdock, was called dpkg."
    assert repeats_shown(led, "Who took it over?", "Who wrote the earliest packaging tool?")
    # "Why?" adds nothing but the question word.
    assert repeats_shown(led, "Why?", "Who wrote the earliest packaging tool?")
    # The words are the message's, not its reading's: "him" read as the name the sentence gave.
    appointed = "When Ian Murdock left, he appointed Bruce Perens as the next leader."
    assert repeats_shown(appointed, "And who replaced him?", "Who did Ian Murdock appoint to lead after him?")
    psf = "The PSF is a non-profit that holds the copyright on Python versions 2.1 and newer."
    assert not repeats_shown(psf, "Which versions does it hold the copyright on?", "What is the PSF?")


def test_another_kind_of_answer_may_come_from_the_same_sentence() -> None:
    where = analyze_question("Where was the first regatta held?")
    assert answer_may_repeat(analyze_question("When was the first regatta held?"), where)
    assert not answer_may_repeat(analyze_question("Where exactly was the first regatta held?"), where)
    assert not answer_may_repeat(analyze_question("Why was the first regatta held there?"), where)
    assert not answer_may_repeat(analyze_question("What is a regatta?"), where)


_UNANSWERED: dict[str, object] = {"grounded": False, "citations": []}


def _exchanges(*turns: tuple[str, str, dict[str, object]]) -> list[Turn]:
    """A conversation from (question as asked, as read, the answer) triples."""
    out: list[Turn] = []
    for content, resolved, answer in turns:
        out += [Turn(role="user", content=content, resolved=resolved), Turn(role="assistant", content="", answer=answer)]
    return out


def test_it_goes_on_standing_for_what_it_stood_for_in_the_last_question() -> None:
    history = _exchanges(
        ("Who funded the harbour survey?", "Who funded the harbour survey?", _UNANSWERED),
        (
            "Are you sure? I thought the port authority paid for it.",
            "Are you sure? I thought the port authority paid for the harbour survey.",
            _UNANSWERED,
        ),
    )
    assert resolve_followup("Then how much did it cost?", history).text == "How much did the harbour survey cost?"
    # A possessive "its" alike: its owner.
    history = _exchanges(
        ("What is Tarnwick?", "What is Tarnwick?", _UNANSWERED),
        ("Why did its founders fork Harbourix?", "Why did Tarnwick's founders fork Harbourix?", _UNANSWERED),
    )
    assert resolve_followup("When did it open?", history).text == "When did Tarnwick open?"
    # The person the last question's "she" stood for is no "it".
    history = _exchanges(
        ("Who designed Tarnwick?", "Who designed Tarnwick?", _answered("Mara Lind [1]. Tarnwick was designed by Mara Lind. [1]")),
        (
            "What was she working on when she had the idea?",
            "What was Mara Lind working on when Mara Lind had the idea?",
            _UNANSWERED,
        ),
    )
    assert resolve_followup("When did she first show it publicly?", history).text == "When did Mara Lind first show the idea publicly?"



from assistant.answering._compose import challenged  # noqa: E402
from assistant.answering._followups import challenge_reading  # noqa: E402
from assistant.types import Answer, Citation  # noqa: E402


def test_a_doubt_asks_the_last_question_again_with_the_readers_belief() -> None:
    last = "Which ferry was the first to sail to Skarholm?"
    assert challenge_reading("Are you sure?", last) == (last, "")
    assert challenge_reading("Hmm, really?", last) == (last, "")
    assert challenge_reading("Are you sure? I thought that was the Aurora.", last) == (last, "the Aurora")
    assert challenge_reading("Really? I thought it was the Aurora, I think.", last) == (last, "the Aurora")
    assert challenge_reading("Is that right? Isn't it the Aurora?", last) == (last, "the Aurora")
    assert challenge_reading("Are you sure it was the Aurora?", last) == (last, "the Aurora")
    # The same question again, word for word, is asked again as a doubt is.
    assert challenge_reading("which ferry was the first to sail to Skarholm", last) == (last, "")
    assert challenge_reading("Which ferry was the last to sail to Skarholm?", last) is None
    assert challenge_reading("No, it was the Aurora.", last) == (last, "the Aurora")
    assert challenge_reading("That's wrong. I thought it was the Aurora.", last) == (last, "the Aurora")
    assert challenge_reading("That’s not right!", last) == (last, "")
    # A doubt that goes on to ask its own question, and praise, are no challenge; nor is "no"
    # that opens another question or statement.
    assert challenge_reading("No, what about the Aurora?", last) is None
    assert challenge_reading("No idea what the Aurora is. Is it a ferry?", last) is None
    assert challenge_reading("Really? Why?", last) is None
    assert challenge_reading("Really good answer, thanks", last) is None
    assert challenge_reading("Are you sure?", "") is None
    resolved = resolve_followup("Are you sure? I thought it was the Aurora.", _history(last))
    assert resolved.text == last and resolved.challenge == "the Aurora" and resolved.is_followup


def _answer(text: str, quote: str) -> Answer:
    citation = Citation(n=1, source="ferries.md", title="Ferries", chunk_id="c", start=0, end=len(quote), quote=quote)
    return Answer(text=text, grounded=True, mode="extractive", citations=(citation,))


def test_a_belief_the_answer_does_not_say_is_denied_with_the_same_evidence() -> None:
    quote = "The Nordlys was the first ferry to sail to Skarholm, in 1890, a year before the Aurora."
    answer = _answer(f"The Nordlys [1]. {quote} [1]", quote)
    denied = challenged(answer, "the Vega")
    assert denied.text == f"The sources say otherwise: The Nordlys [1]. {quote} [1]"
    assert denied.citations == answer.citations
    assert challenged(answer, "Nordlys") == answer  # the answer's own
    assert challenged(answer, "") == answer  # only doubted: the evidence again
    # A belief some cited sentence says is not denied, whatever the lead: the evidence again,
    # without an earlier "otherwise".
    assert challenged(answer, "the Aurora") == answer
    assert challenged(denied, "Nordlys").text == answer.text
    declined = Answer(text="The sources don't say.", grounded=False, mode="extractive")
    assert challenged(declined, "the Vega") == declined


def test_a_modified_substitute_one_stands_for_the_noun_it_replaces() -> None:
    from assistant.answering._followups import substitute_ones

    # Premodified "ones": the plural noun of the question before, modified as it is.
    history = _history("How often do the big ferry timetables change these days?")
    assert resolve_followup("And the winter ones?", history).text == "The winter timetables?"
    # A contrasting modifier picks the noun whose own modifier it negates.
    assert (
        substitute_ones("And the non-member ones?", ["What fees do guild members pay for member berths?"])
        == "And the non-member berths?"
    )
    # "the one" with a prepositional phrase: the thing the conversation is about.
    history = _history("Is there a mailing list for harbour pilots?")
    assert resolve_followup("What about the one for ferry crews?", history).text.startswith("The mailing list for ferry crews")
    # Not a modified substitute: a numeral, the generic pronoun, a determiner or a position.
    earlier = ["How often do the ferry timetables change?"]
    for message in ("Is there one timetable for winter?", "How long must one wait there?", "Which one is new?",
                    "And the second one?", "Is every one of them printed?"):
        assert substitute_ones(message, earlier) == message
    # Nothing plural to stand for: "ones" stays.
    assert substitute_ones("And the winter ones?", ["Is the harbour open?"]) == "And the winter ones?"


def test_it_is_read_from_what_the_question_before_asked_not_from_its_scene() -> None:
    # The scene-setting sentence before the question is not where "it" points.
    history = _history("I only sail at weekends, with two friends. Which mooring permit is meant for people like us?")
    assert resolve_followup("And how do I apply for it by post?", history).text == "How do I apply for the mooring permit by post?"
    # "list" is a request word of questions ("list the ..."), not a function word: it heads "mailing list".
    history = _history("Which mailing list is meant for harbour pilots?")
    assert "the mailing list" in resolve_followup("How do I join it?", history).text
    history = _history("Is there a mailing list for harbour pilots?")
    assert "the mailing list" in resolve_followup("How busy is it?", history).text


def test_how_many_and_how_much_questions_have_a_subject_after_the_auxiliary() -> None:
    from assistant.answering._followups import question_subject

    assert question_subject("How much traffic does the harbour get?") == "the harbour"
    assert question_subject("How many ferries did the old company run?") == "the old company"
    # A substitute "one" is no subject to stand for: it stands for something itself.
    assert question_subject("How many votes did the last one get?") is None


def test_a_lone_word_before_a_participle_is_the_subject_even_if_it_is_an_adjective() -> None:
    from assistant.answering._followups import question_subject

    # A ferry named "breezy" (an adjective in the dictionary) is still what the question is about.
    assert question_subject("When was breezy launched?") == "breezy"
    answer = {"grounded": True, "answer": "The ferry breezy was launched in 1998 [1].", "citations": []}
    res = resolve_followup("Could it carry cars?", _history("When was breezy launched?", answer))
    assert res.text == "Could breezy carry cars?"
    # Before a verb of its own, an adjective still ends no noun phrase: "the committee decide".
    assert question_subject("How does the committee decide?") == "the committee"


def test_which_with_a_name_before_its_noun_asks_for_a_thing_of_that_noun() -> None:
    # "Which Tarnwick ferry": the name modifies "ferry"; "it" is the ferry the answer named.
    answer = {"grounded": True, "answer": "The Sea Lark [1]. The Sea Lark was the first Tarnwick ferry with a car deck. [1]",
              "citations": []}
    res = resolve_followup("How many cars did it hold?", _history("Which Tarnwick ferry was the first with a car deck?", answer))
    assert res.text == "How many cars did the Sea Lark hold?"
    # A phrase the asked noun heads is the thing even with a number in it, a full stop and all.
    answer = {"grounded": True, "answer": "timetable 20.04 [1]. The summer timetable is timetable 20.04. [1]", "citations": []}
    res = resolve_followup("Who drew it up?", _history("Which Tarnwick timetable is the summer one?", answer))
    assert res.text == "Who drew timetable 20.04 up?"


def test_request_words_are_stop_words_but_no_function_words() -> None:
    from assistant.text import REQUEST_WORDS, STOPWORDS

    # Follow-up reading takes STOPWORDS without them as its function words: a request word that
    # were no stop word would make that difference miss it.
    assert REQUEST_WORDS <= STOPWORDS
    assert "list" in REQUEST_WORDS and "the" not in REQUEST_WORDS


def test_why_after_a_why_question_asks_it_again_and_gets_the_same_answer() -> None:
    last = "Why was the night ferry moved to Pier 4?"
    answer = _answered("The night ferry was moved to Pier 4 because the old quay silted up. [1]")
    history = _exchanges((last, last, answer))
    again = resolve_followup("Why?", history)
    # Read as the last question again, standing on the last answer (as a repeated question is).
    assert again.text == last and again.challenge == "" and again.doubted == answer
    assert again.shown == ()
    # After a question of another kind, "Why?" asks its own question, and the sentence the
    # last answer led with is set aside first.
    history = _exchanges(("When was the night ferry moved to Pier 4?", "When was the night ferry moved to Pier 4?", answer))
    other = resolve_followup("Why?", history)
    assert other.text == "Why was the night ferry moved to Pier 4?" and other.challenge is None


def test_why_there_asks_why_at_the_place_the_last_answer_gave() -> None:
    from assistant.answering._followups import place_reason_reading

    last = "Where was the first regatta held?"
    answered = _answered("in Kelby, Norland [1]. The first regatta was held in Kelby, Norland, in 1990. [1]")
    assert place_reason_reading("Why there?", last, answered) == "Why was the first regatta held in Kelby, Norland?"
    assert place_reason_reading("And how come there?", last, answered) == "Why was the first regatta held in Kelby, Norland?"
    # A lead without its preposition gets one; no lead keeps "there".
    bare = _answered("Kelby [1]. The first regatta was held at Kelby. [1]")
    assert place_reason_reading("Why there?", last, bare) == "Why was the first regatta held in Kelby?"
    assert place_reason_reading("Why there?", last, _UNANSWERED) == "Why was the first regatta held there?"
    # Only after a where-question, and only for "there".
    assert place_reason_reading("Why there?", "When was the first regatta held?", answered) is None
    assert place_reason_reading("Why?", last, answered) is None
    # In a conversation.
    history = _exchanges((last, last, answered))
    assert resolve_followup("Why there?", history).text == "Why was the first regatta held in Kelby, Norland?"
