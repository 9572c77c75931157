"""``assistant eval``: run a dataset, write report.md, report.json and charts.

``add_parser(subparsers)`` registers the sub-command; ``run(args)`` executes it and
returns the exit code (0 done, 1 runtime error, 2 usage error), printing any error
as one line on stderr. ``python -m assistant.evals.command`` runs it stand-alone.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant import Assistant, AssistantError, Settings
from assistant.errors import UsageError

from .checker import evaluate_checkers, load_labelled
from .judge import OfflineJudge, build_judge, judge_accuracy, load_pairs
from .report import compare, load_report, write_report
from .runner import RETRIEVAL_MODES, load_dataset, run_eval

__all__ = ["add_parser", "main", "run"]

DEFAULT_DATASET = Path("evals/study.yaml")
DEFAULT_OUT = Path(".assistant/evals/latest")
DEFAULT_PAIRS = Path("evals/checker_pairs.jsonl")
DEFAULT_CHECKER_LLM = Path("evals/checker_llm/pairs.jsonl")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``eval`` sub-command to an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "eval",
        help="measure answer quality on a dataset (report.md, report.json, charts)",
        description="Run every case of a dataset (schema: evals/README.md) and report retrieval, citation, "
        "faithfulness, refusal and latency figures.",
    )
    p.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help=f"dataset YAML (default {DEFAULT_DATASET})")
    p.add_argument("--split", choices=("fit", "test"), default=None,
                   help="only the cases of this split (development collections, evals/dev/README.md)")
    p.add_argument("--mode", choices=("extractive", "llm"), default="extractive",
                   help="answer without a model (default) or with the LLM at ASSISTANT_LLM_BASE_URL")
    p.add_argument("--corpus", type=Path, default=None,
                   help="evaluate on this folder of documents, indexed in a data dir under --out")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    p.add_argument("--compare", type=Path, default=None, metavar="OLD.json",
                   help="an earlier report.json: add a regression table")
    p.add_argument("--retrieval-modes", action="store_true",
                   help="also rank with bm25 and dense retrieval and compare them with hybrid")
    p.add_argument("--checker-pairs", type=Path, default=DEFAULT_PAIRS,
                   help="labelled sentence/passage pairs to score the support judge on (skipped when absent)")
    p.add_argument("--checker-llm", type=Path, default=DEFAULT_CHECKER_LLM,
                   help="labelled sentences scoring the LLM mode's checkers (with --mode llm; skipped when absent)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars on stderr")
    return p


def _settings(args: argparse.Namespace) -> Settings:
    base = Settings()
    update: dict[str, Any] = {}
    if args.corpus is not None:
        if not args.corpus.is_dir():
            raise UsageError(f"No folder at {args.corpus}", hint="pass --corpus DIR holding your documents")
        update["corpus_dir"] = args.corpus
        update["data_dir"] = args.out / "data"
    if args.mode == "llm":
        if not base.llm_base_url:
            raise UsageError("--mode llm needs an LLM endpoint", hint="set ASSISTANT_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1")
    else:
        update["llm_base_url"] = None
    return base.model_copy(update=update)


def _ingest(assistant: Assistant, show: bool) -> None:
    bar: Any = None

    def progress(done: int, total: int, source: str) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="chunk", desc="Indexing", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    try:
        report = assistant.ingest(progress=progress if show else None)
    finally:
        if bar is not None:
            bar.close()
    if report.changed:
        print(f"Indexed {assistant.settings.corpus_dir}: {report.summary()}", file=sys.stderr)


def execute(args: argparse.Namespace) -> dict[str, Any]:
    """Run the command; returns the report. Raises :class:`AssistantError` on failure."""
    dataset = load_dataset(args.dataset, split=getattr(args, "split", None))
    previous = load_report(args.compare) if args.compare is not None else None
    settings = _settings(args)
    show = not args.no_progress
    modes = ("hybrid", *(m for m in RETRIEVAL_MODES if m != "hybrid")) if args.retrieval_modes else ("hybrid",)
    args.out.mkdir(parents=True, exist_ok=True)
    with Assistant(settings) as assistant:
        _ingest(assistant, show)
        # The SDK owns the judge endpoint's client (front doors do not import adapters).
        complete = getattr(assistant, "judge_complete", None) if settings.judge_base_url else None
        judge = build_judge(settings, args.out, assistant.similarity, complete=complete)
        report = run_eval(assistant, dataset, retrieval_modes=modes, judge=judge, progress=show)
        accuracy = []
        if args.checker_pairs is not None and args.checker_pairs.is_file():
            pairs = load_pairs(args.checker_pairs)
            offline = judge if isinstance(judge, OfflineJudge) else OfflineJudge(assistant.similarity)
            accuracy.append(judge_accuracy(offline, pairs))
            if not isinstance(judge, OfflineJudge):
                accuracy.append(judge_accuracy(judge, pairs))
        report["judge_accuracy"] = accuracy
        if args.mode == "llm" and args.checker_llm is not None and args.checker_llm.is_file():
            # Both sentence checkers of the LLM mode, the judge being the one answers use.
            model_judge = assistant.pipeline.judge
            report["checker_llm"] = evaluate_checkers(
                load_labelled(args.checker_llm),
                similarity=assistant.similarity,
                judge_client=model_judge.client if model_judge is not None else None,
                judge_name=model_judge.model if model_judge is not None else None,
            )
    report["settings"] = {
        "mode": args.mode,
        "split": getattr(args, "split", None),
        "corpus_dir": str(settings.corpus_dir),
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "top_k": settings.top_k,
        "llm_model": settings.llm_model if args.mode == "llm" else None,
        "judge_model": settings.judge_model if settings.judge_base_url else None,
    }
    paths = write_report(report, args.out, previous=previous)
    _summary(report, previous, paths)
    return report


def _summary(report: dict[str, Any], previous: dict[str, Any] | None, paths: Sequence[Path]) -> None:
    m = report["metrics"]

    def f(key: str) -> str:
        value = m.get(key)
        if value is None:
            return "n/a"
        return f"{value * 1000:.0f} ms" if key.startswith("latency") else f"{value:.3f}"

    print(
        f"{report['cases']} cases: recall@5 {f('recall_at_5')}, MRR@10 {f('mrr_at_10')}, "
        f"citation validity {f('citation_validity')}, faithfulness {f('faithfulness')}, "
        f"refusal recall {f('refusal_recall')}, false refusals {f('false_refusal_rate')}, "
        f"key facts {f('key_fact_recall')}, latency p50 {f('latency_p50')} p95 {f('latency_p95')}"
    )
    print(
        f"passed {f('pass_rate')}, answered from the gold passage {f('answered_gold')} (from its section {f('section_quoted')}), "
        f"summaries answered {f('summaries_answered')} (main points quoted {f('summary_gold_covered')}), answer phrase first {f('answer_phrase_lead')} (led by a wrong phrase {f('wrong_leads')})"
    )
    if previous is not None:
        worse = [c.label for c in compare(previous, report) if c.verdict == "worse"]
        print("Worse than before: " + ", ".join(worse) if worse else "Nothing got worse than before.")
    print("Wrote " + ", ".join(str(p) for p in paths))


def run(args: argparse.Namespace) -> int:
    """Execute ``assistant eval``; errors become one line on stderr and an exit code."""
    debug = False
    try:
        debug = Settings().debug
        started = time.monotonic()
        execute(args)
        print(f"Done in {time.monotonic() - started:.1f} s.", file=sys.stderr)
        return 0
    except UsageError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        code = 2
    except AssistantError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        code = 1
    if debug:
        traceback.print_exc()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="assistant")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(["eval", *(argv if argv is not None else sys.argv[1:])]))


if __name__ == "__main__":
    raise SystemExit(main())
