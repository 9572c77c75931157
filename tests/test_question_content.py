"""Questions with no words are usage errors; unencodable text is cleaned, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.errors import UsageError
from assistant.index import MiniLMEmbeddings
from assistant.text import clean_text, has_words

ROOT = Path(__file__).resolve().parents[1]

WORDLESS = {
    "emoji": "🙂🔥🤔",
    "emoji with a question mark": "🙂 ?",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "bidi marks": "\u202e\u2066\u200f",
    "NULs": "\x00\x00\x00",
    "symbols": "?!… --- ***",
    "lone surrogates": "\ud800\udfff",
}


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbeddings) -> Iterator[Assistant]:
    base = tmp_path_factory.mktemp("content")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "study.md").write_bytes((ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md").read_bytes())
    with Assistant(Settings(corpus_dir=corpus, data_dir=base / "data"), embedder=embedder) as assistant:
        assistant.ingest()
        yield assistant


@pytest.mark.parametrize("text", list(WORDLESS.values()), ids=list(WORDLESS))
def test_a_question_without_words_is_a_usage_error_everywhere(study: Assistant, text: str) -> None:
    for call in (
        lambda: study.ask(text),
        lambda: study.chat("wordless", text),
        lambda: list(study.stream(text, session_id="wordless")),
    ):
        with pytest.raises(UsageError, match="empty|no words"):
            call()
    assert study.history("wordless") == []


@pytest.mark.parametrize(
    "text",
    ["Who wrote the study?\ud800", "Who\u200b wrote the\x00 study?\udcff", "\u202eWho wrote the study?\ufeff"],
)
def test_invisible_and_unencodable_characters_are_cleaned(study: Assistant, text: str) -> None:
    answer = study.chat("cleaned", text)
    assert answer.grounded and "Nora Al Habsi" in answer.text
    assert answer.question == "Who wrote the study?"
    assert study.history("cleaned")[-2].content == "Who wrote the study?"


def test_clean_text_and_has_words() -> None:
    assert clean_text("a\ud800b\x00c\u200bd\te\n") == "abcd\te\n"
    assert not has_words(clean_text("🙂\u200b\x00"))
    assert has_words("Kto napisał?") and has_words("誰が書いた") and has_words("2021")


def _cli(args: list[bytes], tmp_path: Path, corpus: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_CORPUS_DIR": str(corpus),
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "LC_ALL": "C.UTF-8",
    }
    return subprocess.run([sys.executable.encode(), b"-m", b"assistant.cli", *args], env=env, capture_output=True, timeout=180)


def test_the_cli_cleans_invalid_utf8_and_refuses_emoji_in_one_line(tmp_path: Path, corpus_dir: Path) -> None:
    done = _cli([b"ask", b"Who wrote the study?\xff\xfe"], tmp_path, corpus_dir)
    assert done.returncode == 0, done.stderr
    assert b"Nora Al Habsi" in done.stdout and b"Traceback" not in done.stderr
    refused = _cli([b"ask", "🙂🔥".encode()], tmp_path, corpus_dir)
    assert refused.returncode == 2
    assert refused.stderr.decode().strip().splitlines() == [
        "assistant: error: The question has no words, only symbols or emoji (ask something about the documents in words)"
    ]
