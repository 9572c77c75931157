"""Fit the polarity readings' thresholds (``CLOSEST_COSINE``, ``YES_NO_AGREEMENT``,
``PREMISE_AGREEMENT``, ``STATED_SCORE``, ``PREMISE_COSINE`` in assistant/answering/_compose.py) on the
development corpora.

    python scripts/fit_polarity.py [--data DIR] [--split fit|test]

Only questions that put a claim forward or presuppose one (yes/no questions, why-questions,
questions of degree) are touched by these thresholds, so only they are read: each is
retrieved once, then answered extractively under each setting of a coordinate sweep (one
threshold moved at a time around the shipped values). Counted per setting, on the split
asked for (the fit split by default; the study and its sets are never read here):

* ``fp``: false-premise cases answered "the sources say otherwise";
* ``yn``: answerable yes/no cases answered (outcome "answered") citing a gold passage;
* ``wrong``: answerable cases that are neither false premises nor yes/no answered "the sources
  say otherwise" (a premise reading of a true premise is a wrong answer), plus unanswerable
  cases answered (the sources do not answer them).

The score is ``fp + yn - 2 * wrong``; among the best settings the middle of the plateau is
taken. Prints every setting's figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant import Answer, Assistant, Settings  # noqa: E402
from assistant.answering import _compose  # noqa: E402
from assistant.answering._compose import OTHERWISE, asserts, is_yes_no  # noqa: E402
from assistant.answering._followups import Resolution  # noqa: E402
from assistant.answering._questions import analyze_followup  # noqa: E402
from fit_answering import COLLECTIONS  # noqa: E402  (the development collections, one list)

GRID = {
    "CLOSEST_COSINE": (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6),
    "YES_NO_AGREEMENT": (0.5, 0.6, 0.67, 0.75, 0.8, 0.9, 1.0),
    "PREMISE_AGREEMENT": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "STATED_SCORE": (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 1.01),
    "PREMISE_COSINE": (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4),
}


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').lower().split())


def _rows(split: str, data: Path) -> tuple[list[tuple[dict[str, Any], Callable[[], Answer]]], list[Assistant]]:
    rows = []
    assistants = []
    for name, folder in COLLECTIONS.items():
        cases = yaml.safe_load((folder / "cases.yaml").read_text(encoding="utf-8"))["cases"]
        assistant = Assistant(Settings(corpus_dir=folder / "docs", data_dir=data / name, llm_base_url=None))
        assistant.ingest()
        assistants.append(assistant)
        pipeline = assistant.pipeline
        for case in cases:
            question = case["turns"][-1]
            if case.get("split") != split or len(case["turns"]) != 1 or case["category"] == "summary":
                continue
            if not (asserts(question) or is_yes_no(question)):
                continue
            text = pipeline.check_question(question)
            resolution = Resolution(text=text, query=text, is_followup=False)
            info = analyze_followup(resolution.text, resolution.query)
            _passages, extractive = pipeline._retrieve_for(resolution, None, info)
            rows.append((case, extractive))
    return rows, assistants


def _score(rows: list[tuple[dict[str, Any], Callable[[], Answer]]], wrongs: list[str] | None = None) -> dict[str, int]:
    """The figures of one setting; ``wrongs`` collects the ids of the cases counted as wrong."""
    fp = yn = wrong = 0
    for case, extractive in rows:
        answer = extractive()
        answered = answer.outcome == "answered"
        said = answered and answer.text.startswith(OTHERWISE)
        question = case["turns"][-1]
        golds = [_norm(g) for g in case.get("gold_quotes") or []]
        quotes = [_norm(c.quote) for c in answer.citations]
        cites_gold = any(g in q or q in g for g in golds for q in quotes if q)
        if case["category"] == "false_premise":
            fp += said
        elif not case["answerable"]:
            wrong += answered
            if answered and wrongs is not None:
                wrongs.append(f"{case['id']} (unanswerable, answered)")
        elif is_yes_no(question):
            yn += answered and cites_gold
        else:
            wrong += said
            if said and wrongs is not None:
                wrongs.append(f"{case['id']} (said otherwise)")
    return {"fp": fp, "yn": yn, "wrong": wrong, "score": fp + yn - 2 * wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="index folder (kept between runs)")
    parser.add_argument("--split", choices=("fit", "test"), default="fit")
    args = parser.parse_args(argv)
    data = args.data or Path(tempfile.mkdtemp(prefix="fit-polarity-"))
    rows, assistants = _rows(args.split, data)
    print(f"{len(rows)} {args.split}-split questions that assert or ask a claim")
    shipped = {name: getattr(_compose, name) for name in GRID}
    try:
        wrongs: list[str] = []
        base = _score(rows, wrongs)
        print(f"shipped {shipped}: {base}")
        print("  wrong at the shipped values: " + ", ".join(wrongs))
        for name, values in GRID.items():
            results = []
            for value in values:
                setattr(_compose, name, value)
                figures = _score(rows)
                results.append((value, figures))
                print(f"  {name} = {value:<5}: {figures}")
            setattr(_compose, name, shipped[name])
            best = max(f["score"] for _v, f in results)
            plateau = [v for v, f in results if f["score"] == best]
            print(f"  {name}: best score {best} on {plateau}; middle {plateau[len(plateau) // 2]}")
    finally:
        for name, value in shipped.items():
            setattr(_compose, name, value)
        for assistant in assistants:
            assistant.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
