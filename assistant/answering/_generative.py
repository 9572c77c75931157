"""LLM mode: answer from numbered passages, then check every sentence against its citations.

The model's text is parsed into sentences with their ``[n]`` markers; markers
that point at no passage are dropped; each sentence is checked against the union
of the passages it cites (:func:`check_sentences`): the offline checker
(:mod:`assistant.answering._verify`) vetoes wrong numbers, dates, names and quotes,
and the model judge (:mod:`assistant.answering._judge`, one request for the whole
answer) decides meaning, the offline checker standing in when the judge fails.
Sentences of a passage that give orders (an injection) support nothing. Supported
sentences keep a citation narrowed to the supporting sentences (so
``quote == document_text[start:end]`` holds exactly); unsupported ones are removed
(or marked, by setting) and never shown as sourced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import LLMError, LLMTimeoutError
from ..text import normalize, sentence_spans
from ..types import Answer, Citation, Passage
from ._judge import Claim, ModelJudge
from ._prompts import NOT_IN_SOURCES, build_answer_messages, parse_markers
from ._verify import Similarity, check_support, fact_vetoes, shares_content

__all__ = [
    "UNSUPPORTED_MARK",
    "SentenceCheck",
    "Verified",
    "addresses_model",
    "check_sentences",
    "injected",
    "is_instruction",
    "passages_for_prompt",
    "verify_answer",
]

UNSUPPORTED_MARK = "[unsupported]"

# A sentence that gives orders is never an answer: it is a document's injected
# instruction being echoed, even when it is a verbatim quote. The verb before a colon or a
# number is a label ("Answer 1: ...", "Output:"), and before a bracket, a dot or "=" it is
# code ("print(x)", "sys.stdout.write(...)"): neither gives an order.
_IMPERATIVE = re.compile(
    r"^\W*(?:(?:also|please|now|and|then|just)\s+)*"
    r"(ignore|disregard|forget|say|reply|respond|write|print|repeat|output|pretend|act|answer|tell|state)\b"
    r"(?!\s*[:\d(.=])",
    re.IGNORECASE,
)


# What makes an order one addressed to a language model rather than to a reader ("Write the
# file to disk"): it talks about the model's instructions, prompt, role or reply.
_TO_MODEL = re.compile(
    r"\b(?:instructions?|prompts?|system|assistant|language model|chatbot|AI|rules|previous|above|"
    r"reply|respond|response|answer|output|only with|exactly|pretend|you are|your)\b",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    """True for a sentence that gives orders (never quoted as an answer)."""
    return bool(_IMPERATIVE.match(sentence))


@dataclass(frozen=True, kw_only=True, slots=True)
class Verified:
    text: str
    citations: tuple[Citation, ...]
    unsupported: tuple[str, ...]
    grounded: bool
    declined: bool  # the model said the passages do not answer
    notice: str | None = None  # why the judge's verdicts were not used, when they were not


def passages_for_prompt(passages: Sequence[Passage]) -> list[tuple[int, str, str]]:
    return [(i, p.chunk.title, p.chunk.text) for i, p in enumerate(passages, start=1)]


def injected(passages: Sequence[Passage]) -> list[int]:
    """Numbers (from 1) of the passages holding instructions addressed to a model."""
    return [n for n, p in enumerate(passages, start=1) if addresses_model(p.chunk.text)]


def build_messages(question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()) -> list[dict[str, str]]:
    """The answer request; passages holding instructions to a model are marked in it."""
    return build_answer_messages(question, passages_for_prompt(passages), history, marked=frozenset(injected(passages)))


def _declines(sentence: str) -> bool:
    low = normalize(sentence).lower()
    return normalize(NOT_IN_SOURCES).lower().rstrip(".") in low or "sources don't say" in low


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceCheck:
    """The verdict on one sentence: ``spans`` are ``(passage index, start, end)`` of the text
    that supports it (whole sentences of the cited passages); ``by`` names who decided."""

    supported: bool
    spans: tuple[tuple[int, int, int], ...]
    reasons: tuple[str, ...]
    by: Literal["judge", "offline"]


def _blank_instructions(text: str) -> str:
    """``text`` with its instruction sentences replaced by spaces (offsets unchanged): an order
    in a document never supports a sentence."""
    for span in sentence_spans(text):
        if is_instruction(text[span.start : span.end]):
            text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    return text


def addresses_model(text: str) -> bool:
    """True when ``text`` holds a sentence giving orders to a language model (an injection)."""
    return any(
        is_instruction(s) and _TO_MODEL.search(s)
        for s in (text[x.start : x.end] for x in sentence_spans(text))
    )


_LOOSE_SPAN = 0.7  # share of a loosely copied span's words its sentence must hold


def _find_span(text: str, quoted: str) -> tuple[int, int] | None:
    """Where the judge's ``quoted`` span sits in ``text`` (whitespace and quotes folded),
    widened to whole sentences; None when it is not a verbatim part of ``text``."""
    words = re.findall(r"[^\W_]+", normalize(quoted).lower())
    if len(words) < 2:
        return None
    pattern = r"[\W_]+".join(re.escape(w) for w in words)
    match = re.search(pattern, normalize(text).lower())
    spans = sentence_spans(text)
    if match is None:
        # A judge that copied loosely: the one sentence holding most of the span's words.
        wanted = set(words)
        best = max(spans, key=lambda s: len(wanted & set(re.findall(r"[^\W_]+", normalize(text[s.start : s.end]).lower()))), default=None)
        if best is None:
            return None
        got = wanted & set(re.findall(r"[^\W_]+", normalize(text[best.start : best.end]).lower()))
        return (best.start, best.end) if len(got) >= _LOOSE_SPAN * len(wanted) else None
    inside = [s for s in spans if s.end > match.start() and s.start < match.end()]
    if not inside:
        return None
    return inside[0].start, inside[-1].end


def _closest_sentence(sentence: str, texts: Sequence[str]) -> list[tuple[int, int, int]]:
    """``[(passage index, start, end)]`` of the sentence of ``texts`` sharing the most content
    words with ``sentence``; empty when none shares one."""
    best: tuple[int, tuple[int, int, int]] | None = None
    for k, text in enumerate(texts):
        for span in sentence_spans(text):
            piece = text[span.start : span.end]
            if not piece.strip() or not shares_content(sentence, piece):
                continue
            words = set(re.findall(r"[^\W_]+", sentence.lower()))
            shared = len(words & set(re.findall(r"[^\W_]+", piece.lower())))
            if best is None or shared > best[0]:
                best = (shared, (k, span.start, span.end))
    return [best[1]] if best is not None else []


def check_sentences(
    items: Sequence[tuple[str, Sequence[str]]],
    *,
    similarity: Similarity | None,
    judge: ModelJudge | None = None,
    deadline: float = 0.0,
    contexts: Sequence[Sequence[str]] | None = None,
) -> tuple[list[SentenceCheck], str | None]:
    """Check each ``(sentence, cited passage texts)`` against the union of its passages.

    The offline checker (:mod:`._verify`) runs on every sentence; its checks of numbers,
    dates, names and quotes veto. With a ``judge``, one batched request (``deadline``
    seconds at most) decides meaning for every sentence the vetoes let through; when the
    request fails, times out or gives no usable verdict, the offline verdicts stand and
    the returned notice says so. Instruction sentences in the passages support nothing.
    ``contexts`` (one per item, one string per passage): the documents' text before each cited
    passage, read only to resolve "the group" to the name defined before it.
    """
    cleaned = [(sentence, [_blank_instructions(p) for p in texts]) for sentence, texts in items]
    ctx: list[Sequence[str]] = list(contexts) if contexts is not None else [() for _ in items]
    offline = [
        check_support(sentence, texts, similarity=similarity, context=c) for (sentence, texts), c in zip(cleaned, ctx)
    ]
    vetoes = [fact_vetoes(sentence, texts, c) for (sentence, texts), c in zip(cleaned, ctx)]
    checks = [
        SentenceCheck(supported=s.supported, spans=s.spans, reasons=s.reasons, by="offline") for s in offline
    ]
    notice: str | None = None
    ask = [i for i, v in enumerate(vetoes) if not v and any(t.strip() for t in cleaned[i][1])]
    if judge is None or not ask:
        return checks, notice
    claims = [Claim(sentence=cleaned[i][0], passages=tuple(p for p in items[i][1])) for i in ask]
    marked = frozenset(p for i in ask for p in items[i][1] if addresses_model(p))
    try:
        verdicts = judge.judge(claims, deadline=deadline, marked=marked)
    except LLMError as exc:
        why = "it did not answer in time" if isinstance(exc, LLMTimeoutError) else exc.message
        return checks, f"The model judge was unavailable ({why}); the sentences were checked offline."
    missing = 0
    for i, verdict in zip(ask, verdicts):
        if verdict is None:
            missing += 1
            continue
        texts = cleaned[i][1]
        if not verdict.supported:
            checks[i] = SentenceCheck(
                supported=False, spans=offline[i].spans, reasons=(f"judge: {verdict.verdict}",), by="judge"
            )
            continue
        spans: list[tuple[int, int, int]] = []
        for part in [q for q in re.split(r"\s*\.\.\.\s*|\s*…\s*", verdict.span) if q.strip()]:
            for k, text in enumerate(texts):
                found = _find_span(text, part)
                if found is not None and found[1] > found[0] and text[found[0] : found[1]].strip():
                    spans.append((k, *found))
                    break
        spans = list(dict.fromkeys(spans)) or list(offline[i].spans)
        best = offline[i]
        if not spans and best.passage_index is not None and best.span is not None:
            # The judge gave no usable span: cite the offline checker's closest window, if it
            # shares content with the sentence (an empty claim such as an echoed order does not).
            window = texts[best.passage_index][best.span[0] : best.span[1]]
            if shares_content(cleaned[i][0], window):
                spans = [(best.passage_index, *best.span)]
        if not spans:
            # Still none: the cited sentence sharing the most words with it. Only a sentence that
            # shares no content word with any cited sentence (an echoed order, a reply to nothing)
            # loses the judge's "supported": nothing else but the vetoes above overrules it.
            spans = _closest_sentence(cleaned[i][0], texts)
        if not spans:
            checks[i] = SentenceCheck(supported=False, spans=(), reasons=("judge: no span in cited text",), by="judge")
            continue
        checks[i] = SentenceCheck(supported=True, spans=tuple(spans), reasons=(), by="judge")
    if missing:
        notice = f"The model judge gave no verdict for {missing} sentence(s); they were checked offline."
    return checks, notice


def verify_answer(
    raw: str,
    passages: Sequence[Passage],
    *,
    similarity: Similarity | None,
    unsupported: Literal["remove", "mark"] = "remove",
    judge: ModelJudge | None = None,
    deadline: float = 0.0,
    context_of: Callable[[Passage], str] | None = None,
) -> Verified:
    """Check ``raw`` (the model's answer) sentence by sentence against ``passages`` (numbered from 1).

    Each sentence is checked against the union of the passages it cites
    (:func:`check_sentences`; with a ``judge``, in one request of at most ``deadline`` s).
    ``context_of(passage)``: its document's text before it (not cited; see :func:`check_sentences`).
    """
    shown: list[str | int] = []
    citations: list[Citation] = []
    dropped: list[str] = []
    declined = False
    key_to_n: dict[tuple[str, int, int], int] = {}
    pending: list[tuple[str, list[Passage]]] = []
    for sentence, markers in parse_markers(raw):
        sentence = sentence.strip()
        if not sentence:
            continue
        if _declines(sentence):
            declined = True
            continue
        valid = [m for m in dict.fromkeys(markers) if 1 <= m <= len(passages)]
        if not valid or is_instruction(sentence):
            dropped.append(sentence)
            if unsupported == "mark":
                shown.append(f"{sentence} {UNSUPPORTED_MARK}")
            continue
        shown.append(len(pending))
        pending.append((sentence, [passages[m - 1] for m in valid]))
    contexts = None
    if context_of is not None:
        before = {id(p): context_of(p) for _s, cited in pending for p in cited}
        contexts = [[before[id(p)] for p in cited] for _s, cited in pending]
    checks, notice = check_sentences(
        [(s, [p.chunk.text for p in cited]) for s, cited in pending],
        similarity=similarity,
        judge=judge,
        deadline=deadline,
        contexts=contexts,
    )
    rendered: list[str] = []
    for item in shown:
        if isinstance(item, str):
            rendered.append(item)
            continue
        sentence, cited = pending[item]
        check = checks[item]
        if not check.supported or not check.spans:
            dropped.append(sentence)
            if unsupported == "mark":
                rendered.append(f"{sentence} {UNSUPPORTED_MARK}")
            continue
        numbers: list[int] = []
        for index, a, b in check.spans:
            chunk = cited[index].chunk
            key = (chunk.source, chunk.start + a, chunk.start + b)
            if key not in key_to_n:
                key_to_n[key] = len(key_to_n) + 1
                page, page_end = chunk.pages_of(key[1], key[2])
                citations.append(
                    Citation(
                        n=key_to_n[key],
                        source=chunk.source,
                        title=chunk.title,
                        chunk_id=chunk.id,
                        start=key[1],
                        end=key[2],
                        quote=chunk.text[a:b],
                        page=page,
                        page_end=page_end,
                    )
                )
            numbers.append(key_to_n[key])
        rendered.append(sentence + " " + "".join(f"[{n}]" for n in dict.fromkeys(numbers)))
    grounded = bool(citations)
    return Verified(
        text=" ".join(rendered),
        citations=tuple(citations),
        unsupported=tuple(dropped),
        grounded=grounded,
        declined=declined and not grounded,
        notice=notice,
    )


def to_answer(verified: Verified, passages: Sequence[Passage]) -> Answer:
    return Answer(
        text=verified.text,
        grounded=verified.grounded,
        mode="llm",
        citations=verified.citations,
        related=() if verified.grounded else tuple(passages[:3]),
        unsupported=verified.unsupported,
    )
