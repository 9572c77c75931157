"""scripts/failures.py: how a failed eval case is classified."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import failures  # noqa: E402


def _row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {"id": "x", "answerable": True, "passed": False, "outcome": "answered", "category": "answerable"}
    row.update(kw)
    return row


def _retrieved(gold: str, ranked: list[str]) -> dict[str, object]:
    return {"hybrid": {"ranked": ranked, "gold": [gold]}}


def test_a_passed_case_is_no_failure() -> None:
    assert failures.kind(_row(passed=True)) is None


def test_a_wrong_answer_is_placed_by_the_gold_passage_rank() -> None:
    ranked = ["a", "b", "c", "d", "e"]
    assert failures.kind(_row(retrieval=_retrieved("c", ranked))) == "wrong sentence, gold in top 3"
    assert failures.kind(_row(retrieval=_retrieved("d", ranked))) == "wrong sentence, gold at rank 4-10"
    assert failures.kind(_row(retrieval=_retrieved("z", ranked))) == "wrong sentence, gold not retrieved"
    # Past the first ten, as the eval's MRR@10 reads a ranking, the gold passage was not retrieved.
    deep = [f"p{i}" for i in range(12)]
    assert failures.kind(_row(retrieval=_retrieved("p9", deep))) == "wrong sentence, gold at rank 4-10"
    assert failures.kind(_row(retrieval=_retrieved("p11", deep))) == "wrong sentence, gold not retrieved"


def test_declined_and_closest_are_told_apart() -> None:
    retrieval = _retrieved("a", ["a"])
    assert failures.kind(_row(outcome="not_answered", retrieval=retrieval)) == "declined, gold in top 3"
    assert failures.kind(_row(outcome="closest", retrieval=retrieval)) == "closest, gold in top 3"


def test_unanswerable_why_questions_are_counted_apart() -> None:
    assert failures.kind(_row(answerable=False)) == "unanswerable answered"
    assert failures.kind(_row(answerable=False, id="uw-py-logo")) == "unanswerable answered (why)"


def test_summaries_are_counted_apart() -> None:
    assert failures.kind(_row(category="summary")) == "summary failed"


def test_the_rows_of_one_split_are_counted(tmp_path: Path) -> None:
    rows = [
        _row(id="a", split="fit", retrieval=_retrieved("g", ["g"])),
        _row(id="b", split="test", outcome="not_answered", retrieval=_retrieved("g", ["g"])),
        _row(id="c", split="fit", passed=True),
    ]
    (tmp_path / "pyfaq.json").write_text(json.dumps({"_rows": rows}), encoding="utf-8")
    fit = failures.load(tmp_path, None, "fit")
    assert [r["id"] for r in fit] == ["a", "c"]
    assert failures.breakdown(fit) == {"wrong sentence, gold in top 3": 1}
