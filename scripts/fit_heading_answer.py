"""Fit ``Thresholds.heading_answer``: how similar to the question a section's heading must be
for the first sentence under it to answer.

    python scripts/fit_heading_answer.py [--data /tmp/fit-heading-answer] [--write]

An FAQ's entries, a manual's "How do I ...?" sections and a plain-text FAQ's "Q:" lines put the
question in the heading and the answer right under it. A reader's question worded otherwise
than the answer ("Why are the per-CPU figures missing?" against "You need to upgrade to the
2.6.10 kernel") shares little with the sentence, and the rule gate declines it; the heading,
worded as a question too, says what the section answers. With ``heading_answer`` set, the
first sentence under a heading at least that similar to the question answers it (see
``ExtractiveAnswerer.heading_answer``).

Read: every case of the six development collections (``scripts/eval_sets.py``'s sets; the
study, ``corpus/``, ``evals/study.yaml``, ``evals/heldout.yaml`` and ``evals/fresh/``, is never
read). For each value of the grid the cases are played in extractive mode, as
``scripts/eval_sets.py`` plays them, and the script prints the cases passed per collection and
split, the unanswerable fit cases declined, and which cases changed against None (never). The
value chosen passes the most fit cases without declining fewer unanswerable fit cases than
None; ties go to the highest value (the fewest questions answered this way). Then, at that
value, ``Thresholds.heading_depth`` (how many of the likeliest quotable sentences are looked
at) is swept the same way; ties go to the lowest. ``--write`` puts both into
``assistant/answering/_extractive.py`` (``Thresholds``): check the development floors
(``tests/test_dev_floors.py``) after it, which count more than passes (the depth of 10 this
chooses lowers the plain-text FAQs' faithfulness below its floor; 5 is shipped).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant.answering._extractive import Thresholds  # noqa: E402
from eval_sets import figures  # noqa: E402
from fit_passage_match import write_threshold  # noqa: E402

DEVELOPMENT = ("pyfaq", "handbook", "history", "maintguide", "rfaq", "plaintext")
GRID: tuple[float | None, ...] = (None, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5)
# How many of the likeliest quotable sentences are looked at, swept at the chosen threshold.
DEPTHS: tuple[int, ...] = (5, 10, 30)
DEPTH = 5  # while the threshold is swept


def _tally(played: dict[str, dict[str, tuple[str, bool, bool]]]) -> tuple[int, int]:
    """Fit cases passed, and unanswerable fit cases declined (passed), over every collection."""
    fit = [(answerable, ok) for rows in played.values() for s, answerable, ok in rows.values() if s == "fit"]
    return sum(ok for _, ok in fit), sum(ok for answerable, ok in fit if not answerable)


def _played(thresholds: Thresholds, data: Path) -> dict[str, dict[str, tuple[str, bool, bool]]]:
    """Per collection, each case's split, whether it is answerable and whether it passed."""
    out: dict[str, dict[str, tuple[str, bool, bool]]] = {}
    for name in DEVELOPMENT:
        played = figures(name, data, thresholds=thresholds)
        # figures() keeps the case rows under "_rows", beside the per-split figures.
        rows: list[dict[str, Any]] = list(played["_rows"]) if played else []  # type: ignore[arg-type]
        out[name] = {r["id"]: (r["split"], bool(r["answerable"]), bool(r["passed"])) for r in rows}
    return out


def chosen_value(fit_passed: dict[float | None, int], declined: dict[float | None, int]) -> float | None:
    """The value passing the most fit cases among those declining no fewer unanswerable fit
    cases than None (never); ties go to the highest value, None above all (the fewest
    questions answered this way)."""
    allowed = [v for v in fit_passed if declined[v] >= declined[None]]
    return max(allowed, key=lambda v: (fit_passed[v], 2.0 if v is None else v))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-heading-answer"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    # value -> collection -> case id -> (split, answerable, passed)
    results: dict[float | None, dict[str, dict[str, tuple[str, bool, bool]]]] = {}
    for value in GRID:
        results[value] = _played(dataclasses.replace(Thresholds(), heading_answer=value, heading_depth=DEPTH), args.data)
    print("| heading_answer | " + " | ".join(f"{n} fit | {n} test" for n in DEVELOPMENT) + " | fit | test | fit unanswerables declined |")
    print("|---|" + "---|---|" * len(DEVELOPMENT) + "---|---|---|")
    fit_passed: dict[float | None, int] = {}
    declined: dict[float | None, int] = {}
    for value in GRID:
        cells: list[str] = []
        test = 0
        for name in DEVELOPMENT:
            rows = results[value][name].values()
            for split in ("fit", "test"):
                part = [ok for s, _, ok in rows if s == split]
                cells.append(f"{sum(part)}/{len(part)}")
            test += sum(ok for s, _, ok in rows if s == "test")
        fit, unanswerable = fit_passed[value], declined[value] = _tally(results[value])
        print(f"| {value} | " + " | ".join(cells) + f" | {fit} | {test} | {unanswerable} |")
    for value in GRID[1:]:
        changed = [
            f"{name}:{case}({split}, {'passes' if ok else 'fails'})"
            for name, rows in results[value].items()
            for case, (split, _, ok) in rows.items()
            if results[None][name][case][2] != ok
        ]
        print(f"changed at {value} against None: " + ("; ".join(changed) or "none"))
    best = chosen_value(fit_passed, declined)
    print(f"chosen (fit splits only): heading_answer = {best}")
    depth = DEPTH
    if best is not None:
        by_depth = {
            d: results[best] if d == DEPTH else _played(dataclasses.replace(Thresholds(), heading_answer=best, heading_depth=d), args.data)
            for d in DEPTHS
        }
        tallies = {d: _tally(r) for d, r in by_depth.items()}
        depth_passed = {d: t[0] for d, t in tallies.items()}
        depth_declined = {d: t[1] for d, t in tallies.items()}
        print("| heading_depth | fit | fit unanswerables declined |\n|---|---|---|")
        for d in DEPTHS:
            print(f"| {d} | {depth_passed[d]} | {depth_declined[d]} |")
        # The most fit cases among the depths declining no fewer unanswerable ones; the lower of the best.
        allowed = [d for d in DEPTHS if depth_declined[d] >= depth_declined[DEPTH]]
        depth = max(allowed, key=lambda d: (depth_passed[d], -d))
        print(f"chosen (fit splits only): heading_depth = {depth}")
    if args.write:
        write_threshold("heading_answer", "float | None", best)
        write_threshold("heading_depth", "int", depth)


if __name__ == "__main__":
    main()
