"""Question analysis: what kind of answer a question wants, and what it is about. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from .. import lexicon
from ..text import STOPWORDS, ends_as_question, normalize, sentence_spans, stem, tokens

__all__ = [
    "located_topic",
    "topic_head",
    "noun_stem",
    "SOURCE_PHRASE",
    "AnswerType",
    "QuestionInfo",
    "QuestionReading",
    "analyze_followup",
    "analyze_question",
    "clause_spans",
    "counts_head",
    "credits_creator",
    "has_answer_type",
    "is_cross_reference",
    "is_acronym",
    "is_instruction_attack",
    "is_label_like",
    "is_naming_request",
    "is_yes_no",
    "lemma_stem",
    "proper_names",
    "read_question",
    "restrictors",
]

AnswerType = Literal["person", "date", "duration", "place", "number", "recommendation", "reason", "any"]

# Words that say what kind of answer is wanted, not what the answer is about.
_GENERIC = frozenset(stem(w) for w in lexicon.GENERIC_WORDS)
# Light verbs carry little meaning of their own ("carry out attacks" is about the attacks).
_LIGHT = frozenset(stem(w) for w in lexicon.LIGHT_VERBS)
# Function words the stop list lacks (prepositions and adverbs, most of them in the Glasgow IR
# stop list): they frame a question ("besides soldiers, who else ...") and name no topic.
# Indefinite pronouns ("is anyone ...?", "is there anything ...?") name no topic either.
_FUNCTION = lexicon.FRAMING_WORDS | lexicon.INDEFINITE_WORDS
# Words of a question that say how it is asked rather than what about: auxiliaries and their
# negative contractions ("doesn't"), hedges ("roughly"), conjunctive adverbs that tie it to what
# came before ("instead").
_FRAME = lexicon.AUXILIARIES | lexicon.QUESTION_HEDGES | lexicon.COHESIVE_CONJUNCTIONS
# The words a contraction's clitic ("there's", "what's", "I'd") may lean on without naming a topic.
_CLITIC_HOSTS = STOPWORDS | lexicon.WH_WORDS | lexicon.CLITIC_HOSTS


@lru_cache(maxsize=65536)
def lemma_stem(word: str) -> str:
    """The stem of ``word``'s lemma when it is an irregular form (WordNet 3.0's exception
    lists: "led" -> "lead", "began" -> "begin"), or a regular form of a short word that the
    stemmer leaves whole ("died" -> "die", "uses" -> "use"); else of the word itself."""
    irregular = lexicon.irregular_lemmas().get(word)
    if irregular:
        return stem(irregular)
    stemmed = stem(word)
    if stemmed == word:
        # Too short for the stemmer to tell an ending from the word: WordNet's morphy
        # detachment rules, taken only when the word is no lemma itself and the base is one.
        words = lexicon.english_words()
        if word not in words:
            base = next((b for b in lexicon.regular_bases(word) if len(b) >= 3 and b in words), None)
            if base is not None:
                return stem(base)
    return stemmed


_REPORTING = frozenset(stem(w) for w in lexicon.REPORTING_VERBS)


def _names_source(words: Sequence[str], i: int) -> bool:
    """Is ``words[i]`` a noun for a document that the question names as its source, not its
    topic ("what does the FAQ say about ...", "how does the handbook view ...", "from the
    manual")? A determiner opens it (one modifier may come between: "the Windows FAQ"), and a
    reporting verb follows it or a preposition of source comes before it."""
    if words[i] not in lexicon.DOCUMENT_NOUNS:
        return False
    at = next((j for j in (i - 1, i - 2) if j >= 0 and words[j] in lexicon.SOURCE_DETERMINERS), None)
    if at is None:
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    return (
        stem(following) in _REPORTING
        or following in lexicon.VIEW_VERBS
        or (at > 0 and words[at - 1] in lexicon.SOURCE_OF_PREPOSITIONS)
    )


def _names_thing(words: Sequence[str], i: int) -> bool:
    """Is the general word ``words[i]`` an adjective of importance ("key", "main") used as a
    noun, naming a thing: no content word follows it ("bios setup key?", "sign my GPG key",
    "looking up a key in one"), where before one it ranks it ("key findings", "main reason")?"""
    if words[i] not in lexicon.IMPORTANCE_ADJECTIVES:
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    return not following or following in STOPWORDS or following in _FUNCTION


def _frames(words: Sequence[str], i: int) -> bool:
    """Is ``words[i]`` part of how the question is asked (an auxiliary, a hedge, a contracted
    operator such as "there's", a semi-auxiliary before "to": "supposed to") rather than its topic?"""
    word = words[i].replace("’", "'")
    if word in _FRAME:
        return True
    host, apostrophe, _clitic = word.partition("'")
    if apostrophe and host in _CLITIC_HOSTS:
        return True
    following = words[i + 1] if i + 1 < len(words) else ""
    return word in lexicon.SEMI_AUXILIARIES and following == "to"


# Verbs by which a question asks what the source thinks ("what does the study expect ...?"):
# like "say", they name no topic.
_OPINION = frozenset(stem(w) for w in lexicon.OPINION_VERBS)
# Nouns that ask for someone's role: the answer is a title ("director of ...", "an expert in ..."),
# which need not repeat them.
_ROLE_NOUNS = frozenset(stem(w) for w in lexicon.ROLE_NOUNS)

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|instructions|rules|prompt|guidelines|previous|above|context)\b"
    r"|\b(system prompt|your prompt|your instructions|developer mode|jailbreak)\b"
    r"|\b(pretend|imagine|act as|roleplay|role-play|you are now|from now on)\b"
    r"|\b(write|compose)\b.{0,20}\b(poem|song|story|joke|essay|limerick)\b"
    r"|\b(say|state|claim|answer|respond|reply)\b.{0,30}\b(that the study|the study says|that it says|with only|only with)\b"
    r"|\bprint\b.{0,30}\b(prompt|instructions|configuration|api key|secret)\b",
    re.IGNORECASE,
)

# A decade dates an event in a time adverbial ("in the 1970s", "during the late 1980s"); after a
# noun ("a series from the 1970s") it describes the thing, not when the asked event happened.
TIME_ADVERBIAL = r"\b(?:in|during|since|until|till|by|throughout)\s+the\s+"
_DATE = re.compile(
    rf"{TIME_ADVERBIAL}(?:(?:early|mid|late)[- ])?(?:1[89]\d0|20\d0)['’]?s\b|"
    rf"\b(1[89]\d\d|20\d\d)\b|\b({'|'.join(lexicon.CALENDAR_WORDS)})\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b",
    re.IGNORECASE,
)
# "How old ...?" asks for an age: a number of years old, or aged, or at the age of one.
_HOW_OLD = re.compile(r"\bhow old\b")
_AGE_NUMBER = rf"(?:\d+|{'|'.join(lexicon.NUMBER_WORDS)})"
_AGE = re.compile(
    rf"\b{_AGE_NUMBER}[\s-]+(?:years?|months?)[\s-]+old\b|\baged\s+{_AGE_NUMBER}\b|\bage\s+of\s+{_AGE_NUMBER}\b"
    # "released more than 5 years ago": how old a thing is, counted back from now.
    rf"|\b{_AGE_NUMBER}-year-old\b|\b{_AGE_NUMBER}\s+(?:years?|months?|weeks?|days?)\s+ago\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(rf"\b\d[\d,.]*\b|\b({'|'.join(lexicon.NUMBER_WORDS)})\b", re.IGNORECASE)
# "How often ...?" asks for a frequency: a definite frequency adjunct (Quirk et al. 1985,
# 8.64-8.66): "daily", "every two years", "every 6 to 18 months", "each month", "twice a year",
# "per week". A number that is no frequency ("for 5 years") does not answer it.
_HOW_OFTEN = re.compile(r"\bhow often\b")
_UNITS = "|".join(lexicon.TIME_UNITS)
_FREQUENCY = re.compile(
    rf"\b(?:{'|'.join(sorted(lexicon.FREQUENCY_ADVERBS))})\b"
    rf"|\b(?:every|each)\s+(?:[\w-]+\s+(?:(?:to|or)\s+[\w-]+\s+)?)?(?:[\w-]+\s+)?(?:{_UNITS})s?\b"
    rf"|\b(?:once|twice|thrice|[\w-]+\s+times)\s+(?:a|an|per|each|every)\s+(?:{_UNITS})\b"
    rf"|\bper\s+(?:{_UNITS})\b",
    re.IGNORECASE,
)
# A stretch of time: "three years", "several months", "a decade", "less than 30 minutes": a
# number or a quantifier before a unit of time (lexicon.TIME_UNITS, singular or plural).
_TIME_UNIT_FORMS = "|".join(
    f"{u[:-1]}(?:y|ies)" if u.endswith("y") and u[-2] not in "aeiou" else f"{u}s?" for u in lexicon.TIME_UNITS
)
_DURATION = re.compile(
    rf"\b(?:\d[\d,.]*|a|an|{'|'.join(lexicon.NUMBER_WORDS)}|several|few|many|some)\s+(?:more\s+|full\s+)?"
    rf"(?:{_TIME_UNIT_FORMS})\b",
    re.IGNORECASE,
)
# A stretch between two years answers "how long" too: "from 1993 to 1996", "between 2004 and
# 2007", "1993-1996".
_YEAR_RANGE = re.compile(
    r"\b(?:from|between)\s+(?:[\w,]+\s+){0,2}?(?:1[89]\d\d|20\d\d)\s+(?:to|until|till|through|and)\s+"
    r"(?:[\w,]+\s+){0,2}?(?:1[89]\d\d|20\d\d)\b|\b(?:1[89]\d\d|20\d\d)\s*[-–]\s*(?:1[89]\d\d|20\d\d|\d\d)\b",
    re.IGNORECASE,
)
# "How long has X been ...?" is answered by "since <date>" too.
_PERFECT_HOW_LONG = re.compile(r"\bhow long\s+(?:has|have|had)\b", re.IGNORECASE)
_SINCE_DATE = re.compile(r"\bsince\b[^.;]{0,80}?\b(?:1[89]\d\d|20\d\d)\b", re.IGNORECASE)
# The adjective of "how long/old/far ...": part of the question word, not its topic.
_HOW_ADJECTIVE = re.compile(
    r"\bhow\s+(long|old|far|often|soon|quickly|fast|big|large|tall|high|wide|deep)\b", re.IGNORECASE
)
_RECOMMEND = re.compile(
    r"\b(recommend\w*|should|ought|urge[sd]?|advis\w+|propos\w+|suggest\w*|calls? for|must take|needs? to"
    rf"|{'|'.join(sorted(lexicon.COMMENDING_PHRASES))})\b",
    re.IGNORECASE,
)
# An imperative main clause is a directive (Quirk et al. 1985, 11.24-11.25): "If you want a new
# list, use the built-in sorted() function instead." Its verb opens the sentence, or the main
# clause after an opening conditional, purpose or temporal clause, in its base form (no -s, -ed,
# -ing, and no -ly adverb), with its object after it: a determiner or pronoun, or a call. The
# opening clause may hold a bracketed aside with commas of its own ("If your package is
# architecture independent (for example, a shell or Perl script), change this to all").
_IMPERATIVE = re.compile(
    r"^(?:(?:if|when|to|for|instead|otherwise|alternatively)\b(?:[^,(]|\([^()]*\))*,\s*)?([A-Za-z]+)\s+(\S+)",
    re.IGNORECASE,
)
_CALL = re.compile(r"[\w.]+\(\)")


def imperative(sentence: str) -> bool:
    """Does ``sentence`` (a whole sentence: it opens with a capital) direct the reader, in the
    imperative (``_IMPERATIVE``)?"""
    text = sentence.strip()
    match = _IMPERATIVE.match(text)
    if match is None or not text[:1].isupper():
        return False
    verb, following = match.group(1).lower(), match.group(2)
    if verb in STOPWORDS or verb in lexicon.AUXILIARIES or verb in lexicon.PREPOSITIONS:
        return False
    if re.search(r"(?:s|ed|ing|ly)$", verb) and not verb.endswith("ss") or not lexicon.is_english(verb):
        return False
    return following.lower().rstrip(".,;:!?") in lexicon.IMPERATIVE_OBJECTS or bool(_CALL.match(following))
# What gives a reason or a purpose: the lexicon's causal and purpose markers, reason
# subordinators and the nouns that name a reason or a purpose.
_REASON = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(m).replace(r"\ ", r"\s+")
        for m in sorted(
            lexicon.CAUSAL_MARKERS | lexicon.PURPOSE_MARKERS | lexicon.REASON_SUBORDINATORS | lexicon.REASON_NOUNS,
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.IGNORECASE,
)
_PLACE_WORDS = re.compile(rf"\b({'|'.join(lexicon.PLACE_WORDS)})\b", re.IGNORECASE)
# "In the os module", "under Tools/scripts", "at https://...": where a technical document says a thing is.
_LOCATION = re.compile(
    rf"\b(?:in|under|inside|from|at|on)\s+(?:the\s+|a\s+|your\s+)?(?:[\w./-]+\s+){{0,3}}?"
    rf"(?:{'|'.join(lexicon.LOCATION_NOUNS)})\b|https?://|\b\w+\.(?:org|com|net|io|py)\b"
    # A path: after a preposition of place ("under Tools/scripts"), from the root or home
    # ("/etc/apt", "~/.config"), or of three parts ("debian/source/format"); two parts are
    # read by ``_is_path``.
    rf"|\b(?:in|under|inside|from|at|on|into)\s+(?:the\s+|a\s+|your\s+)?[\w.~-]*/[\w./-]*\w"
    rf"|(?<![\w/])[/~][\w.-]*/?[\w.-]+/?|\b[\w.-]+/[\w.-]+/[\w./-]*",
    re.IGNORECASE,
)
# Two words with a slash between them: a path ("debian/rules") or alternatives ("GNU/Linux").
_TWO_PARTS = re.compile(r"(?<![\w/.~-])([\w.-]+)/([\w.-]+)(?![\w/])")


def _is_path(first: str, second: str) -> bool:
    """Is ``first/second`` a path rather than alternatives? A slash between two capitalised
    words or two English words mostly means "or" ("GNU/Linux", "TCP/IP", "read/write",
    "and/or"; a path after a preposition of place, "under Tools/scripts", is read by
    ``_LOCATION``); a path has a part that is neither ("debian/rules", "src/main.c")."""
    if first[:1].isupper() and second[:1].isupper():
        return False
    return not (lexicon.is_english(first.lower()) and lexicon.is_english(second.lower()))


# A place noun after only a definite determiner or a possessive ("within the country"), unless a
# name in apposition or after "of" says which ("the capital, Kabul", "the city of Boston").
_BARE_PLACE = re.compile(
    rf"\b(?:the|this|that|its|their|our|your)\s+(?:{'|'.join((*lexicon.PLACE_WORDS, *lexicon.LOCATION_NOUNS))})\b"
    r"(?!\s*,?\s*(?:of\s+)?(?-i:[A-Z]))",
    re.IGNORECASE,
)
# A capitalised word after a preposition of place (and "the"): where a name stands for a place.
_PLACED_NAME = re.compile(rf"\b(?:{'|'.join(lexicon.PLACE_PREPOSITIONS)})\s+(?:the\s+)?([A-Z][\w'’-]*)")
# A middle initial ("Richard M. Stallman") stands inside a name, before another capitalised word.
_NAME = re.compile(
    r"\b(?:[A-Z][\w’'-]+|[A-Z]{2,})(?:\s+(?:(?:al|bin|ibn|de|van|von|of|and|the)\s+)?(?:[A-Z]\.(?=\s+[A-Z][a-z])|[A-Z][\w’'-]+|[A-Z]{2,}))*"
)
_SENTENCE_START_WORDS = lexicon.SENTENCE_OPENERS


# Where a sentence divides into clauses: punctuation, and words that open a subordinate clause
# or a new phrase of a list.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u201c\u201d\"]\s*|\s+(?=(?:which|who|whom|whose|where|because|since|while|although|though|"
    r"due to|driven by|given|particularly|including|such as|following|as well as|but also|not only)\b)",
    re.IGNORECASE,
)
_EXPANSION = re.compile(
    r"\bstands? for\b|\bshort for\b|\babbreviat\w*|\bacronym\b|\bfull (form|name)\b|\bspelled out\b",
    re.IGNORECASE,
)
# Verbs of naming: "what is it called?" is answered by "titled ..." or "named ...".
NAMING = frozenset(stem(w) for w in lexicon.NAMING_VERBS)
# Auxiliaries and determiners between a wh-word and the word that names the asked relation.
_AUX = lexicon.AUXILIARIES | lexicon.DETERMINERS


@dataclass(frozen=True, kw_only=True, slots=True)
class QuestionInfo:
    """What a question asks for."""

    text: str
    answer_type: AnswerType
    focus: tuple[str, ...]  # stems of the content words that carry the topic
    focus_words: tuple[str, ...]  # the same words as written (lower-case), aligned with ``focus``
    names: tuple[str, ...]  # proper names the question mentions, as written
    wh: str  # the question word ("who", "how many", ...) or ""
    is_attack: bool
    # The stem naming what is asked about a typed question ("lead" in "who leads X?", "fighter" in
    # "how many fighters?"): a sentence answers only if it says that relation.
    head: str = ""
    # An acronym whose expansion is asked for ("what does TTP stand for?").
    acronym: str = ""
    # Who made the document: "author" ("who wrote the study?", "Authors?") or "publisher"
    # ("which organisation produced this research?", "Publisher?"). Only a sentence that credits
    # someone with it ("authored by X", "a report by X") answers.
    creator: str = ""
    # A when/where question's words that say what happened (stems: "born" in "Where was X
    # born?", "releas" in "When was woody released?"): its focus terms that are neither part of
    # a name, nor a number, nor a word for the answer's kind. A date or place answers only in a
    # sentence that says one of them: one sharing only the names dates another event.
    event: tuple[str, ...] = ()
    # The focus terms only the message's scene-setting sentences say, kept because its question
    # points back to them ("My uncle swears ... a coffee break ... How long did building the
    # kernel take him?"): what the question is asked against, not what it asks about. The
    # answerer weighs them less (``Thresholds.scene_weight``) and never counts one a hard miss.
    scene: tuple[str, ...] = ()
    # A follow-up that only adds a phrase to the last question ("How long for LTS releases?"
    # then "And for non-LTS ones?"): the focus terms of its own words, which pick the answer
    # among parallel ones ("for 5 years for LTS releases and for 9 months for non-LTS releases").
    contrast: tuple[str, ...] = ()


def proper_names(text: str) -> list[str]:
    """Capitalised names and acronyms in ``text`` (sentence-initial common words excluded)."""
    names = []
    text = normalize(text)
    for match in _NAME.finditer(text):
        name = match.group(0).strip()
        words = name.split()
        # "I'd", "What's", "There's": a function word with a contracted verb.
        opening = _opens_sentence(text, match.start())
        # A sentence's first word is capitalised whatever it is: a function word opening it
        # ("Besides Debian, ...") is no part of a name.
        at_start = opening
        while words and (
            words[0].lower() in _SENTENCE_START_WORDS
            or _contracted_function_word(words[0])
            or (at_start and words[0].lower() in _OPENING_FUNCTION)
        ):
            words = words[1:]
            opening = False
        if len(words) == 1 and opening and not words[0].isupper():
            # One capitalised word opening a sentence ("Now, ...", "Linux?") is no evidence of a name.
            continue
        if not words:
            continue
        name = " ".join(words)
        name = re.sub(r"['’]s$", "", name)
        if name.lower() in STOPWORDS or name.lower() in {"what", "who", "where", "when", "why", "how", "which"}:
            continue
        names.append(name)
    return names


# A name inside a compound adjective ("Debian-specific notes", "Python-based tools"): the name
# is the capitalised part.
_COMPOUND_ADJECTIVE = re.compile(r"(?<=[A-Za-z0-9]{2})-[a-z]+$")
_OPENING_FUNCTION = _FUNCTION | STOPWORDS
_CONTRACTION = re.compile(r"^([A-Za-z]+)['’](?:s|d|m|re|ve|ll)$")


def _contracted_function_word(word: str) -> bool:
    """A pronoun, wh-word or other function word with a contracted verb ("I'd", "What's",
    "Where's", "There's"): capitalised at the start of a question, and no part of a name
    ("What's Debian?" names Debian; "Debian's" stays a name)."""
    match = _CONTRACTION.match(word)
    return match is not None and match.group(1).lower() in STOPWORDS


def _opens_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:;\"'(“"


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the clauses of ``sentence`` (punctuation and subordinators split)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = max(cursor, match.end()) if match.group(0).strip() else match.end()
    if cursor < len(sentence):
        spans.append((cursor, len(sentence)))
    out = []
    for a, b in spans:
        while a < b and not sentence[a].isalnum():
            a += 1
        while b > a and not sentence[b - 1].isalnum():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


# Nouns that only say which kind of answer is wanted ("which year", "what province"): the
# answer type covers them, so a sentence need not repeat them.
_TYPE_NOUNS = frozenset(stem(w) for w in lexicon.TYPE_NOUNS)


# Words that open a verb's object or complement (but not "of", which ties a noun to its owner).
_OBJECT_START = lexicon.OBJECT_STARTERS


# "how many DVDs", "how many CPUs": an acronym with a plural "s" right after "how many".
_COUNTED_ACRONYM = re.compile(r"\b(?i:how many)\s+([A-Z][A-Z0-9]+s)\b")


# "the (maximum) number of X" counts X; "the version number of X" names a number of X's.
_NUMBER_OF = re.compile(
    rf"\b(?:{'|'.join(sorted(lexicon.QUANTITY_MODIFIERS))})\s+(?:number|count)\s+of\s+((?:[\w'’-]+\s+){{0,2}}[\w'’-]+)"
)


# The restrictive modifiers that are no who-question's head after an article ("the current
# Release Manager"); "first" heads a history ("Who was the first leader?": fit splits).
_PICKING_ADJECTIVES = lexicon.RESTRICTIVE_MODIFIERS - {"first"}


def _head(text: str, wh: str) -> str:
    """The stem of the word that names what is asked: the first content word after "who" or
    "how many" ("lead" in "who leads X?"), or the noun of "which/what NOUN" ("book" in "what
    books ...?"). Names and words that only give the answer's kind are skipped."""
    capitalised = {stem(w) for n in proper_names(text) for w in tokens(n)}
    words = tokens(text)
    low = normalize(text).lower()
    match = re.search(r"\b(?:which|what)\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?(?:\s+([a-z][\w'-]*))?", low)
    # "What weapons does ...": a noun naming the asked thing. "What motivates the group ...",
    # "What resulted from ...": a verb, which an object or a preposition follows.
    verb = bool(match and match.group(2) and match.group(2) in _OBJECT_START)
    if verb and match and match.group(0).startswith("which") and lexicon.noun_lemma(match.group(1)):
        # "Which venue in Mar de Plata ...": after "which" a noun is the asked kind of thing; a
        # verb there is rare ("which came first?"), and WordNet tells the two apart.
        verb = False
    # "Which programming language was ...", "what data structure is ...": a noun phrase of two
    # words before the verb, whose head is the second.
    compound = bool(
        match
        and match.group(2)
        and match.group(3)
        and match.group(1) not in _AUX
        and match.group(2) not in _AUX | _OBJECT_START | STOPWORDS
        and match.group(3) in lexicon.AUXILIARIES
    )
    noun = match.group(2) if match and compound else match.group(1) if match else ""
    # "What made Debian different ...", "What went wrong ...": a general English word that is
    # never a noun (WordNet) is the question's verb, not the asked kind of thing.
    verb = verb or bool(len(noun) > 1 and lexicon.is_english(noun) and not lexicon.noun_lemma(noun))
    if match and not verb and noun not in _AUX and noun not in STOPWORDS:
        s = stem(noun)
        if s not in _GENERIC and s not in _TYPE_NOUNS and s not in _ROLE_NOUNS and s not in capitalised:
            return s
    if wh == "how many" and (counted := _NUMBER_OF.search(low)):
        # "What is the maximum number of entries ...": the noun counted after "number of" (its
        # first word that is no name or function word: "the number of Debian developers").
        for w in tokens(counted.group(1)):
            if w not in STOPWORDS and stem(w) not in capitalised:
                return stem(w)
    anchors = {"who": ("who", "whom"), "how many": ("many", "much")}.get(wh)
    if not anchors:
        return ""
    try:
        i = next(i for i, w in enumerate(words) if w in anchors)
    except StopIteration:
        return ""
    rest = words[i + 1 :]
    if wh == "how many" and rest and rest[0] in lexicon.AUXILIARIES:
        # "How much did those attempts slow it down?", "How much will the user community
        # decrease?": an auxiliary right after "how much" asks the degree of what the verb says
        # (Quirk et al. 1985, 8.89), not a count of the subject's noun. The verb ends the run
        # of content words the subject opens ("attempts slow", "user community decrease"); a
        # pronoun subject leaves the verb alone ("it cost").
        run: list[str] = []
        for w in rest[1:]:
            if w in _AUX or w in STOPWORDS or w in lexicon.PREPOSITIONS or stem(w) in capitalised or not w.isalpha():
                if run:
                    break
                continue
            run.append(w)
        return stem(run[-1]) if run else ""
    if wh == "how many" and (plural := _COUNTED_ACRONYM.search(normalize(text))):
        return stem(plural.group(1))  # "How many DVDs ...": an acronym's plural is a common noun
    for j, w in enumerate(rest):
        s = stem(w)
        if w in _AUX or w in STOPWORDS or s in capitalised or _frames(rest, j):
            continue
        if wh == "who" and j and rest[j - 1] in lexicon.DETERMINERS and w in _PICKING_ADJECTIVES:
            # "Who is the current Release Manager?": a restrictive adjective after the article
            # picks one of the asked kind; the noun it modifies names the kind.
            continue
        following = rest[j + 1] if j + 1 < len(rest) else ""
        if w in lexicon.CATENATIVE_VERBS and (following == "to" or following.endswith("ing")):
            continue  # "who tried removing X?": the complement says the relation
        if wh == "how many" and j == 0 and s in _GENERIC and s not in _PRO_FORMS and _is_plural_noun(w):
            # "How many points are in X?": the plural right after "how many" is what is counted,
            # however general a word it is elsewhere ("the main point").
            return s
        if s in _GENERIC or s in _LIGHT or s in _OPINION or s in _TYPE_NOUNS and wh != "how many":
            return ""
        if (
            wh == "how many"
            and following
            and following not in _AUX
            and following not in STOPWORDS
            and not _is_plural_noun(w)
            and _is_plural_noun(following)
            and stem(following) not in capitalised
        ):
            # "How many testing frameworks ...": a modifier, then the plural noun it modifies.
            return stem(following)
        return s
    return ""


# The nouns that stand in for another ("how many things"): they name no kind of thing to count.
_PRO_FORMS = frozenset(stem(w) for w in lexicon.PRO_FORM_NOUNS)


def _is_plural_noun(word: str) -> bool:
    """A plural of a WordNet common noun ("frameworks", "architectures"), or "people"."""
    lemma = lexicon.noun_lemma(word)
    return bool(lemma) and (lemma != word.lower() or word.lower() == "people")


# The question words whose answer (a date, a place) is the setting of an event the question names.
_EVENT_WH = frozenset(["when", "where"])


_POSITIONS = frozenset(stem(w) for w in lexicon.LIST_POSITIONS)


def _event_terms(focus: tuple[str, ...], names: tuple[str, ...], wh: str) -> tuple[str, ...]:
    """The focus terms of a when/where question that say what happened (``QuestionInfo.event``)."""
    if wh not in _EVENT_WH:
        return ()
    named = {stem(w) for n in names for w in tokens(n)}
    return tuple(
        f
        for f in focus
        if f not in named
        and f not in _TYPE_NOUNS
        and f not in _GENERIC
        and f not in _POSITIONS  # "the first DebConf" says which one, not what happened
        and not any(c.isdigit() for c in f)
    )


# "When is the third number incremented?", "When does the committee get involved?": a
# when-question in the simple present asks under what condition something happens, as often
# as at what time (Quirk et al., 1985, §4.6, the habitual present); "since when" and "until
# when" ask for a time.
_HABITUAL_WHEN = re.compile(
    r"(?<!since )(?<!until )\bwhen\s+(?:is|are|does|do)\b|\bat what (?:point|stage|moment)\s+(?:is|are|does|do|should|must|can|will)\b",
    re.IGNORECASE,
)


# The nouns of a list's items ("the first point"); "one" stands for the question's own noun
# ("the first one Debian supported") once a follow-up's "the second one" is resolved.
_LIST_ITEMS = lexicon.LIST_ITEM_NOUNS - {"one", "ones"}


@lru_cache(maxsize=1024)
def restrictors(question: str) -> tuple[str, ...]:
    """The modifiers of ``question`` that pick one thing out of its kind, used attributively
    after a determiner ("the first Social Contract", "the most Debian developers", "the next
    stable release", "the first one" of its own kind; :data:`assistant.lexicon.RESTRICTIVE_MODIFIERS`):
    the answer must say them. Not an adverb ("when was it first posted?") nor a position in a
    list of points or items ("the first point"), nor one on a span of time in a prepositional
    phrase, which dates the question's event ("in its first year", "during the first few
    months": a time adjunct, Quirk et al. 1985, 8.49-8.56, says when, not which one of a kind
    is asked about; "Which was the first year ...?" still asks for the first one)."""
    words = tokens(question)
    return tuple(
        w
        for k, (before, w, after) in enumerate(zip(words, words[1:], words[2:]))
        if w in lexicon.RESTRICTIVE_MODIFIERS
        and before in lexicon.DETERMINERS
        and after not in _LIST_ITEMS
        and not (k and words[k - 1] in lexicon.PREPOSITIONS and _time_span(words[k + 2 : k + 5]))
    )


_TIME_UNITS = frozenset(lexicon.TIME_UNITS)


def _time_span(words: Sequence[str]) -> bool:
    """Do ``words`` (those after an ordinal) name a span of time: a unit of time ("year",
    "months"), perhaps after "few" or "couple of" ("few years", "couple of weeks")?"""
    rest = list(words)
    if rest[:1] == ["few"]:
        rest = rest[1:]
    elif rest[:2] == ["couple", "of"]:
        rest = rest[2:]
    return bool(rest) and (lexicon.noun_lemma(rest[0]) or rest[0]) in _TIME_UNITS


def _object_who(text: str) -> bool:
    """"Who do they target?": the answer is whoever receives the action, not necessarily a name."""
    return bool(re.search(r"\b(who|whom)\s+(do|does|did|else)\b|\bwhom\b", normalize(text).lower()))


# "Which N ...?", also after a preposition ("In which document ...?", "From which version ...?").
_WHICH_NOUN = re.compile(
    rf"^\s*(?:and\s+)?(?:(?:{'|'.join(sorted(lexicon.PREPOSITIONS))})\s+)?(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|may|might|must|'s)\b)[a-z][\w-]*",
    re.IGNORECASE,
)
_ASKED_WORDS = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_ASKED = re.compile(r"\b(?:which|what|how\s+many|how\s+much)\s+(.*)", re.IGNORECASE)


def asked_noun(question: str) -> str:
    """The noun a which / what / how-many question asks about, as a lemma: the last noun of the
    phrase after the question word ("which imprisoned members does ..." -> "member", "how many
    local groups ..." -> "group"), or "" ("what does ...", "which is ...")."""
    match = _ASKED.search(normalize(question))
    if not match:
        return ""
    noun = ""
    words = _ASKED_WORDS.findall(match.group(1))[:6]
    for i, word in enumerate(words[:5]):
        low = word.lower()
        if low in lexicon.AUXILIARIES or low in STOPWORDS:
            break
        lemma = lexicon.noun_lemma(low)
        if not noun and not lemma and lexicon.irregular_lemmas().get(low, low) != low and not low.endswith(("er", "est")):
            # The question's own verb comes first ("what went wrong ...", "what made X ..."): it asks no noun.
            break
        if lemma:
            after = words[i + 1] if i + 1 < len(words) else ""
            if noun and lemma != low and (after.lower() in lexicon.OBJECT_STARTERS or after[:1].isupper()):
                break  # a verb with its object after the noun ("which method picks the winner")
            verbs = {lemma, lexicon.irregular_lemmas().get(low, low)}
            if noun and any(f"{v} {after.lower()}" in lexicon.phrasal_verbs() for v in verbs):
                break  # a phrasal verb after the noun ("which company put out the CD")
            noun = lemma
            if lemma != low:
                break  # a plural noun closes the phrase ("which members", "how many groups")
        elif noun and low.endswith("ed"):
            break  # a verb after the noun ("how many people authored it")
    return noun


# "Which function sets how often ...?", "What company did X found when ...?": an opening
# which/what + noun asks for a thing of that kind; a wh-word after it opens an embedded clause.
# A simple preposition may come first ("During which phase ...": lexicon.PREPOSITIONS).
_WHICH_OPENING = re.compile(
    rf"^\W*(?:(?:{'|'.join(sorted(lexicon.PREPOSITIONS))})\s+)?(?:which\s+(?!{'|'.join(sorted(lexicon.AUXILIARIES))}\b)[a-z]"
    rf"|what\s+[a-z][\w-]*\s+(?:{'|'.join(sorted(lexicon.AUXILIARIES))})\b)"
)


# The kinds the patterns below find by a question word; the others ("recommend", "why") find
# them by a content word ("should", "reasons"), which an opening "which NOUN" does not cancel
# ("Which book does the FAQ recommend?").
_QUESTION_WORDS = frozenset(["how long", "how many", "who", "when", "where"])


def _wh(text: str) -> str:
    """The question word: the earliest of the patterns below to occur (a pattern's own form
    counting: "what year", "which province"), or "" when the question opens by asking for a
    thing of a kind ("which function ...") and a question word comes only later.

    Where sentences that end with a question mark follow or precede statements, the question
    word is the one the questions hold: a statement's is a relative or embedded one ("The
    history mentions the first release whose set needed two discs. How much software was on
    it?")."""
    spans = sentence_spans(text)
    if len(spans) > 1:
        asking = [sentence for s in spans if ends_as_question(sentence := text[s.start : s.end])]
        if asking and len(asking) < len(spans):
            text = " ".join(asking)
    norm = normalize(text)
    low = norm.lower()
    found: list[tuple[int, int, str]] = []
    for order, (pattern, word) in enumerate(_WH_PATTERNS):
        m = next((m for m in re.finditer(pattern, low) if not _relative(norm, m)), None)
        if m:
            found.append((m.start(), order, word))
    if not found:
        return ""
    start, _order, word = min(found)
    if _polar_with_embedded_wh(norm, start):
        return ""
    opening = _WHICH_OPENING.match(low)
    if opening and word in _QUESTION_WORDS and start >= opening.end() - 1:
        return ""
    return word


# The word before a preposition, and the preposition, right before a question word.
_NOUN_PREPOSITION = re.compile(r"([^\W\d_][\w'’-]*)\s+([a-z]+)\s+$")


def _polar_with_embedded_wh(text: str, start: int) -> bool:
    """Does a yes/no question (opening with an auxiliary) hold its question word inside a
    prepositional phrase that postmodifies a noun ("Is there a size limit on how much data zlib
    can compress?")? The wh-clause is then the preposition's complement, part of the noun
    phrase the yes/no question asks about (Quirk et al. 1985, 15.6, 9.3): it is not what is
    asked. After a verb ("Does the FAQ talk about when ...?"), or a noun that asks for what
    the clause says ("Is there any information on where ...?", ``lexicon.GENERIC_WORDS``), it
    is left as it is."""
    if not _opens_with_auxiliary(text[:start]):
        return False
    before = _NOUN_PREPOSITION.search(text[:start].lower())
    if before is None or before.group(2) not in lexicon.PREPOSITIONS:
        return False
    head = before.group(1)
    if head in lexicon.GENERIC_WORDS:
        return False
    a_verb = bool({head, *lexicon.regular_bases(head)} & lexicon.WH_CLAUSE_VERBS)
    return bool(lexicon.noun_lemma(head)) and not a_verb and head not in lexicon.non_nouns()


def _opens_with_auxiliary(text: str) -> bool:
    """Does ``text`` open with an auxiliary, after a conjunction or two ("And is it ...")?"""
    words = tokens(normalize(text).lower())
    while words and words[0] in {"and", "so", "but", "then", "also"}:
        words = words[1:]
    return bool(words) and words[0] in lexicon.AUXILIARIES


_RELATIVE_WH = frozenset(["who", "whom", "whose"])
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’-]*)\s+$")


