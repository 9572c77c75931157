"""Run the development collections and the study sets through the eval runner and print one table.

    python scripts/eval_sets.py [--sets pyfaq,handbook,history,maintguide,rfaq,plaintext,study,heldout,fresh] [--data /tmp/eval-sets] [--json OUT]
                                [--split fit|test] [--cases REGEX]

Each collection is indexed once into ``--data/<name>`` (kept between runs: ingest only
re-embeds what changed). Development collections are reported per split (fit, test);
the study sets (evaluation only, never tuned on) as a whole. Extractive mode, no model.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering._extractive import Thresholds  # noqa: E402
from assistant.evals import load_dataset, run_eval  # noqa: E402
from assistant.evals.runner import _aggregate  # noqa: E402

SETS: dict[str, tuple[Path, Path]] = {
    "pyfaq": (ROOT / "evals/dev/pyfaq/docs", ROOT / "evals/dev/pyfaq/cases.yaml"),
    "handbook": (ROOT / "evals/dev/debian-handbook/docs", ROOT / "evals/dev/debian-handbook/cases.yaml"),
    "history": (ROOT / "evals/dev/debian-history/docs", ROOT / "evals/dev/debian-history/cases.yaml"),
    "maintguide": (ROOT / "evals/dev/maint-guide/docs", ROOT / "evals/dev/maint-guide/cases.yaml"),
    "rfaq": (ROOT / "evals/dev/r-faq/docs", ROOT / "evals/dev/r-faq/cases.yaml"),
    "plaintext": (ROOT / "evals/dev/plaintext-faqs/docs", ROOT / "evals/dev/plaintext-faqs/cases.yaml"),
    "study": (ROOT / "corpus", ROOT / "evals/study.yaml"),
    "heldout": (ROOT / "corpus", ROOT / "evals/heldout.yaml"),
    "fresh": (ROOT / "corpus", ROOT / "evals/fresh/study-fresh.yaml"),
}
COLUMNS = (
    ("pass_rate", "passed"),
    ("answered_gold", "gold quoted"),
    ("section_quoted", "right section"),
    ("false_refusal_rate", "false refusals"),
    ("refusal_recall", "unanswerables declined"),
    ("summaries_answered", "summaries"),
    ("summary_gold_covered", "summary points"),
    ("answer_phrase_lead", "phrase first"),
    ("wrong_leads", "wrong leads"),
    ("recall_at_5", "R@5"),
    ("faithfulness", "faithful"),
    ("citation_validity", "valid cites"),
    ("latency_p50", "p50 ms"),
)


def figures(
    name: str,
    data: Path,
    *,
    split: str | None = None,
    cases_matching: str | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, dict[str, Any]] | None:
    """The set's figures (all cases, and per split), or None when no case is selected.

    ``split`` keeps one split of a development set; ``cases_matching`` keeps the cases whose id
    the regular expression matches (a quick look at one kind of case: the figures of a subset
    are not the set's figures); ``thresholds`` replaces the extractive answerer's
    (scripts/fit_coverage.py)."""
    corpus, cases = SETS[name]
    index = data / ("study" if corpus == ROOT / "corpus" else name)
    dataset = load_dataset(cases)
    if split is not None:
        dataset = dataclasses.replace(dataset, cases=tuple(c for c in dataset.cases if c.split == split))
    if cases_matching:
        pattern = re.compile(cases_matching)
        dataset = dataclasses.replace(dataset, cases=tuple(c for c in dataset.cases if pattern.search(c.id)))
    if not dataset.cases:
        return None
    settings = Settings(corpus_dir=corpus, data_dir=index, llm_base_url=None)
    with Assistant(settings) as assistant:
        assistant.ingest()
        if thresholds is not None:
            assistant._pipeline.answerer.thresholds = thresholds  # type: ignore[attr-defined]
        report = run_eval(assistant, dataset, progress=False)
    rows = report["case_results"]
    out = {"all": report["metrics"]}
    for split in ("fit", "test"):
        part = [r for r in rows if r.get("split") == split]
        if part:
            out[split] = _aggregate(part, "hybrid")
    out["_rows"] = rows  # type: ignore[assignment]
    return out


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f}" if key == "latency_p50" else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="pyfaq,handbook,history,maintguide,rfaq,study,heldout")
    parser.add_argument("--data", type=Path, default=Path("/tmp/eval-sets"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--split", choices=("fit", "test"), default=None, help="only this split of the dev sets")
    parser.add_argument("--cases", default=None, metavar="REGEX", help="only the cases whose id matches")
    args = parser.parse_args()
    table: dict[str, dict[str, Any]] = {}
    for name in args.sets.split(","):
        result = figures(name, args.data, split=args.split, cases_matching=args.cases)
        if result is None:
            continue
        parts: list[str] = [p for p in ("fit", "test") if p in result] or ["all"]
        for part in parts:
            table[f"{name}/{part}" if part != "all" else name] = result[part]
        if args.json:
            args.json.mkdir(parents=True, exist_ok=True)
            (args.json / f"{name}.json").write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print("| set | cases | " + " | ".join(label for _, label in COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    for key, m in table.items():
        print(f"| {key} | {m['cases']} | " + " | ".join(_cell(k, m.get(k)) for k, _ in COLUMNS) + " |")


if __name__ == "__main__":
    main()
