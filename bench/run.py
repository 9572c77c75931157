"""Benchmarks: ingest throughput, re-ingest, latency, memory and LLM-mode overhead.

    python -m bench.run [--sizes 1000,10000,100000] [--out bench/out] [--budget-minutes 25]

For each size (in chunks) a deterministic synthetic corpus (:mod:`bench.synthetic`)
is written and ingested, then measured:

* ingest throughput in chunks/s, against the raw embedding model's throughput on
  the same chunk texts in the same run (up to ``--raw-sample`` of them), and the ratio;
* re-ingest of the unchanged corpus, by a fresh :class:`~assistant.Assistant`;
* latency p50/p95 of retrieval alone and of a full offline answer, and the
  resident memory, in a fresh child process per size (so caches of one size do
  not leak into the next);
* in LLM mode, the time from ``ask()`` to the request reaching a local stub
  endpoint that records its arrival.

Sizes above ``--max-embed`` chunks are built from the largest embedded index,
copied under new source names (``copy-NN/...``) with its stored vectors in large
batches (see :func:`copy_index`): the index, keyword index and answers are real,
the texts repeat, and no ingest throughput is reported for them. Sizes that would not fit the time
budget are skipped and reported as such. Prints a table and writes
``results.json`` and ``results.png`` into ``--out``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np

from bench.synthetic import document, questions

ROOT = Path(__file__).resolve().parent.parent


# -- machine -------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "load_average_at_start": load,
    }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


# -- an embedder that remembers (so copied corpora cost no model time) ----------------
class CachingEmbedder:
    """Wraps :class:`MiniLMEmbeddings`; counts model calls and the time spent in the model."""

    def __init__(self) -> None:
        from assistant.index import MiniLMEmbeddings

        self.inner = MiniLMEmbeddings()
        self.model_id = self.inner.model_id
        self.dimensions = self.inner.dimensions
        self.batch_size = self.inner.batch_size
        self._cache: dict[str, np.ndarray] = {}
        self.model_seconds = 0.0
        self.model_texts = 0

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            began = time.perf_counter()
            vectors = self.inner.embed_array(missing)
            self.model_seconds += time.perf_counter() - began
            self.model_texts += len(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_texts(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()


# -- corpora ---------------------------------------------------------------------------
def build_corpus(folder: Path, target_chunks: int, settings: Any) -> tuple[int, list[str]]:
    """Write documents until they give ``target_chunks`` chunks; returns (documents, chunk texts)."""
    from assistant.documents import chunk_document
    from assistant.types import Document

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    texts: list[str] = []
    index = 0
    while len(texts) < target_chunks:
        doc = document(index, seed=0)
        (folder / doc.name).write_text(doc.text, encoding="utf-8")
        parsed = Document(source=doc.name, title=doc.title, text=doc.text, metadata={}, pages=())
        texts.extend(c.text for c in chunk_document(parsed, size=settings.chunk_size, overlap=settings.chunk_overlap))
        index += 1
    return index, texts


def build_copied_corpus(folder: Path, base: Path, target_chunks: int, base_chunks: int) -> int:
    """Copies of ``base`` in sub-folders until about ``target_chunks``; returns the copies made."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copies = max(1, math.ceil(target_chunks / base_chunks))
    for i in range(copies):
        shutil.copytree(base, folder / f"copy-{i:02d}")
    return copies


