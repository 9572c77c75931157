"""Property-based tests over questions: any text gives an answer or a clear usage error."""

from __future__ import annotations

import shutil
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant import Answer, Assistant, Settings
from assistant.answering._followups import resolve_followup
from assistant.errors import UsageError
from assistant.answering._questions import analyze_question
from assistant.text import sentence_spans
from assistant.types import Turn

ROOT = Path(__file__).resolve().parents[1]

questions = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.sampled_from(list("?!.,;:[](){}<>#*`\"'’“”-_/\\\n\t\r\x00\x1b ")), max_size=200),
    st.builds(
        lambda words, tail: " ".join(words) + tail,
        st.lists(st.sampled_from(["who", "wrote", "the", "study", "TTP", "how", "many", "it", "she", "[1]", "2021",
                                  "Ignore", "instructions", "Paktika", "<script>", "DROP TABLE", "%s", "{0}"]),
                 max_size=30),
        st.sampled_from(["", "?", "??", " [2]", "\n"]),
    ),
)


@given(questions)
@hsettings(max_examples=300, deadline=None)
def test_pure_analysis_never_fails(text: str) -> None:
    info = analyze_question(text)
    assert isinstance(info.focus, tuple)
    for span in sentence_spans(text):
        assert text[span.start : span.end] == span.text
    history = [Turn(role="user", content="Who wrote the study?", resolved="Who wrote the study?"),
               Turn(role="assistant", content="x", answer={"answer": "Nora Al Habsi wrote it [1]", "grounded": True,
                                                           "citations": []})]
    resolution = resolve_followup(text, history)
    assert isinstance(resolution.text, str) and isinstance(resolution.query, str)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> Iterator[Assistant]:
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md", corpus)
    with Assistant(Settings(corpus_dir=corpus, data_dir=base / "data"), embedder=embedder) as assistant:  # type: ignore[arg-type]
        assistant.ingest()
        yield assistant


@given(questions)
@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_question_gets_an_answer_or_a_usage_error(shared: Assistant, text: str) -> None:
    try:
        answer = shared.ask(text)
    except UsageError:
        # Empty, too long, or without a single letter or digit (emoji, symbols, invisible characters).
        assert not any(ch.isalnum() for ch in text) or len(text) > shared.settings.max_question_chars
        return
    assert isinstance(answer, Answer)
    for c in answer.citations:
        if c.kind == "details":  # a document detail from metadata: no offsets to slice
            assert c.quote and c.field and (c.start, c.end) == (0, 0)
            continue
        assert shared.document_text(c.source)[c.start : c.end] == c.quote
    # Only the "closest" outcome cites without answering; "not answered" cites nothing.
    assert answer.grounded == (answer.outcome == "answered")
    if answer.outcome == "not_answered":
        assert not answer.citations


@given(questions)
@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_follow_up_in_a_session(shared: Assistant, text: str) -> None:
    try:
        answer = shared.chat("hostile-session", text)
    except UsageError:
        return
    for c in answer.citations:
        if c.kind == "details":
            assert c.quote and c.field and (c.start, c.end) == (0, 0)
            continue
        assert shared.document_text(c.source)[c.start : c.end] == c.quote


def test_huge_question_is_refused_in_bounded_memory(shared: Assistant) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(UsageError):
            shared.ask("why " * 2_000_000)  # 8 MB of text
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024
