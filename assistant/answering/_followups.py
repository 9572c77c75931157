"""Follow-up resolution without a model: read from the conversation's entities.

The people, organisations and documents the conversation named (the last answer's document
details and names first, in their listed order, then the questions', then the documents'
details) are what "she", "the other author", "the second author", "her colleague" and "it"
stand for; an elliptical message ("Why?", "Where exactly?") borrows the previous question's
topic for retrieval. Whether a name is a person's is read from the words it is made of
(WordNet's common nouns), not from a list of one document's words.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from .. import lexicon
from ..lexicon import NAME_FINAL_ABBREVIATIONS, common_nouns, group_nouns, is_english, non_nouns, person_nouns
from ._details import read_detail_question, split_names
from ._questions import QuestionInfo, identified_name, is_naming_request, proper_names, read_question
from ..text import REQUEST_WORDS, STOPWORDS, ends_as_question, normalize, sentence_spans, stem, tokens
from ..types import Turn

__all__ = [
    "Entity",
    "Resolution",
    "conversation_entities",
    "is_person_name",
    "refers_by_position",
    "resolve_followup",
    "resolve_references",
]

_PERSON_PRONOUN = re.compile(r"\b(she|he|him|her|his|hers)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|its|this|that|they|them|their|these|those)\b", re.IGNORECASE)
_NP = re.compile(r"\b(?:the|this|that|these|those)\s+((?:[\w’'-]+\s+){0,2}?[\w’'-]+?)(?=[\s?.!,;:]|$)", re.IGNORECASE)
# A noun phrase after a determiner: up to three words, none of them a function word.
# (A lookahead, so that the phrases overlap: "a skipper moor a new ferry" holds "a new ferry".)
_FULL_NP = re.compile(r"\b(?=(?:the|a|an|this|that|these|those)\s+([\w’'-]+(?:\s+[\w’'-]+){0,2}))", re.IGNORECASE)
# "her" before a preposition, a conjunction or a determiner is the object, not a possessive
# ("replaced her as chair", "told her that"; Quirk et al. 1985, 6.3).
_NOT_POSSESSED = "|".join(sorted(lexicon.PREPOSITIONS | lexicon.COORDINATORS | lexicon.DETERMINERS | {"as", "than", "that"}))
# What may follow an opener once it is taken off: "OK. Who wrote it?", "So, where ...?".
_OPENER_PUNCTUATION = " ,.;:!-–—"
_ELLIPSIS_START = re.compile(r"^\s*(and|but|also|what about|how about|so|then|ok|okay)\b", re.IGNORECASE)
_WH = re.compile(r"\b(who|whom|whose|what|when|where|which|why|how)\b", re.IGNORECASE)
_CONTENT_STOP = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "is", "are", "was", "were", "do", "does", "did"}
# A person picked out of a list the conversation gave: by position ("the second author", "the
# last one"), or as the one not yet talked about ("the other author", "her colleague").
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}
_BY_POSITION = re.compile(
    r"\b(?:the\s+)?(?:(?:study|report|paper|article|document|book)['’]s\s+)?"
    r"(first|second|third|fourth|fifth|last|other|another)\s+(?:co-?)?(author|writer|researcher|person|one|expert|name)(['’]s)?\b",
    re.IGNORECASE,
)
_COLLEAGUE = re.compile(r"\b(?:her|his|their)\s+(colleague|co-?author|co-?writer|partner|collaborator)(['’]s)?\b", re.IGNORECASE)
_NAME_JOINERS = {"al", "bin", "ibn", "de", "da", "del", "van", "von", "der", "le", "la", "el"}


@dataclass(frozen=True, kw_only=True, slots=True)
class Entity:
    """A person, organisation or document the conversation (or a document's details) named."""

    text: str
    kind: Literal["person", "organisation", "document"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Resolution:
    """``text``: the follow-up made stand-alone (shown to users, typed by its wh-word);
    ``query``: what to retrieve with (adds the previous question when the message leans on it,
    and the last answer's sentence when it points into that answer)."""

    text: str
    query: str
    is_followup: bool
    # The words the question is about, for reading it (``query`` without the last answer's
    # sentences, which help retrieval but are not what is asked); empty: ``query``.
    topic: str = ""
    # A follow-up's context: the sentence the last answer led with, as ``(source, start, end)``
    # (the reader has just read it), the last question as read, and the message as written.
    shown: tuple[tuple[str, int, int], ...] = ()
    previous: str = ""
    message: str = ""
    # A challenge of the last answer ("Are you sure? I thought it was Slink."): what the reader
    # believed instead ("Slink"), "" when they only doubt it, None when the message is no
    # challenge. ``text`` is then the last question, and ``doubted`` the last answer when it
    # answered (its mapping, as recorded): the answer stands on that evidence.
    challenge: str | None = None
    doubted: Mapping[str, Any] | None = None
    # A request for more of the last answer ("Tell me more.", "Go on."): that answer's mapping,
    # as recorded, whose quoted sentences the text goes on from (empty when it did not answer);
    # ``text`` is the last question.
    more: Mapping[str, Any] | None = None
    # A request for the last answer's sources ("Where does it say that?", "Source?"): that
    # answer's mapping, as recorded (empty when there was none); ``text`` is the last question.
    sources_of: Mapping[str, Any] | None = None


# The closing abbreviations of a company's name ("Ltd.", "Inc."), not a person's ("Jr.", "Sr.").
_COMPANY_ABBREVIATIONS = NAME_FINAL_ABBREVIATIONS - {"jr", "sr"}


def _noun_forms(word: str) -> set[str]:
    w = word.lower().strip("'’")
    out = {w}
    if w.endswith("ies") and len(w) > 4:
        out.add(w[:-3] + "y")
    if w.endswith("es") and len(w) > 4:
        out.add(w[:-2])
    if w.endswith("s") and len(w) > 3:
        out.add(w[:-1])
    return out


def is_person_name(name: str) -> bool:
    """Two to four capitalised words that do not end in a common English noun (WordNet) of
    six letters or more, nor hold two common nouns of five: "Nora Al Habsi", "Jane Doe" and
    "Greg Stein" read as people; "Scientific Publications Department", "Debian Project
    Leader" and "TTP" do not. (Surnames that are common nouns are short: Doe, Stein, Smith.)"""
    words = [w for w in name.split() if w.lower() not in _NAME_JOINERS]
    if not 2 <= len(name.split()) <= 4 or not words or any(w.isupper() and len(w) > 1 for w in words):
        return False
    if any(not w[:1].isupper() for w in words):
        return False
    common = common_nouns()
    nouns = [w for w in words if _noun_forms(w) & common]
    last = words[-1]
    if last in nouns and len(last) >= 6:
        return False
    # A company's closing abbreviation ("Canonical Ltd.", "Acme Corp") or a noun for a body
    # ("Turkistan Islamic Party", "Red Army") ends the name of an organisation, not of a person.
    if last.lower().rstrip(".") in _COMPANY_ABBREVIATIONS or _noun_forms(last.rstrip(".")) & group_nouns():
        return False
    return sum(1 for w in nouns if len(w) >= 5) < 2


def _details(answer: Mapping[str, Any]) -> list[Entity]:
    out: list[Entity] = []
    for c in answer.get("citations", []) or []:
        if c.get("kind") != "details":
            continue
        field_name, value = c.get("field"), str(c.get("quote", ""))
        if field_name == "authors":
            out.extend(Entity(text=n, kind="person") for n in split_names(value))
        elif field_name == "publisher" and value:
            out.append(Entity(text=value, kind="organisation"))
        elif field_name == "title" and value:
            out.append(Entity(text=value, kind="document"))
    return out


def whole_names(text: str) -> list[str]:
    """The names ``text`` gives, each whole: capitalised parts joined by the connectors of
    institutional names ("Software in the Public Interest", not "Software" and "Public
    Interest"), and a capitalised English word that opens a title running to the end of the
    text ("Who wrote Counting potatoes?" -> "Counting potatoes", not "Counting")."""
    flat = normalize(text)
    names = proper_names(text)
    out: list[str] = []
    i = 0
    while i < len(names):
        name = names[i]
        while i + 1 < len(names):
            joined = next(
                (j for c in lexicon.NAME_CONNECTORS if (j := f"{name} {c} {names[i + 1]}") in flat), None
            )
            if joined is None:
                break
            name, i = joined, i + 1
        # An all-capital word is an acronym, a name in itself ("the main CRAN server hosted"),
        # though it may spell an English word ("cran").
        if " " not in name and not name.isupper() and is_english(name.lower()):
            title = re.search(rf"\b{re.escape(name)}((?:\s+[a-z][\w’'-]*)+)\s*[?.!]?\s*$", flat)
            if title and not any(w in STOPWORDS or w in lexicon.AUXILIARIES for w in title.group(1).split()):
                name += title.group(1)
        out.append(name)
        i += 1
    return out


# Words before a name that make it a place or thing, not a person ("on Planet Debian", "the
# Debian Project"): articles and the prepositions of location (closed classes).
_NOT_PERSON_BEFORE = frozenset(["the", "a", "an", "on", "at", "in", "into", "onto"])


def is_person_in(name: str, text: str) -> bool:
    """Is ``name`` a person's as ``text`` uses it: it reads as a person's name
    (:func:`is_person_name`), and ``text`` never treats it as a thing: after an article or a
    preposition of place ("on Planet Debian"), or followed by "which" ("Planet Debian, which
    aggregates ..."); people take "who"."""
    if not is_person_name(name):
        return False
    for match in re.finditer(re.escape(name), text):
        before = text[: match.start()].split()[-1:]
        if before and before[0].lower() in _NOT_PERSON_BEFORE:
            return False
        if re.match(r"\s*,?\s*which\b", text[match.end():]):
            return False
    return True


def _named_in(text: str) -> list[Entity]:
    out = []
    flat = normalize(text)
    for name in whole_names(text):
        if is_person_in(name, flat):
            out.append(Entity(text=name, kind="person"))
        elif len(name.split()) >= 2 or name.isupper():
            out.append(Entity(text=name, kind="organisation"))
    return out


def document_entities(metadata: Sequence[Mapping[str, Any]]) -> list[Entity]:
    """The people and organisations documents' details name (authors in their listed order)."""
    out: list[Entity] = []
    for meta in metadata:
        out.extend(Entity(text=n, kind="person") for n in split_names(str(meta.get("authors", "") or "")))
        if meta.get("publisher"):
            out.append(Entity(text=str(meta["publisher"]), kind="organisation"))
    return out


def conversation_entities(history: Sequence[Turn], documents: Sequence[Mapping[str, Any]] = ()) -> list[Entity]:
    """Entities in the order a follow-up reaches for them: the last grounded answer's (its
    document details first, in their listed order, then the names its text and quotes give),
    the questions', most recent first; then the documents' details. Each once."""
    found: list[Entity] = []
    for turn in reversed(history):
        if turn.role == "assistant" and turn.answer and turn.answer.get("grounded"):
            found.extend(_details(turn.answer))
            texts = [str(turn.answer.get("answer", ""))] + [
                str(c.get("quote", "")) for c in turn.answer.get("citations", []) or [] if c.get("kind", "text") == "text"
            ]
            for text in texts:
                found.extend(_named_in(text))
        elif turn.role == "user":
            found.extend(_named_in(turn.resolved or turn.content))
    found.extend(document_entities(documents))
    seen: set[str] = set()
    out = []
    for e in found:
        key = normalize(e.text).lower()
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _focus_person(history: Sequence[Turn], people: Sequence[Entity]) -> Entity | None:
    """The person the conversation is about: the one the last question named, else the first
    the last answer gives."""
    last_user = next((t for t in reversed(history) if t.role == "user"), None)
    if last_user is not None:
        named = [e for e in _named_in(last_user.resolved or last_user.content) if e.kind == "person"]
        if named:
            return named[0]
    return people[0] if people else None


def _listed_people(history: Sequence[Turn], documents: Sequence[Mapping[str, Any]]) -> list[Entity]:
    """The people of the list a positional reference counts in: the last answer's details, or
    the names it gives, or the documents' authors."""
    last_answer = next((t.answer for t in reversed(history) if t.role == "assistant" and t.answer), None)
    if last_answer and last_answer.get("grounded"):
        listed = [e for e in _details(last_answer) if e.kind == "person"]
        if listed:
            return listed
    people = [e for e in document_entities(documents) if e.kind == "person"]
    if people:
        return people
    return [e for e in conversation_entities(history) if e.kind == "person"]


def refers_by_position(text: str) -> bool:
    """Does ``text`` pick a person out of a list ("the second author", "her colleague")?"""
    return bool(_BY_POSITION.search(text) or _COLLEAGUE.search(text))


def resolve_references(text: str, history: Sequence[Turn], documents: Sequence[Mapping[str, Any]] = ()) -> str:
    """``text`` with "the second author", "the other author", "her colleague" replaced by the
    person they pick out of the conversation's (or the documents') list of people."""
    people = _listed_people(history, documents)
    if not people:
        return text
    focus = _focus_person(history, people)

    def pick(word: str) -> Entity | None:
        word = word.lower()
        if word in _ORDINALS:
            i = _ORDINALS[word]
            return people[i] if -len(people) <= i < len(people) else None
        others = [p for p in people if focus is None or p.text != focus.text]
        return others[0] if others else None

    def swap(match: re.Match[str]) -> str:
        who = pick(match.group(1))
        if who is None:
            return match.group(0)
        return f"{who.text}'s" if match.group(3) else who.text

    def colleague(match: re.Match[str]) -> str:
        who = pick("other")
        if who is None:
            return match.group(0)
        return f"{who.text}'s" if match.group(2) else who.text

    return _COLLEAGUE.sub(colleague, _BY_POSITION.sub(swap, text))


def _person(history: Sequence[Turn], grounded: Mapping[str, Any] | None, question: str) -> str | None:
    """The person "she"/"he" stands for. After a question asking who, the person the answer
    gave (the phrase it led with, else the first person its text names that the question did
    not): "Who did Ian Murdock appoint?" then "Why him?" is about the appointee. Otherwise the
    person the last question named, else the answer's. Only names used as a person's count."""
    named = [e for e in _named_in(question) if e.kind == "person"]
    # "Who is X?" asks what X is: the answer describes X, so X stays the one "she" means.
    asked_who = bool(_ASKS_WHO.match(question)) and identified_name(question, [e.text for e in named], bare=False) is None
    if named and not (asked_who and grounded):
        return named[0].text
    # The person the last answer led with answers the last question ("Who founded X?").
    phrase = _answer_phrase(grounded)
    if phrase and is_person_in(phrase, phrase):
        return phrase
    if grounded:
        said = {normalize(e.text).lower() for e in named}
        given = [e for e in _answer_people(grounded) if normalize(e.text).lower() not in said]
        if given:
            return given[0].text
    if named:
        return named[0].text
    if grounded:
        people = [e for e in conversation_entities(history) if e.kind == "person"]
        if people:
            return people[0].text
    return None


_FEMININE = frozenset(["she", "her", "hers", "herself"])
_MASCULINE = frozenset(["he", "him", "his", "himself"])


def _gender_of_pronouns(text: str) -> str:
    """"f" or "m" when ``text``'s personal pronouns are all of one gender, else ""."""
    words = set(tokens(text))
    feminine, masculine = bool(words & _FEMININE), bool(words & _MASCULINE)
    return "f" if feminine and not masculine else "m" if masculine and not feminine else ""


def _genders(history: Sequence[Turn]) -> dict[str, str]:
    """The gender the reader's own pronouns gave each person so far: a message that says "she"
    (or only "he") and was read as about a name it does not write itself."""
    out: dict[str, str] = {}
    for turn in history:
        if turn.role != "user" or not turn.resolved:
            continue
        gender = _gender_of_pronouns(turn.content)
        if not gender:
            continue
        written = normalize(turn.content).lower()
        for e in _named_in(turn.resolved):
            if e.kind == "person" and normalize(e.text).lower() not in written:
                out[normalize(e.text).lower()] = gender
    return out


def _agreeing(person: str | None, text: str, history: Sequence[Turn], documents: Sequence[Mapping[str, Any]]) -> str | None:
    """``person``, unless the reader's pronouns already gave them the other gender than
    ``text``'s pronoun ("his" was read as Ali Bakr, so "her" is someone else): then the other
    person the conversation knows whose gender does not disagree."""
    gender = _gender_of_pronouns(text)
    known = _genders(history)
    if person is None or not gender or known.get(normalize(person).lower(), gender) == gender:
        return person
    others = [
        e.text
        for e in _listed_people(history, documents)
        if normalize(e.text).lower() != normalize(person).lower() and known.get(normalize(e.text).lower(), gender) == gender
    ]
    return others[0] if others else person


_ASKS_WHO = re.compile(r"^\s*(?:(?:and|so|then)\s+)?(?:who|whom)\b", re.IGNORECASE)


def _answer_people(answer: Mapping[str, Any]) -> list[Entity]:
    """The people the answer's text and its quotes name, in order."""
    texts = [_MARKER.sub("", str(answer.get("answer", "")))] + [
        str(c.get("quote", "")) for c in answer.get("citations", []) or [] if c.get("kind", "text") == "text"
    ]
    return [e for t in texts for e in _named_in(t) if e.kind == "person"]


def _thing(question: str, plural: bool) -> str | None:
    if plural:
        for name in proper_names(question):
            if name.isupper() or len(name.split()) >= 2:
                return name if name.isupper() is False else f"the {name}"
    matches = [m.group(0) for m in _NP.finditer(question)]
    if not plural:
        for m in _FULL_NP.finditer(question):
            words = []
            verb_follows = True  # unless an auxiliary or a possessive ends the phrase
            for w in m.group(1).split():
                if w.lower() in STOPWORDS or w.lower() in lexicon.AUXILIARIES:
                    verb_follows = w.lower() not in lexicon.AUXILIARIES
                    break
                words.append(re.sub(r"['’]s$", "", w))
                if w.endswith(("'s", "’s")):
                    verb_follows = False
                    break
            # After an inverted auxiliary the subject is followed by the main verb: in "When did
            # the new harbour open?" the phrase's last word is the verb, not part of the noun
            # phrase ("Does the harbour have ...": the auxiliary is the verb; a name stays).
            # (Only the subject, right after the auxiliary: "moor a new ferry" keeps its noun.)
            inverted = bool(re.search(rf"\b(?:{_AUX})\s+$", question[: m.start()], re.IGNORECASE))
            if inverted and verb_follows and len(words) > 1 and not words[-1][:1].isupper():
                words.pop()
            # A noun phrase ends in its noun: "the first article written" is "the first article".
            while len(words) > 1 and not (_noun_forms(words[-1]) & common_nouns() or words[-1][:1].isupper()):
                words.pop()
            # "it" does not stand for someone: "Where does a maintainer upload a new package?"
            # then "How quickly do the mirrors get it?" means the package.
            if words and _noun_forms(words[-1]) & person_nouns():
                continue
            if words:
                return "the " + " ".join(words)
        return None
    if plural:
        # "they" stands for a plural: "Where did the army carry out airstrikes?" then "What were
        # they aimed at?" means the airstrikes, not the army.
        plural_np = [m for m in matches if _is_plural(m.split()[-1])]
        if plural_np:
            return plural_np[0]
        nouns = [t for t in tokens(question) if _is_plural(t) and t not in STOPWORDS]
        if nouns:
            return f"the {nouns[-1]}"
        # A singular noun phrase ("the ideological part") is not what "they" stands for.
        return None
    return matches[0] if matches else None


def _is_plural(word: str) -> bool:
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


_MARKER = re.compile(r"\s*\[\d+\]")
_LEAD_IN = re.compile(r"^(?:the sources say|the closest the sources come|the sources don['’]t answer this directly[^:]*):\s*", re.IGNORECASE)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;)\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_SEMICOLON_ITEMS = re.compile(r"\s*;\s*(?:and\s+|or\s+)?")
_ITEM_REF = re.compile(
    r"\b(?:the\s+)?(" + "|".join(lexicon.LIST_POSITIONS) + r")(?:\s+(" + "|".join(sorted(lexicon.LIST_ITEM_NOUNS)) + r"))?\b(?!['’])",
    re.IGNORECASE,
)
_DEMONSTRATIVE_NP = re.compile(r"\b(?:that|this|those|these)\s+([a-z][\w’'-]*)", re.IGNORECASE)
_STANDALONE_DEMONSTRATIVE = re.compile(r"\b(?:that|this)\b(?=\s*(?:[?.!,]|$|\s+(?:in particular|exactly|again|now|since|mean)\b))", re.IGNORECASE)
_WH_DETERMINER = re.compile(
    r"^\s*(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|of)\b)([a-z][\w-]*)",
    re.IGNORECASE,
)
# "Which Debian release": a wh-determiner, capitalised names that modify the noun, the noun.
_WH_NAMED = re.compile(r"^\s*(?:[Ww]hich|[Ww]hat)\s+(?:[A-Z][\w.+’'-]*\s+)+([a-z][\w-]*)")
_SUBSTITUTE_ONE = re.compile(r"\b(?:which|that|this|the other|another|the)\s+ones?\b", re.IGNORECASE)
# The stop words that are function words ("list" heads "which mailing list").
_FUNCTION_WORDS = STOPWORDS - REQUEST_WORDS
# Words a noun phrase's premodifiers and head do not run into (closed classes).
_NP_ENDS = lexicon.PREPOSITIONS | lexicon.AUXILIARIES | lexicon.COORDINATORS | lexicon.RELATIVE_WORDS | {"to"}
_EXISTENTIAL = re.compile(r"^\s*(?:is|are|was|were)\s+there\s+(?:a|an|any|some)\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})", re.IGNORECASE)
# Longest enumeration worth reading as a list, and the words an item may take.
_MAX_ITEM_WORDS = 12


# What may stand right before a substitute "one(s)" without modifying it: determiners,
# quantifiers, numerals and ordinals ("the one", "every one", "the second one"; positions are
# read as items of the last answer's list, :func:`_resolve_items`).
_NOT_PREMODIFIERS = (
    STOPWORDS | lexicon.INDEFINITE_QUANTIFIERS | lexicon.ONE_DETERMINERS
    | frozenset(lexicon.NUMBER_WORDS) | frozenset(lexicon.LIST_POSITIONS) | frozenset(lexicon.ORDINALS)
)
_ONE = re.compile(r"\b(ones?)\b", re.IGNORECASE)
_PREVIOUS_WORD_OF = re.compile(r"([\w’'-]+)\s+$")


def substitute_ones(text: str, earlier: Sequence[str], answer: Mapping[str, Any] | None = None) -> str:
    """``text`` with each modified substitute "one(s)" replaced by the noun it stands for: "the
    bugfix ones" after "How often do new major releases come out?" is "the bugfix releases";
    "the one for announcements" after "Is there a newsgroup for Python users?" is "the
    newsgroup for announcements" (Quirk et al. 1985, §6.49-6.51: "one" as a pro-form for the
    head of a count noun phrase, kept with its own modifiers). Only a "one(s)" that ends its
    noun phrase (the end, a punctuation mark, a preposition, "that", "which", "and" or "or"
    follows: "one program" is a numeral, "one spend" a generic pronoun) and that is modified:
    by an adjective or a noun before it, or, after "the", by a prepositional phrase. The noun is the head of what the
    conversation was about (:func:`_topic_thing` for "one"; for "ones", a plural noun of the
    latest question that has one: :func:`_substituted_head`), in the number "one(s)" asks for;
    ``earlier`` holds the conversation's questions, latest first. A bare "one" stays as it is."""
    out = text
    for m in reversed(list(_ONE.finditer(text))):
        after = text[m.end() :].lstrip()
        ends = not after or after[0] in "?.!,;:" or after.split()[0].lower() in lexicon.PREPOSITIONS | {"that", "which", "and", "or"}
        before = _PREVIOUS_WORD_OF.search(text[: m.start()])
        if not ends or before is None:
            continue
        word = before.group(1)
        premodified = word.lower() not in _NOT_PREMODIFIERS and bool(re.search(r"[^\W\d_]", word))
        postmodified = word.lower() == "the" and bool(after) and after.split()[0].lower() in lexicon.PREPOSITIONS
        if not (premodified or postmodified):
            continue
        plural = m.group(1).lower() == "ones"
        if not plural and word.lower() in lexicon.ORDINALS:
            # "the second one": another of the series an ordinal counted in ("the first release").
            head = _ordinal_head(earlier) or _substituted_head(plural, earlier, answer, word)
        else:
            head = _substituted_head(plural, earlier, answer, word if premodified else "")
        if head:
            out = out[: m.start()] + head + out[m.end() :]
    return out


_NEGATING_PREFIX = re.compile(r"^(?:non|un|in|im|dis)-?", re.IGNORECASE)

# An ordinal as the head of its noun phrase, its noun left out ("Which was the first?", "the
# last."): before the end, a punctuation mark, an auxiliary, a preposition or a coordinator.
_ORDINAL_WORDS = "|".join(sorted(lexicon.ORDINALS, key=len, reverse=True))
_BARE_ORDINAL = re.compile(
    rf"\bthe\s+({_ORDINAL_WORDS})\b(?=\s*(?:[?.!,;:]|$)|\s+(?:{'|'.join(sorted(lexicon.AUXILIARIES | lexicon.PREPOSITIONS | lexicon.COORDINATORS))})\b)",
    re.IGNORECASE,
)


def _counted_noun(question: str) -> str | None:
    """The noun after an ordinal in ``question`` ("the first release" -> "release"), if any."""
    for m in re.finditer(rf"\bthe\s+(?:{_ORDINAL_WORDS})\s+([a-z][\w-]*)", question, re.IGNORECASE):
        noun = m.group(1).lower()
        if noun not in STOPWORDS and noun not in ("one", "ones") and _noun_forms(noun) & common_nouns():
            return _singular(noun)
    return None


def _ordinal_head(earlier: Sequence[str]) -> str | None:
    """The noun an ordinal with its noun left out stands for: the latest question's noun after
    an ordinal ("the first release"), else its plural noun, the series the ordinal counts in
    ("Which releases came out in the 1990s?" -> "release"; Quirk et al. 1985, 12.37: the head
    recovered from the context); None when no question has one."""
    for question in earlier:
        counted = _counted_noun(question)
        if counted:
            return counted
        plural = _substituted_head(True, [question], None)
        if plural:
            return _singular(plural)
    return None


def complete_ordinals(text: str, earlier: Sequence[str]) -> str:
    """``text`` with each ordinal whose noun is left out given the noun it stands for ("Which
    was the first?" after "Which releases came out in the 1990s?" -> "Which was the first
    release?"); as it is when no earlier question gives one."""
    if not _BARE_ORDINAL.search(text):
        return text
    head = _ordinal_head(earlier)
    if not head:
        return text
    return _BARE_ORDINAL.sub(lambda m: f"{m.group(0)} {head}", text)


def _substituted_head(plural: bool, earlier: Sequence[str], answer: Mapping[str, Any] | None, modifier: str = "") -> str | None:
    """The common noun a substitute "one" (or, ``plural``, "ones") stands for. Among plural
    nouns, the one whose own modifier the substitute's contrasts with ("LTS releases" for
    "non-LTS ones"), else the first one modified by a word that is no determiner ("major
    releases", not "these days"), else the first."""
    if plural:
        for question in earlier:
            words = tokens(question)
            found = [
                (i, w) for i, w in enumerate(words)
                if _is_plural(w) and w not in STOPWORDS and _noun_forms(w) & common_nouns()
            ]
            if not found:
                continue
            base = _NEGATING_PREFIX.sub("", modifier.lower())
            contrast = [w for i, w in found if i and base and words[i - 1] in {modifier.lower(), base}]
            modified = [w for i, w in found if i and words[i - 1] not in _NOT_PREMODIFIERS]
            return (contrast or modified or [found[0][1]])[0]
        return None
    if not earlier:
        return None
    topic = _topic_thing(earlier[0], answer)
    words = topic.split() if topic else []
    if words and words[0].lower() in lexicon.DETERMINERS:
        words = words[1:]
    head = words[-1] if words else ""
    # A word WordNet knows only as another part of speech is no head ("the first"); one it does
    # not know at all may be ("newsgroup").
    if not head or not all(w[:1].islower() for w in words) or head.lower() in _FUNCTION_WORDS or head.lower() in non_nouns():
        return None
    head = _singular(head) if _is_plural(head) else head
    # Unmodified, "the one" stands for the whole nominal ("the mailing list"); a modifier of
    # its own takes the place of the antecedent's ("the winter one": the winter timetable).
    return " ".join([*words[:-1], head]) if not modifier else head


def _answer_sentences(answer: Mapping[str, Any]) -> list[str]:
    """The last answer's text, in its sentences, without citation markers and lead-ins."""
    text = _MARKER.sub("", str(answer.get("answer", "")))
    text = _LEAD_IN.sub("", text.strip())
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text) if s.strip()]


