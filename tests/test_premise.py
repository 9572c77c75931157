"""The premise reading: a question's claim against an evidence sentence (plain text, no index)."""

from __future__ import annotations

import pytest

from assistant.answering import analyze_question
from assistant.answering._compose import OTHERWISE, _proposition, _with_denial, asserts, compose, contradicts
from assistant.answering._premise import Conflict, aspect_conflict, conflict, exclusive_conflict, slot_swap, states, unsaid
from assistant.types import Answer, Citation
from tests.plugins.selection import candidates_of


@pytest.mark.parametrize(
    ("claim", "sentence", "swapped"),
    [
        # A name of the same kind in the same slot: "based on X" against "based on Y".
        ("the ferry's main route based on Calais", "Its main route is based on Dover, with a few side trips.", "'Calais' where the text has 'Dover'"),
        # A year in the same slot, though both sentences have other facts.
        ("Ada Lovelace open the archive during the 1995 winter holidays", "During the 1989 winter holidays, the archive opened.", "'1995' where the text has '1989'"),
        # A person given a role the text gives another ("found" / "founder").
        ("Maria Keller found the harbour guild", "Tom Hale, founder of the harbour guild, was its first chair.", "'Maria Keller' where the text has 'Tom Hale'"),
        # A decade, a version.
        ("the pier named after a radio show from the 1990s", "It was named after a radio show from the 1970s.", "'1990s' where the text has '1970s'"),
        ("tolls only arrive in Portlib 3.10", "Starting in Portlib 3.8, tolls apply.", "'3.10' where the text has '3.8'"),
        # An identifier with digits is one name: "IPv6" against "IPv4", not 6 against 4.
        ("the harbour network support IPv6", "The harbour network supports IPv4 only.", "'IPv6' where the text has 'IPv4'"),
    ],
)
def test_slot_swaps(claim: str, sentence: str, swapped: str) -> None:
    assert slot_swap(claim, sentence) == swapped


@pytest.mark.parametrize(
    ("claim", "sentence"),
    [
        # Absence is not a contradiction: the sentence has no fact of the kind in that slot.
        ("the ferry's main route based on Calais", "The ferry runs every hour in summer."),
        # An alias of the same name ("van Rossum" for "Guido van Rossum") is no swap.
        ("Guido van Rossum start the project", "Van Rossum started the project in 1989."),
        # A pronoun or a capitalised opener is no name: "I", "Since".
        ("Guido decide he needed a new language", "I decided that I needed a new language."),
        ("it an advantage that the quay has no cranes", "Since there are no cranes, the quay is quiet."),
        # Different slots: the year sits next to other words.
        ("the guild founded in 1990", "The pier was rebuilt in 1993 after the storm."),
        # The digits of a name are no number: "Portfest14" and "Portfest13" are two festivals,
        # not 13 in the place of 14 after "Portfest".
        ("Portfest14 cost to attend", "The fourteenth festival, Portfest13, was held in Calais in August 2013."),
    ],
)
def test_no_swap(claim: str, sentence: str) -> None:
    assert slot_swap(claim, sentence) is None


def test_aspect_opposites() -> None:
    assert aspect_conflict("the harbour stopped growing", "The harbour keeps on growing every year.")
    assert aspect_conflict("the protests died down", "The protests persist in the capital.")
    assert aspect_conflict("the protests continue", "The protests ceased in May.")
    # WordNet's verbs of ending an activity, and "ongoing" (the adjective of "go on").
    assert aspect_conflict(
        "the development of Progeny's distribution still ongoing",
        "This venture was, sadly, a commercial failure, and development was abandoned.",
    )
    assert aspect_conflict("the talks continue", "The talks were terminated in 2019.")
    # Both sides end (or both go on): no conflict; nor when they share no topic.
    assert aspect_conflict("the harbour stopped growing", "The harbour stopped growing in 2010.") is None
    assert aspect_conflict("the protests died down", "Traffic continues to grow.") is None


