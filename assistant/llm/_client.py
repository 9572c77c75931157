"""A small client for OpenAI-compatible chat-completions endpoints, on httpx.

Works with OpenAI, vLLM, Ollama, LM Studio and the llama.cpp server. This is the
only module that touches httpx for the LLM: every httpx exception is translated
here into :mod:`assistant.errors` (``raise ... from exc``), so callers only ever
see :class:`~assistant.errors.LLMError` subclasses.

Contracts shared by :class:`LLMClient` and :class:`AsyncLLMClient`:

* ``POST {base_url}/chat/completions``; ``Authorization: Bearer`` only when a key
  is set, so keyless local servers work.
* Every call has an overall deadline (``deadline`` seconds, ``time.monotonic``);
  when it passes the call raises :class:`LLMTimeoutError`.
* Connect errors and the statuses 429, 500, 502, 503 and 504 are retried up to
  ``max_retries`` times with exponential backoff and jitter. ``Retry-After``
  (seconds or an HTTP date) is honoured on 429 and 503. A wait that would end
  past the deadline is not started: the call fails at once with the last error.
  A stream is never retried once its body has started.
* The API key and the values of the extra headers never appear in ``repr()``, log
  records or error messages (:class:`~assistant.redaction.Redactor`). A response body
  is never quoted in an error: a bounded, redacted excerpt goes to the log instead.
  Only the ``message`` of a structured error (``{"error": {"message": ...}}``) is shown.
* What is read of a reply is capped by its token budget (``max_tokens``, about
  :data:`_BYTES_PER_TOKEN` bytes a token): a reply that runs past it is an
  :class:`LLMResponseError`, never read whole.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit, urlunsplit

import httpx
from pydantic import SecretStr

from ..redaction import Redactor, bounded_excerpt, header_secrets
from ..errors import (
    ConfigError,
    LLMConnectionError,
    LLMError,
    LLMResponseError,
    LLMStatusError,
    LLMTimeoutError,
    UsageError,
)

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["AsyncLLMClient", "LLMClient", "SSEDecoder", "SSEEvent"]

logger = logging.getLogger("assistant.llm")

Message = Mapping[str, Any]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
# Errors raised before any byte of a response arrived: resending is safe.
_RETRY_EXCEPTIONS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.RemoteProtocolError,
)
# Everything httpx raises on purpose; several are not HTTPError subclasses.
_HTTPX_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
    httpx.CookieConflict,
)
_PING_TIMEOUT = 2.0
_MAX_ERROR_BODY = 2000
# A token is about 4 characters of English; JSON escapes (\uXXXX) and stream framing
# multiply that, so 32 bytes a token never cuts an honest reply short.
_BYTES_PER_TOKEN = 32
_CHARS_PER_TOKEN = 8
_REPLY_OVERHEAD = 64 * 1024
_DEFAULT_BUDGET = 4096
_BASE_URL_HINT = "check ASSISTANT_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1"


# --------------------------------------------------------------------------- SSE


@dataclass(frozen=True, kw_only=True, slots=True)
class SSEEvent:
    """One server-sent event: its ``event`` type ("" when unnamed) and ``data``."""

    event: str
    data: str


class SSEDecoder:
    """Incremental ``text/event-stream`` decoder (the WHATWG rules, strictly).

    Feed it text in pieces of any size; lines split across pieces, ``\\r\\n``,
    ``\\r`` and ``\\n`` endings, comments (``: ping``), blank lines, ``event:``,
    ``id:`` and ``retry:`` fields are handled. A line that is none of these is
    not an event stream at all and raises :class:`LLMResponseError`.
    """

    _FIELDS = frozenset({"data", "event", "id", "retry"})

    def __init__(self, redact: Redactor | None = None) -> None:
        self._redact = redact or Redactor()
        self._buffer = ""
        self._data: list[str] = []
        self._event = ""

    def feed(self, text: str) -> list[SSEEvent]:
        """Add ``text``; return the events it completed."""
        self._buffer += text
        events: list[SSEEvent] = []
        while True:
            cut = _line_end(self._buffer)
            if cut is None:
                return events
            end, width = cut
            line, self._buffer = self._buffer[:end], self._buffer[end + width :]
            event = self._line(line)
            if event is not None:
                events.append(event)

    def flush(self) -> list[SSEEvent]:
        """End of stream: the last line and event, even without a final blank line."""
        events: list[SSEEvent] = []
        if self._buffer:
            line, self._buffer = self._buffer.rstrip("\r"), ""
            event = self._line(line)
            if event is not None:
                events.append(event)
        event = self._dispatch()
        if event is not None:
            events.append(event)
        return events

    def _line(self, line: str) -> SSEEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if not colon or name not in self._FIELDS:
            logger.warning("LLM stream line that is not server-sent events: %s", bounded_excerpt(line, self._redact))
            raise LLMResponseError(
                "The LLM endpoint sent a line that is not server-sent events",
                hint="check that ASSISTANT_LLM_BASE_URL points at an OpenAI-compatible API",
            )
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        return None

    def _dispatch(self) -> SSEEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = SSEEvent(event=self._event, data="\n".join(self._data))
        self._data, self._event = [], ""
        return event


def _line_end(buffer: str) -> tuple[int, int] | None:
    """Index and width of the first line ending, or None if none is complete yet."""
    n = buffer.find("\n")
    r = buffer.find("\r")
    if r == -1 and n == -1:
        return None
    if r == -1 or (n != -1 and n < r):
        return n, 1
    if r + 1 == len(buffer):
        return None  # a "\r" at the end may be the first half of "\r\n"
    return r, 2 if buffer[r + 1] == "\n" else 1


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------- shared logic


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()


@dataclass(slots=True)
class _StreamState:
    done: bool = False
    finished: bool = False


class _ClientBase:
    """Configuration, request building, retry policy and error translation."""

    def __init__(
        self,
        base_url: str,
        *,
        model: str = "default",
        api_key: SecretStr | str | None = None,
        headers: Mapping[str, str] | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 30.0,
        deadline: float = 60.0,
        max_retries: int = 2,
        temperature: float | None = 0.1,
        max_tokens: int | None = 400,
        backoff_base: float = 0.25,
        backoff_max: float = 8.0,
    ) -> None:
        parts = urlsplit(base_url.strip()) if isinstance(base_url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"Invalid LLM base URL: {_redact_url(str(base_url))!r}", hint=_BASE_URL_HINT)
        if deadline <= 0 or connect_timeout <= 0 or read_timeout <= 0:
            raise ConfigError("LLM timeouts and deadline must be positive", hint="check the llm_* settings")
        if max_retries < 0:
            raise ConfigError("llm_max_retries must be 0 or more", hint="check ASSISTANT_LLM_MAX_RETRIES")
        self.base_url = base_url.strip().rstrip("/")
        self.model = model
        self._api_key = SecretStr(api_key) if isinstance(api_key, str) else api_key
        self.headers: dict[str, str] = dict(headers or {})
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_retries = max_retries
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._random = random.Random()
        self._shown_url = _redact_url(self.base_url)
        self._redact = Redactor([self._api_key, *header_secrets(self.headers)], marker="***")

    @classmethod
    def _settings_kwargs(cls, settings: Settings) -> dict[str, Any]:
        if not settings.llm_base_url:
            raise ConfigError(
                "No LLM endpoint is configured",
                hint="set ASSISTANT_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1",
            )
        return {
            "base_url": settings.llm_base_url,
            "model": settings.llm_model,
            "api_key": settings.llm_api_key,
            "headers": settings.llm_headers,
            "connect_timeout": settings.llm_connect_timeout,
            "read_timeout": settings.llm_read_timeout,
            "deadline": settings.llm_deadline,
            "max_retries": settings.llm_max_retries,
            "temperature": settings.llm_temperature,
            "max_tokens": settings.llm_max_tokens,
        }

    def __repr__(self) -> str:
        key = "set" if self._api_key is not None else "none"
        return f"{type(self).__name__}(base_url={self._shown_url!r}, model={self.model!r}, api_key={key})"

    # -- requests -------------------------------------------------------------

    def _request_headers(self, *, stream: bool) -> dict[str, str]:
        headers = {"Accept": "text/event-stream" if stream else "application/json", **self.headers}
        if self._api_key is not None and self._api_key.get_secret_value():
            headers["Authorization"] = f"Bearer {self._api_key.get_secret_value()}"
        return headers

    def _payload(self, messages: Sequence[Message], stream: bool, options: dict[str, Any]) -> dict[str, Any]:
        if not messages:
            raise UsageError("No messages to send to the LLM", hint="pass at least one message")
        body: dict[str, Any] = {
            "model": options.pop("model", None) or self.model,
            "messages": [dict(m) for m in messages],
            "stream": stream,
        }
        for name, default in (("temperature", self.temperature), ("max_tokens", self.max_tokens)):
            value = options.pop(name, default)
            if value is not None:
                body[name] = value
        body.update({k: v for k, v in options.items() if v is not None})
        return body

    def _start(self, options: dict[str, Any]) -> _Deadline:
        seconds = options.pop("deadline", None) or self.deadline
        return _Deadline(float(seconds))

    def _timeout(self, remaining: float) -> httpx.Timeout:
        return httpx.Timeout(
            connect=min(self.connect_timeout, remaining),
            read=min(self.read_timeout, remaining),
            write=min(self.read_timeout, remaining),
            pool=min(self.connect_timeout, remaining),
        )

    # -- retry policy -----------------------------------------------------------

    def _retry_delay(self, attempt: int, deadline: _Deadline, retry_after: float | None) -> float | None:
        """Seconds to wait before the next attempt, or None to give up now."""
        if attempt >= self.max_retries:
            return None
        if retry_after is not None:
            delay = retry_after
        else:
            ceiling = min(self._backoff_max, self._backoff_base * 2**attempt)
            delay = ceiling / 2 + self._random.uniform(0, ceiling / 2)
        # A retry needs time for the request itself, not just the wait.
        if delay >= deadline.remaining():
            return None
        return delay

    # -- error translation ------------------------------------------------------

    def _scrub(self, text: str) -> str:
        return self._redact(text)

    def _log_body(self, what: str, body: str | bytes) -> None:
        """A bounded, redacted excerpt of an unusable body, for the operator's log only."""
        logger.warning("LLM at %s sent %s: %s", self._shown_url, what, bounded_excerpt(body, self._redact))

    @staticmethod
    def _budget(payload: Mapping[str, Any]) -> int:
        tokens = payload.get("max_tokens")
        return int(tokens) if isinstance(tokens, int) and tokens > 0 else _DEFAULT_BUDGET

    def _too_long(self, tokens: int) -> LLMResponseError:
        return LLMResponseError(
            f"The LLM at {self._shown_url} sent a reply longer than its {tokens}-token budget",
            hint="check that the server honours max_tokens (ASSISTANT_LLM_MAX_TOKENS)",
        )

    def _timeout_error(self, deadline: _Deadline) -> LLMTimeoutError:
        return LLMTimeoutError(
            f"The LLM at {self._shown_url} did not finish within the {deadline.seconds:g} s deadline",
            hint="raise ASSISTANT_LLM_DEADLINE or use a faster model",
        )

    def _translate(self, exc: Exception, deadline: _Deadline) -> LLMError:
        where = self._shown_url
        detail = _excerpt(self._scrub(str(exc) or type(exc).__name__))
        if isinstance(exc, httpx.ConnectTimeout):
            return LLMTimeoutError(
                f"Could not connect to the LLM at {where} within {min(self.connect_timeout, deadline.seconds):g} s",
                hint="check that the server is running and reachable",
            )
        if isinstance(exc, httpx.TimeoutException):
            if deadline.remaining() <= 0.05:
                return self._timeout_error(deadline)
            return LLMTimeoutError(
                f"The LLM at {where} stopped answering ({type(exc).__name__})",
                hint="raise ASSISTANT_LLM_READ_TIMEOUT or check the server",
            )
        if isinstance(exc, httpx.ConnectError | httpx.ProxyError):
            return LLMConnectionError(
                f"Cannot connect to the LLM at {where}: {detail}",
                hint="start the server or " + _BASE_URL_HINT,
            )
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
            return LLMConnectionError(f"Invalid LLM URL {where}: {detail}", hint=_BASE_URL_HINT)
        if isinstance(exc, httpx.NetworkError | httpx.ProtocolError):
            return LLMConnectionError(
                f"The connection to the LLM at {where} failed: {detail}",
                hint="check the server's logs and retry",
            )
        if isinstance(exc, httpx.HTTPStatusError):
            return self._status_error(exc.response.status_code, "", exc.response.headers)
        return LLMResponseError(
            f"Unreadable response from the LLM at {where}: {detail}",
            hint="check that the server speaks the OpenAI chat-completions API",
        )

    def _status_error(self, status: int, body: str, headers: httpx.Headers, note: str = "") -> LLMStatusError:
        reason = _error_message(body)
        if body.strip() and not reason:
            self._log_body(f"HTTP {status} with an unstructured body", body)
        text = f"The LLM at {self._shown_url} answered HTTP {status}"
        if reason:
            text += f": {_excerpt(self._scrub(reason), 200)}"
        if note:
            text += f" ({note})"
        if status in (401, 403):
            hint = "check ASSISTANT_LLM_API_KEY"
        elif status == 404:
            hint = "check ASSISTANT_LLM_BASE_URL (it usually ends in /v1) and ASSISTANT_LLM_MODEL"
        elif status == 429:
            hint = "the server is rate-limiting; wait and retry"
        elif status >= 500:
            hint = "the server failed; check its logs and retry"
        else:
            hint = "check the request options and the server's documentation"
        return LLMStatusError(text, status_code=status, hint=hint)

    def _after_status(
        self, response: httpx.Response, body: str, attempt: int, deadline: _Deadline
    ) -> tuple[LLMStatusError, float | None]:
        status = response.status_code
        if status not in RETRY_STATUSES:
            return self._status_error(status, body, response.headers), None
        wait = retry_after_seconds(response.headers.get("retry-after")) if status in RETRY_AFTER_STATUSES else None
        delay = self._retry_delay(attempt, deadline, wait)
        note = ""
        if delay is None and attempt < self.max_retries and wait is not None:
            note = f"it asked to retry after {wait:g} s, past the {deadline.seconds:g} s deadline"
        elif delay is None and attempt:
            note = f"gave up after {attempt + 1} attempts"
        return self._status_error(status, body, response.headers, note), delay

    def _describe_wait(self, attempt: int, delay: float, reason: str) -> None:
        logger.warning(
            "LLM request to %s failed (%s); retry %d of %d in %.2f s",
            self._shown_url, reason, attempt + 1, self.max_retries, delay,
        )

    # -- response parsing -------------------------------------------------------

    def _parse_completion(self, raw: bytes, tokens: int = _DEFAULT_BUDGET) -> str:
        try:
            data = json.loads(raw)
        except ValueError as exc:
            self._log_body("a body that is not JSON", raw)
            raise LLMResponseError(
                f"The LLM at {self._shown_url} sent a body that is not JSON",
                hint="check that ASSISTANT_LLM_BASE_URL points at an OpenAI-compatible API",
            ) from exc
        if isinstance(data, dict) and data.get("error"):
            raise LLMResponseError(
                f"The LLM at {self._shown_url} reported an error: {self._scrub(_error_message(raw.decode('utf-8', 'replace')))}",
                hint="check the server's logs",
            )
        try:
            message = data["choices"][0]["message"]
            text = _content_text(message.get("content"))
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            self._log_body("JSON without choices[0].message", raw)
            raise LLMResponseError(
                f"The LLM at {self._shown_url} sent JSON without choices[0].message",
                hint="check that the server speaks the OpenAI chat-completions API",
            ) from exc
        if len(text) > tokens * _CHARS_PER_TOKEN:
            raise self._too_long(tokens)
        return text

    def _parse_event(self, event: SSEEvent, state: _StreamState) -> str | None:
        """The text delta of one event (None for none); sets ``state.done`` on [DONE]."""
        if event.data.strip() == "[DONE]":
            state.done = True
            return None
        try:
            data = json.loads(event.data)
        except ValueError as exc:
            self._log_body("a malformed stream event", event.data)
            raise LLMResponseError(
                f"The LLM at {self._shown_url} sent a malformed stream event",
                hint="check that the server speaks the OpenAI chat-completions API",
            ) from exc
        if event.event == "error" or (isinstance(data, dict) and data.get("error")):
            raise LLMResponseError(
                f"The LLM at {self._shown_url} failed mid-answer: {self._scrub(_error_message(event.data))}",
                hint="check the server's logs and retry",
            )
        if not isinstance(data, dict) or not isinstance(data.get("choices", []), list):
            self._log_body("an unexpected stream event", event.data)
            raise LLMResponseError(
                f"The LLM at {self._shown_url} sent an unexpected stream event",
                hint="check that the server speaks the OpenAI chat-completions API",
            )
        pieces: list[str] = []
        for choice in data.get("choices") or []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            if choice.get("finish_reason"):
                state.finished = True
            delta = choice.get("delta") or {}
            if isinstance(delta, dict) and isinstance(delta.get("content"), str | list):
                pieces.append(_content_text(delta["content"]))
        text = "".join(pieces)
        return text or None

    def _check_end(self, state: _StreamState) -> None:
        if not (state.done or state.finished):
            raise LLMResponseError(
                f"The stream from the LLM at {self._shown_url} ended before the answer was complete",
                hint="check the server's logs and retry",
            )


