"""Run an eval dataset through an :class:`~assistant.Assistant` and compute every figure.

Dataset schema and metric definitions: evals/README.md. Each metric is computed by
its one implementation in :mod:`assistant.evals.metrics`; this module only gathers the
inputs. Per case:

* a fresh conversation: earlier turns go through ``chat``, the last turn is timed;
* retrieval (answerable cases): ``retrieve(resolved question, k=10, mode=...)`` ranked
  against the chunks that overlap a gold quote span (``metrics.overlaps``);
* citations: each quote against ``document_text(source)[start:end]``;
* faithfulness and ALCE citation recall/precision of grounded answers, with a
  support judge (:mod:`assistant.evals.judge`) over the quotes each sentence cites;
* refusal (``grounded`` false) against ``answerable``, and key facts in the answer text.

The result is a JSON-ready ``dict``: ``metrics`` (dataset-level, macro over cases
where measured), ``by_category``, ``retrieval_modes``, ``cases`` (per case detail).
"""

from __future__ import annotations

import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant import Answer, Assistant, AssistantError, Citation
from assistant.errors import UsageError
from assistant.evals.metrics import (
    CitedSentence,
    RefusalOutcome,
    alce_citation_scores,
    answer_lead,
    balanced_accuracy,
    citation_validity,
    faithfulness,
    false_refusal_rate,
    key_fact_recall,
    latency_summary,
    lead_states_fact,
    mean_of,
    mrr_at_k,
    ndcg_at_k,
    overlaps,
    quote_spans,
    recall_at_k,
    refusal_recall,
)

from .judge import Judge, OfflineJudge

__all__ = [
    "CATEGORIES",
    "RETRIEVAL_MODES",
    "Case",
    "Dataset",
    "load_dataset",
    "retrieval_scores",
    "run_eval",
    "split_cited_sentences",
]

CATEGORIES = ("answerable", "followup", "unanswerable", "offtopic", "adversarial", "summary", "false_premise")
SPLITS = ("fit", "test")
# Answers whose first characters should hold the answer phrase (a key fact).
LEAD_CHARS = 120
RETRIEVAL_MODES = ("bm25", "dense", "hybrid")
RECALL_KS = (1, 3, 5)
RANK_DEPTH = 10
# How deep to look, per gold quote, for the chunks that overlap it (see _relevant_chunks).
_GOLD_DEPTH = 50
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "category", "turns", "answerable")


@dataclass(frozen=True, kw_only=True)
class Case:
    """One dataset case; ``document`` is the case's own document or the dataset's."""

    id: str
    category: str
    turns: tuple[str, ...]
    answerable: bool
    gold_quotes: tuple[str, ...] = ()
    key_facts: tuple[str, ...] = ()
    document: str | None = None
    split: str | None = None


@dataclass(frozen=True, kw_only=True)
class Dataset:
    path: str
    version: int
    document: str | None
    cases: tuple[Case, ...]


def _bad(path: Path, what: str, fix: str) -> UsageError:
    return UsageError(f"{path}: {what}", hint=fix)


