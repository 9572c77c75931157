"""The chat-completions client against httpx.MockTransport: request shape, SSE
parsing, retries, deadline and error translation. What crosses a real socket is
in test_llm_server.py."""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pydantic import SecretStr

from assistant.config import Settings
from assistant.errors import (
    ConfigError,
    LLMConnectionError,
    LLMError,
    LLMResponseError,
    LLMStatusError,
    LLMTimeoutError,
    UsageError,
)
from assistant.llm._client import AsyncLLMClient, LLMClient, SSEDecoder, SSEEvent, retry_after_seconds

BASE = "http://llm.test/v1"
KEY = "sk-test-very-secret-4242"
MESSAGES = [{"role": "user", "content": "Who leads the TTP?"}]

Handler = Callable[[httpx.Request], httpx.Response]


def completion(text: str | None) -> dict[str, Any]:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


def chunk(text: str | None = None, finish: str | None = None) -> str:
    delta = {} if text is None else {"content": text}
    payload = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(payload)}\n\n"


def sse_body(*pieces: str, done: bool = True) -> str:
    body = "".join(chunk(p) for p in pieces) + chunk(finish="stop")
    return body + ("data: [DONE]\n\n" if done else "")


def sse_response(parts: list[bytes] | Iterator[bytes], status: int = 200) -> httpx.Response:
    """A streamed text/event-stream response delivering ``parts`` as separate reads."""
    return httpx.Response(status, headers={"content-type": "text/event-stream"}, content=iter(parts))


class Recorder:
    """A MockTransport handler that records requests and replays scripted responses."""

    def __init__(self, *responses: httpx.Response | Exception | Handler) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.responses[min(len(self.requests), len(self.responses)) - 1]
        if isinstance(item, Exception):
            raise item
        if callable(item) and not isinstance(item, httpx.Response):
            return item(request)
        return item

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


def client(handler: Handler, sleeps: list[float] | None = None, **config: Any) -> LLMClient:
    sink = sleeps if sleeps is not None else []
    return LLMClient(config.pop("base_url", BASE), transport=httpx.MockTransport(handler), sleep=sink.append, **config)


# --------------------------------------------------------------- request shape


def test_complete_sends_an_openai_chat_request_and_returns_the_message() -> None:
    rec = Recorder(httpx.Response(200, json=completion("Noor Wali Mehsud [1].")))
    with client(rec, base_url=BASE + "/", model="smol", temperature=0.3, max_tokens=77,
                headers={"X-Team": "research"}) as llm:
        assert llm.complete(MESSAGES) == "Noor Wali Mehsud [1]."
    (request,) = rec.requests
    assert request.method == "POST"
    assert str(request.url) == "http://llm.test/v1/chat/completions"
    assert rec.bodies[0] == {"model": "smol", "messages": MESSAGES, "stream": False, "temperature": 0.3, "max_tokens": 77}
    assert request.headers["x-team"] == "research"
    assert request.headers["content-type"] == "application/json"
    assert "authorization" not in request.headers


def test_options_override_defaults_and_pass_extra_fields_through() -> None:
    rec = Recorder(httpx.Response(200, json=completion("ok")))
    with client(rec) as llm:
        llm.complete(MESSAGES, model="other", temperature=0, max_tokens=5, stop=["\n"], seed=7, top_p=None)
    body = rec.bodies[0]
    assert (body["model"], body["temperature"], body["max_tokens"], body["stop"], body["seed"]) == ("other", 0, 5, ["\n"], 7)
    assert "top_p" not in body


def test_bearer_header_only_when_a_key_is_set() -> None:
    rec = Recorder(httpx.Response(200, json=completion("ok")))
    with client(rec, api_key=SecretStr(KEY)) as llm:
        llm.complete(MESSAGES)
    with client(rec, api_key=SecretStr("")) as llm:
        llm.complete(MESSAGES)
    assert rec.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in rec.requests[1].headers


def test_stream_request_asks_for_an_event_stream() -> None:
    rec = Recorder(sse_response([sse_body("a").encode()]))
    with client(rec) as llm:
        assert list(llm.stream(MESSAGES)) == ["a"]
    assert rec.bodies[0]["stream"] is True
    assert rec.requests[0].headers["accept"] == "text/event-stream"


def test_null_content_is_an_empty_answer() -> None:
    with client(Recorder(httpx.Response(200, json=completion(None)))) as llm:
        assert llm.complete(MESSAGES) == ""


