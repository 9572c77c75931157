"""Answer forms: the answer phrase first, yes/no and false-premise readings, multi-part questions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.answering import analyze_question
from assistant.answering._questions import analyze_followup
from assistant.answering._compose import (
    _listed_among,
    _SAY,
    LEAD,
    OTHERWISE,
    _balanced,
    _counted,
    FAR_REPLY_COSINE,
    _reply_under_question,
    _restates_unexplained,
    _unanswered,
    _without_dangling_end,
    answer_phrase,
    asked_noun,
    asserts,
    compose,
    contradicts,
    count_phrase,
    is_yes_no,
    lead_clause,
    lemmas,
    spelled_out,
    split_parts,
)
from assistant.answering._extractive import Candidate
from assistant.answering._scoring import FEATURES, default_model
from assistant.index import sentence_id
from assistant.index import Retrieved
from assistant.testing import HashingEmbedder, InMemoryStore
from assistant.types import Answer, Chunk, Citation, Passage, SentenceSpan


@pytest.mark.parametrize(
    ("question", "sentence", "phrase"),
    [
        ("When did the new harbour open?", "The new harbour opened in 2019 after six years of construction.", "2019"),
        ("When did the founder die?", "The founder died on 28 December 2015 in San Francisco after a long illness.", "28 December 2015"),
        ("How many containers does the harbour handle?", "It handles about 40,000 containers a month.", "about 40,000 containers a month"),  # the rate is part of the count
        ("How many developers did the company hire?", "The company started by hiring thirty-odd developers and stating its aims.", "thirty-odd developers"),
        # The name a sentence gives the thing asked about: after "called", "named", "titled".
        ("What was the harbour levy called?", "In 1990 the council passed a harbour levy titled berth renewal fund, which ships pay.", "berth renewal fund"),
        ("Which ferry did the guild build first?", "The guild first built a small ferry to be called \"Northern Star\", which sailed at night.", "Northern Star"),
        # A when-question asking under what condition: a clause of time answers.
        ("At what point should the pilot board?", "Once the ship is past the outer buoy, the pilot boards from the cutter.", "Once the ship is past the outer buoy"),
        ("When is the harbour closed?", "The harbour is closed the moment the storm warning is raised.", "the moment the storm warning is raised"),
        # What an acronym is short for: the name before it in brackets, before "abbreviated", or
        # what it stands for.
        ("What does PLA stand for?", "The strike was called by the Port Labour Alliance (PLA) on Monday.", "Port Labour Alliance"),
        ("What's an HM?", "Each port has Harbour Masters, often abbreviated HM, who assign the berths.", "Harbour Masters"),
        ("What does FOO stand for?", "FOO is a recursive acronym, standing for “FOO Only Obeys”.", "FOO Only Obeys"),
        # The words before the brackets that spell it, in lower case or quoted too, and what a
        # sentence calls it an acronym for (Schwartz and Hearst 2003).
        ("What does HPA stand for?", "The harbour pilots' association (HPA) meets monthly.", "harbour pilots' association"),
        ("What does BFR stand for?", "It edited the famous “Berth Fee Rules” (BFR) in 1990.", "Berth Fee Rules"),
        ("What does HMO stand for?", "The Harbour Master's (HMO) office assigns the berths.", "Harbour Master"),
        ("What does CAT stand for?", "The crane is driven by a tool (its name is an acronym for Crane Automation Tool).", "Crane Automation Tool"),
        ("What does PMT stand for?", "Every berth is let by the PMT team (Port Management Trust).", "Port Management Trust"),
        # Cardinals in words: "a" for "one" before a multiplier, "and" after one.
        ("How many pilots does the guild have?", "The guild has around a thousand pilots, and many more apprentices.", "around a thousand pilots"),
        ("How many pilots does the guild have?", "It was run by more than one thousand and ten harbour pilots in 2009.", "more than one thousand and ten harbour pilots"),
        ("Who founded the project?", "The project was founded by Ian Murdock in August 1993, as a new distribution.", "Ian Murdock"),
        ("Where will the violence escalate?", "The report asserts that the violence will escalate in the border regions where the group is active.", "in the border regions"),
        ("What is Python?", "Python is an interpreted, interactive, object-oriented programming language.", "an interpreted, interactive, object-oriented programming language"),
        ("Which systems does the tool run on?", "Today the tool runs on Linux and Windows as well as on older machines.", "Linux and Windows"),
        ("How often is a new version released?", "Since 2019 a new version is released every 12 months, in October.", "every 12 months"),
        ("How often do the pilots meet?", "The pilots meet twice a year in Oslo.", "twice a year"),
        ("Where can I download the source?", "The source is available from example.org, at https://example.org/downloads/.", "at https://example.org/downloads/"),
        # A bracket closed inside the token is part of it (a shell variable), one around it is not.
        ("Where does the install put the man page?", "The man page goes to ${prefix}/man/man1 by default.", "${prefix}/man/man1"),
        ("Where does the install put the man page?", "The man page goes to (/usr/share/man/man1) by default.", "/usr/share/man/man1"),
    ],
)
def test_answer_phrase_is_a_verbatim_span(question: str, sentence: str, phrase: str) -> None:
    got = answer_phrase(analyze_question(question), sentence)
    assert got == phrase
    assert got in sentence


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("When did the harbour open?", "The harbour is large and busy."),  # no date at all
        ("How many berths does the harbour have?", "Chapter 15 is about the harbour and its 3 cranes."),  # counts something else
        ("Who runs the harbour?", "The Harbour is run well."),  # only the question's own name
        ("When was the report written?", "The report was written in 2019."),
    ],
)
def test_no_phrase_without_an_answer_of_the_asked_kind(question: str, sentence: str) -> None:
    phrase = answer_phrase(analyze_question(question), sentence)
    assert phrase is None or phrase == "2019"  # the last one does answer: a year the question lacks


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # A name that modifies a noun ("the Harbour authority") is no answer to "which people".
        ("Which jailed members does the union want freed?", "The union wants the Harbour authority to free its jailed members."),
        # "What two things" asks for no kind of name: a name in the sentence is not the answer.
        ("What two things does the union want from the port?", "The union wants higher pay and shorter shifts, unlike Acme."),
        # A place phrase must name a place ("in container traffic" does not).
        ("Where were the talks held?", "Regarding the rise in container traffic, the talks failed."),
        # The longer form of the question's own name is who it asks about, not the answer.
        ("What does Murdock lead?", "Ian Murdock leads it with care."),
        ("Who is the current Release Manager?", "The Stable Release Managers prepare point releases."),
        # A possessive determines a noun: "Acme's crane" does not answer "who owns the port?".
        ("Who owns the port?", "The port uses Acme’s cranes."),
    ],
)
def test_no_phrase_that_fills_another_gap(question: str, sentence: str) -> None:
    assert answer_phrase(analyze_question(question), sentence) is None


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # What follows "instead of" / "rather than" is the alternative set aside, whatever its kind.
        ("Which crane does the port use?", "The port relies on Liebherr instead of Konecranes for its cranes.", "Liebherr"),
        ("Which crane does the port use?", "The port prefers Konecranes rather than Liebherr.", "Konecranes"),
        ("Who chairs the board?", "The board is chaired by Oskar Berg's deputy, in place of Oskar Berg.", None),
        ("When did the ferry sail?", "The ferry sailed in March 2004 rather than in June 2004.", "March 2004"),
    ],
)
def test_a_phrase_set_aside_by_a_preposition_of_replacement_is_no_answer(question: str, sentence: str, expected: str | None) -> None:
    assert answer_phrase(analyze_question(question), sentence) == expected


def test_a_phrase_ends_before_a_preposition_of_replacement_but_not_at_do_so() -> None:
    assert answer_phrase(analyze_question("Where was the meeting held?"), "The meeting was held in Oslo rather than in Bergen.") == "in Oslo"
    sentence = "Note that they only get involved when invited to do so by one of the parties in question."
    assert answer_phrase(analyze_question("When does the board get involved?"), sentence) == (
        "when invited to do so by one of the parties in question"
    )


def test_people_do_not_answer_which_thing_no_person_can_be() -> None:
    sentence = "Later he started another port together with Mara Lind and Oskar Berg, for the PowerPC family."
    assert answer_phrase(analyze_question("Which port did he start later?"), sentence) is None
    # A noun for people, or a body whose name ends in a noun for one, still takes a name.
    assert answer_phrase(analyze_question("Which leader came after Oskar Berg?"), "Mara Lind became the leader after Oskar Berg.") == "Mara Lind"
    company = "Canonical Ltd., the company that created this distribution, was started by Mark Shuttleworth."
    assert answer_phrase(analyze_question("Which company created Ubuntu?"), company) == "Canonical Ltd."


def test_the_asked_noun_with_its_number_answers_which_of_them() -> None:
    sentence = "The harbour trust holds the rights on harbour charts 2.1 and newer."
    assert answer_phrase(analyze_question("Which charts does it hold the rights on?"), sentence) == "charts 2.1 and newer"
    assert answer_phrase(analyze_question("Which release added cranes?"), "Cranes came with release 6 of the plan.") == "release 6"


def test_a_particularizing_appositive_names_the_answer_more_precisely() -> None:
    sentence = "The winner is chosen with the Borda method (more specifically, the Dowdall method)."
    assert answer_phrase(analyze_question("Which voting method picks the winner?"), sentence) == "Dowdall method"
    namely = "The port runs Harbour OS, namely Harbour OS Stable, on every crane."
    assert answer_phrase(analyze_question("Which system does the port run?"), namely) == "Harbour OS Stable"


def test_a_which_question_after_a_preposition_asks_for_its_noun() -> None:
    sentence = "The harbour trust holds the rights on harbour charts 2.1 and newer."
    assert answer_phrase(analyze_question("From which charts onwards does the trust hold the rights?"), sentence) == (
        "charts 2.1 and newer"
    )


def test_a_path_answers_where_without_a_preposition_of_place() -> None:
    sentence = "• creating a directory, e.g. /var/cache/harbour/hooks, writable by the user, to place hook scripts in."
    assert answer_phrase(analyze_question("Where should I keep hook scripts?"), sentence) == "/var/cache/harbour/hooks"
    # Two parts may be alternatives, not a path.
    assert answer_phrase(analyze_question("Where does it run?"), "It runs well, e.g. GNU/Linux, for everyone.") is None


def test_what_someone_says_is_answered_by_the_words_quoted() -> None:
    motto = "Mara Lind, a harbour pilot, sums up her trade with a motto: “Tides wait for no pilot”."
    assert answer_phrase(analyze_question("What does Mara Lind say about piloting?"), motto) == "Tides wait for no pilot"
    said = "The first charter said “The harbour stays open to all”."
    assert answer_phrase(analyze_question("What did the first charter say?"), said) == "The harbour stays open to all"
    # A title in quotes is no saying.
    titled = "The report, titled “Ships of the Northern Fleet”, was praised."
    assert answer_phrase(analyze_question("What does the report say about ships?"), titled) is None


def test_a_name_using_the_asked_noun_as_a_modifier_names_another_kind() -> None:
    # "Release Schedule" is a schedule, not a release; "Release 5" is one.
    schedule = "Look for a PEP titled “Harbour X.Y Release Schedule”, where X.Y is a version not yet out."
    assert answer_phrase(analyze_question("Which release added cranes?"), schedule) != "Release Schedule"
    assert answer_phrase(analyze_question("Which release was the first?"), "Harbour 0.93 Release 5 was the first.") == "Release 5"


def test_what_a_negated_include_names_is_no_list_of_the_asked_noun() -> None:
    sentence = "Most packaged versions of Harbour don’t include the /usr/lib/harbour/config/ directory, which holds files."
    assert answer_phrase(analyze_question("Which versions include it?"), sentence) is None


def test_a_role_named_before_a_relative_who_answers_who_when_no_name_does() -> None:
    quoted = "Finally, the charter defines the post of “harbour clerk”, who is in charge of the organization of votes."
    assert answer_phrase(analyze_question("Who organises the votes?"), quoted) == "harbour clerk"
    assert answer_phrase(analyze_question("Who decides on sailings?"), "Sailings are set by the harbour master, who decides when to sail.") == (
        "harbour master"
    )
    # "The one" is no role; and the relative clause must say what the question asks.
    assert answer_phrase(analyze_question("Who decides on sailings?"), "Sailings are set by the one who decides.") is None
    assert answer_phrase(analyze_question("Who decides on sailings?"), "The harbour master, who likes tea, waved.") is None


def test_a_complement_ending_before_a_bracket_is_not_widened_into_it() -> None:
    sentence = "The usual way to share charts across harbours in one port is to keep a common ledger (often called the log)."
    question = "What's the usual way to share charts between harbours in one port?"
    assert answer_phrase(analyze_question(question), sentence) == "to keep a common ledger"


def test_phrase_prefers_the_name_made_with_the_asked_noun_and_the_credited_author() -> None:
    sentence = "The report, by Mara Lind, head of the Harbour Statistics Department, and Oskar Berg, was praised."
    assert answer_phrase(analyze_question("What department does Lind head?"), sentence) == "Harbour Statistics Department"
    titled = "The report, titled “Ships by the Northern Fleet”, authored by Mara Lind, was praised."
    assert answer_phrase(analyze_question("Who wrote the report?"), titled) == "Mara Lind"


def test_phrase_for_a_kind_of_thing_listed_or_named_with_the_asked_noun() -> None:
    listed = "The report names several risks of the dredging, including silting in the outer basin, which worries the pilots."
    assert answer_phrase(analyze_question("What risks does the report name?"), listed) == "silting in the outer basin"
    # A name modifying the asked noun answers, with the noun ("which unions?": "the Dock and Crane unions").
    unions = "Members of the Dock and Crane unions will strike on Monday."
    assert answer_phrase(analyze_question("Which unions will strike?"), unions) == "Dock and Crane unions"
    # "Which one": one of the named things.
    # A name beginning with the question's name names something else.
    guilds = "It names guilds such as the Dover Crane Guild, the Calais Pilots Union, and the Ostend Guild."
    assert answer_phrase(analyze_question("Which one is from Calais?"), guilds) == "Calais Pilots Union"
    joined = "Of the unions, only the Dock Union joined the strike."
    assert answer_phrase(analyze_question("Which one joined the strike?"), joined) == "Dock Union"
    # A list inside brackets glosses one item: its part up to the closing bracket is no answer.
    glossed = "The permit covers ferries as well as cargo ships (including most of the river barges), which dock at night."
    assert answer_phrase(analyze_question("Which ships does the permit cover?"), glossed) is None
    # The item after the list's "and" is its last: the comma after it closes the list.
    parenthetical = "Many harbour towns, such as Dover and some Flemish ports, have ferries at night; others do not."
    assert answer_phrase(analyze_question("Which towns have ferries?"), parenthetical) == "Dover and some Flemish ports"


def _cited(*quotes: str) -> Answer:
    """An extractive answer quoting ``quotes`` in order, each its own citation."""
    citations = tuple(
        Citation(n=n, source="a.md", title="A", chunk_id="c", start=30 * (n - 1), end=30 * (n - 1) + 10, quote=quote)
        for n, quote in enumerate(quotes, 1)
    )
    return Answer(text=" ".join(f"{c.quote} [{c.n}]" for c in citations), grounded=True, mode="extractive", citations=citations)


def test_a_date_leads_from_the_cited_sentence_whose_clause_says_the_event() -> None:
    info = analyze_question("When was the ferry launched?")
    # The likeliest sentence dates another event; the second says the launch in the date's clause.
    answer = _cited(
        "The docks, which were rebuilt to get the ferry ready for its launch, were opened in mid May 2001.",
        "The ferry was launched on 4 June 2003 after two years of work.",
    )
    assert compose(answer, info, info.text).text.startswith("4 June 2003 [2]. ")
    # An irregular form says its lemma: "had frozen" is where the freeze is.
    info = analyze_question("When did the harbour actually freeze?")
    sentence = "Though the freeze was expected in December 2009, the news that the harbour had frozen came in August 2010."
    assert answer_phrase(info, sentence) == "August 2010"


def test_a_decade_after_a_noun_dates_no_event() -> None:
    info = analyze_question("When did the band form?")
    assert answer_phrase(info, "The band formed in the late 1970s in Leeds.") == "late 1970s"
    # "a series from the 1970s" says what the series is, not when the band formed.
    assert answer_phrase(info, "When the band formed, its singer was watching a comedy series from the 1970s.") is None


@pytest.mark.parametrize(
    ("sentence", "question", "phrase", "quotes", "cited_question"),
    [
        # A spelled-out acronym is the question's own name, not its answer.
        ("Founder of the Harbour Pilots Guild (HPG), Mara Lind (known as ML) is its leader.", "Who founded the HPG?",
         "Mara Lind", ("The HPG keeps its list on the PGL server.", "The list is kept by Oskar Berg of the guild."),
         "Who keeps the list of pilots?"),
        # A who-question about the verb's object asks for a person too.
        ("When Mara Lind left Harbourside, she appointed Oskar Berg as the next warden of the guild.",
         "Who did Mara Lind appoint as the next warden?", "Oskar Berg",
         ("Mara Lind founded the guild with help from the Harbour Office.", "In 1990 she handed the guild over to Oskar Berg."),
         "Who did Mara Lind hand the guild over to?"),
    ],
)
def test_who_prefers_a_person(
    sentence: str, question: str, phrase: str, quotes: tuple[str, str], cited_question: str
) -> None:
    assert answer_phrase(analyze_question(question), sentence) == phrase
    # A person named in another cited sentence leads before a body named in the first.
    info = analyze_question(cited_question)
    assert compose(_cited(*quotes), info, info.text).text.startswith("Oskar Berg [2]. ")


def test_people_listed_together_lead_a_who_answer() -> None:
    info = analyze_question("Who keeps the list of pilots?")
    # People listed together are people too: they lead before an office named first.
    answer = _cited("The list of pilots is kept by the Harbour Office.", "The list is kept by Oskar Berg and Mara Lind of the guild.")
    assert compose(answer, info, info.text).text.startswith("Oskar Berg and Mara Lind [2]. ")


def test_a_name_sharing_only_a_first_name_is_someone_else() -> None:
    # The question names "Oskar Berg": "Oskar Lind" shares his first name, not his name, and
    # answers who replaced him; "Oskar Vestergaard" is a fuller form of the "Oskar" asked about.
    info = analyze_question("Who replaced Oskar Berg as harbour master?")
    assert answer_phrase(info, "Oskar Berg was replaced by Oskar Lind as harbour master in 1998.") == "Oskar Lind"
    info = analyze_question("Who worked with Oskar on the charts?")
    assert answer_phrase(info, "Oskar Vestergaard worked on the charts with Mara Lind.") == "Mara Lind"


def test_a_follow_up_that_adds_a_phrase_picks_among_parallel_answers() -> None:
    # "And for cargo ships?" after "How long may ships stay for ferries?": its own words pick
    # which of the parallel durations answers.
    info = analyze_followup("And for cargo ships?", "And for cargo ships? How long does the harbour let ships stay for ferries?")
    assert info.contrast == ("cargo", "ship")
    sentence = "The harbour lets ships stay for 3 days for ferries and for 2 weeks for cargo ships."
    assert answer_phrase(info, sentence) == "2 weeks"
    asked = analyze_question("How long does the harbour let ships stay for ferries?")
    assert answer_phrase(asked, sentence) == "3 days"


def test_asked_noun() -> None:
    assert asked_noun("Which imprisoned TTP members does the group want freed?") == "member"
    assert asked_noun("How many local jihadist groups does it give?") == "group"
    assert asked_noun("How many people authored it?") == "people"
    assert asked_noun("What does the study say?") == ""
    assert asked_noun("Which voting method picks the winner?") == "method"  # "picks" is the verb
    # The question's own verb right after the wh-word: no noun is asked for ("wrong" is none).
    assert asked_noun("What went wrong with the ferry that should have sailed?") == ""
    assert asked_noun("What made the harbour bigger than the old one?") == ""
    assert asked_noun("Which bigger ferries sail at night?") == "ferry"
    # A phrasal verb after the noun is the verb, whatever its form ("put out", "looks after").
    assert asked_noun("Which company put out the harbour map?") == "company"
    assert asked_noun("Which team looks after the cranes?") == "team"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "How many local unions does the report give as examples?",
            "It names local labour unions, such as the Dock Union, the Crane Guild, and the Pilots Association (PA).",
            "Three: the Dock Union, the Crane Guild, and the Pilots Association (PA)",
        ),
        ("How many ports does it serve?", "It serves two ports: Dover and Calais.", "Two: Dover and Calais"),
        # The list follows another noun: it does not count the asked one.
        ("How many cranes does the port have?", "It serves ports such as Dover, Calais and Ostend.", None),
        # One item with an inner "and" is no list of two.
        ("How many effects does it list?", "It lists effects, including rising costs in the North and South Harbour districts.", None),
        # The list right before the counted noun, after a preposition; its items need not open alike.
        (
            "For how many harbours was the ferry timetable printed?",
            "The timetable was printed in May for the Dover, Calais, ostend and North Sands harbours.",
            "Four: Dover, Calais, ostend and North Sands",
        ),
        # A comma after the last item closes the list; the clause goes on after it.
        (
            "How many harbours that charge a fee does it name?",
            "Other harbours, such as Dover, Calais, and Ostend, charge a fee, so it is cheaper to sail on.",
            "Three: Dover, Calais, and Ostend",
        ),
        # "to" marks an infinitive there: no list of packages.
        ("How many packages were there?", "They came to install and maintain all these packages.", None),
    ],
)
def test_counts_read_off_a_list(question: str, sentence: str, expected: str | None) -> None:
    assert count_phrase(analyze_question(question), sentence) == expected


def test_lemmas_use_wordnet_irregulars_and_suffix_rules() -> None:
    assert "rise" in lemmas("rose")
    assert {"succeed"} <= lemmas("succeeded")
    assert "stop" in lemmas("stopped")


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Why does the report say the negotiations succeeded?", "The failure of negotiations has led to violent operations.", True),
        ("Did the harbour open in 2019?", "The new harbour did not open in 2019.", True),
        ("Did the harbour open in 2019?", "The new harbour opened in 2019.", False),
        ("Why did fees increase in 2021?", "The authority decreased fees in 2021.", True),
        ("Why did fees increase in 2021?", "The authority raised fees by 12 percent in 2021 to pay for dredging.", False),
        # The question's own negation is part of its claim: "why can't I ..." assumes "cannot".
        ("Why can't I moor at the pier?", "Boats cannot moor at the pier because it is too shallow.", False),
        ("Why doesn't the harbour open?", "The harbour opened in 2019.", True),
        # A negative implicative denies its complement: "refuses to recommend" is "does not recommend".
        ("Why doesn't the guild recommend the pier?", "The guild refuses to officially recommend the pier.", False),
        # A negation reaching only a name says nothing about the denied predicate.
        ("Why doesn't the HPG recommend Dover?", "When the HPG was founded in Dover, its pilots had clear aims.", False),
        # "The lack of X" negates X as "no X" does.
        ("Why is it good that the pier has no cranes?", "This is not solely due to the lack of cranes on the pier.", False),
        # A question of degree presupposes the change it asks the size of.
        ("How much have fees increased?", "Fees have decreased since 2021.", True),
        # A question asking for something new assumes nothing to deny.
        ("When will version 4 be released?", "Version 4 has not been released.", False),
        ("How do I force deletions at exit?", "Python is not aggressive about deletions at exit.", False),
        # A denied opposite agrees, however far back in its clause the negator stands.
        ("Why are the harbour rules immutable?", "No amount of lobbying will change the harbour rules.", False),
        ("Why are the harbour rules immutable?", "The authority changes the harbour rules every year.", True),
        ("Why are the harbour rules immutable?", "No one asked, but the authority changes the harbour rules every year.", True),
    ],
)
def test_contradiction_from_antonyms_and_negation(question: str, sentence: str, expected: bool) -> None:
    assert contradicts(question, sentence) is expected


def test_question_forms() -> None:
    assert is_yes_no("Will the attacks persist?") and is_yes_no("And does it say so?")
    assert not is_yes_no("Why will the attacks persist?")
    # A request that wraps a question asks that question: a wh-question stays one, and "if" or
    # "whether" asks yes or no.
    assert not is_yes_no("Do you happen to know how many berths the harbour has?")
    assert not is_yes_no("Could you tell me who runs the ferry?")
    assert is_yes_no("Do you know whether the ferry runs at night?")
    assert asserts("Why did the talks fail?") and asserts("Does the report say that talks failed?")
    assert not asserts("When did the talks fail?")


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Who wrote the report and when did the harbour open?", ["Who wrote the report?", "when did the harbour open?"]),
        ("Who runs the port? Where are its offices?", ["Who runs the port?", "Where are its offices?"]),
        ("What are tabs and spaces?", ["What are tabs and spaces?"]),
        ("Is the director paid, and how much?", ["Is the director paid, and how much?"]),  # one topic, one question
        # A preposition may open the second question.
        ("How often does the ferry sail, and for how long is a ticket valid?",
         ["How often does the ferry sail?", "for how long is a ticket valid?"]),
        ("What did the cat and the dog eat?", ["What did the cat and the dog eat?"]),
        ("Does the ferry stop at Tarnwick, and since when?", ["Does the ferry stop at Tarnwick, and since when?"]),
    ],
)
def test_split_parts(question: str, parts: list[str]) -> None:
    assert split_parts(question) == parts


def _answer(quote: str) -> Answer:
    citation = Citation(n=1, source="a.md", title="A", chunk_id="c", start=0, end=len(quote), quote=quote)
    return Answer(text=f"{quote} [1]", grounded=True, mode="extractive", citations=(citation,))


def test_compose_forms() -> None:
    opened = "The new harbour opened in 2019 after six years of construction."
    info = analyze_question("When did the new harbour open?")
    assert compose(_answer(opened), info, info.text).text == f"2019 [1]. {opened} [1]"
    premise = "Why does the report say the harbour closed in 2019?"
    assert compose(_answer(opened), analyze_question(premise), premise).text == f"{OTHERWISE} {opened} [1]"
    yes_no = "Did the new harbour open in 2019?"
    assert compose(_answer(opened), analyze_question(yes_no), yes_no).text == f"The sources say: {opened} [1]"
    declined = Answer(text="The sources don't say.", grounded=False, mode="extractive")
    assert compose(declined, info, info.text) is declined


DOC = """---
title: The Harbour Report
authors: Mara Lind; Oskar Berg
---
# The Harbour Report

