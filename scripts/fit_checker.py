#!/usr/bin/env python3
"""Fit the offline checker's settings on the non-study rows of the labelled sets.

The rows fitted on are the FIT split of evals/checker_llm/pairs.jsonl (the documents that are
not the study, :data:`assistant.evals.checker.FIT_DOCUMENTS`: the Python FAQ and the Debian
Reference), the first five further sets (evals/checker_llm/further.jsonl to further5.jsonl,
development data since their misses were studied) and the rows of evals/checker_pairs.jsonl whose
passage is not the study's (the lake, library and asthma texts written for that set). The study's
rows and the sixth further set (evals/checker_llm/further6.jsonl, untuned) are never looked at here.

The settings are fitted jointly by coordinate ascent: each setting in turn, with the others at
their values so far, is set to the best of its candidates; passes repeat until none changes (at
most :data:`PASSES`). For each candidate the script prints faithful kept and unsupported removed
on those rows; among the values with the best mean of the two it takes the middle of that plateau
(as for the similarity thresholds in evals/CHECKER.md), or for a sense limit (:data:`SMALLEST`) its
smallest value. (Fitted one at a time with the others at their current values, as the script did
before, the choice of one setting depended on the order the others had been edited in: with
ANTONYM_MAX_SENSES lowered to 5, ANTONYM_ALIGN_WORDS was flat from 3 to 10 and the middle of that
plateau, 6, was printed although 5 had been fitted.)
Lexical scoring (no embedding model), so the run needs no model. Fitted:

* ``ANTONYM_MAX_SENSES`` (assistant/answering/_verify.py): derived WordNet antonyms are used
  for lemmas with at most this many senses (0: direct antonyms only);
* ``CAUSE_MIN_COVERAGE``: the share of a claim's cause (or effect) words that places them on
  the cause (or effect) side of a causal link of the cited text;
* ``ANTONYM_ALIGN_WORDS``: how near a claim word and its opposite in the text must each stand to
  a word of the claim for the opposite to count;
* ``ADJECTIVE_MAX_SENSES``: WordNet's adjective-cluster opposites are used for satellites with at
  most this many senses (0: not used);
* ``CLAUSE_MIN_COVERAGE``: the share of a clause's content words the cited text must have for the
  clause to count as stated.

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
FURTHER3 = PAIRS.with_name("further3.jsonl")
FURTHER4 = PAIRS.with_name("further4.jsonl")
FURTHER5 = PAIRS.with_name("further5.jsonl")
UNTUNED = PAIRS.with_name("further6.jsonl")
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
    "CLAUSE_MIN_COVERAGE": (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6),
}
PASSES = 3

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


def development_rows() -> list[dict]:
    """Every labelled row fitted on: neither the study's nor the untuned set's (checked)."""
    rows = (
        [r for r in load_labelled(PAIRS) if split_of(r) == "fit"]
        + load_labelled(FURTHER)
        + load_labelled(FURTHER2)
        + load_labelled(FURTHER3)
        + load_labelled(FURTHER4)
        + load_labelled(FURTHER5)
        + _old_rows()
    )
    untuned = load_labelled(UNTUNED)
    assert rows and not any(r["doc"] == "study" for r in rows)
    assert untuned and not {r["sentence"] for r in rows} & {r["sentence"] for r in untuned}
    assert not {r["doc"] for r in rows} & {r["doc"] for r in untuned}
    return rows


def main() -> None:
    rows = development_rows()
    print(f"fitted on {len(rows)} rows of {sorted({r['doc'] for r in rows})}")
    start = {name: getattr(verify, name) for name in CANDIDATES}
    for n in range(1, PASSES + 1):
        changed = False
        for name, values in CANDIDATES.items():
            current = getattr(verify, name)
            means: list[tuple[float, float]] = []
            print(f"\npass {n}: {name:>20}  kept   removed  mean")
            for value in values:
                setattr(verify, name, value)
                kept, removed = _figures(rows)
                mean = (kept + removed) / 2
                print(f"{value:>28}  {kept:.3f}  {removed:.3f}    {mean:.3f}")
                means.append((value, mean))
            top = max(m for _, m in means)
            plateau = [v for v, m in means if m >= top - 1e-9]
            choice = plateau[0] if name in SMALLEST else plateau[len(plateau) // 2]
            print(f"best mean {top:.3f} for {plateau}; {name} = {choice} (was {current})")
            setattr(verify, name, choice)
            changed |= choice != current
        if not changed:
            break
    print("\nchosen: " + ", ".join(f"{name} = {getattr(verify, name)} (now {start[name]})" for name in CANDIDATES))


if __name__ == "__main__":
    main()
