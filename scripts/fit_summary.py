"""Fit the summary picker (``SummaryParams``) on the development corpora's summary cases.

    python scripts/fit_summary.py [--data DIR]

For every setting of a small grid it summarises each summary case of evals/dev/*/cases.yaml
(fit split) and counts the cases whose summary quotes one of the gold main-point passages;
it prints the grid's best settings and their figures on the test split. It then sweeps
``name_cover`` (how much of a request's topic a title must hold to name its document) and
counts the summary requests whose summary cites only the case's document. The study and its
sets are never read here. ``--data`` keeps the indexes between runs (default: a new
temporary folder).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from assistant import Assistant, Settings
from assistant.answering._summary import SummaryParams, is_summary_request, summarize

SETS = ("pyfaq", "debian-handbook", "debian-history")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent / "evals" / "dev"
    data = args.data or Path(tempfile.mkdtemp(prefix="fit-summary-"))
    rows = []  # (split, assistant-bound summarise function, gold quotes)
    picks = []  # (split, question, functions, sources, passages, the case's document)
    assistants = []
    for name in SETS:
        cases = [c for c in yaml.safe_load((root / name / "cases.yaml").read_text())["cases"] if c["category"] == "summary"]
        a = Assistant(Settings(corpus_dir=root / name / "docs", data_dir=data / name, llm_base_url=None))
        a.ingest()
        assistants.append(a)
        corpus = a.pipeline.corpus
        sources = corpus.sources()
        cached = functools.lru_cache(maxsize=None)(corpus.document_sentences)
        for case in cases:
            question = case["turns"][-1]
            passages = corpus.search(question, a.settings.top_k).passages
            if is_summary_request(question):
                picks.append((case["split"], question, (cached, corpus.embed_query), sources, passages, case["document"]))
            if not case["gold_quotes"]:
                continue
            rows.append((case["split"], question, (cached, corpus.embed_query), sources, passages, [_norm(g) for g in case["gold_quotes"]]))

    def answers(table: list[Any], params: SummaryParams, split: str) -> Iterator[tuple[Any, Any]]:
        """The summary of every request of ``split`` in ``table``, with the row's target."""
        for row_split, question, (document_sentences, embed), sources, passages, target in table:
            if row_split == split:
                answer = summarize(
                    question, sources=sources, passages=passages, document_sentences=document_sentences,
                    embed=embed, params=params,
                )
                yield answer, target

    def score(params: SummaryParams, split: str) -> tuple[int, int]:
        hit = total = 0
        for answer, gold in answers(rows, params, split):
            total += 1
            quotes = [_norm(c.quote) for c in answer.citations] if answer else []
            hit += any(g in q or q in g for g in gold for q in quotes)
        return hit, total

    grid = []
    for k, lam, topic, lead, para in itertools.product(
        (4, 5, 6), (0.5, 0.7, 0.9), (0.3, 0.5, 0.7), (0.0, 0.1, 0.2, 0.4), (0.0, 0.05, 0.1)
    ):
        params = replace(
            SummaryParams(), sentences=k, diversity_lambda=lam, topic_weight=topic, lead_weight=lead, paragraph_weight=para
        )
        grid.append((score(params, "fit"), params))
    # Most gold passages quoted on the fit split; ties go to the shorter summary, then the default.
    default = SummaryParams()
    grid.sort(key=lambda g: (-g[0][0], g[1].sentences, abs(g[1].diversity_lambda - default.diversity_lambda), abs(g[1].topic_weight - default.topic_weight), abs(g[1].lead_weight - default.lead_weight), abs(g[1].paragraph_weight - default.paragraph_weight)))
    (hit, total), best = grid[0]
    print(f"fit split: best {best} quotes a gold passage in {hit}/{total} summaries")
    print(f"default {default}: fit {score(default, 'fit')}, test {score(default, 'test')}")
    print(f"best on test split: {score(best, 'test')}")

    def on_document(params: SummaryParams, split: str) -> tuple[int, int]:
        hit = total = 0
        for answer, document in answers(picks, params, split):
            total += 1
            hit += bool(answer and answer.citations and all(c.source == document for c in answer.citations))
        return hit, total

    for cover in (0.25, 0.34, 0.5, 0.67, 0.75, 1.0):
        params = replace(default, name_cover=cover)
        print(f"name_cover {cover}: summary of the case's document, fit {on_document(params, 'fit')}, test {on_document(params, 'test')}")
    for a in assistants:
        a.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