def test_exclusive_restriction_denied() -> None:
    claim = "the Tk widget toolkit underneath tkinter is stuck on Windows only"
    assert exclusive_conflict(claim, "Tcl/Tk is fully portable to the macOS, Windows, and Unix platforms.")
    assert conflict(claim, "Tcl/Tk is fully portable to the macOS, Windows, and Unix platforms.") == Conflict(
        kind="exclusive", reason="a restriction where the cited text lists more"
    )
    assert exclusive_conflict(
        "Planet Debian only about Debian development",
        "While the contents do not deal exclusively with Debian development, they give a view of the community.",
    )
    # The sentence keeps the restriction, says the word alone, or does not say it: no conflict.
    assert exclusive_conflict(claim, "Tk runs only on Windows, and nowhere else.") is None
    assert exclusive_conflict(claim, "Tk was first written for Windows.") is None
    assert exclusive_conflict(claim, "Tcl/Tk is portable to the macOS and Unix platforms.") is None
    assert exclusive_conflict("the toolkit is stuck on Windows", "It runs on macOS, Windows and Unix.") is None
    # "the only X that ..." singles one thing out; "only if" states a condition.
    assert exclusive_conflict(
        "Debian is the only distribution that ships Hurd", "Hurd ships with the Debian distribution, and with others."
    ) is None
    assert exclusive_conflict("it works only if Windows is installed", "It runs on macOS, Windows and Unix.") is None


def test_conflict_kinds() -> None:
    negated = conflict("Knoppix require a hard disk", "It runs a system with no requirement for a hard-disk.")
    assert negated is not None and negated.kind == "checker"
    opposite = conflict("catching an exception so cheap", "Actually catching an exception is expensive.")
    assert opposite is not None and opposite.kind == "checker"
    swap = conflict("the flagship product based on Fedora", "Their flagship product is based on Ubuntu.")
    assert swap is not None and swap.kind == "swap"
    assert conflict("the harbour stopped growing", "The harbour keeps on growing.") is not None
    # A supporting sentence, and one that merely says something else, contradict nothing.
    assert conflict("the harbour opened in 2019", "The new harbour opened in 2019.") is None
    assert conflict("the harbour opened in 2019", "Fishing boats moor at the east quay.") is None


def test_negative_claims_leave_polarity_to_the_scope_reading() -> None:
    # "has no cranes" against "the lack of cranes": the checker's antonym rule (have / lack)
    # reads the claim's "has" without its negation; the premise reading does not use it.
    assert conflict("it good that the pier has no cranes", "This is not solely due to the lack of cranes on the pier.") is None


def test_states() -> None:
    assert states("the value returned by id() unique", "The value returned by id() is unique while the object lives.")
    assert not states("the harbour opened in 2019", "The harbour did not open in 2019.")
    assert not states("the harbour opened in 2019", "The harbour opened in 2018.")


def test_a_sentence_with_the_claims_names_but_not_its_predicate_does_not_state_it() -> None:
    claim = "Maria Keller found the harbour guild"
    second = "Maria Keller was the second leader of the harbour guild, just after Tom Hale."
    assert unsaid(claim, second) == "found"
    assert not states(claim, second)
    # Said by a form of the word's family, the noun of the same relation, or a synonym.
    assert states(claim, "Maria Keller, founder of the harbour guild, led it for ten years.")
    assert unsaid("the ferry line be extended to Calais", "An extension of the ferry line to Calais opened in 2004.") is None
    assert unsaid("the guild make boats", "The guild creates boats.") is None  # a light verb carries nothing
    assert unsaid("the guild fixes boats", "The guild repairs boats.") is None  # WordNet synonyms


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        # A reporting verb frames a clause, not an object: "found" and "hold" are the claim's verbs.
        ("Why did Maria Keller found the harbour guild?", "Maria Keller found the harbour guild"),
        ("Can a lambda hold statements?", "a lambda hold statements"),
        # A plural noun after a determiner is no verb: "hold all its objects" is an object.
        ("Why does the archive hold all its records on paper?", "the archive hold all its records on paper"),
        ("Why does the report say the negotiations succeeded?", "the negotiations succeeded"),
        # The source a question cites is whose account is asked for, not part of the claim.
        ("Does the ferry carry cars, according to the authors?", "the ferry carry cars"),
        ("Why, according to the report, did the talks fail?", "the talks fail"),
        # A frame asking whether a claim holds is not part of it.
        ("Is it so that the ferry carries cars?", "the ferry carries cars"),
        ("Isn't it true that the ferry carries cars?", "the ferry carries cars"),
        # A frame asking for a reason is not part of the clause it presupposes.
        ("What is the reason the ferry carries cars?", "the ferry carries cars"),
        ("What was the main reason why the talks failed?", "the talks failed"),
        ("What's the purpose that the guild was founded?", "the guild was founded"),
        # A noun phrase after the frame is no clause: the frame stays.
        ("What is the purpose of the harbour guild?", "the purpose of the harbour guild"),
    ],
)
def test_proposition_is_the_claim_without_its_frame(question: str, claim: str) -> None:
    assert _proposition(question) == claim