def _leading_name(clause: str) -> str:
    """The proper name ``clause`` opens with, or ""."""
    clause = clause.strip(" .;:“”\"")
    # Read as if mid-sentence: a clause's first word is capitalised whatever it is.
    names = proper_names(f"and {clause}")
    if not names or not normalize(clause).startswith(names[0]) or names[0].lower() in STOPWORDS:
        return ""
    return names[0]


def _item_head(item: str) -> str:
    """What an item of a list names: its leading name ("Debian Jr." of "Debian Jr. for young
    children"), else the item itself when short."""
    item = item.strip(" .;:“”\"")
    names = proper_names(item)
    if names and normalize(item).startswith(names[0]):
        return names[0]
    words = item.split()
    return item if len(words) <= 5 else ""


def answer_items(answer: Mapping[str, Any] | None) -> list[str]:
    """The items of the first list the last answer gives ("A, B, and C"; "X: a and b"), each as
    what it names; empty when it gives none. A list after a colon wins over the sentence's
    other commas; a trailing "etc." is no item."""
    if not answer:
        return []
    for sentence in _answer_sentences(answer):
        body = sentence.rstrip(".!?")
        body = re.sub(r",?\s*(?:etc|and so on)\.?$", "", body)
        if ":" in body:
            body = body.rsplit(":", 1)[1]
        introduced = ":" in sentence
        # Without a colon, a list separates its items with commas ("A, B, and C"): "X and Y
        # and Z" joins clauses ("... delegates of the Leader and moderate news and ...").
        if not introduced and not re.search(r"[,;]", body):
            continue
        semicolons = introduced and ";" in body
        if semicolons:
            # Semicolons part items that hold commas of their own ("the C library (glibc),
            # which ...; graphical toolkits, such as Gtk+ and Qt, ...; the libpng library, ...";
            # The Chicago Manual of Style, 6.60): each item is named before its first comma.
            parts = [x.split(",")[0] for x in _SEMICOLON_ITEMS.split(body) if x.strip()]
        else:
            parts = [x for x in _ITEM_SPLIT.split(body) if x and x.strip()]
        # Clauses that each open with a name ("Corel sold its Linux division in 2001, Stormix
        # declared bankruptcy ..., and Progeny ceased ..."): the names are the items (a year
        # after a date's comma is no clause of its own).
        clauses = [x for x in parts if not x.strip().isdigit()]
        leading = [_leading_name(x) if len(x.split()) >= 3 else "" for x in clauses]
        if len(clauses) >= 3 and all(leading):
            return leading
        # Two items make a list only after a colon ("versions: 2.x and 3.x"); otherwise three.
        if len(parts) < (2 if introduced else 3) or "“" in body or "”" in body:
            continue
        # The first part may carry the clause that introduces the list ("... include Google"):
        # then it must end in the name that is the first item.
        if len(parts[0].split()) > 4 and not semicolons:
            first_names = proper_names(parts[0])
            if not first_names or not parts[0].rstrip().endswith(first_names[-1]):
                continue
            parts[0] = first_names[-1]
        if any(len(x.split()) > _MAX_ITEM_WORDS for x in parts):
            continue
        heads = [_item_head(x) for x in parts]
        if all(heads):
            return heads
    return []


