"""Fit ``Thresholds.passage_word_match``: how close a word of a sentence's passage must be to a
topic term, in the word-vector space, for the term to count as said in the passage.

    python scripts/fit_passage_match.py [--data /tmp/fit-passage-match] [--write]

A reworded question uses words its answer's passage does not ("Could people who cannot see
install wheezy?" / "visually impaired people"); its topic coverage, and with it the rule gate,
then falls short although the passage says the same thing in other words. With the threshold
set, a topic term the sentence does not say counts half (as a term its passage says by form
does) when some word of the passage is at least this similar to it.

Read: the single-turn, non-summary cases of the development collections (``evals/dev/*``),
retrieved once each as the assistant retrieves them; the study (``corpus/``,
``evals/study.yaml``, ``evals/heldout.yaml``, ``evals/fresh/``) is never read. For each value
of the grid (and None: by form only) every question is answered by the extractive answerer's
selection, and the script prints, per collection and split: answerable questions answered
with a quote from the gold passage, false refusals (answerable, not answered) and
unanswerable questions declined. The value chosen maximises, on the fit splits only, the
balanced accuracy of "answered with a gold quote" against "unanswerable and declined", among
the values that decline at least as many fit unanswerable questions as None does (a gain in
answering must not come from declining less); ties go to the highest value (the strictest).
``--write`` puts it into ``assistant/answering/_extractive.py`` (``Thresholds``).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering._questions import analyze_question, read_question  # noqa: E402
from assistant.evals.metrics import overlaps, quote_spans  # noqa: E402
from assistant.evals.runner import load_dataset  # noqa: E402
from fit_answering import COLLECTIONS  # noqa: E402  (the development collections, one list)

GRID: tuple[float | None, ...] = (None, 0.40, 0.45, 0.50, 0.55, 0.60)
SOURCE = ROOT / "assistant/answering/_extractive.py"


def gather(data: Path) -> list[dict[str, Any]]:
    """Every single-turn, non-summary development question, retrieved once."""
    questions = []
    for name, folder in COLLECTIONS.items():
        assistant = Assistant(Settings(corpus_dir=folder / "docs", data_dir=data / name, llm_base_url=None))
        assistant.ingest()
        pipeline = assistant._pipeline
        for case in load_dataset(folder / "cases.yaml").cases:
            if case.category == "summary" or len(case.turns) != 1:
                continue
            question = case.turns[0]
            info = analyze_question(question)
            if info.is_attack:
                continue
            spans: tuple[tuple[int, int], ...] = ()
            if case.answerable and case.gold_quotes and case.document:
                spans = tuple(quote_spans(assistant.document_text(case.document), case.gold_quotes))
            questions.append({
                "collection": name, "id": case.id, "split": case.split, "answerable": case.answerable,
                "asked": read_question(question).asked, "info": info, "document": case.document, "spans": spans,
                "found": pipeline.corpus.search(question, assistant.settings.top_k), "answerer": pipeline.answerer,
            })
    return questions


def outcomes(questions: list[dict[str, Any]], value: float | None) -> list[tuple[bool, bool]]:
    """Per question: answered, and answered with a quote from the gold passage."""
    out = []
    for q in questions:
        answerer = q["answerer"]
        answerer.thresholds = replace(answerer.thresholds, passage_word_match=value)
        found = q["found"]
        sel = answerer.select(q["asked"], found.vector, list(found.passages), found.sentence_vectors, info=q["info"])
        answered = sel.band == "answered"
        gold = answered and any(
            c.passage.chunk.source == q["document"] and overlaps(c.sentence.start, c.sentence.end, q["spans"])
            for c in sel.chosen
        )
        out.append((answered, gold))
    return out


def figures(questions: list[dict[str, Any]], results: list[tuple[bool, bool]]) -> dict[str, float]:
    able = [r for q, r in zip(questions, results, strict=True) if q["answerable"]]
    unable = [r for q, r in zip(questions, results, strict=True) if not q["answerable"]]
    gold = sum(g for _, g in able) / len(able) if able else 0.0
    declined = sum(not a for a, _ in unable) / len(unable) if unable else 0.0
    return {
        "n": len(questions),
        "gold": gold,
        "false_refusals": sum(not a for a, _ in able) / len(able) if able else 0.0,
        "declined": declined,
        "balanced": (gold + declined) / 2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-passage-match"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    questions = gather(args.data)
    rows: dict[float | None, dict[str, dict[str, float]]] = {}
    first: list[tuple[bool, bool]] = []
    for value in GRID:
        results = outcomes(questions, value)
        first = first or results
        groups: dict[str, list[int]] = {}
        for n, q in enumerate(questions):
            groups.setdefault(f"{q['collection']} {q['split']}", []).append(n)
            groups.setdefault(f"all {q['split']}", []).append(n)
        rows[value] = {
            key: figures([questions[n] for n in ns], [results[n] for n in ns]) for key, ns in sorted(groups.items())
        }
        print(f"passage_word_match = {value}")
        for key, f in rows[value].items():
            print(f"  {key:14s} n={f['n']:3.0f}  gold answered {f['gold']:.3f}  false refusals "
                  f"{f['false_refusals']:.3f}  unanswerables declined {f['declined']:.3f}  balanced {f['balanced']:.3f}")
        changed = [
            f"{q['collection']}:{q['id']}({q['split']}, {'answerable' if q['answerable'] else 'unanswerable'}, "
            f"{'answered' if r[0] else 'declined'}{', gold' if r[1] else ''})"
            for q, r, r0 in zip(questions, results, first, strict=True) if r != r0
        ]
        print("  changed from None: " + ("; ".join(changed) or "none"))
    floor = rows[None]["all fit"]["declined"]
    allowed = [v for v in GRID if rows[v]["all fit"]["declined"] >= floor]
    best = max(allowed, key=lambda v: (rows[v]["all fit"]["balanced"], -1 if v is None else v))
    print(f"chosen (fit splits only): passage_word_match = {best}")
    if args.write:
        write_threshold("passage_word_match", "float | None", best)


def write_threshold(field: str, annotation: str, value: float | None) -> None:
    """Set ``Thresholds.<field>``'s default in ``assistant/answering/_extractive.py`` to ``value``."""
    text = SOURCE.read_text(encoding="utf-8")
    text, n = re.subn(rf"(    {field}: {re.escape(annotation)} = )[^\n]+", rf"\g<1>{value}", text)
    if n != 1:
        raise SystemExit(f"{field} not found in Thresholds")
    SOURCE.write_text(text, encoding="utf-8")
    print(f"written to {SOURCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
