"""The support checker, measured on the labelled pairs and held to each of its rules."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.index import MiniLMEmbeddings
from assistant.answering._verify import Similarity, Support, check_support, make_similarity
from assistant.text import sentence_spans

PAIRS = Path(__file__).resolve().parent.parent / "evals" / "checker_pairs.jsonl"
SWAPS = {"swapped_number", "swapped_name", "swapped_place", "negation"}
KINDS = SWAPS | {"verbatim", "paraphrase", "unrelated", "partial_fabrication"}

STUDY_3 = (
    "The study also notes that the lack of negotiations could further strain Afghan-Pakistani relations, which have "
    "deteriorated since the Taliban returned to power in Kabul in the summer of 2021. Islamabad has accused "
    "anti-Pakistan militant groups of launching attacks from Afghan territory."
)
LIBRARY = (
    "The Hollins Park library reopened on 4 September 2023 after an eighteen-month renovation that cost £6.2 million. "
    "The local history archive did not return to the building. In the first month, the library recorded 21,400 visits."
)


def _pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def similarity(embedder: MiniLMEmbeddings) -> Similarity:
    return make_similarity(embedder.embed_array)


def _confusion(results: list[tuple[dict, Support]]) -> dict[str, float]:
    tp = sum(1 for r, s in results if r["supported"] and s.supported)
    fn = sum(1 for r, s in results if r["supported"] and not s.supported)
    tn = sum(1 for r, s in results if not r["supported"] and not s.supported)
    fp = sum(1 for r, s in results if not r["supported"] and s.supported)
    recall = tp / (tp + fn)
    specificity = tn / (tn + fp)
    precision = tp / (tp + fp) if tp + fp else 0.0
    return {
        "tp": tp,
        "fn": fn,
        "tn": tn,
        "fp": fp,
        "recall": recall,
        "specificity": specificity,
        "precision": precision,
        "balanced_accuracy": (recall + specificity) / 2,
    }


def _run(similarity: Similarity | None) -> list[tuple[dict, Support]]:
    return [(r, check_support(r["sentence"], [r["passage"]], similarity=similarity)) for r in _pairs()]


# -- the labelled set -----------------------------------------------------------------------


def test_pairs_file_is_well_formed() -> None:
    rows = _pairs()
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= 160
    assert len({r["id"] for r in rows}) == len(rows)
    assert set(kinds) <= KINDS
    for r in rows:
        assert set(r) == {"id", "sentence", "passage", "supported", "kind"}
        assert r["supported"] is (r["kind"] in {"verbatim", "paraphrase"})
    assert sum(kinds[k] for k in SWAPS) >= 50
    assert min(kinds["swapped_number"], kinds["swapped_name"], kinds["negation"]) >= 12
    assert kinds["paraphrase"] >= 40


def test_study_passages_are_copied_exactly() -> None:
    study = (PAIRS.parent.parent / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md").read_text(
        encoding="utf-8"
    )
    passages = {r["passage"] for r in _pairs()}
    from_study = [p for p in passages if "Taliban" in p or "TTP" in p]
    assert len(from_study) >= 5
    assert all(p in study for p in from_study)
    assert len(passages) - len(from_study) >= 3  # other texts, so the set is not only the study


@pytest.mark.parametrize("mode", ["embedding", "lexical"])
def test_every_swap_and_negation_is_caught(mode: str, similarity: Similarity) -> None:
    results = _run(similarity if mode == "embedding" else None)
    missed = [(r["id"], r["sentence"]) for r, s in results if r["kind"] in SWAPS and s.supported]
    assert not missed


@pytest.mark.parametrize("mode", ["embedding", "lexical"])
def test_balanced_accuracy(mode: str, similarity: Similarity) -> None:
    results = _run(similarity if mode == "embedding" else None)
    figures = _confusion(results)
    by_kind = Counter(r["kind"] for r, _ in results)
    right = Counter(r["kind"] for r, s in results if s.supported == r["supported"])
    print(
        f"\n[{mode}] "
        + " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())
    )
    print(f"[{mode}] per kind: " + ", ".join(f"{k} {right[k]}/{n}" for k, n in sorted(by_kind.items())))
    assert figures["balanced_accuracy"] >= 0.85
    assert right["paraphrase"] / by_kind["paraphrase"] >= 0.85


def test_unsupported_pairs_explain_why(similarity: Similarity) -> None:
    for r, s in _run(similarity):
        if not s.supported:
            assert s.reasons, r["id"]
        else:
            assert s.reasons == () and s.span is not None and s.passage_index == 0


# -- each rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "Relations have deteriorated since the Taliban returned to power in Kabul in the summer of 2022.",
            "number 2022",
        ),
        (
            "Relations have deteriorated since the Taliban returned to power in Kabul in the winter of 2021.",
            "'winter'",
        ),
        (
            "Relations have deteriorated since the Taliban returned to power in Kandahar in 2021.",
            "'Kandahar'",
        ),
        (
            "Relations have deteriorated since the Taliban returned to power in Islamabad in 2021.",
            "'Islamabad'",
        ),
        ("Tehreek-e-Taliban has accused anti-Pakistan militant groups of launching attacks.", "'Tehreek'"),
        (
            "The study notes that the lack of talks could strain relations between the three countries.",
            "number three",
        ),
    ],
)
def test_facts_must_be_in_the_cited_text(sentence: str, reason: str) -> None:
    result = check_support(sentence, [STUDY_3])
    assert not result.supported
    assert any(reason in r and "not in cited text" in r for r in result.reasons), result.reasons


def test_a_fact_elsewhere_in_the_passage_counts_when_nothing_is_swapped() -> None:
    passage = (
        "The Pakistani Taliban Movement (TTP) is the subject of the study. "
        "The group's attacks will persist, driven by its desire to free imprisoned members."
    )
    assert check_support(
        "TTP attacks will persist, driven by a desire to free imprisoned members.", [passage]
    ).supported


def test_number_words_digits_and_percent_signs_agree() -> None:
    passage = "The lake shrank by 12 percent over eighteen months, and permits rose to 21,400."
    assert check_support("The lake shrank by 12% over 18 months.", [passage]).supported
    assert check_support("Permits rose to 21400.", [passage]).supported
    assert not check_support("The lake shrank by 12% over 19 months.", [passage]).supported
    assert not check_support("The lake shrank by 21 percent over eighteen months.", [passage]).supported


def test_quoted_phrases_must_be_quoted_from_the_text() -> None:
    passage = (
        "The study, titled “The Escalation of Threats by the Pakistani Taliban”, was written by Ali Bakr."
    )
    assert check_support(
        'The study is titled "The Escalation of Threats by the Pakistani Taliban".', [passage]
    ).supported
    result = check_support('The study is titled "The Rise of the Pakistani Taliban".', [passage])
    assert not result.supported
    assert any(r.startswith("quote") for r in result.reasons)


def test_case_typographic_quotes_and_possessives_do_not_matter() -> None:
    passage = "The study identifies several potential consequences of TTP’s attacks."
    for sentence in (
        "The study identifies several potential consequences of TTP's attacks.",
        "THE STUDY IDENTIFIES SEVERAL POTENTIAL CONSEQUENCES OF TTP'S ATTACKS.",
        "the study identifies several potential consequences of ttp’s attacks.",
        "The study identifies several potential consequences of the attacks by the TTP.",
    ):
        assert check_support(sentence, [passage]).supported, sentence


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("The local history archive did not return to the building.", True),
        ("The local history archive never returned to the building.", True),
        ("The local history archive returned to the building.", False),
        ("The library reopened on 4 September 2023.", True),
        ("The library did not reopen on 4 September 2023.", False),
        ("The library failed to reopen on 4 September 2023.", False),
    ],
)
def test_negation_must_agree(sentence: str, supported: bool) -> None:
    result = check_support(sentence, [LIBRARY])
    assert result.supported is supported, result.reasons
    if not supported:
        assert "negation mismatch" in result.reasons


def test_not_only_is_not_a_negation() -> None:
    passage = "The attacks targeted not only military forces but also some foreigners and officials."
    assert check_support(
        "The attacks targeted military forces as well as foreigners and officials.", [passage]
    ).supported


@pytest.mark.parametrize("sentence", ["Yes.", "Sure!", "OK, here it is.", "   ", ""])
def test_a_sentence_without_content_is_not_supported(sentence: str) -> None:
    result = check_support(sentence, [LIBRARY])
    assert not result.supported
    assert result.reasons == ("no content to check",)


def test_no_passages_or_empty_passages() -> None:
    assert check_support("The library reopened.", []).reasons == ("no cited text",)
    assert check_support("The library reopened.", ["", "  "]).reasons == ("no cited text",)


def test_an_invented_clause_fails_though_the_rest_is_supported() -> None:
    supported = "The Hollins Park library reopened on 4 September 2023 after an eighteen-month renovation."
    assert check_support(supported, [LIBRARY]).supported
    result = check_support(supported[:-1] + ", which was paid for by a national lottery grant.", [LIBRARY])
    assert not result.supported
    assert any(r.startswith("clause") for r in result.reasons)


def test_low_overlap_is_reported_with_its_figures(similarity: Similarity) -> None:
    result = check_support(
        "Photosynthesis turns light into chemical energy.", [LIBRARY], similarity=similarity
    )
    assert not result.supported
    assert any(r.startswith("low similarity 0.") for r in result.reasons)
    assert any(r.startswith("low overlap 0.") for r in result.reasons)
    assert 0.0 <= result.score < 0.5


def test_high_similarity_does_not_rescue_a_swap(similarity: Similarity) -> None:
    swapped = (
        "Islamabad has accused anti-Pakistan militant groups of launching attacks from Iranian territory."
    )
    original = swapped.replace("Iranian", "Afghan")
    (cos,) = similarity(swapped, [original])
    assert cos > 0.85
    assert check_support(original, [STUDY_3], similarity=similarity).supported
    assert not check_support(swapped, [STUDY_3], similarity=similarity).supported


def test_threshold_is_respected() -> None:
    sentence = "The Hollins Park library reopened after a long renovation."
    loose = check_support(sentence, [LIBRARY], threshold=0.1)
    strict = check_support(sentence, [LIBRARY], threshold=0.99)
    assert loose.supported and not strict.supported
    assert loose.score == strict.score


# -- which passage, which span --------------------------------------------------------------


def test_span_is_whole_sentences_of_the_best_passage() -> None:
    passages = [LIBRARY, STUDY_3]
    result = check_support(
        "Islamabad accuses anti-Pakistan militants of launching attacks from Afghan territory.", passages
    )
    assert result.supported and result.passage_index == 1 and result.span is not None
    start, end = result.span
    quoted = passages[1][start:end]
    assert (
        quoted
        == "Islamabad has accused anti-Pakistan militant groups of launching attacks from Afghan territory."
    )
    sentences = {(s.start, s.end) for s in sentence_spans(passages[1])}
    assert any(s[0] == start for s in sentences) and any(s[1] == end for s in sentences)


def test_span_can_join_consecutive_sentences_when_each_is_needed() -> None:
    result = check_support(
        "After the Taliban returned to power in Kabul in 2021, Islamabad accused militant groups of attacks "
        "from Afghan territory.",
        [STUDY_3],
    )
    assert result.supported and result.span is not None
    start, end = result.span
    assert STUDY_3[start:end] == STUDY_3[STUDY_3.index("The study also notes") :]


def test_every_reported_span_is_sentence_aligned(similarity: Similarity) -> None:
    for r, s in _run(similarity):
        if s.span is None:
            continue
        starts = {sp.start for sp in sentence_spans(r["passage"])}
        ends = {sp.end for sp in sentence_spans(r["passage"])}
        assert s.span[0] in starts and s.span[1] in ends, r["id"]


# -- make_similarity ------------------------------------------------------------------------


def test_make_similarity_caches_and_matches_the_embedder(embedder: MiniLMEmbeddings) -> None:
    calls: list[int] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        calls.append(len(texts))
        return embedder.embed_array(texts)

    sim = make_similarity(embed)
    windows = ["The library reopened in 2023.", "Photosynthesis needs light."]
    first = sim("The library opened again in 2023.", windows)
    again = sim("The library opened again in 2023.", windows)
    assert calls == [3]
    assert list(first) == list(again)
    vectors = embedder.embed_array(["The library opened again in 2023.", *windows])
    assert first == pytest.approx([float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])], abs=1e-5)
    assert first[0] > first[1]
