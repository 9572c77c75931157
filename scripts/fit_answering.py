"""Fit the extractive answer scorer and its thresholds on the development collections.

    python scripts/fit_answering.py [--data /tmp/fit-answering] [--rounds 2] [--write]

Training set: the ``fit`` split (fixed by case id, evals/dev/README.md) of every collection
under ``evals/dev/`` (the Python 3.11 FAQ and the Debian Administrator's Handbook). For each
question the collection is searched as the assistant does (hybrid retrieval, ``top_k``
passages) and every retrieved sentence becomes one example: its features
(``assistant/answering/_scoring.FEATURES``) and the label "overlaps a gold quote".
Unanswerable questions contribute only negatives. Summary requests are left out (they are
answered by another path). The study (``corpus/``, ``evals/study.yaml``,
``evals/heldout.yaml``, ``evals/fresh/``) is never read.

Fitted here:

* the weights: L2-regularised logistic regression (Newton's method, numpy only) on
  standardised features;
* ``answer_threshold``: on the best candidate's probability, the value that maximises the
  accuracy of answered-vs-declined over the fit questions with at most 5% of answerable
  ones declined;
* ``closest_threshold``: below the answer threshold, the value that best separates declined
  questions whose best sentence is from the gold passage (worth showing as the closest) from
  the rest;
* ``window_threshold`` and ``extra_ratio``: which further sentences join the quote, chosen to
  maximise the F1 of quoted sentences against the gold quotes;
* ``override_threshold``: at run time a rule gate (``ExtractiveAnswerer.rule_gate``) still
  decides answered or not, because the learned answerability does not yet decline
  unanswerable questions well; a learned answerability at or above this threshold answers
  although the gate declines. It is the most accurate threshold on the fit questions that
  answers no fit unanswerable question the gate declines.

Features depend on the model (only the best few sentences get the expensive features), so
the fit runs ``--rounds`` times, each round computing features with the previous model.
It prints figures on the fit and test splits of each collection; ``--write`` saves
``assistant/data/answer_model.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering._extractive import choose, is_typed, quotable_sentence  # noqa: E402
from assistant.answering._questions import analyze_question  # noqa: E402
from assistant.answering._scoring import (  # noqa: E402
    ANSWER_FEATURES,
    FEATURES,
    AnswerModel,
    Logistic,
    default_model,
    question_features,
)
from assistant.evals.metrics import overlaps, quote_spans  # noqa: E402
from assistant.evals.runner import load_dataset  # noqa: E402

COLLECTIONS = {
    "pyfaq": ROOT / "evals/dev/pyfaq",
    "handbook": ROOT / "evals/dev/debian-handbook",
}
MODEL_PATH = ROOT / "assistant/data/answer_model.json"
MAX_FALSE_REFUSALS = 0.05
L2 = 1.0


def gather(data: Path) -> list[dict[str, Any]]:
    """Every dev question with what the answerer needs to score it again under any model."""
    questions: list[dict[str, Any]] = []
    for name, folder in COLLECTIONS.items():
        settings = Settings(corpus_dir=folder / "docs", data_dir=data / name, llm_base_url=None)
        assistant = Assistant(settings)
        assistant.ingest()
        pipeline = assistant._pipeline
        for case in load_dataset(folder / "cases.yaml").cases:
            if case.category == "summary":
                continue
            question = case.turns[-1]
            found = pipeline.corpus.search(question, settings.top_k)
            spans: tuple[tuple[int, int], ...] = ()
            if case.answerable and case.gold_quotes:
                spans = quote_spans(assistant.document_text(case.document), case.gold_quotes)
            questions.append(
                {
                    "collection": name,
                    "id": case.id,
                    "split": case.split,
                    "answerable": case.answerable,
                    "question": question,
                    "info": analyze_question(question),
                    "found": found,
                    "document": case.document,
                    "spans": spans,
                    "answerer": pipeline.answerer,
                }
            )
        questions[-1]["_assistant"] = assistant  # keep it open
    return questions


def score(questions: list[dict[str, Any]], model: AnswerModel) -> None:
    """Candidates (with features) of every question under ``model``."""
    for q in questions:
        answerer = q["answerer"]
        answerer.model = model
        cands = answerer.candidates(q["info"], q["found"].vector, q["found"].passages, q["found"].sentence_vectors)
        q["cands"] = cands
        q["gate"] = answerer.rule_gate(q["info"], cands)
        q["labels"] = [
            bool(q["spans"]) and c.passage.chunk.source == q["document"] and overlaps(c.sentence.start, c.sentence.end, q["spans"])
            for c in cands
        ]


def fit_weights(questions: list[dict[str, Any]]) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    xs = [c.features for q in questions for c in q["cands"]]
    ys = [float(y) for q in questions for y in q["labels"]]
    print(f"sentence model: {len(ys)} sentences ({int(sum(ys))} positive) from {len(questions)} questions",
          file=sys.stderr)
    return logistic(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))


def fit_answerability(questions: list[dict[str, Any]]) -> Logistic:
    xs = [question_features([c for c in q["cands"] if quotable_sentence(c)], is_typed(q["info"])) for q in questions]
    ys = [float(q["answerable"]) for q in questions]
    print(f"answerability model: {len(ys)} questions ({int(sum(ys))} answerable)", file=sys.stderr)
    w, b, mean, scale = logistic(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    return Logistic(weights=tuple(w), bias=b, mean=tuple(mean), scale=tuple(scale))


def logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1]), mean, scale


def rescore(questions: list[dict[str, Any]], model: AnswerModel) -> None:
    for q in questions:
        pairs = []
        for c, y in zip(q["cands"], q["labels"], strict=True):
            p = model.probability(c.features)
            pairs.append((replace(c, probability=p, score=p), y))
        pairs.sort(key=lambda t: -t[0].probability)
        q["cands"] = [c for c, _ in pairs]
        q["labels"] = [y for _, y in pairs]


def outcome(q: dict[str, Any], model: AnswerModel, *, gated: bool = False) -> dict[str, Any]:
    """What the answerer would do: with ``gated``, as at run time (the rule gate decides, or
    the learned answerability when it reaches the override threshold)."""
    gate = None
    if gated:
        quotable = [c for c in q["cands"] if quotable_sentence(c)]
        p = model.answer_probability(quotable, is_typed(q["info"])) if quotable else 0.0
        gate = q["gate"] or p >= model.override_threshold
    chosen, band, probability = choose(q["cands"], model, typed=is_typed(q["info"]), gate=gate)
    gold = {id(c) for c, y in zip(q["cands"], q["labels"], strict=True) if y}
    hits = sum(1 for c in chosen if id(c) in gold)
    quotable = [c for c in q["cands"] if quotable_sentence(c)]
    best_gold = bool(quotable) and id(quotable[0]) in gold
    return {"band": band, "probability": probability, "answered": bool(chosen), "hit": hits > 0, "hits": hits, "n": len(chosen), "gold": len(gold),
            "best_gold": best_gold}


def figures(questions: list[dict[str, Any]], model: AnswerModel, *, gated: bool = False) -> dict[str, float]:
    rows = [(q, outcome(q, model, gated=gated)) for q in questions]
    ans = [o for q, o in rows if q["answerable"]]
    una = [o for q, o in rows if not q["answerable"]]
    gold = [o for q, o in rows if q["answerable"] and q["spans"]]
    return {
        "questions": len(rows),
        "gold_quoted": float(np.mean([o["hit"] for o in gold])) if gold else float("nan"),
        "false_refusals": float(np.mean([not o["answered"] for o in ans])) if ans else float("nan"),
        "declined": float(np.mean([not o["answered"] for o in una])) if una else float("nan"),
        "closest_shown": float(np.mean([o["band"] == "closest" for _, o in rows])),
    }


def fit_thresholds(questions: list[dict[str, Any]], model: AnswerModel) -> AnswerModel:
    best_probs = [outcome(q, model)["probability"] for q in questions]
    grid = sorted(set(np.round(np.quantile(best_probs, np.linspace(0, 1, 201)), 4)))
    chosen_t, chosen_acc = grid[0], -1.0
    for t in grid:
        answered = [p >= t for p in best_probs]
        ans = [a for a, q in zip(answered, questions, strict=True) if q["answerable"]]
        fr = 1 - float(np.mean(ans))
        if fr > MAX_FALSE_REFUSALS:
            continue
        acc = float(np.mean([a == q["answerable"] for a, q in zip(answered, questions, strict=True)]))
        if acc > chosen_acc:
            chosen_t, chosen_acc = t, acc
    model = replace(model, answer_threshold=float(chosen_t))
    # The closest band: declined questions whose best sentence is from the gold passage.
    below = [(p, outcome(q, model)["best_gold"]) for p, q in zip(best_probs, questions, strict=True) if p < chosen_t]
    closest_t, closest_acc = chosen_t, -1.0
    for t in sorted({p for p, _ in below} | {chosen_t}):
        acc = float(np.mean([(p >= t) == g for p, g in below])) if below else 0.0
        if acc > closest_acc:
            closest_t, closest_acc = t, acc
    model = replace(model, closest_threshold=float(min(closest_t, chosen_t)))
    # Further sentences: F1 of the quoted sentences against the gold ones.
    best_f1, best_pair = -1.0, (1.0, 1.0)
    for window in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.01):
        for ratio in (0.6, 0.7, 0.8, 0.9, 0.95, 1.01):
            m = replace(model, window_threshold=window, extra_ratio=ratio)
            f1s = []
            for q in questions:
                if not (q["answerable"] and q["spans"]):
                    continue
                o = outcome(q, m)
                if not o["n"]:
                    f1s.append(0.0)
                    continue
                precision = o["hits"] / o["n"]
                recall = min(1.0, o["hits"] / max(o["gold"], 1))
                f1s.append(0 if not o["hits"] else 2 * precision * recall / (precision + recall))
            f1 = float(np.mean(f1s))
            if f1 > best_f1 + 1e-9:
                best_f1, best_pair = f1, (window, ratio)
    model = replace(model, window_threshold=best_pair[0], extra_ratio=best_pair[1])
    # The override: a learned answerability at or above it answers although the rule gate
    # declines. It may not answer any fit unanswerable question the gate declines (the learned
    # model does not yet decline well on its own), and within that it maximises accuracy.
    unanswerable = [q for q in questions if not q["answerable"]]
    gate_only = replace(model, override_threshold=1.01)
    declined = sum(not outcome(q, gate_only, gated=True)["answered"] for q in unanswerable)
    best_acc, best_t = -1.0, 1.01
    for t in sorted([*grid, 1.01], reverse=True):
        m = replace(model, override_threshold=float(t))
        if sum(not outcome(q, m, gated=True)["answered"] for q in unanswerable) < declined:
            continue
        acc = float(np.mean([outcome(q, m, gated=True)["answered"] == q["answerable"] for q in questions]))
        if acc > best_acc + 1e-9:
            best_acc, best_t = acc, float(t)
    return replace(model, override_threshold=best_t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-answering"), help="index folders (kept between runs)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true", help=f"save {MODEL_PATH.relative_to(ROOT)}")
    args = parser.parse_args()
    questions = gather(args.data)
    fit = [q for q in questions if q["split"] == "fit"]
    model = default_model()
    for round_ in range(args.rounds):
        score(questions, model)
        weights, bias, mean, scale = fit_weights(fit)
        model = replace(model, weights=tuple(weights), bias=bias, mean=tuple(mean), scale=tuple(scale))
        rescore(questions, model)
        model = replace(model, answerability=fit_answerability(fit))
        model = fit_thresholds(fit, model)
        print(f"round {round_ + 1}: answer {model.answer_threshold:.3f}, closest {model.closest_threshold:.3f}, "
              f"window {model.window_threshold}, extra {model.extra_ratio}", file=sys.stderr)
    # Final figures with features computed under the final model, as at run time.
    score(questions, model)
    print(f"override threshold {model.override_threshold}")
    print("| collection | split | decided by | questions | gold quoted | false refusals | unanswerables declined | "
          "closest shown |")
    print("|---|---|---|---|---|---|---|---|")
    for name in COLLECTIONS:
        for split in ("fit", "test"):
            part = [q for q in questions if q["collection"] == name and q["split"] == split]
            for gated, label in ((False, "learned model"), (True, "run time (rule gate or override)")):
                f = figures(part, model, gated=gated)
                print(f"| {name} | {split} | {label} | {f['questions']} | {f['gold_quoted']:.3f} | "
                      f"{f['false_refusals']:.3f} | {f['declined']:.3f} | {f['closest_shown']:.3f} |")
    print("\nweights (standardised features):")
    for name, w in sorted(zip(FEATURES, model.weights, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:18s} {w:+.3f}")
    print("\nanswerability weights (standardised features):")
    assert model.answerability is not None
    for name, w in sorted(zip(ANSWER_FEATURES, model.answerability.weights, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:20s} {w:+.3f}")
    if args.write:
        data = {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in model.weights],
            "bias": round(model.bias, 6),
            "mean": [round(v, 6) for v in model.mean],
            "scale": [round(v, 6) for v in model.scale],
            "answer_threshold": round(model.answer_threshold, 6),
            "closest_threshold": round(model.closest_threshold, 6),
            "window_threshold": model.window_threshold,
            "extra_ratio": model.extra_ratio,
            "override_threshold": model.override_threshold,
            "answer_features": list(ANSWER_FEATURES),
            "answerability": model.answerability.to_dict(),
            "description": {
                "fitted": datetime.now(UTC).strftime("%Y-%m-%d"),
                "script": "scripts/fit_answering.py",
                "training_set": "fit split of evals/dev/pyfaq (Python 3.11 FAQ) and evals/dev/debian-handbook "
                "(Debian Administrator's Handbook): every sentence of the top_k retrieved passages per question, "
                "labelled by overlap with the case's gold quotes; unanswerable questions give negatives only",
                "questions": len(fit),
                "sentences": sum(len(q["cands"]) for q in fit),
                "method": "two L2-regularised logistic regressions (lambda 1) on standardised features: sentence "
                "answers the question (label: overlaps a gold quote), and question is answerable (from the scored "
                "sentences); thresholds on the answerability probability fitted on the same fit split (answer: "
                "max accuracy with false refusals <= 0.05)",
            },
        }
        MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}", file=sys.stderr)
    for q in questions:
        if "_assistant" in q:
            q["_assistant"].close()


if __name__ == "__main__":
    main()
