"""The textbook baseline: LangChain's text splitter and vector store over Chroma.

What a user would otherwise build: ``RecursiveCharacterTextSplitter`` (its defaults,
with ``chunk_size`` set to the product's chunk size so both answer from the same
amount of context, and the default overlap ratio, 200 of 4000 characters, kept),
``langchain_chroma.Chroma`` on an embedded ``PersistentClient`` with cosine
distance, and the same MiniLM embedder class as the product (one model, so only
chunking, storage and retrieval differ). Documents are read with the product's
loaders, so both index the same extracted text.

``python -m bench.baseline --child DATA --questions N`` measures retrieval latency
and memory in a fresh process; ``--cold DATA QUESTION`` is one cold query, timed
by the caller like a cold ``assistant ask``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["COLLECTION", "ingest", "measure", "overlap_for", "recall_at_k", "retrieve"]

COLLECTION = "baseline"
# RecursiveCharacterTextSplitter's defaults are chunk_size=4000, chunk_overlap=200.
_DEFAULT_OVERLAP_RATIO = 200 / 4000


def overlap_for(chunk_size: int) -> int:
    return round(chunk_size * _DEFAULT_OVERLAP_RATIO)


def _store(data: Path, embedder: Any) -> Any:
    import chromadb
    from langchain_chroma import Chroma

    client = chromadb.PersistentClient(path=str(data), settings=chromadb.Settings(anonymized_telemetry=False))
    return Chroma(
        client=client,
        collection_name=COLLECTION,
        embedding_function=embedder,
        collection_metadata={"hnsw:space": "cosine"},
    )


def ingest(
    corpus: Path,
    data: Path,
    embedder: Any,
    chunk_size: int,
    *,
    resume: dict[str, Any] | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Index ``corpus`` into ``data``; returns chunks, seconds and the share of the text embedded.

    Texts go to the store in batches of at least 1,000, each batch ending with a document.
    After each batch ``progress`` gets ``{"files_done", "chunks", "text_chars", "seconds"}``;
    given back as ``resume``, an interrupted ingest goes on after those files (chunk ids are
    the source and the piece's number, so a batch written again replaces itself), and its
    seconds are added to the earlier ones.
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant import documents as loaders

    began = time.perf_counter()
    earlier = dict(resume or {})
    splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap_for(chunk_size))
    store = _store(data, embedder)
    files, _ = loaders.discover(corpus)
    skip = int(earlier.get("files_done", 0))
    texts: list[str] = []
    metas: list[dict[str, Any]] = []
    ids: list[str] = []
    text_chars = int(earlier.get("text_chars", 0))
    chunks = int(earlier.get("chunks", 0))

    def state(files_done: int) -> dict[str, Any]:
        return {
            "files_done": files_done,
            "chunks": chunks,
            "text_chars": text_chars,
            "seconds": float(earlier.get("seconds", 0.0)) + time.perf_counter() - began,
        }

    for number, path in enumerate(files):
        if number < skip:
            continue
        document = loaders.load(path, corpus_dir=corpus)
        text_chars += len(document.text)
        for i, piece in enumerate(splitter.split_text(document.text)):
            texts.append(piece)
            metas.append({"source": document.source})
            ids.append(f"{document.source}:{i}")
        if len(texts) >= 1000:
            store.add_texts(texts, metadatas=metas, ids=ids)
            chunks += len(texts)
            texts, metas, ids = [], [], []
            if progress is not None:
                progress(state(number + 1))
    if texts:
        store.add_texts(texts, metadatas=metas, ids=ids)
        chunks += len(texts)
    out = state(len(files))
    return {"chunks": chunks, "seconds": out["seconds"], "text_chars": text_chars}


def retrieve(store: Any, question: str, k: int = 5) -> list[tuple[str, str]]:
    """``(source, text)`` of the ``k`` nearest chunks."""
    return [(str(d.metadata.get("source", "")), d.page_content) for d in store.similarity_search(question, k=k)]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(data: Path, asked: Sequence[str]) -> dict[str, Any]:
    """Retrieval latency and memory in this (fresh) process."""
    import numpy as np

    from assistant.index import MiniLMEmbeddings

    out: dict[str, Any] = {"rss_start_mb": _rss_mb()}
    embedder = MiniLMEmbeddings()
    embedder.embed_array(["warm up the model"])
    out["rss_model_mb"] = _rss_mb()
    store = _store(data, embedder)
    began = time.perf_counter()
    retrieve(store, asked[0])
    out["first_question_s"] = time.perf_counter() - began
    times = []
    for q in asked:
        t = time.perf_counter()
        retrieve(store, q)
        times.append((time.perf_counter() - t) * 1000)
    out["retrieval_p50_ms"] = float(np.percentile(times, 50))
    out["retrieval_p95_ms"] = float(np.percentile(times, 95))
    out["rss_loaded_mb"] = _rss_mb()
    return out


def recall_at_k(hits: Sequence[bool]) -> float:
    return sum(hits) / len(hits) if hits else float("nan")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline")
    parser.add_argument("--child", metavar="DATA")
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--cold", nargs=2, metavar=("DATA", "QUESTION"))
    args = parser.parse_args(argv)
    if args.cold:
        from assistant.index import MiniLMEmbeddings

        store = _store(Path(args.cold[0]), MiniLMEmbeddings())
        for source, text in retrieve(store, args.cold[1]):
            print(f"{source}: {text[:80]!r}")
        sys.stdout.flush()
        return 0
    if args.child:
        from bench.corpora import questions

        print(json.dumps(measure(Path(args.child), questions(args.questions))))
        return 0
    parser.error("give --child or --cold")
    return 2


if __name__ == "__main__":
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    sys.exit(main())