@pytest.mark.parametrize(
    "body",
    [b"<html>Bad gateway</html>", b'{"object": "list"}', b'{"choices": []}', b'{"error": {"message": "model not loaded"}}'],
)
def test_unusable_bodies_are_response_errors(body: bytes) -> None:
    with client(Recorder(httpx.Response(200, content=body))) as llm, pytest.raises(LLMResponseError) as info:
        llm.complete(MESSAGES)
    assert "LLM" in str(info.value)


def test_empty_messages_are_a_usage_error() -> None:
    with client(Recorder()) as llm, pytest.raises(UsageError):
        llm.complete([])


@pytest.mark.parametrize("url", ["localhost:8080/v1", "ftp://host/v1", "", "http://"])
def test_bad_base_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_BASE_URL"):
        LLMClient(url)


def test_from_settings_uses_the_llm_fields(tmp_path: Any) -> None:
    s = Settings(data_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1/", llm_model="m", llm_api_key=KEY,
                 llm_headers={"X-A": "1"}, llm_deadline=12, llm_max_retries=4, llm_temperature=0.5, llm_max_tokens=9)
    with LLMClient.from_settings(s) as llm:
        assert (llm.base_url, llm.model, llm.deadline, llm.max_retries, llm.temperature, llm.max_tokens) == (
            "http://127.0.0.1:9/v1", "m", 12, 4, 0.5, 9)
        assert llm.headers == {"X-A": "1"}
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_BASE_URL"):
        LLMClient.from_settings(Settings(data_dir=tmp_path))


def test_close_closes_only_a_client_it_created() -> None:
    shared = httpx.Client(transport=httpx.MockTransport(Recorder(httpx.Response(200, json=completion("x")))))
    with LLMClient(BASE, http_client=shared) as llm:
        llm.complete(MESSAGES)
    assert not shared.is_closed
    shared.close()
    own = LLMClient(BASE, transport=httpx.MockTransport(Recorder()))
    own.close()
    assert own._http.is_closed


@pytest.mark.parametrize(("status", "reachable"), [(200, True), (404, True), (401, False), (403, False), (500, False)])
def test_ping_reports_whether_the_endpoint_answers(status: int, reachable: bool) -> None:
    rec = Recorder(httpx.Response(status, json={"data": []}))
    with client(rec, api_key=KEY) as llm:
        assert llm.ping() is reachable
    assert rec.requests[0].method == "GET" and str(rec.requests[0].url) == f"{BASE}/models"
    assert rec.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_ping_is_false_when_nothing_answers() -> None:
    with client(Recorder(httpx.ConnectError("refused"))) as llm:
        assert llm.ping() is False


# ------------------------------------------------------------------------ SSE

STREAM = (
    ": keep-alive\n\n"
    "event: message\n" + chunk("The TTP ") + ": ping\n\n"
    + chunk("ended the ceasefire — in ") + "\n\n" + chunk("2022 [1].") + chunk(finish="stop") + "data: [DONE]\n\n"
)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 64, 10_000])
def test_stream_reassembles_events_split_at_any_byte(size: int) -> None:
    raw = STREAM.encode()  # the em dash is 3 bytes: small sizes split it too
    parts = [raw[i : i + size] for i in range(0, len(raw), size)]
    with client(Recorder(sse_response(parts))) as llm:
        assert "".join(llm.stream(MESSAGES)) == "The TTP ended the ceasefire — in 2022 [1]."


def test_stream_accepts_crlf_and_cr_line_endings() -> None:
    for ending in ("\r\n", "\r"):
        raw = STREAM.replace("\n", ending).encode()
        parts = [raw[i : i + 7] for i in range(0, len(raw), 7)]
        with client(Recorder(sse_response(parts))) as llm:
            assert "".join(llm.stream(MESSAGES)) == "The TTP ended the ceasefire — in 2022 [1]."


def test_stream_stops_reading_at_done() -> None:
    def parts() -> Iterator[bytes]:
        yield sse_body("one").encode()
        raise AssertionError("read past [DONE]")

    with client(Recorder(sse_response(parts()))) as llm:
        assert list(llm.stream(MESSAGES)) == ["one"]


