"""scripts/fit_coverage.py: how a word-matching threshold is chosen from its end-to-end figures."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import fit_coverage  # noqa: E402


def test_the_value_passing_the_most_fit_cases_is_chosen() -> None:
    results = {
        0.5: (590, 100, {"a": 300, "b": 290}),
        0.6: (594, 100, {"a": 300, "b": 294}),
        0.7: (596, 101, {"a": 301, "b": 295}),
    }
    assert fit_coverage.choose(results, 0.6) == 0.7


def test_a_gain_that_declines_fewer_unanswerable_questions_is_not_taken() -> None:
    results = {0.5: (600, 95, {"a": 310, "b": 290}), 0.6: (594, 100, {"a": 300, "b": 294})}
    assert fit_coverage.choose(results, 0.6) == 0.6


def test_a_gain_paid_for_by_another_collection_is_not_taken() -> None:
    results = {0.45: (594, 110, {"a": 300, "b": 294}), 0.5: (595, 112, {"a": 302, "b": 293})}
    assert fit_coverage.choose(results, 0.45) == 0.45


def test_a_tie_keeps_the_shipped_value() -> None:
    results = {
        0.55: (594, 100, {"a": 300, "b": 294}),
        0.6: (594, 100, {"a": 300, "b": 294}),
        0.65: (594, 102, {"a": 300, "b": 294}),
    }
    assert fit_coverage.choose(results, 0.6) == 0.6


def test_the_summary_counts_passes_and_declined_unanswerable_questions() -> None:
    rows = {
        "a": [
            {"id": "x", "passed": True, "category": "answerable", "outcome": "answered"},
            {"id": "u", "passed": True, "category": "unanswerable", "outcome": "not_answered"},
        ],
        "b": [{"id": "v", "passed": False, "category": "unanswerable", "outcome": "answered"}],
    }
    total, declined, per, passed = fit_coverage.summary(rows)
    assert (total, declined, per) == (2, 1, {"a": 2, "b": 0})
    assert passed == {"a:x": True, "a:u": True, "b:v": False}


def test_every_threshold_of_the_grid_is_one_of_the_answerer_and_its_grid_holds_the_shipped_value() -> None:
    for name, values in fit_coverage.GRID.items():
        assert getattr(fit_coverage.SHIPPED, name) in values
