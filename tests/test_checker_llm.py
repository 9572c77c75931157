"""Both sentence checkers of the LLM mode on the labelled set evals/checker_llm/pairs.jsonl.

The model judge is the CI stand-in replaying each row's recorded verdict through the real
judge path (request, JSON reply, parser, offline vetoes). Figures are printed by kind;
the floors are the targets of the LLM-mode verification (judge) and the figures measured
when the offline rules last changed (offline: a regression guard, see evals/CHECKER.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.checker import evaluate_checkers, format_table, load_labelled, split_of

# The tests share a costly module-scoped fixture: on one xdist worker it is built once.
pytestmark = pytest.mark.xdist_group("test_checker_llm")

PAIRS = Path(__file__).resolve().parents[1] / "evals" / "checker_llm" / "pairs.jsonl"
FURTHER = PAIRS.with_name("further.jsonl")
FURTHER2 = PAIRS.with_name("further2.jsonl")
FURTHER3 = PAIRS.with_name("further3.jsonl")
FURTHER4 = PAIRS.with_name("further4.jsonl")
FURTHER5 = PAIRS.with_name("further5.jsonl")
FURTHER6 = PAIRS.with_name("further6.jsonl")


@pytest.fixture(scope="module")
def result() -> dict:
    figures = evaluate_checkers(load_labelled(PAIRS))
    print("\n" + format_table(figures))
    return figures


def test_the_judge_keeps_faithful_sentences_and_removes_unsupported_ones(result: dict) -> None:
    judge = result["judge"]
    assert judge["judge_fallbacks"] == 0
    assert judge["faithful_kept"]["rate"] >= 0.95
    assert judge["unsupported_removed"]["rate"] >= 0.97
    assert judge["heldout"]["faithful_kept"]["rate"] >= 0.95
    assert judge["heldout"]["unsupported_removed"]["rate"] >= 0.97


def test_the_offline_vetoes_catch_every_wrong_number_and_name_even_when_a_judge_accepts(result: dict) -> None:
    for kind in ("wrong_number", "wrong_name", "outside_fact"):
        row = result["judge"]["by_kind"][kind]
        assert row["right"] == row["n"], kind


def test_the_offline_checker_alone_meets_its_targets(result: dict) -> None:
    offline = result["offline"]
    assert offline["faithful_kept"]["rate"] >= 0.90
    assert offline["unsupported_removed"]["rate"] >= 0.90


def test_the_fit_split_leaves_the_study_out_and_every_document_is_reported(result: dict) -> None:
    rows = load_labelled(PAIRS)
    assert not [r for r in rows if r["doc"] == "study" and split_of(r) == "fit"]
    assert {split_of(r) for r in rows} == {"fit", "heldout"}
    assert set(result["offline"]["by_doc"]) == {"study", "python-faq", "debian-reference"}
    study = result["offline"]["by_doc"]["study"]
    assert study["faithful_kept"]["n"] + study["unsupported_removed"]["n"] == sum(r["doc"] == "study" for r in rows)


def test_the_offline_checker_now_catches_role_swaps_wrong_numbers_and_names(result: dict) -> None:
    by_kind = result["offline"]["by_kind"]
    assert by_kind["role_swap"]["right"] >= 12
    assert by_kind["wrong_number"]["right"] == by_kind["wrong_number"]["n"]
    assert by_kind["negation_flip"]["right"] == by_kind["negation_flip"]["n"]
    assert by_kind["wrong_name"]["right"] == by_kind["wrong_name"]["n"]
    assert result["offline"]["unsupported_removed"]["rate"] >= 0.93


def test_the_further_document_untuned_holds_its_measured_figures() -> None:
    """evals/checker_llm/further.jsonl was written after the rules and is not tuned on: these
    floors are the figures measured on it (lexical scoring; evals/CHECKER.md), a regression guard."""
    rows = load_labelled(FURTHER)
    assert len(rows) >= 40 and {r["doc"] for r in rows} == {"debian-handbook"}
    figures = evaluate_checkers(rows)
    print("\n" + format_table(figures))
    # Development data since its misses were studied (evals/CHECKER.md): the figures after that
    # round (lexical), where they were 18/24 and 17/22 before it.
    assert figures["offline"]["faithful_kept"]["right"] >= 24
    assert figures["offline"]["unsupported_removed"]["right"] >= 18
    assert figures["judge"]["unsupported_removed"]["rate"] == 1.0


def test_the_second_further_set_holds_its_measured_figures() -> None:
    """evals/checker_llm/further2.jsonl was untuned through the round that studied further.jsonl
    (29/36 kept, 21/36 removed before and after it) and is development data since the round that
    studied its own misses: 34/36 and 35/36 after it (lexical; evals/CHECKER.md). A regression floor."""
    rows = load_labelled(FURTHER2)
    assert len(rows) >= 60 and {r["doc"] for r in rows} == {"handbook-compromise", "python-sockets"}
    assert {r["kind"] for r in rows} == {r["kind"] for r in load_labelled(FURTHER)}
    figures = evaluate_checkers(rows)
    print("\n" + format_table(figures))
    assert figures["offline"]["faithful_kept"]["right"] >= 34
    assert figures["offline"]["unsupported_removed"]["right"] >= 35
    # The vetoes overrule no faithful sentence the judge keeps, and let no error through.
    assert figures["judge"]["faithful_kept"]["rate"] == 1.0
    assert figures["judge"]["unsupported_removed"]["rate"] == 1.0


def test_the_third_further_set_holds_its_measured_figures() -> None:
    """evals/checker_llm/further3.jsonl was untuned through the round that studied further2.jsonl
    (28/36 kept, 23/36 removed before it, 28/36 and 24/36 after) and is development data since the
    round that studied its own misses: 32/36 and 32/36 after it (lexical; evals/CHECKER.md). A
    regression floor."""
    rows = load_labelled(FURTHER3)
    assert len(rows) >= 60 and {r["doc"] for r in rows} == {"handbook-security", "python-sorting"}
    assert {r["kind"] for r in rows} == {r["kind"] for r in load_labelled(FURTHER)}
    assert sum(r["label"] == "supported" for r in rows) == sum(r["label"] == "unsupported" for r in rows)
    figures = evaluate_checkers(rows)
    print("\n" + format_table(figures))
    assert figures["offline"]["faithful_kept"]["right"] >= 32
    assert figures["offline"]["unsupported_removed"]["right"] >= 32
    # The vetoes overrule no faithful sentence the judge keeps, and let no error through.
    assert figures["judge"]["unsupported_removed"]["rate"] == 1.0
    assert figures["judge"]["faithful_kept"]["rate"] == 1.0


def test_the_fourth_further_set_untuned_holds_its_measured_figures() -> None:
    """evals/checker_llm/further4.jsonl (two documents no rule was written against) was measured
    before and after the round of rules that studied further3.jsonl: 25/36 kept and 28/36 removed
    before, 27/36 and 29/36 after (lexical; evals/CHECKER.md). A regression floor, not a target:
    the target is 0.90 / 0.90, not met there. Development data since the round of 2026-11-30, night."""
    rows = load_labelled(FURTHER4)
    assert len(rows) >= 72 and {r["doc"] for r in rows} == {"handbook-migrate", "python-logging"}
    assert {r["kind"] for r in rows} == {r["kind"] for r in load_labelled(FURTHER)}
    assert sum(r["label"] == "supported" for r in rows) == sum(r["label"] == "unsupported" for r in rows)
    figures = evaluate_checkers(rows)
    print("\n" + format_table(figures))
    assert figures["offline"]["faithful_kept"]["right"] >= 27
    assert figures["offline"]["unsupported_removed"]["right"] >= 29
    # The vetoes let no error through. They overruled three faithful rows before the round of
    # 2026-11-30, night (a sentence-initial "Whatever" and an alias "PC" read as names, a count of quoted
    # logger names); one is left, "PC", a name the cited text does not hold.
    assert figures["judge"]["unsupported_removed"]["rate"] == 1.0
    assert figures["judge"]["faithful_kept"]["right"] >= 35


def test_the_fifth_further_set_untuned_holds_its_measured_figures() -> None:
    """evals/checker_llm/further5.jsonl (a report-like history and a Python HOWTO, written before the
    round that studied further4.jsonl) was measured before and after that round: 27/36 kept and 31/36
    removed offline before, 28/36 and 31/36 after; 31/36 and 36/36 with the judge and vetoes before,
    32/36 and 36/36 after (lexical; evals/CHECKER.md). A regression floor, not a target: the targets
    are not met there. Development data since the round that made the vetoes precise."""
    rows = load_labelled(FURTHER5)
    assert len(rows) >= 72 and {r["doc"] for r in rows} == {"history-3x", "python-functional"}
    assert {r["kind"] for r in rows} == {r["kind"] for r in load_labelled(FURTHER)}
    assert sum(r["label"] == "supported" for r in rows) == sum(r["label"] == "unsupported" for r in rows)
    figures = evaluate_checkers(rows)
    assert figures["offline"]["faithful_kept"]["right"] >= 29
    assert figures["offline"]["unsupported_removed"]["right"] >= 31
    # The vetoes overrule none of its faithful rows since that round (four before: a multiple's
    # other inflection, a count over a date's comma, "DPLs" and "OO").
    assert figures["judge"]["unsupported_removed"]["rate"] == 1.0
    assert figures["judge"]["faithful_kept"]["rate"] == 1.0


def test_the_sixth_further_set_untuned_holds_its_measured_figures() -> None:
    """evals/checker_llm/further6.jsonl (a program's first-person history and a reference list of
    system users and groups, written before the round that made the judge's vetoes precise) was
    measured before and after that round: 25/36 kept and 29/36 removed offline before, 26/36 and
    29/36 after; 34/36 and 36/36 with the judge and vetoes before, 35/36 and 36/36 after (lexical and
    with the embedding alike; evals/CHECKER.md). A regression floor."""
    rows = load_labelled(FURTHER6)
    assert len(rows) >= 72 and {r["doc"] for r in rows} == {"w3m-story", "base-passwd-users"}
    assert {r["kind"] for r in rows} == {r["kind"] for r in load_labelled(FURTHER)}
    assert sum(r["label"] == "supported" for r in rows) == sum(r["label"] == "unsupported" for r in rows)
    figures = evaluate_checkers(rows)
    assert figures["offline"]["faithful_kept"]["right"] >= 26
    assert figures["offline"]["unsupported_removed"]["right"] >= 29
    assert figures["judge"]["unsupported_removed"]["rate"] == 1.0
    assert figures["judge"]["faithful_kept"]["right"] >= 35


def test_the_checker_report_takes_several_further_sets(tmp_path: Path) -> None:
    import json

    from assistant.evals.checker import main

    rows = load_labelled(FURTHER)
    pairs, first, second = tmp_path / "p.jsonl", tmp_path / "f.jsonl", tmp_path / "g.jsonl"
    for path, part in ((pairs, rows[:3]), (first, rows[3:5]), (second, rows[5:8])):
        path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["--pairs", str(pairs), "--further", str(first), "--further", str(second), "--lexical", "--json", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["pairs"] == 3 and payload["further"]["pairs"] == 2 and payload["g"]["pairs"] == 3


def test_the_offline_checker_now_catches_added_causes_degrees_and_generalisations(result: dict) -> None:
    by_kind = result["offline"]["by_kind"]
    for kind in ("causal_added", "degree_added", "unsupported_generalisation"):
        assert by_kind[kind]["right"] >= 11, kind


def test_the_eval_report_carries_both_checkers_by_kind(result: dict) -> None:
    from assistant.evals.report import render_markdown

    report = {"dataset": "d.yaml", "cases": 0, "answer_modes": ["llm"], "retrieval_mode": "hybrid",
              "index": {"documents": 1, "chunks": 1}, "seconds": 0.0, "metrics": {}, "checker_llm": result}
    text = render_markdown(report)
    assert "## Sentence checkers of the LLM mode" in text
    assert "| antonym_flip | unsupported |" in text
    assert f"| **faithful kept** | all | {result['offline']['faithful_kept']['right']}/114" in text


def test_a_judge_endpoint_that_fails_leaves_the_offline_verdicts_and_is_counted() -> None:
    from assistant.testing import JudgingChatModel, fail

    rows = load_labelled(PAIRS)[:12]
    figures = evaluate_checkers(rows, judge_client=JudgingChatModel(judge_reply=fail("status")), judge_name="broken")
    assert figures["judge"]["name"] == "model judge (broken)"
    assert figures["judge"]["judge_fallbacks"] == 12
    assert figures["judge"]["by_kind"] == figures["offline"]["by_kind"]


def test_the_fitting_scripts_never_read_the_untuned_set_or_the_study() -> None:
    """scripts/fit_checker.py and scripts/fit_checker_model.py fit on development rows only:
    further6.jsonl (untuned) and the study's rows are not among them; further5.jsonl is."""
    import sys

    sys.path.insert(0, str(PAIRS.parents[2] / "scripts"))
    import fit_checker
    import fit_checker_model

    assert fit_checker.UNTUNED == FURTHER6
    # Both fit on the one list of development rows.
    assert fit_checker_model.development_rows is fit_checker.development_rows
    rows = fit_checker.development_rows()
    untuned = load_labelled(FURTHER6)
    assert not {r["sentence"] for r in rows} & {r["sentence"] for r in untuned}
    assert not {r["doc"] for r in rows} & {r["doc"] for r in untuned}
    assert "study" not in {r["doc"] for r in rows}
    assert {"handbook-migrate", "python-logging", "history-3x", "python-functional", "checker-pairs"} <= {r["doc"] for r in rows}
