"""Check the extractive answerer's word-matching thresholds and its deep-pass size end to end on the
development fit splits.

    python scripts/fit_coverage.py [--data /tmp/fit-coverage] [--params head_match,word_match]
                                   [--grid head_match=0.5,0.6,0.7]

``Thresholds.word_match``, ``close_word_match``, ``close_sentence`` and ``head_match`` say when a
word of a sentence counts as one of the question's topic words (or as its asked relation) by its
word vector; ``deep_candidates`` says how many sentences (best by the cheap features) get that
matching at all. They were set by hand before the development collections existed, and the rule
gate's and the answer model's fits hold them fixed. This script answers every development
collection's ``fit`` cases as ``scripts/eval_sets.py`` does (the whole pipeline, extractive mode,
no model endpoint) once for each value of a grid around each setting, the others as shipped,
and prints the cases passed per collection, the unanswerable questions declined, and which cases
changed from the shipped value. ``--grid NAME=V1,V2`` tries other values, or another setting of
``Thresholds`` (a whole number is read as a count: ``--grid max_sentences=2,4``).

The value chosen for a threshold passes the most fit cases among the values that decline at least
as many fit unanswerable questions as the shipped one (a gain must not come from declining
less) and pass no fewer fit cases than it on any one collection (a gain on one collection must
not be paid for by another); ties keep the shipped value, else the lower value. The study
(``corpus/``, ``evals/study.yaml``, ``evals/heldout.yaml``, ``evals/fresh/``) and the ``test``
splits are never read. Each value takes two to four minutes on two cores once the indexes are
built; two runs with different ``--data`` folders and ``--params`` can share a machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant.answering._extractive import Thresholds  # noqa: E402
from eval_sets import figures  # noqa: E402  (the collections, answered as the eval table answers them)

DEVELOPMENT = ("pyfaq", "handbook", "history", "maintguide", "rfaq", "plaintext")
SHIPPED = Thresholds()
GRID: dict[str, tuple[float, ...]] = {
    "deep_candidates": (6, 8, 10, 12, 16),
    "head_match": (0.5, 0.55, 0.6, 0.65, 0.7),
    "word_match": (0.5, 0.55, 0.6),
    "close_word_match": (0.4, 0.45, 0.5),
    "close_sentence": (0.6, 0.65, 0.7),
}


def fit_rows(data: Path, thresholds: Thresholds) -> dict[str, list[dict[str, Any]]]:
    """Every development collection's fit cases answered with ``thresholds``: the eval rows."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for name in DEVELOPMENT:
        result = figures(name, data, split="fit", thresholds=thresholds)
        # figures() keeps the case rows under "_rows" beside the figures.
        rows[name] = cast(list[dict[str, Any]], result["_rows"]) if result is not None else []
    return rows


def summary(rows: dict[str, list[dict[str, Any]]]) -> tuple[int, int, dict[str, int], dict[str, bool]]:
    """Cases passed, unanswerable ones declined, passes per collection, and pass by case id."""
    passed = {f"{name}:{r['id']}": bool(r["passed"]) for name, rs in rows.items() for r in rs}
    declined = sum(
        1 for rs in rows.values() for r in rs if r.get("category") == "unanswerable" and r.get("outcome") != "answered"
    )
    per = {name: sum(1 for r in rs if r["passed"]) for name, rs in rows.items()}
    return sum(passed.values()), declined, per, passed


def choose(results: dict[float, tuple[int, int, dict[str, int]]], current: float) -> float:
    """The best value by its (cases passed, unanswerable declined, passes per collection): the
    most passes among the values that decline at least as many unanswerable questions as
    ``current`` and pass no fewer cases than it on any collection (a threshold is one setting for
    every collection: a gain on one must not be paid for by another); ties keep ``current``,
    else the lower value."""
    _, floor, per_floor = results[current]
    allowed = [
        v
        for v, (_, declined, per) in results.items()
        if declined >= floor and all(per.get(name, 0) >= n for name, n in per_floor.items())
    ]
    return max(allowed, key=lambda v: (results[v][0], v == current, -v))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-coverage"))
    parser.add_argument("--params", default=",".join(GRID), help="the thresholds to check, comma-separated")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2", help="another grid for one threshold")
    args = parser.parse_args()
    grid = dict(GRID)
    for item in args.grid:
        name, _, values = item.partition("=")
        grid[name] = tuple(int(v) if v.strip().isdigit() else float(v) for v in values.split(","))
    params = [p for p in args.params.split(",") if p]
    unknown = [p for p in params if p not in grid or not hasattr(SHIPPED, p)]
    if unknown:
        parser.error(f"unknown threshold(s): {', '.join(unknown)}; use {', '.join(GRID)}")
    shipped = summary(fit_rows(args.data, SHIPPED))
    print(f"shipped: {shipped[0]} fit cases passed, {shipped[1]} unanswerable declined, {shipped[2]}", flush=True)
    for name in params:
        current = getattr(SHIPPED, name)
        results: dict[float, tuple[int, int, dict[str, int], dict[str, bool]]] = {current: shipped}
        for value in grid[name]:
            if value == current:
                continue
            changes: dict[str, Any] = {name: value}
            results[value] = summary(fit_rows(args.data, dataclasses.replace(SHIPPED, **changes)))
            total, declined, per, passed = results[value]
            changed = [f"{case} {'gained' if ok else 'lost'}" for case, ok in passed.items() if ok != shipped[3].get(case)]
            print(f"{name} = {value}: {total} passed, {declined} unanswerable declined, {per}", flush=True)
            print("  changed: " + ("; ".join(changed) or "none"), flush=True)
        best = choose({v: (r[0], r[1], r[2]) for v, r in results.items()}, current)
        print(f"chosen on the fit splits: {name} = {best} (shipped {current})", flush=True)


if __name__ == "__main__":
    main()
