"""Fit how an answer with no answer phrase leads (``LEAD`` and ``CLAIM_LEAD``, ``LeadParams`` in
assistant/answering/_compose.py) on the development corpora.

    python scripts/fit_lead.py [--data DIR] [--rounds 2] [--windows]

Every case of the development collections (evals/dev/*; the study and its sets are never read
here) is run once through the whole extractive pipeline, and what the pipeline hands
``_compose.compose`` (the answer's quoted sentences, the question's reading, the likeliest
sentence) is kept (``--data/lead-inputs-2.pkl``, reused while the case files and the package's
code and model are unchanged).
Each setting is then scored by composing those answers again, which is cheap: the figure is
the evaluation's "phrase first" (``assistant/evals/runner.py``: a key fact within the answer's
first ``LEAD_CHARS`` characters, answerable cases other than summaries that are answered),
counted over the fit splits, less the answers led by a phrase that states none of their key
facts (the evaluation's "wrong leads", ``metrics.lead_states_fact``: a lead that misleads costs
as much as one that answers gains); a tie goes to the setting that leads fewer answers. A coordinate
sweep (one parameter at a time over its grid, ``--rounds`` passes), first of ``LEAD`` (answers
that are not yes/no or false-premise readings), then of ``CLAIM_LEAD``; prints every step and
the test splits' figures for the values chosen, which are then written into _compose.py by hand.

``--windows`` fits which sentences are quoted instead (the window part of
``_extractive.choose``): the same run keeps what ``choose`` was handed for every answerable
case with a gold passage, and each setting of ``PAIR_RATIO`` (the runner-up right before or
after the best sentence joins at this share of its probability; None: never), with and without
the rule that a sentence introducing the next (a colon, a bare "Yes, there is.") is quoted with
it, is scored by gold quoted on the fit split among the settings that keep the F1 of the quoted
sentences against the gold passage within ``MAX_F1_LOSS`` of never adding the runner-up,
printing the test split's figures beside.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering import _compose, _extractive  # noqa: E402
from assistant.evals import load_dataset, run_eval  # noqa: E402
from assistant.evals.metrics import answer_lead, lead_states_fact  # noqa: E402
from assistant.evals.runner import LEAD_CHARS, _MARKER, _Context, _fold  # noqa: E402
from fit_answering import COLLECTIONS  # noqa: E402  (the development collections, one list)

# How much the F1 of the quoted sentences against the gold passage may fall for a runner-up
# joining the best sentence (``--windows``).
MAX_F1_LOSS = 0.05
GRID: dict[str, tuple[Any, ...]] = {
    "min_words": (2, 3, 4),
    "max_chars": (70, 90, 110, 140),
    "max_share": (0.5, 0.65, 0.8, 1.0),
    "fresh_words": (2, 3, 5),
    "fresh_weight": (0.0, 0.5, 1.0),
    "coverage_weight": (0.0, 0.5, 1.0, 2.0, 3.0),
    "novelty_weight": (0.0, 0.5, 1.0, 2.0),
    "any_citation": (False, True),
    "typed_only": (False, True),
    "first_competes": (False, True),
    "when_past": (90, 120, 150),
    "require_new": (False, True),
    "min_coverage": (0.0, 0.2, 0.34, 0.5),
    "min_topic_words": (0, 1, 2),
}


def record(data: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run every development case through the pipeline: what ``compose`` was handed for each
    answered factoid (the lead's inputs), and what ``choose`` was handed for each answerable
    case with a gold passage, with the gold spans (the window's inputs)."""
    # The inputs depend on the cases and on every step of the pipeline before composing: a
    # change to either records them again.
    sources = [p / "cases.yaml" for p in COLLECTIONS.values()] + sorted((ROOT / "assistant").rglob("*.py"))
    sources.append(ROOT / "assistant/data/answer_model.json")
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    cache = data / "lead-inputs-2.pkl"  # 2: items keep whether the shipped lead was wrong
    if cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if stored["digest"] == digest:
            return stored["items"], stored["windows"]
    calls: dict[str, tuple[Any, ...]] = {}
    chosen_from: dict[str, tuple[Any, ...]] = {}
    asked: list[str] = [""]
    compose, choose, select = _compose.compose, _extractive.choose, _extractive.ExtractiveAnswerer.select

    def recording_compose(answer: Any, info: Any, question: str, *, best: int = 1, context: str = "") -> Any:
        calls[question] = (answer, info, question, best, context)
        return compose(answer, info, question, best=best, context=context)

    def recording_select(self: Any, question: str, *args: Any, **kwargs: Any) -> Any:
        asked[0] = question
        return select(self, question, *args, **kwargs)

    def recording_choose(cands: Any, model: Any, max_sentences: int = 3, **kwargs: Any) -> Any:
        chosen_from[asked[0]] = (cands, model, max_sentences, kwargs)
        return choose(cands, model, max_sentences, **kwargs)

    items: list[dict[str, Any]] = []
    windows: list[dict[str, Any]] = []
    # offline_answer and select call these through their modules.
    _compose.compose, _extractive.choose = recording_compose, recording_choose
    _extractive.ExtractiveAnswerer.select = recording_select  # type: ignore[method-assign]
    try:
        for name, folder in COLLECTIONS.items():
            dataset = load_dataset(folder / "cases.yaml")
            cases = {case.id: case for case in dataset.cases}
            settings = Settings(corpus_dir=folder / "docs", data_dir=data / name, llm_base_url=None)
            with Assistant(settings) as assistant:
                assistant.ingest()
                calls.clear()
                chosen_from.clear()
                report = run_eval(assistant, dataset, progress=False)
                context = _Context(assistant)
                gold = {c.id: context.gold(c)[1] for c in dataset.cases if c.answerable and c.gold_quotes and c.document}
            for row in report["case_results"]:
                question = row["resolved_question"] or row["question"]
                if row["id"] in gold and question in chosen_from and cases[row["id"]].category != "summary":
                    windows.append({"collection": name, "split": row.get("split"), "call": chosen_from[question],
                                    "document": cases[row["id"]].document, "spans": gold[row["id"]]})
                if row["lead_hit"] is None:
                    continue  # not an answered factoid (the figure does not count it)
                items.append(
                    {
                        "collection": name,
                        "split": row.get("split"),
                        "facts": cases[row["id"]].key_facts,
                        "call": calls.get(question),  # None: not composed (details, summaries, parts)
                        "shipped": row["lead_hit"],
                        "shipped_wrong": row["lead_right"] is False,
                    }
                )
    finally:
        _compose.compose, _extractive.choose = compose, choose
        _extractive.ExtractiveAnswerer.select = select  # type: ignore[method-assign]
    cache.write_bytes(pickle.dumps({"digest": digest, "items": items, "windows": windows}))
    return items, windows


