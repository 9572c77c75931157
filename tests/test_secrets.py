"""API keys, Slack tokens and signing secrets never show in reprs, error messages or logs."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index import MiniLMEmbeddings
from assistant.errors import AssistantError, LLMError

LLM_KEY = "sk-test-LLMKEY-0123456789abcdef"
JUDGE_KEY = "sk-judge-JUDGEKEY-fedcba9876543210"
BOT_TOKEN = "xoxb-9999-8888-SECRETBOTTOKEN"
APP_TOKEN = "xapp-1-A999-7777-SECRETAPPTOKEN"
SIGNING_SECRET = "0123456789abcdefSIGNINGSECRET"
SECRETS = (LLM_KEY, JUDGE_KEY, BOT_TOKEN, APP_TOKEN, SIGNING_SECRET)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.fixture()
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", LLM_KEY)
    monkeypatch.setenv("ASSISTANT_JUDGE_API_KEY", JUDGE_KEY)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)


@pytest.fixture()
def echo_server_url() -> Iterator[str]:
    """An endpoint that answers 500 and echoes the request's Authorization header back in the body,
    as some misconfigured proxies do."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _fail(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            echoed = self.headers.get("authorization", "")
            body = json.dumps({"error": {"message": f"bad credentials: {echoed}", "type": "server_error"}}).encode()
            self.send_response(500)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = _fail
        do_POST = _fail

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_settings_from_the_environment_hide_every_secret(secret_env: None) -> None:
    settings = Settings()
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == LLM_KEY
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == BOT_TOKEN
    for shown in (repr(settings), str(settings), settings.model_dump_json(), json.dumps(settings.model_dump(mode="json"))):
        assert _leaks(shown) == []


def test_the_assistant_repr_hides_secrets(secret_env: None, tmp_path: Path, embedder: MiniLMEmbeddings) -> None:
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    with Assistant(settings, embedder=embedder) as assistant:
        assert _leaks(repr(assistant)) == []
        assert _leaks(json.dumps(assistant.status(), default=str)) == []


@pytest.mark.parametrize("server", ["closed_port_url", "error_server_url", "echo_server_url"])
def test_llm_failures_never_show_the_api_key(server: str, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> None:
    from assistant.llm import LLMClient

    url = request.getfixturevalue(server)
    settings = Settings(llm_base_url=url, llm_api_key=LLM_KEY, llm_max_retries=1, llm_deadline=10)
    caplog.set_level(logging.DEBUG)
    with LLMClient.from_settings(settings) as client:
        assert _leaks(repr(client)) == []
        with pytest.raises(LLMError) as caught:
            client.complete([{"role": "user", "content": "hello"}])
        with pytest.raises(LLMError) as streamed:
            list(client.stream([{"role": "user", "content": "hello"}]))
    for error in (caught.value, streamed.value):
        assert _leaks(str(error)) == []
        assert _leaks(repr(error)) == []
        assert _leaks(str(error.__cause__ or "")) == []  # shown by `--debug` tracebacks
    assert _leaks(caplog.text) == []
    assert _leaks(" ".join(str(r.args) for r in caplog.records)) == []


@pytest.mark.parametrize("server", ["closed_port_url", "echo_server_url"])
def test_an_answer_that_falls_back_from_the_llm_shows_no_key(
    server: str,
    request: pytest.FixtureRequest,
    corpus_dir: Path,
    tmp_path: Path,
    embedder: MiniLMEmbeddings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = request.getfixturevalue(server)
    settings = Settings(
        corpus_dir=corpus_dir,
        data_dir=tmp_path / "data",
        llm_base_url=url,
        llm_api_key=LLM_KEY,
        llm_max_retries=0,
        llm_deadline=10,
    )
    caplog.set_level(logging.DEBUG)
    with Assistant(settings, embedder=embedder) as assistant:
        try:
            answer = assistant.ask("Who wrote the study?")
        except AssistantError as exc:  # a front door shows str(exc)
            shown = str(exc)
        else:
            assert answer.notice, "the fallback from the failed LLM should say why"
            shown = json.dumps(answer.to_dict(), default=str)
        assert _leaks(shown) == []
        assert _leaks(repr(assistant)) == []
        assert _leaks(json.dumps(assistant.status(), default=str)) == []
    assert _leaks(caplog.text) == []


@pytest.mark.parametrize("api", ["closed", "wrong_token"])
def test_slack_start_up_failures_show_no_token(
    api: str, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.errors import ConfigError
    from assistant.slack.app import create_app

    if api == "closed":
        base = request.getfixturevalue("closed_port_url").removesuffix("v1") + "api/"
    else:
        base = request.getfixturevalue("slack_api").url  # expects another token, so auth.test fails
    settings = Settings(
        slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=base
    )
    caplog.set_level(logging.DEBUG)

    class _Nobody:
        def chat(self, session_id: str, message: str) -> object:  # pragma: no cover - never reached
            raise AssertionError("no question was asked")

    with pytest.raises(ConfigError) as caught:
        create_app(_Nobody(), settings)  # type: ignore[arg-type]
    assert _leaks(str(caught.value)) == []
    assert _leaks(caplog.text) == []


def test_ui_never_shows_the_api_key(tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chat page, its sidebar and the fallback notice with a key set and a dead endpoint."""
    import socket

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    secret = "sk-ui-secret-0123456789abcdef"
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{held.getsockname()[1]}/v1"
        monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_dir))
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "ui-data"))
        monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", url)
        monkeypatch.setenv("ASSISTANT_LLM_API_KEY", secret)
        monkeypatch.setenv("ASSISTANT_LLM_DEADLINE", "5")
        st.cache_resource.clear()
        try:
            app = Path(__file__).resolve().parents[1] / "streamlit_app.py"
            at = AppTest.from_file(str(app), default_timeout=90).run()
            at.chat_input[0].set_value("Who wrote the study?").run()
            assert not at.exception
            shown = [str(getattr(e, "value", "")) for e in at.main] + [str(getattr(e, "value", "")) for e in at.sidebar]
            shown += [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
            text = "\n".join(shown)
            assert "Nora Al Habsi" in text  # the fallback answer is on the page
            assert secret not in text
        finally:
            st.cache_resource.clear()
