"""Smaller faults found by trying the front doors as an operator and an attacker would:
file names printed raw, a misleading size, a hung Chroma server stalling a long-running
process, a signed Slack request that is not JSON, and oversized Slack bodies."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant import Assistant, Settings
from assistant.documents import load
from assistant.errors import IndexUnavailableError, LoaderError
from assistant.index import MiniLMEmbeddings
from tests.plugins.chroma_server import HOST, _chroma_cli, _free_port, _wait_heartbeat
from tests.plugins.processes import stop_process
from tests.plugins.slack_fake import SIGNING_SECRET, FakeSlackApi

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "SLACK_"))}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


# --- names and sizes -----------------------------------------------------------------


def test_a_file_just_over_the_limit_shows_its_real_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: no disk or memory is spent on it
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(LoaderError) as caught:
        load(big, corpus_dir=tmp_path)
    assert "file too large (50.000001 MB > 50 MB)" in str(caught.value)


def test_the_cli_prints_file_names_with_controls_and_bidi_escaped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "study.md").write_bytes(STUDY.read_bytes())
    (corpus / "evil\x1b[2Jname\u202egnp.md").write_text("# Notes\n\nThe notes say nothing of note today.\n")
    (corpus / "empty\u200b\x07.txt").write_text("")
    env = _env(ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_DATA_DIR=str(tmp_path / "data"))
    outputs = []
    for args in (["ingest"], ["sources"]):
        done = subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout + done.stderr)
    for out in outputs:
        assert "\x1b" not in out and "\u202e" not in out and "\u200b" not in out and "\x07" not in out
        assert "evil\\x1b[2Jname\\u202egnp.md" in out
    assert "skipped empty\\u200b\\x07.txt" in outputs[0]


# --- a hung Chroma server ---------------------------------------------------------------


@pytest.fixture()
def private_chroma(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A `chroma run` server of this test's own (it is paused by the test)."""
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the `chroma` CLI is not installed")
    port = _free_port()
    log = tmp_path / "chroma.log"
    env = {**os.environ, "HOME": str(tmp_path), "ANONYMIZED_TELEMETRY": "False"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [cli, "run", "--path", str(tmp_path / "db"), "--host", HOST, "--port", str(port)],
            stdout=sink, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    url = f"http://{HOST}:{port}"
    try:
        _wait_heartbeat(url, process, log)
        yield url, process
    finally:
        try:
            os.killpg(process.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        stop_process(process)


@pytest.mark.slow
def test_a_long_running_process_fails_fast_when_the_server_hangs(
    private_chroma: tuple[str, subprocess.Popen[bytes]], corpus_dir: Path, tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    url, process = private_chroma
    settings = Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data", chroma_url=url)
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        assert assistant.ask("Who wrote the study?").grounded  # connected, collections cached
        os.killpg(process.pid, signal.SIGSTOP)  # the server now accepts connections and never answers
        outcome: list[BaseException | object] = []

        def ask() -> None:
            try:
                outcome.append(assistant.ask("Who wrote the study?"))
            except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
                outcome.append(exc)

        started = time.monotonic()
        worker = threading.Thread(target=ask, daemon=True)
        worker.start()
        # The default limit is a few seconds; 60 s (the old per-call limit) must not be waited for.
        worker.join(timeout=30)
        seconds = time.monotonic() - started
        os.killpg(process.pid, signal.SIGCONT)
        worker.join(timeout=60)
    print(f"\na hung server failed the question after {seconds:.1f}s")
    assert outcome, "the question was still waiting for the hung server after 30 s"
    [error] = outcome
    assert isinstance(error, IndexUnavailableError), error
    assert url in str(error) and "did not answer within 6 s" in str(error)
    assert "\n" not in str(error)


# --- the Slack HTTP door -------------------------------------------------------------------


def _signed(raw: bytes, secret: str = SIGNING_SECRET) -> dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + raw, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def test_a_signed_request_that_is_not_json_gets_400_and_one_log_line(
    settings: Settings, slack_api: FakeSlackApi, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    from tests.test_slack_app import serve_http, slack_settings

    caplog.set_level(logging.DEBUG, logger="assistant")
    bot_settings = slack_settings(settings, slack_api)
    with Assistant(bot_settings) as assistant, ThreadPoolExecutor(max_workers=2) as pool:
        with serve_http(assistant, bot_settings, pool) as bot:
            raw = b'{"type": "event_callback", "event": {'
            signed = httpx.post(bot.url, content=raw, headers=_signed(raw), timeout=30)
            forged = httpx.post(bot.url, content=raw, headers=_signed(raw, "not-the-secret"), timeout=30)
    assert signed.status_code == 400
    assert forged.status_code == 401
    lines = [r.getMessage() for r in caplog.records if "not JSON" in r.getMessage()]
    assert lines == ["Refused a signed Slack request whose body is not JSON (37 bytes)"]
    assert "Traceback" not in capfd.readouterr().err


_BOT = """
import sys
from assistant import Assistant, Settings
from assistant.slack import run_http

settings = Settings()
with Assistant(settings) as assistant:
    run_http(assistant, settings, int(sys.argv[1]))
"""


# The bot runs under a small launcher that reports its peak memory: a child forked straight
# from pytest would start its ru_maxrss at pytest's own size (the kernel keeps the high-water
# mark across fork and exec). Ctrl+C reaches both; the launcher ignores it and waits.
_LAUNCHER = """
import json, os, signal, subprocess, sys
signal.signal(signal.SIGINT, lambda *args: None)
bot = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]])
while True:
    try:
        _, status, usage = os.wait4(bot.pid, 0)
        break
    except InterruptedError:
        continue
print(json.dumps({"peak_mb": usage.ru_maxrss / 1024, "code": os.waitstatus_to_exitcode(status)}), flush=True)
"""


@pytest.mark.slow
def test_an_oversized_slack_body_is_refused_unread_in_bounded_memory(
    settings: Settings, slack_api: FakeSlackApi
) -> None:
    port = _free_port()
    env = _env(
        ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
        ASSISTANT_DATA_DIR=str(settings.data_dir),
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        ASSISTANT_SLACK_API_URL=slack_api.url,
    )
    from tests.plugins.slack_fake import BOT_TOKEN

    env["SLACK_BOT_TOKEN"] = BOT_TOKEN
    bot = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, _BOT, str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert bot.stderr is not None
        lines: list[str] = []
        ready = threading.Event()

        def watch() -> None:
            assert bot.stderr is not None
            for raw in bot.stderr:
                lines.append(raw.decode(errors="replace"))
                if "Listening for Slack events" in lines[-1]:
                    ready.set()

        threading.Thread(target=watch, daemon=True).start()
        assert ready.wait(timeout=90), "".join(lines)
        size = 300 * 1024 * 1024
        head = (
            f"POST /slack/events HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\nX-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\n\r\n"
        ).encode()
        # First only the headers: the refusal must come without the body being read.
        with socket.create_connection((HOST, port), timeout=30) as conn:
            conn.sendall(head + b"{")
            status = conn.recv(65536).split(b"\r\n", 1)[0].decode(errors="replace")
        # Then the whole body, as an attacker would send it.
        with socket.create_connection((HOST, port), timeout=30) as conn:
            conn.sendall(head)
            block = b" " * (1024 * 1024)
            try:
                for _ in range(size // len(block)):
                    conn.sendall(block)
            except OSError:
                pass  # the bot answered and closed without reading the rest
    finally:
        os.killpg(bot.pid, signal.SIGINT)
        out, _ = bot.communicate(timeout=60)
    peak_mb = float(json.loads(out)["peak_mb"])
    print(f"\nbot peak RSS {peak_mb:.0f} MB after a {size // 1048576} MB request; reply {status!r}")
    assert status.startswith("HTTP/1.") and " 413 " in status
    # The bot alone peaks at about 90 MB; reading the body would add at least 600 MB (the
    # bytes and their decoded text).
    assert peak_mb < 250, f"the bot grew to {peak_mb:.0f} MB"
