"""A topic word said by a WordNet synonym (``assistant.lexicon.synonyms``, derived into
``assistant/data/synonyms.tsv`` by scripts/derive_lexicon.py) counts as a word vector at the
matching threshold does."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from assistant import lexicon
from assistant.answering._extractive import ExtractiveAnswerer, Thresholds
from assistant.answering._questions import analyze_question


def test_synonyms_of_a_word_and_of_its_inflected_forms() -> None:
    assert {"consequence", "outcome", "result"} <= lexicon.synonyms("effect")
    # A regular inflection reaches its lemma's synonyms, an irregular one through WordNet's
    # exception lists.
    assert lexicon.synonyms("effects") >= lexicon.synonyms("effect")
    assert "desire" in lexicon.synonyms("wanted")
    assert "worse" not in lexicon.synonyms("better")  # antonyms are no synonyms
    # A word WordNet does not have has none.
    assert lexicon.synonyms("dpkg") == frozenset()
    # A number is a fact, not a word ("1" is no "i"), and no synonym is one letter.
    assert lexicon.synonyms("1") == frozenset() and lexicon.synonyms("10") == frozenset()
    assert all(len(w) > 1 for w in lexicon.synonyms("angstrom"))
    assert lexicon.synonyms("") == frozenset()


def _random_vectors(words: Sequence[str]) -> np.ndarray:
    # Every word its own direction: no two words are close, so only forms and synonyms match.
    rows = [np.random.default_rng(zlib.crc32(w.encode())).normal(size=64) for w in words]
    return np.stack([r / np.linalg.norm(r) for r in rows])


def _coverage(question: str, sentence: str) -> float:
    answerer = ExtractiveAnswerer(
        idf=lambda t: 1.0, word_vectors=_random_vectors, sentence_id=lambda source, a, b: f"{source}:{a}:{b}"
    )
    info = analyze_question(question)
    return answerer._coverage(info, sentence, sentence, semantic=True)[0]


def test_a_topic_word_said_by_a_synonym_counts_as_a_word_match() -> None:
    question = "What effects did the storm have on the harbour?"
    said = _coverage(question, "The storm left lasting consequences for the harbour.")
    unsaid = _coverage(question, "The storm left lasting marks on the harbour.")
    # "effects", "storm", "harbour": two said by form, one by a synonym at the word-match threshold.
    assert abs(unsaid - 2 / 3) < 1e-9
    match = Thresholds().word_match
    assert abs(said - (2 + match) / 3) < 1e-9


def test_a_word_of_a_name_has_no_synonyms() -> None:
    # "Blind" is a word of the name here, not the adjective ("unsighted").
    assert _coverage("Where did Blind Willie record?", "Unsighted Willie recorded in Atlanta.") < _coverage(
        "Where did blind Willie record?", "Unsighted Willie recorded in Atlanta."
    )


def test_a_word_that_shares_only_the_stem_is_another_word() -> None:
    # "founded" and "found" (of "find") stem alike; WordNet's exception lists tell them apart.
    question = "Who founded the choir?"
    assert _coverage(question, "The choir can be found in the old town.") < _coverage(
        question, "Anna Berg founded the choir in 1950."
    )
    assert abs(_coverage(question, "The choir can be found in the old town.") - 1 / 2) < 1e-9
    # The other way round: "found" of "find" is not "founded".
    assert abs(_coverage("Where can the choir be found?", "The choir was founded in 1950.") - 1 / 2) < 1e-9
    # The same word in both still matches, a regular form included.
    assert _coverage("Where was the choir found?", "The choir was found in a cellar.") == 1.0
    # A form of two lemmas matches the one they share: "bases" of "base" (and of "basis").
    assert _coverage("Where is the choir based?", "The choir bases its tours in Oslo.") == 1.0



def test_every_module_level_name_is_defined_once() -> None:
    # A second assignment of a name (a lexicon list, a pattern) silently replaces the first for
    # every reader that looks it up after import, while what was built from it before keeps
    # the first: "debconf6 location?" was not read as a where-question for that reason.
    import ast
    from collections import Counter
    from pathlib import Path

    package = Path(lexicon.__file__).parent
    twice = {}
    for module in sorted(package.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = [
            target.id
            for node in tree.body
            for target in (
                node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            )
            if isinstance(target, ast.Name) and target.id != "__all__"
        ]
        names += [node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        if repeated := sorted(name for name, count in Counter(names).items() if count > 1):
            twice[str(module.relative_to(package))] = repeated
    assert len(list(package.rglob("*.py"))) > 20
    assert twice == {}


def test_a_bare_d_ending_is_an_inflection_only_after_a_final_e() -> None:
    assert "use" in lexicon.regular_bases("used") and "free" in lexicon.regular_bases("freed")
    assert "system" not in lexicon.regular_bases("systemd")
    assert lexicon.is_english("used") and lexicon.is_english("aimed")
    assert not lexicon.is_english("systemd")
