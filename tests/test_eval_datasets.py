"""The eval datasets are well formed and their gold data is true to the document."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.text import normalize, sentence_spans

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "study.yaml"
CORPUS = ROOT / "corpus"

CATEGORIES = {"answerable", "followup", "unanswerable", "offtopic", "adversarial"}
REQUIRED_KEYS = {"id", "category", "turns", "answerable", "gold_quotes", "key_facts"}
MINIMUM_CASES = {"answerable": 40, "followup": 12, "unanswerable": 20, "offtopic": 8, "adversarial": 8}
MINIMUM_TOTAL = 90
MINIMUM_UNANSWERABLE_FOLLOWUPS = 3
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def document_body(path: Path) -> str:
    """The document text: what follows the closing ``---`` of the front matter, leading blank lines stripped."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines and lines[0].strip() == "---", f"{path.name} has no front matter"
    closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return "".join(lines[closing + 1 :]).lstrip("\n")


def load() -> dict[str, Any]:
    with DATASET.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), "study.yaml must hold a mapping"
    return data


DATA = load()
CASES: list[dict[str, Any]] = DATA.get("cases") or []
TEXT = document_body(CORPUS / str(DATA.get("document")))


def fold(text: str) -> str:
    return " ".join(normalize(text).casefold().split())


def test_document_body_starts_with_the_study_text() -> None:
    assert TEXT.startswith("A recent study by TRENDS Research and Advisory")
    assert "title:" not in TEXT


def test_top_level_schema() -> None:
    assert DATA["version"] == 1
    assert (CORPUS / DATA["document"]).is_file()
    assert isinstance(CASES, list) and CASES


@pytest.mark.parametrize("case", CASES, ids=[str(c.get("id")) for c in CASES])
def test_case_schema(case: dict[str, Any]) -> None:
    assert REQUIRED_KEYS <= set(case), f"missing keys: {sorted(REQUIRED_KEYS - set(case))}"
    assert set(case) <= REQUIRED_KEYS, f"unknown keys: {sorted(set(case) - REQUIRED_KEYS)}"
    assert isinstance(case["id"], str) and _ID.match(case["id"])
    assert case["category"] in CATEGORIES
    turns = case["turns"]
    assert isinstance(turns, list) and turns
    assert all(isinstance(t, str) and t.strip() for t in turns)
    assert isinstance(case["answerable"], bool)
    assert isinstance(case["gold_quotes"], list) and all(isinstance(q, str) and q for q in case["gold_quotes"])
    assert isinstance(case["key_facts"], list) and all(isinstance(f, str) and f.strip() for f in case["key_facts"])


@pytest.mark.parametrize("case", CASES, ids=[str(c.get("id")) for c in CASES])
def test_case_labels_agree(case: dict[str, Any]) -> None:
    category, answerable = case["category"], case["answerable"]
    if category == "answerable":
        assert answerable and len(case["turns"]) == 1
    elif category == "unanswerable":
        assert not answerable and len(case["turns"]) == 1
    elif category == "followup":
        assert len(case["turns"]) >= 2, "a follow-up needs at least one earlier turn"
    else:
        assert not answerable, f"{category} cases are never answerable"
    if answerable:
        assert case["gold_quotes"] and case["key_facts"], "answerable cases need gold quotes and key facts"
    else:
        assert case["gold_quotes"] == [] and case["key_facts"] == []


def test_ids_and_questions_are_unique() -> None:
    ids = Counter(c["id"] for c in CASES)
    assert [i for i, n in ids.items() if n > 1] == []
    conversations = Counter(tuple(fold(t) for t in c["turns"]) for c in CASES)
    assert [t for t, n in conversations.items() if n > 1] == []


def test_category_counts() -> None:
    counts = Counter(c["category"] for c in CASES)
    short = {cat: (counts[cat], need) for cat, need in MINIMUM_CASES.items() if counts[cat] < need}
    assert short == {}, f"categories below their minimum (have, need): {short}"
    assert len(CASES) >= MINIMUM_TOTAL
    unanswerable_followups = [c for c in CASES if c["category"] == "followup" and not c["answerable"]]
    assert len(unanswerable_followups) >= MINIMUM_UNANSWERABLE_FOLLOWUPS


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["gold_quotes"]], ids=[c["id"] for c in CASES if c["gold_quotes"]]
)
def test_gold_quotes_are_exact_substrings_of_the_document(case: dict[str, Any]) -> None:
    missing = [q for q in case["gold_quotes"] if q not in TEXT]
    assert missing == []


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["key_facts"]], ids=[c["id"] for c in CASES if c["key_facts"]]
)
def test_key_facts_appear_in_a_gold_quote(case: dict[str, Any]) -> None:
    quotes = [fold(q) for q in case["gold_quotes"]]
    orphans = [f for f in case["key_facts"] if not any(fold(f) in q for q in quotes)]
    assert orphans == []


def test_every_sentence_of_the_study_is_covered_by_a_gold_quote() -> None:
    spans = []
    for quote in {q for c in CASES for q in c["gold_quotes"]}:
        at = TEXT.find(quote)
        while at != -1:
            spans.append((at, at + len(quote)))
            at = TEXT.find(quote, at + 1)
    uncovered = [s.text[:60] for s in sentence_spans(TEXT) if not any(a < s.end and s.start < b for a, b in spans)]
    assert uncovered == []
