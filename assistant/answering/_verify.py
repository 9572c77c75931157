"""Is a sentence supported by the passages it cites? An offline, rule-plus-similarity checker.

Contract (DESIGN.md "Faithfulness"): a sentence is supported by a passage when

* every fact it states appears in the cited text: numbers (digits and number words, years,
  percentages, fractions), dates (months, weekdays, seasons), capitalised names and places
  (acronyms such as "TTP" only if the text has them) and quoted phrases. Matching ignores case,
  typographic quotes and possessives;
* its negations agree with the matched text (a "not", "no", "never", "without", "lack of",
  "fail to" ... on one side only, over the same content, makes it unsupported);
* its wording is close to the best window of 1-3 consecutive sentences of a passage: a
  weighted content-word overlap, blended with embedding similarity when a ``similarity``
  callable is given (the embedding model is an adapter, so it is injected).

Facts are looked for in the best window; a fact found elsewhere in the passage still counts
(an acronym defined one sentence earlier) unless it sits where the window has a different
fact, which is how a swapped name or number looks. Roles are read around shared words, across
two contrasted clauses and through the passive (``_order_swap``, ``_crossed_clauses``,
``_voice_flip``); a contradiction in the window that matches the claim best is decisive.
evals/CHECKER.md lists what these rules still miss.

Pure core: no I/O; numpy is used only to compare vectors.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..lexicon import (
    BROAD_NEGATIVES,
    CALENDAR_WORDS,
    CAUSAL_MARKERS,
    CAUSE_FOLLOWS,
    COMPARISON_OPPOSITES,
    DEGREE_CLASSES,
    DISCOURSE_DEICTICS,
    HEDGES,
    INDEFINITE_WORDS,
    INSTRUCTING_MODALS,
    MONTHS,
    NEGATED_INSTRUCTING_MODALS,
    PARTICIPLE_PREPOSITIONS,
    PREMODIFYING_INTENSIFIERS,
    PREPOSITIONS,
    RESTRICTORS,
    RESULT_OPENERS,
    SENTENCE_OPENERS,
    SUBORDINATORS,
    TIME_UNITS,
    UNIT_SYMBOLS,
    UNIVERSAL_APPROXIMATORS,
    UNIVERSAL_NEGATIVES,
    antonym_pairs,
    antonym_table,
    common_nouns,
    irregular_lemmas,
    is_english,
    name_nouns,
    non_nouns,
)
from ..text import STOPWORDS, normalize, sentence_spans, stem
from ._questions import lemma_stem

__all__ = [
    "DEFAULT_THRESHOLD",
    "LEXICAL_THRESHOLD",
    "added_claims",
    "Similarity",
    "Support",
    "check_support",
    "derived_counts",
    "fact_vetoes",
    "make_similarity",
    "shares_content",
]

Similarity = Callable[[str, Sequence[str]], Sequence[float]]
"""``similarity(sentence, windows)`` -> cosine of the sentence with each window, in order."""

# Tuned on evals/checker_pairs.jsonl (see evals/CHECKER.md): the middle of the plateau where
# accuracy is flat, not its edge, so that rewording is not punished.
DEFAULT_THRESHOLD = 0.5
"""Threshold on the blended score when a ``similarity`` is given."""
LEXICAL_THRESHOLD = 0.4
"""Threshold on the overlap score when no ``similarity`` is given."""

# Fitted jointly by scripts/fit_checker.py on the non-study rows of the labelled sets (the fit
# split of evals/checker_llm/pairs.jsonl, evals/checker_llm/further.jsonl, further2.jsonl and
# further3.jsonl, the non-study rows of evals/checker_pairs.jsonl; never the study's nor
# further4.jsonl's): the middle of the plateau of the best mean of kept and removed, or for a
# sense limit its smallest value. The script now also fits on further4.jsonl and further5.jsonl
# (and never on further6.jsonl); these values were not refitted since (evals/CHECKER.md).
ANTONYM_MAX_SENSES = 5
"""Antonyms WordNet implies (synsets, derivation, entailment) are used for lemmas with at most
this many senses, besides its direct pairs (:func:`assistant.lexicon.antonym_pairs`)."""

ANTONYM_ALIGN_WORDS = 6
"""Tokens either side of a claim word and of its opposite in the text within which some word of
the claim must stand by both: the opposite then fills the claim word's place (:func:`_aligned`)."""

ADJECTIVE_MAX_SENSES = 1
"""The adjective-cluster opposites of WordNet (:func:`_adjective_opposites`) are used for
satellites with at most this many senses (0: not at all), for a claim word in an adjective's
place (:func:`_adjective_position`)."""

CAUSE_MIN_COVERAGE = 0.7
"""Share of the content words of a claim's cause (or effect) that puts them on the cause (or
effect) side of a causal link of the cited text whatever the other side has (:func:`_on_side`)."""

_SIM_WEIGHT = 0.5
_MAX_WINDOW = 3


@dataclass(frozen=True, kw_only=True)
class Support:
    """The verdict for one sentence.

    ``score`` is the blended wording score (0..1) of the reported window, kept even when a
    fact or negation rule fails, so callers can rank near misses. ``reasons`` is empty when
    ``supported``. ``span`` indexes ``passages[passage_index]`` and covers whole sentences.
    """

    supported: bool
    score: float
    reasons: tuple[str, ...]
    passage_index: int | None
    span: tuple[int, int] | None
    spans: tuple[tuple[int, int, int], ...] = ()
    """Every ``(passage index, start, end)`` the support needs: one window, or one per passage
    when the sentence joins two passages. Empty when unsupported."""


# -- tokens ---------------------------------------------------------------------------------

# A number ends where its digits end: glued to a unit after it ("350kbyte", "64bit", "the 1990s")
# it is the whole number, not a prefix of it ("35" of "350kbyte" before). Digits inside a code name
# ("w3m", "em64t") are no number; digits ending one ("i386", "x86") are, as before. An ordinal
# suffix is one only when no letter follows it.
_TOKEN = re.compile(
    r"(?P<num>(?<![^\W_])\d+(?:[.,]\d+)*(?!\d)|(?<=[^\W\d_])\d+(?:[.,]\d+)*(?![^\W_]))"
    r"(?P<ord>(?:st|nd|rd|th)(?![^\W\d_]))?|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)?)"
)
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]]")

_UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
# "one" is left out: it is far more often a pronoun ("one of the reasons") than a count.
_COMPOUND_UNITS = {"one": 1, **{k: v for k, v in _UNITS.items() if 0 < v < 10}}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Ordinals and fractions share a key ("a third" and "the third" both say 3); "first" and
# "second" are left out as they are mostly discourse words ("first, ...") and time units.
_ORDINALS = {
    "third": "3rd",
    "thirds": "3rd",
    "fourth": "4th",
    "fourths": "4th",
    "quarter": "4th",
    "quarters": "4th",
    "fifth": "5th",
    "fifths": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
    "tenths": "10th",
}
_OTHER_NUMBERS = {
    "half": "half",
    "halves": "half",
    "halved": "half",
    "double": "x2",
    "doubled": "x2",
    "twice": "x2",
    "triple": "x3",
    "tripled": "x3",
    "thrice": "x3",
    "dozen": "dozen",
    "dozens": "dozen",
    "hundred": "hundred",
    "hundreds": "hundred",
    "thousand": "thousand",
    "thousands": "thousand",
    "million": "million",
    "millions": "million",
    "billion": "billion",
    "billions": "billion",
    "trillion": "trillion",
}
# The other inflections of the multiples above, read only in the cited text ("almost doubling in
# size" states what "almost doubled" says). A claim's "doubles as" is no number, so the claim side
# keeps the list above.
_MULTIPLE_FORMS = {"doubling": "x2", "doubles": "x2", "tripling": "x3", "triples": "x3"}
_SEASONS = {"spring", "summer", "autumn", "winter"}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

# Words that frame a claim rather than state it ("the study notes that ..."); they count
# little toward overlap so that an answer's framing is not mistaken for missing content.
_FRAME = frozenset(
    stem(w)
    for w in [
        "study",
        "studies",
        "report",
        "review",
        "paper",
        "article",
        "author",
        "authors",
        "text",
        "document",
        "source",
        "passage",
        "note",
        "notes",
        "noted",
        "indicate",
        "indicates",
        "indicated",
        "state",
        "states",
        "stated",
        "mention",
        "mentions",
        "mentioned",
        "suggest",
        "suggests",
        "suggested",
        "highlight",
        "highlights",
        "point",
        "points",
        "explain",
        "explains",
        "describe",
        "describes",
        "find",
        "finds",
        "found",
        "argue",
        "argues",
        "argued",
        "assert",
        "asserts",
        "asserted",
        "show",
        "shows",
        "shown",
        "claim",
        "claims",
        "also",
        "additionally",
        "furthermore",
        "moreover",
        "however",
        "according",
    ]
)

# Capitalised at the start of a sentence, these are ordinary words, not names.
_OPENERS = frozenset(
    [
        "however",
        "moreover",
        "additionally",
        "furthermore",
        "overall",
        "meanwhile",
        "instead",
        "therefore",
        "thus",
        "hence",
        "consequently",
        "similarly",
        "likewise",
        "finally",
        "first",
        "second",
        "third",
        "firstly",
        "secondly",
        "lastly",
        "next",
        "then",
        "yet",
        "still",
        "also",
        "another",
        "many",
        "several",
        "most",
        "some",
        "both",
        "each",
        "every",
        "either",
        "neither",
        "one",
        "two",
        "three",
        "although",
        "though",
        "unlike",
        "despite",
        "following",
        "regarding",
        "according",
        "among",
        "amid",
        "given",
        "since",
        "because",
        "while",
        "whereas",
        "once",
        "if",
        "unless",
        "yes",
        "sure",
        "thank",
        "thanks",
        "please",
        "okay",
        "ok",
        "indeed",
        "notably",
        "specifically",
        "together",
        "altogether",
        "rather",
        "even",
        "only",
        "just",
        "researchers",
        "officials",
        "experts",
        "people",
        "participants",
        "patients",
        "those",
        "these",
        "this",
        "that",
        "such",
    ]
)
# Conversational fillers carry no claim ("Yes.", "Sure, ...").
_FILLERS = frozenset(
    [
        "yes",
        "yeah",
        "sure",
        "ok",
        "okay",
        "certainly",
        "absolutely",
        "thanks",
        "thank",
        "hello",
        "hi",
        "great",
    ]
)
_COMMON_SUFFIXES = (
    "ing",
    "ed",
    "ly",
    "tion",
    "tions",
    "sion",
    "sions",
    "ment",
    "ments",
    "ness",
    "ity",
    "ities",
    "ance",
    "ence",
    "ances",
    "ences",
    "ism",
    "ship",
    "ful",
    "less",
    "ous",
    "ive",
    "able",
    "ible",
    "ize",
    "ise",
)
_DEMONYM_ENDINGS = ("i", "istan", "stan", "n", "an", "ian", "ese", "ish")

_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "neither",
        "nor",
        "without",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "cannot",
        "unable",
        "lack",
        "lacks",
        "lacked",
        "lacking",
        "absence",
        "absent",
    ]
)
_NEGATING_PREFIXES = frozenset(["non", "un", "in", "im", "dis", "anti"])  # written apart: "non-compatible"
_FAIL = frozenset(["fail", "fails", "failed", "failing", "failure", "failures"])
_NOT_NEGATING_NEXT = frozenset(["only", "just", "merely", "simply"])
_SCOPE_WORDS = 2
_WIDE_SCOPE = 4


@dataclass(frozen=True, slots=True)
class _Tok:
    raw: str  # as written (NFKC, straight quotes)
    low: str  # lower case, possessive dropped
    stem: str
    start: int
    end: int
    is_word: bool


@dataclass(frozen=True, slots=True)
class _Fact:
    key: str
    kind: str  # number | date | name
    shown: str
    index: int  # token index


def _tokens(text: str) -> list[_Tok]:
    text = normalize(text)
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        if m.group("num"):
            raw = m.group(0)
            out.append(_Tok(raw, raw.lower(), raw.lower(), m.start(), m.end(), False))
            continue
        raw = m.group("word")
        low = raw.lower()
        low = low.removesuffix("'s")
        low = low.strip("'")
        if not low:
            continue
        out.append(_Tok(raw, low, stem(low), m.start(), m.end(), True))
    return out


def _number_key(tok: _Tok) -> str:
    m = _TOKEN.fullmatch(tok.raw)
    digits = m.group("num") if m else tok.raw
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".")
    try:
        value = float(digits)
        digits = str(int(value)) if value.is_integer() else repr(value)
    except ValueError:
        pass
    if m and m.group("ord"):
        suffix = (
            {"1": "st", "2": "nd", "3": "rd"}.get(digits[-1:], "th")
            if not digits.endswith(("11", "12", "13"))
            else "th"
        )
        return digits + suffix
    return digits


def _is_capitalised(raw: str) -> bool:
    return any(ch.isupper() for ch in raw)


def _looks_common(low: str) -> bool:
    if low in STOPWORDS or low in _OPENERS or low in _NEGATORS or stem(low) in _FRAME:
        return True
    if low.endswith(_COMMON_SUFFIXES) and len(low) > 5:
        return True
    return low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3


def _initial_word(low: str) -> bool:
    """``low`` is a word WordNet has only as an adjective, adverb or verb, never as a noun
    (:func:`~assistant.lexicon.non_nouns`), a common noun WordNet never writes capitalised
    ("software", "manual": in :func:`~assistant.lexicon.common_nouns`, or a regular plural of one,
    and not in :func:`~assistant.lexicon.name_nouns`; "java" and "python" are names there), or a
    word of a closed class (subordinators, prepositions, indefinite pronouns, sentence openers,
    broad negatives and degree words, which WordNet leaves out or also lists as nouns: "Everyone",
    "Now", "Much"), or a deictic calendar word ("Today"): capitalised at a sentence's start, it
    is no name, for names are nouns WordNet writes capitalised."""
    if low in non_nouns() or low in _CLOSED_OPENERS:
        return True
    forms = {low} | {low[: -len(end)] for end in ("s", "es") if low.endswith(end) and len(low) > len(end) + 2}
    return any(f in common_nouns() for f in forms) and not any(f in name_nouns() for f in forms)


# Months are left out ("May" is also an auxiliary): capitalised, they are dates.
_CLOSED_OPENERS = (
    SUBORDINATORS
    | PREPOSITIONS
    | INDEFINITE_WORDS
    | SENTENCE_OPENERS
    | BROAD_NEGATIVES
    | frozenset(w for words in DEGREE_CLASSES.values() for w in words if " " not in w)
    | frozenset(CALENDAR_WORDS)
) - frozenset(MONTHS)


def _day_of_month(toks: list[_Tok], i: int) -> str | None:
    """A cardinal from 1 to 31 next to a month's name is the day of that month, and says what
    the ordinal says: "19 July", "July 19, 2002" and "July 19th" are one date (its key, "19th")."""
    if not re.fullmatch(r"\d{1,2}", toks[i].raw) or not 1 <= int(toks[i].raw) <= 31:
        return None
    # Months are written with a capital ("may" is a modal).
    near = toks[max(i - 1, 0) : i] + toks[i + 1 : i + 2]
    if not any(t.low in _MONTHS and t.raw[:1].isupper() for t in near):
        return None
    return _number_key(_Tok(toks[i].raw + _ordinal_suffix(toks[i].raw), "", "", 0, 0, False))


