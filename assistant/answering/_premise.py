"""A question's premise against the evidence: does a sentence contradict what the question
assumes, or state it?

The premise (the clause a why-question presupposes or a yes/no question puts forward,
:func:`assistant.answering._compose._proposition`) is read like a sentence of a model's
answer, and the evidence sentence like the passage it cites: the offline checker
(:func:`assistant.answering._verify.check_support`) already tells a contradiction (a
negation on one side only, an antonym, two names trading roles, a number standing where the
text has another) from mere absence (words or facts the text does not have). This module
keeps only its contradictions, and adds two readings the checker leaves to others:

* a substitution of the same kind in the same slot: the claim has a name or a number the
  sentence does not have, where the sentence has another one of that kind the claim does not
  have, next to the same word ("based on Fedora" against "based on Ubuntu", "the 1995
  Christmas holidays" against "the 1989 Christmas holidays"). A claim fact merely missing
  from the sentence is absence, never a contradiction;
* aspect: a terminative verb on one side and a continuative one on the other over the same
  topic ("stopped growing" against "keeps on growing", "died down" against "persist";
  :data:`assistant.lexicon.TERMINATIVE_VERBS`, :data:`assistant.lexicon.CONTINUATIVE_VERBS`);
* exclusion: the claim restricts something to itself ("stuck on Windows only") where the
  sentence lists it among others ("portable to the macOS, Windows, and Unix platforms") or says
  the restriction does not hold ("do not deal exclusively with Debian development";
  :data:`assistant.lexicon.EXCLUSIVE_ADVERBS`).

Pure functions over text; no index, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import (
    ABSENCE_NOUNS,
    AUXILIARIES,
    CONTINUATIVE_VERBS,
    DETERMINERS,
    EXCLUSIVE_ADVERBS,
    LIGHT_VERBS,
    NEGATIONS,
    NEGATIVE_IMPLICATIVES,
    TERMINATIVE_VERBS,
    irregular_lemmas,
    synonyms,
)
from ..text import STOPWORDS, normalize, stem
from ._extractive import same_relation
from ._questions import lemma_stem
from ._verify import Similarity, check_support

__all__ = ["Conflict", "aspect_conflict", "conflict", "exclusive_conflict", "same_family", "slot_swap", "states", "unsaid"]

# The checker's reasons (``Support.reasons``) that say the text says otherwise, as opposed to
# not saying it (a fact or clause "not in cited text", "low overlap", an added cause or
# degree, a dropped hedge).
_CONTRADICTION_REASONS = (
    re.compile(r"^negation mismatch$"),
    re.compile(r"where the cited text has its opposite$"),
    re.compile(r"trade roles in the cited text$"),
    re.compile(r"stands where the cited text has another( name)?$"),
    re.compile(r"where the cited text has another unit of time$"),
)


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """Why a sentence contradicts a claim: ``kind`` is "checker" (a contradiction reason of
    the offline checker, in ``reason``), "swap" (a fact of the same kind in the same slot),
    "aspect" (a terminative verb against a continuative one) or "exclusive" (a restriction
    the sentence does not keep)."""

    kind: str
    reason: str
    fact: str = ""
    """For a swap, the claim's name or number that the sentence replaces."""
    replacement: str = ""
    """For a swap, the sentence's name or number in its place."""


# -- facts and slots ----------------------------------------------------------------------

# A word; digits glued to its letters are part of it ("Debconf14", "IPv6", "i386"): an
# identifier's number is no quantity, and "Debconf13" is another name, not 13 in place of 14.
_WORD = re.compile(r"\d+(?:[.,]\d+)*s?\b|[^\W\d_]+(?:\d+[^\W_]*)?(?:[-'’][^\W_]+)*")
_NAME_JOINERS = frozenset(["van", "von", "de", "der", "da", "al", "bin", "le", "la"])


