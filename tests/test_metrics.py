"""Unit tests of the eval metrics against values worked out by hand."""

from __future__ import annotations

import pytest

from assistant.errors import UsageError
from assistant.evals.metrics import (
    CitedSentence,
    QuotedSpan,
    RefusalOutcome,
    alce_citation_scores,
    answer_lead,
    balanced_accuracy,
    citation_precision,
    citation_recall,
    citation_validity,
    faithfulness,
    false_refusal_rate,
    key_fact_recall,
    latency_summary,
    lead_states_fact,
    mean_of,
    mrr_at_k,
    ndcg_at_k,
    overlaps,
    percentile,
    quote_spans,
    recall_at_k,
    refusal_recall,
)
from assistant.types import Citation

# --- retrieval ---------------------------------------------------------------------


def test_recall_at_k_counts_gold_within_the_cutoff() -> None:
    ranked = ["x", "a", "y", "b", "c"]
    assert recall_at_k(ranked, {"a", "b", "z"}, 1) == 0.0
    assert recall_at_k(ranked, {"a", "b", "z"}, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, {"a", "b", "z"}, 4) == pytest.approx(2 / 3)
    assert recall_at_k(ranked, ["a"], 100) == 1.0


def test_recall_at_k_counts_a_repeated_id_once_and_keeps_the_cutoff_over_distinct_ids() -> None:
    # "a" twice must not push "b" out of the top 2 distinct ids.
    assert recall_at_k(["a", "a", "b"], {"a", "b"}, 2) == 1.0


def test_retrieval_metrics_are_undefined_without_gold() -> None:
    assert recall_at_k(["a"], [], 5) is None
    assert mrr_at_k(["a"], set()) is None
    assert ndcg_at_k(["a"], ()) is None


def test_retrieval_metrics_with_nothing_retrieved_score_zero() -> None:
    assert recall_at_k([], {"a"}, 5) == 0.0
    assert mrr_at_k([], {"a"}) == 0.0
    assert ndcg_at_k([], {"a"}) == 0.0


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_bad_k_is_a_usage_error(k: object) -> None:
    with pytest.raises(UsageError, match="k must be a positive integer"):
        recall_at_k(["a"], {"a"}, k)  # type: ignore[arg-type]


def test_mrr_is_the_reciprocal_rank_of_the_first_gold_id() -> None:
    assert mrr_at_k(["a", "b"], {"a"}) == 1.0
    assert mrr_at_k(["x", "y", "b", "a"], {"a", "b"}) == pytest.approx(1 / 3)
    assert mrr_at_k(["x", "y", "b"], {"b"}, k=2) == 0.0
    assert mrr_at_k(["x", "x", "b"], {"b"}, k=2) == 0.5


def test_ndcg_binary_relevance() -> None:
    # DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.63093
    assert ndcg_at_k(["a", "x", "b"], {"a", "b"}) == pytest.approx(0.919720, abs=1e-6)
    # one gold at rank 2: DCG = 1/log2(3) = 0.63093, IDCG = 1
    assert ndcg_at_k(["x", "a"], {"a"}) == pytest.approx(0.630930, abs=1e-6)
    assert ndcg_at_k(["a", "b"], {"a", "b"}) == 1.0
    # more gold than k: the ideal list holds only k of them, so a full top-k scores 1
    assert ndcg_at_k(["a", "b"], {"a", "b", "c"}, k=2) == 1.0
    assert ndcg_at_k(["x", "y"], {"a"}, k=2) == 0.0


def test_quote_spans_finds_every_occurrence() -> None:
    text = "abc xyz abc"
    assert quote_spans(text, ["abc", "xyz"]) == ((0, 3), (4, 7), (8, 11))
    assert quote_spans(text, []) == ()
    with pytest.raises(UsageError, match="gold quote not found in the document: 'abd'"):
        quote_spans(text, ["abd"])
    with pytest.raises(UsageError, match="empty"):
        quote_spans(text, [""])


def test_quote_spans_ignore_how_whitespace_is_laid_out() -> None:
    text = "Intro.\n\nPython is\nportable:  it runs\ton Linux."
    ((start, end),) = quote_spans(text, ["Python is portable: it runs on Linux."])
    assert text[start:end] == "Python is\nportable:  it runs\ton Linux."
    with pytest.raises(UsageError, match="not found"):
        quote_spans(text, ["Python is portable: it runs on Windows."])


def test_overlaps_is_half_open() -> None:
    gold = [(10, 20)]
    assert overlaps(0, 11, gold)
    assert overlaps(19, 30, gold)
    assert overlaps(12, 15, gold)
    assert overlaps(0, 100, gold)
    assert not overlaps(0, 10, gold)    # ends where the quote starts
    assert not overlaps(20, 30, gold)   # starts where the quote ends
    assert not overlaps(0, 5, [])


# --- citation validity and faithfulness ----------------------------------------------

TEXTS = {"study.md": "The study, titled X, was written by two authors."}