def test_indirect_questions_assert_nothing() -> None:
    assert not asserts("Do you know where the name Debian comes from?")
    assert not asserts("Could you please tell me why the harbour closed?")
    # A yes/no question about a belief still puts its clause forward.
    assert asserts("Do you think the harbour closed?")
    assert not contradicts("Do you know where the name Debian comes from?", "The name is a contraction of two first names: that of Ian Murdock and Debra.")


@pytest.mark.parametrize(
    ("question", "sentence", "context", "expected"),
    [
        # A swap is read only when the passage covers the rest of the claim.
        ("Why is the ferry's main route based on Calais?", "It is based on Dover.", "The ferry and its main route.", True),
        ("Why is the ferry's main route based on Calais?", "It is based on Dover.", "", False),
        # A true premise with the same facts is not contradicted.
        ("Why is the ferry's main route based on Dover?", "It is based on Dover.", "The ferry and its main route.", False),
    ],
)
def test_contradicts_reads_the_topic_in_context(question: str, sentence: str, context: str, expected: bool) -> None:
    assert contradicts(question, sentence, context) is expected


def _cited(*quotes: str) -> Answer:
    citations = tuple(
        Citation(n=n, source="a.md", title="A", chunk_id="c", start=0, end=len(q), quote=q) for n, q in enumerate(quotes, start=1)
    )
    return Answer(text=" ".join(f"{c.quote} [{c.n}]" for c in citations), grounded=True, mode="extractive", citations=citations)


def test_compose_reads_the_premise_against_the_cited_passages() -> None:
    question = "Why is the ferry's main route based on Calais?"
    answer = _cited("It is based on Dover.")
    said = compose(answer, analyze_question(question), question, context="The ferry and its main route.")
    assert said.text.startswith(OTHERWISE)
    # Another cited sentence that states the claim outweighs a contradiction in one of them.
    question = "Can I compile harbour charts to PDF?"
    answer = _cited("Chartkit compiles harbour charts to PDF files.", "You don't need to compile harbour charts to PDF to print them.")
    assert not compose(answer, analyze_question(question), question, context="").text.startswith(OTHERWISE)


def test_a_swap_of_an_entity_the_passage_names_needs_the_sentence_on_topic() -> None:
    question = "Did the harbour guild of Dover close the pier in Calais?"
    sentence = "Members want a vote on the harbour guild of Hastings."
    assert conflict("the harbour guild of Dover close the pier in Calais", sentence) == Conflict(
        kind="swap", reason="'Dover' where the text has 'Hastings'", fact="Dover", replacement="Hastings"
    )
    # Where the passage names Dover elsewhere, the sentence (which says little of the claim)
    # may be about another guild: no contradiction is read.
    assert not contradicts(question, sentence, "The harbour guild of Dover met at the pier in Calais.")
    # Where the passage does not name Dover, the swap is read.
    assert contradicts(question, sentence, "The harbour guild met at the pier in Calais.")


