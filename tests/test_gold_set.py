"""The public gold set (evals/study.yaml) through the real offline Assistant.

Floors hold on the core cases (ids not ending in ``-paraphrase`` or ``-terse``); figures for all
cases, and for the held-out set (evals/heldout.yaml), are printed for the record.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant import Assistant
from assistant.config import Settings
from assistant.answering._followups import resolve_followup
from assistant.index import MiniLMEmbeddings

ROOT = Path(__file__).resolve().parent.parent
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"

RECALL_AT_5_FLOOR = 0.95
ANSWERED_FLOOR = 0.9
REFUSED_FLOOR = 0.9


def _cases(name: str) -> list[dict[str, Any]]:
    with (ROOT / "evals" / name).open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle)["cases"])


def _is_core(case: dict[str, Any]) -> bool:
    return not case["id"].endswith(("-paraphrase", "-terse"))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbeddings) -> Iterator[Assistant]:
    # Module scope: one index for every case (the core ``settings`` fixture is per test).
    root = tmp_path_factory.mktemp("gold")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(STUDY, corpus / STUDY.name)
    with Assistant(Settings(corpus_dir=corpus, data_dir=root / "data"), embedder=embedder) as built:
        built.ingest()
        yield built


def _run(assistant: Assistant, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per case: was it answered correctly / refused, and was the gold sentence in the top 5?"""
    text = assistant.document_text(STUDY.name)
    results = []
    for case in cases:
        session = f"gold-{uuid.uuid4()}"
        for turn in case["turns"][:-1]:
            assistant.chat(session, turn)
        resolution = resolve_followup(case["turns"][-1], assistant.history(session))
        answer = assistant.chat(session, case["turns"][-1])
        spans = [(text.index(q), text.index(q) + len(q)) for q in case["gold_quotes"]]
        row: dict[str, Any] = {"id": case["id"], "core": _is_core(case), "answerable": case["answerable"]}
        if case["answerable"]:
            # Retrieval runs on the query the pipeline retrieves with (the follow-up made stand-alone).
            passages = assistant.retrieve(resolution.query, k=5)
            row["recalled"] = any(
                _overlap((p.chunk.start, p.chunk.end), span) >= (span[1] - span[0]) / 2
                for p in passages
                for span in spans
            )
            row["ok"] = answer.grounded and any(
                _overlap((c.start, c.end), span) >= (span[1] - span[0]) / 2 for c in answer.citations for span in spans
            )
            for citation in answer.citations:
                if citation.kind == "details":  # a document detail (metadata), not a slice of the text
                    assert citation.quote and citation.field, case["id"]
                    continue
                assert text[citation.start : citation.end] == citation.quote, case["id"]
            assert len(answer.citations) <= 3, case["id"]
        else:
            row["ok"] = not answer.grounded
        results.append(row)
    return results


def _share(rows: list[dict[str, Any]], key: str) -> float:
    return sum(bool(r[key]) for r in rows) / len(rows)


def _report(name: str, rows: list[dict[str, Any]]) -> dict[str, float]:
    figures = {}
    for label, subset in (("all", rows), ("core", [r for r in rows if r["core"]])):
        answerable = [r for r in subset if r["answerable"]]
        refusable = [r for r in subset if not r["answerable"]]
        figures[f"{label} recall@5"] = _share(answerable, "recalled")
        figures[f"{label} answered"] = _share(answerable, "ok")
        figures[f"{label} refused"] = _share(refusable, "ok")
    print(f"\n{name}: " + ", ".join(f"{k} {v:.2f}" for k, v in figures.items()))
    print(f"{name} failures: " + ", ".join(r["id"] for r in rows if not r["ok"]))
    return figures


def test_gold_set_floors_on_core_cases(assistant: Assistant) -> None:
    figures = _report("study.yaml", _run(assistant, _cases("study.yaml")))
    assert figures["core recall@5"] >= RECALL_AT_5_FLOOR
    assert figures["core answered"] >= ANSWERED_FLOOR
    assert figures["core refused"] >= REFUSED_FLOOR


def test_heldout_set_figures(assistant: Assistant) -> None:
    """Figures only: the held-out set guards against tuning to study.yaml, it sets no floor.
    Citations must still slice the source exactly (checked inside ``_run``)."""
    rows = _run(assistant, _cases("heldout.yaml"))
    _report("heldout.yaml", rows)
    assert rows