def _resolve_items(text: str, items: Sequence[str], previous: str = "") -> str:
    """"the second one", "the last point", "the former" -> the item of the last answer's list;
    with no list, "the first one" takes the noun of the things the previous question asked
    about ("Are there articles about X?" -> "the first article")."""
    if len(items) < 2:
        plural = [w for w in tokens(previous) if _is_plural(w) and w not in STOPWORDS]
        # A series the previous question already counted in ("the first release") goes on.
        counted = _counted_noun(previous)
        if not plural and not counted:
            return text
        noun = counted or _singular(plural[-1])
        return re.sub(
            r"\b(the\s+(?:" + "|".join(lexicon.LIST_POSITIONS) + r"))\s+one\b",
            lambda m: f"{m.group(1)} {noun}",
            text,
            flags=re.IGNORECASE,
        )

    def swap(match: re.Match[str]) -> str:
        position, noun = match.group(1).lower(), (match.group(2) or "").lower()
        if not noun and position not in ("former", "latter"):
            return match.group(0)
        i = lexicon.LIST_POSITIONS[position]
        return items[i] if -len(items) <= i < len(items) else match.group(0)

    return _ITEM_REF.sub(swap, text)


def _singular(word: str) -> str:
    """The singular of a plural noun: the longest of its stripped forms that WordNet knows."""
    forms = sorted(_noun_forms(word) - {word.lower()}, key=len, reverse=True)
    return next((f for f in forms if f in common_nouns()), forms[-1] if forms else word)


