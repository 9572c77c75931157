"""CI gate: the study set, answered in extractive mode over a fresh index, meets evals/floors.yaml.

A floor that does not hold yet is marked ``xfail(strict=True)`` with the measured
figure, so the day it holds the mark has to go. Lowering a floor needs a reason in
the commit message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant import Assistant, Settings
from assistant.evals import load_dataset, run_eval

# The tests share a costly module-scoped fixture: on one xdist worker it is built once.
pytestmark = pytest.mark.xdist_group("test_eval_floors")

ROOT = Path(__file__).resolve().parent.parent
FLOORS = yaml.safe_load((ROOT / "evals" / "floors.yaml").read_text(encoding="utf-8"))
# floor key -> (report metric, True when the figure must stay at or below the floor)
METRICS = {
    "citation_validity": ("citation_validity", False),
    "faithfulness": ("faithfulness", False),
    "refusal_recall": ("refusal_recall", False),
    "false_refusal_rate_max": ("false_refusal_rate", True),
    "recall_at_5": ("recall_at_5", False),
    "wrong_leads_max": ("wrong_leads", True),
}
NOT_YET: dict[str, str] = {}  # floor key -> the measured figure, while a floor does not hold


@pytest.fixture(scope="module")
def study_report(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("floors")
    corpus = base / "corpus"
    corpus.mkdir()
    source = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"
    (corpus / source.name).write_bytes(source.read_bytes())
    settings = Settings(corpus_dir=corpus, data_dir=base / "data", llm_base_url=None)
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        report = run_eval(assistant, load_dataset(ROOT / "evals" / "study.yaml"), progress=False)
    m = report["metrics"]
    print("study floors:", {key: m[metric] for key, (metric, _) in METRICS.items()})
    return report


def test_every_floor_is_checked() -> None:
    assert set(FLOORS) == set(METRICS)


@pytest.mark.parametrize(
    "floor",
    [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[key])) if key in NOT_YET else key
        for key in METRICS
    ],
)
def test_floor(study_report: dict[str, Any], floor: str) -> None:
    metric, at_most = METRICS[floor]
    value = study_report["metrics"][metric]
    assert value is not None, f"{metric} was not measured"
    if at_most:
        assert value <= FLOORS[floor], f"{metric} {value:.3f} is above {FLOORS[floor]}"
    else:
        assert value >= FLOORS[floor], f"{metric} {value:.3f} is below {FLOORS[floor]}"