def test_citation_validity_checks_the_exact_slice() -> None:
    good = QuotedSpan(source="study.md", start=4, end=9, quote="study")
    off_by_one = QuotedSpan(source="study.md", start=5, end=10, quote="study")
    unknown_source = QuotedSpan(source="other.md", start=4, end=9, quote="study")
    out_of_range = QuotedSpan(source="study.md", start=40, end=400, quote="two authors.")
    empty = QuotedSpan(source="study.md", start=3, end=3, quote="")
    assert citation_validity([good], TEXTS) == 1.0
    assert citation_validity([good, off_by_one, unknown_source, out_of_range], TEXTS) == 0.25
    assert citation_validity([empty], TEXTS) == 0.0
    assert citation_validity([], TEXTS) is None


def test_citation_validity_does_not_fold_typographic_quotes() -> None:
    texts = {"d": "the group’s attacks"}
    assert citation_validity([QuotedSpan(source="d", start=4, end=11, quote="group’s")], texts) == 1.0
    assert citation_validity([QuotedSpan(source="d", start=4, end=11, quote="group's")], texts) == 0.0


def test_citation_validity_accepts_answer_citations() -> None:
    text = TEXTS["study.md"]
    start = text.index("two authors")
    cite = Citation(n=1, source="study.md", title="S", chunk_id="c1", start=start,
                    end=start + len("two authors"), quote="two authors")
    assert citation_validity([cite], TEXTS) == 1.0


def test_faithfulness_is_the_supported_share() -> None:
    assert faithfulness([True, False, True, True]) == 0.75
    assert faithfulness([False]) == 0.0
    assert faithfulness([]) is None


# --- ALCE citation recall and precision ------------------------------------------------


def words_judge(sentence: str, passages: tuple[str, ...]) -> bool:
    """Supported when every word of the sentence occurs in the passages together."""
    return set(sentence.split()) <= set(" ".join(passages).split())


def test_alce_recall_and_precision_by_hand() -> None:
    sentences = [
        CitedSentence(text="a b", passages=("a", "b")),      # needs both: 2 precise
        CitedSentence(text="a", passages=("a", "z")),        # "z" is unnecessary: 1 precise of 2
        CitedSentence(text="q", passages=("a",)),            # unsupported: its citation is not precise
        CitedSentence(text="c", passages=()),                # uncited: recall 0, no citations
    ]
    scores = alce_citation_scores(sentences, words_judge)
    assert scores.recall == 0.5          # 2 of 4 sentences
    assert scores.precision == 0.6       # 3 of 5 citations
    assert (scores.sentences, scores.citations) == (4, 5)
    assert citation_recall(sentences, words_judge) == 0.5
    assert citation_precision(sentences, words_judge) == 0.6


def test_alce_redundant_citations_that_each_support_alone_are_both_precise() -> None:
    # ALCE condition A: a citation that supports the sentence alone is never irrelevant.
    sentences = [CitedSentence(text="a", passages=("a", "a b"))]
    assert citation_precision(sentences, words_judge) == 1.0


def test_alce_single_supporting_citation_is_precise() -> None:
    assert citation_precision([CitedSentence(text="a b", passages=("b a",))], words_judge) == 1.0


def test_alce_empty_inputs() -> None:
    assert citation_recall([], words_judge) is None
    assert citation_precision([], words_judge) is None
    uncited = [CitedSentence(text="a", passages=())]
    assert citation_recall(uncited, words_judge) == 0.0
    assert citation_precision(uncited, words_judge) is None


def test_alce_judges_each_distinct_pair_once() -> None:
    calls: list[tuple[str, tuple[str, ...]]] = []

    def judge(sentence: str, passages: tuple[str, ...]) -> bool:
        calls.append((sentence, passages))
        return words_judge(sentence, passages)

    sentences = [CitedSentence(text="a b", passages=("a", "b"))] * 3
    alce_citation_scores(sentences, judge)
    # joint ("a", "b"), then ("a",) and ("b",), each serving as "alone" and as "the rest"
    assert sorted(calls) == [("a b", ("a",)), ("a b", ("a", "b")), ("a b", ("b",))]


# --- refusal -------------------------------------------------------------------------

OUTCOMES = [
    RefusalOutcome(answerable=False, refused=True),
    RefusalOutcome(answerable=False, refused=True),
    RefusalOutcome(answerable=False, refused=False),
    RefusalOutcome(answerable=True, refused=False),
    RefusalOutcome(answerable=True, refused=False),
    RefusalOutcome(answerable=True, refused=False),
    RefusalOutcome(answerable=True, refused=True),
]


def test_refusal_recall_and_false_refusal_rate() -> None:
    assert refusal_recall(OUTCOMES) == pytest.approx(2 / 3)
    assert false_refusal_rate(OUTCOMES) == 0.25


def test_refusal_metrics_without_the_relevant_class_are_undefined() -> None:
    only_answerable = [o for o in OUTCOMES if o.answerable]
    only_unanswerable = [o for o in OUTCOMES if not o.answerable]
    assert refusal_recall(only_answerable) is None
    assert false_refusal_rate(only_unanswerable) is None
    assert refusal_recall([]) is None
    assert false_refusal_rate([]) is None