@dataclass(frozen=True)
class _Fact:
    kind: str  # "year", "number" or "name"
    key: str  # lower case, possessive dropped
    words: frozenset[str]
    first: int  # token indices
    last: int


def _kind_of_number(raw: str) -> str:
    digits = raw.rstrip("s")
    if re.fullmatch(r"1[0-9]\d\d|20\d\d", digits):
        return "year"
    return "number"


def _words(text: str, *, opens: bool) -> tuple[list[str], set[int]]:
    """The words of ``text`` and the indices of those that open a sentence (any after ". ",
    "? ", "! " or ": ", and the first word when ``opens``: a claim is cut from inside a
    question, so its first word keeps the question's capitals)."""
    norm = normalize(text)
    words: list[str] = []
    openers: set[int] = set()
    for m in _WORD.finditer(norm):
        if (opens and not words) or (words and re.search(r"[.!?:]\s*$", norm[: m.start()])):
            openers.add(len(words))
        words.append(m.group())
    return words, openers


def _capitalised(words: list[str], openers: set[int]) -> set[str]:
    return {w.lower() for i, w in enumerate(words) if i not in openers and w[0].isupper()}


def _facts(words: list[str], openers: set[int], names: set[str]) -> list[_Fact]:
    """Numbers (years and decades apart) and capitalised names (runs of capitalised words,
    with the joiners of personal names inside). Stop words ("I", "It") are never names, and a
    word opening a sentence is one only when one of the two texts capitalises it elsewhere
    (``names``)."""
    facts: list[_Fact] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w[0].isdigit():
            facts.append(_Fact(_kind_of_number(w), w.lower(), frozenset([w.lower()]), i, i))
            i += 1
            continue
        # An opener is a name when the texts capitalise it elsewhere or a capitalised word
        # follows it ("Tom Hale, ...", "Linux Mint relies ...").
        run = i + 1 < len(words) and words[i + 1][0].isupper() and words[i + 1].lower() not in STOPWORDS
        capital = w[0].isupper() and w.lower() not in STOPWORDS and (i not in openers or w.lower() in names or run)
        if not capital:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and (
            words[j + 1][0].isupper() or (words[j + 1].lower() in _NAME_JOINERS and j + 2 < len(words) and words[j + 2][0].isupper())
        ):
            j += 1
        parts = [re.sub(r"['’]s$", "", x).lower() for x in words[i : j + 1]]
        facts.append(_Fact("name", " ".join(parts), frozenset(p for p in parts if p not in _NAME_JOINERS), i, j))
        i = j + 1
    return facts


