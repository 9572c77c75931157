"""The Slack front door: a Bolt app that answers in threads, with citations.

A thread is a conversation: the session id is ``slack:{team}:{channel}:{thread_ts}``,
so a follow-up mentioned in the same thread is resolved against its history.

Flow of one question: Slack's delivery is acknowledged at once (before any work,
so within Slack's 3-second limit); a lazy listener then posts "Looking it up…" in
the thread, asks the assistant, and replaces that message with the answer
(``chat.update``). The same code serves Socket Mode and the HTTP Events API.

Not answered: messages from bots (``bot_id`` or subtype ``bot_message``) and from
the bot itself, edits and other message subtypes, channel messages that do not
mention the bot, channels outside ``settings.slack_allowed_channels`` (when set;
direct messages count as channels there), HTTP redeliveries (``X-Slack-Retry-Num``)
and any event id already seen (kept for a day in ``<data_dir>/slack-events.sqlite3``, so a
restarted bot, or a second bot process on the same data folder, does not answer it again).

Secrets (bot token, app token, signing secret, the LLM's key and headers) never reach a
log line or a Slack message.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
import sys
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from contextlib import closing
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any, Protocol
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from pydantic import SecretStr
from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from assistant.config import Settings
from assistant.errors import AssistantError, ConfigError, UsageError
from assistant.redaction import Redactor
from assistant.slack.blocks import answer_blocks, error_blocks, placeholder_blocks
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.sdk import Assistant  # noqa: F401 - for readers: the usual chat target

__all__ = [
    "APOLOGY",
    "EVENTS_PATH",
    "MAX_BODY_BYTES",
    "HELP_TEXT",
    "ChatTarget",
    "create_app",
    "make_http_server",
    "question_text",
    "run_http",
    "run_socket_mode",
    "session_id_for",
    "socket_mode_handler",
    "web_client",
]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Bolt for JavaScript refuses bodies over 4 MB before buffering them; Slack's own requests
# are far smaller. Anything larger is refused from its Content-Length, unread.
MAX_BODY_BYTES = 4 * 1024 * 1024
APOLOGY = "Sorry, something went wrong while answering. Please try again in a moment."
HELP_TEXT = "Ask me a question about the documents, for example: _Who wrote the study?_"
# Slack redelivers an event up to three times, within minutes; a day of ids is ample.
_SEEN_FOR_SECONDS = 24 * 3600


class ChatTarget(Protocol):
    """What the bot needs from :class:`assistant.Assistant`."""

    def chat(self, session_id: str, message: str) -> Answer: ...


def _secret(value: SecretStr | None, variable: str, purpose: str) -> str:
    text = value.get_secret_value().strip() if value is not None else ""
    if not text:
        raise ConfigError(f"{variable} is not set; it is needed {purpose}", hint=f"set {variable}")
    return text


class _SeenEvents:
    """Event ids already taken, on SQLite: shared by threads, processes and restarts.
    (A connection per event: nothing to close, and an event costs well under a millisecond.)"""

    def __init__(self, path: Path, keep_seconds: float = _SEEN_FOR_SECONDS) -> None:
        self._path = path
        self._keep = keep_seconds
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as conn, conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, at REAL NOT NULL)")
                conn.execute("DELETE FROM seen WHERE at < ?", (time.time() - keep_seconds,))
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(
                f"Cannot open the Slack event log at {path}: {exc}", hint="check ASSISTANT_DATA_DIR is writable"
            ) from exc

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=15)

    def first_time(self, event_id: str) -> bool:
        """True once per event id; every later call with it (from any process) is False."""
        now = time.time()
        try:
            with closing(self._connect()) as conn, conn:
                added = conn.execute("INSERT OR IGNORE INTO seen(id, at) VALUES (?, ?)", (event_id, now)).rowcount
                if added and zlib.crc32(event_id.encode()) % 500 == 0:
                    # About one event in 500 also sweeps out ids older than the keep time.
                    conn.execute("DELETE FROM seen WHERE at < ?", (now - self._keep,))
        except sqlite3.Error as exc:
            # Better to risk answering a redelivery twice than to drop a question.
            log.warning("Slack event log unavailable (%s); answering event %s", exc, event_id)
            return True
        return added == 1


_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_LABELLED = re.compile(r"<[^>|]+\|([^>]+)>")
_BARE_LINK = re.compile(r"<([^>|@#!][^>]*)>")


def question_text(text: str, bot_user_id: str | None) -> str:
    """The question in a Slack message: the bot's mention removed, Slack markup undone."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _LABELLED.sub(r"\1", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def session_id_for(team: str, channel: str, thread_ts: str) -> str:
    """The conversation id of a Slack thread."""
    return f"slack:{team}:{channel}:{thread_ts}"


