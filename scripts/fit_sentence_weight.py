"""Fit how much a candidate's best-matching sentence counts in the dense ranking
(``index._retrieval.SENTENCE_WEIGHT``).

Each development corpus (``evals/dev/*``) is ingested once; then for each candidate
weight, recall@5 of hybrid retrieval (the same hit test as ``bench.run``) is measured on
the answerable single-turn cases, ``fit`` and ``test`` splits apart. Choose on the mean
``fit`` recall over the corpora (ties: the smaller weight), then check the answers of the fit
splits with ``scripts/eval_sets.py`` (a weight that retrieves one case more but answers the
fit split worse is not taken; see ``SENTENCE_WEIGHT``); ``test`` is reported, not tuned on.
The study is never used.

    python scripts/fit_sentence_weight.py [--weights 0,0.25,0.5,0.75,1,1.5,2] [--work DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fit_section_weight import report, sweep_retriever  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", default="0,0.25,0.5,0.75,1,1.5,2")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="fit-sentence-"))
    report(sweep_retriever("sentence_weight", weights, work), weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