def _ordinal_suffix(digits: str) -> str:
    if digits.endswith(("11", "12", "13")):
        return "th"
    return {"1": "st", "2": "nd", "3": "rd"}.get(digits[-1:], "th")


_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _scaled_numeral(toks: list[_Tok], i: int) -> tuple[str, int] | None:
    """A cardinal with a scale word that starts at token ``i``, read whole: "nine hundred" is
    900, "one hundred and twenty" 120, "a thousand" 1000, "15 thousand" 15000 (the grammar of
    English cardinals, Quirk et al. 6.64: units and tens before "hundred", "and" after it).
    ``(value, index of its last token)``, or None when no scale word is read or the scale word
    stands alone ("a thousand", "hundreds": their key is the word, as for "dozen")."""
    total, current, scaled, last = 0.0, 0.0, False, -1
    j = i
    while j < len(toks):
        tok, low = toks[j], toks[j].low
        if not tok.is_word:
            if j != i or not re.fullmatch(r"\d+(?:\.\d+)?", tok.raw):
                break
            current = float(tok.raw)
        elif low in _UNITS or low in _COMPOUND_UNITS:
            current += _UNITS.get(low, _COMPOUND_UNITS.get(low, 0))
        elif low in _TENS:
            current += _TENS[low]
        elif low in ("a", "an") and j == i:
            current = 1.0
        elif low == "hundred":
            current = (current or 1.0) * 100
            scaled = True
        elif low in _SCALES:
            total += (current or 1.0) * _SCALES[low]
            current, scaled = 0.0, True
        elif low == "and" and scaled and j + 1 < len(toks) and toks[j + 1].low in _UNITS.keys() | _TENS.keys():
            j += 1
            continue
        else:
            break
        last = j
        j += 1
    value = total + current
    if not scaled or toks[i].low in _SCALES or value in _SCALES.values():
        # No scale word, or a bare one ("hundreds", "a thousand"): read as before, by its word.
        return None
    return (str(int(value)) if value.is_integer() else repr(value)), last


def _facts(text: str, toks: list[_Tok], known_names: set[str]) -> list[_Fact]:
    """Numbers, dates and names stated in ``text`` (``toks`` are its tokens)."""
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8
    starts = {0} | {
        i
        for i in range(1, len(toks))
        if re.search(r"[.!?:\"]\s*$", normalize(text)[toks[i - 1].end : toks[i].start])
    }
    facts: list[_Fact] = []
    skip = -1
    for i, tok in enumerate(toks):
        if i <= skip:
            continue
        numeral = _scaled_numeral(toks, i)
        if numeral is not None:
            digits, skip = numeral
            facts.append(_Fact(_number_key(_Tok(digits, digits, digits, 0, 0, False)), "number", tok.raw, i))
            continue
        if not tok.is_word:
            facts.append(_Fact(_day_of_month(toks, i) or _number_key(tok), "number", tok.raw, i))
            continue
        low = tok.low
        if low in _TENS:
            value = _TENS[low]
            if i + 1 < len(toks) and toks[i + 1].low in _COMPOUND_UNITS and tok.end == toks[i + 1].start - 1:
                value += _COMPOUND_UNITS[toks[i + 1].low]
                skip = i + 1
            facts.append(_Fact(str(value), "number", tok.raw, i))
            continue
        if low in _UNITS:
            facts.append(_Fact(str(_UNITS[low]), "number", tok.raw, i))
            continue
        if low in _ORDINALS or low in _OTHER_NUMBERS:
            facts.append(_Fact(_ORDINALS.get(low) or _OTHER_NUMBERS[low], "number", tok.raw, i))
            continue
        if low in _SEASONS or (low in _WEEKDAYS or stem(low) in _WEEKDAYS):
            facts.append(_Fact(stem(low), "date", tok.raw, i))
            continue
        if not _is_capitalised(tok.raw) or low in STOPWORDS or low in _FILLERS or low == "i":
            continue
        if shouting and low not in known_names:
            continue
        if low in UNIT_SYMBOLS and i and not toks[i - 1].is_word:
            continue  # "260 KB", "2.5GHz": a unit after a number, not a name
        if i in starts and not tok.raw.isupper() and low not in known_names and _looks_common(low):
            continue
        if i in starts and not tok.raw.isupper() and low not in known_names and _initial_word(low):
            # A capital that only opens the sentence ("Whatever operating system ...", "Ideally"):
            # an English word with no noun sense is no name (names are nouns).
            continue
        kind = "date" if low in _MONTHS else "name"
        facts.append(_Fact(tok.stem, kind, tok.raw, i))
    return facts


def _name_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and long_.startswith(short) and long_[len(short) :] in _DEMONYM_ENDINGS


def _has_fact(fact: _Fact, keys: set[str], stems: set[str]) -> bool:
    if fact.key in keys:
        return True
    if fact.kind == "name":
        return any(_name_match(fact.key, s) for s in stems)
    return False


def _neighbours(toks: list[_Tok], index: int, fact_idx: set[int]) -> tuple[str | None, str | None]:
    """Nearest content stems before and after token ``index`` (facts skipped, 3 tokens at most)."""

    def scan(rng: range) -> str | None:
        seen = 0
        for j in rng:
            if j in fact_idx:
                continue
            if toks[j].low in STOPWORDS:
                continue
            seen += 1
            if seen > 1:
                return None
            return toks[j].stem
        return None

    before = scan(range(index - 1, max(-1, index - 4), -1))
    after = scan(range(index + 1, min(len(toks), index + 4)))
    return before, after


# -- negation -------------------------------------------------------------------------------


def _negation_scopes(
    text: str, toks: list[_Tok], width: int = _SCOPE_WORDS, covered: set[int] | None = None
) -> list[set[str]]:
    """For each negation cue, the stems of the next few content words in its clause
    (``covered`` collects the indices of the cues and of their scopes' words)."""
    norm = normalize(text)
    scopes: list[set[str]] = []
    cancelled = _litotes(toks)
    for i, tok in enumerate(toks):
        if i in cancelled:
            continue
        low = tok.raw.lower()
        cue = False
        if low in _NEGATORS or low.endswith("n't"):
            nxt = toks[i + 1].low if i + 1 < len(toks) else ""
            cue = not (low in {"not", "no"} and nxt in _NOT_NEGATING_NEXT)
        elif low in BROAD_NEGATIVES:
            # "few", "little" without "a" ("a few" is a positive quantity).
            cue = not (i and toks[i - 1].low in {"a", "quite"})
        elif low in _FAIL:
            cue = i + 1 < len(toks) and toks[i + 1].low == "to"
        elif low == "instead":
            cue = i + 1 < len(toks) and toks[i + 1].low == "of"
        elif low == "rather":
            cue = i + 1 < len(toks) and toks[i + 1].low == "than"
        if not cue:
            continue
        scope: set[str] = set()
        if covered is not None:
            covered.add(i)
        for j in range(i + 1, len(toks)):
            if _CLAUSE_BREAK.search(norm[toks[j - 1].end : toks[j].start]):
                break
            t = toks[j]
            if t.low in _NEGATORS and t.low not in {"not", "no", "n't"} and j - i > 2:
                break  # the next negation ("not be brought back on line without a reinstallation") has its own scope
            if t.low in STOPWORDS or t.low in _NEGATORS or t.low in {"of", "to", "than"}:
                continue
            scope.add(t.stem)
            if covered is not None:
                covered.add(j)
            if len(scope) >= width:
                break
        scopes.append(scope)
    return scopes


def _negated_words(text: str, toks: list[_Tok]) -> list[str | None]:
    """For each scope of :func:`_negation_scopes` (same order), the lemma stem of its first
    content word: the word the cue negates ("not a good idea": "good")."""
    out: list[str | None] = []
    covered: set[int] = set()
    scopes = _negation_scopes(text, toks, covered=covered)
    cues = sorted(i for i in covered if toks[i].low in _NEGATORS or toks[i].raw.lower().endswith("n't")
                  or toks[i].low in BROAD_NEGATIVES or toks[i].low in _FAIL or toks[i].low in {"instead", "rather"})
    for n, _scope in enumerate(scopes):
        first = None
        if n < len(cues):
            j = cues[n] + 1
            while j < len(toks) and (toks[j].low in STOPWORDS or toks[j].low in {"longer", "more"}):
                j += 1
            if j < len(toks) and toks[j].is_word:
                first = _lemma_stem(toks[j])
        out.append(first)
    return out


def _litotes(toks: list[_Tok]) -> set[int]:
    """Indices of negation cues that cancel out: a negation before another ("not without its
    difficulties", "no lack of") or before a word WordNet records as the opposite of itself
    without its negative prefix ("not uncommon", "not insignificant"). Two negatives make a
    positive (Quirk et al. 1985, 10.67), so neither cue negates."""
    out: set[int] = set()
    for i in range(len(toks) - 1):
        low = toks[i].raw.lower()
        if not (low in {"not", "never", "no"} or low.endswith("n't")):
            continue
        nxt = toks[i + 1].low
        if nxt in _NEGATORS:
            out.update((i, i + 1))
        elif nxt in _prefixed_opposites():
            out.add(i)
    return out


@lru_cache(maxsize=1)
def _prefixed_opposites() -> dict[str, str]:
    """Words WordNet pairs as direct antonyms with themselves less a negative prefix, mapped to
    that word ("uncommon" to "common", "insignificant" to "significant")."""
    prefixes = _NEGATING_PREFIXES | {"il", "ir"}
    return {a: b for a, b in antonym_pairs() if any(a == pre + b for pre in prefixes)}


def _stem_match(a: str, b: str) -> float:
    if a == b:
        return 1.0
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return 0.8 if n >= 5 and n >= 0.7 * min(len(a), len(b)) else 0.0


def _meets(stems: set[str], other: set[str]) -> bool:
    return any(_stem_match(a, b) for a in stems for b in other)


def _negation_mismatch(
    claim: str,
    claim_toks: list[_Tok],
    claim_stems: set[str],
    window: str,
    window_toks: list[_Tok],
    window_stems: set[str],
) -> bool:
    """A negation on one side whose near scope touches shared content, unanswered on the other.

    A cue is answered by a cue on the other side whose wider scope meets its own, so "has
    not replied to the recommendations" matches "has not yet responded to the recommendations"
    while a "lack of negotiations" elsewhere in the window does not answer "have not deteriorated".
    """
    c_short, c_wide = _negation_scopes(claim, claim_toks), _negation_scopes(claim, claim_toks, _WIDE_SCOPE)
    covered: set[int] = set()
    w_short, w_wide = (
        _negation_scopes(window, window_toks, covered=covered),
        _negation_scopes(window, window_toks, _WIDE_SCOPE),
    )
    # What the window also states outside any negation: a window that joins sentences (or two
    # passages) may deny a thing in one and state it in another, and the claim may rest on the
    # statement ("lack of critical bugs" in one, "critical bugs are regularly found" in the next).
    free = {t.stem for i, t in enumerate(window_toks) if i not in covered and t.is_word}
    opposites = _antonym_stems(ANTONYM_MAX_SENSES)
    # The word each cue negates directly (its first content word), by side.
    _first_in_scope = {"claim": _negated_words(claim, claim_toks), "window": _negated_words(window, window_toks)}
    for short, wide, other_stems, other_wide, side in (
        (c_short, c_wide, window_stems, w_wide, "claim"),
        (w_short, w_wide, claim_stems, c_wide, "window"),
    ):
        other_lemmas = {_lemma_stem(t) for t in (window_toks if side == "claim" else claim_toks) if t.is_word}
        for k, scope in enumerate(short):
            met = {a for a in scope if any(_stem_match(a, b) for b in other_stems)}
            if not met or any(_meets(wide[k], o) for o in other_wide):
                continue
            # A negated word against its opposite on the other side says the same thing:
            # "not a good idea" is "a bad idea" (the opposite itself is _antonym_clash's).
            first = _first_in_scope[side][k]
            if first is not None and first not in met and any((first, b) in opposites for b in other_lemmas):
                continue
            if side == "window" and _multi_sentence(window) and all(a in free for a in met):
                continue
            return True
    return False


def _multi_sentence(text: str) -> bool:
    return len(sentence_spans(text)) > 1


# -- polarity, causes, degree -----------------------------------------------------------------




class _FormPairs:
    """Pairs of word forms: ``(x, y) in pairs`` when ``x`` is a form of a lemma and ``y`` a form
    of a lemma paired with it. Held by lemma and read lazily: a lookup of ``x`` examines only
    the lemmas whose forms can include it, and computes a lemma's forms the first time it is
    examined. A stem keeps at least three letters of a longer word, so every form of a lemma
    of four letters or more starts with the lemma's first three letters (lower case), and
    every form of a three-letter lemma with its first two (tests/test_startup.py checks both
    for every lemma): ``x`` is looked up among the lemmas of those two prefixes of it and the
    few of one or two letters. A new process builds one index of lemma names, not the forms
    of all of them (about 60,000 stems for the two tables): what the first answer that needs
    it pays."""

    def __init__(
        self, pairs: Iterable[tuple[str, str]], forms: Callable[[str], AbstractSet[str]], *, skip_overlapping: bool
    ) -> None:
        """``skip_overlapping``: leave out a pair of lemmas that share a form (the light stemmer
        gives both one stem); otherwise only a form against itself is left out."""
        partners: dict[str, set[str]] = {}
        for a, b in pairs:
            found = partners.get(a)
            if found is None:
                partners[a] = {b}
            else:
                found.add(b)
        self._init(partners, forms, skip_overlapping=skip_overlapping)

    @classmethod
    def by_lemma(
        cls, table: Mapping[str, AbstractSet[str]], forms: Callable[[str], AbstractSet[str]], *, skip_overlapping: bool
    ) -> _FormPairs:
        """The pairs ``(a, b)`` for ``b`` in ``table[a]`` (a lemma's partners, as
        :func:`assistant.lexicon.antonym_table` gives them)."""
        self = cls.__new__(cls)
        self._init(table, forms, skip_overlapping=skip_overlapping)
        return self

    def _init(
        self, partners: Mapping[str, AbstractSet[str]], forms: Callable[[str], AbstractSet[str]], *, skip_overlapping: bool
    ) -> None:
        self._partners = partners
        self._forms_of = forms
        self._skip = skip_overlapping
        self._forms: dict[str, frozenset[str]] = {}
        self._kept: dict[str, tuple[str, ...]] = {}
        self._lemmas_of: dict[str, tuple[str, ...]] = {}
        self._by_prefix: dict[str, list[str]] = {}  # by the first three letters, or two of a three-letter lemma
        self._short: list[str] = []
        for a in partners:
            low = a.lower()
            if len(low) >= 3:
                self._by_prefix.setdefault(low[:3] if len(low) > 3 else low[:2], []).append(a)
            else:
                self._short.append(a)

    def _of(self, lemma: str) -> frozenset[str]:
        found = self._forms.get(lemma)
        if found is None:
            found = self._forms[lemma] = frozenset(self._forms_of(lemma))
        return found

    def _kept_partners(self, lemma: str) -> tuple[str, ...]:
        """``lemma``'s partners, less those sharing a form with it when ``skip_overlapping``."""
        found = self._kept.get(lemma)
        if found is None:
            mine = self._of(lemma)
            found = self._kept[lemma] = tuple(
                b for b in self._partners[lemma] if not (self._skip and mine & self._of(b))
            )
        return found

    def _lemmas(self, form: str) -> tuple[str, ...]:
        """The lemmas one of whose forms is ``form`` and that keep a partner."""
        found = self._lemmas_of.get(form)
        if found is None:
            found = self._lemmas_of[form] = tuple(
                a
                for group in (self._by_prefix.get(form[:3], ()), self._by_prefix.get(form[:2], ()), self._short)
                for a in group
                if form in self._of(a) and self._kept_partners(a)
            )
        return found

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2 or pair[0] == pair[1]:
            return False
        x, y = pair
        return any(y in self._of(b) for a in self._lemmas(x) for b in self._kept_partners(a))


