"""Fit the constant of reciprocal rank fusion (``index._retrieval.RRF_K``).

A passage's fused score is the sum over the two rankings (dense, keyword) of
``1 / (RRF_K + rank)``. A large constant flattens the ranks: a passage both sides put tenth
outscores one a side puts first and the other misses; a small one lets a side's top ranks
count. Each development corpus (``evals/dev/*``) is ingested once; then for each candidate
constant, recall@5 of hybrid retrieval (the same hit test as ``bench.run``) is measured on the
answerable single-turn cases, ``fit`` and ``test`` splits apart, and printed per corpus, as the
mean over the corpora and as the fit cases found in all. The constant is chosen on the fit
cases found in all (the mean over corpora lets one case of a 18-case corpus outweigh several of
a 167-case one); when the constants are within one case of each other, the published default
(60, Cormack et al. 2009) stays. Then the answers of the fit splits are checked with
``scripts/eval_sets.py``; ``test`` is reported, not tuned on. The study is never used.

    python scripts/fit_fusion.py [--constants 1,5,10,20,30,45,60,100] [--work DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpora import recall_cases  # noqa: E402
from fit_section_weight import sweep_retriever  # noqa: E402

# Reciprocal rank fusion's published constant (Cormack, Clarke and Buettcher 2009).
DEFAULT = 60


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--constants", default="1,5,10,20,30,45,60,100")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    constants = [int(c) for c in args.constants.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="fit-fusion-"))
    table = sweep_retriever("rrf_k", constants, work)
    sizes = {name: sum(1 for case in cases if case.get("split", "fit") == "fit") for name, _docs, cases in recall_cases()}
    found = {c: round(sum(table[n][c]["fit"] * sizes[n] for n in table)) for c in constants}
    print()
    for constant in constants:
        fit = np.mean([table[n][constant]["fit"] for n in table])
        test = np.mean([table[n][constant]["test"] for n in table])
        print(f"constant {constant:3d}: fit cases found {found[constant]} of {sum(sizes.values())}; "
              f"mean R@5 fit {fit:.3f}, test {test:.3f}")
    best = max(constants, key=lambda c: (found[c], c == DEFAULT))
    if found[best] - min(found.values()) <= 1 and DEFAULT in found:
        best = DEFAULT
    print(f"\nchosen: {best}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