def _answer_phrase(answer: Mapping[str, Any] | None) -> str:
    """The phrase the last answer led with ("Ian Murdock [1]. ..." -> "Ian Murdock"), if any."""
    if not answer:
        return ""
    # A full stop inside a number ("version 20.04") does not end the phrase.
    match = re.match(r"^\s*((?:[^.\[\]]|(?<=\d)\.(?=\d)){1,80}?)\s*\[\d+\]\.", str(answer.get("answer", "")))
    return match.group(1).strip() if match else ""


_AUX = "|".join(sorted((re.escape(a) for a in lexicon.AUXILIARIES), key=len, reverse=True))
# A question with its auxiliary before the subject: an optional wh-phrase ("which file
# format", "how long"), the auxiliary, the rest.
_INVERTED = re.compile(
    r"^\s*(?:(?:and|so|then|but)\s*,?\s+)?"
    r"(?P<wh>(?:which|what|whose|how\s+many|how\s+much)(?:\s+[\w’'-]+){0,3}?|how(?:\s+[a-z]+)?|since\s+when|when|where|why|who|whom)?\s*"
    rf"\b(?P<aux>{_AUX})\s+(?P<rest>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_COPULAS = frozenset(["is", "are", "was", "were", "am", "isn't", "aren't", "wasn't", "weren't"])


# Verb prefixes that keep an irregular verb irregular ("rewritten", "overtaken", "undone",
# "mistaken", "outgrown"; Quirk et al. 1985, appendix I.29-I.31).
_VERB_PREFIXES = ("re", "over", "under", "mis", "un", "out")


def _verb_form(word: str) -> bool:
    """Is ``word`` never a noun, or an irregular inflection ("written", "rewritten", "ran")?"""
    irregular = lexicon.irregular_lemmas()
    return word in non_nouns() or word in irregular or any(
        word.startswith(p) and word[len(p) :] in irregular for p in _VERB_PREFIXES
    )


def question_subject(question: str) -> str | None:
    """The thing an inverted question is about: its subject, after the auxiliary ("When was
    multiarch support introduced?" -> "multiarch support"; "How does a package get into
    Testing?" -> "the package"; "What does Debian's technical committee decide on?" ->
    "Debian's technical committee"; "What is the PSF's mission?" -> "the PSF", the owner of
    what is asked). None when its head noun names someone ("a maintainer"), is plural, or
    there is none; a capitalised subject may be a person's name (callers check)."""
    m = _INVERTED.match(normalize(question))
    if not m:
        return None
    aux = m.group("aux").lower()
    words: list[str] = []
    verb_found = participle = False
    rest = m.group("rest").split()
    # "What is buildd short for?": a preposition left at the end follows the predicate
    # ("short"), which comes right before it.
    stranded = bool(rest) and rest[-1].lower() in lexicon.PREPOSITIONS and aux in _COPULAS
    for i, raw in enumerate(rest):
        w = raw.strip("“”\"()[],;:")
        low = w.lower()
        if not w:
            break
        if i == 0 and low in {"the", "a", "an", "this", "that"}:
            words.append(low)
        elif low in lexicon.AUXILIARIES:
            # "Does the new bridge have a name?": "have" is the verb after the subject.
            verb_found = True
            break
        elif low in STOPWORDS or low in lexicon.INDEFINITE_WORDS:
            if stranded and i == len(rest) - 1 and len(words) > 1 and words[-1][:1].islower():
                words.pop()
                verb_found = True
            break
        elif w[:1].isupper() or w[:1].isdigit():
            words.append(w)
        elif len(low) > 4 and low.endswith(("ed", "ly")):
            # A participle or an adverb: the subject has ended ("... officially founded").
            verb_found = participle = True
            break
        else:
            words.append(w)
        if raw.endswith((",", ";", ":")):
            break
    det = words[0] if words and words[0] in {"the", "a", "an", "this", "that"} else None
    content = words[1:] if det else words
    # A noun phrase does not end in a word that is never a noun: "tidal mapping" keeps its
    # adjective, "the committee decide" loses its verb.
    # A lone word before a participle is the whole subject, whatever else it may be ("When was
    # wheezy released?": a name that is also an adjective).
    while content and content[-1][:1].islower() and content[-1].lower() in non_nouns() and not (participle and len(content) == 1):
        content.pop()
        verb_found = True
    # After "does", "did", "can" ... the main verb follows the subject: "a package get".
    if not verb_found and aux not in _COPULAS and len(content) > 1 and content[-1][:1].islower():
        content.pop()
    if not content:
        return None
    if aux in _COPULAS and content[0][:1].isupper():
        # "Is Debian run by a company?": after a name, a copula's participle ("run") follows.
        name = list(itertools.takewhile(lambda w: not w[:1].islower(), content))
        if det:
            # "the Debian installer", "the CRAN server": after a determiner the name modifies
            # the nouns that follow it; a participle ends them ("the Linux kernel written",
            # "the Debian project run by ...": a word right before "by" is the passive's verb).
            after = content[len(name) :]
            ends_passive = bool(re.search(rf"\b{re.escape(after[-1])}\s+by\b", m.group("rest"))) if after else False
            nouns = list(itertools.takewhile(lambda w: not _verb_form(w.lower()), after))
            if ends_passive and len(nouns) == len(after):
                nouns.pop()
            name += nouns
        content = name
    owned = next((i for i, w in enumerate(content) if re.search(r"['’]s$", w)), None)
    if aux in _COPULAS and owned is not None and m.group("wh"):
        # "What is the PSF's mission?": the question is about the PSF.
        content = content[: owned + 1]
        content[-1] = re.sub(r"['’]s$", "", content[-1])
    head = re.sub(r"['’]s$", "", content[-1])
    if head[:1].islower() and (head.lower() in person_nouns() or _singular(head) in person_nouns() or _is_plural(head)):
        return None
    if head.lower() in {"one", "ones"}:
        return None  # a substitute ("the last one") stands for something else
    phrase = " ".join(content)
    if det in ("a", "an"):
        det = "the"
    return f"{det} {phrase}" if det else phrase


def aligned_referent(previous: str, answer: Mapping[str, Any] | None) -> str | None:
    """What the answer puts where the question had its wh-phrase: "Which of Progeny's projects
    still remains?" answered "Of the projects, only discover still remains." -> "discover" (the
    words before the longest end of the question the answer repeats, back to a function word
    or a comma). None when the answer repeats no end of two words or more."""
    if not answer:
        return None
    asked = tokens(previous)
    for sentence in _answer_sentences(answer)[:2]:
        words = sentence.rstrip(".!?").split()
        low = [w.lower().strip(",;:") for w in words]
        for n in range(len(asked) - 1, 1, -1):
            tail = asked[-n:]
            at = next((i for i in range(len(low) - n + 1) if low[i : i + n] == tail), None)
            if at is None:
                continue
            found: list[str] = []
            for w in reversed(words[max(0, at - 4) : at]):
                if w.lower() in STOPWORDS or w.endswith((",", ";", ":")):
                    break
                found.insert(0, w)
            return " ".join(found) or None
    return None


def _topic_thing(previous: str, answer: Mapping[str, Any] | None) -> str | None:
    """What "it" stands for after ``previous``: the answer's phrase when the question asked
    which thing it is ("Which company created Ubuntu?" -> the company), else the thing the
    question named (a name that is not a person's), else its noun phrase. Sentences that set
    the question's scene before it are not read."""
    previous = read_question(previous).asked
    phrase = _answer_phrase(answer)
    if re.match(r"^\s*(?:which|what)\s+of\b", previous, re.IGNORECASE) and not phrase:
        # "Which of the projects remains?": the one the answer gave.
        aligned = aligned_referent(previous, answer)
        if aligned:
            return aligned
    asked = _WH_DETERMINER.match(previous)
    if asked and asked.group(1)[:1].isupper():
        # "Which Debian release ...": names before the noun modify it; the noun is the kind asked.
        asked = _WH_NAMED.match(previous) or asked
    # "Which company ...", not "What happened ...": a singular noun after the wh-word.
    if asked and (_is_plural(asked.group(1)) or not _noun_forms(asked.group(1)) & common_nouns()):
        asked = None
    if (
        asked
        and phrase
        # A number or a list is no thing, unless the asked noun heads it ("version 20.04").
        and (not re.search(r"\d|,|\band\b", phrase) or phrase.split()[0].lower() == asked.group(1).lower())
        and not _is_clause(phrase)
    ):
        # "The pickle library module" leads a sentence; inside one its article is in lower case.
        first, _, rest = phrase.partition(" ")
        if rest and first.lower() in ("the", "a", "an"):
            return f"{first.lower()} {rest}"
        return phrase
    kind = _kind_in_answer(previous, answer)
    if asked and asked.group(1).lower() not in lexicon.TYPE_NOUNS:
        # No phrase: the first name the answer gives that the question did not, else "the company".
        said = [n for s in (_answer_sentences(answer) if answer else [])[:1] for n in proper_names(s)]
        # A date is no thing of the kind asked ("April of 2007" for "which company").
        new = [n for n in said if n.lower() not in previous.lower() and n.split()[0].lower() not in lexicon.MONTHS]
        # Nor is a person a thing of a kind no person can be ("Guido van Rossum" for "which
        # language"): a common noun whose senses are not people's (WordNet).
        noun = _singular(asked.group(1).lower())
        if noun in common_nouns() and noun not in person_nouns():
            new = [n for n in new if not is_person_name(n)]
        return new[0] if new else kind or f"the {_asked_phrase(previous[asked.start(1) :])}"
    if kind and question_subject(previous) is None:
        # "What's the most important package to install?" / "... is the build-essential package."
        return kind
    # "Is there a newsgroup for X?": the question brings in the newsgroup.
    there = _EXISTENTIAL.match(previous)
    if there:
        # The noun phrase's nouns, to its head: "a mailing list for X" is the mailing list.
        # An -ing or -ed form after the noun begins a clause that postmodifies it ("a ferry
        # serving the islands"; Quirk et al. 1985, §17.29), not a compound.
        opening, *others = there.group(1).split()
        nouns = [opening, *itertools.takewhile(
            lambda w: w.lower() not in _NP_ENDS and not w.lower().endswith(("ing", "ed")), others)]
        while len(nouns) > 1 and not _noun_forms(nouns[-1]) & common_nouns():
            nouns.pop()
        return f"the {' '.join(nouns)}"
    # The subject of the question ("How does a package get into Testing?" -> the package),
    # unless it names someone ("a maintainer") or is plural.
    subject = question_subject(previous)
    if subject and not is_person_in(subject, normalize(previous)):
        return subject
    # A possessor is not what the question is about ("Which of Progeny's projects ...").
    names = [n for n in whole_names(previous) if not re.search(rf"{re.escape(n)}['’]s\b", normalize(previous))]
    if subject and not names:
        # "What is Linux Mint's flagship product based on?": a name that only looks like a
        # person's is still the thing asked about when nothing else is named.
        return subject
    # "it" is not a person; a name that only looks like one ("Linux Mint") is still a thing
    # when the question names nothing else.
    for name in sorted(names, key=is_person_name):
        # "the GIL" keeps its determiner; "the Tarnwick ferry" is the ferry, named.
        the = re.search(rf"\bthe\s+{re.escape(name)}((?:\s+[a-z][\w-]*)?)", previous)
        if not the:
            return name
        nouns = the.group(1).split()
        while nouns and not (_noun_forms(nouns[-1]) & common_nouns()) or nouns and nouns[-1] in STOPWORDS:
            nouns.pop()
        return " ".join(["the", name, *nouns])
    return None


def _asked_phrase(rest: str) -> str:
    """The noun phrase a wh-determiner opens, from its first word (``rest``): "standard module
    can save ..." -> "standard module", "company created Ubuntu" -> "company". Nouns in a row,
    to the first that a verb, an operator or a function word follows; a singular noun followed
    by an "-s" form is the subject of that verb ("version supports")."""
    words = re.findall(r"[\w’'-]+", rest)[:4]
    kept = [words[0]]
    for prev, word in itertools.pairwise(words):
        low = word.lower()
        if (
            low in _FUNCTION_WORDS
            or low in lexicon.AUXILIARIES
            or not _noun_forms(low) & common_nouns()
            or (low.endswith("s") and not _is_plural(prev.lower()))
        ):
            break
        kept.append(word)
    return " ".join(kept).lower()


def _is_clause(phrase: str) -> bool:
    """Does ``phrase`` hold an operator or a subject pronoun ("you still can't store things like
    open files")? Then it is a clause, which "it" cannot stand for: a pronoun's antecedent is a
    noun phrase (Quirk et al. 1985, 6.18)."""
    words = {w.replace("’", "'") for w in tokens(phrase)}
    return bool(words & (lexicon.AUXILIARIES | lexicon.SUBJECT_PRONOUNS))


def _kind_in_answer(previous: str, answer: Mapping[str, Any] | None) -> str | None:
    """The thing of a kind the question names that the answer's first sentence identifies:
    "the X <noun>" with the question's noun and a word X the question does not say ("Which
    package ...?" / "..., the pbuilder package is very useful" -> "the pbuilder package")."""
    if not answer:
        return None
    sentences = _answer_sentences(answer)
    if not sentences:
        return None
    asked = {w.lower() for w in re.findall(r"[\w'’-]+", previous)}
    nouns = {w for w in asked if _noun_forms(w) & common_nouns() and w not in STOPWORDS}
    for m in re.finditer(r"\bthe\s+([\w.+-]+)\s+([a-z][\w-]*)\b", sentences[0]):
        word, noun = m.group(1), m.group(2).lower()
        if noun in nouns and word.lower() not in asked and word.lower() not in STOPWORDS:
            return f"the {word} {noun}"
    return None


def _pronoun_referent(turn: Turn, pronouns: frozenset[str] = frozenset({"it", "its"})) -> str | None:
    """What a pronoun of ``pronouns`` stood for in ``turn``: the words its reading put where the
    message said it ("Are you sure they paid for it?" read "... paid for the study?" -> "the
    study"; "Why did its founders ...?" read "Why did Devuan's founders ...?" -> "Devuan")."""
    said = turn.content.split()
    read = turn.resolved.split()
    if not turn.resolved:
        return None

    def bare(word: str) -> tuple[str, str]:
        m = re.fullmatch(r"(\w+)(\W*)", word)
        return (m.group(1).lower(), m.group(2)) if m else ("", "")

    if not any(bare(w)[0] in pronouns for w in said):
        return None
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in said], b=[w.lower() for w in read], autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "replace" or a1 - a0 != 1:
            continue
        word, tail = bare(said[a0])
        if word not in pronouns:
            continue
        text = " ".join(read[b0:b1])
        if tail and text.endswith(tail):
            text = text[: -len(tail)]
        if word in _POSSESSIVES:
            text = re.sub(r"['’]s$", "", text)
        return text.strip() or None
    return None