def antonym_forms(lemma: str) -> set[str]:
    """The stems of ``lemma``'s regular inflections, comparative and superlative (what
    ``antonym_forms.tsv`` ships for the antonym files' lemmas)."""
    # Regular comparatives too ("simpler" for "simple"; Quirk et al. 7.74-7.80).
    base = lemma[:-1] if lemma.endswith("e") else lemma[:-1] + "i" if lemma.endswith("y") else lemma
    regular = {stem(lemma + end) for end in ("", "s", "es", "ed", "d", "ing")}
    return _content_forms(lemma, regular | {stem(base + "er"), stem(base + "est")})


@lru_cache(maxsize=None)
def _antonym_stems(max_senses: int) -> _FormPairs:
    """The antonym pairs as stems of each lemma's regular forms: the light stemmer is not
    idempotent ("speed" stems to "spe", "speeds" to "speed"), so a text's inflected word is
    matched through the stems of the lemma's inflections, not only of the lemma. A pair whose
    lemmas share a form is left out. A lemma's forms are stemmed when a lookup first examines
    it (:class:`_FormPairs`)."""
    return _FormPairs.by_lemma(antonym_table(derived_senses=max_senses), antonym_forms, skip_overlapping=True)


def _lemma_stem(tok: _Tok) -> str:
    return lemma_stem(tok.low)


@lru_cache(maxsize=None)
def _adjective_opposites(max_senses: int) -> _FormPairs:
    """Adjective pairs of WordNet's clusters (a satellite against its head's antonym,
    "complicated"/"simple") whose satellite has at most ``max_senses`` senses, as stems of the
    lemmas and their comparatives, less pairs of numbers and stop words."""
    if max_senses <= 0:
        return _FormPairs((), comparison_forms, skip_overlapping=False)
    direct = antonym_pairs()
    kept = (
        (a, b)
        for a, b in antonym_pairs(indirect_senses=max_senses) - direct
        if a.isalpha() and b.isalpha() and a not in STOPWORDS and b not in STOPWORDS
    )
    return _FormPairs(kept, comparison_forms, skip_overlapping=False)


def comparison_forms(lemma: str) -> set[str]:
    """The stems of ``lemma`` and its regular comparative and superlative."""
    base = lemma[:-1] if lemma.endswith("e") else lemma[:-1] + "i" if lemma.endswith("y") else lemma
    return _content_forms(lemma, {stem(lemma), stem(base + "er"), stem(base + "est")})


def _content_forms(lemma: str, forms: set[str]) -> set[str]:
    """``forms`` without the function words a content word's stems can fall on ("fore" stems to
    "for", which would make "for" the opposite of "after"): a function word is a form only of itself."""
    return {f for f in forms if f == lemma or f not in STOPWORDS}


# Words before an adjective in predicative or graded use ("is simple", "more complicated",
# "even simpler"): forms of "be", the comparison words and the premodifying intensifiers and
# downtoners of Quirk et al. 7.33 and 7.87-7.88 (one word).
_BEFORE_ADJECTIVE = frozenset(
    ["more", "less", "most", "least", "very", "so", "too", "quite", "rather", "even", "fairly", "pretty", "really",
     "as", "become", "becomes", "became", "seem", "seems", "seemed", "remain", "remains", "remained"]
)


def _adjective_position(toks: list[_Tok], i: int) -> bool:
    prev = toks[i - 1].low if i else ""
    return prev in _BE or prev in _BEFORE_ADJECTIVE or (prev.endswith("ly") and len(prev) > 3)




def _near(toks: list[_Tok], i: int) -> set[str]:
    """The content stems within :data:`ANTONYM_ALIGN_WORDS` tokens of ``toks[i]``, itself left out."""
    around = toks[max(0, i - ANTONYM_ALIGN_WORDS) : i + ANTONYM_ALIGN_WORDS + 1]
    return {t.stem for t in _content(around) if t.is_word} - {toks[i].stem}


def _aligned(claim_toks: list[_Tok], word: str, text_toks: list[_Tok], other: str) -> bool:
    """Some claim word standing next to the claim's ``word`` (a stem) also stands next to the
    text's ``other`` (a lemma stem): the two fill the same place."""
    mine = [i for i, t in enumerate(claim_toks) if t.is_word and (t.stem == word or _lemma_stem(t) == word)]
    theirs = [j for j, t in enumerate(text_toks) if t.is_word and _lemma_stem(t) == other]
    return any(_near(claim_toks, i) & _near(text_toks, j) for i in mine for j in theirs)
_ARTICLES_AND_INTENSIFIERS = frozenset(["a", "an", "the", *PREMODIFYING_INTENSIFIERS])


def _antonym_clash(claim: _Claim, window_toks: list[_Tok]) -> str | None:
    """A word of the claim whose antonym (WordNet-derived, :func:`assistant.lexicon.antonym_pairs`)
    stands in the window while the word itself does not: "relations improved" against
    "relations deteriorated"."""
    pairs = _antonym_stems(ANTONYM_MAX_SENSES)
    adjectives = _adjective_opposites(ADJECTIVE_MAX_SENSES)

    def plain(toks: list[_Tok]) -> dict[str, list[int]]:
        # A word after a negating prefix or word ("non-compatible", "not stable") says its
        # opposite; a negated opposite made by a prefix ("not uncommon") says the word itself.
        out: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            if not t.is_word or t.low in PARTICIPLE_PREPOSITIONS:
                continue
            prev = toks[i - 1].low if i else ""
            negated = prev in _NEGATING_PREFIXES or prev in _NEGATORS or prev.endswith("n't")
            if (prev in _ARTICLES_AND_INTENSIFIERS or prev in _BE) and i > 1:
                # "not a good idea", "not very strong", "won't be pleasant"
                negated = toks[i - 2].low in {"not", "never", "cannot"} or toks[i - 2].low.endswith("n't")
            if not negated:
                out.setdefault(_lemma_stem(t), []).append(i)
            elif t.low in _prefixed_opposites():
                out.setdefault(stem(_prefixed_opposites()[t.low]), []).append(i)
        return out

    w_at = plain(window_toks)
    window = set(w_at)
    claimed = set(plain(claim.toks))
    for i, tok in enumerate(claim.toks):
        if not tok.is_word:
            continue
        mine = _lemma_stem(tok)
        if mine in window:
            continue
        for other in window - claimed:
            # The opposite must stand where the claim's word does: a word of the claim's next to
            # it ("stops the attacker" is no opposite of "start by gathering information").
            opposed = (mine, other) in pairs or (
                (tok.stem, other) in adjectives and _adjective_position(claim.toks, i)
            )
            if opposed and any(_near(window_toks, j) & _near(claim.toks, i) for j in w_at.get(other, ())):
                return f"'{tok.raw}' where the cited text has its opposite"
    return None


def _comparison_flip(claim: _Claim, window_toks: list[_Tok]) -> str | None:
    """A comparison of the claim whose word the window compares the other way: "a less tempting
    target" where the window says "a more tempting target" (:data:`assistant.lexicon.COMPARISON_OPPOSITES`).
    The compared word is the next word; a negated comparison ("no less", "not more") is left alone.
    Read word by word because a sentence often compares twice ("less convenient ... more
    efficient"), so the opposite operator alone is no sign."""
    def pairs(toks: list[_Tok]) -> set[tuple[str, str]]:
        out = set()
        for i in range(len(toks) - 1):
            op, head = toks[i], toks[i + 1]
            if op.low not in COMPARISON_OPPOSITES or not head.is_word or head.low in STOPWORDS:
                continue
            prev = toks[i - 1].low if i else ""
            if prev in _NEGATORS or prev == "no" or prev.endswith("n't"):
                continue
            out.add((op.low, _lemma_stem(head)))
        return out

    theirs = pairs(window_toks)
    for op, head in sorted(pairs(claim.toks)):
        if (op, head) not in theirs and (COMPARISON_OPPOSITES[op], head) in theirs:
            return f"'{op}' where the cited text has its opposite ('{COMPARISON_OPPOSITES[op]}')"
    return None


_IDENTIFIER = re.compile(r"(?<![\w.\-])[a-z][a-z0-9]*(?:[-_.+][a-z0-9]+)+(?:\(\d+\))?|(?<![\w.\-])[a-z][a-z0-9]*\(\d+\)")
_WORD = re.compile(r"[^\W_]+")


def _identifiers(text: str) -> list[tuple[str, str | None, str | None]]:
    """Lower-case technical names in ``text`` ("apt-listbugs", "debconf(7)", "comp.lang.python")
    with the nearest content word before and after each."""
    norm = normalize(text)
    out = []
    for m in _IDENTIFIER.finditer(norm):
        name = m.group().rstrip(".")
        # "long-standing" and "non-free" are English compounds; "apt-listbugs", "3.x" are not.
        if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", name) and all(is_english(part) for part in name.split("-")):
            continue
        before = [w.lower() for w in _WORD.findall(norm[: m.start()]) if w.lower() not in STOPWORDS]
        after = [w.lower() for w in _WORD.findall(norm[m.end() :]) if w.lower() not in STOPWORDS]
        out.append((name, stem(before[-1]) if before else None, stem(after[0]) if after else None))
    return out


def _swapped_identifier(claim: str, window: str, cited: str) -> str | None:
    """A technical name of the claim the cited text does not have, standing where the window has
    another one the claim leaves out ("installing apt-listchanges to check" for "installing
    apt-listbugs to check"): technical names are facts, like capitalised names."""
    cited_flat = normalize(cited).lower()
    claim_flat = normalize(claim).lower()
    theirs = [w for w in _identifiers(window) if w[0] not in claim_flat]
    for name, before, after in _identifiers(claim):
        if name in cited_flat:
            continue
        if any((before and before == b) or (after and after == a) for _n, b, a in theirs):
            return f"name '{name}' not in cited text"
    return None


# Closed-class words (WordNet lists content words only): the checker's own readings of them.
_CLOSED_CLASS = frozenset(STOPWORDS | PREPOSITIONS | SUBORDINATORS | HEDGES | {"cannot", "whose", "whom"})
_PLAIN_TERM = re.compile(r"(?<![\w.\-/])_*[a-z][a-z0-9]*_*(?:\(\))?(?![\w\-/])")


def _unknown_term(claim: str, cited: str) -> str | None:
    """A lower-case word of the claim outside general English (:func:`assistant.lexicon.is_english`:
    not a WordNet lemma nor a regular inflection of one) that the cited text does not have:
    a program, module or protocol name ("nginx", "rsync", "functools", "__le__()"). Such a word is
    a name, and a name the text lacks is not the text's, as for capitalised names."""
    cited_low = normalize(cited).lower()
    cited_words = set(_WORD.findall(cited_low))
    cited_stems = {stem(w) for w in cited_words}
    for m in _PLAIN_TERM.finditer(normalize(claim)):
        term = m.group()
        core = term.removesuffix("()").strip("_")
        code = term.startswith("__") and term.removesuffix("()").endswith("__")  # "__le__()": a name, however short
        if (len(core) < 3 and not code) or core in STOPWORDS or "'" in core or not core.isalpha():
            continue
        if core in _CLOSED_CLASS or core in cited_words or stem(core) in cited_stems or term in cited_low:
            continue
        if code:
            return f"name '{term}' not in cited text"
        if is_english(core) or any(
            core.endswith(end) and is_english(base)
            for end, base in (("ier", core[:-3] + "y"), ("er", core[:-2]), ("r", core[:-1]),
                              ("iest", core[:-4] + "y"), ("est", core[:-3]), ("st", core[:-2]))
        ):  # comparatives and superlatives ("rarer") are English too
            continue
        return f"name '{term}' not in cited text"
    return None


def _substituted_term(claim: str, window: str, cited: str) -> str | None:
    """A word of the claim that the cited text lacks, standing between the same two words as a
    name of the window outside general English that the claim leaves out: "running a curl command"
    for "running a wget command". "curl" is an English word, but in the place of a program's name
    it names another program."""
    cited_words = set(_WORD.findall(normalize(cited).lower()))
    claim_words = [w.lower() for w in _WORD.findall(normalize(claim))]
    window_words = [w.lower() for w in _WORD.findall(normalize(window))]
    slots = {
        (window_words[i - 1], window_words[i + 1])
        for i in range(1, len(window_words) - 1)
        if window_words[i] not in claim_words
        and window_words[i].isalpha()
        and window_words[i] not in _CLOSED_CLASS
        and not is_english(window_words[i])
    }
    for i in range(1, len(claim_words) - 1):
        word = claim_words[i]
        if word in cited_words or word in _CLOSED_CLASS or not word.isalpha():
            continue
        if (claim_words[i - 1], claim_words[i + 1]) in slots:
            return f"'{word}' stands where the cited text has another name"
    return None


_POSSIBILITY_MODALS = frozenset(["may", "might", "could"])


def _dropped_hedge(claim: _Claim, window_toks: list[_Tok]) -> str | None:
    """A possibility stated as a fact: the window says "may leave" (a modal of possibility right
    before the verb) and the claim, with no hedge anywhere (:data:`assistant.lexicon.HEDGES`),
    has the same verb after something else ("will leave", "leaves")."""
    if any(t.low in HEDGES for t in claim.toks):
        return None
    for i, tok in enumerate(window_toks[:-1]):
        if tok.low not in _POSSIBILITY_MODALS:
            continue
        verb = window_toks[i + 1]
        if not verb.is_word or verb.low in _NEGATORS or verb.low in STOPWORDS:
            continue
        target = _lemma_stem(verb)
        for j, ctok in enumerate(claim.toks):
            if ctok.is_word and _lemma_stem(ctok) == target:
                # An -ing form with no "be" before it is non-finite (Quirk et al. 3.56, 17.100:
                # "a salesman leaving his desk unlocked" names a case, asserts nothing).
                previous = claim.toks[j - 1].low if j else ""
                if ctok.low.endswith("ing") and ctok.low != verb.low and previous not in _BE:
                    continue
                return f"'{ctok.raw}' stated as certain where the cited text says '{tok.raw} {verb.raw}'"
    return None


