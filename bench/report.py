"""The Markdown table of a `bench.run` run, product beside baseline, as docs/benchmarks.md and the
README show it.

    python -m bench.report OUT      # OUT: the run's --out folder (results.json, or state.json of a run in parts)

Sizes in order; a row still under way shows what it has so far. The machine, the commit and the
parts of the run (start, load) are printed under the table.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["markdown"]

Row = dict[str, Any]


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _s(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s" if value >= 100 else f"{value:.1f} s"


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


def _plain(value: float) -> str:
    return f"{value:.2f}"


def _count(value: float) -> str:
    return f"{value:,.0f}"


# (label, product key, baseline key or None, format)
LINES: tuple[tuple[str, str, str | None, Callable[[float], str]], ...] = (
    ("chunks", "chunks", "baseline_chunks", _count),
    ("ingest, wall time", "ingest_s", "baseline_ingest_s", _s),
    ("texts embedded by the ingest", "ingest_texts_embedded", None, _count),
    ("share of the ingest spent in the model", "model_share", None, _plain),
    ("ingest against the model replayed on the same texts (goal >= 0.85)", "ingest_vs_model_same_texts", None, _plain),
    ("retrieval p50", "retrieval_p50_ms", "baseline_retrieval_p50_ms", _ms),
    ("retrieval p95", "retrieval_p95_ms", "baseline_retrieval_p95_ms", _ms),
    ("full offline answer p50 (goal <= 20 ms at 10k)", "answer_p50_ms", None, _ms),
    ("full offline answer p95", "answer_p95_ms", None, _ms),
    ("model calls an answer", "answer_model_calls_mean", None, _plain),
    ("first answer after `warm_up()` (goal <= 0.2 s)", "first_answer_s", None, _s),
    ("memory after the questions (goal <= 600 MB at 100k)", "rss_loaded_mb", "baseline_rss_loaded_mb", _mb),
    ("cold `assistant ask` / cold query (goal <= 1.0 s)", "cold_ask_s", "baseline_cold_query_s", _s),
)


def _with_share(row: Row) -> Row:
    out = dict(row)
    if row.get("ingest_model_s") and row.get("ingest_s"):
        out["model_share"] = row["ingest_model_s"] / row["ingest_s"]
    return out


def _size(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def markdown(rows: Sequence[Row]) -> str:
    """The table of ``rows`` (one per size): product, baseline and their ratio for each size."""
    rows = sorted((_with_share(r) for r in rows), key=lambda r: r["size"])
    head = ["figure"]
    for r in rows:
        head += [f"{_size(r['size'])} product", f"{_size(r['size'])} baseline", "ratio"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for label, key, base, fmt in LINES:
        cells = [label]
        for r in rows:
            value = r.get(key)
            other = r.get(base) if base else None
            cells.append(fmt(value) if isinstance(value, (int, float)) else "")
            cells.append(fmt(other) if isinstance(other, (int, float)) else "")
            # Chunk counts differ by design (each splitter's own chunks): no ratio to read.
            ratio = (
                value / other
                if isinstance(value, (int, float)) and isinstance(other, (int, float)) and other and key != "chunks"
                else None
            )
            cells.append(f"{ratio:.2f}x" if ratio is not None else "")
        if any(c for c in cells[1:]):
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _about(results: dict[str, Any]) -> list[str]:
    machine = results.get("machine", {})
    out = [
        f"commit {machine.get('commit') or 'unknown'}; {machine.get('nproc')} CPUs ({machine.get('cpu')}), "
        f"{machine.get('ram_gb')} GB, Python {machine.get('python')}"
    ]
    for part in results.get("parts", []):
        load = part.get("load_average_at_start")
        shown = ", ".join(f"{x:.1f}" for x in load) if load else "?"
        out.append(f"part begun {part.get('began')}: load {shown} at its start, {part.get('minutes', 0):.0f} min")
    for row in sorted(results.get("rows", []), key=lambda r: r["size"]):
        done = row.get("phases", [])
        if "complete" not in done:
            out.append(f"{_size(row['size'])}: under way, phases done: {', '.join(done) or 'none'}")
    recall = results.get("dev_recall") or {}
    for name, figures in recall.items():
        out.append(
            f"recall@5 {name}: {figures['product_r5']:.3f} against {figures['baseline_r5']:.3f} "
            f"({figures['ratio']:.2f}x, {figures['cases']} cases)"
        )
    out.extend(results.get("notes", []))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the run's --out folder")
    args = parser.parse_args(argv)
    folder = Path(args.out)
    for name in ("results.json", "state.json"):
        path = folder / name
        if path.exists():
            break
    else:
        print(f"error: neither results.json nor state.json in {folder}: give the run's --out folder", file=sys.stderr)
        return 2
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    print(markdown(results.get("rows", [])))
    print()
    for line in _about(results):
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