def load_dataset(path: str | Path, *, split: str | None = None) -> Dataset:
    """Read and validate a dataset file (YAML or JSON); :class:`UsageError` names the fix.

    Beyond evals/README.md, a case may carry its own ``document`` (a source under the
    corpus folder) when a dataset spans several documents, and a ``split`` (``fit`` or
    ``test``, evals/dev/README.md); ``split`` keeps only the cases of that split.
    """
    if split is not None and split not in SPLITS:
        raise UsageError(f"Unknown split {split!r}", hint=f"use one of {', '.join(SPLITS)}")
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"No dataset at {path}", hint="pass --dataset PATH to a YAML file (schema: evals/README.md)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise _bad(path, f"is not valid YAML{where}", "fix the syntax (schema: evals/README.md)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(path, f"cannot be read ({exc})", "save it as UTF-8 text") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list) or not data["cases"]:
        raise _bad(path, "has no `cases` list", "add `cases:` with at least one case (schema: evals/README.md)")
    version = data.get("version", 1)
    if version != 1:
        raise _bad(path, f"has schema version {version!r}", "set `version: 1`")
    document = data.get("document")
    if document is not None and not isinstance(document, str):
        raise _bad(path, "`document` must be a file name", "name a file under the corpus folder")
    cases: list[Case] = []
    seen: set[str] = set()
    for number, raw in enumerate(data["cases"], start=1):
        if not isinstance(raw, dict):
            raise _bad(path, f"case {number} is not a mapping", "write each case as `- id: ...` with its fields")
        missing = [key for key in _REQUIRED if key not in raw]
        label = raw.get("id", f"number {number}")
        if missing:
            raise _bad(path, f"case {label} lacks {', '.join(missing)}", "add the missing fields")
        case_id = raw["id"]
        if not isinstance(case_id, str) or not _ID.match(case_id):
            raise _bad(path, f"case id {case_id!r} is not lower-case words joined by -", "rename it, e.g. who-wrote-it")
        if case_id in seen:
            raise _bad(path, f"case id {case_id} appears twice", "make ids unique")
        seen.add(case_id)
        if raw["category"] not in CATEGORIES:
            raise _bad(path, f"case {case_id} has category {raw['category']!r}", f"use one of {', '.join(CATEGORIES)}")
        turns = raw["turns"]
        if isinstance(turns, str):
            turns = [turns]
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
            raise _bad(path, f"case {case_id} needs non-empty `turns`", "give a list of questions, the last is scored")
        if not isinstance(raw["answerable"], bool):
            raise _bad(path, f"case {case_id}: `answerable` must be true or false", "write true or false")
        quotes = _strings(path, case_id, raw, "gold_quotes")
        facts = _strings(path, case_id, raw, "key_facts")
        case_document = raw.get("document", document)
        case_split = raw.get("split")
        if case_split is not None and case_split not in SPLITS:
            raise _bad(path, f"case {case_id} has split {case_split!r}", f"use one of {', '.join(SPLITS)}")
        if split is not None and case_split != split:
            continue
        if raw["answerable"] and quotes and not case_document:
            raise _bad(path, f"case {case_id} has gold quotes but no document", "set `document:` (top level or case)")
        cases.append(
            Case(
                id=case_id,
                category=raw["category"],
                turns=tuple(turns),
                answerable=raw["answerable"],
                gold_quotes=quotes,
                key_facts=facts,
                document=case_document,
                split=case_split,
            )
        )
    if not cases:
        raise _bad(path, f"has no cases in split {split!r}", "pick a split the dataset's cases use")
    return Dataset(path=str(path), version=1, document=document, cases=tuple(cases))


def _strings(path: Path, case_id: str, raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(path, f"case {case_id}: `{key}` must be a list of non-empty strings", "fix that field")
    return tuple(value)


# --- answer sentences --------------------------------------------------------------------

_MARKER = re.compile(r"\[(\d+)\]")
# A sentence ends at . ! ? (perhaps closed by a quote or bracket), perhaps followed by its
# citation markers: "… escalate. [1] Next …" keeps [1] with the sentence before it; not at
# "i.e." and "e.g." A quote that ends with a colon or a semicolon ends where its marker does
# ("… writes: [1] “We …”", "… kernel; [2] graphical toolkits …"): what follows is another quote.
_SENTENCE_END = re.compile(r"(?<!\bi\.e)(?<!\be\.g)[.!?][\"'”’)]?(?:\s*\[\d+\])*$|[:;](?:\s*\[\d+\])+$")
# A name's initial ("David A. Wheeler"): a capital letter and a stop after a capitalised word,
# before another one. (One letter after a lower-case word ends a sentence: "... in R. Write ...")
_INITIAL = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]\.$")


