"""Fixtures: a real Chroma server, and Chroma URLs that fail in the two usual ways.

``chroma_server_url``       session: ``chroma run --path <tmp> --host 127.0.0.1 --port <free>``
                            (the CLI installed with chromadb), its URL once
                            ``/api/v2/heartbeat`` answers; stopped at the end.
``chroma_closed_url``       a bound port that is not listening: connections are refused.
``chroma_hanging_url``      a socket that accepts connections and never answers.

Every server binds 127.0.0.1 only; every process is started in its own session
and stopped (its process group only) at teardown.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.processes import stop_process

HOST = "127.0.0.1"
_STARTUP_LIMIT = 60.0  # seconds for `chroma run` to answer its heartbeat before the test fails


def _chroma_cli() -> str | None:
    beside_python = Path(sys.executable).with_name("chroma")
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("chroma")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_heartbeat(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _STARTUP_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`chroma run` exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"`chroma run` did not answer at {url} within {_STARTUP_LIMIT:.0f}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL (``http://127.0.0.1:PORT``) of a real Chroma server over a temp directory."""
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the `chroma` CLI is not installed (pip install chromadb)")
    root = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    log = root / "chroma.log"
    env = {**os.environ, "HOME": str(root), "XDG_CACHE_HOME": str(root / ".cache"), "ANONYMIZED_TELEMETRY": "False"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [cli, "run", "--path", str(root / "db"), "--host", HOST, "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    url = f"http://{HOST}:{port}"
    try:
        _wait_heartbeat(url, process, log)
        yield url
    finally:
        stop_process(process)


@pytest.fixture()
def chroma_closed_url(closed_port_url: str) -> str:
    """A Chroma URL whose port is bound but not listening (the LLM plugin's fault server)."""
    return closed_port_url.removesuffix("/v1")


@pytest.fixture()
def chroma_hanging_url(hanging_server_url: str) -> str:
    """A Chroma URL served by a socket that accepts and never answers (the LLM plugin's fault server)."""
    return hanging_server_url.removesuffix("/v1")


# -- consistency of an index with its corpus (shared by the ingest, crash and concurrency tests) --


def expected_chunk_ids(settings: object) -> dict[str, set[str]]:
    """Chunk ids per source that ingesting ``settings.corpus_dir`` must produce (unreadable files left out)."""
    from assistant import documents as loaders
    from assistant.documents import chunk_document
    from assistant.errors import LoaderError

    corpus = settings.corpus_dir  # type: ignore[attr-defined]
    files, _ = loaders.discover(corpus)
    out: dict[str, set[str]] = {}
    for path in files:
        try:
            document = loaders.load(path, corpus_dir=corpus)
        except LoaderError:
            continue
        chunks = chunk_document(
            document,
            size=settings.chunk_size,  # type: ignore[attr-defined]
            overlap=settings.chunk_overlap,  # type: ignore[attr-defined]
        )
        if chunks:
            out[document.source] = {c.id for c in chunks}
    return out


def index_state(settings: object) -> tuple[dict[str, set[str]], dict[str, object]]:
    """``(chunk ids per source, document records)`` as stored in the index of ``settings``."""
    from assistant.index import ChromaStore
    from assistant.index import DIMENSIONS, MODEL_ID

    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)  # type: ignore[arg-type]
    try:
        sources = store.chunk_sources()
        # Chroma ids are unique per collection, so a duplicate would show up as a count mismatch.
        assert store.count() == len(sources)
        by_source: dict[str, set[str]] = {}
        for cid, source in sources.items():
            by_source.setdefault(source, set()).add(cid)
        stored_vectors, needed_vectors = store.vector_keys()
        # Every complete document has its sentence vectors (a killed ingest may leave extra ones).
        assert needed_vectors <= stored_vectors
        return by_source, dict(store.records())
    finally:
        store.close()


def assert_index_matches_corpus(settings: object) -> None:
    """The index holds exactly the corpus's chunks: none missing, duplicated or orphaned, every record complete."""
    expected = expected_chunk_ids(settings)
    stored, records = index_state(settings)
    assert stored == expected
    assert set(records) == set(expected)
    incomplete = {s: r.status for s, r in records.items() if r.status != "complete"}  # type: ignore[attr-defined]
    assert incomplete == {}
    counts = {s: r.chunks for s, r in records.items()}  # type: ignore[attr-defined]
    assert counts == {s: len(ids) for s, ids in expected.items()}
    assert_vectors_match_records(settings)


def assert_vectors_match_records(settings: object) -> None:
    """The sentence-vector blobs are exactly those of the complete documents: none missing or left over."""
    from assistant.index import ChromaStore
    from assistant.index import DIMENSIONS, MODEL_ID

    store = ChromaStore(settings, model_id=MODEL_ID, dimensions=DIMENSIONS)  # type: ignore[arg-type]
    try:
        stored, needed = store.vector_keys()
        assert stored == needed
    finally:
        store.close()
