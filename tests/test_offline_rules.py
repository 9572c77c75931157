"""The offline checker's rules for what a capable model gets wrong while reusing the
passage's words (opposites, added causes and degrees) and for what it gets right in other
words (counts read off a list, a sentence joining two cited passages); and the
WordNet-derived antonym data they use."""

from __future__ import annotations

import pytest

from assistant.answering import added_claims, check_support, derived_counts, fact_vetoes
from assistant.lexicon import antonym_pairs

RELATIONS = "Relations between the two countries have deteriorated since the border closed in 2021."
STRIKES = "The airstrikes hit targets in Paktika and Khost provinces, according to officials."


def test_wordnet_derived_antonyms_hold_the_pairs_wordnet_states_only_between_synsets() -> None:
    direct = antonym_pairs()
    derived = antonym_pairs(derived_senses=4)
    assert ("increase", "decrease") in direct
    assert ("improve", "worsen") not in direct and ("improve", "worsen") in derived  # synsets of better/worsen
    assert ("deteriorate", "improve") in derived  # deteriorate entails worsen
    assert ("take", "follow") not in derived  # 42 senses: too ambiguous to oppose


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("Relations between the two countries have worsened since the border closed in 2021.", True),
        ("Relations between the two countries have improved since the border closed in 2021.", False),
        ("Relations between the two countries have deteriorated because the border closed in 2021.", False),
        ("Relations between the two countries have completely deteriorated since the border closed in 2021.", False),
        ("Relations between all countries have deteriorated since the border closed in 2021.", False),
    ],
)
def test_opposites_added_causes_and_degrees_are_unsupported(sentence: str, supported: bool) -> None:
    assert check_support(sentence, [RELATIONS]).supported is supported


def test_a_cause_the_text_states_in_other_words_is_supported() -> None:
    text = "The talks collapsed due to the rivalry between the two groups."
    assert added_claims("The talks collapsed because of the rivalry between the two groups.", [text]) == ()
    assert added_claims("The talks collapsed, and the rivalry caused it.", ["The talks collapsed."]) != ()
    assert added_claims("The study names not only the talks but also the rivalry.", [text]) == ()
    assert added_claims("Releases come out every 12 months.", ["A release every 12 months."]) == ()


def test_counts_read_off_a_list_are_supported_and_wrong_counts_are_not() -> None:
    assert "2" in derived_counts(STRIKES)
    assert check_support("The airstrikes hit two provinces, according to officials.", [STRIKES]).supported
    assert not check_support("The airstrikes hit three provinces, according to officials.", [STRIKES]).supported
    assert derived_counts("It includes Google, Yahoo, and Lucasfilm Ltd.") >= {"3"}
    assert "21" in derived_counts("CWI Quarterly, pp 283-303.")
    assert fact_vetoes("Three companies are named.", ["Companies using it include Google, Yahoo, and Lucasfilm."]) == ()
    assert fact_vetoes("Four companies are named.", ["Companies using it include Google, Yahoo, and Lucasfilm."]) != ()


def test_a_sentence_joining_two_cited_passages_cites_both() -> None:
    first = "The Pakistani Taliban Movement (TTP) was founded in 2007."
    second = "Hardline factions within the group oppose negotiations with the government."
    support = check_support("Hardline factions within the TTP, founded in 2007, oppose negotiations with the government.", [first, second])
    assert support.supported
    assert {index for index, _a, _b in support.spans} == {0, 1}
    for index, a, b in support.spans:
        assert [first, second][index][a:b].strip()


def test_two_names_that_trade_places_are_a_role_swap() -> None:
    text = "Pakistani airstrikes within Afghan borders were claimed to target militant bases."
    assert check_support("Pakistani airstrikes inside Afghan borders were claimed to target militant bases.", [text]).supported
    swapped = check_support("Afghan airstrikes within Pakistani borders were claimed to target militant bases.", [text])
    assert not swapped.supported and any("another name" in r for r in swapped.reasons)


def test_a_negated_opposite_is_not_an_opposite() -> None:
    text = "The non-compatible effects of these actions may leave your system unusable."
    assert check_support("The incompatible effects of these actions may leave your system unusable.", [text]).supported


def test_a_cause_must_sit_on_the_cause_side_of_the_texts_own_causal_link() -> None:
    text = "The failure of the talks has led to violent raids across the region, targeting officials."
    assert added_claims("The collapse of the talks resulted in violent raids across the region.", [text]) == ()
    reversed_ = added_claims("The failure of the talks was caused by the raids targeting officials.", [text])
    assert reversed_ and "does not link" in reversed_[0]
    other_cause = "The valley already suffers from floods due to the heavy rains of the spring."
    assert added_claims("The floods in the valley were caused by the new dam.", [other_cause]) != ()
    assert added_claims("The valley suffers from floods because of the heavy spring rains.", [other_cause]) == ()
    so = "There are many old programs, so any change that breaks them is frowned upon."
    assert added_claims("Because there are many old programs, a change that breaks them is frowned upon.", [so]) == ()
    assert added_claims("The programs are old because changes are frowned upon.", [so]) != ()


