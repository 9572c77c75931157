"""Fit how much a chunk's section trail weighs in its vector (``index._ingest.SECTION_WEIGHT``).

Each development corpus (``evals/dev/*``) is ingested once; then for each candidate
weight the chunk vectors are recomputed from the stored sentence vectors and the
embedded section trails, written back, and recall@5 of hybrid retrieval is measured
on the answerable single-turn cases, ``fit`` and ``test`` splits apart. Choose on
``fit``; ``test`` is reported, not tuned on.

    python scripts/fit_section_weight.py [--weights 0,0.25,0.5,0.75,1] [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.index import HybridRetriever, MiniLMEmbeddings, sentence_id  # noqa: E402
from assistant.index._ingest import chunk_vector  # noqa: E402
from assistant.types import Passage  # noqa: E402
from bench.corpora import recall_cases  # noqa: E402
from bench.run import K, _hit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", default="0,0.25,0.5,0.75,1")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="fit-section-"))
    embedder = MiniLMEmbeddings()
    table: dict[str, dict[float, dict[str, float]]] = {}
    for name, cases, assistant in ingested(work, embedder):
        store = assistant._store  # a fitting script may reach into the store
        ids, _ = store.all_chunks()
        chunks = store.get_chunks(ids)
        sentence_vectors = store.sentence_vectors(chunks)
        trails = sorted({c.section for c in chunks if c.section})
        section_vectors = dict(zip(trails, embedder.embed_array(trails), strict=True)) if trails else {}
        chunk_col, _ = store._collections()  # type: ignore[attr-defined]  # the Chroma store's own collection
        table[name] = {}
        for weight in weights:
            vectors = [
                chunk_vector(
                    np.stack([sentence_vectors[sentence_id(c.source, s.start, s.end)] for s in c.sentences]),
                    section_vectors.get(c.section),
                    weight,
                ).tolist()
                for c in chunks
            ]
            for i in range(0, len(ids), 1000):
                chunk_col.upsert(ids=[c.id for c in chunks[i : i + 1000]], embeddings=vectors[i : i + 1000])
            table[name][weight] = recall_by_split(
                name, weight, cases, [assistant.retrieve(case["turns"][0], k=K) for case in cases]
            )
    report(table, weights)
    return 0


def ingested(work: Path, embedder: MiniLMEmbeddings) -> Iterator[tuple[str, list[dict[str, Any]], Assistant]]:
    """Each development corpus ingested afresh under ``work``: its name, its answerable
    single-turn cases with gold quotes (``bench.corpora.recall_cases``) and an open assistant."""
    for name, docs, cases in recall_cases():
        data = work / name
        shutil.rmtree(data, ignore_errors=True)
        with Assistant(Settings(corpus_dir=docs, data_dir=data), embedder=embedder) as assistant:
            assistant.ingest()
            yield name, cases, assistant


def sweep_retriever(option: str, values: Sequence[float], work: Path) -> dict[str, dict[float, dict[str, float]]]:
    """Recall@K by split of hybrid retrieval on every development corpus for each of ``values``
    of one ``HybridRetriever`` keyword argument (``option``): each corpus is ingested once,
    under ``work``, and its questions embedded once."""
    embedder = MiniLMEmbeddings()
    table: dict[str, dict[float, dict[str, float]]] = {}
    for name, cases, assistant in ingested(work, embedder):
        corpus = assistant._corpus  # a fitting script may reach into the index
        questions = [case["turns"][0] for case in cases]
        vectors = [np.asarray(v) for v in embedder.embed_array(questions)]
        table[name] = {}
        for value in values:
            retriever = HybridRetriever(
                store=corpus.store,
                keyword_index=corpus.keyword_index,
                embed_query=corpus.embed_query,
                **{option: value},
            )
            retrieved = [
                retriever.retrieve(question, K, vector=vector) for question, vector in zip(questions, vectors, strict=True)
            ]
            table[name][value] = recall_by_split(name, value, cases, retrieved, label=option)
    return table


def recall_by_split(
    name: str,
    weight: float,
    cases: Sequence[dict[str, Any]],
    retrieved: Sequence[Sequence[Passage]],
    label: str = "weight",
) -> dict[str, float]:
    """recall@K of each split (fit, test) of one collection's cases at one weight, printed."""
    hits: dict[str, list[bool]] = {"fit": [], "test": []}
    for case, passages in zip(cases, retrieved, strict=True):
        hits[case.get("split", "fit")].append(_hit(case["gold_quotes"], [p.chunk.text for p in passages]))
    recall = {split: sum(h) / len(h) for split, h in hits.items() if h}
    print(
        f"{name:16} {label} {weight:4.2f}  "
        + "  ".join(f"R@5 {split} {value:.3f} (n={len(hits[split])})" for split, value in recall.items()),
        flush=True,
    )
    return recall


def report(table: dict[str, dict[float, dict[str, float]]], weights: Sequence[float]) -> float:
    """Print the mean recall of each weight over the collections, and return the best on the fit
    split (the smaller weight on a tie)."""
    print()
    for weight in weights:
        fit = np.mean([table[n][weight]["fit"] for n in table])
        test = np.mean([table[n][weight]["test"] for n in table])
        print(f"weight {weight:4.2f}: mean R@5 fit {fit:.3f}, test {test:.3f}")
    best = max(weights, key=lambda w: (np.mean([table[n][w]["fit"] for n in table]), -w))
    print(f"\nbest on fit: {best}")
    return best


if __name__ == "__main__":
    raise SystemExit(main())
