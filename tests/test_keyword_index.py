"""The keyword index: BM25 search, and document frequencies read from bm25s's score matrix."""

from __future__ import annotations

import json
import math
from pathlib import Path

from assistant.index._keyword import ANALYZER, BM25Index, analyze

TEXTS = [
    "The ferry leaves the harbour at dawn.",
    "Ferries and buses run on Sundays; the harbour office closes at noon.",
    "The museum opens at ten.",
    "and the of",  # nothing but stopwords
]
IDS = ["a", "b", "c", "d"]


def _df(term: str) -> int:
    return sum(1 for text in TEXTS if term in analyze(text))


def test_frequencies_and_weights_count_the_chunks_a_term_occurs_in() -> None:
    index = BM25Index(IDS, TEXTS, revision="r1")
    assert len(index) == 4
    for term in {t for text in TEXTS for t in analyze(text)}:
        assert index.df(term) == _df(term), term
        assert index.contains(term)
    harbour = analyze("harbour")[0]
    assert index.df(harbour) == 2
    assert index.idf(harbour) == math.log(1.0 + (4 - 2 + 0.5) / (2 + 0.5))
    # Unknown terms, and the empty token bm25s keeps for a text of stopwords only.
    assert index.df("zeppelin") == 0 and not index.contains("zeppelin")
    assert index.df("") == 0 and not index.contains("")
    assert index.idf("zeppelin") > index.idf(harbour)


def test_search_ranks_the_chunks_holding_the_terms() -> None:
    index = BM25Index(IDS, TEXTS, revision="r1")
    ranked = [chunk for chunk, _ in index.search("When does the museum open?", 3)]
    assert ranked[0] == "c"
    assert {chunk for chunk, _ in index.search("harbour ferry", 4)} == {"a", "b"}
    assert index.search("the and of", 4) == []


def test_a_saved_index_loads_with_the_same_frequencies(tmp_path: Path) -> None:
    index = BM25Index(IDS, TEXTS, revision="r1")
    index.save(tmp_path / "kw")
    assert "df" not in json.loads((tmp_path / "kw" / "state.json").read_text())
    loaded = BM25Index.load(tmp_path / "kw", "r1")
    assert loaded is not None
    for term in ("harbour", "ferri", "museum", "zeppelin"):
        assert loaded.df(term) == index.df(term)
    assert loaded.search("harbour", 2) == index.search("harbour", 2)
    assert BM25Index.load(tmp_path / "kw", "r2") is None  # another revision: stale


def test_an_index_saved_by_another_analyser_is_stale(tmp_path: Path) -> None:
    # Its terms came from other stop words or another stemmer: they would not match the queries'.
    index = BM25Index(IDS, TEXTS, revision="r1")
    index.save(tmp_path / "kw")
    state = json.loads((tmp_path / "kw" / "state.json").read_text())
    assert state["analyzer"] == ANALYZER
    for analyzer in ("0123456789abcdef", None):
        if analyzer is None:
            del state["analyzer"]  # saved before the cache recorded its analyser
        else:
            state["analyzer"] = analyzer
        (tmp_path / "kw" / "state.json").write_text(json.dumps(state))
        assert BM25Index.load(tmp_path / "kw", "r1") is None


def test_an_index_saved_with_its_own_frequency_table_still_loads(tmp_path: Path) -> None:
    # Indexes written before frequencies came from bm25s carry a "df" table; it is not needed.
    index = BM25Index(IDS, TEXTS, revision="r1")
    index.save(tmp_path / "kw")
    state = json.loads((tmp_path / "kw" / "state.json").read_text())
    state["df"] = {"harbour": 99}
    (tmp_path / "kw" / "state.json").write_text(json.dumps(state))
    loaded = BM25Index.load(tmp_path / "kw", "r1")
    assert loaded is not None and loaded.df(analyze("harbour")[0]) == 2


def test_an_empty_index_answers_nothing() -> None:
    index = BM25Index([], [], revision="r0")
    assert len(index) == 0 and index.df("ferry") == 0 and index.search("ferry", 3) == []


def test_a_version_number_is_its_own_term() -> None:
    # "3.11" is no inflection of "3.1": a number is not stemmed.
    assert analyze("Python 3.11 and 3.1") == ["python", "3.11", "3.1"]
    assert analyze("versions 1.00 and 2009") == ["version", "1.00", "2009"]


def test_a_stem_that_is_another_verb_s_irregular_form_is_told_apart() -> None:
    # "founded" strips to "found", the past of "find": the two index as different terms.
    assert analyze("Who founded the harbour board?")[0] != analyze("It can be found at the harbour.")[-2]
    assert analyze("founded")[0] == analyze("founder")[0] == analyze("founding")[0]
    assert analyze("It was found.") == ["found"]
    index = BM25Index(["a", "b"], ["The map can be found in the harbour office.", "The founder of the harbour board."],
                      revision="r1")
    assert [cid for cid, _ in index.search("Who founded the board?", 2)][0] == "b"
    assert [cid for cid, _ in index.search("Where is the map found?", 2)][0] == "a"


def test_a_stem_told_apart_counts_in_both_its_forms_when_looked_up_as_a_stem() -> None:
    # The answerer weighs the stems of the question's words: "found" (of "founded") must count
    # the chunks of "founder" as well as those of "can be found", each chunk once.
    index = BM25Index(["a", "b", "c"], ["It can be found here.", "The founder found the map.", "A founding year."],
                      revision="r1")
    assert index.df("found") == 3 and index.df("found_") == 2
    assert BM25Index(["a"], ["The founder of the board."], revision="r1").contains("found")