The new harbour opened in 2019 after six years of construction. It handles about 40,000 containers a month.

The port authority raised fees by 12 percent in 2021 to pay for dredging. Local fishermen opposed the increase.
"""


def _assistant(tmp_path: Path, name: str, text: str) -> Assistant:
    """An assistant over one document ``name`` holding ``text`` (hashed words, in memory)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(text, encoding="utf-8")
    return Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), embedder=HashingEmbedder(), store=InMemoryStore())


def test_a_two_part_question_answers_each_part(tmp_path: Path) -> None:
    with _assistant(tmp_path, "harbour.md", DOC) as assistant:
        answer = assistant.ask("Who wrote the report and when did the new harbour open?")
        assert answer.text.startswith("Mara Lind and Oskar Berg [1].")
        assert "2019 [" in answer.text
        markers = {int(m) for m in __import__("re").findall(r"\[(\d+)\]", answer.text)}
        assert markers == {c.n for c in answer.citations}
        assert answer.outcome == "answered"
        partly = assistant.ask("Who wrote the report and who paid for the tunnel to Norway?")
        assert partly.text.startswith("Mara Lind and Oskar Berg [1].")
        assert "The sources don't answer “who paid for the tunnel to Norway?”" in partly.text


def test_whether_the_sources_mention_a_topic_is_answered_only_by_a_sentence_saying_it(tmp_path: Path) -> None:
    with _assistant(tmp_path, "harbour.md", DOC) as assistant:
        said = assistant.ask("Does the report mention the dredging?")
        assert said.outcome == "answered"
        assert any("dredging" in c.quote for c in said.citations)
        # The sentence the retrieval likes best says the harbour, not its fees: no "the sources
        # say" on its word.
        fees = assistant.ask("Does the report mention the harbour fees?")
        assert fees.outcome != "answered" or any("fees" in c.quote for c in fees.citations)
        assert not fees.text.startswith("The sources say: The new harbour")