def _relative(text: str, match: re.Match[str]) -> bool:
    """Is the "who", "whom" or "whose" at ``match`` a relative pronoun (or the "should" at it in a
    relative clause): right after a noun phrase it postmodifies ("people who cannot see", "Ian
    Murdock who", "packages whose"; Quirk et al. 1985, 17.9-17.12), not a question word opening
    the question, a clause after a conjunction or a preposition ("and who", "about who"), or an
    interrogative clause after a verb of knowing or telling ("says who",
    :data:`assistant.lexicon.WH_CLAUSE_VERBS`)?"""
    before = _PREVIOUS_WORD.search(text[: match.start()])
    if match.group(0) == "should":
        # "the version that should have been 1.0": a modal inside a relative clause gives no advice.
        return before is not None and before.group(1).lower() in lexicon.RELATIVE_WORDS and bool(text[: before.start()].strip())
    if match.group(0) not in _RELATIVE_WH:
        return False
    if before is None or not text[: before.start()].strip():
        return False  # the question opens with it (or with the word before: "Alice, who ...?")
    word = before.group(1)
    low = word.lower()
    if low in lexicon.RELATIVE_HEADS:
        return True
    if low in STOPWORDS or low in lexicon.PREPOSITIONS or low in lexicon.COORDINATORS or low in lexicon.AUXILIARIES:
        return False
    if word[0].isupper():
        return True  # a name
    bases = {low, lexicon.irregular_lemmas().get(low, low), *lexicon.regular_bases(low)}
    return not bases & lexicon.WH_CLAUSE_VERBS and bool(lexicon.noun_lemma(low))