def _content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts, as some servers send them
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    raise TypeError(f"unexpected content {type(content).__name__}")


def _error_message(body: str) -> str:
    """The human part of an error body ({"error": {"message": ...}} and variants)."""
    body = body.strip()
    if not body:
        return ""
    try:
        data = json.loads(body)
    except ValueError:
        return ""  # an HTML page or a proxy's text: logged, never shown
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            for name in ("message", "detail", "error"):
                if isinstance(error.get(name), str):
                    return error[name]
        if isinstance(error, str):
            return error
    return ""


def _redact_url(url: str) -> str:
    """The URL without any user:password part."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _is_json(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"


# ------------------------------------------------------------------ sync client


class LLMClient(_ClientBase):
    """Synchronous chat-completions client; a context manager.

    Pass ``transport`` (e.g. ``httpx.MockTransport``) or a ready ``http_client``
    for tests or custom networking; the client closes only an ``httpx.Client``
    it created itself. Thread-safe, like ``httpx.Client``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **config: Any,
    ) -> None:
        super().__init__(base_url, **config)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=transport, follow_redirects=False)
        self._sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> Self:
        """A client for ``settings.llm_*``; ConfigError when no endpoint is set."""
        return cls(**{**cls._settings_kwargs(settings), **kwargs})

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def ping(self) -> bool:
        """True when ``GET {base_url}/models`` answers with a status other than 5xx, 401 or 403.

        Never raises; waits at most a couple of seconds.
        """
        timeout = min(_PING_TIMEOUT, self.connect_timeout)
        try:
            response = self._http.get(
                f"{self.base_url}/models", headers=self._request_headers(stream=False), timeout=timeout
            )
        except _HTTPX_ERRORS:
            return False
        return response.status_code < 500 and response.status_code not in (401, 403)

    def complete(self, messages: Sequence[Message], **options: Any) -> str:
        """The assistant message for ``messages``.

        ``options`` override ``model``, ``temperature``, ``max_tokens`` and
        ``deadline`` (seconds) and pass anything else (``stop``, ``seed`` ...)
        into the request body.
        """
        deadline = self._start(options)
        payload = self._payload(messages, False, options)
        response = self._open(payload, deadline, stream=False)
        tokens = self._budget(payload)
        limit = tokens * _BYTES_PER_TOKEN + _REPLY_OVERHEAD
        try:
            raw = bytearray()
            for piece in response.iter_bytes():
                raw += piece
                if len(raw) > limit:
                    raise self._too_long(tokens)
                if deadline.remaining() <= 0:
                    raise self._timeout_error(deadline)
        except _HTTPX_ERRORS as exc:
            raise self._translate(exc, deadline) from exc
        finally:
            response.close()
        return self._parse_completion(bytes(raw), tokens)

    def stream(self, messages: Sequence[Message], **options: Any) -> Iterator[str]:
        """Yield the answer's text deltas as they arrive (same ``options`` as :meth:`complete`)."""
        deadline = self._start(options)
        payload = self._payload(messages, True, options)
        return self._stream(payload, deadline)

    def _stream(self, payload: dict[str, Any], deadline: _Deadline) -> Iterator[str]:
        response = self._open(payload, deadline, stream=True)
        try:
            tokens = self._budget(payload)
            limit = tokens * _BYTES_PER_TOKEN + _REPLY_OVERHEAD
            if _is_json(response):  # a server that ignores "stream": true
                raw = bytearray()
                for block in response.iter_bytes():
                    raw += block
                    if len(raw) > limit:
                        raise self._too_long(tokens)
                text = self._parse_completion(bytes(raw), tokens)
                if text:
                    yield text
                return
            decoder, state = SSEDecoder(self._redact), _StreamState()
            read = shown = 0
            for piece in response.iter_text():
                read += len(piece)
                if read > limit:
                    raise self._too_long(tokens)
                for event in decoder.feed(piece):
                    delta = self._parse_event(event, state)
                    if delta:
                        shown += len(delta)
                        if shown > tokens * _CHARS_PER_TOKEN:
                            raise self._too_long(tokens)
                        yield delta
                    if state.done:
                        return
                if deadline.remaining() <= 0:
                    raise self._timeout_error(deadline)
            for event in decoder.flush():
                delta = self._parse_event(event, state)
                if delta:
                    yield delta
            self._check_end(state)
        except _HTTPX_ERRORS as exc:
            raise self._translate(exc, deadline) from exc
        finally:
            response.close()

    def _open(self, payload: dict[str, Any], deadline: _Deadline, *, stream: bool) -> httpx.Response:
        """Send with retries; return a response with status < 400 whose body is unread."""
        attempt = 0
        headers = self._request_headers(stream=stream)
        while True:
            remaining = deadline.remaining()
            if remaining <= 0:
                raise self._timeout_error(deadline)
            try:
                request = self._http.build_request(
                    "POST", f"{self.base_url}/chat/completions", json=payload, headers=headers,
                    timeout=self._timeout(remaining),
                )
                response = self._http.send(request, stream=True)
            except _HTTPX_ERRORS as exc:
                error = self._translate(exc, deadline)
                delay = self._retry_delay(attempt, deadline, None) if isinstance(exc, _RETRY_EXCEPTIONS) else None
                if delay is None:
                    raise error from exc
                self._describe_wait(attempt, delay, type(exc).__name__)
                self._sleep(delay)
                attempt += 1
                continue
            if response.status_code < 400:
                return response
            try:
                body = response.read()[:_MAX_ERROR_BODY].decode("utf-8", "replace")
            except _HTTPX_ERRORS:
                body = ""
            finally:
                response.close()
            error, delay = self._after_status(response, body, attempt, deadline)
            if delay is None:
                raise error
            self._describe_wait(attempt, delay, f"HTTP {response.status_code}")
            self._sleep(delay)
            attempt += 1

