"""Fit ``Thresholds.scene_weight``: how much a topic term that only a message's scene-setting
sentences say weighs in coverage.

    python scripts/fit_scene_weight.py [--data /tmp/fit-scene-weight] [--write]

A reader often sets a scene before asking ("My uncle swears you could compile Linux during a
coffee break ... How long did building the kernel take him?"). Where the question points back
to the scene, its sentences stay part of what is read, and their words become topic terms an
answer must cover, though the passage that answers has no reason to say "uncle" or "coffee".
Such a term (``QuestionInfo.scene``) is never a hard miss, and weighs ``scene_weight`` times its
IDF weight.

Read: the cases of the development collections (``evals/dev/*``) with a message that sets a
scene (the others are the same for every value, by construction); the study (``corpus/``,
``evals/study.yaml``, ``evals/heldout.yaml``, ``evals/fresh/``) is never read. For each value of
the grid every such case is played in extractive mode, as ``scripts/eval_sets.py`` plays it,
and the script prints the cases passed per collection and split, and which cases changed
against 1 (the scene weighed as the question). The value chosen passes the most fit cases;
ties go to the largest value (the least change from reading the message as asked). ``--write``
puts it into ``assistant/answering/_extractive.py`` (``Thresholds``).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from assistant import Assistant, Settings  # noqa: E402
from assistant.answering._questions import read_question, scene_stems  # noqa: E402
from assistant.evals import load_dataset, run_eval  # noqa: E402
from fit_answering import COLLECTIONS  # noqa: E402  (the development collections, one list)
from fit_passage_match import write_threshold  # noqa: E402

GRID: tuple[float, ...] = (1.0, 0.5, 0.3, 0.2, 0.1, 0.0)


def sets_a_scene(turn: str) -> bool:
    """Does the message hold scene-setting sentences its question keeps (``scene_stems``)?"""
    return bool(scene_stems(read_question(turn).asked))


def passed(name: str, folder: Path, data: Path, values: tuple[float, ...]) -> dict[float, dict[str, tuple[str, bool]]]:
    """Per value: each scene-setting case of the collection, its split and whether it passed."""
    dataset = load_dataset(folder / "cases.yaml")
    dataset = dataclasses.replace(dataset, cases=tuple(c for c in dataset.cases if any(map(sets_a_scene, c.turns))))
    out: dict[float, dict[str, tuple[str, bool]]] = {}
    if not dataset.cases:
        return {v: {} for v in values}
    with Assistant(Settings(corpus_dir=folder / "docs", data_dir=data / name, llm_base_url=None)) as assistant:
        assistant.ingest()
        answerer = assistant._pipeline.answerer
        for value in values:
            answerer.thresholds = dataclasses.replace(answerer.thresholds, scene_weight=value)
            rows = run_eval(assistant, dataset, progress=False)["case_results"]
            out[value] = {r["id"]: (r["split"], bool(r["passed"])) for r in rows}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/fit-scene-weight"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    results = {name: passed(name, folder, args.data, GRID) for name, folder in COLLECTIONS.items()}
    print("| scene_weight | " + " | ".join(f"{n} fit | {n} test" for n in results) + " | fit | test |")
    print("|---|" + "---|---|" * len(results) + "---|---|")
    totals: dict[float, int] = {}
    for value in GRID:
        cells: list[str] = []
        fit = test = 0
        for per_value in results.values():
            rows = per_value[value]
            for split in ("fit", "test"):
                part = [ok for s, ok in rows.values() if s == split]
                cells.append(f"{sum(part)}/{len(part)}")
            fit += sum(ok for s, ok in rows.values() if s == "fit")
            test += sum(ok for s, ok in rows.values() if s == "test")
        totals[value] = fit
        print(f"| {value} | " + " | ".join(cells) + f" | {fit} | {test} |")
    for value in GRID[1:]:
        changed = [
            f"{name}:{case}({split}, {'passes' if ok else 'fails'})"
            for name, per_value in results.items()
            for case, (split, ok) in per_value[value].items()
            if per_value[GRID[0]][case][1] != ok
        ]
        print(f"changed at {value} against {GRID[0]}: " + ("; ".join(changed) or "none"))
    best = max(GRID, key=lambda v: (totals[v], v))
    print(f"chosen (fit splits only): scene_weight = {best}")
    if args.write:
        write_threshold("scene_weight", "float", best)


if __name__ == "__main__":
    main()
