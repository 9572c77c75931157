#!/usr/bin/env python3
"""Fit the offline checker's settings on the FIT split of evals/checker_llm/pairs.jsonl.

The fit split is the rows of the documents that are not the study
(:data:`assistant.evals.checker.FIT_DOCUMENTS`: the Python FAQ and the Debian Reference); the
study's rows and the further document (evals/checker_llm/further.jsonl) are never looked at
here. For each setting, one at a time with the others at their current values, the script
prints faithful kept and unsupported removed on the fit split for each candidate value and
picks, among the values with the best mean of the two, the middle of that plateau (as for the
similarity thresholds in evals/CHECKER.md), except for ``ANTONYM_MAX_SENSES``, where it picks the
smallest: each sense more lets in derived opposites of more ambiguous words, a risk to faithful
sentences that a flat fit split cannot show (evals/CHECKER.md says how this was learnt).
Lexical scoring (no embedding model), so the run is quick and needs no model. Fitted:

* ``ANTONYM_MAX_SENSES`` (assistant/answering/_verify.py): derived WordNet antonyms are used
  for lemmas with at most this many senses (0: direct antonyms only);
* ``CAUSE_MIN_COVERAGE``: the share of a claim's cause (or effect) words that places them on
  the cause (or effect) side of a causal link of the cited text.

Usage: PYTHONPATH=. python scripts/fit_checker.py   (prints a table and the choice; edit the
constants by hand to the printed values).
"""
from __future__ import annotations

from pathlib import Path

import assistant.answering._verify as verify
from assistant.evals.checker import load_labelled, split_of

PAIRS = Path(__file__).resolve().parents[1] / "evals" / "checker_llm" / "pairs.jsonl"
SMALLEST = frozenset(["ANTONYM_MAX_SENSES"])  # the plateau's smallest value, not its middle
CANDIDATES: dict[str, tuple[float, ...]] = {
    "ANTONYM_MAX_SENSES": (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50),
    "CAUSE_MIN_COVERAGE": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
}


def _figures(rows: list[dict]) -> tuple[float, float]:
    supported = [r for r in rows if r["label"] == "supported"]
    unsupported = [r for r in rows if r["label"] != "supported"]
    kept = sum(verify.check_support(r["sentence"], r["passages"]).supported for r in supported) / len(supported)
    removed = sum(not verify.check_support(r["sentence"], r["passages"]).supported for r in unsupported) / len(unsupported)
    return kept, removed


def main() -> None:
    rows = [r for r in load_labelled(PAIRS) if split_of(r) == "fit"]
    assert rows and not any(r["doc"] == "study" for r in rows)
    print(f"fit split: {len(rows)} rows of {sorted({r['doc'] for r in rows})}")
    for name, values in CANDIDATES.items():
        current = getattr(verify, name)
        means: list[tuple[float, float]] = []
        print(f"\n{name:>20}  kept   removed  mean")
        for value in values:
            setattr(verify, name, value)
            kept, removed = _figures(rows)
            mean = (kept + removed) / 2
            print(f"{value:>20}  {kept:.3f}  {removed:.3f}    {mean:.3f}")
            means.append((value, mean))
        setattr(verify, name, current)
        top = max(m for _, m in means)
        plateau = [v for v, m in means if m >= top - 1e-9]
        choice = plateau[0] if name in SMALLEST else plateau[len(plateau) // 2]
        print(f"best mean {top:.3f} for {plateau}; {name} = {choice} (now {current})")


if __name__ == "__main__":
    main()