def _conflict_elsewhere(
    claim: _Claim, passages: Sequence[str], window: _Window, window_stems: set[str]
) -> str | None:
    """A claim word the window does not have, negated or opposed where the cited text does say
    it: "2.x is still maintained" matched by a window about 2.x while the next sentence says
    "it is not maintained anymore". Only the claim's words missing from the window are looked
    up, so a contrast elsewhere in the passage about words the window does match is left alone."""
    missing = {
        s for s, w in claim.stems.items() if w >= 1.0 and s not in window_stems and not s.isdigit()
    } - {claim.toks[i].stem for i in claim.fact_idx}
    if not missing:
        return None
    pairs = _antonym_stems(ANTONYM_MAX_SENSES)
    claim_lemmas = {_lemma_stem(t) for t in claim.toks if t.is_word and t.low not in PARTICIPLE_PREPOSITIONS}
    claim_cues = _negation_scopes(claim.text, claim.toks, _WIDE_SCOPE)
    for k, passage in enumerate(passages):
        for sent in sentence_spans(passage):
            if k == window.passage and window.start <= sent.start and sent.end <= window.end:
                continue
            text = passage[sent.start : sent.end]
            toks = _tokens(text)
            stems = {t.stem for t in _content(toks)}
            here = missing & stems
            # An instruction ("Do not install ...") forbids; it does not deny a fact.
            imperative = [t.low for t in toks[:2]] in (["do", "not"], ["don't"], ["never"])
            if here and not imperative:
                for scope in _negation_scopes(text, toks):
                    if _meets(scope, here) and not any(_meets(scope, c) for c in claim_cues):
                        return "negation mismatch"
            shared = (set(claim.stems) - missing) & stems
            if not shared:
                continue
            lemmas = {_lemma_stem(t) for t in toks if t.is_word and t.low not in PARTICIPLE_PREPOSITIONS}
            for word in missing:
                for other in lemmas - claim_lemmas:
                    if (word, other) in pairs and word not in lemmas and _aligned(claim.toks, word, toks, other):
                        return f"'{word}' where the cited text has its opposite"
    return None


_BE = frozenset(["is", "are", "was", "were", "be", "been", "being", "am"])
# The get-passive ("got stored", Quirk et al. 3.68), and "end up" + participle, read as "be".
_GET_PASSIVE = frozenset(["get", "gets", "got", "gotten", "getting"])
_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "these", "those", "each"])
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ist", "ship", "ure", "age")


@dataclass(frozen=True, slots=True)
class _Unit:
    key: str  # stem; a hyphenated compound is one unit ("pre-depend")
    first: int  # index of its first token
    last: int  # index of its last token
    item: bool  # a name, number or noun: something that can fill a role
    name: bool


def _units(text: str, toks: list[_Tok], known: set[str] | frozenset[str] = frozenset()) -> list[_Unit]:
    """The content words of ``text`` as units (hyphenated compounds joined), each marked as an
    item (a name, a number, a compound, or a noun by its form: a plural or a determiner before
    it, or a noun suffix) or not."""
    norm = normalize(text)
    nouns = common_nouns()
    starts = {0} | {i for i in range(1, len(toks)) if re.search(r"[.!?:\"]\s*$", norm[toks[i - 1].end : toks[i].start])}
    groups: list[list[int]] = []
    for i, tok in enumerate(toks):
        if groups and tok.is_word and toks[i - 1].is_word and norm[toks[i - 1].end : tok.start] == "-":
            groups[-1].append(i)
        else:
            groups.append([i])
    units: list[_Unit] = []
    for group in groups:
        ts = [toks[i] for i in group]
        head = ts[-1]
        nxt = toks[group[-1] + 1] if group[-1] + 1 < len(toks) else None
        # A capital letter naming something ("B is the minor version"), not the article or "I".
        letter = head.is_word and len(head.raw) == 1 and head.raw.isupper() and len(ts) == 1 and (
            head.raw not in "AI" or nxt is None or not nxt.is_word or nxt.low in _BE
        )
        if len(ts) == 1 and not letter and (head.low in STOPWORDS or head.low in _NEGATORS or head.stem in _FRAME):
            continue
        prev = toks[group[0] - 1].low if group[0] else ""
        name = letter or (
            any(_is_capitalised(t.raw) for t in ts)
            and head.low not in _OPENERS
            and (group[0] not in starts or head.raw.isupper() or head.low in known)
        )
        singular = head.low[:-1] if head.low.endswith("s") and not head.low.endswith("ss") else ""
        noun = (
            (singular in nouns and head.low not in _BE)
            or (head.low in nouns and (prev in _DETERMINERS or head.low.endswith(_NOUN_SUFFIXES)))
        )
        item = name or noun or len(ts) > 1 or not head.is_word
        units.append(_Unit("-".join(t.stem for t in ts), group[0], group[-1], item, name or not head.is_word))
    return units


def _slots(
    text: str, toks: list[_Tok], shared: set[str], known: set[str], *, skip_complements: bool = False
) -> dict[tuple[str, str], set[str]]:
    """Who fills the roles around each shared word (the pivot) of ``text``, within its clause:
    ``(pivot, "S")`` the nearest shared item before it, ``(pivot, "O")`` the head of the nearest
    shared item phrase after it, and ``"SN"``/``"ON"`` the same for names only. A pivot in the
    passive (a form of "be" and a participle, or "by" after it) has its sides exchanged.
    ``skip_complements``: the "S" side skips items governed by a preposition
    (:func:`_after_preposition`)."""
    units = [u for u in _units(text, toks, known) if u.key in shared]
    clause_of: dict[int, int] = {}
    for n, (a, b) in enumerate(_clauses(text, toks)):
        for i in range(a, b):
            clause_of[i] = n
    slots: dict[tuple[str, str], set[str]] = {}
    for k, u in enumerate(units):
        clause = clause_of.get(u.first)
        same = [v for v in units if v.item and v.key != u.key and clause_of.get(v.first) == clause]
        low = toks[u.first].low
        participle = low.endswith(("ed", "en")) or irregular_lemmas().get(low, low) != low
        # "is used", "was widely used", "used by": not "the recommended version".
        before_words = [t.low for t in toks[max(0, u.first - 2) : u.first]]
        be_before = bool(before_words) and (
            before_words[-1] in _BE
            or before_words[-1] in _GET_PASSIVE
            or before_words[-2:] in (["ended", "up"], ["end", "up"], ["ends", "up"])
            or (len(before_words) == 2 and before_words[0] in _BE and before_words[1] not in _DETERMINERS)
        )
        # A participle in an absolute clause after "with" ("with each partition copied using a
        # tool"; Quirk et al. 15.58) or straight before "using" is a reduced passive; a past
        # tense before a preposition ("the archive returned to the building") is not.
        nxt_low = toks[u.last + 1].low if u.last + 1 < len(toks) else ""
        absolute = any(t.low in {"with", "without"} for t in toks[max(0, u.first - 4) : u.first])
        reduced = (nxt_low == "using" or (absolute and nxt_low in PREPOSITIONS)) and not (
            before_words and before_words[-1] in {"have", "has", "had", "having"}
        )
        passive = participle and (be_before or reduced or "by" in {t.low for t in toks[u.last + 1 : u.last + 3]})
        sides = ("O", "S") if passive else ("S", "O")
        for names_only, tag in ((False, ""), (True, "N")):
            pool = [v for v in same if v.name or not names_only]
            # The subject side: an item governed by a preposition ("contributors willing to work
            # on LTS got together to create") is that preposition's, not the verb's.
            before = [
                v
                for v in pool
                if v.last < u.first
                and not (skip_complements and _after_preposition(toks, v.first) and not _possessor_of(toks, v, u))
            ]
            after = [v for v in pool if v.first > u.last]
            if before:
                slots.setdefault((u.key, sides[0] + tag), set()).add(before[-1].key)
            if after:
                head = after[0]
                for v in after[1:]:  # the head of the phrase: its last adjacent item
                    if v.first != head.last + 1:
                        break
                    head = v
                slots.setdefault((u.key, sides[1] + tag), set()).add(head.key)
    return slots


def _possessor_of(toks: list[_Tok], v: _Unit, u: _Unit) -> bool:
    """``v`` is the genitive right before ``u`` ("the administrator's passwords"): the two are one
    noun phrase (Quirk et al. 5.112-5.115), whatever preposition governs it."""
    return v.last + 1 == u.first and normalize(toks[v.last].raw).lower().endswith("'s")


def _after_preposition(toks: list[_Tok], first: int) -> bool:
    """The phrase ending at token ``first`` is a preposition's complement: a preposition before
    it, past determiners and capitalised or hyphen-joined words of the same noun phrase."""
    i = first - 1
    while i >= 0 and toks[i].is_word and (
        toks[i].low in _DETERMINERS or (_is_capitalised(toks[i].raw) and toks[i].low not in STOPWORDS)
    ):
        i -= 1
    return i >= 0 and toks[i].low in PREPOSITIONS


def _order_swap(claim: _Claim, window_text: str, window_toks: list[_Tok]) -> str | None:
    """Two things of the claim that trade roles in the window: "A attacked B" where the window
    says "B attacked A"; "X is early and Y frozen" where it says "Y is early and X frozen".
    Roles are read around words both share (:func:`_slots`): the claim puts X in one role and
    Y in another, the window puts Y in the first and X in the second and never X in the first.
    A phrase moved to the front ("On most platforms the source compiles" for "The source
    compiles on most platforms") fills no role the window fills otherwise, so it is no swap."""
    known = _known_names([window_text])
    c_units = _units(claim.text, claim.toks, known)
    w_units = _units(window_text, window_toks, known)
    shared = {u.key for u in c_units} & {u.key for u in w_units}
    if len(shared) < 3:
        return None
    once = {k for k in shared if sum(u.key == k for u in c_units) == 1}
    c_slots = {r: v for r, v in _slots(claim.text, claim.toks, shared, known).items() if r[0] in once}
    # The window's roles read two ways, with and without the items a preposition governs on
    # the subject side ("contributors willing to work on LTS got together to create" has
    # "contributors" as the subject of "create", not "LTS"): a claim role either reading gives
    # is no swap, and a swap needs both readings to agree.
    w_plain = _slots(window_text, window_toks, shared, known)
    w_skip = _slots(window_text, window_toks, shared, known, skip_complements=True)
    w_any = {r: w_plain.get(r, set()) | w_skip.get(r, set()) for r in {*w_plain, *w_skip}}
    w_both = {r: w_plain.get(r, set()) & w_skip.get(r, set()) for r in {*w_plain, *w_skip}}
    # Only entities of one kind trade roles (two names, or two common nouns); numbers are the
    # number rules' business.
    kind = {u.key: ("number" if u.key[:1].isdigit() else "name" if u.name else "noun") for u in c_units}
    roles = [(r, next(iter(v))) for r, v in c_slots.items() if len(v) == 1 and kind.get(next(iter(v))) != "number"]
    for r1, x in roles:
        if x in w_any.get(r1, set()):
            continue
        w1 = w_both.get(r1, set())
        for r2, y in roles:
            if y == x or r2 == r1 or len(r1[1]) != len(r2[1]) or kind.get(x) != kind.get(y):
                continue
            w2 = w_both.get(r2, set())
            if y in w1 and x in w2 and y not in w_any.get(r2, set()):
                return f"'{x}' and '{y}' trade roles in the cited text"
    return None


# Reasons that say the window states something else (not merely less): see _check_support.
_CONTRADICTIONS = (
    "trade what the cited text says",
    "does what the cited text says is done",
    "negation mismatch",
    "has its opposite",
    "trade roles",
)


def _contradicts(reasons: Sequence[str], window_text: str = "", claim_text: str = "") -> bool:
    """Some of ``reasons`` say the window states something else (:data:`_CONTRADICTIONS`); a
    negation mismatch against an instruction (:func:`_forbids`), the window's or the claim's,
    does not: an instruction not to do something denies no fact."""
    instruction = bool(window_text and _forbids(window_text)) or bool(claim_text and _forbids(claim_text))
    return any(
        marker in r and not (marker == "negation mismatch" and instruction)
        for r in reasons
        for marker in _CONTRADICTIONS
    )


def _forbids(text: str) -> bool:
    """``text`` has an instruction not to do something ("Do not install ...", "You should not
    kill the thread"): it forbids, and denies no fact, so its negation says nothing against a
    claim about the act."""
    for sent in sentence_spans(text):
        toks = _tokens(text[sent.start : sent.end])
        first = [t.low for t in toks[:3]]
        if first[:2] in (["do", "not"], ["don't"], ["never"]) or (toks and toks[0].low == "don't"):
            return True
        if first[:1] == ["you"] and len(first) == 3 and first[1] in INSTRUCTING_MODALS and first[2] == "not":
            return True
        if first[:1] == ["you"] and len(first) >= 2 and first[1] in NEGATED_INSTRUCTING_MODALS:
            return True
    return False


_CONTRAST_SPLIT = re.compile(r"[,;:]\s*|\s(?:while|whereas|but)\s", re.IGNORECASE)
_SEGMENT_SPLIT = re.compile(r";\s*")


# Quantifiers that tell two clauses apart ("uses both" / "uses ... exclusively"), though stop words:
# the central determiners and pronouns of quantity of Quirk et al. 5.12-5.25.
_QUANTITY_WORDS = frozenset(["both", "either", "neither", "all", "each", "every", "some", "any", "few", "many", "most"])


def _role_words(toks: list[_Tok]) -> list[_Tok]:
    return [
        t for t in toks if t.low in _QUANTITY_WORDS or (t.low not in STOPWORDS and (len(t.low) > 1 or not t.is_word))
    ]


# A code name: dotted ("list.sort()", "os.path"), called ("sorted()") or joined by hyphens or
# underscores ("mod-security2", "cmp_to_key").
_CODE_NAME = re.compile(
    r"(?<![\w.\-])(?:[A-Za-z_]\w*(?:[.\-]\w+)*\(\)|[A-Za-z_]\w*(?:\.\w+)+|[a-z]\w*(?:[-_][a-z0-9]\w*)+)(?![\w\-])"
)


def _atomic_names(text: str, table: dict[str, str]) -> str:
    """``text`` with each code name replaced by one placeholder word (the same for the same name,
    kept in ``table``), so that "list.sort()" and "sorted()" stay two things instead of sharing
    the word "sort"."""

    def swap(m: re.Match[str]) -> str:
        letters = "".join(chr(ord("a") + int(d)) for d in str(len(table)))  # one word, no digits
        return table.setdefault(m.group().lower(), f"codename{letters}q")

    return _CODE_NAME.sub(swap, text)


def _crossed_clauses(claim: _Claim, window_text: str) -> str | None:
    """Two clauses of the claim whose parts the cited text pairs the other way round: "the web
    server uses client sockets exclusively, while the browser uses both" where the text says the
    browser uses client sockets exclusively and the web server uses both; "X is little-endian,
    while Y is big-endian" for the reverse. Each claim clause is read through its distinctive
    words: in one claim clause only and in one segment of the text only (sentences, split at
    semicolons). The first is what the clause is about (its subject), the last what it says of
    it. A swap is two clauses whose first words sit in different segments and whose last words
    each sit in the other's segment."""
    table: dict[str, str] = {}
    segments: list[set[str]] = []
    for sent in sentence_spans(window_text):
        for part in _SEGMENT_SPLIT.split(window_text[sent.start : sent.end]):
            stems = {t.stem for t in _role_words(_tokens(_atomic_names(part, table)))}
            if stems:
                segments.append(stems)
    if len(segments) < 2:
        return None
    where: dict[str, set[int]] = {}
    for n, seg in enumerate(segments):
        for st in seg:
            where.setdefault(st, set()).add(n)
    clauses = []
    for part in _CONTRAST_SPLIT.split(normalize(claim.text)):
        ordered = [t.stem for t in _role_words(_tokens(_atomic_names(part, table))) if t.stem in where]
        if ordered:
            clauses.append(ordered)
    if len(clauses) < 2:
        return None
    counts: dict[str, int] = {}
    for ordered in clauses:
        for st in set(ordered):
            counts[st] = counts.get(st, 0) + 1
    reads = []
    for ordered in clauses:
        own = [st for st in dict.fromkeys(ordered) if counts[st] == 1 and len(where[st]) == 1]
        if len(own) >= 2:
            reads.append((next(iter(where[own[0]])), next(iter(where[own[-1]])), own[0]))
    for (seg1, last1, first1), (seg2, last2, first2) in itertools.combinations(reads, 2):
        if seg1 != seg2 and last1 == seg2 and last2 == seg1:
            return f"'{first1}' and '{first2}' trade what the cited text says of them"
    return None


