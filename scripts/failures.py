"""Where the failed cases of an eval run sit: what the answer did, and where retrieval put the gold passage.

    python scripts/eval_sets.py --sets pyfaq,handbook,history,maintguide,rfaq,plaintext --json OUT
    python scripts/failures.py OUT [--sets pyfaq,handbook] [--split fit|test] [--list KIND]

Reads the per-set JSON files that ``scripts/eval_sets.py --json`` writes (their ``_rows``) and
counts the cases that did not pass by kind:

* an answerable question answered with the wrong sentence, "closest" (the outcome shown as the
  closest the sources come) or declined, each by where the hybrid retrieval ranked the first
  of its gold passages: among the first three, at rank 4-10, or not retrieved;
* an unanswerable question answered, and among those the why-questions (the ``uw-*`` cases:
  the document states the premise but gives no reason);
* a summary request that failed.

``--list KIND`` prints the cases of one kind (as the table names it) with the question and
the start of the answer, to read them. The study sets are evaluation sets: read their counts,
do not tune on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evals.metrics import mrr_at_k  # noqa: E402

TOP = 3  # "among the first three": the passages the answerer reads most closely
DEPTH = 10  # the passages the eval ranks (its MRR@10)


def gold_rank(row: Mapping[str, Any]) -> int | None:
    """The 0-based rank of the first gold passage among the first ``DEPTH`` of the row's hybrid
    retrieval (as the eval's MRR reads it), or None."""
    hybrid = (row.get("retrieval") or {}).get("hybrid") or {}
    reciprocal = mrr_at_k(list(hybrid.get("ranked") or []), hybrid.get("gold") or [], DEPTH)
    return round(1 / reciprocal) - 1 if reciprocal else None


def kind(row: Mapping[str, Any]) -> str | None:
    """What went wrong with ``row`` (None when it passed)."""
    if row.get("passed"):
        return None
    if row.get("category") == "summary":
        return "summary failed"
    if not row.get("answerable", True):
        return "unanswerable answered (why)" if str(row.get("id", "")).startswith("uw-") else "unanswerable answered"
    outcome = row.get("outcome")
    what = {"answered": "wrong sentence", "closest": "closest"}.get(str(outcome), "declined")
    rank = gold_rank(row)
    where = "gold not retrieved" if rank is None else (f"gold in top {TOP}" if rank < TOP else "gold at rank 4-10")
    return f"{what}, {where}"


def breakdown(rows: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """How many failed rows of each kind."""
    return Counter(k for row in rows if (k := kind(row)) is not None)


def load(out: Path, sets: Iterable[str] | None, split: str | None) -> list[dict[str, Any]]:
    """The rows of every set file under ``out`` (or of ``sets``), of one split when given."""
    rows: list[dict[str, Any]] = []
    wanted = set(sets) if sets else None
    for path in sorted(out.glob("*.json")):
        if wanted is not None and path.stem not in wanted:
            continue
        for row in json.loads(path.read_text(encoding="utf-8")).get("_rows", []):
            if split is None or row.get("split") == split:
                rows.append({**row, "set": path.stem})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the --json folder of scripts/eval_sets.py")
    parser.add_argument("--sets", default=None, help="comma-separated set names (default: every file)")
    parser.add_argument("--split", choices=("fit", "test"), default=None)
    parser.add_argument("--list", default=None, metavar="KIND", help="print the cases of this kind")
    args = parser.parse_args()
    if not args.out.is_dir():
        raise SystemExit(f"{args.out} is not a folder: pass the --json folder of scripts/eval_sets.py")
    rows = load(args.out, args.sets.split(",") if args.sets else None, args.split)
    if not rows:
        raise SystemExit(f"no cases in {args.out}: run scripts/eval_sets.py with --json {args.out} first")
    counts = breakdown(rows)
    print(f"{len(rows)} cases, {sum(counts.values())} failed")
    for name, n in counts.most_common():
        print(f"{n:5d}  {name}")
    if args.list:
        for row in rows:
            if kind(row) == args.list:
                answer = " ".join(str(row.get("answer") or "").split())[:160]
                print(f"\n[{row['set']}] {row.get('id')}: {row.get('resolved_question') or row.get('question')}\n    {answer}")


if __name__ == "__main__":
    main()