_POSSESSIVES = frozenset({"its", "his", "her", "their"})


def _demonstrative_reaches_answer(text: str, previous: str, answer: Mapping[str, Any] | None) -> bool:
    """Does ``text`` point into the last answer: "that" standing for what it said ("What
    triggered that?"), or "that show" whose noun the previous question did not use?"""
    if not answer:
        return False
    if _STANDALONE_DEMONSTRATIVE.search(text):
        return True
    asked = {f for w in tokens(previous) for f in _noun_forms(w)}
    if any(not (_noun_forms(m.group(1)) & asked) for m in _DEMONSTRATIVE_NP.finditer(text)):
        return True
    # "the operator" after an answer that quoted "the walrus operator :=": a definite noun the
    # last answer said and the question before did not refers back into the answer
    # (reiteration, Halliday & Hasan 1976, 6.1).
    said = {f for w in tokens(_last_quote(answer)) for f in _noun_forms(w)}
    return any(
        (forms := _noun_forms(m.group(1))) & said and not forms & asked for m in _DEFINITE_NP.finditer(text)
    )


_DEFINITE_NP = re.compile(r"\bthe\s+([a-z][\w-]*)\b")


def _last_quote(answer: Mapping[str, Any] | None) -> str:
    if not answer:
        return ""
    for c in answer.get("citations", []) or []:
        if c.get("kind", "text") == "text" and c.get("quote"):
            return normalize(str(c["quote"]))
    return ""