@pytest.mark.parametrize(
    ("sentence", "acronym"),
    [
        # What the brackets hold does not spell it; the words before them do not either.
        ("Ferries use LXDE (a lightweight graphical desktop) by default.", "LXDE"),
        ("The harbour runs on electricity (HPA) only.", "HPA"),
        # Used, not spelled out.
        ("Donations to the HPA are tax-exempt.", "HPA"),
        ("An acronym for nothing in particular, HPA is short.", "HPA"),
    ],
)
def test_an_acronym_used_but_not_spelled_out_has_no_long_form(sentence: str, acronym: str) -> None:
    assert spelled_out(sentence, acronym) is None


def test_every_acronym_phrase_of_a_sentence_is_read() -> None:
    # Two tools glossed in one sentence: the second gloss spells the asked acronym.
    sentence = (
        "Good examples are hbt, the harbour booking tool (an abbreviation of Harbour Booking Tool), "
        "and tps, a planner (its name is an acronym for Tide Planning System)."
    )
    assert spelled_out(sentence, "TPS") == "Tide Planning System"
    assert spelled_out(sentence, "HBT") == "Harbour Booking Tool"


def test_a_name_whose_initials_spell_the_acronym_of_its_passage_is_its_long_form() -> None:
    sentence = "The Harbour Pilots Association is an independent body that trains the pilots."
    passage = f"{sentence} The HPA's mission is to keep the channel safe."
    assert spelled_out(sentence, "HPA", passage) == "Harbour Pilots Association"
    # Only where the passage uses the acronym: a name elsewhere spells nothing.
    assert spelled_out(sentence, "HPA", sentence) is None
    assert spelled_out(sentence, "HPA") is None
    # Every capitalised word counts: "Harbour Pilots" is no "HPA".
    assert spelled_out("The Harbour Pilots train in spring.", "HPA", "The HPA trains them.") is None