def test_a_negation_or_opposite_elsewhere_in_the_cited_text_counts() -> None:
    text = "There are two editions of the atlas: 2.x and 3.x. Although 2.x is still widely sold, it is not updated anymore."
    assert not check_support("The 2.x atlas is still updated.", [text]).supported
    assert check_support("The 2.x atlas is still widely sold but no longer updated.", [text]).supported
    imperative = "Do not mix parts from different kits. It probably breaks the warranty of the device."
    assert check_support("Mixing parts from different kits probably breaks the warranty of the device.", [imperative]).supported


def test_two_things_that_trade_roles_around_a_shared_word_are_a_swap() -> None:
    text = "Drafts are early versions whose chapters aren't yet settled. Reprints are stable, and proofs are frozen."
    swapped = check_support("Proofs are early versions whose chapters aren't yet settled, while drafts are frozen.", [text])
    assert not swapped.supported and any("trade roles" in r for r in swapped.reasons)
    assert check_support("Drafts are early versions whose chapters aren't yet settled, while proofs are frozen.", [text]).supported
    moved = "The kit will assemble and run out of the box on most workbenches."
    assert check_support("On most workbenches the kit will assemble and run out of the box.", [moved]).supported


def test_numbers_stated_elsewhere_and_durations() -> None:
    text = ("Editions have come out every 6 to 18 months since 1991. "
            "As of edition 9, the atlas will have a major new edition every 12 months (plan 602).")
    assert check_support("As of edition 9, the atlas will have a major new edition every 12 months (plan 602).", [text]).supported
    displaced = check_support("As of edition 9, the atlas will have a major new edition every 18 months (plan 602).", [text])
    assert not displaced.supported and any(r.startswith("number 18") for r in displaced.reasons)
    assert check_support("As of edition 9, major atlas editions are planned one year apart.", [text]).supported
    month = "Update the file only after waiting for about a month after the release."
    assert not check_support("Update the file only after waiting for about a year after the release.", [month]).supported
    listed = "In 1991, after a year of work on the lexicon and the grammar, she posted the draft."
    assert not check_support("She posted the draft after about two years of work.", [listed]).supported


def test_an_abbreviation_the_text_defines_stands_for_its_name() -> None:
    first = "The report covers the National Water Authority (NWA) and its plans."
    second = "Hardline members within the NWA oppose the new dam."
    support = check_support("Hardline members within the National Water Authority oppose the new dam.", [first, second])
    assert support.supported
    initials = ["The Open Map Society is an independent non-profit body.", "Donations to the OMS are tax-exempt."]
    assert check_support("The OMS, an independent non-profit body, receives tax-exempt donations.", initials).supported


def test_a_sentence_may_join_two_statements_of_one_passage_that_are_not_adjacent() -> None:
    text = ("Please treat this guide as a secondary reference. It does not replace the manuals. "
            "The editors take no responsibility for errors or omissions in this guide.")
    support = check_support(
        "The editors take no responsibility for errors or omissions in the guide, which should be treated as a secondary reference.",
        [text],
    )
    assert support.supported


def test_a_possibility_stated_as_certain_is_unsupported() -> None:
    text = "Mixing the two cleaners may damage the coating of the pan."
    assert not check_support("Mixing the two cleaners will damage the coating of the pan.", [text]).supported
    assert check_support("Mixing the two cleaners could damage the pan's coating.", [text]).supported


def test_a_technical_name_swapped_for_another_is_unsupported() -> None:
    text = "Consider installing pkg-watchbugs to check the tracker before the upgrade."
    assert check_support("Consider installing pkg-watchbugs to check the tracker before upgrading.", [text]).supported
    swapped = check_support("Consider installing pkg-watchnews to check the tracker before the upgrade.", [text])
    assert not swapped.supported and any("pkg-watchnews" in r for r in swapped.reasons)
    english = "The firm has a long-established habit of publishing its accounts."
    assert check_support("The firm has a long-standing habit of publishing its accounts.", [english]).supported


def test_only_before_a_restricting_word_adds_no_degree() -> None:
    text = "The stable suite suits desktop PCs that get limited administration effort."
    assert added_claims("The stable suite suits desktop PCs that get only limited administration effort.", [text]) == ()
    assert added_claims("Only the stable suite suits desktop PCs that get limited administration effort.", [text]) != ()


def test_opposites_are_matched_through_inflections_and_not_through_prepositions() -> None:
    text = "Using a heavy bike slows the pace of the ride for a beginner."
    assert not check_support("Using a heavy bike speeds up the pace of the ride for a beginner.", [text]).supported
    given = "The riders want the club to stop actions against them, given the presence of new rules."
    assert check_support("The riders want the club to stop taking actions against them.", [given]).supported