# Up to two words before the noun of "which/what NOUN", none an auxiliary ("which Afghan
# provinces"; not "what is the area").
_MODIFIERS = rf"(?:(?!(?:{'|'.join(sorted(lexicon.AUXILIARIES))})\b)[A-Za-z][\w-]*\s+){{0,2}}?"
# "which year", "what season", "in which decade(s)", "which calendar year".
_DATE_NOUNS = "|".join(sorted(lexicon.DATE_NOUN_FORMS, key=lambda w: (-len(w), w)))
# The date nouns but "time" (which after "what is the" is more often a duration).
_DATE_NOUNS_NOT_TIME = "|".join(
    sorted(lexicon.DATE_NOUN_FORMS - {"time", "times"}, key=lambda w: (-len(w), w))
)


# "the", or a possessive ("Debian's"), before the complement's head.
_THE_OR_POSSESSIVE = r"(?:the|[a-z][\w-]*'s)"


def _heading_the_complement(nouns: str, owner: str = "the") -> str:
    """A pattern for one of ``nouns`` heading the complement of "what is/was ``owner`` ...",
    after up to two modifiers ("what is the latest version number", "what was the release
    date"): the noun names the kind of answer asked for. Matched against the question
    normalised and in lower case, as :func:`_wh` reads it."""
    return rf"\bwhat(?:'s|\s+is|\s+was)\s+{owner}\s+(?:[a-z-]+\s+){{0,2}}?(?:{nouns})"
