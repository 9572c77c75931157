"""The client, the LangChain chat model and the local server against a real
llama.cpp server (SmolLM2-135M via xllamacpp) and real faulty servers on loopback.

SmolLM2-135M writes poor answers: these tests check the protocol, streaming and
error handling across a real socket, not answer quality. Figures are printed
(run with ``-s``), never asserted.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, SystemMessage

from assistant.errors import LLMConnectionError, LLMStatusError, LLMTimeoutError, UsageError
from assistant.llm._chat_model import AssistantChatModel
from assistant.llm._client import AsyncLLMClient, LLMClient
from assistant.llm._local import LocalLLMServer, default_gguf
from assistant.answering._prompts import build_answer_messages, build_rewrite_messages, clean_rewrite, parse_markers
from tests.plugins.llm_server import TEST_THREADS, ErrorServer

pytestmark = pytest.mark.llm

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]
GREEDY: dict[str, Any] = {"temperature": 0, "seed": 1}


@pytest.fixture()
def llm(llama_server: str) -> Any:
    with LLMClient(llama_server, max_tokens=32, deadline=60) as client:
        yield client


# ------------------------------------------------------------------ the client


def test_ping_complete_and_stream_against_llama_cpp(llm: LLMClient) -> None:
    assert llm.ping() is True
    text = llm.complete(HELLO, **GREEDY)
    pieces = list(llm.stream(HELLO, **GREEDY))
    assert text.strip()
    assert len(pieces) > 1, "a real stream arrives in several deltas"
    assert "".join(pieces) == text  # greedy decoding: same text either way


def test_max_tokens_and_stop_reach_the_server(llm: LLMClient) -> None:
    short = list(llm.stream([{"role": "user", "content": "Count from one to fifty in words."}], max_tokens=4, **GREEDY))
    assert 1 <= len(short) <= 4
    full = llm.complete([{"role": "user", "content": "Write the numbers 1, 2, 3, 4, 5 separated by commas."}], **GREEDY)
    assert full.strip()
    first = full.strip()[0]
    stopped = llm.complete([{"role": "user", "content": "Write the numbers 1, 2, 3, 4, 5 separated by commas."}],
                           stop=[first], **GREEDY)
    assert first not in stopped


def test_async_client_against_llama_cpp(llama_server: str) -> None:
    async def run() -> tuple[str, list[str], bool]:
        async with AsyncLLMClient(llama_server, max_tokens=24) as client:
            text = await client.acomplete(HELLO, **GREEDY)
            pieces = [p async for p in client.astream(HELLO, **GREEDY)]
            return text, pieces, await client.aping()

    text, pieces, reachable = asyncio.run(run())
    assert text.strip() and "".join(pieces) == text and reachable


def test_answer_and_rewrite_prompts_round_trip(llm: LLMClient) -> None:
    passages = [(1, "Study", "The TTP ended its ceasefire with the government in November 2022."),
                (2, "Study", "Attacks rose sharply in Khyber Pakhtunkhwa after that.")]
    answer = llm.complete(build_answer_messages("When did the TTP end its ceasefire?", passages), max_tokens=80, **GREEDY)
    parsed = parse_markers(answer)
    assert answer.strip() and parsed
    assert all(sentence.strip() and "[" not in sentence for sentence, _ in parsed if _)
    follow_up = "When did they end it?"
    rewrite = llm.complete(build_rewrite_messages([("user", "What is the TTP?"), ("assistant", "A militant group.")],
                                                  follow_up), max_tokens=40, **GREEDY)
    question = clean_rewrite(rewrite)
    # Either a one-line question, or "" (no question in the reply: the offline resolution is kept).
    assert "\n" not in question
    assert not question or clean_rewrite(question) == question
    print(f"\nanswer: {answer!r}\nparsed: {parsed}\nrewrite: {question!r}")


def test_throughput_figures(local_llm: LocalLLMServer, llm: LLMClient) -> None:
    prompt = [{"role": "user", "content": "Describe the history of Pakistan in detail."}]
    started = time.monotonic()
    first: float | None = None
    count = 0
    for _ in llm.stream(prompt, max_tokens=128, **GREEDY):
        first = first or time.monotonic()
        count += 1
    ended = time.monotonic()
    assert count > 8
    assert first is not None
    rate = (count - 1) / (ended - first) if ended > first else float("nan")
    print(f"\nserver start {local_llm.startup_seconds:.2f} s; first delta after {first - started:.3f} s; "
          f"{count} deltas at {rate:.0f} tokens/s")


# ---------------------------------------------------------- LangChain wrapper


class Tokens(BaseCallbackHandler):
    def __init__(self) -> None:
        self.tokens: list[str] = []

    def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        self.tokens.append(token)


def test_chat_model_invoke_stream_and_batch(llama_server: str) -> None:
    with LLMClient(llama_server, max_tokens=24) as client:
        model = AssistantChatModel(client=client)
        messages = [SystemMessage("You are brief."), HumanMessage("Say hello.")]
        reply = model.invoke(messages, temperature=0, seed=1)
        assert isinstance(reply, AIMessage) and reply.text.strip()
        handler = Tokens()
        chunks = list(model.stream(messages, temperature=0, seed=1, config={"callbacks": [handler]}))
        assert len(chunks) > 1 and all(isinstance(c, AIMessageChunk) for c in chunks)
        assert "".join(c.text for c in chunks) == reply.text
        assert "".join(handler.tokens) == reply.text
        batch = model.batch(["Say yes.", "Say no."], max_tokens=8)
        assert len(batch) == 2 and all(m.text.strip() for m in batch)
        assert model._llm_type and model._identifying_params["base_url"] == llama_server


def test_chat_model_async_with_and_without_an_async_client(llama_server: str) -> None:
    async def run(model: AssistantChatModel) -> tuple[str, str]:
        reply = await model.ainvoke("Say hello.", temperature=0, seed=1)
        chunks = [c.text async for c in model.astream("Say hello.", temperature=0, seed=1)]
        return reply.text, "".join(chunks)

    with LLMClient(llama_server, max_tokens=16) as client:
        fallback = asyncio.run(run(AssistantChatModel(client=client)))

        async def native() -> tuple[str, str]:
            async with AsyncLLMClient(llama_server, max_tokens=16) as aclient:
                return await run(AssistantChatModel(client=client, async_client=aclient))

        direct = asyncio.run(native())
    assert fallback[0].strip() and fallback[0] == fallback[1]
    assert direct == fallback


def test_chat_model_from_settings_owns_its_clients(llama_server: str, tmp_path: Path) -> None:
    from assistant.config import Settings

    model = AssistantChatModel.from_settings(Settings(data_dir=tmp_path, llm_base_url=llama_server, llm_max_tokens=8))
    assert model.invoke("Say hi.").text.strip()
    model.close()
    assert model.client._http.is_closed


def test_chat_model_errors_are_assistant_errors(closed_port_url: str) -> None:
    with LLMClient(closed_port_url, max_retries=0) as client:
        model = AssistantChatModel(client=client)
        with pytest.raises(LLMConnectionError):
            model.invoke("hello")
        with pytest.raises(LLMConnectionError):
            list(model.stream("hello"))


# ------------------------------------------------------------- fault servers


def _timed(call: Any) -> tuple[BaseException | None, float]:
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - returned for the assertion
        return exc, time.monotonic() - started
    return None, time.monotonic() - started


@pytest.mark.parametrize("mode", ["complete", "stream"])
def test_closed_port_is_a_connection_error(closed_port_url: str, mode: str) -> None:
    with LLMClient(closed_port_url, deadline=3, max_retries=2) as client:
        assert client.ping() is False
        call = (lambda: client.complete(HELLO)) if mode == "complete" else (lambda: list(client.stream(HELLO)))
        error, seconds = _timed(call)
    assert isinstance(error, LLMConnectionError), error
    assert "ASSISTANT_LLM_BASE_URL" in str(error)
    print(f"\nclosed port ({mode}): {type(error).__name__} after {seconds:.2f} s")


@pytest.mark.parametrize("mode", ["complete", "stream"])
def test_hanging_server_is_a_timeout_within_the_deadline(hanging_server_url: str, mode: str) -> None:
    with LLMClient(hanging_server_url, deadline=1.0, read_timeout=30, max_retries=2) as client:
        call = (lambda: client.complete(HELLO)) if mode == "complete" else (lambda: list(client.stream(HELLO)))
        error, seconds = _timed(call)
    assert isinstance(error, LLMTimeoutError), error
    assert "deadline" in str(error)
    print(f"\nhanging server ({mode}): {type(error).__name__} after {seconds:.2f} s (deadline 1.0 s)")


@pytest.mark.parametrize("mode", ["complete", "stream"])
def test_error_server_is_a_status_error_after_bounded_retries(error_server: ErrorServer, mode: str) -> None:
    with LLMClient(error_server.url, deadline=10, max_retries=2) as client:
        assert client.ping() is False
        before = len(error_server.requests)
        call = (lambda: client.complete(HELLO)) if mode == "complete" else (lambda: list(client.stream(HELLO)))
        error, seconds = _timed(call)
    assert isinstance(error, LLMStatusError), error
    assert error.status_code == 500 and "internal failure" in str(error)
    assert error_server.requests[before:] == ["POST /v1/chat/completions"] * 3
    print(f"\nerror server ({mode}): HTTP 500 after 3 attempts in {seconds:.2f} s")


def test_async_client_against_the_fault_servers(
    closed_port_url: str, hanging_server_url: str, error_server_url: str
) -> None:
    async def run(url: str, **config: Any) -> BaseException | None:
        async with AsyncLLMClient(url, **config) as client:
            try:
                await client.acomplete(HELLO)
            except BaseException as exc:  # noqa: BLE001 - returned for the assertion
                return exc
        return None

    assert isinstance(asyncio.run(run(closed_port_url, max_retries=1)), LLMConnectionError)
    assert isinstance(asyncio.run(run(hanging_server_url, deadline=0.5)), LLMTimeoutError)
    error = asyncio.run(run(error_server_url, max_retries=0))
    assert isinstance(error, LLMStatusError) and error.status_code == 500


# ------------------------------------------------------------- the local server


def test_local_server_lifecycle() -> None:
    server = LocalLLMServer(default_gguf(), threads=TEST_THREADS, startup_timeout=60)
    with pytest.raises(UsageError, match="not running"):
        _ = server.base_url
    with server:
        url = server.base_url
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        with LLMClient(url, max_tokens=4) as client:
            assert client.ping() and client.complete(HELLO).strip()
        assert server.startup_seconds is not None
        print(f"\nlocal server ready in {server.startup_seconds:.2f} s")
    server.stop()  # idempotent
    with LLMClient(url, max_retries=0) as client:
        assert client.ping() is False


def test_run_forever_returns_when_stopped(local_llm: LocalLLMServer) -> None:
    server = LocalLLMServer(local_llm.model_path, threads=TEST_THREADS).start()
    threading.Timer(0.3, server.stop).start()
    server.run_forever()
    assert not server.running


def test_local_server_rejects_files_that_are_not_gguf(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"not a model")
    with pytest.raises(UsageError, match="not a GGUF"):
        LocalLLMServer(fake)
    with pytest.raises(UsageError, match="No model file"):
        LocalLLMServer(tmp_path / "missing.gguf")
