"""Fixtures: a real Streamlit server and a real headless Chromium driven over DevTools.

``chromium_path``   session: a Chromium on PATH; without one the test is skipped with
                    the reason (``.ci/run`` installs Debian's chromium first).
``streamlit_corpus`` the app's corpus folder (a temp copy of the study).
``streamlit_url``   ``streamlit run streamlit_app.py`` on a free loopback port over
                    ``streamlit_corpus``, its data in a temp dir.
``browser``         a :class:`DevTools` client on a fresh headless Chromium page.

Every process is started in its own session and stopped (its process group
only) at teardown.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.plugins.processes import stop_process

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md"
_STARTUP_LIMIT = 90.0  # seconds to wait for a process to come up before failing the test


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path) -> bytes:
    deadline = time.monotonic() + _STARTUP_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"process exited with {process.returncode} before {url} answered:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {_STARTUP_LIMIT:.0f}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of a Chromium binary; the browser tests are skipped (with the reason) without one.

    The test suite never installs anything: ``.ci/run`` installs Debian's ``chromium``
    as an explicit step before the tests, so CI always runs these tests.
    """
    found = _find_chromium()
    if not found:
        reason = (
            "no Chromium on PATH (chromium, chromium-browser, google-chrome): "
            "install it (Debian: apt-get install -y chromium) to run the browser tests"
        )
        print(reason)
        pytest.skip(reason)
    return found


@pytest.fixture()
def streamlit_corpus(tmp_path: Path) -> Path:
    """The corpus folder the app serves (a copy of the study); add files before opening a page."""
    corpus = tmp_path / "st-corpus"
    corpus.mkdir()
    shutil.copy(STUDY, corpus / STUDY.name)
    return corpus


@pytest.fixture()
def streamlit_url(tmp_path: Path, streamlit_corpus: Path) -> Iterator[str]:
    """The URL of a running ``streamlit run streamlit_app.py`` over ``streamlit_corpus``."""
    corpus = streamlit_corpus
    home = tmp_path / "st-home"
    home.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(corpus),
        "ASSISTANT_DATA_DIR": str(tmp_path / "st-data"),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    log = tmp_path / "streamlit.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_http(f"{url}/_stcore/health", process, log)
        yield url
    finally:
        stop_process(process)


class DevTools:
    """A minimal Chrome DevTools Protocol client for one page target."""

    def __init__(self, ws_url: str, timeout: float = 30.0) -> None:
        import websocket  # websocket-client; only the browser tests need it

        self._ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self._ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its ``result``; events in between are dropped."""
        ident = next(self._ids)
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") != ident:
                continue
            if "error" in message:
                raise RuntimeError(f"{method} failed: {message['error']}")
            return dict(message.get("result", {}))

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, limit: float, what: str) -> Any:
        """Poll ``expression`` until it is truthy; fail the test after ``limit`` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.25)
        page = self.evaluate("document.body ? document.body.innerText : ''") or ""
        pytest.fail(f"timed out after {limit:.0f}s waiting for {what}; the page shows:\n{page[-2000:]}")

    def type_text(self, text: str) -> None:
        self.call("Input.insertText", text=text)

    def press_enter(self) -> None:
        key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
        self.call("Input.dispatchKeyEvent", type="keyDown", text="\r", **key)
        self.call("Input.dispatchKeyEvent", type="keyUp", **key)

    def screenshot(self, path: Path) -> Path:
        import base64

        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self._ws.close()


@pytest.fixture()
def browser(chromium_path: str, tmp_path: Path) -> Iterator[DevTools]:
    """A headless Chromium page under DevTools control."""
    port = free_port()
    profile = tmp_path / "chromium-profile"
    log = tmp_path / "chromium.log"
    # Chromium puts its singleton socket in a folder of its own under TMPDIR and leaves it when
    # stopped: a short folder of ours (a socket path has at most 107 bytes), removed below.
    scratch = tempfile.mkdtemp(prefix="chromium-")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                chromium_path,
                f"--remote-debugging-port={port}",
                "--remote-debugging-address=127.0.0.1",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1500",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "HOME": str(tmp_path), "TMPDIR": scratch},
        )
    client: DevTools | None = None
    try:
        _wait_http(f"http://127.0.0.1:{port}/json/version", process, log)
        targets = json.loads(_wait_http(f"http://127.0.0.1:{port}/json/list", process, log))
        page = next((t for t in targets if t.get("type") == "page"), None)
        if page is None:
            pytest.fail(f"Chromium offered no page target: {targets}")
        client = DevTools(page["webSocketDebuggerUrl"])
        client.call("Page.enable")
        client.call("Runtime.enable")
        yield client
    finally:
        if client is not None:
            client.close()
        stop_process(process)
        shutil.rmtree(scratch, ignore_errors=True)
