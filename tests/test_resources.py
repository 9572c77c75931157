"""A process that opens and closes assistants keeps no files open: chromadb holds one System
per index path (sqlite connection, segment files) until its client is closed, and the
vocabulary's vectors are a memory-mapped file."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.testing import HashingEmbedder

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")


def _open_files() -> list[str]:
    names = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            names.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass  # the descriptor listdir itself used, already closed
    return names


def test_closing_an_assistant_releases_its_index_files(corpus_dir: Path, tmp_path: Path) -> None:
    for i in range(4):
        data = tmp_path / f"data{i}"
        with Assistant(Settings(corpus_dir=corpus_dir, data_dir=data), embedder=HashingEmbedder()) as assistant:
            assistant.ingest()
            assert assistant.ask("Who wrote the study?").citations
        gc.collect()  # chromadb's collection objects sit in reference cycles until collected
        left = [name for name in _open_files() if name.startswith(str(tmp_path))]
        assert left == [], f"still open after closing the assistant on {data}: {left}"
