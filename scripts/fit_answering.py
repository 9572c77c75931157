"""Fit the extractive answer scorer, its answerability model and its thresholds.

    python scripts/fit_answering.py [--data /tmp/fit-answering] [--rounds 2] [--write]

Training set (the study, ``corpus/``, ``evals/study.yaml``, ``evals/heldout.yaml`` and
``evals/fresh/``, is never read):

* the ``fit`` split (fixed by case id, evals/dev/README.md) of every collection under
  ``evals/dev/`` (the Python 3.11 FAQ and the Debian Administrator's Handbook);
* question-answer pairs mined from the FAQs that Debian packages ship
  (``scripts/mine_pairs.py``: the FAQ's questions, answered by their sections' first
  paragraphs), in the same fit/test split by id;
* unanswerable questions made from the answerable fit questions: the rarest noun swapped for
  one the collection never uses, and questions of one collection asked of another.

For each question the collection is searched as the assistant does (hybrid retrieval,
``top_k`` passages) and every retrieved sentence becomes one example: its features
(``assistant/answering/_scoring.FEATURES``) and the label "overlaps a gold quote".
Unanswerable questions contribute only negatives. Summary requests are left out (they are
answered by another path).

Fitted here:

* the sentence weights: L2-regularised logistic regression (Newton's method, numpy only) on
  standardised features;
* the answerability model: the same over question-level features (``ANSWER_FEATURES``: the
  best candidates' probabilities, their margin, coverage of the question's rarer topic terms by
  the best sentence and its section, terms found in no retrieved passage, answer type present,
  heading match, ...), label "answerable"; the development collections' questions weigh
  ``DEV_WEIGHT`` times the mined and made ones;
* ``answer_threshold``: on the answerability probability, the value that maximises balanced
  accuracy (answerable answered, unanswerable declined; weighted as ``group_weights``) over
  the fit questions, among values with at most ``MAX_FALSE_REFUSALS`` of the development
  answerable ones declined (or the lowest false refusals reachable when none is);
* ``closest_threshold``: below the answer threshold, the value that best separates declined
  questions whose best sentence is from the gold passage (worth showing as the closest) from
  the rest;
* ``window_threshold`` and ``extra_ratio``: which further sentences join the quote, chosen to
  maximise the F1 of quoted sentences against the gold quotes;
* ``override_threshold``: at run time a rule gate (``ExtractiveAnswerer.rule_gate``) still
  decides answered or not, because the answerability model alone does not yet hold the study's
  floors (false refusals 0.22 on the study, 0.16 on its held-out set, measured 29 Nov 2026); an
  answerability probability at or above this threshold answers although the gate declines. It
  is the most accurate threshold on the development fit questions that answers no fit
  unanswerable question the gate declines.

The sentence weights, ``window_threshold`` and ``extra_ratio`` are refitted only with
``--refit-sentences``: refitted with the mined pairs they lowered the development collections'
gold quoted at run time (Python FAQ fit split 0.674 -> 0.573, 29 Nov 2026), so the shipped ones
(fitted on the development fit splits alone) are kept and only answerability is fitted.
Features depend on the model (only the best few sentences get the expensive features), so
with ``--refit-sentences`` the fit runs ``--rounds`` times, each round computing features with
the previous model.
It prints figures on the fit and test splits of each collection; ``--write`` saves
``assistant/data/answer_model.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from mine_pairs import mine, swap_noun  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering._extractive import choose, is_typed, quotable_sentence  # noqa: E402
from assistant.answering._questions import analyze_question  # noqa: E402
from assistant.answering._scoring import (  # noqa: E402
    ANSWER_FEATURES,
    FEATURES,
    AnswerModel,
    Logistic,
    question_features,
)
from assistant.evals.metrics import overlaps, quote_spans  # noqa: E402
from assistant.evals.runner import load_dataset  # noqa: E402
from assistant.lexicon import common_nouns  # noqa: E402
from assistant.text import stem  # noqa: E402

COLLECTIONS = {
    "pyfaq": ROOT / "evals/dev/pyfaq",
    "handbook": ROOT / "evals/dev/debian-handbook",
}
# Mined collections and whether each keeps the FAQ's questions as headings (scripts/mine_pairs.py).
MINED = {"mined": True}
MODEL_PATH = ROOT / "assistant/data/answer_model.json"
# The answer threshold's limit on the development fit questions' false refusals. The issue's
# goal is 0.05, but at 0.05 the fitted model answers most unanswerable development questions
# (0.37 of the fit split's declined, 29 Nov 2026); 0.10 keeps both within reach.
MAX_FALSE_REFUSALS = 0.10
L2 = 1.0
# The development collections' questions are written by people, in their own words, with
# unanswerable ones in each collection's vocabulary: they weigh more than mined and made ones.
DEV_WEIGHT = 2.0
# Questions of one collection asked of another, per (asked, asking) pair.
CROSS_QUESTIONS = 30


def split_of(case_id: str) -> str:
    """The fixed fit/test split by id (as evals/dev/build_cases.py)."""
    return "test" if int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16) % 10 < 3 else "fit"


def _question(collection: str, origin: str, id_: str, split: str, answerable: bool, question: str,
              document: str = "", gold: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"collection": collection, "origin": origin, "id": id_, "split": split, "answerable": answerable,
            "question": question, "document": document, "gold": gold}


def gather(data: Path) -> tuple[list[dict[str, Any]], list[Assistant]]:
    """Every training and test question with what the answerer needs to score it under any model."""
    folders = {name: folder / "docs" for name, folder in COLLECTIONS.items()}
    for name in MINED:
        folders[name] = data / f"{name}-docs"
    plan: list[dict[str, Any]] = []
    for name, folder in COLLECTIONS.items():
        for case in load_dataset(folder / "cases.yaml").cases:
            if case.category != "summary":
                plan.append(_question(name, "dev", case.id, case.split, case.answerable, case.turns[-1], case.document,
                                      tuple(case.gold_quotes) if case.answerable else ()))
    for name, headings in MINED.items():
        for pair in mine(folders[name], headings=headings):
            plan.append(_question(name, "mined", pair.id, split_of(pair.id), True, pair.question, pair.document,
                                  pair.gold_quotes))
    assistants = {name: Assistant(Settings(corpus_dir=folder, data_dir=data / name, llm_base_url=None))
                  for name, folder in folders.items()}
    for assistant in assistants.values():
        assistant.ingest()
    plan += made_unanswerable(plan, assistants)
    # Retrieval does not depend on the model: kept between runs, by collection and question.
    cache = data / "retrieved.pickle"
    retrieved: dict[str, Any] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    missing = [q for q in plan if f"{q['collection']}:{q['question']}" not in retrieved]
    for q in missing:
        assistant = assistants[q["collection"]]
        retrieved[f"{q['collection']}:{q['question']}"] = assistant._pipeline.corpus.search(
            q["question"], assistant.settings.top_k
        )
    if missing:
        cache.write_bytes(pickle.dumps(retrieved))
    questions = []
    for q in plan:
        assistant = assistants[q["collection"]]
        pipeline = assistant._pipeline
        found = retrieved[f"{q['collection']}:{q['question']}"]
        spans: tuple[tuple[int, int], ...] = ()
        if q["answerable"] and q["gold"]:
            spans = quote_spans(assistant.document_text(q["document"]), q["gold"])
        questions.append({**q, "info": analyze_question(q["question"]), "found": found, "spans": spans,
                          "answerer": pipeline.answerer})
    return questions, list(assistants.values())


def made_unanswerable(plan: list[dict[str, Any]], assistants: dict[str, Assistant]) -> list[dict[str, Any]]:
    """Unanswerable questions made from the answerable fit ones: the rarest noun swapped for a
    noun of another collection that this one never uses; and questions asked of another collection."""
    nouns = common_nouns()
    vocab = {name: {w for w in _words(a) if w in nouns} for name, a in assistants.items()}
    out = []
    for q in plan:
        if not (q["answerable"] and q["split"] == "fit"):
            continue
        corpus = assistants[q["collection"]]._pipeline.corpus
        known = {w for w in vocab[q["collection"]] if corpus.known(stem(w))}
        pool = sorted(w for name, words in vocab.items() if name != q["collection"] for w in words
                      if 5 <= len(w) <= 10 and not corpus.known(stem(w)))
        df = {w: -corpus.idf(stem(w)) for w in known}
        swapped = swap_noun(q["question"], nouns=nouns, df=df, known=known, pool=pool)
        if swapped:
            out.append(_question(q["collection"], "swapped", q["id"] + "-swap", "fit", False, swapped))
    for asked in assistants:
        for asking in assistants:
            if asked == asking:
                continue
            theirs = [q for q in plan if q["collection"] == asking and q["answerable"] and q["split"] == "fit"]
            theirs.sort(key=lambda q: hashlib.sha256(q["id"].encode()).hexdigest())
            for q in theirs[:CROSS_QUESTIONS]:
                out.append(_question(asked, "cross", f"{q['id']}-in-{asked}", "fit", False, q["question"]))
    return out


def _words(assistant: Assistant) -> set[str]:
    words: set[str] = set()
    for source in assistant._pipeline.corpus.sources():
        words.update(re.findall(r"[a-z]+", assistant.document_text(source.source).lower()))
    return words


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
        _evidence(q)


def _evidence(q: dict[str, Any]) -> None:
    quotable = [c for c in q["cands"] if quotable_sentence(c)]
    q["evidence"] = q["answerer"].term_evidence(q["info"], quotable, q["found"].passages)


def _weight(q: dict[str, Any]) -> float:
    return DEV_WEIGHT if q["origin"] == "dev" else 1.0


def fit_weights(questions: list[dict[str, Any]]) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    xs = [c.features for q in questions for c in q["cands"]]
    ys = [float(y) for q in questions for y in q["labels"]]
    ws = [_weight(q) for q in questions for _ in q["labels"]]
    print(f"sentence model: {len(ys)} sentences ({int(sum(ys))} positive) from {len(questions)} questions",
          file=sys.stderr)
    return logistic(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), np.asarray(ws, dtype=float))


def answer_features(q: dict[str, Any]) -> tuple[float, ...]:
    return question_features([c for c in q["cands"] if quotable_sentence(c)], is_typed(q["info"]), q["evidence"])


def group_weights(questions: list[dict[str, Any]]) -> list[float]:
    """Answerable and unanswerable questions weigh the same in total; within each, every
    (collection, origin) group weighs the same, development groups ``DEV_WEIGHT`` times more."""
    groups: dict[tuple[str, str, bool], int] = {}
    for q in questions:
        key = (q["collection"], q["origin"], q["answerable"])
        groups[key] = groups.get(key, 0) + 1
    mass = {cls: sum(_weight({"origin": k[1]}) for k in groups if k[2] == cls) for cls in (True, False)}
    n = len(questions)
    return [n / 2 * _weight(q) / mass[q["answerable"]] / groups[(q["collection"], q["origin"], q["answerable"])]
            for q in questions]


def fit_answerability(questions: list[dict[str, Any]]) -> Logistic:
    xs = [answer_features(q) for q in questions]
    ys = [float(q["answerable"]) for q in questions]
    ws = group_weights(questions)
    print(f"answerability model: {len(ys)} questions ({int(sum(ys))} answerable)", file=sys.stderr)
    w, b, mean, scale = logistic(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), np.asarray(ws, dtype=float))
    return Logistic(weights=tuple(w), bias=b, mean=tuple(mean), scale=tuple(scale))


def logistic(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weighted, L2-regularised logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (sample_weight * (p - y)) + penalty * w
        hess = (z * (sample_weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
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
        _evidence(q)


def outcome(q: dict[str, Any], model: AnswerModel, *, gated: bool = False) -> dict[str, Any]:
    """What the answerer would do with the question's candidates under ``model``: with
    ``gated``, as at run time (the rule gate decides, or the answerability model when it
    reaches the override threshold)."""
    gate = None
    if gated:
        quotable = [c for c in q["cands"] if quotable_sentence(c)]
        p = model.answer_probability(quotable, is_typed(q["info"]), q["evidence"]) if quotable else 0.0
        gate = q["gate"] or p >= model.override_threshold
    chosen, band, probability = choose(q["cands"], model, typed=is_typed(q["info"]), evidence=q["evidence"], gate=gate)
    gold = {id(c) for c, y in zip(q["cands"], q["labels"], strict=True) if y}
    hits = sum(1 for c in chosen if id(c) in gold)
    quotable = [c for c in q["cands"] if quotable_sentence(c)]
    best_gold = bool(quotable) and id(quotable[0]) in gold
    return {"band": band, "probability": probability, "answered": bool(chosen), "hit": hits > 0, "hits": hits,
            "n": len(chosen), "gold": len(gold), "best_gold": best_gold}


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


def _balanced(answered: list[bool], questions: list[dict[str, Any]], weights: list[float]) -> tuple[float, float]:
    """Balanced accuracy (weighted as in training: ``group_weights``) and the development
    questions' false refusals."""
    right = sum(w for a, q, w in zip(answered, questions, weights, strict=True) if a == q["answerable"])
    dev_ans = [not a for a, q in zip(answered, questions, strict=True) if q["answerable"] and q["origin"] == "dev"]
    return right / sum(weights), float(np.mean(dev_ans))