def same_family(a: str, b: str) -> bool:
    """Forms of one word, or of one family ("failure" / "fail", "success" / "succeed"): the
    same word, or a shared beginning of at least four letters that leaves at most two letters
    of the shorter word."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= min(len(a), len(b)) - 2


def _same(a: str, b: str) -> bool:
    """Forms of one word ("founder" / "found", "created" / "create")."""
    return stem(a) == stem(b) or same_family(a, b)


def _neighbour(words: list[str], index: int, step: int, skip: set[int]) -> str | None:
    """The nearest word before (``step`` -1) or after (+1) ``index`` that is not a stop word
    or part of the fact itself, lower case."""
    i = index + step
    while 0 <= i < len(words):
        w = words[i].lower()
        if i not in skip and w not in STOPWORDS and len(w) > 1:
            return w
        i += step
    return None


def _passive_verb(words: list[str], first: int) -> str | None:
    """The word before the "by" that opens ``words[first]``'s phrase ("sponsored" in "sponsored
    by the FSF"; an article may stand between), lower case: the verb whose passive agent that is
    when it is of the claim's verb's family (the caller's test). None without such a "by"."""
    i = first - 1
    if i >= 0 and words[i].lower() == "the":
        i -= 1
    if i < 1 or words[i].lower() != "by":
        return None
    verb = words[i - 1].lower()
    return None if verb in STOPWORDS else verb


def _present(fact: _Fact, other: list[_Fact], text_words: set[str]) -> bool:
    """Is ``fact`` in the other text: the same number, or a name sharing a word with one of
    its names (an alias: "van Rossum" for "Guido van Rossum") or standing among its words."""
    if fact.kind != "name":
        return fact.key in text_words or any(f.key == fact.key for f in other)
    return bool(fact.words & text_words) or any(fact.words & f.words for f in other)


def slot_swap(claim: str, sentence: str) -> str | None:
    """See :func:`_slot_swap`; the reason only."""
    found = _slot_swap(claim, sentence)
    return found[1] if found else None


def _slot_swap(claim: str, sentence: str) -> tuple[str, str, str] | None:
    """A name or number of ``claim`` that ``sentence`` does not have, where the sentence has
    another of the same kind that the claim does not have, next to the same word on the same
    side: "'Fedora' where the text has 'Ubuntu'". None when there is none."""
    c_words, c_openers = _words(claim, opens=False)
    s_words, s_openers = _words(sentence, opens=True)
    if not c_words or not s_words:
        return None
    names = _capitalised(c_words, c_openers) | _capitalised(s_words, s_openers)
    c_facts, s_facts = _facts(c_words, c_openers, names), _facts(s_words, s_openers, names)
    c_lower = {w.lower() for w in c_words} | {re.sub(r"['’]s$", "", w.lower()) for w in c_words}
    s_lower = {w.lower() for w in s_words} | {re.sub(r"['’]s$", "", w.lower()) for w in s_words}
    theirs = [g for g in s_facts if not _present(g, c_facts, c_lower)]
    if not theirs:
        return None
    for fact in c_facts:
        if _present(fact, s_facts, s_lower):
            continue
        skip = set(range(fact.first, fact.last + 1))
        before, after = _neighbour(c_words, fact.first, -1, skip), _neighbour(c_words, fact.last, 1, skip)
        for other in theirs:
            if other.kind != fact.kind:
                continue
            own = set(range(other.first, other.last + 1))
            o_before, o_after = _neighbour(s_words, other.first, -1, own), _neighbour(s_words, other.last, 1, own)
            # The agent of a passive fills its active verb's subject slot (Quirk et al. 1985,
            # 3.63-3.67): "Red Hat sponsored X" against "X was sponsored by the FSF".
            agent_of = _passive_verb(s_words, other.first)
            if (
                (before and o_before and _same(before, o_before))
                or (after and o_after and _same(after, o_after))
                or (after and agent_of and _same(after, agent_of))
            ):
                mine = " ".join(c_words[fact.first : fact.last + 1])
                replacement = " ".join(s_words[other.first : other.last + 1])
                return mine, f"'{mine}' where the text has '{replacement}'", replacement
    return None


# -- aspect --------------------------------------------------------------------------------


@lru_cache(maxsize=20000)
def _lemmas(word: str) -> frozenset[str]:
    """Candidate lemmas of ``word``: itself, WordNet's irregular form, the regular suffix rules
    ("stopped" -> "stop", "died" -> "die", "ceases" -> "cease")."""
    w = word.lower()
    out = {w}
    irregular = irregular_lemmas().get(w)
    if irregular:
        out.add(irregular)
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) + len(repl) >= 3:
            base = w[: len(w) - len(suffix)] + repl
            out.add(base)
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                out.add(base[:-1])  # "stopped" -> "stop"
    return frozenset(out)


def _aspects(words: list[str]) -> tuple[bool, bool]:
    """Does the text use a terminative verb, a continuative one? A verb of the lexicon's
    lists, or its phrasal form ("die down", "keep on"); "keep" counts before an -ing form."""
    terminative = continuative = False
    for i, word in enumerate(words):
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        forms = _lemmas(word)
        pairs = {f"{lemma} {nxt}" for lemma in forms}
        if forms & TERMINATIVE_VERBS or pairs & TERMINATIVE_VERBS:
            terminative = True
        if forms & CONTINUATIVE_VERBS or pairs & CONTINUATIVE_VERBS or ("keep" in forms and nxt.endswith("ing")):
            continuative = True
    return terminative, continuative