def test_a_sentence_that_denies_the_claim_does_not_also_state_it() -> None:
    # The checker finds "are arrays, not linked lists" close to "are linked lists"; the
    # sentence that denies the claim is not counted among those that state it.
    question = "Are Portlib queues linked lists?"
    answer = _cited("Portlib’s queues are really fixed-length arrays, not Lisp-style linked lists.")
    assert compose(answer, analyze_question(question), question, context="").text.startswith(OTHERWISE)


def test_a_function_word_is_no_form_of_an_opposite() -> None:
    # "fore" (the opposite of "after") stems to "for": "for" is no opposite of "after".
    claim = "the government retaliated after the airstrikes"
    assert conflict(claim, "The study calls for talks between the government and the group.") is None


def test_a_passive_agent_fills_the_subject_slot_of_its_verb() -> None:
    # "X sponsor Y" against "Y was sponsored by Z": Z stands where the claim has X.
    claim = "Harbour Board sponsor the new ferry"
    assert slot_swap(claim, "The new ferry was sponsored by the Coast Guild.") == "'Harbour Board' where the text has 'Coast Guild'"
    # The agent of another verb fills no slot of the claim's verb.
    assert slot_swap(claim, "The new ferry was painted by the Coast Guild.") is None


def test_a_likely_sentence_denying_a_presupposed_claim_joins_the_quote() -> None:
    opened, failed, stated = candidates_of(
        "The ferry service opened in 2004 between Dover and Calais.",
        "The ferry service was, sadly, a commercial failure, and it closed in 2009.",
        "The ferry service was a commercial success.",
    )
    why = "Why was the ferry service a commercial success?"
    assert _with_denial([opened], [opened, failed], why) == [opened, failed]
    # A yes/no question puts its claim forward: what is quoted answers it as it is.
    assert _with_denial([opened], [opened, failed], "Was the ferry service a commercial success?") == [opened]
    # A quoted sentence that states the claim: no denial is added.
    assert _with_denial([stated], [stated, failed], why) == [stated]
    # Nor when nothing likely denies it.
    assert _with_denial([opened], [opened], why) == [opened]


def test_a_denial_by_another_name_or_number_leads_with_it() -> None:
    question = "Why did Tom Hale open the harbour in 1996?"
    quote = "When he opened the harbour, in 1993, under the leadership of the Guild, Tom Hale had clear goals, which he wrote in the Harbour Charter."
    found = conflict(_proposition(question), quote)
    assert found is not None and (found.fact, found.replacement) == ("1996", "1993")
    composed = compose(_cited(quote), analyze_question(question), question, context=quote)
    assert composed.text.startswith(OTHERWISE)
    lead = composed.text[len(OTHERWISE) :].split(" [1]")[0]
    assert "1993" in lead and lead != quote


def test_a_word_wordnet_does_not_know_is_no_antonym() -> None:
    # "still" has the antonym "sparkling" (of wine); "sparc", a processor's name, is no word of
    # WordNet's and denies nothing, though its letters are close.
    assert not contradicts("Why do the ferries still run at night?", "The ferries run at night on sparc machines.")
    # A real antonym still does.
    assert contradicts("Why is the ferry so cheap?", "The ferry is expensive, as the report shows.")


def test_a_premise_is_checked_by_the_question_that_takes_it_for_granted() -> None:
    from assistant.answering._compose import _PRESUPPOSED
    from assistant.answering._questions import confirmation_question, presupposing_question

    asked = presupposing_question("the ferry requires a permit")
    assert asked == "How come the ferry requires a permit?"
    # Read as presupposing its claim, as a why-question is: a denying sentence among the likeliest
    # is looked for. A yes/no question only puts its claim forward.
    assert _PRESUPPOSED.search(asked) and asserts(asked)
    assert not _PRESUPPOSED.search(confirmation_question("the ferry requires a permit"))
    assert _proposition(asked) == "the ferry requires a permit"
