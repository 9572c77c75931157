"""Document details as answers: title, authors, publisher and date from a document's metadata.

Markdown front matter, PDF document information and DOCX core properties land in
``Document.metadata`` (keys ``title``, ``authors`` (``"; "``-separated), ``publisher``,
``date``). A question about one of them ("Who wrote the study?", "How many people authored
it?", "Who published it?", "When was it published?", "What is the report called?") is
answered from that detail and cited as a ``"details"`` citation; a sentence of the text that
states the same detail is quoted with it. Questions about anything else, and documents
without the detail, fall through to the text (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..lexicon import AUTHOR_WORDS, DATE_WORDS, DOCUMENT_NOUNS, PUBLISHER_WORDS, TITLE_WORDS
from ..text import STOPWORDS, normalize, stem, tokens
from ..types import Answer, Citation, MetaValue, Passage, SourceInfo

__all__ = ["DetailQuestion", "answer_details", "read_detail_question", "split_names"]

Field = Literal["title", "authors", "publisher", "date"]

# Words that refer back to a document already in view ("who wrote it?").
_DOCUMENT_PRONOUNS = frozenset(["it", "its", "this", "that"])
_WH = frozenset(["who", "whom", "whose", "what", "which", "when", "how", "many", "name", "list"])
_PUBLISHING_VERBS = frozenset(["published", "written", "released", "issued", "wrote", "out", "appear", "appeared", "dated"])
_DOC = rf"(?:{'|'.join(sorted(DOCUMENT_NOUNS))}|it|this)"
# The date or title attached to the document itself, not to something it mentions.
_DATE_ASKED = re.compile(
    rf"^\s*(?:and\s+)?when\s+(?:was|were|is|did)\s+(?:the\s+|this\s+|that\s+)?(?:[\w'-]+\s+){{0,4}}?{_DOC}\s+"
    r"(?:first\s+)?(?:published|written|released|issued|put out|come out|came out|appear|appeared|dated|write|publish)\b"
    rf"|^\s*(?:in\s+)?what\s+year\s+(?:was|were|did)\s+(?:the\s+|this\s+)?(?:[\w'-]+\s+){{0,4}}?{_DOC}\s+(?:first\s+)?(?:published|written|released|issued|write|publish)\b"
    rf"|\b(?:date|year)\s+of\s+(?:the\s+|this\s+)?(?:publication|{_DOC})\b|\b{_DOC}['’]s\s+(?:publication\s+)?date\b"
    r"|\bpublication\s+date\b"
)
_TITLE_ASKED = re.compile(
    rf"\b(?:title|name)\s+of\s+(?:the\s+|this\s+|that\s+)?(?:[\w'-]+\s+)?{_DOC}\b"
    rf"|\b{_DOC}\s+(?:is\s+|was\s+)?(?:called|titled|entitled|named)\b"
    rf"|\b{_DOC}['’]s\s+(?:full\s+)?(?:title|name)\b|^\s*what(?:'s| is)\s+(?:the\s+|its\s+)?(?:full\s+)?title\b"
)
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True, kw_only=True, slots=True)
class DetailQuestion:
    """A question about a document detail: which ``field``, whether it asks for a ``count``
    ("how many authors"), and the question's remaining topic stems (to pick the document)."""

    field: Field
    count: bool
    topic: tuple[str, ...]


def split_names(value: str) -> list[str]:
    """An author field as a list: "A; B", "A, B and C", "A & B"."""
    value = value.strip()
    parts = re.split(r"\s*;\s*", value) if ";" in value else re.split(r"\s*,\s*|\s+(?:and|&)\s+", value)
    return [p.strip() for p in parts if p.strip()]


def read_detail_question(question: str) -> DetailQuestion | None:
    """The document detail ``question`` asks for, or None.

    It must refer to a document (a document noun such as "study" or "report", a pronoun
    standing for one, or a terse question such as "Authors?") and say which detail it wants:
    the writers ("who wrote", "authors"), the issuer ("who published", "which organisation
    produced"), the date ("when was it published") or the title ("what is it called").
    """
    words = tokens(question)
    if not words:
        return None
    low = normalize(question).lower()
    content = [w for w in words if w not in STOPWORDS and w not in _WH]
    terse = len(content) <= 2 and len(words) <= 4
    refers = terse or any(w in DOCUMENT_NOUNS or w.rstrip("'s") in DOCUMENT_NOUNS for w in words) or any(
        w in _DOCUMENT_PRONOUNS for w in words
    )
    if not refers:
        return None
    count = bool(re.search(r"\bhow many\b|\bnumber of\b", low))
    asks = bool(re.match(r"\s*(?:who|whom|whose|which|what|when|how many|name|list|and)\b", low)) or terse
    if not asks:
        return None
    field: Field | None = None
    if _DATE_ASKED.search(low) or (terse and any(w in DATE_WORDS for w in words)):
        field = "date"
    elif _TITLE_ASKED.search(low) or (terse and "title" in words):
        field = "title"
    elif any(w in AUTHOR_WORDS for w in words):
        field = "authors"
    elif any(w in PUBLISHER_WORDS for w in words) and not low.startswith("when"):
        field = "publisher"
    if field is None:
        return None
    cue = AUTHOR_WORDS | PUBLISHER_WORDS | DATE_WORDS | TITLE_WORDS | DOCUMENT_NOUNS | _DOCUMENT_PRONOUNS | _PUBLISHING_VERBS
    topic = tuple(dict.fromkeys(stem(w) for w in content if w not in cue and w not in {"people", "persons", "behind", "by"}))
    return DetailQuestion(field=field, count=count, topic=topic)