ACRONYMS = """# Harbour notes

The harbour pilots' association (HPA) meets every month in the old customs house. Donations to the HPA are tax-exempt.

The CWO office handles berth requests. Ships call at the CWO before mooring.
"""


def test_an_acronym_question_is_answered_by_its_long_form_or_not_at_all(tmp_path: Path) -> None:
    with _assistant(tmp_path, "notes.md", ACRONYMS) as assistant:
        spelled = assistant.ask("What does HPA stand for?")
        assert spelled.outcome == "answered" and spelled.text.startswith("harbour pilots' association [1].")
        # The sources use CWO and never spell it out: a sentence using it is the closest they come.
        used = assistant.ask("What does CWO stand for?")
        assert used.outcome != "answered"


def test_a_premise_the_sources_deny_is_answered_first(tmp_path: Path) -> None:
    with _assistant(tmp_path, "harbour.md", DOC) as assistant:
        denied = assistant.ask("Since the new harbour opened in 2015, how many containers does it handle a month?")
        assert denied.outcome == "answered"
        assert denied.text.startswith(OTHERWISE) and "2019" in denied.citations[0].quote
        # The sentence that denies it is shown once, though the question's own answer rests on it.
        quotes = [c.quote for c in denied.citations]
        assert len(quotes) == len(set(quotes))
        tagged = assistant.ask("The new harbour opened in 2015, right? How many containers does it handle a month?")
        assert tagged.text.startswith(OTHERWISE) and "2019" in tagged.citations[0].quote
        # Taken for granted rightly, the premise is no part of the answer.
        granted = assistant.ask("Since the new harbour opened in 2019, how many containers does it handle a month?")
        assert not granted.text.startswith(OTHERWISE)
        granted = assistant.ask("The new harbour opened in 2019, right? How many containers does it handle a month?")
        assert not granted.text.startswith(("The sources say:", OTHERWISE))
        # The reader's own situation is no claim about the sources.
        own = assistant.ask("Since I moved here in 2015, how many containers does the harbour handle a month?")
        assert not own.text.startswith(OTHERWISE)


def _candidate(text: str, section: str = "") -> Candidate:
    span = SentenceSpan(start=0, end=len(text), text=text)
    chunk = Chunk(id="c", source="a.md", title="A", text=text, start=0, end=len(text), index=0, sentences=(span,), section=section)
    return Candidate(
        passage=Passage(chunk=chunk, score=1.0, rank=1), sentence=span, sentence_id="s", cosine=0.6, local_cosine=0.6,
        coverage=0.5, hard_misses=0, type_ok=False, score=0.3, section=section,
    )


def test_a_declined_how_many_question_is_answered_from_a_list() -> None:
    text = "It names local labour unions, such as the Dock Union, the Crane Guild, and the Pilots Association."
    answer = _counted(analyze_question("How many local unions does it give as examples?"), [_candidate(text)])
    assert answer is not None and answer.outcome == "answered"
    assert answer.text == f"Three: the Dock Union, the Crane Guild, and the Pilots Association [1]. {text} [1]"
    assert answer.citations[0].quote == text
    assert _counted(analyze_question("How many cranes does the port have?"), [_candidate(text)]) is None


def test_a_list_about_another_topic_does_not_answer_a_declined_how_many_question() -> None:
    # The rule gate's test decides whether the listing sentence answers the question at all:
    # this one (similarity 0.6, topic coverage 0.5) does as a paraphrase, not with a stricter gate.
    text = "It names local labour unions, such as the Dock Union, the Crane Guild, and the Pilots Association."
    info = analyze_question("How many local unions does it give as examples?")
    gate = default_model().gate
    assert _counted(info, [_candidate(text)], replace(gate, paraphrase_cosine=0.55, paraphrase_coverage=0.3)) is not None
    assert _counted(info, [_candidate(text)], replace(gate, paraphrase_cosine=0.7, min_coverage=0.6)) is None


def test_a_yes_no_question_in_the_closest_band_is_answered_with_the_evidence() -> None:
    declined = Answer(text="The sources don't say.", grounded=False, mode="extractive")
    best = _candidate("Not as such.", section="Programming FAQ > Is there a scanf() equivalent in Python?")
    found = Retrieved(passages=[best.passage], vector=np.zeros(4, dtype=np.float32), sentence_vectors={})
    question = "Is there a scanf in Python?"
    answer = _unanswered(declined, question, analyze_question(question), found, [best.passage], band="closest", best=best)
    assert answer.outcome == "answered" and answer.text == f"{_SAY} Not as such. [1]"
    # A section about something else does not make the sentence address the question.
    other = _candidate("Not as such.", section="Programming FAQ > Is there a goto?")
    answer = _unanswered(declined, question, analyze_question(question), found, [other.passage], band="closest", best=other)
    assert answer.outcome == "closest"


