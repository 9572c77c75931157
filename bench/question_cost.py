"""What a question costs the embedding model, in figures the machine's load does not move.

    python -m bench.question_cost [--sets pyfaq,handbook,history] [--split fit] [--data DIR] [--json OUT]

For each development collection (indexed once into ``--data/<name>``, kept between runs) it
asks every case's turns (a fresh conversation per case, as the eval runner does) with an
embedder that counts what reaches the model, and prints per question: model calls, texts
and their characters (the first call, which holds the question and its words the
vocabulary lacks, apart from the calls after it), and the share of questions that made a
call after the first (the answerer's clause windows, or words the vocabulary lacks). The
in-memory word cache is emptied before each question, so each question is counted as if it
were the first to touch its passages (a figure independent of the order of the cases);
``--keep-cache`` keeps it. Wall time inside the model is printed as side information only.

It also counts what an ingest of the collection embeds: its distinct sentences, section
headings, vocabulary words, and the clause windows of its sentences (with their characters),
from the indexed documents cut as ingest cuts them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

SETS: dict[str, tuple[Path, Path]] = {
    "pyfaq": (ROOT / "evals/dev/pyfaq/docs", ROOT / "evals/dev/pyfaq/cases.yaml"),
    "handbook": (ROOT / "evals/dev/debian-handbook/docs", ROOT / "evals/dev/debian-handbook/cases.yaml"),
    "history": (ROOT / "evals/dev/debian-history/docs", ROOT / "evals/dev/debian-history/cases.yaml"),
}


class CountingEmbedder:
    """The real model, recording every call that reaches it (texts, characters, seconds)."""

    def __init__(self) -> None:
        from assistant.index import MiniLMEmbeddings

        self.inner = MiniLMEmbeddings()
        self.model_id = self.inner.model_id
        self.dimensions = self.inner.dimensions
        self.batch_size = self.inner.batch_size
        self.calls: list[list[str]] = []
        self.seconds = 0.0

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        began = time.perf_counter()
        out = self.inner.embed_array(texts)
        self.seconds += time.perf_counter() - began
        self.calls.append(list(texts))
        return out

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()


def ingest_counts(assistant: Any) -> dict[str, int]:
    """What embedding the collection takes: distinct sentences, section headings and trails,
    vocabulary words, and clause windows (distinct texts, and their characters)."""
    from assistant.answering._extractive import _clause_windows
    from assistant.documents._chunking import chunk_document
    from assistant.index._corpus import vocabulary

    corpus = assistant._corpus
    sentences: dict[str, None] = {}
    sections: dict[str, None] = {}
    windows: dict[str, None] = {}
    windowed = 0
    texts: list[str] = []
    for info in corpus.sources():
        document = corpus.store.document(info.source)
        if document is None:
            continue
        chunks = chunk_document(document, size=assistant.settings.chunk_size, overlap=assistant.settings.chunk_overlap)
        seen: set[tuple[int, int]] = set()
        for chunk in chunks:
            texts.append(chunk.text)
            if chunk.section:
                sections[chunk.section] = None
            for span in chunk.sentences:
                if (span.start, span.end) in seen:
                    continue
                seen.add((span.start, span.end))
                sentences[span.text] = None
                found = _clause_windows(span.text)
                windowed += bool(found)
                windows.update(dict.fromkeys(found))
    return {
        "sentences": len(sentences),
        "sentence_chars": sum(map(len, sentences)),
        "sentences_with_windows": windowed,
        "section_trails": len(sections),
        "vocabulary_words": len(vocabulary(texts)),
        "windows": len(windows),
        "window_chars": sum(map(len, windows)),
    }


def question_costs(
    name: str, data: Path, *, split: str | None, keep_cache: bool, cases_matching: str | None = None
) -> dict[str, Any]:
    from assistant import Assistant, Settings
    from assistant.evals import load_dataset

    docs, cases_path = SETS[name]
    dataset = load_dataset(cases_path)
    cases = [c for c in dataset.cases if split is None or c.split == split]
    if cases_matching:
        pattern = re.compile(cases_matching)
        cases = [c for c in cases if pattern.search(c.id)]
    embedder = CountingEmbedder()
    settings = Settings(corpus_dir=docs, data_dir=data / name, llm_base_url=None)
    rows: list[dict[str, Any]] = []
    with Assistant(settings, embedder=embedder) as assistant:  # type: ignore[arg-type]
        embedder.calls.clear()
        assistant.ingest()
        ingest_texts = sum(len(c) for c in embedder.calls)  # 0 when the index was current
        assistant.warm_up()
        counts = ingest_counts(assistant)
        for case in cases:
            session = f"cost-{case.id}"
            for turn, question in enumerate(case.turns):
                if not keep_cache:
                    with assistant._corpus._words_lock:
                        assistant._corpus._words.clear()
                embedder.calls.clear()
                seconds = embedder.seconds
                answer = assistant.chat(session, question)
                calls = list(embedder.calls)
                later = [t for call in calls[1:] for t in call]
                rows.append(
                    {
                        "case": case.id,
                        "turn": turn,
                        "split": case.split,
                        "outcome": answer.outcome,
                        "calls": len(calls),
                        "texts": sum(len(c) for c in calls),
                        "chars": sum(len(t) for c in calls for t in c),
                        "first_texts": len(calls[0]) if calls else 0,
                        "later_texts": len(later),
                        "later_chars": sum(map(len, later)),
                        "model_ms": (embedder.seconds - seconds) * 1000,
                    }
                )
            assistant.delete_session(session)
    n = max(len(rows), 1)
    return {
        "set": name,
        "questions": len(rows),
        "calls_mean": sum(r["calls"] for r in rows) / n,
        "calls_max": max((r["calls"] for r in rows), default=0),
        "texts_mean": sum(r["texts"] for r in rows) / n,
        "chars_mean": sum(r["chars"] for r in rows) / n,
        "first_texts_mean": sum(r["first_texts"] for r in rows) / n,
        "later_texts_mean": sum(r["later_texts"] for r in rows) / n,
        "later_chars_mean": sum(r["later_chars"] for r in rows) / n,
        "share_with_later_calls": sum(1 for r in rows if r["calls"] > 1) / n,
        "model_ms_p50": float(np.percentile([r["model_ms"] for r in rows], 50)) if rows else 0.0,
        "ingest": counts,
        "ingest_texts_this_run": ingest_texts,
        "_rows": rows,
    }


COLUMNS = (
    ("questions", "questions", "{:d}"),
    ("calls_mean", "calls", "{:.2f}"),
    ("calls_max", "max calls", "{:d}"),
    ("texts_mean", "texts", "{:.1f}"),
    ("chars_mean", "chars", "{:.0f}"),
    ("later_texts_mean", "texts after 1st", "{:.1f}"),
    ("share_with_later_calls", "share >1 call", "{:.2f}"),
    ("model_ms_p50", "model ms p50", "{:.1f}"),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="pyfaq,handbook,history")
    parser.add_argument("--split", choices=("fit", "test"), default=None, help="one split only (default: both)")
    parser.add_argument("--cases", default=None, help="only cases whose id matches this regular expression")
    parser.add_argument("--data", type=Path, default=Path("/tmp/question-cost"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep-cache", action="store_true", help="keep the word cache between questions")
    args = parser.parse_args(argv)
    results = [
        question_costs(name, args.data, split=args.split, keep_cache=args.keep_cache, cases_matching=args.cases)
        for name in args.sets.split(",")
    ]
    print("per question | " + " | ".join(["set", *(title for _, title, _ in COLUMNS)]))
    for r in results:
        print(" | ".join([r["set"], *(fmt.format(r[key]) for key, _, fmt in COLUMNS)]))
    print()
    print("ingest | set | sentences | windows | sentences with windows | window chars / sentence chars | vocabulary")
    for r in results:
        c = r["ingest"]
        ratio = c["window_chars"] / max(c["sentence_chars"], 1)
        print(
            f"{r['set']} | {c['sentences']} | {c['windows']} | {c['sentences_with_windows']} | {ratio:.2f} "
            f"| {c['vocabulary_words']}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