JOURNEY = "This journey, not without its difficulties, explains the long delays between the releases."


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("The difficult journey explains the long delays between the releases.", True),  # litotes
        ("The journey, without difficulties, explains the long delays between the releases.", False),
    ],
)
def test_a_double_negation_is_read_as_a_positive(sentence: str, supported: bool) -> None:
    assert check_support(sentence, [JOURNEY]).supported is supported


def test_a_negated_prefix_opposite_is_a_positive_and_a_bare_one_is_not() -> None:
    text = "Such failures are not uncommon on older machines."
    assert check_support("Such failures are common on older machines.", [text]).supported
    assert not check_support("Such failures are uncommon on older machines.", [text]).supported


def test_a_degree_word_under_a_negation_adds_no_degree() -> None:
    text = "Volunteers tend to avoid the work that is not very fun."
    assert not added_claims("Volunteers tend to avoid work that isn't much fun.", [text])
    assert added_claims("Volunteers tend to avoid much of the work.", [text])


def test_a_broad_negative_answers_a_negation_and_is_one() -> None:
    text = "Testing is a good compromise between a lack of serious problems and recent software."
    assert check_support("Testing is a good compromise between few serious problems and recent software.", [text]).supported
    plain = "Testing is a good compromise between serious problems and recent software."
    assert not check_support("Testing is a good compromise between few serious problems and recent software.", [plain]).supported
    assert check_support("Testing offers a few serious problems and recent software.", ["Testing offers serious problems and recent software."]).supported


@pytest.mark.parametrize(
    ("sentence", "text", "supported"),
    [
        ("A majority of 75% is required to approve any amendment.", "A three-quarter majority is required to approve any amendment.", True),
        ("A majority of 70% is required to approve any amendment.", "A three-quarter majority is required to approve any amendment.", False),
        ("Half of the members voted for the amendment.", "50% of the members voted for the amendment.", True),
        ("Two thirds of the members voted for the amendment.", "67% of the members voted for the amendment.", True),
        ("A third of the members voted for the amendment.", "50% of the members voted for the amendment.", False),
    ],
)
def test_fractions_and_percentages_are_compared_by_value(sentence: str, text: str, supported: bool) -> None:
    assert check_support(sentence, [text]).supported is supported
    assert (not fact_vetoes(sentence, [text])) is supported


def test_a_run_of_bare_numbers_is_counted_and_decimals_do_not_break_lists() -> None:
    assert "3" in derived_counts("the revisions (ex: 10.1, 10.2, 10.3 for version 10)")
    assert "3" not in derived_counts("version 10.1 for version 10")


def test_a_frequency_the_text_does_not_state_is_added_and_one_it_states_is_not() -> None:
    text = "Some compilations may fail; the maintainer then receives a bug report."
    assert added_claims("Compilations frequently fail.", [text])
    assert not added_claims("Compilations often fail.", ["Compilations frequently fail on slow machines."])


def test_a_noun_a_preposition_governs_is_not_read_as_the_subject_of_the_next_verb() -> None:
    text = ("Most Debian contributors willing to be paid to work on LTS got together to create a clear "
            "sponsorship offer managed by Freexian (Raphaël Hertzog's company):")
    sentence = "Raphaël Hertzog's company manages the sponsorship offer created by Debian contributors willing to be paid for LTS work."
    assert check_support(sentence, [text]).supported


def test_a_claim_may_rest_on_a_statement_the_window_also_denies_elsewhere() -> None:
    criteria = "Packages are selected for Testing by the lack of critical bugs and at least 5 days spent in Unstable."
    found = "This system is not infallible; critical bugs are regularly found in packages included in Testing."
    sentence = "Packages need at least 5 days in Unstable to enter Testing, yet critical bugs are regularly found in Testing."
    assert check_support(sentence, [criteria, found]).supported
    # Denied and never stated: still a negation mismatch.
    assert not check_support("Packages are selected for Testing with critical bugs.", [criteria]).supported


def test_a_universal_the_text_negates_does_not_support_one_the_claim_states() -> None:
    text = "Not everything passes through this step; some developers add packages here to get feedback."
    assert added_claims("All developers add packages here to get feedback.", [text])
    assert not added_claims("Some developers add packages here to get feedback.", [text])


@pytest.mark.parametrize(
    ("sentence", "text", "supported"),
    [
        ("Three quarters of the members must approve an amendment.", "3/4 of the members must approve an amendment.", True),
        ("The new build is two times faster than the old build.", "The new build is twice as fast as the old build.", True),
        ("The new build is twice as fast as the old build.", "The new build is 2 times faster than the old build.", True),
        ("The new build is three times faster than the old build.", "The new build is twice as fast as the old build.", False),
    ],
)
def test_digit_fractions_and_multiples_are_compared_by_value(sentence: str, text: str, supported: bool) -> None:
    assert (not fact_vetoes(sentence, [text])) is supported