def copy_index(base_settings: Any, settings: Any, copies: int) -> tuple[int, float]:
    """Write ``copies`` copies of the index of ``base_settings`` (sources renamed ``copy-NN/...``)
    into the index of ``settings`` in large batches, reusing the stored vectors.

    Building a 100k-chunk index through ``ingest`` spends about 19 ms per Chroma call and
    four calls per document here (about 20 minutes); this path writes the same records
    in a few minutes. It reaches into the store's collections, which only a benchmark
    should do. Returns (chunks written, seconds).
    """
    import hashlib

    from assistant.index import ChromaStore, _doc_id, sentence_id
    from assistant.index import DIMENSIONS, MODEL_ID

    began = time.perf_counter()
    base = ChromaStore(base_settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    target = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)
    b_chunks, b_sents, b_docs = base._collections()
    t_chunks, t_sents, t_docs = target._collections()
    batch = 4000

    def read_all(collection: Any, include: list[str]) -> dict[str, list[Any]]:
        # Chroma's SQLite backend refuses one get of more than ~32k records.
        out: dict[str, list[Any]] = {"ids": [], **{k: [] for k in include}}
        for offset in range(0, collection.count(), batch):
            got = collection.get(include=include, limit=batch, offset=offset)
            for key in out:
                out[key].extend(got[key])
        return out

    chunks = read_all(b_chunks, ["embeddings", "documents", "metadatas"])
    sents = read_all(b_sents, ["embeddings", "metadatas"])
    docs = read_all(b_docs, ["embeddings", "documents", "metadatas"])
    written = 0

    def put(collection: Any, ids: list[str], **fields: list[Any]) -> None:
        for i in range(0, len(ids), batch):
            collection.upsert(ids=ids[i : i + batch], **{k: v[i : i + batch] for k, v in fields.items()})

    for copy in range(copies):
        prefix = f"copy-{copy:02d}/"
        cmeta = [{**m, "source": prefix + m["source"]} for m in chunks["metadatas"]]
        cids = [hashlib.sha256(f"{prefix}{cid}".encode()).hexdigest()[:32] for cid in chunks["ids"]]
        put(t_chunks, cids, embeddings=list(chunks["embeddings"]), documents=chunks["documents"], metadatas=cmeta)
        smeta = [{**m, "source": prefix + m["source"]} for m in sents["metadatas"]]
        sids = [sentence_id(m["source"], int(m["start"]), int(m["end"])) for m in smeta]
        put(t_sents, sids, embeddings=list(sents["embeddings"]), metadatas=smeta)
        dmeta = [{**m, "source": prefix + m["source"]} for m in docs["metadatas"] if "source" in m]
        keep = [i for i, m in enumerate(docs["metadatas"]) if "source" in m]
        put(
            t_docs,
            [_doc_id(m["source"]) for m in dmeta],
            embeddings=[docs["embeddings"][i] for i in keep],
            documents=[docs["documents"][i] for i in keep],
            metadatas=dmeta,
        )
        written += len(cids)
    target._bump_revision()
    base.close()
    target.close()
    return written, time.perf_counter() - began


