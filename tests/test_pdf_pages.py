"""PDF citations name the page their quote is on, not the page their chunk starts on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.answering._extractive import citation_for
from assistant.documents import chunk_document, load
from assistant.types import PageSpan, Passage, page_range
from tests.test_loaders import make_pdf

BIN = Path(sys.executable).parent / "assistant"

# Page 1 is short, so the chunker packs page 2 into the same chunk: the chunk starts on page 1.
PAGES = [
    [
        "Harbour Report.",
        "The harbour of Velmora was dredged in the spring.",
        "Its old cranes were replaced by the city council.",
    ],
    [
        "The ferry to Ostrin island runs twice a day from the north pier.",
        "Ferry tickets cost four marks for adults and two marks for children.",
    ],
    [
        "The lighthouse on Ostrin island was built in 1891 by Danish engineers.",
    ],
]


@pytest.fixture()
def pdf_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.pdf").write_bytes(make_pdf(PAGES, title="Harbour Report", author="Ada Quist"))
    return corpus


def test_page_range_names_start_and_end_pages() -> None:
    spans = (PageSpan(page=1, start=0, end=100), PageSpan(page=2, start=102, end=200))
    assert page_range(spans, 10, 50) == (1, None)
    assert page_range(spans, 120, 150) == (2, None)
    assert page_range(spans, 90, 130) == (1, 2)
    # The break between pages belongs to neither: a quote ending on it stays on page 1,
    # a quote starting on it starts on page 2.
    assert page_range(spans, 90, 101) == (1, None)
    assert page_range(spans, 100, 130) == (2, None)
    assert page_range((), 0, 10) == (None, None)


def test_chunk_crossing_a_page_break_cites_each_sentence_on_its_own_page(pdf_corpus: Path) -> None:
    document = load(pdf_corpus / "harbour.pdf", corpus_dir=pdf_corpus)
    chunks = chunk_document(document, size=700, overlap=1)
    crossing = [c for c in chunks if len({document.page_at(s.start) for s in c.sentences}) > 1]
    assert crossing, "the fixture must have a chunk that runs across a page break"
    chunk = crossing[0]
    assert chunk.page == 1
    for sentence in chunk.sentences:
        citation = citation_for(1, Passage(chunk=chunk, score=1.0, rank=1), sentence)
        assert citation.page == document.page_at(sentence.start)
        assert citation.page_end is None
        assert citation.quote == document.text[citation.start : citation.end]
    # A span across the break names both pages.
    first, last = chunk.sentences[0], chunk.sentences[-1]
    assert chunk.pages_of(first.start, last.end) == (1, document.page_at(last.start))


def test_sdk_and_cli_name_the_quote_page(pdf_corpus: Path, tmp_path: Path) -> None:
    question = "How much do ferry tickets cost for adults?"
    settings = Settings(corpus_dir=pdf_corpus, data_dir=tmp_path / "data")
    with Assistant(settings) as assistant:
        answer = assistant.ask(question)
        text = assistant.document_text("harbour.pdf")
    assert answer.grounded, answer
    cited = [c for c in answer.citations if "four marks" in c.quote]
    assert cited, answer.citations
    assert cited[0].page == 2 and text[cited[0].start : cited[0].end] == cited[0].quote

    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CORPUS_DIR=str(pdf_corpus), ASSISTANT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [str(BIN), "ask", question, "--json"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    pages = [c["page"] for c in data["citations"] if "four marks" in c["quote"]]
    assert pages == [2]
    readable = subprocess.run([str(BIN), "ask", question], env=env, capture_output=True, text=True, timeout=300)
    assert readable.returncode == 0, readable.stderr
    assert "harbour.pdf, page 2" in readable.stdout
    assert "page 1" not in readable.stdout
