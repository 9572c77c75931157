"""Misspelled question words read as the collection's own words.

A word of the question that neither English nor the collection knows ("Who founded Debain?",
"days in Unstabel") matches no passage by its letters and, for the answerer, is a topic term the
sources never use, which declines the question. It is read as the collection's word one edit
away (a deletion, a transposition of neighbours, a replacement or an insertion: Damerau 1964),
the one in most passages when several are (Norvig 2007, "How to Write a Spelling Corrector"),
with the first letter as typed.
Candidates are the collection's words, not a dictionary's: the reader asks about these documents.
Written here rather than taken from a spelling library (symspellpy, pyspellchecker) because the
dictionary is the collection's vocabulary and its frequencies the keyword index's, both already
at hand; the edit step itself is a few lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..lexicon import AUXILIARIES, INDEFINITE_WORDS, PREPOSITIONS, SUBORDINATORS, WH_WORDS, is_english
from ..text import STOPWORDS, stem

__all__ = ["MIN_LENGTH", "corrected", "edits1"]

# The shortest word read as misspelled: shorter ones have too many neighbours one edit away.
MIN_LENGTH = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The English word list holds content words (WordNet's); the closed classes are English too.
_FUNCTION_WORDS = STOPWORDS | WH_WORDS | AUXILIARIES | PREPOSITIONS | SUBORDINATORS | INDEFINITE_WORDS
_WORD = re.compile(r"(?<![\w'’/.-])[A-Za-z]+(?![\w'’/-]|\.\w)")


def edits1(word: str) -> set[str]:
    """Every string one edit away from ``word`` (lower case)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts) - {word}


def corrected(
    text: str,
    *,
    has_word: Callable[[str], bool],
    idf: Callable[[str], float],
) -> str:
    """``text`` with each word that neither English (with its regular inflections) nor the
    collection (``has_word``) knows replaced by the collection's word one edit away whose
    stem has the lowest ``idf`` (occurs in most passages); kept when there is none. Words of
    fewer than ``MIN_LENGTH`` letters, and words inside identifiers, paths or addresses, are
    kept. The replacement keeps the word's capitals ("Debain" -> "Debian")."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if len(low) < MIN_LENGTH or low in _FUNCTION_WORDS or is_english(low) or has_word(low):
            return word
        # A misspelling seldom gets the first letter wrong (Pollock and Zamora 1984): an edit
        # there more likely makes another name ("glibc", "eglibc"). A word one edit from a form
        # of itself ("toolkit", "toolkits") is matched by its stem already.
        options = sorted(w for w in edits1(low) if w[:1] == low[:1] and has_word(w))
        if not options or any(stem(w) == stem(low) for w in options):
            return word
        best = min(options, key=lambda w: idf(stem(w)))
        if word.isupper():
            return best.upper()
        return best[:1].upper() + best[1:] if word[:1].isupper() else best

    return _WORD.sub(fix, text)
