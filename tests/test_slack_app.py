"""The Slack bot end to end, offline: signed Events API requests over HTTP and
Socket Mode envelopes over a websocket, against a local fake Slack Web API and
the real Assistant on a temp copy of the study."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import assistant.slack
from assistant import Answer, Assistant, Settings
from assistant.errors import ConfigError
from assistant.slack.app import (
    APOLOGY,
    EVENTS_PATH,
    create_app,
    make_http_server,
    run_socket_mode,
    session_id_for,
    socket_mode_handler,
)
from assistant.slack.blocks import NOT_GROUNDED_HEADER, PLACEHOLDER_TEXT
from tests.plugins.slack_fake import (
    APP_TOKEN,
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    FakeSlackApi,
    Message,
)

CHANNEL = "C0STUDY01"
OTHER_CHANNEL = "C0ELSEWHERE"
DM = "D0READER01"
READER = "U0READER01"
SECRETS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET)


def slack_settings(base: Settings, api: FakeSlackApi, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "corpus_dir": base.corpus_dir,
        "data_dir": base.data_dir,
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": api.url,
        "slack_allowed_channels": [CHANNEL, DM],
    }
    values.update(changes)
    return Settings(**values)


_clock = iter(range(1, 1_000_000))


def new_ts() -> str:
    return f"{1_710_000_000 + next(_clock)}.000100"


def event_body(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "unused-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": "A0ASSIST",
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "event": event,
    }


def mention(text: str, *, ts: str, channel: str = CHANNEL, thread_ts: str | None = None) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": READER,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, *, ts: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": DM,
        "user": READER,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


@dataclass(frozen=True)
class HttpBot:
    url: str

    def post(
        self,
        body: dict[str, Any],
        *,
        secret: str = SIGNING_SECRET,
        age: int = 0,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST ``body`` signed as Slack does: v0 HMAC-SHA256 over ``v0:{timestamp}:{body}``."""
        raw = json.dumps(body)
        timestamp = str(int(time.time()) - age)
        digest = hmac.new(secret.encode(), f"v0:{timestamp}:{raw}".encode(), hashlib.sha256).hexdigest()
        return httpx.post(
            self.url,
            content=raw,
            headers={
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": f"v0={digest}",
                **(headers or {}),
            },
            timeout=30,
        )


@pytest.fixture()
def bot_settings(settings: Settings, slack_api: FakeSlackApi) -> Settings:
    return slack_settings(settings, slack_api)


@pytest.fixture()
def study_assistant(bot_settings: Settings) -> Iterator[Assistant]:
    with Assistant(bot_settings) as assistant:
        yield assistant


@pytest.fixture()
def executor() -> Iterator[ThreadPoolExecutor]:
    pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-test")
    yield pool
    pool.shutdown(wait=True)


