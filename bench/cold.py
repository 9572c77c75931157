"""Cold start: ``assistant ask`` in a new interpreter against a cold baseline query.

    python -m bench.cold [--corpus DIR] [--work DIR] [--runs 7] [--question Q]

Builds the product's index and the baseline's (:mod:`bench.baseline`) of ``--corpus``
once (kept in ``--work`` for the next run), writes the bytecode of the package as an
installed copy has it, then runs, in alternation so that both see the same load:

* ``python -m assistant.cli ask Q`` (the answer printed, the process ended);
* ``python -m bench.baseline --cold DATA Q`` (import ``langchain_chroma``, load the same
  model, open the store, search, print);
* ``python -c pass`` (the bare interpreter, for scale);
* ``python -m bench.cold --stages Q``: the same ``ask`` through :func:`assistant.cli.main`,
  with the time of each stage recorded (import of the command line, everything before
  ``warm_up()``, ``warm_up()`` itself, the first answer, printing, closing; the rest of the
  wall time is the interpreter's start and the process's end).

Prints medians of wall time and CPU time (user + system, every thread of the child) and the
load average before and after: on a shared machine wall time follows the load, CPU time
much less. No figure is asserted anywhere; this prints them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "evals" / "dev" / "pyfaq" / "docs"
DEFAULT_QUESTION = "How do I make a Python script executable on Unix?"

__all__ = ["main", "run_timed"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: Sequence[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """``(wall seconds, CPU seconds, stdout)`` of ``command`` in a new process; raises on failure."""
    began = time.perf_counter()
    child = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out, err = child.communicate()
    wall = time.perf_counter() - began
    # communicate() reaped the child; its rusage is what RUSAGE_CHILDREN grew by.
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:5])} exited {child.returncode}: {err.strip()[-800:]}")
    return wall, _children_cpu_delta(), out


_children_seen = 0.0


def _children_cpu_delta() -> float:
    global _children_seen
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    delta, _children_seen = total - _children_seen, total
    return delta


# -- the stage child ------------------------------------------------------------------------
def _stages(question: str) -> dict[str, Any]:
    """Run ``assistant ask`` through the command line's own code, timing its stages.

    Returns each stage's wall and CPU seconds (``stages``, in order), measured from when the
    interpreter reached this function."""
    began, cpu0 = time.perf_counter(), _cpu()
    marks: list[tuple[str, float, float]] = []  # (the stage that ends here, wall, CPU)

    def mark(stage: str) -> None:
        marks.append((stage, time.perf_counter() - began, _cpu() - cpu0))

    import assistant.cli as cli

    mark("import assistant.cli")
    from assistant import sdk

    def timed(owner: Any, name: str, gap: str, stage: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            mark(gap)
            try:
                return original(*args, **kwargs)
            finally:
                mark(stage)

        setattr(owner, name, wrapper)

    timed(sdk.Assistant, "warm_up", "parse, Settings, start loading, Assistant()", "warm_up()")
    timed(sdk.Assistant, "ask", "(between)", "first answer")
    timed(cli, "format_answer", "(between)", "format the answer")
    timed(sdk.Assistant, "close", "print", "close")
    code = cli.main(["ask", question])
    mark("(rest of main)")
    stages: list[dict[str, Any]] = []
    last_wall = last_cpu = 0.0
    for stage, wall, cpu in marks:
        if stage != "(between)":
            stages.append({"stage": stage, "wall": wall - last_wall, "cpu": cpu - last_cpu})
            last_wall, last_cpu = wall, cpu
    return {"code": code, "stages": stages, "main_wall": last_wall, "main_cpu": last_cpu}


# -- the parent -----------------------------------------------------------------------------
def _ensure_indexes(corpus: Path, work: Path, env: dict[str, str]) -> tuple[Path, Path]:
    data, base_data = work / "product", work / "baseline"
    if not (data / "chroma").exists():
        print(f"building the product's index of {corpus} ...", file=sys.stderr)
        run_timed([sys.executable, "-m", "assistant.cli", "ingest"], env)
    if not base_data.exists():
        print("building the baseline's index ...", file=sys.stderr)
        from assistant import Settings
        from assistant.index import MiniLMEmbeddings
        from bench import baseline

        chunk_size = Settings(corpus_dir=corpus, data_dir=data).chunk_size
        baseline.ingest(corpus, base_data, MiniLMEmbeddings(), chunk_size)
    return data, base_data


def _median_row(label: str, samples: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in samples]
    cpus = [c for _, c in samples]
    return (
        f"{label:34s} {statistics.median(walls):6.2f} s  {min(walls):6.2f} - {max(walls):5.2f}"
        f"   {statistics.median(cpus):6.2f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold", description="Cold ask against a cold baseline.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/assistant-bench-cold"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--question", default=DEFAULT_QUESTION)
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="TREE",
        help="also run `assistant ask` from this checkout (another commit), on the same index, taking turns",
    )
    parser.add_argument(
        "--first-answers",
        type=int,
        default=0,
        metavar="N",
        help="also time the first answer of a new process for each of the first N development questions",
    )
    parser.add_argument("--stages", metavar="QUESTION", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages:
        result = _stages(args.stages)
        print(json.dumps(result))
        sys.stdout.flush()
        os._exit(result["code"])  # as the command line ends after `ask`

    from bench.run import compile_bytecode

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    home = work / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "ASSISTANT_CORPUS_DIR": str(args.corpus.resolve()),
        "ASSISTANT_DATA_DIR": str(work / "product"),
        "PYTHONPATH": str(ROOT),
        "ANONYMIZED_TELEMETRY": "False",
    }
    _, base_data = _ensure_indexes(args.corpus.resolve(), work, env)
    compile_bytecode()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    load_before = os.getloadavg()
    commands = {
        "product: assistant ask": [sys.executable, "-m", "assistant.cli", "ask", args.question],
        "baseline: cold query": [
            sys.executable, "-m", "bench.baseline", "--cold", str(base_data), args.question
        ],
        "bare interpreter": [sys.executable, "-c", "pass"],
        "stages": [sys.executable, "-m", "bench.cold", "--stages", args.question],
    }
    envs = {name: env for name in commands}
    cwds = {name: ROOT for name in commands}
    if args.compare:
        other = args.compare.resolve()
        import compileall

        compileall.compile_dir(str(other / "assistant"), quiet=1)
        commands["compared: assistant ask"] = commands["product: assistant ask"]
        envs["compared: assistant ask"] = {**env, "PYTHONPATH": str(other)}
        cwds["compared: assistant ask"] = other  # `python -m` puts the working folder first on the path
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    stage_runs: list[dict[str, Any]] = []
    _children_cpu_delta()
    for _ in range(args.runs):
        for name, command in commands.items():
            wall, cpu, out = run_timed(command, envs[name], cwds[name])
            samples[name].append((wall, cpu))
            if name == "stages":
                stage_runs.append({**json.loads(out.strip().splitlines()[-1]), "wall": wall, "cpu": cpu})
    load_after = os.getloadavg()

    print(f"cold start, commit {commit}, corpus {args.corpus}, question {args.question!r}")
    print(f"{os.cpu_count()} CPUs; load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
          f"(5 min {load_after[1]:.2f}); {args.runs} runs each, taking turns")
    print(f"{'':34s} {'wall':>8s}  {'min - max':>13s}   {'CPU':>8s}")
    for name in ("product: assistant ask", "compared: assistant ask", "baseline: cold query", "bare interpreter"):
        if name in samples:
            print(_median_row(name, samples[name]))
    if args.compare:
        print(f"(compared: {args.compare})")
    product = statistics.median(w for w, _ in samples["product: assistant ask"])
    base = statistics.median(w for w, _ in samples["baseline: cold query"])
    print(f"{'ratio product / baseline (wall)':34s} {product / base:6.2f}")

    print("\nstages of `ask` (medians over the runs; wall, CPU):")
    names: list[str] = []
    for run in stage_runs:
        for row in run["stages"]:
            if row["stage"] not in names:
                names.append(row["stage"])
    for name in names:
        rows = [r for run in stage_runs for r in run["stages"] if r["stage"] == name]
        wall = statistics.median(r["wall"] for r in rows)
        cpu = statistics.median(r["cpu"] for r in rows)
        print(f"  {name:44s} {wall:6.3f} s {cpu:6.3f} s")
    rest = [run["wall"] - run["main_wall"] for run in stage_runs]
    print(f"  {'interpreter start and process end':44s} {statistics.median(rest):6.3f} s")
    print(f"  {'whole process':44s} {statistics.median(run['wall'] for run in stage_runs):6.3f} s "
          f"{statistics.median(run['cpu'] for run in stage_runs):6.3f} s")
    if args.first_answers:
        _first_answers(_questions(args.corpus, args.first_answers), env)
    return 0


def _questions(corpus: Path, limit: int) -> list[str]:
    """The first turns of the development cases of ``corpus`` (``evals/dev/NAME/docs``), or of
    every development corpus for another folder."""
    import yaml

    cases = corpus.resolve().parent / "cases.yaml"
    if cases.is_file():
        return [str(c["turns"][0]) for c in yaml.safe_load(cases.read_text())["cases"]][:limit]
    from bench.corpora import questions

    return questions(limit)


def _first_answers(asked: list[str], env: dict[str, str]) -> None:
    """The first answer after ``warm_up()`` of a new process, one question each."""
    print(f"\nfirst answer of a new process after warm_up(), {len(asked)} development questions:")
    rows = []
    for question in asked:
        _, _, out = run_timed([sys.executable, "-m", "bench.cold", "--stages", question], env)
        [stage] = [r for r in json.loads(out.strip().splitlines()[-1])["stages"] if r["stage"] == "first answer"]
        rows.append((stage["wall"], stage["cpu"], question))
        print(f"  {stage['wall']:6.3f} s {stage['cpu']:6.3f} s CPU  {question[:70]}")
    walls = sorted(w for w, _, _ in rows)
    print(
        f"  median {statistics.median(walls):.3f} s, max {walls[-1]:.3f} s; "
        f"{sum(w <= 0.2 for w in walls)} of {len(walls)} at most 0.2 s; load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