def test_a_question_or_a_title_in_the_sources_is_never_the_evidence_a_yes_no_question_is_answered_with() -> None:
    declined = Answer(text="The sources don't say.", grounded=False, mode="extractive")
    question = "Is anyone publishing a style guide for Python programs?"
    vector = np.ones(4, dtype=np.float32) / 2  # every sentence as close to the question as can be

    def declined_with(sentence: str) -> Answer:
        passage = _candidate(sentence).passage
        ids = {sentence_id(passage.chunk.source, s.start, s.end): vector for s in passage.chunk.sentences}
        found = Retrieved(passages=[passage], vector=vector, sentence_vectors=ids)
        return _unanswered(declined, question, analyze_question(question), found, [passage], band=None)

    # A FAQ's heading asks; it does not say. Nor does a title-like line (a heading, a contents entry).
    assert not declined_with("Are there coding standards or a style guide for Python programs?").citations
    assert not declined_with("Coding standards and a style guide for Python programs").citations
    # The same words stated, not asked, are evidence.
    stated = "There are coding standards and a style guide for Python programs."
    answer = declined_with(stated)
    assert answer.outcome == "answered" and answer.citations[0].quote == stated


@pytest.mark.parametrize(
    ("question", "sentence", "phrase"),
    [
        # A rate belongs to the count it follows.
        ("How many postings does the list get?", "It is a moderated list that receives about five postings per day.",
         "about five postings per day"),
        ("How many releases does the project make?", "The project makes two releases a year.", "two releases a year"),
        # A name's closing abbreviation keeps its full stop, listed or alone.
        ("Which companies use the language?", "Companies that use the language include Acme, Initech, and Hooli Ltd.",
         "Acme, Initech, and Hooli Ltd."),
        ("Who wrote the letter?", "The letter was written by Martin Luther King Jr.", "Martin Luther King Jr."),
    ],
)
def test_answer_phrase_keeps_what_belongs_to_it(question: str, sentence: str, phrase: str) -> None:
    got = answer_phrase(analyze_question(question), sentence)
    assert got == phrase
    assert got in sentence


def test_a_sentence_final_stop_after_an_ordinary_name_is_not_kept() -> None:
    assert answer_phrase(analyze_question("Who wrote the letter?"), "The letter was written by Mara Lind.") == "Mara Lind"


def test_a_count_does_not_reach_past_a_bracket_for_its_noun() -> None:
    # "(two) years": the "two" inside the brackets counts no years of its own phrase.
    question = analyze_question("How many years of support does a release get?")
    assert answer_phrase(question, "The team handles the last (two) years of support for each release.") is None
    assert answer_phrase(question, "This amounts to three years of support for each release.") == "three years"


def test_of_place_phrases_in_apposition_the_narrower_answers() -> None:
    # The question's own name ("Acme") in the first place does not make it the answer.
    question = analyze_question("Where can I download the Acme source code?")
    sentence = "The latest Acme source distribution is always available from acme.org, at https://www.acme.org/downloads/."
    assert answer_phrase(question, sentence) == "at https://www.acme.org/downloads/"
    # Separated by more than a comma, the second place belongs to another clause.
    other = "The source is available from example.org, while mirrors run in Europe."
    assert answer_phrase(question, other) == "from example.org"


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # "Who is X?" asks what X is: X's appositive, never another name of the sentence.
        ("Who is Mara Lind?", "head of the Harbour Statistics Department"),
        ("Who was Oskar Berg?", "a retired pilot"),
        # A follow-up read as the bare name ("and the other author?" -> "Oskar Berg?").
        ("Oskar Berg?", "a retired pilot"),
    ],
)
def test_who_is_a_named_person_gets_the_appositive(question: str, phrase: str) -> None:
    sentence = (
        "The “Tarnwick Harbour Survey”, by Mara Lind, head of the Harbour Statistics Department, "
        "and Oskar Berg, a retired pilot, was praised."
    )
    assert answer_phrase(analyze_question(question), sentence) == phrase


def test_who_is_a_named_person_without_an_appositive_gets_no_phrase() -> None:
    # Another name ("Oskar Berg") is no answer to who Mara Lind is.
    sentence = "Mara Lind and Oskar Berg wrote the Tarnwick Harbour Survey in 2019."
    assert answer_phrase(analyze_question("Who is Mara Lind?"), sentence) is None


def test_a_follow_up_read_as_a_bare_name_is_about_that_name() -> None:
    from assistant.answering._questions import analyze_followup

    # "and the other author?" after "Who is Mara Lind?" reads "Oskar Berg?": the earlier
    # question's names are no answer; the appositive of the name asked about is.
    info = analyze_followup("Oskar Berg?", "Oskar Berg? Who is Mara Lind?")
    sentence = (
        "The “Tarnwick Harbour Survey”, by Mara Lind, head of the Harbour Statistics Department, "
        "and Oskar Berg, a retired pilot, was praised."
    )
    assert answer_phrase(info, sentence) == "a retired pilot"


def test_a_yes_no_question_gets_the_reply_its_section_opens_with() -> None:
    heading = "Harbour FAQ > Is there a night ferry to Tarnwick?"
    texts = ["Is there a night ferry to Tarnwick?", "Yes, since 2019.", "It leaves the outer quay at midnight."]
    spans, at = [], 0
    for t in texts:
        spans.append(SentenceSpan(start=at, end=at + len(t), text=t))
        at += len(t) + 1
    chunk = Chunk(id="c", source="a.md", title="A", text=" ".join(texts), start=0, end=at, index=0, sentences=tuple(spans), section=heading)

    def cand(i: int, heading_cosine: float) -> Candidate:
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("after_heading")] = float(i == 1)
        features[FEATURES.index("heading_cosine")] = heading_cosine
        return Candidate(
            passage=Passage(chunk=chunk, score=1.0, rank=1), sentence=spans[i], sentence_id=str(i), cosine=0.6,
            local_cosine=0.6, coverage=0.5, hard_misses=0, type_ok=True, score=0.3, section=heading,
            features=tuple(features), is_heading=i == 0,
        )

    quoted = cand(2, 0.8)
    reply = cand(1, 0.8)
    assert _reply_under_question([quoted], [quoted, reply], 0.55) is reply
    # Not when the heading asks something else than the reader does, nor when it is quoted already.
    assert _reply_under_question([quoted], [quoted, cand(1, 0.4)], 0.55) is None
    assert _reply_under_question([reply, quoted], [quoted, reply], 0.55) is None


def test_a_yes_no_question_gets_the_reply_under_the_best_matching_question_heading_elsewhere() -> None:
    def section(cid: str, heading: str, texts: list[str]) -> tuple[Chunk, list[SentenceSpan]]:
        spans, at = [], 0
        for t in texts:
            spans.append(SentenceSpan(start=at, end=at + len(t), text=t))
            at += len(t) + 1
        chunk = Chunk(id=cid, source=f"{cid}.md", title=cid, text=" ".join(texts), start=0, end=at, index=0,
                      sentences=tuple(spans), section=heading)
        return chunk, spans

    def cand(chunk: Chunk, spans: list[SentenceSpan], i: int, heading_cosine: float) -> Candidate:
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("after_heading")] = float(i == 1)
        features[FEATURES.index("heading_cosine")] = heading_cosine
        return Candidate(
            passage=Passage(chunk=chunk, score=1.0, rank=1), sentence=spans[i], sentence_id=f"{chunk.id}{i}",
            cosine=0.6, local_cosine=0.6, coverage=0.5, hard_misses=0, type_ok=True, score=0.3,
            section=chunk.section, features=tuple(features), is_heading=i == 0,
        )

    quoted_chunk, quoted_spans = section("q", "Ferries", ["Ferries", "Ferries leave the outer quay.", "Tickets are sold aboard."])
    quoted = cand(quoted_chunk, quoted_spans, 2, 0.3)
    ferry_chunk, ferry_spans = section(
        "f", "FAQ > Do I need to book the night ferry?", ["Do I need to book the night ferry?", "No, but it helps.", "It fills up in summer."]
    )
    books_chunk, books_spans = section(
        "b", "FAQ > Are there guidebooks to Tarnwick?", ["Are there guidebooks to Tarnwick?", "Yes, several.", "The library has them."]
    )
    reply = cand(ferry_chunk, ferry_spans, 1, FAR_REPLY_COSINE + 0.05)
    assert _reply_under_question([quoted], [quoted, reply], 0.55) is reply
    # Not below the similarity, and not a reply under a heading that matches less well than another
    # question heading whose section opens without a reply.
    assert _reply_under_question([quoted], [quoted, cand(ferry_chunk, ferry_spans, 1, FAR_REPLY_COSINE - 0.05)], 0.55) is None
    other = cand(books_chunk, books_spans, 1, FAR_REPLY_COSINE + 0.05)
    better = cand(quoted_chunk, quoted_spans, 1, FAR_REPLY_COSINE + 0.2)
    better = replace(better, section="FAQ > Where do the ferries leave from?")
    assert _reply_under_question([quoted], [quoted, other, better], 0.55) is None


def test_a_middle_initial_stays_inside_the_name() -> None:
    sentence = "The guild's founder, Mara K. Lind (known by her initials), still chairs it."
    assert answer_phrase(analyze_question("Who founded the guild?"), sentence) == "Mara K. Lind"