def split_cited_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """An answer's sentences with the citation numbers each carries, markers removed from the text.

    ``"A rose. [1] B fell [2][3]."`` -> ``[("A rose.", (1,)), ("B fell.", (2, 3))]``.
    """
    out: list[tuple[str, tuple[int, ...]]] = []
    for piece in _split(text):
        numbers = tuple(dict.fromkeys(int(n) for n in _MARKER.findall(piece)))
        plain = re.sub(r"\s+([.!?,;:])", r"\1", " ".join(_MARKER.sub(" ", piece).split()))
        if plain and re.search(r"\w", plain):
            out.append((plain, numbers))
        elif numbers and out:
            # Markers standing alone belong to the sentence before them.
            prev, nums = out[-1]
            out[-1] = (prev, tuple(dict.fromkeys(nums + numbers)))
    return out


def _split(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for gap in re.finditer(r"\s+", text):
        if _MARKER.match(text, gap.end()):
            continue
        before = text[max(start, gap.start() - 200) : gap.start()]
        if _INITIAL.search(before) and text[gap.end() : gap.end() + 1].isupper():
            continue
        if _SENTENCE_END.search(before):
            pieces.append(text[start : gap.start()])
            start = gap.end()
    pieces.append(text[start:])
    return [p for p in (p.strip() for p in pieces) if p]


# --- retrieval ---------------------------------------------------------------------------


def retrieval_scores(ranked_ids: Sequence[str], gold_ids: Iterable[str]) -> dict[str, float | None]:
    """recall@1/3/5, MRR@10 and nDCG@10 of one ranking (``None`` with no gold)."""
    gold = set(gold_ids)
    scores: dict[str, float | None] = {f"recall_at_{k}": recall_at_k(ranked_ids, gold, k) for k in RECALL_KS}
    scores["mrr_at_10"] = mrr_at_k(ranked_ids, gold, RANK_DEPTH)
    scores["ndcg_at_10"] = ndcg_at_k(ranked_ids, gold, RANK_DEPTH)
    return scores


class _RememberingJudge:
    """``judge`` with its verdicts kept for the run: each distinct ``(sentence, passages)``
    is judged once. Faithfulness and ALCE recall ask the same question of every cited
    sentence, and reworded cases often get the same answer; the offline checker's verdict
    is a function of the pair alone (an LLM judge's is cached on disk by its prompt), so
    a kept verdict is the verdict a second call would give."""

    def __init__(self, judge: Judge) -> None:
        self.judge = judge
        self.name = judge.name
        self.kind = judge.kind
        self._verdicts: dict[tuple[str, tuple[str, ...]], bool] = {}

    def __call__(self, sentence: str, passages: tuple[str, ...]) -> bool:
        key = (sentence, tuple(passages))
        if key not in self._verdicts:
            self._verdicts[key] = bool(self.judge(sentence, key[1]))
        return self._verdicts[key]


class _Context:
    """Per-run caches: document texts and the gold chunks of each (document, quotes)."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._texts: dict[str, str | None] = {}
        self._sources: dict[str, Any] | None = None
        self._gold: dict[tuple[str, tuple[str, ...]], tuple[set[str], tuple[tuple[int, int], ...]]] = {}
        # The section (heading trail) of every chunk seen while retrieving, by chunk id.
        self._sections: dict[str, str] = {}

    def text(self, source: str) -> str | None:
        if source not in self._texts:
            try:
                self._texts[source] = self.assistant.document_text(source)
            except UsageError:
                self._texts[source] = None
        return self._texts[source]

    def details(self, source: str, field: str | None) -> set[str]:
        """The values a details citation of ``field`` may quote for ``source`` (its title or
        the metadata recorded under that field's names)."""
        if self._sources is None:
            self._sources = {s.source: s for s in self.assistant.sources()}
        info = self._sources.get(source)
        if info is None or not field:
            return set()
        keys = {"authors": ("authors", "author"), "date": ("date", "published")}.get(field, (field,))
        values = {str(info.metadata[k]).strip() for k in keys if info.metadata.get(k)}
        if field == "title" and info.title:
            values.add(info.title.strip())
        return values

    def gold(self, case: Case) -> tuple[set[str], tuple[tuple[int, int], ...]]:
        """Ids of the indexed chunks overlapping a gold quote span, and the spans."""
        assert case.document is not None
        key = (case.document, case.gold_quotes)
        if key not in self._gold:
            text = self.text(case.document)
            if text is None:
                raise UsageError(
                    f"The dataset's document {case.document!r} is not indexed",
                    hint="pass --corpus DIR with that file in it, or fix `document:` in the dataset",
                )
            spans = quote_spans(text, case.gold_quotes)
            self._gold[key] = (self._relevant_chunks(case.document, case.gold_quotes, spans), spans)
        return self._gold[key]

    def _relevant_chunks(self, source: str, quotes: Sequence[str], spans: tuple[tuple[int, int], ...]) -> set[str]:
        # The SDK lists no chunks by document, so the chunks overlapping a gold span are
        # found by retrieving with each quote itself, lexically and densely: a chunk
        # holding the quote's words ranks near the top of both.
        found: set[str] = set()
        for quote in quotes:
            for mode in ("bm25", "dense"):
                for passage in self.assistant.retrieve(quote, k=_GOLD_DEPTH, mode=mode):
                    chunk = passage.chunk
                    self._sections[chunk.id] = chunk.section
                    if chunk.source == source and overlaps(chunk.start, chunk.end, spans):
                        found.add(chunk.id)
        return found

    def gold_sections(self, case: Case) -> set[str]:
        """The sections (heading trails) of ``case``'s document that hold a gold quote; a
        document without headings is one section ("")."""
        chunks, _ = self.gold(case)
        return {self._sections[c] for c in chunks if c in self._sections}

    def section(self, citation: Citation) -> str | None:
        """The section of the chunk ``citation`` quotes, found as the gold chunks are: by
        retrieving with its quote (None when no retrieval returns that chunk)."""
        if citation.chunk_id not in self._sections:
            for passage in self.assistant.retrieve(citation.quote, k=_GOLD_DEPTH, mode="bm25"):
                self._sections.setdefault(passage.chunk.id, passage.chunk.section)
        return self._sections.get(citation.chunk_id)


def _rank(ctx: _Context, case: Case, query: str, mode: str) -> dict[str, Any]:
    gold, spans = ctx.gold(case)
    passages = ctx.assistant.retrieve(query, k=RANK_DEPTH, mode=mode)
    ranked = [p.chunk.id for p in passages]
    # Any retrieved chunk overlapping a gold span is relevant by definition.
    gold = gold | {
        p.chunk.id for p in passages if p.chunk.source == case.document and overlaps(p.chunk.start, p.chunk.end, spans)
    }
    return {"query": query, "ranked": ranked, "gold": sorted(gold), **retrieval_scores(ranked, gold)}


# --- one case ----------------------------------------------------------------------------


def _ask(assistant: Assistant, case: Case) -> tuple[Answer | None, float, str | None]:
    """Play the conversation; return the last answer, its seconds, or the error that ended it."""
    session = f"eval-{case.id}-{uuid.uuid4().hex[:10]}"
    try:
        for turn in case.turns[:-1]:
            assistant.chat(session, turn)
        began = time.perf_counter()
        answer = assistant.chat(session, case.turns[-1])
        return answer, time.perf_counter() - began, None
    except AssistantError as exc:
        return None, 0.0, str(exc)
    finally:
        assistant.delete_session(session)


def _score_case(ctx: _Context, case: Case, judge: Judge, modes: Sequence[str]) -> dict[str, Any]:
    answer, seconds, error = _ask(ctx.assistant, case)
    refused = answer is None or not answer.grounded
    row: dict[str, Any] = {
        "id": case.id,
        "category": case.category,
        "answerable": case.answerable,
        "question": case.turns[-1],
        "resolved_question": answer.resolved_question if answer else None,
        "answer": answer.text if answer else None,
        "mode": answer.mode if answer else None,
        "error": error,
        "refused": refused,
        "outcome": answer.outcome if answer else None,
        "split": case.split,
        "seconds": seconds if answer else None,
        "citations": [c.to_dict() for c in answer.citations] if answer else [],
    }

    if answer is not None:
        texts = {c.source: t for c in answer.citations if (t := ctx.text(c.source)) is not None}
        # A text citation is valid when its quote is the slice it points at; a details
        # citation when its quote is the document's recorded value of that detail.
        invalid = [
            c.n
            for c in answer.citations
            if (c.quote not in ctx.details(c.source, c.field) if c.kind == "details"
                else citation_validity([c], texts) != 1.0)
        ]
        row["citation_validity"] = 1 - len(invalid) / len(answer.citations) if answer.citations else None
        row["invalid_citations"] = invalid
    else:
        row["citation_validity"] = None
        row["invalid_citations"] = []

    sentences: list[dict[str, Any]] = []
    if answer is not None and answer.grounded:
        by_n = {c.n: c.quote for c in answer.citations}
        cited = [
            CitedSentence(text=text, passages=tuple(by_n[n] for n in numbers if n in by_n))
            for text, numbers in split_cited_sentences(answer.text)
        ]
        verdicts = [judge(s.text, s.passages) if s.passages else False for s in cited]
        alce = alce_citation_scores(cited, judge)
        row["faithfulness"] = faithfulness(verdicts)
        row["citation_recall"] = alce.recall
        row["citation_precision"] = alce.precision
        sentences = [
            {"text": s.text, "cited": len(s.passages), "supported": ok} for s, ok in zip(cited, verdicts, strict=True)
        ]
    else:
        row["faithfulness"] = row["citation_recall"] = row["citation_precision"] = None
    row["sentences"] = sentences

    row["key_fact_recall"] = key_fact_recall(answer.text if answer else "", case.key_facts) if case.answerable else None

    # Did the answer quote the gold passage (a text citation overlapping a gold span)?
    row["gold_hit"] = None
    if case.answerable and case.gold_quotes and case.document:
        _, spans = ctx.gold(case)
        row["gold_hit"] = bool(
            answer is not None
            and not refused
            and any(
                c.kind == "text" and c.source == case.document and overlaps(c.start, c.end, spans)
                for c in answer.citations
            )
        )
    # Did it quote the gold passage's section (a text citation of the gold document in a
    # section that holds a gold quote: the right section, if not the right sentence)?
    row["section_hit"] = None
    if row["gold_hit"] is not None:
        sections = ctx.gold_sections(case)
        row["section_hit"] = bool(
            row["gold_hit"]
            or (
                answer is not None
                and not refused
                and any(c.kind == "text" and c.source == case.document and ctx.section(c) in sections for c in answer.citations)
            )
        )
    # A factoid's answer phrase (a key fact) within the answer's first characters.
    row["lead_hit"] = row["lead"] = row["lead_right"] = None
    if case.answerable and case.key_facts and case.category != "summary" and answer is not None and not refused:
        lead = " ".join(_MARKER.sub(" ", answer.text).split())[:LEAD_CHARS].lower()
        row["lead_hit"] = any(_fold(fact) in _fold(lead) for fact in case.key_facts)
        # The phrase the answer opens with, when it leads with a part of a cited sentence, and
        # whether it states a key fact: a lead that states none misleads the reader first.
        phrase = answer_lead(answer.text, {c.n: c.quote for c in answer.citations if c.kind == "text"})
        row["lead"] = phrase
        row["lead_right"] = None if phrase is None else lead_states_fact(phrase, case.key_facts, answer.resolved_question or case.turns[-1])
    # A summary (or document-detail) request about a named document: answered from that
    # document only when every citation is of it (a summary of another document is a miss,
    # not an answer), and the share of its gold main points the summary quotes.
    row["summary_on_document"] = row["summary_gold_covered"] = None
    if case.category == "summary" and case.answerable and case.document:
        summary_cites = answer.citations if answer is not None and not refused else ()
        row["summary_on_document"] = bool(summary_cites) and all(c.source == case.document for c in summary_cites)
        if case.gold_quotes:
            ctx.gold(case)  # the document is indexed and every gold quote occurs in it
            document_text = ctx.text(case.document) or ""
            quoted = [c for c in summary_cites if c.kind == "text" and c.source == case.document]
            gold_spans = [quote_spans(document_text, [gold_quote]) for gold_quote in case.gold_quotes]
            covered = sum(1 for spans in gold_spans if any(overlaps(c.start, c.end, spans) for c in quoted))
            row["summary_gold_covered"] = covered / len(case.gold_quotes)
    if case.answerable:
        row["passed"] = not refused and row["gold_hit"] is not False and row["summary_on_document"] is not False
    else:
        row["passed"] = refused

    row["retrieval"] = {}
    if case.answerable and case.gold_quotes and case.document and case.category != "summary":
        query = (answer.resolved_question if answer else "") or case.turns[-1]
        for mode in modes:
            row["retrieval"][mode] = _rank(ctx, case, query, mode)
    return row


def _fold(text: str) -> str:
    """Lower case with typographic quotes made plain, for key-fact matching."""
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


# --- aggregation -------------------------------------------------------------------------

_ANSWER_METRICS = ("citation_validity", "faithfulness", "citation_recall", "citation_precision", "key_fact_recall")
_RETRIEVAL_METRICS = tuple(f"recall_at_{k}" for k in RECALL_KS) + ("mrr_at_10", "ndcg_at_10")


def _aggregate(rows: Sequence[dict[str, Any]], primary_mode: str) -> dict[str, Any]:
    metrics: dict[str, Any] = {"cases": len(rows)}
    for name in _RETRIEVAL_METRICS:
        metrics[name] = mean_of(r["retrieval"][primary_mode][name] for r in rows if primary_mode in r["retrieval"])
    for name in _ANSWER_METRICS:
        metrics[name] = mean_of(r[name] for r in rows)
    outcomes = [RefusalOutcome(answerable=r["answerable"], refused=r["refused"]) for r in rows]
    factoid = [r for r in rows if r["answerable"] and r["category"] != "summary" and r["gold_hit"] is not None]
    # Answerable questions answered with a quote from the gold passage (refusals count as misses).
    metrics["answered_gold"] = mean_of(float(r["gold_hit"]) for r in factoid) if factoid else None
    # The same, counting a quote from any sentence of the gold passage's section.
    metrics["section_quoted"] = mean_of(float(r["section_hit"]) for r in factoid) if factoid else None
    summaries = [r for r in rows if r["category"] == "summary"]
    # A summary request counts as answered when it is not declined and, when the case names its
    # document, every citation is of that document.
    metrics["summaries_answered"] = (
        mean_of(float(not r["refused"] and r.get("summary_on_document") is not False) for r in summaries) if summaries else None
    )
    covered = [r["summary_gold_covered"] for r in summaries if r.get("summary_gold_covered") is not None]
    metrics["summary_gold_covered"] = mean_of(covered) if covered else None
    leads = [r["lead_hit"] for r in rows if r["lead_hit"] is not None]
    metrics["answer_phrase_lead"] = mean_of(float(v) for v in leads) if leads else None
    # Answered factoids led by a phrase that states none of their key facts (of all answered
    # factoids, so that leading less never hides a wrong lead behind a smaller denominator).
    metrics["wrong_leads"] = mean_of(float(r.get("lead_right") is False) for r in rows if r["lead_hit"] is not None) if leads else None
    metrics["pass_rate"] = mean_of(float(r["passed"]) for r in rows) if rows else None
    metrics["refusal_recall"] = refusal_recall(outcomes)
    metrics["false_refusal_rate"] = false_refusal_rate(outcomes)
    tp = sum(1 for o in outcomes if not o.answerable and o.refused)
    fn = sum(1 for o in outcomes if not o.answerable and not o.refused)
    tn = sum(1 for o in outcomes if o.answerable and not o.refused)
    fp = sum(1 for o in outcomes if o.answerable and o.refused)
    metrics["refusal_balanced_accuracy"] = balanced_accuracy(tp, fn, tn, fp) if outcomes else None
    latency = latency_summary([r["seconds"] for r in rows if r["seconds"] is not None])
    metrics["latency_p50"] = latency["p50"]
    metrics["latency_p95"] = latency["p95"]
    metrics["latency_mean"] = latency["mean"]
    metrics["latency_n"] = latency["n"]
    metrics["citations"] = sum(len(r["citations"]) for r in rows)
    metrics["invalid_citations"] = sum(len(r["invalid_citations"]) for r in rows)
    metrics["errors"] = sum(1 for r in rows if r["error"])
    return metrics


def _mode_table(rows: Sequence[dict[str, Any]], modes: Sequence[str]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for mode in modes:
        scored = [r["retrieval"][mode] for r in rows if mode in r["retrieval"]]
        table[mode] = {name: mean_of(s[name] for s in scored) for name in _RETRIEVAL_METRICS}
        table[mode]["cases"] = len(scored)
    return table


def run_eval(
    assistant: Assistant,
    dataset: Dataset,
    *,
    retrieval_modes: Sequence[str] = ("hybrid",),
    judge: Judge | None = None,
    progress: bool | Callable[[int, int, str], None] = True,
) -> dict[str, Any]:
    """Evaluate every case of ``dataset``; returns the report (see the module docstring).

    ``retrieval_modes`` lists the modes ranked for retrieval metrics (the first is the
    headline). ``judge`` defaults to the offline checker with ``assistant.similarity``.
    ``progress``: True draws a tqdm bar on stderr; a callable gets ``(done, total, case_id)``.
    The assistant's index must already hold the dataset's documents.
    """
    modes = tuple(dict.fromkeys(retrieval_modes)) or ("hybrid",)
    for mode in modes:
        if mode not in RETRIEVAL_MODES:
            raise UsageError(f"Unknown retrieval mode {mode!r}", hint=f"use {', '.join(RETRIEVAL_MODES)}")
    judge = _RememberingJudge(judge or OfflineJudge(assistant.similarity))
    ctx = _Context(assistant)
    # Validate every gold quote before spending time on answers.
    for case in dataset.cases:
        if case.answerable and case.gold_quotes and case.document:
            ctx.gold(case)

    bar = None
    if progress is True:
        from tqdm import tqdm

        bar = tqdm(total=len(dataset.cases), unit="case", desc="Evaluating", file=sys.stderr, leave=False)
    began = time.perf_counter()
    rows: list[dict[str, Any]] = []
    try:
        for done, case in enumerate(dataset.cases, start=1):
            rows.append(_score_case(ctx, case, judge, modes))
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(case.id[-30:])
            elif callable(progress):
                progress(done, len(dataset.cases), case.id)
    finally:
        if bar is not None:
            bar.close()

    by_category = {
        cat: _aggregate([r for r in rows if r["category"] == cat], modes[0])
        for cat in CATEGORIES
        if any(r["category"] == cat for r in rows)
    }
    status = assistant.status()
    return {
        "dataset": dataset.path,
        "cases": len(rows),
        "seconds": round(time.perf_counter() - began, 3),
        "retrieval_mode": modes[0],
        "answer_modes": sorted({r["mode"] for r in rows if r["mode"]}),
        "index": {"documents": status.get("documents"), "chunks": status.get("chunks")},
        "judge": {"kind": judge.kind, "name": judge.name},
        "metrics": _aggregate(rows, modes[0]),
        "by_category": by_category,
        "retrieval_modes": _mode_table(rows, modes),
        "case_results": rows,
    }