def test_stream_ending_with_finish_reason_but_no_done_is_complete() -> None:
    with client(Recorder(sse_response([sse_body("a", "b", done=False).encode()]))) as llm:
        assert list(llm.stream(MESSAGES)) == ["a", "b"]


def test_stream_cut_short_is_a_response_error() -> None:
    with client(Recorder(sse_response([chunk("partial").encode()]))) as llm:
        seen: list[str] = []
        with pytest.raises(LLMResponseError, match="ended before"):
            seen.extend(llm.stream(MESSAGES))
    assert seen == ["partial"]


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("data: {not json}\n\n", "malformed stream event"),
        ('data: {"choices": [{"delta": {"content": "x"}\n\n', "malformed stream event"),
        ('{"choices": []}\n\n', "not server-sent events"),
        ("<html>proxy error</html>\n", "not server-sent events"),
        ('event: error\ndata: {"message": "out of memory"}\n\n', "out of memory"),
        ('data: {"error": {"message": "context too long"}}\n\n', "context too long"),
        ('data: ["a list"]\n\n', "unexpected stream event"),
    ],
)
def test_malformed_streams_are_response_errors(body: str, match: str) -> None:
    llm = client(Recorder(sse_response([chunk("ok").encode(), body.encode()])))
    with llm, pytest.raises(LLMResponseError, match=match):
        list(llm.stream(MESSAGES))


def test_a_json_answer_to_a_stream_request_is_yielded_whole() -> None:
    with client(Recorder(httpx.Response(200, json=completion("whole answer")))) as llm:
        assert list(llm.stream(MESSAGES)) == ["whole answer"]


def test_stream_skips_role_only_and_usage_chunks() -> None:
    role = 'data: {"choices": [{"index": 0, "delta": {"role": "assistant", "content": null}}]}\n\n'
    usage = 'data: {"choices": [], "usage": {"completion_tokens": 2}}\n\n'
    body = role + chunk("x") + chunk("") + chunk("y", finish="stop") + usage + "data: [DONE]\n\n"
    with client(Recorder(sse_response([body.encode()]))) as llm:
        assert list(llm.stream(MESSAGES)) == ["x", "y"]


def test_stream_is_lazy_and_closes_the_response_when_abandoned() -> None:
    closed: list[bool] = []

    class Body(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield chunk("first").encode()
            yield chunk("second").encode()

        def close(self) -> None:
            closed.append(True)

    rec = Recorder(httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Body()))
    with client(rec) as llm:
        pieces = llm.stream(MESSAGES)
        assert rec.requests == []  # nothing sent before iteration
        assert next(iter(pieces)) == "first"
        pieces.close()  # type: ignore[attr-defined]
    assert closed == [True]


@hsettings(max_examples=150, deadline=None)
@given(
    events=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30),
                    min_size=1, max_size=6),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_sse_decoder_yields_the_same_events_however_the_text_is_split(
    events: list[str], cuts: list[int], ending: str
) -> None:
    text = "".join(f": comment{ending}data: {e}{ending}{ending}" for e in events)
    decoder = SSEDecoder()
    got: list[SSEEvent] = []
    last = 0
    for cut in sorted({min(c, len(text)) for c in cuts}) + [len(text)]:
        got.extend(decoder.feed(text[last:cut]))
        last = cut
    got.extend(decoder.flush())
    assert [e.data for e in got] == events


def test_sse_decoder_joins_multiline_data_and_keeps_event_names() -> None:
    decoder = SSEDecoder()
    assert decoder.feed("event: update\ndata: a\ndata:b\nid: 3\nretry: 10\n") == []
    assert decoder.feed("\n") == [SSEEvent(event="update", data="a\nb")]
    assert decoder.feed("data: tail") == []
    assert decoder.flush() == [SSEEvent(event="", data="tail")]


# -------------------------------------------------------------------- retries