def test_a_count_phrase_keeps_the_noun_its_modifier_modifies() -> None:
    info = analyze_question("How many testing frameworks come with the harbour toolkit?")
    assert answer_phrase(info, "The harbour toolkit comes with two testing frameworks.") == "two testing frameworks"
    # An auxiliary after the asked noun is no noun ("does" is no plural of "doe").
    assert analyze_question("How much software does the CD hold?").head == analyze_question("How much software is on the CD?").head


def test_a_lead_is_never_cut_inside_brackets() -> None:
    # Counting brackets is not enough: the closing one must come after its opening one.
    assert not _balanced("str) or isinstance(obj")
    assert _balanced("isinstance(obj, (int, float))") and _balanced("the “free” section")
    info = analyze_question("How do I check whether something is an instance of a class?")
    sentence = (
        "You can check many classes at once, e.g. isinstance(obj, (class1, class2)), and built-in types too, "
        "e.g. isinstance(obj, str) or isinstance(obj, (int, float))."
    )
    # With no least coverage whatever the fitted settings, so that a window leads.
    lead = lead_clause(info, sentence, replace(LEAD, min_coverage=0.0))
    assert lead is not None and _balanced(lead)


def test_a_phrase_cut_before_its_prepositions_object_loses_the_preposition() -> None:
    sentence = "Floods will grow in the low coastal districts with Marsh County, and the ferry it runs on."
    a = sentence.index("in the low")
    b = sentence.index(" Marsh")
    assert sentence[slice(*_without_dangling_end(sentence, a, b))] == "in the low coastal districts"
    # A preposition the clause ends on is stranded, not cut: it stays.
    a, b = sentence.index("the ferry"), sentence.index(".")
    assert sentence[slice(*_without_dangling_end(sentence, a, b))] == "the ferry it runs on"


def test_a_premise_is_read_against_any_sentence_of_the_passages() -> None:
    # The sentence that contradicts a premise shares fewer of its words and is less similar to
    # it as a whole (the substituted year is one of them): it is read although the closer
    # sentences before it say nothing against the premise.
    sentences = [
        "Ian Harbor wrote the port guide for the harbour board.",
        "Ian Harbor still edits the port guide every spring.",
        "The port guide by Ian Harbor covers the harbour's berths.",
        "Ian Harbor's port guide is free to download.",
        "Readers of the port guide write to Ian Harbor with corrections.",
        "Ian Harbor thanked the harbour board in the port guide.",
        "During the 1989 winter holidays, I had time on my hands, so I began writing.",
    ]
    text = " ".join(sentences)
    spans, at = [], 0
    for sentence in sentences:
        spans.append(SentenceSpan(start=at, end=at + len(sentence), text=sentence))
        at += len(sentence) + 1
    chunk = Chunk(id="c", source="a.md", title="A", text=text, start=0, end=len(text), index=0, sentences=tuple(spans))
    passage = Passage(chunk=chunk, score=1.0, rank=1)

    def toward(cosine: float) -> np.ndarray:
        return np.array([cosine, (1 - cosine**2) ** 0.5, 0, 0], dtype=np.float32)

    vectors = {
        sentence_id("a.md", s.start, s.end): toward(0.25 if "1989" in s.text else 0.6) for s in spans
    }
    found = Retrieved(passages=[passage], vector=toward(1.0), sentence_vectors=vectors)
    declined = Answer(text="The sources don't say.", grounded=False, mode="extractive")
    question = "Why did Ian Harbor start the port guide during the 1995 winter holidays?"
    answer = _unanswered(declined, question, analyze_question(question), found, [passage], band=None)
    assert answer.outcome == "answered" and answer.text.startswith(OTHERWISE)
    assert answer.citations[0].quote == sentences[-1]
    # Far from the question, the same sentence is no evidence against it.
    far = {**vectors, sentence_id("a.md", spans[-1].start, spans[-1].end): toward(0.05)}
    found = Retrieved(passages=[passage], vector=toward(1.0), sentence_vectors=far)
    answer = _unanswered(declined, question, analyze_question(question), found, [passage], band=None)
    assert not answer.text.startswith(OTHERWISE)


def test_an_answer_phrase_is_never_a_piece_of_an_address() -> None:
    info = analyze_question("Which mailing list do beginners write to?")
    phrase = answer_phrase(info, "Beginners can ask them on the list at harbour-help@lists.example.org (see the archive).")
    assert phrase == "harbour-help@lists.example.org"


def test_a_sentence_naming_another_version_does_not_lead_a_date() -> None:
    from assistant.answering._compose import _names_another_version

    assert _names_another_version("When was Ferry OS 2.0 released?", "Ferry OS 2.1 was released on 9 March 1999.")
    assert not _names_another_version("When was Ferry OS 2.0 released?", "Ferry OS 2.0 was released in July 1998.")
    assert not _names_another_version("When did Ferry OS 3.11 come out?", "Ferry OS 3.11.2 came out in 2023.")
    assert not _names_another_version("When was the harbour opened?", "Version 2.1 of the chart was printed in 1999.")


def test_the_date_of_the_asked_version_leads(tmp_path: Path) -> None:
    text = (
        "# Releases\n\nFerry OS 2.1 was released on 9 March 1999, after a short delay.\n"
        "Ferry OS 2.0 was released in July 1998 for two kinds of ship.\n"
    )
    with _assistant(tmp_path, "releases.md", text) as assistant:
        answer = assistant.ask("When was Ferry OS 2.0 released?")
        assert answer.grounded and answer.text.startswith("July 1998 [")


def test_an_otherwise_lead_is_the_clause_that_denies_the_claim() -> None:
    from assistant.answering._compose import denial_word

    # The word that carries the denial: a negator next to the shared topic, or the opposite word.
    sentence = (
        "In order to keep the old wooden dock and its two loading ramps safe during the long winter storms "
        "that hit the harbour every year, the ferry does not carry trucks at night."
    )
    question = "Why does the ferry carry trucks at night?"
    assert denial_word(question, sentence) == "not"
    assert denial_word("Why is the crossing so cheap?", "The crossing is expensive for residents.") == "expensive"
    # A sentence that states the claim carries no denial.
    assert denial_word(question, "The ferry carries trucks at night.") == ""
    # The lead of a long sentence is the clause holding the denial, not the purpose clause before it.
    answer = compose(_answer(sentence), analyze_question(question), question)
    assert answer.text.startswith(f"{OTHERWISE} the ferry does not carry trucks at night [1].")


def test_each_part_of_a_two_part_question_is_searched_in_the_scene_it_was_asked_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "I'm reading up on X. How many ..., and who ...?": the whole question is searched with the
    # scene-setting sentence, and so is each part, as a question asked alone would be.
    with _assistant(tmp_path, "harbour.md", DOC) as assistant:
        corpus = assistant._corpus
        queries: list[str] = []
        search = corpus.search

        def recording(query: str, k: int):  # type: ignore[no-untyped-def]
            queries.append(query)
            return search(query, k)

        monkeypatch.setattr(corpus, "search", recording)
        answer = assistant.ask("I am reading up on the dredging. When did the new harbour open, and who opposed the increase?")
        scene = "I am reading up on the dredging."
        for part in ("When did the new harbour open?", "who opposed the increase?"):
            assert f"{part} {scene} {part}" in queries
        assert "2019 [" in answer.text


def test_a_which_question_asks_for_a_particular_one_of_its_kind() -> None:
    from assistant.answering._compose import _particular_kind

    assert _particular_kind(analyze_question("Which manufacturers have dropped the legacy mode?")) == "manufacturer"
    assert _particular_kind(analyze_question("In which release did the harbour open?")) == "release"
    assert _particular_kind(analyze_question("What data structure is behind the index?")) == "structure"
    # Not: a person, a date or a number is read as its own kind; "what two things" names no kind.
    assert _particular_kind(analyze_question("Who opened the harbour?")) == ""
    assert _particular_kind(analyze_question("When did the harbour open?")) == ""
    assert _particular_kind(analyze_question("What two things does the port want?")) == ""
    assert _particular_kind(analyze_question("What is the harbour?")) == ""


@pytest.mark.parametrize(
    ("question", "sentence", "names"),
    [
        # Nothing the question does not say already: no particular one.
        ("Which manufacturers have dropped the legacy mode?", "Several manufacturers have dropped the legacy mode.", False),
        ("Which version of the planner ships with the harbour tools?", "The harbour tools include the planner.", False),
        # A name, a code name, a number, a term in quotes: one is named.
        ("Which manufacturers have dropped the legacy mode?", "Acme Works and Borealis dropped the legacy mode.", True),
        ("Which function opens the gate?", "Call gate.open() to open the gate.", True),
        ("Which version of the planner ships with the tools?", "The tools ship with version 2.4 of the planner.", True),
        ("Which section do people argue about?", "The “non-free” section is a favourite subject of polemics.", True),
    ],
)
def test_a_sentence_names_a_particular_one_when_it_says_something_the_question_does_not(
    question: str, sentence: str, names: bool
) -> None:
    from assistant.answering._compose import names_particular

    assert names_particular(analyze_question(question), sentence) is names