@contextmanager
def serve_http(target: Any, settings: Settings, executor: ThreadPoolExecutor) -> Iterator[HttpBot]:
    """The bot's HTTP server on a free 127.0.0.1 port, for the duration of the block."""
    app = create_app(target, settings, listener_executor=executor)
    server = make_http_server(app, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield HttpBot(url=f"http://127.0.0.1:{server.server_port}{EVENTS_PATH}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture()
def http_bot(
    study_assistant: Assistant, bot_settings: Settings, executor: ThreadPoolExecutor
) -> Iterator[HttpBot]:
    with serve_http(study_assistant, bot_settings, executor) as bot:
        yield bot


@pytest.fixture()
def secret_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every log record at DEBUG; after the test, no secret may appear in any of them."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    text = "\n".join(record.getMessage() + (record.exc_text or "") for record in records)
    assert text, "expected some log records"
    for secret in SECRETS:
        assert secret not in text


def posted_in(api: FakeSlackApi, channel: str) -> list[Message]:
    return [m for m in api.messages.values() if m.channel == channel]


# --- HTTP Events API ------------------------------------------------------------------


def test_url_verification_gets_the_challenge(http_bot: HttpBot) -> None:
    response = http_bot.post(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    assert response.status_code == 200
    assert response.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def test_mention_gets_a_cited_threaded_answer_and_follow_up_uses_the_thread(
    http_bot: HttpBot,
    slack_api: FakeSlackApi,
    study_assistant: Assistant,
    secret_log: pytest.LogCaptureFixture,
) -> None:
    question_ts = new_ts()
    started = time.perf_counter()
    response = http_bot.post(event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=question_ts)))
    ack_seconds = time.perf_counter() - started
    assert response.status_code == 200

    [reply] = slack_api.wait_for_reply(CHANNEL, question_ts)
    # The placeholder came first, in the thread, and was replaced in place.
    first_post = slack_api.calls_of("chat.postMessage")[0].params
    assert first_post["thread_ts"] == question_ts and first_post["text"] == PLACEHOLDER_TEXT
    [update] = slack_api.calls_of("chat.update")
    assert update.params["ts"] == reply.ts and update.authorization == f"Bearer {BOT_TOKEN}"
    text = reply.all_text()
    assert "Nora Al Habsi" in text
    assert "*Sources*" in text
    assert any(line.startswith("> ") and len(line) > 20 for line in text.splitlines())
    assert NOT_GROUNDED_HEADER not in text

    follow_ts = new_ts()
    response = http_bot.post(
        event_body(mention(f"<@{BOT_USER_ID}> What is her role?", ts=follow_ts, thread_ts=question_ts))
    )
    assert response.status_code == 200
    replies = slack_api.wait_for_reply(CHANNEL, question_ts, count=2)
    second = next(m for m in replies if m.ts != reply.ts)
    # The follow-up as it was read comes first, then the answer (grounded: no "sources don't say" header).
    assert second.blocks[0]["type"] == "context"
    assert second.blocks[0]["elements"][0]["text"] == "Read as: What is Nora Al Habsi's role?"
    assert second.blocks[1]["type"] == "section"
    answer_text = second.blocks[1]["text"]["text"]
    assert "researcher" in answer_text or "Scientific Publications" in answer_text

    history = study_assistant.history(session_id_for(TEAM_ID, CHANNEL, question_ts))
    assert [turn.role for turn in history] == ["user", "assistant", "user", "assistant"]
    assert history[0].content == "Who wrote the study?"  # the mention is not part of the question
    print(
        f"\nack {ack_seconds * 1000:.0f} ms; first answer and follow-up in {time.perf_counter() - started:.1f}s"
    )


def test_bad_signature_and_stale_timestamp_get_401(http_bot: HttpBot, slack_api: FakeSlackApi) -> None:
    body = event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=new_ts()))
    assert http_bot.post(body, secret="not-the-signing-secret").status_code == 401
    assert http_bot.post(body, age=6 * 60).status_code == 401
    unsigned = httpx.post(
        http_bot.url, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert unsigned.status_code == 401
    assert slack_api.calls_of("chat.postMessage") == []


def test_redeliveries_are_not_answered_twice(http_bot: HttpBot, slack_api: FakeSlackApi) -> None:
    retried_ts = new_ts()
    retried = http_bot.post(
        event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=retried_ts)),
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert retried.status_code == 200

    first_ts = new_ts()
    body = event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=first_ts))
    assert http_bot.post(body).status_code == 200
    slack_api.wait_for_reply(CHANNEL, first_ts)
    assert http_bot.post(body).status_code == 200  # same event_id, no retry header
    assert http_bot.post(body, headers={"X-Slack-Retry-Num": "2"}).status_code == 200

    # A later question is answered; by then, none of the redeliveries has been.
    later_ts = new_ts()
    http_bot.post(event_body(mention(f"<@{BOT_USER_ID}> Who published the study?", ts=later_ts)))
    slack_api.wait_for_reply(CHANNEL, later_ts)
    assert slack_api.thread(CHANNEL, retried_ts) == []
    assert len(slack_api.thread(CHANNEL, first_ts)) == 1
    assert len(slack_api.calls_of("chat.postMessage")) == 2


