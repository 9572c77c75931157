"""Follow-up resolution without a model: read from the conversation's entities.

The people, organisations and documents the conversation named (the last answer's document
details and names first, in their listed order, then the questions', then the documents'
details) are what "she", "the other author", "the second author", "her colleague" and "it"
stand for; an elliptical message ("Why?", "Where exactly?") borrows the previous question's
topic for retrieval. Whether a name is a person's is read from the words it is made of
(WordNet's common nouns), not from a list of one document's words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..lexicon import common_nouns
from ._details import split_names
from ._questions import proper_names
from ..text import STOPWORDS, normalize, tokens
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
    ``query``: what to retrieve with (adds the previous question when the message leans on it)."""

    text: str
    query: str
    is_followup: bool


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


def _named_in(text: str) -> list[Entity]:
    out = []
    for name in proper_names(text):
        if is_person_name(name):
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
    """The person "she"/"he" stands for: the one the last question named, else the first
    person of the last grounded answer."""
    named = [e for e in _named_in(question) if e.kind == "person"]
    if named:
        return named[0].text
    if grounded:
        people = [e for e in conversation_entities(history) if e.kind == "person"]
        if people:
            return people[0].text
    return None


def _thing(question: str, plural: bool) -> str | None:
    if plural:
        for name in proper_names(question):
            if name.isupper() or len(name.split()) >= 2:
                return name if name.isupper() is False else f"the {name}"
    matches = [m.group(0) for m in _NP.finditer(question)]
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


def resolve_followup(message: str, history: Sequence[Turn], documents: Sequence[Mapping[str, Any]] = ()) -> Resolution:
    """Rewrite ``message`` into a stand-alone question using the conversation (and, for a
    person named by position, ``documents``' details: their metadata mappings)."""
    text = message.strip()
    last_user = next((t for t in reversed(history) if t.role == "user"), None)
    if last_user is None:
        named = resolve_references(text, history, documents)
        return Resolution(text=named, query=named, is_followup=False)
    previous = last_user.resolved or last_user.content
    last_answer = next((t.answer for t in reversed(history) if t.role == "assistant"), None)
    grounded_answer = last_answer if last_answer and last_answer.get("grounded") else None

    earlier = [t.resolved or t.content for t in reversed(history) if t.role == "user"]
    resolved = resolve_references(text, history, documents)
    used_context = resolved != text
    if _PERSON_PRONOUN.search(resolved):
        person = _person(history, grounded_answer, previous)
        if person:
            resolved = re.sub(r"\b(her|his)\b(?=\s+\w)", f"{person}'s", resolved, flags=re.IGNORECASE)
            resolved = re.sub(r"\b(she|he|him|hers|her)\b", person, resolved, flags=re.IGNORECASE)
            used_context = True
    if _THING_PRONOUN.search(resolved):
        def swap(match: re.Match[str]) -> str:
            word = match.group(1).lower()
            plural = word in {"they", "them", "their", "these", "those"}
            # The last question first, then the earlier ones: "they" may reach back past a
            # question about something singular ("And the ideological part?").
            thing = next((t for q in earlier if (t := _thing(q, plural))), None)
            if not thing:
                return match.group(0)
            return f"{thing}'s" if word in {"its", "their"} else thing

        # Only pronouns standing for a noun phrase: "that" after a verb like "say that" stays.
        new = re.sub(r"\b(it|its|they|them|their)\b", swap, resolved, flags=re.IGNORECASE)
        new = re.sub(r"\b(this|these|those)\b(?=\s*[?.!]|\s*$)", swap, new, flags=re.IGNORECASE)
        if new != resolved:
            resolved = new
            used_context = True

    content = [t for t in tokens(resolved) if t not in _CONTENT_STOP]
    elliptical = bool(_ELLIPSIS_START.match(resolved)) or len(content) <= 2 or not _WH.search(resolved) and len(content) <= 4
    if elliptical:
        cleaned = _ELLIPSIS_START.sub("", resolved).strip(" ,")
        cleaned = cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned
        return Resolution(text=cleaned or resolved, query=f"{cleaned} {normalize(previous)}".strip(), is_followup=True)
    return Resolution(text=resolved, query=resolved, is_followup=used_context)
