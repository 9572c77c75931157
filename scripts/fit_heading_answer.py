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
None; ties go to the highest value (the fewest questions answered this way). ``--write`` puts
it into ``assistant/answering/_extractive.py`` (``Thresholds``).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant.answering._extractive import Thresholds  # noqa: E402
from eval_sets import figures  # noqa: E402
from fit_passage_match import write_threshold  # noqa: E402

DEVELOPMENT = ("pyfaq", "handbook", "history", "maintguide", "rfaq", "plaintext")
GRID: tuple[float | None, ...] = (None, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5)


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
        thresholds = dataclasses.replace(Thresholds(), heading_answer=value)
        results[value] = {}
        for name in DEVELOPMENT:
            out = figures(name, args.data, thresholds=thresholds)
            rows = out["_rows"] if out else []  # type: ignore[index]
            results[value][name] = {r["id"]: (r["split"], bool(r["answerable"]), bool(r["passed"])) for r in rows}
    print("| heading_answer | " + " | ".join(f"{n} fit | {n} test" for n in DEVELOPMENT) + " | fit | test | fit unanswerables declined |")
    print("|---|" + "---|---|" * len(DEVELOPMENT) + "---|---|---|")
    fit_passed: dict[float | None, int] = {}
    declined: dict[float | None, int] = {}
    for value in GRID:
        cells: list[str] = []
        fit = test = unanswerable = 0
        for name in DEVELOPMENT:
            rows = results[value][name].values()
            for split in ("fit", "test"):
                part = [ok for s, _, ok in rows if s == split]
                cells.append(f"{sum(part)}/{len(part)}")
            fit += sum(ok for s, _, ok in rows if s == "fit")
            test += sum(ok for s, _, ok in rows if s == "test")
            unanswerable += sum(ok for s, answerable, ok in rows if s == "fit" and not answerable)
        fit_passed[value], declined[value] = fit, unanswerable
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
    if args.write:
        write_threshold("heading_answer", "float | None", best)


if __name__ == "__main__":
    main()