def _voice_flip(claim: _Claim, window_toks: list[_Tok], known: set[str]) -> str | None:
    """The claim makes the subject of a passive in the text the doer of the same verb: "the bot
    controlled the network" where the text says "the bot could be controlled via this protocol"
    (no agent). The text's verb follows a form of "be" (an adverb or modal may come between) and no
    "by" follows it; the claim's verb follows its subject directly, with no "be" before it and
    an object (a determiner or a noun) after it."""
    c_units = {u.first: u for u in _units(claim.text, claim.toks, known)}

    def subject_before(toks: list[_Tok], i: int) -> str | None:
        for j in range(i - 1, max(-1, i - 6), -1):
            t = toks[j]
            if not t.is_word or t.low in _CLAUSE_OPENERS:
                return None
            if t.low in STOPWORDS or t.low in _BE or t.low in HEDGES or t.low.endswith("ly") or t.low == "then":
                continue
            return t.stem
        return None

    passive_subjects: dict[str, set[str]] = {}
    for i, t in enumerate(window_toks):
        if not t.is_word or not (t.low.endswith("ed") or t.low in irregular_lemmas()) or i < 1:
            continue
        back = [x.low for x in window_toks[max(0, i - 3) : i]]
        if not back or not (back[-1] in _BE or (len(back) >= 2 and back[-2] in _BE and back[-1] not in _DETERMINERS)):
            continue
        if "by" in {x.low for x in window_toks[i + 1 : i + 4]}:
            continue
        be_at = max(k for k in range(max(0, i - 3), i) if window_toks[k].low in _BE)
        subj = subject_before(window_toks, be_at)
        if subj is not None:
            passive_subjects.setdefault(_lemma_stem(t), set()).add(subj)
    if not passive_subjects:
        return None
    for i, t in enumerate(claim.toks):
        if not t.is_word or i < 1 or i + 1 >= len(claim.toks):
            continue
        subjects = passive_subjects.get(_lemma_stem(t))
        if not subjects:
            continue
        prev, nxt = claim.toks[i - 1], claim.toks[i + 1]
        if not prev.is_word or prev.low in _BE or prev.low in STOPWORDS or prev.low in HEDGES:
            continue
        if nxt.low in PREPOSITIONS or nxt.low == "using":
            continue  # "each partition copied using a tool": a reduced passive, not a doer
        if not (nxt.low in _DETERMINERS or ((i + 1) in c_units and c_units[i + 1].item)):
            continue
        if prev.stem in subjects:
            return f"'{prev.raw}' does what the cited text says is done to it ('{t.raw}')"
    return None


def _role_swap(claim: _Claim, window_toks: list[_Tok], window_facts: list[_Fact]) -> str | None:
    """Two names of the claim that trade the words they govern in the window: the claim binds
    name F to the word after it ("Afghan airstrikes", "B is the major version") while the window
    binds that word to another of the claim's names and F to something else ("Pakistani
    airstrikes", "A is the major version")."""
    w_fact_idx = {f.index for f in window_facts}
    bound: dict[str, set[str]] = {}
    own: dict[str, set[str]] = {}
    for fact in (f for f in window_facts if f.kind == "name"):
        _before, after = _neighbours(window_toks, fact.index, w_fact_idx)
        if after:
            bound.setdefault(after, set()).add(fact.key)
            own.setdefault(fact.key, set()).add(after)
    claim_keys = {f.key for f in claim.facts if f.kind == "name"}
    for fact in (f for f in claim.facts if f.kind == "name"):
        if fact.shown.lower().endswith(("'s", "\u2019s")) and fact.index + 1 in claim.fact_idx:
            # "Python's Timsort algorithm": a possessive determines the name after it, and the
            # words after that name are the possessed one's, not the possessor's.
            continue
        _before, after = _neighbours(claim.toks, fact.index, claim.fact_idx)
        if not after or fact.key not in own or after in own[fact.key]:
            continue
        if (bound.get(after, set()) - {fact.key}) & claim_keys:
            return f"'{fact.shown}' stands where the cited text has another name"
    return None


def _has_phrase(flat: str, phrase: str) -> bool:
    return f" {phrase} " in f" {flat} "


def _causal_words(flat: str) -> list[str]:
    return [m for m in sorted(CAUSAL_MARKERS) if _has_phrase(flat, m)]


# Words that already restrict what they qualify ("only limited effort" says no more than
# "limited effort"): Quirk et al. 5.23-5.25, the small-quantity quantifiers, and their adjectives.
_RESTRICTIVE = frozenset(["limited", "few", "little", "slight", "minimal", "small", "minor", "modest"])


def _not_degree(words: list[str], i: int) -> bool:
    """Uses of degree words that add no degree: "not only" (a focus construction) and "only"
    before a word that already restricts ("only limited effort"), any under a negation
    ("isn't much fun", "not always"), "any" after a
    negation (a negative-polarity item: "without any setup"), "every" before a number (a rate:
    "every 12 months")."""
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if words[i] == "only" and (before == "not" or after in _RESTRICTIVE):
        return True
    if before in UNIVERSAL_APPROXIMATORS:  # "nearly everywhere", "almost all": toned down
        return True
    if words[i] in ("any", "anything", "anyone") and (before in _NEGATORS or before.endswith("n't")):
        return True
    # A degree word under a negation states no degree: "isn't much fun" says "not very fun".
    k = i - 1
    while k >= 0 and words[k] in PREMODIFYING_INTENSIFIERS:
        k -= 1
    if k >= 0 and (words[k] in {"not", "never"} or (words[k] == "t" and k and words[k - 1].endswith("n"))):
        return True
    return words[i] == "every" and (after.isdigit() or after in _UNITS or after in _TENS)


_CAUSAL_PHRASES = sorted((tuple(m.split()) for m in CAUSAL_MARKERS), key=len, reverse=True)
_RESULT_SO_NOT_BEFORE = frozenset(["that", "far", "much", "many", "long", "as", "to"])


def _causal_link(text: str) -> tuple[str, set[str], set[str]] | None:
    """The first causal marker of one sentence and the content stems of its cause and its effect
    (the sentence's words on either side of the marker, read by the marker's direction: after
    a :data:`assistant.lexicon.CAUSE_FOLLOWS` marker or a passive causal verb, "caused by",
    the cause follows; otherwise it comes first). "X, so Y" counts as a marker (PDTB's
    Cause.result "so"), bare "so" does not ("so many")."""
    found = _causal_link_words(text)
    if found is None:
        return None
    marker, cause, effect = found
    return marker, _link_stems(cause), _link_stems(effect)


def _causal_link_words(text: str) -> tuple[str, list[str], list[str]] | None:
    """:func:`_causal_link` with the words of each side, in order (cause, then effect)."""
    return next(_causal_links_words(text), None)


