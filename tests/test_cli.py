"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "assistant"


def run(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture()
def env(tmp_path: Path, corpus_dir: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e.update(ASSISTANT_CORPUS_DIR=str(corpus_dir), ASSISTANT_DATA_DIR=str(tmp_path / "data"))
    return e


def test_ask_json_contract(env: dict[str, str]) -> None:
    result = run(["ask", "Who wrote the study?", "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["grounded"] is True and data["mode"] == "extractive"
    assert any("Nora Al Habsi" in c["quote"] for c in data["citations"])
    assert set(data["citations"][0]) >= {"n", "source", "title", "chunk_id", "start", "end", "quote"}

    result = run(["ask", "What is the capital of Australia?", "--json"], env)
    assert result.returncode == 0
    assert json.loads(result.stdout)["grounded"] is False


def test_readable_output_lists_sources(env: dict[str, str]) -> None:
    result = run(["ask", "Which", "provinces", "did", "Pakistan", "strike?"], env)
    assert result.returncode == 0, result.stderr
    assert "Paktika" in result.stdout and "Sources:" in result.stdout and "[1]" in result.stdout


def test_readable_output_says_how_the_question_was_read(env: dict[str, str]) -> None:
    result = run(["ask", "What does the second author specialise in?"], env)
    assert result.returncode == 0, result.stderr
    assert "(Read as: What does Ali Bakr specialise in?)" in result.stdout
    assert "political Islam" in result.stdout
    plain = run(["ask", "Who wrote the study?"], env)
    assert "Read as" not in plain.stdout


def test_ingest_twice_embeds_nothing_the_second_time(env: dict[str, str], corpus_dir: Path) -> None:
    first = run(["ingest", "--json"], env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["chunks_embedded"] > 0
    second = json.loads(run(["ingest", "--json"], env).stdout)
    assert second["chunks_embedded"] == 0 and len(second["unchanged"]) == 1
    (corpus_dir / "notes.txt").write_text("The notes say the meeting is on Tuesday.\n")
    (corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    third = json.loads(run(["ingest", "--json"], env).stdout)
    assert third["added"] == ["notes.txt"] and len(third["unchanged"]) == 1
    assert [s["source"] for s in third["skipped"]] == ["broken.pdf"]
    listing = run(["sources"], env)
    assert "notes.txt" in listing.stdout and "escalation" in listing.stdout


@pytest.mark.parametrize("args", [["ask", "   "], ["ask"], ["frobnicate"], ["ask", "x", "-k", "0"]])
def test_usage_errors_exit_2_with_one_line(env: dict[str, str], args: list[str]) -> None:
    result = run(args, env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_runtime_error_exits_1_without_traceback(env: dict[str, str]) -> None:
    env = dict(env, ASSISTANT_CHROMA_URL="http://127.0.0.1:9")
    result = run(["ask", "Who wrote the study?"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "127.0.0.1:9" in result.stderr
    debug = run(["ask", "Who wrote the study?"], dict(env, ASSISTANT_DEBUG="1"))
    assert "Traceback" in debug.stderr


def test_chat_reads_stdin_until_empty_line(env: dict[str, str]) -> None:
    result = run(["chat"], env, input="Tell me about the study.\nWho wrote it?\n\n")
    assert result.returncode == 0, result.stderr
    assert "Nora Al Habsi" in result.stdout


def test_console_script_is_installed() -> None:
    assert shutil.which("assistant", path=str(BIN.parent))