def test_balanced_accuracy() -> None:
    # TPR = 2/3, TNR = 3/4
    assert balanced_accuracy(tp=2, fn=1, tn=3, fp=1) == pytest.approx((2 / 3 + 3 / 4) / 2)
    assert balanced_accuracy(tp=5, fn=0, tn=0, fp=5) == 0.5
    assert balanced_accuracy(tp=0, fn=0, tn=3, fp=1) == 0.75  # no positives: TNR alone
    assert balanced_accuracy(tp=0, fn=0, tn=0, fp=0) is None
    with pytest.raises(UsageError, match="fp must be a non-negative integer"):
        balanced_accuracy(tp=1, fn=1, tn=1, fp=-1)


# --- key facts ---------------------------------------------------------------------------


def test_key_fact_recall_is_case_quote_and_marker_insensitive() -> None:
    answer = "It was written by NORA AL HABSI [1] and Ali\nBakr [2]; it cites the group’s attacks."
    assert key_fact_recall(answer, ["Nora Al Habsi", "Ali Bakr"]) == 1.0
    assert key_fact_recall(answer, ["group's attacks"]) == 1.0
    assert key_fact_recall(answer, ["Nora Al Habsi", "John Smith", "Khost", "Ali Bakr"]) == 0.5


def test_key_fact_recall_markers_do_not_join_or_split_words() -> None:
    assert key_fact_recall("Paktika[1] and Khost", ["Paktika and Khost"]) == 1.0
    assert key_fact_recall("Pakti[1]ka", ["Paktika"]) == 0.0


_QUOTE = "Islamabad accuses Kabul of harbouring the group, which carried out attacks in Khost."


def test_answer_lead_is_the_part_of_the_cited_sentence_the_answer_opens_with() -> None:
    quotes = {1: _QUOTE, 2: "Other text."}
    assert answer_lead(f"Kabul [1]. {_QUOTE} [1]", quotes) == "Kabul"
    assert answer_lead(f"The sources say otherwise: in Khost [1]. {_QUOTE} [1]", quotes) == "in Khost"
    # Opening with the whole sentence, with words of its own, or with another citation's words: no lead.
    assert answer_lead(f"{_QUOTE} [1]", quotes) is None
    assert answer_lead(f"Islamabad accuses Kabul of harbouring the group, which carried out attacks in Khost [1]. {_QUOTE} [1]", quotes) is None
    assert answer_lead(f"The sources don't say [1]. {_QUOTE} [1]", quotes) is None
    assert answer_lead(f"Kabul [2]. {_QUOTE} [1]", quotes) is None
    assert answer_lead("Kabul [1].", quotes) is None  # nothing follows: the answer is the phrase alone


def test_lead_states_fact_by_containment_or_half_the_facts_own_words() -> None:
    assert lead_states_fact("Paktika and Khost provinces", ["Paktika and Khost"]) is True
    assert lead_states_fact("9 months", ["9 months for non-LTS releases"]) is True
    assert lead_states_fact("wherein a qualified majority of three quarters", ["three quarters (75%)"]) is True
    # The question's own words do not make a lead right.
    assert lead_states_fact("between Afghanistan and Pakistan", ["Pakistan struck Paktika"], "Where did Pakistan strike?") is False
    assert lead_states_fact("authored by Nora Al Habsi", ["political Islam"]) is False
    assert lead_states_fact("anything", []) is None


def test_key_fact_recall_without_facts_is_undefined() -> None:
    assert key_fact_recall("anything", []) is None
    assert key_fact_recall("anything", ["  "]) is None
    assert key_fact_recall("", ["Ali Bakr"]) == 0.0


# --- aggregation and latency -----------------------------------------------------------------


def test_mean_of_skips_unmeasured_values() -> None:
    assert mean_of([1.0, None, 0.0, 0.5]) == 0.5
    assert mean_of([None, None]) is None
    assert mean_of([]) is None


def test_percentile_interpolates_linearly() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 50) == 25.0              # h = 1.5
    assert percentile(values, 95) == pytest.approx(38.5)  # h = 2.85
    assert percentile([7.0], 95) == 7.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0      # input need not be sorted
    assert percentile([], 50) is None


@pytest.mark.parametrize("p", [-1, 100.5, float("nan")])
def test_percentile_out_of_range_is_a_usage_error(p: float) -> None:
    with pytest.raises(UsageError, match="between 0 and 100"):
        percentile([1.0], p)


def test_latency_summary() -> None:
    summary = latency_summary([0.1, 0.2, 0.3, 0.4, 1.0])
    assert summary["n"] == 5
    assert summary["p50"] == pytest.approx(0.3)
    assert summary["p95"] == pytest.approx(0.88)       # h = 3.8: 0.4 + 0.8 * 0.6
    assert summary["mean"] == pytest.approx(0.4)
    assert latency_summary([]) == {"p50": None, "p95": None, "mean": None, "n": 0}