def _ignore_reason(event: Mapping[str, Any], bot_user_id: str | None, allowed: frozenset[str]) -> str | None:
    """Why an event gets no answer, or None when it should be answered."""
    kind = event.get("type")
    if kind == "message":
        if event.get("channel_type") != "im":
            return "message outside a direct conversation"
    elif kind == "app_mention":
        if str(event.get("channel", "")).startswith("D"):
            return "mention in a direct conversation (its message event is answered)"
    else:
        return f"event type {kind!r}"
    if event.get("bot_id") or event.get("subtype") == "bot_message":
        return "message from a bot"
    if event.get("subtype"):
        return f"message subtype {event.get('subtype')!r}"
    if bot_user_id and event.get("user") == bot_user_id:
        return "the bot's own message"
    if not event.get("channel") or not event.get("ts"):
        return "event without channel or ts"
    if allowed and event.get("channel") not in allowed:
        return "channel not in the allowlist"
    return None


def _retry_number(request: BoltRequest) -> int:
    values = request.headers.get("x-slack-retry-num") or ["0"]
    try:
        return int(values[0])
    except ValueError:
        return 1  # a malformed marker is still a marker


def web_client(settings: Settings) -> WebClient:
    """A Web API client with the bot token, retrying rate limits and dropped connections."""
    token = _secret(settings.slack_bot_token, "SLACK_BOT_TOKEN", "to post answers in Slack")
    base_url = settings.slack_api_url or WebClient.BASE_URL
    return WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def create_app(
    assistant: ChatTarget,
    settings: Settings,
    *,
    socket_mode: bool = False,
    client: WebClient | None = None,
    listener_executor: Executor | None = None,
) -> App:
    """A Bolt app answering ``app_mention`` events and direct messages.

    HTTP mode (the default) verifies every request with ``SLACK_SIGNING_SECRET``
    (bad signature or a timestamp older than five minutes: 401). Socket Mode
    needs no signing secret. Building the app calls ``auth.test``; a rejected
    token or an unreachable API raises :class:`~assistant.errors.ConfigError`.
    Answers are computed on ``listener_executor`` (Bolt's own thread pool when
    None); whoever passes one shuts it down.
    """
    signing_secret = (
        ""
        if socket_mode
        else _secret(settings.slack_signing_secret, "SLACK_SIGNING_SECRET", "to verify requests from Slack")
    )
    client = client or web_client(settings)
    redact = Redactor.from_settings(settings)
    try:
        app = App(
            name="assistant",
            client=client,
            signing_secret=signing_secret,
            request_verification_enabled=not socket_mode,
            listener_executor=listener_executor,
        )
    except BoltError as exc:
        raise ConfigError(
            "Slack rejected the bot token (auth.test failed)", hint="check SLACK_BOT_TOKEN"
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"cannot reach the Slack Web API at {client.base_url}",
            hint="check the network or ASSISTANT_SLACK_API_URL",
        ) from exc

    allowed = frozenset(settings.slack_allowed_channels)
    seen = _SeenEvents(settings.data_dir / "slack-events.sqlite3")

    def gate(
        request: BoltRequest, body: dict[str, Any], context: BoltContext, next_: Callable[[], None]
    ) -> Any:
        """Acknowledge, without answering, everything the bot must not answer."""
        if request.mode == "http" and _retry_number(request) > 0:
            # Slack redelivers over HTTP when our first ack was late: that delivery is being answered.
            # (Socket Mode also marks redeliveries, but there the first one may have been lost with
            # its connection, so only the event-id memory below decides.)
            return BoltResponse(status=200, body="")
        if body.get("type") != "event_callback":
            return next_()
        event = body.get("event") or {}
        reason = _ignore_reason(event, context.bot_user_id, allowed)
        if reason is not None:
            log.debug("Ignoring event %s: %s", body.get("event_id"), reason)
            return BoltResponse(status=200, body="")
        event_id = body.get("event_id")
        if event_id and not seen.first_time(str(event_id)):
            log.debug("Ignoring event %s: already answered", event_id)
            return BoltResponse(status=200, body="")
        return next_()

    def acknowledge(ack: Callable[[], None]) -> None:
        ack()

    def answer(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        _answer_in_thread(assistant, client, event, body, context, redact, debug=settings.debug)

    app.use(gate)
    app.event("app_mention")(ack=acknowledge, lazy=[answer])
    app.event("message")(ack=acknowledge, lazy=[answer])
    return app


def _answer_in_thread(
    assistant: ChatTarget,
    client: WebClient,
    event: Mapping[str, Any],
    body: Mapping[str, Any],
    context: BoltContext,
    redact: Callable[[str], str],
    *,
    debug: bool,
) -> None:
    channel = str(event["channel"])
    thread_ts = str(event.get("thread_ts") or event["ts"])
    team = str(body.get("team_id") or event.get("team") or context.team_id or "-")
    session_id = session_id_for(team, channel, thread_ts)
    started = time.perf_counter()
    placeholder_ts: str | None = None
    try:
        blocks, text = placeholder_blocks()
        posted = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)
        placeholder_ts = str(posted["ts"])
        question = question_text(str(event.get("text") or ""), context.bot_user_id)
        if not question:
            blocks, text = [{"type": "section", "text": {"type": "mrkdwn", "text": HELP_TEXT}}], HELP_TEXT
        else:
            result = assistant.chat(session_id, question)
            blocks, text = answer_blocks(result)
            log.info(
                "Answered in %s thread %s (grounded=%s, %d citations, %.1fs)",
                channel,
                thread_ts,
                result.grounded,
                len(result.citations),
                time.perf_counter() - started,
            )
    except AssistantError as exc:
        log.warning("Could not answer in %s thread %s: %s", channel, thread_ts, redact(str(exc)))
        blocks, text = error_blocks(redact(str(exc)))
    except Exception as exc:  # the thread must get a reply whatever failed
        log.error(
            "Answering failed in %s thread %s: %s",
            channel,
            thread_ts,
            redact(f"{type(exc).__name__}: {exc}"),
            exc_info=debug,
        )
        blocks, text = error_blocks(APOLOGY)
    # Whatever the answer quotes or the error says, no configured secret is posted.
    blocks, text = json.loads(redact(json.dumps(blocks))), redact(text)
    _deliver(client, channel, thread_ts, placeholder_ts, blocks, text, redact)