def test_retries_transient_statuses_then_succeeds() -> None:
    rec = Recorder(httpx.Response(503), httpx.Response(502), httpx.Response(200, json=completion("ok")))
    sleeps: list[float] = []
    with client(rec, sleeps, max_retries=2) as llm:
        assert llm.complete(MESSAGES) == "ok"
    assert len(rec.requests) == 3
    assert len(sleeps) == 2 and 0 < sleeps[0] <= sleeps[1]


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_gives_up_after_max_retries_with_the_status(status: int) -> None:
    rec = Recorder(httpx.Response(status, json={"error": {"message": "busy"}}))
    sleeps: list[float] = []
    with client(rec, sleeps, max_retries=3) as llm, pytest.raises(LLMStatusError) as info:
        llm.complete(MESSAGES)
    assert info.value.status_code == status
    assert len(rec.requests) == 4 and len(sleeps) == 3
    assert "busy" in str(info.value) and "gave up after 4 attempts" in str(info.value)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(status: int) -> None:
    rec = Recorder(httpx.Response(status, text="nope"))
    sleeps: list[float] = []
    with client(rec, sleeps) as llm, pytest.raises(LLMStatusError) as info:
        llm.complete(MESSAGES)
    assert info.value.status_code == status and len(rec.requests) == 1 and sleeps == []


def test_retry_after_seconds_is_honoured() -> None:
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(200, json=completion("ok")))
    sleeps: list[float] = []
    with client(rec, sleeps, deadline=30) as llm:
        assert llm.complete(MESSAGES) == "ok"
    assert sleeps == [2.0]


def test_retry_after_http_date_is_honoured() -> None:
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    rec = Recorder(httpx.Response(503, headers={"Retry-After": when}), httpx.Response(200, json=completion("ok")))
    sleeps: list[float] = []
    with client(rec, sleeps, deadline=30) as llm:
        assert llm.complete(MESSAGES) == "ok"
    assert len(sleeps) == 1 and 2 < sleeps[0] <= 4


def test_retry_after_beyond_the_deadline_fails_at_once() -> None:
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "120"}), httpx.Response(200, json=completion("ok")))
    sleeps: list[float] = []
    with client(rec, sleeps, deadline=5) as llm, pytest.raises(LLMStatusError) as info:
        llm.complete(MESSAGES)
    assert sleeps == [] and len(rec.requests) == 1
    assert "120 s" in str(info.value) and "deadline" in str(info.value)


def test_backoff_that_would_pass_the_deadline_is_not_started() -> None:
    rec = Recorder(httpx.Response(500))
    sleeps: list[float] = []
    with client(rec, sleeps, deadline=1, backoff_base=10, max_retries=5) as llm, pytest.raises(LLMStatusError):
        llm.complete(MESSAGES)
    assert sleeps == [] and len(rec.requests) == 1


def test_connect_errors_are_retried_then_reported() -> None:
    rec = Recorder(httpx.ConnectError("[Errno 111] Connection refused"))
    sleeps: list[float] = []
    with client(rec, sleeps, max_retries=2) as llm, pytest.raises(LLMConnectionError) as info:
        llm.complete(MESSAGES)
    assert len(rec.requests) == 3 and len(sleeps) == 2
    assert "llm.test" in str(info.value) and "ASSISTANT_LLM_BASE_URL" in str(info.value)


def test_read_timeouts_are_not_retried() -> None:
    rec = Recorder(httpx.ReadTimeout("timed out"))
    sleeps: list[float] = []
    with client(rec, sleeps) as llm, pytest.raises(LLMTimeoutError):
        llm.complete(MESSAGES)
    assert len(rec.requests) == 1 and sleeps == []


def test_stream_is_not_retried_once_text_was_yielded() -> None:
    def broken() -> Iterator[bytes]:
        yield chunk("half an ans").encode()
        raise httpx.RemoteProtocolError("peer closed connection")

    rec = Recorder(sse_response(broken()), httpx.Response(200, json=completion("again")))
    seen: list[str] = []
    with client(rec) as llm, pytest.raises(LLMConnectionError):
        seen.extend(llm.stream(MESSAGES))
    assert seen == ["half an ans"] and len(rec.requests) == 1


def test_stream_retries_before_the_body_starts() -> None:
    rec = Recorder(httpx.Response(503), sse_response([sse_body("fine").encode()]))
    with client(rec) as llm:
        assert list(llm.stream(MESSAGES)) == ["fine"]
    assert len(rec.requests) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), (" 0.5 ", 0.5), ("-4", 0.0), ("soon", None), ("", None), (None, None),
     ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0), ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0)],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert retry_after_seconds(value, now=now) == expected


# ------------------------------------------------------------------- deadline


def test_socket_timeouts_never_exceed_the_deadline() -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=completion("ok"))

    with client(handler, connect_timeout=5, read_timeout=50, deadline=2) as llm:
        llm.complete(MESSAGES)
    assert seen[0]["connect"] <= 2 and seen[0]["read"] <= 2 and seen[0]["pool"] <= 2