BACKUP = "The images can be sent to another server with the convenient nc tool, as long as they are compressed first."


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("The images can be sent to another server with the convenient nc tool once they are compressed.", True),
        ("The images can be sent to another server with the convenient rsync tool once they are compressed.", False),
        ("The images can be sent to another server with the convenient netcat tool once they are compressed.", False),
    ],
)
def test_a_lower_case_name_outside_general_english_that_the_text_lacks_is_a_wrong_name(
    sentence: str, supported: bool
) -> None:
    """"rsync" is no English word (WordNet), so it names something; the text never names it.
    Closed-class words WordNet leaves out ("once", "whereas") are not names."""
    assert check_support(sentence, [BACKUP]).supported is supported


SOCKETS = ("A client socket is an endpoint of a conversation, and a server socket is more like a switchboard operator. "
           "The browser uses client sockets exclusively; the web server it talks to uses both server sockets and client sockets.")
ORDER = ("Network byte order is big-endian, with the most significant byte first. "
         "However, most common processors are little-endian, with the least significant byte first.")


@pytest.mark.parametrize(
    ("sentence", "passage", "supported"),
    [
        ("The browser uses client sockets exclusively, while the web server uses both server and client sockets.", SOCKETS, True),
        ("The web server uses client sockets exclusively, while the browser uses both server and client sockets.", SOCKETS, False),
        ("Network byte order is big-endian, while most common processors are little-endian.", ORDER, True),
        ("Network byte order is little-endian, while most common processors are big-endian.", ORDER, False),
    ],
)
def test_two_clauses_that_trade_what_the_text_says_of_their_subjects_are_a_swap(
    sentence: str, passage: str, supported: bool
) -> None:
    """The swap is caught even though a weaker window (the first sentence, sharing "client",
    "server" and "socket") has no contradiction: the best window's says otherwise."""
    assert check_support(sentence, [passage]).supported is supported


BOT = ("Some time later, this access was used to run an IRC bot that connected to an underground IRC network. "
       "The bot could then be controlled via this protocol and instructed to download files.")


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("The bot could then be controlled via this protocol and told to download files.", True),
        ("Via this protocol the bot could then be controlled and instructed to download files.", True),
        ("The bot controlled the underground IRC network and instructed it to download files.", False),
    ],
)
def test_the_subject_of_a_passive_made_the_doer_of_its_verb_is_a_swap(sentence: str, supported: bool) -> None:
    assert check_support(sentence, [BOT]).supported is supported


CLOSE = ("Most socket libraries are so used to programmers neglecting this etiquette that normally a close is the same "
         "as shutdown and close. So in most situations, an explicit shutdown is not needed.")


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("Most socket libraries treat a close as a shutdown and close, so an explicit shutdown is usually not needed.", True),
        ("An explicit shutdown is usually not needed because most socket libraries treat a close as a shutdown and close.", True),
        ("Most socket libraries treat a close as a shutdown and close because an explicit shutdown is not needed.", False),
    ],
)
def test_a_sentence_opening_with_so_takes_its_cause_from_the_sentence_before(sentence: str, supported: bool) -> None:
    assert check_support(sentence, [CLOSE]).supported is supported


CHECKS = "In the heat of action, administrators are tempted to perform many checks on the compromised machine; this is usually not a good idea."


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("Performing many checks on the compromised machine in the heat of action is usually a bad idea.", True),
        ("Performing many checks on the compromised machine in the heat of action is usually a good idea.", False),
    ],
)
def test_a_negated_word_against_its_opposite_says_the_same(sentence: str, supported: bool) -> None:
    """"not a good idea" is "a bad idea" (WordNet: good/bad); dropping the "not" is still a flip."""
    assert check_support(sentence, [CHECKS]).supported is supported


def test_an_opposite_elsewhere_in_the_window_is_no_opposite_of_the_claims_word() -> None:
    passages = [
        "Unplugging the computer from the network will prevent the attacker from reaching these targets.",
        "When the server is far away, it is a good idea to start by gathering some important information.",
    ]
    sentence = "Unplugging the computer from the network stops the attacker from reaching these targets."
    assert check_support(sentence, passages).supported
    assert not check_support("When the server is far away, it is a good idea to stop gathering important information.", passages).supported


SHUTDOWN = "So in most situations, an explicit shutdown is not needed. Cracking acts are often not detected until they have consequences."


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("In most situations an explicit shutdown is not needed.", True),
        ("An explicit shutdown is never needed.", False),
        ("No cracking act is detected until it has consequences.", False),
    ],
)
def test_a_universal_negative_for_a_negation_the_text_restricts_is_a_widened_claim(sentence: str, supported: bool) -> None:
    assert check_support(sentence, [SHUTDOWN]).supported is supported


SOCKETS_USE = "Sockets are used nearly everywhere, but are one of the most severely misunderstood technologies around."
STREAM = "Unless you really know what you are doing, you will get better behavior and performance from a STREAM socket than anything else."
RECV = ("When a recv returns 0 bytes, the other side has closed the connection. You will not receive any more data on this "
        "connection. Ever. You may be able to send data successfully; more about this later.")
