"""Document details as answers: title, authors, publisher and date from a document's metadata.

Markdown front matter, PDF document information and DOCX core properties land in
``Document.metadata`` (keys ``title``, ``authors`` (``"; "``-separated), ``publisher``,
``date``). A question about one of them ("Who wrote the study?", "How many people authored
it?", "Who published it?", "When was it published?", "What is the report called?") is
answered from that detail and cited as a ``"details"`` citation; a sentence of the text that
states the same detail is quoted with it. Questions about anything else, and documents
without the detail, fall through to the text (``None``).

A question is about a document's details only when it names a document (a document noun,
the pronoun for the one in view, a title written out, or a terse form such as "Authors?") and
every other topic word is the document's own (title, file name, metadata): "When was woody
released?" and "What is its first point release called?" ask about what the text tells.
A multi-part question ("Who published it, and when?") gets every part the details hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from ..lexicon import (
    AUTHOR_WORDS,
    AUXILIARIES,
    DATE_WORDS,
    DETAIL_FRAME_WORDS,
    DETAIL_QUESTION_WORDS,
    DOCUMENT_NOUNS,
    DOCUMENT_PRONOUNS,
    EXCLUSIVE_ADVERBS,
    NAME_CONNECTORS,
    PUBLISHER_WORDS,
    PUBLISHING_VERBS,
    SOLE_AGENT_EXPRESSIONS,
    TITLE_WORDS,
)
from ..text import STOPWORDS, normalize, stem, tokens
from ..types import Answer, Citation, MetaValue, Passage, SourceInfo

__all__ = [
    "DetailQuestion", "answer_details", "document_words", "names_a_detail", "pick_document", "read_detail_question", "split_names",
]

Field = Literal["title", "authors", "publisher", "date"]

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
    """A question about a document's details: which ``field`` (the first part's), every field
    a multi-part question asks for (``fields``: "Who published it, and when?" asks for the
    publisher and the date), whether it asks for a ``count`` ("how many authors"), the
    question's remaining topic stems (``topic``: every one must be the document's own words,
    its title or metadata), the title the question names, when it names one by its words
    (``title``), and the subject it gives the document (``subject``)."""

    field: Field
    count: bool
    topic: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    title: str | None = None
    # What the document is said to be about ("the study on the TTP"): stems its text must say,
    # though they need not be its details.
    subject: tuple[str, ...] = ()


# Words of a detail question that say what it asks or which document, not what about: the
# detail cues, the document nouns and pronouns, and the words of "how many people are behind it".
_CUE_WORDS = (
    AUTHOR_WORDS | PUBLISHER_WORDS | DATE_WORDS | TITLE_WORDS | DOCUMENT_NOUNS | DOCUMENT_PRONOUNS | PUBLISHING_VERBS
    | DETAIL_FRAME_WORDS
)
# The words that name a detail itself (not the wh-words that may ask for one).
_DETAIL_CUES = (AUTHOR_WORDS | PUBLISHER_WORDS | DATE_WORDS | TITLE_WORDS | PUBLISHING_VERBS) - DETAIL_QUESTION_WORDS
# Where a question asks a second thing ("Who published it, and when?", "Who wrote it? When?").
_PART_BREAK = re.compile(
    r"\?\s+(?=\S)|,?\s+and\s+(?=(?:who|whom|whose|what|when|which|how)\b)|,\s+(?=(?:who|whom|whose|what|when|which|how)\b)",
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(r"[\w][\w.'’-]*")


def split_names(value: str) -> list[str]:
    """An author field as a list: "A; B", "A, B and C", "A & B"."""
    value = value.strip()
    parts = re.split(r"\s*;\s*", value) if ";" in value else re.split(r"\s*,\s*|\s+(?:and|&)\s+", value)
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=4096)
def _title_pattern(title: str) -> re.Pattern[str] | None:
    """A pattern for ``title`` written out in a question ("The 6.x Releases", "the 6.x
    releases"; a title's main part before a colon will do), or None for a title too short to
    name a document by (one word that is not a number)."""
    alternatives = []
    for part in dict.fromkeys([title, title.split(":")[0]]):
        words = [w.strip(".'’").lower() for w in _TITLE_WORD.findall(normalize(part))]
        words = [w for w in words if w]
        while words and words[0] in ("the", "a", "an"):
            words = words[1:]
        if len(words) < 2 and not any(ch.isdigit() for w in words for ch in w):
            continue
        if not any(w not in STOPWORDS for w in words):
            continue
        alternatives.append(r"[^\w]+".join(re.escape(w) for w in words))
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w.])(?:(?:the|a|an)\s+)?(?:{'|'.join(alternatives)})(?![\w])", re.IGNORECASE)


def _name_title(question: str, titles: Sequence[str]) -> tuple[str, str | None]:
    """``question`` with the longest document title it writes out replaced by "the document"
    ("Who published The 6.x Releases?" reads as "Who published the document?"), and that title."""
    best: tuple[int, str, re.Match[str]] | None = None
    for title in dict.fromkeys(t for t in titles if t):
        pattern = _title_pattern(title)
        match = pattern.search(question) if pattern else None
        if match and (best is None or len(match.group(0)) > best[0]):
            best = (len(match.group(0)), title, match)
    if best is None:
        return question, None
    _, title, match = best
    return f"{question[: match.start()]}the document{question[match.end() :]}", title


# "the study on the TTP", "a report about woody": a document noun and what the document is about.
_ABOUT = re.compile(rf"\b(?:{'|'.join(sorted(DOCUMENT_NOUNS))})\s+(?:on|about|into|regarding|concerning)\s+(.+?)(?=[,;?!]|\.(?:\s|$)|$)")


def _subject(question: str) -> tuple[str, ...]:
    """The stems of what ``question`` says a document is about ("the study on the TTP": "ttp")."""
    low = normalize(question).lower()
    return tuple(
        dict.fromkeys(
            stem(w)
            for m in _ABOUT.finditer(low)
            for w in tokens(m.group(1))
            if w not in STOPWORDS and w not in DOCUMENT_NOUNS  # "the report on the document" (a title)
        )
    )


def _read_part(part: str, refers: bool) -> tuple[Field, bool, tuple[str, ...]] | None:
    """One part's detail field, count and topic stems; ``refers``: the question as a whole
    names a document (a part such as "when?" leans on it)."""
    words = tokens(part)
    if not words:
        return None
    low = normalize(part).lower()
    content = [w for w in words if w not in STOPWORDS and w not in DETAIL_QUESTION_WORDS]
    topic = tuple(dict.fromkeys(stem(w) for w in content if w not in _CUE_WORDS))
    # "Authors?", "Publication date?", "Published when?": a terse form, about the document in
    # view only when no topic word is left ("When was woody released?" is about woody, not a
    # document) and it names a detail; a bare "When?" leans on the conversation, not on a
    # document (it is a detail only as a part of a question that names one).
    short = not topic and len(words) <= 4
    terse = short and any(w in _DETAIL_CUES for w in words)
    if not (refers or terse):
        return None
    count = bool(re.search(r"\bhow many\b|\bnumber of\b", low))
    asks = bool(re.match(r"\s*(?:who|whom|whose|which|what|when|how many|name|list|and)\b", low)) or short
    if not asks:
        return None
    field: Field | None = None
    if _DATE_ASKED.search(low) or (short and any(w in DATE_WORDS for w in words)):
        field = "date"
    elif _TITLE_ASKED.search(low) or (short and "title" in words):
        field = "title"
    elif any(w in AUTHOR_WORDS for w in words):
        field = "authors"
    elif any(w in PUBLISHER_WORDS for w in words) and not low.startswith("when"):
        field = "publisher"
    if field is None:
        return None
    return field, count, topic


def names_a_detail(question: str) -> bool:
    """Whether ``question`` says a detail's word at all (a cue of the writers, the issuer,
    the date or the title): the cheap test before the documents' titles are listed, which a
    detail question needs and most questions are not."""
    low = normalize(question).lower()
    return any(w in _DETAIL_CUES or w in DATE_WORDS for w in tokens(low)) or bool(_DATE_ASKED.search(low) or _TITLE_ASKED.search(low))


def read_detail_question(question: str, titles: Sequence[str] = ()) -> DetailQuestion | None:
    """The document detail(s) ``question`` asks for, or None.

    It must name a document (a document noun such as "study" or "report", a pronoun standing
    for the one in view, one of ``titles`` written out, or a terse form with no topic word
    such as "Authors?") and say which detail it wants: the writers ("who wrote", "authors"),
    the issuer ("who published", "which organisation produced"), the date ("when was it
    published") or the title ("what is it called"). Every part of a multi-part question must
    ask for a detail ("Who published it, and when?"); a question with a part about anything
    else is not read here (its parts are answered one by one). The words left besides these
    are the ``topic``, which the document picked must hold among its own words.
    """
    text, title = _name_title(question, titles)
    words = tokens(text)
    if not words:
        return None
    refers = title is not None or any(
        w in DOCUMENT_NOUNS or w.removesuffix("'s") in DOCUMENT_NOUNS or w in DOCUMENT_PRONOUNS for w in words
    )
    pieces = [p.strip(" ,") for p in _PART_BREAK.split(text.strip())]
    pieces = [p for p in pieces if p.strip(" ,?.")]
    read = [_read_part(p, refers) for p in pieces]
    if not read or any(r is None for r in read):
        return None
    parts = [r for r in read if r is not None]
    fields = tuple(dict.fromkeys(f for f, _, _ in parts))
    subject = _subject(text)
    topic = tuple(dict.fromkeys(t for _, _, ts in parts for t in ts if t not in subject))
    return DetailQuestion(field=fields[0], count=parts[0][1], topic=topic, fields=fields, title=title, subject=subject)


def _value(info: SourceInfo, field: Field) -> str:
    meta: Mapping[str, MetaValue] = info.metadata
    if field == "title":
        return str(meta.get("title") or info.title or "").strip()
    if field == "authors":
        return str(meta.get("authors") or meta.get("author") or "").strip()
    if field == "date":
        return str(meta.get("date") or meta.get("published") or "").strip()
    return str(meta.get("publisher") or "").strip()


def document_words(info: SourceInfo) -> frozenset[str]:
    """The stems of a document's own words: its title, file name and metadata values."""
    text = " ".join([info.title, re.sub(r"[._/-]+", " ", info.source), *(str(v) for v in info.metadata.values())])
    return frozenset(stem(w) for w in tokens(text))


def pick_document(detail: DetailQuestion, sources: Sequence[SourceInfo], passages: Sequence[Passage]) -> SourceInfo | None:
    """The document a detail question is about, or None when it is about none of them.

    The question's topic words must all be the document's own words (its title, file name or
    metadata: "the TRENDS study on the Pakistani Taliban"); a topic the text talks about
    ("woody", "its first point release") is not a document's detail. What the question says
    the document is about ("the study on the TTP") may be said in its retrieved passages too.
    Among the documents that fit: the one whose title the question writes out, else the only
    one, else the one of the best-ranked passage.
    """
    said: dict[str, set[str]] = {}
    for passage in passages if detail.subject else ():
        said.setdefault(passage.chunk.source, set()).update(stem(w) for w in tokens(passage.chunk.text))
    fitting = [
        s
        for s in sources
        if set(detail.topic) <= document_words(s) and set(detail.subject) <= document_words(s) | said.get(s.source, set())
    ]
    if detail.title is not None:
        titled = [s for s in fitting if s.title == detail.title]
        fitting = titled or fitting
    if not fitting:
        return None
    if len(fitting) == 1:
        return fitting[0]
    by_source = {s.source: s for s in fitting}
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


def _phrase(info: SourceInfo, field: Field, count: bool) -> tuple[str, list[str]] | None:
    """The answer phrase for one detail of ``info`` and the values a supporting sentence
    must state; None when the document does not record it."""
    value = _value(info, field)
    if not value:
        return None
    if field != "authors":
        return value, [value]
    names = split_names(value)
    phrase = _join(names)
    if count:
        number = _NUMBER_WORDS[len(names)] if len(names) < len(_NUMBER_WORDS) else str(len(names))
        noun = "author" if len(names) == 1 else "authors"
        phrase = f"{number.capitalize()} {noun}: {phrase}"
    return phrase, names


def answer_details(
    question: str, sources: Sequence[SourceInfo], passages: Sequence[Passage]
) -> Answer | None:
    """A cited answer from the document's details, or None when ``question`` does not ask for
    one, is about no document's details, or the document records none of what it asks.

    A multi-part question ("Who published it, and when?") gets every part the details hold,
    in the order asked, and says which they do not record."""
    detail = read_detail_question(question, [s.title for s in sources])
    if detail is None:
        return None
    info = pick_document(detail, sources, passages)
    if info is None:
        return None
    fields = detail.fields or (detail.field,)
    held = [(f, _phrase(info, f, detail.count and f == "authors")) for f in fields]
    if not any(p is not None for _, p in held):
        return None
    citations: list[Citation] = []
    pieces: list[str] = []
    missing: list[str] = []
    wanted: list[str] = []
    for field, found in held:
        if found is None:
            missing.append(field)  # "... do not record its date"
            continue
        phrase, values = found
        n = len(citations) + 1
        citations.append(
            Citation(
                n=n, source=info.source, title=info.title, chunk_id="", start=0, end=0, quote=_value(info, field),
                kind="details", field=field,
            )
        )
        pieces.append(f"{phrase} [{n}]")
        wanted.extend(values)
    text = "; ".join(pieces) + "."
    if missing:
        text += f" The document's details do not record its {' or '.join(missing)}."
    answer = Answer(text=text, grounded=True, mode="extractive", citations=tuple(citations))
    return _with_support(answer, wanted, passages, info.source)


# -- yes/no questions about a detail -------------------------------------------------------

# A name as a question writes it: capitalised words, with the joining words of institutional
# names between them ("Debian Documentation Team", "Software in the Public Interest").
_CLAIMED_NAME = re.compile(
    rf"\b[A-Z][\w.'’&-]*(?:\s+(?:(?:{'|'.join(sorted(NAME_CONNECTORS, key=len, reverse=True))})\s+)*[A-Z][\w.'’&-]*)*"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# "only", "alone", "by herself", "by one person": the claim that the writer or issuer named is the
# only one.
_EXCLUSIVE_FORMS = [*sorted(EXCLUSIVE_ADVERBS), *(re.sub(" ", r"\\s+", e) for e in SOLE_AGENT_EXPRESSIONS)]
_EXCLUSIVE = re.compile(rf"\b(?:{'|'.join(_EXCLUSIVE_FORMS)})\b", re.IGNORECASE)


# Where a claim about the document begins after what it is about: a word of writing or issuing,
# or the agent's "by" or a date's "in".
_CLAIM_START = re.compile(
    rf"\s+(?=(?:{'|'.join(sorted(AUTHOR_WORDS | PUBLISHER_WORDS | PUBLISHING_VERBS | {'by', 'in'}))})\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class DetailClaim:
    """A yes/no question whether a document's detail is a given value: "Did X write the report
    on ...?" (``field`` authors, ``claimed`` "X"), "Was the study published in 2023?" (date,
    "2023"), "Was it written by one person?" (authors, nothing claimed, ``exclusive``)."""

    detail: DetailQuestion
    claimed: str
    exclusive: bool


def read_detail_claim(question: str, titles: Sequence[str] = ()) -> DetailClaim | None:
    """The detail a yes/no question asserts of a document, or None.

    The question opens with an auxiliary, names a document (a document noun, a pronoun for the
    one in view, or a title written out), says which detail with a cue word (the writers'
    "write"/"author", the issuer's "publish"/"issue", a publishing verb with a year for the
    date) and gives the value it claims: a name (the writers or the issuer) or a year, or an
    exclusive claim alone ("by one person", "alone"). Its other words are the topic, which the
    document picked must hold among its own words, as for :func:`read_detail_question`."""
    text, title = _name_title(question, titles)
    low = normalize(text).lower()
    words = tokens(text)
    if not words or words[0] not in AUXILIARIES:
        return None
    if not (title is not None or any(w in DOCUMENT_NOUNS or w in DOCUMENT_PRONOUNS for w in words)):
        return None
    exclusive = bool(_EXCLUSIVE.search(low))
    plain = normalize(text)
    # What the document is said to be about ends where the claim begins ("the report on the
    # 2.x releases written by ...", "... published in 2023").
    about = " ".join(_CLAIM_START.split(m.group(1), maxsplit=1)[0] for m in _ABOUT.finditer(plain))
    subject = tuple(dict.fromkeys(stem(w) for w in tokens(about) if w not in STOPWORDS and w not in DOCUMENT_NOUNS))
    field: Field | None = None
    claimed = ""
    year = _YEAR.search(low)
    if year is not None and not re.search(r"\bby\b", low) and any(w in PUBLISHING_VERBS or w in DATE_WORDS for w in words):
        field, claimed = "date", year.group(1)
    elif any(w in AUTHOR_WORDS for w in words):
        field = "authors"
    elif any(w in PUBLISHER_WORDS for w in words):
        field = "publisher"
    if field in ("authors", "publisher"):
        # The names the question gives, past its first word, outside what the document is said
        # to be about ("the study on the Pakistani Taliban").
        first = re.match(r"\s*\S+", plain)
        names = [
            m.group(0)
            for m in _CLAIMED_NAME.finditer(plain, first.end() if first else 0)
            if m.group(0).lower() not in about.lower()
        ]
        claimed = "; ".join(names)
        if not claimed and not exclusive:
            return None
    if field is None:
        return None
    claimed_stems = {stem(w) for w in tokens(claimed)}
    content = [w for w in words if w not in STOPWORDS and w not in AUXILIARIES and w not in DETAIL_QUESTION_WORDS]
    topic = tuple(
        dict.fromkeys(
            stem(w)
            for w in content
            if w not in _CUE_WORDS and stem(w) not in claimed_stems and stem(w) not in subject
            and not _EXCLUSIVE.fullmatch(w) and w not in ("one", "single", "alone", "own")
        )
    )
    detail = DetailQuestion(field=field, count=False, topic=topic, fields=(field,), title=title, subject=subject)
    return DetailClaim(detail=detail, claimed=claimed, exclusive=exclusive)


def _holds(claim: DetailClaim, value: str) -> bool:
    """Does the recorded ``value`` say what the claim says: each name claimed one of the
    recorded names (or its words all in one: "Habsi" for "Nora Al Habsi"), the year claimed
    the value's, and, for an exclusive claim, one name recorded?"""
    field = claim.detail.field
    if field == "date":
        return claim.claimed in value
    recorded = split_names(value) if field == "authors" else [value]
    recorded_words = [set(tokens(r)) for r in recorded]
    for name in [n for n in claim.claimed.split("; ") if n]:
        said = set(tokens(name)) - STOPWORDS
        if not any(said and (said <= r or r - STOPWORDS <= said) for r in recorded_words):
            return False
    return not (claim.exclusive and len(recorded) > 1)


def answer_detail_claim(
    question: str, sources: Sequence[SourceInfo], passages: Sequence[Passage], *, said: str, otherwise: str
) -> Answer | None:
    """A yes/no question about a document's detail (:func:`read_detail_claim`) answered from
    the details: ``said`` and the recorded value when it holds the claim, ``otherwise`` and the
    value when it does not, cited as the document's details; None when the question is no such
    claim, is about no document, or the document does not record the detail."""
    claim = read_detail_claim(question, [s.title for s in sources])
    if claim is None:
        return None
    info = pick_document(claim.detail, sources, passages)
    if info is None:
        return None
    field = claim.detail.field
    found = _phrase(info, field, False)
    if found is None:
        return None
    phrase, values = found
    lead = said if _holds(claim, _value(info, field)) else otherwise
    citation = Citation(
        n=1, source=info.source, title=info.title, chunk_id="", start=0, end=0, quote=_value(info, field),
        kind="details", field=field,
    )
    return _with_support(
        Answer(text=f"{lead} {phrase} [1].", grounded=True, mode="extractive", citations=(citation,)),
        values, passages, info.source,
    )


def _with_support(answer: Answer, values: Sequence[str], passages: Sequence[Passage], source: str) -> Answer:
    """``answer`` with a sentence of ``source`` that states every one of ``values`` quoted
    after it and cited (the text saying what the details record), when the passages hold one."""
    supporting = _supporting(values, passages, source)
    if supporting is None:
        return answer
    passage, start, end = supporting
    chunk = passage.chunk
    n = len(answer.citations) + 1
    page, page_end = chunk.pages_of(start, end)
    citation = Citation(
        n=n,
        source=chunk.source,
        title=chunk.title,
        chunk_id=chunk.id,
        start=start,
        end=end,
        quote=chunk.text[start - chunk.start : end - chunk.start],
        page=page,
        page_end=page_end,
    )
    return replace(answer, text=f"{answer.text} {citation.quote} [{n}]", citations=(*answer.citations, citation))
