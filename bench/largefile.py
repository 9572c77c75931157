"""One large file: how fast the product ingests a single long .txt, and at what peak memory.

    python -m bench.largefile --chars 5000000 [--out bench/out] [--raw-sample 1000]

The file is distinct real text: the plain text of Debian's documentation (the files
:func:`bench.corpora.sources` lists, read by the product's own loader), taken in that fixed
order, each page once, until ``--chars`` characters. A fresh child process ingests it into
a fresh embedded index with the bundled embedding model (the ``assistant ingest`` path:
loading, chunking, embedding, the index writes, the keyword index at the end) and reports
its seconds and its peak resident memory; then the raw model, fresh, embeds the same
file's chunk texts (an even sample of ``--raw-sample`` of them), the textbook way of
embedding a document, for comparison. Prints characters and chunks a second for both, side
by side, and writes ``largefile.json`` into ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ingest_child", "large_text", "main", "run"]

_LAUNCH = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out = child.stdout.read(); err = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "out": out.decode(errors="replace"),
                  "err": err.decode(errors="replace")[-3000:], "peak_mb": usage.ru_maxrss / 1024}))
"""


def large_text(path: Path, chars: int) -> dict[str, Any]:
    """Write about ``chars`` characters of distinct documentation text to ``path`` (one .txt,
    pages separated by blank lines); returns ``chars`` and ``pages`` written."""
    from assistant import documents as loaders
    from assistant.errors import LoaderError
    from bench.corpora import sources

    scratch = path.parent / ".pages"
    scratch.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    written = pages = 0
    try:
        with path.open("w", encoding="utf-8") as out:
            for name, raw in sources():
                if written >= chars:
                    break
                page = scratch / Path(name).name
                page.write_bytes(raw)
                try:
                    text = loaders.load(page, corpus_dir=scratch).text.strip()
                except LoaderError:
                    continue
                finally:
                    page.unlink(missing_ok=True)
                digest = hashlib.sha256(text.encode()).hexdigest()
                if digest in seen or not text:
                    continue  # Debian ships some manuals twice
                seen.add(digest)
                text = text[: chars - written]
                out.write(text + "\n\n")
                written += len(text) + 2
                pages += 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"chars": written, "pages": pages}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def ingest_child(corpus: str, data: str) -> dict[str, Any]:
    """In the child: ingest ``corpus`` into ``data`` as ``assistant ingest`` would.

    Besides the whole run's peak, the peak by stage: after the first batch is written (the
    file loaded and decoded, the model loaded, one batch cut, embedded and written), when the
    last batch is written (every chunk and sentence vector stored), and at the end (the
    keyword index and the vocabulary's word vectors added); and the resident memory after
    each batch, to see whether what stays grows with the part of the file done."""
    from assistant import Assistant, Settings

    settings = Settings(corpus_dir=Path(corpus), data_dir=Path(data))
    batches: list[tuple[int, float, float]] = []  # (chunks done, resident MB, peak MB so far)

    def progress(done: int, total: int, source: str) -> None:
        batches.append((done, _rss_mb(), _peak_mb()))

    began = time.perf_counter()
    with Assistant(settings) as assistant:
        report = assistant.ingest(progress=progress)
    return {
        "seconds": time.perf_counter() - began,
        "chunks": report.chunks_embedded,
        "added": list(report.added),
        "peak_mb": _peak_mb(),
        "peak_first_batch_mb": batches[0][2] if batches else None,
        "peak_written_mb": batches[-1][2] if batches else None,
        "rss_after_batches_mb": [round(rss) for _, rss, _ in batches],
    }