def aspect_conflict(claim: str, sentence: str) -> str | None:
    """A terminative verb on one side ("stopped growing") and a continuative one on the
    other ("keeps on growing"), not both on either side, over words the two share."""
    c_words = [w for w in _WORD.findall(normalize(claim)) if not w[0].isdigit()]
    s_words = [w for w in _WORD.findall(normalize(sentence)) if not w[0].isdigit()]
    c_term, c_cont = _aspects(c_words)
    s_term, s_cont = _aspects(s_words)
    if not ((c_term and not c_cont and s_cont and not s_term) or (c_cont and not c_term and s_term and not s_cont)):
        return None
    aspect = TERMINATIVE_VERBS | CONTINUATIVE_VERBS | {"keep"}
    content = {lemma for w in c_words if w.lower() not in STOPWORDS and not _lemmas(w) & aspect for lemma in _lemmas(w)}
    if content & {lemma for w in s_words for lemma in _lemmas(w)}:
        return "a terminative verb where the text has a continuative one" if c_term else "a continuative verb where the text has a terminative one"
    return None


# -- exclusion -----------------------------------------------------------------------------

# "not only", "do not deal exclusively with": a negator up to two words before the adverb.
_NOT_EXCLUSIVE = re.compile(rf"\bnot\s+(?:\w+\s+){{0,2}}?(?:{'|'.join(sorted(EXCLUSIVE_ADVERBS))})\b", re.IGNORECASE)


# Articles and possessives: "the only X", "its only X" single one thing out ("that only runs"
# and "of only" keep "only" an adverb).
_SINGLING = DETERMINERS - {"of", "this", "that", "these", "those"}


def _restricted(words: list[str], at: int) -> str | None:
    """The word an exclusive adverb at ``words[at]`` focuses on: the first content word of the
    three after it ("only source packages", "exclusively with Debian development"), or, when
    it closes its phrase ("on Windows only"), the content word before it."""
    after = [w for w in words[at + 1 : at + 4] if w.lower() not in STOPWORDS]
    if after:
        return after[0]
    before = [w for w in words[max(0, at - 2) : at] if w.lower() not in STOPWORDS]
    return before[-1] if before else None


def exclusive_conflict(claim: str, sentence: str) -> str | None:
    """The claim restricts something to itself with an exclusive adverb ("stuck on Windows
    only") and the sentence, saying the same word, either denies the restriction ("not
    exclusively") or coordinates it with others ("the macOS, Windows, and Unix platforms"). A
    sentence that restricts it too ("only on Windows") keeps the claim."""
    words = _WORD.findall(normalize(claim))
    text = normalize(sentence)
    s_words = _WORD.findall(text)
    for at, word in enumerate(words):
        if word.lower() not in EXCLUSIVE_ADVERBS:
            continue
        if (at and words[at - 1].lower() in _SINGLING) or (at + 1 < len(words) and words[at + 1].lower() == "if"):
            # "the only distribution that ...", "only if ...": an adjective singling out one
            # thing by what follows, or a condition, not a restriction a list can deny.
            continue
        focus = _restricted(words, at)
        if focus is None:
            continue
        focus_stem = stem(focus.lower())
        said = [w for w in s_words if stem(w.lower()) == focus_stem]
        if not said:
            continue
        if _NOT_EXCLUSIVE.search(text):
            return "a restriction the cited text says does not hold"
        if any(w.lower() in EXCLUSIVE_ADVERBS for w in s_words):
            continue
        for w in dict.fromkeys(said):
            item = re.escape(w)
            if re.search(rf"(?:,|\band\b|\bor\b|&)\s*(?:the\s+)?{item}\b|\b{item}\s*(?:,|\band\b|\bor\b|&)", text):
                return "a restriction where the cited text lists more"
    return None