def test_an_event_answered_before_a_restart_is_not_answered_again(
    study_assistant: Assistant, bot_settings: Settings, executor: ThreadPoolExecutor, slack_api: FakeSlackApi
) -> None:
    ts = new_ts()
    body = event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts))
    with serve_http(study_assistant, bot_settings, executor) as bot:
        assert bot.post(body).status_code == 200
        slack_api.wait_for_reply(CHANNEL, ts)
    # A new process on the same data folder (a restart, or a second replica) gets the redelivery.
    with serve_http(study_assistant, bot_settings, executor) as bot:
        assert bot.post(body).status_code == 200
        later = new_ts()
        bot.post(event_body(mention(f"<@{BOT_USER_ID}> Who published the study?", ts=later)))
        slack_api.wait_for_reply(CHANNEL, later)
    assert len(slack_api.thread(CHANNEL, ts)) == 1


def test_bots_own_and_unlisted_messages_are_ignored_dms_answered(
    http_bot: HttpBot, slack_api: FakeSlackApi
) -> None:
    ignored = [
        direct_message("Who wrote the study?", ts=new_ts(), user=BOT_USER_ID),  # the bot itself
        direct_message("Who wrote the study?", ts=new_ts(), bot_id="B0OTHERBOT", subtype="bot_message"),
        direct_message("Who wrote the study?", ts=new_ts(), bot_id="B0OTHERBOT"),
        direct_message("Who wrote the study?", ts=new_ts(), subtype="message_changed"),
        mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=new_ts(), channel=OTHER_CHANNEL),
        mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=new_ts(), channel=DM),  # message.im answers it
        {
            **direct_message("Who wrote the study?", ts=new_ts()),
            "channel_type": "channel",
            "channel": CHANNEL,
        },
    ]
    for event in ignored:
        assert http_bot.post(event_body(event)).status_code == 200

    dm_ts = new_ts()
    assert http_bot.post(event_body(direct_message("Who wrote the study?", ts=dm_ts))).status_code == 200
    [reply] = slack_api.wait_for_reply(DM, dm_ts)
    assert "Nora Al Habsi" in reply.all_text()
    assert posted_in(slack_api, OTHER_CHANNEL) == []
    assert posted_in(slack_api, CHANNEL) == []
    assert [m.thread_ts for m in posted_in(slack_api, DM)] == [dm_ts]


def test_off_topic_question_gets_the_sources_dont_say_reply_despite_a_rate_limit(
    http_bot: HttpBot, slack_api: FakeSlackApi
) -> None:
    slack_api.rate_limit_next("chat.update")
    ts = new_ts()
    http_bot.post(event_body(mention(f"<@{BOT_USER_ID}> What is the recipe for banana bread?", ts=ts)))
    [reply] = slack_api.wait_for_reply(CHANNEL, ts)
    assert reply.blocks[0]["type"] == "header"
    assert reply.blocks[0]["text"]["text"] == NOT_GROUNDED_HEADER
    assert "Related passages" in reply.all_text() and "*Sources*" not in reply.all_text()
    assert reply.text.startswith(NOT_GROUNDED_HEADER)
    # The 429 (Retry-After: 0) was retried by the client, not turned into an error.
    assert len(slack_api.calls_of("chat.update")) == 2


class _Failing:
    """A chat target whose backend fails with a message that carries a secret."""

    def chat(self, session_id: str, message: str) -> Answer:
        raise RuntimeError(f"backend exploded while using {BOT_TOKEN} and {SIGNING_SECRET}")


def test_internal_error_gets_an_apology_and_a_log_line_without_secrets(
    bot_settings: Settings,
    slack_api: FakeSlackApi,
    executor: ThreadPoolExecutor,
    secret_log: pytest.LogCaptureFixture,
) -> None:
    ts = new_ts()
    with serve_http(_Failing(), bot_settings, executor) as bot:
        bot.post(event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts)))
        [reply] = slack_api.wait_for_reply(CHANNEL, ts)
    assert APOLOGY in reply.all_text()
    assert BOT_TOKEN not in reply.all_text()
    failures = [r for r in secret_log.records if "Answering failed" in r.getMessage()]
    assert len(failures) == 1 and "RuntimeError" in failures[0].getMessage()
    assert "[redacted]" in failures[0].getMessage()


