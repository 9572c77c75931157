"""A real local fake of the Slack Web API and of Socket Mode, for offline tests.

:class:`FakeSlackApi` is an HTTP server (``http.server`` in a thread, 127.0.0.1)
answering the Web API methods the bot uses: ``auth.test``, ``chat.postMessage``,
``chat.update`` and ``apps.connections.open``. It checks the bearer token of each
call, records every call with its parsed JSON or form body, and keeps the current
state of every posted message (so a test reads the final, updated reply).
``apps.connections.open`` hands out the ``ws://`` URL of :class:`FakeSocketMode`,
a real websocket server (``websockets``) that sends ``events_api`` envelopes and
collects the client's acknowledgements.

Fixtures: ``slack_api`` (started and stopped per test). Waits use bounded polling
on a condition variable.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

T = TypeVar("T")

BOT_TOKEN = "xoxb-1111-2222-fakeBotTokenValue"
APP_TOKEN = "xapp-1-A111-3333-fakeAppTokenValue"
SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543"
TEAM_ID = "T0TESTTEAM"
BOT_USER_ID = "U0ASSISTBOT"
BOT_ID = "B0ASSISTBOT"
WAIT_SECONDS = 30.0


@dataclass(frozen=True, kw_only=True)
class ApiCall:
    """One Web API call as the fake received it."""

    method: str
    params: dict[str, Any]
    authorization: str | None
    content_type: str


@dataclass(kw_only=True)
class Message:
    """The current state of a message the bot posted (updated by ``chat.update``)."""

    channel: str
    ts: str
    thread_ts: str | None
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    updates: int = 0

    def all_text(self) -> str:
        """The fallback text plus every text inside the blocks."""
        found: list[str] = [self.text]

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("text"), str):
                    found.append(node["text"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(self.blocks)
        return "\n".join(found)


class _Waiter:
    def __init__(self) -> None:
        self.condition = threading.Condition()

    def wait_for(self, probe: Callable[[], T | None], timeout: float, what: str) -> T:
        """Poll ``probe`` (under the lock) until it returns something truthy, up to ``timeout``."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                value = probe()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
                self.condition.wait(min(remaining, 0.5))

    def notify(self) -> None:
        with self.condition:
            self.condition.notify_all()


class FakeSocketMode:
    """A local Socket Mode endpoint: sends envelopes, collects acknowledgements."""

    def __init__(self) -> None:
        self._waiter = _Waiter()
        self._connections: list[ServerConnection] = []
        self.received: list[dict[str, Any]] = []
        self._server: Server = serve(self._handle, "127.0.0.1", 0, compression=None)
        self.port: int = self._server.socket.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}/link/?ticket=test"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()

    def _handle(self, connection: ServerConnection) -> None:
        with self._waiter.condition:
            self._connections.append(connection)
            self._waiter.condition.notify_all()
        connection.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}}))
        try:
            for raw in connection:
                message = json.loads(raw)
                with self._waiter.condition:
                    self.received.append(message)
                    self._waiter.condition.notify_all()
        except ConnectionClosed:
            pass

    def wait_connected(self, timeout: float = 30.0) -> ServerConnection:
        return self._waiter.wait_for(
            lambda: self._connections[-1] if self._connections else None, timeout, "a Socket Mode connection"
        )

    def send_event(self, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Send an ``events_api`` envelope with ``payload``; returns its envelope id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": retry_attempt,
            "retry_reason": "",
            "payload": payload,
        }
        self.wait_connected().send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 30.0) -> dict[str, Any]:
        return self._waiter.wait_for(
            lambda: next((m for m in self.received if m.get("envelope_id") == envelope_id), None),
            timeout,
            f"the ack of envelope {envelope_id}",
        )

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


