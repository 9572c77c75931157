"""CI gate: the development collections' test splits (and the heading-less history collection's
fit split) and the study's held-out set meet evals/floors-dev.yaml (answered in extractive mode
over a fresh index of each).

The test splits were never fitted on (scripts/fit_answering.py reads the fit splits only);
the held-out set is evaluation only. Each collection is ingested once per module. Floors
sit just below the figures measured when they were set; lowering one needs a reason in the
commit message that lowers it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant import Assistant, Settings
from assistant.evals import load_dataset, run_eval
from assistant.evals.runner import _aggregate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FLOORS: dict[str, dict[str, float]] = yaml.safe_load((ROOT / "evals" / "floors-dev.yaml").read_text(encoding="utf-8"))


def dev(collection: str, split: str = "test") -> tuple[Path, Path, str | None]:
    """A development collection under evals/dev/: its docs/ folder, its cases.yaml, a split."""
    return ROOT / "evals/dev" / collection / "docs", ROOT / "evals/dev" / collection / "cases.yaml", split


# set name -> (documents folder, dataset, split). A new collection is one line here plus its
# floors in evals/floors-dev.yaml; every set is evaluated in this one process, with the
# session's one embedding model, over an index built once per set (the ``reports`` fixture);
# a collection floored on both splits is answered once and its figures taken per split.
SETS: dict[str, tuple[Path, Path, str | None]] = {
    "pyfaq-test": dev("pyfaq"),
    "handbook-test": dev("debian-handbook"),
    "history-fit": dev("debian-history", "fit"),
    "history-test": dev("debian-history"),
    "heldout": (ROOT / "corpus", ROOT / "evals/heldout.yaml", None),
}
# floor key -> (report metric, True when the figure must stay at or below the floor)
METRICS = {
    "answered_gold": ("answered_gold", False),
    "false_refusal_rate_max": ("false_refusal_rate", True),
    "refusal_recall": ("refusal_recall", False),
    "citation_validity": ("citation_validity", False),
    "faithfulness": ("faithfulness", False),
    "summaries_answered": ("summaries_answered", False),
    "answer_phrase_lead": ("answer_phrase_lead", False),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Any:
    """``reports(name)``: the report of set ``name``, evaluated on first use and kept."""
    _reports: dict[str, dict[str, Any]] = {}

    def get(name: str) -> dict[str, Any]:
        if name not in _reports:
            docs, dataset, split = SETS[name]
            # Every floored split of this dataset, answered in one run over one index.
            names = {other: part for other, (_, d, part) in SETS.items() if d == dataset}
            whole = len(names) > 1
            base = tmp_path_factory.mktemp(name)
            corpus = base / "corpus"
            shutil.copytree(docs, corpus)
            settings = Settings(corpus_dir=corpus, data_dir=base / "data", llm_base_url=None)
            with Assistant(settings, embedder=embedder) as assistant:
                assistant.ingest()
                report = run_eval(assistant, load_dataset(dataset, split=None if whole else split), progress=False)
            for other, part in names.items():
                if whole:
                    rows = [r for r in report["case_results"] if r.get("split") == part]
                    _reports[other] = {"metrics": _aggregate(rows, report["retrieval_mode"])}
                else:
                    _reports[other] = report
                m = _reports[other]["metrics"]
                print(f"{other} floors:", {key: m[metric] for key, (metric, _) in METRICS.items()})
        return _reports[name]

    return get


def test_every_floor_is_known() -> None:
    assert set(FLOORS) == set(SETS)
    for floors in FLOORS.values():
        assert set(floors) <= set(METRICS)


@pytest.mark.parametrize(
    ("name", "floor"), [(name, key) for name, floors in FLOORS.items() for key in floors]
)
def test_floor(reports: Any, name: str, floor: str) -> None:
    metric, at_most = METRICS[floor]
    value = reports(name)["metrics"][metric]
    assert value is not None, f"{metric} was not measured on {name}"
    limit = FLOORS[name][floor]
    if at_most:
        assert value <= limit, f"{name}: {metric} {value:.3f} is above {limit}"
    else:
        assert value >= limit, f"{name}: {metric} {value:.3f} is below {limit}"