def test_a_slow_body_passes_the_deadline() -> None:
    def slow() -> Iterator[bytes]:
        yield b'{"choices": '
        time.sleep(0.3)
        yield b'[{"message": {"content": "late"}}]}'

    llm = client(Recorder(httpx.Response(200, content=slow())), deadline=0.1)
    with llm, pytest.raises(LLMTimeoutError, match="0.1 s deadline"):
        llm.complete(MESSAGES)


def test_a_slow_stream_passes_the_deadline_after_some_text() -> None:
    def slow() -> Iterator[bytes]:
        for word in ("a", "b", "c", "d"):
            yield chunk(word).encode()
            time.sleep(0.1)
        yield b"data: [DONE]\n\n"

    seen: list[str] = []
    with client(Recorder(sse_response(slow()))) as llm, pytest.raises(LLMTimeoutError):
        seen.extend(llm.stream(MESSAGES, deadline=0.15))
    assert 1 <= len(seen) < 4


# ---------------------------------------------------------- error translation


def _req() -> httpx.Request:
    return httpx.Request("POST", BASE + "/chat/completions")


HTTPX_ERRORS: list[tuple[Callable[[], Exception], type[LLMError]]] = [
    (lambda: httpx.ConnectError("refused", request=_req()), LLMConnectionError),
    (lambda: httpx.ConnectTimeout("connect timed out", request=_req()), LLMTimeoutError),
    (lambda: httpx.ReadTimeout("read timed out", request=_req()), LLMTimeoutError),
    (lambda: httpx.WriteTimeout("write timed out", request=_req()), LLMTimeoutError),
    (lambda: httpx.PoolTimeout("pool timed out", request=_req()), LLMTimeoutError),
    (lambda: httpx.ReadError("reset by peer", request=_req()), LLMConnectionError),
    (lambda: httpx.WriteError("broken pipe", request=_req()), LLMConnectionError),
    (lambda: httpx.CloseError("close failed", request=_req()), LLMConnectionError),
    (lambda: httpx.RemoteProtocolError("server disconnected", request=_req()), LLMConnectionError),
    (lambda: httpx.LocalProtocolError("bad header", request=_req()), LLMConnectionError),
    (lambda: httpx.ProxyError("proxy refused", request=_req()), LLMConnectionError),
    (lambda: httpx.UnsupportedProtocol("no such scheme", request=_req()), LLMConnectionError),
    (lambda: httpx.DecodingError("bad gzip", request=_req()), LLMResponseError),
    (lambda: httpx.TooManyRedirects("loop", request=_req()), LLMResponseError),
    (lambda: httpx.InvalidURL("bad url"), LLMConnectionError),
    (lambda: httpx.StreamConsumed(), LLMResponseError),
    (lambda: httpx.StreamClosed(), LLMResponseError),
    (lambda: httpx.ResponseNotRead(), LLMResponseError),
    (lambda: httpx.CookieConflict("two cookies"), LLMResponseError),
    (lambda: httpx.HTTPStatusError("bad", request=_req(), response=httpx.Response(502, request=_req())), LLMStatusError),
]
ERROR_IDS = [type(make()).__name__ for make, _ in HTTPX_ERRORS]


@pytest.mark.parametrize(("make", "expected"), HTTPX_ERRORS, ids=ERROR_IDS)
@pytest.mark.parametrize("call", ["complete", "stream", "stream-body", "complete-body"])
def test_no_httpx_exception_escapes(make: Callable[[], Exception], expected: type[LLMError], call: str) -> None:
    def raising_body() -> Iterator[bytes]:
        yield chunk("x").encode()
        raise make()

    if call.endswith("-body"):
        rec = Recorder(httpx.Response(200, headers={"content-type": "text/event-stream"}, content=raising_body()))
    else:
        rec = Recorder(make())
    with client(rec, max_retries=1) as llm, pytest.raises(LLMError) as info:
        if call.startswith("stream"):
            list(llm.stream(MESSAGES))
        else:
            llm.complete(MESSAGES)
    assert isinstance(info.value, expected)
    assert not isinstance(info.value, httpx.HTTPError)
    assert isinstance(info.value.__cause__, Exception) and type(info.value.__cause__).__module__.startswith("httpx")
    assert str(info.value).count("\n") == 0 and info.value.hint