REINSTALL = "The server should not be brought back on line without a complete reinstallation."


@pytest.mark.parametrize(
    ("sentence", "passage", "supported"),
    [
        ("Sockets are used nearly everywhere, yet they are among the most severely misunderstood technologies.", SOCKETS_USE, True),
        ("Sockets are used everywhere.", SOCKETS_USE, False),  # "nearly" tones the universal down
        ("Sockets are misunderstood by every programmer.", SOCKETS_USE, False),
        ("A STREAM socket gives better behavior and performance than anything else in every situation.", STREAM, False),
        ("After a recv returns 0 bytes, you can still receive more data on that connection.", RECV, False),
        ("After a recv returns 0 bytes, you will not receive any more data on that connection.", RECV, True),
        ("The server can be brought back on line without a complete reinstallation.", [REINSTALL][0], False),
    ],
)
def test_universals_the_text_tones_down_or_never_names_and_negations_across_sentences(
    sentence: str, passage: str, supported: bool
) -> None:
    """A gapped window (first and last sentence) may not skip the sentence that denies the
    claim; a negation's scope ends at the next negation ("not ... without")."""
    assert check_support(sentence, [passage]).supported is supported


def test_a_reduced_passive_is_read_as_a_passive_and_a_subordinate_clause_must_be_supported() -> None:
    image = "Once the dynamic elements have been saved, the next step is to store a complete image of the hard disk."
    copy = "Each partition should be copied with a tool such as dd; the images can be sent to another server."
    joined = "Once the dynamic elements are saved, a complete image of the hard disk should be stored, with each partition copied using a tool such as dd."
    assert check_support(joined, [image, copy]).supported
    days = "It can be deduced that the attacker has been able to take advantage of the compromised system for about three days."
    assert check_support("The attacker was able to take advantage of the compromised system for about three days.", [days]).supported
    assert not check_support(
        "The attacker took advantage of the compromised system for about three days before the hosting provider noticed.", [days]
    ).supported


def test_an_adjective_cluster_opposite_of_an_unambiguous_satellite_is_an_opposite() -> None:
    """WordNet pairs "complicated" (one sense, a satellite of "complex") with "simple"; read in
    an adjective's place ("even more complicated"), and through comparatives ("simpler")."""
    from assistant.lexicon import antonym_pairs

    assert ("complicated", "simple") in antonym_pairs(indirect_senses=1)
    assert ("complicated", "simple") not in antonym_pairs()
    text = "Another possibility may be even simpler: just get the disk out of the machine and replace it."
    assert not check_support("Another possibility may be even more complicated: take the disk out of the machine and replace it.", [text]).supported
    assert check_support("Another possibility may be even simpler: take the disk out of the machine and replace it.", [text]).supported


def test_a_comparison_turned_the_other_way_is_an_opposite_even_when_the_sentence_compares_twice() -> None:
    """"less X" against "more X" is read word by word: the sentence's other comparison
    ("more closely") does not hide the flipped one."""
    text = "A larger harbour is a more attractive port, and it will be more closely watched as a result."
    flipped = check_support("A larger harbour is a less attractive port, and it will be more closely watched as a result.", [text])
    assert not flipped.supported and any("opposite" in r for r in flipped.reasons)
    assert check_support("A larger harbour is a more attractive port and will be more closely watched as a result.", [text]).supported
    twice = "Usually the ferry is less comfortable than the train, but it is slightly more punctual."
    assert not check_support("Usually the ferry is more comfortable than the train.", [twice]).supported
    assert check_support("The ferry is usually less comfortable than the train.", [twice]).supported


def test_a_possessive_name_determines_the_name_after_it() -> None:
    text = "The Ravel engine used in Gadget renders whole pages quickly because it caches every layout."
    assert check_support("Gadget's Ravel engine renders whole pages quickly because it caches every layout.", [text]).supported
    swapped = "The Ravel engine drives Gadget, and the Bolero engine drives Widget."
    assert not check_support("The Ravel engine drives Widget, and the Bolero engine drives Gadget.", [swapped]).supported


def test_a_causal_side_opening_with_a_demonstrative_speaks_of_the_sentence_before() -> None:
    """"This method is quick because ..." links the previous sentence's subject to the cause."""
    text = (
        "The index of the catalogue should map each title to a shelf number for lookup purposes. "
        "This method is quick because the index is read exactly once per visit."
    )
    assert added_claims("A catalogue lookup through the index is quick because the index is read only once per visit.", [text]) == ()
    assert added_claims("A catalogue lookup through the index is quick because shelves are sorted.", [text]) != ()
    two_links = "Leaving the gate open could cause trouble for you, because the warden would see the sheep on the road."
    assert added_claims("You could face trouble because the warden would see the sheep on the road.", [two_links]) == ()