# One word between "which/what" and its noun, neither an auxiliary nor a determiner ("which
# exact date", "which port number"; not "what happened that year").
_ONE_MODIFIER = rf"(?:(?!(?:{'|'.join(sorted(lexicon.AUXILIARIES | lexicon.DETERMINERS))})\b)[A-Za-z][\w-]*\s+)"
# The rest of a sentence up to its question mark, or to the end of the text without a full
# stop or an exclamation mark ("v1.2" and "e.g." keep their dots: a dot before a letter or
# digit ends nothing).
_ASKING_REST = r"(?:[^.!?]|\.(?=\w))*(?:\?|$)"
_SUBJECTS = "|".join(sorted(lexicon.SUBJECT_PRONOUNS))
_WH_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bhow long\b", "how long"),
    # "What number ...", also with one modifier ("which port number": a bare "which number"
    # picks one of several) or after "what is the" ("what is the latest version number").
    (rf"\bhow (many|much|old)\b|\bwhat (number|percentage|share|proportion|amount)\b|\bhow often\b"
     rf"|\b(?:what|which) {_ONE_MODIFIER}number\b|{_heading_the_complement('number')}\b",
     "how many"),
    (r"\bwho(m|se)?\b|\bby whom\b|\bwhat (person|people|individual|organi[sz]ation|group)\b|"
     r"\bwhich (person|people|individual|organi[sz]ation|author|researcher|expert)\b|\bnames? of\b", "who"),
    # "When" asks for a time where it opens the question (or a clause of it: "and when ...",
    # "since when"); elsewhere it opens a condition ("what happens when I ...?"). A sentence
    # that opens with it and ends with a full stop is a statement ("When I call f on it I get
    # 1, 2, 3. How do I ...?"): only one that ends with a question mark, or not at all, asks.
    # "When" before a participle or a subject pronoun opens a clause of time, not a question
    # ("When putting X inside Y, how many ...?", "When I run it, why ...?"): the question word
    # of an asking "when" comes before its subject ("When did I ...?").
    (rf"(?:^\W*(?:(?:and|so|but|then|ok|okay|also)\W+)?|[.;?!]\s*)when\b(?!\s+(?:[a-z]+ing|{_SUBJECTS})\b)"
     rf"(?={_ASKING_REST})|\b(?:since|until|till) when\b|\bat what (?:point|stage|moment)\b|"
     rf"\b(?:what|which) {_ONE_MODIFIER}?(?:{_DATE_NOUNS})(?![\w-])"
     # The date noun heading the complement of "what is the ..." or of a possessive, as
     # "number" does above ("What was the release date of sarge?", "What is Debian's release
     # date?"); not "time", which there is more often a duration ("what is the running time").
     rf"|{_heading_the_complement(_DATE_NOUNS_NOT_TIME, owner=_THE_OR_POSSESSIVE)}(?![\w-])",
     "when"),
    # "Which Afghan provinces ...": a modifier or two may stand before the place noun.
    (rf"\bwhere\b|\bwhich {_MODIFIERS}(province|provinces|region|regions|country|countries|city|cities|"
     rf"place|places|area|areas|territory|district|districts)\b|\bwhat {_MODIFIERS}(province|provinces|"
     r"region|regions|country|countries|city|place|places|area|areas)\b", "where"),
    # "How should I ...?" asks for a manner, which the answer says however it is worded ("The
    # 'Val' as in the word 'value'"), as "How do I ...?" does; "What should I use?" asks for advice.
    (r"\brecommend\w*\b|(?<!\bhow )\bshould\b|\badvi[cs]e\b|\bsuggest\w*\b|\bpropos\w*\b|\bwhat (can|could|must) .* do\b",
     "recommend"),
    # "How come ...?" and "For what purpose/reason ...?" ask why ("how come" is an informal
    # "why": Merriam-Webster, "how come").
    (r"\bwhy\b|\bhow come\b|\bfor what (?:purpose|reason)s?\b|\bwhat role\b|\bwhat(?:'s|’s|\s+is|\s+was)\s+the\s+(?:point|purpose|aim|goal)\s+of\b|\bwhat (are|were|is) the (reasons?|causes?|drivers?|motives?)\b|\bwhat (drives|causes|explains)\b|"
     r"\breasons?\b|\bcauses?\b", "why"),
)


_TYPE_OF: dict[str, AnswerType] = {
    "how many": "number",
    "who": "person",
    "when": "date",
    "how long": "duration",
    "where": "place",
    "recommend": "recommendation",
    "why": "reason",
}


def is_instruction_attack(text: str) -> bool:
    """True for text that tries to instruct the assistant rather than ask about the sources."""
    return bool(_INJECTION.search(normalize(text)))


# Asking who made the document: nouns and verbs for its writers, and for the body that issued it.
_AUTHOR_WORDS = lexicon.AUTHOR_WORDS
_PUBLISHER_WORDS = lexicon.PUBLISHER_WORDS
_DOCUMENT_WORDS = lexicon.DOCUMENT_WORDS
_DOCUMENT_NOUN = r"(?:study|report|paper|research|article|analysis|survey|book|summary|brief|publication)"
_CREDIT = {
    "author": re.compile(r"\b(?:co-?)?(?:authored|written|penned)\s+(?:jointly\s+)?by\s+(?:the\s+)?[A-Z]"
                         r"|\b[A-Z][\w’'-]*\s+(?:wrote|authored|co-authored)\b"),
    "publisher": re.compile(rf"\b{_DOCUMENT_NOUN}\s+(?:[\w-]+\s+){{0,2}}?by\s+(?:the\s+)?[A-Z]"
                            r"|\b(?:published|produced|conducted|prepared|issued|released|commissioned|carried out)\s+by\s+(?:the\s+)?[A-Z]"
                            r"|\b[A-Z][\w’'-]*\s+(?:published|produced|conducted|issued|released|commissioned)\b"),
}


def _creator(text: str, wh: str, content: int) -> str:
    """"author" or "publisher" when ``text`` asks who made the document, else "". Asked with "who",
    with "which/what" and a maker noun, or tersely ("Authors?", "Study publisher")."""
    low = normalize(text).lower()
    words = tokens(text)
    asks = (
        wh == "who"
        or bool(re.match(r"\s*(?:which|what)\s+(?:[\w-]+\s+)?(?:author|writer|researcher|publisher|organi[sz]ation|institut|think)", low))
        or (not wh and content <= 2)
    )
    if not asks:
        return ""
    about_document = any(w in _DOCUMENT_WORDS for w in words) or (not wh and content <= 2)
    if not about_document:
        return ""
    if any(w in _AUTHOR_WORDS for w in words):
        return "author"
    if any(w in _PUBLISHER_WORDS for w in words) or "carried out" in low or re.search(r"\bbehind\b", low):
        return "publisher"
    return ""