class FakeSlackApi:
    """A local Slack Web API on 127.0.0.1 (see the module docstring)."""

    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.calls: list[ApiCall] = []
        self.messages: dict[tuple[str, str], Message] = {}
        self._rate_limited: dict[str, int] = {}
        self._counter = 0
        self._waiter = _Waiter()
        self.socket_mode = FakeSocketMode()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                status, headers, body = fake._dispatch(self.path, self.headers, raw)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}/api/"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-slack-api",
            daemon=True,
        )
        self._thread.start()

    # --- control --------------------------------------------------------------------

    def rate_limit_next(self, method: str, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and ``Retry-After: 0``."""
        with self._waiter.condition:
            self._rate_limited[method] = times

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        self.socket_mode.stop()

    # --- inspection -----------------------------------------------------------------

    def calls_of(self, method: str) -> list[ApiCall]:
        with self._waiter.condition:
            return [c for c in self.calls if c.method == method]

    def thread(self, channel: str, thread_ts: str) -> list[Message]:
        """The bot's messages in a thread, oldest first, in their current state."""
        with self._waiter.condition:
            return [m for m in self.messages.values() if m.channel == channel and m.thread_ts == thread_ts]

    def wait_for_reply(
        self, channel: str, thread_ts: str, *, count: int = 1, timeout: float = WAIT_SECONDS
    ) -> list[Message]:
        """Wait until the thread holds ``count`` finished replies (placeholder replaced)."""

        def probe() -> list[Message] | None:
            replies = [m for m in self.messages.values() if m.channel == channel and m.thread_ts == thread_ts]
            done = [m for m in replies if m.updates > 0]
            return done if len(done) >= count else None

        return self._waiter.wait_for(probe, timeout, f"{count} finished replies in {channel} {thread_ts}")

    # --- the API --------------------------------------------------------------------

    def _dispatch(self, path: str, headers: Any, raw: str) -> tuple[int, dict[str, str], dict[str, Any]]:
        method = path.split("?")[0].rsplit("/", 1)[-1]
        content_type = headers.get("Content-Type") or ""
        if "json" in content_type:
            params: dict[str, Any] = json.loads(raw or "{}")
        else:
            params = dict(parse_qsl(raw))
            for key in ("blocks", "attachments"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        authorization = headers.get("Authorization")
        with self._waiter.condition:
            self.calls.append(
                ApiCall(method=method, params=params, authorization=authorization, content_type=content_type)
            )
            self._waiter.condition.notify_all()
            if self._rate_limited.get(method):
                self._rate_limited[method] -= 1
                return 429, {"Retry-After": "0"}, {"ok": False, "error": "ratelimited"}
            expected = self.app_token if method == "apps.connections.open" else self.bot_token
            if authorization != f"Bearer {expected}":
                return 200, {}, {"ok": False, "error": "invalid_auth"}
            body = self._answer(method, params)
            self._waiter.condition.notify_all()
        return 200, {}, body

    def _next_ts(self) -> str:
        self._counter += 1
        return f"{1_700_000_000 + self._counter}.{self._counter:06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Test Team",
                "user": "assistant",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            channel = str(params.get("channel") or "")
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            ts = self._next_ts()
            message = Message(
                channel=channel,
                ts=ts,
                thread_ts=params.get("thread_ts"),
                text=str(params.get("text") or ""),
                blocks=list(params.get("blocks") or []),
            )
            self.messages[(channel, ts)] = message
            return {
                "ok": True,
                "channel": channel,
                "ts": ts,
                "message": {"text": message.text, "ts": ts, "bot_id": BOT_ID},
            }
        if method == "chat.update":
            key = (str(params.get("channel")), str(params.get("ts")))
            if key not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            message = self.messages[key]
            message.text = str(params.get("text") or "")
            message.blocks = list(params.get("blocks") or [])
            message.updates += 1
            return {"ok": True, "channel": key[0], "ts": key[1], "text": message.text}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_mode.url}
        return {"ok": False, "error": "unknown_method"}


@pytest.fixture()
def slack_api() -> Iterator[FakeSlackApi]:
    """A fake Slack Web API (and Socket Mode endpoint) on 127.0.0.1, stopped after the test."""
    fake = FakeSlackApi()
    try:
        yield fake
    finally:
        fake.stop()
