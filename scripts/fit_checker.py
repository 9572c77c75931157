#!/usr/bin/env python3
"""Fit the offline checker's settings on the non-study rows of the labelled sets.

The rows fitted on are the FIT split of evals/checker_llm/pairs.jsonl (the documents that are
not the study, :data:`assistant.evals.checker.FIT_DOCUMENTS`: the Python FAQ and the Debian
Reference), the first two further sets (evals/checker_llm/further.jsonl and further2.jsonl,
development data since their misses were studied) and the rows of evals/checker_pairs.jsonl whose
passage is not the study's (the lake, library and asthma texts written for that set). The study's
rows and the third further set (evals/checker_llm/further3.jsonl, untuned) are never looked at here. For each setting, one at a
time with the others at their current values, the script prints faithful kept and unsupported
removed on those rows for each candidate value and picks, among the values with the best mean
of the two, the middle of that plateau (as for the similarity thresholds in evals/CHECKER.md), or
for a sense limit (:data:`SMALLEST`) its smallest value.
Lexical scoring (no embedding model), so the run is quick and needs no model. Fitted:

* ``ANTONYM_MAX_SENSES`` (assistant/answering/_verify.py): derived WordNet antonyms are used
  for lemmas with at most this many senses (0: direct antonyms only);
* ``CAUSE_MIN_COVERAGE``: the share of a claim's cause (or effect) words that places them on
  the cause (or effect) side of a causal link of the cited text;
* ``ANTONYM_ALIGN_WORDS``: how near a claim word and its opposite in the text must each stand to
  a word of the claim for the opposite to count;
* ``ADJECTIVE_MAX_SENSES``: WordNet's adjective-cluster opposites are used for satellites with at
  most this many senses (0: not used).

Usage: PYTHONPATH=. python scripts/fit_checker.py   (prints a table and the choice; edit the
constants by hand to the printed values).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import assistant.answering._verify as verify
from assistant.evals.checker import load_labelled, split_of

PAIRS = Path(__file__).resolve().parents[1] / "evals" / "checker_llm" / "pairs.jsonl"
FURTHER = PAIRS.with_name("further.jsonl")
FURTHER2 = PAIRS.with_name("further2.jsonl")
OLD_PAIRS = PAIRS.parents[1] / "checker_pairs.jsonl"
STUDY = PAIRS.parents[2] / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def _old_rows() -> list[dict]:
    """The non-study rows of checker_pairs.jsonl in the labelled sets' schema."""
    study = _flat(STUDY.read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in OLD_PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        {"id": r["id"], "doc": "checker-pairs", "passages": [r["passage"]], "sentence": r["sentence"],
         "label": "supported" if r["supported"] else "unsupported", "kind": r["kind"]}
        for r in rows
        if _flat(r["passage"]) not in study
    ]
CANDIDATES: dict[str, tuple[float, ...]] = {
    "ANTONYM_MAX_SENSES": (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50),
    "CAUSE_MIN_COVERAGE": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
    "ANTONYM_ALIGN_WORDS": (1, 2, 3, 4, 5, 6, 8, 10, 20, 100),
    "ADJECTIVE_MAX_SENSES": (0, 1, 2, 3, 4, 5, 6),
}

# Sense limits widen a lexicon with ever more ambiguous words: among equally good values the
# smallest is taken (the fewest ambiguous opposites), not the plateau's middle. (This rule was
# adopted for ANTONYM_MAX_SENSES after the middle of a wider plateau cost faithful study rows;
# see evals/CHECKER.md.)
SMALLEST = frozenset(["ANTONYM_MAX_SENSES", "ADJECTIVE_MAX_SENSES"])


def _figures(rows: list[dict]) -> tuple[float, float]:
    supported = [r for r in rows if r["label"] == "supported"]
    unsupported = [r for r in rows if r["label"] != "supported"]
    kept = sum(verify.check_support(r["sentence"], r["passages"]).supported for r in supported) / len(supported)
    removed = sum(not verify.check_support(r["sentence"], r["passages"]).supported for r in unsupported) / len(unsupported)
    return kept, removed


def main() -> None:
    rows = (
        [r for r in load_labelled(PAIRS) if split_of(r) == "fit"]
        + load_labelled(FURTHER)
        + load_labelled(FURTHER2)
        + _old_rows()
    )
    assert rows and not any(r["doc"] == "study" for r in rows)
    print(f"fitted on {len(rows)} rows of {sorted({r['doc'] for r in rows})}")
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