def _raw_model(text_file: Path, sample: int) -> dict[str, Any]:
    """The raw model on an even sample of the file's chunk texts (as the product cuts them)."""
    from assistant import Settings
    from assistant.documents import chunk_document, load
    from assistant.index import MiniLMEmbeddings

    settings = Settings()
    document = load(text_file, corpus_dir=text_file.parent)
    chunks = chunk_document(document, size=settings.chunk_size, overlap=settings.chunk_overlap)
    step = max(1, len(chunks) // max(1, sample))
    texts = [c.text for c in chunks[::step][:sample]]
    model = MiniLMEmbeddings(batch_size=settings.embedding_batch_size)
    model.embed_array(["warm up"])  # loading the model is not embedding
    began = time.perf_counter()
    model.embed_array(texts)
    seconds = time.perf_counter() - began
    chars = sum(len(t) for t in texts)
    return {
        "chunks_total": len(chunks),
        "sample": len(texts),
        "seconds": seconds,
        "chunks_per_s": len(texts) / seconds,
        "chars_per_s": chars / seconds,
    }


def run(chars: int, work: Path, *, raw_sample: int = 1000) -> dict[str, Any]:
    """Build the file, ingest it in a child, run the raw model; returns every figure."""
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    text_file = corpus / "large.txt"
    built = large_text(text_file, chars)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.setdefault("ANONYMIZED_TELEMETRY", "False")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    # Started from a small launcher that reads the peak from wait4(): a process's own peak
    # counts its parent's at the time it was started (Linux keeps it across exec).
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, sys.executable, "-m", "bench.largefile", "--child", str(corpus), str(work / "data")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    launched = json.loads(done.stdout) if done.returncode == 0 else {"code": done.returncode, "err": done.stderr}
    if launched["code"] != 0:
        raise RuntimeError(f"the ingest child failed:\n{str(launched['err'])[-3000:]}")
    ingest = json.loads(str(launched["out"]).strip().splitlines()[-1])
    ingest["peak_mb"] = launched["peak_mb"]
    ingest["chars_per_s"] = built["chars"] / ingest["seconds"]
    ingest["chunks_per_s"] = ingest["chunks"] / ingest["seconds"]
    raw = _raw_model(text_file, raw_sample)
    return {
        "file": {**built, "bytes": text_file.stat().st_size},
        "ingest": ingest,
        "raw_model": raw,
        "load_average": os.getloadavg(),
        "nproc": os.cpu_count(),
    }


def _spread(values: Sequence[float]) -> str:
    """``first .. last MB (min .. max)`` of a series."""
    if not values:
        return "(no batches)"
    return f"{values[0]:.0f} .. {values[-1]:.0f} MB (min {min(values):.0f}, max {max(values):.0f})"


def table(result: dict[str, Any]) -> str:
    """The figures as a small Markdown table."""
    f, i, r = result["file"], result["ingest"], result["raw_model"]
    return "\n".join(
        [
            f"one file: {f['chars']:,} characters ({f['bytes'] / 1e6:.1f} MB, {f['pages']} documentation pages), "
            f"{i['chunks']:,} chunks",
            "",
            "| | seconds | characters/s | chunks/s | peak RSS |",
            "|---|---:|---:|---:|---:|",
            f"| product ingest (load, chunk, embed sentences, write, keyword index) | {i['seconds']:.1f} "
            f"| {i['chars_per_s']:,.0f} | {i['chunks_per_s']:.1f} | {i['peak_mb']:.0f} MB |",
            f"| raw model on the chunk texts ({r['sample']:,} of {r['chunks_total']:,}) | {r['seconds']:.1f} "
            f"| {r['chars_per_s']:,.0f} | {r['chunks_per_s']:.1f} | |",
            "",
            f"peak RSS by stage: first batch written {i['peak_first_batch_mb']:.0f} MB, last batch written "
            f"{i['peak_written_mb']:.0f} MB, with the keyword index and vocabulary {i['peak_mb']:.0f} MB; "
            f"resident after each batch {_spread(i['rss_after_batches_mb'])}",
            "",
            f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in result['load_average'])} "
            f"on {result['nproc']} cores",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.largefile", description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5_000_000, help="characters in the file")
    parser.add_argument("--out", default="bench/out", help="folder for largefile.json (and a scratch folder)")
    parser.add_argument("--raw-sample", type=int, default=1000, help="chunk texts the raw model embeds")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(ingest_child(*args.child)))
        return 0
    if args.chars <= 0:
        print("error: --chars must be positive", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result = run(args.chars, out / "largefile-work", raw_sample=args.raw_sample)
    (out / "largefile.json").write_text(json.dumps(result, indent=2))
    print(table(result))
    print(f"\nwrote {out / 'largefile.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
