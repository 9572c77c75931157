"""The form of an offline answer: document details, summaries, and the answer text built
around the quoted sentences (the answer phrase first, yes/no and false-premise readings,
multi-part questions, the three outcomes).

:func:`offline_answer` is the extractive mode's entry point: the pipeline hands it the
question, its reading and the retrieval; which sentences answer stays the answerer's call.
Everything composed here quotes the cited sentences verbatim: an answer phrase is a span of
a cited sentence, so it is faithful by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..index import Corpus, Retrieved, sentence_id
from ..lexicon import (
    ABSENCE_NOUNS,
    ADJECTIVE_ENDINGS,
    APPROXIMATORS,
    ASSERTED_CONNECTIVES,
    BODY_NOUNS,
    NAME_CONNECTORS,
    NAME_FINAL_ABBREVIATIONS,
    AUXILIARIES,
    COMPARATIVE_REFERENCE,
    COORDINATORS,
    DEFINITE_DETERMINERS,
    DETERMINERS,
    DOMAIN_NOUNS,
    FACTIVE_VERBS,
    GENERIC_WORDS,
    IMPORTANCE_ADJECTIVES,
    INDEFINITE_QUANTIFIERS,
    LOCATION_NOUNS,
    MAY_GIVE_REASON,
    MONTHS,
    NAMING_VERBS,
    NEGATIONS,
    NEGATIVE_IMPLICATIVES,
    NUMBER_WORDS,
    OBJECT_STARTERS,
    PHRASE_OPENERS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    POSITION_PREPOSITIONS,
    PREPOSITIONS,
    PRO_FORM_NOUNS,
    REASON_NOUNS,
    RELATIVE_WORDS,
    REPLACIVE_PREPOSITIONS,
    REPLY_WORDS,
    REPORTING_VERBS,
    RESTRICTIVE_MODIFIERS,
    ROLE_NOUNS,
    SAYING_VERBS,
    SEASONS,
    SINGULAR_INDEFINITE_DETERMINERS,
    SUBORDINATORS,
    TIME_UNITS,
    antonym_table,
    common_nouns,
    group_nouns,
    irregular_lemmas,
    is_english,
    noun_lemma,
    person_nouns,
)
from ..protocols import Answerer
from ..text import STOPWORDS, ends_as_question, normalize, stem, tokens
from ..types import Answer, Citation, Passage, SentenceSpan
from ._extractive import (
    AFTER_HEADING,
    HEADING_COSINE,
    NOT_ANSWERED,
    Candidate,
    ExtractiveAnswerer,
    _name_in,
    acceptable,
    citation_for,
    in_reading_order,
    is_bare_reply,
    quotable_sentence,
)
from ._scoring import Gate
from ._details import answer_detail_claim, answer_details, names_a_detail, read_detail_question, split_names
from ._followups import is_person_name
from ._premise import conflict, same_family, states
from ._questions import (
    LIST_OPEN,
    MEMBERS_BEFORE,
    _ASKED,
    _WHICH_NOUN,
    SOURCE_PHRASE,
    TIME_ADVERBIAL,
    QuestionInfo,
    analyze_question,
    asked_noun,
    clause_spans,
    confirmation_question,
    has_answer_type,
    identified_name,
    is_acronym,
    is_label_like,
    is_yes_no,
    lemma_stem,
    located_topic,
    mentioned_topic,
    noun_stem,
    premise_clause,
    presupposing_question,
    reason_cue,
    topic_head,
)
from ._summary import is_summary_request, summarize
from ._verify import derived_counts

__all__ = [
    "CLAIM_LEAD",
    "CLOSEST",
    "LEAD",
    "LeadParams",
    "OTHERWISE",
    "answer_phrase",
    "asked_noun",
    "challenged",
    "compose",
    "contradicts",
    "count_phrase",
    "is_yes_no",
    "lead_clause",
    "offline_answer",
    "reads_as_answer",
    "split_parts",
]

CLOSEST = "The sources don't answer this directly; the closest they come:"
OTHERWISE = "The sources say otherwise:"
_SAY = "The sources say:"

# -- answer phrases ---------------------------------------------------------------------

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# A month as English writes it, capitalised: after a bare day number a lower-case "may" is the
# modal verb ("Python 3 may break this").
_MONTH_NAME = "(?-i:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_SEASON = "(?:" + "|".join(SEASONS) + ")"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DATE_SPAN = re.compile(
    rf"\b(?:(?:early|mid|late)[- ])?(?:"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+(?:of\s+)?{_YEAR}"
    rf"|(?:the\s+)?{_SEASON}\s+of\s+{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}\b"
    rf"|{_YEAR}s?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf")\b",
    re.IGNORECASE,
)
# A word, with its inner hyphens and apostrophes ("Debian-specific", "don't").
_WORDS = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_NUMERAL = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_APPROX = "|".join(a.replace(" ", "\\s+") for a in APPROXIMATORS)
# A cardinal written in words (Quirk et al. 1985, 6.63-6.64): "a" for "one" before a multiplier
# ("around a thousand"), and "and" after hundred/thousand/million/billion ("one thousand and ten").
_MULTIPLIERS = ("hundred", "thousand", "million", "billion")
_AFTER_MULTIPLIER = "|".join(f"(?<={m})" for m in _MULTIPLIERS)  # one fixed-width look-behind each
_WORD_NUMBER = (
    rf"(?:(?:an?\s+(?=(?:{'|'.join(_MULTIPLIERS)}|dozen)\b))?{_NUMERAL}(?:[- ]{_NUMERAL})*"
    rf"(?:(?:{_AFTER_MULTIPLIER})\s+and\s+{_NUMERAL}(?:[- ]{_NUMERAL})*)?)"
)
_NUMBER_SPAN = re.compile(
    rf"\b(?:(?:{_APPROX})\s+)?"
    rf"(?<![\d.])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUMBER}(?:-odd)?)(?![\d.]*\.\d)"
    r"(?:\s*(?:%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
_UNIT = "(?:" + "|".join(sorted({*TIME_UNITS, *(u + "s" for u in TIME_UNITS), "centuries"}, key=len, reverse=True)) + ")"
# A rate after a count: "per day", "a year", "each week", "every month" (the units of TIME_UNITS).
_RATE = re.compile(rf"\s+(?:per|a|an|each|every)\s+{_UNIT}\b", re.IGNORECASE)
# How often: "every 12 months", "once a year", "twice a week", "three times per day".
_FREQUENCY = re.compile(
    rf"\b(?:(?:every|each)\s+(?:[\w-]+\s+){{0,2}}?{_UNIT}|(?:once|twice|(?:[\w-]+\s+)?times)\s+(?:a|an|per|each|every)\s+{_UNIT}"
    rf"|(?:daily|weekly|monthly|yearly|annually|hourly|nightly))\b",
    re.IGNORECASE,
)
# A middle initial ("Richard M. Stallman") stands inside a name, before another capitalised word.
_NAME_SPAN = re.compile(
    r"\b(?:[A-Z][\w’'-]*[a-z0-9][\w’'-]*|[A-Z]{2,}[\w’'-]*)"
    r"(?:\s+(?:(?:al|bin|ibn|de|da|del|van|von|der|le|la|of|for|and|the|&)\s+)*"
    r"(?:[A-Z]\.(?=\s+[A-Z][a-z])|[A-Z][\w’'-]*[a-z0-9][\w’'-]*|[A-Z]{2,}[\w’'-]*))*"
    r"(?:\s+\d+(?:\.\d+)*\b(?!\s*(?:%|percent)))?"  # a name with its number: "PEP 572", "Python 3.8"
)
_REPLACIVE = "|".join(p.replace(" ", r"\s+") for p in REPLACIVE_PREPOSITIONS)
# Punctuation ends a clause where a space or the end follows: the dots and colons inside
# "python.org" or "https://..." do not. "so" after a form of "do" is the pro-form "do so" (Quirk et al. 1985, 12.23), not a
# coordinator ("when invited to do so by one of the parties"); a preposition of replacement opens
# the alternative set aside ("in Oslo rather than in Bergen").
_CLAUSE_END = re.compile(
    r"[,;:.!?](?=\s|$)|[()\u201c\u201d\"]|\s(?:which|who|whom|whose|where|when|that|because|while|although|though|"
    r"but|if|(?<!\bdo\s)(?<!\bdid\s)(?<!\bdoes\s)(?<!\bdone\s)(?<!\bdoing\s)so|as|since|after|before|until|unless|"
    + _REPLACIVE
    + r")\s",
    re.IGNORECASE,
)
# A name in code: a call ("copy2()"), a dotted name ("sys.setswitchinterval"), or one joined by
# underscores ("__main__").
_CODE_NAME = re.compile(r"(?<![\w.])(?:[A-Za-z_]\w+(?:\.[A-Za-z_]\w+)+(?:\(\))?|[A-Za-z_]\w*\(\)|_*[A-Za-z]\w*_\w*)(?![\w(])")
_PLACE_START = re.compile(rf"\b(?:{'|'.join(PLACE_PREPOSITIONS)})\s", re.IGNORECASE)
_COPULA = re.compile(r"\b(?:is|are|was|were)\s+", re.IGNORECASE)
# What follows "instead of", "rather than" (and the like) is the alternative set aside: a phrase
# there answers nothing ("relies on Cinnamon instead of GNOME" does not say GNOME is used).
_SET_ASIDE = re.compile(rf"\b(?:{_REPLACIVE})\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)


def _after_position_preposition(sentence: str, start: int) -> bool:
    """Does the phrase starting at ``start`` follow a preposition of position ("in", "at": the
    lexicon's POSITION_PREPOSITIONS), with or without "the", itself or as the second of names
    in apposition ("in Bordeaux, France")?"""
    before = _APPOSED_NAME.sub("", sentence[max(0, start - 60) : start])
    return bool(_POSITIONED.search(before))


# A capitalised word, as names in apposition are made of.
_NAME_WORD = r"[A-Z][\w’'-]*"
_APPOSED_NAME = re.compile(rf"{_NAME_WORD}\.?(?:\s+{_NAME_WORD}\.?)*,\s+$")  # "St. Louis, "


_POSITIONED = re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(POSITION_PREPOSITIONS))})\s+(?:the\s+)?$", re.IGNORECASE)


# A name in apposition after a comma ("in Bordeaux, France", "in Banja Luka, Republic of Srpska,
# Bosnia and Herzegovina"), ending where the phrase does: at punctuation, the sentence's end or a
# preposition that starts the next phrase ("from the 5th to the 9th of July").
_APPOSED = re.compile(
    rf",\s+{_NAME_WORD}(?:\s+(?:of\s+|and\s+)?{_NAME_WORD})*"
    rf"(?=\s*(?:[,;:.!?)]|$)|\s+(?:{'|'.join(sorted(PREPOSITIONS))})\b)"
)


def _with_apposed_names(sentence: str, end: int, question_stems: set[str]) -> int:
    """The end of the place phrase ending at ``end`` with the names in apposition after its
    last name ("in Bordeaux" -> "in Bordeaux, France"; not "at the time, Debra"), unless they
    say the question's own words ("in Cape Town, South Africa" for "the first DebConf in
    Africa": the question's place, said again, narrows nothing)."""
    while (
        _ENDS_WITH_NAME.search(sentence, 0, end)
        and (match := _APPOSED.match(sentence, end)) is not None
        and not {stem(t) for t in tokens(match.group(0))} & question_stems
    ):
        end = match.end()
    return end


_ENDS_WITH_NAME = re.compile(r"(?:^|\s)[A-Z]\S*$")


def _noun_after(sentence: str, end: int, noun: str) -> re.Match[str] | None:
    """The word right after the name ending at ``end`` when it is ``noun`` (a lemma), which the
    name names ("the java.util.zip package", "the Schulze method"), else None."""
    after = _NEXT_WORD.match(sentence, end)
    return after if noun and after is not None and noun_lemma(after.group(1)) == noun else None


_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


def _set_aside(sentence: str, start: int) -> bool:
    """Does the phrase starting at ``start`` follow a preposition of replacement?"""
    return bool(_SET_ASIDE.search(sentence[max(0, start - 30) : start]))


_DEFINITION = re.compile(r"^\s*(?:and\s+)?what(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:a\s+|an\s+|the\s+)?", re.IGNORECASE)


def _lower_set(text: str) -> set[str]:
    return {stem(t) for t in tokens(text)}


def _near(span: tuple[int, int], anchors: Sequence[int]) -> int:
    """Characters between ``span`` and the nearest anchor (0 without anchors)."""
    if not anchors:
        return 0
    return min(0 if span[0] <= a < span[1] else min(abs(span[0] - a), abs(span[1] - a)) for a in anchors)


def _anchors(sentence: str, info: QuestionInfo) -> list[int]:
    """Where the question's topic words (and its head) occur in the sentence."""
    wanted = set(info.focus) | ({info.head} if info.head else set())
    irregular = irregular_lemmas()
    # An irregular form says its lemma's word: "had frozen" anchors "freeze".
    return [
        m.start()
        for m in re.finditer(r"[^\W_]+(?:[-'’.][^\W_]+)*", sentence)  # "5.0" is one word
        if stem(low := m.group(0).lower()) in wanted or stem(irregular.get(low, low)) in wanted
    ]


# An appositive noun phrase after a name: ", researcher and director of ...", ", an expert in ..."
# (a lower-case start: a capitalised word after the comma would be the next item of a list).
_APPOSITIVE = re.compile(r",\s+(?P<phrase>(?:an?\s+|the\s+)?[a-z][^,;:()\[\]]*?)\s*(?=[,;:)\]]|\.(?:\s|$)|$)")


def _identified_name(info: QuestionInfo) -> str | None:
    """The name a who-question (or a follow-up read as the bare name) asks about as a whole."""
    if not info.names or info.wh not in ("who", "", None):
        return None
    return identified_name(info.text, info.names)


# "What is/was X's role (in Y)?", "What is X's field of expertise?": a person's role or domain
# asked by a possessive; "What does X do?", "What is X known for?".
_ROLE_NOUN_WORDS = "|".join(sorted(ROLE_NOUNS | DOMAIN_NOUNS, key=len, reverse=True))
_ROLE_QUESTION = re.compile(
    rf"^\s*(?:and\s+)?what(?:['’]s|\s+(?:is|was|are|were))\s+(?P<name>.+?)['’]s?\s+(?:\w+\s+)?(?:{_ROLE_NOUN_WORDS})\b"
    rf"|^\s*(?:and\s+)?what\s+(?:does|did|do)\s+(?P<doer>.+?)\s+do\b(?!\s+(?:with|to|for|about)\b)"
    rf"|^\s*(?:and\s+)?what\s+(?:is|was|are|were)\s+(?P<known>.+?)\s+(?:best\s+)?known\s+for\b",
    re.IGNORECASE,
)


def _role_asked(info: QuestionInfo) -> str | None:
    """The name of the person whose role, domain or deeds the question asks ("What is Mara
    Lind's role?", "What does Oskar Berg do?", "What is X known for?"), when it is one of the
    question's names; else None."""
    m = _ROLE_QUESTION.match(normalize(info.text))
    if m is None:
        return None
    asked = normalize(m.group("name") or m.group("doer") or m.group("known")).lower()
    return next((n for n in info.names if normalize(n).lower() == asked), None)


def _appositive(sentence: str, name: str, question_stems: set[str]) -> str | None:
    """The appositive phrase that follows ``name`` in ``sentence`` ("X, a surveyor, ..."), verbatim."""
    for m in re.finditer(re.escape(name), sentence):
        found = _APPOSITIVE.match(sentence, m.end())
        if found is None:
            continue
        phrase = found.group("phrase").strip()
        if len(phrase.split()) >= 2 and _fresh(phrase, question_stems):
            return phrase
    return None


def _fresh(text: str, question_stems: set[str]) -> bool:
    """Does ``text`` say something the question does not already say?"""
    content = [stem(t) for t in tokens(text) if t not in STOPWORDS]
    return bool(content) and any(c not in question_stems for c in content)


_ASKS_NAME = re.compile(rf"\b(?:{'|'.join(sorted(NAMING_VERBS))})\s*\?\s*$", re.IGNORECASE)
_NAMING_STEMS = frozenset(stem(w) for w in NAMING_VERBS)
_GIVEN_NAME = re.compile(
    rf"\b(?:{'|'.join(sorted(NAMING_VERBS))}|known\s+as)\s+(?:“([^”]{{2,60}})”|\"([^\"]{{2,60}})\"|([^,;:.!?()“”\"]{{2,60}}?)(?=\s*(?:[,;:!?()]|\.(?:\s|$)|$|\s(?:which|who|that)\b)))",
    re.IGNORECASE,
)


def _given_name(info: QuestionInfo, sentence: str) -> str | None:
    """The name ``sentence`` gives the thing a question asks the name of ("What was X
    called?", "What distribution ...?"): what follows "called", "named", "titled" or "known as"
    (a quoted name, or the words up to the clause's end) when the asked noun, or one of the
    question's topic words, comes at most six words before; or None."""
    noun = asked_noun(info.text) if _WHICH_NOUN.match(info.text) else ""
    if not noun and not _ASKS_NAME.search(info.text):
        return None
    wanted = {noun} if noun else set(info.focus) - _NAMING_STEMS
    for m in _GIVEN_NAME.finditer(sentence):
        before = _WORDS.findall(sentence[: m.start()])[-6:]
        if any((noun_lemma(w) or w.lower()) in wanted or stem(w.lower()) in wanted for w in before):
            name = next(g for g in m.groups() if g).strip()
            if name and name.lower() not in normalize(info.text).lower():
                return name
    return None


def _defined_acronym(question: str) -> str:
    """The acronym a "What is X?" question asks about ("what's an SRM": "SRM"), or ""."""
    if not _DEFINITION.match(question):
        return ""
    subject = _DEFINITION.sub("", normalize(question)).strip(" ?.!")
    return subject if re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", subject) else ""


def spelled_out(sentence: str, acronym: str, context: str = "") -> str | None:
    """The name ``sentence`` gives as what ``acronym`` is short for, verbatim: the name before
    "(ACRONYM)" or before ", (often) abbreviated ACRONYM", the name in brackets after it, or
    what it stands for ("GNU is a recursive acronym, standing for “GNU is Not Unix”"); when
    ``context`` (the passage around the sentence) uses the acronym, a name of the sentence whose
    capitalised words' initials spell it ("The Python Software Foundation is ..." where the
    passage goes on about the PSF); or None."""
    a = re.escape(acronym)
    for start, end in _names(sentence):
        after = sentence[end:]
        if re.match(rf"\s*\(\s*{a}\s*\)", after) or re.match(
            rf",?\s+(?:(?:often|also|commonly|usually)\s+)?(?:abbreviated|shortened|known)\s+(?:as\s+|to\s+)?{a}\b", after
        ):
            name = re.sub(r"['’]s$", "", sentence[start:end])
            if name != acronym:
                return name
    # "the famous “Debian Free Software Guidelines” (DFSG)", "The global interpreter lock (GIL)":
    # the words before the brackets whose letters spell the acronym (Schwartz and Hearst 2003).
    for bracket in re.finditer(rf"\(\s*{a}s?\s*\)", sentence):
        words = sentence[: bracket.start()].split()[-min(len(acronym) + 5, 2 * len(acronym)) :]
        found = long_form(acronym, " ".join(w.strip("“”\"") for w in words))
        if found:
            return found
    inner = re.search(rf"\b{a}\b(?:\s+[a-z]+){{0,2}}\s*\(([^()]{{3,80}})\)", sentence)
    if inner and re.search(r"[A-Z]", inner.group(1)) and not re.fullmatch(r"[A-Z0-9&]+", inner.group(1).strip()):
        # "the MOTU team (Masters Of The Universe)"; not "LXDE (a lightweight graphical desktop)".
        if long_form(acronym, inner.group(1).strip()) == inner.group(1).strip():
            return inner.group(1).strip()
    stands = re.search(
        rf"\b{a}\b[^.;]{{0,60}}?\b(?:stands?|standing|short)\s+for\s+(?:“([^”]+)”|\"([^\"]+)\"|([A-Z][^,;.()]+))", sentence
    )
    if stands:
        return next(g for g in stands.groups() if g).strip()
    # "(its name is an acronym for Advanced Package Tool)": what the acronym is for, when its
    # letters spell it.
    # Each such phrase of the sentence: "dpkg (... an abbreviation of Debian PacKaGe) and apt
    # (... an acronym for Advanced Package Tool)" names two.
    for named in re.finditer(r"\b(?:acronym|abbreviation)\s+(?:for|of)\s+(?:“([^”]+)”|\"([^\"]+)\"|([A-Z][^,;.()]+))", sentence):
        phrase = next(g for g in named.groups() if g).strip()
        if long_form(acronym, phrase) == phrase:
            return phrase
    if context and re.search(rf"(?<![\w-]){a}(?![\w-])", context):
        for start, end in _names(sentence):
            words = [w for w in sentence[start:end].split() if w[:1].isupper()]
            if len(words) > 1 and "".join(w[0] for w in words) == acronym:
                return sentence[start:end]
    return None


def acronym_expansion(acronym: str, passages: Sequence[Passage]) -> str | None:
    """What ``acronym`` stands for where the retrieved ``passages`` spell it out (the first
    sentence, in retrieval order, that :func:`spelled_out` reads it from), or None."""
    for passage in passages:
        chunk = passage.chunk
        if acronym not in chunk.text:
            continue
        for span in chunk.sentences:
            found = spelled_out(span.text, acronym, chunk.text)
            if found is not None:
                return found
    return None


def _kind_acronym(acronym: str, passages: Sequence[Passage]) -> bool:
    """Do the passages use ``acronym`` as a common noun, for a kind of thing ("a PEP", "PEPs")
    rather than as one thing's name ("the PSF")?"""
    a = re.escape(acronym)
    determiners = "|".join(sorted(SINGULAR_INDEFINITE_DETERMINERS))
    kind = re.compile(rf"(?<![\w-])(?:(?i:{determiners})\s+{a}(?![\w-])|{a}s(?![\w-]))")
    return any(kind.search(p.chunk.text) for p in passages)


def _vector_with_expansions(
    question: str, info: QuestionInfo, passages: Sequence[Passage], vector: np.ndarray, embed: Callable[[str], np.ndarray]
) -> np.ndarray:
    """The question's vector with each acronym it names followed by what the passages spell it
    out as ("What is the PSF?" embedded as "What is the PSF (Python Software Foundation)?"): the
    embedding model knows the words of a name better than its initials. ``vector`` itself when
    no acronym of the question is spelled out."""
    text = question
    for name in info.names:
        if not is_acronym(name) or _kind_acronym(name, passages):
            continue
        expansion = acronym_expansion(name, passages)
        if expansion and expansion.lower() not in text.lower():
            text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", f"{name} ({expansion})", text, count=1)
    if text == question:
        return vector
    mean = np.asarray(vector) + np.asarray(embed(text))
    return mean / float(np.linalg.norm(mean))


def long_form(acronym: str, text: str) -> str | None:
    """The shortest end of ``text`` (words before an acronym's brackets) that spells
    ``acronym``: its letters and digits found in order from the end, the first at the start of a
    word (Schwartz and Hearst, "A simple algorithm for identifying abbreviation definitions in
    biomedical text", PSB 2003); a closing possessive "'s" dropped. None when there is none, or
    when it is the acronym itself."""
    short = len(acronym) - 1
    at = len(text) - 1
    while short >= 0:
        char = acronym[short].lower()
        if not char.isalnum():
            short -= 1
            continue
        while at >= 0 and (text[at].lower() != char or (short == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return None
        at -= 1
        short -= 1
    found = re.sub(r"['’]s$", "", text[text.rfind(" ", 0, at + 1) + 1 :]).strip()
    return found if found and found != acronym and len(found.split()) > 1 else None


def _names(sentence: str) -> list[tuple[int, int]]:
    out = []
    for m in _NAME_SPAN.finditer(sentence):
        a, b = m.start(), m.end()
        words = sentence[a:b].split()
        # A capitalised function word opens the sentence ("The", "In"): not part of the name.
        while words and words[0].lower() in STOPWORDS:
            a += len(words[0]) + 1
            words = words[1:]
        while words and words[-1].lower() in {"and", "of", "the", "for", "&"}:
            b -= len(words[-1]) + 1
            words = words[:-1]
        # "Randal Schwartz of the Perl community": the part after "of" modifies the noun that
        # follows; the name ends before "of".
        joined = re.search(r"\s+(?:of|for)\s+(?:the\s+)?(?=\S)", sentence[a:b])
        if joined and joined.start() > 0 and _modifier(sentence, b):
            if len(sentence[a : a + joined.start()].split()) == 1 and not sentence[:a].strip():
                a += joined.end()  # "Members of the Dock Union": the name is after "of"
            else:
                b = a + joined.start()
            words = sentence[a:b].split()
        # "Unix-compatible", "Python-based": an adjective made from a name.
        while words and re.search(r"-[a-z]+$", words[-1]):
            b -= len(words[-1]) + (1 if len(words) > 1 else 0)
            words = words[:-1]
        if not words:
            continue
        if _DATE_SPAN.fullmatch(sentence[a:b]):
            continue  # "November 1994": a date, capitalised for its month, names no one
        # A quotation opens a sentence of its own: "... reports that “Many, many packages ...".
        opening = not sentence[:a].strip() or sentence[:a].rstrip().endswith(("“", '"', "‘"))
        if len(words) == 1 and opening and not words[0].isupper():
            # One capitalised word opening the sentence ("Finally", "Canonical") is a name
            # only if the sentence capitalises it elsewhere too.
            if not re.search(rf"(?<=\s){re.escape(words[0])}\b", sentence[b:]):
                continue
        out.append((a, b))
    return out


# The subordinators of a clause of time (Quirk et al. 1985, 15.25), and "the moment" used as one.
_TIME_OPENERS = frozenset(["once", "when", "whenever", "after", "before", "until"])
_TIME_CLAUSE = re.compile(rf"\b(?:as soon as|the moment|{'|'.join(sorted(_TIME_OPENERS))})\b", re.IGNORECASE)
_COMPLEMENT_END = re.compile(
    r"[;:.!?](?=\s|$)|[()\u201c\u201d\"]|,\s+(?:which|who|and|but|so|as|while|although|though|because)\b|"
    r"\s(?:which|that|because|while|although|though|but)\s",
    re.IGNORECASE,
)


def _clause_after(sentence: str, start: int, max_words: int, ends: re.Pattern[str] = _CLAUSE_END) -> tuple[int, int]:
    end = ends.search(sentence, start)
    stop = end.start() if end else len(sentence)
    words = list(re.finditer(r"\S+", sentence[start:stop]))
    if len(words) > max_words:
        stop = start + words[max_words - 1].end()
    # Without the space before the end: a span ending on a space before "(" would be widened
    # to the whole token "(often" later.
    return start, start + len(sentence[start:stop].rstrip())


# Nouns that ask for no particular kind of thing ("what two things", "which one"): a name in
# the sentence is no answer to them. The generic words of the lexicon, less the naming nouns.
_UNTYPED = frozenset(noun_lemma(w) or w for w in GENERIC_WORDS) - {
    noun_lemma(w) or w for w in (*NAMING_VERBS, "one", "ones")  # "which one": one of the named things
}


def _modifier(sentence: str, end: int, asked: str = "") -> bool:
    """Is the name ending at ``end`` a modifier of the common noun after it ("the Pakistani
    government", "TTP attacks"), and so not a name standing for itself? A name that modifies
    the asked noun itself ("which regions?": "the Waziristan border regions"; places for
    places) is the answer all the same."""
    match = re.match(r"\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", sentence[end:])
    if not match:
        return False
    word = match.group(1)
    if word in STOPWORDS or word in AUXILIARIES or word.endswith(("ed", "ing")):
        return False
    noun = noun_lemma(word)
    if not noun:
        return False
    if asked:
        following = {noun, noun_lemma(match.group(2) or "")} - {""}
        if asked in following or (asked in PLACE_NOUNS and following & PLACE_NOUNS):
            return False
    return True


def _body_named(sentence: str, span: tuple[int, int], q_stems: set[str]) -> tuple[int, int] | None:
    """The name at ``span`` with the noun naming people or a body that it modifies ("Debian
    LTS team", "Python developers"; WordNet's noun.person and noun.group nouns), when the
    phrase is not made of the question's words; else None."""
    match = re.match(r"\s+([a-z][\w-]*)", sentence[span[1] :])
    if not match or match.group(1) in STOPWORDS:
        return None
    noun = noun_lemma(match.group(1))
    if not noun or noun not in person_nouns() | group_nouns():
        return None
    phrase = (span[0], span[1] + match.end())
    return phrase if _fresh(sentence[phrase[0] : phrase[1]], q_stems) else None


# What joins phrases listed together: a comma (and a coordinator) or a coordinator.
_PEOPLE_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")


def _people_phrases(sentence: str) -> list[tuple[int, int]]:
    """Phrases of ``sentence`` that name people or a body by a common noun (WordNet's
    noun.person and noun.group nouns): "their sponsors", "more experienced users", "FSF
    lawyers", "developers and more experienced users" (listed together: one phrase).
    A singular noun needs a determiner ("the user"); a plural stands alone ("students")."""
    words = list(re.finditer(r"[\w’'-]+", sentence))
    bodies = person_nouns() | group_nouns()
    found: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        low = w.group(0).lower()
        if not w.group(0).islower() or low in STOPWORDS or noun_lemma(low) not in bodies:
            continue
        if i + 1 < len(words) and re.fullmatch(r"\s+", sentence[w.end() : words[i + 1].start()]):
            after = words[i + 1].group(0)
            if (
                after.islower()
                and noun_lemma(after)
                and after not in STOPWORDS
                and after not in AUXILIARIES
                and not after.endswith(("ed", "ing"))
            ):
                continue  # a modifier of the next noun ("user processes")
        start, j = w.start(), i - 1
        plural = noun_lemma(low) != low
        determined = False
        while j >= 0 and i - j <= 4 and re.fullmatch(r"\s+", sentence[words[j].end() : words[j + 1].start()]):
            prev = words[j].group(0)
            lowp = prev.lower()
            if lowp in PHRASE_OPENERS or lowp in NUMBER_WORDS or lowp.isdigit():
                determined = True
            elif not (prev[:1].isupper() and j > 0) and not (lowp.endswith(ADJECTIVE_ENDINGS) and lowp not in STOPWORDS):
                break
            start, j = words[j].start(), j - 1
        if plural or determined:
            found.append((start, w.end()))
    # Phrases listed together ("developers, maintainers, users", "A and B") are one answer.
    joined: list[tuple[int, int]] = []
    for span in found:
        if joined and _PEOPLE_LIST_GAP.fullmatch(sentence[joined[-1][1] : span[0]]):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


# "by" and the words that may stand between it and the agent's name: a determiner or up to two
# modifiers that are neither function words nor gerunds ("organized by local LUGs", not "by
# using Python").
_AGENT_BY = re.compile(r"\bby\s+(?:the\s+)?$")
_AGENT_BY_MODIFIED = re.compile(r"\bby\s+((?:[a-z][\w-]*\s+){1,2})$")


def _agent_by(sentence: str, start: int) -> bool:
    """Does the phrase at ``start`` follow "by" as the agent of a passive ("maintained by
    Paul Boddie", "organized by local LUGs")?"""
    before = sentence[max(0, start - 40) : start]
    if _AGENT_BY.search(before):
        return True
    found = _AGENT_BY_MODIFIED.search(before)
    if found is None:
        return False
    return all(w not in STOPWORDS and not w.endswith("ing") for w in found.group(1).split())


_CREDITED = {
    "author": re.compile(r"\b(?:co-?)?(?:authored|written|penned|wrote)\s+(?:jointly\s+)?by\s+(?:the\s+)?$", re.IGNORECASE),
    "publisher": re.compile(
        r"\b(?:published|produced|conducted|prepared|issued|released|commissioned|study|report|paper|research)\s+by\s+(?:the\s+)?$",
        re.IGNORECASE,
    ),
}


# A noun with the number that names one of its kind, and an open range after it ("versions 2.1
# and newer", "release 6", "chapter 4.2"; Quirk et al. 1985, 17.31 on postmodifying numerals).
_RANGE_END = r"(?:\s+(?:and|or)\s+(?:newer|later|above|higher|up|older|earlier|below|lower))?"


def _kind_phrases(sentence: str, noun: str) -> list[tuple[int, int]]:
    """Noun phrases that name one thing of the asked kind by noun premodifiers before the asked
    noun: "The pickle library module" for "Which module ...?". Each premodifier is a noun or a
    word outside English (a name written in lower case, "gdbm"), not one that picks a thing out
    by its place or sameness ("the next module", "the other module"); the asked noun is the
    phrase's head, not a modifier of a noun after it ("the major version number" is a number;
    a singular noun followed by an "-s" form is that verb's subject: "the module uses").
    Quirk et al. 1985, 17.104-17.108 on noun premodifiers."""
    found: list[tuple[int, int]] = []
    for m in re.finditer(r"\b(?:the|a|an)\s+", sentence, re.IGNORECASE):
        words = list(re.finditer(r"[\w+-]+(?:\.[\w+-]+)*", sentence[m.end() : m.end() + 80]))[:5]
        # The words must run on with single spaces: no punctuation inside the phrase.
        for i, w in enumerate(words[1:4], start=1):
            if sentence[m.end() + words[i - 1].end() : m.end() + w.start()] != " ":
                break
            head = w.group(0).lower()
            if noun_lemma(head) != noun:
                continue
            after = words[i + 1].group(0) if i + 1 < len(words) else ""
            if sentence[m.end() + w.end() : m.end() + w.end() + 1] == " " and after.islower():
                if noun_lemma(after) and not (after.endswith("s") and noun_lemma(head) == head):
                    break  # "the major version number": the asked noun modifies another
            if all(
                (low := x.group(0).lower()) not in STOPWORDS
                and low not in AUXILIARIES
                and low not in RESTRICTIVE_MODIFIERS | COMPARATIVE_REFERENCE
                and (noun_lemma(low) or not is_english(low))
                for x in words[:i]
            ):
                # The determiner belongs to the phrase: "the ar format".
                found.append((m.start(), m.end() + w.end()))
            break
    return found


def _numbered(sentence: str, noun: str) -> list[tuple[int, int]]:
    """The spans of ``noun`` (singular or plural) followed by a number in ``sentence``."""
    if not noun or noun in _UNTYPED:
        return []
    pattern = rf"\b{re.escape(noun)}(?:e?s)?\s+\d+(?:\.\d+)*\b{_RANGE_END}"
    return [m.span() for m in re.finditer(pattern, sentence, re.IGNORECASE)]


# The markers of particularizing apposition (Quirk et al. 1985, 17.72-17.74: "namely",
# "specifically", "in particular", "that is", "i.e."), between two names: the second names the
# first more precisely. A word of the first name's own noun phrase ("method") may come between.
_PARTICULAR = re.compile(
    r"(?:\s+[a-z][\w-]*)?\s*[(,]?\s*(?:more\s+specifically|specifically|namely|in\s+particular|that\s+is|i\.e\.)"
    r",?\s+(?:the\s+|an?\s+)?",
    re.IGNORECASE,
)


# A path from the root or the home folder ("/var/cache/pbuilder/hooks", "~/.config"), or of
# three parts or more ("debian/source/format"): two parts may be alternatives ("GNU/Linux").
_FILE_PATH = re.compile(r"(?<![\w/~])(?:[/~][\w.-]*(?:/[\w.-]+)+|[\w.-]+/[\w.-]+(?:/[\w.-]+)+)/?(?<![.])")


# "What does X say ...?", "What did the first version say?": a what-question whose verb is one
# of saying (``SAYING_VERBS``).
_SAYING = "|".join(sorted(SAYING_VERBS))
_ASKS_SAYING = re.compile(
    rf"^\W*(?:(?:and|so)\W+)*what\s+(?:do|does|did)\s+(?:[\w'’.-]+\s+){{1,6}}?(?:{_SAYING})\b",
    re.IGNORECASE,
)
# Direct speech: words in typographic or plain double quotes, of three words or more, after a
# verb of saying or a colon that introduces them ("said “...”", "a motto: “...”"; a title after
# "titled" is no saying).
_QUOTATION = re.compile(
    rf"(?:\b(?:{_SAYING})|:)\s*"
    r"[\u201c\"]([^\u201c\u201d\"]+?\s[^\u201c\u201d\"]+?\s[^\u201c\u201d\"]+?)[\u201d\"]",
    re.IGNORECASE,
)


def _quotation_said(info: QuestionInfo, sentence: str) -> str | None:
    """The quotation ``sentence`` gives, for a question asking what someone says, or None."""
    if not _ASKS_SAYING.match(normalize(info.text)):
        return None
    m = _QUOTATION.search(sentence)
    return m.group(1).strip() if m and _fresh(m.group(1), _lower_set(info.text)) else None


def _names_another_kind(name: str, noun: str) -> bool:
    """Does ``name`` use the asked ``noun`` to modify another word ("Release Schedule" names a
    schedule, not a release), unlike "Harbour Statistics Department" or "Release 5"?"""
    if not noun:
        return False
    words = name.split()
    return any(
        noun_lemma(w) == noun and words[i + 1][:1].isalpha() for i, w in enumerate(words[:-1])
    ) and noun_lemma(words[-1]) != noun


# A role named before a relative "who" ("“project secretary”, who is in charge of ...", "the
# release manager, who decides ..."): a term in quotes, or a noun phrase whose head is a noun for
# a person (WordNet noun.person).
# A term in quotes: "the “non-free” section".
_QUOTED_TERM = re.compile(r"[\u201c\"]([^\u201c\u201d\"]{2,40})[\u201d\"]")
_ROLE_WHO = re.compile(rf"(?:{_QUOTED_TERM.pattern}|\bthe\s+((?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*)),?\s+who\s")


def _role_of(sentence: str, anchors: Sequence[int]) -> tuple[int, int] | None:
    """The span of a role ``sentence`` names before a relative "who" whose clause says one of
    the question's words (``anchors``: their offsets), or None."""
    for m in _ROLE_WHO.finditer(sentence):
        group = 1 if m.group(1) else 2
        if group == 2 and m.group(2).split()[-1] not in person_nouns():
            continue
        a, b = _clause_after(sentence, m.end(), 14)
        if any(a <= at < b for at in anchors):
            return m.span(group)
    return None


def _names_body(noun: str) -> bool:
    """Does ``noun`` (a lemma) name a body of people, not a person ("company", "university":
    ``lexicon.group_nouns``; "organization": ``lexicon.BODY_NOUNS``)?"""
    return bool(noun) and (noun in group_nouns() or noun in BODY_NOUNS)


def _never_a_person(noun: str) -> bool:
    """Is ``noun`` a common noun (WordNet) that names no person ("port", "desktop"), unlike
    "leader" or "founder" (:func:`assistant.lexicon.person_nouns`), a word WordNet does not know,
    or one that names no kind at all ("one", "thing": ``_UNTYPED``)?"""
    return noun in common_nouns() and noun not in person_nouns() and noun not in _UNTYPED | PRO_FORM_NOUNS


def _fuller_form(name: str, asked: Sequence[str]) -> bool:
    """Is ``name`` a fuller form of a name the question gives? A person's name sharing a word
    with it ("Guido van Rossum" for "Guido", "Nora Al Habsi" for "Al Habsi"), or any name
    ending with it ("Stable Release Managers" for "Release Manager"). A name that only begins
    with one names something else ("Balochistan Liberation Army" for "Balochistan"), and so
    does one with a number ("PEP 572" for "PEP")."""
    words = [noun_lemma(w) or w.lower() for w in name.split()]
    person = is_person_name(name)
    for given in asked:
        tail = [noun_lemma(w) or w.lower() for w in given.split()]
        if not tail:
            continue
        if words[-len(tail) :] == tail:
            return True
        rest = [w for w in name.split() if (noun_lemma(w) or w.lower()) not in tail]
        # A person's given name with the rest of the name, none of it a common noun
        # ("Guido van Rossum"; not "Balochistan Liberation Army"). Every word of the given name
        # is in it: "Ian Jackson" only shares a first name with "Ian Murdock".
        if person and set(tail) <= set(words) and not any(noun_lemma(w) for w in rest if len(w) > 3):
            return True
    return False


def _spells_out(sentence: str, end: int, names: Sequence[str]) -> bool:
    """Is the name ending at ``end`` spelled out for an acronym the question gives ("... (GPL)")?"""
    match = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", sentence[end:])
    return bool(match and match.group(1) in names)


def _clause_of(spans: Sequence[tuple[int, int]], at: int) -> int:
    for i, (a, b) in enumerate(spans):
        if a <= at < b:
            return i
    return min(range(len(spans)), key=lambda i: abs(spans[i][0] - at)) if spans else -1


# What stands between two names of one list: a comma or "and" (or both, or "&"), after an
# optional bracketed gloss of the name before.
_NAME_LIST_GAP = re.compile(r"(?:\s*\([^()]{1,40}\))?\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")


def _anchors_in_clause(clauses: Sequence[tuple[int, int]], span: tuple[int, int], anchors: Sequence[int]) -> int:
    """How many of the question's words (``anchors``) are in the clause (of ``clauses``, a
    sentence's :func:`clause_spans`) that ``span`` starts in."""
    if len(clauses) <= 1:
        return len(anchors)
    own = _clause_of(clauses, span[0])
    return sum(1 for a in anchors if _clause_of(clauses, a) == own)


def _in_question_clause(sentence: str, span: tuple[int, int], anchors: Sequence[int]) -> bool:
    """Is ``span`` in a clause of ``sentence`` that holds one of the question's words (or in the
    clause next to it)? A phrase elsewhere in the sentence fills some other gap."""
    if not anchors:
        return True
    spans = clause_spans(sentence)
    if len(spans) <= 1:
        return True
    own = {_clause_of(spans, span[0]), _clause_of(spans, max(span[0], span[1] - 1))}
    near = {_clause_of(spans, a) for a in anchors}
    return any(abs(i - j) <= PHRASE_CLAUSE_REACH for i in own for j in near)


# How many clauses away from the question's own words an answer phrase may lie (0: the same
# clause). Chosen on the development corpora's fit split with ``scripts/eval_forms.py --rows``
# (phrases given to 32 answered factoids, and how many hold a key fact; pyfaq + handbook):
# reach 0: 20, 17 right; 1: 23, 20; 2: 24, 21; unlimited: 24, 20.
PHRASE_CLAUSE_REACH = 2


def _place_head_ok(phrase: str) -> bool:
    """Does the noun phrase after a place preposition name a place: a name, a path or address,
    or a place noun as its head ("in the border regions"), not another noun ("in TTP attacks")?"""
    words = re.findall(r"[^\s,;:()]+", phrase)[1:]
    # The noun phrases of the phrase, one after each preposition ("in the ABC group at CWI":
    # "ABC group", "CWI"); one naming a place is enough.
    phrases: list[list[str]] = [[]]
    for w in words:
        low = w.lower().strip(".")
        if low in PLACE_PREPOSITIONS or low in ("of", "for", "with", "to", "by"):
            phrases.append([])
        elif low not in STOPWORDS:
            phrases[-1].append(w.strip("."))
    places = PLACE_NOUNS | frozenset(LOCATION_NOUNS)
    for np in phrases:
        if not np:
            continue
        head = np[-1]
        if head[:1].isupper() or any(c in w for w in np for c in "/._"):
            return True  # a name, a path, a file or an identifier
        lemma = noun_lemma(head) or head.lower()
        # A compound ending in a place noun ("subdirectory", "borderland") is a place too.
        if any(lemma == p or (lemma.endswith(p) and len(p) >= 4) for p in places):
            return True
    return False


# A decade dates an event in a time adverbial ("in the 1970s", "during the late 1980s"), as the
# question reader's date test has it; after a noun ("a comedy series from the 1970s") it
# describes the thing.
_DECADE_ADVERBIAL = re.compile(TIME_ADVERBIAL + "$", re.IGNORECASE)


def _describing_decade(sentence: str, match: re.Match[str]) -> bool:
    """Is ``match`` a decade ("1970s") outside a time adverbial?"""
    if not match.group(0).lower().endswith("s"):
        return False
    return not _DECADE_ADVERBIAL.search(sentence[max(0, match.start() - 30) : match.start()])


def answer_phrase(info: QuestionInfo, sentence: str, context: str = "") -> str | None:
    """The part of ``sentence`` that answers a who / when / where / how many / which / what-is
    question: a verbatim span (or, for coordinated names, verbatim names joined by "and"), or
    None when the sentence holds no such span beyond the question's own words.

    A phrase must fill the question's gap: of the asked kind (a date, a number counting the
    asked noun, a place, a name that stands for itself rather than modifying a noun), in the
    clause of the sentence that holds the question's words (or the next one), and not made of
    the question's own words. When nothing qualifies the answer leads with the sentence.
    ``context`` (the text of the passages cited) may say what the sentence's names stand for."""
    question_low = normalize(info.text).lower()
    q_stems = _lower_set(info.text)
    acronym = info.acronym or _defined_acronym(info.text)
    if acronym and (spelled := spelled_out(sentence, acronym, context)) is not None:
        # "What does TTP stand for?", "What's an SRM?": the name the acronym is short for.
        return spelled
    if (quoted := _quotation_said(info, sentence)) is not None:
        # "What does X say about Y?": the words the sentence quotes ("a motto: “Security is a
        # process, not a product”").
        return quoted
    if (given := _given_name(info, sentence)) is not None:
        # "What was the resolution called?", "What distribution ...?": the name the sentence
        # gives it ("a General Resolution titled init system coupling").
        return given
    identified = _identified_name(info)
    if identified is not None:
        # "Who is X?" asks what X is: another name is no answer; X's appositive is.
        return _appositive(sentence, identified, q_stems)
    person = _role_asked(info)
    if person is not None and (described := _appositive(sentence, person, q_stems)) is not None:
        # "What is X's role?", "What does X do?": what the sentence says X is, in apposition
        # ("Stefano Zacchiroli, a former project leader, ...").
        return described
    if (listing := counted_list(info.text, sentence)) is not None:
        # "What two internal projects ...?": the two the sentence lists after "two internal
        # projects".
        phrase = sentence[listing[0] : _with_abbreviation_stop(sentence, listing[1])].strip(" ,;:")
        if _fresh(phrase, q_stems) and _balanced(phrase):
            return phrase
    anchors = _anchors(sentence, info)
    spans: list[tuple[int, int]] = []
    wh = info.wh
    which_noun = _WHICH_NOUN.match(info.text) is not None
    if info.answer_type == "date" or wh == "when":
        spans = [
            m.span()
            for m in _DATE_SPAN.finditer(sentence)
            if m.group(0).lower() not in question_low and not _describing_decade(sentence, m)
        ]
        if not spans and info.answer_type != "date":
            # "When does X get involved?", "At what point should I ...?" ask under what
            # condition: a clause of time answers ("once you are satisfied with ...", "the moment
            # your package gets accepted ...").
            for m in _TIME_CLAUSE.finditer(sentence):
                a, b = _clause_after(sentence, m.end(), 14)
                if b > a and _fresh(sentence[a:b], q_stems):
                    spans.append((m.start(), b))
    elif re.search(r"\bhow\s+often\b", question_low) and not which_noun:  # not "Which function sets how often ...?"
        spans = [m.span() for m in _FREQUENCY.finditer(sentence) if m.group(0).lower() not in question_low]
    elif info.answer_type in ("number", "duration") or wh in ("how many", "how long"):
        counted = asked_noun(info.text) if wh == "how many" else ""
        for m in _NUMBER_SPAN.finditer(sentence):
            if m.group(0).lower() in question_low:
                continue
            if re.fullmatch(_YEAR, m.group(0)) and info.head not in ("year", "date"):
                continue  # a year dates something; it does not count it
            a, b = m.span()
            # The counted noun: up to three following words, as far as the asked noun; when
            # the question names what it counts, a number counting something else is no answer.
            tail = list(re.finditer(r"[\w’'-]+", sentence[b : b + 60]))[:3]
            # The counted noun is in the number's own phrase: not past a bracket or a clause's
            # punctuation ("the last (two) years": "two" counts nothing by itself).
            tail = [w for w in tail if not re.search(r"[()\[\];:,.!?]", sentence[b : b + w.start()])]
            for i, w in enumerate(tail):
                low = w.group(0).lower()
                if (info.head and stem(low) == info.head) or (counted and noun_lemma(low) == counted):
                    b = b + tail[i].end()
                    # A rate belongs to the count: "five postings per day", "two releases a year".
                    rate = _RATE.match(sentence, b)
                    if rate:
                        b = rate.end()
                    break
            else:
                if (info.head or counted) and info.wh == "how many":
                    continue
                if tail and tail[0].start() <= 1 and tail[0].group(0).lower() not in STOPWORDS:
                    b = b + tail[0].end()
            spans.append((a, b))
    elif wh == "where" or info.answer_type == "place":
        for m in _PLACE_START.finditer(sentence):
            a, b = _clause_after(sentence, m.start(), 9)
            b = _with_apposed_names(sentence, b, q_stems)
            phrase = sentence[a:b]
            # "in August 1993 by Ian Murdock": a preposition of time, not of place.
            dated = _DATE_SPAN.match(sentence, m.end())
            if _place_head_ok(phrase) and _fresh(phrase, q_stems) and not dated:
                if spans and re.fullmatch(r",\s*", sentence[spans[-1][1] : a]):
                    # In apposition, a second place phrase narrows the first ("from python.org,
                    # at https://www.python.org/downloads/"): the narrower one answers.
                    spans[-1] = (a, b)
                else:
                    spans.append((a, b))
        if not spans:
            # A path names a place in a file system wherever it stands ("e.g.
            # /var/cache/pbuilder/hooks, writable by the user").
            spans = [m.span() for m in _FILE_PATH.finditer(sentence) if _fresh(m.group(0), q_stems)]
    elif info.answer_type == "person" or wh == "who" or which_noun:
        asked = asked_noun(info.text) if which_noun else ""
        noun = asked if wh != "who" else ""  # "which N": the kind of thing that answers
        listed = _listed_after(sentence, noun) if noun else None
        if listed is not None:
            # "What consequences ...?": "consequences of X, including A, B and C" lists them.
            phrase = sentence[listed[0] : _with_abbreviation_stop(sentence, listed[1])].strip(" ,;:")
            # A list inside brackets runs to their close: "(including most of the Core series)"
            # is a gloss on one item, not the list asked for.
            return phrase if _fresh(phrase, q_stems) and _balanced(phrase) else None
        if which_noun and wh != "who" and info.answer_type != "person" and noun in _UNTYPED | {""}:
            return None  # "what two things ...": no kind of name is asked for
        named = _names(sentence)
        if which_noun and wh != "who":
            # "Which function ...?": a code name ("shutil.copy2()", "__main__") names a thing too.
            named = sorted({*named, *(m.span() for m in _CODE_NAME.finditer(sentence))})
            # "Which versions ...?": the asked noun with its number names one ("versions 2.1
            # and newer", "release 6").
            named = sorted({*named, *_numbered(sentence, noun)})
        # "Which port ...?": a thing no person can be is never answered by people's names, nor
        # is a body ("Which organization sponsored Debian?": not "Richard Stallman", who started it).
        body_asked = which_noun and _names_body(asked_noun(info.text))
        no_people = (bool(noun) and info.answer_type != "person" and _never_a_person(noun)) or body_asked
        person_asked = (wh == "who" or info.answer_type == "person") and not body_asked
        def standing(s: tuple[int, int]) -> bool:
            """A name that may answer, by what it is, as the sentence uses it, before what
            may follow it."""
            name = sentence[s[0] : s[1]]
            return (
                name.lower() not in question_low
                and not (no_people and all(is_person_name(n) for n in split_names(name)))
                and not _names_another_kind(name, asked)
                and _fresh(name, q_stems)
                and not _set_aside(sentence, s[0])
                # A longer form of a name the question gives ("Nora Al Habsi" for "Al Habsi") is
                # who the question is about, not its answer.
                and not _fuller_form(name, info.names)
                # "Python's syntax": a possessive determines a noun; it does not name the answer.
                and not re.search(r"['’]s?$", name)
                # "Whom was Debconf0 meant to bring together?": "took place in Bordeaux, France"
                # says where, not who.
                and not (person_asked and _after_position_preposition(sentence, s[0]))
                # "the GNU General Public License (GPL)" when the question says "GPL": its own thing.
                and not _spells_out(sentence, s[1], info.names)
            )

        found = [s for s in named if standing(s) and not _modifier(sentence, s[1], asked)]
        if wh == "who" and not info.creator:
            # "Who handles ...?": a name that modifies a noun naming people or a body ("the
            # Debian LTS team", "a Debian developer") answers with that noun.
            bodies = [
                body for s in named if standing(s) and (body := _body_named(sentence, s, q_stems)) is not None
            ]
            found = sorted({*found, *bodies})
            # Or a common noun for people or a body does, in a sentence that says the question's
            # words ("developers and more experienced users may blaze the trail, testing ...").
            people = [
                x
                for x in _people_phrases(sentence)
                if anchors and _fresh(sentence[x[0] : x[1]], q_stems) and not _set_aside(sentence, x[0])
            ]
            found = sorted({*found, *people})

        if not found and which_noun and wh != "who" and noun and info.answer_type != "person":
            # No name answers "Which module ...?": the asked noun with the words that tell which
            # one it is does ("the pickle library module").
            found = [
                s
                for s in _kind_phrases(sentence, noun)
                if _fresh(sentence[s[0] : s[1]], q_stems) and not _set_aside(sentence, s[0])
            ]

        def unnamed(s: tuple[int, int]) -> bool:
            """Not made with the asked noun ("What department ...": "... Department" first)."""
            return not (noun and any(noun_lemma(w) == noun for w in sentence[s[0] : s[1]].split()))

        # An agent after "by" answers "who did it" before any other name.
        by = [s for s in found if _agent_by(sentence, s[0])]
        if info.creator:
            # Who made the document: the name its credit gives ("authored by X") first.
            credit = _CREDITED[info.creator]
            by.sort(key=lambda s: not credit.search(sentence[max(0, s[0] - 40) : s[0]]))
        spans = by + [s for s in found if s not in by]
        spans = [s for s in spans if _in_question_clause(sentence, s, anchors)]
        if len(spans) > 1 and not by:
            # "Which Java package ...?": the name the asked noun follows ("the java.util.zip
            # package") says which one, before a name that merely stands nearer the question's
            # words ("the Java SDK").
            spans.sort(key=lambda s: (unnamed(s), _noun_after(sentence, s[1], noun) is None, _near(s, anchors)))
        if wh == "who" and not info.creator and not body_asked:
            # "Who ...?" asks for a person first, as subject or object ("Who did X appoint?"): a
            # person's name before an organisation's.
            # People listed together ("A and B") are people too.
            spans.sort(key=lambda s: not all(is_person_name(n) for n in split_names(sentence[s[0] : s[1]])))
            if not spans and (role := _role_of(sentence, anchors)) is not None:
                # "Who organises the votes?": "the position of “project secretary”, who is in
                # charge of the organization of votes" names a role, not a person.
                spans = [role]
        if spans:
            first = spans[0]
            # A particularizing appositive narrows the name before it ("the Condorcet method
            # (more specifically, the Schulze method)"): the narrower one answers.
            narrower = next((o for o in found if o[0] > first[1] and _PARTICULAR.fullmatch(sentence[first[1] : o[0]])), None)
            if narrower is not None:
                first = spans[0] = narrower
            # Names listed together ("Linux and macOS", "A, B and C") answer together.
            group = [first]
            for other in sorted(found, key=lambda s: s[0]):
                if unnamed(other) != unnamed(first):
                    continue  # "the X Department, and Jane Roe": not one list
                # Each name may carry a bracketed gloss: "A (Vice President), B (Secretary) and C".
                if other[0] >= group[-1][1] and _NAME_LIST_GAP.fullmatch(sentence[group[-1][1] : other[0]]):
                    group.append(other)
            if len(group) > 1:
                a, b = _whole_tokens(sentence, group[0][0], group[-1][1])
                return sentence[a : _with_abbreviation_stop(sentence, b)]
            if noun:
                # A name modifying the asked noun comes with it: "the Schulze method".
                if (after := _noun_after(sentence, first[1], noun)) is not None:
                    spans[0] = (first[0], after.end())
    elif _DEFINITION.match(info.text):
        subject = _DEFINITION.sub("", normalize(info.text)).rstrip(" ?.!").lower()
        for m in _COPULA.finditer(sentence):
            before = normalize(sentence[: m.start()]).lower()
            if subject and re.search(rf"(?<!\w){re.escape(subject.split()[-1])}(?!\w)", before):
                a, b = _clause_after(sentence, m.end(), 14, _COMPLEMENT_END)
                # A complement is a phrase that reads as the answer ("a radical rethinking of
                # ..."), not one word ("was introduced").
                if reads_as_answer(sentence[a:b], info, min_words=LEAD.min_words, following=sentence[b:]):
                    spans.append((a, b))
                break
    spans = [s for s in spans if _in_question_clause(sentence, s, anchors) and not _set_aside(sentence, s[0])]
    if not spans:
        return None
    if wh != "who" and info.answer_type != "person" and anchors:
        # The phrase in the clause that says most of the question's words first ("..., Stormix
        # declared bankruptcy on January 17th 2001, and Progeny ceased development of its
        # distribution on October 1st, 2001" for Progeny), then the nearest to one of them.
        clauses = clause_spans(sentence)
        # A follow-up's own words ("And for non-LTS ones?") pick among parallel phrases first.
        contrast = _anchors(sentence, replace(info, focus=info.contrast, head="")) if info.contrast else []
        spans.sort(key=lambda s: (-_anchors_in_clause(clauses, s, anchors), _near(s, contrast), _near(s, anchors)))
    a, b = _without_dangling_end(sentence, *_whole_tokens(sentence, *spans[0]))
    phrase = sentence[a : _with_abbreviation_stop(sentence, b)].strip(" ,;:")
    if (
        not phrase
        or len(phrase) >= len(sentence.strip()) - 3
        or not reads_as_answer(phrase, info, following=sentence[b:])
    ):
        return None
    return phrase


# What may stand between a token and the space around it: brackets, quotes, clause punctuation.
_TOKEN_OPENERS = "([{\u201c\u2018\"'<"
_TOKEN_CLOSERS = ")]}\u201d\u2019\"'>,;:!?"


def _whole_tokens(sentence: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` widened to whole space-delimited tokens: a name found inside an e-mail
    address, a URL or a path ("lists.debian.org" in "debian-mentors@lists.debian.org") is
    that token, not a piece of it. Brackets, quotes and clause punctuation around the token
    stay outside; so does a full stop that ends the sentence."""
    start = a
    while a > 0 and not sentence[a - 1].isspace() and (sentence[a - 1] not in _TOKEN_OPENERS or _closed_before(sentence, a - 1, start)):
        a -= 1
    while b < len(sentence) and not sentence[b].isspace():
        rest = sentence[b:]
        if rest[0] in _TOKEN_CLOSERS or (rest[0] == "." and (len(rest) == 1 or rest[1].isspace())):
            break
        b += 1
    return a, b


# Each opening bracket or quote of _TOKEN_OPENERS with its closing one.
_CLOSER_OF = {"(": ")", "[": "]", "{": "}", "<": ">", "\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "'": "'"}


def _closed_before(sentence: str, at: int, a: int) -> bool:
    """Is the bracket opening at ``at`` closed again before ``a``, within one token? Then it is
    part of the token ("${prefix}/man/man1"), not around it ("(GPL)")."""
    closer = _CLOSER_OF.get(sentence[at])
    return closer is not None and closer in sentence[at + 1 : a]


def _without_dangling_end(sentence: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` less the words at its end that need what follows ("in a __pycache__
    subdirectory of the directory containing the" -> "... containing"): a phrase cut at a
    word limit ends where it reads as one."""
    while True:
        words = list(_LEAD_WORD.finditer(sentence, a, b))
        if len(words) < 2:
            return a, b
        last = words[-1].group(0).lower()
        # A preposition whose object the sentence goes on with was cut from it ("border regions
        # with | Afghanistan"); one the clause ends on is stranded or a particle ("it runs on.").
        cut_preposition = last in PREPOSITIONS and re.match(r"\s+[^\W_]", sentence[b:]) is not None
        if last not in _DANGLING_ENDS and not cut_preposition:
            return a, b
        b = words[-2].end()


def _with_abbreviation_stop(sentence: str, end: int) -> int:
    """``end``, or one further when the phrase ends with an abbreviation whose full stop
    follows ("Lucasfilm Ltd.", "Martin Luther King Jr."): the stop is part of the word."""
    if sentence[end : end + 1] != ".":
        return end
    last = sentence[:end].split()[-1] if sentence[:end].split() else ""
    return end + 1 if last.lower() in NAME_FINAL_ABBREVIATIONS else end


# -- the lead: the part of the best sentence that answers --------------------------------

# A fragment leans on a clause outside it when it opens with a coordinator, a relative word, a
# subordinator or an auxiliary ("which ...", "and ...", "if ...", "is the main reason ..."), or
# ends with a word that needs what follows (a determiner, a coordinator, a subordinator, an
# auxiliary; a preposition whose relative word is cut off: "... the widget to | which ...";
# a stranded one ends a clause: "the computer it runs on").
# A causal subordinator opening the answer to a why-question is the answer ("because ...").
_DANGLING_OPENERS = COORDINATORS | RELATIVE_WORDS | SUBORDINATORS | AUXILIARIES
# "yet" and "so" end a clause as adverbs ("not yet", "I think so").
_DANGLING_ENDS = DETERMINERS | (COORDINATORS - {"yet", "so"}) | RELATIVE_WORDS | SUBORDINATORS | AUXILIARIES
_REASON_OPENERS = frozenset(["because", "since", "as"])
_LEAD_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_PAIRS = (("(", ")"), ("[", "]"), ("\u201c", "\u201d"))


def _balanced(text: str) -> bool:
    """Are the brackets and quotation marks of ``text`` closed where they open (each closing one
    after its opening one: "str) or isinstance(obj" is not)?"""
    for a, b in _PAIRS:
        depth = 0
        for ch in text:
            depth += (ch == a) - (ch == b)
            if depth < 0:
                return False
        if depth:
            return False
    return text.count('"') % 2 == 0


def reads_as_answer(fragment: str, info: QuestionInfo | None = None, *, min_words: int = 1, following: str = "") -> bool:
    """Does ``fragment`` (a span of a sentence) read as an answer on its own: whole words, at
    least ``min_words`` of them and a content word among them, brackets and quotes closed, and
    neither opening with a word that ties it to a clause outside it ("which", "that", "and",
    "if"; "because" answers a why-question) nor ending with one that needs what follows ("the",
    "and", "is"; a preposition when ``following``, the text after the fragment, opens with a
    relative word: "to | which")?"""
    words = [w.lower() for w in _LEAD_WORD.findall(fragment)]
    if len(words) < min_words or not any(w not in STOPWORDS for w in words):
        return False
    openers = _DANGLING_OPENERS - (_REASON_OPENERS if info is not None and info.answer_type == "reason" else frozenset())
    if info is not None and info.wh == "when":
        openers = openers - _TIME_OPENERS  # "once you are satisfied ..." answers "at what point?"
    if words[0] in openers or words[-1] in _DANGLING_ENDS:
        return False
    after = _LEAD_WORD.match(following.lstrip())
    if words[-1] in PREPOSITIONS and after and after.group(0).lower() in RELATIVE_WORDS:
        return False
    return _balanced(fragment)


# Closing punctuation a clause span (cut at alphanumerics) leaves out: the lead takes it along
# when that closes a bracket or quote the span opens ("... as “contextlib.closing(generator)”").
_CLOSERS = ")]\u201d\u2019\"'"
# A dash between spaces parts clauses too ("... to remedy my complaints – in fact ...").
_DASH = re.compile(r"\s[-\u2013\u2014]\s")
# A full stop the sentence splitter left inside ("Software in the Public Interest, Inc..
# Originally intended ...") ends a sentence: no lead runs across it.
_STOP = re.compile(r"(?<=\.)\.\s+(?=[A-Z])|(?<=[a-z0-9)])[.!?]\s+(?=[A-Z][a-z])")


def _lead_clauses(sentence: str) -> list[tuple[int, int, int]]:
    """The clauses of ``sentence`` (:func:`clause_spans`, also parted at dashes and stray full
    stops), each with the number of the sentence part it is in."""
    breaks = sorted(
        [(m.start(), m.end(), False) for m in _DASH.finditer(sentence)]
        + [(m.start(), m.end(), True) for m in _STOP.finditer(sentence)]
    )
    out: list[tuple[int, int, int]] = []
    part = 0
    for a, b in clause_spans(sentence):
        cursor = a
        for start, end, stop in breaks:
            if a <= start and end <= b and start >= cursor:
                if start > cursor:
                    out.append((cursor, start, part))
                cursor = end
                part += stop
        if b > cursor:
            out.append((cursor, b, part))
    return out


def _word_edges(sentence: str, a: int, b: int) -> bool:
    """Does ``sentence[a:b]`` start and end at word boundaries (not inside "https://..." or
    "python.org")?"""
    before = sentence[a - 1] if a > 0 else " "
    after = sentence[b : b + 2]
    return (before.isspace() or before in "([\u201c\u2018\"'") and (
        not after or after[0].isspace() or (after[0] in ",;:.!?)]\u201d\u2019\"'" and (len(after) < 2 or after[1].isspace()))
    )


# "<verb> that <clause>": the verb is read by lemma against the factive verbs.
_THAT_CLAUSE = re.compile(r"\b([^\W\d_]+)\s+that\s+(?=\w)", re.IGNORECASE)
# The most words before the factive verb in its clause ("It should be noted that ...": 3).
# Swept on every set (3 Dec 2026): 2, 3 and 6 give the same answers on every development split
# (2 drops the lead of two study-set answers, "The study also notes that ..."), so the value is
# the grammar's: a subject and an auxiliary or two before the verb.
FACTIVE_FRAME_WORDS = 3


def _factive_clause(sentence: str, start: int, end: int) -> int | None:
    """Where the that-clause of a factive verb opening the clause ``sentence[start:end]``
    begins (:data:`assistant.lexicon.FACTIVE_VERBS`: "Note that ...", "It should be
    remembered that ..."), or None."""
    m = _THAT_CLAUSE.search(sentence, start, end)
    verb = m.group(1).lower() if m else ""
    # A participle's that-clause ends inside the clause ("knowing that a string is immutable
    # means ..."): the window would run on into the main verb.
    if m is None or verb.endswith("ing") or len(sentence[start : m.start()].split()) > FACTIVE_FRAME_WORDS:
        return None
    return m.end() if lemmas(verb) & FACTIVE_VERBS else None


def lead_windows(sentence: str) -> list[tuple[int, int]]:
    """The spans a lead may take from ``sentence``: each run of consecutive clauses
    (:func:`clause_spans`, and dashes) short of the whole sentence, extended over a call's empty
    brackets and the closing brackets and quotes that balance it, starting and ending at word
    boundaries."""
    spans = _lead_clauses(sentence)
    whole = len(sentence.strip(" .!?;:"))
    out: dict[tuple[int, int], None] = {}
    for i in range(len(spans)):
        start, _end, part = spans[i]
        opener = re.match(r"([^\W_]+),?\s+", sentence[start:])
        # A clause opening with a connective the sentence asserts ("although there was no
        # support ...", "and ..."): the lead may start after it.
        starts = [start] + ([start + opener.end()] if opener and opener.group(1).lower() in ASSERTED_CONNECTIVES else [])
        # A factive verb's that-clause near the clause's start ("Remember that arguments are
        # passed by assignment"): the frame presupposes it, so the lead may start at it.
        factive = _factive_clause(sentence, start, spans[i][1])
        if factive is not None:
            starts.append(factive)
        for j, a in ((j, a) for j in range(i, len(spans)) if spans[j][2] == part for a in starts):
            b = spans[j][1]
            if sentence.startswith("()", b):
                b += 2  # a call's empty brackets belong to its name: "sys.setswitchinterval()"
            while b < len(sentence) and sentence[b] in _CLOSERS and not _balanced(sentence[a:b]):
                b += 1
            if b - a < whole and _word_edges(sentence, a, b):
                out[(a, b)] = None
    return list(out)


def _cut_parenthetical(sentence: str, a: int, b: int) -> bool:
    """Does the window ``sentence[a:b]`` end with a short parenthetical clause that the rest of
    the sentence completes ("... a large standard library and, most importantly" | ", using
    Python ...")? Its last clause, after a comma, is at most two words and the sentence goes on."""
    if not sentence[b:].strip(" .!?;:\u201d\u2019\")]"):
        return False
    clauses = [(x, y) for x, y, _part in _lead_clauses(sentence) if a <= x and y <= b]
    if len(clauses) < 2 or sentence[clauses[-2][1] : clauses[-1][0]].strip() != ",":
        return False
    return len(_LEAD_WORD.findall(sentence[clauses[-1][0] : clauses[-1][1]])) <= 2


def _lead_stems(text: str) -> set[str]:
    return {lemma_stem(t) for t in tokens(text) if t not in STOPWORDS}


def _holds_answer(text: str, info: QuestionInfo) -> bool:
    """Does ``text`` hold an answer of the asked kind: a cause for a why-question, a date, a
    number, a name or a place (beyond the question's own words) for the others?"""
    if info.answer_type == "reason":
        return reason_cue(text)
    if info.answer_type == "any":
        return False
    return has_answer_type(text, info)


@dataclass(frozen=True, kw_only=True, slots=True)
class LeadParams:
    """How an answer without an answer phrase leads (:func:`lead_clause`)."""

    min_words: int = 3  # the fewest words a lead has
    max_chars: int = 140  # the longest lead
    max_share: float = 0.8  # the longest lead as a share of its sentence (a lead shortens it)
    fresh_words: int = 3  # new words (not the question's) that count fully
    fresh_weight: float = 1.0  # the weight of the share of ``fresh_words`` said
    coverage_weight: float = 1.0  # the weight of the share of the question's topic words held
    novelty_weight: float = 2.0  # the weight of the share of the lead's own words that are new
    # Take the lead from whichever cited sentence has the best window (the likeliest sentence
    # on a tie), not only from the likeliest sentence.
    any_citation: bool = False
    # A question asking for a kind of answer (a cause, a date, a name, ...) is led only by a
    # window holding one.
    typed_only: bool = False
    # When the answer opens with a sentence that ends within ``when_past`` (not the likeliest
    # one), that sentence competes with the windows, scored as they are: no lead when it
    # answers as well.
    first_competes: bool = False
    # A lead must say something the question does not (an answer to a yes/no question may
    # restate its claim: "we didn't start off with a plan").
    require_new: bool = True
    # A likeliest sentence that ends within this many characters of the answer's start needs
    # no lead.
    when_past: int = 120
    # The least share of the question's topic words a lead holds (0: none needed; a lead that
    # holds none may answer with words of its own, "an interpreted ... language").
    min_coverage: float = 0.0
    # The fewest of the question's topic words a lead holds, however many the question has: a
    # clause that shares no word with the question is as likely to answer another one
    # ("authored by ..." for "What will happen if ...?").
    min_topic_words: int = 0


# Fitted by scripts/fit_lead.py on the development fit splits (see there): phrase first less
# the answers led by a phrase that states no key fact (5 Dec 2026; before, phrase first alone,
# under which a misleading lead cost nothing as long as the sentence after it held the fact;
# ``min_topic_words`` since the evening of 5 Dec 2026, README "Changes of 5 Dec 2026, evening").
# ``LEAD`` for questions that ask for something; ``CLAIM_LEAD`` for answers to yes/no questions
# and false premises, where the lead states (or denies) the question's claim.
LEAD = LeadParams(
    max_chars=110, max_share=0.65, fresh_weight=0.5, typed_only=True, first_competes=True, when_past=150, min_topic_words=1
)
CLAIM_LEAD = LeadParams(
    min_words=2,
    max_chars=140,
    max_share=0.8,
    fresh_words=2,
    fresh_weight=0.5,
    coverage_weight=3.0,
    novelty_weight=0.0,
    first_competes=True,
    when_past=150,
    require_new=False,
    min_coverage=0.34,
)


def lead_clause(info: QuestionInfo, sentence: str, params: LeadParams | None = None) -> str | None:
    """The run of clauses of ``sentence`` that best answers the question (a verbatim span),
    or None. It must read as an answer (:func:`reads_as_answer`, at least ``min_words``
    words), say something the question does not, hold at least ``min_coverage`` of the
    question's topic words and at least ``min_topic_words`` of them, and be at most
    ``max_chars`` long; a question with no topic words of its own ("Why?") gets none. Of those,
    one holding an answer of the asked kind (a cause, a date, a name, ...) comes first; then the highest
    ``coverage_weight`` x the share of the question's topic words it holds + the share of
    ``fresh_words`` new words it says + ``novelty_weight`` x the share of its words that are
    new; then the shorter."""
    found = _best_window(info, sentence, params or LEAD)
    return found[1] if found else None


def _holds(text: str, words: str) -> float:
    """1.0 when ``text`` holds ``words`` as whole words (in any case), else 0.0: a lead key."""
    return float(bool(re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE)))


def _best_window(
    info: QuestionInfo, sentence: str, p: LeadParams, holding: str = ""
) -> tuple[tuple[float, ...], str] | None:
    """The best lead window of ``sentence`` with its ranking key (see :func:`lead_clause`);
    with ``holding``, the windows that hold it (as whole words) rank first."""
    best: tuple[tuple[float, ...], str] | None = None
    for a, b in lead_windows(sentence):
        text = sentence[a:b]
        if _cut_parenthetical(sentence, a, b) or not _balanced(text):
            continue  # a window cut inside brackets ("str) or isinstance(obj") reads as no answer
        if len(text) > min(p.max_chars, p.max_share * len(sentence)) or not reads_as_answer(
            text, info, min_words=p.min_words, following=sentence[b:]
        ):
            continue
        key = _lead_key(info, text, p)
        if key is not None and holding:
            key = (_holds(text, holding), *key)
        if key is not None and (best is None or key > best[0]):
            best = (key, text)
    return best


def _lead_key(info: QuestionInfo, text: str, p: LeadParams) -> tuple[float, ...] | None:
    """How well ``text`` answers as a lead (higher is better), or None when it cannot lead."""
    focus = {lemma_stem(w) for w in info.focus_words} | set(info.focus)
    stems = _lead_stems(text)
    fresh = len(stems - _lead_stems(info.text))
    if not focus or not stems or (p.require_new and not fresh):
        return None
    holds = _holds_answer(text, info)
    if p.typed_only and info.answer_type != "any" and not holds:
        return None
    shared = len(stems & focus)
    covered = shared / len(focus)
    if covered < p.min_coverage or shared < p.min_topic_words:
        return None
    score = (
        p.coverage_weight * covered
        + p.fresh_weight * min(fresh, p.fresh_words) / p.fresh_words
        + p.novelty_weight * fresh / len(stems)
    )
    return (float(holds), round(score, 6), -len(text))


# -- counts read off a list ----------------------------------------------------------------

# What opens an enumeration after the noun it lists ("consequences, including A, B and C",
# "groups such as A and B", "three things: A and B").
_LIST_END = re.compile(r"[.;!?](?:\s|$)|\s[-\u2013\u2014]\s|,\s+(?:which|who|whom|where|while|but|although|though)\b|\s+(?:which|who)\s", re.IGNORECASE)
# Longer comma-separated parts are clauses, not list items.
LIST_ITEM_WORDS = 8
_COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _item_kind(item: str) -> str:
    """The shape an item opens with: list items are parallel ("the A, the B"; "releasing ...,
    ceasing ...")."""
    first = item.split()[0]
    low = first.lower()
    if low in DETERMINERS:
        return "determiner"
    if first[:1].isupper():
        return "name"
    if low.endswith("ing"):
        return "gerund"
    return "word"


def _items(body: str, *, parallel: bool = True) -> list[str] | None:
    """The items of an enumeration ("A, B, and C", "A, B and C", "A and B"), or None; with
    ``parallel``, only when they open alike (:func:`_item_kind`)."""
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if not parts:
        return None
    last = parts[-1]
    if len(parts) >= 2:
        if re.match(r"(?:and|or)\s", last, re.IGNORECASE):
            items = [*parts[:-1], re.sub(r"^(?:and|or)\s+", "", last, flags=re.IGNORECASE)]
        else:
            pieces = re.split(r"\s+(?:and|or)\s+", last, maxsplit=1)
            if len(pieces) != 2:
                return None
            items = [*parts[:-1], *pieces]
    else:
        pieces = re.split(r"\s+(?:and|or)\s+", last)
        if len(pieces) != 2:
            return None
        items = pieces
    items = [i.strip() for i in items if i.strip()]
    if len(items) < 2 or any(len(i.split()) > LIST_ITEM_WORDS for i in items):
        return None
    if parallel and len({_item_kind(i) for i in items}) > 1:
        return None
    return items


# A negator right before a list's opener ("versions don't include X"): what follows is left out,
# not listed.
_NEGATED_END = re.compile(r"(?:\bnot|n['’]t|\bnever|\bno\s+longer)\s*$", re.IGNORECASE)


def _closed_list(body: str) -> str:
    """``body`` up to the end of the list it opens with: the item after the list's coordinator
    is its last ("A, B and C"), so a comma after it closes the list ("such as macOS and some
    Linux distributions, have Python installed")."""
    closed = re.search(r"\b(?:and|or)\s+[^,]+?(?=,\s+(?!(?:and|or)\b))", body)
    return body[: closed.end()] if closed else body


def enumeration(info: QuestionInfo, sentence: str) -> tuple[int, int, int] | None:
    """A list in ``sentence`` of what a how-many question counts: ``(start, end, count)`` of the
    verbatim list ("the Turkistan Islamic Party, the Balochistan Liberation Army, and the Jihad
    Movement" counts three), or None. The list must follow a noun phrase sharing the question's
    counted words ("local jihadist alliances, such as ..."), its items must be parallel and
    short, and its count one a reader derives from the text (the checker's ``derived_counts``)."""
    if info.wh != "how many":
        return None
    match = _ASKED.search(normalize(info.text))
    if not match:
        return None
    asked: set[str] = set()
    for word in _WORDS.findall(match.group(1))[:5]:
        low = word.lower()
        if low in AUXILIARIES or low in STOPWORDS:
            break
        asked.add(noun_lemma(low) or stem(low))
    asked -= _UNTYPED
    if not asked:
        return None
    derived = derived_counts(sentence)
    for m in LIST_OPEN.finditer(sentence):
        if _NEGATED_END.search(sentence, 0, m.start()):
            continue  # "versions don't include X": what they leave out, not a list of them
        before = _WORDS.findall(sentence[: m.start()])[-6:]
        if not any((noun_lemma(w) or stem(w.lower())) in asked or stem(w.lower()) in asked for w in before):
            continue
        rest = sentence[m.end() :]
        stop = _LIST_END.search(rest)
        body = _closed_list((rest[: stop.start()] if stop else rest).rstrip(" ."))
        items = _items(body)
        if items is None or str(len(items)) not in derived:
            continue
        start = m.end()
        return start, start + len(body), len(items)
    # Or the list right before the counted noun, after a preposition: "including HP PA-RISC,
    # IA-64, MIPS, MIPS (DEC) and IBM s/390 ports", "for the Intel i386, ..., PowerPC and ARM
    # architectures". The noun says what the items are: they need not open alike ("alpha").
    for word in _WORDS.finditer(sentence):
        if (noun_lemma(word.group(0)) or stem(word.group(0).lower())) not in asked:
            continue
        listed = _MEMBERS_BEFORE.search(sentence, 0, word.start())
        if listed is None:
            continue
        items = _items(listed.group(1), parallel=False)
        if items is not None and str(len(items)) in derived:
            return listed.start(1), listed.end(1), len(items)
    return None


# A list of short items after a preposition ("for the Intel i386, ..., and IBM s/390", "including
# A, B and C") that runs to the end of the text searched (the counted noun follows it).
_MEMBERS_BEFORE = re.compile(rf"{MEMBERS_BEFORE}\s+$", re.IGNORECASE)


# The longest single item of a list taken as an answer phrase.
LISTED_ITEM_WORDS = 16


def _listed_after(sentence: str, noun: str) -> tuple[int, int] | None:
    """The list ``sentence`` gives right after the asked ``noun`` ("consequences of X,
    including A, B and C", "groups such as A and B"): its span, a list of short parallel
    items or one item of at most LISTED_ITEM_WORDS words; or None."""
    if not noun or noun in _UNTYPED:
        return None
    for m in LIST_OPEN.finditer(sentence):
        if _NEGATED_END.search(sentence, 0, m.start()):
            continue
        before = _WORDS.findall(sentence[: m.start()])[-6:]
        if not any(noun_lemma(w) == noun for w in before):
            continue
        rest = sentence[m.end() :]
        stop = _LIST_END.search(rest)
        body = _closed_list((rest[: stop.start()] if stop else rest).rstrip(" ."))
        if not body:
            continue
        if _items(body) is not None or len(body.split()) <= LISTED_ITEM_WORDS:
            return m.end(), m.end() + len(body)
    return None


# "What two tools ...?", "Which three ports ...?", "What are the two categories of ...?": the
# number of things a what/which question asks for, and the noun it counts.
_ASKED_COUNT = re.compile(
    rf"\b(?:what|which)\s+(?:(?:are|were)\s+(?:{'|'.join(sorted(DEFINITE_DETERMINERS))})\s+)?"
    rf"(?:(?:{'|'.join(sorted(IMPORTANCE_ADJECTIVES))})\s+)?(?P<n>{'|'.join(_COUNT_WORDS)}|[2-9])\s+",
    re.IGNORECASE,
)
# What may stand between a counted noun phrase and the list it announces: a colon, a copula,
# "namely", or a dash.
# A passive participle between the copula and the colon goes with them ("three new members were
# chosen: A, B and C"); a copula before a participle without a colon is no opener.
_COUNTED_LIST_OPEN = re.compile(
    r"\s*(?:\s(?:are|were|is|was)\s+[a-z]+(?:ed|en)\s*:|:|\s(?:are|were)\b(?!\s+[a-z]+(?:ed|en)\b)|,?\s+namely\b"
    r"|\s[-\u2013\u2014])\s*",
    re.IGNORECASE,
)


def asked_count(question: str) -> tuple[int, str] | None:
    """How many things a what/which question asks for, and the noun (a lemma) it counts
    ("What two internal projects ...?" -> (2, "project")), or None."""
    m = _ASKED_COUNT.search(normalize(question))
    if m is None:
        return None
    word = m.group("n").lower()
    n = int(word) if word.isdigit() else _COUNT_WORDS.index(word) + 2
    noun = ""
    for w in _WORDS.findall(question[m.end() :])[:4]:
        lemma = noun_lemma(w.lower())
        if not lemma:
            if noun:
                break
            continue  # an adjective before the noun ("two internal projects")
        noun = lemma
        if lemma != w.lower():
            break  # a plural closes the phrase
    return (n, noun) if noun else None


def _top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` (a regex) outside brackets."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(rf"[()\[\]]|{separator}", text):
        token = m.group(0)
        if token in "([":
            depth += 1
        elif token in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return [p.strip(" ,") for p in parts]


# A name with an optional gloss in brackets: what an item that opens with a name holds before
# the sentence goes on ("Debian Med (for medical practice and research) started ...").
_NAMED_ITEM = re.compile(
    rf"(?:[A-Z0-9][\w.’'&-]*(?:\s+(?:[A-Z0-9][\w.’'&-]*|{'|'.join(sorted(NAME_CONNECTORS, key=len, reverse=True))}))*)"
    r"(?:\s*\([^()]*\))?"
)


def counted_list(question: str, sentence: str) -> tuple[int, int] | None:
    """The list of as many things as the question asks for ("What two internal projects ...?")
    that ``sentence`` announces with that number and noun ("Two internal projects: Debian
    Junior (for children) and Debian Med (for medical practice and research) started ..."):
    the span from its first item to the end of its last, or None. Items are split at the
    top level (a bracket's commas are its own), by commas or else by the coordinator alone,
    whichever gives the number asked for; a last item that opens with a name ends with it."""
    asked = asked_count(question)
    if asked is None:
        return None
    n, noun = asked
    number = rf"(?:{_COUNT_WORDS[n - 2]}|{n})" if n - 2 < len(_COUNT_WORDS) else str(n)
    for m in re.finditer(rf"\b{number}\b", sentence, re.IGNORECASE):
        opener = None
        for w in list(re.finditer(r"[\w-]+", sentence[m.end() : m.end() + 60]))[:3]:
            lemma = noun_lemma(w.group(0).lower())
            if not lemma or (noun not in _UNTYPED and lemma != noun):
                continue
            # The counted noun, its postmodifier ("tools for caching methods"), then the opener.
            end = m.end() + w.end()
            tail = re.match(r"(?:\s+(?:for|of|in|on|to)\s+[\w-]+(?:\s+[\w-]+)?)?", sentence[end:])
            opener = _COUNTED_LIST_OPEN.match(sentence, end) or _COUNTED_LIST_OPEN.match(
                sentence, end + (tail.end() if tail else 0)
            )
            if opener is not None:
                break
        if opener is None:
            continue
        start = opener.end()
        # One sentence: the list runs to its end, or to a semicolon.
        stop = re.search(r";\s", sentence[start:])
        body = (sentence[start : start + stop.start()] if stop else sentence[start:]).rstrip(" .!?")
        for separator in (r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", r",?\s+(?:and|or)\s+"):
            items = [i for i in _top_level(body, separator) if i]
            if len(items) != n:
                continue
            last = items[-1]
            named = _NAMED_ITEM.match(last)
            names_listed = all(_NAMED_ITEM.fullmatch(i) for i in items[:-1])
            if names_listed and named is not None and named.group(0).strip():
                # Names listed: the last is a name too, and the sentence goes on after it.
                last = named.group(0).rstrip()
            elif len(last.split()) > 2 * LIST_ITEM_WORDS:
                # The number asked for, found, allows longer items than a list found by its
                # shape ("install a free operating system ..., and provide a range of ...").
                continue
            end = body.rindex(last) + len(last) if last in body else -1
            if end < 0:
                continue
            return start, start + end
    return None


def count_phrase(info: QuestionInfo, sentence: str) -> str | None:
    """The answer to a how-many question read off a list in ``sentence``: its count, then the
    verbatim list ("Three: A, B, and C"), or None."""
    found = enumeration(info, sentence)
    if found is None:
        return None
    start, end, count = found
    word = _COUNT_WORDS[count - 2] if count - 2 < len(_COUNT_WORDS) else str(count)
    return f"{word.capitalize()}: {sentence[start:end]}"


# -- polarity: yes/no questions and false premises ----------------------------------------


@lru_cache(maxsize=20000)
def lemmas(word: str) -> frozenset[str]:
    """Candidate lemmas of ``word``: WordNet's irregular forms and the regular suffix rules."""
    w = word.lower().strip("'’")
    out = {w}
    irregular = irregular_lemmas().get(w)
    if irregular:
        out.add(irregular)
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("er", ""), ("est", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: len(w) - len(suffix)] + repl
            out.add(base)
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                out.add(base[:-1])  # "stopped" -> "stop"
    return frozenset(out)


def _antonyms() -> dict[str, frozenset[str]]:
    return antonym_table(derived_senses=3)


def _opposed(q_word: str, s_word: str) -> bool:
    table = _antonyms()
    for lq in lemmas(q_word):
        for opposite in table.get(lq, ()):
            if any(same_family(opposite, ls) for ls in lemmas(s_word)):
                return True
    return False


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS and t not in AUXILIARIES and len(t) > 2]


# The wh-frames that ask for a reason before a clause: "what is the reason (why/that)", "what
# were the reasons", "for what reason" (the reason nouns of ``lexicon.REASON_NOUNS``).
_REASON_FRAME = re.compile(
    r"^\s*(?:what(?:['’]s|\s+(?:is|was|are|were))\s+the\s+(?:main\s+)?(?:"
    + "|".join(sorted(REASON_NOUNS, key=len, reverse=True))
    + r")\s+(?:why\s+|that\s+)?|for\s+what\s+(?:"
    + "|".join(sorted(REASON_NOUNS, key=len, reverse=True))
    + r")\s+)",
    re.IGNORECASE,
)


def _proposition(question: str) -> str:
    """What a question assumes or asks to confirm: without its question word and frame
    ("Why does the study say the talks succeeded?" -> "the talks succeeded", "How much have
    relations improved?" -> "relations improved")."""
    text = normalize(question).strip().rstrip("?")
    # "..., according to the authors": whose account is asked for, not part of the claim.
    text = SOURCE_PHRASE.sub("", text).strip()
    text = re.sub(r"^\s*(?:and|so|but)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(rf"^\s*how\s+(?:{_DEGREE})\b\s*", "", text, flags=re.IGNORECASE)
    # "What is the reason (why) X?", "For what reason is X?": a frame that asks why, before the
    # clause it presupposes (a noun phrase after it, "the reason for X", is no claim).
    framed = _REASON_FRAME.match(text)
    if framed and _is_clause(text[framed.end() :]):
        text = text[framed.end() :]
    text = re.sub(r"^\s*(?:why|how come|how|what|when|where|who|which)\b\s*", "", text, flags=re.IGNORECASE)
    # The auxiliary goes, its negation stays: "why can't I ..." assumes "I can not ...".
    aux = re.match(
        rf"^\s*(?:(?:ca|wo|sha)n['’]t|(?:{'|'.join(re.escape(a) for a in sorted(AUXILIARIES, key=len, reverse=True))})(?:n['’]t|not)?)(?:\s+not)?(?![\w'’])\s*",
        text,
        flags=re.IGNORECASE,
    )
    if aux:
        negated = bool(re.search(r"n['’]t|not", aux.group(0), re.IGNORECASE))
        text = ("not " if negated else "") + text[aux.end() :]
        # "Is it so that X?", "Isn't it true that X?": the claim is X, the frame asks about it
        # (the negative frame expects the answer yes; Quirk et al. 1985, 11.11).
        framed = re.match(r"^(?:not\s+)?it\s+(?:so|true|the\s+case|correct|right)\s+that\s+(?=\S)", text, re.IGNORECASE)
        if framed:
            text = text[framed.end() :]
    # "the study says (that) ...", "the authors predict ...": the frame, not the claim.
    words = list(re.finditer(r"\S+", text))
    for i, word in enumerate(words[:4]):
        after_determiner = i > 0 and words[i - 1].group(0).lower() in DETERMINERS
        if not after_determiner and lemmas(word.group(0).strip(",")) & REPORTING_VERBS:
            rest = text[word.end() :]
            if _is_clause(rest):
                return re.sub(r"^\s*that\b\s*", "", rest, flags=re.IGNORECASE).strip() or text
    return text


def _is_clause(text: str) -> bool:
    """Does ``text`` read as a reported clause ("that ...", "the talks succeeded", "it will
    persist") rather than an object ("hold statements", "found the Debian project")? A "that",
    an auxiliary, or a past or present verb form after the clause's first word; a word after a
    determiner is a noun ("hold all its objects": "objects" is no verb)."""
    words = tokens(normalize(text).lower())
    if not words:
        return False
    if words[0] == "that":
        return True
    return any(w in AUXILIARIES or w.endswith(("ed", "n't")) for w in words[1:]) or (
        len(words) > 2
        and words[2].endswith("s")
        and not words[2].endswith("ss")
        and len(words[2]) > 3
        and words[1] not in DETERMINERS
    )


# Degree adverbs after "how" ("how much has X improved?"): the question presupposes the event
# and asks only its extent (Quirk et al. 1985, 8.104-8.112, degree adverbs as wh-items).
_DEGREE = "much|far|badly|greatly|strongly"
_PRESUPPOSING_WH = rf"^\s*(?:and\s+|so\s+|but\s+)?(?:why|how come|how\s+(?:{_DEGREE})\s+(?:{'|'.join(sorted(AUXILIARIES))})\b)"
_PRESUPPOSED = re.compile(_PRESUPPOSING_WH, re.IGNORECASE)
_PRESUPPOSING = re.compile(_PRESUPPOSING_WH + r"|\b(?:say|says|said|claim|claims|claimed)\s+that\b", re.IGNORECASE)


def asserts(question: str) -> bool:
    """Does ``question`` assume or put forward a claim the sources can deny? A why-question
    and a question of degree ("how much has X improved?") presuppose their clause, a yes/no
    question puts its clause forward, and "does it say that ..." quotes one; "when", "who"
    and "how do I" questions ask for something new."""
    if _INDIRECT.search(normalize(question)):
        return False
    return is_yes_no(question) or bool(_PRESUPPOSING.search(normalize(question)))


# A polite wrapper around a wh-question ("Can you tell me where ...?", "Do you know why ...?")
# asks the wh-question; it puts no claim forward.
_INDIRECT = re.compile(
    r"^\W*(?:(?:and|so|but)\s+)?(?:can|could|would|will|do|did)\s+(?:you|anyone|somebody|someone)\s+(?:please\s+)?"
    r"(?:\w+\s+){0,2}?(?:tell|know|say|explain|show|remember|happen\s+to\s+know)\b(?:\s+(?:me|us))?\s+"
    r"(?:why|how|what|when|where|who|whom|which|whether|if)\b",
    re.IGNORECASE,
)


def _is_negator(word: str) -> bool:
    """A negator, an absence noun, a negative contraction or a negative implicative verb."""
    return word in NEGATIONS or word in ABSENCE_NOUNS or word.endswith(("n't", "n’t")) or bool(lemmas(word) & NEGATIVE_IMPLICATIVES)


def _negator_on(text: str, shared: set[str]) -> bool:
    """A negator within three words before a word of the shared topic that it can deny: a
    common word, not a name ("does not recommend Debian" denies the recommending; in "not the
    FSF" the negator reaches only a name, which says nothing about what is denied)."""
    return bool(_negator_of(text, shared))


def _negator_of(text: str, shared: set[str]) -> str:
    """The first negator of ``text`` that :func:`_negator_on` finds, as written, or ""."""
    written = _WORDS.findall(normalize(text))
    words = [w.lower().strip("'’") for w in written]
    for i, w in enumerate(words):
        if _is_negator(w):
            scope = range(i + 1, min(i + 4, len(words)))
            if any(lemmas(words[j]) & shared and not written[j][:1].isupper() for j in scope):
                return written[i]
    return ""


# How far back in its clause a negator reaches a word: "no amount of activity will change"
# (Quirk et al. 1985, 10.64: a negative subject negates its clause's predication).
_NEGATION_REACH = 6


def _denied_word(text: str, word: str) -> bool:
    """Is ``word`` (as written in ``text``) denied: a negator before it in its clause
    (``_CLAUSE_END``), at most ``_NEGATION_REACH`` words back?"""
    text = normalize(text)
    for match in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
        before = text[: match.start()]
        ends = list(_CLAUSE_END.finditer(before))
        clause = before[ends[-1].end() :] if ends else before
        words = [w.lower().strip("'’") for w in _WORDS.findall(clause)][-_NEGATION_REACH:]
        if any(w in NEGATIONS or w.endswith(("n't", "n’t")) for w in words):
            return True
    return False


def contradicts(question: str, sentence: str, context: str = "") -> bool:
    """Does ``sentence`` deny what ``question`` assumes? Read from general polarity evidence:
    a WordNet antonym of a question word in the sentence (neither word shared), or a negation
    on one side only, next to the topic the two share (most of the claim's words); or, when the
    sentence read with ``context`` (the passage around it) covers at least
    ``PREMISE_AGREEMENT`` of the claim, a contradiction the premise reading finds
    (:func:`assistant.answering._premise.conflict`: the offline checker's contradictions, a
    name or number of the same kind in the same slot, an aspect verb's opposite). A claim the
    sentence merely does not state is never contradicted."""
    return asserts(question) and (_polarity_contradicts(question, sentence) or _premise_contradicts(question, sentence, context))


# A negation in replacive or additive coordination, "not X but Y", "not only X but (also) Y"
# (Quirk et al. 1985, 13.42 on "but" after a negative clause element): within one clause.
_REPLACIVE_NOT = re.compile(r"\bnot\b[^,;:.!?]*?\bbut\b", re.IGNORECASE)


def _premise_contradicts(question: str, sentence: str, context: str) -> bool:
    if _agrees(question, f"{context} {sentence}") < PREMISE_AGREEMENT:
        return False
    found = conflict(_proposition(question), sentence)
    if found is None:
        return False
    if found.reason == "negation mismatch" and _REPLACIVE_NOT.search(normalize(sentence)):
        # "This is not due to X but due to Y": the negation corrects a part of the clause (X,
        # replaced by Y; "not only X but also Y" adds Y), it does not deny the clause.
        return False
    if found.kind == "swap" and re.search(rf"(?<!\w){re.escape(found.fact)}(?!\w)", normalize(context), re.IGNORECASE):
        # The passage names the claim's entity elsewhere: the sentence may be about something
        # else that fills the same slot ("the Pakistani government" where the claim is about
        # the Taliban government). A swap of an entity the passage names counts only when the
        # sentence itself carries most of the claim (as the polarity rule asks of it).
        return _agrees(question, sentence) >= SWAP_SENTENCE_AGREEMENT
    return True


def denial_word(question: str, sentence: str) -> str:
    """The word of ``sentence`` that carries its denial of what ``question`` assumes, as
    written: the opposite of a claim word ("expensive" of "cheap") or the negator next to the
    topic the two share ("not" in "it does not return the sorted list"); "" when the polarity
    reading finds none (:func:`_polarity_contradicts` reads the same evidence)."""
    claim = _proposition(question)
    parts = _polarity_parts(claim, sentence)
    if parts is None:
        return ""
    opposite, topic, _ = parts
    if opposite:
        return _as_written(sentence, opposite)
    if _negator_on(claim, topic):
        return ""
    return _negator_of(sentence, topic)


def _as_written(sentence: str, word: str) -> str:
    """``word`` as ``sentence`` writes it (its case)."""
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", sentence, re.IGNORECASE)
    return found.group(0) if found else word


def _polarity_parts(claim: str, sentence: str) -> tuple[str, set[str], int] | None:
    """What the polarity reading sees of ``sentence`` against ``claim``: the sentence's word
    that is the opposite of a claim word with like polarity ("" when none), the lemmas of the
    topic the two share and how many of the claim's content words that topic holds; None when
    they share no content word."""
    q_words = _content(claim)
    s_words = _content(sentence)
    if not q_words or not s_words:
        return None
    s_lemmas = {l for w in s_words for l in lemmas(w)}
    q_lemmas = {l for w in q_words for l in lemmas(w)}
    shared = [w for w in q_words if lemmas(w) & s_lemmas]
    if not shared:
        return None
    # A word WordNet does not know (a name such as "sparc") is no antonym of anything, however
    # much its letters look like one ("still" / "sparkling"): read once per sentence.
    english = [sw for sw in s_words if not lemmas(sw) & q_lemmas and is_english(sw.lower())]
    topic = {l for w in shared for l in lemmas(w)}
    for qw in q_words:
        if lemmas(qw) & s_lemmas:
            continue
        # A denied opposite says the same thing ("no amount of activity will change the
        # string" of "strings are immutable"): the two words oppose only with like polarity.
        for sw in english:
            if _opposed(qw, sw) and _denied_word(claim, qw) == _denied_word(sentence, sw):
                return sw, topic, len(shared)
    return "", topic, len(shared)


def _polarity_contradicts(question: str, sentence: str) -> bool:
    claim = _proposition(question)
    parts = _polarity_parts(claim, sentence)
    if parts is None:
        return False
    opposite, topic, shared = parts
    if opposite:
        return True
    # Negation on one side only, next to the shared topic (at least two thirds of the claim).
    if shared >= max(2, -(-2 * len(_content(claim)) // 3)):
        return _negator_on(claim, topic) != _negator_on(sentence, topic)
    return False


def _agrees(question: str, sentence: str) -> float:
    """The share of the claim's content words the sentence says."""
    q_words = _content(_proposition(question))
    if not q_words:
        return 0.0
    s_lemmas = {l for w in _content(sentence) for l in lemmas(w)}
    return sum(1 for w in q_words if lemmas(w) & s_lemmas) / len(q_words)


# -- multi-part questions -----------------------------------------------------------------

# "..., and for how long ...?": a preposition may open the second question (Quirk et al. 9.7's
# simple prepositions, the lexicon's) before its wh-word.
_PART_BREAK = re.compile(
    rf",?\s+and\s+(?=(?:(?:{'|'.join(sorted(PREPOSITIONS))})\s+)?(?:who|whom|what|when|where|which|why|how)\b)"
    r"|\?\s+(?=\S)|,?\s+and\s+(?=(?:is|are|was|were|do|does|did|will|can)\b)",
    re.IGNORECASE,
)


_OPENING_PREPOSITION = re.compile(rf"^\s*(?:{'|'.join(sorted(PREPOSITIONS))})\s+(?=\w)", re.IGNORECASE)


def _has_topic(part: str) -> bool:
    # The preposition that opens a part is no topic of it ("..., and since when?").
    part = _OPENING_PREPOSITION.sub("", part)
    info = analyze_question(part)
    return bool(info.focus or info.creator or info.names) or read_detail_question(part) is not None


def split_parts(question: str) -> list[str]:
    """The parts of a question that asks two things ("Who wrote it and when was it published?",
    "Who wrote it? Where do they work?"); one part for anything else."""
    text = question.strip()
    pieces = []
    cursor = 0
    for m in _PART_BREAK.finditer(text):
        pieces.append(text[cursor : m.start()])
        cursor = m.end()
    pieces.append(text[cursor:])
    parts = [p.strip(" ,") for p in pieces if p.strip(" ,?")]
    # A part with no topic of its own ("..., and how much?") leans on the other: one question.
    if any(not _has_topic(p) for p in parts):
        return [text]
    # Each part must be a question of its own (a wh-word or an auxiliary first).
    if len(parts) < 2 or not all(analyze_question(p).wh or is_yes_no(p) or re.match(r"\s*(?:what|which)\b", p, re.I) for p in parts):
        return [text]
    return [p if p.endswith("?") else f"{p}?" for p in parts]


# -- composing ----------------------------------------------------------------------------


def compose(answer: Answer, info: QuestionInfo, question: str, *, best: int = 1, context: str = "") -> Answer:
    """An answered extractive answer in its form: the answer phrase first (taken from the
    citation numbered ``best``, the likeliest sentence, before the others), a yes/no or
    false-premise reading (``context``: the text of the cited passages, which the premise's
    topic is read against). Answers that are not answered pass through unchanged."""
    if answer.outcome != "answered" or not answer.citations or answer.citations[0].kind != "text":
        return answer
    quotes = [c.quote for c in answer.citations if c.kind == "text"]
    denying = [q for q in quotes if contradicts(question, q, context)]
    if denying:
        # A contradiction counts when no other cited sentence states the claim ("You don't need
        # to compile Python to C ..." beside "Cython compiles Python into C extensions"), at the
        # score a declined yes/no question's sentence must reach to state it.
        claim = _proposition(question)
        if not any(states(claim, q, threshold=STATED_SCORE) for q in quotes if q not in denying):
            ordered = sorted((c for c in answer.citations if c.quote in denying), key=lambda c: c.n != best)
            # A name or number in place of the claim's is what the lead must show: "in 1993"
            # against "created Debian in 1996".
            found = conflict(claim, ordered[0].quote)
            # Else the word that denies it ("it does not return the sorted list", "is expensive"):
            # the lead is the clause that says the sources' side, not another clause of the
            # sentence ("In order to remind you of that fact").
            replacement = found.replacement if found is not None and found.replacement else denial_word(question, ordered[0].quote)
            return _led(answer, info, ordered, CLAIM_LEAD, OTHERWISE, holding=replacement)
    ordered = sorted(answer.citations, key=lambda c: c.n != best)
    if is_yes_no(question):
        return _led(answer, info, ordered, CLAIM_LEAD, _SAY)
    phrases = [(citation, answer_phrase(info, citation.quote, context)) for citation in ordered]
    if _typed_gap(info):
        # A date, place or number answers the question where its clause says one of the
        # question's words: a phrase whose clause says none ("... to get woody ready for
        # release, were activated on ftp-master in mid December 2000") dates something else,
        # and a cited sentence's phrase whose clause does ("Debian 3.0 (woody) was released
        # July 19th, 2002") comes first. Otherwise the likeliest sentence's phrase leads.
        # A sentence that names another version than the question's ("Debian 2.1 was released
        # on 09 March, 1999" for "When was Debian 2.0 released?") dates that one: after them.
        # First of all, one that leaves out a numbered name the question gives, one of a series
        # ("Where was Debconf8 held?" of "The tenth DebConf, Debconf9, was held in Cáceres"),
        # places or dates another of the series, whatever its clause says.
        numbered = _numbered_names(info)
        phrases.sort(
            key=lambda pair: (
                not _names_all(pair[0].quote, numbered),
                _clause_anchors(info, pair[0].quote, pair[1]) < 1,
                _names_another_version(info.text, pair[0].quote),
            )
        )
    if info.wh == "who" and not info.creator:
        # "Who ...?" (subject or object): a person named in any cited sentence (or people listed
        # together: "A and B") before another kind of name.
        for citation, phrase in phrases:
            if phrase and all(is_person_name(name) for name in split_names(phrase)):
                return replace(answer, text=f"{phrase} [{citation.n}]. {answer.text}")
    for citation, phrase in phrases:
        if phrase:
            return replace(answer, text=f"{phrase} [{citation.n}]. {answer.text}")
    for citation in ordered:
        counted = count_phrase(info, citation.quote)
        if counted:
            return replace(answer, text=f"{counted} [{citation.n}]. {answer.text}")
    return _led(answer, info, ordered, LEAD)


def challenged(answer: Answer, alternative: str) -> Answer:
    """The answer again after the reader doubted it ("Are you sure? I thought it was Slink."):
    when the reader named what they believed (``alternative``) and no cited sentence says it,
    the answer says the sources say otherwise, with the same evidence; else the evidence
    again, as it was (an earlier "otherwise" dropped: what the reader now believes the
    sources say). Only the quotes decide, not the lead phrase picked from them: a lead may
    miss the answer its sentences give. An answer the sources do not give stays unanswered:
    doubting it does not make them say more."""
    if answer.outcome != "answered":
        return answer
    text = answer.text
    if text.startswith(OTHERWISE):
        text = text[len(OTHERWISE) :].lstrip()
    words = {stem(t) for t in tokens(alternative) if t not in STOPWORDS}
    said = {stem(t) for c in answer.citations if c.kind == "text" for t in tokens(c.quote)}
    if not words or words <= said:
        return replace(answer, text=text)
    if text.startswith(_SAY):
        text = text[len(_SAY) :].lstrip()
    return replace(answer, text=f"{OTHERWISE} {text}")


_VERSION = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w.]*\d)")


def _names_another_version(question: str, sentence: str) -> bool:
    """Does ``sentence`` name a version number ("2.1", "3.11") and not the one ``question``
    names ("2.0")? None to compare when the question names no version."""
    asked = set(_VERSION.findall(question))
    if not asked:
        return False
    said = set(_VERSION.findall(sentence))
    # "3.11.2" is a release of the asked "3.11".
    return bool(said) and not any(v == a or v.startswith(f"{a}.") for v in said for a in asked)


def _typed_gap(info: QuestionInfo) -> bool:
    """Does the question ask for a date, a place or a number (the gap a phrase fills)?"""
    return info.wh in ("when", "where", "how many", "how long") or info.answer_type in ("date", "place", "number", "duration")


def _clause_anchors(info: QuestionInfo, sentence: str, phrase: str | None) -> int:
    """How many of the question's words the clause of ``sentence`` that ``phrase`` opens in holds,
    with the clause its opening adverbial belongs to (-1 without a phrase)."""
    at = sentence.find(phrase) if phrase else -1
    if at < 0 or not phrase:
        return -1
    # A bracketed gloss does not end a clause: "Debian 5.0 (lenny) was released ..." is one
    # (unless the phrase is inside the gloss).
    unbracketed = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), sentence)
    clauses = clause_spans(unbracketed if unbracketed[at : at + len(phrase)] == phrase else sentence)
    if not clauses:
        return -1
    own = _clause_of(clauses, at)
    last = own
    # A clause that opens with a preposition is an adverbial of the clause after it ("In
    # February 1991, after a year of work, I decided to post to USENET"): counted with it.
    while last + 1 < len(clauses) and _opens_with_preposition(sentence[clauses[last][0] : clauses[last][1]]):
        last += 1
    return sum(1 for a in _anchors(sentence, info) if own <= _clause_of(clauses, a) <= last)


def _opens_with_preposition(clause: str) -> bool:
    words = clause.split(maxsplit=1)
    return bool(words) and words[0].lower() in PREPOSITIONS


def _lead(
    answer: Answer, info: QuestionInfo, ordered: Sequence[Citation], p: LeadParams, offset: int = 0, holding: str = ""
) -> tuple[int, str] | None:
    """What an answer with no answer phrase leads with, as ``(citation number, verbatim span)``:
    nothing when the likeliest sentence (``ordered[0]``) ends within ``when_past`` characters
    of the answer's start (``offset``: the characters before ``answer.text``); else the run of clauses that answers (:func:`lead_clause`) of that
    sentence (``any_citation``: of whichever cited sentence has the best one)."""
    best = ordered[0]
    at = answer.text.find(best.quote)
    if 0 <= at and offset + at + len(best.quote) <= p.when_past:
        return None
    found: tuple[tuple[float, ...], int, str] | None = None
    for rank, citation in enumerate(ordered if p.any_citation else ordered[:1]):
        window = _best_window(info, citation.quote, p, holding)
        if window is not None and (found is None or window[0] + (-rank,) > found[0]):
            found = (window[0] + (-rank,), citation.n, window[1])
    # The sentence the answer opens with (reading order), if it opens with a quote.
    first = next((c for c in answer.citations if answer.text.startswith(c.quote)), None)
    if found is None:
        return _whole_lead(info, best, first, p) if at > 0 else None
    if p.first_competes and first is not None and offset + len(first.quote) <= p.when_past:
        # The answer opens with a short sentence: it leads already, unless a window answers better.
        # It is in the answer whatever words it shares with the question ("Use the msvcrt
        # module." for "How can I check for a keypress?"): the words a lead must share are not
        # asked of it.
        opening = _lead_key(info, first.quote, replace(p, min_topic_words=0))
        if opening is not None and holding:
            opening = (_holds(first.quote, holding), *opening)
        width = 3 if holding else 2
        if opening is not None and opening[:width] >= found[0][:width]:
            return None
    return found[1], found[2]


def _whole_lead(info: QuestionInfo, best: Citation, first: Citation | None, p: LeadParams) -> tuple[int, str] | None:
    """A short likeliest sentence that reading order puts after another (``first``) leads whole
    when no part of it can: it is what answers, and the reader would meet it last. Unless
    ``first`` answers as well (it or a part of it, scored as leads are)."""
    whole = _unstopped(best.quote)
    key = _lead_key(info, whole, p) if len(whole) <= p.max_chars else None
    if key is None or not reads_as_answer(whole, info, min_words=p.min_words):
        return None
    if first is not None:
        rival = _best_window(info, first.quote, p)
        keys = [rival[0] if rival else None, _lead_key(info, _unstopped(first.quote), p)]
        if any(k is not None and k[:2] >= key[:2] for k in keys):
            return None
    return best.n, whole


def _unstopped(sentence: str) -> str:
    """``sentence`` without its closing full stop or exclamation mark."""
    return sentence.strip().rstrip(".!")


def _led(
    answer: Answer, info: QuestionInfo, ordered: Sequence[Citation], p: LeadParams, prefix: str = "", holding: str = ""
) -> Answer:
    """``answer`` with its lead (:func:`_lead`: with ``holding``, a window that holds it comes
    first) first, after ``prefix``."""
    lead = _lead(answer, info, ordered, p, len(prefix) + 1 if prefix else 0, holding)
    if lead and answer.text.startswith(lead[1]):
        lead = None  # it would only repeat the words the answer opens with
    body = f"{lead[1]} [{lead[0]}]. {answer.text}" if lead else answer.text
    return replace(answer, text=f"{prefix} {body}" if prefix else body)


def _evidence(question: str, info: QuestionInfo, found: Retrieved, passages: Sequence[Passage]) -> list[tuple[float, float, Passage, SentenceSpan]]:
    """Sentences of the passages with their share of the question's claim and their cosine
    to the question, best first."""
    vector = np.asarray(found.vector, dtype=np.float32)
    out = []
    seen: set[tuple[str, int]] = set()
    for passage in passages:
        for span in passage.chunk.sentences:
            key = (passage.chunk.source, span.start)
            if key in seen:
                continue
            seen.add(key)
            vec = found.sentence_vectors.get(sentence_id(passage.chunk.source, span.start, span.end))
            cosine = float(np.dot(vector, vec)) if vec is not None else 0.0
            out.append((_agrees(question, span.text), cosine, passage, span))
    out.sort(key=lambda x: -(x[0] + x[1]))
    return out


# The polarity readings' thresholds, fitted by scripts/fit_polarity.py on the fit splits of
# the development corpora (evals/dev/*: 85 questions that assert or ask a claim; score = false
# premises said otherwise + yes/no answered citing gold - 2 x wrong readings, a coordinate
# sweep, the middle of each best plateau; 30 Nov 2026, shipped values before: score 51, no
# wrong reading at any value below). Refitted on 5 Dec 2026 with the PDF collections' fit
# splits too (every collection of scripts/fit_answering.py's COLLECTIONS, 143 questions): the
# same values are best (score 69: 32 false premises, 59 yes/no, 11 wrong, 10 of them
# unanswerable why-questions answered); only STATED_SCORE's plateau widens (0.50-0.80).
# CLOSEST_COSINE, how close (cosine) a sentence must be to a declined question for the
# polarity readings (plateau 0.30-0.50), and to be shown as "the closest the sources come"
# when the answerer gives no fitted band of its own; YES_NO_AGREEMENT, how much of a yes/no
# question's claim a sentence must state to answer it with the evidence (best at 0.50 alone);
# PREMISE_AGREEMENT, how much of the claim the evidence sentence with its passage must cover
# for the premise reading (:mod:`assistant.answering._premise`) to count (best at 0.30 alone,
# the grid's lowest value); STATED_SCORE, the checker's blended score at which a sentence
# states a yes/no question's claim in other words (flat on the fit split from 0.50 to never;
# the middle of that plateau).
CLOSEST_COSINE = 0.4
YES_NO_AGREEMENT = 0.5
PREMISE_AGREEMENT = 0.3
STATED_SCORE = 0.7
# A substituted name or number the passage also names elsewhere: the share of the claim the
# sentence itself must state, the same share the polarity rule asks of a declined question's
# sentence (set by hand, not fitted).
SWAP_SENTENCE_AGREEMENT = 0.5
# PREMISE_COSINE, how close (cosine) any sentence of the passages must be to a declined
# question for the premise reading (fitted like the others, 113 fit questions, score 70 on the
# plateau 0.0-0.2 against 68 at 0.4, the value the premise reading had with CLOSEST_COSINE
# before; 30 Nov 2026; no test-split change).
PREMISE_COSINE = 0.15


def _unanswered(
    answer: Answer,
    question: str,
    info: QuestionInfo,
    found: Retrieved,
    passages: Sequence[Passage],
    *,
    band: str | None,
    best: Candidate | None = None,
) -> Answer:
    """A declined question: a contradicted premise is answered by saying so; a yes/no
    question whose claim a sentence states is answered with it; related evidence is shown as
    the closest the sources come (the selection's "closest" band, or without a selection the
    best sentence's similarity); otherwise not answered."""
    if info.is_attack or not passages:
        return answer
    # A question (a FAQ's heading) or a title-like line (a heading, a table-of-contents entry) is
    # never evidence of what the sources say.
    evidence = [
        e for e in _evidence(question, info, found, passages) if not _is_question(e[3].text) and not is_label_like(e[3].text)
    ]
    if not evidence:
        return answer
    asserting = asserts(question)
    # A yes/no question whether a source mentions a topic is answered only by a sentence that
    # says the topic (its head), as an answered one is (offline_answer).
    head = _topic_head_asked(question)
    for rank, (share, cosine, passage, span) in enumerate(evidence if asserting else ()):
        # The best five may contradict the claim's polarity; any sentence may contradict its
        # premise: the one that does shares fewer of the claim's words and is less similar to
        # it as a whole (the substituted fact is one of them: "the 1989 Christmas holidays").
        polar = rank < 5 and cosine >= CLOSEST_COSINE and share >= 0.5
        if (polar and _polarity_contradicts(question, span.text)) or (
            cosine >= PREMISE_COSINE and _premise_contradicts(question, span.text, passage.chunk.text)
        ):
            citation = citation_for(1, passage, span)
            return Answer(text=f"{OTHERWISE} {citation.quote} [1]", grounded=True, mode="extractive", citations=(citation,))
    if is_yes_no(question) and band == "closest" and best is not None:
        # A yes/no question whose topic the closest sentence addresses, read with the section
        # it sits in ("Not as such." under "Is there a scanf() equivalent?"), is answered
        # with that evidence.
        said = f"{best.section} {best.sentence.text}"
        if _agrees(question, said) >= YES_NO_AGREEMENT and _says_head(head, said):
            citation = citation_for(1, best.passage, best.sentence)
            lead = OTHERWISE if contradicts(question, citation.quote) else _SAY
            return Answer(text=f"{lead} {citation.quote} [1]", grounded=True, mode="extractive", citations=(citation,))
    share, cosine, passage, span = evidence[0]
    citation = citation_for(1, passage, span)
    if (
        is_yes_no(question)
        and share >= YES_NO_AGREEMENT
        and cosine >= CLOSEST_COSINE
        and _says_head(head, f"{passage.chunk.section} {span.text}")
    ):
        return Answer(text=f"{_SAY} {citation.quote} [1]", grounded=True, mode="extractive", citations=(citation,))
    if asserting and is_yes_no(question):
        # A yes/no question whose clause a close sentence states in other words, by the offline
        # checker's lexical reading (every fact of the clause in the sentence, the wording close
        # enough, no contradiction), is answered with it.
        stated = _stated(_proposition(question), evidence[:5])
        if stated is not None and _says_head(head, f"{stated[0].chunk.section} {stated[1].text}"):
            cited = citation_for(1, stated[0], stated[1])
            return Answer(text=f"{_SAY} {cited.quote} [1]", grounded=True, mode="extractive", citations=(cited,))
    if band is not None:
        if band != "closest" or best is None:
            return answer
        citation = citation_for(1, best.passage, best.sentence)
    elif not (cosine >= CLOSEST_COSINE and share > 0):
        return answer
    return replace(answer, text=f"{CLOSEST} {citation.quote} [1]", citations=(citation,), outcome="closest")


_MAY_GIVE_REASON = re.compile(
    r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(MAY_GIVE_REASON, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def _restates_unexplained(question: str, info: QuestionInfo, citations: Sequence[Citation]) -> Citation | None:
    """Do ``citations`` answer a why-question only by stating what it takes for granted ("Why was
    Debconf9 held in Caceres?" / "The tenth DebConf, Debconf9, was held in Caceres, Spain, ...")?
    One of them states the question's claim (:func:`states`) and none gives a reason
    (:func:`reason_cue`); nor does a stating one hold a word that may bring one in or say the
    fact is otherwise (``lexicon.MAY_GIVE_REASON``: "as", "so", "when", "but", ...). The first
    stating citation, or None."""
    quotes = [c.quote for c in citations if c.kind == "text"]
    if info.answer_type != "reason" or is_yes_no(question) or not quotes or any(reason_cue(q) for q in quotes):
        return None
    claim = _proposition(question)
    stating = [c for c in citations if c.kind == "text" and states(claim, c.quote, threshold=STATED_SCORE)] if claim else []
    if not stating or any(_MAY_GIVE_REASON.search(c.quote) for c in stating):
        return None
    return stating[0]


def _is_question(sentence: str) -> bool:
    """A sentence that asks (a FAQ's heading, "... programs?¶"): never evidence of what the
    sources say."""
    return bool(re.search(r"\?\W*$", sentence))


def _stated(
    claim: str,
    evidence: Sequence[tuple[float, float, Passage, SentenceSpan]],
) -> tuple[Passage, SentenceSpan] | None:
    """The first of the ``evidence`` sentences (close to the question; questions are left out
    before) that states ``claim`` (:func:`assistant.answering._premise.states`, the checker's lexical
    reading at ``STATED_SCORE``). No text is embedded here: with the clause windows stored at
    ingest, a question makes one model call (tests/test_embedding_calls.py)."""
    for _share, cosine, passage, span in evidence:
        if cosine >= CLOSEST_COSINE and states(claim, span.text, threshold=STATED_SCORE):
            return passage, span
    return None


def offline_answer(
    *,
    corpus: Corpus,
    answerer: Answerer,
    question: str,
    info: QuestionInfo,
    found: Retrieved,
    passages: Sequence[Passage],
    split: bool = True,
    scene: str = "",
    following: Sequence[Passage] = (),
) -> Answer:
    """The extractive answer to ``question`` from ``passages`` (the retrieved, quotable ones).
    ``scene``: the sentences the reader set the question in ("I'm reading up on ... . How many
    ...?"), which ``found`` was searched with and each part of a two-part question is too.
    ``following``: the chunks that go on after a passage's last sentence (``Retrieved.following``,
    quotable ones), quoted only after the sentence that introduces them."""
    premise = None if info.is_attack else premise_clause(question)
    if premise is not None:
        # "Since strings are mutable, how do I change one character?": when the sources say the
        # claim taken for granted is not so, the answer says that first, with its evidence.
        k = len(found.passages) or 5
        denied = _denied(corpus=corpus, answerer=answerer, claim=premise[0], k=k)
        if denied is not None:
            rest = offline_answer(
                corpus=corpus, answerer=answerer, question=premise[1], info=analyze_question(premise[1]), found=found,
                passages=passages, split=split, scene=scene,
            )
            # The question's own answer follows when it quotes none of what the denial quotes
            # (an answer built on the same sentence would show it twice).
            shown = {(c.source, c.start, c.end) for c in denied.citations}
            adds = rest.outcome == "answered" and all((c.source, c.start, c.end) not in shown for c in rest.citations)
            return _joined([denied, rest] if adds else [denied])
        if normalize(question).strip().startswith(confirmation_question(premise[0])):
            # "X, right? Which ...?" with X not denied: the question after the tag is what is
            # asked (X is taken for granted, not asked to be confirmed).
            question, info = premise[1], analyze_question(premise[1])
    if not info.is_attack and names_a_detail(question):
        # Before the parts: "Who published it, and when?" asks two details of one document.
        details = answer_details(question, corpus.sources(), passages)
        if details is not None:
            return details
        # "Was the report written by X?": the recorded writers say whether, or say otherwise.
        claimed = answer_detail_claim(question, corpus.sources(), passages, said=_SAY, otherwise=OTHERWISE)
        if claimed is not None:
            return claimed
    parts = split_parts(question) if split and not info.is_attack else [question]
    if len(parts) > 1:
        return _multi_part(corpus=corpus, answerer=answerer, parts=parts, k=len(found.passages) or 5, scene=scene)
    if not info.is_attack and is_summary_request(question):
        summary = summarize(
            question,
            sources=corpus.sources(),
            passages=passages,
            document_sentences=corpus.document_sentences,
            embed=corpus.embed_query,
        )
        if summary is not None:
            return summary
    select = getattr(answerer, "select", None)
    if select is None:
        # An answerer without a selection (a custom one): its answer, in its form.
        answer = answerer.answer(question, found.vector, list(passages), found.sentence_vectors, info=info)
        if answer.outcome != "answered":
            return _unanswered(answer, question, info, found, passages, band=None)
        return compose(answer, info, question)
    # The sentences that go on in a passage's next chunk, for the answerer that reads them.
    extra = {"following": following} if following and isinstance(answerer, ExtractiveAnswerer) else {}
    vector = _vector_with_expansions(question, info, passages, found.vector, corpus.embed_query)
    selection = select(question, vector, list(passages), found.sentence_vectors, info=info, **extra)
    related = tuple(passages[:3])

    def closest(best: Candidate) -> Answer:
        """Not answered: ``best`` is the closest the sources come; a bare reply ("No.") says
        nothing without its question, so the sentence after it in the quote stands for it."""
        if is_bare_reply(best.sentence.text):
            best = next((c for c in selection.chosen if not is_bare_reply(c.sentence.text)), best)
        declined = Answer(text=NOT_ANSWERED, grounded=False, mode="extractive", related=related)
        return _unanswered(declined, question, info, found, passages, band="closest", best=best)

    if selection.instruction:
        return answerer.answer(question, found.vector, list(passages), found.sentence_vectors, info=info)
    # The answerer's fitted model (its gate's thresholds), when it has one.
    model = getattr(answerer, "model", None)
    chosen = list(selection.chosen)
    if info.acronym and not any(spelled_out(c.sentence.text, info.acronym, c.passage.chunk.text) for c in chosen):
        # "What does APT stand for?" is answered by a sentence that spells the acronym out, and
        # by no other: the likeliest such sentence, or the closest the sources come.
        spelling = next(
            (
                c
                for c in [c for c in selection.candidates if quotable_sentence(c)][:SPELLING_DEPTH]
                if spelled_out(c.sentence.text, info.acronym, c.passage.chunk.text)
            ),
            None,
        )
        if spelling is None and chosen:
            return closest(chosen[0])
        chosen = [spelling] if spelling is not None else []
    if not chosen:
        counted = _counted(info, selection.candidates, model.gate if model is not None else None)
        if counted is not None:
            return counted
        declined = Answer(text=NOT_ANSWERED, grounded=False, mode="extractive", related=related)
        best = next((c for c in selection.candidates if not c.is_heading), None)
        return _unanswered(declined, question, info, found, passages, band=selection.band, best=best)
    if not _treats(selection.chosen, _topic_head_asked(question)):
        # "Where does the FAQ discuss the PSF's budget?" asks where the topic is treated: a
        # quoted sentence that says neither the topic's head nor sits under a heading saying it
        # ("the budget") is no such place; the closest the sources come, at most.
        return closest(selection.chosen[0])
    kind = _particular_kind(info)
    if kind and not any(_says_which(c, info, kind) for c in chosen):
        # "Which zlib version added Deflate64?" asks for a particular one: quoted sentences that
        # neither name one (nor anything the question does not) nor say the asked noun ("... in
        # the zlib format, which is different and incompatible with the gzip format"), or that
        # sit in a passage about something else than the question's names, do not answer it;
        # the closest the sources come, at most. A sentence saying the asked noun may name the
        # thing in a word that reads as common English ("only discover still remains"). A
        # runner-up nearly as likely that does say which one answers instead ("Linux Mint is a
        # community-maintained distribution" / "Linux Mint relies on Cinnamon instead of GNOME
        # by default" for "Which desktop does Linux Mint use?").
        runner = _runner_up_saying_which(selection.candidates, info, kind)
        if runner is None:
            return closest(selection.chosen[0])
        chosen = [runner]
    numbered = _numbered_names(info)
    if numbered and chosen and not _names_all(chosen[0].sentence.text, numbered):
        # "In which city was Debconf6 held?": the likeliest sentence may speak of another of the
        # series ("Debconf5 was held in Espoo"); a runner-up nearly as likely that names the
        # asked one answers first.
        floor = _RUNNER_RATIO * chosen[0].probability
        runner = next(
            (c for c in _likeliest(selection.candidates)[1:] if c.probability >= floor and _names_all(c.sentence.text, numbered)),
            None,
        )
        if runner is not None:
            chosen = [runner, *(c for c in chosen if c is not runner and _names_all(c.sentence.text, numbered))]
    identified = _identified_name(info)
    if identified and chosen and _listed_among(chosen[0].sentence.text, identified):
        # "Who is Steve McIntyre?": a list of names that holds his ("... led by Ian Murdock,
        # Bruce Perens, ..., Steve McIntyre, ...") says least about him; a sentence among the
        # likeliest that names him outside a list ("The team is led by Steve McIntyre who is
        # handling official Debian ISO builds") answers first.
        alone = next((c for c in _likeliest(selection.candidates) if _names_alone(c.sentence.text, identified)), None)
        if alone is not None:
            chosen = [alone, *(c for c in chosen if c is not alone)][: len(chosen)]
    chosen = _with_denial(chosen, selection.candidates, question)
    reply = (
        _reply_under_question(chosen, selection.candidates, model.gate.paraphrase_cosine)
        if model is not None and is_yes_no(question)
        else None
    )
    if reply is not None:
        chosen.insert(0, reply)
    citations = tuple(citation_for(n, c.passage, c.sentence) for n, c in enumerate(chosen, start=1))
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    top = reply or (selection.candidates[0] if selection.candidates else None)
    best = next((n for n, c in enumerate(chosen, start=1) if c is top), 1)
    answer = Answer(text=text, grounded=True, mode="extractive", citations=citations)
    composed = compose(answer, info, question, best=best, context=_cited_context(chosen))
    stating = None if composed.text.startswith(OTHERWISE) else _restates_unexplained(question, info, citations)
    if stating is None:
        return composed
    # "Why is the Python logo trademarked?" / "The Python logo is trademarked, and in certain
    # cases permission is required to use it.": the sources state the fact, not why. The
    # sentence that states it is the closest they come (no other sentence can deny the premise
    # it states).
    closest_quote = replace(stating, n=1)
    return Answer(
        text=f"{CLOSEST} {closest_quote.quote} [1]",
        grounded=False,
        mode="extractive",
        citations=(closest_quote,),
        related=related,
        outcome="closest",
    )


# How deep among the quotable sentences, and how likely against the likeliest, a runner-up
# that says which one may answer a which-question instead of it. On the development fit splits
# (scripts/eval_sets.py, 7 Dec 2026) every depth from 2 to 5 with a ratio from 0.2 to 0.5
# passes one more case and changes no other answer; with no ratio two unanswerable questions
# are answered. The middle depth and the highest ratio are taken.
_RUNNER_DEPTH = 3
_RUNNER_RATIO = 0.5


# A list of names long enough to say nothing of any one of them: three or more.
_LIST_LENGTH = 3


def _listed_among(sentence: str, name: str) -> bool:
    """Is ``name`` one item of a list of ``_LIST_LENGTH`` or more names in ``sentence`` ("led by
    Ian Murdock, Bruce Perens, Ian Jackson, ...")?"""
    spans = sorted(_names(sentence))
    groups: list[list[tuple[int, int]]] = []
    for span in spans:
        if groups and _NAME_LIST_GAP.fullmatch(sentence[groups[-1][-1][1] : span[0]]):
            groups[-1].append(span)
        else:
            groups.append([span])
    target = normalize(name).lower()
    return any(
        len(group) >= _LIST_LENGTH and any(target in normalize(sentence[a:b]).lower() for a, b in group) for group in groups
    )


def _names_alone(sentence: str, name: str) -> bool:
    """Does ``sentence`` name ``name`` outside any list of names?"""
    return normalize(name).lower() in normalize(sentence).lower() and not _listed_among(sentence, name)


def _numbered_names(info: QuestionInfo) -> list[str]:
    """The question's names with a number in them, each one of a series ("Debconf8")."""
    return [name for name in info.names if any(ch.isdigit() for ch in name)]


def _names_all(sentence: str, names: Sequence[str]) -> bool:
    """Does ``sentence`` name every one of ``names``?"""
    text = normalize(sentence).lower()
    return all(_name_in(name, text) for name in names)


def _likeliest(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The quotable candidates down to ``_RUNNER_DEPTH``."""
    return [c for c in candidates if quotable_sentence(c)][:_RUNNER_DEPTH]


def _says_which(cand: Candidate, info: QuestionInfo, kind: str) -> bool:
    """Does ``cand`` say which thing of ``kind`` the question asks for (names one, says the
    noun for particular ones, or identifies the topic), in a passage about the question's names?"""
    text = cand.sentence.text
    body = "group" if _names_body(kind) else "person" if kind in person_nouns() else ""
    named = names_particular(info, text, body=body)
    return (named or _says_noun(text, kind) or identifies(info, text)) and _about(cand, info)


def _runner_up_saying_which(candidates: Sequence[Candidate], info: QuestionInfo, kind: str) -> Candidate | None:
    """The likeliest of the quotable sentences after the first, down to ``_RUNNER_DEPTH``, that
    says which one (:func:`_says_which`) and is at least ``_RUNNER_RATIO`` times as likely as the
    first; None when there is none."""
    likeliest = _likeliest(candidates)
    if not likeliest:
        return None
    floor = _RUNNER_RATIO * likeliest[0].probability
    return next((c for c in likeliest[1:] if c.probability >= floor and _says_which(c, info, kind)), None)


def _particular_kind(info: QuestionInfo) -> str:
    """The kind of thing (a noun lemma) when the question asks which particular one of it
    ("Which manufacturers ...?", "In which release ...?", "What data structure ...?"), else "":
    a which / what question with the asked noun of a kind, not a person ("who"), nor a type it
    already reads (a date, a place, a number), nor a noun that asks for no kind of thing ("what
    two things", ``_UNTYPED``)."""
    if info.wh == "who" or info.answer_type != "any" or not _WHICH_NOUN.match(info.text):
        return ""
    noun = asked_noun(info.text)
    return "" if noun in _UNTYPED else noun


# A name that ends in a version number ("Debian 1.1", "Python 3", "Debian 0"): a release or
# a product, not a body or a person.
_VERSIONED = re.compile(r"\s\d+(?:\.\d+)*[a-z]?$")


def names_particular(info: QuestionInfo, sentence: str, *, body: str = "") -> bool:
    """Does ``sentence`` name something the question does not: a name, a code name, a number or
    a term in quotes? A sentence that names nothing new cannot say which one. With ``body`` (the
    question asks which "person" or which "group": "Which university hosted ...?"), only a name
    counts, and not one after a preposition of position ("held in Portland, United States of
    America"), which says where, nor a fuller form of the question's own ("DebConf Debconf14"),
    nor one with a version number ("Debian 1.1"), nor for a group a person's name."""
    question = normalize(info.text).lower()
    q_stems = _lower_set(info.text)
    if body:
        spans = [
            s
            for s in _names(sentence)
            if not _after_position_preposition(sentence, s[0])
            and not _fuller_form(sentence[s[0] : s[1]], info.names)
            and not _VERSIONED.search(sentence[s[0] : s[1]])
            and not (body == "group" and is_person_name(sentence[s[0] : s[1]]))
        ]
    else:
        spans = [
            *_names(sentence),
            *(m.span() for m in _CODE_NAME.finditer(sentence)),
            *(m.span() for m in _NUMBER_SPAN.finditer(sentence)),
            *(m.span(1) for m in _QUOTED_TERM.finditer(sentence)),
        ]
    return any(
        sentence[a:b].lower() not in question and _fresh(sentence[a:b], q_stems) for a, b in spans
    )


# A specificational copular clause (Higgins 1979: "X is Y" says which thing X is), with the
# participles that say how a thing is made up ("implemented as", "represented as", "stored as").
_IDENTIFYING = re.compile(
    r"^(?P<subject>.+?)\s+(?:is|are|was|were)\s+(?:(?:implemented|represented|stored|built|realized|realised)\s+as\s+)?"
    r"(?:(?:an?|the)\s+)?(?P<phrase>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)(?=\s*(?:[.,;:()]|$|\s+(?:that|which|with|for|in|of|to|and|but)\b))"
)


# A specifying question: the wh-phrase before a copula ("What data structure is behind ...?",
# "Which format was used ...?"), up to three words after the question word.
_SPECIFYING_QUESTION = re.compile(
    r"^\s*(?:which|what)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*\s+(?:is|are|was|were)\b", re.IGNORECASE
)


def identifies(info: QuestionInfo, sentence: str) -> bool:
    """Does ``sentence`` answer a specifying question ("What data structure is behind CPython
    dicts?") with a specifying clause ("CPython's dictionaries are implemented as resizable hash
    tables."): its subject says a topic term, and its complement is a noun phrase ending with a
    common noun (WordNet) the question does not use? An adjective ("is significantly
    different") identifies nothing; nor does a clause when the question is not copular ("Which
    desktop does Linux Mint use?" is not answered by "Linux Mint is a distribution")."""
    if not _SPECIFYING_QUESTION.match(normalize(info.text)):
        return False
    m = _IDENTIFYING.match(normalize(sentence).strip())
    if m is None:
        return False
    subject = {stem(w) for w in tokens(m.group("subject"))}
    if not subject & set(info.focus):
        return False
    head = m.group("phrase").split()[-1]
    lemma = noun_lemma(head) or head
    return lemma in common_nouns() and stem(head) not in _lower_set(info.text)


def _says_noun(sentence: str, noun: str) -> bool:
    """Does ``sentence`` use ``noun`` (a lemma), in any number, for particular ones? A noun an
    indefinite quantifier governs ("several manufacturers", "some of the companies", "many
    other tools") speaks of members left unspecified (Quirk et al. 1985, 5.24-5.25): it does
    not say which ones."""
    words = [w.lower() for w in _WORDS.findall(sentence)]
    return any(noun_lemma(w) == noun and not _quantified(words, i) for i, w in enumerate(words))


def _quantified(words: Sequence[str], i: int) -> bool:
    """Is the noun ``words[i]`` governed by an indefinite quantifier: up to two modifiers before
    it, and "of the" between them at most ("several manufacturers", "many other tools", "some
    of the companies")?"""
    j, modifiers = i - 1, 0
    while j >= 0:
        word = words[j]
        if word in INDEFINITE_QUANTIFIERS:
            # "the various projects", "its other tools": a definite set, whose members the
            # sentence may go on to name ("Of the various projects ..., only discover remains").
            return not (j >= 1 and words[j - 1] in DEFINITE_DETERMINERS)
        if word == "the" and j >= 1 and words[j - 1] == "of":
            j -= 2
            continue
        if word in STOPWORDS or modifiers == 2:
            return False
        j, modifiers = j - 1, modifiers + 1
    return False


def _about(cand: Candidate, info: QuestionInfo) -> bool:
    """Does the passage ``cand`` sits in (its text, title or heading trail) say every name the
    question gives?"""
    chunk = cand.passage.chunk
    text = normalize(f"{chunk.title} {chunk.section} {chunk.text}").lower()
    return all(_name_in(name, text) for name in info.names)


def _topic_head_asked(question: str) -> str:
    """The head (a stem) of the topic ``question`` asks where or whether a source treats ("Where
    does the FAQ discuss the PSF's budget?", "Does the handbook mention the number of buildd
    machines?"), or "" when it asks no such thing."""
    topic = located_topic(question) or mentioned_topic(question)
    return topic_head(topic) if topic else ""


def _says_head(head: str, text: str) -> bool:
    """Does ``text`` (a sentence with the heading it sits under) say ``head`` (a stem)? True
    for no head."""
    return not head or head in {noun_stem(t) for t in tokens(text)}


def _treats(chosen: Sequence[Candidate], head: str) -> bool:
    """Does one of ``chosen`` say ``head`` (a stem), in its sentence or its section's heading?"""
    return not head or any(_says_head(head, f"{c.section} {c.sentence.text}") for c in chosen)


def _cited_context(cands: Sequence[Candidate]) -> str:
    """The text of the passages ``cands`` sit in, each once: what a quoted sentence's premise
    reading is read against."""
    return " ".join(dict.fromkeys(c.passage.chunk.text for c in cands))


# How many of the likeliest quotable sentences are read for one that denies the question's claim.
DENIAL_DEPTH = 5
# How many are read for one that spells out the acronym a question asks about.
SPELLING_DEPTH = 10


def _with_denial(chosen: list[Candidate], candidates: Sequence[Candidate], question: str) -> list[Candidate]:
    """``chosen`` with a sentence that denies what ``question`` assumes ("Why was Progeny a
    commercial success?" / "This venture was, sadly, a commercial failure"), when none of them
    does and one of the ``DENIAL_DEPTH`` likeliest quotable sentences does: the answer must show
    the evidence against the premise, which :func:`compose` then leads with. Only for a question
    that presupposes its claim (a why-question, one of degree): a yes/no question puts its claim
    forward, and its answer is read from what is quoted. Not when a quoted sentence states the
    claim (:func:`compose` would not lead with the denial then)."""
    if not chosen or not asserts(question) or not _PRESUPPOSED.search(normalize(question)):
        return chosen
    # Read against the passages the answer cites, as :func:`compose` reads its quotes.
    cited = _cited_context(chosen)
    if any(contradicts(question, c.sentence.text, cited) for c in chosen):
        return chosen
    claim = _proposition(question)
    if any(states(claim, c.sentence.text, threshold=STATED_SCORE) for c in chosen):
        return chosen
    likely = [c for c in candidates if quotable_sentence(c)][:DENIAL_DEPTH]
    for cand in likely:
        if cand not in chosen and contradicts(question, cand.sentence.text, _cited_context([*chosen, cand])):
            return in_reading_order([*chosen, cand])
    return chosen


_REPLY = re.compile(rf"^\W*(?:{'|'.join(sorted(REPLY_WORDS))})\b", re.IGNORECASE)


def _reply_under_question(chosen: Sequence[Candidate], candidates: Sequence[Candidate], min_cosine: float) -> Candidate | None:
    """The reply a quoted section opens with, for a yes/no question: in the passage of the
    first quoted sentence, the sentence right under a heading that is itself a question and says
    the reader's question in other words (their similarity at least ``min_cosine``, the rule
    gate's paraphrase similarity), when it opens with "Yes" or "No" ("Is there a scanf()
    equivalent?" / "No, but ...") and is not quoted already; else the reply under the
    retrieved question heading most similar to the reader's, at least ``FAR_REPLY_COSINE``."""
    if not chosen:
        return None
    # The first sentence under a question heading, each with its heading's similarity to the question.
    headed = [c for c in candidates if c.features and c.features[AFTER_HEADING] and ends_as_question(c.section)]

    def unquoted_reply(cand: Candidate) -> bool:
        return bool(_REPLY.match(cand.sentence.text)) and all(cand.sentence is not c.sentence for c in chosen)

    chunk = chosen[0].passage.chunk.id
    for cand in headed:
        if cand.passage.chunk.id == chunk and cand.features[HEADING_COSINE] >= min_cosine and unquoted_reply(cand):
            return cand
    # Else the section whose question heading says the reader's question best, among every
    # retrieved one, when it opens with a reply ("Do I have to like 'Monty Python's Flying
    # Circus'?" / "No, but it helps."): its reply answers although none of its sentences was
    # quoted. Only the best-matching heading: a reply under a less similar question ("Are there
    # any books on Python?" / "Yes, ...") answers that question, not the reader's.
    top = max(headed, key=lambda c: c.features[HEADING_COSINE], default=None)
    if top is not None and top.features[HEADING_COSINE] >= FAR_REPLY_COSINE and unquoted_reply(top):
        return top
    return None


# How similar a question heading outside the quoted passage must be to the reader's question
# for the reply under it to answer (:func:`_reply_under_question`). Chosen on the development
# fit splits (6 Dec 2026): at 0.55 (the rule gate's paraphrase similarity, which the quoted
# passage's own heading needs) and at 0.6, one more yes/no question passes but other answers open
# with a reply from another question's section ("No, sorry." under "Can zlib handle .Z files?"
# for one about building a DLL); at 0.7 the same pass and no other answer changes; at 0.8 none.
FAR_REPLY_COSINE = 0.7


# How many of the best candidates a how-many question's list may come from when the
# selection declines (a count is read off a list only near the top of the ranking).
COUNT_CANDIDATES = 3


def _counted(info: QuestionInfo, candidates: Sequence[Candidate], gate: Gate | None = None) -> Answer | None:
    """A declined how-many question answered by a list one of the best candidates gives: the
    count a reader derives from it, the list, and the sentence quoted. With ``gate``, the
    sentence must pass the rule gate's test of answering the question (:func:`acceptable`): a
    list of the same kind of thing on another topic ("two new architectures" of another
    release) is no answer."""
    if info.wh != "how many" or info.is_attack:
        return None
    for candidate in [c for c in candidates if not c.is_heading][:COUNT_CANDIDATES]:
        if gate is not None and not acceptable(gate, candidate):
            continue
        citation = citation_for(1, candidate.passage, candidate.sentence)
        counted = count_phrase(info, citation.quote)
        if counted:
            return Answer(
                text=f"{counted} [1]. {citation.quote} [1]", grounded=True, mode="extractive", citations=(citation,)
            )
    return None


def _multi_part(*, corpus: Corpus, answerer: Answerer, parts: Sequence[str], k: int, scene: str = "") -> Answer:
    """Each part answered on its own; the answer says which parts the sources do not answer.
    A part is searched as a whole question is (``_pipeline.retrieval_query``): with the
    ``scene`` it was asked in, its own words weighed twice."""
    answered: list[Answer] = []
    missing: list[str] = []
    for part in parts:
        found = corpus.search(f"{part} {scene} {part}" if scene else part, k)
        sub = offline_answer(
            corpus=corpus, answerer=answerer, question=part, info=analyze_question(part), found=found,
            passages=found.passages, split=False,
        )
        if sub.outcome != "answered":
            missing.append(part)
            continue
        answered.append(sub)
    if not answered:
        return Answer(text=NOT_ANSWERED, grounded=False, mode="extractive")
    return _joined(answered, [f"The sources don't answer “{part}”" for part in missing])


def _joined(answers: Sequence[Answer], notes: Sequence[str] = ()) -> Answer:
    """Answered ``answers`` one after the other, their citations numbered on, then ``notes``."""
    texts: list[str] = []
    citations: list[Citation] = []
    for sub in answers:
        offset = len(citations)
        texts.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", sub.text))
        citations.extend(replace(c, n=c.n + offset) for c in sub.citations)
    return Answer(text=" ".join([*texts, *notes]), grounded=True, mode="extractive", citations=tuple(citations))


def _denied(*, corpus: Corpus, answerer: Answerer, claim: str, k: int) -> Answer | None:
    """The answer to the question that takes ``claim`` for granted, as the premise clause does
    (:func:`presupposing_question`), when it is that the sources say otherwise, else None. Of
    such a question a sentence among the likeliest that denies the claim is quoted
    (:func:`_with_denial`), which a yes/no question would not look for."""
    asked = presupposing_question(claim)
    found = corpus.search(asked, k)
    answer = offline_answer(
        corpus=corpus, answerer=answerer, question=asked, info=analyze_question(asked), found=found,
        passages=found.passages, split=False,
    )
    return answer if answer.outcome == "answered" and answer.text.startswith(OTHERWISE) else None
