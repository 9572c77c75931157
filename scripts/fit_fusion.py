"""Fit the constant of reciprocal rank fusion (``index._retrieval.RRF_K``).

A passage's fused score is the sum over the two rankings (dense, keyword) of
``1 / (RRF_K + rank)``. A large constant flattens the ranks: a passage both sides put tenth
outscores one a side puts first and the other misses; a small one lets a side's top ranks
count. Each development corpus (``evals/dev/*``) is ingested once; then for each candidate
constant, recall@5 of hybrid retrieval (the same hit test as ``bench.run``) is measured on the
answerable single-turn cases, ``fit`` and ``test`` splits apart. Choose on the mean ``fit``
recall over the corpora (ties: the larger constant, the flatter fusion), then check the
answers of the fit splits with ``scripts/eval_sets.py``; ``test`` is reported, not tuned on.
The study is never used.

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

from fit_section_weight import sweep_retriever  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--constants", default="1,5,10,20,30,45,60,100")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    constants = [int(c) for c in args.constants.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="fit-fusion-"))
    table = sweep_retriever("rrf_k", constants, work)
    print()
    for constant in constants:
        fit = np.mean([table[n][constant]["fit"] for n in table])
        test = np.mean([table[n][constant]["test"] for n in table])
        print(f"constant {constant:3d}: mean R@5 fit {fit:.3f}, test {test:.3f}")
    best = max(constants, key=lambda c: (np.mean([table[n][c]["fit"] for n in table]), c))
    print(f"\nbest on fit: {best}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