def window_figures(windows: list[dict[str, Any]], split: str) -> tuple[float, float, int]:
    """(gold quoted, sentence F1 against the gold passage, cases) of the answered questions on
    ``split``, choosing their sentences again under the current settings."""
    quoted, f1s = [], []
    for w in windows:
        if w["split"] != split:
            continue
        cands, model, max_sentences, kwargs = w["call"]
        chosen, band, _p = _extractive.choose(cands, model, max_sentences, **kwargs)
        if band != "answered":
            continue
        hits = sum(
            1 for c in chosen
            if c.passage.chunk.source == w["document"] and any(c.sentence.start < b and a < c.sentence.end for a, b in w["spans"])
        )
        quoted.append(hits > 0)
        precision = hits / len(chosen)
        f1s.append(0.0 if not hits else 2 * precision / (precision + 1))
    return (sum(quoted) / len(quoted), sum(f1s) / len(f1s), len(quoted)) if quoted else (0.0, 0.0, 0)


def fit_windows(windows: list[dict[str, Any]]) -> None:
    """``PAIR_RATIO`` by gold quoted on the fit split (then sentence F1), and what the
    introducing-sentence rule (``introduces_next``) does, printed with the test split's figures."""
    introduces = _extractive.introduces_next
    shipped = _extractive.PAIR_RATIO
    rows = []
    for rule in (False, True):
        _extractive.introduces_next = introduces if rule else (lambda sentence: False)
        for ratio in (None, 0.0, 0.3, 0.5, 0.7, 0.9):
            _extractive.PAIR_RATIO = ratio
            fit, test = window_figures(windows, "fit"), window_figures(windows, "test")
            rows.append((rule, ratio, fit, test))
            print(f"introducing sentences join: {rule}, PAIR_RATIO {ratio}: fit gold quoted {fit[0]:.3f} "
                  f"F1 {fit[1]:.3f} ({fit[2]}); test {test[0]:.3f} F1 {test[1]:.3f} ({test[2]})")
    _extractive.introduces_next, _extractive.PAIR_RATIO = introduces, shipped
    ruled = [r for r in rows if r[0]]
    alone = next(r for r in ruled if r[1] is None)
    # More sentences quote the gold passage more often but add sentences that are not it: the
    # ratio with the best gold quoted among those that keep the quoted sentences' F1 within
    # MAX_F1_LOSS of quoting no runner-up.
    kept = [r for r in ruled if r[2][1] >= alone[2][1] - MAX_F1_LOSS]
    best = max(kept, key=lambda r: (round(r[2][0], 6), round(r[2][1], 6)))
    print(f"PAIR_RATIO chosen (introducing sentences joining): {best[1]}")