def _deliver(
    client: WebClient,
    channel: str,
    thread_ts: str,
    placeholder_ts: str | None,
    blocks: list[dict[str, Any]],
    text: str,
    redact: Callable[[str], str],
) -> None:
    """Replace the placeholder with the reply, or post the reply if there is no placeholder."""
    try:
        if placeholder_ts is not None:
            try:
                client.chat_update(channel=channel, ts=placeholder_ts, text=text, blocks=blocks)
                return
            except SlackApiError as exc:
                log.warning(
                    "chat.update failed in %s: %s; posting instead",
                    channel,
                    redact(str(exc.response.get("error"))),
                )
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)
    except Exception as exc:  # noqa: BLE001 - nothing more can be done than to say so
        log.error(
            "Could not post the reply in %s thread %s: %s",
            channel,
            thread_ts,
            redact(f"{type(exc).__name__}: {exc}"),
        )


# --- running -------------------------------------------------------------------------


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def _plain(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def _guarded(handler: Callable[..., Any], signing_secret: str) -> Callable[..., Any]:
    """``handler`` behind the checks Bolt does not make before parsing a body: a size limit
    (413 from Content-Length, nothing read) and JSON that does not parse (401 when the
    signature is wrong, else 400 and one log line, never a traceback)."""
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("REQUEST_METHOD") != "POST":
            return handler(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, "400 Bad Request", "bad Content-Length")
        if length > MAX_BODY_BYTES:
            log.warning("Refused a %d-byte request: larger than Slack sends (%d bytes)", length, MAX_BODY_BYTES)
            return _plain(start_response, "413 Payload Too Large", "request body too large")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower() == "application/json":
            try:
                json.loads(body)
            except ValueError:
                timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
                signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
                if verifier is not None and not verifier.is_valid(body, timestamp, signature):
                    return _plain(start_response, "401 Unauthorized", "invalid request")
                log.warning("Refused a signed Slack request whose body is not JSON (%d bytes)", len(body))
                return _plain(start_response, "400 Bad Request", "the body is not JSON")
        return handler(environ, start_response)

    return app


def make_http_server(app: App, *, port: int, host: str = "127.0.0.1") -> WSGIServer:
    """A threaded WSGI server for the Events API at :data:`EVENTS_PATH` (not yet serving).

    Bodies over :data:`MAX_BODY_BYTES` get 413 before they are read; a signed body that is
    not JSON gets 400 (and an unsigned one 401).

    Call ``serve_forever()``; stop with ``shutdown()`` and ``server_close()``.
    ``port=0`` picks a free port (see ``server.server_port``).
    """
    try:
        return make_server(
            host,
            port,
            # Bolt keeps the signing secret private; the guard needs it only to tell 401 from 400.
            _guarded(SlackRequestHandler(app, path=EVENTS_PATH), getattr(app, "_signing_secret", "")),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}", hint="pick another --port"
        ) from exc


def socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """A Socket Mode handler for ``app`` using ``SLACK_APP_TOKEN`` (not yet connected)."""
    token = _secret(settings.slack_app_token, "SLACK_APP_TOKEN", "for Socket Mode")
    if not token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN is not an app-level token (xapp-...)", hint="copy it from Basic Information"
        )
    return SocketModeHandler(app, app_token=token)


def _announce(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_socket_mode(
    assistant: ChatTarget, settings: Settings, *, on_ready: Callable[[str], None] = _announce
) -> None:
    """Connect to Slack over Socket Mode and answer until interrupted (Ctrl+C)."""
    _secret(settings.slack_app_token, "SLACK_APP_TOKEN", "for Socket Mode")
    app = create_app(assistant, settings, socket_mode=True)
    handler = socket_mode_handler(app, settings)
    try:
        try:
            handler.connect()
        except SlackApiError as exc:
            raise ConfigError(
                f"Slack refused the Socket Mode connection ({exc.response.get('error')})",
                hint="check SLACK_APP_TOKEN and that Socket Mode is enabled for the app",
            ) from exc
        on_ready("Connected to Slack over Socket Mode. Press Ctrl+C to stop.")
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        handler.close()


def run_http(
    assistant: ChatTarget,
    settings: Settings,
    port: int,
    host: str = "127.0.0.1",
    *,
    on_ready: Callable[[str], None] = _announce,
) -> None:
    """Serve the Events API at ``http://host:port/slack/events`` until interrupted (Ctrl+C)."""
    app = create_app(assistant, settings)
    server = make_http_server(app, port=port, host=host)
    try:
        on_ready(
            f"Listening for Slack events on http://{host}:{server.server_port}{EVENTS_PATH}. Press Ctrl+C to stop."
        )
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
