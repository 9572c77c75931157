"""Fixtures: a real llama.cpp server, and three faulty endpoints on loopback.

* ``llama_server``: base URL (``.../v1``) of a real llama.cpp server running the
  SmolLM2-135M GGUF (session-scoped; skipped only when xllamacpp or the GGUF is
  not installed).
* ``closed_port_url``: a port held but not listening: connections are refused.
* ``hanging_server_url``: accepts connections and never answers.
* ``error_server_url``: answers HTTP 500 to every request; ``error_server``
  gives the same server with its request count.

Every server binds 127.0.0.1 only and is stopped at teardown.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

HOST = "127.0.0.1"
TEST_THREADS = 1


@pytest.fixture(scope="session")
def local_llm() -> Iterator[object]:
    """The running :class:`~assistant.llm.local.LocalLLMServer` (SmolLM2-135M)."""
    if importlib.util.find_spec("xllamacpp") is None:
        pytest.skip("xllamacpp is not installed (pip install xllamacpp)")
    from assistant.errors import ConfigError
    from assistant.llm._local import LocalLLMServer, default_gguf

    try:
        default_gguf()
    except ConfigError as exc:
        pytest.skip(str(exc))
    # One thread: on a shared 2-core machine two llama.cpp threads wait on each other
    # whenever a core is taken (measured: about 1 token/s with 2 threads, 30 with 1).
    with LocalLLMServer(threads=TEST_THREADS) as server:
        yield server


@pytest.fixture(scope="session")
def llama_server(local_llm: object) -> str:
    """Base URL of a real llama.cpp server, e.g. ``http://127.0.0.1:PORT/v1``."""
    return local_llm.base_url  # type: ignore[attr-defined]


@pytest.fixture()
def closed_port_url() -> Iterator[str]:
    """A URL whose port is bound but not listening, so connecting is refused at once.

    Holding the bound socket (rather than closing it) keeps any other process
    from taking the port while the test runs.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    try:
        yield f"http://{HOST}:{sock.getsockname()[1]}/v1"
    finally:
        sock.close()


@pytest.fixture()
def hanging_server_url() -> Iterator[str]:
    """A server that accepts every connection, reads, and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))
    listener.listen(16)
    listener.settimeout(0.1)
    stop = threading.Event()
    held: list[socket.socket] = []

    def run() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)

    thread = threading.Thread(target=run, name="hanging-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


@dataclass
class ErrorServer:
    """A tiny HTTP server answering 500 with an OpenAI-style error body."""

    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture()
def error_server() -> Iterator[ErrorServer]:
    record = ErrorServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def _fail(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            record.requests.append(f"{self.command} {self.path}")
            body = json.dumps({"error": {"message": "internal failure", "type": "server_error"}}).encode()
            self.send_response(500)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _fail

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    server.daemon_threads = True
    record.url = f"http://{HOST}:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def error_server_url(error_server: ErrorServer) -> str:
    """A real HTTP server on loopback answering 500 to everything."""
    return error_server.url