def test_a_count_derived_from_a_list_does_not_replace_a_count_the_text_states_in_its_place() -> None:
    text = "From a budget viewpoint, the plan is attractive: only one boat to maintain, lower fuel costs, and so on."
    assert not check_support("From a budget viewpoint, the plan is attractive: only two boats to maintain and lower fuel costs.", [text]).supported
    assert check_support("From a budget viewpoint, the plan is attractive: only one boat to maintain and lower fuel costs.", [text]).supported
    listed = "The kit has clips for joining 16 and 32 mm tubes - small, large, round, flat."
    assert check_support("The kit has clips for four tube shapes: small, large, round and flat.", [listed]).supported


def test_an_approximated_universal_still_claims_more_than_a_common_case() -> None:
    text = "It is common to encounter tolls when driving on southern motorways."
    assert check_support("Tolls are commonly encountered when driving on southern motorways.", [text]).supported
    assert not check_support("Tolls are almost always encountered when driving on southern motorways.", [text]).supported
    nearly = "Tolls are met on nearly every motorway in the south."
    assert check_support("In the south, tolls are met on almost every motorway.", [nearly]).supported


def test_code_names_are_whole_things_when_two_clauses_trade_them() -> None:
    """"list.sort()" and "sorted()" share the word "sort"; read whole, the claim's clauses
    pair them with what the text says of the other."""
    text = "The deck.shuffle() method only works on decks. In contrast, the shuffled() function accepts any sequence."
    swapped = check_support("The shuffled() function only works on decks, whereas deck.shuffle() accepts any sequence.", [text])
    assert not swapped.supported and any("trade" in r for r in swapped.reasons)
    assert check_support("The deck.shuffle() method only works on decks, whereas shuffled() accepts any sequence.", [text]).supported


def test_a_name_put_in_the_place_of_a_program_name_is_a_wrong_name_even_when_it_is_an_english_word() -> None:
    text = "Often, the flaw will allow running a zsync command that will fetch some payload into /var/tmp/."
    wrong = check_support("Often, the flaw will allow running a rake command that fetches some payload into /var/tmp/.", [text])
    assert not wrong.supported and any("another name" in r for r in wrong.reasons)
    assert check_support("Often, the flaw lets an intruder run a zsync command that fetches some payload into /var/tmp/.", [text]).supported


def test_a_dunder_name_the_text_lacks_is_a_wrong_name_however_short() -> None:
    text = "Note that == can fall back to using __eq__() of the other operand if __ne__() is missing."
    assert not check_support("Note that == can fall back to using __le__() of the other operand if __ne__() is missing.", [text]).supported
    assert check_support("Note that == may fall back to using the other operand's __eq__() if __ne__() is missing.", [text]).supported


def test_call_parentheses_do_not_break_a_list() -> None:
    assert "3" in derived_counts("The shapes module has circle(), square(), and a polygon() function.")
    assert check_support(
        "The shapes module offers three functions: circle(), square() and polygon().",
        ["The shapes module has circle(), square(), and a polygon() function."],
    ).supported


def test_a_genitive_and_its_noun_are_one_phrase_when_roles_are_traded() -> None:
    text = "By copying the master key, the burglar can open some of the landlord's cupboards, which he will empty later."
    swapped = check_support("By copying the master key, the landlord can open some of the burglar's cupboards.", [text])
    assert not swapped.supported and any("trade roles" in r for r in swapped.reasons)
    assert check_support("By copying the master key, the burglar can open some of the landlord's cupboards.", [text]).supported


def test_long_parallel_noun_phrases_are_counted_and_a_participle_asserts_nothing() -> None:
    text = (
        "Risks also come from the kitchen: a cook about to leave could copy the recipes and sell them to rivals, "
        "a tired waiter could leave the till open during a rush, a clumsy porter could drop the wrong crate, and so on."
    )
    assert "3" in derived_counts(text)
    claim = "Three kitchen risks are given: a departing cook selling the recipes to rivals, a tired waiter leaving the till open, and a clumsy porter dropping the wrong crate."
    assert check_support(claim, [text]).supported
    assert not check_support("Four kitchen risks are given.", [text]).supported
    hedged = "A tired waiter could leave the till open during a rush."
    assert not check_support("A tired waiter leaves the till open during a rush.", [hedged]).supported


def test_a_negated_copula_makes_its_adjective_negated() -> None:
    """"will not be pleasant" says "unpleasant", as "is not pleasant" does."""
    text = "The storm will not be pleasant for the campers on the hill."
    assert check_support("The storm will be unpleasant for the campers on the hill.", [text]).supported
    assert not check_support("The storm will be pleasant for the campers on the hill.", [text]).supported
    contracted = "The guests will use your car to run errands, which won't be pleasant, nevertheless."
    assert check_support("The guests will use your car to run errands, which will be unpleasant.", [contracted]).supported


# -- the vetoes that stay in force when a model judges: precise about names and counts ---------


