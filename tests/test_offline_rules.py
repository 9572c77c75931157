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