def credits_creator(sentence: str, info: QuestionInfo) -> float:
    """How well ``sentence`` credits someone with making the document ``info`` asks about: 1 for
    the asked role ("authored by X" for an author), 0.5 for a looser credit ("a study by X"), else 0."""
    if not info.creator:
        return 0.0
    if _CREDIT[info.creator].search(sentence):
        return 1.0
    if info.creator == "author" and _CREDIT["publisher"].search(sentence):
        return 0.5
    return 0.0


# -- reading a question asked in a reader's own words ------------------------------------------

# Note abbreviations, longest first ("w/o" before "w/"); a slash or colon form stands between
# spaces or at the start, a word form is a whole word (with an optional full stop).
_ABBREVIATION = re.compile(
    "|".join(
        rf"(?<![\w/]){re.escape(a)}(?=[\s\w]|$)" if not a[-1].isalnum() else rf"\b{re.escape(a)}\b\.?"
        for a in sorted(lexicon.NOTE_ABBREVIATIONS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_OPENING_WRAPPER = re.compile(rf"^(?:{'|'.join(lexicon.REQUEST_WRAPPERS)})\b[\s,:;.!-]*", re.IGNORECASE)
# "Do you know if/whether X is ...?": an embedded yes/no question, asked directly once unwrapped.
_EMBEDDED_YES_NO = re.compile(r"^(?:if|whether)\s+(?=\S)", re.IGNORECASE)
_YES_NO_FRAME = "Is it so that "
# "Does the FAQ say who created X?", "Did the authors mention when ...?": a yes/no question
# about what a source says whose object is a dependent wh-clause (Quirk et al. 1985, 15.5)
# asks that wh-question of the source, and the clause is what is asked: "who created X?". The
# source is a document noun (or "it", "they", the author) after an optional determiner; the
# verb one that takes a dependent wh-clause.
_AUTHOR_NOUNS = frozenset(w for w in lexicon.AUTHOR_WORDS if w.endswith(("or", "ors", "er", "ers")))
_SOURCE_DETERMINER = "|".join(sorted(lexicon.SOURCE_DETERMINERS))
_SOURCE_QUERY = re.compile(
    r"^(?:does|do|did)\s+"
    rf"(?:(?:{_SOURCE_DETERMINER})\s+)?"
    rf"(?:{'|'.join(sorted(lexicon.DOCUMENT_NOUNS | _AUTHOR_NOUNS | {'it', 'they'}))})\s+"
    r"(?:(?:ever|actually|also|even|really|anywhere)\s+)?"
    rf"(?:{'|'.join(sorted(lexicon.WH_CLAUSE_VERBS))})\s+(?:(?:me|us|you|readers)\s+)?"
    r"(?=(?:who|whom|whose|what|which|when|where|why|how|if|whether)\b)",
    re.IGNORECASE,
)
# "Where does the FAQ talk about X?", "Where in the book is X covered?", "Which section explains
# X?": a question for the place in the text where a topic is treated asks what the text says
# about it; its answer's citations give the place (document and section). Read as "What is
# said about X?", which names no document: the document's name would find its titles and
# tables of contents. The verbs of treating a topic are lexicon.TOPIC_VERB_FORMS.
_DOC = rf"(?:{_SOURCE_DETERMINER})\s+(?:[\w-]+\s+)?(?:{'|'.join(sorted(lexicon.DOCUMENT_NOUNS))})"
_TREATS = "|".join(re.escape(f).replace(r"\ ", r"\s+") for forms in lexicon.TOPIC_VERB_FORMS for f in forms[:2])
_TREATED = "|".join(re.escape(forms[2]).replace(r"\ ", r"\s+") for forms in lexicon.TOPIC_VERB_FORMS)
_LOCATE = re.compile(
    rf"^where\s+(?:in\s+{_DOC}\s+)?(?:does|do|did)\s+(?:{_DOC}|it|they)\s+(?:{_TREATS})\s+(?:about\s+)?(?P<a>.+)$"
    rf"|^where\s+(?:in\s+{_DOC}\s+)?(?:is|are|was|were)\s+(?P<b>.+?)\s+(?:{_TREATED})(?:\s+in\s+{_DOC})?$"
    rf"|^(?:which|what)\s+(?:part|section|chapter|page|passage)s?\s+(?:of\s+{_DOC}\s+)?(?:{_TREATS})\s+(?P<c>.+)$"
    # Embedded, once a wrapper is gone: "(Could you tell me) where the handbook discusses X".
    rf"|^where\s+(?:{_DOC}|it|they)\s+(?:{_TREATS})\s+(?:about\s+)?(?P<d>.+)$"
    # The reading itself, once made.
    r"|^what\s+is\s+said\s+about\s+(?P<e>.+)$",
    re.IGNORECASE,
)
_LOCATE_FRAME = "What is said about {}?"


def _located(text: str) -> str:
    """``text`` as the topic question it asks when it asks where a text treats a topic."""
    topic = located_topic(text)
    return _LOCATE_FRAME.format(topic) if topic else text


# "Does the FAQ mention X?", "Did the book talk about X?": a yes/no question whether a source
# treats a topic names the topic (a noun phrase; a dependent wh-clause is _SOURCE_QUERY's).
_MENTIONS = re.compile(
    r"^(?:does|do|did)\s+"
    rf"(?:(?:{_SOURCE_DETERMINER})\s+)?(?:{'|'.join(sorted(lexicon.DOCUMENT_NOUNS | {'it', 'they'}))})\s+"
    r"(?:(?:ever|actually|also|even|really|anywhere)\s+)?"
    rf"(?:{_TREATS})\s+(?:about\s+)?"
    r"(?!(?:who|whom|whose|what|which|when|where|why|how|if|whether)\b)(?P<topic>.+)$",
    re.IGNORECASE,
)


def mentioned_topic(text: str) -> str | None:
    """The topic a question asks whether a source treats ("Does the handbook mention the
    Schulze method?" -> "the Schulze method"), or None when it asks no such thing."""
    found = _MENTIONS.match(normalize(text).strip().rstrip(" ?.!"))
    return found.group("topic").strip() if found else None


def located_topic(text: str) -> str | None:
    """The topic a question asks the place of ("Where does the FAQ talk about the GIL?" -> "the
    GIL"), or None when it asks no such thing."""
    found = _LOCATE.match(normalize(text).strip().rstrip(" ?.!"))
    return next(g for g in found.groups() if g).strip() if found else None


def topic_head(topic: str) -> str:
    """The head of a topic's noun phrase, as a stem: its last word before a postmodifying "of"
    or another preposition ("the attendance of Debconf0" -> attendance, "the project leader's
    salary" -> salary, "Stackless Python" -> python; Quirk et al. 1985, 17.2-17.5). A noun of a
    span of time heads no topic of its own: its postmodifier's head does ("Ian Murdock's time
    at Purdue" -> purdue; ``lexicon.TIME_SPAN_NOUNS``)."""
    words = tokens(topic)
    rest: list[str] = []
    for i, word in enumerate(words):
        if i and word in lexicon.PREPOSITIONS:
            words, rest = words[:i], words[i + 1 :]
            break
    words = [w for w in words if w not in STOPWORDS]
    if not words:
        return ""
    head = re.sub(r"['’]s$", "", words[-1])
    if rest and (lexicon.noun_lemma(head) or head) in lexicon.TIME_SPAN_NOUNS:
        return topic_head(" ".join(rest)) or noun_stem(head)
    return noun_stem(head)


def noun_stem(word: str) -> str:
    """``word``'s stem, taken from its singular when it is a plural noun ("files" -> "file")."""
    return stem(lexicon.noun_lemma(word) or word)


# "Name the three new members chosen for the board.": a naming imperative with a definite
# object asks which ones they are ("Which three new members chosen for the board?").
_NAMING = "|".join(v.replace(" ", r"\s+") for v in lexicon.NAMING_IMPERATIVES)
_WHICH_IMPERATIVE = re.compile(
    rf"^(?:please\s+)?(?:{_NAMING})\s+(?:all\s+)?the\s+(?=\w)(?P<rest>.+?)[\s.!?]*$", re.IGNORECASE
)


# A naming imperative with its object ("List the ...", "Name all the ...", "Give me a ..."): a
# request that says what it asks for.
_NAMING_REQUEST = re.compile(rf"^\W*(?:please\s+)?(?:{_NAMING})\s+(?:all\s+)?(?:the|a|an|some|every)\s+\w", re.IGNORECASE)


def is_naming_request(text: str) -> bool:
    """Does ``text`` open with a naming imperative and its object ("List the Debian
    distributions.")?"""
    return _NAMING_REQUEST.match(text) is not None


def _which_of(text: str) -> str:
    """``text`` read as the which-question a naming imperative asks, else as it is."""
    found = _WHICH_IMPERATIVE.match(text)
    return f"Which {found.group('rest')}?" if found else text


# A note with no question word and no operator asks what its opening noun names: a count
# ("number of technical committee members" -> "How many technical committee members?",
# "package count of Debian 0.91" -> "How many packages of Debian 0.91?"), a duration ("length of
# security support for a Debian release" -> "How long is security support ...?"), a number of
# units of time ("minimum days in Unstable before ..." -> "How many days in Unstable before ...?")
# or a person ("creator of Mypy" -> "Who is the creator of Mypy?").
_EXTENT = "|".join(sorted(lexicon.QUANTITY_MODIFIERS - {"the", "a"}))
_NOTE_END = r"[\s.!?]*$"
_COUNT_NOTE = re.compile(
    rf"^(?:the\s+)?(?:(?:{_EXTENT})\s+)?(?:{'|'.join(lexicon.COUNT_NOUNS)})\s+of\s+(?P<rest>\S.*?){_NOTE_END}",
    re.IGNORECASE,
)
_COUNTED_NOTE = re.compile(
    rf"^(?:the\s+)?(?P<noun>[a-z][\w-]*)\s+(?:{'|'.join(lexicon.COUNT_NOUNS)})\s+(?P<rest>(?:of|in|for)\s+\S.*?){_NOTE_END}",
    re.IGNORECASE,
)
_DURATION_NOTE = re.compile(
    rf"^(?:the\s+)?(?:(?:{_EXTENT})\s+)?(?:{'|'.join(lexicon.DURATION_NOUNS)})\s+of\s+(?P<rest>\S.*?){_NOTE_END}",
    re.IGNORECASE,
)
_PLURAL_UNITS = "|".join("centuries" if u == "century" else f"{u}s" for u in lexicon.TIME_UNITS)
_UNITS_NOTE = re.compile(
    rf"^(?:the\s+)?(?:(?:{_EXTENT})\s+)?(?P<unit>{_PLURAL_UNITS})\s+(?P<rest>(?:of|in|for|before|after|between|per|until)\s+\S.*?){_NOTE_END}",
    re.IGNORECASE,
)
_AGENT_NOTE = re.compile(r"^(?:the\s+)?(?P<noun>[a-z][\w-]*)\s+(?:of|for|behind)\s+\S", re.IGNORECASE)


def _plural(noun: str) -> str:
    """The regular plural of ``noun`` (Quirk et al. 1985, 5.77-5.79: -es after a sibilant, -ies
    after a consonant and y); a noun that is already plural stays."""
    if lexicon.noun_lemma(noun) not in ("", noun):
        return noun
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def note_question(text: str) -> str:
    """``text`` read as the question a note asks by its opening noun (see above), else as it is.
    A note has no question word and no operator; its opening noun says the kind of answer."""
    body = text.strip()
    words = tokens(body)
    if not words or set(words) & (lexicon.WH_WORDS | lexicon.AUXILIARIES):
        return text
    if found := _COUNT_NOTE.match(body):
        return f"How many {found.group('rest')}?"
    if found := _DURATION_NOTE.match(body):
        return f"How long is {found.group('rest')}?"
    if found := _UNITS_NOTE.match(body):
        return f"How many {found.group('unit').lower()} {found.group('rest')}?"
    if (found := _COUNTED_NOTE.match(body)) and lexicon.noun_lemma(found.group("noun").lower()):
        return f"How many {_plural(found.group('noun'))} {found.group('rest')}?"
    noun = (found := _AGENT_NOTE.match(body)) and found.group("noun").lower()
    if noun and lexicon.noun_lemma(noun) in lexicon.person_nouns():
        body = re.sub(r"[\s.!?]+$", "", body)
        verb = "is" if lexicon.noun_lemma(noun) == noun else "are"
        return f"Who {verb} {body}?" if body.lower().startswith("the ") else f"Who {verb} the {body}?"
    return text


# A statement with a tag asks whether it is so ("Progeny was a success, wasn't it?", "Python
# was named in the 1990s, right?" -> "Is it so that Progeny was a success?").
_TAG_QUESTION = re.compile(
    rf"^(?P<claim>\S.*?\S)\s*,\s*(?:(?:{'|'.join(sorted(lexicon.AUXILIARIES))})(?:\s+not)?\s+"
    rf"(?:it|he|she|they|there|that|this|we|you|i)|{'|'.join(lexicon.INVARIANT_TAGS)})\s*\?+\s*$",
    re.IGNORECASE,
)


def _confirmation(text: str) -> str:
    """``text`` read as the yes/no question its tag asks, else as it is. The part before the tag
    must be a statement (not opening with a question word or an operator)."""
    found = _TAG_QUESTION.match(text)
    if not found or set(tokens(found.group("claim"))[:1]) & _OPENS_QUESTION:
        return text
    return confirmation_question(found.group("claim"))


def confirmation_question(claim: str) -> str:
    """The yes/no question asking whether ``claim`` (a statement) is so."""
    claim = claim.strip().rstrip(".!?")
    # A capital that only opened the sentence goes ("The ferry ..."); a name's stays.
    first = next(iter(tokens(claim)), "")
    if first in STOPWORDS and first != "i":
        claim = claim[:1].lower() + claim[1:]
    return f"{_YES_NO_FRAME}{claim}?"


def presupposing_question(claim: str) -> str:
    """The question that takes ``claim`` (a statement) for granted: "How come <claim>?" ("how
    come" keeps the statement's word order; Quirk et al. 1985, 11.16)."""
    return f"How come {claim.strip().rstrip('.!?')}?"


# "Since Python strings are mutable, how do I change one character in place?": a clause the
# question takes for granted (lexicon.PREMISE_SUBORDINATORS), then the question itself.
_PREMISE_OPENING = "|".join(s.replace(" ", r"\s+") for s in lexicon.PREMISE_SUBORDINATORS)
# The question after it: a question word or an operator first.
_ASKED_AFTER = rf"(?P<rest>(?:{'|'.join(sorted(lexicon.WH_WORDS | lexicon.AUXILIARIES))})\b[^?]*\?)\s*$"
_PREMISE_CLAUSE = re.compile(rf"^(?:{_PREMISE_OPENING})\s+(?P<claim>[^,?;]+?)\s*,\s*{_ASKED_AFTER}", re.IGNORECASE)


# "Debian is an acronym, isn't it? What does it stand for?", read as "Is it so that Debian is an
# acronym? What does it stand for?": the tag's claim is taken for granted by the question after it.
_CONFIRMED_THEN_ASKED = re.compile(rf"^{_YES_NO_FRAME}(?P<claim>[^?]+)\?\s+{_ASKED_AFTER}", re.IGNORECASE)


def premise_clause(text: str) -> tuple[str, str] | None:
    """The claim a question takes for granted in a clause of its own, and the question it then
    asks: ("Python strings are mutable", "How do I change one character in place?") for "Since
    Python strings are mutable, how do I change one character in place?". None without such a
    clause, or when the clause speaks of the reader ("Since I'm on Windows, ..."), which no
    source confirms or denies. A statement with a tag before a question ("X, right? Which
    ...?", read as "Is it so that X? Which ...?") takes its claim for granted the same way."""
    found = _PREMISE_CLAUSE.match(normalize(text).strip()) or _CONFIRMED_THEN_ASKED.match(normalize(text).strip())
    # "Since Debian 9, which init system ...?": "since" before a point in time is a preposition
    # of time (Quirk et al. 1985, 9.37), and the words after it no clause: a claim has a subject
    # and a verb, three words at least.
    if not found or len(found.group("claim").split()) < 3 or set(tokens(found.group("claim"))) & lexicon.SPEAKER_PRONOUNS:
        return None
    rest = found.group("rest")
    return found.group("claim"), rest[:1].upper() + rest[1:]


# "Is there a way to do X?" asks how to do X.
# A leading adverbial ("On Windows, is there a way to ...?") stays.
_HOW_QUERY = re.compile(
    rf"^((?:[\w' -]{{1,40}},\s+)?)(?:{'|'.join(lexicon.HOW_QUERIES)})\s+(?=\w)", re.IGNORECASE
)
_HOW_FRAME = "how can I "
_CLOSING_WRAPPER = re.compile(
    rf"[\s,;:-]*\b(?:{'|'.join(lexicon.CLOSING_WRAPPERS)})(?=[\s?.!]*$)", re.IGNORECASE
)
# Greetings and hesitation markers before a question ("Hi!", "Hey,", "OK,"): closed class.
_GREETING = re.compile(r"^(?:hi|hello|hey|ok|okay|um|hmm)\b[,!.]?\s+(?=\S)", re.IGNORECASE)
_OPENS_QUESTION = lexicon.WH_WORDS | lexicon.AUXILIARIES
_POSSESSIVES = frozenset(["its", "their", "theirs", "his", "her", "hers"])
_TIES_ANYWHERE = lexicon.TIES_ANYWHERE


@dataclass(frozen=True, kw_only=True, slots=True)
class QuestionReading:
    """A question as asked (``asked``: the interrogative sentences, wrappers dropped and note
    abbreviations expanded) and the sentences around it that only set the scene (``context``:
    they still count for retrieval, but name no topic the answer must cover)."""

    asked: str
    context: str


def _expand(text: str) -> str:
    def spelled(m: re.Match[str]) -> str:
        word = m.group(0).rstrip(".").lower()
        full = lexicon.NOTE_ABBREVIATIONS[word]
        after = m.string[m.end() : m.end() + 1]
        return full + (" " if after and not after.isspace() else "")

    return _ABBREVIATION.sub(spelled, text)


def _unwrap(sentence: str) -> str:
    """``sentence`` without the polite wrappers that open or close it."""
    text = normalize(sentence).strip()
    while True:
        stripped = note_question(_which_of(_confirmation(_GREETING.sub("", text))))
        unwrapped = _located(_SOURCE_QUERY.sub("", _OPENING_WRAPPER.sub("", stripped)))
        if unwrapped != stripped and _EMBEDDED_YES_NO.match(unwrapped):
            unwrapped = _YES_NO_FRAME + _EMBEDDED_YES_NO.sub("", unwrapped)
        stripped = _HOW_QUERY.sub(lambda m: m.group(1) + _HOW_FRAME, unwrapped)
        stripped = _CLOSING_WRAPPER.sub("", stripped).strip()
        if stripped == text:
            break
        text = stripped
    if not any(c.isalnum() for c in text):
        return ""
    return text if text != normalize(sentence).strip() else sentence.strip()


def _interrogative(sentence: str) -> bool:
    words = tokens(sentence)
    return ends_as_question(sentence) or bool(words) and words[0] in _OPENS_QUESTION


def _leans_back(sentence: str) -> bool:
    """Does ``sentence`` point back to what came before ("Where do I report it?", "So what do I
    use instead?", "Why is that?")? A demonstrative counts where it stands alone."""
    # A possessive after a name refers to it ("Does Debian own its servers?").
    named = bool(proper_names(sentence))
    if sentence.startswith(_YES_NO_FRAME):
        sentence = sentence[len(_YES_NO_FRAME) :]
    words = tokens(sentence)
    for i, w in enumerate(words):
        if named and w in _POSSESSIVES:
            continue
        if w in lexicon.COHESIVE_PRONOUNS:
            return True
        # A conjunction ties back where it opens the question ("So what ...?"); these anywhere.
        if w in lexicon.COHESIVE_CONJUNCTIONS and (i == 0 or w in _TIES_ANYWHERE):
            return True
        if w in lexicon.COHESIVE_DEMONSTRATIVES:
            following = words[i + 1] if i + 1 < len(words) else ""
            if not following or following in _OPENS_QUESTION:
                return True
    return False


@lru_cache(maxsize=1024)
def read_question(text: str) -> QuestionReading:
    """What ``text`` asks. A reader's question often comes wrapped ("Could you tell me when X
    was created?"), after context ("I'm writing a piece on X. Who leads Y?"), or as a note
    ("goal w/ prisoners?"). The wrapper's and the context's words would otherwise become topic
    words the answer must cover. Context is set aside only when the interrogative sentence
    stands on its own: one that points back ("Where do I report it?") keeps it."""
    expanded = _expand(text)
    spans = sentence_spans(expanded)
    sentences = [u for u in (_unwrap(expanded[s.start : s.end]) for s in spans) if u]
    if not sentences:
        return QuestionReading(asked=text, context="")
    asked = [s for s in sentences if _interrogative(s)]
    own = " ".join(asked)
    if not asked or len(asked) == len(sentences) or _leans_back(own) or not _topical(own):
        asked = sentences
    context = " ".join(s for s in sentences if s not in asked)
    joined = " ".join(asked)
    if joined == text.strip():
        joined = text
    return QuestionReading(asked=joined, context=context)


def _topical(text: str) -> bool:
    """Does ``text`` name a topic of its own (a content word beyond question, wrapper and
    function words)?"""
    for tok in tokens(text):
        if tok in STOPWORDS or tok in _FUNCTION or len(tok) < 2:
            continue
        s = stem(tok)
        if s in _GENERIC or s in _LIGHT or s in _OPINION:
            continue
        return True
    return False


def analyze_question(text: str) -> QuestionInfo:
    """What ``text`` asks: read as asked (:func:`read_question`), then typed and its topic found."""
    info = _analyze(read_question(text).asked)
    info = replace(info, scene=_scene_terms(info.focus, scene_stems(info.text)))
    return info if info.is_attack else replace(info, is_attack=is_instruction_attack(text))


def _scene_terms(focus: tuple[str, ...], scene: frozenset[str]) -> tuple[str, ...]:
    """The focus terms only the scene says; none when the question has no topic term of its own
    ("I found a bug in CPython. Where do I report it?"): then the scene is what it asks about."""
    terms = tuple(f for f in focus if f in scene)
    return terms if len(terms) < len(focus) else ()


def scene_stems(text: str) -> frozenset[str]:
    """The stems only the scene-setting sentences of ``text`` say: its sentences that do not
    ask, where others do ("I was tidying up the skeleton files ... How can I get them back?");
    empty when every sentence asks or none does."""
    sentences = [text[s.start : s.end] for s in sentence_spans(text)]
    asking = [s for s in sentences if _interrogative(s)]
    if not asking or len(asking) == len(sentences):
        return frozenset()
    own = {stem(t) for s in asking for t in tokens(s)}
    return frozenset(stem(t) for s in sentences if s not in asking for t in tokens(s)) - own


# "..., according to the authors,": the phrase that names the source (group 1), with the commas
# that set it off.
SOURCE_PHRASE = re.compile(rf",?\s*\b(?:{'|'.join(lexicon.SOURCE_PREPOSITIONS)})\s+([^,;?!.]+),?", re.IGNORECASE)


# "Where does X come from?", "where did it originate".
_ORIGIN = re.compile(r"\bwhere\b.*\b(?:comes?|came|coming)\s+from\b|\bwhere\b.*\boriginat", re.IGNORECASE)
def attributed_words(text: str) -> frozenset[str]:
    """The words of the source a question attributes its answer to ("according to Bill
    Mitchell"): whose account is asked for, not the topic (its names stay the question's names,
    which the answer's passage must hold)."""
    return frozenset(t for m in SOURCE_PHRASE.finditer(normalize(text)) for t in tokens(m.group(1)))


# A symbol standing alone as a word: after a space, an opening quote or at the start, before a
# space, a closing quote, the end or a punctuation mark ("a / in", "import * ?", "the '@' sign").
_LONE_SYMBOL = re.compile(
    rf"(?:(?<=[\s'\"‘“(])|^)([{re.escape(''.join(lexicon.SYMBOL_NAMES))}])(?=[\s'\"’”)]|$|[?.,!;:])"
)


def symbol_names(text: str) -> list[str]:
    """The names of the symbols ``text`` speaks of as words ("I saw a / in a function
    signature" -> ["slash"]; :data:`assistant.lexicon.SYMBOL_NAMES`): the words that stand
    for them in the text that explains them. Tokens drop symbols, so without their names the
    question would lose what it asks about."""
    return [lexicon.SYMBOL_NAMES[m.group(1)] for m in _LONE_SYMBOL.finditer(text)]


# "in seconds", "in days": a unit of time in the plural after "in", set off by a comma or ending
# the question, names the unit an answer is given in.
_IN_UNITS = re.compile(rf"\bin\s+(?:{_PLURAL_UNITS})\b(?=\s*[,?.!]|\s*$)", re.IGNORECASE)


def _names_people(noun: str) -> bool:
    """Does ``noun`` (a lemma) name a kind of person: most of its senses a person's
    (``lexicon.person_nouns``), and not made with an agent suffix, which makes instruments and
    firms as well ("checker", "manufacturer": ``lexicon.AGENT_SUFFIXES``)?"""
    return bool(noun) and noun in lexicon.person_nouns() and not noun.endswith(lexicon.AGENT_SUFFIXES)


def _analyze(text: str) -> QuestionInfo:
    wh = _wh(text)
    # A question's first word is capitalised whatever it is ("Name the groups", "Apart from ...");
    # alone it is no evidence of a name (the focus terms still have to be found).
    first = next(iter(tokens(text)), "")
    names = tuple(
        _COMPOUND_ADJECTIVE.sub("", n)
        for n in proper_names(text)
        if " " in n or n.isupper() or n.lower() != first
    )
    focus: dict[str, str] = {}
    how = {m.group(1).lower() for m in _HOW_ADJECTIVE.finditer(normalize(text))}
    words = tokens(text)
    source = attributed_words(text)
    cited_at = {i for i in range(len(words)) if _names_source(words, i)}
    cited = {words[i] for i in cited_at}
    if cited:
        # "the Windows FAQ" names the document asked about, not a name the answer must hold.
        names = tuple(n for n in names if not set(tokens(n)[-1:]) & cited)
    # A negator says the question's polarity, not its topic ("a Python I never installed"); one
    # written as a name past the first word is a name ("Why do I get None back?").
    negators = lexicon.NEGATIONS - {w.lower() for w in re.findall(r"(?<=\s)[A-Z][a-z]+\b", text)}
    # "the name Debian": a name spoken of as a name (its origin, its meaning) is the topic, though
    # "name" alone only says what kind of answer is wanted ("What is the name of ...").
    name_starts = {tokens(n)[0] for n in names if tokens(n)}
    metalinguistic = {
        i
        for i, w in enumerate(words[1:-1], start=1)
        if w in lexicon.EXPRESSION_NOUNS and words[i - 1] == "the" and words[i + 1] in name_starts
    }
    for i, tok in enumerate(words):
        if tok in STOPWORDS or tok in _FUNCTION or tok in how or tok in negators or (len(tok) < 2 and not tok.isdigit()):
            continue
        if tok in source or i in cited_at:
            continue
        if _frames(words, i):
            continue
        s = stem(tok)
        if (s in _GENERIC and i not in metalinguistic and not _names_thing(words, i)) or s in _LIGHT or s in _OPINION or s in _ROLE_NOUNS:
            continue
        focus.setdefault(s, tok)
    for name in symbol_names(text):
        focus.setdefault(stem(name), name)
    if not wh and not set(words) & (lexicon.AUXILIARIES | lexicon.WH_WORDS):
        # A note without a question word or a verb's operator ("debconf6 location + dates?",
        # "woody release date?"): its nouns of a kind say what is asked, as "which year" does.
        kinds = {w for w in words if w in lexicon.TYPE_NOUNS}
        if kinds:
            focus = {s: w for s, w in focus.items() if w not in kinds}
            if kinds <= lexicon.DATE_NOUN_FORMS:
                wh = "when"
            elif kinds <= lexicon.PLACE_KIND_NOUNS:
                wh = "where"
    answer_type = _TYPE_OF.get(wh, "any")
    if wh == "where" and _ORIGIN.search(normalize(text)) and set(words) & lexicon.EXPRESSION_NOUNS:
        answer_type = "any"  # where a word or name comes from is its origin, which no place answers
    if answer_type == "any" and wh in ("", "what") and _IN_UNITS.search(normalize(text)):
        # "What's the default interval, in seconds, ...?": a measure phrase asks for an amount of
        # that unit, as "how long" does.
        answer_type = "duration"
    if not wh and answer_type == "any" and _WHICH_NOUN.match(text) and _names_people(asked_noun(text)):
        # "Which secretary ...?", "Name the current project secretary." (read as "Which ...?"):
        # a kind of person is asked for, so a name of one answers, as "who" is answered.
        answer_type = "person"
    if wh == "who" and (_object_who(text) or identified_name(text, names, bare=False) is not None):
        # "Who is X?" asks what X is (a role, a deed), not for another person's name.
        answer_type = "any"
    elif wh == "when" and _HABITUAL_WHEN.search(normalize(text)):
        answer_type = "any"  # a condition ("for each bugfix release") answers as well as a date
    # An object question's first content word is its subject ("who do the attacks target?"), not the relation.
    head = "" if wh == "who" and answer_type == "any" else _head(text, wh)
    if head and head not in focus and wh == "how many" and head in _GENERIC:
        # The counted noun is a topic term however general ("points"): its count is the answer.
        focus[head] = next((w for w in words if stem(w) == head), head)
    acronym = ""
    if _EXPANSION.search(normalize(text)):
        acronym = next((n for n in names if n.isupper() and len(n) >= 2 and " " not in n), "")
        if acronym:
            answer_type, head = "any", ""
    creator = "" if acronym else _creator(text, wh, len(focus) + sum(1 for t in tokens(text) if stem(t) in _GENERIC))
    if creator:
        # The credit pattern stands for the relation; the question's own words ("behind", "think
        # tank") need not appear, and a capitalised terse question ("Authors?") names nobody.
        wh, answer_type, head = "who", "person", ""
        focus = {}
        names = tuple(n for n in names if normalize(n).lower() not in _AUTHOR_WORDS | _PUBLISHER_WORDS)
    return QuestionInfo(
        event=_event_terms(tuple(focus), names, wh),
        creator=creator,
        acronym=acronym,
        text=text,
        answer_type=answer_type,
        head=head,
        focus=tuple(focus),
        focus_words=tuple(focus.values()),
        names=names,
        wh=wh,
        is_attack=is_instruction_attack(text),
    )


_WHO_IS = re.compile(
    r"^\s*(?:(?:and|so|then)\s+)?(?P<who>who\s+(?:is|was|are|were)\s+)?(?P<rest>.+?)[\s?.!]*$", re.IGNORECASE
)


def identified_name(text: str, names: Sequence[str], *, bare: bool = True) -> str | None:
    """The one of ``names`` that ``text`` asks about as a whole: "Who is X?" (a copula and X
    as all of its subject), or with ``bare`` just "X?" (a follow-up read as the name); else None."""
    match = _WHO_IS.match(text)
    if match is None or not (bare or match.group("who")):
        return None
    rest = normalize(match.group("rest")).lower()
    return next((n for n in names if normalize(n).lower() == rest), None)


def analyze_followup(text: str, query: str) -> QuestionInfo:
    """Analysis of a resolved follow-up: the topic comes from ``query`` (the message with the
    context it leans on), what is asked (wh-word, answer type, head) from ``text`` itself."""
    info = analyze_question(query)
    own = analyze_question(text)
    # Only the message's own scene-setting sentences set a scene; the earlier question the
    # query borrows is topic.
    info = replace(info, scene=_scene_terms(info.focus, scene_stems(own.text)))
    if not own.wh and not own.head and not _asks_of_its_own(text):
        if own.names and normalize(text).strip(" ?.!").lower() == normalize(own.names[0]).lower():
            # Read as a bare name ("and the other author?" -> "Ali Bakr?"): it asks what that
            # one is, so the answer's phrase is read against the name, not the earlier question.
            return replace(info, text=own.text, is_attack=own.is_attack or info.is_attack)
        return replace(info, is_attack=own.is_attack or info.is_attack, contrast=own.focus)
    scene = info.scene
    if own.focus:
        # A follow-up with a topic of its own ("So how do they see the government?" after "And
        # the ideological part?") asks about that: the earlier message's terms the query borrows
        # set its scene, as a message's own scene-setting sentences do.
        scene = tuple(dict.fromkeys((*scene, *(f for f in info.focus if f not in own.focus))))
    return replace(
        info,
        text=own.text,
        answer_type=own.answer_type,
        wh=own.wh,
        head=own.head,
        acronym=own.acronym or info.acronym,
        is_attack=own.is_attack or info.is_attack,
        scene=scene,
    )


# A follow-up that opens with a question word and goes on with a clause of its own ("And what
# kind of changes go into the bugfix ones?") asks its own question, of its own kind; one that
# only adds a phrase to the last ("What about developers?", "And which one?") asks the last
# question's kind of thing again.
_OWN_QUESTION = re.compile(
    rf"^\W*(?:(?:and|so|but|then|ok|okay|also)\W+)*(?:what|which|who|whom|whose|when|where|why|how)\b"
    rf"(?!\s+(?:about|else)\b)(?:\W+[\w'’-]+){{3,}}",
    re.IGNORECASE,
)


def _asks_of_its_own(text: str) -> bool:
    return bool(_OWN_QUESTION.match(normalize(text)))


# How long a name must be, and how many of its words the question may leave unsaid, for it to
# restate the question's words (:func:`_restates_asked`). Swept on all eight sets (3 Dec 2026):
# 2 words and 1 unsaid loses a fit case ("Who handles the last two years of it?"), 3 and 0
# gains nothing; 3 and 1 gains one fit case and loses none. One case is all the evidence.
RESTATING_NAME_WORDS = 3
RESTATING_NAME_UNSAID = 1


def _restates_asked(name: str, names: Sequence[str], asked: frozenset[str]) -> bool:
    """Is ``name`` the question's own words rather than someone who answers it: a name of three
    words or more all but one of which the question says ("Stable Release Managers" for "Who is
    the current Release Manager?"), or an acronym of such a name among ``names`` (the sentence's
    names: "SRM")? A kind of the asked role is no holder of it."""

    def restates(words: list[str]) -> bool:
        said = sum(1 for w in words if stem(w) in asked)
        return len(words) >= RESTATING_NAME_WORDS and said >= len(words) - RESTATING_NAME_UNSAID

    if name.isupper() and len(name) >= 2:
        return any(
            restates(tokens(n)) for n in names if "".join(w[0] for w in n.split() if w[:1].isupper()) == name
        )
    return restates(tokens(name))


def _common_acronym(sentence: str, acronym: str) -> bool:
    """Is every use of ``acronym`` in ``sentence`` a common noun's: right after a lower-case
    content word or a single capital letter ("a live CD", "the C API"), where a name of a body
    follows a determiner or a preposition ("the FSF", "by SPI") or opens the clause?"""
    uses = list(re.finditer(rf"(\S+)\s+{re.escape(acronym)}\b", sentence))
    if not uses or len(uses) < sentence.count(acronym):
        return False
    for m in uses:
        before = m.group(1).strip("“”\"'(),")
        if not (re.fullmatch(r"[A-Z]", before) or (before.islower() and before not in STOPWORDS)):
            return False
    return True


# "Chambers (2008)", "Venables and Ripley (2002)": author-date citations (The Chicago Manual of
# Style, 15.5). A clause window may cut one at either bracket ("... Chambers (2008", "2008),
# “Software").
_CITATION_YEAR = re.compile(r"[A-Z][\w’'.-]*\s+\(((?:1[89]|20)\d\d)[a-z]?(?:\)|$)|^((?:1[89]|20)\d\d)[a-z]?\)")
# The events such a year dates: writing and a document's appearance (the lexicon's author words
# and publishing verbs, by stem: "publish", "released", "written"; "out" alone says none).
_WRITING_STEMS = frozenset(stem(w) for w in lexicon.AUTHOR_WORDS | (lexicon.PUBLISHING_VERBS - {"out"}))


@lru_cache(maxsize=1024)
def _question_stems(question_low: str) -> frozenset[str]:
    """The stems of a question's words: read once per question, not per candidate sentence."""
    return frozenset(stem(w) for w in tokens(question_low))


def has_answer_type(sentence: str, info: QuestionInfo) -> bool:
    """Does ``sentence`` contain something of the kind the question asks for (beyond the question's own words)?"""
    kind = info.answer_type
    if kind == "any" or kind == "reason":
        return True
    question_low = normalize(info.text).lower()
    if kind == "date":
        # A year in brackets after a name ("John M. Chambers (2008), “Software for Data
        # Analysis”") dates a publication in author-date citation style: it answers when
        # something was written or published, not when another event happened.
        writing = bool(_question_stems(question_low) & _WRITING_STEMS)
        cited = set() if writing else {m.start(1) if m.group(1) else m.start(2) for m in _CITATION_YEAR.finditer(sentence)}
        return any(m.group(0).lower() not in question_low and m.start() not in cited for m in _DATE.finditer(sentence))
    if kind == "duration":
        return bool(_DURATION.search(sentence)) or bool(_YEAR_RANGE.search(sentence)) or bool(
            _PERFECT_HOW_LONG.search(info.text) and _SINCE_DATE.search(sentence)
        )
    if kind == "number":
        if _HOW_OLD.search(question_low):
            return bool(_AGE.search(sentence))  # an age, not any number ("Release 6")
        if _HOW_OFTEN.search(question_low):
            return bool(_FREQUENCY.search(sentence))  # "mirrored daily", "in the first half of every even year"
        return any(
            m.group(0).lower() not in question_low and not compares(sentence, m.end(), question_low)
            for m in _NUMBER.finditer(sentence)
        )
    if kind == "recommendation":
        return bool(_RECOMMEND.search(sentence)) or imperative(sentence)
    names = [n for n in proper_names(sentence) if n.lower() not in question_low]
    if kind == "person":
        # A person or organisation: a multi-word name or an acronym that names a body, not one
        # used as a common noun ("a live CD", "Python's C API"). Names joined by "and" count
        # one by one ("Cython and Pyrex" is two one-word names).
        parts = [p for n in names for p in re.split(r"\s+and\s+", n) if p.lower() not in question_low]
        asked = _question_stems(question_low) if parts else frozenset()
        return any(
            (len(p.split()) >= 2 or (p.isupper() and not _common_acronym(sentence, p)))
            and not _restates_asked(p, names, asked)
            for p in parts
        )
    if kind == "place":
        # A place noun after only a definite determiner ("within the country", "in the directory")
        # refers back to a place named elsewhere (Quirk et al. 1985, 5.32): it names none.
        sentence = _BARE_PLACE.sub(" ", sentence)
        # A name is a place where a preposition of place governs it ("in Portland", "at Purdue
        # University", "from the Netherlands"), not wherever it stands ("Treasurer (Tim Sailer)").
        placed = any(
            m.group(1).lower() not in question_low and not _DATE.match(m.group(1))
            for m in _PLACED_NAME.finditer(sentence)
        )
        return (
            placed
            or bool(_PLACE_WORDS.search(sentence))
            or bool(_LOCATION.search(sentence))
            or any(_is_path(m.group(1), m.group(2)) for m in _TWO_PARTS.finditer(sentence))
        )
    return True


# How far apart a number and the noun it counts may sit: "two testing frameworks", "tens of
# thousands of users" (number first), "packages: about 50,000", "developers numbered 1,000"
# (noun first). Further apart, the number counts something else ("the rivalry ... between the
# two groups" does not count rivalries). The answerer passes its model's distances
# (``Gate.count_after`` / ``count_before``). ``scripts/fit_gate.py --counts`` fits them on the
# development fit questions that ask how many: every pair from 2 to 7 words gives the same
# figures there (30 Nov 2026; 1 word loses answered ones), so these hand-set values, inside
# that plateau, stay.
_COUNT_AFTER = 4
_COUNT_BEFORE = 5
_WORD = re.compile(r"[\w][\w'’-]*")


# A list of three or more short items ("HP PA-RISC, IA-64, MIPS (DEC) and IBM s/390", "the
# macOS, Windows, and Unix"): items of at most three words (a bracketed gloss or quotes
# allowed), joined by commas and a last "and" or "or". (Two words joined by "and" are as often
# two verbs or a pair of nouns: "install and maintain all these packages".)
_ITEM = r"(?:the\s+)?[“\"]?[\w/+.-]+[”\"]?(?:\s+[\w/+.-]+){0,2}(?:\s+\([^()]{1,20}\))?"
ITEM_LIST = rf"{_ITEM}(?:\s*,\s*{_ITEM})+\s*,?\s+(?:and|or)\s+{_ITEM}"
# What such a list may stand after when its noun follows it ("for the Intel i386, ...
# architectures", "including A, B and C ports", "to the macOS, Windows, and Unix platforms"):
# a preposition, "to" only before "the" (else it may mark an infinitive: "to install and
# maintain all these packages").
_LIST_OPENER = "|".join([*sorted((lexicon.PREPOSITIONS - {"to"}) | {"including"}), r"to(?=\s+the\s)"])
# Such a list (group 1) after its opener; what follows it, the counted noun, is the caller's.
MEMBERS_BEFORE = rf"\b(?:{_LIST_OPENER})\s+(?:the\s+)?({ITEM_LIST})"
# What opens a list of a noun's members after the noun: "such as", "including", "namely",
# "like", "include(s/d)", a colon ("consequences, including A, B and C", "two ports: A and B").
LIST_OPEN = re.compile(r"\s*(?:,\s*)?\b(?:including|such\s+as|namely|like|include|includes|included)\s+|:\s+", re.IGNORECASE)


def enumerates_head(window: str, head_tokens: set[str]) -> bool:
    """Does ``window`` list the members of what a how-many question counts, one of
    ``head_tokens`` (the window's words matching the question's head noun), without a number:
    the list right before the noun ("the Intel i386, ... and IBM s/390 architectures") or
    right after it ("languages, such as Object Pascal, Delphi, and C++")? A reader counts the
    items; the composer's lead gives the count with the verbatim list."""
    for head in head_tokens:
        word = re.escape(head)
        if re.search(rf"{MEMBERS_BEFORE}\s+{word}\b", window, re.IGNORECASE) or re.search(
            rf"\b{word}(?:{LIST_OPEN.pattern}){ITEM_LIST}", window, re.IGNORECASE
        ):
            return True
    return False


def counts_head(
    window: str, info: QuestionInfo, head_tokens: set[str], *, after: int = _COUNT_AFTER, before: int = _COUNT_BEFORE
) -> bool:
    """Does a number in ``window`` (not one of the question's own) count the asked thing, one
    of ``head_tokens`` (the window's words that match the question's head noun), that word
    coming at most ``after`` words after the number or ``before`` words before it?"""
    question_low = normalize(info.text).lower()
    words = list(_WORD.finditer(window))
    heads = [i for i, w in enumerate(words) if w.group(0).lower() in head_tokens]
    if not heads:
        return False
    for m in _NUMBER.finditer(window):
        if m.group(0).lower() in question_low or compares(window, m.end(), question_low):
            continue
        if _YEAR_NUMBER.fullmatch(m.group(0)) and info.head not in ("year", "date"):
            continue  # a year dates something; it does not count it
        at = next((i for i, w in enumerate(words) if w.end() > m.start()), len(words))
        if any(0 < h - at <= after or 0 < at - h <= before for h in heads):
            return True
    return False


# A year (1500-2099): what it dates is not what it counts.
_YEAR_NUMBER = re.compile(r"1[5-9]\d\d|20\d\d")
# A number that gives a difference: "one more architecture than its predecessor", "two fewer
# ports than etch" (a comparative after the number, and "than" in its phrase).
_COMPARATIVE = re.compile(r"\s+(?:[\w-]+\s+)?(?:more|fewer|less)\b[^.;:,()]{0,60}?\bthan\b", re.IGNORECASE)
_ASKS_DIFFERENCE = re.compile(r"\b(?:more|fewer|less)\b")


def compares(text: str, end: int, question_low: str) -> bool:
    """Does the number ending at ``end`` in ``text`` give a difference ("one more X than Y"),
    which counts no total, while the question (lower-cased) does not ask for one ("how many
    more")?"""
    return bool(_COMPARATIVE.match(text, end)) and not _ASKS_DIFFERENCE.search(question_low)


def reason_cue(sentence: str) -> bool:
    return bool(_REASON.search(sentence))


# A line that points elsewhere instead of saying something: "See the section on X below",
# "For details, refer to chapter 3", "described in Section 2.1".
_CROSS_REFERENCE = re.compile(
    r"\b(?:see|refer to|described in|discussed in|explained in|covered in|documented in|more (?:on|about) this in)\b"
    r"[^.]{0,80}?\b(?:section|chapter|page|below|above|appendix|faq|documentation|manual|reference|tutorial|"
    r"guide|\d+(?:\.\d+)+)\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.|[A-Z]\.)\s+\S")


def is_cross_reference(sentence: str) -> bool:
    """A sentence that sends the reader elsewhere ("see the section on ... below")."""
    return bool(_CROSS_REFERENCE.search(sentence))


def is_acronym(name: str) -> bool:
    """Is ``name`` (one of a question's names) an acronym: two capital letters or more and
    nothing else ("PSF", "TTP"; not "Python" or "MP3")?"""
    return len(name) >= 2 and name.isalpha() and name.isupper()


def is_label_like(sentence: str) -> bool:
    """A title, table-of-contents or navigation line rather than a statement: short, with no
    closing punctuation, or a numbered entry."""
    text = sentence.strip()
    words = text.split()
    if not words:
        return True
    if _NUMBERED.match(text) and len(words) <= 12:
        return True
    # An ellipsis closes a sentence as a full stop does ("... is therefore not threatened by
    # extinction…").
    return len(words) <= 12 and text[-1] not in ".!?:;)\"'”’…"


def is_yes_no(question: str) -> bool:
    """A question opening with an auxiliary ("Will the attacks go on?", "Is it ...?"), as asked:
    a request that wraps a wh-question ("Do you know what X is?") asks that question."""
    return _opens_with_auxiliary(read_question(question).asked)