@pytest.mark.parametrize(
    ("sentence", "passage", "vetoed"),
    [
        # A capital that only opens the sentence: an English word WordNet never has as a noun.
        ("Whatever operating system is used, every migration must be planned.",
         "Each computer migration must be planned. This applies regardless of which operating system is used.", False),
        ("Ideally, functions only take inputs and produce outputs.", "Functions only take inputs and produce outputs.", False),
        # Closed-class words WordNet also lists as nouns, and a deictic calendar word.
        ("Everyone agrees that functions only take inputs.", "Functions only take inputs.", False),
        ("Today, functions only take inputs.", "Functions only take inputs.", False),
        # A name opening the sentence is still a name, and a month still a date.
        ("Kabul has accused the groups of launching attacks.", "Islamabad has accused the groups of launching attacks.", True),
        ("May 26th was the first day of the conference.", "June 26th was the first day of the conference.", True),
    ],
)
def test_a_capitalised_word_opening_a_sentence_is_a_name_only_if_english_has_it_as_a_noun(
    sentence: str, passage: str, vetoed: bool
) -> None:
    assert bool(fact_vetoes(sentence, [passage])) is vetoed


def test_a_list_of_quoted_or_dotted_code_names_is_counted_like_any_list() -> None:
    text = "For example, a logger named ‘scan’ is the parent of loggers ‘scan.text’, ‘scan.html’ and ‘scan.pdf’."
    assert "3" in derived_counts(text)
    assert "3" in derived_counts("The module's functions are the parents of os.path, os.sep and os.name.")
    assert not fact_vetoes("The logger named 'scan' has three child loggers: 'scan.text', 'scan.html' and 'scan.pdf'.", [text])
    assert fact_vetoes("The logger named 'scan' has four child loggers.", [text])
    # A dot inside a code name no longer ends the list; a full stop still does.
    assert "3" not in derived_counts("A logger is named 'scan'. Its children 'scan.html' and 'scan.pdf' exist.")


def test_initials_of_a_name_the_cited_text_gives_are_that_name_not_a_new_one() -> None:
    text = "The Python Software Foundation holds the copyright of the interpreter."
    assert not fact_vetoes("The PSF holds the interpreter's copyright.", [text])
    assert fact_vetoes("The PSA holds the interpreter's copyright.", [text])
    # A possessive "'s" is no letter of the initials.
    assert not fact_vetoes("The PSF's lawyers hold the interpreter's copyright.", [text])
    # An abbreviation the sentence itself defines for a name of the text.
    meeting = "It was held together with the Libre Software Meeting at Bordeaux."
    assert not fact_vetoes("It was held with the Libre Software Meeting (LSM) in Bordeaux; the LSM hosted it.", [meeting])


@pytest.mark.parametrize(
    ("sentence", "vetoed"),
    [
        ("Over 120 participants came from 26 countries.", False),  # "one hundred and twenty", "twenty six"
        ("Over 125 participants came from 26 countries.", True),
        ("More than 900 developers maintained the packages.", False),  # "nine hundred"
        ("More than 950 developers maintained the packages.", True),
        ("The release came out on 19 July 2002.", False),  # "July 19th, 2002"
        ("The release came out on July 19, 2002.", False),
        ("The release came out on July 20, 2002.", True),
        ("The release came out with 19 architectures.", True),  # a count, not a day of a month
    ],
)
def test_numbers_in_words_with_a_scale_and_days_of_a_month_are_read_as_one_value(sentence: str, vetoed: bool) -> None:
    text = ("The release came out on July 19th, 2002. Over one hundred and twenty participants came from twenty "
            "six countries, and more than nine hundred developers maintained the packages.")
    assert bool(fact_vetoes(sentence, [text])) is vetoed


# -- the vetoes made precise, second round: each overrules a judge only on positive evidence -------


@pytest.mark.parametrize(
    ("sentence", "vetoed"),
    [
        # A common noun WordNet never writes capitalised, opening the sentence: an ordinary word.
        ("Software such as man sometimes runs as user man.", False),
        ("Manual pages are written by the man program to /var/cache/man.", False),
        # A noun WordNet also writes as a name ("Python", "Java") is still a name there.
        ("Python sometimes runs as user man.", True),
        ("Java sometimes runs as user man.", True),
        # Mid-sentence capitals are names as before.
        ("The man program sometimes runs as user Software.", True),
    ],
)
def test_a_common_noun_opening_a_sentence_is_no_name_unless_wordnet_writes_it_as_one(sentence: str, vetoed: bool) -> None:
    text = "The man program (sometimes) runs as user man, so it can write cat pages to /var/cache/man."
    assert bool(fact_vetoes(sentence, [text])) is vetoed


