#!/usr/bin/env python3
"""Fit the offline checker's settings on the FIT half of evals/checker_llm/pairs.jsonl.

The half is fixed by a hash of each row id (:func:`assistant.evals.checker.split_of`); the
held-out half and the study sets are never looked at here. For each candidate value the
script prints faithful kept and unsupported removed on the fit half and picks the middle of
the plateau of values with the best mean of the two (as for the similarity thresholds in
evals/CHECKER.md: the middle, not the edge, of where the figures are flat). Fitted:

* ``ANTONYM_MAX_SENSES`` (assistant/answering/_verify.py): derived WordNet antonyms are used
  for lemmas with at most this many senses (0: direct antonyms only).

Usage: PYTHONPATH=. python scripts/fit_checker.py   (prints a table and the choice; edit the
constant by hand to the printed value).
"""
from __future__ import annotations

from pathlib import Path

import assistant.answering._verify as verify
from assistant.evals.checker import load_labelled, split_of

PAIRS = Path(__file__).resolve().parents[1] / "evals" / "checker_llm" / "pairs.jsonl"
CANDIDATES = (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50)


def main() -> None:
    rows = [r for r in load_labelled(PAIRS) if split_of(r["id"]) == "fit"]
    supported = [r for r in rows if r["label"] == "supported"]
    unsupported = [r for r in rows if r["label"] != "supported"]
    means: list[tuple[int, float]] = []
    print(f"fit half: {len(supported)} supported, {len(unsupported)} unsupported")
    print("max_senses  kept   removed  mean")
    for value in CANDIDATES:
        verify.ANTONYM_MAX_SENSES = value
        kept = sum(verify.check_support(r["sentence"], r["passages"]).supported for r in supported) / len(supported)
        removed = sum(not verify.check_support(r["sentence"], r["passages"]).supported for r in unsupported) / len(unsupported)
        mean = (kept + removed) / 2
        print(f"{value:>10}  {kept:.3f}  {removed:.3f}    {mean:.3f}")
        means.append((value, mean))
    top = max(m for _, m in means)
    plateau = [v for v, m in means if m >= top - 1e-9]
    print(f"best mean {top:.3f} for {plateau}; ANTONYM_MAX_SENSES = {plateau[len(plateau) // 2]}")


if __name__ == "__main__":
    main()
