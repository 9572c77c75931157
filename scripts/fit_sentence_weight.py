"""Fit how much a candidate's best-matching sentence counts in the dense ranking
(``index._retrieval.SENTENCE_WEIGHT``).

Each development corpus (``evals/dev/*``) is ingested once; then for each candidate
weight, recall@5 of hybrid retrieval (the same hit test as ``bench.run``) is measured on
the answerable single-turn cases, ``fit`` and ``test`` splits apart. Choose on the mean
``fit`` recall over the corpora (ties: the smaller weight), then check the answers of the fit
splits with ``scripts/eval_sets.py`` (a weight that retrieves one case more but answers the
fit split worse is not taken; see ``SENTENCE_WEIGHT``); ``test`` is reported, not tuned on.
The study is never used.

    python scripts/fit_sentence_weight.py [--weights 0,0.25,0.5,0.75,1,1.5,2] [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.index import HybridRetriever, MiniLMEmbeddings  # noqa: E402
from bench.corpora import recall_cases  # noqa: E402
from bench.run import K  # noqa: E402
from fit_section_weight import recall_by_split, report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", default="0,0.25,0.5,0.75,1,1.5,2")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="fit-sentence-"))
    embedder = MiniLMEmbeddings()
    table: dict[str, dict[float, dict[str, float]]] = {}
    for name, docs, cases in recall_cases():
        data = work / name
        shutil.rmtree(data, ignore_errors=True)
        settings = Settings(corpus_dir=docs, data_dir=data)
        with Assistant(settings, embedder=embedder) as assistant:
            assistant.ingest()
            corpus = assistant._corpus  # a fitting script may reach into the index
            questions = [case["turns"][0] for case in cases]
            vectors = [np.asarray(v) for v in embedder.embed_array(questions)]
            table[name] = {}
            for weight in weights:
                retriever = HybridRetriever(
                    store=corpus.store,
                    keyword_index=corpus.keyword_index,
                    embed_query=corpus.embed_query,
                    sentence_weight=weight,
                )
                retrieved = [
                    retriever.retrieve(question, K, vector=vector) for question, vector in zip(questions, vectors, strict=True)
                ]
                table[name][weight] = recall_by_split(name, weight, cases, retrieved)
    report(table, weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