# -- the LLM stub endpoint --------------------------------------------------------------
class _Stub(BaseHTTPRequestHandler):
    arrivals: list[float] = []
    reply = "The sources describe attacks in several districts [1]."

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps({"data": [{"id": "stub"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        _Stub.arrivals.append(time.perf_counter())
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        if payload.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            chunk = {"choices": [{"index": 0, "delta": {"content": self.reply}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            done = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
            return
        body = json.dumps(
            {
                "id": "stub",
                "object": "chat.completion",
                "model": "stub",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": self.reply}, "finish_reason": "stop"}],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# -- the child process: latency and memory for one index --------------------------------
def measure_index(corpus: str, data: str, n_questions: int, llm: bool, profile_to: str | None) -> dict[str, Any]:
    from assistant import Assistant, Settings

    base_rss = rss_mb()
    from assistant.index import MiniLMEmbeddings

    embedder = MiniLMEmbeddings()
    embedder.embed_array(["warm up the model"])
    model_rss = rss_mb()
    asked = questions(n_questions, seed=1)
    out: dict[str, Any] = {"rss_start_mb": base_rss, "rss_model_mb": model_rss}
    with Assistant(Settings(corpus_dir=Path(corpus), data_dir=Path(data)), embedder=embedder) as assistant:
        began = time.perf_counter()
        assistant.retrieve(asked[0])  # loads the keyword index (from its disk cache or built)
        out["first_question_s"] = time.perf_counter() - began
        for q in asked[:3]:
            assistant.ask(q)
        retrieval = []
        for q in asked:
            t = time.perf_counter()
            assistant.retrieve(q)
            retrieval.append((time.perf_counter() - t) * 1000)
        answer = []
        grounded = 0
        for q in asked:
            t = time.perf_counter()
            a = assistant.ask(q)
            answer.append((time.perf_counter() - t) * 1000)
            grounded += a.grounded
        out.update(
            retrieval_p50_ms=percentile(retrieval, 50),
            retrieval_p95_ms=percentile(retrieval, 95),
            answer_p50_ms=percentile(answer, 50),
            answer_p95_ms=percentile(answer, 95),
            grounded_share=grounded / len(asked),
            chunks=assistant.status()["chunks"],
            rss_loaded_mb=rss_mb(),
        )
        if profile_to:
            profiler = cProfile.Profile()
            profiler.enable()
            for q in asked[:20]:
                assistant.ask(q)
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
            Path(profile_to).write_text(text.getvalue())
    if llm:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        try:
            settings = Settings(corpus_dir=Path(corpus), data_dir=Path(data), llm_base_url=url, llm_max_retries=0)
            with Assistant(settings, embedder=embedder) as assistant:
                assistant.ask(asked[0])
                before = []
                modes = set()
                for q in asked:
                    _Stub.arrivals.clear()
                    t = time.perf_counter()
                    a = assistant.ask(q)
                    modes.add(a.mode)
                    if _Stub.arrivals:
                        before.append((_Stub.arrivals[0] - t) * 1000)
                out.update(
                    llm_pre_request_p50_ms=percentile(before, 50),
                    llm_pre_request_p95_ms=percentile(before, 95),
                    llm_requests_seen=len(before),
                    llm_modes=sorted(modes),
                )
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not crash
            out["llm_error"] = f"{type(exc).__name__}: {exc}"
        finally:
            server.shutdown()
            server.server_close()
    return out


def run_child(corpus: Path, data: Path, n_questions: int, llm: bool, profile_to: Path | None) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "bench.run", "--child", str(corpus), str(data),
        "--questions", str(n_questions),
    ]
    if llm:
        command.append("--llm")
    if profile_to:
        command += ["--profile-to", str(profile_to)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-1500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- one size ---------------------------------------------------------------------------
def bench_size(
    size: int, work: Path, embedder: CachingEmbedder, args: argparse.Namespace, base: dict[str, Any] | None
) -> dict[str, Any]:
    from assistant import Assistant, Settings
    from assistant.index import MiniLMEmbeddings

    row: dict[str, Any] = {"size": size}
    corpus = work / f"corpus-{size}"
    data = work / f"data-{size}"
    shutil.rmtree(data, ignore_errors=True)
    settings = Settings(corpus_dir=corpus, data_dir=data)
    copied = base is not None and size > args.max_embed
    if copied:
        copies = build_copied_corpus(corpus, base["corpus"], size, base["chunks"])
        row["built_from"] = f"{copies} copies of the {base['size']}-chunk corpus (embeddings cached)"
    else:
        docs, texts = build_corpus(corpus, size, settings)
        row["documents"] = docs
        # The raw model on the same chunk texts, measured now, with a fresh model session.
        sample = texts[: args.raw_sample]
        raw = MiniLMEmbeddings()
        raw.embed_array(["warm up"])
        began = time.perf_counter()
        raw.embed_array(sample)
        row["raw_model_chunks_per_s"] = len(sample) / (time.perf_counter() - began)
        row["raw_sample"] = len(sample)
        del raw

    if copied:
        written, seconds = copy_index(Settings(corpus_dir=base["corpus"], data_dir=base["data"]), settings, copies)
        row["chunks"] = written
        row["copy_index_s"] = seconds
    else:
        seconds_before, texts_before = embedder.model_seconds, embedder.model_texts
        with Assistant(settings, embedder=embedder) as assistant:  # type: ignore[arg-type]
            report = assistant.ingest()
        row["chunks"] = report.chunks_embedded
        row["ingest_s"] = report.seconds
        row["ingest_chunks_per_s"] = report.chunks_embedded / report.seconds
        row["ingest_model_s"] = embedder.model_seconds - seconds_before
        row["ingest_sentences_embedded"] = embedder.model_texts - texts_before
        row["ingest_non_model_s"] = report.seconds - row["ingest_model_s"]
        row["ingest_vs_model"] = row["ingest_chunks_per_s"] / row["raw_model_chunks_per_s"]

    with Assistant(settings, embedder=embedder) as fresh:  # type: ignore[arg-type]
        began = time.perf_counter()
        again = fresh.ingest()
        row["reingest_s"] = time.perf_counter() - began
        row["reingest_embedded"] = again.chunks_embedded

    profile = Path(args.out) / f"profile-answer-{size}.txt"
    row.update(run_child(corpus, data, args.questions, llm=True, profile_to=profile))
    if "rss_loaded_mb" in row:
        row["rss_index_mb_per_10k_chunks"] = (row["rss_loaded_mb"] - row["rss_model_mb"]) / (row["chunks"] / 10_000)
    row["corpus"] = corpus
    row["data"] = data
    return row


# -- report -------------------------------------------------------------------------------
COLUMNS = [
    ("size", "chunks", "{:.0f}"),
    ("ingest_chunks_per_s", "ingest c/s", "{:.1f}"),
    ("raw_model_chunks_per_s", "model c/s", "{:.1f}"),
    ("ingest_vs_model", "ratio", "{:.2f}"),
    ("reingest_s", "reingest s", "{:.2f}"),
    ("retrieval_p50_ms", "retr p50", "{:.1f}"),
    ("retrieval_p95_ms", "retr p95", "{:.1f}"),
    ("answer_p50_ms", "ans p50", "{:.1f}"),
    ("answer_p95_ms", "ans p95", "{:.1f}"),
    ("llm_pre_request_p50_ms", "pre-LLM p50", "{:.1f}"),
    ("rss_index_mb_per_10k_chunks", "MB/10k", "{:.0f}"),
]


def table(rows: list[dict[str, Any]]) -> str:
    header = " | ".join(f"{title:>11}" for _, title, _ in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = []
        for key, _, fmt in COLUMNS:
            value = row.get(key)
            cells.append(f"{fmt.format(value):>11}" if isinstance(value, (int, float)) else f"{'-':>11}")
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measured = [r for r in rows if "answer_p50_ms" in r]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    sizes = [r["chunks"] for r in measured]
    for key, label in (
        ("retrieval_p50_ms", "retrieval p50"),
        ("retrieval_p95_ms", "retrieval p95"),
        ("answer_p50_ms", "answer p50"),
        ("answer_p95_ms", "answer p95"),
    ):
        left.plot(sizes, [r[key] for r in measured], marker="o", label=label)
    left.axhline(50, color="grey", linestyle=":", label="goal p50 @10k")
    left.axhline(150, color="grey", linestyle="--", label="goal p50 @100k")
    left.set_xscale("log")
    left.set_xlabel("chunks in the index")
    left.set_ylabel("ms")
    left.set_title("Latency (offline answer)")
    left.legend(fontsize=8)
    embedded = [r for r in rows if "ingest_vs_model" in r]
    x = np.arange(len(embedded))
    right.bar(x - 0.2, [r["ingest_chunks_per_s"] for r in embedded], width=0.4, label="ingest")
    right.bar(x + 0.2, [r["raw_model_chunks_per_s"] for r in embedded], width=0.4, label="model alone")
    right.set_xticks(x, [str(r["chunks"]) for r in embedded])
    right.set_xlabel("chunks ingested")
    right.set_ylabel("chunks / s")
    right.set_title("Ingest throughput")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="index sizes in chunks, comma-separated")
    parser.add_argument("--out", default="bench/out", help="folder for results.json, results.png and profiles")
    parser.add_argument("--questions", type=int, default=60, help="questions per latency measurement")
    parser.add_argument("--max-embed", type=int, default=10_000, help="largest size embedded from scratch")
    parser.add_argument("--raw-sample", type=int, default=2000, help="chunk texts the raw model embeds")
    parser.add_argument("--budget-minutes", type=float, default=25.0, help="skip sizes that would not fit")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "DATA"), help=argparse.SUPPRESS)
    parser.add_argument("--llm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = measure_index(args.child[0], args.child[1], args.questions, args.llm, args.profile_to)
        print(json.dumps(result))
        return 0

    try:
        sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    except ValueError:
        print(f"error: --sizes takes comma-separated integers, not {args.sizes!r}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    work.mkdir(exist_ok=True)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    began = time.perf_counter()
    embedder = CachingEmbedder()
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    base: dict[str, Any] | None = None
    for size in sizes:
        elapsed = time.perf_counter() - began
        if rows and elapsed > args.budget_minutes * 60:
            skipped.append(f"{size}: the {args.budget_minutes:.0f}-minute budget was spent after {elapsed / 60:.1f} min")
            continue
        if size > args.max_embed and base is None:
            skipped.append(f"{size}: no embedded corpus to copy from (raise --max-embed)")
            continue
        print(f"[{elapsed / 60:5.1f} min] {size} chunks ...", flush=True)
        row = bench_size(size, work, embedder, args, base if size > args.max_embed else None)
        if size <= args.max_embed:
            base = {"corpus": row["corpus"], "data": row["data"], "chunks": row["chunks"], "size": size}
        row["corpus"] = str(row["corpus"])
        row["data"] = str(row["data"])
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
        (out / "partial.json").write_text(json.dumps(rows, indent=2, default=str))
    results = {
        "machine": machine(),
        "minutes": (time.perf_counter() - began) / 60,
        "rows": rows,
        "skipped": skipped,
        "goals": {
            "ingest_vs_model": ">= 0.8",
            "reingest_10k_s": "< 2",
            "answer_p50_ms_10k": "<= 50",
            "answer_p50_ms_100k": "<= 150",
            "llm_pre_request_ms_10k": "<= 30",
        },
    }
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    plot(rows, out / "results.png")
    print()
    print(table(rows))
    for line in skipped:
        print(f"skipped {line}")
    print(f"\nwrote {out / 'results.json'} and {out / 'results.png'} in {results['minutes']:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