def fit_thresholds(questions: list[dict[str, Any]], model: AnswerModel, *, windows: bool = True) -> AnswerModel:
    best_probs = [outcome(q, model)["probability"] for q in questions]
    grid = sorted(set(np.round(np.quantile(best_probs, np.linspace(0, 1, 401)), 5)))
    weights = group_weights(questions)
    scored = []
    for t in grid:
        acc, fr = _balanced([p >= t for p in best_probs], questions, weights)
        scored.append((t, acc, fr))
    allowed = [s for s in scored if s[2] <= MAX_FALSE_REFUSALS] or [min(scored, key=lambda s: (s[2], -s[1]))]
    chosen_t = max(allowed, key=lambda s: (s[1], -s[0]))[0]
    model = replace(model, answer_threshold=float(chosen_t))
    print("answer threshold | balanced accuracy | dev false refusals | dev unanswerables declined", file=sys.stderr)
    for t, acc, fr in scored[:: max(1, len(scored) // 25)] + [s for s in scored if s[0] == chosen_t]:
        una = [p < t for p, q in zip(best_probs, questions, strict=True) if not q["answerable"] and q["origin"] == "dev"]
        print(f"  {t:.3f} | {acc:.3f} | {fr:.3f} | {float(np.mean(una)):.3f}{' <-' if t == chosen_t else ''}",
              file=sys.stderr)
    # The closest band: declined questions whose best sentence is from the gold passage.
    below = [(p, outcome(q, model)["best_gold"]) for p, q in zip(best_probs, questions, strict=True) if p < chosen_t]
    closest_t, closest_acc = chosen_t, -1.0
    for t in sorted({p for p, _ in below} | {chosen_t}):
        acc = float(np.mean([(p >= t) == g for p, g in below])) if below else 0.0
        if acc > closest_acc:
            closest_t, closest_acc = t, acc
    model = replace(model, closest_threshold=float(min(closest_t, chosen_t)))
    # Further sentences: F1 of the quoted sentences against the gold ones.
    best_f1, best_pair = -1.0, (model.window_threshold, model.extra_ratio)
    for window in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.01) if windows else ():
        for ratio in (0.6, 0.7, 0.8, 0.9, 0.95, 1.01):
            m = replace(model, window_threshold=window, extra_ratio=ratio)
            f1s = []
            for q in questions:
                if not (q["answerable"] and q["spans"] and q["origin"] == "dev"):
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
    # The override: an answerability probability at or above it answers although the rule gate
    # declines. It may not answer any fit unanswerable question the gate declines, and within
    # that it maximises accuracy on the development fit questions.
    dev = [q for q in questions if q["origin"] == "dev"]
    unanswerable = [q for q in questions if not q["answerable"]]
    gate_only = replace(model, override_threshold=1.01)
    declined = sum(not outcome(q, gate_only, gated=True)["answered"] for q in unanswerable)
    best_acc, best_t = -1.0, 1.01
    for t in sorted([*grid, 1.01], reverse=True):
        m = replace(model, override_threshold=float(t))
        if sum(not outcome(q, m, gated=True)["answered"] for q in unanswerable) < declined:
            break
        acc = float(np.mean([outcome(q, m, gated=True)["answered"] == q["answerable"] for q in dev]))
        if acc > best_acc + 1e-9:
            best_acc, best_t = acc, float(t)
    return replace(model, override_threshold=best_t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-answering"), help="index folders (kept between runs)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--refit-sentences",
        action="store_true",
        help="refit the sentence weights and the quote window too (default: keep the shipped ones)",
    )
    parser.add_argument("--dump", type=Path, default=None, help="save the scored questions (pickle) for analysis")
    parser.add_argument("--write", action="store_true", help=f"save {MODEL_PATH.relative_to(ROOT)}")
    args = parser.parse_args()
    questions, assistants = gather(args.data)
    fit = [q for q in questions if q["split"] == "fit"]
    # Start from the shipped sentence weights; the answerability model is fitted afresh.
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = AnswerModel.from_dict({k: v for k, v in shipped.items() if k not in ("answerability", "answer_features")})
    for round_ in range(args.rounds if args.refit_sentences else 1):
        score(questions, model)
        if args.refit_sentences:
            weights, bias, mean, scale = fit_weights(fit)
            model = replace(model, weights=tuple(weights), bias=bias, mean=tuple(mean), scale=tuple(scale))
            rescore(questions, model)
        model = replace(model, answerability=fit_answerability(fit))
        model = fit_thresholds(fit, model, windows=args.refit_sentences)
        print(f"round {round_ + 1}: answer {model.answer_threshold:.3f}, closest {model.closest_threshold:.3f}, "
              f"window {model.window_threshold}, extra {model.extra_ratio}", file=sys.stderr)
    # Final figures with features computed under the final model, as at run time.
    if args.refit_sentences:
        score(questions, model)
    else:
        for q in questions:
            q["answerer"].model = model
    print(f"override threshold {model.override_threshold}")
    print("| collection | questions from | split | decided by | questions | gold quoted | false refusals | "
          "unanswerables declined | closest shown |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in [*COLLECTIONS, *MINED]:
        for origin in ("dev", "mined", "swapped", "cross"):
            for split in ("fit", "test"):
                part = [q for q in questions if q["collection"] == name and q["split"] == split and q["origin"] == origin]
                if not part:
                    continue
                for gated, label in ((False, "answerability model"), (True, "run time (rule gate or override)")):
                    f = figures(part, model, gated=gated)
                    print(f"| {name} | {origin} | {split} | {label} | {f['questions']} | {f['gold_quoted']:.3f} | "
                          f"{f['false_refusals']:.3f} | {f['declined']:.3f} | {f['closest_shown']:.3f} |")
    print("\nweights (standardised features):")
    for name, w in sorted(zip(FEATURES, model.weights, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:18s} {w:+.3f}")
    print("\nanswerability weights (standardised features):")
    assert model.answerability is not None
    for name, w in sorted(zip(ANSWER_FEATURES, model.answerability.weights, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:20s} {w:+.3f}")
    if args.write:
        origins = {o: sum(1 for q in fit if q["origin"] == o) for o in ("dev", "mined", "swapped", "cross")}
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
                "(Debian Administrator's Handbook); question-answer pairs mined from FAQs in /usr/share/doc "
                "(scripts/mine_pairs.py); unanswerable questions made from the answerable fit ones (rarest noun "
                "swapped for one the collection lacks; questions of another collection). Sentences: every sentence "
                "of the top_k retrieved passages per question, labelled by overlap with the gold quotes",
                "questions": origins,
                "sentences": sum(len(q["cands"]) for q in fit),
                "method": "two weighted L2-regularised logistic regressions (lambda 1) on standardised features: "
                f"sentence answers the question, and question is answerable (development questions weigh {DEV_WEIGHT}); "
                "answer threshold: max balanced accuracy over the fit questions with development false refusals "
                f"<= {MAX_FALSE_REFUSALS} where reachable; override threshold over the rule gate: most accurate on "
                "the development fit questions answering no fit unanswerable question the gate declines",
                "sentence_weights": "refitted with the answerability model" if args.refit_sentences
                else "kept from the previous fit (development fit splits only); answerability fitted on them",
            },
        }
        MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}", file=sys.stderr)
    if args.dump:
        keep = ("collection", "origin", "id", "split", "answerable", "question", "evidence", "cands", "labels", "spans",
                "gate")
        args.dump.write_bytes(pickle.dumps([{k: q[k] for k in keep} for q in questions]))
    for assistant in assistants:
        assistant.close()


if __name__ == "__main__":
    main()
