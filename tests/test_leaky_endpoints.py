"""A model endpoint that echoes credentials back: no configured secret reaches a user.

The endpoint answers in the ways misconfigured proxies and half-compatible servers do
(a 200 that is not JSON, JSON without ``choices``, a stream request answered with plain
text, a 401 naming the header key), each time echoing the request's ``Authorization``
and ``X-Api-Key`` headers. Every path is followed to what a person sees: the error, the
answer's notice, the log, the stored conversation, the CLI's output and the Slack thread.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.errors import LLMError
from assistant.index import MiniLMEmbeddings
from assistant.llm import LLMClient
from tests.plugins.slack_fake import BOT_USER_ID, FakeSlackApi

ROOT = Path(__file__).resolve().parents[1]
LLM_KEY = "sk-leak-LLMKEY-0123456789abcdef"
HEADER_KEY = "hdr-leak-HEADERKEY-99887766"
MARKER = "RAW-BODY-MARKER"
SECRETS = (LLM_KEY, HEADER_KEY)
MODES = ("text", "nochoices", "notstream", "unauthorized")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


class _Leaky(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # /models for ping(): fine
        self._send(200, "application/json", b'{"data": []}')

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        mode = self.path.strip("/").split("/")[0]
        echoed = f"{MARKER} authorization={self.headers.get('authorization')} x-api-key={self.headers.get('x-api-key')}"
        if mode == "text" or (mode == "notstream" and request.get("stream")):
            self._send(200, "text/plain", f"upstream proxy says: {echoed}\n".encode())
        elif mode in ("nochoices", "notstream"):
            self._send(200, "application/json", json.dumps({"object": "echo", "request": echoed}).encode())
        else:
            body = {"error": {"message": f"invalid key: {echoed}", "type": "invalid_request_error"}}
            self._send(401, "application/json", json.dumps(body).encode())

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def leaky_base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Leaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _llm_settings(base: str, mode: str, **values: object) -> Settings:
    return Settings(
        llm_base_url=f"{base}/{mode}/v1",
        llm_api_key=LLM_KEY,
        llm_headers={"X-Api-Key": HEADER_KEY},
        llm_max_retries=0,
        llm_deadline=10,
        **values,
    )


@pytest.mark.parametrize("mode", MODES)
def test_client_errors_name_no_secret_and_quote_no_body(
    mode: str, leaky_base: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with LLMClient.from_settings(_llm_settings(leaky_base, mode)) as client:
        errors = []
        for call in (client.complete, lambda m: list(client.stream(m))):
            with pytest.raises(LLMError) as caught:
                call([{"role": "user", "content": "hello"}])
            errors.append(caught.value)
    for error in errors:
        shown = f"{error} {error!r} {error.__cause__ or ''}"
        assert _leaks(shown) == [], shown
        if mode != "unauthorized":  # a structured error message is shown (redacted); a raw body never
            assert MARKER not in shown, shown
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert _leaks(logged) == [], logged
    if mode != "unauthorized":
        assert MARKER in logged  # the operator still sees a bounded excerpt of what came back
        assert all(len(r.getMessage()) < 600 for r in caplog.records)


@pytest.mark.parametrize("mode", MODES)
def test_a_fallback_answer_and_the_stored_turn_hold_no_secret(
    mode: str,
    leaky_base: str,
    corpus_dir: Path,
    tmp_path: Path,
    embedder: MiniLMEmbeddings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "data"
    settings = _llm_settings(leaky_base, mode, corpus_dir=corpus_dir, data_dir=data)
    with Assistant(settings, embedder=embedder) as assistant:
        answers = [assistant.chat("thread-1", "Who wrote the study?")]
        answers += [a for a in assistant.stream("Who wrote it?", session_id="thread-1") if not isinstance(a, str)]
        for answer in answers:
            assert answer.notice and "language model was unavailable" in answer.notice
            shown = json.dumps(answer.to_dict(), default=str)
            assert _leaks(shown) == [], shown
            assert MARKER not in shown or mode == "unauthorized"
        assert "Nora Al Habsi" in answers[0].text
        assert len(assistant.history("thread-1")) == 4
    stored = b"".join(p.read_bytes() for p in data.glob("sessions.sqlite3*"))
    assert stored and all(s.encode() not in stored for s in SECRETS)
    assert _leaks(caplog.text) == []


def test_the_cli_prints_no_secret(leaky_base: str, corpus_dir: Path, tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_CORPUS_DIR": str(corpus_dir),
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_LLM_BASE_URL": f"{leaky_base}/text/v1",
        "ASSISTANT_LLM_API_KEY": LLM_KEY,
        "ASSISTANT_LLM_HEADERS": json.dumps({"X-Api-Key": HEADER_KEY}),
        "ASSISTANT_LLM_MAX_RETRIES": "0",
    }
    for args in (["ask", "Who wrote the study?"], ["ask", "--json", "--session", "s1", "Who wrote the study?"]):
        done = subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stderr
        assert "Nora Al Habsi" in done.stdout
        assert "language model was unavailable" in done.stdout
        assert _leaks(done.stdout + done.stderr) == [], done.stdout + done.stderr
        assert MARKER not in done.stdout
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("sessions.sqlite3*"))
    assert stored and all(s.encode() not in stored for s in SECRETS)


def test_the_slack_thread_gets_no_secret(
    leaky_base: str, settings: Settings, slack_api: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.test_slack_app import CHANNEL, event_body, mention, new_ts, serve_http, slack_settings

    caplog.set_level(logging.DEBUG)
    bot_settings = slack_settings(
        settings,
        slack_api,
        llm_base_url=f"{leaky_base}/nochoices/v1",
        llm_api_key=LLM_KEY,
        llm_headers={"X-Api-Key": HEADER_KEY},
        llm_max_retries=0,
    )
    with Assistant(bot_settings) as assistant, ThreadPoolExecutor(max_workers=2) as pool:
        with serve_http(assistant, bot_settings, pool) as bot:
            ts = new_ts()
            assert bot.post(event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts))).status_code == 200
            [reply] = slack_api.wait_for_reply(CHANNEL, ts)
    text = reply.all_text()
    assert "Nora Al Habsi" in text
    assert _leaks(text) == [] and MARKER not in text
    assert _leaks(caplog.text) == []


def test_the_redactor_takes_header_values_whole_and_an_authorization_credential_alone() -> None:
    from assistant.redaction import Redactor, bounded_excerpt, header_secrets

    redact = Redactor(header_secrets({"Authorization": "Bearer tok-1234567890", "X-Title": "Study assistant"}))
    shown = redact("echo: tok-1234567890; Bearer tok-1234567890; Study assistant; the assistant answered")
    assert shown == "echo: [redacted]; [redacted]; [redacted]; the assistant answered"
    settings = Settings(llm_api_key=LLM_KEY, llm_headers={"X-Api-Key": HEADER_KEY}, slack_signing_secret="short")
    everything = Redactor.from_settings(settings)
    assert everything(f"{LLM_KEY} {HEADER_KEY} short") == "[redacted] [redacted] short"  # 5 characters: not a secret
    excerpt = bounded_excerpt(("x" * 195 + LLM_KEY).encode(), everything, limit=200)
    assert LLM_KEY[:5] not in excerpt and len(excerpt) <= 200