def _value(info: SourceInfo, field: Field) -> str:
    meta: Mapping[str, MetaValue] = info.metadata
    if field == "title":
        return str(meta.get("title") or info.title or "").strip()
    if field == "authors":
        return str(meta.get("authors") or meta.get("author") or "").strip()
    if field == "date":
        return str(meta.get("date") or meta.get("published") or "").strip()
    return str(meta.get("publisher") or "").strip()


def _document_words(info: SourceInfo) -> set[str]:
    text = " ".join([info.title, info.source, *(str(v) for v in info.metadata.values())])
    return {stem(w) for w in tokens(text)}


def _pick(detail: DetailQuestion, sources: Sequence[SourceInfo], passages: Sequence[Passage]) -> SourceInfo | None:
    """The document the question is about: the one its remaining words name (title,
    metadata), else the one of the best passage."""
    if not sources:
        return None
    if len(sources) == 1:
        return sources[0]
    if detail.topic:
        scored = [(sum(1 for t in detail.topic if t in _document_words(s)) / len(detail.topic), s) for s in sources]
        best, info = max(scored, key=lambda x: x[0])
        if best >= 0.5 and [x for x, _ in scored].count(best) == 1:
            return info
    by_source = {s.source: s for s in sources}
    for passage in passages:
        if passage.chunk.source in by_source:
            return by_source[passage.chunk.source]
    return None


def _join(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def _supporting(values: Sequence[str], passages: Sequence[Passage], source: str) -> tuple[Passage, int, int] | None:
    """A sentence of ``source`` among the passages that states every value."""
    wanted = [normalize(v).lower() for v in values if v]
    for passage in passages:
        if passage.chunk.source != source:
            continue
        for span in passage.chunk.sentences:
            text = normalize(span.text).lower()
            if wanted and all(v in text for v in wanted):
                return passage, span.start, span.end
    return None


def answer_details(
    question: str, sources: Sequence[SourceInfo], passages: Sequence[Passage]
) -> Answer | None:
    """A cited answer from the document's details, or None when ``question`` does not ask for
    one or the document does not record it."""
    detail = read_detail_question(question)
    if detail is None:
        return None
    info = _pick(detail, sources, passages)
    if info is None:
        return None
    if detail.topic:
        # "Who wrote the report on X?" is about this document only if it is about X.
        known = _document_words(info) | {
            stem(w) for p in passages if p.chunk.source == info.source for w in tokens(p.chunk.text)
        }
        if sum(1 for t in detail.topic if t in known) < len(detail.topic) / 2:
            return None
    value = _value(info, detail.field)
    if not value:
        return None
    citation = Citation(
        n=1, source=info.source, title=info.title, chunk_id="", start=0, end=0, quote=value, kind="details", field=detail.field
    )
    if detail.field == "authors":
        names = split_names(value)
        phrase = _join(names)
        if detail.count:
            number = _NUMBER_WORDS[len(names)] if len(names) < len(_NUMBER_WORDS) else str(len(names))
            noun = "author" if len(names) == 1 else "authors"
            phrase = f"{number.capitalize()} {noun}: {phrase}"
        values = names
    else:
        phrase, values = value, [value]
    text = f"{phrase} [1]."
    citations = [citation]
    found = _supporting(values, passages, info.source)
    if found is not None:
        passage, start, end = found
        chunk = passage.chunk
        citations.append(
            Citation(
                n=2,
                source=chunk.source,
                title=chunk.title,
                chunk_id=chunk.id,
                start=start,
                end=end,
                quote=chunk.text[start - chunk.start : end - chunk.start],
                page=chunk.page,
            )
        )
        text += f" {citations[1].quote} [2]"
    return Answer(text=text, grounded=True, mode="extractive", citations=tuple(citations))
