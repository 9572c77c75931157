"""The CLI in LLM mode: the model's unchecked draft never reaches stdout, only the checked
answer does; a fallback prints its answer once; retry log lines show only with ``-v``."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings, cli
from assistant.testing import HashingEmbedder, InMemoryStore, JudgingChatModel, ScriptedChatModel, fail

BIN = Path(sys.executable).parent / "assistant"

DOC = """---
title: The Harbour Report
authors: Mara Lind; Oskar Berg
---
# The Harbour Report

The new harbour opened in 2019 after six years of construction. It handles about 40,000 containers a month.

The port authority raised fees by 12 percent in 2021 to pay for dredging. Local fishermen opposed the increase.
"""
QUESTION = "When did the new harbour open?"
OPENED = "The new harbour opened in 2019 after six years of construction."
FAITHFUL = "The new harbour opened in 2019 [1]."
HALLUCINATED = "It was paid for by the Velmora city council [1]."


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, to see what a reader's terminal receives."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(DOC, encoding="utf-8")
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data")


def build(settings: Settings, model: ScriptedChatModel) -> Assistant:
    return Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore(), llm=model)


def ask_args(question: str) -> argparse.Namespace:
    return argparse.Namespace(question=[question], session=None, json=False, k=None)


def hallucinating_model() -> JudgingChatModel:
    return JudgingChatModel(
        [f"{FAITHFUL} {HALLUCINATED}"], verdicts={"It was paid for by the Velmora city council.": "not_supported"}
    )


def test_ask_streams_the_draft_off_stdout_and_prints_the_checked_answer(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    model = hallucinating_model()
    with build(settings, model) as assistant:
        assert cli._cmd_ask(assistant, ask_args(QUESTION)) == 0
    out = capsys.readouterr().out
    assert model.requests[0].stream is True
    assert "Velmora city council" not in out
    assert "The new harbour opened in 2019. [1]" in out
    assert out.startswith("Outcome: answered.")
    # The terminal saw the draft, dimmed and labelled, and then had it erased.
    shown = terminal.getvalue()
    assert "\x1b[2mDraft, being checked against the sources:" in shown
    assert "Velmora city council" in shown
    assert shown.endswith("\x1b[J")


def test_no_draft_at_all_when_stderr_is_not_a_terminal(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    model = hallucinating_model()
    with build(settings, model) as assistant:
        assert cli._cmd_ask(assistant, ask_args(QUESTION)) == 0
    out, err = capsys.readouterr()
    assert "Velmora" not in out and "Velmora" not in err
    assert "The new harbour opened in 2019. [1]" in out


def test_chat_in_llm_mode_never_prints_unchecked_text(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{QUESTION}\n\n/exit\n"))
    model = hallucinating_model()
    with build(settings, model) as assistant:
        assert cli._cmd_chat(assistant, argparse.Namespace(session="s1")) == 0
        turns = assistant.history("s1")
    out, err = capsys.readouterr()
    assert "Velmora" not in out and "Velmora" not in err
    assert out.count("Outcome:") == 1
    assert [t.role for t in turns] == ["user", "assistant"]


def test_fallback_prints_the_answer_once(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    model = ScriptedChatModel([fail("connection")])
    with build(settings, model) as assistant:
        assert cli._cmd_ask(assistant, ask_args(QUESTION)) == 0
    out = capsys.readouterr().out
    assert out.count(OPENED) == 1
    assert "The language model was unavailable" in out


def test_a_model_failing_mid_stream_shows_no_draft_on_stdout(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    model = ScriptedChatModel([fail("connection", after=3)])
    with build(settings, model) as assistant:
        assert cli._cmd_ask(assistant, ask_args(QUESTION)) == 0
    out = capsys.readouterr().out
    assert "piece0" not in out
    assert out.count(OPENED) == 1


def test_retry_log_lines_show_only_with_verbose(
    error_server_url: str, tmp_path: Path, settings: Settings
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
        ASSISTANT_DATA_DIR=str(tmp_path / "data"),
        ASSISTANT_LLM_BASE_URL=error_server_url,
        ASSISTANT_LLM_MODEL="any",
        ASSISTANT_LLM_MAX_RETRIES="1",
    )
    quiet = subprocess.run(
        [str(BIN), "chat"], input=f"{QUESTION}\n", env=env, capture_output=True, text=True, timeout=300
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "retry" not in quiet.stderr.lower()
    assert quiet.stdout.count(OPENED) == 1
    loud = subprocess.run(
        [str(BIN), "chat", "-v"], input=f"{QUESTION}\n", env=env, capture_output=True, text=True, timeout=300
    )
    assert loud.returncode == 0, loud.stderr
    assert "retry 1 of 1" in loud.stderr
    assert loud.stdout.count(OPENED) == 1


class _ScriptedEndpoint:
    """A real OpenAI-compatible endpoint on loopback that streams one scripted answer (SSE)
    and answers any other request with the same text as a plain completion."""

    def __init__(self, reply: str) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[dict[str, object]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
                owner.requests.append(body)
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("content-type", "text/event-stream")
                    self.end_headers()
                    for word in reply.split(" "):
                        delta = {"choices": [{"index": 0, "delta": {"content": word + " "}}]}
                        self.wfile.write(f"data: {json.dumps(delta)}\n\n".encode())
                        self.wfile.flush()
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                data = json.dumps(
                    {"choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}]}
                ).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def test_console_entry_point_keeps_the_draft_on_the_terminal_and_stdout_checked(
    tmp_path: Path, settings: Settings
) -> None:
    import pty
    import select

    endpoint = _ScriptedEndpoint(f"{FAITHFUL} {HALLUCINATED}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
        ASSISTANT_DATA_DIR=str(tmp_path / "data"),
        ASSISTANT_LLM_BASE_URL=endpoint.url,
        # The offline checker decides: the invented name is vetoed without a judge.
        ASSISTANT_ANSWER_JUDGE="offline",
        TERM="xterm",
    )
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(BIN), "ask", QUESTION], stdout=subprocess.PIPE, stderr=slave, env=env, text=True
        )
        os.close(slave)
        out, _ = process.communicate(timeout=300)
        terminal = b""
        while select.select([master], [], [], 0.2)[0]:
            try:
                piece = os.read(master, 65536)
            except OSError:
                break
            if not piece:
                break
            terminal += piece
    finally:
        os.close(master)
        endpoint.close()
    assert process.returncode == 0, terminal.decode(errors="replace")
    assert any(r.get("stream") for r in endpoint.requests)
    assert "Velmora" not in out
    assert "The new harbour opened in 2019" in out and out.startswith("Outcome: answered.")
    shown = terminal.decode(errors="replace")
    assert "Draft, being checked against the sources:" in shown and "Velmora" in shown
    assert shown.rstrip().endswith("\x1b[J")
