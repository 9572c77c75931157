"""Server mode against a real ``chroma run``: same answers as embedded, clear errors when it is down."""

from __future__ import annotations

import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings
from assistant.errors import IndexUnavailableError
from bench.synthetic import write_corpus
from tests.plugins.chroma_server import assert_index_matches_corpus

pytestmark = pytest.mark.chroma_server

QUESTIONS = [
    "Who wrote the study?",
    "What does the study say about attacks by the TTP?",
    "Where were the airstrikes?",
    "What are the implications for Afghanistan and Pakistan relations?",
    "Why did roadside bombings rise in Bannu?",
    "What is the boiling point of mercury?",
    "How many attacks did the TTP carry out in 2023?",
]
# A hung server must not hang the caller; this only bounds the test if that promise breaks.
_GIVE_UP = 120.0


def _comparable(answer: Any) -> dict[str, Any]:
    return {
        "text": answer.text,
        "grounded": answer.grounded,
        "citations": [(c.n, c.source, c.chunk_id, c.start, c.end, c.quote, c.kind) for c in answer.citations],
        "related": [p.chunk.id for p in answer.related],
    }


@pytest.fixture()
def corpus(corpus_dir: Path) -> Path:
    write_corpus(corpus_dir, 2, seed=5, sections=2, paragraphs=1)
    return corpus_dir


@pytest.mark.slow
def test_server_mode_gives_the_same_answers_as_embedded(
    chroma_server_url: str, corpus: Path, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    collection = f"srv-{uuid.uuid4().hex[:8]}"
    served = Settings(corpus_dir=corpus, data_dir=tmp_path / "served", chroma_url=chroma_server_url, collection=collection)
    local = Settings(corpus_dir=corpus, data_dir=tmp_path / "local", collection=collection)
    results = {}
    for name, settings in (("served", served), ("local", local)):
        with Assistant(settings, embedder=embedder) as assistant:
            report = assistant.ingest()
            answers = [_comparable(assistant.ask(q)) for q in QUESTIONS]
            results[name] = (set(report.added), report.chunks_embedded, answers, assistant.status()["chunks"])
            for answer in answers:
                for _, source, _, start, end, quote, kind in answer["citations"]:
                    if kind == "details":  # the value recorded in the document's metadata
                        metadata = {s.source: s.metadata for s in assistant.sources()}[source]
                        assert quote in {str(v).strip() for v in metadata.values()}
                    else:
                        assert assistant.document_text(source)[start:end] == quote
    assert results["served"] == results["local"]
    assert any(a["grounded"] for a in results["served"][2])
    assert_index_matches_corpus(served)


@pytest.mark.slow
def test_server_mode_ingest_is_incremental_across_processes_sharing_the_server(
    chroma_server_url: str, corpus: Path, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    """Two front doors on different data dirs share one server: the second sees the first's index."""
    collection = f"srv-{uuid.uuid4().hex[:8]}"
    first = Settings(corpus_dir=corpus, data_dir=tmp_path / "a", chroma_url=chroma_server_url, collection=collection)
    second = Settings(corpus_dir=corpus, data_dir=tmp_path / "b", chroma_url=chroma_server_url, collection=collection)
    with Assistant(first, embedder=embedder) as a:
        a.ingest()
    with Assistant(second, embedder=embedder) as b:
        again = b.ingest()
        assert again.chunks_embedded == 0
        assert len(again.unchanged) == len(list(corpus.iterdir()))
        (corpus / "report-000001.md").unlink()
        shutil.copy(corpus / "report-000000.md", corpus / "copy.md")
        report = b.ingest()
        assert report.removed == ("report-000001.md",)
        assert report.added == ("copy.md",)
    assert_index_matches_corpus(first)


def _run_bounded(fn: Any) -> BaseException | None:
    """Run ``fn`` in a thread; return what it raised. Fails the test if it never returns."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            fn()
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(_GIVE_UP)
    assert not thread.is_alive(), "the call never returned against a down Chroma server"
    return outcome[0]


@pytest.mark.parametrize("server", ["chroma_closed_url", "chroma_hanging_url"])
@pytest.mark.parametrize("action", ["ask", "ingest", "sources"])
def test_a_down_server_gives_a_clear_error_naming_the_url(
    server: str, action: str, request: pytest.FixtureRequest, corpus: Path, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    url = request.getfixturevalue(server)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", chroma_url=url)
    with Assistant(settings, embedder=embedder) as assistant:
        calls = {
            "ask": lambda: assistant.ask("Who wrote the study?"),
            "ingest": assistant.ingest,
            "sources": assistant.sources,
        }
        error = _run_bounded(calls[action])
    assert isinstance(error, IndexUnavailableError), repr(error)
    message = str(error)
    assert url in message
    assert "\n" not in message
    assert "chroma run" in message or "ASSISTANT_CHROMA_URL" in message


def test_a_malformed_url_is_a_clear_error(corpus: Path, tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", chroma_url="http://")
    with Assistant(settings, embedder=embedder) as assistant:
        with pytest.raises(IndexUnavailableError, match="http://"):
            assistant.sources()