@pytest.mark.parametrize(
    ("question", "sentence", "names"),
    [
        # Which body or person: a name that says where, a number or the question's own thing in
        # fuller form names none.
        ("Which university hosted the Harbour Forum in Kelby?", "The Harbour Forum was held in Kelby, Norland, in 2014.", False),
        ("Which company built the crane?", "The crane was built at Kelby in 1902.", False),
        ("Which university hosted Forum14?", "The fourteenth Forum Forum14 was held in Kelby.", False),
        # A name that is not a place phrase's does.
        ("Which university hosted the Harbour Forum in Kelby?", "Norland Polytechnic hosted the Harbour Forum.", True),
        ("Which company built the crane?", "The crane was built by Acme Shipyards at Kelby.", True),
        # A release ("Harbour OS 1.1") or, for a body, a person ("Mara Lind") is neither.
        ("Which company put out the disc?", "The disc was labelled Harbour OS 1.1 by mistake.", False),
        ("Which company put out the disc?", "Mara Lind recalls the disc.", False),
    ],
)
def test_which_body_or_person_is_not_named_by_a_place_or_a_number(question: str, sentence: str, names: bool) -> None:
    from assistant.answering._compose import _particular_kind, names_particular
    from assistant.lexicon import group_nouns

    info = analyze_question(question)
    assert _particular_kind(info) in group_nouns()
    assert names_particular(info, sentence, body="group") is names


VENDORS = """# Cable cranes

Several manufacturers have stopped making the old cable cranes. The harbour still runs four of them.

# Gantry cranes

The gantry cranes at the container terminal were built by Kalmar Industries in 2020.

# Spare parts

The one manufacturer still making spare parts for them is the harbour workshop.
"""


def test_a_which_question_whose_quotes_neither_name_one_nor_say_its_kind_is_the_closest_the_sources_come(
    tmp_path: Path,
) -> None:
    with _assistant(tmp_path, "cranes.md", VENDORS) as assistant:
        # The sentence is about the question, and would answer it, but names no maker, nor says
        # what kind of thing it speaks of in the question's word.
        vague = assistant.ask("Which makers have stopped making cable cranes?")
        assert vague.outcome == "closest" and not vague.grounded
        assert vague.citations and "Several manufacturers" in vague.citations[0].quote
        # Saying the asked kind under an indefinite quantifier ("several manufacturers") does
        # not say which ones either.
        some = assistant.ask("Which manufacturers have stopped making cable cranes?")
        assert some.outcome == "closest" and not some.grounded
        # A sentence that says the asked kind for a particular one may name it in words the
        # reader knows as common English ("only discover still remains", "the harbour
        # workshop"): it answers.
        kind = assistant.ask("Which manufacturer still makes spare parts for the cranes?")
        assert kind.outcome == "answered"
        assert kind.citations[0].quote.startswith("The one manufacturer still making spare parts")


def test_a_sentence_says_the_asked_noun_in_either_number() -> None:
    from assistant.answering._compose import _says_noun

    assert _says_noun("Of the various projects initiated by Progeny, only discover still remains.", "project")
    assert _says_noun("The project began in 1993.", "project")
    assert not _says_noun("Standard builds include an interface to the widget set, called tkinter.", "version")


FAQ = """# Widget FAQ

## How do I reset the widget?

Hold the side button for ten seconds. The lamp blinks twice when it is done.

## Why are the per-widget figures missing?

You need to upgrade the firmware to version 2 at least. Older firmware only reports one combined line.

## Where is the serial number printed?

The serial number is printed under the battery cover.
"""


def test_the_section_whose_heading_restates_the_question_answers_it(tmp_path: Path) -> None:
    # The answer shares no word with the question: only the heading above it says what it answers.
    with _assistant(tmp_path, "faq.md", FAQ) as assistant:
        answer = assistant.ask("Why are the per-widget figures missing?")
        assert answer.outcome == "answered"
        assert answer.citations[0].quote == "You need to upgrade the firmware to version 2 at least."
        assert all("battery" not in c.quote and "side button" not in c.quote for c in answer.citations)


def test_a_bare_reply_is_never_the_closest_the_sources_come_on_its_own(tmp_path: Path) -> None:
    faq = FAQ + """
## Which widget version will support solar charging?

No. The maker keeps the solar charging format closed, since it was never documented.
"""
    with _assistant(tmp_path, "faq.md", faq) as assistant:
        answer = assistant.ask("Which widget version will support solar charging?")
        # It asks for a particular version, which no quoted sentence names: the closest the
        # sources come, shown by the sentence that says something, not by the bare "No."
        assert answer.outcome == "closest"
        assert "No. [1]" not in answer.text
        assert "solar charging format closed" in answer.text


TIMETABLE = """# Ferry timetable

The ferry timetable is a printed leaflet. The ferry leaves at eight every morning.
"""


def test_a_specifying_question_is_answered_by_a_sentence_saying_what_its_topic_is(tmp_path: Path) -> None:
    with _assistant(tmp_path, "ferry.md", TIMETABLE) as assistant:
        # "What medium is X?" asks which one of a kind X is; "X is a printed leaflet" says it,
        # though it names nothing and does not say "medium".
        answer = assistant.ask("What medium is the ferry timetable?")
        assert answer.outcome == "answered"
        assert answer.citations[0].quote == "The ferry timetable is a printed leaflet."


@pytest.mark.parametrize(
    ("question", "sentence", "identified"),
    [
        ("What data structure is behind CPython dicts?", "CPython’s dictionaries are implemented as resizable hash tables.", True),
        ("What medium is the ferry timetable?", "The ferry timetable is a printed leaflet.", True),
        # An adjective says how the topic is, not what it is.
        ("Which Windows versions is Valgrind run on?", "The environment that Valgrind provides is significantly different.", False),
        # The question is not copular: the sentence says what its subject is, not what it uses.
        ("Which desktop does Linux Mint use by default?", "Linux Mint is a community-maintained distribution.", False),
        # The complement says nothing the question does not.
        ("What medium is the ferry timetable?", "The ferry timetable is a medium.", False),
        # The subject is not what the question asks about.
        ("What medium is the ferry timetable?", "The harbour office is a wooden shed.", False),
    ],
)
def test_a_specifying_clause_identifies_the_questions_topic(question: str, sentence: str, identified: bool) -> None:
    from assistant.answering._compose import identifies

    assert identifies(analyze_question(question), sentence) is identified


FIRMWARE = """# Firmware notes

Several manufacturers have dropped the legacy boot mode from their firmware. The change took
effect in most new boards sold after the spring.
"""


def test_a_which_question_is_not_answered_by_the_asked_noun_left_unspecified(tmp_path: Path) -> None:
    with _assistant(tmp_path, "firmware.md", FIRMWARE) as assistant:
        # "Several manufacturers" says there are some, not which: the closest the sources come.
        answer = assistant.ask("Which manufacturers have dropped the legacy boot mode from their firmware?")
        assert answer.outcome == "closest"
        assert "Several manufacturers have dropped" in answer.text


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("The manufacturer dropped the legacy mode.", True),
        ("Acme, a large manufacturer, dropped it.", True),
        ("Several manufacturers have dropped the legacy mode.", False),
        ("Some of the manufacturers dropped it.", False),
        ("Many other board manufacturers followed.", False),
        # A quantifier of another noun phrase does not govern it.
        ("Some say the manufacturer dropped it.", True),
    ],
)
def test_the_asked_noun_is_said_for_particular_ones_only_when_no_quantifier_governs_it(sentence: str, said: bool) -> None:
    from assistant.answering._compose import _says_noun

    assert _says_noun(sentence, "manufacturer") is said


SETUP = """# The firmware

The firmware also contains a program called Setup, designed to configure the computer. Starting
Setup usually involves pressing a key very soon after the computer is powered on. This key is
often Del or Esc, sometimes F2. The boot order can be changed there as well.
"""


def test_the_sentence_going_on_about_the_asked_noun_by_a_demonstrative_joins_the_answer(tmp_path: Path) -> None:
    with _assistant(tmp_path, "firmware.md", SETUP) as assistant:
        # "This key" refers back to the key the sentence before introduces: the two answer
        # "setup key?" together.
        answer = assistant.ask("setup key?")
        assert answer.outcome == "answered"
        quotes = [" ".join(c.quote.split()) for c in answer.citations]
        assert "This key is often Del or Esc, sometimes F2." in quotes
        assert "The boot order can be changed there as well." not in quotes


