"""Follow-up resolution without a model: pronouns and ellipsis against the history."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._questions import proper_names
from ..text import STOPWORDS, normalize, tokens
from ..types import Turn

__all__ = ["Resolution", "resolve_followup"]

_ORG_WORDS = re.compile(
    r"\b(Research|Department|Party|Army|Movement|Institute|University|Center|Centre|Advisory|Government|"
    r"Taliban|Islamic|Liberation|Jihad|Ministry|Council|Agency|Front|Group|Forces|Indications|Implications|"
    r"Escalation|Threats)\b"
)
_PERSON_PRONOUN = re.compile(r"\b(she|he|him|her|his|hers)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|its|this|that|they|them|their|these|those)\b", re.IGNORECASE)
_NP = re.compile(r"\b(?:the|this|that|these|those)\s+((?:[\w’'-]+\s+){0,2}?[\w’'-]+?)(?=[\s?.!,;:]|$)", re.IGNORECASE)
_ELLIPSIS_START = re.compile(r"^\s*(and|but|also|what about|how about|so|then|ok|okay)\b", re.IGNORECASE)
_WH = re.compile(r"\b(who|whom|whose|what|when|where|which|why|how)\b", re.IGNORECASE)
_CONTENT_STOP = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "is", "are", "was", "were", "do", "does", "did"}


@dataclass(frozen=True, kw_only=True, slots=True)
class Resolution:
    """``text``: the follow-up made stand-alone (shown to users, typed by its wh-word);
    ``query``: what to retrieve with (adds the previous question when the message leans on it)."""

    text: str
    query: str
    is_followup: bool


def _person(answer: Mapping[str, Any] | None, question: str) -> str | None:
    texts = []
    if answer:
        texts.append(str(answer.get("answer", "")))
        texts.extend(str(c.get("quote", "")) for c in answer.get("citations", []))
    texts.append(question)
    for text in texts:
        for name in proper_names(text):
            words = name.split()
            if 2 <= len(words) <= 4 and not _ORG_WORDS.search(name) and not name.isupper():
                return name
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
    return matches[0] if matches else None


def _is_plural(word: str) -> bool:
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def resolve_followup(message: str, history: Sequence[Turn]) -> Resolution:
    """Rewrite ``message`` into a stand-alone question using the last exchange."""
    text = message.strip()
    last_user = next((t for t in reversed(history) if t.role == "user"), None)
    if last_user is None:
        return Resolution(text=text, query=text, is_followup=False)
    previous = last_user.resolved or last_user.content
    last_answer = next((t.answer for t in reversed(history) if t.role == "assistant"), None)
    grounded_answer = last_answer if last_answer and last_answer.get("grounded") else None

    resolved = text
    used_context = False
    if _PERSON_PRONOUN.search(resolved):
        person = _person(grounded_answer, previous)
        if person:
            resolved = re.sub(r"\b(her|his)\b(?=\s+\w)", f"{person}'s", resolved, flags=re.IGNORECASE)
            resolved = re.sub(r"\b(she|he|him|hers|her)\b", person, resolved, flags=re.IGNORECASE)
            used_context = True
    if _THING_PRONOUN.search(resolved):
        def swap(match: re.Match[str]) -> str:
            word = match.group(1).lower()
            plural = word in {"they", "them", "their", "these", "those"}
            thing = _thing(previous, plural)
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