@pytest.mark.parametrize(
    ("sentence", "passage", "vetoed"),
    [
        # The initials of a hyphenated compound, in any case.
        ("Smalltalk and Java are OO languages.", "Smalltalk and Java are object-oriented languages.", False),
        # Two words in a row that are not one compound share initials by chance: still a new name.
        ("Smalltalk and Java are OS languages.", "Smalltalk and Java are object-oriented languages, open source.", True),
        # Three or more initials of a phrase of content words.
        ("Each LTS release is maintained by paid contributors.", "Each long term support release is maintained by paid contributors.", False),
        # A run's initials after those of a name the sentence gives before it, plural or not.
        ("Two DPLs were elected in that time.", "In that time the stable release (Debian 2.2) was revised, and two Project Leaders were elected.", False),
        # ... but not a name the sentence gives only after the run.
        ("Two BPLs were elected in that time.", "In that time two Project Leaders were elected: Ben Collins and Bdale Garbee.", True),
    ],
)
def test_initials_of_a_compound_a_phrase_or_a_qualified_name_are_that_name(sentence: str, passage: str, vetoed: bool) -> None:
    assert bool(fact_vetoes(sentence, [passage])) is vetoed


def test_the_other_inflections_of_a_multiple_state_it_in_the_text() -> None:
    text = "It included much more software than previous releases, almost doubling in size."
    assert not fact_vetoes("The distribution almost doubled in size.", [text])
    assert fact_vetoes("The distribution almost tripled in size.", [text])
    # A claim's "doubles as" stays no number of its own.
    assert not fact_vetoes("The server doubles as a mail relay.", ["The server also serves as a mail relay."])


def test_a_dates_comma_and_a_bracketed_qualifier_do_not_break_a_list() -> None:
    text = ("Debian 3.0 (woody) was released July 19th, 2002 for the Intel i386, Motorola 68000 series, alpha, "
            "SUN Sparc, PowerPC, ARM, HP PA-RISC, IA-64, MIPS, MIPS (DEC) and IBM s/390 architectures.")
    assert "11" in derived_counts(text) and "12" not in derived_counts(text)
    assert "3" in derived_counts("It runs on MIPS, MIPS (DEC) and IBM s/390.")
    assert not fact_vetoes("Woody was released for eleven architectures.", [text])
    assert fact_vetoes("Woody was released for twelve architectures.", [text])


@pytest.mark.parametrize(
    ("sentence", "vetoed"),
    [
        ("Its stripped binary is only 350 kbyte.", False),  # "350kbyte": 350, not 35
        ("Its stripped binary is only 35 kbyte.", True),
        ("The other binary is beyond 2.5 Mbyte.", False),
        ("The other binary is beyond 2 Mbyte.", True),
        ("It was written in the 1990s.", False),
        ("It was written in the 1980s.", True),
        # A unit symbol after a number is no name; a name is still one.
        ("Its stripped binary is only 350 KB.", False),
        ("Its binary for Sparc is only 350 KB.", True),
    ],
)
def test_a_number_glued_to_its_unit_is_the_whole_number_and_a_unit_symbol_is_no_name(sentence: str, vetoed: bool) -> None:
    text = "Its stripped binary is only 350kbyte, while the other binary is beyond 2.5Mbyte. It was written in the 1990s."
    assert bool(fact_vetoes(sentence, [text])) is vetoed


def test_a_name_the_document_gave_in_apposition_stands_for_the_noun_a_cited_passage_uses() -> None:
    passage = "The browser can handle cookies and has many options."
    claim = "Cookies are handled by Lynx, which has many options."
    for context in ("W3m is similar to Lynx, the famous text-based browser, which many people use.",
                    "W3m is similar to the famous text-based browser Lynx.",
                    "W3m is similar to Lynx (the text-based browser)."):
        assert not fact_vetoes(claim, [passage], [context]), context
    assert fact_vetoes(claim, [passage])  # no context: a name the cited text lacks
    # Another name, or the name given to another noun, is still a new name.
    assert fact_vetoes("Cookies are handled by Mosaic, which has many options.", [passage],
                       ["W3m is similar to Lynx, the famous text-based browser, which many people use."])
    assert fact_vetoes(claim, [passage], ["W3m is similar to Lynx, the famous pager, which many people use."])


def test_an_abbreviation_the_document_defined_before_the_passage_is_an_alias_there() -> None:
    context = ["A recent study explores the threats posed by the Pakistani Taliban Movement (TTP). It says more."]
    passage = ["Regarding the reasons for the increase in TTP attacks, the study indicates that negotiations failed."]
    claim = "Attacks by the Pakistani Taliban increased because negotiations failed."
    assert fact_vetoes(claim, passage)  # the cited text alone never names them so
    assert not fact_vetoes(claim, passage, context)
    assert fact_vetoes("Attacks by the Afghan Taliban increased because negotiations failed.", passage, context)


def test_digits_inside_a_code_name_are_no_number_and_digits_ending_one_still_are() -> None:
    text = "The Intel processors run the i386 port."
    assert not fact_vetoes("The em64t processors run the i386 port.", [text])  # "em64t" states no 6 nor 64
    assert fact_vetoes("The Intel processors run the i486 port.", [text])  # "i486": 486 is not 386
