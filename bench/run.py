"""Benchmarks of the product as a user runs it, each figure beside the textbook baseline.

    python -m bench.run [--sizes 1000,10000,100000] [--out bench/out] [--budget-minutes 90] [--resume]

For each size (in chunks) a corpus of distinct real text is built from Debian's
documentation (:mod:`bench.corpora`), then, in this order:

* the raw embedding model's throughput on a sample of the chunk texts (a fresh model);
* the product's ingest with a fresh embedder (no cache across the run: every text the
  product embeds reaches the model; the product itself embeds each distinct sentence
  of a batch once, a feature, and the row says how many sentences that spared);
* the model alone on the texts that ingest embedded, replayed in the same calls on a fresh
  model (its sentences, section trails and vocabulary words are other work than the chunk
  texts of the first row: the ingest's ratio against this replay is its own overhead);
* re-ingest of the unchanged corpus by a fresh :class:`~assistant.Assistant`;
* the baseline's ingest (:mod:`bench.baseline`: LangChain's text splitter and
  ``langchain_chroma`` over the same MiniLM class, same chunk size);
* latency and memory in a fresh child process per system: retrieval p50/p95 for both,
  full offline answer p50/p95 and embedding-model calls per answer, the time to open the
  index (``warm_up``, as front doors do) and the first answer after it, resident memory
  after the questions; in LLM mode, the time from ``ask()`` to the request reaching a
  local stub endpoint;
* a cold ``assistant ask`` (a new interpreter, answer printed) against a cold baseline
  query, median of five, with the package's bytecode written first, as an installed copy has it.

Every phase done is saved in ``--out``/state.json; ``--resume`` goes on with a stopped run
from there (see :class:`Phases`): a run at 100k takes longer than a working session here.

Then recall@5 on the development corpora (``evals/dev/*``), product against baseline
at equal chunk size. Sizes that would not fit the time budget are skipped and
reported. Prints a table and writes ``results.json`` and ``results.png`` into ``--out``.
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
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np

from bench import baseline
from bench.corpora import build_corpus, questions, recall_cases

ROOT = Path(__file__).resolve().parent.parent
K = 5


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
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "assistant"], cwd=ROOT, capture_output=True, text=True)
    name = commit.stdout.strip()
    if commit.returncode != 0:
        # Outside a checkout (a `git archive` export, as the reported runs use), git has written
        # the commit into bench/COMMIT (export-subst in .gitattributes).
        stamped = (ROOT / "bench" / "COMMIT").read_text(encoding="utf-8").strip()
        name = "" if stamped.startswith("$Format") else f"{stamped} (export)"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "commit": name + (" (assistant/ modified)" if dirty.stdout.strip() else ""),
        "load_average_at_start": os.getloadavg(),
    }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


# -- an embedder that only counts ------------------------------------------------------
class CountingEmbedder:
    """A fresh :class:`MiniLMEmbeddings` that counts the texts reaching the model and the time
    spent there, and keeps each call's texts (replayed afterwards on a fresh model)."""

    def __init__(self) -> None:
        from assistant.index import MiniLMEmbeddings

        self.inner = MiniLMEmbeddings()
        self.model_id = self.inner.model_id
        self.dimensions = self.inner.dimensions
        self.batch_size = self.inner.batch_size
        self.model_seconds = 0.0
        self.model_texts = 0
        self.model_calls = 0
        self.calls: list[list[str]] = []

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        began = time.perf_counter()
        out = self.inner.embed_array(texts)
        self.model_seconds += time.perf_counter() - began
        self.model_texts += len(texts)
        self.model_calls += 1
        self.calls.append(list(texts))
        return out

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_texts(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()


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
    embedder = CountingEmbedder()
    embedder.embed_array(["warm up the model"])
    model_rss = rss_mb()
    asked = questions(n_questions)
    out: dict[str, Any] = {"rss_start_mb": base_rss, "rss_model_mb": model_rss}
    began = time.perf_counter()
    settings = Settings(corpus_dir=Path(corpus), data_dir=Path(data))
    with Assistant(settings, embedder=embedder) as assistant:  # type: ignore[arg-type]
        # What a front door does before its first question (`assistant ask` loads the model
        # meanwhile; here it is loaded already): open the index and its keyword index.
        assistant.warm_up()
        out["open_index_s"] = time.perf_counter() - began
        calls = embedder.model_calls
        began = time.perf_counter()
        assistant.ask(asked[0])
        out["first_answer_s"] = time.perf_counter() - began
        out["first_answer_model_calls"] = embedder.model_calls - calls
        out["first_answer_with_open_s"] = out["open_index_s"] + out["first_answer_s"]
        for q in asked[:3]:
            assistant.ask(q)
        retrieval = []
        for q in asked:
            t = time.perf_counter()
            assistant.retrieve(q, k=K)
            retrieval.append((time.perf_counter() - t) * 1000)
        answer = []
        # CPU time of the process (the model's threads included): on a loaded machine wall
        # time waits for the CPU, this does not, so it is the steadier figure to compare.
        answer_cpu = []
        grounded = 0
        per_question: list[int] = []
        texts_per_question: list[int] = []
        model_ms: list[float] = []
        for q in asked:
            calls = embedder.model_calls
            texts = embedder.model_texts
            in_model = embedder.model_seconds
            t = time.perf_counter()
            c = time.process_time()
            a = assistant.ask(q)
            answer.append((time.perf_counter() - t) * 1000)
            answer_cpu.append((time.process_time() - c) * 1000)
            per_question.append(embedder.model_calls - calls)
            texts_per_question.append(embedder.model_texts - texts)
            model_ms.append((embedder.model_seconds - in_model) * 1000)
            grounded += a.grounded
        out.update(
            retrieval_p50_ms=percentile(retrieval, 50),
            retrieval_p95_ms=percentile(retrieval, 95),
            answer_p50_ms=percentile(answer, 50),
            answer_p95_ms=percentile(answer, 95),
            answer_cpu_p50_ms=percentile(answer_cpu, 50),
            answer_cpu_p95_ms=percentile(answer_cpu, 95),
            # Wall time inside the embedding model a question (its vector, then the deep pass's
            # clause windows): what is left of an answer without it is the rest of the pipeline.
            answer_model_p50_ms=percentile(model_ms, 50),
            answer_model_p95_ms=percentile(model_ms, 95),
            grounded_share=grounded / len(asked),
            # Embedding-model calls per answer (retrieval's question vector included).
            answer_model_calls_mean=float(np.mean(per_question)),
            answer_model_calls_max=max(per_question),
            # Texts those calls embedded (the question, its words the vocabulary lacks, and the
            # clause windows and headings not yet remembered): what the model's time scales with.
            answer_model_texts_mean=float(np.mean(texts_per_question)),
            questions=len(asked),
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


def _child(command: list[str]) -> dict[str, Any]:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-1500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(corpus: Path, data: Path, n_questions: int, llm: bool, profile_to: Path | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.run", "--child", str(corpus), str(data), "--questions", str(n_questions)]
    if llm:
        command.append("--llm")
    if profile_to:
        command += ["--profile-to", str(profile_to)]
    return _child(command)


def compile_bytecode() -> None:
    """Write the bytecode of the package (and of ``bench``, for the baseline's cold query) as
    ``pip install`` does. Without it a cold run under ``PYTHONDONTWRITEBYTECODE`` (set on some
    shared machines, and in this one's sessions) compiles every module from source each time:
    about 1 s of CPU for ``assistant``, which no installed copy pays."""
    import compileall

    for folder in ("assistant", "bench"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)


def cold_seconds(command: list[str], env: dict[str, str], runs: int = 5) -> float:
    """Median wall time of ``command`` in a new interpreter (output discarded)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - began)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[:4])} failed: {done.stderr.strip()[-500:]}")
    return statistics.median(times)


# -- one size ---------------------------------------------------------------------------
def _read_calls(path: Path) -> Iterator[list[str]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def replay_calls(calls_file: Path, ingest_wall: float, limit: int) -> dict[str, Any]:
    """The model alone on the texts the product's ingest embedded, in the same calls.

    The raw row above embeds chunk texts (what the baseline embeds); the product embeds each
    chunk's distinct sentences, their clause windows and its section trail, then the
    vocabulary's new words, in other calls of other lengths. The ingest wrote its calls to
    ``calls_file`` (one JSON list of texts a line); replaying evenly spaced ones (up to
    ``limit`` texts) on a fresh model gives the embedder's own throughput on the same work;
    ``ingest_vs_model_same_texts`` is the ingest's (wall time, vocabulary included) against it.
    """
    from assistant.index import MiniLMEmbeddings

    total = calls = 0
    for call in _read_calls(calls_file):
        total += len(call)
        calls += 1
    if not total:
        return {}
    step = max(1, math.ceil(total / max(1, limit)))
    sample = [call for i, call in enumerate(_read_calls(calls_file)) if i % step == 0]
    model = MiniLMEmbeddings()
    model.embed_array(["warm up"])
    began, cpu = time.perf_counter(), time.process_time()
    for call in sample:
        model.embed_array(call)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    texts = sum(len(c) for c in sample)
    model_rate = texts / seconds
    product_rate = total / ingest_wall
    return {
        "replay_texts": texts,
        "replay_calls": len(sample),
        "replay_s": seconds,
        "replay_cpu_s": cpu,
        "model_same_texts_per_s": model_rate,
        "ingest_texts_per_s": product_rate,
        "ingest_vs_model_same_texts": product_rate / model_rate,
    }


class Phases:
    """The phases of one size done so far, kept in the row, which the run saves after each.

    A run stopped part way (``--resume``) goes on from the first phase not done. The
    product's and the baseline's ingests also resume within themselves: the product's by
    document (what it does for any user whose ingest is interrupted), the baseline's after
    the last batch it wrote. Their seconds are the sum of the timed parts, each part timed
    up to its last progress report (about every 10 s), so an interruption can misstate a
    total by about that much either way: work that was in flight is done again and timed
    again, and the time since the last report is lost.
    """

    def __init__(self, row: dict[str, Any], save: Callable[[], None]) -> None:
        self.row = row
        self.save = save
        row.setdefault("phases", [])

    def todo(self, name: str) -> bool:
        return name not in self.row["phases"]

    def done(self, name: str) -> None:
        self.row["phases"].append(name)
        self.save()


def _ingest_product(size: int, work: Path, row: dict[str, Any], phases: Phases) -> None:
    """The product's ingest with a fresh embedder, in as many timed parts as it took."""
    from assistant import Assistant, Settings

    corpus, data = work / f"corpus-{size}", work / f"data-{size}"
    calls_file = work / f"ingest-calls-{size}.jsonl"
    parts: list[dict[str, Any]] = row.setdefault("ingest_parts", [])
    if not parts:
        shutil.rmtree(data, ignore_errors=True)
        calls_file.unlink(missing_ok=True)
    settings = Settings(corpus_dir=corpus, data_dir=data)
    embedder = CountingEmbedder()
    # The model loads before the clock starts, as the raw rows' models do (a user's ingest pays
    # it once as well: it is reported on its own).
    began = time.perf_counter()
    embedder.inner.embed_array(["warm up"])
    part: dict[str, Any] = {
        "began": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "load_average_at_start": os.getloadavg(),
        "model_load_s": time.perf_counter() - began,
        "seconds": 0.0,
    }
    parts.append(part)

    def record(clock: float) -> None:
        part.update(
            seconds=time.perf_counter() - clock,
            model_seconds=embedder.model_seconds,
            model_texts=embedder.model_texts,
            model_calls=embedder.model_calls,
            load_average=os.getloadavg(),
        )
        with open(calls_file, "a", encoding="utf-8") as handle:
            for call in embedder.calls:
                handle.write(json.dumps(call) + "\n")
        embedder.calls = []
        phases.save()

    with Assistant(settings, embedder=embedder) as assistant:  # type: ignore[arg-type]
        clock = time.perf_counter()
        report = assistant.ingest(progress=lambda done, total, source: record(clock))
        # Wall time of the whole call: the report's own figure leaves out the keyword index and
        # the vocabulary's word vectors, built once the documents are written.
        record(clock)
        part["report_s"] = report.seconds
        part["chunks_embedded"] = report.chunks_embedded
        chunks = assistant.status()["chunks"]
    row["model_load_s"] = parts[0]["model_load_s"]
    row["ingest_parts_count"] = len(parts)
    row["chunks"] = chunks
    row["ingest_s"] = sum(p["seconds"] for p in parts)
    row["ingest_chunks_per_s"] = chunks / row["ingest_s"]
    row["ingest_model_s"] = sum(p.get("model_seconds", 0.0) for p in parts)
    row["ingest_texts_embedded"] = sum(p.get("model_texts", 0) for p in parts)
    row["ingest_non_model_s"] = row["ingest_s"] - row["ingest_model_s"]
    row["ingest_vs_model"] = row["ingest_chunks_per_s"] / row["raw_model_chunks_per_s"]
    row["vocabulary_words"] = _vocabulary_size(data, settings.collection)
    row["disk_mb"] = sum(f.stat().st_size for f in data.rglob("*") if f.is_file()) / 1e6


def bench_size(size: int, work: Path, args: argparse.Namespace, row: dict[str, Any], save: Callable[[], None]) -> None:
    """Fill ``row`` with one size's figures, phase by phase (see :class:`Phases`)."""
    from assistant import Assistant, Settings
    from assistant.index import MiniLMEmbeddings

    phases = Phases(row, save)
    corpus = work / f"corpus-{size}"
    data = work / f"data-{size}"
    base_data = work / f"baseline-{size}"
    settings = Settings(corpus_dir=corpus, data_dir=data)

    if phases.todo("corpus"):
        built = build_corpus(corpus, size, settings)
        texts = built.pop("chunk_texts")
        row.update(built)
        # The raw model on the same chunk texts, measured now, with a fresh model session.
        sample = texts[: args.raw_sample]
        raw = MiniLMEmbeddings()
        raw.embed_array(["warm up"])
        began = time.perf_counter()
        raw.embed_array(sample)
        row["raw_model_chunks_per_s"] = len(sample) / (time.perf_counter() - began)
        row["raw_sample"] = len(sample)
        del raw
        phases.done("corpus")

    if phases.todo("ingest"):
        _ingest_product(size, work, row, phases)
        phases.done("ingest")

    if phases.todo("replay"):
        row.update(replay_calls(work / f"ingest-calls-{size}.jsonl", row["ingest_s"], args.replay_texts))
        phases.done("replay")

    if phases.todo("reingest"):
        with Assistant(settings, embedder=CountingEmbedder()) as fresh:  # type: ignore[arg-type]
            began = time.perf_counter()
            again = fresh.ingest()
            row["reingest_s"] = time.perf_counter() - began
            row["reingest_embedded"] = again.chunks_embedded
        phases.done("reingest")

    if phases.todo("baseline_ingest"):
        resume = row.get("baseline_ingest_progress")
        if resume is None:
            shutil.rmtree(base_data, ignore_errors=True)
        row["baseline_ingest_parts"] = row.get("baseline_ingest_parts", 0) + 1

        def baseline_progress(state: dict[str, Any]) -> None:
            row["baseline_ingest_progress"] = state
            save()

        base = baseline.ingest(
            corpus, base_data, MiniLMEmbeddings(), settings.chunk_size, resume=resume, progress=baseline_progress
        )
        row["baseline_chunks"] = base["chunks"]
        row["baseline_ingest_s"] = base["seconds"]
        row["baseline_chunks_per_s"] = base["chunks"] / base["seconds"]
        row["baseline_disk_mb"] = sum(f.stat().st_size for f in base_data.rglob("*") if f.is_file()) / 1e6
        phases.done("baseline_ingest")

    if phases.todo("measure"):
        profile = Path(args.out) / f"profile-answer-{size}.txt"
        row.update(run_child(corpus, data, args.questions, llm=True, profile_to=profile))
        measured = _child(
            [sys.executable, "-m", "bench.baseline", "--child", str(base_data), "--questions", str(args.questions)]
        )
        row.update({f"baseline_{k}": v for k, v in measured.items()})
        phases.done("measure")

    if phases.todo("cold"):
        env = {
            **os.environ,
            "ASSISTANT_CORPUS_DIR": str(corpus),
            "ASSISTANT_DATA_DIR": str(data),
            "PYTHONPATH": str(ROOT),
        }
        question = questions(1)[0]
        compile_bytecode()
        try:
            row["cold_ask_s"] = cold_seconds([sys.executable, "-m", "assistant.cli", "ask", question], env)
            row["baseline_cold_query_s"] = cold_seconds(
                [sys.executable, "-m", "bench.baseline", "--cold", str(base_data), question], env
            )
        except RuntimeError as exc:
            row["cold_error"] = str(exc)
        phases.done("cold")

    for key in ("ingest_s", "retrieval_p50_ms", "retrieval_p95_ms", "rss_loaded_mb", "disk_mb"):
        if key in row and f"baseline_{key}" in row:
            row[f"ratio_{key}"] = row[key] / row[f"baseline_{key}"]
    if "cold_ask_s" in row:
        row["ratio_cold"] = row["cold_ask_s"] / row["baseline_cold_query_s"]
    row["load_average_after"] = os.getloadavg()
    row["load_1min_after"] = row["load_average_after"][0]
    phases.done("complete")


def _vocabulary_size(data: Path, collection: str) -> int | None:
    try:
        return len(json.loads((data / "bm25" / f"{collection}-words" / "vocab.json").read_text())["words"])
    except (OSError, ValueError, KeyError):
        return None


# -- retrieval quality against the baseline --------------------------------------------
def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _hit(golds: Sequence[str], texts: Sequence[str]) -> bool:
    """A retrieved text holds a gold quote (or its first or last 80 characters, when the quote spans chunks)."""
    chunks = [_norm(t) for t in texts]
    for gold in (_norm(g) for g in golds):
        probes = {gold, gold[:80], gold[-80:]}
        if any(p in c for c in chunks for p in probes):
            return True
    return False


def dev_recall(work: Path) -> dict[str, Any]:
    """Recall@5 of the product and the baseline on each development corpus, answerable single-turn cases."""
    from assistant import Assistant, Settings
    from assistant.index import MiniLMEmbeddings

    embedder = MiniLMEmbeddings()
    out: dict[str, Any] = {}
    for name, docs, cases in recall_cases():
        data = work / f"recall-{name}"
        shutil.rmtree(data, ignore_errors=True)
        settings = Settings(corpus_dir=docs, data_dir=data / "product")
        baseline.ingest(docs, data / "baseline", embedder, settings.chunk_size)
        store = baseline._store(data / "baseline", embedder)
        product_hits, baseline_hits = [], []
        with Assistant(settings, embedder=embedder) as assistant:
            assistant.ingest()
            for case in cases:
                question = case["turns"][0]
                passages = assistant.retrieve(question, k=K)
                product_hits.append(_hit(case["gold_quotes"], [p.chunk.text for p in passages]))
                baseline_hits.append(_hit(case["gold_quotes"], [t for _, t in baseline.retrieve(store, question, K)]))
        out[name] = {
            "cases": len(cases),
            "product_r5": baseline.recall_at_k(product_hits),
            "baseline_r5": baseline.recall_at_k(baseline_hits),
        }
        out[name]["ratio"] = out[name]["product_r5"] / out[name]["baseline_r5"]
        for split in ("fit", "test"):
            rows = [i for i, case in enumerate(cases) if case.get("split", "fit") == split]
            out[name][split] = {
                "cases": len(rows),
                "product_r5": baseline.recall_at_k([product_hits[i] for i in rows]),
                "baseline_r5": baseline.recall_at_k([baseline_hits[i] for i in rows]),
            }
    return out


# -- report -------------------------------------------------------------------------------
COLUMNS = [
    ("chunks", "chunks", "{:.0f}"),
    ("ingest_s", "ingest s", "{:.1f}"),
    ("baseline_ingest_s", "LC ingest s", "{:.1f}"),
    ("ratio_ingest_s", "ingest xLC", "{:.2f}"),
    ("ingest_vs_model", "vs chunks", "{:.2f}"),
    ("ingest_vs_model_same_texts", "vs model", "{:.2f}"),
    ("reingest_s", "reingest s", "{:.2f}"),
    ("retrieval_p50_ms", "retr p50", "{:.1f}"),
    ("baseline_retrieval_p50_ms", "LC retr p50", "{:.1f}"),
    ("ratio_retrieval_p50_ms", "retr xLC", "{:.2f}"),
    ("answer_p50_ms", "ans p50", "{:.1f}"),
    ("answer_p95_ms", "ans p95", "{:.1f}"),
    ("answer_cpu_p50_ms", "ans CPU p50", "{:.1f}"),
    ("answer_cpu_p95_ms", "ans CPU p95", "{:.1f}"),
    ("answer_model_p50_ms", "in model p50", "{:.1f}"),
    ("answer_model_calls_mean", "model calls", "{:.2f}"),
    ("answer_model_texts_mean", "model texts", "{:.1f}"),
    ("open_index_s", "open s", "{:.2f}"),
    ("first_answer_s", "1st ans s", "{:.2f}"),
    ("rss_loaded_mb", "RSS MB", "{:.0f}"),
    ("baseline_rss_loaded_mb", "LC RSS MB", "{:.0f}"),
    ("ratio_rss_loaded_mb", "RSS xLC", "{:.2f}"),
    ("cold_ask_s", "cold ask s", "{:.2f}"),
    ("baseline_cold_query_s", "LC cold s", "{:.2f}"),
    ("ratio_cold", "cold xLC", "{:.2f}"),
    ("load_1min_after", "load", "{:.1f}"),
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

    # By size: a run in parts keeps its rows in the order their phases began.
    measured = sorted((r for r in rows if "answer_p50_ms" in r), key=lambda r: r["size"])
    if not measured:
        return
    fig, (left, mid, right) = plt.subplots(1, 3, figsize=(15, 4))
    sizes = [r["chunks"] for r in measured]
    for key, label in (
        ("retrieval_p50_ms", "retrieval p50"),
        ("baseline_retrieval_p50_ms", "LangChain+Chroma retrieval p50"),
        ("answer_p50_ms", "answer p50"),
        ("answer_p95_ms", "answer p95"),
    ):
        left.plot(sizes, [r.get(key, float("nan")) for r in measured], marker="o", label=label)
    left.set_xscale("log")
    left.set_xlabel("chunks in the index")
    left.set_ylabel("ms")
    left.set_title("Latency")
    left.legend(fontsize=8)
    for key, label in (("rss_loaded_mb", "product"), ("baseline_rss_loaded_mb", "LangChain+Chroma")):
        mid.plot(sizes, [r.get(key, float("nan")) for r in measured], marker="o", label=label)
    mid.set_xscale("log")
    mid.set_xlabel("chunks in the index")
    mid.set_ylabel("MB resident after the questions")
    mid.set_title("Memory")
    mid.legend(fontsize=8)
    x = np.arange(len(measured))
    right.bar(x - 0.27, [r["ingest_chunks_per_s"] for r in measured], width=0.27, label="product ingest")
    right.bar(x, [r.get("baseline_chunks_per_s", 0) for r in measured], width=0.27, label="LangChain+Chroma ingest")
    right.bar(x + 0.27, [r["raw_model_chunks_per_s"] for r in measured], width=0.27, label="model alone")
    right.set_xticks(x, [str(r["chunks"]) for r in measured])
    right.set_xlabel("chunks ingested")
    right.set_ylabel("chunks / s")
    right.set_title("Ingest throughput")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


GOALS = {
    "ingest_vs_model_same_texts": ">= 0.85 (real embedder, on the texts the product embeds)",
    "rss_loaded_mb_100k": "<= 600",
    "answer_p50_ms_10k": "<= 20",
    "first_answer_s": "<= 0.2 after the model loads (and the index opens: warm_up, as front doors do)",
    "cold_ask_s": "<= 1.0",
    "dev_recall_ratio": ">= 1.05",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="index sizes in chunks, comma-separated")
    parser.add_argument("--out", default="bench/out", help="folder for results.json, results.png and profiles")
    parser.add_argument("--questions", type=int, default=60, help="questions per latency measurement")
    parser.add_argument("--raw-sample", type=int, default=2000, help="chunk texts the raw model embeds")
    parser.add_argument(
        "--replay-texts", type=int, default=20000, help="texts of the ingest's own model calls replayed on a fresh model"
    )
    parser.add_argument("--budget-minutes", type=float, default=90.0, help="skip sizes once this is spent")
    parser.add_argument("--no-recall", action="store_true", help="skip recall@5 on the development corpora")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="go on with the run in --out from where it stopped (same code): phases done are kept, "
        "and an interrupted ingest resumes",
    )
    parser.add_argument("--large-file", type=int, metavar="CHARS", help="also ingest one file of CHARS characters")
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
    state_file = out / "state.json"

    began = time.perf_counter()
    here = machine()
    part = {"began": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "load_average_at_start": here["load_average_at_start"]}
    if args.resume and state_file.exists():
        results = json.loads(state_file.read_text())
        if results["machine"]["commit"] != here["commit"]:
            print(
                f"error: {state_file} is a run of {results['machine']['commit'] or 'an unknown commit'}, this is "
                f"{here['commit'] or 'an unknown commit'}: resume it from the same code, or start a new run "
                "without --resume",
                file=sys.stderr,
            )
            return 2
        results["sizes"] = sorted(set(results.get("sizes", [])) | set(sizes))
        print(f"resuming the run begun {results['parts'][0]['began']} ({len(results['parts'])} part(s) so far)", flush=True)
    else:
        results = {"machine": here, "goals": GOALS, "rows": [], "skipped": [], "parts": [], "sizes": sizes}
    results["parts"].append(part)

    def save() -> None:
        part["minutes"] = (time.perf_counter() - began) / 60
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(results, indent=2, default=str))
        os.replace(tmp, state_file)

    save()
    if not args.no_recall and "dev_recall" not in results:
        print("recall@5 on the development corpora ...", flush=True)
        results["dev_recall"] = dev_recall(work)
        print(json.dumps(results["dev_recall"], indent=1), flush=True)
        save()
    rows: list[dict[str, Any]] = results["rows"]
    for size in sizes:
        row = next((r for r in rows if r["size"] == size), None)
        if row is not None and "complete" in row.get("phases", []):
            continue
        elapsed = time.perf_counter() - began
        if row is None and rows and elapsed > args.budget_minutes * 60:
            results["skipped"].append(
                f"{size}: the {args.budget_minutes:.0f}-minute budget was spent after {elapsed / 60:.1f} min"
            )
            continue
        if row is None:
            row = {"size": size}
            rows.append(row)
        print(f"[{elapsed / 60:5.1f} min] {size} chunks ...", flush=True)
        bench_size(size, work, args, row, save)
        print(table([row]).splitlines()[-1], flush=True)
    if args.large_file:
        from bench import largefile

        print(f"one large file of {args.large_file:,} characters ...", flush=True)
        results["large_file"] = largefile.run(args.large_file, work / "largefile", raw_sample=args.raw_sample)
        print(largefile.table(results["large_file"]), flush=True)
    save()
    results["minutes"] = sum(p.get("minutes", 0.0) for p in results["parts"])
    results["machine"]["load_average_at_end"] = os.getloadavg()
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    plot(rows, out / "results.png")
    print()
    print(table(sorted(rows, key=lambda r: r["size"])))
    for line in results["skipped"]:
        print(f"skipped {line}")
    print(f"\nwrote {out / 'results.json'} and {out / 'results.png'} in {results['minutes']:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