_SLUICE = re.compile(
    r"^\s*(?:(?:and|but|so|then|ok|okay)\s*,?\s+)?(?P<wh>" + "|".join(w.replace(" ", r"\s+") for w in lexicon.SLUICE_WORDS)
    + r")(?:\s+(?:exactly|then|so|precisely|again))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)


_DOUBT = re.compile(
    r"^\W*(?:(?:hmm+|wait|but|ok|okay|oh)\W+)*(?:"
    + "|".join(m.replace(" ", r"\s+").replace("'", "['’]") for m in lexicon.DOUBT_MARKERS)
    + r")(?:\s+about\s+(?:that|this|it))?(?:\s*[?!.,]+|\s+(?:that\s+)?(?=(?:it|that|this|they|he|she)\s))\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "I thought (that) it was X", "I heard they used X", "I was told X"; and "..., I think" after
# the alternative, the belief said again.
_BELIEF_VERBS = "|".join(v.replace(" ", r"\s+") for v in lexicon.BELIEF_VERBS)
_BELIEF = re.compile(
    rf"^\W*(?:but\s+|well,?\s+)?i\s+(?:{_BELIEF_VERBS})\s+(?:that\s+)?(?P<claim>.+?)\s*[.!?]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
_BELIEF_AFTER = re.compile(rf",?\s*i\s+(?:{_BELIEF_VERBS})\s*$", re.IGNORECASE)
# "isn't it X?", "wasn't that X?", "not X?": the reader's alternative as a question.
_NEGATIVE_TAG = re.compile(
    r"^\W*(?:(?:is|was|are|were)n['’]t\s+(?:it|that|this|they|he|she)\s+|not\s+)(?P<claim>[^?]+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# What the alternative's clause opens with ("it was", "that is", "they used"): the subject that
# points back to the last answer and its verb, leaving what the reader believed.
_POINTING_SUBJECT = re.compile(
    r"^(?:it|that|this|they|he|she|the answer)\s+(?:was|were|is|are|had|has|did|used|uses|use)\s+(?:called\s+)?",
    re.IGNORECASE,
)


# "Why there?", "How come there?": a reason asked of the place the last answer gave ("there", the
# pro-form of a place adverbial; Quirk et al. 1985, 12.26).
_WHY_THERE = re.compile(
    r"^\s*(?:(?:and|but|so|ok|okay)\s*,?\s+)?(?P<wh>why|how\s+come)\s+there\s*[?.!]*\s*$", re.IGNORECASE
)
def place_reason_reading(message: str, previous: str, answer: Mapping[str, Any] | None) -> str | None:
    """"Why there?" after a where-question, read as why the previous question's event happened
    at the place its answer led with: "Where was the first regatta held?" answered "in Kelby
    [1]. ..." -> "Why was the first regatta held in Kelby?"; "there" stays when the answer led
    with no phrase. None when ``message`` is no such question or the previous one asked no
    "where"."""
    found = _WHY_THERE.match(message)
    m = _INVERTED.match(normalize(previous).strip())
    if not found or not m or (m.group("wh") or "").lower() != "where":
        return None
    reading = sluice_reading("Why?", previous)
    if reading is None:
        return None
    lead = _answer_phrase(answer) if answer and answer.get("grounded") else ""
    place = lead or "there"
    if lead and place.split()[0].lower() not in lexicon.PLACE_PREPOSITIONS:
        place = f"in {place}"
    return f"{reading.rstrip('?')} {place}?"


def challenge_reading(message: str, previous: str) -> tuple[str, str] | None:
    """A message that doubts the last answer ("Are you sure?", "Really? I thought it was
    Slink.", "Is that right? Isn't it B-trees?"), or repeats the last question word for word,
    read as the last question asked again, with what the reader believed instead ("Slink",
    "B-trees"; "" when they only doubt it). None when ``message`` is no such challenge: one
    that goes on to ask something of its own ("Really? Why?") is read as that question."""
    if not previous.strip():
        return None
    if tokens(message) == tokens(previous):
        # The same question again: the reader wants the answer again, not the next-best one.
        return previous, ""
    doubt = _DOUBT.match(message.strip())
    if doubt is None:
        return None
    rest = doubt.group("rest").strip()
    if not rest:
        return previous, ""
    belief = _BELIEF.match(rest) or _NEGATIVE_TAG.match(rest)
    claim = belief.group("claim").strip() if belief is not None else rest.rstrip("?.! ")
    if belief is None and not _POINTING_SUBJECT.match(claim):
        return None
    claim = _POINTING_SUBJECT.sub("", claim)
    claim = re.sub(r"^(?:was|were|is|are)\s+", "", claim, flags=re.IGNORECASE)
    claim = _BELIEF_AFTER.sub("", claim).strip(" ,;:")
    return (previous, claim) if claim else None


def sluice_reading(message: str, previous: str) -> str | None:
    """A lone wh-word ("When?", "Why?", "Where exactly?", "Since when?") read as the previous
    question asked with it: "Where was the first DebConf held?" then "When?" -> "When was the
    first DebConf held?"; "Is Python good for beginners?" then "Why?" -> "Why is Python good
    for beginners?"; "Which format did Debian adopt?" then "Why?" -> "Why did Debian adopt
    that format?". None when ``message`` is no sluice or the previous question does not take
    a new wh-word (it asks who or what did something: its answer is the proposition)."""
    sluice = _SLUICE.match(message)
    if not sluice:
        return None
    wh = " ".join(sluice.group("wh").lower().split())
    prev = normalize(previous).strip()
    m = _INVERTED.match(prev)
    if not m:
        return None
    rest = m.group("rest")
    asked = (m.group("wh") or "").lower().split()
    if asked and asked[0] in {"which", "what", "whose"} and len(asked) > 1:
        # "Which file format did Debian adopt?" -> "... adopt that file format"
        rest = f"{rest} that {' '.join(asked[1:])}"
    elif asked and asked[0] in {"what", "who", "whom", "whose", "which"}:
        # "What did the committee decide?" then "Why?": "why did the committee decide" loses
        # the answer; the question keeps its own reading.
        return None
    reading = f"{wh} {m.group('aux').lower()} {rest}?"
    return reading[:1].upper() + reading[1:]


# What opens a follow-up that only names another thing ("And ...?", "What about ...?").
_ALSO = r"^\s*(?i:and|but|what about|how about)\s*,?\s+"
_WHAT_ABOUT = re.compile(rf"{_ALSO}(?P<np>(?:the|a|an)\s+[^?.!,;]+?)\s*[?.!]*\s*$", re.IGNORECASE)
# Verbs agreeing with a singular subject, and their plural forms.
_PLURAL_AGREEMENT = {"does": "do", "is": "are", "was": "were", "has": "have", "doesn't": "don't", "isn't": "aren't"}


def substitution_reading(message: str, previous: str) -> str | None:
    """"And the Stable Release Managers?" after "What does the Release Manager do?" -> "What
    do the Stable Release Managers do?": the previous question with its noun phrase of the same
    head noun replaced by the message's (and the verb made to agree). None when the message is
    no such fragment or the previous question has no phrase with that head."""
    m = _WHAT_ABOUT.match(message)
    if not m or refers_by_position(message) or _ITEM_REF.search(message):
        return None
    np = m.group("np").strip()
    head = np.split()[-1]
    if not head.isalpha():
        return None
    forms = _noun_forms(head) | {_singular(head)}
    prev = normalize(previous).strip()
    words = prev.rstrip("?.! ").split()
    at = next((i for i, w in enumerate(words) if i and w.lower().strip(",;:") in forms), None)
    if at is None:
        return None
    start = at
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1].lower() in {"the", "a", "an"}):
        start -= 1
        if words[start].lower() in {"the", "a", "an"}:
            break
    if start == 0 or words[start].lower() not in {"the", "a", "an"}:
        # Only a whole determiner phrase is replaced ("the Release Manager"), never a bare word.
        return None
    before = words[:start]
    if _is_plural(head) and not _is_plural(words[at]) and before and before[-1].lower() in _PLURAL_AGREEMENT:
        before[-1] = _PLURAL_AGREEMENT[before[-1].lower()]
    reading = " ".join([*before, np, *words[at + 1 :]])
    return reading.rstrip(" ,;:") + "?"


# "And Sarge?", "What about Linux Mint?": a follow-up that only names another thing (capitalised,
# no determiner).
_AND_NAME = re.compile(rf"{_ALSO}(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*){{0,3}})\s*[?.!]*\s*$")


def name_substitution_reading(message: str, previous: str) -> str | None:
    """"And Sarge?" after "When was Woody released?" -> "When was Sarge released?": the previous
    question with its last name of the same kind (a person's for a person's, another's for
    another's; else its last name) replaced by the one the message names, with the article that introduced it ("Who
    founded the FSF?" then "And Debian?" -> "Who founded Debian?"). None when the message names
    nothing, or the previous question has no such name past its first word."""
    found = _AND_NAME.match(message)
    if not found:
        return None
    name = found.group("name").strip()
    first = name.split()[0].lower()
    if first in STOPWORDS or first in lexicon.WH_WORDS or first in lexicon.AUXILIARIES:
        return None
    prev = normalize(previous).strip()
    candidates = [n for n in proper_names(prev) if not prev.startswith(n)]
    # A person's name for a person's; when the question names nothing of the message's kind
    # (names of two capitalised words may read as people: "Linux Mint"), its last name.
    names = [n for n in candidates if is_person_name(n) == is_person_name(name)] or candidates
    if not names:
        return None
    last = names[-1]
    at = prev.rfind(last)
    article = re.search(r"\bthe\s+$", prev[:at], re.IGNORECASE)
    start = article.start() if article else at
    return f"{prev[:start]}{name}{prev[at + len(last):]}"


def shown_spans(answer: Mapping[str, Any] | None) -> tuple[tuple[str, int, int], ...]:
    """``(source, start, end)`` of the sentence a grounded answer led with (its first text
    citation): what answered the last question. (The sentences quoted after it are context the
    next question may well be about: "... Debian Med for medical applications" / "And the
    second one?")"""
    if not answer or not answer.get("grounded"):
        return ()
    for c in answer.get("citations", []) or []:
        if c.get("kind", "text") == "text" and c.get("source") is not None:
            try:
                return ((str(c["source"]), int(c["start"]), int(c["end"])),)
            except (KeyError, TypeError, ValueError):
                return ()
    return ()


def repeats_shown(sentence: str, message: str, previous: str) -> bool:
    """Does ``sentence`` (the one the last answer led with) say none of the words the follow-up
    ``message`` (as written) adds to the ``previous`` question? Then it answers nothing new:
    "Who took it over?" after "Who wrote the earliest packaging tool?" adds "took", which the
    sentence naming its writer does not say; "And who replaced him?" adds "replaced" (the
    person "him" stands for came from that very sentence, so the reading's words would not
    do); "Which versions does it hold the copyright on?" after "What is the PSF?" adds
    "versions", "hold" and "copyright", which the sentence saying what the PSF is may say."""
    before = {stem(t) for t in tokens(previous) if t not in STOPWORDS}
    added = {stem(t) for t in tokens(message) if t not in STOPWORDS} - before
    return not added & {stem(t) for t in tokens(sentence) if t not in STOPWORDS}


def answer_may_repeat(info: QuestionInfo, previous: QuestionInfo) -> bool:
    """May a follow-up be answered with the sentence the last answer led with?

    Yes when it asks for another kind of answer than the last question did: a date after a
    place ("Where was the first DebConf held?" / "When?") is often in the same sentence.
    Otherwise that sentence answered the last question, and the reader has just read it
    (:func:`repeats_shown` says when it holds nothing of the follow-up).
    """
    typed = info.answer_type not in ("any", "reason")
    return typed and info.answer_type != previous.answer_type


# A bare request for more of the last answer, with nothing of its own to ask about: "Tell me
# more.", "Go on", "Can you elaborate?", "More details, please", "Expand on that."
_MORE = re.compile(
    r"^\W*(?:(?:ok|okay|thanks|great|and)\W+)*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    r"(?:tell\s+me\s+more|say\s+more|more(?:\s+(?:details?|info(?:rmation)?))?|go\s+on|keep\s+going|continue"
    r"|elaborate|expand)(?:\s+(?:on|about)\s+(?:that|this|it))?(?:\W+please)?\W*$",
    re.IGNORECASE,
)


# A request for where the last answer comes from, with nothing of its own to ask about: "Where
# does it say that?", "Source?", "Which page is that on?", "Where did you get that?", "How do you
# know?", "Can you cite it?"
_SOURCE_REQUEST = re.compile(
    r"^\W*(?:(?:ok|okay|thanks|and|but|so)\W+)*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:"
    r"where\s+(?:does|did)\s+(?:it|the\s+(?:text|document|source|study|report|book|faq))\s+say\s+(?:that|this|so)"
    r"|where\s+(?:is|was|'s|’s)\s+(?:that|this)\s+(?:from|written|said|stated)"
    r"|where\s+did\s+you\s+(?:get|find|read|see)\s+(?:that|this|it)"
    r"|(?:what|which)\s+(?:is|are|'s|’s)\s+(?:the|your|its)\s+sources?"
    r"|(?:what|which)\s+page(?:\s+is\s+(?:that|this|it)\s+on)?"
    r"|how\s+do\s+you\s+know(?:\s+(?:that|this))?"
    r"|(?:cite|quote|show)\s+(?:it|that|this|the\s+sources?|your\s+sources?|me\s+the\s+sources?)"
    r"|sources?|citations?|references?|proof|evidence"
    r")(?:\W+please)?\W*$",
    re.IGNORECASE,
)


def _last_shown(history: Sequence[Turn]) -> Mapping[str, Any] | None:
    """The last answer that quoted the sources since the last question asked (a request for
    more or for the sources asks nothing new: "Tell me more." after "Tell me more." goes on from
    the second answer, "Where does it say that?" after "The sources say no more" means the answer
    before); None when that question was not answered."""
    answer: Mapping[str, Any] | None = None
    for turn in reversed(history):
        if turn.role == "assistant":
            answer = turn.answer
            continue
        if answer and answer.get("grounded"):
            return answer
        if not (_MORE.match(turn.content) or _SOURCE_REQUEST.match(turn.content)):
            return None
    return None


# A message that is only a possessive pronoun ("And his?", "What about hers?"): the last question
# asked of another person's thing.
_BARE_POSSESSIVE = re.compile(r"^\W*(?:(?:and|but|so|then|what\s+about|how\s+about)\W+)?(?:his|hers|her|theirs)\W*$", re.IGNORECASE)


def _asked_of_the_other(previous: str, history: Sequence[Turn], documents: Sequence[Mapping[str, Any]]) -> str | None:
    """``previous`` asked of the other person the conversation knows (:func:`resolve_references`
    picks them: the one the last question did not name), or None when it names no person or
    there is no other."""
    named = [e for e in _named_in(previous) if e.kind == "person"]
    if not named:
        return None
    other = resolve_references("the other person", history, documents)
    if other == "the other person" or normalize(other).lower() == normalize(named[0].text).lower():
        return None
    return previous.replace(named[0].text, other, 1)


def _without_acknowledgement(text: str) -> str:
    """``text`` without the sentences that only acknowledge the last answer before a question
    ("Thanks. And who wrote it?" -> "And who wrote it?"; ``lexicon.ACKNOWLEDGEMENT_WORDS``)."""
    while True:
        spans = sentence_spans(text)
        if len(spans) < 2:
            return text
        first = text[spans[0].start : spans[0].end]
        words = tokens(first)
        if not words or ends_as_question(first) or not set(words) <= lexicon.ACKNOWLEDGEMENT_WORDS:
            return text
        text = text[spans[1].start :].strip()


def resolve_followup(message: str, history: Sequence[Turn], documents: Sequence[Mapping[str, Any]] = ()) -> Resolution:
    """``message`` read in the conversation (:func:`_resolve_followup`), with what a follow-up's
    answer needs of it: the sentences the last answer quoted, and the last question."""
    resolution = _resolve_followup(message, history, documents)
    if not resolution.is_followup:
        return resolution
    last_user = next((t for t in reversed(history) if t.role == "user"), None)
    last_answer = next((t.answer for t in reversed(history) if t.role == "assistant"), None)
    previous = (last_user.resolved or last_user.content) if last_user is not None else ""
    # "And the second one?" picks an item of the last answer: the sentence it led with is what
    # the question is about. A message read as the last question again ("Why?" after "Why was
    # Debian 2.1 delayed?") asks for its answer again, not for another one.
    again = tokens(resolution.text) == tokens(previous)
    shown = () if again or points_into_answer(message) else shown_spans(last_answer)
    return replace(resolution, shown=shown, previous=previous, message=message)


def points_into_answer(message: str) -> bool:
    """Does ``message`` pick an item out of the last answer ("the second one", "the last
    point", "the latter")? A bare ordinal ("when was it first posted?") does not."""
    return any(m.group(2) or m.group(1).lower() in ("former", "latter") for m in _ITEM_REF.finditer(message))


def _resolve_followup(message: str, history: Sequence[Turn], documents: Sequence[Mapping[str, Any]] = ()) -> Resolution:
    """Rewrite ``message`` into a stand-alone question using the conversation (and, for a
    person named by position, ``documents``' details: their metadata mappings).

    Read from the conversation, in order: an item of the list the last answer gave ("the
    second one"); a person picked by position ("the other author"); "he"/"she" (the person
    the last question named, else the last answer's); "it" (the thing the last answer named
    when the question asked which one, else the thing the last question named, else its noun
    phrase); "they" (the last plural noun phrase asked about). A message that still leans on
    what came before retrieves with the previous question, and with the last answer's
    sentence when it points into that answer ("that", "that show")."""
    text = _without_acknowledgement(message.strip())
    last_user = next((t for t in reversed(history) if t.role == "user"), None)
    if last_user is None:
        named = resolve_references(text, history, documents)
        return Resolution(text=named, query=named, is_followup=False)
    previous = last_user.resolved or last_user.content
    if _BARE_POSSESSIVE.match(text):
        # "What is Nora Al Habsi's role?" then "And his?": the same question of the other person.
        text = _asked_of_the_other(previous, history, documents) or text
    more = _MORE.match(text) is not None
    if more or _SOURCE_REQUEST.match(text):
        # "Tell me more.": what the text says after the last answer's quotes; "Where does it say
        # that?": where those quotes are (nothing to go on from when the question was not answered).
        shown = _last_shown(history) or {}
        return Resolution(text=previous, query=previous, is_followup=True, topic=previous, previous=previous,
                          message=text, more=shown if more else None, sources_of=None if more else shown)
    last_answer = next((t.answer for t in reversed(history) if t.role == "assistant"), None)
    grounded_answer = last_answer if last_answer and last_answer.get("grounded") else None

    # What each earlier question asked, without the sentences that set its scene ("I'm not a
    # programmer. Which mailing list is meant for me?"): its topic is in what it asks.
    earlier = [read_question(t.resolved or t.content).asked for t in reversed(history) if t.role == "user"]
    challenged = challenge_reading(text, previous)
    if challenged is not None:
        # Asked again, nothing of the last answer hidden: the doubt is answered by the evidence.
        reading, alternative = challenged
        return Resolution(text=reading, query=reading, is_followup=True, topic=reading, challenge=alternative,
                          doubted=grounded_answer, previous=previous, message=text)
    there = place_reason_reading(text, previous, grounded_answer)
    if there:
        return Resolution(text=there, query=f"{there} {_last_quote(grounded_answer)}".strip(), is_followup=True, topic=there)
    sluice = sluice_reading(text, previous)
    if sluice and tokens(sluice) == tokens(previous):
        # "Why?" after "Why was Debian 2.1 delayed?": the last question asked again, which its
        # last answer answers again (as a question repeated word for word is answered).
        return Resolution(text=previous, query=previous, is_followup=True, topic=previous, challenge="",
                          doubted=grounded_answer, previous=previous, message=text)
    if sluice:
        # The answer to "Why?" or "When?" is near what the last answer quoted.
        quote = _last_quote(grounded_answer) if QUOTE_ANSWER else ""
        return Resolution(text=sluice, query=f"{sluice} {quote}".strip(), is_followup=True, topic=sluice)
    substituted = substitution_reading(text, previous)
    if substituted:
        return Resolution(text=substituted, query=f"{substituted} {normalize(previous)}", is_followup=True, topic=substituted)
    renamed = name_substitution_reading(text, previous)
    if renamed:
        # The previous question's name is the one no longer asked about: not searched for.
        return Resolution(text=renamed, query=renamed, is_followup=True, topic=renamed)
    resolved = _resolve_items(text, answer_items(grounded_answer), previous)
    resolved = resolve_references(resolved, history, documents)
    used_context = resolved != text
    person: str | None = None
    if _PERSON_PRONOUN.search(resolved):
        person = _agreeing(_person(history, grounded_answer, previous), resolved, history, documents)
        if person:
            # The first pronoun names the person; later ones go on pointing back to it ("Where was
            # Bruce Perens working while he led the project?").
            possessive = re.search(rf"\b(her|his)\b(?=\s+(?!(?:{_NOT_POSSESSED})\b)\w)", resolved, flags=re.IGNORECASE)
            plain = re.search(r"\b(she|he|him|hers|her)\b", resolved, flags=re.IGNORECASE)
            if possessive is not None and (plain is None or possessive.start() <= plain.start()):
                resolved = f"{resolved[: possessive.start()]}{person}'s{resolved[possessive.end() :]}"
            elif plain is not None:
                resolved = f"{resolved[: plain.start()]}{person}{resolved[plain.end() :]}"
            used_context = True
    # "Who wrote it?": the writers of a written work, so "it" is the last question's topic when
    # that is one ("the first article"), else the document the conversation named ("the
    # study"), else it stays for the details reading (a pronoun there is the document).
    detail = read_detail_question(resolved) if _THING_PRONOUN.search(resolved) else None
    if detail is not None and detail.field == "authors":
        topic = _topic_thing(previous, grounded_answer) or next((t for q in earlier if (t := _thing(q, False))), None)
        head = topic.split()[-1].lower() if topic else ""
        work = topic if head and (head in lexicon.DOCUMENT_NOUNS or _singular(head) in lexicon.DOCUMENT_NOUNS) else None
        noun = next((f"the {w}" for q in earlier for w in tokens(q) if w in lexicon.DOCUMENT_NOUNS), None)
        referent = work or noun
        if referent:
            new = re.sub(r"\bit\b", referent, resolved, count=1, flags=re.IGNORECASE)
            used_context = used_context or new != resolved
            resolved = new
    elif _THING_PRONOUN.search(resolved):
        # An "it" that the last question also used goes on standing for the same thing (the
        # preferred "continue" of centering: Grosz, Joshi & Weinstein 1995).
        topic = _pronoun_referent(last_user) or _topic_thing(previous, grounded_answer)
        # The last question's "he" or "she", and the person this question's own "he" or "she"
        # stands for ("Did he write it alone?"): people, whom "it" does not stand for.
        people = [p for p in (_pronoun_referent(last_user, lexicon.PERSON_PRONOUNS), person) if p]

        def someone(thing: str | None) -> bool:
            words = set(thing.lower().split()) if thing else set()
            return bool(words) and any(words <= set(p.lower().split()) for p in people)

        if someone(topic):
            topic = None

        def swap(match: re.Match[str]) -> str:
            word = match.group(1).lower()
            plural = word in {"they", "them", "their", "these", "those"}
            if plural:
                # The last question first, then the earlier ones: "they" may reach back past a
                # question about something singular ("And the ideological part?").
                thing = next((t for q in earlier if (t := _thing(q, plural))), None)
            else:
                found = (t for q in earlier if (t := _thing(q, plural)) and not someone(t))
                thing = topic or next(found, None)
            if thing and re.fullmatch(rf"the\s+(?:{_ORDINAL_WORDS})", thing, re.IGNORECASE) and (head := _ordinal_head(earlier)):
                # "When did it come out?" after "Which was the first?": the first of what.
                thing = f"{thing} {head}"
            if not thing:
                return match.group(0)
            return f"{thing}'s" if word in {"its", "their"} else thing

        # Only pronouns standing for a noun phrase: "that" after a verb like "say that" stays.
        new = re.sub(r"\b(it|its|they|them|their)\b", swap, resolved, flags=re.IGNORECASE)
        new = re.sub(r"\b(this|these|those)\b(?=\s*[?.!]|\s*$)", swap, new, flags=re.IGNORECASE)
        if new != resolved:
            resolved = new
            used_context = True

    completed = complete_ordinals(resolved, earlier)
    if completed != resolved:
        resolved = completed
        used_context = True
    substituted_ones = substitute_ones(resolved, earlier, grounded_answer)
    if substituted_ones != resolved:
        resolved = substituted_ones
        used_context = True

    into_answer = _demonstrative_reaches_answer(resolved, previous, grounded_answer)
    quote = _last_quote(grounded_answer) if into_answer else ""
    opened = bool(_ELLIPSIS_START.match(resolved))
    whole = opened and _whole_question(text, resolved, previous, grounded_answer)
    if whole:
        while _ELLIPSIS_START.match(resolved):
            resolved = _ELLIPSIS_START.sub("", resolved, count=1).lstrip(_OPENER_PUNCTUATION).rstrip(" ,")
        resolved = resolved[:1].upper() + resolved[1:]
    content = [t for t in tokens(resolved) if t not in _CONTENT_STOP]
    # A short wh-question that names something the last question did not ("What is the GIL?"
    # after a question about the name) asks about it on its own, however few its words.
    # A request in the imperative ("List the Debian distributions.") asks as a wh-question does.
    asks = bool(_WH.search(resolved)) or is_naming_request(resolved)
    names_new = asks and any(normalize(n).lower() not in normalize(previous).lower() for n in proper_names(resolved))
    elliptical = (opened and not whole) or (len(content) <= 2 and not names_new) or not asks and len(content) <= 4
    if elliptical:
        cleaned = _ELLIPSIS_START.sub("", resolved).lstrip(_OPENER_PUNCTUATION).rstrip(" ,")
        cleaned = cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned
        topic_text = f"{cleaned} {normalize(previous)}".strip()
        query = f"{topic_text} {quote}" if QUOTE_ANSWER else topic_text
        return Resolution(text=cleaned or resolved, query=query.strip(), is_followup=True, topic=topic_text)
    leans = into_answer or _leans_on(resolved, previous, grounded_answer)
    borrow = {"resolved": leans or used_context, "leaning": leans, "retrieval": leans, "elliptical": False}[BORROW]
    if borrow:
        topic_text = f"{resolved} {normalize(previous)}" if BORROW != "retrieval" else resolved
        query = f"{resolved} {normalize(previous)} {quote}" if QUOTE_ANSWER else f"{resolved} {normalize(previous)}"
        return Resolution(text=resolved, query=query.strip(), is_followup=True, topic=topic_text)
    return Resolution(text=resolved, query=resolved, is_followup=used_context or leans)


# When a stand-alone reading (not an ellipsis) still retrieves with the previous question:
# "resolved" (whenever the conversation was used), "leaning" (only when a reference is left
# unresolved), "elliptical" (never); and whether a message pointing into the last answer adds
# its sentence to the retrieval query. Chosen on the development collections' fit split by
# scripts/fit_followups.py.
BORROW: Literal["resolved", "leaning", "retrieval", "elliptical"] = "retrieval"
QUOTE_ANSWER = True


def _whole_question(message: str, resolved: str, previous: str, answer: Mapping[str, Any] | None) -> bool:
    """Does a message that opens with a continuing conjunction ("And who replaced him as leader,
    and when?", "OK, so how many developers ...?") still ask a whole question of its own: a
    question word, two content words of the reader's own after the opener, nothing left that
    leans back (:func:`_leans_on`), no substitute "one(s)" ("the bugfix ones") and no pronoun
    standing for a thing? The opener then only ties it to the talk (Halliday & Hasan 1976,
    ch. 5: additive and continuative conjunction); "what about X?" and "how about X?" stay
    elliptical."""
    opener = _ELLIPSIS_START.match(message.strip())
    if opener is None or opener.group(1).lower() in {"what about", "how about"} or not _WH.search(message):
        return False
    if _THING_PRONOUN.search(message):
        # "it" or "they" may be read as the wrong thing: the question before stays the topic.
        return False
    words = tokens(message.strip()[opener.end() :])
    own = [w for w in words if w not in STOPWORDS and not _WH.fullmatch(w)]
    return len(own) >= 2 and not {"one", "ones"} & set(words) and not _leans_on(resolved, previous, answer)


def _leans_on(text: str, previous: str, answer: Mapping[str, Any] | None) -> bool:
    """Does ``text`` still lean on what came before: a pronoun or demonstrative left standing,
    a position in a list ("the third number"), "one" standing for a noun ("which one"), or a
    cohesive conjunction ("instead", "else")? A "he" or "she" the conversation gave no person
    for is not borrowed for: the previous question names no one either."""
    words = [w for w in tokens(text) if w not in lexicon.PERSON_PRONOUNS]
    if any(w in lexicon.COHESIVE_PRONOUNS or w in lexicon.COHESIVE_DEMONSTRATIVES for w in words):
        return True
    if any(w in _TIES for w in words) or _ITEM_REF.search(text) or _SUBSTITUTE_ONE.search(text):
        return True
    return False


_TIES = lexicon.COMPARATIVE_REFERENCE | lexicon.TIES_ANYWHERE