# ----------------------------------------------------------------- async client


class AsyncLLMClient(_ClientBase):
    """The asynchronous twin of :class:`LLMClient` (same contracts, ``a``-prefixed methods)."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **config: Any,
    ) -> None:
        super().__init__(base_url, **config)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(transport=transport, follow_redirects=False)
        self._sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> Self:
        """A client for ``settings.llm_*``; ConfigError when no endpoint is set."""
        return cls(**{**cls._settings_kwargs(settings), **kwargs})

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def aping(self) -> bool:
        """As :meth:`LLMClient.ping`."""
        timeout = min(_PING_TIMEOUT, self.connect_timeout)
        try:
            response = await self._http.get(
                f"{self.base_url}/models", headers=self._request_headers(stream=False), timeout=timeout
            )
        except _HTTPX_ERRORS:
            return False
        return response.status_code < 500 and response.status_code not in (401, 403)

    async def acomplete(self, messages: Sequence[Message], **options: Any) -> str:
        """As :meth:`LLMClient.complete`."""
        deadline = self._start(options)
        payload = self._payload(messages, False, options)
        response = await self._open(payload, deadline, stream=False)
        tokens = self._budget(payload)
        limit = tokens * _BYTES_PER_TOKEN + _REPLY_OVERHEAD
        try:
            raw = bytearray()
            async for piece in response.aiter_bytes():
                raw += piece
                if len(raw) > limit:
                    raise self._too_long(tokens)
                if deadline.remaining() <= 0:
                    raise self._timeout_error(deadline)
        except _HTTPX_ERRORS as exc:
            raise self._translate(exc, deadline) from exc
        finally:
            await response.aclose()
        return self._parse_completion(bytes(raw), tokens)

    def astream(self, messages: Sequence[Message], **options: Any) -> AsyncIterator[str]:
        """As :meth:`LLMClient.stream`."""
        deadline = self._start(options)
        payload = self._payload(messages, True, options)
        return self._astream(payload, deadline)

    async def _astream(self, payload: dict[str, Any], deadline: _Deadline) -> AsyncIterator[str]:
        response = await self._open(payload, deadline, stream=True)
        try:
            tokens = self._budget(payload)
            limit = tokens * _BYTES_PER_TOKEN + _REPLY_OVERHEAD
            if _is_json(response):  # a server that ignores "stream": true
                raw = bytearray()
                async for block in response.aiter_bytes():
                    raw += block
                    if len(raw) > limit:
                        raise self._too_long(tokens)
                text = self._parse_completion(bytes(raw), tokens)
                if text:
                    yield text
                return
            decoder, state = SSEDecoder(self._redact), _StreamState()
            read = shown = 0
            async for piece in response.aiter_text():
                read += len(piece)
                if read > limit:
                    raise self._too_long(tokens)
                for event in decoder.feed(piece):
                    delta = self._parse_event(event, state)
                    if delta:
                        shown += len(delta)
                        if shown > tokens * _CHARS_PER_TOKEN:
                            raise self._too_long(tokens)
                        yield delta
                    if state.done:
                        return
                if deadline.remaining() <= 0:
                    raise self._timeout_error(deadline)
            for event in decoder.flush():
                delta = self._parse_event(event, state)
                if delta:
                    yield delta
            self._check_end(state)
        except _HTTPX_ERRORS as exc:
            raise self._translate(exc, deadline) from exc
        finally:
            await response.aclose()

    async def _open(self, payload: dict[str, Any], deadline: _Deadline, *, stream: bool) -> httpx.Response:
        attempt = 0
        headers = self._request_headers(stream=stream)
        while True:
            remaining = deadline.remaining()
            if remaining <= 0:
                raise self._timeout_error(deadline)
            try:
                request = self._http.build_request(
                    "POST", f"{self.base_url}/chat/completions", json=payload, headers=headers,
                    timeout=self._timeout(remaining),
                )
                response = await self._http.send(request, stream=True)
            except _HTTPX_ERRORS as exc:
                error = self._translate(exc, deadline)
                delay = self._retry_delay(attempt, deadline, None) if isinstance(exc, _RETRY_EXCEPTIONS) else None
                if delay is None:
                    raise error from exc
                self._describe_wait(attempt, delay, type(exc).__name__)
                await self._sleep(delay)
                attempt += 1
                continue
            if response.status_code < 400:
                return response
            try:
                body = (await response.aread())[:_MAX_ERROR_BODY].decode("utf-8", "replace")
            except _HTTPX_ERRORS:
                body = ""
            finally:
                await response.aclose()
            error, delay = self._after_status(response, body, attempt, deadline)
            if delay is None:
                raise error
            self._describe_wait(attempt, delay, f"HTTP {response.status_code}")
            await self._sleep(delay)
            attempt += 1