# --- configuration errors -------------------------------------------------------------


def test_missing_or_rejected_credentials_name_the_variable(
    settings: Settings, slack_api: FakeSlackApi, study_assistant: Assistant
) -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        create_app(study_assistant, slack_settings(settings, slack_api, slack_signing_secret=None))
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        create_app(study_assistant, slack_settings(settings, slack_api, slack_bot_token=None))
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        create_app(study_assistant, slack_settings(settings, slack_api, slack_bot_token="xoxb-revoked"))
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        run_socket_mode(study_assistant, slack_settings(settings, slack_api, slack_app_token=None))
    app = create_app(
        study_assistant, slack_settings(settings, slack_api, slack_signing_secret=None), socket_mode=True
    )
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        socket_mode_handler(app, slack_settings(settings, slack_api, slack_app_token=BOT_TOKEN))


# --- Socket Mode ----------------------------------------------------------------------


def test_socket_mode_acks_the_envelope_and_answers_in_the_thread(
    study_assistant: Assistant,
    bot_settings: Settings,
    slack_api: FakeSlackApi,
    executor: ThreadPoolExecutor,
    secret_log: pytest.LogCaptureFixture,
) -> None:
    settings = bot_settings.model_copy(update={"slack_signing_secret": None})
    app = create_app(study_assistant, settings, socket_mode=True, listener_executor=executor)
    handler = socket_mode_handler(app, settings)
    handler.connect()
    try:
        [opened] = slack_api.calls_of("apps.connections.open")
        assert opened.authorization == f"Bearer {APP_TOKEN}"
        ts = new_ts()
        envelope_id = slack_api.socket_mode.send_event(
            event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts))
        )
        assert slack_api.socket_mode.wait_ack(envelope_id)["envelope_id"] == envelope_id
        [reply] = slack_api.wait_for_reply(CHANNEL, ts)
        assert "Nora Al Habsi" in reply.all_text()

        # Slack redelivers over the socket with the same event id: acked, not answered again.
        again = slack_api.socket_mode.send_event(
            event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts), event_id="EvSAME0001"),
        )
        slack_api.socket_mode.wait_ack(again)
        repeat = slack_api.socket_mode.send_event(
            event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts), event_id="EvSAME0001"),
            retry_attempt=1,
        )
        slack_api.socket_mode.wait_ack(repeat)
        slack_api.wait_for_reply(CHANNEL, ts, count=2)
        later = new_ts()
        slack_api.socket_mode.send_event(event_body(mention(f"<@{BOT_USER_ID}> Who is Ali Bakr?", ts=later)))
        slack_api.wait_for_reply(CHANNEL, later)
        assert len(slack_api.thread(CHANNEL, ts)) == 2  # the first envelope and EvSAME0001 once
    finally:
        handler.close()


def test_bot_ignores_its_own_bot_id(http_bot: HttpBot, slack_api: FakeSlackApi) -> None:
    own = mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=new_ts())
    own["bot_id"] = BOT_ID
    assert http_bot.post(event_body(own)).status_code == 200
    ts = new_ts()
    http_bot.post(event_body(mention(f"<@{BOT_USER_ID}> Who wrote the study?", ts=ts)))
    slack_api.wait_for_reply(CHANNEL, ts)
    assert [m.thread_ts for m in posted_in(slack_api, CHANNEL)] == [ts]


def test_manifest_subscribes_to_what_the_bot_handles_with_least_scopes() -> None:
    manifest = yaml.safe_load((Path(assistant.slack.__file__).parent / "manifest.yaml").read_text())
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read",
        "chat:write",
        "im:history",
    ]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is False
    assert manifest["features"]["bot_user"]["display_name"]