def test_a_runner_up_that_says_which_one_answers_a_which_question_in_place_of_the_likeliest() -> None:
    from assistant.answering._compose import _runner_up_saying_which

    info = analyze_question("Which desktop does Fjordix use by default?")
    top = replace(_candidate("Fjordix is a community-maintained distribution."), probability=0.2)
    says = replace(_candidate("Fjordix relies on Heron instead of GNOME by default."), probability=0.12)
    assert _runner_up_saying_which([top, says], info, "desktop") is says
    # Far less likely than the likeliest sentence, it does not.
    assert _runner_up_saying_which([top, replace(says, probability=0.05)], info, "desktop") is None
    # Nor does a runner-up that names nothing new and does not say the asked noun.
    vague = replace(_candidate("Fjordix is popular in schools and offices."), probability=0.15)
    assert _runner_up_saying_which([top, vague], info, "desktop") is None


@pytest.mark.parametrize(
    ("sentence", "denies"),
    [
        ("It is not a bad idea to use ldd to find the build dependencies.", True),
        # A comma closes the negated clause: "but" opens another.
        ("Using ldd to find the build dependencies is not a bad idea, but it is slow.", True),
        # "not X but Y" corrects a part of the clause, "not only X but also Y" adds to it:
        # neither denies what the question assumes.
        ("This is not due to the use of the dh command but due to how dpkg-buildpackage works.", False),
        ("It is not only a bad idea to use ldd to find the build dependencies but also slow.", False),
    ],
)
def test_a_replacive_negation_does_not_deny_the_questions_premise(sentence: str, denies: bool) -> None:
    from assistant.answering._compose import _premise_contradicts

    question = "Why is it a bad idea to use ldd to find the build dependencies?"
    passage = f"If you use ldd to find the build dependencies, it reports indirect ones as well. {sentence}"
    assert _premise_contradicts(question, sentence, passage) is denies


# -- "Who is X?": what the text says X is, not another person's name -----------------------

GUILD = """# The harbour guild

The guild has been led by Ann Lee, Bo Berg, Cy Dahl, Di Ek and Ed Fox since it was founded.

Bo Berg was the second chair of the guild, just after Ann Lee.

The guild's records are kept by Di Ek, who is handling the yearly harbour census.
"""


def test_who_is_x_asks_what_x_is() -> None:
    assert analyze_question("Who is Bo Berg?").answer_type == "any"
    assert analyze_question("Who is the harbour master?").answer_type == "person"
    assert analyze_question("Who leads the guild?").answer_type == "person"


def test_a_name_in_a_list_of_names_is_told_from_a_name_alone() -> None:
    listed = "The guild has been led by Ann Lee, Bo Berg, Cy Dahl, Di Ek and Ed Fox since it was founded."
    assert _listed_among(listed, "Bo Berg") and _listed_among(listed, "Ed Fox")
    assert not _listed_among("Bo Berg and Ann Lee wrote the census.", "Bo Berg")
    assert not _listed_among("Bo Berg was the second chair of the guild.", "Bo Berg")


def test_who_is_x_is_answered_by_a_sentence_about_x_not_a_list_of_names(tmp_path: Path) -> None:
    with _assistant(tmp_path, "guild.md", GUILD) as assistant:
        for question, expected in (
            ("Who is Bo Berg?", "Bo Berg was the second chair of the guild"),
            ("Who is Di Ek?", "The guild's records are kept by Di Ek"),
        ):
            answer = assistant.ask(question)
            assert answer.outcome == "answered", question
            assert answer.citations[0].quote.startswith(expected), (question, answer.text)


def test_a_persons_role_is_led_by_what_the_text_says_they_are() -> None:
    sentence = "The report, written by Mara Lind, head of the survey office, and Oskar Berg, a harbour pilot, was published in 2020."
    for question, expected in (
        ("What is Mara Lind's role?", "head of the survey office"),
        ("What was Oskar Berg's job at the harbour?", "a harbour pilot"),
        ("What is Oskar Berg's field of expertise?", "a harbour pilot"),
        ("What does Mara Lind do?", "head of the survey office"),
        ("What is Oskar Berg known for?", "a harbour pilot"),
    ):
        assert answer_phrase(analyze_question(question), sentence) == expected, question
    # Not a person's role: "What does X do with ...?" asks what X does to something.
    assert answer_phrase(analyze_question("What does Mara Lind do with the charts?"), sentence) != "head of the survey office"


def test_a_how_many_question_is_typed_by_a_list_of_what_it_counts() -> None:
    from assistant.answering._questions import enumerates_head

    # Before the noun, after a preposition, or after it with "such as" / "including".
    assert enumerates_head("The ferry calls at the Dover, Calais, and Ostend harbours.", {"harbours"})
    assert enumerates_head("Other harbours, such as Dover, Calais, and Ostend, charge more.", {"harbours"})
    # Two things joined by "and" are as often two verbs; "to" before a verb is no preposition.
    assert not enumerates_head("The ferry calls at the Dover and Calais harbours.", {"harbours"})
    assert not enumerates_head("They came to install, test and maintain all these harbours.", {"harbours"})
    # A list of other things.
    assert not enumerates_head("The ferry calls at the Dover, Calais, and Ostend harbours.", {"ferries"})


def _text_citations(*quotes: str) -> list[Citation]:
    return [
        Citation(n=n, source="notes.md", title="Notes", chunk_id="c", start=0, end=len(q), quote=q)
        for n, q in enumerate(quotes, start=1)
    ]


@pytest.mark.parametrize(
    ("question", "quotes", "stating"),
    [
        # The fact asked about, stated with no reason: the first sentence that states it.
        ("Why was the ferry moved to Pier 4?", ["The ferry was moved to Pier 4 in May 2019, with two new gangways."], 0),
        ("Why is the harbour logo trademarked?", ["Opening hours are posted online.", "The harbour logo is trademarked."], 1),
        # A reason given, in words or by a word that may bring one in: answered.
        ("Why was the ferry moved to Pier 4?", ["The ferry was moved to Pier 4 because the old quay silted up."], None),
        ("Why was the ferry moved to Pier 4?", ["The ferry was moved to Pier 4 when the old quay silted up."], None),
        ("Why was the ferry moved to Pier 4?", ["The ferry was moved to Pier 4 as a reaction to the silting."], None),
        ("Why were the pilots disappointed?", ["The pilots were disappointed by the new schedule."], None),
        ("Why was the ferry moved to Pier 4?", ["The ferry was moved to Pier 4.", "This was done due to the silting."], None),
        # A sentence that says otherwise in the same breath may correct the premise.
        ("Why is Pier 4 the ferry's default berth?", ["The ferry uses Pier 2 by default, but Pier 4 is also used."], None),
        # No sentence states the fact; a yes/no question; a question of another kind.
        ("Why was the ferry moved to Pier 4?", ["The ferry carries 300 passengers."], None),
        ("Was the ferry moved to Pier 4?", ["The ferry was moved to Pier 4."], None),
        ("Where was the ferry moved?", ["The ferry was moved to Pier 4."], None),
    ],
)
def test_a_why_question_answered_only_by_its_own_fact_is_not_answered(question: str, quotes: list[str], stating: int | None) -> None:
    citations = _text_citations(*quotes)
    found = _restates_unexplained(question, analyze_question(question), citations)
    assert found == (citations[stating] if stating is not None else None)


WHY_DOC = """# Harbour notes

The harbour logo is trademarked, and in certain cases permission is required to use it.

The night ferry was moved to Pier 4 because the old quay silted up in 2018.
"""


def test_the_sources_come_closest_when_they_state_the_fact_a_why_question_asks_about(tmp_path: Path) -> None:
    with _assistant(tmp_path, "notes.md", WHY_DOC) as assistant:
        unexplained = assistant.ask("Why is the harbour logo trademarked?")
        assert unexplained.outcome == "closest" and not unexplained.grounded
        assert [c.quote for c in unexplained.citations] == [
            "The harbour logo is trademarked, and in certain cases permission is required to use it."
        ]
        # Asked for its reason in other words, the same.
        framed = assistant.ask("What is the reason the harbour logo is trademarked?")
        assert framed.outcome == "closest"
        explained = assistant.ask("Why was the night ferry moved to Pier 4?")
        assert explained.outcome == "answered" and "because the old quay silted up" in explained.text


REGATTAS = """# Regattas

The ninth regatta, Regatta8, was held in the city of Tarnwick, Sudland, in 2008 with over two hundred sailors.

The tenth regatta, Regatta9, was held in Kelby, Norland, in 2009 with about one hundred sailors.
"""


def test_a_numbered_name_is_answered_by_the_sentence_that_names_it_not_by_its_neighbour(tmp_path: Path) -> None:
    with _assistant(tmp_path, "regattas.md", REGATTAS) as assistant:
        for question in ("In which city was Regatta9 held?", "Where was Regatta9 held?"):
            answer = assistant.ask(question)
            assert answer.outcome == "answered" and answer.text.startswith("in Kelby, Norland [1].")
            assert all("Regatta9" in c.quote for c in answer.citations)
        assert assistant.ask("In which city was Regatta8 held?").text.startswith("in the city of Tarnwick, Sudland [1].")