def hit(text: str, facts: list[str]) -> bool:
    lead = " ".join(_MARKER.sub(" ", text).split())[:LEAD_CHARS].lower()
    return any(_fold(fact) in _fold(lead) for fact in facts)


def score(items: list[dict[str, Any]], split: str) -> tuple[int, int, int, int]:
    """(phrase first, cases, answers led with a clause, answers led by a phrase stating no key
    fact) on ``split`` under the current settings."""
    hits = led = wrong = n = 0
    for item in items:
        if item["split"] != split:
            continue
        n += 1
        if item["call"] is None:
            hits += item["shipped"]
            wrong += item["shipped_wrong"]
            continue
        answer, info, question, best, context = item["call"]
        composed = _compose.compose(answer, info, question, best=best, context=context)
        text = composed.text
        hits += hit(text, item["facts"])
        led += len(text) > len(answer.text) + 30
        lead = answer_lead(text, {c.n: c.quote for c in composed.citations if c.kind == "text"})
        wrong += lead is not None and lead_states_fact(lead, item["facts"], question) is False
    return hits, n, led, wrong


def objective(got: tuple[int, int, int, int]) -> tuple[int, int]:
    """Phrase first less wrong leads, then fewer answers led with a clause."""
    return got[0] - got[3], -got[2]


def sweep(items: list[dict[str, Any]], attr: str, rounds: int) -> None:
    """Coordinate sweep of ``_compose.<attr>`` on the fit split."""
    params = getattr(_compose, attr)
    # A yes/no lead states the question's claim, so it asks no kind of answer (``typed_only``);
    # a lead to a question that asks for something may answer in words of its own ("an
    # interpreted ... language"), so it needs no share of the question's words (``min_coverage``;
    # one of them, ``min_topic_words``, is fitted). An answer that opens with a short sentence is
    # led by that sentence unless a clause answers better (``first_competes``): swept on 5 Dec
    # 2026, letting clauses go before such sentences gained four leads on the fit split and two
    # wrong ones ("It defines a function kbhit() ..." before "Use the msvcrt module."), and the
    # Python FAQ test split's wrong leads rose above their ceiling (README), so it stays on.
    own = {"CLAIM_LEAD": {"typed_only"}, "LEAD": {"min_coverage", "first_competes"}}[attr]
    names = [f.name for f in fields(params) if f.name in GRID and f.name not in own]
    best = score(items, "fit")
    print(f"{attr} shipped: fit {best[0]}/{best[1]} (led {best[2]}, wrong leads {best[3]})")
    for _ in range(rounds):
        for name in names:
            for value in GRID[name]:
                trial = replace(params, **{name: value})
                setattr(_compose, attr, trial)
                got = score(items, "fit")
                print(f"  {name}={value}: fit {got[0]}/{got[1]} (led {got[2]}, wrong leads {got[3]})")
                if objective(got) > objective(best):
                    params, best = trial, got
            setattr(_compose, attr, params)
    print(f"{attr} chosen: {params}  fit {best[0]}/{best[1]}, wrong leads {best[3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="index folder (kept between runs)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--windows", action="store_true", help="fit PAIR_RATIO (which sentences are quoted) instead")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="fit-lead-"))
    data.mkdir(parents=True, exist_ok=True)
    items, windows = record(data)
    if args.windows:
        fit_windows(windows)
        return
    shipped = {split: score(items, split) for split in ("fit", "test")}
    for attr in ("LEAD", "CLAIM_LEAD"):
        sweep(items, attr, args.rounds)
    for split in ("fit", "test"):
        got = score(items, split)
        before = shipped[split]
        print(f"{split}: phrase first {before[0]}/{before[1]} = {before[0] / before[1]:.3f}, wrong leads {before[3]} (shipped) -> "
              f"{got[0]}/{got[1]} = {got[0] / got[1]:.3f}, wrong leads {got[3]} (chosen)")
        for name in COLLECTIONS:
            part = [i for i in items if i["collection"] == name]
            s = score(part, split)
            print(f"  {name}: {s[0]}/{s[1]}, wrong leads {s[3]}")


if __name__ == "__main__":
    main()
