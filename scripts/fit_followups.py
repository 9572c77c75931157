"""Choose how a follow-up borrows its context, on the development collections' fit split.

    python scripts/fit_followups.py [--data /tmp/fit-followups] [--split fit]

Plays every follow-up case (``category: followup``) of evals/dev/pyfaq,
evals/dev/debian-handbook and evals/dev/debian-history in extractive mode, once per setting of
``assistant.answering._followups.BORROW`` (when a stand-alone reading still retrieves with the
previous question) and ``QUOTE_ANSWER`` (whether a message pointing into the last answer adds
its sentence to the retrieval query), and prints the cases passed per setting. The study sets
are never read. The module's defaults are the best setting on the fit split (ties: the
simpler setting, fewer words added to the query).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering import _followups  # noqa: E402
from assistant.evals import load_dataset, run_eval  # noqa: E402

SETS = {
    "pyfaq": (ROOT / "evals/dev/pyfaq/docs", ROOT / "evals/dev/pyfaq/cases.yaml"),
    "handbook": (ROOT / "evals/dev/debian-handbook/docs", ROOT / "evals/dev/debian-handbook/cases.yaml"),
    "history": (ROOT / "evals/dev/debian-history/docs", ROOT / "evals/dev/debian-history/cases.yaml"),
}
SETTINGS = [
    (borrow, quote) for borrow in ("elliptical", "retrieval", "leaning", "resolved") for quote in (False, True)
]


def passed(name: str, data: Path, split: str) -> tuple[int, int]:
    docs, cases = SETS[name]
    dataset = load_dataset(cases, split=split)
    dataset = dataclasses.replace(dataset, cases=tuple(c for c in dataset.cases if c.category == "followup"))
    with Assistant(Settings(corpus_dir=docs, data_dir=data / name, llm_base_url=None)) as assistant:
        assistant.ingest()
        rows = run_eval(assistant, dataset, progress=False)["case_results"]
    return sum(1 for r in rows if r["passed"]), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-followups"))
    parser.add_argument("--split", default="fit")
    args = parser.parse_args()
    print(f"| borrow | quote answer | {' | '.join(SETS)} | total |")
    print("|---|---|" + "---|" * (len(SETS) + 1))
    best: tuple[int, tuple[str, bool]] | None = None
    for borrow, quote in SETTINGS:
        _followups.BORROW, _followups.QUOTE_ANSWER = borrow, quote  # type: ignore[assignment]
        figures = [passed(name, args.data, args.split) for name in SETS]
        total = sum(p for p, _ in figures)
        cells = " | ".join(f"{p}/{n}" for p, n in figures)
        print(f"| {borrow} | {quote} | {cells} | {total}/{sum(n for _, n in figures)} |", flush=True)
        if best is None or total > best[0]:
            best = (total, (borrow, quote))
    assert best is not None
    print(f"best on the {args.split} split: BORROW={best[1][0]!r}, QUOTE_ANSWER={best[1][1]}")


if __name__ == "__main__":
    main()