@pytest.mark.parametrize(("make", "expected"), HTTPX_ERRORS, ids=ERROR_IDS)
def test_no_httpx_exception_escapes_the_async_client(make: Callable[[], Exception], expected: type[LLMError]) -> None:
    async def run() -> None:
        async with aclient(Recorder(make()), max_retries=1) as llm:
            with pytest.raises(LLMError) as info:
                await llm.acomplete(MESSAGES)
            assert isinstance(info.value, expected)
            with pytest.raises(expected):
                async for _ in llm.astream(MESSAGES):
                    pass
            assert await llm.aping() is False

    asyncio.run(run())


# -------------------------------------------------------------------- secrets


def test_the_key_never_shows_in_repr_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    echo = {"error": {"message": f"Incorrect API key provided: {KEY}"}}
    rec = Recorder(httpx.Response(500, json=echo), httpx.ConnectError(f"failed for {KEY}"), httpx.Response(401, json=echo))
    caplog.set_level(logging.DEBUG)
    with client(rec, api_key=SecretStr(KEY), max_retries=2) as llm:
        assert KEY not in repr(llm) and "api_key=set" in repr(llm)
        with pytest.raises(LLMStatusError) as info:
            llm.complete(MESSAGES)
    assert info.value.status_code == 401
    assert KEY not in str(info.value) and KEY not in info.value.message and "***" in str(info.value)
    assert rec.requests[0].headers["authorization"] == f"Bearer {KEY}"  # it was sent, just never shown
    assert caplog.records, "retries are logged"
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_credentials_in_the_base_url_are_not_shown() -> None:
    rec = Recorder(httpx.ConnectError("refused"))
    with client(rec, base_url="http://user:hunter2@llm.test/v1", max_retries=0) as llm:
        assert "hunter2" not in repr(llm)
        with pytest.raises(LLMConnectionError) as info:
            llm.complete(MESSAGES)
    assert "hunter2" not in str(info.value)


# ---------------------------------------------------------------------- async


def aclient(handler: Handler, sleeps: list[float] | None = None, **config: Any) -> AsyncLLMClient:
    sink = sleeps if sleeps is not None else []

    async def record(seconds: float) -> None:
        sink.append(seconds)

    return AsyncLLMClient(BASE, transport=httpx.MockTransport(handler), sleep=record, **config)


def async_sse(parts: list[bytes]) -> httpx.Response:
    async def gen() -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=gen())


def test_async_complete_and_stream() -> None:
    raw = STREAM.encode()
    rec = Recorder(httpx.Response(200, json=completion("hello")), async_sse([raw[i : i + 3] for i in range(0, len(raw), 3)]))

    async def run() -> tuple[str, list[str]]:
        async with aclient(rec, api_key=KEY) as llm:
            return await llm.acomplete(MESSAGES), [t async for t in llm.astream(MESSAGES)]

    text, pieces = asyncio.run(run())
    assert text == "hello" and "".join(pieces) == "The TTP ended the ceasefire — in 2022 [1]."
    assert [b["stream"] for b in rec.bodies] == [False, True]
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in rec.requests)


def test_async_retries_honour_retry_after() -> None:
    rec = Recorder(httpx.Response(503, headers={"Retry-After": "1"}), httpx.Response(200, json=completion("ok")))
    sleeps: list[float] = []

    async def run() -> str:
        async with aclient(rec, sleeps) as llm:
            return await llm.acomplete(MESSAGES)

    assert asyncio.run(run()) == "ok" and sleeps == [1.0] and len(rec.requests) == 2


def test_async_gives_up_after_max_retries() -> None:
    rec = Recorder(httpx.Response(500))
    sleeps: list[float] = []

    async def run() -> None:
        async with aclient(rec, sleeps, max_retries=2) as llm:
            await llm.acomplete(MESSAGES)

    with pytest.raises(LLMStatusError) as info:
        asyncio.run(run())
    assert info.value.status_code == 500 and len(rec.requests) == 3 and len(sleeps) == 2


def test_async_malformed_stream_is_a_response_error() -> None:
    rec = Recorder(async_sse([b"data: {oops\n\n"]))

    async def run() -> None:
        async with aclient(rec) as llm:
            async for _ in llm.astream(MESSAGES):
                pass

    with pytest.raises(LLMResponseError, match="malformed"):
        asyncio.run(run())