# -- the readings -----------------------------------------------------------------------


def conflict(claim: str, sentence: str) -> Conflict | None:
    """How ``sentence`` contradicts ``claim``, or None when it does not (it may support the
    claim, or simply not say it: absence is never a contradiction)."""
    # A claim that carries a negation of its own ("why doesn't X ...", "why is it good that
    # the pier has no cranes", "does it avoid ...") is compared by polarity only in
    # :func:`assistant.answering._compose.contradicts`, which reads the negation's scope; the
    # checker's negation and antonym rules, made for affirmative answer sentences, and the
    # aspect reading are not used on it. A substituted name or number is what it is.
    negative = _negative(claim)
    if not negative:
        support = check_support(claim, [sentence])
        for reason in () if support.supported else support.reasons:
            if any(p.search(reason) for p in _CONTRADICTION_REASONS):
                return Conflict(kind="checker", reason=reason)
    swapped = _slot_swap(claim, sentence)
    if swapped is not None:
        return Conflict(kind="swap", reason=swapped[1], fact=swapped[0], replacement=swapped[2])
    aspect = None if negative else aspect_conflict(claim, sentence)
    if aspect is not None:
        return Conflict(kind="aspect", reason=aspect)
    exclusion = None if negative else exclusive_conflict(claim, sentence)
    if exclusion is not None:
        return Conflict(kind="exclusive", reason=exclusion)
    return None


def _negative(claim: str) -> bool:
    """A negator, a noun of absence or a negative implicative verb in ``claim``."""
    for word in _WORD.findall(normalize(claim).lower()):
        if word in NEGATIONS or word in ABSENCE_NOUNS or word.endswith("n't") or _lemmas(word) & NEGATIVE_IMPLICATIVES:
            return True
    return False


def states(claim: str, sentence: str, similarity: Similarity | None = None, threshold: float | None = None) -> bool:
    """Does ``sentence`` state ``claim``, in its words or in others: the offline checker finds
    it supported (every fact of the claim in the sentence, wording close enough: with
    ``similarity``, the embedding similarity blended in as for answer sentences; ``threshold``
    on that score, the checker's own when None), every word of the claim's own (:func:`unsaid`)
    is said, and the premise reading finds no contradiction."""
    support = check_support(claim, [sentence], similarity=similarity, threshold=threshold)
    return support.supported and unsaid(claim, sentence) is None and conflict(claim, sentence) is None


def unsaid(claim: str, sentence: str) -> str | None:
    """The first word of ``claim`` that ``sentence`` does not say, or None. The words read are
    those that carry what the claim asserts besides its names and numbers (which the checker's
    facts read): not stop words, auxiliaries or light verbs, nor capitalised words. A word is
    said by a form of it or of its family ("found" / "founder"), the verb or noun of one
    relation ("direct" / "direction"), or a WordNet synonym. A sentence that names the claim's
    people and things without its predicate ("Bruce Perens was the second leader of the Debian
    project" against "Bruce Perens founded the Debian project") does not state it, however
    many of its words it shares."""
    s_words = [w.lower() for w in _WORD.findall(normalize(sentence)) if not w[0].isdigit()]
    s_forms = {f for w in s_words for f in (stem(w), lemma_stem(w))}
    for word in _WORD.findall(normalize(claim)):
        low = word.lower()
        if word[0].isdigit() or word[0].isupper() or low in STOPWORDS or low in AUXILIARIES:
            continue
        if _lemmas(low) & LIGHT_VERBS:  # the word itself among its lemmas
            continue
        forms = {stem(low), lemma_stem(low)}
        if forms & s_forms or any(same_family(low, w) for w in s_words):
            continue
        if any(same_relation(f, g) for f in forms for g in s_forms) or {stem(w) for w in synonyms(low)} & s_forms:
            continue
        return word
    return None