def _causal_links_words(text: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """Every causal link of one sentence, marker by marker, as :func:`_causal_link_words` reads
    the first ("could cause legal trouble for you, since the attacked party would ..." has two)."""
    norm = normalize(text).lower()
    words: list[str] = []
    comma: list[bool] = []
    last = 0
    for m in re.finditer(r"[^\W_]+(?:'[^\W_]+)?", norm):
        words.append(m.group())
        comma.append("," in norm[last : m.start()])
        last = m.end()
    for i in range(len(words)):
        found: tuple[str, ...] | None = None
        for phrase in _CAUSAL_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                found = phrase
                break
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if found is None and words[i] == "so" and comma[i] and nxt not in _RESULT_SO_NOT_BEFORE:
            found = ("so",)
        if found is None and (i == 0 or comma[i]):
            # A result opener ("So ...", "This means that ...", ", which means ...") whose
            # cause is what comes before it (the sentence before, when it opens one).
            for opener in sorted(RESULT_OPENERS, key=len, reverse=True):
                parts = tuple(opener.split())
                if tuple(words[i : i + len(parts)]) == parts and (parts != ("so",) or nxt not in _RESULT_SO_NOT_BEFORE):
                    found = parts
                    break
            if found is not None and i + len(found) < len(words) and words[i + len(found)] == "that":
                found = (*found, "that")
        if found is None:
            continue
        marker = " ".join(found)
        after = i + len(found)
        cause_follows = marker in CAUSE_FOLLOWS or (after < len(words) and words[after] == "by")
        if cause_follows and i == 0:
            # "Because X, Y": the cause runs to the first comma.
            cut = next((j for j in range(after + 1, len(words)) if comma[j]), len(words))
            yield marker, words[after:cut], words[cut:]
        elif cause_follows:
            yield marker, words[after:], words[:i]
        else:
            yield marker, words[:i], words[after:]


def _link_stems(words: Sequence[str]) -> set[str]:
    return {
        stem(w) for w in words if w not in STOPWORDS and w not in _NEGATORS and stem(w) not in _FRAME and len(w) > 1
    }


def _side_cover(claim_side: set[str], text_side: set[str]) -> float:
    if not claim_side:
        return 1.0
    return sum(max((_stem_match(a, b) for b in text_side), default=0.0) for a in claim_side) / len(claim_side)


def _on_side(words: set[str], side: set[str], other: set[str]) -> bool:
    """``words`` belong on ``side`` of a causal link rather than on the ``other`` side: most of
    them are there, or some are and fewer are on the other side."""
    here, there = _side_cover(words, side), _side_cover(words, other)
    return here >= CAUSE_MIN_COVERAGE or (here > 0 and here > there)


def _unlinked_cause(sentence: str, passages: Sequence[str]) -> str | None:
    """The claim's causal marker when no causal link of the cited text has the claim's cause on
    its cause side: "the talks failed because of the attacks" where the text says the failure
    of the talks led to the attacks, or gives another cause. A text link whose side is empty
    ("This stems from ...") takes that side from the sentence before."""
    link = _causal_link(sentence)
    if link is None:
        return None
    marker, cause, effect = link
    if not cause:
        return None
    for passage in passages:
        sents = [passage[s.start : s.end] for s in sentence_spans(passage)]
        previous: set[str] = set()
        for sent in sents:
            for _m, cause_words, effect_words in _causal_links_words(sent):
                t_cause, t_effect = _link_stems(cause_words), _link_stems(effect_words)
                # An empty side ("This stems from ...") or one that opens with a demonstrative
                # ("This technique is fast because ...") speaks of the sentence before.
                if not t_cause or (cause_words and cause_words[0] in DISCOURSE_DEICTICS):
                    t_cause = t_cause | previous
                if not t_effect or (effect_words and effect_words[0] in DISCOURSE_DEICTICS):
                    t_effect = t_effect | previous
                if _on_side(cause, t_cause, t_effect) and (not effect or _on_side(effect, t_effect, t_cause)):
                    return None
            previous = {t.stem for t in _content(_tokens(sent))}
    return f"adds a cause ('{marker}') the cited text does not link"


_UNIVERSAL_DETERMINERS = frozenset(["all", "every", "each"])


def _widened_negation(claim_flat: str, passages: Sequence[str]) -> str | None:
    """A universal negative of the claim ("never needed", "no cracking act can be detected")
    where the cited text denies the same thing with a plain "not" restricted by a quantity or
    frequency ("in most situations ... is not needed", "often not detected"): the claim denies
    for every case what the text denies for most."""
    words = claim_flat.split()
    universal = [w for i, w in enumerate(words) if w in UNIVERSAL_NEGATIVES or (w == "no" and i == 0)]
    if not universal:
        return None
    claim_stems = {stem(w) for w in words if w not in STOPWORDS and w not in _NEGATORS}
    restrictors = RESTRICTORS | DEGREE_CLASSES["large_quantity"] | DEGREE_CLASSES["frequency"]
    for passage in passages:
        for sp in sentence_spans(passage):
            sent = _flat(passage[sp.start : sp.end]).split()
            if any(w in UNIVERSAL_NEGATIVES for w in sent):
                return None
            negated = any(w in {"not", "no"} or w.endswith("n't") for w in sent)
            shared = claim_stems & {stem(w) for w in sent}
            if negated and len(shared) >= 2 and any(w in restrictors for w in sent):
                return f"adds '{universal[0]}' (universal) where the cited text restricts its negation"
    return None


def added_claims(sentence: str, passages: Sequence[str]) -> tuple[str, ...]:
    """Causes and degrees ``sentence`` states that the cited text does not: a causal marker
    (:data:`assistant.lexicon.CAUSAL_MARKERS`) when the text has none, or whose cause no causal
    link of the text has as its cause (:func:`_unlinked_cause`); and a degree, certainty or
    scope word of a class (:data:`assistant.lexicon.DEGREE_CLASSES`) the text does not use."""
    claim = _flat(sentence)
    text = _flat("\n".join(passages))
    reasons: list[str] = []
    causes = _causal_words(claim)
    if causes and not _causal_words(text) and not any(
        _causal_link(p[sp.start : sp.end]) for p in passages for sp in sentence_spans(p)
    ):
        reasons.append(f"adds a cause ('{causes[0]}') the cited text does not state")
    elif causes or _causal_link(sentence):
        unlinked = _unlinked_cause(sentence, passages)
        if unlinked is not None:
            reasons.append(unlinked)
    widened = _widened_negation(claim, passages)
    if widened is not None:
        reasons.append(widened)
    claim_words = claim.split()
    flat_words = text.split()
    text_stems = {stem(w) for w in flat_words}
    plain_stems = {
        stem(w) for i, w in enumerate(flat_words) if not (i and flat_words[i - 1] in UNIVERSAL_APPROXIMATORS)
    }
    # A degree word the text negates ("Not everything passes through this step") is no use of
    # its class: "all developers" is not supported by it.
    # So is one an approximator tones down ("used nearly everywhere" is not "everywhere").
    text_words = {
        w
        for i, w in enumerate(flat_words)
        if not (i and flat_words[i - 1] in {"not", "never", *UNIVERSAL_APPROXIMATORS})
    }
    # A universal toned down by an approximator ("almost always", "nearly all") still claims
    # more than a usual or common case: the text must use a universal itself, plain or toned down.
    for i, w in enumerate(claim_words[1:], start=1):
        if claim_words[i - 1] in UNIVERSAL_APPROXIMATORS and w in DEGREE_CLASSES["universal"]:
            if not set(flat_words) & DEGREE_CLASSES["universal"]:
                reasons.append(f"adds '{claim_words[i - 1]} {w}' (near-universal) the cited text does not say")
            break
    for name, words in DEGREE_CLASSES.items():
        # A degree word made from a word of the text ("completely installed" for "completed
        # installation") restates it.
        used = [
            w
            for i, w in enumerate(claim_words)
            if w in words and not _not_degree(claim_words, i) and not any(_stem_match(stem(w), t) for t in plain_stems)
        ]
        if used and not (text_words & words):
            reasons.append(f"adds '{used[0]}' ({name}) the cited text does not say")
        elif name == "universal":
            # "in every situation": a universal over something the text never names widens
            # the claim whatever universals the text uses about other things.
            for i, w in enumerate(claim_words[:-1]):
                head = claim_words[i + 1]
                if (
                    w in _UNIVERSAL_DETERMINERS
                    and not _not_degree(claim_words, i)
                    and head not in STOPWORDS
                    and head.isalpha()
                    and head not in _UNITS
                    and head not in _TENS
                    and not any(_stem_match(stem(head), t) for t in text_stems)
                ):
                    reasons.append(f"adds '{w} {head}' ({name}) the cited text does not say")
                    break
    return tuple(reasons)


# -- clauses ----------------------------------------------------------------------------------

_CLAUSE_GAP = re.compile(r"[,;:()\[\]]|\s[-\u2013\u2014]\s|\u2014")
_CLAUSE_OPENERS = frozenset(
    ["which", "who", "whom", "whose", "because", "while", "whereas", "although", "though", "but", "unless"]
)
_AUX = frozenset(
    [
        "that",
        "would",
        "will",
        "could",
        "can",
        "may",
        "might",
        "should",
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
    ]
)
CLAUSE_MIN_COVERAGE = 0.3
"""The share of a clause's content words (weighted) the cited text must have for the clause to
count as stated (:func:`_weak_clause`): a clause below it is an added claim. Fitted by
scripts/fit_checker.py: a peak, not a plateau (0.25 and 0.35 each lose one of its 427 rows)."""
# Quirk's subordinators open a clause of their own ("... for three days before the provider
# noticed"), less "that", "as" and "than", which mostly open complements and comparisons.
_SUBORDINATE_OPENERS = SUBORDINATORS - {"that", "as", "than"}


def _clauses(text: str, toks: list[_Tok], *, subordinate: bool = False) -> list[tuple[int, int]]:
    """Token ranges of the clauses of ``text``: split at punctuation and clause-opening words
    (``subordinate``: at Quirk's subordinators too, :data:`_SUBORDINATE_OPENERS`)."""
    norm = normalize(text)
    cuts = [0]
    for i in range(1, len(toks)):
        low = toks[i].low
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if (
            _CLAUSE_GAP.search(norm[toks[i - 1].end : toks[i].start])
            or low in _CLAUSE_OPENERS
            or (subordinate and low in _SUBORDINATE_OPENERS)
            or (low == "and" and nxt in _AUX)
            or (low == "as" and nxt == "well")
        ):
            cuts.append(i)
    cuts.append(len(toks))
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _weak_clause(
    claim: _Claim, window_stems: set[str], passage_keys: set[str], passage_stems: set[str]
) -> str | None:
    """The first clause of two or more content words that the window barely covers, if any.

    This is how an invented claim tacked onto a supported one ("..., which began after a
    split") shows: the sentence as a whole still overlaps well.
    """
    facts = {f.index: f for f in claim.facts}
    for a, b in _clauses(claim.text, claim.toks, subordinate=True):
        total = got = 0.0
        words = 0
        for i in range(a, b):
            t = claim.toks[i]
            if (
                t.low in STOPWORDS
                or t.low in _NEGATORS
                or t.low in _CLAUSE_OPENERS
                or (t.is_word and len(t.low) < 2)
            ):
                continue
            weight = 0.3 if t.stem in _FRAME else 1.0
            words += weight >= 1.0
            total += weight
            if i in facts:
                got += weight * _has_fact(facts[i], passage_keys, passage_stems)
            else:
                got += weight * max((_stem_match(t.stem, w) for w in window_stems), default=0.0)
        if words >= 2 and total and got / total < CLAUSE_MIN_COVERAGE:
            return normalize(claim.text)[claim.toks[a].start : claim.toks[b - 1].end]
    return None


# -- quotes ---------------------------------------------------------------------------------

_DOUBLE_QUOTED = re.compile(r'"([^"]{2,})"')
_SINGLE_QUOTED = re.compile(r"(?<![\w])'([^']{2,}?)'(?![\w])")


def _flat(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", normalize(text).lower()))


def _quotes(sentence: str) -> list[str]:
    norm = normalize(sentence)
    # Double quotes pair up in order ('"+" suffix, such as "2.2+"' quotes "+" and "2.2+").
    found = [q for q in re.findall(r'"([^"]*)"', norm) if len(q) >= 2] + _SINGLE_QUOTED.findall(norm)
    return [q for q in (_flat(q) for q in found) if q]


# -- windows --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Window:
    passage: int
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]


_MAX_GAP = 3  # sentences between the two of a gapped window


def _windows(passage: str, index: int, *, gapped: bool = False) -> list[_Window]:
    """Windows of 1-3 consecutive sentences; with ``gapped``, instead, pairs of sentences with
    1-3 sentences between them (a sentence that joins two statements of one passage, as it
    may join two passages). A gapped window's text is its two sentences; its span covers
    what lies between, so the citation shows them in context."""
    spans = sentence_spans(passage)
    out: list[_Window] = []
    if gapped:
        for i, first in enumerate(spans):
            for second in spans[i + 2 : i + 2 + _MAX_GAP]:
                text = passage[first.start : first.end] + " " + passage[second.start : second.end]
                pair: tuple[tuple[int, int], ...] = ((first.start, first.end), (second.start, second.end))
                out.append(_Window(index, first.start, second.end, text, pair))
        return out
    for i in range(len(spans)):
        for j in range(i, min(len(spans), i + _MAX_WINDOW)):
            start, end = spans[i].start, spans[j].end
            sents = tuple((s.start, s.end) for s in spans[i : j + 1])
            out.append(_Window(index, start, end, passage[start:end], sents))
    return out


@dataclass(frozen=True, slots=True)
class _Claim:
    text: str
    toks: list[_Tok]
    stems: dict[str, float]  # content stem -> weight
    fact_idx: set[int]
    facts: list[_Fact]
    quotes: list[str]


def _content(toks: list[_Tok]) -> list[_Tok]:
    return [t for t in toks if t.low not in STOPWORDS and (len(t.low) > 1 or not t.is_word)]


def _coverage(claim: _Claim, window_stems: set[str]) -> float:
    total = sum(claim.stems.values())
    if total <= 0:
        return 0.0
    got = 0.0
    for s, w in claim.stems.items():
        best = 1.0 if s in window_stems else max((_stem_match(s, t) for t in window_stems), default=0.0)
        got += w * best
    return got / total


def _window_is_tight(claim: _Claim, window: _Window, passage: str) -> bool:
    """A multi-sentence window must need each sentence: each adds matched wording of its own."""
    if len(window.sentences) == 1:
        return True
    fact_keys = {f.key for f in claim.facts}
    per: list[set[str]] = []
    for a, b in window.sentences:
        stems = {t.stem for t in _content(_tokens(passage[a:b]))}
        per.append({s for s in stems if s in claim.stems and s not in fact_keys and s not in _FRAME})
    for k, own in enumerate(per):
        others = set().union(*(p for m, p in enumerate(per) if m != k))
        if not own - others:
            return False
    return True


_NAME_JOINERS = frozenset(["of", "and", "for", "the", "de", "du", "von", "van", "al"])


def _initials_of(tok: _Tok) -> str:
    """An all-capital word as its letters: without a possessive "'s" or a plural "s"."""
    return tok.raw.removesuffix("'s").rstrip("s")


def _abbreviations(passages: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
    """Abbreviations the cited text defines, as ``(abbreviation key, name keys)``: an all-capital
    word in brackets right after a run of capitalised words ("Pakistani Taliban Movement (TTP)",
    "Python Enhancement Proposals (PEPs)"), and an all-capital word whose letters are the
    initials of a capitalised run elsewhere in the text ("PSF" and "Python Software Foundation").
    A name and its abbreviation are the same entity wherever the text uses either.

    Two more shapes of initials (Quirk et al., App. I.72-I.75, acronyms and initialisms): the
    initials of a compound or a phrase of content words in any case ("OO" for "object-oriented",
    two letters only for a hyphenated compound; "LTS" for "long term support"), and a run's
    initials after those of a name the same sentence gives before it ("DPLs" where a sentence
    names "Debian" and then "two Project Leaders"). A plural "s" is no letter of the initials."""
    out: list[tuple[str, frozenset[str]]] = []
    runs: list[tuple[list[_Tok], list[_Tok]]] = []  # (capitalised run, the sentence's names before it)
    phrases: list[tuple[list[_Tok], list[str]]] = []  # content words joined by a space or a hyphen, and the joins
    abbrevs: list[_Tok] = []
    for passage in passages:
        norm = normalize(passage)
        toks = _tokens(passage)
        run: list[_Tok] = []
        before: list[_Tok] = []  # capitalised words of the current sentence, before the run
        phrase: list[_Tok] = []
        joins: list[str] = []
        for i, tok in enumerate(toks):
            gap = norm[toks[i - 1].end : tok.start] if i else ""
            if re.search(r"[.!?]\s*$", gap):
                before = []
            # A plural "s" and a possessive "'s" are no letters of the initials ("PEPs", "PSF's").
            upper = tok.is_word and len(tok.raw) >= 2 and _initials_of(tok).isupper()
            plain = tok.is_word and not upper and tok.low not in STOPWORDS
            if plain and gap in (" ", "-") and phrase:
                phrase.append(tok)
                joins.append(gap)
            else:
                if len(phrase) >= 2:
                    phrases.append((phrase, joins))
                phrase, joins = ([tok] if plain else []), []
            if upper:
                abbrevs.append(tok)
                if run and gap.strip() == "(" and norm[tok.end : tok.end + 1] == ")":
                    names = [t for t in run if t.low not in _NAME_JOINERS]
                    if len(names) >= 2:
                        out.append((tok.stem, frozenset(t.stem for t in names)))
            if tok.is_word and (_is_capitalised(tok.raw) and not upper or (run and tok.low in _NAME_JOINERS)) and (
                not run or gap.strip() in ("", "-")
            ):
                run.append(tok)
                continue
            if len(run) >= 2:
                runs.append((run, list(before)))
            before.extend(run)
            run = [tok] if tok.is_word and _is_capitalised(tok.raw) and not upper else []
        if len(run) >= 2:
            runs.append((run, list(before)))
        if len(phrase) >= 2:
            phrases.append((phrase, joins))
    for tok in abbrevs:
        letters = _initials_of(tok).lower()
        for run, earlier in runs:
            names = [t for t in run if t.low not in _NAME_JOINERS]
            initials = "".join(t.low[0] for t in names)
            if initials == letters:
                out.append((tok.stem, frozenset(t.stem for t in names)))
            elif 1 <= len(letters) - len(initials) <= 2 and letters.endswith(initials):
                prefix = letters[: len(letters) - len(initials)]
                firsts = [t for t in earlier if t.low[0] in prefix and t.low not in _NAME_JOINERS]
                if all(any(t.low[0] == ch for t in firsts) for ch in prefix):
                    out.append((tok.stem, frozenset(t.stem for t in names)))
        for phrase, joins in phrases:
            n = len(letters)
            for start in range(len(phrase) - n + 1):
                part = phrase[start : start + n]
                # Two letters only for a hyphenated compound: two words in a row share initials by chance.
                if "".join(t.low[0] for t in part) == letters and (n >= 3 or set(joins[start : start + n - 1]) == {"-"}):
                    out.append((tok.stem, frozenset(t.stem for t in part)))
    return out


_ANAPHOR = re.compile(r"\b[Tt]he ([a-z]+)\b")


def _referents(context: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
    """For each context (the document's text before a cited passage), the abbreviation it
    defined (:func:`_abbreviations`) that it mentions last, in either form: what "the group",
    "the movement" of the passage that follows most likely stands for."""
    out: list[tuple[str, frozenset[str]]] = []
    for text in context:
        if not text.strip():
            continue
        defined = list(dict.fromkeys(_abbreviations([text])))
        if not defined:
            continue
        toks = _tokens(text)
        last: dict[tuple[str, frozenset[str]], int] = {}
        for i, tok in enumerate(toks):
            for abbrev, names in defined:
                if tok.stem == abbrev or tok.stem in names:
                    last[(abbrev, names)] = i
        if last:
            out.append(max(last, key=lambda k: last[k]))
    return list(dict.fromkeys(out))


_APPOSITION_NAME = r"(?P<name>[A-Z][\w+-]*(?:\.[\w+-]+)*(?:\s+[A-Z][\w+-]*(?:\.[\w+-]+)*){0,3})"
_APPOSITION_NP = r"(?P<np>(?:[\w-]+\s+){0,4}[\w-]+)"
# A name given in apposition to a description (Quirk et al. 17.65-17.93): "Lynx, the famous
# text-based browser,", "the text-based browser Lynx", "Lynx (the browser)".
_APPOSITIONS = (
    re.compile(_APPOSITION_NAME + r",\s+(?:the|a|an)\s+" + _APPOSITION_NP + r"(?=\s*[,.;:)]|\s+(?:which|who|that)\b)"),
    re.compile(r"\b[Tt]he\s+" + _APPOSITION_NP + r"\s+" + _APPOSITION_NAME + r"\b"),
    re.compile(_APPOSITION_NAME + r"\s+\((?:the|a|an)\s+" + _APPOSITION_NP + r"\)"),
)


def _appositions(context: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
    """Names the document gives in apposition to a description, before a cited passage, as
    ``(noun of the description, name keys)``: a passage that then says "the <noun>" may be
    restated with the name ("the browser" for Lynx after "Lynx, the famous text-based browser")."""
    nouns = common_nouns()
    out: list[tuple[str, frozenset[str]]] = []
    for text in context:
        norm = normalize(text)
        for pattern in _APPOSITIONS:
            for m in pattern.finditer(norm):
                names = [t for t in _tokens(m.group("name")) if t.is_word and t.low not in STOPWORDS]
                if not names or any(t.low in nouns and t.low in _CLOSED_OPENERS for t in names):
                    continue
                head = _tokens(m.group("np"))[-1:]  # the description's head noun ends it
                for t in head:
                    if t.is_word and t.low in nouns and t.low not in STOPWORDS and not _is_capitalised(t.raw):
                        out.append((t.low, frozenset(n.stem for n in names)))
    return list(dict.fromkeys(out))


def _anaphor_nouns(text: str, claim: _Claim) -> set[str]:
    """The common nouns ``text`` refers by as "the <noun>" that the claim does not use."""
    nouns = common_nouns()
    return {
        m.group(1)
        for m in _ANAPHOR.finditer(normalize(text))
        if m.group(1) in nouns and m.group(1) not in STOPWORDS and stem(m.group(1)) not in claim.stems
    }


def _referent_keys(referents: Sequence[tuple[str, frozenset[str]]]) -> set[str]:
    return {key for abbrev, names in referents for key in (abbrev, *names)}


def _has_anaphor(text: str, claim: _Claim) -> bool:
    """``text`` refers to something as "the <common noun>" and the claim does not use that noun:
    the claim may have named it instead ("the TTP" for "the group")."""
    nouns = common_nouns()
    for m in _ANAPHOR.finditer(normalize(text)):
        word = m.group(1)
        if word in nouns and word not in STOPWORDS and stem(word) not in claim.stems:
            return True
    return False


def _alias_keys(keys: set[str], aliases: Sequence[tuple[str, frozenset[str]]]) -> set[str]:
    """The other form of each defined abbreviation that ``keys`` hold in one form."""
    extra: set[str] = set()
    for abbrev, names in aliases:
        if abbrev in keys:
            extra |= names
        elif len(names & keys) * 2 > len(names):
            extra.add(abbrev)
    return extra


def _check_facts(
    claim: _Claim,
    window: _Window,
    passage_toks: list[_Tok],
    passage_keys: set[str],
    passage_stems: set[str],
    passage_names: set[str],
    aliases: Sequence[tuple[str, frozenset[str]]] = (),
    passage_text: str = "",
    referents: Sequence[tuple[str, frozenset[str]]] = (),
) -> list[str]:
    wtoks = _tokens(window.text)
    wfacts = _facts(window.text, wtoks, passage_names)
    stated = {f.key for f in wfacts} | {t.stem for t in wtoks if not t.is_word} | {_number_key(t) for t in wtoks if not t.is_word}
    wkeys = (
        stated
        | derived_counts(window.text)
        | equivalent_values(window.text)
        | {n for n in derived_counts(claim.text) if int(n) >= 3}  # a count the claim spells out
    )
    wstems = {t.stem for t in wtoks} | {t.low for t in wtoks}
    claim_keys = {f.key for f in claim.facts}
    wkeys |= _alias_keys(wkeys, aliases)
    if referents and _has_anaphor(window.text, claim):
        wkeys |= _referent_keys(referents)
    claim_keys |= _alias_keys(claim_keys, aliases)
    w_fact_idx = {f.index for f in wfacts}
    # Window facts the claim leaves out, with their neighbours: a claim fact standing in
    # the same place is a substitution, even if it appears elsewhere in the passage.
    left_out = [
        _neighbours(wtoks, f.index, w_fact_idx) for f in wfacts if not _has_fact(f, claim_keys, claim_keys)
    ]
    reasons: list[str] = []
    for fact in claim.facts:
        duration = (
            fact.kind == "number"
            and fact.index + 1 < len(claim.toks)
            and claim.toks[fact.index + 1].low in _TIME_WORDS
        )
        if duration and not _has_fact(fact, stated, stated):
            # "two years" is measured, not counted off a list: only a stated number supports it.
            reasons.append(f"number {fact.shown} not in cited text")
            continue
        if _has_fact(fact, wkeys, wstems):
            if fact.kind == "number" and _displaced_number(
                claim, fact, passage_text or window.text, passage_toks, passage_names, claim_keys
            ):
                reasons.append(f"number {fact.shown} stands where the cited text has another")
            continue
        if _has_fact(fact, passage_keys, passage_stems):
            before, after = _neighbours(claim.toks, fact.index, claim.fact_idx)
            if not any((before and before == b) or (after and after == a) for b, a in left_out):
                continue
        label = "number" if fact.kind == "number" else fact.kind
        shown = fact.shown if fact.kind == "number" else f"'{fact.shown}'"
        reasons.append(f"{label} {shown} not in cited text")
    flat = _flat(window.text)
    for q in claim.quotes:
        if q not in flat:
            reasons.append(f"quote '{q}' not in cited text")
    window_units = {t.stem for t in wtoks if t.low in _TIME_WORDS}
    window_spans = {d for d, _i in _durations(wtoks)}
    for days, i in _durations(claim.toks):
        unit = claim.toks[i]
        if window_units and unit.stem not in window_units and not any(abs(days - d) < 1e-6 for d in window_spans):
            reasons.append(f"'{unit.raw}' where the cited text has another unit of time")
    return list(dict.fromkeys(reasons))


_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "fortnight": 14,
         "month": 365 / 12, "quarter": 365 / 4, "year": 365, "decade": 3650, "century": 36500}
# The units of time of the lexicon (assistant.lexicon.TIME_UNITS) with their plurals: "after about
# a year" and "after about a month" state different durations.
_TIME_WORDS = frozenset({*TIME_UNITS, *(u + "s" for u in TIME_UNITS), "centuries"})


def _durations(toks: list[_Tok]) -> list[tuple[float, int]]:
    """Each unit of time in ``toks`` with the length it states, in days ("12 months" and "a
    year" are both 365), and the unit's token index; a unit with no quantity before it counts
    as one."""
    out: list[tuple[float, int]] = []
    for i, tok in enumerate(toks):
        if tok.low not in _TIME_WORDS:
            continue
        base = next((v for k, v in _DAYS.items() if tok.low.startswith(k[:5])), None)
        if base is None:
            continue
        qty = 1.0
        if i and not toks[i - 1].is_word:
            try:
                qty = float(_number_key(toks[i - 1]))
            except ValueError:
                qty = 1.0
        elif i and toks[i - 1].low in _UNITS:
            qty = float(_UNITS[toks[i - 1].low])
        elif i and toks[i - 1].low in _TENS:
            qty = float(_TENS[toks[i - 1].low])
        out.append((qty * base, i))
    return out


def _context(toks: list[_Tok], index: int, width: int = 3) -> set[str]:
    """Stems of up to ``width`` content tokens on either side of token ``index``."""
    out: set[str] = set()
    for rng in (range(index - 1, -1, -1), range(index + 1, len(toks))):
        seen = 0
        for j in rng:
            if toks[j].low in STOPWORDS:
                continue
            out.add(toks[j].stem)
            seen += 1
            if seen >= width:
                break
    return out


def _displaced_number(claim: _Claim, fact: _Fact, text: str, toks: list[_Tok], known: set[str], claim_keys: set[str]) -> bool:
    """A number of the claim that the cited text states, but in another place, while a number
    the claim leaves out stands in the claim number's place: "a major new release every 18
    months (PEP 602)" against "every 6 to 18 months ... a major new release every 12 months
    (PEP 602)". Places are compared by the words around each number (:func:`_context`)."""
    mine = _context(claim.toks, fact.index)
    numbers = [f for f in _facts(text, toks, known) if f.kind == "number"]
    if not any(f.key == fact.key for f in numbers):
        # A count derived from the text (the items of a list), unless the text states a count
        # in the claim's place: "only two computers to administrate" where the list's first
        # item is "only one computer to administrate". "one" counts here: before a noun that
        # the claim counts, it is a numeral, not the pronoun.
        def key(t: _Tok) -> str | None:
            if not t.is_word:
                return _number_key(t)
            return str(_COMPOUND_UNITS.get(t.low, _UNITS.get(t.low))) if t.low in _COMPOUND_UNITS or t.low in _UNITS else None

        def counted(ts: list[_Tok], j: int) -> str | None:  # the word a cardinal counts
            nxt = ts[j + 1] if j + 1 < len(ts) else None
            return nxt.stem if nxt is not None and nxt.is_word and nxt.low not in STOPWORDS else None

        noun = counted(claim.toks, fact.index)
        stated: list[int] = []
        for j, t in enumerate(toks):
            value, there = key(t), counted(toks, j)
            # A cardinal other than the claim's, not a rank ("5th"), counting the claim's noun.
            if value is not None and value != fact.key and value[-1:].isdigit() and noun is not None:
                if there is not None and _stem_match(noun, there) > 0:
                    stated.append(j)
        return any(len(mine & _context(toks, j)) >= 3 for j in stated)
    own = max((len(mine & _context(toks, f.index)) for f in numbers if f.key == fact.key), default=0)
    other = max((len(mine & _context(toks, f.index)) for f in numbers if f.key not in claim_keys), default=0)
    return other >= 3 and other > own


# -- counts derived from the text ---------------------------------------------------------

# A dot ends a list unless it sits inside a number ("10.2") or a dotted code name ("scan.text",
# "str.format"): a dot between two word characters.
_LIST_BREAK = re.compile(
    r"(?<!\w)\.|\.(?!\w)|[;:!?()\[\]]|\s[-\u2013\u2014]\s|\bsuch as\b|\bincluding\b|\bnamely\b", re.IGNORECASE
)
# One quoted or code item of a list: a single token in quotes ('scan.text', `x`), or a word with a
# dot, an underscore or call parentheses inside it (os.path, __name__, debug()).
_CODE_ITEM = re.compile(r"""(?:['"`\u2018\u201c]\S+['"`\u2019\u201d]|\w*[._]\w[\w.]*|\w+\(\))""")
_BULLET = re.compile(r"(?:^|\s)[*+\u2022]\s")
_RANGE = re.compile(r"\b(\d{1,6})\s*[-\u2013\u2014]\s*(\d{1,6})\b")
_LIST_ITEM_WORDS = 6  # longer comma-separated parts are clauses, not list items
_DATE_COMMA = re.compile(
    r"\b((?:%s)\.?\s+\d{1,2}(?:st|nd|rd|th)?),(\s+\d{4})\b" % "|".join(sorted(MONTHS)), re.IGNORECASE
)
# A bracketed word or two right after a list item, before the next comma or coordinator.
_ITEM_QUALIFIER = re.compile(r"(?<=\w)\s\((?:[^()\s]+(?:\s[^()\s]+)?)\)(?=,|\s(?:and|or)\s)", re.IGNORECASE)
_COORD = re.compile(r"\s(?:and|or)\s", re.IGNORECASE)
_NUMBER_ITEM = re.compile(r"\d+(?:\.\d+)*")


def derived_counts(text: str) -> set[str]:
    """Numbers a careful reader derives from ``text`` without outside knowledge, as number keys:
    the length of a list it gives ("X, Y and Z": 3; "X and Y": 2; a run of bullets), the size
    of a numeric range ("pp 283-303": 21, and the difference 20), and 100 when it states a
    percentage ("2%" is "2 in 100")."""
    # Empty call parentheses belong to a code name ("itemgetter(), attrgetter(), and a
    # methodcaller() function" lists three), not to the text's bracketed asides.
    norm = re.sub(r"(?<=\w)\(\)", "", normalize(text))
    # A date's comma separates no items ("July 19th, 2002, for the Intel i386, ..."), and a short
    # bracketed qualifier belongs to its item ("MIPS, MIPS (DEC) and IBM s/390" lists three).
    norm = _DATE_COMMA.sub(r"\1\2", norm)
    norm = _ITEM_QUALIFIER.sub("", norm)
    counts: set[int] = set()
    for piece in _LIST_BREAK.split(norm):
        parts = [x.strip() for x in piece.split(",") if x.strip()]
        for j, part in enumerate(parts):
            if not _COORD.search(f" {part} "):
                continue
            counts.add(2)  # "X and Y"
            # A list ends at its coordinated item: "X, Y, and Z" or "X, Y and Z". Its items are the
            # short comma-separated parts before it.
            i = j
            while i > 0 and len(parts[i - 1].split()) <= _LIST_ITEM_WORDS:
                i -= 1
            if i < j or (i > 0 and _code_list(parts[i - 1], part)):
                oxford = part.lower().startswith(("and ", "or "))
                # A longer part before the run ends with the list's first item ("include Google, ...").
                counts.add(j - i + (1 if oxford else 2) + (1 if i > 0 else 0))
        items = [x for x in parts if x.lower().rstrip(".") not in ("etc", "and so on")]
        if len(items) >= 3 and all(len(x.split()) <= 2 for x in items):
            counts.add(len(items))  # a bare enumeration: "(HTTP, FTP, SMTP)", "A, B, C, etc."
        # Noun phrases in parallel, however long, each opened by a determiner: "an employee
        # about to leave could ..., a negligent salesman could ..., a clumsy user could ..., and
        # so on" lists three (Quirk et al. 13.36: coordinated and juxtaposed noun phrases).
        opened = [re.sub(r"^(?:and|or)\s+", "", x, flags=re.IGNORECASE) for x in items]
        if len(opened) >= 2 and all(x.split()[0].lower() in _DETERMINERS for x in opened if x.split()):
            counts.add(len(opened))
        # A run of bare numbers, the last one possibly followed by words: "10.1, 10.2, 10.3 for
        # version 10" lists three.
        run = 0
        for x in parts:
            if _NUMBER_ITEM.fullmatch(x):
                run += 1
                continue
            if run >= 2 and _NUMBER_ITEM.match(x.split()[0]):
                run += 1
            if run >= 3:
                counts.add(run)
            run = 0
        if run >= 3:
            counts.add(run)
    bullets = len(_BULLET.findall(norm))
    if bullets >= 2:
        counts.add(bullets)
    for m in _RANGE.finditer(norm):
        low, high = int(m.group(1)), int(m.group(2))
        if 0 < high - low < 10_000:
            counts.update({high - low + 1, high - low})
    if "%" in norm or re.search(r"\bper ?cent\b", norm, re.IGNORECASE):
        counts.add(100)
    return {str(n) for n in counts if n >= 2}


def _code_list(before: str, coordinated: str) -> bool:
    """``before``, a longer part, ends with a quoted or code item and ``coordinated`` joins two
    more of them ("... the parent of loggers 'scan.text', 'scan.html' and 'scan.pdf'"): a list
    of code names counts like any list, its first item closing the longer part."""
    words = before.split()
    items = _COORD.split(f" {coordinated.strip()} ")
    return (
        bool(words)
        and _CODE_ITEM.fullmatch(words[-1].rstrip(",")) is not None
        and len(items) == 2
        and all(_CODE_ITEM.fullmatch(x.strip().rstrip(".")) for x in items)
    )


_DENOMINATORS = {"half": 2, "halves": 2, **{w: int(k[:-2]) for w, k in _ORDINALS.items()}}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, **{w: v for w, v in _UNITS.items() if v > 0}}
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.IGNORECASE)


def equivalent_values(text: str) -> set[str]:
    """Number keys of the values ``text`` states in another form, computed, not listed: a
    fraction in words or digits as a percentage ("three-quarter" and "3/4" are 75, "a third" 33
    and 33.3, "half" 50), a percentage as its fraction in lowest terms with a denominator of at
    most ten ("75%" gives "3" and the key of "quarter"; "50%" gives "half"), within half a
    point, and a multiple both ways ("twice" is two times, "3 times" is "triple")."""
    toks = _tokens(text)
    norm = normalize(text)
    keys: set[str] = set()

    def fraction(num: int, den: int) -> None:
        value = 100 * num / den
        keys.update({str(round(value)), str(int(value))})
        if not value.is_integer():
            keys.add(f"{value:.1f}")

    for i, tok in enumerate(toks):
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        multiple = _OTHER_NUMBERS.get(tok.low, "") or _MULTIPLE_FORMS.get(tok.low, "")
        if multiple.startswith("x"):
            keys.update({multiple, multiple[1:]})  # "twice" is two times; "doubling" is "doubled"
        elif not tok.is_word and nxt in ("times", "fold") and _number_key(tok).isdigit():
            keys.add(f"x{_number_key(tok)}")  # "2 times" is twice
        elif tok.low in _UNITS and nxt in ("times", "fold"):
            keys.add(f"x{_UNITS[tok.low]}")
        after = toks[i + 1] if i + 1 < len(toks) else None
        if not tok.is_word and after is not None and not after.is_word and norm[tok.end : after.start] == "/":
            top, bottom = _number_key(tok), _number_key(after)
            if top.isdigit() and bottom.isdigit() and 0 < int(top) < int(bottom) <= 10:
                fraction(int(top), int(bottom))  # "3/4"
                keys.add(_fraction_key(int(bottom)))
        den = _DENOMINATORS.get(tok.low)
        if den is None:
            continue
        before = toks[i - 1].low if i else ""
        num = _NUMERATORS.get(before, 1 if den == 2 else None)
        if num is None or num >= den:
            continue
        fraction(num, den)
    for m in _PERCENT.finditer(normalize(text)):
        pct = float(m.group(1))
        for den in range(2, 11):
            num = round(pct * den / 100)
            if 0 < num < den and abs(100 * num / den - pct) <= 0.5 and np.gcd(num, den) == 1:
                keys.add(_fraction_key(den))
                if num > 1:
                    keys.add(str(num))
                break
    return keys


def _fraction_key(den: int) -> str:
    """The fact key of a fraction's denominator word ("half", "third", "quarter": 4th)."""
    return {2: "half", 3: "3rd"}.get(den, f"{den}th")


def shares_content(sentence: str, text: str) -> bool:
    """True when ``sentence`` and ``text`` have a content word in common (stems compared)."""
    words = {t.stem for t in _content(_tokens(sentence)) if t.stem not in _FRAME}
    return bool(words & {t.stem for t in _content(_tokens(text))})


def fact_vetoes(sentence: str, passages: Sequence[str], context: Sequence[str] = ()) -> tuple[str, ...]:
    """The offline vetoes on ``sentence`` against the union of ``passages``: each number, date,
    name and quoted phrase it states must appear in the cited text (numbers may be counts the
    text derives, :func:`derived_counts`). Empty when nothing is vetoed. Unlike
    :func:`check_support`, position in the text is not considered: this is the part of the
    checker that stays in force when a model judges meaning. ``context`` as for
    :func:`check_support`: a name the document defined before a passage that refers to it as
    "the group" is that passage's name."""
    texts = [p for p in passages if p.strip()]
    if not texts:
        return ("no cited text",)
    union = "\n\n".join(texts)
    known = _known_names(texts)
    claim = _claim(sentence, known)
    toks = _tokens(union)
    # A count the sentence itself spells out ("three kinds: alpha, beta and release candidate")
    # is checked through its items, which must be in the text like any other words.
    own = {n for n in derived_counts(sentence) if int(n) >= 3}
    keys = (
        {f.key for f in _facts(union, toks, known)}
        | {_number_key(t) for t in toks if not t.is_word}
        | derived_counts(union)
        | equivalent_values(union)
        | own
    )
    stems = {t.stem for t in toks} | {t.low for t in toks}
    # Initials of a name the cited text gives are that name ("PSF" for "Python Software
    # Foundation"), as is an abbreviation defined in brackets after it, in the text or in the
    # sentence itself ("the Libre Software Meeting (LSM)").
    # So is an abbreviation the document defined before the passage ("the Pakistani Taliban" for
    # the "TTP" of a later passage, when the document opened with "Pakistani Taliban Movement (TTP)").
    defined_before = [a for text in context if text.strip() for a in _abbreviations([text])]
    keys |= _alias_keys(keys | stems, _abbreviations([*texts, sentence]) + defined_before)
    refs = _referents(context)
    if refs and any(_has_anaphor(t, claim) for t in texts):
        keys |= _referent_keys(refs)
    # A name the document gave in apposition to "the <noun>" that a cited passage then uses.
    appositions = _appositions(context)
    if appositions:
        used = set().union(*(_anaphor_nouns(t, claim) for t in texts))
        keys |= {key for noun, names in appositions if noun in used for key in names}
    reasons = [
        f"{f.kind} {f.shown if f.kind == 'number' else repr(f.shown)} not in cited text"
        for f in claim.facts
        if not _has_fact(f, keys, stems)
    ]
    flat = _flat(union)
    reasons += [f"quote '{q}' not in cited text" for q in claim.quotes if q not in flat]
    return tuple(dict.fromkeys(reasons))


def _claim(sentence: str, known_names: set[str]) -> _Claim:
    toks = _tokens(sentence)
    facts = _facts(sentence, toks, known_names)
    fact_idx = {f.index for f in facts}
    stems: dict[str, float] = {}
    for t in _content(toks):
        if t.low in _NEGATORS or t.low in _FILLERS:
            continue
        stems[t.stem] = max(stems.get(t.stem, 0.0), 0.3 if t.stem in _FRAME else 1.0)
    return _Claim(sentence, toks, stems, fact_idx, facts, _quotes(sentence))


def _known_names(passages: Sequence[str]) -> set[str]:
    """Lower-case words the passages capitalise mid-sentence: names as the text itself uses them."""
    names: set[str] = set()
    for p in passages:
        toks = _tokens(p)
        norm = normalize(p)
        for i in range(1, len(toks)):
            if (
                toks[i].is_word
                and _is_capitalised(toks[i].raw)
                and not re.search(r"[.!?:\"\n]\s*$", norm[toks[i - 1].end : toks[i].start])
            ):
                names.add(toks[i].low)
    return names - STOPWORDS


# -- the checker ----------------------------------------------------------------------------


def check_support(
    sentence: str,
    passages: Sequence[str],
    *,
    similarity: Similarity | None = None,
    threshold: float | None = None,
    context: Sequence[str] = (),
) -> Support:
    """Decide whether ``sentence`` is supported by the union of ``passages`` (see the module
    docstring): by a window of one passage, or else by windows of the passages joined in order
    (a sentence that combines two cited passages).

    ``threshold`` applies to the blended score; ``None`` picks :data:`DEFAULT_THRESHOLD` with a
    ``similarity`` and :data:`LEXICAL_THRESHOLD` without. ``context``: the text of the cited
    documents before each passage (not cited), read only to know what "the group" of a passage
    stands for (:func:`_referents`).
    """
    refs = _referents(context)
    single = _check_support(sentence, passages, similarity=similarity, threshold=threshold, referents=refs)
    # A gapped window may skip the sentence between its two; when the best consecutive window
    # contradicts the claim, skipping that contradiction is no support.
    best_text = (
        passages[single.passage_index][single.span[0] : single.span[1]]
        if single.passage_index is not None and single.span is not None
        else ""
    )
    if not single.supported and not _contradicts(single.reasons, best_text, sentence):
        gapped = _check_support(
            sentence, passages, similarity=similarity, threshold=threshold, gapped=True, referents=refs
        )
        if gapped.supported:
            return gapped
    texts = [(k, p) for k, p in enumerate(passages) if p.strip()]
    if single.supported or len(texts) < 2:
        return single
    joined = ""
    offsets: list[tuple[int, int, int]] = []  # (passage index, offset in joined, length)
    for k, text in texts:
        if joined:
            joined += "\n\n"
        offsets.append((k, len(joined), len(text)))
        joined += text
    union = _check_support(sentence, [joined], similarity=similarity, threshold=threshold, referents=refs)
    if not union.supported:
        union = _check_support(
            sentence, [joined], similarity=similarity, threshold=threshold, gapped=True, referents=refs
        )
    if not union.supported or union.span is None:
        return single
    # The window, plus the sentences elsewhere that state the facts the window lacks (the
    # definition of an abbreviation, a date): the citation must show all the sentence relies on.
    ranges = [union.span]
    window_flat = _flat(joined[union.span[0] : union.span[1]])
    known = _known_names([joined])
    for fact in _claim(sentence, known).facts:
        if fact.key in window_flat.split() or _flat(fact.shown) in window_flat.split():
            continue
        for sent in sentence_spans(joined):
            sent_toks = _tokens(joined[sent.start : sent.end])
            keys = {f.key for f in _facts(joined[sent.start : sent.end], sent_toks, known)} | {
                _number_key(t) for t in sent_toks if not t.is_word
            }
            if _has_fact(fact, keys, {t.stem for t in sent_toks} | {t.low for t in sent_toks}):
                ranges.append((sent.start, sent.end))
                break
    spans: list[tuple[int, int, int]] = []
    for a, b in sorted(set(ranges)):
        for k, at, length in offsets:
            lo, hi = max(a, at) - at, min(b, at + length) - at
            if hi > lo and passages[k][lo:hi].strip():
                piece = passages[k][lo:hi]
                lo += len(piece) - len(piece.lstrip())
                hi -= len(piece) - len(piece.rstrip())
                spans.append((k, lo, hi))
    spans = sorted(set(spans))
    if not spans:
        return single
    first = spans[0]
    return Support(
        supported=True, score=union.score, reasons=(), passage_index=first[0], span=(first[1], first[2]), spans=tuple(spans)
    )


def _check_support(
    sentence: str,
    passages: Sequence[str],
    *,
    similarity: Similarity | None = None,
    threshold: float | None = None,
    gapped: bool = False,
    referents: Sequence[tuple[str, frozenset[str]]] = (),
) -> Support:
    """Support of ``sentence`` by one window of one of ``passages`` (``gapped``: by one of
    the gapped windows, :func:`_windows`)."""
    if threshold is None:
        threshold = DEFAULT_THRESHOLD if similarity is not None else LEXICAL_THRESHOLD
    known = _known_names(passages)
    claim = _claim(sentence, known)
    if not [s for s, w in claim.stems.items() if w >= 1.0] and not claim.facts:
        return Support(
            supported=False, score=0.0, reasons=("no content to check",), passage_index=None, span=None
        )
    if not any(p.strip() for p in passages):
        return Support(supported=False, score=0.0, reasons=("no cited text",), passage_index=None, span=None)

    candidates: list[tuple[_Window, float]] = []
    for index, passage in enumerate(passages):
        for window in _windows(passage, index, gapped=gapped):
            if not _window_is_tight(claim, window, passage):
                continue
            wstems = {t.stem for t in _content(_tokens(window.text))}
            candidates.append((window, _coverage(claim, wstems)))
    if not candidates:
        return Support(supported=False, score=0.0, reasons=("no cited text",), passage_index=None, span=None)

    added = added_claims(sentence, passages)
    aliases = _abbreviations(passages)
    sims: list[float] | None = None
    if similarity is not None:
        sims = [max(0.0, float(x)) for x in similarity(sentence, [w.text for w, _ in candidates])]

    passage_info: dict[int, tuple[list[_Tok], set[str], set[str]]] = {}
    passage_swaps: dict[int, str | None] = {}
    scored = []
    for k, (window, cov) in enumerate(candidates):
        sim = sims[k] if sims is not None else None
        score = cov if sim is None else (1 - _SIM_WEIGHT) * cov + _SIM_WEIGHT * sim
        scored.append((score, k, window, cov, sim))
    scored.sort(key=lambda item: (-item[0], len(item[2].sentences)))

    best_failure: tuple[float, list[str], _Window] | None = None
    for score, _k, window, cov, sim in scored:
        if window.passage not in passage_info:
            ptoks = _tokens(passages[window.passage])
            pfacts = _facts(passages[window.passage], ptoks, known)
            pkeys = (
                {f.key for f in pfacts}
                | {_number_key(t) for t in ptoks if not t.is_word}
                | derived_counts(passages[window.passage])
                | equivalent_values(passages[window.passage])
            )
            passage_info[window.passage] = (ptoks, pkeys, {t.stem for t in ptoks} | {t.low for t in ptoks})
        ptoks, pkeys, pstems = passage_info[window.passage]
        reasons = _check_facts(
            claim, window, ptoks, pkeys, pstems, known, aliases, passages[window.passage], referents
        )
        wtoks = _tokens(window.text)
        wstems = {t.stem for t in _content(wtoks)}
        if _negation_mismatch(claim.text, claim.toks, set(claim.stems), window.text, wtoks, wstems):
            reasons.append("negation mismatch")
        clash = _antonym_clash(claim, wtoks) or _comparison_flip(claim, wtoks)
        if clash is not None:
            reasons.append(clash)
        elsewhere = _conflict_elsewhere(claim, passages, window, wstems)
        if elsewhere is not None:
            reasons.append(elsewhere)
        dropped = _dropped_hedge(claim, wtoks)
        if dropped is not None:
            reasons.append(dropped)
        swapped_id = (
            _swapped_identifier(claim.text, window.text, "\n".join(passages))
            or _unknown_term(claim.text, "\n".join(passages))
            or _substituted_term(claim.text, window.text, "\n".join(passages))
        )
        if swapped_id is not None:
            reasons.append(swapped_id)
        swap = _role_swap(claim, wtoks, _facts(window.text, wtoks, known))
        if swap is None:
            swap = _order_swap(claim, window.text, wtoks)
        if swap is None:
            swap = _crossed_clauses(claim, window.text) or _voice_flip(claim, wtoks, known)
        if swap is None and window.text != passages[window.passage]:
            if window.passage not in passage_swaps:
                text = passages[window.passage]
                passage_swaps[window.passage] = _order_swap(claim, text, _tokens(text))
            swap = passage_swaps[window.passage]
        if swap is not None:
            reasons.append(swap)
        reasons.extend(added)

        weak = _weak_clause(claim, wstems, pkeys, pstems)
        if weak is not None:
            reasons.append(f"clause '{weak}' not in cited text")
        if score < threshold:
            reasons.append(f"low overlap {cov:.2f}")
            if sim is not None:
                reasons.append(f"low similarity {sim:.2f}")
        if not reasons:
            return Support(
                supported=True,
                score=round(score, 4),
                reasons=(),
                passage_index=window.passage,
                span=(window.start, window.end),
                spans=((window.passage, window.start, window.end),),
            )
        if best_failure is None:
            best_failure = (score, reasons, window)
        if score < threshold:
            break  # the rest score lower still
        if _contradicts(reasons, window.text, sentence):
            # The window that matches the claim best says otherwise: a window matching it less
            # (a sentence sharing a few of its words) does not outweigh that.
            break
    assert best_failure is not None
    score, reasons, window = best_failure
    return Support(
        supported=False,
        score=round(score, 4),
        reasons=tuple(reasons),
        passage_index=window.passage,
        span=(window.start, window.end),
    )


def make_similarity(embed: Callable[[Sequence[str]], np.ndarray], *, cache_size: int = 8192) -> Similarity:
    """Wrap an ``embed_array``-like function into a cached :data:`Similarity`.

    Vectors are kept per text (least recently used dropped beyond ``cache_size``), so the
    windows of passages checked again and again are embedded once. Thread-safe.
    """
    cache: OrderedDict[str, np.ndarray] = OrderedDict()
    lock = threading.Lock()

    def similarity(sentence: str, windows: Sequence[str]) -> list[float]:
        texts = list(dict.fromkeys([sentence, *windows]))
        with lock:
            missing = [t for t in texts if t not in cache]
        if missing:
            vectors = np.asarray(embed(missing), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.clip(norms, 1e-12, None)
            with lock:
                for text, vec in zip(missing, vectors):
                    cache[text] = vec
        with lock:
            vecs = {t: cache[t] for t in texts}
            for t in texts:
                cache.move_to_end(t)
            while len(cache) > cache_size:
                cache.popitem(last=False)
        query = vecs[sentence]
        return [float(np.dot(query, vecs[w])) for w in windows]

    return similarity
