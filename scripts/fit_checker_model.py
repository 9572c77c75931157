#!/usr/bin/env python3
"""Fit a learned combination of the offline checker's own signals, and test it against the rules
by leave-one-document-out cross-validation.

The offline checker (assistant/answering/_verify.py) decides by rules: any reason it finds makes a
sentence unsupported. Hand rules read off one untuned set moved the next by about one row each round
(evals/CHECKER.md), so this script tries the other way: an L2-regularised logistic regression
(Newton's method, numpy only, as scripts/fit_answering.py) over the checker's signals for one
(sentence, cited passages) pair (:func:`signals`): the best window's score, the lexical coverage of
the claim by the cited text and its novelty counts, one flag per kind of rule that fired (roles,
names, opposites, negation, added causes and degrees, clauses, hedges, ...), the position-free vetoes,
the number of passages, and the rules' own verdict. Hard vetoes stay hard whatever the regression
says: a number, date or quote of the sentence that the cited text lacks (never wrong on the
development rows; the script checks that and says so).

Rows (lexical scoring, no embedding model): the labelled rows that are neither the study's nor the
untuned set's: the fit split of evals/checker_llm/pairs.jsonl, evals/checker_llm/further.jsonl to
further5.jsonl, and the non-study rows of evals/checker_pairs.jsonl. evals/checker_llm/further6.jsonl
(untuned) is never read except to assert that none of its sentences or documents is here.

Cross-validation: leave one document out (each document of those sets is a fold; the older pair
set's lake, library and asthma texts are one). For each fold the regression is fitted on the other
documents (classes weighed equally) and decides the held-out document's rows; the rules decide the
same rows. Reported: faithful kept and unsupported removed, pooled over the folds, and per fold.
With ``--write`` and only when the regression's pooled kept AND removed both beat the rules', the
model fitted on every row is written to assistant/data/checker_model.json; otherwise nothing is
written and the rules stay.

Usage: PYTHONPATH=. python scripts/fit_checker_model.py [--write] [--l2 1.0]
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fit_answering import logistic  # noqa: E402
from fit_checker import development_rows  # noqa: E402

from assistant.answering._verify import (  # noqa: E402
    Similarity,
    _content,
    _tokens,
    added_claims,
    check_support,
    fact_vetoes,
)
from assistant.text import sentence_spans  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "assistant" / "data" / "checker_model.json"

# The kinds of reason the rules give (assistant/answering/_verify.py), by the pattern of their text.
REASON_KINDS: tuple[tuple[str, str], ...] = (
    ("roles", r"trade roles|trade what the cited text says|does what the cited text says is done"),
    ("other_name", r"stands where the cited text has another name"),
    ("hedge", r"stated as certain where"),
    ("time_unit", r"another unit of time"),
    ("opposite", r"has its opposite"),
    ("universal", r"\((?:universal|near-universal)\)"),
    ("degree", r"\((?:booster|emphasizer|exclusive|frequency|large_quantity|maximizer|[a-z_]+)\) the cited text does not say"),
    ("cause_unlinked", r"adds a cause .* does not link"),
    ("cause_unstated", r"adds a cause .* does not state"),
    ("clause", r"^clause "),
    ("low_overlap", r"^low (?:overlap|similarity)"),
    ("name", r"^name "),
    ("negation", r"negation mismatch"),
    ("number", r"^number "),
    ("date", r"^date "),
    ("quote", r"^quote "),
)
HARD = ("number", "date", "quote")
FEATURES: tuple[str, ...] = (
    "score",
    "rules_supported",
    *(f"rule_{k}" for k, _ in REASON_KINDS),
    "reasons",
    "veto_name",
    "added",
    "coverage",
    "novel_words",
    "passages",
    "length",
)


def _reason_kind(reason: str) -> str | None:
    for kind, pattern in REASON_KINDS:
        if re.search(pattern, reason):
            return kind
    return None


SIMILARITY_FEATURES = ("similarity_best", "similarity_sentence", "similarity_union")


def signals(
    sentence: str, passages: Sequence[str], similarity: Similarity | None = None
) -> tuple[dict[str, float], bool]:
    """The checker's signals for one pair, and whether a hard veto (a number, date or quote the
    cited text lacks) holds. With ``similarity`` (the assistant's embedding similarity) the
    checker scores with it too, and three more signals are given (:data:`SIMILARITY_FEATURES`):
    the blended score of its window, and the embedding similarity of the sentence with the
    closest single sentence of the cited text and with the whole of it."""
    support = check_support(sentence, passages, similarity=similarity)
    kinds = [_reason_kind(r) for r in support.reasons]
    vetoes = fact_vetoes(sentence, passages)
    veto_kinds = {r.split(" ", 1)[0] for r in vetoes}
    hard = bool(veto_kinds & set(HARD)) or any(k in HARD for k in kinds)
    claim = {t.stem for t in _content(_tokens(sentence))}
    text = {t.stem for p in passages for t in _content(_tokens(p))}
    novel = claim - text
    out = {
        "score": support.score,
        "rules_supported": float(support.supported),
        **{f"rule_{k}": float(k in kinds) for k, _ in REASON_KINDS},
        "reasons": float(len(support.reasons)),
        "veto_name": float("name" in veto_kinds),
        "added": float(len(added_claims(sentence, passages))),
        "coverage": 1.0 - len(novel) / len(claim) if claim else 0.0,
        "novel_words": math.log1p(len(novel)),
        "passages": float(len(passages)),
        "length": math.log1p(len(claim)),
    }
    if similarity is not None:
        pieces = [p[sp.start : sp.end] for p in passages for sp in sentence_spans(p)]
        pieces = [x for x in pieces if x.strip()]
        sims = list(similarity(sentence, [*pieces, "\n\n".join(passages)]))
        out["similarity_best"] = support.score
        out["similarity_sentence"] = max(sims[:-1], default=0.0)
        out["similarity_union"] = sims[-1]
    return out, hard


def _balanced(y: np.ndarray) -> np.ndarray:
    """Sample weights giving each class the same total weight."""
    pos = max(float(y.sum()), 1.0)
    neg = max(float(len(y) - y.sum()), 1.0)
    return np.where(y > 0.5, len(y) / (2 * pos), len(y) / (2 * neg))


def _predict(x: np.ndarray, model: tuple[np.ndarray, float, np.ndarray, np.ndarray]) -> np.ndarray:
    weights, bias, mean, scale = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ weights + bias)))


def _figures(labels: np.ndarray, kept: np.ndarray) -> tuple[int, int, int, int]:
    sup = labels > 0.5
    return int((kept & sup).sum()), int(sup.sum()), int((~kept & ~sup).sum()), int((~sup).sum())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true",
                    help="write the model if it beats the rules in cross-validation")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the standardised weights")
    ap.add_argument("--without", action="append", default=[], choices=FEATURES + SIMILARITY_FEATURES,
                    help="leave this signal out (repeatable), e.g. the rules' own verdict")
    ap.add_argument("--embedding", action="store_true",
                    help="score with the assistant's embedding similarity and add its signals")
    args = ap.parse_args(argv)
    features = FEATURES + (SIMILARITY_FEATURES if args.embedding else ())
    used = [i for i, name in enumerate(features) if name not in args.without]
    rows = development_rows()
    if args.embedding:
        import tempfile

        from assistant import Assistant, Settings
        from assistant.testing import InMemoryStore

        with tempfile.TemporaryDirectory() as tmp, Assistant(
            Settings(data_dir=Path(tmp), corpus_dir=Path(tmp), llm_base_url=None), store=InMemoryStore()
        ) as assistant:
            feats, hards = zip(*(signals(r["sentence"], r["passages"], assistant.similarity) for r in rows))
    else:
        feats, hards = zip(*(signals(r["sentence"], r["passages"]) for r in rows))
    full_x = np.asarray([[f[name] for name in features] for f in feats], dtype=float)
    x = full_x[:, used]
    y = np.asarray([float(r["label"] == "supported") for r in rows])
    hard = np.asarray(hards, dtype=bool)
    rules = full_x[:, FEATURES.index("rules_supported")] > 0.5
    docs = sorted({r["doc"] for r in rows})
    print(f"{len(rows)} rows of {len(docs)} documents; hard vetoes on faithful rows: {int((hard & (y > 0.5)).sum())}, "
          f"on unsupported rows: {int((hard & (y < 0.5)).sum())}")
    assert not (hard & (y > 0.5)).any(), "a hard veto is wrong on a development row"
    doc_of = np.asarray([r["doc"] for r in rows])
    learned = np.zeros(len(rows), dtype=bool)
    print(f"\n{'held-out document':>22}  rows  rules kept  removed   model kept  removed")
    for doc in docs:
        test = doc_of == doc
        train = ~test & ~hard
        model = logistic(x[train], y[train], _balanced(y[train]), l2=args.l2, iterations=100)
        learned[test] = (_predict(x[test], model) >= 0.5) & ~hard[test]
        r = _figures(y[test], rules[test])
        m = _figures(y[test], learned[test])
        print(f"{doc:>22}  {int(test.sum()):4}  {r[0]:3}/{r[1]:<3}  {r[2]:3}/{r[3]:<3}    {m[0]:3}/{m[1]:<3}  {m[2]:3}/{m[3]:<3}")
    r = _figures(y, rules)
    m = _figures(y, learned)
    print(f"{'pooled':>22}  {len(rows):4}  {r[0]:3}/{r[1]:<3}  {r[2]:3}/{r[3]:<3}    {m[0]:3}/{m[1]:<3}  {m[2]:3}/{m[3]:<3}")
    print(f"\nrules: kept {r[0] / r[1]:.3f}, removed {r[2] / r[3]:.3f}; "
          f"learned (leave-one-document-out): kept {m[0] / m[1]:.3f}, removed {m[2] / m[3]:.3f}")
    beats = m[0] > r[0] and m[2] > r[2]
    full = logistic(x[~hard], y[~hard], _balanced(y[~hard]), l2=args.l2, iterations=100)
    print("\nweights fitted on every row (standardised features):")
    names = [features[i] for i in used]
    for name, w in sorted(zip(names, full[0]), key=lambda t: -abs(t[1])):
        print(f"  {name:>22} {w:+.3f}")
    print(f"  {'bias':>22} {full[1]:+.3f}")
    if not beats:
        print("\nThe learned combination does not beat the rules on both figures: not shipped.")
        return 0
    print("\nThe learned combination beats the rules on both figures.")
    if args.write:
        OUT.write_text(json.dumps({
            "features": names, "weights": [round(float(w), 6) for w in full[0]], "bias": round(full[1], 6),
            "mean": [round(float(v), 6) for v in full[2]], "scale": [round(float(v), 6) for v in full[3]],
            "hard_vetoes": list(HARD), "l2": args.l2, "rows": len(rows), "embedding": args.embedding,
        }, indent=1) + "\n", encoding="utf-8")
        print(f"written: {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
